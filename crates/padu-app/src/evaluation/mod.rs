//! The evaluation cycle: periods, indicators assigned to OPDs, claims, evidence, review, the
//! live index. Each operation validates its input, asks `padu_core::access` whether the caller
//! may, applies the core's workflow rules, then calls the store.

mod assignment;
mod comments;
pub mod dashboard;
mod detail;
pub mod evidence;
mod period;
mod period_changes;
pub mod plan_actual;
pub mod reminders;
mod review;
mod scoring;
pub mod texts;
mod work;

pub use assignment::{apply_default_assignment, assign};
pub use comments::{MAX_COMMENT, add_comment, may_comment, thread};
pub use detail::{
    IndicatorDetail, LevelState, Rights, comments_of, floor_level, indicator_detail, level_state,
    level_states, may_read_work, rights,
};
pub use evidence::link_existing_evidence;
pub use period::{PeriodInput, create_period};
pub use period_changes::{
    PeriodChanges, STAGE_FIELDS, close_period, update_period, visible_period,
};
pub use review::{accept, return_indicator, review_evidence, set_external, set_final};
pub use scoring::{Basis, score_period};
pub use work::{WorkInput, indicator_for, submit, update_work, update_work_in};

use std::sync::Arc;

use padu_core::access::{Action, Target};
use padu_core::exact::{DecimalError, parse_fixed};
use padu_core::{Instrument, Value};
use padu_store::Instansi;
use padu_store::evaluation::{Period, PeriodIndicator};

use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::{Acting, Caller};

pub use padu_core::evaluation::EDITABLE;
/// Longest narrative part accepted.
pub const MAX_NARRATIVE: usize = 20_000;

/// A period with its instansi and instrument, once the caller may act on it.
#[derive(Debug, Clone)]
pub struct PeriodContext {
    pub period: Period,
    pub instansi: Instansi,
    pub instrument: Arc<Instrument>,
}

impl PeriodContext {
    /// Where an indicator sits for permission decisions: its lead OPD, or the instansi when it
    /// has none yet.
    pub fn target(&self, indicator: &PeriodIndicator) -> Target {
        match indicator.lead_opd {
            Some(opd) => Target::opd(self.instansi.id, self.instansi.province(), opd),
            None => self.instansi.target(),
        }
    }

    /// Whether `actor` may do `action` at one of the indicator's contributing OPDs (who work on
    /// it beside the lead).
    pub fn allows_at_contributor(
        &self,
        actor: &padu_core::access::Actor,
        action: Action,
        indicator: &PeriodIndicator,
    ) -> bool {
        let (id, province) = (self.instansi.id, self.instansi.province());
        indicator
            .contributors
            .iter()
            .any(|opd| padu_core::access::allows(actor, action, &Target::opd(id, province, *opd)))
    }
}

/// The period `id` if the caller may do `action` at its instansi (404 / 403 otherwise).
pub async fn period_for(
    app: &App,
    caller: &impl Acting,
    id: i64,
    action: Action,
) -> Result<PeriodContext, AppError> {
    let period = app
        .store
        .period(id)
        .await?
        .ok_or(AppError::NotFound("Periode"))?;
    let instansi = app
        .store
        .instansi(period.instansi_id)
        .await?
        .ok_or(AppError::NotFound("Instansi"))?;
    caller.check_record(action, &instansi.target(), "Periode")?;
    let instrument = app
        .catalog
        .instrument(&period.instrument)
        .cloned()
        .ok_or_else(|| {
            AppError::Internal(format!(
                "instrument {} of period {id} is not loaded",
                period.instrument
            ))
        })?;
    Ok(PeriodContext {
        period,
        instansi,
        instrument,
    })
}

/// `Conflict` when the period of `ctx` is closed: its work no longer changes.
pub fn ensure_open(ctx: &PeriodContext) -> Result<(), AppError> {
    if ctx.period.closed {
        Err(AppError::Conflict(
            "Periode sudah ditutup; data tidak dapat diubah.".into(),
        ))
    } else {
        Ok(())
    }
}

/// A number like `3`, `1.26` or `"1,26"` as an exact value (no floating point).
pub fn parse_value(raw: &str, field: &str) -> Result<Value, AppError> {
    match parse_fixed(raw, 2, true) {
        Ok(h) => Ok(Value(h)),
        Err(DecimalError::TooManyDecimals { .. }) => {
            Err(AppError::field(field, "Nilai paling banyak 2 desimal"))
        }
        Err(_) => Err(AppError::field(field, format!("\"{raw}\" bukan angka"))),
    }
}

fn check_value(instrument: &Instrument, value: Value, field: &str) -> Result<Value, AppError> {
    match padu_core::score::value_problem(instrument, value) {
        Some(problem) => Err(AppError::field(
            field,
            crate::kit::text::capitalise(&problem),
        )),
        None => Ok(value),
    }
}

/// The indicators of the period of `ctx` (the caller's right to see it was checked when `ctx`
/// was made by [`period_for`]).
pub async fn indicators(app: &App, ctx: &PeriodContext) -> Result<Vec<PeriodIndicator>, AppError> {
    Ok(app.store.period_indicators(ctx.period.id).await?)
}

/// The OPDs of the instansi of `ctx`.
pub async fn opds(app: &App, ctx: &PeriodContext) -> Result<Vec<padu_store::Opd>, AppError> {
    Ok(app.store.opds_of(ctx.instansi.id).await?)
}

/// The periods of instansi `instansi_id` if the caller may see it, newest first.
pub async fn periods_of(
    app: &App,
    caller: &impl Acting,
    instansi_id: i64,
) -> Result<(Instansi, Vec<Period>), AppError> {
    let inst = app
        .store
        .instansi(instansi_id)
        .await?
        .ok_or(AppError::NotFound("Instansi"))?;
    caller.check_record(
        padu_core::access::Action::ViewInstansi,
        &inst.target(),
        "Instansi",
    )?;
    let periods = app.store.periods_of(inst.id).await?;
    Ok((inst, periods))
}

/// The periods of the caller's own instansi (none without one), newest first.
pub async fn own_periods(app: &App, caller: &Caller) -> Result<Vec<Period>, AppError> {
    match caller.user.instansi_id {
        Some(id) => Ok(app.store.periods_of(id).await?),
        None => Ok(Vec::new()),
    }
}
