//! SQL for the school's structure: academic years, periods, levels, classes, subject groups,
//! subjects, coefficients (per level, and overrides per class and/or period) and teaching
//! assignments. Every function takes a [`SchoolScope`]; writes take the caller's transaction.

use sqlx::{Any, AssertSqlSafe, Executor};

use super::model::{
    AssignmentInput, ClassInput, CoefficientSource, GroupInput, LevelInput, OverrideInput,
    OverrideTarget, PeriodInput, SubjectInput, YearInput,
};
use crate::schools::SchoolScope;

/// `WHERE` clauses on id columns, numbered after the school id (`$1`).
#[derive(Debug, Default)]
struct IdFilter {
    clauses: Vec<String>,
    binds: Vec<i64>,
}

impl IdFilter {
    /// Adds `column = $n` when a value is given. `column` is a constant of this file.
    fn eq(mut self, column: &'static str, value: Option<i64>) -> Self {
        if let Some(v) = value {
            self.binds.push(v);
            self.clauses
                .push(format!("{column} = ${}", self.binds.len() + 1));
        }
        self
    }

    fn sql(&self) -> String {
        self.clauses.iter().map(|c| format!(" AND {c}")).collect()
    }

    /// The `LIMIT` and `OFFSET` placeholders after the filter's own.
    fn page_sql(&self) -> String {
        let n = self.binds.len() + 2;
        format!(" LIMIT ${n} OFFSET ${}", n + 1)
    }
}

async fn count_where(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    from: &str,
    filter: &IdFilter,
) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) {from} WHERE x.school_id = $1{}",
        filter.sql()
    );
    let mut q = sqlx::query_scalar(AssertSqlSafe(sql)).bind(scope.school_id());
    for b in &filter.binds {
        q = q.bind(*b);
    }
    q.fetch_one(e).await
}

// ---- academic years -----------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct YearRow {
    pub id: i64,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub is_current: i64,
    pub classes: i64,
}

const YEAR: &str = "SELECT x.id, x.name, x.starts_on, x.ends_on, x.is_current, \
     (SELECT COUNT(*) FROM classes c WHERE c.school_id = x.school_id AND c.year_id = x.id) AS classes \
     FROM academic_years x";

pub async fn list_years(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    limit: i64,
    offset: i64,
) -> Result<Vec<YearRow>, sqlx::Error> {
    let sql =
        format!("{YEAR} WHERE x.school_id = $1 ORDER BY x.starts_on DESC, x.id LIMIT $2 OFFSET $3");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(limit)
        .bind(offset)
        .fetch_all(e)
        .await
}

pub async fn count_years(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<i64, sqlx::Error> {
    count_where(e, scope, "FROM academic_years x", &IdFilter::default()).await
}

pub async fn year(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<YearRow>, sqlx::Error> {
    let sql = format!("{YEAR} WHERE x.school_id = $1 AND x.id = $2");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(id)
        .fetch_optional(e)
        .await
}

pub async fn current_year(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Option<YearRow>, sqlx::Error> {
    let sql = format!(
        "{YEAR} WHERE x.school_id = $1 AND x.is_current = 1 ORDER BY x.starts_on DESC LIMIT 1"
    );
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .fetch_optional(e)
        .await
}

pub async fn insert_year(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    y: &YearInput,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO academic_years (school_id, name, starts_on, ends_on, is_current) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(scope.school_id())
    .bind(&y.name)
    .bind(y.starts_on.to_string())
    .bind(y.ends_on.to_string())
    .bind(i64::from(y.is_current))
    .fetch_one(e)
    .await
}

pub async fn update_year(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    y: &YearInput,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE academic_years SET name = $3, starts_on = $4, ends_on = $5, is_current = $6 \
         WHERE school_id = $1 AND id = $2",
    )
    .bind(scope.school_id())
    .bind(id)
    .bind(&y.name)
    .bind(y.starts_on.to_string())
    .bind(y.ends_on.to_string())
    .bind(i64::from(y.is_current))
    .execute(e)
    .await
    .map(|_| ())
}

/// Makes every year of the school but `keep` not current (one current year per school).
pub async fn clear_current_except(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    keep: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE academic_years SET is_current = 0 WHERE school_id = $1 AND id <> $2 AND is_current = 1")
        .bind(scope.school_id())
        .bind(keep)
        .execute(e)
        .await
        .map(|_| ())
}

pub async fn delete_year(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM academic_years WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(id)
        .execute(e)
        .await
        .map(|_| ())
}

/// Students enrolled (now or in the past) in a year: such a year is history, not deletable.
pub async fn year_enrolments(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM enrolments WHERE school_id = $1 AND year_id = $2")
        .bind(scope.school_id())
        .bind(id)
        .fetch_one(e)
        .await
}

// ---- periods ------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PeriodRow {
    pub id: i64,
    pub year_id: i64,
    pub position: i64,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub closes_on: String,
    pub closed_at: Option<i64>,
}

const PERIOD: &str = "SELECT x.id, x.year_id, x.position, x.name, x.starts_on, x.ends_on, \
     x.closes_on, x.closed_at FROM periods x";

pub async fn list_periods(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    year_id: Option<i64>,
    limit: i64,
    offset: i64,
) -> Result<Vec<PeriodRow>, sqlx::Error> {
    let filter = IdFilter::default().eq("x.year_id", year_id);
    let sql = format!(
        "{PERIOD} WHERE x.school_id = $1{} ORDER BY x.year_id DESC, x.position, x.starts_on{}",
        filter.sql(),
        filter.page_sql()
    );
    let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(scope.school_id());
    for b in &filter.binds {
        q = q.bind(*b);
    }
    q.bind(limit).bind(offset).fetch_all(e).await
}

pub async fn count_periods(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    year_id: Option<i64>,
) -> Result<i64, sqlx::Error> {
    let filter = IdFilter::default().eq("x.year_id", year_id);
    count_where(e, scope, "FROM periods x", &filter).await
}

pub async fn period(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<PeriodRow>, sqlx::Error> {
    let sql = format!("{PERIOD} WHERE x.school_id = $1 AND x.id = $2");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(id)
        .fetch_optional(e)
        .await
}

/// The period whose dates contain `date` (ISO), if any; the earliest when periods overlap.
pub async fn period_of_date(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    date: &str,
) -> Result<Option<PeriodRow>, sqlx::Error> {
    let sql = format!(
        "{PERIOD} WHERE x.school_id = $1 AND x.starts_on <= $2 AND x.ends_on >= $2 \
         ORDER BY x.starts_on LIMIT 1"
    );
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(date)
        .fetch_optional(e)
        .await
}

pub async fn insert_period(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    year_id: i64,
    p: &PeriodInput,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO periods (school_id, year_id, position, name, starts_on, ends_on, closes_on) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(scope.school_id())
    .bind(year_id)
    .bind(p.position)
    .bind(&p.name)
    .bind(p.starts_on.to_string())
    .bind(p.ends_on.to_string())
    .bind(p.closes_on.to_string())
    .fetch_one(e)
    .await
}

pub async fn update_period(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    p: &PeriodInput,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE periods SET position = $3, name = $4, starts_on = $5, ends_on = $6, closes_on = $7 \
         WHERE school_id = $1 AND id = $2",
    )
    .bind(scope.school_id())
    .bind(id)
    .bind(p.position)
    .bind(&p.name)
    .bind(p.starts_on.to_string())
    .bind(p.ends_on.to_string())
    .bind(p.closes_on.to_string())
    .execute(e)
    .await
    .map(|_| ())
}

pub async fn set_period_closed_at(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    closed_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE periods SET closed_at = $3 WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(id)
        .bind(closed_at)
        .execute(e)
        .await
        .map(|_| ())
}

pub async fn delete_period(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM periods WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(id)
        .execute(e)
        .await
        .map(|_| ())
}

/// Teaching assignments and coefficient overrides limited to a period.
pub async fn period_usage(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM teaching_assignments WHERE school_id = $1 AND period_id = $2) \
         + (SELECT COUNT(*) FROM coefficient_overrides WHERE school_id = $1 AND period_id = $2)",
    )
    .bind(scope.school_id())
    .bind(id)
    .fetch_one(e)
    .await
}

// ---- levels -------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LevelRow {
    pub id: i64,
    pub name: String,
    pub position: i64,
    pub classes: i64,
}

const LEVEL: &str = "SELECT x.id, x.name, x.position, \
     (SELECT COUNT(*) FROM classes c WHERE c.school_id = x.school_id AND c.level_id = x.id) AS classes \
     FROM levels x";

pub async fn list_levels(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    limit: i64,
    offset: i64,
) -> Result<Vec<LevelRow>, sqlx::Error> {
    let sql =
        format!("{LEVEL} WHERE x.school_id = $1 ORDER BY x.position, x.name LIMIT $2 OFFSET $3");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(limit)
        .bind(offset)
        .fetch_all(e)
        .await
}

pub async fn count_levels(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<i64, sqlx::Error> {
    count_where(e, scope, "FROM levels x", &IdFilter::default()).await
}

pub async fn level(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<LevelRow>, sqlx::Error> {
    let sql = format!("{LEVEL} WHERE x.school_id = $1 AND x.id = $2");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(id)
        .fetch_optional(e)
        .await
}

pub async fn insert_level(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    l: &LevelInput,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO levels (school_id, name, position) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(scope.school_id())
    .bind(&l.name)
    .bind(l.position)
    .fetch_one(e)
    .await
}

pub async fn update_level(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    l: &LevelInput,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE levels SET name = $3, position = $4 WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(id)
        .bind(&l.name)
        .bind(l.position)
        .execute(e)
        .await
        .map(|_| ())
}

pub async fn delete_level(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM levels WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(id)
        .execute(e)
        .await
        .map(|_| ())
}

/// The next free position at the end of the list (levels, subjects, groups).
pub async fn next_position(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    table: Positioned,
) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM {} WHERE school_id = $1",
        table.name()
    );
    sqlx::query_scalar(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .fetch_one(e)
        .await
}

/// Tables whose rows are ordered by a `position` column.
#[derive(Debug, Clone, Copy)]
pub enum Positioned {
    Levels,
    Subjects,
    SubjectGroups,
}

impl Positioned {
    fn name(self) -> &'static str {
        match self {
            Positioned::Levels => "levels",
            Positioned::Subjects => "subjects",
            Positioned::SubjectGroups => "subject_groups",
        }
    }
}

// ---- subject groups -----------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GroupRow {
    pub id: i64,
    pub name: String,
    pub position: i64,
    pub subjects: i64,
}

const GROUP: &str = "SELECT x.id, x.name, x.position, \
     (SELECT COUNT(*) FROM subjects s WHERE s.school_id = x.school_id AND s.group_id = x.id) AS subjects \
     FROM subject_groups x";

pub async fn list_groups(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    limit: i64,
    offset: i64,
) -> Result<Vec<GroupRow>, sqlx::Error> {
    let sql =
        format!("{GROUP} WHERE x.school_id = $1 ORDER BY x.position, x.name LIMIT $2 OFFSET $3");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(limit)
        .bind(offset)
        .fetch_all(e)
        .await
}

pub async fn count_groups(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<i64, sqlx::Error> {
    count_where(e, scope, "FROM subject_groups x", &IdFilter::default()).await
}

pub async fn group(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<GroupRow>, sqlx::Error> {
    let sql = format!("{GROUP} WHERE x.school_id = $1 AND x.id = $2");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(id)
        .fetch_optional(e)
        .await
}

pub async fn insert_group(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    g: &GroupInput,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO subject_groups (school_id, name, position) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(scope.school_id())
    .bind(&g.name)
    .bind(g.position)
    .fetch_one(e)
    .await
}

pub async fn update_group(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    g: &GroupInput,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE subject_groups SET name = $3, position = $4 WHERE school_id = $1 AND id = $2",
    )
    .bind(scope.school_id())
    .bind(id)
    .bind(&g.name)
    .bind(g.position)
    .execute(e)
    .await
    .map(|_| ())
}

pub async fn delete_group(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM subject_groups WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(id)
        .execute(e)
        .await
        .map(|_| ())
}

// ---- subjects -----------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SubjectRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub color: String,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub position: i64,
    pub assignments: i64,
}

const SUBJECT: &str = "SELECT x.id, x.code, x.name, x.color, x.group_id, g.name AS group_name, x.position, \
     (SELECT COUNT(*) FROM teaching_assignments ta WHERE ta.school_id = x.school_id AND ta.subject_id = x.id) AS assignments \
     FROM subjects x LEFT JOIN subject_groups g ON g.id = x.group_id AND g.school_id = x.school_id";

pub async fn list_subjects(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    group_id: Option<i64>,
    limit: i64,
    offset: i64,
) -> Result<Vec<SubjectRow>, sqlx::Error> {
    let filter = IdFilter::default().eq("x.group_id", group_id);
    let sql = format!(
        "{SUBJECT} WHERE x.school_id = $1{} ORDER BY x.position, x.name, x.id{}",
        filter.sql(),
        filter.page_sql()
    );
    let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(scope.school_id());
    for b in &filter.binds {
        q = q.bind(*b);
    }
    q.bind(limit).bind(offset).fetch_all(e).await
}

pub async fn count_subjects(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    group_id: Option<i64>,
) -> Result<i64, sqlx::Error> {
    let filter = IdFilter::default().eq("x.group_id", group_id);
    count_where(e, scope, "FROM subjects x", &filter).await
}

pub async fn subject(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<SubjectRow>, sqlx::Error> {
    let sql = format!("{SUBJECT} WHERE x.school_id = $1 AND x.id = $2");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(id)
        .fetch_optional(e)
        .await
}

pub async fn insert_subject(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    s: &SubjectInput,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO subjects (school_id, code, name, color, group_id, position) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(scope.school_id())
    .bind(&s.code)
    .bind(&s.name)
    .bind(&s.color)
    .bind(s.group_id)
    .bind(s.position)
    .fetch_one(e)
    .await
}

pub async fn update_subject(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    s: &SubjectInput,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE subjects SET code = $3, name = $4, color = $5, group_id = $6, position = $7 \
         WHERE school_id = $1 AND id = $2",
    )
    .bind(scope.school_id())
    .bind(id)
    .bind(&s.code)
    .bind(&s.name)
    .bind(&s.color)
    .bind(s.group_id)
    .bind(s.position)
    .execute(e)
    .await
    .map(|_| ())
}

pub async fn delete_subject(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM subjects WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(id)
        .execute(e)
        .await
        .map(|_| ())
}

// ---- coefficients -------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct LevelCoefficient {
    pub level_id: i64,
    pub subject_id: i64,
    pub coefficient_cents: i64,
}

/// Level coefficients of the school, or of some subjects only.
pub async fn level_coefficients(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    subject_id: Option<i64>,
) -> Result<Vec<LevelCoefficient>, sqlx::Error> {
    let filter = IdFilter::default().eq("x.subject_id", subject_id);
    let sql = format!(
        "SELECT x.level_id, x.subject_id, x.coefficient_cents FROM level_subjects x \
         WHERE x.school_id = $1{} ORDER BY x.subject_id, x.level_id",
        filter.sql()
    );
    let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(scope.school_id());
    for b in &filter.binds {
        q = q.bind(*b);
    }
    q.fetch_all(e).await
}

/// Sets a subject's coefficient for a level; `None` removes it (not taught at that level).
/// Returns the previous value.
pub async fn set_level_coefficient(
    tx: &mut crate::db::Tx,
    scope: SchoolScope,
    level_id: i64,
    subject_id: i64,
    cents: Option<i64>,
) -> Result<Option<i64>, sqlx::Error> {
    let before: Option<i64> = sqlx::query_scalar(
        "SELECT coefficient_cents FROM level_subjects WHERE school_id = $1 AND level_id = $2 AND subject_id = $3",
    )
    .bind(scope.school_id())
    .bind(level_id)
    .bind(subject_id)
    .fetch_optional(&mut **tx)
    .await?;
    match cents {
        Some(c) => {
            sqlx::query(
                "INSERT INTO level_subjects (school_id, level_id, subject_id, coefficient_cents) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (school_id, level_id, subject_id) \
                 DO UPDATE SET coefficient_cents = excluded.coefficient_cents",
            )
            .bind(scope.school_id())
            .bind(level_id)
            .bind(subject_id)
            .bind(c)
            .execute(&mut **tx)
            .await?;
        }
        None => {
            sqlx::query(
                "DELETE FROM level_subjects WHERE school_id = $1 AND level_id = $2 AND subject_id = $3",
            )
            .bind(scope.school_id())
            .bind(level_id)
            .bind(subject_id)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(before)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OverrideRow {
    pub id: i64,
    pub subject_id: i64,
    pub subject_name: String,
    pub level_id: Option<i64>,
    pub class_id: Option<i64>,
    pub period_id: Option<i64>,
    pub target_name: String,
    pub period_name: Option<String>,
    pub coefficient_cents: i64,
}

const OVERRIDE: &str = "SELECT x.id, x.subject_id, s.name AS subject_name, x.level_id, x.class_id, x.period_id, \
     COALESCE(c.name, l.name, '') AS target_name, p.name AS period_name, x.coefficient_cents \
     FROM coefficient_overrides x \
     JOIN subjects s ON s.id = x.subject_id AND s.school_id = x.school_id \
     LEFT JOIN classes c ON c.id = x.class_id AND c.school_id = x.school_id \
     LEFT JOIN levels l ON l.id = x.level_id AND l.school_id = x.school_id \
     LEFT JOIN periods p ON p.id = x.period_id AND p.school_id = x.school_id";

pub async fn list_overrides(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    subject_id: Option<i64>,
) -> Result<Vec<OverrideRow>, sqlx::Error> {
    let filter = IdFilter::default().eq("x.subject_id", subject_id);
    let sql = format!(
        "{OVERRIDE} WHERE x.school_id = $1{} ORDER BY s.position, s.name, target_name, x.period_id",
        filter.sql()
    );
    let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(scope.school_id());
    for b in &filter.binds {
        q = q.bind(*b);
    }
    q.fetch_all(e).await
}

pub async fn override_row(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<OverrideRow>, sqlx::Error> {
    let sql = format!("{OVERRIDE} WHERE x.school_id = $1 AND x.id = $2");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(id)
        .fetch_optional(e)
        .await
}

/// Creates an override, or changes the coefficient of the one with the same subject, target
/// and period. Returns `(id, previous coefficient)`.
pub async fn upsert_override(
    tx: &mut crate::db::Tx,
    scope: SchoolScope,
    o: &OverrideInput,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    let (level_id, class_id) = match o.target {
        OverrideTarget::Level(l) => (Some(l), None),
        OverrideTarget::Class(c) => (None, Some(c)),
    };
    let existing: Option<(i64, i64)> = sqlx::query_as(
        "SELECT id, coefficient_cents FROM coefficient_overrides \
         WHERE school_id = $1 AND subject_id = $2 AND COALESCE(level_id, 0) = $3 \
           AND COALESCE(class_id, 0) = $4 AND COALESCE(period_id, 0) = $5",
    )
    .bind(scope.school_id())
    .bind(o.subject_id)
    .bind(level_id.unwrap_or(0))
    .bind(class_id.unwrap_or(0))
    .bind(o.period_id.unwrap_or(0))
    .fetch_optional(&mut **tx)
    .await?;
    if let Some((id, before)) = existing {
        sqlx::query("UPDATE coefficient_overrides SET coefficient_cents = $3 WHERE school_id = $1 AND id = $2")
            .bind(scope.school_id())
            .bind(id)
            .bind(o.coefficient_cents)
            .execute(&mut **tx)
            .await?;
        return Ok((id, Some(before)));
    }
    let id = sqlx::query_scalar(
        "INSERT INTO coefficient_overrides (school_id, subject_id, level_id, class_id, period_id, coefficient_cents) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(scope.school_id())
    .bind(o.subject_id)
    .bind(level_id)
    .bind(class_id)
    .bind(o.period_id)
    .bind(o.coefficient_cents)
    .fetch_one(&mut **tx)
    .await?;
    Ok((id, None))
}

pub async fn delete_override(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM coefficient_overrides WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(id)
        .execute(e)
        .await
        .map(|_| ())
}

/// Every coefficient that could apply to the subjects of one class in one period (or the
/// whole year when `period_id` is `None`): `(subject_id, source, cents)`. One query; the
/// caller picks the most specific per subject.
pub async fn coefficient_candidates(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
    period_id: Option<i64>,
) -> Result<Vec<(i64, CoefficientSource, i64)>, sqlx::Error> {
    // 1 = class + period, 2 = class, 3 = level + period, 4 = level.
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT o.subject_id, CAST(CASE WHEN o.period_id IS NULL THEN 2 ELSE 1 END AS BIGINT), o.coefficient_cents \
           FROM coefficient_overrides o \
           WHERE o.school_id = $1 AND o.class_id = $2 AND (o.period_id IS NULL OR o.period_id = $3) \
         UNION ALL \
         SELECT o.subject_id, CAST(3 AS BIGINT), o.coefficient_cents \
           FROM coefficient_overrides o JOIN classes c ON c.school_id = o.school_id AND c.level_id = o.level_id \
           WHERE o.school_id = $1 AND c.id = $2 AND o.period_id = $3 \
         UNION ALL \
         SELECT ls.subject_id, CAST(4 AS BIGINT), ls.coefficient_cents \
           FROM level_subjects ls JOIN classes c ON c.school_id = ls.school_id AND c.level_id = ls.level_id \
           WHERE ls.school_id = $1 AND c.id = $2",
    )
    .bind(scope.school_id())
    .bind(class_id)
    .bind(period_id.unwrap_or(0))
    .fetch_all(e)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(subject, source, cents)| {
            let source = match source {
                1 => CoefficientSource::ClassPeriod,
                2 => CoefficientSource::Class,
                3 => CoefficientSource::LevelPeriod,
                4 => CoefficientSource::Level,
                _ => return None,
            };
            Some((subject, source, cents))
        })
        .collect())
}

// ---- classes ------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClassRow {
    pub id: i64,
    pub year_id: i64,
    pub year_name: String,
    pub level_id: i64,
    pub level_name: String,
    pub name: String,
    pub main_teacher_id: Option<i64>,
    pub main_teacher_name: Option<String>,
    pub room: Option<String>,
    pub students: i64,
    pub assignments: i64,
}

const CLASS: &str = "SELECT x.id, x.year_id, y.name AS year_name, x.level_id, l.name AS level_name, x.name, \
     x.main_teacher_id, u.display_name AS main_teacher_name, x.room, \
     (SELECT COUNT(*) FROM students s WHERE s.school_id = x.school_id AND s.class_id = x.id) AS students, \
     (SELECT COUNT(*) FROM teaching_assignments ta WHERE ta.school_id = x.school_id AND ta.class_id = x.id) AS assignments \
     FROM classes x \
     JOIN academic_years y ON y.id = x.year_id AND y.school_id = x.school_id \
     JOIN levels l ON l.id = x.level_id AND l.school_id = x.school_id \
     LEFT JOIN users u ON u.id = x.main_teacher_id";

/// Filters of a class list.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClassFilter {
    pub year_id: Option<i64>,
    pub level_id: Option<i64>,
    pub main_teacher_id: Option<i64>,
}

impl ClassFilter {
    fn ids(self) -> IdFilter {
        IdFilter::default()
            .eq("x.year_id", self.year_id)
            .eq("x.level_id", self.level_id)
            .eq("x.main_teacher_id", self.main_teacher_id)
    }
}

pub async fn list_classes(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    filter: ClassFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<ClassRow>, sqlx::Error> {
    let ids = filter.ids();
    let sql = format!(
        "{CLASS} WHERE x.school_id = $1{} ORDER BY y.starts_on DESC, l.position, l.name, x.name{}",
        ids.sql(),
        ids.page_sql()
    );
    let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(scope.school_id());
    for b in &ids.binds {
        q = q.bind(*b);
    }
    q.bind(limit).bind(offset).fetch_all(e).await
}

pub async fn count_classes(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    filter: ClassFilter,
) -> Result<i64, sqlx::Error> {
    count_where(e, scope, "FROM classes x", &filter.ids()).await
}

pub async fn class(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<ClassRow>, sqlx::Error> {
    let sql = format!("{CLASS} WHERE x.school_id = $1 AND x.id = $2");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(id)
        .fetch_optional(e)
        .await
}

pub async fn insert_class(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    c: &ClassInput,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO classes (school_id, year_id, level_id, name, main_teacher_id, room) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(scope.school_id())
    .bind(c.year_id)
    .bind(c.level_id)
    .bind(&c.name)
    .bind(c.main_teacher_id)
    .bind(c.room.clone())
    .fetch_one(e)
    .await
}

pub async fn update_class(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    c: &ClassInput,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE classes SET year_id = $3, level_id = $4, name = $5, main_teacher_id = $6, room = $7 \
         WHERE school_id = $1 AND id = $2",
    )
    .bind(scope.school_id())
    .bind(id)
    .bind(c.year_id)
    .bind(c.level_id)
    .bind(&c.name)
    .bind(c.main_teacher_id)
    .bind(c.room.clone())
    .execute(e)
    .await
    .map(|_| ())
}

pub async fn delete_class(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM classes WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(id)
        .execute(e)
        .await
        .map(|_| ())
}

/// Students placed in the class now or in its enrolment history.
pub async fn class_people(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM students WHERE school_id = $1 AND class_id = $2) \
         + (SELECT COUNT(*) FROM enrolments WHERE school_id = $1 AND class_id = $2)",
    )
    .bind(scope.school_id())
    .bind(id)
    .fetch_one(e)
    .await
}

/// Non-zero when the user is the class's main teacher or has a teaching assignment in it.
pub async fn teaches_or_leads(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
    user_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM classes WHERE school_id = $1 AND id = $2 AND main_teacher_id = $3) \
         + (SELECT COUNT(*) FROM teaching_assignments WHERE school_id = $1 AND class_id = $2 AND teacher_id = $3)",
    )
    .bind(scope.school_id())
    .bind(class_id)
    .bind(user_id)
    .fetch_one(e)
    .await
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClassStudent {
    pub id: i64,
    pub matricule: String,
    pub first_name: String,
    pub last_name: String,
}

pub async fn class_students(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
) -> Result<Vec<ClassStudent>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, matricule, first_name, last_name FROM students \
         WHERE school_id = $1 AND class_id = $2 AND status = 'enrolled' ORDER BY last_name, first_name, id",
    )
    .bind(scope.school_id())
    .bind(class_id)
    .fetch_all(e)
    .await
}

/// One line of "my classes": a class the user teaches a subject in, or leads (subject
/// `None`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TaughtLine {
    pub class_id: i64,
    pub class_name: String,
    pub level_name: String,
    pub students: i64,
    pub subject_name: Option<String>,
    pub subject_color: Option<String>,
}

/// The classes of the current year a teacher teaches (with each subject) or leads.
pub async fn classes_taught_by(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    user_id: i64,
) -> Result<Vec<TaughtLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id AS class_id, c.name AS class_name, l.name AS level_name, \
           (SELECT COUNT(*) FROM students s WHERE s.school_id = c.school_id AND s.class_id = c.id) AS students, \
           sub.name AS subject_name, sub.color AS subject_color \
         FROM classes c \
         JOIN academic_years y ON y.id = c.year_id AND y.school_id = c.school_id AND y.is_current = 1 \
         JOIN levels l ON l.id = c.level_id AND l.school_id = c.school_id \
         LEFT JOIN teaching_assignments ta ON ta.school_id = c.school_id AND ta.class_id = c.id AND ta.teacher_id = $2 \
         LEFT JOIN subjects sub ON sub.id = ta.subject_id AND sub.school_id = c.school_id \
         WHERE c.school_id = $1 AND (ta.id IS NOT NULL OR c.main_teacher_id = $2) \
         ORDER BY l.position, c.name, sub.position, sub.name",
    )
    .bind(scope.school_id())
    .bind(user_id)
    .fetch_all(e)
    .await
}

// ---- teachers -----------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TeacherRow {
    pub id: i64,
    pub display_name: String,
}

/// The school's enabled teachers, by name.
pub async fn teachers(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Vec<TeacherRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.display_name FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.school_id = $1 AND m.role = 'teacher' AND u.disabled = 0 ORDER BY u.display_name, u.id",
    )
    .bind(scope.school_id())
    .fetch_all(e)
    .await
}

pub async fn is_teacher(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE school_id = $1 AND user_id = $2 AND role = 'teacher'",
    )
    .bind(scope.school_id())
    .bind(user_id)
    .fetch_one(e)
    .await?;
    Ok(n > 0)
}

// ---- teaching assignments -----------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AssignmentRow {
    pub id: i64,
    pub teacher_id: i64,
    pub teacher_name: String,
    pub class_id: i64,
    pub class_name: String,
    pub subject_id: i64,
    pub subject_name: String,
    pub period_id: Option<i64>,
    pub period_name: Option<String>,
}

const ASSIGNMENT: &str = "SELECT x.id, x.teacher_id, u.display_name AS teacher_name, x.class_id, c.name AS class_name, \
     x.subject_id, s.name AS subject_name, x.period_id, p.name AS period_name \
     FROM teaching_assignments x \
     JOIN users u ON u.id = x.teacher_id \
     JOIN classes c ON c.id = x.class_id AND c.school_id = x.school_id \
     JOIN subjects s ON s.id = x.subject_id AND s.school_id = x.school_id \
     LEFT JOIN periods p ON p.id = x.period_id AND p.school_id = x.school_id";

/// Filters of an assignment list.
#[derive(Debug, Clone, Copy, Default)]
pub struct AssignmentFilter {
    pub year_id: Option<i64>,
    pub class_id: Option<i64>,
    pub teacher_id: Option<i64>,
    pub subject_id: Option<i64>,
}

impl AssignmentFilter {
    fn ids(self) -> IdFilter {
        IdFilter::default()
            .eq("x.class_id", self.class_id)
            .eq("x.teacher_id", self.teacher_id)
            .eq("x.subject_id", self.subject_id)
            .eq("c.year_id", self.year_id)
    }
}

pub async fn list_assignments(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    filter: AssignmentFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<AssignmentRow>, sqlx::Error> {
    let ids = filter.ids();
    let sql = format!(
        "{ASSIGNMENT} WHERE x.school_id = $1{} ORDER BY c.name, s.position, s.name, x.period_id, x.id{}",
        ids.sql(),
        ids.page_sql()
    );
    let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(scope.school_id());
    for b in &ids.binds {
        q = q.bind(*b);
    }
    q.bind(limit).bind(offset).fetch_all(e).await
}

pub async fn count_assignments(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    filter: AssignmentFilter,
) -> Result<i64, sqlx::Error> {
    let from = "FROM teaching_assignments x JOIN classes c ON c.id = x.class_id AND c.school_id = x.school_id";
    count_where(e, scope, from, &filter.ids()).await
}

pub async fn assignment(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<AssignmentRow>, sqlx::Error> {
    let sql = format!("{ASSIGNMENT} WHERE x.school_id = $1 AND x.id = $2");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(id)
        .fetch_optional(e)
        .await
}

pub async fn insert_assignment(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    a: &AssignmentInput,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO teaching_assignments (school_id, teacher_id, class_id, subject_id, period_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(scope.school_id())
    .bind(a.teacher_id)
    .bind(a.class_id)
    .bind(a.subject_id)
    .bind(a.period_id)
    .bind(now)
    .fetch_one(e)
    .await
}

pub async fn update_assignment(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    a: &AssignmentInput,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE teaching_assignments SET teacher_id = $3, class_id = $4, subject_id = $5, period_id = $6 \
         WHERE school_id = $1 AND id = $2",
    )
    .bind(scope.school_id())
    .bind(id)
    .bind(a.teacher_id)
    .bind(a.class_id)
    .bind(a.subject_id)
    .bind(a.period_id)
    .execute(e)
    .await
    .map(|_| ())
}

pub async fn delete_assignment(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM teaching_assignments WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(id)
        .execute(e)
        .await
        .map(|_| ())
}
