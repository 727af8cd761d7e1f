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
                let id = serde_json::from_str::<String>(&p.id).unwrap_or_else(|_| p.id.clone());
                writeln!(
                    out,
                    "{:>3}. {:>5.1}  {}{company}  [{id}]",
                    n + 1,
                    m.score,
                    p.title,
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

/// `vaga gaps`
#[derive(Debug, Args)]
pub struct GapsArgs {
    /// The profile (as for `vaga match`).
    #[arg(long, value_name = "FILE")]
    pub profile: PathBuf,
    /// Job records (JSON Lines; `-` for stdin), normalised or not.
    #[arg(long, value_name = "FILE")]
    pub jobs: PathBuf,
    /// Study the profile's N best matches (default: `[matching] gap_targets`).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Study these postings instead (by id; repeat the flag).
    #[arg(long = "target", value_name = "ID")]
    pub targets: Vec<String>,
    /// Most skills in the learning path.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub path_items: usize,
    /// Language of the resources first (`pt`, `en`, `es`; default: the profile's).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Component weights, as for `vaga match`.
    #[arg(long, value_name = "W")]
    pub weights: Option<String>,
    /// Worker threads for reading (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Days since 1970-01-01 of a `YYYY-MM-DD…` date, or of the first day of a `YYYY-MM` one.
pub(crate) fn day_number(date: &str) -> Option<i64> {
    let date = date.trim();
    vaga_domain::posting::dedup::day_number(date)
        .or_else(|| {
            let month = date.get(..7).filter(|_| date.len() == 7)?;
            vaga_domain::posting::dedup::day_number(&format!("{month}-01"))
        })
        .map(i64::from)
}

#[derive(Serialize)]
struct StepOut<'a> {
    skill: &'a str,
    id: &'a str,
    priority: u32,
    reason: &'a vaga_domain::skills::learning::Reason,
    importance: f64,
    courses: &'a [vaga_domain::skills::Resource],
    estimated_hours: u32,
    default_estimate: bool,
    difficulty: vaga_domain::skills::Difficulty,
    prerequisites: Vec<&'a str>,
}

#[derive(Serialize)]
struct GapsOut<'a> {
    targets: Vec<&'a RawValue>,
    missing_skills: &'a [vaga_domain::matching::MissingSkill],
    learning_path: Vec<StepOut<'a>>,
    skipped: &'a [vaga_domain::skills::learning::Skipped],
    improvement_potential: &'a vaga_domain::matching::Improvement,
    estimated_learning_hours: u32,
}

/// Runs `vaga gaps`.
pub fn run_gaps(args: &GapsArgs, loaded: &Loaded, timings: &mut Timings) -> anyhow::Result<()> {
    use vaga_domain::matching::{GapOptions, Target, gaps};
    use vaga_domain::skills::learning::{PathOptions, learning_path};

    let engine = timings.time("load", || super::skills::load_engine(loaded))?;
    let top = args.top.unwrap_or(loaded.config.matching.gap_targets);
    let setup = setup(
        &engine,
        loaded,
        &args.profile,
        &args.jobs,
        args.lang.as_deref(),
        args.weights.as_deref(),
        top,
        false,
        args.threads,
        timings,
    )?;
    let days: Vec<Option<i64>> = setup
        .records
        .iter()
        .map(|r| r.posted_at.as_deref().and_then(day_number))
        .collect();
    let newest = days.iter().flatten().copied().max();
    let target_of = |i: usize| Target {
        index: i,
        age_days: days[i].zip(newest).map(|(d, n)| (n - d) as f64),
    };
    let targets: Vec<Target> = if args.targets.is_empty() {
        timings
            .time("score", || setup.index.rank(&setup.profile, &setup.options))
            .matches
            .iter()
            .map(|m| target_of(m.index))
            .collect()
    } else {
        let mut chosen = Vec::new();
        for id in &args.targets {
            let found = setup.records.iter().position(|r| {
                let raw = &r.posting.id;
                raw == id || raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')) == Some(id)
            });
            match found {
                Some(i) => chosen.push(target_of(i)),
                None => bail!(
                    "--target {id:?}: no posting with that id in {}",
                    args.jobs.display()
                ),
            }
        }
        chosen
    };
    let report = timings.time("gaps", || {
        gaps(
            &setup.index,
            &setup.profile,
            &setup.options,
            &targets,
            &GapOptions::default(),
        )
    });
    let lang = match setup.profile.lang {
        Lang::Pt => "pt",
        Lang::En => "en",
        Lang::Es => "es",
    };
    let wanted: Vec<(vaga_domain::skills::SkillIdx, f64)> = report
        .missing_skills
        .iter()
        .map(|m| (m.skill, m.importance))
        .collect();
    let path = learning_path(
        engine.taxonomy(),
        &wanted,
        &setup.profile.skills,
        &PathOptions {
            max_items: args.path_items,
            lang: lang.to_string(),
        },
    );
    let out = GapsOut {
        targets: targets
            .iter()
            .filter_map(|t| serde_json::from_str(&setup.records[t.index].posting.id).ok())
            .collect(),
        missing_skills: &report.missing_skills,
        learning_path: path
            .steps
            .iter()
            .map(|s| StepOut {
                skill: &s.name,
                id: &s.id,
                priority: s.priority,
                reason: &s.reason,
                importance: s.importance,
                courses: &s.resources,
                estimated_hours: s.estimated_hours,
                default_estimate: s.default_estimate,
                difficulty: s.difficulty,
                prerequisites: s.prerequisites.iter().map(|p| p.name.as_str()).collect(),
            })
            .collect(),
        skipped: &path.skipped,
        improvement_potential: &report.improvement_potential,
        estimated_learning_hours: path.total_hours,
    };
    timings.time("write", || -> anyhow::Result<()> {
        let mut w = std::io::BufWriter::new(std::io::stdout().lock());
        match loaded.config.output.format {
            Format::Json => {
                serde_json::to_writer(&mut w, &out)?;
                writeln!(w)?;
            }
            Format::Text => write_gaps_text(&mut w, &out)?,
        }
        w.flush()?;
        Ok(())
    })
}

fn write_gaps_text(w: &mut impl Write, out: &GapsOut<'_>) -> std::io::Result<()> {
    writeln!(w, "Studied {} postings.", out.targets.len())?;
    writeln!(w, "\nMissing skills (importance, postings that ask):")?;
    for m in out.missing_skills.iter().take(10) {
        writeln!(w, "  {:>5.1}  {:>3}  {}", m.importance, m.frequency, m.name)?;
    }
    writeln!(w, "\nLearning path:")?;
    for s in &out.learning_path {
        let pre = if s.prerequisites.is_empty() {
            String::new()
        } else {
            format!(" (after {})", s.prerequisites.join(", "))
        };
        writeln!(
            w,
            "  {:>2}. {} — {} h, {:?}{pre}",
            s.priority, s.skill, s.estimated_hours, s.difficulty
        )?;
        if let Some(c) = s.courses.first() {
            writeln!(w, "      {} <{}>", c.title, c.url)?;
        }
    }
    let p = out.improvement_potential;
    writeln!(
        w,
        "\nAverage score of these postings: {} now, {} after learning {} (+{}); about {} hours.",
        p.current_avg,
        p.potential_avg,
        p.learned.join(", "),
        p.increase,
        out.estimated_learning_hours
    )
}

#[cfg(test)]
mod tests {
    use super::day_number;

    #[test]
    fn posting_dates_with_or_without_a_day() {
        assert_eq!(day_number("2026-09-01"), Some(20697));
        assert_eq!(day_number("2026-09-01T12:00:00Z"), Some(20697));
        assert_eq!(day_number("2026-09"), Some(20697));
        assert_eq!(day_number("2026-13"), None);
        assert_eq!(day_number("yesterday"), None);
    }
}
