//! `GET /api/v2/class-councils/{class_id}/{period_id}/summary.pdf`: the class summary PDF of a
//! class council (the same document as the council page's download, see
//! [`crate::bulletins::summary_pages`]).

use axum::{Router, extract::State, response::Response, routing::get};

use super::extract::{ApiPath, ApiUser};
use crate::{AppState, auth::policy::Routes, bulletins::summary_pages, error::AppError};

pub fn routes() -> Router<AppState> {
    Router::new().route_for(
        "/api/v2/class-councils/{class_id}/{period_id}/summary.pdf",
        get(summary_pdf),
    )
}

/// A PDF file (the schema of a binary answer).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct PdfFile(pub Vec<u8>);

/// The class summary (tableau de synthèse) for the council: one row per student with every
/// subject average, the general average, rank, distinction and absences; the class statistics.
#[utoipa::path(
    get, path = "/api/v2/class-councils/{class_id}/{period_id}/summary.pdf", tag = "class-councils",
    params(
        ("class_id" = i64, Path, description = "Class id"),
        ("period_id" = i64, Path, description = "A period of the class's year"),
    ),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The summary, as a PDF download", content_type = "application/pdf", body = PdfFile),
        (status = 401, description = "Not signed in", body = super::problem::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of the class (a teacher of another class)", body = super::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class in this school, or no such period in its year", body = super::problem::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn summary_pdf(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath((class_id, period_id)): ApiPath<(i64, i64)>,
) -> Result<Response, AppError> {
    summary_pages::summary_response(&state, &ctx, &user, class_id, period_id).await
}
