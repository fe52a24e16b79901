//! Application state, the router, and the server loop.

use std::{
    future::Future,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use axum::{Router, middleware};
use tokio::net::TcpListener;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
};

use crate::{
    auth::{self, throttle::IpLimiter, token::Keys},
    clock::Clock,
    config::Config,
    crypto::Keyring,
    db::Db,
    schools, telemetry, web,
};

/// Shared by every request; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    pub keys: Arc<Keys>,
    /// Field-encryption keys (national IDs, medical notes).
    pub keyring: Arc<Keyring>,
    /// API access-token keys.
    pub jwt: Arc<crate::auth::jwt::JwtKeys>,
    pub login_limiter: Arc<IpLimiter>,
    /// Progress of the student imports running in the background on this server.
    pub imports: Arc<crate::academics::import::jobs::ImportProgress>,
    setup_done: Arc<AtomicBool>,
}

impl AppState {
    /// Connects to the database, applies migrations, and loads the keys.
    pub async fn new(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let db = Db::connect(&config.database_url(), config.db_max_connections).await?;
        db.migrate().await?;
        crate::audit::ensure_partitions(&db, clock.as_ref()).await?;
        let keys = Keys::derive(&load_or_create_secret(&config)?);
        let jwt = crate::auth::jwt::JwtKeys::from_config(&keys.jwt, &config);
        let keyring = crate::crypto::load_keyring(&config, clock.now())?;
        Ok(Self {
            db,
            config: Arc::new(config),
            clock,
            keys: Arc::new(keys),
            jwt: Arc::new(jwt),
            keyring: Arc::new(keyring),
            login_limiter: auth::throttle::ip_limiter(),
            imports: Arc::default(),
            setup_done: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Whether a first school exists. Checked in the database until it does, then remembered:
    /// a school is never un-created.
    pub async fn setup_done(&self) -> bool {
        if self.setup_done.load(Ordering::Relaxed) {
            return true;
        }
        let done = schools::repo::count(&self.db.pool)
            .await
            .map(|n| n > 0)
            .unwrap_or(true);
        if done {
            self.setup_done.store(true, Ordering::Relaxed);
        }
        done
    }
}

/// The master secret: from configuration, else a file generated once in the data directory.
fn load_or_create_secret(config: &Config) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = &config.secret_key {
        anyhow::ensure!(
            secret.expose().len() >= 32,
            "ESCHOOL_SECRET_KEY must be at least 32 characters"
        );
        return Ok(secret.expose().as_bytes().to_vec());
    }
    let path = config.data_dir.join("secret.key");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        return Ok(existing.trim().as_bytes().to_vec());
    }
    std::fs::create_dir_all(&config.data_dir)?;
    let secret = hex::encode(rand::random::<[u8; 32]>());
    write_private(&path, &secret)?;
    Ok(secret.into_bytes())
}

/// Writes a file only its owner can read.
pub fn write_private(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents.as_bytes())
}

/// Every route of the product.
pub fn router(state: AppState) -> Router {
    let pages = Router::new()
        .merge(web::routes())
        .merge(crate::api::routes())
        .merge(auth::routes())
        .merge(crate::accounts::routes())
        .merge(schools::routes())
        .merge(crate::audit::routes())
        .merge(crate::academics::routes())
        .merge(crate::people::routes())
        .merge(crate::structure::routes())
        .merge(crate::gradebook::results_pages::routes())
        .merge(crate::gradebook::pages::routes())
        .merge(crate::api::gradebook_marks::routes())
        .merge(crate::gradebook::codes_pages::routes())
        .merge(crate::council::pages::routes())
        .merge(crate::academics::import::pages::routes())
        .merge(crate::bulletins::template_pages::routes())
        .merge(crate::bulletins::summary_pages::routes())
        .merge(crate::api::bulletin_template::routes())
        .merge(crate::api::class_summary::routes())
        .merge(crate::bulletins::pages::routes())
        .fallback(web::not_found)
        .method_not_allowed_fallback(web::method_not_allowed)
        .route_layer(middleware::from_fn(telemetry::track_http))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::context::request_context,
        ));

    Router::new()
        .merge(telemetry::routes())
        .merge(web::assets::routes())
        .merge(pages)
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::CONTENT_SECURITY_POLICY,
            axum::http::HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
                 script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::X_CONTENT_TYPE_OPTIONS,
            axum::http::HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::REFERRER_POLICY,
            axum::http::HeaderValue::from_static("same-origin"),
        ))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        .layer(CatchPanicLayer::new())
        .layer(telemetry::trace_layer())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// Serves on an already-bound listener until `shutdown` completes, then drains in-flight
/// requests. Tests bind port 0 and pass their own shutdown signal.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    telemetry::install_metrics();
    crate::bulletins::jobs::recover(&state).await;
    let partitions = tokio::spawn(crate::audit::partition_job(state.clone()));
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    partitions.abort();
    served
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down, finishing in-flight requests");
}
