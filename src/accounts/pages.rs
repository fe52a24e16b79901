//! Account pages: the user's own account (preferences, password) and the school admin's
//! user management.

use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::{CookieJar, Query};
use serde::Deserialize;

use super::{
    model::{NewPassword, Role},
    repo::{self, MemberFilter, MemberRow},
    service::{self, NewUserForm, Refused},
};
use crate::{
    AppState,
    auth::{
        context::Auth,
        pages::session_cookie,
        policy::{self, Action, Scope},
    },
    error::AppError,
    web::{
        form::Errors,
        layout::{Shell, render},
    },
};

#[derive(Template)]
#[template(path = "account/account.html")]
struct AccountPage {
    s: Shell,
    errors: Errors,
    saved: bool,
    min_chars: usize,
}

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

pub async fn account_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    policy::require_on(&state, &ctx, &user, Action::ManageOwnAccount, Scope::Own).await?;
    render(&AccountPage {
        s: Shell::new(&ctx),
        errors: Errors::none(ctx.lang),
        saved: q.saved.is_some(),
        min_chars: NewPassword::MIN_CHARS,
    })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    policy::require_on(&state, &ctx, &user, Action::ManageOwnAccount, Scope::Own).await?;
    match service::change_password(
        &state,
        &ctx.audit(),
        &user,
        &form.current,
        &form.new,
        &form.confirm,
    )
    .await
    {
        Ok(token) => {
            let jar = jar.add(session_cookie(&state, &headers, token));
            Ok((jar, Redirect::to("/account?saved=password")).into_response())
        }
        Err(Refused::Fields(list)) => {
            let page = AccountPage {
                s: Shell::new(&ctx),
                errors: Errors::new(ctx.lang, list),
                saved: false,
                min_chars: NewPassword::MIN_CHARS,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

const PER_PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct UsersQuery {
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    s: Shell,
    members: Vec<MemberRow>,
    total: i64,
    page: i64,
    pages: i64,
    role: String,
    q: String,
    roles: [Role; 6],
}

impl UsersPage {
    fn role_labels(&self, m: &MemberRow) -> String {
        m.roles()
            .iter()
            .map(|r| self.s.t(r.label_key()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The list URL for another page, keeping the filters.
    fn page_url(&self, page: &i64) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        if !self.role.is_empty() {
            q.append_pair("role", &self.role);
        }
        if !self.q.is_empty() {
            q.append_pair("q", &self.q);
        }
        q.append_pair("page", &page.to_string());
        format!("/admin/users?{}", q.finish())
    }
}

pub async fn users_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Query(query): Query<UsersQuery>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ManageUsers).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let role = query.role.as_deref().and_then(Role::parse);
    let filter = MemberFilter {
        role,
        search: query.q.clone(),
        ..MemberFilter::default()
    };
    let requested = query.page.unwrap_or(1).max(1);
    let (mut members, total) = repo::list_members(
        &state.db,
        scope,
        &filter,
        PER_PAGE,
        (requested - 1) * PER_PAGE,
    )
    .await?;
    // A page past the end (a stale link, a narrower filter) shows the last page instead.
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let page = requested.min(pages);
    if page != requested {
        members = repo::list_members(&state.db, scope, &filter, PER_PAGE, (page - 1) * PER_PAGE)
            .await?
            .0;
    }
    render(&UsersPage {
        s: Shell::new(&ctx),
        members,
        total,
        page,
        pages,
        role: role.map(|r| r.as_str().to_owned()).unwrap_or_default(),
        q: query.q.unwrap_or_default().trim().to_owned(),
        roles: Role::ALL,
    })
}

#[derive(Template)]
#[template(path = "admin/new_user.html")]
struct NewUserPage {
    s: Shell,
    form: NewUserForm,
    errors: Errors,
    roles: [Role; 6],
    min_chars: usize,
}

impl NewUserPage {
    fn checked(&self, role: &Role) -> bool {
        self.form.roles.iter().any(|r| r == role.as_str())
    }
}

pub async fn new_user_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ManageUsers).await?;
    render(&NewUserPage {
        s: Shell::new(&ctx),
        form: NewUserForm::default(),
        errors: Errors::none(ctx.lang),
        roles: Role::ALL,
        min_chars: NewPassword::MIN_CHARS,
    })
}

pub async fn create_user(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    axum_extra::extract::Form(form): axum_extra::extract::Form<NewUserForm>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ManageUsers).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    match service::create_user(&state, scope, &ctx.audit(), &form).await {
        Ok(_) => Ok(Redirect::to("/admin/users").into_response()),
        Err(Refused::Fields(list)) => {
            let page = NewUserPage {
                s: Shell::new(&ctx),
                form: NewUserForm {
                    password: String::new(),
                    ..form
                },
                errors: Errors::new(ctx.lang, list),
                roles: Role::ALL,
                min_chars: NewPassword::MIN_CHARS,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

async fn set_disabled(
    state: AppState,
    auth: Auth,
    id: i64,
    disabled: bool,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    let Auth(ctx, user) = auth;
    policy::require(&state, &ctx, &user, Action::ManageUsers).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    service::set_disabled(&state, scope, &ctx.audit(), &user, id, disabled).await?;
    let back = headers
        .get(axum::http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok())
        .filter(|u| u.path() == "/admin/users")
        .map_or_else(
            || "/admin/users".to_owned(),
            |u| format!("/admin/users?{}", u.query().unwrap_or("")),
        );
    Ok(Redirect::to(&back).into_response())
}

pub async fn disable_user(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    set_disabled(state, auth, id, true, &headers).await
}

pub async fn enable_user(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    set_disabled(state, auth, id, false, &headers).await
}
