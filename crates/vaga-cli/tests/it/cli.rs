//! Help, version and the exit-code rules of the CLI contract.

use super::{Vaga, stderr, stdout};

#[test]
fn help_lists_only_working_commands() {
    let out = Vaga::new().run(&["--help"], b"");
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    for expected in [
        "skills",
        "resume",
        "sources",
        "match",
        "gaps",
        "trends",
        "config",
        "serve",
        "worker",
        "admin",
        "--config",
        "--data-dir",
        "--log-format",
        "--format",
        "--timings",
    ] {
        assert!(help.contains(expected), "{expected} missing from:\n{help}");
    }
    // The document-reading child mode is internal, never listed.
    assert!(
        !help.contains("  __read-document "),
        "__read-document is listed:\n{help}"
    );
}

#[test]
fn version_prints_the_package_version() {
    let out = Vaga::new().run(&["--version"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out).trim(),
        format!("vaga {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["bogus"][..],
        &["skills"],
        &["--format", "xml", "skills", "list"],
        &["skills", "extract", "--field", "x"],
    ] {
        let out = Vaga::new().run(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn timings_are_one_json_object_on_stderr() {
    let out = Vaga::new().run(&["--timings", "skills", "extract"], b"Python and SQL");
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    let timings: serde_json::Value = serde_json::from_str(err.trim()).expect("JSON timings");
    for phase in ["load", "read", "extract", "write"] {
        assert!(
            timings[phase].as_f64().is_some_and(|s| s >= 0.0),
            "{phase} in {timings}"
        );
    }
}

#[test]
fn json_logs_are_json_lines() {
    let vaga = Vaga::new();
    let mut command = vaga.command();
    command.env("RUST_LOG", "debug");
    let out = vaga.run_with(
        command,
        &["--log-format", "json", "skills", "extract"],
        b"Python",
    );
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(!err.trim().is_empty());
    for line in err.lines() {
        let value: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(value["level"].is_string());
    }
}
