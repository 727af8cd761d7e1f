//! Configurable kinds: RSS/Atom feeds, JSON APIs, HTML scrapers and schema.org `JobPosting`
//! JSON-LD pages, each mapped into a [`SourcePosting`](crate::SourcePosting) by the user's
//! configuration.
//!
//! Every kind reads its keys from [`SourceConfig::options`] into a struct that denies unknown
//! keys, and checks everything it can when it is built (URLs, CSS selectors, JSONPath
//! expressions, `${VAR}` references), so that a mistake is a [`ConfigError`] naming the key
//! before any request is made. User kinds never fetch private or loopback addresses unless the
//! configuration sets `allow_private = true`.

use url::Url;

use crate::adapter::{Policy, SourceError};
use crate::config::{ConfigError, SourceConfig};

pub mod json_api;
pub mod jsonld;
pub mod rss;
pub mod scraper;

/// The most bytes a configurable kind parses from one response: anything longer is
/// [`SourceError::Malformed`] (the fetcher caps responses too; this keeps the parsers bounded
/// whoever calls them).
pub const MAX_BODY: usize = 16 * 1024 * 1024;

/// A body larger than [`MAX_BODY`] is refused.
pub(crate) fn check_size(body: &[u8]) -> Result<(), SourceError> {
    if body.len() > MAX_BODY {
        return Err(SourceError::Malformed(format!(
            "response of {} bytes is over the {MAX_BODY}-byte limit",
            body.len()
        )));
    }
    Ok(())
}

/// The policy of a user kind: `base` with private addresses refused, then the configuration's
/// overrides (`allow_private`, `min_interval_seconds`, `max_pages`, `delay_seconds`).
pub(crate) fn user_policy(cfg: &SourceConfig, base: Policy) -> Policy {
    cfg.apply_policy(Policy {
        allow_private: false,
        ..base
    })
}

/// The URL of key `key`: parsed, `http` or `https`, and rebased on `base_url` when set.
pub(crate) fn parse_url(cfg: &SourceConfig, key: &str, value: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(value.trim()).map_err(|e| cfg.error(format!("{key}: bad URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(cfg.error(format!(
            "{key}: only http and https URLs can be fetched, not {:?}",
            url.scheme()
        )));
    }
    Ok(cfg.rebase(url))
}

/// `href` resolved against `base`, when it is an `http(s)` URL.
pub(crate) fn resolve_link(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let url = base.join(href).ok()?;
    matches!(url.scheme(), "http" | "https").then_some(url)
}

/// Replaces every `${NAME}` in `text` by `env(NAME)`. `key` names the configuration key in
/// errors; values never appear in them.
pub fn expand_env(
    cfg: &SourceConfig,
    key: &str,
    text: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<String, ConfigError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| cfg.error(format!("{key}: unclosed \"${{\"")))?;
        let name = &after[..end];
        let valid = !name.is_empty()
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(cfg.error(format!("{key}: bad variable name {name:?} in \"${{…}}\"")));
        }
        let value = env(name).ok_or_else(|| {
            cfg.error(format!(
                "{key}: environment variable {name} is not set (referenced as ${{{name}}})"
            ))
        })?;
        out.push_str(&value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The process environment, for [`expand_env`].
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// A short stable id for a record that has neither an id nor a URL (FNV-1a of its text, hex).
pub(crate) fn stable_id(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0x1f)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("h{hash:016x}")
}

/// Whitespace runs collapsed to one space, trimmed; `None` when empty.
pub(crate) fn collapse(text: &str) -> Option<String> {
    let s = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        (name == "TOKEN").then(|| "s3cret".to_string())
    }

    #[test]
    fn env_references_are_expanded_and_missing_ones_named() {
        let cfg = SourceConfig::of_kind("json_api");
        assert_eq!(
            expand_env(&cfg, "headers.Authorization", "Bearer ${TOKEN}", &env).expect("set"),
            "Bearer s3cret"
        );
        assert_eq!(
            expand_env(&cfg, "h", "$5 ${TOKEN}$", &env).expect("set"),
            "$5 s3cret$"
        );
        let err = expand_env(&cfg, "headers.X", "${NOPE}", &env).expect_err("missing");
        assert!(err.to_string().contains("NOPE"), "{err}");
        assert!(err.to_string().contains("headers.X"), "{err}");
        assert!(expand_env(&cfg, "h", "${TOKEN", &env).is_err());
        assert!(expand_env(&cfg, "h", "${1A}", &env).is_err());
    }

    #[test]
    fn stable_ids_are_stable() {
        assert_eq!(stable_id(&["a", "b"]), stable_id(&["a", "b"]));
        assert_ne!(stable_id(&["ab", ""]), stable_id(&["a", "b"]));
    }
}
