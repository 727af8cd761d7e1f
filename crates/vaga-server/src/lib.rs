//! Vaga's HTTP service: the JSON API under `/api/v1` over [`vaga_storage`], with accounts and
//! sessions from [`vaga_auth`], an OpenAPI 3.1 document at `/api/v1/openapi.json`, interactive
//! documentation at `/docs` (Swagger UI served from the binary), `/health` and `/metrics`.
//!
//! [`app`] builds the router; [`serve`] runs it on a listener until a shutdown signal. Every
//! response carries an `x-request-id` (kept from the request or made), every error has one body
//! shape ([`error::ErrorBody`]), and every log line of a request carries its id.

pub mod error;
pub mod extract;
pub mod routes;
pub mod state;
mod tasks;

use std::future::Future;
use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, Request, header};
use axum::middleware;
use axum::routing::get;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa_swagger_ui::SwaggerUi;

pub use error::{ApiError, ErrorBody};
pub use state::{AppState, Clock, ServerConfig};

use routes::{
    auth, insights, matches, me, postings, projects, sources, system, tasks as task_routes,
};

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(title = "Vaga API", description = "Self-hosted job-search assistant: accounts, profile, postings, matches, skill gaps, trends, sources and background tasks."),
    paths(
        system::health,
        auth::register, auth::login, auth::refresh, auth::logout,
        me::me, me::profile, me::put_profile, me::upload_resume, me::resume_files,
        projects::list, projects::create, projects::read, projects::update, projects::remove,
        postings::list, postings::one,
        matches::list, matches::one, matches::recompute,
        task_routes::one, task_routes::list, task_routes::retry,
        insights::history, insights::analyse, insights::trends, insights::recompute_trends,
        sources::list, sources::create, sources::one, sources::update, sources::remove, sources::sync,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Register, log in, refresh, log out"),
        (name = "me", description = "The caller's account and profile"),
        (name = "projects", description = "Portfolio projects"),
        (name = "postings", description = "Search postings; read one"),
        (name = "matches", description = "Ranked postings for the caller, with explanations"),
        (name = "insights", description = "Skill analyses and market trends"),
        (name = "sources", description = "Job sources: shared and the caller's own, with sync status"),
        (name = "tasks", description = "Background tasks: state, progress, retry"),
        (name = "system", description = "Health"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                Http::builder()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        openapi.info.version = env!("CARGO_PKG_VERSION").to_owned();
    }
}

const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole service as a router.
pub fn app(state: AppState) -> Router {
    // Install the metrics recorder before the first request is counted.
    let _ = system::prometheus();
    let config = state.inner.config.clone();
    let api = Router::new()
        .nest("/api/v1/auth", auth::router())
        .nest("/api/v1/me", me::router(config.upload_limit))
        .nest("/api/v1/projects", projects::router())
        .nest("/api/v1/postings", postings::router())
        .nest("/api/v1/matches", matches::router())
        .nest("/api/v1/tasks", task_routes::router())
        .nest("/api/v1/sources", sources::router())
        .nest("/api/v1", insights::router())
        .route("/", get(system::index))
        .route("/health", get(system::health))
        .route("/metrics", get(system::metrics_text))
        .route_layer(middleware::from_fn(system::record_metrics))
        .layer(DefaultBodyLimit::max(config.body_limit))
        .with_state(state)
        .merge(SwaggerUi::new("/docs").url("/api/v1/openapi.json", ApiDoc::openapi()));

    let mut router = api.layer(TimeoutLayer::with_status_code(
        axum::http::StatusCode::REQUEST_TIMEOUT,
        config.request_timeout,
    ));
    if !config.cors_origins.is_empty() {
        let origins: Vec<HeaderValue> = config
            .cors_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect();
        router = router.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_credentials(true)
                .allow_methods([
                    Method::GET,
                    Method::POST,
                    Method::PUT,
                    Method::PATCH,
                    Method::DELETE,
                ])
                .allow_headers([
                    header::AUTHORIZATION,
                    header::CONTENT_TYPE,
                    HeaderName::from_static(extract::CSRF_HEADER),
                ]),
        );
    }
    let secure = config.secure_cookies;
    router = security_headers(router, secure);
    router
        .layer(middleware::from_fn(error::normalise_errors))
        .layer(CatchPanicLayer::new())
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .headers()
                    .get(X_REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                // The path only: queries may carry search text, never credentials, but keep
                // logs lean.
                tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
            }),
        )
        .layer(PropagateRequestIdLayer::new(X_REQUEST_ID))
        .layer(SetRequestIdLayer::new(X_REQUEST_ID, MakeRequestUuid))
}

fn security_headers(router: Router, hsts: bool) -> Router {
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    let router = router
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
        .layer(set(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
             script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ))
        .layer(set(
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ));
    if hsts {
        router.layer(set(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        router
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then finishes requests in flight.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
