//! Accounts and sessions: register, login, refresh (rotation with reuse detection), logout.
//!
//! A login answers OAuth2-style tokens in the body (for API clients) and sets three cookies (for
//! the browser): the access token (`HttpOnly`, `SameSite=Lax`), the refresh token (`HttpOnly`,
//! `SameSite=Strict`, sent only to `/api/v1/auth`) and the CSRF token (readable by the page,
//! which echoes it in `X-CSRF-Token` on writes).

use std::time::Instant;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;
use vaga_auth::{OsRng, Password, RefreshDecision, RefreshRecord, RefreshToken, ThrottleDecision};
use vaga_storage::{NewAuditEvent, NewRefreshToken, NewUser, Role, StoreError, User};

use crate::error::{ApiError, FieldError};
use crate::extract::{ACCESS_COOKIE, CSRF_COOKIE, CSRF_HEADER, ClientIp, Json, REFRESH_COOKIE};
use crate::routes::UserOut;
use crate::state::AppState;

/// The auth routes, under `/api/v1/auth`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/register", post(register))
        .route("/login", post(login))
        .route("/refresh", post(refresh))
        .route("/logout", post(logout))
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterRequest {
    /// Email address (the login).
    pub email: String,
    /// At least 10 characters, not common, not built from the email or name.
    pub password: String,
    /// Display name.
    pub name: String,
}

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// Email address.
    pub email: String,
    /// Password.
    pub password: String,
}

/// A refresh or logout: the refresh token in the body, or else the `vaga_refresh` cookie.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct RefreshRequest {
    /// The refresh token from the login (or the last refresh).
    pub refresh_token: Option<String>,
}

/// Tokens, OAuth2-style.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Single-use token for `POST /api/v1/auth/refresh`.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Lifetime of the access token in seconds.
    pub expires_in: u64,
}

const MAX_EMAIL: usize = 254;
const MAX_NAME: usize = 100;

fn check_email(email: &str, fields: &mut Vec<FieldError>) {
    let bad = |code: &str, message: &str| FieldError {
        field: "email".into(),
        code: code.into(),
        message: message.into(),
    };
    if email.is_empty() {
        fields.push(bad("required", "email is required"));
    } else if email.len() > MAX_EMAIL {
        fields.push(bad("too_long", "email is longer than 254 characters"));
    } else {
        let ok = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
                    && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if !ok {
            fields.push(bad("invalid_email", "not an email address"));
        }
    }
}

#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created; the first account is admin", body = UserOut),
        (status = 409, description = "Email already registered", body = crate::error::ErrorBody),
        (status = 422, description = "Invalid fields", body = crate::error::ErrorBody),
    ))]
async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<RegisterRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let email = vaga_storage::normalise_email(&req.email);
    let name = req.name.trim().to_owned();
    let mut fields = Vec::new();
    check_email(&email, &mut fields);
    if name.is_empty() {
        fields.push(FieldError {
            field: "name".into(),
            code: "required".into(),
            message: "name is required".into(),
        });
    } else if name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        fields.push(FieldError {
            field: "name".into(),
            code: "invalid".into(),
            message: "name must be at most 100 printable characters".into(),
        });
    }
    let password = Password::from(req.password);
    let inner = state.inner.clone();
    let (email2, name2) = (email.clone(), name.clone());
    // zxcvbn and argon2 are CPU work: off the async threads.
    let checked = tokio::task::spawn_blocking(move || {
        inner
            .policy
            .check(&password, &email2, &name2)
            .map(|()| inner.hasher.hash(&password, &mut OsRng))
    })
    .await
    .map_err(ApiError::internal)?;
    let hash = match checked {
        Ok(Ok(hash)) => Some(hash),
        Ok(Err(e)) => return Err(ApiError::internal(e)),
        Err(violation) => {
            fields.push(FieldError {
                field: "password".into(),
                code: violation.code().into(),
                message: violation.message(),
            });
            None
        }
    };
    let Some(hash) = hash.filter(|_| fields.is_empty()) else {
        return Err(ApiError::validation(fields));
    };
    let repo = state.store().repo();
    let now = state.now();
    // The first account administers the instance.
    let role = if repo.count_users().await? == 0 {
        Role::Admin
    } else {
        Role::User
    };
    let user = match repo
        .create_user(
            &NewUser {
                email,
                password_hash: hash,
                name,
                role,
            },
            now,
        )
        .await
    {
        Ok(u) => u,
        Err(StoreError::Conflict(_)) => {
            return Err(ApiError::conflict(
                "email_taken",
                "an account with this email exists; log in instead",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    audit(
        &state,
        Some(user.id),
        "register",
        ip,
        json!({ "role": role.as_str() }),
    )
    .await;
    Ok((StatusCode::CREATED, axum::Json(UserOut::from(user))))
}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in; also sets the session cookies", body = TokenResponse),
        (status = 401, description = "Wrong email or password", body = crate::error::ErrorBody),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = crate::error::ErrorBody),
    ))]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    Json(req): Json<LoginRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let email = vaga_storage::normalise_email(&req.email);
    let key = (email.clone(), ip);
    let decision = state
        .inner
        .throttle
        .lock()
        .map_err(|_| ApiError::internal("login throttle lock poisoned"))?
        .check(&key, Instant::now());
    if let ThrottleDecision::RetryAfter(wait) = decision {
        audit(
            &state,
            None,
            "login_throttled",
            ip,
            json!({ "email": email }),
        )
        .await;
        return Err(ApiError::too_many(wait));
    }
    let repo = state.store().repo();
    let user = if email.len() <= MAX_EMAIL {
        repo.user_by_email(&email).await?
    } else {
        None
    };
    let password = Password::from(req.password);
    let inner = state.inner.clone();
    let phc = user.as_ref().map(|u| u.password_hash.clone());
    // Unknown emails cost the same argon2 work as known ones.
    let verified = tokio::task::spawn_blocking(move || match phc {
        Some(phc) => {
            let ok = vaga_auth::verify(&password, &phc);
            let rehash = (ok && inner.hasher.needs_rehash(&phc))
                .then(|| inner.hasher.hash(&password, &mut OsRng).ok())
                .flatten();
            (ok, rehash)
        }
        None => (inner.hasher.verify_absent(&password), None),
    })
    .await
    .map_err(ApiError::internal)?;
    let user = match (user, verified) {
        (Some(u), (true, rehash)) if !u.disabled => {
            if let Some(hash) = rehash {
                repo.set_password_hash(u.id, &hash, state.now()).await?;
            }
            u
        }
        (user, _) => {
            let next = state
                .inner
                .throttle
                .lock()
                .map_err(|_| ApiError::internal("login throttle lock poisoned"))?
                .record_failure(key, Instant::now());
            audit(
                &state,
                user.as_ref().map(|u| u.id),
                "login_failed",
                ip,
                json!({ "email": email, "throttled": matches!(next, ThrottleDecision::RetryAfter(_)) }),
            )
            .await;
            return Err(ApiError::unauthorized(
                "invalid_credentials",
                "wrong email or password",
            ));
        }
    };
    if let Ok(mut t) = state.inner.throttle.lock() {
        t.record_success(&key);
    }
    let (tokens, jar) = issue_session(&state, &user, None, jar).await?;
    audit(&state, Some(user.id), "login", ip, json!({})).await;
    Ok((jar, axum::Json(tokens)))
}

#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens; the presented refresh token is spent", body = TokenResponse),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token (reuse revokes the whole session)", body = crate::error::ErrorBody),
    ))]
async fn refresh(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    jar: CookieJar,
    body: Option<Json<RefreshRequest>>,
) -> Result<impl IntoResponse, ApiError> {
    let invalid = || ApiError::unauthorized("invalid_grant", "the refresh token is not valid");
    let (presented, via_cookie) = presented_refresh(body, &jar);
    let Some(token) = presented.as_deref().and_then(RefreshToken::parse) else {
        return Err(invalid());
    };
    let repo = state.store().repo();
    let Some(record) = repo.refresh_token_by_hash(&token.hash()).await? else {
        return Err(invalid());
    };
    if via_cookie && !csrf_ok(&state, &record.user_id.to_string(), &headers, &jar) {
        return Err(ApiError::forbidden(
            "csrf_failed",
            "a cookie refresh must send the vaga_csrf cookie's value in X-CSRF-Token",
        ));
    }
    let now = state.now();
    let decision = vaga_auth::decide(
        &RefreshRecord {
            family: record.family_id,
            user: record.user_id,
            expires_at: record.expires_at,
            used_at: record.used_at,
            revoked_at: record.revoked_at,
        },
        &now,
    );
    // Two presentations racing: only one marks the row; the other is a reuse.
    let decision = match decision {
        RefreshDecision::Rotate if !repo.mark_refresh_token_used(record.id, now).await? => {
            RefreshDecision::Reuse
        }
        d => d,
    };
    match decision {
        RefreshDecision::Rotate => {}
        RefreshDecision::Reuse => {
            let revoked = repo.revoke_refresh_family(record.family_id, now).await?;
            audit(
                &state,
                Some(record.user_id),
                "refresh_reuse",
                ip,
                json!({ "family": record.family_id, "revoked": revoked }),
            )
            .await;
            return Err(ApiError::unauthorized(
                "invalid_grant",
                "this refresh token was already used; the session has been revoked, log in again",
            ));
        }
        RefreshDecision::Expired | RefreshDecision::Revoked => return Err(invalid()),
    }
    let user = match repo.user(record.user_id).await {
        Ok(u) if !u.disabled => u,
        Ok(_) | Err(StoreError::NotFound) => return Err(invalid()),
        Err(e) => return Err(e.into()),
    };
    let (tokens, jar) = issue_session(&state, &user, Some(record.family_id), jar).await?;
    Ok((jar, axum::Json(tokens)))
}

#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "The session's refresh tokens are revoked and the cookies cleared")))]
async fn logout(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    body: Option<Json<RefreshRequest>>,
) -> Result<impl IntoResponse, ApiError> {
    let (presented, _) = presented_refresh(body, &jar);
    if let Some(token) = presented.as_deref().and_then(RefreshToken::parse) {
        let repo = state.store().repo();
        if let Some(record) = repo.refresh_token_by_hash(&token.hash()).await? {
            repo.revoke_refresh_family(record.family_id, state.now())
                .await?;
            audit(&state, Some(record.user_id), "logout", ip, json!({})).await;
        }
    }
    // Sent whether or not the request carried them: a stale cookie elsewhere is cleared too.
    let jar = jar
        .add(removal(ACCESS_COOKIE, "/"))
        .add(removal(REFRESH_COOKIE, "/api/v1/auth"))
        .add(removal(CSRF_COOKIE, "/"));
    Ok((StatusCode::NO_CONTENT, jar))
}

/// A cookie that makes the browser drop `name` (empty, expired).
fn removal(name: &'static str, path: &'static str) -> Cookie<'static> {
    let mut c = Cookie::build((name, "")).path(path).build();
    c.make_removal();
    c
}

fn presented_refresh(
    body: Option<Json<RefreshRequest>>,
    jar: &CookieJar,
) -> (Option<String>, bool) {
    match body.and_then(|Json(b)| b.refresh_token) {
        Some(t) => (Some(t), false),
        None => (jar.get(REFRESH_COOKIE).map(|c| c.value().to_owned()), true),
    }
}

fn csrf_ok(state: &AppState, session: &str, headers: &HeaderMap, jar: &CookieJar) -> bool {
    let submitted = headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let cookie = jar.get(CSRF_COOKIE).map(|c| c.value()).unwrap_or("");
    state.inner.csrf.verify(session, submitted, cookie)
}

fn auth_role(role: Role) -> vaga_auth::Role {
    match role {
        Role::Admin => vaga_auth::Role::Admin,
        Role::User => vaga_auth::Role::User,
    }
}

/// Issues an access token and a refresh token (in `family`, or a new one), stores the refresh
/// token's hash, and sets the three session cookies.
async fn issue_session(
    state: &AppState,
    user: &User,
    family: Option<Uuid>,
    jar: CookieJar,
) -> Result<(TokenResponse, CookieJar), ApiError> {
    let inner = &state.inner;
    let now: DateTime<Utc> = state.now();
    let sub = user.id.to_string();
    let (access, _) = inner
        .tokens
        .issue(
            &sub,
            auth_role(user.role),
            now.timestamp().max(0) as u64,
            &mut OsRng,
        )
        .map_err(ApiError::internal)?;
    let refresh = RefreshToken::generate(&mut OsRng);
    let family =
        family.unwrap_or_else(|| Uuid::from_bytes(vaga_auth::refresh::new_family_id(&mut OsRng)));
    let refresh_ttl =
        chrono::Duration::from_std(inner.config.refresh_ttl).map_err(ApiError::internal)?;
    state
        .store()
        .repo()
        .insert_refresh_token(
            &NewRefreshToken {
                user_id: user.id,
                token_hash: refresh.hash(),
                family_id: family,
                expires_at: now + refresh_ttl,
            },
            now,
        )
        .await?;
    let csrf = inner.csrf.issue(&sub, &mut OsRng);
    let secure = inner.config.secure_cookies;
    let access_age = time_secs(inner.tokens.ttl_secs());
    let refresh_age = time_secs(inner.config.refresh_ttl.as_secs());
    let jar = jar
        .add(
            Cookie::build((ACCESS_COOKIE, access.clone()))
                .path("/")
                .http_only(true)
                .secure(secure)
                .same_site(SameSite::Lax)
                .max_age(access_age)
                .build(),
        )
        .add(
            Cookie::build((REFRESH_COOKIE, refresh.expose().to_owned()))
                .path("/api/v1/auth")
                .http_only(true)
                .secure(secure)
                .same_site(SameSite::Strict)
                .max_age(refresh_age)
                .build(),
        )
        .add(
            Cookie::build((CSRF_COOKIE, csrf.as_str().to_owned()))
                .path("/")
                .secure(secure)
                .same_site(SameSite::Strict)
                .max_age(refresh_age)
                .build(),
        );
    Ok((
        TokenResponse {
            access_token: access,
            refresh_token: refresh.expose().to_owned(),
            token_type: "Bearer",
            expires_in: inner.tokens.ttl_secs(),
        },
        jar,
    ))
}

fn time_secs(secs: u64) -> time::Duration {
    time::Duration::seconds(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// Appends a security event to the audit log. A failure to write it is logged, not answered:
/// the request itself succeeded or failed on its own merits.
pub(crate) async fn audit(
    state: &AppState,
    user_id: Option<Uuid>,
    kind: &str,
    ip: Option<std::net::IpAddr>,
    details: serde_json::Value,
) {
    let event = NewAuditEvent {
        at: state.now(),
        user_id,
        kind: kind.to_owned(),
        ip: ip.map(|i| i.to_string()),
        details,
    };
    if let Err(e) = state.store().repo().audit(&event).await {
        tracing::error!(error = %e, kind, "could not write the audit log");
    }
}
