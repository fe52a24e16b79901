//! Imports confirmed on the upload page run in the background: an `import_jobs` row records
//! the job (`running`, then `succeeded` or `failed` with its JSON report), and the page polls
//! it. While a job runs, its progress is kept in memory by the server running it
//! ([`ImportProgress`]): the import is one transaction, and on SQLite that transaction is the
//! only writer, so progress cannot be written to the database meanwhile.

use std::{collections::HashMap, sync::Mutex};

use serde::{Deserialize, Serialize};

use super::{
    ImportReport, Issue, msg, repo,
    store::{self, Import, Mode, Plan},
};
use crate::{AppState, audit::AuditCtx, schools::SchoolScope, web::i18n::Lang};

/// The job kind stored in `import_jobs.kind`.
pub const STUDENTS: &str = "students";

/// After this long without progress on this server, a `running` job was interrupted.
const STALE_MS: i64 = 60 * 60 * 1000;

/// How many changed rows a finished job's report keeps.
const STORED_LINES: usize = 100;

/// Rows done and total of the running jobs of this server, by school and job.
#[derive(Debug, Default)]
pub struct ImportProgress(Mutex<HashMap<(i64, i64), (u64, u64)>>);

impl ImportProgress {
    fn set(&self, key: (i64, i64), done: u64, total: u64) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(key, (done, total));
        }
    }

    fn remove(&self, key: (i64, i64)) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(&key);
        }
    }

    /// `(done, total)` of a job running here.
    pub fn get(&self, scope: SchoolScope, job_id: i64) -> Option<(u64, u64)> {
        self.0
            .lock()
            .ok()
            .and_then(|map| map.get(&(scope.school_id(), job_id)).copied())
    }
}

/// An issue as stored in a job's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredIssue {
    pub line: u64,
    pub column: Option<String>,
    pub message: String,
    pub args: Vec<(String, String)>,
}

/// The argument names messages use (Fluent arguments are `&'static str`).
const ARG_NAMES: [&str; 7] = [
    "value",
    "first_line",
    "max",
    "alias",
    "other",
    "position",
    "guardian",
];

impl From<&Issue> for StoredIssue {
    fn from(issue: &Issue) -> Self {
        StoredIssue {
            line: issue.line,
            column: issue.column.clone(),
            message: issue.message.to_owned(),
            args: issue
                .args
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        }
    }
}

impl StoredIssue {
    /// Back to an [`Issue`] (unknown message ids and arguments are dropped: a report written
    /// by another version).
    pub fn issue(&self) -> Option<Issue> {
        let message = msg::ALL.iter().find(|m| **m == self.message)?;
        Some(Issue {
            line: self.line,
            column: self.column.clone(),
            message,
            args: self
                .args
                .iter()
                .filter_map(|(k, v)| {
                    ARG_NAMES
                        .iter()
                        .find(|n| **n == k.as_str())
                        .map(|n| (*n, v.clone()))
                })
                .collect(),
        })
    }

    pub fn render(&self, lang: Lang) -> String {
        self.issue()
            .map_or_else(|| self.message.clone(), |i| i.render(lang))
    }
}

/// The outcome of a job, stored as JSON in `import_jobs.report`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum JobReport {
    Imported {
        plan: Plan,
    },
    /// A staff, class or assignment file was imported (`structure::import`).
    Structure {
        result: crate::structure::import::store::Outcome,
    },
    /// The file, or its matching against the school, had problems: nothing was imported.
    Invalid {
        issues: Vec<StoredIssue>,
    },
    /// The database failed; nothing was imported (the transaction rolled back).
    Failed,
}

impl JobReport {
    pub fn invalid(report: &ImportReport) -> Self {
        JobReport::Invalid {
            issues: report.issues.iter().map(StoredIssue::from).collect(),
        }
    }
}

/// Starts the import of an uploaded student file in the background; returns the job id.
pub async fn start(
    state: &AppState,
    scope: SchoolScope,
    user_id: i64,
    actor: AuditCtx,
    bytes: Vec<u8>,
    rows: u64,
) -> Result<i64, sqlx::Error> {
    start_job(
        state,
        scope,
        user_id,
        STUDENTS,
        rows,
        move |state, job_id| async move {
            let key = (scope.school_id(), job_id);
            let progress = |done, total| state.imports.set(key, done, total);
            let import = Import {
                scope,
                actor: &actor,
                job_id: Some(job_id),
                mode: Mode::Apply,
            };
            let result = store::import_students(
                &state.db,
                &state.keyring,
                state.clock.as_ref(),
                import,
                &bytes,
                &progress,
            )
            .await;
            match result {
                Ok(Ok(mut plan)) => {
                    // The job page shows the counts; the changed rows are in the audit row.
                    plan.lines.truncate(STORED_LINES);
                    JobReport::Imported { plan }
                }
                Ok(Err(report)) => JobReport::invalid(&report),
                Err(error) => {
                    tracing::error!(%error, job_id, "student import failed");
                    JobReport::Failed
                }
            }
        },
    )
    .await
}

/// Starts a background import of `kind` (any importer: students, staff, structure) with
/// `rows` rows: records the job, runs `work(state, job_id)` — which imports in its own
/// transaction and returns the outcome — and records its end. Returns the job id.
pub async fn start_job<F, Fut>(
    state: &AppState,
    scope: SchoolScope,
    user_id: i64,
    kind: &'static str,
    rows: u64,
    work: F,
) -> Result<i64, sqlx::Error>
where
    F: FnOnce(AppState, i64) -> Fut + Send + 'static,
    Fut: Future<Output = JobReport> + Send,
{
    let now = state.clock.now_ms();
    let total = i64::try_from(rows).unwrap_or(i64::MAX);
    let job_id = repo::insert_job(&state.db.pool, scope, kind, total, user_id, now).await?;
    let key = (scope.school_id(), job_id);
    state.imports.set(key, 0, rows);
    let state = state.clone();
    tokio::spawn(async move {
        let report = work(state.clone(), job_id).await;
        finish(&state, scope, job_id, &report).await;
        state.imports.remove(key);
    });
    Ok(job_id)
}

/// Records the end of a job with its report.
async fn finish(state: &AppState, scope: SchoolScope, job_id: i64, report: &JobReport) {
    let (status, done) = match report {
        JobReport::Imported { plan } => ("succeeded", plan.rows),
        JobReport::Structure { result } => ("succeeded", result.rows),
        JobReport::Invalid { .. } | JobReport::Failed => ("failed", 0),
    };
    let json = serde_json::to_string(report).unwrap_or_else(|_| "{}".to_owned());
    let done = i64::try_from(done).unwrap_or(i64::MAX);
    let now = state.clock.now_ms();
    if let Err(error) =
        repo::finish_job(&state.db.pool, scope, job_id, status, done, &json, now).await
    {
        tracing::error!(%error, job_id, "could not record the end of an import job");
    }
}

/// A job as its page shows it.
#[derive(Debug, Clone)]
pub struct JobView {
    pub id: i64,
    /// `import_jobs.kind`: each page shows only its own kinds of job.
    pub kind: String,
    pub running: bool,
    pub done: u64,
    pub total: u64,
    pub report: Option<JobReport>,
}

/// The school's job `id` (any of the school's importers may follow it, not only who started
/// it).
pub async fn view(
    state: &AppState,
    scope: SchoolScope,
    id: i64,
) -> Result<Option<JobView>, sqlx::Error> {
    let Some(row) = repo::job(&state.db.pool, scope, id).await? else {
        return Ok(None);
    };
    let progress = state.imports.get(scope, id);
    let mut running = row.status == "running";
    let mut report: Option<JobReport> = row
        .report
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok());
    // A server stopped during the import (its transaction rolled back, nothing was imported)
    // leaves the row `running`: after an hour without progress here, show it as failed.
    if running && progress.is_none() && state.clock.now_ms() - row.created_at > STALE_MS {
        running = false;
        report = Some(JobReport::Failed);
    }
    let (done, total) = match progress {
        Some(progress) if running => progress,
        _ => (
            u64::try_from(row.done).unwrap_or_default(),
            u64::try_from(row.total).unwrap_or_default(),
        ),
    };
    Ok(Some(JobView {
        id: row.id,
        kind: row.kind,
        running,
        done,
        total,
        report,
    }))
}

/// Keeps an uploaded file for its confirmation, after forgetting the school's day-old ones.
pub async fn keep_upload(
    state: &AppState,
    scope: SchoolScope,
    user_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<i64, sqlx::Error> {
    const DAY_MS: i64 = 24 * 60 * 60 * 1000;
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    repo::delete_uploads_before(&mut *tx, scope, now - DAY_MS).await?;
    let id = repo::insert_upload(&mut *tx, scope, user_id, file_name, bytes, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Takes an upload of this user for its confirmation (`None` if unknown or already taken).
pub async fn take_upload(
    state: &AppState,
    scope: SchoolScope,
    id: i64,
    user_id: i64,
) -> Result<Option<repo::Upload>, sqlx::Error> {
    let mut tx = state.db.begin().await?;
    let upload = repo::take_upload(&mut tx, scope, id, user_id).await?;
    tx.commit().await?;
    Ok(upload)
}
