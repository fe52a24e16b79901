//! Logs, metrics and health: structured logs (JSON on request), Prometheus `/metrics`,
//! `/healthz` (the process answers) and `/readyz` (the database answers).
//!
//! Nothing personal or secret is logged: spans carry the method, the route template (not the
//! query string) and the request id; configuration secrets print as `[redacted]`.

use crate::auth::policy::Routes;
use std::{sync::OnceLock, time::Instant};

use axum::{
    Router,
    extract::{MatchedPath, Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tower_http::trace::{HttpMakeClassifier, TraceLayer};
use tracing_subscriber::{EnvFilter, fmt, layer::SubscriberExt, util::SubscriberInitExt};

use crate::{AppState, config::Config, config::LogFormat};

/// Installs the global log subscriber; call once, from the binary.
pub fn init_tracing(config: &Config) {
    let filter = EnvFilter::try_new(&config.log_level).unwrap_or_else(|_| EnvFilter::new("info"));
    let registry = tracing_subscriber::registry().with(filter);
    let result = match config.log_format {
        LogFormat::Json => registry
            .with(fmt::layer().json().flatten_event(true))
            .try_init(),
        LogFormat::Text => registry.with(fmt::layer()).try_init(),
    };
    // A second init (tests) keeps the first subscriber.
    drop(result);
}

static METRICS: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process-wide metrics recorder once and returns its handle.
pub fn install_metrics() -> &'static PrometheusHandle {
    METRICS.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".into()),
                &[
                    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                ],
            )
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed");
        }
        handle
    })
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for("/healthz", get(healthz))
        .route_for("/readyz", get(readyz))
        .route_for("/metrics", get(metrics_page))
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

async fn metrics_page(State(state): State<AppState>) -> Response {
    let handle = install_metrics();
    metrics::gauge!("db_pool_connections", "backend" => state.db.backend.name())
        .set(f64::from(state.db.pool.size()));
    metrics::gauge!("db_pool_idle_connections", "backend" => state.db.backend.name())
        .set(state.db.pool.num_idle() as f64);
    handle.run_upkeep();
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle.render(),
    )
        .into_response()
}

/// Counts requests by method, route template and status, and records their latency.
pub async fn track_http(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels[..2])
        .record(start.elapsed().as_secs_f64());
    response
}

type MakeSpan = fn(&Request) -> tracing::Span;

/// Request spans: method, path (no query string: it may carry personal data) and request id.
pub fn trace_layer() -> TraceLayer<HttpMakeClassifier, MakeSpan> {
    TraceLayer::new_for_http().make_span_with(make_span as MakeSpan)
}

fn make_span(req: &Request) -> tracing::Span {
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", method = %req.method(), path = %loggable_path(req.uri().path()), request_id = %request_id)
}

/// The path as logs show it: a secret carried in the path (a guardian's invitation token) is
/// replaced by its route parameter's name.
fn loggable_path(path: &str) -> &str {
    if path.starts_with("/invitations/") {
        "/invitations/{token}"
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn invitation_tokens_stay_out_of_logs() {
        assert_eq!(
            loggable_path("/invitations/abcDEF123"),
            "/invitations/{token}"
        );
        assert_eq!(loggable_path("/students/12"), "/students/12");
    }
}
