//! Posting text cleaning, language and contract detection: properties over arbitrary input.

use proptest::prelude::*;
use vaga_domain::posting::contract::ContractDetector;
use vaga_domain::posting::language::detect_language;
use vaga_domain::posting::text::{clean_text, sanitize_html};

fn pieces() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just(" ".to_string()),
            Just("  ".to_string()),
            Just("\n".to_string()),
            Just("\n\n\n".to_string()),
            Just("\t".to_string()),
            Just("\r\n".to_string()),
            Just("\u{a0}".to_string()),
            Just("\u{200b}".to_string()),
            Just("\u{feff}".to_string()),
            Just("’".to_string()),
            Just("•".to_string()),
            Just("ção".to_string()),
            Just("Python".to_string()),
            Just("x".to_string()),
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn cleaning_never_panics_and_leaves_no_ragged_whitespace(text in any::<String>()) {
        let clean = clean_text(&text).text;
        prop_assert!(!clean.contains("\n\n\n"));
        prop_assert!(!clean.starts_with(char::is_whitespace));
        prop_assert!(!clean.ends_with(char::is_whitespace));
        let _ = sanitize_html(&text);
        let _ = detect_language(&text);
        let _ = ContractDetector::new().detect(&text, &text, &[&text]);
    }

    #[test]
    fn cleaning_plain_text_twice_changes_nothing(text in pieces()) {
        let once = clean_text(&text).text;
        prop_assert_eq!(clean_text(&once).text, once.clone());
        let ragged = once.contains("  ") || once.contains('\t') || once.contains('\u{200b}');
        prop_assert!(!ragged, "{:?}", once);
    }
}
