//! Who may read whose results, and as which audience. The same checks serve the pages and the
//! API: 404 when the school has no such student or class (another school's do not exist
//! here), 403 (audited by the policy) when the user may not see them.
//!
//! - A student's results: the school's administration and vie scolaire; a teacher who teaches
//!   or leads the student's class (every subject: the class council works with all of them);
//!   the student; their guardians. Staff read as [`Audience::Staff`], the student and guardians
//!   as [`Audience::Family`] (published assessments only).
//! - A class's results (the class gradebook): administration, vie scolaire, and the class's
//!   teachers.

use super::results::{self, Audience, ClassResults, Span};
use crate::{
    AppState,
    academics::repo as academics_repo,
    accounts::model::Role,
    auth::{
        context::{CurrentUser, RequestCtx},
        policy::{self, Action, Scope, Subject},
    },
    error::AppError,
    schools::SchoolScope,
    structure::repo as structure_repo,
};

const STAFF: [Role; 3] = [Role::SchoolAdmin, Role::VieScolaire, Role::Teacher];

/// The audience a user reads as, given how each of their roles relates to the target: staff
/// when a staff role grants the reading, family otherwise.
fn audience(user: &CurrentUser, scope_of: impl Fn(Subject) -> Scope) -> Audience {
    let staff = STAFF.iter().any(|role| {
        let subject = Subject::Role(*role);
        user.has_role(*role)
            && policy::covers(
                policy::grant(subject, Action::ViewGrades),
                scope_of(subject),
            )
    });
    if staff {
        Audience::Staff
    } else {
        Audience::Family
    }
}

/// Checks the user may read the student's results; returns the school and the audience.
pub async fn student(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    student_id: i64,
) -> Result<(SchoolScope, Audience), AppError> {
    let scope = user.scope().ok_or(AppError::NotFound)?;
    let relation = academics_repo::relation(&state.db.pool, scope, student_id, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope_of = |s| relation.scope_for(s);
    policy::require_by(state, ctx, user, Action::ViewGrades, scope_of).await?;
    Ok((scope, audience(user, scope_of)))
}

/// Checks the user may read the class's results (staff only); returns the school.
pub async fn class(
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
        _ => Scope::SameSchool,
    };
    // Families never read a whole class, whatever the table says of their own records.
    let staff_only = |s: Subject| match s {
        Subject::Role(Role::Parent | Role::Student) => Scope::OtherSchool,
        other => scope_of(other),
    };
    policy::require_by(state, ctx, user, Action::ViewGrades, staff_only).await?;
    Ok(scope)
}

/// A student's results for the user over a span (after [`student`]); 404 when the period does
/// not exist or the student had no class then.
pub async fn student_results(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    student_id: i64,
    span: Span,
) -> Result<ClassResults, AppError> {
    let (scope, audience) = student(state, ctx, user, student_id).await?;
    results::student_results(state, scope, student_id, span, audience)
        .await?
        .ok_or(AppError::NotFound)
}

/// A class's results for the user over a span (after [`class`]); 404 when the period is not
/// one of the class's year.
pub async fn class_results(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    class_id: i64,
    span: Span,
) -> Result<ClassResults, AppError> {
    let scope = class(state, ctx, user, class_id).await?;
    results::class_results(state, scope, class_id, span, Audience::Staff)
        .await?
        .ok_or(AppError::NotFound)
}
