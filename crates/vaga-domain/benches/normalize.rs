//! Throughput of posting normalisation (postings per second on one core), whole and by part.
//!
//! Reads the benchmark corpus from `VAGA_BENCH_CORPUS` (JSON Lines, see docs/benchmarks.md),
//! at most `VAGA_BENCH_LIMIT` postings (default 5,000); without it, uses the committed fixture
//! postings so `cargo bench` always runs.

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vaga_domain::posting::contract::ContractDetector;
use vaga_domain::posting::currency::codes;
use vaga_domain::posting::language::detect_language_folded;
use vaga_domain::posting::normalize::{Normalizer, PostingInput};
use vaga_domain::posting::salary::{SalaryContext, SalaryParser};
use vaga_domain::posting::text::clean_text;
use vaga_domain::skills::fold::{Folded, fold_for_scan};
use vaga_domain::skills::{Scratch, SkillEngine};

struct Posting {
    title: String,
    description: String,
    salary: Option<String>,
    location: Option<String>,
    remote: Option<bool>,
}

fn postings() -> Vec<Posting> {
    common::records(5_000)
        .into_iter()
        .map(|v| Posting {
            title: v["title"].as_str().unwrap_or_default().to_string(),
            description: v["description"].as_str().unwrap_or_default().to_string(),
            salary: v["salary"].as_str().map(str::to_string),
            location: v["location"].as_str().map(str::to_string),
            remote: v["remote"].as_bool(),
        })
        .collect()
}

fn normalize(c: &mut Criterion) {
    let engine = SkillEngine::builtin().expect("taxonomy");
    let salaries = SalaryParser::builtin();
    let normalizer = Normalizer::new(&engine, &salaries, codes::USD);
    let contracts = ContractDetector::new();
    let docs = postings();
    let mut group = c.benchmark_group("posting");
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.sample_size(10);
    group.bench_function("normalize", |b| {
        let mut scratch = Scratch::default();
        b.iter(|| {
            let mut skills = 0;
            for p in &docs {
                let input = PostingInput {
                    title: &p.title,
                    description: &p.description,
                    salary: p.salary.as_deref(),
                    location: p.location.as_deref(),
                    remote: p.remote,
                    ..PostingInput::default()
                };
                skills += normalizer.normalize(&input, &mut scratch).skills.len();
            }
            skills
        })
    });
    group.bench_function("clean_text", |b| {
        b.iter(|| {
            docs.iter()
                .map(|p| clean_text(&p.description).text.len())
                .sum::<usize>()
        })
    });
    // Language and contract read the tokens the skill extractor folded: measured on texts
    // folded beforehand, as `normalize` uses them.
    let folded: Vec<(String, Folded)> = docs
        .iter()
        .map(|p| {
            let text = format!("{}\n\n{}", p.title, p.description);
            let mut f = Folded::default();
            fold_for_scan(&text, &mut f);
            (text, f)
        })
        .collect();
    group.bench_function("language_on_fold", |b| {
        b.iter(|| {
            folded
                .iter()
                .filter(|(_, f)| detect_language_folded(f).is_some())
                .count()
        })
    });
    group.bench_function("contract_on_fold", |b| {
        b.iter(|| {
            folded
                .iter()
                .map(|(text, f)| contracts.detect_folded(text, f, &[]).len())
                .sum::<usize>()
        })
    });
    group.bench_function("salary_field_and_description", |b| {
        let ctx = SalaryContext::default();
        b.iter(|| {
            docs.iter()
                .filter(|p| {
                    p.salary
                        .as_deref()
                        .is_some_and(|s| salaries.parse(s, &ctx).has_amount())
                        || salaries.find_in_text(&p.description, &ctx).is_some()
                })
                .count()
        })
    });
    group.bench_function("skills", |b| {
        let mut scratch = Scratch::default();
        b.iter(|| {
            docs.iter()
                .map(|p| engine.extract_with(&p.description, &mut scratch).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, normalize);
criterion_main!(benches);
