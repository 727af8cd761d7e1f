//! `vaga parse salary|location`: single fields, from an argument or JSON Lines.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use vaga_domain::posting::currency::Currency;
use vaga_domain::posting::rates::RateTable;
use vaga_domain::posting::salary::{Salary, SalaryContext, SalaryParser};

use crate::config::{Format, Loaded};
use crate::jsonl::{self, RawRecord};
use crate::timings::Timings;

/// `vaga parse ...`
#[derive(Debug, Subcommand)]
pub enum ParseCommand {
    /// Read a salary: amounts, currency and period ("R$ 9 mil", "$120k–$150k", "A combinar").
    Salary(SalaryArgs),
}

/// `vaga parse salary`
#[derive(Debug, Args)]
pub struct SalaryArgs {
    /// The salary text.
    #[arg(required_unless_present = "jsonl", conflicts_with = "jsonl")]
    text: Option<String>,
    /// Read job records from a JSON Lines file (`-` for stdin) and parse their `salary` field.
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// The posting's country (ISO 3166-1 alpha-2), to resolve a bare `$`.
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    /// Worker threads for `--jsonl` (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
}

/// Runs a parse command.
pub fn run(command: ParseCommand, loaded: &Loaded, timings: &mut Timings) -> anyhow::Result<()> {
    match command {
        ParseCommand::Salary(args) => salary(args, loaded, timings),
    }
}

/// The salary parser with the user's rates on top of the built-in ones, and the reference
/// currency.
pub fn load_salary_parser(loaded: &Loaded) -> anyhow::Result<(SalaryParser, Currency)> {
    let settings = &loaded.config.salary;
    let reference = Currency::from_code(&settings.reference_currency).with_context(|| {
        format!(
            "salary.reference_currency {:?} is not an ISO 4217 code",
            settings.reference_currency
        )
    })?;
    let mut rates = RateTable::builtin();
    let file = if settings.rates_file.as_os_str().is_empty() {
        ["rates.toml", "rates.xml", "rates.csv"]
            .iter()
            .map(|name| loaded.config_dir.join(name))
            .find(|p| p.is_file())
    } else {
        Some(settings.rates_file.clone())
    };
    if let Some(path) = file {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read rates file {}", path.display()))?;
        let user =
            RateTable::parse(&text).with_context(|| format!("rates file {}", path.display()))?;
        rates.merge(&user);
    }
    if rates.rate(reference).is_none() {
        bail!("no exchange rate for the reference currency {reference}");
    }
    Ok((SalaryParser::new(rates), reference))
}

fn check_country(country: Option<&str>) -> anyhow::Result<Option<String>> {
    match country {
        None => Ok(None),
        Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Ok(Some(c.to_ascii_uppercase()))
        }
        Some(c) => bail!("--country {c:?} is not an ISO 3166-1 alpha-2 code"),
    }
}

fn salary(args: SalaryArgs, loaded: &Loaded, timings: &mut Timings) -> anyhow::Result<()> {
    let (parser, reference) = timings.time("load", || load_salary_parser(loaded))?;
    let country = check_country(args.country.as_deref())?;
    if let Some(path) = &args.jsonl {
        let workers = (0..jsonl::threads(args.threads))
            .map(|_| SalaryWorker {
                parser: &parser,
                reference,
                country: country.as_deref(),
            })
            .collect();
        let settings = jsonl::Run {
            limit: usize::try_from(loaded.config.skills.max_record_bytes).unwrap_or(usize::MAX),
            phase: "parse",
            limit_key: "skills.max_record_bytes",
        };
        return jsonl::run(path, &settings, workers, timings);
    }
    let text = args.text.unwrap_or_default();
    let ctx = SalaryContext {
        country: country.as_deref(),
        language: None,
    };
    let salary = timings.time("parse", || parser.parse(&text, &ctx));
    let normalized = parser.normalize(&salary, reference);
    match loaded.config.output.format {
        Format::Json => {
            let mut out = String::new();
            salary_json(&mut out, &salary, normalized.as_ref());
            println!("{out}");
        }
        Format::Text => println!("{}", describe(&salary, normalized.as_ref())),
    }
    Ok(())
}

/// A salary for people: `12,000–15,000 BRL a month (≈ 2,200–2,750 USD a month)`.
fn describe(
    salary: &Salary,
    normalized: Option<&vaga_domain::posting::salary::NormalizedSalary>,
) -> String {
    if salary.is_empty() {
        return "no salary stated".into();
    }
    let mut out = String::new();
    let amount = |v: f64| {
        let whole = v.round() as i64;
        let digits = whole.abs().to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if v < 100.0 && (v - v.round()).abs() > 0.004 {
            format!("{v:.2}")
        } else {
            grouped
        }
    };
    match (salary.min, salary.max) {
        (Some(a), Some(b)) if a == b => out.push_str(&amount(a)),
        (Some(a), Some(b)) => {
            let _ = write!(out, "{}–{}", amount(a), amount(b));
        }
        (Some(a), None) => {
            let _ = write!(out, "from {}", amount(a));
        }
        (None, Some(b)) => {
            let _ = write!(out, "up to {}", amount(b));
        }
        (None, None) => out.push_str("amount not stated"),
    }
    match salary.currency {
        Some(c) => {
            let _ = write!(out, " {c}");
        }
        None => out.push_str(" (currency not stated)"),
    }
    match salary.period {
        Some(p) if salary.period_inferred => {
            let _ = write!(out, " a {} (by convention)", p.as_str());
        }
        Some(p) => {
            let _ = write!(out, " a {}", p.as_str());
        }
        None => out.push_str(" (period not stated)"),
    }
    if let Some(n) = normalized {
        let monthly = match (n.monthly_min, n.monthly_max) {
            (Some(a), Some(b)) if (a - b).abs() < 0.5 => amount(a),
            (Some(a), Some(b)) => format!("{}–{}", amount(a), amount(b)),
            (Some(a), None) => format!("from {}", amount(a)),
            (None, Some(b)) => format!("up to {}", amount(b)),
            (None, None) => String::new(),
        };
        let _ = write!(
            out,
            "\n≈ {monthly} {} a month (rates of {})",
            n.currency, n.rate_date
        );
    }
    out
}

struct SalaryWorker<'a> {
    parser: &'a SalaryParser,
    reference: Currency,
    country: Option<&'a str>,
}

impl jsonl::Processor for SalaryWorker<'_> {
    fn record(&mut self, line_no: usize, line: &str, out: &mut String) {
        let record = match RawRecord::parse(line) {
            Ok(r) => r,
            Err(e) => {
                jsonl::error_line(out, None, &format!("line {line_no}: invalid record: {e}"));
                return;
            }
        };
        let text = record.text("salary").unwrap_or_default();
        let country = record.text("country");
        let ctx = SalaryContext {
            country: self.country.or(country.as_deref()),
            language: None,
        };
        let salary = self.parser.parse(&text, &ctx);
        let normalized = self.parser.normalize(&salary, self.reference);
        let mut body = String::new();
        salary_json(&mut body, &salary, normalized.as_ref());
        out.push_str("{\"id\":");
        out.push_str(record.id().map_or("null", |r| r.get()));
        if body.len() > 2 {
            out.push(',');
            out.push_str(&body[1..]);
        } else {
            out.push('}');
        }
        out.push('\n');
    }
}

/// A salary as a JSON object, fields in contract order, with its conversion when there is one.
fn salary_json(
    out: &mut String,
    salary: &Salary,
    normalized: Option<&vaga_domain::posting::salary::NormalizedSalary>,
) {
    let body = serde_json::to_string(salary).unwrap_or_else(|_| "{}".into());
    out.push_str(&body[..body.len() - 1]);
    if let Some(n) = normalized {
        if body.len() > 2 {
            out.push(',');
        }
        out.push_str("\"normalized\":");
        out.push_str(&serde_json::to_string(n).unwrap_or_else(|_| "null".into()));
    }
    out.push('}');
}
