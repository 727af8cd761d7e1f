//! Why a document could not be read, one clear line each.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Why a document could not be read. `Display` gives one line meant for the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum DocumentError {
    /// The file is larger than [`crate::Limits::max_bytes`].
    #[error("the file is too large: {size} bytes, the limit is {max} bytes")]
    TooLarge {
        /// The file's size in bytes.
        size: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// Not a kind this crate reads (an image, a legacy `.doc`, binary data, …).
    #[error("unsupported file: {0}")]
    Unsupported(String),
    /// A PDF or Word document that needs a password.
    #[error("the file is encrypted with a password; remove the password and try again")]
    Encrypted,
    /// The file is damaged or not what its first bytes claim.
    #[error("the file is damaged: {0}")]
    Corrupt(String),
    /// The file has no text at all.
    #[error("the file is empty: it contains no text")]
    Empty,
    /// A PDF whose pages hold images but no text.
    #[error("no text: the PDF seems to be scanned images, and OCR is not available")]
    ImageOnly,
    /// A PDF with more pages than [`crate::Limits::max_pages`].
    #[error("the PDF has {pages} pages, the limit is {max}")]
    TooManyPages {
        /// The document's page count.
        pages: usize,
        /// The limit.
        max: usize,
    },
    /// Reading took longer than [`crate::Limits::timeout`].
    #[error("reading the file took longer than {:.1} s and was stopped", limit.as_secs_f64())]
    TimedOut {
        /// The time limit.
        limit: Duration,
    },
    /// The reader needed more memory than [`crate::Limits::max_memory`].
    #[error("reading the file needed more than {} MiB of memory and was stopped", limit / (1024 * 1024))]
    OutOfMemory {
        /// The memory limit in bytes.
        limit: u64,
    },
    /// The reader crashed (a panic, a signal, a malformed reply from the child).
    #[error("the reader crashed on this file: {0}")]
    Crashed(String),
    /// The child process could not be started or talked to.
    #[error("could not run the reader: {0}")]
    Io(String),
}

/// `text` on one line, at most 200 characters, for messages built from library errors.
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::new();
    // Panic messages of parsers may quote the file's bytes: keep only printable text.
    let printable: String = text
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .filter(|c| *c != '\u{FFFD}' && !('\u{E000}'..='\u{F8FF}').contains(c))
        .collect();
    for word in printable.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > 200 {
        out = out.chars().take(199).collect();
        out.push('…');
    }
    out
}
