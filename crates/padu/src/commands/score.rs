//! `padu score`: the index of one assessment given as CSV.

use std::fmt::Write as _;

use anyhow::{Context, Result, anyhow};
use padu_core::report::Level;
use padu_core::{Exact, Instrument, ScoreReport, Weight, parse_levels_csv, score};

use super::{problems_error, read_text};
use crate::cli::{Format, ScoreArgs};
use crate::table::{Align, Table};

pub fn run(catalog: &padu_core::Catalog, args: &ScoreArgs) -> Result<()> {
    let instrument = catalog.require(&args.instrument).map_err(|m| anyhow!(m))?;
    let text = read_text(&args.levels)?;
    let assessment = parse_levels_csv(instrument, &text).map_err(|p| {
        problems_error(
            &format!("Berkas {} tidak dapat dinilai", args.levels.display()),
            &p,
        )
    })?;
    let result = score(instrument, &assessment);
    let report = ScoreReport::new(instrument, &assessment, &result);
    match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&report).context("JSON tidak dapat dibuat")?;
            println!("{json}");
        }
        Format::Text => print!("{}", text_report(instrument, &report, &result)),
    }
    Ok(())
}

/// A readable report in Bahasa Indonesia (numbers with a decimal comma).
fn text_report(i: &Instrument, report: &ScoreReport, result: &padu_core::Score) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Hasil Penilaian {} ({})", i.name, i.short_name);
    let _ = writeln!(out, "Indeks      : {}", i.display(result.index, ','));
    let _ = writeln!(out, "Predikat    : {}", report.predikat);
    let _ = writeln!(out, "Nilai tepat : {}", result.index);
    let group_table = |title: &str, rows: Vec<(&str, &str, Weight, Exact)>, out: &mut String| {
        let _ = writeln!(out, "\n{title}");
        let mut table = Table::new(&[
            ("Kode", Align::Left),
            ("Nama", Align::Left),
            ("Bobot (%)", Align::Right),
            ("Indeks", Align::Right),
        ]);
        for (code, name, weight, index) in rows {
            table.row(vec![
                code.to_string(),
                name.to_string(),
                weight.format(2, ','),
                i.display(index, ','),
            ]);
        }
        out.push_str(&table.render());
    };
    if i.has_domains() {
        let rows = i.domains.iter().zip(&result.domains);
        let rows = rows.map(|(d, x)| (d.code.as_str(), d.name.as_str(), d.weight, *x));
        group_table("Domain", rows.collect(), &mut out);
    }
    let rows = i.aspects.iter().zip(&result.aspects);
    let rows = rows.map(|(a, x)| (a.code.as_str(), a.name.as_str(), a.weight, *x));
    group_table("Aspek", rows.collect(), &mut out);

    let _ = writeln!(out, "\nIndikator");
    let mut table = Table::new(&[
        ("No", Align::Right),
        ("Indikator", Align::Left),
        ("Aspek", Align::Left),
        ("Bobot (%)", Align::Right),
        ("Nilai", Align::Right),
    ]);
    for (ind, value) in i.indicators.iter().zip(assessment_values(report)) {
        table.row(vec![
            ind.number.to_string(),
            ind.name.clone(),
            i.aspects[ind.aspect].code.clone(),
            ind.weight.format(0, ','),
            value,
        ]);
    }
    out.push_str(&table.render());
    out
}

fn assessment_values(report: &ScoreReport) -> impl Iterator<Item = String> + '_ {
    report.indicators.iter().map(|v| match v.level {
        Level::Whole(level) => level.to_string(),
        Level::Decimal(v) => format!("{v:.2}").replace('.', ","),
    })
}
