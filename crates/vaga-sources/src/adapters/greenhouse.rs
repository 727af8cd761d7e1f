//! Greenhouse job boards: `GET https://boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true`.
//!
//! The whole board comes in one response, `{"jobs": [...], "meta": {"total": N}}`; there is no
//! paging. `content` is the description as HTML, usually entity-encoded (`&lt;p&gt;…`): it is
//! decoded once and kept as HTML. Structured salary is in `metadata[]` items whose `value_type`
//! is `currency_range` (`{"unit": "USD", "min_value": "…", "max_value": "…"}`); their *name* is
//! not standardised ("Salary Range", "Pay Transparency Range"), so the type is what is read, and
//! the period only when the name states one ("Hourly Pay Range"). Without a range, text fields
//! about pay are read: "Min salary"/"Max salary" numbers become the structured bounds (with no
//! currency, none being stated), another pay text becomes the salary text.
//!
//! ```toml
//! [[sources]]
//! name = "stone"
//! kind = "greenhouse"
//! board = "stone"
//! ```

use serde::Deserialize;
use serde_json::Value;

use crate::adapter::{Adapter, Expect, Page, PageRequest, PageResponse, Policy, SourceError};
use crate::adapters::ats_common::{
    builtin_policy, decode_encoded_html, join, list, map_records, path_key, reported_error,
    required, required_id, salary_period, text_at,
};
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The kind name.
pub const KIND: &str = "greenhouse";

/// One Greenhouse board.
#[derive(Debug, Clone)]
pub struct Greenhouse {
    config: SourceConfig,
    board: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    board: String,
}

impl Greenhouse {
    /// The adapter a configuration describes (key `board`: the board token in
    /// `boards.greenhouse.io/{board}`).
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let options: Options = config.options()?;
        Ok(Greenhouse {
            board: path_key(config, "board", &options.board)?,
            config: config.clone(),
        })
    }

    fn posting(&self, job: &Value) -> Result<SourcePosting, String> {
        let id = required_id(job, "id")?;
        let title = required(job, "title")?;
        let mut p = SourcePosting::new(self.config.name(), id, title);
        p.company = map::text(job, "company_name").or_else(|| Some(self.board.clone()));
        p.url = map::text(job, "absolute_url");
        let offices = names(job, "offices");
        p.location = text_at(job, &["location", "name"]).or_else(|| join(offices, "; "));
        p.category = join(names(job, "departments"), ", ");
        p.description = map::raw_text(job, "content").map(|c| decode_encoded_html(&c));
        p.posted_at = map::date(job, "first_published").or_else(|| map::date(job, "updated_at"));
        p.expires_at = map::date(job, "application_deadline");
        let metadata = job.get("metadata").and_then(Value::as_array);
        // Boards without a currency range may state pay in text fields: a "Min salary" and a
        // "Max salary" number (Jane Street), or one text ("HK$436,500 - HK$550,600").
        let (mut text_min, mut text_max, mut text_pay) = (None, None, None);
        for item in metadata.into_iter().flatten() {
            let name = map::text(item, "name").unwrap_or_default();
            let lower = name.to_lowercase();
            let value = item.get("value");
            match item.get("value_type").and_then(Value::as_str) {
                Some("currency_range") if p.salary_min.is_none() && p.salary_max.is_none() => {
                    if let Some(v) = value.filter(|v| v.is_object()) {
                        p.set_structured_salary(
                            map::number(v, "min_value"),
                            map::number(v, "max_value"),
                            map::text(v, "unit").as_deref(),
                            salary_period(&name),
                        );
                    }
                }
                Some("short_text" | "long_text") if is_pay_field(&lower) => {
                    let Some(text) = value.and_then(Value::as_str).and_then(map::non_empty) else {
                        continue;
                    };
                    let number = || map::number(&serde_json::json!({ "v": text }), "v");
                    if lower.starts_with("min") {
                        text_min = text_min.or_else(|| number().map(|n| (n, name.clone())));
                    } else if lower.starts_with("max") {
                        text_max = text_max.or_else(|| number().map(|n| (n, name.clone())));
                    } else if text.bytes().any(|b| b.is_ascii_digit()) {
                        text_pay = text_pay.or(Some(text));
                    }
                }
                _ => {
                    if p.job_type.is_none()
                        && (lower.contains("employment type") || lower.contains("time type"))
                    {
                        p.job_type = value.and_then(Value::as_str).and_then(map::non_empty);
                    }
                }
            }
        }
        if p.salary_min.is_none() && p.salary_max.is_none() {
            if p.salary.is_none() {
                p.salary = text_pay;
            }
            if text_min.is_some() || text_max.is_some() {
                let period = [&text_min, &text_max]
                    .into_iter()
                    .flatten()
                    .find_map(|(_, name)| salary_period(name));
                // No currency is stated in these fields: none is invented.
                p.set_structured_salary(
                    text_min.map(|(n, _)| n),
                    text_max.map(|(n, _)| n),
                    None,
                    period,
                );
            }
        }
        p.raw = job.clone();
        Ok(p)
    }
}

/// Whether a text metadata field's (lower-cased) name is about pay.
fn is_pay_field(lower: &str) -> bool {
    [
        "salary",
        "salário",
        "salario",
        "pay",
        "compensation",
        "remunera",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// The `name`s of a list of objects (`departments`, `offices`).
fn names(job: &Value, key: &str) -> Vec<String> {
    job.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|d| map::text(d, "name"))
        .collect()
}

impl Adapter for Greenhouse {
    fn name(&self) -> &str {
        self.config.name()
    }

    fn kind(&self) -> &'static str {
        KIND
    }

    fn policy(&self) -> Policy {
        builtin_policy(
            &self.config,
            Policy {
                max_pages: 1,
                ..Policy::default()
            },
        )
    }

    fn first(&self) -> Result<PageRequest, SourceError> {
        let url = self
            .config
            .endpoint(&format!(
                "https://boards-api.greenhouse.io/v1/boards/{}/jobs?content=true",
                self.board
            ))
            .map_err(|e| SourceError::Config(e.to_string()))?;
        Ok(PageRequest::get(url, Expect::Json))
    }

    fn parse(
        &self,
        _request: &PageRequest,
        response: &PageResponse,
        _page: usize,
    ) -> Result<Page, SourceError> {
        let v = map::json(response)?;
        if v.get("jobs").is_none()
            && let Some(message) = reported_error(&v)
        {
            return Err(SourceError::Reported(message));
        }
        let jobs = list(&v, "jobs")?;
        let total = v
            .get("meta")
            .and_then(|m| m.get("total"))
            .and_then(Value::as_u64);
        Ok(Page {
            postings: map_records(jobs, |job| self.posting(job)),
            next: None,
            total,
        })
    }
}
