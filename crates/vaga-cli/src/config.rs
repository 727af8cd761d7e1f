//! Layered configuration: the embedded `config/default.toml`, the user's file, `VAGA__*`
//! environment variables, then command-line flags.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use figment::Figment;
use figment::providers::{Env, Format as _, Toml};
use serde::{Deserialize, Serialize};

/// The embedded defaults; every setting is documented there.
pub const DEFAULT_TOML: &str = include_str!("../../../config/default.toml");

/// Output and log formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// For people.
    Text,
    /// For programs.
    Json,
}

/// The effective configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where things are kept.
    pub paths: Paths,
    /// Logging.
    pub log: Log,
    /// Command output.
    pub output: Output,
    /// The skill engine.
    pub skills: Skills,
    /// Salary parsing and conversion.
    pub salary: SalaryConfig,
    /// Where the user lives.
    pub location: LocationConfig,
    /// Reading resume files.
    pub documents: DocumentsConfig,
    /// Fetching from job sources.
    pub http: HttpConfig,
    /// `vaga sources sync`.
    pub sync: SyncConfig,
    /// `vaga match` and `vaga gaps`.
    pub matching: MatchingConfig,
    /// `vaga serve`.
    pub server: ServerSettings,
    /// The background worker (`vaga serve`, `vaga worker`).
    pub worker: vaga_worker::WorkerConfig,
    /// Configured sources (`[[sources]]`): built-ins with their settings, and the user's own.
    #[serde(default)]
    pub sources: Vec<vaga_sources::SourceConfig>,
}

/// `[http]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    /// The User-Agent sent; empty means Vaga's own.
    pub user_agent: String,
    /// Seconds one request may take.
    pub timeout_seconds: f64,
    /// Seconds to connect.
    pub connect_timeout_seconds: f64,
    /// Largest response body read, in bytes.
    pub max_response_bytes: u64,
    /// Retries after a 429, a 5xx or a network error.
    pub max_retries: u32,
    /// First retry wait in seconds (then doubled, with jitter).
    pub backoff_seconds: f64,
    /// Longest wait between retries, in seconds.
    pub max_backoff_seconds: f64,
    /// A `Retry-After` longer than this many seconds fails at once instead of waiting.
    pub max_retry_after_seconds: f64,
    /// Consecutive failed fetches that open a source's circuit breaker.
    pub breaker_threshold: u32,
    /// Seconds an open circuit stays open before one trial request.
    pub breaker_cooldown_seconds: f64,
}

/// `[sync]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncConfig {
    /// Sync the built-in boards that need no configuration, as well as `[[sources]]`.
    pub builtins: bool,
    /// Sources fetched at the same time.
    pub concurrency: usize,
    /// Seconds one source may take in all.
    pub source_timeout_seconds: f64,
    /// Most detail requests per source.
    pub max_details: usize,
}

/// `[documents]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentsConfig {
    /// Largest resume file read, in bytes.
    pub max_bytes: u64,
    /// Most pages of a PDF.
    pub max_pages: u64,
    /// Time one file may take to read, in seconds.
    pub timeout_seconds: f64,
    /// Memory the reading process may use, in MiB.
    pub max_memory_mb: u64,
}

/// `[matching]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchingConfig {
    /// Weights of the score's components.
    pub weights: vaga_domain::matching::Weights,
    /// Matches shown without `--top`.
    pub top: usize,
    /// Target postings `vaga gaps` studies without `--top`: the best matches.
    pub gap_targets: usize,
}

/// `[location]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocationConfig {
    /// The country the user lives in (ISO 3166-1 alpha-2), for eligibility; empty means none.
    pub home_country: String,
}

/// `[salary]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SalaryConfig {
    /// Currency salaries are converted to (ISO 4217).
    pub reference_currency: String,
    /// A rate table that extends or replaces the built-in one; empty means `rates.toml`,
    /// `rates.xml` or `rates.csv` beside the config file, when one exists.
    pub rates_file: PathBuf,
}

/// `[server]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Listen address.
    pub bind: String,
    /// Empty: SQLite in the data directory; else `sqlite:…` or `postgres://…`.
    pub database_url: String,
    /// Token-signing secret; empty: `VAGA_SECRET`, else a generated `secret.key`.
    pub secret: String,
    /// Cookies get `Secure`, and HSTS is sent.
    pub secure_cookies: bool,
    /// CORS origins; empty means same-origin.
    pub cors_origins: Vec<String>,
    /// Largest JSON body.
    pub body_limit_bytes: u64,
    /// Largest upload.
    pub upload_limit_bytes: u64,
    /// Request time limit.
    pub request_timeout_seconds: f64,
    /// Trust `X-Forwarded-For`.
    pub trust_forwarded_for: bool,
}

/// `[paths]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paths {
    /// Data directory; empty means the XDG default.
    pub data_dir: PathBuf,
}

/// `[log]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Log {
    /// Filter when `RUST_LOG` is unset.
    pub level: String,
    /// Text or JSON lines.
    pub format: Format,
}

/// `[output]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// Default output format.
    pub format: Format,
}

/// `[skills]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skills {
    /// A user taxonomy file; empty means `skills.toml` beside the config file.
    pub taxonomy_file: PathBuf,
    /// Largest single input.
    pub max_input_bytes: u64,
    /// Largest JSON Lines record.
    pub max_record_bytes: u64,
}

/// Command-line values that override the files.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--config`
    pub config_file: Option<PathBuf>,
    /// `--data-dir`
    pub data_dir: Option<PathBuf>,
    /// `--log-format`
    pub log_format: Option<Format>,
    /// `--format`
    pub format: Option<Format>,
}

/// The configuration and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The values.
    pub config: Config,
    /// The user file that was read, if any.
    pub file: Option<PathBuf>,
    /// The directory user files (like `skills.toml`) are looked for in.
    pub config_dir: PathBuf,
}

/// Reads an environment variable, treating empty as unset.
fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// `$XDG_CONFIG_HOME/vaga`, or `~/.config/vaga`.
pub fn default_config_dir() -> PathBuf {
    env_path("XDG_CONFIG_HOME")
        .or_else(|| env_path("HOME").map(|h| h.join(".config")))
        .unwrap_or_else(|| PathBuf::from(".config"))
        .join("vaga")
}

/// `$XDG_DATA_HOME/vaga`, or `~/.local/share/vaga`.
pub fn default_data_dir() -> PathBuf {
    env_path("XDG_DATA_HOME")
        .or_else(|| env_path("HOME").map(|h| h.join(".local/share")))
        .unwrap_or_else(|| PathBuf::from(".local/share"))
        .join("vaga")
}

/// Builds the effective configuration.
pub fn load(overrides: &Overrides) -> anyhow::Result<Loaded> {
    let mut figment = Figment::from(Toml::string(DEFAULT_TOML));
    let file = match &overrides.config_file {
        Some(path) => {
            if !path.is_file() {
                bail!("config file {} does not exist", path.display());
            }
            Some(path.clone())
        }
        None => Some(default_config_dir().join("config.toml")).filter(|p| p.is_file()),
    };
    if let Some(path) = &file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config file {}", path.display()))?;
        // Parse here first so a syntax error names the file and line, in one line.
        if let Err(e) = text.parse::<toml::Table>() {
            bail!(
                "config file {}: {}",
                path.display(),
                one_line(&e.to_string())
            );
        }
        figment = figment.merge(Toml::string(&text));
    }
    figment = figment.merge(Env::prefixed("VAGA__").split("__"));
    let mut config: Config = figment
        .extract()
        .map_err(|e| anyhow::anyhow!("configuration: {}", one_line(&e.to_string())))?;

    if let Some(dir) = &overrides.data_dir {
        config.paths.data_dir = dir.clone();
    }
    if config.paths.data_dir.as_os_str().is_empty() {
        config.paths.data_dir = default_data_dir();
    }
    if let Some(format) = overrides.log_format {
        config.log.format = format;
    }
    if let Some(format) = overrides.format {
        config.output.format = format;
    }
    let config_dir = file
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(default_config_dir);
    Ok(Loaded {
        config,
        file,
        config_dir,
    })
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a key names a secret (its value is never printed).
fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "password",
        "secret",
        "token",
        "api_key",
        "apikey",
        "private_key",
        "credentials",
    ]
    .iter()
    .any(|s| key.contains(s))
}

/// Replaces secret values, and passwords inside URLs, with `"[redacted]"`.
pub fn redact(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if is_secret_key(key) && !v.is_null() && v != "" {
                    *v = serde_json::Value::String("[redacted]".into());
                } else {
                    redact(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
        serde_json::Value::String(s) => {
            if let Some(clean) = redact_url(s) {
                *s = clean;
            }
        }
        _ => {}
    }
}

/// `postgres://user:pw@host/db` → `postgres://user:[redacted]@host/db`.
fn redact_url(s: &str) -> Option<String> {
    let scheme_end = s.find("://")? + 3;
    let rest = &s[scheme_end..];
    let at = rest.find('@')?;
    let userinfo = &rest[..at];
    if userinfo.contains('/') {
        return None;
    }
    let colon = userinfo.find(':')?;
    Some(format!(
        "{}{}:[redacted]{}",
        &s[..scheme_end],
        &userinfo[..colon],
        &rest[at..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_defaults_parse_into_config() {
        let config: Config = Figment::from(Toml::string(DEFAULT_TOML)).extract().unwrap();
        assert_eq!(config.log.format, Format::Text);
        assert_eq!(config.skills.max_input_bytes, 10 * 1024 * 1024);
    }

    #[test]
    fn secrets_and_url_passwords_are_redacted() {
        let mut value = serde_json::json!({
            "smtp": {"password": "hunter2", "user": "me"},
            "llm": {"api_key": "sk-123", "model": "x"},
            "database": {"url": "postgres://vaga:s3cret@db:5432/vaga"},
            "hooks": [{"token": "abc"}],
            "empty": {"password": ""}
        });
        redact(&mut value);
        let text = value.to_string();
        assert!(!text.contains("hunter2") && !text.contains("sk-123") && !text.contains("s3cret"));
        assert!(!text.contains("abc"));
        assert_eq!(
            value["database"]["url"],
            "postgres://vaga:[redacted]@db:5432/vaga"
        );
        assert_eq!(value["smtp"]["user"], "me");
        assert_eq!(value["empty"]["password"], "");
    }
}
