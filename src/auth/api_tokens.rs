//! API credentials: a short-lived access JWT and a rotating refresh token.
//!
//! A login starts a *family*. Each refresh marks the presented token as used and issues a new
//! one in the same family; presenting a used token again means it was stolen (or replayed),
//! so the whole family is revoked. A family also has an absolute lifetime from its login.

use serde::Serialize;
use serde_json::json;
use sqlx::AnyConnection;

use super::{jwt::Claims, repo, token};
use crate::{
    AppState, accounts,
    audit::{self, AuditAction, AuditCtx, AuditEvent, ResourceType},
    error::AppError,
    schools::SchoolScope,
};

/// What the token endpoints answer.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

/// Issues an access token and a refresh token in the caller's transaction; `family` continues
/// an existing family (id, absolute expiry), `None` starts one.
pub async fn issue(
    conn: &mut AnyConnection,
    state: &AppState,
    user_id: i64,
    school: Option<SchoolScope>,
    family: Option<(String, i64)>,
) -> Result<TokenPair, AppError> {
    let now_ms = state.clock.now_ms();
    let now = now_ms / 1000;
    let roles = match school {
        Some(scope) => accounts::repo::roles_in(&mut *conn, scope, user_id).await?,
        None => Vec::new(),
    };
    let expires_in = state.config.access_token_minutes * 60;
    let claims = Claims {
        iss: state.jwt.issuer().to_owned(),
        aud: super::jwt::AUDIENCE.to_owned(),
        sub: user_id.to_string(),
        exp: now + expires_in,
        nbf: now,
        iat: now,
        jti: token::random_token(),
        school: school.map(SchoolScope::school_id),
        roles: roles.iter().map(|r| r.as_str().to_owned()).collect(),
    };
    let access_token = state
        .jwt
        .sign(&claims)
        .map_err(|e| AppError::internal(e.into()))?;
    let (family_id, family_expires_at) = family.unwrap_or_else(|| {
        (
            token::random_token(),
            now_ms + state.config.refresh_family_days * 86_400_000,
        )
    });
    let refresh_token = token::random_token();
    let expires_at = (now_ms + state.config.refresh_token_days * 86_400_000).min(family_expires_at);
    repo::insert_refresh(
        &mut *conn,
        &repo::NewRefresh {
            token_hash: &token::hash_token(&refresh_token),
            family_id: &family_id,
            user_id,
            school_id: school.map(SchoolScope::school_id),
            issued_at: now_ms,
            expires_at,
            family_expires_at,
        },
    )
    .await?;
    Ok(TokenPair {
        access_token,
        refresh_token,
        token_type: "Bearer",
        expires_in,
    })
}

/// What a refresh came to.
#[derive(Debug)]
pub enum Refreshed {
    Issued(TokenPair),
    /// Unknown, expired, revoked, or the account is disabled.
    Invalid,
    /// An already-rotated token: the family is now revoked.
    Reused,
}

#[tracing::instrument(skip_all)]
pub async fn refresh(state: &AppState, actor: &AuditCtx, raw: &str) -> Result<Refreshed, AppError> {
    let now = state.clock.now_ms();
    let hash = token::hash_token(raw);
    let mut tx = state.db.begin().await?;
    let Some(row) = repo::find_refresh(&mut *tx, &hash).await? else {
        return Ok(Refreshed::Invalid);
    };
    if row.revoked_at.is_some() {
        return Ok(Refreshed::Invalid);
    }
    let school = row.school_id.map(SchoolScope::from_membership);
    if row.rotated_at.is_some() || !repo::mark_rotated(&mut *tx, &hash, now).await? {
        repo::revoke_family(&mut *tx, &row.family_id, now).await?;
        audit::record(
            &mut tx,
            state.clock.as_ref(),
            &AuditEvent {
                scope: school,
                actor: &actor.as_user(Some(row.user_id)),
                action: AuditAction::TokenReuse,
                resource_type: ResourceType::User,
                resource_id: Some(row.user_id.to_string()),
                details: json!({}),
            },
        )
        .await?;
        tx.commit().await?;
        tracing::warn!(user_id = row.user_id, "refresh token reuse: family revoked");
        return Ok(Refreshed::Reused);
    }
    if row.expires_at <= now
        || row.family_expires_at <= now
        || !accounts::repo::is_enabled(&mut *tx, row.user_id).await?
    {
        return Ok(Refreshed::Invalid);
    }
    let pair = issue(
        &mut tx,
        state,
        row.user_id,
        school,
        Some((row.family_id, row.family_expires_at)),
    )
    .await?;
    tx.commit().await?;
    Ok(Refreshed::Issued(pair))
}

/// Ends the family a refresh token belongs to (API logout). Unknown tokens are ignored.
pub async fn revoke(state: &AppState, actor: &AuditCtx, raw: &str) -> Result<bool, AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    let Some(row) = repo::find_refresh(&mut *tx, &token::hash_token(raw)).await? else {
        return Ok(false);
    };
    let revoked = repo::revoke_family(&mut *tx, &row.family_id, now).await?;
    if revoked > 0 {
        audit::record(
            &mut tx,
            state.clock.as_ref(),
            &AuditEvent {
                scope: row.school_id.map(SchoolScope::from_membership),
                actor: &actor.as_user(Some(row.user_id)),
                action: AuditAction::Logout,
                resource_type: ResourceType::User,
                resource_id: Some(row.user_id.to_string()),
                details: json!({ "via": "api" }),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(revoked > 0)
}
