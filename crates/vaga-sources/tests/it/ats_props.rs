//! Property tests: every ATS adapter's `parse` (and SmartRecruiters' `apply_detail`) never
//! panics, whatever the response: arbitrary bytes, arbitrary JSON built from the fields the
//! adapters read, and fixtures cut or corrupted at any point.

use proptest::prelude::*;
use serde_json::{Map, Value};
use vaga_sources::{Adapter, PageResponse, SourceConfig, SourcePosting};

use crate::ats_support::fixture;

/// One adapter of every ATS kind, each with a `base_url`, and a fixture of its real shape.
fn adapters() -> Vec<(Box<dyn Adapter>, Vec<u8>)> {
    [
        ("greenhouse", "board", "greenhouse", "datadog.json"),
        ("lever", "company", "lever", "postings.json"),
        ("ashby", "company", "ashby", "board.json"),
        (
            "smartrecruiters",
            "company",
            "smartrecruiters",
            "postings.json",
        ),
        ("workable", "company", "workable", "account.json"),
        ("recruitee", "company", "recruitee", "offers.json"),
        ("gupy_board", "company", "gupy_board", "exemplo.html"),
        ("linkedin", "query", "linkedin", "search-0.html"),
    ]
    .into_iter()
    .map(|(kind, key, dir, file)| {
        let mut cfg = SourceConfig::of_kind(kind);
        cfg.options.insert(key.into(), "exemplo".into());
        cfg.base_url = Some("http://127.0.0.1:9".parse().unwrap());
        (vaga_sources::build(&cfg).unwrap(), fixture(dir, file))
    })
    .collect()
}

fn response(adapter: &dyn Adapter, body: Vec<u8>, content_type: Option<&str>) -> PageResponse {
    PageResponse {
        url: adapter.first().unwrap().url,
        status: 200,
        content_type: content_type.map(str::to_string),
        headers: Vec::new(),
        body,
    }
}

/// Feeds `body` to every adapter's `parse` and to SmartRecruiters' `apply_detail`.
fn parse_everywhere(
    adapters: &[(Box<dyn Adapter>, Vec<u8>)],
    body: &[u8],
    content_type: Option<&str>,
) {
    for (adapter, _) in adapters {
        let request = adapter.first().unwrap();
        let resp = response(adapter.as_ref(), body.to_vec(), content_type);
        for page in [0, 7] {
            if let Ok(page) = adapter.parse(&request, &resp, page) {
                for posting in page.postings.into_iter().flatten() {
                    assert!(!posting.title.trim().is_empty());
                    let _ = adapter.detail(&posting);
                }
            }
        }
        let mut posting = SourcePosting::new("x", "1", "t");
        let _ = adapter.apply_detail(&mut posting, &resp);
    }
}

/// JSON values built from the keys the adapters read, nested a few levels.
fn json_value() -> impl Strategy<Value = Value> {
    const KEYS: &[&str] = &[
        "jobs",
        "offers",
        "content",
        "meta",
        "total",
        "totalFound",
        "offset",
        "id",
        "title",
        "text",
        "name",
        "location",
        "categories",
        "metadata",
        "value",
        "value_type",
        "unit",
        "min_value",
        "max_value",
        "salaryRange",
        "compensation",
        "summaryComponents",
        "compensationType",
        "interval",
        "minValue",
        "maxValue",
        "isListed",
        "salary",
        "min",
        "max",
        "currency",
        "period",
        "lists",
        "description",
        "jobAd",
        "sections",
        "ok",
        "error",
        "errors",
        "message",
        "createdAt",
        "publishedAt",
        "first_published",
        "workplace",
        "address",
        "secondaryLocations",
        "locations",
        "telecommuting",
        "shortcode",
        "remote",
        "props",
        "pageProps",
        "careerPage",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[ -~àçãé€]{0,12}".prop_map(Value::String),
        Just(Value::String("currency_range".into())),
        Just(Value::String("1 YEAR".into())),
        Just(Value::String("2025-10-01T12:00:00Z".into())),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((proptest::sample::select(KEYS), inner), 0..8).prop_map(
                |pairs| {
                    let mut m = Map::new();
                    for (k, v) in pairs {
                        m.insert(k.to_string(), v);
                    }
                    Value::Object(m)
                }
            ),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..2048), html in any::<bool>()) {
        let adapters = adapters();
        parse_everywhere(&adapters, &body, Some(if html { "text/html" } else { "application/json" }));
    }

    #[test]
    fn arbitrary_json_never_panics(v in json_value()) {
        let adapters = adapters();
        let body = serde_json::to_vec(&v).unwrap();
        parse_everywhere(&adapters, &body, Some("application/json"));
        // The same JSON as a Gupy data island.
        let page = format!(
            "<html><script id=\"__NEXT_DATA__\" type=\"application/json\">{}</script></html>",
            serde_json::json!({"props": {"pageProps": {"jobs": [v.clone()], "careerPage": v}}})
        );
        parse_everywhere(&adapters, page.as_bytes(), Some("text/html"));
    }

    #[test]
    fn cut_or_corrupted_fixtures_never_panic(cut in 0.0f64..1.0, at in 0.0f64..1.0, byte in any::<u8>()) {
        // Each adapter gets its own fixture, cut short and with one byte changed.
        let adapters = adapters();
        for (i, (_, fixture)) in adapters.iter().enumerate() {
            let own = std::slice::from_ref(&adapters[i]);
            let n = (fixture.len() as f64 * cut) as usize;
            parse_everywhere(own, &fixture[..n], None);
            let mut corrupted = fixture.clone();
            let at = ((fixture.len() as f64 * at) as usize).min(fixture.len().saturating_sub(1));
            if let Some(b) = corrupted.get_mut(at) {
                *b = byte;
            }
            parse_everywhere(own, &corrupted, None);
        }
    }
}

#[test]
fn huge_pages_are_refused_or_capped_without_panic() {
    let adapters = adapters();
    // 9 MiB of cards-looking HTML and a JSON list of 20,000 records.
    let big_html = "<div class=\"base-search-card\"><h3>x</h3></div>".repeat(9 * 1024 * 1024 / 45);
    parse_everywhere(&adapters, big_html.as_bytes(), Some("text/html"));
    let many: Vec<Value> = (0..20_000)
        .map(|i| serde_json::json!({"id": i, "title": "t"}))
        .collect();
    for key in ["jobs", "offers", "content"] {
        let body = serde_json::to_vec(&serde_json::json!({key: many})).unwrap();
        for (adapter, _) in &adapters {
            let request = adapter.first().unwrap();
            if let Ok(page) =
                adapter.parse(&request, &response(adapter.as_ref(), body.clone(), None), 0)
            {
                assert!(page.postings.len() <= 10_000, "{}", adapter.kind());
            }
        }
    }
}
