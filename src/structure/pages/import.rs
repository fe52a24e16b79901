//! The staff and structure import pages, one per kind of file (`/admin/structure/import/
//! teachers|classes|assignments`): upload, preview (a dry run), confirmation that runs the
//! import as a background job (`/admin/structure/import/jobs/{id}`), and the exports
//! (`/admin/structure/export/{kind}`). The same flow, jobs and report rendering as the student
//! import (`academics::import::{pages, jobs}`).

use askama::Template;
use axum::{
    Router,
    extract::{DefaultBodyLimit, Multipart, Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde_json::json;

use crate::{
    AppState,
    academics::import::{
        jobs::{self, JobReport, JobView},
        pages::{ReportLine, percent, read_upload, render_report, report_lines},
        store::{Change, Import, Mode},
    },
    audit::{self, AuditAction, AuditEvent, ResourceType},
    auth::{
        context::{Auth, CurrentUser, MAX_MULTIPART_BYTES, RequestCtx},
        policy::{self, Action, Routes},
    },
    error::AppError,
    schools::SchoolScope,
    structure::import::{
        self as structure_import, Kind,
        store::{self, LineChange, Outcome},
    },
    web::layout::{Shell, render},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for(
            "/admin/structure/import/{kind}",
            get(import_page)
                .post(upload)
                .layer(DefaultBodyLimit::max(MAX_MULTIPART_BYTES)),
        )
        .route_for(
            "/admin/structure/import/{kind}/{upload}/confirm",
            post(confirm),
        )
        .route_for("/admin/structure/import/jobs/{id}", get(job_page))
        .route_for("/admin/structure/export/{kind}", get(export_csv))
}

/// How many changed rows the preview lists (the counts cover them all).
const PREVIEW_LINES: usize = 50;

/// The kind named in the URL, once the user may import it: the structure's managers for
/// classes and assignments, who must also manage accounts for the staff file (it creates
/// accounts and grants roles).
async fn allowed(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    kind: &str,
) -> Result<(Kind, SchoolScope), AppError> {
    policy::require(state, ctx, user, Action::ManageStructure).await?;
    let kind = Kind::parse(kind).ok_or(AppError::NotFound)?;
    if kind == Kind::Staff {
        policy::require(state, ctx, user, Action::ManageUsers).await?;
    }
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    Ok((kind, scope))
}

/// The message ids naming each kind.
fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Staff => "structure-import-teachers",
        Kind::Classes => "structure-import-classes",
        Kind::Assignments => "structure-import-assignments",
    }
}

fn kind_intro(kind: Kind) -> &'static str {
    match kind {
        Kind::Staff => "structure-import-intro-teachers",
        Kind::Classes => "structure-import-intro-classes",
        Kind::Assignments => "structure-import-intro-assignments",
    }
}

struct KindLink {
    href: String,
    label: String,
    current: bool,
}

fn kind_links(s: &Shell, current: Kind) -> Vec<KindLink> {
    Kind::ALL
        .into_iter()
        .map(|k| KindLink {
            href: format!("/admin/structure/import/{}", k.as_str()),
            label: s.t(kind_label(k)),
            current: k == current,
        })
        .collect()
}

fn change_label(s: &Shell, change: Change) -> String {
    s.t(match change {
        Change::Created => "import-change-created",
        Change::Updated => "import-change-updated",
        Change::Unchanged => "import-change-unchanged",
    })
}

struct Preview {
    upload_id: i64,
    outcome: Outcome,
}

#[derive(Template)]
#[template(path = "structure/import.html")]
struct ImportPage {
    s: Shell,
    section: &'static str,
    kind: &'static str,
    title: String,
    intro: String,
    template: &'static str,
    kinds: Vec<KindLink>,
    form_error: Option<String>,
    file_name: String,
    report: Vec<ReportLine>,
    preview: Option<Preview>,
}

impl ImportPage {
    fn blank(s: Shell, kind: Kind) -> Self {
        ImportPage {
            section: "import",
            kind: kind.as_str(),
            title: s.t(kind_label(kind)),
            intro: s.t(kind_intro(kind)),
            template: kind.template(),
            kinds: kind_links(&s, kind),
            form_error: None,
            file_name: String::new(),
            report: Vec::new(),
            preview: None,
            s,
        }
    }

    fn shown_lines(&self) -> &[LineChange] {
        self.preview
            .as_ref()
            .map(|p| &p.outcome.lines[..p.outcome.lines.len().min(PREVIEW_LINES)])
            .unwrap_or_default()
    }

    fn change_label(&self, change: &Change) -> String {
        change_label(&self.s, *change)
    }
}

pub async fn import_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(kind): Path<String>,
) -> Result<Response, AppError> {
    let (kind, _) = allowed(&state, &ctx, &user, &kind).await?;
    render(&ImportPage::blank(Shell::new(&ctx), kind))
}

/// Checks the uploaded file and plans its import without writing (a dry run); shows the
/// problems, or the plan with a button to confirm it. The file is kept for the confirmation.
pub async fn upload(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(kind): Path<String>,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let (kind, scope) = allowed(&state, &ctx, &user, &kind).await?;
    let s = Shell::new(&ctx);
    let Some((file_name, bytes)) = read_upload(&mut form).await? else {
        let page = ImportPage {
            form_error: Some(s.t("import-page-no-file")),
            ..ImportPage::blank(s, kind)
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
    match store::import(&state.db, state.clock.as_ref(), import, kind, &bytes).await? {
        Err(report) => {
            let page = ImportPage {
                report: render_report(&s, &report),
                file_name,
                ..ImportPage::blank(s, kind)
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Ok(outcome) => {
            let upload_id = jobs::keep_upload(&state, scope, user.id, &file_name, bytes).await?;
            render(&ImportPage {
                preview: Some(Preview { upload_id, outcome }),
                file_name,
                ..ImportPage::blank(s, kind)
            })
        }
    }
}

/// Runs a previewed import in the background and goes to its job page.
pub async fn confirm(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path((kind, upload)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (kind, scope) = allowed(&state, &ctx, &user, &kind).await?;
    let upload_id: i64 = upload.parse().map_err(|_| AppError::NotFound)?;
    let upload = jobs::take_upload(&state, scope, upload_id, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = kind.rows(&upload.bytes);
    let actor = ctx.audit();
    let bytes = upload.bytes;
    let job_id = jobs::start_job(
        &state,
        scope,
        user.id,
        kind.as_str(),
        rows,
        move |state, job_id| async move {
            let import = Import {
                scope,
                actor: &actor,
                job_id: Some(job_id),
                mode: Mode::Apply,
            };
            match store::import(&state.db, state.clock.as_ref(), import, kind, &bytes).await {
                Ok(Ok(mut result)) => {
                    result.lines.truncate(PREVIEW_LINES * 2);
                    JobReport::Structure { result }
                }
                Ok(Err(report)) => JobReport::invalid(&report),
                Err(error) => {
                    tracing::error!(%error, job_id, "structure import failed");
                    JobReport::Failed
                }
            }
        },
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/structure/import/jobs/{job_id}")).into_response())
}

#[derive(Template)]
#[template(path = "structure/import_job.html")]
struct JobPage {
    s: Shell,
    section: &'static str,
    kind: &'static str,
    job: JobView,
    invalid: Vec<ReportLine>,
}

#[derive(Template)]
#[template(path = "structure/import_progress.html")]
struct JobFragment {
    s: Shell,
    job: JobView,
    invalid: Vec<ReportLine>,
}

trait JobOutcome {
    fn view(&self) -> &JobView;

    fn percent(&self) -> u64 {
        percent(self.view())
    }

    fn result(&self) -> Option<&Outcome> {
        match &self.view().report {
            Some(JobReport::Structure { result }) => Some(result),
            _ => None,
        }
    }
}

impl JobOutcome for JobPage {
    fn view(&self) -> &JobView {
        &self.job
    }
}

impl JobOutcome for JobFragment {
    fn view(&self) -> &JobView {
        &self.job
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
    policy::require(&state, &ctx, &user, Action::ManageStructure).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let job = jobs::view(&state, scope, id).await?;
    let (job, kind) = job
        .and_then(|job| {
            let kind = Kind::ALL.into_iter().find(|k| k.as_str() == job.kind)?;
            Some((job, kind))
        })
        .ok_or(AppError::NotFound)?;
    let s = Shell::new(&ctx);
    let invalid = match &job.report {
        Some(JobReport::Invalid { issues }) => report_lines(
            issues
                .iter()
                .map(|i| (i.line, i.column.clone(), i.render(s.lang))),
        ),
        _ => Vec::new(),
    };
    let running = job.running;
    let kind = kind.as_str();
    if headers.contains_key("hx-request") {
        let mut response = render(&JobFragment { s, job, invalid })?;
        // htmx stops polling on 286.
        if !running {
            *response.status_mut() = StatusCode::from_u16(286).unwrap_or(StatusCode::OK);
        }
        return Ok(response);
    }
    let mut response = render(&JobPage {
        s,
        section: "import",
        kind,
        job,
        invalid,
    })?;
    if running {
        response
            .headers_mut()
            .insert(header::REFRESH, HeaderValue::from_static("2"));
    }
    Ok(response)
}

/// The school's staff, classes or assignments as the import reads them. Audited (the staff
/// file holds e-mail addresses).
pub async fn export_csv(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(kind): Path<String>,
) -> Result<Response, AppError> {
    let kind = kind.strip_suffix(".csv").unwrap_or(&kind).to_owned();
    let (kind, scope) = allowed(&state, &ctx, &user, &kind).await?;
    let (body, rows) = match kind {
        Kind::Staff => {
            let records = store::export_staff(&state.db, scope).await?;
            (structure_import::export_staff(&records), records.len())
        }
        Kind::Classes => {
            let records = store::export_classes(&state.db, scope).await?;
            (structure_import::export_classes(&records), records.len())
        }
        Kind::Assignments => {
            let records = store::export_assignments(&state.db, scope).await?;
            (
                structure_import::export_assignments(&records),
                records.len(),
            )
        }
    };
    let mut tx = state.db.begin().await?;
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: Some(scope),
            actor: &ctx.audit(),
            action: AuditAction::StructureExport,
            resource_type: ResourceType::ImportJob,
            resource_id: None,
            details: json!({ "kind": kind.as_str(), "rows": rows }),
        },
    )
    .await?;
    tx.commit().await?;
    let today = state.clock.now().to_zoned(jiff::tz::TimeZone::UTC).date();
    let disposition = format!("attachment; filename=\"{}-{today}.csv\"", kind.as_str());
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
