//! Login and logout pages.

use askama::Template;
use axum::{
    Form,
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;

use super::{
    context::{ANON_COOKIE, Auth, Ctx, SESSION_COOKIE},
    policy::{self, Action, Scope},
    service::{self, LoginOutcome},
};
use crate::{
    AppState,
    error::AppError,
    web::layout::{Shell, render},
};

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    s: Shell,
    username: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: Option<String>,
}

/// Only local paths, so the login page cannot be used to redirect elsewhere.
fn safe_next(next: Option<&str>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or("/")
        .to_owned()
}

pub async fn login_page(Ctx(ctx): Ctx, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    if ctx.user.is_some() {
        return Ok(Redirect::to(&safe_next(q.next.as_deref())).into_response());
    }
    render(&LoginPage {
        s: Shell::new(&ctx),
        username: String::new(),
        next: safe_next(q.next.as_deref()),
        error: None,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
}

/// Whether cookies get `Secure`: the configured public URL is https, or a trusted proxy says so.
pub fn secure_cookies(state: &AppState, headers: &HeaderMap) -> bool {
    state.config.served_over_tls()
        || (state.config.trust_proxy
            && headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                == Some("https"))
}

pub fn session_cookie(state: &AppState, headers: &HeaderMap, token: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure_cookies(state, headers))
        .max_age(cookie::time::Duration::hours(state.config.session_hours))
        .build()
}

pub async fn login(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next.as_deref());
    let outcome = service::login(
        &state,
        &ctx,
        &form.username,
        &form.password,
        service::Issue::WebSession,
    )
    .await?;
    let (status, error) = match outcome {
        LoginOutcome::Success(service::Credentials::Session(session_token)) => {
            // A fresh session id at every login (no fixation); the anonymous id is dropped.
            let jar = jar
                .remove(Cookie::build(ANON_COOKIE).path("/"))
                .add(session_cookie(&state, &headers, session_token));
            return Ok((jar, Redirect::to(&next)).into_response());
        }
        LoginOutcome::Success(service::Credentials::Tokens(_)) => {
            return Err(AppError::internal(anyhow::anyhow!(
                "a web login issued API tokens"
            )));
        }
        LoginOutcome::Invalid => (StatusCode::UNAUTHORIZED, ctx.lang.t("login-invalid")),
        LoginOutcome::Disabled => (StatusCode::FORBIDDEN, ctx.lang.t("login-disabled")),
        LoginOutcome::SchoolDisabled => {
            (StatusCode::FORBIDDEN, ctx.lang.t("login-school-disabled"))
        }
        LoginOutcome::Throttled { retry_after_secs } => (
            StatusCode::TOO_MANY_REQUESTS,
            ctx.lang.t_with(
                "login-throttled",
                &[("seconds", retry_after_secs.to_string())],
            ),
        ),
    };
    let page = LoginPage {
        s: Shell::new(&ctx),
        username: form.username.trim().to_owned(),
        next,
        error: Some(error),
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn logout(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    jar: CookieJar,
) -> Result<Response, AppError> {
    policy::require_on(&state, &ctx, &user, Action::ManageOwnAccount, Scope::Own).await?;
    service::logout(&state, &ctx.audit(), &user).await?;
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    Ok((jar, Redirect::to("/login")).into_response())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_site() {
        assert_eq!(
            safe_next(Some("/admin/users?page=2")),
            "/admin/users?page=2"
        );
        assert_eq!(safe_next(Some("//evil.example/")), "/");
        assert_eq!(safe_next(Some("https://evil.example/")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
