//! `spawn_app`: the real service on a loopback port (port 0), over a fresh database of each
//! backend, with a clock the test moves.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, Once};

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use vaga_server::{AppState, ServerConfig};
use vaga_storage::Store;
use vaga_storage::testing::TestDb;

pub use vaga_storage::testing::each_backend;

/// The server's secret in tests (32 bytes).
pub const SECRET: &[u8] = b"test secret of thirty-two bytes!";

/// A password the policy accepts.
pub const PASSWORD: &str = "correct horse battery staple 42";

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub store: Store,
    clock: Arc<Mutex<DateTime<Utc>>>,
    stop: Option<oneshot::Sender<()>>,
    handle: Option<JoinHandle<()>>,
}

fn install_crypto() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Starts the service on `db` with default settings.
pub async fn spawn_app(db: &TestDb) -> TestApp {
    spawn_with(db, |_| {}).await
}

/// Starts the service on `db` with settings changed by `configure`.
pub async fn spawn_with(db: &TestDb, configure: impl FnOnce(&mut ServerConfig)) -> TestApp {
    install_crypto();
    let store = db.open().await;
    let mut config = ServerConfig::new(vaga_auth::SecretKey::new(SECRET.to_vec()).unwrap());
    configure(&mut config);
    let clock = Arc::new(Mutex::new(Utc::now()));
    let c = Arc::clone(&clock);
    let state = AppState::with_clock(store.clone(), config, Arc::new(move || *c.lock().unwrap()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let (tx, rx) = oneshot::channel::<()>();
    let handle = tokio::spawn(async move {
        vaga_server::serve(listener, state, async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    TestApp {
        base: format!("http://{addr}"),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        store,
        clock,
        stop: Some(tx),
        handle: Some(handle),
    }
}

/// A logged-in user.
#[derive(Debug, Clone)]
pub struct Session {
    pub access: String,
    pub refresh: String,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Moves the service's clock.
    pub fn advance(&self, by: Duration) {
        let mut t = self.clock.lock().unwrap();
        *t += by;
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut r = self.client.get(self.url(path));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r.send().await.unwrap()
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> reqwest::Response {
        let mut r = self.client.request(method, self.url(path)).json(body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r.send().await.unwrap()
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> reqwest::Response {
        self.send(reqwest::Method::POST, path, token, body).await
    }

    /// Registers `email` (name "Test User", [`PASSWORD`]) and answers the status.
    pub async fn register(&self, email: &str) -> reqwest::StatusCode {
        self.post(
            "/api/v1/auth/register",
            None,
            &json!({ "email": email, "password": PASSWORD, "name": "Test User" }),
        )
        .await
        .status()
    }

    pub async fn login(&self, email: &str) -> Session {
        let res = self
            .post(
                "/api/v1/auth/login",
                None,
                &json!({ "email": email, "password": PASSWORD }),
            )
            .await;
        assert_eq!(res.status(), 200, "login of {email}");
        let body: Value = res.json().await.unwrap();
        Session {
            access: body["access_token"].as_str().unwrap().to_owned(),
            refresh: body["refresh_token"].as_str().unwrap().to_owned(),
        }
    }

    /// Registers and logs in.
    pub async fn user(&self, email: &str) -> Session {
        assert_eq!(self.register(email).await, 201, "register {email}");
        self.login(email).await
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.handle.take() {
            h.await.unwrap();
        }
        self.store.close().await;
    }
}

/// Asserts the error body's shape and code, and answers the body.
pub async fn expect_error(res: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(res.status().as_u16(), status, "status");
    let id = res
        .headers()
        .get("x-request-id")
        .map(|v| v.to_str().unwrap().to_owned());
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");
    assert!(id.is_some(), "x-request-id header");
    assert_eq!(
        body["error"]["request_id"].as_str(),
        id.as_deref(),
        "{body}"
    );
    body
}
