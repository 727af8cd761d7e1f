//! `vaga parse salary|location`: single fields, from an argument or JSON Lines.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use std::borrow::Cow;

use vaga_domain::posting::currency::Currency;
use vaga_domain::posting::location::{
    CountryCode, Gazetteer, LocationHints, LocationInput, parse_location,
};
use vaga_domain::posting::normalize::LocationSummary;
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
    /// Read a location: workplace, countries, regions and, with --from, eligibility.
    Location(LocationArgs),
}

/// `vaga parse location`
#[derive(Debug, Args)]
pub struct LocationArgs {
    /// The location text ("Remote (LATAM)", "São Paulo - SP", "US only").
    #[arg(required_unless_present = "jsonl", conflicts_with = "jsonl")]
    text: Option<String>,
    /// Read job records from a JSON Lines file (`-` for stdin): `location`, and `description`
    /// when present, plus source fields (`remote`, `workplace_type`, `country`,
    /// `candidate_required_location`, `location_restrictions`).
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// The country you live in (ISO 3166-1 alpha-2): says whether you can take the job from there.
    #[arg(long, value_name = "CC")]
    from: Option<String>,
    /// Worker threads for `--jsonl` (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
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
        ParseCommand::Location(args) => location(args, loaded, timings),
    }
}

/// The home country: the flag, else `[location] home_country`, checked.
pub fn home_country(flag: Option<&str>, loaded: &Loaded) -> anyhow::Result<Option<CountryCode>> {
    let (value, source) = match flag {
        Some(v) => (v, "--from"),
        None => (
            loaded.config.location.home_country.as_str(),
            "location.home_country",
        ),
    };
    if value.is_empty() {
        return Ok(None);
    }
    match CountryCode::parse(value) {
        Some(code) if Gazetteer::builtin().country(code).is_some() => Ok(Some(code)),
        _ => bail!("{source} {value:?} is not an ISO 3166-1 alpha-2 country code"),
    }
}

fn location(args: LocationArgs, loaded: &Loaded, timings: &mut Timings) -> anyhow::Result<()> {
    let gaz = timings.time("load", Gazetteer::builtin);
    let home = home_country(args.from.as_deref(), loaded)?;
    if let Some(path) = &args.jsonl {
        let workers = (0..jsonl::threads(args.threads))
            .map(|_| LocationWorker { gaz, home })
            .collect();
        let settings = jsonl::Run::for_records(loaded, "parse");
        return jsonl::run(path, &settings, workers, timings);
    }
    let text = args.text.unwrap_or_default();
    let parsed = timings.time("parse", || parse_location(gaz, &LocationInput::text(&text)));
    let summary = LocationSummary::new(gaz, &parsed, home);
    match loaded.config.output.format {
        Format::Json => println!("{}", serde_json::to_string(&summary)?),
        Format::Text => println!("{}", describe_location(&summary, home)),
    }
    Ok(())
}

/// A location for people: `remote · BR · LATAM` and a line on eligibility.
fn describe_location(s: &LocationSummary, home: Option<CountryCode>) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.push(
        s.workplace
            .map_or("workplace not stated", |w| w.as_str())
            .to_string(),
    );
    if !s.countries.is_empty() {
        parts.push(
            s.countries
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if !s.regions.is_empty() {
        parts.push(
            s.regions
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if !s.excluded_countries.is_empty() {
        parts.push(format!(
            "except {}",
            s.excluded_countries
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut out = parts.join(" · ");
    if let (Some(home), Some(eligible)) = (home, s.eligible) {
        let verdict = match eligible {
            Some(true) => format!("open to people in {home}"),
            Some(false) => format!("not open to people in {home}"),
            None => format!("does not say whether people in {home} can take it"),
        };
        let _ = write!(out, "\n{verdict}");
        if let Some(reason) = &s.eligibility_reason {
            let _ = write!(out, " (\"{reason}\")");
        }
        if let Some(h) = s.overlap_hours {
            let _ = write!(out, "; {h:.0} h of time-zone overlap");
        }
    }
    out
}

struct LocationWorker {
    gaz: &'static Gazetteer,
    home: Option<CountryCode>,
}

impl jsonl::Processor for LocationWorker {
    fn record(&mut self, line_no: usize, line: &str, out: &mut String) {
        let record = match RawRecord::parse(line) {
            Ok(r) => r,
            Err(e) => {
                jsonl::error_line(out, None, &format!("line {line_no}: invalid record: {e}"));
                return;
            }
        };
        let fields = LocationFields::of(&record);
        let restrictions = fields.restrictions();
        let parsed = parse_location(self.gaz, &fields.input(&restrictions));
        let summary = LocationSummary::new(self.gaz, &parsed, self.home);
        let body = serde_json::to_string(&summary).unwrap_or_else(|_| "{}".into());
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

/// The location fields of a job record, decoded.
pub struct LocationFields<'a> {
    pub location: Option<Cow<'a, str>>,
    pub description: Option<Cow<'a, str>>,
    pub remote: Option<bool>,
    pub workplace_type: Option<Cow<'a, str>>,
    pub country: Option<Cow<'a, str>>,
    pub candidate_required_location: Option<Cow<'a, str>>,
    pub restrictions: Vec<Cow<'a, str>>,
}

impl<'a> LocationFields<'a> {
    /// Reads them, under the names sources use.
    pub fn of(record: &RawRecord<'a>) -> Self {
        let first = |keys: &[&str]| keys.iter().find_map(|k| record.text(k));
        let mut restrictions = record.strings("location_restrictions");
        restrictions.extend(record.strings("locationRestrictions"));
        LocationFields {
            location: record.text("location"),
            description: record.text("description"),
            remote: record.bool("remote"),
            workplace_type: first(&["workplace_type", "workplaceType"]),
            country: first(&["country", "country_code"]),
            candidate_required_location: first(&["candidate_required_location"]),
            restrictions,
        }
    }

    /// Restrictions as borrowed strings, for [`LocationFields::input`].
    pub fn restrictions(&self) -> Vec<&str> {
        self.restrictions.iter().map(AsRef::as_ref).collect()
    }

    /// The parser's input, with the restrictions from [`LocationFields::restrictions`].
    pub fn input<'b>(&'b self, restrictions: &'b [&'b str]) -> LocationInput<'b> {
        LocationInput {
            location: self.location.as_deref().unwrap_or_default(),
            description: self.description.as_deref(),
            folded: None,
            hints: LocationHints {
                remote: self.remote,
                workplace_type: self.workplace_type.as_deref(),
                country: self.country.as_deref(),
                candidate_required_location: self.candidate_required_location.as_deref(),
                location_restrictions: restrictions,
            },
        }
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
        let settings = jsonl::Run::for_records(loaded, "parse");
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
