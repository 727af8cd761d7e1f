//! One module per top-level command.

pub mod config;
pub mod jobs;
pub mod matching;
pub mod parse;
pub(crate) mod postings;
pub mod resume;
pub mod serve;
pub mod skills;
pub mod sources;
pub mod trends;
