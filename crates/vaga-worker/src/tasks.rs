//! The task kinds the worker runs, their typed payloads, and constructors that return the
//! [`NewTask`] to enqueue (with the user set on user tasks and a dedup key where a second copy
//! of an unfinished task would be pointless).

use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vaga_storage::NewTask;

/// Fetch one source and store its postings.
pub const SYNC_SOURCE: &str = "sync_source";
/// Rank the active postings for one user (or every user with a profile) and store the matches.
pub const RECOMPUTE_MATCHES: &str = "recompute_matches";
/// The `vaga gaps` analysis for one user (or, without a user, one task per profile).
pub const ANALYSE_SKILLS: &str = "analyse_skills";
/// The `vaga trends` report over the active postings.
pub const MARKET_TRENDS: &str = "market_trends";
/// Read an uploaded resume file into the user's profile.
pub const PARSE_RESUME: &str = "parse_resume";
/// Enqueue `sync_source` for every enabled source (what the sync schedule fires).
pub const SYNC_ALL: &str = "sync_all";

/// Every kind the worker runs.
pub const KINDS: &[&str] = &[
    SYNC_SOURCE,
    RECOMPUTE_MATCHES,
    ANALYSE_SKILLS,
    MARKET_TRENDS,
    PARSE_RESUME,
    SYNC_ALL,
];

/// Payload of [`SYNC_SOURCE`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncSource {
    /// The source row.
    pub source_id: Uuid,
}

/// Payload of [`RECOMPUTE_MATCHES`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecomputeMatches {
    /// One user, or every user with a profile.
    #[serde(default)]
    pub user_id: Option<Uuid>,
}

/// Payload of [`ANALYSE_SKILLS`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyseSkills {
    /// One user, or (from the schedule) one task per user with a profile.
    #[serde(default)]
    pub user_id: Option<Uuid>,
}

/// Payload of [`PARSE_RESUME`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParseResume {
    /// The owner.
    pub user_id: Uuid,
    /// The stored file.
    pub file_id: Uuid,
}

fn task<T: Serialize>(kind: &str, payload: &T) -> NewTask {
    NewTask::new(
        kind,
        serde_json::to_value(payload).unwrap_or(serde_json::Value::Null),
    )
}

/// Syncs one source. Dedup key `sync_source:<id>`: a sync already waiting covers a new request.
pub fn sync_source(source_id: Uuid) -> NewTask {
    let mut t = task(SYNC_SOURCE, &SyncSource { source_id });
    t.dedup_key = Some(format!("{SYNC_SOURCE}:{source_id}"));
    t
}

/// Recomputes one user's matches (`None`: every user with a profile). Dedup key
/// `recompute_matches:<user>` (`recompute_matches:all`).
pub fn recompute_matches(user_id: Option<Uuid>) -> NewTask {
    let mut t = task(RECOMPUTE_MATCHES, &RecomputeMatches { user_id });
    t.user_id = user_id;
    t.dedup_key = Some(match user_id {
        Some(u) => format!("{RECOMPUTE_MATCHES}:{u}"),
        None => format!("{RECOMPUTE_MATCHES}:all"),
    });
    t
}

/// Analyses one user's skill gaps. Dedup key `analyse_skills:<user>`.
pub fn analyse_skills(user_id: Uuid) -> NewTask {
    let mut t = task(
        ANALYSE_SKILLS,
        &AnalyseSkills {
            user_id: Some(user_id),
        },
    );
    t.user_id = Some(user_id);
    t.dedup_key = Some(format!("{ANALYSE_SKILLS}:{user_id}"));
    t
}

/// Analyses every user with a profile (one [`analyse_skills`] task each).
pub fn analyse_all_skills() -> NewTask {
    let mut t = task(ANALYSE_SKILLS, &AnalyseSkills { user_id: None });
    t.dedup_key = Some(format!("{ANALYSE_SKILLS}:all"));
    t
}

/// Computes the market trends report. Dedup key `market_trends`.
pub fn market_trends() -> NewTask {
    let mut t = task(MARKET_TRENDS, &serde_json::json!({}));
    t.dedup_key = Some(MARKET_TRENDS.into());
    t
}

/// Syncs every enabled source (one [`sync_source`] task each). Dedup key `sync_all`.
pub fn sync_all() -> NewTask {
    let mut t = task(SYNC_ALL, &serde_json::json!({}));
    t.dedup_key = Some(SYNC_ALL.into());
    t
}

/// Parses an uploaded resume into the user's profile. One attempt: a file that cannot be read
/// will not read better the second time. Dedup key `parse_resume:<file>`.
pub fn parse_resume(user_id: Uuid, file_id: Uuid) -> NewTask {
    let mut t = task(PARSE_RESUME, &ParseResume { user_id, file_id });
    t.user_id = Some(user_id);
    t.max_attempts = Some(1);
    t.dedup_key = Some(format!("{PARSE_RESUME}:{file_id}"));
    t
}
