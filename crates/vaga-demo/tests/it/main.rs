//! Integration tests of `vaga-demo`: the generated postings (determinism, and what the
//! normaliser reads from them), the demo profile's matches, and loading into a store (SQLite,
//! and PostgreSQL when `TEST_DATABASE_URL` names an admin connection, as in `vaga-storage`).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod generate;
mod load;
mod matching;
