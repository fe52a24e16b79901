//! `/api/v2/academic-years`, `/periods` (with close and reopen) and `/levels`: the school's
//! calendar and levels. Staff read them (`view_structure`); school admins change them
//! (`manage_structure`). Subjects and coefficients: [`super::structure_subjects`]; classes and
//! teaching assignments: [`super::structure_classes`].

use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiJson, ApiPath, ApiQuery, ApiUser},
    pagination::{Page, PageParams},
    problem::Problem,
    structure_classes, structure_subjects,
    users::refused,
};
use crate::{
    AppState,
    auth::{
        context::{CurrentUser, RequestCtx},
        policy::{self, Action},
    },
    error::AppError,
    schools::{SchoolScope, model::School},
    structure::{
        model::{self, LevelForm, PeriodForm, YearForm},
        repo::{self, LevelRow, PeriodRow, YearRow},
        service,
    },
};

/// The caller's school, once the policy allowed the action there.
pub(crate) async fn scope_for(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    action: Action,
) -> Result<SchoolScope, AppError> {
    policy::require(state, ctx, user, action).await?;
    user.scope().ok_or(AppError::Forbidden)
}

/// The caller's school record (its period kind, language and time zone).
pub(crate) fn school_of(user: &CurrentUser) -> Result<&School, AppError> {
    user.school.as_ref().ok_or(AppError::Forbidden)
}

/// For PATCH bodies: tells an absent field (`None`) from an explicit `null` (`Some(None)`).
pub(crate) fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// A `201 Created` with its `Location`.
pub(crate) fn created<T: Serialize>(location: String, body: T) -> Response {
    (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(body),
    )
        .into_response()
}

/// `(page, per_page, limit, offset)` from the query.
pub(crate) fn paging(
    page: Option<i64>,
    per_page: Option<i64>,
) -> Result<(i64, i64, i64, i64), AppError> {
    let (page, per_page) = PageParams { page, per_page }.resolve()?;
    let (limit, offset) = PageParams::limit_offset(page, per_page);
    Ok((page, per_page, limit, offset))
}

pub(crate) fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

// ---- academic years -----------------------------------------------------------------------

/// An academic year.
#[derive(Debug, Serialize, ToSchema)]
pub struct AcademicYear {
    pub id: i64,
    /// Such as "2026-2027".
    pub name: String,
    /// ISO date.
    pub starts_on: String,
    /// ISO date.
    pub ends_on: String,
    /// The year the school works in now (one per school).
    pub is_current: bool,
    /// Classes of the year.
    pub classes: i64,
}

impl From<YearRow> for AcademicYear {
    fn from(y: YearRow) -> Self {
        Self {
            id: y.id,
            name: y.name,
            starts_on: y.starts_on,
            ends_on: y.ends_on,
            is_current: y.is_current == 1,
            classes: y.classes,
        }
    }
}

/// A new academic year. Its periods are created with it (three trimesters or two semesters,
/// as the school is set up), dated evenly; change them through `/periods`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAcademicYear {
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    /// Make it the current year (the school's first year always is).
    #[serde(default)]
    pub is_current: bool,
}

/// A change to an academic year; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcademicYearChange {
    pub name: Option<String>,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub is_current: Option<bool>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

async fn load_year(
    state: &AppState,
    scope: SchoolScope,
    id: i64,
) -> Result<AcademicYear, AppError> {
    repo::year(&state.db.pool, scope, id)
        .await?
        .map(AcademicYear::from)
        .ok_or(AppError::NotFound)
}

/// List the school's academic years, newest first.
#[utoipa::path(
    get, path = "/api/v2/academic-years", tag = "structure",
    params(ListQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of years", body = Page<AcademicYear>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of the school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_years(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Page<AcademicYear>>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    let (page, per_page, limit, offset) = paging(q.page, q.per_page)?;
    let rows = repo::list_years(&state.db.pool, scope, limit, offset).await?;
    let total = repo::count_years(&state.db.pool, scope).await?;
    Ok(Json(Page {
        items: rows.into_iter().map(AcademicYear::from).collect(),
        total,
        page,
        per_page,
    }))
}

/// One academic year.
#[utoipa::path(
    get, path = "/api/v2/academic-years/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Year id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The year", body = AcademicYear),
        (status = 403, description = "Not staff of the school", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such year in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_year(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AcademicYear>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    load_year(&state, scope, id).await.map(Json)
}

/// Create an academic year with its default periods.
#[utoipa::path(
    post, path = "/api/v2/academic-years", tag = "structure",
    request_body = NewAcademicYear,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Created", body = AcademicYear),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (each named), or name taken", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_year(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<NewAcademicYear>,
) -> Result<Response, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let form = YearForm {
        name: body.name,
        starts_on: body.starts_on,
        ends_on: body.ends_on,
        is_current: body.is_current.then(|| "on".to_owned()),
    };
    let id = service::create_year(&state, school_of(&user)?, scope, &ctx.audit(), &form)
        .await
        .map_err(refused)?;
    let year = load_year(&state, scope, id).await?;
    Ok(created(format!("/api/v2/academic-years/{id}"), year))
}

/// Change an academic year. Making it current makes the others not current.
#[utoipa::path(
    patch, path = "/api/v2/academic-years/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Year id")),
    request_body = AcademicYearChange,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Updated", body = AcademicYear),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such year in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or periods outside the new dates", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_year(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<AcademicYearChange>,
) -> Result<Json<AcademicYear>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let current = repo::year(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut form = YearForm::from(&current);
    if let Some(v) = change.name {
        form.name = v;
    }
    if let Some(v) = change.starts_on {
        form.starts_on = v;
    }
    if let Some(v) = change.ends_on {
        form.ends_on = v;
    }
    if let Some(v) = change.is_current {
        form.is_current = v.then(|| "on".to_owned());
    }
    service::update_year(&state, scope, &ctx.audit(), id, &form)
        .await
        .map_err(refused)?;
    load_year(&state, scope, id).await.map(Json)
}

/// Delete an academic year and its periods; refused while it has classes.
#[utoipa::path(
    delete, path = "/api/v2/academic-years/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Year id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such year in this school", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The year still has classes or enrolments", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_year(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::delete_year(&state, scope, &ctx.audit(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- periods ------------------------------------------------------------------------------

/// A period (trimester or semester) of an academic year. From `closes_on`, or from
/// `closed_at` when an administrator closed it early, its marks and attendance are read-only.
#[derive(Debug, Serialize, ToSchema)]
pub struct Period {
    pub id: i64,
    pub year_id: i64,
    pub position: i64,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    /// ISO date from which the period is closed.
    pub closes_on: String,
    /// When an administrator closed it early (RFC 3339), if they did.
    pub closed_at: Option<String>,
    /// Whether it is closed today (in the school's time zone).
    pub closed: bool,
}

fn period_json(p: PeriodRow, today: jiff::civil::Date) -> Period {
    Period {
        closed: model::is_closed(&p.closes_on, p.closed_at, today),
        closed_at: p.closed_at.map(rfc3339),
        id: p.id,
        year_id: p.year_id,
        position: p.position,
        name: p.name,
        starts_on: p.starts_on,
        ends_on: p.ends_on,
        closes_on: p.closes_on,
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodsQuery {
    /// Only the periods of this year.
    pub year_id: Option<i64>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// A new period in a year; it must lie inside the year and overlap none of its periods.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPeriod {
    pub year_id: i64,
    pub name: String,
    /// Order in the year (0–9999).
    #[serde(default)]
    pub position: i64,
    pub starts_on: String,
    pub ends_on: String,
    /// On or after `ends_on`.
    pub closes_on: String,
}

/// A change to a period; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodChange {
    pub name: Option<String>,
    pub position: Option<i64>,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub closes_on: Option<String>,
}

async fn load_period(
    state: &AppState,
    user: &CurrentUser,
    scope: SchoolScope,
    id: i64,
) -> Result<Period, AppError> {
    let today = service::school_today(school_of(user)?, state.clock.as_ref());
    repo::period(&state.db.pool, scope, id)
        .await?
        .map(|p| period_json(p, today))
        .ok_or(AppError::NotFound)
}

/// List periods, by year then position.
#[utoipa::path(
    get, path = "/api/v2/periods", tag = "structure",
    params(PeriodsQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of periods", body = Page<Period>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of the school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad filter or page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_periods(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(q): ApiQuery<PeriodsQuery>,
) -> Result<Json<Page<Period>>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    let (page, per_page, limit, offset) = paging(q.page, q.per_page)?;
    let today = service::school_today(school_of(&user)?, state.clock.as_ref());
    let rows = repo::list_periods(&state.db.pool, scope, q.year_id, limit, offset).await?;
    let total = repo::count_periods(&state.db.pool, scope, q.year_id).await?;
    Ok(Json(Page {
        items: rows.into_iter().map(|p| period_json(p, today)).collect(),
        total,
        page,
        per_page,
    }))
}

/// One period.
#[utoipa::path(
    get, path = "/api/v2/periods/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Period id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The period", body = Period),
        (status = 403, description = "Not staff of the school", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such period in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_period(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Period>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    load_period(&state, &user, scope, id).await.map(Json)
}

/// Add a period to a year.
#[utoipa::path(
    post, path = "/api/v2/periods", tag = "structure",
    request_body = NewPeriod,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Created", body = Period),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, outside the year, overlapping, or name taken", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_period(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<NewPeriod>,
) -> Result<Response, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let form = PeriodForm {
        name: body.name,
        position: body.position.to_string(),
        starts_on: body.starts_on,
        ends_on: body.ends_on,
        closes_on: body.closes_on,
    };
    let id = service::create_period(&state, scope, &ctx.audit(), body.year_id, &form)
        .await
        .map_err(refused)?;
    let period = load_period(&state, &user, scope, id).await?;
    Ok(created(format!("/api/v2/periods/{id}"), period))
}

/// Change a period's name, order or dates.
#[utoipa::path(
    patch, path = "/api/v2/periods/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Period id")),
    request_body = PeriodChange,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Updated", body = Period),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such period in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, outside the year, or overlapping", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_period(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<PeriodChange>,
) -> Result<Json<Period>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let current = repo::period(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut form = PeriodForm::from(&current);
    if let Some(v) = change.name {
        form.name = v;
    }
    if let Some(v) = change.position {
        form.position = v.to_string();
    }
    if let Some(v) = change.starts_on {
        form.starts_on = v;
    }
    if let Some(v) = change.ends_on {
        form.ends_on = v;
    }
    if let Some(v) = change.closes_on {
        form.closes_on = v;
    }
    service::update_period(&state, scope, &ctx.audit(), id, &form)
        .await
        .map_err(refused)?;
    load_period(&state, &user, scope, id).await.map(Json)
}

/// Delete a period; refused while teaching assignments or coefficient overrides use it.
#[utoipa::path(
    delete, path = "/api/v2/periods/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Period id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such period in this school", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The period is in use", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_period(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::delete_period(&state, scope, &ctx.audit(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Close a period now, before its closing date: its marks and attendance become read-only.
#[utoipa::path(
    post, path = "/api/v2/periods/{id}/close", tag = "structure",
    params(("id" = i64, Path, description = "Period id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Closed", body = Period),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such period in this school", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already closed", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn close_period(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Period>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::close_period(&state, school_of(&user)?, scope, &ctx.audit(), id).await?;
    load_period(&state, &user, scope, id).await.map(Json)
}

/// Reopen a period closed early. A period past its closing date stays closed: change
/// `closes_on` instead.
#[utoipa::path(
    post, path = "/api/v2/periods/{id}/reopen", tag = "structure",
    params(("id" = i64, Path, description = "Period id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Reopened", body = Period),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such period in this school", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not closed early, or past its closing date", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn reopen_period(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Period>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::reopen_period(&state, school_of(&user)?, scope, &ctx.audit(), id).await?;
    load_period(&state, &user, scope, id).await.map(Json)
}

// ---- levels -------------------------------------------------------------------------------

/// A level (6e, CM2, Form 1…), named by the school.
#[derive(Debug, Serialize, ToSchema)]
pub struct Level {
    pub id: i64,
    pub name: String,
    pub position: i64,
    /// Classes at this level (all years).
    pub classes: i64,
}

impl From<LevelRow> for Level {
    fn from(l: LevelRow) -> Self {
        Self {
            id: l.id,
            name: l.name,
            position: l.position,
            classes: l.classes,
        }
    }
}

/// A new level; without a position it goes last.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLevel {
    pub name: String,
    pub position: Option<i64>,
}

/// A change to a level; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelChange {
    pub name: Option<String>,
    pub position: Option<i64>,
}

async fn load_level(state: &AppState, scope: SchoolScope, id: i64) -> Result<Level, AppError> {
    repo::level(&state.db.pool, scope, id)
        .await?
        .map(Level::from)
        .ok_or(AppError::NotFound)
}

/// List the school's levels, in order.
#[utoipa::path(
    get, path = "/api/v2/levels", tag = "structure",
    params(ListQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of levels", body = Page<Level>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of the school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_levels(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Page<Level>>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    let (page, per_page, limit, offset) = paging(q.page, q.per_page)?;
    let rows = repo::list_levels(&state.db.pool, scope, limit, offset).await?;
    let total = repo::count_levels(&state.db.pool, scope).await?;
    Ok(Json(Page {
        items: rows.into_iter().map(Level::from).collect(),
        total,
        page,
        per_page,
    }))
}

/// One level.
#[utoipa::path(
    get, path = "/api/v2/levels/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Level id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The level", body = Level),
        (status = 403, description = "Not staff of the school", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such level in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_level(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Level>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    load_level(&state, scope, id).await.map(Json)
}

/// Create a level.
#[utoipa::path(
    post, path = "/api/v2/levels", tag = "structure",
    request_body = NewLevel,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Created", body = Level),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or name taken", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_level(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<NewLevel>,
) -> Result<Response, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let form = LevelForm {
        name: body.name,
        position: body.position.map(|p| p.to_string()).unwrap_or_default(),
    };
    let id = service::create_level(&state, scope, &ctx.audit(), &form)
        .await
        .map_err(refused)?;
    let level = load_level(&state, scope, id).await?;
    Ok(created(format!("/api/v2/levels/{id}"), level))
}

/// Rename or reorder a level.
#[utoipa::path(
    patch, path = "/api/v2/levels/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Level id")),
    request_body = LevelChange,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Updated", body = Level),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such level in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or name taken", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_level(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<LevelChange>,
) -> Result<Json<Level>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let current = repo::level(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut form = LevelForm::from(&current);
    if let Some(v) = change.name {
        form.name = v;
    }
    if let Some(v) = change.position {
        form.position = v.to_string();
    }
    service::update_level(&state, scope, &ctx.audit(), id, &form)
        .await
        .map_err(refused)?;
    load_level(&state, scope, id).await.map(Json)
}

/// Delete a level and its coefficients; refused while classes are at that level.
#[utoipa::path(
    delete, path = "/api/v2/levels/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Level id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such level in this school", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Classes are at this level", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_level(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::delete_level(&state, scope, &ctx.audit(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The structure routes of the API (merged by [`super::routes`]).
pub fn routes() -> axum::Router<AppState> {
    use super::{structure_classes as c, structure_subjects as s};
    use crate::auth::policy::Routes;
    use axum::routing::{get, post, put};
    axum::Router::new()
        .route_for("/api/v2/academic-years", get(list_years).post(create_year))
        .route_for(
            "/api/v2/academic-years/{id}",
            get(get_year).patch(update_year).delete(delete_year),
        )
        .route_for("/api/v2/periods", get(list_periods).post(create_period))
        .route_for(
            "/api/v2/periods/{id}",
            get(get_period).patch(update_period).delete(delete_period),
        )
        .route_for("/api/v2/periods/{id}/close", post(close_period))
        .route_for("/api/v2/periods/{id}/reopen", post(reopen_period))
        .route_for("/api/v2/levels", get(list_levels).post(create_level))
        .route_for(
            "/api/v2/levels/{id}",
            get(get_level).patch(update_level).delete(delete_level),
        )
        .route_for(
            "/api/v2/subject-groups",
            get(s::list_groups).post(s::create_group),
        )
        .route_for(
            "/api/v2/subject-groups/{id}",
            get(s::get_group)
                .patch(s::update_group)
                .delete(s::delete_group),
        )
        .route_for(
            "/api/v2/subjects",
            get(s::list_subjects).post(s::create_subject),
        )
        .route_for(
            "/api/v2/subjects/{id}",
            get(s::get_subject)
                .patch(s::update_subject)
                .delete(s::delete_subject),
        )
        .route_for(
            "/api/v2/subjects/{id}/coefficients/{level_id}",
            put(s::set_coefficient).delete(s::delete_coefficient),
        )
        .route_for(
            "/api/v2/subjects/{id}/coefficient-overrides",
            post(s::set_override),
        )
        .route_for(
            "/api/v2/subjects/{id}/coefficient-overrides/{override_id}",
            axum::routing::delete(s::delete_override),
        )
        .route_for(
            "/api/v2/classes",
            get(c::list_classes).post(c::create_class),
        )
        .route_for(
            "/api/v2/classes/{id}",
            get(c::get_class)
                .patch(c::update_class)
                .delete(c::delete_class),
        )
        .route_for(
            "/api/v2/classes/{id}/coefficients",
            get(c::class_coefficients),
        )
        .route_for(
            "/api/v2/teaching-assignments",
            get(c::list_assignments).post(c::create_assignment),
        )
        .route_for(
            "/api/v2/teaching-assignments/{id}",
            get(c::get_assignment)
                .patch(c::update_assignment)
                .delete(c::delete_assignment),
        )
}

/// The structure part of the OpenAPI document (merged into [`super::openapi::ApiDoc`]).
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        list_years, get_year, create_year, update_year, delete_year,
        list_periods, get_period, create_period, update_period, delete_period, close_period, reopen_period,
        list_levels, get_level, create_level, update_level, delete_level,
        structure_subjects::list_groups, structure_subjects::get_group,
        structure_subjects::create_group, structure_subjects::update_group,
        structure_subjects::delete_group,
        structure_subjects::list_subjects, structure_subjects::get_subject,
        structure_subjects::create_subject, structure_subjects::update_subject,
        structure_subjects::delete_subject,
        structure_subjects::set_coefficient, structure_subjects::delete_coefficient,
        structure_subjects::set_override, structure_subjects::delete_override,
        structure_classes::list_classes, structure_classes::get_class,
        structure_classes::create_class, structure_classes::update_class,
        structure_classes::delete_class, structure_classes::class_coefficients,
        structure_classes::list_assignments, structure_classes::get_assignment,
        structure_classes::create_assignment, structure_classes::update_assignment,
        structure_classes::delete_assignment,
    ),
    tags(
        (name = "structure", description = "Academic years, periods, levels, classes, subjects, coefficients and teaching assignments: staff read, school admins change"),
    )
)]
pub struct StructureApi;

/// Adds [`StructureApi`] to the main document.
pub struct StructureDocs;

impl utoipa::Modify for StructureDocs {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi.merge(<StructureApi as utoipa::OpenApi>::openapi());
    }
}
