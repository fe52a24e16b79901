//! The council's pages: a teacher's appréciations of a class in a subject
//! (`/classes/{id}/appreciations/{subject_id}`, a plain form that saves every line at once)
//! and the class council (`/classes/{id}/council`: students × subjects with averages and
//! appréciations, class statistics, the general appréciation and distinction editable by the
//! main teacher and administrators, one form per student; `&present=1` for a projector).
//! Both go through [`super::access`] and [`super::service`], as the API does.

mod appreciations;
mod comment_bank;
mod council;

use axum::{
    Router,
    routing::{get, post},
};

use crate::{AppState, auth::policy::Routes};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for(
            "/classes/{id}/appreciations/{subject_id}",
            get(appreciations::page).post(appreciations::save),
        )
        .route_for("/classes/{id}/council", get(council::page))
        .route_for(
            "/account/comment-bank",
            get(comment_bank::page).post(comment_bank::add),
        )
        .route_for(
            "/account/comment-bank/{id}/delete",
            post(comment_bank::delete),
        )
        .route_for("/classes/{id}/council/decisions", post(council::decide))
}

/// The period asked for, else the current one of the school.
async fn period_of(
    state: &AppState,
    scope: crate::schools::SchoolScope,
    year_id: i64,
    asked: Option<i64>,
) -> Result<(i64, Vec<crate::structure::repo::PeriodRow>), crate::error::AppError> {
    let pool = &state.db.pool;
    let periods = crate::structure::repo::list_periods(pool, scope, Some(year_id), 100, 0).await?;
    let school = crate::schools::repo::get(pool, scope).await?;
    let today = crate::structure::service::school_today(&school, state.clock.as_ref()).to_string();
    let id = asked
        .filter(|id| periods.iter().any(|p| p.id == *id))
        .or_else(|| crate::gradebook::results::default_period(&periods, &today))
        .ok_or(crate::error::AppError::NotFound)?;
    Ok((id, periods))
}
