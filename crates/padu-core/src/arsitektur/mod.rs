//! Arsitektur SPBE of one Pemda: its items in the six domains (proses bisnis, layanan, data dan
//! informasi, aplikasi, infrastruktur, keamanan), each coded with a node of the matching
//! national reference model, linked to each other, as-is and to-be, with a verification
//! workflow; and what is computed from them: the gaps (`gaps`), the counts per domain and the
//! applications of different OPDs that share a reference code. Pure: the store keeps the items,
//! the application layer asks these rules.
//!
//! Whether a reference code exists in the reference tree is not decided here (the reference
//! models are their own module): this module checks the code's form and that its model is the
//! item's domain's (a process coded `RAL.…` is refused).

pub mod consolidation;
mod fields;
mod gaps;

pub use fields::{AppKind, FieldKind, FieldSpec, STANDAR, field_spec, fields, validate_fields};
pub use gaps::{
    Counts, GapItem, GapRow, Overlap, Summary, audit_due, gaps, missing_codes, overlaps, summary,
};

use serde::{Deserialize, Serialize};

/// The six domains of an Arsitektur SPBE, in the order the ministry lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    ProsesBisnis,
    Layanan,
    Data,
    Aplikasi,
    Infrastruktur,
    Keamanan,
}

impl Domain {
    pub const ALL: [Domain; 6] = [
        Domain::ProsesBisnis,
        Domain::Layanan,
        Domain::Data,
        Domain::Aplikasi,
        Domain::Infrastruktur,
        Domain::Keamanan,
    ];

    /// The API's code.
    pub fn code(self) -> &'static str {
        match self {
            Domain::ProsesBisnis => "proses_bisnis",
            Domain::Layanan => "layanan",
            Domain::Data => "data",
            Domain::Aplikasi => "aplikasi",
            Domain::Infrastruktur => "infrastruktur",
            Domain::Keamanan => "keamanan",
        }
    }

    pub fn from_code(code: &str) -> Option<Domain> {
        Domain::ALL.into_iter().find(|d| d.code() == code)
    }

    /// The national reference model its items are coded with.
    pub fn model(self) -> &'static str {
        match self {
            Domain::ProsesBisnis => "RAB",
            Domain::Layanan => "RAL",
            Domain::Data => "RAD",
            Domain::Aplikasi => "RAA",
            Domain::Infrastruktur => "RAI",
            Domain::Keamanan => "RAK",
        }
    }

    /// The domain whose model is `model` (`RAB` → proses bisnis).
    pub fn of_model(model: &str) -> Option<Domain> {
        Domain::ALL.into_iter().find(|d| d.model() == model)
    }

    /// Its name in Bahasa Indonesia, as the ministry writes it.
    pub fn label(self) -> &'static str {
        match self {
            Domain::ProsesBisnis => "Proses Bisnis",
            Domain::Layanan => "Layanan",
            Domain::Data => "Data dan Informasi",
            Domain::Aplikasi => "Aplikasi",
            Domain::Infrastruktur => "Infrastruktur",
            Domain::Keamanan => "Keamanan",
        }
    }

    pub fn index(self) -> usize {
        match self {
            Domain::ProsesBisnis => 0,
            Domain::Layanan => 1,
            Domain::Data => 2,
            Domain::Aplikasi => 3,
            Domain::Infrastruktur => 4,
            Domain::Keamanan => 5,
        }
    }
}

/// Whether an item describes the architecture as it is or as it is planned to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    AsIs,
    ToBe,
}

impl State {
    pub const ALL: [State; 2] = [State::AsIs, State::ToBe];

    pub fn code(self) -> &'static str {
        match self {
            State::AsIs => "as_is",
            State::ToBe => "to_be",
        }
    }

    pub fn from_code(code: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Where an item stands in its verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being entered: domain fields may be missing.
    Draft,
    /// Handed in by its OPD for verification.
    Submitted,
    /// Checked by the admin instansi or the koordinator.
    Verified,
    /// Sent back with a note; editing it makes it a draft again.
    Returned,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Draft,
        Status::Submitted,
        Status::Verified,
        Status::Returned,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Verified => "verified",
            Status::Returned => "returned",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether an item in this status may be submitted.
    pub fn may_submit(self) -> bool {
        matches!(self, Status::Draft | Status::Returned)
    }

    /// Whether an item in this status may be verified or returned.
    pub fn may_review(self) -> bool {
        self == Status::Submitted
    }

    /// The status after an edit: a returned (or verified) item edited is a draft again, a
    /// submitted one stays submitted only if it is not edited (edits are refused then).
    pub fn after_edit(self) -> Status {
        Status::Draft
    }

    /// Whether the item's fields may be edited in this status (a submitted item waits for its
    /// verification).
    pub fn may_edit(self) -> bool {
        self != Status::Submitted
    }
}

/// Why a reference code is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceError {
    /// Not `PREFIX.NN(.NN)*`.
    Form,
    /// A code of another model (`RAL.…` on a proses bisnis); names the model it belongs to.
    OtherModel(Domain),
    /// A three-letter prefix that is no reference model.
    UnknownModel,
}

impl ReferenceError {
    /// The message for users, in Bahasa Indonesia.
    pub fn message(&self, domain: Domain) -> String {
        match self {
            ReferenceError::Form => format!(
                "Kode referensi harus berbentuk {}.NN, misalnya {}.01.02 (dua angka per tingkat, dipisahkan titik)",
                domain.model(),
                domain.model()
            ),
            ReferenceError::OtherModel(other) => format!(
                "Kode {} adalah kode model referensi {} ({}); item {} memakai kode {}",
                other.model(),
                other.label(),
                other.model(),
                domain.label(),
                domain.model()
            ),
            ReferenceError::UnknownModel => format!(
                "Awalan kode referensi tidak dikenal; item {} memakai kode {}",
                domain.label(),
                domain.model()
            ),
        }
    }
}

/// Checks that `code` is a reference code of `domain`'s model: its prefix, then one or more
/// dot-separated two-digit segments (`RAB.01.02.03`). Whether the node exists in the tree is
/// the reference models' question.
pub fn check_reference(domain: Domain, code: &str) -> Result<(), ReferenceError> {
    let mut parts = code.split('.');
    let prefix = parts.next().unwrap_or_default();
    let segments: Vec<&str> = parts.collect();
    let well_formed = !segments.is_empty()
        && segments
            .iter()
            .all(|s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()));
    if prefix.len() == 3 && prefix.bytes().all(|b| b.is_ascii_uppercase()) {
        match Domain::of_model(prefix) {
            Some(d) if d != domain => return Err(ReferenceError::OtherModel(d)),
            Some(_) => {}
            None => return Err(ReferenceError::UnknownModel),
        }
    } else {
        return Err(ReferenceError::Form);
    }
    if well_formed {
        Ok(())
    } else {
        Err(ReferenceError::Form)
    }
}

/// The level of a reference code: its number of segments (`RAB.01.02` is level 2).
pub fn reference_level(code: &str) -> usize {
    code.split('.').count().saturating_sub(1)
}

/// The pairs of domains an item may be linked across (either way round): a process to its
/// services and data, a service to its data and applications, an application to its data,
/// infrastructure and security controls, data and infrastructure to their security controls.
pub const LINKS: [(Domain, Domain); 9] = [
    (Domain::ProsesBisnis, Domain::Layanan),
    (Domain::ProsesBisnis, Domain::Data),
    (Domain::Layanan, Domain::Data),
    (Domain::Layanan, Domain::Aplikasi),
    (Domain::Data, Domain::Aplikasi),
    (Domain::Aplikasi, Domain::Infrastruktur),
    (Domain::Aplikasi, Domain::Keamanan),
    (Domain::Data, Domain::Keamanan),
    (Domain::Infrastruktur, Domain::Keamanan),
];

/// Whether items of domains `a` and `b` may be linked.
pub fn may_link(a: Domain, b: Domain) -> bool {
    LINKS
        .iter()
        .any(|(x, y)| (*x == a && *y == b) || (*x == b && *y == a))
}

/// The domains an item of `domain` may be linked to.
pub fn linkable(domain: Domain) -> Vec<Domain> {
    Domain::ALL
        .into_iter()
        .filter(|d| may_link(domain, *d))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for d in Domain::ALL {
            assert_eq!(Domain::from_code(d.code()), Some(d));
            assert_eq!(Domain::of_model(d.model()), Some(d));
            assert_eq!(Domain::ALL[d.index()], d);
        }
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
        for s in State::ALL {
            assert_eq!(State::from_code(s.code()), Some(s));
        }
        assert_eq!(Domain::from_code("proses"), None);
    }

    #[test]
    fn references_are_checked_by_form_and_model() {
        assert_eq!(
            check_reference(Domain::ProsesBisnis, "RAB.01.02.03"),
            Ok(())
        );
        assert_eq!(check_reference(Domain::Data, "RAD.02.10.05"), Ok(()));
        assert_eq!(check_reference(Domain::Aplikasi, "RAA.01"), Ok(()));
        assert_eq!(
            check_reference(Domain::ProsesBisnis, "RAL.01.02"),
            Err(ReferenceError::OtherModel(Domain::Layanan))
        );
        assert_eq!(
            check_reference(Domain::Layanan, "RAX.01"),
            Err(ReferenceError::UnknownModel)
        );
        for bad in [
            "RAB", "RAB.", "RAB.1", "RAB.01.", "RAB.001", "rab.01", "RAB.0a", "",
        ] {
            assert_eq!(
                check_reference(Domain::ProsesBisnis, bad),
                Err(ReferenceError::Form),
                "{bad}"
            );
        }
        assert!(
            ReferenceError::OtherModel(Domain::Layanan)
                .message(Domain::ProsesBisnis)
                .contains("RAB")
        );
        assert_eq!(reference_level("RAB.01.02"), 2);
    }

    #[test]
    fn links_pair_only_the_listed_domains() {
        use Domain::*;
        assert!(may_link(ProsesBisnis, Layanan));
        assert!(may_link(Layanan, ProsesBisnis));
        assert!(may_link(Aplikasi, Keamanan));
        assert!(may_link(Keamanan, Infrastruktur));
        assert!(!may_link(ProsesBisnis, Aplikasi));
        assert!(!may_link(ProsesBisnis, Infrastruktur));
        assert!(!may_link(Layanan, Keamanan));
        assert!(!may_link(Aplikasi, Aplikasi));
        assert!(!may_link(Data, Infrastruktur));
        assert_eq!(
            linkable(Aplikasi),
            vec![Layanan, Data, Infrastruktur, Keamanan]
        );
    }

    #[test]
    fn the_workflow_moves_only_forward_from_the_right_status() {
        assert!(Status::Draft.may_submit() && Status::Returned.may_submit());
        assert!(!Status::Submitted.may_submit() && !Status::Verified.may_submit());
        assert!(Status::Submitted.may_review() && !Status::Draft.may_review());
        assert!(!Status::Submitted.may_edit() && Status::Verified.may_edit());
        assert_eq!(Status::Returned.after_edit(), Status::Draft);
    }
}
