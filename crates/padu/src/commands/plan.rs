//! `padu plan`: the least-effort raises that reach a target index, by period.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use padu_app::planner::PlanReport;
use padu_core::plan::{gap_analysis, parse_effort_csv, parse_target};
use padu_core::{
    Assessment, Catalog, EffortModel, Instrument, Plan, PlanOptions, Problems, parse_levels_csv,
    plan,
};

use super::{problems_error, read_text};
use crate::cli::{Format, PlanArgs};
use crate::table::{Align, Table};

pub fn run(catalog: &Catalog, args: &PlanArgs) -> Result<()> {
    let mut problems = Problems::default();
    let instrument = catalog
        .require(&args.instrument)
        .map_err(|m| problems.push("--instrument", m))
        .ok();
    let options = options(args, instrument.map(AsRef::as_ref), &mut problems);
    let inputs = instrument.map(|i| inputs(args, i, &mut problems));
    let (Some(instrument), Some((Some(current), Some(efforts)))) = (instrument, inputs) else {
        return Err(problems_error("Rencana tidak dapat dibuat", &problems));
    };
    if !problems.is_empty() {
        return Err(problems_error("Rencana tidak dapat dibuat", &problems));
    }
    let result = plan(instrument, &current, &efforts, &options)
        .map_err(|p| problems_error("Rencana tidak dapat dibuat", &p))?;
    match args.format {
        Format::Json => {
            let report = PlanReport::new(instrument, &result);
            let json = serde_json::to_string_pretty(&report).context("JSON tidak dapat dibuat")?;
            println!("{json}");
        }
        Format::Text => print!(
            "{}",
            text_report(catalog, instrument, &current, &efforts, &options, &result)
        ),
    }
    Ok(())
}

/// The levels and the efforts, each problem prefixed with its file.
fn inputs(
    args: &PlanArgs,
    instrument: &Instrument,
    problems: &mut Problems,
) -> (Option<Assessment>, Option<EffortModel>) {
    let read = |path: &Path, problems: &mut Problems| {
        read_text(path)
            .map_err(|e| problems.push(path.display().to_string(), format!("{e:#}")))
            .ok()
    };
    let prefixed = |path: &Path, found: Problems, problems: &mut Problems| {
        for p in &found {
            let at = if p.location.is_empty() {
                path.display().to_string()
            } else {
                format!("{}: {}", path.display(), p.location)
            };
            problems.push(at, p.message.clone());
        }
    };
    let current = read(&args.levels, problems).and_then(|text| {
        parse_levels_csv(instrument, &text)
            .map_err(|p| prefixed(&args.levels, p, problems))
            .ok()
    });
    let defaults = EffortModel::from_instrument(instrument);
    let efforts = match &args.effort {
        None => Some(defaults),
        Some(path) => read(path, problems).and_then(|text| {
            parse_effort_csv(instrument, &defaults, &text)
                .map_err(|p| prefixed(path, p, problems))
                .ok()
        }),
    };
    (current, efforts)
}

fn options(
    args: &PlanArgs,
    instrument: Option<&Instrument>,
    problems: &mut Problems,
) -> PlanOptions {
    let mut options = PlanOptions::default();
    let mut at_least_one = |flag: &str, text: &str| match text.trim().parse::<u32>() {
        Ok(n) if n >= 1 => n,
        _ => {
            problems.push(
                flag,
                format!("\"{text}\" harus bilangan bulat paling sedikit 1"),
            );
            1
        }
    };
    options.periods = at_least_one("--periods", &args.periods);
    options.per_period = at_least_one("--per-period", &args.per_period);
    if let Some(text) = &args.budget {
        match text.trim().parse::<u64>() {
            Ok(b) => options.budget = Some(b),
            Err(_) => problems.push(
                "--budget",
                format!("\"{text}\" harus bilangan bulat hari orang"),
            ),
        }
    }
    options.links = !args.no_links;
    for (flag, text, set) in [
        ("--exclude", &args.exclude, &mut options.excluded),
        ("--pin", &args.pin, &mut options.pinned),
        (
            "--include-external",
            &args.include_external,
            &mut options.include_external,
        ),
    ] {
        if let Some(text) = text {
            match numbers(text) {
                Ok(n) => *set = n,
                Err(m) => problems.push(flag, m),
            }
        }
    }
    match (&args.target, instrument) {
        (Some(text), Some(i)) => match parse_target(i, text) {
            Ok(t) => options.target = Some(t),
            Err(m) => problems.push("--target", m),
        },
        (None, _) if args.budget.is_none() => problems.push(
            "",
            "berikan --target (indeks atau predikat) atau --budget (hari orang), atau keduanya",
        ),
        _ => {}
    }
    options
}

/// Indicator numbers as `5,12` or ranges `45-47`.
fn numbers(text: &str) -> Result<BTreeSet<u16>, String> {
    let mut out = BTreeSet::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let number = |s: &str| {
            s.trim()
                .parse::<u16>()
                .map_err(|_| format!("\"{part}\" bukan nomor indikator (mis. 5,12 atau 45-47)"))
        };
        match part.split_once('-') {
            Some((a, b)) => out.extend(number(a)?..=number(b)?),
            None => {
                out.insert(number(part)?);
            }
        }
    }
    Ok(out)
}

/// `1234567` as `1.234.567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A readable plan in Bahasa Indonesia: the figures, then the steps of each period.
fn text_report(
    catalog: &Catalog,
    i: &Instrument,
    current: &Assessment,
    efforts: &EffortModel,
    options: &PlanOptions,
    result: &Plan,
) -> String {
    let mut out = String::new();
    let shown = |x| format!("{} ({})", i.display(x, ','), i.predikat_of(x));
    let _ = writeln!(
        out,
        "Rencana Pencapaian Target {} ({})",
        i.name, i.short_name
    );
    let _ = writeln!(out, "Indeks saat ini   : {}", shown(result.start_index));
    match options.target {
        Some(t) => {
            let gap = gap_analysis(i, current, efforts, t);
            let _ = writeln!(out, "Target            : {}", shown(t.exact()));
            let _ = writeln!(out, "Kekurangan        : {}", i.display(gap.gap, ','));
        }
        None => {
            let _ = writeln!(
                out,
                "Target            : indeks tertinggi dalam batas upaya"
            );
        }
    }
    if let Some(b) = options.budget {
        let _ = writeln!(out, "Batas upaya       : {} hari orang", thousands(b));
    }
    let _ = writeln!(out, "Indeks tercapai   : {}", shown(result.reached_index));
    let mut total = format!("{} hari orang", thousands(result.total_effort));
    if let Some(rp) = result.total_rupiah.filter(|r| *r > 0) {
        let _ = write!(total, " (perkiraan biaya Rp{})", thousands(rp));
    }
    let _ = writeln!(out, "Total upaya       : {total}");
    let _ = writeln!(
        out,
        "Batasan           : {} periode, paling banyak {} level per indikator per periode; \
         tautan kebijakan-penerapan {}",
        options.periods,
        options.per_period,
        if options.links {
            "dipakai"
        } else {
            "diabaikan"
        }
    );
    let _ = writeln!(
        out,
        "Optimal           : {}",
        if !result.proven_optimal {
            "belum terbukti (pencarian dihentikan pada batasnya)"
        } else if result.feasible && options.target.is_some() {
            "ya, terbukti upaya paling kecil"
        } else {
            "ya, terbukti indeks tertinggi, dengan upaya paling kecil"
        }
    );
    if !result.feasible
        && let Some(max) = result.max_reachable_index
    {
        let _ = writeln!(
            out,
            "\nTarget tidak dapat dicapai dengan batasan ini. Indeks tertinggi yang dapat dicapai: \
             {}; langkah di bawah mencapainya dengan upaya paling kecil.",
            shown(max)
        );
    }
    if result.steps.is_empty() {
        let _ = writeln!(out, "\nTidak ada langkah yang diperlukan.");
    }
    for period in 1..=options.periods {
        let steps: Vec<_> = result.steps.iter().filter(|s| s.period == period).collect();
        if steps.is_empty() {
            continue;
        }
        let effort = result.period_effort[period as usize - 1];
        let _ = writeln!(
            out,
            "\nPeriode {period} (upaya {} hari orang)",
            thousands(effort)
        );
        let mut table = Table::new(&[
            ("No", Align::Right),
            ("Indikator", Align::Left),
            ("Dari", Align::Right),
            ("Ke", Align::Right),
            ("Upaya (hari)", Align::Right),
            ("OPD utama", Align::Left),
        ]);
        for s in steps {
            let ind = i.indicator(s.indicator);
            let opd = ind
                .and_then(|x| x.lead_opd.as_deref())
                .map_or("-".to_string(), |code| {
                    catalog
                        .opd_kind(code)
                        .map_or(code.to_string(), |k| k.name.clone())
                });
            table.row(vec![
                s.indicator.to_string(),
                ind.map_or(String::new(), |x| x.name.clone()),
                i.values.format(s.from, ','),
                s.to.to_string(),
                thousands(u64::from(s.effort.days)),
                opd,
            ]);
        }
        out.push_str(&table.render());
    }
    if !result.left_out.is_empty() {
        let list: Vec<String> = result.left_out.iter().map(u16::to_string).collect();
        let _ = writeln!(
            out,
            "\nTidak direncanakan (dikecualikan, dikunci, atau berindeks eksternal): indikator {}",
            list.join(", ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{numbers, thousands};

    #[test]
    fn numbers_and_ranges() {
        let got: Vec<u16> = numbers("5, 12,45-47")
            .unwrap_or_default()
            .into_iter()
            .collect();
        assert_eq!(got, vec![5, 12, 45, 46, 47]);
        assert!(numbers("5,x").is_err());
    }

    #[test]
    fn thousands_use_dots() {
        assert_eq!(thousands(1_234_567), "1.234.567");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(0), "0");
    }
}
