//! Login throttling: exponential backoff per (account, client ip), in memory.
//!
//! Each key counts consecutive failed logins. The first [`ThrottleConfig::free_failures`] (5) cost
//! nothing; after failure number `free + k` (k ≥ 1) the next attempt must wait
//! `base · 2^(k−1)` (1 s, 2 s, 4 s, …), capped at [`ThrottleConfig::max_delay`] (15 minutes). A
//! success resets the key. The time is always passed in (`std::time::Instant`).
//!
//! Memory is bounded: at most [`ThrottleConfig::max_keys`] keys. When a new key would exceed it,
//! keys that are no longer blocked and were last seen more than
//! [`ThrottleConfig::forget_after`] ago are dropped; if that is not enough, the least recently
//! seen eighth of the keys is dropped (amortised O(log n) per insertion). Dropping a key forgets
//! its failures, so the bound should be far above the number of keys a real attack can create
//! in `forget_after`.
//!
//! The limiter is generic over its key: the HTTP layer uses `(normalised email, ip)`, and may run
//! a second one keyed by email alone (with a higher `free_failures`) against attacks spread over
//! many addresses. It lives in one process: several server processes each keep their own.

use std::collections::HashMap;
use std::hash::Hash;
use std::time::{Duration, Instant};

/// The limiter's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottleConfig {
    /// Failures allowed with no delay.
    pub free_failures: u32,
    /// Delay after the first failure past the free ones; doubles with each further failure.
    pub base_delay: Duration,
    /// Longest delay.
    pub max_delay: Duration,
    /// A key not blocked and not seen for this long may be forgotten.
    pub forget_after: Duration,
    /// Most keys held.
    pub max_keys: usize,
}

impl Default for ThrottleConfig {
    /// 5 free failures, then 1 s doubling up to 15 min; keys forgotten after an idle hour;
    /// at most 100,000 keys (a few MB).
    fn default() -> Self {
        Self {
            free_failures: 5,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(15 * 60),
            forget_after: Duration::from_secs(60 * 60),
            max_keys: 100_000,
        }
    }
}

impl ThrottleConfig {
    /// The wait imposed after `failures` consecutive failures.
    pub fn delay_after(&self, failures: u32) -> Duration {
        let Some(k) = failures.checked_sub(self.free_failures) else {
            return Duration::ZERO;
        };
        if k == 0 {
            return Duration::ZERO;
        }
        let factor = 1u32.checked_shl(k - 1).unwrap_or(u32::MAX);
        self.base_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }
}

/// May this attempt go ahead?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleDecision {
    /// Check the password.
    Allowed,
    /// Refuse without checking the password (HTTP 429 with `Retry-After`, rounded up to whole
    /// seconds).
    RetryAfter(Duration),
}

#[derive(Debug, Clone)]
struct Entry {
    failures: u32,
    blocked_until: Instant,
    last_seen: Instant,
}

/// The in-memory limiter. Not synchronised: wrap it in a `Mutex` in a server (each call is
/// short).
#[derive(Debug)]
pub struct LoginThrottle<K> {
    config: ThrottleConfig,
    entries: HashMap<K, Entry>,
}

impl<K: Hash + Eq + Clone> LoginThrottle<K> {
    /// An empty limiter. A `max_keys` of 0 is taken as 1.
    pub fn new(mut config: ThrottleConfig) -> Self {
        config.max_keys = config.max_keys.max(1);
        Self {
            config,
            entries: HashMap::new(),
        }
    }

    /// The settings.
    pub fn config(&self) -> &ThrottleConfig {
        &self.config
    }

    /// Whether an attempt for `key` may go ahead at `now`. Ask before checking the password.
    pub fn check(&self, key: &K, now: Instant) -> ThrottleDecision {
        match self.entries.get(key) {
            Some(e) if e.blocked_until > now => {
                ThrottleDecision::RetryAfter(e.blocked_until.duration_since(now))
            }
            _ => ThrottleDecision::Allowed,
        }
    }

    /// Records a failed attempt at `now` and answers what the next attempt faces.
    pub fn record_failure(&mut self, key: K, now: Instant) -> ThrottleDecision {
        if !self.entries.contains_key(&key) && self.entries.len() >= self.config.max_keys {
            self.evict(now);
        }
        let config = &self.config;
        let entry = self.entries.entry(key).or_insert(Entry {
            failures: 0,
            blocked_until: now,
            last_seen: now,
        });
        entry.failures = entry.failures.saturating_add(1);
        entry.last_seen = entry.last_seen.max(now);
        let until = now + config.delay_after(entry.failures);
        entry.blocked_until = entry.blocked_until.max(until);
        if entry.blocked_until > now {
            ThrottleDecision::RetryAfter(entry.blocked_until.duration_since(now))
        } else {
            ThrottleDecision::Allowed
        }
    }

    /// Records a successful login: the key's failures are forgotten.
    pub fn record_success(&mut self, key: &K) {
        self.entries.remove(key);
    }

    /// Keys held now.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no key is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Makes room for at least one key.
    fn evict(&mut self, now: Instant) {
        let forget = self.config.forget_after;
        self.entries.retain(|_, e| {
            e.blocked_until > now || now.saturating_duration_since(e.last_seen) <= forget
        });
        let max = self.config.max_keys;
        if self.entries.len() < max {
            return;
        }
        // Keep the most recently seen seven eighths (at most max − 1 keys).
        let keep = (max - max / 8).min(max.saturating_sub(1));
        let mut seen: Vec<(Instant, K)> = self
            .entries
            .iter()
            .map(|(k, e)| (e.last_seen, k.clone()))
            .collect();
        seen.sort_unstable_by_key(|e| std::cmp::Reverse(e.0));
        for (_, k) in seen.into_iter().skip(keep) {
            self.entries.remove(&k);
        }
    }
}
