//! Text and Markdown files, and JSON Resume files.

use encoding_rs::{UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::{Document, DocumentError, Kind, normalize};

/// Share of control characters (other than tab, newline, carriage return and form feed) or
/// replacement characters above which decoded bytes are binary junk, not text.
const MAX_JUNK_PER_MILLE: usize = 5;

/// Decodes `bytes` as UTF-8 (byte-order mark removed), UTF-16 with a byte-order mark, or else
/// Windows-1252, and rejects binary data.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, DocumentError> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        UTF_8.decode_without_bom_handling(rest).0.into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        UTF_16LE.decode_without_bom_handling(rest).0.into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        UTF_16BE.decode_without_bom_handling(rest).0.into_owned()
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        text.to_owned()
    } else {
        WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    };
    let mut chars = 0usize;
    let mut junk = 0usize;
    for c in text.chars() {
        chars += 1;
        if c == '\0' {
            return Err(binary());
        }
        if (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C')) || c == '\u{FFFD}' {
            junk += 1;
        }
    }
    if junk * 1000 > chars * MAX_JUNK_PER_MILLE {
        return Err(binary());
    }
    Ok(text)
}

fn binary() -> DocumentError {
    DocumentError::Unsupported("binary data, not a PDF, DOCX or text file".into())
}

/// Whether `text` is a JSON object with a `basics` key (the JSON Resume schema's first section).
pub(crate) fn is_json_resume(text: &str) -> bool {
    let trimmed = text.trim_start();
    if !trimmed.starts_with('{') {
        return false;
    }
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(trimmed)
        .is_ok_and(|object| object.contains_key("basics"))
}

/// A text or Markdown file: decoded, line endings made `\n`, ligatures and bullets cleaned.
pub(crate) fn read_text(bytes: &[u8]) -> Result<Document, DocumentError> {
    let text = decode(bytes)?;
    let text = normalize::clean(&text.replace("\r\n", "\n").replace('\r', "\n"));
    if text.is_empty() {
        return Err(DocumentError::Empty);
    }
    Ok(Document {
        kind: Kind::Text,
        text,
        pages: 1,
        warnings: Vec::new(),
    })
}

/// A JSON Resume file: decoded, otherwise unchanged.
pub(crate) fn read_json(bytes: &[u8]) -> Result<Document, DocumentError> {
    let text = decode(bytes)?;
    if !is_json_resume(&text) {
        return Err(DocumentError::Corrupt(
            "not a JSON object with a \"basics\" key".into(),
        ));
    }
    Ok(Document {
        kind: Kind::JsonResume,
        text,
        pages: 1,
        warnings: Vec::new(),
    })
}
