//! SQL for the audit trail: the chain head, the rows, the page and export queries, and the
//! PostgreSQL partitions.

use crate::db::{Bind, bind_all};
use sqlx::{Any, AnyConnection, AssertSqlSafe, Executor};

use super::model::{AuditFilter, AuditListRow, AuditRow, GENESIS_HASH};
use crate::{
    db::{Backend, Db},
    schools::SchoolScope,
};

/// Locks the chain head of a school (creating it at the first event) and advances it.
/// Returns the new row's seq and the previous hash. The row lock is held until the
/// transaction ends, so writers of one school queue here (PostgreSQL); SQLite has one writer.
pub async fn advance_head(
    conn: &mut AnyConnection,
    school_id: i64,
) -> Result<(i64, String), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_heads (school_id, seq, hash) VALUES ($1, 0, $2) \
         ON CONFLICT (school_id) DO NOTHING",
    )
    .bind(school_id)
    .bind(GENESIS_HASH)
    .execute(&mut *conn)
    .await?;
    sqlx::query_as("UPDATE audit_heads SET seq = seq + 1 WHERE school_id = $1 RETURNING seq, hash")
        .bind(school_id)
        .fetch_one(&mut *conn)
        .await
}

pub async fn set_head_hash(
    conn: &mut AnyConnection,
    school_id: i64,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE audit_heads SET hash = $2 WHERE school_id = $1")
        .bind(school_id)
        .bind(hash)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Inserts a row whose seq, prev_hash and hash are already computed; `id` is ignored.
pub async fn insert(conn: &mut AnyConnection, row: &AuditRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (school_id, seq, at, user_id, action, resource_type, resource_id, \
         details, ip, user_agent, request_id, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(row.school_id)
    .bind(row.seq)
    .bind(row.at)
    .bind(row.user_id)
    .bind(&row.action)
    .bind(&row.resource_type)
    .bind(&row.resource_id)
    .bind(&row.details)
    .bind(&row.ip)
    .bind(&row.user_agent)
    .bind(&row.request_id)
    .bind(&row.prev_hash)
    .bind(&row.hash)
    .execute(conn)
    .await
    .map(|_| ())
}

const ROW_COLUMNS: &str = "id, school_id, seq, at, user_id, action, resource_type, resource_id, \
     details, ip, user_agent, request_id, prev_hash, hash";

/// Every chain: the schools with rows or a head. For `audit verify` (operator authority).
pub async fn chains(e: impl Executor<'_, Database = Any>) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT school_id FROM audit_heads UNION SELECT DISTINCT school_id FROM audit_log \
         ORDER BY 1",
    )
    .fetch_all(e)
    .await
}

/// A chain's head: (seq, hash), if the chain has one.
pub async fn head(
    e: impl Executor<'_, Database = Any>,
    school_id: i64,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT seq, hash FROM audit_heads WHERE school_id = $1")
        .bind(school_id)
        .fetch_optional(e)
        .await
}

/// Up to `limit` rows of a chain after `after_seq`, in chain order.
pub async fn chain_rows(
    e: impl Executor<'_, Database = Any>,
    school_id: i64,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<AuditRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM audit_log WHERE school_id = $1 AND seq > $2 \
         ORDER BY seq, id LIMIT {limit}"
    );
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(school_id)
        .bind(after_seq)
        .fetch_all(e)
        .await
}

/// The WHERE clause of a filter (constant fragments, numbered placeholders) and its binds;
/// `$1` is the school.
fn filter_where(filter: &AuditFilter, first: usize) -> (String, Vec<Bind>) {
    let mut sql = String::from("a.school_id = $1");
    let mut binds = Vec::new();
    let mut push = |sql: &mut String, fragment: &str, bind: Bind| {
        binds.push(bind);
        sql.push_str(&fragment.replace("{}", &format!("${}", first + binds.len())));
    };
    if let Some(username) = &filter.username {
        push(
            &mut sql,
            " AND a.user_id IN (SELECT id FROM users WHERE username = {})",
            Bind::Text(username.clone()),
        );
    }
    if let Some(action) = filter.action {
        push(
            &mut sql,
            " AND a.action = {}",
            Bind::Text(action.as_str().into()),
        );
    }
    if let Some(resource) = filter.resource_type {
        push(
            &mut sql,
            " AND a.resource_type = {}",
            Bind::Text(resource.as_str().into()),
        );
    }
    if let Some(from) = filter.from_ms {
        push(&mut sql, " AND a.at >= {}", Bind::Int(from));
    }
    if let Some(to) = filter.to_ms {
        push(&mut sql, " AND a.at < {}", Bind::Int(to));
    }
    (sql, binds)
}

const LIST_COLUMNS: &str = "a.id, a.seq, a.at, a.user_id, u.username, a.action, \
     a.resource_type, a.resource_id, a.details, a.ip, a.user_agent, a.request_id, a.hash";

/// One page of the school's audit rows, newest first, and the total matching.
pub async fn list(
    db: &Db,
    scope: SchoolScope,
    filter: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AuditListRow>, i64), sqlx::Error> {
    let (where_sql, binds) = filter_where(filter, 1);
    let sql = format!(
        "SELECT {LIST_COLUMNS} FROM audit_log a LEFT JOIN users u ON u.id = a.user_id \
         WHERE {where_sql} ORDER BY a.at DESC, a.id DESC LIMIT {limit} OFFSET {offset}"
    );
    let query = sqlx::query_as::<_, AuditListRow>(AssertSqlSafe(sql)).bind(scope.school_id());
    let rows = bind_all!(query, &binds).fetch_all(&db.pool).await?;
    let count_sql = format!("SELECT COUNT(*) FROM audit_log a WHERE {where_sql}");
    let count = sqlx::query_scalar::<_, i64>(AssertSqlSafe(count_sql)).bind(scope.school_id());
    let total = bind_all!(count, &binds).fetch_one(&db.pool).await?;
    Ok((rows, total))
}

/// The next `limit` rows of an export, newest first, strictly older than the `before` cursor
/// (`at`, `id`) of the previous batch. Keyset paging: each batch is a short query, so a slow
/// download holds no connection.
pub async fn export_batch(
    db: &Db,
    scope: SchoolScope,
    filter: &AuditFilter,
    before: Option<(i64, i64)>,
    limit: i64,
) -> Result<Vec<AuditListRow>, sqlx::Error> {
    let (mut where_sql, binds) = filter_where(filter, 1);
    let n = binds.len() + 2;
    if before.is_some() {
        where_sql.push_str(&format!(
            " AND (a.at < ${n} OR (a.at = ${n} AND a.id < ${}))",
            n + 1
        ));
    }
    let sql = format!(
        "SELECT {LIST_COLUMNS} FROM audit_log a LEFT JOIN users u ON u.id = a.user_id \
         WHERE {where_sql} ORDER BY a.at DESC, a.id DESC LIMIT {limit}"
    );
    let query = sqlx::query_as::<_, AuditListRow>(AssertSqlSafe(sql)).bind(scope.school_id());
    let mut query = bind_all!(query, &binds);
    if let Some((at, id)) = before {
        query = query.bind(at).bind(id);
    }
    query.fetch_all(&db.pool).await
}

/// Creates the monthly partitions of `audit_log` for `months` months from the month of
/// `from_ms` (PostgreSQL; SQLite has no partitions). Returns how many were created.
pub async fn ensure_partitions(db: &Db, from_ms: i64, months: i64) -> Result<i64, sqlx::Error> {
    if db.backend != Backend::Postgres {
        return Ok(0);
    }
    let day = jiff::Timestamp::from_millisecond(from_ms)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
        .unwrap_or_else(|_| "2026-01-01".into());
    sqlx::query_scalar("SELECT audit_log_create_partitions(CAST($1 AS DATE), CAST($2 AS INTEGER))")
        .bind(day)
        .bind(months)
        .fetch_one(&db.pool)
        .await
}
