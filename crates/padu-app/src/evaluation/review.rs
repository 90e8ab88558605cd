//! Review: returning or accepting an indicator, evidence verdicts, final and external values.

use padu_core::access::{Action, Role};
use padu_core::evaluation::{self, Status};
use padu_store::evaluation::{PeriodIndicator, Transition};

use super::period::check_date;
use super::work::{Telling, refused, transition_telling, users_with};
use super::*;
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::Caller;
use crate::kit::validate::{disallowed, has_forbidden_control};

pub async fn return_indicator(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    text: &str,
) -> Result<PeriodIndicator, AppError> {
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::ReviewIndicator).await?;
    if text.trim().is_empty() {
        return Err(AppError::field("note", "Catatan pengembalian wajib diisi"));
    }
    if has_forbidden_control(text) {
        return Err(AppError::Invalid(vec![disallowed(
            "note",
            "Catatan pengembalian",
        )]));
    }
    evaluation::check_return(pi.status, text).map_err(refused)?;
    let operators = users_with(app, ctx.instansi.id, &[Role::OperatorOpd], pi.lead_opd).await?;
    let message = format!("Indikator {number} dikembalikan: {}", text.trim());
    transition_telling(
        app,
        caller,
        (period_id, number),
        Telling {
            users: operators,
            kind: "dikembalikan",
            message: &message,
        },
        Transition {
            expect: vec![Status::Submitted],
            to: Status::Returned,
            accepted_value: None,
            comment: Some(("dikembalikan".into(), text.trim().to_string())),
            action: "indicator.return",
            notify: Vec::new(),
        },
    )
    .await
}

pub async fn accept(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    level: &str,
    text: Option<&str>,
) -> Result<PeriodIndicator, AppError> {
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::ReviewIndicator).await?;
    let value =
        parse_value(level, "level").and_then(|v| check_value(&ctx.instrument, v, "level"))?;
    evaluation::check_accept(&ctx.instrument, pi.status, value).map_err(refused)?;
    let operators = users_with(app, ctx.instansi.id, &[Role::OperatorOpd], pi.lead_opd).await?;
    let shown = ctx.instrument.values.format(value, ',');
    let message = format!("Indikator {number} diterima dengan nilai {shown}.");
    let body = text
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map_or_else(|| format!("Diterima dengan nilai {shown}."), str::to_string);
    transition_telling(
        app,
        caller,
        (period_id, number),
        Telling {
            users: operators,
            kind: "diterima",
            message: &message,
        },
        Transition {
            expect: vec![Status::Submitted],
            to: Status::Accepted,
            accepted_value: Some(Some(value)),
            comment: Some(("diterima".into(), body)),
            action: "indicator.accept",
            notify: Vec::new(),
        },
    )
    .await
}

pub async fn set_final(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    level: Option<&str>,
    text: Option<&str>,
) -> Result<PeriodIndicator, AppError> {
    let (ctx, _) = indicator_for(app, caller, period_id, number, Action::SetFinal).await?;
    let value = match level {
        Some(l) => {
            Some(parse_value(l, "level").and_then(|v| check_value(&ctx.instrument, v, "level"))?)
        }
        None => None,
    };
    Ok(app
        .store
        .set_final(&caller.who(), period_id, number, value, text)
        .await?)
}

pub async fn set_external(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    value: &str,
    source: &str,
    date: Option<&str>,
) -> Result<PeriodIndicator, AppError> {
    let ctx = period_for(app, caller, period_id, Action::ManagePeriod).await?;
    ensure_open(&ctx)?;
    let indicator = ctx
        .instrument
        .indicator(number)
        .ok_or(AppError::NotFound("Indikator"))?;
    if !indicator.is_external() {
        return Err(AppError::field(
            "value",
            "Indikator ini tidak dinilai dari indeks eksternal",
        ));
    }
    let mut errors = Vec::new();
    let value =
        match parse_value(value, "value").and_then(|v| check_value(&ctx.instrument, v, "value")) {
            Ok(v) => Some(v),
            Err(AppError::Invalid(mut f)) => {
                errors.append(&mut f);
                None
            }
            Err(e) => return Err(e),
        };
    if source.trim().is_empty() || source.chars().count() > 300 {
        errors.push(FieldError {
            field: "source".into(),
            message: "Sumber nilai wajib diisi (paling banyak 300 karakter)".into(),
        });
    }
    check_date("date", &date.map(str::to_string), &mut errors);
    match value {
        Some(v) if errors.is_empty() => Ok(app
            .store
            .set_external(&caller.who(), period_id, number, v, source.trim(), date)
            .await?),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// An internal assessor's verdict on one evidence item of a submitted indicator: `diterima`,
/// `tidak_tepat` or `belum_diunggah` (items above a level that is not fully accepted are then
/// rejected automatically by the store).
pub async fn review_evidence(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    link_id: i64,
    review: &str,
    note: Option<&str>,
) -> Result<Vec<padu_store::evaluation::LinkedEvidence>, AppError> {
    use padu_core::evaluation::EvidenceReview;
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::ReviewIndicator).await?;
    let review = match EvidenceReview::from_code(review.trim()) {
        Some(
            r @ (EvidenceReview::Diterima
            | EvidenceReview::TidakTepat
            | EvidenceReview::BelumDiunggah),
        ) => r,
        _ => {
            return Err(AppError::field(
                "review",
                "Pilih diterima, revisi: tidak tepat, atau revisi: belum diunggah",
            ));
        }
    };
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_COMMENT) {
        return Err(AppError::field(
            "note",
            format!("Catatan paling banyak {MAX_COMMENT} karakter"),
        ));
    }
    if note.is_some_and(has_forbidden_control) {
        return Err(AppError::Invalid(vec![disallowed("note", "Catatan")]));
    }
    if pi.status != Status::Submitted {
        return Err(AppError::Conflict(
            "bukti dukung hanya dapat ditinjau selama indikator berstatus diajukan".into(),
        ));
    }
    let verdict = padu_store::evaluation::Verdict {
        review,
        note: note.map(str::to_string),
    };
    Ok(app
        .store
        .review_evidence(
            &caller.who(),
            period_id,
            number,
            link_id,
            verdict,
            ctx.instrument.values.min_level(),
        )
        .await?)
}
