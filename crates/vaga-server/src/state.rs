//! The server's settings and shared state.

use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use vaga_auth::{
    CsrfKey, LoginThrottle, PasswordHasher, PasswordPolicy, SecretKey, ThrottleConfig, TokenIssuer,
};
use vaga_storage::Store;

/// Settings of the HTTP service.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Signs access tokens and CSRF tokens (at least 32 bytes).
    pub secret: Arc<SecretKey>,
    /// Access-token lifetime.
    pub access_ttl: Duration,
    /// Refresh-token lifetime.
    pub refresh_ttl: Duration,
    /// Cookies get `Secure` (set when the service is reached over HTTPS).
    pub secure_cookies: bool,
    /// Origins allowed by CORS; empty means same-origin only (no CORS headers).
    pub cors_origins: Vec<String>,
    /// Largest JSON body.
    pub body_limit: usize,
    /// Largest resume upload.
    pub upload_limit: usize,
    /// Longest time a request may take.
    pub request_timeout: Duration,
    /// Trust `X-Forwarded-For` for the client address (only behind a proxy you run).
    pub trust_forwarded_for: bool,
    /// The demo user's login, shown on the start page when the demo is loaded.
    pub demo_login: Option<(String, String)>,
}

impl ServerConfig {
    /// Defaults around a secret.
    pub fn new(secret: SecretKey) -> Self {
        ServerConfig {
            secret: Arc::new(secret),
            access_ttl: Duration::from_secs(vaga_auth::token::DEFAULT_ACCESS_TTL_SECS),
            refresh_ttl: Duration::from_secs(vaga_auth::refresh::DEFAULT_REFRESH_TTL_SECS),
            secure_cookies: false,
            cors_origins: Vec::new(),
            body_limit: 1 << 20,
            upload_limit: 10 << 20,
            request_timeout: Duration::from_secs(30),
            trust_forwarded_for: false,
            demo_login: None,
        }
    }
}

/// The clock the service reads (tests move it).
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Shared by every request. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub store: Store,
    pub config: ServerConfig,
    pub tokens: TokenIssuer,
    pub csrf: CsrfKey,
    pub hasher: PasswordHasher,
    pub policy: PasswordPolicy,
    pub throttle: Mutex<LoginThrottle<(String, Option<IpAddr>)>>,
    pub clock: Clock,
    pub version: &'static str,
}

impl AppState {
    /// State over an open store.
    pub fn new(store: Store, config: ServerConfig) -> Self {
        Self::with_clock(store, config, Arc::new(Utc::now))
    }

    /// State with another clock (tests).
    pub fn with_clock(store: Store, config: ServerConfig, clock: Clock) -> Self {
        let tokens = TokenIssuer::new(&config.secret.derive("vaga access v1"), "vaga", "vaga-api")
            .with_ttl(config.access_ttl.as_secs().max(1));
        // One configured secret, two independent keys.
        let csrf = CsrfKey::new(config.secret.derive("vaga csrf v1"));
        AppState {
            inner: Arc::new(Inner {
                store,
                tokens,
                csrf,
                hasher: PasswordHasher::default(),
                policy: PasswordPolicy::default(),
                throttle: Mutex::new(LoginThrottle::new(ThrottleConfig::default())),
                clock,
                config,
                version: env!("CARGO_PKG_VERSION"),
            }),
        }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Now, truncated to microseconds (both databases keep that precision).
    pub fn now(&self) -> DateTime<Utc> {
        (self.inner.clock)().trunc_subsecs(6)
    }
}
