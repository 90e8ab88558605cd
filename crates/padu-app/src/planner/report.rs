//! The plan as a plain, serializable report: the one JSON shape of a plan, answered by
//! `padu plan --format json` and by `POST /api/v1/periods/{id}/plan`.

use padu_core::plan::OpdId;
use padu_core::report::Level;
use padu_core::{Instrument, Plan};
use serde::Serialize;
use utoipa::ToSchema;

/// A plan: whether it reaches the target, the index it reaches and its steps.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
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

/// One level step of one indicator, in its period.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct StepReport {
    pub indicator: u16,
    /// A whole level as an integer, a decimal value (8/2026) as a number.
    #[schema(value_type = f64)]
    pub from: Level,
    pub to: u32,
    /// Person-days.
    pub effort: u32,
    /// 1-based (semesters on the pages and in the API).
    pub period: u32,
    /// The lead OPD's id, where known.
    #[schema(value_type = Option<i64>)]
    pub lead_opd: Option<OpdId>,
}

impl PlanReport {
    pub fn new(instrument: &Instrument, plan: &Plan) -> Self {
        PlanReport {
            feasible: plan.feasible,
            target: plan.target.map(padu_core::Value::to_f64),
            max_reachable_index: plan.max_reachable_index.map(padu_core::Exact::to_f64),
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
