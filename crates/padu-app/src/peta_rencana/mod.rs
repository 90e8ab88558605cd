//! Peta Rencana SPBE: an instansi's roadmaps (`roadmaps`: drafted, enacted with the kepala
//! daerah's decree, reviewed into a new version while the old one stays readable) and their
//! items (`items`: entered, changed, deleted, and the semester realisation its OPD reports).
//! Every input is checked by `padu_core::peta_rencana` before the first write. The thread
//! through the house (`thread`: a plan's action items attached to roadmap items), the IKU
//! targets against the realised index (`iku`) and the semester monitoring with its reminders
//! (`monitoring`); the budget table per year and OPD and the formal document as PDF
//! (`document`).
//!
//! Who may: every role of the instansi reads its roadmaps; the admin instansi and the
//! koordinator draft, enact, review and enter items; an operator reports the realisation of its
//! own OPD's items, whatever the roadmap's status. Another instansi's roadmaps answer "not
//! found", exactly like missing ones.

pub mod document;
pub mod iku;
pub mod items;
pub mod monitoring;
pub mod roadmaps;
pub mod thread;

use padu_core::access::{Action, Target};
use padu_store::Instansi;
use padu_store::peta_rencana::{Roadmap, RoadmapItem};

use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::{Acting, Caller};

/// What a missing or unseen roadmap is called in a "not found".
pub const ROADMAP: &str = "Peta rencana";
/// What a missing or unseen item is called in a "not found".
pub const ITEM: &str = "Item peta rencana";

fn field(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

fn core_errors(pairs: Vec<(String, String)>, errors: &mut Vec<FieldError>) {
    errors.extend(pairs.into_iter().map(|(f, m)| field(&f, m)));
}

/// Roadmap `id` with its instansi, when the caller may do `action` there (asked at the
/// instansi); a roadmap the caller may not even read is not found.
pub async fn roadmap_for(
    app: &App,
    caller: &Caller,
    id: i64,
    action: Action,
) -> Result<(Roadmap, Instansi), AppError> {
    let roadmap = app
        .store
        .roadmap(id)
        .await?
        .ok_or(AppError::NotFound(ROADMAP))?;
    let inst = app
        .store
        .instansi(roadmap.instansi_id)
        .await?
        .ok_or(AppError::NotFound(ROADMAP))?;
    let place = inst.target();
    caller.check_record(Action::ViewRoadmap, &place, ROADMAP)?;
    caller.check(action, &place)?;
    Ok((roadmap, inst))
}

/// Item `id` with its roadmap and instansi, when the caller may do `action` on it (asked at the
/// item's OPD); an item the caller may not even read is not found.
pub async fn item_for(
    app: &App,
    caller: &Caller,
    id: i64,
    action: Action,
) -> Result<(RoadmapItem, Roadmap, Instansi), AppError> {
    let item = app
        .store
        .roadmap_item(id)
        .await?
        .ok_or(AppError::NotFound(ITEM))?;
    let (roadmap, inst) = roadmap_for(app, caller, item.roadmap_id, Action::ViewRoadmap)
        .await
        .map_err(|e| e.not_found_as(ITEM))?;
    caller.check(action, &Target::opd(inst.id, inst.province(), item.opd_id))?;
    Ok((item, roadmap, inst))
}
