//! Reading job records for the commands that study a whole set (`match`, `gaps`, `trends`):
//! records normalised in the current format are trusted and read for the fields those commands
//! need; others are normalised first, in memory, as `jobs normalize` would.

use std::borrow::Cow;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;
use vaga_domain::matching::{MatchPosting, Pay};
use vaga_domain::posting::currency::Currency;
use vaga_domain::posting::location::{CountryCode, EligibilityRule, Region, Workplace};
use vaga_domain::posting::normalize::Normalizer;
use vaga_domain::posting::rates::RateTable;
use vaga_domain::posting::seniority::Seniority;
use vaga_domain::skills::{SkillEngine, SkillIdx};

use super::jobs::{NormalizeWorker, is_current};
use crate::config::Loaded;
use crate::jsonl::{self, Processor, RawRecord};
use crate::timings::Timings;

/// A job record as these commands use it.
#[derive(Debug, Clone)]
pub(crate) struct PostingRecord {
    /// What matching reads (the id is the record's raw JSON id).
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

/// Every readable record of a file, and one message per unreadable line.
pub(crate) struct PostingSet {
    pub records: Vec<PostingRecord>,
    pub errors: Vec<String>,
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

/// Converts amounts between currencies with the rate table.
pub(crate) struct Converter<'a> {
    pub rates: &'a RateTable,
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

fn record_of(
    engine: &SkillEngine,
    convert: &Converter<'_>,
    line: &str,
) -> Result<PostingRecord, String> {
    let n: Normalised<'_> =
        serde_json::from_str(line).map_err(|e| format!("invalid job record: {e}"))?;
    let id =
        n.id.map(|v| v.get().trim().to_string())
            .filter(|v| v != "null")
            .ok_or_else(|| "a job record needs an id".to_string())?;
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
    let location = n.location_parsed;
    let (workplace, countries, regions, rule) = match location {
        Some(l) => (l.workplace, l.countries, l.regions, l.eligibility_rule),
        None => (None, Vec::new(), Vec::new(), EligibilityRule::default()),
    };
    Ok(PostingRecord {
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

/// Reads every record of `path` (`-` for stdin) on `threads` threads, in input order.
pub(crate) fn load(
    path: &Path,
    loaded: &Loaded,
    threads: usize,
    normalizer: &Normalizer<'_>,
    engine: &SkillEngine,
    convert: &Converter<'_>,
    timings: &mut Timings,
) -> anyhow::Result<PostingSet> {
    let settings = jsonl::Run::for_records(loaded, "read");
    let results: Vec<Result<PostingRecord, String>> = jsonl::collect(
        path,
        &settings,
        threads,
        |line_no, line| {
            let line = line?;
            let record = RawRecord::parse(line)
                .map_err(|e| format!("line {line_no}: invalid job record: {e}"))?;
            let result = if is_current(&record) {
                record_of(engine, convert, line)
            } else {
                let mut out = String::new();
                NormalizeWorker::new(normalizer).record(line_no, line, &mut out);
                record_of(engine, convert, out.trim_end())
            };
            result.map_err(|e| format!("line {line_no}: {e}"))
        },
        timings,
    )?;
    let mut set = PostingSet {
        records: Vec::with_capacity(results.len()),
        errors: Vec::new(),
    };
    for r in results {
        match r {
            Ok(record) => set.records.push(record),
            Err(e) => set.errors.push(e),
        }
    }
    if set.records.is_empty()
        && let Some(first) = set.errors.first()
    {
        anyhow::bail!(
            "no readable job record in {} ({} lines; {first})",
            path.display(),
            set.errors.len()
        );
    }
    Ok(set)
}
