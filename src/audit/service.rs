//! Audit rules: recording an event in the caller's transaction, verifying the chains, and
//! the CSV export.

use axum::body::Bytes;
use futures_util::Stream;
use sqlx::AnyConnection;

use super::{
    model::{
        AuditCtx, AuditEvent, AuditFilter, AuditListRow, AuditRow, Chained, GENESIS_HASH, mask,
    },
    repo,
};
use crate::{AppState, clock::Clock, db::Db, schools::SchoolScope};

/// Appends an event to its school's chain, inside the transaction of the change it records
/// (pass `&mut tx`). The head row is locked first, so the chain stays linear under
/// concurrent writers; it is released when the caller commits or rolls back.
#[tracing::instrument(skip_all, fields(action = event.action.as_str()))]
pub async fn record(
    conn: &mut AnyConnection,
    clock: &dyn Clock,
    event: &AuditEvent<'_>,
) -> Result<(), sqlx::Error> {
    let school_id = event.school_id();
    let (seq, prev_hash) = repo::advance_head(conn, school_id).await?;
    let mut row = AuditRow {
        id: 0,
        school_id,
        seq,
        at: clock.now_ms(),
        user_id: event.actor.user_id,
        action: event.action.as_str().to_owned(),
        resource_type: event.resource_type.as_str().to_owned(),
        resource_id: event.resource_id.clone(),
        details: mask(event.details.clone()).to_string(),
        ip: event.actor.ip.clone(),
        user_agent: event.actor.user_agent.clone(),
        request_id: event.actor.request_id.clone(),
        prev_hash,
        hash: String::new(),
    };
    row.hash = Chained::of(&row).hash(&row.prev_hash);
    repo::insert(conn, &row).await?;
    repo::set_head_hash(conn, school_id, &row.hash).await
}

/// [`record`] in a transaction of its own, for events with no change around them (a refused
/// request). A failure is logged, not returned: the caller's answer does not depend on it.
pub async fn record_alone(state: &AppState, event: &AuditEvent<'_>) {
    let result = async {
        let mut tx = state.db.begin().await?;
        record(&mut tx, state.clock.as_ref(), event).await?;
        tx.commit().await
    }
    .await;
    if let Err(error) = result {
        tracing::error!(?error, action = event.action.as_str(), "audit write failed");
    }
}

/// The result of `eschool audit verify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Intact { rows: u64, chains: u64 },
    Broken(Break),
}

/// The first broken link found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub school_id: i64,
    pub seq: i64,
    /// The row's database id; `None` when the break is a missing row or the head.
    pub id: Option<i64>,
    pub problem: String,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "school {}, seq {}", self.school_id, self.seq)?;
        if let Some(id) = self.id {
            write!(f, ", id {id}")?;
        }
        write!(f, ": {}", self.problem)
    }
}

/// Walks every chain in seq order: each row must have the next seq, link to the previous
/// row's hash, and hash to what it stores; the head must name the last row.
pub async fn verify(db: &Db) -> Result<Verification, sqlx::Error> {
    const BATCH: i64 = 1_000;
    let mut total_rows = 0;
    let chains = repo::chains(&db.pool).await?;
    for &school_id in &chains {
        let broken = |seq, id, problem: String| {
            Ok(Verification::Broken(Break {
                school_id,
                seq,
                id,
                problem,
            }))
        };
        let mut last_seq = 0;
        let mut last_hash = GENESIS_HASH.to_owned();
        loop {
            let rows = repo::chain_rows(&db.pool, school_id, last_seq, BATCH).await?;
            let done = i64::try_from(rows.len()).unwrap_or(i64::MAX) < BATCH;
            for row in rows {
                if row.seq != last_seq + 1 {
                    let problem = if row.seq == last_seq {
                        "seq appears twice".to_owned()
                    } else {
                        format!("row with seq {} is missing", last_seq + 1)
                    };
                    return broken(last_seq + 1, Some(row.id), problem);
                }
                if row.prev_hash != last_hash {
                    return broken(
                        row.seq,
                        Some(row.id),
                        format!(
                            "prev_hash {} does not match the previous row's hash {last_hash}",
                            row.prev_hash
                        ),
                    );
                }
                let computed = Chained::of(&row).hash(&row.prev_hash);
                if computed != row.hash {
                    return broken(
                        row.seq,
                        Some(row.id),
                        format!(
                            "stored hash {} differs from the hash of the row's contents {computed} \
                             (the row was edited)",
                            row.hash
                        ),
                    );
                }
                last_seq = row.seq;
                last_hash = row.hash;
                total_rows += 1;
            }
            if done {
                break;
            }
        }
        match repo::head(&db.pool, school_id).await? {
            Some((seq, hash)) if seq == last_seq && hash == last_hash => {}
            Some((seq, _)) if seq > last_seq => {
                return broken(
                    last_seq + 1,
                    None,
                    format!(
                        "rows {} to {seq} are missing (the head says {seq})",
                        last_seq + 1
                    ),
                );
            }
            Some((seq, hash)) => {
                return broken(
                    last_seq,
                    None,
                    format!("the head (seq {seq}, hash {hash}) does not match the last row"),
                );
            }
            None => return broken(last_seq, None, "the chain has no head row".to_owned()),
        }
    }
    Ok(Verification::Intact {
        rows: total_rows,
        chains: u64::try_from(chains.len()).unwrap_or(u64::MAX),
    })
}

/// Records the export, then streams the matching rows as CSV, newest first, in batches.
pub async fn export_csv(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    filter: AuditFilter,
    tz: jiff::tz::TimeZone,
) -> Result<impl Stream<Item = Result<Bytes, std::io::Error>> + use<>, sqlx::Error> {
    let mut tx = state.db.begin().await?;
    record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: Some(scope),
            actor,
            action: super::model::AuditAction::AuditExport,
            resource_type: super::model::ResourceType::AuditLog,
            resource_id: None,
            details: filter_details(&filter),
        },
    )
    .await?;
    tx.commit().await?;

    struct Cursor {
        db: Db,
        scope: SchoolScope,
        filter: AuditFilter,
        tz: jiff::tz::TimeZone,
        before: Option<(i64, i64)>,
        header: bool,
        done: bool,
    }
    let start = Cursor {
        db: state.db.clone(),
        scope,
        filter,
        tz,
        before: None,
        header: true,
        done: false,
    };
    Ok(futures_util::stream::unfold(start, |mut c| async move {
        if c.header {
            c.header = false;
            return Some((Ok(Bytes::from_static(CSV_HEADER.as_bytes())), c));
        }
        if c.done {
            return None;
        }
        const BATCH: i64 = 500;
        match repo::export_batch(&c.db, c.scope, &c.filter, c.before, BATCH).await {
            Ok(rows) => {
                c.done = i64::try_from(rows.len()).unwrap_or(i64::MAX) < BATCH;
                c.before = rows.last().map(|r| (r.at, r.id));
                if rows.is_empty() {
                    return None;
                }
                let mut out = String::new();
                for row in &rows {
                    csv_line(&mut out, row, &c.tz);
                }
                Some((Ok(Bytes::from(out)), c))
            }
            Err(e) => {
                tracing::error!(error = ?e, "audit export failed");
                c.done = true;
                Some((Err(std::io::Error::other("audit export failed")), c))
            }
        }
    }))
}

const CSV_HEADER: &str = "time,seq,user_id,username,action,resource_type,resource_id,details,\
                          ip,user_agent,request_id,hash\r\n";

/// The filters, as recorded in the export's audit row.
fn filter_details(f: &AuditFilter) -> serde_json::Value {
    serde_json::json!({
        "format": "csv",
        "username": f.username,
        "action": f.action.map(|a| a.as_str()),
        "resource_type": f.resource_type.map(|r| r.as_str()),
        "from_ms": f.from_ms,
        "to_ms": f.to_ms,
    })
}

/// A time in the school's zone, to the second, with its offset (RFC 3339).
pub fn format_time(ms: i64, tz: &jiff::tz::TimeZone, with_offset: bool) -> String {
    match jiff::Timestamp::from_millisecond(ms) {
        Ok(t) => {
            let z = t.to_zoned(tz.clone());
            if with_offset {
                z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
            } else {
                z.strftime("%Y-%m-%d %H:%M:%S").to_string()
            }
        }
        Err(_) => ms.to_string(),
    }
}

fn csv_line(out: &mut String, r: &AuditListRow, tz: &jiff::tz::TimeZone) {
    let fields = [
        format_time(r.at, tz, true),
        r.seq.to_string(),
        r.user_id.map(|u| u.to_string()).unwrap_or_default(),
        r.username.clone().unwrap_or_default(),
        r.action.clone(),
        r.resource_type.clone(),
        r.resource_id.clone().unwrap_or_default(),
        r.details.clone(),
        r.ip.clone().unwrap_or_default(),
        r.user_agent.clone().unwrap_or_default(),
        r.request_id.clone().unwrap_or_default(),
        r.hash.clone(),
    ];
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, field);
    }
    out.push_str("\r\n");
}

/// RFC 4180 quoting; a cell that a spreadsheet would run as a formula gets a leading `'`.
fn csv_field(out: &mut String, value: &str) {
    let formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let needs_quotes = formula || value.contains([',', '"', '\n', '\r']);
    if !needs_quotes {
        out.push_str(value);
        return;
    }
    out.push('"');
    if formula {
        out.push('\'');
    }
    out.push_str(&value.replace('"', "\"\""));
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        let mut out = String::new();
        csv_field(&mut out, "plain");
        out.push('|');
        csv_field(&mut out, "a,\"b\"\nc");
        out.push('|');
        csv_field(&mut out, "=cmd()");
        assert_eq!(out, "plain|\"a,\"\"b\"\"\nc\"|\"'=cmd()\"");
    }

    #[test]
    fn times_are_shown_in_the_school_zone() {
        let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        let ms = 1_795_939_200_000; // 2026-11-29T08:00:00Z
        assert_eq!(format_time(ms, &tz, false), "2026-11-29 09:00:00");
        assert_eq!(format_time(ms, &tz, true), "2026-11-29T09:00:00+01:00");
    }
}
