//! `/api/v2/auth/*`: exchange credentials for tokens, refresh them, revoke them.

use axum::{
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{extract::ApiJson, problem::Problem};
use crate::{
    AppState,
    auth::{
        api_tokens::{self, Refreshed, TokenPair},
        context::Ctx,
        service::{self, Credentials, Issue, LoginOutcome},
    },
    error::AppError,
};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
}

/// Exchange a username and password for an access token (60 min) and a refresh token.
///
/// Wrong credentials answer 401, a disabled account 403, and repeated failures 429 with
/// `Retry-After`, like web logins.
#[utoipa::path(
    post, path = "/api/v2/auth/token", tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenPair),
        (status = 401, description = "Wrong username or password", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Account disabled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn token(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Result<Response, AppError> {
    match service::login(
        &state,
        &ctx,
        &body.username,
        &body.password,
        Issue::ApiTokens,
    )
    .await?
    {
        LoginOutcome::Success(Credentials::Tokens(pair)) => Ok(no_store(pair)),
        LoginOutcome::Success(Credentials::Session(_)) => Err(AppError::internal(anyhow::anyhow!(
            "an API login opened a web session"
        ))),
        LoginOutcome::Invalid => Err(AppError::BadCredentials),
        LoginOutcome::Disabled => Err(AppError::AccountDisabled),
        LoginOutcome::SchoolDisabled => Err(AppError::SchoolDisabled),
        LoginOutcome::Throttled { retry_after_secs } => {
            Err(AppError::TooManyRequests { retry_after_secs })
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// Exchange a refresh token for a new pair; the presented token is used up.
///
/// Presenting an already-used refresh token revokes every token of its login (401
/// `refresh_token_reused`): it was stolen or replayed.
#[utoipa::path(
    post, path = "/api/v2/auth/refresh", tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New token pair", body = TokenPair),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn refresh(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> Result<Response, AppError> {
    match api_tokens::refresh(&state, &ctx.audit(), &body.refresh_token).await? {
        Refreshed::Issued(pair) => Ok(no_store(pair)),
        Refreshed::Invalid => Err(AppError::InvalidRefreshToken),
        Refreshed::Reused => Err(AppError::RefreshTokenReused),
    }
}

/// Revoke the refresh token and every token of its login. Answers 204 whether or not the
/// token existed.
#[utoipa::path(
    post, path = "/api/v2/auth/logout", tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "Cookie-authenticated call without its CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn logout(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> Result<Response, AppError> {
    api_tokens::revoke(&state, &ctx.audit(), &body.refresh_token).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::CACHE_CONTROL, "no-store")],
    )
        .into_response())
}

/// Token answers must not be cached by anything between server and client (RFC 6749 §5.1).
fn no_store(pair: TokenPair) -> Response {
    (
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
        axum::Json(pair),
    )
        .into_response()
}
