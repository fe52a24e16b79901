//! The access policy: one place that answers "may this user do this here?". Handlers call
//! [`require`] before acting; later domains add their actions to [`Action`].

use serde_json::json;

use crate::{
    AppState,
    accounts::model::Role,
    audit::{self, AuditAction, AuditEvent, ResourceType},
    auth::context::{CurrentUser, RequestCtx},
    error::AppError,
};

/// Something a user may try to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the home page of their school.
    ViewHome,
    /// List, create, disable and re-enable the school's accounts.
    ManageUsers,
    /// Change the school's name, colour, language, time zone, currency and grading settings.
    ManageSchoolSettings,
    /// Read and export the school's audit trail.
    ViewAudit,
}

impl Action {
    /// The name recorded in the audit trail.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::ViewHome => "view_home",
            Action::ManageUsers => "manage_users",
            Action::ManageSchoolSettings => "manage_school_settings",
            Action::ViewAudit => "view_audit",
        }
    }
}

/// Whether the user may perform the action in the school their session acts in.
pub fn allows(user: &CurrentUser, action: Action) -> bool {
    match action {
        Action::ViewHome => true,
        Action::ManageUsers | Action::ManageSchoolSettings | Action::ViewAudit => {
            user.school.is_some() && user.has_role(Role::SchoolAdmin)
        }
    }
}

/// `Ok` if allowed, else `Forbidden`; a refusal is logged and recorded in the audit trail of
/// the user's school (in a transaction of its own: nothing else changes).
pub async fn require(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    action: Action,
) -> Result<(), AppError> {
    if allows(user, action) {
        return Ok(());
    }
    tracing::warn!(user_id = user.id, ?action, "permission denied");
    let actor = ctx.audit();
    audit::record_alone(
        state,
        &AuditEvent {
            scope: user.scope(),
            actor: &actor,
            action: AuditAction::PermissionDenied,
            resource_type: ResourceType::Page,
            resource_id: Some(ctx.path.clone()),
            details: json!({ "action": action.as_str() }),
        },
    )
    .await;
    Err(AppError::Forbidden)
}
