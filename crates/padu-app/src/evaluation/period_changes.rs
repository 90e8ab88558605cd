//! Changing an open period (its target and stage dates) and closing it, for those who manage
//! the instansi's periods. Someone who may not see the instansi is told the period does not
//! exist.

use std::collections::BTreeMap;

use padu_core::access::Action;
use padu_store::evaluation::{DateRange, Period, PeriodPatch, Stages};

use super::period::{check_date, check_target};
use super::*;
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::Caller;

/// The stage date fields, in the order of the form: each stage's start, then its end.
pub const STAGE_FIELDS: [&str; 8] = [
    "mandiri_mulai",
    "mandiri_selesai",
    "dokumen_mulai",
    "dokumen_selesai",
    "interviu_mulai",
    "interviu_selesai",
    "visitasi_mulai",
    "visitasi_selesai",
];

/// Changes to an open period; what is left out stays as it is.
#[derive(Debug, Clone, Default)]
pub struct PeriodChanges {
    /// `Some(None)` (or a blank text) removes the target.
    pub target: Option<Option<String>>,
    /// Stage dates (`yyyy-mm-dd`) by field name ([`STAGE_FIELDS`]); `None` clears a date.
    pub dates: BTreeMap<String, Option<String>>,
}

/// The period `id` for changing it: 404 when the caller may not see its instansi, 403 when they
/// may see it but not manage its periods.
async fn period_to_manage(app: &App, caller: &Caller, id: i64) -> Result<PeriodContext, AppError> {
    period_for(app, caller, id, Action::ManagePeriod).await
}

/// The period `id` if the caller may see its instansi (404 otherwise).
pub async fn visible_period(app: &App, caller: &Caller, id: i64) -> Result<Period, AppError> {
    Ok(period_for(app, caller, id, Action::ViewInstansi)
        .await?
        .period)
}

fn stage_mut<'a>(stages: &'a mut Stages, field: &str) -> Option<&'a mut Option<String>> {
    let (stage, end) = field.rsplit_once('_')?;
    let range: &mut DateRange = match stage {
        "mandiri" => &mut stages.mandiri,
        "dokumen" => &mut stages.dokumen,
        "interviu" => &mut stages.interviu,
        "visitasi" => &mut stages.visitasi,
        _ => return None,
    };
    match end {
        "mulai" => Some(&mut range.start),
        "selesai" => Some(&mut range.end),
        _ => None,
    }
}

/// Changes the target or stage dates of an open period, checking every part before writing
/// anything (a closed period: 409).
pub async fn update_period(
    app: &App,
    caller: &Caller,
    id: i64,
    changes: &PeriodChanges,
) -> Result<Period, AppError> {
    let ctx = period_to_manage(app, caller, id).await?;
    ensure_open(&ctx)?;
    let mut errors = Vec::new();
    let target = match &changes.target {
        None => None,
        Some(raw) => match raw.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => Some(None),
            Some(t) => {
                match parse_value(t, "target").and_then(|v| check_target(&ctx.instrument, v)) {
                    Ok(v) => Some(Some(v)),
                    Err(AppError::Invalid(mut f)) => {
                        errors.append(&mut f);
                        None
                    }
                    Err(e) => return Err(e),
                }
            }
        },
    };
    let mut stages = ctx.period.stages.clone();
    for (field, value) in &changes.dates {
        let value = value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string);
        match stage_mut(&mut stages, field) {
            Some(slot) => {
                check_date(field, &value, &mut errors);
                *slot = value;
            }
            None => errors.push(FieldError {
                field: field.clone(),
                message: format!(
                    "Tanggal tahap \"{field}\" tidak dikenal; yang ada: {}",
                    STAGE_FIELDS.join(", ")
                ),
            }),
        }
    }
    for (name, range) in [
        ("mandiri", &stages.mandiri),
        ("dokumen", &stages.dokumen),
        ("interviu", &stages.interviu),
        ("visitasi", &stages.visitasi),
    ] {
        let day = |d: &Option<String>| d.as_deref().and_then(padu_core::date::parse_iso);
        if let (Some(a), Some(b)) = (day(&range.start), day(&range.end))
            && a > b
        {
            errors.push(FieldError {
                field: format!("{name}_selesai"),
                message: format!("Tahap {name} selesai sebelum dimulai"),
            });
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let patch = PeriodPatch {
        target,
        stages: (!changes.dates.is_empty()).then_some(stages),
    };
    if patch == PeriodPatch::default() {
        return Ok(ctx.period);
    }
    Ok(app.store.update_period(&caller.who(), id, patch).await?)
}

/// Closes an open period: its values stay for history and trends, and its work no longer
/// changes (a period already closed: 409).
pub async fn close_period(app: &App, caller: &Caller, id: i64) -> Result<Period, AppError> {
    let ctx = period_to_manage(app, caller, id).await?;
    if ctx.period.closed {
        return Err(AppError::Conflict("Periode sudah ditutup.".into()));
    }
    app.store.close_period(&caller.who(), id).await?;
    Ok(Period {
        closed: true,
        ..ctx.period
    })
}
