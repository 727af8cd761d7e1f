//! Speed of duplicate detection and of seniority parsing over posting records.
//!
//! Reads the benchmark corpus from `VAGA_BENCH_CORPUS` (JSON Lines, see docs/benchmarks.md);
//! without it, uses the committed fixture postings so `cargo bench` always runs. The corpus has
//! no duplicates of its own, so the bench makes some: it takes `VAGA_BENCH_LIMIT` records
//! (default 100,000, cycling the corpus when it is shorter) and replaces one in ten with an
//! edited copy of an earlier one (title upper-cased, company with a legal suffix, description
//! truncated or with boilerplate added).

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;
use vaga_domain::posting::dedup::{
    DedupOptions, DedupRecord, Fingerprint, find_duplicates, find_duplicates_of,
};
use vaga_domain::posting::seniority::parse_seniority;

struct Posting {
    /// For an edited copy, the posting it copies.
    copy_of: Option<usize>,
    title: String,
    company: String,
    location: String,
    description: String,
}

fn text(value: &Value, name: &str) -> String {
    value[name].as_str().unwrap_or_default().to_string()
}

/// A small deterministic generator (the bench may be random; it must be repeatable).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

fn postings() -> Vec<Posting> {
    let base: Vec<Posting> = common::records(100_000)
        .into_iter()
        .map(|v| Posting {
            copy_of: None,
            title: text(&v, "title"),
            company: text(&v, "company"),
            location: text(&v, "location"),
            description: text(&v, "description"),
        })
        .collect();
    let limit = common::limit(100_000);
    let mut rng = Lcg(42);
    let mut out: Vec<Posting> = Vec::with_capacity(limit);
    for i in 0..limit {
        if i % 10 == 9 && !out.is_empty() {
            let source = rng.next(out.len());
            let original = &out[source];
            let description = match rng.next(3) {
                0 => {
                    let mut cut = original.description.len() * 6 / 10;
                    while !original.description.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    format!("{}...", &original.description[..cut])
                }
                1 => format!(
                    "{}\n\nWe are an equal opportunity employer and value diversity.",
                    original.description
                ),
                _ => original.description.replace("\n- ", "\n<li>"),
            };
            let copy = Posting {
                copy_of: Some(source),
                title: original.title.to_uppercase(),
                company: format!("{} Ltda.", original.company),
                location: original.location.clone(),
                description,
            };
            out.push(copy);
        } else {
            let source = &base[i % base.len()];
            out.push(Posting {
                copy_of: None,
                title: source.title.clone(),
                company: source.company.clone(),
                location: source.location.clone(),
                description: source.description.clone(),
            });
        }
    }
    out
}

fn records(postings: &[Posting]) -> Vec<DedupRecord<'_>> {
    postings
        .iter()
        .map(|p| DedupRecord {
            title: &p.title,
            company: Some(&p.company),
            location: Some(&p.location),
            description: Some(&p.description),
            ..DedupRecord::default()
        })
        .collect()
}

fn dedup(c: &mut Criterion) {
    let postings = postings();
    let records = records(&postings);
    let options = DedupOptions::default();
    let bytes: usize = postings.iter().map(|p| p.description.len()).sum();
    let found = find_duplicates(&records, &options);
    let group = |i: usize| found[i].unwrap_or(i);
    let copies: Vec<(usize, usize)> = postings
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.copy_of.map(|source| (i, source)))
        .collect();
    let recovered = copies
        .iter()
        .filter(|&&(i, source)| group(i) == group(source))
        .count();
    let others = found
        .iter()
        .zip(&postings)
        .filter(|(d, p)| d.is_some() && p.copy_of.is_none())
        .count();
    eprintln!(
        "dedup bench: {} records, {:.1} MB of descriptions; {recovered} of {} edited copies \
         found in their original's group; {others} other postings found duplicate",
        records.len(),
        bytes as f64 / 1e6,
        copies.len(),
    );

    let mut group = c.benchmark_group("dedup");
    group.sample_size(10);
    group.throughput(Throughput::Elements(records.len() as u64));
    group.bench_function("find_duplicates", |b| {
        b.iter(|| find_duplicates(&records, &options))
    });
    group.bench_function("fingerprints", |b| {
        b.iter(|| records.iter().map(Fingerprint::new).collect::<Vec<_>>())
    });
    let fingerprints: Vec<Fingerprint> = records.iter().map(Fingerprint::new).collect();
    group.bench_function("index", |b| {
        b.iter_batched(
            || fingerprints.clone(),
            |fingerprints| find_duplicates_of(fingerprints, &options),
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();

    let mut group = c.benchmark_group("seniority");
    group.sample_size(10);
    group.throughput(Throughput::Elements(records.len() as u64));
    group.bench_function("parse_seniority", |b| {
        b.iter(|| {
            records
                .iter()
                .filter(|r| parse_seniority(r.title, r.description).level.is_some())
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, dedup);
criterion_main!(benches);
