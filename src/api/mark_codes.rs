//! `/api/v2/mark-codes`: the school's mark codes (school administrators). `GET` lists them
//! with how many marks use each; `PUT` replaces the whole table (codes left out are removed,
//! refused while marks use them). A refused table is a 422 problem+json with one entry per
//! problem: `codes.<n>.code`, `codes.<n>.label`, `codes.<n>.position` (n: the index in the
//! body), or `codes` for the table (empty, or a removed code in use).

use axum::{
    Json,
    extract::State,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, ApiUser},
    problem::Problem,
    structure::scope_for,
};
use crate::{
    AppState,
    auth::{context::RequestCtx, policy::Action},
    error::AppError,
    gradebook::codes::{self, CodeInput, CodeProblem, CodesRefused},
};

/// A mark code: what a teacher types instead of points.
#[derive(Debug, Serialize, ToSchema)]
pub struct MarkCode {
    /// 1–5 uppercase letters or digits, starting with a letter ("ABS", "Z").
    pub code: String,
    pub label: String,
    /// `true`: the mark counts as 0 in averages; `false`: it is left out.
    pub counts_as_zero: bool,
    /// Display order (smallest first).
    pub position: i64,
    /// Marks that use the code (read only).
    pub marks: i64,
}

/// The school's codes, in display order.
#[derive(Debug, Serialize, ToSchema)]
pub struct MarkCodes {
    pub codes: Vec<MarkCode>,
}

/// One code of a replacement table.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkCodeInput {
    /// 1–5 letters or digits, starting with a letter; stored upper case.
    #[schema(pattern = "^[A-Za-z][A-Za-z0-9]{0,4}$", min_length = 1, max_length = 5)]
    pub code: String,
    #[schema(min_length = 1, max_length = 60)]
    pub label: String,
    #[serde(default)]
    pub counts_as_zero: bool,
    /// Display order, 0–9999; absent: the index in the list.
    #[schema(minimum = 0, maximum = 9999)]
    pub position: Option<i64>,
}

/// The whole table (1 to 40 codes): codes not listed are removed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkCodesReplace {
    #[schema(min_items = 1, max_items = 40)]
    pub codes: Vec<MarkCodeInput>,
}

async fn current(
    state: &AppState,
    scope: crate::schools::SchoolScope,
) -> Result<MarkCodes, AppError> {
    Ok(MarkCodes {
        codes: codes::codes_in_use(state, scope)
            .await?
            .into_iter()
            .map(|c| MarkCode {
                code: c.row.code,
                label: c.row.label,
                counts_as_zero: c.row.counts_as_zero == 1,
                position: c.row.position,
                marks: c.marks,
            })
            .collect(),
    })
}

/// The school's mark codes, with how many marks use each.
#[utoipa::path(
    get, path = "/api/v2/mark-codes", tag = "mark-codes",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The codes, in display order", body = MarkCodes),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
) -> Result<Json<MarkCodes>, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageMarkCodes).await?;
    current(&state, scope).await.map(Json)
}

/// Replace the school's mark codes. All or nothing; one audit row.
#[utoipa::path(
    put, path = "/api/v2/mark-codes", tag = "mark-codes",
    request_body = MarkCodesReplace,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The codes as stored", body = MarkCodes),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a school admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid codes (`codes.<n>.code`, `codes.<n>.label`, `codes.<n>.position`), an empty table or more than 40 codes, or a removed code that marks use (`codes`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn replace(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<MarkCodesReplace>,
) -> Result<Response, AppError> {
    let scope = scope_for(&state, &ctx, &user, Action::ManageMarkCodes).await?;
    let inputs: Vec<CodeInput> = body
        .codes
        .into_iter()
        .map(|c| CodeInput {
            code: c.code,
            label: c.label,
            counts_as_zero: c.counts_as_zero,
            position: c.position.map(|p| p.to_string()).unwrap_or_default(),
        })
        .collect();
    match codes::replace_mark_codes(&state, scope, &ctx.audit(), &inputs).await {
        Ok(_) => Ok(Json(current(&state, scope).await?).into_response()),
        Err(CodesRefused::Problems(problems)) => Ok(unprocessable(&ctx, &problems)),
        Err(CodesRefused::Error(e)) => Err(e),
    }
}

/// The `validation_failed` problem, with a field per problem (indexed fields, so not
/// [`AppError::Validation`], whose fields are fixed names).
fn unprocessable(ctx: &RequestCtx, problems: &[CodeProblem]) -> Response {
    super::problem::validation_failed(
        ctx,
        problems
            .iter()
            .map(|p| (p.path(), p.key, p.message(ctx.lang))),
    )
}

/// The mark codes part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list, replace),
    tags((name = "mark-codes", description = "The school's mark codes (ABS, DISP, Z…): what teachers may type instead of points (school admins)")),
)]
pub struct MarkCodesApi;

/// Adds [`MarkCodesApi`] to the main document.
pub struct MarkCodesDocs;

impl utoipa::Modify for MarkCodesDocs {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi.merge(<MarkCodesApi as utoipa::OpenApi>::openapi());
    }
}
