//! Property tests: extraction never panics on any input and its spans are valid.

use proptest::prelude::*;

use super::builtin;

fn check_valid(text: &str) {
    let extraction = builtin().extract(text);
    for m in &extraction.mentions {
        assert!(
            m.start < m.end && m.end <= text.len(),
            "{m:?} in {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(m.start) && text.is_char_boundary(m.end),
            "{m:?}"
        );
    }
    for hit in extraction.skills() {
        assert!(hit.count >= 1);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string_extracts_without_panicking(text in any::<String>()) {
        check_valid(&text);
    }

    #[test]
    fn skill_like_text_with_noise_keeps_spans_on_char_boundaries(
        parts in proptest::collection::vec(prop_oneof![
            Just("Python".to_string()), Just("C++".to_string()), Just("R$".to_string()),
            Just(" ".to_string()), Just(", ".to_string()), Just("\n".to_string()),
            Just("ção".to_string()), Just("&amp;".to_string()), Just("<p>".to_string()),
            Just("&lt;".to_string()), Just("ﬁ".to_string()), Just("\u{301}".to_string()),
            Just("É".to_string()), Just("İ".to_string()), Just("No ".to_string()),
            Just("needed".to_string()), Just("Go".to_string()), Just(".NET".to_string()),
            "[a-zA-Z0-9 .,;:+#&<>/-]{0,8}",
            any::<char>().prop_map(String::from),
        ], 0..40)
    ) {
        check_valid(&parts.concat());
    }
}

#[test]
fn binary_noise_and_huge_inputs_do_not_panic() {
    let noise: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    check_valid(&String::from_utf8_lossy(&noise));
    let big = "Python, SQL and Kubernetes. ".repeat(400_000);
    let extraction = builtin().extract(&big);
    assert_eq!(extraction.len(), 3);
    check_valid("");
    check_valid("<");
    check_valid("&");
    check_valid("&#;&#x;&lt;p");
}
