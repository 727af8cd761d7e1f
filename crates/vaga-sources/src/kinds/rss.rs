//! `rss`: an RSS 2.0, Atom or JSON Feed of postings (a board's feed, a company's own feed).
//!
//! ```toml
//! [[sources]]
//! name = "wwr-programming"
//! kind = "rss"
//! url = "https://weworkremotely.com/categories/remote-programming-jobs.rss"
//! title_split = ": "        # "Company: Role" titles → company + title
//! remote = true
//! ```
//!
//! Mapping: title; the first link → url; the entry id (RSS `guid`, Atom `id`) → external id, or
//! the link when the feed has none; content, else summary → description; published, else
//! updated → posted_at; categories → tags; the first author → company. Fixed `company`,
//! `location` and `remote` options apply to every entry.

use serde::Deserialize;
use serde_json::json;
use url::Url;

use super::{check_size, collapse, parse_url, stable_id, user_policy};
use crate::adapter::{
    Adapter, Expect, Page, PageRequest, PageResponse, Policy, RecordError, SourceError,
};
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The kind's name.
pub const KIND: &str = "rss";

/// The keys of an `rss` source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    url: String,
    #[serde(default)]
    title_split: Option<String>,
    #[serde(default)]
    company: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    remote: Option<bool>,
}

/// A feed source.
#[derive(Debug, Clone)]
pub struct RssFeed {
    name: String,
    url: Url,
    title_split: Option<String>,
    company: Option<String>,
    location: Option<String>,
    remote: Option<bool>,
    policy: Policy,
}

impl RssFeed {
    /// Builds the source from its configuration.
    pub fn from_config(cfg: &SourceConfig) -> Result<Self, ConfigError> {
        let opts: Options = cfg.options()?;
        let url = parse_url(cfg, "url", &opts.url)?;
        if opts.title_split.as_deref() == Some("") {
            return Err(cfg.error("title_split: must not be empty"));
        }
        Ok(RssFeed {
            name: cfg.name().to_string(),
            url,
            title_split: opts.title_split,
            company: opts.company.as_deref().and_then(map::non_empty),
            location: opts.location.as_deref().and_then(map::non_empty),
            remote: opts.remote,
            policy: user_policy(cfg, Policy::default()),
        })
    }

    fn posting(
        &self,
        entry: &feed_rs::model::Entry,
        index: usize,
    ) -> Result<SourcePosting, RecordError> {
        let raw_title = entry
            .title
            .as_ref()
            .and_then(|t| collapse(&t.content))
            .ok_or_else(|| RecordError::new(index, "entry without a title"))?;
        let (mut company, title) = match self.title_split.as_deref() {
            Some(sep) => match raw_title.split_once(sep) {
                Some((c, t)) if !c.trim().is_empty() && !t.trim().is_empty() => {
                    (Some(c.trim().to_string()), t.trim().to_string())
                }
                _ => (None, raw_title.clone()),
            },
            None => (None, raw_title.clone()),
        };
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or_else(|| entry.links.first())
            .and_then(|l| map::non_empty(&l.href));
        let external_id = map::non_empty(&entry.id)
            .or_else(|| link.clone())
            .unwrap_or_else(|| stable_id(&[&raw_title]));
        let mut p = SourcePosting::new(&self.name, external_id, title);
        if company.is_none() {
            company = entry
                .authors
                .first()
                .and_then(|a| a.name.as_deref())
                .and_then(map::non_empty);
        }
        p.company = self.company.clone().or(company);
        p.url = link;
        p.location = self.location.clone();
        p.remote = self.remote;
        p.description = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .and_then(map::non_empty)
            .or_else(|| {
                entry
                    .summary
                    .as_ref()
                    .and_then(|s| map::non_empty(&s.content))
            });
        p.posted_at = entry
            .published
            .or(entry.updated)
            .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        p.tags = entry
            .categories
            .iter()
            .filter_map(|c| map::non_empty(c.label.as_deref().unwrap_or(&c.term)))
            .collect();
        p.raw = json!({
            "id": entry.id,
            "title": raw_title,
            "links": entry.links.iter().map(|l| l.href.clone()).collect::<Vec<_>>(),
            "authors": entry.authors.iter().map(|a| a.name.clone()).collect::<Vec<_>>(),
            "categories": entry.categories.iter().map(|c| c.term.clone()).collect::<Vec<_>>(),
            "published": p.posted_at,
        });
        Ok(p)
    }
}

impl Adapter for RssFeed {
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
        Ok(PageRequest::get(self.url.clone(), Expect::Xml))
    }

    fn parse(
        &self,
        _request: &PageRequest,
        response: &PageResponse,
        _page: usize,
    ) -> Result<Page, SourceError> {
        parse_feed(self, response)
    }
}

fn parse_feed(feed: &RssFeed, response: &PageResponse) -> Result<Page, SourceError> {
    check_size(&response.body)?;
    let text = response.text();
    if let Some(what) = map::html_instead_of_data(response.content_type.as_deref(), &text) {
        return Err(SourceError::Challenge(what));
    }
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(response.url.as_str()))
        .id_generator(|_, _, _| String::new())
        .build();
    let parsed = parser
        .parse(response.body.as_slice())
        .map_err(|e| SourceError::Malformed(format!("not an RSS, Atom or JSON feed: {e}")))?;
    let postings = parsed
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| feed.posting(e, i))
        .collect();
    Ok(Page {
        postings,
        next: None,
        total: None,
    })
}
