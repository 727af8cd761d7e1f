//! DOCX: headers first, paragraphs, tables, text boxes once, bullets; broken and hostile files.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use vaga_documents::{DocumentError, Kind, Limits, read_in_process};
use zip::write::SimpleFileOptions;

use crate::fixture;

fn resume() -> String {
    let doc = read_in_process(&fixture("resume.docx"), &Limits::default()).unwrap();
    assert_eq!(doc.kind, Kind::Docx);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    doc.text
}

#[test]
fn the_header_comes_first() {
    let text = resume();
    assert!(
        text.starts_with(
            "marina.toledo@example.com | +55 11 90000-0000 | Campinas\n\nMarina Toledo Arantes"
        ),
        "{text}"
    );
}

#[test]
fn a_text_box_comes_out_once_as_its_own_block() {
    let text = resume();
    assert_eq!(
        text.matches("AWS Solutions Architect, 2023").count(),
        1,
        "{text}"
    );
    assert!(text.contains("\n\nCertificações\n"), "{text}");
}

#[test]
fn tabs_breaks_and_style_based_bullets_are_kept() {
    let text = resume();
    assert!(
        text.contains("Analista de Dados\tjan. 2019 - atual\nCooperativa Horizonte, Campinas"),
        "{text}"
    );
    assert!(
        text.contains(
            "• Automatizou relatórios financeiros em Python e SQL.\n• Treinou 12 colegas em visualização de dados."
        ),
        "{text}"
    );
    assert!(text.contains("• Inglês fluente"), "{text}");
}

#[test]
fn tables_come_out_row_by_row() {
    let text = resume();
    assert!(
        text.contains("Python\tAvançado\n\nPower BI\tIntermediário"),
        "{text}"
    );
}

#[test]
fn deletions_and_field_codes_are_skipped() {
    let text = resume();
    assert!(text.contains("Disponível para trabalho remoto"), "{text}");
    assert!(
        !text.contains("DELETED") && !text.contains("FIELD-CODE"),
        "{text}"
    );
}

/// A DOCX made of the given parts.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        writer
            .start_file(*name, SimpleFileOptions::default())
            .unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn a_zip_bomb_is_rejected_quickly() {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    writer
        .start_file("word/document.xml", SimpleFileOptions::default())
        .unwrap();
    writer
        .write_all(b"<w:document><w:body><w:p><w:r><w:t>")
        .unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..200 {
        writer.write_all(&chunk).unwrap();
    }
    writer
        .write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .unwrap();
    let bomb = writer.finish().unwrap().into_inner();
    assert!(bomb.len() < 1 << 20, "the bomb is {} bytes", bomb.len());

    let started = Instant::now();
    let result = read_in_process(&bomb, &Limits::default());
    assert!(
        matches!(&result, Err(DocumentError::Corrupt(m)) if m.contains("zip bomb")),
        "{result:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn broken_documents_give_clean_errors() {
    let good = fixture("resume.docx");
    let truncated = &good[..good.len() / 2];
    assert!(matches!(
        read_in_process(truncated, &Limits::default()),
        Err(DocumentError::Corrupt(_))
    ));
    let no_body = zip_of(&[("word/styles.xml", b"<w:styles/>"), ("word/documentx", b"")]);
    // `word/document.xml` is not among the names, so this is not even a DOCX.
    assert!(read_in_process(&no_body, &Limits::default()).is_err());
    let cut_xml = zip_of(&[(
        "word/document.xml",
        b"<w:document><w:body><w:p><w:r><w:t>Half a sen".as_slice(),
    )]);
    let result = read_in_process(&cut_xml, &Limits::default());
    assert!(
        result.is_ok() || matches!(result, Err(DocumentError::Corrupt(_))),
        "{result:?}"
    );
    let bad_xml = zip_of(&[("word/document.xml", b"<w:document><w:p a=\"x></w:document>")]);
    assert!(matches!(
        read_in_process(&bad_xml, &Limits::default()),
        Err(DocumentError::Corrupt(_))
    ));
    let empty = zip_of(&[("word/document.xml", b"<w:document><w:body/></w:document>")]);
    assert_eq!(
        read_in_process(&empty, &Limits::default()),
        Err(DocumentError::Empty)
    );
}
