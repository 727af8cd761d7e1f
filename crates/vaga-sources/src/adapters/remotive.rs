//! [Remotive](https://remotive.com): remote postings from its public API.
//!
//! `GET https://remotive.com/api/remote-jobs` answers `{"0-legal-notice", "job-count", "jobs":
//! [...]}` with every posting at once (no paging). The optional `category`, `search` and
//! `company_name` keys are sent as query parameters; a third party reports that the server
//! ignores them at times, so the user's own filters should not rely on them.
//!
//! Terms (the API's legal notice and README): link back to the posting's Remotive URL and name
//! Remotive as the source (every posting's `attribution`); at most about four requests a day
//! (`min_sync_interval` of 6 hours) and never more than two a minute; postings are delayed 24
//! hours; no re-posting to third-party boards (Google Jobs, LinkedIn…).

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::adapter::{Adapter, Expect, Page, PageRequest, PageResponse, Policy, SourceError};
use crate::adapters::builtin_policy;
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The real endpoint.
pub const ENDPOINT: &str = "https://remotive.com/api/remote-jobs";

/// Remotive's keys.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemotiveOptions {
    /// A category slug (`software-dev`, `data`…), sent as `category`.
    #[serde(default)]
    pub category: Option<String>,
    /// Search words, sent as `search`.
    #[serde(default)]
    pub search: Option<String>,
    /// A company name, sent as `company_name`.
    #[serde(default)]
    pub company_name: Option<String>,
}

/// The Remotive adapter.
#[derive(Debug, Clone)]
pub struct Remotive {
    config: SourceConfig,
    options: RemotiveOptions,
}

impl Remotive {
    /// An adapter for `config` (kind `remotive`).
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let options: RemotiveOptions = config.options()?;
        let adapter = Remotive {
            config: config.clone(),
            options,
        };
        adapter.url()?;
        Ok(adapter)
    }

    fn url(&self) -> Result<url::Url, ConfigError> {
        let mut url = self.config.endpoint(ENDPOINT)?;
        let o = &self.options;
        for (k, v) in [
            ("category", &o.category),
            ("search", &o.search),
            ("company_name", &o.company_name),
        ] {
            if let Some(v) = v.as_deref().and_then(map::non_empty) {
                url = map::with_param(&url, k, &v);
            }
        }
        Ok(url)
    }

    fn posting(&self, v: &Value) -> Result<SourcePosting, String> {
        let id = map::id_of(v, "id").ok_or("no id")?;
        let title = map::required(v, "title")?;
        let company = map::required(v, "company_name")?;
        let mut p = SourcePosting::new(self.config.name(), id, title);
        p.company = Some(company);
        p.url = map::text(v, "url");
        let required = map::text(v, "candidate_required_location");
        // Remotive's only location is where candidates may live.
        p.location = required.clone();
        p.candidate_required_location = required;
        p.remote = Some(true);
        p.workplace_type = Some("remote".into());
        p.salary = map::text(v, "salary");
        p.description = map::raw_text(v, "description");
        p.tags = map::strings(v, "tags");
        p.job_type = map::text(v, "job_type");
        p.category = map::text(v, "category");
        p.posted_at = map::text(v, "publication_date").and_then(|d| map::iso_date(&d));
        let link = p
            .url
            .clone()
            .unwrap_or_else(|| "https://remotive.com".into());
        p.attribution = Some(format!("Source: Remotive ({link})"));
        p.raw = v.clone();
        Ok(p)
    }
}

impl Adapter for Remotive {
    fn name(&self) -> &str {
        self.config.name()
    }

    fn kind(&self) -> &'static str {
        "remotive"
    }

    fn policy(&self) -> Policy {
        builtin_policy(
            &self.config,
            Policy {
                // "More than 2x per minute will be blocked."
                min_interval: Duration::from_secs(30),
                max_pages: 1,
                // "We advise max. 4 times a day."
                min_sync_interval: Some(Duration::from_secs(6 * 3600)),
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
        let jobs = map::list_at(&body, "jobs")?;
        let total = map::number(&body, "total-job-count")
            .or_else(|| map::number(&body, "job-count"))
            .filter(|n| *n >= 0.0)
            .map(|n| n as u64);
        Ok(Page {
            postings: map::each_record(jobs, |v| self.posting(v)),
            next: None,
            total,
        })
    }
}
