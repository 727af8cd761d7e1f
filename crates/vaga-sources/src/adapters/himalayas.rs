//! [Himalayas](https://himalayas.app): remote postings with the richest eligibility fields.
//!
//! `GET https://himalayas.app/jobs/api?limit=20&offset=N` answers `{"jobs": [...], "totalCount",
//! "offset", "limit"}`. Paging is treated as unstable (third parties describe it as a cursor and
//! cap one listing at about 5,000): the adapter stops at `totalCount`, on an empty or short page,
//! or at `max_pages`. Fields: `title`, `companyName`, `guid` (the posting's page; the id is
//! `{company}/{job}` of its path), `applicationLink`, `employmentType`, `seniority[]`,
//! `categories[]`, `description` (HTML), `locationRestrictions[]` (countries candidates may live
//! in), `timezoneRestrictions[]` (UTC offsets as numbers, or names),
//! `minSalary`/`maxSalary`/`currency` (yearly), `pubDate` and `expiryDate` (Unix seconds).
//!
//! Terms: the public API asks for a link back to Himalayas (every posting's `attribution`) and
//! rate-limits heavy use; fetched at one request a second at most.

use std::time::Duration;

use serde_json::Value;

use crate::adapter::{Adapter, Expect, Page, PageRequest, PageResponse, Policy, SourceError};
use crate::adapters::{NoOptions, builtin_policy};
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The real endpoint (without paging parameters).
pub const ENDPOINT: &str = "https://himalayas.app/jobs/api";

/// Postings per page (the API's own page size).
pub const PAGE_SIZE: u64 = 20;

/// The Himalayas adapter. No options.
#[derive(Debug, Clone)]
pub struct Himalayas {
    config: SourceConfig,
}

impl Himalayas {
    /// An adapter for `config` (kind `himalayas`), which takes no options.
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let _: NoOptions = config.options()?;
        config.endpoint(ENDPOINT)?;
        Ok(Himalayas {
            config: config.clone(),
        })
    }

    fn page_url(&self, offset: u64) -> Result<url::Url, SourceError> {
        let mut url = self
            .config
            .endpoint(ENDPOINT)
            .map_err(|e| SourceError::Config(e.message))?;
        url.query_pairs_mut()
            .append_pair("limit", &PAGE_SIZE.to_string())
            .append_pair("offset", &offset.to_string());
        Ok(url)
    }

    fn posting(&self, v: &Value) -> Result<SourcePosting, String> {
        let guid = map::text(v, "guid");
        let id = guid
            .as_deref()
            .map(guid_id)
            .or_else(|| map::id_of(v, "id"))
            .ok_or("no guid")?;
        let title = map::required(v, "title")?;
        let company = map::required(v, "companyName")?;
        let mut p = SourcePosting::new(self.config.name(), id, title);
        p.company = Some(company);
        p.url = guid.filter(|g| g.starts_with("http"));
        p.apply_url = map::text(v, "applicationLink").filter(|a| Some(a) != p.url.as_ref());
        p.remote = Some(true);
        p.workplace_type = Some("remote".into());
        p.location_restrictions = map::strings(v, "locationRestrictions");
        p.timezone_restrictions = time_zones(v.get("timezoneRestrictions"));
        p.location =
            (!p.location_restrictions.is_empty()).then(|| p.location_restrictions.join(", "));
        p.job_type = map::text(v, "employmentType");
        let categories = map::strings(v, "categories");
        p.category = categories
            .first()
            .cloned()
            .or_else(|| map::strings(v, "parentCategories").into_iter().next());
        p.tags = map::strings(v, "seniority");
        p.tags.extend(categories);
        p.description = map::raw_text(v, "description").or_else(|| map::raw_text(v, "excerpt"));
        p.posted_at = map::date(v, "pubDate");
        p.expires_at = map::date(v, "expiryDate");
        p.set_structured_salary(
            map::number(v, "minSalary"),
            map::number(v, "maxSalary"),
            map::text(v, "currency").as_deref(),
            Some("year"),
        );
        if p.salary_min.is_none() && p.salary_max.is_none() {
            p.salary_period = None;
        }
        let link = p
            .url
            .clone()
            .unwrap_or_else(|| "https://himalayas.app".into());
        p.attribution = Some(format!("Source: Himalayas ({link})"));
        p.raw = v.clone();
        Ok(p)
    }
}

/// The id a `guid` gives: `{company}/{job}` for a posting page
/// (`https://himalayas.app/companies/{company}/jobs/{job}`; a job slug alone repeats across
/// companies), else the URL's path, else the guid as it is.
fn guid_id(guid: &str) -> String {
    let Ok(url) = url::Url::parse(guid) else {
        return guid.to_string();
    };
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    match segments[..] {
        ["companies", company, "jobs", job, ..] => format!("{company}/{job}"),
        [] => guid.to_string(),
        _ => segments.join("/"),
    }
}

/// Time-zone restrictions: UTC offsets as numbers (`-5`, `5.5`) become `UTC-5`, `UTC+5:30`;
/// names stay.
fn time_zones(v: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(items)) = v else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|z| match z {
            Value::String(s) => map::non_empty(s),
            Value::Number(n) => n.as_f64().filter(|f| f.abs() <= 14.0).map(|f| {
                let sign = if f < 0.0 { '-' } else { '+' };
                let minutes = (f.abs() * 60.0).round() as i64;
                match minutes % 60 {
                    0 => format!("UTC{sign}{}", minutes / 60),
                    m => format!("UTC{sign}{}:{m:02}", minutes / 60),
                }
            }),
            _ => None,
        })
        .collect()
}

impl Adapter for Himalayas {
    fn name(&self) -> &str {
        self.config.name()
    }

    fn kind(&self) -> &'static str {
        "himalayas"
    }

    fn policy(&self) -> Policy {
        builtin_policy(
            &self.config,
            Policy {
                min_interval: Duration::from_secs(1),
                max_pages: 50,
                min_sync_interval: Some(Duration::from_secs(3600)),
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
        let jobs = map::list_at(&body, "jobs")?;
        let total = map::number(&body, "totalCount")
            .filter(|n| *n >= 0.0)
            .map(|n| n as u64);
        let offset = map::param_number(&request.url, "offset").unwrap_or(0);
        let reached = offset.saturating_add(jobs.len() as u64);
        let more = jobs.len() as u64 >= PAGE_SIZE && total.is_none_or(|t| reached < t);
        let next = if more {
            Some(PageRequest::get(self.page_url(reached)?, Expect::Json))
        } else {
            None
        };
        Ok(Page {
            postings: map::each_record(jobs, |v| self.posting(v)),
            next,
            total,
        })
    }
}
