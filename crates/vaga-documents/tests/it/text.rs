//! Text, Markdown and JSON Resume files.

use vaga_documents::{Kind, Limits, read_in_process};

use crate::fixture;

#[test]
fn utf16_with_bom_and_windows_1252_decode_to_the_same_text() {
    let limits = Limits::default();
    let utf16 = read_in_process(&fixture("utf16le.txt"), &limits).unwrap();
    let cp1252 = read_in_process(&fixture("windows1252.txt"), &limits).unwrap();
    assert_eq!(utf16.kind, Kind::Text);
    assert_eq!(utf16.text, cp1252.text);
    assert!(
        utf16
            .text
            .starts_with("Otávio Guimarães Pires\notavio.pires@example.com\n\nExperiência")
    );
    assert!(utf16.text.contains("Usina Solar Ipê, 2018 – 2024"));
    assert!(!utf16.text.contains('\r'));
}

#[test]
fn utf8_bom_is_stripped_and_markdown_is_text() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(fixture("resume.md"));
    let doc = read_in_process(&bytes, &Limits::default()).unwrap();
    assert_eq!(doc.kind, Kind::Text);
    assert!(doc.text.starts_with("# Lívia Antunes"));
}

#[test]
fn json_resume_is_returned_unchanged() {
    let bytes = fixture("resume.json");
    let doc = read_in_process(&bytes, &Limits::default()).unwrap();
    assert_eq!(doc.kind, Kind::JsonResume);
    assert_eq!(doc.text.as_bytes(), bytes.as_slice());
}

#[test]
fn ligatures_and_private_use_bullets_are_cleaned_in_text_files() {
    let doc = read_in_process(
        "\u{F0B7} e\u{FB03}cient of\u{FB01}ce\n".as_bytes(),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(doc.text, "• efficient office");
}
