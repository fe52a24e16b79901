//! Per-request context: who is calling (from the session cookie), in which school, in which
//! language and theme, the request id, and the CSRF token their forms must echo.
//!
//! [`request_context`] is the middleware that builds it, checks CSRF on every unsafe method,
//! and runs the handler inside a task-local so error pages can be rendered in the caller's
//! language with the request id.

use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
};

use axum::{
    body::{Body, to_bytes},
    extract::{ConnectInfo, FromRequestParts, Request, State},
    http::{HeaderMap, HeaderValue, Method, header, request::Parts},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use subtle::ConstantTimeEq;

use super::{repo, token};
use crate::{
    AppState,
    accounts::{self, model::Role, model::Theme},
    audit::AuditCtx,
    config::Config,
    error::AppError,
    schools::{self, School, SchoolScope},
    web::i18n::Lang,
};

pub const SESSION_COOKIE: &str = "eschool_session";
pub const ANON_COOKIE: &str = "eschool_anon";
pub const LANG_COOKIE: &str = "eschool_lang";
pub const THEME_COOKIE: &str = "eschool_theme";
pub const CSRF_FIELD: &str = "csrf_token";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The signed-in user, their school and roles there.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub is_platform_admin: bool,
    /// The interface language the user chose, if any.
    pub locale_pref: Option<Lang>,
    pub school: Option<School>,
    pub roles: Vec<Role>,
    pub theme: Theme,
    pub(crate) session_hash: String,
}

impl CurrentUser {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The school this session acts in; `None` for a platform admin with no membership.
    pub fn scope(&self) -> Option<SchoolScope> {
        self.school
            .as_ref()
            .map(|s| SchoolScope::from_membership(s.id))
    }
}

/// Everything a page needs to know about the request it answers.
#[derive(Debug, Clone)]
pub struct RequestCtx {
    pub request_id: String,
    pub lang: Lang,
    pub theme: Theme,
    pub user: Option<Arc<CurrentUser>>,
    pub csrf_token: String,
    pub path: String,
    /// The client's address (see [`client_ip`]); `None` only outside a real server.
    pub ip: Option<IpAddr>,
    /// The `User-Agent` header, cut to 512 characters.
    pub user_agent: Option<String>,
}

tokio::task_local! {
    static CURRENT: Arc<RequestCtx>;
}

impl RequestCtx {
    /// The context of the request being served, for renderers far from the handler (errors).
    pub fn current() -> Option<Arc<RequestCtx>> {
        CURRENT.try_with(Arc::clone).ok()
    }

    /// Who acts and from where, for the audit trail: the signed-in user (if any), the client
    /// address, user agent and request id.
    pub fn audit(&self) -> AuditCtx {
        AuditCtx {
            user_id: self.user.as_ref().map(|u| u.id),
            ip: self.ip.map(|ip| ip.to_string()),
            user_agent: self.user_agent.clone(),
            request_id: (self.request_id != "-").then(|| self.request_id.clone()),
        }
    }
}

/// The client address: the first `X-Forwarded-For` entry when configured to trust a proxy,
/// else the peer of the connection.
pub fn client_ip(config: &Config, headers: &HeaderMap, peer: Option<SocketAddr>) -> Option<IpAddr> {
    if config.trust_proxy
        && let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse().ok())
    {
        return Some(ip);
    }
    peer.map(|p| p.ip())
}

/// Extracts the request context (always present behind [`request_context`]).
pub struct Ctx(pub Arc<RequestCtx>);

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Arc<RequestCtx>>()
            .cloned()
            .map(Ctx)
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("request context missing")))
    }
}

/// Extracts the signed-in user; anonymous callers are sent to the login page.
pub struct Auth(pub Arc<RequestCtx>, pub Arc<CurrentUser>);

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Ctx(ctx) = Ctx::from_request_parts(parts, state).await?;
        match ctx.user.clone() {
            Some(user) => Ok(Auth(ctx, user)),
            None => Err(AppError::Unauthorized),
        }
    }
}

/// The middleware: loads the session, fixes language and theme, checks CSRF, redirects to the
/// setup page while no school exists.
pub async fn request_context(
    State(state): State<AppState>,
    jar: CookieJar,
    req: Request,
    next: Next,
) -> Response {
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    let path = req.uri().path().to_owned();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let ip = client_ip(&state.config, req.headers(), peer);
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(512).collect());

    let user = match jar.get(SESSION_COOKIE) {
        Some(cookie) => match load_user(&state, cookie.value()).await {
            Ok(user) => user.map(Arc::new),
            Err(err) => return err.into_response(),
        },
        None => None,
    };

    let cookie_lang = jar.get(LANG_COOKIE).and_then(|c| Lang::parse(c.value()));
    // API clients (apps, integrations) say their language the standard way; the web UI stays
    // French-first whatever the browser sends, until the user chooses.
    let accept_lang = if path.starts_with("/api/") {
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::from_accept_language)
    } else {
        None
    };
    // The user's own choice, else the visitor's cookie (or, for the API, Accept-Language),
    // else the school's language, else French.
    let lang = user
        .as_ref()
        .and_then(|u| u.locale_pref)
        .or(cookie_lang)
        .or(accept_lang)
        .or(user
            .as_ref()
            .and_then(|u| u.school.as_ref().map(|s| s.locale)))
        .unwrap_or_default();
    let theme = match &user {
        Some(u) => u.theme,
        None => jar
            .get(THEME_COOKIE)
            .and_then(|c| Theme::parse(c.value()))
            .unwrap_or_default(),
    };

    // Anonymous visitors get a random cookie their CSRF token is bound to.
    let mut new_anon = None;
    let csrf_subject = match (&user, jar.get(SESSION_COOKIE), jar.get(ANON_COOKIE)) {
        (Some(_), Some(session), _) => session.value().to_owned(),
        (_, _, Some(anon)) if anon.value().len() >= 32 => anon.value().to_owned(),
        _ => {
            let anon = token::random_token();
            new_anon = Some(anon.clone());
            anon
        }
    };
    let csrf_token = token::csrf_token(&state.keys.csrf, &csrf_subject);

    let ctx = Arc::new(RequestCtx {
        request_id,
        lang,
        theme,
        user,
        csrf_token,
        path: path.clone(),
        ip,
        user_agent,
    });

    let inner_state = state.clone();
    let has_session_cookie = jar.get(SESSION_COOKIE).is_some();
    let response = CURRENT
        .scope(ctx.clone(), async move {
            if !inner_state.setup_done().await
                && !path.starts_with("/setup")
                && !path.starts_with("/preferences/")
                && !path.starts_with("/api/")
            {
                return Redirect::to("/setup").into_response();
            }
            let mut req = req;
            // API calls carrying a bearer token, or no session at all, have no ambient
            // authority for a forged request to ride on: CSRF applies to cookie sessions.
            let api_without_cookie_auth = path.starts_with("/api/")
                && (crate::api::extract::bearer(req.headers()).is_some() || !has_session_cookie);
            if is_unsafe(req.method()) && !api_without_cookie_auth {
                match check_csrf(req, &ctx.csrf_token).await {
                    Ok(checked) => req = checked,
                    Err(err) => return err.into_response(),
                }
            }
            req.extensions_mut().insert(ctx);
            next.run(req).await
        })
        .await;

    match new_anon {
        Some(anon) => {
            let cookie = Cookie::build((ANON_COOKIE, anon))
                .path("/")
                .http_only(true)
                .same_site(SameSite::Lax)
                .secure(state.config.served_over_tls())
                .build();
            let mut response = response;
            if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            response
        }
        None => response,
    }
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The largest multipart form (a file upload) the CSRF check reads.
pub const MAX_MULTIPART_BYTES: usize = 10 * 1024 * 1024;

/// Accepts the token from the `X-CSRF-Token` header (htmx, fetch) or the `csrf_token` field of
/// a URL-encoded or multipart form, and hands the body on untouched.
async fn check_csrf(req: Request, expected: &str) -> Result<Request, AppError> {
    if let Some(sent) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return if bool::from(sent.as_bytes().ct_eq(expected.as_bytes())) {
            Ok(req)
        } else {
            Err(AppError::Csrf)
        };
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type.starts_with("multipart/form-data") {
        return check_multipart_csrf(req, expected).await;
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(AppError::Csrf);
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, 1024 * 1024)
        .await
        .map_err(|_| AppError::PayloadTooLarge)?;
    let sent = url::form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == CSRF_FIELD)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    if !bool::from(sent.as_bytes().ct_eq(expected.as_bytes())) {
        return Err(AppError::Csrf);
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// [`check_csrf`] for a multipart form (file uploads): the body is read (up to
/// [`MAX_MULTIPART_BYTES`]) and its `csrf_token` field compared.
async fn check_multipart_csrf(req: Request, expected: &str) -> Result<Request, AppError> {
    use axum::extract::{FromRequest, Multipart};
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, MAX_MULTIPART_BYTES)
        .await
        .map_err(|_| AppError::PayloadTooLarge)?;
    let copy = Request::from_parts(parts.clone(), Body::from(bytes.clone()));
    let mut form = Multipart::from_request(copy, &())
        .await
        .map_err(|_| AppError::Csrf)?;
    let mut sent = String::new();
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some(CSRF_FIELD) {
            sent = field.text().await.unwrap_or_default();
            break;
        }
    }
    if !bool::from(sent.as_bytes().ct_eq(expected.as_bytes())) {
        return Err(AppError::Csrf);
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

async fn load_user(state: &AppState, raw_token: &str) -> Result<Option<CurrentUser>, AppError> {
    let hash = token::hash_token(raw_token);
    let Some(row) = repo::load_session(&state.db.pool, &hash, state.clock.now_ms()).await? else {
        return Ok(None);
    };
    let user = current_user(state, row, hash).await?;
    Ok(usable(user))
}

/// A session or token in a school a platform administrator disabled is no longer usable
/// (platform administrators keep theirs, to re-enable it).
fn usable(user: CurrentUser) -> Option<CurrentUser> {
    let disabled = user.school.as_ref().is_some_and(|s| s.disabled);
    (!disabled || user.is_platform_admin).then_some(user)
}

/// The user an API access token names, acting in the token's school, if the account is
/// still enabled and still a member there (roles are read fresh, not taken from the token).
pub async fn user_for_token(
    state: &AppState,
    user_id: i64,
    school_id: Option<i64>,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(mut row) = repo::load_user(&state.db.pool, user_id).await? else {
        return Ok(None);
    };
    row.school_id = school_id;
    let user = current_user(state, row, String::new()).await?;
    if school_id.is_some() && user.roles.is_empty() {
        return Ok(None);
    }
    Ok(usable(user))
}

async fn current_user(
    state: &AppState,
    row: repo::SessionUser,
    hash: String,
) -> Result<CurrentUser, AppError> {
    let (school, roles) = match row.school_id {
        Some(id) => {
            let scope = SchoolScope::from_membership(id);
            let school = schools::repo::get(&state.db.pool, scope).await?;
            let roles = accounts::repo::roles_in(&state.db.pool, scope, row.user_id).await?;
            (Some(school), roles)
        }
        None => (None, Vec::new()),
    };
    let theme = row.theme();
    Ok(CurrentUser {
        id: row.user_id,
        username: row.username,
        display_name: row.display_name,
        is_platform_admin: row.is_platform_admin != 0,
        locale_pref: row.locale.as_deref().and_then(Lang::parse),
        school,
        roles,
        theme,
        session_hash: hash,
    })
}
