//! An item's verification: `draft` (or `returned`) → `submitted` by whoever enters the OPD's
//! items, once its reference code and the domain's required fields are filled; then
//! `verified`, or `returned` with a note, by the admin instansi or the koordinator. Submitting
//! tells the verifiers, returning tells the OPD's operators.

use padu_core::access::{Action, Role};
use padu_core::arsitektur::{self, Status};
use padu_store::arsitektur::ArchitectureItem;
use padu_store::notifications::NewNotification;

use super::item_for;
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::Caller;
use crate::kit::validate::clean_paragraphs;

/// The longest return note, in characters.
pub const MAX_NOTE: usize = 2000;

fn wrong_status(item: &ArchitectureItem, wanted: &str) -> AppError {
    let now = match item.status {
        Status::Draft => "masih draf",
        Status::Submitted => "sudah diajukan dan menunggu verifikasi",
        Status::Verified => "sudah diverifikasi",
        Status::Returned => "dikembalikan untuk diperbaiki",
    };
    AppError::Conflict(format!("Item ini {now}; tidak dapat {wanted}"))
}

async fn notes_to(
    app: &App,
    item: &ArchitectureItem,
    roles: &[Role],
    opd_only: bool,
    message: String,
) -> Result<Vec<NewNotification>, AppError> {
    Ok(app
        .store
        .users_in(Some(&[item.instansi_id]))
        .await?
        .into_iter()
        .filter(|u| u.active && roles.contains(&u.role))
        .filter(|u| !opd_only || u.opd_id == Some(item.opd_id))
        .map(|u| NewNotification {
            user_id: u.id,
            kind: "arsitektur".into(),
            message: message.clone(),
            link: format!("/arsitektur/item/{}", item.id),
        })
        .collect())
}

/// Hands item `id` in for verification.
pub async fn submit(app: &App, caller: &Caller, id: i64) -> Result<ArchitectureItem, AppError> {
    let (item, _) = item_for(app, caller, id, Action::EditArchitecture).await?;
    if !item.status.may_submit() {
        return Err(wrong_status(&item, "diajukan"));
    }
    let mut errors: Vec<FieldError> = Vec::new();
    if item.reference.is_none() {
        errors.push(FieldError {
            field: "reference".into(),
            message: format!(
                "Kode referensi {} wajib diisi sebelum item diajukan",
                item.domain.model()
            ),
        });
    }
    if let Err(e) = arsitektur::validate_fields(item.domain, &item.fields, true) {
        errors.extend(
            e.into_iter()
                .map(|(field, message)| FieldError { field, message }),
        );
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let notes = notes_to(
        app,
        &item,
        &[Role::AdminInstansi, Role::Koordinator],
        false,
        format!(
            "{} ({}) diajukan untuk diverifikasi",
            item.name,
            item.domain.label()
        ),
    )
    .await?;
    let mut next = item.clone();
    next.status = Status::Submitted;
    Ok(app
        .store
        .update_architecture_item(
            &caller.who(),
            &next,
            item.status,
            "architecture.submit",
            &notes,
        )
        .await?)
}

/// Verifies submitted item `id`.
pub async fn verify(app: &App, caller: &Caller, id: i64) -> Result<ArchitectureItem, AppError> {
    let (item, _) = item_for(app, caller, id, Action::VerifyArchitecture).await?;
    if !item.status.may_review() {
        return Err(wrong_status(&item, "diverifikasi"));
    }
    let mut next = item.clone();
    next.status = Status::Verified;
    next.return_note = None;
    Ok(app
        .store
        .update_architecture_item(
            &caller.who(),
            &next,
            item.status,
            "architecture.verify",
            &[],
        )
        .await?)
}

/// Returns submitted item `id` to its OPD with a note saying what to fix.
pub async fn return_item(
    app: &App,
    caller: &Caller,
    id: i64,
    note: &str,
) -> Result<ArchitectureItem, AppError> {
    let (item, _) = item_for(app, caller, id, Action::VerifyArchitecture).await?;
    let mut errors = Vec::new();
    let note = clean_paragraphs("note", "Catatan", note, 1, MAX_NOTE, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if !item.status.may_review() {
        return Err(wrong_status(&item, "dikembalikan"));
    }
    let notes = notes_to(
        app,
        &item,
        &[Role::OperatorOpd],
        true,
        format!("{} dikembalikan: {note}", item.name),
    )
    .await?;
    let mut next = item.clone();
    next.status = Status::Returned;
    next.return_note = Some(note);
    Ok(app
        .store
        .update_architecture_item(
            &caller.who(),
            &next,
            item.status,
            "architecture.return",
            &notes,
        )
        .await?)
}
