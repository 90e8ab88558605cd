//! The instansi's index targets by year (the RPJMD's IKU for SPBE), the index each year's
//! annual evaluation realised (on one basis: final when the period has any final value, else
//! accepted, else self-assessed, the basis always said, as the province's overview counts it)
//! and the gap. The targets belong to the instansi, not to a roadmap version (the RPJMD sets
//! them; a roadmap's review must not fork them). Every role of the instansi reads them; the
//! admin instansi and the koordinator set them (`EditRoadmap`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use padu_core::access::Action;
use padu_core::evaluation::PeriodKind;
use padu_core::peta_rencana::{YEARS, iku};
use padu_core::{Exact, Instrument, Value};
use padu_store::Instansi;
use padu_store::evaluation::IndicatorValues;

use super::core_errors;
use crate::evaluation::Basis;
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::{Acting, Caller};
use crate::org::instansi_for;
use crate::pembinaan::overview::score_of;

/// What a year's evaluation realised.
#[derive(Debug, Clone)]
pub struct Realised {
    pub period_id: i64,
    pub instrument: Arc<Instrument>,
    pub basis: Basis,
    pub index: Exact,
}

/// One year of the IKU.
#[derive(Debug, Clone)]
pub struct IkuYear {
    pub year: i32,
    pub target: Option<Value>,
    pub realised: Option<Realised>,
    /// How far the realised index falls short of the target (zero once met).
    pub gap: Option<Exact>,
}

/// An instansi's IKU: every year with a target or an annual evaluation, ascending.
#[derive(Debug, Clone)]
pub struct Iku {
    pub instansi: Instansi,
    pub years: Vec<IkuYear>,
}

/// The IKU of instansi `instansi_id`: three queries (targets, periods, their values).
pub async fn load(app: &App, caller: &Caller, instansi_id: i64) -> Result<Iku, AppError> {
    let inst = instansi_for(app, caller, instansi_id, Action::ViewRoadmap).await?;
    read(app, inst).await
}

async fn read(app: &App, inst: Instansi) -> Result<Iku, AppError> {
    let targets = app.store.iku_targets(inst.id).await?;
    let mut periods = app.store.periods_of(inst.id).await?;
    periods.retain(|p| p.kind == PeriodKind::Evaluasi);
    // the first annual evaluation of each year, as the ranking and the overview count it
    periods.sort_by_key(|p| (p.year, p.id));
    periods.dedup_by_key(|p| p.year);
    let ids: Vec<i64> = periods.iter().map(|p| p.id).collect();
    let mut values: HashMap<i64, Vec<IndicatorValues>> = HashMap::new();
    for v in app.store.indicator_values_of_periods(&ids).await? {
        values.entry(v.period_id).or_default().push(v);
    }
    let mut realised: BTreeMap<i32, Realised> = BTreeMap::new();
    let none = Vec::new();
    for p in &periods {
        let Some(instrument) = app.catalog.instrument(&p.instrument).cloned() else {
            continue;
        };
        let vals = values.get(&p.id).unwrap_or(&none);
        let score = score_of(&instrument, vals.iter())?;
        realised.insert(
            p.year,
            Realised {
                period_id: p.id,
                instrument,
                basis: score.basis,
                index: score.index,
            },
        );
    }
    let years: BTreeSet<i32> = targets.keys().chain(realised.keys()).copied().collect();
    let years = years
        .into_iter()
        .map(|year| {
            let target = targets.get(&year).copied();
            let realised = realised.remove(&year);
            IkuYear {
                year,
                target,
                gap: iku::gap(target, realised.as_ref().map(|r| r.index)),
                realised,
            }
        })
        .collect();
    Ok(Iku {
        instansi: inst,
        years,
    })
}

/// Sets the targets of instansi `instansi_id` (the admin instansi or the koordinator): every
/// year typed replaces the stored ones (`{"2026": "2,75"}`; a year left out has no target).
/// Each year within 2015-2100, each target 0 to 5 with at most two decimals.
pub async fn set_targets(
    app: &App,
    caller: &Caller,
    instansi_id: i64,
    typed: &BTreeMap<i32, String>,
) -> Result<Iku, AppError> {
    let inst = instansi_for(app, caller, instansi_id, Action::ViewRoadmap).await?;
    caller.check(Action::EditRoadmap, &inst.target())?;
    let mut pairs = Vec::new();
    let targets = iku::check_targets(typed, YEARS, &mut pairs);
    if !pairs.is_empty() {
        let mut errors = Vec::new();
        core_errors(pairs, &mut errors);
        return Err(AppError::Invalid(errors));
    }
    app.store
        .set_iku_targets(&caller.who(), inst.id, &targets)
        .await?;
    read(app, inst).await
}
