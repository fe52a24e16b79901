//! `/admin/bulletin-template`: a school's own bulletin template and logo (docs/BULLETINS.md).
//! The page says whether the school uses the default template, offers the default template and
//! a sample data.json for download, takes a template (validated by rendering the sample
//! bulletin: typst's messages with their line numbers when it does not render, nothing saved),
//! previews it, and takes or removes the logo.

use askama::Template;
use axum::{
    Form, Router,
    extract::{DefaultBodyLimit, Multipart, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use serde::Deserialize;

use super::{
    render::DEFAULT_BULLETIN_TEMPLATE,
    settings::{self, LogoProblem, MAX_LOGO_BYTES, MAX_TEMPLATE_BYTES, TemplateProblem},
};
use crate::{
    AppState,
    auth::{
        context::{Auth, CurrentUser, MAX_MULTIPART_BYTES, RequestCtx},
        policy::{self, Action, Routes},
    },
    error::AppError,
    schools::SchoolScope,
    web::{
        i18n::Lang,
        layout::{Shell, render},
    },
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for(
            "/admin/bulletin-template",
            get(page)
                .post(save)
                .layer(DefaultBodyLimit::max(MAX_TEMPLATE_BYTES * 4)),
        )
        // The forms' targets show the page when opened directly.
        .route_for("/admin/bulletin-template/reset", get(same_page).post(reset))
        .route_for("/admin/bulletin-template/default.typ", get(default_typ))
        .route_for("/admin/bulletin-template/data.json", get(data_json))
        .route_for("/admin/bulletin-template/preview.pdf", get(preview))
        .route_for(
            "/admin/bulletin-template/logo",
            get(same_page)
                .post(upload_logo)
                .layer(DefaultBodyLimit::max(MAX_MULTIPART_BYTES)),
        )
        .route_for(
            "/admin/bulletin-template/logo/delete",
            get(same_page).post(delete_logo),
        )
}

async fn allowed(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
) -> Result<SchoolScope, AppError> {
    policy::require(state, ctx, user, Action::ManageBulletinTemplate).await?;
    user.scope().ok_or(AppError::Forbidden)
}

/// A template problem as lines of text in the user's language.
pub fn problem_lines(lang: Lang, problem: &TemplateProblem) -> Vec<String> {
    match problem {
        TemplateProblem::Empty => vec![lang.t("bulletin-template-empty")],
        TemplateProblem::TooLarge => vec![lang.t_with(
            "bulletin-template-too-large",
            &[("kb", (MAX_TEMPLATE_BYTES / 1024).to_string())],
        )],
        TemplateProblem::Render(messages) => messages
            .iter()
            .map(|m| match m.line {
                Some(line) => lang.t_with(
                    "bulletin-template-error-line",
                    &[("line", line.to_string()), ("message", m.message.clone())],
                ),
                None => m.message.clone(),
            })
            .collect(),
    }
}

pub fn logo_problem(lang: Lang, problem: LogoProblem) -> String {
    match problem {
        LogoProblem::TooLarge => lang.t_with(
            "bulletin-logo-too-large",
            &[("kb", (MAX_LOGO_BYTES / 1024).to_string())],
        ),
        LogoProblem::Format => lang.t("bulletin-logo-format"),
    }
}

#[derive(Template)]
#[template(path = "bulletins/template.html")]
struct TemplatePage {
    s: Shell,
    is_default: bool,
    has_logo: bool,
    source: String,
    errors: Vec<String>,
    logo_error: Option<String>,
    saved: Option<String>,
    max_kb: usize,
    logo_kb: usize,
}

async fn page_for(
    state: &AppState,
    ctx: &RequestCtx,
    scope: SchoolScope,
    saved: Option<String>,
) -> Result<TemplatePage, AppError> {
    let (source, logo) = settings::school_template(&state.db.pool, scope).await?;
    let s = Shell::new(ctx);
    Ok(TemplatePage {
        is_default: source == DEFAULT_BULLETIN_TEMPLATE,
        has_logo: logo.is_some(),
        source,
        errors: Vec::new(),
        logo_error: None,
        saved: saved.map(|key| s.t(&key)),
        max_kb: MAX_TEMPLATE_BYTES / 1024,
        logo_kb: MAX_LOGO_BYTES / 1024,
        s,
    })
}

#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

fn saved_key(raw: Option<&str>) -> Option<String> {
    match raw? {
        "template" => Some("bulletin-template-saved".into()),
        "reset" => Some("bulletin-template-reset-done".into()),
        "logo" => Some("bulletin-logo-saved".into()),
        "logo-removed" => Some("bulletin-logo-removed".into()),
        _ => None,
    }
}

pub async fn page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    axum::extract::Query(q): axum::extract::Query<SavedQuery>,
) -> Result<Response, AppError> {
    let scope = allowed(&state, &ctx, &user).await?;
    render(&page_for(&state, &ctx, scope, saved_key(q.saved.as_deref())).await?)
}

/// The page, for a form's target opened directly.
pub async fn same_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    let scope = allowed(&state, &ctx, &user).await?;
    render(&page_for(&state, &ctx, scope, None).await?)
}

#[derive(Debug, Deserialize)]
pub struct SourceForm {
    #[serde(default)]
    source: String,
}

pub async fn save(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(form): Form<SourceForm>,
) -> Result<Response, AppError> {
    let scope = allowed(&state, &ctx, &user).await?;
    let source = form.source.replace("\r\n", "\n");
    match settings::save_template(&state, scope, &ctx.audit(), source.clone()).await? {
        Ok(()) => Ok(Redirect::to("/admin/bulletin-template?saved=template").into_response()),
        Err(problem) => {
            let mut page = page_for(&state, &ctx, scope, None).await?;
            page.errors = problem_lines(ctx.lang, &problem);
            page.source = source;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

pub async fn reset(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    let scope = allowed(&state, &ctx, &user).await?;
    settings::reset_template(&state, scope, &ctx.audit()).await?;
    Ok(Redirect::to("/admin/bulletin-template?saved=reset").into_response())
}

fn download(content_type: &'static str, name: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

pub async fn default_typ(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    allowed(&state, &ctx, &user).await?;
    Ok(download(
        "text/plain; charset=utf-8",
        "bulletin.typ",
        DEFAULT_BULLETIN_TEMPLATE.as_bytes().to_vec(),
    ))
}

pub async fn data_json(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    let scope = allowed(&state, &ctx, &user).await?;
    let (_, logo) = settings::school_template(&state.db.pool, scope).await?;
    let data = settings::sample_data(&state, scope, logo.as_ref()).await?;
    let json = serde_json::to_vec_pretty(&data).map_err(|e| AppError::Internal(e.into()))?;
    Ok(download("application/json", "data.json", json))
}

/// The sample bulletin typeset with the school's template.
pub async fn preview(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    let scope = allowed(&state, &ctx, &user).await?;
    let (source, logo) = settings::school_template(&state.db.pool, scope).await?;
    match settings::try_template(&state, scope, source, logo).await? {
        Ok(pdf) => Ok((
            [
                (header::CONTENT_TYPE, "application/pdf"),
                (
                    header::CONTENT_DISPOSITION,
                    "inline; filename=\"preview.pdf\"",
                ),
            ],
            pdf.bytes,
        )
            .into_response()),
        // A saved template rendered when it was saved; say so plainly if it no longer does.
        Err(problem) => {
            let mut page = page_for(&state, &ctx, scope, None).await?;
            page.errors = problem_lines(ctx.lang, &problem);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

pub async fn upload_logo(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let scope = allowed(&state, &ctx, &user).await?;
    let mut bytes = Vec::new();
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|_| AppError::PayloadTooLarge)?
    {
        if field.name() == Some("logo") {
            bytes = field
                .bytes()
                .await
                .map_err(|_| AppError::PayloadTooLarge)?
                .to_vec();
        }
    }
    let problem = if bytes.is_empty() {
        Some(LogoProblem::Format)
    } else {
        settings::set_logo(&state, scope, &ctx.audit(), bytes)
            .await?
            .err()
    };
    match problem {
        None => Ok(Redirect::to("/admin/bulletin-template?saved=logo").into_response()),
        Some(problem) => {
            let mut page = page_for(&state, &ctx, scope, None).await?;
            page.logo_error = Some(logo_problem(ctx.lang, problem));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

pub async fn delete_logo(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    let scope = allowed(&state, &ctx, &user).await?;
    settings::remove_logo(&state, scope, &ctx.audit()).await?;
    Ok(Redirect::to("/admin/bulletin-template?saved=logo-removed").into_response())
}
