//! Ashby job boards:
//! `GET https://api.ashbyhq.com/posting-api/job-board/{company}?includeCompensation=true`.
//!
//! The whole board comes in one response, `{"apiVersion": "1", "jobs": [...]}`. Postings with
//! `isListed: false` are skipped. Compensation is only sent with `includeCompensation=true`:
//! the salary is the first `compensation.summaryComponents[]` item whose `compensationType` is
//! `Salary` (`interval` "1 YEAR", "1 MONTH", "1 HOUR"; `currencyCode`, `minValue`, `maxValue`),
//! and the salary text is Ashby's own `compensationTierSummary`. Ashby names no company in its
//! postings, so the company is the `company_name` key, or else the slug.
//!
//! ```toml
//! [[sources]]
//! name = "exemplo-ashby"
//! kind = "ashby"
//! company = "exemplo"          # jobs.ashbyhq.com/exemplo
//! company_name = "Exemplo"     # optional: the name shown
//! ```

use serde::Deserialize;
use serde_json::Value;

use crate::adapter::{Adapter, Expect, Page, PageRequest, PageResponse, Policy, SourceError};
use crate::adapters::ats_common::{
    builtin_policy, join, list, map_some_records, path_key, push_unique, reported_error, required,
    required_id, salary_period, text_at,
};
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The kind name.
pub const KIND: &str = "ashby";

/// One Ashby job board.
#[derive(Debug, Clone)]
pub struct Ashby {
    config: SourceConfig,
    company: String,
    company_name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    company: String,
    #[serde(default)]
    company_name: Option<String>,
}

impl Ashby {
    /// The adapter a configuration describes (key `company`, optional `company_name`).
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let options: Options = config.options()?;
        let company = path_key(config, "company", &options.company)?;
        Ok(Ashby {
            company_name: options
                .company_name
                .and_then(|n| map::non_empty(&n))
                .unwrap_or_else(|| company.clone()),
            company,
            config: config.clone(),
        })
    }

    fn posting(&self, job: &Value) -> Result<Option<SourcePosting>, String> {
        if map::boolean(job, "isListed") == Some(false) {
            return Ok(None);
        }
        let id = required_id(job, "id")?;
        let title = required(job, "title")?;
        let mut p = SourcePosting::new(self.config.name(), id, title);
        p.company = Some(self.company_name.clone());
        p.url = map::text(job, "jobUrl");
        p.apply_url = map::text(job, "applyUrl");
        let mut locations = Vec::new();
        for l in map::text(job, "location").into_iter().chain(
            job.get("secondaryLocations")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|s| map::text(s, "location")),
        ) {
            push_unique(&mut locations, l);
        }
        p.location = join(locations, "; ");
        let postal = ["address", "postalAddress"];
        p.city = text_at(job, &[postal[0], postal[1], "addressLocality"]);
        p.country = text_at(job, &[postal[0], postal[1], "addressCountry"]);
        p.remote = map::boolean(job, "isRemote");
        p.workplace_type = map::text(job, "workplaceType");
        p.job_type = map::text(job, "employmentType");
        let department = map::text(job, "department");
        let team = map::text(job, "team");
        p.category = department.clone().or_else(|| team.clone());
        for tag in [department, team].into_iter().flatten() {
            push_unique(&mut p.tags, tag);
        }
        if let Some(comp) = job.get("compensation").filter(|c| c.is_object()) {
            p.salary = map::text(comp, "compensationTierSummary")
                .or_else(|| map::text(comp, "scrapeableCompensationSalarySummary"));
            let salary = comp
                .get("summaryComponents")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find(|c| {
                    map::text(c, "compensationType")
                        .is_some_and(|t| t.eq_ignore_ascii_case("salary"))
                });
            if let Some(c) = salary {
                p.set_structured_salary(
                    map::number(c, "minValue"),
                    map::number(c, "maxValue"),
                    map::text(c, "currencyCode").as_deref(),
                    map::text(c, "interval").and_then(|i| salary_period(&i)),
                );
            }
        }
        p.description = map::raw_text(job, "descriptionHtml")
            .or_else(|| map::raw_text(job, "descriptionPlain"));
        p.posted_at = map::date(job, "publishedAt");
        p.raw = job.clone();
        Ok(Some(p))
    }
}

impl Adapter for Ashby {
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
                "https://api.ashbyhq.com/posting-api/job-board/{}?includeCompensation=true",
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
        Ok(Page {
            postings: map_some_records(jobs, |job| self.posting(job)),
            next: None,
            total: None,
        })
    }
}
