//! Argon2id password hashes, computed off the async runtime.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};

use crate::error::AppError;

/// Shortest password accepted.
pub const MIN_LENGTH: usize = 10;
/// Longest password accepted (a guard against hashing megabytes).
pub const MAX_LENGTH: usize = 256;

/// Problems with a new password, in Indonesian (`None` when acceptable).
pub fn weakness(password: &str, username: &str) -> Option<String> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Some(format!("Kata sandi paling sedikit {MIN_LENGTH} karakter."));
    }
    if length > MAX_LENGTH {
        return Some(format!("Kata sandi paling banyak {MAX_LENGTH} karakter."));
    }
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        return Some("Kata sandi tidak boleh memuat nama pengguna.".into());
    }
    None
}

/// Hashes with Argon2id and a random salt (PHC string).
pub fn hash_blocking(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(AppError::Internal)
}

/// A hash of nothing in particular, verified against when the user does not exist so that a
/// wrong username takes as long as a wrong password.
fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_blocking("padu-decoy-password").unwrap_or_default())
}

/// Checks a password against a stored hash (or against the decoy when `hash` is `None`).
pub async fn verify(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let stored = hash.unwrap_or_else(|| decoy().to_string());
        PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_salted() {
        let a = hash_blocking("kata-sandi-panjang").expect("hash");
        let b = hash_blocking("kata-sandi-panjang").expect("hash");
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "random salt");
    }

    #[test]
    fn weak_passwords_are_explained() {
        assert!(weakness("pendek", "budi").is_some_and(|m| m.contains("paling sedikit 10")));
        assert!(weakness("budi12345678", "budi").is_some_and(|m| m.contains("nama pengguna")));
        assert!(weakness("Trenggalek#2026", "budi").is_none());
        assert!(weakness(&"x".repeat(300), "budi").is_some());
    }

    #[tokio::test]
    async fn verify_accepts_only_the_right_password() {
        let h = hash("Trenggalek#2026".into()).await.expect("hash");
        assert!(verify("Trenggalek#2026".into(), Some(h.clone())).await);
        assert!(!verify("salah".into(), Some(h)).await);
        assert!(!verify("apa saja".into(), None).await);
        assert!(!verify("x".into(), Some("bukan-hash".into())).await);
    }
}
