//! The OpenAPI 3.1 document, generated from the handlers' annotations, and the interactive
//! docs page (swagger-ui-dist vendored in static/swagger-ui, no CDN).

use axum::{
    Json,
    http::header,
    response::{Html, IntoResponse, Response},
};
use utoipa::{
    Modify, OpenApi,
    openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
};

use super::{
    auth, bulletins::BulletinsDocs, enrolments, gradebook::GradebookDocs,
    gradebook_marks::GradebookMarksDocs, guardians, mark_codes::MarkCodesDocs, me, memberships,
    problem::Problem, schools, staff, structure::StructureDocs, students, users,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "eSchool API",
        version = "2",
        description = "School management: structure, people, grades, attendance, fees. \
            Authenticate with `POST /api/v2/auth/token`, then send `Authorization: Bearer <access_token>`. \
            Errors are RFC 9457 problem+json with a stable `code`. Conventions: docs/API.md."
    ),
    paths(
        auth::token, auth::refresh, auth::logout, me::me,
        users::list, users::get, users::create, users::update, users::disable, users::enable,
        memberships::list, memberships::create, memberships::delete,
        schools::list, schools::get, schools::create, schools::update, schools::disable, schools::enable,
        students::list, students::get, students::create, students::update,
        guardians::list, guardians::get, guardians::create, guardians::update,
        guardians::link, guardians::unlink, guardians::invite,
        staff::list, staff::get,
        enrolments::list, enrolments::create,
    ),
    components(schemas(Problem)),
    modifiers(&Security, &StructureDocs, &GradebookDocs, &GradebookMarksDocs, &MarkCodesDocs, &BulletinsDocs),
    tags(
        (name = "auth", description = "Tokens: issue, refresh (rotating), revoke"),
        (name = "me", description = "The calling user"),
        (name = "users", description = "The school's accounts (school admins)"),
        (name = "memberships", description = "Roles held in the school (school admins)"),
        (name = "schools", description = "Schools: members read theirs, platform administrators manage all"),
        (name = "students", description = "Students: staff see the school's, teachers their classes', parents their children"),
        (name = "guardians", description = "Guardians and their links to students"),
        (name = "staff", description = "The school's staff and what teachers teach"),
        (name = "enrolments", description = "Enrolment history; enrol or move a student"),
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "eschool_session",
                "The web session; unsafe methods then also need the X-CSRF-Token header",
            ))),
        );
    }
}

/// `GET /api/v2/openapi.json`
pub async fn openapi_json() -> Response {
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Json(ApiDoc::openapi()),
    )
        .into_response()
}

/// `GET /api/docs`: the interactive documentation, entirely served by this binary.
pub async fn docs_page() -> Html<&'static str> {
    Html(include_str!("../../static/swagger-ui/index.html"))
}
