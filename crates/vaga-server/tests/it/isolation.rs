//! User A can neither read nor change any of user B's rows through any endpoint.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{each_backend, expect_error, spawn_app};

#[tokio::test]
async fn users_see_and_change_only_their_own_rows() {
    each_backend("users_see_and_change_only_their_own_rows", |db| async move {
        let app = spawn_app(&db).await;
        let a = app.user("ana@example.com").await;
        let b = app.user("bruno@example.com").await;

        // A's profile and project.
        let res = app
            .send(
                Method::PUT,
                "/api/v1/me/profile",
                Some(&a.access),
                &json!({ "resume": { "basics": { "name": "Ana" } }, "preferences": { "remote_only": true } }),
            )
            .await;
        assert_eq!(res.status(), 200);
        let project = json!({
            "title": "Churn model",
            "description": "Gradient boosting on telecom data",
            "technologies": ["Python", "LightGBM"],
            "links": [{ "label": "code", "url": "https://example.org/churn" }],
            "achievements": ["AUC 0.91"]
        });
        let res = app.post("/api/v1/projects", Some(&a.access), &project).await;
        assert_eq!(res.status(), 201);
        let created: Value = res.json().await.unwrap();
        let id = created["id"].as_str().unwrap();
        let path = format!("/api/v1/projects/{id}");

        // B sees none of it.
        let profile: Value = app.get("/api/v1/me/profile", Some(&b.access)).await.json().await.unwrap();
        assert_eq!(profile["resume"], json!({}));
        let list: Value = app.get("/api/v1/projects", Some(&b.access)).await.json().await.unwrap();
        assert_eq!(list, json!([]));
        expect_error(app.get(&path, Some(&b.access)).await, 404, "not_found").await;
        let res = app.send(Method::PUT, &path, Some(&b.access), &project).await;
        expect_error(res, 404, "not_found").await;
        let res = app.send(Method::DELETE, &path, Some(&b.access), &json!({})).await;
        expect_error(res, 404, "not_found").await;

        // A's rows are intact, and A can change them.
        let mine: Value = app.get(&path, Some(&a.access)).await.json().await.unwrap();
        assert_eq!(mine["title"], "Churn model");
        assert_eq!(mine["links"][0]["url"], "https://example.org/churn");
        let profile: Value = app.get("/api/v1/me/profile", Some(&a.access)).await.json().await.unwrap();
        assert_eq!(profile["resume"]["basics"]["name"], "Ana");
        let res = app.send(Method::DELETE, &path, Some(&a.access), &json!({})).await;
        assert_eq!(res.status(), 204);
        expect_error(app.get(&path, Some(&a.access)).await, 404, "not_found").await;
        expect_error(app.get("/api/v1/projects/not-a-uuid", Some(&a.access)).await, 404, "not_found").await;
        app.stop().await;
        db
    })
    .await;
}

#[tokio::test]
async fn project_fields_are_validated() {
    each_backend("project_fields_are_validated", |db| async move {
        let app = spawn_app(&db).await;
        let a = app.user("ana@example.com").await;
        let res = app
            .post(
                "/api/v1/projects",
                Some(&a.access),
                &json!({
                    "title": "  ",
                    "technologies": ["x".repeat(61)],
                    "links": [{ "label": "x", "url": "javascript:alert(1)" }]
                }),
            )
            .await;
        let body = expect_error(res, 422, "validation_failed").await;
        let fields: Vec<&str> = body["error"]["details"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["title", "technologies[0]", "links[0].url"]);
        app.stop().await;
        db
    })
    .await;
}
