//! What the installation says about itself, as key and value: so far only whether the database
//! holds the demo's synthetic data ([`DEMO`]), which the server reads once at start-up and then
//! shows on every page. Part of the kit: it imports no feature.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

use crate::audit::Event;
use crate::backup::Table;
use crate::entity::instance_meta;
use crate::model::Who;
use crate::{Store, StoreError, now_ms};

/// The table this module owns in a backup (a restored demo database still says it is one).
pub(crate) const TABLES: &[Table] = &[Table::of::<instance_meta::Entity>("instance_meta", None)];

/// Key of the demo mark: value `true` when the database was filled by `padu serve --demo`.
pub const DEMO: &str = "demo";

impl Store {
    /// The value stored under `key`, if any.
    pub async fn instance_meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(instance_meta::Entity::find_by_id(key.to_string())
            .one(&self.db)
            .await?
            .map(|row| row.value))
    }

    /// Stores `value` under `key` (replacing what was there), audited.
    pub async fn set_instance_meta(
        &self,
        who: &Who,
        key: &str,
        value: &str,
    ) -> Result<(), StoreError> {
        let mut w = self.begin_audited().await?;
        let before = instance_meta::Entity::find_by_id(key.to_string())
            .one(&w.txn)
            .await?;
        let row = instance_meta::ActiveModel {
            key: Set(key.to_string()),
            value: Set(value.to_string()),
            updated_at_ms: Set(now_ms()),
        };
        let before = match before {
            Some(old) => {
                row.update(&w.txn).await?;
                Some(old.value)
            }
            None => {
                row.insert(&w.txn).await?;
                None
            }
        };
        let json = |v: &str| serde_json::json!({ "key": key, "value": v }).to_string();
        w.record(
            who,
            Event {
                instansi_id: None,
                action: "instance.set",
                entity: "instance_meta",
                entity_id: Some(key.to_string()),
                before: before.as_deref().map(json),
                after: Some(json(value)),
            },
        )
        .await?;
        w.commit().await
    }

    /// Whether the database holds demo data (the [`DEMO`] mark is `true`).
    pub async fn is_demo(&self) -> Result<bool, StoreError> {
        Ok(self.instance_meta(DEMO).await?.as_deref() == Some("true"))
    }

    /// Marks the database as holding demo data.
    pub async fn mark_demo(&self, who: &Who) -> Result<(), StoreError> {
        self.set_instance_meta(who, DEMO, "true").await
    }
}
