//! SQL of the import's database step and of the export: what the school holds (read once, in
//! the import's transaction), and the batched writes of a plan. Multi-row `INSERT … VALUES`
//! and `UPDATE … FROM (VALUES …)` (SQLite ≥ 3.33 and PostgreSQL both accept it, and both name
//! the columns of a bare `VALUES` list `column1`, `column2`…), so a 5,000-row file is a few
//! dozen statements, not thousands.

use sqlx::{Any, AssertSqlSafe, Executor, Row};

use crate::{
    db::{Tx, batch_rows, values_placeholders},
    schools::SchoolScope,
};

/// A value of a batched statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum V {
    I(i64),
    OI(Option<i64>),
    S(String),
    OS(Option<String>),
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct YearRow {
    pub id: i64,
    pub starts_on: String,
    pub ends_on: String,
}

/// The school's current academic year, if one is marked current.
pub async fn current_year(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Option<YearRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, starts_on, ends_on FROM academic_years \
         WHERE school_id = $1 AND is_current = 1 ORDER BY starts_on DESC, id DESC LIMIT 1",
    )
    .bind(scope.school_id())
    .fetch_optional(e)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClassRow {
    pub id: i64,
    pub name: String,
}

/// The classes of one academic year.
pub async fn classes_of_year(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    year_id: i64,
) -> Result<Vec<ClassRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM classes WHERE school_id = $1 AND year_id = $2")
        .bind(scope.school_id())
        .bind(year_id)
        .fetch_all(e)
        .await
}

/// A student as stored, sensitive values still encrypted.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredStudent {
    pub id: i64,
    pub matricule: String,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Option<String>,
    pub birth_place: Option<String>,
    pub sex: Option<String>,
    pub class_id: Option<i64>,
    pub status: String,
    pub national_id_enc: Option<String>,
    pub national_id_bidx: Option<String>,
    pub medical_enc: Option<String>,
}

const STORED_STUDENT: &str = "SELECT id, matricule, first_name, last_name, birth_date, \
     birth_place, sex, class_id, status, national_id_enc, national_id_bidx, medical_enc \
     FROM students WHERE school_id = $1";

/// Every student of the school (one query: a school holds thousands, not millions).
pub async fn students(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Vec<StoredStudent>, sqlx::Error> {
    let sql = format!("{STORED_STUDENT} ORDER BY id");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .fetch_all(e)
        .await
}

/// The students in export order: by class name (students without a class last), last name,
/// first name, matricule.
pub async fn students_for_export(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Vec<StoredStudent>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.matricule, s.first_name, s.last_name, s.birth_date, s.birth_place, \
           s.sex, s.class_id, s.status, s.national_id_enc, s.national_id_bidx, s.medical_enc \
         FROM students s LEFT JOIN classes c ON c.id = s.class_id AND c.school_id = s.school_id \
         WHERE s.school_id = $1 \
         ORDER BY CASE WHEN c.name IS NULL THEN 1 ELSE 0 END, c.name, s.last_name, s.first_name, s.matricule",
    )
    .bind(scope.school_id())
    .fetch_all(e)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredGuardian {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

pub async fn guardians(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Vec<StoredGuardian>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, first_name, last_name, phone, email FROM guardians \
         WHERE school_id = $1 ORDER BY id",
    )
    .bind(scope.school_id())
    .fetch_all(e)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredLink {
    pub student_id: i64,
    pub guardian_id: i64,
    pub relationship: String,
    pub legal_guardian: i64,
    pub receives_notices: i64,
}

/// Every student–guardian link of the school, legal guardians first, then the oldest guardian
/// record first: the order the export writes a student's guardians in.
pub async fn links(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Vec<StoredLink>, sqlx::Error> {
    sqlx::query_as(
        "SELECT student_id, guardian_id, relationship, legal_guardian, receives_notices \
         FROM student_guardians WHERE school_id = $1 \
         ORDER BY student_id, legal_guardian DESC, guardian_id",
    )
    .bind(scope.school_id())
    .fetch_all(e)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OpenEnrolment {
    pub id: i64,
    pub student_id: i64,
    pub starts_on: String,
}

/// The open enrolments (no end date) of one year.
pub async fn open_enrolments(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    year_id: i64,
) -> Result<Vec<OpenEnrolment>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, student_id, starts_on FROM enrolments \
         WHERE school_id = $1 AND year_id = $2 AND ends_on IS NULL",
    )
    .bind(scope.school_id())
    .bind(year_id)
    .fetch_all(e)
    .await
}

fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>,
    row: &'q [V],
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments> {
    for v in row {
        query = match v {
            V::I(i) => query.bind(*i),
            V::OI(i) => query.bind(*i),
            V::S(s) => query.bind(s.as_str()),
            V::OS(s) => query.bind(s.as_deref()),
        };
    }
    query
}

/// Multi-row inserts of `rows` (each starting with the school id); the new ids, in the order
/// of `rows`. Ids are sorted rather than taken in `RETURNING` order, which neither database
/// promises: both assign the ids of one `INSERT … VALUES` in row order, ascending.
pub(crate) async fn insert_returning_ids(
    tx: &mut Tx,
    table: &'static str,
    columns: &[&'static str],
    rows: &[Vec<V>],
) -> Result<Vec<i64>, sqlx::Error> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(batch_rows(columns.len())) {
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {} RETURNING id",
            columns.join(", "),
            values_placeholders(chunk.len(), columns.len())
        );
        let mut query = sqlx::query::<Any>(AssertSqlSafe(sql));
        for row in chunk {
            query = bind_all(query, row);
        }
        let mut chunk_ids = query
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|r| r.try_get::<i64, _>(0))
            .collect::<Result<Vec<_>, _>>()?;
        chunk_ids.sort_unstable();
        ids.extend(chunk_ids);
    }
    Ok(ids)
}

pub(crate) async fn insert_rows(
    tx: &mut Tx,
    table: &'static str,
    columns: &[&'static str],
    rows: &[Vec<V>],
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(batch_rows(columns.len())) {
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {}",
            columns.join(", "),
            values_placeholders(chunk.len(), columns.len())
        );
        let mut query = sqlx::query::<Any>(AssertSqlSafe(sql));
        for row in chunk {
            query = bind_all(query, row);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Batched `UPDATE table SET col = v.columnN … FROM (VALUES …) AS v WHERE key = v.columnK…`.
/// Each row holds the key values (`keys`, the school id first) then the `set` values.
pub(crate) async fn update_rows(
    tx: &mut Tx,
    table: &'static str,
    keys: &[&'static str],
    set: &[&'static str],
    rows: &[Vec<V>],
) -> Result<(), sqlx::Error> {
    let width = keys.len() + set.len();
    let assignments = set
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = v.column{}", keys.len() + i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let matches = keys
        .iter()
        .enumerate()
        .map(|(i, k)| format!("{table}.{k} = v.column{}", i + 1))
        .collect::<Vec<_>>()
        .join(" AND ");
    for chunk in rows.chunks(batch_rows(width)) {
        let sql = format!(
            "UPDATE {table} SET {assignments} FROM (VALUES {}) AS v WHERE {matches}",
            values_placeholders(chunk.len(), width)
        );
        let mut query = sqlx::query::<Any>(AssertSqlSafe(sql));
        for row in chunk {
            query = bind_all(query, row);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The columns of a student row as the import writes them, after `school_id`.
pub const STUDENT_COLUMNS: [&str; 11] = [
    "first_name",
    "last_name",
    "birth_date",
    "birth_place",
    "sex",
    "class_id",
    "status",
    "national_id_enc",
    "national_id_bidx",
    "medical_enc",
    "updated_at",
];

/// Inserts students: each row is `school_id, matricule, created_at` then [`STUDENT_COLUMNS`].
pub async fn insert_students(tx: &mut Tx, rows: &[Vec<V>]) -> Result<Vec<i64>, sqlx::Error> {
    let mut columns = vec!["school_id", "matricule", "created_at"];
    columns.extend(STUDENT_COLUMNS);
    insert_returning_ids(tx, "students", &columns, rows).await
}

/// Rewrites students: each row is `school_id, id` then [`STUDENT_COLUMNS`].
pub async fn update_students(tx: &mut Tx, rows: &[Vec<V>]) -> Result<(), sqlx::Error> {
    update_rows(tx, "students", &["school_id", "id"], &STUDENT_COLUMNS, rows).await
}

/// Inserts guardians: rows of `school_id, first_name, last_name, phone, email, created_at`.
pub async fn insert_guardians(tx: &mut Tx, rows: &[Vec<V>]) -> Result<Vec<i64>, sqlx::Error> {
    let columns = [
        "school_id",
        "first_name",
        "last_name",
        "phone",
        "email",
        "created_at",
    ];
    insert_returning_ids(tx, "guardians", &columns, rows).await
}

/// Rewrites guardians: rows of `school_id, id, first_name, last_name, phone, email, updated_at`.
pub async fn update_guardians(tx: &mut Tx, rows: &[Vec<V>]) -> Result<(), sqlx::Error> {
    let set = ["first_name", "last_name", "phone", "email", "updated_at"];
    update_rows(tx, "guardians", &["school_id", "id"], &set, rows).await
}

const LINK_VALUES: [&str; 3] = ["relationship", "legal_guardian", "receives_notices"];

/// Links: rows of `school_id, student_id, guardian_id, relationship, legal_guardian,
/// receives_notices`.
pub async fn insert_links(tx: &mut Tx, rows: &[Vec<V>]) -> Result<(), sqlx::Error> {
    let mut columns = vec!["school_id", "student_id", "guardian_id"];
    columns.extend(LINK_VALUES);
    insert_rows(tx, "student_guardians", &columns, rows).await
}

/// Rewrites links, rows as for [`insert_links`].
pub async fn update_links(tx: &mut Tx, rows: &[Vec<V>]) -> Result<(), sqlx::Error> {
    let keys = ["school_id", "student_id", "guardian_id"];
    update_rows(tx, "student_guardians", &keys, &LINK_VALUES, rows).await
}

/// Closes enrolments: rows of `school_id, id, ends_on`.
pub async fn close_enrolments(tx: &mut Tx, rows: &[Vec<V>]) -> Result<(), sqlx::Error> {
    update_rows(tx, "enrolments", &["school_id", "id"], &["ends_on"], rows).await
}

/// Opens enrolments: rows of `school_id, student_id, year_id, class_id, starts_on, created_at`.
pub async fn insert_enrolments(tx: &mut Tx, rows: &[Vec<V>]) -> Result<(), sqlx::Error> {
    let columns = [
        "school_id",
        "student_id",
        "year_id",
        "class_id",
        "starts_on",
        "created_at",
    ];
    insert_rows(tx, "enrolments", &columns, rows).await
}

/// Keeps an uploaded file between its preview and the confirmation; returns its id.
pub async fn insert_upload(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    user_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO import_uploads (school_id, created_by, file_name, bytes, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(scope.school_id())
    .bind(user_id)
    .bind(file_name)
    .bind(bytes)
    .bind(now)
    .fetch_one(e)
    .await
}

/// Forgets the school's uploads older than `before` (previews never confirmed).
pub async fn delete_uploads_before(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    before: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM import_uploads WHERE school_id = $1 AND created_at < $2")
            .bind(scope.school_id())
            .bind(before)
            .execute(e)
            .await?
            .rows_affected(),
    )
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Takes (reads and deletes) an upload of this user: a confirmation runs a preview once.
pub async fn take_upload(
    tx: &mut Tx,
    scope: SchoolScope,
    id: i64,
    user_id: i64,
) -> Result<Option<Upload>, sqlx::Error> {
    let upload: Option<Upload> = sqlx::query_as(
        "SELECT file_name, bytes FROM import_uploads \
         WHERE school_id = $1 AND id = $2 AND created_by = $3",
    )
    .bind(scope.school_id())
    .bind(id)
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?;
    if upload.is_some() {
        sqlx::query("DELETE FROM import_uploads WHERE school_id = $1 AND id = $2")
            .bind(scope.school_id())
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(upload)
}

/// Starts an import job (`running`); returns its id.
pub async fn insert_job(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    kind: &str,
    total: i64,
    user_id: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO import_jobs (school_id, kind, status, total, created_by, created_at) \
         VALUES ($1, $2, 'running', $3, $4, $5) RETURNING id",
    )
    .bind(scope.school_id())
    .bind(kind)
    .bind(total)
    .bind(user_id)
    .bind(now)
    .fetch_one(e)
    .await
}

/// Ends a job: `succeeded` or `failed`, with its JSON report.
pub async fn finish_job(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    status: &str,
    done: i64,
    report: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE import_jobs SET status = $3, done = $4, report = $5, finished_at = $6 \
         WHERE school_id = $1 AND id = $2",
    )
    .bind(scope.school_id())
    .bind(id)
    .bind(status)
    .bind(done)
    .bind(report)
    .bind(now)
    .execute(e)
    .await
    .map(|_| ())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub total: i64,
    pub done: i64,
    pub report: Option<String>,
    pub created_at: i64,
}

pub async fn job(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<JobRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, kind, status, total, done, report, created_at FROM import_jobs \
         WHERE school_id = $1 AND id = $2",
    )
    .bind(scope.school_id())
    .bind(id)
    .fetch_optional(e)
    .await
}
