//! Students, guardians and enrolment: the home page's summary, the student list and record
//! pages (`/students`, `/students/{id}`, national-ID lookup) with their encrypted fields, and
//! key rotation for those fields. The structure-and-people issue grows it into full management.

pub mod import;
pub mod pages;
pub mod repo;
pub mod rotation;
pub mod service;

use axum::{Router, routing::get};

use crate::auth::policy::Routes;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for("/students", get(pages::students_page))
        .route_for(
            "/students/lookup",
            get(pages::lookup_page).post(pages::lookup),
        )
        .route_for("/students/{id}", get(pages::student_page))
}

use crate::{AppState, accounts::model::Role, auth::context::CurrentUser, error::AppError};

/// What the home page shows, depending on the user's roles.
#[derive(Debug, Clone, Default)]
pub struct HomeSummary {
    /// For staff: the school's figures.
    pub counts: Option<repo::SchoolCounts>,
    /// For parents: their children.
    pub children: Vec<repo::StudentLine>,
    /// For students: themself.
    pub me: Option<repo::StudentLine>,
    /// For teachers: the classes they are main teacher of.
    pub main_classes: Vec<repo::ClassLine>,
}

pub async fn home_summary(state: &AppState, user: &CurrentUser) -> Result<HomeSummary, AppError> {
    let Some(scope) = user.scope() else {
        return Ok(HomeSummary::default());
    };
    let pool = &state.db.pool;
    let mut summary = HomeSummary::default();
    if [Role::SchoolAdmin, Role::VieScolaire, Role::Bursar]
        .iter()
        .any(|r| user.has_role(*r))
    {
        summary.counts = Some(repo::counts(pool, scope).await?);
    }
    if user.has_role(Role::Parent) {
        summary.children = repo::children_of_guardian_user(pool, scope, user.id).await?;
    }
    if user.has_role(Role::Student) {
        summary.me = repo::student_of_user(pool, scope, user.id).await?;
    }
    if user.has_role(Role::Teacher) {
        summary.main_classes = repo::classes_led_by(pool, scope, user.id).await?;
    }
    Ok(summary)
}
