//! An administrator's changes to another user's account: name, role, placement, e-mail address,
//! and deactivating (which ends the user's sessions and tokens) or reactivating it.

use padu_core::access::{DataGrant, Role};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::{to_user, user_snapshot};
use crate::audit::Event;
use crate::entity::{api_token, session, user};
use crate::model::{User, Who};
use crate::{Store, StoreError};

/// Changes to a user; `None` leaves a part as it is. The caller has checked every part and the
/// placement the result has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserPatch {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    /// `Some(None)`: no instansi (a superadmin).
    pub instansi_id: Option<Option<i64>>,
    /// `Some(None)`: no OPD.
    pub opd_id: Option<Option<i64>>,
    /// `Some(None)` removes the address.
    pub email: Option<Option<String>>,
    pub active: Option<bool>,
    /// `Some(None)` withdraws the Satu Data grant (a user moved to another instansi).
    pub data: Option<Option<DataGrant>>,
    /// "Hanya SSO": the local password no longer signs in.
    pub sso_only: Option<bool>,
}

impl Store {
    /// Changes a user in one audited write; deactivating ends every session and API token of
    /// the user in the same transaction.
    pub async fn update_user(
        &self,
        who: &Who,
        user_id: i64,
        patch: UserPatch,
    ) -> Result<User, StoreError> {
        let mut w = self.begin_audited().await?;
        let row = user::Entity::find_by_id(user_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = to_user(row.clone())?;
        let mut active: user::ActiveModel = row.into();
        if let Some(name) = patch.display_name {
            active.display_name = Set(name);
        }
        if let Some(role) = patch.role {
            active.role = Set(role.code().to_string());
        }
        if let Some(instansi) = patch.instansi_id {
            active.instansi_id = Set(instansi);
        }
        if let Some(opd) = patch.opd_id {
            active.opd_id = Set(opd);
        }
        if let Some(email) = patch.email {
            active.email = Set(email);
        }
        if let Some(grant) = patch.data {
            active.data_role = Set(grant.map(|g| g.role.code().to_string()));
            active.data_opd_id = Set(grant.and_then(|g| g.opd));
        }
        if let Some(only) = patch.sso_only {
            active.sso_only = Set(only);
        }
        if let Some(on) = patch.active {
            active.active = Set(on);
        }
        let after = to_user(active.update(&w.txn).await?)?;
        if !after.active {
            session::Entity::delete_many()
                .filter(session::Column::UserId.eq(user_id))
                .exec(&w.txn)
                .await?;
            api_token::Entity::delete_many()
                .filter(api_token::Column::UserId.eq(user_id))
                .exec(&w.txn)
                .await?;
        }
        let action = match (before.active, after.active) {
            (true, false) => "user.deactivate",
            (false, true) => "user.reactivate",
            _ => "user.update",
        };
        w.record(
            who,
            Event {
                instansi_id: before.instansi_id.or(after.instansi_id),
                action,
                entity: "user",
                entity_id: Some(user_id.to_string()),
                before: user_snapshot(&before),
                after: user_snapshot(&after),
            },
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }
}
