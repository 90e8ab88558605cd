//! The live index of a period: everything its dashboard shows, gathered in a fixed number of
//! database queries whatever the number of indicators, OPDs or periods. The charts drawn from it
//! are plain SVG from `padu_reports::charts` (the same markup goes into the PDF report); they
//! are re-exported here for the pages.
//!
//! Queries of [`load`]: the period, its instansi, the instansi's periods, the period's
//! indicators (three), the instansi's OPDs, its expiring evidence and the indicator values of
//! its other periods (one, for the trend), and the period's action items (one): ten in all.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use padu_core::access::{Action, Target, allows};
use padu_core::evaluation::{PeriodKind, Status};
use padu_core::{Assessment, Catalog, Exact, Instrument, Score, Value, score};
pub use padu_reports::charts::{
    BASIS_COLOURS, BarChart, BarRow, LineChart, LinePoint, Scale, TimelineChart, bar_chart, escape,
    line_chart, timeline_chart,
};
use padu_store::changes::{Key, ReadCache};
use padu_store::evaluation::{Evidence, IndicatorValues, Period, PeriodIndicator};
use padu_store::pembinaan::Recommendation;
use padu_store::planner::ActionItem;
use padu_store::{Instansi, Opd};
use time::{Date, OffsetDateTime};

use crate::evaluation::{Basis, period_for};
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::{Acting, Caller};

/// Evidence expiring within this many days is listed.
pub const EXPIRY_DAYS: i64 = 60;
/// Stages ending within this many days are announced.
pub const DEADLINE_DAYS: i64 = 7;
/// The trend shows at most this many periods (the newest).
pub const TREND_PERIODS: usize = 8;

/// The three bases in the order the dashboard shows them.
pub const BASES: [Basis; 3] = [Basis::Self_, Basis::Accepted, Basis::Final];

/// Everything the dashboard of a period shows.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub period: Period,
    pub instansi: Instansi,
    pub instrument: Arc<Instrument>,
    /// Today in the instansi's zone (WIB, WITA or WIT).
    pub today: Date,
    /// The index on each basis, in [`BASES`] order.
    pub scores: [BasisScore; 3],
    /// Every indicator of the period, by number, without its narratives (`fakta` and
    /// `analisis` are empty: the dashboard shows none, and dashboards are cached).
    pub indicators: Vec<PeriodIndicator>,
    /// Each OPD leading at least one indicator, the most overdue first (every OPD: pages show
    /// the caller [`Dashboard::progress_for`]).
    pub progress: Vec<OpdProgress>,
    /// Indicators without a lead OPD.
    pub unassigned: usize,
    /// Carried forward and not yet looked at again.
    pub to_review: Vec<u16>,
    /// Evidence of the instansi expiring within [`EXPIRY_DAYS`] (or already expired).
    pub expiring: Vec<Evidence>,
    /// The index across the instansi's periods, the oldest first.
    pub trend: Vec<TrendPoint>,
    /// Stages of the instansi's open periods ending within [`DEADLINE_DAYS`].
    pub deadlines: Vec<Deadline>,
    /// Names of the instansi's OPDs.
    pub opd_names: HashMap<i64, String>,
    /// The action items of an accepted plan, by semester.
    pub actions: Vec<ActionItem>,
    /// The recommendations (pembinaan) to the instansi not yet followed up, the newest first:
    /// read as data, like the action items; written by the pembinaan feature.
    pub recommendations: Vec<Recommendation>,
}

/// The index of the period on one basis.
#[derive(Debug, Clone)]
pub struct BasisScore {
    pub basis: Basis,
    /// Exact index, domain and aspect values.
    pub score: Score,
    /// How many indicators have a value on this basis (the others count at the scale's floor).
    pub valued: usize,
}

/// Where an index stands against a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgainstTarget {
    Below(Exact),
    Reached,
    Above(Exact),
}

impl BasisScore {
    pub fn against(&self, target: Value) -> AgainstTarget {
        let target = target.exact();
        let index = self.score.index;
        match index.cmp(&target) {
            Ordering::Less => AgainstTarget::Below(target.saturating_sub(index)),
            Ordering::Equal => AgainstTarget::Reached,
            Ordering::Greater => AgainstTarget::Above(index.saturating_sub(target)),
        }
    }
}

/// One OPD's indicators (as lead) by review status.
#[derive(Debug, Clone)]
pub struct OpdProgress {
    pub opd_id: i64,
    pub name: String,
    pub draft: usize,
    pub submitted: usize,
    pub returned: usize,
    pub accepted: usize,
    /// Not submitted nor accepted after the end of the self-assessment stage.
    pub overdue: usize,
}

impl OpdProgress {
    pub fn total(&self) -> usize {
        self.draft + self.submitted + self.returned + self.accepted
    }
}

/// One period on the trend.
#[derive(Debug, Clone)]
pub struct TrendPoint {
    pub period_id: i64,
    pub year: i32,
    pub kind: PeriodKind,
    pub instrument: Arc<Instrument>,
    /// From final values where present, else accepted ones, else the scale's floor.
    pub index: Exact,
    /// Every indicator has a final value.
    pub all_final: bool,
    /// The period of this dashboard.
    pub current: bool,
}

/// A stage of an evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Mandiri,
    Dokumen,
    Interviu,
    Visitasi,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::Mandiri,
        Stage::Dokumen,
        Stage::Interviu,
        Stage::Visitasi,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Mandiri => "mandiri",
            Stage::Dokumen => "dokumen",
            Stage::Interviu => "interviu",
            Stage::Visitasi => "visitasi",
        }
    }

    pub fn end(self, period: &Period) -> Option<&str> {
        let range = match self {
            Stage::Mandiri => &period.stages.mandiri,
            Stage::Dokumen => &period.stages.dokumen,
            Stage::Interviu => &period.stages.interviu,
            Stage::Visitasi => &period.stages.visitasi,
        };
        range.end.as_deref()
    }
}

/// A stage of an open period that ends soon (computed on each visit, never stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub period_id: i64,
    pub year: i32,
    pub kind: PeriodKind,
    pub stage: Stage,
    /// `yyyy-mm-dd`
    pub end: String,
    /// 0 = today.
    pub days_left: i64,
}

/// At most this many dashboards are cached.
pub const CACHED_DASHBOARDS: usize = 64;

/// Dashboards read lately, by period: what every caller who may see the period shares. Only
/// this module reaches it.
struct DashboardCache(ReadCache<i64, Arc<Dashboard>>);

impl Default for DashboardCache {
    fn default() -> Self {
        DashboardCache(ReadCache::new(CACHED_DASHBOARDS))
    }
}

/// The dashboard of period `period_id` for a caller who may see its instansi: from the cache
/// while nothing of the instansi changed and it is still the same day there, else read anew.
pub async fn load(app: &App, caller: &Caller, period_id: i64) -> Result<Arc<Dashboard>, AppError> {
    let changes = app.store.changes();
    let fresh = |d: &Arc<Dashboard>, mark| {
        !changes.changed_since(Key::Instansi(d.instansi.id), mark)
            && d.today == today_in(&d.instansi.timezone)
    };
    let reading = async { read(app, caller, period_id).await.map(Arc::new) };
    let d = app
        .part::<DashboardCache>()
        .0
        .get_or_read(changes, period_id, fresh, reading)
        .await?;
    // read anew, `read` checked it already; from the cache, it is checked here
    caller.check_record(Action::ViewInstansi, &d.instansi.target(), "Periode")?;
    Ok(d)
}

/// Reads the dashboard of period `period_id` for a caller who may see its instansi.
async fn read(app: &App, caller: &Caller, period_id: i64) -> Result<Dashboard, AppError> {
    // 1-2: the period and its instansi, with the permission check
    let ctx = period_for(app, caller, period_id, Action::ViewInstansi).await?;
    let today = today_in(&ctx.instansi.timezone);
    let store = &app.store;
    // 3: every period of the instansi (trend, deadlines)
    let periods = store.periods_of(ctx.instansi.id).await?;
    // 4-6: this period's indicators with contributors and evidence counts
    let mut indicators = store.period_indicators(period_id).await?;
    for pi in &mut indicators {
        // up to 10,000 characters each, shown nowhere on the dashboard
        pi.fakta = String::new();
        pi.analisis = String::new();
    }
    // 7: the OPDs
    let opds = store.opds_of(ctx.instansi.id).await?;
    // 8: evidence expiring soon
    let horizon = iso(add_days(today, EXPIRY_DAYS));
    let expiring = store.expiring_evidence(ctx.instansi.id, &horizon).await?;
    // 9: the values of every other period, for the trend (always one query, even for none)
    let others: Vec<i64> = periods
        .iter()
        .filter(|p| p.id != period_id)
        .map(|p| p.id)
        .collect();
    let other_values = store.indicator_values_of_periods(&others).await?;
    // 10: the action items of an accepted plan
    let actions = store.action_items(period_id).await?;
    // 11: the recommendations still to follow up
    let mut recommendations = store.recommendations_of(ctx.instansi.id).await?;
    recommendations.retain(|r| r.follow_up.is_none());

    let instrument = Arc::clone(&ctx.instrument);
    let by_number: HashMap<u16, &PeriodIndicator> =
        indicators.iter().map(|pi| (pi.number, pi)).collect();
    let mut scores = Vec::with_capacity(3);
    for basis in BASES {
        let (score, valued) = score_with(&instrument, |n| {
            by_number.get(&n).and_then(|pi| basis.pick(pi))
        })?;
        scores.push(BasisScore {
            basis,
            score,
            valued,
        });
    }
    let scores: [BasisScore; 3] = scores
        .try_into()
        .map_err(|_| AppError::Internal("three bases".into()))?;

    let mandiri_over = ctx
        .period
        .stages
        .mandiri
        .end
        .as_deref()
        .and_then(parse_iso)
        .is_some_and(|end| today > end);
    let progress = progress(&opds, &indicators, mandiri_over);
    let unassigned = indicators.iter().filter(|pi| pi.lead_opd.is_none()).count();
    let to_review = indicators
        .iter()
        .filter(|pi| pi.to_review)
        .map(|pi| pi.number)
        .collect();

    let trend = trend(
        &app.catalog,
        &periods,
        period_id,
        &indicators,
        &other_values,
    )?;

    let deadlines = deadlines(&periods, today);
    Ok(Dashboard {
        period: ctx.period,
        instansi: ctx.instansi,
        instrument,
        today,
        scores,
        indicators,
        progress,
        unassigned,
        to_review,
        expiring,
        trend,
        deadlines,
        opd_names: opds.into_iter().map(|o| (o.id, o.name)).collect(),
        actions,
        recommendations,
    })
}

/// The index across an instansi's periods (`periods` newest first, as the store lists them),
/// from final values where present, else accepted ones, else the scale's floor; periods with
/// neither are left out. At most [`TREND_PERIODS`], oldest first. Shared by the dashboard and
/// the report.
pub fn trend(
    catalog: &Catalog,
    periods: &[Period],
    period_id: i64,
    indicators: &[PeriodIndicator],
    other_values: &[IndicatorValues],
) -> Result<Vec<TrendPoint>, AppError> {
    let mut values_of: HashMap<i64, HashMap<u16, Option<Value>>> = HashMap::new();
    let mut finals_of: HashMap<i64, usize> = HashMap::new();
    for v in other_values {
        values_of
            .entry(v.period_id)
            .or_default()
            .insert(v.number, v.final_value.or(v.accepted_value));
        if v.final_value.is_some() {
            *finals_of.entry(v.period_id).or_default() += 1;
        }
    }
    values_of.insert(
        period_id,
        indicators
            .iter()
            .map(|pi| (pi.number, pi.final_value.or(pi.accepted_value)))
            .collect(),
    );
    finals_of.insert(
        period_id,
        indicators
            .iter()
            .filter(|pi| pi.final_value.is_some())
            .count(),
    );
    let mut trend = Vec::new();
    for p in periods {
        let Some(values) = values_of.get(&p.id) else {
            continue;
        };
        let Some(inst) = catalog.instrument(&p.instrument) else {
            continue;
        };
        let (index, valued) = score_with(inst, |n| values.get(&n).copied().flatten())?;
        if valued == 0 {
            continue;
        }
        trend.push(TrendPoint {
            period_id: p.id,
            year: p.year,
            kind: p.kind,
            instrument: Arc::clone(inst),
            index: index.index,
            all_final: finals_of.get(&p.id).copied().unwrap_or(0) == inst.indicators.len(),
            current: p.id == period_id,
        });
        if trend.len() == TREND_PERIODS {
            break;
        }
    }
    trend.reverse();
    Ok(trend)
}

/// Scores an instrument from a value per indicator number; missing values count at the floor of
/// the scale (an instansi with nothing still scores the minimum). Returns the exact score and how
/// many indicators had a value.
pub fn score_with(
    instrument: &Instrument,
    pick: impl Fn(u16) -> Option<Value>,
) -> Result<(Score, usize), AppError> {
    let mut valued = 0;
    let values = instrument
        .indicators
        .iter()
        .map(|ind| match pick(ind.number) {
            Some(v) => {
                valued += 1;
                v
            }
            None => instrument.values.min,
        })
        .collect();
    let assessment = Assessment::new(instrument, values)
        .map_err(|p| AppError::Internal(format!("stored values do not fit: {p}")))?;
    Ok((score(instrument, &assessment), valued))
}

impl Dashboard {
    /// The progress rows of the OPDs the caller may see (an operator sees their own).
    pub fn progress_for(&self, caller: &Caller) -> Vec<&OpdProgress> {
        let actor = caller.actor();
        let (id, province) = (self.instansi.id, self.instansi.province());
        self.progress
            .iter()
            .filter(|p| {
                allows(
                    &actor,
                    Action::ViewOpd,
                    &Target::opd(id, province, p.opd_id),
                )
            })
            .collect()
    }
}

fn progress(opds: &[Opd], indicators: &[PeriodIndicator], mandiri_over: bool) -> Vec<OpdProgress> {
    let mut rows: Vec<OpdProgress> = opds
        .iter()
        .filter_map(|o| {
            let mut row = OpdProgress {
                opd_id: o.id,
                name: o.name.clone(),
                draft: 0,
                submitted: 0,
                returned: 0,
                accepted: 0,
                overdue: 0,
            };
            for pi in indicators.iter().filter(|pi| pi.lead_opd == Some(o.id)) {
                match pi.status {
                    Status::Draft => row.draft += 1,
                    Status::Submitted => row.submitted += 1,
                    Status::Returned => row.returned += 1,
                    Status::Accepted => row.accepted += 1,
                }
                if mandiri_over && pi.status.editable() {
                    row.overdue += 1;
                }
            }
            (row.total() > 0).then_some(row)
        })
        .collect();
    rows.sort_by(|a, b| b.overdue.cmp(&a.overdue).then_with(|| a.name.cmp(&b.name)));
    rows
}

/// The stages of open periods that end today or within [`DEADLINE_DAYS`], the soonest first.
pub fn deadlines(periods: &[Period], today: Date) -> Vec<Deadline> {
    let mut out: Vec<Deadline> = periods
        .iter()
        .filter(|p| !p.closed)
        .flat_map(|p| {
            Stage::ALL.into_iter().filter_map(move |stage| {
                let end = stage.end(p)?;
                let days_left = (parse_iso(end)? - today).whole_days();
                (0..=DEADLINE_DAYS).contains(&days_left).then(|| Deadline {
                    period_id: p.id,
                    year: p.year,
                    kind: p.kind,
                    stage,
                    end: end.to_string(),
                    days_left,
                })
            })
        })
        .collect();
    out.sort_by(|a, b| a.end.cmp(&b.end).then(a.period_id.cmp(&b.period_id)));
    out
}

/// Today's date in an Indonesian zone (WIB when unknown).
pub fn today_in(zone: &str) -> Date {
    crate::kit::format::date_in(zone, OffsetDateTime::now_utc())
}

pub use padu_core::date::{add_days, iso, parse_iso};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_exact() {
        let a = Value(260).exact();
        let b = Exact::new(2245, 1000);
        assert_eq!(a.saturating_sub(b), Exact::new(355, 1000));
        assert_eq!(b.saturating_sub(b), Exact::new(0, 1));
    }

    #[test]
    fn dates_round_trip() {
        let d = parse_iso("2026-08-17").expect("a date");
        assert_eq!(iso(d), "2026-08-17");
        assert_eq!(iso(add_days(d, 15)), "2026-09-01");
        assert_eq!(parse_iso("2026-02-30"), None);
        assert_eq!(parse_iso("17-08-2026"), None);
    }

    fn period(id: i64, closed: bool, mandiri_end: &str, dokumen_end: &str) -> Period {
        let mut p = Period {
            id,
            instansi_id: 1,
            year: 2026,
            kind: PeriodKind::Evaluasi,
            instrument: "permenpanrb-8-2026".into(),
            carried_from: None,
            target: None,
            closed,
            stages: padu_store::evaluation::Stages::default(),
            created_at_ms: 0,
        };
        p.stages.mandiri.end = Some(mandiri_end.into());
        p.stages.dokumen.end = Some(dokumen_end.into());
        p
    }

    #[test]
    fn deadlines_are_the_stages_ending_within_a_week_of_open_periods() {
        let today = parse_iso("2026-08-17").expect("date");
        let periods = [
            period(1, false, "2026-08-24", "2026-08-25"),
            period(2, false, "2026-08-16", "2026-08-17"),
            period(3, true, "2026-08-18", "2026-08-18"),
        ];
        let found: Vec<(i64, Stage, i64)> = deadlines(&periods, today)
            .into_iter()
            .map(|d| (d.period_id, d.stage, d.days_left))
            .collect();
        assert_eq!(
            found,
            vec![(2, Stage::Dokumen, 0), (1, Stage::Mandiri, 7)],
            "yesterday, a closed period and 8 days ahead are left out"
        );
    }
}
