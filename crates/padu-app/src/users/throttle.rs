//! Failed logins slow an attacker down: after `MAX_FAILURES` failures for one username (from
//! anywhere), or `MAX_FAILURES_PER_ADDRESS` from one address (for any username), within the
//! window, further attempts are refused until the window has passed. The address limit is
//! higher because a whole Pemda office often reaches Padu through one NAT address. The same
//! answer is given whether or not the username exists.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: u32 = 5;
pub const MAX_FAILURES_PER_ADDRESS: u32 = 50;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl Throttle {
    fn keys(username: &str, address: &str) -> [String; 2] {
        [
            format!("u:{}", username.to_lowercase()),
            format!("a:{address}"),
        ]
    }

    /// `Some(seconds to wait)` when attempts for this username or address are blocked.
    pub fn blocked(&self, username: &str, address: &str) -> Option<u64> {
        let now = Instant::now();
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        Self::keys(username, address)
            .iter()
            .zip([MAX_FAILURES, MAX_FAILURES_PER_ADDRESS])
            .filter_map(|(k, limit)| map.get(k).map(|v| (v, limit)))
            .filter(|((count, since), limit)| {
                *count >= *limit && now.duration_since(*since) < WINDOW
            })
            .map(|(v, _)| v)
            .map(|(_, since)| (WINDOW - now.duration_since(*since)).as_secs().max(1))
            .max()
    }

    pub fn failed(&self, username: &str, address: &str) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 100_000 {
            map.retain(|_, (_, since)| now.duration_since(*since) < WINDOW);
        }
        for key in Self::keys(username, address) {
            let entry = map.entry(key).or_insert((0, now));
            if now.duration_since(entry.1) >= WINDOW {
                *entry = (0, now);
            }
            entry.0 += 1;
        }
    }

    pub fn succeeded(&self, username: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&format!("u:{}", username.to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_by_username_and_by_address() {
        let t = Throttle::default();
        for _ in 0..MAX_FAILURES - 1 {
            t.failed("budi", "10.0.0.1");
        }
        assert_eq!(t.blocked("budi", "10.0.0.2"), None);
        t.failed("budi", "10.0.0.1");
        assert!(
            t.blocked("BUDI", "10.0.0.9").is_some(),
            "by username, any case, any address"
        );
        assert_eq!(
            t.blocked("siti", "10.0.0.1"),
            None,
            "colleagues behind the same NAT still sign in"
        );
        t.succeeded("budi");
        assert_eq!(t.blocked("budi", "10.0.0.2"), None);
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            t.failed(&format!("tebakan{i}"), "10.9.9.9");
        }
        assert!(
            t.blocked("siti", "10.9.9.9").is_some(),
            "by address, any username"
        );
        assert_eq!(t.blocked("siti", "10.0.0.3"), None);
    }
}
