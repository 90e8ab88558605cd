//! The vocabulary of OPD kinds (Diskominfo, Bappeda, BPKAD, ...), used by the instruments'
//! default ownership of indicators and by the OPDs an instansi registers.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::problem::Problems;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpdKind {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKinds {
    kinds: Vec<OpdKind>,
}

pub fn parse_opd_kinds(file: &str, text: &str) -> Result<Vec<OpdKind>, Problems> {
    let mut problems = Problems::default();
    let raw: RawKinds = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            problems.push(file, crate::instrument::parse::toml_message(&e, text));
            return Err(problems);
        }
    };
    let mut seen = BTreeSet::new();
    for kind in &raw.kinds {
        let valid = !kind.code.is_empty()
            && kind
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            problems.push(
                format!("{file}: jenis OPD \"{}\"", kind.code),
                "kode harus berupa huruf kecil, angka dan tanda hubung",
            );
        }
        if !seen.insert(kind.code.as_str()) {
            problems.push(format!("{file}: jenis OPD \"{}\"", kind.code), "kode ganda");
        }
    }
    problems.into_result(raw.kinds)
}
