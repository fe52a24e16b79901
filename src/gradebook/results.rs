//! A class's results over a period or a school year: every student's subject averages (with
//! the per-mark explanation), group and general averages, ranks and class statistics. One read
//! serves the class gradebook, a student's or parent's results page, the API and (next) the
//! bulletin, so they can never disagree.
//!
//! The read is a fixed number of queries whatever the class size: the school, the class, its
//! periods, its students, the school's subjects, the effective coefficients, the assessments,
//! the marks and the mark codes.
//!
//! Two audiences see different things:
//! - **staff** (administration, vie scolaire, the class's teachers) see every assessment, ranks
//!   always;
//! - **families** (the student, their guardians) see only assessments published on or before
//!   the school's today — the averages, ranks and class statistics they see are computed on
//!   those alone, so nothing unpublished can be inferred — and ranks only when the school shows
//!   them.
//!
//! Ranks compare the averages as the school displays them (rounded half-up to its decimals):
//! two students both shown 13,31 share a rank, as a family reading the bulletin expects.

use std::collections::{BTreeMap, HashMap};

use super::{
    AnnualMode, AverageMode, ClassStats, CodeTable, GradebookError, MarkEntry, MarkValue, Ratio,
    SubjectResult, annual_subject_average, class_stats, general_average, group_average, ranks,
    repo::{self, AssessmentRow, ResultsStudent, ResultsSubject},
    service::{code_table_or_default, core_assessment},
    subject_average,
};
use crate::{
    AppState,
    error::AppError,
    schools::{
        SchoolScope,
        model::{AverageMode as SchoolAverageMode, School},
        repo as schools_repo,
    },
    structure::{
        repo::{self as structure_repo, PeriodRow},
        service::{effective_coefficients, school_today},
    },
};

/// What the results cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// One period of the class's year.
    Period(i64),
    /// The class's whole school year, from its periods in the school's annual mode.
    Year,
}

/// Who reads the results (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Staff,
    Family,
}

/// The school's grading settings, as the results apply them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grading {
    pub mode: AverageMode,
    pub annual: AnnualMode,
    /// Decimals shown (0 to 4).
    pub decimals: u8,
    /// Whether families see ranks.
    pub show_ranks: bool,
}

impl Grading {
    /// The school's settings.
    pub fn of_school(school: &School) -> Self {
        Self {
            mode: core_mode(school.average_mode),
            annual: school.annual_mode,
            decimals: u8::try_from(school.grade_decimals.clamp(0, 4)).unwrap_or(2),
            show_ranks: school.show_ranks,
        }
    }

    /// An exact average rounded for display in a language ("13,31" in French).
    pub fn format(&self, value: Ratio, lang: &str) -> String {
        value.format(self.decimals, super::DecimalSeparator::for_language(lang))
    }
}

/// A subject column: the subject, its group and its coefficient in hundredths for this class
/// and span (0 when the class has none: the subject then stays out of the general average).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectColumn {
    pub subject: ResultsSubject,
    pub coefficient: i64,
}

/// A group of subjects with at least one subject shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupColumn {
    pub id: i64,
    pub name: String,
}

/// One student's result in one subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectCell {
    /// On 20, exact; `None` when no mark counted.
    pub average: Option<Ratio>,
    pub rank: Option<u32>,
    /// Over a period: the explanation of every mark, aligned with [`SubjectCell::marks`].
    pub explanation: Option<SubjectResult>,
    /// The assessments of the marks explained, in the same order (period span).
    pub marks: Vec<i64>,
    /// Over a year: the subject average of each period, aligned with
    /// [`ClassResults::periods`].
    pub period_averages: Vec<Option<Ratio>>,
}

/// One student's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudentLine {
    pub student: ResultsStudent,
    /// Aligned with [`ClassResults::subjects`].
    pub subjects: Vec<SubjectCell>,
    /// Aligned with [`ClassResults::groups`].
    pub groups: Vec<Option<Ratio>>,
    pub general: Option<Ratio>,
    pub rank: Option<u32>,
}

/// The results of a class over a span.
#[derive(Debug, Clone)]
pub struct ClassResults {
    pub class: repo::ResultsClass,
    pub span: Span,
    /// The period (period span).
    pub period: Option<PeriodRow>,
    /// The periods of the class's year, in order (for selectors and the year span).
    pub periods: Vec<PeriodRow>,
    pub grading: Grading,
    pub audience: Audience,
    /// Whether this audience sees ranks.
    pub ranks_shown: bool,
    pub subjects: Vec<SubjectColumn>,
    pub groups: Vec<GroupColumn>,
    /// The assessments counted (for families: the published ones), by subject and date.
    pub assessments: Vec<AssessmentRow>,
    pub codes: CodeTable,
    /// The school's codes with their labels (empty while the school uses the defaults).
    pub code_rows: Vec<repo::MarkCodeRow>,
    pub students: Vec<StudentLine>,
    /// Aligned with `subjects`.
    pub subject_stats: Vec<Option<ClassStats>>,
    pub general_stats: Option<ClassStats>,
}

impl ClassResults {
    /// A student's line, if they are in the results.
    pub fn line(&self, student_id: i64) -> Option<&StudentLine> {
        self.students.iter().find(|l| l.student.id == student_id)
    }

    /// An assessment of the results by id.
    pub fn assessment(&self, id: i64) -> Option<&AssessmentRow> {
        self.assessments.iter().find(|a| a.id == id)
    }

    /// The index of a subject's column.
    pub fn subject_index(&self, subject_id: i64) -> Option<usize> {
        self.subjects
            .iter()
            .position(|s| s.subject.id == subject_id)
    }
}

fn core_mode(mode: SchoolAverageMode) -> AverageMode {
    match mode {
        SchoolAverageMode::Normalized => AverageMode::Normalized,
        SchoolAverageMode::WeightedByMax => AverageMode::WeightedByMax,
    }
}

fn internal(e: GradebookError) -> AppError {
    AppError::Internal(anyhow::anyhow!(e))
}

/// Averages rounded as displayed, for ranking (see the module documentation).
fn displayed(averages: &[Option<Ratio>], decimals: u8) -> Vec<Option<Ratio>> {
    let scale = 10_i128.pow(u32::from(decimals));
    averages
        .iter()
        .map(|a| {
            a.and_then(|r| r.round_half_up(decimals))
                .and_then(|n| Ratio::new(n, scale))
        })
        .collect()
}

/// The results of a class over a span, for an audience. `None` when the class, or the period
/// in the class's year, does not exist. Callers check the reader may see the class.
#[tracing::instrument(skip_all, fields(class_id))]
pub async fn class_results(
    state: &AppState,
    scope: SchoolScope,
    class_id: i64,
    span: Span,
    audience: Audience,
) -> Result<Option<ClassResults>, AppError> {
    let pool = &state.db.pool;
    let school = schools_repo::get(pool, scope).await?;
    let Some(class) = repo::results_class(pool, scope, class_id).await? else {
        return Ok(None);
    };
    let periods = structure_repo::list_periods(pool, scope, Some(class.year_id), 100, 0).await?;
    let (period, span_periods): (Option<PeriodRow>, Vec<PeriodRow>) = match span {
        Span::Period(id) => match periods.iter().find(|p| p.id == id) {
            Some(p) => (Some(p.clone()), vec![p.clone()]),
            None => return Ok(None),
        },
        Span::Year => (None, periods.clone()),
    };
    let grading = Grading::of_school(&school);
    let published_by = match audience {
        Audience::Staff => None,
        Audience::Family => Some(school_today(&school, state.clock.as_ref()).to_string()),
    };
    let (Some(first), Some(last)) = (span_periods.first(), span_periods.last()) else {
        return Ok(None);
    };
    let students =
        repo::results_students(pool, scope, class_id, &first.starts_on, &last.ends_on).await?;
    let period_ids: Vec<i64> = span_periods.iter().map(|p| p.id).collect();
    let assessments =
        repo::results_assessments(pool, scope, class_id, &period_ids, published_by.as_deref())
            .await?;
    let marks =
        repo::results_marks(pool, scope, class_id, &period_ids, published_by.as_deref()).await?;
    let code_rows = repo::mark_codes(pool, scope).await?;
    let codes = code_table_or_default(&code_rows);
    let coefficients: HashMap<i64, i64> =
        effective_coefficients(state, scope, class_id, period.as_ref().map(|p| p.id))
            .await?
            .into_iter()
            .map(|(subject, _, cents)| (subject, cents))
            .collect();
    // Subjects shown: those the class has a coefficient for, and any with an assessment.
    let with_assessments: std::collections::HashSet<i64> =
        assessments.iter().map(|a| a.subject_id).collect();
    let mut subjects: Vec<SubjectColumn> = repo::results_subjects(pool, scope)
        .await?
        .into_iter()
        .filter(|s| coefficients.contains_key(&s.id) || with_assessments.contains(&s.id))
        .map(|s| SubjectColumn {
            coefficient: coefficients.get(&s.id).copied().unwrap_or(0),
            subject: s,
        })
        .collect();
    // Grouped subjects together (groups in their order), then the ungrouped ones.
    subjects.sort_by_key(|c| {
        (
            c.subject.group_id.is_none(),
            c.subject.group_position.unwrap_or(0),
            c.subject.group_id,
            c.subject.position,
        )
    });
    let mut groups: Vec<GroupColumn> = Vec::new();
    for c in &subjects {
        if let (Some(id), Some(name)) = (c.subject.group_id, &c.subject.group_name)
            && !groups.iter().any(|g| g.id == id)
        {
            groups.push(GroupColumn {
                id,
                name: name.clone(),
            });
        }
    }

    // Marks by (student, subject), each with its assessment and period.
    let by_id: HashMap<i64, &AssessmentRow> = assessments.iter().map(|a| (a.id, a)).collect();
    let mut entries: HashMap<(i64, i64), Vec<PeriodMark>> = HashMap::new();
    for m in marks {
        let Some(a) = by_id.get(&m.assessment_id) else {
            continue;
        };
        let value = match (m.points_hundredths, m.code) {
            (Some(p), _) => MarkValue::Points(p),
            (None, Some(c)) => MarkValue::Code(c),
            (None, None) => continue,
        };
        entries
            .entry((m.student_id, a.subject_id))
            .or_default()
            .push((
                a.period_id,
                a.id,
                MarkEntry {
                    assessment: core_assessment(a),
                    value,
                },
            ));
    }
    // In assessment order (subject, date, id), whatever order the marks came in.
    let order: HashMap<i64, usize> = assessments
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i))
        .collect();
    for list in entries.values_mut() {
        list.sort_by_key(|(_, id, _)| order.get(id).copied().unwrap_or(usize::MAX));
    }

    let mut lines = Vec::with_capacity(students.len());
    for student in students {
        let mut cells = Vec::with_capacity(subjects.len());
        for column in &subjects {
            let list = entries
                .remove(&(student.id, column.subject.id))
                .unwrap_or_default();
            cells.push(subject_cell(&list, &span_periods, span, &codes, grading)?);
        }
        let weighted: Vec<(Option<Ratio>, i64)> = cells
            .iter()
            .zip(&subjects)
            .map(|(cell, column)| (cell.average, column.coefficient))
            .collect();
        let general = general_average(&weighted).map_err(internal)?;
        let group_averages = groups
            .iter()
            .map(|g| {
                let members: Vec<(Option<Ratio>, i64)> = weighted
                    .iter()
                    .zip(&subjects)
                    .filter(|(_, c)| c.subject.group_id == Some(g.id))
                    .map(|(w, _)| *w)
                    .collect();
                group_average(&members).map_err(internal)
            })
            .collect::<Result<Vec<_>, _>>()?;
        lines.push(StudentLine {
            student,
            subjects: cells,
            groups: group_averages,
            general,
            rank: None,
        });
    }

    // Ranks and class statistics.
    let mut subject_stats = Vec::with_capacity(subjects.len());
    for i in 0..subjects.len() {
        let averages: Vec<Option<Ratio>> = lines.iter().map(|l| l.subjects[i].average).collect();
        subject_stats.push(class_stats(&averages).map_err(internal)?);
        for (line, rank) in lines
            .iter_mut()
            .zip(ranks(&displayed(&averages, grading.decimals)))
        {
            line.subjects[i].rank = rank;
        }
    }
    let generals: Vec<Option<Ratio>> = lines.iter().map(|l| l.general).collect();
    let general_stats = class_stats(&generals).map_err(internal)?;
    for (line, rank) in lines
        .iter_mut()
        .zip(ranks(&displayed(&generals, grading.decimals)))
    {
        line.rank = rank;
    }
    let ranks_shown = audience == Audience::Staff || grading.show_ranks;
    if !ranks_shown {
        for line in &mut lines {
            line.rank = None;
            for cell in &mut line.subjects {
                cell.rank = None;
            }
        }
    }
    Ok(Some(ClassResults {
        class,
        span,
        period,
        periods,
        grading,
        audience,
        ranks_shown,
        subjects,
        groups,
        assessments,
        codes,
        code_rows,
        students: lines,
        subject_stats,
        general_stats,
    }))
}

/// A mark with its period and assessment ids: `(period_id, assessment_id, entry)`.
type PeriodMark = (i64, i64, MarkEntry);

/// One student's subject cell from their marks.
fn subject_cell(
    list: &[PeriodMark],
    span_periods: &[PeriodRow],
    span: Span,
    codes: &CodeTable,
    grading: Grading,
) -> Result<SubjectCell, AppError> {
    match span {
        Span::Period(_) => {
            let marks: Vec<MarkEntry> = list.iter().map(|(_, _, e)| e.clone()).collect();
            let result = subject_average(&marks, codes, grading.mode).map_err(internal)?;
            Ok(SubjectCell {
                average: result.average,
                rank: None,
                marks: list.iter().map(|(_, id, _)| *id).collect(),
                explanation: Some(result),
                period_averages: Vec::new(),
            })
        }
        Span::Year => {
            let mut per_period: BTreeMap<usize, Vec<MarkEntry>> = BTreeMap::new();
            for (period_id, _, entry) in list {
                if let Some(i) = span_periods.iter().position(|p| p.id == *period_id) {
                    per_period.entry(i).or_default().push(entry.clone());
                }
            }
            let by_period: Vec<Vec<MarkEntry>> = (0..span_periods.len())
                .map(|i| per_period.remove(&i).unwrap_or_default())
                .collect();
            let period_averages = by_period
                .iter()
                .map(|marks| subject_average(marks, codes, grading.mode).map(|r| r.average))
                .collect::<Result<Vec<_>, _>>()
                .map_err(internal)?;
            let average = annual_subject_average(&by_period, codes, grading.mode, grading.annual)
                .map_err(internal)?;
            Ok(SubjectCell {
                average,
                rank: None,
                explanation: None,
                marks: Vec::new(),
                period_averages,
            })
        }
    }
}

/// A student's results over a span: the results of the class they were in (on the period's
/// last day, or today for the year), so ranks and class statistics come with them. `None`
/// when the student has no class for the span or the period does not exist.
pub async fn student_results(
    state: &AppState,
    scope: SchoolScope,
    student_id: i64,
    span: Span,
    audience: Audience,
) -> Result<Option<ClassResults>, AppError> {
    let pool = &state.db.pool;
    let date = match span {
        Span::Period(id) => match structure_repo::period(pool, scope, id).await? {
            Some(p) => p.ends_on.min(today(state, scope).await?),
            None => return Ok(None),
        },
        Span::Year => today(state, scope).await?,
    };
    let Some(class_id) = repo::student_class_on(pool, scope, student_id, &date).await? else {
        return Ok(None);
    };
    let results = class_results(state, scope, class_id, span, audience).await?;
    Ok(results.filter(|r| r.line(student_id).is_some()))
}

async fn today(state: &AppState, scope: SchoolScope) -> Result<String, AppError> {
    let school = schools_repo::get(&state.db.pool, scope).await?;
    Ok(school_today(&school, state.clock.as_ref()).to_string())
}

/// The period a results page opens on: the one containing the school's today, else the last
/// one that has started, else the first of the year.
pub fn default_period(periods: &[PeriodRow], today: &str) -> Option<i64> {
    periods
        .iter()
        .find(|p| p.starts_on.as_str() <= today && today <= p.ends_on.as_str())
        .or_else(|| {
            periods
                .iter()
                .filter(|p| p.starts_on.as_str() <= today)
                .max_by(|a, b| a.starts_on.cmp(&b.starts_on))
        })
        .or_else(|| periods.first())
        .map(|p| p.id)
}
