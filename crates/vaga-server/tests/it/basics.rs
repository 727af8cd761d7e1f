//! The service's frame: error bodies, request ids, security headers, limits, health, metrics,
//! the OpenAPI document, the docs and the start page.

use serde_json::{Value, json};

use crate::support::{each_backend, expect_error, spawn_app, spawn_with};

#[tokio::test]
async fn errors_have_one_shape_and_a_request_id() {
    each_backend("errors_have_one_shape_and_a_request_id", |db| async move {
        let app = spawn_app(&db).await;
        let res = app.get("/api/v1/nothing-here", None).await;
        expect_error(res, 404, "not_found").await;
        let res = app.client.delete(app.url("/health")).send().await.unwrap();
        assert!(res.headers().contains_key("allow"));
        expect_error(res, 405, "method_not_allowed").await;
        let res = app
            .client
            .post(app.url("/api/v1/auth/login"))
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        expect_error(res, 400, "invalid_json").await;
        let res = app
            .client
            .post(app.url("/api/v1/auth/login"))
            .body("email=a")
            .send()
            .await
            .unwrap();
        expect_error(res, 415, "unsupported_media_type").await;
        let res = app
            .post(
                "/api/v1/auth/login",
                None,
                &json!({ "email": 3, "password": [] }),
            )
            .await;
        expect_error(res, 422, "validation_failed").await;
        // A request id sent by a proxy is kept.
        let res = app
            .client
            .get(app.url("/nope"))
            .header("x-request-id", "trace-me-123")
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["x-request-id"], "trace-me-123");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["request_id"], "trace-me-123");
        app.stop().await;
        db
    })
    .await;
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    each_backend("bodies_over_the_limit_are_refused", |db| async move {
        let app = spawn_with(&db, |c| c.body_limit = 4096).await;
        let big = json!({ "email": "a@example.com", "password": "x".repeat(10_000), "name": "A" });
        let res = app.post("/api/v1/auth/register", None, &big).await;
        expect_error(res, 413, "body_too_large").await;
        app.stop().await;
        db
    })
    .await;
}

#[tokio::test]
async fn security_headers_health_metrics_docs() {
    each_backend("security_headers_health_metrics_docs", |db| async move {
        let app = spawn_app(&db).await;
        let res = app.get("/health", None).await;
        assert_eq!(res.status(), 200);
        for h in [
            "x-content-type-options",
            "x-frame-options",
            "content-security-policy",
            "referrer-policy",
            "x-request-id",
        ] {
            assert!(res.headers().contains_key(h), "{h}");
        }
        assert!(
            !res.headers().contains_key("access-control-allow-origin"),
            "same-origin by default"
        );
        let health: Value = res.json().await.unwrap();
        assert_eq!(health["status"], "degraded", "no worker runs in this test");
        assert_eq!(health["workers"], 0);
        assert_eq!(health["database_ok"], true);
        assert!(health["version"].is_string());

        let metrics = app.get("/metrics", None).await.text().await.unwrap();
        assert!(metrics.contains("http_requests_total"), "{metrics}");
        assert!(metrics.contains("route=\"/health\""), "{metrics}");

        let doc: Value = app
            .get("/api/v1/openapi.json", None)
            .await
            .json()
            .await
            .unwrap();
        assert!(
            doc["openapi"].as_str().unwrap().starts_with("3.1"),
            "{}",
            doc["openapi"]
        );
        for path in [
            "/api/v1/auth/login",
            "/api/v1/auth/register",
            "/api/v1/me",
            "/api/v1/projects/{id}",
        ] {
            assert!(doc["paths"].get(path).is_some(), "{path} documented");
        }
        assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
        let docs = app.get("/docs/", None).await;
        assert_eq!(docs.status(), 200);
        assert!(
            docs.text().await.unwrap().contains("swagger"),
            "Swagger UI from the binary"
        );
        let page = app.get("/", None).await.text().await.unwrap();
        assert!(page.contains("/docs") && page.contains("/api/v1/auth/login"));
        app.stop().await;
        db
    })
    .await;
}

#[tokio::test]
async fn cors_answers_only_configured_origins() {
    each_backend("cors_answers_only_configured_origins", |db| async move {
        let app = spawn_with(&db, |c| {
            c.cors_origins = vec!["https://app.example.org".into()]
        })
        .await;
        let ask = |origin: &'static str| {
            app.client
                .request(reqwest::Method::OPTIONS, app.url("/api/v1/me"))
                .header("origin", origin)
                .header("access-control-request-method", "GET")
                .send()
        };
        let ok = ask("https://app.example.org").await.unwrap();
        assert_eq!(
            ok.headers()["access-control-allow-origin"],
            "https://app.example.org"
        );
        let other = ask("https://evil.example.com").await.unwrap();
        assert!(!other.headers().contains_key("access-control-allow-origin"));
        app.stop().await;
        db
    })
    .await;
}
