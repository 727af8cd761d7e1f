//! Replays fixtures for the board adapters: a wiremock server on loopback serves them at each
//! service's real path, a plain `reqwest` client fetches, and the adapter parses, following
//! `page.next` until it ends (or a hard cap, so that a looping adapter fails the test instead of
//! hanging it).

use std::path::PathBuf;

use vaga_sources::{
    Adapter, PageRequest, PageResponse, SourceConfig, SourceError, SourcePosting, build,
};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// More pages than any fixture has: reaching it means the paging loops.
pub const HARD_CAP: usize = 20;

/// A fixture's text.
pub fn fixture(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A fixture as JSON.
pub fn fixture_json(rel: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(rel)).unwrap()
}

/// A configuration of `kind` pointed at `server`, with `options` (a TOML table's body).
pub fn config(kind: &str, server: &MockServer, options: &str) -> SourceConfig {
    let mut cfg: SourceConfig = toml::from_str(&format!("kind = {kind:?}\n{options}")).unwrap();
    cfg.base_url = Some(server.uri().parse().unwrap());
    cfg
}

/// The adapter of a configuration.
pub fn adapter(cfg: &SourceConfig) -> Box<dyn Adapter> {
    build(cfg).unwrap_or_else(|e| panic!("{e}"))
}

/// Serves `body` with `content_type` at `route` (any query).
pub async fn serve(server: &MockServer, route: &str, body: impl Into<Vec<u8>>, content_type: &str) {
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.into(), content_type))
        .mount(server)
        .await;
}

/// Serves `body` as JSON at `route` when query parameter `key` is `value`.
pub async fn serve_page(server: &MockServer, route: &str, key: &str, value: &str, body: String) {
    Mock::given(method("GET"))
        .and(path(route))
        .and(query_param(key, value))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(server)
        .await;
}

/// Serves `body` as JSON at `route` when query parameter `key` is `value`, with `headers`.
pub async fn serve_page_with(
    server: &MockServer,
    route: &str,
    (key, value): (&str, &str),
    body: String,
    headers: &[(&str, String)],
) {
    let mut t = ResponseTemplate::new(200).set_body_raw(body, "application/json");
    for (k, v) in headers {
        t = t.insert_header(*k, v.as_str());
    }
    Mock::given(method("GET"))
        .and(path(route))
        .and(query_param(key, value))
        .respond_with(t)
        .mount(server)
        .await;
}

/// A server that serves nothing yet.
pub async fn server() -> MockServer {
    MockServer::start().await
}

/// The result of a replayed sync.
#[derive(Debug, Default)]
pub struct Run {
    /// The postings, in order.
    pub postings: Vec<SourcePosting>,
    /// The record errors, as `(page, index, reason)`.
    pub errors: Vec<(usize, usize, String)>,
    /// The URLs requested, in order.
    pub requested: Vec<String>,
    /// The last page's `total`.
    pub total: Option<u64>,
}

fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().build().unwrap()
}

async fn fetch(client: &reqwest::Client, req: &PageRequest) -> Result<PageResponse, SourceError> {
    let mut builder = client.get(req.url.clone());
    for (k, v) in &req.headers {
        builder = builder.header(k, v);
    }
    let resp = builder
        .send()
        .await
        .map_err(|e| SourceError::Http(e.to_string()))?;
    let status = resp.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(SourceError::Http(format!("HTTP {status}")));
    }
    let headers: Vec<(String, String)> = resp
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                v.to_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let url = resp.url().clone();
    let body = resp.bytes().await.unwrap().to_vec();
    Ok(PageResponse {
        url,
        status,
        content_type,
        headers,
        body,
    })
}

/// Fetches the adapter's first page and every next one, up to the policy's page cap, as the
/// sync does; fails the test when paging goes past [`HARD_CAP`] pages.
pub async fn run(adapter: &dyn Adapter) -> Result<Run, SourceError> {
    let client = client();
    let mut out = Run::default();
    let mut next = Some(adapter.first()?);
    let mut page_no = 0;
    let cap = adapter.policy().max_pages;
    while let Some(req) = next.take() {
        assert!(
            page_no < HARD_CAP,
            "paging did not end: {:?}",
            out.requested
        );
        if page_no >= cap {
            break;
        }
        out.requested.push(req.url.to_string());
        let resp = fetch(&client, &req).await?;
        let page = adapter.parse(&req, &resp, page_no)?;
        for p in page.postings {
            match p {
                Ok(p) => out.postings.push(p),
                Err(e) => out.errors.push((page_no, e.index, e.reason)),
            }
        }
        out.total = page.total;
        next = page.next;
        page_no += 1;
    }
    Ok(out)
}

/// Parses `body` as the adapter's first response without a server (for the property tests).
pub fn parse_bytes(
    adapter: &dyn Adapter,
    body: Vec<u8>,
    content_type: Option<&str>,
    headers: Vec<(String, String)>,
) -> Result<vaga_sources::Page, SourceError> {
    let req = adapter.first()?;
    let resp = PageResponse {
        url: req.url.clone(),
        status: 200,
        content_type: content_type.map(str::to_string),
        headers,
        body,
    };
    adapter.parse(&req, &resp, 0)
}

/// A Cloudflare-style challenge page.
pub const CHALLENGE: &str = "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title></head><body>Checking your browser</body></html>";

/// Serves a challenge page at `route` and checks the adapter reports it as one.
pub async fn assert_challenge(kind: &str, route: &str, options: &str) {
    let s = server().await;
    serve(&s, route, CHALLENGE, "text/html; charset=UTF-8").await;
    let err = run(adapter(&config(kind, &s, options)).as_ref())
        .await
        .unwrap_err();
    assert!(matches!(err, SourceError::Challenge(_)), "{kind}: {err:?}");
}

/// Serves a truncated document at `route` and checks the adapter reports it malformed.
pub async fn assert_malformed(kind: &str, route: &str, options: &str, body: &str, ct: &str) {
    let s = server().await;
    serve(&s, route, body.to_string(), ct).await;
    let err = run(adapter(&config(kind, &s, options)).as_ref())
        .await
        .unwrap_err();
    assert!(matches!(err, SourceError::Malformed(_)), "{kind}: {err:?}");
}
