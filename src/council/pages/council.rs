//! `/classes/{id}/council?period_id=[&present=1]`: the class council of a period. Students ×
//! subjects with each subject average and appréciation, general average, rank, absences (0
//! until attendance is recorded), the class statistics row, and the general appréciation and
//! distinction: a form per student for the main teacher and administrators, text for the
//! others. `present=1` shows only the table in bigger type, for a projector.

use askama::Template;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::{Form, Query};
use serde::Deserialize;

use crate::{
    AppState,
    auth::context::Auth,
    council::{
        self, Distinction, access,
        service::{self, CouncilRefused, DecisionInput},
    },
    error::AppError,
    gradebook::service::Author,
    web::layout::{Shell, render},
};

#[derive(Debug, Default, Deserialize)]
pub struct CouncilQuery {
    #[serde(default)]
    period_id: Option<i64>,
    #[serde(default)]
    present: Option<String>,
    #[serde(default)]
    error: Option<i64>,
}

struct Cell {
    average: String,
    appreciation: String,
}

struct Row {
    student_id: i64,
    name: String,
    cells: Vec<Cell>,
    general: String,
    rank: String,
    absences: u32,
    general_appreciation: String,
    distinction: String,
    distinction_label: String,
}

struct SubjectHead {
    name: String,
    teachers: String,
    stats: (String, String, String),
}

#[derive(Template)]
#[template(path = "council/council.html")]
struct CouncilPage {
    s: Shell,
    class_id: i64,
    class_name: String,
    period_id: i64,
    period_name: String,
    periods: Vec<(i64, String)>,
    main_teacher: String,
    subjects: Vec<SubjectHead>,
    rows: Vec<Row>,
    general_stats: (String, String, String),
    may_decide: bool,
    present: bool,
    max_chars: i64,
    distinctions: Vec<(&'static str, String)>,
    error: Option<i64>,
}

impl CouncilPage {
    fn has_error(&self, student_id: &i64) -> bool {
        self.error == Some(*student_id)
    }
}

pub async fn page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(class_id): Path<i64>,
    Query(q): Query<CouncilQuery>,
) -> Result<Response, AppError> {
    let (scope, class) = access::view(&state, &ctx, &user, class_id).await?;
    let (period_id, periods) = super::period_of(&state, scope, class.year_id, q.period_id).await?;
    let c = council::load(&state, scope, class_id, period_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let lang = ctx.lang;
    let g = c.results.grading;
    let fmt = |r: Option<crate::gradebook::Ratio>| {
        r.map_or_else(|| "—".to_owned(), |r| g.format(r, lang.code()))
    };
    let stats = |s: Option<&crate::gradebook::ClassStats>| match s {
        Some(s) => (fmt(Some(s.average)), fmt(Some(s.min)), fmt(Some(s.max))),
        None => ("—".into(), "—".into(), "—".into()),
    };
    let subjects = c
        .results
        .subjects
        .iter()
        .zip(&c.results.subject_stats)
        .zip(&c.teachers)
        .map(|((col, st), teachers)| SubjectHead {
            name: col.subject.name.clone(),
            teachers: teachers
                .iter()
                .map(|t| t.display_name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            stats: stats(st.as_ref()),
        })
        .collect();
    let rows = c
        .results
        .students
        .iter()
        .map(|line| {
            let id = line.student.id;
            let distinction = c.distinction(id);
            Row {
                student_id: id,
                name: format!("{} {}", line.student.last_name, line.student.first_name),
                cells: c
                    .results
                    .subjects
                    .iter()
                    .zip(&line.subjects)
                    .map(|(col, cell)| Cell {
                        average: fmt(cell.average),
                        appreciation: c.appreciation(id, col.subject.id).to_owned(),
                    })
                    .collect(),
                general: fmt(line.general),
                rank: line.rank.map_or_else(|| "—".to_owned(), |r| r.to_string()),
                absences: c.absences(id).half_days,
                general_appreciation: c
                    .decision(id)
                    .map(|d| d.general_appreciation.clone())
                    .unwrap_or_default(),
                distinction: distinction.map_or("", |d| d.as_str()).to_owned(),
                distinction_label: distinction.map_or_else(String::new, |d| lang.t(d.label_id())),
            }
        })
        .collect();
    let max_chars = crate::schools::repo::get(&state.db.pool, scope)
        .await?
        .appreciation_max_chars;
    render(&CouncilPage {
        s: Shell::new(&ctx),
        class_id,
        class_name: class.name.clone(),
        period_id,
        period_name: c
            .results
            .period
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        periods: periods.iter().map(|p| (p.id, p.name.clone())).collect(),
        main_teacher: c.main_teacher.clone().unwrap_or_default(),
        subjects,
        rows,
        general_stats: stats(c.results.general_stats.as_ref()),
        may_decide: access::may_decide(&user, &class),
        present: q.present.as_deref() == Some("1"),
        max_chars,
        distinctions: Distinction::ALL
            .iter()
            .map(|d| (d.as_str(), lang.t(d.label_id())))
            .collect(),
        error: q.error,
    })
}

#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    period_id: i64,
    student_id: i64,
    #[serde(default)]
    general_appreciation: String,
    #[serde(default)]
    distinction: String,
}

/// One student's decision, from the council page without JavaScript.
pub async fn decide(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(class_id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let (_, class) = access::view(&state, &ctx, &user, class_id).await?;
    access::decide(&state, &ctx, &user, &class).await?;
    let author = Author::from_user(&user, ctx.audit()).ok_or(AppError::NotFound)?;
    let item = DecisionInput {
        student_id: form.student_id,
        general_appreciation: form.general_appreciation,
        distinction: Some(form.distinction),
    };
    let back = format!("/classes/{class_id}/council?period_id={}", form.period_id);
    match service::save_decisions(&state, &author, class_id, form.period_id, &[item]).await {
        Ok(_) => Ok(Redirect::to(&format!("{back}#student-{}", form.student_id)).into_response()),
        Err(CouncilRefused::Items(_)) => Ok(Redirect::to(&format!(
            "{back}&error={}#student-{}",
            form.student_id, form.student_id
        ))
        .into_response()),
        Err(CouncilRefused::Fields(_)) => Err(AppError::NotFound),
        Err(CouncilRefused::Error(e)) => Err(e),
    }
}
