//! Login throttling. Two layers: per account (counted in the database, so it holds across app
//! servers and restarts) and per client address (in memory, with `governor`), which stops one
//! address from spraying many usernames.

use std::{net::IpAddr, num::NonZeroU32, sync::Arc};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Seconds the account must wait before its next login attempt, given its consecutive failures
/// and the time of the last one. The first `free` failures cost nothing; each further failure
/// doubles the wait, from 2 s up to 15 minutes.
pub fn account_wait_secs(
    failures: i64,
    last_failure_ms: Option<i64>,
    now_ms: i64,
    free: i64,
) -> i64 {
    let Some(last) = last_failure_ms else {
        return 0;
    };
    let over = failures - free;
    if over < 0 {
        return 0;
    }
    let delay = 2_i64
        .saturating_pow(u32::try_from(over + 1).unwrap_or(u32::MAX))
        .min(15 * 60);
    let elapsed = (now_ms - last).max(0) / 1000;
    (delay - elapsed).max(0)
}

/// Attempts per client address: a burst of 20, then one every 3 seconds.
pub type IpLimiter = DefaultKeyedRateLimiter<IpAddr>;

pub fn ip_limiter() -> Arc<IpLimiter> {
    let quota = Quota::with_period(std::time::Duration::from_secs(3))
        .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN))
        .allow_burst(NonZeroU32::new(20).unwrap_or(NonZeroU32::MIN));
    Arc::new(RateLimiter::keyed(quota))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_failures_are_free_then_waits_double() {
        let now = 1_000_000;
        assert_eq!(account_wait_secs(0, None, now, 5), 0);
        assert_eq!(account_wait_secs(4, Some(now), now, 5), 0);
        assert_eq!(account_wait_secs(5, Some(now), now, 5), 2);
        assert_eq!(account_wait_secs(6, Some(now), now, 5), 4);
        assert_eq!(account_wait_secs(7, Some(now), now, 5), 8);
    }

    #[test]
    fn waits_are_capped_and_elapse() {
        let now = 10_000_000;
        assert_eq!(account_wait_secs(60, Some(now), now, 5), 900);
        assert_eq!(account_wait_secs(6, Some(now - 3_000), now, 5), 1);
        assert_eq!(account_wait_secs(6, Some(now - 10_000), now, 5), 0);
    }
}
