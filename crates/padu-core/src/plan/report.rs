//! The plan as a plain, serializable report: the JSON contract of `padu plan --format json`
//! (and of the coming planner API).

use serde::Serialize;

use super::{OpdId, Plan};
use crate::instrument::Instrument;
use crate::report::Level;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanReport {
    pub feasible: bool,
    /// The target index, or `null` for the highest index within a budget.
    pub target: Option<f64>,
    /// Only when infeasible: the highest index reachable under the constraints.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_reachable_index: Option<f64>,
    /// The exact index the plan reaches, as the nearest double.
    pub reached_index: f64,
    /// Rounded by the instrument's rule, with a `.` separator.
    pub reached_display: String,
    /// Person-days.
    pub total_effort: u64,
    pub steps: Vec<StepReport>,
    /// False only when a search under OPD capacities stopped before proving its answer.
    pub proven_optimal: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepReport {
    pub indicator: u16,
    /// A whole level as an integer, a decimal value (8/2026) as a number.
    pub from: Level,
    pub to: u32,
    /// Person-days.
    pub effort: u32,
    pub period: u32,
    pub lead_opd: Option<OpdId>,
}

impl PlanReport {
    pub fn new(instrument: &Instrument, plan: &Plan) -> Self {
        PlanReport {
            feasible: plan.feasible,
            target: plan.target.map(crate::exact::Value::to_f64),
            max_reachable_index: plan.max_reachable_index.map(crate::exact::Exact::to_f64),
            reached_index: plan.reached_index.to_f64(),
            reached_display: instrument.display(plan.reached_index, '.'),
            total_effort: plan.total_effort,
            steps: plan
                .steps
                .iter()
                .map(|s| StepReport {
                    indicator: s.indicator,
                    from: Level::of(instrument, s.from),
                    to: s.to,
                    effort: s.effort.days,
                    period: s.period,
                    lead_opd: s.lead_opd,
                })
                .collect(),
            proven_optimal: plan.proven_optimal,
        }
    }
}
