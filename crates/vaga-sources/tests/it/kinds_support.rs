//! Test support for the configurable kinds: fetch an adapter's requests from a wiremock server on
//! loopback with a plain reqwest client (the crate's fetcher is tested on its own) and follow
//! `page.next` to the end.

use std::path::PathBuf;

use vaga_sources::{
    Adapter, Page, PageRequest, PageResponse, RecordError, SourceConfig, SourceError, SourcePosting,
};

/// A fixture file of `tests/fixtures/`.
pub fn fixture(rel: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A source configuration from TOML (one `[[sources]]` table's body).
pub fn config(toml_text: &str) -> SourceConfig {
    toml::from_str(toml_text).unwrap_or_else(|e| panic!("bad test config: {e}\n{toml_text}"))
}

/// One client for a test.
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .user_agent("vaga-tests")
        .build()
        .expect("client")
}

/// Makes `request` (a `POST` when it has a body).
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
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
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

/// What a run of a source gave.
#[derive(Debug, Default)]
pub struct Run {
    /// Every request made, in order.
    pub requests: Vec<PageRequest>,
    /// Every posting, in order.
    pub postings: Vec<SourcePosting>,
    /// Every skipped record.
    pub errors: Vec<RecordError>,
    /// The last page's `total`.
    pub total: Option<u64>,
}

/// Runs `adapter` from its first request, following `next` (at most its policy's `max_pages`
/// and never more than 50 pages, so that a paging bug fails the test instead of hanging it).
pub async fn run(adapter: &dyn Adapter) -> Result<Run, SourceError> {
    let client = client();
    let mut out = Run::default();
    let mut request = Some(adapter.first()?);
    let mut page_no = 0;
    while let Some(req) = request.take() {
        assert!(page_no < 50, "paging did not stop: {:?}", out.requests);
        let response = fetch(&client, &req).await?;
        let Page {
            postings,
            next,
            total,
        } = adapter.parse(&req, &response, page_no)?;
        out.requests.push(req);
        for p in postings {
            match p {
                Ok(p) => out.postings.push(p),
                Err(e) => out.errors.push(e),
            }
        }
        out.total = total.or(out.total);
        page_no += 1;
        if page_no >= adapter.policy().max_pages {
            break;
        }
        request = next;
    }
    Ok(out)
}

/// Completes every posting that has a detail request (as the sync does).
pub async fn details(adapter: &dyn Adapter, postings: &mut [SourcePosting]) -> Vec<SourceError> {
    let client = client();
    let mut errors = Vec::new();
    for p in postings.iter_mut() {
        let Some(req) = adapter.detail(p) else {
            continue;
        };
        let result = match fetch(&client, &req).await {
            Ok(response) => adapter.apply_detail(p, &response),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    errors
}

/// A response built by hand, for the proptests and unit-style checks.
pub fn response(url: &str, content_type: Option<&str>, body: Vec<u8>) -> PageResponse {
    PageResponse {
        url: url.parse().expect("url"),
        status: 200,
        content_type: content_type.map(str::to_string),
        headers: Vec::new(),
        body,
    }
}
