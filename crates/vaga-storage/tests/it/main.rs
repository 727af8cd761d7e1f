//! Integration tests of `vaga-storage`. Every test runs on SQLite (a file in a temp dir) and on
//! PostgreSQL when `TEST_DATABASE_URL` names an admin connection: each run gets its own fresh
//! database `vaga_t_<uuid>`, dropped afterwards. Without `TEST_DATABASE_URL` the PostgreSQL
//! half is skipped with a note, unless `VAGA_REQUIRE_POSTGRES=1` (CI), which makes it fail.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod open;
mod queue;
mod search;
mod story;
mod support;
