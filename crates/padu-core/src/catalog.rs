//! The set of instruments, crosswalks and OPD kinds Padu works with.
//!
//! The files under `instruments/` in the repository are embedded in every build. A directory of
//! extra files may be given at start-up: a file named like an embedded one replaces it (for a
//! corrected weight or a newly readable Lampiran), any other file adds to the set. File kinds go
//! by name: `opd-kinds.toml`, `crosswalk-*.toml`, `model-referensi-<model>-<version>.toml` (a
//! reference model of the Arsitektur SPBE, see [`crate::model_referensi`]), and every other
//! `*.toml` is an instrument. An extra reference-model file replaces the embedded file of the
//! same model whatever its version (`model-referensi-rab-2025.toml` replaces
//! `model-referensi-rab-2022.toml`), so that the official annex, once read, takes the place of
//! the secondary source shipped. Everything is validated together, and every problem in every
//! file is reported at once.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::crosswalk::{Crosswalk, CrosswalkLink, parse_crosswalk};
use crate::instrument::{Instrument, parse_instrument};
use crate::model_referensi::{
    FILE_PREFIX as MODEL_PREFIX, MODEL_CODES, ReferenceModel, ReferenceNode,
    parse::model_named_by_file, parse_reference_model,
};
use crate::opd_kind::{OpdKind, parse_opd_kinds};
use crate::problem::Problems;

/// One data file: its name (shown in problems) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }

    fn file_name(&self) -> &str {
        self.name.rsplit(['/', '\\']).next().unwrap_or(&self.name)
    }
}

const OPD_KINDS_FILE: &str = "opd-kinds.toml";
const CROSSWALK_PREFIX: &str = "crosswalk-";

/// The data files embedded in the binary.
pub fn builtin_sources() -> Vec<Source> {
    macro_rules! embedded {
        ($($file:literal),* $(,)?) => {
            vec![$(Source::new(
                concat!("instruments/", $file),
                include_str!(concat!("../../../instruments/", $file)),
            )),*]
        };
    }
    embedded![
        "opd-kinds.toml",
        "permenpanrb-5-2018.toml",
        "permenpanrb-59-2020.toml",
        "permenpanrb-8-2026.toml",
        "crosswalk-59-2020-8-2026.toml",
        "model-referensi-rab-2022.toml",
        "model-referensi-ral-2022.toml",
        "model-referensi-rad-2022.toml",
        "model-referensi-raa-2022.toml",
        "model-referensi-rai-2022.toml",
        "model-referensi-rak-2022.toml",
    ]
}

#[derive(Debug, Clone)]
pub struct Catalog {
    instruments: Vec<Arc<Instrument>>,
    crosswalks: Vec<Crosswalk>,
    opd_kinds: Vec<OpdKind>,
    reference_models: Vec<Arc<ReferenceModel>>,
    notices: Vec<String>,
}

impl Catalog {
    /// The embedded instruments only.
    pub fn builtin() -> Result<Catalog, Problems> {
        Self::from_sources(builtin_sources())
    }

    /// The embedded instruments plus `extra` files (which replace embedded files of the same
    /// name).
    pub fn with_extra(extra: Vec<Source>) -> Result<Catalog, Problems> {
        let mut sources = builtin_sources();
        let builtin: BTreeSet<String> = sources.iter().map(|s| s.name.clone()).collect();
        let mut notices = Vec::new();
        for source in extra {
            // a reference model replaces the embedded file of the same model, any version
            if let Some(model) = model_named_by_file(&source.name) {
                let before = sources.len();
                let mut replaced = Vec::new();
                sources.retain(|s| {
                    let same = builtin.contains(&s.name)
                        && model_named_by_file(&s.name)
                            .is_some_and(|m| m.eq_ignore_ascii_case(model));
                    if same {
                        replaced.push(s.file_name().to_string());
                    }
                    !same
                });
                if sources.len() < before {
                    notices.push(format!(
                        "{} menggantikan berkas bawaan {}",
                        source.name,
                        replaced.join(", ")
                    ));
                    sources.push(source);
                    continue;
                }
            }
            if let Some(existing) = sources
                .iter_mut()
                .find(|s| s.file_name() == source.file_name())
            {
                notices.push(format!(
                    "{} menggantikan berkas bawaan {}",
                    source.name,
                    existing.file_name()
                ));
                *existing = source;
            } else {
                sources.push(source);
            }
        }
        let mut catalog = Self::from_sources(sources)?;
        catalog.notices = notices;
        Ok(catalog)
    }

    /// Exactly these files.
    pub fn from_sources(sources: Vec<Source>) -> Result<Catalog, Problems> {
        let mut problems = Problems::default();
        let (kind_files, rest): (Vec<Source>, Vec<Source>) = sources
            .into_iter()
            .partition(|s| s.file_name() == OPD_KINDS_FILE);
        let (model_files, rest): (Vec<Source>, Vec<Source>) = rest
            .into_iter()
            .partition(|s| s.file_name().starts_with(MODEL_PREFIX));
        let (crosswalk_files, instrument_files): (Vec<Source>, Vec<Source>) = rest
            .into_iter()
            .partition(|s| s.file_name().starts_with(CROSSWALK_PREFIX));

        let mut reference_models: Vec<Arc<ReferenceModel>> = Vec::new();
        for source in &model_files {
            match parse_reference_model(&source.name, &source.text) {
                Ok(model) => {
                    if let Some(other) = reference_models.iter().find(|m| m.code == model.code) {
                        problems.push(
                            &source.name,
                            format!(
                                "model referensi {} sudah dimuat dari berkas {}",
                                model.code, other.file
                            ),
                        );
                    } else {
                        reference_models.push(Arc::new(model));
                    }
                }
                Err(p) => problems.extend(p),
            }
        }
        reference_models.sort_by_key(|m| MODEL_CODES.iter().position(|c| *c == m.code));

        let mut opd_kinds = Vec::new();
        for source in &kind_files {
            match parse_opd_kinds(&source.name, &source.text) {
                Ok(kinds) => opd_kinds.extend(kinds),
                Err(p) => problems.extend(p),
            }
        }
        let kind_codes: BTreeSet<String> = opd_kinds.iter().map(|k| k.code.clone()).collect();

        let mut instruments: Vec<Arc<Instrument>> = Vec::new();
        for source in &instrument_files {
            match parse_instrument(&source.name, &source.text, &kind_codes) {
                Ok(instrument) => {
                    if instruments.iter().any(|i| i.id == instrument.id) {
                        problems.push(
                            &source.name,
                            format!(
                                "id instrumen \"{}\" sudah dipakai berkas lain",
                                instrument.id
                            ),
                        );
                    } else {
                        instruments.push(Arc::new(instrument));
                    }
                }
                Err(p) => problems.extend(p),
            }
        }
        instruments.sort_by(|a, b| b.first_year.cmp(&a.first_year).then(a.id.cmp(&b.id)));

        let refs: Vec<&Instrument> = instruments.iter().map(AsRef::as_ref).collect();
        let mut crosswalks: Vec<Crosswalk> = Vec::new();
        for source in &crosswalk_files {
            match parse_crosswalk(&source.name, &source.text, &refs) {
                Ok(crosswalk) => {
                    let duplicate = crosswalks.iter().any(|c| {
                        (c.from == crosswalk.from && c.to == crosswalk.to)
                            || (c.from == crosswalk.to && c.to == crosswalk.from)
                    });
                    if duplicate {
                        problems.push(
                            &source.name,
                            format!(
                                "crosswalk {} - {} sudah ditulis di berkas lain",
                                crosswalk.from, crosswalk.to
                            ),
                        );
                    } else {
                        crosswalks.push(crosswalk);
                    }
                }
                Err(p) => problems.extend(p),
            }
        }
        problems.into_result(Catalog {
            instruments,
            crosswalks,
            opd_kinds,
            reference_models,
            notices: Vec::new(),
        })
    }

    /// All instruments, the newest first.
    pub fn instruments(&self) -> &[Arc<Instrument>] {
        &self.instruments
    }

    pub fn instrument(&self, id: &str) -> Option<&Arc<Instrument>> {
        self.instruments.iter().find(|i| i.id == id)
    }

    /// The instrument `id`, or a message in Indonesian that lists the known ones.
    pub fn require(&self, id: &str) -> Result<&Arc<Instrument>, String> {
        self.instrument(id).ok_or_else(|| {
            let known: Vec<&str> = self.instruments.iter().map(|i| i.id.as_str()).collect();
            format!(
                "instrumen \"{id}\" tidak dikenal; yang tersedia: {}",
                known.join(", ")
            )
        })
    }

    /// The instrument in force (the newest one without a last year).
    pub fn in_force(&self) -> Option<&Arc<Instrument>> {
        self.instruments.iter().find(|i| i.in_force())
    }

    pub fn crosswalks(&self) -> &[Crosswalk] {
        &self.crosswalks
    }

    /// The crosswalk links from instrument `from` to `to`, in either stored direction.
    pub fn crosswalk(&self, from: &str, to: &str) -> Option<(&Crosswalk, Vec<CrosswalkLink>)> {
        self.crosswalks
            .iter()
            .find_map(|c| c.oriented(from, to).map(|links| (c, links)))
    }

    pub fn opd_kinds(&self) -> &[OpdKind] {
        &self.opd_kinds
    }

    pub fn opd_kind(&self, code: &str) -> Option<&OpdKind> {
        self.opd_kinds.iter().find(|k| k.code == code)
    }

    /// The reference models of the Arsitektur SPBE, in the order RAB, RAL, RAD, RAA, RAI, RAK.
    pub fn reference_models(&self) -> &[Arc<ReferenceModel>] {
        &self.reference_models
    }

    /// The reference model `code` (`"RAB"`).
    pub fn reference_model(&self, code: &str) -> Option<&Arc<ReferenceModel>> {
        self.reference_models.iter().find(|m| m.code == code)
    }

    /// The reference model a full code belongs to (`"RAB.01.02"` -> RAB).
    pub fn reference_model_of(&self, code: &str) -> Option<&Arc<ReferenceModel>> {
        self.reference_model(code.split('.').next().unwrap_or(code))
    }

    /// The node with the full code `code` (`"RAB.01.02"`), in whichever model it belongs to.
    pub fn reference_node(&self, code: &str) -> Option<&ReferenceNode> {
        self.reference_model_of(code)?.node(code)
    }

    /// The children of node `code`, or the top level of the model when `code` is a model's
    /// code (`"RAB"`); `None` when there is no such model or node.
    pub fn reference_children(&self, code: &str) -> Option<Vec<&ReferenceNode>> {
        self.reference_model_of(code)?.children_of(code)
    }

    /// What loading replaced (for the operator to see at start-up).
    pub fn notices(&self) -> &[String] {
        &self.notices
    }
}
