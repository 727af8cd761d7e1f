//! Posting search over HTTP: text in Portuguese without accents, filters, cursor paging.

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::support::{TestApp, each_backend, expect_error, spawn_app};

/// Loads `n` demo postings (generated, normalised) into the app's store.
async fn load(app: &TestApp, n: usize) {
    let now = chrono::Utc::now();
    let postings = vaga_demo::generate(11, now);
    let tools = vaga_demo::Tools::builtin().unwrap();
    let records = tools.records(&postings[..n]);
    let repo = app.store.repo();
    for (p, r) in postings[..n].iter().zip(records) {
        repo.upsert_posting(&vaga_demo::new_posting(p, r, now))
            .await
            .unwrap();
    }
}

async fn all_pages(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/postings?{query}&limit=7&cursor={c}"),
            None => format!("/api/v1/postings?{query}&limit=7"),
        };
        let res = app.get(&path, Some(token)).await;
        assert_eq!(res.status(), 200, "{path}");
        let page: Value = res.json().await.unwrap();
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return items,
        }
    }
}

fn fold(s: &str) -> String {
    s.to_lowercase()
        .replace(['á', 'â', 'ã', 'à'], "a")
        .replace(['é', 'ê'], "e")
        .replace('í', "i")
        .replace(['ó', 'ô', 'õ'], "o")
        .replace('ú', "u")
        .replace('ç', "c")
}

#[tokio::test]
async fn search_filters_and_pages() {
    each_backend("search_filters_and_pages", |db| async move {
        let app = spawn_app(&db).await;
        let a = app.user("ana@example.com").await;
        load(&app, 150).await;

        let everything = all_pages(&app, &a.access, "").await;
        assert_eq!(everything.len(), 150);
        let ids: HashSet<&str> = everything
            .iter()
            .map(|p| p["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), 150, "no posting twice across pages");

        // "dado" (singular, no accent) finds postings that say "dados".
        let hits = all_pages(&app, &a.access, "q=dado").await;
        assert!(!hits.is_empty());
        for h in &hits {
            let detail: Value = app
                .get(
                    &format!("/api/v1/postings/{}", h["id"].as_str().unwrap()),
                    Some(&a.access),
                )
                .await
                .json()
                .await
                .unwrap();
            let text = fold(&format!(
                "{} {} {} {}",
                detail["title"],
                detail["company"],
                detail["record"]["description"],
                detail["record"]["skills"]
            ));
            assert!(text.contains("dad"), "{text:.300}");
        }
        let plural = all_pages(&app, &a.access, "q=dados").await;
        assert_eq!(
            plural.len(),
            hits.len(),
            "dado and dados find the same postings"
        );

        let remote = all_pages(&app, &a.access, "remote=true").await;
        let onsite = all_pages(&app, &a.access, "remote=false").await;
        assert!(!remote.is_empty() && !onsite.is_empty());
        assert_eq!(remote.len() + onsite.len(), 150);
        let senior = all_pages(&app, &a.access, "seniority=senior,lead").await;
        assert!(
            senior
                .iter()
                .all(|p| ["senior", "lead"].contains(&p["facts"]["seniority"].as_str().unwrap()))
        );
        let br = all_pages(&app, &a.access, "eligible_for=BR&remote=true").await;
        assert!(!br.is_empty() && br.len() <= remote.len());
        let paid = all_pages(&app, &a.access, "min_salary=3000").await;
        assert!(!paid.is_empty() && paid.len() < 150);

        // The caller's own country.
        let res = app
            .get("/api/v1/postings?eligible=true", Some(&a.access))
            .await;
        expect_error(res, 422, "validation_failed").await;
        let res = app
            .send(
                reqwest::Method::PUT,
                "/api/v1/me/profile",
                Some(&a.access),
                &json!({ "resume": { "basics": { "location": { "countryCode": "br" } } } }),
            )
            .await;
        assert_eq!(res.status(), 200);
        let mine = all_pages(&app, &a.access, "eligible=true&remote=true").await;
        assert_eq!(mine.len(), br.len());

        for bad in [
            "limit=0",
            "cursor=%%%",
            "seniority=wizard",
            "eligible_for=Brazil",
            "posted_within_days=0",
            "min_salary=-1",
        ] {
            let res = app
                .get(&format!("/api/v1/postings?{bad}"), Some(&a.access))
                .await;
            expect_error(res, 422, "validation_failed").await;
        }
        expect_error(
            app.get("/api/v1/postings", None).await,
            401,
            "unauthenticated",
        )
        .await;
        let missing = format!("/api/v1/postings/{}", uuid::Uuid::now_v7());
        expect_error(app.get(&missing, Some(&a.access)).await, 404, "not_found").await;
        app.stop().await;
        db
    })
    .await;
}
