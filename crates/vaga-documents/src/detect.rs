//! The kind of a file from its bytes (magic numbers), never from its name.

use memchr::memmem;

use crate::{DocumentError, Kind, text};

/// How far into the file a `%PDF-` header may start: readers accept some junk before it (PDF 1.7,
/// implementation note 13 allows 1024 bytes).
const PDF_HEADER_WINDOW: usize = 1024;

/// The kind of `bytes`.
///
/// `%PDF-` in the first KiB is a PDF; a zip with a `word/document.xml` entry is a DOCX; a JSON object
/// with a `basics` key is a JSON Resume; text that decodes (UTF-8, UTF-16 with a byte-order mark, or
/// Windows-1252) without binary control bytes is text. Everything else is
/// [`DocumentError::Unsupported`] with a hint of what it seems to be, and a file with nothing but
/// whitespace is [`DocumentError::Empty`].
pub fn detect(bytes: &[u8]) -> Result<Kind, DocumentError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DocumentError::Empty);
    }
    let head = &bytes[..bytes.len().min(PDF_HEADER_WINDOW)];
    if memmem::find(head, b"%PDF-").is_some() {
        return Ok(Kind::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        // Entry names are stored uncompressed in the local headers and the central directory.
        return if memmem::find(bytes, b"word/document.xml").is_some() {
            Ok(Kind::Docx)
        } else if memmem::find(bytes, b"content.xml").is_some() {
            Err(DocumentError::Unsupported(
                "an OpenDocument file (.odt); save it as DOCX or PDF".into(),
            ))
        } else {
            Err(DocumentError::Unsupported(
                "a zip archive that is not a Word document".into(),
            ))
        };
    }
    if bytes.starts_with(CFB_SIGNATURE) && is_encrypted_office(bytes) {
        return Err(DocumentError::Encrypted);
    }
    if let Some(what) = known_binary(bytes) {
        return Err(DocumentError::Unsupported(what.into()));
    }
    let decoded = text::decode(bytes)?;
    if decoded.trim().is_empty() {
        return Err(DocumentError::Empty);
    }
    if text::is_json_resume(&decoded) {
        Ok(Kind::JsonResume)
    } else {
        Ok(Kind::Text)
    }
}

/// The signature of OLE compound files: legacy `.doc`, and password-protected DOCX files (Office
/// wraps an encrypted package in one).
const CFB_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Whether a compound file holds an encrypted Office package: its directory names the
/// `EncryptedPackage` stream (UTF-16LE).
fn is_encrypted_office(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    memmem::find(bytes, &name).is_some()
}

/// A description of the well-known binary formats people upload instead of a resume.
fn known_binary(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (
            CFB_SIGNATURE,
            "a legacy Word .doc (or other OLE) file; save it as DOCX or PDF",
        ),
        (b"{\\rtf", "an RTF file; save it as DOCX or PDF"),
        (
            b"\x89PNG\r\n\x1a\n",
            "a PNG image; OCR is not available, upload a PDF with text",
        ),
        (
            b"\xFF\xD8\xFF",
            "a JPEG image; OCR is not available, upload a PDF with text",
        ),
        (
            b"GIF8",
            "a GIF image; OCR is not available, upload a PDF with text",
        ),
        (
            b"II*\x00",
            "a TIFF image; OCR is not available, upload a PDF with text",
        ),
        (
            b"MM\x00*",
            "a TIFF image; OCR is not available, upload a PDF with text",
        ),
        (b"\x1F\x8B", "a gzip archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"Rar!", "a RAR archive"),
        (b"\x7FELF", "an executable"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}
