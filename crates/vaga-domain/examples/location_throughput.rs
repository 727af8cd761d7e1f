//! Times the location parser over a JSON Lines corpus (fields `location`, `description`,
//! `remote`): several passes, the fastest reported, in microseconds per posting. On a shared
//! machine, run it under `perf stat -e instructions:u` for a load-independent figure.
//!
//! `cargo run --release -p vaga-domain --example location_throughput -- FILE.jsonl [N] [PASSES]`

use std::time::Instant;

use vaga_domain::posting::location::{
    CountryCode, Gazetteer, LocationHints, LocationInput, parse_location,
};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a JSON Lines file");
    let n: usize = args.next().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let passes: usize = args.next().and_then(|v| v.parse().ok()).unwrap_or(5);
    let text = std::fs::read_to_string(path).expect("readable");
    let docs: Vec<(String, Option<String>, Option<bool>)> = text
        .lines()
        .take(n)
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            (
                v["location"].as_str().unwrap_or("").to_string(),
                v["description"].as_str().map(str::to_string),
                v["remote"].as_bool(),
            )
        })
        .collect();
    let gaz = Gazetteer::builtin();
    let home = CountryCode::parse("BR").expect("code");
    let bytes: usize = docs
        .iter()
        .map(|d| d.1.as_deref().map_or(0, str::len))
        .sum();
    let mut best = f64::MAX;
    let mut eligible = 0;
    for _ in 0..passes {
        let start = Instant::now();
        for (location, description, remote) in &docs {
            let input = LocationInput {
                location,
                description: description.as_deref(),
                hints: LocationHints {
                    remote: *remote,
                    ..LocationHints::default()
                },
            };
            let loc = parse_location(gaz, &input);
            eligible += usize::from(loc.eligibility(gaz, home).eligible == Some(true));
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{} postings, {:.0} bytes of description on average: {:.2} µs per posting (best of {passes}), {:.0} postings/s ({eligible})",
        docs.len(),
        bytes as f64 / docs.len().max(1) as f64,
        best * 1e6 / docs.len().max(1) as f64,
        docs.len() as f64 / best,
    );
}
