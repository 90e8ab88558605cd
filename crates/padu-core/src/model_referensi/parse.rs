//! Reading one reference-model file (TOML) and checking every rule, reporting all problems.
//!
//! ```toml
//! code = "RAB"
//! name = "Referensi Arsitektur Bisnis"
//! version = "2022"
//! source = "..."               # what was read
//! source_url = "https://..."   # optional
//! secondary = true             # not the official annex itself
//! provisional_codes = false    # optional: some codes are Padu's own numbering
//! note = "..."
//! nodes = [ { code = "RAB.01", name = "..." }, ... ]
//! ```
//!
//! A node may also say its `parent`; when it does, its code must be that parent's code, a dot
//! and one segment. Either way the parent must be in the file.

use std::collections::{BTreeSet, HashMap};

use serde::Deserialize;
use toml::Spanned;

use super::{MAX_LEVEL, MODEL_CODES, ModelSource, ReferenceModel, ReferenceNode, model_of_code};
use crate::problem::Problems;

/// Reference-model files are named `model-referensi-<model>-<version>.toml`.
pub const FILE_PREFIX: &str = "model-referensi-";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    code: String,
    name: String,
    version: String,
    source: String,
    source_url: Option<String>,
    secondary: bool,
    #[serde(default)]
    provisional_codes: bool,
    #[serde(default)]
    note: String,
    #[serde(default)]
    nodes: Vec<RawNode>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNode {
    code: Spanned<String>,
    name: String,
    parent: Option<String>,
}

/// Reads and validates one reference-model file. `file` names the file in every problem.
pub fn parse_reference_model(file: &str, text: &str) -> Result<ReferenceModel, Problems> {
    let raw: RawModel = toml::from_str(text).map_err(|e| {
        let mut problems = Problems::default();
        problems.push(file, crate::instrument::parse::toml_message(&e, text));
        problems
    })?;
    let mut problems = Problems::default();
    let line_of = |offset: usize| text.get(..offset).unwrap_or(text).matches('\n').count() + 1;

    let model = raw.code.as_str();
    if !MODEL_CODES.contains(&model) {
        problems.push(
            format!("{file}: code"),
            format!(
                "kode model \"{model}\" tidak dikenal; yang sah: {}",
                MODEL_CODES.join(", ")
            ),
        );
    }
    if let Some(named) = model_named_by_file(file)
        && MODEL_CODES.contains(&model)
        && !named.eq_ignore_ascii_case(model)
    {
        problems.push(
            file,
            format!(
                "nama berkas menyebut model {} tetapi isinya model {model}",
                named.to_uppercase()
            ),
        );
    }
    for (field, value) in [
        ("name", &raw.name),
        ("version", &raw.version),
        ("source", &raw.source),
    ] {
        if value.trim().is_empty() {
            problems.push(format!("{file}: {field}"), "tidak boleh kosong");
        }
    }
    if raw.nodes.is_empty() {
        problems.push(format!("{file}: nodes"), "model tidak memiliki simpul");
    }

    // First pass: each code on its own, and duplicates.
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    let mut nodes: Vec<ReferenceNode> = Vec::with_capacity(raw.nodes.len());
    let mut lines: Vec<usize> = Vec::with_capacity(raw.nodes.len());
    for node in &raw.nodes {
        let code = node.code.get_ref().as_str();
        let line = line_of(node.code.span().start);
        let at = format!("{file}: baris {line}: {code}");
        let segments = match check_code(model, code) {
            Ok(segments) => segments,
            Err(message) => {
                problems.push(at, message);
                continue;
            }
        };
        if let Some(first) = first_line.get(code) {
            problems.push(at, format!("kode ganda (pertama di baris {first})"));
            continue;
        }
        first_line.insert(code, line);
        if node.name.trim().is_empty() {
            problems.push(at.clone(), "nama simpul tidak boleh kosong");
        } else if let Some(bad) = node.name.chars().find(|c| c.is_control()) {
            problems.push(
                at.clone(),
                format!("nama memuat karakter kendali U+{:04X}", u32::from(bad)),
            );
        }
        let parent = (segments > 1).then(|| code[..code.rfind('.').unwrap_or(0)].to_string());
        if let Some(written) = &node.parent
            && Some(written) != parent.as_ref()
        {
            problems.push(
                at.clone(),
                format!(
                    "induk tertulis \"{written}\", padahal kode anak harus kode induknya \
                     ditambah \".\" dan satu segmen"
                ),
            );
        }
        nodes.push(ReferenceNode {
            code: code.to_string(),
            name: node.name.clone(),
            level: segments,
            parent,
        });
        lines.push(line);
    }

    // Second pass: every parent is in the file.
    let known: BTreeSet<&str> = nodes.iter().map(|n| n.code.as_str()).collect();
    for (node, line) in nodes.iter().zip(&lines) {
        if let Some(parent) = &node.parent
            && !known.contains(parent.as_str())
        {
            problems.push(
                format!("{file}: baris {line}: {}", node.code),
                format!("induk {parent} tidak ada di berkas"),
            );
        }
    }

    let source = ModelSource {
        name: raw.source,
        url: raw.source_url.filter(|u| !u.trim().is_empty()),
        secondary: raw.secondary,
        provisional_codes: raw.provisional_codes,
        note: raw.note,
    };
    problems.into_result(ReferenceModel::new(
        raw.code,
        raw.name,
        raw.version,
        source,
        file.to_string(),
        nodes,
    ))
}

/// The model a file's name says it holds: `model-referensi-rab-2022.toml` -> `rab`.
pub(crate) fn model_named_by_file(file: &str) -> Option<&str> {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let rest = name.strip_prefix(FILE_PREFIX)?;
    let model = rest.split(['-', '.']).next()?;
    (!model.is_empty()).then_some(model)
}

/// The number of segments after the model's code, or why the code is not one of `model`'s.
fn check_code(model: &str, code: &str) -> Result<u8, String> {
    let mut parts = code.split('.');
    let prefix = parts.next().unwrap_or_default();
    if prefix != model {
        return Err(match model_of_code(code) {
            Some(other) => {
                format!("kode memakai awalan model lain ({other}); berkas ini model {model}")
            }
            None => format!("kode harus diawali \"{model}.\""),
        });
    }
    let segments: Vec<&str> = parts.collect();
    if segments.is_empty() {
        return Err(format!(
            "kode simpul harus \"{model}\" ditambah segmen, mis. \"{model}.01\""
        ));
    }
    if let Some(bad) = segments
        .iter()
        .find(|s| s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!(
            "segmen \"{bad}\" tidak sah: setiap segmen berupa 1-3 angka (mis. 01)"
        ));
    }
    if segments.len() > usize::from(MAX_LEVEL) {
        return Err(format!(
            "kode lebih dalam dari level {MAX_LEVEL} ({} segmen)",
            segments.len()
        ));
    }
    Ok(segments.len() as u8)
}
