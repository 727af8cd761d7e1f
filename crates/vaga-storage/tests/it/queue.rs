//! The task queue on both backends: claim order, lease expiry, backoff, dead and retry,
//! release, dedup keys, progress, and two workers with their own pools draining 50 tasks.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::TimeDelta;
use serde_json::json;
use vaga_storage::*;

use crate::support::{TestDb, each_backend, t0};

const LEASE: Duration = Duration::from_secs(60);

fn secs(n: i64) -> TimeDelta {
    TimeDelta::seconds(n)
}

#[tokio::test]
async fn claim_complete_and_kinds() {
    each_backend("claim_complete_and_kinds", |db: TestDb| async move {
        let store = db.open().await;
        let q = store.queue();
        let now = t0();
        assert!(
            q.claim("w1", &[], LEASE, now).await.unwrap().is_none(),
            "empty queue"
        );
        let a = q
            .enqueue(&NewTask::new("sync_source", json!({"source": "acme"})), now)
            .await
            .unwrap();
        let b = q
            .enqueue(
                &NewTask::new("parse_resume", json!({"file": 1})),
                now + secs(1),
            )
            .await
            .unwrap();
        let mut later = NewTask::new("sync_source", json!({}));
        later.delay = Duration::from_secs(3600);
        let c = q.enqueue(&later, now).await.unwrap();
        assert!(matches!(a, Enqueued::Created(_)));

        // Only the asked kinds, oldest run_at first; a delayed task waits.
        let got = q
            .claim("w1", &["parse_resume"], LEASE, now + secs(5))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (got.id, got.status, got.attempts),
            (b.id(), TaskStatus::Running, 1)
        );
        assert_eq!(got.locked_by.as_deref(), Some("w1"));
        assert_eq!(got.lease_until, Some(now + secs(65)));
        let got_a = q
            .claim("w2", &["sync_source", "other"], LEASE, now + secs(5))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got_a.id, a.id());
        assert!(
            q.claim("w2", &[], LEASE, now + secs(5))
                .await
                .unwrap()
                .is_none(),
            "c is delayed"
        );

        // Progress and heartbeat by the holder only.
        q.heartbeat(
            b.id(),
            "w1",
            LEASE,
            Some(&json!({"done": 1, "of": 3})),
            now + secs(10),
        )
        .await
        .unwrap();
        let t = q.get(b.id()).await.unwrap();
        assert_eq!(
            (t.progress, t.lease_until),
            (Some(json!({"done": 1, "of": 3})), Some(now + secs(70)))
        );
        assert!(matches!(
            q.heartbeat(b.id(), "w2", LEASE, None, now).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            q.complete(b.id(), "w2", now).await,
            Err(StoreError::Conflict(_))
        ));
        q.complete(b.id(), "w1", now + secs(11)).await.unwrap();
        let t = q.get(b.id()).await.unwrap();
        assert_eq!(
            (t.status, t.locked_by, t.lease_until),
            (TaskStatus::Done, None, None)
        );
        assert!(
            matches!(
                q.complete(b.id(), "w1", now).await,
                Err(StoreError::Conflict(_))
            ),
            "done twice"
        );

        // a's lease (until now + 65 s) has long expired at now + 3601 s: it goes first, again.
        let again = q
            .claim("w1", &[], LEASE, now + secs(3601))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((again.id, again.attempts), (a.id(), 2));
        let due = q
            .claim("w1", &[], LEASE, now + secs(3601))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(due.id, c.id());
        assert_eq!(
            q.list(Some(TaskStatus::Running), 10).await.unwrap().len(),
            2
        );
        assert_eq!(q.list(None, 10).await.unwrap().len(), 3);
        assert!(matches!(
            q.get(uuid::Uuid::now_v7()).await,
            Err(StoreError::NotFound)
        ));
        store.close().await;
        db
    })
    .await;
}

#[tokio::test]
async fn backoff_then_dead_then_retry() {
    each_backend("backoff_then_dead_then_retry", |db: TestDb| async move {
        // test_options: base 10 s, cap 100 s, 3 attempts.
        let store = db.open().await;
        let q = store.queue();
        let now = t0();
        let id = q
            .enqueue(&NewTask::new("boom", json!({})), now)
            .await
            .unwrap()
            .id();

        let t = q.claim("w", &[], LEASE, now).await.unwrap().unwrap();
        assert_eq!(t.attempts, 1);
        assert_eq!(
            q.fail(id, "w", "first", now).await.unwrap(),
            TaskStatus::Failed
        );
        let t = q.get(id).await.unwrap();
        assert_eq!(
            (t.status, t.run_at, t.last_error.as_deref()),
            (TaskStatus::Failed, now + secs(20), Some("first"))
        );
        assert!(
            q.claim("w", &[], LEASE, now + secs(19))
                .await
                .unwrap()
                .is_none(),
            "backing off"
        );

        let t = q
            .claim("w", &[], LEASE, now + secs(20))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(t.attempts, 2);
        assert_eq!(
            q.fail(id, "w", "second", now + secs(20)).await.unwrap(),
            TaskStatus::Failed
        );
        assert_eq!(
            q.get(id).await.unwrap().run_at,
            now + secs(60),
            "10 s × 2^2"
        );

        q.claim("w", &[], LEASE, now + secs(60))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            q.fail(id, "w", "third", now + secs(60)).await.unwrap(),
            TaskStatus::Dead
        );
        let t = q.get(id).await.unwrap();
        assert_eq!(
            (t.status, t.attempts, t.last_error.as_deref()),
            (TaskStatus::Dead, 3, Some("third"))
        );
        assert!(
            q.claim("w", &[], LEASE, now + secs(100_000))
                .await
                .unwrap()
                .is_none(),
            "dead stays dead"
        );
        assert_eq!(q.list(Some(TaskStatus::Dead), 10).await.unwrap().len(), 1);

        // Retry brings it back with fresh attempts; retrying a live task is a conflict.
        q.retry(id, now + secs(200)).await.unwrap();
        let t = q.get(id).await.unwrap();
        assert_eq!((t.status, t.attempts), (TaskStatus::Queued, 0));
        assert!(matches!(
            q.retry(id, now).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            q.retry(uuid::Uuid::now_v7(), now).await,
            Err(StoreError::NotFound)
        ));
        let t = q
            .claim("w", &[], LEASE, now + secs(200))
            .await
            .unwrap()
            .unwrap();
        q.complete(t.id, "w", now + secs(201)).await.unwrap();
        assert_eq!(q.get(id).await.unwrap().status, TaskStatus::Done);
        store.close().await;
        db
    })
    .await;
}

#[tokio::test]
async fn backoff_is_capped() {
    each_backend("backoff_is_capped", |db: TestDb| async move {
        let mut options = crate::support::test_options();
        options.queue.backoff_cap = Duration::from_secs(15);
        let store = db.open_with(&options).await;
        let q = store.queue();
        let now = t0();
        let mut task = NewTask::new("flaky", json!({}));
        task.max_attempts = Some(10);
        let id = q.enqueue(&task, now).await.unwrap().id();
        q.claim("w", &[], LEASE, now).await.unwrap().unwrap();
        q.fail(id, "w", "e", now).await.unwrap();
        assert_eq!(
            q.get(id).await.unwrap().run_at,
            now + secs(15),
            "20 s capped at 15 s"
        );
        store.close().await;
        db
    })
    .await;
}

#[tokio::test]
async fn lease_expiry_hands_the_task_to_another_worker() {
    each_backend(
        "lease_expiry_hands_the_task_to_another_worker",
        |db: TestDb| async move {
            let store = db.open().await;
            let q = store.queue();
            let now = t0();
            let id = q
                .enqueue(&NewTask::new("sync_source", json!({})), now)
                .await
                .unwrap()
                .id();
            q.claim("crashed", &[], LEASE, now).await.unwrap().unwrap();
            assert!(
                q.claim("w2", &[], LEASE, now + secs(59))
                    .await
                    .unwrap()
                    .is_none(),
                "lease still held"
            );
            let t = q
                .claim("w2", &[], LEASE, now + secs(61))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (t.id, t.attempts, t.locked_by.as_deref()),
                (id, 2, Some("w2"))
            );
            // The old holder comes back: it holds nothing any more.
            assert!(matches!(
                q.complete(id, "crashed", now + secs(62)).await,
                Err(StoreError::Conflict(_))
            ));
            assert!(matches!(
                q.fail(id, "crashed", "late", now + secs(62)).await,
                Err(StoreError::Conflict(_))
            ));
            q.complete(id, "w2", now + secs(63)).await.unwrap();

            // A lease that expires on the last attempt makes the task dead.
            let mut one = NewTask::new("once", json!({}));
            one.max_attempts = Some(1);
            let id = q.enqueue(&one, now).await.unwrap().id();
            q.claim("crashed", &[], LEASE, now).await.unwrap().unwrap();
            assert!(
                q.claim("w2", &[], LEASE, now + secs(120))
                    .await
                    .unwrap()
                    .is_none()
            );
            let t = q.get(id).await.unwrap();
            assert_eq!(t.status, TaskStatus::Dead);
            assert!(t.last_error.unwrap().contains("lease expired"));
            store.close().await;
            db
        },
    )
    .await;
}

#[tokio::test]
async fn release_puts_the_task_back_without_counting_it() {
    each_backend(
        "release_puts_the_task_back_without_counting_it",
        |db: TestDb| async move {
            let store = db.open().await;
            let q = store.queue();
            let now = t0();
            let id = q
                .enqueue(&NewTask::new("match", json!({})), now)
                .await
                .unwrap()
                .id();
            q.claim("w1", &[], LEASE, now).await.unwrap().unwrap();
            assert!(matches!(
                q.release(id, "w2", now).await,
                Err(StoreError::Conflict(_))
            ));
            q.release(id, "w1", now + secs(1)).await.unwrap();
            let t = q.get(id).await.unwrap();
            assert_eq!(
                (t.status, t.attempts, t.locked_by),
                (TaskStatus::Queued, 0, None)
            );
            let t = q
                .claim("w2", &[], LEASE, now + secs(1))
                .await
                .unwrap()
                .unwrap();
            assert_eq!((t.id, t.attempts), (id, 1));
            store.close().await;
            db
        },
    )
    .await;
}

#[tokio::test]
async fn dedup_key_allows_one_unfinished_task() {
    each_backend(
        "dedup_key_allows_one_unfinished_task",
        |db: TestDb| async move {
            let store = db.open().await;
            let q = store.queue();
            let now = t0();
            let mut tick = NewTask::new("sync_all", json!({}));
            tick.dedup_key = Some("sync_all@2026-03-01T06:00Z".into());
            let first = q.enqueue(&tick, now).await.unwrap();
            let second = q.enqueue(&tick, now).await.unwrap();
            assert!(matches!(first, Enqueued::Created(_)));
            assert_eq!(second, Enqueued::Duplicate(first.id()));
            // Still a duplicate while running or waiting for a retry…
            q.claim("w", &[], LEASE, now).await.unwrap().unwrap();
            assert_eq!(
                q.enqueue(&tick, now).await.unwrap(),
                Enqueued::Duplicate(first.id())
            );
            q.fail(first.id(), "w", "e", now).await.unwrap();
            assert_eq!(
                q.enqueue(&tick, now).await.unwrap(),
                Enqueued::Duplicate(first.id())
            );
            // …and free again once it is finished.
            q.claim("w", &[], LEASE, now + secs(3600))
                .await
                .unwrap()
                .unwrap();
            q.complete(first.id(), "w", now + secs(3600)).await.unwrap();
            let third = q.enqueue(&tick, now + secs(3601)).await.unwrap();
            assert!(matches!(third, Enqueued::Created(id) if id != first.id()));
            // Tasks without a key never collide.
            let a = q.enqueue(&NewTask::new("x", json!({})), now).await.unwrap();
            let b = q.enqueue(&NewTask::new("x", json!({})), now).await.unwrap();
            assert_ne!(a.id(), b.id());
            store.close().await;
            db
        },
    )
    .await;
}

#[tokio::test]
async fn tasks_of_a_user_are_private() {
    each_backend("tasks_of_a_user_are_private", |db: TestDb| async move {
        let store = db.open().await;
        let repo = store.repo();
        let q = store.queue();
        let now = t0();
        let mk = |email: &str| NewUser {
            email: email.into(),
            password_hash: "h".into(),
            name: "n".into(),
            role: Role::User,
        };
        let a = repo.create_user(&mk("a@example.test"), now).await.unwrap();
        let b = repo.create_user(&mk("b@example.test"), now).await.unwrap();
        let mut task = NewTask::new("parse_resume", json!({}));
        task.user_id = Some(a.id);
        let id = q.enqueue(&task, now).await.unwrap().id();
        assert_eq!(q.get_for_user(a.id, id).await.unwrap().id, id);
        assert!(matches!(
            q.get_for_user(b.id, id).await,
            Err(StoreError::NotFound)
        ));
        store.close().await;
        db
    })
    .await;
}

/// Two workers, each with its own pool (as two processes would have), drain 50 tasks at the
/// same time; every task must run exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_run_each_task_exactly_once() {
    each_backend(
        "two_workers_run_each_task_exactly_once",
        |db: TestDb| async move {
            let setup = db.open().await;
            let now = t0();
            let mut ids = Vec::new();
            for i in 0..50 {
                ids.push(
                    setup
                        .queue()
                        .enqueue(&NewTask::new("work", json!({"i": i})), now)
                        .await
                        .unwrap()
                        .id(),
                );
            }
            let runs: Arc<Mutex<HashMap<uuid::Uuid, Vec<&'static str>>>> = Arc::default();
            let mut handles = Vec::new();
            for worker in ["w1", "w2"] {
                let store = db.open().await;
                let runs = Arc::clone(&runs);
                handles.push(tokio::spawn(async move {
                    let q = store.queue();
                    let mut n = 0;
                    while let Some(task) = q
                        .claim(worker, &["work"], LEASE, now + secs(1))
                        .await
                        .unwrap()
                    {
                        runs.lock()
                            .unwrap()
                            .entry(task.id)
                            .or_default()
                            .push(worker);
                        tokio::task::yield_now().await;
                        q.complete(task.id, worker, now + secs(2)).await.unwrap();
                        n += 1;
                    }
                    store.close().await;
                    n
                }));
            }
            let mut per_worker = Vec::new();
            for h in handles {
                per_worker.push(h.await.unwrap());
            }
            let runs = runs.lock().unwrap().clone();
            assert_eq!(runs.len(), 50, "every task ran");
            assert!(
                runs.values().all(|w| w.len() == 1),
                "no task ran twice: {runs:?}"
            );
            assert_eq!(per_worker.iter().sum::<i32>(), 50);
            for id in ids {
                assert_eq!(
                    setup.queue().get(id).await.unwrap().status,
                    TaskStatus::Done
                );
            }
            eprintln!("{:?}: tasks per worker {per_worker:?}", setup.backend());
            setup.close().await;
            db
        },
    )
    .await;
}
