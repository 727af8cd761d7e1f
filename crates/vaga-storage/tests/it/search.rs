//! Posting search: stemmed full text in Portuguese, Spanish and English, the filters alone and
//! together, cursor paging, and queries and cursors that must never fail on any input.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{Value, json};
use uuid::Uuid;
use vaga_storage::{
    NewPosting, PostingCursor, PostingQuery, Repo, Seniority, StoreError, search::SearchQuery,
};

use crate::support::{TestDb, each_backend, t0};

/// A normalised record in the shape `vaga jobs normalize` writes (only the fields search reads).
struct Rec {
    title: &'static str,
    description: &'static str,
    language: &'static str,
    workplace: Option<&'static str>,
    rule: Value,
    level: Option<&'static str>,
    /// (currency, monthly min, monthly max)
    pay: Option<(&'static str, f64, f64)>,
}

impl Default for Rec {
    fn default() -> Self {
        Rec {
            title: "Job",
            description: "",
            language: "en",
            workplace: None,
            rule: json!({}),
            level: None,
            pay: None,
        }
    }
}

fn new_posting(source: &str, ext: &str, rec: &Rec, posted_at: Option<DateTime<Utc>>) -> NewPosting {
    let salary = rec.pay.map(|(currency, min, max)| {
        json!({"normalized": {"currency": currency, "monthly_min": min, "monthly_max": max,
               "yearly_min": min * 12.0, "yearly_max": max * 12.0, "rate_date": "2026-10-30"},
               "source": "field"})
    });
    let record = json!({
        "id": ext,
        "title": rec.title,
        "company": "Acme",
        "description": rec.description,
        "skills": [],
        "language": rec.language,
        "salary_parsed": salary,
        "location_parsed": {"workplace": rec.workplace, "countries": [], "regions": [],
                            "eligibility_rule": rec.rule},
        "seniority_detail": {"level": rec.level},
    });
    NewPosting {
        source: source.into(),
        external_id: ext.into(),
        record,
        raw: json!({}),
        title: rec.title.into(),
        company: "Acme".into(),
        url: None,
        posted_at,
        seen_at: t0(),
    }
}

async fn ids(repo: &dyn Repo, q: PostingQuery) -> Vec<String> {
    let page = repo
        .search_postings(&PostingQuery { limit: 1000, ..q })
        .await
        .unwrap();
    let mut out: Vec<String> = page.items.into_iter().map(|p| p.external_id).collect();
    out.sort();
    out
}

fn text(q: &str) -> PostingQuery {
    PostingQuery {
        q: Some(q.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn stemmed_text_matches_across_accents_and_inflections() {
    each_backend("stemmed_text", |db: TestDb| async move {
        let store = db.open().await;
        let repo = store.repo();
        let docs = [
            (
                "pt-dados",
                Rec {
                    title: "Analista de Dados",
                    description: "Fará a análise dos dados de vendas.",
                    language: "pt",
                    ..Default::default()
                },
            ),
            (
                "es-datos",
                Rec {
                    title: "Científica de Datos",
                    description: "Realizarás el análisis de datos de clientes.",
                    language: "es",
                    ..Default::default()
                },
            ),
            (
                "pt-eng",
                Rec {
                    title: "Engenheira de Software",
                    description: "Procuramos uma engenheira para o time de pagamentos.",
                    language: "pt",
                    ..Default::default()
                },
            ),
            (
                "en-rust",
                Rec {
                    title: "Backend Engineer",
                    description: "Build services in Rust. Engineering culture.",
                    language: "en",
                    ..Default::default()
                },
            ),
        ];
        for (ext, rec) in &docs {
            repo.upsert_posting(&new_posting("s", ext, rec, Some(t0())))
                .await
                .unwrap();
        }
        let r = repo.as_ref();
        // Portuguese: accents and plural.
        assert!(ids(r, text("analise")).await.contains(&"pt-dados".into()));
        assert!(ids(r, text("análise")).await.contains(&"pt-dados".into()));
        assert!(ids(r, text("dado")).await.contains(&"pt-dados".into()));
        assert!(ids(r, text("dados")).await.contains(&"pt-dados".into()));
        // Spanish.
        assert!(ids(r, text("dato")).await.contains(&"es-datos".into()));
        assert!(ids(r, text("datos")).await.contains(&"es-datos".into()));
        assert!(ids(r, text("analisis")).await.contains(&"es-datos".into()));
        assert!(ids(r, text("análisis")).await.contains(&"es-datos".into()));
        // Gender: Snowball pt strips the final -a and -o alike.
        assert_eq!(ids(r, text("engenheiro")).await, vec!["pt-eng".to_string()]);
        assert_eq!(
            ids(r, text("engenheiros")).await,
            vec!["pt-eng".to_string()]
        );
        // English, and words AND-ed.
        assert_eq!(
            ids(r, text("engineering")).await,
            vec!["en-rust".to_string()]
        );
        assert_eq!(
            ids(r, text("rust backend")).await,
            vec!["en-rust".to_string()]
        );
        assert!(ids(r, text("rust dados")).await.is_empty());
        // Stop words and syntax only: no text filter.
        assert_eq!(ids(r, text("de \" * ( )")).await.len(), 4);
        store.close().await;
        db
    })
    .await;
}

#[tokio::test]
async fn filters_alone_and_combined() {
    each_backend("filters", |db: TestDb| async move {
        let store = db.open().await;
        let repo = store.repo();
        let old = t0() - Duration::days(40);
        let latam = json!({"remote": true, "allowed": [{"group": "latam", "text": "LATAM"}]});
        let us = json!({"remote": true, "allowed": [{"country": "US", "text": "US"}]});
        let anywhere = json!({"remote": true});
        let rows = [
            // (source, ext, rec, posted_at)
            (
                "a",
                "latam-senior",
                Rec {
                    workplace: Some("remote"),
                    rule: latam.clone(),
                    level: Some("senior"),
                    pay: Some(("USD", 5000.0, 7000.0)),
                    ..Default::default()
                },
                Some(t0()),
            ),
            (
                "a",
                "us-junior",
                Rec {
                    workplace: Some("remote"),
                    rule: us,
                    level: Some("junior"),
                    pay: Some(("USD", 2000.0, 3000.0)),
                    ..Default::default()
                },
                Some(t0()),
            ),
            (
                "b",
                "onsite-senior-old",
                Rec {
                    workplace: Some("onsite"),
                    level: Some("senior"),
                    pay: Some(("EUR", 9000.0, 9000.0)),
                    ..Default::default()
                },
                Some(old),
            ),
            (
                "b",
                "anywhere-mid",
                Rec {
                    workplace: Some("remote"),
                    rule: anywhere,
                    level: Some("mid"),
                    ..Default::default()
                },
                None,
            ),
        ];
        for (source, ext, rec, at) in &rows {
            repo.upsert_posting(&new_posting(source, ext, rec, *at))
                .await
                .unwrap();
        }
        let r = repo.as_ref();
        let q = PostingQuery::default;
        assert_eq!(ids(r, q()).await.len(), 4);
        assert_eq!(
            ids(
                r,
                PostingQuery {
                    remote: Some(true),
                    ..q()
                }
            )
            .await,
            vec!["anywhere-mid", "latam-senior", "us-junior"]
        );
        assert_eq!(
            ids(
                r,
                PostingQuery {
                    remote: Some(false),
                    ..q()
                }
            )
            .await,
            vec!["onsite-senior-old"]
        );
        assert_eq!(
            ids(
                r,
                PostingQuery {
                    source: Some("b".into()),
                    ..q()
                }
            )
            .await,
            vec!["anywhere-mid", "onsite-senior-old"]
        );
        assert_eq!(
            ids(
                r,
                PostingQuery {
                    seniority: vec![Seniority::Senior],
                    ..q()
                }
            )
            .await,
            vec!["latam-senior", "onsite-senior-old"]
        );
        assert_eq!(
            ids(
                r,
                PostingQuery {
                    seniority: vec![Seniority::Junior, Seniority::Mid],
                    ..q()
                }
            )
            .await,
            vec!["anywhere-mid", "us-junior"]
        );
        // Pay in USD per month: the EUR posting is converted with the bundled rates.
        assert_eq!(
            ids(
                r,
                PostingQuery {
                    min_salary: Some(6000.0),
                    ..q()
                }
            )
            .await,
            vec!["latam-senior", "onsite-senior-old"]
        );
        assert_eq!(
            ids(
                r,
                PostingQuery {
                    min_salary: Some(9500.0),
                    ..q()
                }
            )
            .await,
            vec!["onsite-senior-old"]
        );
        assert_eq!(
            ids(
                r,
                PostingQuery {
                    posted_after: Some(t0() - Duration::days(7)),
                    ..q()
                }
            )
            .await,
            vec!["latam-senior", "us-junior"]
        );
        // Eligibility: BR takes LATAM and worldwide, not US-only; US the reverse.
        assert_eq!(
            ids(
                r,
                PostingQuery {
                    eligible_for: Some("BR".into()),
                    ..q()
                }
            )
            .await,
            vec!["anywhere-mid", "latam-senior"]
        );
        assert_eq!(
            ids(
                r,
                PostingQuery {
                    eligible_for: Some("us".into()),
                    ..q()
                }
            )
            .await,
            vec!["anywhere-mid", "us-junior"]
        );
        // A country outside the evaluated list: only postings open worldwide.
        assert_eq!(
            ids(
                r,
                PostingQuery {
                    eligible_for: Some("NG".into()),
                    ..q()
                }
            )
            .await,
            vec!["anywhere-mid"]
        );
        assert!(matches!(
            repo.search_postings(&PostingQuery {
                eligible_for: Some("Brazil".into()),
                ..q()
            })
            .await,
            Err(StoreError::Invalid(_))
        ));
        // Combined.
        assert_eq!(
            ids(
                r,
                PostingQuery {
                    remote: Some(true),
                    eligible_for: Some("MX".into()),
                    seniority: vec![Seniority::Senior],
                    min_salary: Some(4000.0),
                    source: Some("a".into()),
                    posted_after: Some(t0() - Duration::days(1)),
                    ..q()
                }
            )
            .await,
            vec!["latam-senior"]
        );
        assert!(
            ids(
                r,
                PostingQuery {
                    remote: Some(true),
                    seniority: vec![Seniority::Senior],
                    source: Some("b".into()),
                    ..q()
                }
            )
            .await
            .is_empty()
        );
        // list_postings (offset paging) reads the same filters.
        let listed = repo
            .list_postings(&PostingQuery {
                remote: Some(false),
                ..q()
            })
            .await
            .unwrap();
        assert_eq!(listed.len(), 1);
        // Everything is already derived.
        assert_eq!(repo.reindex_postings(100).await.unwrap(), 0);
        store.close().await;
        db
    })
    .await;
}

#[tokio::test]
async fn cursor_paging_visits_every_row_once() {
    each_backend("cursor_paging", |db: TestDb| async move {
        let store = db.open().await;
        let repo = store.repo();
        let mut expected = Vec::new();
        for i in 0..23 {
            // Many equal dates, and some postings without one.
            let at = match i % 4 {
                0 => None,
                1 => Some(t0()),
                2 => Some(t0() - Duration::days(1)),
                _ => Some(t0() - Duration::days(i)),
            };
            let ext = format!("p{i:02}");
            let rec = Rec {
                title: "Desenvolvedor Rust",
                language: "pt",
                ..Default::default()
            };
            repo.upsert_posting(&new_posting("s", &ext, &rec, at))
                .await
                .unwrap();
            expected.push(ext);
        }
        for q in [None, Some("rust")] {
            let mut seen = Vec::new();
            let mut cursor = None;
            let mut last: Option<(Option<DateTime<Utc>>, Uuid)> = None;
            loop {
                let page = repo
                    .search_postings(&PostingQuery {
                        q: q.map(str::to_owned),
                        limit: 4,
                        cursor,
                        ..Default::default()
                    })
                    .await
                    .unwrap();
                assert!(page.items.len() <= 4);
                for p in &page.items {
                    // Strictly decreasing (posted_at, id), dates first.
                    if let Some((at, id)) = last {
                        let key_before = (at.is_some(), at, id);
                        let key = (p.posted_at.is_some(), p.posted_at, p.id);
                        assert!(key < key_before, "order broken at {}", p.external_id);
                    }
                    last = Some((p.posted_at, p.id));
                    seen.push(p.external_id.clone());
                }
                match page.next_cursor {
                    Some(c) => cursor = Some(PostingCursor::decode(&c).unwrap()),
                    None => break,
                }
            }
            let unique: HashSet<&String> = seen.iter().collect();
            assert_eq!(unique.len(), seen.len(), "duplicates: {seen:?}");
            let mut sorted = seen.clone();
            sorted.sort();
            assert_eq!(sorted, expected);
        }
        store.close().await;
        db
    })
    .await;
}

/// Any query text becomes a valid MATCH / tsquery (or no filter): never an SQL error.
#[tokio::test]
async fn any_query_text_is_safe() {
    each_backend("any_query_text", |db: TestDb| async move {
        let store = db.open().await;
        let repo = store.repo();
        let rec = Rec {
            title: "Engenheiro de Dados",
            description: "SQL, Python \"quoted\" NEAR(a b) col:value",
            language: "pt",
            ..Default::default()
        };
        repo.upsert_posting(&new_posting("s", "1", &rec, Some(t0())))
            .await
            .unwrap();
        let fixed = [
            "\"",
            "'",
            "\\",
            "*",
            "-",
            "^",
            ":",
            "NEAR(a b)",
            "a OR b",
            "AND",
            "NOT x",
            "col:value",
            "(((",
            "'; DROP TABLE postings; --",
            "💥 ação",
            "\u{0}",
            "ß ﬁ Ⅻ",
            "١٢٣",
        ];
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
            cases: 64,
            ..ProptestConfig::default()
        });
        let mut samples: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
        for _ in 0..64 {
            let tree = any::<String>().new_tree(&mut runner).unwrap();
            samples.push(tree.current());
        }
        for s in samples {
            let page = repo.search_postings(&text(&s)).await;
            assert!(page.is_ok(), "{s:?}: {page:?}");
        }
        store.close().await;
        db
    })
    .await;
}

proptest! {
    #[test]
    fn cursor_decode_never_panics(s in ".{0,80}") {
        let _ = PostingCursor::decode(&s);
    }

    #[test]
    fn cursor_round_trips(secs in -50_000_000_000i64..50_000_000_000, nanos in 0u32..1_000_000_000, id in any::<u128>(), dated in any::<bool>()) {
        let c = PostingCursor {
            posted_at: if dated { DateTime::<Utc>::from_timestamp(secs, nanos) } else { None },
            id: Uuid::from_u128(id),
        };
        prop_assert_eq!(PostingCursor::decode(&c.encode()).unwrap(), c);
    }

    #[test]
    fn parsed_queries_hold_only_letters_and_digits(s in any::<String>()) {
        let q = SearchQuery::parse(&s);
        for alts in &q.terms {
            for f in alts {
                prop_assert!(!f.is_empty() && f.chars().all(char::is_alphanumeric), "{:?}", f);
            }
        }
    }
}

/// Rows whose derivation is older (or predates migration 0002) are derived again by
/// `reindex_postings`, and by the next upsert even when the content is unchanged.
#[tokio::test]
async fn reindex_derives_stale_rows() {
    each_backend("reindex", |db: TestDb| async move {
        let store = db.open().await;
        let repo = store.repo();
        let rec = Rec {
            title: "Analista de Dados",
            language: "pt",
            workplace: Some("remote"),
            ..Default::default()
        };
        let posting = new_posting("s", "1", &rec, Some(t0()));
        repo.upsert_posting(&posting).await.unwrap();
        make_stale(&db.url).await;
        let r = repo.as_ref();
        assert!(ids(r, text("dados")).await.is_empty());
        assert_eq!(repo.reindex_postings(10).await.unwrap(), 1);
        assert_eq!(repo.reindex_postings(10).await.unwrap(), 0);
        assert_eq!(ids(r, text("dados")).await, vec!["1".to_string()]);
        assert_eq!(
            ids(
                r,
                PostingQuery {
                    remote: Some(true),
                    ..Default::default()
                }
            )
            .await,
            vec!["1".to_string()]
        );
        // An unchanged upsert of a stale row derives it too.
        make_stale(&db.url).await;
        repo.upsert_posting(&posting).await.unwrap();
        assert_eq!(ids(r, text("analise")).await.len(), 0);
        assert_eq!(ids(r, text("analista")).await, vec!["1".to_string()]);
        store.close().await;
        db
    })
    .await;
}

/// Makes every posting look derived before migration 0002 (raw SQL, outside the store).
async fn make_stale(url: &str) {
    use sqlx::Connection;
    let stale = "UPDATE postings SET search_version = 0, search_text = '', remote = FALSE";
    if url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query(stale).execute(&mut c).await.unwrap();
        c.close().await.unwrap();
    } else {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query(stale).execute(&mut c).await.unwrap();
        c.close().await.unwrap();
    }
}
