//! The tamper-evident audit trail. Every change is recorded in its own transaction by
//! [`record`]: one hash chain per school (school 0 for platform-level events), each row hashing
//! the previous row's hash and its own fields, the chain's head in `audit_heads`. `eschool
//! audit verify` walks the chains; school admins read and export their school's rows at
//! `/admin/audit`. See docs/ARCHITECTURE.md, "Audit trail".

pub mod bench;
pub mod model;
pub mod pages;
pub mod repo;
pub mod service;

use crate::auth::policy::Routes;
use std::time::Duration;

use axum::{Router, routing::get};

pub use model::{AuditAction, AuditCtx, AuditEvent, ResourceType};
pub use service::{record, record_alone};

use crate::{AppState, clock::Clock, db::Db};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for("/admin/audit", get(pages::audit_page))
        .route_for("/admin/audit.csv", get(pages::audit_csv))
}

/// Months of PostgreSQL partitions kept ready ahead of the current one.
pub const PARTITIONS_AHEAD: i64 = 12;

/// Makes sure `audit_log` has partitions for this month and the next [`PARTITIONS_AHEAD`]
/// (PostgreSQL only). Run at start and daily by [`partition_job`].
pub async fn ensure_partitions(db: &Db, clock: &dyn Clock) -> Result<(), sqlx::Error> {
    let created = repo::ensure_partitions(db, clock.now_ms(), PARTITIONS_AHEAD + 1).await?;
    if created > 0 {
        tracing::info!(created, "audit_log partitions created");
    }
    Ok(())
}

/// Re-runs [`ensure_partitions`] once a day for as long as the server runs, so a server that
/// stays up for a year never meets a month without a partition.
pub async fn partition_job(state: AppState) {
    let mut every_day = tokio::time::interval(Duration::from_secs(24 * 3600));
    every_day.tick().await; // the first tick is immediate; AppState::new has just run it
    loop {
        every_day.tick().await;
        if let Err(error) = ensure_partitions(&state.db, state.clock.as_ref()).await {
            tracing::error!(?error, "could not create audit_log partitions");
        }
    }
}
