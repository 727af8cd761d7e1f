//! What the API queues for the worker.

use serde_json::json;
use uuid::Uuid;
use vaga_storage::NewTask;

use crate::error::ApiError;
use crate::state::AppState;

async fn enqueue(state: &AppState, task: NewTask) -> Result<Uuid, ApiError> {
    Ok(state
        .store()
        .queue()
        .enqueue(&task, state.now())
        .await?
        .id())
}

/// Queues a recomputation of `user`'s matches (one at a time per user).
pub(crate) async fn recompute_matches(state: &AppState, user: Uuid) -> Result<Uuid, ApiError> {
    let mut task = NewTask::new("recompute_matches", json!({ "user_id": user }));
    task.user_id = Some(user);
    task.dedup_key = Some(format!("recompute_matches:{user}"));
    enqueue(state, task).await
}

/// After a profile changed: its matches are stale. A failure to queue is logged; the profile
/// was saved and the next scheduled run recomputes.
pub(crate) async fn after_profile_change(state: &AppState, user: Uuid) {
    if let Err(e) = recompute_matches(state, user).await {
        tracing::warn!(error = ?e.code(), "could not queue the recomputation of matches");
    }
}
