//! Integration tests of the `vaga` binary, run as a user would run it:
//! - `cli`: help, version, exit codes, usage errors;
//! - `config`: layering (defaults, file, environment, flags) and redaction;
//! - `skills`: `vaga skills extract | normalize | list`, including bad input;
//! - `posting`: `vaga parse salary` and `vaga jobs normalize`, rate files, bad input;
//! - `resume`: `vaga resume parse` on text, JSON Resume, PDF and DOCX files, and unreadable ones;
//! - `sources`: `vaga sources list | test | sync` against loopback replays of real boards
//!   (`replay`: the replay servers).

// A panic in a test is a failing test, which is what an unwrap here means.
#![allow(clippy::unwrap_used, clippy::new_without_default)]

mod cli;
mod config;
mod matching;
mod posting;
mod replay;
mod resume;
mod serve;
mod skills;
mod sources;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A `vaga` command isolated from the user's real configuration and data.
pub(crate) struct Vaga {
    home: tempfile::TempDir,
}

impl Vaga {
    pub(crate) fn new() -> Vaga {
        Vaga {
            home: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub(crate) fn home(&self) -> &Path {
        self.home.path()
    }

    pub(crate) fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_vaga"));
        command
            .env_clear()
            .env("HOME", self.home.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .stdin(Stdio::null());
        command
    }

    /// Runs with arguments and stdin.
    pub(crate) fn run(&self, args: &[&str], stdin: &[u8]) -> Output {
        self.run_with(self.command(), args, stdin)
    }

    pub(crate) fn run_with(&self, mut command: Command, args: &[&str], stdin: &[u8]) -> Output {
        let mut child = command
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("vaga starts");
        let mut input = child.stdin.take().expect("stdin");
        let data = stdin.to_vec();
        let writer = std::thread::spawn(move || {
            let _ = input.write_all(&data);
        });
        let output = child.wait_with_output().expect("vaga finishes");
        writer.join().expect("stdin writer");
        output
    }
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// Every line of a JSON Lines output, parsed.
pub(crate) fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts exit status 1 with exactly one line on stderr and no backtrace.
pub(crate) fn assert_bad_input(output: &Output) -> String {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(1), "stderr: {err}");
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line expected: {err}"
    );
    assert!(
        !err.contains("backtrace") && !err.contains("panicked"),
        "{err}"
    );
    err
}
