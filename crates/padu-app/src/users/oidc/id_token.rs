//! Checking an OpenID Connect ID token (a JWS in compact form): the signature against the
//! provider's published keys (RS256 or ES256; `none` and every other algorithm refused), then
//! the issuer, the audience (and `azp` when there are several audiences), the nonce this browser
//! was given, and the expiry and issue time with a small leeway.

use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED, RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents, UnparsedPublicKey,
};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde_json::{Map, Value};

/// How far clocks may disagree, in seconds, for `exp` and `iat`.
pub const LEEWAY_SECS: i64 = 60;

/// The provider's signing keys (`jwks_uri`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Jwks {
    #[serde(default)]
    pub keys: Vec<Jwk>,
}

/// One public key of a JWK set; keys of other kinds are kept but never match.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Jwk {
    #[serde(default)]
    pub kty: String,
    pub kid: Option<String>,
    pub alg: Option<String>,
    #[serde(rename = "use")]
    pub usage: Option<String>,
    pub n: Option<String>,
    pub e: Option<String>,
    pub crv: Option<String>,
    pub x: Option<String>,
    pub y: Option<String>,
}

/// What the token must say.
#[derive(Debug, Clone)]
pub struct Expected<'a> {
    /// The issuer as the discovery document names it.
    pub issuer: &'a str,
    pub client_id: &'a str,
    /// The nonce sent with this browser's authorization request.
    pub nonce: &'a str,
    /// Now, in seconds since the epoch.
    pub now_secs: i64,
}

/// Why an ID token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenRefused {
    #[error("token identitas tidak berbentuk JWT yang sah")]
    Malformed,
    #[error("algoritme tanda tangan \"{0}\" tidak diterima (hanya RS256 atau ES256)")]
    Algorithm(String),
    #[error("kunci penanda tangan token tidak dikenal penyedia identitas")]
    UnknownKey,
    #[error("tanda tangan token identitas tidak sah")]
    Signature,
    #[error("penerbit token identitas bukan penyedia yang dikonfigurasi")]
    Issuer,
    #[error("token identitas tidak ditujukan kepada Padu (audience salah)")]
    Audience,
    #[error("token identitas diminta oleh aplikasi lain (azp salah)")]
    AuthorizedParty,
    #[error("nonce token identitas tidak cocok dengan permintaan masuk ini")]
    Nonce,
    #[error("token identitas sudah kedaluwarsa")]
    Expired,
    #[error("waktu terbit token identitas tidak masuk akal")]
    IssuedAt,
}

#[derive(Debug, Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
}

/// The token's claims once every check passed.
pub fn validate(
    token: &str,
    keys: &Jwks,
    expected: &Expected<'_>,
) -> Result<Map<String, Value>, TokenRefused> {
    let mut parts = token.trim().split('.');
    let (Some(head), Some(body), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenRefused::Malformed);
    };
    let header: Header = decode_json(head)?;
    let signature = URL_SAFE_NO_PAD
        .decode(sig)
        .map_err(|_| TokenRefused::Malformed)?;
    let kty = match header.alg.as_str() {
        "RS256" => "RSA",
        "ES256" => "EC",
        other => return Err(TokenRefused::Algorithm(other.to_string())),
    };
    let key = pick_key(keys, kty, &header)?;
    let signed = &token.trim()[..head.len() + 1 + body.len()];
    verify(key, &header.alg, signed.as_bytes(), &signature)?;

    let claims: Map<String, Value> = decode_json(body)?;
    if claims.get("iss").and_then(Value::as_str) != Some(expected.issuer) {
        return Err(TokenRefused::Issuer);
    }
    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(a)) => vec![a.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !audiences.contains(&expected.client_id) {
        return Err(TokenRefused::Audience);
    }
    match claims.get("azp").and_then(Value::as_str) {
        Some(azp) if azp != expected.client_id => return Err(TokenRefused::AuthorizedParty),
        None if audiences.len() > 1 => return Err(TokenRefused::AuthorizedParty),
        _ => {}
    }
    if claims.get("nonce").and_then(Value::as_str) != Some(expected.nonce) {
        return Err(TokenRefused::Nonce);
    }
    match claims.get("exp").and_then(Value::as_i64) {
        Some(exp) if expected.now_secs <= exp + LEEWAY_SECS => {}
        _ => return Err(TokenRefused::Expired),
    }
    match claims.get("iat").and_then(Value::as_i64) {
        Some(iat) if iat <= expected.now_secs + LEEWAY_SECS => {}
        _ => return Err(TokenRefused::IssuedAt),
    }
    Ok(claims)
}

fn decode_json<T: serde::de::DeserializeOwned>(part: &str) -> Result<T, TokenRefused> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| TokenRefused::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| TokenRefused::Malformed)
}

/// The key named by the header's `kid`; without a `kid`, the set's only key of the kind.
fn pick_key<'k>(keys: &'k Jwks, kty: &str, header: &Header) -> Result<&'k Jwk, TokenRefused> {
    let usable = |k: &&Jwk| {
        k.kty == kty
            && k.usage.as_deref().is_none_or(|u| u == "sig")
            && k.alg.as_deref().is_none_or(|a| a == header.alg)
    };
    let mut candidates = keys.keys.iter().filter(usable);
    match &header.kid {
        Some(kid) => candidates
            .find(|k| k.kid.as_deref() == Some(kid.as_str()))
            .ok_or(TokenRefused::UnknownKey),
        None => match (candidates.next(), candidates.next()) {
            (Some(only), None) => Ok(only),
            _ => Err(TokenRefused::UnknownKey),
        },
    }
}

fn component(value: Option<&str>) -> Result<Vec<u8>, TokenRefused> {
    let bytes = URL_SAFE_NO_PAD
        .decode(value.ok_or(TokenRefused::UnknownKey)?)
        .map_err(|_| TokenRefused::UnknownKey)?;
    Ok(bytes)
}

fn verify(key: &Jwk, alg: &str, message: &[u8], signature: &[u8]) -> Result<(), TokenRefused> {
    match alg {
        "RS256" => {
            let strip = |b: Vec<u8>| {
                let start = b.iter().position(|x| *x != 0).unwrap_or(b.len());
                b[start..].to_vec()
            };
            let public = RsaPublicKeyComponents {
                n: strip(component(key.n.as_deref())?),
                e: strip(component(key.e.as_deref())?),
            };
            public
                .verify(&RSA_PKCS1_2048_8192_SHA256, message, signature)
                .map_err(|_| TokenRefused::Signature)
        }
        "ES256" => {
            if key.crv.as_deref() != Some("P-256") {
                return Err(TokenRefused::UnknownKey);
            }
            let (x, y) = (component(key.x.as_deref())?, component(key.y.as_deref())?);
            if x.len() != 32 || y.len() != 32 {
                return Err(TokenRefused::UnknownKey);
            }
            let mut point = Vec::with_capacity(65);
            point.push(4);
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point)
                .verify(message, signature)
                .map_err(|_| TokenRefused::Signature)
        }
        other => Err(TokenRefused::Algorithm(other.to_string())),
    }
}
