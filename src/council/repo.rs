//! SQL for appréciations, comment banks and class-council decisions. Every function takes a
//! [`SchoolScope`]; writes take the caller's transaction.

use sqlx::{Any, AssertSqlSafe, Executor};

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

/// The appréciations of a period for the students in a class now or ever enrolled in it.
pub async fn class_appreciations(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
    period_id: i64,
) -> Result<Vec<AppreciationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.student_id, a.subject_id, a.period_id, a.body, a.author_id, a.updated_at \
         FROM appreciations a WHERE a.school_id = $1 AND a.period_id = $2 AND a.student_id IN ( \
           SELECT id FROM students WHERE school_id = $1 AND class_id = $3 UNION \
           SELECT en.student_id FROM enrolments en WHERE en.school_id = $1 AND en.class_id = $3) \
         ORDER BY a.student_id, a.subject_id",
    )
    .bind(scope.school_id())
    .bind(period_id)
    .bind(class_id)
    .fetch_all(e)
    .await
}

/// The council decisions of a period for the students in a class now or ever enrolled in it.
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
           SELECT id FROM students WHERE school_id = $1 AND class_id = $3 UNION \
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

/// A comment of a teacher's comment bank.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub body: String,
    pub created_at: i64,
}

/// Rows per statement in batched writes (7 binds a row stays far below every backend's limit).
const BATCH: usize = 200;

/// Inserts or replaces appréciations, in one statement per batch (the service's saves and the
/// demo's seeding).
pub async fn upsert_appreciations(
    tx: &mut crate::db::Tx,
    scope: SchoolScope,
    rows: &[AppreciationRow],
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(BATCH) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = 2 + i * 6;
                format!(
                    "($1, ${b}, ${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO appreciations (school_id, student_id, subject_id, period_id, body, \
             author_id, updated_at) VALUES {} \
             ON CONFLICT (school_id, period_id, student_id, subject_id) DO UPDATE SET \
             body = excluded.body, author_id = excluded.author_id, updated_at = excluded.updated_at",
            values.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(scope.school_id());
        for r in chunk {
            query = query
                .bind(r.student_id)
                .bind(r.subject_id)
                .bind(r.period_id)
                .bind(r.body.clone())
                .bind(r.author_id)
                .bind(r.updated_at);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Removes the appréciations of some students in a subject and period.
pub async fn delete_appreciations(
    tx: &mut crate::db::Tx,
    scope: SchoolScope,
    subject_id: i64,
    period_id: i64,
    student_ids: &[i64],
) -> Result<(), sqlx::Error> {
    for chunk in student_ids.chunks(BATCH) {
        let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 4)).collect();
        let sql = format!(
            "DELETE FROM appreciations WHERE school_id = $1 AND subject_id = $2 \
             AND period_id = $3 AND student_id IN ({})",
            list.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql))
            .bind(scope.school_id())
            .bind(subject_id)
            .bind(period_id);
        for id in chunk {
            query = query.bind(*id);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// A student's appréciations of a period, every subject.
pub async fn student_appreciations(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    student_id: i64,
    period_id: i64,
) -> Result<Vec<AppreciationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT student_id, subject_id, period_id, body, author_id, updated_at \
         FROM appreciations WHERE school_id = $1 AND student_id = $2 AND period_id = $3 \
         ORDER BY subject_id",
    )
    .bind(scope.school_id())
    .bind(student_id)
    .bind(period_id)
    .fetch_all(e)
    .await
}

/// Inserts or replaces council decisions, in one statement per batch.
pub async fn upsert_decisions(
    tx: &mut crate::db::Tx,
    scope: SchoolScope,
    rows: &[DecisionRow],
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(BATCH) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = 2 + i * 6;
                format!(
                    "($1, ${b}, ${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO council_decisions (school_id, student_id, period_id, \
             general_appreciation, distinction, updated_by, updated_at) VALUES {} \
             ON CONFLICT (school_id, period_id, student_id) DO UPDATE SET \
             general_appreciation = excluded.general_appreciation, \
             distinction = excluded.distinction, updated_by = excluded.updated_by, \
             updated_at = excluded.updated_at",
            values.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(scope.school_id());
        for r in chunk {
            query = query
                .bind(r.student_id)
                .bind(r.period_id)
                .bind(r.general_appreciation.clone())
                .bind(r.distinction.clone())
                .bind(r.updated_by)
                .bind(r.updated_at);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Removes the council decisions of some students for a period.
pub async fn delete_decisions(
    tx: &mut crate::db::Tx,
    scope: SchoolScope,
    period_id: i64,
    student_ids: &[i64],
) -> Result<(), sqlx::Error> {
    for chunk in student_ids.chunks(BATCH) {
        let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 3)).collect();
        let sql = format!(
            "DELETE FROM council_decisions WHERE school_id = $1 AND period_id = $2 \
             AND student_id IN ({})",
            list.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql))
            .bind(scope.school_id())
            .bind(period_id);
        for id in chunk {
            query = query.bind(*id);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// A teacher's comments, oldest first.
pub async fn comments(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    owner_id: i64,
) -> Result<Vec<CommentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, body, created_at FROM comment_bank WHERE school_id = $1 AND owner_id = $2 \
         ORDER BY id",
    )
    .bind(scope.school_id())
    .bind(owner_id)
    .fetch_all(e)
    .await
}

pub async fn count_comments(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    owner_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM comment_bank WHERE school_id = $1 AND owner_id = $2")
        .bind(scope.school_id())
        .bind(owner_id)
        .fetch_one(e)
        .await
}

pub async fn insert_comment(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    owner_id: i64,
    body: &str,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO comment_bank (school_id, owner_id, body, created_at) VALUES ($1, $2, $3, $4) \
         RETURNING id",
    )
    .bind(scope.school_id())
    .bind(owner_id)
    .bind(body)
    .bind(now_ms)
    .fetch_one(e)
    .await
}

/// Comments for many owners at once (demo seeding): `(owner, body)`.
pub async fn insert_comments(
    tx: &mut crate::db::Tx,
    scope: SchoolScope,
    rows: &[(i64, String)],
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(BATCH) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("($1, ${}, ${}, $2)", 3 + i * 2, 4 + i * 2))
            .collect();
        let sql = format!(
            "INSERT INTO comment_bank (school_id, owner_id, body, created_at) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql))
            .bind(scope.school_id())
            .bind(now_ms);
        for (owner, body) in chunk {
            query = query.bind(*owner).bind(body.clone());
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Deletes one of the owner's comments; returns its text, `None` when they have no such one.
pub async fn delete_comment(
    tx: &mut crate::db::Tx,
    scope: SchoolScope,
    owner_id: i64,
    id: i64,
) -> Result<Option<String>, sqlx::Error> {
    let body: Option<String> = sqlx::query_scalar(
        "SELECT body FROM comment_bank WHERE school_id = $1 AND owner_id = $2 AND id = $3",
    )
    .bind(scope.school_id())
    .bind(owner_id)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    if body.is_some() {
        sqlx::query("DELETE FROM comment_bank WHERE school_id = $1 AND owner_id = $2 AND id = $3")
            .bind(scope.school_id())
            .bind(owner_id)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(body)
}
