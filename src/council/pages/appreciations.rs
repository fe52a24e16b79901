//! `/classes/{id}/appreciations/{subject_id}?period_id=`: every student of the class with their
//! subject average for the period and a text area for the appréciation. Posting saves all the
//! lines at once (all or nothing); a refusal shows the typed texts and the message per student.

use std::collections::HashMap;

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::{Form, Query};
use serde::Deserialize;

use crate::{
    AppState,
    auth::context::{Auth, CurrentUser, RequestCtx},
    council::{
        self, access, repo as council_repo,
        service::{self, AppreciationInput, CouncilRefused},
    },
    error::AppError,
    gradebook::service::Author,
    structure::repo as structure_repo,
    web::layout::{Shell, render},
};

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    period_id: Option<i64>,
    #[serde(default)]
    saved: Option<usize>,
}

/// What a save left to show: the typed texts and errors (a refusal), the status line.
#[derive(Default)]
struct Outcome {
    typed: HashMap<i64, String>,
    errors: HashMap<i64, String>,
    status: String,
}

struct Row {
    student_id: i64,
    name: String,
    average: String,
    text: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "council/appreciations.html")]
struct AppreciationsPage {
    s: Shell,
    class_id: i64,
    class_name: String,
    subject_id: i64,
    subject_name: String,
    period_id: i64,
    period_name: String,
    periods: Vec<(i64, String)>,
    max_chars: i64,
    rows: Vec<Row>,
    comments: Vec<String>,
    status: String,
}

async fn show(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    (class_id, subject_id): (i64, i64),
    period: Option<i64>,
    outcome: Outcome,
) -> Result<Response, AppError> {
    let Outcome {
        typed,
        errors,
        status,
    } = outcome;
    let scope = user.scope().ok_or(AppError::NotFound)?;
    let class = crate::gradebook::repo::results_class(&state.db.pool, scope, class_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (period_id, periods) = super::period_of(state, scope, class.year_id, period).await?;
    access::write(state, ctx, user, class_id, subject_id, period_id).await?;
    let pool = &state.db.pool;
    let subject = structure_repo::subject(pool, scope, subject_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = council::load(state, scope, class_id, period_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let column = c.results.subject_index(subject_id);
    let g = c.results.grading;
    let rows = c
        .results
        .students
        .iter()
        .map(|line| {
            let id = line.student.id;
            let average = column
                .and_then(|i| line.subjects[i].average)
                .map_or_else(|| "—".to_owned(), |a| g.format(a, ctx.lang.code()));
            Row {
                student_id: id,
                name: format!("{} {}", line.student.last_name, line.student.first_name),
                average,
                text: typed
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| c.appreciation(id, subject_id).to_owned()),
                error: errors.get(&id).cloned(),
            }
        })
        .collect();
    let comments = council_repo::comments(pool, scope, user.id)
        .await?
        .into_iter()
        .map(|c| c.body)
        .collect();
    let max_chars = crate::schools::repo::get(pool, scope)
        .await?
        .appreciation_max_chars;
    render(&AppreciationsPage {
        s: Shell::new(ctx),
        class_id,
        class_name: class.name,
        subject_id,
        subject_name: subject.name,
        period_id,
        period_name: periods
            .iter()
            .find(|p| p.id == period_id)
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        periods: periods.iter().map(|p| (p.id, p.name.clone())).collect(),
        max_chars,
        rows,
        comments,
        status,
    })
}

pub async fn page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path((class_id, subject_id)): Path<(i64, i64)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    let status = q.saved.map_or_else(String::new, |n| {
        ctx.lang
            .t_with("council-appreciations-saved", &[("count", n.to_string())])
    });
    show(
        &state,
        &ctx,
        &user,
        (class_id, subject_id),
        q.period_id,
        Outcome {
            status,
            ..Outcome::default()
        },
    )
    .await
}

/// The posted form: `period_id`, and `text-<student id>` per student.
pub async fn save(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path((class_id, subject_id)): Path<(i64, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut period_id = None;
    let mut typed: HashMap<i64, String> = HashMap::new();
    for (name, value) in fields {
        if name == "period_id" {
            period_id = value.trim().parse::<i64>().ok();
        } else if let Some(id) = name.strip_prefix("text-").and_then(|s| s.parse().ok()) {
            typed.insert(id, value);
        }
    }
    let period_id = period_id.ok_or(AppError::NotFound)?;
    access::write(&state, &ctx, &user, class_id, subject_id, period_id).await?;
    let author = Author::from_user(&user, ctx.audit()).ok_or(AppError::NotFound)?;
    let mut items: Vec<AppreciationInput> = typed
        .iter()
        .map(|(id, text)| AppreciationInput {
            student_id: *id,
            text: text.clone(),
        })
        .collect();
    items.sort_by_key(|i| i.student_id);
    match service::save_appreciations(&state, &author, class_id, subject_id, period_id, &items)
        .await
    {
        Ok(n) => Ok(Redirect::to(&format!(
            "/classes/{class_id}/appreciations/{subject_id}?period_id={period_id}&saved={n}"
        ))
        .into_response()),
        Err(CouncilRefused::Items(list)) => {
            let errors = list
                .iter()
                .map(|e| (e.student_id, e.message(ctx.lang)))
                .collect();
            let page = show(
                &state,
                &ctx,
                &user,
                (class_id, subject_id),
                Some(period_id),
                Outcome {
                    typed,
                    errors,
                    status: ctx.lang.t("council-not-saved"),
                },
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(CouncilRefused::Fields(_)) => Err(AppError::NotFound),
        Err(CouncilRefused::Error(e)) => Err(e),
    }
}
