//! The web shell: layout, translations, assets, the home page and interface preferences.

pub mod assets;
pub mod form;
pub mod i18n;
pub mod layout;

use crate::auth::policy::{self, Action, Routes};
use askama::Template;
use axum::{
    Form, Router,
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;

use crate::{
    AppState,
    academics::{self, HomeSummary},
    accounts::{self, model::Theme},
    auth::context::{Auth, Ctx, LANG_COOKIE, THEME_COOKIE},
    error::AppError,
};
use axum::extract::State;
use i18n::Lang;
use layout::{Shell, render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for("/", get(home))
        .route_for("/preferences/theme", post(set_theme))
        .route_for("/preferences/language", post(set_language))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    s: Shell,
    summary: HomeSummary,
    /// For teachers: the classes they teach, with their subjects.
    mine: Vec<crate::structure::MyClass>,
    /// For parents and students: the current period's results of each child (or themself).
    results: Vec<crate::gradebook::results_pages::ResultsCard>,
    /// For parents and students: each child's (or their own) latest bulletins.
    bulletins: Vec<crate::bulletins::pages::BulletinsCard>,
}

async fn home(State(state): State<AppState>, Auth(ctx, user): Auth) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ViewHome).await?;
    let summary = academics::home_summary(&state, &user).await?;
    let mine = crate::structure::my_classes(&state, &user).await?;
    let followed: Vec<i64> = summary
        .children
        .iter()
        .chain(summary.me.as_ref())
        .map(|s| s.id)
        .collect();
    let results =
        crate::gradebook::results_pages::family_cards(&state, &ctx, &user, &followed).await?;
    let named: Vec<(i64, String)> = summary
        .children
        .iter()
        .chain(summary.me.as_ref())
        .map(|s| (s.id, format!("{} {}", s.first_name, s.last_name)))
        .collect();
    let bulletins = crate::bulletins::pages::family_cards(&state, &user, &named).await?;
    render(&HomePage {
        s: Shell::new(&ctx),
        summary,
        mine,
        results,
        bulletins,
    })
}

/// The 405 answer, for a known path asked with the wrong method.
pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// The 404 page, for every unknown path.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

#[derive(Deserialize)]
struct ThemeForm {
    theme: String,
}

/// Sends the browser back where it came from (same origin only), else home.
fn back(headers: &HeaderMap) -> Redirect {
    let target = headers
        .get(axum::http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok())
        .map(|u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_owned(),
        })
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".to_owned());
    Redirect::to(&target)
}

fn pref_cookie(name: &'static str, value: &str, secure: bool) -> Cookie<'static> {
    Cookie::build((name, value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(cookie::time::Duration::days(365))
        .build()
}

/// Theme choice: remembered on the account when signed in, in a cookie otherwise.
async fn set_theme(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<ThemeForm>,
) -> Result<Response, AppError> {
    let theme =
        Theme::parse(&form.theme).ok_or(AppError::Validation(vec![("theme", "error-choice")]))?;
    if let Some(user) = &ctx.user {
        accounts::repo::set_theme(&state.db.pool, user.id, theme).await?;
    }
    let jar = jar.add(pref_cookie(
        THEME_COOKIE,
        theme.as_str(),
        state.config.served_over_tls(),
    ));
    Ok((jar, back(&headers)).into_response())
}

#[derive(Deserialize)]
struct LanguageForm {
    lang: String,
}

/// Language choice: saved on the account when signed in, and in a cookie for the login page.
async fn set_language(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<LanguageForm>,
) -> Result<Response, AppError> {
    let lang =
        Lang::parse(&form.lang).ok_or(AppError::Validation(vec![("lang", "error-choice")]))?;
    if let Some(user) = &ctx.user {
        accounts::repo::set_locale(&state.db.pool, user.id, Some(lang.code())).await?;
    }
    let jar = jar.add(pref_cookie(
        LANG_COOKIE,
        lang.code(),
        state.config.served_over_tls(),
    ));
    Ok((jar, back(&headers)).into_response())
}
