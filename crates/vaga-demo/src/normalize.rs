//! Demo postings through the normaliser, into the records the store keeps.
//!
//! A [`SourcePosting`] becomes a normalised job record in the format `vaga jobs normalize` and
//! `vaga sources sync` write (format version [`FORMAT_VERSION`]): the posting's own fields, the
//! description as clean text, `skills`, `skills_optional`, `description_html`, `salary_parsed`,
//! `location_parsed`, `seniority`, `seniority_detail`, `contract`, `language` and
//! `vaga_normalized`. That is what `NewPosting::record` holds, so the worker that computes
//! matches, gaps and trends reads demo postings as it reads synced ones.

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};
use vaga_domain::posting::currency::Currency;
use vaga_domain::posting::normalize::{Normalizer, PostingInput};
use vaga_domain::posting::salary::SalaryParser;
use vaga_domain::skills::{Scratch, SkillEngine};
use vaga_sources::SourcePosting;
use vaga_storage::NewPosting;

/// The normalised-record format version written (the CLI's `jobs normalize` writes the same).
pub const FORMAT_VERSION: u32 = 2;

/// The currency salaries are converted to: the default of `salary.reference_currency`.
pub const REFERENCE_CURRENCY: &str = "USD";

/// What normalising needs, built once: the skill engine and the salary parser.
#[derive(Debug)]
pub struct Tools {
    engine: SkillEngine,
    salary: SalaryParser,
    reference: Currency,
}

impl Tools {
    /// The built-in taxonomy and rate table, converting pay to [`REFERENCE_CURRENCY`].
    pub fn builtin() -> anyhow::Result<Tools> {
        let engine = SkillEngine::builtin().context("cannot load the skill taxonomy")?;
        let reference = Currency::from_code(REFERENCE_CURRENCY)
            .context("the reference currency is not an ISO 4217 code")?;
        Ok(Tools {
            engine,
            salary: SalaryParser::builtin(),
            reference,
        })
    }

    /// The skill engine.
    pub fn engine(&self) -> &SkillEngine {
        &self.engine
    }

    /// The salary parser.
    pub fn salary(&self) -> &SalaryParser {
        &self.salary
    }

    /// The reference currency.
    pub fn reference(&self) -> Currency {
        self.reference
    }

    /// Normalises postings into job records, in order.
    pub fn records(&self, postings: &[SourcePosting]) -> Vec<Value> {
        let normalizer = Normalizer::new(&self.engine, &self.salary, self.reference);
        let mut scratch = Scratch::default();
        postings
            .iter()
            .map(|p| record(&normalizer, &mut scratch, p))
            .collect()
    }
}

/// One posting as a normalised job record.
pub fn record(normalizer: &Normalizer<'_>, scratch: &mut Scratch, p: &SourcePosting) -> Value {
    let job_types: Vec<&str> = p.job_type.iter().map(String::as_str).collect();
    let restrictions: Vec<&str> = p.location_restrictions.iter().map(String::as_str).collect();
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
    let mut out = match serde_json::to_value(p) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    // The source's own record stays in `NewPosting::raw`, not in the record.
    out.remove("raw");
    if n.description.text.is_empty() {
        out.remove("description");
    } else {
        out.insert("description".into(), json!(n.description.text));
    }
    out.insert("skills".into(), json!(n.skills));
    if !n.optional_skills.is_empty() {
        out.insert("skills_optional".into(), json!(n.optional_skills));
    }
    if let Some(html) = &n.description_html {
        out.insert("description_html".into(), json!(html));
    }
    out.insert(
        "salary_parsed".into(),
        serde_json::to_value(&n.salary).unwrap_or(Value::Null),
    );
    out.insert(
        "location_parsed".into(),
        serde_json::to_value(&n.location).unwrap_or(Value::Null),
    );
    out.insert(
        "seniority".into(),
        json!(n.seniority.level.map(|l| l.as_str())),
    );
    out.insert(
        "seniority_detail".into(),
        serde_json::to_value(&n.seniority).unwrap_or(Value::Null),
    );
    out.insert(
        "contract".into(),
        serde_json::to_value(&n.contract).unwrap_or_else(|_| json!([])),
    );
    out.insert("language".into(), json!(n.language.map(|l| l.as_str())));
    out.insert("vaga_normalized".into(), json!(FORMAT_VERSION));
    Value::Object(out)
}

/// The row for a posting and its normalised record, seen at `seen_at`.
pub fn new_posting(p: &SourcePosting, record: Value, seen_at: DateTime<Utc>) -> NewPosting {
    let posted_at = p
        .posted_at
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc));
    NewPosting {
        source: p.source.clone(),
        external_id: p.external_id.clone(),
        record,
        raw: p.raw.clone(),
        title: p.title.clone(),
        company: p.company.clone().unwrap_or_default(),
        url: p.url.clone(),
        posted_at,
        seen_at,
    }
}
