//! Skill analyses (what to learn next, kept as history) and the market-trends report.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::error::ApiError;
use crate::extract::{AuthUser, Query};
use crate::routes::TaskRef;
use crate::routes::matches::bad_param;
use crate::state::AppState;

/// The routes under `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/skills/analysis", get(history).post(analyse))
        .route("/trends", get(trends))
        .route("/trends/recompute", post(recompute_trends))
}

/// One skill analysis.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnalysisOut {
    /// Id.
    pub id: Uuid,
    /// Missing skills by importance, the improvement potential and the learning path (the
    /// `vaga gaps --format json` shape).
    #[schema(value_type = Object)]
    pub report: Value,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

/// How many analyses.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryParams {
    /// 1–100, default 10.
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/skills/analysis", tag = "insights",
    params(HistoryParams),
    responses((status = 200, description = "The caller's analyses, newest first", body = Vec<AnalysisOut>)),
    security(("bearer" = [])))]
async fn history(
    State(state): State<AppState>,
    user: AuthUser,
    Query(p): Query<HistoryParams>,
) -> Result<axum::Json<Vec<AnalysisOut>>, ApiError> {
    let limit = p.limit.unwrap_or(10);
    if !(1..=100).contains(&limit) {
        return Err(bad_param("limit", "between 1 and 100"));
    }
    let rows = state
        .store()
        .repo()
        .list_skill_analyses(user.id(), limit)
        .await?;
    Ok(axum::Json(
        rows.into_iter()
            .map(|a| AnalysisOut {
                id: a.id,
                report: a.report,
                created_at: a.created_at,
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/skills/analysis", tag = "insights",
    responses((status = 202, description = "Queued; the result joins the history", body = TaskRef)),
    security(("bearer" = [])))]
async fn analyse(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<(StatusCode, axum::Json<TaskRef>), ApiError> {
    let task_id = crate::tasks::analyse_skills(&state, user.id()).await?;
    Ok((StatusCode::ACCEPTED, axum::Json(TaskRef { task_id })))
}

/// The market-trends report.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrendsOut {
    /// Skills by month with share and pay, rising and falling skills, countries, regions and
    /// companies (the `vaga trends --format json` shape).
    #[schema(value_type = Object)]
    pub report: Value,
    /// When it was computed (weekly by default, `[worker] trends_every`).
    pub computed_at: DateTime<Utc>,
}

#[utoipa::path(get, path = "/api/v1/trends", tag = "insights",
    responses(
        (status = 200, description = "The latest report over all active postings", body = TrendsOut),
        (status = 404, description = "Not computed yet", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn trends(
    State(state): State<AppState>,
    _user: AuthUser,
) -> Result<axum::Json<TrendsOut>, ApiError> {
    match state
        .store()
        .repo()
        .latest_report(vaga_worker::TRENDS_REPORT)
        .await?
    {
        Some(r) => Ok(axum::Json(TrendsOut {
            report: r.body,
            computed_at: r.created_at,
        })),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_computed",
            "no trends report yet: the worker computes it on its schedule",
        )),
    }
}

#[utoipa::path(post, path = "/api/v1/trends/recompute", tag = "insights",
    responses(
        (status = 202, description = "Queued", body = TaskRef),
        (status = 403, description = "Not an admin", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn recompute_trends(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<(StatusCode, axum::Json<TaskRef>), ApiError> {
    user.require_admin()?;
    let task_id = crate::tasks::market_trends(&state).await?;
    Ok((StatusCode::ACCEPTED, axum::Json(TaskRef { task_id })))
}
