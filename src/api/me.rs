//! `GET /api/v2/me`: who the caller is, in which school, with which roles and language.

use axum::{Json, extract::State};
use serde::Serialize;

use super::{extract::ApiUser, problem::Problem};
use crate::{
    AppState,
    auth::policy::{self, Action, Scope},
    error::AppError,
};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub is_platform_admin: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeSchool {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub locale: String,
    pub timezone: String,
    pub currency: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me {
    pub user: MeUser,
    pub school: Option<MeSchool>,
    pub roles: Vec<String>,
    /// The interface language that applies: the user's choice, else the school's.
    pub locale: String,
}

/// The calling user, their school, their roles there, and their interface language.
#[utoipa::path(
    get, path = "/api/v2/me", tag = "me",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "No valid token or session", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn me(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
) -> Result<Json<Me>, AppError> {
    policy::require_on(&state, &ctx, &user, Action::ManageOwnAccount, Scope::Own).await?;
    let locale = user
        .locale_pref
        .or(user.school.as_ref().map(|s| s.locale))
        .unwrap_or_default();
    Ok(Json(Me {
        user: MeUser {
            id: user.id,
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            is_platform_admin: user.is_platform_admin,
        },
        school: user.school.as_ref().map(|s| MeSchool {
            id: s.id,
            code: s.code.clone(),
            name: s.name.clone(),
            locale: s.locale.code().to_owned(),
            timezone: s.timezone.clone(),
            currency: s.currency.clone(),
        }),
        roles: user.roles.iter().map(|r| r.as_str().to_owned()).collect(),
        locale: locale.code().to_owned(),
    }))
}
