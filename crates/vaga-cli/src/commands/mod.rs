//! One module per top-level command.

pub mod config;
pub mod skills;
