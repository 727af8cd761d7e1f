//! `/health`, `/metrics` and the start page.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use serde::Serialize;
use utoipa::ToSchema;

use crate::state::AppState;

/// The health report.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` when the database answers, else `degraded`.
    pub status: &'static str,
    /// Vaga's version.
    pub version: &'static str,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    /// Whether the database answered.
    pub database_ok: bool,
    /// Workers that beat in the last minute (`vaga serve` runs one; `vaga worker` more).
    pub workers: usize,
}

#[utoipa::path(get, path = "/health", tag = "system",
    responses(
        (status = 200, description = "The database answers; `status` is `degraded` when no worker beat in the last minute", body = Health),
        (status = 503, description = "The database does not answer", body = Health),
    ))]
pub(crate) async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let database_ok = state.store().ping().await.is_ok();
    let since = state.now() - chrono::Duration::minutes(1);
    let workers = if database_ok {
        state
            .store()
            .repo()
            .live_workers(since)
            .await
            .map_or(0, |w| w.len())
    } else {
        0
    };
    let body = Health {
        // Without a live worker the API answers, but nothing is synced or recomputed.
        status: if database_ok && workers > 0 {
            "ok"
        } else {
            "degraded"
        },
        version: state.inner.version,
        database: match state.store().backend() {
            vaga_storage::Backend::Sqlite => "sqlite",
            vaga_storage::Backend::Postgres => "postgres",
        },
        database_ok,
        workers,
    };
    let status = if database_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(body))
}

/// The process-wide Prometheus recorder (the `metrics` facade has one global recorder).
pub(crate) fn prometheus() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            PrometheusBuilder::new()
                .set_buckets_for_metric(
                    metrics_exporter_prometheus::Matcher::Full(
                        "http_request_duration_seconds".into(),
                    ),
                    &[
                        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
                    ],
                )
                .and_then(PrometheusBuilder::install_recorder)
                .map_err(|e| tracing::warn!(error = %e, "metrics recorder not installed"))
                .ok()
        })
        .as_ref()
}

/// Prometheus text format.
pub(crate) async fn metrics_text() -> Response {
    match prometheus() {
        Some(h) => (
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
            h.render(),
        )
            .into_response(),
        None => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// Middleware: counts requests by method, route template and status, and times them.
pub(crate) async fn record_metrics(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method, "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "route" => route)
        .record(start.elapsed().as_secs_f64());
    res
}

/// `/`: what this is and where to go, until the web UI exists.
pub(crate) async fn index(State(state): State<AppState>) -> Html<String> {
    let demo = match &state.inner.config.demo_login {
        Some((email, password)) => format!(
            "<h2>Demo</h2><p>This instance runs with the bundled demo data. Log in as \
             <code>{}</code> with the password <code>{}</code>:</p>\
             <pre>curl -s -X POST http://HOST/api/v1/auth/login -H 'content-type: application/json' \\\n  \
             -d '{{\"email\":\"{}\",\"password\":\"{}\"}}'</pre>\
             <p>then send <code>Authorization: Bearer &lt;access_token&gt;</code> to \
             <code>/api/v1/matches</code>, <code>/api/v1/skills/analysis</code> or \
             <code>/api/v1/trends</code>, or use <a href=\"/docs/\">/docs</a> (Authorize).</p>",
            escape(email),
            escape(password),
            escape(email),
            escape(password)
        ),
        None => "<p>Create an account with <code>POST /api/v1/auth/register</code> (the first \
                 account is the administrator), then log in with \
                 <code>POST /api/v1/auth/login</code>.</p>"
            .to_owned(),
    };
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Vaga</title></head><body style=\"font-family: system-ui, sans-serif; max-width: \
         46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5\">\
         <h1>Vaga {}</h1><p>A self-hosted job-search assistant. The web interface is not \
         built yet; the HTTP API is. Its interactive documentation is at \
         <a href=\"/docs/\">/docs</a> and the OpenAPI document at \
         <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a>.</p>{demo}\
         <p><a href=\"/health\">/health</a> · <a href=\"/metrics\">/metrics</a></p>\
         </body></html>",
        state.inner.version
    ))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
