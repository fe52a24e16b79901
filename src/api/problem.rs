//! The RFC 9457 problem document, as the OpenAPI schema of every error answer. The body
//! itself is built by [`crate::error::AppError`].

use axum::{
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::context::RequestCtx;

/// An error: `application/problem+json`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// `urn:eschool:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The HTTP status phrase.
    pub title: String,
    pub status: u16,
    /// A human explanation, in the caller's language.
    pub detail: String,
    /// Stable machine-readable code, e.g. `invalid_credentials`, `validation_failed`.
    pub code: String,
    pub request_id: Option<String>,
    /// For `validation_failed`: one entry per invalid field.
    pub errors: Option<Vec<FieldProblem>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    /// Stable message id, e.g. `error-username-taken`.
    pub code: String,
    pub message: String,
}

/// A `validation_failed` problem whose fields are built at run time (`marks.<student_id>`,
/// `codes.<n>.label`), which [`crate::error::AppError::Validation`] cannot carry: one
/// `errors[]` entry per `(field, message id, message)`, in the same RFC 9457 shape.
pub fn validation_failed(
    ctx: &RequestCtx,
    errors: impl IntoIterator<Item = (String, &'static str, String)>,
) -> Response {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let errors: Vec<_> = errors
        .into_iter()
        .map(|(field, code, message)| {
            serde_json::json!({ "field": field, "code": code, "message": message })
        })
        .collect();
    let body = serde_json::json!({
        "type": "urn:eschool:problem:validation_failed",
        "title": status.canonical_reason().unwrap_or("Unprocessable Entity"),
        "status": status.as_u16(),
        "detail": ctx.lang.t("error-validation"),
        "code": "validation_failed",
        "request_id": ctx.request_id,
        "errors": errors,
    });
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}
