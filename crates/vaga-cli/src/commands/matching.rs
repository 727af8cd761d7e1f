//! `vaga match` (and the shared setup of `vaga gaps`): rank postings for a profile.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use serde::Serialize;
use serde_json::value::RawValue;
use vaga_domain::matching::{
    Lang, Match, MatchIndex, MatchOptions, Profile, ProfileInput, Ranking, Weights,
};
use vaga_domain::posting::normalize::Normalizer;
use vaga_domain::skills::SkillEngine;

use super::postings::{self, Converter, PostingRecord, PostingSet};
use crate::config::{Format, Loaded};
use crate::jsonl;
use crate::timings::Timings;

/// Largest profile file read.
const MAX_PROFILE_BYTES: u64 = 4 << 20;

/// `vaga match`
#[derive(Debug, Args)]
pub struct MatchArgs {
    /// The profile: compact JSON, or a JSON Resume (`vaga resume parse` output) with
    /// preferences under `meta.vaga.preferences`.
    #[arg(long, value_name = "FILE")]
    pub profile: PathBuf,
    /// Job records (JSON Lines; `-` for stdin), normalised or not.
    #[arg(long, value_name = "FILE")]
    pub jobs: PathBuf,
    /// How many matches to show (default: `[matching] top`).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Language of the explanations (`pt`, `en`, `es`; default: the profile's).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Component weights, e.g. `skills=50,experience=20,location=20,salary=10`
    /// (default: `[matching] weights`).
    #[arg(long, value_name = "W")]
    pub weights: Option<String>,
    /// Also show postings the profile rules out (not remote, or closed to your country, for a
    /// remote-only profile).
    #[arg(long)]
    pub all: bool,
    /// Worker threads for reading (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// What `match` and `gaps` share: the engine, the profile and the indexed postings.
pub(crate) struct Setup<'e> {
    pub profile: Profile,
    pub index: MatchIndex<'e>,
    pub records: Vec<PostingRecord>,
    pub options: MatchOptions,
}

/// Parses `--weights`.
pub(crate) fn parse_weights(text: &str, base: Weights) -> anyhow::Result<Weights> {
    let mut w = base;
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, value) = part
            .split_once('=')
            .with_context(|| format!("--weights: {part:?} is not name=value"))?;
        let value: f64 = value
            .trim()
            .parse()
            .with_context(|| format!("--weights: {value:?} is not a number"))?;
        match name.trim() {
            "skills" => w.skills = value,
            "experience" => w.experience = value,
            "location" => w.location = value,
            "salary" => w.salary = value,
            other => bail!(
                "--weights: unknown component {other:?} (skills, experience, location, salary)"
            ),
        }
    }
    w.validate()
        .map_err(|e| anyhow::anyhow!("--weights: {e}"))?;
    Ok(w)
}

/// Reads and resolves the profile.
pub(crate) fn load_profile(
    path: &Path,
    loaded: &Loaded,
    engine: &SkillEngine,
    parser: &vaga_domain::posting::salary::SalaryParser,
    reference: vaga_domain::posting::currency::Currency,
    lang: Option<&str>,
) -> anyhow::Result<Profile> {
    let (text, _) = crate::io::read_text(path, MAX_PROFILE_BYTES)?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not valid JSON", path.display()))?;
    let mut input =
        ProfileInput::from_json(&value).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    if input.country.as_deref().is_none_or(|c| c.trim().is_empty())
        && !loaded.config.location.home_country.is_empty()
    {
        input.country = Some(loaded.config.location.home_country.clone());
    }
    if let Some(l) = lang {
        if Lang::parse(l).is_none() {
            bail!("--lang {l:?}: use pt, en or es");
        }
        input.language = Some(l.to_string());
    }
    let (profile, warnings) = Profile::resolve(&input, engine, parser, reference)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    for w in warnings {
        tracing::warn!("{}: {w}", path.display());
    }
    if profile.skills.is_empty() {
        tracing::warn!(
            "{}: the profile has no skill the taxonomy knows; skills score 0",
            path.display()
        );
    }
    Ok(profile)
}

/// Loads the engine, the profile and the postings, and builds the index.
#[allow(clippy::too_many_arguments)]
pub(crate) fn setup<'e>(
    engine: &'e SkillEngine,
    loaded: &Loaded,
    profile_path: &Path,
    jobs: &Path,
    lang: Option<&str>,
    weights: Option<&str>,
    top: usize,
    all: bool,
    threads: Option<usize>,
    timings: &mut Timings,
) -> anyhow::Result<Setup<'e>> {
    let base = loaded.config.matching.weights;
    base.validate()
        .map_err(|e| anyhow::anyhow!("matching.weights: {e}"))?;
    let weights = match weights {
        Some(text) => parse_weights(text, base)?,
        None => base,
    };
    let (parser, reference) = timings.time("load", || super::parse::load_salary_parser(loaded))?;
    let profile = load_profile(profile_path, loaded, engine, &parser, reference, lang)?;
    let normalizer = Normalizer::new(engine, &parser, reference);
    let convert = Converter {
        rates: parser.rates(),
        reference,
    };
    let PostingSet { records, errors } = postings::load(
        jobs,
        loaded,
        jsonl::threads(threads),
        &normalizer,
        engine,
        &convert,
        timings,
    )?;
    for e in errors.iter().take(20) {
        tracing::warn!("{}: {e}", jobs.display());
    }
    if errors.len() > 20 {
        tracing::warn!(
            "{}: {} more unreadable records",
            jobs.display(),
            errors.len() - 20
        );
    }
    let index = timings.time("index", || {
        MatchIndex::new(engine, records.iter().map(|r| r.posting.clone()).collect())
    });
    Ok(Setup {
        profile,
        index,
        records,
        options: MatchOptions {
            weights,
            top,
            include_hidden: all,
        },
    })
}

#[derive(Serialize)]
struct MatchOut<'a> {
    id: &'a RawValue,
    title: &'a str,
    company: Option<&'a str>,
    url: Option<&'a str>,
    #[serde(flatten)]
    m: &'a Match,
}

/// Runs `vaga match`.
pub fn run(args: &MatchArgs, loaded: &Loaded, timings: &mut Timings) -> anyhow::Result<()> {
    let engine = timings.time("load", || super::skills::load_engine(loaded))?;
    let top = args.top.unwrap_or(loaded.config.matching.top);
    let setup = setup(
        &engine,
        loaded,
        &args.profile,
        &args.jobs,
        args.lang.as_deref(),
        args.weights.as_deref(),
        top,
        args.all,
        args.threads,
        timings,
    )?;
    let ranking = timings.time("score", || setup.index.rank(&setup.profile, &setup.options));
    timings.time("write", || {
        write_ranking(&ranking, &setup.records, loaded.config.output.format)
    })
}

fn write_ranking(
    ranking: &Ranking,
    records: &[PostingRecord],
    format: Format,
) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        Format::Json => {
            let items: Vec<MatchOut<'_>> = ranking
                .matches
                .iter()
                .map(|m| match_out(m, &records[m.index]))
                .collect::<anyhow::Result<_>>()?;
            serde_json::to_writer(&mut out, &items)?;
            writeln!(out)?;
        }
        Format::Text => {
            if ranking.matches.is_empty() {
                writeln!(out, "No matches among {} postings.", ranking.considered)?;
            }
            for (n, m) in ranking.matches.iter().enumerate() {
                let p = &records[m.index].posting;
                let company = p
                    .company
                    .as_deref()
                    .map(|c| format!(" — {c}"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{:>3}. {:>5.1}  {}{company}  [{}]",
                    n + 1,
                    m.score,
                    p.title,
                    p.id
                )?;
                writeln!(out, "            {}", m.explanation)?;
            }
            if ranking.hidden > 0 {
                writeln!(
                    out,
                    "({} postings you ruled out are hidden; --all shows them.)",
                    ranking.hidden
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn match_out<'a>(m: &'a Match, r: &'a PostingRecord) -> anyhow::Result<MatchOut<'a>> {
    let id: &RawValue = serde_json::from_str(&r.posting.id)?;
    Ok(MatchOut {
        id,
        title: &r.posting.title,
        company: r.posting.company.as_deref(),
        url: r.url.as_deref(),
        m,
    })
}
