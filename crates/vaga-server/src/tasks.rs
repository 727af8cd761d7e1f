//! What the API queues for the worker (`vaga_worker::tasks` makes the tasks).

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

/// Queues a recomputation of `user`'s matches (one waiting at a time per user).
pub(crate) async fn recompute_matches(state: &AppState, user: Uuid) -> Result<Uuid, ApiError> {
    enqueue(state, vaga_worker::tasks::recompute_matches(Some(user))).await
}

/// Queues a skill analysis of `user`.
pub(crate) async fn analyse_skills(state: &AppState, user: Uuid) -> Result<Uuid, ApiError> {
    enqueue(state, vaga_worker::tasks::analyse_skills(user)).await
}

/// Queues the market-trends report.
pub(crate) async fn market_trends(state: &AppState) -> Result<Uuid, ApiError> {
    enqueue(state, vaga_worker::tasks::market_trends()).await
}

/// After a profile changed: its matches are stale. A failure to queue is logged; the profile
/// was saved and the next scheduled run recomputes.
pub(crate) async fn after_profile_change(state: &AppState, user: Uuid) {
    if let Err(e) = recompute_matches(state, user).await {
        tracing::warn!(error = ?e.code(), "could not queue the recomputation of matches");
    }
}
