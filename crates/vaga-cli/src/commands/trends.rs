//! `vaga trends`: skills by month, pay, rising and falling skills, countries and companies.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use vaga_domain::posting::normalize::Normalizer;
use vaga_domain::trends::{TrendOptions, TrendPosting, month_of, trends};

use super::postings::{self, Converter, PostingSet};
use crate::config::{Format, Loaded};
use crate::jsonl;
use crate::timings::Timings;

/// `vaga trends`
#[derive(Debug, Args)]
pub struct TrendsArgs {
    /// Job records (JSON Lines; `-` for stdin), normalised or not.
    #[arg(long, value_name = "FILE")]
    pub jobs: PathBuf,
    /// Skills listed as rising and falling.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Fewest postings of a skill to be listed as rising or falling.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub min_frequency: usize,
    /// Fewest dated postings of a skill for a trend.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub min_count: usize,
    /// Companies listed.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub companies: usize,
    /// Leave out the per-month series of each skill.
    #[arg(long)]
    pub no_series: bool,
    /// Worker threads for reading (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Runs `vaga trends`.
pub fn run(args: &TrendsArgs, loaded: &Loaded, timings: &mut Timings) -> anyhow::Result<()> {
    let engine = timings.time("load", || super::skills::load_engine(loaded))?;
    let (parser, reference) = timings.time("load", || super::parse::load_salary_parser(loaded))?;
    let normalizer = Normalizer::new(&engine, &parser, reference);
    let convert = Converter {
        rates: parser.rates(),
        reference,
    };
    let PostingSet { records, errors } = postings::load(
        &args.jobs,
        loaded,
        jsonl::threads(args.threads),
        &normalizer,
        &engine,
        &convert,
        timings,
    )?;
    for e in errors.iter().take(20) {
        tracing::warn!("{}: {e}", args.jobs.display());
    }
    let report = timings.time("trends", || {
        let input: Vec<TrendPosting<'_>> = records
            .iter()
            .map(|r| TrendPosting {
                month: r.posted_at.as_deref().and_then(month_of),
                skills: &r.posting.skills,
                salary_monthly: r.posting.pay.and_then(|p| match (p.min, p.max) {
                    (Some(a), Some(b)) => Some((a + b) / 2.0),
                    (a, b) => a.or(b),
                }),
                countries: &r.countries,
                regions: &r.regions,
                company: r.posting.company.as_deref(),
            })
            .collect();
        trends(
            &input,
            &TrendOptions {
                min_count: args.min_count,
                top_skills: args.top,
                min_frequency: args.min_frequency,
                top_companies: args.companies,
                series: !args.no_series,
            },
        )
        .with_names(engine.taxonomy())
    });
    timings.time("write", || -> anyhow::Result<()> {
        let mut w = std::io::BufWriter::new(std::io::stdout().lock());
        match loaded.config.output.format {
            Format::Json => {
                let mut value = serde_json::to_value(&report)?;
                value["currency"] = serde_json::Value::from(reference.as_str());
                serde_json::to_writer(&mut w, &value)?;
                writeln!(w)?;
            }
            Format::Text => {
                writeln!(
                    w,
                    "{} postings ({} dated) from {} to {}.",
                    report.total,
                    report.dated,
                    report.months.first().map_or("-", |m| m.month.as_str()),
                    report.months.last().map_or("-", |m| m.month.as_str())
                )?;
                writeln!(
                    w,
                    "\nMost asked skills (postings, share, avg monthly pay {}, trend):",
                    reference.as_str()
                )?;
                for s in report.skills.iter().take(15) {
                    let pay = s.avg_salary.map_or("-".to_string(), |p| format!("{p:.0}"));
                    writeln!(
                        w,
                        "  {:<28} {:>6} {:>5.1}% {:>8} {:>+5.2}",
                        s.name.as_deref().unwrap_or("?"),
                        s.count,
                        s.share * 100.0,
                        pay,
                        s.trend
                    )?;
                }
                for (title, list) in [("Rising", &report.rising), ("Falling", &report.falling)] {
                    if !list.is_empty() {
                        let names: Vec<String> = list
                            .iter()
                            .map(|t| {
                                format!("{} ({:+.2})", t.name.as_deref().unwrap_or("?"), t.trend)
                            })
                            .collect();
                        writeln!(w, "\n{title}: {}", names.join(", "))?;
                    }
                }
                let countries: Vec<String> = report
                    .countries
                    .iter()
                    .take(10)
                    .map(|c| format!("{} {}", c.country, c.count))
                    .collect();
                writeln!(w, "\nCountries: {}", countries.join(", "))?;
                let companies: Vec<String> = report
                    .companies
                    .iter()
                    .take(10)
                    .map(|c| format!("{} ({})", c.company, c.count))
                    .collect();
                writeln!(w, "Top hiring companies: {}", companies.join(", "))?;
            }
        }
        w.flush()?;
        Ok(())
    })
}
