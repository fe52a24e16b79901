//! `/api/v2/bulletin-template`: a school's own bulletin template and logo (school
//! administrators; docs/BULLETINS.md). A template is saved only once it typesets the sample
//! bulletin; otherwise 422 with `source` field errors carrying typst's messages and line
//! numbers.

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use base64::Engine;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, ApiUser},
    problem::{Problem, validation_failed},
};
use crate::{
    AppState,
    auth::{
        context::{CurrentUser, RequestCtx},
        policy::{self, Action, Routes},
    },
    bulletins::{
        render::DEFAULT_BULLETIN_TEMPLATE,
        settings::{self, LogoProblem, MAX_LOGO_BYTES, MAX_TEMPLATE_BYTES, TemplateProblem},
        template_pages::{logo_problem, problem_lines},
    },
    error::AppError,
    schools::SchoolScope,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for(
            "/api/v2/bulletin-template",
            get(get_template)
                .put(put_template)
                .delete(delete_template)
                .layer(DefaultBodyLimit::max(MAX_TEMPLATE_BYTES * 2)),
        )
        .route_for(
            "/api/v2/bulletin-template/logo",
            get(get_logo)
                .put(put_logo)
                .delete(delete_logo)
                .layer(DefaultBodyLimit::max(MAX_LOGO_BYTES * 2)),
        )
}

async fn allowed(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
) -> Result<SchoolScope, AppError> {
    policy::require(state, ctx, user, Action::ManageBulletinTemplate).await?;
    user.scope().ok_or(AppError::Forbidden)
}

/// The school's bulletin template.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulletinTemplate {
    /// The typst source used for the school's bulletins (the default one when `is_default`).
    pub source: String,
    pub is_default: bool,
    pub has_logo: bool,
}

/// A template to save.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TemplateBody {
    /// Typst source, at most 100 KB; `json("data.json")` reads the bulletin's data.
    pub source: String,
}

/// The school's logo, if it has one.
#[derive(Debug, Serialize, ToSchema)]
pub struct LogoState {
    /// `image/png`, `image/jpeg` or `image/svg+xml`; null without a logo.
    pub content_type: Option<String>,
    /// The file, base64-encoded; null without a logo.
    pub content_base64: Option<String>,
}

/// A logo to save.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LogoBody {
    /// The image file (PNG, JPEG or SVG, at most 512 KB), base64-encoded.
    pub content_base64: String,
}

async fn current(state: &AppState, scope: SchoolScope) -> Result<BulletinTemplate, AppError> {
    let (source, logo) = settings::school_template(&state.db.pool, scope).await?;
    Ok(BulletinTemplate {
        is_default: source == DEFAULT_BULLETIN_TEMPLATE,
        has_logo: logo.is_some(),
        source,
    })
}

#[utoipa::path(
    get, path = "/api/v2/bulletin-template", tag = "bulletin-template",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The school's template", body = BulletinTemplate),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a school administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_template(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
) -> Result<Json<BulletinTemplate>, AppError> {
    let scope = allowed(&state, &ctx, &user).await?;
    Ok(Json(current(&state, scope).await?))
}

fn template_problem(ctx: &RequestCtx, problem: &TemplateProblem) -> Response {
    let code = match problem {
        TemplateProblem::Empty => "error-required",
        TemplateProblem::TooLarge => "error-too-long",
        TemplateProblem::Render(_) => "error-template",
    };
    validation_failed(
        ctx,
        problem_lines(ctx.lang, problem)
            .into_iter()
            .map(|m| ("source".to_owned(), code, m)),
    )
}

/// Saves the school's own template once it typesets the sample bulletin.
#[utoipa::path(
    put, path = "/api/v2/bulletin-template", tag = "bulletin-template",
    request_body = TemplateBody,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Saved", body = BulletinTemplate),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a school administrator", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The template does not typeset the sample bulletin (`source` errors name the lines); nothing saved", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn put_template(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<TemplateBody>,
) -> Result<Response, AppError> {
    let scope = allowed(&state, &ctx, &user).await?;
    match settings::save_template(&state, scope, &ctx.audit(), body.source).await? {
        Ok(()) => Ok(Json(current(&state, scope).await?).into_response()),
        Err(problem) => Ok(template_problem(&ctx, &problem)),
    }
}

/// Back to the default template.
#[utoipa::path(
    delete, path = "/api/v2/bulletin-template", tag = "bulletin-template",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "The school uses the default template"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a school administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_template(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
) -> Result<StatusCode, AppError> {
    let scope = allowed(&state, &ctx, &user).await?;
    settings::reset_template(&state, scope, &ctx.audit()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get, path = "/api/v2/bulletin-template/logo", tag = "bulletin-template",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The school's logo (nulls without one)", body = LogoState),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a school administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_logo(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
) -> Result<Json<LogoState>, AppError> {
    let scope = allowed(&state, &ctx, &user).await?;
    let (_, logo) = settings::school_template(&state.db.pool, scope).await?;
    Ok(Json(LogoState {
        content_type: logo.as_ref().map(|l| l.content_type.clone()),
        content_base64: logo.map(|l| base64::engine::general_purpose::STANDARD.encode(l.bytes)),
    }))
}

/// Sets the school's logo (checked by its first bytes, whatever its name).
#[utoipa::path(
    put, path = "/api/v2/bulletin-template/logo", tag = "bulletin-template",
    request_body = LogoBody,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Saved"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a school administrator", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not base64, not a PNG, JPEG or SVG image, or over 512 KB", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn put_logo(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<LogoBody>,
) -> Result<Response, AppError> {
    let scope = allowed(&state, &ctx, &user).await?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body.content_base64.trim())
        .ok();
    let problem = match bytes {
        None => Some(LogoProblem::Format),
        Some(bytes) => settings::set_logo(&state, scope, &ctx.audit(), bytes)
            .await?
            .err(),
    };
    Ok(match problem {
        None => StatusCode::NO_CONTENT.into_response(),
        Some(p) => {
            let code = match p {
                LogoProblem::TooLarge => "error-too-large",
                LogoProblem::Format => "error-format",
            };
            validation_failed(
                &ctx,
                [("content_base64".to_owned(), code, logo_problem(ctx.lang, p))],
            )
        }
    })
}

/// Removes the school's logo.
#[utoipa::path(
    delete, path = "/api/v2/bulletin-template/logo", tag = "bulletin-template",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "No logo any more"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a school administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_logo(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
) -> Result<StatusCode, AppError> {
    let scope = allowed(&state, &ctx, &user).await?;
    settings::remove_logo(&state, scope, &ctx.audit()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The bulletin template and class summary part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        get_template, put_template, delete_template, get_logo, put_logo, delete_logo,
        super::class_summary::summary_pdf,
    ),
    tags(
        (name = "bulletin-template", description = "A school's own bulletin template (typst) and logo (school administrators)"),
        (name = "class-councils", description = "Class councils: the class summary PDF"),
    )
)]
pub struct BulletinTemplateApi;

/// Adds [`BulletinTemplateApi`] to the main document.
pub struct BulletinTemplateDocs;

impl utoipa::Modify for BulletinTemplateDocs {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi.merge(<BulletinTemplateApi as utoipa::OpenApi>::openapi());
    }
}
