//! `padu reference-models` and `padu reference-model show CODE`: the reference models of the
//! Arsitektur SPBE as the catalog holds them (the shipped files or their replacements).

use std::fmt::Write as _;

use anyhow::{Result, anyhow};
use padu_core::Catalog;
use padu_core::model_referensi::{ReferenceModel, ReferenceNode};

use crate::table::{Align, Table};

pub fn list(catalog: &Catalog) -> Result<()> {
    let mut table = Table::new(&[
        ("Kode", Align::Left),
        ("Nama", Align::Left),
        ("Versi", Align::Left),
        ("Sumber", Align::Left),
        ("Simpul", Align::Right),
    ]);
    for m in catalog.reference_models() {
        table.row(vec![
            m.code.clone(),
            m.name.clone(),
            m.version.clone(),
            source_kind(m).to_string(),
            m.nodes().len().to_string(),
        ]);
    }
    print!("{}", table.render());
    Ok(())
}

fn source_kind(m: &ReferenceModel) -> &'static str {
    match (m.source.secondary, m.source.provisional_codes) {
        (false, _) => "resmi",
        (true, false) => "sekunder",
        (true, true) => "sekunder, kode sementara",
    }
}

/// A model's top level, or one node with its path from the root and its children.
pub fn show(catalog: &Catalog, code: &str) -> Result<()> {
    let code = code.trim().to_uppercase();
    let model = catalog.reference_model_of(&code).ok_or_else(|| {
        let known: Vec<&str> = catalog
            .reference_models()
            .iter()
            .map(|m| m.code.as_str())
            .collect();
        anyhow!(
            "model referensi \"{code}\" tidak dikenal; yang tersedia: {}",
            known.join(", ")
        )
    })?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} (versi {})",
        model.code, model.name, model.version
    );
    let _ = writeln!(
        out,
        "Sumber: {} [{}]",
        model.source.name,
        source_kind(model)
    );
    if let Some(url) = &model.source.url {
        let _ = writeln!(out, "        {url}");
    }
    if !model.source.note.is_empty() {
        let _ = writeln!(out, "Catatan: {}", model.source.note);
    }
    let children = if code == model.code {
        let _ = writeln!(out, "\nLevel 1 ({} simpul):", model.top_level().len());
        model.top_level()
    } else {
        let path = model.path(&code).ok_or_else(|| {
            anyhow!(
                "kode {code} tidak ada pada model {} versi {}",
                model.code,
                model.version
            )
        })?;
        let _ = writeln!(out, "\nJalur:");
        for (depth, node) in path.iter().enumerate() {
            let _ = writeln!(out, "{}{}", "  ".repeat(depth + 1), line(node));
        }
        let children = model.children_of(&code).unwrap_or_default();
        if children.is_empty() {
            let _ = writeln!(out, "\nTidak ada simpul di bawahnya.");
        } else {
            let _ = writeln!(out, "\nDi bawahnya ({} simpul):", children.len());
        }
        children
    };
    for child in children {
        let more = if model.has_children(&child.code) {
            " +"
        } else {
            ""
        };
        let _ = writeln!(out, "  {}{more}", line(child));
    }
    print!("{out}");
    Ok(())
}

fn line(node: &ReferenceNode) -> String {
    format!("{}  {}  (level {})", node.code, node.name, node.level)
}
