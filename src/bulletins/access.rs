//! Who may see whose bulletins (`ViewBulletins`), for the pages and the API alike: the school's
//! administration and vie scolaire; a teacher who teaches or leads the student's class; the
//! student; their guardians. 404 when the school has no such bulletin or student, 403 (audited
//! by the policy) otherwise. Families see only the latest version of each period; staff every
//! version.

use super::repo::{self, BulletinRow};
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
};

const STAFF: [Role; 3] = [Role::SchoolAdmin, Role::VieScolaire, Role::Teacher];

/// Checks the user may see the student's bulletins; returns the school and whether they read
/// as staff (every version) or as family (latest versions only).
pub async fn student(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    student_id: i64,
) -> Result<(SchoolScope, bool), AppError> {
    let scope = user.scope().ok_or(AppError::NotFound)?;
    let relation = academics_repo::relation(&state.db.pool, scope, student_id, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope_of = |s| relation.scope_for(s);
    policy::require_by(state, ctx, user, Action::ViewBulletins, scope_of).await?;
    let staff = STAFF.iter().any(|role| {
        let subject = Subject::Role(*role);
        user.has_role(*role)
            && policy::covers(
                policy::grant(subject, Action::ViewBulletins),
                scope_of(subject),
            )
    });
    Ok((scope, staff))
}

/// Checks the user may see a bulletin: its row, the school, and whether they read as staff.
/// A family asking for an older version gets a 404 (for them it does not exist).
pub async fn bulletin(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    id: i64,
) -> Result<(SchoolScope, BulletinRow, bool), AppError> {
    let scope = user.scope().ok_or(AppError::NotFound)?;
    let row = repo::get(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (scope, staff) = student(state, ctx, user, row.student_id).await?;
    if !staff && row.version != row.latest_version {
        return Err(AppError::NotFound);
    }
    Ok((scope, row, staff))
}

/// The students whose bulletins a user sees in a list: `None` for the whole school (the
/// administration, vie scolaire), else theirs (as student, guardian or teacher), and whether
/// they read as staff.
pub async fn listable(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
) -> Result<(SchoolScope, Option<Vec<i64>>, bool), AppError> {
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    if policy::allows(user, Action::ViewBulletins, Scope::SameSchool) {
        return Ok((scope, None, true));
    }
    policy::require_on(state, ctx, user, Action::ViewBulletins, Scope::Own).await?;
    let own = |role: Role| {
        user.has_role(role)
            && policy::grant(Subject::Role(role), Action::ViewBulletins) >= policy::Grant::Own
    };
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT s.id FROM students s WHERE s.school_id = $1 AND ( \
           ($3 = 1 AND s.user_id = $2) \
           OR ($4 = 1 AND EXISTS (SELECT 1 FROM student_guardians sg JOIN guardians g \
               ON g.school_id = sg.school_id AND g.id = sg.guardian_id \
               WHERE sg.school_id = s.school_id AND sg.student_id = s.id AND g.user_id = $2)) \
           OR ($5 = 1 AND (EXISTS (SELECT 1 FROM classes c WHERE c.school_id = s.school_id \
               AND c.id = s.class_id AND c.main_teacher_id = $2) \
             OR EXISTS (SELECT 1 FROM teaching_assignments ta WHERE ta.school_id = s.school_id \
               AND ta.class_id = s.class_id AND ta.teacher_id = $2))))",
    )
    .bind(scope.school_id())
    .bind(user.id)
    .bind(i64::from(own(Role::Student)))
    .bind(i64::from(own(Role::Parent)))
    .bind(i64::from(own(Role::Teacher)))
    .fetch_all(&state.db.pool)
    .await?;
    Ok((scope, Some(ids), own(Role::Teacher)))
}
