//! SQL for students, guardians and classes as the home page reads them.

use sqlx::{Any, AssertSqlSafe, Executor, Pool};

use crate::schools::SchoolScope;

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct SchoolCounts {
    pub students: i64,
    pub classes: i64,
    pub teachers: i64,
    pub guardians: i64,
}

pub async fn counts(pool: &Pool<Any>, scope: SchoolScope) -> Result<SchoolCounts, sqlx::Error> {
    sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM students WHERE school_id = $1 AND status = 'enrolled') AS students, \
           (SELECT COUNT(*) FROM classes WHERE school_id = $1) AS classes, \
           (SELECT COUNT(*) FROM memberships WHERE school_id = $1 AND role = 'teacher') AS teachers, \
           (SELECT COUNT(*) FROM guardians WHERE school_id = $1) AS guardians",
    )
    .bind(scope.school_id())
    .fetch_one(pool)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StudentLine {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub class_name: Option<String>,
}

const STUDENT_LINE: &str = "SELECT s.id, s.first_name, s.last_name, c.name AS class_name \
     FROM students s LEFT JOIN classes c ON c.id = s.class_id AND c.school_id = s.school_id";

pub async fn children_of_guardian_user(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    user_id: i64,
) -> Result<Vec<StudentLine>, sqlx::Error> {
    let sql = format!(
        "{STUDENT_LINE} JOIN student_guardians sg ON sg.student_id = s.id AND sg.school_id = s.school_id \
         JOIN guardians g ON g.id = sg.guardian_id AND g.school_id = s.school_id \
         WHERE s.school_id = $1 AND g.user_id = $2 ORDER BY s.first_name, s.id"
    );
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(user_id)
        .fetch_all(e)
        .await
}

pub async fn student_of_user(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    user_id: i64,
) -> Result<Option<StudentLine>, sqlx::Error> {
    let sql = format!("{STUDENT_LINE} WHERE s.school_id = $1 AND s.user_id = $2");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(user_id)
        .fetch_optional(e)
        .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClassLine {
    pub id: i64,
    pub name: String,
    pub students: i64,
}

pub async fn classes_led_by(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    user_id: i64,
) -> Result<Vec<ClassLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.name, (SELECT COUNT(*) FROM students s WHERE s.school_id = c.school_id AND s.class_id = c.id) AS students \
         FROM classes c WHERE c.school_id = $1 AND c.main_teacher_id = $2 ORDER BY c.name",
    )
    .bind(scope.school_id())
    .bind(user_id)
    .fetch_all(e)
    .await
}
