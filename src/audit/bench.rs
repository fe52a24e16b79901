//! What the audit row costs a write: the same small change committed `n` times without and
//! with its audit row, on the configured database. Run by `examples/audit_overhead.rs`; results
//! in docs/BENCHMARKS.md.

use std::time::Instant;

use serde_json::json;

use super::{AuditAction, AuditCtx, AuditEvent, ResourceType, record};
use crate::{
    accounts::{self, model::Theme},
    clock::Clock,
    db::Db,
    schools::{self, SchoolScope, model::SchoolSettings},
};

/// Committed writes per second, without and with the audit row.
#[derive(Debug, Clone, Copy)]
pub struct Overhead {
    pub plain_per_sec: f64,
    pub audited_per_sec: f64,
}

/// Creates a throw-away school and account, then times `n` one-row updates each way.
pub async fn measure(db: &Db, clock: &dyn Clock, n: usize) -> anyhow::Result<Overhead> {
    let now = clock.now_ms();
    let code = format!("BENCH-{}", now % 1_000_000);
    let settings = SchoolSettings {
        name: "Benchmark".into(),
        locale: crate::web::i18n::Lang::Fr,
        timezone: "UTC".into(),
        currency: "EUR".into(),
        color: "#000000".into(),
        period_kind: schools::model::PeriodKind::Trimester,
        average_mode: schools::model::AverageMode::Normalized,
        grade_decimals: 2,
        show_ranks: true,
        annual_mode: crate::gradebook::AnnualMode::MeanOfPeriods,
        appreciation_max_chars: 300,
    };
    let school_id = schools::repo::insert(&db.pool, &code, &settings, now).await?;
    let scope = SchoolScope::for_operator(school_id);
    let user = accounts::repo::NewUser {
        username: &code.to_lowercase(),
        display_name: "Benchmark",
        email: None,
        password_hash: "-",
        is_platform_admin: false,
    };
    let user_id = accounts::repo::insert_user(&db.pool, &user, now).await?;
    let themes = [Theme::Light, Theme::Dark];
    let actor = AuditCtx::operator();

    let started = Instant::now();
    for i in 0..n {
        let mut tx = db.begin().await?;
        accounts::repo::set_theme(&mut *tx, user_id, themes[i % 2]).await?;
        tx.commit().await?;
    }
    let plain = started.elapsed().as_secs_f64();

    let started = Instant::now();
    for i in 0..n {
        let mut tx = db.begin().await?;
        accounts::repo::set_theme(&mut *tx, user_id, themes[i % 2]).await?;
        let event = AuditEvent {
            scope: Some(scope),
            actor: &actor,
            action: AuditAction::UserEnable,
            resource_type: ResourceType::User,
            resource_id: Some(user_id.to_string()),
            details: json!({ "benchmark": i }),
        };
        record(&mut tx, clock, &event).await?;
        tx.commit().await?;
    }
    let audited = started.elapsed().as_secs_f64();
    #[expect(clippy::cast_precision_loss, reason = "a count of writes")]
    let n = n as f64;
    Ok(Overhead {
        plain_per_sec: n / plain,
        audited_per_sec: n / audited,
    })
}
