//! Accounts and sessions: registration rules, login, tokens that must be refused, refresh
//! rotation and reuse, logout, cookies with CSRF, throttling.

use base64::Engine as _;
use chrono::Duration;
use serde_json::{Value, json};

use crate::support::{PASSWORD, each_backend, expect_error, spawn_app};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[tokio::test]
async fn register_login_me_and_roles() {
    each_backend("register_login_me_and_roles", |db| async move {
        let app = spawn_app(&db).await;
        assert_eq!(app.register("Ana@Example.com").await, 201);
        assert_eq!(app.register("bruno@example.com").await, 201);
        let dup = app
            .post(
                "/api/v1/auth/register",
                None,
                &json!({ "email": "ana@example.com", "password": PASSWORD, "name": "Other" }),
            )
            .await;
        expect_error(dup, 409, "email_taken").await;

        let ana = app.login("ana@example.com").await;
        let me: Value = app
            .get("/api/v1/me", Some(&ana.access))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(me["email"], "ana@example.com");
        assert_eq!(me["role"], "admin", "the first account administers");
        assert!(me.get("password_hash").is_none());
        let bruno = app.login("bruno@example.com").await;
        let me: Value = app
            .get("/api/v1/me", Some(&bruno.access))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(me["role"], "user");

        let wrong = app
            .post(
                "/api/v1/auth/login",
                None,
                &json!({ "email": "ana@example.com", "password": "not the password at all" }),
            )
            .await;
        expect_error(wrong, 401, "invalid_credentials").await;
        let unknown = app
            .post(
                "/api/v1/auth/login",
                None,
                &json!({ "email": "nobody@example.com", "password": PASSWORD }),
            )
            .await;
        expect_error(unknown, 401, "invalid_credentials").await;
        let anonymous = app.get("/api/v1/me", None).await;
        let res = expect_error(anonymous, 401, "unauthenticated").await;
        assert!(res["error"]["details"].is_null());
        app.stop().await;
        db
    })
    .await;
}

#[tokio::test]
async fn registration_validates_every_field() {
    each_backend("registration_validates_every_field", |db| async move {
        let app = spawn_app(&db).await;
        let res = app
            .post(
                "/api/v1/auth/register",
                None,
                &json!({ "email": "not-an-email", "password": "123456", "name": "" }),
            )
            .await;
        let body = expect_error(res, 422, "validation_failed").await;
        let fields: Vec<(String, String)> = body["error"]["details"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
            .collect();
        assert!(fields.contains(&("email".into(), "invalid_email".into())), "{fields:?}");
        assert!(fields.contains(&("name".into(), "required".into())), "{fields:?}");
        assert!(fields.contains(&("password".into(), "too_short".into())), "{fields:?}");
        for (password, code) in [("password1234", "too_common"), ("maria.silva.2024", "contains_personal_info")] {
            let res = app
                .post(
                    "/api/v1/auth/register",
                    None,
                    &json!({ "email": "maria.silva@example.com", "password": password, "name": "Maria Silva" }),
                )
                .await;
            let body = expect_error(res, 422, "validation_failed").await;
            let f = &body["error"]["details"]["fields"][0];
            assert_eq!(f["field"], "password");
            assert!(
                f["code"] == code || f["code"] == "too_guessable",
                "{password}: {f}"
            );
        }
        let missing = app
            .post("/api/v1/auth/register", None, &json!({ "email": "a@example.com" }))
            .await;
        expect_error(missing, 422, "validation_failed").await;
        assert_eq!(vaga_storage::Repo::count_users(&*app.store.repo()).await.unwrap(), 0);
        app.stop().await;
        db
    })
    .await;
}

#[tokio::test]
async fn refused_access_tokens() {
    each_backend("refused_access_tokens", |db| async move {
        let app = spawn_app(&db).await;
        let s = app.user("ana@example.com").await;
        assert_eq!(app.get("/api/v1/me", Some(&s.access)).await.status(), 200);

        // Tampered: the payload changed, the signature kept.
        let parts: Vec<&str> = s.access.split('.').collect();
        let mut claims: Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(parts[1])
                .unwrap(),
        )
        .unwrap();
        claims["role"] = json!("admin");
        claims["sub"] = json!(uuid::Uuid::now_v7().to_string());
        let tampered = format!(
            "{}.{}.{}",
            parts[0],
            b64(claims.to_string().as_bytes()),
            parts[2]
        );
        expect_error(
            app.get("/api/v1/me", Some(&tampered)).await,
            401,
            "invalid_token",
        )
        .await;

        // alg: none, with and without a signature.
        let none = format!(
            "{}.{}.",
            b64(br#"{"alg":"none","typ":"JWT"}"#),
            b64(claims.to_string().as_bytes())
        );
        expect_error(
            app.get("/api/v1/me", Some(&none)).await,
            401,
            "invalid_token",
        )
        .await;
        let none_signed = format!("{none}{}", parts[2]);
        expect_error(
            app.get("/api/v1/me", Some(&none_signed)).await,
            401,
            "invalid_token",
        )
        .await;

        // Signed with another key (same issuer and audience).
        let other = vaga_auth::TokenIssuer::from_secret(&[9u8; 32], "vaga", "vaga-api").unwrap();
        let (forged, _) = other
            .issue(
                claims["sub"].as_str().unwrap(),
                vaga_auth::Role::Admin,
                chrono::Utc::now().timestamp() as u64,
                &mut vaga_auth::OsRng,
            )
            .unwrap();
        expect_error(
            app.get("/api/v1/me", Some(&forged)).await,
            401,
            "invalid_token",
        )
        .await;
        for junk in ["", "abc", "a.b.c", &"x".repeat(10_000)] {
            let res = app.get("/api/v1/me", Some(junk)).await;
            assert_eq!(res.status(), 401, "{junk:.20}");
        }

        // Expired: 15 minutes later.
        app.advance(Duration::minutes(16));
        let res = app.get("/api/v1/me", Some(&s.access)).await;
        assert!(
            res.headers()["www-authenticate"]
                .to_str()
                .unwrap()
                .contains("invalid_token")
        );
        expect_error(res, 401, "token_expired").await;
        app.stop().await;
        db
    })
    .await;
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    each_backend(
        "refresh_rotates_and_reuse_revokes_the_family",
        |db| async move {
            let app = spawn_app(&db).await;
            let s = app.user("ana@example.com").await;
            let first = app
                .post(
                    "/api/v1/auth/refresh",
                    None,
                    &json!({ "refresh_token": s.refresh }),
                )
                .await;
            assert_eq!(first.status(), 200);
            let first: Value = first.json().await.unwrap();
            assert_eq!(first["token_type"], "Bearer");
            assert_eq!(first["expires_in"], 900);
            assert_ne!(first["refresh_token"], json!(s.refresh));
            let new_access = first["access_token"].as_str().unwrap();
            assert_eq!(app.get("/api/v1/me", Some(new_access)).await.status(), 200);

            // The spent token again: theft. The family dies, the successor too.
            let replay = app
                .post(
                    "/api/v1/auth/refresh",
                    None,
                    &json!({ "refresh_token": s.refresh }),
                )
                .await;
            expect_error(replay, 401, "invalid_grant").await;
            let successor = app
                .post(
                    "/api/v1/auth/refresh",
                    None,
                    &json!({ "refresh_token": first["refresh_token"] }),
                )
                .await;
            expect_error(successor, 401, "invalid_grant").await;
            let audit = app.store.repo().list_audit(None, 50).await.unwrap();
            assert!(audit.iter().any(|e| e.kind == "refresh_reuse"));

            // Another login is another family, unaffected; logout ends it.
            let s2 = app.login("ana@example.com").await;
            let out = app
                .post(
                    "/api/v1/auth/logout",
                    None,
                    &json!({ "refresh_token": s2.refresh }),
                )
                .await;
            assert_eq!(out.status(), 204);
            let after = app
                .post(
                    "/api/v1/auth/refresh",
                    None,
                    &json!({ "refresh_token": s2.refresh }),
                )
                .await;
            expect_error(after, 401, "invalid_grant").await;

            // Expired refresh token.
            let s3 = app.login("ana@example.com").await;
            app.advance(Duration::days(31));
            let old = app
                .post(
                    "/api/v1/auth/refresh",
                    None,
                    &json!({ "refresh_token": s3.refresh }),
                )
                .await;
            expect_error(old, 401, "invalid_grant").await;
            for junk in ["", "short", &"y".repeat(5000)] {
                let res = app
                    .post(
                        "/api/v1/auth/refresh",
                        None,
                        &json!({ "refresh_token": junk }),
                    )
                    .await;
                expect_error(res, 401, "invalid_grant").await;
            }
            app.stop().await;
            db
        },
    )
    .await;
}

/// The cookie named `name` among a response's `Set-Cookie` headers: (value, whole header).
fn cookie(res: &reqwest::Response, name: &str) -> Option<(String, String)> {
    res.headers().get_all("set-cookie").iter().find_map(|v| {
        let v = v.to_str().ok()?;
        let (pair, _) = v.split_once(';').unwrap_or((v, ""));
        let (n, value) = pair.split_once('=')?;
        (n == name).then(|| (value.to_owned(), v.to_owned()))
    })
}

#[tokio::test]
async fn browser_session_cookies_need_csrf_on_writes() {
    each_backend(
        "browser_session_cookies_need_csrf_on_writes",
        |db| async move {
            let app = spawn_app(&db).await;
            assert_eq!(app.register("ana@example.com").await, 201);
            let res = app
                .post(
                    "/api/v1/auth/login",
                    None,
                    &json!({ "email": "ana@example.com", "password": PASSWORD }),
                )
                .await;
            let (access, header) = cookie(&res, "vaga_access").expect("access cookie");
            assert!(
                header.contains("HttpOnly") && header.contains("SameSite=Lax"),
                "{header}"
            );
            let (refresh, header) = cookie(&res, "vaga_refresh").expect("refresh cookie");
            assert!(
                header.contains("HttpOnly") && header.contains("SameSite=Strict"),
                "{header}"
            );
            assert!(header.contains("Path=/api/v1/auth"), "{header}");
            let (csrf, header) = cookie(&res, "vaga_csrf").expect("csrf cookie");
            assert!(
                !header.contains("HttpOnly"),
                "the page must read it: {header}"
            );
            let jar = format!("vaga_access={access}; vaga_csrf={csrf}");

            let me = app
                .client
                .get(app.url("/api/v1/me"))
                .header("cookie", &jar)
                .send()
                .await
                .unwrap();
            assert_eq!(me.status(), 200, "reads need no CSRF token");
            let body = json!({ "preferences": { "remote_only": true } });
            let put = |token: Option<&str>| {
                let mut r = app
                    .client
                    .put(app.url("/api/v1/me/profile"))
                    .header("cookie", &jar)
                    .json(&body);
                if let Some(t) = token {
                    r = r.header("x-csrf-token", t);
                }
                r.send()
            };
            expect_error(put(None).await.unwrap(), 403, "csrf_failed").await;
            expect_error(put(Some("forged.token")).await.unwrap(), 403, "csrf_failed").await;
            assert_eq!(put(Some(&csrf)).await.unwrap().status(), 200);

            // Refresh from the cookie, with the CSRF header.
            let no_csrf = app
                .client
                .post(app.url("/api/v1/auth/refresh"))
                .header(
                    "cookie",
                    format!("vaga_refresh={refresh}; vaga_csrf={csrf}"),
                )
                .send()
                .await
                .unwrap();
            expect_error(no_csrf, 403, "csrf_failed").await;
            let ok = app
                .client
                .post(app.url("/api/v1/auth/refresh"))
                .header(
                    "cookie",
                    format!("vaga_refresh={refresh}; vaga_csrf={csrf}"),
                )
                .header("x-csrf-token", &csrf)
                .send()
                .await
                .unwrap();
            assert_eq!(ok.status(), 200);
            assert!(cookie(&ok, "vaga_access").is_some());

            // Logout clears the cookies.
            let out = app
                .client
                .post(app.url("/api/v1/auth/logout"))
                .header("cookie", format!("vaga_refresh={refresh}"))
                .send()
                .await
                .unwrap();
            assert_eq!(out.status(), 204);
            let (v, _) = cookie(&out, "vaga_access").expect("cleared");
            assert!(v.is_empty());
            app.stop().await;
            db
        },
    )
    .await;
}

#[tokio::test]
async fn repeated_failures_are_throttled() {
    each_backend("repeated_failures_are_throttled", |db| async move {
        let app = spawn_app(&db).await;
        assert_eq!(app.register("ana@example.com").await, 201);
        let wrong = json!({ "email": "ana@example.com", "password": "wrong password, again" });
        let attempt = || app.post("/api/v1/auth/login", None, &wrong);
        let mut statuses = Vec::new();
        for _ in 0..7 {
            statuses.push(attempt().await.status().as_u16());
        }
        assert_eq!(&statuses[..6], &[401; 6], "{statuses:?}");
        let res = attempt().await;
        assert!(res.headers().contains_key("retry-after"));
        expect_error(res, 429, "too_many_attempts").await;
        // Even the right password waits.
        let right = app
            .post(
                "/api/v1/auth/login",
                None,
                &json!({ "email": "ana@example.com", "password": PASSWORD }),
            )
            .await;
        assert_eq!(right.status(), 429);
        app.stop().await;
        db
    })
    .await;
}
