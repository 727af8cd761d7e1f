//! Syncing sources: fetch many concurrently, hand their postings to a sink, report per source.
