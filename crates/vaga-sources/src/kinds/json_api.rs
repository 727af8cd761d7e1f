//! `json_api`: any JSON API, mapped with JSONPath (RFC 9535).
//!
//! ```toml
//! [[sources]]
//! name = "acme-api"
//! kind = "json_api"
//! url = "https://api.example.com/v2/jobs"
//! headers = { Authorization = "Bearer ${ACME_TOKEN}" }   # ${VAR}: from the environment
//! query = { country = "AR" }
//! items = "$.data[*]"
//! fields = { title = "$.title", company = "$.company.name", url = "$.links.public_url", id = "$.id" }
//! pagination = { kind = "page", param = "page", start = 1, size_param = "per_page", size = 50 }
//! ```
//!
//! `items` selects the records in a response; each `fields` path is evaluated on one record.
//! Paging parameters go in the query string (also for `POST`). Paging stops on an empty page, a
//! missing cursor or next link, once `total_path` says all records were seen, at `max_pages`, and
//! whenever the next request would be the one just made.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;
use url::Url;

use super::{check_size, expand_env, parse_url, process_env, resolve_link, user_policy};
use crate::adapter::{
    Adapter, Expect, Page, PageRequest, PageResponse, Policy, RecordError, SourceError,
};
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The kind's name.
pub const KIND: &str = "json_api";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    url: String,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    body: Option<toml::Value>,
    #[serde(default)]
    query: BTreeMap<String, toml::Value>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    items: Option<String>,
    fields: FieldOptions,
    #[serde(default)]
    pagination: Option<PaginationOptions>,
}

/// One JSONPath per posting field; `title` is required.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldOptions {
    title: Option<String>,
    id: Option<String>,
    url: Option<String>,
    apply_url: Option<String>,
    company: Option<String>,
    description: Option<String>,
    location: Option<String>,
    country: Option<String>,
    remote: Option<String>,
    workplace_type: Option<String>,
    salary: Option<String>,
    salary_min: Option<String>,
    salary_max: Option<String>,
    salary_currency: Option<String>,
    salary_period: Option<String>,
    posted_at: Option<String>,
    expires_at: Option<String>,
    tags: Option<String>,
    job_type: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PaginationOptions {
    kind: String,
    #[serde(default)]
    param: Option<String>,
    #[serde(default)]
    start: Option<i64>,
    #[serde(default)]
    size_param: Option<String>,
    #[serde(default)]
    size: Option<u64>,
    #[serde(default)]
    cursor_path: Option<String>,
    #[serde(default)]
    next_path: Option<String>,
    #[serde(default)]
    total_path: Option<String>,
}

/// How a `json_api` source pages.
#[derive(Debug, Clone)]
enum Paging {
    /// One request.
    None,
    /// `param` = start, start + 1, …
    Page { param: String, start: i64 },
    /// `param` = start, start + records so far, …
    Offset { param: String, start: i64 },
    /// `param` = the value at `cursor_path` of the last response.
    Cursor {
        param: String,
        cursor_path: JsonPath,
    },
    /// The URL at `next_path` of the last response, else its `Link: <…>; rel="next"` header.
    NextLink { next_path: Option<JsonPath> },
}

/// The compiled field paths.
#[derive(Debug, Clone)]
struct Fields {
    title: JsonPath,
    id: Option<JsonPath>,
    url: Option<JsonPath>,
    apply_url: Option<JsonPath>,
    company: Option<JsonPath>,
    description: Option<JsonPath>,
    location: Option<JsonPath>,
    country: Option<JsonPath>,
    remote: Option<JsonPath>,
    workplace_type: Option<JsonPath>,
    salary: Option<JsonPath>,
    salary_min: Option<JsonPath>,
    salary_max: Option<JsonPath>,
    salary_currency: Option<JsonPath>,
    salary_period: Option<JsonPath>,
    posted_at: Option<JsonPath>,
    expires_at: Option<JsonPath>,
    tags: Option<JsonPath>,
    job_type: Option<JsonPath>,
}

/// A JSON API source. Its `Debug` output leaves out header values and the query string (they
/// may hold secrets).
#[derive(Clone)]
pub struct JsonApi {
    name: String,
    url: Url,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    items: JsonPath,
    fields: Fields,
    paging: Paging,
    size: Option<(String, u64)>,
    total_path: Option<JsonPath>,
    base_url: Option<Url>,
    policy: Policy,
}

impl std::fmt::Debug for JsonApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonApi")
            .field("name", &self.name)
            .field(
                "url",
                &format!(
                    "{}{}",
                    self.url.origin().ascii_serialization(),
                    self.url.path()
                ),
            )
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("paging", &self.paging)
            .finish_non_exhaustive()
    }
}

fn path(cfg: &SourceConfig, key: &str, text: &str) -> Result<JsonPath, ConfigError> {
    JsonPath::parse(text.trim())
        .map_err(|e| cfg.error(format!("{key}: bad JSONPath {text:?}: {e}")))
}

fn opt_path(
    cfg: &SourceConfig,
    key: &str,
    text: &Option<String>,
) -> Result<Option<JsonPath>, ConfigError> {
    text.as_deref().map(|t| path(cfg, key, t)).transpose()
}

/// A TOML value as JSON (dates become strings).
fn toml_to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
        }
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Sets query parameter `key` of `url` to `value`, keeping the others in order.
fn set_param(url: &Url, key: &str, value: &str) -> Url {
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != key)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut out = url.clone();
    out.set_query(None);
    {
        let mut q = out.query_pairs_mut();
        for (k, v) in &pairs {
            q.append_pair(k, v);
        }
        q.append_pair(key, value);
    }
    out
}

/// The value of query parameter `key` of `url`.
fn param(url: &Url, key: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// The `rel="next"` target of an RFC 8288 `Link` header.
pub(crate) fn link_next(header: &str) -> Option<&str> {
    header.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim();
            let Some((k, v)) = p.split_once('=') else {
                return false;
            };
            k.trim().eq_ignore_ascii_case("rel")
                && v.trim()
                    .trim_matches('"')
                    .split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("next"))
        });
        is_next.then_some(target)
    })
}

impl JsonApi {
    /// Builds the source, reading `${VAR}` references from the process environment.
    pub fn from_config(cfg: &SourceConfig) -> Result<Self, ConfigError> {
        Self::with_env(cfg, &process_env)
    }

    /// Builds the source, reading `${VAR}` references through `env` (tests pass their own).
    pub fn with_env(
        cfg: &SourceConfig,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let opts: Options = cfg.options()?;
        let mut url = parse_url(cfg, "url", &expand_env(cfg, "url", &opts.url, env)?)?;
        for (k, v) in &opts.query {
            let key = format!("query.{k}");
            let text = match v {
                toml::Value::String(s) => expand_env(cfg, &key, s, env)?,
                toml::Value::Integer(_) | toml::Value::Float(_) | toml::Value::Boolean(_) => {
                    v.to_string()
                }
                _ => return Err(cfg.error(format!("{key}: must be a string, number or boolean"))),
            };
            url = set_param(&url, k, &text);
        }
        let mut headers = Vec::new();
        for (k, v) in &opts.headers {
            let key = format!("headers.{k}");
            let valid_name = !k.is_empty()
                && k.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !valid_name {
                return Err(cfg.error(format!("{key}: not a valid header name")));
            }
            let value = expand_env(cfg, &key, v, env)?;
            if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
                return Err(cfg.error(format!("{key}: the value has a line break")));
            }
            headers.push((k.clone(), value));
        }
        let method = opts.method.as_deref().unwrap_or("GET").to_ascii_uppercase();
        let body = match (method.as_str(), &opts.body) {
            ("GET", None) => None,
            ("GET", Some(_)) => return Err(cfg.error("body: needs method = \"POST\"")),
            ("POST", b) => {
                let json = b
                    .as_ref()
                    .map_or(Value::Object(Default::default()), toml_to_json);
                let bytes = serde_json::to_vec(&json)
                    .map_err(|e| cfg.error(format!("body: cannot be written as JSON: {e}")))?;
                if !headers
                    .iter()
                    .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                {
                    headers.push(("Content-Type".into(), "application/json".into()));
                }
                Some(bytes)
            }
            (other, _) => {
                return Err(cfg.error(format!("method: {other:?} is not GET or POST")));
            }
        };
        let f = &opts.fields;
        let title = f
            .title
            .as_deref()
            .ok_or_else(|| cfg.error("fields.title: required (a JSONPath such as \"$.title\")"))?;
        if f.id.is_none() && f.url.is_none() {
            return Err(cfg.error("fields.id: required when fields.url is not set"));
        }
        let fields = Fields {
            title: path(cfg, "fields.title", title)?,
            id: opt_path(cfg, "fields.id", &f.id)?,
            url: opt_path(cfg, "fields.url", &f.url)?,
            apply_url: opt_path(cfg, "fields.apply_url", &f.apply_url)?,
            company: opt_path(cfg, "fields.company", &f.company)?,
            description: opt_path(cfg, "fields.description", &f.description)?,
            location: opt_path(cfg, "fields.location", &f.location)?,
            country: opt_path(cfg, "fields.country", &f.country)?,
            remote: opt_path(cfg, "fields.remote", &f.remote)?,
            workplace_type: opt_path(cfg, "fields.workplace_type", &f.workplace_type)?,
            salary: opt_path(cfg, "fields.salary", &f.salary)?,
            salary_min: opt_path(cfg, "fields.salary_min", &f.salary_min)?,
            salary_max: opt_path(cfg, "fields.salary_max", &f.salary_max)?,
            salary_currency: opt_path(cfg, "fields.salary_currency", &f.salary_currency)?,
            salary_period: opt_path(cfg, "fields.salary_period", &f.salary_period)?,
            posted_at: opt_path(cfg, "fields.posted_at", &f.posted_at)?,
            expires_at: opt_path(cfg, "fields.expires_at", &f.expires_at)?,
            tags: opt_path(cfg, "fields.tags", &f.tags)?,
            job_type: opt_path(cfg, "fields.job_type", &f.job_type)?,
        };
        let items = path(cfg, "items", opts.items.as_deref().unwrap_or("$[*]"))?;
        let (paging, size, total_path) = match &opts.pagination {
            None => (Paging::None, None, None),
            Some(p) => {
                let param = |default: &str| p.param.clone().unwrap_or_else(|| default.to_string());
                let paging = match p.kind.as_str() {
                    "page" => Paging::Page {
                        param: param("page"),
                        start: p.start.unwrap_or(1),
                    },
                    "offset" => Paging::Offset {
                        param: param("offset"),
                        start: p.start.unwrap_or(0),
                    },
                    "cursor" => Paging::Cursor {
                        param: param("cursor"),
                        cursor_path: path(
                            cfg,
                            "pagination.cursor_path",
                            p.cursor_path.as_deref().ok_or_else(|| {
                                cfg.error("pagination.cursor_path: required for kind = \"cursor\"")
                            })?,
                        )?,
                    },
                    "next_link" => Paging::NextLink {
                        next_path: opt_path(cfg, "pagination.next_path", &p.next_path)?,
                    },
                    other => {
                        return Err(cfg.error(format!(
                            "pagination.kind: {other:?} is not page, offset, cursor or next_link"
                        )));
                    }
                };
                let size = match (&p.size_param, p.size) {
                    (Some(k), Some(n)) => Some((k.clone(), n)),
                    (None, Some(n)) => Some(("per_page".to_string(), n)),
                    (Some(_), None) => {
                        return Err(cfg.error("pagination.size: required with size_param"));
                    }
                    (None, None) => None,
                };
                let total_path = opt_path(cfg, "pagination.total_path", &p.total_path)?;
                (paging, size, total_path)
            }
        };
        if let Some((k, n)) = &size {
            url = set_param(&url, k, &n.to_string());
        }
        match &paging {
            Paging::Page { param, start } | Paging::Offset { param, start } => {
                url = set_param(&url, param, &start.to_string());
            }
            _ => {}
        }
        Ok(JsonApi {
            name: cfg.name().to_string(),
            url,
            headers,
            body,
            items,
            fields,
            paging,
            size,
            total_path,
            base_url: cfg.base_url.clone(),
            policy: user_policy(cfg, Policy::default()),
        })
    }

    fn first_text(&self, path: &Option<JsonPath>, item: &Value) -> Option<String> {
        path.as_ref()?
            .query(item)
            .iter()
            .find_map(|v| map::value_text(v))
    }

    fn first_value<'a>(&self, path: &Option<JsonPath>, item: &'a Value) -> Option<&'a Value> {
        path.as_ref()?
            .query(item)
            .all()
            .into_iter()
            .find(|v| !v.is_null())
    }

    fn link(&self, path: &Option<JsonPath>, item: &Value, base: &Url) -> Option<String> {
        let text = self.first_text(path, item)?;
        Some(resolve_link(base, &text).map_or(text, |u| u.to_string()))
    }

    fn posting(
        &self,
        item: &Value,
        index: usize,
        base: &Url,
    ) -> Result<SourcePosting, RecordError> {
        let f = &self.fields;
        let title = f
            .title
            .query(item)
            .iter()
            .find_map(|v| map::value_text(v))
            .ok_or_else(|| RecordError::new(index, "no title"))?;
        let url = self.link(&f.url, item, base);
        let external_id = self
            .first_text(&f.id, item)
            .or_else(|| url.clone())
            .ok_or_else(|| RecordError::new(index, "no id and no url"))?;
        let mut p = SourcePosting::new(&self.name, external_id, title);
        p.url = url;
        p.apply_url = self.link(&f.apply_url, item, base);
        p.company = self.first_text(&f.company, item);
        p.description = self.first_text(&f.description, item);
        p.location = self.first_text(&f.location, item);
        p.country = self.first_text(&f.country, item);
        p.remote = self.first_value(&f.remote, item).and_then(map::value_bool);
        p.workplace_type = self.first_text(&f.workplace_type, item);
        p.salary = self.first_text(&f.salary, item);
        p.job_type = self.first_text(&f.job_type, item);
        p.posted_at = self
            .first_value(&f.posted_at, item)
            .and_then(map::value_date);
        p.expires_at = self
            .first_value(&f.expires_at, item)
            .and_then(map::value_date);
        if let Some(tags) = &f.tags {
            for v in tags.query(item).iter() {
                match v {
                    Value::Array(a) => p.tags.extend(a.iter().filter_map(map::value_text)),
                    other => p.tags.extend(map::value_text(other)),
                }
            }
        }
        let min = self
            .first_value(&f.salary_min, item)
            .and_then(map::value_number);
        let max = self
            .first_value(&f.salary_max, item)
            .and_then(map::value_number);
        let currency = self.first_text(&f.salary_currency, item);
        let period = self
            .first_text(&f.salary_period, item)
            .map(|s| map::salary_period(&s).map_or(s, str::to_string));
        if min.is_some() || max.is_some() || currency.is_some() || period.is_some() {
            p.set_structured_salary(min, max, currency.as_deref(), period.as_deref());
        }
        p.raw = item.clone();
        Ok(p)
    }

    /// The next request after `request`, which gave `root` with `count` records.
    fn next(
        &self,
        request: &PageRequest,
        response: &PageResponse,
        root: &Value,
        count: usize,
        page: usize,
        total: Option<u64>,
    ) -> Option<PageRequest> {
        if count == 0 || page + 1 >= self.policy.max_pages {
            return None;
        }
        let size = self.size.as_ref().map_or(count as u64, |(_, n)| *n).max(1);
        let url = match &self.paging {
            Paging::None => return None,
            Paging::Page { param: key, start } => {
                let current = param(&request.url, key)
                    .and_then(|v| v.parse::<i64>().ok())
                    .unwrap_or(*start);
                let seen = (current - start + 1).max(1) as u64 * size;
                if total.is_some_and(|t| seen >= t) {
                    return None;
                }
                set_param(&request.url, key, &(current + 1).to_string())
            }
            Paging::Offset { param: key, start } => {
                let current = param(&request.url, key)
                    .and_then(|v| v.parse::<i64>().ok())
                    .unwrap_or(*start);
                let next = current + count as i64;
                if total.is_some_and(|t| next >= 0 && next as u64 >= t) {
                    return None;
                }
                set_param(&request.url, key, &next.to_string())
            }
            Paging::Cursor {
                param: key,
                cursor_path,
            } => {
                let cursor = cursor_path
                    .query(root)
                    .iter()
                    .find_map(|v| map::value_text(v))?;
                set_param(&request.url, key, &cursor)
            }
            Paging::NextLink { next_path } => {
                let href = match next_path {
                    Some(p) => p.query(root).iter().find_map(|v| map::value_text(v)),
                    None => None,
                }
                .or_else(|| {
                    response
                        .header("link")
                        .and_then(link_next)
                        .map(str::to_string)
                })?;
                let mut next = resolve_link(&response.url, &href)?;
                if let Some(base) = &self.base_url {
                    next = crate::config::rebase(next, base);
                }
                next
            }
        };
        // Credentials go only to the configured origin.
        let headers = if url.origin() == self.url.origin() {
            request.headers.clone()
        } else {
            Vec::new()
        };
        let next = PageRequest {
            url,
            headers,
            body: request.body.clone(),
            expect: Expect::Json,
        };
        (next != *request).then_some(next)
    }
}

impl Adapter for JsonApi {
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
        Ok(PageRequest {
            url: self.url.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            expect: Expect::Json,
        })
    }

    fn parse(
        &self,
        request: &PageRequest,
        response: &PageResponse,
        page: usize,
    ) -> Result<Page, SourceError> {
        check_size(&response.body)?;
        let root = map::json(response)?;
        if !(root.is_object() || root.is_array()) {
            return Err(SourceError::Malformed(
                "the response is not a JSON object or array".into(),
            ));
        }
        let items = self.items.query(&root).all();
        if items.is_empty()
            && let Some(err) = ["error", "errors"]
                .iter()
                .filter_map(|k| root.get(*k))
                .find(|v| !matches!(v, Value::Null | Value::Bool(false)))
        {
            let text = map::value_text(err).unwrap_or_else(|| err.to_string());
            return Err(SourceError::Reported(text.chars().take(200).collect()));
        }
        let total = self.total_path.as_ref().and_then(|p| {
            p.query(&root)
                .iter()
                .find_map(|v| map::value_number(v))
                .filter(|n| *n >= 0.0)
                .map(|n| n as u64)
        });
        let postings: Vec<_> = items
            .iter()
            .enumerate()
            .map(|(i, item)| self.posting(item, i, &response.url))
            .collect();
        let next = self.next(request, response, &root, postings.len(), page, total);
        Ok(Page {
            postings,
            next,
            total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_header_next() {
        let h = r#"<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last""#;
        assert_eq!(link_next(h), Some("https://api.github.com/x?page=2"));
        assert_eq!(link_next(r#"<https://a/x?page=5>; rel="last""#), None);
        assert_eq!(link_next("garbage"), None);
    }

    #[test]
    fn params_are_replaced_in_place() {
        let u = Url::parse("https://a.example/x?q=1&page=1").expect("url");
        let u = set_param(&u, "page", "2");
        assert_eq!(param(&u, "page").as_deref(), Some("2"));
        assert_eq!(param(&u, "q").as_deref(), Some("1"));
    }
}
