//! Checks of free text typed into forms, shared by the features.

use crate::kit::error::FieldError;

/// `value` trimmed, with a problem added to `errors` when it is shorter than `min` or longer
/// than `max` characters, or holds control characters.
pub fn clean_text(
    field: &str,
    label: &str,
    value: &str,
    min: usize,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    let value = value.trim().to_string();
    let length = value.chars().count();
    if length < min {
        errors.push(FieldError {
            field: field.into(),
            message: if min <= 1 {
                format!("{label} wajib diisi")
            } else {
                format!("{label} paling sedikit {min} karakter")
            },
        });
    } else if length > max {
        errors.push(FieldError {
            field: field.into(),
            message: format!("{label} paling banyak {max} karakter"),
        });
    } else if value.chars().any(char::is_control) {
        errors.push(FieldError {
            field: field.into(),
            message: format!("{label} memuat karakter yang tidak diizinkan"),
        });
    }
    value
}
