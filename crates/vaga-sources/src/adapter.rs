//! The contract between a source and the code that fetches it.
//!
//! An [`Adapter`] is pure: it builds requests and parses responses, and never does IO itself, so
//! it can be tested on stored responses and driven by any fetcher.

use std::time::Duration;

use serde::Serialize;
use url::Url;

use crate::posting::SourcePosting;

/// An HTTP request an adapter wants made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// `GET` unless `body` is set (then `POST`).
    pub url: Url,
    /// Extra request headers (an auth header, `Accept`). Values may hold secrets: never log them.
    pub headers: Vec<(String, String)>,
    /// A JSON or form body; the request is a `POST` when present.
    pub body: Option<Vec<u8>>,
    /// What the response should be, so that a challenge or login page is told apart from data.
    pub expect: Expect,
}

impl PageRequest {
    /// A `GET` of `url` expecting `expect`.
    pub fn get(url: Url, expect: Expect) -> Self {
        PageRequest {
            url,
            headers: Vec::new(),
            body: None,
            expect,
        }
    }
}

/// What kind of document a request should return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    /// JSON.
    Json,
    /// RSS, Atom or other XML.
    Xml,
    /// An HTML page.
    Html,
}

/// A response as the fetcher got it.
#[derive(Debug, Clone)]
pub struct PageResponse {
    /// The URL finally answered (after redirects).
    pub url: Url,
    /// HTTP status (2xx: other statuses are errors before an adapter sees them).
    pub status: u16,
    /// The `Content-Type` header, when sent.
    pub content_type: Option<String>,
    /// Response headers, names lower-case, in order (`link` for GitHub-style paging).
    pub headers: Vec<(String, String)>,
    /// The body, decompressed, at most the configured size.
    pub body: Vec<u8>,
}

impl PageResponse {
    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What a fetch gave: a page, or "not modified since last time" (a conditional request answered
/// 304: the postings seen last time stand).
#[derive(Debug, Clone)]
pub enum Fetched {
    /// A 2xx response.
    Page(PageResponse),
    /// 304 Not Modified.
    NotModified,
}

/// What one page gave.
#[derive(Debug, Default)]
pub struct Page {
    /// One entry per record on the page, in order: a posting, or why that record was skipped.
    pub postings: Vec<Result<SourcePosting, RecordError>>,
    /// The next page to fetch, if any.
    pub next: Option<PageRequest>,
    /// The number of records the source says it has in all, when it says.
    pub total: Option<u64>,
}

/// Why one record of a page was skipped. The rest of the page goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("record {index}: {reason}")]
pub struct RecordError {
    /// The record's position on its page (0-based).
    pub index: usize,
    /// What was wrong, in one line.
    pub reason: String,
}

impl RecordError {
    /// A record error.
    pub fn new(index: usize, reason: impl Into<String>) -> Self {
        RecordError {
            index,
            reason: reason.into(),
        }
    }
}

/// Why a whole page or source failed. One line, for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    /// The response is not the document expected (malformed JSON or XML, a wrong shape).
    #[error("malformed response: {0}")]
    Malformed(String),
    /// The source answered with an HTML page where data was expected: a bot challenge, a login
    /// wall or an error page.
    #[error("got an HTML page instead of data (a bot challenge, login or error page?): {0}")]
    Challenge(String),
    /// The source's own error object (`{"ok": false, "error": …}`).
    #[error("the source reported an error: {0}")]
    Reported(String),
    /// The HTTP exchange failed (status, timeout, connection, size cap, circuit open…).
    #[error("{0}")]
    Http(String),
    /// The source is misconfigured.
    #[error("configuration: {0}")]
    Config(String),
}

/// How politely a source is fetched. Built-ins set what their terms ask; configured sources may
/// override it.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Least time between two requests to the same host.
    pub min_interval: Duration,
    /// An extra random wait before each request, between these bounds (scrapers).
    pub delay_range: Option<(Duration, Duration)>,
    /// Most pages fetched in one sync.
    pub max_pages: usize,
    /// Check robots.txt before fetching (scrapers and JSON-LD career pages).
    pub obey_robots: bool,
    /// Private, loopback and link-local addresses may be fetched (built-ins with a `base_url`
    /// override, and user sources when the configuration allows it).
    pub allow_private: bool,
    /// The least time between two syncs of this source that its terms allow (Remotive: a few a
    /// day). `None`: no limit.
    pub min_sync_interval: Option<Duration>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            min_interval: Duration::from_secs(1),
            delay_range: None,
            max_pages: 50,
            obey_robots: false,
            allow_private: false,
            min_sync_interval: None,
        }
    }
}

/// One source: a board, an ATS board, a feed, an API or a scraper.
pub trait Adapter: Send + Sync {
    /// The source's name (unique in the configuration).
    fn name(&self) -> &str;
    /// The kind (`remotive`, `greenhouse`, `rss`, `json_api`…).
    fn kind(&self) -> &'static str;
    /// How to fetch it.
    fn policy(&self) -> Policy;
    /// The first request of a sync.
    fn first(&self) -> Result<PageRequest, SourceError>;
    /// Parses one response: the postings on it and the next request. `page` is 0 for the
    /// response to [`Adapter::first`].
    fn parse(
        &self,
        request: &PageRequest,
        response: &PageResponse,
        page: usize,
    ) -> Result<Page, SourceError>;
    /// A request for the posting's full record, when the list lacks fields (SmartRecruiters,
    /// Workable). Default: none.
    fn detail(&self, _posting: &SourcePosting) -> Option<PageRequest> {
        None
    }
    /// Completes a posting from its detail response. Default: nothing to do.
    fn apply_detail(
        &self,
        _posting: &mut SourcePosting,
        _response: &PageResponse,
    ) -> Result<(), SourceError> {
        Ok(())
    }
}
