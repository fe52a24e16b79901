//! `/api/v2/enrolments`: the enrolment history (who was in which class, from when to when).
//! Creating one enrols a student in a class of the current year, or moves them there (the
//! open enrolment of the year ends that day).

use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiJson, ApiQuery, ApiUser},
    pagination::{Page, PageParams},
    problem::Problem,
    users::refused,
};
use crate::{
    AppState,
    academics::import::BirthDate,
    academics::service as academics,
    auth::policy::{self, Action, Scope},
    error::AppError,
    people::{
        pages::today,
        repo::{self, EnrolmentFilter, EnrolmentRow},
        students,
    },
};

/// A student's enrolment in a class for part or all of a school year.
#[derive(Debug, Serialize, ToSchema)]
pub struct Enrolment {
    pub id: i64,
    pub student_id: i64,
    pub year_id: i64,
    pub year_name: String,
    pub class_id: i64,
    pub class_name: String,
    /// `yyyy-mm-dd`.
    pub starts_on: String,
    /// `null` while the enrolment is open.
    pub ends_on: Option<String>,
}

impl From<EnrolmentRow> for Enrolment {
    fn from(e: EnrolmentRow) -> Self {
        Self {
            id: e.id,
            student_id: e.student_id,
            year_id: e.year_id,
            year_name: e.year_name,
            class_id: e.class_id,
            class_name: e.class_name,
            starts_on: e.starts_on,
            ends_on: e.ends_on,
        }
    }
}

/// Filters of the enrolment list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EnrolmentsQuery {
    pub student_id: Option<i64>,
    pub class_id: Option<i64>,
    pub year_id: Option<i64>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Enrol a student in a class of the current year, or move them to it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEnrolment {
    pub student_id: i64,
    pub class_id: i64,
    /// First day in the class (`yyyy-mm-dd`); default today, or the year's first day if it
    /// has not begun.
    pub starts_on: Option<String>,
}

/// List enrolments, newest first (users who see only their own students: theirs).
#[utoipa::path(
    get, path = "/api/v2/enrolments", tag = "enrolments",
    params(EnrolmentsQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of enrolments", body = Page<Enrolment>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not see the school's students", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad filter or page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(query): ApiQuery<EnrolmentsQuery>,
) -> Result<Json<Page<Enrolment>>, AppError> {
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
    let filter = EnrolmentFilter {
        student_id: query.student_id,
        class_id: query.class_id,
        year_id: query.year_id,
        own: (!school_wide).then(|| academics::own_students(&user)),
    };
    let (limit, offset) = PageParams::limit_offset(page, per_page);
    let (rows, total) = repo::list_enrolments(&state.db.pool, scope, filter, limit, offset).await?;
    Ok(Json(Page {
        items: rows.into_iter().map(Enrolment::from).collect(),
        total,
        page,
        per_page,
    }))
}

/// Enrol a student, or move them to another class of the current year.
#[utoipa::path(
    post, path = "/api/v2/enrolments", tag = "enrolments",
    request_body = NewEnrolment,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Enrolled", body = Enrolment),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage students", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown student or class, class not of the current year, student not enrolled, already in the class, or a bad date", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<NewEnrolment>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ManageStudents).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    if !repo::student_exists(&state.db.pool, scope, body.student_id).await? {
        return Err(AppError::Validation(vec![("student_id", "error-choice")]));
    }
    let starts_on = match body.starts_on.as_deref() {
        None => None,
        Some(raw) => Some(
            BirthDate::parse(raw)
                .map_err(|_| AppError::Validation(vec![("starts_on", "people-error-date")]))?
                .0,
        ),
    };
    let id = students::enrol(
        &state,
        scope,
        &ctx.audit(),
        today(&state, &user),
        body.student_id,
        body.class_id,
        starts_on,
    )
    .await
    .map_err(refused)?;
    let created = repo::enrolment(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v2/enrolments?student_id={}", body.student_id),
        )],
        Json(Enrolment::from(created)),
    )
        .into_response())
}
