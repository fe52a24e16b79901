//! Classes: the list per year, the create/edit form, the teaching-assignment grid of a
//! class, the class page (`/classes/{id}`) and the classes list (`/classes`: a teacher's own
//! classes, or every class of the current year for staff).

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::{Form, Query};
use serde::Deserialize;

use super::{can_manage, scope_for};
use crate::{
    AppState,
    accounts::{model::Role, service::Refused},
    auth::{
        context::{Auth, RequestCtx},
        policy::{self, Action, Scope},
    },
    error::AppError,
    schools::SchoolScope,
    structure::{
        classes::{self, ClassView, MyClass},
        model::{AssignmentForm, ClassForm, format_coefficient},
        repo::{
            self, AssignmentFilter, AssignmentRow, ClassFilter, ClassRow, LevelRow, PeriodRow,
            SubjectRow, TeacherRow, YearRow,
        },
    },
    web::{
        form::Errors,
        layout::{Shell, render},
    },
};

// ---- class list ---------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    year_id: Option<String>,
}

impl YearQuery {
    fn year_id(&self) -> Option<i64> {
        self.year_id.as_deref().and_then(|y| y.parse().ok())
    }
}

#[derive(Template)]
#[template(path = "structure/classes.html")]
struct ClassesPage {
    s: Shell,
    years: Vec<YearRow>,
    year_id: Option<i64>,
    classes: Vec<ClassRow>,
    can_manage: bool,
}

impl ClassesPage {
    fn is_year(&self, id: &i64) -> bool {
        self.year_id == Some(*id)
    }

    fn new_url(&self) -> String {
        match self.year_id {
            Some(y) => format!("/admin/structure/classes/new?year_id={y}"),
            None => "/admin/structure/classes/new".to_owned(),
        }
    }
}

pub async fn classes_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ViewStructure).await?;
    let pool = &state.db.pool;
    let years = repo::list_years(pool, scope, 1000, 0).await?;
    let year_id = q
        .year_id()
        .filter(|id| years.iter().any(|y| y.id == *id))
        .or_else(|| years.iter().find(|y| y.is_current == 1).map(|y| y.id))
        .or_else(|| years.first().map(|y| y.id));
    let classes = match year_id {
        Some(y) => {
            let filter = ClassFilter {
                year_id: Some(y),
                ..ClassFilter::default()
            };
            repo::list_classes(pool, scope, filter, 10_000, 0).await?
        }
        None => Vec::new(),
    };
    render(&ClassesPage {
        s: Shell::new(&ctx),
        years,
        year_id,
        classes,
        can_manage: can_manage(&user),
    })
}

// ---- class form ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "structure/class_form.html")]
struct ClassFormPage {
    s: Shell,
    id: Option<i64>,
    form: ClassForm,
    years: Vec<YearRow>,
    levels: Vec<LevelRow>,
    teachers: Vec<TeacherRow>,
    errors: Errors,
}

impl ClassFormPage {
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/admin/structure/classes/{id}"),
            None => "/admin/structure/classes/new".to_owned(),
        }
    }

    fn selected(&self, field: &str, id: &i64) -> bool {
        let value = match field {
            "year_id" => &self.form.year_id,
            "level_id" => &self.form.level_id,
            _ => &self.form.main_teacher_id,
        };
        *value == id.to_string()
    }
}

async fn class_form_page(
    state: &AppState,
    ctx: &RequestCtx,
    scope: SchoolScope,
    id: Option<i64>,
    form: ClassForm,
    errors: Errors,
) -> Result<Response, AppError> {
    let pool = &state.db.pool;
    render(&ClassFormPage {
        s: Shell::new(ctx),
        id,
        form,
        years: repo::list_years(pool, scope, 1000, 0).await?,
        levels: repo::list_levels(pool, scope, 1000, 0).await?,
        teachers: repo::teachers(pool, scope).await?,
        errors,
    })
}

pub async fn new_class_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let year_id = match q.year_id() {
        Some(y) => Some(y),
        None => repo::current_year(&state.db.pool, scope)
            .await?
            .map(|y| y.id),
    };
    let form = ClassForm {
        year_id: year_id.map(|y| y.to_string()).unwrap_or_default(),
        ..ClassForm::default()
    };
    class_form_page(&state, &ctx, scope, None, form, Errors::none(ctx.lang)).await
}

async fn class_result(
    state: &AppState,
    ctx: &RequestCtx,
    scope: SchoolScope,
    id: Option<i64>,
    form: ClassForm,
    result: Result<(), Refused>,
) -> Result<Response, AppError> {
    match result {
        Ok(()) => {
            let to = format!("/admin/structure/classes?year_id={}", form.year_id.trim());
            Ok(Redirect::to(&to).into_response())
        }
        Err(Refused::Fields(list)) => {
            let errors = Errors::new(ctx.lang, list);
            let page = class_form_page(state, ctx, scope, id, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

pub async fn create_class(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(form): Form<ClassForm>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let result = classes::create_class(&state, scope, &ctx.audit(), &form)
        .await
        .map(|_| ());
    class_result(&state, &ctx, scope, None, form, result).await
}

pub async fn edit_class_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let class = repo::class(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = ClassForm::from(&class);
    class_form_page(&state, &ctx, scope, Some(id), form, Errors::none(ctx.lang)).await
}

pub async fn update_class(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
    Form(form): Form<ClassForm>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let result = classes::update_class(&state, scope, &ctx.audit(), id, &form).await;
    class_result(&state, &ctx, scope, Some(id), form, result).await
}

pub async fn delete_class(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let year = repo::class(&state.db.pool, scope, id)
        .await?
        .map(|c| c.year_id)
        .ok_or(AppError::NotFound)?;
    classes::delete_class(&state, scope, &ctx.audit(), id).await?;
    Ok(Redirect::to(&format!("/admin/structure/classes?year_id={year}")).into_response())
}

// ---- teaching assignments of a class ------------------------------------------------------

/// One row of the grid: a subject and who teaches it all year.
struct GridRow {
    subject: SubjectRow,
    teacher_id: Option<i64>,
    /// Taught at the class's level (has a coefficient there).
    at_level: bool,
}

#[derive(Template)]
#[template(path = "structure/class_assignments.html")]
struct AssignmentsPage {
    s: Shell,
    class: ClassRow,
    rows: Vec<GridRow>,
    /// Assignments limited to one period (a teacher who takes over mid-year).
    by_period: Vec<AssignmentRow>,
    teachers: Vec<TeacherRow>,
    /// The periods of the class's year, for a period-limited assignment.
    periods: Vec<PeriodRow>,
    /// Every subject, for a period-limited assignment.
    subjects: Vec<SubjectRow>,
    /// The period-limited assignment form, as submitted.
    period_form: AssignmentForm,
    errors: Errors,
    /// The period-limited assignment form's errors.
    period_errors: Errors,
    saved: bool,
}

impl AssignmentsPage {
    fn is_teacher(&self, row: &GridRow, id: &i64) -> bool {
        row.teacher_id == Some(*id)
    }

    fn chosen(&self, value: &str, id: &i64) -> bool {
        value == id.to_string()
    }
}

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// What the assignment page shows besides the data: the forms' errors and input.
struct AssignmentsState {
    errors: Errors,
    period_form: AssignmentForm,
    period_errors: Errors,
    saved: bool,
}

impl AssignmentsState {
    fn clean(ctx: &RequestCtx, saved: bool) -> Self {
        Self {
            errors: Errors::none(ctx.lang),
            period_form: AssignmentForm::default(),
            period_errors: Errors::none(ctx.lang),
            saved,
        }
    }
}

async fn assignments_page_for(
    state: &AppState,
    ctx: &RequestCtx,
    scope: SchoolScope,
    id: i64,
    page: AssignmentsState,
) -> Result<Response, AppError> {
    let pool = &state.db.pool;
    let class = repo::class(pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let filter = AssignmentFilter {
        class_id: Some(id),
        ..AssignmentFilter::default()
    };
    let (year_long, by_period): (Vec<_>, Vec<_>) =
        repo::list_assignments(pool, scope, filter, 10_000, 0)
            .await?
            .into_iter()
            .partition(|a| a.period_id.is_none());
    let at_level: Vec<i64> = repo::level_coefficients(pool, scope, None)
        .await?
        .iter()
        .filter(|c| c.level_id == class.level_id)
        .map(|c| c.subject_id)
        .collect();
    let subjects = repo::list_subjects(pool, scope, None, 1000, 0).await?;
    let rows = subjects
        .iter()
        .cloned()
        .map(|subject| GridRow {
            teacher_id: year_long
                .iter()
                .find(|a| a.subject_id == subject.id)
                .map(|a| a.teacher_id),
            at_level: at_level.contains(&subject.id),
            subject,
        })
        .filter(|r| r.at_level || r.teacher_id.is_some())
        .collect();
    let periods = repo::list_periods(pool, scope, Some(class.year_id), 100, 0).await?;
    render(&AssignmentsPage {
        s: Shell::new(ctx),
        class,
        rows,
        by_period,
        teachers: repo::teachers(pool, scope).await?,
        periods,
        subjects,
        period_form: page.period_form,
        errors: page.errors,
        period_errors: page.period_errors,
        saved: page.saved,
    })
}

pub async fn class_assignments_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let page = AssignmentsState::clean(&ctx, q.saved.is_some());
    assignments_page_for(&state, &ctx, scope, id, page).await
}

/// Fields `t{subject_id}` = teacher id, or blank for nobody.
fn grid_rows(fields: &[(String, String)]) -> Result<Vec<(i64, Option<i64>)>, ()> {
    let mut rows = Vec::new();
    for (k, v) in fields {
        let Some(subject) = k.strip_prefix('t') else {
            continue;
        };
        let subject = subject.parse().map_err(|_| ())?;
        let teacher = match v.trim() {
            "" => None,
            t => Some(t.parse().map_err(|_| ())?),
        };
        rows.push((subject, teacher));
    }
    Ok(rows)
}

pub async fn save_class_assignments(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let result = match grid_rows(&fields) {
        Ok(rows) => classes::save_class_assignments(&state, scope, &ctx.audit(), id, &rows).await,
        Err(()) => Err(Refused::Fields(vec![("assignments", "error-choice")])),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!(
            "/admin/structure/classes/{id}/assignments?saved=1"
        ))
        .into_response()),
        Err(Refused::Fields(list)) => {
            let page = AssignmentsState {
                errors: Errors::new(ctx.lang, list),
                ..AssignmentsState::clean(&ctx, false)
            };
            let page = assignments_page_for(&state, &ctx, scope, id, page).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

/// Adds an assignment limited to one period of the class's year (a teacher who takes a
/// subject over mid-year); the class comes from the path.
pub async fn add_period_assignment(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
    Form(mut form): Form<AssignmentForm>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    if repo::class(&state.db.pool, scope, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    form.class_id = id.to_string();
    let mut list = Vec::new();
    // Every missing choice is named at once; a year-long assignment belongs to the grid
    // above, so here the period is required too.
    form.parse(&mut list);
    if form.period_id.trim().is_empty() {
        list.push(("period_id", "error-choice"));
    }
    let result = if list.is_empty() {
        classes::create_assignment(&state, scope, &ctx.audit(), &form).await
    } else {
        Err(Refused::Fields(list))
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!(
            "/admin/structure/classes/{id}/assignments?saved=1#h-by-period"
        ))
        .into_response()),
        Err(Refused::Fields(list)) => {
            let page = AssignmentsState {
                period_errors: Errors::new(ctx.lang, list),
                period_form: form,
                ..AssignmentsState::clean(&ctx, false)
            };
            let page = assignments_page_for(&state, &ctx, scope, id, page).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

/// The class's assignment `assignment_id`, or 404 (another class's or another school's).
async fn class_assignment(
    state: &AppState,
    scope: SchoolScope,
    class_id: i64,
    assignment_id: i64,
) -> Result<AssignmentRow, AppError> {
    repo::assignment(&state.db.pool, scope, assignment_id)
        .await?
        .filter(|a| a.class_id == class_id)
        .ok_or(AppError::NotFound)
}

/// Confirms the removal of one of the class's assignments.
pub async fn confirm_delete_assignment(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path((id, assignment_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    let a = class_assignment(&state, scope, id, assignment_id).await?;
    let name = match &a.period_name {
        Some(p) => format!("{} — {} ({p})", a.subject_name, a.teacher_name),
        None => format!("{} — {}", a.subject_name, a.teacher_name),
    };
    super::confirm::confirm_page(
        &ctx,
        "structure-confirm-assignment",
        &name,
        format!("/admin/structure/classes/{id}/assignments/{assignment_id}/delete"),
        format!("/admin/structure/classes/{id}/assignments"),
    )
}

pub async fn delete_assignment(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path((id, assignment_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (scope, _) = scope_for(&state, &ctx, &user, Action::ManageStructure).await?;
    class_assignment(&state, scope, id, assignment_id).await?;
    classes::delete_assignment(&state, scope, &ctx.audit(), assignment_id).await?;
    Ok(Redirect::to(&format!(
        "/admin/structure/classes/{id}/assignments#h-by-period"
    ))
    .into_response())
}

// ---- the class page and the classes list ---------------------------------------------------

#[derive(Template)]
#[template(path = "structure/class.html")]
struct ClassPage {
    s: Shell,
    v: ClassView,
    can_manage: bool,
    can_see_students: bool,
    /// Links to the class gradebook (the staff who read grades; families never see a class's).
    can_see_gradebook: bool,
}

impl ClassPage {
    /// A subject's coefficient in the class ("2,5"), or a dash when it has none.
    fn coefficient(&self, subject_id: &i64) -> String {
        self.v
            .coefficient(*subject_id)
            .map_or_else(|| "—".to_owned(), |c| format_coefficient(c, self.s.lang))
    }
}

pub async fn class_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let v = classes::view_class(&state, &ctx, &user, id).await?;
    render(&ClassPage {
        s: Shell::new(&ctx),
        v,
        can_manage: can_manage(&user),
        // Whoever may see the class sees its students' records (a teacher of the class is
        // "own" to them too); the link is shown to those the student page will let in.
        can_see_students: policy::allows(&user, Action::ViewStudent, Scope::Own),
        can_see_gradebook: policy::allows(&user, Action::ViewGrades, Scope::Own)
            && [Role::SchoolAdmin, Role::VieScolaire, Role::Teacher]
                .iter()
                .any(|r| user.has_role(*r)),
    })
}

#[derive(Template)]
#[template(path = "structure/my_classes.html")]
struct MyClassesPage {
    s: Shell,
    mine: Vec<MyClass>,
    /// For staff who see every class: the current year's classes.
    all: Vec<ClassRow>,
    school_wide: bool,
}

pub async fn my_classes_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    let school_wide = policy::allows(&user, Action::ViewClass, Scope::SameSchool);
    policy::require_on(&state, &ctx, &user, Action::ViewClass, Scope::Own).await?;
    let mine = classes::my_classes(&state, &user).await?;
    let all = match (school_wide, user.scope()) {
        (true, Some(scope)) => {
            let (_, filter) = super::calendar::current_year_filter(&state, scope).await?;
            if filter.year_id.is_some() {
                repo::list_classes(&state.db.pool, scope, filter, 10_000, 0).await?
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    };
    render(&MyClassesPage {
        s: Shell::new(&ctx),
        mine,
        all,
        school_wide,
    })
}
