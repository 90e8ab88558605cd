//! `padu instruments`, `padu instrument show`, `padu instrument crosswalk`.

use std::fmt::Write as _;

use anyhow::{Result, anyhow};
use padu_core::instrument::{Indicator, Instrument, ValueKind};
use padu_core::{Catalog, Rounding};

use crate::table::{Align, Table};

pub fn list(catalog: &Catalog) -> Result<()> {
    let mut table = Table::new(&[
        ("Id", Align::Left),
        ("Nama", Align::Left),
        ("Peraturan", Align::Left),
        ("Indikator", Align::Right),
        ("Tahun", Align::Left),
        ("Status", Align::Left),
    ]);
    for i in catalog.instruments() {
        table.row(vec![
            i.id.clone(),
            i.name.clone(),
            i.short_name.clone(),
            i.indicators.len().to_string(),
            years(i),
            if i.in_force() { "berlaku" } else { "riwayat" }.to_string(),
        ]);
    }
    print!("{}", table.render());
    Ok(())
}

fn years(i: &Instrument) -> String {
    match i.last_year {
        Some(last) => format!("{}-{last}", i.first_year),
        None => format!("{}-sekarang", i.first_year),
    }
}

pub fn show(catalog: &Catalog, id: &str, indicator: Option<u16>) -> Result<()> {
    let instrument = catalog.require(id).map_err(|m| anyhow!(m))?;
    match indicator {
        Some(number) => {
            let ind = instrument.indicator(number).ok_or_else(|| {
                anyhow!(
                    "indikator {number} tidak ada pada instrumen {} (nomor 1-{})",
                    instrument.id,
                    instrument.indicators.len()
                )
            })?;
            print!("{}", indicator_detail(catalog, instrument, ind));
        }
        None => print!("{}", structure(catalog, instrument)),
    }
    Ok(())
}

fn value_rule(i: &Instrument) -> String {
    let v = &i.values;
    match v.kind {
        ValueKind::Whole => format!("level bulat {}-{}", v.min_level(), v.max_level()),
        ValueKind::Decimal => format!(
            "nilai desimal {}-{} (paling banyak {} desimal)",
            v.min.format(2, ','),
            v.max.format(2, ','),
            v.decimals
        ),
    }
}

fn rounding(i: &Instrument) -> String {
    let rule = match i.display.rounding {
        Rounding::HalfEven => "setengah ke genap (half-even)",
        Rounding::HalfUp => "setengah ke atas (half-up)",
    };
    format!("{} desimal, pembulatan {rule}", i.display.decimals)
}

fn opd_name(catalog: &Catalog, code: &str) -> String {
    catalog
        .opd_kind(code)
        .map_or_else(|| code.to_string(), |k| k.name.clone())
}

fn structure(catalog: &Catalog, i: &Instrument) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", i.name, i.short_name);
    let _ = writeln!(out, "{}", i.regulation);
    let _ = writeln!(out, "Id          : {}", i.id);
    let _ = writeln!(out, "Tahun       : {}", years(i));
    let _ = writeln!(out, "Nilai       : {}", value_rule(i));
    let _ = writeln!(out, "Tampilan    : {}", rounding(i));
    let _ = writeln!(
        out,
        "Struktur    : {} aspek, {} indikator{}",
        i.aspects.len(),
        i.indicators.len(),
        if i.has_domains() {
            format!(", {} domain", i.domains.len())
        } else {
            ", tanpa domain".to_string()
        }
    );
    out.push('\n');

    let mut table = Table::new(&[
        ("No", Align::Right),
        ("Indikator", Align::Left),
        ("Bobot (%)", Align::Right),
        ("Skala", Align::Left),
        ("OPD utama", Align::Left),
    ]);
    let aspect_rows = |table: &mut Table, aspect_index: usize, indent: &str| {
        let aspect = &i.aspects[aspect_index];
        table.row(vec![
            String::new(),
            format!("{indent}{} {}", aspect.code, aspect.name),
            aspect.weight.format(0, ','),
            String::new(),
            String::new(),
        ]);
        for ind in i.indicators_of_aspect(aspect_index) {
            let mut name = format!("{indent}  {}", ind.name);
            if let Some(source) = &ind.external_index {
                let _ = write!(name, " [indeks eksternal: {source}]");
            }
            table.row(vec![
                ind.number.to_string(),
                name,
                ind.weight.format(0, ','),
                i.scales[ind.scale].code.clone(),
                ind.lead_opd
                    .as_deref()
                    .map(|c| opd_name(catalog, c))
                    .unwrap_or_default(),
            ]);
        }
    };
    if i.has_domains() {
        for (d, domain) in i.domains.iter().enumerate() {
            table.row(vec![
                String::new(),
                format!("{} {}", domain.code, domain.name),
                domain.weight.format(0, ','),
                String::new(),
                String::new(),
            ]);
            for (a, _) in i.aspects_of_domain(d) {
                aspect_rows(&mut table, a, "  ");
            }
        }
    } else {
        for a in 0..i.aspects.len() {
            aspect_rows(&mut table, a, "");
        }
    }
    out.push_str(&table.render());

    out.push_str("\nPredikat\n");
    let mut bands = Table::new(&[("Predikat", Align::Left), ("Rentang indeks", Align::Left)]);
    for (n, band) in i.predikat.iter().enumerate() {
        let upper = if n == 0 { "<=" } else { "<" };
        bands.row(vec![
            band.name.clone(),
            format!(
                "{} <= indeks {upper} {}",
                band.min.format(2, ','),
                band.max.format(2, ',')
            ),
        ]);
    }
    out.push_str(&bands.render());

    for scale in &i.scales {
        let _ = writeln!(out, "\nSkala {}: {}", scale.code, scale.name);
        let mut levels = Table::new(&[
            ("Level", Align::Right),
            ("Label", Align::Left),
            ("English", Align::Left),
        ]);
        for l in &scale.levels {
            levels.row(vec![
                l.level.to_string(),
                l.label.clone(),
                l.label_en.clone(),
            ]);
        }
        out.push_str(&levels.render());
    }
    if !i.links.is_empty() {
        out.push_str("\nTautan kebijakan -> penerapan\n");
        let mut links = Table::new(&[
            ("Kebijakan", Align::Right),
            ("Penerapan", Align::Left),
            ("Sumber", Align::Left),
        ]);
        for link in &i.links {
            let practice: Vec<String> = link.practice.iter().map(u16::to_string).collect();
            links.row(vec![
                link.policy.to_string(),
                practice.join(", "),
                if link.confirmed {
                    "dipublikasikan"
                } else {
                    "belum dikonfirmasi"
                }
                .to_string(),
            ]);
        }
        out.push_str(&links.render());
    }
    if let Some(note) = &i.note {
        let _ = write!(out, "\nCatatan: {}\n", note.trim());
    }
    out
}

fn indicator_detail(catalog: &Catalog, i: &Instrument, ind: &Indicator) -> String {
    let mut out = String::new();
    let aspect = &i.aspects[ind.aspect];
    let scale = &i.scales[ind.scale];
    let _ = writeln!(out, "Indikator {} - {}", ind.number, ind.name);
    let _ = writeln!(out, "Instrumen   : {} ({})", i.name, i.short_name);
    if let Some(d) = aspect.domain {
        let _ = writeln!(
            out,
            "Domain      : {} {}",
            i.domains[d].code, i.domains[d].name
        );
    }
    let _ = writeln!(out, "Aspek       : {} {}", aspect.code, aspect.name);
    let _ = writeln!(out, "Bobot       : {}%", ind.weight.format(0, ','));
    let _ = writeln!(out, "Skala       : {} ({})", scale.name, value_rule(i));
    if let Some(lead) = &ind.lead_opd {
        let _ = writeln!(out, "OPD utama   : {}", opd_name(catalog, lead));
    }
    if !ind.contributing_opds.is_empty() {
        let names: Vec<String> = ind
            .contributing_opds
            .iter()
            .map(|c| opd_name(catalog, c))
            .collect();
        let _ = writeln!(out, "OPD pendukung: {}", names.join(", "));
    }
    if let Some(source) = &ind.external_index {
        let _ = writeln!(
            out,
            "Nilai dari  : {source} (indeks eksternal, tanpa bukti dukung sendiri)"
        );
    }
    if let Some(proof) = &ind.proof {
        let _ = writeln!(out, "Bukti       : {proof}");
    }
    let related: Vec<String> = i
        .links
        .iter()
        .filter_map(|l| {
            if l.policy == ind.number {
                Some(format!("penerapan {:?}", l.practice))
            } else if l.practice.contains(&ind.number) {
                Some(format!("kebijakan {}", l.policy))
            } else {
                None
            }
        })
        .collect();
    if !related.is_empty() {
        let _ = writeln!(out, "Terkait     : {}", related.join("; "));
    }
    for level in &scale.levels {
        let _ = writeln!(
            out,
            "\nLevel {} - {} ({})",
            level.level, level.label, level.label_en
        );
        let specific = ind.specific_level(level.level);
        let criteria = specific.map_or(&level.criteria, |s| {
            if s.criteria.is_empty() {
                &level.criteria
            } else {
                &s.criteria
            }
        });
        let evidence = specific.map_or(&level.evidence, |s| {
            if s.evidence.is_empty() {
                &level.evidence
            } else {
                &s.evidence
            }
        });
        if !criteria.is_empty() {
            out.push_str("  Kriteria:\n");
            for c in criteria {
                let _ = writeln!(out, "  - {c}");
            }
        }
        if !evidence.is_empty() {
            out.push_str("  Bukti dukung:\n");
            for e in evidence {
                let _ = writeln!(out, "  - {e}");
            }
        }
    }
    out
}

pub fn crosswalk(catalog: &Catalog, from: &str, to: &str) -> Result<()> {
    let from_i = catalog.require(from).map_err(|m| anyhow!(m))?;
    let to_i = catalog.require(to).map_err(|m| anyhow!(m))?;
    let (crosswalk, links) = catalog
        .crosswalk(from, to)
        .ok_or_else(|| anyhow!("belum ada crosswalk antara {from} dan {to}"))?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Crosswalk {} ({}) -> {} ({})",
        from_i.short_name, from_i.id, to_i.short_name, to_i.id
    );
    if let Some(note) = &crosswalk.note {
        let _ = writeln!(out, "{}", note.trim());
    }
    out.push('\n');
    let mut table = Table::new(&[
        ("No", Align::Right),
        ("Indikator tujuan", Align::Left),
        ("Dari", Align::Right),
        ("Indikator asal", Align::Left),
        ("Keyakinan", Align::Left),
    ]);
    let mut last_to = None;
    for link in &links {
        let (to_cells, new_group) = if last_to == Some(link.to) {
            ((String::new(), String::new()), false)
        } else {
            let name = to_i
                .indicator(link.to)
                .map(|i| i.name.clone())
                .unwrap_or_default();
            ((link.to.to_string(), name), true)
        };
        let _ = new_group;
        last_to = Some(link.to);
        table.row(vec![
            to_cells.0,
            to_cells.1,
            link.from.to_string(),
            from_i
                .indicator(link.from)
                .map(|i| i.name.clone())
                .unwrap_or_default(),
            link.confidence.label().to_string(),
        ]);
    }
    out.push_str(&table.render());
    let unmapped: Vec<String> = to_i
        .indicators
        .iter()
        .filter(|i| !links.iter().any(|l| l.to == i.number))
        .map(|i| i.number.to_string())
        .collect();
    if !unmapped.is_empty() {
        let _ = writeln!(
            out,
            "\nIndikator tujuan tanpa asal: {}",
            unmapped.join(", ")
        );
    }
    out.push_str("\nCrosswalk membawa bukti dukung dan narasi, tidak mengonversi nilai.\n");
    print!("{out}");
    Ok(())
}
