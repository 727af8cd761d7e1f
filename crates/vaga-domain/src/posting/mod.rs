//! Posting normalisation: what a job posting pays, where it can be taken from, how senior it is,
//! its contract and language, its text cleaned, and whether it is a duplicate of another.
//!
//! Every parser here is total: it takes text (plus optional structured hints from the source)
//! and returns a value, with `None` for what the text does not say. Nothing here reads files or
//! the network; bundled data (the gazetteer, the exchange-rate table) is embedded at build time
//! and users' overrides arrive as strings.

pub mod contract;
pub mod currency;
pub mod dedup;
pub mod language;
pub mod location;
pub mod normalize;
pub mod rates;
pub mod salary;
pub mod seniority;
pub mod text;
