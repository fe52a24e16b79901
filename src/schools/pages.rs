//! The first-run setup page and the school settings page.

use askama::Template;
use axum::{
    Form,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::{CookieJar, Query};
use serde::Deserialize;

use super::{
    model::{CURRENCIES, SettingsForm},
    repo,
    service::{self, SetupForm},
};
use crate::{
    AppState,
    accounts::{model::NewPassword, service::Refused},
    auth::{
        context::{ANON_COOKIE, Auth, Ctx},
        pages::session_cookie,
        policy::{self, Action},
    },
    error::AppError,
    web::{
        form::Errors,
        i18n::Lang,
        layout::{Shell, render},
    },
};

/// Common time zones of the product's markets, offered first; any IANA name is accepted.
pub const TIMEZONES: [&str; 12] = [
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Zurich",
    "Africa/Dakar",
    "Africa/Abidjan",
    "Africa/Bamako",
    "Africa/Douala",
    "Africa/Kinshasa",
    "Africa/Casablanca",
    "Africa/Tunis",
    "Indian/Antananarivo",
    "America/Montreal",
];

#[derive(Template)]
#[template(path = "schools/setup.html")]
struct SetupPage {
    s: Shell,
    form: SetupForm,
    errors: Errors,
    currencies: [&'static str; 6],
    timezones: [&'static str; 12],
    langs: [Lang; 2],
    min_chars: usize,
}

fn setup_page_for(
    ctx: &crate::auth::context::RequestCtx,
    form: SetupForm,
    errors: Errors,
) -> SetupPage {
    SetupPage {
        s: Shell::new(ctx),
        form,
        errors,
        currencies: CURRENCIES,
        timezones: TIMEZONES,
        langs: Lang::ALL,
        min_chars: NewPassword::MIN_CHARS,
    }
}

/// Shown only while no school exists; afterwards it is gone (404).
pub async fn setup_page(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
) -> Result<Response, AppError> {
    if state.setup_done().await {
        return Err(AppError::NotFound);
    }
    render(&setup_page_for(
        &ctx,
        SetupForm::with_defaults(),
        Errors::none(ctx.lang),
    ))
}

pub async fn setup(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<SetupForm>,
) -> Result<Response, AppError> {
    if state.setup_done().await {
        return Err(AppError::NotFound);
    }
    match service::setup(&state, &ctx.audit(), &form).await {
        Ok(user_id) => {
            let token = crate::auth::service::start_session(&state, user_id).await?;
            let jar = jar
                .remove(axum_extra::extract::cookie::Cookie::build(ANON_COOKIE).path("/"))
                .add(session_cookie(&state, &headers, token));
            Ok((jar, Redirect::to("/")).into_response())
        }
        Err(Refused::Fields(list)) => {
            let form = SetupForm {
                admin_password: String::new(),
                admin_confirm: String::new(),
                ..form
            };
            let page = setup_page_for(&ctx, form, Errors::new(ctx.lang, list));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "schools/settings.html")]
struct SettingsPage {
    s: Shell,
    code: String,
    form: SettingsForm,
    errors: Errors,
    saved: bool,
    currencies: [&'static str; 6],
    timezones: [&'static str; 12],
    langs: [Lang; 2],
}

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

pub async fn settings_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ManageSchoolSettings).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let school = repo::get(&state.db.pool, scope).await?;
    render(&SettingsPage {
        s: Shell::new(&ctx),
        code: school.code.clone(),
        form: SettingsForm::from_school(&school),
        errors: Errors::none(ctx.lang),
        saved: q.saved.is_some(),
        currencies: CURRENCIES,
        timezones: TIMEZONES,
        langs: Lang::ALL,
    })
}

pub async fn save_settings(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ManageSchoolSettings).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    match service::update_settings(&state, scope, &ctx.audit(), &form).await {
        Ok(()) => Ok(Redirect::to("/admin/school?saved=1").into_response()),
        Err(Refused::Fields(list)) => {
            let school = repo::get(&state.db.pool, scope).await?;
            let page = SettingsPage {
                s: Shell::new(&ctx),
                code: school.code,
                form,
                errors: Errors::new(ctx.lang, list),
                saved: false,
                currencies: CURRENCIES,
                timezones: TIMEZONES,
                langs: Lang::ALL,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(Refused::Error(e)) => Err(e),
    }
}
