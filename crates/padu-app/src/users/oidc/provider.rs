//! Talking to the OpenID Connect provider: its discovery document and signing keys (kept for an
//! hour; the keys fetched again when a token names a key not yet seen, as after a rotation) and
//! the exchange of an authorization code at its token endpoint.

use std::time::{Duration, Instant};

use base64::Engine as _;
use serde::Deserialize;
use tokio::sync::Mutex;

use super::OidcConfig;
use super::id_token::Jwks;
use crate::kit::app::App;

/// How long the discovery document and the keys are trusted.
const KEEP: Duration = Duration::from_secs(3600);
/// The keys are fetched again for an unknown `kid` at most this often.
const REFETCH_KEYS_AFTER: Duration = Duration::from_secs(10);
const TIMEOUT: Duration = Duration::from_secs(10);

/// The parts of `/.well-known/openid-configuration` Padu uses.
#[derive(Debug, Clone, Deserialize)]
pub struct Metadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    /// Where the claims the ID token leaves out are read (with the access token).
    pub userinfo_endpoint: Option<String>,
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Vec<String>,
    #[serde(default)]
    pub code_challenge_methods_supported: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Provider {
    pub metadata: Metadata,
    pub keys: Jwks,
    fetched: Instant,
    keys_fetched: Instant,
}

/// The provider as last fetched (an [`App`] part).
#[derive(Debug, Default)]
pub(super) struct Cached(Mutex<Option<Provider>>);

fn client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("klien HTTP tidak dapat dibuat: {e}"))
}

async fn get_json<T: serde::de::DeserializeOwned>(url: &str, what: &str) -> Result<T, String> {
    let response = client()?
        .get(url)
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|e| format!("{what} ({url}) tidak menjawab: {e}"))?;
    if !response.status().is_success() {
        return Err(format!("{what} ({url}) menjawab {}", response.status()));
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|e| format!("{what} ({url}) terputus: {e}"))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{what} ({url}) tidak sah: {e}"))
}

/// Fetches the discovery document and the keys, checking that the document names the
/// configured issuer and allows PKCE with S256.
pub async fn discover(config: &OidcConfig) -> Result<Provider, String> {
    let url = format!(
        "{}/.well-known/openid-configuration",
        config.issuer.trim_end_matches('/')
    );
    let metadata: Metadata = get_json(&url, "dokumen discovery").await?;
    if metadata.issuer != config.issuer {
        return Err(format!(
            "dokumen discovery menyebut penerbit {} padahal yang dikonfigurasi {}",
            metadata.issuer, config.issuer
        ));
    }
    if !metadata.code_challenge_methods_supported.is_empty()
        && !metadata
            .code_challenge_methods_supported
            .iter()
            .any(|m| m == "S256")
    {
        return Err("penyedia identitas tidak mendukung PKCE S256".into());
    }
    let keys: Jwks = get_json(&metadata.jwks_uri, "kunci penyedia (jwks_uri)").await?;
    let now = Instant::now();
    Ok(Provider {
        metadata,
        keys,
        fetched: now,
        keys_fetched: now,
    })
}

/// The provider, from the cache while it is fresh.
pub(super) async fn current(app: &App, config: &OidcConfig) -> Result<Provider, String> {
    let part = app.part::<Cached>();
    let mut cached = part.0.lock().await;
    if let Some(p) = cached.as_ref()
        && p.fetched.elapsed() < KEEP
    {
        return Ok(p.clone());
    }
    let fresh = discover(config).await?;
    *cached = Some(fresh.clone());
    Ok(fresh)
}

/// The keys fetched again (a token named a key not in the cached set), unless they were
/// fetched moments ago; `None` when nothing changed.
pub(super) async fn refetch_keys(app: &App) -> Result<Option<Jwks>, String> {
    let part = app.part::<Cached>();
    let mut cached = part.0.lock().await;
    let Some(p) = cached.as_mut() else {
        return Ok(None);
    };
    if p.keys_fetched.elapsed() < REFETCH_KEYS_AFTER {
        return Ok(None);
    }
    let keys: Jwks = get_json(&p.metadata.jwks_uri, "kunci penyedia (jwks_uri)").await?;
    p.keys = keys.clone();
    p.keys_fetched = Instant::now();
    Ok(Some(keys))
}

/// The token request's form; the client's credentials in it for `client_secret_post` (or a
/// public client).
fn token_request(
    code: &str,
    redirect_uri: &str,
    verifier: &str,
    client: Option<&OidcConfig>,
) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("grant_type", "authorization_code")
        .append_pair("code", code)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("code_verifier", verifier);
    if let Some(c) = client {
        form.append_pair("client_id", &c.client_id);
        if let Some(secret) = &c.client_secret {
            form.append_pair("client_secret", secret);
        }
    }
    form.finish()
}

#[derive(Debug, Deserialize)]
struct TokenAnswer {
    id_token: Option<String>,
    access_token: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// What the token endpoint answered.
#[derive(Debug)]
pub(super) struct Tokens {
    pub id_token: String,
    pub access_token: Option<String>,
}

/// The claims of the userinfo endpoint, read with the access token (providers that keep the
/// profile claims out of the ID token, as the specification's default has it).
pub(super) async fn userinfo(
    metadata: &Metadata,
    access_token: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let Some(url) = &metadata.userinfo_endpoint else {
        return Err("penyedia tidak mempunyai userinfo_endpoint".into());
    };
    let response = client()?
        .get(url)
        .header("authorization", format!("Bearer {access_token}"))
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|e| format!("userinfo ({url}) tidak menjawab: {e}"))?;
    if !response.status().is_success() {
        return Err(format!("userinfo ({url}) menjawab {}", response.status()));
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|e| format!("userinfo ({url}) terputus: {e}"))?;
    serde_json::from_slice(&bytes).map_err(|_| format!("userinfo ({url}) bukan JSON"))
}

/// Exchanges the authorization code for the ID token: the client authenticates with
/// `client_secret_basic` unless the provider supports only `client_secret_post`.
pub(super) async fn exchange(
    config: &OidcConfig,
    metadata: &Metadata,
    code: &str,
    redirect_uri: &str,
    verifier: &str,
) -> Result<Tokens, String> {
    let methods = &metadata.token_endpoint_auth_methods_supported;
    let post = !methods.is_empty()
        && !methods.iter().any(|m| m == "client_secret_basic")
        && methods.iter().any(|m| m == "client_secret_post");
    let secret = config.client_secret.as_deref();
    let in_body = post || secret.is_none();
    let body = token_request(code, redirect_uri, verifier, in_body.then_some(config));
    let mut request = client()?
        .post(&metadata.token_endpoint)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json");
    if !in_body {
        let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let basic = base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            encode(&config.client_id),
            encode(secret.unwrap_or(""))
        ));
        request = request.header("authorization", format!("Basic {basic}"));
    }
    let response = request
        .body(body)
        .send()
        .await
        .map_err(|e| format!("titik token penyedia tidak menjawab: {e}"))?;
    let status = response.status();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| format!("jawaban titik token terputus: {e}"))?;
    let answer: TokenAnswer = serde_json::from_slice(&bytes)
        .map_err(|_| format!("jawaban titik token tidak sah ({status})"))?;
    if let Some(error) = answer.error {
        return Err(match answer.error_description {
            Some(d) => format!("penyedia menolak kode otorisasi: {error} ({d})"),
            None => format!("penyedia menolak kode otorisasi: {error}"),
        });
    }
    if !status.is_success() {
        return Err(format!("titik token penyedia menjawab {status}"));
    }
    let id_token = answer
        .id_token
        .ok_or_else(|| "jawaban titik token tanpa id_token".to_string())?;
    Ok(Tokens {
        id_token,
        access_token: answer.access_token,
    })
}
