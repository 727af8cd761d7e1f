//! Postings as the worker stores and reads them: a [`SourcePosting`] normalised into the job
//! record `vaga jobs normalize` writes (the `record` column), and a stored record read back into
//! what matching and trends need.

use serde_json::{Map, Value};
use vaga_domain::matching::MatchPosting;
use vaga_domain::posting::location::{CountryCode, Region};
use vaga_domain::posting::normalize::{Normalizer, PostingInput};
use vaga_domain::skills::{Scratch, SkillEngine};
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

pub use vaga_domain::matching::record::Converter;

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

/// Reads a stored normalised record (`id` is the database id to echo), as the CLI's `match`
/// reads a file's record ([`vaga_domain::matching::record::read_record`]).
pub fn read_record(
    engine: &SkillEngine,
    convert: &Converter<'_>,
    id: String,
    json: &str,
) -> Result<PostingFacts, String> {
    let r = vaga_domain::matching::record::read_record(engine, convert, json, Some(id))?;
    let posted = r.posted_at.as_deref();
    Ok(PostingFacts {
        posted_day: posted.and_then(day_number),
        month: posted.and_then(vaga_domain::trends::month_of),
        posting: r.posting,
        countries: r.countries,
        regions: r.regions,
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
