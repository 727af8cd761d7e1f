//! Throughput of the location parser: the location field plus the description scan, per posting.
//!
//! Reads the benchmark corpus from `VAGA_BENCH_CORPUS` (JSON Lines with `location` and
//! `description`, see docs/benchmarks.md); without it, uses the committed fixture postings so
//! `cargo bench` always runs. `VAGA_BENCH_LIMIT` caps the number of postings (default 20,000).

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vaga_domain::posting::location::{
    CountryCode, Gazetteer, LocationHints, LocationInput, parse_location,
};

fn postings() -> Vec<(String, Option<String>, Option<bool>)> {
    common::records(20_000)
        .into_iter()
        .map(|v| {
            (
                v["location"].as_str().unwrap_or("").to_string(),
                v["description"].as_str().map(str::to_string),
                v["remote"].as_bool(),
            )
        })
        .collect()
}

fn location(c: &mut Criterion) {
    let gaz = Gazetteer::builtin();
    let home = CountryCode::parse("BR").expect("code");
    let docs = postings();
    let mut group = c.benchmark_group("location");
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.sample_size(10);
    group.bench_function("parse_postings", |b| {
        b.iter(|| {
            let mut eligible = 0;
            for (location, description, remote) in &docs {
                let input = LocationInput {
                    location,
                    description: description.as_deref(),
                    folded: None,
                    hints: LocationHints {
                        remote: *remote,
                        ..LocationHints::default()
                    },
                };
                let loc = parse_location(gaz, &input);
                eligible += usize::from(loc.eligibility(gaz, home).eligible == Some(true));
            }
            eligible
        })
    });
    group.bench_function("parse_location_fields", |b| {
        b.iter(|| {
            let mut found = 0;
            for (location, _, _) in &docs {
                found += parse_location(gaz, &LocationInput::text(location))
                    .countries
                    .len();
            }
            found
        })
    });
    group.finish();
}

criterion_group!(benches, location);
criterion_main!(benches);
