//! `GET /classes/{id}/council/summary.pdf?period_id=`: the class summary PDF for the class
//! council (docs/BULLETINS.md). The same document as the API's
//! `/api/v2/class-councils/{class_id}/{period_id}/summary.pdf` ([`summary_response`]).
//!
//! Who: the school's administration and vie scolaire, a teacher of the class or its main
//! teacher (policy `ViewClassCouncil`); 404 for another school's class or a period outside the
//! class's year, 403 (audited) otherwise.

use axum::{
    Router,
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;

use super::summary;
use crate::{
    AppState,
    accounts::model::Role,
    auth::{
        context::{Auth, CurrentUser, RequestCtx},
        policy::{self, Action, Routes, Scope, Subject},
    },
    council,
    error::AppError,
    schools::{SchoolScope, repo as schools_repo},
    structure::{repo as structure_repo, service::school_today},
};

pub fn routes() -> Router<AppState> {
    Router::new().route_for("/classes/{id}/council/summary.pdf", get(summary_pdf))
}

/// Checks the user may see the class's council (as [`crate::gradebook::access::class`] does
/// for the class gradebook, with `ViewClassCouncil`); returns the school.
pub async fn council_access(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    class_id: i64,
) -> Result<SchoolScope, AppError> {
    let scope = user.scope().ok_or(AppError::NotFound)?;
    structure_repo::class(&state.db.pool, scope, class_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let teaches =
        structure_repo::teaches_or_leads(&state.db.pool, scope, class_id, user.id).await? > 0;
    let scope_of = |s: Subject| match s {
        Subject::Role(Role::Teacher) if teaches => Scope::Own,
        // Families never see a council.
        Subject::Role(Role::Parent | Role::Student) => Scope::OtherSchool,
        _ => Scope::SameSchool,
    };
    policy::require_by(state, ctx, user, Action::ViewClassCouncil, scope_of).await?;
    Ok(scope)
}

/// The summary PDF of a class's council for a period, as a download.
pub async fn summary_response(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    class_id: i64,
    period_id: i64,
) -> Result<Response, AppError> {
    let scope = council_access(state, ctx, user, class_id).await?;
    let council = council::load(state, scope, class_id, period_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let pool = &state.db.pool;
    let school = schools_repo::get(pool, scope).await?;
    let year = structure_repo::year(pool, scope, council.results.class.year_id)
        .await?
        .map(|y| y.name)
        .unwrap_or_default();
    let today = school_today(&school, state.clock.as_ref()).to_string();
    let data = summary::build(&council, &school, &year, &today);
    let name = summary::file_name(school.locale, &data.class, &data.period);
    let bytes = summary::render(data).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                summary::content_disposition(&name),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
pub struct PeriodQuery {
    period_id: Option<String>,
}

pub async fn summary_pdf(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(class_id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let period_id = q
        .period_id
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok());
    let Some(period_id) = period_id else {
        // Check access first so that a stranger learns nothing from the 404.
        council_access(&state, &ctx, &user, class_id).await?;
        return Err(AppError::NotFound);
    };
    summary_response(&state, &ctx, &user, class_id, period_id).await
}
