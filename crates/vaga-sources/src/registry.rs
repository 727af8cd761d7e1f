//! Every kind of source Vaga knows, and how a configuration becomes an [`Adapter`].

use crate::adapter::Adapter;
use crate::config::{ConfigError, SourceConfig};

/// A built-in adapter: a board, feed or ATS Vaga knows by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Builtin {
    /// The kind, also the default name.
    pub kind: &'static str,
    /// One line for `sources list`.
    pub description: &'static str,
    /// Whether it is synced without being configured. Boards that need a key (`board`,
    /// `company`) and opt-in adapters are off until configured.
    pub enabled_by_default: bool,
    /// The key that names what to read, when the kind needs one (`board`, `company`, `query`,
    /// `repo`).
    pub key: Option<&'static str>,
    /// What the board's terms ask of us, shown by `sources list`.
    pub terms: &'static str,
}

/// The built-in adapters, in the order `sources list` shows them.
pub const BUILTINS: &[Builtin] = &[
    // Boards (one helper adds entries here)
    // ATS boards (one helper adds entries here)
];

/// The configurable kinds: `(kind, description)`.
pub const CONFIGURABLE: &[(&str, &str)] = &[
    // Configurable kinds (one helper adds entries here)
    (
        crate::kinds::rss::KIND,
        "an RSS 2.0, Atom or JSON Feed of postings (key: url)",
    ),
    (
        crate::kinds::json_api::KIND,
        "any JSON API mapped with JSONPath (keys: url, items, fields, pagination, headers)",
    ),
    (
        crate::kinds::scraper::KIND,
        "an HTML page read with CSS selectors (keys: url, container, fields, next)",
    ),
    (
        crate::kinds::jsonld::KIND,
        "career pages with schema.org JobPosting JSON-LD (keys: url or urls, follow)",
    ),
];

/// The built-in of `kind`, if it is one.
pub fn builtin(kind: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.kind == kind)
}

/// Builds the adapter a configuration describes.
pub fn build(config: &SourceConfig) -> Result<Box<dyn Adapter>, ConfigError> {
    match config.kind.as_str() {
        // Boards
        // ATS boards
        // Configurable kinds
        crate::kinds::rss::KIND => Ok(Box::new(crate::kinds::rss::RssFeed::from_config(config)?)),
        crate::kinds::json_api::KIND => Ok(Box::new(crate::kinds::json_api::JsonApi::from_config(
            config,
        )?)),
        crate::kinds::scraper::KIND => Ok(Box::new(crate::kinds::scraper::Scraper::from_config(
            config,
        )?)),
        crate::kinds::jsonld::KIND => {
            Ok(Box::new(crate::kinds::jsonld::JsonLd::from_config(config)?))
        }
        other => Err(config.error(format!("unknown kind {other:?}"))),
    }
}
