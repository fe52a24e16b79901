//! Authentication: sessions, passwords, login throttling, CSRF, and the request context.
//! The access policy (who may do what) lives in [`policy`].

pub mod api_tokens;
pub mod context;
pub mod jwt;
pub mod pages;
pub mod password;
pub mod policy;
pub mod repo;
pub mod service;
pub mod throttle;
pub mod token;

use crate::auth::policy::Routes;
use axum::{
    Router,
    routing::{get, post},
};

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for("/login", get(pages::login_page).post(pages::login))
        .route_for("/logout", post(pages::logout))
}
