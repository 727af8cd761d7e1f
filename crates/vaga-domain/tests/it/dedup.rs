//! Duplicate postings: canonical URLs and company names, the committed fixture (one posting on
//! several sources next to its hard look-alikes), the incremental index, chaining, stored
//! fingerprints, and the property that no input panics and every group points at its first
//! posting.

use proptest::prelude::*;
use serde_json::Value;
use vaga_domain::posting::dedup::{
    DedupIndex, DedupOptions, DedupRecord, Fingerprint, Reason, canonical_url, compare,
    find_duplicates, normalize_company,
};

/// Ten postings written for these tests (invented companies), in six groups; see the fixtures
/// README.
const FIXTURE: &str = include_str!("../fixtures/dedup.jsonl");

fn fixture() -> Vec<Value> {
    FIXTURE
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn record(value: &Value) -> DedupRecord<'_> {
    let field = |name: &str| value.get(name).and_then(Value::as_str);
    DedupRecord {
        title: field("title").unwrap_or_default(),
        company: field("company"),
        location: field("location"),
        description: field("description"),
        url: field("url"),
        source: field("source"),
        external_id: field("external_id"),
        posted_at: field("posted_at"),
    }
}

fn posting<'a>(title: &'a str, company: &'a str, description: &'a str) -> DedupRecord<'a> {
    DedupRecord {
        title,
        company: Some(company),
        description: Some(description),
        ..DedupRecord::default()
    }
}

const TEXT: &str = "Harbor Lane runs the ferry timetable app for the northern islands. \
    You will keep the departure feed correct when the weather changes plans, rebuild the seat \
    reservation service, and pair with the operations desk on incident reviews. We work in \
    Kotlin and PostgreSQL, deploy twice a day, and write everything down.";

#[test]
fn canonical_urls_drop_tracking_and_noise() {
    let cases = [
        (
            "HTTPS://WWW.Example.com/jobs/42/?utm_source=x&b=2&a=1#apply",
            "https://example.com/jobs/42?a=1&b=2",
        ),
        (
            "http://example.com/jobs/42?gclid=abc&fbclid=def&ref=home",
            "https://example.com/jobs/42",
        ),
        (
            "https://boards.example.com/acme/jobs/7?gh_jid=7&gh_src=linkedin",
            "https://boards.example.com/acme/jobs/7?gh_jid=7",
        ),
        ("https://example.com:443/", "https://example.com"),
        (
            "https://example.com/Path/Keeps/Case?source=feed&trk=abc",
            "https://example.com/Path/Keeps/Case",
        ),
        ("  not a url ", "not a url"),
        ("", ""),
    ];
    for (url, expected) in cases {
        assert_eq!(canonical_url(url), expected, "{url}");
    }
}

#[test]
fn company_names_lose_legal_forms_case_and_accents() {
    let cases = [
        ("Parcel & Pine Co.", "parcel pine"),
        ("Lagoa Azul Sistemas LTDA.", "lagoa azul sistemas"),
        ("Farol Pagamentos S/A", "farol pagamentos"),
        ("Cerro Tinto Logística S.A.", "cerro tinto logistica"),
        ("Tortilla Labs S.A. de C.V.", "tortilla labs"),
        ("Nordlicht Software GmbH", "nordlicht software"),
        ("Vento Sistemas ME", "vento sistemas"),
        ("Acme Ventures, Inc.", "acme ventures"),
        ("Brisa S.R.L.", "brisa"),
        ("The Quiet Company", "quiet"),
        ("Ltda", "ltda"),
    ];
    for (name, expected) in cases {
        assert_eq!(normalize_company(name), expected, "{name}");
    }
}

#[test]
fn the_fixture_groups_come_out_as_labelled() {
    let values = fixture();
    let records: Vec<DedupRecord<'_>> = values.iter().map(record).collect();
    let found = find_duplicates(&records, &DedupOptions::default());
    let ids: Vec<&str> = values.iter().map(|v| v["id"].as_str().unwrap()).collect();
    let got: Vec<(&str, Option<&str>)> = ids
        .iter()
        .zip(&found)
        .map(|(id, of)| (*id, of.map(|i| ids[i])))
        .collect();
    assert_eq!(
        got,
        [
            ("a1", None),
            ("a2", Some("a1")), // another source: casing, legal name, HTML, tracking URL
            ("b1", None),       // the senior opening at the same company, same text
            ("a3", Some("a1")), // a repost, truncated
            ("c1", None),
            ("d1", None), // the sênior opening, text differs only in level and years
            ("c2", Some("c1")), // the title translated, boilerplate added
            ("e1", None),
            ("f1", None),       // the same title and text at another company
            ("e2", Some("e1")), // the same URL under tracking parameters
        ]
    );
}

#[test]
fn the_index_answers_incrementally_and_says_why() {
    let values = fixture();
    let mut index = DedupIndex::new(DedupOptions::default());
    let mut reasons = Vec::new();
    for value in &values {
        let found = index.insert(Fingerprint::new(&record(value)));
        reasons.push(found.map(|d| (d.of, d.reason)));
    }
    assert_eq!(index.len(), values.len());
    assert_eq!(reasons[1], Some((0, Reason::SimilarText)));
    assert_eq!(reasons[9], Some((7, Reason::SameUrl)));
    assert_eq!(index.group_of(3), Some(0));
    // A query does not insert.
    let again = index.find(&Fingerprint::new(&record(&values[0]))).unwrap();
    assert_eq!((again.of, again.matched), (0, 0));
    assert_eq!(index.len(), values.len());
}

#[test]
fn the_same_source_and_id_is_the_same_posting() {
    let a = DedupRecord {
        title: "Data Engineer",
        source: Some("Gupy"),
        external_id: Some("8812"),
        ..DedupRecord::default()
    };
    let b = DedupRecord {
        title: "Engenheiro de Dados",
        source: Some("gupy"),
        external_id: Some(" 8812 "),
        ..DedupRecord::default()
    };
    let other_source = DedupRecord {
        source: Some("lever"),
        ..b
    };
    let options = DedupOptions::default();
    let verdict = compare(&Fingerprint::new(&a), &Fingerprint::new(&b), &options).unwrap();
    assert_eq!(verdict.reason, Reason::SameSourceId);
    assert_eq!(
        compare(
            &Fingerprint::new(&a),
            &Fingerprint::new(&other_source),
            &options
        ),
        None
    );
}

#[test]
fn another_level_or_another_company_is_another_posting() {
    let options = DedupOptions::default();
    let base = Fingerprint::new(&posting("Backend Engineer", "Harbor Lane", TEXT));
    let senior = Fingerprint::new(&posting("Senior Backend Engineer", "Harbor Lane", TEXT));
    let staff = Fingerprint::new(&posting("Staff Backend Engineer", "Harbor Lane", TEXT));
    let principal = Fingerprint::new(&posting("Principal Backend Engineer", "Harbor Lane", TEXT));
    let elsewhere = Fingerprint::new(&posting("Backend Engineer", "Lighthouse Ferries", TEXT));
    let other_role = Fingerprint::new(&posting("Data Analyst", "Harbor Lane", TEXT));
    let same = Fingerprint::new(&posting("Backend Engineer", "Harbor Lane Ltd.", TEXT));
    assert!(compare(&base, &same, &options).is_some());
    for other in [&senior, &elsewhere, &other_role] {
        assert_eq!(compare(&base, other, &options), None);
    }
    // Staff and principal are both "lead", but two openings.
    assert_eq!(compare(&staff, &principal, &options), None);
}

#[test]
fn one_posting_cannot_chain_two_unrelated_companies() {
    // "Acme" matches both "Acme Labs" and "Acme Foods", which are two companies.
    let labs = posting("Backend Engineer", "Acme Labs", TEXT);
    let bare = posting("Backend Engineer", "Acme", TEXT);
    let foods = posting("Backend Engineer", "Acme Foods", TEXT);
    let found = find_duplicates(&[labs, bare, foods], &DedupOptions::default());
    assert_eq!(found, [None, Some(0), None]);
}

#[test]
fn without_a_company_only_near_identical_text_counts() {
    let options = DedupOptions::default();
    let full = Fingerprint::new(&posting("Backend Engineer", "Harbor Lane", TEXT));
    let anonymous = Fingerprint::new(&DedupRecord {
        title: "Backend Engineer",
        description: Some(TEXT),
        ..DedupRecord::default()
    });
    let truncated_anonymous = Fingerprint::new(&DedupRecord {
        title: "Backend Engineer",
        description: Some(&TEXT[..TEXT.len() / 2]),
        ..DedupRecord::default()
    });
    assert!(compare(&full, &anonymous, &options).is_some());
    assert_eq!(compare(&full, &truncated_anonymous, &options), None);
}

#[test]
fn the_same_company_title_and_place_needs_no_text() {
    let options = DedupOptions::default();
    let with_place = |location| DedupRecord {
        title: "Frontend Developer",
        company: Some("Harbor Lane"),
        location: Some(location),
        ..DedupRecord::default()
    };
    let a = Fingerprint::new(&with_place("Porto, Portugal"));
    let b = Fingerprint::new(&with_place("Porto"));
    let c = Fingerprint::new(&with_place("Braga, Portugal"));
    assert_eq!(compare(&a, &b, &options).unwrap().reason, Reason::SameTitle);
    assert_eq!(compare(&a, &c, &options), None);
}

#[test]
fn postings_too_far_apart_in_time_are_separate_when_asked() {
    let dated = |day| DedupRecord {
        posted_at: Some(day),
        ..posting("Backend Engineer", "Harbor Lane", TEXT)
    };
    let a = Fingerprint::new(&dated("2026-01-10"));
    let b = Fingerprint::new(&dated("2026-04-10"));
    assert!(compare(&a, &b, &DedupOptions::default()).is_some());
    let strict = DedupOptions {
        max_days_apart: Some(60),
        ..DedupOptions::default()
    };
    assert_eq!(compare(&a, &b, &strict), None);
}

#[test]
fn stored_fingerprints_compare_like_fresh_ones() {
    let values = fixture();
    let fresh: Vec<Fingerprint> = values
        .iter()
        .map(|v| Fingerprint::new(&record(v)))
        .collect();
    let stored: Vec<Fingerprint> = fresh
        .iter()
        .map(|f| serde_json::from_str(&serde_json::to_string(f).unwrap()).unwrap())
        .collect();
    assert_eq!(fresh, stored);
    let options = DedupOptions::default();
    for a in &fresh {
        for (b, b_stored) in fresh.iter().zip(&stored) {
            assert_eq!(compare(a, b, &options), compare(a, b_stored, &options));
        }
    }
}

#[test]
fn options_round_trip_with_defaults_for_missing_keys() {
    let options: DedupOptions = serde_json::from_str(r#"{"min_containment": 0.8}"#).unwrap();
    assert_eq!(
        options,
        DedupOptions {
            min_containment: 0.8,
            ..DedupOptions::default()
        }
    );
}

fn check_groups(found: &[Option<usize>]) {
    for (i, of) in found.iter().enumerate() {
        if let Some(first) = *of {
            assert!(first < i, "{found:?}");
            assert_eq!(found[first], None, "{found:?}");
        }
    }
}

fn arbitrary_record() -> impl Strategy<Value = (String, Option<String>, Option<String>, String)> {
    let words = prop_oneof![
        Just("Senior".to_string()),
        Just("Júnior".to_string()),
        Just("Data".to_string()),
        Just("Engineer".to_string()),
        Just("Acme".to_string()),
        Just("Ltda.".to_string()),
        Just("<p>".to_string()),
        Just("&amp;".to_string()),
        Just(" ".to_string()),
        "[a-zA-Z0-9 ]{0,12}",
        any::<char>().prop_map(String::from),
    ];
    let text = proptest::collection::vec(words, 0..40).prop_map(|parts| parts.concat());
    (
        text.clone(),
        proptest::option::of(text.clone()),
        proptest::option::of(text.clone()),
        text,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_records_group_without_panicking(
        raw in proptest::collection::vec(arbitrary_record(), 0..12),
        wild in any::<String>(),
    ) {
        let mut records: Vec<DedupRecord<'_>> = raw
            .iter()
            .map(|(title, company, url, description)| DedupRecord {
                title,
                company: company.as_deref(),
                url: url.as_deref(),
                description: Some(description),
                location: Some(title),
                source: company.as_deref(),
                external_id: url.as_deref(),
                posted_at: Some(description),
            })
            .collect();
        records.push(DedupRecord { title: &wild, description: Some(&wild), url: Some(&wild), ..DedupRecord::default() });
        records.extend(records.clone());
        let options = DedupOptions::default();
        let found = find_duplicates(&records, &options);
        check_groups(&found);
        // The second copy of each record is a duplicate of something; the run is deterministic.
        let half = records.len() / 2;
        for i in half..records.len() {
            prop_assert!(found[i].is_some() || !Fingerprint::new(&records[i]).has_text());
        }
        prop_assert_eq!(found, find_duplicates(&records, &options));
        let _ = canonical_url(&wild);
        let _ = normalize_company(&wild);
    }
}

#[test]
fn huge_and_empty_inputs_do_not_panic() {
    let noise: Vec<u8> = (0..400_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let noise = String::from_utf8_lossy(&noise).into_owned();
    let big = TEXT.repeat(2_000);
    let tiny = ["", " ", "a", "<", "&", "&#;", "<p", "é"];
    let mut records = vec![
        posting(&noise, &noise, &noise),
        posting("Backend Engineer", "Harbor Lane", &big),
        posting("Backend Engineer", "Harbor Lane", &big),
    ];
    for text in tiny {
        records.push(posting(text, text, text));
        records.push(DedupRecord {
            title: text,
            url: Some(text),
            ..DedupRecord::default()
        });
    }
    let found = find_duplicates(&records, &DedupOptions::default());
    check_groups(&found);
    assert_eq!(found[2], Some(1));
}
