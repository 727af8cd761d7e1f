//! Kinds come from the bytes, never from a name.

use vaga_documents::{DocumentError, Kind, detect};

use crate::fixture;

#[test]
fn fixtures_are_detected_by_their_bytes() {
    for (name, kind) in [
        ("one_column.pdf", Kind::Pdf),
        ("encrypted.pdf", Kind::Pdf),
        ("resume.docx", Kind::Docx),
        ("utf16le.txt", Kind::Text),
        ("windows1252.txt", Kind::Text),
        ("resume.md", Kind::Text),
        ("resume.json", Kind::JsonResume),
    ] {
        assert_eq!(detect(&fixture(name)).unwrap(), kind, "{name}");
    }
}

#[test]
fn a_pdf_header_after_some_junk_is_still_a_pdf() {
    let mut bytes = b"garbage before the header\n".to_vec();
    bytes.extend(fixture("one_column.pdf"));
    assert_eq!(detect(&bytes).unwrap(), Kind::Pdf);
}

#[test]
fn other_formats_are_unsupported_with_a_hint() {
    let cases: [(&[u8], &str); 5] = [
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", ".doc"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "OCR"),
        (b"\xFF\xD8\xFF\xE0\0\x10JFIF", "OCR"),
        (
            b"PK\x03\x04 a zip with mimetype and content.xml",
            "OpenDocument",
        ),
    ];
    for (bytes, hint) in cases {
        match detect(bytes) {
            Err(DocumentError::Unsupported(message)) => {
                assert!(message.contains(hint), "{message}");
            }
            other => panic!("{hint}: {other:?}"),
        }
    }
}

#[test]
fn binary_junk_is_unsupported_and_whitespace_is_empty() {
    let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    assert!(matches!(detect(&junk), Err(DocumentError::Unsupported(_))));
    assert_eq!(detect(b""), Err(DocumentError::Empty));
    assert_eq!(detect(b" \n\t\r\n"), Err(DocumentError::Empty));
}

#[test]
fn a_password_protected_word_file_is_encrypted_not_unsupported() {
    // Office wraps an encrypted DOCX in an OLE compound file whose directory names the
    // `EncryptedPackage` stream; a legacy .doc has the same signature and no such stream.
    let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    bytes.resize(1024, 0);
    let mut legacy = bytes.clone();
    for unit in "EncryptedPackage".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes.resize(2048, 0);
    legacy.resize(2048, 0);
    assert_eq!(detect(&bytes), Err(DocumentError::Encrypted));
    assert!(matches!(detect(&legacy), Err(DocumentError::Unsupported(m)) if m.contains(".doc")));
}

#[test]
fn json_without_basics_is_text() {
    assert_eq!(detect(br#"{"name": "x"}"#).unwrap(), Kind::Text);
    assert_eq!(
        detect(br#"{"basics": {"name": "x"}}"#).unwrap(),
        Kind::JsonResume
    );
}

#[test]
fn every_error_displays_as_one_line() {
    use std::time::Duration;
    let errors = [
        DocumentError::TooLarge { size: 11, max: 10 },
        DocumentError::Unsupported("x".into()),
        DocumentError::Encrypted,
        DocumentError::Corrupt("x".into()),
        DocumentError::Empty,
        DocumentError::ImageOnly,
        DocumentError::TooManyPages { pages: 40, max: 30 },
        DocumentError::TimedOut {
            limit: Duration::from_secs(10),
        },
        DocumentError::OutOfMemory { limit: 1 << 30 },
        DocumentError::Crashed("x".into()),
        DocumentError::Io("x".into()),
    ];
    for e in errors {
        let line = e.to_string();
        assert!(!line.contains('\n') && !line.is_empty(), "{line}");
    }
    assert_eq!(
        DocumentError::ImageOnly.to_string(),
        "no text: the PDF seems to be scanned images, and OCR is not available"
    );
}
