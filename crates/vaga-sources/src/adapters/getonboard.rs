//! [Get on Board](https://www.getonbrd.com): tech jobs in Latin America, from its public search
//! API.
//!
//! `GET https://www.getonbrd.com/api/v0/search/jobs?query={query}&per_page=50&page=N` answers a
//! JSON:API document: `{"data": [{"id", "type": "job", "attributes": {…}, "links":
//! {"public_url"}}], "meta": {"page", "per_page", "total_pages"}}`. The adapter pages until
//! `meta.total_pages` (or an empty page). Attributes read: `title`, `description` (HTML),
//! `remote`, `remote_modality` (`fully_remote`, `hybrid`, `no_remote`…), `modality`,
//! `countries[]` (where candidates may be), `location_cities`, `category_name`, `tags`,
//! `min_salary`/`max_salary` (US dollars a month), `published_at` (Unix seconds). `company` is a
//! JSON:API relationship: `{"data": {"id", "type": "company"}}`, with `attributes.name` when
//! expanded or in `included`; a plain string is read too. When only the id is known, it stands as
//! the company name (a slug such as `acme-data`).
//!
//! Terms: a public API; link back to the posting (`attribution`); fetched at one request a
//! second at most.

use std::collections::HashMap;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::adapter::{Adapter, Expect, Page, PageRequest, PageResponse, Policy, SourceError};
use crate::adapters::builtin_policy;
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The real endpoint (without parameters).
pub const ENDPOINT: &str = "https://www.getonbrd.com/api/v0/search/jobs";

/// Postings per page (the API's maximum).
pub const PER_PAGE: u32 = 50;

/// Get on Board's keys.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetOnBoardOptions {
    /// The search words. Default: `data`.
    #[serde(default = "default_query")]
    pub query: String,
}

fn default_query() -> String {
    "data".into()
}

/// The Get on Board adapter.
#[derive(Debug, Clone)]
pub struct GetOnBoard {
    config: SourceConfig,
    options: GetOnBoardOptions,
}

impl GetOnBoard {
    /// An adapter for `config` (kind `getonboard`).
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let options: GetOnBoardOptions = config.options()?;
        if options.query.trim().is_empty() {
            return Err(config.error("query must not be empty"));
        }
        config.endpoint(ENDPOINT)?;
        Ok(GetOnBoard {
            config: config.clone(),
            options,
        })
    }

    fn page_url(&self, page: u64) -> Result<url::Url, SourceError> {
        let mut url = self
            .config
            .endpoint(ENDPOINT)
            .map_err(|e| SourceError::Config(e.message))?;
        url.query_pairs_mut()
            .append_pair("query", self.options.query.trim())
            .append_pair("per_page", &PER_PAGE.to_string())
            .append_pair("page", &page.to_string());
        Ok(url)
    }

    fn posting(
        &self,
        v: &Value,
        companies: &HashMap<String, String>,
    ) -> Result<SourcePosting, String> {
        let id = map::id_of(v, "id").ok_or("no id")?;
        let a = v
            .get("attributes")
            .filter(|a| a.is_object())
            .ok_or("no attributes")?;
        let title = map::required(a, "title")?;
        let mut p = SourcePosting::new(self.config.name(), id, title);
        p.company = company(a.get("company"), companies);
        p.url = v
            .get("links")
            .and_then(|l| map::text(l, "public_url"))
            .or_else(|| map::text(a, "public_url"));
        p.remote = map::boolean(a, "remote");
        p.workplace_type = map::text(a, "remote_modality")
            .or_else(|| (p.remote == Some(true)).then(|| "remote".to_string()));
        p.job_type = related_name(a.get("modality"));
        p.location_restrictions = map::strings(a, "countries");
        let cities = related_names(a.get("location_cities"));
        p.city = cities.first().cloned();
        let mut place = cities;
        place.extend(p.location_restrictions.iter().cloned());
        p.location = (!place.is_empty()).then(|| place.join(", "));
        p.category = map::text(a, "category_name");
        p.tags = related_names(a.get("tags"));
        if let Some(level) = related_name(a.get("seniority")) {
            p.tags.push(level);
        }
        p.description =
            map::raw_text(a, "description").or_else(|| map::raw_text(a, "description_headline"));
        p.posted_at = map::date(a, "published_at");
        p.set_structured_salary(
            map::number(a, "min_salary"),
            map::number(a, "max_salary"),
            Some("USD"),
            Some("month"),
        );
        if p.salary_min.is_none() && p.salary_max.is_none() {
            p.salary_currency = None;
            p.salary_period = None;
        }
        let link = p
            .url
            .clone()
            .unwrap_or_else(|| "https://www.getonbrd.com".into());
        p.attribution = Some(format!("Source: Get on Board ({link})"));
        p.raw = v.clone();
        Ok(p)
    }
}

/// The company: a string, an expanded relationship (`data.attributes.name`), a relationship
/// whose id names an `included` company, or else the relationship's id.
fn company(v: Option<&Value>, companies: &HashMap<String, String>) -> Option<String> {
    match v? {
        Value::String(s) => map::non_empty(s),
        Value::Object(_) => {
            let v = v?;
            let data = v.get("data").unwrap_or(v);
            data.get("attributes")
                .and_then(|a| map::text(a, "name"))
                .or_else(|| map::text(data, "name"))
                .or_else(|| {
                    let id = map::id_of(data, "id")?;
                    Some(companies.get(&id).cloned().unwrap_or(id))
                })
        }
        _ => None,
    }
}

/// A relationship's or a plain value's name: a string, `{data: {attributes: {name}}}`,
/// `{data: {id}}`, or a number.
fn related_name(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => map::non_empty(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => {
            let data = o.get("data").unwrap_or(v?);
            if data.is_array() {
                return related_names(Some(data)).into_iter().next();
            }
            data.get("attributes")
                .and_then(|a| map::text(a, "name"))
                .or_else(|| map::text(data, "name"))
                .or_else(|| map::id_of(data, "id"))
        }
        _ => None,
    }
}

/// A list of names: strings, relationship items, or a relationship whose `data` is a list.
fn related_names(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items.iter().filter_map(|i| related_name(Some(i))).collect(),
        Some(Value::Object(o)) => match o.get("data") {
            Some(Value::Array(items)) => {
                items.iter().filter_map(|i| related_name(Some(i))).collect()
            }
            _ => related_name(v).into_iter().collect(),
        },
        Some(Value::String(s)) => map::non_empty(s).into_iter().collect(),
        _ => Vec::new(),
    }
}

impl Adapter for GetOnBoard {
    fn name(&self) -> &str {
        self.config.name()
    }

    fn kind(&self) -> &'static str {
        "getonboard"
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
        Ok(PageRequest::get(self.page_url(1)?, Expect::Json))
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
        let companies: HashMap<String, String> = body
            .get("included")
            .and_then(Value::as_array)
            .map(|inc| {
                inc.iter()
                    .filter(|i| i.get("type").and_then(Value::as_str) == Some("company"))
                    .filter_map(|i| {
                        let id = map::id_of(i, "id")?;
                        let name = i.get("attributes").and_then(|a| map::text(a, "name"))?;
                        Some((id, name))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let meta = body.get("meta");
        let total_pages = meta.and_then(|m| map::number(m, "total_pages"));
        let total = meta
            .and_then(|m| map::number(m, "total_results").or_else(|| map::number(m, "total")))
            .filter(|n| *n >= 0.0)
            .map(|n| n as u64);
        let page = map::param_number(&request.url, "page").unwrap_or(1);
        let more = !data.is_empty()
            && match total_pages {
                Some(t) => (page as f64) < t,
                None => data.len() >= PER_PAGE as usize,
            };
        let next = if more {
            Some(PageRequest::get(self.page_url(page + 1)?, Expect::Json))
        } else {
            None
        };
        Ok(Page {
            postings: map::each_record(data, |v| self.posting(v, &companies)),
            next,
            total,
        })
    }
}
