//! Kabupaten Trenggalek, the demo's fully populated kabupaten, under Provinsi Jawa Timur and
//! Nasional: its 35 OPDs and an account for every role, created as before the province's other
//! kabupaten/kota joined (its evaluations: `evaluation.rs`).

use anyhow::Result;
use padu_core::access::{InstansiKind, Role};
use padu_store::{NewInstansi, NewUser, Store, Who};

use super::{MAIN, PROVINCE};

/// The OPDs of Kabupaten Trenggalek as such a Pemda names them, with their kind code.
const TRENGGALEK_OPD: &[(&str, &str)] = &[
    ("Sekretariat Daerah", "setda"),
    ("Bagian Hukum Sekretariat Daerah", "bagian-hukum"),
    ("Bagian Organisasi Sekretariat Daerah", "bagian-organisasi"),
    (
        "Bagian Pengadaan Barang dan Jasa Sekretariat Daerah",
        "bagian-pengadaan",
    ),
    ("Bagian Umum Sekretariat Daerah", "bagian-umum"),
    ("Sekretariat DPRD", "sekretariat-dprd"),
    ("Inspektorat Daerah", "inspektorat"),
    ("Badan Perencanaan Pembangunan Daerah", "bappeda"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "bpkad"),
    ("Badan Pendapatan Daerah", "bapenda"),
    (
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "bkpsdm",
    ),
    ("Badan Penanggulangan Bencana Daerah", "bpbd"),
    ("Badan Kesatuan Bangsa dan Politik", "bakesbangpol"),
    ("Satuan Polisi Pamong Praja", "satpol-pp"),
    ("Dinas Pendidikan, Pemuda dan Olahraga", "dinas-pendidikan"),
    (
        "Dinas Kesehatan, Pengendalian Penduduk dan Keluarga Berencana",
        "dinas-kesehatan",
    ),
    ("RSUD dr. Soedomo", "rsud"),
    (
        "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak",
        "dinas-sosial",
    ),
    (
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "dpmptsp",
    ),
    ("Dinas Kependudukan dan Pencatatan Sipil", "disdukcapil"),
    ("Dinas Komunikasi dan Informatika", "diskominfo"),
    (
        "Dinas Perpustakaan dan Kearsipan",
        "dinas-perpustakaan-kearsipan",
    ),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "dinas-pupr"),
    (
        "Dinas Perumahan, Kawasan Permukiman dan Lingkungan Hidup",
        "dinas-perkim",
    ),
    ("Dinas Perhubungan", "dinas-perhubungan"),
    ("Dinas Pertanian dan Pangan", "dinas-pertanian"),
    (
        "Dinas Koperasi dan Usaha Mikro, Tenaga Kerja",
        "dinas-koperasi-um",
    ),
    ("Dinas Perindustrian dan Perdagangan", "dinas-perindag"),
    ("Dinas Pariwisata dan Kebudayaan", "dinas-pariwisata"),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "dinas-pmd"),
    ("Dinas Perikanan", "lainnya"),
    ("Kecamatan Trenggalek", "kecamatan"),
    ("Kecamatan Pogalan", "kecamatan"),
    ("Kecamatan Durenan", "kecamatan"),
    ("Kecamatan Watulimo", "kecamatan"),
];

/// A demo account: username, full name, role, instansi name, OPD name.
type Account = (
    &'static str,
    &'static str,
    Role,
    Option<&'static str>,
    Option<&'static str>,
);

/// One account per role in Kabupaten Trenggalek (two operators), the province's admin and the
/// superadmin.
const ACCOUNTS: &[Account] = &[
    (
        "superadmin",
        "Administrator Padu",
        Role::Superadmin,
        None,
        None,
    ),
    (
        "admin.jatim",
        "Admin SPBE Provinsi Jawa Timur",
        Role::AdminProvinsi,
        Some(PROVINCE),
        None,
    ),
    (
        "admin.trenggalek",
        "Tim SPBE Diskominfo Trenggalek",
        Role::AdminInstansi,
        Some(MAIN),
        None,
    ),
    (
        "sekda.trenggalek",
        "Sekretaris Daerah Kabupaten Trenggalek",
        Role::Koordinator,
        Some(MAIN),
        None,
    ),
    (
        "operator.diskominfo",
        "Operator Diskominfo",
        Role::OperatorOpd,
        Some(MAIN),
        Some("Dinas Komunikasi dan Informatika"),
    ),
    (
        "operator.bappeda",
        "Operator Bappeda",
        Role::OperatorOpd,
        Some(MAIN),
        Some("Badan Perencanaan Pembangunan Daerah"),
    ),
    // Satu Data: Diskominfo's walidata team and Dinas Kesehatan's produsen data, each an
    // operator of its OPD too (their Satu Data roles: `satu_data.rs`)
    (
        "walidata.trenggalek",
        "Tim Walidata Diskominfo Trenggalek",
        Role::OperatorOpd,
        Some(MAIN),
        Some("Dinas Komunikasi dan Informatika"),
    ),
    (
        "produsen.dinkes",
        "Produsen Data Dinas Kesehatan",
        Role::OperatorOpd,
        Some(MAIN),
        Some("Dinas Kesehatan, Pengendalian Penduduk dan Keluarga Berencana"),
    ),
    (
        "asesor.inspektorat",
        "Asesor Internal Inspektorat",
        Role::AsesorInternal,
        Some(MAIN),
        None,
    ),
    (
        "bupati.trenggalek",
        "Bupati Trenggalek",
        Role::Pimpinan,
        Some(MAIN),
        None,
    ),
    (
        "asesor.eksternal",
        "Asesor Eksternal",
        Role::AsesorEksternal,
        Some(MAIN),
        None,
    ),
];

/// The accounts printed at start-up: username, role, where.
pub fn accounts() -> impl Iterator<Item = (&'static str, Role, String)> {
    ACCOUNTS.iter().map(|(username, _, role, instansi, opd)| {
        let place = match (instansi, opd) {
            (Some(i), Some(o)) => format!("{o}, {i}"),
            (Some(i), None) => (*i).to_string(),
            _ => "seluruh instalasi".to_string(),
        };
        (*username, *role, place)
    })
}

/// The number of Trenggalek's OPDs.
pub fn opd_count() -> usize {
    TRENGGALEK_OPD.len()
}

/// The demo Pemda's accounts have addresses, so the account page and e-mail notifications can
/// be tried. Under the reserved `.example` domain: a demo run with a real SMTP server configured
/// must not mail a real Pemda.
fn demo_email(username: &str, instansi: Option<&str>) -> Option<String> {
    (instansi == Some(MAIN)).then(|| format!("{username}@trenggalekkab.example"))
}

/// Nasional, the province and Kabupaten Trenggalek with its OPDs and accounts (every password
/// hash `hash`); returns the province's id.
pub async fn create(store: &Store, hash: &str) -> Result<i64> {
    let who = Who::system("demo");
    let instansi = |kind, name: &str, parent, kode: &str| NewInstansi {
        kind,
        name: name.to_string(),
        parent_id: parent,
        kode_wilayah: Some(kode.to_string()),
        timezone: "WIB".into(),
    };
    let nasional = store
        .create_instansi(
            &who,
            instansi(InstansiKind::Nasional, "Nasional", None, "00"),
        )
        .await?;
    let jatim = store
        .create_instansi(
            &who,
            instansi(InstansiKind::Provinsi, PROVINCE, Some(nasional), "35"),
        )
        .await?;
    let main = store
        .create_instansi(
            &who,
            instansi(InstansiKind::Kabupaten, MAIN, Some(jatim), "35.03"),
        )
        .await?;
    let mut opd_ids = Vec::new();
    for (opd_name, opd_kind) in TRENGGALEK_OPD {
        let opd = store.create_opd(&who, main, opd_name, opd_kind).await?;
        opd_ids.push((*opd_name, opd.id));
    }
    for (username, full_name, role, inst, opd) in ACCOUNTS {
        let instansi_id = match *inst {
            Some(PROVINCE) => Some(jatim),
            Some(_) => Some(main),
            None => None,
        };
        let opd_id = opd.and_then(|o| opd_ids.iter().find(|(name, _)| *name == o).map(|x| x.1));
        store
            .create_user(
                &who,
                NewUser {
                    username: (*username).to_string(),
                    display_name: (*full_name).to_string(),
                    password_hash: hash.to_string(),
                    role: *role,
                    instansi_id,
                    opd_id,
                    email: demo_email(username, *inst),
                },
            )
            .await?;
    }
    Ok(jatim)
}
