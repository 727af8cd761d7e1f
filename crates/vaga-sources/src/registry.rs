//! Every kind of source Vaga knows, and how a configuration becomes an [`Adapter`].

use crate::adapter::Adapter;
use crate::adapters;
use crate::config::{ConfigError, SourceConfig};

/// A built-in adapter: a board, feed or ATS Vaga knows by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Builtin {
    /// The kind, also the default name.
    pub kind: &'static str,
    /// One line for `sources list`.
    pub description: &'static str,
    /// Whether it is synced without being configured. Boards that need a key (`board`,
    /// `company`) and opt-in adapters are off until configured.
    pub enabled_by_default: bool,
    /// The key that names what to read, when the kind needs one (`board`, `company`, `query`,
    /// `repo`).
    pub key: Option<&'static str>,
    /// What the board's terms ask of us, shown by `sources list`.
    pub terms: &'static str,
}

/// The built-in adapters, in the order `sources list` shows them.
pub const BUILTINS: &[Builtin] = &[
    // Boards
    Builtin {
        kind: "remoteok",
        description: "Remote OK: every current remote posting (one JSON array)",
        enabled_by_default: true,
        key: None,
        terms: "link back to the posting on Remote OK and name Remote OK as the source",
    },
    Builtin {
        kind: "remotive",
        description: "Remotive: remote postings (one JSON document)",
        enabled_by_default: true,
        key: None,
        terms: "link back to the posting on Remotive and name Remotive as the source; at most 4 syncs a day; no re-posting to other job boards",
    },
    Builtin {
        kind: "arbeitnow",
        description: "Arbeitnow: jobs in Germany and remote (JSON pages)",
        enabled_by_default: true,
        key: None,
        terms: "free public API, do not abuse; link back to Arbeitnow",
    },
    Builtin {
        kind: "weworkremotely",
        description: "We Work Remotely: remote postings (RSS feed, optional category)",
        enabled_by_default: true,
        key: Some("category"),
        terms: "public feed; link back to the posting on We Work Remotely",
    },
    Builtin {
        kind: "gupy",
        description: "Gupy portal: Brazilian postings by job name (JSON pages)",
        enabled_by_default: true,
        key: Some("query"),
        terms: "unofficial public API without published terms; fetched gently",
    },
    Builtin {
        kind: "himalayas",
        description: "Himalayas: remote postings with country and time-zone restrictions (JSON pages)",
        enabled_by_default: true,
        key: None,
        terms: "link back to Himalayas; rate-limited API",
    },
    Builtin {
        kind: "jobicy",
        description: "Jobicy: latest remote postings (one JSON document, optional geo/tag)",
        enabled_by_default: true,
        key: None,
        terms: "link back to the posting on Jobicy; at most one sync an hour",
    },
    Builtin {
        kind: "getonboard",
        description: "Get on Board: Latin American tech postings by search words (JSON:API pages)",
        enabled_by_default: true,
        key: Some("query"),
        terms: "public API; link back to the posting on Get on Board",
    },
    Builtin {
        kind: "github_issues",
        description: "Job boards kept as GitHub issues (default backend-br/vagas)",
        enabled_by_default: true,
        key: Some("repo"),
        terms: "GitHub API: 60 requests an hour without a token; link back to the issue",
    },
    // ATS boards
    Builtin {
        kind: "greenhouse",
        description: "A Greenhouse job board (boards-api.greenhouse.io), whole board in one request",
        enabled_by_default: false,
        key: Some("board"),
        terms: "Public Job Board API of the employer's board; link to the posting's page",
    },
    Builtin {
        kind: "lever",
        description: "Lever postings (api.lever.co, or api.eu.lever.co), 100 per page",
        enabled_by_default: false,
        key: Some("company"),
        terms: "Public postings API of the employer's board; link to the posting's page",
    },
    Builtin {
        kind: "ashby",
        description: "An Ashby job board (api.ashbyhq.com posting API) with compensation, one request",
        enabled_by_default: false,
        key: Some("company"),
        terms: "Public posting API of the employer's board; link to the posting's page",
    },
    Builtin {
        kind: "smartrecruiters",
        description: "SmartRecruiters postings (api.smartrecruiters.com), 100 per page, one detail request per posting",
        enabled_by_default: false,
        key: Some("company"),
        terms: "Public Posting API of the employer's board; link to the posting's page",
    },
    Builtin {
        kind: "workable",
        description: "A Workable job board (apply.workable.com widget API) with descriptions, one request",
        enabled_by_default: false,
        key: Some("company"),
        terms: "Public widget API of the employer's board; link to the posting's page",
    },
    Builtin {
        kind: "recruitee",
        description: "A Recruitee career site ({company}.recruitee.com/api/offers/), one request",
        enabled_by_default: false,
        key: Some("company"),
        terms: "Public careers-site API of the employer; link to the posting's page",
    },
    Builtin {
        kind: "gupy_board",
        description: "A Gupy career site ({company}.gupy.io, Brazil), read from its Next.js data",
        enabled_by_default: false,
        key: Some("company"),
        terms: "The employer's public career page; link to the posting's page",
    },
    Builtin {
        kind: "linkedin",
        description: "LinkedIn guest job search: opt-in, best effort, slow; may be against LinkedIn's terms",
        enabled_by_default: false,
        key: Some("query"),
        terms: "Not an API: automated reading may breach LinkedIn's User Agreement; opt-in, at the user's responsibility",
    },
];

/// The configurable kinds: `(kind, description)`.
pub const CONFIGURABLE: &[(&str, &str)] = &[
    // Configurable kinds
    (
        crate::kinds::rss::KIND,
        "an RSS 2.0, Atom or JSON Feed of postings (key: url)",
    ),
    (
        crate::kinds::json_api::KIND,
        "any JSON API mapped with JSONPath (keys: url, items, fields, pagination, headers)",
    ),
    (
        crate::kinds::scraper::KIND,
        "an HTML page read with CSS selectors (keys: url, container, fields, next)",
    ),
    (
        crate::kinds::jsonld::KIND,
        "career pages with schema.org JobPosting JSON-LD (keys: url or urls, follow)",
    ),
];

/// The built-in of `kind`, if it is one.
pub fn builtin(kind: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.kind == kind)
}

/// Builds the adapter a configuration describes.
pub fn build(config: &SourceConfig) -> Result<Box<dyn Adapter>, ConfigError> {
    match config.kind.as_str() {
        // Boards
        "remoteok" => Ok(Box::new(adapters::remoteok::RemoteOk::new(config)?)),
        "remotive" => Ok(Box::new(adapters::remotive::Remotive::new(config)?)),
        "arbeitnow" => Ok(Box::new(adapters::arbeitnow::Arbeitnow::new(config)?)),
        "weworkremotely" => Ok(Box::new(adapters::weworkremotely::WeWorkRemotely::new(
            config,
        )?)),
        "gupy" => Ok(Box::new(adapters::gupy::Gupy::new(config)?)),
        "himalayas" => Ok(Box::new(adapters::himalayas::Himalayas::new(config)?)),
        "jobicy" => Ok(Box::new(adapters::jobicy::Jobicy::new(config)?)),
        "getonboard" => Ok(Box::new(adapters::getonboard::GetOnBoard::new(config)?)),
        "github_issues" => Ok(Box::new(adapters::github_issues::GithubIssues::new(
            config,
        )?)),
        // ATS boards
        "greenhouse" => Ok(Box::new(adapters::greenhouse::Greenhouse::new(config)?)),
        "lever" => Ok(Box::new(adapters::lever::Lever::new(config)?)),
        "ashby" => Ok(Box::new(adapters::ashby::Ashby::new(config)?)),
        "smartrecruiters" => Ok(Box::new(adapters::smartrecruiters::SmartRecruiters::new(
            config,
        )?)),
        "workable" => Ok(Box::new(adapters::workable::Workable::new(config)?)),
        "recruitee" => Ok(Box::new(adapters::recruitee::Recruitee::new(config)?)),
        "gupy_board" => Ok(Box::new(adapters::gupy_board::GupyBoard::new(config)?)),
        "linkedin" => Ok(Box::new(adapters::linkedin::LinkedIn::new(config)?)),
        // Configurable kinds
        crate::kinds::rss::KIND => Ok(Box::new(crate::kinds::rss::RssFeed::from_config(config)?)),
        crate::kinds::json_api::KIND => Ok(Box::new(crate::kinds::json_api::JsonApi::from_config(
            config,
        )?)),
        crate::kinds::scraper::KIND => Ok(Box::new(crate::kinds::scraper::Scraper::from_config(
            config,
        )?)),
        crate::kinds::jsonld::KIND => {
            Ok(Box::new(crate::kinds::jsonld::JsonLd::from_config(config)?))
        }
        other => Err(config.error(format!("unknown kind {other:?}"))),
    }
}
