//! Structure pages: the overview and calendar (`/admin/structure`, years and periods, levels),
//! the catalogue (subjects, groups, coefficients), classes and their teaching assignments,
//! the class page (`/classes/{id}`) and a teacher's classes (`/classes`). Staff read
//! (`view_structure`); school admins change (`manage_structure`).

pub mod calendar;
pub mod catalog;
pub mod classes;
pub mod confirm;
pub mod import;

use axum::{
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use crate::{
    AppState,
    accounts::service::Refused,
    auth::{
        context::{CurrentUser, RequestCtx},
        policy::{self, Action, Scope},
    },
    error::AppError,
    schools::{SchoolScope, model::School},
};

/// The school, once the policy allowed the action there.
pub(super) async fn scope_for(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    action: Action,
) -> Result<(SchoolScope, School), AppError> {
    policy::require(state, ctx, user, action).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let school = user.school.clone().ok_or(AppError::Forbidden)?;
    Ok((scope, school))
}

/// Whether the user may change the structure (shows the editing controls).
pub(super) fn can_manage(user: &CurrentUser) -> bool {
    policy::allows(user, Action::ManageStructure, Scope::SameSchool)
}

/// After a change: back to `to`; field errors re-render the form with `render_errors`.
pub(super) fn after<T>(
    result: Result<T, Refused>,
    to: &str,
    render_errors: impl FnOnce(crate::schools::model::FieldErrors) -> Result<Response, AppError>,
) -> Result<Response, AppError> {
    match result {
        Ok(_) => Ok(Redirect::to(to).into_response()),
        Err(Refused::Fields(list)) => {
            let page = render_errors(list)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Error(e)) => Err(e),
    }
}
