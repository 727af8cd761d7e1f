//! A posting as a source gives it, mapped into Vaga's job-record fields.

use serde::{Deserialize, Serialize};

/// One posting read from a source, before normalisation.
///
/// Serialised, it is a job record in the CLI contract's input format (`id`, `title`, `company`,
/// `location`, `salary`, `description`, `url`, `posted_at`, `source`, `remote`, …) plus the
/// structured fields a source may carry, so that `vaga jobs normalize` reads it as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourcePosting {
    /// `"{source name}:{external id}"`: unique across sources, stable across runs.
    pub id: String,
    /// The source's name (as configured).
    pub source: String,
    /// The posting's id at the source.
    pub external_id: String,
    /// Title.
    pub title: String,
    /// Hiring company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// The posting's page at the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Where to apply, when it differs from `url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apply_url: Option<String>,
    /// Free-text location ("São Paulo, SP", "Remote - LATAM").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The source's remote flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<bool>,
    /// The source's workplace type as it says it (`remote`, `hybrid`, `on-site`, `OnSite`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workplace_type: Option<String>,
    /// The posting's country (ISO 3166-1 alpha-2, or a name), when the source states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// City, when the source states it apart from `location`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Where candidates may live, as free text (Remotive's `candidate_required_location`, Jobicy's
    /// `jobGeo`, WWR's `region`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate_required_location: Option<String>,
    /// Countries or regions candidates may live in, as a list (Himalayas' `locationRestrictions`,
    /// Get on Board's `countries`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub location_restrictions: Vec<String>,
    /// Time zones candidates must work in (Himalayas' `timezoneRestrictions`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timezone_restrictions: Vec<String>,
    /// Salary as text: the source's own text, or one built from its structured fields
    /// ("USD 120000 - 160000 per year") so that the salary parser reads both the same way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salary: Option<String>,
    /// Structured salary minimum, when the source has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salary_min: Option<f64>,
    /// Structured salary maximum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salary_max: Option<f64>,
    /// Structured salary currency (ISO 4217).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salary_currency: Option<String>,
    /// Structured salary period: `hour`, `day`, `week`, `month` or `year`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salary_period: Option<String>,
    /// Description, plain text or HTML as the source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Tags, categories and listed skills.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Contract or employment type as the source says it (`full_time`, `vacancy_legal_entity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_type: Option<String>,
    /// Department or category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// When it was published: ISO 8601 (`YYYY-MM-DD` or a UTC date-time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posted_at: Option<String>,
    /// When it closes: ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// The credit the source's terms ask for ("Source: Remotive (https://remotive.com)"), shown
    /// wherever the posting is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    /// The source's own record, unchanged.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub raw: serde_json::Value,
}

impl SourcePosting {
    /// A posting of `source` with its external id and title; the id is derived.
    pub fn new(source: &str, external_id: impl Into<String>, title: impl Into<String>) -> Self {
        let external_id = external_id.into();
        SourcePosting {
            id: format!("{source}:{external_id}"),
            source: source.to_string(),
            external_id,
            title: title.into(),
            ..SourcePosting::default()
        }
    }

    /// Sets the structured salary and, when the source gave no salary text, a text built from it
    /// ("USD 120000 - 160000 per year").
    pub fn set_structured_salary(
        &mut self,
        min: Option<f64>,
        max: Option<f64>,
        currency: Option<&str>,
        period: Option<&str>,
    ) {
        let min = min.filter(|v| v.is_finite() && *v > 0.0);
        let max = max.filter(|v| v.is_finite() && *v > 0.0);
        self.salary_min = min;
        self.salary_max = max;
        self.salary_currency = currency
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_ascii_uppercase);
        self.salary_period = period.map(str::to_string);
        if self.salary.is_some() || (min.is_none() && max.is_none()) {
            return;
        }
        let currency = self.salary_currency.as_deref();
        let money = |v: f64| match currency {
            Some(c) => format!("{c} {}", v.round() as i64),
            None => format!("{}", v.round() as i64),
        };
        let mut text = match (min, max) {
            (Some(a), Some(b)) if a != b => format!("{} - {}", money(a), money(b)),
            (Some(a), _) => money(a),
            (None, Some(b)) => format!("up to {}", money(b)),
            (None, None) => return,
        };
        if let Some(p) = &self.salary_period {
            text.push_str(" per ");
            text.push_str(p);
        }
        self.salary = Some(text);
    }
}
