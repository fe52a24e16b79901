//! `/api/v2/schools`: the tenants. Members read their own school; school admins change its
//! settings; platform administrators list, read, create and change every school.

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
    auth::{
        context::CurrentUser,
        policy::{self, Action, Scope},
    },
    error::AppError,
    schools::{
        School as SchoolModel, SchoolScope,
        model::{SettingsForm, checkbox},
        repo, service,
    },
};

/// A school and its settings.
#[derive(Debug, Serialize, ToSchema)]
pub struct School {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// Default interface language: `fr` or `en`.
    pub locale: String,
    /// IANA time zone, e.g. `Africa/Dakar`.
    pub timezone: String,
    /// ISO 4217 code.
    pub currency: String,
    /// `#rrggbb`.
    pub color: String,
    /// `trimester` or `semester`.
    pub period_kind: String,
    /// `normalized` or `weighted_by_max`.
    pub average_mode: String,
    /// Decimals shown for averages, 0 to 4.
    pub grade_decimals: i64,
    /// Whether students and parents see class ranks (staff always do).
    pub show_ranks: bool,
    /// `mean_of_periods` or `all_marks`: how the annual average is obtained.
    pub annual_mode: String,
    /// The longest appréciation a teacher may write, in characters (100 to 2000).
    pub appreciation_max_chars: i64,
    /// Disabled by a platform administrator: its members cannot sign in to it.
    pub disabled: bool,
}

impl From<SchoolModel> for School {
    fn from(s: SchoolModel) -> Self {
        Self {
            id: s.id,
            code: s.code,
            name: s.name,
            locale: s.locale.code().to_owned(),
            timezone: s.timezone,
            currency: s.currency,
            color: s.color,
            period_kind: s.period_kind.as_str().to_owned(),
            average_mode: s.average_mode.as_str().to_owned(),
            grade_decimals: s.grade_decimals,
            show_ranks: s.show_ranks,
            annual_mode: s.annual_mode.as_setting().to_owned(),
            appreciation_max_chars: s.appreciation_max_chars,
            disabled: s.disabled,
        }
    }
}

/// Settings to change; absent fields keep their value.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolChange {
    pub name: Option<String>,
    pub locale: Option<String>,
    pub timezone: Option<String>,
    pub currency: Option<String>,
    pub color: Option<String>,
    pub period_kind: Option<String>,
    pub average_mode: Option<String>,
    pub grade_decimals: Option<i64>,
    pub show_ranks: Option<bool>,
    pub annual_mode: Option<String>,
    /// 100 to 2000 characters.
    pub appreciation_max_chars: Option<i64>,
}

/// A new school (platform administrators).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSchool {
    /// 2–20 letters, digits or dashes; unique.
    pub code: String,
    pub name: String,
    pub locale: Option<String>,
    pub timezone: Option<String>,
    pub currency: Option<String>,
    pub color: Option<String>,
    pub period_kind: Option<String>,
    pub average_mode: Option<String>,
    pub grade_decimals: Option<i64>,
    pub show_ranks: Option<bool>,
    pub annual_mode: Option<String>,
    /// 100 to 2000 characters.
    pub appreciation_max_chars: Option<i64>,
}

fn platform(user: &CurrentUser) -> bool {
    policy::allows(user, Action::ManageSchools, Scope::SameSchool)
}

/// The school `id` as the caller may see it: any for a platform administrator, else only
/// their own (another school is 404: its existence does not leak).
async fn visible(state: &AppState, user: &CurrentUser, id: i64) -> Result<SchoolModel, AppError> {
    if platform(user) {
        return repo::find(&state.db.pool, id)
            .await?
            .ok_or(AppError::NotFound);
    }
    match &user.school {
        Some(s) if s.id == id => Ok(s.clone()),
        _ => Err(AppError::NotFound),
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SchoolsQuery {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// The schools the caller may see: all of them for a platform administrator, else their own.
#[utoipa::path(
    get, path = "/api/v2/schools", tag = "schools",
    params(SchoolsQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of schools, by code", body = Page<School>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(query): ApiQuery<SchoolsQuery>,
) -> Result<Json<Page<School>>, AppError> {
    policy::require(&state, &ctx, &user, Action::ViewSchool).await?;
    let (page, per_page) = PageParams {
        page: query.page,
        per_page: query.per_page,
    }
    .resolve()?;
    if platform(&user) {
        let (limit, offset) = PageParams::limit_offset(page, per_page);
        let items = repo::list_all(&state.db.pool, limit, offset)
            .await?
            .into_iter()
            .map(School::from)
            .collect();
        let total = repo::count(&state.db.pool).await?;
        return Ok(Json(Page {
            items,
            total,
            page,
            per_page,
        }));
    }
    let own: Vec<School> = user.school.clone().into_iter().map(School::from).collect();
    let total = i64::try_from(own.len()).unwrap_or(0);
    let items = if page == 1 { own } else { Vec::new() };
    Ok(Json(Page {
        items,
        total,
        page,
        per_page,
    }))
}

/// One school.
#[utoipa::path(
    get, path = "/api/v2/schools/{id}", tag = "schools",
    params(("id" = i64, Path, description = "School id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The school", body = School),
        (status = 404, description = "No such school visible to the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<School>, AppError> {
    policy::require(&state, &ctx, &user, Action::ViewSchool).await?;
    visible(&state, &user, id).await.map(School::from).map(Json)
}

/// Create a school (platform administrators).
#[utoipa::path(
    post, path = "/api/v2/schools", tag = "schools",
    request_body = NewSchool,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Created", body = School),
        (status = 403, description = "Not a platform administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or code taken", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<NewSchool>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ManageSchools).await?;
    let form = SettingsForm {
        name: body.name,
        locale: body.locale.unwrap_or_else(|| "fr".into()),
        timezone: body.timezone.unwrap_or_else(|| "Europe/Paris".into()),
        currency: body.currency.unwrap_or_else(|| "EUR".into()),
        color: body.color.unwrap_or_else(|| "#1d4ed8".into()),
        period_kind: body.period_kind.unwrap_or_else(|| "trimester".into()),
        average_mode: body.average_mode.unwrap_or_else(|| "normalized".into()),
        grade_decimals: body.grade_decimals.unwrap_or(2).to_string(),
        show_ranks: checkbox(body.show_ranks.unwrap_or(true)),
        annual_mode: body.annual_mode.unwrap_or_else(|| "mean_of_periods".into()),
        appreciation_max_chars: body.appreciation_max_chars.unwrap_or(300).to_string(),
    };
    let id = service::create_school(&state, &ctx.audit(), &body.code, &form)
        .await
        .map_err(refused)?;
    let school = repo::find(&state.db.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v2/schools/{id}"))],
        Json(School::from(school)),
    )
        .into_response())
}

/// Change a school's settings: its school admins, or a platform administrator.
#[utoipa::path(
    patch, path = "/api/v2/schools/{id}", tag = "schools",
    params(("id" = i64, Path, description = "School id")),
    request_body = SchoolChange,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Updated", body = School),
        (status = 403, description = "Not allowed to change this school", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such school visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<SchoolChange>,
) -> Result<Json<School>, AppError> {
    let current = visible(&state, &user, id).await?;
    if !platform(&user) {
        policy::require(&state, &ctx, &user, Action::ManageSchoolSettings).await?;
    }
    let base = SettingsForm::from_school(&current);
    let form = SettingsForm {
        name: change.name.unwrap_or(base.name),
        locale: change.locale.unwrap_or(base.locale),
        timezone: change.timezone.unwrap_or(base.timezone),
        currency: change.currency.unwrap_or(base.currency),
        color: change.color.unwrap_or(base.color),
        period_kind: change.period_kind.unwrap_or(base.period_kind),
        average_mode: change.average_mode.unwrap_or(base.average_mode),
        grade_decimals: change
            .grade_decimals
            .map_or(base.grade_decimals, |d| d.to_string()),
        show_ranks: change.show_ranks.map_or(base.show_ranks, checkbox),
        annual_mode: change.annual_mode.unwrap_or(base.annual_mode),
        appreciation_max_chars: change
            .appreciation_max_chars
            .map_or(base.appreciation_max_chars, |n| n.to_string()),
    };
    let scope = SchoolScope::for_operator(current.id);
    service::update_settings(&state, scope, &ctx.audit(), &form)
        .await
        .map_err(refused)?;
    let school = repo::find(&state.db.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(School::from(school)))
}

async fn set_disabled(
    state: AppState,
    ctx: &crate::auth::context::RequestCtx,
    user: &CurrentUser,
    id: i64,
    disabled: bool,
) -> Result<Json<School>, AppError> {
    policy::require(&state, ctx, user, Action::ManageSchools).await?;
    service::set_school_disabled(&state, &ctx.audit(), id, disabled).await?;
    let school = repo::find(&state.db.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(School::from(school)))
}

/// Disable a school (platform administrators): its members can no longer sign in, and their
/// sessions and tokens stop working there. Its data is kept.
#[utoipa::path(
    post, path = "/api/v2/schools/{id}/disable", tag = "schools",
    params(("id" = i64, Path, description = "School id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Disabled", body = School),
        (status = 403, description = "Not a platform administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn disable(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<School>, AppError> {
    set_disabled(state, &ctx, &user, id, true).await
}

/// Re-enable a disabled school (platform administrators).
#[utoipa::path(
    post, path = "/api/v2/schools/{id}/enable", tag = "schools",
    params(("id" = i64, Path, description = "School id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Enabled", body = School),
        (status = 403, description = "Not a platform administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn enable(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<School>, AppError> {
    set_disabled(state, &ctx, &user, id, false).await
}
