//! One error body everywhere: `{"error": {"code", "message", "details", "request_id"}}`.
//!
//! Handlers return [`ApiError`]; extractor rejections are turned into it by the wrappers in
//! [`crate::extract`]; and [`normalise_errors`] rewrites any other error response (an unknown
//! route, a wrong method, a body over the limit, a timeout, a panic) into the same shape. Messages
//! never carry internals: a database or handler failure is logged with the request id and answered
//! as `internal`.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use vaga_storage::StoreError;

tokio::task_local! {
    /// The id of the request being served, for error bodies.
    pub(crate) static REQUEST_ID: String;
}

/// The request id of the current request, if called while serving one.
pub(crate) fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// One field that failed validation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldError {
    /// The field's name in the request (`email`, `password`, `links[0].url`).
    pub field: String,
    /// Stable code (`required`, `too_long`, `invalid_email`, `too_common`, …).
    pub code: String,
    /// Human-readable.
    pub message: String,
}

/// The error body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable code (`validation_failed`, `not_found`, `invalid_token`, …).
    pub code: String,
    /// Human-readable message, safe to show.
    pub message: String,
    /// Extra data: `{"fields": [FieldError]}` for validation errors, else null.
    #[schema(value_type = Option<Object>)]
    pub details: Option<Value>,
    /// The request's id (also in the `x-request-id` header and in every log line).
    pub request_id: Option<String>,
}

/// An error answer (boxed: results stay small on the happy path).
#[derive(Debug)]
pub struct ApiError(Box<Inner>);

#[derive(Debug)]
struct Inner {
    status: StatusCode,
    code: &'static str,
    message: String,
    details: Option<Value>,
    headers: HeaderMap,
}

impl ApiError {
    /// An error with this status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError(Box::new(Inner {
            status,
            code,
            message: message.into(),
            details: None,
            headers: HeaderMap::new(),
        }))
    }

    /// 400.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 401 with `WWW-Authenticate: Bearer`.
    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        let mut e = Self::new(StatusCode::UNAUTHORIZED, code, message);
        let challenge = match code {
            "invalid_token" | "token_expired" => "Bearer error=\"invalid_token\"",
            _ => "Bearer",
        };
        e.0.headers.insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(challenge),
        );
        e
    }

    /// 403.
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, message)
    }

    /// 404 `not_found`.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found"),
        )
    }

    /// 409.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    /// 422 `validation_failed` with field errors.
    pub fn validation(fields: Vec<FieldError>) -> Self {
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            "the request has invalid fields",
        );
        e.0.details = Some(json!({ "fields": fields }));
        e
    }

    /// 429 with `Retry-After` in whole seconds (rounded up).
    pub fn too_many(retry_after: std::time::Duration) -> Self {
        let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            format!("too many attempts; try again in {secs} s"),
        );
        e.0.details = Some(json!({ "retry_after_secs": secs }));
        if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
            e.0.headers.insert(header::RETRY_AFTER, v);
        }
        e
    }

    /// 500 `internal`; the cause goes to the log with the request id, never to the client.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error; the request id identifies it in the server log",
        )
    }

    /// Adds details.
    #[must_use]
    pub fn with_details(mut self, details: Value) -> Self {
        self.0.details = Some(details);
        self
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The code.
    pub fn code(&self) -> &'static str {
        self.0.code
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => ApiError::not_found("resource"),
            StoreError::Conflict(_) => {
                ApiError::conflict("conflict", "the resource already exists")
            }
            StoreError::Invalid(msg) => ApiError::bad_request("invalid", msg),
            StoreError::Database(_) => ApiError::internal(err),
        }
    }
}

/// Marks a response whose body is already the error body.
#[derive(Clone, Copy)]
struct Rendered;

fn body(status: StatusCode, code: &str, message: &str, details: Option<Value>) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            code: code.to_owned(),
            message: message.to_owned(),
            details,
            request_id: current_request_id(),
        },
    };
    let mut res = (status, axum::Json(body)).into_response();
    res.extensions_mut().insert(Rendered);
    res
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = *self.0;
        let mut res = body(e.status, e.code, &e.message, e.details);
        res.headers_mut().extend(e.headers);
        res
    }
}

/// The code and message of a status produced outside the handlers.
fn generic(status: StatusCode) -> (&'static str, &'static str) {
    match status {
        StatusCode::NOT_FOUND => ("not_found", "no such resource"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "method not allowed here"),
        StatusCode::PAYLOAD_TOO_LARGE => ("body_too_large", "the request body is too large"),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "the request took too long"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "unsupported content type for this endpoint",
        ),
        StatusCode::INTERNAL_SERVER_ERROR => (
            "internal",
            "internal error; the request id identifies it in the server log",
        ),
        s if s.is_client_error() => ("bad_request", "the request cannot be served"),
        _ => ("unavailable", "the service cannot answer now"),
    }
}

/// Middleware: runs the request with its id in scope, and gives any error response that is not
/// already an error body (404 of an unknown route, 405, 413, 408, a caught panic) the standard
/// shape, keeping its status and headers such as `Allow`.
pub(crate) async fn normalise_errors(req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    REQUEST_ID
        .scope(id, async move {
            let res = next.run(req).await;
            let status = res.status();
            if !(status.is_client_error() || status.is_server_error())
                || res.extensions().get::<Rendered>().is_some()
            {
                return res;
            }
            let (code, message) = generic(status);
            let mut out = body(status, code, message, None);
            for name in [header::ALLOW, header::RETRY_AFTER, header::WWW_AUTHENTICATE] {
                if let Some(v) = res.headers().get(&name) {
                    out.headers_mut().insert(name, v.clone());
                }
            }
            out
        })
        .await
}

/// The request id header.
pub(crate) const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
