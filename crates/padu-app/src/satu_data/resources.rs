//! A dataset's resources: links to the data (CSV, XLSX, JSON, an API) with a name, a format
//! and a description, added, changed and removed by whoever edits the dataset while it may be
//! edited (a returned dataset becomes a draft again).

use padu_core::access::Action;
use padu_store::satu_data::{Dataset, NewResource, Resource};

use super::dataset_for;
use super::datasets::status_conflict;
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::Caller;
use crate::kit::validate::{clean_paragraphs, clean_text};

/// What a missing resource is called in a "not found".
pub const RESOURCE: &str = "Sumber data";

/// What is typed for a resource; on a change `None` leaves a value as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceInput {
    pub name: Option<String>,
    pub url: Option<String>,
    pub format: Option<String>,
    pub description: Option<String>,
}

pub const MAX_URL: usize = 2000;

/// The format a URL's file name suggests (`…/penduduk.csv` → `CSV`), else empty.
fn format_of(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let file = path.rsplit('/').next().unwrap_or_default();
    match file.rsplit_once('.') {
        Some((_, ext))
            if (1..=10).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            ext.to_ascii_uppercase()
        }
        _ => String::new(),
    }
}

/// `input` over `base` (a new resource when `None`), checked: the resource, or field errors.
pub(crate) fn check(
    base: Option<&Resource>,
    input: &ResourceInput,
) -> Result<NewResource, AppError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let url = match (&input.url, base) {
        (Some(u), _) => u.trim().to_string(),
        (None, Some(b)) => b.url.clone(),
        (None, None) => String::new(),
    };
    let lower = url.to_ascii_lowercase();
    if url.is_empty() {
        errors.push(FieldError {
            field: "url".into(),
            message: "Alamat (URL) sumber data wajib diisi".into(),
        });
    } else if !(lower.starts_with("https://") || lower.starts_with("http://"))
        || url.len() <= "https://".len()
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
        || url.len() > MAX_URL
    {
        errors.push(FieldError {
            field: "url".into(),
            message: format!(
                "Alamat harus URL http:// atau https:// tanpa spasi, paling panjang {MAX_URL} karakter"
            ),
        });
    }
    let name = match (&input.name, base) {
        (Some(n), _) => clean_text("name", "Nama", n, 0, 200, &mut errors),
        (None, Some(b)) => b.name.clone(),
        (None, None) => String::new(),
    };
    let name = if name.is_empty() {
        let file = url.split(['?', '#']).next().unwrap_or_default();
        file.rsplit('/')
            .find(|s| !s.is_empty())
            .unwrap_or("Sumber data")
            .to_string()
    } else {
        name
    };
    let format = match (&input.format, base) {
        (Some(f), _) => f.trim().to_ascii_uppercase(),
        (None, Some(b)) => b.format.clone(),
        (None, None) => String::new(),
    };
    let format = if format.is_empty() {
        format_of(&url)
    } else {
        format
    };
    if format.len() > 20
        || !format
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '+'))
    {
        errors.push(FieldError {
            field: "format".into(),
            message: "Format paling panjang 20 karakter, misalnya CSV, XLSX atau JSON".into(),
        });
    }
    let description = match (&input.description, base) {
        (Some(d), _) => clean_paragraphs("description", "Deskripsi", d, 0, 5000, &mut errors),
        (None, Some(b)) => b.description.clone(),
        (None, None) => String::new(),
    };
    if errors.is_empty() {
        Ok(NewResource {
            name,
            url,
            format,
            description,
        })
    } else {
        Err(AppError::Invalid(errors))
    }
}

async fn editable(app: &App, caller: &Caller, key: &str) -> Result<Dataset, AppError> {
    let (ds, _) = dataset_for(app, caller, key, Action::EditDataset).await?;
    Ok(ds)
}

/// Adds a resource to dataset `key`.
pub async fn add(
    app: &App,
    caller: &Caller,
    key: &str,
    input: &ResourceInput,
) -> Result<Resource, AppError> {
    let ds = editable(app, caller, key).await?;
    let new = check(None, input)?;
    if !ds.status.may_edit() {
        return Err(status_conflict(&ds, "diubah"));
    }
    Ok(app
        .store
        .add_dataset_resource(&caller.who(), ds.id, &new)
        .await?)
}

fn resource_of(ds: &Dataset, id: i64) -> Result<&Resource, AppError> {
    ds.resources
        .iter()
        .find(|r| r.id == id)
        .ok_or(AppError::NotFound(RESOURCE))
}

/// Changes resource `id` of dataset `key` (the values given).
pub async fn update(
    app: &App,
    caller: &Caller,
    key: &str,
    id: i64,
    input: &ResourceInput,
) -> Result<Resource, AppError> {
    let ds = editable(app, caller, key).await?;
    let new = check(Some(resource_of(&ds, id)?), input)?;
    if !ds.status.may_edit() {
        return Err(status_conflict(&ds, "diubah"));
    }
    app.store
        .change_dataset_resource(&caller.who(), id, Some(&new))
        .await?
        .ok_or(AppError::NotFound(RESOURCE))
}

/// Removes resource `id` from dataset `key`.
pub async fn remove(app: &App, caller: &Caller, key: &str, id: i64) -> Result<(), AppError> {
    let ds = editable(app, caller, key).await?;
    resource_of(&ds, id)?;
    if !ds.status.may_edit() {
        return Err(status_conflict(&ds, "diubah"));
    }
    app.store
        .change_dataset_resource(&caller.who(), id, None)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_gets_its_name_and_format_from_its_url_and_bad_urls_are_refused() {
        let r = check(
            None,
            &ResourceInput {
                url: Some("https://data.trenggalekkab.example/dinkes/puskesmas-2025.csv".into()),
                ..Default::default()
            },
        )
        .expect("ok");
        assert_eq!(r.name, "puskesmas-2025.csv");
        assert_eq!(r.format, "CSV");
        for bad in [
            "ftp://x.example/a.csv",
            "https://",
            "javascript:alert(1)",
            "https://a b",
        ] {
            let e = check(
                None,
                &ResourceInput {
                    url: Some(bad.into()),
                    ..Default::default()
                },
            )
            .expect_err(bad);
            assert!(
                matches!(e, AppError::Invalid(f) if f[0].field == "url"),
                "{bad}"
            );
        }
    }
}
