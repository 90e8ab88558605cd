//! Failed sign-ins slow an attacker down without locking the owner out (ASVS 2.2.1):
//!
//! - **blocked per (username, address)**: after [`MAX_FAILURES`] failures for one username from
//!   one address within [`WINDOW`], that address gets 429 for that username until the window has
//!   passed. Someone guessing from elsewhere cannot block the owner's own address.
//! - **blocked per address**: after [`MAX_FAILURES_PER_ADDRESS`] failures from one address for
//!   any usernames (spraying). Higher, because a whole Pemda office often reaches Padu through
//!   one NAT address.
//! - **delayed per username**: every attempt for a username with recent failures (from any
//!   address) waits [`delay`] before its password is checked, doubling from [`FIRST_DELAY`] to at
//!   most [`MAX_DELAY`]. That slows guessing spread over many addresses, and the right password
//!   still signs in, a little later.
//!
//! A successful sign-in ends the username's delay and its block from that address. The same answer is given whether or not
//! the username exists. The counters live in this process (one server).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: u32 = 5;
pub const MAX_FAILURES_PER_ADDRESS: u32 = 50;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// The wait after the first failure for a username.
pub const FIRST_DELAY: Duration = Duration::from_millis(125);
/// The longest wait before an attempt is checked.
pub const MAX_DELAY: Duration = Duration::from_secs(2);

/// Past this many keys, expired ones are dropped before a new failure is counted.
const KEPT: usize = 100_000;

#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<Key, (u32, Instant)>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Pair(String, String),
    Address(String),
    Username(String),
}

impl Throttle {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, (u32, Instant)>> {
        // a panic while holding the lock cannot leave a count half-written
        self.failures.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Recent failures under `key` (0 once the window has passed).
    fn count(map: &HashMap<Key, (u32, Instant)>, key: &Key, now: Instant) -> (u32, Duration) {
        match map.get(key) {
            Some((count, since)) if now.duration_since(*since) < WINDOW => {
                (*count, WINDOW - now.duration_since(*since))
            }
            _ => (0, Duration::ZERO),
        }
    }

    /// `Some(seconds to wait)` when attempts for this username from this address, or from this
    /// address at all, are blocked.
    pub fn blocked(&self, username: &str, address: &str) -> Option<u64> {
        let now = Instant::now();
        let map = self.lock();
        let pair = Key::Pair(username.to_lowercase(), address.to_string());
        let address = Key::Address(address.to_string());
        [(pair, MAX_FAILURES), (address, MAX_FAILURES_PER_ADDRESS)]
            .iter()
            .map(|(key, limit)| (Self::count(&map, key, now), *limit))
            .filter(|((count, _), limit)| count >= limit)
            .map(|((_, left), _)| left.as_secs().max(1))
            .max()
    }

    /// How long an attempt for `username` waits before its password is checked: nothing without
    /// recent failures, then [`FIRST_DELAY`] doubled per failure, at most [`MAX_DELAY`].
    pub fn delay(&self, username: &str) -> Duration {
        let now = Instant::now();
        let map = self.lock();
        let (failures, _) = Self::count(&map, &Key::Username(username.to_lowercase()), now);
        match failures {
            0 => Duration::ZERO,
            n => FIRST_DELAY
                .saturating_mul(1 << (n - 1).min(8))
                .min(MAX_DELAY),
        }
    }

    pub fn failed(&self, username: &str, address: &str) {
        let now = Instant::now();
        let mut map = self.lock();
        if map.len() > KEPT {
            map.retain(|_, (_, since)| now.duration_since(*since) < WINDOW);
        }
        let username = username.to_lowercase();
        for key in [
            Key::Pair(username.clone(), address.to_string()),
            Key::Address(address.to_string()),
            Key::Username(username),
        ] {
            let entry = map.entry(key).or_insert((0, now));
            if now.duration_since(entry.1) >= WINDOW {
                *entry = (0, now);
            }
            entry.0 += 1;
        }
    }

    /// The owner signed in from `address`: no more delay for the username, and that address's
    /// failures for it no longer count (another address's block stands).
    pub fn succeeded(&self, username: &str, address: &str) {
        let username = username.to_lowercase();
        let mut map = self.lock();
        map.remove(&Key::Pair(username.clone(), address.to_string()));
        map.remove(&Key::Username(username));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_the_pair_and_the_spraying_address_never_the_owner_elsewhere() {
        let t = Throttle::default();
        for _ in 0..MAX_FAILURES - 1 {
            t.failed("budi", "10.0.0.1");
        }
        assert_eq!(t.blocked("budi", "10.0.0.1"), None);
        t.failed("budi", "10.0.0.1");
        assert!(
            t.blocked("BUDI", "10.0.0.1").is_some(),
            "the pair, in any case"
        );
        assert_eq!(
            t.blocked("budi", "10.0.0.2"),
            None,
            "the owner signs in from their own address"
        );
        assert_eq!(
            t.blocked("siti", "10.0.0.1"),
            None,
            "colleagues behind the same NAT still sign in"
        );
        t.succeeded("budi", "10.0.0.2");
        assert!(
            t.blocked("budi", "10.0.0.1").is_some(),
            "the owner signing in elsewhere does not lift the guesser's block"
        );
        t.succeeded("budi", "10.0.0.1");
        assert_eq!(t.blocked("budi", "10.0.0.1"), None);
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            t.failed(&format!("tebakan{i}"), "10.9.9.9");
        }
        assert!(
            t.blocked("siti", "10.9.9.9").is_some(),
            "by address, any username"
        );
        assert_eq!(t.blocked("siti", "10.0.0.3"), None);
    }

    #[test]
    fn the_delay_grows_per_username_from_any_address_up_to_two_seconds() {
        let t = Throttle::default();
        assert_eq!(t.delay("budi"), Duration::ZERO);
        let mut seen = Vec::new();
        for i in 0..12 {
            t.failed("budi", &format!("10.1.0.{i}"));
            seen.push(t.delay("BUDI"));
        }
        assert_eq!(seen[0], FIRST_DELAY);
        assert_eq!(seen[1], FIRST_DELAY * 2);
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
        assert_eq!(seen.last(), Some(&MAX_DELAY));
        assert_eq!(
            t.delay("siti"),
            Duration::ZERO,
            "other users are not slowed"
        );
        t.succeeded("budi", "10.1.0.99");
        assert_eq!(t.delay("budi"), Duration::ZERO);
    }
}
