//! Managing people: students (create, edit, photo, enrolment with history), guardians (records,
//! links to students, invitations to a parent account), a parent's own contact details, and
//! the staff list. Reading a student's record stays in `academics`; the checked value types
//! are the import's (`academics::import::values`), so forms, API and import share one set of
//! rules.

pub mod guardian_pages;
pub mod guardians;
pub mod input;
pub mod pages;
pub mod repo;
pub mod staff;
pub mod student_guardians;
pub mod students;

use axum::{
    Router,
    routing::{get, post},
};

use crate::{AppState, auth::policy::Routes};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for(
            "/students/new",
            get(pages::new_student_page).post(pages::create_student),
        )
        .route_for(
            "/students/{id}/edit",
            get(pages::edit_student_page).post(pages::update_student),
        )
        .route_for(
            "/students/{id}/enrolment",
            get(pages::enrolment_form).post(pages::enrol),
        )
        .route_for("/students/{id}/photo", get(pages::photo))
        .route_for(
            "/students/{id}/photo/upload",
            get(pages::photo_form).post(pages::upload_photo).layer(
                axum::extract::DefaultBodyLimit::max(students::PHOTO_MAX_BYTES * 2),
            ),
        )
        .route_for(
            "/students/{id}/guardians",
            get(student_guardians::add_guardian_page).post(student_guardians::create_linked),
        )
        .route_for(
            "/students/{id}/guardians/link",
            post(student_guardians::link_existing),
        )
        .route_for(
            "/students/{id}/guardians/{guardian_id}/delete",
            post(student_guardians::unlink),
        )
        .route_for("/guardians", get(guardian_pages::guardians_page))
        .route_for(
            "/guardians/new",
            get(guardian_pages::new_guardian_page).post(guardian_pages::create_guardian),
        )
        .route_for("/guardians/{id}", get(guardian_pages::guardian_page))
        .route_for(
            "/guardians/{id}/edit",
            get(guardian_pages::edit_guardian_page).post(guardian_pages::update_guardian),
        )
        .route_for("/guardians/{id}/links", post(guardian_pages::link))
        .route_for(
            "/guardians/{id}/links/{student_id}/delete",
            post(guardian_pages::unlink),
        )
        .route_for("/guardians/{id}/invitation", post(guardian_pages::invite))
        .route_for(
            "/invitations/{token}",
            get(guardian_pages::invitation_page).post(guardian_pages::accept_invitation),
        )
        .route_for(
            "/account/contact",
            get(guardian_pages::contact_page).post(guardian_pages::update_contact),
        )
        .route_for("/staff", get(guardian_pages::staff_page))
}
