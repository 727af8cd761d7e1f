//! Speed of matching: one profile against 100,000 postings (top 20 with full explanations), and
//! 100 profiles against the same postings, on one core.
//!
//! Postings come from `VAGA_BENCH_CORPUS` (the benchmark corpus, see docs/benchmarks.md: its
//! `skills`, `title`, `location` and `salary` fields are turned into match features the way
//! normalisation would, without reading descriptions) or the committed fixture postings, cycled
//! with new ids up to `VAGA_BENCH_LIMIT` (default 100,000). Profiles come from
//! `VAGA_BENCH_PROFILES` (the corpus generator's profiles) or are made from the postings' skills.

#![allow(clippy::unwrap_used)]

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::Value;
use vaga_domain::matching::{MatchIndex, MatchOptions, MatchPosting, Pay, Profile, ProfileInput};
use vaga_domain::posting::currency::Currency;
use vaga_domain::posting::location::{EligibilityRule, Gazetteer, LocationInput, parse_location};
use vaga_domain::posting::salary::{SalaryContext, SalaryParser};
use vaga_domain::posting::seniority::parse_seniority;
use vaga_domain::skills::SkillEngine;

fn features(
    engine: &SkillEngine,
    parser: &SalaryParser,
    usd: Currency,
    v: &Value,
    id: usize,
) -> MatchPosting {
    let text = |k: &str| v[k].as_str().unwrap_or_default();
    let gaz = Gazetteer::builtin();
    let loc = parse_location(gaz, &LocationInput::text(text("location")));
    let seniority = parse_seniority(text("title"), None);
    let salary = parser.parse(text("salary"), &SalaryContext::default());
    let pay = parser.normalize(&salary, usd).and_then(|n| {
        (n.monthly_min.is_some() || n.monthly_max.is_some()).then_some(Pay {
            min: n.monthly_min,
            max: n.monthly_max,
        })
    });
    MatchPosting {
        id: format!("\"job-{id:06}\""),
        title: text("title").to_string(),
        company: Some(text("company").to_string()),
        skills: v["skills"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| engine.normalize(s.as_str()?))
            .collect(),
        optional: Vec::new(),
        level: seniority.level,
        years_min: seniority.years_min,
        years_max: seniority.years_max,
        workplace: loc.workplace,
        rule: EligibilityRule::of(gaz, &loc),
        pay,
    }
}

fn setup() -> (&'static SkillEngine, Vec<MatchPosting>, Vec<Profile>) {
    let engine: &'static SkillEngine = Box::leak(Box::new(SkillEngine::builtin().unwrap()));
    let parser = SalaryParser::builtin();
    let usd = Currency::from_code("USD").unwrap();
    let records = common::records(100_000);
    let limit = common::limit(100_000);
    let postings: Vec<MatchPosting> = (0..limit)
        .map(|i| features(engine, &parser, usd, &records[i % records.len()], i))
        .collect();
    let inputs: Vec<Value> = match std::env::var("VAGA_BENCH_PROFILES") {
        Ok(path) => std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect(),
        Err(_) => records
            .iter()
            .take(100)
            .map(|r| {
                serde_json::json!({"skills": r["skills"], "years_experience": 5,
                    "country": "BR", "location": "São Paulo",
                    "salary_min": 5000, "salary_max": 9000, "currency": "USD"})
            })
            .collect(),
    };
    let profiles = inputs
        .iter()
        .filter_map(|v| {
            let input = ProfileInput::from_json(v).ok()?;
            Some(Profile::resolve(&input, engine, &parser, usd).ok()?.0)
        })
        .take(100)
        .collect();
    (engine, postings, profiles)
}

fn bench(c: &mut Criterion) {
    let (engine, postings, profiles) = setup();
    let n = postings.len();
    let index = MatchIndex::new(engine, postings.clone());
    let options = MatchOptions::default();
    let mut group = c.benchmark_group("matching");
    group.sample_size(30);
    group.bench_function(
        format!("one profile × {n} postings, top 20 explained"),
        |b| b.iter(|| black_box(index.rank(&profiles[0], &options))),
    );
    group.sample_size(10);
    group.bench_function(
        format!("{} profiles × {n} postings", profiles.len()),
        |b| {
            b.iter(|| {
                for p in &profiles {
                    black_box(index.rank(p, &options));
                }
            })
        },
    );
    group.bench_function(format!("index of {n} postings"), |b| {
        b.iter(|| black_box(MatchIndex::new(engine, postings.clone())))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
