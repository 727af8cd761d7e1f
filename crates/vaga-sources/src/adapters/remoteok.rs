//! [Remote OK](https://remoteok.com): every current remote posting in one JSON array.
//!
//! `GET https://remoteok.com/api` answers an array whose element 0 is the API's legal notice
//! (`{"legal": …, "last_updated": …}`), skipped here; the rest are postings. There is no paging
//! and no server-side filter. `salary_min`/`salary_max` are US dollars (RemoteOK's salary filter
//! and every range it displays are USD; `0` means none); the period is not stated, so none is set.
//! The terms ask for a followed link back to the posting on Remote OK and the name "Remote OK" as
//! the source: every posting's `attribution` carries both.

use std::time::Duration;

use serde_json::Value;

use crate::adapter::{Adapter, Expect, Page, PageRequest, PageResponse, Policy, SourceError};
use crate::adapters::{NoOptions, builtin_policy};
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The real endpoint.
pub const ENDPOINT: &str = "https://remoteok.com/api";

/// The Remote OK adapter. No options.
#[derive(Debug, Clone)]
pub struct RemoteOk {
    config: SourceConfig,
}

impl RemoteOk {
    /// An adapter for `config` (kind `remoteok`), which takes no options.
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let _: NoOptions = config.options()?;
        config.endpoint(ENDPOINT)?;
        Ok(RemoteOk {
            config: config.clone(),
        })
    }

    fn posting(&self, v: &Value) -> Result<SourcePosting, String> {
        let id = map::id_of(v, "id")
            .or_else(|| map::text(v, "slug"))
            .ok_or("no id")?;
        let title = map::required(v, "position")?;
        let company = map::required(v, "company")?;
        let mut p = SourcePosting::new(self.config.name(), id, title);
        p.company = Some(company);
        p.url = map::text(v, "url");
        p.apply_url = map::text(v, "apply_url").filter(|a| Some(a) != p.url.as_ref());
        p.location = map::text(v, "location");
        p.remote = Some(true);
        p.description = map::raw_text(v, "description");
        p.tags = map::strings(v, "tags");
        p.posted_at = map::text(v, "date")
            .and_then(|d| map::iso_date(&d))
            .or_else(|| map::date(v, "epoch"));
        p.set_structured_salary(
            map::number(v, "salary_min"),
            map::number(v, "salary_max"),
            Some("USD"),
            None,
        );
        if p.salary_min.is_none() && p.salary_max.is_none() {
            p.salary_currency = None;
        }
        let link = p
            .url
            .clone()
            .unwrap_or_else(|| "https://remoteok.com".into());
        p.attribution = Some(format!("Source: Remote OK ({link})"));
        p.raw = v.clone();
        Ok(p)
    }
}

impl Adapter for RemoteOk {
    fn name(&self) -> &str {
        self.config.name()
    }

    fn kind(&self) -> &'static str {
        "remoteok"
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
        let url = self
            .config
            .endpoint(ENDPOINT)
            .map_err(|e| SourceError::Config(e.message))?;
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
        let Some(items) = body.as_array() else {
            if let Some(reported) = map::reported_error(&body) {
                return Err(SourceError::Reported(reported));
            }
            return Err(SourceError::Malformed(format!(
                "expected an array, got {}",
                map::shape(&body)
            )));
        };
        // The legal notice is element 0; skip any element that is one, wherever it is.
        let jobs: Vec<Value> = items
            .iter()
            .filter(|v| v.get("legal").is_none())
            .cloned()
            .collect();
        Ok(Page {
            postings: map::each_record(&jobs, |v| self.posting(v)),
            next: None,
            total: Some(jobs.len() as u64),
        })
    }
}
