//! `/assessments/{id}/marks`: the marks of one assessment, one row per student of the class.
//!
//! Without JavaScript it is a plain form: the cells the teacher changed are posted, saved at
//! once by [`service::save_marks`] (all or nothing), and on a refusal the page comes back with
//! the typed values and the message next to each bad cell. `static/gradebook.js` turns it into
//! a keyboard-first grid that saves as the teacher types through
//! `PUT /api/v2/assessments/{id}/marks` ([`crate::api::gradebook_marks`]); both read the
//! column as saved through [`column`], so the values, marks on 20 and statuses shown after
//! saving always come from the server.

use std::collections::HashMap;

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::{Form, Query};
use serde::Deserialize;

use super::{Sheet, internal, open_assessment, subject::ColumnHead};
use crate::{
    AppState,
    auth::context::Auth,
    error::AppError,
    gradebook::{
        MarkValue, class_stats, repo,
        results_pages::{points, status_text},
        service::{self, Author, MarkCell, MarksRefused},
        subject_average,
    },
    structure::model::format_coefficient_plain,
    web::{
        i18n::Lang,
        layout::{Shell, render},
    },
};

/// One student's mark as saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedMark {
    pub student_id: i64,
    pub name: String,
    /// The mark for machines: points with a point ("12.5"), a code, or "" for none.
    pub value: String,
    /// The mark as the language writes it ("12,5" in French).
    pub display: String,
    /// The mark on 20, rounded as the school shows averages.
    pub on_20: Option<String>,
    /// How the mark entered the subject average, as a sentence ("" without a mark).
    pub status: String,
}

/// The column of one assessment as saved, with its class average on 20.
#[derive(Debug, Clone)]
pub struct Column {
    pub marks: Vec<SavedMark>,
    /// The mean of the marks on 20 (marks left out by their code do not count).
    pub average: Option<String>,
    /// How many students have a mark (points or code).
    pub count: usize,
}

/// Reads the column of an assessment for the students now in its class: every value, its
/// mark on 20 and how it counted in the subject average, all from the computation core.
pub async fn column(
    state: &AppState,
    sheet: &Sheet,
    assessment: &repo::AssessmentRow,
    lang: Lang,
) -> Result<Column, AppError> {
    let g = sheet.grading;
    let book = service::gradebook(state, sheet.scope, sheet.target()).await?;
    let students = repo::class_students(&state.db.pool, sheet.scope, sheet.class.id).await?;
    let mut marks = Vec::with_capacity(students.len());
    let mut on_20 = Vec::with_capacity(students.len());
    let mut count = 0;
    for student in students {
        let result = subject_average(book.student_marks(student.id), &book.codes, g.mode)
            .map_err(internal)?;
        let explained = result
            .marks
            .iter()
            .find(|m| m.assessment_id == assessment.id);
        on_20.push(explained.and_then(|m| m.on_20));
        let (value, display, status) = match explained {
            Some(m) => {
                count += 1;
                let (value, display) = match &m.value {
                    MarkValue::Points(p) => (format_coefficient_plain(*p), points(*p, lang)),
                    MarkValue::Code(c) => (c.clone(), c.clone()),
                };
                let status = status_text(&g, &sheet.code_rows, &m.status, &m.value, lang);
                (value, display, status)
            }
            None => (String::new(), String::new(), String::new()),
        };
        marks.push(SavedMark {
            student_id: student.id,
            name: format!("{} {}", student.last_name, student.first_name),
            value,
            display,
            on_20: explained
                .and_then(|m| m.on_20)
                .map(|r| g.format(r, lang.code())),
            status,
        });
    }
    let average = class_stats(&on_20)
        .map_err(internal)?
        .map(|s| g.format(s.average, lang.code()));
    Ok(Column {
        marks,
        average,
        count,
    })
}

/// A row of the grid as rendered.
#[derive(Debug, Clone)]
pub struct GridRow {
    pub student_id: i64,
    pub name: String,
    /// What the input shows: the saved mark, or what was typed when the save was refused.
    pub value: String,
    /// The saved mark as the input first showed it (posted back to send only changed cells).
    pub was: String,
    pub on_20: String,
    pub status: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "gradebook/marks.html")]
struct MarksPage {
    s: Shell,
    id: i64,
    head: ColumnHead,
    max_hundredths: i64,
    class_name: String,
    subject_name: String,
    period_name: String,
    back: String,
    closed: bool,
    rows: Vec<GridRow>,
    average: String,
    count: usize,
    legend: Vec<(String, String, bool)>,
    /// "Z W": the codes that count as 0 (for the live average).
    zero_codes: String,
    /// Every code of the school, space-separated.
    codes: String,
    /// The save's outcome, for the status region.
    status: String,
    /// Field errors on the column (a closed period).
    column_error: Option<String>,
    /// (student id, name, message) of each refused cell.
    cell_errors: Vec<(i64, String, String)>,
}

impl MarksPage {
    /// A message with a `%n` placeholder for the script (it fills in counts).
    fn pattern(&self, key: &str) -> String {
        self.s.t_with(key, &[("count", "%n".to_owned())])
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<usize>,
}

struct Outcome {
    status: String,
    column_error: Option<String>,
    /// Typed values and errors by student, when a save was refused.
    typed: HashMap<i64, (String, String)>,
    errors: HashMap<i64, String>,
}

async fn grid_page(
    state: &AppState,
    ctx: &crate::auth::context::RequestCtx,
    sheet: &Sheet,
    a: &repo::AssessmentRow,
    outcome: Outcome,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    let col = column(state, sheet, a, lang).await?;
    let legend = sheet.legend(lang);
    let mut cell_errors = Vec::new();
    let rows = col
        .marks
        .into_iter()
        .map(|m| {
            let error = outcome.errors.get(&m.student_id).cloned();
            if let Some(e) = &error {
                cell_errors.push((m.student_id, m.name.clone(), e.clone()));
            }
            let (value, was) = match outcome.typed.get(&m.student_id) {
                Some((typed, was)) => (typed.clone(), was.clone()),
                None => (m.display.clone(), m.display.clone()),
            };
            GridRow {
                student_id: m.student_id,
                name: m.name,
                value,
                was,
                on_20: m.on_20.unwrap_or_default(),
                status: m.status,
                error,
            }
        })
        .collect();
    let join = |zero: bool| {
        legend
            .iter()
            .filter(|(_, _, z)| !zero || *z)
            .map(|(c, _, _)| c.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let page = MarksPage {
        s: Shell::new(ctx),
        id: a.id,
        head: super::subject::column_head(sheet, a, lang),
        max_hundredths: a.max_hundredths,
        class_name: sheet.class.name.clone(),
        subject_name: sheet.subject.name.clone(),
        period_name: sheet.period.name.clone(),
        back: sheet.gradebook_url(),
        closed: sheet.closed,
        rows,
        average: col.average.unwrap_or_else(|| "—".to_owned()),
        count: col.count,
        zero_codes: join(true),
        codes: join(false),
        legend,
        status: outcome.status,
        column_error: outcome.column_error,
        cell_errors,
    };
    render(&page)
}

pub async fn page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let (sheet, a) = open_assessment(&state, &ctx, &user, id).await?;
    let status = match q.saved {
        Some(n) => ctx
            .lang
            .t_with("gradebook-marks-saved", &[("count", n.to_string())]),
        None => String::new(),
    };
    let outcome = Outcome {
        status,
        column_error: None,
        typed: HashMap::new(),
        errors: HashMap::new(),
    };
    grid_page(&state, &ctx, &sheet, &a, outcome).await
}

/// The posted grid: `mark-<student id>` is the typed value, `was-<student id>` the value the
/// page showed. Only changed cells are sent to the service, so a stale page does not undo a
/// colleague's marks it did not touch.
pub async fn save(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (sheet, a) = open_assessment(&state, &ctx, &user, id).await?;
    let mut typed: HashMap<i64, (String, String)> = HashMap::new();
    for (name, value) in fields {
        if let Some(student) = name.strip_prefix("mark-").and_then(|s| s.parse().ok()) {
            typed.entry(student).or_default().0 = value;
        } else if let Some(student) = name.strip_prefix("was-").and_then(|s| s.parse().ok()) {
            typed.entry(student).or_default().1 = value;
        }
    }
    let mut cells: Vec<MarkCell> = typed
        .iter()
        .filter(|(_, (value, was))| value.trim() != was.trim())
        .map(|(student_id, (value, _))| MarkCell {
            student_id: *student_id,
            value: value.clone(),
        })
        .collect();
    cells.sort_by_key(|c| c.student_id);
    let author = Author::from_user(&user, ctx.audit()).ok_or(AppError::NotFound)?;
    let lang = ctx.lang;
    let refused = match service::save_marks(&state, &author, id, &cells).await {
        Ok(n) => {
            return Ok(Redirect::to(&format!("/assessments/{id}/marks?saved={n}")).into_response());
        }
        Err(r) => r,
    };
    let mut outcome = Outcome {
        status: String::new(),
        column_error: None,
        typed,
        errors: HashMap::new(),
    };
    match refused {
        MarksRefused::Cells(list) => {
            outcome.status = lang.t("gradebook-marks-not-saved");
            outcome.errors = list
                .into_iter()
                .map(|(student, key)| (student, lang.t(key)))
                .collect();
        }
        MarksRefused::Fields(list) => {
            outcome.status = lang.t("gradebook-marks-not-saved");
            outcome.column_error = list.first().map(|(_, key)| lang.t(key));
        }
        MarksRefused::Error(e) => return Err(e),
    }
    let page = grid_page(&state, &ctx, &sheet, &a, outcome).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
