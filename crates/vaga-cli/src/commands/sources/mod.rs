//! `vaga sources list | test NAME | sync`: the job sources, one page of one, or all of them into
//! a JSON Lines file.

mod sink;

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};
use vaga_domain::posting::normalize::Normalizer;
use vaga_sources::http::{Fetcher, HttpSettings, Validators};
use vaga_sources::registry::{BUILTINS, CONFIGURABLE, builtin};
use vaga_sources::sync::{Job, Progress, Quiet, SyncOptions, SyncReport, sync};
use vaga_sources::{Adapter, Fetched, SourceConfig, SourcePosting};

use crate::commands::jobs::NormalizeWorker;
use crate::config::{Config, Format, Loaded};
use crate::timings::Timings;

/// `vaga sources …`
#[derive(Debug, Subcommand)]
pub enum SourcesCommand {
    /// List the built-in and configured sources.
    List,
    /// Fetch one page of one source and show what its mapping produced.
    Test(TestArgs),
    /// Fetch the enabled sources, normalise and deduplicate their postings, and merge them into a
    /// JSON Lines file.
    Sync(SyncArgs),
}

/// `vaga sources test`
#[derive(Debug, Args)]
pub struct TestArgs {
    /// The source's name (a configured name, or a built-in kind).
    #[arg(value_name = "NAME")]
    name: String,
}

/// `vaga sources sync`
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Sync only this source (repeatable). A named source is synced even when disabled.
    #[arg(long = "source", value_name = "NAME")]
    sources: Vec<String>,
    /// The JSON Lines file to merge into (created when missing).
    #[arg(long, value_name = "FILE.jsonl")]
    out: PathBuf,
}

/// Runs a `sources` command.
pub fn run(command: SourcesCommand, loaded: &Loaded, timings: &mut Timings) -> anyhow::Result<()> {
    match command {
        SourcesCommand::List => list(loaded),
        SourcesCommand::Test(args) => test(&args, loaded),
        SourcesCommand::Sync(args) => run_sync(&args, loaded, timings),
    }
}

/// One row of `sources list`.
#[derive(Debug, Serialize)]
struct Listed {
    name: String,
    kind: String,
    enabled: bool,
    builtin: bool,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    terms: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    base_url: Option<String>,
    /// The politeness the source is fetched with (absent when its configuration is incomplete).
    #[serde(skip_serializing_if = "Option::is_none")]
    policy: Option<ListedPolicy>,
}

/// A source's policy, as `sources list --format json` shows it.
#[derive(Debug, Serialize)]
struct ListedPolicy {
    min_interval_seconds: f64,
    max_pages: usize,
    obey_robots: bool,
    allow_private: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_sync_interval_hours: Option<f64>,
}

/// The sources a sync would consider: the configured ones, then the built-ins that need no
/// configuration (when `[sync] builtins` is on) and are not configured already. With whether
/// each is enabled.
fn sources(config: &Config) -> anyhow::Result<Vec<(SourceConfig, bool)>> {
    let mut out: Vec<(SourceConfig, bool)> = Vec::new();
    let mut names = HashSet::new();
    for source in &config.sources {
        if !names.insert(source.name().to_string()) {
            bail!(
                "configuration: two sources are named {:?}; give each a unique `name`",
                source.name()
            );
        }
        out.push((source.clone(), source.enabled.unwrap_or(true)));
    }
    for b in BUILTINS {
        if names.contains(b.kind) {
            continue;
        }
        let enabled = config.sync.builtins && b.enabled_by_default;
        out.push((SourceConfig::of_kind(b.kind), enabled));
    }
    Ok(out)
}

fn list(loaded: &Loaded) -> anyhow::Result<()> {
    let rows: Vec<Listed> = sources(&loaded.config)?
        .into_iter()
        .map(|(config, enabled)| {
            let b = builtin(&config.kind);
            let description = match b {
                Some(b) => b.description.to_string(),
                None => CONFIGURABLE
                    .iter()
                    .find(|(k, _)| *k == config.kind)
                    .map(|(_, d)| d.to_string())
                    .unwrap_or_else(|| "unknown kind".to_string()),
            };
            Listed {
                name: config.name().to_string(),
                kind: config.kind.clone(),
                enabled,
                builtin: b.is_some(),
                description,
                key: b.and_then(|b| b.key).map(str::to_string),
                terms: b.map(|b| b.terms.to_string()).filter(|t| !t.is_empty()),
                base_url: config.base_url.as_ref().map(|u| u.to_string()),
                policy: vaga_sources::build(&config).ok().map(|adapter| {
                    let p = config.apply_policy(adapter.policy());
                    ListedPolicy {
                        min_interval_seconds: p.min_interval.as_secs_f64(),
                        max_pages: p.max_pages,
                        obey_robots: p.obey_robots,
                        allow_private: p.allow_private,
                        min_sync_interval_hours: p
                            .min_sync_interval
                            .map(|d| d.as_secs_f64() / 3600.0),
                    }
                }),
            }
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if loaded.config.output.format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(4).max(4);
    for row in &rows {
        let state = if row.enabled { "on " } else { "off" };
        writeln!(
            out,
            "{state}  {:width$}  {:16}  {}",
            row.name, row.kind, row.description
        )?;
        if let Some(terms) = &row.terms {
            writeln!(out, "     {:width$}  {:16}  terms: {terms}", "", "")?;
        }
    }
    writeln!(
        out,
        "\nSources marked off need a key (board, company…) or are opt-in: add them under [[sources]] \
         in the config file (docs/sources.md)."
    )?;
    Ok(())
}

/// The HTTP settings of `[http]`.
fn http_settings(config: &Config) -> HttpSettings {
    let secs = |s: f64| Duration::from_secs_f64(if s.is_finite() && s >= 0.0 { s } else { 0.0 });
    let h = &config.http;
    let mut settings = HttpSettings::default();
    if !h.user_agent.trim().is_empty() {
        settings.user_agent = h.user_agent.trim().to_string();
    }
    settings.timeout = secs(h.timeout_seconds);
    settings.connect_timeout = secs(h.connect_timeout_seconds);
    settings.max_response_bytes = h.max_response_bytes;
    settings.max_retries = h.max_retries;
    settings.backoff_base = secs(h.backoff_seconds);
    settings.backoff_max = secs(h.max_backoff_seconds);
    settings.max_retry_after = secs(h.max_retry_after_seconds);
    settings.breaker_threshold = h.breaker_threshold;
    settings.breaker_cooldown = secs(h.breaker_cooldown_seconds);
    settings
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Finds a source by name: configured, or a built-in kind.
fn find_source(config: &Config, name: &str) -> anyhow::Result<SourceConfig> {
    sources(config)?
        .into_iter()
        .map(|(c, _)| c)
        .find(|c| c.name() == name)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "no source named {name:?} (see `vaga sources list`; add your own under [[sources]])"
            )
        })
}

/// What `sources test` shows.
#[derive(Debug, Serialize)]
struct Tested {
    name: String,
    kind: String,
    request: String,
    found: usize,
    errors: Vec<String>,
    next: Option<String>,
    total: Option<u64>,
    postings: Vec<SourcePosting>,
}

/// Postings shown by `sources test`.
const SHOWN: usize = 10;

fn test(args: &TestArgs, loaded: &Loaded) -> anyhow::Result<()> {
    let config = find_source(&loaded.config, &args.name)?;
    let adapter = vaga_sources::build(&config)?;
    let policy = config.apply_policy(adapter.policy());
    let request = adapter.first()?;
    let fetcher = Fetcher::new(http_settings(&loaded.config))?;
    let fetched = runtime()?.block_on(fetcher.fetch(adapter.name(), &policy, &request))?;
    let response = match fetched {
        Fetched::Page(r) => r,
        Fetched::NotModified => bail!("the source answered 304 Not Modified to a first request"),
    };
    let page = adapter.parse(&request, &response, 0)?;
    let mut postings = Vec::new();
    let mut errors = Vec::new();
    for item in page.postings {
        match item {
            Ok(mut p) => {
                p.raw = serde_json::Value::Null;
                postings.push(p);
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    let found = postings.len();
    postings.truncate(SHOWN);
    let tested = Tested {
        name: adapter.name().to_string(),
        kind: adapter.kind().to_string(),
        request: request.url.to_string(),
        found,
        errors,
        next: page.next.map(|n| n.url.to_string()),
        total: page.total,
        postings,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if loaded.config.output.format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &tested)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} ({}): {} → {} postings, {} skipped; next page: {}",
        tested.name,
        tested.kind,
        tested.request,
        tested.found,
        tested.errors.len(),
        tested.next.as_deref().unwrap_or("none")
    )?;
    for p in &tested.postings {
        writeln!(out, "\n  {}", p.title)?;
        let fields = [
            ("company", p.company.as_deref()),
            ("location", p.location.as_deref()),
            ("workplace", p.workplace_type.as_deref()),
            ("country", p.country.as_deref()),
            ("candidates from", p.candidate_required_location.as_deref()),
            ("salary", p.salary.as_deref()),
            ("type", p.job_type.as_deref()),
            ("posted", p.posted_at.as_deref()),
            ("expires", p.expires_at.as_deref()),
            ("url", p.url.as_deref()),
            ("apply", p.apply_url.as_deref()),
            ("credit", p.attribution.as_deref()),
        ];
        for (label, value) in fields {
            if let Some(v) = value {
                writeln!(out, "    {label:15} {v}")?;
            }
        }
        if let Some(remote) = p.remote {
            writeln!(out, "    {:15} {remote}", "remote")?;
        }
        if !p.location_restrictions.is_empty() {
            writeln!(
                out,
                "    {:15} {}",
                "restricted to",
                p.location_restrictions.join(", ")
            )?;
        }
        if !p.tags.is_empty() {
            writeln!(out, "    {:15} {}", "tags", p.tags.join(", "))?;
        }
        if let Some(d) = &p.description {
            let short: String = d.split_whitespace().collect::<Vec<_>>().join(" ");
            let short: String = short.chars().take(100).collect();
            writeln!(out, "    {:15} {short}…", "description")?;
        }
    }
    for e in &tested.errors {
        writeln!(out, "  skipped {e}")?;
    }
    Ok(())
}

/// What a sync remembers between runs, beside its output file.
#[derive(Debug, Default, Serialize, Deserialize)]
struct SyncState {
    /// Unix seconds of each source's last successful sync.
    #[serde(default)]
    last_synced: HashMap<String, u64>,
    /// ETag and Last-Modified values per URL, for conditional requests.
    #[serde(default)]
    validators: Option<Validators>,
}

fn state_path(out: &Path) -> PathBuf {
    let mut name = out
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".state.json");
    out.with_file_name(name)
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn human_duration(secs: u64) -> String {
    match secs {
        s if s < 120 => format!("{s} s"),
        s if s < 7200 => format!("{} min", s / 60),
        s => format!("{:.1} h", s as f64 / 3600.0),
    }
}

fn run_sync(args: &SyncArgs, loaded: &Loaded, timings: &mut Timings) -> anyhow::Result<()> {
    let config = &loaded.config;
    let mut selected: Vec<SourceConfig> = Vec::new();
    if args.sources.is_empty() {
        selected.extend(
            sources(config)?
                .into_iter()
                .filter(|(_, on)| *on)
                .map(|(c, _)| c),
        );
    } else {
        for name in &args.sources {
            let source = find_source(config, name)?;
            if !selected.iter().any(|s| s.name() == source.name()) {
                selected.push(source);
            }
        }
    }
    if selected.is_empty() {
        bail!("no source is enabled (see `vaga sources list`)");
    }

    // The state belongs to the output file: without the file, nothing seen before stands.
    let state_file = state_path(&args.out);
    let mut state: SyncState = if args.out.exists() {
        std::fs::read(&state_file)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    } else {
        SyncState::default()
    };

    // Build the adapters; a source that cannot be built is reported, the others go on.
    let mut built: Vec<Result<Box<dyn Adapter>, (SourceConfig, String)>> = Vec::new();
    for source in &selected {
        built.push(vaga_sources::build(source).map_err(|e| (source.clone(), e.to_string())));
    }
    let now = now_secs();
    let jobs: Vec<Job<'_>> = built
        .iter()
        .zip(&selected)
        .filter_map(|(b, source)| b.as_ref().ok().map(|a| (a, source)))
        .map(|(adapter, source)| {
            let policy = source.apply_policy(adapter.policy());
            // A source's terms limit how often the real service may be asked; a local replay or
            // proxy (`base_url`) is not the service.
            let skip = match (policy.min_sync_interval, &source.base_url) {
                (Some(every), None) => state.last_synced.get(adapter.name()).and_then(|&last| {
                    let since = now.saturating_sub(last);
                    (since < every.as_secs()).then(|| {
                        format!(
                            "its terms allow one sync every {}; the last was {} ago",
                            human_duration(every.as_secs()),
                            human_duration(since)
                        )
                    })
                }),
                _ => None,
            };
            Job {
                adapter: adapter.as_ref(),
                policy,
                skip,
            }
        })
        .collect();

    let engine = timings.time("load", || super::skills::load_engine(loaded))?;
    let (parser, reference) = timings.time("load", || super::parse::load_salary_parser(loaded))?;
    let home = super::parse::home_country(None, loaded)?;
    let normalizer = Normalizer::new(&engine, &parser, reference).with_home(home);
    let today = vaga_sources::map::unix_date(now as i64).unwrap_or_default();
    let max_record = usize::try_from(config.skills.max_record_bytes).unwrap_or(usize::MAX);
    let mut sink = timings.time("read", || {
        sink::FileSink::open(
            &args.out,
            NormalizeWorker::new(&normalizer),
            today,
            max_record,
        )
    })?;

    let fetcher = Fetcher::new(http_settings(config))?;
    if let Some(v) = state.validators.take() {
        fetcher.set_validators(v);
    }
    let options = SyncOptions {
        concurrency: config.sync.concurrency.max(1),
        source_timeout: Duration::from_secs_f64(config.sync.source_timeout_seconds.max(1.0)),
        max_details: config.sync.max_details,
    };
    let bars = (config.output.format == Format::Text && std::io::stderr().is_terminal())
        .then(Bars::default);
    let progress: &dyn Progress = match &bars {
        Some(b) => b,
        None => &Quiet,
    };
    let mut report = timings.time("sync", || {
        runtime().map(|rt| rt.block_on(sync(&jobs, &fetcher, &mut sink, &options, progress)))
    })?;
    if let Some(b) = &bars {
        b.clear();
    }

    // Sources that could not be built, in their place.
    let mut rows = Vec::new();
    let mut synced = report.sources.into_iter();
    for (b, source) in built.iter().zip(&selected) {
        match b {
            Ok(_) => rows.extend(synced.next()),
            Err((_, message)) => rows.push(vaga_sources::sync::SourceReport {
                name: source.name().to_string(),
                kind: source.kind.clone(),
                errors: vec![message.clone()],
                ..Default::default()
            }),
        }
    }
    report.sources = rows;

    timings.time("write", || sink.finish())?;
    for r in &report.sources {
        if r.errors.is_empty() && r.skipped_because.is_none() {
            state.last_synced.insert(r.name.clone(), now);
        }
    }
    state.validators = Some(fetcher.validators());
    if let Ok(bytes) = serde_json::to_vec_pretty(&state) {
        let _ = std::fs::write(&state_file, bytes);
    }
    print_report(&report, config.output.format, &args.out)?;
    let attempted = report
        .sources
        .iter()
        .filter(|r| r.skipped_because.is_none())
        .count();
    let failed = report.sources.iter().filter(|r| r.failed()).count();
    if attempted > 0 && failed == attempted {
        bail!("every source failed ({failed}); see the report above");
    }
    Ok(())
}

fn print_report(report: &SyncReport, format: Format, out_file: &Path) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if format == Format::Json {
        serde_json::to_writer(&mut out, report)?;
        writeln!(out)?;
        return Ok(());
    }
    let width = report
        .sources
        .iter()
        .map(|r| r.name.len())
        .max()
        .unwrap_or(6)
        .max(6);
    writeln!(
        out,
        "{:width$}  {:>6} {:>6} {:>7} {:>5} {:>7} {:>8}  status",
        "source", "found", "new", "updated", "dups", "skipped", "time"
    )?;
    for r in &report.sources {
        let status = if let Some(why) = &r.skipped_because {
            format!("not fetched: {why}")
        } else if r.failed() {
            "failed".to_string()
        } else if r.not_modified {
            "not modified".to_string()
        } else if r.errors.is_empty() {
            "ok".to_string()
        } else {
            "ok, with errors".to_string()
        };
        writeln!(
            out,
            "{:width$}  {:>6} {:>6} {:>7} {:>5} {:>7} {:>7.1}s  {status}",
            r.name,
            r.found,
            r.new,
            r.updated,
            r.duplicates,
            r.skipped,
            r.duration_ms as f64 / 1000.0
        )?;
    }
    writeln!(
        out,
        "{:width$}  {:>6} {:>6} {:>7} {:>5}",
        "total",
        report.total.found,
        report.total.new,
        report.total.updated,
        report.total.duplicates
    )?;
    for r in report.sources.iter().filter(|r| !r.errors.is_empty()) {
        for e in &r.errors {
            writeln!(out, "{}: {e}", r.name)?;
        }
    }
    writeln!(out, "Postings are in {}.", out_file.display())?;
    Ok(())
}

/// Progress bars on a terminal: one spinner per source.
#[derive(Default)]
struct Bars {
    multi: MultiProgress,
    bars: Mutex<HashMap<String, (ProgressBar, usize)>>,
}

impl Bars {
    fn clear(&self) {
        let _ = self.multi.clear();
    }
}

impl Progress for Bars {
    fn started(&self, source: &str) {
        let bar = self.multi.add(ProgressBar::new_spinner());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix:20} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_prefix(source.to_string());
        bar.set_message("fetching");
        bar.enable_steady_tick(Duration::from_millis(120));
        if let Ok(mut bars) = self.bars.lock() {
            bars.insert(source.to_string(), (bar, 0));
        }
    }

    fn page(&self, source: &str, page: usize, postings: usize) {
        if let Ok(mut bars) = self.bars.lock()
            && let Some((bar, total)) = bars.get_mut(source)
        {
            *total += postings;
            bar.set_message(format!("page {}: {total} postings", page + 1));
        }
    }

    fn fetched(&self, source: &str, error: Option<&str>) {
        if let Ok(mut bars) = self.bars.lock()
            && let Some((bar, total)) = bars.remove(source)
        {
            match error {
                Some(e) => bar.finish_with_message(format!("{total} postings; {e}")),
                None => bar.finish_with_message(format!("{total} postings")),
            }
        }
    }
}
