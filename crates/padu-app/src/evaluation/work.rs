//! The OPD's work on an indicator: claim and narrative, and submitting it for review.

use padu_core::access::{Action, Role, allows};
use padu_core::evaluation::{self, Claim, Status};
use padu_store::evaluation::{PeriodIndicator, Transition, WorkPatch};
use padu_store::notifications::NewNotification;

use super::*;
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::Caller;
use crate::kit::validate::{disallowed, has_forbidden_control};

/// The indicator `number` of a period with its context, if the caller may do `action` on it:
/// 404 when the caller may not even see the period's instansi (a record outside it), 403 when
/// they may see it but not do `action`; any action but seeing it only while the period is open
/// (409 once it is closed).
pub async fn indicator_for(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    action: Action,
) -> Result<(PeriodContext, PeriodIndicator), AppError> {
    // 404 for a caller who may not see the instansi (period_for asks check_record)
    let ctx = period_for(app, caller, period_id, Action::ViewInstansi).await?;
    if action != Action::ViewInstansi {
        ensure_open(&ctx)?;
    }
    let pi = app
        .store
        .period_indicator(period_id, number)
        .await?
        .ok_or(AppError::NotFound("Indikator"))?;
    if !allows(&caller.actor(), action, &ctx.target(&pi)) {
        return Err(AppError::Forbidden);
    }
    Ok((ctx, pi))
}

/// Changes to the claim and narrative.
#[derive(Debug, Clone, Default)]
pub struct WorkInput {
    /// `Some(None)` clears the claim.
    pub self_level: Option<Option<String>>,
    pub fakta: Option<String>,
    pub analisis: Option<String>,
}

pub async fn update_work(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    input: &WorkInput,
) -> Result<PeriodIndicator, AppError> {
    Ok(update_work_in(app, caller, period_id, number, input)
        .await?
        .1)
}

/// [`update_work`], with the period's context it read (a save changes neither the period nor
/// its instansi: an answer built from it needs no second read).
pub async fn update_work_in(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    input: &WorkInput,
) -> Result<(PeriodContext, PeriodIndicator), AppError> {
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::EditIndicator).await?;
    let indicator = ctx
        .instrument
        .indicator(number)
        .ok_or(AppError::NotFound("Indikator"))?;
    let mut errors = Vec::new();
    let self_value = match &input.self_level {
        Some(Some(raw)) if indicator.is_external() => {
            errors.push(FieldError {
                field: "self_level".into(),
                message: "Nilai indikator ini diambil dari indeks eksternal".into(),
            });
            let _ = raw;
            None
        }
        Some(Some(raw)) => match parse_value(raw, "self_level")
            .and_then(|v| check_value(&ctx.instrument, v, "self_level"))
        {
            Ok(v) => Some(Some(v)),
            Err(AppError::Invalid(mut f)) => {
                errors.append(&mut f);
                None
            }
            Err(e) => return Err(e),
        },
        Some(None) => Some(None),
        None => None,
    };
    for (field, label, text) in [
        ("fakta", "Fakta", &input.fakta),
        ("analisis", "Analisis", &input.analisis),
    ] {
        if text
            .as_ref()
            .is_some_and(|t| t.chars().count() > MAX_NARRATIVE)
        {
            errors.push(FieldError {
                field: field.into(),
                message: format!("{label} paling banyak {MAX_NARRATIVE} karakter"),
            });
        } else if text.as_deref().is_some_and(has_forbidden_control) {
            errors.push(disallowed(field, label));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if !pi.status.editable() {
        return Err(AppError::Conflict(format!(
            "indikator berstatus {} dan tidak dapat diubah",
            pi.status.label().to_lowercase()
        )));
    }
    let patch = WorkPatch {
        self_value,
        fakta: input.fakta.clone(),
        analisis: input.analisis.clone(),
    };
    let pi = app
        .store
        .update_work(&caller.who(), period_id, number, &EDITABLE, patch)
        .await?;
    Ok((ctx, pi))
}

/// Users of the instansi with one of `roles` (for notifications).
pub(super) async fn users_with(
    app: &App,
    instansi_id: i64,
    roles: &[Role],
    opd: Option<i64>,
) -> Result<Vec<i64>, AppError> {
    Ok(app
        .store
        .users_in(Some(&[instansi_id]))
        .await?
        .into_iter()
        .filter(|u| {
            u.active
                && roles.contains(&u.role)
                && (opd.is_none() || u.opd_id == opd || u.role != Role::OperatorOpd)
        })
        .map(|u| u.id)
        .collect())
}

pub(super) fn note(
    user_ids: Vec<i64>,
    kind: &str,
    message: &str,
    link: &str,
) -> Vec<NewNotification> {
    user_ids
        .into_iter()
        .map(|user_id| NewNotification {
            user_id,
            kind: kind.into(),
            message: message.into(),
            link: link.into(),
        })
        .collect()
}

pub(super) fn indicator_link(period_id: i64, number: u16) -> String {
    format!("/periode/{period_id}/indikator/{number}")
}

pub async fn submit(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
) -> Result<PeriodIndicator, AppError> {
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::EditIndicator).await?;
    let indicator = ctx
        .instrument
        .indicator(number)
        .ok_or(AppError::NotFound("Indikator"))?;
    let evidence = app.store.indicator_evidence(period_id, number).await?;
    let levels: Vec<u32> = evidence.iter().map(|e| e.level).collect();
    let claim = Claim {
        value: pi.self_value,
        fakta: &pi.fakta,
        analisis: &pi.analisis,
        evidence_levels: &levels,
    };
    evaluation::check_submission(&ctx.instrument, indicator, pi.status, &claim).map_err(refused)?;
    let reviewers = users_with(app, ctx.instansi.id, &[Role::AsesorInternal], None).await?;
    let message = format!("Indikator {number} diajukan untuk ditinjau.");
    transition_telling(
        app,
        caller,
        (period_id, number),
        Telling {
            users: reviewers,
            kind: "diajukan",
            message: &message,
        },
        Transition {
            expect: EDITABLE.to_vec(),
            to: Status::Submitted,
            accepted_value: None,
            comment: None,
            action: "indicator.submit",
            notify: Vec::new(),
        },
    )
    .await
}

/// Who an indicator's move is told about, in the app and by e-mail.
pub(super) struct Telling<'a> {
    pub users: Vec<i64>,
    pub kind: &'a str,
    pub message: &'a str,
}

/// Moves indicator `number` of `period_id` as `change` says (its notifications are `telling`'s),
/// then e-mails the copies once the change committed.
pub(super) async fn transition_telling(
    app: &App,
    caller: &Caller,
    (period_id, number): (i64, u16),
    telling: Telling<'_>,
    mut change: Transition,
) -> Result<PeriodIndicator, AppError> {
    change.notify = note(
        telling.users,
        telling.kind,
        telling.message,
        &indicator_link(period_id, number),
    );
    let notifications = change.notify.clone();
    let done = app
        .store
        .transition(&caller.who(), period_id, number, change)
        .await?;
    crate::kit::mail::notify(app, &notifications);
    Ok(done)
}

/// Workflow refusals as a 409 listing every reason.
pub(super) fn refused(reasons: Vec<String>) -> AppError {
    AppError::Conflict(format!("tidak dapat dilakukan: {}", reasons.join("; ")))
}
