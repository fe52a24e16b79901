//! The confirmation step before a deletion in the structure pages: each delete control is a
//! link to `GET …/delete`, a page that names what will be deleted and holds the POST form
//! (works without JavaScript; Cancel goes back).

use askama::Template;
use axum::{
    extract::{Path, State},
    response::Response,
};

use super::scope_for;
use crate::{
    AppState,
    auth::{
        context::{Auth, RequestCtx},
        policy::Action,
    },
    error::AppError,
    structure::repo,
    web::layout::{Shell, render},
};

#[derive(Template)]
#[template(path = "structure/confirm_delete.html")]
struct ConfirmPage {
    s: Shell,
    /// The question, e.g. « Supprimer la classe « 6e A » ? ».
    question: String,
    /// Where the confirmed deletion is posted.
    action: String,
    /// Where Cancel goes back to.
    back: String,
}

/// Renders the confirmation page: `key` is the question's message id (with `$name`).
pub(super) fn confirm_page(
    ctx: &RequestCtx,
    key: &str,
    name: &str,
    action: String,
    back: String,
) -> Result<Response, AppError> {
    let s = Shell::new(ctx);
    let question = s.t_with(key, &[("name", name.to_owned())]);
    render(&ConfirmPage {
        s,
        question,
        action,
        back,
    })
}

pub async fn year(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let y = repo::year(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let action = format!("/admin/structure/years/{id}/delete");
    let back = "/admin/structure/years".to_owned();
    confirm_page(&ctx, "structure-confirm-year", &y.name, action, back)
}

pub async fn period(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let p = repo::period(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let action = format!("/admin/structure/periods/{id}/delete");
    let back = format!("/admin/structure/periods/{id}");
    confirm_page(&ctx, "structure-confirm-period", &p.name, action, back)
}

pub async fn level(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let l = repo::level(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let action = format!("/admin/structure/levels/{id}/delete");
    let back = "/admin/structure/levels".to_owned();
    confirm_page(&ctx, "structure-confirm-level", &l.name, action, back)
}

pub async fn subject(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let sub = repo::subject(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let action = format!("/admin/structure/subjects/{id}/delete");
    let back = "/admin/structure/subjects".to_owned();
    confirm_page(&ctx, "structure-confirm-subject", &sub.name, action, back)
}

pub async fn group(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let g = repo::group(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let action = format!("/admin/structure/subject-groups/{id}/delete");
    let back = "/admin/structure/subject-groups".to_owned();
    confirm_page(&ctx, "structure-confirm-group", &g.name, action, back)
}

pub async fn coefficient_override(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let o = repo::override_row(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = match &o.period_name {
        Some(p) => format!("{} — {} ({p})", o.subject_name, o.target_name),
        None => format!("{} — {}", o.subject_name, o.target_name),
    };
    let action = format!("/admin/structure/coefficient-overrides/{id}/delete");
    let back = "/admin/structure/coefficient-overrides".to_owned();
    confirm_page(&ctx, "structure-confirm-override", &name, action, back)
}

pub async fn class(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let c = repo::class(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let action = format!("/admin/structure/classes/{id}/delete");
    let back = format!("/admin/structure/classes?year_id={}", c.year_id);
    confirm_page(&ctx, "structure-confirm-class", &c.name, action, back)
}
