//! Integration tests of `vaga-worker`. Every test runs on SQLite (a file in a temp dir) and on
//! PostgreSQL when `TEST_DATABASE_URL` names an admin connection (a fresh database per run),
//! as in `vaga-storage`'s tests; `VAGA_REQUIRE_POSTGRES=1` makes a missing PostgreSQL fail.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod handlers;
mod run;
mod support;
