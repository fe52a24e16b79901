//! `/api/v2/memberships`: who holds which role in the school, for school admins.

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
};
use crate::{
    AppState,
    accounts::{model::Role, repo, service},
    auth::policy::{self, Action},
    error::AppError,
};

/// A role held by an account in the school.
#[derive(Debug, Serialize, ToSchema)]
pub struct Membership {
    pub user_id: i64,
    pub role: String,
    /// When the role was granted (RFC 3339, UTC).
    pub created_at: String,
}

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MembershipsQuery {
    /// Only this account's roles.
    pub user_id: Option<i64>,
    /// Only this role.
    pub role: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// A role to grant to an account that already belongs to the school.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMembership {
    pub user_id: i64,
    pub role: String,
}

fn parse_role(value: &str) -> Result<Role, AppError> {
    Role::parse(value).ok_or(AppError::Validation(vec![("role", "error-choice")]))
}

/// List the school's memberships, by account then role.
#[utoipa::path(
    get, path = "/api/v2/memberships", tag = "memberships",
    params(MembershipsQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of memberships", body = Page<Membership>),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad filter or page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(query): ApiQuery<MembershipsQuery>,
) -> Result<Json<Page<Membership>>, AppError> {
    policy::require(&state, &ctx, &user, Action::ManageUsers).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let (page, per_page) = PageParams {
        page: query.page,
        per_page: query.per_page,
    }
    .resolve()?;
    let role = query.role.as_deref().map(parse_role).transpose()?;
    let (limit, offset) = PageParams::limit_offset(page, per_page);
    let rows = repo::memberships(&state.db.pool, scope, query.user_id, role, limit, offset).await?;
    let total = repo::count_memberships(&state.db.pool, scope, query.user_id, role).await?;
    let items = rows
        .into_iter()
        .map(|r| Membership {
            user_id: r.user_id,
            role: r.role,
            created_at: rfc3339(r.created_at),
        })
        .collect();
    Ok(Json(Page {
        items,
        total,
        page,
        per_page,
    }))
}

/// Grant a role to an account of the school (201), or confirm one already held (200).
#[utoipa::path(
    post, path = "/api/v2/memberships", tag = "memberships",
    request_body = NewMembership,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Granted", body = Membership),
        (status = 200, description = "Already held", body = Membership),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown role", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<NewMembership>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ManageUsers).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let role = parse_role(&body.role)?;
    let created = service::grant_role(&state, scope, &ctx.audit(), body.user_id, role).await?;
    let row = repo::memberships(&state.db.pool, scope, Some(body.user_id), Some(role), 1, 0)
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let out = Membership {
        user_id: row.user_id,
        role: row.role,
        created_at: rfc3339(row.created_at),
    };
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        [(
            header::LOCATION,
            format!("/api/v2/memberships/{}/{}", out.user_id, out.role),
        )],
        Json(out),
    )
        .into_response())
}

/// Remove a role. Refused (409) for your own school-admin role and for an account's last role.
#[utoipa::path(
    delete, path = "/api/v2/memberships/{user_id}/{role}", tag = "memberships",
    params(("user_id" = i64, Path, description = "User id"), ("role" = String, Path, description = "Role code")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such membership in this school", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Own admin role, or last role", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath((user_id, role)): ApiPath<(i64, String)>,
) -> Result<StatusCode, AppError> {
    policy::require(&state, &ctx, &user, Action::ManageUsers).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let role = Role::parse(&role).ok_or(AppError::NotFound)?;
    service::revoke_role(&state, scope, &ctx.audit(), &user, user_id, role).await?;
    Ok(StatusCode::NO_CONTENT)
}
