//! Runs a test body once per backend, each time on a fresh database: the crate's `testing`
//! module, shared with the other crates' tests.

pub use vaga_storage::testing::*;
