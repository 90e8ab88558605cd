//! Arsitektur SPBE: a Pemda's architecture items per OPD and year in the six domains, their
//! links and their verification (`items`, `workflow`), and what is computed from them: the
//! gaps, the counts per domain and the overlapping applications (`analysis`); and the
//! architecture as an ArchiMate Open Exchange document for other tools (`exchange`); the
//! consolidation of overlapping applications, proposed and decided (`consolidation`).
//!
//! Who may: every role of the instansi reads its whole architecture (an OPD's items link to
//! other OPDs'), its province reads too; an operator enters its own OPD's items, the admin
//! instansi and the koordinator all of them, and they verify or return what was submitted.
//! Another instansi's items answer "not found", exactly like missing ones.

pub mod analysis;
pub mod consolidation;
pub mod exchange;
pub mod items;
pub mod workflow;

use padu_core::access::{Action, Target};
use padu_store::Instansi;
use padu_store::arsitektur::ArchitectureItem;

use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::{Acting, Caller};

/// What a missing or unseen item is called in a "not found".
pub const ITEM: &str = "Item arsitektur";

/// Where an item sits, for the permission question.
pub fn target(inst: &Instansi, item: &ArchitectureItem) -> Target {
    Target::opd(inst.id, inst.province(), item.opd_id)
}

/// Item `id` with its instansi, when the caller may do `action` on it; an item the caller may
/// not even read is not found.
pub async fn item_for(
    app: &App,
    caller: &Caller,
    id: i64,
    action: Action,
) -> Result<(ArchitectureItem, Instansi), AppError> {
    let item = app
        .store
        .architecture_item(id)
        .await?
        .ok_or(AppError::NotFound(ITEM))?;
    let inst = app
        .store
        .instansi(item.instansi_id)
        .await?
        .ok_or(AppError::NotFound(ITEM))?;
    let place = target(&inst, &item);
    caller.check_record(Action::ViewArchitecture, &place, ITEM)?;
    if caller.may(Action::ViewArchitecture, &place) {
        caller.check(action, &place)?;
    }
    Ok((item, inst))
}
