//! [We Work Remotely](https://weworkremotely.com): remote postings from its RSS feeds.
//!
//! `GET https://weworkremotely.com/remote-jobs.rss` (every category) or, with the `category`
//! key, `GET https://weworkremotely.com/categories/{category}.rss`
//! (`remote-back-end-programming-jobs`, `remote-design-jobs`…). One RSS 2.0 document, no paging.
//! Each `<item>` has `<title>Company: Role</title>`, `<region>` (where candidates may live:
//! "Anywhere in the World", "USA Only"), `<category>`, `<type>` (Full-Time, Contract),
//! `<pubDate>` and `<expires_at>` (RFC 2822), `<link>`/`<guid>`, and an HTML-escaped
//! `<description>` whose first block holds "Headquarters" and "URL". Newer feeds add `<country>`,
//! `<state>` and `<skills>` (comma-separated). A generic feed reader may drop these custom tags;
//! this one reads every child of `<item>`.
//!
//! No published API terms: the feed is public; fetched once per sync, with a link back to the
//! posting (`attribution`).

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;

use crate::adapter::{
    Adapter, Expect, Page, PageRequest, PageResponse, Policy, RecordError, SourceError,
};
use crate::adapters::builtin_policy;
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The real feed of every category.
pub const ENDPOINT: &str = "https://weworkremotely.com/remote-jobs.rss";

/// We Work Remotely's keys.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WwrOptions {
    /// A category feed's slug (`remote-back-end-programming-jobs`); default: every category.
    #[serde(default)]
    pub category: Option<String>,
}

/// The We Work Remotely adapter.
#[derive(Debug, Clone)]
pub struct WeWorkRemotely {
    config: SourceConfig,
    url: String,
}

impl WeWorkRemotely {
    /// An adapter for `config` (kind `weworkremotely`).
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let options: WwrOptions = config.options()?;
        let url = match options.category.as_deref().map(str::trim) {
            None | Some("") => ENDPOINT.to_string(),
            Some(c) => {
                let c = c.trim_end_matches(".rss");
                if !c
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                {
                    return Err(config.error(format!(
                        "category {c:?} is not a feed slug (like remote-back-end-programming-jobs)"
                    )));
                }
                format!("https://weworkremotely.com/categories/{c}.rss")
            }
        };
        config.endpoint(&url)?;
        Ok(WeWorkRemotely {
            config: config.clone(),
            url,
        })
    }

    fn posting(&self, item: &Item) -> Result<SourcePosting, String> {
        let get = |k: &str| item.get(k).and_then(|s| map::non_empty(s));
        let url = get("link").or_else(|| get("guid"));
        let key = url
            .as_deref()
            .and_then(map::url_slug)
            .map(str::to_string)
            .ok_or("no link")?;
        let full = get("title").ok_or("no title")?;
        let (company, title) = match full.split_once(": ") {
            Some((c, t)) if !c.trim().is_empty() && !t.trim().is_empty() => {
                (Some(c.trim().to_string()), t.trim().to_string())
            }
            _ => (None, full),
        };
        let mut p = SourcePosting::new(self.config.name(), key, title);
        p.company = company;
        p.url = url;
        let region = get("region");
        p.location = region.clone();
        p.candidate_required_location = region;
        p.location_restrictions = get("country").map(|c| split_list(&c)).unwrap_or_default();
        p.remote = Some(true);
        p.workplace_type = Some("remote".into());
        p.job_type = get("type");
        p.category = get("category");
        p.tags = get("skills").map(|s| split_list(&s)).unwrap_or_default();
        p.description = item
            .get("description")
            .filter(|s| !s.trim().is_empty())
            .cloned();
        p.posted_at = get("pubDate").and_then(|d| map::iso_date(&d));
        p.expires_at = get("expires_at").and_then(|d| map::iso_date(&d));
        let link = p
            .url
            .clone()
            .unwrap_or_else(|| "https://weworkremotely.com".into());
        p.attribution = Some(format!("Source: We Work Remotely ({link})"));
        p.raw = serde_json::to_value(item).unwrap_or_default();
        Ok(p)
    }
}

/// A comma-separated list, trimmed, blanks dropped.
fn split_list(s: &str) -> Vec<String> {
    s.split(',').filter_map(map::non_empty).collect()
}

/// One `<item>`: child element name → text (entities and CDATA resolved once).
type Item = BTreeMap<String, String>;

/// The `<item>`s of an RSS document, and the XML error that ended it early, if one did.
fn parse_items(xml: &str) -> Result<(Vec<Item>, Option<String>), SourceError> {
    use quick_xml::events::Event;

    let mut reader = quick_xml::Reader::from_str(xml);
    let mut items = Vec::new();
    let mut item: Option<Item> = None;
    let mut field: Option<String> = None;
    let mut depth = 0usize;
    let mut buf = String::new();
    let mut root: Option<String> = None;
    // Elements open: a document that ends with some still open was cut short.
    let mut open = 0usize;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) if open > 0 => Err(format!(
                "the document ends inside <{}>",
                root.as_deref().unwrap_or("?")
            )),
            Ok(e) => Ok(e),
            Err(e) => Err(format!(
                "XML error at byte {}: {e}",
                reader.buffer_position()
            )),
        };
        match event {
            Ok(Event::Start(e)) => {
                open += 1;
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if root.is_none() {
                    root = Some(name.clone());
                }
                if name == "item" && item.is_none() {
                    item = Some(Item::new());
                } else if item.is_some() {
                    if field.is_none() {
                        field = Some(name);
                        buf.clear();
                        depth = 0;
                    } else {
                        depth += 1;
                    }
                }
            }
            Ok(Event::Empty(e)) if root.is_none() => {
                root = Some(String::from_utf8_lossy(e.name().as_ref()).into_owned());
            }
            Ok(Event::End(e)) => {
                open = open.saturating_sub(1);
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if field.is_some() && depth > 0 {
                    depth -= 1;
                } else if field.as_deref() == Some(name.as_str()) {
                    if let (Some(item), Some(key)) = (item.as_mut(), field.take()) {
                        item.entry(key).or_insert_with(|| std::mem::take(&mut buf));
                    }
                } else if name == "item" {
                    items.extend(item.take());
                    field = None;
                }
            }
            Ok(Event::Text(t)) if field.is_some() => match t.decode() {
                Ok(s) => buf.push_str(&s),
                Err(_) => buf.push_str(&String::from_utf8_lossy(&t)),
            },
            Ok(Event::CData(t)) if field.is_some() => {
                buf.push_str(&String::from_utf8_lossy(&t.into_inner()));
            }
            Ok(Event::GeneralRef(r)) if field.is_some() => {
                let name = String::from_utf8_lossy(&r).into_owned();
                match r.resolve_char_ref() {
                    Ok(Some(c)) => buf.push(c),
                    _ => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => buf.push_str(s),
                        None => {
                            buf.push('&');
                            buf.push_str(&name);
                            buf.push(';');
                        }
                    },
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => {
                if items.is_empty() {
                    return Err(SourceError::Malformed(error));
                }
                return Ok((items, Some(error)));
            }
        }
    }
    match root.as_deref() {
        Some("rss" | "rdf:RDF") => Ok((items, None)),
        Some(other) => Err(SourceError::Malformed(format!(
            "expected an RSS feed, got a <{other}> document"
        ))),
        None => Err(SourceError::Malformed("empty document".into())),
    }
}

impl Adapter for WeWorkRemotely {
    fn name(&self) -> &str {
        self.config.name()
    }

    fn kind(&self) -> &'static str {
        "weworkremotely"
    }

    fn policy(&self) -> Policy {
        builtin_policy(
            &self.config,
            Policy {
                min_interval: Duration::from_secs(2),
                max_pages: 1,
                // The feed's `<ttl>` is 60 minutes.
                min_sync_interval: Some(Duration::from_secs(3600)),
                ..Policy::default()
            },
        )
    }

    fn first(&self) -> Result<PageRequest, SourceError> {
        let url = self
            .config
            .endpoint(&self.url)
            .map_err(|e| SourceError::Config(e.message))?;
        Ok(PageRequest::get(url, Expect::Xml))
    }

    fn parse(
        &self,
        _request: &PageRequest,
        response: &PageResponse,
        _page: usize,
    ) -> Result<Page, SourceError> {
        map::within_limit(response)?;
        let text = response.text();
        // A feed served as `text/html` is still a feed.
        let head = text.trim_start_matches('\u{feff}').trim_start();
        let feed = ["<?xml", "<rss", "<rdf:RDF"].iter().any(|p| {
            head.get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p))
        });
        if !feed
            && let Some(what) = map::html_instead_of_data(response.content_type.as_deref(), &text)
        {
            return Err(SourceError::Challenge(what));
        }
        let (items, error) = parse_items(text.trim_start_matches('\u{feff}'))?;
        let mut postings: Vec<Result<SourcePosting, RecordError>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| self.posting(item).map_err(|r| RecordError::new(i, r)))
            .collect();
        if let Some(error) = error {
            // The feed broke after some items: keep those, report the rest as one lost record.
            postings.push(Err(RecordError::new(items.len(), error)));
        }
        Ok(Page {
            postings,
            next: None,
            total: None,
        })
    }
}
