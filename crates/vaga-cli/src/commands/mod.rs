//! One module per top-level command.

pub mod config;
pub mod jobs;
pub mod parse;
pub mod resume;
pub mod skills;
pub mod sources;
