//! The per-person limit on updates (`abuse.*`): one account flooding the bot is answered with
//! one "slow down" and its excess updates are dropped before any work beyond de-duplication, so
//! it cannot slow anyone else down.
//!
//! Each Telegram user id has its own token bucket (GCRA via `governor`, kept in memory by this
//! process): `abuse.updates_burst` updates at once, refilled at `abuse.updates_per_second`. An
//! update over the limit is dropped; the first dropped update of a person gets the notice, and
//! further drops within `abuse.notice_every_secs` of it get nothing (a button press is still
//! answered, empty, so its spinner stops). Payments are never limited (see
//! [`super::limited_sender`]): money must not be lost.
//!
//! With several replicas each keeps its own buckets, so a person's limit is per process; a
//! flood spread over replicas is still cut to a few times the rate.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::AbuseConfig;

/// What to do with one update of a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Within the limit: handle it.
    Pass,
    /// Over the limit, and the person has not been told lately: drop it with the notice.
    Notice,
    /// Over the limit and already told: drop it silently.
    Drop,
}

/// Shortest time between two "you are banned" notices to one person.
pub const BANNED_NOTICE_EVERY: Duration = Duration::from_secs(60);

/// Checks of the limiter between two sweeps of idle buckets and old notices.
const SWEEP_EVERY: u64 = 4096;

pub struct UpdateLimiter {
    buckets: DefaultKeyedRateLimiter<i64>,
    /// When each person over the limit was last told to slow down.
    noticed: Mutex<HashMap<i64, Instant>>,
    /// When each banned person was last told they are banned.
    banned_noticed: Mutex<HashMap<i64, Instant>>,
    notice_every: Duration,
    checks: AtomicU64,
}

impl UpdateLimiter {
    pub fn new(config: &AbuseConfig) -> Self {
        let rate = NonZeroU32::new(config.updates_per_second).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(config.updates_burst).unwrap_or(NonZeroU32::MIN);
        Self {
            buckets: RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst)),
            noticed: Mutex::new(HashMap::new()),
            banned_noticed: Mutex::new(HashMap::new()),
            notice_every: Duration::from_secs(config.notice_every_secs),
            checks: AtomicU64::new(0),
        }
    }

    /// Takes a token for one update of Telegram user `telegram_id`.
    pub fn check(&self, telegram_id: i64) -> Verdict {
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.sweep();
        }
        if self.buckets.check_key(&telegram_id).is_ok() {
            return Verdict::Pass;
        }
        let now = Instant::now();
        let mut noticed = self.noticed.lock().expect("limiter lock");
        match noticed.get(&telegram_id) {
            Some(at) if now.duration_since(*at) < self.notice_every => Verdict::Drop,
            _ => {
                noticed.insert(telegram_id, now);
                Verdict::Notice
            }
        }
    }

    /// Whether a banned person's update gets the short "banned" notice: at most one a
    /// [`BANNED_NOTICE_EVERY`].
    pub fn banned_notice_due(&self, telegram_id: i64) -> bool {
        let now = Instant::now();
        let mut noticed = self.banned_noticed.lock().expect("limiter lock");
        if noticed.len() > 4096 {
            noticed.retain(|_, at| now.duration_since(*at) < BANNED_NOTICE_EVERY);
        }
        match noticed.get(&telegram_id) {
            Some(at) if now.duration_since(*at) < BANNED_NOTICE_EVERY => false,
            _ => {
                noticed.insert(telegram_id, now);
                true
            }
        }
    }

    /// Forgets full buckets and notices older than `notice_every`, so memory follows the
    /// people active lately, not everyone ever seen.
    fn sweep(&self) {
        self.buckets.retain_recent();
        let now = Instant::now();
        let every = self.notice_every;
        self.noticed
            .lock()
            .expect("limiter lock")
            .retain(|_, at| now.duration_since(*at) < every);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(burst: u32, per_second: u32) -> UpdateLimiter {
        UpdateLimiter::new(&AbuseConfig {
            updates_burst: burst,
            updates_per_second: per_second,
            notice_every_secs: 60,
        })
    }

    #[test]
    fn a_burst_passes_then_one_notice_then_silence() {
        let limiter = limiter(3, 1);
        let verdicts: Vec<Verdict> = (0..6).map(|_| limiter.check(7)).collect();
        assert_eq!(
            verdicts,
            [
                Verdict::Pass,
                Verdict::Pass,
                Verdict::Pass,
                Verdict::Notice,
                Verdict::Drop,
                Verdict::Drop
            ]
        );
    }

    #[test]
    fn one_person_over_the_limit_leaves_another_untouched() {
        let limiter = limiter(2, 1);
        for _ in 0..10 {
            limiter.check(1);
        }
        assert_eq!(limiter.check(2), Verdict::Pass);
        assert_eq!(limiter.check(2), Verdict::Pass);
    }
}
