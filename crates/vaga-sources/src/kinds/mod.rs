//! Configurable kinds: RSS/Atom feeds, JSON APIs, HTML scrapers and schema.org `JobPosting`
//! JSON-LD pages, each mapped into a [`SourcePosting`](crate::SourcePosting) by the user's
//! configuration.
