//! `vaga config show` and the configuration layers.

use super::{Vaga, assert_bad_input, stdout};

fn show_json(vaga: &Vaga, command: std::process::Command, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["config", "show"]);
    let out = vaga.run_with(command, &all, b"");
    assert_eq!(out.status.code(), Some(0), "{}", super::stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON")
}

#[test]
fn defaults_apply_without_any_file() {
    let vaga = Vaga::new();
    let shown = show_json(&vaga, vaga.command(), &[]);
    assert_eq!(shown["file"], serde_json::Value::Null);
    assert_eq!(shown["config"]["log"]["level"], "warn");
    let data_dir = shown["config"]["paths"]["data_dir"].as_str().unwrap();
    assert_eq!(
        data_dir,
        vaga.home().join(".local/share/vaga").to_str().unwrap()
    );
}

#[test]
fn file_then_environment_then_flags_override_each_other() {
    let vaga = Vaga::new();
    let dir = vaga.home().join(".config/vaga");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "[log]\nlevel = \"info\"\n[skills]\nmax_record_bytes = 100\n",
    )
    .unwrap();
    let shown = show_json(&vaga, vaga.command(), &[]);
    assert_eq!(shown["config"]["log"]["level"], "info");
    assert_eq!(shown["config"]["skills"]["max_record_bytes"], 100);

    let mut command = vaga.command();
    command
        .env("VAGA__LOG__LEVEL", "debug")
        .env("XDG_DATA_HOME", "/srv/data");
    let shown = show_json(&vaga, command, &[]);
    assert_eq!(shown["config"]["log"]["level"], "debug");
    assert_eq!(shown["config"]["paths"]["data_dir"], "/srv/data/vaga");

    let mut command = vaga.command();
    command.env("VAGA__PATHS__DATA_DIR", "/from/env");
    let shown = show_json(&vaga, command, &["--data-dir", "/from/flag"]);
    assert_eq!(shown["config"]["paths"]["data_dir"], "/from/flag");
}

#[test]
fn an_explicit_config_file_wins_over_the_default_location() {
    let vaga = Vaga::new();
    let file = vaga.home().join("custom.toml");
    std::fs::write(&file, "[output]\nformat = \"json\"\n").unwrap();
    let out = vaga.run(&["--config", file.to_str().unwrap(), "config", "show"], b"");
    let shown: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["file"], file.to_str().unwrap());
}

#[test]
fn text_output_is_toml_that_parses() {
    let out = Vaga::new().run(&["config", "show"], b"");
    let text = stdout(&out);
    let table: toml::Table = text.parse().expect("TOML");
    assert!(table.contains_key("skills"));
}

#[test]
fn mistakes_in_configuration_are_one_line_errors() {
    let vaga = Vaga::new();
    let file = vaga.home().join("bad.toml");
    std::fs::write(&file, "[skils]\nmax_input_bytes = 1\n").unwrap();
    let err =
        assert_bad_input(&vaga.run(&["--config", file.to_str().unwrap(), "config", "show"], b""));
    assert!(err.contains("skils"), "{err}");

    std::fs::write(&file, "[log\nlevel=").unwrap();
    let err =
        assert_bad_input(&vaga.run(&["--config", file.to_str().unwrap(), "config", "show"], b""));
    assert!(err.contains("bad.toml"), "{err}");

    let err = assert_bad_input(&vaga.run(
        &["--config", "/nonexistent/vaga.toml", "config", "show"],
        b"",
    ));
    assert!(err.contains("does not exist"), "{err}");

    let mut command = vaga.command();
    command.env("VAGA__SKILLS__MAX_INPUT_BYTES", "lots");
    let err = assert_bad_input(&vaga.run_with(command, &["config", "show"], b""));
    assert!(err.to_lowercase().contains("max_input_bytes"), "{err}");
}
