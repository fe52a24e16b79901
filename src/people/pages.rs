//! Student management pages: create (`/students/new`), edit (`/students/{id}/edit`), enrol or
//! change class (`/students/{id}/enrolment`), and the photo (`/students/{id}/photo`, its
//! upload form at `/students/{id}/photo/upload`).

use askama::Template;
use axum::{
    Form,
    extract::{Multipart, Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    input::StudentForm,
    repo::{self, ClassYear},
    students::{self, PHOTO_MAX_BYTES, school_today},
};
use crate::{
    AppState,
    academics::{
        import::{BirthDate, Sex, Status},
        service::{self as academics, Sensitive},
    },
    accounts::service::Refused,
    auth::{
        context::{Auth, CurrentUser, RequestCtx},
        policy::{self, Action, Scope},
    },
    error::AppError,
    schools::{SchoolScope, model::FieldErrors},
    web::{
        form::Errors,
        layout::{Shell, render},
    },
};

fn parse_id(raw: &str) -> Result<i64, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// The school's "today" for the user's session.
pub(crate) fn today(state: &AppState, user: &CurrentUser) -> jiff::civil::Date {
    school_today(
        state,
        user.school.as_ref().map_or("UTC", |s| s.timezone.as_str()),
    )
}

async fn manager_scope(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
) -> Result<SchoolScope, AppError> {
    policy::require(state, ctx, user, Action::ManageStudents).await?;
    user.scope().ok_or(AppError::Forbidden)
}

/// Which sensitive fields the user's forms show (those the user may read school-wide).
fn sensitive_shown(user: &CurrentUser) -> (bool, bool) {
    (
        policy::allows(user, Action::ReadStudentNationalId, Scope::SameSchool),
        policy::allows(user, Action::ReadStudentMedical, Scope::SameSchool),
    )
}

#[derive(Template)]
#[template(path = "people/student_form.html")]
struct StudentFormPage {
    s: Shell,
    form: StudentForm,
    errors: Errors,
    /// Classes of the current year, offered on creation.
    classes: Vec<ClassYear>,
    /// The student being edited; `None` on creation.
    editing: Option<i64>,
    show_national_id: bool,
    show_medical: bool,
    sexes: &'static [Sex],
    statuses: &'static [Status],
}

impl StudentFormPage {
    fn action(&self) -> String {
        match self.editing {
            Some(id) => format!("/students/{id}/edit"),
            None => "/students/new".to_owned(),
        }
    }

    fn cancel(&self) -> String {
        match self.editing {
            Some(id) => format!("/students/{id}"),
            None => "/students".to_owned(),
        }
    }

    fn is_sex(&self, sex: &Sex) -> bool {
        Sex::parse(&self.form.sex).ok() == Some(*sex)
    }

    fn is_status(&self, status: &Status) -> bool {
        Status::parse(&self.form.status).unwrap_or(Status::Enrolled) == *status
    }

    fn is_class(&self, id: &i64) -> bool {
        self.form.class_id.trim() == id.to_string()
    }

    fn national_id(&self) -> &str {
        self.form.national_id.as_deref().unwrap_or_default()
    }

    fn medical(&self) -> &str {
        self.form.medical.as_deref().unwrap_or_default()
    }
}

pub(super) fn sex_key(sex: &Sex) -> &'static str {
    match sex {
        Sex::F => "student-sex-f",
        Sex::M => "student-sex-m",
    }
}

pub(crate) fn status_key(status: &Status) -> &'static str {
    match status {
        Status::Enrolled => "student-status-enrolled",
        Status::Left => "student-status-left",
        Status::Graduated => "student-status-graduated",
    }
}

impl StudentFormPage {
    fn sex_label(&self, sex: &Sex) -> String {
        self.s.t(sex_key(sex))
    }

    fn status_label(&self, status: &Status) -> String {
        self.s.t(status_key(status))
    }
}

fn form_page(
    ctx: &RequestCtx,
    user: &CurrentUser,
    form: StudentForm,
    errors: FieldErrors,
    classes: Vec<ClassYear>,
    editing: Option<i64>,
) -> StudentFormPage {
    let (show_national_id, show_medical) = sensitive_shown(user);
    StudentFormPage {
        s: Shell::new(ctx),
        form,
        errors: Errors::new(ctx.lang, errors),
        classes,
        editing,
        show_national_id,
        show_medical,
        sexes: Sex::ALL,
        statuses: Status::ALL,
    }
}

fn refused_page(page: &StudentFormPage) -> Result<Response, AppError> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

pub async fn new_student_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    let scope = manager_scope(&state, &ctx, &user).await?;
    let classes = repo::current_classes(&state.db.pool, scope).await?;
    let (nid, med) = sensitive_shown(&user);
    let form = StudentForm {
        national_id: nid.then(String::new),
        medical: med.then(String::new),
        ..StudentForm::default()
    };
    render(&form_page(&ctx, &user, form, Vec::new(), classes, None))
}

/// Drops the sensitive fields the user may not write (not shown to them, so not theirs to
/// change).
fn keep_allowed(user: &CurrentUser, form: &mut StudentForm) {
    let (nid, med) = sensitive_shown(user);
    if !nid {
        form.national_id = None;
    }
    if !med {
        form.medical = None;
    }
}

pub async fn create_student(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(mut form): Form<StudentForm>,
) -> Result<Response, AppError> {
    let scope = manager_scope(&state, &ctx, &user).await?;
    keep_allowed(&user, &mut form);
    let outcome = match form.parse(today(&state, &user)) {
        Ok(input) => {
            students::create_student(&state, scope, &ctx.audit(), today(&state, &user), &input)
                .await
        }
        Err(errors) => Err(Refused::Fields(errors)),
    };
    match outcome {
        Ok(id) => Ok(Redirect::to(&format!("/students/{id}")).into_response()),
        Err(Refused::Fields(errors)) => {
            let classes = repo::current_classes(&state.db.pool, scope).await?;
            refused_page(&form_page(&ctx, &user, form, errors, classes, None))
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

/// The form's text for a stored sensitive value: `None` (no input) when hidden or unreadable
/// (an unreadable value is never overwritten by accident).
fn sensitive_text(value: &Sensitive) -> Option<String> {
    match value {
        Sensitive::Value(v) => Some(v.clone()),
        Sensitive::Empty => Some(String::new()),
        Sensitive::Hidden | Sensitive::Unreadable => None,
    }
}

pub async fn edit_student_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    manager_scope(&state, &ctx, &user).await?;
    // Reading the record decrypts (and audits) the sensitive fields the form shows.
    let v = academics::view_student(&state, &ctx, &user, id).await?;
    let r = &v.record;
    let form = StudentForm {
        matricule: r.matricule.clone(),
        last_name: r.last_name.clone(),
        first_name: r.first_name.clone(),
        birth_date: r.birth_date.clone().unwrap_or_default(),
        birth_place: r.birth_place.clone().unwrap_or_default(),
        sex: r.sex.clone().unwrap_or_default(),
        status: r.status.clone(),
        class_id: String::new(),
        national_id: sensitive_text(&v.national_id),
        medical: sensitive_text(&v.medical),
    };
    render(&form_page(
        &ctx,
        &user,
        form,
        Vec::new(),
        Vec::new(),
        Some(id),
    ))
}

pub async fn update_student(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
    Form(mut form): Form<StudentForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let scope = manager_scope(&state, &ctx, &user).await?;
    if !repo::student_exists(&state.db.pool, scope, id).await? {
        return Err(AppError::NotFound);
    }
    keep_allowed(&user, &mut form);
    // The class changes through enrolment, not this form.
    form.class_id = String::new();
    let today = today(&state, &user);
    let outcome = match form.parse(today) {
        Ok(input) => students::update_student(&state, scope, &ctx.audit(), today, id, &input).await,
        Err(errors) => Err(Refused::Fields(errors)),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/students/{id}")).into_response()),
        Err(Refused::Fields(errors)) => {
            refused_page(&form_page(&ctx, &user, form, errors, Vec::new(), Some(id)))
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "people/enrolment.html")]
struct EnrolmentPage {
    s: Shell,
    student: repo::StudentCurrent,
    history: Vec<repo::EnrolmentRow>,
    classes: Vec<ClassYear>,
    form: EnrolForm,
    errors: Errors,
}

impl EnrolmentPage {
    fn is_class(&self, id: &i64) -> bool {
        self.form.class_id.trim() == id.to_string()
    }

    fn is_enrolled(&self) -> bool {
        self.student.status == Status::Enrolled.as_str()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct EnrolForm {
    #[serde(default)]
    class_id: String,
    #[serde(default)]
    starts_on: String,
}

async fn enrolment_page(
    state: &AppState,
    ctx: &RequestCtx,
    scope: SchoolScope,
    id: i64,
    form: EnrolForm,
    errors: FieldErrors,
) -> Result<EnrolmentPage, AppError> {
    let student = repo::student_current(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(EnrolmentPage {
        s: Shell::new(ctx),
        history: repo::enrolments_of(&state.db.pool, scope, id).await?,
        classes: repo::current_classes(&state.db.pool, scope).await?,
        student,
        form,
        errors: Errors::new(ctx.lang, errors),
    })
}

pub async fn enrolment_form(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let scope = manager_scope(&state, &ctx, &user).await?;
    let form = EnrolForm {
        class_id: String::new(),
        starts_on: today(&state, &user).to_string(),
    };
    render(&enrolment_page(&state, &ctx, scope, id, form, Vec::new()).await?)
}

pub async fn enrol(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
    Form(form): Form<EnrolForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let scope = manager_scope(&state, &ctx, &user).await?;
    if !repo::student_exists(&state.db.pool, scope, id).await? {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::new();
    let class_id = form
        .class_id
        .trim()
        .parse::<i64>()
        .map_err(|_| errors.push(("class_id", "people-error-required")))
        .ok();
    let starts_on = match form.starts_on.trim() {
        "" => None,
        raw => BirthDate::parse(raw)
            .map(|d| d.0)
            .map_err(|r| errors.push(("starts_on", super::input::form_message(r.message))))
            .ok(),
    };
    let outcome = match class_id {
        Some(class_id) if errors.is_empty() => {
            students::enrol(
                &state,
                scope,
                &ctx.audit(),
                today(&state, &user),
                id,
                class_id,
                starts_on,
            )
            .await
        }
        _ => Err(Refused::Fields(errors)),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/students/{id}")).into_response()),
        Err(Refused::Fields(errors)) => {
            let page = enrolment_page(&state, &ctx, scope, id, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

/// A student's photo, with the same access rule as the record.
pub async fn photo(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let (scope, _) = academics::student_access(&state, &ctx, &user, id).await?;
    let photo = repo::photo(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, photo.content_type),
            (header::CACHE_CONTROL, "private, no-cache".to_owned()),
            (header::ETAG, format!("\"{}\"", photo.updated_at)),
        ],
        photo.bytes,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "people/photo_form.html")]
struct PhotoPage {
    s: Shell,
    student: repo::StudentCurrent,
    has_photo: bool,
    max_kib: usize,
    errors: Errors,
}

async fn photo_page(
    state: &AppState,
    ctx: &RequestCtx,
    scope: SchoolScope,
    id: i64,
    errors: FieldErrors,
) -> Result<PhotoPage, AppError> {
    let student = repo::student_current(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(PhotoPage {
        s: Shell::new(ctx),
        has_photo: repo::has_photo(&state.db.pool, scope, id).await?,
        student,
        max_kib: PHOTO_MAX_BYTES / 1024,
        errors: Errors::new(ctx.lang, errors),
    })
}

pub async fn photo_form(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let scope = manager_scope(&state, &ctx, &user).await?;
    render(&photo_page(&state, &ctx, scope, id, Vec::new()).await?)
}

/// The bytes of the form's `photo` file; `None` when the body is too large or malformed.
async fn photo_bytes(mut multipart: Multipart) -> Option<Vec<u8>> {
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("photo") {
            return field.bytes().await.ok().map(|b| b.to_vec());
        }
    }
    Some(Vec::new())
}

pub async fn upload_photo(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let scope = manager_scope(&state, &ctx, &user).await?;
    let outcome = match photo_bytes(multipart).await {
        Some(bytes) => students::set_photo(&state, scope, &ctx.audit(), id, bytes).await,
        None => Err(Refused::Fields(vec![(
            "photo",
            "people-error-photo-too-large",
        )])),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/students/{id}")).into_response()),
        Err(Refused::Fields(errors)) => {
            let page = photo_page(&state, &ctx, scope, id, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(Refused::Error(e)) => Err(e),
    }
}
