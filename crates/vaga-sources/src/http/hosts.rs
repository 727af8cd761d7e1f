//! Per-host pacing: one request at a time to a host (`host:port`), each starting at least the
//! requesting source's `min_interval` (or the host's robots.txt `Crawl-delay`, when longer) after
//! the previous one to that host was answered, plus the source's random delay. Sources sharing a
//! host queue for it in arrival order (the lock is fair).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};
use tokio::time::Instant;

use super::timing::random_between;

#[derive(Debug, Default)]
struct HostState {
    /// When the last request to the host was answered (headers received) or failed.
    last: Option<Instant>,
    /// The host's robots.txt `Crawl-delay`.
    crawl_delay: Duration,
    /// No request before this (a `Retry-After` the host sent).
    not_before: Option<Instant>,
}

/// The pacing state of every host seen.
#[derive(Debug, Default)]
pub(crate) struct Hosts {
    map: Mutex<HashMap<String, Arc<AsyncMutex<HostState>>>>,
}

/// The right to send one request to a host. While held, no other request goes to the host;
/// dropping it (when the response headers are in, or the request failed) starts the host's
/// next interval.
pub(crate) struct Turn {
    guard: OwnedMutexGuard<HostState>,
}

impl Hosts {
    fn cell(&self, host: &str) -> Arc<AsyncMutex<HostState>> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(map.entry(host.to_string()).or_default())
    }

    /// Waits for `host`'s turn: until `min_interval` (or the crawl delay) after its previous
    /// request, and any `Retry-After`, then a random wait in `delay`.
    pub(crate) async fn turn(
        &self,
        host: &str,
        min_interval: Duration,
        delay: Option<(Duration, Duration)>,
    ) -> Turn {
        let guard = self.cell(host).lock_owned().await;
        let now = Instant::now();
        let interval = min_interval.max(guard.crawl_delay);
        let mut at = now;
        if let Some(last) = guard.last {
            at = at.max(last.checked_add(interval).unwrap_or(at));
        }
        if let Some(not_before) = guard.not_before {
            at = at.max(not_before);
        }
        if let Some((low, high)) = delay {
            at = at.checked_add(random_between(low, high)).unwrap_or(at);
        }
        tokio::time::sleep_until(at).await;
        Turn { guard }
    }

    /// Raises `host`'s least interval to its robots.txt `Crawl-delay`.
    pub(crate) async fn set_crawl_delay(&self, host: &str, delay: Duration) {
        let cell = self.cell(host);
        let mut state = cell.lock().await;
        state.crawl_delay = state.crawl_delay.max(delay);
    }
}

impl Turn {
    /// No request to the host before `wait` from now (the host said `Retry-After`).
    pub(crate) fn hold_off(&mut self, wait: Duration) {
        let until = Instant::now().checked_add(wait);
        self.guard.not_before = until.max(self.guard.not_before);
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        self.guard.last = Some(Instant::now());
    }
}
