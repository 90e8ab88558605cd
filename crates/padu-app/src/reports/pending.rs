//! Uploaded import files waiting for their confirmation: between the preview and "Terapkan",
//! the file stays here (in memory, for [`TTL`]), named by a random token bound to the user and
//! the period. Nothing is applied from here without a fresh check against the current data.
//! A restart forgets them: the user uploads the file again.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::kit::app::App;
use crate::kit::principal::Caller;

/// How long an uploaded file waits for its confirmation.
pub const TTL: Duration = Duration::from_secs(30 * 60);
/// At most this many files wait at once (the oldest go first).
pub const CAPACITY: usize = 64;

/// What an upload is to become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Worksheet,
    Official,
}

#[derive(Debug)]
struct Pending {
    user_id: i64,
    period_id: i64,
    kind: ImportKind,
    bytes: Bytes,
    at: Instant,
}

#[derive(Debug, Default)]
pub struct PendingImports {
    files: Mutex<HashMap<String, Pending>>,
}

impl PendingImports {
    /// Keeps `bytes` for a later confirmation; returns the token naming them.
    pub fn put(&self, user_id: i64, period_id: i64, kind: ImportKind, bytes: Bytes) -> String {
        let token = crate::kit::secret::new_secret("impor");
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files.retain(|_, p| p.at.elapsed() < TTL);
        while files.len() >= CAPACITY {
            let Some(oldest) = files
                .iter()
                .min_by_key(|(_, p)| p.at)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            files.remove(&oldest);
        }
        files.insert(
            token.clone(),
            Pending {
                user_id,
                period_id,
                kind,
                bytes,
                at: Instant::now(),
            },
        );
        token
    }

    /// The bytes behind `token`, when it is this user's upload of this kind for this period and
    /// has not expired.
    pub fn get(
        &self,
        token: &str,
        user_id: i64,
        period_id: i64,
        kind: ImportKind,
    ) -> Option<Bytes> {
        let files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files
            .get(token)
            .filter(|p| {
                p.user_id == user_id
                    && p.period_id == period_id
                    && p.kind == kind
                    && p.at.elapsed() < TTL
            })
            .map(|p| p.bytes.clone())
    }

    /// Forgets an applied upload.
    pub fn remove(&self, token: &str) {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files.remove(token);
    }
}

/// Keeps the caller's upload for period `period_id` until they confirm it; returns its token.
pub fn keep(app: &App, caller: &Caller, period_id: i64, kind: ImportKind, bytes: Bytes) -> String {
    app.part::<PendingImports>()
        .put(caller.user.id, period_id, kind, bytes)
}

/// The caller's upload behind `token`, while it waits (see [`PendingImports::get`]).
pub fn waiting(
    app: &App,
    caller: &Caller,
    token: &str,
    period_id: i64,
    kind: ImportKind,
) -> Option<Bytes> {
    app.part::<PendingImports>()
        .get(token, caller.user.id, period_id, kind)
}

/// Forgets an upload once it is applied.
pub fn forget(app: &App, token: &str) {
    app.part::<PendingImports>().remove(token);
}
