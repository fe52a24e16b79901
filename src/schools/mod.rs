//! Schools (tenants) and their structure: first-run setup, settings, and the
//! [`SchoolScope`] every tenant-owned query is bound to.

pub mod model;
pub mod pages;
pub mod repo;
pub mod service;

pub use model::{School, SchoolScope};

use crate::auth::policy::Routes;
use axum::{Router, routing::get};

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for("/setup", get(pages::setup_page).post(pages::setup))
        .route_for(
            "/admin/school",
            get(pages::settings_page).post(pages::save_settings),
        )
}
