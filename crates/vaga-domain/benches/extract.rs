//! Throughput of the skill extractor core over posting descriptions.
//!
//! Reads the benchmark corpus from `VAGA_BENCH_CORPUS` (JSON Lines, see docs/benchmarks.md);
//! without it, uses the committed fixture postings so `cargo bench` always runs.

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vaga_domain::skills::{Scratch, SkillEngine};

fn descriptions() -> Vec<String> {
    common::records(20_000)
        .into_iter()
        .filter_map(|v| v["description"].as_str().map(str::to_string))
        .collect()
}

fn extract(c: &mut Criterion) {
    let engine = SkillEngine::builtin().expect("taxonomy");
    let docs = descriptions();
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut group = c.benchmark_group("skills");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("extract_descriptions", |b| {
        let mut scratch = Scratch::default();
        b.iter(|| {
            let mut found = 0;
            for doc in &docs {
                found += engine.extract_with(doc, &mut scratch).len();
            }
            found
        })
    });
    group.finish();
    c.bench_function("skills/build_engine", |b| {
        b.iter(|| SkillEngine::builtin().expect("taxonomy"))
    });
}

criterion_group!(benches, extract);
criterion_main!(benches);
