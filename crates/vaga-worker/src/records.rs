//! Postings as the worker stores and reads them: a [`SourcePosting`] normalised into the job
//! record `vaga jobs normalize` writes (the `record` column), and a stored record read back into
//! what matching and trends need.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::{Map, Value};
use vaga_domain::matching::{MatchPosting, Pay};
use vaga_domain::posting::currency::Currency;
use vaga_domain::posting::location::{CountryCode, EligibilityRule, Region, Workplace};
use vaga_domain::posting::normalize::{Normalizer, PostingInput};
use vaga_domain::posting::rates::RateTable;
use vaga_domain::posting::seniority::Seniority;
use vaga_domain::skills::{Scratch, SkillEngine, SkillIdx};
use vaga_sources::SourcePosting;

/// A stored posting as matching, gaps and trends use it.
#[derive(Debug, Clone)]
pub struct PostingFacts {
    /// What matching reads; its `id` is the database id.
    pub posting: MatchPosting,
    /// Days since 1970-01-01 of `posted_at`.
    pub posted_day: Option<i64>,
    /// Year and month of `posted_at`.
    pub month: Option<(i32, u8)>,
    /// Countries named.
    pub countries: Vec<CountryCode>,
    /// Regions named.
    pub regions: Vec<Region>,
}

#[derive(Deserialize)]
struct Normalised<'a> {
    #[serde(default, borrow)]
    title: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    company: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    posted_at: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    skills: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    skills_optional: Vec<Cow<'a, str>>,
    #[serde(default)]
    seniority_detail: Option<SeniorityDetail>,
    #[serde(default)]
    salary_parsed: Option<SalaryParsed>,
    #[serde(default)]
    location_parsed: Option<LocationParsed>,
}

#[derive(Deserialize)]
struct SeniorityDetail {
    level: Option<Seniority>,
    years_min: Option<f32>,
    years_max: Option<f32>,
}

#[derive(Deserialize)]
struct SalaryParsed {
    normalized: Option<NormalisedPay>,
}

#[derive(Deserialize)]
struct NormalisedPay {
    currency: String,
    monthly_min: Option<f64>,
    monthly_max: Option<f64>,
}

#[derive(Deserialize)]
struct LocationParsed {
    workplace: Option<Workplace>,
    #[serde(default)]
    countries: Vec<CountryCode>,
    #[serde(default)]
    regions: Vec<Region>,
    #[serde(default)]
    eligibility_rule: EligibilityRule,
}

/// Converts monthly amounts into the reference currency.
#[derive(Debug, Clone, Copy)]
pub struct Converter<'a> {
    /// The rate table.
    pub rates: &'a RateTable,
    /// The currency of comparison.
    pub reference: Currency,
}

impl Converter<'_> {
    fn convert(&self, amount: f64, from: &str) -> Option<f64> {
        if from == self.reference.as_str() {
            return Some(amount);
        }
        let from = Currency::from_code(from)?;
        let a = self.rates.rate(from)?;
        let b = self.rates.rate(self.reference)?;
        (a > 0.0).then(|| amount / a * b)
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD…` date, or of the first day of a `YYYY-MM` one.
fn day_number(date: &str) -> Option<i64> {
    let date = date.trim();
    vaga_domain::posting::dedup::day_number(date)
        .or_else(|| {
            let month = date.get(..7).filter(|_| date.len() == 7)?;
            vaga_domain::posting::dedup::day_number(&format!("{month}-01"))
        })
        .map(i64::from)
}

/// Reads a stored normalised record (`id` is the database id to echo).
pub fn read_record(
    engine: &SkillEngine,
    convert: &Converter<'_>,
    id: String,
    json: &str,
) -> Result<PostingFacts, String> {
    let n: Normalised<'_> =
        serde_json::from_str(json).map_err(|e| format!("invalid posting record: {e}"))?;
    let skill = |name: &Cow<'_, str>| engine.normalize(name);
    let mut skills: Vec<SkillIdx> = n.skills.iter().filter_map(skill).collect();
    let optional: Vec<SkillIdx> = n.skills_optional.iter().filter_map(skill).collect();
    for s in &optional {
        if !skills.contains(s) {
            skills.push(*s);
        }
    }
    let pay = n.salary_parsed.and_then(|s| s.normalized).and_then(|p| {
        let min = p.monthly_min.and_then(|v| convert.convert(v, &p.currency));
        let max = p.monthly_max.and_then(|v| convert.convert(v, &p.currency));
        (min.is_some() || max.is_some()).then_some(Pay { min, max })
    });
    let (level, years_min, years_max) = n
        .seniority_detail
        .map_or((None, None, None), |s| (s.level, s.years_min, s.years_max));
    let (workplace, countries, regions, rule) = match n.location_parsed {
        Some(l) => (l.workplace, l.countries, l.regions, l.eligibility_rule),
        None => (None, Vec::new(), Vec::new(), EligibilityRule::default()),
    };
    let posted = n.posted_at.as_deref();
    Ok(PostingFacts {
        posting: MatchPosting {
            id,
            title: n.title.map(Cow::into_owned).unwrap_or_default(),
            company: n
                .company
                .map(Cow::into_owned)
                .filter(|c| !c.trim().is_empty()),
            skills,
            optional,
            level,
            years_min,
            years_max,
            workplace,
            rule,
            pay,
        },
        posted_day: posted.and_then(day_number),
        month: posted.and_then(vaga_domain::trends::month_of),
        countries,
        regions,
    })
}

/// Normalises a fetched posting into a job record with the fields `vaga jobs normalize` adds
/// (`skills`, `skills_optional`, `salary_parsed`, `location_parsed`, `seniority`,
/// `seniority_detail`, `contract`, `language`, a clean `description` and `description_html`).
pub fn normalise(normalizer: &Normalizer<'_>, scratch: &mut Scratch, p: &SourcePosting) -> Value {
    let restrictions: Vec<&str> = p.location_restrictions.iter().map(String::as_str).collect();
    let job_types: Vec<&str> = p.job_type.as_deref().into_iter().collect();
    let input = PostingInput {
        title: &p.title,
        description: p.description.as_deref().unwrap_or_default(),
        salary: p.salary.as_deref(),
        location: p.location.as_deref(),
        remote: p.remote,
        listed_skills: &[],
        job_types: &job_types,
        country: p.country.as_deref(),
        workplace_type: p.workplace_type.as_deref(),
        candidate_required_location: p.candidate_required_location.as_deref(),
        location_restrictions: &restrictions,
    };
    let n = normalizer.normalize(&input, scratch);
    let mut record = match serde_json::to_value(p) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    record.remove("raw");
    let to = |v: Result<Value, serde_json::Error>| v.unwrap_or(Value::Null);
    if !n.description.text.is_empty() {
        record.insert(
            "description".into(),
            Value::from(n.description.text.clone()),
        );
    }
    record.insert("skills".into(), to(serde_json::to_value(&n.skills)));
    if !n.optional_skills.is_empty() {
        record.insert(
            "skills_optional".into(),
            to(serde_json::to_value(&n.optional_skills)),
        );
    }
    if let Some(html) = &n.description_html {
        record.insert("description_html".into(), Value::from(html.clone()));
    }
    record.insert("salary_parsed".into(), to(serde_json::to_value(&n.salary)));
    record.insert(
        "location_parsed".into(),
        to(serde_json::to_value(&n.location)),
    );
    record.insert(
        "seniority".into(),
        n.seniority
            .level
            .map_or(Value::Null, |l| Value::from(l.as_str())),
    );
    record.insert(
        "seniority_detail".into(),
        to(serde_json::to_value(&n.seniority)),
    );
    record.insert("contract".into(), to(serde_json::to_value(&n.contract)));
    record.insert(
        "language".into(),
        n.language.map_or(Value::Null, |l| Value::from(l.as_str())),
    );
    Value::Object(record)
}
