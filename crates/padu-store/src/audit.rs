//! The audit log: appended inside every write transaction, hash-chained, verifiable.

use crate::backup::Table;
use padu_core::audit::{AuditContent, GENESIS, chain_hash};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement, TransactionTrait,
};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::sea_query::Expr;
use sea_orm::{ConnAcquireErr, DbErr};
use tokio::sync::OwnedMutexGuard;

use crate::changes::{Changes, Key};
use crate::entity::{audit_head, audit_log};
use crate::follow::Scope;
use crate::model::{AuditEntry, Who};
use crate::notifications::{NewNotification, insert_notifications};
use crate::{Store, StoreError, now_ms};

/// The tables of the audit log in a backup.
pub(crate) const TABLES: &[Table] = &[
    Table::of::<audit_log::Entity>("audit_log", None),
    Table::of::<audit_head::Entity>("audit_head", None),
];

/// One change to record.
#[derive(Debug)]
pub(crate) struct Event<'a> {
    pub instansi_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Serialises a record for the log (`None` stays `None`).
pub(crate) fn snapshot<T: Serialize>(value: Option<&T>) -> Option<String> {
    value.and_then(|v| serde_json::to_string(v).ok())
}

/// The audit chain inside one transaction. `begin` takes the chain's lock (an update of its one
/// head row) as the transaction's first statement, so concurrent writers queue instead of
/// forking the chain, on SQLite and PostgreSQL alike.
pub(crate) struct AuditTx {
    seq: i64,
    hash: String,
    at_ms: i64,
}

impl AuditTx {
    pub async fn begin(txn: &DatabaseTransaction) -> Result<AuditTx, StoreError> {
        // the lock and the head's values in one round trip
        let backend = txn.get_database_backend();
        let head = txn
            .query_one_raw(Statement::from_string(
                backend,
                "UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash",
            ))
            .await?
            .ok_or_else(|| StoreError::Invalid("rantai audit belum disiapkan".into()))?;
        Ok(AuditTx {
            seq: head.try_get::<i64>("", "seq")?,
            hash: head.try_get::<String>("", "hash")?,
            at_ms: now_ms(),
        })
    }

    pub async fn record(
        &mut self,
        txn: &DatabaseTransaction,
        who: &Who,
        event: Event<'_>,
    ) -> Result<(), StoreError> {
        let seq = self.seq + 1;
        let content = AuditContent {
            seq,
            at_ms: self.at_ms,
            actor_id: who.user_id,
            actor_name: &who.name,
            instansi_id: event.instansi_id,
            action: event.action,
            entity: event.entity,
            entity_id: event.entity_id.as_deref(),
            before: event.before.as_deref(),
            after: event.after.as_deref(),
        };
        let hash = chain_hash(&self.hash, &content);
        audit_log::Entity::insert(audit_log::ActiveModel {
            seq: Set(seq),
            at_ms: Set(self.at_ms),
            actor_id: Set(who.user_id),
            actor_name: Set(who.name.clone()),
            instansi_id: Set(event.instansi_id),
            action: Set(event.action.to_string()),
            entity: Set(event.entity.to_string()),
            entity_id: Set(event.entity_id),
            before: Set(event.before),
            after: Set(event.after),
            prev_hash: Set(self.hash.clone()),
            hash: Set(hash.clone()),
        })
        .exec_without_returning(txn)
        .await?;
        self.seq = seq;
        self.hash = hash;
        Ok(())
    }

    /// Moves the head to the last entry; then the caller commits.
    pub async fn finish(self, txn: &DatabaseTransaction) -> Result<(), StoreError> {
        // without reading the row back (one statement on SQLite too)
        audit_head::Entity::update_many()
            .col_expr(audit_head::Column::Seq, Expr::value(self.seq))
            .col_expr(audit_head::Column::Hash, Expr::value(self.hash))
            .filter(audit_head::Column::Id.eq(1))
            .exec(txn)
            .await?;
        Ok(())
    }
}

/// How long a write waits for its turn behind this process's other writes.
const WRITER_WAIT: Duration = Duration::from_secs(30);

/// A write transaction that carries the audit chain: every store write goes through one.
pub(crate) struct AuditedTxn {
    pub txn: DatabaseTransaction,
    audit: AuditTx,
    changes: Arc<Changes>,
    /// What the read caches must forget once this commits.
    touched: Vec<Key>,
    /// A change recorded without an instansi: the caches forget everything.
    touched_everything: bool,
    /// This process's turn to write (released after the commit or the rollback: declared after
    /// `txn`, so dropped after it).
    _turn: OwnedMutexGuard<()>,
}

impl AuditedTxn {
    /// Records one change inside the transaction.
    pub async fn record(&mut self, who: &Who, event: Event<'_>) -> Result<(), StoreError> {
        match event.instansi_id {
            Some(id) => self.touched.push(Key::Instansi(id)),
            None => self.touched_everything = true,
        }
        if event.entity == "user"
            && let Some(id) = event.entity_id.as_deref().and_then(|id| id.parse().ok())
        {
            self.touched.push(Key::User(id));
        }
        self.audit.record(&self.txn, who, event).await
    }

    /// Makes the callers' cache forget `user_id`'s sessions and tokens on commit: for a change
    /// to them recorded under another entity (a revoked token).
    pub fn touch_user(&mut self, user_id: i64) {
        self.touched.push(Key::User(user_id));
    }

    /// Inserts in-app notifications inside the transaction (their inboxes change on commit).
    pub async fn notify(&mut self, notes: &[NewNotification]) -> Result<(), StoreError> {
        insert_notifications(&self.txn, notes).await?;
        self.touched
            .extend(notes.iter().map(|n| Key::Inbox(n.user_id)));
        Ok(())
    }

    /// Moves the chain's head and commits the change and its entries together.
    pub async fn commit(self) -> Result<(), StoreError> {
        let scope = if self.touched_everything {
            Scope::Everything
        } else {
            Scope::Keys(self.touched)
        };
        crate::follow::log(&self.txn, &scope, true).await?;
        self.audit.finish(&self.txn).await?;
        self.txn.commit().await?;
        crate::follow::apply_locally(&self.changes, scope);
        drop(self._turn);
        Ok(())
    }
}

impl Store {
    /// Begins a write: the transaction's first statement takes the audit chain's lock.
    ///
    /// The writers of this process first queue for their turn in memory, and only then take a
    /// pooled connection: under load (a deadline day) the writers waiting for the chain's lock
    /// inside the database held most of the pool, and the reads waited for a connection behind
    /// them. Writes were one at a time before as well (the chain's lock); other processes on the
    /// same database still queue on that lock.
    pub(crate) async fn begin_audited(&self) -> Result<AuditedTxn, StoreError> {
        let turn = tokio::time::timeout(WRITER_WAIT, Arc::clone(&self.writers).lock_owned())
            .await
            // as when no pooled connection comes in time: an internal error, logged
            .map_err(|_| DbErr::ConnectionAcquire(ConnAcquireErr::Timeout))?;
        let txn = self.db.begin().await?;
        let audit = AuditTx::begin(&txn).await?;
        Ok(AuditedTxn {
            txn,
            audit,
            changes: Arc::clone(&self.changes),
            touched: Vec::new(),
            touched_everything: false,
            _turn: turn,
        })
    }
}

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only entries of these instansi; `None` for all (including system entries).
    pub instansi_ids: Option<Vec<i64>>,
    /// Actor name contains this text.
    pub actor: Option<String>,
    /// Action starts with this text (`opd.` for every OPD change).
    pub action: Option<String>,
    /// Only entries about this kind of record (`opd`, `period_indicator`, ...).
    pub entity: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

/// The result of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditVerification {
    pub entries: u64,
    /// The first entry whose link is broken, and why (in Indonesian).
    pub first_broken: Option<(i64, String)>,
}

const VERIFY_PAGE: u64 = 1000;

impl Store {
    /// Entries matching `filter`, newest first. `limit` is capped at 500.
    pub async fn audit_entries(
        &self,
        filter: &AuditFilter,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let mut query = audit_log::Entity::find();
        if let Some(ids) = &filter.instansi_ids {
            query = query.filter(audit_log::Column::InstansiId.is_in(ids.clone()));
        }
        if let Some(actor) = filter.actor.as_deref().filter(|a| !a.is_empty()) {
            query = query.filter(audit_log::Column::ActorName.contains(actor));
        }
        if let Some(action) = filter.action.as_deref().filter(|a| !a.is_empty()) {
            query = query.filter(audit_log::Column::Action.starts_with(action));
        }
        if let Some(entity) = filter.entity.as_deref().filter(|e| !e.is_empty()) {
            query = query.filter(audit_log::Column::Entity.eq(entity));
        }
        if let Some(from) = filter.from_ms {
            query = query.filter(audit_log::Column::AtMs.gte(from));
        }
        if let Some(to) = filter.to_ms {
            query = query.filter(audit_log::Column::AtMs.lt(to));
        }
        let rows = query
            .order_by_desc(audit_log::Column::Seq)
            .limit(limit.min(500))
            .offset(offset)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(entry).collect())
    }

    /// Recomputes every link of the chain, oldest first, and reports the first broken one.
    pub async fn verify_audit(&self) -> Result<AuditVerification, StoreError> {
        let mut prev_hash = GENESIS.to_string();
        let mut expected_seq = 1i64;
        let mut entries = 0u64;
        loop {
            let page = audit_log::Entity::find()
                .filter(audit_log::Column::Seq.gte(expected_seq))
                .order_by_asc(audit_log::Column::Seq)
                .limit(VERIFY_PAGE)
                .all(&self.db)
                .await?;
            let done = (page.len() as u64) < VERIFY_PAGE;
            for row in page {
                if let Some(reason) = broken_link(&row, expected_seq, &prev_hash) {
                    return Ok(AuditVerification {
                        entries,
                        first_broken: Some((row.seq.min(expected_seq), reason)),
                    });
                }
                entries += 1;
                expected_seq = row.seq + 1;
                prev_hash = row.hash;
            }
            if done {
                break;
            }
        }
        let head = audit_head::Entity::find_by_id(1).one(&self.db).await?;
        let first_broken = match head {
            Some(h) if h.seq == expected_seq - 1 && h.hash == prev_hash => None,
            Some(h) if h.seq > expected_seq - 1 => Some((
                expected_seq,
                format!("entri {expected_seq} sampai {} hilang", h.seq),
            )),
            _ => Some((
                expected_seq - 1,
                "kepala rantai tidak cocok dengan entri terakhir".into(),
            )),
        };
        Ok(AuditVerification {
            entries,
            first_broken,
        })
    }
}

fn broken_link(row: &audit_log::Model, expected_seq: i64, prev_hash: &str) -> Option<String> {
    if row.seq != expected_seq {
        return Some(format!("entri {expected_seq} hilang"));
    }
    if row.prev_hash != prev_hash {
        return Some("hash sebelumnya tidak cocok dengan entri sebelumnya".into());
    }
    let content = AuditContent {
        seq: row.seq,
        at_ms: row.at_ms,
        actor_id: row.actor_id,
        actor_name: &row.actor_name,
        instansi_id: row.instansi_id,
        action: &row.action,
        entity: &row.entity,
        entity_id: row.entity_id.as_deref(),
        before: row.before.as_deref(),
        after: row.after.as_deref(),
    };
    (chain_hash(prev_hash, &content) != row.hash).then(|| "isi entri telah diubah".to_string())
}

fn entry(row: audit_log::Model) -> AuditEntry {
    AuditEntry {
        seq: row.seq,
        at_ms: row.at_ms,
        actor_id: row.actor_id,
        actor_name: row.actor_name,
        instansi_id: row.instansi_id,
        action: row.action,
        entity: row.entity,
        entity_id: row.entity_id,
        before: row.before,
        after: row.after,
        hash: row.hash,
    }
}
