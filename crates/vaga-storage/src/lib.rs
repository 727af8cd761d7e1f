//! Vaga's storage: the application's tables on SQLite (one file, zero setup) or PostgreSQL
//! (several processes), behind one object-safe trait ([`Repo`]), and the database-backed task
//! queue ([`queue::Queue`]).
//!
//! [`Store::open`] takes `sqlite:PATH` or `postgres://…`, opens a pool, applies the backend's
//! append-only migrations (`migrations/sqlite/`, `migrations/postgres/`) and hands out
//! `Arc<dyn Repo>` and `Arc<dyn Queue>`. Both implementations come from one macro over the same
//! SQL, so the same tests run on both databases. Every read or write of a user-owned row names
//! the owner, and another user's row is [`StoreError::NotFound`].
//!
//! Times are passed in by the caller (`now`), never read from the database clock: SQLite stores
//! RFC 3339 UTC text written by sqlx, which orders correctly as text, and tests move the clock
//! instead of sleeping.

pub mod error;
pub mod model;
pub mod queue;
pub mod repo;
pub mod search;
#[cfg(feature = "testing")]
pub mod testing;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use error::{StoreError, StoreResult};
pub use model::*;
pub use queue::{Enqueued, NewTask, Queue, QueueConfig, Task};
pub use repo::{MAX_LIMIT, PgRepo, Repo, SqliteRepo, normalise_email};

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// One SQLite file (WAL).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// How to open a store.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Pool size (SQLite: readers; writes are serialised by SQLite anyway).
    pub max_connections: u32,
    /// How long to wait for a connection, and (SQLite) for a lock.
    pub busy_timeout: Duration,
    /// The queue's retry policy.
    pub queue: QueueConfig,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            max_connections: 8,
            busy_timeout: Duration::from_secs(10),
            queue: QueueConfig::default(),
        }
    }
}

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// An open store: the pool, the [`Repo`] and the [`Queue`] on it. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: Pool,
    repo: Arc<dyn Repo>,
    queue: Arc<dyn Queue>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend())
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens `sqlite:PATH` (the file is created; WAL, busy timeout, foreign keys on) or
    /// `postgres://…` / `postgresql://…`, and applies pending migrations. Errors never contain
    /// the URL's password.
    pub async fn open(url: &str) -> StoreResult<Store> {
        Store::open_with(url, &StoreOptions::default()).await
    }

    /// [`Store::open`] with options.
    pub async fn open_with(url: &str, options: &StoreOptions) -> StoreResult<Store> {
        let secret = password_of(url);
        Store::open_inner(url, options)
            .await
            .map_err(|err| scrub(err, secret.as_deref()))
    }

    async fn open_inner(url: &str, options: &StoreOptions) -> StoreResult<Store> {
        let max = options.max_connections.max(1);
        if url.starts_with("sqlite:") {
            let connect = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(options.busy_timeout)
                .foreign_keys(true);
            // An in-memory database exists once per connection: keep exactly one.
            let in_memory = url.contains(":memory:") || url.contains("mode=memory");
            let max = if in_memory { 1 } else { max };
            // Zero setup: the data directory is created with the file.
            if !in_memory
                && let Some(dir) = connect.get_filename().parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir).map_err(|err| {
                    StoreError::Database(format!("cannot create {}: {err}", dir.display()))
                })?;
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(max)
                .acquire_timeout(options.busy_timeout)
                .connect_with(connect)
                .await?;
            sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
            Ok(Store {
                repo: Arc::new(SqliteRepo::new(pool.clone())),
                queue: Arc::new(queue::SqliteQueue::new(pool.clone(), options.queue)),
                pool: Pool::Sqlite(pool),
            })
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let connect = PgConnectOptions::from_str(url)?.application_name("vaga");
            let pool = PgPoolOptions::new()
                .max_connections(max)
                .acquire_timeout(options.busy_timeout)
                .connect_with(connect)
                .await?;
            sqlx::migrate!("./migrations/postgres").run(&pool).await?;
            Ok(Store {
                repo: Arc::new(PgRepo::new(pool.clone())),
                queue: Arc::new(queue::PgQueue::new(pool.clone(), options.queue)),
                pool: Pool::Postgres(pool),
            })
        } else {
            Err(StoreError::Invalid(
                "database URL must start with sqlite: or postgres://".into(),
            ))
        }
    }

    /// The database kind.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// The application's tables.
    pub fn repo(&self) -> Arc<dyn Repo> {
        Arc::clone(&self.repo)
    }

    /// The task queue.
    pub fn queue(&self) -> Arc<dyn Queue> {
        Arc::clone(&self.queue)
    }

    /// Checks that the database answers (for `/health`).
    pub async fn ping(&self) -> StoreResult<()> {
        match &self.pool {
            Pool::Sqlite(p) => {
                sqlx::query("SELECT 1").execute(p).await?;
            }
            Pool::Postgres(p) => {
                sqlx::query("SELECT 1").execute(p).await?;
            }
        }
        Ok(())
    }

    /// Closes the pool, waiting for connections in use to come back.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }
}

/// The password of a URL, if it has one (percent-decoded and raw, to scrub both forms).
fn password_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    parsed
        .password()
        .map(str::to_owned)
        .filter(|p| !p.is_empty())
}

fn scrub(err: StoreError, secret: Option<&str>) -> StoreError {
    let Some(secret) = secret else { return err };
    let decoded = url_decode(secret);
    let clean = |s: String| s.replace(secret, "***").replace(&decoded, "***");
    match err {
        StoreError::Conflict(s) => StoreError::Conflict(clean(s)),
        StoreError::Invalid(s) => StoreError::Invalid(clean(s)),
        StoreError::Database(s) => StoreError::Database(clean(s)),
        StoreError::NotFound => StoreError::NotFound,
    }
}

fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_removes_both_forms_of_the_password() {
        let err = StoreError::Database("failed for p%40ss and p@ss".into());
        let out = scrub(err, password_of("postgres://u:p%40ss@h/db").as_deref()).to_string();
        assert!(!out.contains("p@ss") && !out.contains("p%40ss"), "{out}");
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let q = QueueConfig {
            backoff_base: Duration::from_millis(100),
            backoff_cap: Duration::from_secs(1),
            default_max_attempts: 3,
        };
        assert_eq!(q.backoff(1), Duration::from_millis(200));
        assert_eq!(q.backoff(2), Duration::from_millis(400));
        assert_eq!(q.backoff(4), Duration::from_secs(1));
        assert_eq!(q.backoff(1000), Duration::from_secs(1));
    }
}
