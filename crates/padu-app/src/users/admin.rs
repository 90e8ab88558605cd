//! An administrator changing another account: name, role, placement, e-mail address, "hanya
//! SSO" (the local password switched off), and
//! deactivating it (which ends its sessions and tokens at once) or reactivating it. The role
//! rules are those of adding a user: nobody manages an account above their own role or hands
//! out a role above it; someone who may not see the user's instansi is told the user does not
//! exist.

use padu_core::access::{Action, Role, Target, gives, may_assign_role};
use padu_store::{Instansi, Opd, User, UserPatch};

use super::{email_input, placement_problems};
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::{Acting, Caller};
use crate::kit::validate::clean_text;

/// Changes to a user; what is left out stays as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    pub display_name: Option<String>,
    /// A role code (`operator_opd`, ...).
    pub role: Option<String>,
    /// `Some(None)`: no instansi (only a superadmin sits nowhere).
    pub instansi: Option<Option<i64>>,
    /// `Some(None)`: no OPD. Left out while the role moves away from `operator_opd`, the OPD
    /// is dropped.
    pub opd: Option<Option<i64>>,
    /// `Some(None)` or a blank text removes the address.
    pub email: Option<Option<String>>,
    pub active: Option<bool>,
    /// "Hanya SSO": `true` switches the local password off (the user signs in through the
    /// OpenID Connect provider only), `false` on again.
    pub sso_only: Option<bool>,
}

/// Where a user sits, for permission decisions (`None`: nowhere, a superadmin).
fn place_of(instansi: Option<&Instansi>, opd: Option<i64>) -> Option<Target> {
    instansi.map(|i| match opd {
        Some(o) => Target::opd(i.id, i.province(), o),
        None => i.target(),
    })
}

fn field(errors: &mut Vec<FieldError>, name: &str, message: impl Into<String>) {
    errors.push(FieldError {
        field: name.into(),
        message: message.into(),
    });
}

/// Changes user `id` on behalf of `caller`, checking every part before writing anything.
pub async fn update_user(
    app: &App,
    caller: &Caller,
    id: i64,
    changes: &UserChanges,
) -> Result<User, AppError> {
    let actor = caller.actor();
    let user = app
        .store
        .user(id)
        .await?
        .ok_or(AppError::NotFound("Pengguna"))?;
    let current_instansi = match user.instansi_id {
        Some(i) => app.store.instansi(i).await?,
        None => None,
    };
    let here = place_of(current_instansi.as_ref(), user.opd_id);
    match &here {
        // 404 when the caller may not see the user's instansi, 403 when they may see it only
        Some(t) => caller.check_record(Action::ManageUsers, t, "Pengguna")?,
        None if actor.role == Role::Superadmin => {}
        None => return Err(AppError::NotFound("Pengguna")),
    }
    if !gives(actor.role, user.role) {
        return Err(AppError::Forbidden);
    }

    let mut errors = Vec::new();
    let display_name = changes
        .display_name
        .as_deref()
        .map(|d| clean_text("display_name", "Nama lengkap", d, 1, 120, &mut errors));
    let role = match changes.role.as_deref().map(str::trim) {
        None => user.role,
        Some(code) => Role::from_code(code).unwrap_or_else(|| {
            field(
                &mut errors,
                "role",
                format!("Peran \"{code}\" tidak dikenal"),
            );
            user.role
        }),
    };
    let email = match &changes.email {
        None => None,
        Some(raw) => match email_input(raw.as_deref()) {
            Ok(e) => Some(e),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    let own = user.id == caller.user.id;
    if own && changes.active == Some(false) {
        field(
            &mut errors,
            "active",
            "Anda tidak dapat menonaktifkan akun Anda sendiri",
        );
    }
    if own && role != user.role {
        field(
            &mut errors,
            "role",
            "Anda tidak dapat mengubah peran Anda sendiri",
        );
    }

    // The placement the user will have.
    let opd_id = match changes.opd {
        Some(o) => o,
        None if role.placement() != padu_core::access::Placement::Opd => None,
        None => user.opd_id,
    };
    let opd: Option<Opd> = match opd_id {
        Some(o) => match app.store.opd(o).await? {
            Some(opd) if !opd.active && Some(o) != user.opd_id => {
                field(&mut errors, "opd", "OPD itu sudah tidak aktif");
                Some(opd)
            }
            Some(opd) => Some(opd),
            None => {
                field(&mut errors, "opd", "OPD tidak ditemukan");
                None
            }
        },
        None => None,
    };
    let instansi_id = match changes.instansi {
        Some(i) => i,
        None => opd.as_ref().map(|o| o.instansi_id).or(user.instansi_id),
    };
    let instansi = match instansi_id {
        Some(i) if Some(i) == user.instansi_id => current_instansi.clone(),
        Some(i) => {
            let found = app.store.instansi(i).await?;
            if found.is_none() {
                field(&mut errors, "instansi", "Instansi tidak ditemukan");
            }
            found
        }
        None => None,
    };
    if errors.is_empty() {
        placement_problems(role, instansi.as_ref(), opd.as_ref(), &mut errors);
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }

    let new_opd = opd.as_ref().map(|o| o.id);
    let new_instansi = instansi.as_ref().map(|i| i.id);
    let moved = new_opd != user.opd_id || new_instansi != user.instansi_id;
    if moved || role != user.role {
        let there = place_of(instansi.as_ref(), new_opd);
        let allowed = match &there {
            Some(t) => may_assign_role(&actor, role, t),
            None => actor.role == Role::Superadmin,
        };
        if !allowed {
            return Err(AppError::Forbidden);
        }
    }
    let patch = UserPatch {
        display_name: display_name.filter(|d| *d != user.display_name),
        role: (role != user.role).then_some(role),
        instansi_id: (new_instansi != user.instansi_id).then_some(new_instansi),
        opd_id: (new_opd != user.opd_id).then_some(new_opd),
        email: email.filter(|e| *e != user.email),
        active: changes.active.filter(|a| *a != user.active),
        sso_only: changes.sso_only.filter(|s| *s != user.sso_only),
        // a Satu Data grant belongs to the instansi: moving elsewhere withdraws it
        data: (new_instansi != user.instansi_id && user.data.is_some()).then_some(None),
    };
    if patch == UserPatch::default() {
        return Ok(user);
    }
    Ok(app.store.update_user(&caller.who(), id, patch).await?)
}
