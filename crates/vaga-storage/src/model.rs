//! The rows the store reads and writes. Times are UTC; ids are UUID v7 (time-ordered), made by
//! the store; JSON columns hold `serde_json::Value` (JSONB on PostgreSQL, TEXT on SQLite).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;
pub use vaga_domain::posting::seniority::Seniority;

pub use crate::search::PostingCursor;

/// A stored value that is not one of an enum's names.
#[derive(Debug, thiserror::Error)]
#[error("unknown {kind} {value:?}")]
pub struct UnknownName {
    kind: &'static str,
    value: String,
}

/// Enums stored as TEXT: `as_str`, `FromStr`, and sqlx `Type`/`Decode` through `String`, so a
/// row struct can hold the enum (also inside `Option`). Binding uses `as_str()`.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $kind:literal, { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// The name stored in the database and used in JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownName { kind: $kind, value: s.to_owned() }),
                }
            }
        }

        impl<DB: sqlx::Database> sqlx::Type<DB> for $name
        where
            String: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <String as sqlx::Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <String as sqlx::Type<DB>>::compatible(ty)
            }
        }

        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $name
        where
            String: sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <String as sqlx::Decode<'r, DB>>::decode(value)?;
                Ok(text.parse::<$name>()?)
            }
        }
    };
}

text_enum!(
    /// What a user may do: `admin` manages shared sources and users.
    Role, "role", {
        /// An ordinary account.
        User => "user",
        /// An administrator.
        Admin => "admin",
    }
);

text_enum!(
    /// Where an application stands.
    Stage, "stage", {
        /// Kept for later, not applied yet.
        Saved => "saved",
        /// Application sent.
        Applied => "applied",
        /// A first screening call or test.
        Screening => "screening",
        /// Interviews running.
        Interview => "interview",
        /// An offer was made.
        Offer => "offer",
        /// The offer was accepted.
        Accepted => "accepted",
        /// The employer declined.
        Rejected => "rejected",
        /// The applicant withdrew.
        Withdrawn => "withdrawn",
    }
);

text_enum!(
    /// The state of a source's last sync.
    SourceStatus, "source status", {
        /// Never synced.
        New => "new",
        /// The last sync succeeded.
        Ok => "ok",
        /// The last sync failed; see `last_error`.
        Error => "error",
    }
);

text_enum!(
    /// Where a task is in the queue (see [`crate::queue`]).
    TaskStatus, "task status", {
        /// Waiting for `run_at`.
        Queued => "queued",
        /// Claimed by a worker holding a lease.
        Running => "running",
        /// Finished successfully.
        Done => "done",
        /// An attempt failed; it runs again at `run_at` (backoff).
        Failed => "failed",
        /// The last attempt failed; only `retry` brings it back.
        Dead => "dead",
    }
);

/// An account.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct User {
    /// Id.
    pub id: Uuid,
    /// E-mail as entered.
    pub email: String,
    /// Password hash (argon2id PHC string, made by the auth layer).
    #[serde(skip)]
    pub password_hash: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// A disabled account cannot log in.
    pub disabled: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// E-mail; unique ignoring case.
    pub email: String,
    /// Password hash.
    pub password_hash: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
}

/// A refresh token, stored hashed. Tokens of one login share a family; presenting a token that
/// was already used means it was stolen, and the auth layer revokes the family.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RefreshToken {
    /// Id.
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// Hash of the token (the token itself is never stored).
    pub token_hash: String,
    /// Rotation family.
    pub family_id: Uuid,
    /// Issued.
    pub created_at: DateTime<Utc>,
    /// Expiry.
    pub expires_at: DateTime<Utc>,
    /// When it was exchanged for a new one.
    pub used_at: Option<DateTime<Utc>>,
    /// When its family was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A refresh token to store.
#[derive(Debug, Clone)]
pub struct NewRefreshToken {
    /// Owner.
    pub user_id: Uuid,
    /// Hash of the token.
    pub token_hash: String,
    /// Rotation family (a new one at login, the same one on rotation).
    pub family_id: Uuid,
    /// Expiry.
    pub expires_at: DateTime<Utc>,
}

/// A user's profile: one JSON Resume document and the search preferences.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Profile {
    /// Owner.
    pub user_id: Uuid,
    /// JSON Resume document.
    #[sqlx(json)]
    pub resume: Value,
    /// Preferences (locations, remote, salary, …).
    #[sqlx(json)]
    pub preferences: Value,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// An uploaded resume file, without its bytes (see [`crate::Repo::resume_file_content`]).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ResumeFile {
    /// Id.
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// File name as uploaded.
    pub filename: String,
    /// Content type as checked by the upload handler.
    pub content_type: String,
    /// Size of the bytes.
    pub size_bytes: i64,
    /// Warnings of the parser (a JSON array; empty until parsed).
    #[sqlx(json)]
    pub parse_warnings: Value,
    /// The parse task.
    pub task_id: Option<Uuid>,
    /// Uploaded.
    pub created_at: DateTime<Utc>,
}

/// A file to store.
#[derive(Debug, Clone)]
pub struct NewResumeFile {
    /// File name.
    pub filename: String,
    /// Content type.
    pub content_type: String,
    /// The bytes (the upload handler limits their size).
    pub content: Vec<u8>,
    /// The parse task, if already enqueued.
    pub task_id: Option<Uuid>,
}

/// A link of a portfolio item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// What it is ("repository", "demo", …).
    pub label: String,
    /// Where.
    pub url: String,
}

/// A portfolio item.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Project {
    /// Id.
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Technologies used.
    #[sqlx(json)]
    pub technologies: Vec<String>,
    /// Links.
    #[sqlx(json)]
    pub links: Vec<Link>,
    /// Achievements.
    #[sqlx(json)]
    pub achievements: Vec<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// The fields of a portfolio item, for create and update.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ProjectInput {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Technologies used.
    pub technologies: Vec<String>,
    /// Links.
    pub links: Vec<Link>,
    /// Achievements.
    pub achievements: Vec<String>,
}

/// A posting as a source delivered it, to upsert. Postings are shared by all users.
#[derive(Debug, Clone)]
pub struct NewPosting {
    /// Source name.
    pub source: String,
    /// The source's id; unique per source.
    pub external_id: String,
    /// The normalised record (vaga-domain's posting, as JSON).
    pub record: Value,
    /// The raw payload as fetched.
    pub raw: Value,
    /// Title.
    pub title: String,
    /// Company.
    pub company: String,
    /// Link to the posting.
    pub url: Option<String>,
    /// When the employer posted it.
    pub posted_at: Option<DateTime<Utc>>,
    /// When this sync saw it (first_seen on insert, last_seen always).
    pub seen_at: DateTime<Utc>,
}

/// A stored posting.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Posting {
    /// Id.
    pub id: Uuid,
    /// Source name.
    pub source: String,
    /// The source's id.
    pub external_id: String,
    /// Normalised record.
    #[sqlx(json)]
    pub record: Value,
    /// Raw payload.
    #[sqlx(json)]
    pub raw: Value,
    /// Title.
    pub title: String,
    /// Company.
    pub company: String,
    /// Link.
    pub url: Option<String>,
    /// Posted.
    pub posted_at: Option<DateTime<Utc>>,
    /// First seen by a sync.
    pub first_seen: DateTime<Utc>,
    /// Last seen by a sync.
    pub last_seen: DateTime<Utc>,
    /// Still listed by its source.
    pub active: bool,
    /// Postings judged to be the same job share a group.
    pub dedup_group: Option<String>,
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Upsert {
    /// A new posting.
    Inserted,
    /// Known, and its content (or active flag) changed.
    Updated,
    /// Known and the same; only `last_seen` moved.
    Unchanged,
}

/// Which postings to list: filters, then `posted_at` descending (postings without a date last),
/// then id descending. Every filter is optional; [`crate::Repo::search_postings`] pages with a
/// cursor, [`crate::Repo::list_postings`] with `offset`. See `docs/search.md`.
#[derive(Debug, Clone)]
pub struct PostingQuery {
    /// Only this source.
    pub source: Option<String>,
    /// Only active postings.
    pub active_only: bool,
    /// At most this many (1..=1000).
    pub limit: i64,
    /// Skip this many ([`crate::Repo::list_postings`] only; ignored with a cursor).
    pub offset: i64,
    /// Full text: every word must match title, company, skills or description, in any of its
    /// Portuguese, Spanish or English stemmed forms, accents ignored. Operators and quotes are
    /// plain separators; empty after cleaning means no text filter.
    pub q: Option<String>,
    /// Only remote postings (true) or only non-remote ones (false).
    pub remote: Option<bool>,
    /// Only postings a resident of this country (ISO 3166-1 alpha-2) can take without moving:
    /// evaluated at upsert time for the countries of
    /// [`crate::search::ELIGIBILITY_COUNTRIES`], plus postings open worldwide. Postings that do
    /// not say are left out.
    pub eligible_for: Option<String>,
    /// Only postings whose monthly pay (upper bound, else lower bound), in US dollars
    /// ([`crate::search::SALARY_CURRENCY`]), is at least this. Postings without pay are left out.
    pub min_salary: Option<f64>,
    /// Only these levels (empty: any; postings without a level are left out otherwise).
    pub seniority: Vec<Seniority>,
    /// Only postings posted at or after this instant (the caller computes it from its `now`).
    pub posted_after: Option<DateTime<Utc>>,
    /// Continue after this row ([`crate::Repo::search_postings`]).
    pub cursor: Option<PostingCursor>,
}

impl Default for PostingQuery {
    fn default() -> Self {
        PostingQuery {
            source: None,
            active_only: true,
            limit: 50,
            offset: 0,
            q: None,
            remote: None,
            eligible_for: None,
            min_salary: None,
            seniority: Vec::new(),
            posted_after: None,
            cursor: None,
        }
    }
}

/// One page of postings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostingPage {
    /// The postings, in list order.
    pub items: Vec<Posting>,
    /// Where the next page starts ([`PostingCursor::encode`]); None on the last page.
    pub next_cursor: Option<String>,
}

/// A configured job source. `owner_id` None is a shared source (managed by admins).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Source {
    /// Id.
    pub id: Uuid,
    /// Unique name.
    pub name: String,
    /// Kind (board, feed, ats, scrape, …).
    pub kind: String,
    /// Kind-specific configuration.
    #[sqlx(json)]
    pub config: Value,
    /// Synced by the schedule.
    pub enabled: bool,
    /// Owner; None = shared.
    pub owner_id: Option<Uuid>,
    /// Outcome of the last sync.
    pub status: SourceStatus,
    /// Error of the last failed sync.
    pub last_error: Option<String>,
    /// End of the last sync.
    pub last_synced: Option<DateTime<Utc>>,
    /// Syncs run.
    pub sync_count: i64,
    /// Syncs failed.
    pub error_count: i64,
    /// Postings fetched, all syncs.
    pub fetched_total: i64,
    /// Postings inserted, all syncs.
    pub inserted_total: i64,
    /// Postings updated, all syncs.
    pub updated_total: i64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A source to create, or the new settings of one.
#[derive(Debug, Clone)]
pub struct SourceInput {
    /// Unique name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Configuration.
    pub config: Value,
    /// Synced by the schedule.
    pub enabled: bool,
}

/// The outcome of one sync, added to a source's counters.
#[derive(Debug, Clone)]
pub struct SyncReport {
    /// When the sync ended.
    pub at: DateTime<Utc>,
    /// The error, if it failed.
    pub error: Option<String>,
    /// Postings fetched.
    pub fetched: i64,
    /// Postings inserted.
    pub inserted: i64,
    /// Postings updated.
    pub updated: i64,
}

/// A posting scored for a user, to store.
#[derive(Debug, Clone)]
pub struct NewMatch {
    /// The posting.
    pub posting_id: Uuid,
    /// Score, 0–100.
    pub score: f64,
    /// Score components.
    pub components: Value,
    /// Explanation.
    pub explanation: Value,
}

/// A stored match.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Match {
    /// The user.
    pub user_id: Uuid,
    /// The posting.
    pub posting_id: Uuid,
    /// Score, 0–100.
    pub score: f64,
    /// Score components.
    #[sqlx(json)]
    pub components: Value,
    /// Explanation.
    #[sqlx(json)]
    pub explanation: Value,
    /// When the set was computed.
    pub computed_at: DateTime<Utc>,
}

/// A match with its posting's headline (a page of the caller's matches).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct MatchedPosting {
    /// Posting.
    pub posting_id: Uuid,
    /// Score 0–100.
    pub score: f64,
    /// Component scores.
    #[sqlx(json)]
    pub components: Value,
    /// Explanation.
    #[sqlx(json)]
    pub explanation: Value,
    /// When computed.
    pub computed_at: DateTime<Utc>,
    /// The posting's source.
    pub source: String,
    /// Title.
    pub title: String,
    /// Company.
    pub company: String,
    /// Link.
    pub url: Option<String>,
    /// When the employer posted it.
    pub posted_at: Option<DateTime<Utc>>,
    /// Still listed by its source.
    pub active: bool,
}

/// One skill analysis report; kept as history.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct SkillAnalysis {
    /// Id.
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// The report.
    #[sqlx(json)]
    pub report: Value,
    /// When it ran.
    pub created_at: DateTime<Utc>,
}

/// An application to a posting.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Application {
    /// Id.
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// The posting.
    pub posting_id: Uuid,
    /// Current stage.
    pub stage: Stage,
    /// Free notes.
    pub notes: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// One stage change of an application (the first one has no `from_stage`).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct StageChange {
    /// Id.
    pub id: Uuid,
    /// The application.
    pub application_id: Uuid,
    /// Stage before.
    pub from_stage: Option<Stage>,
    /// Stage after.
    pub to_stage: Stage,
    /// Note given with the change.
    pub note: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A security event to append to the audit log.
#[derive(Debug, Clone)]
pub struct NewAuditEvent {
    /// When.
    pub at: DateTime<Utc>,
    /// Who, if known.
    pub user_id: Option<Uuid>,
    /// What (`login_ok`, `login_failed`, `refresh_reuse`, …).
    pub kind: String,
    /// Client address.
    pub ip: Option<String>,
    /// Details (never a secret).
    pub details: Value,
}

/// An audit log entry.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct AuditEvent {
    /// Id.
    pub id: Uuid,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub user_id: Option<Uuid>,
    /// What.
    pub kind: String,
    /// Client address.
    pub ip: Option<String>,
    /// Details.
    #[sqlx(json)]
    pub details: Value,
}

/// A worker process's heartbeat row (for `/health`).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct WorkerBeat {
    /// The worker's id (`host-pid-random` unless given).
    pub id: String,
    /// The worker's version.
    pub version: String,
    /// First beat of this id.
    pub started_at: DateTime<Utc>,
    /// Last beat.
    pub last_beat: DateTime<Utc>,
}

/// A stored report (market trends, …); kept as history, the newest is current.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Report {
    /// Id.
    pub id: Uuid,
    /// What it reports (`market_trends`).
    pub kind: String,
    /// The report.
    #[sqlx(json)]
    pub body: Value,
    /// When it was computed.
    pub created_at: DateTime<Utc>,
}

/// An active posting's normalised record as JSON text, for building indexes in pages.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PostingRecordRow {
    /// The posting's id (pages are in id order).
    pub id: Uuid,
    /// The normalised record, as JSON text.
    pub record: String,
    /// Posted.
    pub posted_at: Option<DateTime<Utc>>,
}
