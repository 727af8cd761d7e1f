//! Extractors: JSON bodies, queries and paths whose rejections use the error body, the
//! authenticated caller (Bearer token or session cookie with CSRF check), and the client address.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum_extra::extract::CookieJar;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use vaga_auth::TokenError;
use vaga_storage::{Role, User};

use crate::error::{ApiError, FieldError};
use crate::state::AppState;

/// Name of the access-token cookie.
pub const ACCESS_COOKIE: &str = "vaga_access";
/// Name of the refresh-token cookie (sent only to `/api/v1/auth`).
pub const REFRESH_COOKIE: &str = "vaga_refresh";
/// Name of the CSRF cookie (readable by the page's script, which echoes it in the header).
pub const CSRF_COOKIE: &str = "vaga_csrf";
/// Header carrying the CSRF token on cookie-authenticated writes.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A JSON body; a malformed one is a 400 `invalid_json` (422 `validation_failed` when the JSON is
/// well-formed but a field has the wrong type or is missing).
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::rejection::JsonRejection;
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Json(v)),
            Err(JsonRejection::JsonDataError(e)) => Err(ApiError::validation(vec![FieldError {
                field: data_error_path(&e.body_text()),
                code: "invalid".into(),
                message: e.body_text(),
            }])),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::new(
                axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "expected Content-Type: application/json",
            )),
            Err(JsonRejection::BytesRejection(e)) => Err(ApiError::new(
                e.status(),
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    "body_too_large"
                } else {
                    "bad_request"
                },
                e.body_text(),
            )),
            Err(e) => Err(ApiError::bad_request("invalid_json", e.body_text())),
        }
    }
}

impl<S: Send + Sync, T: DeserializeOwned> axum::extract::OptionalFromRequest<S> for Json<T> {
    type Rejection = ApiError;

    /// No body (no `Content-Type`) is `None`; a body is parsed as for [`Json`].
    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, Self::Rejection> {
        if req.headers().get(header::CONTENT_TYPE).is_none() {
            return Ok(None);
        }
        <Json<T> as FromRequest<S>>::from_request(req, state)
            .await
            .map(Some)
    }
}

/// The field path serde names in "Failed to deserialize the JSON body into the target type:
/// links[0].url: invalid type…", or `body`.
fn data_error_path(text: &str) -> String {
    let rest = text.split_once("target type: ").map_or(text, |(_, r)| r);
    match rest.split_once(": ") {
        Some((path, _)) if !path.contains(' ') && !path.is_empty() => path.to_owned(),
        _ => "body".to_owned(),
    }
}

/// A query string; a bad one is a 422 naming the parameter.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Query(v)),
            Err(e) => Err(ApiError::validation(vec![FieldError {
                field: "query".into(),
                code: "invalid".into(),
                message: e.body_text(),
            }])),
        }
    }
}

/// A path id; a malformed one is a 404 (it names nothing).
pub struct PathId(pub Uuid);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<Uuid>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(id)) => Ok(PathId(id)),
            Err(_) => Err(ApiError::not_found("resource")),
        }
    }
}

/// The client's address: the socket peer, or the first `X-Forwarded-For` hop when configured.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if state.inner.config.trust_forwarded_for
            && let Some(ip) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse::<IpAddr>().ok())
        {
            return Ok(ClientIp(Some(ip)));
        }
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// The authenticated caller. From `Authorization: Bearer <access token>`, or from the
/// `vaga_access` cookie; a cookie-authenticated write (POST, PUT, PATCH, DELETE) must also carry
/// the CSRF cookie's value in `X-CSRF-Token`. The user is read on every request, so a disabled
/// account or a changed role takes effect at once.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// The user row.
    pub user: User,
    /// Whether the session cookie (not a Bearer header) authenticated the request.
    pub via_cookie: bool,
}

impl AuthUser {
    /// The user's id.
    pub fn id(&self) -> Uuid {
        self.user.id
    }

    /// Refuses callers who are not admins.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.user.role == Role::Admin {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                "admin_only",
                "this action needs the admin role",
            ))
        }
    }
}

/// Whether a method changes state (and so needs CSRF protection under cookie auth).
pub(crate) fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::trim);
        let jar = CookieJar::from_headers(&parts.headers);
        let (token, via_cookie) = match bearer {
            Some(h) => match h.split_once(' ') {
                Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") => {
                    (t.trim().to_owned(), false)
                }
                _ => {
                    return Err(ApiError::unauthorized(
                        "invalid_token",
                        "the Authorization header must be `Bearer <token>`",
                    ));
                }
            },
            None => match jar.get(ACCESS_COOKIE) {
                Some(c) => (c.value().to_owned(), true),
                None => {
                    return Err(ApiError::unauthorized(
                        "unauthenticated",
                        "log in first: send a Bearer token or the session cookie",
                    ));
                }
            },
        };
        let now = state.now().timestamp().max(0) as u64;
        let claims = state
            .inner
            .tokens
            .verify(&token, now)
            .map_err(|e| match e {
                TokenError::Expired => {
                    ApiError::unauthorized("token_expired", "the access token has expired")
                }
                _ => ApiError::unauthorized("invalid_token", "the access token is not valid"),
            })?;
        let id = Uuid::parse_str(&claims.sub).map_err(|_| {
            ApiError::unauthorized("invalid_token", "the access token is not valid")
        })?;
        if via_cookie && is_unsafe(&parts.method) {
            let submitted = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let cookie = jar.get(CSRF_COOKIE).map(|c| c.value()).unwrap_or("");
            if !state.inner.csrf.verify(&claims.sub, submitted, cookie) {
                return Err(ApiError::forbidden(
                    "csrf_failed",
                    "cookie-authenticated writes must send the vaga_csrf cookie's value in X-CSRF-Token",
                ));
            }
        }
        let user = match state.store().repo().user(id).await {
            Ok(u) if !u.disabled => u,
            Ok(_) | Err(vaga_storage::StoreError::NotFound) => {
                return Err(ApiError::unauthorized(
                    "invalid_token",
                    "the access token is not valid",
                ));
            }
            Err(e) => return Err(e.into()),
        };
        Ok(AuthUser { user, via_cookie })
    }
}
