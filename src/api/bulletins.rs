//! `/api/v2/bulletins` and `/api/v2/bulletin-jobs`: issue bulletins in the background (school
//! admins), follow the job, list and read issued bulletins, download their PDF (checked
//! against its SHA-256: a mismatch is a 409 `bulletin-tampered` problem, audited).

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
    structure::{school_of, scope_for},
};
use crate::{
    AppState,
    auth::{context::RequestCtx, policy::Action},
    bulletins::{
        access, jobs,
        repo::{self, BulletinRow, JobRow, ListFilter},
        service::{self, IssueRequest, Target},
    },
    error::AppError,
};

/// What to issue. `scope`: `student` (with `student_id`), `class` (with `class_id`) or
/// `school`. Without `corrections`, only students with no bulletin for the period yet are
/// issued; with it (and a `reason`, at most 500 characters), every student whose bulletin
/// would now say something else gets a new version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueBody {
    pub period_id: i64,
    #[schema(pattern = "^(student|class|school)$")]
    pub scope: String,
    pub student_id: Option<i64>,
    pub class_id: Option<i64>,
    #[serde(default)]
    pub corrections: bool,
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// An issuing job.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulletinJob {
    pub id: i64,
    pub period_id: i64,
    /// `student`, `class` or `school`.
    pub scope: String,
    pub scope_id: Option<i64>,
    /// `queued`, `running`, `succeeded` or `failed`.
    pub status: String,
    /// Students the job goes through.
    pub total: i64,
    /// Students gone through so far.
    pub done: i64,
    /// Bulletins issued.
    pub issued: i64,
    /// Students left as they were (unchanged when issuing corrections).
    pub skipped: i64,
    /// Why the job failed, in the school's language.
    pub error: Option<String>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

impl From<JobRow> for BulletinJob {
    fn from(j: JobRow) -> Self {
        BulletinJob {
            id: j.id,
            period_id: j.period_id,
            scope: j.scope,
            scope_id: j.scope_id,
            status: j.status,
            total: j.total,
            done: j.done,
            issued: j.issued,
            skipped: j.skipped,
            error: j.error,
            created_at: j.created_at,
            finished_at: j.finished_at,
        }
    }
}

/// An issued bulletin (its PDF at `/api/v2/bulletins/{id}/pdf`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Bulletin {
    pub id: i64,
    pub student_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub period_id: i64,
    pub period_name: String,
    pub class_id: i64,
    pub version: i64,
    /// Whether a later version replaces this one.
    pub superseded: bool,
    /// SHA-256 of the PDF, hex.
    pub sha256: String,
    pub pages: i64,
    /// Milliseconds since the epoch.
    pub issued_at: i64,
    pub issued_by: Option<String>,
    /// Why this version replaces the previous one.
    pub reason: Option<String>,
    /// In the single bulletin's answer: whether the stored PDF still matches its SHA-256
    /// (`null` in lists).
    pub verified: Option<bool>,
}

impl From<BulletinRow> for Bulletin {
    fn from(b: BulletinRow) -> Self {
        Bulletin {
            id: b.id,
            student_id: b.student_id,
            first_name: b.first_name,
            last_name: b.last_name,
            period_id: b.period_id,
            period_name: b.period_name,
            class_id: b.class_id,
            superseded: b.version < b.latest_version,
            version: b.version,
            sha256: b.sha256,
            pages: b.pages,
            issued_at: b.issued_at,
            issued_by: b.issued_by_name,
            reason: b.reason,
            verified: None,
        }
    }
}

/// The valid request, or field errors.
fn request(body: IssueBody) -> Result<IssueRequest, AppError> {
    let target = match body.scope.as_str() {
        "school" => Target::School,
        "class" => Target::Class(body.class_id.ok_or(AppError::Validation(vec![(
            "class_id",
            "bulletins-error-required",
        )]))?),
        "student" => Target::Student(body.student_id.ok_or(AppError::Validation(vec![(
            "student_id",
            "bulletins-error-required",
        )]))?),
        _ => return Err(AppError::Validation(vec![("scope", "error-choice")])),
    };
    Ok(IssueRequest {
        period_id: body.period_id,
        target,
        corrections: body.corrections,
        reason: body.reason,
    })
}

/// Issue bulletins for a period in the background. The period must be closed.
#[utoipa::path(
    post, path = "/api/v2/bulletins", tag = "bulletins",
    request_body = IssueBody,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 202, description = "The job, queued (Location: its progress)", body = BulletinJob),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An issuing job already runs for the school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The period is not closed (`period_id`), unknown class or student, a correction without a reason", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn issue(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<IssueBody>,
) -> Result<Response, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::IssueBulletins).await?;
    let school = school_of(&user)?;
    let plan = service::check(&state, scope, school, request(body)?).await?;
    let id = jobs::start(&state, plan, ctx.audit(), Some(user.id)).await?;
    let job = repo::job(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, format!("/api/v2/bulletin-jobs/{id}"))],
        Json(BulletinJob::from(job)),
    )
        .into_response())
}

/// An issuing job's progress.
#[utoipa::path(
    get, path = "/api/v2/bulletin-jobs/{id}", tag = "bulletins",
    params(("id" = i64, Path, description = "The job")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The job", body = BulletinJob),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such job in the school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn job(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<BulletinJob>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::IssueBulletins).await?;
    let job = repo::job(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(job.into()))
}

/// Filters of the bulletin list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BulletinsQuery {
    pub period_id: Option<i64>,
    pub class_id: Option<i64>,
    pub student_id: Option<i64>,
    /// Every version (staff only); default: the latest of each student and period.
    pub all_versions: Option<bool>,
    #[param(minimum = 1)]
    pub page: Option<i64>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<i64>,
}

/// List issued bulletins (families: their own, latest versions only).
#[utoipa::path(
    get, path = "/api/v2/bulletins", tag = "bulletins",
    params(BulletinsQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of bulletins", body = Page<Bulletin>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not see bulletins", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(query): ApiQuery<BulletinsQuery>,
) -> Result<Json<Page<Bulletin>>, AppError> {
    let (scope, students, staff) = access::listable(&state, &ctx, &user).await?;
    let (page, per_page) = PageParams {
        page: query.page,
        per_page: query.per_page,
    }
    .resolve()?;
    let filter = ListFilter {
        period_id: query.period_id,
        class_id: query.class_id,
        student_id: query.student_id,
        students,
        all_versions: staff && query.all_versions.unwrap_or(false),
    };
    let (limit, offset) = PageParams::limit_offset(page, per_page);
    let rows = repo::list(&state.db.pool, scope, &filter, limit, offset).await?;
    let total = repo::count(&state.db.pool, scope, &filter).await?;
    Ok(Json(Page {
        items: rows.into_iter().map(Bulletin::from).collect(),
        total,
        page,
        per_page,
    }))
}

/// A bulletin's metadata, with whether its PDF still matches its SHA-256.
#[utoipa::path(
    get, path = "/api/v2/bulletins/{id}", tag = "bulletins",
    params(("id" = i64, Path, description = "The bulletin")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The bulletin", body = Bulletin),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such bulletin (families: or not the latest version)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Bulletin>, AppError> {
    let (scope, row, _) = access::bulletin(&state, &ctx, &user, id).await?;
    let pdf = repo::pdf(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let verified = service::sha256_hex(&pdf) == row.sha256;
    let mut bulletin = Bulletin::from(row);
    bulletin.verified = Some(verified);
    Ok(Json(bulletin))
}

/// Every version of the bulletin's student and period (families: the latest only).
#[utoipa::path(
    get, path = "/api/v2/bulletins/{id}/versions", tag = "bulletins",
    params(("id" = i64, Path, description = "Any version's id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The versions, newest first", body = Vec<Bulletin>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such bulletin", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn versions(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<Bulletin>>, AppError> {
    let (scope, row, staff) = access::bulletin(&state, &ctx, &user, id).await?;
    let filter = ListFilter {
        period_id: Some(row.period_id),
        student_id: Some(row.student_id),
        all_versions: staff,
        ..ListFilter::default()
    };
    let rows = repo::list(&state.db.pool, scope, &filter, 1000, 0).await?;
    Ok(Json(rows.into_iter().map(Bulletin::from).collect()))
}

/// The bulletin's PDF, as issued.
#[utoipa::path(
    get, path = "/api/v2/bulletins/{id}/pdf", tag = "bulletins",
    params(("id" = i64, Path, description = "The bulletin")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such bulletin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The stored PDF does not match its SHA-256 (`bulletin-tampered`): refused and audited", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn pdf(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    let (scope, row, _) = access::bulletin(&state, &ctx, &user, id).await?;
    match service::verified_pdf(&state, scope, &ctx.audit(), &row).await {
        Ok(bytes) => Ok(pdf_response(&row, bytes)),
        Err(AppError::Conflict(service::TAMPERED)) => Ok(tampered(&ctx)),
        Err(e) => Err(e),
    }
}

/// A bulletin's PDF, inline, with its file name.
pub fn pdf_response(row: &BulletinRow, bytes: Vec<u8>) -> Response {
    let name = service::file_name(
        &row.last_name,
        &row.first_name,
        &row.period_name,
        row.version,
        "pdf",
    );
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                service::disposition("inline", &name),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// The 409 `bulletin-tampered` problem.
fn tampered(ctx: &RequestCtx) -> Response {
    let body = serde_json::json!({
        "type": "urn:eschool:problem:bulletin-tampered",
        "title": "Conflict",
        "status": 409,
        "detail": ctx.lang.t(service::TAMPERED),
        "code": "bulletin-tampered",
        "request_id": ctx.request_id,
    });
    (
        StatusCode::CONFLICT,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

/// The bulletins part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(issue, job, list, get, versions, pdf),
    tags((name = "bulletins", description = "Issued bulletins: issue (school admins, in the background), list, versions, download (checked against their SHA-256)")),
)]
pub struct BulletinsApi;

/// Adds [`BulletinsApi`] to the main document.
pub struct BulletinsDocs;

impl utoipa::Modify for BulletinsDocs {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi.merge(<BulletinsApi as utoipa::OpenApi>::openapi());
    }
}
