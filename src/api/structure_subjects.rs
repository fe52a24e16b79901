//! `/api/v2/subject-groups` and `/api/v2/subjects`, with each subject's coefficients:
//! per level (`PUT`/`DELETE /subjects/{id}/coefficients/{level_id}`) and overrides per class
//! and/or period (`POST /subjects/{id}/coefficient-overrides`, `DELETE …/{override_id}`).
//! Coefficients travel as decimal strings ("2", "2.5"; "2,5" is accepted), never floats.

use axum::{Json, extract::State, http::StatusCode, response::Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiJson, ApiPath, ApiQuery, ApiUser},
    pagination::Page,
    problem::Problem,
    structure::{ListQuery, created, nullable, paging, scope_for},
    users::refused,
};
use crate::{
    AppState,
    auth::policy::Action,
    error::AppError,
    schools::SchoolScope,
    structure::{
        model::{self, GroupForm, OverrideForm, SubjectForm},
        repo::{self, GroupRow, LevelCoefficient, OverrideRow, SubjectRow},
        service,
    },
};

// ---- subject groups -----------------------------------------------------------------------

/// A group of subjects shown together on the bulletin ("Sciences").
#[derive(Debug, Serialize, ToSchema)]
pub struct SubjectGroup {
    pub id: i64,
    pub name: String,
    pub position: i64,
    /// Subjects in the group.
    pub subjects: i64,
}

impl From<GroupRow> for SubjectGroup {
    fn from(g: GroupRow) -> Self {
        Self {
            id: g.id,
            name: g.name,
            position: g.position,
            subjects: g.subjects,
        }
    }
}

/// A new subject group; without a position it goes last.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSubjectGroup {
    pub name: String,
    pub position: Option<i64>,
}

/// A change to a subject group; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectGroupChange {
    pub name: Option<String>,
    pub position: Option<i64>,
}

async fn load_group(
    state: &AppState,
    scope: SchoolScope,
    id: i64,
) -> Result<SubjectGroup, AppError> {
    repo::group(&state.db.pool, scope, id)
        .await?
        .map(SubjectGroup::from)
        .ok_or(AppError::NotFound)
}

/// List the school's subject groups, in order.
#[utoipa::path(
    get, path = "/api/v2/subject-groups", tag = "structure",
    params(ListQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of groups", body = Page<SubjectGroup>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of the school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_groups(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Page<SubjectGroup>>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    let (page, per_page, limit, offset) = paging(q.page, q.per_page)?;
    let rows = repo::list_groups(&state.db.pool, scope, limit, offset).await?;
    let total = repo::count_groups(&state.db.pool, scope).await?;
    Ok(Json(Page {
        items: rows.into_iter().map(SubjectGroup::from).collect(),
        total,
        page,
        per_page,
    }))
}

/// One subject group.
#[utoipa::path(
    get, path = "/api/v2/subject-groups/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Group id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The group", body = SubjectGroup),
        (status = 403, description = "Not staff of the school", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such group in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_group(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SubjectGroup>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    load_group(&state, scope, id).await.map(Json)
}

/// Create a subject group.
#[utoipa::path(
    post, path = "/api/v2/subject-groups", tag = "structure",
    request_body = NewSubjectGroup,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Created", body = SubjectGroup),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or name taken", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_group(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<NewSubjectGroup>,
) -> Result<Response, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let form = GroupForm {
        name: body.name,
        position: body.position.map(|p| p.to_string()).unwrap_or_default(),
    };
    let id = service::create_group(&state, scope, &ctx.audit(), &form)
        .await
        .map_err(refused)?;
    let group = load_group(&state, scope, id).await?;
    Ok(created(format!("/api/v2/subject-groups/{id}"), group))
}

/// Rename or reorder a subject group.
#[utoipa::path(
    patch, path = "/api/v2/subject-groups/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Group id")),
    request_body = SubjectGroupChange,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Updated", body = SubjectGroup),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such group in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or name taken", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_group(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<SubjectGroupChange>,
) -> Result<Json<SubjectGroup>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let current = repo::group(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut form = GroupForm::from(&current);
    if let Some(v) = change.name {
        form.name = v;
    }
    if let Some(v) = change.position {
        form.position = v.to_string();
    }
    service::update_group(&state, scope, &ctx.audit(), id, &form)
        .await
        .map_err(refused)?;
    load_group(&state, scope, id).await.map(Json)
}

/// Delete a subject group; refused while subjects belong to it.
#[utoipa::path(
    delete, path = "/api/v2/subject-groups/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Group id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such group in this school", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Subjects belong to the group", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_group(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::delete_group(&state, scope, &ctx.audit(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- subjects -----------------------------------------------------------------------------

/// A subject's coefficient at one level.
#[derive(Debug, Serialize, ToSchema)]
pub struct LevelCoefficientJson {
    pub level_id: i64,
    /// Decimal string: "2", "2.5", "0.75".
    pub coefficient: String,
}

/// A coefficient override: for one class (`class_id`) or one level (`level_id`), for the whole
/// year or one period (`period_id`). Effective lookup, most specific first: class + period,
/// class, level + period, level.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoefficientOverride {
    pub id: i64,
    pub subject_id: i64,
    pub level_id: Option<i64>,
    pub class_id: Option<i64>,
    pub period_id: Option<i64>,
    pub coefficient: String,
}

impl From<OverrideRow> for CoefficientOverride {
    fn from(o: OverrideRow) -> Self {
        Self {
            id: o.id,
            subject_id: o.subject_id,
            level_id: o.level_id,
            class_id: o.class_id,
            period_id: o.period_id,
            coefficient: model::format_coefficient_plain(o.coefficient_cents),
        }
    }
}

/// The group a subject belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupRef {
    pub id: i64,
    pub name: String,
}

/// A subject, with its coefficients per level and its overrides.
#[derive(Debug, Serialize, ToSchema)]
pub struct Subject {
    pub id: i64,
    /// Unique in the school, upper case ("MATH").
    pub code: String,
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    pub group: Option<GroupRef>,
    pub position: i64,
    /// Levels without an entry do not teach the subject.
    pub coefficients: Vec<LevelCoefficientJson>,
    pub overrides: Vec<CoefficientOverride>,
}

fn subject_json(
    s: SubjectRow,
    coefficients: &[LevelCoefficient],
    overrides: Vec<OverrideRow>,
) -> Subject {
    Subject {
        coefficients: coefficients
            .iter()
            .filter(|c| c.subject_id == s.id)
            .map(|c| LevelCoefficientJson {
                level_id: c.level_id,
                coefficient: model::format_coefficient_plain(c.coefficient_cents),
            })
            .collect(),
        overrides: overrides
            .into_iter()
            .filter(|o| o.subject_id == s.id)
            .map(CoefficientOverride::from)
            .collect(),
        group: match (s.group_id, s.group_name) {
            (Some(id), Some(name)) => Some(GroupRef { id, name }),
            _ => None,
        },
        id: s.id,
        code: s.code,
        name: s.name,
        color: s.color,
        position: s.position,
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubjectsQuery {
    /// Only the subjects of this group.
    pub group_id: Option<i64>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// A new subject; without a position it goes last.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSubject {
    pub code: String,
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    pub group_id: Option<i64>,
    pub position: Option<i64>,
}

/// A change to a subject; absent fields stay as they are, `group_id: null` leaves its group.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectChange {
    pub code: Option<String>,
    pub name: Option<String>,
    pub color: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub group_id: Option<Option<i64>>,
    pub position: Option<i64>,
}

async fn load_subject(state: &AppState, scope: SchoolScope, id: i64) -> Result<Subject, AppError> {
    let pool = &state.db.pool;
    let row = repo::subject(pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let coefficients = repo::level_coefficients(pool, scope, Some(id)).await?;
    let overrides = repo::list_overrides(pool, scope, Some(id)).await?;
    Ok(subject_json(row, &coefficients, overrides))
}

/// List the school's subjects in order, each with its coefficients and overrides.
#[utoipa::path(
    get, path = "/api/v2/subjects", tag = "structure",
    params(SubjectsQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of subjects", body = Page<Subject>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of the school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad filter or page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_subjects(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(q): ApiQuery<SubjectsQuery>,
) -> Result<Json<Page<Subject>>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    let (page, per_page, limit, offset) = paging(q.page, q.per_page)?;
    let pool = &state.db.pool;
    let rows = repo::list_subjects(pool, scope, q.group_id, limit, offset).await?;
    let total = repo::count_subjects(pool, scope, q.group_id).await?;
    let coefficients = repo::level_coefficients(pool, scope, None).await?;
    let overrides = repo::list_overrides(pool, scope, None).await?;
    let items = rows
        .into_iter()
        .map(|s| {
            let mine = overrides
                .iter()
                .filter(|o| o.subject_id == s.id)
                .cloned()
                .collect();
            subject_json(s, &coefficients, mine)
        })
        .collect();
    Ok(Json(Page {
        items,
        total,
        page,
        per_page,
    }))
}

/// One subject with its coefficients and overrides.
#[utoipa::path(
    get, path = "/api/v2/subjects/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Subject id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The subject", body = Subject),
        (status = 403, description = "Not staff of the school", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subject in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_subject(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Subject>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    load_subject(&state, scope, id).await.map(Json)
}

/// Create a subject.
#[utoipa::path(
    post, path = "/api/v2/subjects", tag = "structure",
    request_body = NewSubject,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Created", body = Subject),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or code taken", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_subject(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<NewSubject>,
) -> Result<Response, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let form = SubjectForm {
        code: body.code,
        name: body.name,
        color: body.color,
        group_id: body.group_id.map(|g| g.to_string()).unwrap_or_default(),
        position: body.position.map(|p| p.to_string()).unwrap_or_default(),
    };
    let id = service::create_subject(&state, scope, &ctx.audit(), &form)
        .await
        .map_err(refused)?;
    let subject = load_subject(&state, scope, id).await?;
    Ok(created(format!("/api/v2/subjects/{id}"), subject))
}

/// Change a subject.
#[utoipa::path(
    patch, path = "/api/v2/subjects/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Subject id")),
    request_body = SubjectChange,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Updated", body = Subject),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subject in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or code taken", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_subject(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<SubjectChange>,
) -> Result<Json<Subject>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let current = repo::subject(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut form = SubjectForm::from(&current);
    if let Some(v) = change.code {
        form.code = v;
    }
    if let Some(v) = change.name {
        form.name = v;
    }
    if let Some(v) = change.color {
        form.color = v;
    }
    if let Some(v) = change.group_id {
        form.group_id = v.map(|g| g.to_string()).unwrap_or_default();
    }
    if let Some(v) = change.position {
        form.position = v.to_string();
    }
    service::update_subject(&state, scope, &ctx.audit(), id, &form)
        .await
        .map_err(refused)?;
    load_subject(&state, scope, id).await.map(Json)
}

/// Delete a subject and its coefficients; refused while it has teaching assignments.
#[utoipa::path(
    delete, path = "/api/v2/subjects/{id}", tag = "structure",
    params(("id" = i64, Path, description = "Subject id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subject in this school", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The subject has teaching assignments", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_subject(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::delete_subject(&state, scope, &ctx.audit(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- coefficients -------------------------------------------------------------------------

/// A coefficient to set.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CoefficientValue {
    /// Decimal string from "0" to "100", two decimals at most: "2", "2.5" or "2,5".
    pub coefficient: String,
}

fn parse_value(raw: &str) -> Result<i64, AppError> {
    model::parse_coefficient(raw).map_err(|e| AppError::Validation(vec![("coefficient", e)]))
}

/// Set the subject's coefficient at a level (creating or replacing it).
#[utoipa::path(
    put, path = "/api/v2/subjects/{id}/coefficients/{level_id}", tag = "structure",
    params(("id" = i64, Path, description = "Subject id"), ("level_id" = i64, Path, description = "Level id")),
    request_body = CoefficientValue,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The subject with its coefficients", body = Subject),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subject or level in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid coefficient", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn set_coefficient(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath((id, level_id)): ApiPath<(i64, i64)>,
    ApiJson(body): ApiJson<CoefficientValue>,
) -> Result<Json<Subject>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let cents = parse_value(&body.coefficient)?;
    service::set_level_coefficient(&state, scope, &ctx.audit(), level_id, id, Some(cents)).await?;
    load_subject(&state, scope, id).await.map(Json)
}

/// Remove the subject's coefficient at a level: the level no longer teaches it.
#[utoipa::path(
    delete, path = "/api/v2/subjects/{id}/coefficients/{level_id}", tag = "structure",
    params(("id" = i64, Path, description = "Subject id"), ("level_id" = i64, Path, description = "Level id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Removed (or there was none)"),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subject or level in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_coefficient(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath((id, level_id)): ApiPath<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::set_level_coefficient(&state, scope, &ctx.audit(), level_id, id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A coefficient override to set. Exactly one of `class_id` and `level_id`; a level override
/// needs a `period_id` (a level's year-long coefficient is `PUT …/coefficients/{level_id}`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOverride {
    pub class_id: Option<i64>,
    pub level_id: Option<i64>,
    pub period_id: Option<i64>,
    /// Decimal string: "2", "2.5" or "2,5".
    pub coefficient: String,
}

/// Set a coefficient override for the subject; an override with the same class or level
/// and period is replaced (200) rather than duplicated.
#[utoipa::path(
    post, path = "/api/v2/subjects/{id}/coefficient-overrides", tag = "structure",
    params(("id" = i64, Path, description = "Subject id")),
    request_body = NewOverride,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Created", body = CoefficientOverride),
        (status = 200, description = "Replaced the existing override", body = CoefficientOverride),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subject in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (each named)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn set_override(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NewOverride>,
) -> Result<Response, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    if repo::subject(&state.db.pool, scope, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let id_text = |v: Option<i64>| v.map(|i| i.to_string()).unwrap_or_default();
    let form = OverrideForm {
        subject_id: id.to_string(),
        level_id: id_text(body.level_id),
        class_id: id_text(body.class_id),
        period_id: id_text(body.period_id),
        coefficient: body.coefficient,
    };
    let (override_id, is_new) = service::set_override(&state, scope, &ctx.audit(), &form)
        .await
        .map_err(refused)?;
    let row = repo::override_row(&state.db.pool, scope, override_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let body = CoefficientOverride::from(row);
    if is_new {
        Ok(created(
            format!("/api/v2/subjects/{id}/coefficient-overrides/{override_id}"),
            body,
        ))
    } else {
        Ok(axum::response::IntoResponse::into_response(Json(body)))
    }
}

/// Delete a coefficient override.
#[utoipa::path(
    delete, path = "/api/v2/subjects/{id}/coefficient-overrides/{override_id}", tag = "structure",
    params(("id" = i64, Path, description = "Subject id"), ("override_id" = i64, Path, description = "Override id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such override of this subject in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_override(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath((id, override_id)): ApiPath<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::delete_override(&state, scope, &ctx.audit(), Some(id), override_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
