//! One storage story on both backends: accounts, tokens, profile, portfolio, postings, sources,
//! matches, analyses, applications, audit — and user B touching none of user A's rows.

use chrono::TimeDelta;
use serde_json::json;
use uuid::Uuid;
use vaga_storage::*;

use crate::support::{TestDb, each_backend, t0};

fn mins(n: i64) -> TimeDelta {
    TimeDelta::minutes(n)
}

fn posting(external_id: &str, title: &str, seen: chrono::DateTime<chrono::Utc>) -> NewPosting {
    NewPosting {
        source: "greenhouse:acme".into(),
        external_id: external_id.into(),
        record: json!({"title": title, "skills": ["rust", "sql"], "remote": true, "salary_min": 4000}),
        raw: json!({"id": external_id, "name": title}),
        title: title.into(),
        company: "Acme".into(),
        url: Some(format!("https://example.test/jobs/{external_id}")),
        posted_at: Some(t0() - TimeDelta::days(2)),
        seen_at: seen,
    }
}

fn new_user(email: &str, role: Role) -> NewUser {
    NewUser {
        email: email.into(),
        password_hash: "$argon2id$v=19$fake".into(),
        name: "Ana".into(),
        role,
    }
}

#[tokio::test]
async fn storage_story() {
    each_backend("storage_story", |db: TestDb| async move {
        let store = db.open().await;
        let repo = store.repo();
        let now = t0();

        // Accounts: e-mail unique ignoring case.
        assert_eq!(repo.count_users().await.unwrap(), 0);
        let a = repo
            .create_user(&new_user("Ana@Example.test", Role::Admin), now)
            .await
            .unwrap();
        assert_eq!(a.email, "Ana@Example.test");
        assert_eq!(a.created_at, now);
        let dup = repo
            .create_user(&new_user("ana@example.TEST", Role::User), now)
            .await;
        assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
        let b = repo
            .create_user(&new_user("bruno@example.test", Role::User), now)
            .await
            .unwrap();
        assert_eq!(
            repo.user_by_email(" ANA@example.test ")
                .await
                .unwrap()
                .unwrap()
                .id,
            a.id
        );
        assert!(
            repo.user_by_email("nobody@example.test")
                .await
                .unwrap()
                .is_none()
        );
        assert!(matches!(
            repo.user(Uuid::now_v7()).await,
            Err(StoreError::NotFound)
        ));
        repo.set_user_disabled(b.id, true, now + mins(1))
            .await
            .unwrap();
        assert!(repo.user(b.id).await.unwrap().disabled);
        repo.set_user_disabled(b.id, false, now + mins(1))
            .await
            .unwrap();
        repo.set_user_role(b.id, Role::User, now).await.unwrap();
        repo.set_password_hash(a.id, "$argon2id$v=19$new", now + mins(2))
            .await
            .unwrap();
        assert_eq!(
            repo.user(a.id).await.unwrap().password_hash,
            "$argon2id$v=19$new"
        );
        assert_eq!(repo.list_users(10, 0).await.unwrap().len(), 2);

        // Refresh tokens: rotation with reuse detection.
        let family = Uuid::now_v7();
        let t1 = repo
            .insert_refresh_token(
                &NewRefreshToken {
                    user_id: a.id,
                    token_hash: "h1".into(),
                    family_id: family,
                    expires_at: now + TimeDelta::days(30),
                },
                now,
            )
            .await
            .unwrap();
        let found = repo.refresh_token_by_hash("h1").await.unwrap().unwrap();
        assert_eq!(found, t1);
        assert!(
            repo.mark_refresh_token_used(t1.id, now + mins(5))
                .await
                .unwrap()
        );
        let _t2 = repo
            .insert_refresh_token(
                &NewRefreshToken {
                    user_id: a.id,
                    token_hash: "h2".into(),
                    family_id: family,
                    expires_at: now + TimeDelta::days(30),
                },
                now + mins(5),
            )
            .await
            .unwrap();
        // The stolen h1 comes back: already used, so the family goes.
        assert!(
            !repo
                .mark_refresh_token_used(t1.id, now + mins(6))
                .await
                .unwrap()
        );
        assert_eq!(
            repo.revoke_refresh_family(family, now + mins(6))
                .await
                .unwrap(),
            2
        );
        assert!(
            repo.refresh_token_by_hash("h2")
                .await
                .unwrap()
                .unwrap()
                .revoked_at
                .is_some()
        );
        let old = repo
            .insert_refresh_token(
                &NewRefreshToken {
                    user_id: b.id,
                    token_hash: "h3".into(),
                    family_id: Uuid::now_v7(),
                    expires_at: now - mins(1),
                },
                now - mins(10),
            )
            .await
            .unwrap();
        assert_eq!(repo.delete_expired_refresh_tokens(now).await.unwrap(), 1);
        assert!(
            repo.refresh_token_by_hash(&old.token_hash)
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(repo.revoke_user_refresh_tokens(a.id, now).await.unwrap(), 0);

        // Profile and resume files.
        assert!(matches!(
            repo.profile(a.id).await,
            Err(StoreError::NotFound)
        ));
        let resume = json!({"basics": {"name": "Ana"}, "skills": [{"name": "Rust"}]});
        let prefs = json!({"remote": true, "countries": ["PT"], "salary_min": 3500});
        repo.put_profile(a.id, &resume, &prefs, now).await.unwrap();
        let resume2 =
            json!({"basics": {"name": "Ana S."}, "skills": [{"name": "Rust"}, {"name": "SQL"}]});
        let p = repo
            .put_profile(a.id, &resume2, &prefs, now + mins(1))
            .await
            .unwrap();
        assert_eq!(p.resume, resume2);
        assert_eq!(repo.profile(a.id).await.unwrap(), p);
        let file = repo
            .add_resume_file(
                a.id,
                &NewResumeFile {
                    filename: "cv.pdf".into(),
                    content_type: "application/pdf".into(),
                    content: b"%PDF-1.7 fake".to_vec(),
                    task_id: None,
                },
                now,
            )
            .await
            .unwrap();
        assert_eq!(file.size_bytes, 13);
        assert_eq!(file.parse_warnings, json!([]));
        let task_id = Uuid::now_v7();
        repo.set_resume_file_parse(a.id, file.id, Some(task_id), &json!(["no dates found"]))
            .await
            .unwrap();
        let file = repo.resume_file(a.id, file.id).await.unwrap();
        assert_eq!(
            (file.task_id, file.parse_warnings.clone()),
            (Some(task_id), json!(["no dates found"]))
        );
        assert_eq!(
            repo.resume_file_content(a.id, file.id).await.unwrap(),
            b"%PDF-1.7 fake"
        );
        assert_eq!(
            repo.list_resume_files(a.id).await.unwrap(),
            vec![file.clone()]
        );

        // Projects CRUD.
        let input = ProjectInput {
            title: "Job board crawler".into(),
            description: "Fetches postings politely.".into(),
            technologies: vec!["Rust".into(), "PostgreSQL".into()],
            links: vec![Link {
                label: "repository".into(),
                url: "https://example.test/crawler".into(),
            }],
            achievements: vec!["10k postings a day".into()],
        };
        let proj = repo.create_project(a.id, &input, now).await.unwrap();
        assert_eq!(proj.technologies, input.technologies);
        let mut changed = input.clone();
        changed.achievements.push("zero downtime".into());
        let proj2 = repo
            .update_project(a.id, proj.id, &changed, now + mins(3))
            .await
            .unwrap();
        assert_eq!(proj2.achievements.len(), 2);
        assert_eq!(proj2.created_at, now);
        assert_eq!(repo.project(a.id, proj.id).await.unwrap(), proj2);
        let other = repo
            .create_project(
                a.id,
                &ProjectInput {
                    title: "Other".into(),
                    ..Default::default()
                },
                now + mins(4),
            )
            .await
            .unwrap();
        assert_eq!(repo.list_projects(a.id).await.unwrap().len(), 2);
        repo.delete_project(a.id, other.id).await.unwrap();
        assert!(matches!(
            repo.project(a.id, other.id).await,
            Err(StoreError::NotFound)
        ));

        // Postings: insert, unchanged, updated; inactive when no longer seen.
        let (p1, o1) = repo
            .upsert_posting(&posting("1", "Rust engineer", now))
            .await
            .unwrap();
        let (p2, o2) = repo
            .upsert_posting(&posting("2", "Data engineer", now))
            .await
            .unwrap();
        assert_eq!((o1, o2), (Upsert::Inserted, Upsert::Inserted));
        let later = now + TimeDelta::hours(6);
        let (p1b, o1b) = repo
            .upsert_posting(&posting("1", "Rust engineer", later))
            .await
            .unwrap();
        assert_eq!((p1b, o1b), (p1, Upsert::Unchanged));
        let (p2b, o2b) = repo
            .upsert_posting(&posting("2", "Senior data engineer", later))
            .await
            .unwrap();
        assert_eq!((p2b, o2b), (p2, Upsert::Updated));
        let got1 = repo.posting(p1).await.unwrap();
        assert_eq!(
            (got1.first_seen, got1.last_seen, got1.active),
            (now, later, true)
        );
        assert_eq!(
            repo.posting(p2).await.unwrap().title,
            "Senior data engineer"
        );
        let (p3, _) = repo
            .upsert_posting(&posting("3", "Gone soon", now))
            .await
            .unwrap();
        assert_eq!(
            repo.deactivate_unseen("greenhouse:acme", later)
                .await
                .unwrap(),
            1
        );
        assert!(!repo.posting(p3).await.unwrap().active);
        assert_eq!(repo.count_postings(true).await.unwrap(), 2);
        assert_eq!(repo.count_postings(false).await.unwrap(), 3);
        let (p3b, o3b) = repo
            .upsert_posting(&posting("3", "Gone soon", later))
            .await
            .unwrap();
        assert_eq!(
            (p3b, o3b),
            (p3, Upsert::Updated),
            "seen again: active again"
        );
        repo.set_dedup_group(p3, Some("g1")).await.unwrap();
        let listed = repo
            .list_postings(&PostingQuery {
                source: Some("greenhouse:acme".into()),
                active_only: true,
                limit: 10,
                offset: 0,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(listed.len(), 3);
        assert!(
            repo.list_postings(&PostingQuery {
                source: Some("nope".into()),
                ..Default::default()
            })
            .await
            .unwrap()
            .is_empty()
        );

        // Sources: shared and owned, unique names, sync counters.
        let cfg = json!({"board": "acme"});
        let shared = repo
            .create_source(
                None,
                &SourceInput {
                    name: "acme".into(),
                    kind: "greenhouse".into(),
                    config: cfg.clone(),
                    enabled: true,
                },
                now,
            )
            .await
            .unwrap();
        assert_eq!((shared.status, shared.sync_count), (SourceStatus::New, 0));
        let again = repo
            .create_source(
                Some(a.id),
                &SourceInput {
                    name: "acme".into(),
                    kind: "feed".into(),
                    config: cfg.clone(),
                    enabled: true,
                },
                now,
            )
            .await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
        let own = repo
            .create_source(
                Some(a.id),
                &SourceInput {
                    name: "ana-feed".into(),
                    kind: "feed".into(),
                    config: json!({"url": "https://example.test/rss"}),
                    enabled: true,
                },
                now,
            )
            .await
            .unwrap();
        let s = repo
            .record_sync(
                shared.id,
                &SyncReport {
                    at: later,
                    error: None,
                    fetched: 3,
                    inserted: 2,
                    updated: 1,
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (s.status, s.sync_count, s.fetched_total, s.last_synced),
            (SourceStatus::Ok, 1, 3, Some(later))
        );
        let s = repo
            .record_sync(
                shared.id,
                &SyncReport {
                    at: later + mins(1),
                    error: Some("HTTP 503".into()),
                    fetched: 0,
                    inserted: 0,
                    updated: 0,
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (
                s.status,
                s.sync_count,
                s.error_count,
                s.last_error.as_deref()
            ),
            (SourceStatus::Error, 2, 1, Some("HTTP 503"))
        );
        assert_eq!(repo.list_sources(Some(a.id)).await.unwrap().len(), 2);
        assert_eq!(repo.list_sources(None).await.unwrap().len(), 1);
        assert_eq!(repo.list_all_sources().await.unwrap().len(), 2);
        let upd = SourceInput {
            name: "ana-feed".into(),
            kind: "feed".into(),
            config: json!({"url": "https://example.test/atom"}),
            enabled: false,
        };
        assert!(
            !repo
                .update_source(Some(a.id), own.id, &upd, later)
                .await
                .unwrap()
                .enabled
        );
        // A user cannot change a shared source through the owner-scoped call.
        assert!(matches!(
            repo.update_source(Some(a.id), shared.id, &upd, later).await,
            Err(StoreError::NotFound)
        ));

        // Matches: replaced as a set, top N by score.
        let set1 = vec![
            NewMatch {
                posting_id: p1,
                score: 81.5,
                components: json!({"skills": 0.9}),
                explanation: json!(["rust"]),
            },
            NewMatch {
                posting_id: p2,
                score: 64.0,
                components: json!({"skills": 0.6}),
                explanation: json!([]),
            },
        ];
        repo.replace_matches(a.id, &set1, now).await.unwrap();
        let set2 = vec![
            NewMatch {
                posting_id: p2,
                score: 90.0,
                components: json!({"skills": 1.0}),
                explanation: json!(["sql"]),
            },
            NewMatch {
                posting_id: p3,
                score: 50.0,
                components: json!({}),
                explanation: json!([]),
            },
        ];
        repo.replace_matches(a.id, &set2, later).await.unwrap();
        let top = repo.top_matches(a.id, 1).await.unwrap();
        assert_eq!(
            (
                top.len(),
                top[0].posting_id,
                top[0].score,
                top[0].computed_at
            ),
            (1, p2, 90.0, later)
        );
        assert_eq!(repo.top_matches(a.id, 10).await.unwrap().len(), 2);
        assert!(
            matches!(repo.match_for(a.id, p1).await, Err(StoreError::NotFound)),
            "p1 left with the old set"
        );
        // A match for a posting that does not exist fails and leaves the old set.
        let bad = vec![NewMatch {
            posting_id: Uuid::now_v7(),
            score: 1.0,
            components: json!({}),
            explanation: json!([]),
        }];
        assert!(repo.replace_matches(a.id, &bad, later).await.is_err());
        assert_eq!(repo.top_matches(a.id, 10).await.unwrap().len(), 2);

        // Skill analyses: history, newest first.
        for i in 0..3 {
            repo.add_skill_analysis(a.id, &json!({"run": i}), now + mins(i))
                .await
                .unwrap();
        }
        let hist = repo.list_skill_analyses(a.id, 10).await.unwrap();
        assert_eq!(
            hist.iter()
                .map(|h| h.report["run"].as_i64().unwrap())
                .collect::<Vec<_>>(),
            vec![2, 1, 0]
        );

        // Applications: stage changes with history.
        let app = repo
            .create_application(a.id, p1, Stage::Saved, "looks good", now)
            .await
            .unwrap();
        assert!(matches!(
            repo.create_application(a.id, p1, Stage::Applied, "", now)
                .await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            repo.create_application(a.id, Uuid::now_v7(), Stage::Applied, "", now)
                .await,
            Err(StoreError::NotFound)
        ));
        repo.change_stage(a.id, app.id, Stage::Applied, "sent", now + mins(10))
            .await
            .unwrap();
        let app2 = repo
            .change_stage(
                a.id,
                app.id,
                Stage::Interview,
                "call on Monday",
                now + mins(20),
            )
            .await
            .unwrap();
        assert_eq!(
            (app2.stage, app2.updated_at),
            (Stage::Interview, now + mins(20))
        );
        let hist = repo.application_history(a.id, app.id).await.unwrap();
        let steps: Vec<_> = hist.iter().map(|h| (h.from_stage, h.to_stage)).collect();
        assert_eq!(
            steps,
            vec![
                (None, Stage::Saved),
                (Some(Stage::Saved), Stage::Applied),
                (Some(Stage::Applied), Stage::Interview)
            ]
        );
        assert_eq!(
            repo.set_application_notes(a.id, app.id, "prepare", now)
                .await
                .unwrap()
                .notes,
            "prepare"
        );
        assert_eq!(repo.list_applications(a.id).await.unwrap().len(), 1);

        // Audit log: append, newest first, append-only.
        repo.audit(&NewAuditEvent {
            at: now,
            user_id: Some(a.id),
            kind: "login_ok".into(),
            ip: Some("127.0.0.1".into()),
            details: json!({}),
        })
        .await
        .unwrap();
        repo.audit(&NewAuditEvent {
            at: now + mins(1),
            user_id: None,
            kind: "login_failed".into(),
            ip: None,
            details: json!({"email": "x@example.test"}),
        })
        .await
        .unwrap();
        repo.audit(&NewAuditEvent {
            at: now + mins(2),
            user_id: Some(a.id),
            kind: "refresh_reuse".into(),
            ip: None,
            details: json!({"family": family}),
        })
        .await
        .unwrap();
        let all = repo.list_audit(None, 10).await.unwrap();
        assert_eq!(
            all.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(),
            vec!["refresh_reuse", "login_failed", "login_ok"]
        );
        assert_eq!(repo.list_audit(Some(a.id), 10).await.unwrap().len(), 2);

        // Owner isolation: B can neither read nor change any of A's rows.
        assert!(matches!(
            repo.profile(b.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            repo.resume_file(b.id, file.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            repo.resume_file_content(b.id, file.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            repo.set_resume_file_parse(b.id, file.id, None, &json!([]))
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            repo.delete_resume_file(b.id, file.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(repo.list_resume_files(b.id).await.unwrap().is_empty());
        assert!(matches!(
            repo.project(b.id, proj.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            repo.update_project(b.id, proj.id, &input, later).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            repo.delete_project(b.id, proj.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(repo.list_projects(b.id).await.unwrap().is_empty());
        assert!(matches!(
            repo.source(Some(b.id), own.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            repo.update_source(Some(b.id), own.id, &upd, later).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            repo.delete_source(Some(b.id), own.id).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            repo.list_sources(Some(b.id)).await.unwrap().len(),
            1,
            "shared only"
        );
        assert!(repo.top_matches(b.id, 10).await.unwrap().is_empty());
        assert!(matches!(
            repo.match_for(b.id, p2).await,
            Err(StoreError::NotFound)
        ));
        assert!(repo.list_skill_analyses(b.id, 10).await.unwrap().is_empty());
        assert!(matches!(
            repo.application(b.id, app.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            repo.change_stage(b.id, app.id, Stage::Rejected, "", later)
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            repo.set_application_notes(b.id, app.id, "x", later).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            repo.application_history(b.id, app.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            repo.delete_application(b.id, app.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(repo.list_applications(b.id).await.unwrap().is_empty());
        // …and A's rows are untouched.
        assert_eq!(repo.project(a.id, proj.id).await.unwrap(), proj2);
        assert_eq!(
            repo.application(a.id, app.id).await.unwrap().stage,
            Stage::Interview
        );
        assert_eq!(repo.resume_file(a.id, file.id).await.unwrap(), file);
        assert_eq!(
            repo.source(Some(a.id), own.id).await.unwrap().name,
            "ana-feed"
        );

        // Deletes by the owner work.
        repo.delete_application(a.id, app.id).await.unwrap();
        repo.delete_resume_file(a.id, file.id).await.unwrap();
        repo.delete_source(Some(a.id), own.id).await.unwrap();
        repo.delete_source(None, shared.id).await.unwrap();

        store.close().await;
        db
    })
    .await;
}

#[tokio::test]
async fn audit_log_refuses_update_and_delete() {
    each_backend(
        "audit_log_refuses_update_and_delete",
        |db: TestDb| async move {
            let store = db.open().await;
            store
                .repo()
                .audit(&NewAuditEvent {
                    at: t0(),
                    user_id: None,
                    kind: "boot".into(),
                    ip: None,
                    details: json!({}),
                })
                .await
                .unwrap();
            store.close().await;
            // Straight SQL, bypassing the trait (which has no such call): the triggers refuse.
            match store.backend() {
                Backend::Sqlite => {
                    let pool = sqlx::SqlitePool::connect(&db.url).await.unwrap();
                    assert!(
                        sqlx::query("UPDATE audit_log SET kind = 'x'")
                            .execute(&pool)
                            .await
                            .is_err()
                    );
                    assert!(
                        sqlx::query("DELETE FROM audit_log")
                            .execute(&pool)
                            .await
                            .is_err()
                    );
                    pool.close().await;
                }
                Backend::Postgres => {
                    let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
                    assert!(
                        sqlx::query("UPDATE audit_log SET kind = 'x'")
                            .execute(&pool)
                            .await
                            .is_err()
                    );
                    assert!(
                        sqlx::query("DELETE FROM audit_log")
                            .execute(&pool)
                            .await
                            .is_err()
                    );
                    pool.close().await;
                }
            }
            db
        },
    )
    .await;
}
