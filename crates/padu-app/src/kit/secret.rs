//! Random secrets: session cookies and API tokens.

use base64::Engine as _;

/// A new random secret (256 bits), URL-safe: a session cookie or an API token.
pub fn new_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    // The OS random source; failing here means the machine cannot do crypto at all.
    if getrandom::fill(&mut bytes).is_err() {
        panic!("the operating system's random source is unavailable");
    }
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}
