//! Account rules: creating accounts, changing passwords, disabling accounts.

use super::{
    model::{NewPassword, Role, Username, parse_display_name},
    repo,
};
use serde_json::json;

use crate::{
    AppState,
    audit::{self, AuditAction, AuditCtx, AuditEvent, ResourceType},
    auth::{self, context::CurrentUser, password},
    error::AppError,
    schools::{SchoolScope, model::FieldErrors},
};

/// A new account as submitted by a school admin.
#[derive(Debug, Default, serde::Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    /// Role codes; a form sends one `roles` field per ticked box.
    #[serde(default)]
    pub roles: Vec<String>,
}

/// Why a user-facing change was refused: field errors to show next to the inputs.
#[derive(Debug)]
pub enum Refused {
    Fields(FieldErrors),
    Error(AppError),
}

impl From<AppError> for Refused {
    fn from(e: AppError) -> Self {
        Refused::Error(e)
    }
}

impl From<sqlx::Error> for Refused {
    fn from(e: sqlx::Error) -> Self {
        Refused::Error(e.into())
    }
}

#[tracing::instrument(skip_all)]
pub async fn create_user(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    form: &NewUserForm,
) -> Result<i64, Refused> {
    let mut errors = FieldErrors::new();
    // Checked in the order the form shows the fields, so the error summary reads top-down.
    let display_name = parse_display_name(&form.display_name)
        .map_err(|e| errors.push(("display_name", e)))
        .ok();
    let username = Username::parse(&form.username)
        .map_err(|e| errors.push(("username", e)))
        .ok();
    let email = form.email.trim();
    if !email.is_empty() && (!email.contains('@') || email.len() > 254) {
        errors.push(("email", "error-email"));
    }
    let roles: Vec<Role> = form.roles.iter().filter_map(|r| Role::parse(r)).collect();
    if roles.is_empty() || roles.len() != form.roles.len() {
        errors.push(("roles", "error-roles"));
    }
    let new_password = NewPassword::parse(&form.password)
        .map_err(|e| errors.push(("password", e)))
        .ok();
    let (Some(username), Some(display_name), Some(new_password), true) =
        (username, display_name, new_password, errors.is_empty())
    else {
        return Err(Refused::Fields(errors));
    };
    let hash = password::hash(new_password.expose()).await?;
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    let new = repo::NewUser {
        username: username.as_str(),
        display_name: &display_name,
        email: (!email.is_empty()).then_some(email),
        password_hash: &hash,
        is_platform_admin: false,
    };
    let id = match repo::insert_user(&mut *tx, &new, now).await {
        Ok(id) => id,
        Err(e) if crate::db::unique_violation(&e).is_some() => {
            return Err(Refused::Fields(vec![("username", "error-username-taken")]));
        }
        Err(e) => return Err(e.into()),
    };
    for &role in &roles {
        repo::add_role(&mut *tx, scope, id, role, now).await?;
    }
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: Some(scope),
            actor,
            action: AuditAction::UserCreate,
            resource_type: ResourceType::User,
            resource_id: Some(id.to_string()),
            details: json!({
                "username": username.as_str(),
                "display_name": display_name,
                "email": new.email,
                "roles": roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user_id = id, "account created");
    Ok(id)
}

/// Changes the caller's password after checking the current one. Every other session of the
/// account ends, and the caller gets a fresh session token.
#[tracing::instrument(skip_all, fields(user_id = user.id))]
pub async fn change_password(
    state: &AppState,
    actor: &AuditCtx,
    user: &CurrentUser,
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<String, Refused> {
    let stored = repo::password_hash(&state.db.pool, user.id).await?;
    let mut errors = FieldErrors::new();
    if !password::verify(current, Some(stored)).await? {
        errors.push(("current", "error-password-current"));
    }
    let parsed = NewPassword::parse(new)
        .map_err(|e| errors.push(("new", e)))
        .ok();
    if new != confirm {
        errors.push(("confirm", "error-password-confirm"));
    }
    let (Some(parsed), true) = (parsed, errors.is_empty()) else {
        return Err(Refused::Fields(errors));
    };
    let hash = password::hash(parsed.expose()).await?;
    let mut tx = state.db.begin().await?;
    repo::set_password_hash(&mut *tx, user.id, &hash).await?;
    let ended = auth::repo::delete_user_sessions(&mut *tx, user.id, None).await?;
    // API clients signed in with the old password must sign in again too.
    auth::repo::revoke_user_refresh_tokens(&mut *tx, user.id, state.clock.now_ms()).await?;
    let token = auth::service::open_session(&mut tx, state, user.id, user.scope()).await?;
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: user.scope(),
            actor,
            action: AuditAction::PasswordChange,
            resource_type: ResourceType::User,
            resource_id: Some(user.id.to_string()),
            details: json!({ "sessions_ended": ended }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Disables (or re-enables) an account of the school. Disabling ends all its sessions at once.
#[tracing::instrument(skip_all, fields(actor = user.id, target = target))]
pub async fn set_disabled(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    user: &CurrentUser,
    target: i64,
    disabled: bool,
) -> Result<(), AppError> {
    if !repo::is_member(&state.db.pool, scope, target).await? {
        return Err(AppError::NotFound);
    }
    if target == user.id && disabled {
        return Err(AppError::Conflict("error-disable-self"));
    }
    let mut tx = state.db.begin().await?;
    repo::set_disabled(&mut *tx, target, disabled).await?;
    let ended = if disabled {
        auth::repo::revoke_user_refresh_tokens(&mut *tx, target, state.clock.now_ms()).await?;
        auth::repo::delete_user_sessions(&mut *tx, target, None).await?
    } else {
        0
    };
    let username = repo::username_of(&mut *tx, target).await?;
    let mut details = json!({ "username": username });
    if disabled {
        details["sessions_ended"] = json!(ended);
    }
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: Some(scope),
            actor,
            action: if disabled {
                AuditAction::UserDisable
            } else {
                AuditAction::UserEnable
            },
            resource_type: ResourceType::User,
            resource_id: Some(target.to_string()),
            details,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(disabled, "account status changed");
    Ok(())
}

/// A change to an account's profile; absent fields stay as they are.
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileChange {
    pub display_name: Option<String>,
    /// An empty string removes the address.
    pub email: Option<String>,
}

/// Changes a member's display name or e-mail, audited with before/after.
#[tracing::instrument(skip_all, fields(target = target))]
pub async fn update_profile(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    target: i64,
    change: &ProfileChange,
) -> Result<(), Refused> {
    if !repo::is_member(&state.db.pool, scope, target).await? {
        return Err(Refused::Error(AppError::NotFound));
    }
    let mut errors = FieldErrors::new();
    let display_name = match &change.display_name {
        Some(raw) => parse_display_name(raw)
            .map_err(|e| errors.push(("display_name", e)))
            .ok(),
        None => None,
    };
    let email = change.email.as_deref().map(str::trim);
    if let Some(email) = email
        && !email.is_empty()
        && (!email.contains('@') || email.len() > 254)
    {
        errors.push(("email", "error-email"));
    }
    if !errors.is_empty() {
        return Err(Refused::Fields(errors));
    }
    let mut tx = state.db.begin().await?;
    let before = repo::profile(&mut *tx, target).await?;
    let after = repo::Profile {
        display_name: display_name.unwrap_or_else(|| before.display_name.clone()),
        email: match email {
            Some("") => None,
            Some(e) => Some(e.to_owned()),
            None => before.email.clone(),
        },
    };
    if after == before {
        return Ok(());
    }
    repo::set_profile(&mut *tx, target, &after).await?;
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: Some(scope),
            actor,
            action: AuditAction::UserUpdate,
            resource_type: ResourceType::User,
            resource_id: Some(target.to_string()),
            details: json!({
                "before": { "display_name": before.display_name, "email": before.email },
                "after": { "display_name": after.display_name, "email": after.email },
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Grants a role in the school to one of its members (a school cannot claim another
/// school's accounts by id). Granting a held role changes nothing.
pub async fn grant_role(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    target: i64,
    role: Role,
) -> Result<bool, AppError> {
    if !repo::is_member(&state.db.pool, scope, target).await? {
        return Err(AppError::NotFound);
    }
    let mut tx = state.db.begin().await?;
    if repo::roles_in(&mut *tx, scope, target)
        .await?
        .contains(&role)
    {
        return Ok(false);
    }
    if !repo::add_role(&mut *tx, scope, target, role, state.clock.now_ms()).await? {
        // Granted meanwhile by a concurrent request.
        return Ok(false);
    }
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: Some(scope),
            actor,
            action: AuditAction::MembershipAdd,
            resource_type: ResourceType::User,
            resource_id: Some(target.to_string()),
            details: json!({ "role": role.as_str() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Removes a role. An admin cannot remove their own admin role (the school would risk having
/// no admin), nor a member's last role (disable the account instead).
pub async fn revoke_role(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    user: &CurrentUser,
    target: i64,
    role: Role,
) -> Result<(), AppError> {
    if target == user.id && role == Role::SchoolAdmin {
        return Err(AppError::Conflict("error-remove-own-admin"));
    }
    let mut tx = state.db.begin().await?;
    let roles = repo::roles_in(&mut *tx, scope, target).await?;
    if !roles.contains(&role) {
        return Err(AppError::NotFound);
    }
    if roles.len() == 1 {
        return Err(AppError::Conflict("error-remove-last-role"));
    }
    repo::remove_role(&mut *tx, scope, target, role).await?;
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: Some(scope),
            actor,
            action: AuditAction::MembershipRemove,
            resource_type: ResourceType::User,
            resource_id: Some(target.to_string()),
            details: json!({ "role": role.as_str() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
