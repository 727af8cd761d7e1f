//! `--timings`: wall-clock seconds per phase, written to stderr as one JSON object at exit.

use std::time::Instant;

/// Accumulated phase durations, in first-seen order.
#[derive(Debug)]
pub struct Timings {
    enabled: bool,
    phases: Vec<(&'static str, f64)>,
}

impl Timings {
    /// A recorder; when `enabled` is false, `report` prints nothing.
    pub fn new(enabled: bool) -> Timings {
        Timings {
            enabled,
            phases: Vec::new(),
        }
    }

    /// Adds `seconds` to a phase.
    pub fn add(&mut self, phase: &'static str, seconds: f64) {
        match self.phases.iter_mut().find(|(name, _)| *name == phase) {
            Some((_, total)) => *total += seconds,
            None => self.phases.push((phase, seconds)),
        }
    }

    /// Runs `f` and adds its duration to `phase`.
    pub fn time<T>(&mut self, phase: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.add(phase, start.elapsed().as_secs_f64());
        value
    }

    /// Prints the JSON object to stderr when enabled.
    pub fn report(&self) {
        if !self.enabled {
            return;
        }
        let map: serde_json::Map<String, serde_json::Value> = self
            .phases
            .iter()
            .map(|(name, secs)| {
                (
                    (*name).to_string(),
                    serde_json::json!((secs * 1e6).round() / 1e6),
                )
            })
            .collect();
        eprintln!("{}", serde_json::Value::Object(map));
    }
}
