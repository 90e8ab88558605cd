//! The fields of an item per domain, after the ministry's SIA SPBE (a Pemda's reading of its
//! manual, brief §2 and §7) and the application inventory and service portal of issue 14. They
//! are kept as one JSON object per item, checked here against this table: a key the domain
//! does not have, a value of the wrong kind or an unknown choice is refused; the required
//! fields are required only once the item leaves its draft.

use serde_json::{Map, Value};

use super::Domain;
use crate::text::is_forbidden_in_text;

/// What a field holds, and so how it is entered and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line, up to 300 characters.
    Text,
    /// Paragraphs, up to 4000 characters.
    Paragraph,
    /// One of the listed codes.
    Choice(&'static [&'static str]),
    /// Any of the listed codes (a JSON list, no repeats).
    Choices(&'static [&'static str]),
    /// Yes or no.
    Flag,
    /// A calendar date, `yyyy-mm-dd`.
    Date,
    /// A maturity level, 1 to 5.
    Level,
    /// An `http://` or `https://` address.
    Url,
    /// The six published components of a Standar Pelayanan ([`STANDAR`]), each a paragraph.
    Standar,
}

/// One field of a domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub key: &'static str,
    pub kind: FieldKind,
    /// Needed before the item may be submitted.
    pub required: bool,
}

const fn f(key: &'static str, kind: FieldKind, required: bool) -> FieldSpec {
    FieldSpec {
        key,
        kind,
        required,
    }
}

use FieldKind::*;

/// The six components of a Standar Pelayanan published to the public: persyaratan; sistem,
/// mekanisme dan prosedur; jangka waktu; biaya/tarif; produk; penanganan pengaduan.
pub const STANDAR: [&str; 6] = [
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "pengaduan",
];

const PROSES_BISNIS: &[FieldSpec] = &[
    f("description", Paragraph, true),
    f("urusan", Text, true),
    f("goal", Paragraph, false),
    f("iku", Text, false),
    f("iku_target", Text, false),
    f("iku_realisation", Text, false),
    f("change", Choice(&["baru", "pengembangan", "tetap"]), false),
    f("rab_detail", Text, false),
];

const LAYANAN: &[FieldSpec] = &[
    f("description", Paragraph, true),
    f("purpose", Paragraph, true),
    f("function", Text, false),
    f("ministry", Text, false),
    f("urusan", Text, false),
    f(
        "users",
        Choices(&["masyarakat", "pelaku_usaha", "asn", "instansi_pemerintah"]),
        true,
    ),
    f(
        "method",
        Choice(&["elektronik", "hybrid", "tatap_muka"]),
        true,
    ),
    f("benefit", Paragraph, false),
    f("economic_potential", Paragraph, false),
    f("unit", Text, false),
    f("risk", Paragraph, false),
    f("mitigation", Paragraph, false),
    f("ral_detail", Text, false),
    f(
        "category",
        Choice(&[
            "kependudukan",
            "perizinan",
            "kesehatan",
            "pendidikan",
            "sosial",
            "kecamatan_desa",
            "pajak_retribusi",
            "lainnya",
        ]),
        false,
    ),
    f("life_event", Text, false),
    f("channel", Text, false),
    f("link", Url, false),
    f("standar", Standar, false),
];

const DATA: &[FieldSpec] = &[
    f("description", Paragraph, true),
    f("purpose", Paragraph, false),
    f("sifat", Choice(&["terbuka", "terbatas", "tertutup"]), true),
    f(
        "jenis",
        Choice(&["statistik", "geospasial", "keuangan", "lainnya"]),
        true,
    ),
    f("validity", Text, false),
    f("produsen", Text, true),
    f("wali_data", Text, true),
    f("input", Text, false),
    f("output", Text, false),
    f("related", Text, false),
    f("interoperable", Flag, false),
    f("rad_detail", Text, false),
];

const APLIKASI: &[FieldSpec] = &[
    f("description", Paragraph, true),
    f("function", Paragraph, true),
    f("kind", Choice(&["umum", "khusus"]), true),
    f(
        "operation",
        Choice(&["operasional", "pengembangan", "tidak_digunakan"]),
        true,
    ),
    f("users", Text, false),
    f("output", Text, false),
    f("basis", Text, false),
    f("producer", Text, false),
    f("pic", Text, false),
    f("hosting", Text, false),
    f("data_held", Text, false),
    f("splp", Flag, false),
    f("apis", Text, false),
    f(
        "licence",
        Choice(&["milik_pemda", "open_source", "berbayar", "dari_pusat"]),
        false,
    ),
    f("database", Text, false),
    f("last_audit", Date, false),
];

const INFRASTRUKTUR: &[FieldSpec] = &[
    f(
        "kind",
        Choice(&[
            "cloud",
            "server",
            "periferal",
            "penyimpanan",
            "jaringan",
            "perangkat_keamanan",
            "sistem_operasi",
            "dbms",
            "utilitas",
            "jip",
            "splp",
            "fasilitas_komputasi",
        ]),
        true,
    ),
    f("description", Paragraph, true),
    f("location", Text, false),
    f("tier", Text, false),
    f("capacity", Text, false),
    f("owner", Text, false),
];

const KEAMANAN: &[FieldSpec] = &[
    f(
        "kind",
        Choice(&[
            "standar_prosedur",
            "kesadaran",
            "identifikasi_kerentanan",
            "hardening",
            "penanganan_insiden",
            "audit_keamanan",
            "kelaikan_keamanan",
        ]),
        true,
    ),
    f("description", Paragraph, true),
    f("date", Date, false),
    f("next_date", Date, false),
    f("maturity", Level, false),
];

/// The fields of `domain`, in the order a form shows them.
pub fn fields(domain: Domain) -> &'static [FieldSpec] {
    match domain {
        Domain::ProsesBisnis => PROSES_BISNIS,
        Domain::Layanan => LAYANAN,
        Domain::Data => DATA,
        Domain::Aplikasi => APLIKASI,
        Domain::Infrastruktur => INFRASTRUKTUR,
        Domain::Keamanan => KEAMANAN,
    }
}

/// The field `key` of `domain`.
pub fn field_spec(domain: Domain, key: &str) -> Option<&'static FieldSpec> {
    fields(domain).iter().find(|s| s.key == key)
}

/// Whether an application is an Aplikasi Umum (shared, audited yearly) or Khusus (every two
/// years).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppKind {
    Umum,
    Khusus,
}

impl AppKind {
    pub fn of(fields: &Map<String, Value>) -> Option<AppKind> {
        match fields.get("kind").and_then(Value::as_str) {
            Some("umum") => Some(AppKind::Umum),
            Some("khusus") => Some(AppKind::Khusus),
            _ => None,
        }
    }
}

const MAX_TEXT: usize = 300;
const MAX_PARAGRAPH: usize = 4000;

fn text_ok(
    key: &str,
    value: &str,
    max: usize,
    paragraphs: bool,
    errors: &mut Vec<(String, String)>,
) -> Option<String> {
    let trimmed = value.trim();
    if trimmed.chars().count() > max {
        errors.push((key.into(), format!("Paling banyak {max} karakter")));
        return None;
    }
    let bad = trimmed
        .chars()
        .any(|c| is_forbidden_in_text(c) || (!paragraphs && (c == '\n' || c == '\r')));
    if bad {
        errors.push((
            key.into(),
            if paragraphs {
                "Memuat karakter kendali yang tidak diizinkan".into()
            } else {
                "Harus satu baris, tanpa karakter kendali".into()
            },
        ));
        return None;
    }
    Some(trimmed.replace("\r\n", "\n"))
}

fn choice_message(options: &[&str]) -> String {
    format!("Pilih salah satu dari: {}", options.join(", "))
}

/// Checks one value; `None` (with an error pushed) when it is refused, `Some(Value::Null)`
/// when it is empty.
fn check_value(
    key: &str,
    kind: FieldKind,
    value: &Value,
    errors: &mut Vec<(String, String)>,
) -> Option<Value> {
    if value.is_null() {
        return Some(Value::Null);
    }
    let want_text = |errors: &mut Vec<(String, String)>| {
        errors.push((key.to_string(), "Harus berupa teks".into()));
        None
    };
    match kind {
        Text | Paragraph => {
            let Some(s) = value.as_str() else {
                return want_text(errors);
            };
            let (max, paragraphs) = if kind == Text {
                (MAX_TEXT, false)
            } else {
                (MAX_PARAGRAPH, true)
            };
            let cleaned = text_ok(key, s, max, paragraphs, errors)?;
            Some(if cleaned.is_empty() {
                Value::Null
            } else {
                Value::String(cleaned)
            })
        }
        Url => {
            let Some(s) = value.as_str() else {
                return want_text(errors);
            };
            let s = s.trim();
            if s.is_empty() {
                return Some(Value::Null);
            }
            let shaped = (s.starts_with("https://") || s.starts_with("http://"))
                && s.len() <= 500
                && s.len() > 8
                && !s.chars().any(|c| c.is_whitespace() || c.is_control());
            if shaped {
                Some(Value::String(s.to_string()))
            } else {
                errors.push((
                    key.into(),
                    "Alamat harus diawali https:// atau http:// tanpa spasi".into(),
                ));
                None
            }
        }
        Choice(options) => {
            let Some(s) = value.as_str() else {
                errors.push((key.into(), choice_message(options)));
                return None;
            };
            let s = s.trim();
            if s.is_empty() {
                Some(Value::Null)
            } else if options.contains(&s) {
                Some(Value::String(s.to_string()))
            } else {
                errors.push((key.into(), choice_message(options)));
                None
            }
        }
        Choices(options) => {
            let Some(list) = value.as_array() else {
                errors.push((
                    key.into(),
                    format!("Harus berupa daftar; {}", choice_message(options)),
                ));
                return None;
            };
            let mut out: Vec<Value> = Vec::new();
            for v in list {
                match v.as_str().filter(|s| options.contains(s)) {
                    Some(s) if !out.iter().any(|o| o.as_str() == Some(s)) => {
                        out.push(Value::String(s.to_string()));
                    }
                    Some(_) => {}
                    None => {
                        errors.push((key.into(), choice_message(options)));
                        return None;
                    }
                }
            }
            Some(if out.is_empty() {
                Value::Null
            } else {
                Value::Array(out)
            })
        }
        Flag => match value {
            Value::Bool(_) => Some(value.clone()),
            _ => {
                errors.push((key.into(), "Harus true atau false".into()));
                None
            }
        },
        Date => {
            let Some(s) = value.as_str() else {
                errors.push((key.into(), "Tanggal harus berbentuk yyyy-mm-dd".into()));
                return None;
            };
            if s.trim().is_empty() {
                return Some(Value::Null);
            }
            match crate::date::parse_iso(s) {
                Some(d) => Some(Value::String(crate::date::iso(d))),
                None => {
                    errors.push((
                        key.into(),
                        "Tanggal harus berbentuk yyyy-mm-dd dan ada di kalender".into(),
                    ));
                    None
                }
            }
        }
        Level => match value.as_i64() {
            Some(n) if (1..=5).contains(&n) => Some(Value::from(n)),
            _ => {
                errors.push((key.into(), "Tingkat kematangan harus 1 sampai 5".into()));
                None
            }
        },
        Standar => {
            let Some(obj) = value.as_object() else {
                errors.push((
                    key.into(),
                    format!("Harus berupa objek dengan {}", STANDAR.join(", ")),
                ));
                return None;
            };
            let mut out = Map::new();
            for (k, v) in obj {
                let name = format!("{key}.{k}");
                if !STANDAR.contains(&k.as_str()) {
                    errors.push((
                        name,
                        format!(
                            "Komponen standar pelayanan tidak dikenal; yang ada: {}",
                            STANDAR.join(", ")
                        ),
                    ));
                    continue;
                }
                if let Some(Value::String(s)) = check_value(&name, Paragraph, v, errors) {
                    out.insert(k.clone(), Value::String(s));
                }
            }
            Some(if out.is_empty() {
                Value::Null
            } else {
                Value::Object(out)
            })
        }
    }
}

/// Checks `input` against the fields of `domain` and returns it cleaned (texts trimmed, empty
/// values dropped), or every field error as (field, message in Bahasa Indonesia). With
/// `complete`, the required fields must be filled (an item leaving its draft).
pub fn validate_fields(
    domain: Domain,
    input: &Map<String, Value>,
    complete: bool,
) -> Result<Map<String, Value>, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut out = Map::new();
    for (key, value) in input {
        let Some(spec) = field_spec(domain, key) else {
            errors.push((
                key.clone(),
                format!("Domain {} tidak mempunyai isian ini", domain.label()),
            ));
            continue;
        };
        match check_value(key, spec.kind, value, &mut errors) {
            Some(Value::Null) | None => {}
            Some(v) => {
                out.insert(key.clone(), v);
            }
        }
    }
    if complete {
        for spec in fields(domain).iter().filter(|s| s.required) {
            if !out.contains_key(spec.key) && !errors.iter().any(|(k, _)| k == spec.key) {
                errors.push((
                    spec.key.into(),
                    "Wajib diisi sebelum item diajukan".to_string(),
                ));
            }
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
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn a_draft_may_leave_fields_empty_but_a_submission_may_not() {
        let draft = obj(json!({"description": "  Pencatatan kelahiran  ", "produsen": ""}));
        let clean = validate_fields(Domain::Data, &draft, false).expect("a draft");
        assert_eq!(clean, obj(json!({"description": "Pencatatan kelahiran"})));
        let errors = validate_fields(Domain::Data, &draft, true).expect_err("incomplete");
        let keys: Vec<&str> = errors.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["sifat", "jenis", "produsen", "wali_data"]);
    }

    #[test]
    fn wrong_keys_kinds_and_choices_are_named() {
        let input = obj(json!({
            "produsen": "Disdukcapil",
            "hosting": "Pusat data",
            "sifat": "rahasia",
            "interoperable": "ya",
            "description": "baris\u{0007}",
        }));
        let errors = validate_fields(Domain::Data, &input, false).expect_err("bad");
        let keys: Vec<&str> = errors.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["description", "hosting", "interoperable", "sifat"]);
    }

    #[test]
    fn a_layanan_holds_its_standar_and_link() {
        let input = obj(json!({
            "users": ["masyarakat", "masyarakat", "asn"],
            "link": "https://layanan.trenggalekkab.example/akta",
            "standar": {"persyaratan": "KTP dan KK", "biaya": "Tidak dipungut biaya", "waktu": ""},
        }));
        let clean = validate_fields(Domain::Layanan, &input, false).expect("ok");
        assert_eq!(clean["users"], json!(["masyarakat", "asn"]));
        assert_eq!(
            clean["standar"],
            json!({"persyaratan": "KTP dan KK", "biaya": "Tidak dipungut biaya"})
        );
        let bad = obj(json!({"link": "javascript:alert(1)", "standar": {"tarif": "x"}}));
        let errors = validate_fields(Domain::Layanan, &bad, false).expect_err("bad");
        let keys: Vec<&str> = errors.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["link", "standar.tarif"]);
    }

    #[test]
    fn dates_and_levels_are_checked() {
        let ok = obj(json!({"date": "2026-03-01", "maturity": 3, "kind": "hardening"}));
        assert!(validate_fields(Domain::Keamanan, &ok, false).is_ok());
        let bad = obj(json!({"date": "2026-02-30", "maturity": 6}));
        assert_eq!(
            validate_fields(Domain::Keamanan, &bad, false)
                .expect_err("bad")
                .len(),
            2
        );
        let apps = obj(json!({"kind": "khusus", "last_audit": "2025-11-30"}));
        let clean = validate_fields(Domain::Aplikasi, &apps, false).expect("ok");
        assert_eq!(AppKind::of(&clean), Some(AppKind::Khusus));
    }
}
