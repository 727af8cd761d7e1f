//! SmartRecruiters postings:
//! `GET https://api.smartrecruiters.com/v1/companies/{company}/postings?offset=N&limit=100`.
//!
//! The list is `{"offset", "limit", "totalFound", "content": [...]}`, 100 per page, read until
//! `totalFound` (or an empty or short page; a page whose `offset` is not the one asked for means
//! the server ignores paging, and ends the sync). The list has no description: each posting's
//! detail `GET .../postings/{id}` gives `jobAd.sections.{companyDescription, jobDescription,
//! qualifications, additionalInformation}.{title,text}` (HTML), plus `postingUrl` and
//! `applyUrl` ([`Adapter::detail`], [`Adapter::apply_detail`]).
//!
//! ```toml
//! [[sources]]
//! name = "exemplo-sr"
//! kind = "smartrecruiters"
//! company = "Exemplo"       # the company identifier in jobs.smartrecruiters.com/Exemplo
//! ```

use serde::Deserialize;
use serde_json::Value;
use url::Url;

use crate::adapter::{Adapter, Expect, Page, PageRequest, PageResponse, Policy, SourceError};
use crate::adapters::ats_common::{
    builtin_policy, join, list, map_records, path_key, push_unique, reported_error, required,
    required_id, text_at,
};
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The kind name.
pub const KIND: &str = "smartrecruiters";

/// Postings per page.
const LIMIT: u64 = 100;

/// The detail sections, in the order they are shown.
const SECTIONS: [&str; 4] = [
    "companyDescription",
    "jobDescription",
    "qualifications",
    "additionalInformation",
];

/// One company's SmartRecruiters postings.
#[derive(Debug, Clone)]
pub struct SmartRecruiters {
    config: SourceConfig,
    company: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    company: String,
}

impl SmartRecruiters {
    /// The adapter a configuration describes (key `company`: the company identifier).
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let options: Options = config.options()?;
        Ok(SmartRecruiters {
            company: path_key(config, "company", &options.company)?,
            config: config.clone(),
        })
    }

    fn postings_url(&self) -> Result<Url, SourceError> {
        self.config
            .endpoint(&format!(
                "https://api.smartrecruiters.com/v1/companies/{}/postings",
                self.company
            ))
            .map_err(|e| SourceError::Config(e.to_string()))
    }

    fn page(&self, offset: u64) -> Result<PageRequest, SourceError> {
        let mut url = self.postings_url()?;
        url.query_pairs_mut()
            .append_pair("offset", &offset.to_string())
            .append_pair("limit", &LIMIT.to_string());
        Ok(PageRequest::get(url, Expect::Json))
    }

    fn posting(&self, job: &Value) -> Result<SourcePosting, String> {
        let id = required_id(job, "id")?;
        let title = required(job, "name")?;
        let mut p = SourcePosting::new(self.config.name(), id.clone(), title);
        p.company = text_at(job, &["company", "name"]).or_else(|| Some(self.company.clone()));
        let identifier =
            text_at(job, &["company", "identifier"]).unwrap_or_else(|| self.company.clone());
        p.url = Some(public_url(&identifier, &id));
        let location = job.get("location").unwrap_or(&Value::Null);
        p.city = map::text(location, "city");
        p.country = map::text(location, "country").map(|c| {
            if c.len() == 2 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        });
        p.remote = map::boolean(location, "remote");
        p.location = map::text(location, "fullLocation").or_else(|| {
            join(
                [
                    p.city.clone(),
                    map::text(location, "region"),
                    p.country.clone(),
                ]
                .into_iter()
                .flatten(),
                ", ",
            )
        });
        p.job_type = text_at(job, &["typeOfEmployment", "label"]);
        p.category = text_at(job, &["department", "label"]);
        for tag in [
            text_at(job, &["experienceLevel", "label"]),
            text_at(job, &["function", "label"]),
        ]
        .into_iter()
        .flatten()
        {
            push_unique(&mut p.tags, tag);
        }
        p.posted_at = map::date(job, "releasedDate");
        p.raw = job.clone();
        Ok(p)
    }
}

/// The public page of a posting (`https://jobs.smartrecruiters.com/{company}/{id}`).
fn public_url(company: &str, id: &str) -> String {
    let mut url = match Url::parse("https://jobs.smartrecruiters.com/") {
        Ok(u) => u,
        Err(_) => return String::new(),
    };
    if let Ok(mut segments) = url.path_segments_mut() {
        segments.clear().push(company).push(id);
    }
    url.to_string()
}

impl Adapter for SmartRecruiters {
    fn name(&self) -> &str {
        self.config.name()
    }

    fn kind(&self) -> &'static str {
        KIND
    }

    fn policy(&self) -> Policy {
        // One detail request per posting: 50 pages of 100 is already 5,000 details.
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
        if !v.is_object() {
            return Err(SourceError::Malformed(format!(
                "expected an object with a \"content\" list, got {}",
                crate::map::shape(&v)
            )));
        }
        if v.get("content").is_none()
            && let Some(message) = reported_error(&v)
        {
            return Err(SourceError::Reported(message));
        }
        let items = list(&v, "content")?;
        let total = v.get("totalFound").and_then(Value::as_u64);
        let asked: u64 = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "offset")
            .and_then(|(_, o)| o.parse().ok())
            .unwrap_or(0);
        let answered = v.get("offset").and_then(Value::as_u64);
        let reached = asked + items.len() as u64;
        let more = !items.is_empty()
            && answered.is_none_or(|o| o == asked)
            && match total {
                Some(t) => reached < t,
                None => items.len() as u64 >= LIMIT,
            };
        Ok(Page {
            postings: map_records(items, |job| self.posting(job)),
            next: if more {
                Some(self.page(reached)?)
            } else {
                None
            },
            total,
        })
    }

    fn detail(&self, posting: &SourcePosting) -> Option<PageRequest> {
        let mut url = self.postings_url().ok()?;
        url.path_segments_mut().ok()?.push(&posting.external_id);
        Some(PageRequest::get(url, Expect::Json))
    }

    fn apply_detail(
        &self,
        posting: &mut SourcePosting,
        response: &PageResponse,
    ) -> Result<(), SourceError> {
        let v = map::json(response)?;
        if !v.is_object() {
            return Err(SourceError::Malformed(format!(
                "expected a posting object, got {}",
                crate::map::shape(&v)
            )));
        }
        if v.get("jobAd").is_none()
            && let Some(message) = reported_error(&v)
        {
            return Err(SourceError::Reported(message));
        }
        let sections = v
            .get("jobAd")
            .and_then(|a| a.get("sections"))
            .unwrap_or(&Value::Null);
        let parts = SECTIONS.iter().filter_map(|key| {
            let section = sections.get(key)?;
            let text = map::raw_text(section, "text")?;
            Some(match map::text(section, "title") {
                Some(title) => format!("<h3>{title}</h3>\n{text}"),
                None => text,
            })
        });
        if let Some(description) = join(parts, "\n") {
            posting.description = Some(description);
        }
        if let Some(url) = map::text(&v, "postingUrl") {
            posting.url = Some(url);
        }
        if let Some(url) = map::text(&v, "applyUrl") {
            posting.apply_url = Some(url);
        }
        Ok(())
    }
}
