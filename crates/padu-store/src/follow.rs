//! Several instances, one truth: every write that a read cache depends on also appends one row
//! to the change log (what it touched, numbered in commit order) inside its own transaction, and
//! every instance catches up at the start of each request by reading the rows it has not applied
//! yet and marking those keys changed in its [`Changes`].
//!
//! Order: a row is numbered while the transaction holds the audit chain's lock (the update of
//! its head row), so numbers are handed out, and become visible, in commit order; a reader that
//! sees row `n` has seen every row before it. Rows older than [`KEEP`] are pruned: an instance
//! that finds the row after its last applied one missing treats it as "everything changed".
//!
//! Cost: one indexed `MAX(seq)` per check, and concurrent requests share one check (a check that
//! started after a request arrived serves it).

use std::time::Instant;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement, TransactionTrait,
};

use crate::changes::{Changes, Key};
use crate::entity::change_log;
use crate::{Store, StoreError, now_ms};

/// The change log's table. Not in a backup: it is no record of the Pemda but this database's
/// history of changes, which goes on across a restore (the restore appends an "everything"
/// row, so every instance drops its cached values).
pub(crate) const TABLE: &str = "change_log";

/// How many rows the log keeps (an instance further behind drops all its cached values).
pub const KEEP: i64 = 10_000;

/// Rows are pruned when the new row's number is a multiple of this.
const PRUNE_EVERY: i64 = 500;

/// What one write touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
    Keys(Vec<Key>),
    Everything,
}

/// Where this instance stands in the change log.
#[derive(Debug, Default)]
pub(crate) struct Follow {
    /// The last row applied (`None`: not read yet).
    applied: Option<i64>,
    /// When the last check started.
    checked_at: Option<Instant>,
}

/// Appends what a write touched to the change log, inside its transaction. `locked`: the
/// transaction holds the audit chain's lock already (every audited one does).
pub(crate) async fn log(
    txn: &DatabaseTransaction,
    scope: &Scope,
    locked: bool,
) -> Result<(), StoreError> {
    if matches!(scope, Scope::Keys(keys) if keys.is_empty()) {
        return Ok(());
    }
    let backend = txn.get_database_backend();
    if !locked {
        txn.execute_raw(Statement::from_string(
            backend,
            "UPDATE audit_head SET seq = seq WHERE id = 1",
        ))
        .await?;
    }
    // numbered and appended in one round trip (the chain's lock is held: no other writer)
    let placeholders = match backend {
        DbBackend::Postgres => ("$1", "$2"),
        _ => ("?", "?"),
    };
    let row = txn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "INSERT INTO \"{TABLE}\" (\"seq\", \"at_ms\", \"keys\") \
                 SELECT COALESCE(MAX(\"seq\"), 0) + 1, {}, {} FROM \"{TABLE}\" RETURNING \"seq\"",
                placeholders.0, placeholders.1
            ),
            [now_ms().into(), encode(scope).into()],
        ))
        .await?
        .ok_or(sea_orm::DbErr::RecordNotInserted)?;
    let seq: i64 = row.try_get("", "seq")?;
    if seq % PRUNE_EVERY == 0 {
        change_log::Entity::delete_many()
            .filter(change_log::Column::Seq.lte(seq - KEEP))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// The newest row's number.
async fn head(db: &impl ConnectionTrait) -> Result<Option<i64>, StoreError> {
    Ok(change_log::Entity::find()
        .select_only()
        .column_as(change_log::Column::Seq.max(), "seq")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten())
}

impl Store {
    /// Applies the changes other instances (or the command line) committed since the last
    /// check: call it at the start of every request. Concurrent callers share one check; a
    /// failed check drops every cached value (nothing stale is served) and reports the error.
    pub async fn catch_up(&self) -> Result<(), StoreError> {
        let arrived = Instant::now();
        let mut follow = self.follow.lock().await;
        if follow.checked_at.is_some_and(|at| at >= arrived) {
            return Ok(());
        }
        follow.checked_at = Some(Instant::now());
        match self.apply_new(follow.applied).await {
            Ok(applied) => {
                follow.applied = applied;
                Ok(())
            }
            Err(e) => {
                self.changes.touch_everything();
                follow.applied = None;
                Err(e)
            }
        }
    }

    /// Reads and applies the rows after `applied`; the last row applied.
    async fn apply_new(&self, applied: Option<i64>) -> Result<Option<i64>, StoreError> {
        let Some(head) = head(&self.db).await? else {
            return Ok(applied);
        };
        let Some(applied) = applied.filter(|&a| a <= head) else {
            // first check, or the log went back (a restore elsewhere): trust no cached value
            self.changes.touch_everything();
            return Ok(Some(head));
        };
        if head == applied {
            return Ok(Some(applied));
        }
        let rows = change_log::Entity::find()
            .filter(change_log::Column::Seq.gt(applied))
            .filter(change_log::Column::Seq.lte(head))
            .order_by_asc(change_log::Column::Seq)
            .all(&self.db)
            .await?;
        let complete = rows.len() as i64 == head - applied
            && rows.first().is_some_and(|r| r.seq == applied + 1);
        if !complete {
            self.changes.touch_everything();
            return Ok(Some(head));
        }
        let mut keys = Vec::new();
        for row in rows {
            match decode(&row.keys) {
                Scope::Everything => {
                    self.changes.touch_everything();
                    return Ok(Some(head));
                }
                Scope::Keys(k) => keys.extend(k),
            }
        }
        self.changes.touch(keys);
        Ok(Some(head))
    }

    /// Records, in a transaction of its own, a change made outside an audited one.
    pub(crate) async fn log_change(&self, scope: Scope) -> Result<(), StoreError> {
        self.commit_change(self.db.begin().await?, scope).await
    }

    /// Logs what an unaudited write in `txn` touched, commits it, and marks it here.
    pub(crate) async fn commit_change(
        &self,
        txn: DatabaseTransaction,
        scope: Scope,
    ) -> Result<(), StoreError> {
        log(&txn, &scope, false).await?;
        txn.commit().await?;
        apply_locally(&self.changes, scope);
        Ok(())
    }
}

/// Marks what this process itself changed (after the commit).
pub(crate) fn apply_locally(changes: &Changes, scope: Scope) {
    match scope {
        Scope::Everything => changes.touch_everything(),
        Scope::Keys(keys) => changes.touch(keys),
    }
}

fn encode(scope: &Scope) -> String {
    match scope {
        Scope::Everything => "*".into(),
        Scope::Keys(keys) => {
            let mut parts: Vec<String> = keys
                .iter()
                .map(|k| match k {
                    Key::Instansi(id) => format!("i{id}"),
                    Key::User(id) => format!("u{id}"),
                    Key::Inbox(id) => format!("n{id}"),
                })
                .collect();
            parts.sort();
            parts.dedup();
            parts.join(" ")
        }
    }
}

/// A row's keys; anything unreadable reads as everything.
fn decode(text: &str) -> Scope {
    let mut keys = Vec::new();
    for part in text.split_whitespace() {
        let (kind, id) = part.split_at(1.min(part.len()));
        let Ok(id) = id.parse::<i64>() else {
            return Scope::Everything;
        };
        keys.push(match kind {
            "i" => Key::Instansi(id),
            "u" => Key::User(id),
            "n" => Key::Inbox(id),
            _ => return Scope::Everything,
        });
    }
    Scope::Keys(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_as_written_and_anything_else_as_everything() {
        let scope = Scope::Keys(vec![Key::Instansi(3), Key::User(7), Key::Inbox(9)]);
        assert_eq!(encode(&scope), "i3 n9 u7");
        let Scope::Keys(mut back) = decode(&encode(&scope)) else {
            panic!("kunci terbaca sebagai semuanya");
        };
        back.sort_by_key(|k| format!("{k:?}"));
        assert_eq!(back, vec![Key::Inbox(9), Key::Instansi(3), Key::User(7)]);
        assert_eq!(decode("*"), Scope::Everything);
        assert_eq!(decode("x1"), Scope::Everything);
        assert_eq!(decode("iabc"), Scope::Everything);
        assert_eq!(encode(&Scope::Everything), "*");
    }
}
