//! The login throttle's counters (see `padu_app::users::throttle`), kept in the database so that
//! every instance counts the same failures. Not audited: a failed attempt is not a record of the
//! Pemda, like a session.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement, Value};

use crate::entity::login_failure;
use crate::{Backend, Store, StoreError};

impl Store {
    /// The failures counted under each of `keys` since `horizon_ms`, with when each count began.
    pub async fn login_failures(
        &self,
        keys: &[String],
        horizon_ms: i64,
    ) -> Result<HashMap<String, (i64, i64)>, StoreError> {
        let rows = login_failure::Entity::find()
            .filter(login_failure::Column::ThrottleKey.is_in(keys.iter().cloned()))
            .filter(login_failure::Column::SinceMs.gt(horizon_ms))
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.throttle_key, (r.failures, r.since_ms)))
            .collect())
    }

    /// Counts one failure under each of `keys` at `now_ms`; a count that began at or before
    /// `horizon_ms` starts again at one. Counters older than the horizon are dropped.
    pub async fn count_login_failure(
        &self,
        keys: &[String],
        now_ms: i64,
        horizon_ms: i64,
    ) -> Result<(), StoreError> {
        let sql = match self.backend() {
            Backend::Sqlite => {
                "INSERT INTO login_failures (throttle_key, failures, since_ms) VALUES (?, 1, ?) \
                 ON CONFLICT (throttle_key) DO UPDATE SET \
                 failures = CASE WHEN login_failures.since_ms <= ? THEN 1 \
                 ELSE login_failures.failures + 1 END, \
                 since_ms = CASE WHEN login_failures.since_ms <= ? THEN excluded.since_ms \
                 ELSE login_failures.since_ms END"
            }
            Backend::Postgres => {
                "INSERT INTO login_failures (throttle_key, failures, since_ms) VALUES ($1, 1, $2) \
                 ON CONFLICT (throttle_key) DO UPDATE SET \
                 failures = CASE WHEN login_failures.since_ms <= $3 THEN 1 \
                 ELSE login_failures.failures + 1 END, \
                 since_ms = CASE WHEN login_failures.since_ms <= $4 THEN excluded.since_ms \
                 ELSE login_failures.since_ms END"
            }
        };
        let backend = self.db.get_database_backend();
        for key in keys {
            self.db
                .execute_raw(Statement::from_sql_and_values(
                    backend,
                    sql,
                    [
                        Value::from(key.clone()),
                        Value::from(now_ms),
                        Value::from(horizon_ms),
                        Value::from(horizon_ms),
                    ],
                ))
                .await?;
        }
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::SinceMs.lte(horizon_ms))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Forgets the failures under `keys` (the owner signed in).
    pub async fn clear_login_failures(&self, keys: &[String]) -> Result<(), StoreError> {
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::ThrottleKey.is_in(keys.iter().cloned()))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}
