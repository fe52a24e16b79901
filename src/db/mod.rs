//! The data layer: one `sqlx::AnyPool` for SQLite or PostgreSQL, one set of queries for both.
//!
//! Rules every repository follows (the reasons are in docs/ARCHITECTURE.md):
//! - placeholders are `$1, $2, …` (both backends accept them);
//! - only portable types cross the boundary: `i64`, `String`, `Option` of those; flags are
//!   `BIGINT` 0/1 (the `Any` driver maps no SQLite `BOOLEAN`);
//!   timestamps are `BIGINT` milliseconds since the epoch, dates ISO `TEXT`, money and marks
//!   integer minor units / hundredths;
//! - DDL lives in `migrations/sqlite` and `migrations/postgres`, one file per step in both;
//! - tenant-owned tables are reached only through functions taking a
//!   [`SchoolScope`](crate::schools::SchoolScope).

use std::{str::FromStr, time::Duration};

use sqlx::{
    Any, AnyPool, Executor,
    any::{AnyConnectOptions, AnyPoolOptions},
    migrate::Migrator,
};

pub type Tx = sqlx::Transaction<'static, Any>;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Self::Postgres)
        } else {
            anyhow::bail!("unsupported database URL scheme (expected sqlite:// or postgres://)")
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// The pool and which backend it talks to.
#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

impl Db {
    /// Connects, creating the SQLite file and its folder if needed. SQLite connections get WAL,
    /// foreign keys and a busy timeout so concurrent writers wait instead of failing.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        if backend == Backend::Sqlite
            && let Some(parent) = sqlite_path(url).and_then(|p| p.parent().map(ToOwned::to_owned))
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(&parent)?;
        }
        let options = AnyConnectOptions::from_str(url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                             PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Self { pool, backend })
    }

    /// Applies every pending migration for this backend.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await?;
        Ok(())
    }

    /// Begins a write transaction. On SQLite it is `BEGIN IMMEDIATE`: the write lock is taken
    /// at once, so a transaction that reads before it writes waits its turn (busy timeout)
    /// instead of failing with "database is locked" when another writer got there first.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// A trivial round trip, for `/readyz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }
}

fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| path.into())
}

/// A value bound to a dynamically built filter (search text, ids, bounds): the WHERE clause
/// numbers its placeholders and keeps these in order, then [`bind_all!`] binds them to any
/// query type (`query`, `query_as`, `query_scalar`).
#[derive(Debug, Clone)]
pub enum Bind {
    Text(String),
    Int(i64),
}

/// Binds every [`Bind`] of a slice, in order, to a query.
macro_rules! bind_all {
    ($query:expr, $binds:expr) => {{
        let mut q = $query;
        for b in $binds {
            q = match b {
                $crate::db::Bind::Text(s) => q.bind(s.clone()),
                $crate::db::Bind::Int(i) => q.bind(*i),
            };
        }
        q
    }};
}
pub(crate) use bind_all;

/// `($1, $2, $3), ($4, $5, $6), …` for a multi-row `INSERT … VALUES`, numbered for both backends.
/// (sqlx's `QueryBuilder` writes `?` for `Any`, which PostgreSQL rejects.)
pub fn values_placeholders(rows: usize, columns: usize) -> String {
    let mut out = String::with_capacity(rows * columns * 5);
    let mut n = 0;
    for row in 0..rows {
        if row > 0 {
            out.push_str(", ");
        }
        out.push('(');
        for col in 0..columns {
            if col > 0 {
                out.push_str(", ");
            }
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        }
        out.push(')');
    }
    out
}

/// Rows per multi-row insert: stays under both backends' bound-parameter limits.
pub fn batch_rows(columns: usize) -> usize {
    (30_000 / columns.max(1)).min(1_000)
}

/// The constraint a write violated, if it was a uniqueness violation. PostgreSQL names the
/// constraint; SQLite names the columns (`table.column`), so callers match on either.
pub fn unique_violation(err: &sqlx::Error) -> Option<String> {
    let db = err.as_database_error()?;
    if !db.is_unique_violation() {
        return None;
    }
    Some(
        db.constraint()
            .map(ToOwned::to_owned)
            .unwrap_or_else(|| db.message().to_owned()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_across_rows() {
        assert_eq!(values_placeholders(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(values_placeholders(1, 1), "($1)");
    }

    #[test]
    fn sqlite_path_is_extracted() {
        assert_eq!(
            sqlite_path("sqlite://data/e.db?mode=rwc"),
            Some("data/e.db".into())
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }

    #[test]
    fn backend_is_chosen_by_scheme() {
        assert_eq!(
            Backend::from_url("postgres://x/y").unwrap(),
            Backend::Postgres
        );
        assert_eq!(Backend::from_url("sqlite://x.db").unwrap(), Backend::Sqlite);
        assert!(Backend::from_url("mysql://x").is_err());
    }
}
