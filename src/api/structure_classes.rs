//! `/api/v2/classes` (with each class's effective coefficients) and
//! `/api/v2/teaching-assignments`.

use axum::{Json, extract::State, http::StatusCode, response::Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiJson, ApiPath, ApiQuery, ApiUser},
    pagination::Page,
    problem::Problem,
    structure::{created, nullable, paging, scope_for},
    users::refused,
};
use crate::{
    AppState,
    auth::policy::Action,
    error::AppError,
    schools::SchoolScope,
    structure::{
        classes,
        model::{self, AssignmentForm, ClassForm, CoefficientSource},
        repo::{self, AssignmentFilter, AssignmentRow, ClassFilter, ClassRow},
        service,
    },
};

// ---- classes ------------------------------------------------------------------------------

/// A class of an academic year.
#[derive(Debug, Serialize, ToSchema)]
pub struct Class {
    pub id: i64,
    pub year_id: i64,
    pub year_name: String,
    pub level_id: i64,
    pub level_name: String,
    pub name: String,
    /// The main teacher (professeur principal), a teacher of the school.
    pub main_teacher_id: Option<i64>,
    pub main_teacher_name: Option<String>,
    pub room: Option<String>,
    /// Students in the class now.
    pub students: i64,
    pub assignments: i64,
}

impl From<ClassRow> for Class {
    fn from(c: ClassRow) -> Self {
        Self {
            id: c.id,
            year_id: c.year_id,
            year_name: c.year_name,
            level_id: c.level_id,
            level_name: c.level_name,
            name: c.name,
            main_teacher_id: c.main_teacher_id,
            main_teacher_name: c.main_teacher_name,
            room: c.room,
            students: c.students,
            assignments: c.assignments,
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClassesQuery {
    pub year_id: Option<i64>,
    pub level_id: Option<i64>,
    /// Only the classes this teacher leads.
    pub main_teacher_id: Option<i64>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// A new class.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewClass {
    pub year_id: i64,
    pub level_id: i64,
    pub name: String,
    pub main_teacher_id: Option<i64>,
    pub room: Option<String>,
}

/// A change to a class; absent fields stay as they are, `null` clears the main teacher or
/// room. A class with students or assignments keeps its year.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassChange {
    pub year_id: Option<i64>,
    pub level_id: Option<i64>,
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub main_teacher_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub room: Option<Option<String>>,
}

async fn load_class(state: &AppState, scope: SchoolScope, id: i64) -> Result<Class, AppError> {
    repo::class(&state.db.pool, scope, id)
        .await?
        .map(Class::from)
        .ok_or(AppError::NotFound)
}

/// List classes (newest year first, then by level and name).
#[utoipa::path(
    get, path = "/api/v2/classes", tag = "structure",
    params(ClassesQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of classes", body = Page<Class>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of the school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad filter or page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_classes(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(q): ApiQuery<ClassesQuery>,
) -> Result<Json<Page<Class>>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    let (page, per_page, limit, offset) = paging(q.page, q.per_page)?;
    let filter = ClassFilter {
        year_id: q.year_id,
        level_id: q.level_id,
        main_teacher_id: q.main_teacher_id,
    };
    let rows = repo::list_classes(&state.db.pool, scope, filter, limit, offset).await?;
    let total = repo::count_classes(&state.db.pool, scope, filter).await?;
    Ok(Json(Page {
        items: rows.into_iter().map(Class::from).collect(),
        total,
        page,
        per_page,
    }))
}

/// One class.
#[utoipa::path(
    get, path = "/api/v2/classes/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Class id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The class", body = Class),
        (status = 403, description = "Not staff of the school", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_class(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Class>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    load_class(&state, scope, id).await.map(Json)
}

/// Create a class.
#[utoipa::path(
    post, path = "/api/v2/classes", tag = "structure",
    request_body = NewClass,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Created", body = Class),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (each named), or name taken in the year", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_class(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<NewClass>,
) -> Result<Response, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let form = ClassForm {
        year_id: body.year_id.to_string(),
        level_id: body.level_id.to_string(),
        name: body.name,
        main_teacher_id: body
            .main_teacher_id
            .map(|t| t.to_string())
            .unwrap_or_default(),
        room: body.room.unwrap_or_default(),
    };
    let id = classes::create_class(&state, scope, &ctx.audit(), &form)
        .await
        .map_err(refused)?;
    let class = load_class(&state, scope, id).await?;
    Ok(created(format!("/api/v2/classes/{id}"), class))
}

/// Change a class.
#[utoipa::path(
    patch, path = "/api/v2/classes/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Class id")),
    request_body = ClassChange,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Updated", body = Class),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or name taken in the year", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_class(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<ClassChange>,
) -> Result<Json<Class>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let current = repo::class(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut form = ClassForm::from(&current);
    if let Some(v) = change.year_id {
        form.year_id = v.to_string();
    }
    if let Some(v) = change.level_id {
        form.level_id = v.to_string();
    }
    if let Some(v) = change.name {
        form.name = v;
    }
    if let Some(v) = change.main_teacher_id {
        form.main_teacher_id = v.map(|t| t.to_string()).unwrap_or_default();
    }
    if let Some(v) = change.room {
        form.room = v.unwrap_or_default();
    }
    classes::update_class(&state, scope, &ctx.audit(), id, &form)
        .await
        .map_err(refused)?;
    load_class(&state, scope, id).await.map(Json)
}

/// Delete a class with its teaching assignments and overrides; refused while it has (or
/// had) students.
#[utoipa::path(
    delete, path = "/api/v2/classes/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Class id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class in this school", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The class has students", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_class(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    classes::delete_class(&state, scope, &ctx.audit(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A subject's effective coefficient in a class.
#[derive(Debug, Serialize, ToSchema)]
pub struct EffectiveCoefficient {
    pub subject_id: i64,
    /// Decimal string.
    pub coefficient: String,
    /// Which rule gave it: class_period, class, level_period or level.
    pub source: CoefficientSource,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EffectiveQuery {
    /// The period; without it, the year-long coefficients (no period overrides).
    pub period_id: Option<i64>,
}

/// The coefficient of each subject taught in the class (in a period), after overrides:
/// class + period, class, level + period, level — the most specific wins.
#[utoipa::path(
    get, path = "/api/v2/classes/{id}/coefficients", tag = "structure",
    params(("id" = i64, Path, description = "Class id"), EffectiveQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Effective coefficients by subject", body = Vec<EffectiveCoefficient>),
        (status = 403, description = "Not staff of the school", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class or period in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad query", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn class_coefficients(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<EffectiveQuery>,
) -> Result<Json<Vec<EffectiveCoefficient>>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    let pool = &state.db.pool;
    if repo::class(pool, scope, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    if let Some(p) = q.period_id
        && repo::period(pool, scope, p).await?.is_none()
    {
        return Err(AppError::NotFound);
    }
    let list = service::effective_coefficients(&state, scope, id, q.period_id).await?;
    Ok(Json(
        list.into_iter()
            .map(|(subject_id, source, cents)| EffectiveCoefficient {
                subject_id,
                coefficient: model::format_coefficient_plain(cents),
                source,
            })
            .collect(),
    ))
}

// ---- teaching assignments -----------------------------------------------------------------

/// Who teaches a subject to a class, for the whole year (`period_id` null) or one period.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeachingAssignment {
    pub id: i64,
    pub teacher_id: i64,
    pub teacher_name: String,
    pub class_id: i64,
    pub class_name: String,
    pub subject_id: i64,
    pub subject_name: String,
    pub period_id: Option<i64>,
    pub period_name: Option<String>,
}

impl From<AssignmentRow> for TeachingAssignment {
    fn from(a: AssignmentRow) -> Self {
        Self {
            id: a.id,
            teacher_id: a.teacher_id,
            teacher_name: a.teacher_name,
            class_id: a.class_id,
            class_name: a.class_name,
            subject_id: a.subject_id,
            subject_name: a.subject_name,
            period_id: a.period_id,
            period_name: a.period_name,
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssignmentsQuery {
    /// Only the classes of this year.
    pub year_id: Option<i64>,
    pub class_id: Option<i64>,
    pub teacher_id: Option<i64>,
    pub subject_id: Option<i64>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// A new teaching assignment; the teacher holds the teacher role in the school, and a period
/// (optional) belongs to the class's year.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeachingAssignment {
    pub teacher_id: i64,
    pub class_id: i64,
    pub subject_id: i64,
    pub period_id: Option<i64>,
}

/// A change to a teaching assignment; absent fields stay as they are, `period_id: null`
/// makes it year-long.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeachingAssignmentChange {
    pub teacher_id: Option<i64>,
    pub class_id: Option<i64>,
    pub subject_id: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub period_id: Option<Option<i64>>,
}

async fn load_assignment(
    state: &AppState,
    scope: SchoolScope,
    id: i64,
) -> Result<TeachingAssignment, AppError> {
    repo::assignment(&state.db.pool, scope, id)
        .await?
        .map(TeachingAssignment::from)
        .ok_or(AppError::NotFound)
}

/// List teaching assignments.
#[utoipa::path(
    get, path = "/api/v2/teaching-assignments", tag = "structure",
    params(AssignmentsQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of assignments", body = Page<TeachingAssignment>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of the school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad filter or page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_assignments(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(q): ApiQuery<AssignmentsQuery>,
) -> Result<Json<Page<TeachingAssignment>>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    let (page, per_page, limit, offset) = paging(q.page, q.per_page)?;
    let filter = AssignmentFilter {
        year_id: q.year_id,
        class_id: q.class_id,
        teacher_id: q.teacher_id,
        subject_id: q.subject_id,
    };
    let rows = repo::list_assignments(&state.db.pool, scope, filter, limit, offset).await?;
    let total = repo::count_assignments(&state.db.pool, scope, filter).await?;
    Ok(Json(Page {
        items: rows.into_iter().map(TeachingAssignment::from).collect(),
        total,
        page,
        per_page,
    }))
}

/// One teaching assignment.
#[utoipa::path(
    get, path = "/api/v2/teaching-assignments/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Assignment id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The assignment", body = TeachingAssignment),
        (status = 403, description = "Not staff of the school", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such assignment in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_assignment(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<TeachingAssignment>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    load_assignment(&state, scope, id).await.map(Json)
}

/// Assign a teacher to teach a subject to a class.
#[utoipa::path(
    post, path = "/api/v2/teaching-assignments", tag = "structure",
    request_body = NewTeachingAssignment,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Created", body = TeachingAssignment),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (each named), or the same assignment exists", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_assignment(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<NewTeachingAssignment>,
) -> Result<Response, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let form = AssignmentForm {
        teacher_id: body.teacher_id.to_string(),
        class_id: body.class_id.to_string(),
        subject_id: body.subject_id.to_string(),
        period_id: body.period_id.map(|p| p.to_string()).unwrap_or_default(),
    };
    let id = classes::create_assignment(&state, scope, &ctx.audit(), &form)
        .await
        .map_err(refused)?;
    let assignment = load_assignment(&state, scope, id).await?;
    Ok(created(
        format!("/api/v2/teaching-assignments/{id}"),
        assignment,
    ))
}

/// Change a teaching assignment (another teacher, or limit it to a period).
#[utoipa::path(
    patch, path = "/api/v2/teaching-assignments/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Assignment id")),
    request_body = TeachingAssignmentChange,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Updated", body = TeachingAssignment),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such assignment in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the same assignment exists", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_assignment(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<TeachingAssignmentChange>,
) -> Result<Json<TeachingAssignment>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let current = repo::assignment(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut form = AssignmentForm::from(&current);
    if let Some(v) = change.teacher_id {
        form.teacher_id = v.to_string();
    }
    if let Some(v) = change.class_id {
        form.class_id = v.to_string();
    }
    if let Some(v) = change.subject_id {
        form.subject_id = v.to_string();
    }
    if let Some(v) = change.period_id {
        form.period_id = v.map(|p| p.to_string()).unwrap_or_default();
    }
    classes::update_assignment(&state, scope, &ctx.audit(), id, &form)
        .await
        .map_err(refused)?;
    load_assignment(&state, scope, id).await.map(Json)
}

/// Delete a teaching assignment.
#[utoipa::path(
    delete, path = "/api/v2/teaching-assignments/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Assignment id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such assignment in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_assignment(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    classes::delete_assignment(&state, scope, &ctx.audit(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
