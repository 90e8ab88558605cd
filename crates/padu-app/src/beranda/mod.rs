//! The Beranda: the page each role opens every morning, as data. An OPD operator sees their
//! own work (returned indicators first, with the assessor's note, then drafts), the stage
//! deadline, evidence about to expire and their action items; an internal assessor the
//! indicators waiting for review, an external assessor those waiting for a final value; the
//! instansi's admin, koordinator and pimpinan the period's index against its target, the OPDs
//! late with their work, the action items due and the province's recommendations; a province
//! administrator and the superadmin the overview of their members.
//!
//! The leadership's Beranda comes from the period dashboard (cached, see
//! `evaluation::dashboard`); the worklists of operators and assessors read only what they show
//! (the open periods' indicator states, expiring evidence and action items, a fixed handful of
//! queries however many periods are open), since on a deadline day every save in the instansi
//! makes the dashboards stale. Nothing here writes. The Peta Rencana's monitoring
//! (`monitoring`) adds an operator's semester reports due and the leadership's items late or
//! off track.

pub mod monitoring;
mod work;

use std::sync::Arc;

use padu_core::access::Role;
use padu_store::Instansi;
use padu_store::pembinaan::Recommendation;
use time::Date;

use crate::evaluation::dashboard::{self, Dashboard, Deadline, Stage, parse_iso};
use crate::evaluation::plan_actual::{ActionProgress, plan_vs_actual};
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Caller;
use crate::pembinaan::overview::{self, Overview};
use crate::pembinaan::recommendations;

pub use monitoring::{LateItem, ReportDue};
pub use work::{AssessorPeriod, MyIndicator, OpenPeriod, OperatorPeriod, Waiting, WaitingGroup};

/// Action items due within this many days are shown (overdue ones always).
pub const ACTION_DAYS: i64 = 30;

/// What one caller's Beranda shows.
#[derive(Debug, Clone)]
pub enum Home {
    /// `admin_provinsi` (its province) and `superadmin` (the country).
    Overview(Arc<Overview>),
    /// `operator_opd`: one entry per open period of the instansi, and the semester reports
    /// of the Peta Rencana its OPD owes.
    Operator {
        periods: Vec<OperatorPeriod>,
        reports: Vec<ReportDue>,
    },
    /// `asesor_internal` (`external` false) and `asesor_eksternal`.
    Assessor {
        external: bool,
        periods: Vec<AssessorPeriod>,
    },
    /// `admin_instansi`, `koordinator`, `pimpinan`.
    Leader(Box<Leader>),
    /// An account placed where there is nothing to show (an instansi without periods is a
    /// [`Home::Leader`] without a dashboard; this is for a province's own team without one).
    Nothing,
}

/// The Beranda of the instansi's leadership.
#[derive(Debug, Clone)]
pub struct Leader {
    pub instansi: Instansi,
    /// The open period (the newest), else the newest period; none before the first.
    pub dashboard: Option<Arc<Dashboard>>,
    /// The stage running now (or next) in that period.
    pub stage: Option<Deadline>,
    /// Its action items due within [`ACTION_DAYS`] or overdue, not done or cancelled.
    pub actions: Vec<ActionProgress>,
    /// The recommendations to the instansi, not yet followed up first, then the newest.
    pub recommendations: Vec<Recommendation>,
    /// The Peta Rencana's items late or off track.
    pub late_items: Vec<LateItem>,
}

/// The caller's Beranda.
pub async fn load(app: &App, caller: &Caller) -> Result<Home, AppError> {
    let user = &caller.user;
    let own = match user.instansi_id {
        Some(id) => app.store.instansi(id).await?,
        None => None,
    };
    match user.role {
        Role::Superadmin => {
            let all = app.store.all_instansi().await?;
            match all
                .iter()
                .find(|i| i.kind == padu_core::access::InstansiKind::Nasional)
            {
                Some(n) => Ok(Home::Overview(
                    overview::load(app, caller, n.id, None).await?,
                )),
                None => Ok(Home::Nothing),
            }
        }
        Role::AdminProvinsi => match own {
            Some(p) => Ok(Home::Overview(
                overview::load(app, caller, p.id, None).await?,
            )),
            None => Ok(Home::Nothing),
        },
        _ => {
            let Some(instansi) = own else {
                return Ok(Home::Nothing);
            };
            match user.role {
                Role::OperatorOpd => Ok(Home::Operator {
                    periods: work::operator(app, caller, &instansi).await?,
                    reports: monitoring::operator_reports(app, caller, &instansi).await?,
                }),
                Role::AsesorInternal | Role::AsesorEksternal => {
                    let external = user.role == Role::AsesorEksternal;
                    Ok(Home::Assessor {
                        external,
                        periods: work::assessor(app, caller, &instansi, external).await?,
                    })
                }
                _ => Ok(Home::Leader(Box::new(leader(app, caller, instansi).await?))),
            }
        }
    }
}

async fn leader(app: &App, caller: &Caller, instansi: Instansi) -> Result<Leader, AppError> {
    let periods = app.store.periods_of(instansi.id).await?;
    // newest first: the newest open period, else the newest of all
    let shown = periods
        .iter()
        .find(|p| !p.closed)
        .or(periods.first())
        .map(|p| p.id);
    let dashboard = match shown {
        Some(id) => Some(dashboard::load(app, caller, id).await?),
        None => None,
    };
    let (stage, actions) = match &dashboard {
        Some(d) => (stage_now(&d.period, d.today), actions_due(d, |_| true)?),
        None => (None, Vec::new()),
    };
    let mut recommendations = recommendations::list(app, caller, instansi.id).await?;
    // open ones first, each group newest first (the store lists newest first)
    recommendations.sort_by_key(|r| r.follow_up.is_some());
    let late_items = monitoring::leader_late(app, caller, &instansi).await?;
    Ok(Leader {
        instansi,
        dashboard,
        stage,
        actions,
        recommendations,
        late_items,
    })
}

/// The stage of `period` running on `today`, else the next one to end; none once the last has
/// ended or when no stage has dates (a closed period has none).
pub fn stage_now(period: &padu_store::evaluation::Period, today: Date) -> Option<Deadline> {
    if period.closed {
        return None;
    }
    Stage::ALL.into_iter().find_map(|stage| {
        let end = stage.end(period)?;
        let days_left = (parse_iso(end)? - today).whole_days();
        (days_left >= 0).then(|| Deadline {
            period_id: period.id,
            year: period.year,
            kind: period.kind,
            stage,
            end: end.to_string(),
            days_left,
        })
    })
}

/// The period's open action items (`rencana`, `berjalan`) that `keep` accepts and that are
/// overdue or due within [`ACTION_DAYS`], the soonest first.
pub(crate) fn actions_due(
    d: &Dashboard,
    keep: impl Fn(&ActionProgress) -> bool,
) -> Result<Vec<ActionProgress>, AppError> {
    Ok(due_soon(plan_vs_actual(d)?.rows, d.today, keep))
}

/// Of `rows`, the open action items (`rencana`, `berjalan`) not yet reached that `keep`
/// accepts and that are overdue or due within [`ACTION_DAYS`] of `today`, the soonest first.
pub(crate) fn due_soon(
    rows: Vec<ActionProgress>,
    today: Date,
    keep: impl Fn(&ActionProgress) -> bool,
) -> Vec<ActionProgress> {
    use padu_store::planner::ActionStatus;
    let horizon = dashboard::add_days(today, ACTION_DAYS);
    let mut due: Vec<ActionProgress> = rows
        .into_iter()
        .filter(|a| {
            matches!(
                a.item.status,
                ActionStatus::Rencana | ActionStatus::Berjalan
            )
        })
        .filter(|a| !a.reached)
        .filter(|a| parse_iso(&a.item.due_date).is_some_and(|due| due <= horizon))
        .filter(|a| keep(a))
        .collect();
    due.sort_by(|a, b| {
        a.item
            .due_date
            .cmp(&b.item.due_date)
            .then(a.item.number.cmp(&b.item.number))
    });
    due
}
