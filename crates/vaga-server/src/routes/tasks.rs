//! Background tasks: their state and progress, and retrying dead ones.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use vaga_storage::{Role, StoreError, Task, TaskStatus};

use crate::error::ApiError;
use crate::extract::{AuthUser, PathId, Query};
use crate::routes::matches::bad_param;
use crate::state::AppState;

/// The routes under `/api/v1/tasks`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(list))
        .route("/{id}", get(one))
        .route("/{id}/retry", post(retry))
}

/// A task as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskOut {
    /// Id.
    pub id: Uuid,
    /// What it runs (`sync_source`, `recompute_matches`, `parse_resume`, …).
    pub kind: String,
    /// `queued`, `running`, `done`, `failed` (waiting to retry) or `dead` (out of attempts).
    pub status: String,
    /// Attempts started.
    pub attempts: i32,
    /// Attempts allowed.
    pub max_attempts: i32,
    /// Not run before this.
    pub run_at: DateTime<Utc>,
    /// Last reported progress.
    #[schema(value_type = Option<Object>)]
    pub progress: Option<Value>,
    /// Error of the last failed attempt.
    pub last_error: Option<String>,
    /// Enqueued.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl From<Task> for TaskOut {
    fn from(t: Task) -> Self {
        TaskOut {
            id: t.id,
            kind: t.kind,
            status: t.status.as_str().to_owned(),
            attempts: t.attempts,
            max_attempts: t.max_attempts,
            run_at: t.run_at,
            progress: t.progress,
            last_error: t.last_error,
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

/// Filter of the task list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskParams {
    /// Only tasks in this state.
    pub status: Option<String>,
    /// 1–500, default 100.
    pub limit: Option<i64>,
}

/// A task the caller may see: their own, or any for an admin.
async fn visible(state: &AppState, user: &AuthUser, id: Uuid) -> Result<Task, ApiError> {
    let queue = state.store().queue();
    let found = if user.user.role == Role::Admin {
        queue.get(id).await
    } else {
        queue.get_for_user(user.id(), id).await
    };
    match found {
        Ok(t) => Ok(t),
        Err(StoreError::NotFound) => Err(ApiError::not_found("task")),
        Err(e) => Err(e.into()),
    }
}

#[utoipa::path(get, path = "/api/v1/tasks/{id}", tag = "tasks",
    params(("id" = Uuid, Path, description = "Task id")),
    responses(
        (status = 200, description = "State and progress", body = TaskOut),
        (status = 404, description = "No such task of the caller", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn one(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(id): PathId,
) -> Result<axum::Json<TaskOut>, ApiError> {
    Ok(axum::Json(visible(&state, &user, id).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/tasks", tag = "tasks",
    params(TaskParams),
    responses(
        (status = 200, description = "Newest first (admin only)", body = Vec<TaskOut>),
        (status = 403, description = "Not an admin", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    Query(p): Query<TaskParams>,
) -> Result<axum::Json<Vec<TaskOut>>, ApiError> {
    user.require_admin()?;
    let status = match p.status.as_deref() {
        Some(s) => Some(
            s.parse::<TaskStatus>()
                .map_err(|_| bad_param("status", "queued, running, done, failed or dead"))?,
        ),
        None => None,
    };
    let limit = p.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(bad_param("limit", "between 1 and 500"));
    }
    let tasks = state.store().queue().list(status, limit).await?;
    Ok(axum::Json(tasks.into_iter().map(TaskOut::from).collect()))
}

#[utoipa::path(post, path = "/api/v1/tasks/{id}/retry", tag = "tasks",
    params(("id" = Uuid, Path, description = "Task id")),
    responses(
        (status = 202, description = "Queued again", body = TaskOut),
        (status = 404, description = "No such task of the caller", body = crate::error::ErrorBody),
        (status = 409, description = "The task is not dead", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn retry(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(id): PathId,
) -> Result<(StatusCode, axum::Json<TaskOut>), ApiError> {
    let task = visible(&state, &user, id).await?;
    if task.status != TaskStatus::Dead {
        return Err(ApiError::conflict(
            "not_dead",
            format!("only dead tasks are retried; this one is {}", task.status),
        ));
    }
    let queue = state.store().queue();
    queue.retry(id, state.now()).await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(queue.get(id).await?.into()),
    ))
}
