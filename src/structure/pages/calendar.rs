//! The structure overview, academic years and their periods (edit, close early, reopen),
//! and levels.

use askama::Template;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::Form;
use jiff::civil::Date;

use super::{after, can_manage, scope_for};
use crate::{
    AppState,
    auth::{context::Auth, policy::Action},
    error::AppError,
    structure::{
        model::{self, LevelForm, PeriodForm, YearForm},
        repo::{self, ClassFilter, LevelRow, PeriodRow, YearRow},
        service,
    },
    web::{
        form::Errors,
        layout::{Shell, render},
    },
};

/// A period as the pages show it: its row and whether it is closed today.
pub struct PeriodLine {
    pub row: PeriodRow,
    pub closed: bool,
}

fn period_lines(rows: Vec<PeriodRow>, today: Date) -> Vec<PeriodLine> {
    rows.into_iter()
        .map(|row| PeriodLine {
            closed: model::is_closed(&row.closes_on, row.closed_at, today),
            row,
        })
        .collect()
}

// ---- overview -----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "structure/overview.html")]
struct OverviewPage {
    s: Shell,
    year: Option<YearRow>,
    periods: Vec<PeriodLine>,
    levels: i64,
    classes: i64,
    subjects: i64,
    groups: i64,
    can_manage: bool,
}

pub async fn overview(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    let (scope, school) = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    let pool = &state.db.pool;
    let year = repo::current_year(pool, scope).await?;
    let today = service::school_today(&school, state.clock.as_ref());
    let (periods, classes) = match &year {
        Some(y) => (
            period_lines(
                repo::list_periods(pool, scope, Some(y.id), 100, 0).await?,
                today,
            ),
            y.classes,
        ),
        None => (Vec::new(), 0),
    };
    render(&OverviewPage {
        s: Shell::new(&ctx),
        year,
        periods,
        levels: repo::count_levels(pool, scope).await?,
        classes,
        subjects: repo::count_subjects(pool, scope, None).await?,
        groups: repo::count_groups(pool, scope).await?,
        can_manage: can_manage(&user),
    })
}

// ---- years and periods --------------------------------------------------------------------

#[derive(Template)]
#[template(path = "structure/years.html")]
struct YearsPage {
    s: Shell,
    years: Vec<(YearRow, Vec<PeriodLine>)>,
    can_manage: bool,
}

pub async fn years_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    let (scope, school) = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    let pool = &state.db.pool;
    let today = service::school_today(&school, state.clock.as_ref());
    let years = repo::list_years(pool, scope, 1000, 0).await?;
    let mut periods = period_lines(
        repo::list_periods(pool, scope, None, 10_000, 0).await?,
        today,
    );
    let years = years
        .into_iter()
        .map(|y| {
            let (mine, rest): (Vec<_>, Vec<_>) =
                periods.drain(..).partition(|p| p.row.year_id == y.id);
            periods = rest;
            (y, mine)
        })
        .collect();
    render(&YearsPage {
        s: Shell::new(&ctx),
        years,
        can_manage: can_manage(&user),
    })
}

#[derive(Template)]
#[template(path = "structure/year_form.html")]
struct YearFormPage {
    s: Shell,
    /// `None` for a new year.
    id: Option<i64>,
    form: YearForm,
    errors: Errors,
}

impl YearFormPage {
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/admin/structure/years/{id}"),
            None => "/admin/structure/years/new".to_owned(),
        }
    }
}

pub async fn new_year_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    let (scope, school) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let years = repo::list_years(&state.db.pool, scope, 1, 0).await?;
    let last_end = years
        .first()
        .and_then(|y| model::parse_date(&y.ends_on).ok());
    let today = service::school_today(&school, state.clock.as_ref());
    let (name, starts_on, ends_on) = model::suggested_year(today, last_end);
    let has_current = repo::current_year(&state.db.pool, scope).await?.is_some();
    render(&YearFormPage {
        s: Shell::new(&ctx),
        id: None,
        form: YearForm {
            name,
            starts_on: starts_on.to_string(),
            ends_on: ends_on.to_string(),
            is_current: (!has_current).then(|| "on".to_owned()),
        },
        errors: Errors::none(ctx.lang),
    })
}

pub async fn create_year(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(form): Form<YearForm>,
) -> Result<Response, AppError> {
    let (scope, school) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let result = service::create_year(&state, &school, scope, &ctx.audit(), &form).await;
    after(result, "/admin/structure/years", |list| {
        render(&YearFormPage {
            s: Shell::new(&ctx),
            id: None,
            form,
            errors: Errors::new(ctx.lang, list),
        })
    })
}

pub async fn edit_year_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let year = repo::year(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    render(&YearFormPage {
        s: Shell::new(&ctx),
        id: Some(id),
        form: YearForm::from(&year),
        errors: Errors::none(ctx.lang),
    })
}

pub async fn update_year(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
    Form(form): Form<YearForm>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let result = service::update_year(&state, scope, &ctx.audit(), id, &form).await;
    after(result, "/admin/structure/years", |list| {
        render(&YearFormPage {
            s: Shell::new(&ctx),
            id: Some(id),
            form,
            errors: Errors::new(ctx.lang, list),
        })
    })
}

pub async fn delete_year(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::delete_year(&state, scope, &ctx.audit(), id).await?;
    Ok(Redirect::to("/admin/structure/years").into_response())
}

#[derive(Template)]
#[template(path = "structure/period_form.html")]
struct PeriodFormPage {
    s: Shell,
    /// `None` for a new period.
    id: Option<i64>,
    year_id: i64,
    year_name: String,
    form: PeriodForm,
    errors: Errors,
}

impl PeriodFormPage {
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/admin/structure/periods/{id}"),
            None => format!("/admin/structure/years/{}/periods/new", self.year_id),
        }
    }
}

pub async fn new_period_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(year_id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let year = repo::year(&state.db.pool, scope, year_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let periods = repo::list_periods(&state.db.pool, scope, Some(year_id), 1000, 0).await?;
    // After the last period (or from the year's start), to the year's end.
    let starts_on = periods
        .iter()
        .filter_map(|p| model::parse_date(&p.ends_on).ok())
        .max()
        .and_then(|d| d.tomorrow().ok())
        .map_or_else(|| year.starts_on.clone(), |d| d.to_string());
    let form = PeriodForm {
        name: String::new(),
        position: (periods.iter().map(|p| p.position).max().unwrap_or(0) + 1).to_string(),
        starts_on,
        ends_on: year.ends_on.clone(),
        closes_on: year.ends_on.clone(),
    };
    render(&PeriodFormPage {
        s: Shell::new(&ctx),
        id: None,
        year_id,
        year_name: year.name,
        form,
        errors: Errors::none(ctx.lang),
    })
}

pub async fn create_period(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(year_id): Path<i64>,
    Form(form): Form<PeriodForm>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let year = repo::year(&state.db.pool, scope, year_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let result = service::create_period(&state, scope, &ctx.audit(), year_id, &form).await;
    after(result, "/admin/structure/years", |list| {
        render(&PeriodFormPage {
            s: Shell::new(&ctx),
            id: None,
            year_id,
            year_name: year.name,
            form,
            errors: Errors::new(ctx.lang, list),
        })
    })
}

pub async fn edit_period_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let period = repo::period(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let year = repo::year(&state.db.pool, scope, period.year_id).await?;
    render(&PeriodFormPage {
        s: Shell::new(&ctx),
        id: Some(id),
        year_id: period.year_id,
        year_name: year.map(|y| y.name).unwrap_or_default(),
        form: PeriodForm::from(&period),
        errors: Errors::none(ctx.lang),
    })
}

pub async fn update_period(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
    Form(form): Form<PeriodForm>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let period = repo::period(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let year_name = repo::year(&state.db.pool, scope, period.year_id)
        .await?
        .map(|y| y.name)
        .unwrap_or_default();
    let result = service::update_period(&state, scope, &ctx.audit(), id, &form).await;
    after(result, "/admin/structure/years", |list| {
        render(&PeriodFormPage {
            s: Shell::new(&ctx),
            id: Some(id),
            year_id: period.year_id,
            year_name,
            form,
            errors: Errors::new(ctx.lang, list),
        })
    })
}

pub async fn close_period(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, school) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::close_period(&state, &school, scope, &ctx.audit(), id).await?;
    Ok(Redirect::to("/admin/structure/years").into_response())
}

pub async fn reopen_period(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, school) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::reopen_period(&state, &school, scope, &ctx.audit(), id).await?;
    Ok(Redirect::to("/admin/structure/years").into_response())
}

pub async fn delete_period(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::delete_period(&state, scope, &ctx.audit(), id).await?;
    Ok(Redirect::to("/admin/structure/years").into_response())
}

// ---- levels -------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "structure/levels.html")]
struct LevelsPage {
    s: Shell,
    levels: Vec<LevelRow>,
    form: LevelForm,
    errors: Errors,
    can_manage: bool,
}

async fn render_levels(
    state: &AppState,
    ctx: &crate::auth::context::RequestCtx,
    scope: crate::schools::SchoolScope,
    manage: bool,
    form: LevelForm,
    errors: Errors,
) -> Result<Response, AppError> {
    let levels = repo::list_levels(&state.db.pool, scope, 1000, 0).await?;
    render(&LevelsPage {
        s: Shell::new(ctx),
        levels,
        form,
        errors,
        can_manage: manage,
    })
}

pub async fn levels_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    let errors = Errors::none(ctx.lang);
    render_levels(
        &state,
        &ctx,
        scope,
        can_manage(&user),
        LevelForm::default(),
        errors,
    )
    .await
}

pub async fn create_level(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(form): Form<LevelForm>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    match service::create_level(&state, scope, &ctx.audit(), &form).await {
        Ok(_) => Ok(Redirect::to("/admin/structure/levels").into_response()),
        Err(crate::accounts::service::Refused::Fields(list)) => {
            let errors = Errors::new(ctx.lang, list);
            let page = render_levels(&state, &ctx, scope, true, form, errors).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(crate::accounts::service::Refused::Error(e)) => Err(e),
    }
}

/// The edit form of a level or a subject group: a name and a position.
#[derive(Template)]
#[template(path = "structure/named_form.html")]
pub(super) struct NamedFormPage {
    pub s: Shell,
    pub title_key: &'static str,
    pub action: String,
    pub back: &'static str,
    pub name: String,
    pub position: String,
    pub errors: Errors,
}

fn level_form_page(
    ctx: &crate::auth::context::RequestCtx,
    id: i64,
    form: LevelForm,
    errors: Errors,
) -> NamedFormPage {
    NamedFormPage {
        s: Shell::new(ctx),
        title_key: "structure-level-edit",
        action: format!("/admin/structure/levels/{id}"),
        back: "/admin/structure/levels",
        name: form.name,
        position: form.position,
        errors,
    }
}

pub async fn edit_level_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let level = repo::level(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    render(&level_form_page(
        &ctx,
        id,
        LevelForm::from(&level),
        Errors::none(ctx.lang),
    ))
}

pub async fn update_level(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
    Form(form): Form<LevelForm>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let result = service::update_level(&state, scope, &ctx.audit(), id, &form).await;
    after(result, "/admin/structure/levels", |list| {
        render(&level_form_page(
            &ctx,
            id,
            form,
            Errors::new(ctx.lang, list),
        ))
    })
}

pub async fn delete_level(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    service::delete_level(&state, scope, &ctx.audit(), id).await?;
    Ok(Redirect::to("/admin/structure/levels").into_response())
}

/// Classes of the current year (for the overview's count and the class list's default).
pub(super) async fn current_year_filter(
    state: &AppState,
    scope: crate::schools::SchoolScope,
) -> Result<(Option<YearRow>, ClassFilter), AppError> {
    let year = repo::current_year(&state.db.pool, scope).await?;
    let filter = ClassFilter {
        year_id: year.as_ref().map(|y| y.id),
        ..ClassFilter::default()
    };
    Ok((year, filter))
}
