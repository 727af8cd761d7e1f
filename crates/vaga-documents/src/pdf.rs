//! PDF files: `pdf_oxide`'s `extract_text`, page by page.
//!
//! `extract_text` (not `to_plain_text`, whose XY-cut merges a sidebar and the main column line by
//! line) kept the columns of every two-column resume measured apart. It is called with table
//! detection off (`extract_text_with_options`, `extract_tables: false`): on the eight LibreOffice dev
//! resumes, table detection moved a skills section to the top of the page and printed parts of it
//! twice in two of them, and helped one (dates kept on their degree's line); on the eight real
//! template PDFs the two modes gave the same text. Its known weak spots are handled here: a decompression bomb gives empty text rather than an error (so empty text is an error here),
//! one fuzzed file made it panic (the caller catches panics), and it does not undo ligatures or map
//! symbol-font bullets (`normalize` does).

use std::time::Instant;

use pdf_oxide::PdfDocument;
use pdf_oxide::converters::ConversionOptions;
use pdf_oxide::error::Error as PdfError;

use crate::{Document, DocumentError, Kind, Limits, error::one_line, normalize};

/// Reads a PDF into text, one block per page part as `pdf_oxide` lays it out, pages separated by a
/// blank line.
pub(crate) fn read(
    bytes: &[u8],
    limits: &Limits,
    started: Instant,
) -> Result<Document, DocumentError> {
    let doc = PdfDocument::from_bytes(bytes.to_vec()).map_err(from_pdf)?;
    if doc.is_encrypted() && !doc.authenticate(b"").unwrap_or(false) {
        return Err(DocumentError::Encrypted);
    }
    let pages = doc.page_count().map_err(from_pdf)?;
    if pages == 0 {
        return Err(DocumentError::Corrupt("the PDF has no pages".into()));
    }
    if pages > limits.max_pages {
        return Err(DocumentError::TooManyPages {
            pages,
            max: limits.max_pages,
        });
    }
    let options = ConversionOptions {
        extract_tables: false,
        ..ConversionOptions::default()
    };
    let mut warnings = Vec::new();
    let mut texts = Vec::with_capacity(pages);
    let mut first_error = None;
    for page in 0..pages {
        if started.elapsed() > limits.timeout {
            return Err(DocumentError::TimedOut {
                limit: limits.timeout,
            });
        }
        match doc.extract_text_with_options(page, &options) {
            Ok(text) => texts.push(layout(&text)),
            Err(PdfError::EncryptedPdf) => return Err(DocumentError::Encrypted),
            Err(e) => {
                let message = one_line(&e.to_string());
                warnings.push(format!("page {} could not be read: {message}", page + 1));
                first_error.get_or_insert(message);
            }
        }
    }
    if texts.is_empty() {
        return Err(DocumentError::Corrupt(first_error.unwrap_or_default()));
    }
    let text = normalize::clean(&texts.join("\n\n"));
    if !text.chars().any(char::is_alphanumeric) {
        let has_images =
            (0..pages).any(|page| doc.page_image_handles(page).is_ok_and(|h| !h.is_empty()));
        return Err(if has_images {
            DocumentError::ImageOnly
        } else {
            DocumentError::Empty
        });
    }
    Ok(Document {
        kind: Kind::Pdf,
        text,
        pages,
        warnings,
    })
}

/// The layout of one page's text (see `read`).
fn layout(text: &str) -> String {
    text.to_owned()
}

fn from_pdf(e: PdfError) -> DocumentError {
    match e {
        PdfError::EncryptedPdf => DocumentError::Encrypted,
        e => DocumentError::Corrupt(one_line(&e.to_string())),
    }
}
