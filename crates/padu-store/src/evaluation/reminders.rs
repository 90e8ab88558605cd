//! Deadline reminders: which open periods have stages ending, who has work left in one, and
//! recording a reminder together with its in-app notifications so each goes out exactly once.

use crate::backup::Table;
use std::collections::BTreeSet;

use padu_core::evaluation::Status;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};

use super::Period;
use super::periods::to_period;
use crate::entity::{deadline_reminder, period, period_indicator};
use crate::notifications::NewNotification;
use crate::{Store, StoreError, now_ms};

/// The table of the reminders sent, in a backup.
pub(crate) const TABLES: &[Table] = &[Table::of::<deadline_reminder::Entity>(
    "deadline_reminders",
    None,
)];

/// A reminder to record: a stage of a period ending on `end_date`, `days_before` ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub period_id: i64,
    /// `mandiri`, `dokumen`, `interviu`, `visitasi`.
    pub stage: String,
    /// ISO `yyyy-mm-dd`.
    pub end_date: String,
    pub days_before: u32,
}

impl Store {
    /// Every period not yet closed, of every instansi (for the reminder job; one query).
    pub async fn open_periods(&self) -> Result<Vec<Period>, StoreError> {
        period::Entity::find()
            .filter(period::Column::Closed.eq(false))
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_period)
            .collect()
    }

    /// The OPDs leading at least one indicator of the period that is still open for their
    /// work (draft or returned): who a self-assessment deadline concerns.
    pub async fn opds_with_open_work(&self, period_id: i64) -> Result<Vec<i64>, StoreError> {
        use period_indicator::Column as C;
        let rows: Vec<(Option<i64>, String)> = period_indicator::Entity::find()
            .select_only()
            .columns([C::LeadOpdId, C::Status])
            .filter(C::PeriodId.eq(period_id))
            .into_tuple()
            .all(&self.db)
            .await?;
        let open: BTreeSet<i64> = rows
            .into_iter()
            .filter(|(_, status)| Status::from_code(status).is_some_and(Status::editable))
            .filter_map(|(opd, _)| opd)
            .collect();
        Ok(open.into_iter().collect())
    }

    /// Records a reminder and its in-app notifications in one transaction, unless the same
    /// reminder was recorded before. Returns whether it is new: only then send its e-mails.
    pub async fn record_reminder(
        &self,
        reminder: &Reminder,
        notes: &[NewNotification],
    ) -> Result<bool, StoreError> {
        let txn = self.db.begin().await?;
        let now = now_ms();
        let row = deadline_reminder::ActiveModel {
            period_id: Set(reminder.period_id),
            stage: Set(reminder.stage.clone()),
            end_date: Set(reminder.end_date.clone()),
            days_before: Set(i32::try_from(reminder.days_before).unwrap_or(i32::MAX)),
            recipients: Set(i32::try_from(notes.len()).unwrap_or(i32::MAX)),
            sent_at_ms: Set(now),
            ..Default::default()
        };
        use deadline_reminder::Column as C;
        let inserted = deadline_reminder::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([C::PeriodId, C::Stage, C::EndDate, C::DaysBefore])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        self.finish_reminder(txn, inserted, notes).await
    }
}
