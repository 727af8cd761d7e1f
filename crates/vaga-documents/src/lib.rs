//! Reads an untrusted resume file into plain text.
//!
//! The file's type comes from its bytes ([`detect`]), never from its name:
//! - **PDF**: `pdf_oxide`'s `extract_text`, page by page. It keeps a sidebar and a main column apart
//!   where other engines interleave their lines (measured; see `ARCHITECTURE.md`). A page whose
//!   spans show a gutter with rows of text on both sides is read column by column instead
//!   ([`columns`]), because `extract_text` merges columns whose lines sit at the same heights.
//! - **DOCX**: a small reader over `zip` + `quick-xml`: headers first, then paragraphs, tables (row by
//!   row, cell by cell) and text boxes (once), with list paragraphs prefixed `• `.
//! - **Text** (and Markdown): UTF-8, UTF-16 with a byte-order mark, or Windows-1252.
//! - **JSON Resume**: a JSON object with a `basics` key, returned unchanged for the caller to parse.
//!
//! After extraction, ligatures (`ﬁ` → `fi`) are undone, private-use bullet glyphs (U+F0B7, …) become
//! `•`, and the text is laid out as one line per visual line with one blank line between blocks.
//!
//! Every PDF library measured for this crate panicked, hung or used gigabytes on some hostile file, so
//! [`read_isolated`] reads PDFs and DOCX files in a child process ([`serve_child`] is its other side)
//! with a time limit and a memory limit; a crash there is a [`DocumentError`] here.
//! [`read_in_process`] is the same reader without the process boundary (it still catches panics and
//! checks the limits it can, but a hang or a stack overflow takes the caller down with it).

pub mod columns;
mod detect;
mod docx;
mod error;
mod isolate;
mod normalize;
mod pdf;
mod text;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

pub use detect::detect;
pub use error::DocumentError;
pub use isolate::{read_isolated, serve_child};

/// The kind of a document, from its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// A PDF file (`%PDF-` near the start).
    Pdf,
    /// An Office Open XML word-processing file (a zip with `word/document.xml`).
    Docx,
    /// Plain text or Markdown.
    Text,
    /// A JSON Resume file: a JSON object with a `basics` key.
    JsonResume,
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Kind::Pdf => "PDF",
            Kind::Docx => "DOCX",
            Kind::Text => "text",
            Kind::JsonResume => "JSON Resume",
        })
    }
}

/// Limits on what a read may cost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// The largest file accepted, in bytes (default 10 MB).
    pub max_bytes: usize,
    /// The most pages a PDF may have (default 30).
    pub max_pages: usize,
    /// Wall-clock time for one read (default 10 s). [`read_isolated`] kills the child after it;
    /// [`read_in_process`] only checks it between PDF pages.
    pub timeout: Duration,
    /// The child's address-space limit in bytes (default 1 GiB); only [`read_isolated`] enforces it.
    pub max_memory: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1000 * 1000,
            max_pages: 30,
            timeout: Duration::from_secs(10),
            max_memory: 1 << 30,
        }
    }
}

impl Limits {
    /// The stricter of two sets of limits, field by field.
    #[must_use]
    pub fn min(&self, other: &Limits) -> Limits {
        Limits {
            max_bytes: self.max_bytes.min(other.max_bytes),
            max_pages: self.max_pages.min(other.max_pages),
            timeout: self.timeout.min(other.timeout),
            max_memory: self.max_memory.min(other.max_memory),
        }
    }
}

/// A document read into text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// What the bytes were.
    pub kind: Kind,
    /// The text: one line per visual line, a blank line between blocks. For [`Kind::JsonResume`], the
    /// file's JSON unchanged (byte-order mark removed).
    pub text: String,
    /// Pages in a PDF; 1 for the other kinds.
    pub pages: usize,
    /// Things the caller may want to tell the user (a page that could not be read, …).
    pub warnings: Vec<String>,
}

/// Reads `bytes` in this process: detects the kind, checks the limits and extracts the text.
///
/// Panics of the parsers are caught and returned as [`DocumentError::Crashed`], and the time limit is
/// checked between PDF pages, but nothing protects against a hang inside one page, a stack overflow
/// or a runaway allocation: use [`read_isolated`] for files from strangers.
pub fn read_in_process(bytes: &[u8], limits: &Limits) -> Result<Document, DocumentError> {
    let started = Instant::now();
    let kind = check_and_detect(bytes, limits)?;
    match catch_unwind(AssertUnwindSafe(|| read_kind(kind, bytes, limits, started))) {
        Ok(result) => result,
        Err(panic) => Err(DocumentError::Crashed(panic_message(panic.as_ref()))),
    }
}

/// The checks every path makes before parsing: size, emptiness and kind.
fn check_and_detect(bytes: &[u8], limits: &Limits) -> Result<Kind, DocumentError> {
    if bytes.len() > limits.max_bytes {
        return Err(DocumentError::TooLarge {
            size: bytes.len(),
            max: limits.max_bytes,
        });
    }
    detect(bytes)
}

fn read_kind(
    kind: Kind,
    bytes: &[u8],
    limits: &Limits,
    started: Instant,
) -> Result<Document, DocumentError> {
    match kind {
        Kind::Pdf => pdf::read(bytes, limits, started),
        Kind::Docx => docx::read(bytes),
        Kind::Text => text::read_text(bytes),
        Kind::JsonResume => text::read_json(bytes),
    }
}

/// The text of a panic payload.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let message = if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
    };
    format!("the reader panicked: {}", error::one_line(&message))
}
