//! The circuit breaker of each source: after `threshold` consecutive failed fetches the source's
//! circuit opens and its fetches fail at once until `cooldown` has passed; then one trial fetch
//! is let through (half-open): success closes the circuit, failure opens it again.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::timing::human;

#[derive(Debug, Default)]
struct State {
    failures: u32,
    open_until: Option<Instant>,
    trial_in_flight: bool,
}

/// Breakers, one per source name.
#[derive(Debug)]
pub(crate) struct Breakers {
    threshold: u32,
    cooldown: Duration,
    states: Mutex<HashMap<String, State>>,
}

/// Leave to fetch: whether it is the half-open trial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Permit {
    /// The circuit is closed.
    Closed,
    /// The one trial fetch after the cooldown.
    Trial,
}

impl Breakers {
    pub(crate) fn new(threshold: u32, cooldown: Duration) -> Self {
        Breakers {
            threshold: threshold.max(1),
            cooldown,
            states: Mutex::new(HashMap::new()),
        }
    }

    fn with<T>(&self, source: &str, f: impl FnOnce(&mut State) -> T) -> T {
        let mut states = self.states.lock().unwrap_or_else(|e| e.into_inner());
        f(states.entry(source.to_string()).or_default())
    }

    /// Whether `source` may fetch now; the one-line refusal otherwise.
    pub(crate) fn permit(&self, source: &str, now: Instant) -> Result<Permit, String> {
        self.with(source, |s| {
            let Some(until) = s.open_until else {
                return Ok(Permit::Closed);
            };
            if now < until {
                return Err(format!(
                    "circuit open after {} failures; next try in {}",
                    s.failures,
                    human(until - now)
                ));
            }
            if s.trial_in_flight {
                return Err(format!(
                    "circuit half-open after {} failures; a trial request is in flight",
                    s.failures
                ));
            }
            s.trial_in_flight = true;
            Ok(Permit::Trial)
        })
    }

    /// A fetch of `source` succeeded: the circuit closes.
    pub(crate) fn success(&self, source: &str) {
        self.with(source, |s| *s = State::default());
    }

    /// A fetch of `source` failed.
    pub(crate) fn failure(&self, source: &str, now: Instant) {
        let (threshold, cooldown) = (self.threshold, self.cooldown);
        self.with(source, |s| {
            s.failures = s.failures.saturating_add(1);
            s.trial_in_flight = false;
            if s.failures >= threshold {
                s.open_until = Some(now.checked_add(cooldown).unwrap_or(now));
            }
        });
    }

    /// A fetch of `source` ended in neither success nor failure of the source (refused before any
    /// request: robots.txt, a private address): a trial it held is given back.
    pub(crate) fn neutral(&self, source: &str, permit: Permit) {
        if permit == Permit::Trial {
            self.with(source, |s| s.trial_in_flight = false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_then_half_opens() {
        let b = Breakers::new(3, Duration::from_secs(600));
        let t0 = Instant::now();
        for _ in 0..2 {
            assert_eq!(b.permit("s", t0), Ok(Permit::Closed));
            b.failure("s", t0);
        }
        assert_eq!(b.permit("s", t0), Ok(Permit::Closed));
        b.failure("s", t0);
        let err = b.permit("s", t0 + Duration::from_secs(2)).err();
        assert_eq!(
            err.as_deref(),
            Some("circuit open after 3 failures; next try in 9m 58s")
        );
        // Other sources are not affected.
        assert_eq!(b.permit("other", t0), Ok(Permit::Closed));
        let later = t0 + Duration::from_secs(601);
        assert_eq!(b.permit("s", later), Ok(Permit::Trial));
        assert!(b.permit("s", later).is_err(), "only one trial at a time");
        b.failure("s", later);
        assert!(b.permit("s", later + Duration::from_secs(1)).is_err());
        let much_later = later + Duration::from_secs(601);
        assert_eq!(b.permit("s", much_later), Ok(Permit::Trial));
        b.success("s");
        assert_eq!(b.permit("s", much_later), Ok(Permit::Closed));
    }

    #[test]
    fn success_resets_the_count() {
        let b = Breakers::new(2, Duration::from_secs(1));
        let t0 = Instant::now();
        b.failure("s", t0);
        b.success("s");
        b.failure("s", t0);
        assert_eq!(b.permit("s", t0), Ok(Permit::Closed));
    }
}
