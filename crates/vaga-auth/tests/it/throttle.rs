//! Login throttling: backoff schedule, reset on success, and bounded memory.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use vaga_auth::throttle::{LoginThrottle, ThrottleConfig, ThrottleDecision};

fn s(secs: u64) -> Duration {
    Duration::from_secs(secs)
}

#[test]
fn schedule_is_free_then_doubling_then_capped() {
    let c = ThrottleConfig::default();
    let want = [
        0, 0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900,
    ];
    for (failures, secs) in want.iter().enumerate() {
        assert_eq!(
            c.delay_after(failures as u32),
            s(*secs),
            "after {failures} failures"
        );
    }
    assert_eq!(c.delay_after(u32::MAX), s(900));
}

#[test]
fn failures_block_and_success_resets() {
    let t0 = Instant::now();
    let mut th = LoginThrottle::new(ThrottleConfig::default());
    let key = ("maria@example.com".to_owned(), "192.0.2.1".to_owned());
    for i in 0..5 {
        assert_eq!(th.check(&key, t0), ThrottleDecision::Allowed, "attempt {i}");
        assert_eq!(
            th.record_failure(key.clone(), t0),
            ThrottleDecision::Allowed
        );
    }
    // Sixth failure: one second.
    assert_eq!(
        th.record_failure(key.clone(), t0),
        ThrottleDecision::RetryAfter(s(1))
    );
    assert_eq!(th.check(&key, t0), ThrottleDecision::RetryAfter(s(1)));
    assert_eq!(
        th.check(&key, t0 + Duration::from_millis(400)),
        ThrottleDecision::RetryAfter(Duration::from_millis(600))
    );
    assert_eq!(th.check(&key, t0 + s(1)), ThrottleDecision::Allowed);
    // Seventh: two seconds.
    assert_eq!(
        th.record_failure(key.clone(), t0 + s(1)),
        ThrottleDecision::RetryAfter(s(2))
    );
    // Another ip for the same account is a different key.
    let other = ("maria@example.com".to_owned(), "198.51.100.7".to_owned());
    assert_eq!(th.check(&other, t0 + s(1)), ThrottleDecision::Allowed);
    // Success resets.
    th.record_success(&key);
    assert_eq!(th.check(&key, t0 + s(1)), ThrottleDecision::Allowed);
    assert!(th.is_empty());
    for _ in 0..5 {
        assert_eq!(
            th.record_failure(key.clone(), t0 + s(2)),
            ThrottleDecision::Allowed
        );
    }
}

#[test]
fn idle_keys_are_forgotten_when_room_is_needed() {
    let t0 = Instant::now();
    let config = ThrottleConfig {
        max_keys: 10,
        ..ThrottleConfig::default()
    };
    let mut th = LoginThrottle::new(config);
    for k in 0..10u32 {
        th.record_failure(k, t0);
    }
    assert_eq!(th.len(), 10);
    // Two hours later every key is idle: a new key sweeps them.
    th.record_failure(99, t0 + s(7200));
    assert_eq!(th.len(), 1);
}

#[test]
fn a_blocked_key_is_not_swept_while_blocked() {
    let t0 = Instant::now();
    let config = ThrottleConfig {
        max_keys: 4,
        forget_after: s(10),
        ..ThrottleConfig::default()
    };
    let mut th = LoginThrottle::new(config);
    for _ in 0..16 {
        th.record_failure(0u32, t0);
    }
    // Blocked for 15 minutes from t0.
    for k in 1..4u32 {
        th.record_failure(k, t0);
    }
    // At t0 + 60 s keys 1..3 are idle and unblocked, key 0 is still blocked.
    th.record_failure(50, t0 + s(60));
    assert!(matches!(
        th.check(&0, t0 + s(60)),
        ThrottleDecision::RetryAfter(_)
    ));
    assert_eq!(th.len(), 2);
}

#[derive(Debug, Clone)]
enum Op {
    Fail(u8),
    Succeed(u8),
    Wait(u16),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => any::<u8>().prop_map(|k| Op::Fail(k % 8)),
        1 => any::<u8>().prop_map(|k| Op::Succeed(k % 8)),
        3 => (0u16..2000).prop_map(Op::Wait),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Against a model that keeps every key forever: `check` never allows a key before the time
    /// its failures computed, and says exactly how long to wait.
    #[test]
    fn never_allows_before_the_computed_time(ops in prop::collection::vec(op(), 1..200)) {
        let config = ThrottleConfig { max_keys: 64, ..ThrottleConfig::default() };
        let t0 = Instant::now();
        let mut now = t0;
        let mut th = LoginThrottle::new(config.clone());
        let mut model: std::collections::HashMap<u8, (u32, Instant)> = Default::default();
        for op in ops {
            match op {
                Op::Fail(k) => {
                    let (failures, until) = model.entry(k).or_insert((0, now));
                    // A client only reaches the password check when allowed.
                    if *until > now {
                        prop_assert_eq!(th.check(&k, now), ThrottleDecision::RetryAfter(*until - now));
                        continue;
                    }
                    prop_assert_eq!(th.check(&k, now), ThrottleDecision::Allowed);
                    *failures += 1;
                    *until = now + config.delay_after(*failures);
                    let got = th.record_failure(k, now);
                    if *until > now {
                        prop_assert_eq!(got, ThrottleDecision::RetryAfter(*until - now));
                    } else {
                        prop_assert_eq!(got, ThrottleDecision::Allowed);
                    }
                }
                Op::Succeed(k) => {
                    if model.get(&k).is_some_and(|(_, until)| *until > now) {
                        continue;
                    }
                    model.remove(&k);
                    th.record_success(&k);
                }
                Op::Wait(ms) => now += Duration::from_millis(u64::from(ms) * 100),
            }
            for (k, (_, until)) in &model {
                let d = th.check(k, now);
                if *until > now {
                    prop_assert_eq!(d, ThrottleDecision::RetryAfter(*until - now));
                } else {
                    prop_assert_eq!(d, ThrottleDecision::Allowed);
                }
            }
        }
    }

    /// However many distinct keys fail, memory stays under the bound.
    #[test]
    fn memory_stays_under_the_bound(
        max in 1usize..50,
        keys in prop::collection::vec((any::<u32>(), 0u64..5_000), 1..500),
    ) {
        let config = ThrottleConfig { max_keys: max, ..ThrottleConfig::default() };
        let t0 = Instant::now();
        let mut th = LoginThrottle::new(config);
        let mut now = t0;
        for (k, step) in keys {
            now += Duration::from_secs(step);
            th.record_failure(k, now);
            prop_assert!(th.len() <= max, "{} > {}", th.len(), max);
        }
    }
}
