//! Satu Data (Perpres 39/2019): a Pemda's data catalog. A dataset is owned by an OPD, carries
//! the Satu Data metadata with CKAN's field names where CKAN has one (`name`, `title`, `notes`,
//! `owner_org`, `license_id`, `private`, `tags`, `groups`, `extras`) and walks the walidata
//! workflow (`Status`). This module is pure: the vocabularies (`vocab`: licences, access,
//! frequencies), the checks of what a client sends (`fields`) and the workflow rules.

pub mod dcat;
pub mod fields;
pub mod table;
pub mod vocab;

pub use fields::{DatasetFields, DatasetInput, Metadata, apply, missing_for_submit};
pub use vocab::{Access, Frequency, LICENSES, License, license};

use serde::{Deserialize, Serialize};

/// Where a dataset is in the walidata workflow. Padu's choice (domain brief §2): draft →
/// submitted → returned (with a note per field; the produsen edits it, a draft again, and
/// submits anew) or approved → published ⇄ withdrawn. Data prioritas has the pembina's verdict
/// recorded with the approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Submitted,
    Returned,
    Approved,
    Published,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Draft,
        Status::Submitted,
        Status::Returned,
        Status::Approved,
        Status::Published,
        Status::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Returned => "returned",
            Status::Approved => "approved",
            Status::Published => "published",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The name shown to users, in Bahasa Indonesia (the national statuses' words).
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draf",
            Status::Submitted => "Menunggu pemeriksaan",
            Status::Returned => "Dikembalikan",
            Status::Approved => "Disetujui",
            Status::Published => "Ditayangkan",
            Status::Withdrawn => "Tidak ditayangkan",
        }
    }

    /// Whether the produsen may change the metadata and resources (a returned dataset becomes
    /// a draft again when changed).
    pub fn may_edit(self) -> bool {
        matches!(self, Status::Draft | Status::Returned)
    }

    /// The status after the produsen changes it: a returned dataset is a draft again.
    pub fn after_edit(self) -> Status {
        if self == Status::Returned {
            Status::Draft
        } else {
            self
        }
    }

    pub fn may_submit(self) -> bool {
        matches!(self, Status::Draft | Status::Returned)
    }

    /// Whether the walidata may return or approve it.
    pub fn may_review(self) -> bool {
        self == Status::Submitted
    }

    pub fn may_publish(self) -> bool {
        matches!(self, Status::Approved | Status::Withdrawn)
    }

    pub fn may_unpublish(self) -> bool {
        self == Status::Published
    }

    /// Only a draft is deleted; anything the walidata has seen stays (withdraw it instead).
    pub fn may_delete(self) -> bool {
        self == Status::Draft
    }
}

/// Whether a dataset is public: published, and Terbuka (not `private`).
pub fn is_public(status: Status, access: Access) -> bool {
    status == Status::Published && access == Access::Terbuka
}

/// The fields a return note may be about: CKAN's names for the dataset's own fields and Padu's
/// names for the Satu Data metadata.
pub const NOTE_FIELDS: [&str; 25] = [
    "name",
    "title",
    "notes",
    "owner_org",
    "license_id",
    "private",
    "access",
    "tags",
    "groups",
    "extras",
    "resources",
    "year",
    "prioritas",
    "frequency",
    "period_start",
    "period_end",
    "unit",
    "coverage",
    "classification",
    "reference_code",
    "contact_name",
    "contact_email",
    "ms_keg",
    "ms_var",
    "ms_ind",
];

/// Whether a return note may be about `field`.
pub fn is_note_field(field: &str) -> bool {
    NOTE_FIELDS.contains(&field)
}

/// The longest note about one field, in characters.
pub const MAX_NOTE: usize = 2000;

/// Checks the notes of a return: at least one, each about a known field, each 1 to
/// [`MAX_NOTE`] characters of text. Returns them trimmed, or the problems by field name
/// (`notes` when there are none; `notes.<field>` for one note).
pub fn check_return_notes(
    notes: &std::collections::BTreeMap<String, String>,
) -> Result<std::collections::BTreeMap<String, String>, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut out = std::collections::BTreeMap::new();
    if notes.is_empty() {
        errors.push((
            "notes".to_string(),
            "Tuliskan paling sedikit satu catatan per isian yang harus diperbaiki".to_string(),
        ));
    }
    for (field, note) in notes {
        let key = format!("notes.{field}");
        if !is_note_field(field) {
            errors.push((key, format!("Isian {field} tidak dikenal")));
            continue;
        }
        let note = note.trim().replace("\r\n", "\n");
        let len = note.chars().count();
        if len == 0 {
            errors.push((key, "Catatan tidak boleh kosong".to_string()));
        } else if len > MAX_NOTE {
            errors.push((key, format!("Catatan paling panjang {MAX_NOTE} karakter")));
        } else if note.chars().any(crate::text::is_forbidden_in_text) {
            errors.push((
                key,
                "Catatan memuat karakter yang tidak diizinkan".to_string(),
            ));
        } else {
            out.insert(field.clone(), note);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn codes_round_trip_and_the_workflow_allows_only_its_steps() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
        assert_eq!(Status::from_code("ditayangkan"), None);
        let submit: Vec<_> = Status::ALL.into_iter().filter(|s| s.may_submit()).collect();
        assert_eq!(submit, [Status::Draft, Status::Returned]);
        let review: Vec<_> = Status::ALL.into_iter().filter(|s| s.may_review()).collect();
        assert_eq!(review, [Status::Submitted]);
        let publish: Vec<_> = Status::ALL
            .into_iter()
            .filter(|s| s.may_publish())
            .collect();
        assert_eq!(publish, [Status::Approved, Status::Withdrawn]);
        assert!(Status::Published.may_unpublish());
        assert!(!Status::Withdrawn.may_unpublish());
        assert!(Status::Draft.may_delete());
        assert!(!Status::Submitted.may_delete());
        assert!(!Status::Published.may_edit());
    }

    #[test]
    fn only_published_terbuka_data_is_public() {
        for s in Status::ALL {
            for a in Access::ALL {
                assert_eq!(
                    is_public(s, a),
                    s == Status::Published && a == Access::Terbuka,
                    "{s:?} {a:?}"
                );
            }
        }
    }

    #[test]
    fn return_notes_name_known_fields_and_say_something() {
        let mut notes = BTreeMap::new();
        notes.insert("title".to_string(), "  Judul terlalu umum ".to_string());
        notes.insert(
            "license_id".to_string(),
            "Pilih lisensi terbuka".to_string(),
        );
        notes.insert("ms_ind".to_string(), "Lengkapi MS-Ind".to_string());
        let ok = check_return_notes(&notes).expect("valid");
        assert_eq!(ok["title"], "Judul terlalu umum");
        assert_eq!(ok.len(), 3);

        notes.insert("warna".to_string(), "x".to_string());
        notes.insert("notes".to_string(), " ".to_string());
        let err = check_return_notes(&notes).expect_err("invalid");
        let fields: Vec<_> = err.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["notes.notes", "notes.warna"]);
        let none = check_return_notes(&BTreeMap::new()).expect_err("none");
        assert_eq!(none[0].0, "notes");
    }
}
