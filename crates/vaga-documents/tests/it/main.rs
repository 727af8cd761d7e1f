//! Integration tests of vaga-documents, one module per capability:
//! - `columns`: two columns whose lines sit at the same heights, no gutter on one-column pages, and
//!   the layout code never panics on any span geometry;
//! - `detect`: kinds from magic bytes, unsupported and empty files;
//! - `pdf`: reading order on a sidebar layout, ligatures, encrypted, image-only, blank and truncated
//!   PDFs, the page limit;
//! - `docx`: headers, tables, text boxes once, bullets, tracked deletions, the zip bomb;
//! - `text`: UTF-8, UTF-16, Windows-1252, Markdown and JSON Resume files;
//! - `isolation`: the child process (this test binary re-run as the child), crashes, time limit,
//!   the 10,000-level object chain;
//! - `props`: property tests (never panics on mutated fixtures).
//!
//! The fixtures under `tests/fixtures/` come from `scripts/gen-document-fixtures.py` (invented people).

// A panic in a test is a failing test, which is what an unwrap here means.
#![allow(clippy::unwrap_used)]

mod columns;
mod detect;
mod docx;
mod isolation;
mod pdf;
mod props;
mod text;

use std::path::PathBuf;

/// The bytes of a committed fixture.
pub fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", name]
        .iter()
        .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `text` with every run of whitespace made one space, to look for sentences across line breaks.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
