//! Runs a test body once per backend, each time on a fresh database.

use std::future::Future;
use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use sqlx::Connection;
use uuid::Uuid;
use vaga_storage::{Store, StoreOptions};

/// A fixed instant, so tests do not depend on the clock.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()
}

/// A fresh database for one test: a SQLite file or a PostgreSQL database, removed on `finish`.
pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(PathBuf),
    Database { admin_url: String, name: String },
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir =
            std::env::temp_dir().join(format!("vaga-worker-test-{}", Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite:{}", dir.join("vaga.db").display());
        TestDb {
            url,
            cleanup: Cleanup::Dir(dir),
        }
    }

    /// None when PostgreSQL is not configured (and not required).
    pub async fn postgres(test: &str) -> Option<TestDb> {
        let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
            if std::env::var("VAGA_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!("VAGA_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set");
            }
            eprintln!("note: {test}: PostgreSQL half skipped (set TEST_DATABASE_URL to run it)");
            return None;
        };
        let name = format!("vaga_t_{}", Uuid::now_v7().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .expect("connect to TEST_DATABASE_URL");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .unwrap();
        admin.close().await.unwrap();
        let mut url = url::Url::parse(&admin_url).unwrap();
        url.set_path(&format!("/{name}"));
        Some(TestDb {
            url: url.to_string(),
            cleanup: Cleanup::Database { admin_url, name },
        })
    }

    pub async fn open(&self) -> Store {
        self.open_with(&test_options()).await
    }

    pub async fn open_with(&self, options: &StoreOptions) -> Store {
        Store::open_with(&self.url, options)
            .await
            .expect("open store")
    }

    pub async fn finish(self) {
        match self.cleanup {
            Cleanup::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Database { admin_url, name } => {
                // Plain DROP first: it stops an autovacuum worker on the database by itself,
                // while WITH (FORCE) would need rights over that worker. Pools are closed by
                // now; a connection still closing gets a moment.
                let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
                let mut last = None;
                for attempt in 0..20 {
                    let sql = if attempt < 10 {
                        format!("DROP DATABASE IF EXISTS {name}")
                    } else {
                        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                    };
                    match sqlx::query(sqlx::AssertSqlSafe(sql))
                        .execute(&mut admin)
                        .await
                    {
                        Ok(_) => {
                            last = None;
                            break;
                        }
                        Err(err) => last = Some(err),
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                admin.close().await.unwrap();
                if let Some(err) = last {
                    panic!("could not drop {name}: {err}");
                }
            }
        }
    }
}

/// Options for tests: a short backoff so nothing needs long waits.
pub fn test_options() -> StoreOptions {
    let mut options = StoreOptions::default();
    options.queue.backoff_base = std::time::Duration::from_secs(10);
    options.queue.backoff_cap = std::time::Duration::from_secs(100);
    options.queue.default_max_attempts = 3;
    options
}

/// Runs `body` on SQLite, then on PostgreSQL if configured, each on a fresh database.
pub async fn each_backend<F, Fut>(test: &str, body: F)
where
    F: Fn(TestDb) -> Fut,
    Fut: Future<Output = TestDb>,
{
    let db = body(TestDb::sqlite().await).await;
    db.finish().await;
    if let Some(db) = TestDb::postgres(test).await {
        let db = body(db).await;
        db.finish().await;
    }
}
