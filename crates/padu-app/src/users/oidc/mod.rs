//! Single sign-on with OpenID Connect beside local accounts: the authorization code flow with
//! PKCE (S256). [`start`] remembers a state, a nonce and a PKCE verifier for one browser (bound
//! to a random cookie, for ten minutes, used once; in the database, so that the callback may
//! reach any instance) and answers the provider's authorization URL;
//! [`finish`] takes them back on the callback, exchanges the code, checks the ID token
//! ([`id_token::validate`]), reads the claims it leaves out at the userinfo endpoint (only for
//! the same `sub`) and maps them to an EXISTING, active Padu user by username or
//! e-mail address. Unknown users are refused: SSO never creates an account or hands out a
//! role; an administrator adds the user first, with the role they may give.

pub mod id_token;
pub mod provider;

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use padu_core::audit::token_digest;
use padu_store::{PendingSignIn, User, now_ms};
use serde::Deserialize;

use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::secret::new_secret;

pub use crate::kit::oidc_config::{MatchBy, OidcConfig};
pub use id_token::TokenRefused;

/// Where the provider sends the browser back, under the public URL.
pub const CALLBACK_PATH: &str = "/masuk/sso/kembali";
/// How long a started sign-in may take at the provider.
const PENDING_FOR: Duration = Duration::from_secs(600);
/// At most this many sign-ins wait at once (older ones are dropped first).
const PENDING_MAX: u64 = 10_000;

/// Why signing in through the provider failed, each said plainly to the user.
#[derive(Debug, thiserror::Error)]
pub enum SsoError {
    #[error("Masuk lewat SSO tidak diaktifkan di server ini.")]
    NotConfigured,
    #[error(
        "Penyedia identitas tidak dapat dihubungi: {0}. Coba lagi nanti atau masuk dengan kata sandi."
    )]
    Provider(String),
    #[error(
        "Permintaan masuk ini tidak dikenal, sudah dipakai atau kedaluwarsa. Silakan mulai lagi dari halaman masuk."
    )]
    UnknownState,
    #[error("Penyedia identitas menolak permintaan masuk: {0}.")]
    Refused(String),
    #[error("Token identitas ditolak: {0}.")]
    Token(TokenRefused),
    #[error("Token identitas tidak memuat klaim `{0}` yang dipakai untuk mengenali pengguna.")]
    NoClaim(String),
    #[error(
        "Akun \"{0}\" tidak terdaftar di Padu. Minta administrator instansi Anda menambahkan akun Anda terlebih dahulu."
    )]
    UnknownUser(String),
    #[error("Akun \"{0}\" tidak aktif. Hubungi administrator instansi Anda.")]
    Inactive(String),
    /// The store failed (the page says so plainly, never with its words).
    #[error("Sesi tidak dapat dibuka saat ini. Coba lagi sebentar lagi.")]
    App(AppError),
}

impl From<AppError> for SsoError {
    fn from(e: AppError) -> Self {
        SsoError::App(e)
    }
}

fn pending_ms() -> i64 {
    i64::try_from(PENDING_FOR.as_millis()).unwrap_or(i64::MAX)
}

/// A started sign-in: send the browser to `authorize_url`, with the cookie `browser`.
#[derive(Debug)]
pub struct Started {
    pub authorize_url: String,
    /// The cookie that binds the state to this browser (only its digest is kept).
    pub browser: String,
}

/// The configured provider, if any.
pub fn config(app: &App) -> Option<&OidcConfig> {
    app.settings.oidc.as_ref()
}

fn redirect_uri(app: &App) -> String {
    format!(
        "{}{CALLBACK_PATH}",
        app.settings.public_url.trim_end_matches('/')
    )
}

/// Starts signing in: where to send the browser, and the cookie that binds it.
pub async fn start(app: &App, lanjut: Option<String>) -> Result<Started, SsoError> {
    let config = config(app).ok_or(SsoError::NotConfigured)?;
    let provider = provider::current(app, config)
        .await
        .map_err(SsoError::Provider)?;
    let (state, nonce, verifier, browser) = (
        new_secret(""),
        new_secret(""),
        new_secret(""),
        new_secret(""),
    );
    let challenge = URL_SAFE_NO_PAD.encode(aws_lc_rs::digest::digest(
        &aws_lc_rs::digest::SHA256,
        verifier.as_bytes(),
    ));
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("response_type", "code")
        .append_pair("client_id", &config.client_id)
        .append_pair("redirect_uri", &redirect_uri(app))
        .append_pair("scope", &config.scopes.join(" "))
        .append_pair("state", &state)
        .append_pair("nonce", &nonce)
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256")
        .finish();
    let endpoint = &provider.metadata.authorization_endpoint;
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    let now = now_ms();
    app.store
        .keep_pending_sign_in(
            &PendingSignIn {
                state_digest: token_digest(&state),
                browser_digest: token_digest(&browser),
                nonce,
                verifier,
                lanjut,
            },
            now,
            now - pending_ms(),
            PENDING_MAX,
        )
        .await
        .map_err(|e| SsoError::App(e.into()))?;
    Ok(Started {
        authorize_url: format!("{endpoint}{sep}{query}"),
        browser,
    })
}

/// What the provider sent back to the callback.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// A finished sign-in: the user, and where they were going.
#[derive(Debug)]
pub struct Signed {
    pub user: User,
    pub lanjut: Option<String>,
}

/// Finishes signing in on the callback: the state must be one this browser (its cookie
/// `browser`) started within ten minutes, and is used up whatever happens next.
pub async fn finish(
    app: &App,
    browser: Option<&str>,
    callback: &Callback,
) -> Result<Signed, SsoError> {
    let config = config(app).ok_or(SsoError::NotConfigured)?;
    let state = callback.state.as_deref().ok_or(SsoError::UnknownState)?;
    // used up whatever happens next, on whichever instance the browser comes back to
    let pending = app
        .store
        .take_pending_sign_in(&token_digest(state), now_ms() - pending_ms())
        .await
        .map_err(|e| SsoError::App(e.into()))?
        .filter(|p| browser.is_some_and(|b| token_digest(b) == p.browser_digest))
        .ok_or(SsoError::UnknownState)?;
    if let Some(error) = &callback.error {
        let shown = callback.error_description.as_deref().unwrap_or(error);
        return Err(SsoError::Refused(shown.chars().take(200).collect()));
    }
    let code = callback
        .code
        .as_deref()
        .ok_or_else(|| SsoError::Refused("tanpa kode otorisasi".into()))?;
    let provider = provider::current(app, config)
        .await
        .map_err(SsoError::Provider)?;
    let tokens = provider::exchange(
        config,
        &provider.metadata,
        code,
        &redirect_uri(app),
        &pending.verifier,
    )
    .await
    .map_err(SsoError::Refused)?;
    let expected = id_token::Expected {
        issuer: &provider.metadata.issuer,
        client_id: &config.client_id,
        nonce: &pending.nonce,
        now_secs: now_ms() / 1000,
    };
    let token = &tokens.id_token;
    let mut claims = match id_token::validate(token, &provider.keys, &expected) {
        Err(TokenRefused::UnknownKey) => match provider::refetch_keys(app).await {
            Ok(Some(keys)) => id_token::validate(token, &keys, &expected),
            Ok(None) => Err(TokenRefused::UnknownKey),
            Err(e) => return Err(SsoError::Provider(e)),
        },
        other => other,
    }
    .map_err(SsoError::Token)?;
    // the claim that names the user may be only at the userinfo endpoint
    let wanted = match config.match_by {
        MatchBy::Username => config.username_claim.as_str(),
        MatchBy::Email => "email",
    };
    if !claims.contains_key(wanted)
        && let (Some(access), Some(_)) = (
            tokens.access_token.as_deref(),
            &provider.metadata.userinfo_endpoint,
        )
    {
        let info = provider::userinfo(&provider.metadata, access)
            .await
            .map_err(SsoError::Provider)?;
        // the same person, or nothing of it is used
        if info.get("sub").is_some() && info.get("sub") == claims.get("sub") {
            for (k, v) in info {
                claims.entry(k).or_insert(v);
            }
        }
    }
    let user = user_of(app, config, &claims).await?;
    Ok(Signed {
        user,
        lanjut: pending.lanjut,
    })
}

/// The existing, active Padu user the claims name.
async fn user_of(
    app: &App,
    config: &OidcConfig,
    claims: &serde_json::Map<String, serde_json::Value>,
) -> Result<User, SsoError> {
    let text = |name: &str| {
        claims
            .get(name)
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (shown, found) = match config.match_by {
        MatchBy::Username => {
            let claim = &config.username_claim;
            let name = text(claim)
                .ok_or_else(|| SsoError::NoClaim(claim.clone()))?
                .to_lowercase();
            let found = app
                .store
                .user_for_login(&name)
                .await
                .map_err(AppError::from)?;
            (name, found.map(|(u, _)| u))
        }
        MatchBy::Email => {
            let email = text("email").ok_or_else(|| SsoError::NoClaim("email".into()))?;
            // an address the provider has not verified names nobody
            if claims.get("email_verified") != Some(&serde_json::Value::Bool(true)) {
                return Err(SsoError::NoClaim("email_verified".into()));
            }
            let mut users = app
                .store
                .users_with_email(&email)
                .await
                .map_err(AppError::from)?;
            let one = (users.len() == 1).then(|| users.remove(0));
            (email, one)
        }
    };
    match found {
        Some(user) if user.active => Ok(user),
        Some(_) => Err(SsoError::Inactive(shown)),
        None => Err(SsoError::UnknownUser(shown)),
    }
}

/// Whether the provider answers: its discovery document and keys (for `padu config check`).
pub async fn check_provider(config: &OidcConfig) -> Result<usize, String> {
    provider::discover(config).await.map(|p| p.keys.keys.len())
}
