//! Accounts: users, their memberships and roles in schools, passwords and preferences.

pub mod model;
pub mod pages;
pub mod repo;
pub mod service;

use crate::auth::policy::Routes;
use axum::{
    Router,
    routing::{get, post},
};

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for("/account", get(pages::account_page))
        .route_for("/account/password", post(pages::change_password))
        .route_for(
            "/admin/users",
            get(pages::users_page).post(pages::create_user),
        )
        .route_for("/admin/users/new", get(pages::new_user_page))
        .route_for("/admin/users/{id}/disable", post(pages::disable_user))
        .route_for("/admin/users/{id}/enable", post(pages::enable_user))
}
