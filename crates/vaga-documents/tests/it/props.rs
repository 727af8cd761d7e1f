//! Property tests: detection and the in-process DOCX and text readers never panic on mutated input.

use std::io::{Cursor, Read, Write};

use proptest::prelude::*;
use vaga_documents::{Kind, Limits, detect, read_in_process};

use crate::fixture;

/// The parts of the DOCX fixture, as (name, bytes).
fn docx_parts() -> Vec<(String, Vec<u8>)> {
    let bytes = fixture("resume.docx");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().to_owned(), data)
        })
        .collect()
}

fn mutate(
    bytes: &mut Vec<u8>,
    flips: &[(prop::sample::Index, u8)],
    cut: Option<prop::sample::Index>,
) {
    if bytes.is_empty() {
        return;
    }
    for (at, byte) in flips {
        let i = at.index(bytes.len());
        bytes[i] = *byte;
    }
    if let Some(cut) = cut {
        let at = cut.index(bytes.len());
        bytes.truncate(at);
    }
}

/// Reads in process unless the mutation made a PDF (the PDF library is only trusted in the child).
fn read_unless_pdf(bytes: &[u8]) {
    if detect(bytes) != Ok(Kind::Pdf) {
        let _ = read_in_process(bytes, &Limits::default());
    }
}

fn flips() -> impl Strategy<Value = Vec<(prop::sample::Index, u8)>> {
    proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..24)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_docx_files_never_panic(flips in flips(), cut in proptest::option::of(any::<prop::sample::Index>())) {
        let mut bytes = fixture("resume.docx");
        mutate(&mut bytes, &flips, cut);
        read_unless_pdf(&bytes);
    }

    #[test]
    fn docx_files_with_mutated_xml_never_panic(
        part in 0usize..3,
        flips in flips(),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let target = ["word/document.xml", "word/header1.xml", "word/styles.xml"][part];
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, mut data) in docx_parts() {
            if name == target {
                mutate(&mut data, &flips, cut);
            }
            writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            writer.write_all(&data).unwrap();
        }
        let bytes = writer.finish().unwrap().into_inner();
        read_unless_pdf(&bytes);
    }

    #[test]
    fn mutated_text_files_never_panic(
        which in 0usize..4,
        flips in flips(),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let name = ["utf16le.txt", "windows1252.txt", "resume.md", "resume.json"][which];
        let mut bytes = fixture(name);
        mutate(&mut bytes, &flips, cut);
        read_unless_pdf(&bytes);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        read_unless_pdf(&bytes);
    }
}
