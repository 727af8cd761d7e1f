//! The worker's configuration ([`WorkerConfig`]), with durations written as short strings
//! (`"30s"`, `"5m"`, `"6h"`, `"1d"`, `"7d"`) so that it embeds in Vaga's TOML configuration.

use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How a worker runs. Every field has a default; `Deserialize` accepts any subset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkerConfig {
    /// Tasks run at the same time by one worker.
    pub concurrency: usize,
    /// How long a claimed task is held without a heartbeat; heartbeats come every third of it.
    #[serde(with = "duration")]
    pub lease: Duration,
    /// How long an idle worker waits before looking for tasks again.
    #[serde(with = "duration")]
    pub poll_interval: Duration,
    /// How long shutdown waits for running tasks before putting them back in the queue.
    #[serde(with = "duration")]
    pub shutdown_grace: Duration,
    /// How often the worker writes its heartbeat row and ticks the schedules.
    #[serde(with = "duration")]
    pub beat_interval: Duration,
    /// Whether this worker fires schedules (any number of workers may: each fire is enqueued
    /// once).
    pub schedules_enabled: bool,
    /// Every enabled source is synced this often.
    #[serde(with = "duration")]
    pub sync_every: Duration,
    /// Every profile's skill analysis runs this often.
    #[serde(with = "duration")]
    pub skills_every: Duration,
    /// The market trends report is computed this often.
    #[serde(with = "duration")]
    pub trends_every: Duration,
    /// Matches stored per user.
    pub match_top: usize,
    /// Postings studied by a skill analysis (the user's best matches).
    pub gap_targets: usize,
    /// Skills in a learning path.
    pub path_items: usize,
    /// ISO 4217 currency that pay is compared in.
    pub reference_currency: String,
    /// Country assumed for a profile that names none (ISO 3166-1 alpha-2; empty: none).
    pub home_country: String,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            concurrency: 2,
            lease: Duration::from_secs(120),
            poll_interval: Duration::from_secs(2),
            shutdown_grace: Duration::from_secs(20),
            beat_interval: Duration::from_secs(15),
            schedules_enabled: true,
            sync_every: Duration::from_secs(6 * 3600),
            skills_every: Duration::from_secs(24 * 3600),
            trends_every: Duration::from_secs(7 * 24 * 3600),
            match_top: 200,
            gap_targets: 20,
            path_items: 10,
            reference_currency: "USD".into(),
            home_country: String::new(),
        }
    }
}

/// Reads `"90s"`, `"5m"`, `"6h"`, `"1d"`, `"2w"`, `"250ms"`, several parts (`"1h30m"`) or a
/// bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty duration".into());
    }
    if let Ok(secs) = t.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let mut total = Duration::ZERO;
    let mut rest = t;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 12 {
            return Err(format!(
                "invalid duration {text:?} (use 30s, 5m, 6h, 1d, 7d)"
            ));
        }
        let n: u64 = rest[..digits]
            .parse()
            .map_err(|_| format!("invalid duration {text:?}"))?;
        rest = &rest[digits..];
        let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let unit = &rest[..unit_len];
        rest = rest[unit_len..].trim_start();
        let part = match unit {
            "ms" => Duration::from_millis(n),
            "s" => Duration::from_secs(n),
            "m" => Duration::from_secs(n.saturating_mul(60)),
            "h" => Duration::from_secs(n.saturating_mul(3600)),
            "d" => Duration::from_secs(n.saturating_mul(86_400)),
            "w" => Duration::from_secs(n.saturating_mul(7 * 86_400)),
            _ => {
                return Err(format!(
                    "invalid duration {text:?} (use 30s, 5m, 6h, 1d, 7d)"
                ));
            }
        };
        total = total.saturating_add(part);
    }
    Ok(total)
}

/// Writes a duration the way [`parse_duration`] reads it, in its largest exact unit.
pub fn format_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if !ms.is_multiple_of(1000) {
        return format!("{ms}ms");
    }
    let s = d.as_secs();
    for (unit, size) in [("w", 7 * 86_400), ("d", 86_400), ("h", 3600), ("m", 60)] {
        if s > 0 && s.is_multiple_of(size) {
            return format!("{}{unit}", s / size);
        }
    }
    format!("{s}s")
}

/// Serde for `Duration` as a short string.
mod duration {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_duration(*d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Seconds(u64),
            Text(String),
        }
        match Either::deserialize(d)? {
            Either::Seconds(n) => Ok(Duration::from_secs(n)),
            Either::Text(t) => parse_duration(&t).map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_and_write() {
        assert_eq!(parse_duration("6h"), Ok(Duration::from_secs(6 * 3600)));
        assert_eq!(parse_duration("1d"), Ok(Duration::from_secs(86_400)));
        assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(7 * 86_400)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("45"), Ok(Duration::from_secs(45)));
        assert!(parse_duration("6x").is_err());
        assert!(parse_duration("h").is_err());
        assert!(parse_duration("").is_err());
        assert_eq!(format_duration(Duration::from_secs(7 * 86_400)), "1w");
        assert_eq!(format_duration(Duration::from_secs(6 * 3600)), "6h");
        assert_eq!(format_duration(Duration::from_millis(1500)), "1500ms");
    }

    #[test]
    fn config_round_trips_through_json() {
        let c = WorkerConfig::default();
        let text = serde_json::to_string(&c).unwrap_or_default();
        assert!(text.contains("\"sync_every\":\"6h\""), "{text}");
        let back: WorkerConfig = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back, c);
        let partial: WorkerConfig =
            serde_json::from_str(r#"{"sync_every": "1d", "lease": 30}"#).unwrap_or_default();
        assert_eq!(partial.sync_every, Duration::from_secs(86_400));
        assert_eq!(partial.lease, Duration::from_secs(30));
    }
}
