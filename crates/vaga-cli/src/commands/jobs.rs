//! `vaga jobs normalize`: job records enriched with everything Vaga can read from them.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::value::RawValue;
use vaga_domain::posting::dedup::{DedupIndex, DedupOptions, DedupRecord, Fingerprint};
use vaga_domain::posting::normalize::{Normalizer, PostingInput};
use vaga_domain::skills::Scratch;

use super::parse::LocationFields;
use crate::config::Loaded;
use crate::jsonl::{self, RawRecord, push_json_str};
use crate::timings::Timings;

/// `vaga jobs ...`
#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// Enrich job records: salary, location, skills, seniority, contract, language, clean text.
    Normalize(NormalizeArgs),
    /// Find duplicate postings: per record, the id of the first record of its group.
    Dedup(DedupArgs),
}

/// `vaga jobs dedup`
#[derive(Debug, Args)]
pub struct DedupArgs {
    /// Job records, JSON Lines (`-` for stdin).
    #[arg(long, value_name = "FILE")]
    jsonl: PathBuf,
    /// Worker threads for fingerprinting (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
}

/// `vaga jobs normalize`
#[derive(Debug, Args)]
pub struct NormalizeArgs {
    /// Job records, JSON Lines (`-` for stdin).
    #[arg(long, value_name = "FILE")]
    jsonl: PathBuf,
    /// The country you live in (ISO 3166-1 alpha-2), for `location_parsed.eligible`
    /// (default: `[location] home_country`).
    #[arg(long, value_name = "CC")]
    from: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
}

/// The format version written as `vaga_normalized`. Version 2 added `skills_optional` and
/// `location_parsed.eligibility_rule`; records of an older version are normalised again.
pub const FORMAT_VERSION: u32 = 2;

/// Whether a record was normalised in the current format (and is trusted as it is).
pub(crate) fn is_current(record: &RawRecord<'_>) -> bool {
    record
        .raw("vaga_normalized")
        .and_then(|v| v.get().trim().parse::<u32>().ok())
        .is_some_and(|v| v >= FORMAT_VERSION)
}

/// Fields normalisation writes; an input field of the same name is replaced.
const WRITTEN: &[&str] = &[
    "skills_optional",
    "salary_parsed",
    "location_parsed",
    "seniority",
    "seniority_detail",
    "language",
    "contract",
    "description_html",
    "vaga_normalized",
];

/// Runs a jobs command.
pub fn run(command: JobsCommand, loaded: &Loaded, timings: &mut Timings) -> anyhow::Result<()> {
    match command {
        JobsCommand::Normalize(args) => normalize(&args, loaded, timings),
        JobsCommand::Dedup(args) => dedup(&args, loaded, timings),
    }
}

/// A record's id (raw JSON) and fingerprint, or why it has none.
pub(crate) type Fingerprinted = (Option<String>, Result<Fingerprint, String>);

fn dedup(args: &DedupArgs, loaded: &Loaded, timings: &mut Timings) -> anyhow::Result<()> {
    let settings = jsonl::Run::for_records(loaded, "fingerprint");
    let records: Vec<Fingerprinted> = jsonl::collect(
        &args.jsonl,
        &settings,
        jsonl::threads(args.threads),
        fingerprint,
        timings,
    )?;
    let groups = timings.time("dedup", || {
        let mut index = DedupIndex::with_capacity(DedupOptions::default(), records.len());
        // Index positions of the records that have a fingerprint, to map groups back to lines.
        let mut lines: Vec<usize> = Vec::with_capacity(records.len());
        let mut first_of: Vec<Option<usize>> = vec![None; records.len()];
        for (line, (_, fp)) in records.iter().enumerate() {
            if let Ok(fp) = fp {
                if let Some(duplicate) = index.insert(fp.clone()) {
                    first_of[line] = lines.get(duplicate.of).copied();
                }
                lines.push(line);
            }
        }
        first_of
    });
    timings.time("write", || -> std::io::Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
        let mut line = String::new();
        for ((id, fp), first) in records.iter().zip(&groups) {
            line.clear();
            match fp {
                Err(message) => jsonl::error_line(&mut line, None, message),
                Ok(_) => {
                    line.push_str("{\"id\":");
                    line.push_str(id.as_deref().unwrap_or("null"));
                    line.push_str(",\"duplicate_of\":");
                    let of = first.and_then(|f| records[f].0.as_deref());
                    line.push_str(of.unwrap_or("null"));
                    line.push_str("}\n");
                }
            }
            std::io::Write::write_all(&mut out, line.as_bytes())?;
        }
        std::io::Write::flush(&mut out)
    })?;
    Ok(())
}

/// The id (raw JSON) and dedup fingerprint of one job-record line.
pub(crate) fn fingerprint(line_no: usize, line: Result<&str, String>) -> Fingerprinted {
    let line = match line {
        Ok(line) => line,
        Err(message) => return (None, Err(message)),
    };
    let record = match RawRecord::parse(line) {
        Ok(r) => r,
        Err(e) => {
            return (
                None,
                Err(format!("line {line_no}: invalid job record: {e}")),
            );
        }
    };
    let id = record.id().map(|r| r.get().to_string());
    let title = record.text("title").unwrap_or_default();
    let company = record.text("company");
    let location = record.text("location");
    let description = record.text("description");
    let url = record.text("url");
    let source = record.text("source");
    let external_id = record.text("external_id");
    let posted_at = record.text("posted_at");
    let fp = Fingerprint::new(&DedupRecord {
        title: &title,
        company: company.as_deref(),
        location: location.as_deref(),
        description: description.as_deref(),
        url: url.as_deref(),
        source: source.as_deref(),
        external_id: external_id.as_deref(),
        posted_at: posted_at.as_deref(),
    });
    (id, Ok(fp))
}

fn normalize(args: &NormalizeArgs, loaded: &Loaded, timings: &mut Timings) -> anyhow::Result<()> {
    let engine = timings.time("load", || super::skills::load_engine(loaded))?;
    let (parser, reference) = timings.time("load", || super::parse::load_salary_parser(loaded))?;
    let home = super::parse::home_country(args.from.as_deref(), loaded)?;
    let normalizer = Normalizer::new(&engine, &parser, reference).with_home(home);
    let workers = (0..jsonl::threads(args.threads))
        .map(|_| NormalizeWorker::new(&normalizer))
        .collect();
    let settings = jsonl::Run::for_records(loaded, "normalize");
    jsonl::run(&args.jsonl, &settings, workers, timings)
}

/// Normalises job-record lines the way `jobs normalize` does (also used by `sources sync`).
pub(crate) struct NormalizeWorker<'a> {
    normalizer: &'a Normalizer<'a>,
    scratch: Scratch,
}

impl<'a> NormalizeWorker<'a> {
    /// A worker with its own scratch space.
    pub(crate) fn new(normalizer: &'a Normalizer<'a>) -> Self {
        NormalizeWorker {
            normalizer,
            scratch: Scratch::default(),
        }
    }
}

impl jsonl::Processor for NormalizeWorker<'_> {
    fn record(&mut self, line_no: usize, line: &str, out: &mut String) {
        let record = match RawRecord::parse(line) {
            Ok(r) => r,
            Err(e) => {
                jsonl::error_line(
                    out,
                    None,
                    &format!("line {line_no}: invalid job record: {e}"),
                );
                return;
            }
        };
        // Already normalised in this format: trusted as it is.
        if is_current(&record) {
            out.push_str(line.trim());
            out.push('\n');
            return;
        }
        let title = record.text("title").unwrap_or_default();
        let fields = LocationFields::of(&record);
        let restrictions = fields.restrictions();
        let salary = record.text("salary");
        let listed = record.strings("skills");
        let listed: Vec<&str> = listed.iter().map(AsRef::as_ref).collect();
        let job_type_values: Vec<String> = ["job_type", "type", "employment_type", "jobType"]
            .iter()
            .filter_map(|k| record.text(k).map(|v| v.into_owned()))
            .collect();
        let job_types: Vec<&str> = job_type_values.iter().map(String::as_str).collect();
        let input = PostingInput {
            title: &title,
            description: fields.description.as_deref().unwrap_or_default(),
            salary: salary.as_deref(),
            location: fields.location.as_deref(),
            remote: fields.remote,
            listed_skills: &listed,
            job_types: &job_types,
            country: fields.country.as_deref(),
            workplace_type: fields.workplace_type.as_deref(),
            candidate_required_location: fields.candidate_required_location.as_deref(),
            location_restrictions: &restrictions,
        };
        let n = self.normalizer.normalize(&input, &mut self.scratch);

        out.push('{');
        let mut first = true;
        let mut field = |out: &mut String, key: &str| {
            if !first {
                out.push(',');
            }
            first = false;
            push_json_str(out, key);
            out.push(':');
        };
        let mut wrote_skills = false;
        let mut wrote_description = false;
        for (key, raw) in &record.fields {
            let key = key.as_ref();
            if WRITTEN.contains(&key) {
                continue;
            }
            field(out, key);
            match key {
                "description" => {
                    push_json_str(out, &n.description.text);
                    wrote_description = true;
                }
                "skills" => {
                    push_string_list(out, &n.skills);
                    wrote_skills = true;
                }
                _ => out.push_str(RawValue::get(raw)),
            }
        }
        if !wrote_description && !n.description.text.is_empty() {
            field(out, "description");
            push_json_str(out, &n.description.text);
        }
        if !wrote_skills {
            field(out, "skills");
            push_string_list(out, &n.skills);
        }
        if !n.optional_skills.is_empty() {
            field(out, "skills_optional");
            push_string_list(out, &n.optional_skills);
        }
        if let Some(html) = &n.description_html {
            field(out, "description_html");
            push_json_str(out, html);
        }
        field(out, "salary_parsed");
        out.push_str(&serde_json::to_string(&n.salary).unwrap_or_else(|_| "null".into()));
        field(out, "location_parsed");
        out.push_str(&serde_json::to_string(&n.location).unwrap_or_else(|_| "null".into()));
        field(out, "seniority");
        match n.seniority.level {
            Some(level) => push_json_str(out, level.as_str()),
            None => out.push_str("null"),
        }
        field(out, "seniority_detail");
        out.push_str(&serde_json::to_string(&n.seniority).unwrap_or_else(|_| "null".into()));
        field(out, "contract");
        out.push_str(&serde_json::to_string(&n.contract).unwrap_or_else(|_| "[]".into()));
        field(out, "language");
        match n.language {
            Some(l) => push_json_str(out, l.as_str()),
            None => out.push_str("null"),
        }
        field(out, "vaga_normalized");
        out.push_str(&FORMAT_VERSION.to_string());
        out.push_str("}\n");
    }
}

fn push_string_list(out: &mut String, items: &[&str]) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_str(out, item);
    }
    out.push(']');
}
