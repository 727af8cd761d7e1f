//! The caller: account and profile.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::error::{ApiError, FieldError};
use crate::extract::{AuthUser, Json};
use crate::routes::{TaskRef, UserOut};
use crate::state::AppState;

/// The routes under `/api/v1/me`; uploads may be up to `upload_limit` bytes.
pub fn router(upload_limit: usize) -> Router<AppState> {
    Router::new()
        .route("/", get(me))
        .route("/profile", get(profile).put(put_profile))
        .route(
            "/resume",
            post(upload_resume).layer(DefaultBodyLimit::max(
                upload_limit.saturating_add(16 * 1024),
            )),
        )
        .route("/resume-files", get(resume_files))
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

/// A stored resume file.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResumeFileOut {
    /// Id.
    pub id: uuid::Uuid,
    /// The name it was uploaded with.
    pub filename: String,
    /// What its bytes are: `application/pdf`, the DOCX type, `application/json` (JSON Resume) or
    /// `text/plain`.
    pub content_type: String,
    /// Size.
    pub size_bytes: i64,
    /// What reading it found worth saying (empty until parsed).
    #[schema(value_type = Vec<String>)]
    pub parse_warnings: Value,
    /// The parse task (`GET /api/v1/tasks/{id}`).
    pub task_id: Option<uuid::Uuid>,
    /// Uploaded.
    pub created_at: DateTime<Utc>,
}

impl From<vaga_storage::ResumeFile> for ResumeFileOut {
    fn from(f: vaga_storage::ResumeFile) -> Self {
        ResumeFileOut {
            id: f.id,
            filename: f.filename,
            content_type: f.content_type,
            size_bytes: f.size_bytes,
            parse_warnings: f.parse_warnings,
            task_id: f.task_id,
            created_at: f.created_at,
        }
    }
}

/// An accepted upload.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadOut {
    /// The stored file.
    pub file: ResumeFileOut,
    /// The parse task: when done, the profile holds the resume.
    #[serde(flatten)]
    pub task: TaskRef,
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// What the bytes are, by their content (never by the name or the client's type).
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        return Some("application/pdf");
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // A DOCX is a zip whose entries live under `word/`.
        return bytes.windows(5).any(|w| w == b"word/").then_some(DOCX);
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).ok()?;
    if text.contains('\0') || text.trim().is_empty() {
        return None;
    }
    Some(if text.trim_start().starts_with('{') {
        "application/json"
    } else {
        "text/plain"
    })
}

/// The base name, without control characters, at most 200 characters.
fn clean_name(name: Option<&str>) -> String {
    let base = name
        .unwrap_or("")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>();
    let base = base.trim();
    if base.is_empty() {
        "resume".to_owned()
    } else {
        base.to_owned()
    }
}

#[utoipa::path(post, path = "/api/v1/me/resume", tag = "me",
    request_body(content_type = "multipart/form-data", description = "One part named `file`: PDF, DOCX, plain text or a JSON Resume document"),
    responses(
        (status = 202, description = "Stored; a background task reads it into the profile", body = UploadOut),
        (status = 413, description = "Larger than `[server] upload_limit_bytes`", body = crate::error::ErrorBody),
        (status = 415, description = "Not a PDF, DOCX, text or JSON Resume file", body = crate::error::ErrorBody),
        (status = 422, description = "No `file` part", body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
async fn upload_resume(
    State(state): State<AppState>,
    user: AuthUser,
    mut multipart: Multipart,
) -> Result<(StatusCode, axum::Json<UploadOut>), ApiError> {
    let limit = state.inner.config.upload_limit;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("the file is larger than {limit} bytes"),
        )
    };
    let multipart_error = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::bad_request("invalid_multipart", e.body_text())
        }
    };
    let mut upload = None;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = clean_name(field.file_name());
        let bytes = field.bytes().await.map_err(multipart_error)?;
        upload = Some((name, bytes));
        break;
    }
    let Some((filename, bytes)) = upload else {
        return Err(ApiError::validation(vec![FieldError {
            field: "file".into(),
            code: "required".into(),
            message: "send the resume as a multipart part named `file`".into(),
        }]));
    };
    if bytes.len() > limit {
        return Err(too_large());
    }
    let Some(content_type) = sniff(&bytes) else {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_file_type",
            "the file is not a PDF, DOCX, plain text or JSON Resume document",
        ));
    };
    let repo = state.store().repo();
    let now = state.now();
    let file = repo
        .add_resume_file(
            user.id(),
            &vaga_storage::NewResumeFile {
                filename,
                content_type: content_type.to_owned(),
                content: bytes.to_vec(),
                task_id: None,
            },
            now,
        )
        .await?;
    let task_id = state
        .store()
        .queue()
        .enqueue(&vaga_worker::tasks::parse_resume(user.id(), file.id), now)
        .await?
        .id();
    repo.set_resume_file_parse(user.id(), file.id, Some(task_id), &Value::Array(Vec::new()))
        .await?;
    let file = repo.resume_file(user.id(), file.id).await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(UploadOut {
            file: file.into(),
            task: TaskRef { task_id },
        }),
    ))
}

#[utoipa::path(get, path = "/api/v1/me/resume-files", tag = "me",
    responses((status = 200, description = "The caller's uploads, newest first", body = Vec<ResumeFileOut>)),
    security(("bearer" = [])))]
async fn resume_files(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<axum::Json<Vec<ResumeFileOut>>, ApiError> {
    let files = state.store().repo().list_resume_files(user.id()).await?;
    Ok(axum::Json(
        files.into_iter().map(ResumeFileOut::from).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_known_by_their_bytes() {
        assert_eq!(sniff(b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(sniff(b"PK\x03\x04....word/document.xml"), Some(DOCX));
        assert_eq!(sniff(b"PK\x03\x04....xl/workbook.xml"), None);
        assert_eq!(sniff(b"  {\"basics\": {}}"), Some("application/json"));
        assert_eq!(
            sniff("Maria Silva\nCientista de Dados".as_bytes()),
            Some("text/plain")
        );
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n"), None);
        assert_eq!(sniff(b"text\0with nul"), None);
        assert_eq!(sniff(b"   "), None);
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(clean_name(Some("C:\\Users\\x\\cv.pdf")), "cv.pdf");
        assert_eq!(clean_name(Some("a\u{0}b\nc.txt")), "abc.txt");
        assert_eq!(clean_name(None), "resume");
        assert_eq!(clean_name(Some("")), "resume");
    }
}
