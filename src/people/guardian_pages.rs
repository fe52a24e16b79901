//! Guardian pages (`/guardians`, a guardian's record, create and edit, links to students,
//! invitations), the public invitation page (`/invitations/{token}`), a parent's own contact
//! details (`/account/contact`) and the staff list (`/staff`).

use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::Query;
use serde::Deserialize;

use super::{
    guardians::{self, AcceptRefused, InvitationState},
    input::{ContactInput, GuardianForm, LinkForm, LinkInput, parse_contact, parse_relationship},
    repo::{self, ChildLink, Guardian, GuardianFilter, GuardianListRow, StaffFilter},
    staff::{self, STAFF_ROLES, StaffMember},
};
use crate::{
    AppState,
    academics::import::{Matricule, Relationship},
    accounts::{
        model::{NewPassword, Role},
        service::Refused,
    },
    auth::{
        context::{Auth, Ctx, CurrentUser, RequestCtx},
        policy::{self, Action, Scope},
    },
    error::AppError,
    schools::{SchoolScope, model::FieldErrors},
    web::{
        form::Errors,
        layout::{Shell, render},
    },
};

const PER_PAGE: i64 = 50;

fn parse_id(raw: &str) -> Result<i64, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

fn unprocessable(page: Response) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

async fn manager_scope(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
) -> Result<SchoolScope, AppError> {
    policy::require(state, ctx, user, Action::ManageGuardians).await?;
    user.scope().ok_or(AppError::Forbidden)
}

pub(super) fn relationship_key(code: &str) -> &'static str {
    match code {
        "mother" => "student-relationship-mother",
        "father" => "student-relationship-father",
        "guardian" => "student-relationship-guardian",
        _ => "student-relationship-other",
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "people/guardians.html")]
struct GuardiansPage {
    s: Shell,
    guardians: Vec<GuardianListRow>,
    total: i64,
    page: i64,
    pages: i64,
    q: String,
    can_manage: bool,
}

impl GuardiansPage {
    fn page_url(&self, page: &i64) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            q.append_pair("q", &self.q);
        }
        q.append_pair("page", &page.to_string());
        format!("/guardians?{}", q.finish())
    }
}

/// The school's guardians, searched by name, e-mail or phone; for a teacher, the guardians
/// of their students, for a parent, themself.
pub async fn guardians_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let school_wide = policy::allows(&user, Action::ViewGuardian, Scope::SameSchool);
    if !school_wide {
        policy::require_on(&state, &ctx, &user, Action::ViewGuardian, Scope::Own).await?;
    }
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let filter = GuardianFilter {
        search: query.q.clone(),
        student_id: None,
        own: (!school_wide).then(|| guardians::own_guardians(&user)),
    };
    let pool = &state.db.pool;
    let requested = query.page.unwrap_or(1).max(1);
    let (mut guardians, total) =
        repo::list_guardians(pool, scope, &filter, PER_PAGE, (requested - 1) * PER_PAGE).await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let page = requested.min(pages);
    if page != requested {
        guardians = repo::list_guardians(pool, scope, &filter, PER_PAGE, (page - 1) * PER_PAGE)
            .await?
            .0;
    }
    render(&GuardiansPage {
        s: Shell::new(&ctx),
        guardians,
        total,
        page,
        pages,
        q: query.q.unwrap_or_default().trim().to_owned(),
        can_manage: policy::allows(&user, Action::ManageGuardians, Scope::SameSchool),
    })
}

#[derive(Template)]
#[template(path = "people/guardian.html")]
struct GuardianPage {
    s: Shell,
    g: Guardian,
    children: Vec<ChildLink>,
    can_manage: bool,
    link: LinkForm,
    errors: Errors,
    relationships: &'static [Relationship],
    /// A just-created invitation link, shown once.
    invitation: Option<(String, String)>,
}

impl GuardianPage {
    fn relationship_label(&self, code: &str) -> String {
        self.s.t(relationship_key(code))
    }

    fn is_relationship(&self, r: &Relationship) -> bool {
        Relationship::parse(&self.link.relationship).ok() == Some(*r)
    }
}

async fn guardian_view(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    id: i64,
    link: LinkForm,
    errors: FieldErrors,
    invitation: Option<(String, String)>,
) -> Result<GuardianPage, AppError> {
    let (scope, g) = guardians::visible_guardian(state, ctx, user, id).await?;
    Ok(GuardianPage {
        s: Shell::new(ctx),
        children: repo::children_of(&state.db.pool, scope, id).await?,
        g,
        can_manage: policy::allows(user, Action::ManageGuardians, Scope::SameSchool),
        link,
        errors: Errors::new(ctx.lang, errors),
        relationships: Relationship::ALL,
        invitation,
    })
}

fn default_link() -> LinkForm {
    LinkForm {
        relationship: String::new(),
        legal_guardian: Some("on".into()),
        receives_notices: Some("on".into()),
        ..LinkForm::default()
    }
}

pub async fn guardian_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    render(&guardian_view(&state, &ctx, &user, id, default_link(), Vec::new(), None).await?)
}

#[derive(Template)]
#[template(path = "people/guardian_form.html")]
struct GuardianFormPage {
    s: Shell,
    form: GuardianForm,
    errors: Errors,
    editing: Option<i64>,
}

impl GuardianFormPage {
    fn action(&self) -> String {
        match self.editing {
            Some(id) => format!("/guardians/{id}/edit"),
            None => "/guardians/new".to_owned(),
        }
    }

    fn cancel(&self) -> String {
        match self.editing {
            Some(id) => format!("/guardians/{id}"),
            None => "/guardians".to_owned(),
        }
    }
}

pub async fn new_guardian_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    manager_scope(&state, &ctx, &user).await?;
    render(&GuardianFormPage {
        s: Shell::new(&ctx),
        form: GuardianForm::default(),
        errors: Errors::none(ctx.lang),
        editing: None,
    })
}

pub async fn create_guardian(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(form): Form<GuardianForm>,
) -> Result<Response, AppError> {
    let scope = manager_scope(&state, &ctx, &user).await?;
    let outcome = match form.parse() {
        Ok(input) => guardians::create_guardian(&state, scope, &ctx.audit(), &input).await,
        Err(errors) => Err(Refused::Fields(errors)),
    };
    match outcome {
        Ok(id) => Ok(Redirect::to(&format!("/guardians/{id}")).into_response()),
        Err(Refused::Fields(errors)) => Ok(unprocessable(render(&GuardianFormPage {
            s: Shell::new(&ctx),
            form,
            errors: Errors::new(ctx.lang, errors),
            editing: None,
        })?)),
        Err(Refused::Error(e)) => Err(e),
    }
}

pub async fn edit_guardian_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let scope = manager_scope(&state, &ctx, &user).await?;
    let g = repo::guardian(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    render(&GuardianFormPage {
        s: Shell::new(&ctx),
        form: GuardianForm {
            last_name: g.last_name,
            first_name: g.first_name,
            phone: g.phone.unwrap_or_default(),
            phone_alt: g.phone_alt.unwrap_or_default(),
            email: g.email.unwrap_or_default(),
            address: g.address.unwrap_or_default(),
        },
        errors: Errors::none(ctx.lang),
        editing: Some(id),
    })
}

pub async fn update_guardian(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
    Form(form): Form<GuardianForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let scope = manager_scope(&state, &ctx, &user).await?;
    if repo::guardian(&state.db.pool, scope, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let outcome = match form.parse() {
        Ok(input) => guardians::update_guardian(&state, scope, &ctx.audit(), id, &input).await,
        Err(errors) => Err(Refused::Fields(errors)),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/guardians/{id}")).into_response()),
        Err(Refused::Fields(errors)) => Ok(unprocessable(render(&GuardianFormPage {
            s: Shell::new(&ctx),
            form,
            errors: Errors::new(ctx.lang, errors),
            editing: Some(id),
        })?)),
        Err(Refused::Error(e)) => Err(e),
    }
}

/// Links the guardian to a student given by matricule (or changes that link).
pub async fn link(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
    Form(form): Form<LinkForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let scope = manager_scope(&state, &ctx, &user).await?;
    if repo::guardian(&state.db.pool, scope, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::new();
    let student_id = match Matricule::parse(form.matricule.trim()) {
        Ok(m) if !m.as_str().is_empty() => {
            let found = repo::student_by_matricule(&state.db.pool, scope, m.as_str()).await?;
            if found.is_none() {
                errors.push(("matricule", "people-error-no-such-student"));
            }
            found
        }
        _ => {
            errors.push(("matricule", "people-error-required"));
            None
        }
    };
    let relationship = parse_relationship(&mut errors, &form.relationship);
    let outcome = match (student_id, relationship) {
        (Some(student_id), Some(relationship)) if errors.is_empty() => {
            let input = LinkInput {
                relationship,
                legal_guardian: form.legal_guardian.is_some(),
                receives_notices: form.receives_notices.is_some(),
            };
            guardians::link(&state, scope, &ctx.audit(), id, student_id, &input).await
        }
        _ => Err(Refused::Fields(errors)),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/guardians/{id}")).into_response()),
        Err(Refused::Fields(errors)) => Ok(unprocessable(render(
            &guardian_view(&state, &ctx, &user, id, form, errors, None).await?,
        )?)),
        Err(Refused::Error(e)) => Err(e),
    }
}

pub async fn unlink(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path((id, student_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let student_id = parse_id(&student_id)?;
    let scope = manager_scope(&state, &ctx, &user).await?;
    guardians::unlink(&state, scope, &ctx.audit(), id, student_id).await?;
    Ok(Redirect::to(&format!("/guardians/{id}")).into_response())
}

/// The address users reach the server at: the configured public URL, else the scheme-less
/// host this request came to (over plain HTTP, as a development server is).
fn site_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.config.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// Creates an invitation and shows its link once, on the guardian's page.
pub async fn invite(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let scope = manager_scope(&state, &ctx, &user).await?;
    let created = guardians::invite(&state, scope, &ctx.audit(), user.id, id).await?;
    let link = format!(
        "{}/invitations/{}",
        site_url(&state, &headers),
        created.token
    );
    let tz = user.school.as_ref().map_or("UTC", |s| s.timezone.as_str());
    let expires = jiff::Timestamp::from_millisecond(created.expires_at)
        .map(|t| {
            t.to_zoned(jiff::tz::TimeZone::get(tz).unwrap_or(jiff::tz::TimeZone::UTC))
                .strftime(match ctx.lang {
                    crate::web::i18n::Lang::Fr => "%d/%m/%Y %H:%M",
                    crate::web::i18n::Lang::En => "%Y-%m-%d %H:%M",
                })
                .to_string()
        })
        .unwrap_or_default();
    render(
        &guardian_view(
            &state,
            &ctx,
            &user,
            id,
            default_link(),
            Vec::new(),
            Some((link, expires)),
        )
        .await?,
    )
}

#[derive(Template)]
#[template(path = "people/invitation.html")]
struct InvitationPage {
    s: Shell,
    token: String,
    /// The guardian's name and school while the link works; `None` for a dead link.
    valid: Option<(String, String)>,
    /// Why the link does not work: a message id.
    gone: &'static str,
    username: String,
    errors: Errors,
    min_chars: usize,
}

fn gone_key(state: &InvitationState) -> &'static str {
    match state {
        InvitationState::Expired => "invitation-expired",
        InvitationState::Used => "invitation-used",
        InvitationState::Unknown | InvitationState::Valid(_) => "invitation-unknown",
    }
}

fn invitation_page_for(
    ctx: &RequestCtx,
    token: String,
    state: &InvitationState,
    username: String,
    errors: FieldErrors,
) -> InvitationPage {
    let valid = match state {
        InvitationState::Valid(i) => Some((
            format!("{} {}", i.first_name, i.last_name),
            i.school_name.clone(),
        )),
        _ => None,
    };
    InvitationPage {
        s: Shell::new(ctx),
        token,
        valid,
        gone: gone_key(state),
        username,
        errors: Errors::new(ctx.lang, errors),
        min_chars: NewPassword::MIN_CHARS,
    }
}

/// Public: the form to create a parent account from an invitation, or why the link no
/// longer works (410 Gone for used or expired links, 404 for unknown ones).
pub async fn invitation_page(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let found = guardians::invitation(&state, &token).await?;
    let status = match found {
        InvitationState::Valid(_) => StatusCode::OK,
        InvitationState::Unknown => StatusCode::NOT_FOUND,
        InvitationState::Expired | InvitationState::Used => StatusCode::GONE,
    };
    let page = invitation_page_for(&ctx, token, &found, String::new(), Vec::new());
    Ok((status, render(&page)?).into_response())
}

#[derive(Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

#[derive(Template)]
#[template(path = "people/invitation_done.html")]
struct InvitationDone {
    s: Shell,
    username: String,
}

pub async fn accept_invitation(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    Path(token): Path<String>,
    Form(form): Form<AcceptForm>,
) -> Result<Response, AppError> {
    match guardians::accept(
        &state,
        &ctx.audit(),
        &token,
        &form.username,
        &form.password,
        &form.confirm,
    )
    .await
    {
        Ok(_) => render(&InvitationDone {
            s: Shell::new(&ctx),
            username: form.username.trim().to_lowercase(),
        }),
        Err(AcceptRefused::Fields(errors)) => {
            let found = guardians::invitation(&state, &token).await?;
            let page = invitation_page_for(&ctx, token, &found, form.username, errors);
            Ok(unprocessable(render(&page)?))
        }
        Err(AcceptRefused::Gone(found)) => {
            let page = invitation_page_for(&ctx, token, &found, String::new(), Vec::new());
            let status = match found {
                InvitationState::Unknown => StatusCode::NOT_FOUND,
                _ => StatusCode::GONE,
            };
            Ok((status, render(&page)?).into_response())
        }
        Err(AcceptRefused::Error(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "people/contact.html")]
struct ContactPage {
    s: Shell,
    /// `None` when the parent's account is linked to no guardian record.
    g: Option<Guardian>,
    form: ContactForm,
    errors: Errors,
    saved: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    phone_alt: String,
    #[serde(default)]
    email: String,
}

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

async fn own_guardian(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
) -> Result<(SchoolScope, Option<Guardian>), AppError> {
    policy::require_on(state, ctx, user, Action::UpdateOwnContact, Scope::Own).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let g = repo::guardian_of_user(&state.db.pool, scope, user.id).await?;
    Ok((scope, g))
}

/// A parent's own contact details, which they may correct.
pub async fn contact_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let (_, g) = own_guardian(&state, &ctx, &user).await?;
    render(&ContactPage {
        s: Shell::new(&ctx),
        form: ContactForm {
            phone: g.as_ref().and_then(|g| g.phone.clone()).unwrap_or_default(),
            phone_alt: g
                .as_ref()
                .and_then(|g| g.phone_alt.clone())
                .unwrap_or_default(),
            email: g.as_ref().and_then(|g| g.email.clone()).unwrap_or_default(),
        },
        g,
        errors: Errors::none(ctx.lang),
        saved: q.saved.is_some(),
    })
}

pub async fn update_contact(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(form): Form<ContactForm>,
) -> Result<Response, AppError> {
    let (scope, g) = own_guardian(&state, &ctx, &user).await?;
    if g.is_none() {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::new();
    let contact: Option<ContactInput> =
        parse_contact(&mut errors, &form.phone, &form.phone_alt, &form.email);
    let outcome = match contact {
        Some(contact) if errors.is_empty() => {
            guardians::update_own_contact(&state, scope, &ctx.audit(), user.id, &contact).await
        }
        _ => Err(Refused::Fields(errors)),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to("/account/contact?saved=1").into_response()),
        Err(Refused::Fields(errors)) => Ok(unprocessable(render(&ContactPage {
            s: Shell::new(&ctx),
            g,
            form,
            errors: Errors::new(ctx.lang, errors),
            saved: false,
        })?)),
        Err(Refused::Error(e)) => Err(e),
    }
}

#[derive(Deserialize, Default)]
pub struct StaffQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "people/staff.html")]
struct StaffPage {
    s: Shell,
    members: Vec<StaffMember>,
    total: i64,
    page: i64,
    pages: i64,
    q: String,
    role: String,
    roles: [Role; 4],
}

impl StaffPage {
    fn role_labels(&self, m: &StaffMember) -> String {
        m.roles
            .iter()
            .map(|r| self.s.t(r.label_key()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn page_url(&self, page: &i64) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            q.append_pair("q", &self.q);
        }
        if !self.role.is_empty() {
            q.append_pair("role", &self.role);
        }
        q.append_pair("page", &page.to_string());
        format!("/staff?{}", q.finish())
    }
}

/// The staff role a filter names, if it is one.
pub(super) fn staff_role(code: &str) -> Option<Role> {
    Role::parse(code).filter(|r| STAFF_ROLES.contains(r))
}

pub async fn staff_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Query(query): Query<StaffQuery>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ViewStaff).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let role = query.role.as_deref().and_then(staff_role);
    let filter = StaffFilter {
        role: role.map(Role::as_str),
        search: query.q.clone(),
        user_id: None,
    };
    let requested = query.page.unwrap_or(1).max(1);
    let (mut members, total) =
        staff::list(&state, scope, &filter, PER_PAGE, (requested - 1) * PER_PAGE).await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let page = requested.min(pages);
    if page != requested {
        members = staff::list(&state, scope, &filter, PER_PAGE, (page - 1) * PER_PAGE)
            .await?
            .0;
    }
    render(&StaffPage {
        s: Shell::new(&ctx),
        members,
        total,
        page,
        pages,
        q: query.q.unwrap_or_default().trim().to_owned(),
        role: role.map(|r| r.as_str().to_owned()).unwrap_or_default(),
        roles: STAFF_ROLES,
    })
}
