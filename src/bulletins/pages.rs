//! The bulletin pages: `/bulletins` (administrators: issue a period's bulletins by class or for
//! the whole school, follow the job, download a class's bulletins), a student's bulletins
//! (`/students/{id}/bulletins`, staff and family), a bulletin's PDF (`/bulletins/{id}/pdf`).
//! Class downloads and the verification page: [`super::pages_files`].

use askama::Template;
use axum::{
    Form, Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use serde::Deserialize;

use super::{
    access, pages_files,
    repo::{self, BulletinRow, ClassIssued, JobRow, ListFilter},
    service::{self, IssueRequest, Target},
};
use crate::{
    AppState,
    auth::{
        context::Auth,
        policy::{self, Action, Routes},
    },
    error::AppError,
    structure::{self, repo as structure_repo, repo::PeriodRow},
    web::{
        form::Errors,
        layout::{Shell, display_date, render},
    },
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for("/bulletins", get(admin_page).post(issue))
        .route_for("/bulletins/{id}/pdf", get(download))
        .route_for("/students/{id}/bulletins", get(student_page))
        .merge(pages_files::routes())
}

/// A period in the chooser.
pub(super) struct PeriodChoice {
    pub id: i64,
    pub name: String,
    pub closed: bool,
    pub selected: bool,
}

/// The school's periods, newest year first, and the chosen one: `requested`, else the latest
/// closed period, else the first.
pub(super) async fn periods(
    state: &AppState,
    user: &crate::auth::context::CurrentUser,
    requested: Option<i64>,
) -> Result<(Vec<PeriodChoice>, Option<PeriodRow>), AppError> {
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let school = crate::api::structure::school_of(user)?;
    let today = structure::school_today(school, state.clock.as_ref());
    let rows = structure_repo::list_periods(&state.db.pool, scope, None, 200, 0).await?;
    let closed = |p: &PeriodRow| structure::model::is_closed(&p.closes_on, p.closed_at, today);
    let chosen = requested
        .and_then(|id| rows.iter().find(|p| p.id == id))
        .or_else(|| {
            rows.iter()
                .filter(|p| closed(p))
                .max_by_key(|p| (p.year_id, p.position))
        })
        .or_else(|| rows.first())
        .cloned();
    let choices = rows
        .iter()
        .map(|p| PeriodChoice {
            id: p.id,
            name: p.name.clone(),
            closed: closed(p),
            selected: chosen.as_ref().is_some_and(|c| c.id == p.id),
        })
        .collect();
    Ok((choices, chosen))
}

#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    pub period_id: Option<String>,
}

impl PeriodQuery {
    pub fn id(&self) -> Option<i64> {
        self.period_id
            .as_deref()
            .and_then(|p| p.trim().parse().ok())
    }
}

/// A job as the page shows it.
pub(super) struct JobView {
    pub id: i64,
    pub running: bool,
    pub failed: bool,
    pub done: i64,
    pub total: i64,
    pub issued: i64,
    pub skipped: i64,
    pub error: Option<String>,
}

impl From<JobRow> for JobView {
    fn from(j: JobRow) -> Self {
        JobView {
            id: j.id,
            running: j.status == "queued" || j.status == "running",
            failed: j.status == "failed",
            done: j.done,
            total: j.total,
            issued: j.issued,
            skipped: j.skipped,
            error: j.error,
        }
    }
}

#[derive(Template)]
#[template(path = "bulletins/admin.html")]
struct AdminPage {
    s: Shell,
    periods: Vec<PeriodChoice>,
    period: Option<PeriodRow>,
    closed: bool,
    classes: Vec<ClassIssued>,
    job: Option<JobView>,
    errors: Errors,
    /// The class whose corrections form was refused, with the reason typed.
    reason_class: Option<i64>,
    reason: String,
    /// A refusal that is not a field's (another job runs).
    conflict: Option<String>,
}

impl AdminPage {
    /// Whether the refused corrections form was this class's.
    fn reason_for(&self, c: &ClassIssued) -> bool {
        self.reason_class == Some(c.id)
    }

    fn issued_at(&self, c: &ClassIssued) -> String {
        c.last_issued_at
            .map(|ms| self.datetime(ms))
            .unwrap_or_default()
    }

    fn datetime(&self, ms: i64) -> String {
        let iso = jiff::Timestamp::from_millisecond(ms)
            .map(|t| t.to_string())
            .unwrap_or_default();
        display_date(self.s.lang, iso.get(..10).unwrap_or(""))
    }
}

async fn admin_view(
    state: &AppState,
    s: Shell,
    user: &crate::auth::context::CurrentUser,
    requested: Option<i64>,
) -> Result<AdminPage, AppError> {
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let (periods, period) = periods(state, user, requested).await?;
    let school = crate::api::structure::school_of(user)?;
    let today = structure::school_today(school, state.clock.as_ref());
    let closed = period
        .as_ref()
        .is_some_and(|p| structure::model::is_closed(&p.closes_on, p.closed_at, today));
    let classes = match &period {
        Some(p) => repo::classes_issued(&state.db.pool, scope, p.id).await?,
        None => Vec::new(),
    };
    let job = repo::latest_job(&state.db.pool, scope)
        .await?
        .map(JobView::from);
    let lang = s.lang;
    Ok(AdminPage {
        s,
        periods,
        period,
        closed,
        classes,
        job,
        errors: Errors::none(lang),
        reason_class: None,
        reason: String::new(),
        conflict: None,
    })
}

async fn admin_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::IssueBulletins).await?;
    render(&admin_view(&state, Shell::new(&ctx), &user, query.id()).await?)
}

#[derive(Debug, Deserialize)]
pub struct IssueForm {
    period_id: String,
    /// `class` or `school`.
    scope: String,
    class_id: Option<String>,
    corrections: Option<String>,
    reason: Option<String>,
}

/// Starts an issuing job and comes back to the page, which follows it.
async fn issue(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(form): Form<IssueForm>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::IssueBulletins).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let school = crate::api::structure::school_of(&user)?;
    let period_id: i64 = form
        .period_id
        .trim()
        .parse()
        .map_err(|_| AppError::NotFound)?;
    let class_id: Option<i64> = form.class_id.as_deref().and_then(|c| c.trim().parse().ok());
    let target = match (form.scope.as_str(), class_id) {
        ("school", _) => Target::School,
        ("class", Some(id)) => Target::Class(id),
        _ => return Err(AppError::NotFound),
    };
    let request = IssueRequest {
        period_id,
        target,
        corrections: form.corrections.is_some(),
        reason: form.reason.clone(),
    };
    let refused = |page: AdminPage| -> Result<Response, AppError> {
        Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
    };
    let started = match service::check(&state, scope, school, request).await {
        Ok(plan) => jobs_start(&state, plan, &ctx, user.id).await,
        Err(e) => Err(e),
    };
    match started {
        Ok(()) => Ok(Redirect::to(&format!("/bulletins?period_id={period_id}")).into_response()),
        Err(AppError::Validation(list)) => {
            let mut page = admin_view(&state, Shell::new(&ctx), &user, Some(period_id)).await?;
            page.errors = Errors::new(ctx.lang, list);
            page.reason_class = class_id.filter(|_| form.corrections.is_some());
            page.reason = form.reason.unwrap_or_default();
            refused(page)
        }
        Err(AppError::Conflict(key)) => {
            let mut page = admin_view(&state, Shell::new(&ctx), &user, Some(period_id)).await?;
            page.conflict = Some(ctx.lang.t(key));
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

async fn jobs_start(
    state: &AppState,
    plan: service::Plan,
    ctx: &crate::auth::context::RequestCtx,
    user_id: i64,
) -> Result<(), AppError> {
    super::jobs::start(state, plan, ctx.audit(), Some(user_id))
        .await
        .map(|_| ())
}

/// A bulletin's PDF (checked against its SHA-256; refused and audited when it does not match).
async fn download(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let (scope, row, _) = access::bulletin(&state, &ctx, &user, id).await?;
    let bytes = service::verified_pdf(&state, scope, &ctx.audit(), &row).await?;
    Ok(crate::api::bulletins::pdf_response(&row, bytes))
}

/// A period's bulletins of a student, newest version first.
pub(super) struct PeriodBulletins {
    pub name: String,
    pub versions: Vec<BulletinRow>,
}

#[derive(Template)]
#[template(path = "bulletins/student.html")]
struct StudentPage {
    s: Shell,
    name: String,
    staff: bool,
    periods: Vec<PeriodBulletins>,
}

impl StudentPage {
    fn issued_at(&self, b: &BulletinRow) -> String {
        let iso = jiff::Timestamp::from_millisecond(b.issued_at)
            .map(|t| t.to_string())
            .unwrap_or_default();
        display_date(self.s.lang, iso.get(..10).unwrap_or(""))
    }
}

/// Group rows (ordered by period, newest first, then version) by period.
pub(super) fn by_period(rows: Vec<BulletinRow>) -> Vec<PeriodBulletins> {
    let mut out: Vec<PeriodBulletins> = Vec::new();
    let mut last_period = None;
    for row in rows {
        if last_period != Some(row.period_id) {
            last_period = Some(row.period_id);
            out.push(PeriodBulletins {
                name: row.period_name.clone(),
                versions: Vec::new(),
            });
        }
        if let Some(p) = out.last_mut() {
            p.versions.push(row);
        }
    }
    out
}

async fn student_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let student_id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let (scope, staff) = access::student(&state, &ctx, &user, student_id).await?;
    let (first, last): (String, String) = sqlx::query_as(
        "SELECT first_name, last_name FROM students WHERE school_id = $1 AND id = $2",
    )
    .bind(scope.school_id())
    .bind(student_id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let filter = ListFilter {
        student_id: Some(student_id),
        all_versions: staff,
        ..ListFilter::default()
    };
    let rows = repo::list(&state.db.pool, scope, &filter, 500, 0).await?;
    render(&StudentPage {
        s: Shell::new(&ctx),
        name: format!("{} {}", last.to_uppercase(), first),
        staff,
        periods: by_period(rows),
    })
}

/// For the family home page: each followed student's latest bulletins (newest period first).
pub struct BulletinsCard {
    pub student_id: i64,
    pub name: String,
    pub bulletins: Vec<BulletinRow>,
}

/// The bulletins cards of the students a parent or student follows (one query).
pub async fn family_cards(
    state: &AppState,
    user: &crate::auth::context::CurrentUser,
    followed: &[(i64, String)],
) -> Result<Vec<BulletinsCard>, AppError> {
    let Some(scope) = user.scope() else {
        return Ok(Vec::new());
    };
    if followed.is_empty() || !policy::allows(user, Action::ViewBulletins, policy::Scope::Own) {
        return Ok(Vec::new());
    }
    let filter = ListFilter {
        students: Some(followed.iter().map(|(id, _)| *id).collect()),
        ..ListFilter::default()
    };
    let rows = repo::list(&state.db.pool, scope, &filter, 200, 0).await?;
    Ok(followed
        .iter()
        .map(|(id, name)| BulletinsCard {
            student_id: *id,
            name: name.clone(),
            bulletins: rows
                .iter()
                .filter(|r| r.student_id == *id)
                .cloned()
                .collect(),
        })
        .collect())
}
