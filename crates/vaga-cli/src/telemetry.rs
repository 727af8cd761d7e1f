//! Logging: `tracing` to stderr, human-readable or JSON lines, filtered by `RUST_LOG` or the
//! configured level.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::config::Format;

/// Installs the global subscriber. Safe to call once per process.
pub fn init(level: &str, format: Format) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(level))
        .unwrap_or_else(|_| EnvFilter::new("warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second initialisation (in tests) is not an error worth reporting.
    let _ = match format {
        Format::Json => builder.json().with_current_span(true).try_init(),
        Format::Text => builder
            .with_ansi(std::io::stderr().is_terminal())
            .with_target(false)
            .try_init(),
    };
}
