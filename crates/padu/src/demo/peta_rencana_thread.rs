//! The thread through Trenggalek's demo: the 2026 evaluation's plan accepted as action items,
//! each attached to the roadmap item that raises its indicator (or, for a few, a roadmap item
//! made for it while the roadmap is still a draft), and the RPJMD's index targets 2025-2029
//! (the IKU), all labelled demo data where they could pass for official figures.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};
use padu_app::peta_rencana::iku;
use padu_app::peta_rencana::thread::{self, Attach};
use padu_app::{App, Caller};
use padu_core::access::Action;
use padu_core::evaluation::PeriodKind;
use padu_store::Instansi;

/// Roadmap items made for action items no item answers yet (the rest are attached).
const MADE_FOR_ACTIONS: usize = 3;

/// The RPJMD 2025-2029's targets for the SPBE index (synthetic, demo data).
pub const IKU: [(i32, &str); 5] = [
    (2025, "2,30"),
    (2026, "2,50"),
    (2027, "2,75"),
    (2028, "3,00"),
    (2029, "3,25"),
];

/// Accepts the 2026 plan for the period's target and threads its action items through the
/// draft roadmap `roadmap_id`; returns how many were attached.
pub async fn plan_into_roadmap(
    app: &App,
    admin: &Caller,
    inst: &Instansi,
    roadmap_id: i64,
) -> Result<usize> {
    let fail = |e: padu_app::AppError| anyhow!(e.message());
    let Some(period) = app
        .store
        .periods_of(inst.id)
        .await?
        .into_iter()
        .find(|p| p.year == 2026 && p.kind == PeriodKind::Evaluasi && !p.closed)
    else {
        return Ok(0);
    };
    let setup = padu_app::planner::setup(app, admin, period.id, Action::ManagePeriod)
        .await
        .map_err(fail)?;
    let input = setup.default_input();
    let today = padu_app::evaluation::dashboard::today_in(&inst.timezone);
    let accepted = padu_app::planner::accept_plan(app, admin, period.id, &input, today)
        .await
        .map_err(fail)?;
    let items = app.store.roadmap_items(roadmap_id).await?;
    let mut made = 0;
    let mut attached = 0;
    for action in &accepted.items {
        let aimed = items.iter().find(|i| {
            i.details
                .indicators
                .iter()
                .any(|t| t.instrument == period.instrument && t.number == action.number)
        });
        let choice = match aimed {
            Some(i) => Attach::Item(i.id),
            None if made < MADE_FOR_ACTIONS && action.lead_opd.is_some() => {
                made += 1;
                Attach::NewIn(roadmap_id)
            }
            None => continue,
        };
        thread::attach(app, admin, action.id, choice)
            .await
            .map_err(fail)?;
        attached += 1;
    }
    Ok(attached)
}

/// Sets the RPJMD's index targets.
pub async fn targets(app: &App, admin: &Caller, inst: &Instansi) -> Result<()> {
    let typed: BTreeMap<i32, String> = IKU.iter().map(|(y, t)| (*y, (*t).to_string())).collect();
    iku::set_targets(app, admin, inst.id, &typed)
        .await
        .map_err(|e| anyhow!(e.message()))?;
    Ok(())
}
