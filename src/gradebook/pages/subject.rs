//! `/classes/{id}/gradebook/{subject_id}?period_id=`: a class's gradebook in one subject over a
//! period. Assessments are columns, students rows; each student's subject average and each
//! column's class average, lowest and highest come from the computation core.

use askama::Template;
use axum::{
    extract::{Path, State},
    response::Response,
};
use axum_extra::extract::Query;
use serde::Deserialize;

use super::{Sheet, internal, kind_label, open_sheet, publication, rule_label};
use crate::{
    AppState,
    auth::context::Auth,
    error::AppError,
    gradebook::{
        MarkStatus, MarkValue, Ratio, class_stats, repo,
        results_pages::points,
        service::{self},
        subject_average,
    },
    structure::model::format_coefficient,
    web::{
        i18n::Lang,
        layout::{Shell, display_date, render},
    },
};

#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    #[serde(default)]
    pub period_id: Option<String>,
}

impl PeriodQuery {
    pub fn id(&self) -> Option<i64> {
        self.period_id
            .as_deref()
            .and_then(|p| p.trim().parse().ok())
    }
}

/// An assessment as a column head.
#[derive(Debug, Clone)]
pub struct ColumnHead {
    pub id: i64,
    pub title: String,
    pub date: String,
    pub kind: String,
    pub max: String,
    pub coefficient: String,
    pub rule: Option<String>,
    pub published: bool,
    pub publication: String,
}

/// One mark in the table: its text, and when it did not count, why.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub left_out: bool,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub student_id: i64,
    pub cells: Vec<Cell>,
    pub average: String,
}

#[derive(Template)]
#[template(path = "gradebook/subject.html")]
struct SubjectPage {
    s: Shell,
    class_id: i64,
    class_name: String,
    subject_id: i64,
    subject_name: String,
    period_id: i64,
    period_name: String,
    periods: Vec<(i64, String)>,
    closed: bool,
    columns: Vec<ColumnHead>,
    rows: Vec<Row>,
    /// (label, one value per column, subject average)
    footer: Vec<(String, Vec<String>, String)>,
    legend: Vec<(String, String, bool)>,
}

impl SubjectPage {
    fn selected(&self, id: &i64) -> bool {
        self.period_id == *id
    }
}

fn dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".to_owned())
}

pub fn column_head(sheet: &Sheet, a: &repo::AssessmentRow, lang: Lang) -> ColumnHead {
    let (published, publication) = publication(a.published_on.as_deref(), &sheet.today, lang);
    ColumnHead {
        id: a.id,
        title: a.title.clone(),
        date: display_date(lang, &a.date),
        kind: kind_label(&a.kind, lang),
        max: points(a.max_hundredths, lang),
        coefficient: format_coefficient(a.coefficient_hundredths, lang),
        rule: rule_label(&a.rule, lang),
        published,
        publication,
    }
}

pub async fn page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path((class_id, subject_id)): Path<(i64, i64)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let sheet = open_sheet(&state, &ctx, &user, class_id, subject_id, q.id()).await?;
    let lang = ctx.lang;
    let g = sheet.grading;
    let book = service::gradebook(&state, sheet.scope, sheet.target()).await?;
    let students = repo::results_students(
        &state.db.pool,
        sheet.scope,
        class_id,
        &sheet.period.starts_on,
        &sheet.period.ends_on,
    )
    .await?;
    let columns: Vec<ColumnHead> = book
        .assessments
        .iter()
        .map(|a| column_head(&sheet, a, lang))
        .collect();
    let mut rows = Vec::with_capacity(students.len());
    let mut averages = Vec::with_capacity(students.len());
    // Each column's marks on 20, one per student (None: no mark, or a code left out).
    let mut on_20: Vec<Vec<Option<Ratio>>> = vec![Vec::new(); book.assessments.len()];
    for student in &students {
        let marks = book.student_marks(student.id);
        let result = subject_average(marks, &book.codes, g.mode).map_err(internal)?;
        let mut cells = Vec::with_capacity(book.assessments.len());
        for (i, a) in book.assessments.iter().enumerate() {
            let explained = result.marks.iter().find(|m| m.assessment_id == a.id);
            on_20[i].push(explained.and_then(|m| m.on_20));
            cells.push(match explained {
                Some(m) => Cell {
                    text: match &m.value {
                        MarkValue::Points(p) => points(*p, lang),
                        MarkValue::Code(c) => c.clone(),
                    },
                    left_out: matches!(m.status, MarkStatus::LeftOut(_)),
                },
                None => Cell {
                    text: String::new(),
                    left_out: false,
                },
            });
        }
        averages.push(result.average);
        rows.push(Row {
            name: format!("{} {}", student.last_name, student.first_name),
            student_id: student.id,
            cells,
            average: dash(result.average.map(|a| g.format(a, lang.code()))),
        });
    }
    let column_stats = on_20
        .iter()
        .map(|values| class_stats(values).map_err(internal))
        .collect::<Result<Vec<_>, _>>()?;
    let average_stats = class_stats(&averages).map_err(internal)?;
    let footer = [
        ("results-class-average", 0),
        ("results-class-min", 1),
        ("results-class-max", 2),
    ]
    .into_iter()
    .map(|(key, which)| {
        let pick = |s: &crate::gradebook::ClassStats| match which {
            0 => s.average,
            1 => s.min,
            _ => s.max,
        };
        let values = column_stats
            .iter()
            .map(|s| dash(s.as_ref().map(|s| g.format(pick(s), lang.code()))))
            .collect();
        let average = dash(
            average_stats
                .as_ref()
                .map(|s| g.format(pick(s), lang.code())),
        );
        (lang.t(key), values, average)
    })
    .collect();
    render(&SubjectPage {
        s: Shell::new(&ctx),
        class_id,
        class_name: sheet.class.name.clone(),
        subject_id,
        subject_name: sheet.subject.name.clone(),
        period_id: sheet.period.id,
        period_name: sheet.period.name.clone(),
        periods: sheet
            .periods
            .iter()
            .map(|p| (p.id, p.name.clone()))
            .collect(),
        closed: sheet.closed,
        legend: sheet.legend(lang),
        columns,
        rows,
        footer,
    })
}
