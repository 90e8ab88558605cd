//! A user's Satu Data grant (walidata, walidata pendukung, produsen data with its OPD), kept
//! beside the SPBE role on the user's row and changed in its own audited write.

use padu_core::access::DataGrant;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde::Serialize;

use crate::audit::{Event, snapshot};
use crate::entity::user;
use crate::model::{User, Who};
use crate::users::to_user;
use crate::{Store, StoreError};

/// What the audit log keeps of a grant.
#[derive(Serialize)]
struct GrantSnapshot<'a> {
    username: &'a str,
    data_role: Option<&'static str>,
    data_opd_id: Option<i64>,
}

fn grant_snapshot(u: &User) -> Option<String> {
    snapshot(Some(&GrantSnapshot {
        username: &u.username,
        data_role: u.data.map(|g| g.role.code()),
        data_opd_id: u.data.and_then(|g| g.opd),
    }))
}

impl Store {
    /// Grants user `user_id` a Satu Data role, replaces it, or (with `None`) withdraws it, in
    /// one audited write (`satu_data.role`). The caller has checked the grant (its OPD is in the
    /// user's instansi).
    pub async fn set_data_grant(
        &self,
        who: &Who,
        user_id: i64,
        grant: Option<DataGrant>,
    ) -> Result<User, StoreError> {
        let mut w = self.begin_audited().await?;
        let row = user::Entity::find_by_id(user_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = to_user(row.clone())?;
        let mut active: user::ActiveModel = row.into();
        active.data_role = Set(grant.map(|g| g.role.code().to_string()));
        active.data_opd_id = Set(grant.and_then(|g| g.opd));
        let after = to_user(active.update(&w.txn).await?)?;
        w.record(
            who,
            Event {
                instansi_id: after.instansi_id,
                action: "satu_data.role",
                entity: "user",
                entity_id: Some(user_id.to_string()),
                before: grant_snapshot(&before),
                after: grant_snapshot(&after),
            },
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }
}
