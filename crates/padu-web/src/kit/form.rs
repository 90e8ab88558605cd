//! Form errors the GOV.UK way: a summary at the top linking to each field, and the message
//! beside the field itself.

use axum::http::StatusCode;

use padu_app::AppError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The id of the field it belongs to (empty: the form as a whole).
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct FormErrors {
    pub items: Vec<Problem>,
}

impl FormErrors {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.items.push(Problem {
            field: field.to_string(),
            message: sentence(&message.into()),
        });
    }

    /// The message beside a field.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.message.as_str())
    }

    /// The form's problems from a service error, with the status to answer with, or `None` when
    /// the error is not about the form (not found, forbidden, internal): those get the error
    /// page. A conflict (a name already taken) belongs to `conflict_field`.
    pub fn from_error(err: &AppError, conflict_field: &str) -> Option<(StatusCode, FormErrors)> {
        let mut errors = FormErrors::default();
        match err {
            AppError::Invalid(fields) => {
                for f in fields {
                    errors.push(&f.field, f.message.clone());
                }
            }
            AppError::Conflict(message) | AppError::BadRequest(message) => {
                errors.push(conflict_field, message.clone());
            }
            _ => return None,
        }
        Some((crate::kit::error::status(err), errors))
    }
}

/// A message as a sentence start: the services write "nama OPD sudah dipakai".
fn sentence(message: &str) -> String {
    let message = message.trim();
    let mut chars = message.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect::<String>()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use padu_app::FieldError;

    #[test]
    fn service_errors_become_field_messages() {
        let err = AppError::Invalid(vec![FieldError {
            field: "name".into(),
            message: "Nama OPD wajib diisi".into(),
        }]);
        let (status, errors) = FormErrors::from_error(&err, "name").expect("a form error");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(errors.get("name"), Some("Nama OPD wajib diisi"));
        assert_eq!(errors.get("kind"), None);

        let err = AppError::Conflict("nama OPD sudah dipakai di instansi ini".into());
        let (status, errors) = FormErrors::from_error(&err, "name").expect("a form error");
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(
            errors.get("name"),
            Some("Nama OPD sudah dipakai di instansi ini")
        );

        assert!(FormErrors::from_error(&AppError::Forbidden, "name").is_none());
    }
}
