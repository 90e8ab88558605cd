//! `resource_create` and `resource_update` with a file, as `ckanapi` sends them: a multipart
//! form whose `upload` part is the file and whose other parts are the resource's fields
//! (`package_id`, or `id` for an update; `name`, `description`). The file goes to the files
//! store and is read into a table: a new resource, or a new version of the resource (the older
//! versions stay readable). Any refusal removes a newly stored file.

use axum::extract::Multipart;
use padu_app::AppError;
use padu_app::satu_data::ckan;
use padu_app::satu_data::datastore::import::{self, UploadInput};
use padu_app::satu_data::resources::RESOURCE;
use padu_core::access::Action;
use padu_files::Stored;
use serde_json::{Map, Value, json};

use super::dicts::resource;
use super::params::{required, text};
use super::{Answer, Call, CkanError};

/// Reads the form: its text parts, and the file of `upload` stored.
pub async fn read_form(
    call: &Call,
    form: Multipart,
) -> Result<(Map<String, Value>, Option<(String, Stored)>), CkanError> {
    Ok(crate::satu_data::datastore_api::read_form(&call.app, form, "upload").await?)
}

fn input(data: &Map<String, Value>) -> Result<UploadInput, CkanError> {
    Ok(UploadInput {
        name: text(data, "name")?,
        description: text(data, "description")?,
    })
}

/// `resource_create` (`update`: false) or `resource_update`/`resource_patch` with a file.
pub async fn with_file(call: &Call, update: bool, file: Option<(String, Stored)>) -> Answer {
    let Some((file_name, stored)) = file else {
        return Err(super::invalid("upload", "Missing value"));
    };
    let answer = async {
        let caller = call.writer()?;
        let (key, resource_id) = if update {
            let id = required(&call.data, "id")?;
            let id = id
                .parse::<i64>()
                .map_err(|_| CkanError::App(AppError::NotFound(RESOURCE)))?;
            let (_, ds) = ckan::resource_in(&call.app, Some(caller), &call.inst, id).await?;
            (ds.id.to_string(), Some(id))
        } else {
            let package = required(&call.data, "package_id")?;
            let ds =
                ckan::dataset_in(&call.app, Some(caller), &call.inst, &package, Action::EditDataset)
                    .await?;
            (ds.id.to_string(), None)
        };
        let (ds, inst) = import::check_upload(&call.app, caller, &key, resource_id).await?;
        let (r, v) = import::import(
            &call.app,
            caller,
            (&ds, &inst),
            resource_id,
            &input(&call.data)?,
            &file_name,
            &stored,
        )
        .await?;
        let mut dict = resource(&r);
        dict["datastore_report"] = json!({
            "version": v.version,
            "rows": v.row_count,
            "fields": v.columns.iter().map(|c| json!({"id": c.name, "type": c.kind.code()})).collect::<Vec<_>>(),
            "problems": v.problems,
            "problems_omitted": v.problems_omitted,
        });
        Ok(dict)
    }
    .await;
    if answer.is_err() {
        import::discard(&call.app, &stored).await;
    }
    answer
}
