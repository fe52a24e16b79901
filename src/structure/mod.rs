//! The school's structure: academic years and their periods (with the closed-period rule),
//! levels, classes, subject groups, subjects, coefficients per level with overrides per class
//! and/or period, and teaching assignments. Admin pages under `/admin/structure`, the class
//! page `/classes/{id}` and a teacher's classes `/classes`; the API is in
//! `src/api/structure*.rs`.

pub mod classes;
pub mod import;
pub mod model;
pub mod pages;
pub mod repo;
pub mod service;

pub use classes::{MyClass, my_classes};
pub use service::{effective_coefficient, is_period_closed, period_of_date, school_today};

use axum::{
    Router,
    routing::{get, post},
};

use crate::{AppState, auth::policy::Routes};

pub fn routes() -> Router<AppState> {
    use pages::{calendar as cal, catalog as cat, classes as cls, confirm};
    Router::new()
        .route_for("/admin/structure", get(cal::overview))
        .route_for("/admin/structure/years", get(cal::years_page))
        .route_for(
            "/admin/structure/years/new",
            get(cal::new_year_page).post(cal::create_year),
        )
        .route_for(
            "/admin/structure/years/{id}",
            get(cal::edit_year_page).post(cal::update_year),
        )
        .route_for(
            "/admin/structure/years/{id}/delete",
            get(confirm::year).post(cal::delete_year),
        )
        .route_for(
            "/admin/structure/years/{id}/periods/new",
            get(cal::new_period_page).post(cal::create_period),
        )
        .route_for(
            "/admin/structure/periods/{id}",
            get(cal::edit_period_page).post(cal::update_period),
        )
        .route_for(
            "/admin/structure/periods/{id}/close",
            post(cal::close_period),
        )
        .route_for(
            "/admin/structure/periods/{id}/reopen",
            post(cal::reopen_period),
        )
        .route_for(
            "/admin/structure/periods/{id}/delete",
            get(confirm::period).post(cal::delete_period),
        )
        .route_for(
            "/admin/structure/levels",
            get(cal::levels_page).post(cal::create_level),
        )
        .route_for(
            "/admin/structure/levels/{id}",
            get(cal::edit_level_page).post(cal::update_level),
        )
        .route_for(
            "/admin/structure/levels/{id}/delete",
            get(confirm::level).post(cal::delete_level),
        )
        .route_for("/admin/structure/subjects", get(cat::subjects_page))
        .route_for(
            "/admin/structure/subjects/new",
            get(cat::new_subject_page).post(cat::create_subject),
        )
        .route_for(
            "/admin/structure/subjects/{id}",
            get(cat::edit_subject_page).post(cat::update_subject),
        )
        .route_for(
            "/admin/structure/subjects/{id}/delete",
            get(confirm::subject).post(cat::delete_subject),
        )
        .route_for(
            "/admin/structure/subject-groups",
            get(cat::groups_page).post(cat::create_group),
        )
        .route_for(
            "/admin/structure/subject-groups/{id}",
            get(cat::edit_group_page).post(cat::update_group),
        )
        .route_for(
            "/admin/structure/subject-groups/{id}/delete",
            get(confirm::group).post(cat::delete_group),
        )
        .route_for(
            "/admin/structure/coefficients",
            get(cat::coefficients_page).post(cat::save_grid),
        )
        .route_for(
            "/admin/structure/coefficient-overrides",
            get(cat::overrides_page).post(cat::create_override),
        )
        .route_for(
            "/admin/structure/coefficient-overrides/{id}/delete",
            get(confirm::coefficient_override).post(cat::delete_override),
        )
        .route_for("/admin/structure/classes", get(cls::classes_page))
        .route_for(
            "/admin/structure/classes/new",
            get(cls::new_class_page).post(cls::create_class),
        )
        .route_for(
            "/admin/structure/classes/{id}",
            get(cls::edit_class_page).post(cls::update_class),
        )
        .route_for(
            "/admin/structure/classes/{id}/delete",
            get(confirm::class).post(cls::delete_class),
        )
        .route_for(
            "/admin/structure/classes/{id}/assignments",
            get(cls::class_assignments_page).post(cls::save_class_assignments),
        )
        .route_for(
            "/admin/structure/classes/{id}/assignments/periods",
            post(cls::add_period_assignment),
        )
        .route_for(
            "/admin/structure/classes/{id}/assignments/{assignment_id}/delete",
            get(cls::confirm_delete_assignment).post(cls::delete_assignment),
        )
        .route_for("/classes", get(cls::my_classes_page))
        .route_for("/classes/{id}", get(cls::class_page))
        .merge(pages::import::routes())
}
