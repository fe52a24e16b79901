//! One error type for every handler and service. Each surface renders it: HTML pages get a
//! translated error page (or a redirect to the login page); paths under `/api/` get RFC 9457
//! `application/problem+json` with a stable `code`. Internal causes are logged once, with the
//! request id, and never shown.

use askama::Template;
use axum::{
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

use crate::{auth::context::RequestCtx, web::layout::Shell};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("not signed in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("CSRF token missing or wrong")]
    Csrf,
    #[error("invalid input")]
    Validation(Vec<(&'static str, &'static str)>),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: i64 },
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("account disabled")]
    AccountDisabled,
    #[error("school disabled")]
    SchoolDisabled,
    #[error("invalid refresh token")]
    InvalidRefreshToken,
    #[error("refresh token reused")]
    RefreshTokenReused,
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    pub fn internal(err: anyhow::Error) -> Self {
        Self::Internal(err)
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized
            | AppError::BadCredentials
            | AppError::InvalidRefreshToken
            | AppError::RefreshTokenReused => StatusCode::UNAUTHORIZED,
            AppError::AccountDisabled | AppError::SchoolDisabled => StatusCode::FORBIDDEN,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message id shown to the user.
    pub fn message_key(&self) -> &'static str {
        match self {
            AppError::NotFound => "error-not-found",
            AppError::Unauthorized => "error-unauthorized",
            AppError::Forbidden => "error-forbidden",
            AppError::Csrf => "error-csrf",
            AppError::Validation(_) => "error-validation",
            AppError::Conflict(key) => key,
            AppError::TooManyRequests { .. } => "error-too-many",
            AppError::PayloadTooLarge => "error-too-large",
            AppError::MethodNotAllowed => "error-method",
            AppError::BadCredentials => "login-invalid",
            AppError::AccountDisabled => "login-disabled",
            AppError::SchoolDisabled => "login-school-disabled",
            AppError::InvalidRefreshToken => "error-refresh-invalid",
            AppError::RefreshTokenReused => "error-refresh-reused",
            AppError::Internal(_) => "error-internal",
        }
    }

    /// The stable machine-readable code of API problems.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::Csrf => "csrf_token_invalid",
            AppError::Validation(_) => "validation_failed",
            AppError::Conflict(_) => "conflict",
            AppError::TooManyRequests { .. } => "too_many_requests",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::BadCredentials => "invalid_credentials",
            AppError::AccountDisabled => "account_disabled",
            AppError::SchoolDisabled => "school_disabled",
            AppError::InvalidRefreshToken => "invalid_refresh_token",
            AppError::RefreshTokenReused => "refresh_token_reused",
            AppError::Internal(_) => "internal_error",
        }
    }

    /// The RFC 9457 body: `type`, `title`, `status`, `detail`, `code`, field `errors`.
    fn problem(&self, ctx: Option<&RequestCtx>) -> serde_json::Value {
        let lang = ctx.map(|c| c.lang).unwrap_or_default();
        let status = self.status();
        let mut body = serde_json::json!({
            "type": format!("urn:eschool:problem:{}", self.code()),
            "title": status.canonical_reason().unwrap_or("Error"),
            "status": status.as_u16(),
            "detail": lang.t(self.message_key()),
            "code": self.code(),
        });
        if let Some(ctx) = ctx {
            body["request_id"] = ctx.request_id.clone().into();
        }
        if let AppError::Validation(fields) = self {
            body["errors"] = fields
                .iter()
                .map(|(field, key)| serde_json::json!({ "field": field, "code": key, "message": lang.t(key) }))
                .collect();
        }
        body
    }
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        AppError::Internal(err.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    s: Shell,
    status: u16,
    message_key: &'a str,
    fields: &'a [(&'static str, &'static str)],
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let ctx = RequestCtx::current();
        if let AppError::Internal(cause) = &self {
            tracing::error!(error = ?cause, "request failed");
        }
        let is_api = ctx.as_deref().is_some_and(|c| c.path.starts_with("/api/"));
        if is_api {
            let body = self.problem(ctx.as_deref()).to_string();
            let mut response = (
                self.status(),
                [(header::CONTENT_TYPE, "application/problem+json")],
                body,
            )
                .into_response();
            if let AppError::TooManyRequests { retry_after_secs } = self
                && let Ok(v) = retry_after_secs.to_string().parse()
            {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            if status_is_unauthorized(&response) {
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    header::HeaderValue::from_static("Bearer"),
                );
            }
            return response;
        }
        if matches!(self, AppError::Unauthorized)
            && let Some(ctx) = &ctx
        {
            let next: String = url::form_urlencoded::byte_serialize(ctx.path.as_bytes()).collect();
            return Redirect::to(&format!("/login?next={next}")).into_response();
        }
        let shell = ctx.as_deref().map_or_else(Shell::fallback, Shell::new);
        let fields = match &self {
            AppError::Validation(fields) => fields.as_slice(),
            _ => &[],
        };
        let page = ErrorPage {
            s: shell,
            status: self.status().as_u16(),
            message_key: self.message_key(),
            fields,
        };
        let body = page.render().unwrap_or_else(|_| "error".to_owned());
        let mut response = (
            self.status(),
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response();
        if let AppError::TooManyRequests { retry_after_secs } = self
            && let Ok(v) = retry_after_secs.to_string().parse()
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

fn status_is_unauthorized(response: &Response) -> bool {
    response.status() == StatusCode::UNAUTHORIZED
}
