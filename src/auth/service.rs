//! Login, logout and session lifecycle rules.

use std::net::IpAddr;

use super::{password, repo, throttle, token};
use crate::{
    AppState,
    accounts::{self, model::Username},
    error::AppError,
};

/// What a login attempt came to.
#[derive(Debug)]
pub enum LoginOutcome {
    /// Signed in: the raw session token for the cookie.
    Success { session_token: String },
    /// Wrong username or password (never says which).
    Invalid,
    /// Right password, but the account is disabled.
    Disabled,
    /// Too many attempts: try again after this many seconds.
    Throttled { retry_after_secs: i64 },
}

#[tracing::instrument(skip_all)]
pub async fn login(
    state: &AppState,
    raw_username: &str,
    raw_password: &str,
    ip: IpAddr,
) -> Result<LoginOutcome, AppError> {
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
    if let Some(account) = &account {
        let wait = throttle::account_wait_secs(
            account.failed_logins,
            account.last_failed_login_at,
            now,
            state.config.login_free_attempts,
        );
        if wait > 0 {
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
        return Ok(LoginOutcome::Invalid);
    };
    if !verified {
        accounts::repo::record_failed_login(&state.db.pool, account.id, now).await?;
        tracing::info!(user_id = account.id, "login failed");
        return Ok(LoginOutcome::Invalid);
    }
    if account.disabled != 0 {
        return Ok(LoginOutcome::Disabled);
    }
    accounts::repo::reset_failed_logins(&state.db.pool, account.id).await?;
    let session_token = start_session(state, account.id).await?;
    tracing::info!(user_id = account.id, "login");
    Ok(LoginOutcome::Success { session_token })
}

/// Opens a new session for the user in their first school, and sweeps expired sessions.
pub async fn start_session(state: &AppState, user_id: i64) -> Result<String, AppError> {
    let now = state.clock.now_ms();
    let school_id = accounts::repo::first_school_of(&state.db.pool, user_id).await?;
    let session_token = token::random_token();
    let expires = now + state.config.session_hours * 3_600_000;
    let mut tx = state.db.begin().await?;
    repo::purge_expired(&mut *tx, now).await?;
    repo::insert_session(
        &mut *tx,
        &token::hash_token(&session_token),
        user_id,
        school_id,
        now,
        expires,
    )
    .await?;
    tx.commit().await?;
    Ok(session_token)
}

pub async fn logout(state: &AppState, session_hash: &str) -> Result<(), AppError> {
    repo::delete_session(&state.db.pool, session_hash).await?;
    Ok(())
}
