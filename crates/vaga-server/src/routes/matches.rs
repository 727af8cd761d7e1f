//! The caller's matches: the ranked postings the worker computed from the profile, with the
//! score's components and its explanation.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use vaga_storage::MatchedPosting;

use crate::error::{ApiError, FieldError};
use crate::extract::{AuthUser, PathId, Query};
use crate::routes::{Page, TaskRef};
use crate::state::AppState;

/// The routes under `/api/v1/matches`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(list))
        .route("/recompute", post(recompute))
        .route("/{posting_id}", get(one))
}

/// Paging of matches.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatchParams {
    /// 1–100, default 20.
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The posting a match is about.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchPosting {
    /// Id (`GET /api/v1/postings/{id}`).
    pub id: Uuid,
    /// Title.
    pub title: String,
    /// Company.
    pub company: String,
    /// Source.
    pub source: String,
    /// Link to apply.
    pub url: Option<String>,
    /// When the employer posted it.
    pub posted_at: Option<DateTime<Utc>>,
    /// Still listed by its source.
    pub active: bool,
}

/// A match.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchOut {
    /// The posting.
    pub posting: MatchPosting,
    /// 0–100.
    pub score: f64,
    /// Skills, experience, location, salary, each 0–100, with the evidence.
    #[schema(value_type = Object)]
    pub components: Value,
    /// Why, in the profile's language.
    #[schema(value_type = Object)]
    pub explanation: Value,
    /// When computed.
    pub computed_at: DateTime<Utc>,
}

impl From<MatchedPosting> for MatchOut {
    fn from(m: MatchedPosting) -> Self {
        MatchOut {
            posting: MatchPosting {
                id: m.posting_id,
                title: m.title,
                company: m.company,
                source: m.source,
                url: m.url,
                posted_at: m.posted_at,
                active: m.active,
            },
            score: m.score,
            components: m.components,
            explanation: m.explanation,
            computed_at: m.computed_at,
        }
    }
}

fn encode_cursor(score: f64, id: Uuid) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{score}|{id}"))
}

fn decode_cursor(s: &str) -> Option<(f64, Uuid)> {
    if s.len() > 200 {
        return None;
    }
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .ok()?;
    let text = std::str::from_utf8(&raw).ok()?;
    let (score, id) = text.split_once('|')?;
    let score: f64 = score.parse().ok().filter(|s: &f64| s.is_finite())?;
    Some((score, Uuid::parse_str(id).ok()?))
}

/// A 422 on one query parameter.
pub(crate) fn bad_param(name: &str, message: &str) -> ApiError {
    ApiError::validation(vec![FieldError {
        field: name.into(),
        code: "invalid".into(),
        message: message.into(),
    }])
}

#[utoipa::path(get, path = "/api/v1/matches", tag = "matches",
    params(MatchParams),
    responses(
        (status = 200, description = "Best first", body = Page<MatchOut>),
        (status = 422, description = "Bad limit or cursor", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    Query(p): Query<MatchParams>,
) -> Result<axum::Json<Page<MatchOut>>, ApiError> {
    let limit = p.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(bad_param("limit", "between 1 and 100"));
    }
    let after = match p.cursor.as_deref() {
        Some(c) => {
            Some(decode_cursor(c).ok_or_else(|| bad_param("cursor", "not a cursor of this list"))?)
        }
        None => None,
    };
    let mut rows = state
        .store()
        .repo()
        .matches_page(user.id(), after, limit + 1)
        .await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = more
        .then(|| rows.last().map(|m| encode_cursor(m.score, m.posting_id)))
        .flatten();
    Ok(axum::Json(Page {
        items: rows.into_iter().map(MatchOut::from).collect(),
        next_cursor,
    }))
}

#[utoipa::path(get, path = "/api/v1/matches/{posting_id}", tag = "matches",
    params(("posting_id" = Uuid, Path, description = "Posting id")),
    responses(
        (status = 200, description = "The caller's match with this posting", body = Object),
        (status = 404, description = "Not among the caller's matches", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn one(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(posting): PathId,
) -> Result<axum::Json<vaga_storage::Match>, ApiError> {
    match state.store().repo().match_for(user.id(), posting).await {
        Ok(m) => Ok(axum::Json(m)),
        Err(vaga_storage::StoreError::NotFound) => Err(ApiError::not_found("match")),
        Err(e) => Err(e.into()),
    }
}

#[utoipa::path(post, path = "/api/v1/matches/recompute", tag = "matches",
    responses((status = 202, description = "Queued (or already queued)", body = TaskRef)),
    security(("bearer" = [])))]
async fn recompute(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<impl IntoResponse, ApiError> {
    let task_id = crate::tasks::recompute_matches(&state, user.id()).await?;
    Ok((StatusCode::ACCEPTED, axum::Json(TaskRef { task_id })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let id = Uuid::now_v7();
        for score in [0.0, 87.25, 100.0, 1.0 / 3.0] {
            assert_eq!(decode_cursor(&encode_cursor(score, id)), Some((score, id)));
        }
        for junk in ["", "!!", "bm90IGEgY3Vyc29y", &"A".repeat(500)] {
            assert_eq!(decode_cursor(junk), None, "{junk}");
        }
    }
}
