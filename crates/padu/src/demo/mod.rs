//! `padu serve --demo`: a realistic demonstration on an empty database. Provinsi Jawa Timur
//! with three kabupaten/kota; Kabupaten Trenggalek fully populated with its OPDs and a user for
//! every role. Running it again changes nothing: it only prints the accounts.

use crate::say;
mod evaluation;

use anyhow::{Context, Result};
use padu_core::access::{InstansiKind, Role};
use padu_store::{NewInstansi, NewUser, Store, Who};

/// The password of every demo account (printed at start-up; a demo is not a production system).
pub const PASSWORD: &str = "Padu#Demo2026";

const PROVINCE: &str = "Provinsi Jawa Timur";
const MAIN: &str = "Kabupaten Trenggalek";

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

const MOJOKERTO_OPD: &[(&str, &str)] = &[
    ("Sekretariat Daerah", "setda"),
    ("Inspektorat Daerah", "inspektorat"),
    ("Badan Perencanaan Pembangunan Daerah", "bappeda"),
    ("Badan Keuangan Daerah", "bpkad"),
    ("Dinas Komunikasi dan Informatika", "diskominfo"),
    ("Dinas Kesehatan", "dinas-kesehatan"),
    ("Dinas Pendidikan dan Kebudayaan", "dinas-pendidikan"),
    (
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "dpmptsp",
    ),
];

const PASURUAN_OPD: &[(&str, &str)] = &[
    ("Sekretariat Daerah", "setda"),
    ("Dinas Komunikasi dan Informatika", "diskominfo"),
    ("Badan Perencanaan Pembangunan Daerah", "bappeda"),
];

/// A demo account: username, full name, role, instansi name, OPD name.
type Account = (
    &'static str,
    &'static str,
    Role,
    Option<&'static str>,
    Option<&'static str>,
);

/// One account per role, plus a second operator and a second kabupaten/kota admin.
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
    (
        "admin.mojokerto",
        "Tim SPBE Kota Mojokerto",
        Role::AdminInstansi,
        Some("Kota Mojokerto"),
        None,
    ),
];

/// Seeds the demo on an empty database, then prints the accounts.
pub async fn seed(state: &padu_app::App) -> Result<()> {
    let store = &state.store;
    let existing = store.all_instansi().await?;
    if existing.iter().any(|i| i.name == MAIN) {
        say!("Data demo sudah ada; tidak ada yang ditambahkan.");
    } else if !existing.is_empty() {
        say!("Basis data tidak kosong: data demo tidak ditambahkan.");
        return Ok(());
    } else {
        create(store)
            .await
            .context("Data demo tidak dapat dibuat")?;
        evaluation::seed(state)
            .await
            .context("Data evaluasi demo tidak dapat dibuat")?;
        say!(
            "Data demo dibuat: {PROVINCE}, 3 kabupaten/kota, {} OPD di {MAIN}, periode 2023-2025 \
             (PermenPAN-RB 59/2020) dan evaluasi 2026 (PermenPAN-RB 8/2026) yang sedang berjalan.",
            TRENGGALEK_OPD.len()
        );
    }
    print_accounts();
    Ok(())
}

fn print_accounts() {
    say!("Akun demo (kata sandi semuanya: {PASSWORD}):");
    for (username, _, role, instansi, opd) in ACCOUNTS {
        let place = match (instansi, opd) {
            (Some(i), Some(o)) => format!("{o}, {i}"),
            (Some(i), None) => (*i).to_string(),
            _ => "seluruh instalasi".to_string(),
        };
        say!("  {username:<22} {:<17} {place}", role.label());
    }
}

/// The demo Pemda's accounts have addresses, so the account page and e-mail notifications can
/// be tried. Under the reserved `.example` domain: a demo run with a real SMTP server configured
/// must not mail a real Pemda.
fn demo_email(username: &str, instansi: Option<&str>) -> Option<String> {
    (instansi == Some(MAIN)).then(|| format!("{username}@trenggalekkab.example"))
}

async fn create(store: &Store) -> Result<()> {
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
    let places = [
        (InstansiKind::Kabupaten, MAIN, "35.03", TRENGGALEK_OPD),
        (InstansiKind::Kota, "Kota Mojokerto", "35.76", MOJOKERTO_OPD),
        (
            InstansiKind::Kabupaten,
            "Kabupaten Pasuruan",
            "35.14",
            PASURUAN_OPD,
        ),
    ];
    let mut opd_ids = Vec::new();
    let mut instansi_ids = vec![(PROVINCE, jatim)];
    for (kind, name, kode, opds) in places {
        let id = store
            .create_instansi(&who, instansi(kind, name, Some(jatim), kode))
            .await?;
        instansi_ids.push((name, id));
        for (opd_name, opd_kind) in opds {
            let opd = store.create_opd(&who, id, opd_name, opd_kind).await?;
            opd_ids.push((name, *opd_name, opd.id));
        }
    }
    for (username, full_name, role, inst, opd) in ACCOUNTS {
        let instansi_id = inst.and_then(|n| {
            instansi_ids
                .iter()
                .find(|(name, _)| *name == n)
                .map(|x| x.1)
        });
        let opd_id = opd.and_then(|o| {
            opd_ids
                .iter()
                .find(|(i, name, _)| Some(*i) == *inst && *name == o)
                .map(|x| x.2)
        });
        let password_hash = padu_app::users::password::hash(PASSWORD.to_string())
            .await
            .map_err(|e| anyhow::anyhow!(e.message()))?;
        store
            .create_user(
                &who,
                NewUser {
                    username: (*username).to_string(),
                    display_name: (*full_name).to_string(),
                    password_hash,
                    role: *role,
                    instansi_id,
                    opd_id,
                    email: demo_email(username, *inst),
                },
            )
            .await?;
    }
    Ok(())
}
