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
    // Boards (one helper adds entries here)
    // ATS boards (one helper adds entries here)
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
    // Configurable kinds (one helper adds entries here)
];

/// The built-in of `kind`, if it is one.
pub fn builtin(kind: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.kind == kind)
}

/// Builds the adapter a configuration describes.
#[allow(clippy::match_single_binding)] // until the first kind is registered
pub fn build(config: &SourceConfig) -> Result<Box<dyn Adapter>, ConfigError> {
    match config.kind.as_str() {
        // Boards
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
        other => Err(config.error(format!("unknown kind {other:?}"))),
    }
}
