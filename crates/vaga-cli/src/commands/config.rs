//! `vaga config show`.

use std::io::Write;

use clap::Subcommand;

use crate::config::{Format, Loaded, redact};

/// `vaga config …`
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective configuration (defaults, your file, VAGA__* variables and flags
    /// merged), with secrets redacted.
    Show,
}

/// Runs a config command.
pub fn run(command: ConfigCommand, loaded: &Loaded) -> anyhow::Result<()> {
    match command {
        ConfigCommand::Show => show(loaded),
    }
}

fn show(loaded: &Loaded) -> anyhow::Result<()> {
    let mut value = serde_json::to_value(&loaded.config)?;
    redact(&mut value);
    let mut out = std::io::stdout().lock();
    match loaded.config.output.format {
        Format::Json => {
            let file = loaded.file.as_ref().map(|p| p.display().to_string());
            let body = serde_json::json!({"file": file, "config": value});
            writeln!(out, "{}", serde_json::to_string_pretty(&body)?)?;
        }
        Format::Text => {
            match &loaded.file {
                Some(path) => writeln!(
                    out,
                    "# read from {} and the built-in defaults",
                    path.display()
                )?,
                None => writeln!(out, "# built-in defaults (no config file found)")?,
            }
            let table: toml::Table = serde_json::from_value(value)?;
            write!(out, "{}", toml::to_string_pretty(&table)?)?;
        }
    }
    Ok(())
}
