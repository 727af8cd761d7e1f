//! [Arbeitnow](https://www.arbeitnow.com): jobs in Germany and remote, from its public job-board
//! API.
//!
//! `GET https://www.arbeitnow.com/api/job-board-api?page=N` answers a Laravel page: `{"data":
//! [...], "links": {"next": …}, "meta": {…}}`, 100 postings a page. The adapter follows
//! `links.next`, kept on the host first asked (so on `base_url` when set), and stops when it is
//! missing, when it does not move forward (the same URL, or a `page` that does not grow), or
//! when a page is empty. `created_at` is Unix seconds; `remote` a boolean; `job_types` a list
//! ("Full-time", "Working student").
//!
//! Terms (`meta.terms`): a free public API, "please do not abuse"; link back to Arbeitnow with
//! an attribution (every posting's `attribution`).

use std::time::Duration;

use serde_json::Value;

use crate::adapter::{Adapter, Expect, Page, PageRequest, PageResponse, Policy, SourceError};
use crate::adapters::{NoOptions, builtin_policy};
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The real endpoint (page 1).
pub const ENDPOINT: &str = "https://www.arbeitnow.com/api/job-board-api?page=1";

/// The Arbeitnow adapter. No options.
#[derive(Debug, Clone)]
pub struct Arbeitnow {
    config: SourceConfig,
}

impl Arbeitnow {
    /// An adapter for `config` (kind `arbeitnow`), which takes no options.
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let _: NoOptions = config.options()?;
        config.endpoint(ENDPOINT)?;
        Ok(Arbeitnow {
            config: config.clone(),
        })
    }

    fn posting(&self, v: &Value) -> Result<SourcePosting, String> {
        let slug = map::text(v, "slug").ok_or("no slug")?;
        let title = map::required(v, "title")?;
        let company = map::required(v, "company_name")?;
        let mut p = SourcePosting::new(self.config.name(), slug, title);
        p.company = Some(company);
        p.url = map::text(v, "url");
        p.location = map::text(v, "location");
        p.remote = map::boolean(v, "remote");
        if p.remote == Some(true) {
            p.workplace_type = Some("remote".into());
        }
        p.description = map::raw_text(v, "description");
        p.tags = map::strings(v, "tags");
        let job_types = map::strings(v, "job_types");
        p.job_type = (!job_types.is_empty()).then(|| job_types.join(", "));
        p.posted_at = map::date(v, "created_at");
        let link = p
            .url
            .clone()
            .unwrap_or_else(|| "https://www.arbeitnow.com".into());
        p.attribution = Some(format!("Source: Arbeitnow ({link})"));
        p.raw = v.clone();
        Ok(p)
    }
}

impl Adapter for Arbeitnow {
    fn name(&self) -> &str {
        self.config.name()
    }

    fn kind(&self) -> &'static str {
        "arbeitnow"
    }

    fn policy(&self) -> Policy {
        builtin_policy(
            &self.config,
            Policy {
                min_interval: Duration::from_secs(2),
                max_pages: 20,
                min_sync_interval: Some(Duration::from_secs(3600)),
                ..Policy::default()
            },
        )
    }

    fn first(&self) -> Result<PageRequest, SourceError> {
        let url = self
            .config
            .endpoint(ENDPOINT)
            .map_err(|e| SourceError::Config(e.message))?;
        Ok(PageRequest::get(url, Expect::Json))
    }

    fn parse(
        &self,
        request: &PageRequest,
        response: &PageResponse,
        _page: usize,
    ) -> Result<Page, SourceError> {
        map::within_limit(response)?;
        let body = map::json(response)?;
        let data = map::list_at(&body, "data")?;
        let next = if data.is_empty() {
            None
        } else {
            body.get("links")
                .and_then(|l| map::text(l, "next"))
                .and_then(|n| url::Url::parse(&n).ok())
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                // Kept on the service's own host (or the `base_url` replay).
                .map(|u| crate::config::rebase(u, &request.url))
                .and_then(|u| map::advancing(&request.url, u))
                .map(|u| PageRequest::get(u, Expect::Json))
        };
        Ok(Page {
            postings: map::each_record(data, |v| self.posting(v)),
            next,
            total: None,
        })
    }
}
