//! `scraper`: an HTML page of postings read with CSS selectors.
//!
//! ```toml
//! [[sources]]
//! name = "acme-careers"
//! kind = "scraper"
//! url = "https://acme.example/careers"
//! container = "div.job"
//! fields = { title = "h2", url = "a@href", location = ".loc", posted_at = "time@datetime" }
//! next = "a.next@href"
//! max_pages = 5
//! delay_seconds = [1, 3]
//! ```
//!
//! Each element matching `container` is one posting; each field selector is matched inside it
//! (the first match, or every match for `tags`). A `selector@attr` reads an attribute instead of
//! the text; `@attr` alone reads the container's own attribute. Links are resolved against the
//! page's URL. robots.txt is obeyed.

use std::time::Duration;

use scraper::{ElementRef, Html, Selector};
use serde::Deserialize;
use serde_json::json;
use url::Url;

use super::{check_size, collapse, parse_url, resolve_link, stable_id, user_policy};
use crate::adapter::{
    Adapter, Expect, Page, PageRequest, PageResponse, Policy, RecordError, SourceError,
};
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The kind's name.
pub const KIND: &str = "scraper";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    url: String,
    container: String,
    fields: FieldOptions,
    #[serde(default)]
    next: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldOptions {
    title: Option<String>,
    id: Option<String>,
    url: Option<String>,
    apply_url: Option<String>,
    company: Option<String>,
    location: Option<String>,
    posted_at: Option<String>,
    expires_at: Option<String>,
    description: Option<String>,
    salary: Option<String>,
    job_type: Option<String>,
    tags: Option<String>,
}

/// A compiled `selector@attr`.
#[derive(Debug, Clone)]
pub(crate) struct Pick {
    /// `None`: the container (or document) itself.
    selector: Option<Selector>,
    attr: Option<String>,
}

impl Pick {
    /// Parses `selector`, `selector@attr` or `@attr`.
    pub(crate) fn parse(cfg: &SourceConfig, key: &str, spec: &str) -> Result<Pick, ConfigError> {
        let spec = spec.trim();
        let (sel, attr) = match spec.rsplit_once('@') {
            Some((s, a))
                if !a.is_empty()
                    && a.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':')) =>
            {
                (s.trim(), Some(a.to_string()))
            }
            _ => (spec, None),
        };
        let selector = if sel.is_empty() {
            if attr.is_none() {
                return Err(cfg.error(format!("{key}: empty selector")));
            }
            None
        } else {
            Some(
                Selector::parse(sel)
                    .map_err(|e| cfg.error(format!("{key}: bad CSS selector {sel:?}: {e}")))?,
            )
        };
        Ok(Pick { selector, attr })
    }

    /// The elements the selector matches inside `scope` (`scope` itself for `@attr`).
    pub(crate) fn elements<'a>(&self, scope: ElementRef<'a>) -> Vec<ElementRef<'a>> {
        match &self.selector {
            Some(s) => scope.select(s).collect(),
            None => vec![scope],
        }
    }

    /// The attribute or text of `el`.
    pub(crate) fn read(&self, el: ElementRef<'_>) -> Option<String> {
        match &self.attr {
            Some(a) => el.value().attr(a).and_then(collapse),
            None => collapse(&el.text().collect::<String>()),
        }
    }

    /// The first non-empty value inside `scope`.
    pub(crate) fn first(&self, scope: ElementRef<'_>) -> Option<String> {
        self.elements(scope).into_iter().find_map(|e| self.read(e))
    }

    /// Every non-empty value inside `scope`.
    fn all(&self, scope: ElementRef<'_>) -> Vec<String> {
        self.elements(scope)
            .into_iter()
            .filter_map(|e| self.read(e))
            .collect()
    }

    /// The first match's inner HTML (an attribute's value when `@attr` is given).
    fn html(&self, scope: ElementRef<'_>) -> Option<String> {
        if self.attr.is_some() {
            return self.first(scope);
        }
        self.elements(scope)
            .into_iter()
            .find_map(|e| map::non_empty(&e.inner_html()))
    }
}

#[derive(Debug, Clone)]
struct Fields {
    title: Pick,
    id: Option<Pick>,
    url: Option<Pick>,
    apply_url: Option<Pick>,
    company: Option<Pick>,
    location: Option<Pick>,
    posted_at: Option<Pick>,
    expires_at: Option<Pick>,
    description: Option<Pick>,
    salary: Option<Pick>,
    job_type: Option<Pick>,
    tags: Option<Pick>,
}

/// An HTML scraper source.
#[derive(Debug, Clone)]
pub struct Scraper {
    name: String,
    url: Url,
    container: Selector,
    fields: Fields,
    next: Option<Pick>,
    policy: Policy,
}

impl Scraper {
    /// Builds the source from its configuration.
    pub fn from_config(cfg: &SourceConfig) -> Result<Self, ConfigError> {
        let opts: Options = cfg.options()?;
        let url = parse_url(cfg, "url", &opts.url)?;
        let container = Selector::parse(opts.container.trim()).map_err(|e| {
            cfg.error(format!(
                "container: bad CSS selector {:?}: {e}",
                opts.container
            ))
        })?;
        let f = &opts.fields;
        let pick = |key: &str, spec: &Option<String>| -> Result<Option<Pick>, ConfigError> {
            spec.as_deref()
                .map(|s| Pick::parse(cfg, &format!("fields.{key}"), s))
                .transpose()
        };
        let title = pick("title", &f.title)?
            .ok_or_else(|| cfg.error("fields.title: required (a CSS selector such as \"h2\")"))?;
        let fields = Fields {
            title,
            id: pick("id", &f.id)?,
            url: pick("url", &f.url)?,
            apply_url: pick("apply_url", &f.apply_url)?,
            company: pick("company", &f.company)?,
            location: pick("location", &f.location)?,
            posted_at: pick("posted_at", &f.posted_at)?,
            expires_at: pick("expires_at", &f.expires_at)?,
            description: pick("description", &f.description)?,
            salary: pick("salary", &f.salary)?,
            job_type: pick("job_type", &f.job_type)?,
            tags: pick("tags", &f.tags)?,
        };
        let next = opts
            .next
            .as_deref()
            .map(|s| Pick::parse(cfg, "next", s))
            .transpose()?;
        let base = Policy {
            min_interval: Duration::from_secs(2),
            max_pages: 10,
            obey_robots: true,
            ..Policy::default()
        };
        Ok(Scraper {
            name: cfg.name().to_string(),
            url,
            container,
            fields,
            next,
            policy: user_policy(cfg, base),
        })
    }

    fn posting(
        &self,
        el: ElementRef<'_>,
        index: usize,
        base: &Url,
    ) -> Result<SourcePosting, RecordError> {
        let f = &self.fields;
        let get = |p: &Option<Pick>| p.as_ref().and_then(|p| p.first(el));
        let link = |p: &Option<Pick>| {
            get(p).map(|href| resolve_link(base, &href).map_or(href, |u| u.to_string()))
        };
        let title = f
            .title
            .first(el)
            .ok_or_else(|| RecordError::new(index, "no title in the container"))?;
        let url = link(&f.url);
        let company = get(&f.company);
        let location = get(&f.location);
        let external_id = get(&f.id).or_else(|| url.clone()).unwrap_or_else(|| {
            stable_id(&[
                &title,
                company.as_deref().unwrap_or_default(),
                location.as_deref().unwrap_or_default(),
            ])
        });
        let mut p = SourcePosting::new(&self.name, external_id, title);
        p.url = url;
        p.apply_url = link(&f.apply_url);
        p.company = company;
        p.location = location;
        p.posted_at = get(&f.posted_at).and_then(|d| map::iso_date(&d));
        p.expires_at = get(&f.expires_at).and_then(|d| map::iso_date(&d));
        p.description = f.description.as_ref().and_then(|d| d.html(el));
        p.salary = get(&f.salary);
        p.job_type = get(&f.job_type);
        p.tags = f.tags.as_ref().map(|t| t.all(el)).unwrap_or_default();
        p.raw = json!({ "html": el.html().chars().take(4096).collect::<String>() });
        Ok(p)
    }
}

impl Adapter for Scraper {
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
        Ok(PageRequest::get(self.url.clone(), Expect::Html))
    }

    fn parse(
        &self,
        request: &PageRequest,
        response: &PageResponse,
        page: usize,
    ) -> Result<Page, SourceError> {
        check_size(&response.body)?;
        let text = response.text();
        let doc = Html::parse_document(&text);
        let root = doc.root_element();
        let postings: Vec<_> = root
            .select(&self.container)
            .enumerate()
            .map(|(i, el)| self.posting(el, i, &response.url))
            .collect();
        if postings.is_empty()
            && let Some(what) = map::challenge_page(&text)
        {
            return Err(SourceError::Challenge(what));
        }
        let next = match &self.next {
            Some(pick) if page + 1 < self.policy.max_pages && !postings.is_empty() => pick
                .first(root)
                .and_then(|href| resolve_link(&response.url, &href))
                .filter(|u| *u != request.url && *u != response.url)
                .map(|u| PageRequest::get(u, Expect::Html)),
            _ => None,
        };
        Ok(Page {
            postings,
            next,
            total: None,
        })
    }
}
