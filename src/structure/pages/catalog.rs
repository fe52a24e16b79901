//! Subjects, subject groups, and coefficients: the level × subject grid and the overrides
//! per class and/or period.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::Form;

use super::{after, calendar::NamedFormPage, can_manage, scope_for};
use crate::{
    AppState,
    accounts::service::Refused,
    auth::{
        context::{Auth, RequestCtx},
        policy::Action,
    },
    error::AppError,
    schools::SchoolScope,
    structure::{
        model::{self, GroupForm, OverrideForm, SubjectForm},
        repo::{
            self, ClassRow, GroupRow, LevelCoefficient, LevelRow, OverrideRow, PeriodRow,
            SubjectRow,
        },
        service::{self, GridCell},
    },
    web::{
        form::Errors,
        layout::{Shell, render},
    },
};

// ---- subjects and groups ------------------------------------------------------------------

#[derive(Template)]
#[template(path = "structure/subjects.html")]
struct SubjectsPage {
    s: Shell,
    subjects: Vec<SubjectRow>,
    can_manage: bool,
}

pub async fn subjects_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    render(&SubjectsPage {
        s: Shell::new(&ctx),
        subjects: repo::list_subjects(&state.db.pool, scope, None, 1000, 0).await?,
        can_manage: can_manage(&user),
    })
}

#[derive(Template)]
#[template(path = "structure/groups.html")]
struct GroupsPage {
    s: Shell,
    groups: Vec<GroupRow>,
    form: GroupForm,
    errors: Errors,
    can_manage: bool,
}

async fn render_groups(
    state: &AppState,
    ctx: &RequestCtx,
    scope: SchoolScope,
    manage: bool,
    form: GroupForm,
    errors: Errors,
) -> Result<Response, AppError> {
    render(&GroupsPage {
        s: Shell::new(ctx),
        groups: repo::list_groups(&state.db.pool, scope, 1000, 0).await?,
        form,
        errors,
        can_manage: manage,
    })
}

pub async fn groups_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    let errors = Errors::none(ctx.lang);
    render_groups(
        &state,
        &ctx,
        scope,
        can_manage(&user),
        GroupForm::default(),
        errors,
    )
    .await
}

#[derive(Template)]
#[template(path = "structure/subject_form.html")]
struct SubjectFormPage {
    s: Shell,
    id: Option<i64>,
    form: SubjectForm,
    groups: Vec<GroupRow>,
    errors: Errors,
}

impl SubjectFormPage {
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/admin/structure/subjects/{id}"),
            None => "/admin/structure/subjects/new".to_owned(),
        }
    }

    fn is_group(&self, id: &i64) -> bool {
        self.form.group_id == id.to_string()
    }
}

async fn subject_form_page(
    state: &AppState,
    ctx: &RequestCtx,
    scope: SchoolScope,
    id: Option<i64>,
    form: SubjectForm,
    errors: Errors,
) -> Result<Response, AppError> {
    render(&SubjectFormPage {
        s: Shell::new(ctx),
        id,
        form,
        groups: repo::list_groups(&state.db.pool, scope, 1000, 0).await?,
        errors,
    })
}

pub async fn new_subject_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let form = SubjectForm {
        color: "#1d4ed8".into(),
        ..SubjectForm::default()
    };
    subject_form_page(&state, &ctx, scope, None, form, Errors::none(ctx.lang)).await
}

async fn form_result(
    state: &AppState,
    ctx: &RequestCtx,
    scope: SchoolScope,
    id: Option<i64>,
    form: SubjectForm,
    result: Result<(), Refused>,
) -> Result<Response, AppError> {
    match result {
        Ok(()) => Ok(Redirect::to("/admin/structure/subjects").into_response()),
        Err(Refused::Fields(list)) => {
            let errors = Errors::new(ctx.lang, list);
            let page = subject_form_page(state, ctx, scope, id, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

pub async fn create_subject(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(form): Form<SubjectForm>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let result = service::create_subject(&state, scope, &ctx.audit(), &form)
        .await
        .map(|_| ());
    form_result(&state, &ctx, scope, None, form, result).await
}

pub async fn edit_subject_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let subject = repo::subject(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = SubjectForm::from(&subject);
    subject_form_page(&state, &ctx, scope, Some(id), form, Errors::none(ctx.lang)).await
}

pub async fn update_subject(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
    Form(form): Form<SubjectForm>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let result = service::update_subject(&state, scope, &ctx.audit(), id, &form).await;
    form_result(&state, &ctx, scope, Some(id), form, result).await
}

pub async fn delete_subject(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::delete_subject(&state, scope, &ctx.audit(), id).await?;
    Ok(Redirect::to("/admin/structure/subjects").into_response())
}

pub async fn create_group(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(form): Form<GroupForm>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    match service::create_group(&state, scope, &ctx.audit(), &form).await {
        Ok(_) => Ok(Redirect::to("/admin/structure/subject-groups").into_response()),
        Err(Refused::Fields(list)) => {
            let errors = Errors::new(ctx.lang, list);
            let page = render_groups(&state, &ctx, scope, true, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

fn group_form_page(ctx: &RequestCtx, id: i64, form: GroupForm, errors: Errors) -> NamedFormPage {
    NamedFormPage {
        s: Shell::new(ctx),
        title_key: "structure-group-edit",
        action: format!("/admin/structure/subject-groups/{id}"),
        back: "/admin/structure/subject-groups",
        name: form.name,
        position: form.position,
        errors,
    }
}

pub async fn edit_group_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let group = repo::group(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    render(&group_form_page(
        &ctx,
        id,
        GroupForm::from(&group),
        Errors::none(ctx.lang),
    ))
}

pub async fn update_group(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
    Form(form): Form<GroupForm>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let result = service::update_group(&state, scope, &ctx.audit(), id, &form).await;
    after(result, "/admin/structure/subject-groups", |list| {
        render(&group_form_page(
            &ctx,
            id,
            form,
            Errors::new(ctx.lang, list),
        ))
    })
}

pub async fn delete_group(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::delete_group(&state, scope, &ctx.audit(), id).await?;
    Ok(Redirect::to("/admin/structure/subject-groups").into_response())
}

// ---- coefficients -------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "structure/coefficients.html")]
struct CoefficientsPage {
    s: Shell,
    levels: Vec<LevelRow>,
    subjects: Vec<SubjectRow>,
    coefficients: Vec<LevelCoefficient>,
    /// Submitted cells when the grid was refused (shown as typed).
    submitted: Vec<(String, String)>,
    errors: Errors,
    saved: bool,
    can_manage: bool,
}

impl CoefficientsPage {
    fn cell_name(&self, level: &i64, subject: &i64) -> String {
        format!("c{level}_{subject}")
    }

    /// The cell's value: as submitted after a refusal, else the stored coefficient.
    fn cell(&self, level: &i64, subject: &i64) -> String {
        let name = self.cell_name(level, subject);
        if let Some((_, v)) = self.submitted.iter().find(|(k, _)| *k == name) {
            return v.clone();
        }
        self.coefficients
            .iter()
            .find(|c| c.level_id == *level && c.subject_id == *subject)
            .map(|c| model::format_coefficient(c.coefficient_cents, self.s.lang))
            .unwrap_or_default()
    }

    fn cell_invalid(&self, level: &i64, subject: &i64) -> bool {
        let value = self.cell(level, subject);
        !value.trim().is_empty() && model::parse_coefficient(&value).is_err()
    }
}

#[derive(serde::Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

async fn render_coefficients(
    state: &AppState,
    ctx: &RequestCtx,
    scope: SchoolScope,
    manage: bool,
    submitted: Vec<(String, String)>,
    errors: Errors,
    saved: bool,
) -> Result<Response, AppError> {
    let pool = &state.db.pool;
    render(&CoefficientsPage {
        s: Shell::new(ctx),
        levels: repo::list_levels(pool, scope, 1000, 0).await?,
        subjects: repo::list_subjects(pool, scope, None, 1000, 0).await?,
        coefficients: repo::level_coefficients(pool, scope, None).await?,
        submitted,
        errors,
        saved,
        can_manage: manage,
    })
}

pub async fn coefficients_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    axum_extra::extract::Query(q): axum_extra::extract::Query<SavedQuery>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    let errors = Errors::none(ctx.lang);
    let saved = q.saved.is_some();
    render_coefficients(
        &state,
        &ctx,
        scope,
        can_manage(&user),
        Vec::new(),
        errors,
        saved,
    )
    .await
}

/// Cells named `c{level}_{subject}`; other fields (the CSRF token) are ignored.
fn grid_cells(fields: &[(String, String)]) -> Vec<GridCell> {
    fields
        .iter()
        .filter_map(|(k, v)| {
            let (level, subject) = k.strip_prefix('c')?.split_once('_')?;
            Some(GridCell {
                level_id: level.parse().ok()?,
                subject_id: subject.parse().ok()?,
                raw: v.clone(),
            })
        })
        .collect()
}

pub async fn save_grid(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let cells = grid_cells(&fields);
    match service::save_coefficient_grid(&state, scope, &ctx.audit(), &cells).await {
        Ok(_) => Ok(Redirect::to("/admin/structure/coefficients?saved=1").into_response()),
        Err(Refused::Fields(list)) => {
            let submitted = fields
                .into_iter()
                .filter(|(k, _)| k.starts_with('c'))
                .collect();
            let errors = Errors::new(ctx.lang, list);
            let page =
                render_coefficients(&state, &ctx, scope, true, submitted, errors, false).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "structure/overrides.html")]
struct OverridesPage {
    s: Shell,
    overrides: Vec<OverrideRow>,
    subjects: Vec<SubjectRow>,
    levels: Vec<LevelRow>,
    classes: Vec<ClassRow>,
    periods: Vec<PeriodRow>,
    form: OverrideForm,
    errors: Errors,
    saved: bool,
    can_manage: bool,
}

impl OverridesPage {
    fn coef(&self, cents: &i64) -> String {
        model::format_coefficient(*cents, self.s.lang)
    }

    fn selected(&self, field: &str, id: &i64) -> bool {
        let value = match field {
            "subject_id" => &self.form.subject_id,
            "class_id" => &self.form.class_id,
            "level_id" => &self.form.level_id,
            _ => &self.form.period_id,
        };
        *value == id.to_string()
    }
}

async fn render_overrides(
    state: &AppState,
    ctx: &RequestCtx,
    scope: SchoolScope,
    manage: bool,
    form: OverrideForm,
    errors: Errors,
    saved: bool,
) -> Result<Response, AppError> {
    let pool = &state.db.pool;
    let (year, filter) = super::calendar::current_year_filter(state, scope).await?;
    let (periods, classes) = match &year {
        Some(y) => (
            repo::list_periods(pool, scope, Some(y.id), 100, 0).await?,
            repo::list_classes(pool, scope, filter, 10_000, 0).await?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    render(&OverridesPage {
        s: Shell::new(ctx),
        overrides: repo::list_overrides(pool, scope, None).await?,
        subjects: repo::list_subjects(pool, scope, None, 1000, 0).await?,
        levels: repo::list_levels(pool, scope, 1000, 0).await?,
        classes,
        periods,
        form,
        errors,
        saved,
        can_manage: manage,
    })
}

pub async fn overrides_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    axum_extra::extract::Query(q): axum_extra::extract::Query<SavedQuery>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    let errors = Errors::none(ctx.lang);
    let (manage, saved) = (can_manage(&user), q.saved.is_some());
    render_overrides(
        &state,
        &ctx,
        scope,
        manage,
        OverrideForm::default(),
        errors,
        saved,
    )
    .await
}

pub async fn create_override(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(form): Form<OverrideForm>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    match service::set_override(&state, scope, &ctx.audit(), &form).await {
        Ok(_) => Ok(Redirect::to("/admin/structure/coefficient-overrides?saved=1").into_response()),
        Err(Refused::Fields(list)) => {
            let errors = Errors::new(ctx.lang, list);
            let page = render_overrides(&state, &ctx, scope, true, form, errors, false).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

pub async fn delete_override(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::delete_override(&state, scope, &ctx.audit(), None, id).await?;
    Ok(Redirect::to("/admin/structure/coefficient-overrides").into_response())
}
