//! Integration tests of the HTTP service: the real server on a loopback port, over real HTTP,
//! on SQLite and on PostgreSQL (`TEST_DATABASE_URL`), each test on a fresh database.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod auth;
mod basics;
mod isolation;
mod postings;
mod support;
