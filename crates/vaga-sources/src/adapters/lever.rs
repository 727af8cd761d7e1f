//! Lever postings: `GET https://api.lever.co/v0/postings/{company}?mode=json&skip=N&limit=100`
//! (`api.eu.lever.co` for boards hosted in the EU).
//!
//! The answer is a JSON array of postings; a bad company slug answers
//! `{"ok": false, "error": "Document not found"}`, which is [`SourceError::Reported`]. Pages are
//! 100 postings; a shorter page is the last. Lever names no company in its postings, so the
//! company is the `company_name` key, or else the slug.
//!
//! ```toml
//! [[sources]]
//! name = "acme-lever"
//! kind = "lever"
//! company = "acme"          # jobs.lever.co/acme
//! company_name = "Acme"     # optional: the name shown
//! region = "eu"             # optional: "global" (default) or "eu"
//! ```

use serde::Deserialize;
use serde_json::Value;

use crate::adapter::{Adapter, Expect, Page, PageRequest, PageResponse, Policy, SourceError};
use crate::adapters::ats_common::{
    builtin_policy, join, map_records, path_key, push_unique, reported_error, required,
    required_id, salary_period,
};
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The kind name.
pub const KIND: &str = "lever";

/// Postings per page.
const LIMIT: usize = 100;

/// One company's Lever postings.
#[derive(Debug, Clone)]
pub struct Lever {
    config: SourceConfig,
    company: String,
    company_name: String,
    host: &'static str,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    company: String,
    #[serde(default)]
    company_name: Option<String>,
    #[serde(default)]
    region: Option<String>,
}

impl Lever {
    /// The adapter a configuration describes (keys `company`, optional `company_name` and
    /// `region = "eu"`).
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let options: Options = config.options()?;
        let company = path_key(config, "company", &options.company)?;
        let host = match options.region.as_deref().map(str::trim) {
            None | Some("" | "global" | "us") => "api.lever.co",
            Some("eu") => "api.eu.lever.co",
            Some(other) => {
                return Err(config.error(format!(
                    "region = {other:?}: Lever has \"global\" and \"eu\""
                )));
            }
        };
        Ok(Lever {
            company_name: options
                .company_name
                .and_then(|n| map::non_empty(&n))
                .unwrap_or_else(|| company.clone()),
            company,
            config: config.clone(),
            host,
        })
    }

    fn page(&self, skip: usize) -> Result<PageRequest, SourceError> {
        let url = self
            .config
            .endpoint(&format!(
                "https://{}/v0/postings/{}?mode=json&skip={skip}&limit={LIMIT}",
                self.host, self.company
            ))
            .map_err(|e| SourceError::Config(e.to_string()))?;
        Ok(PageRequest::get(url, Expect::Json))
    }

    fn posting(&self, job: &Value) -> Result<SourcePosting, String> {
        let id = required_id(job, "id")?;
        let title = required(job, "text")?;
        let mut p = SourcePosting::new(self.config.name(), id, title);
        p.company = Some(self.company_name.clone());
        p.url = map::text(job, "hostedUrl");
        p.apply_url = map::text(job, "applyUrl");
        let categories = job.get("categories").unwrap_or(&Value::Null);
        let all_locations = map::strings(categories, "allLocations");
        p.location = map::text(categories, "location").or_else(|| join(all_locations, "; "));
        p.workplace_type = map::text(job, "workplaceType").filter(|w| w != "unspecified");
        p.remote = match p.workplace_type.as_deref() {
            Some("remote") => Some(true),
            Some("on-site") => Some(false),
            _ => None,
        };
        p.country = map::text(job, "country");
        p.job_type = map::text(categories, "commitment");
        let team = map::text(categories, "team");
        let department = map::text(categories, "department");
        p.category = department.clone().or_else(|| team.clone());
        for tag in [department, team].into_iter().flatten() {
            push_unique(&mut p.tags, tag);
        }
        if let Some(range) = job.get("salaryRange").filter(|r| r.is_object()) {
            let period = map::text(range, "interval").and_then(|i| salary_period(&i));
            p.set_structured_salary(
                map::number(range, "min"),
                map::number(range, "max"),
                map::text(range, "currency").as_deref(),
                period,
            );
        }
        if p.salary.is_none() {
            p.salary = map::text(job, "salaryDescriptionPlain");
        }
        p.description = description(job);
        p.posted_at = map::date(job, "createdAt");
        p.raw = job.clone();
        Ok(p)
    }
}

/// The description (HTML when Lever sent it, else plain text), then each `lists[]` entry as a
/// heading and its items, then `additional`.
fn description(job: &Value) -> Option<String> {
    let html = map::raw_text(job, "description");
    let is_html = html.is_some();
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = html.or_else(|| map::raw_text(job, "descriptionPlain")) {
        parts.push(d);
    }
    for item in job
        .get("lists")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let heading = map::text(item, "text").unwrap_or_default();
        let content = map::raw_text(item, "content").unwrap_or_default();
        if heading.is_empty() && content.trim().is_empty() {
            continue;
        }
        parts.push(if is_html {
            format!("<h3>{heading}</h3><ul>{content}</ul>")
        } else {
            format!("{heading}\n{content}")
        });
    }
    let additional = if is_html {
        map::raw_text(job, "additional").or_else(|| map::raw_text(job, "additionalPlain"))
    } else {
        map::raw_text(job, "additionalPlain").or_else(|| map::raw_text(job, "additional"))
    };
    parts.extend(additional);
    join(parts, if is_html { "\n" } else { "\n\n" })
}

/// The `skip` of a request (0 when absent).
fn skip_of(request: &PageRequest) -> usize {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == "skip")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
}

impl Adapter for Lever {
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
                max_pages: 50,
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
        let v = map::json(response)?;
        let items = match &v {
            Value::Array(items) => items,
            other => {
                return Err(match reported_error(other) {
                    Some(message) => SourceError::Reported(message),
                    None => SourceError::Malformed(format!(
                        "expected a list of postings, got {}",
                        crate::map::shape(other)
                    )),
                });
            }
        };
        let next = if items.len() >= LIMIT {
            Some(self.page(skip_of(request) + items.len())?)
        } else {
            None
        };
        Ok(Page {
            postings: map_records(items, |job| self.posting(job)),
            next,
            total: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eu_region_and_paging() {
        let mut cfg = SourceConfig::of_kind(KIND);
        cfg.options.insert("company".into(), "acme".into());
        cfg.options.insert("region".into(), "eu".into());
        let a = Lever::new(&cfg).expect("config");
        let first = a.first().expect("first");
        assert_eq!(
            first.url.as_str(),
            "https://api.eu.lever.co/v0/postings/acme?mode=json&skip=0&limit=100"
        );
        cfg.options.insert("region".into(), "mars".into());
        assert!(Lever::new(&cfg).is_err());
    }
}
