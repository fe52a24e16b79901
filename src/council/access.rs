//! Who may open the council's pages and API, in one place (the style of
//! [`crate::gradebook::access`]): 404 when the school has no such class, 403 (audited by the
//! policy) when the user may not.
//!
//! - Viewing a class council ([`Action::ViewClassCouncil`]): the administration, vie scolaire,
//!   and the class's teachers (those who teach it or lead it).
//! - Writing appréciations ([`Action::WriteAppreciations`]): the administration, and a teacher
//!   assigned to the class and subject for the period or the whole year.
//! - Deciding ([`Action::DecideClassCouncil`]): the administration and the class's main
//!   teacher.
//! - A comment bank: every teacher has their own ([`Action::WriteAppreciations`], own).

use crate::{
    AppState,
    accounts::model::Role,
    auth::{
        context::{CurrentUser, RequestCtx},
        policy::{self, Action, Scope, Subject},
    },
    error::AppError,
    gradebook::repo::{self as gradebook_repo, ResultsClass},
    schools::SchoolScope,
    structure::repo as structure_repo,
};

fn teacher_own(own: bool) -> impl Fn(Subject) -> Scope {
    move |s: Subject| match s {
        Subject::Role(Role::Teacher) if own => Scope::Own,
        _ => Scope::SameSchool,
    }
}

async fn class(
    state: &AppState,
    user: &CurrentUser,
    class_id: i64,
) -> Result<(SchoolScope, ResultsClass), AppError> {
    let scope = user.scope().ok_or(AppError::NotFound)?;
    let class = gradebook_repo::results_class(&state.db.pool, scope, class_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((scope, class))
}

/// Checks the user may view the class's council; returns the school and the class.
pub async fn view(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    class_id: i64,
) -> Result<(SchoolScope, ResultsClass), AppError> {
    let (scope, class) = class(state, user, class_id).await?;
    let teaches =
        structure_repo::teaches_or_leads(&state.db.pool, scope, class_id, user.id).await? > 0;
    policy::require_by(
        state,
        ctx,
        user,
        Action::ViewClassCouncil,
        teacher_own(teaches),
    )
    .await?;
    Ok((scope, class))
}

/// Whether the user may decide for the class (no audit: to show or hide the forms).
pub fn may_decide(user: &CurrentUser, class: &ResultsClass) -> bool {
    let main = class.main_teacher_id == Some(user.id);
    policy::allows_by(user, Action::DecideClassCouncil, teacher_own(main))
}

/// Checks the user may decide for the class (audited refusal).
pub async fn decide(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    class: &ResultsClass,
) -> Result<(), AppError> {
    let main = class.main_teacher_id == Some(user.id);
    policy::require_by(
        state,
        ctx,
        user,
        Action::DecideClassCouncil,
        teacher_own(main),
    )
    .await
}

/// Checks the user may write the appréciations of the class in the subject for the period;
/// returns the school and the class.
pub async fn write(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    class_id: i64,
    subject_id: i64,
    period_id: i64,
) -> Result<(SchoolScope, ResultsClass), AppError> {
    let (scope, class) = class(state, user, class_id).await?;
    let teaches = gradebook_repo::teaches(
        &state.db.pool,
        scope,
        user.id,
        class_id,
        subject_id,
        period_id,
    )
    .await?;
    policy::require_by(
        state,
        ctx,
        user,
        Action::WriteAppreciations,
        teacher_own(teaches),
    )
    .await?;
    Ok((scope, class))
}

/// Checks the user may keep a comment bank (a teacher or an administrator); returns the school.
pub async fn comment_bank(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
) -> Result<SchoolScope, AppError> {
    let scope = user.scope().ok_or(AppError::NotFound)?;
    policy::require_on(state, ctx, user, Action::WriteAppreciations, Scope::Own).await?;
    Ok(scope)
}
