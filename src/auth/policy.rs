//! The access policy: one place that answers "may this user do this here?". Handlers call
//! [`require`] before acting; later domains add their actions to [`Action`].

use crate::{accounts::model::Role, auth::context::CurrentUser, error::AppError};

/// Something a user may try to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the home page of their school.
    ViewHome,
    /// List, create, disable and re-enable the school's accounts.
    ManageUsers,
    /// Change the school's name, colour, language, time zone, currency and grading settings.
    ManageSchoolSettings,
}

/// Whether the user may perform the action in the school their session acts in.
pub fn allows(user: &CurrentUser, action: Action) -> bool {
    match action {
        Action::ViewHome => true,
        Action::ManageUsers | Action::ManageSchoolSettings => {
            user.school.is_some() && user.has_role(Role::SchoolAdmin)
        }
    }
}

/// `Ok` if allowed, else `Forbidden` (logged).
pub fn require(user: &CurrentUser, action: Action) -> Result<(), AppError> {
    if allows(user, action) {
        Ok(())
    } else {
        tracing::warn!(user_id = user.id, ?action, "permission denied");
        Err(AppError::Forbidden)
    }
}
