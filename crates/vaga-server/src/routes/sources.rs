//! Job sources: shared ones (managed by admins) and each user's own, with their sync status.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;
use vaga_storage::{Role, Source, SourceInput, StoreError};

use crate::error::{ApiError, FieldError};
use crate::extract::{AuthUser, Json, PathId};
use crate::routes::TaskRef;
use crate::state::AppState;

/// The routes under `/api/v1/sources`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(list).post(create))
        .route("/{id}", get(one).put(update).delete(remove))
        .route("/{id}/sync", post(sync))
}

/// A source and its status.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourceOut {
    /// Id.
    pub id: Uuid,
    /// Unique name (postings carry it).
    pub name: String,
    /// Kind: a built-in board or ATS (`greenhouse`, `lever`, `ashby`, `gupy`, …) or a
    /// configurable kind (`rss`, `json_api`, `scrape`, …); docs/sources.md lists them.
    pub kind: String,
    /// The kind's settings (the keys of a `[[sources]]` table).
    #[schema(value_type = Object)]
    pub config: Value,
    /// Synced by the schedule.
    pub enabled: bool,
    /// Shared (managed by admins) or the caller's own.
    pub shared: bool,
    /// `new`, `ok` or `error`.
    pub status: String,
    /// The last sync's error.
    pub last_error: Option<String>,
    /// Last sync.
    pub last_synced: Option<DateTime<Utc>>,
    /// Syncs run.
    pub sync_count: i64,
    /// Syncs that failed.
    pub error_count: i64,
    /// Postings fetched, in all syncs.
    pub fetched_total: i64,
    /// Postings new, in all syncs.
    pub inserted_total: i64,
    /// Postings changed, in all syncs.
    pub updated_total: i64,
}

impl From<Source> for SourceOut {
    fn from(s: Source) -> Self {
        SourceOut {
            id: s.id,
            name: s.name,
            kind: s.kind,
            config: s.config,
            enabled: s.enabled,
            shared: s.owner_id.is_none(),
            status: s.status.as_str().to_owned(),
            last_error: s.last_error,
            last_synced: s.last_synced,
            sync_count: s.sync_count,
            error_count: s.error_count,
            fetched_total: s.fetched_total,
            inserted_total: s.inserted_total,
            updated_total: s.updated_total,
        }
    }
}

/// A source to add or replace.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SourceIn {
    /// Unique name: letters, digits, `-` and `_`, 1–64 characters.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// The kind's settings.
    #[serde(default = "empty_object")]
    #[schema(value_type = Object)]
    pub config: Value,
    /// Synced by the schedule (default true).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// A shared source, seen by everyone (admins only; on creation).
    #[serde(default)]
    pub shared: bool,
}

fn empty_object() -> Value {
    Value::Object(Default::default())
}

fn yes() -> bool {
    true
}

fn field(name: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: name.into(),
        code: code.into(),
        message: message.into(),
    }
}

/// Checks the fields and that the sources crate can build the source from them.
fn validate(input: &SourceIn) -> Result<SourceInput, ApiError> {
    let mut fields = Vec::new();
    let name_ok = (1..=64).contains(&input.name.len())
        && input
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !name_ok {
        fields.push(field(
            "name",
            "invalid",
            "1 to 64 letters, digits, `-` or `_`",
        ));
    }
    if !input.config.is_object() {
        fields.push(field(
            "config",
            "not_object",
            "config must be a JSON object",
        ));
    } else if input.kind == "demo" {
        fields.push(field(
            "kind",
            "invalid",
            "demo sources come with the demo only",
        ));
    } else if name_ok {
        // The settings must make a source the worker can build, exactly as a sync will.
        match vaga_worker::source_config(&input.name, &input.kind, &input.config) {
            Ok(config) => {
                if let Err(e) = vaga_sources::build(&config) {
                    fields.push(field("config", "invalid", e.to_string()));
                }
            }
            Err(e) => fields.push(field("config", "invalid", e)),
        }
    }
    if !fields.is_empty() {
        return Err(ApiError::validation(fields));
    }
    Ok(SourceInput {
        name: input.name.clone(),
        kind: input.kind.clone(),
        config: input.config.clone(),
        enabled: input.enabled,
    })
}

/// The source if the caller may see it.
async fn visible(state: &AppState, user: &AuthUser, id: Uuid) -> Result<Source, ApiError> {
    match state.store().repo().source(Some(user.id()), id).await {
        Ok(s) => Ok(s),
        Err(StoreError::NotFound) => Err(ApiError::not_found("source")),
        Err(e) => Err(e.into()),
    }
}

/// The owner key to change `source` with: the caller's own, or a shared one for an admin.
fn owner_for_change(user: &AuthUser, source: &Source) -> Result<Option<Uuid>, ApiError> {
    match source.owner_id {
        Some(owner) => Ok(Some(owner)),
        None if user.user.role == Role::Admin => Ok(None),
        None => Err(ApiError::forbidden(
            "admin_only",
            "shared sources are managed by admins",
        )),
    }
}

fn conflict(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict(_) => {
            ApiError::conflict("name_taken", "a source with this name exists")
        }
        StoreError::NotFound => ApiError::not_found("source"),
        e => e.into(),
    }
}

#[utoipa::path(get, path = "/api/v1/sources", tag = "sources",
    responses((status = 200, description = "Shared sources and the caller's own, by name", body = Vec<SourceOut>)),
    security(("bearer" = [])))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<axum::Json<Vec<SourceOut>>, ApiError> {
    let rows = state.store().repo().list_sources(Some(user.id())).await?;
    Ok(axum::Json(rows.into_iter().map(SourceOut::from).collect()))
}

#[utoipa::path(post, path = "/api/v1/sources", tag = "sources",
    request_body = SourceIn,
    responses(
        (status = 201, description = "Added", body = SourceOut),
        (status = 403, description = "A shared source by a non-admin", body = crate::error::ErrorBody),
        (status = 409, description = "The name is taken", body = crate::error::ErrorBody),
        (status = 422, description = "Invalid fields or settings", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    Json(input): Json<SourceIn>,
) -> Result<(StatusCode, axum::Json<SourceOut>), ApiError> {
    if input.shared {
        user.require_admin()?;
    }
    let valid = validate(&input)?;
    let owner = (!input.shared).then(|| user.id());
    let s = state
        .store()
        .repo()
        .create_source(owner, &valid, state.now())
        .await
        .map_err(conflict)?;
    Ok((StatusCode::CREATED, axum::Json(s.into())))
}

#[utoipa::path(get, path = "/api/v1/sources/{id}", tag = "sources",
    params(("id" = Uuid, Path, description = "Source id")),
    responses(
        (status = 200, description = "The source and its sync status", body = SourceOut),
        (status = 404, description = "No such source the caller may see", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn one(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(id): PathId,
) -> Result<axum::Json<SourceOut>, ApiError> {
    Ok(axum::Json(visible(&state, &user, id).await?.into()))
}

#[utoipa::path(put, path = "/api/v1/sources/{id}", tag = "sources",
    params(("id" = Uuid, Path, description = "Source id")),
    request_body = SourceIn,
    responses(
        (status = 200, description = "Replaced", body = SourceOut),
        (status = 403, description = "A shared source by a non-admin", body = crate::error::ErrorBody),
        (status = 404, description = "No such source the caller may see", body = crate::error::ErrorBody),
        (status = 422, description = "Invalid fields or settings", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn update(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(id): PathId,
    Json(input): Json<SourceIn>,
) -> Result<axum::Json<SourceOut>, ApiError> {
    let source = visible(&state, &user, id).await?;
    let owner = owner_for_change(&user, &source)?;
    let valid = validate(&input)?;
    let s = state
        .store()
        .repo()
        .update_source(owner, id, &valid, state.now())
        .await
        .map_err(conflict)?;
    Ok(axum::Json(s.into()))
}

#[utoipa::path(delete, path = "/api/v1/sources/{id}", tag = "sources",
    params(("id" = Uuid, Path, description = "Source id")),
    responses(
        (status = 204, description = "Deleted (its postings stay)"),
        (status = 403, description = "A shared source by a non-admin", body = crate::error::ErrorBody),
        (status = 404, description = "No such source the caller may see", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn remove(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(id): PathId,
) -> Result<StatusCode, ApiError> {
    let source = visible(&state, &user, id).await?;
    let owner = owner_for_change(&user, &source)?;
    state
        .store()
        .repo()
        .delete_source(owner, id)
        .await
        .map_err(conflict)?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/sources/{id}/sync", tag = "sources",
    params(("id" = Uuid, Path, description = "Source id")),
    responses(
        (status = 202, description = "Queued (or already queued)", body = TaskRef),
        (status = 403, description = "A shared source by a non-admin", body = crate::error::ErrorBody),
        (status = 404, description = "No such source the caller may see", body = crate::error::ErrorBody),
        (status = 409, description = "The source is disabled", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn sync(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(id): PathId,
) -> Result<(StatusCode, axum::Json<TaskRef>), ApiError> {
    let source = visible(&state, &user, id).await?;
    owner_for_change(&user, &source)?;
    if !source.enabled || source.kind == "demo" {
        return Err(ApiError::conflict(
            "source_disabled",
            "enable the source before syncing it",
        ));
    }
    let mut task = vaga_worker::tasks::sync_source(id);
    task.user_id = source.owner_id;
    let task_id = state
        .store()
        .queue()
        .enqueue(&task, state.now())
        .await?
        .id();
    Ok((StatusCode::ACCEPTED, axum::Json(TaskRef { task_id })))
}
