//! `/api/v2/users`: the school's accounts, for school admins (`manage_users`).

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
    accounts::{
        model::Role,
        repo::{self, MemberFilter, MemberRow, MemberSort},
        service::{self, NewUserForm, ProfileChange, Refused},
    },
    auth::{
        context::{CurrentUser, RequestCtx},
        policy::{self, Action},
    },
    error::AppError,
    schools::SchoolScope,
};

/// An account of the school.
#[derive(Debug, Serialize, ToSchema)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub disabled: bool,
    /// Role codes in this school: school_admin, teacher, vie_scolaire, bursar, parent, student.
    pub roles: Vec<String>,
}

impl From<MemberRow> for User {
    fn from(m: MemberRow) -> Self {
        let mut roles: Vec<String> = m.roles().iter().map(|r| r.as_str().to_owned()).collect();
        roles.sort();
        Self {
            id: m.id,
            disabled: m.is_disabled(),
            username: m.username,
            display_name: m.display_name,
            email: m.email,
            roles,
        }
    }
}

/// Filters of the user list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsersQuery {
    /// Only users holding this role.
    pub role: Option<String>,
    /// Start of the username, or any part of the display name.
    pub q: Option<String>,
    /// `display_name` (default), `-display_name`, `username`, `-username`.
    pub sort: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// A new account. Unknown fields (such as `school_id`) are refused, not ignored.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    /// At least 10 characters.
    pub password: String,
    pub roles: Vec<String>,
}

/// The caller's school, once the policy allowed the action there.
async fn admin_scope(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
) -> Result<SchoolScope, AppError> {
    policy::require(state, ctx, user, Action::ManageUsers).await?;
    user.scope().ok_or(AppError::Forbidden)
}

pub(crate) fn refused(r: Refused) -> AppError {
    match r {
        Refused::Fields(list) => AppError::Validation(list),
        Refused::Error(e) => e,
    }
}

async fn load(state: &AppState, scope: SchoolScope, id: i64) -> Result<User, AppError> {
    repo::member(&state.db, scope, id)
        .await?
        .map(User::from)
        .ok_or(AppError::NotFound)
}

/// List the school's accounts, filtered, sorted and paginated.
#[utoipa::path(
    get, path = "/api/v2/users", tag = "users",
    params(UsersQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of accounts", body = Page<User>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad filter or page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(query): ApiQuery<UsersQuery>,
) -> Result<Json<Page<User>>, AppError> {
    let scope = admin_scope(&state, &ctx, &user).await?;
    let (page, per_page) = PageParams {
        page: query.page,
        per_page: query.per_page,
    }
    .resolve()?;
    let mut errors = Vec::new();
    let role = match query.role.as_deref() {
        Some(r) => Role::parse(r).or_else(|| {
            errors.push(("role", "error-choice"));
            None
        }),
        None => None,
    };
    let sort = match query.sort.as_deref() {
        Some(s) => MemberSort::parse(s).unwrap_or_else(|| {
            errors.push(("sort", "error-sort"));
            MemberSort::default()
        }),
        None => MemberSort::default(),
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let filter = MemberFilter {
        sort,
        role,
        search: query.q,
    };
    let (limit, offset) = PageParams::limit_offset(page, per_page);
    let (rows, total) = repo::list_members(&state.db, scope, &filter, limit, offset).await?;
    Ok(Json(Page {
        items: rows.into_iter().map(User::from).collect(),
        total,
        page,
        per_page,
    }))
}

/// One account of the school; accounts of other schools answer 404.
#[utoipa::path(
    get, path = "/api/v2/users/{id}", tag = "users",
    params(("id" = i64, Path, description = "User id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The account", body = User),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<User>, AppError> {
    let scope = admin_scope(&state, &ctx, &user).await?;
    load(&state, scope, id).await.map(Json)
}

/// Create an account in the school with one or more roles.
#[utoipa::path(
    post, path = "/api/v2/users", tag = "users",
    request_body = NewUser,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Created", body = User),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (each named), or username taken", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<NewUser>,
) -> Result<Response, AppError> {
    let scope = admin_scope(&state, &ctx, &user).await?;
    let form = NewUserForm {
        username: body.username,
        display_name: body.display_name,
        email: body.email.unwrap_or_default(),
        password: body.password,
        roles: body.roles,
    };
    let id = service::create_user(&state, scope, &ctx.audit(), &form)
        .await
        .map_err(refused)?;
    let created = load(&state, scope, id).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v2/users/{id}"))],
        Json(created),
    )
        .into_response())
}

/// Change an account's display name or e-mail.
#[utoipa::path(
    patch, path = "/api/v2/users/{id}", tag = "users",
    params(("id" = i64, Path, description = "User id")),
    request_body = ProfileChange,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Updated", body = User),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<ProfileChange>,
) -> Result<Json<User>, AppError> {
    let scope = admin_scope(&state, &ctx, &user).await?;
    service::update_profile(&state, scope, &ctx.audit(), id, &change)
        .await
        .map_err(refused)?;
    load(&state, scope, id).await.map(Json)
}

async fn set_disabled(
    state: AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    id: i64,
    disabled: bool,
) -> Result<Json<User>, AppError> {
    let scope = admin_scope(&state, ctx, user).await?;
    service::set_disabled(&state, scope, &ctx.audit(), user, id, disabled).await?;
    load(&state, scope, id).await.map(Json)
}

/// Disable an account: its web sessions and API tokens end at once.
#[utoipa::path(
    post, path = "/api/v2/users/{id}/disable", tag = "users",
    params(("id" = i64, Path, description = "User id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Disabled", body = User),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in this school", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Cannot disable yourself", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn disable(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<User>, AppError> {
    set_disabled(state, &ctx, &user, id, true).await
}

/// Re-enable a disabled account.
#[utoipa::path(
    post, path = "/api/v2/users/{id}/enable", tag = "users",
    params(("id" = i64, Path, description = "User id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Enabled", body = User),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn enable(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<User>, AppError> {
    set_disabled(state, &ctx, &user, id, false).await
}
