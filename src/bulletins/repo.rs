//! Queries of issued bulletins and issuing jobs. Bulletins are only ever inserted: a correction
//! is a new version (the `bulletins_immutable` trigger refuses any UPDATE).

use sqlx::{Any, AssertSqlSafe, Executor};

use crate::schools::SchoolScope;

/// An issued bulletin without its PDF.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BulletinRow {
    pub id: i64,
    pub student_id: i64,
    pub period_id: i64,
    pub class_id: i64,
    pub version: i64,
    pub sha256: String,
    pub pages: i64,
    pub reason: Option<String>,
    pub job_id: Option<i64>,
    pub issued_by: Option<i64>,
    pub issued_at: i64,
    /// The issuer's display name.
    pub issued_by_name: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub period_name: String,
    pub period_position: i64,
    /// The highest version of the student's bulletins for the period.
    pub latest_version: i64,
}

const ROW: &str = "SELECT b.id, b.student_id, b.period_id, b.class_id, b.version, b.sha256, \
     b.pages, b.reason, b.job_id, b.issued_by, b.issued_at, u.display_name AS issued_by_name, \
     s.first_name, s.last_name, p.name AS period_name, p.position AS period_position, \
     (SELECT MAX(l.version) FROM bulletins l WHERE l.school_id = b.school_id \
        AND l.student_id = b.student_id AND l.period_id = b.period_id) AS latest_version \
     FROM bulletins b \
     JOIN students s ON s.school_id = b.school_id AND s.id = b.student_id \
     JOIN periods p ON p.school_id = b.school_id AND p.id = b.period_id \
     LEFT JOIN users u ON u.id = b.issued_by";

pub async fn get(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<BulletinRow>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{ROW} WHERE b.school_id = $1 AND b.id = $2"
    )))
    .bind(scope.school_id())
    .bind(id)
    .fetch_optional(e)
    .await
}

/// The PDF as stored.
pub async fn pdf(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar("SELECT pdf FROM bulletins WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(id)
        .fetch_optional(e)
        .await
}

/// Which bulletins a list shows.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub period_id: Option<i64>,
    pub class_id: Option<i64>,
    pub student_id: Option<i64>,
    /// Only these students (a family's), when set.
    pub students: Option<Vec<i64>>,
    /// Every version, or only the latest of each student and period.
    pub all_versions: bool,
}

impl ListFilter {
    fn sql(&self) -> (String, Vec<i64>) {
        let mut sql = String::from(" WHERE b.school_id = $1");
        let mut binds = Vec::new();
        for (column, value) in [
            ("b.period_id", self.period_id),
            ("b.class_id", self.class_id),
            ("b.student_id", self.student_id),
        ] {
            if let Some(v) = value {
                binds.push(v);
                sql.push_str(&format!(" AND {column} = ${}", binds.len() + 1));
            }
        }
        if let Some(students) = &self.students {
            if students.is_empty() {
                sql.push_str(" AND 1 = 0");
            } else {
                let mut list = Vec::new();
                for s in students {
                    binds.push(*s);
                    list.push(format!("${}", binds.len() + 1));
                }
                sql.push_str(&format!(" AND b.student_id IN ({})", list.join(", ")));
            }
        }
        if !self.all_versions {
            sql.push_str(
                " AND b.version = (SELECT MAX(l.version) FROM bulletins l \
                 WHERE l.school_id = b.school_id AND l.student_id = b.student_id \
                 AND l.period_id = b.period_id)",
            );
        }
        (sql, binds)
    }
}

pub async fn list(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    filter: &ListFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<BulletinRow>, sqlx::Error> {
    let (filter_sql, binds) = filter.sql();
    let n = binds.len();
    let sql = format!(
        "{ROW}{filter_sql} ORDER BY p.position DESC, s.last_name, s.first_name, b.student_id, \
         b.version DESC LIMIT ${} OFFSET ${}",
        n + 2,
        n + 3
    );
    let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(scope.school_id());
    for b in binds {
        q = q.bind(b);
    }
    q.bind(limit).bind(offset).fetch_all(e).await
}

pub async fn count(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    filter: &ListFilter,
) -> Result<i64, sqlx::Error> {
    let (filter_sql, binds) = filter.sql();
    let sql = format!("SELECT COUNT(*) FROM bulletins b{filter_sql}");
    let mut q = sqlx::query_scalar(AssertSqlSafe(sql)).bind(scope.school_id());
    for b in binds {
        q = q.bind(b);
    }
    q.fetch_one(e).await
}

/// The latest version of each student's bulletin for a period in a class: (student, version,
/// data JSON).
pub async fn latest_snapshots(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
    period_id: i64,
) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.student_id, b.version, b.data FROM bulletins b \
         WHERE b.school_id = $1 AND b.class_id = $2 AND b.period_id = $3 \
         AND b.version = (SELECT MAX(l.version) FROM bulletins l WHERE l.school_id = b.school_id \
           AND l.student_id = b.student_id AND l.period_id = b.period_id)",
    )
    .bind(scope.school_id())
    .bind(class_id)
    .bind(period_id)
    .fetch_all(e)
    .await
}

/// The highest version of a student's bulletin for a period (0: none yet).
pub async fn max_version(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    student_id: i64,
    period_id: i64,
) -> Result<i64, sqlx::Error> {
    let v: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(version) FROM bulletins WHERE school_id = $1 AND student_id = $2 \
         AND period_id = $3",
    )
    .bind(scope.school_id())
    .bind(student_id)
    .bind(period_id)
    .fetch_one(e)
    .await?;
    Ok(v.unwrap_or(0))
}

/// A bulletin to insert.
pub struct NewBulletin<'a> {
    pub student_id: i64,
    pub period_id: i64,
    pub class_id: i64,
    pub version: i64,
    pub pdf: &'a [u8],
    pub sha256: &'a str,
    pub pages: i64,
    pub data: &'a str,
    pub reason: Option<&'a str>,
    pub job_id: Option<i64>,
    pub issued_by: Option<i64>,
    pub issued_at: i64,
}

pub async fn insert(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    b: &NewBulletin<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO bulletins (school_id, student_id, period_id, class_id, version, pdf, sha256, \
         pages, data, reason, job_id, issued_by, issued_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(scope.school_id())
    .bind(b.student_id)
    .bind(b.period_id)
    .bind(b.class_id)
    .bind(b.version)
    .bind(b.pdf)
    .bind(b.sha256)
    .bind(b.pages)
    .bind(b.data)
    .bind(b.reason)
    .bind(b.job_id)
    .bind(b.issued_by)
    .bind(b.issued_at)
    .fetch_one(e)
    .await
}

/// Bulletins whose PDF has this SHA-256 (the verification page), newest first.
pub async fn by_sha256(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    sha256: &str,
) -> Result<Vec<BulletinRow>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{ROW} WHERE b.school_id = $1 AND b.sha256 = $2 ORDER BY b.id DESC"
    )))
    .bind(scope.school_id())
    .bind(sha256)
    .fetch_all(e)
    .await
}

/// The latest bulletin of each student of a class for a period, with its PDF, in class order.
pub async fn class_latest_pdfs(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
    period_id: i64,
) -> Result<Vec<ClassPdf>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.id, b.version, b.pdf, b.sha256, b.pages, s.first_name, s.last_name, \
         p.name AS period_name FROM bulletins b \
         JOIN students s ON s.school_id = b.school_id AND s.id = b.student_id \
         JOIN periods p ON p.school_id = b.school_id AND p.id = b.period_id \
         WHERE b.school_id = $1 AND b.class_id = $2 AND b.period_id = $3 \
         AND b.version = (SELECT MAX(l.version) FROM bulletins l WHERE l.school_id = b.school_id \
           AND l.student_id = b.student_id AND l.period_id = b.period_id) \
         ORDER BY s.last_name, s.first_name, s.id",
    )
    .bind(scope.school_id())
    .bind(class_id)
    .bind(period_id)
    .fetch_all(e)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClassPdf {
    pub id: i64,
    pub version: i64,
    pub pdf: Vec<u8>,
    pub sha256: String,
    pub pages: i64,
    pub first_name: String,
    pub last_name: String,
    pub period_name: String,
}

/// A class of the period's year with its students and the bulletins issued (the /bulletins
/// page).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClassIssued {
    pub id: i64,
    pub name: String,
    pub students: i64,
    /// Students with a bulletin for the period.
    pub issued: i64,
    pub last_issued_at: Option<i64>,
}

pub async fn classes_issued(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    period_id: i64,
) -> Result<Vec<ClassIssued>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.name, \
           (SELECT COUNT(*) FROM students s WHERE s.school_id = c.school_id \
              AND s.class_id = c.id AND s.status = 'enrolled') AS students, \
           (SELECT COUNT(DISTINCT b.student_id) FROM bulletins b WHERE b.school_id = c.school_id \
              AND b.class_id = c.id AND b.period_id = $2) AS issued, \
           (SELECT MAX(b.issued_at) FROM bulletins b WHERE b.school_id = c.school_id \
              AND b.class_id = c.id AND b.period_id = $2) AS last_issued_at \
         FROM classes c JOIN periods p ON p.school_id = c.school_id AND p.year_id = c.year_id \
         WHERE c.school_id = $1 AND p.id = $2 ORDER BY c.name",
    )
    .bind(scope.school_id())
    .bind(period_id)
    .fetch_all(e)
    .await
}

// ---- jobs -----------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub period_id: i64,
    pub scope: String,
    pub scope_id: Option<i64>,
    pub status: String,
    pub total: i64,
    pub done: i64,
    pub issued: i64,
    pub skipped: i64,
    pub error: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

const JOB: &str = "SELECT id, period_id, scope, scope_id, status, total, done, issued, skipped, \
     error, created_by, created_at, finished_at FROM bulletin_jobs";

pub async fn job(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<JobRow>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{JOB} WHERE school_id = $1 AND id = $2"
    )))
    .bind(scope.school_id())
    .bind(id)
    .fetch_optional(e)
    .await
}

/// The school's latest job, if any.
pub async fn latest_job(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Option<JobRow>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{JOB} WHERE school_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1"
    )))
    .bind(scope.school_id())
    .fetch_optional(e)
    .await
}

/// A job of the school still queued or running.
pub async fn active_job(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM bulletin_jobs WHERE school_id = $1 AND status IN ('queued', 'running')",
    )
    .bind(scope.school_id())
    .fetch_optional(e)
    .await
}

pub async fn insert_job(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    period_id: i64,
    kind: &str,
    scope_id: Option<i64>,
    created_by: Option<i64>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO bulletin_jobs (school_id, period_id, scope, scope_id, status, created_by, \
         created_at) VALUES ($1, $2, $3, $4, 'queued', $5, $6) RETURNING id",
    )
    .bind(scope.school_id())
    .bind(period_id)
    .bind(kind)
    .bind(scope_id)
    .bind(created_by)
    .bind(now)
    .fetch_one(e)
    .await
}

pub async fn job_started(
    e: impl Executor<'_, Database = Any>,
    id: i64,
    total: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE bulletin_jobs SET status = 'running', total = $2 WHERE id = $1")
        .bind(id)
        .bind(total)
        .execute(e)
        .await
        .map(|_| ())
}

pub async fn job_progress(
    e: impl Executor<'_, Database = Any>,
    id: i64,
    done: i64,
    issued: i64,
    skipped: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE bulletin_jobs SET done = $2, issued = $3, skipped = $4 WHERE id = $1")
        .bind(id)
        .bind(done)
        .bind(issued)
        .bind(skipped)
        .execute(e)
        .await
        .map(|_| ())
}

pub async fn job_finished(
    e: impl Executor<'_, Database = Any>,
    id: i64,
    error: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let status = if error.is_some() {
        "failed"
    } else {
        "succeeded"
    };
    sqlx::query("UPDATE bulletin_jobs SET status = $2, error = $3, finished_at = $4 WHERE id = $1")
        .bind(id)
        .bind(status)
        .bind(error)
        .bind(now)
        .execute(e)
        .await
        .map(|_| ())
}

/// Jobs left queued or running by a server that stopped: failed, with `error`.
pub async fn fail_interrupted(
    e: impl Executor<'_, Database = Any>,
    error: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "UPDATE bulletin_jobs SET status = 'failed', error = $1, finished_at = $2 \
         WHERE status IN ('queued', 'running')",
    )
    .bind(error)
    .bind(now)
    .execute(e)
    .await
    .map(|r| r.rows_affected())
}

/// The classes of the period's year (a whole-school job), by name.
pub async fn year_classes(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    period_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT c.id FROM classes c JOIN periods p ON p.school_id = c.school_id \
         AND p.year_id = c.year_id WHERE c.school_id = $1 AND p.id = $2 ORDER BY c.name, c.id",
    )
    .bind(scope.school_id())
    .bind(period_id)
    .fetch_all(e)
    .await
}

/// Enrolled students of the classes and how many of them already have a bulletin for the
/// period: (students, with a bulletin).
pub async fn scope_counts(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    period_id: i64,
    class_ids: &[i64],
    student_id: Option<i64>,
) -> Result<(i64, i64), sqlx::Error> {
    if class_ids.is_empty() {
        return Ok((0, 0));
    }
    let mut sql = String::from(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM bulletins b \
           WHERE b.school_id = s.school_id AND b.student_id = s.id AND b.period_id = $2) \
           THEN 1 ELSE 0 END), 0) \
         FROM students s WHERE s.school_id = $1 AND s.status = 'enrolled'",
    );
    let mut binds = vec![period_id];
    if let Some(id) = student_id {
        binds.push(id);
        sql.push_str(&format!(" AND s.id = ${}", binds.len() + 1));
    }
    let mut list = Vec::new();
    for c in class_ids {
        binds.push(*c);
        list.push(format!("${}", binds.len() + 1));
    }
    sql.push_str(&format!(" AND s.class_id IN ({})", list.join(", ")));
    let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(scope.school_id());
    for b in binds {
        q = q.bind(b);
    }
    q.fetch_one(e).await
}

/// The academic year's name of a period.
pub async fn year_name(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    period_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT y.name FROM periods p JOIN academic_years y ON y.school_id = p.school_id \
         AND y.id = p.year_id WHERE p.school_id = $1 AND p.id = $2",
    )
    .bind(scope.school_id())
    .bind(period_id)
    .fetch_optional(e)
    .await
}
