//! A source's configuration: one `[[sources]]` table of the config file.
//!
//! ```toml
//! [[sources]]
//! name = "stone"                      # unique; defaults to the kind for built-ins
//! kind = "greenhouse"                 # a built-in adapter, or rss | json_api | scraper | jsonld
//! board = "stone"                     # the kind's own keys
//! base_url = "http://127.0.0.1:8080"  # optional: replaces scheme, host and port of the service
//! ```

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::adapter::Policy;

/// One `[[sources]]` table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceConfig {
    /// Unique name; defaults to the kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A built-in adapter (`remotive`, `greenhouse`…) or a configurable kind (`rss`, `json_api`,
    /// `scraper`, `jsonld`).
    pub kind: String,
    /// Whether `sources sync` fetches it. Default: the built-in's default, `true` for configured
    /// kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Replaces the scheme, host and port of every URL of the source (paths and parameters stay
    /// those of the real service): for a local replay or a proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<Url>,
    /// Whether private, loopback and link-local addresses may be fetched. Default: `false`,
    /// except for a built-in whose `base_url` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_private: Option<bool>,
    /// Least seconds between two requests to one host, overriding the source's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_interval_seconds: Option<f64>,
    /// Most pages fetched in one sync, overriding the source's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pages: Option<usize>,
    /// A random wait before each request, `[min, max]` seconds (scrapers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_seconds: Option<[f64; 2]>,
    /// The kind's own keys (`board`, `company`, `query`, `url`, field mappings…).
    #[serde(flatten)]
    pub options: toml::Table,
}

/// A configuration that cannot be used. One line, naming the source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("source {source_name:?}: {message}")]
pub struct ConfigError {
    /// The source's name (or kind).
    pub source_name: String,
    /// What is wrong.
    pub message: String,
}

impl SourceConfig {
    /// A configuration of `kind` with no options.
    pub fn of_kind(kind: &str) -> Self {
        SourceConfig {
            kind: kind.to_string(),
            ..SourceConfig::default()
        }
    }

    /// The source's name: `name`, or else the kind.
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.kind)
    }

    /// An error about this source.
    pub fn error(&self, message: impl Into<String>) -> ConfigError {
        ConfigError {
            source_name: self.name().to_string(),
            message: message.into(),
        }
    }

    /// The kind's own keys as `T` (which should deny unknown fields, so that a typo is an error).
    pub fn options<T: DeserializeOwned>(&self) -> Result<T, ConfigError> {
        T::deserialize(toml::Value::Table(self.options.clone()))
            .map_err(|e| self.error(e.to_string().trim().replace('\n', " ")))
    }

    /// `url` with scheme, host and port replaced by `base_url`'s, when set.
    pub fn rebase(&self, url: Url) -> Url {
        match &self.base_url {
            Some(base) => rebase(url, base),
            None => url,
        }
    }

    /// Parses `url` (a built-in's real endpoint) and rebases it.
    pub fn endpoint(&self, url: &str) -> Result<Url, ConfigError> {
        let parsed = Url::parse(url).map_err(|e| self.error(format!("bad URL {url:?}: {e}")))?;
        Ok(self.rebase(parsed))
    }

    /// `policy` with this configuration's overrides applied.
    pub fn apply_policy(&self, mut policy: Policy) -> Policy {
        if let Some(s) = self
            .min_interval_seconds
            .filter(|s| s.is_finite() && *s >= 0.0)
        {
            policy.min_interval = Duration::from_secs_f64(s);
        }
        if let Some(n) = self.max_pages {
            policy.max_pages = n.max(1);
        }
        if let Some([a, b]) = self.delay_seconds
            && a.is_finite()
            && b.is_finite()
            && a >= 0.0
            && b >= a
        {
            policy.delay_range = Some((Duration::from_secs_f64(a), Duration::from_secs_f64(b)));
        }
        if let Some(allow) = self.allow_private {
            policy.allow_private = allow;
        }
        policy
    }
}

/// `url` with the scheme, host and port of `base`; path, query and fragment stay.
pub fn rebase(url: Url, base: &Url) -> Url {
    let mut out = url.clone();
    // `set_scheme` refuses some special-to-non-special changes; rebuilding is always possible.
    let mut text = format!("{}://", base.scheme());
    if let Some(host) = base.host_str() {
        text.push_str(host);
    }
    if let Some(port) = base.port() {
        text.push_str(&format!(":{port}"));
    }
    text.push_str(url.path());
    if let Some(q) = url.query() {
        text.push('?');
        text.push_str(q);
    }
    if let Ok(rebuilt) = Url::parse(&text) {
        out = rebuilt;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebase_keeps_path_and_query() {
        let real = Url::parse("https://boards-api.greenhouse.io/v1/boards/stone/jobs?content=true")
            .expect("url");
        let base = Url::parse("http://127.0.0.1:8080").expect("url");
        assert_eq!(
            rebase(real, &base).as_str(),
            "http://127.0.0.1:8080/v1/boards/stone/jobs?content=true"
        );
    }

    #[test]
    fn unknown_option_is_an_error() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Opts {
            board: String,
        }
        let mut cfg = SourceConfig::of_kind("greenhouse");
        cfg.options
            .insert("bord".into(), toml::Value::String("x".into()));
        let err = cfg.options::<Opts>().expect_err("typo");
        assert!(err.to_string().contains("bord"), "{err}");
    }
}
