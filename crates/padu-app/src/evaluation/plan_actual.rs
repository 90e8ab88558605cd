//! Plan against actual: the accepted action plan of a period beside the values it has now.
//!
//! Statuses count like this: `rencana` and `berjalan` are open (and overdue past their due date
//! while the indicator is below the item's level); `selesai` and `batal` are never overdue;
//! `batal` items leave the planned effort and the planned index of the timeline, the others stay
//! in it.

use padu_core::{Exact, Value};
use padu_store::planner::{ActionItem, ActionStatus};

use crate::evaluation::dashboard::{Dashboard, parse_iso, score_with};
use crate::kit::error::AppError;

/// An action item against the indicator's current value (accepted, else claimed).
#[derive(Debug, Clone)]
pub struct ActionProgress {
    pub item: ActionItem,
    pub current: Option<Value>,
    /// The current value is at or above the item's target level.
    pub reached: bool,
    /// Past its due date, not reached and not done or cancelled.
    pub overdue: bool,
}

/// One semester of the plan: effort planned in it and the index once its items are done.
#[derive(Debug, Clone)]
pub struct PlanSemester {
    pub semester: u32,
    pub effort: u64,
    pub planned_index: Exact,
}

/// How many action items stand where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActionCounts {
    /// `rencana` or `berjalan`.
    pub open: usize,
    /// Open, past its due date and not reached.
    pub overdue: usize,
    /// `selesai`.
    pub done: usize,
    /// `batal`.
    pub cancelled: usize,
}

/// The accepted plan against what the period has now.
#[derive(Debug, Clone)]
pub struct PlanActual {
    pub rows: Vec<ActionProgress>,
    pub semesters: Vec<PlanSemester>,
    /// The index of the values the planner starts from.
    pub actual: Exact,
    pub counts: ActionCounts,
}

/// Each of `items` against its indicator's current value (`current_of`: accepted, else
/// claimed) on `today`.
pub fn progress_of(
    items: &[ActionItem],
    current_of: impl Fn(u16) -> Option<Value>,
    today: time::Date,
) -> Vec<ActionProgress> {
    items
        .iter()
        .map(|a| {
            let current = current_of(a.number);
            let reached = current.is_some_and(|v| v >= a.to);
            let open = matches!(a.status, ActionStatus::Rencana | ActionStatus::Berjalan);
            let overdue = open && !reached && parse_iso(&a.due_date).is_some_and(|due| today > due);
            ActionProgress {
                item: a.clone(),
                current,
                reached,
                overdue,
            }
        })
        .collect()
}

/// Plan against actual: each action item with its indicator's current value, the planned
/// index and effort per semester, and the actual index (accepted, else claimed values; the
/// floor where neither), the values the planner starts from.
pub fn plan_vs_actual(d: &Dashboard) -> Result<PlanActual, AppError> {
    let current_of = |n: u16| {
        d.indicators
            .iter()
            .find(|pi| pi.number == n)
            .and_then(|pi| pi.accepted_value.or(pi.self_value))
    };
    let rows = progress_of(&d.actions, current_of, d.today);
    let mut counts = ActionCounts::default();
    for r in &rows {
        match r.item.status {
            ActionStatus::Rencana | ActionStatus::Berjalan => counts.open += 1,
            ActionStatus::Selesai => counts.done += 1,
            ActionStatus::Batal => counts.cancelled += 1,
        }
        counts.overdue += usize::from(r.overdue);
    }
    let (actual, _) = score_with(&d.instrument, current_of)?;
    let live: Vec<&ActionItem> = d
        .actions
        .iter()
        .filter(|a| a.status != ActionStatus::Batal)
        .collect();
    let last = live.iter().map(|a| a.target_period).max().unwrap_or(0);
    let mut semesters = Vec::new();
    for semester in 1..=last {
        let effort = live
            .iter()
            .filter(|a| a.target_period == semester)
            .map(|a| a.effort_days)
            .sum();
        let (planned, _) = score_with(&d.instrument, |n| {
            let planned = live
                .iter()
                .filter(|a| a.number == n && a.target_period <= semester)
                .map(|a| a.to)
                .max();
            match (current_of(n), planned) {
                (Some(c), Some(p)) => Some(c.max(p)),
                (c, p) => c.or(p),
            }
        })?;
        semesters.push(PlanSemester {
            semester,
            effort,
            planned_index: planned.index,
        });
    }
    Ok(PlanActual {
        rows,
        semesters,
        actual: actual.index,
        counts,
    })
}
