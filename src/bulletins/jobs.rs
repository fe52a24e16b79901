//! Issuing runs in the background: [`start`] records a `bulletin_jobs` row (`queued`) and
//! spawns a task that goes class by class, writing its progress (`done` of `total`) to the row
//! after every student, so any server can answer the progress API. One job at a time per school
//! (the `bulletin_jobs_active` unique index). A failure on one student fails the job with the
//! student named; the bulletins issued before stay issued (each is its own transaction).
//! Jobs a stopped server left `running` are failed at startup ([`recover`]).

use super::{
    repo,
    service::{self, ClassError, Issuer, Plan, Progress},
    settings,
};
use crate::{AppState, audit::AuditCtx, error::AppError};

/// Creates the job and starts it; `Err(Conflict)` while another runs for the school.
pub async fn start(
    state: &AppState,
    plan: Plan,
    actor: AuditCtx,
    user_id: Option<i64>,
) -> Result<i64, AppError> {
    let scope = plan.scope;
    if repo::active_job(&state.db.pool, scope).await?.is_some() {
        return Err(AppError::Conflict("bulletins-error-job-running"));
    }
    let id = match repo::insert_job(
        &state.db.pool,
        scope,
        plan.period_id,
        plan.target.kind(),
        plan.target.id(),
        user_id,
        state.clock.now_ms(),
    )
    .await
    {
        Ok(id) => id,
        Err(e) if crate::db::unique_violation(&e).is_some() => {
            return Err(AppError::Conflict("bulletins-error-job-running"));
        }
        Err(e) => return Err(e.into()),
    };
    let state = state.clone();
    tokio::spawn(async move {
        let error = match run(&state, &plan, &actor, user_id, id).await {
            Ok(()) => None,
            Err(ClassError::Student { name, message }) => Some(plan.school.locale.t_with(
                "bulletins-job-failed-student",
                &[("student", name), ("error", message)],
            )),
            Err(ClassError::App(e)) => {
                tracing::error!(job_id = id, error = ?e, "bulletin job failed");
                Some(plan.school.locale.t("bulletins-job-failed"))
            }
        };
        if let Err(e) =
            repo::job_finished(&state.db.pool, id, error.as_deref(), state.clock.now_ms()).await
        {
            tracing::error!(job_id = id, error = ?e, "could not record a bulletin job's end");
        }
    });
    Ok(id)
}

async fn run(
    state: &AppState,
    plan: &Plan,
    actor: &AuditCtx,
    user_id: Option<i64>,
    job_id: i64,
) -> Result<(), ClassError> {
    let pool = &state.db.pool;
    let total = service::total(state, plan).await?;
    repo::job_started(pool, job_id, total).await?;
    let (template, logo) = settings::school_template(pool, plan.scope).await?;
    let issuer = Issuer {
        state,
        plan,
        actor,
        user_id,
        job_id: Some(job_id),
        template: &template,
        logo: logo.as_ref(),
    };
    let mut progress = Progress {
        job_id: Some(job_id),
        ..Progress::default()
    };
    for class_id in &plan.classes {
        let result = issuer.class(*class_id, &mut progress).await;
        super::render::after_batch();
        result?;
    }
    // Students counted in the total but without a line in their class's council (none in
    // practice) are left as they were: the job ends at its total.
    let missing = (total - progress.done).max(0);
    repo::job_progress(
        pool,
        job_id,
        progress.done + missing,
        progress.issued,
        progress.skipped + missing,
    )
    .await?;
    Ok(())
}

/// Fails the jobs a stopped server left queued or running (called at startup).
pub async fn recover(state: &AppState) {
    let message = crate::web::i18n::Lang::default().t("bulletins-job-interrupted");
    match repo::fail_interrupted(&state.db.pool, &message, state.clock.now_ms()).await {
        Ok(0) => {}
        Ok(n) => tracing::warn!(
            jobs = n,
            "bulletin jobs interrupted by a restart marked failed"
        ),
        Err(e) => tracing::error!(error = ?e, "could not fail interrupted bulletin jobs"),
    }
}
