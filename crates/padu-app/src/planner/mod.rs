//! The target planner for a period (issue 5): the planner input built from the period's values
//! and assignments, the core planner run with the user's options, an exact what-if score, and
//! accepting a plan as action items (`actions`: listing them and changing their status), and the
//! plan's one JSON shape (`report`).

mod actions;
mod report;

pub use actions::{action_items_of, set_action_status};
pub use report::{PlanReport, StepReport};

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use padu_core::access::Action;
use padu_core::plan::{parse_effort_csv, parse_target};
use padu_core::{
    Assessment, EffortModel, Instrument, Plan, PlanOptions, Score, Value, plan, score,
};
use padu_store::Who;
use padu_store::evaluation::PeriodIndicator;
use padu_store::planner::{ActionItem, NewActionItem};
use time::{Date, Month};

use crate::evaluation::{PeriodContext, period_for};
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::Caller;

/// Most semesters a plan may span (five years).
pub const MAX_SEMESTERS: u32 = 10;
/// Longest effort CSV accepted.
pub const MAX_EFFORT_CSV: usize = 100_000;

/// The planner form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlannerInput {
    /// An index (`2,6`) or a predikat (`Baik`).
    pub target: String,
    /// Semesters until the deadline.
    pub semesters: String,
    /// Levels per indicator per semester.
    pub per_period: String,
    pub excluded: BTreeSet<u16>,
    /// Indicators kept at their current value (the core's pinning; the page has no such input,
    /// the API's `pin`).
    pub pinned: BTreeSet<u16>,
    /// CSV `indikator,level,upaya`; empty for the defaults.
    pub efforts: String,
    pub links: bool,
}

/// A period, its indicators and the values a plan starts from.
#[derive(Debug, Clone)]
pub struct PlannerSetup {
    pub ctx: PeriodContext,
    pub indicators: Vec<PeriodIndicator>,
    /// Accepted where present, else claimed, else the scale minimum; in instrument order.
    pub current: Vec<Value>,
    pub lead_opd: BTreeMap<u16, i64>,
}

impl PlannerSetup {
    /// The form's starting values: the period's target, 2 semesters, 1 level each, links on.
    pub fn default_input(&self) -> PlannerInput {
        PlannerInput {
            target: self
                .ctx
                .period
                .target
                .map(|t| t.format_short(','))
                .unwrap_or_default(),
            semesters: "2".into(),
            per_period: "1".into(),
            excluded: BTreeSet::new(),
            pinned: BTreeSet::new(),
            efforts: String::new(),
            links: true,
        }
    }
}

/// The value a plan starts from for one indicator: accepted, else claimed, else the minimum.
pub fn current_value(instrument: &Instrument, pi: Option<&PeriodIndicator>) -> Value {
    pi.and_then(|p| p.accepted_value.or(p.self_value))
        .filter(|v| instrument.values.contains(*v))
        .unwrap_or(instrument.values.min)
}

/// The period `id` and its planner input, once the caller may do `action` there.
pub async fn setup(
    app: &App,
    caller: &Caller,
    period_id: i64,
    action: Action,
) -> Result<PlannerSetup, AppError> {
    let ctx = period_for(app, caller, period_id, action).await?;
    let indicators = app.store.period_indicators(period_id).await?;
    let current = ctx
        .instrument
        .indicators
        .iter()
        .map(|ind| {
            current_value(
                &ctx.instrument,
                indicators.iter().find(|pi| pi.number == ind.number),
            )
        })
        .collect();
    let lead_opd = indicators
        .iter()
        .filter_map(|pi| pi.lead_opd.map(|o| (pi.number, o)))
        .collect();
    Ok(PlannerSetup {
        ctx,
        indicators,
        current,
        lead_opd,
    })
}

fn whole_number(raw: &str, field: &str, max: u32, errors: &mut Vec<FieldError>) -> u32 {
    match raw.trim().parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => n,
        _ => {
            errors.push(FieldError {
                field: field.into(),
                message: format!("Isi bilangan bulat 1 sampai {max}"),
            });
            1
        }
    }
}

/// Reads the form into the core's options and effort model; every problem at once.
pub fn options(
    setup: &PlannerSetup,
    input: &PlannerInput,
) -> Result<(PlanOptions, EffortModel), AppError> {
    let instrument = &setup.ctx.instrument;
    let mut errors = Vec::new();
    let mut options = PlanOptions {
        links: input.links,
        lead_opd: setup.lead_opd.clone(),
        ..PlanOptions::default()
    };
    match parse_target(instrument, &input.target) {
        Ok(t) => options.target = Some(t),
        Err(m) => errors.push(FieldError {
            field: "target".into(),
            message: if input.target.trim().is_empty() {
                "Isi target indeks (mis. 2,60) atau predikat (mis. Baik)".into()
            } else {
                m
            },
        }),
    }
    options.periods = whole_number(&input.semesters, "semester", MAX_SEMESTERS, &mut errors);
    options.per_period = whole_number(&input.per_period, "per_semester", 5, &mut errors);
    for (field, set) in [("kecuali", &input.excluded), ("dikunci", &input.pinned)] {
        for n in set {
            if instrument.indicator(*n).is_none() {
                errors.push(FieldError {
                    field: field.into(),
                    message: format!("Indikator {n} tidak ada pada instrumen ini"),
                });
            }
        }
    }
    options.excluded = input.excluded.clone();
    options.pinned = input.pinned.clone();
    let defaults = EffortModel::from_instrument(instrument);
    let efforts = if input.efforts.trim().is_empty() {
        Some(defaults)
    } else if input.efforts.len() > MAX_EFFORT_CSV {
        errors.push(FieldError {
            field: "upaya".into(),
            message: format!("Paling banyak {MAX_EFFORT_CSV} karakter"),
        });
        None
    } else {
        match parse_effort_csv(instrument, &defaults, &input.efforts) {
            Ok(m) => Some(m),
            Err(problems) => {
                for p in &problems {
                    let message = if p.location.is_empty() {
                        p.message.clone()
                    } else {
                        format!("{}: {}", p.location, p.message)
                    };
                    errors.push(FieldError {
                        field: "upaya".into(),
                        message,
                    });
                }
                None
            }
        }
    };
    match efforts {
        Some(e) if errors.is_empty() => Ok((options, e)),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Runs the core planner on the period's current values with the form's options.
pub fn compute(setup: &PlannerSetup, input: &PlannerInput) -> Result<Plan, AppError> {
    let (options, efforts) = options(setup, input)?;
    let instrument = &setup.ctx.instrument;
    let current = Assessment::new(instrument, setup.current.clone())
        .map_err(|p| AppError::Internal(p.to_string()))?;
    plan(instrument, &current, &efforts, &options).map_err(|problems| {
        AppError::Invalid(
            problems
                .iter()
                .map(|p| FieldError {
                    field: "rencana".into(),
                    message: if p.location.is_empty() {
                        p.message.clone()
                    } else {
                        format!("{}: {}", p.location, p.message)
                    },
                })
                .collect(),
        )
    })
}

/// Scores any set of values exactly (in instrument order); each must be on the scale.
pub fn what_if(instrument: &Instrument, values: Vec<Value>) -> Result<Score, AppError> {
    let assessment = Assessment::new(instrument, values).map_err(|problems| {
        AppError::Invalid(
            problems
                .iter()
                .map(|p| FieldError {
                    field: "level".into(),
                    message: format!("{} {}", p.location, p.message).trim().to_string(),
                })
                .collect(),
        )
    })?;
    Ok(score(instrument, &assessment))
}

/// Reads typed what-if values (`nilai_<n>` fields): a missing one keeps the current value.
pub fn what_if_values(
    setup: &PlannerSetup,
    typed: &BTreeMap<u16, String>,
) -> Result<Vec<Value>, AppError> {
    let instrument = &setup.ctx.instrument;
    let mut errors = Vec::new();
    let values = instrument
        .indicators
        .iter()
        .zip(&setup.current)
        .map(|(ind, current)| match typed.get(&ind.number) {
            None => *current,
            Some(raw) if raw.trim().is_empty() => *current,
            Some(raw) => match padu_core::exact::parse_fixed(raw.trim(), 2, true).map(Value) {
                Ok(v) if instrument.values.contains(v) => v,
                _ => {
                    errors.push(FieldError {
                        field: format!("nilai_{}", ind.number),
                        message: format!(
                            "Indikator {}: nilai {}-{} paling banyak 2 desimal",
                            ind.number,
                            instrument.values.format(instrument.values.min, ','),
                            instrument.values.format(instrument.values.max, ',')
                        ),
                    });
                    *current
                }
            },
        })
        .collect();
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// The last day of semester `semester` (1-based) counted from `start`: from 2026-01-01,
/// semester 1 ends 2026-06-30 and semester 2 ends 2026-12-31.
pub fn semester_end(start: Date, semester: u32) -> Date {
    let months = i32::from(u8::from(start.month())) - 1 + 6 * i32::try_from(semester).unwrap_or(1);
    let year = start.year() + months.div_euclid(12);
    let month = u8::try_from(months.rem_euclid(12) + 1).unwrap_or(1);
    let month = Month::try_from(month).unwrap_or(Month::January);
    let day = start.day().min(month.length(year));
    Date::from_calendar_date(year, month, day)
        .ok()
        .and_then(Date::previous_day)
        .unwrap_or(start)
}

/// What reaching `level` of indicator `number` takes: the scale's generic criteria and
/// expected evidence, then the indicator's own.
pub fn evidence_needed(instrument: &Instrument, number: u16, level: u32) -> String {
    let Some(ind) = instrument.indicator(number) else {
        return String::new();
    };
    let generic = instrument
        .scales
        .get(ind.scale)
        .and_then(|s| s.level(level));
    let specific = ind.specific_level(level);
    let mut lines = Vec::new();
    let criteria = generic
        .map(|g| g.criteria.iter())
        .into_iter()
        .flatten()
        .chain(specific.map(|s| s.criteria.iter()).into_iter().flatten());
    for c in criteria {
        lines.push(format!("Kriteria: {c}"));
    }
    let evidence = generic
        .map(|g| g.evidence.iter())
        .into_iter()
        .flatten()
        .chain(specific.map(|s| s.evidence.iter()).into_iter().flatten());
    for e in evidence {
        lines.push(format!("Bukti: {e}"));
    }
    lines.join("\n")
}

/// The action items of a plan: due at the end of each step's semester counted from `start`.
pub fn action_items(instrument: &Instrument, result: &Plan, start: Date) -> Vec<NewActionItem> {
    result
        .steps
        .iter()
        .map(|s| NewActionItem {
            number: s.indicator,
            from: s.from,
            to: Value::from_level(s.to),
            lead_opd: s.lead_opd,
            due_date: padu_core::date::iso(semester_end(start, s.period)),
            target_period: s.period,
            effort_days: u64::from(s.effort.days),
            evidence_needed: evidence_needed(instrument, s.indicator, s.to),
        })
        .collect()
}

/// Where a period's semesters are counted from: its self-assessment start, else `today`.
pub fn plan_start(setup: &PlannerSetup, today: Date) -> Date {
    setup
        .ctx
        .period
        .stages
        .mandiri
        .start
        .as_deref()
        .and_then(padu_core::date::parse_iso)
        .unwrap_or(today)
}

/// The plan of the form's options for period `period_id` as its JSON report (ManagePeriod):
/// what `POST /api/v1/periods/{id}/plan` answers. Stores nothing.
pub async fn plan_report(
    app: &App,
    caller: &Caller,
    period_id: i64,
    input: &PlannerInput,
) -> Result<PlanReport, AppError> {
    let setup = setup(app, caller, period_id, Action::ManagePeriod).await?;
    let result = compute(&setup, input)?;
    Ok(PlanReport::new(&setup.ctx.instrument, &result))
}

/// An accepted plan: the plan, its report, and the period's action items as they now stand.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub instrument: Arc<Instrument>,
    pub plan: Plan,
    pub report: PlanReport,
    pub items: Vec<ActionItem>,
}

/// Computes the plan from the form and stores its steps as the period's action items
/// (replacing earlier ones still planned) in one audited write. Needs ManagePeriod; a closed
/// period is a conflict; bad input stores nothing.
pub async fn accept_plan(
    app: &App,
    caller: &Caller,
    period_id: i64,
    input: &PlannerInput,
    today: Date,
) -> Result<Accepted, AppError> {
    let setup = setup(app, caller, period_id, Action::ManagePeriod).await?;
    if setup.ctx.period.closed {
        return Err(AppError::Conflict("Periode sudah ditutup".into()));
    }
    let result = compute(&setup, input)?;
    let items = action_items(&setup.ctx.instrument, &result, plan_start(&setup, today));
    app.store
        .replace_planned_actions(&Who::user(&caller.user), period_id, &items)
        .await?;
    Ok(Accepted {
        instrument: Arc::clone(&setup.ctx.instrument),
        report: PlanReport::new(&setup.ctx.instrument, &result),
        plan: result,
        items: app.store.action_items(period_id).await?,
    })
}

/// Whether the period of `ctx` has an accepted plan (action items).
pub async fn has_plan(app: &App, ctx: &PeriodContext) -> Result<bool, AppError> {
    Ok(!app.store.action_items(ctx.period.id).await?.is_empty())
}

#[cfg(test)]
mod tests {
    use padu_core::{Assessment, Catalog, EffortModel, PlanOptions, Value, plan};

    use super::{action_items, evidence_needed, semester_end, what_if};
    use padu_core::date::{iso, parse_iso};

    #[test]
    fn plan_steps_become_items_due_at_their_semester_end_with_the_level_evidence() {
        let catalog = Catalog::builtin().expect("catalog");
        let i = catalog.instrument("permenpanrb-59-2020").expect("59/2020");
        let current = Assessment::uniform(i, Value(100)).expect("levels");
        let options = PlanOptions {
            target: Some(Value(200)),
            periods: 2,
            ..PlanOptions::default()
        };
        let result = plan(i, &current, &EffortModel::from_instrument(i), &options).expect("plan");
        assert!(result.feasible);
        // the planned levels, re-scored exactly, reach the target
        let rescored = what_if(i, result.values.clone()).expect("score");
        assert!(rescored.index.at_least(Value(200)));
        assert_eq!(
            rescored.index.numerator() * result.reached_index.denominator(),
            result.reached_index.numerator() * rescored.index.denominator()
        );
        let start = parse_iso("2026-01-01").expect("date");
        let items = action_items(i, &result, start);
        assert_eq!(items.len(), result.steps.len());
        for (item, step) in items.iter().zip(&result.steps) {
            assert_eq!(item.to, Value::from_level(step.to));
            assert_eq!(
                item.due_date,
                if step.period == 1 {
                    "2026-06-30"
                } else {
                    "2026-12-31"
                }
            );
            assert!(
                item.evidence_needed.contains("Kriteria: ")
                    || item.evidence_needed.contains("Bukti: ")
            );
        }
    }

    #[test]
    fn evidence_needed_joins_the_scale_and_the_indicator_texts() {
        let catalog = Catalog::builtin().expect("catalog");
        let i = catalog.instrument("permenpanrb-59-2020").expect("59/2020");
        let ind = &i.indicators[0];
        let level = 3;
        let text = evidence_needed(i, ind.number, level);
        let generic = i.scales[ind.scale].level(level).expect("level");
        for c in &generic.criteria {
            assert!(text.contains(c.as_str()));
        }
        assert_eq!(evidence_needed(i, 999, 3), "");
    }

    #[test]
    fn semesters_end_six_months_on() {
        let start = parse_iso("2026-01-01").expect("date");
        assert_eq!(iso(semester_end(start, 1)), "2026-06-30");
        assert_eq!(iso(semester_end(start, 2)), "2026-12-31");
        assert_eq!(iso(semester_end(start, 3)), "2027-06-30");
        let mid = parse_iso("2026-03-15").expect("date");
        assert_eq!(iso(semester_end(mid, 1)), "2026-09-14");
        let end = parse_iso("2026-08-31").expect("date");
        assert_eq!(iso(semester_end(end, 1)), "2027-02-27");
        assert!(parse_iso("2026-13-01").is_none());
    }
}
