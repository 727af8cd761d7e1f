//! `jsonld`: any career page that carries schema.org `JobPosting` JSON-LD (the markup search
//! engines read, so most ATS and career sites have it).
//!
//! ```toml
//! [[sources]]
//! name = "acme-careers"
//! kind = "jsonld"
//! urls = ["https://acme.example/careers", "https://acme.example/careers/latam"]
//! follow = "a.job-link@href"   # optional: the pages linked from the listing carry the JSON-LD
//! ```
//!
//! Every `<script type="application/ld+json">` is read: a single object, an array, a `@graph`,
//! with `@type` a string or a list. With `follow`, each link the selector matches on a listed
//! page becomes a posting whose fields come from the JSON-LD of the linked page (fetched through
//! [`Adapter::detail`]). robots.txt is obeyed.

use std::time::Duration;

use scraper::{Html, Selector};
use serde::Deserialize;
use serde_json::Value;
use url::Url;

use super::scraper::Pick;
use super::{check_size, collapse, parse_url, resolve_link, stable_id, user_policy};
use crate::adapter::{
    Adapter, Expect, Page, PageRequest, PageResponse, Policy, RecordError, SourceError,
};
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The kind's name.
pub const KIND: &str = "jsonld";

/// How deep the JSON-LD is searched for `JobPosting` nodes.
const MAX_DEPTH: usize = 16;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    urls: Vec<String>,
    #[serde(default)]
    follow: Option<String>,
}

/// A JSON-LD career page source.
#[derive(Debug, Clone)]
pub struct JsonLd {
    name: String,
    urls: Vec<Url>,
    follow: Option<Pick>,
    scripts: Selector,
    policy: Policy,
}

/// Every `JobPosting` node in `v`, depth first.
fn job_postings<'a>(v: &'a Value, depth: usize, out: &mut Vec<&'a Value>) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| job_postings(i, depth + 1, out)),
        Value::Object(o) => {
            let is_posting = match o.get("@type") {
                Some(Value::String(t)) => is_job_posting(t),
                Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(is_job_posting),
                _ => false,
            };
            if is_posting {
                out.push(v);
                return;
            }
            for (k, child) in o {
                if matches!(
                    k.as_str(),
                    "@graph" | "mainEntity" | "itemListElement" | "item"
                ) || child.is_array()
                {
                    job_postings(child, depth + 1, out);
                }
            }
        }
        _ => {}
    }
}

fn is_job_posting(t: &str) -> bool {
    t == "JobPosting" || t.ends_with("/JobPosting") || t.ends_with(":JobPosting")
}

/// The first element of an array, or the value itself.
fn one(v: &Value) -> &Value {
    static NULL: Value = Value::Null;
    match v {
        Value::Array(a) => a.first().unwrap_or(&NULL),
        other => other,
    }
}

/// A name: a string, or an object's `name`.
fn name_of(v: &Value) -> Option<String> {
    match one(v) {
        Value::Object(_) => one(v).get("name").and_then(map::value_text),
        other => map::value_text(other),
    }
    .and_then(|s| collapse(&s))
}

/// Reads a JSON-LD script's text, forgiving the usual mistakes (HTML comments or CDATA around
/// it, a trailing semicolon, raw line breaks inside strings).
fn read_script(text: &str) -> Option<Value> {
    let t = text
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim()
        .trim_start_matches("//<![CDATA[")
        .trim_end_matches("//]]>")
        .trim()
        .trim_end_matches(';');
    serde_json::from_str(t).ok().or_else(|| {
        let cleaned: String = t
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str(&cleaned).ok()
    })
}

/// Fills `p` from one `JobPosting` node.
fn fill(p: &mut SourcePosting, node: &Value) {
    let get = |k: &str| node.get(k).filter(|v| !v.is_null());
    if let Some(c) = get("hiringOrganization").and_then(name_of) {
        p.company = Some(c);
    }
    if let Some(d) = get("description").and_then(map::value_text) {
        p.description = Some(d);
    }
    p.posted_at = get("datePosted")
        .and_then(map::value_date)
        .or(p.posted_at.take());
    p.expires_at = get("validThrough")
        .and_then(map::value_date)
        .or(p.expires_at.take());
    if let Some(t) = get("employmentType") {
        let types: Vec<String> = match t {
            Value::Array(a) => a.iter().filter_map(map::value_text).collect(),
            other => map::value_text(other).into_iter().collect(),
        };
        if !types.is_empty() {
            p.job_type = Some(types.join(", "));
        }
    }
    let places: Vec<&Value> = match get("jobLocation") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    };
    let mut locations = Vec::new();
    for (i, place) in places.iter().enumerate() {
        let address = place.get("address").unwrap_or(place);
        if let Some(text) = address.as_str().and_then(collapse) {
            locations.push(text);
            continue;
        }
        let city = address.get("addressLocality").and_then(name_of);
        let region = address.get("addressRegion").and_then(name_of);
        let country = address.get("addressCountry").and_then(name_of);
        if i == 0 {
            p.city = city.clone();
            p.country = country.clone();
        }
        let parts: Vec<String> = [city, region, country].into_iter().flatten().collect();
        if !parts.is_empty() {
            locations.push(parts.join(", "));
        } else if let Some(n) = place.get("name").and_then(name_of) {
            locations.push(n);
        }
    }
    if !locations.is_empty() {
        p.location = Some(locations.join("; "));
    }
    let location_type = get("jobLocationType")
        .map(|v| match v {
            Value::Array(a) => a.iter().filter_map(map::value_text).collect::<Vec<_>>(),
            other => map::value_text(other).into_iter().collect(),
        })
        .unwrap_or_default();
    if location_type
        .iter()
        .any(|t| t.eq_ignore_ascii_case("TELECOMMUTE"))
    {
        p.remote = Some(true);
        p.workplace_type = Some("remote".to_string());
    }
    if let Some(reqs) = get("applicantLocationRequirements") {
        let list: Vec<&Value> = match reqs {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        p.location_restrictions = list.into_iter().filter_map(name_of).collect();
    }
    if let Some(salary) = get("baseSalary").map(one) {
        let currency = salary.get("currency").and_then(map::value_text);
        let value = salary.get("value").map(one);
        let (mut min, mut max, mut unit) = (None, None, salary.get("unitText"));
        match value {
            Some(v @ Value::Object(_)) => {
                let exact = v.get("value").and_then(map::value_number);
                min = v.get("minValue").and_then(map::value_number).or(exact);
                max = v.get("maxValue").and_then(map::value_number).or(exact);
                unit = v.get("unitText").or(unit);
            }
            Some(v) => {
                min = map::value_number(v);
                max = min;
            }
            None => {}
        }
        let period = unit
            .and_then(map::value_text)
            .and_then(|u| map::salary_period(&u));
        if min.is_some() || max.is_some() {
            p.set_structured_salary(min, max, currency.as_deref(), period);
        }
    }
    if get("directApply").and_then(map::value_bool) == Some(true) {
        p.apply_url = p.url.clone();
    }
    p.raw = node.clone();
}

impl JsonLd {
    /// Builds the source from its configuration.
    pub fn from_config(cfg: &SourceConfig) -> Result<Self, ConfigError> {
        let opts: Options = cfg.options()?;
        let mut urls = Vec::new();
        if let Some(u) = &opts.url {
            urls.push(parse_url(cfg, "url", u)?);
        }
        for (i, u) in opts.urls.iter().enumerate() {
            urls.push(parse_url(cfg, &format!("urls[{i}]"), u)?);
        }
        if urls.is_empty() {
            return Err(cfg.error("url: required (or urls = [...])"));
        }
        let follow = opts
            .follow
            .as_deref()
            .map(|s| Pick::parse(cfg, "follow", s))
            .transpose()?;
        let scripts =
            Selector::parse("script[type]").map_err(|e| cfg.error(format!("internal: {e}")))?;
        let base = Policy {
            min_interval: Duration::from_secs(2),
            obey_robots: true,
            ..Policy::default()
        };
        let mut policy = user_policy(cfg, base);
        policy.max_pages = policy.max_pages.max(urls.len().min(1000));
        if cfg.max_pages.is_some() {
            policy = cfg.apply_policy(policy);
        }
        Ok(JsonLd {
            name: cfg.name().to_string(),
            urls,
            follow,
            scripts,
            policy,
        })
    }

    /// The JSON-LD blocks of a page: parsed values, and the indexes of blocks that mention
    /// `JobPosting` but could not be read.
    fn blocks(&self, html: &Html) -> (Vec<Value>, Vec<String>) {
        let mut values = Vec::new();
        let mut broken = Vec::new();
        for script in html.select(&self.scripts) {
            let ty = script.value().attr("type").unwrap_or_default();
            if !ty
                .trim()
                .to_ascii_lowercase()
                .starts_with("application/ld+json")
            {
                continue;
            }
            let text: String = script.text().collect();
            match read_script(&text) {
                Some(v) => values.push(v),
                None if text.contains("JobPosting") => {
                    broken.push("a JobPosting JSON-LD block is not valid JSON".to_string());
                }
                None => {}
            }
        }
        (values, broken)
    }

    fn posting(
        &self,
        node: &Value,
        index: usize,
        page_url: &Url,
    ) -> Result<SourcePosting, RecordError> {
        let title = node
            .get("title")
            .and_then(map::value_text)
            .or_else(|| node.get("name").and_then(map::value_text))
            .and_then(|t| collapse(&t))
            .ok_or_else(|| RecordError::new(index, "JobPosting without a title"))?;
        let url = node
            .get("url")
            .and_then(map::value_text)
            .and_then(|u| resolve_link(page_url, &u))
            .map(|u| u.to_string());
        let identifier = node.get("identifier").map(one).and_then(|id| match id {
            Value::Object(_) => id.get("value").and_then(map::value_text),
            other => map::value_text(other),
        });
        let external_id = identifier
            .or_else(|| url.clone())
            .unwrap_or_else(|| stable_id(&[page_url.as_str(), &title]));
        let mut p = SourcePosting::new(&self.name, external_id, title);
        p.url = url.or_else(|| Some(page_url.to_string()));
        fill(&mut p, node);
        Ok(p)
    }
}

impl Adapter for JsonLd {
    fn name(&self) -> &str {
        &self.name
    }

    fn kind(&self) -> &'static str {
        KIND
    }

    fn policy(&self) -> Policy {
        self.policy.clone()
    }

    fn first(&self) -> Result<PageRequest, SourceError> {
        let url = self
            .urls
            .first()
            .ok_or_else(|| SourceError::Config("no URL".into()))?;
        Ok(PageRequest::get(url.clone(), Expect::Html))
    }

    fn parse(
        &self,
        _request: &PageRequest,
        response: &PageResponse,
        page: usize,
    ) -> Result<Page, SourceError> {
        check_size(&response.body)?;
        let text = response.text();
        let html = Html::parse_document(&text);
        let (blocks, broken) = self.blocks(&html);
        let mut nodes = Vec::new();
        for b in &blocks {
            job_postings(b, 0, &mut nodes);
        }
        let mut postings: Vec<Result<SourcePosting, RecordError>> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| self.posting(n, i, &response.url))
            .collect();
        if let Some(follow) = &self.follow {
            let mut seen: Vec<String> = postings
                .iter()
                .filter_map(|p| p.as_ref().ok()?.url.clone())
                .collect();
            for link in follow.elements(html.root_element()) {
                let Some(url) = follow
                    .read(link)
                    .and_then(|href| resolve_link(&response.url, &href))
                else {
                    continue;
                };
                let url = url.to_string();
                if seen.contains(&url) {
                    continue;
                }
                seen.push(url.clone());
                let title = collapse(&link.text().collect::<String>())
                    .or_else(|| map::url_slug(&url).map(str::to_string))
                    .unwrap_or_else(|| url.clone());
                let mut p = SourcePosting::new(&self.name, url.clone(), title);
                p.url = Some(url);
                postings.push(Ok(p));
            }
        }
        let first_broken = postings.len();
        postings.extend(
            broken
                .into_iter()
                .enumerate()
                .map(|(i, reason)| Err(RecordError::new(first_broken + i, reason))),
        );
        if postings.is_empty()
            && let Some(what) = map::challenge_page(&text)
        {
            return Err(SourceError::Challenge(what));
        }
        let next = (page + 1 < self.policy.max_pages)
            .then(|| self.urls.get(page + 1))
            .flatten()
            .map(|u| PageRequest::get(u.clone(), Expect::Html));
        Ok(Page {
            postings,
            next,
            total: None,
        })
    }

    fn detail(&self, posting: &SourcePosting) -> Option<PageRequest> {
        // Only postings that came from a followed link (id = its URL, no JSON-LD read yet).
        if self.follow.is_none() || !posting.raw.is_null() {
            return None;
        }
        let url = Url::parse(posting.url.as_deref()?).ok()?;
        Some(PageRequest::get(url, Expect::Html))
    }

    fn apply_detail(
        &self,
        posting: &mut SourcePosting,
        response: &PageResponse,
    ) -> Result<(), SourceError> {
        check_size(&response.body)?;
        let text = response.text();
        let html = Html::parse_document(&text);
        let (blocks, _) = self.blocks(&html);
        let mut nodes = Vec::new();
        for b in &blocks {
            job_postings(b, 0, &mut nodes);
        }
        let Some(node) = nodes.first() else {
            if let Some(what) = map::challenge_page(&text) {
                return Err(SourceError::Challenge(what));
            }
            return Err(SourceError::Malformed(format!(
                "no JobPosting JSON-LD on {}",
                response.url
            )));
        };
        if let Some(t) = node
            .get("title")
            .or_else(|| node.get("name"))
            .and_then(map::value_text)
            .and_then(|t| collapse(&t))
        {
            posting.title = t;
        }
        if let Some(u) = node
            .get("url")
            .and_then(map::value_text)
            .and_then(|u| resolve_link(&response.url, &u))
        {
            posting.url = Some(u.to_string());
        }
        fill(posting, node);
        Ok(())
    }
}
