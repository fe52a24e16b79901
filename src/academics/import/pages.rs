//! The import and export pages: `/students/import` (upload, preview, confirm), the job page
//! that follows a background import, and `/students/export.csv`.

use askama::Template;
use axum::{
    Router,
    extract::{DefaultBodyLimit, Multipart, Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde_json::json;

use super::{
    Column, ImportReport, export_columns,
    jobs::{self, JobReport, JobView, StoredIssue},
    parse_file,
    store::{self, Import, Mode, Plan},
};
use crate::{
    AppState,
    audit::{self, AuditAction, AuditEvent, ResourceType},
    auth::{
        context::{Auth, MAX_MULTIPART_BYTES},
        policy::{self, Action, Routes, Scope},
    },
    error::AppError,
    web::layout::{Shell, render},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for(
            "/students/import",
            get(import_page)
                .post(upload)
                .layer(DefaultBodyLimit::max(MAX_MULTIPART_BYTES)),
        )
        .route_for("/students/import/{upload}/confirm", post(confirm))
        .route_for("/students/import/jobs/{id}", get(job_page))
        .route_for("/students/export.csv", get(export_csv))
}

/// How many changed rows the preview lists (the counts cover them all).
const PREVIEW_LINES: usize = 50;

/// One problem of a report, rendered.
pub(crate) struct ReportLine {
    pub line: u64,
    pub column: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "academics/import.html")]
struct ImportPage {
    s: Shell,
    /// Why the upload form was refused (no file, file too large).
    form_error: Option<String>,
    file_name: String,
    /// Every problem of the file, when it has some.
    report: Vec<ReportLine>,
    preview: Option<Preview>,
}

struct Preview {
    upload_id: i64,
    plan: Plan,
}

impl ImportPage {
    fn blank(s: Shell) -> Self {
        ImportPage {
            s,
            form_error: None,
            file_name: String::new(),
            report: Vec::new(),
            preview: None,
        }
    }

    fn shown_lines(&self) -> &[store::LineChange] {
        self.preview
            .as_ref()
            .map(|p| &p.plan.lines[..p.plan.lines.len().min(PREVIEW_LINES)])
            .unwrap_or_default()
    }

    fn change_label(&self, change: &store::Change) -> String {
        change_label(&self.s, *change)
    }
}

fn change_label(s: &Shell, change: store::Change) -> String {
    s.t(match change {
        store::Change::Created => "import-change-created",
        store::Change::Updated => "import-change-updated",
        store::Change::Unchanged => "import-change-unchanged",
    })
}

pub(crate) fn report_lines(
    issues: impl IntoIterator<Item = (u64, Option<String>, String)>,
) -> Vec<ReportLine> {
    issues
        .into_iter()
        .map(|(line, column, message)| ReportLine {
            line,
            column: column.unwrap_or_default(),
            message,
        })
        .collect()
}

pub(crate) fn render_report(s: &Shell, report: &ImportReport) -> Vec<ReportLine> {
    report_lines(
        report
            .issues
            .iter()
            .map(|i| (i.line, i.column.clone(), i.render(s.lang))),
    )
}

pub async fn import_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ImportStudents).await?;
    render(&ImportPage::blank(Shell::new(&ctx)))
}

/// The file field of the upload form, with the name the browser gave.
pub(crate) async fn read_upload(
    form: &mut Multipart,
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|_| AppError::PayloadTooLarge)?
    {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
            return Ok((!bytes.is_empty()).then(|| (name, bytes.to_vec())));
        }
    }
    Ok(None)
}

/// Checks the uploaded file and plans its import without writing (a dry run); shows the
/// problems, or the plan with a button to confirm it. The file is kept for the confirmation.
pub async fn upload(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    mut form: Multipart,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ImportStudents).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let s = Shell::new(&ctx);
    let Some((file_name, bytes)) = read_upload(&mut form).await? else {
        let page = ImportPage {
            form_error: Some(s.t("import-page-no-file")),
            ..ImportPage::blank(s)
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    let actor = ctx.audit();
    let import = Import {
        scope,
        actor: &actor,
        job_id: None,
        mode: Mode::DryRun,
    };
    let outcome = store::import_students(
        &state.db,
        &state.keyring,
        state.clock.as_ref(),
        import,
        &bytes,
        &|_, _| {},
    )
    .await?;
    match outcome {
        Err(report) => {
            let page = ImportPage {
                report: render_report(&s, &report),
                file_name,
                ..ImportPage::blank(s)
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Ok(plan) => {
            let upload_id = jobs::keep_upload(&state, scope, user.id, &file_name, bytes).await?;
            render(&ImportPage {
                preview: Some(Preview { upload_id, plan }),
                file_name,
                ..ImportPage::blank(s)
            })
        }
    }
}

/// Runs a previewed import in the background and goes to its job page.
pub async fn confirm(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(upload): Path<String>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ImportStudents).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let upload_id: i64 = upload.parse().map_err(|_| AppError::NotFound)?;
    let upload = jobs::take_upload(&state, scope, upload_id, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = parse_file(&upload.bytes).map_or(0, |f| f.rows.len() as u64);
    let job_id = jobs::start(&state, scope, user.id, ctx.audit(), upload.bytes, rows).await?;
    Ok(Redirect::to(&format!("/students/import/jobs/{job_id}")).into_response())
}

struct ReportView {
    lines: Vec<ReportLine>,
}

#[derive(Template)]
#[template(path = "academics/import_job.html")]
struct JobPage {
    s: Shell,
    job: JobView,
    invalid: Option<ReportView>,
}

#[derive(Template)]
#[template(path = "academics/import_progress.html")]
struct JobFragment {
    s: Shell,
    job: JobView,
    invalid: Option<ReportView>,
}

impl JobPage {
    fn percent(&self) -> u64 {
        percent(&self.job)
    }

    fn plan(&self) -> Option<&Plan> {
        plan(&self.job)
    }
}

impl JobFragment {
    fn percent(&self) -> u64 {
        percent(&self.job)
    }

    fn plan(&self) -> Option<&Plan> {
        plan(&self.job)
    }
}

pub(crate) fn percent(job: &JobView) -> u64 {
    (job.done * 100)
        .checked_div(job.total)
        .unwrap_or(0)
        .min(100)
}

fn plan(job: &JobView) -> Option<&Plan> {
    match &job.report {
        Some(JobReport::Imported { plan }) => Some(plan),
        _ => None,
    }
}

/// A background import: progress while it runs (htmx polls the fragment; without JavaScript
/// the page refreshes itself), then its outcome.
pub async fn job_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ImportStudents).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let job = jobs::view(&state, scope, id)
        .await?
        .filter(|job| job.kind == jobs::STUDENTS)
        .ok_or(AppError::NotFound)?;
    let s = Shell::new(&ctx);
    let invalid = match &job.report {
        Some(JobReport::Invalid { issues }) => Some(ReportView {
            lines: report_lines(
                issues
                    .iter()
                    .map(|i: &StoredIssue| (i.line, i.column.clone(), i.render(s.lang))),
            ),
        }),
        _ => None,
    };
    let running = job.running;
    if headers.contains_key("hx-request") {
        let mut response = render(&JobFragment { s, job, invalid })?;
        // htmx stops polling on 286.
        if !running {
            *response.status_mut() = StatusCode::from_u16(286).unwrap_or(StatusCode::OK);
        }
        return Ok(response);
    }
    let mut response = render(&JobPage { s, job, invalid })?;
    if running {
        response
            .headers_mut()
            .insert(header::REFRESH, HeaderValue::from_static("2"));
    }
    Ok(response)
}

/// The school's students as a CSV file with the import's columns, so it imports back
/// unchanged. The national ID and medical columns are there only for a user who may read
/// them (absent, they are left alone by a re-import). Each export is audited before the file
/// is sent.
pub async fn export_csv(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ImportStudents).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let national_id = policy::allows(&user, Action::ReadStudentNationalId, Scope::SameSchool);
    let medical = policy::allows(&user, Action::ReadStudentMedical, Scope::SameSchool);
    let columns: Vec<Column> = Column::ALL
        .into_iter()
        .filter(|c| match c {
            Column::NationalId => national_id,
            Column::Medical => medical,
            _ => true,
        })
        .collect();
    let records = store::export_records(&state.db, &state.keyring, scope, &columns).await?;
    let mut tx = state.db.begin().await?;
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: Some(scope),
            actor: &ctx.audit(),
            action: AuditAction::StudentExport,
            resource_type: ResourceType::Student,
            resource_id: None,
            details: json!({
                "students": records.len(),
                "national_id": national_id,
                "medical": medical,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    let body = export_columns(&records, &columns);
    let today = state.clock.now().to_zoned(jiff::tz::TimeZone::UTC).date();
    let disposition = format!("attachment; filename=\"eleves-{today}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}
