//! What changed since a cached read: the revision counters behind the read caches of hot pages
//! (sessions, the unread count, the period dashboard).
//!
//! Every write marks what it touched (its instansi, the user it changed, the inboxes it filled)
//! with [`Changes`] right after its commit, before it returns, and appends the same keys to the
//! change log inside its transaction. A reader takes [`Changes::mark`] *before* it reads the
//! database and keeps the mark with what it read; the value stays good while none of its keys
//! changed after the mark, so a write is seen by every read that starts after it returned.
//!
//! Writes by another process (the command line, a second server on the same database) reach
//! these counters through the change log: each request first calls [`crate::Store::catch_up`],
//! which marks the keys of every row committed since the last check (see [`crate::follow`]).
//! So there is no expiry window; [`CACHE_TTL`] is only a long safety bound for a change made
//! beside Padu (a hand edit in the database, which bypasses the audit chain too).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a cached read stays good at most: a safety bound only (every change made through
/// Padu, in any process, is seen at the next request; see the module's text).
pub const CACHE_TTL: Duration = Duration::from_secs(15 * 60);

/// What a cached value can depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// Anything recorded for this instansi: its OPDs, periods, indicators, evidence, users.
    Instansi(i64),
    /// The user record itself, their sessions and tokens.
    User(i64),
    /// The user's notifications.
    Inbox(i64),
}

/// The change counters of one process (shared by every clone of the store).
#[derive(Debug, Default)]
pub struct Changes {
    inner: Mutex<Revisions>,
}

#[derive(Debug, Default)]
struct Revisions {
    clock: u64,
    /// The last change whose scope is everything (a write recorded without an instansi).
    everything: u64,
    keys: HashMap<Key, u64>,
}

impl Changes {
    /// The current revision: take it before reading what is to be cached.
    pub fn mark(&self) -> u64 {
        self.lock().clock
    }

    /// Whether `key` (or everything) changed after `mark`.
    pub fn changed_since(&self, key: Key, mark: u64) -> bool {
        let r = self.lock();
        r.everything > mark || r.keys.get(&key).is_some_and(|&at| at > mark)
    }

    /// Whether everything was marked changed after `mark` (a restore, a gap in the change log).
    pub fn everything_changed_since(&self, mark: u64) -> bool {
        self.lock().everything > mark
    }

    /// Records that the keys changed (after the commit that changed them).
    pub(crate) fn touch(&self, keys: impl IntoIterator<Item = Key>) {
        let mut r = self.lock();
        r.clock += 1;
        let at = r.clock;
        for key in keys {
            r.keys.insert(key, at);
        }
    }

    /// Records a change that may concern any cached value.
    pub(crate) fn touch_everything(&self) {
        let mut r = self.lock();
        r.clock += 1;
        r.everything = r.clock;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Revisions> {
        // a panic while holding this lock cannot leave the counters half-updated
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The read caches the store keeps itself: the lookups every signed-in page makes.
#[derive(Debug)]
pub(crate) struct Caches {
    /// Signed-in users by session or token digest (misses too).
    pub callers: ReadCache<(CallerKind, String), Option<CachedCaller>>,
    /// Unread notifications by user.
    pub unread: ReadCache<i64, u64>,
    /// Instansi by id.
    pub instansi: ReadCache<i64, Option<crate::Instansi>>,
}

/// Whether a digest is a browser session's or an API token's: never one for the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CallerKind {
    Session,
    Token,
}

/// A session's or token's user as cached: the user and when the session or token expires.
#[derive(Debug, Clone)]
pub(crate) struct CachedCaller {
    pub user: crate::User,
    pub expires_at_ms: i64,
}

impl Default for Caches {
    fn default() -> Self {
        Caches {
            callers: ReadCache::new(20_000),
            unread: ReadCache::new(20_000),
            instansi: ReadCache::new(5_000),
        }
    }
}

/// A small map of values read from the database, each kept with the revision mark taken before
/// it was read and the time it was read. At most `capacity` entries: a full cache first drops
/// what expired, then everything.
#[derive(Debug)]
pub struct ReadCache<K, V> {
    capacity: usize,
    entries: Mutex<HashMap<K, Cached<V>>>,
}

#[derive(Debug)]
struct Cached<V> {
    value: V,
    mark: u64,
    read_at: Instant,
}

impl<K: Eq + Hash, V: Clone> ReadCache<K, V> {
    pub fn new(capacity: usize) -> Self {
        ReadCache {
            capacity,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The value stored for `key` if it is younger than [`CACHE_TTL`] and `fresh(value, mark)`
    /// says that nothing it depends on changed after its mark.
    pub fn get(&self, key: &K, fresh: impl FnOnce(&V, u64) -> bool) -> Option<V> {
        let entries = self.lock();
        let c = entries.get(key)?;
        (c.read_at.elapsed() < CACHE_TTL && fresh(&c.value, c.mark)).then(|| c.value.clone())
    }

    /// The value for `key` while it is fresh (as in [`ReadCache::get`]), else the one `read`
    /// gives, stored with the mark taken before `read` first runs (an async block does nothing
    /// until awaited).
    pub async fn get_or_read<E>(
        &self,
        changes: &Changes,
        key: K,
        fresh: impl FnOnce(&V, u64) -> bool,
        read: impl Future<Output = Result<V, E>>,
    ) -> Result<V, E> {
        if let Some(value) = self.get(&key, fresh) {
            return Ok(value);
        }
        let mark = changes.mark();
        let value = read.await?;
        self.put(key, value.clone(), mark);
        Ok(value)
    }

    /// Stores `value`, read after `mark` was taken.
    pub fn put(&self, key: K, value: V, mark: u64) {
        let mut entries = self.lock();
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            entries.retain(|_, c| c.read_at.elapsed() < CACHE_TTL);
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(
            key,
            Cached {
                value,
                mark,
                read_at: Instant::now(),
            },
        );
    }

    /// Forgets `key` (after this process changed what it stands for).
    pub fn remove(&self, key: &K) {
        self.lock().remove(key);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Cached<V>>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_after_the_mark_is_seen_and_one_before_it_is_not() {
        let changes = Changes::default();
        changes.touch([Key::Instansi(1)]);
        let mark = changes.mark();
        assert!(!changes.changed_since(Key::Instansi(1), mark));
        assert!(!changes.changed_since(Key::Instansi(2), mark));
        changes.touch([Key::Instansi(2), Key::User(7)]);
        assert!(!changes.changed_since(Key::Instansi(1), mark));
        assert!(changes.changed_since(Key::Instansi(2), mark));
        assert!(changes.changed_since(Key::User(7), mark));
        assert!(!changes.changed_since(Key::Inbox(7), mark));
        changes.touch_everything();
        assert!(changes.changed_since(Key::Instansi(1), mark));
        assert!(!changes.changed_since(Key::Instansi(1), changes.mark()));
    }

    #[test]
    fn the_cache_answers_only_fresh_values_and_stays_within_its_capacity() {
        let cache: ReadCache<i64, String> = ReadCache::new(2);
        cache.put(1, "satu".into(), 5);
        assert_eq!(cache.get(&1, |_, m| m == 5).as_deref(), Some("satu"));
        assert_eq!(cache.get(&1, |_, _| false), None);
        assert_eq!(cache.get(&2, |_, _| true), None);
        cache.put(2, "dua".into(), 5);
        cache.put(3, "tiga".into(), 6);
        assert!(cache.lock().len() <= 2);
        assert_eq!(cache.get(&3, |_, _| true).as_deref(), Some("tiga"));
        cache.remove(&3);
        assert_eq!(cache.get(&3, |_, _| true), None);
    }
}
