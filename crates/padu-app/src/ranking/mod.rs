//! Rankings across Pemda: a province's kabupaten/kota (and the province itself), or every
//! instansi in the country, by the index of one year's annual evaluation. Each period counts
//! with its final values where present, else the accepted ones, else the scale's floor (as the
//! trend on the dashboard), and the rank is shared by equal exact indices ("1, 2, 2, 4").
//!
//! Queries: the instansi (one), the evaluation years (one), that year's evaluations (one) and
//! their indicator values (one), whatever the number of instansi.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use padu_core::access::{Action, InstansiKind, allows};
use padu_core::{Exact, Instrument, Value};
use padu_store::Instansi;

use crate::evaluation::dashboard::score_with;
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::{Acting, Caller};

/// Which instansi are ranked.
#[derive(Debug, Clone)]
pub enum Scope {
    /// Every instansi evaluated (seen from the nasional instansi).
    National,
    /// A province and its kabupaten/kota.
    Province(Instansi),
}

/// One ranked instansi.
#[derive(Debug, Clone)]
pub struct Ranked {
    /// 1 for the highest; equal indices share a rank.
    pub rank: usize,
    pub instansi: Instansi,
    pub period_id: i64,
    pub instrument: Arc<Instrument>,
    pub index: Exact,
    /// Every indicator has its final value (else the index is provisional).
    pub all_final: bool,
}

/// A ranking of one year.
#[derive(Debug, Clone)]
pub struct Ranking {
    pub scope: Scope,
    /// The year shown (the newest with an evaluation unless asked otherwise).
    pub year: Option<i32>,
    /// Years with an evaluation in the scope, newest first.
    pub years: Vec<i32>,
    pub rows: Vec<Ranked>,
    /// Instansi of the scope without an evaluation that year.
    pub missing: Vec<Instansi>,
}

/// The national ranking, for those who may see the nasional instansi (a superadmin).
pub async fn national(app: &App, caller: &Caller, year: Option<i32>) -> Result<Ranking, AppError> {
    let all = app.store.all_instansi().await?;
    let nasional = all
        .iter()
        .find(|i| i.kind == InstansiKind::Nasional)
        .ok_or(AppError::NotFound("Instansi nasional"))?;
    if !allows(&caller.actor(), Action::ViewInstansi, &nasional.target()) {
        return Err(AppError::Forbidden);
    }
    let members: Vec<Instansi> = all
        .into_iter()
        .filter(|i| i.kind != InstansiKind::Nasional)
        .collect();
    rank(app, Scope::National, members, year, false).await
}

/// The ranking of province `id` and its kabupaten/kota.
pub async fn province(
    app: &App,
    caller: &Caller,
    id: i64,
    year: Option<i32>,
) -> Result<Ranking, AppError> {
    let all = app.store.all_instansi().await?;
    let province = all
        .iter()
        .find(|i| i.id == id)
        .cloned()
        .ok_or(AppError::NotFound("Instansi"))?;
    caller.check_record(Action::ViewInstansi, &province.target(), "Instansi")?;
    if province.kind != InstansiKind::Provinsi {
        return Err(AppError::NotFound("Provinsi"));
    }
    let members: Vec<Instansi> = all
        .into_iter()
        .filter(|i| i.id == id || i.parent_id == Some(id))
        .collect();
    rank(app, Scope::Province(province), members, year, true).await
}

async fn rank(
    app: &App,
    scope: Scope,
    members: Vec<Instansi>,
    year: Option<i32>,
    filter_ids: bool,
) -> Result<Ranking, AppError> {
    let ids: Vec<i64> = members.iter().map(|i| i.id).collect();
    let only = filter_ids.then_some(ids.as_slice());
    let years = app.store.evaluation_years(only).await?;
    let year = year
        .filter(|y| years.contains(y))
        .or(years.first().copied());
    let Some(year) = year else {
        return Ok(Ranking {
            scope,
            year: None,
            years,
            rows: Vec::new(),
            missing: members,
        });
    };
    let periods = app.store.evaluations_of_year(year, only).await?;
    let period_ids: Vec<i64> = periods.iter().map(|p| p.id).collect();
    let values = app.store.indicator_values_of_periods(&period_ids).await?;
    let mut by_period: HashMap<i64, (HashMap<u16, Value>, usize)> = HashMap::new();
    for v in &values {
        let entry = by_period.entry(v.period_id).or_default();
        if let Some(value) = v.final_value.or(v.accepted_value) {
            entry.0.insert(v.number, value);
        }
        if v.final_value.is_some() {
            entry.1 += 1;
        }
    }
    let by_id: HashMap<i64, &Instansi> = members.iter().map(|i| (i.id, i)).collect();
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in &periods {
        let (Some(instansi), Some(instrument)) = (
            by_id.get(&p.instansi_id),
            app.catalog.instrument(&p.instrument),
        ) else {
            continue;
        };
        // one row per instansi: the first evaluation of the year
        if !seen.insert(p.instansi_id) {
            continue;
        }
        let (values, finals) = by_period
            .get(&p.id)
            .map_or((None, 0), |(v, f)| (Some(v), *f));
        let (score, _) = score_with(instrument, |n| values.and_then(|v| v.get(&n).copied()))?;
        rows.push(Ranked {
            rank: 0,
            instansi: (*instansi).clone(),
            period_id: p.id,
            instrument: Arc::clone(instrument),
            index: score.index,
            all_final: finals == instrument.indicators.len(),
        });
    }
    rows.sort_by(|a, b| {
        b.index
            .cmp(&a.index)
            .then_with(|| a.instansi.name.cmp(&b.instansi.name))
    });
    let mut previous: Option<Exact> = None;
    for i in 0..rows.len() {
        rows[i].rank = match previous {
            Some(p) if p.cmp(&rows[i].index) == Ordering::Equal => rows[i - 1].rank,
            _ => i + 1,
        };
        previous = Some(rows[i].index);
    }
    let missing = members
        .into_iter()
        .filter(|i| !seen.contains(&i.id))
        .collect();
    Ok(Ranking {
        scope,
        year: Some(year),
        years,
        rows,
        missing,
    })
}
