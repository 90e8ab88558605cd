//! API tokens: a named token for a user who signed in through the API, the caller's own tokens,
//! and revoking one. Tokens are for scripts: signing out of the pages keeps them; changing the
//! password ends them all.
//!
//! Besides its owner, whoever may manage the owner's account ([`padu_core::access::Action::ManageUsers`] where the
//! owner sits, and a role the caller could give: the rule of [`may_assign_role`]) may list and
//! revoke the owner's tokens. Anyone else is told the token or user does not exist (404), the
//! one answer for records outside the caller's reach.

use padu_core::access::{Role, Target, may_assign_role};
use padu_core::audit::token_digest;
use padu_store::{ApiToken, User, now_ms};

use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Caller;
use crate::kit::secret::new_secret;
use crate::kit::validate::clean_text;

/// The name of a token issued without one.
pub const DEFAULT_NAME: &str = "api";
/// The longest token name (characters).
pub const NAME_MAX: usize = 100;

/// A token's name as sent: trimmed; absent or blank gives [`DEFAULT_NAME`]; longer than
/// [`NAME_MAX`] characters, or holding control or invisible characters, is refused.
pub fn token_name(raw: Option<&str>) -> Result<String, AppError> {
    let raw = raw.map(str::trim).unwrap_or_default();
    if raw.is_empty() {
        return Ok(DEFAULT_NAME.into());
    }
    let mut errors = Vec::new();
    let name = clean_text("name", "Nama token", raw, 1, NAME_MAX, &mut errors);
    if errors.is_empty() {
        Ok(name)
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// A token just issued: its secret is shown once, only its digest is stored.
#[derive(Debug)]
pub struct NewToken {
    pub id: i64,
    /// Sent as `Authorization: Bearer <secret>`.
    pub secret: String,
    pub expires_at_ms: i64,
}

/// A new API token named `name` (checked with [`token_name`]) for a user who just signed in.
pub async fn issue_token(app: &App, user: &User, name: &str) -> Result<NewToken, AppError> {
    let secret = new_secret("padu_");
    let expires_at_ms = now_ms() + app.settings.token_days * 24 * 3600 * 1000;
    let id = app
        .store
        .create_api_token(user, &token_digest(&secret), name, expires_at_ms)
        .await?;
    Ok(NewToken {
        id,
        secret,
        expires_at_ms,
    })
}

/// The caller's own tokens that still work, newest first.
pub async fn own_tokens(app: &App, caller: &Caller) -> Result<Vec<ApiToken>, AppError> {
    Ok(app.store.api_tokens_of(caller.user.id, now_ms()).await?)
}

/// The tokens of user `user_id` that still work, newest first: for the user and whoever may
/// manage their account; `NotFound` for anyone else and for an unknown user.
pub async fn tokens_of(
    app: &App,
    caller: &Caller,
    user_id: i64,
) -> Result<Vec<ApiToken>, AppError> {
    let owner = app
        .store
        .user(user_id)
        .await?
        .ok_or(AppError::NotFound("Pengguna"))?;
    if !may_manage_tokens(app, caller, &owner).await? {
        return Err(AppError::NotFound("Pengguna"));
    }
    Ok(app.store.api_tokens_of(owner.id, now_ms()).await?)
}

/// Revokes token `id`: the very next request with it is refused. For its owner and whoever may
/// manage the owner's account; `NotFound` for anyone else and for an unknown token.
pub async fn revoke_token(app: &App, caller: &Caller, id: i64) -> Result<(), AppError> {
    let not_found = || AppError::NotFound("Token");
    let token = app.store.api_token(id).await?.ok_or_else(not_found)?;
    let owner = app.store.user(token.user_id).await?.ok_or_else(not_found)?;
    if !may_manage_tokens(app, caller, &owner).await? {
        return Err(not_found());
    }
    app.store
        .revoke_api_token(&caller.who(), id)
        .await
        .map_err(|e| match e {
            padu_store::StoreError::NotFound => not_found(),
            e => e.into(),
        })
}

/// Whether `caller` may see and revoke the tokens of `owner`: their own, or those of an account
/// they may manage.
pub async fn may_manage_tokens(app: &App, caller: &Caller, owner: &User) -> Result<bool, AppError> {
    if owner.id == caller.user.id {
        return Ok(true);
    }
    let actor = caller.actor();
    let Some(instansi_id) = owner.instansi_id else {
        // a superadmin sits nowhere: only a superadmin manages one
        return Ok(actor.role == Role::Superadmin);
    };
    let Some(instansi) = app.store.instansi(instansi_id).await? else {
        return Ok(false);
    };
    let target = match owner.opd_id {
        Some(opd) => Target::opd(instansi.id, instansi.province(), opd),
        None => instansi.target(),
    };
    Ok(may_assign_role(&actor, owner.role, &target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_defaulted_and_bounded() {
        assert_eq!(token_name(None).expect("default"), "api");
        assert_eq!(token_name(Some("  ")).expect("default"), "api");
        assert_eq!(
            token_name(Some(" skrip harian ")).expect("ok"),
            "skrip harian"
        );
        assert_eq!(token_name(Some(&"x".repeat(100))).expect("ok").len(), 100);
        for bad in ["x".repeat(101), "a\u{202E}b".into(), "a\nb".into()] {
            match token_name(Some(&bad)) {
                Err(AppError::Invalid(errors)) => {
                    assert_eq!(errors.len(), 1, "{bad:?}");
                    assert_eq!(errors[0].field, "name");
                    assert!(errors[0].message.starts_with("Nama token"), "{bad:?}");
                }
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }
}
