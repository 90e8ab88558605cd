//! The worklists of the Beranda: an OPD operator's own indicators and an assessor's queue.

use std::collections::BTreeMap;
use std::sync::Arc;

use padu_core::evaluation::Status;
use padu_store::Instansi;
use padu_store::evaluation::{Evidence, PeriodIndicator};

use super::{actions_due, stage_now};
use crate::evaluation::dashboard::{self, Dashboard, Deadline, EXPIRY_DAYS, add_days, iso};
use crate::evaluation::plan_actual::ActionProgress;
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Caller;

/// One of the operator's indicators.
#[derive(Debug, Clone)]
pub struct MyIndicator {
    pub number: u16,
    pub name: String,
    pub status: Status,
    /// The assessor's note when it was returned.
    pub note: Option<String>,
}

/// An operator's work in one open period.
#[derive(Debug, Clone)]
pub struct OperatorPeriod {
    pub dashboard: Arc<Dashboard>,
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
    pub dashboard: Arc<Dashboard>,
    pub stage: Option<Deadline>,
    /// By OPD, the group waiting longest first.
    pub groups: Vec<WaitingGroup>,
    pub total: usize,
}

/// The instansi's open periods' dashboards, the newest period first.
async fn open_dashboards(
    app: &App,
    caller: &Caller,
    instansi: &Instansi,
) -> Result<Vec<Arc<Dashboard>>, AppError> {
    let periods = app.store.periods_of(instansi.id).await?;
    let mut out = Vec::new();
    for p in periods.iter().filter(|p| !p.closed) {
        out.push(dashboard::load(app, caller, p.id).await?);
    }
    Ok(out)
}

fn name_of(d: &Dashboard, number: u16) -> String {
    d.instrument
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
    let mut out = Vec::new();
    for d in open_dashboards(app, caller, instansi).await? {
        let mine: Vec<&PeriodIndicator> = d
            .indicators
            .iter()
            .filter(|pi| opd.is_some() && pi.lead_opd == opd)
            .collect();
        let numbers: Vec<u16> = mine.iter().map(|pi| pi.number).collect();
        let returned_numbers: Vec<u16> = mine
            .iter()
            .filter(|pi| pi.status == Status::Returned)
            .map(|pi| pi.number)
            .collect();
        let mut notes = app
            .store
            .return_notes(d.period.id, &returned_numbers)
            .await?;
        let item = |pi: &PeriodIndicator, note: Option<String>| MyIndicator {
            number: pi.number,
            name: name_of(&d, pi.number),
            status: pi.status,
            note,
        };
        let returned = mine
            .iter()
            .filter(|pi| pi.status == Status::Returned)
            .map(|pi| item(pi, notes.remove(&pi.number)))
            .collect();
        let drafts = mine
            .iter()
            .filter(|pi| pi.status == Status::Draft)
            .map(|pi| item(pi, None))
            .collect();
        let count = |s: Status| mine.iter().filter(|pi| pi.status == s).count();
        let horizon = iso(add_days(d.today, EXPIRY_DAYS));
        let expiring = app
            .store
            .expiring_evidence_of(d.period.id, &numbers, &horizon)
            .await?;
        let actions = actions_due(&d, |a| opd.is_some() && a.item.lead_opd == opd)?;
        out.push(OperatorPeriod {
            stage: stage_now(&d.period, d.today),
            returned,
            drafts,
            submitted: count(Status::Submitted),
            accepted: count(Status::Accepted),
            expiring,
            actions,
            dashboard: d,
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
    for d in open_dashboards(app, caller, instansi).await? {
        let mut by_opd: BTreeMap<Option<i64>, Vec<Waiting>> = BTreeMap::new();
        for pi in &d.indicators {
            let waiting = if external {
                pi.status == Status::Accepted && pi.final_value.is_none()
            } else {
                pi.status == Status::Submitted
            };
            if !waiting {
                continue;
            }
            by_opd.entry(pi.lead_opd).or_default().push(Waiting {
                number: pi.number,
                name: name_of(&d, pi.number),
                since_ms: pi.updated_at_ms,
                days: (now_ms - pi.updated_at_ms).max(0) / 86_400_000,
            });
        }
        let mut groups: Vec<WaitingGroup> = by_opd
            .into_iter()
            .map(|(opd, mut items)| {
                items.sort_by_key(|w| (w.since_ms, w.number));
                WaitingGroup {
                    opd: opd
                        .and_then(|id| d.opd_names.get(&id).cloned())
                        .unwrap_or_default(),
                    items,
                }
            })
            .collect();
        groups.sort_by_key(|g| g.items.first().map_or(i64::MAX, |w| w.since_ms));
        let total = groups.iter().map(|g| g.items.len()).sum();
        out.push(AssessorPeriod {
            stage: stage_now(&d.period, d.today),
            groups,
            total,
            dashboard: d,
        });
    }
    Ok(out)
}
