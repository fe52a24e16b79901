//! SQL for appréciations, comment banks and class-council decisions. Every function takes a
//! [`SchoolScope`]; writes take the caller's transaction.

use sqlx::{Any, Executor};

use crate::schools::SchoolScope;

/// A teacher's appréciation of a student in a subject for a period.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AppreciationRow {
    pub student_id: i64,
    pub subject_id: i64,
    pub period_id: i64,
    pub body: String,
    pub author_id: Option<i64>,
    pub updated_at: i64,
}

/// What the class council decided for a student and period.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DecisionRow {
    pub student_id: i64,
    pub period_id: i64,
    pub general_appreciation: String,
    /// A [`super::Distinction`] as stored, if any.
    pub distinction: Option<String>,
    pub updated_by: Option<i64>,
    pub updated_at: i64,
}

/// A teacher assigned to a subject of a class for a period (or the whole year).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SubjectTeacherRow {
    pub subject_id: i64,
    pub teacher_id: i64,
    pub display_name: String,
}

/// The appréciations of a period for the students ever enrolled in a class.
pub async fn class_appreciations(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
    period_id: i64,
) -> Result<Vec<AppreciationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.student_id, a.subject_id, a.period_id, a.body, a.author_id, a.updated_at \
         FROM appreciations a WHERE a.school_id = $1 AND a.period_id = $2 AND a.student_id IN ( \
           SELECT en.student_id FROM enrolments en WHERE en.school_id = $1 AND en.class_id = $3) \
         ORDER BY a.student_id, a.subject_id",
    )
    .bind(scope.school_id())
    .bind(period_id)
    .bind(class_id)
    .fetch_all(e)
    .await
}

/// The council decisions of a period for the students ever enrolled in a class.
pub async fn class_decisions(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
    period_id: i64,
) -> Result<Vec<DecisionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.student_id, d.period_id, d.general_appreciation, d.distinction, d.updated_by, \
         d.updated_at FROM council_decisions d WHERE d.school_id = $1 AND d.period_id = $2 \
         AND d.student_id IN ( \
           SELECT en.student_id FROM enrolments en WHERE en.school_id = $1 AND en.class_id = $3) \
         ORDER BY d.student_id",
    )
    .bind(scope.school_id())
    .bind(period_id)
    .bind(class_id)
    .fetch_all(e)
    .await
}

/// The teachers of each subject of a class in a period: assignments for that period and for
/// the whole year, by subject then name.
pub async fn subject_teachers(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
    period_id: i64,
) -> Result<Vec<SubjectTeacherRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT ta.subject_id, ta.teacher_id, u.display_name \
         FROM teaching_assignments ta JOIN users u ON u.id = ta.teacher_id \
         WHERE ta.school_id = $1 AND ta.class_id = $2 \
         AND (ta.period_id IS NULL OR ta.period_id = $3) \
         ORDER BY ta.subject_id, u.display_name",
    )
    .bind(scope.school_id())
    .bind(class_id)
    .bind(period_id)
    .fetch_all(e)
    .await
}

/// The display name of a user (the class's main teacher), if they exist.
pub async fn user_display_name(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(e)
        .await
}
