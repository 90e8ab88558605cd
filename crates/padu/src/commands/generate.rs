//! `padu generate scale`: a national-scale database for load and ranking measurements (issue
//! 7): synthetic instansi, OPDs, six evaluated years (2021-2025 under 59/2020, 2026 under
//! 8/2026) with every indicator valued, evidence metadata and links. Never for a real Pemda's
//! database: it says so and refuses one that already holds periods unless `--force`.

use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use padu_core::Catalog;
use padu_core::instrument::ValueKind;
use padu_store::{ScaleSpec, ScaleYear};

use super::server::{open_store, runtime};
use crate::config::{Config, redact};
use crate::say;

pub struct ScaleArgs {
    pub instansi: u32,
    pub provinces: u32,
    pub opd: u32,
    pub evidence: u32,
    pub force: bool,
}

fn year(catalog: &Catalog, year: i32, id: &str) -> Result<ScaleYear> {
    let instrument = catalog
        .instrument(id)
        .ok_or_else(|| anyhow!("instrumen {id} tidak dimuat"))?;
    Ok(ScaleYear {
        year,
        instrument: id.to_string(),
        indicators: u16::try_from(instrument.indicators.len()).unwrap_or(u16::MAX),
        min: instrument.values.min.0,
        max: instrument.values.max.0,
        whole: instrument.values.kind == ValueKind::Whole,
    })
}

pub fn scale(config: &Config, catalog: &Catalog, args: ScaleArgs) -> Result<()> {
    if args.instansi == 0 || args.provinces == 0 || args.opd == 0 {
        bail!("--instansi, --provinces dan --opd harus lebih dari 0");
    }
    let mut years = (2021..=2025)
        .map(|y| year(catalog, y, "permenpanrb-59-2020"))
        .collect::<Result<Vec<_>>>()?;
    years.push(year(catalog, 2026, "permenpanrb-8-2026")?);
    let spec = ScaleSpec {
        instansi: args.instansi,
        provinces: args.provinces,
        opd_per_instansi: args.opd,
        years,
        evidence_per_indicator: args.evidence,
    };
    runtime()?.block_on(async {
        let store = open_store(config).await?;
        let result = async {
            if !args.force && !store.evaluation_years(None).await?.is_empty() {
                bail!(
                    "Basis data {} sudah berisi periode evaluasi; data skala hanya untuk basis \
                     data uji yang kosong (--force untuk tetap menambahkan)",
                    redact(&config.database_url())
                );
            }
            let started = Instant::now();
            let report = store
                .generate_scale(&spec)
                .await
                .context("Data skala tidak dapat ditulis")?;
            say!(
                "Data skala ditulis dalam {:.1} s: {} instansi, {} OPD, {} periode, {} indikator \
                 periode, {} bukti dukung, {} tautan bukti.",
                started.elapsed().as_secs_f64(),
                report.instansi,
                report.opd,
                report.periods,
                report.period_indicators,
                report.evidence,
                report.links
            );
            Ok(())
        }
        .await;
        store.close().await;
        result
    })
}
