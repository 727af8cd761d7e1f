//! PDF files: `pdf_oxide`'s `extract_text` page by page, and a column pass where a page has a gutter.
//!
//! `extract_text` (not `to_plain_text`, whose XY-cut merges a sidebar and the main column line by
//! line) kept the columns of most two-column resumes apart. It is called with table detection off
//! (`extract_text_with_options`, `extract_tables: false`): on the eight LibreOffice dev resumes,
//! table detection moved a skills section to the top of the page and printed parts of it twice in
//! two of them, and helped one (dates kept on their degree's line); on the eight real template PDFs
//! the two modes gave the same text.
//!
//! It still merges two columns row by row when their lines sit at the same heights (the
//! Resume-Matcher two-column templates: "…designing and UC Berkeley | 2019"). So each page's
//! positioned spans (`extract_spans`, which `extract_text` computes anyway and `pdf_oxide` caches)
//! go first through [`crate::columns::reading_order`]: when the geometry shows a gutter with
//! several rows of text on both sides, the page is read column by column from the spans; otherwise
//! (every one-column page) `extract_text` reads it as before.
//!
//! Known weak spots of `pdf_oxide` handled here: a decompression bomb gives empty text rather than
//! an error (so empty text is an error here), one fuzzed file made it panic (the caller catches
//! panics), and it does not undo ligatures or map symbol-font bullets (`normalize` does).

use std::time::Instant;

use pdf_oxide::PdfDocument;
use pdf_oxide::converters::ConversionOptions;
use pdf_oxide::error::Error as PdfError;
use pdf_oxide::layout::TextSpan;

use crate::{Document, DocumentError, Kind, Limits, columns, error::one_line, normalize};

/// Reads a PDF into text, one block per page part (per column on a page with columns), pages
/// separated by a blank line.
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
        // The spans are cached by pdf_oxide, so `extract_text` below reuses them.
        if let Some(text) = doc.extract_spans(page).ok().and_then(|s| in_columns(&s)) {
            texts.push(text);
            continue;
        }
        match doc.extract_text_with_options(page, &options) {
            Ok(text) => texts.push(text),
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

/// The page's text in column order when its spans have a gutter (see [`crate::columns`]).
fn in_columns(spans: &[TextSpan]) -> Option<String> {
    if spans.len() > columns::MAX_SPANS {
        return None;
    }
    let spans: Vec<columns::Span> = spans
        .iter()
        .map(|s| columns::Span {
            text: s.text.clone(),
            left: s.bbox.x,
            right: s.bbox.x + s.bbox.width,
            // PDF space: y grows upward, and `bbox.y` is the bottom edge.
            top: -(s.bbox.y + s.bbox.height),
            bottom: -s.bbox.y,
        })
        .collect();
    columns::reading_order(&spans)
}

fn from_pdf(e: PdfError) -> DocumentError {
    match e {
        PdfError::EncryptedPdf => DocumentError::Encrypted,
        e => DocumentError::Corrupt(one_line(&e.to_string())),
    }
}
