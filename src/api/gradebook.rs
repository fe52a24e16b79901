//! `/api/v2/assessments`: list, read, create, change and delete assessments. The handlers only
//! translate JSON to the gradebook service's [`AssessmentForm`] and back, so the checks, the
//! messages, the refusals (not the class's teacher, closed period) and the audit rows are the
//! ones the web pages get. Results (a student's, a class's): [`super::gradebook_results`].
//!
//! Who reads assessments: the school's administration and vie scolaire all of them, a teacher
//! those of the classes and subjects they teach (and every subject of a class they lead),
//! families never (they read results, published assessments only). Who writes: a school
//! administrator, or the teacher assigned to the class and subject (`enter_marks`).

use axum::{Json, extract::State, http::StatusCode, response::Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiJson, ApiPath, ApiQuery, ApiUser},
    gradebook_results,
    pagination::Page,
    problem::Problem,
    structure::{created, nullable, paging, rfc3339},
    users::refused,
};
use crate::{
    AppState,
    accounts::model::Role,
    auth::{
        context::{CurrentUser, RequestCtx},
        policy::{self, Action, Scope, Subject},
    },
    error::AppError,
    gradebook::{
        repo::{self, AssessmentFilter, AssessmentListRow, AssessmentRow},
        service::{self, AssessmentForm, AssessmentTarget, Author},
    },
    schools::SchoolScope,
    structure::{model::format_coefficient_plain, service::school_today},
};

/// An assessment of a class in a subject and period.
#[derive(Debug, Serialize, ToSchema)]
pub struct Assessment {
    pub id: i64,
    pub class_id: i64,
    pub class_name: String,
    pub subject_id: i64,
    pub subject_code: String,
    pub subject_name: String,
    pub period_id: i64,
    pub period_name: String,
    /// Who created it.
    pub teacher_id: i64,
    pub teacher_name: String,
    pub title: String,
    /// ISO date, inside the period.
    pub date: String,
    /// `devoir`, `interrogation`, `composition`, `oral` or `other`.
    pub kind: String,
    /// The maximum, an exact decimal string ("20", "12.5").
    pub max: String,
    /// The coefficient, an exact decimal string from "0" to "99" ("1", "0.5").
    pub coefficient: String,
    /// `normal`, `bonus` (only points above half count, added to the average) or
    /// `raise_only` (counts only if it raises the average).
    pub rule: String,
    /// ISO date from which students and parents see its marks; `null`: not published.
    pub published_on: Option<String>,
    /// Whether students and parents see it today (the school's date).
    pub published: bool,
    /// Marks entered (points or codes).
    pub marks: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl Assessment {
    fn new(row: AssessmentListRow, today: &str) -> Self {
        let a = row.assessment;
        Self {
            id: a.id,
            class_id: a.class_id,
            class_name: row.class_name,
            subject_id: a.subject_id,
            subject_code: row.subject_code,
            subject_name: row.subject_name,
            period_id: a.period_id,
            period_name: row.period_name,
            teacher_id: a.teacher_id,
            teacher_name: row.teacher_name,
            title: a.title,
            date: a.date,
            kind: a.kind,
            max: format_coefficient_plain(a.max_hundredths),
            coefficient: format_coefficient_plain(a.coefficient_hundredths),
            rule: a.rule,
            published: a.published_on.as_deref().is_some_and(|d| d <= today),
            published_on: a.published_on,
            marks: row.marks,
            created_at: rfc3339(a.created_at),
            updated_at: rfc3339(a.updated_at),
        }
    }
}

/// An exact decimal as a JSON number (`12.5`) or a string (`"12.5"`, `"12,5"`); two
/// decimals at most.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Decimal {
    Number(f64),
    Text(String),
}

impl Decimal {
    /// As typed in the form, for the service to parse exactly: a number becomes its shortest
    /// decimal form (`12.5` → "12.5", `20` → "20", never an exponent), so `12.345` is refused
    /// like the text "12.345". No arithmetic is done on the number.
    fn typed(&self) -> String {
        match self {
            Decimal::Number(n) => n.to_string(),
            Decimal::Text(s) => s.clone(),
        }
    }
}

fn typed(value: Option<&Decimal>) -> String {
    value.map(Decimal::typed).unwrap_or_default()
}

/// A new assessment. The class, subject and period are fixed once created.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAssessment {
    pub class_id: i64,
    pub subject_id: i64,
    /// A period of the class's year, still open.
    pub period_id: i64,
    /// 1 to 200 characters.
    pub title: String,
    /// ISO date inside the period.
    pub date: String,
    /// `devoir`, `interrogation`, `composition`, `oral` or `other`.
    pub kind: String,
    /// Positive, at most 9999.99; default 20.
    pub max: Option<Decimal>,
    /// 0 to 99; default 1.
    pub coefficient: Option<Decimal>,
    /// `normal` (default), `bonus` or `raise_only`.
    pub rule: Option<String>,
    /// ISO date from which students and parents see the marks; absent or `null`: not
    /// published.
    pub published_on: Option<String>,
}

/// A change to an assessment; absent fields stay as they are, `published_on: null`
/// unpublishes. A maximum below a mark already entered is refused.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentChange {
    pub title: Option<String>,
    pub date: Option<String>,
    pub kind: Option<String>,
    pub max: Option<Decimal>,
    pub coefficient: Option<Decimal>,
    pub rule: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub published_on: Option<Option<String>>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssessmentsQuery {
    pub class_id: Option<i64>,
    pub subject_id: Option<i64>,
    pub period_id: Option<i64>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// The form the web page would show for a stored assessment (to apply a partial change).
fn form_of(a: &AssessmentRow) -> AssessmentForm {
    AssessmentForm {
        title: a.title.clone(),
        date: a.date.clone(),
        kind: a.kind.clone(),
        max: format_coefficient_plain(a.max_hundredths),
        coefficient: format_coefficient_plain(a.coefficient_hundredths),
        rule: a.rule.clone(),
        published_on: a.published_on.clone().unwrap_or_default(),
    }
}

/// Staff reading school-wide; families never read assessments, whatever their own records.
fn school_wide(subject: Subject) -> Scope {
    match subject {
        Subject::Role(Role::Parent | Role::Student) => Scope::OtherSchool,
        _ => Scope::SameSchool,
    }
}

/// Which assessments the caller reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// All of the school's (administration, vie scolaire).
    School,
    /// Those of the classes and subjects this teacher teaches, or classes they lead.
    Teacher(i64),
    /// None: students and guardians read results (published assessments) instead.
    Family,
}

/// How the caller reads assessments, in their school. Without the `view_grades` action at all
/// (a bursar): 403, audited.
async fn reader(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
) -> Result<(SchoolScope, Reader), AppError> {
    policy::require_on(state, ctx, user, Action::ViewGrades, Scope::Own).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let as_teacher = |s: Subject| match s {
        Subject::Role(Role::Teacher) => Scope::Own,
        _ => Scope::OtherSchool,
    };
    let reader = if policy::allows_by(user, Action::ViewGrades, school_wide) {
        Reader::School
    } else if policy::allows_by(user, Action::ViewGrades, as_teacher) {
        Reader::Teacher(user.id)
    } else {
        Reader::Family
    };
    Ok((scope, reader))
}

/// The caller as an author of assessments: 403 (audited) unless they may enter marks at all;
/// the service then checks the class and subject.
async fn author(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
) -> Result<Author, AppError> {
    policy::require_on(state, ctx, user, Action::EnterMarks, Scope::Own).await?;
    Author::from_user(user, ctx.audit()).ok_or(AppError::Forbidden)
}

fn today(state: &AppState, user: &CurrentUser) -> String {
    user.school
        .as_ref()
        .map(|s| school_today(s, state.clock.as_ref()).to_string())
        .unwrap_or_default()
}

/// One assessment as listed, without the reader's restriction (after a write by its author).
async fn load(
    state: &AppState,
    user: &CurrentUser,
    scope: SchoolScope,
    id: i64,
) -> Result<Assessment, AppError> {
    let filter = AssessmentFilter {
        id: Some(id),
        ..AssessmentFilter::default()
    };
    let (rows, _) = repo::list_assessments(&state.db.pool, scope, filter, 1, 0).await?;
    let today = today(state, user);
    rows.into_iter()
        .next()
        .map(|row| Assessment::new(row, &today))
        .ok_or(AppError::NotFound)
}

/// List assessments (newest first): all of the school for its administration and vie
/// scolaire, those of the classes and subjects they teach for a teacher, none for students
/// and guardians (they read results).
#[utoipa::path(
    get, path = "/api/v2/assessments", tag = "gradebook",
    params(AssessmentsQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "One page of assessments", body = Page<Assessment>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to read grades", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad filter or page", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(q): ApiQuery<AssessmentsQuery>,
) -> Result<Json<Page<Assessment>>, AppError> {
    let (scope, reader) = reader(&state, &ctx, &user).await?;
    let (page, per_page, limit, offset) = paging(q.page, q.per_page)?;
    let teacher = match reader {
        Reader::School => None,
        Reader::Teacher(id) => Some(id),
        Reader::Family => {
            return Ok(Json(Page {
                items: Vec::new(),
                total: 0,
                page,
                per_page,
            }));
        }
    };
    let filter = AssessmentFilter {
        id: None,
        class_id: q.class_id,
        subject_id: q.subject_id,
        period_id: q.period_id,
        teacher,
    };
    let (rows, total) =
        repo::list_assessments(&state.db.pool, scope, filter, limit, offset).await?;
    let today = today(&state, &user);
    Ok(Json(Page {
        items: rows
            .into_iter()
            .map(|row| Assessment::new(row, &today))
            .collect(),
        total,
        page,
        per_page,
    }))
}

/// One assessment.
#[utoipa::path(
    get, path = "/api/v2/assessments/{id}", tag = "gradebook",
    params(("id" = i64, Path, description = "Assessment id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The assessment", body = Assessment),
        (status = 403, description = "Not staff, or a teacher of another class or subject", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such assessment in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Assessment>, AppError> {
    let (scope, reader) = reader(&state, &ctx, &user).await?;
    let teacher = match reader {
        Reader::School => Some(None),
        Reader::Teacher(id) => Some(Some(id)),
        Reader::Family => None,
    };
    if let Some(teacher) = teacher {
        let filter = AssessmentFilter {
            id: Some(id),
            teacher,
            ..AssessmentFilter::default()
        };
        let (rows, _) = repo::list_assessments(&state.db.pool, scope, filter, 1, 0).await?;
        if let Some(row) = rows.into_iter().next() {
            return Ok(Json(Assessment::new(row, &today(&state, &user))));
        }
    }
    if repo::assessment(&state.db.pool, scope, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    // It exists, in a class or subject this teacher does not teach, or the caller is a
    // student or guardian: refused and audited.
    policy::require_by(&state, &ctx, &user, Action::ViewGrades, school_wide).await?;
    Err(AppError::Forbidden)
}

/// Create an assessment. Decimals (`max`, `coefficient`) as JSON numbers or strings.
#[utoipa::path(
    post, path = "/api/v2/assessments", tag = "gradebook",
    request_body = NewAssessment,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Created (`Location` names it)", body = Assessment),
        (status = 403, description = "Neither a school admin nor the teacher of this class and subject", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class or subject in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named (closed period: `period_id`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(body): ApiJson<NewAssessment>,
) -> Result<Response, AppError> {
    let author = author(&state, &ctx, &user).await?;
    let target = AssessmentTarget {
        class_id: body.class_id,
        subject_id: body.subject_id,
        period_id: body.period_id,
    };
    let form = AssessmentForm {
        title: body.title,
        date: body.date,
        kind: body.kind,
        max: typed(body.max.as_ref()),
        coefficient: typed(body.coefficient.as_ref()),
        rule: body.rule.unwrap_or_default(),
        published_on: body.published_on.unwrap_or_default(),
    };
    let id = service::create_assessment(&state, &author, target, &form)
        .await
        .map_err(refused)?;
    let assessment = load(&state, &user, author.scope(), id).await?;
    Ok(created(format!("/api/v2/assessments/{id}"), assessment))
}

/// Change an assessment.
#[utoipa::path(
    patch, path = "/api/v2/assessments/{id}", tag = "gradebook",
    params(("id" = i64, Path, description = "Assessment id")),
    request_body = AssessmentChange,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Updated", body = Assessment),
        (status = 403, description = "Neither a school admin nor the teacher of this class and subject", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such assessment in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named (closed period: `period_id`; a maximum below an entered mark: `max`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<AssessmentChange>,
) -> Result<Json<Assessment>, AppError> {
    let author = author(&state, &ctx, &user).await?;
    let current = repo::assessment(&state.db.pool, author.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut form = form_of(&current);
    if let Some(v) = change.title {
        form.title = v;
    }
    if let Some(v) = change.date {
        form.date = v;
    }
    if let Some(v) = change.kind {
        form.kind = v;
    }
    if let Some(v) = change.max {
        form.max = v.typed();
    }
    if let Some(v) = change.coefficient {
        form.coefficient = v.typed();
    }
    if let Some(v) = change.rule {
        form.rule = v;
    }
    if let Some(v) = change.published_on {
        form.published_on = v.unwrap_or_default();
    }
    service::update_assessment(&state, &author, id, &form)
        .await
        .map_err(refused)?;
    load(&state, &user, author.scope(), id).await.map(Json)
}

/// Delete an assessment and its marks.
#[utoipa::path(
    delete, path = "/api/v2/assessments/{id}", tag = "gradebook",
    params(("id" = i64, Path, description = "Assessment id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Deleted, with its marks"),
        (status = 403, description = "Neither a school admin nor the teacher of this class and subject", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such assessment in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The period is closed (`period_id`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    let author = author(&state, &ctx, &user).await?;
    service::delete_assessment(&state, &author, id)
        .await
        .map_err(refused)?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> axum::Router<AppState> {
    use crate::auth::policy::Routes;
    use axum::routing::get;
    axum::Router::new()
        .route_for("/api/v2/assessments", get(list).post(create))
        .route_for(
            "/api/v2/assessments/{id}",
            get(self::get).patch(update).delete(delete),
        )
        .route_for(
            "/api/v2/students/{id}/results",
            get(gradebook_results::student_results),
        )
        .route_for(
            "/api/v2/classes/{id}/gradebook",
            get(gradebook_results::class_gradebook),
        )
}

/// The gradebook part of the OpenAPI document (merged into [`super::openapi::ApiDoc`]).
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        list, get, create, update, delete,
        gradebook_results::student_results, gradebook_results::class_gradebook,
    ),
    tags(
        (name = "gradebook", description = "Assessments (staff), a student's results with the explanation of every mark (the student, their guardians, staff), a class's gradebook (staff)"),
    )
)]
pub struct GradebookApi;

/// Adds [`GradebookApi`] to the main document.
pub struct GradebookDocs;

impl utoipa::Modify for GradebookDocs {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi.merge(<GradebookApi as utoipa::OpenApi>::openapi());
    }
}
