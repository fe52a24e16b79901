//! SQL for schools. The only file that reads or writes the `schools` table.

use sqlx::{Any, AssertSqlSafe, Executor};

use super::model::{AnnualMode, AverageMode, PeriodKind, School, SchoolScope, SchoolSettings};
use crate::web::i18n::Lang;

#[derive(sqlx::FromRow)]
struct SchoolRow {
    id: i64,
    code: String,
    name: String,
    locale: String,
    timezone: String,
    currency: String,
    color: String,
    period_kind: String,
    average_mode: String,
    grade_decimals: i64,
    show_ranks: i64,
    annual_mode: String,
    appreciation_max_chars: i64,
    disabled: i64,
}

impl From<SchoolRow> for School {
    fn from(r: SchoolRow) -> Self {
        School {
            id: r.id,
            code: r.code,
            name: r.name,
            locale: Lang::parse(&r.locale).unwrap_or_default(),
            timezone: r.timezone,
            currency: r.currency,
            color: r.color,
            period_kind: PeriodKind::parse(&r.period_kind).unwrap_or(PeriodKind::Trimester),
            average_mode: AverageMode::parse(&r.average_mode).unwrap_or(AverageMode::Normalized),
            grade_decimals: r.grade_decimals,
            show_ranks: r.show_ranks != 0,
            annual_mode: AnnualMode::from_setting(&r.annual_mode)
                .unwrap_or(AnnualMode::MeanOfPeriods),
            appreciation_max_chars: r.appreciation_max_chars,
            disabled: r.disabled != 0,
        }
    }
}

const COLUMNS: &str = "id, code, name, locale, timezone, currency, color, period_kind, average_mode, grade_decimals, show_ranks, annual_mode, appreciation_max_chars, disabled";

pub async fn count(e: impl Executor<'_, Database = Any>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM schools")
        .fetch_one(e)
        .await
}

pub async fn get(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
) -> Result<School, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM schools WHERE id = $1");
    let row: SchoolRow = sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .fetch_one(e)
        .await?;
    Ok(row.into())
}

/// A school by its code, for operator commands (`create-admin --school CODE`, demo seeding).
pub async fn find_by_code(
    e: impl Executor<'_, Database = Any>,
    code: &str,
) -> Result<Option<School>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM schools WHERE code = $1");
    let row: Option<SchoolRow> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(code)
        .fetch_optional(e)
        .await?;
    Ok(row.map(Into::into))
}

pub async fn insert(
    e: impl Executor<'_, Database = Any>,
    code: &str,
    s: &SchoolSettings,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO schools (code, name, locale, timezone, currency, color, period_kind, \
         average_mode, grade_decimals, show_ranks, annual_mode, appreciation_max_chars, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(code)
    .bind(&s.name)
    .bind(s.locale.code())
    .bind(&s.timezone)
    .bind(&s.currency)
    .bind(&s.color)
    .bind(s.period_kind.as_str())
    .bind(s.average_mode.as_str())
    .bind(s.grade_decimals)
    .bind(i64::from(s.show_ranks))
    .bind(s.annual_mode.as_setting())
    .bind(s.appreciation_max_chars)
    .bind(now_ms)
    .fetch_one(e)
    .await
}

pub async fn update(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    s: &SchoolSettings,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE schools SET name = $2, locale = $3, timezone = $4, currency = $5, color = $6, \
         period_kind = $7, average_mode = $8, grade_decimals = $9, show_ranks = $10, \
         annual_mode = $11, appreciation_max_chars = $12 WHERE id = $1",
    )
    .bind(scope.school_id())
    .bind(&s.name)
    .bind(s.locale.code())
    .bind(&s.timezone)
    .bind(&s.currency)
    .bind(&s.color)
    .bind(s.period_kind.as_str())
    .bind(s.average_mode.as_str())
    .bind(s.grade_decimals)
    .bind(i64::from(s.show_ranks))
    .bind(s.annual_mode.as_setting())
    .bind(s.appreciation_max_chars)
    .execute(e)
    .await
    .map(|_| ())
}

/// Every school, by code: a platform-level list (platform administrators only; callers check).
pub async fn list_all(
    e: impl Executor<'_, Database = Any>,
    limit: i64,
    offset: i64,
) -> Result<Vec<School>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM schools ORDER BY code LIMIT $1 OFFSET $2");
    let rows: Vec<SchoolRow> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(limit)
        .bind(offset)
        .fetch_all(e)
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// A school by id, for platform administrators; `None` when it does not exist.
pub async fn find(
    e: impl Executor<'_, Database = Any>,
    id: i64,
) -> Result<Option<School>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM schools WHERE id = $1");
    let row: Option<SchoolRow> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(e)
        .await?;
    Ok(row.map(Into::into))
}

/// Disables or re-enables a school (platform administrators; callers check).
pub async fn set_disabled(
    e: impl Executor<'_, Database = Any>,
    id: i64,
    disabled: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE schools SET disabled = $2 WHERE id = $1")
        .bind(id)
        .bind(i64::from(disabled))
        .execute(e)
        .await
        .map(|_| ())
}
