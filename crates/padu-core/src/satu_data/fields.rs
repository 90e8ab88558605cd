//! A dataset's metadata and its checks. [`apply`] lays what a client sends ([`DatasetInput`])
//! over the stored fields (or over nothing, for a new dataset) and checks every field at once,
//! answering the problems by field name; [`missing_for_submit`] says what a submission lacks.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::vocab::{Access, Frequency, license};
use crate::text::{is_forbidden_in_text, is_hidden_in_name, slug};

/// The Satu Data metadata beside CKAN's own fields (on the CKAN API they travel as `extras`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Metadata {
    /// Jadwal pemutakhiran.
    pub frequency: Option<Frequency>,
    /// The first and last year the data covers.
    pub period_start: Option<i32>,
    pub period_end: Option<i32>,
    /// Satuan (`unit`), e.g. "jiwa", "persen".
    pub unit: Option<String>,
    /// Cakupan wilayah, e.g. "Kabupaten Trenggalek, per kecamatan".
    pub coverage: Option<String>,
    /// Klasifikasi penyajian.
    pub classification: Option<String>,
    /// Kode referensi / kode standar data (BPS: `SP00055.00.00`).
    pub reference_code: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    /// The BPS metadata statistik: kegiatan, variabel, indikator (a reference or a summary).
    pub ms_keg: Option<String>,
    pub ms_var: Option<String>,
    pub ms_ind: Option<String>,
}

/// The text fields of [`Metadata`]: key, label, longest length.
pub const TEXT_FIELDS: [(&str, &str, usize); 9] = [
    ("unit", "Satuan", 100),
    ("coverage", "Cakupan", 300),
    ("classification", "Klasifikasi penyajian", 300),
    ("reference_code", "Kode referensi", 100),
    ("contact_name", "Kontak produsen", 200),
    ("contact_email", "Surel kontak", 254),
    ("ms_keg", "MS-Keg", 2000),
    ("ms_var", "MS-Var", 2000),
    ("ms_ind", "MS-Ind", 2000),
];

impl Metadata {
    /// The text field `key` of [`TEXT_FIELDS`].
    pub fn text(&self, key: &str) -> Option<&str> {
        let v = match key {
            "unit" => &self.unit,
            "coverage" => &self.coverage,
            "classification" => &self.classification,
            "reference_code" => &self.reference_code,
            "contact_name" => &self.contact_name,
            "contact_email" => &self.contact_email,
            "ms_keg" => &self.ms_keg,
            "ms_var" => &self.ms_var,
            "ms_ind" => &self.ms_ind,
            _ => return None,
        };
        v.as_deref()
    }

    fn text_mut(&mut self, key: &str) -> Option<&mut Option<String>> {
        Some(match key {
            "unit" => &mut self.unit,
            "coverage" => &mut self.coverage,
            "classification" => &mut self.classification,
            "reference_code" => &mut self.reference_code,
            "contact_name" => &mut self.contact_name,
            "contact_email" => &mut self.contact_email,
            "ms_keg" => &mut self.ms_keg,
            "ms_var" => &mut self.ms_var,
            "ms_ind" => &mut self.ms_ind,
            _ => return None,
        })
    }
}

/// A dataset's fields as stored (its OPD, status and resources are kept beside them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetFields {
    /// CKAN's `name`: the URL name, unique in the instansi.
    pub name: String,
    pub title: String,
    /// CKAN's `notes`: the description.
    pub notes: String,
    pub license_id: Option<String>,
    pub access: Access,
    /// The year of the Daftar Data that lists it.
    pub year: Option<i32>,
    /// Data prioritas (the pembina's verdict is recorded with the walidata's approval).
    pub prioritas: bool,
    pub meta: Metadata,
    pub tags: Vec<String>,
    /// The names of the groups (themes) it belongs to.
    pub groups: Vec<String>,
    /// What a client sent besides the known fields, kept verbatim.
    pub extras: BTreeMap<String, String>,
}

/// What a client sends; `None` leaves a field as it is, and an empty text clears an optional
/// one. The owner OPD is the application's to check (it needs the store).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatasetInput {
    pub name: Option<String>,
    pub title: Option<String>,
    pub notes: Option<String>,
    pub license_id: Option<String>,
    pub access: Option<String>,
    /// CKAN's `private`: true makes Terbuka data Terbatas, false makes it Terbuka (when
    /// `access` is not given).
    pub private: Option<bool>,
    pub year: Option<Option<i32>>,
    pub prioritas: Option<bool>,
    pub frequency: Option<String>,
    pub period_start: Option<Option<i32>>,
    pub period_end: Option<Option<i32>>,
    /// The text fields of [`TEXT_FIELDS`] by key.
    pub texts: BTreeMap<String, String>,
    pub tags: Option<Vec<String>>,
    pub groups: Option<Vec<String>>,
    pub extras: Option<BTreeMap<String, String>>,
}

pub const MAX_TITLE: usize = 300;
pub const MAX_NOTES: usize = 20_000;
pub const MAX_TAGS: usize = 50;
pub const MAX_GROUPS: usize = 20;
pub const MAX_EXTRAS: usize = 100;
pub const MAX_EXTRA_VALUE: usize = 5000;
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Keys an extra may not have: CKAN refuses extras named like a dataset's own field.
const RESERVED: [&str; 16] = [
    "id",
    "name",
    "title",
    "notes",
    "owner_org",
    "license_id",
    "private",
    "state",
    "type",
    "tags",
    "groups",
    "extras",
    "resources",
    "url",
    "version",
    "organization",
];

type Problems = Vec<(String, String)>;

fn push(errors: &mut Problems, field: &str, message: impl Into<String>) {
    errors.push((field.to_string(), message.into()));
}

/// Whether `name` is a CKAN name: 2 to 100 characters of lowercase letters, digits, `-`, `_`.
pub fn is_name(name: &str) -> bool {
    (2..=100).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The URL name a title suggests (its slug, at most 90 characters).
pub fn name_from_title(title: &str) -> String {
    let s = slug(title);
    if s.len() < 2 { format!("data-{s}") } else { s }
}

fn one_line(field: &str, label: &str, raw: &str, max: usize, errors: &mut Problems) -> String {
    let v = raw.trim().to_string();
    if v.chars().count() > max {
        push(
            errors,
            field,
            format!("{label} paling panjang {max} karakter"),
        );
    } else if v.chars().any(is_hidden_in_name) {
        push(
            errors,
            field,
            format!("{label} memuat karakter yang tidak diizinkan"),
        );
    }
    v
}

fn paragraphs(field: &str, label: &str, raw: &str, max: usize, errors: &mut Problems) -> String {
    let v = raw.trim().replace("\r\n", "\n");
    if v.chars().count() > max {
        push(
            errors,
            field,
            format!("{label} paling panjang {max} karakter"),
        );
    } else if v.chars().any(is_forbidden_in_text) {
        push(
            errors,
            field,
            format!("{label} memuat karakter yang tidak diizinkan"),
        );
    }
    v
}

fn year(field: &str, label: &str, y: Option<i32>, errors: &mut Problems) -> Option<i32> {
    if let Some(y) = y
        && !YEARS.contains(&y)
    {
        push(
            errors,
            field,
            format!(
                "{label} harus di antara {} dan {}",
                YEARS.start(),
                YEARS.end()
            ),
        );
    }
    y
}

fn is_tag(tag: &str) -> bool {
    (2..=100).contains(&tag.chars().count())
        && tag
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
}

fn is_email(v: &str) -> bool {
    match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !v.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// `input` laid over `base` (a new dataset when `None`), every field checked: the fields, or
/// every problem by field name (in Bahasa Indonesia).
pub fn apply(
    base: Option<&DatasetFields>,
    input: &DatasetInput,
) -> Result<DatasetFields, Problems> {
    let mut errors = Problems::new();
    let mut out = base.cloned().unwrap_or(DatasetFields {
        name: String::new(),
        title: String::new(),
        notes: String::new(),
        license_id: None,
        access: Access::Terbuka,
        year: None,
        prioritas: false,
        meta: Metadata::default(),
        tags: Vec::new(),
        groups: Vec::new(),
        extras: BTreeMap::new(),
    });
    if let Some(t) = &input.title {
        out.title = one_line("title", "Judul", t, MAX_TITLE, &mut errors);
    }
    if out.title.is_empty() && (base.is_none() || input.title.is_some()) {
        push(&mut errors, "title", "Judul wajib diisi");
    }
    match input.name.as_deref().map(str::trim) {
        Some(n) if !n.is_empty() => {
            if is_name(n) {
                out.name = n.to_string();
            } else {
                push(
                    &mut errors,
                    "name",
                    "Nama URL harus 2 sampai 100 karakter huruf kecil, angka, - atau _",
                );
            }
        }
        Some(_) if base.is_some() => push(&mut errors, "name", "Nama URL tidak boleh kosong"),
        _ => {
            if base.is_none() && !out.title.is_empty() {
                out.name = name_from_title(&out.title);
            }
        }
    }
    if let Some(n) = &input.notes {
        out.notes = paragraphs("notes", "Deskripsi", n, MAX_NOTES, &mut errors);
    }
    if let Some(l) = &input.license_id {
        let l = l.trim();
        if l.is_empty() {
            out.license_id = None;
        } else if license(l).is_some() {
            out.license_id = Some(l.to_string());
        } else {
            let ids: Vec<_> = super::vocab::LICENSES.iter().map(|l| l.id).collect();
            push(
                &mut errors,
                "license_id",
                format!("Lisensi harus salah satu dari: {}", ids.join(", ")),
            );
        }
    }
    match (&input.access, input.private) {
        (Some(a), _) => match Access::from_code(a.trim()) {
            Some(a) => {
                if input.private.is_some_and(|p| p != a.private()) {
                    push(
                        &mut errors,
                        "private",
                        "private harus sesuai dengan akses (hanya data Terbuka yang publik)",
                    );
                }
                out.access = a;
            }
            None => push(
                &mut errors,
                "access",
                "Akses harus terbuka, terbatas atau tertutup",
            ),
        },
        (None, Some(true)) if out.access == Access::Terbuka => out.access = Access::Terbatas,
        (None, Some(false)) => out.access = Access::Terbuka,
        _ => {}
    }
    if let Some(y) = input.year {
        out.year = year("year", "Tahun Daftar Data", y, &mut errors);
    }
    if let Some(p) = input.prioritas {
        out.prioritas = p;
    }
    if let Some(f) = &input.frequency {
        let f = f.trim();
        if f.is_empty() {
            out.meta.frequency = None;
        } else if let Some(f) = Frequency::from_code(f) {
            out.meta.frequency = Some(f);
        } else {
            let codes: Vec<_> = Frequency::ALL.iter().map(|f| f.code()).collect();
            push(
                &mut errors,
                "frequency",
                format!("Frekuensi harus salah satu dari: {}", codes.join(", ")),
            );
        }
    }
    if let Some(y) = input.period_start {
        out.meta.period_start = year("period_start", "Tahun awal", y, &mut errors);
    }
    if let Some(y) = input.period_end {
        out.meta.period_end = year("period_end", "Tahun akhir", y, &mut errors);
    }
    if let (Some(a), Some(b)) = (out.meta.period_start, out.meta.period_end)
        && a > b
    {
        push(
            &mut errors,
            "period_end",
            "Tahun akhir tidak boleh sebelum tahun awal",
        );
    }
    for (key, raw) in &input.texts {
        let Some((_, label, max)) = TEXT_FIELDS.iter().find(|(k, _, _)| k == key) else {
            push(&mut errors, key, "Isian tidak dikenal");
            continue;
        };
        let v = if key.starts_with("ms_") {
            paragraphs(key, label, raw, *max, &mut errors)
        } else {
            one_line(key, label, raw, *max, &mut errors)
        };
        if key == "contact_email" && !v.is_empty() && !is_email(&v) {
            push(&mut errors, key, "Surel kontak tidak valid");
        }
        if let Some(slot) = out.meta.text_mut(key) {
            *slot = if v.is_empty() { None } else { Some(v) };
        }
    }
    if let Some(tags) = &input.tags {
        let mut clean: Vec<String> = Vec::new();
        for t in tags {
            let t = t.trim().to_string();
            if !is_tag(&t) {
                push(
                    &mut errors,
                    "tags",
                    format!(
                        "Tag \"{t}\" harus 2 sampai 100 karakter huruf, angka, spasi, -, _ atau ."
                    ),
                );
            } else if !clean.contains(&t) {
                clean.push(t);
            }
        }
        if clean.len() > MAX_TAGS {
            push(&mut errors, "tags", format!("Paling banyak {MAX_TAGS} tag"));
        }
        out.tags = clean;
    }
    if let Some(groups) = &input.groups {
        let mut clean: Vec<String> = Vec::new();
        for g in groups {
            let g = g.trim().to_string();
            if !is_name(&g) {
                push(
                    &mut errors,
                    "groups",
                    format!("Nama grup \"{g}\" harus huruf kecil, angka, - atau _"),
                );
            } else if !clean.contains(&g) {
                clean.push(g);
            }
        }
        if clean.len() > MAX_GROUPS {
            push(
                &mut errors,
                "groups",
                format!("Paling banyak {MAX_GROUPS} grup"),
            );
        }
        out.groups = clean;
    }
    if let Some(extras) = &input.extras {
        if extras.len() > MAX_EXTRAS {
            push(
                &mut errors,
                "extras",
                format!("Paling banyak {MAX_EXTRAS} extras"),
            );
        }
        for (k, v) in extras {
            if k.trim().is_empty() || k.chars().count() > 100 || k.chars().any(is_hidden_in_name) {
                push(
                    &mut errors,
                    "extras",
                    "Kunci extras harus 1 sampai 100 karakter",
                );
            } else if RESERVED.contains(&k.as_str()) {
                push(
                    &mut errors,
                    "extras",
                    format!("Kunci extras \"{k}\" adalah isian dataset itu sendiri"),
                );
            } else if v.chars().count() > MAX_EXTRA_VALUE || v.chars().any(is_forbidden_in_text) {
                push(
                    &mut errors,
                    "extras",
                    format!("Nilai extras \"{k}\" paling panjang {MAX_EXTRA_VALUE} karakter teks"),
                );
            }
        }
        out.extras = extras.clone();
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// What a submission lacks, as (field, message): a title, a description, the owner OPD and a
/// licence. The rest is the walidata's to check.
pub fn missing_for_submit(fields: &DatasetFields, owner: Option<i64>) -> Problems {
    let mut errors = Problems::new();
    if fields.title.trim().is_empty() {
        push(&mut errors, "title", "Judul wajib diisi sebelum diajukan");
    }
    if fields.notes.trim().is_empty() {
        push(
            &mut errors,
            "notes",
            "Deskripsi wajib diisi sebelum diajukan",
        );
    }
    if owner.is_none() {
        push(
            &mut errors,
            "owner_org",
            "OPD pemilik wajib diisi sebelum diajukan",
        );
    }
    if fields.license_id.is_none() {
        push(
            &mut errors,
            "license_id",
            "Lisensi wajib dipilih sebelum diajukan",
        );
    }
    errors
}

#[cfg(test)]
#[path = "fields_tests.rs"]
mod tests;
