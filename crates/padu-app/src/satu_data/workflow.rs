//! The walidata workflow: the produsen submits a draft (or a returned dataset) once it has a
//! title, a description, its owner OPD and a licence; the walidata (or the walidata pendukung)
//! returns it with a note per field, or approves it; data prioritas is approved by the walidata
//! itself, which records the pembina's verdict with the approval; the walidata publishes and
//! withdraws. Submitting tells the walidata team, a return and a publication the OPD's produsen.
//! Every step is one audited write naming its actor.

use std::collections::BTreeMap;

use padu_core::access::{Action, DataRole};
use padu_core::satu_data::{self, Status};
use padu_store::notifications::NewNotification;
use padu_store::satu_data::Dataset;

use super::dataset_for;
use super::datasets::status_conflict;
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::Caller;

/// Notifications to the active users of `ds`'s instansi holding one of `roles` (a produsen
/// only when it produces `ds`'s OPD's data).
async fn notes_to(
    app: &App,
    ds: &Dataset,
    roles: &[DataRole],
    message: String,
) -> Result<Vec<NewNotification>, AppError> {
    Ok(app
        .store
        .users_in(Some(&[ds.instansi_id]))
        .await?
        .into_iter()
        .filter(|u| u.active)
        .filter(|u| {
            u.data.is_some_and(|g| {
                roles.contains(&g.role)
                    && (g.role != DataRole::ProdusenData || g.opd == Some(ds.opd_id))
            })
        })
        .map(|u| NewNotification {
            user_id: u.id,
            kind: "satu_data".into(),
            message: message.clone(),
            // the dataset as the API shows it
            link: format!("/api/v1/datasets/{}", ds.id),
        })
        .collect())
}

async fn step(
    app: &App,
    caller: &Caller,
    ds: &Dataset,
    next: Dataset,
    action: &str,
    notify: &[NewNotification],
) -> Result<Dataset, AppError> {
    Ok(app
        .store
        .save_dataset(&caller.who(), &next, ds.status, action, notify)
        .await?)
}

/// Submits dataset `key` to the walidata.
pub async fn submit(app: &App, caller: &Caller, key: &str) -> Result<Dataset, AppError> {
    let (ds, _) = dataset_for(app, caller, key, Action::EditDataset).await?;
    if !ds.status.may_submit() {
        return Err(status_conflict(&ds, "diajukan"));
    }
    let missing = satu_data::missing_for_submit(&ds.fields, Some(ds.opd_id));
    if !missing.is_empty() {
        return Err(AppError::Invalid(
            missing
                .into_iter()
                .map(|(field, message)| FieldError { field, message })
                .collect(),
        ));
    }
    let notify = notes_to(
        app,
        &ds,
        &[DataRole::Walidata, DataRole::WalidataPendukung],
        format!("Dataset {} diajukan untuk diperiksa", ds.fields.title),
    )
    .await?;
    let mut next = ds.clone();
    next.status = Status::Submitted;
    step(app, caller, &ds, next, "satu_data.dataset.submit", &notify).await
}

/// Returns submitted dataset `key` to its produsen with a note per field (keyed by the field's
/// name, CKAN's where it has one).
pub async fn return_dataset(
    app: &App,
    caller: &Caller,
    key: &str,
    notes: &BTreeMap<String, String>,
) -> Result<Dataset, AppError> {
    let (ds, _) = dataset_for(app, caller, key, Action::ReviewDataset).await?;
    let notes = satu_data::check_return_notes(notes).map_err(|e| {
        AppError::Invalid(
            e.into_iter()
                .map(|(field, message)| FieldError { field, message })
                .collect(),
        )
    })?;
    if !ds.status.may_review() {
        return Err(status_conflict(&ds, "dikembalikan"));
    }
    let fields: Vec<&str> = notes.keys().map(String::as_str).collect();
    let notify = notes_to(
        app,
        &ds,
        &[DataRole::ProdusenData],
        format!(
            "Dataset {} dikembalikan oleh walidata; perbaiki isian: {}",
            ds.fields.title,
            fields.join(", ")
        ),
    )
    .await?;
    let mut next = ds.clone();
    next.status = Status::Returned;
    next.review_notes = notes;
    step(app, caller, &ds, next, "satu_data.dataset.return", &notify).await
}

/// Approves submitted dataset `key`. Data prioritas needs the walidata, which records the
/// pembina's verdict with it.
pub async fn approve(app: &App, caller: &Caller, key: &str) -> Result<Dataset, AppError> {
    let (ds, inst) = dataset_for(app, caller, key, Action::ReviewDataset).await?;
    if ds.fields.prioritas {
        crate::kit::principal::Acting::check(
            caller,
            Action::PublishDataset,
            &super::target(&inst, &ds),
        )?;
    }
    if !ds.status.may_review() {
        return Err(status_conflict(&ds, "disetujui"));
    }
    let mut next = ds.clone();
    next.status = Status::Approved;
    next.review_notes.clear();
    if ds.fields.prioritas {
        next.pembina_approved_by = Some(caller.user.username.clone());
    }
    step(app, caller, &ds, next, "satu_data.dataset.approve", &[]).await
}

/// Publishes approved (or withdrawn) dataset `key`: public when it is Terbuka.
pub async fn publish(app: &App, caller: &Caller, key: &str) -> Result<Dataset, AppError> {
    let (ds, _) = dataset_for(app, caller, key, Action::PublishDataset).await?;
    if !ds.status.may_publish() {
        return Err(status_conflict(&ds, "ditayangkan"));
    }
    let notify = notes_to(
        app,
        &ds,
        &[DataRole::ProdusenData],
        format!("Dataset {} ditayangkan", ds.fields.title),
    )
    .await?;
    let mut next = ds.clone();
    next.status = Status::Published;
    next.published_at_ms = Some(padu_store::now_ms());
    step(app, caller, &ds, next, "satu_data.dataset.publish", &notify).await
}

/// Withdraws published dataset `key` (no longer public; it may be published again).
pub async fn unpublish(app: &App, caller: &Caller, key: &str) -> Result<Dataset, AppError> {
    let (ds, _) = dataset_for(app, caller, key, Action::PublishDataset).await?;
    if !ds.status.may_unpublish() {
        return Err(status_conflict(&ds, "ditarik dari penayangan"));
    }
    let notify = notes_to(
        app,
        &ds,
        &[DataRole::ProdusenData],
        format!("Dataset {} tidak lagi ditayangkan", ds.fields.title),
    )
    .await?;
    let mut next = ds.clone();
    next.status = Status::Withdrawn;
    step(
        app,
        caller,
        &ds,
        next,
        "satu_data.dataset.unpublish",
        &notify,
    )
    .await
}
