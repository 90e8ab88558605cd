//! Failed sign-ins slow an attacker down without locking the owner out (ASVS 2.2.1):
//!
//! - **blocked per (username, address)**: after [`MAX_FAILURES`] failures for one username from
//!   one address within [`WINDOW`], that address gets 429 for that username until the window has
//!   passed. Someone guessing from elsewhere cannot block the owner's own address.
//! - **blocked per address**: after [`MAX_FAILURES_PER_ADDRESS`] failures from one address for
//!   any usernames (spraying). Higher, because a whole Pemda office often reaches Padu through
//!   one NAT address.
//! - **delayed per username**: every attempt for a username with recent failures (from any
//!   address) waits ([`before_attempt`]) before its password is checked, doubling from [`FIRST_DELAY`] to at
//!   most [`MAX_DELAY`]. That slows guessing spread over many addresses, and the right password
//!   still signs in, a little later.
//!
//! A successful sign-in ends the username's delay and its block from that address. The same
//! answer is given whether or not the username exists. The counters live in the database
//! (`login_failures`, not audited: a failed attempt is not a record of the Pemda), so several
//! servers on one database allow no more guesses than one.

use std::collections::HashMap;
use std::time::Duration;

use padu_store::{Store, now_ms};

use crate::AppError;

pub const MAX_FAILURES: u32 = 5;
pub const MAX_FAILURES_PER_ADDRESS: u32 = 50;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// The wait after the first failure for a username.
pub const FIRST_DELAY: Duration = Duration::from_millis(125);
/// The longest wait before an attempt is checked.
pub const MAX_DELAY: Duration = Duration::from_secs(2);

fn pair(username: &str, address: &str) -> String {
    format!("p:{}|{address}", username.to_lowercase())
}

fn by_address(address: &str) -> String {
    format!("a:{address}")
}

fn by_username(username: &str) -> String {
    format!("u:{}", username.to_lowercase())
}

fn window_ms() -> i64 {
    i64::try_from(WINDOW.as_millis()).unwrap_or(i64::MAX)
}

/// `Some(seconds to wait)` when attempts for this username from this address, or from this
/// address at all, are blocked.
pub async fn blocked(
    store: &Store,
    username: &str,
    address: &str,
) -> Result<Option<u64>, AppError> {
    let now = now_ms();
    let keys = [pair(username, address), by_address(address)];
    let counts = store.login_failures(&keys, now - window_ms()).await?;
    Ok(block_of(&counts, &keys, now))
}

/// The longest wait among the keys over their limits.
fn block_of(counts: &HashMap<String, (i64, i64)>, keys: &[String; 2], now: i64) -> Option<u64> {
    keys.iter()
        .zip([MAX_FAILURES, MAX_FAILURES_PER_ADDRESS])
        .filter_map(|(key, limit)| counts.get(key).map(|c| (*c, limit)))
        .filter(|((count, _), limit)| *count >= i64::from(*limit))
        .map(|((_, since), _)| {
            let left_ms = (since + window_ms() - now).max(0);
            u64::try_from(left_ms / 1000).unwrap_or(0).max(1)
        })
        .max()
}

/// Before an attempt's password is checked, in one read of the counters: `Err(seconds)` when
/// it is [`blocked`], else how long it waits first: nothing without recent failures for the
/// username, then [`FIRST_DELAY`] doubled per failure, at most [`MAX_DELAY`].
pub async fn before_attempt(
    store: &Store,
    username: &str,
    address: &str,
) -> Result<Result<Duration, u64>, AppError> {
    let now = now_ms();
    let keys = [pair(username, address), by_address(address)];
    let user = by_username(username);
    let all = [keys[0].clone(), keys[1].clone(), user.clone()];
    let counts = store.login_failures(&all, now - window_ms()).await?;
    Ok(match block_of(&counts, &keys, now) {
        Some(wait) => Err(wait),
        None => Ok(delay_after(counts.get(&user).map_or(0, |c| c.0))),
    })
}

fn delay_after(failures: i64) -> Duration {
    match u32::try_from(failures).unwrap_or(u32::MAX) {
        0 => Duration::ZERO,
        n => FIRST_DELAY
            .saturating_mul(1 << (n - 1).min(8))
            .min(MAX_DELAY),
    }
}

/// Counts a failed attempt for `username` from `address`.
pub async fn failed(store: &Store, username: &str, address: &str) -> Result<(), AppError> {
    let now = now_ms();
    let keys = [
        pair(username, address),
        by_address(address),
        by_username(username),
    ];
    store
        .count_login_failure(&keys, now, now - window_ms())
        .await?;
    Ok(())
}

/// The owner signed in from `address`: no more delay for the username, and that address's
/// failures for it no longer count (another address's block stands).
pub async fn succeeded(store: &Store, username: &str, address: &str) -> Result<(), AppError> {
    store
        .clear_login_failures(&[pair(username, address), by_username(username)])
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_at_the_limit_for_what_is_left_of_the_window() {
        let keys = [pair("Budi", "10.0.0.1"), by_address("10.0.0.1")];
        assert_eq!(keys[0], "p:budi|10.0.0.1");
        let now = 1_000_000_000;
        let mut counts = HashMap::new();
        counts.insert(keys[0].clone(), (i64::from(MAX_FAILURES) - 1, now - 60_000));
        assert_eq!(block_of(&counts, &keys, now), None);
        counts.insert(keys[0].clone(), (i64::from(MAX_FAILURES), now - 60_000));
        assert_eq!(
            block_of(&counts, &keys, now),
            Some(WINDOW.as_secs() - 60),
            "the pair, until its window has passed"
        );
        counts.clear();
        counts.insert(keys[1].clone(), (i64::from(MAX_FAILURES_PER_ADDRESS), now));
        assert_eq!(block_of(&counts, &keys, now), Some(WINDOW.as_secs()));
    }

    #[test]
    fn the_delay_doubles_per_failure_up_to_two_seconds() {
        assert_eq!(delay_after(0), Duration::ZERO);
        assert_eq!(delay_after(1), FIRST_DELAY);
        assert_eq!(delay_after(2), FIRST_DELAY * 2);
        let seen: Vec<_> = (1..13).map(delay_after).collect();
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
        assert_eq!(seen.last(), Some(&MAX_DELAY));
    }
}
