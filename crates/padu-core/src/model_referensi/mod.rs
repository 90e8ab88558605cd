//! Model Referensi: the six reference models of the national Arsitektur SPBE (Perpres
//! 132/2022) as versioned data, each a tree of nodes whose codes carry their place
//! (`RAB.01.02` is the second child of `RAB.01`).
//!
//! One file per model and version (`instruments/model-referensi-<model>-<version>.toml`),
//! read and checked by [`parse_reference_model`]; the [`crate::Catalog`] loads them with the
//! instruments. Codes are never generated: a node's level is the number of segments of its
//! code, its parent is its code without the last segment, and gaps in the numbering are
//! allowed. Names are kept exactly as written (typos too): they are the ministry's, not ours.

pub(crate) mod parse;

use std::collections::HashMap;

pub use parse::{FILE_PREFIX, parse_reference_model};

/// The six models, in the order the Arsitektur SPBE lists its domains.
pub const MODEL_CODES: [&str; 6] = ["RAB", "RAL", "RAD", "RAA", "RAI", "RAK"];

/// The deepest level a code may have (SIA SPBE records levels 4-7 below the national tree).
pub const MAX_LEVEL: u8 = 7;

/// A domain of the architecture (Domain Arsitektur), each mapped to one reference model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DomainArsitektur {
    ProsesBisnis,
    Layanan,
    Data,
    Aplikasi,
    Infrastruktur,
    Keamanan,
}

impl DomainArsitektur {
    pub const ALL: [DomainArsitektur; 6] = [
        DomainArsitektur::ProsesBisnis,
        DomainArsitektur::Layanan,
        DomainArsitektur::Data,
        DomainArsitektur::Aplikasi,
        DomainArsitektur::Infrastruktur,
        DomainArsitektur::Keamanan,
    ];

    /// The code of the API and the files: `proses_bisnis`, `layanan`, `data`, `aplikasi`,
    /// `infrastruktur`, `keamanan`.
    pub fn code(self) -> &'static str {
        match self {
            DomainArsitektur::ProsesBisnis => "proses_bisnis",
            DomainArsitektur::Layanan => "layanan",
            DomainArsitektur::Data => "data",
            DomainArsitektur::Aplikasi => "aplikasi",
            DomainArsitektur::Infrastruktur => "infrastruktur",
            DomainArsitektur::Keamanan => "keamanan",
        }
    }

    pub fn from_code(code: &str) -> Option<DomainArsitektur> {
        Self::ALL.into_iter().find(|d| d.code() == code)
    }

    /// The reference model whose codes an item of this domain carries.
    pub fn model_code(self) -> &'static str {
        match self {
            DomainArsitektur::ProsesBisnis => "RAB",
            DomainArsitektur::Layanan => "RAL",
            DomainArsitektur::Data => "RAD",
            DomainArsitektur::Aplikasi => "RAA",
            DomainArsitektur::Infrastruktur => "RAI",
            DomainArsitektur::Keamanan => "RAK",
        }
    }

    /// The domain a model serves (`RAB` -> proses bisnis).
    pub fn of_model(model: &str) -> Option<DomainArsitektur> {
        Self::ALL.into_iter().find(|d| d.model_code() == model)
    }
}

/// The model code a reference code belongs to: its first segment when that is one of the six
/// (`"RAL.02.01"` -> `"RAL"`).
pub fn model_of_code(code: &str) -> Option<&'static str> {
    let prefix = code.split('.').next().unwrap_or(code);
    MODEL_CODES.into_iter().find(|m| *m == prefix)
}

/// Where a model's tree comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelSource {
    /// What was read, in words ("Templat analis KemenPAN-RB sebagaimana direproduksi ...").
    pub name: String,
    /// Where it can be read again, when it is public.
    pub url: Option<String>,
    /// Not the official annex itself (a Pemda's copy, a reading of a manual): replaceable by a
    /// file in `--instruments-dir` once the annex is read.
    pub secondary: bool,
    /// Some codes are Padu's own provisional numbering (UNCONFIRMED), not the annex's.
    pub provisional_codes: bool,
    /// What the reader should know about the source, in Indonesian.
    pub note: String,
}

/// One node of a reference model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceNode {
    /// The full code, `RAB.01.02`.
    pub code: String,
    /// As written in the source.
    pub name: String,
    /// The number of segments after the model's code (`RAB.01` is level 1).
    pub level: u8,
    /// The parent's code; `None` at level 1.
    pub parent: Option<String>,
}

/// One reference model: its identity, its source and its tree.
#[derive(Debug, Clone)]
pub struct ReferenceModel {
    /// `RAB`, `RAL`, `RAD`, `RAA`, `RAI` or `RAK`.
    pub code: String,
    pub name: String,
    pub version: String,
    pub source: ModelSource,
    /// The file it was read from.
    pub file: String,
    /// Every node in the order of the file.
    nodes: Vec<ReferenceNode>,
    by_code: HashMap<String, usize>,
    /// Children of each node (and of the model itself under its own code), in file order.
    children: HashMap<String, Vec<usize>>,
}

impl ReferenceModel {
    pub(crate) fn new(
        code: String,
        name: String,
        version: String,
        source: ModelSource,
        file: String,
        nodes: Vec<ReferenceNode>,
    ) -> ReferenceModel {
        let by_code = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.code.clone(), i))
            .collect();
        let mut children: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            let parent = n.parent.clone().unwrap_or_else(|| code.clone());
            children.entry(parent).or_default().push(i);
        }
        ReferenceModel {
            code,
            name,
            version,
            source,
            file,
            nodes,
            by_code,
            children,
        }
    }

    /// The domain of the architecture this model serves.
    pub fn domain(&self) -> DomainArsitektur {
        DomainArsitektur::of_model(&self.code).unwrap_or(DomainArsitektur::ProsesBisnis)
    }

    /// Every node, in the order of the file.
    pub fn nodes(&self) -> &[ReferenceNode] {
        &self.nodes
    }

    pub fn node(&self, code: &str) -> Option<&ReferenceNode> {
        self.by_code.get(code).map(|&i| &self.nodes[i])
    }

    /// The level-1 nodes.
    pub fn top_level(&self) -> Vec<&ReferenceNode> {
        self.children_of(&self.code).unwrap_or_default()
    }

    /// The children of node `code` (the top level for the model's own code), or `None` when
    /// the model has no such node.
    pub fn children_of(&self, code: &str) -> Option<Vec<&ReferenceNode>> {
        if code != self.code && !self.by_code.contains_key(code) {
            return None;
        }
        Some(
            self.children
                .get(code)
                .map(|ids| ids.iter().map(|&i| &self.nodes[i]).collect())
                .unwrap_or_default(),
        )
    }

    /// Whether node `code` has children.
    pub fn has_children(&self, code: &str) -> bool {
        self.children.get(code).is_some_and(|c| !c.is_empty())
    }

    /// The nodes from level 1 down to `code` itself, or `None` when there is no such node.
    pub fn path(&self, code: &str) -> Option<Vec<&ReferenceNode>> {
        let mut path = vec![self.node(code)?];
        while let Some(parent) = path.last().and_then(|n| n.parent.as_deref()) {
            path.push(self.node(parent)?);
        }
        path.reverse();
        Some(path)
    }

    /// The nodes whose code starts with `query` or whose name contains it (ignoring case), in
    /// file order, at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&ReferenceNode> {
        let query = query.trim();
        if query.is_empty() {
            return Vec::new();
        }
        let code_query = query.to_uppercase();
        let name_query = query.to_lowercase();
        self.nodes
            .iter()
            .filter(|n| {
                n.code.starts_with(&code_query) || n.name.to_lowercase().contains(&name_query)
            })
            .take(limit)
            .collect()
    }
}
