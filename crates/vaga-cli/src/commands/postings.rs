//! Reading job records for the commands that study a whole set (`match`, `gaps`, `trends`):
//! records normalised in the current format are trusted and read for the fields those commands
//! need; others are normalised first, in memory, as `jobs normalize` would.

use std::path::Path;

use vaga_domain::matching::MatchPosting;
use vaga_domain::posting::location::{CountryCode, Region};
use vaga_domain::posting::normalize::Normalizer;
use vaga_domain::skills::SkillEngine;

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

/// Converts amounts between currencies with the rate table (shared with the worker).
pub(crate) use vaga_domain::matching::record::Converter;

fn record_of(
    engine: &SkillEngine,
    convert: &Converter<'_>,
    line: &str,
) -> Result<PostingRecord, String> {
    let r = vaga_domain::matching::record::read_record(engine, convert, line, None)?;
    Ok(PostingRecord {
        posting: r.posting,
        posted_at: r.posted_at,
        url: r.url,
        countries: r.countries,
        regions: r.regions,
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
