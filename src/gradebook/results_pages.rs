//! Results pages: a student's results with the explanation of every mark
//! (`/students/{id}/results`), the class gradebook with every subject
//! (`/classes/{id}/gradebook`), and the results cards of the family home page. The numbers
//! come from [`super::results`]; this module only turns them into text.

use askama::Template;
use axum::{
    Router,
    extract::{Path, State},
    response::Response,
    routing::get,
};
use serde::Deserialize;

use super::{
    LeftOutReason, MarkStatus, MarkValue, Ratio, access,
    repo::MarkCodeRow,
    results::{Audience, ClassResults, Grading, Span, StudentLine, default_period},
};
use crate::{
    AppState,
    auth::{
        context::{Auth, CurrentUser, RequestCtx},
        policy::Routes,
    },
    error::AppError,
    schools::repo as schools_repo,
    structure::{model::format_coefficient, service::school_today},
    web::{
        i18n::Lang,
        layout::{Shell, display_date, render},
    },
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for("/students/{id}/results", get(student_page))
        .route_for("/classes/{id}/gradebook", get(class_page))
}

/// `?period_id=` as typed: a period id, `year`, or nothing (the current period).
#[derive(Debug, Default, Deserialize)]
pub struct SpanQuery {
    #[serde(default)]
    pub period_id: Option<String>,
}

impl SpanQuery {
    /// The span asked for; `None`: the default period, once the class's periods are known.
    pub fn span(&self) -> Option<Span> {
        match self.period_id.as_deref().map(str::trim) {
            Some("year") => Some(Span::Year),
            Some(id) => id.parse().ok().map(Span::Period),
            None => None,
        }
    }
}

/// The span a page opens on: the one asked for, else the period containing the school's
/// today (its class's periods are read for that), else the year.
pub(crate) async fn resolve_span(
    state: &AppState,
    user: &CurrentUser,
    query: &SpanQuery,
    year_id: impl AsyncFnOnce() -> Result<Option<i64>, AppError>,
) -> Result<Span, AppError> {
    if let Some(span) = query.span() {
        return Ok(span);
    }
    let scope = user.scope().ok_or(AppError::NotFound)?;
    let Some(year_id) = year_id().await? else {
        return Ok(Span::Year);
    };
    let periods =
        crate::structure::repo::list_periods(&state.db.pool, scope, Some(year_id), 100, 0).await?;
    let school = schools_repo::get(&state.db.pool, scope).await?;
    let today = school_today(&school, state.clock.as_ref()).to_string();
    Ok(default_period(&periods, &today).map_or(Span::Year, Span::Period))
}

// ---- view models ----------------------------------------------------------------------------

/// One mark as the explanation shows it.
#[derive(Debug, Clone)]
pub struct MarkView {
    pub title: String,
    pub date: String,
    /// "12,5 / 20", or the code.
    pub value: String,
    /// On 20, when it has one.
    pub on_20: Option<String>,
    pub coefficient: String,
    /// How the mark entered the average, as a sentence.
    pub status: String,
    pub counted: bool,
}

/// One subject of a student's results.
#[derive(Debug, Clone)]
pub struct SubjectView {
    pub name: String,
    pub color: String,
    pub group: Option<String>,
    pub coefficient: String,
    pub average: Option<String>,
    pub rank: Option<u32>,
    pub class_average: Option<String>,
    pub class_min: Option<String>,
    pub class_max: Option<String>,
    pub capped: bool,
    pub marks: Vec<MarkView>,
    /// Over the year: each period's average ("—" for none).
    pub period_averages: Vec<String>,
}

/// A student's results, ready to render.
#[derive(Debug, Clone)]
pub struct StudentResultsView {
    pub student_id: i64,
    pub student_name: String,
    pub class_name: String,
    pub class_id: i64,
    /// The selected period id, or `None` for the year.
    pub period_id: Option<i64>,
    pub span_label: String,
    pub periods: Vec<(i64, String)>,
    pub period_names: Vec<String>,
    pub general: Option<String>,
    pub rank: Option<u32>,
    pub class_size: usize,
    pub class_general: Option<String>,
    pub class_general_min: Option<String>,
    pub class_general_max: Option<String>,
    pub groups: Vec<(String, Option<String>)>,
    pub subjects: Vec<SubjectView>,
    pub ranks_shown: bool,
    pub family: bool,
    pub is_year: bool,
}

fn fmt(grading: &Grading, value: Option<Ratio>, lang: Lang) -> Option<String> {
    value.map(|v| grading.format(v, lang.code()))
}

/// Points in hundredths as typed in the locale ("12,5").
pub fn points(hundredths: i64, lang: Lang) -> String {
    format_coefficient(hundredths, lang)
}

/// The label of a code: the school's own, else the translation of a default code, else the
/// code itself.
pub fn code_label(code_rows: &[MarkCodeRow], code: &str, lang: Lang) -> String {
    if let Some(row) = code_rows.iter().find(|r| r.code == code) {
        return row.label.clone();
    }
    let key = format!("gradebook-code-{}", code.to_ascii_lowercase());
    let label = lang.t(&key);
    if label == key { code.to_owned() } else { label }
}

/// How a mark entered its subject average, as a sentence (the student page's explanation, the
/// marks grid's status column).
pub fn status_text(
    g: &Grading,
    code_rows: &[MarkCodeRow],
    status: &MarkStatus,
    value: &MarkValue,
    lang: Lang,
) -> String {
    match status {
        MarkStatus::Counted { weight, share } => {
            let percent = share
                .checked_mul(Ratio::from_integer(100))
                .map(|p| p.format(0, super::DecimalSeparator::for_language(lang.code())))
                .unwrap_or_default();
            let weight = weight.format(2, super::DecimalSeparator::for_language(lang.code()));
            let weight = weight
                .trim_end_matches('0')
                .trim_end_matches([',', '.'])
                .to_owned();
            match value {
                MarkValue::Code(code) => lang.t_with(
                    "results-counted-as-zero",
                    &[
                        ("code", code.clone()),
                        ("label", code_label(code_rows, code, lang)),
                        ("share", percent),
                    ],
                ),
                MarkValue::Points(_) => {
                    lang.t_with("results-counted", &[("weight", weight), ("share", percent)])
                }
            }
        }
        MarkStatus::Bonus { added } => {
            lang.t_with("results-bonus", &[("added", g.format(*added, lang.code()))])
        }
        MarkStatus::LeftOut(reason) => match reason {
            LeftOutReason::Code(code) => lang.t_with(
                "results-left-out-code",
                &[
                    ("code", code.clone()),
                    ("label", code_label(code_rows, code, lang)),
                ],
            ),
            LeftOutReason::ZeroCoefficient => lang.t("results-left-out-zero-coefficient"),
            LeftOutReason::WouldNotRaise => lang.t("results-left-out-would-not-raise"),
            LeftOutReason::NoBaseAverage => lang.t("results-left-out-no-base"),
        },
    }
}

fn student_name(line: &StudentLine) -> String {
    format!("{} {}", line.student.last_name, line.student.first_name)
}

fn span_label(results: &ClassResults, lang: Lang) -> String {
    match &results.period {
        Some(p) => p.name.clone(),
        None => lang.t("results-year"),
    }
}

/// A student's results as text; `None` when the student is not in the results.
pub fn student_view(
    results: &ClassResults,
    student_id: i64,
    lang: Lang,
) -> Option<StudentResultsView> {
    let line = results.line(student_id)?;
    let g = &results.grading;
    let mut subjects = Vec::with_capacity(results.subjects.len());
    for (i, column) in results.subjects.iter().enumerate() {
        let cell = &line.subjects[i];
        let stats = results.subject_stats[i];
        let marks = match &cell.explanation {
            Some(explained) => explained
                .marks
                .iter()
                .zip(&cell.marks)
                .filter_map(|(m, id)| {
                    let a = results.assessment(*id)?;
                    Some(MarkView {
                        title: a.title.clone(),
                        date: display_date(lang, &a.date),
                        value: match &m.value {
                            MarkValue::Points(p) => {
                                format!("{} / {}", points(*p, lang), points(a.max_hundredths, lang))
                            }
                            MarkValue::Code(c) => c.clone(),
                        },
                        on_20: fmt(g, m.on_20, lang),
                        coefficient: format_coefficient(a.coefficient_hundredths, lang),
                        status: status_text(g, &results.code_rows, &m.status, &m.value, lang),
                        counted: !matches!(m.status, MarkStatus::LeftOut(_)),
                    })
                })
                .collect(),
            None => Vec::new(),
        };
        subjects.push(SubjectView {
            name: column.subject.name.clone(),
            color: column.subject.color.clone(),
            group: column.subject.group_name.clone(),
            coefficient: if column.coefficient > 0 {
                format_coefficient(column.coefficient, lang)
            } else {
                "—".to_owned()
            },
            average: fmt(g, cell.average, lang),
            rank: cell.rank,
            class_average: fmt(g, stats.map(|s| s.average), lang),
            class_min: fmt(g, stats.map(|s| s.min), lang),
            class_max: fmt(g, stats.map(|s| s.max), lang),
            capped: cell.explanation.as_ref().is_some_and(|e| e.capped),
            marks,
            period_averages: cell
                .period_averages
                .iter()
                .map(|a| fmt(g, *a, lang).unwrap_or_else(|| "—".to_owned()))
                .collect(),
        });
    }
    Some(StudentResultsView {
        student_id,
        student_name: student_name(line),
        class_name: results.class.name.clone(),
        class_id: results.class.id,
        period_id: results.period.as_ref().map(|p| p.id),
        span_label: span_label(results, lang),
        periods: results
            .periods
            .iter()
            .map(|p| (p.id, p.name.clone()))
            .collect(),
        period_names: results.periods.iter().map(|p| p.name.clone()).collect(),
        general: fmt(g, line.general, lang),
        rank: line.rank,
        class_size: results.general_stats.map_or(0, |s| s.count),
        class_general: fmt(g, results.general_stats.map(|s| s.average), lang),
        class_general_min: fmt(g, results.general_stats.map(|s| s.min), lang),
        class_general_max: fmt(g, results.general_stats.map(|s| s.max), lang),
        groups: results
            .groups
            .iter()
            .zip(&line.groups)
            .map(|(group, avg)| (group.name.clone(), fmt(g, *avg, lang)))
            .collect(),
        subjects,
        ranks_shown: results.ranks_shown,
        family: results.audience == Audience::Family,
        is_year: results.period.is_none(),
    })
}

// ---- the student's page -------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "gradebook/student_results.html")]
struct StudentPage {
    s: Shell,
    v: StudentResultsView,
}

impl StudentPage {
    fn selected(&self, id: &i64) -> bool {
        self.v.period_id == Some(*id)
    }
}

async fn student_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
    axum_extra::extract::Query(query): axum_extra::extract::Query<SpanQuery>,
) -> Result<Response, AppError> {
    // The access check runs first, so a refused reader learns nothing from the span.
    access::student(&state, &ctx, &user, id).await?;
    let span = resolve_span(&state, &user, &query, async || {
        let scope = user.scope().ok_or(AppError::NotFound)?;
        Ok(crate::structure::repo::current_year(&state.db.pool, scope)
            .await?
            .map(|y| y.id))
    })
    .await?;
    let results = access::student_results(&state, &ctx, &user, id, span).await?;
    let v = student_view(&results, id, ctx.lang).ok_or(AppError::NotFound)?;
    render(&StudentPage {
        s: Shell::new(&ctx),
        v,
    })
}

// ---- the class gradebook ------------------------------------------------------------------------

/// One row of the class gradebook.
#[derive(Debug, Clone)]
pub struct ClassRow {
    pub student_id: i64,
    pub name: String,
    pub averages: Vec<String>,
    pub general: String,
    pub rank: String,
}

#[derive(Template)]
#[template(path = "gradebook/class_results.html")]
struct ClassPage {
    s: Shell,
    class_id: i64,
    class_name: String,
    level_name: String,
    period_id: Option<i64>,
    span_label: String,
    periods: Vec<(i64, String)>,
    /// (code, name, coefficient)
    subjects: Vec<(String, String, String)>,
    rows: Vec<ClassRow>,
    /// (label, one value per subject, general)
    footer: Vec<(String, Vec<String>, String)>,
}

impl ClassPage {
    fn selected(&self, id: &i64) -> bool {
        self.period_id == Some(*id)
    }
}

fn dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".to_owned())
}

async fn class_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
    axum_extra::extract::Query(query): axum_extra::extract::Query<SpanQuery>,
) -> Result<Response, AppError> {
    let scope = access::class(&state, &ctx, &user, id).await?;
    let span = resolve_span(&state, &user, &query, async || {
        Ok(crate::structure::repo::class(&state.db.pool, scope, id)
            .await?
            .map(|c| c.year_id))
    })
    .await?;
    let r = access::class_results(&state, &ctx, &user, id, span).await?;
    let lang = ctx.lang;
    let g = &r.grading;
    let rows = r
        .students
        .iter()
        .map(|line| ClassRow {
            student_id: line.student.id,
            name: student_name(line),
            averages: line
                .subjects
                .iter()
                .map(|c| dash(fmt(g, c.average, lang)))
                .collect(),
            general: dash(fmt(g, line.general, lang)),
            rank: line.rank.map_or_else(|| "—".to_owned(), |n| n.to_string()),
        })
        .collect();
    let stat = |pick: fn(&super::ClassStats) -> Ratio| {
        let per_subject = r
            .subject_stats
            .iter()
            .map(|s| dash(fmt(g, s.as_ref().map(pick), lang)))
            .collect();
        (
            per_subject,
            dash(fmt(g, r.general_stats.as_ref().map(pick), lang)),
        )
    };
    let footer = [
        ("results-class-average", stat(|s| s.average)),
        ("results-class-min", stat(|s| s.min)),
        ("results-class-max", stat(|s| s.max)),
    ]
    .into_iter()
    .map(|(key, (values, general))| (lang.t(key), values, general))
    .collect();
    render(&ClassPage {
        s: Shell::new(&ctx),
        class_id: r.class.id,
        class_name: r.class.name.clone(),
        level_name: r.class.level_name.clone(),
        period_id: r.period.as_ref().map(|p| p.id),
        span_label: span_label(&r, lang),
        periods: r.periods.iter().map(|p| (p.id, p.name.clone())).collect(),
        subjects: r
            .subjects
            .iter()
            .map(|c| {
                (
                    c.subject.code.clone(),
                    c.subject.name.clone(),
                    if c.coefficient > 0 {
                        format_coefficient(c.coefficient, lang)
                    } else {
                        "—".to_owned()
                    },
                )
            })
            .collect(),
        rows,
        footer,
    })
}

// ---- the family home page -----------------------------------------------------------------------

/// A child's (or the student's own) results card on the home page: the current period's
/// general average, rank and latest published marks.
#[derive(Debug, Clone)]
pub struct ResultsCard {
    pub student_id: i64,
    pub name: String,
    pub class_name: String,
    pub span_label: String,
    pub general: Option<String>,
    pub rank: Option<u32>,
    pub class_size: usize,
    /// (subject, assessment, mark, date), newest first, at most five.
    pub latest: Vec<(String, String, String, String)>,
}

/// The results cards of the students a family user follows (their children, or themself),
/// each over the current period. A student without a class or period gets no card.
pub async fn family_cards(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    student_ids: &[i64],
) -> Result<Vec<ResultsCard>, AppError> {
    let Some(scope) = user.scope() else {
        return Ok(Vec::new());
    };
    let lang = ctx.lang;
    let school = schools_repo::get(&state.db.pool, scope).await?;
    let today = school_today(&school, state.clock.as_ref()).to_string();
    let mut cards = Vec::new();
    if student_ids.is_empty() {
        return Ok(cards);
    }
    let Some(year) = crate::structure::repo::current_year(&state.db.pool, scope).await? else {
        return Ok(cards);
    };
    let periods =
        crate::structure::repo::list_periods(&state.db.pool, scope, Some(year.id), 100, 0).await?;
    let Some(period) = default_period(&periods, &today) else {
        return Ok(cards);
    };
    for &student_id in student_ids {
        let Ok(results) =
            access::student_results(state, ctx, user, student_id, Span::Period(period)).await
        else {
            continue;
        };
        let Some(line) = results.line(student_id) else {
            continue;
        };
        let g = &results.grading;
        let mut latest: Vec<(&str, String, String, String, String)> = Vec::new();
        for (i, cell) in line.subjects.iter().enumerate() {
            let Some(explained) = &cell.explanation else {
                continue;
            };
            for (mark, id) in explained.marks.iter().zip(&cell.marks) {
                let Some(a) = results.assessment(*id) else {
                    continue;
                };
                let value = match &mark.value {
                    MarkValue::Points(p) => {
                        format!("{} / {}", points(*p, lang), points(a.max_hundredths, lang))
                    }
                    MarkValue::Code(c) => c.clone(),
                };
                latest.push((
                    a.published_on.as_deref().unwrap_or(&a.date),
                    results.subjects[i].subject.name.clone(),
                    a.title.clone(),
                    value,
                    display_date(lang, &a.date),
                ));
            }
        }
        latest.sort_by(|a, b| b.0.cmp(a.0));
        cards.push(ResultsCard {
            student_id,
            name: student_name(line),
            class_name: results.class.name.clone(),
            span_label: span_label(&results, lang),
            general: fmt(g, line.general, lang),
            rank: line.rank,
            class_size: results.general_stats.map_or(0, |s| s.count),
            latest: latest
                .into_iter()
                .take(5)
                .map(|(_, s, t, v, d)| (s, t, v, d))
                .collect(),
        });
    }
    Ok(cards)
}
