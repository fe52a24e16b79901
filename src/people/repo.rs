//! SQL for managing people: students (create, edit, photo), enrolments, guardians and their
//! links to students, guardian invitations, and the staff list.

use crate::db::{Bind, bind_all};
use sqlx::{Any, AssertSqlSafe, Executor, Pool};

use crate::{db::Backend, schools::SchoolScope};

/// A student's plain columns as written by the create and edit forms (sensitive values
/// already encrypted by the service).
#[derive(Debug, Clone)]
pub struct StudentRow<'a> {
    pub matricule: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub birth_date: Option<String>,
    pub birth_place: Option<&'a str>,
    pub sex: Option<&'a str>,
    pub status: &'a str,
}

pub async fn insert_student(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    s: &StudentRow<'_>,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO students (school_id, matricule, first_name, last_name, birth_date, birth_place, \
           sex, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(scope.school_id())
    .bind(s.matricule)
    .bind(s.first_name)
    .bind(s.last_name)
    .bind(s.birth_date.clone())
    .bind(s.birth_place)
    .bind(s.sex)
    .bind(s.status)
    .bind(now_ms)
    .fetch_one(e)
    .await
}

pub async fn update_student(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    s: &StudentRow<'_>,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE students SET matricule = $3, first_name = $4, last_name = $5, birth_date = $6, \
           birth_place = $7, sex = $8, status = $9, updated_at = $10 \
         WHERE school_id = $1 AND id = $2",
    )
    .bind(scope.school_id())
    .bind(id)
    .bind(s.matricule)
    .bind(s.first_name)
    .bind(s.last_name)
    .bind(s.birth_date.clone())
    .bind(s.birth_place)
    .bind(s.sex)
    .bind(s.status)
    .bind(now_ms)
    .execute(e)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// Stores a student's encrypted national ID and its blind index (both `None` to clear).
pub async fn set_national_id(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    encrypted: Option<&str>,
    blind_index: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE students SET national_id_enc = $3, national_id_bidx = $4 \
         WHERE school_id = $1 AND id = $2",
    )
    .bind(scope.school_id())
    .bind(id)
    .bind(encrypted)
    .bind(blind_index)
    .execute(e)
    .await?;
    Ok(())
}

/// Stores a student's encrypted medical notes (`None` to clear).
pub async fn set_medical(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    encrypted: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE students SET medical_enc = $3 WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(id)
        .bind(encrypted)
        .execute(e)
        .await?;
    Ok(())
}

/// The current values of a student, as the edit form and the API's PATCH start from: the
/// student's record, read by the one query that also serves the record page.
pub use crate::academics::repo::{
    StudentRecord as StudentCurrent, student_record as student_current,
};

/// Takes the student's row lock (PostgreSQL; SQLite's writer lock is already held), so that
/// concurrent enrolments of one student queue instead of both reading the same open row.
pub async fn lock_student(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    student_id: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE students SET updated_at = updated_at WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(student_id)
        .execute(e)
        .await
        .map(|r| r.rows_affected() == 1)
}

pub async fn set_student_class(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    student_id: i64,
    class_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE students SET class_id = $3 WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(student_id)
        .bind(class_id)
        .execute(e)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Photos

pub async fn upsert_photo(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    student_id: i64,
    content_type: &str,
    bytes: Vec<u8>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO student_photos (school_id, student_id, content_type, bytes, updated_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (school_id, student_id) DO UPDATE SET content_type = excluded.content_type, \
           bytes = excluded.bytes, updated_at = excluded.updated_at",
    )
    .bind(scope.school_id())
    .bind(student_id)
    .bind(content_type)
    .bind(bytes)
    .bind(now_ms)
    .execute(e)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Photo {
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub updated_at: i64,
}

pub async fn photo(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    student_id: i64,
) -> Result<Option<Photo>, sqlx::Error> {
    sqlx::query_as(
        "SELECT content_type, bytes, updated_at FROM student_photos \
         WHERE school_id = $1 AND student_id = $2",
    )
    .bind(scope.school_id())
    .bind(student_id)
    .fetch_optional(e)
    .await
}

pub async fn has_photo(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    student_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM student_photos WHERE school_id = $1 AND student_id = $2",
    )
    .bind(scope.school_id())
    .bind(student_id)
    .fetch_one(e)
    .await?;
    Ok(n > 0)
}

// ---------------------------------------------------------------------------------------
// Classes and years

/// A class with its year, as enrolment needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClassYear {
    pub id: i64,
    pub name: String,
    pub year_id: i64,
    pub year_name: String,
    pub year_starts_on: String,
    pub year_ends_on: String,
    pub is_current: i64,
}

const CLASS_YEAR: &str = "SELECT c.id, c.name, c.year_id, y.name AS year_name, \
       y.starts_on AS year_starts_on, y.ends_on AS year_ends_on, y.is_current \
     FROM classes c JOIN academic_years y ON y.id = c.year_id AND y.school_id = c.school_id";

pub async fn class_year(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
) -> Result<Option<ClassYear>, sqlx::Error> {
    let sql = format!("{CLASS_YEAR} WHERE c.school_id = $1 AND c.id = $2");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(class_id)
        .fetch_optional(e)
        .await
}

/// The classes of the current year (what a student can be enrolled in from the forms).
pub async fn current_classes(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Vec<ClassYear>, sqlx::Error> {
    let sql =
        format!("{CLASS_YEAR} WHERE c.school_id = $1 AND y.is_current = 1 ORDER BY c.name, c.id");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .fetch_all(e)
        .await
}

// ---------------------------------------------------------------------------------------
// Enrolments

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EnrolmentRow {
    pub id: i64,
    pub student_id: i64,
    pub year_id: i64,
    pub year_name: String,
    pub class_id: i64,
    pub class_name: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
}

const ENROLMENT: &str = "SELECT e.id, e.student_id, e.year_id, y.name AS year_name, e.class_id, \
       c.name AS class_name, e.starts_on, e.ends_on \
     FROM enrolments e \
     JOIN classes c ON c.id = e.class_id AND c.school_id = e.school_id \
     JOIN academic_years y ON y.id = e.year_id AND y.school_id = e.school_id";

/// Filters of the enrolment list.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnrolmentFilter {
    pub student_id: Option<i64>,
    pub class_id: Option<i64>,
    pub year_id: Option<i64>,
    /// For users who see only their own students.
    pub own: Option<crate::academics::repo::OwnStudents>,
}

fn enrolment_where(filter: EnrolmentFilter) -> (String, Vec<i64>) {
    let mut sql = String::from("e.school_id = $1");
    let mut binds = Vec::new();
    for (column, value) in [
        ("e.student_id", filter.student_id),
        ("e.class_id", filter.class_id),
        ("e.year_id", filter.year_id),
    ] {
        if let Some(v) = value {
            binds.push(v);
            sql.push_str(&format!(" AND {column} = ${}", binds.len() + 1));
        }
    }
    if let Some(own) = filter.own {
        binds.push(own.user_id);
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
            ors.push(taught_by(n));
        }
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM students s WHERE s.school_id = e.school_id \
             AND s.id = e.student_id AND ({}))",
            ors.join(" OR ")
        ));
    }
    (sql, binds)
}

/// One page of enrolments (newest start first) and the total.
pub async fn list_enrolments(
    pool: &Pool<Any>,
    scope: SchoolScope,
    filter: EnrolmentFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<EnrolmentRow>, i64), sqlx::Error> {
    let (where_sql, binds) = enrolment_where(filter);
    let sql = format!(
        "{ENROLMENT} WHERE {where_sql} ORDER BY e.starts_on DESC, e.id DESC \
         LIMIT {limit} OFFSET {offset}"
    );
    let mut query = sqlx::query_as::<_, EnrolmentRow>(AssertSqlSafe(sql)).bind(scope.school_id());
    for b in &binds {
        query = query.bind(*b);
    }
    let rows = query.fetch_all(pool).await?;
    let count_sql = format!("SELECT COUNT(*) FROM enrolments e WHERE {where_sql}");
    let mut count = sqlx::query_scalar::<_, i64>(AssertSqlSafe(count_sql)).bind(scope.school_id());
    for b in &binds {
        count = count.bind(*b);
    }
    Ok((rows, count.fetch_one(pool).await?))
}

/// A student's enrolment history, oldest first.
pub async fn enrolments_of(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    student_id: i64,
) -> Result<Vec<EnrolmentRow>, sqlx::Error> {
    let sql = format!(
        "{ENROLMENT} WHERE e.school_id = $1 AND e.student_id = $2 ORDER BY e.starts_on, e.id"
    );
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(student_id)
        .fetch_all(e)
        .await
}

pub async fn enrolment(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<EnrolmentRow>, sqlx::Error> {
    let sql = format!("{ENROLMENT} WHERE e.school_id = $1 AND e.id = $2");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(id)
        .fetch_optional(e)
        .await
}

/// The open enrolments of a student (at most one per year).
pub async fn open_enrolments(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    student_id: i64,
) -> Result<Vec<EnrolmentRow>, sqlx::Error> {
    let sql = format!(
        "{ENROLMENT} WHERE e.school_id = $1 AND e.student_id = $2 AND e.ends_on IS NULL ORDER BY e.id"
    );
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(student_id)
        .fetch_all(e)
        .await
}

pub async fn close_enrolment(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    ends_on: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE enrolments SET ends_on = $3 WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(id)
        .bind(ends_on)
        .execute(e)
        .await?;
    Ok(())
}

pub async fn insert_enrolment(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    student_id: i64,
    class: &ClassYear,
    starts_on: &str,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO enrolments (school_id, student_id, year_id, class_id, starts_on, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(scope.school_id())
    .bind(student_id)
    .bind(class.year_id)
    .bind(class.id)
    .bind(starts_on)
    .bind(now_ms)
    .fetch_one(e)
    .await
}

// ---------------------------------------------------------------------------------------
// Guardians

/// A guardian's plain columns as the forms write them.
#[derive(Debug, Clone)]
pub struct GuardianFields<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub phone: Option<&'a str>,
    pub phone_alt: Option<&'a str>,
    pub email: Option<&'a str>,
    pub address: Option<&'a str>,
}

pub async fn insert_guardian(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    g: &GuardianFields<'_>,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO guardians (school_id, first_name, last_name, phone, phone_alt, email, address, \
           created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(scope.school_id())
    .bind(g.first_name)
    .bind(g.last_name)
    .bind(g.phone)
    .bind(g.phone_alt)
    .bind(g.email)
    .bind(g.address)
    .bind(now_ms)
    .fetch_one(e)
    .await
}

pub async fn update_guardian(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    g: &GuardianFields<'_>,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE guardians SET first_name = $3, last_name = $4, phone = $5, phone_alt = $6, \
           email = $7, address = $8, updated_at = $9 WHERE school_id = $1 AND id = $2",
    )
    .bind(scope.school_id())
    .bind(id)
    .bind(g.first_name)
    .bind(g.last_name)
    .bind(g.phone)
    .bind(g.phone_alt)
    .bind(g.email)
    .bind(g.address)
    .bind(now_ms)
    .execute(e)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// A guardian's record.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Guardian {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub user_id: Option<i64>,
}

const GUARDIAN: &str = "SELECT g.id, g.first_name, g.last_name, g.phone, g.phone_alt, g.email, \
     g.address, g.user_id FROM guardians g";

pub async fn guardian(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<Guardian>, sqlx::Error> {
    let sql = format!("{GUARDIAN} WHERE g.school_id = $1 AND g.id = $2");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(id)
        .fetch_optional(e)
        .await
}

/// The guardian record of a parent's account in the school (the oldest, if several).
pub async fn guardian_of_user(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    user_id: i64,
) -> Result<Option<Guardian>, sqlx::Error> {
    let sql = format!("{GUARDIAN} WHERE g.school_id = $1 AND g.user_id = $2 ORDER BY g.id LIMIT 1");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(user_id)
        .fetch_optional(e)
        .await
}

/// Filters of the guardian list.
#[derive(Debug, Clone, Default)]
pub struct GuardianFilter {
    /// Any part of the names, the e-mail or a phone number.
    pub search: Option<String>,
    /// Only the guardians of this student.
    pub student_id: Option<i64>,
    /// For users who see only their own guardians: themself as a parent, the guardians of
    /// their students as a teacher.
    pub own: Option<OwnGuardians>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct OwnGuardians {
    pub user_id: i64,
    pub as_parent: bool,
    pub as_teacher: bool,
}

/// `EXISTS` for "the student `s` is in a class the user `$n` leads or teaches".
fn taught_by(n: usize) -> String {
    format!(
        "(EXISTS (SELECT 1 FROM classes mc WHERE mc.school_id = s.school_id AND mc.id = s.class_id \
           AND mc.main_teacher_id = ${n}) \
         OR EXISTS (SELECT 1 FROM teaching_assignments ta WHERE ta.school_id = s.school_id \
           AND ta.class_id = s.class_id AND ta.teacher_id = ${n}))"
    )
}

fn like_pattern(search: &str) -> String {
    let escaped = search
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

fn guardian_where(filter: &GuardianFilter) -> (String, Vec<Bind>) {
    let mut sql = String::from("g.school_id = $1");
    let mut binds = Vec::new();
    if let Some(student_id) = filter.student_id {
        binds.push(Bind::Int(student_id));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM student_guardians sg WHERE sg.school_id = g.school_id \
             AND sg.guardian_id = g.id AND sg.student_id = ${})",
            binds.len() + 1
        ));
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        binds.push(Bind::Text(like_pattern(search)));
        let n = binds.len() + 1;
        sql.push_str(&format!(
            " AND (lower(g.first_name || ' ' || g.last_name) LIKE ${n} ESCAPE '\\' \
             OR lower(g.last_name || ' ' || g.first_name) LIKE ${n} ESCAPE '\\' \
             OR lower(COALESCE(g.email, '')) LIKE ${n} ESCAPE '\\' \
             OR COALESCE(g.phone, '') LIKE ${n} ESCAPE '\\' \
             OR COALESCE(g.phone_alt, '') LIKE ${n} ESCAPE '\\')"
        ));
    }
    if let Some(own) = filter.own {
        binds.push(Bind::Int(own.user_id));
        let n = binds.len() + 1;
        let mut ors = vec!["1 = 0".to_owned()];
        if own.as_parent {
            ors.push(format!("g.user_id = ${n}"));
        }
        if own.as_teacher {
            ors.push(format!(
                "EXISTS (SELECT 1 FROM student_guardians sg \
                 JOIN students s ON s.id = sg.student_id AND s.school_id = sg.school_id \
                 WHERE sg.school_id = g.school_id AND sg.guardian_id = g.id AND {})",
                taught_by(n)
            ));
        }
        sql.push_str(&format!(" AND ({})", ors.join(" OR ")));
    }
    (sql, binds)
}

/// A guardian in a list, with how many children they have at the school.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GuardianListRow {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub user_id: Option<i64>,
    pub children: i64,
}

pub async fn list_guardians(
    pool: &Pool<Any>,
    scope: SchoolScope,
    filter: &GuardianFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<GuardianListRow>, i64), sqlx::Error> {
    let (where_sql, binds) = guardian_where(filter);
    let sql = format!(
        "SELECT g.id, g.first_name, g.last_name, g.phone, g.phone_alt, g.email, g.address, g.user_id, \
           (SELECT COUNT(*) FROM student_guardians c WHERE c.school_id = g.school_id AND c.guardian_id = g.id) AS children \
         FROM guardians g WHERE {where_sql} ORDER BY g.last_name, g.first_name, g.id \
         LIMIT {limit} OFFSET {offset}"
    );
    let query = sqlx::query_as::<_, GuardianListRow>(AssertSqlSafe(sql)).bind(scope.school_id());
    let query = bind_all!(query, &binds);
    let rows = query.fetch_all(pool).await?;
    let count_sql = format!("SELECT COUNT(*) FROM guardians g WHERE {where_sql}");
    let count = sqlx::query_scalar::<_, i64>(AssertSqlSafe(count_sql)).bind(scope.school_id());
    let count = bind_all!(count, &binds);
    Ok((rows, count.fetch_one(pool).await?))
}

/// How a user relates to a guardian: the guardian themself, or a teacher of one of the
/// guardian's children.
#[derive(Debug, Clone, Copy, Default, sqlx::FromRow)]
pub struct GuardianRelation {
    pub is_self: i64,
    pub teacher: i64,
}

pub async fn guardian_relation(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    guardian_id: i64,
    user_id: i64,
) -> Result<Option<GuardianRelation>, sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(CASE WHEN g.user_id = $3 THEN 1 ELSE 0 END AS BIGINT) AS is_self, \
           (SELECT COUNT(*) FROM student_guardians sg \
              JOIN students s ON s.id = sg.student_id AND s.school_id = sg.school_id \
              WHERE sg.school_id = g.school_id AND sg.guardian_id = g.id AND ( \
                EXISTS (SELECT 1 FROM classes c WHERE c.school_id = s.school_id AND c.id = s.class_id \
                        AND c.main_teacher_id = $3) \
                OR EXISTS (SELECT 1 FROM teaching_assignments ta WHERE ta.school_id = s.school_id \
                        AND ta.class_id = s.class_id AND ta.teacher_id = $3))) AS teacher \
         FROM guardians g WHERE g.school_id = $1 AND g.id = $2",
    )
    .bind(scope.school_id())
    .bind(guardian_id)
    .bind(user_id)
    .fetch_optional(e)
    .await
}

/// A link from a guardian to one of their children.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChildLink {
    pub student_id: i64,
    pub guardian_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub matricule: String,
    pub class_name: Option<String>,
    pub relationship: String,
    pub legal_guardian: i64,
    pub receives_notices: i64,
}

const CHILD_LINK: &str = "SELECT sg.student_id, sg.guardian_id, s.first_name, s.last_name, s.matricule, \
       c.name AS class_name, sg.relationship, sg.legal_guardian, sg.receives_notices \
     FROM student_guardians sg \
     JOIN students s ON s.id = sg.student_id AND s.school_id = sg.school_id \
     LEFT JOIN classes c ON c.id = s.class_id AND c.school_id = s.school_id";

pub async fn children_of(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    guardian_id: i64,
) -> Result<Vec<ChildLink>, sqlx::Error> {
    let sql = format!(
        "{CHILD_LINK} WHERE sg.school_id = $1 AND sg.guardian_id = $2 ORDER BY s.last_name, s.first_name, s.id"
    );
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(guardian_id)
        .fetch_all(e)
        .await
}

/// The links of several guardians at once (for an API page), no N+1.
pub async fn children_of_many(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    guardian_ids: &[i64],
) -> Result<Vec<ChildLink>, sqlx::Error> {
    if guardian_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = placeholders_from(2, guardian_ids.len());
    let sql = format!(
        "{CHILD_LINK} WHERE sg.school_id = $1 AND sg.guardian_id IN ({list}) \
         ORDER BY sg.guardian_id, s.last_name, s.first_name, s.id"
    );
    let mut query = sqlx::query_as(AssertSqlSafe(sql)).bind(scope.school_id());
    for id in guardian_ids {
        query = query.bind(*id);
    }
    query.fetch_all(e).await
}

fn placeholders_from(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub struct LinkFields<'a> {
    pub relationship: &'a str,
    pub legal_guardian: bool,
    pub receives_notices: bool,
}

/// Links a guardian to a student, or changes the link; returns whether it was new.
pub async fn upsert_link(
    e: &mut sqlx::AnyConnection,
    scope: SchoolScope,
    student_id: i64,
    guardian_id: i64,
    link: &LinkFields<'_>,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE student_guardians SET relationship = $4, legal_guardian = $5, receives_notices = $6 \
         WHERE school_id = $1 AND student_id = $2 AND guardian_id = $3",
    )
    .bind(scope.school_id())
    .bind(student_id)
    .bind(guardian_id)
    .bind(link.relationship)
    .bind(i64::from(link.legal_guardian))
    .bind(i64::from(link.receives_notices))
    .execute(&mut *e)
    .await?
    .rows_affected();
    if updated == 1 {
        return Ok(false);
    }
    // A concurrent request may have inserted the link meanwhile: then this one changes it.
    let inserted = sqlx::query(
        "INSERT INTO student_guardians (school_id, student_id, guardian_id, relationship, \
           legal_guardian, receives_notices) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (school_id, student_id, guardian_id) DO UPDATE SET \
           relationship = excluded.relationship, legal_guardian = excluded.legal_guardian, \
           receives_notices = excluded.receives_notices",
    )
    .bind(scope.school_id())
    .bind(student_id)
    .bind(guardian_id)
    .bind(link.relationship)
    .bind(i64::from(link.legal_guardian))
    .bind(i64::from(link.receives_notices))
    .execute(&mut *e)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

pub async fn delete_link(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    student_id: i64,
    guardian_id: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "DELETE FROM student_guardians WHERE school_id = $1 AND student_id = $2 AND guardian_id = $3",
    )
    .bind(scope.school_id())
    .bind(student_id)
    .bind(guardian_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// A student's id from their matricule.
pub async fn student_by_matricule(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    matricule: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM students WHERE school_id = $1 AND matricule = $2")
        .bind(scope.school_id())
        .bind(matricule)
        .fetch_optional(e)
        .await
}

pub async fn student_exists(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM students WHERE school_id = $1 AND id = $2")
            .bind(scope.school_id())
            .bind(id)
            .fetch_one(e)
            .await?;
    Ok(n > 0)
}

pub async fn set_guardian_contact(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    phone: Option<&str>,
    phone_alt: Option<&str>,
    email: Option<&str>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE guardians SET phone = $3, phone_alt = $4, email = $5, updated_at = $6 \
         WHERE school_id = $1 AND id = $2",
    )
    .bind(scope.school_id())
    .bind(id)
    .bind(phone)
    .bind(phone_alt)
    .bind(email)
    .bind(now_ms)
    .execute(e)
    .await?;
    Ok(())
}

pub async fn set_guardian_user(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE guardians SET user_id = $3 WHERE school_id = $1 AND id = $2 AND user_id IS NULL",
    )
    .bind(scope.school_id())
    .bind(id)
    .bind(user_id)
    .execute(e)
    .await
    .map(|r| r.rows_affected() == 1)
}

// ---------------------------------------------------------------------------------------
// Invitations

/// Replaces the guardian's unused invitations by a new one.
pub async fn insert_invitation(
    e: &mut sqlx::AnyConnection,
    scope: SchoolScope,
    guardian_id: i64,
    token_hash: &str,
    created_by: i64,
    now_ms: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM guardian_invitations WHERE school_id = $1 AND guardian_id = $2 AND used_at IS NULL",
    )
    .bind(scope.school_id())
    .bind(guardian_id)
    .execute(&mut *e)
    .await?;
    sqlx::query(
        "INSERT INTO guardian_invitations (token_hash, school_id, guardian_id, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash)
    .bind(scope.school_id())
    .bind(guardian_id)
    .bind(created_by)
    .bind(now_ms)
    .bind(expires_at)
    .execute(&mut *e)
    .await?;
    Ok(())
}

/// An invitation found by its token's hash (any school: the token is the capability).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Invitation {
    pub school_id: i64,
    pub guardian_id: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub guardian_user_id: Option<i64>,
    pub school_name: String,
}

pub async fn invitation_by_hash(
    e: impl Executor<'_, Database = Any>,
    token_hash: &str,
) -> Result<Option<Invitation>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.school_id, i.guardian_id, i.expires_at, i.used_at, g.first_name, g.last_name, \
           g.email, g.user_id AS guardian_user_id, sc.name AS school_name \
         FROM guardian_invitations i \
         JOIN guardians g ON g.id = i.guardian_id AND g.school_id = i.school_id \
         JOIN schools sc ON sc.id = i.school_id \
         WHERE i.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(e)
    .await
}

/// Marks an invitation used; `false` if it already was (a concurrent acceptance).
pub async fn use_invitation(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    token_hash: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE guardian_invitations SET used_at = $3 \
         WHERE school_id = $1 AND token_hash = $2 AND used_at IS NULL",
    )
    .bind(scope.school_id())
    .bind(token_hash)
    .bind(now_ms)
    .execute(e)
    .await
    .map(|r| r.rows_affected() == 1)
}

// ---------------------------------------------------------------------------------------
// Staff

/// The roles that make a user staff.
pub const STAFF_ROLES: &str = "('school_admin', 'teacher', 'vie_scolaire', 'bursar')";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub disabled: i64,
    /// Comma-separated staff role codes.
    pub roles: String,
}

fn roles_aggregate(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "group_concat(m.role, ',')",
        Backend::Postgres => "string_agg(m.role, ',' ORDER BY m.role)",
    }
}

/// Filters of the staff list.
#[derive(Debug, Clone, Default)]
pub struct StaffFilter {
    /// Only holders of this role (a staff role code).
    pub role: Option<&'static str>,
    pub search: Option<String>,
    pub user_id: Option<i64>,
}

fn staff_where(filter: &StaffFilter) -> (String, Vec<Bind>) {
    let mut sql = format!("m.school_id = $1 AND m.role IN {STAFF_ROLES}");
    let mut binds = Vec::new();
    if let Some(role) = filter.role {
        binds.push(Bind::Text(role.to_owned()));
        sql.push_str(&format!(
            " AND u.id IN (SELECT user_id FROM memberships WHERE school_id = $1 AND role = ${})",
            binds.len() + 1
        ));
    }
    if let Some(user_id) = filter.user_id {
        binds.push(Bind::Int(user_id));
        sql.push_str(&format!(" AND u.id = ${}", binds.len() + 1));
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        binds.push(Bind::Text(like_pattern(search)));
        let n = binds.len() + 1;
        sql.push_str(&format!(
            " AND (u.username LIKE ${n} ESCAPE '\\' OR lower(u.display_name) LIKE ${n} ESCAPE '\\')"
        ));
    }
    (sql, binds)
}

pub async fn list_staff(
    db: &crate::db::Db,
    scope: SchoolScope,
    filter: &StaffFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<StaffRow>, i64), sqlx::Error> {
    let (where_sql, binds) = staff_where(filter);
    let sql = format!(
        "SELECT u.id, u.username, u.display_name, u.email, u.disabled, {agg} AS roles \
         FROM users u JOIN memberships m ON m.user_id = u.id WHERE {where_sql} \
         GROUP BY u.id, u.username, u.display_name, u.email, u.disabled \
         ORDER BY u.display_name, u.id LIMIT {limit} OFFSET {offset}",
        agg = roles_aggregate(db.backend),
    );
    let query = sqlx::query_as::<_, StaffRow>(AssertSqlSafe(sql)).bind(scope.school_id());
    let query = bind_all!(query, &binds);
    let rows = query.fetch_all(&db.pool).await?;
    let count_sql = format!(
        "SELECT COUNT(DISTINCT u.id) FROM users u JOIN memberships m ON m.user_id = u.id WHERE {where_sql}"
    );
    let count = sqlx::query_scalar::<_, i64>(AssertSqlSafe(count_sql)).bind(scope.school_id());
    let count = bind_all!(count, &binds);
    Ok((rows, count.fetch_one(&db.pool).await?))
}

/// What a teacher teaches: one row per assignment (classes of the current year first).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TeachingRow {
    pub teacher_id: i64,
    pub class_id: i64,
    pub class_name: String,
    pub subject_id: i64,
    pub subject_name: String,
    pub subject_code: String,
}

/// The teaching assignments of several teachers in one query.
pub async fn teaching_of(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    teacher_ids: &[i64],
) -> Result<Vec<TeachingRow>, sqlx::Error> {
    if teacher_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = placeholders_from(2, teacher_ids.len());
    let sql = format!(
        "SELECT DISTINCT ta.teacher_id, c.id AS class_id, c.name AS class_name, sj.id AS subject_id, \
           sj.name AS subject_name, sj.code AS subject_code \
         FROM teaching_assignments ta \
         JOIN classes c ON c.id = ta.class_id AND c.school_id = ta.school_id \
         JOIN academic_years y ON y.id = c.year_id AND y.school_id = c.school_id \
         JOIN subjects sj ON sj.id = ta.subject_id AND sj.school_id = ta.school_id \
         WHERE ta.school_id = $1 AND y.is_current = 1 AND ta.teacher_id IN ({list}) \
         ORDER BY ta.teacher_id, c.name, sj.name"
    );
    let mut query = sqlx::query_as(AssertSqlSafe(sql)).bind(scope.school_id());
    for id in teacher_ids {
        query = query.bind(*id);
    }
    query.fetch_all(e).await
}
