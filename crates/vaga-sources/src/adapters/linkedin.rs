//! LinkedIn guest job search, **opt-in and best effort**:
//! `GET https://www.linkedin.com/jobs-guest/jobs/api/seeMoreJobPostings/search?keywords={query}&location={location}&start=N`
//! (`f_WT=2` added for remote jobs).
//!
//! This is the endpoint LinkedIn's public job-search page loads its result cards from, as
//! open-source tools use it; it is not a documented API. Reading it automatically may be against
//! LinkedIn's User Agreement, and LinkedIn's robots.txt does not allow general crawlers, so this
//! adapter is off unless configured, and enabling it is the user's decision and responsibility.
//! It is deliberately slow (at least 3 s between requests plus a random 1–4 s) and stops at
//! `start` 1000, as the public page does.
//!
//! The answer is an HTML fragment of cards `div.base-search-card`: link
//! `a.base-card__full-link[href]` (the job id is the card's `data-entity-urn`, or the last `-`
//! segment of the link), title `h3.base-search-card__title`, company
//! `h4.base-search-card__subtitle`, location `span.job-search-card__location`, date
//! `time[datetime]`, salary `span.job-search-card__salary-info`. Pages hold 25 cards; an empty
//! page ends the search. A redirect to a sign-up, login or "authwall" page is
//! [`SourceError::Challenge`].
//!
//! ```toml
//! [[sources]]
//! name = "linkedin-data-br"
//! kind = "linkedin"
//! enabled = true
//! query = "data engineer"
//! location = "Brazil"       # optional
//! remote = true             # optional: remote jobs only (f_WT=2)
//! ```

use std::time::Duration;

use scraper::{ElementRef, Html, Selector};
use serde::Deserialize;
use serde_json::json;

use crate::adapter::{
    Adapter, Expect, Page, PageRequest, PageResponse, Policy, RecordError, SourceError,
};
use crate::adapters::ats_common::{MAX_HTML_BYTES, builtin_policy, challenge_page, one_line};
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The kind name.
pub const KIND: &str = "linkedin";

/// Cards per page.
const PAGE_SIZE: usize = 25;

/// The last `start` the search serves.
const MAX_START: usize = 1000;

/// Most cards read from one page.
const MAX_CARDS: usize = 200;

/// A LinkedIn guest job search.
#[derive(Debug, Clone)]
pub struct LinkedIn {
    config: SourceConfig,
    query: String,
    location: Option<String>,
    remote: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    query: String,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    remote: Option<bool>,
}

/// The selectors of a card.
struct Selectors {
    card: Selector,
    link: Selector,
    title: Selector,
    title_alt: Selector,
    company: Selector,
    location: Selector,
    date: Selector,
    salary: Selector,
}

impl Selectors {
    fn new() -> Result<Self, SourceError> {
        let s = |css: &str| {
            Selector::parse(css).map_err(|e| SourceError::Malformed(format!("selector {css}: {e}")))
        };
        Ok(Selectors {
            card: s("div.base-search-card")?,
            link: s("a.base-card__full-link")?,
            title: s("h3.base-search-card__title")?,
            title_alt: s("span.sr-only")?,
            company: s("h4.base-search-card__subtitle")?,
            location: s("span.job-search-card__location")?,
            date: s("time[datetime]")?,
            salary: s("span.job-search-card__salary-info")?,
        })
    }
}

impl LinkedIn {
    /// The adapter a configuration describes (keys `query`, optional `location` and `remote`).
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let options: Options = config.options()?;
        let query = map::non_empty(&options.query)
            .ok_or_else(|| config.error("query must not be empty"))?;
        Ok(LinkedIn {
            config: config.clone(),
            query,
            location: options.location.and_then(|l| map::non_empty(&l)),
            remote: options.remote.unwrap_or(false),
        })
    }

    fn page(&self, start: usize) -> Result<PageRequest, SourceError> {
        let mut url = self
            .config
            .endpoint("https://www.linkedin.com/jobs-guest/jobs/api/seeMoreJobPostings/search")
            .map_err(|e| SourceError::Config(e.to_string()))?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("keywords", &self.query);
            if let Some(location) = &self.location {
                q.append_pair("location", location);
            }
            if self.remote {
                q.append_pair("f_WT", "2");
            }
            q.append_pair("start", &start.to_string());
        }
        Ok(PageRequest::get(url, Expect::Html))
    }

    fn posting(&self, sel: &Selectors, card: ElementRef<'_>) -> Result<SourcePosting, String> {
        let text_of = |s: &Selector| {
            card.select(s)
                .next()
                .map(|e| one_line(&e.text().collect::<String>(), 300))
                .filter(|t| !t.is_empty())
        };
        let link = card
            .select(&sel.link)
            .next()
            .and_then(|a| a.attr("href"))
            .map(|h| h.trim().to_string());
        let url = link
            .as_deref()
            .map(|l| l.split(['?', '#']).next().unwrap_or(l).to_string());
        let id = card
            .attr("data-entity-urn")
            .and_then(|urn| urn.rsplit(':').next())
            .and_then(map::non_empty)
            .or_else(|| {
                let slug = url.as_deref().and_then(map::url_slug)?;
                map::non_empty(slug.rsplit('-').next()?)
            })
            .filter(|id| id.bytes().all(|b| b.is_ascii_alphanumeric()))
            .ok_or("no job id (data-entity-urn or link)")?;
        let title = text_of(&sel.title)
            .or_else(|| text_of(&sel.title_alt))
            .ok_or("no title")?;
        let company = text_of(&sel.company).ok_or("no company")?;
        let mut p = SourcePosting::new(self.config.name(), id, title);
        p.company = Some(company);
        p.url = url;
        p.location = text_of(&sel.location);
        if self.remote {
            p.remote = Some(true);
            p.workplace_type = Some("remote".to_string());
        }
        p.salary = text_of(&sel.salary);
        let datetime = card
            .select(&sel.date)
            .next()
            .and_then(|t| t.attr("datetime"))
            .map(str::to_string);
        p.posted_at = datetime.as_deref().and_then(map::iso_date);
        p.raw = json!({
            "url": link,
            "title": p.title,
            "company": p.company,
            "location": p.location,
            "salary": p.salary,
            "datetime": datetime,
            "entity_urn": card.attr("data-entity-urn"),
        });
        Ok(p)
    }
}

/// Whether the final URL is a sign-up, login or authwall page.
fn walled(url: &url::Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    [
        "/authwall",
        "/signup",
        "/login",
        "/uas/login",
        "/checkpoint",
    ]
    .iter()
    .any(|w| path.starts_with(w))
}

/// The `start` of a request (0 when absent).
fn start_of(request: &PageRequest) -> usize {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == "start")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
}

impl Adapter for LinkedIn {
    fn name(&self) -> &str {
        self.config.name()
    }

    fn kind(&self) -> &'static str {
        KIND
    }

    fn policy(&self) -> Policy {
        builtin_policy(
            &self.config,
            Policy {
                min_interval: Duration::from_secs(3),
                delay_range: Some((Duration::from_secs(1), Duration::from_secs(4))),
                max_pages: MAX_START / PAGE_SIZE,
                ..Policy::default()
            },
        )
    }

    fn first(&self) -> Result<PageRequest, SourceError> {
        self.page(0)
    }

    fn parse(
        &self,
        request: &PageRequest,
        response: &PageResponse,
        _page: usize,
    ) -> Result<Page, SourceError> {
        if walled(&response.url) {
            return Err(SourceError::Challenge(format!(
                "redirected to {}",
                response.url.path()
            )));
        }
        if response.body.len() > MAX_HTML_BYTES {
            return Err(SourceError::Malformed(format!(
                "page of {} bytes is over the {MAX_HTML_BYTES}-byte limit",
                response.body.len()
            )));
        }
        let text = response.text();
        let trimmed = text.trim_start();
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            return Err(SourceError::Malformed(
                "expected an HTML fragment of job cards, got JSON".to_string(),
            ));
        }
        let sel = Selectors::new()?;
        let fragment = Html::parse_fragment(&text);
        let postings: Vec<Result<SourcePosting, RecordError>> = fragment
            .select(&sel.card)
            .take(MAX_CARDS)
            .enumerate()
            .map(|(i, card)| self.posting(&sel, card).map_err(|r| RecordError::new(i, r)))
            .collect();
        if postings.is_empty()
            && let Some(what) = challenge_page(&text)
        {
            return Err(SourceError::Challenge(what));
        }
        let next_start = start_of(request) + PAGE_SIZE;
        let next = if postings.is_empty() || next_start >= MAX_START {
            None
        } else {
            Some(self.page(next_start)?)
        };
        Ok(Page {
            postings,
            next,
            total: None,
        })
    }
}
