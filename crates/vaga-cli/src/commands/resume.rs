//! `vaga resume parse FILE`: a resume (PDF, DOCX, text, Markdown or JSON Resume) into a JSON
//! Resume document with Vaga's derived facts.
//!
//! The file is read by `vaga-documents` in a child process of this same binary (the hidden
//! [`CHILD_ARG`] mode), with the time and memory limits of `[documents]`: a PDF that makes the
//! reader panic, hang or eat memory costs a clean one-line error, not the command.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use vaga_documents::{Kind, Limits};
use vaga_domain::resume::{JsonResume, Parsed, ResumeParser, YearMonth};

use crate::config::{Format, Loaded};
use crate::timings::Timings;

/// The first argument that turns `vaga` into the document-reading child.
pub const CHILD_ARG: &str = "__read-document";

/// `vaga resume …`
#[derive(Debug, Subcommand)]
pub enum ResumeCommand {
    /// Read a resume (PDF, DOCX, TXT, Markdown or JSON Resume) into a JSON Resume document with
    /// derived years of experience, seniority, canonical skills and language.
    Parse(ParseArgs),
}

/// `vaga resume parse`
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The resume file; `-` reads standard input. The type comes from the bytes, not the name.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Count a current job up to this month (YYYY-MM) instead of the current one.
    #[arg(long, value_name = "YYYY-MM")]
    as_of: Option<String>,
}

/// Runs a `resume` command.
pub fn run(command: ResumeCommand, loaded: &Loaded, timings: &mut Timings) -> anyhow::Result<()> {
    match command {
        ResumeCommand::Parse(args) => parse(&args, loaded, timings),
    }
}

/// The child's own ceilings: generous, since the parent sends its limits and the stricter
/// of the two apply.
pub fn child_ceilings() -> Limits {
    Limits {
        max_bytes: usize::MAX,
        max_pages: usize::MAX,
        timeout: Duration::from_secs(24 * 3600),
        max_memory: u64::MAX,
    }
}

/// A document reader for the worker: PDF and DOCX read in a child `vaga` process under the
/// `[documents]` limits, exactly as `vaga resume parse` reads them.
pub fn document_reader(loaded: &Loaded) -> anyhow::Result<vaga_worker::DocumentReader> {
    let limits = limits(loaded);
    let exe = std::env::current_exe().context("cannot find vaga itself")?;
    Ok(std::sync::Arc::new(move |bytes: &[u8]| {
        let mut child = Command::new(&exe);
        child
            .arg(CHILD_ARG)
            .env_clear()
            .env("MIMALLOC_ARENA_RESERVE", "64MiB");
        vaga_documents::read_isolated(bytes, &limits, child)
            .map(|d| (d.text, d.warnings))
            .map_err(|e| e.to_string())
    }))
}

fn limits(loaded: &Loaded) -> Limits {
    let d = &loaded.config.documents;
    Limits {
        max_bytes: usize::try_from(d.max_bytes).unwrap_or(usize::MAX),
        max_pages: usize::try_from(d.max_pages).unwrap_or(usize::MAX),
        timeout: Duration::from_secs_f64(d.timeout_seconds.max(0.001)),
        max_memory: d.max_memory_mb.saturating_mul(1024 * 1024),
    }
}

fn parse(args: &ParseArgs, loaded: &Loaded, timings: &mut Timings) -> anyhow::Result<()> {
    let today = match &args.as_of {
        Some(text) => parse_month(text)?,
        None => this_month(),
    };
    let limits = limits(loaded);
    let name = if args.file == Path::new("-") {
        "standard input".to_string()
    } else {
        args.file.display().to_string()
    };
    let bytes = timings.time("read", || read_capped(&args.file, limits.max_bytes))?;
    // The child reads the file while this process builds the skill engine: the two take
    // about as long, and they no longer add up.
    let (document, engine) = std::thread::scope(|scope| {
        let loading = scope.spawn(|| {
            let started = std::time::Instant::now();
            (super::skills::load_engine(loaded), started.elapsed())
        });
        let document = timings.time("extract", || {
            let mut child =
                Command::new(std::env::current_exe().context("cannot find vaga itself")?);
            // The child runs under an address-space limit, and mimalloc reserves 1 GiB arenas
            // by default: smaller reservations keep that limit about memory actually used.
            child
                .arg(CHILD_ARG)
                .env_clear()
                .env("MIMALLOC_ARENA_RESERVE", "64MiB");
            vaga_documents::read_isolated(&bytes, &limits, child).with_context(|| name.clone())
        });
        let engine = match loading.join() {
            Ok((engine, took)) => {
                timings.add("load", took.as_secs_f64());
                engine
            }
            Err(_) => Err(anyhow::anyhow!("loading the skill engine failed")),
        };
        (document, engine)
    });
    let (document, engine) = (document?, engine?);
    let parser = ResumeParser::new(&engine);
    let parsed = timings.time("parse", || -> anyhow::Result<Parsed> {
        match document.kind {
            Kind::JsonResume => parser
                .import_json_resume(&document.text, today)
                .with_context(|| name.clone()),
            Kind::Pdf | Kind::Docx | Kind::Text => Ok(parser.parse_text(&document.text, today)),
        }
    })?;
    for warning in document.warnings.iter().chain(&parsed.warnings) {
        tracing::warn!("{name}: {warning}");
    }
    let out = match loaded.config.output.format {
        Format::Json => serde_json::to_string_pretty(&parsed.resume)?,
        Format::Text => summary(&parsed.resume),
    };
    println!("{out}");
    Ok(())
}

/// Reads a file (or stdin) up to `limit` bytes; more is an error that names the limit.
fn read_capped(path: &Path, limit: usize) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(cap)
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(cap).read_to_end(&mut bytes))
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    if bytes.len() > limit {
        bail!(
            "{} is larger than the {limit}-byte limit (documents.max_bytes)",
            path.display()
        );
    }
    Ok(bytes)
}

fn parse_month(text: &str) -> anyhow::Result<YearMonth> {
    let (year, month) = text
        .split_once('-')
        .context("--as-of takes a month as YYYY-MM")?;
    match (year.parse::<u16>(), month.parse::<u8>()) {
        (Ok(y), Ok(m)) => YearMonth::new(y, m).context("--as-of takes a month as YYYY-MM"),
        _ => bail!("--as-of takes a month as YYYY-MM, not {text:?}"),
    }
}

/// The current month (UTC), from the system clock.
fn this_month() -> YearMonth {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = i64::try_from(days).unwrap_or(0) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let year = u16::try_from(year).unwrap_or(1970);
    let month = u8::try_from(month).unwrap_or(1);
    YearMonth::new(year, month).unwrap_or(YearMonth { year, month: 1 })
}

/// The resume for people: who, the derived facts, then each section in a line or a few.
fn summary(resume: &JsonResume) -> String {
    let mut out = String::new();
    let b = &resume.basics;
    let line = |out: &mut String, text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(
        &mut out,
        b.name.clone().unwrap_or_else(|| "(no name found)".into()),
    );
    let contact: Vec<&str> = [b.email.as_deref(), b.phone.as_deref(), b.url.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !contact.is_empty() {
        line(&mut out, contact.join(" · "));
    }
    let meta = &resume.meta.vaga;
    line(
        &mut out,
        format!(
            "{} years of experience, {}, resume in {}",
            meta.years_experience, meta.seniority, meta.language
        ),
    );
    if !resume.work.is_empty() {
        line(&mut out, "\nWork".into());
        for w in &resume.work {
            let dates = format!(
                "{} – {}",
                w.start_date.as_deref().unwrap_or("?"),
                w.end_date.as_deref().unwrap_or("present")
            );
            let role = [w.position.as_deref(), w.name.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            line(&mut out, format!("  {dates}  {role}"));
        }
    }
    if !resume.education.is_empty() {
        line(&mut out, "\nEducation".into());
        for e in &resume.education {
            let what = [
                e.study_type.as_deref(),
                e.area.as_deref(),
                e.institution.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
            line(&mut out, format!("  {what}"));
        }
    }
    if !meta.skills.is_empty() {
        line(&mut out, format!("\nSkills: {}", meta.skills.join(", ")));
    }
    if !resume.languages.is_empty() {
        let langs: Vec<String> = resume
            .languages
            .iter()
            .map(|l| {
                let name = l.language.as_deref().unwrap_or("?");
                match l.fluency.as_deref() {
                    Some(f) => format!("{name} ({f})"),
                    None => name.to_string(),
                }
            })
            .collect();
        line(&mut out, format!("Languages: {}", langs.join(", ")));
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_the_clock() {
        assert_eq!(parse_month("2026-11").ok(), YearMonth::new(2026, 11));
        assert!(parse_month("2026-13").is_err());
        assert!(parse_month("nov 2026").is_err());
        let now = this_month();
        assert!(now.year >= 2025, "{now:?}");
    }
}
