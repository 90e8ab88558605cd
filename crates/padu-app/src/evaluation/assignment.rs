//! Which OPD leads each indicator of a period, and which contribute.

use padu_core::access::Action;
use padu_store::evaluation::PeriodIndicator;

use super::*;
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Caller;

/// Sets an indicator's lead and contributing OPDs.
pub async fn assign(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    lead: Option<i64>,
    opds: &[i64],
) -> Result<PeriodIndicator, AppError> {
    let ctx = period_for(app, caller, period_id, Action::ManagePeriod).await?;
    ensure_open(&ctx)?;
    ctx.instrument
        .indicator(number)
        .ok_or(AppError::NotFound("Indikator"))?;
    Ok(app
        .store
        .set_assignment(&caller.who(), period_id, number, lead, opds)
        .await?)
}

/// Applies the instrument's default ownership (OPD kinds) to the instansi's OPDs; indicators
/// whose kind of OPD the instansi lacks keep their current assignment. Returns how many were set.
pub async fn apply_default_assignment(
    app: &App,
    caller: &Caller,
    period_id: i64,
) -> Result<usize, AppError> {
    let ctx = period_for(app, caller, period_id, Action::ManagePeriod).await?;
    ensure_open(&ctx)?;
    let opds: Vec<_> = app
        .store
        .opds_of(ctx.instansi.id)
        .await?
        .into_iter()
        .filter(|o| o.active)
        .collect();
    let of_kind = |kind: &str| opds.iter().find(|o| o.kind == kind).map(|o| o.id);
    let assignments: Vec<(u16, Option<i64>, Vec<i64>)> = ctx
        .instrument
        .indicators
        .iter()
        .filter_map(|ind| {
            let lead = of_kind(ind.lead_opd.as_deref()?)?;
            let contributors = ind
                .contributing_opds
                .iter()
                .filter_map(|k| of_kind(k))
                .filter(|o| *o != lead)
                .collect();
            Some((ind.number, Some(lead), contributors))
        })
        .collect();
    let count = assignments.len();
    app.store
        .set_assignments(&caller.who(), period_id, &assignments)
        .await?;
    Ok(count)
}
