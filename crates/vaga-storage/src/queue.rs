//! The task queue: one `tasks` table and the [`Queue`] trait, implemented for both backends by
//! one macro that differs only in the claim SQL.
//!
//! States: `queued` → (claim) → `running` → `done`; a failed attempt goes to `failed` with
//! `run_at = now + base × 2^attempts` (capped), and is claimed again from there; the failure of
//! the last attempt makes it `dead`, and only [`Queue::retry`] brings a dead task back.
//! A `running` task whose lease expired (its worker died) is claimed again like a queued one,
//! or made `dead` if that was its last attempt. [`Queue::release`] puts a running task back
//! without counting the attempt (graceful shutdown).
//!
//! Claiming is one statement. PostgreSQL:
//! `UPDATE tasks SET … WHERE id = (SELECT id FROM tasks WHERE <claimable> ORDER BY run_at, id
//! LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING …`, so concurrent workers never take the same row;
//! SQLite runs the same statement without `FOR UPDATE SKIP LOCKED`, as its writers are
//! serialised. Time is always passed in (`now`), never read from the database clock, so tests
//! move the clock instead of sleeping.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::model::TaskStatus;
use crate::repo::clamp_limit;

/// A task row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct Task {
    /// Id.
    pub id: Uuid,
    /// What to run (`sync_source`, `parse_resume`, …).
    pub kind: String,
    /// Input of the handler.
    #[sqlx(json)]
    pub payload: Value,
    /// State.
    pub status: TaskStatus,
    /// Attempts started (a claim counts one; a release gives it back).
    pub attempts: i32,
    /// Attempts allowed before `dead`.
    pub max_attempts: i32,
    /// Not claimed before this.
    pub run_at: DateTime<Utc>,
    /// Worker holding it while running.
    pub locked_by: Option<String>,
    /// The holder's lease ends here; after it another worker may claim the task.
    pub lease_until: Option<DateTime<Utc>>,
    /// Last reported progress.
    #[sqlx(json(nullable))]
    pub progress: Option<Value>,
    /// Error of the last failed attempt.
    pub last_error: Option<String>,
    /// At most one unfinished task (queued, running, failed) has a given key.
    pub dedup_key: Option<String>,
    /// The user it works for, if any.
    pub user_id: Option<Uuid>,
    /// Enqueued.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A task to enqueue.
#[derive(Debug, Clone)]
pub struct NewTask {
    /// What to run.
    pub kind: String,
    /// Input of the handler.
    pub payload: Value,
    /// Refuse a second unfinished task with this key (schedules use `kind@fire-time`).
    pub dedup_key: Option<String>,
    /// Run no earlier than `now + delay`.
    pub delay: Duration,
    /// Attempts allowed; None takes [`QueueConfig::default_max_attempts`].
    pub max_attempts: Option<i32>,
    /// The user it works for.
    pub user_id: Option<Uuid>,
}

impl NewTask {
    /// A task of `kind` with `payload`, to run now, with the default attempts.
    pub fn new(kind: impl Into<String>, payload: Value) -> Self {
        NewTask {
            kind: kind.into(),
            payload,
            dedup_key: None,
            delay: Duration::ZERO,
            max_attempts: None,
            user_id: None,
        }
    }
}

/// What enqueue did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    /// A new task.
    Created(Uuid),
    /// An unfinished task with the same dedup key exists; this is its id.
    Duplicate(Uuid),
}

impl Enqueued {
    /// The task's id, new or existing.
    pub fn id(self) -> Uuid {
        match self {
            Enqueued::Created(id) | Enqueued::Duplicate(id) => id,
        }
    }
}

/// Retry policy of a queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueConfig {
    /// Backoff base: after attempt `n` failed, the task waits `base × 2^n`.
    pub backoff_base: Duration,
    /// Longest backoff.
    pub backoff_cap: Duration,
    /// Attempts of a task that does not say.
    pub default_max_attempts: i32,
}

impl Default for QueueConfig {
    fn default() -> Self {
        QueueConfig {
            backoff_base: Duration::from_secs(30),
            backoff_cap: Duration::from_secs(6 * 3600),
            default_max_attempts: 5,
        }
    }
}

impl QueueConfig {
    /// The wait after the attempt numbered `attempts` (1 = the first) failed.
    pub fn backoff(&self, attempts: i32) -> Duration {
        let exp = u32::try_from(attempts.clamp(0, 30)).unwrap_or(0);
        self.backoff_base
            .checked_mul(1_u32 << exp)
            .map_or(self.backoff_cap, |d| d.min(self.backoff_cap))
    }
}

/// The database-backed queue. Object safe: hand out `Arc<dyn Queue>`.
#[async_trait]
pub trait Queue: Send + Sync {
    /// Adds a task (or finds the unfinished one with the same dedup key).
    async fn enqueue(&self, task: &NewTask, now: DateTime<Utc>) -> StoreResult<Enqueued>;
    /// Takes the next due task of one of `kinds` (any kind when empty) for `worker`, holding it
    /// until `now + lease`; a running task whose lease expired counts as due. None when idle.
    async fn claim(
        &self,
        worker: &str,
        kinds: &[&str],
        lease: Duration,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Task>>;
    /// Extends the lease of a task `worker` holds, and records progress if given.
    /// Conflict when the worker no longer holds it.
    async fn heartbeat(
        &self,
        id: Uuid,
        worker: &str,
        lease: Duration,
        progress: Option<&Value>,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Marks a held task done.
    async fn complete(&self, id: Uuid, worker: &str, now: DateTime<Utc>) -> StoreResult<()>;
    /// Records a failed attempt: `failed` with backoff, or `dead` after the last attempt.
    /// Returns the new status.
    async fn fail(
        &self,
        id: Uuid,
        worker: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<TaskStatus>;
    /// Brings a dead task back to `queued` with fresh attempts. Conflict if it is not dead.
    async fn retry(&self, id: Uuid, now: DateTime<Utc>) -> StoreResult<()>;
    /// Puts a held task back to `queued`, not counting the attempt (graceful shutdown).
    async fn release(&self, id: Uuid, worker: &str, now: DateTime<Utc>) -> StoreResult<()>;
    /// One task.
    async fn get(&self, id: Uuid) -> StoreResult<Task>;
    /// One task of a user (another user's task is NotFound).
    async fn get_for_user(&self, user_id: Uuid, id: Uuid) -> StoreResult<Task>;
    /// Tasks, newest first, of one status or all.
    async fn list(&self, status: Option<TaskStatus>, limit: i64) -> StoreResult<Vec<Task>>;
    /// Makes a held task `dead` at once with `error`, whatever attempts remain: for a failure
    /// that no retry can fix (an unknown kind, an unreadable file).
    async fn bury(
        &self,
        id: Uuid,
        worker: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
}

fn lease_end(now: DateTime<Utc>, lease: Duration) -> StoreResult<DateTime<Utc>> {
    TimeDelta::from_std(lease)
        .ok()
        .and_then(|d| now.checked_add_signed(d))
        .ok_or_else(|| StoreError::Invalid("duration out of range".into()))
}

fn not_held() -> StoreError {
    StoreError::Conflict("task not held by this worker".into())
}

macro_rules! impl_queue {
    ($(#[$meta:meta])* $name:ident, $db:ty, $claim_sql:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $name {
            pool: sqlx::Pool<$db>,
            config: QueueConfig,
        }

        impl $name {
            /// Wraps a pool whose migrations have run.
            pub fn new(pool: sqlx::Pool<$db>, config: QueueConfig) -> Self {
                Self { pool, config }
            }
        }

        #[async_trait]
        impl Queue for $name {
            async fn enqueue(&self, t: &NewTask, now: DateTime<Utc>) -> StoreResult<Enqueued> {
                let run_at = lease_end(now, t.delay)?;
                let max_attempts = t.max_attempts.unwrap_or(self.config.default_max_attempts).max(1);
                for _ in 0..3 {
                    let id = Uuid::now_v7();
                    let inserted = sqlx::query(
                        "INSERT INTO tasks (id, kind, payload, status, attempts, max_attempts, run_at, dedup_key,
                           user_id, created_at, updated_at)
                         VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6, $7, $8, $8)
                         ON CONFLICT (dedup_key) WHERE status IN ('queued', 'running', 'failed') DO NOTHING",
                    )
                    .bind(id).bind(&t.kind).bind(Json(&t.payload)).bind(max_attempts).bind(run_at)
                    .bind(&t.dedup_key).bind(t.user_id).bind(now)
                    .execute(&self.pool)
                    .await?;
                    if inserted.rows_affected() == 1 {
                        return Ok(Enqueued::Created(id));
                    }
                    let existing = sqlx::query_scalar::<_, Uuid>(
                        "SELECT id FROM tasks WHERE dedup_key = $1 AND status IN ('queued', 'running', 'failed')",
                    )
                    .bind(&t.dedup_key)
                    .fetch_optional(&self.pool)
                    .await?;
                    if let Some(existing) = existing {
                        return Ok(Enqueued::Duplicate(existing));
                    }
                    // The holder of the key finished in between: try again.
                }
                Err(StoreError::Conflict("tasks_dedup_key".into()))
            }

            async fn claim(&self, worker: &str, kinds: &[&str], lease: Duration, now: DateTime<Utc>) -> StoreResult<Option<Task>> {
                let until = lease_end(now, lease)?;
                // A lease that expired on the last attempt: the task is dead, not claimable.
                sqlx::query(
                    "UPDATE tasks SET status = 'dead', locked_by = NULL, lease_until = NULL,
                       last_error = COALESCE(last_error, 'lease expired on the last attempt'), updated_at = $1
                     WHERE status = 'running' AND lease_until < $1 AND attempts >= max_attempts",
                )
                .bind(now)
                .execute(&self.pool)
                .await?;
                let kinds: Vec<&str> = kinds.to_vec();
                Ok(sqlx::query_as::<_, Task>($claim_sql)
                    .bind(worker).bind(until).bind(now).bind(Json(&kinds))
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn heartbeat(&self, id: Uuid, worker: &str, lease: Duration, progress: Option<&Value>, now: DateTime<Utc>) -> StoreResult<()> {
                let until = lease_end(now, lease)?;
                let done = sqlx::query(
                    "UPDATE tasks SET lease_until = $3, progress = COALESCE($4, progress), updated_at = $5
                     WHERE id = $1 AND status = 'running' AND locked_by = $2",
                )
                .bind(id).bind(worker).bind(until).bind(progress.map(Json)).bind(now)
                .execute(&self.pool)
                .await?;
                if done.rows_affected() == 1 { Ok(()) } else { Err(not_held()) }
            }

            async fn complete(&self, id: Uuid, worker: &str, now: DateTime<Utc>) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE tasks SET status = 'done', locked_by = NULL, lease_until = NULL, updated_at = $3
                     WHERE id = $1 AND status = 'running' AND locked_by = $2",
                )
                .bind(id).bind(worker).bind(now)
                .execute(&self.pool)
                .await?;
                if done.rows_affected() == 1 { Ok(()) } else { Err(not_held()) }
            }

            async fn fail(&self, id: Uuid, worker: &str, error: &str, now: DateTime<Utc>) -> StoreResult<TaskStatus> {
                let held = sqlx::query_as::<_, (i32, i32)>(
                    "SELECT attempts, max_attempts FROM tasks WHERE id = $1 AND status = 'running' AND locked_by = $2",
                )
                .bind(id).bind(worker)
                .fetch_optional(&self.pool)
                .await?;
                let Some((attempts, max_attempts)) = held else { return Err(not_held()) };
                let (status, run_at) = if attempts >= max_attempts {
                    (TaskStatus::Dead, now)
                } else {
                    (TaskStatus::Failed, lease_end(now, self.config.backoff(attempts))?)
                };
                // The guard on locked_by and attempts makes this a no-op if the lease expired and
                // another worker took the task in between.
                let done = sqlx::query(
                    "UPDATE tasks SET status = $4, run_at = $5, last_error = $6, locked_by = NULL,
                       lease_until = NULL, updated_at = $7
                     WHERE id = $1 AND status = 'running' AND locked_by = $2 AND attempts = $3",
                )
                .bind(id).bind(worker).bind(attempts).bind(status.as_str()).bind(run_at).bind(error).bind(now)
                .execute(&self.pool)
                .await?;
                if done.rows_affected() == 1 { Ok(status) } else { Err(not_held()) }
            }

            async fn retry(&self, id: Uuid, now: DateTime<Utc>) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE tasks SET status = 'queued', attempts = 0, run_at = $2, updated_at = $2
                     WHERE id = $1 AND status = 'dead'",
                )
                .bind(id).bind(now)
                .execute(&self.pool)
                .await?;
                if done.rows_affected() == 1 {
                    return Ok(());
                }
                self.get(id).await?;
                Err(StoreError::Conflict("task is not dead".into()))
            }

            async fn release(&self, id: Uuid, worker: &str, now: DateTime<Utc>) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE tasks SET status = 'queued', attempts = attempts - 1, run_at = $3, locked_by = NULL,
                       lease_until = NULL, updated_at = $3
                     WHERE id = $1 AND status = 'running' AND locked_by = $2",
                )
                .bind(id).bind(worker).bind(now)
                .execute(&self.pool)
                .await?;
                if done.rows_affected() == 1 { Ok(()) } else { Err(not_held()) }
            }

            async fn get(&self, id: Uuid) -> StoreResult<Task> {
                Ok(sqlx::query_as::<_, Task>(
                    "SELECT id, kind, payload, status, attempts, max_attempts, run_at, locked_by, lease_until,
                       progress, last_error, dedup_key, user_id, created_at, updated_at
                     FROM tasks WHERE id = $1",
                )
                .bind(id)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn get_for_user(&self, user_id: Uuid, id: Uuid) -> StoreResult<Task> {
                Ok(sqlx::query_as::<_, Task>(
                    "SELECT id, kind, payload, status, attempts, max_attempts, run_at, locked_by, lease_until,
                       progress, last_error, dedup_key, user_id, created_at, updated_at
                     FROM tasks WHERE user_id = $1 AND id = $2",
                )
                .bind(user_id).bind(id)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn list(&self, status: Option<TaskStatus>, limit: i64) -> StoreResult<Vec<Task>> {
                Ok(sqlx::query_as::<_, Task>(
                    "SELECT id, kind, payload, status, attempts, max_attempts, run_at, locked_by, lease_until,
                       progress, last_error, dedup_key, user_id, created_at, updated_at
                     FROM tasks WHERE ($1 IS NULL OR status = $1) ORDER BY created_at DESC, id DESC LIMIT $2",
                )
                .bind(status.map(TaskStatus::as_str)).bind(clamp_limit(limit))
                .fetch_all(&self.pool)
                .await?)
            }

            async fn bury(&self, id: Uuid, worker: &str, error: &str, now: DateTime<Utc>) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE tasks SET status = 'dead', last_error = $3, locked_by = NULL, lease_until = NULL,
                       updated_at = $4
                     WHERE id = $1 AND status = 'running' AND locked_by = $2",
                )
                .bind(id).bind(worker).bind(error).bind(now)
                .execute(&self.pool)
                .await?;
                if done.rows_affected() == 1 { Ok(()) } else { Err(not_held()) }
            }
        }
    };
}

impl_queue!(
    /// [`Queue`] on SQLite.
    SqliteQueue,
    sqlx::Sqlite,
    "UPDATE tasks SET status = 'running', attempts = attempts + 1, locked_by = $1, lease_until = $2,
       updated_at = $3
     WHERE id = (SELECT id FROM tasks
                 WHERE ((status IN ('queued', 'failed') AND run_at <= $3)
                        OR (status = 'running' AND lease_until < $3))
                   AND (json_array_length($4) = 0 OR kind IN (SELECT value FROM json_each($4)))
                 ORDER BY run_at, id LIMIT 1)
     RETURNING id, kind, payload, status, attempts, max_attempts, run_at, locked_by, lease_until,
       progress, last_error, dedup_key, user_id, created_at, updated_at"
);

impl_queue!(
    /// [`Queue`] on PostgreSQL.
    PgQueue,
    sqlx::Postgres,
    "UPDATE tasks SET status = 'running', attempts = attempts + 1, locked_by = $1, lease_until = $2,
       updated_at = $3
     WHERE id = (SELECT id FROM tasks
                 WHERE ((status IN ('queued', 'failed') AND run_at <= $3)
                        OR (status = 'running' AND lease_until < $3))
                   AND (jsonb_array_length($4) = 0 OR kind IN (SELECT jsonb_array_elements_text($4)))
                 ORDER BY run_at, id LIMIT 1
                 FOR UPDATE SKIP LOCKED)
     RETURNING id, kind, payload, status, attempts, max_attempts, run_at, locked_by, lease_until,
       progress, last_error, dedup_key, user_id, created_at, updated_at"
);
