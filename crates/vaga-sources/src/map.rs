//! Helpers shared by adapters to read third-party records: fields, dates, and the check that a
//! response is data and not a challenge page.

use serde_json::Value;

use url::Url;

use crate::adapter::{PageResponse, RecordError, SourceError};
use crate::posting::SourcePosting;

/// A string field, trimmed, when non-empty.
pub fn text(v: &Value, key: &str) -> Option<String> {
    let s = v.get(key)?.as_str()?.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// A string field as the source has it (not trimmed), when not blank.
pub fn raw_text(v: &Value, key: &str) -> Option<String> {
    let s = v.get(key)?.as_str()?;
    (!s.trim().is_empty()).then(|| s.to_string())
}

/// An id field, string or number.
pub fn id_of(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A number field, number or numeric string.
pub fn number(v: &Value, key: &str) -> Option<f64> {
    match v.get(key)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().replace(',', "").parse().ok(),
        _ => None,
    }
    .filter(|n: &f64| n.is_finite())
}

/// A boolean field (`true`, `"true"`, `1`).
pub fn boolean(v: &Value, key: &str) -> Option<bool> {
    match v.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A list of strings, trimmed, blanks dropped. A single string counts as a list of one.
pub fn strings(v: &Value, key: &str) -> Vec<String> {
    match v.get(key) {
        Some(Value::String(s)) => non_empty(s).into_iter().collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .filter_map(non_empty)
            .collect(),
        _ => Vec::new(),
    }
}

/// `s` trimmed, when not empty.
pub fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// The last non-empty path segment of a URL, for ids.
pub fn url_slug(url: &str) -> Option<&str> {
    url.split(['?', '#'])
        .next()?
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty() && !s.contains(':'))
}

/// The response body as JSON, after checking it is not an HTML page. Accepts the bare
/// `NaN`/`Infinity` tokens some servers emit (read as `null`).
pub fn json(response: &PageResponse) -> Result<Value, SourceError> {
    let text = response.text();
    if let Some(what) = html_instead_of_data(response.content_type.as_deref(), &text) {
        return Err(SourceError::Challenge(what));
    }
    json_lenient(&text).map_err(|e| SourceError::Malformed(e.to_string()))
}

/// Parses JSON, accepting the bare `NaN`/`Infinity` tokens some servers and Python dumps emit
/// (read as `null`). The error is the one of the text as given.
pub fn json_lenient(text: &str) -> serde_json::Result<Value> {
    match serde_json::from_str(text) {
        Ok(v) => Ok(v),
        Err(first) => {
            let fixed = replace_nonstandard_numbers(text);
            serde_json::from_str(&fixed).map_err(|_| first)
        }
    }
}

/// When a body that should be data is an HTML page: a short description of the page (its title).
pub fn html_instead_of_data(content_type: Option<&str>, body: &str) -> Option<String> {
    let head = body.trim_start_matches('\u{feff}').trim_start();
    let lower: String = head
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    let html_type = content_type.is_some_and(|c| c.to_ascii_lowercase().contains("text/html"));
    let looks_html = lower.starts_with("<!doctype html") || lower.starts_with("<html");
    if !(looks_html || (html_type && lower.starts_with('<') && !lower.starts_with("<?xml"))) {
        return None;
    }
    let title = html_title(head).unwrap_or_else(|| "untitled page".to_string());
    Some(title)
}

/// The `<title>` of an HTML page, whitespace collapsed, at most 80 characters.
fn html_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</title")?;
    let title: String = html
        .get(open_end..close)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let title: String = title.chars().take(80).collect();
    (!title.is_empty()).then(|| format!("{title:?}"))
}

/// Replaces `NaN`, `Infinity` and `-Infinity` outside strings by `null`.
fn replace_nonstandard_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else {
            let token = ["-Infinity", "Infinity", "NaN"]
                .into_iter()
                .find(|t| rest.starts_with(t));
            if let Some(t) = token {
                out.push_str("null");
                rest = &rest[t.len()..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// An ISO 8601 date or UTC date-time from the shapes sources use: ISO 8601 / RFC 3339 (kept as
/// given when it has a time, normalised to `YYYY-MM-DD` otherwise), `DD-MM-YYYY`, `DD/MM/YYYY`,
/// RFC 2822 (`Wed, 28 Sep 2022 16:27:39 +0000`, read as its date) or Unix seconds or
/// milliseconds as a string.
pub fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if digits(s) {
        let n: i64 = s.parse().ok()?;
        return unix_date(if n > 100_000_000_000 { n / 1000 } else { n });
    }
    let ymd = |y: &str, m: &str, d: &str| -> Option<String> {
        let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        ((1970..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
            .then(|| format!("{y:04}-{m:02}-{d:02}"))
    };
    if let (Some(y), Some(m), Some(d)) = (s.get(0..4), s.get(5..7), s.get(8..10))
        && digits(y)
        && digits(m)
        && digits(d)
        && s.get(4..5) == Some("-")
        && s.get(7..8) == Some("-")
    {
        let date = ymd(y, m, d)?;
        // A full RFC 3339 date-time is kept: it is ISO 8601 already.
        let rest = &s[10..];
        if rest.starts_with('T') && rest.len() >= 9 {
            return Some(format!("{date}{rest}"));
        }
        return Some(date);
    }
    let head = s.split([' ', 'T']).next().unwrap_or_default();
    let parts: Vec<&str> = head.split(['-', '/']).collect();
    if let [d, m, y] = parts[..]
        && y.len() == 4
        && digits(d)
        && digits(m)
        && digits(y)
    {
        return ymd(y, m, d);
    }
    // RFC 2822: an optional weekday, then day, month name, year.
    let body = s.split_once(',').map_or(s, |(_, b)| b);
    let mut words = body.split_whitespace();
    let (d, mon, y) = (words.next()?, words.next()?, words.next()?);
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let mon = mon.get(0..3)?.to_ascii_lowercase();
    let m = MONTHS.iter().position(|x| *x == mon)? + 1;
    ymd(y, &m.to_string(), d)
}

/// A date field: a string in any shape [`iso_date`] reads, or a number of Unix seconds (or
/// milliseconds).
pub fn date(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => iso_date(s),
        Value::Number(n) => {
            let n = n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))?;
            unix_date(if n > 100_000_000_000 { n / 1000 } else { n })
        }
        _ => None,
    }
}

/// The UTC date of a Unix time in seconds.
pub fn unix_date(secs: i64) -> Option<String> {
    // Howard Hinnant's civil_from_days.
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (1970..=2100)
        .contains(&y)
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

// ---------------------------------------------------------------------------------------------
// Pages: records, paging guards, error objects (shared by the board adapters)

/// The largest response body an adapter parses (32 MiB): the fetcher caps bodies first, this
/// bounds the work of a parser handed a body by other means.
pub const MAX_BODY: usize = 32 << 20;

/// Refuses a body over [`MAX_BODY`].
pub fn within_limit(response: &PageResponse) -> Result<(), SourceError> {
    if response.body.len() > MAX_BODY {
        return Err(SourceError::Malformed(format!(
            "a response of {} bytes is over the {} MiB limit",
            response.body.len(),
            MAX_BODY >> 20
        )));
    }
    Ok(())
}

/// Maps every record of a page with `f`; a record `f` rejects becomes a [`RecordError`] at its
/// position, and the others go on.
pub fn each_record(
    items: &[Value],
    f: impl Fn(&Value) -> Result<SourcePosting, String>,
) -> Vec<Result<SourcePosting, RecordError>> {
    items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if !v.is_object() {
                return Err(RecordError::new(i, "not an object"));
            }
            f(v).map_err(|reason| RecordError::new(i, reason))
        })
        .collect()
}

/// A field a record cannot go without (a title): its trimmed text, or why it is missing.
pub fn required(v: &Value, key: &str) -> Result<String, String> {
    text(v, key).ok_or_else(|| format!("no {key}"))
}

/// The list under `key` of a response object, or why the page is not the expected document: the
/// source's own error object ([`SourceError::Reported`]) or another shape
/// ([`SourceError::Malformed`]).
pub fn list_at<'a>(body: &'a Value, key: &str) -> Result<&'a [Value], SourceError> {
    if let Some(items) = body.get(key).and_then(Value::as_array) {
        return Ok(items);
    }
    if let Some(reported) = reported_error(body) {
        return Err(SourceError::Reported(reported));
    }
    Err(SourceError::Malformed(format!(
        "expected an object with a {key:?} list, got {}",
        shape(body)
    )))
}

/// The message of an error object a source sends instead of data (`{"error": …}`,
/// `{"errors": [{"title": …}]}`, `{"message": …}`, `{"success": false, …}`), at most 200
/// characters.
pub fn reported_error(body: &Value) -> Option<String> {
    let obj = body.as_object()?;
    let from = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => non_empty(s),
            Value::Array(items) => items.iter().find_map(|e| {
                e.as_str().and_then(non_empty).or_else(|| {
                    ["detail", "title", "message"]
                        .iter()
                        .find_map(|k| text(e, k))
                })
            }),
            Value::Object(_) => ["message", "detail", "title"]
                .iter()
                .find_map(|k| text(v, k)),
            _ => None,
        }
    };
    let message = ["error", "errors", "message"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(from))
        .or_else(|| {
            (obj.get("success") == Some(&Value::Bool(false))
                || obj.get("ok") == Some(&Value::Bool(false)))
            .then(|| "the response says it failed".to_string())
        })?;
    Some(message.chars().take(200).collect())
}

/// A short name of a JSON value's shape, for error messages.
pub fn shape(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The `rel="next"` target of an RFC 8288 `Link` header (GitHub's paging).
pub fn link_next(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim().replace(' ', "");
            p.eq_ignore_ascii_case("rel=\"next\"") || p.eq_ignore_ascii_case("rel=next")
        });
        is_next.then(|| target.to_string())
    })
}

/// `next`, unless it goes nowhere: the URL just fetched, or a `page`/`offset` parameter that
/// does not grow. A source whose "next page" points back would otherwise be fetched until the
/// page cap.
pub fn advancing(current: &Url, next: Url) -> Option<Url> {
    if next == *current {
        return None;
    }
    for key in ["page", "offset"] {
        if let (Some(now), Some(then)) = (param_number(current, key), param_number(&next, key))
            && then <= now
        {
            return None;
        }
    }
    Some(next)
}

/// A copy of `url` with query parameter `key` set to `value` (replacing any earlier values).
pub fn with_param(url: &Url, key: &str, value: &str) -> Url {
    let mut out = url.clone();
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != key)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    {
        let mut q = out.query_pairs_mut();
        q.clear();
        for (k, v) in &kept {
            q.append_pair(k, v);
        }
        q.append_pair(key, value);
    }
    out
}

/// The value of query parameter `key` of `url`, as a number.
pub fn param_number(url: &Url, key: &str) -> Option<u64> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.trim().parse().ok())
}

/// Decodes the few HTML entities found in plain-text fields (`Data Science &amp; Analytics`).
pub fn unescape_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#039;", "'")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
}

/// A scalar JSON value as text: a non-blank string (trimmed), a number or a boolean.
pub fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => non_empty(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A JSON value as a finite number: a number or a numeric string (`"1,500.50"` reads 1500.5).
pub fn value_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().replace(',', "").parse().ok(),
        _ => None,
    }
    .filter(|n: &f64| n.is_finite())
}

/// A JSON value as a boolean (`true`, `"true"`, `"yes"`, `1`).
pub fn value_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A JSON value as an ISO 8601 date: a string [`iso_date`] reads, or Unix seconds (or
/// milliseconds).
pub fn value_date(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => iso_date(s),
        Value::Number(n) => {
            let n = n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))?;
            unix_date(if n > 100_000_000_000 { n / 1000 } else { n })
        }
        _ => None,
    }
}

/// A salary period as [`SourcePosting::salary_period`](crate::SourcePosting) wants it (`hour`,
/// `day`, `week`, `month`, `year`) from the words sources use (`HOUR`, `hourly`, `per annum`,
/// `yearly`, `monthly`…).
pub fn salary_period(s: &str) -> Option<&'static str> {
    let s = s.trim().to_ascii_lowercase();
    let s = s.trim_start_matches("per ").trim_start_matches("a ");
    Some(match s {
        "hour" | "hourly" | "hr" | "h" => "hour",
        "day" | "daily" | "d" => "day",
        "week" | "weekly" | "wk" => "week",
        "month" | "monthly" | "mo" | "mensual" | "mensal" => "month",
        "year" | "yearly" | "annual" | "annually" | "annum" | "yr" | "anual" => "year",
        _ => return None,
    })
}

/// When an HTML page (where HTML is expected: a scraper, a career page) is a bot challenge or an
/// access wall rather than content: a short description of it. Used only when the page gave no
/// records, since real pages may embed a captcha in an apply form.
pub fn challenge_page(html: &str) -> Option<String> {
    let head: String = html
        .chars()
        .take(64 * 1024)
        .collect::<String>()
        .to_ascii_lowercase();
    // Interstitials of Cloudflare, Imperva, PerimeterX, DataDome and Akamai. A bare reCAPTCHA
    // or hCaptcha widget is not enough: legitimate pages carry them in forms.
    const MARKERS: [&str; 8] = [
        "cf-chl",
        "challenge-platform",
        "just a moment...",
        "attention required! | cloudflare",
        "_incapsula_resource",
        "px-captcha",
        "captcha-delivery.com",
        "access denied",
    ];
    let marker = MARKERS.iter().find(|m| head.contains(*m))?;
    Some(html_title(html).unwrap_or_else(|| format!("page with {marker:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_shape() {
        assert_eq!(iso_date("2025-02-13").as_deref(), Some("2025-02-13"));
        assert_eq!(
            iso_date("2025-02-13T10:00:00Z").as_deref(),
            Some("2025-02-13T10:00:00Z")
        );
        assert_eq!(iso_date("13-02-2025").as_deref(), Some("2025-02-13"));
        assert_eq!(
            iso_date("Wed, 28 Sep 2022 16:27:39 +0000").as_deref(),
            Some("2022-09-28")
        );
        assert_eq!(iso_date("1739404800").as_deref(), Some("2025-02-13"));
        assert_eq!(iso_date("not a date"), None);
    }

    #[test]
    fn challenge_pages_are_told_apart() {
        let page = "<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>";
        assert_eq!(
            html_instead_of_data(Some("text/html"), page).as_deref(),
            Some("\"Just a moment...\"")
        );
        assert_eq!(html_instead_of_data(Some("application/json"), "{}"), None);
        assert_eq!(
            html_instead_of_data(Some("application/rss+xml"), "<?xml version=\"1.0\"?><rss/>"),
            None
        );
    }

    #[test]
    fn paging_helpers() {
        let h = "<https://api.github.com/x?page=2>; rel=\"next\", <https://api.github.com/x?page=9>; rel=\"last\"";
        assert_eq!(
            link_next(h).as_deref(),
            Some("https://api.github.com/x?page=2")
        );
        assert_eq!(link_next("<https://a/x?page=1>; rel=\"prev\""), None);
        assert_eq!(link_next("garbage"), None);
        let at = |s: &str| Url::parse(s).expect("url");
        let now = at("https://a.test/x?page=2&offset=40");
        assert_eq!(advancing(&now, now.clone()), None);
        assert_eq!(
            advancing(&now, at("https://a.test/x?page=1&offset=60")),
            None
        );
        assert_eq!(
            advancing(&now, at("https://a.test/x?page=3&offset=20")),
            None
        );
        assert!(advancing(&now, at("https://a.test/x?page=3&offset=60")).is_some());
        assert_eq!(
            with_param(&at("https://a.test/x?a=1&page=2"), "page", "3").as_str(),
            "https://a.test/x?a=1&page=3"
        );
    }

    #[test]
    fn error_objects_and_limits() {
        let v: Value = serde_json::from_str(r#"{"errors": [{"title": "Bad"}]}"#).expect("json");
        assert_eq!(reported_error(&v).as_deref(), Some("Bad"));
        let v: Value = serde_json::from_str(r#"{"success": false}"#).expect("json");
        assert!(reported_error(&v).is_some());
        let v: Value = serde_json::from_str(r#"{"jobs": []}"#).expect("json");
        assert_eq!(reported_error(&v), None);
        assert!(matches!(
            list_at(&v, "data"),
            Err(SourceError::Malformed(_))
        ));
        let big = PageResponse {
            url: Url::parse("https://a.test/").expect("url"),
            status: 200,
            content_type: None,
            headers: Vec::new(),
            body: vec![b' '; MAX_BODY + 1],
        };
        assert!(matches!(within_limit(&big), Err(SourceError::Malformed(_))));
    }

    #[test]
    fn challenge_interstitials_but_not_a_form_captcha() {
        let page = "<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>";
        assert_eq!(
            challenge_page(page).as_deref(),
            Some("\"Just a moment...\"")
        );
        let form = "<html><title>Careers</title><div class=\"g-recaptcha\"></div></html>";
        assert_eq!(challenge_page(form), None);
    }
}
