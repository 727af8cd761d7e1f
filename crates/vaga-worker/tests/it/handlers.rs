//! The built-in handlers: recompute_matches ranks stored postings for a profile; sync_source
//! fetches a recorded real response from a loopback server and stores it, idempotently;
//! analyse_skills and market_trends store their reports.

use chrono::TimeDelta;
use serde_json::json;
use uuid::Uuid;
use vaga_domain::posting::currency::Currency;
use vaga_domain::posting::normalize::Normalizer;
use vaga_domain::posting::salary::SalaryParser;
use vaga_domain::skills::{Scratch, SkillEngine};
use vaga_sources::SourcePosting;
use vaga_storage::{NewPosting, NewResumeFile, NewUser, Repo, Role, SourceInput, TaskStatus};
use vaga_worker::{Worker, WorkerConfig, records, tasks};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{TestDb, each_backend, t0};

async fn user(repo: &dyn Repo, email: &str) -> Uuid {
    repo.create_user(
        &NewUser {
            email: email.into(),
            password_hash: "x".into(),
            name: "Test".into(),
            role: Role::User,
        },
        t0(),
    )
    .await
    .unwrap()
    .id
}

/// Stores three invented postings, normalised as a sync would.
async fn postings(repo: &dyn Repo) -> Vec<Uuid> {
    let engine = SkillEngine::builtin().unwrap();
    let parser = SalaryParser::builtin();
    let normalizer = Normalizer::new(&engine, &parser, Currency::from_code("USD").unwrap());
    let mut scratch = Scratch::default();
    let items = [
        (
            "1",
            "Senior Rust Engineer",
            "We build our backend in Rust with PostgreSQL and Docker. Remote, worldwide.",
        ),
        (
            "2",
            "Java Developer",
            "Java, Spring Boot and Oracle. On-site in Berlin, Germany.",
        ),
        (
            "3",
            "Backend Engineer (Go)",
            "Go, PostgreSQL, Kubernetes. Remote, worldwide.",
        ),
    ];
    let mut ids = Vec::new();
    for (ext, title, description) in items {
        let mut p = SourcePosting::new("test", ext, title);
        p.company = Some("Acme".into());
        p.description = Some(description.into());
        p.posted_at = Some("2026-02-20".into());
        let record = records::normalise(&normalizer, &mut scratch, &p);
        let (id, _) = repo
            .upsert_posting(&NewPosting {
                source: "test".into(),
                external_id: ext.into(),
                record,
                raw: json!({}),
                title: title.into(),
                company: "Acme".into(),
                url: None,
                posted_at: None,
                seen_at: t0(),
            })
            .await
            .unwrap();
        ids.push(id);
    }
    ids
}

fn resume() -> serde_json::Value {
    json!({
        "basics": { "name": "Test Person", "location": { "countryCode": "BR" } },
        "skills": [{ "name": "Backend", "keywords": ["Rust", "PostgreSQL", "Docker"] }],
        "meta": { "vaga": { "years_experience": 6, "language": "en" } }
    })
}

#[tokio::test]
async fn recompute_matches_stores_ranked_matches_and_the_analyses_run() {
    each_backend("recompute_matches", |db: TestDb| async move {
        let store = db.open().await;
        let repo = store.repo();
        let q = store.queue();
        let ids = postings(repo.as_ref()).await;
        let someone = user(repo.as_ref(), "a@example.com").await;
        let nobody = user(repo.as_ref(), "b@example.com").await;
        repo.put_profile(someone, &resume(), &json!({ "remote_only": true }), t0())
            .await
            .unwrap();
        let worker = Worker::new(&store, WorkerConfig::default()).unwrap();

        let task = tasks::recompute_matches(None);
        assert_eq!(task.dedup_key.as_deref(), Some("recompute_matches:all"));
        q.enqueue(&task, t0()).await.unwrap();
        let r = worker.run_once(t0()).await.unwrap().unwrap();
        assert_eq!(r.status, TaskStatus::Done, "{r:?}");
        let got = repo.top_matches(someone, 10).await.unwrap();
        assert!(!got.is_empty());
        assert_eq!(got[0].posting_id, ids[0], "the Rust posting first: {got:?}");
        assert!(got.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(
            got[0].explanation["explanation"].is_string(),
            "{}",
            got[0].explanation
        );
        assert!(
            got[0].components["skills"].is_number(),
            "{}",
            got[0].components
        );
        let java = got.iter().find(|m| m.posting_id == ids[1]);
        assert!(java.is_none_or(|m| m.score < got[0].score));
        assert!(repo.top_matches(nobody, 10).await.unwrap().is_empty());

        // One user's task, with its user set; the same again is idempotent.
        let one = tasks::recompute_matches(Some(someone));
        assert_eq!(one.user_id, Some(someone));
        for _ in 0..2 {
            q.enqueue(&one, t0()).await.unwrap();
            assert_eq!(
                worker.run_once(t0()).await.unwrap().unwrap().status,
                TaskStatus::Done
            );
        }
        assert_eq!(
            repo.top_matches(someone, 10).await.unwrap().len(),
            got.len()
        );

        // Skill analysis and trends.
        q.enqueue(&tasks::analyse_skills(someone), t0())
            .await
            .unwrap();
        q.enqueue(&tasks::market_trends(), t0()).await.unwrap();
        while let Some(r) = worker.run_once(t0()).await.unwrap() {
            assert_eq!(r.status, TaskStatus::Done, "{r:?}");
        }
        let analyses = repo.list_skill_analyses(someone, 10).await.unwrap();
        assert_eq!(analyses.len(), 1);
        assert!(
            analyses[0].report["missing_skills"].is_array(),
            "{}",
            analyses[0].report
        );
        let trends = repo
            .latest_report(vaga_worker::TRENDS_REPORT)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(trends.body["total"], 3, "{}", trends.body);
        store.close().await;
        db
    })
    .await;
}

fn fixture(rel: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../vaga-sources/tests/fixtures")
        .join(rel);
    std::fs::read(p).unwrap()
}

#[tokio::test]
async fn sync_source_stores_a_recorded_response_and_a_second_sync_is_unchanged() {
    each_backend("sync_source", |db: TestDb| async move {
        let server = MockServer::start().await;
        let body = fixture("greenhouse/datadog.json");
        let expected = serde_json::from_slice::<serde_json::Value>(&body).unwrap()["jobs"]
            .as_array()
            .unwrap()
            .len();
        Mock::given(method("GET"))
            .and(path("/v1/boards/datadog/jobs"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let store = db.open().await;
        let repo = store.repo();
        let q = store.queue();
        let source = repo
            .create_source(
                None,
                &SourceInput {
                    name: "datadog".into(),
                    kind: "greenhouse".into(),
                    config: json!({ "board": "datadog", "base_url": server.uri() }),
                    enabled: true,
                },
                t0(),
            )
            .await
            .unwrap();
        let worker = Worker::new(&store, WorkerConfig::default()).unwrap();
        q.enqueue(&tasks::sync_source(source.id), t0())
            .await
            .unwrap();
        let r = worker.run_once(t0()).await.unwrap().unwrap();
        assert_eq!((r.status, r.error), (TaskStatus::Done, None));
        assert_eq!(repo.count_postings(true).await.unwrap(), expected as i64);
        let s = repo.source(None, source.id).await.unwrap();
        assert_eq!((s.sync_count, s.inserted_total), (1, expected as i64));
        assert!(s.last_error.is_none());
        // New postings: a recompute was enqueued.
        let follow = worker.run_once(t0()).await.unwrap().unwrap();
        assert_eq!(follow.task.kind, tasks::RECOMPUTE_MATCHES);

        // Again an hour later: all unchanged, nothing inserted or updated, no recompute.
        let later = t0() + TimeDelta::hours(1);
        let id = q
            .enqueue(&tasks::sync_source(source.id), later)
            .await
            .unwrap()
            .id();
        let r = worker.run_once(later).await.unwrap().unwrap();
        assert_eq!(r.status, TaskStatus::Done);
        let t = q.get(id).await.unwrap();
        let p = t.progress.unwrap();
        assert_eq!(
            (
                p["unchanged"].as_u64(),
                p["inserted"].as_u64(),
                p["updated"].as_u64()
            ),
            (Some(expected as u64), Some(0), Some(0)),
            "{p}"
        );
        let s = repo.source(None, source.id).await.unwrap();
        assert_eq!(
            (s.sync_count, s.inserted_total, s.updated_total),
            (2, expected as i64, 0)
        );
        assert!(
            worker.run_once(later).await.unwrap().is_none(),
            "no recompute"
        );
        store.close().await;
        db
    })
    .await;
}

#[tokio::test]
async fn parse_resume_fills_the_profile_and_a_pdf_dies_at_once() {
    each_backend("parse_resume", |db: TestDb| async move {
        let store = db.open().await;
        let repo = store.repo();
        let q = store.queue();
        let someone = user(repo.as_ref(), "c@example.com").await;
        repo.put_profile(someone, &json!({}), &json!({ "remote_only": true }), t0())
            .await
            .unwrap();
        let text = "Alex Doe\nBackend engineer\n\nExperience\nSenior Engineer, Acme\n\
                    Jan 2019 - Present\nBuilt services in Rust and PostgreSQL on AWS.\n\n\
                    Skills\nRust, PostgreSQL, Docker, Kubernetes\n";
        let file = repo
            .add_resume_file(
                someone,
                &NewResumeFile {
                    filename: "cv.txt".into(),
                    content_type: "text/plain".into(),
                    content: text.as_bytes().to_vec(),
                    task_id: None,
                },
                t0(),
            )
            .await
            .unwrap();
        let worker = Worker::new(&store, WorkerConfig::default()).unwrap();
        let task = tasks::parse_resume(someone, file.id);
        assert_eq!((task.user_id, task.max_attempts), (Some(someone), Some(1)));
        q.enqueue(&task, t0()).await.unwrap();
        let r = worker.run_once(t0()).await.unwrap().unwrap();
        assert_eq!((r.status, r.error), (TaskStatus::Done, None));
        let profile = repo.profile(someone).await.unwrap();
        let skills = profile.resume["meta"]["vaga"]["skills"].to_string();
        assert!(
            skills.contains("Rust") && skills.contains("PostgreSQL"),
            "{skills}"
        );
        assert_eq!(profile.preferences, json!({ "remote_only": true }), "kept");
        let f = repo.resume_file(someone, file.id).await.unwrap();
        assert_eq!(f.task_id, Some(r.task.id));
        // A recompute of this user's matches follows.
        let next = worker.run_once(t0()).await.unwrap().unwrap();
        assert_eq!(next.task.kind, tasks::RECOMPUTE_MATCHES);

        let pdf = repo
            .add_resume_file(
                someone,
                &NewResumeFile {
                    filename: "cv.pdf".into(),
                    content_type: "application/pdf".into(),
                    content: b"%PDF-1.7 not really".to_vec(),
                    task_id: None,
                },
                t0(),
            )
            .await
            .unwrap();
        let id = q
            .enqueue(&tasks::parse_resume(someone, pdf.id), t0())
            .await
            .unwrap()
            .id();
        let r = worker.run_once(t0()).await.unwrap().unwrap();
        assert_eq!(r.status, TaskStatus::Dead);
        let t = q.get(id).await.unwrap();
        assert_eq!(t.attempts, 1);
        assert!(t.last_error.unwrap().contains("PDF and DOCX"));
        let f = repo.resume_file(someone, pdf.id).await.unwrap();
        assert_eq!(f.parse_warnings.as_array().map(Vec::len), Some(1));
        store.close().await;
        db
    })
    .await;
}
