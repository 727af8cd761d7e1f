//! The polite HTTP client every source is fetched through.
//!
//! A [`Fetcher`] is made once per run and shared (cloning it is cheap) by every source. It makes
//! the requests adapters ask for ([`PageRequest`]) and answers with [`Fetched`], keeping the
//! rules a good guest keeps:
//!
//! - an honest User-Agent naming the project, timeouts for the connection and the whole request,
//!   compressed responses (gzip, brotli, deflate);
//! - **per-host pacing**: one request at a time to a host, spaced by the requesting
//!   source's [`Policy::min_interval`] (or the host's robots.txt `Crawl-delay`) plus its random
//!   [`Policy::delay_range`];
//! - **retries** of 429, 500, 502, 503, 504, timeouts and connection failures with exponential
//!   backoff and full jitter, honouring `Retry-After` (seconds or an HTTP date) on 429 and 503,
//!   and failing at once when a `Retry-After` is longer than [`HttpSettings::max_retry_after`];
//! - a **circuit breaker** per source;
//! - **conditional requests**: the `ETag` and `Last-Modified` of each URL's last 200 are sent
//!   back as `If-None-Match` / `If-Modified-Since`, and a 304 is [`Fetched::NotModified`]; the
//!   caller persists them between runs with [`Fetcher::validators`] and
//!   [`Fetcher::set_validators`];
//! - a **size cap** on bodies, enforced while streaming (after decompression);
//! - **no internal addresses** ([`address`]) unless the source's [`Policy::allow_private`]:
//!   loopback, private, link-local (cloud metadata), CGNAT and unspecified addresses are refused
//!   as IP literals, on every redirect hop, and in what DNS answers;
//! - **robots.txt** ([`robots`]) for sources whose [`Policy::obey_robots`] is set;
//! - at most 5 redirects.
//!
//! Every failure is one line in a [`SourceError`]. Header values (which may hold credentials) are
//! never logged, and URLs in messages are reduced to host and path.
//!
//! No proxy is used, even when `HTTP_PROXY` is set: a proxy resolves names itself, which would
//! defeat the private-address check.

pub mod address;
mod breaker;
mod hosts;
pub mod robots;
mod timing;

use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use url::{Position, Url};

pub use crate::adapter::Fetched;
use crate::adapter::{Expect, PageRequest, PageResponse, Policy, SourceError};
use crate::map::html_instead_of_data;
use address::{Exempt, GuardedResolver, PrivateAddress, RedirectRefused};
use breaker::{Breakers, Permit};
use hosts::Hosts;
use timing::{backoff, human, human_bytes};

/// How the fetcher behaves. [`Default`] gives the values documented on each field.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpSettings {
    /// The `User-Agent` sent. Default:
    /// `Vaga/<version> (self-hosted job-search assistant; +https://github.com/vaga-jobs/vaga)`.
    pub user_agent: String,
    /// The longest a whole request may take, body included. Default: 30 s.
    pub timeout: Duration,
    /// The longest connecting may take. Default: 10 s.
    pub connect_timeout: Duration,
    /// The largest body accepted; a larger one is an error and is never held whole in memory.
    /// Default: 20 MiB.
    pub max_response_bytes: u64,
    /// Retries after the first attempt. Default: 3 (so 4 attempts).
    pub max_retries: u32,
    /// The backoff before retry `n` (0-based) is a random duration up to
    /// `backoff_base * 2^n`, capped by `backoff_max`. Default: 1 s.
    pub backoff_base: Duration,
    /// The cap of the backoff. Default: 60 s.
    pub backoff_max: Duration,
    /// The longest `Retry-After` waited for; a longer one fails the fetch at once. Default: 120 s.
    pub max_retry_after: Duration,
    /// Consecutive failed fetches of a source that open its circuit. Default: 5.
    pub breaker_threshold: u32,
    /// How long an open circuit stays open before one trial fetch. Default: 10 minutes.
    pub breaker_cooldown: Duration,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            user_agent: format!(
                "Vaga/{} (self-hosted job-search assistant; +https://github.com/vaga-jobs/vaga)",
                env!("CARGO_PKG_VERSION")
            ),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_response_bytes: 20 * 1024 * 1024,
            max_retries: 3,
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(120),
            breaker_threshold: 5,
            breaker_cooldown: Duration::from_secs(600),
        }
    }
}

/// The validators of the last 200 response of each URL, for conditional requests next time.
///
/// Serialisable so the caller can keep them between runs. URLs are keyed without their query
/// string in clear (a query may hold an API key): `https://host/path?#<hash of the query>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    /// Validators by URL key.
    #[serde(default)]
    pub urls: BTreeMap<String, Validator>,
}

/// The validators of one URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validator {
    /// The `ETag` header, sent back as `If-None-Match`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The `Last-Modified` header, sent back as `If-Modified-Since`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// The most URLs whose validators are kept.
const MAX_VALIDATORS: usize = 20_000;
/// The longest validator value kept.
const MAX_VALIDATOR_LEN: usize = 1024;
/// The most bytes of an error page read to recognise a bot challenge.
const MAX_ERROR_BODY: u64 = 64 * 1024;

impl Validators {
    /// The key of `url`: the URL up to its path, then `?#` and a stable hash of the query when
    /// there is one.
    pub fn key(url: &Url) -> String {
        let base = &url[..Position::AfterPath];
        match url.query() {
            Some(q) => format!("{base}?#{:016x}", fnv1a(q.as_bytes())),
            None => base.to_string(),
        }
    }

    fn get(&self, url: &Url) -> Option<&Validator> {
        self.urls.get(&Self::key(url))
    }

    fn put(&mut self, url: &Url, v: Validator) {
        let key = Self::key(url);
        if v.etag.is_none() && v.last_modified.is_none() {
            self.urls.remove(&key);
            return;
        }
        if self.urls.len() >= MAX_VALIDATORS
            && !self.urls.contains_key(&key)
            && let Some(first) = self.urls.keys().next().cloned()
        {
            self.urls.remove(&first);
        }
        self.urls.insert(key, v);
    }
}

/// 64-bit FNV-1a: stable across Rust releases, unlike `DefaultHasher`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The fetcher. Cheap to clone; clones share clients, pacing, breakers, robots.txt and
/// validators.
#[derive(Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

struct Inner {
    settings: HttpSettings,
    /// For sources without `allow_private`: the guarded resolver and redirect check.
    guarded: reqwest::Client,
    /// For sources with `allow_private`.
    open: reqwest::Client,
    exempt: Exempt,
    hosts: Hosts,
    breakers: Breakers,
    robots: robots::Cache,
    validators: Mutex<Validators>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

/// How a fetch ended badly: whether it counts against the source's circuit.
enum Failure {
    /// The source failed (status, network, size, challenge).
    Source(SourceError),
    /// We refused before asking (robots.txt, private address, a bad URL): not the source's fault.
    Refused(SourceError),
}

/// What one attempt gave.
enum Step {
    Done(Fetched),
    /// Worth another attempt: `what` failed; wait at least `wait` (a `Retry-After`) if given.
    Retry {
        what: String,
        wait: Option<Duration>,
    },
    Fail(Failure),
}

impl Fetcher {
    /// A fetcher with `settings`. Installs the `ring` rustls crypto provider as the process
    /// default when none is installed yet.
    pub fn new(settings: HttpSettings) -> Result<Fetcher, SourceError> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let exempt = Exempt::default();
        let build = |guard: bool| {
            let mut builder = reqwest::Client::builder()
                .user_agent(settings.user_agent.clone())
                .timeout(settings.timeout)
                .connect_timeout(settings.connect_timeout)
                .gzip(true)
                .brotli(true)
                .deflate(true)
                .no_proxy()
                .redirect(address::redirect_policy(guard, Arc::clone(&exempt)));
            if guard {
                builder = builder.dns_resolver(Arc::new(GuardedResolver {
                    exempt: Arc::clone(&exempt),
                }));
            }
            builder.build().map_err(|e| {
                SourceError::Http(format!("cannot build the HTTP client: {}", cause(&e)))
            })
        };
        let guarded = build(true)?;
        let open = build(false)?;
        let breakers = Breakers::new(settings.breaker_threshold, settings.breaker_cooldown);
        Ok(Fetcher {
            inner: Arc::new(Inner {
                settings,
                guarded,
                open,
                exempt,
                hosts: Hosts::default(),
                breakers,
                robots: robots::Cache::default(),
                validators: Mutex::new(Validators::default()),
            }),
        })
    }

    /// The settings it was made with.
    pub fn settings(&self) -> &HttpSettings {
        &self.inner.settings
    }

    /// Fetches `request` for the source named `source` under its `policy`.
    pub async fn fetch(
        &self,
        source: &str,
        policy: &Policy,
        request: &PageRequest,
    ) -> Result<Fetched, SourceError> {
        let inner = &self.inner;
        let permit = inner
            .breakers
            .permit(source, Instant::now())
            .map_err(SourceError::Http)?;
        // Should this future be dropped half-way, a trial it holds is given back.
        let mut pending = PendingTrial {
            breakers: &inner.breakers,
            source,
            permit: Some(permit),
        };
        let outcome = inner.fetch(source, policy, request).await;
        pending.permit = None;
        match outcome {
            Ok(fetched) => {
                inner.breakers.success(source);
                Ok(fetched)
            }
            Err(Failure::Source(e)) => {
                inner.breakers.failure(source, Instant::now());
                Err(e)
            }
            Err(Failure::Refused(e)) => {
                inner.breakers.neutral(source, permit);
                Err(e)
            }
        }
    }

    /// The validators gathered so far (and those set), to persist between runs.
    pub fn validators(&self) -> Validators {
        lock(&self.inner.validators).clone()
    }

    /// Replaces the validators (those persisted by a previous run).
    pub fn set_validators(&self, v: Validators) {
        *lock(&self.inner.validators) = v;
    }

    /// For tests: treat `ip` (a test server's loopback address) as a public address, so that the
    /// private-address checks can be exercised against a local server.
    #[doc(hidden)]
    pub fn treat_as_public(&self, ip: IpAddr) {
        if let Ok(mut e) = self.inner.exempt.write() {
            e.push(ip);
        }
    }
}

/// Gives a half-open trial back when a fetch is cancelled before its outcome is known.
struct PendingTrial<'a> {
    breakers: &'a Breakers,
    source: &'a str,
    permit: Option<Permit>,
}

impl Drop for PendingTrial<'_> {
    fn drop(&mut self) {
        if let Some(permit) = self.permit {
            self.breakers.neutral(self.source, permit);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// `host:port` of `url`, the unit of pacing.
fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

impl Inner {
    fn client(&self, policy: &Policy) -> &reqwest::Client {
        if policy.allow_private {
            &self.open
        } else {
            &self.guarded
        }
    }

    async fn fetch(
        &self,
        source: &str,
        policy: &Policy,
        request: &PageRequest,
    ) -> Result<Fetched, Failure> {
        let url = &request.url;
        let refuse = |m: String| Failure::Refused(SourceError::Http(m));
        if !matches!(url.scheme(), "http" | "https") {
            return Err(refuse(format!(
                "unsupported URL scheme {:?} (only http and https)",
                url.scheme()
            )));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(refuse("URL without a host".to_string()));
        }
        if !policy.allow_private {
            address::check_literal(url, &self.exempt).map_err(|e| refuse(e.to_string()))?;
        }
        if policy.obey_robots {
            self.check_robots(url, policy).await.map_err(refuse)?;
        }
        let conditional = if request.body.is_none() {
            lock(&self.validators).get(url).cloned()
        } else {
            None
        };
        let host = host_key(url);
        let settings = &self.settings;
        let mut retry = 0u32;
        loop {
            let step = self
                .attempt(policy, request, &host, conditional.as_ref())
                .await;
            match step {
                Step::Done(fetched) => return Ok(fetched),
                Step::Fail(f) => return Err(f),
                Step::Retry { what, wait } => {
                    let attempts = retry + 1;
                    if retry >= settings.max_retries {
                        let plural = if attempts == 1 { "" } else { "s" };
                        return Err(Failure::Source(SourceError::Http(format!(
                            "{what} after {attempts} attempt{plural}"
                        ))));
                    }
                    let wait = wait.unwrap_or_else(|| {
                        backoff(settings.backoff_base, settings.backoff_max, retry)
                    });
                    tracing::debug!(
                        source,
                        host = %robots::authority(url),
                        attempt = attempts,
                        "{what}; retrying in {:.1}s",
                        wait.as_secs_f64()
                    );
                    tokio::time::sleep(wait).await;
                    retry += 1;
                }
            }
        }
    }

    /// One attempt: waits for the host's turn, sends, reads.
    async fn attempt(
        &self,
        policy: &Policy,
        request: &PageRequest,
        host: &str,
        conditional: Option<&Validator>,
    ) -> Step {
        let built = match self.build(policy, request, conditional) {
            Ok(b) => b,
            Err(m) => return Step::Fail(Failure::Refused(SourceError::Http(m))),
        };
        let mut turn = self
            .hosts
            .turn(host, policy.min_interval, policy.delay_range)
            .await;
        let response = match built.send().await {
            Ok(r) => r,
            Err(e) => {
                drop(turn);
                return transport_step(&e, &self.settings);
            }
        };
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Step::Done(Fetched::NotModified);
        }
        if status.is_success() {
            drop(turn);
            return self.success(request, response).await;
        }
        let retry_after = matches!(status.as_u16(), 429 | 503)
            .then(|| response.headers().get(header::RETRY_AFTER))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| timing::retry_after(v, SystemTime::now()));
        if let Some(wait) = retry_after {
            if wait > self.settings.max_retry_after {
                return Step::Fail(Failure::Source(SourceError::Http(format!(
                    "{}: the server asks to retry after {}, longer than the {} we wait",
                    status_line(status),
                    human(wait),
                    human(self.settings.max_retry_after)
                ))));
            }
            turn.hold_off(wait);
        }
        drop(turn);
        if matches!(status.as_u16(), 403 | 429 | 503)
            && let Some(challenge) = challenge(response, status).await
        {
            return Step::Fail(Failure::Source(SourceError::Challenge(challenge)));
        }
        match status.as_u16() {
            429 | 500 | 502 | 503 | 504 => Step::Retry {
                what: status_line(status),
                wait: retry_after,
            },
            _ => Step::Fail(Failure::Source(SourceError::Http(status_error(status)))),
        }
    }

    /// The request to send, with default `Accept` and the conditional headers.
    fn build(
        &self,
        policy: &Policy,
        request: &PageRequest,
        conditional: Option<&Validator>,
    ) -> Result<reqwest::RequestBuilder, String> {
        let mut headers = HeaderMap::new();
        for (name, value) in &request.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("invalid request header name {name:?}"))?;
            // The value may be a secret: the message names the header only.
            let value = HeaderValue::from_str(value)
                .map_err(|_| format!("invalid value for request header {name}"))?;
            headers.append(name, value);
        }
        if !headers.contains_key(header::ACCEPT) {
            headers.insert(
                header::ACCEPT,
                HeaderValue::from_static(accept(request.expect)),
            );
        }
        if let Some(v) = conditional {
            let mut put = |name: HeaderName, value: &Option<String>| {
                if let Some(value) = value.as_deref().and_then(|s| HeaderValue::from_str(s).ok())
                    && !headers.contains_key(&name)
                {
                    headers.insert(name, value);
                }
            };
            put(header::IF_NONE_MATCH, &v.etag);
            put(header::IF_MODIFIED_SINCE, &v.last_modified);
        }
        let method = if request.body.is_some() {
            Method::POST
        } else {
            Method::GET
        };
        let mut builder = self
            .client(policy)
            .request(method, request.url.clone())
            .headers(headers);
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        Ok(builder)
    }

    /// Reads a 2xx body under the cap and remembers its validators.
    async fn success(&self, request: &PageRequest, response: reqwest::Response) -> Step {
        let status = response.status();
        let final_url = response.url().clone();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
            .collect();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let validator = Validator {
            etag: validator_header(&response, header::ETAG),
            last_modified: validator_header(&response, header::LAST_MODIFIED),
        };
        let body = match read_capped(response, self.settings.max_response_bytes).await {
            Ok(body) => body,
            Err(ReadError::TooLarge) => {
                return Step::Fail(Failure::Source(SourceError::Http(format!(
                    "response larger than {}",
                    human_bytes(self.settings.max_response_bytes)
                ))));
            }
            Err(ReadError::Transport(e)) => return transport_step(&e, &self.settings),
        };
        if status == StatusCode::OK && request.body.is_none() {
            lock(&self.validators).put(&request.url, validator);
        }
        Step::Done(Fetched::Page(PageResponse {
            url: final_url,
            status: status.as_u16(),
            content_type,
            headers,
            body,
        }))
    }

    /// Whether robots.txt lets us fetch `url` (fetching it the first time its origin is seen).
    async fn check_robots(&self, url: &Url, policy: &Policy) -> Result<(), String> {
        let Some(robots_url) = robots::robots_url(url) else {
            return Ok(());
        };
        let cell = self.robots.cell(robots_url.as_str());
        let rules = cell
            .get_or_init(|| async {
                let rules = self.fetch_robots(&robots_url, policy).await;
                if let Some(delay) = rules.crawl_delay() {
                    self.hosts.set_crawl_delay(&host_key(url), delay).await;
                }
                Arc::new(rules)
            })
            .await;
        rules.check(url)
    }

    /// Fetches and reads a robots.txt, once (no retries), paced like any request to the host.
    async fn fetch_robots(&self, robots_url: &Url, policy: &Policy) -> robots::Rules {
        use robots::Rules;
        let agent = robots::product_token(&self.settings.user_agent);
        let turn = self
            .hosts
            .turn(&host_key(robots_url), policy.min_interval, None)
            .await;
        let sent = self
            .client(policy)
            .get(robots_url.clone())
            .header(header::ACCEPT, "text/plain, */*;q=0.5")
            .send()
            .await;
        drop(turn);
        let response = match sent {
            Ok(r) => r,
            Err(e) => {
                if let Some(p) = find::<PrivateAddress>(&e) {
                    return Rules::Unavailable(p.to_string());
                }
                return Rules::Unavailable(transport_what(&e, &self.settings));
            }
        };
        let status = response.status();
        if status.is_success() {
            return match read_capped(response, robots::MAX_ROBOTS_BYTES).await {
                Ok(body) => Rules::parse(agent, &body),
                Err(ReadError::TooLarge) => Rules::Unavailable(format!(
                    "larger than {}",
                    human_bytes(robots::MAX_ROBOTS_BYTES)
                )),
                Err(ReadError::Transport(e)) => {
                    Rules::Unavailable(transport_what(&e, &self.settings))
                }
            };
        }
        if status.is_client_error() && status != StatusCode::TOO_MANY_REQUESTS {
            return Rules::AllowAll;
        }
        Rules::Unavailable(status_line(status))
    }
}

/// `Accept` for what a request expects.
fn accept(expect: Expect) -> &'static str {
    match expect {
        Expect::Json => "application/json, text/json;q=0.9, */*;q=0.5",
        Expect::Xml => {
            "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
        }
        Expect::Html => "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
    }
}

fn validator_header(response: &reqwest::Response, name: HeaderName) -> Option<String> {
    let v = response.headers().get(name)?.to_str().ok()?;
    (!v.is_empty() && v.len() <= MAX_VALIDATOR_LEN).then(|| v.to_string())
}

/// `HTTP 503 Service Unavailable`.
fn status_line(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("HTTP {} {reason}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    }
}

/// The message for a status that is not retried.
fn status_error(status: StatusCode) -> String {
    match status.as_u16() {
        404 | 410 => format!(
            "not found (HTTP {}): check the board or company name",
            status.as_u16()
        ),
        401 => format!(
            "{}: the source wants authentication (check its API key or token)",
            status_line(status)
        ),
        403 => format!(
            "{}: access refused (missing or wrong credentials, or the source blocks automated clients)",
            status_line(status)
        ),
        _ => status_line(status),
    }
}

/// A bot challenge behind a 403, 429 or 503 (Cloudflare's markers), described.
async fn challenge(response: reqwest::Response, status: StatusCode) -> Option<String> {
    let headers = response.headers();
    let mitigated = headers
        .get("cf-mitigated")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("challenge"));
    let cloudflare = mitigated
        || headers.contains_key("cf-ray")
        || headers
            .get(header::SERVER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains("cloudflare"));
    if !cloudflare {
        return None;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = read_prefix(response, MAX_ERROR_BODY).await;
    let text = String::from_utf8_lossy(&body);
    let markers = [
        "challenge-platform",
        "cf-chl",
        "cf_chl",
        "cf-browser-verification",
    ];
    if !mitigated && !markers.iter().any(|m| text.contains(m)) {
        return None;
    }
    let title = html_instead_of_data(content_type.as_deref(), &text)
        .map(|t| format!(" {t}"))
        .unwrap_or_default();
    Some(format!(
        "Cloudflare challenge ({}){title}",
        status_line(status)
    ))
}

enum ReadError {
    TooLarge,
    Transport(reqwest::Error),
}

/// The body, or [`ReadError::TooLarge`] as soon as it is known to exceed `cap` (from
/// `Content-Length`, or while streaming).
async fn read_capped(mut response: reqwest::Response, cap: u64) -> Result<Vec<u8>, ReadError> {
    if response.content_length().is_some_and(|n| n > cap) {
        return Err(ReadError::TooLarge);
    }
    let hint = response.content_length().unwrap_or(0).min(cap).min(1 << 20);
    let mut body = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        if body.len() as u64 + chunk.len() as u64 > cap {
            return Err(ReadError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// At most `cap` bytes of the body; what could be read.
async fn read_prefix(mut response: reqwest::Response, cap: u64) -> Vec<u8> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = usize::try_from(cap)
            .unwrap_or(usize::MAX)
            .saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() as u64 >= cap {
            break;
        }
    }
    body
}

/// What to do after a transport error.
fn transport_step(e: &reqwest::Error, settings: &HttpSettings) -> Step {
    if let Some(p) = find::<PrivateAddress>(e) {
        return Step::Fail(Failure::Refused(SourceError::Http(p.to_string())));
    }
    if let Some(r) = find::<RedirectRefused>(e) {
        return Step::Fail(Failure::Source(SourceError::Http(r.to_string())));
    }
    let what = transport_what(e, settings);
    if e.is_timeout() || e.is_connect() || e.is_request() || e.is_body() {
        Step::Retry { what, wait: None }
    } else {
        Step::Fail(Failure::Source(SourceError::Http(what)))
    }
}

/// A transport error in a few words, without the URL.
fn transport_what(e: &reqwest::Error, settings: &HttpSettings) -> String {
    if e.is_timeout() {
        let limit = if e.is_connect() {
            settings.connect_timeout
        } else {
            settings.timeout
        };
        format!("timed out (limit {})", human(limit))
    } else if e.is_connect() {
        format!("connection failed ({})", cause(e))
    } else if e.is_decode() {
        format!("could not decode the response ({})", cause(e))
    } else {
        format!("request failed ({})", cause(e))
    }
}

/// The innermost cause of `e`, one line, without the URL.
fn cause(e: &reqwest::Error) -> String {
    let mut last: &dyn StdError = e;
    while let Some(next) = last.source() {
        last = next;
    }
    let text = if std::ptr::addr_eq(last, e as &dyn StdError) {
        e.to_string()
            .replace(e.url().map(Url::as_str).unwrap_or("\u{0}"), "")
    } else {
        last.to_string()
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first error of type `T` in `e`'s source chain.
fn find<'a, T: StdError + 'static>(e: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(t) = err.downcast_ref::<T>() {
            return Some(t);
        }
        current = err.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validator_keys_hide_queries() {
        let u = Url::parse("https://api.ex.com/jobs?api_key=SECRET&page=2").expect("url");
        let key = Validators::key(&u);
        assert!(key.starts_with("https://api.ex.com/jobs?#"));
        assert!(!key.contains("SECRET"));
        let other = Url::parse("https://api.ex.com/jobs?api_key=SECRET&page=3").expect("url");
        assert_ne!(key, Validators::key(&other));
        let plain = Url::parse("https://ex.com/feed.xml").expect("url");
        assert_eq!(Validators::key(&plain), "https://ex.com/feed.xml");
    }

    #[test]
    fn validators_are_bounded() {
        let mut v = Validators::default();
        for i in 0..(MAX_VALIDATORS + 10) {
            let u = Url::parse(&format!("https://ex.com/{i}")).expect("url");
            v.put(
                &u,
                Validator {
                    etag: Some("\"x\"".into()),
                    last_modified: None,
                },
            );
        }
        assert_eq!(v.urls.len(), MAX_VALIDATORS);
    }

    #[test]
    fn status_messages() {
        assert_eq!(
            status_error(StatusCode::NOT_FOUND),
            "not found (HTTP 404): check the board or company name"
        );
        assert!(status_error(StatusCode::UNAUTHORIZED).contains("authentication"));
        assert!(status_error(StatusCode::FORBIDDEN).contains("credentials"));
        assert_eq!(
            status_line(StatusCode::SERVICE_UNAVAILABLE),
            "HTTP 503 Service Unavailable"
        );
    }

    #[test]
    fn default_settings() {
        let s = HttpSettings::default();
        assert!(s.user_agent.starts_with("Vaga/"));
        assert_eq!(s.max_response_bytes, 20 * 1024 * 1024);
        assert_eq!(s.max_retries, 3);
        assert_eq!(s.breaker_threshold, 5);
    }
}
