//! `/api/v2/guardians`: the school's guardians and their links to students. Staff who see
//! guardians list them; a parent sees their own record and a teacher the guardians of their
//! students (one by one); school admins and vie scolaire create, change, link and invite.

use std::collections::BTreeMap;

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
    academics::import::Relationship,
    auth::{
        context::{CurrentUser, RequestCtx},
        policy::{self, Action, Scope},
    },
    error::AppError,
    people::{
        guardians,
        input::{GuardianForm, LinkInput},
        repo::{self, ChildLink, Guardian as GuardianRow, GuardianFilter},
    },
    schools::SchoolScope,
};

/// A guardian's link to one of their children.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChildOfGuardian {
    pub student_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub matricule: String,
    /// `mother`, `father`, `guardian` or `other`.
    pub relationship: String,
    pub legal_guardian: bool,
    pub receives_notices: bool,
}

impl From<ChildLink> for ChildOfGuardian {
    fn from(c: ChildLink) -> Self {
        Self {
            student_id: c.student_id,
            first_name: c.first_name,
            last_name: c.last_name,
            matricule: c.matricule,
            relationship: c.relationship,
            legal_guardian: c.legal_guardian != 0,
            receives_notices: c.receives_notices != 0,
        }
    }
}

/// A guardian of students of the school.
#[derive(Debug, Serialize, ToSchema)]
pub struct Guardian {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    /// Lower-case, unique in the school.
    pub email: Option<String>,
    pub address: Option<String>,
    /// Whether the guardian has a parent account.
    pub has_account: bool,
    pub children: Vec<ChildOfGuardian>,
}

fn guardian(g: GuardianRow, children: Vec<ChildLink>) -> Guardian {
    Guardian {
        id: g.id,
        first_name: g.first_name,
        last_name: g.last_name,
        phone: g.phone,
        phone_alt: g.phone_alt,
        email: g.email,
        address: g.address,
        has_account: g.user_id.is_some(),
        children: children.into_iter().map(ChildOfGuardian::from).collect(),
    }
}

/// Filters of the guardian list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GuardiansQuery {
    /// Any part of the names, the e-mail or a phone number.
    pub q: Option<String>,
    /// Only the guardians of this student.
    pub student_id: Option<i64>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// A new guardian. Unknown fields are refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGuardian {
    pub last_name: String,
    pub first_name: String,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

/// Changes to a guardian: absent fields are kept, an empty string clears an optional one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GuardianChange {
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

/// A link to a student: how the guardian relates to them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// `mother`, `father`, `guardian` or `other` (French labels accepted).
    pub relationship: String,
    /// Default true.
    pub legal_guardian: Option<bool>,
    /// Default true.
    pub receives_notices: Option<bool>,
}

/// A new invitation link, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct Invitation {
    /// Send this path (on the school's address) to the guardian; it works once.
    pub path: String,
    /// Milliseconds since the epoch.
    pub expires_at: i64,
}

async fn manager_scope(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
) -> Result<SchoolScope, AppError> {
    policy::require(state, ctx, user, Action::ManageGuardians).await?;
    user.scope().ok_or(AppError::Forbidden)
}

async fn load(state: &AppState, scope: SchoolScope, id: i64) -> Result<Guardian, AppError> {
    let g = repo::guardian(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let children = repo::children_of(&state.db.pool, scope, id).await?;
    Ok(guardian(g, children))
}

/// List the school's guardians with their children (two queries per page); a teacher gets the
/// guardians of their students, a parent themself.
#[utoipa::path(
    get, path = "/api/v2/guardians", tag = "guardians",
    params(GuardiansQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of guardians", body = Page<Guardian>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not see guardians", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad filter or page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(query): ApiQuery<GuardiansQuery>,
) -> Result<Json<Page<Guardian>>, AppError> {
    let school_wide = policy::allows(&user, Action::ViewGuardian, Scope::SameSchool);
    if !school_wide {
        policy::require_on(&state, &ctx, &user, Action::ViewGuardian, Scope::Own).await?;
    }
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let (page, per_page) = PageParams {
        page: query.page,
        per_page: query.per_page,
    }
    .resolve()?;
    let filter = GuardianFilter {
        search: query.q,
        student_id: query.student_id,
        own: (!school_wide).then(|| guardians::own_guardians(&user)),
    };
    let (limit, offset) = PageParams::limit_offset(page, per_page);
    let (rows, total) = repo::list_guardians(&state.db.pool, scope, &filter, limit, offset).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut children: BTreeMap<i64, Vec<ChildLink>> = BTreeMap::new();
    for c in repo::children_of_many(&state.db.pool, scope, &ids).await? {
        children.entry(c.guardian_id).or_default().push(c);
    }
    let items = rows
        .into_iter()
        .map(|r| {
            let kids = children.remove(&r.id).unwrap_or_default();
            guardian(
                GuardianRow {
                    id: r.id,
                    first_name: r.first_name,
                    last_name: r.last_name,
                    phone: r.phone,
                    phone_alt: r.phone_alt,
                    email: r.email,
                    address: r.address,
                    user_id: r.user_id,
                },
                kids,
            )
        })
        .collect();
    Ok(Json(Page {
        items,
        total,
        page,
        per_page,
    }))
}

/// One guardian with their children.
#[utoipa::path(
    get, path = "/api/v2/guardians/{id}", tag = "guardians",
    params(("id" = i64, Path, description = "Guardian id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The guardian", body = Guardian),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not see this guardian", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such guardian in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Guardian>, AppError> {
    let (scope, g) = guardians::visible_guardian(&state, &ctx, &user, id).await?;
    let children = repo::children_of(&state.db.pool, scope, id).await?;
    Ok(Json(guardian(g, children)))
}

/// Create a guardian.
#[utoipa::path(
    post, path = "/api/v2/guardians", tag = "guardians",
    request_body = NewGuardian,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Created", body = Guardian),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage guardians", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or e-mail taken", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<NewGuardian>,
) -> Result<Response, AppError> {
    let scope = manager_scope(&state, &ctx, &user).await?;
    let form = GuardianForm {
        last_name: body.last_name,
        first_name: body.first_name,
        phone: body.phone.unwrap_or_default(),
        phone_alt: body.phone_alt.unwrap_or_default(),
        email: body.email.unwrap_or_default(),
        address: body.address.unwrap_or_default(),
    };
    let input = form.parse().map_err(AppError::Validation)?;
    let id = guardians::create_guardian(&state, scope, &ctx.audit(), &input)
        .await
        .map_err(refused)?;
    let created = load(&state, scope, id).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v2/guardians/{id}"))],
        Json(created),
    )
        .into_response())
}

/// Change a guardian's fields.
#[utoipa::path(
    patch, path = "/api/v2/guardians/{id}", tag = "guardians",
    params(("id" = i64, Path, description = "Guardian id")),
    request_body = GuardianChange,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Updated", body = Guardian),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage guardians", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such guardian in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or e-mail taken", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<GuardianChange>,
) -> Result<Json<Guardian>, AppError> {
    let scope = manager_scope(&state, &ctx, &user).await?;
    let current = repo::guardian(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = GuardianForm {
        last_name: change.last_name.unwrap_or(current.last_name),
        first_name: change.first_name.unwrap_or(current.first_name),
        phone: change.phone.or(current.phone).unwrap_or_default(),
        phone_alt: change.phone_alt.or(current.phone_alt).unwrap_or_default(),
        email: change.email.or(current.email).unwrap_or_default(),
        address: change.address.or(current.address).unwrap_or_default(),
    };
    let input = form.parse().map_err(AppError::Validation)?;
    guardians::update_guardian(&state, scope, &ctx.audit(), id, &input)
        .await
        .map_err(refused)?;
    load(&state, scope, id).await.map(Json)
}

/// Link the guardian to a student, or change the link.
#[utoipa::path(
    put, path = "/api/v2/guardians/{id}/students/{student_id}", tag = "guardians",
    params(
        ("id" = i64, Path, description = "Guardian id"),
        ("student_id" = i64, Path, description = "Student id"),
    ),
    request_body = Link,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Linked; the guardian with their children", body = Guardian),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage guardians", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such guardian or student in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid relationship", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn link(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath((id, student_id)): ApiPath<(i64, i64)>,
    ApiJson(body): ApiJson<Link>,
) -> Result<Json<Guardian>, AppError> {
    let scope = manager_scope(&state, &ctx, &user).await?;
    if repo::guardian(&state.db.pool, scope, id).await?.is_none()
        || !repo::student_exists(&state.db.pool, scope, student_id).await?
    {
        return Err(AppError::NotFound);
    }
    let relationship = Relationship::parse(&body.relationship)
        .map_err(|_| AppError::Validation(vec![("relationship", "error-choice")]))?;
    let input = LinkInput {
        relationship,
        legal_guardian: body.legal_guardian.unwrap_or(true),
        receives_notices: body.receives_notices.unwrap_or(true),
    };
    guardians::link(&state, scope, &ctx.audit(), id, student_id, &input)
        .await
        .map_err(refused)?;
    load(&state, scope, id).await.map(Json)
}

/// Remove the guardian's link to a student.
#[utoipa::path(
    delete, path = "/api/v2/guardians/{id}/students/{student_id}", tag = "guardians",
    params(
        ("id" = i64, Path, description = "Guardian id"),
        ("student_id" = i64, Path, description = "Student id"),
    ),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Unlinked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage guardians", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such link in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn unlink(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath((id, student_id)): ApiPath<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    let scope = manager_scope(&state, &ctx, &user).await?;
    guardians::unlink(&state, scope, &ctx.audit(), id, student_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Create a single-use invitation for the guardian to create their parent account (valid 7
/// days; any earlier unused one stops working).
#[utoipa::path(
    post, path = "/api/v2/guardians/{id}/invitations", tag = "guardians",
    params(("id" = i64, Path, description = "Guardian id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "The invitation link, shown once", body = Invitation),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage guardians", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such guardian in this school", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The guardian already has an account", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn invite(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    let scope = manager_scope(&state, &ctx, &user).await?;
    let created = guardians::invite(&state, scope, &ctx.audit(), user.id, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(Invitation {
            path: format!("/invitations/{}", created.token),
            expires_at: created.expires_at,
        }),
    )
        .into_response())
}
