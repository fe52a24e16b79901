//! Classes and teaching assignments: their rules (a main teacher or an assigned teacher holds
//! the teacher role in the school; a period-limited assignment uses a period of the class's
//! year; a class with students is not deleted), the class page (who sees it: staff, and a
//! teacher who leads or teaches the class), and a teacher's "my classes".

use serde_json::json;

use super::{
    model::{AssignmentForm, AssignmentInput, ClassForm, ClassInput},
    repo::{self, AssignmentFilter, AssignmentRow, ClassRow, ClassStudent, TaughtLine},
    service::{checked, commit_audited, event, taken},
};
use crate::{
    AppState,
    accounts::{model::Role, service::Refused},
    audit::{self, AuditAction, AuditCtx, AuditEvent, ResourceType},
    auth::{
        context::{CurrentUser, RequestCtx},
        policy::{self, Action, Scope, Subject},
    },
    db::Tx,
    error::AppError,
    schools::SchoolScope,
};

// ---- classes ------------------------------------------------------------------------------

impl From<&ClassRow> for ClassForm {
    fn from(c: &ClassRow) -> Self {
        Self {
            year_id: c.year_id.to_string(),
            level_id: c.level_id.to_string(),
            name: c.name.clone(),
            main_teacher_id: c.main_teacher_id.map(|t| t.to_string()).unwrap_or_default(),
            room: c.room.clone().unwrap_or_default(),
        }
    }
}

fn class_details(c: &ClassInput) -> serde_json::Value {
    json!({ "year_id": c.year_id, "level_id": c.level_id, "name": c.name,
            "main_teacher_id": c.main_teacher_id, "room": c.room })
}

/// The class's year and level exist in the school, and its main teacher is a teacher there.
async fn check_class(tx: &mut Tx, scope: SchoolScope, input: &ClassInput) -> Result<(), Refused> {
    let mut errors = Vec::new();
    if repo::year(&mut **tx, scope, input.year_id).await?.is_none() {
        errors.push(("year_id", "error-choice"));
    }
    if repo::level(&mut **tx, scope, input.level_id)
        .await?
        .is_none()
    {
        errors.push(("level_id", "error-choice"));
    }
    if let Some(t) = input.main_teacher_id
        && !repo::is_teacher(&mut **tx, scope, t).await?
    {
        errors.push(("main_teacher_id", "error-not-a-teacher"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Refused::Fields(errors))
    }
}

#[tracing::instrument(skip_all)]
pub async fn create_class(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    form: &ClassForm,
) -> Result<i64, Refused> {
    let mut errors = Vec::new();
    let parsed = form.parse(&mut errors);
    let input = checked(parsed, errors)?;
    let mut tx = state.db.begin().await?;
    check_class(&mut tx, scope, &input).await?;
    let id = repo::insert_class(&mut *tx, scope, &input)
        .await
        .map_err(|e| taken(e, "name", "error-class-name-taken"))?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordCreate,
            ResourceType::Class,
            id,
            class_details(&input),
        ),
    )
    .await?;
    Ok(id)
}

#[tracing::instrument(skip_all, fields(class_id = id))]
pub async fn update_class(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
    form: &ClassForm,
) -> Result<(), Refused> {
    let mut errors = Vec::new();
    let parsed = form.parse(&mut errors);
    let input = checked(parsed, errors)?;
    let mut tx = state.db.begin().await?;
    let before = repo::class(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_class(&mut tx, scope, &input).await?;
    if before.year_id != input.year_id && before.students + before.assignments > 0 {
        return Err(Refused::Fields(vec![(
            "year_id",
            "error-class-year-locked",
        )]));
    }
    repo::update_class(&mut *tx, scope, id, &input)
        .await
        .map_err(|e| taken(e, "name", "error-class-name-taken"))?;
    let before_input = ClassForm::from(&before).parse(&mut Vec::new());
    commit_audited(tx, state, &event(scope,
        actor,
        AuditAction::RecordUpdate,
        ResourceType::Class,
        id,
        json!({ "before": before_input.as_ref().map(class_details), "after": class_details(&input) }),
    ))
    .await?;
    Ok(())
}

/// Deletes a class with its teaching assignments and coefficient overrides; refused while
/// students are (or were) enrolled in it.
#[tracing::instrument(skip_all, fields(class_id = id))]
pub async fn delete_class(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let class = repo::class(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if repo::class_people(&mut *tx, scope, id).await? > 0 {
        return Err(AppError::Conflict("error-class-in-use"));
    }
    repo::delete_class(&mut *tx, scope, id).await?;
    commit_audited(tx, state, &event(scope,
        actor,
        AuditAction::RecordDelete,
        ResourceType::Class,
        id,
        json!({ "name": class.name, "year_id": class.year_id, "assignments": class.assignments }),
    ))
    .await
}

// ---- teaching assignments -----------------------------------------------------------------

impl From<&AssignmentRow> for AssignmentForm {
    fn from(a: &AssignmentRow) -> Self {
        Self {
            teacher_id: a.teacher_id.to_string(),
            class_id: a.class_id.to_string(),
            subject_id: a.subject_id.to_string(),
            period_id: a.period_id.map(|p| p.to_string()).unwrap_or_default(),
        }
    }
}

fn assignment_details(a: &AssignmentInput) -> serde_json::Value {
    json!({ "teacher_id": a.teacher_id, "class_id": a.class_id, "subject_id": a.subject_id,
            "period_id": a.period_id })
}

async fn check_assignment(
    tx: &mut Tx,
    scope: SchoolScope,
    input: &AssignmentInput,
) -> Result<(), Refused> {
    let mut errors = Vec::new();
    if !repo::is_teacher(&mut **tx, scope, input.teacher_id).await? {
        errors.push(("teacher_id", "error-not-a-teacher"));
    }
    let class = repo::class(&mut **tx, scope, input.class_id).await?;
    if class.is_none() {
        errors.push(("class_id", "error-choice"));
    }
    if repo::subject(&mut **tx, scope, input.subject_id)
        .await?
        .is_none()
    {
        errors.push(("subject_id", "error-choice"));
    }
    if let Some(p) = input.period_id {
        let period = repo::period(&mut **tx, scope, p).await?;
        let same_year = match (&period, &class) {
            (Some(p), Some(c)) => p.year_id == c.year_id,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if !same_year {
            errors.push(("period_id", "error-choice"));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Refused::Fields(errors))
    }
}

#[tracing::instrument(skip_all)]
pub async fn create_assignment(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    form: &AssignmentForm,
) -> Result<i64, Refused> {
    let mut errors = Vec::new();
    let parsed = form.parse(&mut errors);
    let input = checked(parsed, errors)?;
    let mut tx = state.db.begin().await?;
    check_assignment(&mut tx, scope, &input).await?;
    let id = repo::insert_assignment(&mut *tx, scope, &input, state.clock.now_ms())
        .await
        .map_err(|e| taken(e, "subject_id", "error-assignment-exists"))?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordCreate,
            ResourceType::TeachingAssignment,
            id,
            assignment_details(&input),
        ),
    )
    .await?;
    Ok(id)
}

#[tracing::instrument(skip_all, fields(assignment_id = id))]
pub async fn update_assignment(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
    form: &AssignmentForm,
) -> Result<(), Refused> {
    let mut errors = Vec::new();
    let parsed = form.parse(&mut errors);
    let input = checked(parsed, errors)?;
    let mut tx = state.db.begin().await?;
    let before = repo::assignment(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_assignment(&mut tx, scope, &input).await?;
    repo::update_assignment(&mut *tx, scope, id, &input)
        .await
        .map_err(|e| taken(e, "subject_id", "error-assignment-exists"))?;
    let before_input = AssignmentForm::from(&before).parse(&mut Vec::new());
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordUpdate,
            ResourceType::TeachingAssignment,
            id,
            json!({ "before": before_input.as_ref().map(assignment_details),
                "after": assignment_details(&input) }),
        ),
    )
    .await?;
    Ok(())
}

#[tracing::instrument(skip_all, fields(assignment_id = id))]
pub async fn delete_assignment(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let row = repo::assignment(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    repo::delete_assignment(&mut *tx, scope, id).await?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordDelete,
            ResourceType::TeachingAssignment,
            id,
            json!({ "teacher_id": row.teacher_id, "class_id": row.class_id,
                "subject_id": row.subject_id, "period_id": row.period_id }),
        ),
    )
    .await
}

/// Sets who teaches each subject of a class for the whole year (the class's assignment
/// page): `rows` are (subject, teacher or none). Period-limited assignments are left alone.
/// One transaction; one audit row per assignment created or removed. Returns the number of
/// changes.
#[tracing::instrument(skip_all, fields(class_id))]
pub async fn save_class_assignments(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    class_id: i64,
    rows: &[(i64, Option<i64>)],
) -> Result<usize, Refused> {
    let mut tx = state.db.begin().await?;
    if repo::class(&mut *tx, scope, class_id).await?.is_none() {
        return Err(AppError::NotFound.into());
    }
    let teachers: Vec<i64> = repo::teachers(&mut *tx, scope)
        .await?
        .iter()
        .map(|t| t.id)
        .collect();
    if rows
        .iter()
        .any(|(_, t)| t.is_some_and(|t| !teachers.contains(&t)))
    {
        return Err(Refused::Fields(vec![(
            "assignments",
            "error-not-a-teacher",
        )]));
    }
    let filter = AssignmentFilter {
        class_id: Some(class_id),
        ..AssignmentFilter::default()
    };
    let existing: Vec<AssignmentRow> = repo::list_assignments(&mut *tx, scope, filter, 10_000, 0)
        .await?
        .into_iter()
        .filter(|a| a.period_id.is_none())
        .collect();
    let subjects: Vec<i64> = repo::list_subjects(&mut *tx, scope, None, 10_000, 0)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let now = state.clock.now_ms();
    let mut events = Vec::new();
    for &(subject_id, teacher) in rows {
        if !subjects.contains(&subject_id) {
            return Err(AppError::NotFound.into());
        }
        let current: Vec<&AssignmentRow> = existing
            .iter()
            .filter(|a| a.subject_id == subject_id)
            .collect();
        if current.len() == 1 && teacher == Some(current[0].teacher_id)
            || current.is_empty() && teacher.is_none()
        {
            continue;
        }
        for a in &current {
            repo::delete_assignment(&mut *tx, scope, a.id).await?;
            events.push((AuditAction::RecordDelete, a.id, a.teacher_id, subject_id));
        }
        if let Some(teacher_id) = teacher {
            let input = AssignmentInput {
                teacher_id,
                class_id,
                subject_id,
                period_id: None,
            };
            let id = repo::insert_assignment(&mut *tx, scope, &input, now).await?;
            events.push((AuditAction::RecordCreate, id, teacher_id, subject_id));
        }
    }
    for (action, id, teacher_id, subject_id) in &events {
        audit::record(
            &mut tx,
            state.clock.as_ref(),
            &AuditEvent {
                scope: Some(scope),
                actor,
                action: *action,
                resource_type: ResourceType::TeachingAssignment,
                resource_id: Some(id.to_string()),
                details: json!({ "teacher_id": teacher_id, "class_id": class_id,
                                 "subject_id": subject_id, "period_id": null }),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(events.len())
}

// ---- the class page and "my classes" -------------------------------------------------------

/// What `/classes/{id}` shows.
#[derive(Debug, Clone)]
pub struct ClassView {
    pub class: ClassRow,
    pub students: Vec<ClassStudent>,
    pub teachers: Vec<AssignmentRow>,
    /// Effective coefficient per subject in today's period (the year's when today is outside
    /// the class's periods): (subject id, hundredths).
    pub coefficients: Vec<(i64, i64)>,
}

impl ClassView {
    /// The effective coefficient of a subject in the class, in hundredths.
    pub fn coefficient(&self, subject_id: i64) -> Option<i64> {
        self.coefficients
            .iter()
            .find(|(s, _)| *s == subject_id)
            .map(|(_, c)| *c)
    }
}

/// The scope of a class for each role: "own" for a teacher who leads or teaches it.
fn class_scope(teaches: bool) -> impl Fn(Subject) -> Scope {
    move |subject| match subject {
        Subject::Role(Role::Teacher) if teaches => Scope::Own,
        _ => Scope::SameSchool,
    }
}

/// Loads a class for the user: 404 when the school has no such class, 403 when the user may
/// not see it (a teacher who neither leads nor teaches it).
#[tracing::instrument(skip(state, ctx, user), fields(user_id = user.id))]
pub async fn view_class(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    class_id: i64,
) -> Result<ClassView, AppError> {
    let scope = user.scope().ok_or(AppError::NotFound)?;
    let pool = &state.db.pool;
    let class = repo::class(pool, scope, class_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let teaches = repo::teaches_or_leads(pool, scope, class_id, user.id).await? > 0;
    policy::require_by(state, ctx, user, Action::ViewClass, class_scope(teaches)).await?;
    let students = repo::class_students(pool, scope, class_id).await?;
    let filter = AssignmentFilter {
        class_id: Some(class_id),
        ..AssignmentFilter::default()
    };
    let teachers = repo::list_assignments(pool, scope, filter, 10_000, 0).await?;
    let today = match &user.school {
        Some(school) => super::service::school_today(school, state.clock.as_ref()),
        None => return Err(AppError::NotFound),
    };
    let period = repo::period_of_date(pool, scope, &today.to_string())
        .await?
        .filter(|p| p.year_id == class.year_id)
        .map(|p| p.id);
    let coefficients = super::service::effective_coefficients(state, scope, class_id, period)
        .await?
        .into_iter()
        .map(|(subject, _, cents)| (subject, cents))
        .collect();
    Ok(ClassView {
        class,
        students,
        teachers,
        coefficients,
    })
}

/// A class a teacher teaches or leads, with their subjects in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyClass {
    pub id: i64,
    pub name: String,
    pub level_name: String,
    pub students: i64,
    /// (name, colour) of the subjects the teacher teaches there.
    pub subjects: Vec<(String, String)>,
}

/// The current year's classes a teacher teaches or leads (empty for anyone else).
pub async fn my_classes(state: &AppState, user: &CurrentUser) -> Result<Vec<MyClass>, AppError> {
    let Some(scope) = user.scope() else {
        return Ok(Vec::new());
    };
    if !user.has_role(Role::Teacher) {
        return Ok(Vec::new());
    }
    let lines = repo::classes_taught_by(&state.db.pool, scope, user.id).await?;
    Ok(group_taught(lines))
}

fn group_taught(lines: Vec<TaughtLine>) -> Vec<MyClass> {
    let mut out: Vec<MyClass> = Vec::new();
    for line in lines {
        if out.last().is_none_or(|c| c.id != line.class_id) {
            out.push(MyClass {
                id: line.class_id,
                name: line.class_name.clone(),
                level_name: line.level_name.clone(),
                students: line.students,
                subjects: Vec::new(),
            });
        }
        if let (Some(last), Some(name)) = (out.last_mut(), line.subject_name) {
            let pair = (name, line.subject_color.unwrap_or_default());
            if !last.subjects.contains(&pair) {
                last.subjects.push(pair);
            }
        }
    }
    out
}
