//! SQL for users and memberships.

use sqlx::{Any, AssertSqlSafe, Executor};

use super::model::{Role, Theme};
use crate::schools::SchoolScope;

/// What login needs to know about an account.
#[derive(Debug, sqlx::FromRow)]
pub struct LoginRow {
    pub id: i64,
    pub password_hash: String,
    /// 1 when the account is disabled.
    pub disabled: i64,
    pub is_platform_admin: i64,
    pub failed_logins: i64,
    pub last_failed_login_at: Option<i64>,
}

pub async fn find_login(
    e: impl Executor<'_, Database = Any>,
    username: &str,
) -> Result<Option<LoginRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, password_hash, disabled, is_platform_admin, failed_logins, last_failed_login_at \
         FROM users WHERE username = $1",
    )
    .bind(username)
    .fetch_optional(e)
    .await
}

pub async fn username_of(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT username FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(e)
        .await
}

pub async fn password_hash(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(e)
        .await
}

pub async fn record_failed_login(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET failed_logins = failed_logins + 1, last_failed_login_at = $2 WHERE id = $1")
        .bind(user_id)
        .bind(now_ms)
        .execute(e)
        .await
        .map(|_| ())
}

pub async fn reset_failed_logins(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET failed_logins = 0, last_failed_login_at = NULL WHERE id = $1 AND failed_logins <> 0")
        .bind(user_id)
        .execute(e)
        .await
        .map(|_| ())
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub email: Option<&'a str>,
    pub password_hash: &'a str,
    pub is_platform_admin: bool,
}

pub async fn insert_user(
    e: impl Executor<'_, Database = Any>,
    u: &NewUser<'_>,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (username, display_name, email, password_hash, is_platform_admin, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(u.username)
    .bind(u.display_name)
    .bind(u.email)
    .bind(u.password_hash)
    .bind(i64::from(u.is_platform_admin))
    .bind(now_ms)
    .fetch_one(e)
    .await
}

/// Grants a role; `false` when it was already held.
pub async fn add_role(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    user_id: i64,
    role: Role,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "INSERT INTO memberships (school_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(scope.school_id())
    .bind(user_id)
    .bind(role.as_str())
    .bind(now_ms)
    .execute(e)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// The user's roles in the scoped school.
pub async fn roles_in(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    user_id: i64,
) -> Result<Vec<Role>, sqlx::Error> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT role FROM memberships WHERE school_id = $1 AND user_id = $2 ORDER BY role",
    )
    .bind(scope.school_id())
    .bind(user_id)
    .fetch_all(e)
    .await?;
    Ok(rows.iter().filter_map(|r| Role::parse(r)).collect())
}

/// The first school the user belongs to, used as the session's school at login.
pub async fn first_school_of(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT MIN(m.school_id) FROM memberships m JOIN schools s ON s.id = m.school_id \
         WHERE m.user_id = $1 AND s.disabled = 0",
    )
    .bind(user_id)
    .fetch_one(e)
    .await
}

/// Whether the user belongs to any school, enabled or not.
pub async fn has_membership(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(e)
        .await?;
    Ok(n > 0)
}

/// A member row for the users page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub disabled: i64,
    /// Comma-separated role codes, sorted.
    pub roles: String,
}

impl MemberRow {
    pub fn is_disabled(&self) -> bool {
        self.disabled != 0
    }

    pub fn roles(&self) -> Vec<Role> {
        self.roles.split(',').filter_map(Role::parse).collect()
    }
}

/// Orders of the member list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MemberSort {
    #[default]
    DisplayName,
    DisplayNameDesc,
    Username,
    UsernameDesc,
}

impl MemberSort {
    /// `display_name`, `-display_name`, `username`, `-username`.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "display_name" => Some(Self::DisplayName),
            "-display_name" => Some(Self::DisplayNameDesc),
            "username" => Some(Self::Username),
            "-username" => Some(Self::UsernameDesc),
            _ => None,
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            Self::DisplayName => "u.display_name, u.id",
            Self::DisplayNameDesc => "u.display_name DESC, u.id DESC",
            Self::Username => "u.username, u.id",
            Self::UsernameDesc => "u.username DESC, u.id DESC",
        }
    }
}

/// Filters for the member list.
#[derive(Debug, Clone, Default)]
pub struct MemberFilter {
    pub sort: MemberSort,
    pub role: Option<Role>,
    /// Matches the start of the username or any part of the display name, case-insensitively.
    pub search: Option<String>,
}

/// The `string_agg`/`group_concat` difference is the one dialect split here; see db/mod.rs.
fn roles_aggregate(backend: crate::db::Backend) -> &'static str {
    match backend {
        crate::db::Backend::Sqlite => "group_concat(m.role, ',')",
        crate::db::Backend::Postgres => "string_agg(m.role, ',' ORDER BY m.role)",
    }
}

fn member_where(filter: &MemberFilter) -> (String, Vec<String>) {
    let mut sql = String::from("m.school_id = $1");
    let mut binds = Vec::new();
    if let Some(role) = filter.role {
        binds.push(role.as_str().to_owned());
        sql.push_str(&format!(
            " AND u.id IN (SELECT user_id FROM memberships WHERE school_id = $1 AND role = ${})",
            binds.len() + 1
        ));
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
        binds.push(format!("{escaped}%"));
        binds.push(format!("%{escaped}%"));
        sql.push_str(&format!(
            " AND (u.username LIKE ${} ESCAPE '\\' OR lower(u.display_name) LIKE ${} ESCAPE '\\')",
            binds.len(),
            binds.len() + 1
        ));
    }
    (sql, binds)
}

/// One page of the school's members, ordered by display name, and the total matching.
pub async fn list_members(
    db: &crate::db::Db,
    scope: SchoolScope,
    filter: &MemberFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<MemberRow>, i64), sqlx::Error> {
    let (where_sql, binds) = member_where(filter);
    let sql = format!(
        "SELECT u.id, u.username, u.display_name, u.email, u.disabled, {agg} AS roles \
         FROM users u JOIN memberships m ON m.user_id = u.id WHERE {where_sql} \
         GROUP BY u.id, u.username, u.display_name, u.email, u.disabled \
         ORDER BY {order} LIMIT {limit} OFFSET {offset}",
        order = filter.sort.order_by(),
        agg = roles_aggregate(db.backend),
    );
    let mut query = sqlx::query_as::<_, MemberRow>(AssertSqlSafe(sql)).bind(scope.school_id());
    for b in &binds {
        query = query.bind(b);
    }
    let rows = query.fetch_all(&db.pool).await?;
    let count_sql = format!(
        "SELECT COUNT(DISTINCT u.id) FROM users u JOIN memberships m ON m.user_id = u.id WHERE {where_sql}"
    );
    let mut count = sqlx::query_scalar::<_, i64>(AssertSqlSafe(count_sql)).bind(scope.school_id());
    for b in &binds {
        count = count.bind(b);
    }
    let total = count.fetch_one(&db.pool).await?;
    Ok((rows, total))
}

/// Whether the user holds any role in the scoped school.
pub async fn is_member(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE school_id = $1 AND user_id = $2",
    )
    .bind(scope.school_id())
    .bind(user_id)
    .fetch_one(e)
    .await?;
    Ok(n > 0)
}

pub async fn set_disabled(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
    disabled: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET disabled = $2 WHERE id = $1")
        .bind(user_id)
        .bind(i64::from(disabled))
        .execute(e)
        .await
        .map(|_| ())
}

pub async fn set_password_hash(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $2, failed_logins = 0, last_failed_login_at = NULL WHERE id = $1")
        .bind(user_id)
        .bind(hash)
        .execute(e)
        .await
        .map(|_| ())
}

pub async fn set_locale(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
    locale: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET locale = $2 WHERE id = $1")
        .bind(user_id)
        .bind(locale)
        .execute(e)
        .await
        .map(|_| ())
}

pub async fn set_theme(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
    theme: Theme,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET theme = $2 WHERE id = $1")
        .bind(user_id)
        .bind(theme.as_str())
        .execute(e)
        .await
        .map(|_| ())
}

/// Whether the account exists and is not disabled.
pub async fn is_enabled(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE id = $1 AND disabled = 0")
        .bind(user_id)
        .fetch_one(e)
        .await?;
    Ok(n == 1)
}

/// One member of the school, as the list shows it; `None` when not a member.
pub async fn member(
    db: &crate::db::Db,
    scope: SchoolScope,
    user_id: i64,
) -> Result<Option<MemberRow>, sqlx::Error> {
    let sql = format!(
        "SELECT u.id, u.username, u.display_name, u.email, u.disabled, {agg} AS roles \
         FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.school_id = $1 AND u.id = $2 \
         GROUP BY u.id, u.username, u.display_name, u.email, u.disabled",
        agg = roles_aggregate(db.backend),
    );
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(scope.school_id())
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await
}

/// Display name and e-mail, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Profile {
    pub display_name: String,
    pub email: Option<String>,
}

pub async fn profile(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
) -> Result<Profile, sqlx::Error> {
    sqlx::query_as("SELECT display_name, email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(e)
        .await
}

pub async fn set_profile(
    e: impl Executor<'_, Database = Any>,
    user_id: i64,
    p: &Profile,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET display_name = $2, email = $3 WHERE id = $1")
        .bind(user_id)
        .bind(&p.display_name)
        .bind(&p.email)
        .execute(e)
        .await
        .map(|_| ())
}

/// Removes one role; returns whether it was held.
pub async fn remove_role(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    user_id: i64,
    role: Role,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM memberships WHERE school_id = $1 AND user_id = $2 AND role = $3")
        .bind(scope.school_id())
        .bind(user_id)
        .bind(role.as_str())
        .execute(e)
        .await
        .map(|r| r.rows_affected() == 1)
}

/// Memberships of the school, one row per (user, role), optionally for one user or role.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MembershipRow {
    pub user_id: i64,
    pub role: String,
    pub created_at: i64,
}

pub async fn memberships(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    user_id: Option<i64>,
    role: Option<Role>,
    limit: i64,
    offset: i64,
) -> Result<Vec<MembershipRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT user_id, role, created_at FROM memberships \
         WHERE school_id = $1 AND ($2 IS NULL OR user_id = $2) AND ($3 IS NULL OR role = $3) \
         ORDER BY user_id, role LIMIT $4 OFFSET $5",
    )
    .bind(scope.school_id())
    .bind(user_id)
    .bind(role.map(Role::as_str))
    .bind(limit)
    .bind(offset)
    .fetch_all(e)
    .await
}

pub async fn count_memberships(
    e: impl Executor<'_, Database = Any>,
    scope: SchoolScope,
    user_id: Option<i64>,
    role: Option<Role>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships \
         WHERE school_id = $1 AND ($2 IS NULL OR user_id = $2) AND ($3 IS NULL OR role = $3)",
    )
    .bind(scope.school_id())
    .bind(user_id)
    .bind(role.map(Role::as_str))
    .fetch_one(e)
    .await
}
