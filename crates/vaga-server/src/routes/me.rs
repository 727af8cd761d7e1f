//! The caller: account and profile.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::error::{ApiError, FieldError};
use crate::extract::{AuthUser, Json};
use crate::routes::UserOut;
use crate::state::AppState;

/// The routes under `/api/v1/me`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(me))
        .route("/profile", get(profile).put(put_profile))
}

#[utoipa::path(get, path = "/api/v1/me", tag = "me",
    responses(
        (status = 200, description = "The caller", body = UserOut),
        (status = 401, description = "Not logged in", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn me(user: AuthUser) -> axum::Json<UserOut> {
    axum::Json(UserOut::from(user.user))
}

/// The caller's profile: a JSON Resume and search preferences.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileOut {
    /// JSON Resume (`basics`, `work`, `skills`, `languages`, … and `meta.vaga`).
    #[schema(value_type = Object)]
    pub resume: Value,
    /// Preferences (remote, salary range, countries, …): the `meta.vaga.preferences` shape.
    #[schema(value_type = Object)]
    pub preferences: Value,
    /// Last change; null while no profile was saved.
    pub updated_at: Option<DateTime<Utc>>,
}

/// A profile to save. A missing part keeps its stored value.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ProfileIn {
    /// JSON Resume object.
    #[schema(value_type = Option<Object>)]
    pub resume: Option<Value>,
    /// Preferences object.
    #[schema(value_type = Option<Object>)]
    pub preferences: Option<Value>,
}

#[utoipa::path(get, path = "/api/v1/me/profile", tag = "me",
    responses((status = 200, description = "The profile (empty objects before the first save)", body = ProfileOut)),
    security(("bearer" = [])))]
async fn profile(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<axum::Json<ProfileOut>, ApiError> {
    match state.store().repo().profile(user.id()).await {
        Ok(p) => Ok(axum::Json(ProfileOut {
            resume: p.resume,
            preferences: p.preferences,
            updated_at: Some(p.updated_at),
        })),
        Err(vaga_storage::StoreError::NotFound) => Ok(axum::Json(ProfileOut {
            resume: Value::Object(Default::default()),
            preferences: Value::Object(Default::default()),
            updated_at: None,
        })),
        Err(e) => Err(e.into()),
    }
}

#[utoipa::path(put, path = "/api/v1/me/profile", tag = "me",
    request_body = ProfileIn,
    responses(
        (status = 200, description = "Saved", body = ProfileOut),
        (status = 422, description = "Not objects", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn put_profile(
    State(state): State<AppState>,
    user: AuthUser,
    Json(input): Json<ProfileIn>,
) -> Result<axum::Json<ProfileOut>, ApiError> {
    let mut fields = Vec::new();
    for (name, v) in [
        ("resume", &input.resume),
        ("preferences", &input.preferences),
    ] {
        if v.as_ref().is_some_and(|v| !v.is_object()) {
            fields.push(FieldError {
                field: name.into(),
                code: "not_object".into(),
                message: format!("{name} must be a JSON object"),
            });
        }
    }
    if !fields.is_empty() {
        return Err(ApiError::validation(fields));
    }
    let repo = state.store().repo();
    let (old_resume, old_prefs) = match repo.profile(user.id()).await {
        Ok(p) => (p.resume, p.preferences),
        Err(vaga_storage::StoreError::NotFound) => (
            Value::Object(Default::default()),
            Value::Object(Default::default()),
        ),
        Err(e) => return Err(e.into()),
    };
    let resume = input.resume.unwrap_or(old_resume);
    let preferences = input.preferences.unwrap_or(old_prefs);
    let saved = repo
        .put_profile(user.id(), &resume, &preferences, state.now())
        .await?;
    crate::tasks::after_profile_change(&state, user.id()).await;
    Ok(axum::Json(ProfileOut {
        resume: saved.resume,
        preferences: saved.preferences,
        updated_at: Some(saved.updated_at),
    }))
}
