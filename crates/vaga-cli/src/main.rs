//! `vaga`: the job-search assistant's engine from the command line.
//!
//! Exit status follows the CLI contract: 0 success, 1 bad input (one line on stderr), 2 usage.

mod commands;
mod config;
mod io;
mod jsonl;
mod telemetry;
mod timings;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Format;

/// mimalloc: normalising a posting makes some fifty short-lived allocations, and the system
/// allocator spent about a tenth of `jobs normalize` on them (see docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Vaga: a self-hosted job-search assistant for data and ML people in Latin America.
#[derive(Debug, Parser)]
#[command(name = "vaga", version, propagate_version = true)]
#[command(after_help = "Documentation: README.md and docs/ in the source tree.")]
struct Cli {
    /// Configuration file (default: $XDG_CONFIG_HOME/vaga/config.toml when it exists).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Data directory (default: $XDG_DATA_HOME/vaga).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Log format on stderr.
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    log_format: Option<Format>,

    /// Output format.
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    format: Option<Format>,

    /// Write a JSON object of phase timings in seconds to stderr at exit.
    #[arg(long, global = true)]
    timings: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract, normalise and list skills.
    #[command(subcommand)]
    Skills(commands::skills::SkillsCommand),
    /// Normalise job records.
    #[command(subcommand)]
    Jobs(commands::jobs::JobsCommand),
    /// Parse single posting fields: salaries.
    #[command(subcommand)]
    Parse(commands::parse::ParseCommand),
    /// Read resumes.
    #[command(subcommand)]
    Resume(commands::resume::ResumeCommand),
    /// Rank postings for a profile, with explanations.
    Match(commands::matching::MatchArgs),
    /// Skills you lack for your best matches, and a learning path.
    Gaps(commands::matching::GapsArgs),
    /// Market trends: skills by month, pay, rising and falling skills, countries, companies.
    Trends(commands::trends::TrendsArgs),
    /// Job sources: list them, test one, sync them into a file.
    #[command(subcommand)]
    Sources(commands::sources::SourcesCommand),
    /// Inspect the configuration.
    #[command(subcommand)]
    Config(commands::config::ConfigCommand),
    /// Run the HTTP API (SQLite in the data directory, or DATABASE_URL).
    Serve(commands::serve::ServeArgs),
    /// Run only the background worker (more workers can share one PostgreSQL).
    Worker(commands::serve::WorkerArgs),
    /// Manage accounts.
    #[command(subcommand)]
    Admin(commands::serve::AdminCommand),
}

fn main() -> ExitCode {
    // The document-reading child of `vaga resume parse`: no configuration, no logging, and its
    // parsers' panics are caught and answered as errors, so they need no message here.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == commands::resume::CHILD_ARG)
    {
        std::panic::set_hook(Box::new(|_| {}));
        return vaga_documents::serve_child(&commands::resume::child_ceilings());
    }
    std::panic::set_hook(Box::new(|info| {
        // A panic is a bug in Vaga, never the user's fault: say so in one line.
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!(
            "vaga: internal error{}: {} (please report this)",
            location.unwrap_or_default(),
            panic_message(info)
        );
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let mut timings = timings::Timings::new(cli.timings);
    let result = run(cli, &mut timings);
    timings.report();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if io::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vaga: {}", one_line(&e));
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli, timings: &mut timings::Timings) -> anyhow::Result<()> {
    let overrides = config::Overrides {
        config_file: cli.config,
        data_dir: cli.data_dir,
        log_format: cli.log_format,
        format: cli.format,
    };
    let loaded = config::load(&overrides)?;
    telemetry::init(&loaded.config.log.level, loaded.config.log.format);
    tracing::debug!(file = ?loaded.file, "configuration loaded");
    match cli.command {
        Command::Skills(command) => commands::skills::run(command, &loaded, timings),
        Command::Jobs(command) => commands::jobs::run(command, &loaded, timings),
        Command::Parse(command) => commands::parse::run(command, &loaded, timings),
        Command::Resume(command) => commands::resume::run(command, &loaded, timings),
        Command::Match(args) => commands::matching::run(&args, &loaded, timings),
        Command::Gaps(args) => commands::matching::run_gaps(&args, &loaded, timings),
        Command::Trends(args) => commands::trends::run(&args, &loaded, timings),
        Command::Sources(command) => commands::sources::run(command, &loaded, timings),
        Command::Config(command) => commands::config::run(command, &loaded),
        Command::Serve(args) => commands::serve::run_serve(&args, &loaded),
        Command::Worker(args) => commands::serve::run_worker(&args, &loaded),
        Command::Admin(command) => commands::serve::run_admin(command, &loaded),
    }
}

/// An error and its causes on one line, without a backtrace.
fn one_line(error: &anyhow::Error) -> String {
    let text = format!("{error:#}");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn panic_message(info: &std::panic::PanicHookInfo<'_>) -> String {
    if let Some(s) = info.payload().downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = info.payload().downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}
