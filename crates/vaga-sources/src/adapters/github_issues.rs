//! Job boards kept as GitHub issues (`backend-br/vagas`, `frontendbr/vagas`,
//! `soujava/vagas-java`, `react-brasil/vagas`…): one open issue per posting.
//!
//! `GET https://api.github.com/repos/{repo}/issues?state=open&per_page=100&page=N`, paged by the
//! `Link` response header (`rel="next"`, kept on the API's host, or `base_url` when set). Pull
//! requests (items with a `pull_request` key) are skipped. An issue becomes a posting: `title`,
//! `body` (Markdown) as the description, `html_url`, `created_at`, and its labels as tags; labels
//! also give the workplace ("Remoto", "Híbrido", "Presencial"), the contract ("CLT", "PJ",
//! "Estágio", "Freela") and the level ("Júnior", "Pleno", "Sênior"). A leading `[Company]` in
//! the title is the company, unless it names a workplace ("[Remoto]") or a place
//! ("[São Paulo/SP]").
//!
//! Unauthenticated, the API allows 60 requests an hour; with `token_env` (the name of an
//! environment variable read when the source is built, e.g. `GITHUB_TOKEN`) requests carry
//! `Authorization: Bearer …` and may go to 5,000 an hour.

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::adapter::{Adapter, Expect, Page, PageRequest, PageResponse, Policy, SourceError};
use crate::adapters::builtin_policy;
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The real API host.
pub const API: &str = "https://api.github.com";

/// GitHub issues' keys.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GithubIssuesOptions {
    /// `owner/name` of the repository. Default: `backend-br/vagas`.
    #[serde(default = "default_repo")]
    pub repo: String,
    /// The environment variable holding a GitHub token, read when the source is built.
    #[serde(default)]
    pub token_env: Option<String>,
}

fn default_repo() -> String {
    "backend-br/vagas".into()
}

/// The GitHub issues adapter.
#[derive(Clone)]
pub struct GithubIssues {
    config: SourceConfig,
    repo: String,
    token: Option<String>,
}

impl std::fmt::Debug for GithubIssues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GithubIssues")
            .field("name", &self.config.name())
            .field("repo", &self.repo)
            .field("token", &self.token.as_ref().map(|_| "[set]"))
            .finish()
    }
}

impl GithubIssues {
    /// An adapter for `config` (kind `github_issues`). With `token_env`, the variable is read
    /// now; unset or empty, requests go unauthenticated.
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let options: GithubIssuesOptions = config.options()?;
        let token = options
            .token_env
            .as_deref()
            .and_then(|var| std::env::var(var.trim()).ok())
            .and_then(|t| map::non_empty(&t));
        Self::with_token(config, token)
    }

    /// An adapter for `config` with `token` given (the environment is not read).
    pub fn with_token(config: &SourceConfig, token: Option<String>) -> Result<Self, ConfigError> {
        let options: GithubIssuesOptions = config.options()?;
        let repo = options.repo.trim().to_string();
        let valid = |part: &str| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        };
        match repo.split_once('/') {
            Some((owner, name)) if valid(owner) && valid(name) => {}
            _ => return Err(config.error(format!("repo {repo:?} is not owner/name"))),
        }
        if token
            .as_deref()
            .is_some_and(|t| t.chars().any(char::is_control))
        {
            return Err(config.error("the token holds control characters"));
        }
        config.endpoint(API)?;
        Ok(GithubIssues {
            config: config.clone(),
            repo,
            token,
        })
    }

    fn request(&self, url: url::Url) -> PageRequest {
        let mut req = PageRequest::get(url, Expect::Json);
        req.headers
            .push(("Accept".into(), "application/vnd.github+json".into()));
        req.headers
            .push(("X-GitHub-Api-Version".into(), "2022-11-28".into()));
        if let Some(token) = &self.token {
            req.headers
                .push(("Authorization".into(), format!("Bearer {token}")));
        }
        req
    }

    fn posting(&self, v: &Value) -> Result<SourcePosting, String> {
        let number = map::id_of(v, "number")
            .or_else(|| map::id_of(v, "id"))
            .ok_or("no number")?;
        let full = map::required(v, "title")?;
        let (company, title) = split_title(&full);
        let mut p = SourcePosting::new(self.config.name(), number, title);
        p.company = company;
        p.url = map::text(v, "html_url");
        p.description = map::raw_text(v, "body");
        p.posted_at = map::text(v, "created_at").and_then(|d| map::iso_date(&d));
        let labels: Vec<String> = match v.get("labels") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|l| match l {
                    Value::String(s) => map::non_empty(s),
                    other => map::text(other, "name"),
                })
                .collect(),
            _ => Vec::new(),
        };
        let mut contracts = Vec::new();
        for label in &labels {
            match label_meaning(label) {
                Some(Meaning::Workplace(w)) => {
                    p.workplace_type.get_or_insert_with(|| w.to_string());
                    p.remote.get_or_insert(w == "remote");
                }
                Some(Meaning::Contract(c)) => contracts.push(c.to_string()),
                None => {}
            }
        }
        if p.workplace_type.is_none()
            && let Some(w) = bracket_workplace(&full)
        {
            p.workplace_type = Some(w.to_string());
            p.remote = Some(w == "remote");
        }
        p.job_type = (!contracts.is_empty()).then(|| contracts.join(", "));
        p.tags = labels;
        p.attribution = Some(format!(
            "Source: {} on GitHub ({})",
            self.repo,
            p.url.clone().unwrap_or_default()
        ));
        p.raw = v.clone();
        Ok(p)
    }
}

/// What a label says.
enum Meaning {
    Workplace(&'static str),
    Contract(&'static str),
}

fn fold(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .replace(['á', 'à', 'â', 'ã'], "a")
        .replace(['é', 'ê'], "e")
        .replace('í', "i")
        .replace(['ó', 'ô', 'õ'], "o")
        .replace('ú', "u")
        .replace('ç', "c")
}

fn label_meaning(label: &str) -> Option<Meaning> {
    Some(match fold(label).as_str() {
        "remoto" | "remote" | "100% remoto" | "home office" => Meaning::Workplace("remote"),
        "hibrido" | "hybrid" => Meaning::Workplace("hybrid"),
        "presencial" | "on-site" | "onsite" => Meaning::Workplace("on-site"),
        "clt" => Meaning::Contract("CLT"),
        "pj" => Meaning::Contract("PJ"),
        "estagio" | "internship" => Meaning::Contract("internship"),
        "freela" | "freelance" | "freelancer" => Meaning::Contract("freelance"),
        _ => return None,
    })
}

/// The workplace a leading `[Remoto]` of the title names.
fn bracket_workplace(title: &str) -> Option<&'static str> {
    let inner = title.trim().strip_prefix('[')?.split_once(']')?.0;
    match label_meaning(inner)? {
        Meaning::Workplace(w) => Some(w),
        Meaning::Contract(_) => None,
    }
}

/// `[Company] Role` → (company, role). A bracket naming a workplace, contract or place is not a
/// company and stays in the title.
fn split_title(full: &str) -> (Option<String>, String) {
    let trimmed = full.trim();
    if let Some(rest) = trimmed.strip_prefix('[')
        && let Some((inner, role)) = rest.split_once(']')
        && let (Some(company), Some(role)) = (map::non_empty(inner), map::non_empty(role))
    {
        let looks_place = company.contains('/') || company.contains(',') || company.contains(" - ");
        if label_meaning(&company).is_none() && !looks_place {
            let role = role
                .trim_start_matches([' ', '-', '–', ':'])
                .trim()
                .to_string();
            if !role.is_empty() {
                return (Some(company), role);
            }
        }
    }
    (None, trimmed.to_string())
}

impl Adapter for GithubIssues {
    fn name(&self) -> &str {
        self.config.name()
    }

    fn kind(&self) -> &'static str {
        "github_issues"
    }

    fn policy(&self) -> Policy {
        builtin_policy(
            &self.config,
            Policy {
                min_interval: Duration::from_secs(1),
                // 100 issues a page: 1,000 open postings, within the unauthenticated 60/hour.
                max_pages: 10,
                min_sync_interval: Some(Duration::from_secs(3600)),
                ..Policy::default()
            },
        )
    }

    fn first(&self) -> Result<PageRequest, SourceError> {
        let mut url = self
            .config
            .endpoint(API)
            .map_err(|e| SourceError::Config(e.message))?;
        url.set_path(&format!("/repos/{}/issues", self.repo));
        url.query_pairs_mut()
            .append_pair("state", "open")
            .append_pair("per_page", "100")
            .append_pair("page", "1");
        Ok(self.request(url))
    }

    fn parse(
        &self,
        request: &PageRequest,
        response: &PageResponse,
        _page: usize,
    ) -> Result<Page, SourceError> {
        map::within_limit(response)?;
        let body = map::json(response)?;
        let Some(items) = body.as_array() else {
            if let Some(reported) = map::reported_error(&body) {
                return Err(SourceError::Reported(reported));
            }
            return Err(SourceError::Malformed(format!(
                "expected an array of issues, got {}",
                map::shape(&body)
            )));
        };
        let issues: Vec<Value> = items
            .iter()
            .filter(|v| v.get("pull_request").is_none())
            .cloned()
            .collect();
        let next = if items.is_empty() {
            None
        } else {
            response
                .header("link")
                .and_then(map::link_next)
                .and_then(|n| url::Url::parse(&n).ok())
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                // Kept on the host first asked: the API, or the `base_url` replay.
                .map(|u| crate::config::rebase(u, &request.url))
                .and_then(|u| map::advancing(&request.url, u))
                .map(|u| self.request(u))
        };
        Ok(Page {
            postings: map::each_record(&issues, |v| self.posting(v)),
            next,
            total: None,
        })
    }
}
