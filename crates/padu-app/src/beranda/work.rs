//! The worklists of the Beranda: an OPD operator's own indicators and an assessor's queue.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use padu_core::Instrument;
use padu_core::access::Action;
use padu_core::evaluation::Status;
use padu_store::Instansi;
use padu_store::evaluation::{Evidence, IndicatorState, Period};
use padu_store::planner::ActionItem;
use time::Date;

use super::{due_soon, stage_now};
use crate::evaluation::dashboard::{Deadline, EXPIRY_DAYS, add_days, iso, today_in};
use crate::evaluation::plan_actual::{ActionProgress, progress_of};
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::{Acting as _, Caller};

/// One of the operator's indicators.
#[derive(Debug, Clone)]
pub struct MyIndicator {
    pub number: u16,
    pub name: String,
    pub status: Status,
    /// The assessor's note when it was returned.
    pub note: Option<String>,
}

/// An open period as the worklists read it: no index, no trend, so that a Beranda costs a
/// fixed handful of queries however many periods are open and however often they change.
#[derive(Debug, Clone)]
pub struct OpenPeriod {
    pub period: Period,
    pub instrument: Arc<Instrument>,
    /// Today in the instansi's zone.
    pub today: Date,
    /// The instansi's OPDs by id.
    pub opd_names: Arc<HashMap<i64, String>>,
}

/// An operator's work in one open period.
#[derive(Debug, Clone)]
pub struct OperatorPeriod {
    pub open: OpenPeriod,
    /// The stage running now (or next).
    pub stage: Option<Deadline>,
    /// Returned to the OPD, to mend and submit again.
    pub returned: Vec<MyIndicator>,
    /// Not yet submitted.
    pub drafts: Vec<MyIndicator>,
    /// Handed in, waiting for review, and accepted.
    pub submitted: usize,
    pub accepted: usize,
    /// Evidence on the OPD's indicators expiring within [`EXPIRY_DAYS`], with the indicators.
    pub expiring: Vec<(Evidence, Vec<u16>)>,
    /// The OPD's open action items due soon or overdue.
    pub actions: Vec<ActionProgress>,
}

/// An indicator waiting for the assessor.
#[derive(Debug, Clone)]
pub struct Waiting {
    pub number: u16,
    pub name: String,
    /// When it was last changed (submitted, or accepted for the external assessor).
    pub since_ms: i64,
    /// Whole days it has waited.
    pub days: i64,
}

/// The indicators of one OPD waiting, the oldest first.
#[derive(Debug, Clone)]
pub struct WaitingGroup {
    pub opd: String,
    pub items: Vec<Waiting>,
}

/// An assessor's queue in one open period.
#[derive(Debug, Clone)]
pub struct AssessorPeriod {
    pub open: OpenPeriod,
    pub stage: Option<Deadline>,
    /// By OPD, the group waiting longest first.
    pub groups: Vec<WaitingGroup>,
    pub total: usize,
}

/// The instansi's open periods (the newest first) with the state of every indicator in them:
/// three queries (the periods, the OPDs, the indicators of all of them at once).
async fn open_periods(
    app: &App,
    caller: &Caller,
    instansi: &Instansi,
) -> Result<Vec<(OpenPeriod, Vec<IndicatorState>)>, AppError> {
    if !caller.may(Action::ViewInstansi, &instansi.target()) {
        return Err(AppError::Forbidden);
    }
    let periods: Vec<Period> = app
        .store
        .periods_of(instansi.id)
        .await?
        .into_iter()
        .filter(|p| !p.closed)
        .collect();
    if periods.is_empty() {
        return Ok(Vec::new());
    }
    let opd_names: Arc<HashMap<i64, String>> = Arc::new(
        app.store
            .opds_of(instansi.id)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect(),
    );
    let ids: Vec<i64> = periods.iter().map(|p| p.id).collect();
    let mut states: HashMap<i64, Vec<IndicatorState>> = HashMap::new();
    for s in app.store.indicator_states_of_periods(&ids).await? {
        states.entry(s.values.period_id).or_default().push(s);
    }
    let today = today_in(&instansi.timezone);
    let mut out = Vec::new();
    for period in periods {
        let instrument = app
            .catalog
            .instrument(&period.instrument)
            .cloned()
            .ok_or_else(|| {
                AppError::Internal(format!(
                    "instrument {} of period {} is not loaded",
                    period.instrument, period.id
                ))
            })?;
        let indicators = states.remove(&period.id).unwrap_or_default();
        out.push((
            OpenPeriod {
                period,
                instrument,
                today,
                opd_names: Arc::clone(&opd_names),
            },
            indicators,
        ));
    }
    Ok(out)
}

fn name_of(instrument: &Instrument, number: u16) -> String {
    instrument
        .indicator(number)
        .map(|i| i.name.clone())
        .unwrap_or_default()
}

pub(super) async fn operator(
    app: &App,
    caller: &Caller,
    instansi: &Instansi,
) -> Result<Vec<OperatorPeriod>, AppError> {
    let opd = caller.user.opd_id;
    let periods = open_periods(app, caller, instansi).await?;
    let Some(opd) = opd else {
        return Ok(periods
            .into_iter()
            .map(|(open, _)| OperatorPeriod {
                stage: stage_now(&open.period, open.today),
                open,
                returned: Vec::new(),
                drafts: Vec::new(),
                submitted: 0,
                accepted: 0,
                expiring: Vec::new(),
                actions: Vec::new(),
            })
            .collect());
    };
    let mine_of = |states: &[IndicatorState]| -> Vec<u16> {
        states
            .iter()
            .filter(|s| s.lead_opd == Some(opd))
            .map(|s| s.values.number)
            .collect()
    };
    // the evidence about to expire and the action items of every period: two reads in all
    let today = periods.first().map(|(o, _)| o.today);
    let wanted: Vec<(i64, Vec<u16>)> = periods
        .iter()
        .map(|(o, states)| (o.period.id, mine_of(states)))
        .collect();
    let mut expiring = match today {
        Some(today) => {
            let horizon = iso(add_days(today, EXPIRY_DAYS));
            app.store
                .expiring_evidence_of_periods(&wanted, &horizon)
                .await?
        }
        None => HashMap::new(),
    };
    let ids: Vec<i64> = periods.iter().map(|(o, _)| o.period.id).collect();
    let mut items: HashMap<i64, Vec<ActionItem>> = HashMap::new();
    for item in app.store.action_items_of_periods(&ids).await? {
        items.entry(item.period_id).or_default().push(item);
    }
    let mut out = Vec::new();
    for (open, states) in periods {
        let mine: Vec<&IndicatorState> =
            states.iter().filter(|s| s.lead_opd == Some(opd)).collect();
        let returned_numbers: Vec<u16> = mine
            .iter()
            .filter(|s| s.status == Status::Returned)
            .map(|s| s.values.number)
            .collect();
        // only a period with returned indicators reads their notes
        let mut notes = app
            .store
            .return_notes(open.period.id, &returned_numbers)
            .await?;
        let item = |s: &IndicatorState, note: Option<String>| MyIndicator {
            number: s.values.number,
            name: name_of(&open.instrument, s.values.number),
            status: s.status,
            note,
        };
        let returned = mine
            .iter()
            .filter(|s| s.status == Status::Returned)
            .map(|s| item(s, notes.remove(&s.values.number)))
            .collect();
        let drafts = mine
            .iter()
            .filter(|s| s.status == Status::Draft)
            .map(|s| item(s, None))
            .collect();
        let count = |status: Status| mine.iter().filter(|s| s.status == status).count();
        let current_of = |n: u16| {
            states
                .iter()
                .find(|s| s.values.number == n)
                .and_then(|s| s.values.accepted_value.or(s.values.self_value))
        };
        let period_items = items.remove(&open.period.id).unwrap_or_default();
        let progress = progress_of(&period_items, current_of, open.today);
        let actions = due_soon(progress, open.today, |a| a.item.lead_opd == Some(opd));
        out.push(OperatorPeriod {
            stage: stage_now(&open.period, open.today),
            returned,
            drafts,
            submitted: count(Status::Submitted),
            accepted: count(Status::Accepted),
            expiring: expiring.remove(&open.period.id).unwrap_or_default(),
            actions,
            open,
        });
    }
    Ok(out)
}

pub(super) async fn assessor(
    app: &App,
    caller: &Caller,
    instansi: &Instansi,
    external: bool,
) -> Result<Vec<AssessorPeriod>, AppError> {
    let now_ms = padu_store::now_ms();
    let mut out = Vec::new();
    for (open, states) in open_periods(app, caller, instansi).await? {
        let mut by_opd: BTreeMap<Option<i64>, Vec<Waiting>> = BTreeMap::new();
        for s in &states {
            let waiting = if external {
                s.status == Status::Accepted && s.values.final_value.is_none()
            } else {
                s.status == Status::Submitted
            };
            if !waiting {
                continue;
            }
            by_opd.entry(s.lead_opd).or_default().push(Waiting {
                number: s.values.number,
                name: name_of(&open.instrument, s.values.number),
                since_ms: s.updated_at_ms,
                days: (now_ms - s.updated_at_ms).max(0) / 86_400_000,
            });
        }
        let mut groups: Vec<WaitingGroup> = by_opd
            .into_iter()
            .map(|(opd, mut items)| {
                items.sort_by_key(|w| (w.since_ms, w.number));
                WaitingGroup {
                    opd: opd
                        .and_then(|id| open.opd_names.get(&id).cloned())
                        .unwrap_or_default(),
                    items,
                }
            })
            .collect();
        groups.sort_by_key(|g| g.items.first().map_or(i64::MAX, |w| w.since_ms));
        let total = groups.iter().map(|g| g.items.len()).sum();
        out.push(AssessorPeriod {
            stage: stage_now(&open.period, open.today),
            groups,
            total,
            open,
        });
    }
    Ok(out)
}
