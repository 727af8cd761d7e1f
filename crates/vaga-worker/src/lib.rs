//! Vaga's background worker: runs the tasks of the database-backed queue
//! ([`vaga_storage::Queue`]) and fires the schedules.
//!
//! A [`Worker`] claims due tasks (up to `concurrency` at once), runs each kind's [`Handler`]
//! while a heartbeat extends the task's lease every third of it (storing the handler's
//! progress), then completes it, fails it (the queue retries with exponential backoff, then
//! makes it `dead`) or buries it at once for a [`TaskError::Permanent`] error. Several workers,
//! in one process or many against one PostgreSQL, never run a task twice at the same time: the
//! queue's claim is one `FOR UPDATE SKIP LOCKED` statement. On shutdown a worker stops claiming,
//! waits `shutdown_grace` for its running tasks and releases the others back to the queue.
//!
//! Every `beat_interval` each worker writes its heartbeat row (`workers`, for `/health`) and
//! ticks the schedules: for each schedule, the latest multiple of its period since the epoch is
//! its fire time, and the first worker to record that fire (`schedule_fires`) enqueues the task,
//! so a fire happens once however many workers tick. Task kinds and payloads are in [`tasks`];
//! see `docs/worker.md`.

pub mod config;
mod handlers;
mod market;
pub mod records;
pub mod tasks;
mod worker;

pub use config::{WorkerConfig, format_duration, parse_duration};
pub use handlers::{TRENDS_REPORT, source_config};
pub use worker::{
    DocumentReader, Handler, Ran, TaskContext, TaskError, VERSION, Worker, fire_time,
};
