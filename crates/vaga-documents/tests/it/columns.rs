//! Column reading order: a two-column page whose columns' lines sit at the same heights comes out one
//! column after the other, a one-column page is left to `extract_text`, and the layout code never
//! panics on any span geometry.

use proptest::prelude::*;
use vaga_documents::columns::{Span, reading_order};
use vaga_documents::{Limits, read_in_process};

use crate::{fixture, flat};

/// Whole sentences of `two_column_rows.pdf`, each over several lines of one column, with the other
/// column's lines at the same heights.
const SENTENCES: &[&str] = &[
    "Engenheira de dados com oito anos de experiência construindo pipelines de ingestão e armazéns analíticos para varejo e logística.",
    "Migrou quarenta jobs noturnos de cron para um orquestrador com reprocessamento automático e alertas por equipe.",
    "Reduziu o custo do armazém analítico em um terço com particionamento por data e compactação semanal.",
    "FORMAÇÃO Universidade Fictícia | 2016 Bacharelado em Estatística",
    "HABILIDADES Python SQL Airflow Spark dbt Kafka PostgreSQL Terraform",
];

#[test]
fn columns_at_the_same_heights_do_not_interleave() {
    let text = read_in_process(&fixture("two_column_rows.pdf"), &Limits::default())
        .unwrap()
        .text;
    let flat_text = flat(&text);
    for sentence in SENTENCES {
        assert!(flat_text.contains(sentence), "{sentence} not in {text}");
    }
    // The header stays first, on its own lines.
    assert!(text.starts_with("Joana Prates Vieira\n"), "{text}");
    assert!(
        text.contains("joana.vieira@example.com , +55 51 90000-0000 , Caxias do Sul, Brasil"),
        "{text}"
    );
    // The main column comes whole before the side column.
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} not in {text}"))
    };
    assert!(
        at("Criou o painel de entregas atrasadas") < at("FORMAÇÃO"),
        "{text}"
    );
}

/// A span of `text` at `(left, top)`, 10 points high, 5 points per character.
fn span(text: &str, left: f32, top: f32) -> Span {
    #[allow(clippy::cast_precision_loss)]
    let width = 5.0 * text.chars().count() as f32;
    Span {
        text: text.to_owned(),
        left,
        right: left + width,
        top,
        bottom: top + 10.0,
    }
}

#[test]
fn a_sidebar_comes_before_the_main_column_and_rows_split_bands() {
    let mut spans = vec![span(
        "Full Width Name Across The Whole Page Here Too",
        20.0,
        10.0,
    )];
    for row in 0..6 {
        #[allow(clippy::cast_precision_loss)]
        let top = 40.0 + 14.0 * row as f32;
        spans.push(span(&format!("sidebar entry {row}"), 20.0, top));
        spans.push(span(&format!("main column line number {row}"), 200.0, top));
    }
    spans.push(span(
        "A footer line that crosses the gutter and closes the band",
        20.0,
        200.0,
    ));
    let text = reading_order(&spans).unwrap();
    let expected = "Full Width Name Across The Whole Page Here Too\n\n\
        sidebar entry 0\nsidebar entry 1\nsidebar entry 2\nsidebar entry 3\nsidebar entry 4\nsidebar entry 5\n\n\
        main column line number 0\nmain column line number 1\nmain column line number 2\n\
        main column line number 3\nmain column line number 4\nmain column line number 5\n\n\
        A footer line that crosses the gutter and closes the band";
    assert_eq!(text, expected);
}

#[test]
fn one_column_with_right_aligned_dates_has_no_gutter() {
    let mut spans = Vec::new();
    for row in 0..8 {
        #[allow(clippy::cast_precision_loss)]
        let top = 40.0 + 14.0 * row as f32;
        spans.push(span(
            &format!("Job title number {row} at a company"),
            20.0,
            top,
        ));
        spans.push(span("2019 - 2021", 420.0, top));
    }
    assert_eq!(reading_order(&spans), None);
    // Nor does a page of plain lines.
    let lines: Vec<Span> = (0..30)
        .map(|row| {
            #[allow(clippy::cast_precision_loss)]
            let top = 14.0 * row as f32;
            span(
                "a line of prose that runs across the whole page width",
                20.0,
                top,
            )
        })
        .collect();
    assert_eq!(reading_order(&lines), None);
}

#[test]
fn the_committed_one_column_fixture_reads_as_before() {
    let text = read_in_process(&fixture("one_column.pdf"), &Limits::default())
        .unwrap()
        .text;
    assert!(
        text.contains("Engenheira de Software Sênior, Acme Logística, mar. 2020 - atual\n"),
        "{text}"
    );
}

fn coordinate() -> impl Strategy<Value = f32> {
    prop_oneof![
        -50.0f32..700.0,
        Just(f32::NAN),
        Just(f32::INFINITY),
        Just(f32::NEG_INFINITY),
        Just(f32::MAX),
        Just(f32::MIN),
        Just(-0.0f32),
        any::<f32>(),
    ]
}

fn arbitrary_span() -> impl Strategy<Value = Span> {
    (
        prop_oneof![Just(String::new()), Just(" ".to_owned()), "[a-zé ]{0,12}"],
        coordinate(),
        coordinate(),
        coordinate(),
        coordinate(),
    )
        .prop_map(|(text, left, right, top, bottom)| Span {
            text,
            left,
            right,
            top,
            bottom,
        })
}

/// A plausible two-column page with noise: most spans on a grid, some anywhere.
fn grid_span() -> impl Strategy<Value = Span> {
    (0usize..2, 0usize..40, "[a-z]{1,10}", -3.0f32..3.0).prop_map(|(column, row, text, jitter)| {
        #[allow(clippy::cast_precision_loss)]
        let top = 30.0 + 12.0 * row as f32 + jitter;
        let left = if column == 0 { 20.0 } else { 330.0 } + jitter;
        Span {
            right: left + 200.0,
            bottom: top + 10.0,
            text,
            left,
            top,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn reading_order_never_panics(spans in proptest::collection::vec(arbitrary_span(), 0..80)) {
        let _ = reading_order(&spans);
    }

    #[test]
    fn reading_order_keeps_every_word(
        grid in proptest::collection::vec(grid_span(), 0..120),
        noise in proptest::collection::vec(arbitrary_span(), 0..10),
    ) {
        let spans: Vec<Span> = grid.into_iter().chain(noise).collect();
        if let Some(text) = reading_order(&spans) {
            let mut got: Vec<&str> = text.split_whitespace().collect();
            let mut want: Vec<&str> = spans
                .iter()
                .filter(|s| [s.left, s.right, s.top, s.bottom].iter().all(|c| c.is_finite()))
                .flat_map(|s| s.text.split_whitespace())
                .collect();
            got.sort_unstable();
            want.sort_unstable();
            // Words may be glued to a neighbour when spans touch, so compare the letters.
            let letters = |words: &[&str]| {
                let mut all: Vec<char> = words.iter().flat_map(|w| w.chars()).collect();
                all.sort_unstable();
                all
            };
            prop_assert_eq!(letters(&got), letters(&want));
        }
    }
}
