//! `/api/v2/students`: the school's students. Everyone who may see students lists them (those
//! with "own" access see only their own: a teacher's classes, a parent's children, the
//! student themself); school admins and vie scolaire create and change them. The national ID
//! and medical notes appear only for users allowed to read them, and each read is audited.

use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiJson, ApiPath, ApiQuery, ApiUser},
    pagination::{Page, PageParams},
    problem::Problem,
    users::refused,
};
use crate::{
    AppState,
    academics::{
        import::Status,
        repo::{self as academics_repo, StudentFilter, StudentRow},
        service::{self as academics, Sensitive},
    },
    auth::{
        context::{CurrentUser, RequestCtx},
        policy::{self, Action, Scope},
    },
    error::AppError,
    people::{
        input::StudentForm,
        pages::today,
        repo::{self, StudentCurrent},
        students,
    },
    schools::SchoolScope,
};

/// A student. `national_id` and `medical` appear only on `GET /students/{id}`, for users
/// allowed to read them, when a value is stored (each read is recorded in the audit trail).
#[derive(Debug, Serialize, ToSchema)]
pub struct Student {
    pub id: i64,
    /// Registration number, unique in the school.
    pub matricule: String,
    pub first_name: String,
    pub last_name: String,
    /// `yyyy-mm-dd`.
    pub birth_date: Option<String>,
    pub birth_place: Option<String>,
    /// `F` or `M`.
    pub sex: Option<String>,
    /// `enrolled`, `left` or `graduated`.
    pub status: String,
    /// The class of the current year, if enrolled in one.
    pub class_id: Option<i64>,
    pub class_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub national_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub medical: Option<String>,
}

impl From<StudentRow> for Student {
    fn from(s: StudentRow) -> Self {
        Self {
            id: s.id,
            matricule: s.matricule,
            first_name: s.first_name,
            last_name: s.last_name,
            birth_date: s.birth_date,
            birth_place: s.birth_place,
            sex: s.sex,
            status: s.status,
            class_id: s.class_id,
            class_name: s.class_name,
            national_id: None,
            medical: None,
        }
    }
}

/// Filters of the student list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StudentsQuery {
    /// Only the students of this class.
    pub class_id: Option<i64>,
    /// `enrolled`, `left` or `graduated`.
    pub status: Option<String>,
    /// Any part of the names or of the matricule.
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// A new student. Unknown fields are refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStudent {
    pub matricule: String,
    pub last_name: String,
    pub first_name: String,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    pub birth_date: Option<String>,
    pub birth_place: Option<String>,
    /// `F` or `M`.
    pub sex: Option<String>,
    /// `enrolled` (default), `left` or `graduated`.
    pub status: Option<String>,
    /// A class of the current year to enrol the student in.
    pub class_id: Option<i64>,
    /// Only for users allowed to read national IDs.
    pub national_id: Option<String>,
    /// Only for users allowed to read medical notes.
    pub medical: Option<String>,
}

/// Changes to a student: absent fields are kept, an empty string clears an optional field.
/// The class changes through `POST /api/v2/enrolments`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StudentChange {
    pub matricule: Option<String>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub birth_date: Option<String>,
    pub birth_place: Option<String>,
    pub sex: Option<String>,
    /// `left` or `graduated` ends the current enrolment.
    pub status: Option<String>,
    pub national_id: Option<String>,
    pub medical: Option<String>,
}

async fn manager_scope(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
) -> Result<SchoolScope, AppError> {
    policy::require(state, ctx, user, Action::ManageStudents).await?;
    user.scope().ok_or(AppError::Forbidden)
}

/// Refuses sensitive values from a user who may not read them (they could not check what
/// they overwrite).
fn check_sensitive_allowed(
    user: &CurrentUser,
    national_id: bool,
    medical: bool,
) -> Result<(), AppError> {
    let allowed = |action| policy::allows(user, action, Scope::SameSchool);
    if (national_id && !allowed(Action::ReadStudentNationalId))
        || (medical && !allowed(Action::ReadStudentMedical))
    {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

async fn load(state: &AppState, scope: SchoolScope, id: i64) -> Result<Student, AppError> {
    let r = academics_repo::student_record(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Student {
        id: r.id,
        matricule: r.matricule,
        first_name: r.first_name,
        last_name: r.last_name,
        birth_date: r.birth_date,
        birth_place: r.birth_place,
        sex: r.sex,
        status: r.status,
        class_id: r.class_id,
        class_name: r.class_name,
        national_id: None,
        medical: None,
    })
}

/// List the students the caller may see, filtered and paginated (by last name).
#[utoipa::path(
    get, path = "/api/v2/students", tag = "students",
    params(StudentsQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of students", body = Page<Student>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not see students", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad filter or page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(query): ApiQuery<StudentsQuery>,
) -> Result<Json<Page<Student>>, AppError> {
    let school_wide = policy::allows(&user, Action::ViewStudent, Scope::SameSchool);
    if !school_wide {
        policy::require_on(&state, &ctx, &user, Action::ViewStudent, Scope::Own).await?;
    }
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let (page, per_page) = PageParams {
        page: query.page,
        per_page: query.per_page,
    }
    .resolve()?;
    let status = match query.status.as_deref() {
        None => None,
        Some(s) => Some(
            Status::ALL
                .iter()
                .find(|x| x.as_str() == s)
                .ok_or(AppError::Validation(vec![("status", "error-choice")]))?
                .as_str(),
        ),
    };
    let filter = StudentFilter {
        search: query.q,
        class_id: query.class_id,
        status,
        own: (!school_wide).then(|| academics::own_students(&user)),
    };
    let (limit, offset) = PageParams::limit_offset(page, per_page);
    let (rows, total) =
        academics_repo::list_students(&state.db.pool, scope, &filter, limit, offset).await?;
    Ok(Json(Page {
        items: rows.into_iter().map(Student::from).collect(),
        total,
        page,
        per_page,
    }))
}

/// One student, with the sensitive fields the caller may read (each read audited).
#[utoipa::path(
    get, path = "/api/v2/students/{id}", tag = "students",
    params(("id" = i64, Path, description = "Student id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The student", body = Student),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not see this student", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such student in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Student>, AppError> {
    let v = academics::view_student(&state, &ctx, &user, id).await?;
    let value = |s: &Sensitive| s.value().map(str::to_owned);
    let r = v.record;
    Ok(Json(Student {
        id: r.id,
        matricule: r.matricule,
        first_name: r.first_name,
        last_name: r.last_name,
        birth_date: r.birth_date,
        birth_place: r.birth_place,
        sex: r.sex,
        status: r.status,
        class_id: r.class_id,
        class_name: r.class_name,
        national_id: value(&v.national_id),
        medical: value(&v.medical),
    }))
}

/// Create a student (enrolled in `class_id` when given).
#[utoipa::path(
    post, path = "/api/v2/students", tag = "students",
    request_body = NewStudent,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Created", body = Student),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage students, or not read the sensitive fields sent", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (each named), or matricule taken", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<NewStudent>,
) -> Result<Response, AppError> {
    let scope = manager_scope(&state, &ctx, &user).await?;
    check_sensitive_allowed(&user, body.national_id.is_some(), body.medical.is_some())?;
    let form = StudentForm {
        matricule: body.matricule,
        last_name: body.last_name,
        first_name: body.first_name,
        birth_date: body.birth_date.unwrap_or_default(),
        birth_place: body.birth_place.unwrap_or_default(),
        sex: body.sex.unwrap_or_default(),
        status: body.status.unwrap_or_default(),
        class_id: body.class_id.map(|c| c.to_string()).unwrap_or_default(),
        national_id: body.national_id,
        medical: body.medical,
    };
    let today = today(&state, &user);
    let input = form.parse(today).map_err(AppError::Validation)?;
    let id = students::create_student(&state, scope, &ctx.audit(), today, &input)
        .await
        .map_err(refused)?;
    let created = load(&state, scope, id).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v2/students/{id}"))],
        Json(created),
    )
        .into_response())
}

fn merged(current: StudentCurrent, change: StudentChange) -> StudentForm {
    StudentForm {
        matricule: change.matricule.unwrap_or(current.matricule),
        last_name: change.last_name.unwrap_or(current.last_name),
        first_name: change.first_name.unwrap_or(current.first_name),
        birth_date: change.birth_date.or(current.birth_date).unwrap_or_default(),
        birth_place: change
            .birth_place
            .or(current.birth_place)
            .unwrap_or_default(),
        sex: change.sex.or(current.sex).unwrap_or_default(),
        status: change.status.unwrap_or(current.status),
        class_id: String::new(),
        national_id: change.national_id,
        medical: change.medical,
    }
}

/// Change a student's fields.
#[utoipa::path(
    patch, path = "/api/v2/students/{id}", tag = "students",
    params(("id" = i64, Path, description = "Student id")),
    request_body = StudentChange,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Updated (without the sensitive fields)", body = Student),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage students, or not read the sensitive fields sent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such student in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or matricule taken", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<StudentChange>,
) -> Result<Json<Student>, AppError> {
    let scope = manager_scope(&state, &ctx, &user).await?;
    check_sensitive_allowed(
        &user,
        change.national_id.is_some(),
        change.medical.is_some(),
    )?;
    let current = repo::student_current(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = today(&state, &user);
    let input = merged(current, change)
        .parse(today)
        .map_err(AppError::Validation)?;
    students::update_student(&state, scope, &ctx.audit(), today, id, &input)
        .await
        .map_err(refused)?;
    load(&state, scope, id).await.map(Json)
}
