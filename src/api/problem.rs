//! The RFC 9457 problem document, as the OpenAPI schema of every error answer. The body
//! itself is built by [`crate::error::AppError`].

use serde::Serialize;
use utoipa::ToSchema;

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
