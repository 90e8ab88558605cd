//! The `[oidc]` section of the configuration, which the application holds for the sign-in
//! (`crate::users::oidc`): in the kit, beside the other settings, since the kit imports no
//! feature.

use serde::Deserialize;

/// How the ID token's claims find the Padu user.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchBy {
    /// The claim `username_claim` equals the Padu username (ignoring case).
    #[default]
    Username,
    /// The verified `email` claim equals exactly one Padu user's e-mail address.
    Email,
}

/// The `[oidc]` section: off unless present.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcConfig {
    /// The provider's issuer URL, exactly as its discovery document names it.
    pub issuer: String,
    pub client_id: String,
    /// Never shown in logs or `Debug` output.
    #[serde(default)]
    pub client_secret: Option<String>,
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// The claim that carries the username.
    #[serde(default = "default_username_claim")]
    pub username_claim: String,
    #[serde(default)]
    pub match_by: MatchBy,
    /// The provider's name on the button "Masuk dengan ...".
    #[serde(default = "default_display_name")]
    pub display_name: String,
}

fn default_scopes() -> Vec<String> {
    vec!["openid".into(), "profile".into(), "email".into()]
}
fn default_username_claim() -> String {
    "preferred_username".into()
}
fn default_display_name() -> String {
    "SSO".into()
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "[disembunyikan]"),
            )
            .field("scopes", &self.scopes)
            .field("username_claim", &self.username_claim)
            .field("match_by", &self.match_by)
            .field("display_name", &self.display_name)
            .finish()
    }
}

impl OidcConfig {
    /// What is wrong with the section, for `padu config check` and start-up.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let issuer = self.issuer.trim();
        let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
            .iter()
            .any(|p| {
                issuer.strip_prefix(p).is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with(':') || rest.starts_with('/')
                })
            });
        if !(issuer.starts_with("https://") || loopback) {
            problems.push(format!(
                "[oidc] issuer `{issuer}` harus diawali https:// (http:// hanya untuk loopback)"
            ));
        }
        if self.client_id.trim().is_empty() {
            problems.push("[oidc] client_id kosong".into());
        }
        if !self.scopes.iter().any(|s| s == "openid") {
            problems.push("[oidc] scopes harus memuat `openid`".into());
        }
        if self.username_claim.trim().is_empty() {
            problems.push("[oidc] username_claim kosong".into());
        }
        if self.display_name.trim().is_empty() || self.display_name.chars().count() > 60 {
            problems.push("[oidc] display_name harus 1-60 karakter".into());
        }
        problems
    }
}
