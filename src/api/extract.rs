//! API extractors: JSON bodies whose errors are problem+json, and the calling user from a
//! bearer token or the web session.

use std::sync::Arc;

use axum::{
    extract::{FromRequest, FromRequestParts, Request},
    http::{header, request::Parts},
};
use serde::de::DeserializeOwned;

use crate::{
    AppState,
    auth::context::{Ctx, CurrentUser, RequestCtx, user_for_token},
    error::AppError,
};

/// A JSON body; a malformed one is a 422 problem naming the body, not axum's plain text.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                Err(AppError::PayloadTooLarge)
            }
            Err(rejection) => {
                tracing::debug!(%rejection, "invalid JSON body");
                Err(AppError::Validation(vec![("body", "error-json")]))
            }
        }
    }
}

/// The `Authorization: Bearer` token of a request, if any.
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
}

/// The signed-in caller of an API route: a valid access token, else the web session.
pub struct ApiUser(pub Arc<RequestCtx>, pub Arc<CurrentUser>);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Ctx(ctx) = Ctx::from_request_parts(parts, state).await?;
        if let Some(token) = bearer(&parts.headers) {
            let claims = state
                .jwt
                .verify(token, state.clock.now_ms() / 1000)
                .map_err(|e| {
                    tracing::info!(error = %e, "access token refused");
                    AppError::Unauthorized
                })?;
            let user_id: i64 = claims.sub.parse().map_err(|_| AppError::Unauthorized)?;
            let user = user_for_token(state, user_id, claims.school)
                .await?
                .ok_or(AppError::Unauthorized)?;
            return Ok(ApiUser(ctx, Arc::new(user)));
        }
        match ctx.user.clone() {
            Some(user) => Ok(ApiUser(ctx, user)),
            None => Err(AppError::Unauthorized),
        }
    }
}

/// A query string; malformed values are a 422 problem naming the query, not plain text.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => {
                tracing::debug!(%rejection, "invalid query string");
                Err(AppError::Validation(vec![("query", "error-query")]))
            }
        }
    }
}

/// Path parameters; an id that does not parse names nothing that exists: 404.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(_) => Err(AppError::NotFound),
        }
    }
}
