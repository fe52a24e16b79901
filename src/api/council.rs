//! Appréciations, class councils and comment banks (src/council):
//! - `GET /api/v2/appreciations?class_id=&period_id=[&subject_id=]` or `?student_id=&period_id=`
//!   lists appréciations; `PUT /api/v2/appreciations` saves a class's in one subject and
//!   period at once (all or nothing: a refused batch is a 422 with one `errors[]` entry per
//!   bad line, `field` = `items.<student_id>`).
//! - `GET /api/v2/class-councils/{class_id}/{period_id}`: the whole council (students,
//!   subjects with their teachers, averages as number and text, ranks, class statistics,
//!   appréciations, decisions, absences); `PUT …/decisions` saves general appréciations and
//!   distinctions (the main teacher, administrators).
//! - `GET/POST /api/v2/comment-bank`, `DELETE /api/v2/comment-bank/{id}`: the caller's own
//!   comments.
//!
//! The appréciations page and the council page (`static/council.js`) save through these
//! with the web session and its `X-CSRF-Token` header.

use axum::{
    Json, Router,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{delete, get, put},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiJson, ApiPath, ApiQuery, ApiUser},
    gradebook_results::{
        ResultsClass, ResultsGrading, ResultsStats, ResultsStudent, ResultsSubjectRef, class,
        grading, numbers, stats, subject_ref,
    },
    problem::{self, Problem},
};
use crate::{
    AppState,
    accounts::service::Refused,
    auth::{
        context::RequestCtx,
        policy::{self, Action, Routes, Scope},
    },
    council::{
        self, AppreciationRow, access,
        repo::{self as council_repo, CommentRow},
        service::{self, AppreciationInput, CouncilRefused, DecisionInput, ItemError},
    },
    error::AppError,
    gradebook::{repo as gradebook_repo, service::Author},
    structure::repo as structure_repo,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for(
            "/api/v2/appreciations",
            get(list_appreciations).put(put_appreciations),
        )
        .route_for(
            "/api/v2/class-councils/{class_id}/{period_id}",
            get(get_council),
        )
        .route_for(
            "/api/v2/class-councils/{class_id}/{period_id}/decisions",
            put(put_decisions),
        )
        .route_for(
            "/api/v2/comment-bank",
            get(list_comments).post(create_comment),
        )
        .route_for("/api/v2/comment-bank/{id}", delete(delete_comment))
}

// ---- appréciations --------------------------------------------------------------------------

/// A teacher's appréciation of a student in a subject for a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct Appreciation {
    pub student_id: i64,
    pub subject_id: i64,
    pub period_id: i64,
    pub text: String,
    /// Who wrote it last (null when their account was deleted).
    pub author_id: Option<i64>,
    /// Milliseconds since the epoch.
    pub updated_at: i64,
}

impl From<AppreciationRow> for Appreciation {
    fn from(a: AppreciationRow) -> Self {
        Self {
            student_id: a.student_id,
            subject_id: a.subject_id,
            period_id: a.period_id,
            text: a.body,
            author_id: a.author_id,
            updated_at: a.updated_at,
        }
    }
}

/// Which appréciations: a class's (optionally one subject) or a student's, over a period.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AppreciationsQuery {
    pub class_id: Option<i64>,
    pub student_id: Option<i64>,
    pub subject_id: Option<i64>,
    pub period_id: Option<i64>,
}

/// The appréciations found.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppreciationList {
    /// The school's limit, in characters.
    pub max_chars: i64,
    pub items: Vec<Appreciation>,
}

/// One student's appréciation to save.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppreciationItem {
    pub student_id: i64,
    /// Up to the school's limit; "" deletes the appréciation.
    pub text: String,
}

/// Appréciations of a class in a subject for a period, saved at once.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppreciationsInput {
    pub class_id: i64,
    pub subject_id: i64,
    pub period_id: i64,
    pub items: Vec<AppreciationItem>,
}

/// The answer to a save.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppreciationsSaved {
    /// How many appréciations changed (0: they were already saved).
    pub changed: usize,
    /// The class's appréciations in the subject and period, as they now are.
    pub items: Vec<Appreciation>,
}

fn required(ctx: &RequestCtx, fields: &[&str]) -> Response {
    problem::validation_failed(
        ctx,
        fields.iter().map(|f| {
            (
                (*f).to_owned(),
                "council-error-required",
                ctx.lang.t("council-error-required"),
            )
        }),
    )
}

/// The 422 of a refused batch: `items.<student_id>` per bad line.
fn items_problem(ctx: &RequestCtx, items: &[ItemError]) -> Response {
    problem::validation_failed(
        ctx,
        items.iter().map(|e| {
            (
                format!("items.{}", e.student_id),
                e.key,
                e.message(ctx.lang),
            )
        }),
    )
}

fn refused(ctx: &RequestCtx, r: CouncilRefused) -> Result<Response, AppError> {
    match r {
        CouncilRefused::Items(items) => Ok(items_problem(ctx, &items)),
        CouncilRefused::Fields(list) => Err(AppError::Validation(list)),
        CouncilRefused::Error(e) => Err(e),
    }
}

async fn class_subject_items(
    state: &AppState,
    scope: crate::schools::SchoolScope,
    class_id: i64,
    period_id: i64,
    subject_id: Option<i64>,
) -> Result<Vec<Appreciation>, AppError> {
    Ok(
        council_repo::class_appreciations(&state.db.pool, scope, class_id, period_id)
            .await?
            .into_iter()
            .filter(|a| subject_id.is_none_or(|s| a.subject_id == s))
            .map(Appreciation::from)
            .collect(),
    )
}

/// List appréciations of a period: a class's (those who may view its council), optionally in
/// one subject, or a student's (those who may view the council of the student's class).
#[utoipa::path(
    get, path = "/api/v2/appreciations", tag = "council",
    params(AppreciationsQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The appréciations", body = AppreciationList),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to view this class's council", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class, student or period in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`period_id` and `class_id` or `student_id` are required", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_appreciations(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiQuery(q): ApiQuery<AppreciationsQuery>,
) -> Result<Response, AppError> {
    // Who may never see a council is refused before their request is even read.
    policy::require_on(&state, &ctx, &user, Action::ViewClassCouncil, Scope::Own).await?;
    let Some(period_id) = q.period_id else {
        return Ok(required(&ctx, &["period_id"]));
    };
    let scope = user.scope().ok_or(AppError::NotFound)?;
    let pool = &state.db.pool;
    let period = structure_repo::period(pool, scope, period_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let items = match (q.class_id, q.student_id) {
        (Some(class_id), _) => {
            let (scope, class) = access::view(&state, &ctx, &user, class_id).await?;
            if class.year_id != period.year_id {
                return Err(AppError::NotFound);
            }
            class_subject_items(&state, scope, class_id, period_id, q.subject_id).await?
        }
        (None, Some(student_id)) => {
            let class_id =
                gradebook_repo::student_class_on(pool, scope, student_id, &period.ends_on)
                    .await?
                    .ok_or(AppError::NotFound)?;
            access::view(&state, &ctx, &user, class_id).await?;
            council_repo::student_appreciations(pool, scope, student_id, period_id)
                .await?
                .into_iter()
                .filter(|a| q.subject_id.is_none_or(|s| a.subject_id == s))
                .map(Appreciation::from)
                .collect()
        }
        (None, None) => return Ok(required(&ctx, &["class_id"])),
    };
    let max_chars = crate::schools::repo::get(pool, scope)
        .await?
        .appreciation_max_chars;
    Ok(Json(AppreciationList { max_chars, items }).into_response())
}

/// Save appréciations of a class in a subject for a period: all the lines, or none when one is
/// refused. A teacher assigned to the class and subject (that period or the whole year), or a
/// school administrator. Writable after the period is closed (closing freezes marks only).
#[utoipa::path(
    put, path = "/api/v2/appreciations", tag = "council",
    request_body = AppreciationsInput,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Saved; the class's appréciations in the subject", body = AppreciationsSaved),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a teacher of the class in this subject, nor an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class or subject in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Nothing saved: a bad line (`items.<student_id>`: too long, student not in the class) or a period not of the class's year (`period_id`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn put_appreciations(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(input): ApiJson<AppreciationsInput>,
) -> Result<Response, AppError> {
    let (scope, _) = access::write(
        &state,
        &ctx,
        &user,
        input.class_id,
        input.subject_id,
        input.period_id,
    )
    .await?;
    let author = Author::from_user(&user, ctx.audit()).ok_or(AppError::NotFound)?;
    let items: Vec<AppreciationInput> = input
        .items
        .into_iter()
        .map(|i| AppreciationInput {
            student_id: i.student_id,
            text: i.text,
        })
        .collect();
    let (class_id, subject_id, period_id) = (input.class_id, input.subject_id, input.period_id);
    match service::save_appreciations(&state, &author, class_id, subject_id, period_id, &items)
        .await
    {
        Ok(changed) => {
            let items =
                class_subject_items(&state, scope, class_id, period_id, Some(subject_id)).await?;
            Ok(Json(AppreciationsSaved { changed, items }).into_response())
        }
        Err(r) => refused(&ctx, r),
    }
}

// ---- class councils -------------------------------------------------------------------------

/// A subject of the council with its teachers and class statistics.
#[derive(Debug, Serialize, ToSchema)]
pub struct CouncilSubject {
    pub subject: ResultsSubjectRef,
    /// Display names of the teachers of the class in this subject for the period.
    pub teachers: Vec<String>,
    pub class_stats: Option<ResultsStats>,
}

/// A student's result and appréciation in one subject (aligned with `subjects`).
#[derive(Debug, Serialize, ToSchema)]
pub struct CouncilCell {
    pub subject_id: i64,
    pub average: Option<f64>,
    pub average_display: Option<String>,
    pub rank: Option<u32>,
    /// "" when the teacher has not written one.
    pub appreciation: String,
}

/// A student's absences over the period. Attendance is not recorded yet: 0 until it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct CouncilAbsences {
    pub half_days: u32,
    pub unjustified_half_days: u32,
    pub late: u32,
}

/// One student's line of the council.
#[derive(Debug, Serialize, ToSchema)]
pub struct CouncilStudent {
    pub student: ResultsStudent,
    pub subjects: Vec<CouncilCell>,
    pub average: Option<f64>,
    pub average_display: Option<String>,
    pub rank: Option<u32>,
    pub absences: CouncilAbsences,
    pub general_appreciation: String,
    /// `felicitations`, `compliments`, `encouragements`, `avertissement_travail`,
    /// `avertissement_conduite`, or null.
    pub distinction: Option<String>,
    /// The distinction in the caller's language.
    pub distinction_label: Option<String>,
}

/// A period of the class's year.
#[derive(Debug, Serialize, ToSchema)]
pub struct CouncilPeriod {
    pub id: i64,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// Everything the class council shows for a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassCouncil {
    pub class: ResultsClass,
    pub period: CouncilPeriod,
    pub grading: ResultsGrading,
    pub main_teacher: Option<String>,
    /// Whether the caller may save decisions (the main teacher, administrators).
    pub may_decide: bool,
    /// The school's appréciation limit, in characters.
    pub appreciation_max_chars: i64,
    pub subjects: Vec<CouncilSubject>,
    pub students: Vec<CouncilStudent>,
    pub general_stats: Option<ResultsStats>,
}

fn council_body(
    c: &council::Council,
    may_decide: bool,
    max_chars: i64,
    ctx: &RequestCtx,
) -> ClassCouncil {
    let r = &c.results;
    let g = &r.grading;
    let lang = ctx.lang;
    let period = r.period.as_ref();
    ClassCouncil {
        class: class(r),
        period: CouncilPeriod {
            id: c.period_id,
            name: period.map(|p| p.name.clone()).unwrap_or_default(),
            starts_on: period.map(|p| p.starts_on.clone()).unwrap_or_default(),
            ends_on: period.map(|p| p.ends_on.clone()).unwrap_or_default(),
        },
        grading: grading(g),
        main_teacher: c.main_teacher.clone(),
        may_decide,
        appreciation_max_chars: max_chars,
        subjects: r
            .subjects
            .iter()
            .zip(&r.subject_stats)
            .zip(&c.teachers)
            .map(|((column, stat), teachers)| CouncilSubject {
                subject: subject_ref(column),
                teachers: teachers.iter().map(|t| t.display_name.clone()).collect(),
                class_stats: stats(g, stat.as_ref()),
            })
            .collect(),
        students: r
            .students
            .iter()
            .map(|line| {
                let id = line.student.id;
                let (average, average_display) = numbers(g, line.general, lang);
                let absences = c.absences(id);
                let distinction = c.distinction(id);
                CouncilStudent {
                    student: ResultsStudent {
                        id,
                        first_name: line.student.first_name.clone(),
                        last_name: line.student.last_name.clone(),
                    },
                    subjects: r
                        .subjects
                        .iter()
                        .zip(&line.subjects)
                        .map(|(column, cell)| {
                            let (average, average_display) = numbers(g, cell.average, lang);
                            CouncilCell {
                                subject_id: column.subject.id,
                                average,
                                average_display,
                                rank: cell.rank,
                                appreciation: c.appreciation(id, column.subject.id).to_owned(),
                            }
                        })
                        .collect(),
                    average,
                    average_display,
                    rank: line.rank,
                    absences: CouncilAbsences {
                        half_days: absences.half_days,
                        unjustified_half_days: absences.unjustified_half_days,
                        late: absences.late,
                    },
                    general_appreciation: c
                        .decision(id)
                        .map(|d| d.general_appreciation.clone())
                        .unwrap_or_default(),
                    distinction: distinction.map(|d| d.as_str().to_owned()),
                    distinction_label: distinction.map(|d| lang.t(d.label_id())),
                }
            })
            .collect(),
        general_stats: stats(g, r.general_stats.as_ref()),
    }
}

async fn council_of(
    state: &AppState,
    ctx: &RequestCtx,
    user: &crate::auth::context::CurrentUser,
    class_id: i64,
    period_id: i64,
) -> Result<ClassCouncil, AppError> {
    let (scope, class) = access::view(state, ctx, user, class_id).await?;
    let c = council::load(state, scope, class_id, period_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let max = crate::schools::repo::get(&state.db.pool, scope)
        .await?
        .appreciation_max_chars;
    Ok(council_body(&c, access::may_decide(user, &class), max, ctx))
}

/// The class council of a period: the administration, vie scolaire and the class's teachers.
#[utoipa::path(
    get, path = "/api/v2/class-councils/{class_id}/{period_id}", tag = "council",
    params(
        ("class_id" = i64, Path, description = "Class id"),
        ("period_id" = i64, Path, description = "A period of the class's year"),
    ),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The council", body = ClassCouncil),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to view this class's council", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class, or period of its year, in this school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_council(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath((class_id, period_id)): ApiPath<(i64, i64)>,
) -> Result<Json<ClassCouncil>, AppError> {
    council_of(&state, &ctx, &user, class_id, period_id)
        .await
        .map(Json)
}

/// One student's decision to save.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionItem {
    pub student_id: i64,
    /// Up to the school's appréciation limit; "" for none.
    pub general_appreciation: String,
    /// `felicitations`, `compliments`, `encouragements`, `avertissement_travail`,
    /// `avertissement_conduite`, or null for none.
    pub distinction: Option<String>,
}

/// Decisions of a class council saved at once.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionsInput {
    pub items: Vec<DecisionItem>,
}

/// The answer to a save of decisions.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionsSaved {
    pub changed: usize,
    /// The whole council after the save.
    pub council: ClassCouncil,
}

/// Save general appréciations and distinctions: the class's main teacher or a school
/// administrator. All the lines, or none when one is refused.
#[utoipa::path(
    put, path = "/api/v2/class-councils/{class_id}/{period_id}/decisions", tag = "council",
    params(
        ("class_id" = i64, Path, description = "Class id"),
        ("period_id" = i64, Path, description = "A period of the class's year"),
    ),
    request_body = DecisionsInput,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Saved", body = DecisionsSaved),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither the class's main teacher nor an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class in this school", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Nothing saved: a bad line (`items.<student_id>`: too long, unknown distinction, student not in the class) or a period not of the class's year (`period_id`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn put_decisions(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath((class_id, period_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<DecisionsInput>,
) -> Result<Response, AppError> {
    let (_, class) = access::view(&state, &ctx, &user, class_id).await?;
    access::decide(&state, &ctx, &user, &class).await?;
    let author = Author::from_user(&user, ctx.audit()).ok_or(AppError::NotFound)?;
    let items: Vec<DecisionInput> = input
        .items
        .into_iter()
        .map(|i| DecisionInput {
            student_id: i.student_id,
            general_appreciation: i.general_appreciation,
            distinction: i.distinction,
        })
        .collect();
    match service::save_decisions(&state, &author, class_id, period_id, &items).await {
        Ok(changed) => {
            let council = council_of(&state, &ctx, &user, class_id, period_id).await?;
            Ok(Json(DecisionsSaved { changed, council }).into_response())
        }
        Err(r) => refused(&ctx, r),
    }
}

// ---- comment bank ---------------------------------------------------------------------------

/// A comment of the caller's bank.
#[derive(Debug, Serialize, ToSchema)]
pub struct Comment {
    pub id: i64,
    pub text: String,
    pub created_at: i64,
}

impl From<CommentRow> for Comment {
    fn from(c: CommentRow) -> Self {
        Self {
            id: c.id,
            text: c.body,
            created_at: c.created_at,
        }
    }
}

/// A new comment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// 1 to 300 characters.
    pub text: String,
}

/// The caller's comment bank, oldest first.
#[utoipa::path(
    get, path = "/api/v2/comment-bank", tag = "council",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The comments", body = Vec<Comment>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a teacher nor an administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_comments(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
) -> Result<Json<Vec<Comment>>, AppError> {
    let scope = access::comment_bank(&state, &ctx, &user).await?;
    let rows = council_repo::comments(&state.db.pool, scope, user.id).await?;
    Ok(Json(rows.into_iter().map(Comment::from).collect()))
}

/// Add a comment to the caller's bank (at most 200 comments).
#[utoipa::path(
    post, path = "/api/v2/comment-bank", tag = "council",
    request_body = NewComment,
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Added", body = Comment),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a teacher nor an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty, longer than 300 characters, or the bank is full (`text`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_comment(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiJson(input): ApiJson<NewComment>,
) -> Result<Response, AppError> {
    let scope = access::comment_bank(&state, &ctx, &user).await?;
    let author = Author::from_user(&user, ctx.audit()).ok_or(AppError::NotFound)?;
    let id = match service::add_comment(&state, &author, &input.text).await {
        Ok(id) => id,
        Err(Refused::Fields(list)) => {
            let list = list
                .into_iter()
                .map(|(f, k)| (if f == "body" { "text" } else { f }, k))
                .collect();
            return Err(AppError::Validation(list));
        }
        Err(Refused::Error(e)) => return Err(e),
    };
    let comment = council_repo::comments(&state.db.pool, scope, user.id)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v2/comment-bank/{id}"))],
        Json(Comment::from(comment)),
    )
        .into_response())
}

/// Delete one of the caller's comments.
#[utoipa::path(
    delete, path = "/api/v2/comment-bank/{id}", tag = "council",
    params(("id" = i64, Path, description = "Comment id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a teacher nor an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller has no such comment", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_comment(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    access::comment_bank(&state, &ctx, &user).await?;
    let author = Author::from_user(&user, ctx.audit()).ok_or(AppError::NotFound)?;
    service::delete_comment(&state, &author, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The council part of the OpenAPI document (merged into [`super::openapi::ApiDoc`]).
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        list_appreciations, put_appreciations, get_council, put_decisions,
        list_comments, create_comment, delete_comment,
    ),
    components(schemas(
        Appreciation, AppreciationList, AppreciationItem, AppreciationsInput, AppreciationsSaved,
        CouncilSubject, CouncilCell, CouncilAbsences, CouncilStudent, CouncilPeriod, ClassCouncil,
        DecisionItem, DecisionsInput, DecisionsSaved, Comment, NewComment,
    )),
    tags((name = "council", description = "Appréciations, class councils and comment banks")),
)]
pub struct CouncilApi;

/// Adds [`CouncilApi`] to the main document.
pub struct CouncilDocs;

impl utoipa::Modify for CouncilDocs {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi.merge(<CouncilApi as utoipa::OpenApi>::openapi());
    }
}
