//! Action items after a plan was accepted: the period's list, and moving one item between
//! `rencana`, `berjalan`, `selesai` and `batal`.

use padu_core::access::Action;
use padu_store::planner::{ActionItem, ActionStatus};

use crate::evaluation::{PeriodContext, period_for};
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Acting;

/// The action items of period `period_id` for a caller who may see its instansi, by semester,
/// due date and indicator.
pub async fn action_items_of(
    app: &App,
    caller: &impl Acting,
    period_id: i64,
) -> Result<(PeriodContext, Vec<ActionItem>), AppError> {
    let ctx = period_for(app, caller, period_id, Action::ViewInstansi).await?;
    let items = app.store.action_items(period_id).await?;
    Ok((ctx, items))
}

/// Reads a status code (`rencana`, `berjalan`, `selesai`, `batal`).
pub fn parse_status(code: &str) -> Result<ActionStatus, AppError> {
    ActionStatus::from_code(code.trim()).ok_or_else(|| {
        let codes: Vec<&str> = ActionStatus::ALL.iter().map(|s| s.code()).collect();
        AppError::field(
            "status",
            format!("Status harus salah satu dari: {}", codes.join(", ")),
        )
    })
}

/// Sets the status of action item `item_id` to `code`, for whoever may manage the plan
/// (ManagePeriod at the item's instansi, the same as accepting a plan). Any status may follow
/// any other. A closed period's items no longer change (409). Setting the status an item already
/// has writes nothing. Returns the item's period and the item as it now is.
pub async fn set_action_status(
    app: &App,
    caller: &impl Acting,
    item_id: i64,
    code: &str,
) -> Result<(PeriodContext, ActionItem), AppError> {
    let item = app
        .store
        .action_item(item_id)
        .await?
        .ok_or(AppError::NotFound("Rencana aksi"))?;
    let ctx = period_for(app, caller, item.period_id, Action::ManagePeriod)
        .await
        .map_err(|e| e.not_found_as("Rencana aksi"))?;
    let status = parse_status(code)?;
    if ctx.period.closed {
        return Err(AppError::Conflict("Periode sudah ditutup".into()));
    }
    if item.status == status {
        return Ok((ctx, item));
    }
    let item = app
        .store
        .set_action_status(&caller.who(), item.period_id, item_id, status)
        .await?;
    Ok((ctx, item))
}

#[cfg(test)]
mod tests {
    use padu_store::planner::ActionStatus;

    use super::parse_status;
    use crate::kit::error::AppError;

    #[test]
    fn every_code_reads_and_nothing_else() {
        for s in ActionStatus::ALL {
            assert_eq!(parse_status(s.code()).ok(), Some(s));
        }
        assert_eq!(parse_status(" selesai ").ok(), Some(ActionStatus::Selesai));
        for bad in ["", "SELESAI", "done", "dibatalkan"] {
            match parse_status(bad) {
                Err(AppError::Invalid(fields)) => {
                    assert_eq!(fields.len(), 1);
                    assert_eq!(fields[0].field, "status");
                    assert!(
                        fields[0]
                            .message
                            .contains("rencana, berjalan, selesai, batal")
                    );
                }
                other => panic!("{bad:?} was read as {other:?}"),
            }
        }
    }
}
