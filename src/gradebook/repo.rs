//! SQL for the gradebook: the school's mark codes, assessments and marks. Every function takes
//! a [`SchoolScope`]; writes take the caller's transaction. Points, maxima and coefficients are
//! integer hundredths.

use sqlx::{Any, AssertSqlSafe, Executor};

use crate::{
    db::{Bind, bind_all},
    schools::SchoolScope,
};

/// Rows per multi-row `INSERT` of marks (7 binds each: well under every backend's limit).
const MARK_BATCH: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MarkCodeRow {
    pub code: String,
    pub label: String,
    pub counts_as_zero: i64,
    pub position: i64,
}

/// The school's mark codes, in display order.
pub async fn mark_codes(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Vec<MarkCodeRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT code, label, counts_as_zero, position FROM mark_codes \
         WHERE school_id = $1 ORDER BY position, code",
    )
    .bind(scope.school_id())
    .fetch_all(e)
    .await
}

/// Adds codes the school does not have yet (existing codes are kept as they are).
pub async fn insert_mark_codes(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    codes: &[MarkCodeRow],
) -> Result<(), sqlx::Error> {
    if codes.is_empty() {
        return Ok(());
    }
    let values: Vec<String> = (0..codes.len())
        .map(|i| {
            let b = 2 + i * 4;
            format!("($1, ${b}, ${}, ${}, ${})", b + 1, b + 2, b + 3)
        })
        .collect();
    let sql = format!(
        "INSERT INTO mark_codes (school_id, code, label, counts_as_zero, position) VALUES {} \
         ON CONFLICT (school_id, code) DO NOTHING",
        values.join(", ")
    );
    let mut query = sqlx::query(AssertSqlSafe(sql)).bind(scope.school_id());
    for c in codes {
        query = query
            .bind(c.code.clone())
            .bind(c.label.clone())
            .bind(c.counts_as_zero)
            .bind(c.position);
    }
    query.execute(e).await?;
    Ok(())
}

/// Writes the given codes: new ones are added, existing ones take the given label, flag and
/// position.
pub async fn upsert_mark_codes(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    codes: &[MarkCodeRow],
) -> Result<(), sqlx::Error> {
    if codes.is_empty() {
        return Ok(());
    }
    let values: Vec<String> = (0..codes.len())
        .map(|i| {
            let b = 2 + i * 4;
            format!("($1, ${b}, ${}, ${}, ${})", b + 1, b + 2, b + 3)
        })
        .collect();
    let sql = format!(
        "INSERT INTO mark_codes (school_id, code, label, counts_as_zero, position) VALUES {} \
         ON CONFLICT (school_id, code) DO UPDATE SET label = excluded.label, \
         counts_as_zero = excluded.counts_as_zero, position = excluded.position",
        values.join(", ")
    );
    let mut query = sqlx::query(AssertSqlSafe(sql)).bind(scope.school_id());
    for c in codes {
        query = query
            .bind(c.code.clone())
            .bind(c.label.clone())
            .bind(c.counts_as_zero)
            .bind(c.position);
    }
    query.execute(e).await?;
    Ok(())
}

/// Removes some of the school's codes (a school has a handful: one statement).
pub async fn delete_mark_codes(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    codes: &[String],
) -> Result<(), sqlx::Error> {
    if codes.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "DELETE FROM mark_codes WHERE school_id = $1 AND code IN ({})",
        placeholders_from(2, codes.len())
    );
    let mut query = sqlx::query(AssertSqlSafe(sql)).bind(scope.school_id());
    for c in codes {
        query = query.bind(c.clone());
    }
    query.execute(e).await?;
    Ok(())
}

/// How many marks of the school use each code (codes no mark uses are absent).
pub async fn mark_code_usage(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT code, COUNT(*) FROM marks WHERE school_id = $1 AND code IS NOT NULL \
         GROUP BY code ORDER BY code",
    )
    .bind(scope.school_id())
    .fetch_all(e)
    .await
}

/// An assessment's stored fields.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AssessmentRow {
    pub id: i64,
    pub class_id: i64,
    pub subject_id: i64,
    pub period_id: i64,
    pub teacher_id: i64,
    pub title: String,
    pub date: String,
    pub kind: String,
    pub max_hundredths: i64,
    pub coefficient_hundredths: i64,
    pub rule: String,
    pub published_on: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const ASSESSMENT_COLUMNS: &str = "id, class_id, subject_id, period_id, teacher_id, title, date, \
    kind, max_hundredths, coefficient_hundredths, rule, published_on, created_at, updated_at";

/// What an assessment write stores (the class, subject and period are set at creation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentFields {
    pub title: String,
    pub date: String,
    pub kind: &'static str,
    pub max_hundredths: i64,
    pub coefficient_hundredths: i64,
    pub rule: &'static str,
    pub published_on: Option<String>,
}

pub async fn assessment(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<AssessmentRow>, sqlx::Error> {
    let sql =
        format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE school_id = $1 AND id = $2");
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(id)
        .fetch_optional(e)
        .await
}

/// The assessments of a class in a subject and period, by date.
pub async fn gradebook_assessments(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
    subject_id: i64,
    period_id: i64,
) -> Result<Vec<AssessmentRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ASSESSMENT_COLUMNS} FROM assessments \
         WHERE school_id = $1 AND class_id = $2 AND subject_id = $3 AND period_id = $4 \
         ORDER BY date, id"
    );
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(class_id)
        .bind(subject_id)
        .bind(period_id)
        .fetch_all(e)
        .await
}

/// Which assessments a list shows: the school's, narrowed by the filters, and for a teacher
/// reading as such only those of the classes and subjects they teach (or the classes they
/// lead: every subject).
#[derive(Debug, Clone, Copy, Default)]
pub struct AssessmentFilter {
    pub id: Option<i64>,
    pub class_id: Option<i64>,
    pub subject_id: Option<i64>,
    pub period_id: Option<i64>,
    /// Only what this teacher teaches or leads.
    pub teacher: Option<i64>,
}

fn assessment_where(filter: AssessmentFilter) -> (String, Vec<Bind>) {
    let mut sql = String::from("a.school_id = $1");
    let mut binds = Vec::new();
    for (column, value) in [
        ("a.id", filter.id),
        ("a.class_id", filter.class_id),
        ("a.subject_id", filter.subject_id),
        ("a.period_id", filter.period_id),
    ] {
        if let Some(v) = value {
            binds.push(Bind::Int(v));
            sql.push_str(&format!(" AND {column} = ${}", binds.len() + 1));
        }
    }
    if let Some(teacher) = filter.teacher {
        binds.push(Bind::Int(teacher));
        let n = binds.len() + 1;
        sql.push_str(&format!(
            " AND (EXISTS (SELECT 1 FROM teaching_assignments ta WHERE ta.school_id = a.school_id \
             AND ta.teacher_id = ${n} AND ta.class_id = a.class_id AND ta.subject_id = a.subject_id \
             AND (ta.period_id IS NULL OR ta.period_id = a.period_id)) \
             OR EXISTS (SELECT 1 FROM classes mc WHERE mc.school_id = a.school_id \
             AND mc.id = a.class_id AND mc.main_teacher_id = ${n}))"
        ));
    }
    (sql, binds)
}

/// An assessment as lists show it: with its class, subject, period and teacher names and the
/// number of marks entered.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AssessmentListRow {
    #[sqlx(flatten)]
    pub assessment: AssessmentRow,
    pub class_name: String,
    pub subject_code: String,
    pub subject_name: String,
    pub period_name: String,
    pub teacher_name: String,
    pub marks: i64,
}

/// One page of assessments (newest first) and the total matching the filter.
pub async fn list_assessments(
    pool: &sqlx::Pool<Any>,
    scope: SchoolScope,
    filter: AssessmentFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AssessmentListRow>, i64), sqlx::Error> {
    let (where_sql, binds) = assessment_where(filter);
    let columns = ASSESSMENT_COLUMNS
        .split(", ")
        .map(|c| format!("a.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let (l, o) = (binds.len() + 2, binds.len() + 3);
    let sql = format!(
        "SELECT {columns}, c.name AS class_name, s.code AS subject_code, s.name AS subject_name, \
         p.name AS period_name, u.display_name AS teacher_name, \
         (SELECT COUNT(*) FROM marks m WHERE m.school_id = a.school_id AND m.assessment_id = a.id) \
         AS marks FROM assessments a \
         JOIN classes c ON c.school_id = a.school_id AND c.id = a.class_id \
         JOIN subjects s ON s.school_id = a.school_id AND s.id = a.subject_id \
         JOIN periods p ON p.school_id = a.school_id AND p.id = a.period_id \
         JOIN users u ON u.id = a.teacher_id \
         WHERE {where_sql} ORDER BY a.date DESC, a.id DESC LIMIT ${l} OFFSET ${o}"
    );
    let query = sqlx::query_as(AssertSqlSafe(sql)).bind(scope.school_id());
    let rows = bind_all!(query, &binds)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await?;
    let sql = format!("SELECT COUNT(*) FROM assessments a WHERE {where_sql}");
    let query = sqlx::query_scalar(AssertSqlSafe(sql)).bind(scope.school_id());
    let total = bind_all!(query, &binds).fetch_one(pool).await?;
    Ok((rows, total))
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_assessment(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
    subject_id: i64,
    period_id: i64,
    teacher_id: i64,
    fields: &AssessmentFields,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO assessments (school_id, class_id, subject_id, period_id, teacher_id, title, \
         date, kind, max_hundredths, coefficient_hundredths, rule, published_on, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) \
         RETURNING id",
    )
    .bind(scope.school_id())
    .bind(class_id)
    .bind(subject_id)
    .bind(period_id)
    .bind(teacher_id)
    .bind(fields.title.clone())
    .bind(fields.date.clone())
    .bind(fields.kind)
    .bind(fields.max_hundredths)
    .bind(fields.coefficient_hundredths)
    .bind(fields.rule)
    .bind(fields.published_on.clone())
    .bind(now_ms)
    .fetch_one(e)
    .await
}

pub async fn update_assessment(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
    fields: &AssessmentFields,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE assessments SET title = $3, date = $4, kind = $5, max_hundredths = $6, \
         coefficient_hundredths = $7, rule = $8, published_on = $9, updated_at = $10 \
         WHERE school_id = $1 AND id = $2",
    )
    .bind(scope.school_id())
    .bind(id)
    .bind(fields.title.clone())
    .bind(fields.date.clone())
    .bind(fields.kind)
    .bind(fields.max_hundredths)
    .bind(fields.coefficient_hundredths)
    .bind(fields.rule)
    .bind(fields.published_on.clone())
    .bind(now_ms)
    .execute(e)
    .await?;
    Ok(())
}

/// Deletes an assessment's marks; then [`delete_assessment`].
pub async fn delete_marks_of(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    assessment_id: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM marks WHERE school_id = $1 AND assessment_id = $2")
            .bind(scope.school_id())
            .bind(assessment_id)
            .execute(e)
            .await?
            .rows_affected(),
    )
}

pub async fn delete_assessment(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM assessments WHERE school_id = $1 AND id = $2")
        .bind(scope.school_id())
        .bind(id)
        .execute(e)
        .await?;
    Ok(())
}

/// Whether the class and the subject both exist in the school.
pub async fn class_and_subject_exist(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
    subject_id: i64,
) -> Result<bool, sqlx::Error> {
    let found: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM classes WHERE school_id = $1 AND id = $2) \
              + (SELECT COUNT(*) FROM subjects WHERE school_id = $1 AND id = $3)",
    )
    .bind(scope.school_id())
    .bind(class_id)
    .bind(subject_id)
    .fetch_one(e)
    .await?;
    Ok(found == 2)
}

/// Whether the user teaches the subject to the class in the period (an assignment for the
/// whole year or for that period).
pub async fn teaches(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    teacher_id: i64,
    class_id: i64,
    subject_id: i64,
    period_id: i64,
) -> Result<bool, sqlx::Error> {
    let found: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM teaching_assignments WHERE school_id = $1 AND teacher_id = $2 \
         AND class_id = $3 AND subject_id = $4 AND (period_id IS NULL OR period_id = $5)",
    )
    .bind(scope.school_id())
    .bind(teacher_id)
    .bind(class_id)
    .bind(subject_id)
    .bind(period_id)
    .fetch_one(e)
    .await?;
    Ok(found > 0)
}

/// The ids of the students now in the class.
pub async fn class_student_ids(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM students WHERE school_id = $1 AND class_id = $2 ORDER BY id")
        .bind(scope.school_id())
        .bind(class_id)
        .fetch_all(e)
        .await
}

/// A stored mark: points or a code.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MarkRow {
    pub assessment_id: i64,
    pub student_id: i64,
    pub points_hundredths: Option<i64>,
    pub code: Option<String>,
}

/// The marks of one assessment.
pub async fn marks_of(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    assessment_id: i64,
) -> Result<Vec<MarkRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT assessment_id, student_id, points_hundredths, code FROM marks \
         WHERE school_id = $1 AND assessment_id = $2 ORDER BY student_id",
    )
    .bind(scope.school_id())
    .bind(assessment_id)
    .fetch_all(e)
    .await
}

/// The marks of every assessment of a class in a subject and period (one query).
pub async fn gradebook_marks(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
    subject_id: i64,
    period_id: i64,
) -> Result<Vec<MarkRow>, sqlx::Error> {
    // `CROSS JOIN` keeps SQLite on the assessments first (a handful, by index), then each
    // one's marks by primary key; with a plain join and no statistics it walks every mark of
    // the school (docs/BENCHMARKS.md, "Gradebook"). PostgreSQL plans it as any inner join.
    sqlx::query_as(
        "SELECT m.assessment_id, m.student_id, m.points_hundredths, m.code FROM assessments a \
         CROSS JOIN marks m \
         WHERE a.school_id = $1 AND a.class_id = $2 AND a.subject_id = $3 AND a.period_id = $4 \
         AND m.school_id = a.school_id AND m.assessment_id = a.id \
         ORDER BY m.student_id, a.date, a.id",
    )
    .bind(scope.school_id())
    .bind(class_id)
    .bind(subject_id)
    .bind(period_id)
    .fetch_all(e)
    .await
}

/// Inserts or replaces marks of one assessment, in batches of [`MARK_BATCH`] rows.
pub async fn upsert_marks(
    tx: &mut crate::db::Tx,
    scope: SchoolScope,
    assessment_id: i64,
    marks: &[MarkRow],
    now_ms: i64,
    updated_by: i64,
) -> Result<(), sqlx::Error> {
    for chunk in marks.chunks(MARK_BATCH) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = 5 + i * 3;
                format!("($1, $2, ${b}, ${}, ${}, $3, $4)", b + 1, b + 2)
            })
            .collect();
        let sql = format!(
            "INSERT INTO marks (school_id, assessment_id, student_id, points_hundredths, code, \
             updated_at, updated_by) VALUES {} ON CONFLICT (school_id, assessment_id, student_id) \
             DO UPDATE SET points_hundredths = excluded.points_hundredths, code = excluded.code, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            values.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql))
            .bind(scope.school_id())
            .bind(assessment_id)
            .bind(now_ms)
            .bind(updated_by);
        for m in chunk {
            query = query
                .bind(m.student_id)
                .bind(m.points_hundredths)
                .bind(m.code.clone());
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Removes the marks of some students on one assessment (cleared cells), in one statement per
/// batch.
pub async fn delete_marks(
    tx: &mut crate::db::Tx,
    scope: SchoolScope,
    assessment_id: i64,
    student_ids: &[i64],
) -> Result<(), sqlx::Error> {
    for chunk in student_ids.chunks(MARK_BATCH) {
        let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 3)).collect();
        let sql = format!(
            "DELETE FROM marks WHERE school_id = $1 AND assessment_id = $2 AND student_id IN ({})",
            list.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql))
            .bind(scope.school_id())
            .bind(assessment_id);
        for id in chunk {
            query = query.bind(*id);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The bounds (`starts_on`, `ends_on`) of a period of the class's academic year; `None` when
/// the period is not one of that year's.
pub async fn period_bounds_for_class(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    period_id: i64,
    class_id: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.starts_on, p.ends_on FROM periods p \
         JOIN classes c ON c.school_id = p.school_id AND c.year_id = p.year_id \
         WHERE p.school_id = $1 AND p.id = $2 AND c.id = $3",
    )
    .bind(scope.school_id())
    .bind(period_id)
    .bind(class_id)
    .fetch_optional(e)
    .await
}

// ---- results: a class over a period or a year ------------------------------------------------

/// A class with the year it belongs to, for the results.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ResultsClass {
    pub id: i64,
    pub name: String,
    pub year_id: i64,
    pub level_name: String,
    pub main_teacher_id: Option<i64>,
}

pub async fn results_class(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
) -> Result<Option<ResultsClass>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.name, c.year_id, l.name AS level_name, c.main_teacher_id FROM classes c \
         JOIN levels l ON l.school_id = c.school_id AND l.id = c.level_id \
         WHERE c.school_id = $1 AND c.id = $2",
    )
    .bind(scope.school_id())
    .bind(class_id)
    .fetch_optional(e)
    .await
}

/// A student listed in a class's results.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ResultsStudent {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
}

/// The students of a class between two dates (ISO, inclusive): those enrolled in it at some
/// point of the span, and those in it now. Ordered by name.
pub async fn results_students(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
    starts_on: &str,
    ends_on: &str,
) -> Result<Vec<ResultsStudent>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.first_name, s.last_name FROM students s \
         WHERE s.school_id = $1 AND s.id IN ( \
            SELECT id FROM students WHERE school_id = $1 AND class_id = $2 \
            UNION \
            SELECT student_id FROM enrolments WHERE school_id = $1 AND class_id = $2 \
              AND starts_on <= $4 AND (ends_on IS NULL OR ends_on >= $3)) \
         ORDER BY s.last_name, s.first_name, s.id",
    )
    .bind(scope.school_id())
    .bind(class_id)
    .bind(starts_on)
    .bind(ends_on)
    .fetch_all(e)
    .await
}

/// The class a student was in on a date (the latest enrolment that covers it), else the class
/// they are in now.
pub async fn student_class_on(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    student_id: i64,
    date: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT class_id FROM ( \
            SELECT class_id, 0 AS pref, starts_on FROM enrolments \
              WHERE school_id = $1 AND student_id = $2 AND starts_on <= $3 \
                AND (ends_on IS NULL OR ends_on >= $3) \
            UNION ALL \
            SELECT class_id, 1 AS pref, '' AS starts_on FROM students \
              WHERE school_id = $1 AND id = $2 AND class_id IS NOT NULL) x \
         ORDER BY pref, starts_on DESC LIMIT 1",
    )
    .bind(scope.school_id())
    .bind(student_id)
    .bind(date)
    .fetch_optional(e)
    .await
}

/// A subject as the results show it, with its group.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ResultsSubject {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub color: String,
    pub position: i64,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub group_position: Option<i64>,
}

/// Every subject of the school (a school has tens, not thousands), in display order.
pub async fn results_subjects(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<Vec<ResultsSubject>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.code, s.name, s.color, s.position, s.group_id, g.name AS group_name, \
         g.position AS group_position FROM subjects s \
         LEFT JOIN subject_groups g ON g.school_id = s.school_id AND g.id = s.group_id \
         WHERE s.school_id = $1 ORDER BY s.position, s.name, s.id",
    )
    .bind(scope.school_id())
    .fetch_all(e)
    .await
}

/// The assessments of a class in the given periods, by subject and date. `published_by`:
/// only those published on or before that date (what students and parents see).
pub async fn results_assessments(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
    period_ids: &[i64],
    published_by: Option<&str>,
) -> Result<Vec<AssessmentRow>, sqlx::Error> {
    if period_ids.is_empty() {
        return Ok(Vec::new());
    }
    let periods = placeholders_from(4, period_ids.len());
    let sql = format!(
        "SELECT {ASSESSMENT_COLUMNS} FROM assessments \
         WHERE school_id = $1 AND class_id = $2 AND ($3 = '' OR (published_on IS NOT NULL AND published_on <= $3)) \
         AND period_id IN ({periods}) ORDER BY subject_id, date, id"
    );
    let mut q = sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(class_id)
        .bind(published_by.unwrap_or(""));
    for id in period_ids {
        q = q.bind(*id);
    }
    q.fetch_all(e).await
}

/// The marks of a class's assessments in the given periods (one query; filtered like
/// [`results_assessments`]).
pub async fn results_marks(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
    period_ids: &[i64],
    published_by: Option<&str>,
) -> Result<Vec<MarkRow>, sqlx::Error> {
    if period_ids.is_empty() {
        return Ok(Vec::new());
    }
    let periods = placeholders_from(4, period_ids.len());
    // The marks of the class's assessments by primary key (school_id, assessment_id, …): as a
    // join, SQLite without statistics walks every mark of the school instead (20 ms for 40,000
    // marks, half a second for a million; docs/BENCHMARKS.md, "Gradebook").
    let sql = format!(
        "SELECT m.assessment_id, m.student_id, m.points_hundredths, m.code FROM marks m \
         WHERE m.school_id = $1 AND m.assessment_id IN ( \
           SELECT a.id FROM assessments a WHERE a.school_id = $1 AND a.class_id = $2 \
           AND ($3 = '' OR (a.published_on IS NOT NULL AND a.published_on <= $3)) \
           AND a.period_id IN ({periods}))"
    );
    let mut q = sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(class_id)
        .bind(published_by.unwrap_or(""));
    for id in period_ids {
        q = q.bind(*id);
    }
    q.fetch_all(e).await
}

/// `$from, $from+1, …` for `count` binds.
fn placeholders_from(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---- the teacher's gradebook pages ------------------------------------------------------------

/// A class × subject taught in a year, with its number of students and of assessments in a
/// period.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TaughtSubject {
    pub class_id: i64,
    pub class_name: String,
    pub level_name: String,
    pub students: i64,
    pub subject_id: i64,
    pub subject_name: String,
    pub subject_color: String,
    pub assessments: i64,
}

/// The classes × subjects of a year with a teaching assignment covering the period: every
/// one, or (with `teacher_id`) that teacher's. Ordered by level, class, subject.
pub async fn taught_subjects(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    year_id: i64,
    period_id: i64,
    teacher_id: Option<i64>,
) -> Result<Vec<TaughtSubject>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id AS class_id, c.name AS class_name, l.name AS level_name, \
           (SELECT COUNT(*) FROM students st WHERE st.school_id = c.school_id AND st.class_id = c.id) AS students, \
           s.id AS subject_id, s.name AS subject_name, s.color AS subject_color, \
           (SELECT COUNT(*) FROM assessments a WHERE a.school_id = c.school_id AND a.class_id = c.id \
              AND a.subject_id = s.id AND a.period_id = $3) AS assessments, \
           l.position AS level_position, s.position AS subject_position \
         FROM classes c \
         JOIN levels l ON l.school_id = c.school_id AND l.id = c.level_id \
         JOIN subjects s ON s.school_id = c.school_id \
         WHERE c.school_id = $1 AND c.year_id = $2 AND EXISTS ( \
           SELECT 1 FROM teaching_assignments ta WHERE ta.school_id = c.school_id \
             AND ta.class_id = c.id AND ta.subject_id = s.id \
             AND (ta.period_id IS NULL OR ta.period_id = $3) \
             AND ($4 = 0 OR ta.teacher_id = $4)) \
         ORDER BY level_position, class_name, class_id, subject_position, subject_name",
    )
    .bind(scope.school_id())
    .bind(year_id)
    .bind(period_id)
    .bind(teacher_id.unwrap_or(0))
    .fetch_all(e)
    .await
}

/// The students now in a class (those whose marks can be entered), ordered by name.
pub async fn class_students(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    class_id: i64,
) -> Result<Vec<ResultsStudent>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, first_name, last_name FROM students WHERE school_id = $1 AND class_id = $2 \
         ORDER BY last_name, first_name, id",
    )
    .bind(scope.school_id())
    .bind(class_id)
    .fetch_all(e)
    .await
}
