//! Test support for the ATS-board adapters: configurations pointed at a wiremock server, fixtures,
//! and a small driver that fetches with a plain `reqwest` client and follows `Page::next` (the
//! polite fetcher is tested on its own).

use std::path::PathBuf;

use vaga_sources::{
    Adapter, PageRequest, PageResponse, RecordError, SourceConfig, SourceError, SourcePosting,
};
use wiremock::MockServer;

/// A fixture's bytes (`tests/fixtures/<kind>/<file>`).
pub fn fixture(kind: &str, file: &str) -> Vec<u8> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", kind, file]
        .iter()
        .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fixture as JSON, to derive variants from.
pub fn fixture_json(kind: &str, file: &str) -> serde_json::Value {
    serde_json::from_slice(&fixture(kind, file)).unwrap()
}

/// A configuration of `kind` with `options` (TOML), its `base_url` on `server`.
pub fn config(kind: &str, options: &str, server: &MockServer) -> SourceConfig {
    let mut cfg = SourceConfig::of_kind(kind);
    cfg.options = toml::from_str(options).unwrap();
    cfg.base_url = Some(server.uri().parse().unwrap());
    cfg
}

/// The adapter a configuration builds.
pub fn adapter(cfg: &SourceConfig) -> Box<dyn Adapter> {
    vaga_sources::build(cfg).unwrap_or_else(|e| panic!("{e}"))
}

/// A client for loopback (no proxy, no redirects beyond a few).
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .unwrap()
}

/// Makes one request as the fetcher would, for a 2xx answer; other statuses are `Http` errors.
pub async fn fetch(
    client: &reqwest::Client,
    request: &PageRequest,
) -> Result<PageResponse, SourceError> {
    let mut builder = match &request.body {
        Some(body) => client.post(request.url.clone()).body(body.clone()),
        None => client.get(request.url.clone()),
    };
    for (k, v) in &request.headers {
        builder = builder.header(k, v);
    }
    let response = builder
        .send()
        .await
        .map_err(|e| SourceError::Http(e.to_string()))?;
    let status = response.status().as_u16();
    let url = response.url().clone();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                v.to_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let content_type = headers
        .iter()
        .find(|(k, _)| k == "content-type")
        .map(|(_, v)| v.clone());
    let body = response
        .bytes()
        .await
        .map_err(|e| SourceError::Http(e.to_string()))?
        .to_vec();
    if !(200..300).contains(&status) {
        return Err(SourceError::Http(format!("HTTP {status}")));
    }
    Ok(PageResponse {
        url,
        status,
        content_type,
        headers,
        body,
    })
}

/// What a sync of one source gave.
#[derive(Debug, Default)]
pub struct Run {
    /// Every record's result, pages in order.
    pub records: Vec<Result<SourcePosting, RecordError>>,
    /// Pages fetched.
    pub pages: usize,
    /// The last `total` a page stated.
    pub total: Option<u64>,
    /// The requests made, in order.
    pub urls: Vec<String>,
}

impl Run {
    /// The postings (record errors dropped).
    pub fn postings(&self) -> Vec<&SourcePosting> {
        self.records
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .collect()
    }

    /// The record errors.
    pub fn errors(&self) -> Vec<&RecordError> {
        self.records
            .iter()
            .filter_map(|r| r.as_ref().err())
            .collect()
    }

    /// The posting with this external id.
    pub fn get(&self, external_id: &str) -> &SourcePosting {
        self.postings()
            .into_iter()
            .find(|p| p.external_id == external_id)
            .unwrap_or_else(|| panic!("no posting {external_id} in {:?}", self.records))
    }
}

/// Syncs one source: `first`, then `parse` and `next` until none or the policy's page cap.
/// Details are fetched and applied for every posting when the adapter asks for them.
pub async fn run(adapter: &dyn Adapter) -> Result<Run, SourceError> {
    let client = client();
    let max_pages = adapter.policy().max_pages;
    let mut run = Run::default();
    let mut request = Some(adapter.first()?);
    while let Some(req) = request.take() {
        if run.pages >= max_pages {
            break;
        }
        run.urls.push(req.url.to_string());
        let response = fetch(&client, &req).await?;
        let page = adapter.parse(&req, &response, run.pages)?;
        run.pages += 1;
        run.total = page.total.or(run.total);
        for mut record in page.postings {
            if let Ok(posting) = &mut record
                && let Some(detail) = adapter.detail(posting)
            {
                run.urls.push(detail.url.to_string());
                let response = fetch(&client, &detail).await?;
                adapter.apply_detail(posting, &response)?;
            }
            run.records.push(record);
        }
        request = page.next;
    }
    Ok(run)
}

/// A JSON response template.
pub fn json_body(body: impl Into<Vec<u8>>) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(200).set_body_raw(body.into(), "application/json")
}

/// An HTML response template.
pub fn html_body(body: impl Into<Vec<u8>>) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(200).set_body_raw(body.into(), "text/html; charset=utf-8")
}

/// A bot-challenge page as a CDN serves it.
pub const CHALLENGE: &str = "<!DOCTYPE html><html><head><title>Just a moment...</title></head>\
<body><div id=\"challenge-running\">Checking your browser</div></body></html>";
