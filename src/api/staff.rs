//! `/api/v2/staff`: the school's staff (school admins, teachers, vie scolaire, bursars) with
//! their roles and, for teachers, what they teach this year.

use axum::{Json, extract::State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiPath, ApiQuery, ApiUser},
    pagination::{Page, PageParams},
    problem::Problem,
};
use crate::{
    AppState,
    accounts::model::Role,
    auth::policy::{self, Action},
    error::AppError,
    people::{
        repo::StaffFilter,
        staff::{self, STAFF_ROLES, StaffMember},
    },
};

/// A class and subject a teacher teaches in the current year.
#[derive(Debug, Serialize, ToSchema)]
pub struct Teaching {
    pub class_id: i64,
    pub class_name: String,
    pub subject_id: i64,
    pub subject_code: String,
    pub subject_name: String,
}

/// A member of the school's staff.
#[derive(Debug, Serialize, ToSchema)]
pub struct Staff {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub disabled: bool,
    /// Staff role codes: school_admin, teacher, vie_scolaire, bursar.
    pub roles: Vec<String>,
    pub teaching: Vec<Teaching>,
}

impl From<StaffMember> for Staff {
    fn from(m: StaffMember) -> Self {
        Self {
            disabled: m.is_disabled(),
            id: m.row.id,
            username: m.row.username,
            display_name: m.row.display_name,
            email: m.row.email,
            roles: m.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            teaching: m
                .teaching
                .into_iter()
                .map(|t| Teaching {
                    class_id: t.class_id,
                    class_name: t.class_name,
                    subject_id: t.subject_id,
                    subject_code: t.subject_code,
                    subject_name: t.subject_name,
                })
                .collect(),
        }
    }
}

/// Filters of the staff list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StaffQuery {
    /// Only holders of this staff role.
    pub role: Option<String>,
    /// Any part of the username or display name.
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// List the school's staff, by display name.
#[utoipa::path(
    get, path = "/api/v2/staff", tag = "staff",
    params(StaffQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of staff", body = Page<Staff>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad filter or page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(query): ApiQuery<StaffQuery>,
) -> Result<Json<Page<Staff>>, AppError> {
    policy::require(&state, &ctx, &user, Action::ViewStaff).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let (page, per_page) = PageParams {
        page: query.page,
        per_page: query.per_page,
    }
    .resolve()?;
    let role = match query.role.as_deref() {
        None => None,
        Some(r) => Some(
            Role::parse(r)
                .filter(|r| STAFF_ROLES.contains(r))
                .ok_or(AppError::Validation(vec![("role", "error-choice")]))?,
        ),
    };
    let filter = StaffFilter {
        role: role.map(Role::as_str),
        search: query.q,
        user_id: None,
    };
    let (limit, offset) = PageParams::limit_offset(page, per_page);
    let (members, total) = staff::list(&state, scope, &filter, limit, offset).await?;
    Ok(Json(Page {
        items: members.into_iter().map(Staff::from).collect(),
        total,
        page,
        per_page,
    }))
}

/// One staff member; users who are not staff of this school answer 404.
#[utoipa::path(
    get, path = "/api/v2/staff/{id}", tag = "staff",
    params(("id" = i64, Path, description = "User id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The staff member", body = Staff),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such staff member in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Staff>, AppError> {
    policy::require(&state, &ctx, &user, Action::ViewStaff).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    staff::get(&state, scope, id)
        .await?
        .map(|m| Json(Staff::from(m)))
        .ok_or(AppError::NotFound)
}
