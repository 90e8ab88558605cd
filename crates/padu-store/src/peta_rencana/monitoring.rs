//! The realisation reminders: one row per roadmap item and semester, recorded with its in-app
//! notifications in one transaction, so each goes out once however often the job runs and
//! however many servers run it (as the evaluation's deadline reminders).

use padu_core::peta_rencana::monitoring::Semester;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};

use crate::entity::realisation_reminder;
use crate::notifications::NewNotification;
use crate::{Store, StoreError, now_ms};

impl Store {
    /// Records the reminder of item `item_id` for `semester` with its notifications, unless it
    /// was recorded before. Returns whether it is new: only then send its e-mails.
    pub async fn record_realisation_reminder(
        &self,
        item_id: i64,
        semester: Semester,
        notes: &[NewNotification],
    ) -> Result<bool, StoreError> {
        let txn = self.db.begin().await?;
        let row = realisation_reminder::ActiveModel {
            roadmap_item_id: Set(item_id),
            year: Set(semester.year),
            semester: Set(i32::from(semester.semester)),
            recipients: Set(i32::try_from(notes.len()).unwrap_or(i32::MAX)),
            sent_at_ms: Set(now_ms()),
            ..Default::default()
        };
        use realisation_reminder::Column as C;
        let inserted = realisation_reminder::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([C::RoadmapItemId, C::Year, C::Semester])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        self.finish_reminder(txn, inserted, notes).await
    }
}
