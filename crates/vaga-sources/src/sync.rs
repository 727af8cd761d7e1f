//! Syncing sources: fetch many concurrently, hand their postings to a sink, report per source.
//!
//! [`sync`] fetches every source's pages (bounded concurrency; the fetcher spaces requests per
//! host), follows each adapter's paging until it ends, loops, hits its page cap or the source's
//! deadline, and then hands the postings to a [`PostingSink`] one source at a time, in the order
//! the sources were given, so the result does not depend on which server answered first. A
//! source that fails (an HTTP error, a timeout, a malformed or challenge page) is reported with
//! its error and the others carry on; one bad record never stops its page.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use futures::stream::{self, StreamExt};
use serde::Serialize;

use crate::adapter::{Adapter, Fetched, PageRequest, Policy, SourceError};
use crate::posting::SourcePosting;

/// The fetching side, as the sync sees it: [`crate::http::Fetcher`] in the product.
pub trait Fetch: Send + Sync {
    /// Fetches one request of `source` under its policy.
    fn fetch<'a>(
        &'a self,
        source: &'a str,
        policy: &'a Policy,
        request: &'a PageRequest,
    ) -> BoxFuture<'a, Result<Fetched, SourceError>>;
}

/// What a sink did with one posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Not seen before: stored.
    New,
    /// Seen before under the same id, and changed: replaced.
    Updated,
    /// Seen before under the same id, unchanged.
    Unchanged,
    /// The same posting as one already stored under another id (another source, a repost).
    Duplicate,
}

/// Where postings land: a JSON Lines file, a database.
pub trait PostingSink {
    /// Stores one posting (normalising and deduplicating as the sink sees fit).
    fn accept(&mut self, posting: SourcePosting) -> Result<Outcome, String>;
}

/// Hears about progress, for progress bars and logs. Every method defaults to nothing.
pub trait Progress: Send + Sync {
    /// A source starts.
    fn started(&self, _source: &str) {}
    /// A page of `source` gave `postings` postings.
    fn page(&self, _source: &str, _page: usize, _postings: usize) {}
    /// A source is done fetching.
    fn fetched(&self, _source: &str, _error: Option<&str>) {}
}

/// No progress reporting.
#[derive(Debug, Default, Clone, Copy)]
pub struct Quiet;

impl Progress for Quiet {}

/// How a sync runs.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Sources fetched at the same time.
    pub concurrency: usize,
    /// Longest time one source may take, all its pages and details included. What it gathered
    /// before that is kept; the timeout is reported.
    pub source_timeout: Duration,
    /// Most detail requests per source (adapters whose lists lack descriptions).
    pub max_details: usize,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            concurrency: 4,
            source_timeout: Duration::from_secs(300),
            max_details: 200,
        }
    }
}

/// One source to sync.
pub struct Job<'a> {
    /// The adapter.
    pub adapter: &'a dyn Adapter,
    /// Its policy (the adapter's, with configuration overrides applied).
    pub policy: Policy,
    /// When set, the source is not fetched and is reported as skipped with this reason (its terms
    /// allow fewer syncs, it is disabled…).
    pub skip: Option<String>,
}

/// What a sync did for one source. Serialises in the CLI contract's report shape.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SourceReport {
    /// The source's name.
    pub name: String,
    /// Its kind.
    pub kind: String,
    /// Postings read (bad records not counted).
    pub found: usize,
    /// Postings stored for the first time.
    pub new: usize,
    /// Postings stored before, changed since.
    pub updated: usize,
    /// Postings stored before, unchanged.
    pub unchanged: usize,
    /// Postings already stored under another id.
    pub duplicates: usize,
    /// Records skipped because they could not be read.
    pub skipped: usize,
    /// What went wrong, one line each; empty when all went well.
    pub errors: Vec<String>,
    /// Pages fetched.
    pub pages: usize,
    /// Whether the source answered "not modified" (nothing new since the last sync).
    pub not_modified: bool,
    /// Why the source was not fetched, when it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped_because: Option<String>,
    /// Milliseconds spent fetching it.
    pub duration_ms: u64,
}

impl SourceReport {
    /// Whether the source failed outright (an error and nothing found).
    pub fn failed(&self) -> bool {
        !self.errors.is_empty() && self.found == 0 && !self.not_modified
    }
}

/// The totals over all sources.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    /// Postings read.
    pub found: usize,
    /// Stored for the first time.
    pub new: usize,
    /// Changed since the last sync.
    pub updated: usize,
    /// Already stored under another id.
    pub duplicates: usize,
}

/// The whole sync's report: `{"sources": [...], "total": {...}}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncReport {
    /// One entry per source, in the order given.
    pub sources: Vec<SourceReport>,
    /// Totals.
    pub total: Totals,
}

/// Most record errors quoted per source (the rest are counted in `skipped`).
const QUOTED_RECORD_ERRORS: usize = 5;

/// What fetching one source gathered.
struct Gathered {
    report: SourceReport,
    postings: Vec<SourcePosting>,
}

/// Syncs `jobs`: fetches them with at most `options.concurrency` at once, then hands each
/// source's postings to `sink` in the order of `jobs`.
pub async fn sync(
    jobs: &[Job<'_>],
    fetcher: &dyn Fetch,
    sink: &mut dyn PostingSink,
    options: &SyncOptions,
    progress: &dyn Progress,
) -> SyncReport {
    let concurrency = options.concurrency.max(1);
    let mut gathered: Vec<(usize, Gathered)> = stream::iter(jobs.iter().enumerate())
        .map(|(i, job)| async move { (i, gather(job, fetcher, options, progress).await) })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    gathered.sort_by_key(|(i, _)| *i);

    let mut out = SyncReport::default();
    for (
        _,
        Gathered {
            mut report,
            postings,
        },
    ) in gathered
    {
        store(&mut report, postings, sink);
        out.total.found += report.found;
        out.total.new += report.new;
        out.total.updated += report.updated;
        out.total.duplicates += report.duplicates;
        out.sources.push(report);
    }
    out
}

/// Hands one source's postings to the sink, counting outcomes.
fn store(report: &mut SourceReport, postings: Vec<SourcePosting>, sink: &mut dyn PostingSink) {
    let mut sink_errors = 0usize;
    for posting in postings {
        let id = posting.id.clone();
        match sink.accept(posting) {
            Ok(Outcome::New) => report.new += 1,
            Ok(Outcome::Updated) => report.updated += 1,
            Ok(Outcome::Unchanged) => report.unchanged += 1,
            Ok(Outcome::Duplicate) => report.duplicates += 1,
            Err(e) => {
                sink_errors += 1;
                if sink_errors <= QUOTED_RECORD_ERRORS {
                    report.errors.push(format!("posting {id}: {e}"));
                }
            }
        }
    }
    if sink_errors > QUOTED_RECORD_ERRORS {
        report.errors.push(format!(
            "{} more postings could not be stored",
            sink_errors - QUOTED_RECORD_ERRORS
        ));
    }
}

/// Fetches every page of one source (and details), within its deadline.
async fn gather(
    job: &Job<'_>,
    fetcher: &dyn Fetch,
    options: &SyncOptions,
    progress: &dyn Progress,
) -> Gathered {
    let adapter = job.adapter;
    let mut report = SourceReport {
        name: adapter.name().to_string(),
        kind: adapter.kind().to_string(),
        ..SourceReport::default()
    };
    if let Some(reason) = &job.skip {
        report.skipped_because = Some(reason.clone());
        return Gathered {
            report,
            postings: Vec::new(),
        };
    }
    progress.started(adapter.name());
    let started = Instant::now();
    let deadline = started + options.source_timeout;
    let mut postings: Vec<SourcePosting> = Vec::new();
    let mut record_errors: Vec<String> = Vec::new();
    let error = fetch_pages(
        job,
        fetcher,
        deadline,
        &mut report,
        &mut postings,
        &mut record_errors,
        progress,
    )
    .await
    .err();
    if let Some(e) = &error {
        report.errors.push(e.clone());
    }
    if error.is_none() {
        fetch_details(job, fetcher, options, deadline, &mut postings, &mut report).await;
    }
    report.skipped = record_errors.len();
    let quoted = record_errors.len().min(QUOTED_RECORD_ERRORS);
    for e in record_errors.drain(..quoted) {
        report.errors.push(format!("skipped {e}"));
    }
    if !record_errors.is_empty() {
        report.errors.push(format!(
            "skipped {} more records that could not be read",
            record_errors.len()
        ));
    }
    report.found = postings.len();
    report.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    progress.fetched(adapter.name(), error.as_deref());
    Gathered { report, postings }
}

/// Follows the adapter's pages. Postings and record errors gathered before a failure are kept;
/// the failure is returned as one line.
async fn fetch_pages(
    job: &Job<'_>,
    fetcher: &dyn Fetch,
    deadline: Instant,
    report: &mut SourceReport,
    postings: &mut Vec<SourcePosting>,
    record_errors: &mut Vec<String>,
    progress: &dyn Progress,
) -> Result<(), String> {
    let adapter = job.adapter;
    let name = adapter.name();
    let mut request = adapter.first().map_err(|e| e.to_string())?;
    let mut requested: HashSet<String> = HashSet::new();
    let mut ids: HashSet<String> = HashSet::new();
    let max_pages = job.policy.max_pages.max(1);
    for page in 0.. {
        if page >= max_pages {
            tracing::info!(source = name, pages = page, "stopped at the page cap");
            break;
        }
        if !requested.insert(request_key(&request)) {
            return Err(format!(
                "pagination loops: page {} repeats an earlier request; stopped",
                page + 1
            ));
        }
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(timed_out(page));
        }
        let fetched =
            match tokio::time::timeout(remaining, fetcher.fetch(name, &job.policy, &request)).await
            {
                Ok(result) => result.map_err(|e| on_page(page, &e))?,
                Err(_) => return Err(timed_out(page)),
            };
        let response = match fetched {
            Fetched::Page(response) => response,
            Fetched::NotModified => {
                if page == 0 {
                    report.not_modified = true;
                }
                break;
            }
        };
        report.pages += 1;
        let parsed = adapter
            .parse(&request, &response, page)
            .map_err(|e| on_page(page, &e))?;
        let mut fresh = 0usize;
        let mut read = 0usize;
        for item in parsed.postings {
            match item {
                Ok(posting) => {
                    read += 1;
                    if ids.insert(posting.id.clone()) {
                        fresh += 1;
                        postings.push(posting);
                    }
                }
                Err(e) => record_errors.push(format!("page {}: {e}", page + 1)),
            }
        }
        progress.page(name, page, fresh);
        if read > 0 && fresh == 0 && page > 0 {
            return Err(format!(
                "pagination loops: page {} holds only postings already read; stopped",
                page + 1
            ));
        }
        match parsed.next {
            Some(next) => request = next,
            None => break,
        }
    }
    Ok(())
}

/// Completes postings whose adapter has a detail request, within the deadline. A failed detail
/// leaves its posting as the list gave it and is reported.
async fn fetch_details(
    job: &Job<'_>,
    fetcher: &dyn Fetch,
    options: &SyncOptions,
    deadline: Instant,
    postings: &mut [SourcePosting],
    report: &mut SourceReport,
) {
    let adapter = job.adapter;
    let mut done = 0usize;
    let mut failures: Vec<String> = Vec::new();
    for posting in postings.iter_mut() {
        let Some(request) = adapter.detail(posting) else {
            continue;
        };
        if done >= options.max_details {
            break;
        }
        done += 1;
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            failures.push("details: the source's time ran out".to_string());
            break;
        }
        let fetched = tokio::time::timeout(
            remaining,
            fetcher.fetch(adapter.name(), &job.policy, &request),
        )
        .await;
        let result = match fetched {
            Ok(Ok(Fetched::Page(response))) => adapter
                .apply_detail(posting, &response)
                .map_err(|e| e.to_string()),
            Ok(Ok(Fetched::NotModified)) => Ok(()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err("timed out".to_string()),
        };
        if let Err(e) = result {
            failures.push(format!("details of {}: {e}", posting.id));
        }
    }
    let quoted = failures.len().min(QUOTED_RECORD_ERRORS);
    let more = failures.len() - quoted;
    report.errors.extend(failures.into_iter().take(quoted));
    if more > 0 {
        report
            .errors
            .push(format!("{more} more detail requests failed"));
    }
}

/// A request's identity for loop detection: method, URL and body.
fn request_key(request: &PageRequest) -> String {
    let mut key = request.url.as_str().to_string();
    if let Some(body) = &request.body {
        key.push(' ');
        key.push_str(&String::from_utf8_lossy(body));
    }
    key
}

fn on_page(page: usize, error: &SourceError) -> String {
    if page == 0 {
        error.to_string()
    } else {
        format!("page {}: {error}", page + 1)
    }
}

fn timed_out(page: usize) -> String {
    format!(
        "timed out (the source's time ran out after {page} page{})",
        if page == 1 { "" } else { "s" }
    )
}

impl Fetch for crate::http::Fetcher {
    fn fetch<'a>(
        &'a self,
        source: &'a str,
        policy: &'a Policy,
        request: &'a PageRequest,
    ) -> BoxFuture<'a, Result<Fetched, SourceError>> {
        Box::pin(crate::http::Fetcher::fetch(self, source, policy, request))
    }
}
