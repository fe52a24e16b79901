//! SQL for web sessions.

use sqlx::{Any, Executor};

use crate::accounts::model::Theme;

pub async fn insert_session(
    e: impl Executor<'_, Database = Any>,
    token_hash: &str,
    user_id: i64,
    school_id: Option<i64>,
    now_ms: i64,
    expires_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, school_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(school_id)
    .bind(now_ms)
    .bind(expires_ms)
    .execute(e)
    .await
    .map(|_| ())
}

/// The session's user, if the session exists, has not expired and the account is enabled.
#[derive(Debug, sqlx::FromRow)]
pub struct SessionUser {
    pub user_id: i64,
    pub school_id: Option<i64>,
    pub username: String,
    pub display_name: String,
    pub locale: Option<String>,
    pub theme: String,
    /// 1 for a platform administrator.
    pub is_platform_admin: i64,
}

impl SessionUser {
    pub fn theme(&self) -> Theme {
        Theme::parse(&self.theme).unwrap_or_default()
    }
}

pub async fn load_session(
    e: impl Executor<'_, Database = Any>,
    token_hash: &str,
    now_ms: i64,
) -> Result<Option<SessionUser>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.user_id, s.school_id, u.username, u.display_name, u.locale, u.theme, u.is_platform_admin \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0",
    )
    .bind(token_hash)
    .bind(now_ms)
    .fetch_optional(e)
    .await
}

/// An enabled user by id, shaped like a session row with no school.
pub async fn load_user(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
) -> Result<Option<SessionUser>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id AS user_id, CAST(NULL AS BIGINT) AS school_id, username, display_name, locale, theme, is_platform_admin \
         FROM users WHERE id = $1 AND disabled = 0",
    )
    .bind(user_id)
    .fetch_optional(e)
    .await
}

pub async fn delete_session(
    e: impl Executor<'_, Database = Any>,
    token_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(e)
        .await
        .map(|_| ())
}

/// Ends every session of a user, except optionally one (the caller's own, after a password change).
pub async fn delete_user_sessions(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
    except_hash: Option<&str>,
) -> Result<u64, sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(except_hash.unwrap_or(""))
        .execute(e)
        .await
        .map(|r| r.rows_affected())
}

pub async fn purge_expired(
    e: impl Executor<'_, Database = Any>,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now_ms)
        .execute(e)
        .await
        .map(|r| r.rows_affected())
}

/// A stored refresh token.
#[derive(Debug, sqlx::FromRow)]
pub struct RefreshRow {
    pub family_id: String,
    pub user_id: i64,
    pub school_id: Option<i64>,
    pub expires_at: i64,
    pub family_expires_at: i64,
    pub rotated_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

pub struct NewRefresh<'a> {
    pub token_hash: &'a str,
    pub family_id: &'a str,
    pub user_id: i64,
    pub school_id: Option<i64>,
    pub issued_at: i64,
    pub expires_at: i64,
    pub family_expires_at: i64,
}

pub async fn insert_refresh(
    e: impl Executor<'_, Database = Any>,
    t: &NewRefresh<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO refresh_tokens (token_hash, family_id, user_id, school_id, issued_at, expires_at, \
         family_expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(t.token_hash)
    .bind(t.family_id)
    .bind(t.user_id)
    .bind(t.school_id)
    .bind(t.issued_at)
    .bind(t.expires_at)
    .bind(t.family_expires_at)
    .execute(e)
    .await
    .map(|_| ())
}

pub async fn find_refresh(
    e: impl Executor<'_, Database = Any>,
    token_hash: &str,
) -> Result<Option<RefreshRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT family_id, user_id, school_id, expires_at, family_expires_at, rotated_at, revoked_at \
         FROM refresh_tokens WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(e)
    .await
}

/// Marks a token as used; `false` if it was already used or revoked (a concurrent refresh).
pub async fn mark_rotated(
    e: impl Executor<'_, Database = Any>,
    token_hash: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE refresh_tokens SET rotated_at = $2 \
         WHERE token_hash = $1 AND rotated_at IS NULL AND revoked_at IS NULL",
    )
    .bind(token_hash)
    .bind(now_ms)
    .execute(e)
    .await
    .map(|r| r.rows_affected() == 1)
}

pub async fn revoke_family(
    e: impl Executor<'_, Database = Any>,
    family_id: &str,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL",
    )
    .bind(family_id)
    .bind(now_ms)
    .execute(e)
    .await
    .map(|r| r.rows_affected())
}

/// Revokes every refresh token of a user (disabled account, changed password).
pub async fn revoke_user_refresh_tokens(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
    )
    .bind(user_id)
    .bind(now_ms)
    .execute(e)
    .await
    .map(|r| r.rows_affected())
}
