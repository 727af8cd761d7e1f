//! [Jobicy](https://jobicy.com): remote postings from its public API v2.
//!
//! `GET https://jobicy.com/api/v2/remote-jobs?count=50` (optional `geo`, `tag` and `industry`
//! keys, sent as query parameters) answers `{"apiVersion", "jobCount", "jobs": [...]}`: the
//! latest postings, at most 50, in one response (no paging). Fields: `id`, `url`, `jobTitle`,
//! `companyName`, `jobIndustry[]`, `jobType[]`, `jobGeo` (where candidates may live),
//! `jobLevel`, `jobExcerpt`, `jobDescription` (HTML), `pubDate`, `annualSalaryMin`/
//! `annualSalaryMax`/`salaryCurrency`. Industry names come HTML-escaped (`Data Science &amp;
//! Analytics`) and are decoded.
//!
//! Terms: link back to the posting on Jobicy (every posting's `attribution`); the feed is
//! refreshed a few times a day, so it is synced at most once an hour.

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::adapter::{Adapter, Expect, Page, PageRequest, PageResponse, Policy, SourceError};
use crate::adapters::builtin_policy;
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The real endpoint.
pub const ENDPOINT: &str = "https://jobicy.com/api/v2/remote-jobs?count=50";

/// Jobicy's keys.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobicyOptions {
    /// A region or country slug (`usa`, `latam`, `brazil`…), sent as `geo`.
    #[serde(default)]
    pub geo: Option<String>,
    /// A search tag (`python`), sent as `tag`.
    #[serde(default)]
    pub tag: Option<String>,
    /// An industry slug (`dev`, `data-science`), sent as `industry`.
    #[serde(default)]
    pub industry: Option<String>,
}

/// The Jobicy adapter.
#[derive(Debug, Clone)]
pub struct Jobicy {
    config: SourceConfig,
    options: JobicyOptions,
}

impl Jobicy {
    /// An adapter for `config` (kind `jobicy`).
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let options: JobicyOptions = config.options()?;
        let adapter = Jobicy {
            config: config.clone(),
            options,
        };
        adapter.url()?;
        Ok(adapter)
    }

    fn url(&self) -> Result<url::Url, ConfigError> {
        let mut url = self.config.endpoint(ENDPOINT)?;
        let o = &self.options;
        for (k, v) in [("geo", &o.geo), ("industry", &o.industry), ("tag", &o.tag)] {
            if let Some(v) = v.as_deref().and_then(map::non_empty) {
                url = map::with_param(&url, k, &v);
            }
        }
        Ok(url)
    }

    fn posting(&self, v: &Value) -> Result<SourcePosting, String> {
        let id = map::id_of(v, "id")
            .or_else(|| map::text(v, "jobSlug"))
            .ok_or("no id")?;
        let title = map::required(v, "jobTitle")?;
        let company = map::required(v, "companyName")?;
        let mut p = SourcePosting::new(self.config.name(), id, map::unescape_entities(&title));
        p.company = Some(map::unescape_entities(&company));
        p.url = map::text(v, "url");
        let geo = map::text(v, "jobGeo").map(|g| map::unescape_entities(&g));
        p.location = geo.clone();
        p.candidate_required_location = geo;
        p.remote = Some(true);
        p.workplace_type = Some("remote".into());
        let types = map::strings(v, "jobType");
        p.job_type = (!types.is_empty()).then(|| types.join(", "));
        let industries: Vec<String> = map::strings(v, "jobIndustry")
            .iter()
            .map(|s| map::unescape_entities(s))
            .collect();
        p.category = industries.first().cloned();
        p.tags = industries;
        if let Some(level) = map::text(v, "jobLevel") {
            p.tags.push(level);
        }
        p.description =
            map::raw_text(v, "jobDescription").or_else(|| map::raw_text(v, "jobExcerpt"));
        p.posted_at = map::date(v, "pubDate");
        p.set_structured_salary(
            map::number(v, "annualSalaryMin"),
            map::number(v, "annualSalaryMax"),
            map::text(v, "salaryCurrency").as_deref(),
            Some("year"),
        );
        if p.salary_min.is_none() && p.salary_max.is_none() {
            p.salary_period = None;
        }
        let link = p.url.clone().unwrap_or_else(|| "https://jobicy.com".into());
        p.attribution = Some(format!("Source: Jobicy ({link})"));
        p.raw = v.clone();
        Ok(p)
    }
}

impl Adapter for Jobicy {
    fn name(&self) -> &str {
        self.config.name()
    }

    fn kind(&self) -> &'static str {
        "jobicy"
    }

    fn policy(&self) -> Policy {
        builtin_policy(
            &self.config,
            Policy {
                min_interval: Duration::from_secs(2),
                max_pages: 1,
                min_sync_interval: Some(Duration::from_secs(3600)),
                ..Policy::default()
            },
        )
    }

    fn first(&self) -> Result<PageRequest, SourceError> {
        let url = self.url().map_err(|e| SourceError::Config(e.message))?;
        Ok(PageRequest::get(url, Expect::Json))
    }

    fn parse(
        &self,
        _request: &PageRequest,
        response: &PageResponse,
        _page: usize,
    ) -> Result<Page, SourceError> {
        map::within_limit(response)?;
        let body = map::json(response)?;
        // No match answers `{"jobCount": 0, …}` without a `jobs` list in some versions.
        if body.get("jobs").is_none()
            && map::number(&body, "jobCount") == Some(0.0)
            && map::reported_error(&body).is_none()
        {
            return Ok(Page {
                total: Some(0),
                ..Page::default()
            });
        }
        let jobs = map::list_at(&body, "jobs")?;
        Ok(Page {
            postings: map::each_record(jobs, |v| self.posting(v)),
            next: None,
            total: None,
        })
    }
}
