//! The thread from the planner to the Peta Rencana: an accepted plan's action item attached to
//! a roadmap item of the same instansi, or a roadmap item created for it in a draft roadmap
//! (the indicator, its level and the OPD taken from the action item), or detached again. Who
//! may manage the plan (ManagePeriod) attaches; creating an item also needs `EditRoadmap`.
//! A roadmap item marked `selesai` moves its open action items to `selesai` (in the store's
//! write of the item).

use std::collections::HashMap;
use std::sync::Arc;

use padu_core::Instrument;
use padu_core::access::Action;
use padu_core::peta_rencana::{IndicatorTarget, ItemDetails, ItemStatus, RoadmapStatus};
use padu_store::peta_rencana::{NewRoadmapItem, RoadmapItem};
use padu_store::planner::ActionItem;

use super::roadmaps::not_editable;
use super::{ITEM, item_for, roadmap_for};
use crate::evaluation::{PeriodContext, period_for};
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::{Acting, Caller};

/// What to do with an action item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attach {
    /// Attach it to this roadmap item.
    Item(i64),
    /// Create an item for it in this (draft) roadmap and attach it.
    NewIn(i64),
    /// Detach it.
    Nothing,
}

const ACTION: &str = "Rencana aksi";

/// Attaches, creates for or detaches action item `action_id`. A roadmap or item of another
/// instansi (or unknown) is a field error; a reviewed version takes no new attachments, a
/// closed period's action items no longer change (409). Returns the action item as it now is
/// and the roadmap item it is attached to.
pub async fn attach(
    app: &App,
    caller: &Caller,
    action_id: i64,
    choice: Attach,
) -> Result<(PeriodContext, ActionItem, Option<RoadmapItem>), AppError> {
    let action = app
        .store
        .action_item(action_id)
        .await?
        .ok_or(AppError::NotFound(ACTION))?;
    let ctx = period_for(app, caller, action.period_id, Action::ManagePeriod)
        .await
        .map_err(|e| e.not_found_as(ACTION))?;
    if ctx.period.closed {
        return Err(AppError::Conflict("Periode sudah ditutup".into()));
    }
    match choice {
        Attach::Nothing => {
            if action.roadmap_item.is_none() {
                return Ok((ctx, action, None));
            }
            let action = app
                .store
                .attach_action(&caller.who(), action_id, None)
                .await?;
            Ok((ctx, action, None))
        }
        Attach::Item(id) => {
            let missing = || {
                AppError::field(
                    "roadmap_item",
                    format!("Item peta rencana {id} tidak ditemukan di instansi ini"),
                )
            };
            let (item, roadmap, inst) = item_for(app, caller, id, Action::ViewRoadmap)
                .await
                .map_err(|e| match e {
                    AppError::NotFound(_) => missing(),
                    other => other,
                })?;
            if inst.id != ctx.instansi.id {
                return Err(missing());
            }
            if roadmap.status == RoadmapStatus::Direviu {
                return Err(AppError::Conflict(not_editable(roadmap.status)));
            }
            if action.roadmap_item == Some(item.id) {
                return Ok((ctx, action, Some(item)));
            }
            let action = app
                .store
                .attach_action(&caller.who(), action_id, Some(item.id))
                .await?;
            Ok((ctx, action, Some(item)))
        }
        Attach::NewIn(roadmap_id) => {
            let missing = || {
                AppError::field(
                    "roadmap",
                    format!("Peta rencana {roadmap_id} tidak ditemukan di instansi ini"),
                )
            };
            let (roadmap, inst) = roadmap_for(app, caller, roadmap_id, Action::ViewRoadmap)
                .await
                .map_err(|e| match e {
                    AppError::NotFound(_) => missing(),
                    other => other,
                })?;
            if inst.id != ctx.instansi.id {
                return Err(missing());
            }
            caller.check(Action::EditRoadmap, &inst.target())?;
            let new = item_for_action(&ctx, &action, roadmap.span())?;
            if !roadmap.status.content_editable() {
                return Err(AppError::Conflict(not_editable(roadmap.status)));
            }
            let new = NewRoadmapItem { roadmap_id, ..new };
            let (item, action) = app
                .store
                .create_roadmap_item_for_action(&caller.who(), action_id, &new)
                .await?;
            Ok((ctx, action, Some(item)))
        }
    }
}

/// The roadmap item that answers action item `a` (its roadmap still to be set): raising the
/// indicator to the action's level, by its lead OPD, in the year it is due.
fn item_for_action(
    ctx: &PeriodContext,
    a: &ActionItem,
    span: std::ops::RangeInclusive<i32>,
) -> Result<NewRoadmapItem, AppError> {
    let Some(opd) = a.lead_opd else {
        return Err(AppError::field(
            "roadmap",
            "Rencana aksi ini belum memiliki OPD pengampu; tetapkan OPD-nya dahulu",
        ));
    };
    let year = padu_core::date::parse_iso(&a.due_date)
        .map(|d| d.year())
        .unwrap_or(ctx.period.year);
    if !span.contains(&year) {
        return Err(AppError::field(
            "roadmap",
            format!(
                "Tenggat rencana aksi ({year}) berada di luar rentang peta rencana ({}-{})",
                span.start(),
                span.end()
            ),
        ));
    }
    let name = ctx
        .instrument
        .indicator(a.number)
        .map(|i| i.name.clone())
        .unwrap_or_default();
    let level = a.to.floor_level();
    let mut details = ItemDetails {
        need: Some(format!(
            "Rencana aksi {}: indikator {} naik dari {} ke {}",
            ctx.period.year,
            a.number,
            a.from.format_short(','),
            a.to.format_short(',')
        )),
        initiative: Some(a.evidence_needed.clone()).filter(|t| !t.trim().is_empty()),
        years: vec![year],
        indicators: vec![IndicatorTarget {
            instrument: ctx.period.instrument.clone(),
            number: a.number,
            level,
        }],
        ..Default::default()
    };
    details.targets.insert(
        year,
        format!("Indikator {} mencapai level {level}", a.number),
    );
    let title = format!("Indikator {} {name} ke level {level}", a.number);
    Ok(NewRoadmapItem {
        roadmap_id: 0,
        opd_id: opd,
        title: title
            .chars()
            .take(padu_core::peta_rencana::MAX_TITLE)
            .collect(),
        status: ItemStatus::BelumMulai,
        details,
    })
}

/// The action items attached to roadmap item `id`, by due date, each with its period's
/// instrument (for its levels' names).
pub async fn actions_of(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<Vec<(ActionItem, Arc<Instrument>)>, AppError> {
    let (item, _, _) = item_for(app, caller, id, Action::ViewRoadmap)
        .await
        .map_err(|e| e.not_found_as(ITEM))?;
    let actions = app.store.actions_of_roadmap_items(&[item.id]).await?;
    let mut instruments: HashMap<i64, Arc<Instrument>> = HashMap::new();
    let mut out = Vec::with_capacity(actions.len());
    for a in actions {
        let instrument = match instruments.get(&a.period_id) {
            Some(i) => Arc::clone(i),
            None => {
                let Some(p) = app.store.period(a.period_id).await? else {
                    continue;
                };
                let Some(i) = app.catalog.instrument(&p.instrument).cloned() else {
                    continue;
                };
                instruments.insert(a.period_id, Arc::clone(&i));
                i
            }
        };
        out.push((a, instrument));
    }
    Ok(out)
}

/// The action items of the instansi's open periods that may be attached to an item (for the
/// item page's form): for whoever may manage the plan, else nothing.
pub async fn attachable(
    app: &App,
    caller: &Caller,
    instansi: &padu_store::Instansi,
) -> Result<Vec<(ActionItem, Arc<Instrument>)>, AppError> {
    if !caller.may(Action::ManagePeriod, &instansi.target()) {
        return Ok(Vec::new());
    }
    let periods: Vec<_> = app
        .store
        .periods_of(instansi.id)
        .await?
        .into_iter()
        .filter(|p| !p.closed)
        .collect();
    let ids: Vec<i64> = periods.iter().map(|p| p.id).collect();
    let actions = app.store.action_items_of_periods(&ids).await?;
    Ok(actions
        .into_iter()
        .filter_map(|a| {
            let p = periods.iter().find(|p| p.id == a.period_id)?;
            let i = app.catalog.instrument(&p.instrument).cloned()?;
            Some((a, i))
        })
        .collect())
}
