//! `/api/v2/students/{id}/results` and `/api/v2/classes/{id}/gradebook`: the numbers of the
//! results pages as JSON. Both read [`crate::gradebook::results`] through
//! [`crate::gradebook::access`] (who may read whose results, published assessments only for
//! families, ranks as the school shows them), so the API, the pages and the bulletin agree.
//!
//! Averages come twice: `average`, a JSON number rounded half-up to the school's decimals
//! (rounded exactly, then written as the shortest number with those decimals), and
//! `average_display`, the text the pages show in the caller's language ("13,31"). Maxima and
//! coefficients are exact decimal strings, as everywhere in the API.

use axum::{Json, extract::State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiPath, ApiQuery, ApiUser},
    problem::Problem,
};
use crate::{
    AppState,
    error::AppError,
    gradebook::{
        ClassStats, DecimalSeparator, LeftOutReason, MarkStatus, MarkValue, Ratio, access,
        results::{Audience, ClassResults, Grading, Span, StudentLine, SubjectColumn},
        results_pages::{SpanQuery, code_label, resolve_span, status_text},
    },
    structure::{model::format_coefficient_plain, repo as structure_repo},
    web::i18n::Lang,
};

// ---- shared parts ---------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResultsQuery {
    /// A period id of the class's year, or `year`; absent: the period containing the school's
    /// today (else the last one started).
    pub period_id: Option<String>,
}

impl ResultsQuery {
    /// The span asked for, as the pages read it; anything but an id or `year` is a field error.
    fn span_query(&self) -> Result<SpanQuery, AppError> {
        let raw = self.period_id.as_deref().map(str::trim).unwrap_or("");
        if raw.is_empty() {
            return Ok(SpanQuery::default());
        }
        if raw == "year" || raw.parse::<i64>().is_ok() {
            return Ok(SpanQuery {
                period_id: Some(raw.to_owned()),
            });
        }
        Err(AppError::Validation(vec![("period_id", "error-choice")]))
    }
}

/// What the results cover.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsSpan {
    /// `period` or `year`.
    pub kind: String,
    /// The period (`null` for the year).
    pub period_id: Option<i64>,
    /// The period's name, or "Year" in the caller's language.
    pub name: String,
}

/// A period of the class's year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsPeriod {
    pub id: i64,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsClass {
    pub id: i64,
    pub name: String,
    pub level_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsStudent {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
}

/// A subject with its coefficient for the class and span.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsSubjectRef {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub group_id: Option<i64>,
    /// Exact decimal string; "0" when the class has no coefficient for it (it then stays out
    /// of the general average).
    pub coefficient: String,
}

/// Class statistics over the students that have an average (numbers at the school's
/// decimals).
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsStats {
    pub average: f64,
    pub min: f64,
    pub max: f64,
    /// Students with an average.
    pub count: usize,
}

/// The school's grading settings the numbers follow.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsGrading {
    /// `normalized` (each mark on 20, weighted by its coefficient) or `weighted_by_max`.
    pub average_mode: String,
    /// `mean_of_periods` or `all_marks` (the year's averages).
    pub annual_mode: String,
    /// Decimals of the numbers and displays.
    pub decimals: u8,
}

/// A number rounded half-up to `decimals` (exactly), as JSON carries numbers.
fn number(value: Ratio, decimals: u8) -> Option<f64> {
    value.format(decimals, DecimalSeparator::Point).parse().ok()
}

/// A student's subject group averages, in the class's group order.
fn groups(r: &ClassResults, line: &StudentLine, lang: Lang) -> Vec<ResultsGroup> {
    r.groups
        .iter()
        .zip(&line.groups)
        .map(|(group, avg)| {
            let (average, average_display) = numbers(&r.grading, *avg, lang);
            ResultsGroup {
                id: group.id,
                name: group.name.clone(),
                average,
                average_display,
            }
        })
        .collect()
}

pub(crate) fn numbers(
    g: &Grading,
    value: Option<Ratio>,
    lang: Lang,
) -> (Option<f64>, Option<String>) {
    match value {
        Some(v) => (number(v, g.decimals), Some(g.format(v, lang.code()))),
        None => (None, None),
    }
}

pub(crate) fn stats(g: &Grading, s: Option<&ClassStats>) -> Option<ResultsStats> {
    let s = s?;
    Some(ResultsStats {
        average: number(s.average, g.decimals)?,
        min: number(s.min, g.decimals)?,
        max: number(s.max, g.decimals)?,
        count: s.count,
    })
}

pub(crate) fn span(r: &ClassResults, lang: Lang) -> ResultsSpan {
    match (&r.span, &r.period) {
        (Span::Period(id), Some(p)) => ResultsSpan {
            kind: "period".to_owned(),
            period_id: Some(*id),
            name: p.name.clone(),
        },
        _ => ResultsSpan {
            kind: "year".to_owned(),
            period_id: None,
            name: lang.t("results-year"),
        },
    }
}

pub(crate) fn periods(r: &ClassResults) -> Vec<ResultsPeriod> {
    r.periods
        .iter()
        .map(|p| ResultsPeriod {
            id: p.id,
            name: p.name.clone(),
            starts_on: p.starts_on.clone(),
            ends_on: p.ends_on.clone(),
        })
        .collect()
}

pub(crate) fn class(r: &ClassResults) -> ResultsClass {
    ResultsClass {
        id: r.class.id,
        name: r.class.name.clone(),
        level_name: r.class.level_name.clone(),
    }
}

pub(crate) fn grading(g: &Grading) -> ResultsGrading {
    ResultsGrading {
        average_mode: g.mode.as_setting().to_owned(),
        annual_mode: g.annual.as_setting().to_owned(),
        decimals: g.decimals,
    }
}

pub(crate) fn subject_ref(c: &SubjectColumn) -> ResultsSubjectRef {
    ResultsSubjectRef {
        id: c.subject.id,
        code: c.subject.code.clone(),
        name: c.subject.name.clone(),
        group_id: c.subject.group_id,
        coefficient: format_coefficient_plain(c.coefficient),
    }
}

// ---- a student's results --------------------------------------------------------------------

/// One mark of a subject and how it entered the average.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsMark {
    pub assessment_id: i64,
    pub title: String,
    /// ISO date.
    pub date: String,
    /// Points as an exact decimal string ("12.5"), or the code ("ABS").
    pub value: String,
    /// `points` or `code`.
    pub value_kind: String,
    /// For a code: its label (the school's, else the default one in the caller's language).
    pub code_label: Option<String>,
    /// The assessment's maximum and coefficient, exact decimal strings.
    pub max: String,
    pub coefficient: String,
    /// The mark brought to /20 (a code counted as 0 gives 0); `null` for a mark left out by
    /// its code.
    pub on_20: Option<f64>,
    pub on_20_display: Option<String>,
    /// `counted`, `bonus` or `left_out`.
    pub status: String,
    /// Counted: its weight in coefficient units (the coefficient, or coefficient × max / 20
    /// when the school weighs by the maximum), 4 decimals.
    pub weight: Option<f64>,
    /// Counted: the part of the average it makes up, from 0 to 1, 4 decimals.
    pub share: Option<f64>,
    /// Bonus: what it added to the average, on 20.
    pub added: Option<f64>,
    /// Left out: `code`, `zero_coefficient`, `would_not_raise` or `no_base_average`.
    pub reason: Option<String>,
    /// The explanation as the results page words it, in the caller's language.
    pub detail: String,
}

/// One period's average of a subject (year span).
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsPeriodAverage {
    pub period_id: i64,
    pub average: Option<f64>,
    pub average_display: Option<String>,
}

/// A student's result in one subject.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsSubject {
    pub subject: ResultsSubjectRef,
    /// On 20 at the school's decimals; `null` when no mark counted.
    pub average: Option<f64>,
    /// As displayed in the caller's language ("13,31").
    pub average_display: Option<String>,
    /// Rank in the class on this subject; absent when the school hides ranks from families.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    /// True when bonus points were capped at 20.
    pub capped: bool,
    pub class_stats: Option<ResultsStats>,
    /// Period span: every mark, in date order, and how it counted.
    pub explanation: Vec<ResultsMark>,
    /// Year span: each period's average, in period order.
    pub period_averages: Vec<ResultsPeriodAverage>,
}

/// A subject group's average.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsGroup {
    pub id: i64,
    pub name: String,
    pub average: Option<f64>,
    pub average_display: Option<String>,
}

/// The general average (Σ subject average × coefficient / Σ coefficients of the subjects
/// that have an average).
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsGeneral {
    pub average: Option<f64>,
    pub average_display: Option<String>,
    /// Absent when the school hides ranks from families, or without an average.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    pub class_stats: Option<ResultsStats>,
}

/// A student's results over a period or the year.
#[derive(Debug, Serialize, ToSchema)]
pub struct StudentResults {
    pub student: ResultsStudent,
    /// The class the student was in (on the period's last day, or today for the year).
    pub class: ResultsClass,
    pub span: ResultsSpan,
    /// The periods of the class's year.
    pub periods: Vec<ResultsPeriod>,
    /// `staff` (every assessment) or `family` (published assessments only).
    pub audience: String,
    pub ranks_shown: bool,
    pub grading: ResultsGrading,
    pub subjects: Vec<ResultsSubject>,
    pub groups: Vec<ResultsGroup>,
    pub general: ResultsGeneral,
}

fn ratio4(value: Ratio) -> Option<f64> {
    number(value, 4)
}

fn mark(
    r: &ClassResults,
    explained: &crate::gradebook::MarkExplanation,
    assessment_id: i64,
    lang: Lang,
) -> Option<ResultsMark> {
    let a = r.assessment(assessment_id)?;
    let g = &r.grading;
    let (value, value_kind, label) = match &explained.value {
        MarkValue::Points(p) => (format_coefficient_plain(*p), "points", None),
        MarkValue::Code(c) => (c.clone(), "code", Some(code_label(&r.code_rows, c, lang))),
    };
    let (on_20, on_20_display) = numbers(g, explained.on_20, lang);
    let (status, weight, share, added, reason) = match &explained.status {
        MarkStatus::Counted { weight, share } => {
            ("counted", ratio4(*weight), ratio4(*share), None, None)
        }
        MarkStatus::Bonus { added } => ("bonus", None, None, number(*added, g.decimals), None),
        MarkStatus::LeftOut(why) => {
            let reason = match why {
                LeftOutReason::Code(_) => "code",
                LeftOutReason::ZeroCoefficient => "zero_coefficient",
                LeftOutReason::WouldNotRaise => "would_not_raise",
                LeftOutReason::NoBaseAverage => "no_base_average",
            };
            ("left_out", None, None, None, Some(reason.to_owned()))
        }
    };
    Some(ResultsMark {
        assessment_id,
        title: a.title.clone(),
        date: a.date.clone(),
        value,
        value_kind: value_kind.to_owned(),
        code_label: label,
        max: format_coefficient_plain(a.max_hundredths),
        coefficient: format_coefficient_plain(a.coefficient_hundredths),
        on_20,
        on_20_display,
        status: status.to_owned(),
        weight,
        share,
        added,
        reason,
        detail: status_text(
            &r.grading,
            &r.code_rows,
            &explained.status,
            &explained.value,
            lang,
        ),
    })
}

fn student_body(r: &ClassResults, student_id: i64, lang: Lang) -> Option<StudentResults> {
    let line = r.line(student_id)?;
    let g = &r.grading;
    let subjects = r
        .subjects
        .iter()
        .zip(&line.subjects)
        .zip(&r.subject_stats)
        .map(|((column, cell), stat)| {
            let (average, average_display) = numbers(g, cell.average, lang);
            let explanation = cell
                .explanation
                .as_ref()
                .map(|e| {
                    e.marks
                        .iter()
                        .zip(&cell.marks)
                        .filter_map(|(m, id)| mark(r, m, *id, lang))
                        .collect()
                })
                .unwrap_or_default();
            ResultsSubject {
                subject: subject_ref(column),
                average,
                average_display,
                rank: cell.rank,
                capped: cell.explanation.as_ref().is_some_and(|e| e.capped),
                class_stats: stats(g, stat.as_ref()),
                explanation,
                period_averages: r
                    .periods
                    .iter()
                    .zip(&cell.period_averages)
                    .map(|(p, avg)| {
                        let (average, average_display) = numbers(g, *avg, lang);
                        ResultsPeriodAverage {
                            period_id: p.id,
                            average,
                            average_display,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let (average, average_display) = numbers(g, line.general, lang);
    Some(StudentResults {
        student: ResultsStudent {
            id: line.student.id,
            first_name: line.student.first_name.clone(),
            last_name: line.student.last_name.clone(),
        },
        class: class(r),
        span: span(r, lang),
        periods: periods(r),
        audience: match r.audience {
            Audience::Staff => "staff",
            Audience::Family => "family",
        }
        .to_owned(),
        ranks_shown: r.ranks_shown,
        grading: grading(g),
        subjects,
        groups: groups(r, line, lang),
        general: ResultsGeneral {
            average,
            average_display,
            rank: line.rank,
            class_stats: stats(g, r.general_stats.as_ref()),
        },
    })
}

/// A student's results: per subject the average, rank, class statistics and the explanation
/// of every mark; group and general averages. Students and their guardians see published
/// assessments only, and ranks only where the school shows them.
#[utoipa::path(
    get, path = "/api/v2/students/{id}/results", tag = "gradebook",
    params(("id" = i64, Path, description = "Student id"), ResultsQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The student's results", body = StudentResults),
        (status = 403, description = "Not allowed to read this student's grades", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such student in this school, no such period in the class's year, or no class then", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`period_id` is neither an id nor `year`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn student_results(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<ResultsQuery>,
) -> Result<Json<StudentResults>, AppError> {
    // The access check runs first, so a refused reader learns nothing from the span.
    let (scope, _) = access::student(&state, &ctx, &user, id).await?;
    let query = q.span_query()?;
    let span = resolve_span(&state, &user, &query, async || {
        Ok(structure_repo::current_year(&state.db.pool, scope)
            .await?
            .map(|y| y.id))
    })
    .await?;
    let results = access::student_results(&state, &ctx, &user, id, span).await?;
    student_body(&results, id, ctx.lang)
        .map(Json)
        .ok_or(AppError::NotFound)
}

// ---- a class's gradebook --------------------------------------------------------------------

/// A subject column of the class gradebook.
#[derive(Debug, Serialize, ToSchema)]
pub struct GradebookSubject {
    pub subject: ResultsSubjectRef,
    pub class_stats: Option<ResultsStats>,
}

/// One student's average in one subject (aligned with the gradebook's `subjects`).
#[derive(Debug, Serialize, ToSchema)]
pub struct GradebookCell {
    pub subject_id: i64,
    pub average: Option<f64>,
    pub average_display: Option<String>,
    pub rank: Option<u32>,
}

/// One student's line of the class gradebook.
#[derive(Debug, Serialize, ToSchema)]
pub struct GradebookLine {
    pub student: ResultsStudent,
    pub subjects: Vec<GradebookCell>,
    /// Aligned with the gradebook's `groups`.
    pub groups: Vec<ResultsGroup>,
    pub average: Option<f64>,
    pub average_display: Option<String>,
    pub rank: Option<u32>,
}

/// A class's gradebook over a period or the year: every student × subject average, the
/// general averages and ranks, the class statistics.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassGradebook {
    pub class: ResultsClass,
    pub span: ResultsSpan,
    pub periods: Vec<ResultsPeriod>,
    pub grading: ResultsGrading,
    pub subjects: Vec<GradebookSubject>,
    pub students: Vec<GradebookLine>,
    pub general_stats: Option<ResultsStats>,
}

fn class_body(r: &ClassResults, lang: Lang) -> ClassGradebook {
    let g = &r.grading;
    ClassGradebook {
        class: class(r),
        span: span(r, lang),
        periods: periods(r),
        grading: grading(g),
        subjects: r
            .subjects
            .iter()
            .zip(&r.subject_stats)
            .map(|(column, stat)| GradebookSubject {
                subject: subject_ref(column),
                class_stats: stats(g, stat.as_ref()),
            })
            .collect(),
        students: r
            .students
            .iter()
            .map(|line| {
                let (average, average_display) = numbers(g, line.general, lang);
                GradebookLine {
                    student: ResultsStudent {
                        id: line.student.id,
                        first_name: line.student.first_name.clone(),
                        last_name: line.student.last_name.clone(),
                    },
                    subjects: r
                        .subjects
                        .iter()
                        .zip(&line.subjects)
                        .map(|(column, cell)| {
                            let (average, average_display) = numbers(g, cell.average, lang);
                            GradebookCell {
                                subject_id: column.subject.id,
                                average,
                                average_display,
                                rank: cell.rank,
                            }
                        })
                        .collect(),
                    groups: groups(r, line, lang),
                    average,
                    average_display,
                    rank: line.rank,
                }
            })
            .collect(),
        general_stats: stats(g, r.general_stats.as_ref()),
    }
}

/// A class's gradebook: staff only (administration, vie scolaire, the class's teachers).
#[utoipa::path(
    get, path = "/api/v2/classes/{id}/gradebook", tag = "gradebook",
    params(("id" = i64, Path, description = "Class id"), ResultsQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The class's gradebook", body = ClassGradebook),
        (status = 403, description = "Not staff of the class (families never)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class in this school, or no such period in its year", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`period_id` is neither an id nor `year`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn class_gradebook(
    State(state): State<AppState>,
    ApiUser(ctx, user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<ResultsQuery>,
) -> Result<Json<ClassGradebook>, AppError> {
    let scope = access::class(&state, &ctx, &user, id).await?;
    let query = q.span_query()?;
    let span = resolve_span(&state, &user, &query, async || {
        Ok(structure_repo::class(&state.db.pool, scope, id)
            .await?
            .map(|c| c.year_id))
    })
    .await?;
    let results = access::class_results(&state, &ctx, &user, id, span).await?;
    Ok(Json(class_body(&results, ctx.lang)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_rounded_half_up_exactly_then_written_as_json_numbers() {
        let r = |n, d| Ratio::new(n, d).unwrap();
        assert_eq!(number(r(26, 3), 2), Some(8.67));
        // 13.305 is not exact in binary: rounded on the exact value, it is 13.31.
        assert_eq!(number(r(2661, 200), 2), Some(13.31));
        assert_eq!(number(r(2661, 200), 0), Some(13.0));
        assert_eq!(number(r(1, 3), 4), Some(0.3333));
        assert_eq!(serde_json::to_string(&number(r(12, 1), 2)).unwrap(), "12.0");
    }

    #[test]
    fn the_span_is_an_id_year_or_nothing() {
        let q = |v: &str| ResultsQuery {
            period_id: Some(v.to_owned()),
        };
        assert_eq!(q("year").span_query().unwrap().span(), Some(Span::Year));
        assert_eq!(q(" 7 ").span_query().unwrap().span(), Some(Span::Period(7)));
        assert_eq!(q("").span_query().unwrap().span(), None);
        assert_eq!(ResultsQuery::default().span_query().unwrap().span(), None);
        assert!(q("trimestre").span_query().is_err());
    }
}
