//! Where postings come from.
//!
//! A **source** is one configured place to read postings from: a built-in board or ATS adapter
//! ([`adapters`]) or a configurable kind ([`kinds`]: RSS/Atom feed, JSON API, HTML scraper,
//! schema.org `JobPosting` JSON-LD). Every source is an [`Adapter`]: pure code that says which
//! request to make first ([`Adapter::first`]) and turns each response into postings and the next
//! request ([`Adapter::parse`]). Adapters never touch the network; the [`http`] module's fetcher
//! does, politely (rate limits, retries, circuit breaker, conditional requests, size caps), and
//! [`sync`] drives the two for many sources at once, handing each posting to a
//! [`sync::PostingSink`] so that where postings land (a JSON Lines file, a database) stays the
//! caller's business.
//!
//! Third-party JSON shapes stop here: what leaves this crate is a [`SourcePosting`].

pub mod adapter;
pub mod adapters;
pub mod config;
pub mod http;
pub mod kinds;
pub mod map;
pub mod posting;
pub mod registry;
pub mod sync;

pub use adapter::{
    Adapter, Expect, Fetched, Page, PageRequest, PageResponse, Policy, RecordError, SourceError,
};
pub use config::{ConfigError, SourceConfig};
pub use posting::SourcePosting;
pub use registry::{BUILTINS, Builtin, build};
