//! The [`Repo`] trait: every read and write of the application's tables, and its two
//! implementations ([`SqliteRepo`], [`PgRepo`]) generated from one body by `impl_repo!`.
//!
//! The SQL is shared: `$N` placeholders, `ON CONFLICT`, `RETURNING` and `IS NOT DISTINCT FROM`
//! mean the same on SQLite and PostgreSQL. Every query on a user-owned table names the owner
//! (`WHERE user_id = $1 AND id = $2`); a row of another user is [`StoreError::NotFound`].

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::model::*;

/// Largest page any list call returns.
pub const MAX_LIMIT: i64 = 1000;

/// Storage for users, tokens, profiles, portfolio, postings, sources, matches, analyses,
/// applications and the audit log. Object safe: hand out `Arc<dyn Repo>`.
#[async_trait]
pub trait Repo: Send + Sync {
    // --- users ---
    /// Creates an account; [`StoreError::Conflict`] when the e-mail (ignoring case) exists.
    async fn create_user(&self, new: &NewUser, now: DateTime<Utc>) -> StoreResult<User>;
    /// The account with this id.
    async fn user(&self, id: Uuid) -> StoreResult<User>;
    /// The account with this e-mail, ignoring case.
    async fn user_by_email(&self, email: &str) -> StoreResult<Option<User>>;
    /// Number of accounts (the first one becomes admin).
    async fn count_users(&self) -> StoreResult<i64>;
    /// Accounts, oldest first.
    async fn list_users(&self, limit: i64, offset: i64) -> StoreResult<Vec<User>>;
    /// Changes a role.
    async fn set_user_role(&self, id: Uuid, role: Role, now: DateTime<Utc>) -> StoreResult<()>;
    /// Disables or enables an account.
    async fn set_user_disabled(
        &self,
        id: Uuid,
        disabled: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Replaces the password hash.
    async fn set_password_hash(&self, id: Uuid, hash: &str, now: DateTime<Utc>) -> StoreResult<()>;

    // --- refresh tokens ---
    /// Stores a refresh token.
    async fn insert_refresh_token(
        &self,
        new: &NewRefreshToken,
        now: DateTime<Utc>,
    ) -> StoreResult<RefreshToken>;
    /// The token with this hash (used, revoked and expired ones too: the caller decides).
    async fn refresh_token_by_hash(&self, hash: &str) -> StoreResult<Option<RefreshToken>>;
    /// Marks a token used; true if this call did it, false if it was already used (reuse).
    async fn mark_refresh_token_used(&self, id: Uuid, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Revokes every token of a family; returns how many were still unrevoked.
    async fn revoke_refresh_family(&self, family_id: Uuid, now: DateTime<Utc>) -> StoreResult<u64>;
    /// Revokes every token of a user (logout everywhere, password change).
    async fn revoke_user_refresh_tokens(
        &self,
        user_id: Uuid,
        now: DateTime<Utc>,
    ) -> StoreResult<u64>;
    /// Deletes tokens that expired before `now`.
    async fn delete_expired_refresh_tokens(&self, now: DateTime<Utc>) -> StoreResult<u64>;

    // --- profiles and resume files ---
    /// Creates or replaces the user's profile.
    async fn put_profile(
        &self,
        user_id: Uuid,
        resume: &Value,
        preferences: &Value,
        now: DateTime<Utc>,
    ) -> StoreResult<Profile>;
    /// The user's profile.
    async fn profile(&self, user_id: Uuid) -> StoreResult<Profile>;
    /// Stores an uploaded file.
    async fn add_resume_file(
        &self,
        user_id: Uuid,
        file: &NewResumeFile,
        now: DateTime<Utc>,
    ) -> StoreResult<ResumeFile>;
    /// A file's metadata.
    async fn resume_file(&self, user_id: Uuid, id: Uuid) -> StoreResult<ResumeFile>;
    /// A file's bytes.
    async fn resume_file_content(&self, user_id: Uuid, id: Uuid) -> StoreResult<Vec<u8>>;
    /// The user's files, newest first.
    async fn list_resume_files(&self, user_id: Uuid) -> StoreResult<Vec<ResumeFile>>;
    /// Records the parse task and the parser's warnings.
    async fn set_resume_file_parse(
        &self,
        user_id: Uuid,
        id: Uuid,
        task_id: Option<Uuid>,
        warnings: &Value,
    ) -> StoreResult<()>;
    /// Deletes a file.
    async fn delete_resume_file(&self, user_id: Uuid, id: Uuid) -> StoreResult<()>;

    // --- projects ---
    /// Creates a portfolio item.
    async fn create_project(
        &self,
        user_id: Uuid,
        input: &ProjectInput,
        now: DateTime<Utc>,
    ) -> StoreResult<Project>;
    /// One item.
    async fn project(&self, user_id: Uuid, id: Uuid) -> StoreResult<Project>;
    /// The user's items, oldest first.
    async fn list_projects(&self, user_id: Uuid) -> StoreResult<Vec<Project>>;
    /// Replaces an item's fields.
    async fn update_project(
        &self,
        user_id: Uuid,
        id: Uuid,
        input: &ProjectInput,
        now: DateTime<Utc>,
    ) -> StoreResult<Project>;
    /// Deletes an item.
    async fn delete_project(&self, user_id: Uuid, id: Uuid) -> StoreResult<()>;

    // --- postings (shared) ---
    /// Inserts a posting or refreshes it by (source, external id); says what happened.
    async fn upsert_posting(&self, posting: &NewPosting) -> StoreResult<(Uuid, Upsert)>;
    /// One posting.
    async fn posting(&self, id: Uuid) -> StoreResult<Posting>;
    /// Postings, newest `posted_at` first.
    async fn list_postings(&self, query: &PostingQuery) -> StoreResult<Vec<Posting>>;
    /// Postings matching a query (full text and filters; see [`PostingQuery`]), one page after
    /// the query's cursor, newest `posted_at` first, with the cursor of the next page.
    async fn search_postings(&self, query: &PostingQuery) -> StoreResult<PostingPage>;
    /// Derives the search columns again for up to `batch` postings derived by an older
    /// [`crate::search::SEARCH_VERSION`] (or before migration 0002); returns how many. Call
    /// until it returns 0.
    async fn reindex_postings(&self, batch: i64) -> StoreResult<u64>;
    /// Number of postings.
    async fn count_postings(&self, active_only: bool) -> StoreResult<i64>;
    /// Marks a source's postings not seen since `seen_before` inactive; returns how many.
    async fn deactivate_unseen(&self, source: &str, seen_before: DateTime<Utc>)
    -> StoreResult<u64>;
    /// Sets a posting's dedup group.
    async fn set_dedup_group(&self, id: Uuid, group: Option<&str>) -> StoreResult<()>;

    // --- sources ---
    /// Creates a source; `owner_id` None makes it shared. Conflict when the name exists.
    async fn create_source(
        &self,
        owner_id: Option<Uuid>,
        input: &SourceInput,
        now: DateTime<Utc>,
    ) -> StoreResult<Source>;
    /// A source the caller may see: shared ones, and `user_id`'s own (None sees shared only).
    async fn source(&self, user_id: Option<Uuid>, id: Uuid) -> StoreResult<Source>;
    /// Sources the caller may see, by name.
    async fn list_sources(&self, user_id: Option<Uuid>) -> StoreResult<Vec<Source>>;
    /// Every source, for the scheduler and admins.
    async fn list_all_sources(&self) -> StoreResult<Vec<Source>>;
    /// Changes a source owned by exactly `owner_id` (None = a shared source, for admins).
    async fn update_source(
        &self,
        owner_id: Option<Uuid>,
        id: Uuid,
        input: &SourceInput,
        now: DateTime<Utc>,
    ) -> StoreResult<Source>;
    /// Deletes a source owned by exactly `owner_id`.
    async fn delete_source(&self, owner_id: Option<Uuid>, id: Uuid) -> StoreResult<()>;
    /// Adds a sync's outcome to the source's status and counters.
    async fn record_sync(&self, id: Uuid, report: &SyncReport) -> StoreResult<Source>;

    // --- matches ---
    /// Replaces the user's whole match set in one transaction.
    async fn replace_matches(
        &self,
        user_id: Uuid,
        matches: &[NewMatch],
        computed_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The user's best `limit` matches, highest score first.
    async fn top_matches(&self, user_id: Uuid, limit: i64) -> StoreResult<Vec<Match>>;
    /// The user's match for one posting.
    async fn match_for(&self, user_id: Uuid, posting_id: Uuid) -> StoreResult<Match>;
    /// A page of `user_id`'s matches, best first, each with its posting's headline: those after
    /// `after` (the last (score, posting id) of the previous page), at most `limit`.
    async fn matches_page(
        &self,
        user_id: Uuid,
        after: Option<(f64, Uuid)>,
        limit: i64,
    ) -> StoreResult<Vec<MatchedPosting>>;

    // --- skill analyses ---
    /// Appends an analysis report.
    async fn add_skill_analysis(
        &self,
        user_id: Uuid,
        report: &Value,
        now: DateTime<Utc>,
    ) -> StoreResult<SkillAnalysis>;
    /// The user's analyses, newest first.
    async fn list_skill_analyses(
        &self,
        user_id: Uuid,
        limit: i64,
    ) -> StoreResult<Vec<SkillAnalysis>>;

    // --- applications ---
    /// Starts tracking an application (records the first stage change). Conflict when the
    /// user already tracks this posting; NotFound when the posting does not exist.
    async fn create_application(
        &self,
        user_id: Uuid,
        posting_id: Uuid,
        stage: Stage,
        notes: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Application>;
    /// One application.
    async fn application(&self, user_id: Uuid, id: Uuid) -> StoreResult<Application>;
    /// The user's applications, most recently changed first.
    async fn list_applications(&self, user_id: Uuid) -> StoreResult<Vec<Application>>;
    /// Moves an application to a stage and records the change, in one transaction.
    async fn change_stage(
        &self,
        user_id: Uuid,
        id: Uuid,
        stage: Stage,
        note: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Application>;
    /// Replaces the notes.
    async fn set_application_notes(
        &self,
        user_id: Uuid,
        id: Uuid,
        notes: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Application>;
    /// The stage changes, oldest first.
    async fn application_history(&self, user_id: Uuid, id: Uuid) -> StoreResult<Vec<StageChange>>;
    /// Deletes an application and its history.
    async fn delete_application(&self, user_id: Uuid, id: Uuid) -> StoreResult<()>;

    // --- audit log (append-only) ---
    /// Appends an event.
    async fn audit(&self, event: &NewAuditEvent) -> StoreResult<AuditEvent>;
    /// Events, newest first; only one user's when `user_id` is given.
    async fn list_audit(&self, user_id: Option<Uuid>, limit: i64) -> StoreResult<Vec<AuditEvent>>;

    // --- worker ---
    /// Records a worker's heartbeat (creates its row on the first beat).
    async fn beat_worker(&self, id: &str, version: &str, now: DateTime<Utc>) -> StoreResult<()>;
    /// Workers whose last beat is at or after `since`, by id.
    async fn live_workers(&self, since: DateTime<Utc>) -> StoreResult<Vec<WorkerBeat>>;
    /// Stores a report of `kind`.
    async fn put_report(&self, kind: &str, body: &Value, now: DateTime<Utc>)
    -> StoreResult<Report>;
    /// The newest report of `kind`.
    async fn latest_report(&self, kind: &str) -> StoreResult<Option<Report>>;
    /// Marks the schedule `name` as fired at `fire_at`; true when this call did it (no fire at
    /// or after `fire_at` was recorded), so that exactly one of many workers enqueues it.
    async fn claim_schedule_fire(&self, name: &str, fire_at: DateTime<Utc>) -> StoreResult<bool>;
    /// Active postings' records with an id above `after`, in id order (keyset pages).
    async fn active_posting_records(
        &self,
        after: Option<Uuid>,
        limit: i64,
    ) -> StoreResult<Vec<PostingRecordRow>>;
    /// The number of active postings and their latest `last_seen`: changes whenever the set of
    /// active postings or their content changes (a cache key).
    async fn postings_stamp(&self) -> StoreResult<(i64, Option<DateTime<Utc>>)>;
    /// Users who have a profile, by id.
    async fn profile_user_ids(&self) -> StoreResult<Vec<Uuid>>;
}

/// Clamps a page size to 1..=[`MAX_LIMIT`].
pub(crate) fn clamp_limit(limit: i64) -> i64 {
    limit.clamp(1, MAX_LIMIT)
}

/// A stable fingerprint of a posting's content, to tell `Updated` from `Unchanged`.
pub(crate) fn content_hash(p: &NewPosting) -> String {
    use sha2::{Digest, Sha256};
    let canonical = serde_json::json!([
        p.record,
        p.raw,
        p.title,
        p.company,
        p.url,
        p.posted_at.map(|t| t.to_rfc3339()),
    ]);
    let digest = Sha256::digest(canonical.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn not_found_if_zero(rows: u64) -> StoreResult<()> {
    if rows == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

macro_rules! impl_repo {
    ($(#[$meta:meta])* $name:ident, $db:ty) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $name {
            pool: sqlx::Pool<$db>,
        }

        impl $name {
            /// Wraps a pool whose migrations have run.
            pub fn new(pool: sqlx::Pool<$db>) -> Self {
                Self { pool }
            }

            /// Writes the search columns of a posting (see [`crate::search::derive`]).
            async fn write_derived(&self, id: Uuid, d: &crate::search::Derived) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE postings SET workplace = $2, remote = $3, seniority = $4, salary_min_usd = $5,
                       salary_max_usd = $6, language = $7, eligible_anywhere = $8, eligible_countries = $9,
                       search_text = $10, search_version = $11
                     WHERE id = $1",
                )
                .bind(id).bind(d.workplace).bind(d.remote).bind(d.seniority).bind(d.salary_min_usd)
                .bind(d.salary_max_usd).bind(d.language).bind(d.eligible_anywhere)
                .bind(&d.eligible_countries).bind(&d.search_text).bind(crate::search::SEARCH_VERSION)
                .execute(&self.pool).await?;
                Ok(())
            }

            /// Runs a statement of [`crate::search::list_sql`].
            async fn fetch_postings(&self, sql: String, args: Vec<crate::search::Arg>) -> StoreResult<Vec<Posting>> {
                use crate::search::Arg;
                let mut query = sqlx::query_as::<_, Posting>(sqlx::AssertSqlSafe(sql));
                for arg in args {
                    query = match arg {
                        Arg::Text(v) => query.bind(v),
                        Arg::Bool(v) => query.bind(v),
                        Arg::F64(v) => query.bind(v),
                        Arg::Time(v) => query.bind(v),
                        Arg::Id(v) => query.bind(v),
                        Arg::I64(v) => query.bind(v),
                    };
                }
                Ok(query.fetch_all(&self.pool).await?)
            }
        }

        #[async_trait]
        impl Repo for $name {
            async fn create_user(&self, new: &NewUser, now: DateTime<Utc>) -> StoreResult<User> {
                let row = sqlx::query_as::<_, User>(
                    "INSERT INTO users (id, email, email_norm, password_hash, name, role, disabled, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, FALSE, $7, $7)
                     RETURNING id, email, password_hash, name, role, disabled, created_at, updated_at",
                )
                .bind(Uuid::now_v7())
                .bind(new.email.trim())
                .bind(normalise_email(&new.email))
                .bind(&new.password_hash)
                .bind(&new.name)
                .bind(new.role.as_str())
                .bind(now)
                .fetch_one(&self.pool)
                .await?;
                Ok(row)
            }

            async fn user(&self, id: Uuid) -> StoreResult<User> {
                Ok(sqlx::query_as::<_, User>(
                    "SELECT id, email, password_hash, name, role, disabled, created_at, updated_at FROM users WHERE id = $1",
                )
                .bind(id)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn user_by_email(&self, email: &str) -> StoreResult<Option<User>> {
                Ok(sqlx::query_as::<_, User>(
                    "SELECT id, email, password_hash, name, role, disabled, created_at, updated_at FROM users WHERE email_norm = $1",
                )
                .bind(normalise_email(email))
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn count_users(&self) -> StoreResult<i64> {
                Ok(sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users").fetch_one(&self.pool).await?)
            }

            async fn list_users(&self, limit: i64, offset: i64) -> StoreResult<Vec<User>> {
                Ok(sqlx::query_as::<_, User>(
                    "SELECT id, email, password_hash, name, role, disabled, created_at, updated_at FROM users
                     ORDER BY created_at, id LIMIT $1 OFFSET $2",
                )
                .bind(clamp_limit(limit))
                .bind(offset.max(0))
                .fetch_all(&self.pool)
                .await?)
            }

            async fn set_user_role(&self, id: Uuid, role: Role, now: DateTime<Utc>) -> StoreResult<()> {
                let done = sqlx::query("UPDATE users SET role = $2, updated_at = $3 WHERE id = $1")
                    .bind(id).bind(role.as_str()).bind(now)
                    .execute(&self.pool).await?;
                not_found_if_zero(done.rows_affected())
            }

            async fn set_user_disabled(&self, id: Uuid, disabled: bool, now: DateTime<Utc>) -> StoreResult<()> {
                let done = sqlx::query("UPDATE users SET disabled = $2, updated_at = $3 WHERE id = $1")
                    .bind(id).bind(disabled).bind(now)
                    .execute(&self.pool).await?;
                not_found_if_zero(done.rows_affected())
            }

            async fn set_password_hash(&self, id: Uuid, hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
                let done = sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
                    .bind(id).bind(hash).bind(now)
                    .execute(&self.pool).await?;
                not_found_if_zero(done.rows_affected())
            }

            async fn insert_refresh_token(&self, new: &NewRefreshToken, now: DateTime<Utc>) -> StoreResult<RefreshToken> {
                Ok(sqlx::query_as::<_, RefreshToken>(
                    "INSERT INTO refresh_tokens (id, user_id, token_hash, family_id, created_at, expires_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     RETURNING id, user_id, token_hash, family_id, created_at, expires_at, used_at, revoked_at",
                )
                .bind(Uuid::now_v7()).bind(new.user_id).bind(&new.token_hash).bind(new.family_id)
                .bind(now).bind(new.expires_at)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn refresh_token_by_hash(&self, hash: &str) -> StoreResult<Option<RefreshToken>> {
                Ok(sqlx::query_as::<_, RefreshToken>(
                    "SELECT id, user_id, token_hash, family_id, created_at, expires_at, used_at, revoked_at
                     FROM refresh_tokens WHERE token_hash = $1",
                )
                .bind(hash)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn mark_refresh_token_used(&self, id: Uuid, now: DateTime<Utc>) -> StoreResult<bool> {
                let done = sqlx::query("UPDATE refresh_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL")
                    .bind(id).bind(now)
                    .execute(&self.pool).await?;
                Ok(done.rows_affected() == 1)
            }

            async fn revoke_refresh_family(&self, family_id: Uuid, now: DateTime<Utc>) -> StoreResult<u64> {
                let done = sqlx::query("UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL")
                    .bind(family_id).bind(now)
                    .execute(&self.pool).await?;
                Ok(done.rows_affected())
            }

            async fn revoke_user_refresh_tokens(&self, user_id: Uuid, now: DateTime<Utc>) -> StoreResult<u64> {
                let done = sqlx::query("UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
                    .bind(user_id).bind(now)
                    .execute(&self.pool).await?;
                Ok(done.rows_affected())
            }

            async fn delete_expired_refresh_tokens(&self, now: DateTime<Utc>) -> StoreResult<u64> {
                let done = sqlx::query("DELETE FROM refresh_tokens WHERE expires_at < $1")
                    .bind(now)
                    .execute(&self.pool).await?;
                Ok(done.rows_affected())
            }

            async fn put_profile(&self, user_id: Uuid, resume: &Value, preferences: &Value, now: DateTime<Utc>) -> StoreResult<Profile> {
                Ok(sqlx::query_as::<_, Profile>(
                    "INSERT INTO profiles (user_id, resume, preferences, updated_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (user_id) DO UPDATE SET resume = excluded.resume,
                       preferences = excluded.preferences, updated_at = excluded.updated_at
                     RETURNING user_id, resume, preferences, updated_at",
                )
                .bind(user_id).bind(Json(resume)).bind(Json(preferences)).bind(now)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn profile(&self, user_id: Uuid) -> StoreResult<Profile> {
                Ok(sqlx::query_as::<_, Profile>(
                    "SELECT user_id, resume, preferences, updated_at FROM profiles WHERE user_id = $1",
                )
                .bind(user_id)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn add_resume_file(&self, user_id: Uuid, file: &NewResumeFile, now: DateTime<Utc>) -> StoreResult<ResumeFile> {
                let size = i64::try_from(file.content.len())
                    .map_err(|_| StoreError::Invalid("file too large".into()))?;
                Ok(sqlx::query_as::<_, ResumeFile>(
                    "INSERT INTO resume_files (id, user_id, filename, content_type, content, size_bytes, parse_warnings, task_id, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                     RETURNING id, user_id, filename, content_type, size_bytes, parse_warnings, task_id, created_at",
                )
                .bind(Uuid::now_v7()).bind(user_id).bind(&file.filename).bind(&file.content_type)
                .bind(&file.content).bind(size).bind(Json(Value::Array(Vec::new()))).bind(file.task_id).bind(now)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn resume_file(&self, user_id: Uuid, id: Uuid) -> StoreResult<ResumeFile> {
                Ok(sqlx::query_as::<_, ResumeFile>(
                    "SELECT id, user_id, filename, content_type, size_bytes, parse_warnings, task_id, created_at
                     FROM resume_files WHERE user_id = $1 AND id = $2",
                )
                .bind(user_id).bind(id)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn resume_file_content(&self, user_id: Uuid, id: Uuid) -> StoreResult<Vec<u8>> {
                Ok(sqlx::query_scalar::<_, Vec<u8>>("SELECT content FROM resume_files WHERE user_id = $1 AND id = $2")
                    .bind(user_id).bind(id)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn list_resume_files(&self, user_id: Uuid) -> StoreResult<Vec<ResumeFile>> {
                Ok(sqlx::query_as::<_, ResumeFile>(
                    "SELECT id, user_id, filename, content_type, size_bytes, parse_warnings, task_id, created_at
                     FROM resume_files WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
                )
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn set_resume_file_parse(&self, user_id: Uuid, id: Uuid, task_id: Option<Uuid>, warnings: &Value) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE resume_files SET task_id = COALESCE($3, task_id), parse_warnings = $4
                     WHERE user_id = $1 AND id = $2",
                )
                .bind(user_id).bind(id).bind(task_id).bind(Json(warnings))
                .execute(&self.pool).await?;
                not_found_if_zero(done.rows_affected())
            }

            async fn delete_resume_file(&self, user_id: Uuid, id: Uuid) -> StoreResult<()> {
                let done = sqlx::query("DELETE FROM resume_files WHERE user_id = $1 AND id = $2")
                    .bind(user_id).bind(id)
                    .execute(&self.pool).await?;
                not_found_if_zero(done.rows_affected())
            }

            async fn create_project(&self, user_id: Uuid, input: &ProjectInput, now: DateTime<Utc>) -> StoreResult<Project> {
                Ok(sqlx::query_as::<_, Project>(
                    "INSERT INTO projects (id, user_id, title, description, technologies, links, achievements, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
                     RETURNING id, user_id, title, description, technologies, links, achievements, created_at, updated_at",
                )
                .bind(Uuid::now_v7()).bind(user_id).bind(&input.title).bind(&input.description)
                .bind(Json(&input.technologies)).bind(Json(&input.links)).bind(Json(&input.achievements)).bind(now)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn project(&self, user_id: Uuid, id: Uuid) -> StoreResult<Project> {
                Ok(sqlx::query_as::<_, Project>(
                    "SELECT id, user_id, title, description, technologies, links, achievements, created_at, updated_at
                     FROM projects WHERE user_id = $1 AND id = $2",
                )
                .bind(user_id).bind(id)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn list_projects(&self, user_id: Uuid) -> StoreResult<Vec<Project>> {
                Ok(sqlx::query_as::<_, Project>(
                    "SELECT id, user_id, title, description, technologies, links, achievements, created_at, updated_at
                     FROM projects WHERE user_id = $1 ORDER BY created_at, id",
                )
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn update_project(&self, user_id: Uuid, id: Uuid, input: &ProjectInput, now: DateTime<Utc>) -> StoreResult<Project> {
                Ok(sqlx::query_as::<_, Project>(
                    "UPDATE projects SET title = $3, description = $4, technologies = $5, links = $6,
                       achievements = $7, updated_at = $8
                     WHERE user_id = $1 AND id = $2
                     RETURNING id, user_id, title, description, technologies, links, achievements, created_at, updated_at",
                )
                .bind(user_id).bind(id).bind(&input.title).bind(&input.description)
                .bind(Json(&input.technologies)).bind(Json(&input.links)).bind(Json(&input.achievements)).bind(now)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn delete_project(&self, user_id: Uuid, id: Uuid) -> StoreResult<()> {
                let done = sqlx::query("DELETE FROM projects WHERE user_id = $1 AND id = $2")
                    .bind(user_id).bind(id)
                    .execute(&self.pool).await?;
                not_found_if_zero(done.rows_affected())
            }

            async fn upsert_posting(&self, p: &NewPosting) -> StoreResult<(Uuid, Upsert)> {
                let hash = content_hash(p);
                let d = crate::search::derive(&p.record, &p.title, &p.company);
                // Two rounds at most: a concurrent insert of the same posting makes the first
                // INSERT a no-op, and the second round finds the row.
                for _ in 0..2 {
                    let existing = sqlx::query_as::<_, (Uuid, String, bool, i64)>(
                        "SELECT id, content_hash, active, search_version FROM postings WHERE source = $1 AND external_id = $2",
                    )
                    .bind(&p.source).bind(&p.external_id)
                    .fetch_optional(&self.pool)
                    .await?;
                    match existing {
                        Some((id, old_hash, active, version)) if old_hash == hash && active => {
                            sqlx::query("UPDATE postings SET last_seen = $2 WHERE id = $1 AND last_seen < $2")
                                .bind(id).bind(p.seen_at)
                                .execute(&self.pool).await?;
                            if version < crate::search::SEARCH_VERSION {
                                self.write_derived(id, &d).await?;
                            }
                            return Ok((id, Upsert::Unchanged));
                        }
                        Some((id, _, _, _)) => {
                            sqlx::query(
                                "UPDATE postings SET record = $2, raw = $3, title = $4, company = $5, url = $6,
                                   posted_at = $7, last_seen = $8, active = TRUE, content_hash = $9
                                 WHERE id = $1",
                            )
                            .bind(id).bind(Json(&p.record)).bind(Json(&p.raw)).bind(&p.title).bind(&p.company)
                            .bind(&p.url).bind(p.posted_at).bind(p.seen_at).bind(&hash)
                            .execute(&self.pool).await?;
                            self.write_derived(id, &d).await?;
                            return Ok((id, Upsert::Updated));
                        }
                        None => {
                            let id = Uuid::now_v7();
                            let done = sqlx::query(
                                "INSERT INTO postings (id, source, external_id, record, raw, title, company, url,
                                   posted_at, first_seen, last_seen, active, content_hash,
                                   workplace, remote, seniority, salary_min_usd, salary_max_usd, language,
                                   eligible_anywhere, eligible_countries, search_text, search_version)
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, TRUE, $11,
                                   $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
                                 ON CONFLICT (source, external_id) DO NOTHING",
                            )
                            .bind(id).bind(&p.source).bind(&p.external_id).bind(Json(&p.record)).bind(Json(&p.raw))
                            .bind(&p.title).bind(&p.company).bind(&p.url).bind(p.posted_at).bind(p.seen_at).bind(&hash)
                            .bind(d.workplace).bind(d.remote).bind(d.seniority).bind(d.salary_min_usd)
                            .bind(d.salary_max_usd).bind(d.language).bind(d.eligible_anywhere)
                            .bind(&d.eligible_countries).bind(&d.search_text).bind(crate::search::SEARCH_VERSION)
                            .execute(&self.pool).await?;
                            if done.rows_affected() == 1 {
                                return Ok((id, Upsert::Inserted));
                            }
                        }
                    }
                }
                Err(StoreError::Conflict("posting changed concurrently".into()))
            }

            async fn posting(&self, id: Uuid) -> StoreResult<Posting> {
                Ok(sqlx::query_as::<_, Posting>(
                    "SELECT id, source, external_id, record, raw, title, company, url, posted_at, first_seen,
                       last_seen, active, dedup_group FROM postings WHERE id = $1",
                )
                .bind(id)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn list_postings(&self, q: &PostingQuery) -> StoreResult<Vec<Posting>> {
                let (sql, args) = crate::search::list_sql(
                    q,
                    <$db as crate::search::SqlDialect>::DIALECT,
                    crate::search::Paging::Offset,
                )?;
                self.fetch_postings(sql, args).await
            }

            async fn search_postings(&self, q: &PostingQuery) -> StoreResult<PostingPage> {
                let (sql, args) = crate::search::list_sql(
                    q,
                    <$db as crate::search::SqlDialect>::DIALECT,
                    crate::search::Paging::Cursor,
                )?;
                let mut items = self.fetch_postings(sql, args).await?;
                let limit = clamp_limit(q.limit);
                let next_cursor = if items.len() as i64 > limit {
                    items.truncate(limit as usize);
                    items.last().map(|p| PostingCursor { posted_at: p.posted_at, id: p.id }.encode())
                } else {
                    None
                };
                Ok(PostingPage { items, next_cursor })
            }

            async fn reindex_postings(&self, batch: i64) -> StoreResult<u64> {
                let rows = sqlx::query_as::<_, (Uuid, Json<Value>, String, String)>(
                    "SELECT id, record, title, company FROM postings WHERE search_version < $1 LIMIT $2",
                )
                .bind(crate::search::SEARCH_VERSION).bind(clamp_limit(batch))
                .fetch_all(&self.pool)
                .await?;
                for (id, Json(record), title, company) in &rows {
                    let d = crate::search::derive(record, title, company);
                    self.write_derived(*id, &d).await?;
                }
                Ok(rows.len() as u64)
            }

            async fn count_postings(&self, active_only: bool) -> StoreResult<i64> {
                Ok(sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM postings WHERE (NOT $1 OR active)")
                    .bind(active_only)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn deactivate_unseen(&self, source: &str, seen_before: DateTime<Utc>) -> StoreResult<u64> {
                let done = sqlx::query("UPDATE postings SET active = FALSE WHERE source = $1 AND active AND last_seen < $2")
                    .bind(source).bind(seen_before)
                    .execute(&self.pool).await?;
                Ok(done.rows_affected())
            }

            async fn set_dedup_group(&self, id: Uuid, group: Option<&str>) -> StoreResult<()> {
                let done = sqlx::query("UPDATE postings SET dedup_group = $2 WHERE id = $1")
                    .bind(id).bind(group)
                    .execute(&self.pool).await?;
                not_found_if_zero(done.rows_affected())
            }

            async fn create_source(&self, owner_id: Option<Uuid>, input: &SourceInput, now: DateTime<Utc>) -> StoreResult<Source> {
                Ok(sqlx::query_as::<_, Source>(
                    "INSERT INTO sources (id, name, kind, config, enabled, owner_id, status, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, 'new', $7, $7)
                     RETURNING id, name, kind, config, enabled, owner_id, status, last_error, last_synced,
                       sync_count, error_count, fetched_total, inserted_total, updated_total, created_at, updated_at",
                )
                .bind(Uuid::now_v7()).bind(&input.name).bind(&input.kind).bind(Json(&input.config))
                .bind(input.enabled).bind(owner_id).bind(now)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn source(&self, user_id: Option<Uuid>, id: Uuid) -> StoreResult<Source> {
                Ok(sqlx::query_as::<_, Source>(
                    "SELECT id, name, kind, config, enabled, owner_id, status, last_error, last_synced,
                       sync_count, error_count, fetched_total, inserted_total, updated_total, created_at, updated_at
                     FROM sources WHERE id = $2 AND (owner_id IS NULL OR owner_id = $1)",
                )
                .bind(user_id).bind(id)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn list_sources(&self, user_id: Option<Uuid>) -> StoreResult<Vec<Source>> {
                Ok(sqlx::query_as::<_, Source>(
                    "SELECT id, name, kind, config, enabled, owner_id, status, last_error, last_synced,
                       sync_count, error_count, fetched_total, inserted_total, updated_total, created_at, updated_at
                     FROM sources WHERE owner_id IS NULL OR owner_id = $1 ORDER BY name",
                )
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn list_all_sources(&self) -> StoreResult<Vec<Source>> {
                Ok(sqlx::query_as::<_, Source>(
                    "SELECT id, name, kind, config, enabled, owner_id, status, last_error, last_synced,
                       sync_count, error_count, fetched_total, inserted_total, updated_total, created_at, updated_at
                     FROM sources ORDER BY name",
                )
                .fetch_all(&self.pool)
                .await?)
            }

            async fn update_source(&self, owner_id: Option<Uuid>, id: Uuid, input: &SourceInput, now: DateTime<Utc>) -> StoreResult<Source> {
                Ok(sqlx::query_as::<_, Source>(
                    "UPDATE sources SET name = $3, kind = $4, config = $5, enabled = $6, updated_at = $7
                     WHERE id = $2 AND owner_id IS NOT DISTINCT FROM $1
                     RETURNING id, name, kind, config, enabled, owner_id, status, last_error, last_synced,
                       sync_count, error_count, fetched_total, inserted_total, updated_total, created_at, updated_at",
                )
                .bind(owner_id).bind(id).bind(&input.name).bind(&input.kind).bind(Json(&input.config))
                .bind(input.enabled).bind(now)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn delete_source(&self, owner_id: Option<Uuid>, id: Uuid) -> StoreResult<()> {
                let done = sqlx::query("DELETE FROM sources WHERE id = $2 AND owner_id IS NOT DISTINCT FROM $1")
                    .bind(owner_id).bind(id)
                    .execute(&self.pool).await?;
                not_found_if_zero(done.rows_affected())
            }

            async fn record_sync(&self, id: Uuid, r: &SyncReport) -> StoreResult<Source> {
                let (status, failed) = match r.error {
                    Some(_) => (SourceStatus::Error, 1_i64),
                    None => (SourceStatus::Ok, 0_i64),
                };
                Ok(sqlx::query_as::<_, Source>(
                    "UPDATE sources SET status = $2, last_error = $3, last_synced = $4,
                       sync_count = sync_count + 1, error_count = error_count + $5,
                       fetched_total = fetched_total + $6, inserted_total = inserted_total + $7,
                       updated_total = updated_total + $8, updated_at = $4
                     WHERE id = $1
                     RETURNING id, name, kind, config, enabled, owner_id, status, last_error, last_synced,
                       sync_count, error_count, fetched_total, inserted_total, updated_total, created_at, updated_at",
                )
                .bind(id).bind(status.as_str()).bind(&r.error).bind(r.at).bind(failed)
                .bind(r.fetched).bind(r.inserted).bind(r.updated)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn replace_matches(&self, user_id: Uuid, matches: &[NewMatch], computed_at: DateTime<Utc>) -> StoreResult<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("DELETE FROM matches WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
                for m in matches {
                    sqlx::query(
                        "INSERT INTO matches (user_id, posting_id, score, components, explanation, computed_at)
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(user_id).bind(m.posting_id).bind(m.score).bind(Json(&m.components))
                    .bind(Json(&m.explanation)).bind(computed_at)
                    .execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn top_matches(&self, user_id: Uuid, limit: i64) -> StoreResult<Vec<Match>> {
                Ok(sqlx::query_as::<_, Match>(
                    "SELECT user_id, posting_id, score, components, explanation, computed_at FROM matches
                     WHERE user_id = $1 ORDER BY score DESC, posting_id LIMIT $2",
                )
                .bind(user_id).bind(clamp_limit(limit))
                .fetch_all(&self.pool)
                .await?)
            }

            async fn match_for(&self, user_id: Uuid, posting_id: Uuid) -> StoreResult<Match> {
                Ok(sqlx::query_as::<_, Match>(
                    "SELECT user_id, posting_id, score, components, explanation, computed_at FROM matches
                     WHERE user_id = $1 AND posting_id = $2",
                )
                .bind(user_id).bind(posting_id)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn matches_page(&self, user_id: Uuid, after: Option<(f64, Uuid)>, limit: i64) -> StoreResult<Vec<MatchedPosting>> {
                let (score, id) = match after {
                    Some((s, id)) => (Some(s), Some(id)),
                    None => (None, None),
                };
                Ok(sqlx::query_as::<_, MatchedPosting>(
                    "SELECT m.posting_id, m.score, m.components, m.explanation, m.computed_at, p.source,
                            p.title, p.company, p.url, p.posted_at, p.active
                     FROM matches m JOIN postings p ON p.id = m.posting_id
                     WHERE m.user_id = $1
                       AND ($2 IS NULL OR m.score < $2 OR (m.score = $2 AND m.posting_id > $3))
                     ORDER BY m.score DESC, m.posting_id LIMIT $4",
                )
                .bind(user_id).bind(score).bind(id).bind(clamp_limit(limit))
                .fetch_all(&self.pool)
                .await?)
            }

            async fn add_skill_analysis(&self, user_id: Uuid, report: &Value, now: DateTime<Utc>) -> StoreResult<SkillAnalysis> {
                Ok(sqlx::query_as::<_, SkillAnalysis>(
                    "INSERT INTO skill_analyses (id, user_id, report, created_at) VALUES ($1, $2, $3, $4)
                     RETURNING id, user_id, report, created_at",
                )
                .bind(Uuid::now_v7()).bind(user_id).bind(Json(report)).bind(now)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn list_skill_analyses(&self, user_id: Uuid, limit: i64) -> StoreResult<Vec<SkillAnalysis>> {
                Ok(sqlx::query_as::<_, SkillAnalysis>(
                    "SELECT id, user_id, report, created_at FROM skill_analyses WHERE user_id = $1
                     ORDER BY created_at DESC, id DESC LIMIT $2",
                )
                .bind(user_id).bind(clamp_limit(limit))
                .fetch_all(&self.pool)
                .await?)
            }

            async fn create_application(&self, user_id: Uuid, posting_id: Uuid, stage: Stage, notes: &str, now: DateTime<Utc>) -> StoreResult<Application> {
                let mut tx = self.pool.begin().await?;
                let app = sqlx::query_as::<_, Application>(
                    "INSERT INTO applications (id, user_id, posting_id, stage, notes, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $6)
                     RETURNING id, user_id, posting_id, stage, notes, created_at, updated_at",
                )
                .bind(Uuid::now_v7()).bind(user_id).bind(posting_id).bind(stage.as_str()).bind(notes).bind(now)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO application_events (id, application_id, user_id, from_stage, to_stage, note, at)
                     VALUES ($1, $2, $3, NULL, $4, '', $5)",
                )
                .bind(Uuid::now_v7()).bind(app.id).bind(user_id).bind(stage.as_str()).bind(now)
                .execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(app)
            }

            async fn application(&self, user_id: Uuid, id: Uuid) -> StoreResult<Application> {
                Ok(sqlx::query_as::<_, Application>(
                    "SELECT id, user_id, posting_id, stage, notes, created_at, updated_at FROM applications
                     WHERE user_id = $1 AND id = $2",
                )
                .bind(user_id).bind(id)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn list_applications(&self, user_id: Uuid) -> StoreResult<Vec<Application>> {
                Ok(sqlx::query_as::<_, Application>(
                    "SELECT id, user_id, posting_id, stage, notes, created_at, updated_at FROM applications
                     WHERE user_id = $1 ORDER BY updated_at DESC, id DESC",
                )
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn change_stage(&self, user_id: Uuid, id: Uuid, stage: Stage, note: &str, now: DateTime<Utc>) -> StoreResult<Application> {
                let mut tx = self.pool.begin().await?;
                // Write first: it locks the row on PostgreSQL and takes SQLite's write lock
                // through the busy timeout. A read first would make SQLite upgrade a read
                // transaction, which fails at once ("database is locked") when another
                // connection writes.
                let locked = sqlx::query(
                    "UPDATE applications SET updated_at = updated_at WHERE user_id = $1 AND id = $2",
                )
                .bind(user_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                not_found_if_zero(locked.rows_affected())?;
                let before = sqlx::query_scalar::<_, Stage>(
                    "SELECT stage FROM applications WHERE user_id = $1 AND id = $2",
                )
                .bind(user_id).bind(id)
                .fetch_one(&mut *tx)
                .await?;
                let app = sqlx::query_as::<_, Application>(
                    "UPDATE applications SET stage = $3, updated_at = $4 WHERE user_id = $1 AND id = $2
                     RETURNING id, user_id, posting_id, stage, notes, created_at, updated_at",
                )
                .bind(user_id).bind(id).bind(stage.as_str()).bind(now)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO application_events (id, application_id, user_id, from_stage, to_stage, note, at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(Uuid::now_v7()).bind(id).bind(user_id).bind(before.as_str()).bind(stage.as_str())
                .bind(note).bind(now)
                .execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(app)
            }

            async fn set_application_notes(&self, user_id: Uuid, id: Uuid, notes: &str, now: DateTime<Utc>) -> StoreResult<Application> {
                Ok(sqlx::query_as::<_, Application>(
                    "UPDATE applications SET notes = $3, updated_at = $4 WHERE user_id = $1 AND id = $2
                     RETURNING id, user_id, posting_id, stage, notes, created_at, updated_at",
                )
                .bind(user_id).bind(id).bind(notes).bind(now)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn application_history(&self, user_id: Uuid, id: Uuid) -> StoreResult<Vec<StageChange>> {
                // The owner check comes first so that another user's id is NotFound, not an
                // empty history.
                self.application(user_id, id).await?;
                Ok(sqlx::query_as::<_, StageChange>(
                    "SELECT id, application_id, from_stage, to_stage, note, at FROM application_events
                     WHERE user_id = $1 AND application_id = $2 ORDER BY at, id",
                )
                .bind(user_id).bind(id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn delete_application(&self, user_id: Uuid, id: Uuid) -> StoreResult<()> {
                let done = sqlx::query("DELETE FROM applications WHERE user_id = $1 AND id = $2")
                    .bind(user_id).bind(id)
                    .execute(&self.pool).await?;
                not_found_if_zero(done.rows_affected())
            }

            async fn audit(&self, e: &NewAuditEvent) -> StoreResult<AuditEvent> {
                Ok(sqlx::query_as::<_, AuditEvent>(
                    "INSERT INTO audit_log (id, at, user_id, kind, ip, details) VALUES ($1, $2, $3, $4, $5, $6)
                     RETURNING id, at, user_id, kind, ip, details",
                )
                .bind(Uuid::now_v7()).bind(e.at).bind(e.user_id).bind(&e.kind).bind(&e.ip).bind(Json(&e.details))
                .fetch_one(&self.pool)
                .await?)
            }

            async fn list_audit(&self, user_id: Option<Uuid>, limit: i64) -> StoreResult<Vec<AuditEvent>> {
                Ok(sqlx::query_as::<_, AuditEvent>(
                    "SELECT id, at, user_id, kind, ip, details FROM audit_log
                     WHERE ($1 IS NULL OR user_id = $1) ORDER BY at DESC, id DESC LIMIT $2",
                )
                .bind(user_id).bind(clamp_limit(limit))
                .fetch_all(&self.pool)
                .await?)
            }

            async fn beat_worker(&self, id: &str, version: &str, now: DateTime<Utc>) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO workers (id, version, started_at, last_beat) VALUES ($1, $2, $3, $3)
                     ON CONFLICT (id) DO UPDATE SET version = $2, last_beat = $3",
                )
                .bind(id).bind(version).bind(now)
                .execute(&self.pool).await?;
                Ok(())
            }

            async fn live_workers(&self, since: DateTime<Utc>) -> StoreResult<Vec<WorkerBeat>> {
                Ok(sqlx::query_as::<_, WorkerBeat>(
                    "SELECT id, version, started_at, last_beat FROM workers WHERE last_beat >= $1 ORDER BY id",
                )
                .bind(since)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn put_report(&self, kind: &str, body: &Value, now: DateTime<Utc>) -> StoreResult<Report> {
                Ok(sqlx::query_as::<_, Report>(
                    "INSERT INTO reports (id, kind, body, created_at) VALUES ($1, $2, $3, $4)
                     RETURNING id, kind, body, created_at",
                )
                .bind(Uuid::now_v7()).bind(kind).bind(Json(body)).bind(now)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn latest_report(&self, kind: &str) -> StoreResult<Option<Report>> {
                Ok(sqlx::query_as::<_, Report>(
                    "SELECT id, kind, body, created_at FROM reports WHERE kind = $1
                     ORDER BY created_at DESC, id DESC LIMIT 1",
                )
                .bind(kind)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn claim_schedule_fire(&self, name: &str, fire_at: DateTime<Utc>) -> StoreResult<bool> {
                let done = sqlx::query(
                    "INSERT INTO schedule_fires (name, last_fire) VALUES ($1, $2)
                     ON CONFLICT (name) DO UPDATE SET last_fire = $2 WHERE schedule_fires.last_fire < $2",
                )
                .bind(name).bind(fire_at)
                .execute(&self.pool).await?;
                Ok(done.rows_affected() == 1)
            }

            async fn active_posting_records(&self, after: Option<Uuid>, limit: i64) -> StoreResult<Vec<PostingRecordRow>> {
                Ok(sqlx::query_as::<_, PostingRecordRow>(
                    "SELECT id, CAST(record AS TEXT) AS record, posted_at FROM postings
                     WHERE active AND ($1 IS NULL OR id > $1) ORDER BY id LIMIT $2",
                )
                .bind(after).bind(limit.clamp(1, 10_000))
                .fetch_all(&self.pool)
                .await?)
            }

            async fn postings_stamp(&self) -> StoreResult<(i64, Option<DateTime<Utc>>)> {
                let count = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM postings WHERE active")
                    .fetch_one(&self.pool).await?;
                let latest = sqlx::query_scalar::<_, DateTime<Utc>>(
                    "SELECT last_seen FROM postings WHERE active ORDER BY last_seen DESC LIMIT 1",
                )
                .fetch_optional(&self.pool).await?;
                Ok((count, latest))
            }

            async fn profile_user_ids(&self) -> StoreResult<Vec<Uuid>> {
                Ok(sqlx::query_scalar::<_, Uuid>("SELECT user_id FROM profiles ORDER BY user_id")
                    .fetch_all(&self.pool)
                    .await?)
            }
        }
    };
}

/// The form of an e-mail that uniqueness and login compare: trimmed, lower case.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

impl_repo!(
    /// [`Repo`] on SQLite.
    SqliteRepo,
    sqlx::Sqlite
);
impl_repo!(
    /// [`Repo`] on PostgreSQL.
    PgRepo,
    sqlx::Postgres
);
