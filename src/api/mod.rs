//! The REST API, `/api/v2`: JSON in and out, errors as RFC 9457 problem+json (rendered by
//! [`crate::error::AppError`] for every path under `/api/`), bearer access tokens or the web
//! session (with its CSRF token) for authentication. Conventions: docs/API.md.

pub mod auth;
pub mod bulletin_template;
pub mod bulletins;
pub mod class_summary;
pub mod council;
pub mod enrolments;
pub mod extract;
pub mod gradebook;
pub mod gradebook_marks;
pub mod gradebook_results;
pub mod guardians;
pub mod mark_codes;
pub mod me;
pub mod memberships;
pub mod openapi;
pub mod pagination;
pub mod problem;
pub mod schools;
pub mod staff;
pub mod structure;
pub mod structure_classes;
pub mod structure_subjects;
pub mod students;
pub mod users;

use axum::{
    Router,
    routing::{delete, get, post, put},
};

use crate::{AppState, auth::policy::Routes};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for("/api/v2/auth/token", post(auth::token))
        .route_for("/api/v2/auth/refresh", post(auth::refresh))
        .route_for("/api/v2/auth/logout", post(auth::logout))
        .route_for("/api/v2/me", get(me::me))
        .route_for(
            "/api/v2/bulletins",
            get(bulletins::list).post(bulletins::issue),
        )
        .route_for("/api/v2/bulletins/{id}", get(bulletins::get))
        .route_for("/api/v2/bulletins/{id}/pdf", get(bulletins::pdf))
        .route_for("/api/v2/bulletins/{id}/versions", get(bulletins::versions))
        .route_for("/api/v2/bulletin-jobs/{id}", get(bulletins::job))
        .route_for("/api/v2/users", get(users::list).post(users::create))
        .route_for("/api/v2/users/{id}", get(users::get).patch(users::update))
        .route_for("/api/v2/users/{id}/disable", post(users::disable))
        .route_for("/api/v2/users/{id}/enable", post(users::enable))
        .route_for(
            "/api/v2/memberships",
            get(memberships::list).post(memberships::create),
        )
        .route_for(
            "/api/v2/memberships/{user_id}/{role}",
            delete(memberships::delete),
        )
        .route_for("/api/v2/schools", get(schools::list).post(schools::create))
        .route_for(
            "/api/v2/schools/{id}",
            get(schools::get).patch(schools::update),
        )
        .route_for("/api/v2/schools/{id}/disable", post(schools::disable))
        .route_for("/api/v2/schools/{id}/enable", post(schools::enable))
        .route_for(
            "/api/v2/students",
            get(students::list).post(students::create),
        )
        .route_for(
            "/api/v2/students/{id}",
            get(students::get).patch(students::update),
        )
        .route_for(
            "/api/v2/guardians",
            get(guardians::list).post(guardians::create),
        )
        .route_for(
            "/api/v2/guardians/{id}",
            get(guardians::get).patch(guardians::update),
        )
        .route_for(
            "/api/v2/guardians/{id}/students/{student_id}",
            put(guardians::link).delete(guardians::unlink),
        )
        .route_for(
            "/api/v2/guardians/{id}/invitations",
            post(guardians::invite),
        )
        .route_for("/api/v2/staff", get(staff::list))
        .route_for("/api/v2/staff/{id}", get(staff::get))
        .route_for(
            "/api/v2/enrolments",
            get(enrolments::list).post(enrolments::create),
        )
        .route_for(
            "/api/v2/mark-codes",
            get(mark_codes::list).put(mark_codes::replace),
        )
        .merge(structure::routes())
        .merge(gradebook::routes())
        .merge(council::routes())
        .route_for("/api/v2/openapi.json", get(openapi::openapi_json))
        .route_for("/api/docs", get(openapi::docs_page))
}
