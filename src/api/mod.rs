//! The REST API, `/api/v2`: JSON in and out, errors as RFC 9457 problem+json (rendered by
//! [`crate::error::AppError`] for every path under `/api/`), bearer access tokens or the web
//! session (with its CSRF token) for authentication. Conventions: docs/API.md.

pub mod auth;
pub mod extract;
pub mod me;
pub mod openapi;
pub mod problem;

use axum::{
    Router,
    routing::{get, post},
};

use crate::{AppState, auth::policy::Routes};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for("/api/v2/auth/token", post(auth::token))
        .route_for("/api/v2/auth/refresh", post(auth::refresh))
        .route_for("/api/v2/auth/logout", post(auth::logout))
        .route_for("/api/v2/me", get(me::me))
        .route_for("/api/v2/openapi.json", get(openapi::openapi_json))
        .route_for("/api/docs", get(openapi::docs_page))
}
