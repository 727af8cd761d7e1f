//! PDF: reading order, ligatures, and the files that have no text to give.

use vaga_documents::{DocumentError, Kind, Limits, read_in_process};

use crate::{fixture, flat};

fn read(name: &str) -> Result<vaga_documents::Document, DocumentError> {
    read_in_process(&fixture(name), &Limits::default())
}

#[test]
fn a_one_column_pdf_keeps_accents_and_pages() {
    let doc = read("one_column.pdf").unwrap();
    assert_eq!(doc.kind, Kind::Pdf);
    assert_eq!(doc.pages, 2);
    let text = &doc.text;
    assert!(text.starts_with("Helena Quintal Barros\n"), "{text}");
    for needle in [
        "helena.barros@example.com | São Paulo, Brasil",
        "Experiência",
        "Engenheira de Software Sênior, Acme Logística, mar. 2020 - atual",
        "Formação Acadêmica",
        "Português (nativo), Inglês (fluente)",
    ] {
        assert!(text.contains(needle), "{needle} not in {text}");
    }
}

/// Lines of the sidebar and of the main column of `two_column.pdf`, which the content stream
/// alternates between.
const SIDEBAR: &[&str] = &[
    "Contato",
    "rafael.lemos@example.com",
    "Porto Alegre, Brasil",
    "Resumo",
    "Habilidades",
];
const MAIN: &[&str] = &[
    "Experiência Profissional",
    "Desenvolvedor Backend, Pampa Pagamentos, 2021 - atual",
    "Formação",
    "Monitor de algoritmos por dois semestres.",
];

#[test]
fn two_columns_do_not_interleave() {
    let text = read("two_column.pdf").unwrap().text;
    let flat_text = flat(&text);
    // A sentence of each column comes out whole, across its line break.
    assert!(
        flat_text.contains("Gosto de transformar processos manuais em ferramentas simples."),
        "{text}"
    );
    assert!(
        flat_text.contains(
            "Reescrevi o serviço de conciliação bancária e eliminei as falhas noturnas que exigiam intervenção manual."
        ),
        "{text}"
    );
    // Each column is one block: every sidebar line before every main line, or the other way round.
    let position = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} not in {text}"))
    };
    let sidebar: Vec<usize> = SIDEBAR.iter().map(|s| position(s)).collect();
    let main: Vec<usize> = MAIN.iter().map(|s| position(s)).collect();
    let sidebar_first = sidebar.iter().max() < main.iter().min();
    let main_first = main.iter().max() < sidebar.iter().min();
    assert!(
        sidebar_first || main_first,
        "the columns interleave:\n{text}"
    );
}

#[test]
fn ligatures_are_undone_and_bullets_survive() {
    let text = read("ligatures.pdf").unwrap().text;
    assert!(
        !text.contains(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)),
        "{text}"
    );
    for needle in [
        "Efficient office workflows for financial teams.",
        "fluent in Portuguese, Spanish and English; certified accountant.",
        "• Reconciled 1.200 accounts a month with zero backlog.",
    ] {
        assert!(text.contains(needle), "{needle} not in {text}");
    }
}

#[test]
fn a_password_protected_pdf_is_encrypted() {
    assert_eq!(read("encrypted.pdf"), Err(DocumentError::Encrypted));
}

#[test]
fn an_owner_password_alone_does_not_stop_reading() {
    let doc = read("owner_password_only.pdf").unwrap();
    assert!(doc.text.contains("Helena Quintal Barros"), "{}", doc.text);
}

#[test]
fn an_image_only_pdf_says_ocr_is_not_available() {
    let result = read("image_only.pdf");
    assert_eq!(result, Err(DocumentError::ImageOnly));
    assert!(
        DocumentError::ImageOnly
            .to_string()
            .contains("OCR is not available")
    );
}

#[test]
fn a_blank_pdf_is_empty() {
    assert_eq!(read("blank.pdf"), Err(DocumentError::Empty));
}

#[test]
fn truncated_and_headless_pdfs_give_clean_errors() {
    let good = fixture("one_column.pdf");
    for cut in [good.len() / 2, good.len() / 4, 40] {
        let result = read_in_process(&good[..cut], &Limits::default());
        // Recovering the text of a cut file is fine; crashing is not.
        assert!(
            !matches!(result, Err(DocumentError::Crashed(_))),
            "cut at {cut}: {result:?}"
        );
    }
    let result = read_in_process(b"%PDF-1.7\nnothing else", &Limits::default());
    assert!(
        matches!(
            result,
            Err(DocumentError::Corrupt(_) | DocumentError::Empty)
        ),
        "{result:?}"
    );
}

#[test]
fn limits_on_size_and_pages() {
    let bytes = fixture("one_column.pdf");
    let small = Limits {
        max_bytes: 100,
        ..Limits::default()
    };
    assert_eq!(
        read_in_process(&bytes, &small),
        Err(DocumentError::TooLarge {
            size: bytes.len(),
            max: 100
        })
    );
    let one_page = Limits {
        max_pages: 1,
        ..Limits::default()
    };
    assert_eq!(
        read_in_process(&bytes, &one_page),
        Err(DocumentError::TooManyPages { pages: 2, max: 1 })
    );
}
