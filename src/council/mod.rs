//! Appréciations and class councils: at the end of each period the teachers write an
//! appréciation per student and subject, the main teacher the general one, and the council
//! gives distinctions. [`load`] gathers everything the council page, its summary PDF and the
//! bulletins show for a class and period, in a fixed number of queries.

pub mod access;
pub mod pages;
pub mod repo;
pub mod service;

use std::collections::HashMap;

use crate::{
    AppState,
    error::AppError,
    gradebook::results::{self, Audience, ClassResults, Span},
    schools::SchoolScope,
};

pub use repo::{AppreciationRow, DecisionRow};

/// A distinction the class council may give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Distinction {
    Felicitations,
    Compliments,
    Encouragements,
    WorkWarning,
    ConductWarning,
}

impl Distinction {
    pub const ALL: [Distinction; 5] = [
        Distinction::Felicitations,
        Distinction::Compliments,
        Distinction::Encouragements,
        Distinction::WorkWarning,
        Distinction::ConductWarning,
    ];

    /// As stored and in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Distinction::Felicitations => "felicitations",
            Distinction::Compliments => "compliments",
            Distinction::Encouragements => "encouragements",
            Distinction::WorkWarning => "avertissement_travail",
            Distinction::ConductWarning => "avertissement_conduite",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == raw.trim())
    }

    /// The message id of its label ("Félicitations du conseil de classe").
    pub fn label_id(self) -> &'static str {
        match self {
            Distinction::Felicitations => "distinction-felicitations",
            Distinction::Compliments => "distinction-compliments",
            Distinction::Encouragements => "distinction-encouragements",
            Distinction::WorkWarning => "distinction-avertissement-travail",
            Distinction::ConductWarning => "distinction-avertissement-conduite",
        }
    }
}

/// A student's absences over the period, for the council and the bulletin.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Absences {
    pub half_days: u32,
    pub unjustified_half_days: u32,
    pub late: u32,
}

/// Everything a class council shows for a period.
#[derive(Debug, Clone)]
pub struct Council {
    /// The class's results over the period, as staff see them.
    pub results: ClassResults,
    pub period_id: i64,
    /// The teachers of each subject column, aligned with `results.subjects`.
    pub teachers: Vec<Vec<repo::SubjectTeacherRow>>,
    pub main_teacher: Option<String>,
    /// By (student, subject).
    pub appreciations: HashMap<(i64, i64), AppreciationRow>,
    /// By student.
    pub decisions: HashMap<i64, DecisionRow>,
    /// By student. Attendance is not recorded yet: every count is 0 until it is.
    pub absences: HashMap<i64, Absences>,
}

impl Council {
    /// A student's appréciation in a subject, or "".
    pub fn appreciation(&self, student_id: i64, subject_id: i64) -> &str {
        self.appreciations
            .get(&(student_id, subject_id))
            .map_or("", |a| a.body.as_str())
    }

    pub fn decision(&self, student_id: i64) -> Option<&DecisionRow> {
        self.decisions.get(&student_id)
    }

    pub fn distinction(&self, student_id: i64) -> Option<Distinction> {
        self.decision(student_id)
            .and_then(|d| d.distinction.as_deref())
            .and_then(Distinction::parse)
    }

    pub fn absences(&self, student_id: i64) -> Absences {
        self.absences.get(&student_id).copied().unwrap_or_default()
    }
}

/// The council of a class for a period. `None` when the class, or the period in the class's
/// year, does not exist. Callers check the reader may see the class.
#[tracing::instrument(skip_all, fields(class_id, period_id))]
pub async fn load(
    state: &AppState,
    scope: SchoolScope,
    class_id: i64,
    period_id: i64,
) -> Result<Option<Council>, AppError> {
    let Some(results) = results::class_results(
        state,
        scope,
        class_id,
        Span::Period(period_id),
        Audience::Staff,
    )
    .await?
    else {
        return Ok(None);
    };
    let pool = &state.db.pool;
    let mut by_subject: HashMap<i64, Vec<repo::SubjectTeacherRow>> = HashMap::new();
    for t in repo::subject_teachers(pool, scope, class_id, period_id).await? {
        by_subject.entry(t.subject_id).or_default().push(t);
    }
    let teachers = results
        .subjects
        .iter()
        .map(|s| by_subject.remove(&s.subject.id).unwrap_or_default())
        .collect();
    let main_teacher = match results.class.main_teacher_id {
        Some(id) => repo::user_display_name(pool, id).await?,
        None => None,
    };
    let appreciations = repo::class_appreciations(pool, scope, class_id, period_id)
        .await?
        .into_iter()
        .map(|a| ((a.student_id, a.subject_id), a))
        .collect();
    let decisions = repo::class_decisions(pool, scope, class_id, period_id)
        .await?
        .into_iter()
        .map(|d| (d.student_id, d))
        .collect();
    Ok(Some(Council {
        results,
        period_id,
        teachers,
        main_teacher,
        appreciations,
        decisions,
        absences: HashMap::new(),
    }))
}
