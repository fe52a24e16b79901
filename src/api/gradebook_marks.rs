//! `/api/v2/assessments/{id}/marks`: the column of marks of one assessment. `GET` reads it,
//! `PUT` saves some of its cells at once (all or nothing, as the marks grid does): each value
//! is points with a comma or a point ("12,5", "12.5"), a code of the school ("ABS"), or "" to
//! clear. A refused column is a 422 problem with one `errors[]` entry per bad cell, whose
//! `field` is `marks.<student_id>`. The marks grid (`static/gradebook.js`) autosaves through
//! it with the web session and its `X-CSRF-Token` header.

use axum::{
    Json, Router,
    extract::State,
    response::{IntoResponse, Response},
    routing::get,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, ApiPath, ApiUser},
    problem::{self, Problem},
};
use crate::{
    AppState,
    auth::{context::RequestCtx, policy::Routes},
    error::AppError,
    gradebook::{
        pages::{
            marks::{Column, SavedMark, column},
            open_assessment,
        },
        service::{self, Author, MarkCell, MarksRefused},
    },
};

pub fn routes() -> Router<AppState> {
    Router::new().route_for(
        "/api/v2/assessments/{id}/marks",
        get(get_marks).put(put_marks),
    )
}

/// One student's mark as saved.
#[derive(Debug, Serialize, ToSchema)]
pub struct Mark {
    pub student_id: i64,
    /// "Last First".
    pub student_name: String,
    /// Points with a point ("12.5"), a code ("ABS"), or "" when the student has no mark.
    pub value: String,
    /// The value as the caller's language writes it ("12,5" in French).
    pub display: String,
    /// The mark on 20, rounded and written as the school shows averages; null without one or
    /// for a code left out of the average.
    pub on_20: Option<String>,
    /// How the mark entered the student's subject average, in the caller's language.
    pub status: String,
}

impl From<SavedMark> for Mark {
    fn from(m: SavedMark) -> Self {
        Self {
            student_id: m.student_id,
            student_name: m.name,
            value: m.value,
            display: m.display,
            on_20: m.on_20,
            status: m.status,
        }
    }
}

/// The marks of an assessment, one per student now in its class (by name).
#[derive(Debug, Serialize, ToSchema)]
pub struct MarksColumn {
    pub assessment_id: i64,
    /// The maximum, as a decimal ("20").
    pub max: String,
    /// Whether the period is closed (the column is then read-only).
    pub closed: bool,
    /// The class average of the marks on 20, as the school shows averages.
    pub average: Option<String>,
    /// How many students have a mark (points or code).
    pub count: usize,
    pub marks: Vec<Mark>,
}

/// The answer to a save.
#[derive(Debug, Serialize, ToSchema)]
pub struct MarksSaved {
    /// How many marks changed (0: the values were already saved).
    pub changed: usize,
    pub average: Option<String>,
    pub count: usize,
    /// The whole column after the save.
    pub marks: Vec<Mark>,
}

/// One cell to save.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkInput {
    pub student_id: i64,
    /// "12,5", "12.5", a code, or "" to clear the mark.
    pub value: String,
}

/// Cells of one assessment to save at once.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarksInput {
    pub marks: Vec<MarkInput>,
}

fn marks_of(col: Column) -> (Option<String>, usize, Vec<Mark>) {
    (
        col.average,
        col.count,
        col.marks.into_iter().map(Mark::from).collect(),
    )
}

/// The marks of an assessment.
#[utoipa::path(
    get, path = "/api/v2/assessments/{id}/marks", tag = "gradebook",
    params(("id" = i64, Path, description = "Assessment id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The column of marks", body = MarksColumn),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither a school admin nor a teacher of the class in this subject", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such assessment in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_marks(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<MarksColumn>, AppError> {
    let (sheet, a) = open_assessment(&state, &ctx, &user, id).await?;
    let (average, count, marks) = marks_of(column(&state, &sheet, &a, ctx.lang).await?);
    Ok(Json(MarksColumn {
        assessment_id: a.id,
        max: crate::structure::model::format_coefficient_plain(a.max_hundredths),
        closed: sheet.closed,
        average,
        count,
        marks,
    }))
}

/// The 422 problem of a refused column: one entry per bad cell, `field` = `marks.<student_id>`.
fn cells_problem(ctx: &RequestCtx, cells: &[(i64, &'static str)]) -> Response {
    problem::validation_failed(
        ctx,
        cells
            .iter()
            .map(|(student, key)| (format!("marks.{student}"), *key, ctx.lang.t(key))),
    )
}

/// Save marks of an assessment: all the cells, or none when one is refused.
#[utoipa::path(
    put, path = "/api/v2/assessments/{id}/marks", tag = "gradebook",
    params(("id" = i64, Path, description = "Assessment id")),
    request_body = MarksInput,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Saved; the whole column as it now is", body = MarksSaved),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither a school admin nor a teacher of the class in this subject", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such assessment in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Nothing saved: a bad cell (`field` = `marks.<student_id>`: points above the maximum, unknown code, student not in the class) or a closed period (`period_id`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn put_marks(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<MarksInput>,
) -> Result<Response, AppError> {
    let (sheet, a) = open_assessment(&state, &ctx, &user, id).await?;
    let author = Author::from_user(&user, ctx.audit()).ok_or(AppError::NotFound)?;
    let cells: Vec<MarkCell> = input
        .marks
        .into_iter()
        .map(|m| MarkCell {
            student_id: m.student_id,
            value: m.value,
        })
        .collect();
    match service::save_marks(&state, &author, id, &cells).await {
        Ok(changed) => {
            let (average, count, marks) = marks_of(column(&state, &sheet, &a, ctx.lang).await?);
            Ok(Json(MarksSaved {
                changed,
                average,
                count,
                marks,
            })
            .into_response())
        }
        Err(MarksRefused::Cells(list)) => Ok(cells_problem(&ctx, &list)),
        Err(MarksRefused::Fields(list)) => Err(AppError::Validation(list)),
        Err(MarksRefused::Error(e)) => Err(e),
    }
}

/// The marks part of the OpenAPI document (merged into [`super::openapi::ApiDoc`]).
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(get_marks, put_marks),
    components(schemas(Mark, MarksColumn, MarksSaved, MarkInput, MarksInput)),
    tags((name = "gradebook", description = "Assessments, marks and results")),
)]
pub struct GradebookMarksApi;

/// Adds [`GradebookMarksApi`] to the main document.
pub struct GradebookMarksDocs;

impl utoipa::Modify for GradebookMarksDocs {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi.merge(<GradebookMarksApi as utoipa::OpenApi>::openapi());
    }
}
