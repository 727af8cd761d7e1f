//! The board adapters never panic, whatever the response.

use proptest::prelude::*;
use vaga_sources::{SourceConfig, build};

use crate::boards_support::parse_bytes;

const KINDS: &[&str] = &[
    "remoteok",
    "remotive",
    "arbeitnow",
    "weworkremotely",
    "gupy",
    "himalayas",
    "jobicy",
    "getonboard",
    "github_issues",
];

/// Arbitrary JSON values, nested a few levels.
fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)),
        "[ -~]{0,12}".prop_map(serde_json::Value::from),
        prop_oneof![
            Just("title"),
            Just("id"),
            Just("data"),
            Just("jobs"),
            Just("legal"),
            Just("2025-01-01"),
            Just("https://x.test/a"),
            Just("<html>"),
        ]
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        "[a-z_]{1,8}",
                        Just("id".to_string()),
                        Just("title".to_string()),
                        Just("position".to_string()),
                        Just("company".to_string()),
                        Just("jobs".to_string()),
                        Just("data".to_string()),
                        Just("links".to_string()),
                        Just("next".to_string()),
                        Just("meta".to_string()),
                        Just("attributes".to_string()),
                        Just("labels".to_string()),
                        Just("totalCount".to_string()),
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn adapters() -> Vec<Box<dyn vaga_sources::Adapter>> {
    KINDS
        .iter()
        .map(|k| build(&SourceConfig::of_kind(k)).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn boards_never_panic_on_bytes(body in prop::collection::vec(any::<u8>(), 0..512)) {
        for a in adapters() {
            let _ = parse_bytes(a.as_ref(), body.clone(), Some("application/json"), vec![]);
            let _ = parse_bytes(a.as_ref(), body.clone(), None, vec![("link".into(), String::from_utf8_lossy(&body).into_owned())]);
        }
    }

    #[test]
    fn boards_never_panic_on_json(v in arb_json()) {
        let text = v.to_string();
        for a in adapters() {
            let _ = parse_bytes(a.as_ref(), text.clone().into_bytes(), Some("application/json"), vec![]);
            let wrapped = serde_json::json!({"data": [v.clone()], "jobs": [v.clone()], "links": v.clone(), "meta": v.clone()}).to_string();
            let _ = parse_bytes(a.as_ref(), wrapped.into_bytes(), Some("application/json"), vec![]);
            let listed = serde_json::json!([v.clone(), {"attributes": v.clone()}]).to_string();
            let _ = parse_bytes(a.as_ref(), listed.into_bytes(), Some("application/json"), vec![]);
        }
    }
}

/// Feed-like text: RSS fragments in any order, with text, entities and CDATA between them.
fn arb_feedish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<?xml version=\"1.0\"?>".to_string()),
        Just("<rss version=\"2.0\">".to_string()),
        Just("</rss>".to_string()),
        Just("<channel>".to_string()),
        Just("</channel>".to_string()),
        Just("<item>".to_string()),
        Just("</item>".to_string()),
        Just("<title>".to_string()),
        Just("</title>".to_string()),
        Just("<link>".to_string()),
        Just("</link>".to_string()),
        Just("<region>".to_string()),
        Just("</region>".to_string()),
        Just("<description>".to_string()),
        Just("</description>".to_string()),
        Just("<![CDATA[<p>x</p>]]>".to_string()),
        Just("&amp;&lt;&#233;&#xZZ;&bogus;".to_string()),
        Just("<media:content url=\"x\"/>".to_string()),
        Just("https://weworkremotely.com/remote-jobs/a-b".to_string()),
        Just("Acme: Role".to_string()),
        "[ -~]{0,10}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn boards_never_panic_on_feeds(text in arb_feedish()) {
        for a in adapters() {
            let _ = parse_bytes(a.as_ref(), text.clone().into_bytes(), Some("application/rss+xml"), vec![]);
        }
    }
}
