//! The demo's evaluation history: Kabupaten Trenggalek's closed periods under PermenPAN-RB
//! 59/2020 (final index 1.55 in 2023, then higher) and this year's 8/2026 evaluation, carried
//! forward through the crosswalk and half done: accepted, submitted, returned and overdue
//! indicators side by side. Everything goes through the same padu-app functions as the pages, acting as
//! the demo users, so the audit log and notifications read like a real year.

use anyhow::{Context, Result, anyhow};
use padu_app::evaluation::evidence::{UploadMeta, upload_evidence};
use padu_app::evaluation::{self as service, PeriodInput, WorkInput};
use padu_app::{App, Caller};
use padu_store::Who;
use padu_store::evaluation::{DateRange, Stages};

/// Final levels of the 2023 evaluation (59/2020): index exactly 1.55. Policies 11-20 at 2,
/// service indicators 42-45 at 3 and 46-47 at 2, everything else at 1.
fn levels_2023() -> Vec<u32> {
    (1..=47u32)
        .map(|n| match n {
            11..=20 => 2,
            42..=45 => 3,
            46 | 47 => 2,
            _ => 1,
        })
        .collect()
}

/// 2024: a year of work on policies and services.
fn levels_2024() -> Vec<u32> {
    levels_2023()
        .into_iter()
        .enumerate()
        .map(|(i, l)| match i + 1 {
            1..=10 => 2,
            32..=36 => l + 1,
            _ => l,
        })
        .collect()
}

/// 2025 (pemantauan): management practices follow.
fn levels_2025() -> Vec<u32> {
    levels_2024()
        .into_iter()
        .enumerate()
        .map(|(i, l)| match i + 1 {
            1..=4 | 21..=24 => l + 1,
            _ => l,
        })
        .collect()
}

async fn caller(app: &App, username: &str) -> Result<Caller> {
    padu_app::users::acting_as(app, username)
        .await
        .map_err(|e| anyhow!("demo user {username}: {}", e.message()))
}

fn range(start: &str, end: &str) -> DateRange {
    DateRange {
        start: Some(start.into()),
        end: Some(end.into()),
    }
}

fn stages(year: i32) -> Stages {
    Stages {
        mandiri: range(&format!("{year}-04-01"), &format!("{year}-06-30")),
        dokumen: range(&format!("{year}-07-01"), &format!("{year}-08-31")),
        interviu: range(&format!("{year}-09-01"), &format!("{year}-10-31")),
        visitasi: range(&format!("{year}-11-01"), &format!("{year}-11-30")),
    }
}

/// A small but real PDF, different for every indicator and level, as evidence.
fn pdf(title: &str) -> Vec<u8> {
    let text = title.replace(['(', ')', '\\'], " ");
    let stream = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj\n4 0 obj << /Length {} >> stream\n{stream}\nendstream endobj\n5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        stream.len()
    )
    .into_bytes()
}

async fn evidence(
    state: &App,
    who: &Caller,
    period: i64,
    number: u16,
    level: u32,
    title: &str,
    expiry: Option<&str>,
) -> Result<()> {
    let meta = UploadMeta {
        file_name: format!("{}.pdf", title.to_lowercase().replace(' ', "-")),
        level: level.to_string(),
        effective_date: Some("2026-01-15".into()),
        expiry_date: expiry.map(str::to_string),
        instansi_wide: false,
    };
    let bytes = pdf(&format!("{title} - indikator {number} level {level}"));
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from(bytes))]);
    upload_evidence(state, who, period, number, &meta, chunks)
        .await
        .map_err(|e| anyhow!("demo evidence {number}: {}", e.message()))?;
    Ok(())
}

fn narrative(number: u16, level: u32) -> WorkInput {
    WorkInput {
        self_level: Some(Some(level.to_string())),
        fakta: Some(format!(
            "Indikator {number}: dokumen kebijakan dan laporan pelaksanaan tersedia; bukti dukung diunggah per level."
        )),
        analisis: Some(format!(
            "Kriteria level 1 sampai {level} terpenuhi sesuai bukti dukung."
        )),
    }
}

/// A closed year under 59/2020: claims, acceptance and the final (official) levels.
async fn closed_year(
    state: &App,
    year: i32,
    kind: &str,
    finals: &[u32],
    carry: Option<i64>,
) -> Result<i64> {
    let admin = caller(state, "admin.trenggalek").await?;
    let asesor = caller(state, "asesor.inspektorat").await?;
    let eksternal = caller(state, "asesor.eksternal").await?;
    let instansi = admin.user.instansi_id.context("admin has an instansi")?;
    let input = PeriodInput {
        year,
        kind: kind.into(),
        instrument: "permenpanrb-59-2020".into(),
        carry_from: carry,
        target: Some(if year == 2023 { "2.0" } else { "2.6" }.into()),
        stages: stages(year),
    };
    let period = service::create_period(state, &admin, instansi, &input)
        .await
        .map_err(|e| anyhow!(e.message()))?;
    service::apply_default_assignment(state, &admin, period)
        .await
        .map_err(|e| anyhow!(e.message()))?;
    for (i, final_level) in finals.iter().enumerate() {
        let number = u16::try_from(i + 1)?;
        // the OPD claims a level higher than the assessors accept, as it usually goes
        let claimed = (final_level + u32::from(number % 3 == 0)).min(5);
        service::update_work(state, &admin, period, number, &narrative(number, claimed))
            .await
            .map_err(|e| anyhow!(e.message()))?;
        if claimed >= 2 {
            evidence(
                state,
                &admin,
                period,
                number,
                claimed,
                &format!("Bukti {year}"),
                None,
            )
            .await?;
        }
        service::submit(state, &admin, period, number)
            .await
            .map_err(|e| anyhow!("submit {number}: {}", e.message()))?;
        service::accept(
            state,
            &asesor,
            period,
            number,
            &final_level.to_string(),
            None,
        )
        .await
        .map_err(|e| anyhow!(e.message()))?;
        service::set_final(
            state,
            &eksternal,
            period,
            number,
            Some(&final_level.to_string()),
            None,
        )
        .await
        .map_err(|e| anyhow!(e.message()))?;
    }
    state
        .store
        .close_period(&Who::user(&admin.user), period)
        .await?;
    Ok(period)
}

/// This year's evaluation under 8/2026, half done.
async fn current_year(state: &App, carry: i64) -> Result<()> {
    let admin = caller(state, "admin.trenggalek").await?;
    let operator = caller(state, "operator.diskominfo").await?;
    let asesor = caller(state, "asesor.inspektorat").await?;
    let instansi = admin.user.instansi_id.context("admin has an instansi")?;
    let input = PeriodInput {
        year: 2026,
        kind: "evaluasi".into(),
        instrument: "permenpanrb-8-2026".into(),
        carry_from: Some(carry),
        target: Some("2.5".into()),
        stages: stages(2026),
    };
    let period = service::create_period(state, &admin, instansi, &input)
        .await
        .map_err(|e| anyhow!(e.message()))?;
    service::apply_default_assignment(state, &admin, period)
        .await
        .map_err(|e| anyhow!(e.message()))?;
    let fail = |e: padu_app::AppError| anyhow!(e.message());

    // accepted: 1, 2, 13, 14 (Diskominfo); 3 is BKPSDM's and accepted by the admin's hand
    for (number, claim, accepted) in [
        (1u16, "2.5", "2.26"),
        (2, "2", "2"),
        (13, "3", "2.5"),
        (14, "3", "3"),
        (3, "2", "1.8"),
    ] {
        let who = if number == 3 { &admin } else { &operator };
        let level = claim.parse::<f64>().map_or(2, |v| v.floor() as u32).max(1);
        let mut work = narrative(number, level);
        work.self_level = Some(Some(claim.into()));
        service::update_work(state, who, period, number, &work)
            .await
            .map_err(fail)?;
        if level >= 2 {
            evidence(
                state,
                who,
                period,
                number,
                level,
                "Bukti 2026",
                Some("2026-12-31"),
            )
            .await?;
        }
        service::submit(state, who, period, number)
            .await
            .map_err(fail)?;
        service::accept(
            state,
            &asesor,
            period,
            number,
            accepted,
            Some("Sesuai bukti dukung."),
        )
        .await
        .map_err(fail)?;
    }
    // submitted, waiting for review: 16, 17
    for number in [16u16, 17] {
        service::update_work(state, &operator, period, number, &narrative(number, 2))
            .await
            .map_err(fail)?;
        evidence(
            state,
            &operator,
            period,
            number,
            2,
            "Dokumen integrasi",
            Some("2027-03-31"),
        )
        .await?;
        service::submit(state, &operator, period, number)
            .await
            .map_err(fail)?;
    }
    // returned with a note: 10
    service::update_work(state, &operator, period, 10, &narrative(10, 3))
        .await
        .map_err(fail)?;
    evidence(
        state,
        &operator,
        period,
        10,
        3,
        "Hasil IKASANDI",
        Some("2026-12-15"),
    )
    .await?;
    service::submit(state, &operator, period, 10)
        .await
        .map_err(fail)?;
    service::return_indicator(
        state,
        &asesor,
        period,
        10,
        "Lampirkan hasil penilaian IKASANDI terbaru dari BSSN dan notulen tindak lanjutnya.",
    )
    .await
    .map_err(fail)?;
    // drafts past the self-assessment deadline (overdue): 11, 12, 19 stay in draft
    service::update_work(
        state,
        &operator,
        period,
        12,
        &WorkInput {
            self_level: Some(Some("2".into())),
            ..WorkInput::default()
        },
    )
    .await
    .map_err(fail)?;
    // external indices: Satu Data and statistics are in, geospatial and interoperability not yet
    service::set_external(
        state,
        &admin,
        period,
        5,
        "2.15",
        "Indeks Satu Data Indonesia 2026",
        Some("2026-09-30"),
    )
    .await
    .map_err(fail)?;
    service::set_external(
        state,
        &admin,
        period,
        7,
        "1.9",
        "EPSS BPS 2026",
        Some("2026-08-15"),
    )
    .await
    .map_err(fail)?;
    Ok(())
}

/// Seeds the evaluation history and this year's period.
pub async fn seed(state: &App) -> Result<()> {
    let p2023 = closed_year(state, 2023, "evaluasi", &levels_2023(), None)
        .await
        .context("periode 2023")?;
    let p2024 = closed_year(state, 2024, "evaluasi", &levels_2024(), Some(p2023))
        .await
        .context("periode 2024")?;
    let p2025 = closed_year(state, 2025, "pemantauan", &levels_2025(), Some(p2024))
        .await
        .context("periode 2025")?;
    current_year(state, p2025).await.context("periode 2026")
}

#[cfg(test)]
mod tests {
    use padu_core::{Assessment, Catalog, Value, score};

    #[test]
    fn the_2023_final_index_is_exactly_1_55_and_later_years_rise() {
        let catalog = Catalog::builtin().expect("catalog");
        let i = catalog.instrument("permenpanrb-59-2020").expect("59/2020");
        let index = |levels: Vec<u32>| {
            let a = Assessment::new(i, levels.into_iter().map(Value::from_level).collect())
                .expect("valid");
            score(i, &a).index
        };
        assert_eq!(i.display(index(super::levels_2023()), '.'), "1.55");
        assert!(index(super::levels_2024()) > index(super::levels_2023()));
        assert!(index(super::levels_2025()) > index(super::levels_2024()));
    }
}
