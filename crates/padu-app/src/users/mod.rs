//! Accounts: adding users with the role rules, signing in, passwords, e-mail addresses and
//! API tokens (`tokens`).

mod admin;
pub mod oidc;
pub mod password;
pub mod throttle;
pub mod tokens;

use padu_core::access::{Action, InstansiKind, Placement, Role, Target, may_assign_role};
use padu_core::audit::token_digest;
use padu_store::{Instansi, NewUser, Opd, User, Who, now_ms};

pub use admin::{UserChanges, update_user};

use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::Caller;
use crate::kit::secret::new_secret;
use crate::kit::validate::clean_text;
use crate::org::instansi_ids_where;

/// Users the caller may see, by username.
pub async fn visible_users(app: &App, caller: &Caller) -> Result<Vec<User>, AppError> {
    let actor = caller.actor();
    if actor.role == Role::Superadmin {
        return Ok(app.store.users_in(None).await?);
    }
    let ids = instansi_ids_where(app, caller, Action::ViewUsers).await?;
    if ids.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok(app.store.users_in(Some(&ids)).await?)
}

/// What is wrong with `password` as the new password of `username`, placed in `instansi` and
/// `opd` (ids that do not exist are passed over): [`password::weakness`] fed with the names of
/// the instansi, its province and every OPD of the instansi, and the current year there.
pub async fn password_weakness(
    store: &padu_store::Store,
    password: &str,
    username: &str,
    instansi: Option<i64>,
    opd: Option<i64>,
) -> Result<Option<String>, AppError> {
    let mut names = Vec::new();
    let instansi = match (instansi, opd) {
        (Some(id), _) => Some(id),
        (None, Some(opd)) => store.opd(opd).await?.map(|o| o.instansi_id),
        (None, None) => None,
    };
    let mut zone = None;
    if let Some(inst) = match instansi {
        Some(id) => store.instansi(id).await?,
        None => None,
    } {
        if let Some(parent) = inst.parent_id {
            names.extend(store.instansi(parent).await?.map(|p| p.name));
        }
        names.extend(store.opds_of(inst.id).await?.into_iter().map(|o| o.name));
        names.push(inst.name);
        zone = Some(inst.timezone);
    }
    let year = crate::evaluation::dashboard::today_in(zone.as_deref().unwrap_or("WIB")).year();
    Ok(password::weakness(password, username, &names, year))
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
    let weak = password_weakness(store, &input.password, &username, input.instansi, input.opd);
    if let Some(weak) = weak.await? {
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

pub(super) fn placement_problems(
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
pub async fn create_user(app: &App, caller: &Caller, input: &UserInput) -> Result<i64, AppError> {
    let checked = check_user(&app.store, input).await?;
    let actor = caller.actor();
    let allowed = match checked.target() {
        Some(target) => may_assign_role(&actor, checked.role, &target),
        None => actor.role == Role::Superadmin,
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    insert_user(&app.store, &caller.who(), checked, &input.password).await
}

/// Signs in with username and password: refused while the username is blocked from `address`
/// (or the address is), else checked after the username's delay (see [`throttle`]). The error
/// is the same whether the username exists or not.
pub async fn login(
    app: &App,
    username: &str,
    password: &str,
    address: &str,
) -> Result<User, AppError> {
    let username = username.trim().to_lowercase();
    let delay = throttle::before_attempt(&app.store, &username, address)
        .await?
        .map_err(AppError::TooManyRequests)?;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let found = if password.len() > password::MAX_LENGTH * 4 {
        None
    } else {
        app.store.user_for_login(&username).await?
    };
    let (user, hash) = match found {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    let ok = password::verify(password.to_string(), hash).await;
    match user {
        // an SSO-only account is refused exactly like a wrong password: no oracle
        Some(user) if ok && user.active && !user.sso_only => {
            throttle::succeeded(&app.store, &username, address).await?;
            Ok(user)
        }
        _ => {
            throttle::failed(&app.store, &username, address).await?;
            Err(AppError::WrongCredentials)
        }
    }
}

/// `TooManyRequests` while sign-ins for `username` from `address`, or from `address` at all, are
/// blocked.
pub async fn check_not_throttled(app: &App, username: &str, address: &str) -> Result<(), AppError> {
    match throttle::blocked(&app.store, username, address).await? {
        Some(wait) => Err(AppError::TooManyRequests(wait)),
        None => Ok(()),
    }
}

/// Changes the caller's password; the store then ends every session and token of the user. A
/// wrong current password counts as a failed sign-in from `address`, so a borrowed session
/// cannot be used to guess the password.
pub async fn change_password(
    app: &App,
    caller: &Caller,
    address: &str,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let (_, hash) = app
        .store
        .user_for_login(&caller.user.username)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if !password::verify(current.to_string(), Some(hash)).await {
        throttle::failed(&app.store, &caller.user.username, address).await?;
        return Err(AppError::field("current", "Kata sandi saat ini salah"));
    }
    let user = &caller.user;
    let weak = password_weakness(
        &app.store,
        new,
        &user.username,
        user.instansi_id,
        user.opd_id,
    );
    if let Some(weak) = weak.await? {
        return Err(AppError::field("new", weak.trim_end_matches('.')));
    }
    let hash = password::hash(new.to_string()).await?;
    Ok(app
        .store
        .set_password(&caller.who(), caller.user.id, &hash)
        .await?)
}

/// A new browser session.
#[derive(Debug)]
pub struct NewSession {
    /// The cookie's value (only its digest is stored).
    pub secret: String,
    /// How long it lasts, in seconds.
    pub max_age_secs: i64,
}

/// Opens a browser session for a user who just signed in with their password.
pub async fn start_session(app: &App, user: &User) -> Result<NewSession, AppError> {
    open_session(app, user, "auth.login").await
}

/// Opens a browser session for a user the OpenID Connect provider signed in (audited as
/// "masuk lewat SSO").
pub async fn start_sso_session(app: &App, user: &User) -> Result<NewSession, AppError> {
    open_session(app, user, "auth.login_sso").await
}

async fn open_session(
    app: &App,
    user: &User,
    action: &'static str,
) -> Result<NewSession, AppError> {
    let secret = new_secret("");
    let hours = app.settings.session_hours;
    let expires = now_ms() + hours * 3600 * 1000;
    app.store
        .create_session_by(user, &token_digest(&secret), expires, action)
        .await?;
    Ok(NewSession {
        secret,
        max_age_secs: hours * 3600,
    })
}

/// Ends the caller's browser session (nothing for a token).
pub async fn end_session(app: &App, caller: &Caller) -> Result<(), AppError> {
    if let Some(digest) = &caller.session_digest {
        app.store.delete_session(&caller.user, digest).await?;
    }
    Ok(())
}

/// An e-mail address as typed into the field `email`: blank is none, anything else must pass
/// [`crate::kit::mail::check_address`].
pub fn email_input(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(r) => crate::kit::mail::check_address(r)
            .map(Some)
            .ok_or_else(|| FieldError {
                field: "email".into(),
                message: crate::kit::mail::INVALID_ADDRESS.into(),
            }),
    }
}

/// Sets (or, when blank, removes) the caller's own e-mail address.
pub async fn set_own_email(
    app: &App,
    caller: &Caller,
    raw: &str,
) -> Result<Option<String>, AppError> {
    let email = email_input(Some(raw)).map_err(|e| AppError::Invalid(vec![e]))?;
    app.store
        .set_email(&caller.who(), caller.user.id, email.clone())
        .await?;
    Ok(email)
}

/// The active user `username` as a caller, for work done in their name outside a request (the
/// demo seed, `padu ... --as USERNAME`).
pub async fn acting_as(app: &App, username: &str) -> Result<Caller, AppError> {
    let username = username.trim().to_lowercase();
    match app.store.user_for_login(&username).await? {
        Some((user, _)) if user.active => Ok(Caller::user(user)),
        Some(_) => Err(AppError::Conflict(format!(
            "pengguna {username} tidak aktif"
        ))),
        None => Err(AppError::NotFound("Pengguna")),
    }
}

/// The caller behind an API token; `Unauthenticated` for an unknown or expired one.
pub async fn caller_for_token(app: &App, token: &str) -> Result<Caller, AppError> {
    match app.store.token_user(&token_digest(token), now_ms()).await? {
        Some(user) => Ok(Caller::user(user)),
        None => Err(AppError::Unauthenticated),
    }
}

/// The caller behind a browser session's cookie, while the session lasts.
pub async fn caller_for_session(app: &App, secret: &str) -> Result<Option<Caller>, AppError> {
    let digest = token_digest(secret);
    Ok(app
        .store
        .session_user(&digest, now_ms())
        .await?
        .map(|user| Caller {
            user,
            session_digest: Some(digest),
        }))
}
