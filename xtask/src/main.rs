//! Developer tasks. `cargo run -p xtask -- eval [--data DIR]` measures Vaga's accuracy on
//! labelled sets, from the outside: it runs the release `vaga` binary the way a user would and
//! scores its output. `fuzz-documents` mutation-fuzzes the document readers; `replay-sync` syncs
//! every stored board response replayed on loopback. Users and
//! `cargo test` never need it.

mod eval;
mod eval_match;
mod eval_posting;
mod eval_resume;
mod fuzz;
mod real;
mod replay_sync;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print one table of accuracy metrics per capability.
    Eval {
        /// Directory of labelled sets (default: ../shared/data/dev when it exists).
        #[arg(long)]
        data: Option<PathBuf>,
        /// The `vaga` binary to evaluate (default: build and use target/release/vaga).
        #[arg(long)]
        vaga: Option<PathBuf>,
    },
    /// Mutation-fuzz the document readers (PDF, DOCX) from the committed fixtures.
    FuzzDocuments {
        /// `pdf`, `docx` or `all`.
        #[arg(long, default_value = "all")]
        kind: String,
        /// Executions.
        #[arg(long, default_value_t = 100_000)]
        runs: u64,
        /// Random seed (runs are deterministic for a seed).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// An execution slower than this fails the run.
        #[arg(long, default_value_t = 2000)]
        slow_ms: u64,
        /// Address-space limit of the run, in MiB.
        #[arg(long, default_value_t = 4096)]
        max_memory_mb: u64,
    },
    /// Sync every stored board response, replayed on loopback at the real services' paths, with
    /// the release `vaga`, and report what was ingested and how requests were spaced.
    ReplaySync {
        /// Directory of job dumps (default: ../shared/data/jobs).
        #[arg(long)]
        data: Option<PathBuf>,
        /// The `vaga` binary (default: build and use target/release/vaga).
        #[arg(long)]
        vaga: Option<PathBuf>,
    },
    /// Reshape the real postings of every source into job records (JSON Lines).
    RealPostings {
        /// Directory of job dumps (default: ../shared/data/jobs).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Output file (default: stdout).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Eval { data, vaga } => eval::run(data, vaga),
        Command::RealPostings { data, out } => real::run(data, out),
        Command::ReplaySync { data, vaga } => replay_sync::run(data, vaga),
        Command::FuzzDocuments {
            kind,
            runs,
            seed,
            slow_ms,
            max_memory_mb,
        } => fuzz::run(&kind, runs, seed, slow_ms, max_memory_mb),
    }
}
