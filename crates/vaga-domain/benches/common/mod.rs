//! The benchmark corpus, shared by the benches: `VAGA_BENCH_CORPUS` (JSON Lines, see
//! docs/benchmarks.md), or the committed fixture postings so `cargo bench` always runs, capped
//! at `VAGA_BENCH_LIMIT` records.

/// The first records of the corpus (at most `VAGA_BENCH_LIMIT`, else `default_limit`), parsed;
/// lines that are not JSON are skipped.
pub fn records(default_limit: usize) -> Vec<serde_json::Value> {
    let text = match std::env::var("VAGA_BENCH_CORPUS") {
        Ok(path) => std::fs::read_to_string(&path).expect("VAGA_BENCH_CORPUS is readable"),
        Err(_) => include_str!("../../tests/fixtures/postings.jsonl").to_string(),
    };
    text.lines()
        .take(limit(default_limit))
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .collect()
}

/// `VAGA_BENCH_LIMIT`, else `default_limit`.
pub fn limit(default_limit: usize) -> usize {
    std::env::var("VAGA_BENCH_LIMIT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_limit)
}
