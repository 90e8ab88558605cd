//! Argon2id password hashes, computed off the async runtime on a small pool of their own.
//!
//! Each Argon2id computation takes 19 MiB. On the runtime's blocking threads (hundreds of them
//! at a busy sign-in hour) the allocator kept one such block per thread: the load benchmark saw
//! the server grow from 37 MB to about 600 MB after 320 sign-ins. A fixed pool of one thread
//! per core (at most four) bounds both the memory (a block per pool thread) and the CPU that
//! sign-ins can take from page requests; callers queue for a thread.

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

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads' queue.
fn pool() -> &'static std::sync::mpsc::Sender<Job> {
    static POOL: std::sync::OnceLock<std::sync::mpsc::Sender<Job>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel::<Job>();
        let receiver = std::sync::Arc::new(std::sync::Mutex::new(receiver));
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
        for i in 0..threads {
            let receiver = std::sync::Arc::clone(&receiver);
            let spawned = std::thread::Builder::new()
                .name(format!("padu-argon2-{i}"))
                .spawn(move || {
                    loop {
                        // the lock is held only while taking the next job
                        let job = match receiver.lock() {
                            Ok(guard) => guard.recv(),
                            Err(poisoned) => poisoned.into_inner().recv(),
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => break,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "password hashing thread not started");
            }
        }
        sender
    })
}

/// Runs `work` on the hashing pool and waits for its answer without blocking the runtime.
async fn on_pool<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(work());
    });
    pool().send(job).ok()?;
    rx.await.ok()
}

pub async fn hash(password: String) -> Result<String, AppError> {
    on_pool(move || hash_blocking(&password))
        .await
        .ok_or_else(|| AppError::Internal("password hashing pool unavailable".into()))?
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
    on_pool(move || {
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

    #[tokio::test]
    async fn many_hashes_at_once_all_finish_on_the_pool() {
        let jobs: Vec<_> = (0..12)
            .map(|i| tokio::spawn(hash(format!("Trenggalek#{i:04}"))))
            .collect();
        for job in jobs {
            let h = job.await.expect("task").expect("hash");
            assert!(h.starts_with("$argon2id$"));
        }
    }
}
