//! Runs a test body once per backend, each time on a fresh database (vaga-storage's `testing`).

pub use vaga_storage::testing::*;
