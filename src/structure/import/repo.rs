//! SQL of the staff, class and assignment imports and exports: what the school holds, read
//! once in the import's transaction, and the batched writes (the student import's multi-row
//! helpers).

use sqlx::{Any, Executor};

use crate::{
    academics::import::repo::{V, insert_returning_ids, insert_rows, update_rows},
    db::Tx,
    schools::SchoolScope,
};

/// A user with at least one role in the school.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Member {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
}

/// The school's members, by username.
pub async fn members(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Vec<Member>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.username, u.display_name, u.email FROM users u \
         WHERE EXISTS (SELECT 1 FROM memberships m WHERE m.school_id = $1 AND m.user_id = u.id) \
         ORDER BY u.username",
    )
    .bind(scope.school_id())
    .fetch_all(e)
    .await
}

/// `(user_id, role)` of every membership in the school.
pub async fn roles(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT user_id, role FROM memberships WHERE school_id = $1")
        .bind(scope.school_id())
        .fetch_all(e)
        .await
}

/// Which of `usernames` are taken by an account (of any school). Accounts are global: a
/// username is unique on the whole platform.
pub async fn taken_usernames(
    tx: &mut Tx,
    usernames: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    let mut taken = Vec::new();
    for chunk in usernames.chunks(500) {
        let placeholders = (1..=chunk.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("SELECT username FROM users WHERE username IN ({placeholders})");
        let mut query = sqlx::query_scalar::<Any, String>(sqlx::AssertSqlSafe(sql));
        for name in chunk {
            query = query.bind(name.as_str());
        }
        taken.extend(query.fetch_all(&mut **tx).await?);
    }
    Ok(taken)
}

/// Creates accounts: rows of `username, display_name, email, password_hash, created_at`; the
/// new ids in row order.
pub async fn insert_users(tx: &mut Tx, rows: &[Vec<V>]) -> Result<Vec<i64>, sqlx::Error> {
    let columns = [
        "username",
        "display_name",
        "email",
        "password_hash",
        "created_at",
    ];
    insert_returning_ids(tx, "users", &columns, rows).await
}

/// Renames accounts: rows of `id, display_name, email`. The ids are members of the importing
/// school (the caller matched them through [`members`]).
pub async fn update_users(tx: &mut Tx, rows: &[Vec<V>]) -> Result<(), sqlx::Error> {
    update_rows(tx, "users", &["id"], &["display_name", "email"], rows).await
}

/// Grants roles: rows of `school_id, user_id, role, created_at`.
pub async fn insert_memberships(tx: &mut Tx, rows: &[Vec<V>]) -> Result<(), sqlx::Error> {
    let columns = ["school_id", "user_id", "role", "created_at"];
    insert_rows(tx, "memberships", &columns, rows).await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LevelRow {
    pub id: i64,
    pub name: String,
}

pub async fn levels(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Vec<LevelRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM levels WHERE school_id = $1")
        .bind(scope.school_id())
        .fetch_all(e)
        .await
}

/// A class of the year as the import compares it, and as the export writes it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClassRow {
    pub id: i64,
    pub name: String,
    pub level_id: i64,
    pub level_name: String,
    pub main_teacher_id: Option<i64>,
    pub main_teacher: Option<String>,
    pub room: Option<String>,
}

/// The classes of one year, by level order then name.
pub async fn classes(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    year_id: i64,
) -> Result<Vec<ClassRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.name, c.level_id, l.name AS level_name, c.main_teacher_id, \
         u.username AS main_teacher, c.room \
         FROM classes c JOIN levels l ON l.school_id = c.school_id AND l.id = c.level_id \
         LEFT JOIN users u ON u.id = c.main_teacher_id \
         WHERE c.school_id = $1 AND c.year_id = $2 ORDER BY l.position, l.name, c.name",
    )
    .bind(scope.school_id())
    .bind(year_id)
    .fetch_all(e)
    .await
}

/// Creates classes: rows of `school_id, year_id, level_id, name, main_teacher_id, room`.
pub async fn insert_classes(tx: &mut Tx, rows: &[Vec<V>]) -> Result<(), sqlx::Error> {
    let columns = [
        "school_id",
        "year_id",
        "level_id",
        "name",
        "main_teacher_id",
        "room",
    ];
    insert_rows(tx, "classes", &columns, rows).await
}

/// Rewrites classes: rows of `school_id, id, level_id, main_teacher_id, room`.
pub async fn update_classes(tx: &mut Tx, rows: &[Vec<V>]) -> Result<(), sqlx::Error> {
    update_rows(
        tx,
        "classes",
        &["school_id", "id"],
        &["level_id", "main_teacher_id", "room"],
        rows,
    )
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubjectRow {
    pub id: i64,
    pub code: String,
}

pub async fn subjects(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Vec<SubjectRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, code FROM subjects WHERE school_id = $1")
        .bind(scope.school_id())
        .fetch_all(e)
        .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PeriodRow {
    pub id: i64,
    pub name: String,
}

pub async fn periods(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    year_id: i64,
) -> Result<Vec<PeriodRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM periods WHERE school_id = $1 AND year_id = $2")
        .bind(scope.school_id())
        .bind(year_id)
        .fetch_all(e)
        .await
}

/// A teaching assignment of the year, with the names the file uses.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AssignmentRow {
    pub class_id: i64,
    pub subject_id: i64,
    pub teacher_id: i64,
    pub period_id: Option<i64>,
    pub class_name: String,
    pub subject_code: String,
    pub teacher: String,
    pub period_name: Option<String>,
}

/// The assignments of the year's classes, by class, subject, teacher, period.
pub async fn assignments(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    year_id: i64,
) -> Result<Vec<AssignmentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.class_id, a.subject_id, a.teacher_id, a.period_id, c.name AS class_name, \
         s.code AS subject_code, u.username AS teacher, p.name AS period_name \
         FROM teaching_assignments a \
         JOIN classes c ON c.school_id = a.school_id AND c.id = a.class_id \
         JOIN subjects s ON s.school_id = a.school_id AND s.id = a.subject_id \
         JOIN users u ON u.id = a.teacher_id \
         LEFT JOIN periods p ON p.school_id = a.school_id AND p.id = a.period_id \
         WHERE a.school_id = $1 AND c.year_id = $2 \
         ORDER BY c.name, s.code, u.username, p.position",
    )
    .bind(scope.school_id())
    .bind(year_id)
    .fetch_all(e)
    .await
}

/// Creates assignments: rows of `school_id, class_id, subject_id, teacher_id, period_id,
/// created_at`.
pub async fn insert_assignments(tx: &mut Tx, rows: &[Vec<V>]) -> Result<(), sqlx::Error> {
    let columns = [
        "school_id",
        "class_id",
        "subject_id",
        "teacher_id",
        "period_id",
        "created_at",
    ];
    insert_rows(tx, "teaching_assignments", &columns, rows).await
}
