//! `/api/v2/auth/*`: exchange credentials for tokens, refresh them, revoke them.

use axum::{
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::extract::ApiJson;
use crate::{
    AppState,
    auth::{
        api_tokens::{self, Refreshed},
        context::Ctx,
        service::{self, Credentials, Issue, LoginOutcome},
    },
    error::AppError,
};

#[derive(Debug, Deserialize)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
}

/// `POST /api/v2/auth/token`: 200 with a token pair, 401 on wrong credentials, 403 for a
/// disabled account, 429 (with `Retry-After`) when throttled like web logins.
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
        LoginOutcome::Success(Credentials::Tokens(pair)) => Ok(axum::Json(pair).into_response()),
        LoginOutcome::Success(Credentials::Session(_)) => Err(AppError::internal(anyhow::anyhow!(
            "an API login opened a web session"
        ))),
        LoginOutcome::Invalid => Err(AppError::BadCredentials),
        LoginOutcome::Disabled => Err(AppError::AccountDisabled),
        LoginOutcome::Throttled { retry_after_secs } => {
            Err(AppError::TooManyRequests { retry_after_secs })
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// `POST /api/v2/auth/refresh`: a new pair for a valid refresh token, which is used up. A
/// used token presented again revokes its whole family (401 `refresh_token_reused`).
pub async fn refresh(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> Result<Response, AppError> {
    match api_tokens::refresh(&state, &ctx.audit(), &body.refresh_token).await? {
        Refreshed::Issued(pair) => Ok(axum::Json(pair).into_response()),
        Refreshed::Invalid => Err(AppError::InvalidRefreshToken),
        Refreshed::Reused => Err(AppError::RefreshTokenReused),
    }
}

/// `POST /api/v2/auth/logout`: revokes the refresh token's family. 204 either way, so the
/// answer does not reveal whether a token existed.
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
