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

#[tokio::test]
async fn tasks_are_visible_to_their_owner_and_admins_only() {
    each_backend(
        "tasks_are_visible_to_their_owner_and_admins_only",
        |db| async move {
            let app = spawn_app(&db).await;
            let admin = app.user("root@example.com").await;
            let a = app.user("ana@example.com").await;
            let b = app.user("bruno@example.com").await;
            let res = app
                .post("/api/v1/matches/recompute", Some(&a.access), &json!({}))
                .await;
            assert_eq!(res.status(), 202);
            let task: Value = res.json().await.unwrap();
            let id = task["task_id"].as_str().unwrap();
            // Asking again while it waits gives the same task.
            let again: Value = app
                .post("/api/v1/matches/recompute", Some(&a.access), &json!({}))
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(again["task_id"], task["task_id"]);
            let path = format!("/api/v1/tasks/{id}");
            let mine: Value = app.get(&path, Some(&a.access)).await.json().await.unwrap();
            assert_eq!(mine["status"], "queued");
            assert_eq!(mine["kind"], "recompute_matches");
            expect_error(app.get(&path, Some(&b.access)).await, 404, "not_found").await;
            assert_eq!(app.get(&path, Some(&admin.access)).await.status(), 200);
            expect_error(
                app.get("/api/v1/tasks", Some(&a.access)).await,
                403,
                "admin_only",
            )
            .await;
            let all: Value = app
                .get("/api/v1/tasks?status=queued", Some(&admin.access))
                .await
                .json()
                .await
                .unwrap();
            assert!(
                all.as_array()
                    .unwrap()
                    .iter()
                    .any(|t| t["id"] == task["task_id"])
            );
            let res = app
                .post(&format!("{path}/retry"), Some(&b.access), &json!({}))
                .await;
            expect_error(res, 404, "not_found").await;
            let res = app
                .post(&format!("{path}/retry"), Some(&a.access), &json!({}))
                .await;
            expect_error(res, 409, "not_dead").await;
            let res = app
                .get("/api/v1/tasks?status=bogus", Some(&admin.access))
                .await;
            expect_error(res, 422, "validation_failed").await;
            app.stop().await;
            db
        },
    )
    .await;
}

#[tokio::test]
async fn matches_page_by_cursor_and_stay_private() {
    each_backend("matches_page_by_cursor_and_stay_private", |db| async move {
        let app = spawn_app(&db).await;
        let a = app.user("ana@example.com").await;
        let b = app.user("bruno@example.com").await;
        let now = chrono::Utc::now();
        let postings = vaga_demo::generate(7, now);
        let tools = vaga_demo::Tools::builtin().unwrap();
        let records = tools.records(&postings[..5]);
        let repo = app.store.repo();
        let mut ids = Vec::new();
        for (p, r) in postings[..5].iter().zip(records) {
            let (id, _) = repo
                .upsert_posting(&vaga_demo::new_posting(p, r, now))
                .await
                .unwrap();
            ids.push(id);
        }
        let a_id = repo
            .user_by_email("ana@example.com")
            .await
            .unwrap()
            .unwrap()
            .id;
        // Scores with a tie, to check the order within equal scores.
        let scores = [90.0, 75.5, 75.5, 60.0, 12.25];
        let new: Vec<vaga_storage::NewMatch> = ids
            .iter()
            .zip(scores)
            .map(|(id, score)| vaga_storage::NewMatch {
                posting_id: *id,
                score,
                components: json!({ "skills": score }),
                explanation: json!({ "summary": "fits" }),
            })
            .collect();
        repo.replace_matches(a_id, &new, now).await.unwrap();

        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/matches?limit=2&cursor={c}"),
                None => "/api/v1/matches?limit=2".to_owned(),
            };
            let page: Value = app.get(&path, Some(&a.access)).await.json().await.unwrap();
            for m in page["items"].as_array().unwrap() {
                assert!(m["posting"]["title"].is_string());
                seen.push(m["score"].as_f64().unwrap());
            }
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => break,
            }
        }
        assert_eq!(seen, scores, "every match once, best first");
        let theirs: Value = app
            .get("/api/v1/matches", Some(&b.access))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(theirs["items"], json!([]));
        let one = format!("/api/v1/matches/{}", ids[0]);
        assert_eq!(app.get(&one, Some(&a.access)).await.status(), 200);
        expect_error(app.get(&one, Some(&b.access)).await, 404, "not_found").await;
        for bad in ["limit=0", "limit=101", "cursor=zzz"] {
            let res = app
                .get(&format!("/api/v1/matches?{bad}"), Some(&a.access))
                .await;
            expect_error(res, 422, "validation_failed").await;
        }
        app.stop().await;
        db
    })
    .await;
}

/// A multipart body with one part `name` holding `bytes` as the file `filename`.
fn multipart(name: &str, filename: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "vaga-test-boundary-7f3a";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    app: &crate::support::TestApp,
    token: &str,
    part: &str,
    filename: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let (content_type, body) = multipart(part, filename, bytes);
    app.client
        .post(app.url("/api/v1/me/resume"))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn resume_uploads_are_checked_stored_and_private() {
    each_backend(
        "resume_uploads_are_checked_stored_and_private",
        |db| async move {
            let app = crate::support::spawn_with(&db, |c| c.upload_limit = 64 * 1024).await;
            let a = app.user("ana@example.com").await;
            let b = app.user("bruno@example.com").await;
            let text = "Ana Souza\nCientista de Dados\nPython, SQL, Airflow\n".as_bytes();
            let res = upload(&app, &a.access, "file", "../cv.txt", text).await;
            assert_eq!(res.status(), 202);
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["file"]["filename"], "cv.txt");
            assert_eq!(body["file"]["content_type"], "text/plain");
            assert_eq!(body["file"]["size_bytes"], text.len());
            let task = body["task_id"].as_str().unwrap();
            assert_eq!(body["file"]["task_id"].as_str(), Some(task));
            let t: Value = app
                .get(&format!("/api/v1/tasks/{task}"), Some(&a.access))
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(t["kind"], "parse_resume");
            expect_error(
                app.get(&format!("/api/v1/tasks/{task}"), Some(&b.access))
                    .await,
                404,
                "not_found",
            )
            .await;

            let mine: Value = app
                .get("/api/v1/me/resume-files", Some(&a.access))
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(mine.as_array().unwrap().len(), 1);
            let theirs: Value = app
                .get("/api/v1/me/resume-files", Some(&b.access))
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(theirs, json!([]));

            let png = upload(&app, &a.access, "file", "cv.pdf", b"\x89PNG\r\n\x1a\n0000").await;
            expect_error(png, 415, "unsupported_file_type").await;
            let big = vec![b'a'; 100 * 1024];
            expect_error(
                upload(&app, &a.access, "file", "big.txt", &big).await,
                413,
                "body_too_large",
            )
            .await;
            let wrong = upload(&app, &a.access, "attachment", "cv.txt", text).await;
            expect_error(wrong, 422, "validation_failed").await;
            let anonymous = app
                .client
                .post(app.url("/api/v1/me/resume"))
                .header("content-type", "multipart/form-data; boundary=x")
                .body("--x--")
                .send()
                .await
                .unwrap();
            expect_error(anonymous, 401, "unauthenticated").await;
            let mine: Value = app
                .get("/api/v1/me/resume-files", Some(&a.access))
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(
                mine.as_array().unwrap().len(),
                1,
                "refused uploads store nothing"
            );
            app.stop().await;
            db
        },
    )
    .await;
}

#[tokio::test]
async fn sources_are_shared_by_admins_or_private_to_their_owner() {
    each_backend("sources_are_shared_by_admins_or_private_to_their_owner", |db| async move {
        let app = spawn_app(&db).await;
        let admin = app.user("root@example.com").await;
        let a = app.user("ana@example.com").await;
        let b = app.user("bruno@example.com").await;
        let own = json!({ "name": "acme-careers", "kind": "greenhouse", "config": { "board": "acme" } });
        let res = app.post("/api/v1/sources", Some(&a.access), &own).await;
        assert_eq!(res.status(), 201);
        let created: Value = res.json().await.unwrap();
        assert_eq!(created["shared"], false);
        assert_eq!(created["status"], "new");
        let path = format!("/api/v1/sources/{}", created["id"].as_str().unwrap());
        expect_error(app.post("/api/v1/sources", Some(&b.access), &own).await, 409, "name_taken").await;

        // B sees, changes and syncs none of A's source.
        let theirs: Value = app.get("/api/v1/sources", Some(&b.access)).await.json().await.unwrap();
        assert_eq!(theirs, json!([]));
        expect_error(app.get(&path, Some(&b.access)).await, 404, "not_found").await;
        expect_error(app.send(Method::PUT, &path, Some(&b.access), &own).await, 404, "not_found").await;
        expect_error(app.send(Method::DELETE, &path, Some(&b.access), &json!({})).await, 404, "not_found").await;
        expect_error(app.post(&format!("{path}/sync"), Some(&b.access), &json!({})).await, 404, "not_found").await;

        // A syncs it: a task A can follow.
        let res = app.post(&format!("{path}/sync"), Some(&a.access), &json!({})).await;
        assert_eq!(res.status(), 202);
        let task: Value = res.json().await.unwrap();
        let t: Value = app
            .get(&format!("/api/v1/tasks/{}", task["task_id"].as_str().unwrap()), Some(&a.access))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(t["kind"], "sync_source");

        // Shared sources: admins only.
        let shared = json!({ "name": "shared-board", "kind": "lever", "config": { "company": "acme" }, "shared": true });
        expect_error(app.post("/api/v1/sources", Some(&a.access), &shared).await, 403, "admin_only").await;
        let res = app.post("/api/v1/sources", Some(&admin.access), &shared).await;
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
        let listed: Value = app.get("/api/v1/sources", Some(&b.access)).await.json().await.unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 1);
        assert_eq!(listed[0]["shared"], true);
        let shared_path = format!("/api/v1/sources/{}", listed[0]["id"].as_str().unwrap());
        let res = app.send(Method::PUT, &shared_path, Some(&b.access), &shared).await;
        expect_error(res, 403, "admin_only").await;
        let res = app.send(Method::DELETE, &shared_path, Some(&admin.access), &json!({})).await;
        assert_eq!(res.status(), 204);

        // Settings the sources crate cannot build are refused.
        for bad in [
            json!({ "name": "x", "kind": "no-such-kind", "config": {} }),
            json!({ "name": "bad name!", "kind": "greenhouse", "config": { "board": "x" } }),
            json!({ "name": "y", "kind": "greenhouse", "config": [] }),
        ] {
            let res = app.post("/api/v1/sources", Some(&a.access), &bad).await;
            expect_error(res, 422, "validation_failed").await;
        }
        let res = app.send(Method::DELETE, &path, Some(&a.access), &json!({})).await;
        assert_eq!(res.status(), 204);
        app.stop().await;
        db
    })
    .await;
}
