//! SQL for students, guardians and classes as the home page reads them.

use crate::db::{Bind, bind_all};
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
    // From the guardian (by user) to their links to the students: `CROSS JOIN` fixes that
    // order on SQLite, which otherwise starts from every link of the school (4 ms instead of
    // 0.5 for 5,000 students; docs/BENCHMARKS.md, "Gradebook"). PostgreSQL plans it freely.
    sqlx::query_as(
        "SELECT s.id, s.first_name, s.last_name, c.name AS class_name \
         FROM guardians g CROSS JOIN student_guardians sg CROSS JOIN students s \
         LEFT JOIN classes c ON c.id = s.class_id AND c.school_id = s.school_id \
         WHERE g.school_id = $1 AND g.user_id = $2 \
         AND sg.school_id = g.school_id AND sg.guardian_id = g.id \
         AND s.school_id = sg.school_id AND s.id = sg.student_id \
         ORDER BY s.first_name, s.id",
    )
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

/// How a user relates to one student of the school; `None` from [`relation`] when the school
/// has no such student.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Relation {
    /// The student's own account.
    pub is_self: i64,
    /// Guardian links from the user to the student.
    pub guardian: i64,
    /// Non-zero when the user leads (main teacher) or teaches (an assignment) the student's
    /// class.
    pub teacher: i64,
}

pub async fn relation(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    student_id: i64,
    user_id: i64,
) -> Result<Option<Relation>, sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(CASE WHEN s.user_id = $3 THEN 1 ELSE 0 END AS BIGINT) AS is_self, \
           (SELECT COUNT(*) FROM student_guardians sg \
              JOIN guardians g ON g.id = sg.guardian_id AND g.school_id = sg.school_id \
              WHERE sg.school_id = s.school_id AND sg.student_id = s.id AND g.user_id = $3) AS guardian, \
           (SELECT COUNT(*) FROM classes c \
              WHERE c.school_id = s.school_id AND c.id = s.class_id AND c.main_teacher_id = $3) \
           + (SELECT COUNT(*) FROM teaching_assignments ta \
              WHERE ta.school_id = s.school_id AND ta.class_id = s.class_id AND ta.teacher_id = $3) AS teacher \
         FROM students s WHERE s.school_id = $1 AND s.id = $2",
    )
    .bind(scope.school_id())
    .bind(student_id)
    .bind(user_id)
    .fetch_optional(e)
    .await
}

/// Which students a list shows: the whole school (with filters), or only those the user is
/// related to in the roles that see their own students.
#[derive(Debug, Clone, Default)]
pub struct StudentFilter {
    pub search: Option<String>,
    pub class_id: Option<i64>,
    /// A status code (`enrolled`, `left`, `graduated`).
    pub status: Option<&'static str>,
    pub own: Option<OwnStudents>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct OwnStudents {
    pub user_id: i64,
    pub as_self: bool,
    pub as_guardian: bool,
    /// As a teacher: students of the classes they lead or teach.
    pub as_teacher: bool,
}

fn student_where(filter: &StudentFilter) -> (String, Vec<Bind>) {
    let mut sql = String::from("s.school_id = $1");
    let mut binds = Vec::new();
    if let Some(class_id) = filter.class_id {
        binds.push(Bind::Int(class_id));
        sql.push_str(&format!(" AND s.class_id = ${}", binds.len() + 1));
    }
    if let Some(status) = filter.status {
        binds.push(Bind::Text(status.to_owned()));
        sql.push_str(&format!(" AND s.status = ${}", binds.len() + 1));
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let escaped = search
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        binds.push(Bind::Text(format!("%{escaped}%")));
        let n = binds.len() + 1;
        sql.push_str(&format!(
            " AND (lower(s.first_name || ' ' || s.last_name) LIKE ${n} ESCAPE '\\' \
             OR lower(s.last_name || ' ' || s.first_name) LIKE ${n} ESCAPE '\\' \
             OR lower(s.matricule) LIKE ${n} ESCAPE '\\')"
        ));
    }
    if let Some(own) = filter.own {
        binds.push(Bind::Int(own.user_id));
        let n = binds.len() + 1;
        let mut ors = vec!["1 = 0".to_owned()];
        if own.as_self {
            ors.push(format!("s.user_id = ${n}"));
        }
        if own.as_guardian {
            ors.push(format!(
                "EXISTS (SELECT 1 FROM student_guardians sg \
                 JOIN guardians g ON g.id = sg.guardian_id AND g.school_id = sg.school_id \
                 WHERE sg.school_id = s.school_id AND sg.student_id = s.id AND g.user_id = ${n})"
            ));
        }
        if own.as_teacher {
            ors.push(format!(
                "EXISTS (SELECT 1 FROM classes mc WHERE mc.school_id = s.school_id \
                 AND mc.id = s.class_id AND mc.main_teacher_id = ${n}) \
                 OR EXISTS (SELECT 1 FROM teaching_assignments ta WHERE ta.school_id = s.school_id \
                 AND ta.class_id = s.class_id AND ta.teacher_id = ${n})"
            ));
        }
        sql.push_str(&format!(" AND ({})", ors.join(" OR ")));
    }
    (sql, binds)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StudentRow {
    pub id: i64,
    pub matricule: String,
    pub first_name: String,
    pub last_name: String,
    pub class_name: Option<String>,
    pub birth_date: Option<String>,
    pub class_id: Option<i64>,
    pub birth_place: Option<String>,
    pub sex: Option<String>,
    pub status: String,
}

/// One page of students (by last name) and the total matching the filter.
pub async fn list_students(
    pool: &Pool<Any>,
    scope: SchoolScope,
    filter: &StudentFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<StudentRow>, i64), sqlx::Error> {
    let (where_sql, binds) = student_where(filter);
    let sql = format!(
        "SELECT s.id, s.matricule, s.first_name, s.last_name, c.name AS class_name, s.birth_date, \
           s.class_id, s.birth_place, s.sex, s.status \
         FROM students s LEFT JOIN classes c ON c.id = s.class_id AND c.school_id = s.school_id \
         WHERE {where_sql} ORDER BY s.last_name, s.first_name, s.id LIMIT {limit} OFFSET {offset}"
    );
    let query = sqlx::query_as::<_, StudentRow>(AssertSqlSafe(sql)).bind(scope.school_id());
    let query = bind_all!(query, &binds);
    let rows = query.fetch_all(pool).await?;
    let count_sql = format!("SELECT COUNT(*) FROM students s WHERE {where_sql}");
    let count = sqlx::query_scalar::<_, i64>(AssertSqlSafe(count_sql)).bind(scope.school_id());
    let count = bind_all!(count, &binds);
    let total = count.fetch_one(pool).await?;
    Ok((rows, total))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClassOption {
    pub id: i64,
    pub name: String,
}

pub async fn class_options(
    pool: &Pool<Any>,
    scope: SchoolScope,
) -> Result<Vec<ClassOption>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM classes WHERE school_id = $1 ORDER BY name, id")
        .bind(scope.school_id())
        .fetch_all(pool)
        .await
}

/// A student's record, with the sensitive fields still encrypted.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StudentRecord {
    pub id: i64,
    pub matricule: String,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Option<String>,
    pub birth_place: Option<String>,
    pub sex: Option<String>,
    pub class_id: Option<i64>,
    pub class_name: Option<String>,
    pub status: String,
    pub national_id_enc: Option<String>,
    pub medical_enc: Option<String>,
}

pub async fn student_record(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    student_id: i64,
) -> Result<Option<StudentRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.matricule, s.first_name, s.last_name, s.birth_date, s.birth_place, s.sex, \
           s.class_id, c.name AS class_name, s.status, s.national_id_enc, s.medical_enc \
         FROM students s LEFT JOIN classes c ON c.id = s.class_id AND c.school_id = s.school_id \
         WHERE s.school_id = $1 AND s.id = $2",
    )
    .bind(scope.school_id())
    .bind(student_id)
    .fetch_optional(e)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GuardianLine {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub relationship: String,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub email: Option<String>,
    pub legal_guardian: i64,
    pub receives_notices: i64,
}

pub async fn guardians_of(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    student_id: i64,
) -> Result<Vec<GuardianLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT g.id, g.first_name, g.last_name, sg.relationship, g.phone, g.phone_alt, g.email, \
           sg.legal_guardian, sg.receives_notices \
         FROM student_guardians sg JOIN guardians g ON g.id = sg.guardian_id AND g.school_id = sg.school_id \
         WHERE sg.school_id = $1 AND sg.student_id = $2 ORDER BY sg.legal_guardian DESC, g.last_name, g.id",
    )
    .bind(scope.school_id())
    .bind(student_id)
    .fetch_all(e)
    .await
}

/// The students whose national ID has this blind index (exact lookup, nothing decrypted).
pub async fn find_by_national_id_index(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    blind_index: &str,
) -> Result<Vec<StudentLine>, sqlx::Error> {
    let sql = format!(
        "{STUDENT_LINE} WHERE s.school_id = $1 AND s.national_id_bidx = $2 ORDER BY s.last_name, s.id"
    );
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(blind_index)
        .fetch_all(e)
        .await
}

/// A student's encrypted values as read for key rotation.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EncryptedRow {
    pub school_id: i64,
    pub id: i64,
    pub national_id_enc: Option<String>,
    pub medical_enc: Option<String>,
}

/// The next students (by id, after `after_id`) with an encrypted value not under the key whose
/// values start with `prefix` (`v1.<key id>.`). Compared with `substr`, not `LIKE`: key ids
/// may contain `_`, a `LIKE` wildcard. Operator command: all schools.
pub async fn encrypted_not_under(
    e: impl Executor<'_, Database = Any>,
    prefix: &str,
    after_id: i64,
    limit: i64,
) -> Result<Vec<EncryptedRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT school_id, id, national_id_enc, medical_enc FROM students \
         WHERE id > $1 AND ( \
           (national_id_enc IS NOT NULL AND substr(national_id_enc, 1, CAST($2 AS INTEGER)) <> $3) \
           OR (medical_enc IS NOT NULL AND substr(medical_enc, 1, CAST($2 AS INTEGER)) <> $3)) \
         ORDER BY id LIMIT $4",
    )
    .bind(after_id)
    .bind(i64::try_from(prefix.len()).unwrap_or(i64::MAX))
    .bind(prefix)
    .bind(limit)
    .fetch_all(e)
    .await
}

/// How many students still have a value not under the key of `prefix`.
pub async fn count_encrypted_not_under(
    e: impl Executor<'_, Database = Any>,
    prefix: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM students WHERE \
           (national_id_enc IS NOT NULL AND substr(national_id_enc, 1, CAST($1 AS INTEGER)) <> $2) \
           OR (medical_enc IS NOT NULL AND substr(medical_enc, 1, CAST($1 AS INTEGER)) <> $2)",
    )
    .bind(i64::try_from(prefix.len()).unwrap_or(i64::MAX))
    .bind(prefix)
    .fetch_one(e)
    .await
}

/// Replaces a student's encrypted values only if they are still the ones read (`old`):
/// a concurrent edit wins, and the row is picked up again by the next run. Returns whether
/// the row was updated.
pub async fn swap_encrypted(
    e: impl Executor<'_, Database = Any>,
    old: &EncryptedRow,
    national_id_enc: Option<&str>,
    medical_enc: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let mut next = 4;
    let mut same = |column: &str, value: &Option<String>| match value {
        Some(_) => {
            next += 1;
            format!("{column} = ${next}")
        }
        None => format!("{column} IS NULL"),
    };
    let national_id_same = same("national_id_enc", &old.national_id_enc);
    let medical_same = same("medical_enc", &old.medical_enc);
    let sql = format!(
        "UPDATE students SET national_id_enc = $3, medical_enc = $4 \
         WHERE school_id = $1 AND id = $2 AND {national_id_same} AND {medical_same}"
    );
    let mut query = sqlx::query(AssertSqlSafe(sql))
        .bind(old.school_id)
        .bind(old.id)
        .bind(national_id_enc)
        .bind(medical_enc);
    for value in [&old.national_id_enc, &old.medical_enc]
        .into_iter()
        .flatten()
    {
        query = query.bind(value.clone());
    }
    Ok(query.execute(e).await?.rows_affected() == 1)
}
