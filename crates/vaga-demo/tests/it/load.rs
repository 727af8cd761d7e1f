//! Loading the demo into a store: twice, the second run changing nothing.

use chrono::Duration;
use vaga_auth::{Password, PasswordPolicy};
use vaga_demo::{DEMO_EMAIL, DEMO_NAME, DEMO_PASSWORD, POSTINGS, SOURCES, load};
use vaga_storage::{PostingQuery, Role};

use super::generate::now;
use vaga_storage::testing::each_backend;

#[test]
fn the_demo_password_meets_the_policy() {
    PasswordPolicy::default()
        .check(&Password::from(DEMO_PASSWORD), DEMO_EMAIL, DEMO_NAME)
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loads_once_then_changes_nothing() {
    each_backend("loads_once_then_changes_nothing", |db| async move {
        let store = db.open().await;
        let repo = store.repo();

        let first = load(&store, now()).await.unwrap();
        eprintln!("{first}");
        assert!(first.user_created && first.profile_written && first.changed());
        assert_eq!(first.sources_created, SOURCES.len());
        assert_eq!(first.postings, POSTINGS);
        assert_eq!(first.inserted, POSTINGS);

        // A restart a day later: same postings, nothing new.
        let second = load(&store, now() + Duration::days(1)).await.unwrap();
        eprintln!("{second}");
        assert!(!second.changed(), "{second:?}");
        assert_eq!(second.unchanged, POSTINGS);
        assert_eq!(second.user_id, first.user_id);
        assert!(second.to_string().starts_with("demo already loaded"));

        let user = repo.user_by_email(DEMO_EMAIL).await.unwrap().unwrap();
        assert_eq!(user.role, Role::User);
        assert!(!user.disabled);
        assert!(vaga_auth::verify(
            &Password::from(DEMO_PASSWORD),
            &user.password_hash
        ));
        let profile = repo.profile(user.id).await.unwrap();
        assert_eq!(profile.preferences["remote_only"], true);
        assert_eq!(repo.count_users().await.unwrap(), 1);
        assert_eq!(repo.count_postings(true).await.unwrap(), POSTINGS as i64);

        let sources = repo.list_all_sources().await.unwrap();
        assert_eq!(sources.len(), SOURCES.len());
        assert!(sources.iter().all(|s| s.kind == "demo" && !s.enabled));

        let newest = repo
            .list_postings(&PostingQuery {
                limit: 5,
                ..PostingQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(newest.len(), 5);
        for p in &newest {
            assert!(p.source.starts_with("demo-"));
            assert_eq!(p.record["vaga_normalized"], 2);
            assert!(p.record["skills"].as_array().is_some());
            assert!(p.posted_at.unwrap() <= now());
        }
        store.close().await;
        db
    })
    .await;
}
