//! Login, logout and session lifecycle rules. Each outcome is audited in the transaction
//! of its change (a failed login with the failure counter, a login with its new session).

use std::net::{IpAddr, Ipv4Addr};

use serde_json::json;
use sqlx::AnyConnection;

use super::{context::CurrentUser, context::RequestCtx, password, repo, throttle, token};
use crate::{
    AppState,
    accounts::{self, model::Username},
    audit::{self, AuditAction, AuditCtx, AuditEvent, ResourceType},
    error::AppError,
    schools::SchoolScope,
};

/// What a successful login hands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issue {
    /// A web session (cookie).
    WebSession,
    /// An API access token and refresh token.
    ApiTokens,
}

/// The credentials a successful login produced.
#[derive(Debug)]
pub enum Credentials {
    /// The raw session token for the cookie.
    Session(String),
    Tokens(super::api_tokens::TokenPair),
}

/// What a login attempt came to.
#[derive(Debug)]
pub enum LoginOutcome {
    /// Signed in.
    Success(Credentials),
    /// Wrong username or password (never says which).
    Invalid,
    /// Right password, but the account is disabled.
    Disabled,
    /// Right password, but every school of the account is disabled.
    SchoolDisabled,
    /// Too many attempts: try again after this many seconds.
    Throttled { retry_after_secs: i64 },
}

/// The attempted username as recorded in the audit trail: trimmed, at most 64 characters.
fn attempted(raw_username: &str) -> String {
    raw_username.trim().chars().take(64).collect()
}

fn login_failed<'a>(
    actor: &'a AuditCtx,
    school: Option<SchoolScope>,
    user_id: Option<i64>,
    raw_username: &str,
    reason: &str,
) -> AuditEvent<'a> {
    AuditEvent {
        scope: school,
        actor,
        action: AuditAction::LoginFailed,
        resource_type: ResourceType::User,
        resource_id: user_id.map(|id| id.to_string()),
        details: json!({ "username": attempted(raw_username), "reason": reason }),
    }
}

#[tracing::instrument(skip_all)]
pub async fn login(
    state: &AppState,
    ctx: &RequestCtx,
    raw_username: &str,
    raw_password: &str,
    issue: Issue,
) -> Result<LoginOutcome, AppError> {
    let ip = ctx.ip.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    // Refused before any lookup and not audited: this layer exists to make floods cheap.
    if let Err(not_until) = state.login_limiter.check_key(&ip) {
        let wait = not_until.wait_time_from(governor::clock::Clock::now(
            &governor::clock::DefaultClock::default(),
        ));
        let retry_after_secs = i64::try_from(wait.as_secs()).unwrap_or(i64::MAX).max(1);
        return Ok(LoginOutcome::Throttled { retry_after_secs });
    }
    let now = state.clock.now_ms();
    let account = match Username::parse(raw_username) {
        Ok(username) => accounts::repo::find_login(&state.db.pool, username.as_str()).await?,
        Err(_) => None,
    };
    let school = match &account {
        Some(a) => accounts::repo::first_school_of(&state.db.pool, a.id)
            .await?
            .map(SchoolScope::from_membership),
        None => None,
    };
    let base = ctx.audit();
    if let Some(account) = &account {
        let wait = throttle::account_wait_secs(
            account.failed_logins,
            account.last_failed_login_at,
            now,
            state.config.login_free_attempts,
        );
        if wait > 0 {
            let actor = base.as_user(Some(account.id));
            let event = login_failed(&actor, school, Some(account.id), raw_username, "throttled");
            audit::record_alone(state, &event).await;
            return Ok(LoginOutcome::Throttled {
                retry_after_secs: wait,
            });
        }
    }
    let verified = password::verify(
        raw_password,
        account.as_ref().map(|a| a.password_hash.clone()),
    )
    .await?;
    let Some(account) = account else {
        let actor = base.as_user(None);
        let event = login_failed(&actor, None, None, raw_username, "unknown_user");
        audit::record_alone(state, &event).await;
        return Ok(LoginOutcome::Invalid);
    };
    let actor = base.as_user(Some(account.id));
    if !verified {
        let mut tx = state.db.begin().await?;
        accounts::repo::record_failed_login(&mut *tx, account.id, now).await?;
        let event = login_failed(
            &actor,
            school,
            Some(account.id),
            raw_username,
            "wrong_password",
        );
        audit::record(&mut tx, state.clock.as_ref(), &event).await?;
        tx.commit().await?;
        tracing::info!(user_id = account.id, "login failed");
        return Ok(LoginOutcome::Invalid);
    }
    if account.disabled != 0 {
        let event = login_failed(&actor, school, Some(account.id), raw_username, "disabled");
        audit::record_alone(state, &event).await;
        return Ok(LoginOutcome::Disabled);
    }
    // Every school of this member is disabled (platform administrators still get in).
    if school.is_none()
        && account.is_platform_admin == 0
        && accounts::repo::has_membership(&state.db.pool, account.id).await?
    {
        let event = login_failed(
            &actor,
            None,
            Some(account.id),
            raw_username,
            "school_disabled",
        );
        audit::record_alone(state, &event).await;
        return Ok(LoginOutcome::SchoolDisabled);
    }
    let mut tx = state.db.begin().await?;
    accounts::repo::reset_failed_logins(&mut *tx, account.id).await?;
    let credentials = match issue {
        Issue::WebSession => {
            Credentials::Session(open_session(&mut tx, state, account.id, school).await?)
        }
        Issue::ApiTokens => Credentials::Tokens(
            super::api_tokens::issue(&mut tx, state, account.id, school, None).await?,
        ),
    };
    let via = match issue {
        Issue::WebSession => "web",
        Issue::ApiTokens => "api",
    };
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: school,
            actor: &actor,
            action: AuditAction::Login,
            resource_type: ResourceType::User,
            resource_id: Some(account.id.to_string()),
            details: json!({ "via": via }),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user_id = account.id, "login");
    Ok(LoginOutcome::Success(credentials))
}

/// Inserts a new session for the user acting in `school`, in the caller's transaction, and
/// sweeps expired sessions. Returns the raw token for the cookie.
pub async fn open_session(
    conn: &mut AnyConnection,
    state: &AppState,
    user_id: i64,
    school: Option<SchoolScope>,
) -> Result<String, AppError> {
    let now = state.clock.now_ms();
    let session_token = token::random_token();
    let expires = now + state.config.session_hours * 3_600_000;
    repo::purge_expired(&mut *conn, now).await?;
    repo::insert_session(
        &mut *conn,
        &token::hash_token(&session_token),
        user_id,
        school.map(SchoolScope::school_id),
        now,
        expires,
    )
    .await?;
    Ok(session_token)
}

/// Opens a new session for the user in their first school, in a transaction of its own.
pub async fn start_session(state: &AppState, user_id: i64) -> Result<String, AppError> {
    let school = accounts::repo::first_school_of(&state.db.pool, user_id)
        .await?
        .map(SchoolScope::from_membership);
    let mut tx = state.db.begin().await?;
    let session_token = open_session(&mut tx, state, user_id, school).await?;
    tx.commit().await?;
    Ok(session_token)
}

/// Ends the caller's session.
pub async fn logout(
    state: &AppState,
    actor: &AuditCtx,
    user: &CurrentUser,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    repo::delete_session(&mut *tx, &user.session_hash).await?;
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: user.scope(),
            actor,
            action: AuditAction::Logout,
            resource_type: ResourceType::User,
            resource_id: Some(user.id.to_string()),
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
