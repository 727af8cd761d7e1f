//! Postings: search with filters and cursor paging, and one posting in full.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use vaga_storage::{Posting, PostingCursor, PostingQuery, Seniority, StoreError};

use crate::error::ApiError;
use crate::extract::{AuthUser, PathId, Query};
use crate::routes::Page;
use crate::routes::matches::bad_param;
use crate::state::AppState;

/// The routes under `/api/v1/postings`.
pub fn router() -> Router<AppState> {
    Router::new().route("/", get(list)).route("/{id}", get(one))
}

/// Filters of the posting list. Every filter narrows; all are optional.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PostingParams {
    /// Full text over title, company, skills and description, in Portuguese, Spanish and
    /// English, accents and word endings ignored (`analise` finds "análise", `dado` finds
    /// "dados"). Every word must match.
    pub q: Option<String>,
    /// Only remote (true) or only on-site and hybrid (false) postings.
    pub remote: Option<bool>,
    /// Only postings the caller can take from their country (`basics.location.countryCode` of
    /// the profile, or `eligible_for`).
    pub eligible: Option<bool>,
    /// Only postings a resident of this country (ISO 3166-1 alpha-2) can take.
    pub eligible_for: Option<String>,
    /// Minimum monthly pay in US dollars (postings without pay are left out).
    pub min_salary: Option<f64>,
    /// Comma-separated levels: intern, junior, mid, senior, lead, manager.
    pub seniority: Option<String>,
    /// Only this source.
    pub source: Option<String>,
    /// Only postings posted in the last this-many days (1–3650).
    pub posted_within_days: Option<i64>,
    /// Include postings their source no longer lists.
    pub include_inactive: Option<bool>,
    /// 1–100, default 20.
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A posting in a list: its headline and the normalised facts.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostingSummary {
    /// Id.
    pub id: Uuid,
    /// Source.
    pub source: String,
    /// Title.
    pub title: String,
    /// Company.
    pub company: String,
    /// Link to apply.
    pub url: Option<String>,
    /// When the employer posted it.
    pub posted_at: Option<DateTime<Utc>>,
    /// Still listed by its source.
    pub active: bool,
    /// From the normalised record: `location`, `location_parsed`, `seniority`, `language`,
    /// `skills`, `skills_optional`, `salary`, `salary_parsed`, `contract`.
    #[schema(value_type = Object)]
    pub facts: Value,
}

/// A posting in full: the headline and the whole normalised record.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostingDetail {
    /// Id.
    pub id: Uuid,
    /// Source.
    pub source: String,
    /// The source's id.
    pub external_id: String,
    /// Title.
    pub title: String,
    /// Company.
    pub company: String,
    /// Link to apply.
    pub url: Option<String>,
    /// When the employer posted it.
    pub posted_at: Option<DateTime<Utc>>,
    /// First fetched.
    pub first_seen: DateTime<Utc>,
    /// Last fetched.
    pub last_seen: DateTime<Utc>,
    /// Still listed by its source.
    pub active: bool,
    /// Postings judged the same job share a group.
    pub dedup_group: Option<String>,
    /// The normalised record (description, skills, salary, location, eligibility, …).
    #[schema(value_type = Object)]
    pub record: Value,
}

const FACTS: [&str; 9] = [
    "location",
    "location_parsed",
    "seniority",
    "language",
    "skills",
    "skills_optional",
    "salary",
    "salary_parsed",
    "contract",
];

impl From<Posting> for PostingSummary {
    fn from(p: Posting) -> Self {
        let mut facts = Map::new();
        if let Value::Object(mut record) = p.record {
            for key in FACTS {
                if let Some(v) = record.remove(key) {
                    facts.insert(key.to_owned(), v);
                }
            }
        }
        PostingSummary {
            id: p.id,
            source: p.source,
            title: p.title,
            company: p.company,
            url: p.url,
            posted_at: p.posted_at,
            active: p.active,
            facts: Value::Object(facts),
        }
    }
}

/// Reads the levels of `seniority=senior,lead`.
fn levels(text: &str) -> Result<Vec<Seniority>, ApiError> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            serde_json::from_value::<Seniority>(Value::String(s.to_ascii_lowercase())).map_err(
                |_| {
                    bad_param(
                        "seniority",
                        "comma-separated levels: intern, junior, mid, senior, lead, manager",
                    )
                },
            )
        })
        .collect()
}

/// The caller's country from the profile (`basics.location.countryCode`).
async fn home_country(state: &AppState, user: Uuid) -> Result<Option<String>, ApiError> {
    match state.store().repo().profile(user).await {
        Ok(p) => Ok(p
            .resume
            .pointer("/basics/location/countryCode")
            .and_then(Value::as_str)
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty())),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

#[utoipa::path(get, path = "/api/v1/postings", tag = "postings",
    params(PostingParams),
    responses(
        (status = 200, description = "Newest first", body = Page<PostingSummary>),
        (status = 422, description = "A bad filter or cursor", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    Query(p): Query<PostingParams>,
) -> Result<axum::Json<Page<PostingSummary>>, ApiError> {
    let limit = p.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(bad_param("limit", "between 1 and 100"));
    }
    let cursor = match p.cursor.as_deref() {
        Some(c) => Some(
            PostingCursor::decode(c)
                .map_err(|_| bad_param("cursor", "not a cursor of this list"))?,
        ),
        None => None,
    };
    if let Some(q) = &p.q
        && q.len() > 500
    {
        return Err(bad_param("q", "at most 500 characters"));
    }
    if let Some(m) = p.min_salary
        && !(m.is_finite() && m >= 0.0)
    {
        return Err(bad_param("min_salary", "a non-negative number"));
    }
    let posted_after = match p.posted_within_days {
        Some(d) if (1..=3650).contains(&d) => Some(state.now() - chrono::Duration::days(d)),
        Some(_) => return Err(bad_param("posted_within_days", "between 1 and 3650")),
        None => None,
    };
    let eligible_for = match (p.eligible_for.as_deref(), p.eligible) {
        (Some(c), _) => {
            let c = c.trim().to_ascii_uppercase();
            if c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
                return Err(bad_param(
                    "eligible_for",
                    "an ISO 3166-1 alpha-2 country code",
                ));
            }
            Some(c)
        }
        (None, Some(true)) => Some(home_country(&state, user.id()).await?.ok_or_else(|| {
            bad_param(
                "eligible",
                "your profile has no country (basics.location.countryCode); pass eligible_for",
            )
        })?),
        (None, _) => None,
    };
    let query = PostingQuery {
        q: p.q.filter(|q| !q.trim().is_empty()),
        remote: p.remote,
        eligible_for,
        min_salary: p.min_salary,
        seniority: match p.seniority.as_deref() {
            Some(s) => levels(s)?,
            None => Vec::new(),
        },
        source: p.source.filter(|s| !s.is_empty()),
        posted_after,
        active_only: !p.include_inactive.unwrap_or(false),
        cursor,
        limit,
        ..PostingQuery::default()
    };
    let page = state.store().repo().search_postings(&query).await?;
    Ok(axum::Json(Page {
        items: page.items.into_iter().map(PostingSummary::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

#[utoipa::path(get, path = "/api/v1/postings/{id}", tag = "postings",
    params(("id" = Uuid, Path, description = "Posting id")),
    responses(
        (status = 200, description = "The posting", body = PostingDetail),
        (status = 404, description = "No such posting", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn one(
    State(state): State<AppState>,
    _user: AuthUser,
    PathId(id): PathId,
) -> Result<axum::Json<PostingDetail>, ApiError> {
    let p = match state.store().repo().posting(id).await {
        Ok(p) => p,
        Err(StoreError::NotFound) => return Err(ApiError::not_found("posting")),
        Err(e) => return Err(e.into()),
    };
    Ok(axum::Json(PostingDetail {
        id: p.id,
        source: p.source,
        external_id: p.external_id,
        title: p.title,
        company: p.company,
        url: p.url,
        posted_at: p.posted_at,
        first_seen: p.first_seen,
        last_seen: p.last_seen,
        active: p.active,
        dedup_group: p.dedup_group,
        record: p.record,
    }))
}
