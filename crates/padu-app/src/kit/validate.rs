//! Checks of free text typed into forms, shared by the features.

use padu_core::text::{is_forbidden_in_text, is_hidden_in_name};

use crate::kit::error::FieldError;

/// A one-line `value` (a name, a title) trimmed, with a problem added to `errors` when it is
/// shorter than `min` or longer than `max` characters, or holds control or invisible format
/// characters (a right-to-left override, a zero-width space).
pub fn clean_text(
    field: &str,
    label: &str,
    value: &str,
    min: usize,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    let value = value.trim().to_string();
    if let Some(problem) = length_problem(label, &value, min, max) {
        errors.push(FieldError {
            field: field.into(),
            message: problem,
        });
    } else if value.chars().any(is_hidden_in_name) {
        errors.push(disallowed(field, label));
    }
    value
}

/// A text of several lines (a narrative, a note, a comment) trimmed, its line ends made `\n`,
/// with a problem added to `errors` when it is shorter than `min` or longer than `max`
/// characters, or holds a control character other than tab and newline (NUL, escape).
pub fn clean_paragraphs(
    field: &str,
    label: &str,
    value: &str,
    min: usize,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    let value = value.trim().replace("\r\n", "\n");
    if let Some(problem) = length_problem(label, &value, min, max) {
        errors.push(FieldError {
            field: field.into(),
            message: problem,
        });
    } else if has_forbidden_control(&value) {
        errors.push(disallowed(field, label));
    }
    value
}

/// Whether `value` holds a control character no text field may hold.
pub fn has_forbidden_control(value: &str) -> bool {
    value.chars().any(is_forbidden_in_text)
}

/// The problem of a text field holding such a character.
pub fn disallowed(field: &str, label: &str) -> FieldError {
    FieldError {
        field: field.into(),
        message: format!("{label} memuat karakter yang tidak diizinkan (karakter kendali)"),
    }
}

fn length_problem(label: &str, value: &str, min: usize, max: usize) -> Option<String> {
    let length = value.chars().count();
    if length < min {
        Some(if min <= 1 {
            format!("{label} wajib diisi")
        } else {
            format!("{label} paling sedikit {min} karakter")
        })
    } else if length > max {
        Some(format!("{label} paling banyak {max} karakter"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_refuse_what_hides_and_paragraphs_only_controls() {
        let mut errors = Vec::new();
        assert_eq!(
            clean_text("name", "Nama", " Dinas Kominfo ", 1, 200, &mut errors),
            "Dinas Kominfo"
        );
        assert!(errors.is_empty());
        for bad in [
            "Dinas\u{202E}ofnimoK",
            "Dinas\u{200B}Kominfo",
            "a\u{0}b",
            "a\nb",
        ] {
            let mut errors = Vec::new();
            clean_text("name", "Nama", bad, 1, 200, &mut errors);
            assert_eq!(errors.len(), 1, "{bad:?}");
            assert_eq!(errors[0].field, "name");
        }
        let mut errors = Vec::new();
        let text = clean_paragraphs(
            "fakta",
            "Fakta",
            "Baris 1\r\n\tBaris 2\u{200D}",
            0,
            100,
            &mut errors,
        );
        assert_eq!(text, "Baris 1\n\tBaris 2\u{200D}");
        assert!(errors.is_empty());
        for bad in ["a\u{0}b", "a\u{1b}[31mb", "bel\u{7}"] {
            let mut errors = Vec::new();
            clean_paragraphs("fakta", "Fakta", bad, 0, 100, &mut errors);
            assert_eq!(errors.len(), 1, "{bad:?}");
        }
    }
}
