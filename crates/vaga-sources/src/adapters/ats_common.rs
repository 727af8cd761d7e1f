//! Helpers shared by the ATS-board adapters (Greenhouse, Lever, Ashby, SmartRecruiters,
//! Workable, Recruitee, Gupy career sites, LinkedIn guest search): configuration keys that name
//! a board, the policy of a built-in, record lists, salary periods and HTML entities.

use serde_json::Value;
use url::Url;

use crate::adapter::{RecordError, SourceError};
use crate::config::{ConfigError, SourceConfig};
use crate::posting::SourcePosting;

/// Most records read from one page: a larger page is cut there (a board has a few thousand
/// postings at most; a bigger list is a broken or hostile response).
pub(crate) const MAX_RECORDS: usize = 10_000;

/// Most bytes of an HTML page parsed (LinkedIn, Gupy career sites): a real page is a few hundred
/// kilobytes.
pub(crate) const MAX_HTML_BYTES: usize = 8 * 1024 * 1024;

pub(crate) use super::builtin_policy;

/// A board, company or tenant key that goes into a URL path: letters, digits, `.`, `_` and `-`,
/// 1 to 100 characters (so that it can neither leave its path segment nor add a query).
pub(crate) fn path_key(
    config: &SourceConfig,
    key: &str,
    value: &str,
) -> Result<String, ConfigError> {
    let v = value.trim();
    let ok = !v.is_empty()
        && v.len() <= 100
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && v != "."
        && v != "..";
    if ok {
        Ok(v.to_string())
    } else {
        Err(config.error(format!(
            "{key} = {value:?} is not a board name (letters, digits, '.', '_' and '-' only)"
        )))
    }
}

/// A company or tenant key that becomes a DNS label (`{company}.recruitee.com`): letters, digits
/// and inner `-`, 1 to 63 characters, lower-cased.
pub(crate) fn host_key(
    config: &SourceConfig,
    key: &str,
    value: &str,
) -> Result<String, ConfigError> {
    let v = value.trim().to_ascii_lowercase();
    let ok = !v.is_empty()
        && v.len() <= 63
        && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !v.starts_with('-')
        && !v.ends_with('-');
    if ok {
        Ok(v)
    } else {
        Err(config.error(format!(
            "{key} = {value:?} is not a subdomain (letters, digits and '-' only)"
        )))
    }
}

/// The endpoint of a board whose company is in the host name (`https://{company}.recruitee.com`).
/// With `base_url` set the host is replaced, so the company is sent as a `company=` query
/// parameter for the local replay or proxy to route on.
pub(crate) fn host_keyed_endpoint(
    config: &SourceConfig,
    real: &str,
    company: &str,
) -> Result<Url, ConfigError> {
    let mut url = config.endpoint(real)?;
    if config.base_url.is_some() {
        url.query_pairs_mut().append_pair("company", company);
    }
    Ok(url)
}

/// The source's own error object (`{"ok": false, "error": "…"}`, `{"error": "…"}`,
/// `{"errors": [{"message": "…"}]}`) as a one-line message.
pub(crate) fn reported_error(v: &Value) -> Option<String> {
    let obj = v.as_object()?;
    let failed = obj.get("ok").and_then(Value::as_bool) == Some(false);
    let message = match obj.get("error").or_else(|| obj.get("message")) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Object(o)) => o
            .get("message")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string()),
        _ => None,
    };
    let message = message.or_else(|| {
        obj.get("errors")?
            .as_array()?
            .iter()
            .find_map(|e| {
                e.get("message")
                    .and_then(Value::as_str)
                    .or_else(|| e.as_str())
            })
            .map(|s| s.trim().to_string())
    });
    match (failed, message) {
        (_, Some(m)) => Some(one_line(&m, 200)),
        (true, None) => Some("ok: false".to_string()),
        (false, None) => None,
    }
}

/// `s` with whitespace collapsed, at most `max` characters.
pub(crate) fn one_line(s: &str, max: usize) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max)
        .collect()
}

/// The array under `key` of an object response, or [`SourceError::Malformed`] naming what was
/// there instead.
pub(crate) fn list<'a>(v: &'a Value, key: &str) -> Result<&'a [Value], SourceError> {
    match v.get(key) {
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(SourceError::Malformed(format!(
            "\"{key}\" is {}, not a list",
            crate::map::shape(other)
        ))),
        None => Err(SourceError::Malformed(format!(
            "expected an object with a \"{key}\" list, got {}",
            crate::map::shape(v)
        ))),
    }
}

/// Maps each record (at most [`MAX_RECORDS`]) with `f`; a record that is not an object is a
/// [`RecordError`].
pub(crate) fn map_records(
    items: &[Value],
    mut f: impl FnMut(&Value) -> Result<SourcePosting, String>,
) -> Vec<Result<SourcePosting, RecordError>> {
    items
        .iter()
        .take(MAX_RECORDS)
        .enumerate()
        .map(|(i, item)| {
            if !item.is_object() {
                return Err(RecordError::new(
                    i,
                    format!("{} instead of a record", crate::map::shape(item)),
                ));
            }
            f(item).map_err(|reason| RecordError::new(i, reason))
        })
        .collect()
}

/// Like [`map_records`], for sources whose records may be skipped without error (`Ok(None)`:
/// Ashby's unlisted postings). Record errors keep the record's position on the page.
pub(crate) fn map_some_records(
    items: &[Value],
    mut f: impl FnMut(&Value) -> Result<Option<SourcePosting>, String>,
) -> Vec<Result<SourcePosting, RecordError>> {
    items
        .iter()
        .take(MAX_RECORDS)
        .enumerate()
        .filter_map(|(i, item)| {
            if !item.is_object() {
                return Some(Err(RecordError::new(
                    i,
                    format!("{} instead of a record", crate::map::shape(item)),
                )));
            }
            f(item)
                .map_err(|reason| RecordError::new(i, reason))
                .transpose()
        })
        .collect()
}

/// A required text field, or the reason the record is skipped.
pub(crate) fn required(v: &Value, key: &str) -> Result<String, String> {
    crate::map::text(v, key).ok_or_else(|| format!("no \"{key}\""))
}

/// A required id field (string or number), or the reason the record is skipped.
pub(crate) fn required_id(v: &Value, key: &str) -> Result<String, String> {
    crate::map::id_of(v, key).ok_or_else(|| format!("no \"{key}\""))
}

/// The text at a path of keys (`["address", "postalAddress", "addressLocality"]`).
pub(crate) fn text_at(v: &Value, path: &[&str]) -> Option<String> {
    let (last, parents) = path.split_last()?;
    let mut cur = v;
    for key in parents {
        cur = cur.get(key)?;
    }
    crate::map::text(cur, last)
}

/// A salary period (`hour`, `day`, `week`, `month`, `year`) from the ways ATSs say it:
/// Lever's `per-year-salary`, `per-hour-wage`; Ashby's `1 YEAR`, `1 HOUR`; Recruitee's `year`,
/// `monthly`; a field name such as "Annual Salary Range" or "Hourly pay".
pub(crate) fn salary_period(s: &str) -> Option<&'static str> {
    let s = s.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| s.contains(w));
    if has(&["hour"]) {
        Some("hour")
    } else if has(&["day", "daily", "diar"]) {
        Some("day")
    } else if has(&["week"]) {
        Some("week")
    } else if has(&["month", "mensal", "mensual"]) {
        Some("month")
    } else if has(&["year", "annual", "annum", "anual"]) {
        Some("year")
    } else {
        None
    }
}

/// `html` with its entities decoded when the whole document is entity-encoded
/// (`&lt;p&gt;…`, as Greenhouse sends `content`); real markup is kept as it is.
pub(crate) fn decode_encoded_html(html: &str) -> String {
    let encoded = html.contains("&lt;") && !has_real_tag(html);
    if encoded {
        htmlize::unescape(html).into_owned()
    } else {
        html.to_string()
    }
}

/// Whether `s` holds a real HTML tag (`<p`, `</div`, `<br/>`).
fn has_real_tag(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

/// When an HTML page that should hold data is a bot challenge, captcha or login wall: a short
/// description (its title). `None` for an ordinary page.
pub(crate) fn challenge_page(html: &str) -> Option<String> {
    let head: String = html
        .chars()
        .take(64 * 1024)
        .collect::<String>()
        .to_ascii_lowercase();
    const MARKERS: [&str; 9] = [
        "just a moment",
        "cf-challenge",
        "challenge-platform",
        "captcha",
        "attention required",
        "access denied",
        "are you a robot",
        "authwall",
        "px-captcha",
    ];
    MARKERS.iter().find(|m| head.contains(*m)).map(|m| {
        crate::map::html_instead_of_data(Some("text/html"), html)
            .unwrap_or_else(|| format!("page mentions {m:?}"))
    })
}

/// Texts joined by `sep`, blanks dropped; `None` when all are blank.
pub(crate) fn join(parts: impl IntoIterator<Item = String>, sep: &str) -> Option<String> {
    let parts: Vec<String> = parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(sep))
}

/// Pushes `value` onto `list` unless it is already there (case-insensitive).
pub(crate) fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.iter().any(|v| v.eq_ignore_ascii_case(&value)) {
        list.push(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert_eq!(salary_period("per-year-salary"), Some("year"));
        assert_eq!(salary_period("1 HOUR"), Some("hour"));
        assert_eq!(salary_period("1 MONTH"), Some("month"));
        assert_eq!(salary_period("Pay Transparency Range"), None);
        assert_eq!(salary_period("Annual Base Salary"), Some("year"));
    }

    #[test]
    fn encoded_html_is_decoded_once() {
        assert_eq!(
            decode_encoded_html("&lt;p&gt;Hi &amp;amp; bye&lt;/p&gt;"),
            "<p>Hi &amp; bye</p>"
        );
        assert_eq!(decode_encoded_html("<p>a &lt; b</p>"), "<p>a &lt; b</p>");
    }

    #[test]
    fn keys_cannot_escape_their_place() {
        let cfg = SourceConfig::of_kind("greenhouse");
        assert!(path_key(&cfg, "board", "stone").is_ok());
        assert!(path_key(&cfg, "board", "../x").is_err());
        assert!(path_key(&cfg, "board", "a?b").is_err());
        assert!(host_key(&cfg, "company", "acme-co").is_ok());
        assert!(host_key(&cfg, "company", "evil.com/x").is_err());
    }
}
