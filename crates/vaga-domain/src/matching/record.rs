//! Reading a normalised job record (as `vaga jobs normalize` writes it, or as the worker stores
//! it) for the fields matching, gaps and trends need: skills through the taxonomy, level and
//! years, the monthly pay converted to the reference currency, and the location facts. Shared
//! by the CLI (`match`, `gaps`, `trends`) and the worker, so both read a record the same way.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::index::{MatchPosting, Pay};
use crate::posting::currency::Currency;
use crate::posting::location::{CountryCode, EligibilityRule, Region, Workplace};
use crate::posting::rates::RateTable;
use crate::posting::seniority::Seniority;
use crate::skills::{SkillEngine, SkillIdx};

/// A normalised record as matching, gaps and trends use it.
#[derive(Debug, Clone)]
pub struct RecordFacts {
    /// What matching reads.
    pub posting: MatchPosting,
    /// `posted_at` as written.
    pub posted_at: Option<String>,
    /// The posting's URL.
    pub url: Option<String>,
    /// Countries named.
    pub countries: Vec<CountryCode>,
    /// Regions named.
    pub regions: Vec<Region>,
}

#[derive(Deserialize)]
struct Normalised<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(default, borrow)]
    title: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    company: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    url: Option<Cow<'a, str>>,
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

/// Converts amounts between currencies with a rate table.
#[derive(Debug, Clone, Copy)]
pub struct Converter<'a> {
    /// The rates.
    pub rates: &'a RateTable,
    /// The currency amounts are converted to.
    pub reference: Currency,
}

impl Converter<'_> {
    /// `amount` in the currency `from` (ISO 4217), in the reference currency; None when a rate
    /// is missing.
    pub fn convert(&self, amount: f64, from: &str) -> Option<f64> {
        if from == self.reference.as_str() {
            return Some(amount);
        }
        let from = Currency::from_code(from)?;
        let a = self.rates.rate(from)?;
        let b = self.rates.rate(self.reference)?;
        (a > 0.0).then(|| amount / a * b)
    }
}

/// Reads one normalised record. The posting's id is `id` when given, else the record's own
/// `id` as raw JSON (`"remotive:1"` keeps its quotes), which must be present and not null.
pub fn read_record(
    engine: &SkillEngine,
    convert: &Converter<'_>,
    json: &str,
    id: Option<String>,
) -> Result<RecordFacts, String> {
    let n: Normalised<'_> =
        serde_json::from_str(json).map_err(|e| format!("invalid job record: {e}"))?;
    let id = match id {
        Some(id) => id,
        None => {
            n.id.map(|v| v.get().trim().to_string())
                .filter(|v| v != "null")
                .ok_or_else(|| "a job record needs an id".to_string())?
        }
    };
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
    Ok(RecordFacts {
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
        posted_at: n.posted_at.map(Cow::into_owned),
        url: n.url.map(Cow::into_owned),
        countries,
        regions,
    })
}
