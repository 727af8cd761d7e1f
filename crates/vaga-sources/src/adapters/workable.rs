//! Workable job boards: `GET https://apply.workable.com/api/v1/widget/accounts/{company}?details=true`.
//!
//! The whole board comes in one response, `{"name": "…", "description": "…", "jobs": [...]}`;
//! with `details=true` each job carries its `description` (HTML). The posting's id is its
//! `shortcode`; the company is the account's `name`. `telecommuting` is the remote flag;
//! `locations[]` lists every place a job is open in (`country`, `countryCode`, `city`,
//! `region`), `country`/`city`/`state` the first.
//!
//! ```toml
//! [[sources]]
//! name = "exemplo-workable"
//! kind = "workable"
//! company = "exemplo"       # apply.workable.com/exemplo
//! ```

use serde::Deserialize;
use serde_json::Value;

use crate::adapter::{Adapter, Expect, Page, PageRequest, PageResponse, Policy, SourceError};
use crate::adapters::ats_common::{
    builtin_policy, join, list, map_records, path_key, push_unique, reported_error, required,
};
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The kind name.
pub const KIND: &str = "workable";

/// One Workable account's board.
#[derive(Debug, Clone)]
pub struct Workable {
    config: SourceConfig,
    company: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    company: String,
}

impl Workable {
    /// The adapter a configuration describes (key `company`: the account slug).
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let options: Options = config.options()?;
        Ok(Workable {
            company: path_key(config, "company", &options.company)?,
            config: config.clone(),
        })
    }

    fn posting(&self, account: Option<&str>, job: &Value) -> Result<SourcePosting, String> {
        let id = map::id_of(job, "shortcode")
            .or_else(|| map::id_of(job, "code"))
            .or_else(|| {
                map::text(job, "url")
                    .as_deref()
                    .and_then(map::url_slug)
                    .map(str::to_string)
            })
            .ok_or("no \"shortcode\"")?;
        let title = required(job, "title")?;
        let mut p = SourcePosting::new(self.config.name(), id, title);
        p.company = account
            .map(str::to_string)
            .or_else(|| Some(self.company.clone()));
        p.url = map::text(job, "url").or_else(|| map::text(job, "shortlink"));
        p.apply_url = map::text(job, "application_url");
        let place = |v: &Value, region: &str| {
            join(
                [
                    map::text(v, "city"),
                    map::text(v, region),
                    map::text(v, "country"),
                ]
                .into_iter()
                .flatten(),
                ", ",
            )
        };
        let mut places = Vec::new();
        let locations = job.get("locations").and_then(Value::as_array);
        for l in locations.into_iter().flatten() {
            if map::boolean(l, "hidden") == Some(true) {
                continue;
            }
            if let Some(text) = place(l, "region") {
                push_unique(&mut places, text);
            }
        }
        if places.is_empty()
            && let Some(text) = place(job, "state")
        {
            places.push(text);
        }
        p.location = join(places, "; ");
        p.city = map::text(job, "city");
        p.country = locations
            .and_then(|l| l.first())
            .and_then(|l| map::text(l, "countryCode"))
            .or_else(|| map::text(job, "country"));
        p.remote = map::boolean(job, "telecommuting");
        if p.remote == Some(true) {
            p.workplace_type = Some("remote".to_string());
        }
        p.job_type = map::text(job, "employment_type");
        p.category = map::text(job, "department").or_else(|| map::text(job, "function"));
        for key in ["function", "industry", "experience"] {
            if let Some(tag) = map::text(job, key) {
                push_unique(&mut p.tags, tag);
            }
        }
        p.description = map::raw_text(job, "description");
        p.posted_at = map::date(job, "published_on").or_else(|| map::date(job, "created_at"));
        p.raw = job.clone();
        Ok(p)
    }
}

impl Adapter for Workable {
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
                max_pages: 1,
                ..Policy::default()
            },
        )
    }

    fn first(&self) -> Result<PageRequest, SourceError> {
        let url = self
            .config
            .endpoint(&format!(
                "https://apply.workable.com/api/v1/widget/accounts/{}?details=true",
                self.company
            ))
            .map_err(|e| SourceError::Config(e.to_string()))?;
        Ok(PageRequest::get(url, Expect::Json))
    }

    fn parse(
        &self,
        _request: &PageRequest,
        response: &PageResponse,
        _page: usize,
    ) -> Result<Page, SourceError> {
        let v = map::json(response)?;
        if v.get("jobs").is_none()
            && let Some(message) = reported_error(&v)
        {
            return Err(SourceError::Reported(message));
        }
        let jobs = list(&v, "jobs")?;
        let account = map::text(&v, "name");
        Ok(Page {
            postings: map_records(jobs, |job| self.posting(account.as_deref(), job)),
            next: None,
            total: None,
        })
    }
}
