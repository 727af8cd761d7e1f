//! The [`Worker`]: claims tasks from the queue, runs their handlers under a lease kept alive by
//! heartbeats, completes or fails them, fires the schedules, and shuts down gracefully.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use uuid::Uuid;
use vaga_domain::posting::currency::Currency;
use vaga_domain::posting::salary::SalaryParser;
use vaga_domain::skills::SkillEngine;
use vaga_storage::{Queue, Repo, Store, Task, TaskStatus};

use crate::config::WorkerConfig;
use crate::market::MarketCache;
use crate::tasks;

/// Why a task failed.
#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    /// Worth another attempt (after the queue's backoff): a network or database error.
    #[error("{0}")]
    Retry(String),
    /// No attempt will do better (an unknown kind, a bad payload, an unreadable file): the task
    /// goes `dead` at once.
    #[error("{0}")]
    Permanent(String),
}

impl From<anyhow::Error> for TaskError {
    fn from(err: anyhow::Error) -> Self {
        TaskError::Retry(format!("{err:#}"))
    }
}

impl From<vaga_storage::StoreError> for TaskError {
    fn from(err: vaga_storage::StoreError) -> Self {
        TaskError::Retry(err.to_string())
    }
}

/// What a handler gets: the task, the time, the store, and a way to report progress.
#[derive(Clone)]
pub struct TaskContext {
    /// The claimed task.
    pub task: Task,
    /// The store's tables.
    pub repo: Arc<dyn Repo>,
    /// The queue (to enqueue follow-up tasks).
    pub queue: Arc<dyn Queue>,
    clock: Clock,
    progress: Arc<Mutex<Option<Value>>>,
}

impl std::fmt::Debug for TaskContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskContext")
            .field("task", &self.task.id)
            .finish_non_exhaustive()
    }
}

impl TaskContext {
    /// The current time (fixed under [`Worker::run_once`]).
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Records progress; the next heartbeat stores it on the task.
    pub fn progress(&self, value: Value) {
        if let Ok(mut p) = self.progress.lock() {
            *p = Some(value);
        }
    }

    /// The task's payload as `T`; a payload that does not fit is a permanent error.
    pub fn payload<T: serde::de::DeserializeOwned>(&self) -> Result<T, TaskError> {
        serde_json::from_value(self.task.payload.clone())
            .map_err(|e| TaskError::Permanent(format!("invalid {} payload: {e}", self.task.kind)))
    }
}

/// Runs the tasks of one kind. The built-in kinds ([`tasks::KINDS`]) have handlers; others can
/// be added with [`Worker::with_handler`]. Handlers must be idempotent: a task may run again
/// after a worker died holding it.
#[async_trait]
pub trait Handler: Send + Sync {
    /// Runs one task.
    async fn run(&self, cx: TaskContext) -> Result<(), TaskError>;
}

/// Where the time comes from: the system clock, or a fixed instant (tests, `run_once`).
#[derive(Clone, Copy, Debug)]
enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    fn now(self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => t,
        }
    }
}

/// The state handlers share.
pub(crate) struct Inner {
    pub id: String,
    pub config: WorkerConfig,
    pub repo: Arc<dyn Repo>,
    pub queue: Arc<dyn Queue>,
    pub engine: &'static SkillEngine,
    pub salary: SalaryParser,
    pub reference: Currency,
    pub market: MarketCache,
    pub fetcher: OnceLock<Arc<vaga_sources::http::Fetcher>>,
    pub http: vaga_sources::http::HttpSettings,
    pub documents: Option<DocumentReader>,
    handlers: HashMap<String, Arc<dyn Handler>>,
}

/// Reads a PDF or DOCX file into its text and warnings. The worker has none by default; `vaga`
/// gives it one that reads in a child process under time and memory limits, as
/// `vaga resume parse` does.
pub type DocumentReader = Arc<dyn Fn(&[u8]) -> Result<(String, Vec<String>), String> + Send + Sync>;

/// A worker: build it with [`Worker::new`], then [`Worker::run`] it until shutdown (or call
/// [`Worker::run_once`] to run one task, deterministically).
#[derive(Clone)]
pub struct Worker {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("id", &self.inner.id)
            .finish_non_exhaustive()
    }
}

/// What one run of a task ended as.
#[derive(Debug, Clone, PartialEq)]
pub struct Ran {
    /// The task (as claimed).
    pub task: Task,
    /// Its status afterwards: `done`, `failed` (will be retried), `dead`, or `queued` (released).
    pub status: TaskStatus,
    /// The error, when it failed.
    pub error: Option<String>,
}

/// The built-in taxonomy's engine, loaded once per process.
fn builtin_engine() -> anyhow::Result<&'static SkillEngine> {
    static ENGINE: OnceLock<Result<SkillEngine, String>> = OnceLock::new();
    ENGINE
        .get_or_init(|| SkillEngine::builtin().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| anyhow::anyhow!("cannot load the skill taxonomy: {e}"))
}

/// A worker id: `host-pid-random`.
fn default_id() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "worker".into());
    format!(
        "{host}-{}-{:06x}",
        std::process::id(),
        fastrand::u32(..0x100_0000)
    )
}

/// The worker's version, as its heartbeat row shows it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

impl Worker {
    /// A worker on `store` with the built-in skill taxonomy and rate table.
    pub fn new(store: &Store, config: WorkerConfig) -> anyhow::Result<Worker> {
        Worker::from_parts(store.repo(), store.queue(), config)
    }

    /// A worker on a repo and a queue.
    pub fn from_parts(
        repo: Arc<dyn Repo>,
        queue: Arc<dyn Queue>,
        config: WorkerConfig,
    ) -> anyhow::Result<Worker> {
        let reference = Currency::from_code(&config.reference_currency).ok_or_else(|| {
            anyhow::anyhow!(
                "worker.reference_currency {:?} is not an ISO 4217 code",
                config.reference_currency
            )
        })?;
        Ok(Worker {
            inner: Arc::new(Inner {
                id: default_id(),
                config,
                repo,
                queue,
                engine: builtin_engine()?,
                salary: SalaryParser::builtin(),
                reference,
                market: MarketCache::default(),
                fetcher: OnceLock::new(),
                http: vaga_sources::http::HttpSettings::default(),
                documents: None,
                handlers: HashMap::new(),
            }),
        })
    }

    fn edit(mut self, f: impl FnOnce(&mut Inner)) -> Worker {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => f(inner),
            None => tracing::warn!("worker builder called on a shared worker; ignored"),
        }
        self
    }

    /// Replaces the generated id.
    pub fn with_id(self, id: impl Into<String>) -> Worker {
        let id = id.into();
        self.edit(|i| i.id = id)
    }

    /// Uses another skill engine (a user taxonomy); leak it once per process.
    pub fn with_engine(self, engine: &'static SkillEngine) -> Worker {
        self.edit(|i| i.engine = engine)
    }

    /// Uses another salary parser (user exchange rates).
    pub fn with_salary_parser(self, parser: SalaryParser) -> Worker {
        self.edit(|i| i.salary = parser)
    }

    /// Uses these HTTP settings for source syncs.
    pub fn with_http_settings(self, settings: vaga_sources::http::HttpSettings) -> Worker {
        self.edit(|i| i.http = settings)
    }

    /// Reads PDF and DOCX resumes with `reader` (without one, `parse_resume` refuses them).
    pub fn with_document_reader(self, reader: DocumentReader) -> Worker {
        self.edit(|i| i.documents = Some(reader))
    }

    /// Adds (or replaces) the handler of `kind`.
    pub fn with_handler(self, kind: impl Into<String>, handler: Arc<dyn Handler>) -> Worker {
        let kind = kind.into();
        self.edit(|i| {
            i.handlers.insert(kind, handler);
        })
    }

    /// The worker's id (`locked_by` of the tasks it holds).
    pub fn id(&self) -> &str {
        &self.inner.id
    }

    /// The configuration.
    pub fn config(&self) -> &WorkerConfig {
        &self.inner.config
    }

    /// Claims one due task at `now` and runs it to the end, with `now` as the time throughout.
    /// None when no task is due. For tests and tools: drains the queue without sleeping.
    pub async fn run_once(&self, now: DateTime<Utc>) -> anyhow::Result<Option<Ran>> {
        let lease = self.inner.config.lease;
        let Some(task) = self
            .inner
            .queue
            .claim(&self.inner.id, &[], lease, now)
            .await?
        else {
            return Ok(None);
        };
        let (_tx, rx) = watch::channel(false);
        Ok(Some(
            execute(Arc::clone(&self.inner), task, Clock::Fixed(now), rx).await,
        ))
    }

    /// Runs until `shutdown` completes: claims tasks (up to `concurrency` at once), runs them
    /// with lease heartbeats, writes the worker's heartbeat row and fires schedules every
    /// `beat_interval`. On shutdown it stops claiming, waits up to `shutdown_grace` for running
    /// tasks, and puts the rest back in the queue (`release`) before returning.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send) -> anyhow::Result<()> {
        let inner = self.inner;
        let config = inner.config.clone();
        tracing::info!(worker = %inner.id, "worker started");
        let (abandon_tx, abandon_rx) = watch::channel(false);
        let (stop_tx, mut stop_rx) = watch::channel(false);
        let beats = {
            let inner = Arc::clone(&inner);
            tokio::spawn(async move {
                loop {
                    let now = Utc::now();
                    if let Err(err) = inner.repo.beat_worker(&inner.id, VERSION, now).await {
                        tracing::warn!(%err, "worker heartbeat failed");
                    }
                    if inner.config.schedules_enabled
                        && let Err(err) = tick_schedules(&inner, now).await
                    {
                        tracing::warn!(err = %format!("{err:#}"), "schedules failed");
                    }
                    tokio::select! {
                        _ = tokio::time::sleep(inner.config.beat_interval.max(Duration::from_millis(10))) => {}
                        _ = stop_rx.changed() => break,
                    }
                }
            })
        };
        let slots = Arc::new(Semaphore::new(config.concurrency.max(1)));
        let mut running: JoinSet<Ran> = JoinSet::new();
        let mut shutdown = Box::pin(shutdown);
        loop {
            while running.try_join_next().is_some() {}
            let permit = tokio::select! {
                _ = &mut shutdown => break,
                p = Arc::clone(&slots).acquire_owned() => p?,
            };
            match inner
                .queue
                .claim(&inner.id, &[], config.lease, Utc::now())
                .await
            {
                Ok(Some(task)) => {
                    let inner = Arc::clone(&inner);
                    let rx = abandon_rx.clone();
                    running.spawn(async move {
                        let ran = execute(inner, task, Clock::System, rx).await;
                        drop(permit);
                        ran
                    });
                }
                Ok(None) => {
                    drop(permit);
                    tokio::select! {
                        _ = &mut shutdown => break,
                        _ = tokio::time::sleep(config.poll_interval) => {}
                    }
                }
                Err(err) => {
                    drop(permit);
                    tracing::warn!(%err, "claiming a task failed");
                    tokio::select! {
                        _ = &mut shutdown => break,
                        _ = tokio::time::sleep(config.poll_interval) => {}
                    }
                }
            }
        }
        tracing::info!(worker = %inner.id, running = running.len(), "worker stopping");
        let _ = stop_tx.send(true);
        let finished = tokio::time::timeout(config.shutdown_grace, async {
            while running.join_next().await.is_some() {}
        })
        .await;
        if finished.is_err() {
            // Past the grace period: every running task is released by its own runner.
            let _ = abandon_tx.send(true);
            while running.join_next().await.is_some() {}
        }
        let _ = beats.await;
        tracing::info!(worker = %inner.id, "worker stopped");
        Ok(())
    }

    /// Fires the schedules due at `now` (each once per period, however many workers call
    /// this); returns the tasks enqueued.
    pub async fn tick_schedules(&self, now: DateTime<Utc>) -> anyhow::Result<Vec<Uuid>> {
        tick_schedules(&self.inner, now).await
    }
}

/// The latest multiple of `every` since the Unix epoch at or before `now`.
pub fn fire_time(now: DateTime<Utc>, every: Duration) -> Option<DateTime<Utc>> {
    let every = i64::try_from(every.as_secs()).ok().filter(|&s| s > 0)?;
    let secs = now.timestamp();
    DateTime::from_timestamp(secs - secs.rem_euclid(every), 0)
}

async fn tick_schedules(inner: &Inner, now: DateTime<Utc>) -> anyhow::Result<Vec<Uuid>> {
    let c = &inner.config;
    let schedules = [
        ("sync", c.sync_every, tasks::sync_all()),
        ("skills", c.skills_every, tasks::analyse_all_skills()),
        ("trends", c.trends_every, tasks::market_trends()),
    ];
    let mut enqueued = Vec::new();
    for (name, every, mut task) in schedules {
        let Some(fire) = fire_time(now, every) else {
            continue;
        };
        if !inner.repo.claim_schedule_fire(name, fire).await? {
            continue;
        }
        task.dedup_key = Some(format!("{}@{}", task.kind, fire.to_rfc3339()));
        let e = inner.queue.enqueue(&task, now).await?;
        tracing::info!(schedule = name, fire = %fire, task = %e.id(), "schedule fired");
        enqueued.push(e.id());
    }
    Ok(enqueued)
}

/// Runs one claimed task: its handler on its own tokio task (so a panic is a failure, not a
/// lost task), heartbeats every third of the lease with the latest progress, then complete,
/// fail or bury. When `abandon` turns true (shutdown past its grace), the handler is dropped
/// and the task released.
async fn execute(
    inner: Arc<Inner>,
    task: Task,
    clock: Clock,
    mut abandon: watch::Receiver<bool>,
) -> Ran {
    let progress = Arc::new(Mutex::new(None));
    let cx = TaskContext {
        task: task.clone(),
        repo: Arc::clone(&inner.repo),
        queue: Arc::clone(&inner.queue),
        clock,
        progress: Arc::clone(&progress),
    };
    let worker = inner.id.clone();
    let lease = inner.config.lease;
    let id = task.id;
    let mut handle = {
        let inner = Arc::clone(&inner);
        tokio::spawn(async move { crate::handlers::dispatch(&inner, cx).await })
    };
    let beat_every = (lease / 3).max(Duration::from_millis(50));
    let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + beat_every, beat_every);
    let outcome = loop {
        tokio::select! {
            joined = &mut handle => break Some(joined),
            _ = ticker.tick() => {
                let p = progress.lock().ok().and_then(|mut p| p.take());
                if let Err(err) = inner.queue.heartbeat(id, &worker, lease, p.as_ref(), clock.now()).await {
                    tracing::warn!(task = %id, %err, "lease heartbeat failed");
                    if matches!(err, vaga_storage::StoreError::Conflict(_)) {
                        // Another worker holds it now: stop, and let that one finish it.
                        handle.abort();
                        return Ran { task, status: TaskStatus::Running, error: Some("lease lost".into()) };
                    }
                }
            }
            changed = abandon.changed(), if !*abandon.borrow() => {
                if changed.is_ok() && *abandon.borrow() {
                    break None;
                }
            }
        }
    };
    let now = clock.now();
    let result = match outcome {
        None => {
            handle.abort();
            let _ = (&mut handle).await;
            return match inner.queue.release(id, &worker, now).await {
                Ok(()) => {
                    tracing::info!(task = %id, kind = %task.kind, "task released at shutdown");
                    Ran {
                        task,
                        status: TaskStatus::Queued,
                        error: None,
                    }
                }
                Err(err) => Ran {
                    task,
                    status: TaskStatus::Running,
                    error: Some(format!("release failed: {err}")),
                },
            };
        }
        Some(Ok(result)) => result,
        Some(Err(join)) => Err(TaskError::Retry(if join.is_panic() {
            "the handler panicked".into()
        } else {
            "the handler was cancelled".into()
        })),
    };
    // Store the last progress with the outcome.
    if let Some(p) = progress.lock().ok().and_then(|mut p| p.take()) {
        let _ = inner
            .queue
            .heartbeat(id, &worker, lease, Some(&p), now)
            .await;
    }
    let (status, error) = match result {
        Ok(()) => match inner.queue.complete(id, &worker, now).await {
            Ok(()) => (TaskStatus::Done, None),
            Err(err) => (TaskStatus::Running, Some(format!("complete failed: {err}"))),
        },
        Err(TaskError::Permanent(msg)) => {
            tracing::warn!(task = %id, kind = %task.kind, error = %msg, "task failed for good");
            match inner.queue.bury(id, &worker, &msg, now).await {
                Ok(()) => (TaskStatus::Dead, Some(msg)),
                Err(err) => (
                    TaskStatus::Running,
                    Some(format!("{msg}; bury failed: {err}")),
                ),
            }
        }
        Err(TaskError::Retry(msg)) => {
            tracing::warn!(task = %id, kind = %task.kind, error = %msg, "task failed");
            match inner.queue.fail(id, &worker, &msg, now).await {
                Ok(status) => (status, Some(msg)),
                Err(err) => (
                    TaskStatus::Running,
                    Some(format!("{msg}; fail failed: {err}")),
                ),
            }
        }
    };
    Ran {
        task,
        status,
        error,
    }
}

impl Inner {
    /// A custom handler for `kind`, if one was added.
    pub(crate) fn handler(&self, kind: &str) -> Option<Arc<dyn Handler>> {
        self.handlers.get(kind).cloned()
    }

    /// The shared HTTP fetcher (built on first use).
    pub(crate) fn fetcher(&self) -> anyhow::Result<Arc<vaga_sources::http::Fetcher>> {
        if let Some(f) = self.fetcher.get() {
            return Ok(Arc::clone(f));
        }
        let f = Arc::new(
            vaga_sources::http::Fetcher::new(self.http.clone())
                .map_err(|e| anyhow::anyhow!("cannot build the HTTP client: {e}"))?,
        );
        Ok(Arc::clone(self.fetcher.get_or_init(|| f)))
    }
}
