//! The run loop: deterministic draining, retries then dead, unknown kinds, two workers with
//! their own pools running every task exactly once, graceful shutdown, schedules.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::TimeDelta;
use serde_json::json;
use vaga_storage::{NewTask, TaskStatus};
use vaga_worker::{Handler, TaskContext, TaskError, Worker, WorkerConfig, tasks};

use crate::support::{TestDb, each_backend, t0};

/// Counts how often each task's `n` ran.
#[derive(Default)]
struct Count {
    runs: Mutex<HashMap<i64, usize>>,
    delay: Duration,
}

#[async_trait]
impl Handler for Count {
    async fn run(&self, cx: TaskContext) -> Result<(), TaskError> {
        let n = cx.task.payload["n"].as_i64().unwrap_or(-1);
        if !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
        *self.runs.lock().unwrap().entry(n).or_default() += 1;
        cx.progress(json!({ "n": n }));
        Ok(())
    }
}

struct Fails;

#[async_trait]
impl Handler for Fails {
    async fn run(&self, _cx: TaskContext) -> Result<(), TaskError> {
        Err(TaskError::Retry("the service is down".into()))
    }
}

/// Sleeps for an hour, after saying it started.
struct Long(tokio::sync::mpsc::UnboundedSender<()>);

#[async_trait]
impl Handler for Long {
    async fn run(&self, _cx: TaskContext) -> Result<(), TaskError> {
        let _ = self.0.send(());
        tokio::time::sleep(Duration::from_secs(3600)).await;
        Ok(())
    }
}

fn quiet_config() -> WorkerConfig {
    WorkerConfig {
        schedules_enabled: false,
        poll_interval: Duration::from_millis(20),
        beat_interval: Duration::from_millis(200),
        ..WorkerConfig::default()
    }
}

#[tokio::test]
async fn run_once_drains_the_queue_and_stores_progress() {
    each_backend("run_once_drains", |db: TestDb| async move {
        let store = db.open().await;
        let count = Arc::new(Count::default());
        let worker = Worker::new(&store, quiet_config())
            .unwrap()
            .with_id("w1")
            .with_handler("count", count.clone());
        let q = store.queue();
        for n in 0..5 {
            q.enqueue(&NewTask::new("count", json!({ "n": n })), t0())
                .await
                .unwrap();
        }
        let mut ran = Vec::new();
        while let Some(r) = worker.run_once(t0()).await.unwrap() {
            assert_eq!(r.status, TaskStatus::Done, "{r:?}");
            ran.push(r.task.payload["n"].as_i64().unwrap());
        }
        assert_eq!(ran, vec![0, 1, 2, 3, 4], "claimed in order");
        let done = q.list(Some(TaskStatus::Done), 100).await.unwrap();
        assert_eq!(done.len(), 5);
        assert!(done.iter().all(|t| t.progress.is_some()), "progress kept");
        store.close().await;
        db
    })
    .await;
}

#[tokio::test]
async fn a_failing_task_backs_off_then_dies_and_unknown_kinds_die_at_once() {
    each_backend("failing_task", |db: TestDb| async move {
        let store = db.open().await;
        let worker = Worker::new(&store, quiet_config())
            .unwrap()
            .with_handler("flaky", Arc::new(Fails));
        let q = store.queue();
        let id = q
            .enqueue(&NewTask::new("flaky", json!({})), t0())
            .await
            .unwrap()
            .id();
        // Attempt 1 fails: backoff 10 s × 2^1.
        let r = worker.run_once(t0()).await.unwrap().unwrap();
        assert_eq!(
            (r.status, r.error.as_deref()),
            (TaskStatus::Failed, Some("the service is down"))
        );
        assert!(
            worker
                .run_once(t0() + TimeDelta::seconds(19))
                .await
                .unwrap()
                .is_none()
        );
        let r = worker
            .run_once(t0() + TimeDelta::seconds(20))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.status, TaskStatus::Failed);
        // Attempt 2 waits 40 s; attempt 3 is the last (max 3 in the test options).
        assert!(
            worker
                .run_once(t0() + TimeDelta::seconds(59))
                .await
                .unwrap()
                .is_none()
        );
        let r = worker
            .run_once(t0() + TimeDelta::seconds(60))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.status, TaskStatus::Dead);
        let t = q.get(id).await.unwrap();
        assert_eq!((t.status, t.attempts), (TaskStatus::Dead, 3));

        let unknown = q
            .enqueue(&NewTask::new("no_such_kind", json!({})), t0())
            .await
            .unwrap()
            .id();
        let r = worker
            .run_once(t0() + TimeDelta::hours(1))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.status, TaskStatus::Dead);
        let t = q.get(unknown).await.unwrap();
        assert_eq!((t.status, t.attempts), (TaskStatus::Dead, 1));
        assert!(
            t.last_error
                .as_deref()
                .unwrap()
                .contains("unknown task kind \"no_such_kind\""),
            "{t:?}"
        );
        store.close().await;
        db
    })
    .await;
}

/// Two workers, each with its own pool, run 120 tasks concurrently: each exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_workers_with_their_own_pools_run_each_task_once() {
    each_backend("two_workers", |db: TestDb| async move {
        let store_a = db.open().await;
        let store_b = db.open().await;
        let count = Arc::new(Count {
            runs: Mutex::default(),
            delay: Duration::from_millis(2),
        });
        let config = WorkerConfig {
            concurrency: 4,
            ..quiet_config()
        };
        let q = store_a.queue();
        let total = 120;
        for n in 0..total {
            q.enqueue(
                &NewTask::new("count", json!({ "n": n })),
                chrono::Utc::now(),
            )
            .await
            .unwrap();
        }
        let (tx, rx) = tokio::sync::watch::channel(false);
        let mut handles = Vec::new();
        for (name, store) in [("a", &store_a), ("b", &store_b)] {
            let worker = Worker::new(store, config.clone())
                .unwrap()
                .with_id(name)
                .with_handler("count", count.clone());
            let mut rx = rx.clone();
            handles.push(tokio::spawn(worker.run(async move {
                let _ = rx.wait_for(|stop| *stop).await;
            })));
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        loop {
            let done = q.list(Some(TaskStatus::Done), 1000).await.unwrap().len();
            if done == total as usize || std::time::Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tx.send(true).unwrap();
        for h in handles {
            h.await.unwrap().unwrap();
        }
        let runs = count.runs.lock().unwrap().clone();
        assert_eq!(runs.len(), total as usize, "every task ran");
        assert!(runs.values().all(|&c| c == 1), "none twice: {runs:?}");
        let done = q.list(Some(TaskStatus::Done), 1000).await.unwrap();
        let by: std::collections::HashSet<_> = done.iter().map(|t| t.attempts).collect();
        assert_eq!(by, [1].into_iter().collect(), "one attempt each");
        // Both workers wrote their heartbeat row.
        let live = store_a
            .repo()
            .live_workers(chrono::Utc::now() - TimeDelta::minutes(5))
            .await
            .unwrap();
        let ids: Vec<&str> = live.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "b"]);
        store_a.close().await;
        store_b.close().await;
        db
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_releases_a_task_that_outlives_the_grace_period() {
    each_backend("shutdown_releases", |db: TestDb| async move {
        let store = db.open().await;
        let (started_tx, mut started_rx) = tokio::sync::mpsc::unbounded_channel();
        let config = WorkerConfig {
            shutdown_grace: Duration::from_millis(200),
            ..quiet_config()
        };
        let worker = Worker::new(&store, config)
            .unwrap()
            .with_id("w")
            .with_handler("long", Arc::new(Long(started_tx)));
        let q = store.queue();
        let id = q
            .enqueue(&NewTask::new("long", json!({})), chrono::Utc::now())
            .await
            .unwrap()
            .id();
        let (tx, mut rx) = tokio::sync::watch::channel(false);
        let run = tokio::spawn(worker.run(async move {
            let _ = rx.wait_for(|stop| *stop).await;
        }));
        tokio::time::timeout(Duration::from_secs(30), started_rx.recv())
            .await
            .unwrap()
            .unwrap();
        let t = q.get(id).await.unwrap();
        assert_eq!(t.status, TaskStatus::Running);
        let stop_at = std::time::Instant::now();
        tx.send(true).unwrap();
        tokio::time::timeout(Duration::from_secs(30), run)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert!(stop_at.elapsed() < Duration::from_secs(10));
        let t = q.get(id).await.unwrap();
        assert_eq!(
            (t.status, t.attempts, t.locked_by),
            (TaskStatus::Queued, 0, None),
            "released, attempt not counted"
        );
        store.close().await;
        db
    })
    .await;
}

#[tokio::test]
async fn schedules_fire_once_per_period_across_workers() {
    each_backend("schedules_once", |db: TestDb| async move {
        let store_a = db.open().await;
        let store_b = db.open().await;
        let config = WorkerConfig {
            sync_every: Duration::from_secs(6 * 3600),
            skills_every: Duration::from_secs(86_400),
            trends_every: Duration::from_secs(7 * 86_400),
            ..WorkerConfig::default()
        };
        let a = Worker::new(&store_a, config.clone()).unwrap().with_id("a");
        let b = Worker::new(&store_b, config).unwrap().with_id("b");
        let now = t0(); // 2026-03-01 09:00 UTC
        let fired_a = a.tick_schedules(now).await.unwrap();
        let fired_b = b.tick_schedules(now).await.unwrap();
        assert_eq!(
            fired_a.len(),
            3,
            "sync, skills and trends fire on first start"
        );
        assert!(fired_b.is_empty(), "the other worker sees them fired");
        let q = store_a.queue();
        let queued = q.list(None, 100).await.unwrap();
        let mut keys: Vec<String> = queued.iter().filter_map(|t| t.dedup_key.clone()).collect();
        keys.sort();
        assert_eq!(
            keys,
            vec![
                "analyse_skills@2026-03-01T00:00:00+00:00",
                "market_trends@2026-02-26T00:00:00+00:00",
                "sync_all@2026-03-01T06:00:00+00:00",
            ]
        );
        // Run them (no sources, no profiles, no postings: they do nothing), then tick again in
        // the same period: a finished fire is not enqueued again.
        while let Some(r) = a.run_once(now).await.unwrap() {
            assert_eq!(r.status, TaskStatus::Done, "{r:?}");
        }
        assert!(
            a.tick_schedules(now + TimeDelta::hours(2))
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            b.tick_schedules(now + TimeDelta::hours(2))
                .await
                .unwrap()
                .is_empty()
        );
        // 15:00: the next sync period.
        let later = now + TimeDelta::hours(6);
        let fired = b.tick_schedules(later).await.unwrap();
        assert_eq!(fired.len(), 1);
        assert!(a.tick_schedules(later).await.unwrap().is_empty());
        let t = q.get(fired[0]).await.unwrap();
        assert_eq!(t.kind, tasks::SYNC_ALL);
        store_a.close().await;
        store_b.close().await;
        db
    })
    .await;
}
