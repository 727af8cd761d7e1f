//! Waits: backoff with jitter, `Retry-After`, and how durations and sizes are written for the
//! user.

use std::time::{Duration, SystemTime};

/// The wait before retry number `retry` (0 for the first retry): a uniformly random duration
/// between zero and `base * 2^retry`, capped by `max` ("full jitter").
pub(crate) fn backoff(base: Duration, max: Duration, retry: u32) -> Duration {
    let factor = 2u32.saturating_pow(retry.min(31));
    let ceiling = base.saturating_mul(factor).min(max);
    random_between(Duration::ZERO, ceiling)
}

/// A uniformly random duration in `[low, high]` (`low` when the range is empty).
pub(crate) fn random_between(low: Duration, high: Duration) -> Duration {
    if high <= low {
        return low;
    }
    let span = u64::try_from((high - low).as_micros()).unwrap_or(u64::MAX);
    low + Duration::from_micros(fastrand::u64(0..=span))
}

/// A `Retry-After` value: delay-seconds or an HTTP date (a date in the past is zero). `None`
/// when it is neither.
pub(crate) fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A duration for a message: `9m 58s`, `1h 5m`, `42s`, `3d 4h` (seconds rounded up), or `250ms`
/// under a second.
pub(crate) fn human(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        return format!("{}ms", d.as_millis());
    }
    let mut secs = d.as_secs();
    if d.subsec_nanos() > 0 {
        secs = secs.saturating_add(1);
    }
    let (days, hours, mins, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if days > 0 {
        format!("{days}d {hours}h")
    } else if hours > 0 {
        format!("{hours}h {mins}m")
    } else if mins > 0 {
        format!("{mins}m {s}s")
    } else {
        format!("{s}s")
    }
}

/// A byte count for a message: `20 MiB`, `512 KiB`, `1.5 MiB`, `700 bytes`.
pub(crate) fn human_bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if n >= MIB {
        if n.is_multiple_of(MIB) {
            format!("{} MiB", n / MIB)
        } else {
            format!("{:.1} MiB", n as f64 / MIB as f64)
        }
    } else if n >= KIB {
        if n.is_multiple_of(KIB) {
            format!("{} KiB", n / KIB)
        } else {
            format!("{:.1} KiB", n as f64 / KIB as f64)
        }
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_capped_and_grows() {
        let base = Duration::from_millis(100);
        let max = Duration::from_secs(1);
        for retry in 0..40 {
            let ceiling = (base * 2u32.saturating_pow(retry.min(31))).min(max);
            for _ in 0..50 {
                let d = backoff(base, max, retry);
                assert!(d <= ceiling, "{d:?} > {ceiling:?} at retry {retry}");
            }
        }
        // Huge values never overflow.
        let _ = backoff(Duration::MAX, Duration::MAX, u32::MAX);
    }

    #[test]
    fn random_between_bounds() {
        let (lo, hi) = (Duration::from_millis(5), Duration::from_millis(9));
        for _ in 0..100 {
            let d = random_between(lo, hi);
            assert!(d >= lo && d <= hi);
        }
        assert_eq!(random_between(hi, lo), hi);
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480); // 21 Oct 2015 07:28:00
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:30:00 GMT", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(retry_after("-5", now), None);
        assert_eq!(retry_after("", now), None);
        assert_eq!(
            retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn human_forms() {
        assert_eq!(human(Duration::from_secs(598)), "9m 58s");
        assert_eq!(human(Duration::from_millis(597_200)), "9m 58s");
        assert_eq!(human(Duration::from_secs(3900)), "1h 5m");
        assert_eq!(human(Duration::from_secs(42)), "42s");
        assert_eq!(human(Duration::ZERO), "0ms");
        assert_eq!(human(Duration::from_millis(250)), "250ms");
        assert_eq!(human(Duration::from_millis(1001)), "2s");
        assert_eq!(human(Duration::from_secs(90_000)), "1d 1h");
        assert_eq!(human(Duration::MAX), human(Duration::MAX));
        assert_eq!(human_bytes(20 * 1024 * 1024), "20 MiB");
        assert_eq!(human_bytes(1024), "1 KiB");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(700), "700 bytes");
    }

    proptest::proptest! {
        #[test]
        fn any_retry_after_is_read_without_panic(v in "\\PC{0,40}", secs in 0u64..u64::MAX) {
            let now = SystemTime::UNIX_EPOCH + Duration::from_secs(secs % 10_000_000_000);
            let _ = retry_after(&v, now);
            let _ = human(Duration::from_secs(secs));
            let _ = human_bytes(secs);
        }
    }
}
