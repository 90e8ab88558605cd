//! In-app notifications: created inside the audited write that causes them, listed, counted
//! (the navigation badge, from the read cache) and marked read by their user. Every feature's
//! writes notify through here; this module imports no feature.

use crate::backup::Table;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;

use crate::changes::Key;
use crate::entity::notification;
use crate::follow::Scope;
use crate::{Store, StoreError, now_ms};

/// The table this module owns in a backup.
pub(crate) const TABLES: &[Table] = &[Table::of::<notification::Entity>("notifications", None)];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub message: String,
    pub link: String,
    pub created_at_ms: i64,
    pub read: bool,
}

/// A notification to create with a write, in the same transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub user_id: i64,
    pub kind: String,
    pub message: String,
    pub link: String,
}

impl Store {
    /// Ends a reminder's transaction `txn`, in which the reminder's once-only row was just
    /// offered (`inserted` rows went in): when it went in, its notifications are added and the
    /// transaction commits, and the readers of the recipients' inboxes learn of it; when the
    /// reminder was recorded before (by this server or another), nothing is written. Returns
    /// whether it is new: only then are its e-mails sent.
    pub(crate) async fn finish_reminder(
        &self,
        txn: sea_orm::DatabaseTransaction,
        inserted: u64,
        notes: &[NewNotification],
    ) -> Result<bool, StoreError> {
        if inserted == 0 {
            txn.rollback().await?;
            return Ok(false);
        }
        insert_notifications(&txn, notes).await?;
        let scope = Scope::Keys(notes.iter().map(|n| Key::Inbox(n.user_id)).collect());
        crate::follow::log(&txn, &scope, false).await?;
        txn.commit().await?;
        crate::follow::apply_locally(&self.changes, scope);
        Ok(true)
    }
}

/// Inserts in-app notifications within the caller's transaction (nothing when `notes` is empty).
pub(crate) async fn insert_notifications(
    conn: &impl ConnectionTrait,
    notes: &[NewNotification],
) -> Result<(), StoreError> {
    if notes.is_empty() {
        return Ok(());
    }
    let now = now_ms();
    let rows: Vec<notification::ActiveModel> = notes
        .iter()
        .map(|n| notification::ActiveModel {
            user_id: Set(n.user_id),
            kind: Set(n.kind.clone()),
            message: Set(n.message.clone()),
            link: Set(n.link.clone()),
            created_at_ms: Set(now),
            read: Set(false),
            ..Default::default()
        })
        .collect();
    notification::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

impl Store {
    /// A user's notifications, the newest first (at most `limit`).
    pub async fn notifications_of(
        &self,
        user_id: i64,
        unread_only: bool,
        limit: u64,
    ) -> Result<Vec<Notification>, StoreError> {
        self.notifications_page(user_id, unread_only, limit, 0)
            .await
    }

    /// [`Store::notifications_of`] from the `offset`-th on (the API's pages).
    pub async fn notifications_page(
        &self,
        user_id: i64,
        unread_only: bool,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<Notification>, StoreError> {
        let mut query =
            notification::Entity::find().filter(notification::Column::UserId.eq(user_id));
        if unread_only {
            query = query.filter(notification::Column::Read.eq(false));
        }
        Ok(query
            .order_by_desc(notification::Column::Id)
            .limit(limit.min(200))
            .offset(offset)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|n| Notification {
                id: n.id,
                kind: n.kind,
                message: n.message,
                link: n.link,
                created_at_ms: n.created_at_ms,
                read: n.read,
            })
            .collect())
    }

    /// How many of a user's notifications are unread (one `COUNT` query).
    /// Answered from the read cache while the user's inbox did not change.
    pub async fn unread_notifications(&self, user_id: i64) -> Result<u64, StoreError> {
        let fresh = |_: &u64, mark| !self.changes.changed_since(Key::Inbox(user_id), mark);
        let read = async {
            notification::Entity::find()
                .filter(notification::Column::UserId.eq(user_id))
                .filter(notification::Column::Read.eq(false))
                .count(&self.db)
                .await
        };
        Ok(self
            .cached
            .unread
            .get_or_read(&self.changes, user_id, fresh, read)
            .await?)
    }

    /// Marks one of a user's notifications read; `false` when the user has no such
    /// notification (not audited, as marking all of them).
    pub async fn mark_notification_read(&self, user_id: i64, id: i64) -> Result<bool, StoreError> {
        let txn = self.db.begin().await?;
        let done = notification::Entity::update_many()
            .col_expr(
                notification::Column::Read,
                sea_orm::sea_query::Expr::value(true),
            )
            .filter(notification::Column::UserId.eq(user_id))
            .filter(notification::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        // SQLite and PostgreSQL count a matched row whether or not it was read already.
        let found = done.rows_affected > 0;
        if found {
            self.commit_change(txn, Scope::Keys(vec![Key::Inbox(user_id)]))
                .await?;
        }
        Ok(found)
    }

    /// Marks all of a user's notifications read (not audited: it changes no record of the
    /// evaluation).
    pub async fn mark_notifications_read(&self, user_id: i64) -> Result<(), StoreError> {
        let txn = self.db.begin().await?;
        notification::Entity::update_many()
            .col_expr(
                notification::Column::Read,
                sea_orm::sea_query::Expr::value(true),
            )
            .filter(notification::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
        self.commit_change(txn, Scope::Keys(vec![Key::Inbox(user_id)]))
            .await
    }
}
