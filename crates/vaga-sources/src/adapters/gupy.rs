//! [Gupy](https://portal.gupy.io): Brazil's largest ATS, through its cross-company portal search.
//!
//! `GET https://portal.api.gupy.io/api/v1/jobs?jobName={query}&limit={limit}&offset={offset}`
//! answers `{"data": [...], "pagination": {"offset", "limit", "total"}}`. The adapter pages by
//! `offset` until a page is shorter than `limit`, empty, or `pagination.total` is reached.
//! Fields: `name` (title), `careerPageName` (company), `jobUrl`, `city`/`state`/`country`
//! ("Brasil"), `isRemoteWork`, `workplaceType` (`remote`, `hybrid`, `on-site`), `type` (the
//! contract: `vacancy_type_effective` is CLT, `vacancy_legal_entity` PJ,
//! `vacancy_type_internship`…), `publishedDate`, `applicationDeadline`, `disabilities` (open to
//! people with disabilities: tag `PcD`). No salary field; descriptions are plain text with the
//! HTML stripped, so sentences may run together.
//!
//! An unofficial, public API: no published terms; fetched gently.

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::adapter::{Adapter, Expect, Page, PageRequest, PageResponse, Policy, SourceError};
use crate::adapters::builtin_policy;
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The real endpoint (without parameters).
pub const ENDPOINT: &str = "https://portal.api.gupy.io/api/v1/jobs";

/// Gupy's keys.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GupyOptions {
    /// The words searched in job names (`jobName`). Default: `dados`.
    #[serde(default = "default_query")]
    pub query: String,
    /// Postings per page, 1 to 100. Default: 50.
    #[serde(default = "default_limit")]
    pub limit: u32,
}

fn default_query() -> String {
    "dados".into()
}

fn default_limit() -> u32 {
    50
}

/// The Gupy portal adapter.
#[derive(Debug, Clone)]
pub struct Gupy {
    config: SourceConfig,
    options: GupyOptions,
}

impl Gupy {
    /// An adapter for `config` (kind `gupy`).
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let options: GupyOptions = config.options()?;
        if options.query.trim().is_empty() {
            return Err(config.error("query must not be empty"));
        }
        if !(1..=100).contains(&options.limit) {
            return Err(config.error("limit must be between 1 and 100"));
        }
        config.endpoint(ENDPOINT)?;
        Ok(Gupy {
            config: config.clone(),
            options,
        })
    }

    fn page_url(&self, offset: u64) -> Result<url::Url, SourceError> {
        let mut url = self
            .config
            .endpoint(ENDPOINT)
            .map_err(|e| SourceError::Config(e.message))?;
        url.query_pairs_mut()
            .append_pair("jobName", self.options.query.trim())
            .append_pair("limit", &self.options.limit.to_string())
            .append_pair("offset", &offset.to_string());
        Ok(url)
    }

    fn posting(&self, v: &Value) -> Result<SourcePosting, String> {
        let id = map::id_of(v, "id").ok_or("no id")?;
        let title = map::required(v, "name")?;
        let company = map::required(v, "careerPageName")?;
        let mut p = SourcePosting::new(self.config.name(), id, title);
        p.company = Some(company);
        p.url = map::text(v, "jobUrl");
        p.city = map::text(v, "city");
        let place: Vec<String> = ["city", "state", "country"]
            .iter()
            .filter_map(|k| map::text(v, k))
            .collect();
        p.location = (!place.is_empty()).then(|| place.join(", "));
        p.country = map::text(v, "country").map(|c| country_code(&c));
        p.remote = map::boolean(v, "isRemoteWork");
        p.workplace_type = map::text(v, "workplaceType");
        p.job_type = map::text(v, "type");
        p.description = map::raw_text(v, "description");
        p.posted_at = map::text(v, "publishedDate").and_then(|d| map::iso_date(&d));
        p.expires_at = map::text(v, "applicationDeadline").and_then(|d| map::iso_date(&d));
        if map::boolean(v, "disabilities") == Some(true) {
            p.tags.push("PcD".into());
        }
        p.raw = v.clone();
        Ok(p)
    }
}

/// `BR` for the names Gupy uses for Brazil; other names as they are.
fn country_code(name: &str) -> String {
    match name.trim().to_lowercase().as_str() {
        "brasil" | "brazil" => "BR".into(),
        _ => name.trim().to_string(),
    }
}

impl Adapter for Gupy {
    fn name(&self) -> &str {
        self.config.name()
    }

    fn kind(&self) -> &'static str {
        "gupy"
    }

    fn policy(&self) -> Policy {
        builtin_policy(
            &self.config,
            Policy {
                min_interval: Duration::from_secs(1),
                max_pages: 20,
                ..Policy::default()
            },
        )
    }

    fn first(&self) -> Result<PageRequest, SourceError> {
        Ok(PageRequest::get(self.page_url(0)?, Expect::Json))
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
        let total = body
            .get("pagination")
            .and_then(|p| map::number(p, "total"))
            .filter(|n| *n >= 0.0)
            .map(|n| n as u64);
        let offset = map::param_number(&request.url, "offset").unwrap_or(0);
        let reached = offset.saturating_add(data.len() as u64);
        let limit = u64::from(self.options.limit);
        let more = data.len() as u64 >= limit && total.is_none_or(|t| reached < t);
        let next = if more {
            Some(PageRequest::get(self.page_url(reached)?, Expect::Json))
        } else {
            None
        };
        Ok(Page {
            postings: map::each_record(data, |v| self.posting(v)),
            next,
            total,
        })
    }
}
