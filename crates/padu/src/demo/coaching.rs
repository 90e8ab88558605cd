//! The province's coaching (rekomendasi pembinaan) in the demo: a few recommendations from
//! `admin.jatim` to the kabupaten/kota that need them most, one already followed up, written
//! through the same padu-app use cases as the pages (so their admins and koordinators are
//! notified). Kabupaten Trenggalek gets none: its state stays as it was.

use anyhow::{Result, anyhow};
use padu_app::App;
use padu_app::pembinaan::recommendations::{self, RecommendationInput};

/// Instansi, year, indicator, text, and the follow-up (by whom, what) if any.
type Advice = (
    &'static str,
    i32,
    Option<u16>,
    &'static str,
    Option<(&'static str, &'static str)>,
);

const ADVICE: &[Advice] = &[
    (
        "Kabupaten Sampang",
        2026,
        None,
        "Indeks 2025 masih 2,04 (Cukup), terendah di provinsi. Bentuk tim asesor internal dan \
         tetapkan OPD pengampu setiap indikator sebelum penilaian mandiri dibuka 7 Desember.",
        None,
    ),
    (
        "Kabupaten Bangkalan",
        2026,
        Some(9),
        "Audit keamanan dan teknologi Pemerintah Digital belum pernah dilaksanakan. Jadwalkan \
         audit internal oleh Inspektorat bersama Diskominfo pada triwulan I dan simpan laporannya \
         sebagai bukti dukung.",
        None,
    ),
    (
        "Kabupaten Pacitan",
        2026,
        None,
        "Penilaian mandiri berakhir 30 Oktober 2026, tetapi sebagian indikator masih berstatus \
         draf. Ajukan indikator yang buktinya sudah lengkap dan laporkan kendala OPD kepada Tim \
         Koordinasi.",
        None,
    ),
    (
        "Kabupaten Pasuruan",
        2026,
        Some(20),
        "Tingkat pengelolaan kepuasan pengguna berbobot 15%: lakukan survei kepuasan layanan \
         digital dan tindak lanjuti hasilnya, agar indeks 2026 mendekati target.",
        Some((
            "admin.pasuruan",
            "Survei kepuasan pengguna layanan digital dijadwalkan Januari 2027 melalui portal \
             layanan; hasilnya dibahas dalam rapat Tim Koordinasi Februari.",
        )),
    ),
    (
        "Kabupaten Sumenep",
        2026,
        Some(1),
        "Tetapkan Peraturan Bupati tentang tata kelola Pemerintah Digital dan arsitekturnya; \
         kebijakan internal menjadi dasar bagi indikator lainnya.",
        None,
    ),
];

/// Writes the recommendations; returns how many.
pub async fn seed(app: &App) -> Result<usize> {
    let fail = |e: padu_app::AppError| anyhow!(e.message());
    let province = padu_app::users::acting_as(app, "admin.jatim")
        .await
        .map_err(fail)?;
    for (name, year, indicator, text, follow_up) in ADVICE {
        let inst = app
            .store
            .instansi_by_name(name)
            .await?
            .ok_or_else(|| anyhow!("{name} tidak ada"))?;
        let input = RecommendationInput {
            year: Some(*year),
            text: (*text).to_string(),
            indicator: *indicator,
        };
        let rec = recommendations::add(app, &province, inst.id, &input)
            .await
            .map_err(fail)?;
        if let Some((username, note)) = follow_up {
            let who = padu_app::users::acting_as(app, username)
                .await
                .map_err(fail)?;
            recommendations::follow_up(app, &who, rec.id, note)
                .await
                .map_err(fail)?;
        }
    }
    Ok(ADVICE.len())
}
