//! Portfolio projects: the caller's own, created, read, changed and deleted.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use vaga_storage::{Link, Project, ProjectInput};

use crate::error::{ApiError, FieldError};
use crate::extract::{AuthUser, Json, PathId};
use crate::state::AppState;

/// The routes under `/api/v1/projects`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(list).post(create))
        .route("/{id}", get(read).put(update).delete(remove))
}

/// A link of a project.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LinkDto {
    /// What it is (`code`, `demo`, `paper`).
    pub label: String,
    /// `http(s)://` URL.
    pub url: String,
}

/// A project as sent by the client.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ProjectIn {
    /// 1–200 characters.
    pub title: String,
    /// Up to 10,000 characters.
    #[serde(default)]
    pub description: String,
    /// Up to 50, each up to 60 characters.
    #[serde(default)]
    pub technologies: Vec<String>,
    /// Up to 20.
    #[serde(default)]
    pub links: Vec<LinkDto>,
    /// Up to 50, each up to 500 characters.
    #[serde(default)]
    pub achievements: Vec<String>,
}

/// A stored project.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectOut {
    /// Id.
    pub id: Uuid,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Technologies.
    pub technologies: Vec<String>,
    /// Links.
    pub links: Vec<LinkDto>,
    /// Achievements.
    pub achievements: Vec<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl From<Project> for ProjectOut {
    fn from(p: Project) -> Self {
        ProjectOut {
            id: p.id,
            title: p.title,
            description: p.description,
            technologies: p.technologies,
            links: p
                .links
                .into_iter()
                .map(|l| LinkDto {
                    label: l.label,
                    url: l.url,
                })
                .collect(),
            achievements: p.achievements,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

fn field(field: String, code: &str, message: String) -> FieldError {
    FieldError {
        field,
        code: code.into(),
        message,
    }
}

fn check_list(
    name: &str,
    items: &[String],
    max_items: usize,
    max_chars: usize,
    fields: &mut Vec<FieldError>,
) {
    if items.len() > max_items {
        fields.push(field(
            name.into(),
            "too_many",
            format!("at most {max_items} items"),
        ));
    }
    for (i, item) in items.iter().enumerate() {
        let n = item.trim().chars().count();
        if n == 0 || n > max_chars {
            fields.push(field(
                format!("{name}[{i}]"),
                "invalid_length",
                format!("1 to {max_chars} characters"),
            ));
        }
    }
}

/// Validates and trims a project.
fn validate(p: ProjectIn) -> Result<ProjectInput, ApiError> {
    let mut fields = Vec::new();
    let title = p.title.trim().to_owned();
    if title.is_empty() || title.chars().count() > 200 {
        fields.push(field(
            "title".into(),
            "invalid_length",
            "1 to 200 characters".into(),
        ));
    }
    if p.description.chars().count() > 10_000 {
        fields.push(field(
            "description".into(),
            "too_long",
            "at most 10,000 characters".into(),
        ));
    }
    check_list("technologies", &p.technologies, 50, 60, &mut fields);
    check_list("achievements", &p.achievements, 50, 500, &mut fields);
    if p.links.len() > 20 {
        fields.push(field("links".into(), "too_many", "at most 20 links".into()));
    }
    for (i, l) in p.links.iter().enumerate() {
        let ok = url::Url::parse(l.url.trim())
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if !ok || l.url.len() > 2000 {
            fields.push(field(
                format!("links[{i}].url"),
                "invalid_url",
                "an http(s) URL of at most 2,000 characters".into(),
            ));
        }
        if l.label.chars().count() > 100 {
            fields.push(field(
                format!("links[{i}].label"),
                "too_long",
                "at most 100 characters".into(),
            ));
        }
    }
    if !fields.is_empty() {
        return Err(ApiError::validation(fields));
    }
    let trim_all = |v: Vec<String>| v.into_iter().map(|s| s.trim().to_owned()).collect();
    Ok(ProjectInput {
        title,
        description: p.description,
        technologies: trim_all(p.technologies),
        links: p
            .links
            .into_iter()
            .map(|l| Link {
                label: l.label.trim().to_owned(),
                url: l.url.trim().to_owned(),
            })
            .collect(),
        achievements: trim_all(p.achievements),
    })
}

#[utoipa::path(get, path = "/api/v1/projects", tag = "projects",
    responses((status = 200, description = "The caller's projects, newest first", body = Vec<ProjectOut>)),
    security(("bearer" = [])))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<axum::Json<Vec<ProjectOut>>, ApiError> {
    let items = state.store().repo().list_projects(user.id()).await?;
    Ok(axum::Json(
        items.into_iter().map(ProjectOut::from).collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/projects", tag = "projects",
    request_body = ProjectIn,
    responses(
        (status = 201, description = "Created", body = ProjectOut),
        (status = 422, description = "Invalid fields", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    Json(input): Json<ProjectIn>,
) -> Result<impl IntoResponse, ApiError> {
    let input = validate(input)?;
    let p = state
        .store()
        .repo()
        .create_project(user.id(), &input, state.now())
        .await?;
    Ok((StatusCode::CREATED, axum::Json(ProjectOut::from(p))))
}

#[utoipa::path(get, path = "/api/v1/projects/{id}", tag = "projects",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, description = "The project", body = ProjectOut),
        (status = 404, description = "No such project of the caller", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn read(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(id): PathId,
) -> Result<axum::Json<ProjectOut>, ApiError> {
    let p = state
        .store()
        .repo()
        .project(user.id(), id)
        .await
        .map_err(not_found)?;
    Ok(axum::Json(ProjectOut::from(p)))
}

#[utoipa::path(put, path = "/api/v1/projects/{id}", tag = "projects",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = ProjectIn,
    responses(
        (status = 200, description = "Replaced", body = ProjectOut),
        (status = 404, description = "No such project of the caller", body = crate::error::ErrorBody),
        (status = 422, description = "Invalid fields", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn update(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(id): PathId,
    Json(input): Json<ProjectIn>,
) -> Result<axum::Json<ProjectOut>, ApiError> {
    let input = validate(input)?;
    let p = state
        .store()
        .repo()
        .update_project(user.id(), id, &input, state.now())
        .await
        .map_err(not_found)?;
    Ok(axum::Json(ProjectOut::from(p)))
}

#[utoipa::path(delete, path = "/api/v1/projects/{id}", tag = "projects",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such project of the caller", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn remove(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(id): PathId,
) -> Result<StatusCode, ApiError> {
    state
        .store()
        .repo()
        .delete_project(user.id(), id)
        .await
        .map_err(not_found)?;
    Ok(StatusCode::NO_CONTENT)
}

fn not_found(e: vaga_storage::StoreError) -> ApiError {
    match e {
        vaga_storage::StoreError::NotFound => ApiError::not_found("project"),
        e => e.into(),
    }
}
