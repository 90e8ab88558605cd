//! What the API and the pages both do: validate input, ask `padu_core::access` whether the
//! caller may, then call the store. Handlers stay thin and never decide permissions themselves.

use padu_core::access::{Action, InstansiKind, Placement, Role, Target, allows, may_assign_role};
use padu_store::{AuditEntry, AuditFilter, Instansi, NewUser, Opd, OpdPatch, User, Who};

use crate::auth::extract::Caller;
use crate::auth::password;
use crate::error::{AppError, FieldError};
use crate::state::AppState;

fn who(caller: &Caller) -> Who {
    Who::user(&caller.user)
}

/// Every instansi the caller may see, by name.
pub async fn visible_instansi(
    state: &AppState,
    caller: &Caller,
) -> Result<Vec<Instansi>, AppError> {
    let actor = caller.actor();
    Ok(state
        .store
        .all_instansi()
        .await?
        .into_iter()
        .filter(|i| allows(&actor, Action::ViewInstansi, &i.target()))
        .collect())
}

/// The instansi `id` if the caller may do `action` there: 404 when it does not exist, 403 when
/// it is not theirs.
pub async fn instansi_for(
    state: &AppState,
    caller: &Caller,
    id: i64,
    action: Action,
) -> Result<Instansi, AppError> {
    let inst = state
        .store
        .instansi(id)
        .await?
        .ok_or(AppError::NotFound("Instansi"))?;
    if allows(&caller.actor(), action, &inst.target()) {
        Ok(inst)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The OPDs of an instansi that the caller may see (an operator sees only their own).
pub async fn visible_opds(
    state: &AppState,
    caller: &Caller,
    instansi_id: i64,
) -> Result<Vec<Opd>, AppError> {
    let inst = instansi_for(state, caller, instansi_id, Action::ViewInstansi).await?;
    let actor = caller.actor();
    let province = inst.province();
    Ok(state
        .store
        .opds_of(inst.id)
        .await?
        .into_iter()
        .filter(|o| {
            allows(
                &actor,
                Action::ViewOpd,
                &Target::opd(inst.id, province, o.id),
            )
        })
        .collect())
}

/// An OPD the caller may do `action` on.
pub async fn opd_for(
    state: &AppState,
    caller: &Caller,
    id: i64,
    action: Action,
) -> Result<Opd, AppError> {
    let (opd, target) = state
        .store
        .opd_target(id)
        .await?
        .ok_or(AppError::NotFound("OPD"))?;
    if allows(&caller.actor(), action, &target) {
        Ok(opd)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Input for a new OPD or a change to one.
#[derive(Debug, Clone, Default)]
pub struct OpdInput {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub active: Option<bool>,
}

fn clean_text(
    field: &str,
    label: &str,
    value: &str,
    min: usize,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    let value = value.trim().to_string();
    let length = value.chars().count();
    if length < min {
        errors.push(FieldError {
            field: field.into(),
            message: if min <= 1 {
                format!("{label} wajib diisi")
            } else {
                format!("{label} paling sedikit {min} karakter")
            },
        });
    } else if length > max {
        errors.push(FieldError {
            field: field.into(),
            message: format!("{label} paling banyak {max} karakter"),
        });
    } else if value.chars().any(char::is_control) {
        errors.push(FieldError {
            field: field.into(),
            message: format!("{label} memuat karakter yang tidak diizinkan"),
        });
    }
    value
}

fn check_opd(state: &AppState, input: &OpdInput, creating: bool) -> Result<OpdPatch, AppError> {
    let mut errors = Vec::new();
    let name = match (&input.name, creating) {
        (Some(n), _) => Some(clean_text("name", "Nama OPD", n, 2, 150, &mut errors)),
        (None, true) => {
            errors.push(FieldError {
                field: "name".into(),
                message: "Nama OPD wajib diisi".into(),
            });
            None
        }
        (None, false) => None,
    };
    let kind = match (&input.kind, creating) {
        (Some(k), _) => {
            let k = k.trim().to_string();
            if state.catalog.opd_kind(&k).is_none() {
                errors.push(FieldError {
                    field: "kind".into(),
                    message: format!("Jenis OPD \"{k}\" tidak dikenal"),
                });
            }
            Some(k)
        }
        (None, true) => {
            errors.push(FieldError {
                field: "kind".into(),
                message: "Jenis OPD wajib dipilih".into(),
            });
            None
        }
        (None, false) => None,
    };
    if errors.is_empty() {
        Ok(OpdPatch {
            name,
            kind,
            active: input.active,
        })
    } else {
        Err(AppError::Invalid(errors))
    }
}

pub async fn create_opd(
    state: &AppState,
    caller: &Caller,
    instansi_id: i64,
    input: &OpdInput,
) -> Result<Opd, AppError> {
    let inst = instansi_for(state, caller, instansi_id, Action::ManageOpd).await?;
    let patch = check_opd(state, input, true)?;
    let (Some(name), Some(kind)) = (patch.name, patch.kind) else {
        return Err(AppError::Internal(
            "checked OPD input lost its fields".into(),
        ));
    };
    Ok(state
        .store
        .create_opd(&who(caller), inst.id, &name, &kind)
        .await?)
}

pub async fn update_opd(
    state: &AppState,
    caller: &Caller,
    id: i64,
    input: &OpdInput,
) -> Result<Opd, AppError> {
    opd_for(state, caller, id, Action::ManageOpd).await?;
    let patch = check_opd(state, input, false)?;
    Ok(state.store.update_opd(&who(caller), id, patch).await?)
}

/// Users the caller may see, by username.
pub async fn visible_users(state: &AppState, caller: &Caller) -> Result<Vec<User>, AppError> {
    let actor = caller.actor();
    if actor.role == Role::Superadmin {
        return Ok(state.store.users_in(None).await?);
    }
    let ids = instansi_ids_where(state, caller, Action::ViewUsers).await?;
    if ids.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok(state.store.users_in(Some(&ids)).await?)
}

async fn instansi_ids_where(
    state: &AppState,
    caller: &Caller,
    action: Action,
) -> Result<Vec<i64>, AppError> {
    let actor = caller.actor();
    Ok(state
        .store
        .all_instansi()
        .await?
        .iter()
        .filter(|i| allows(&actor, action, &i.target()))
        .map(|i| i.id)
        .collect())
}

/// Input for a new user.
#[derive(Debug, Clone, Default)]
pub struct UserInput {
    pub username: String,
    pub display_name: Option<String>,
    pub password: String,
    pub role: String,
    pub instansi: Option<i64>,
    pub opd: Option<i64>,
    /// Where notifications are e-mailed too; blank or `None` for none.
    pub email: Option<String>,
}

fn valid_username(username: &str) -> bool {
    (3..=64).contains(&username.len())
        && username.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

/// A user input that passed every rule, with its placement resolved.
#[derive(Debug)]
pub struct CheckedUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub instansi: Option<Instansi>,
    pub opd: Option<Opd>,
    pub email: Option<String>,
}

impl CheckedUser {
    /// Where the user will sit, for the permission decision.
    fn target(&self) -> Option<Target> {
        match (&self.instansi, &self.opd) {
            (Some(i), Some(o)) => Some(Target::opd(i.id, i.province(), o.id)),
            (Some(i), None) => Some(i.target()),
            _ => None,
        }
    }
}

/// Checks a new user against every rule (username form, password strength, role and where it
/// must be placed), reporting all problems at once.
pub async fn check_user(
    store: &padu_store::Store,
    input: &UserInput,
) -> Result<CheckedUser, AppError> {
    let mut errors = Vec::new();
    let username = input.username.trim().to_lowercase();
    if !valid_username(&username) {
        errors.push(FieldError {
            field: "username".into(),
            message: "Nama pengguna 3-64 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung".into(),
        });
    }
    let display_name = match input
        .display_name
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(d) => clean_text("display_name", "Nama lengkap", d, 1, 120, &mut errors),
        None => username.clone(),
    };
    if let Some(weak) = password::weakness(&input.password, &username) {
        errors.push(FieldError {
            field: "password".into(),
            message: weak.trim_end_matches('.').into(),
        });
    }
    let email = email_input(input.email.as_deref()).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let role = Role::from_code(input.role.trim());
    if role.is_none() {
        errors.push(FieldError {
            field: "role".into(),
            message: format!("Peran \"{}\" tidak dikenal", input.role.trim()),
        });
    }
    let Some(role) = role else {
        return Err(AppError::Invalid(errors));
    };
    let opd = match input.opd {
        Some(id) => Some(
            store
                .opd(id)
                .await?
                .ok_or_else(|| AppError::field("opd", "OPD tidak ditemukan"))?,
        ),
        None => None,
    };
    let instansi = match input.instansi.or(opd.as_ref().map(|o| o.instansi_id)) {
        Some(id) => Some(
            store
                .instansi(id)
                .await?
                .ok_or_else(|| AppError::field("instansi", "Instansi tidak ditemukan"))?,
        ),
        None => None,
    };
    placement_problems(role, instansi.as_ref(), opd.as_ref(), &mut errors);
    if errors.is_empty() {
        Ok(CheckedUser {
            username,
            display_name,
            role,
            instansi,
            opd,
            email,
        })
    } else {
        Err(AppError::Invalid(errors))
    }
}

fn placement_problems(
    role: Role,
    instansi: Option<&Instansi>,
    opd: Option<&Opd>,
    errors: &mut Vec<FieldError>,
) {
    let mut push = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.into(),
            message,
        })
    };
    if let (Some(o), Some(i)) = (opd, instansi)
        && o.instansi_id != i.id
    {
        push("opd", "OPD tidak berada di instansi yang dipilih".into());
    }
    match role.placement() {
        Placement::Nowhere if instansi.is_some() || opd.is_some() => {
            push(
                "instansi",
                "Superadmin tidak ditempatkan di instansi".into(),
            );
        }
        Placement::Instansi | Placement::Provinsi | Placement::Opd if instansi.is_none() => {
            push(
                "instansi",
                format!(
                    "Peran {} harus ditempatkan di sebuah instansi",
                    role.label()
                ),
            );
        }
        Placement::Provinsi if instansi.is_some_and(|i| i.kind != InstansiKind::Provinsi) => {
            push(
                "instansi",
                "Admin Provinsi harus ditempatkan di instansi provinsi".into(),
            );
        }
        Placement::Opd if opd.is_none() => {
            push("opd", "Operator OPD harus ditempatkan di sebuah OPD".into())
        }
        Placement::Instansi | Placement::Provinsi if opd.is_some() => {
            push(
                "opd",
                format!("Peran {} tidak ditempatkan di OPD", role.label()),
            );
        }
        _ => {}
    }
}

/// Stores a checked user with a freshly hashed password.
pub async fn insert_user(
    store: &padu_store::Store,
    who: &Who,
    user: CheckedUser,
    password: &str,
) -> Result<i64, AppError> {
    let password_hash = password::hash(password.to_string()).await?;
    Ok(store
        .create_user(
            who,
            NewUser {
                username: user.username,
                display_name: user.display_name,
                password_hash,
                role: user.role,
                instansi_id: user.instansi.map(|i| i.id),
                opd_id: user.opd.map(|o| o.id),
                email: user.email,
            },
        )
        .await?)
}

/// Adds a user on behalf of `caller`, who may not hand out a role above their own.
pub async fn create_user(
    state: &AppState,
    caller: &Caller,
    input: &UserInput,
) -> Result<i64, AppError> {
    let checked = check_user(&state.store, input).await?;
    let actor = caller.actor();
    let allowed = match checked.target() {
        Some(target) => may_assign_role(&actor, checked.role, &target),
        None => actor.role == Role::Superadmin,
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    insert_user(&state.store, &who(caller), checked, &input.password).await
}

/// Signs in with username and password, throttled per username and per address. The error is
/// the same whether the username exists or not.
pub async fn login(
    state: &AppState,
    username: &str,
    password: &str,
    address: &str,
) -> Result<User, AppError> {
    let username = username.trim().to_lowercase();
    if let Some(wait) = state.throttle.blocked(&username, address) {
        return Err(AppError::TooManyRequests(wait));
    }
    let found = if password.len() > password::MAX_LENGTH * 4 {
        None
    } else {
        state.store.user_for_login(&username).await?
    };
    let (user, hash) = match found {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    let ok = password::verify(password.to_string(), hash).await;
    match user {
        Some(user) if ok && user.active => {
            state.throttle.succeeded(&username);
            Ok(user)
        }
        _ => {
            state.throttle.failed(&username, address);
            Err(AppError::WrongCredentials)
        }
    }
}

pub async fn change_password(
    state: &AppState,
    caller: &Caller,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let (_, hash) = state
        .store
        .user_for_login(&caller.user.username)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if !password::verify(current.to_string(), Some(hash)).await {
        return Err(AppError::field("current", "Kata sandi saat ini salah"));
    }
    if let Some(weak) = password::weakness(new, &caller.user.username) {
        return Err(AppError::field("new", weak.trim_end_matches('.')));
    }
    let hash = password::hash(new.to_string()).await?;
    Ok(state
        .store
        .set_password(&who(caller), caller.user.id, &hash)
        .await?)
}

/// An e-mail address as typed into the field `email`: blank is none, anything else must pass
/// [`crate::mail::check_address`].
pub fn email_input(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(r) => crate::mail::check_address(r)
            .map(Some)
            .ok_or_else(|| FieldError {
                field: "email".into(),
                message: crate::mail::INVALID_ADDRESS.into(),
            }),
    }
}

/// Sets (or, when blank, removes) the caller's own e-mail address.
pub async fn set_own_email(
    state: &AppState,
    caller: &Caller,
    raw: &str,
) -> Result<Option<String>, AppError> {
    let email = email_input(Some(raw)).map_err(|e| AppError::Invalid(vec![e]))?;
    state
        .store
        .set_email(&who(caller), caller.user.id, email.clone())
        .await?;
    Ok(email)
}

/// Audit entries the caller may read, newest first.
pub async fn visible_audit(
    state: &AppState,
    caller: &Caller,
    mut filter: AuditFilter,
    limit: u64,
    offset: u64,
) -> Result<Vec<AuditEntry>, AppError> {
    if caller.user.role != Role::Superadmin {
        let ids = instansi_ids_where(state, caller, Action::ViewAudit).await?;
        if ids.is_empty() {
            return Err(AppError::Forbidden);
        }
        filter.instansi_ids = Some(match filter.instansi_ids {
            Some(asked) => asked.into_iter().filter(|i| ids.contains(i)).collect(),
            None => ids,
        });
    }
    Ok(state.store.audit_entries(&filter, limit, offset).await?)
}
