//! Built-in adapters: one module per board or ATS, each with its real endpoint, paging and field
//! mapping into a [`SourcePosting`](crate::SourcePosting).

use crate::adapter::Policy;
use crate::config::SourceConfig;

// Boards
pub mod arbeitnow;
pub mod getonboard;
pub mod github_issues;
pub mod gupy;
pub mod himalayas;
pub mod jobicy;
pub mod remoteok;
pub mod remotive;
pub mod weworkremotely;

/// A built-in's policy with the configuration applied: a `base_url` override (a local replay or
/// a proxy) may be private, and the configured overrides win.
pub(crate) fn builtin_policy(config: &SourceConfig, mut policy: Policy) -> Policy {
    if config.base_url.is_some() {
        policy.allow_private = true;
    }
    config.apply_policy(policy)
}

/// The options of a built-in that has none: any key is a typo.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoOptions {}

// ATS boards
pub mod ashby;
pub(crate) mod ats_common;
pub mod greenhouse;
pub mod gupy_board;
pub mod lever;
pub mod linkedin;
pub mod recruitee;
pub mod smartrecruiters;
pub mod workable;
