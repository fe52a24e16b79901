//! A class's bulletins as one PDF or a ZIP (administrators), and the verification page: is an
//! uploaded PDF an issued bulletin, and its latest version? Every PDF served is checked against
//! its SHA-256 first.
//!
//! The ZIP is built in memory: a class is about 30 bulletins of 60 KB, so a few megabytes.

use std::io::Write;

use askama::Template;
use axum::{
    Router,
    extract::{DefaultBodyLimit, Multipart, Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
    routing::get,
};

use super::{
    pages::PeriodQuery,
    render,
    repo::{self, BulletinRow, ClassPdf},
    service,
};
use crate::{
    AppState,
    audit::AuditCtx,
    auth::{
        context::{Auth, MAX_MULTIPART_BYTES},
        policy::{self, Action, Routes},
    },
    error::AppError,
    schools::SchoolScope,
    structure::repo as structure_repo,
    web::layout::{Shell, render as render_page},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for("/classes/{id}/bulletins.pdf", get(class_pdf))
        .route_for("/classes/{id}/bulletins.zip", get(class_zip))
        .route_for(
            "/bulletins/verify",
            get(verify_page)
                .post(verify)
                .layer(DefaultBodyLimit::max(MAX_MULTIPART_BYTES)),
        )
}

/// The class's latest bulletins for the period, each checked against its SHA-256, and a name
/// for the download.
async fn class_bulletins(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    class: &str,
    query: &PeriodQuery,
) -> Result<(Vec<ClassPdf>, String), AppError> {
    let class_id: i64 = class.parse().map_err(|_| AppError::NotFound)?;
    let period_id = query.id().ok_or(AppError::NotFound)?;
    let class = structure_repo::class(&state.db.pool, scope, class_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = repo::class_latest_pdfs(&state.db.pool, scope, class_id, period_id).await?;
    if rows.is_empty() {
        return Err(AppError::NotFound);
    }
    for r in &rows {
        service::check_hash(state, scope, actor, r.id, &r.pdf, &r.sha256).await?;
    }
    let period = rows
        .first()
        .map(|r| r.period_name.clone())
        .unwrap_or_default();
    let base = service::class_file_name(&class.name, &period, "");
    let base = base.trim_end_matches('.').to_owned();
    Ok((rows, base))
}

async fn class_pdf(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(class): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::IssueBulletins).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let (rows, base) = class_bulletins(&state, scope, &ctx.audit(), &class, &query).await?;
    let documents: Vec<(Vec<u8>, usize)> = rows
        .into_iter()
        .map(|r| (r.pdf, usize::try_from(r.pages).unwrap_or(1)))
        .collect();
    let pdf = render::run(move || render::concatenate_blocking(&documents))
        .await?
        .map_err(|e| AppError::Internal(anyhow::anyhow!("concatenating bulletins: {e:?}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                service::disposition("inline", &format!("{base}.pdf")),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        pdf.bytes,
    )
        .into_response())
}

async fn class_zip(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(class): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::IssueBulletins).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let (rows, base) = class_bulletins(&state, scope, &ctx.audit(), &class, &query).await?;
    let bytes = tokio::task::spawn_blocking(move || zip(&rows))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))??;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                service::disposition("attachment", &format!("{base}.zip")),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// One entry per student, named like a single download.
fn zip(rows: &[ClassPdf]) -> Result<Vec<u8>, AppError> {
    let internal = |e: zip::result::ZipError| AppError::Internal(anyhow::anyhow!(e));
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for r in rows {
        let name = service::file_name(
            &r.last_name,
            &r.first_name,
            &r.period_name,
            r.version,
            "pdf",
        );
        writer.start_file(name, options).map_err(internal)?;
        writer
            .write_all(&r.pdf)
            .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    }
    Ok(writer.finish().map_err(internal)?.into_inner())
}

// ---- verification ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "bulletins/verify.html")]
struct VerifyPage {
    s: Shell,
    /// After an upload: the bulletin it is, if any.
    checked: bool,
    found: Option<BulletinRow>,
    sha256: String,
    error: Option<String>,
}

async fn verify_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::IssueBulletins).await?;
    render_page(&VerifyPage {
        s: Shell::new(&ctx),
        checked: false,
        found: None,
        sha256: String::new(),
        error: None,
    })
}

async fn verify(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    mut form: Multipart,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::IssueBulletins).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let s = Shell::new(&ctx);
    let Some((_, bytes)) = crate::academics::import::pages::read_upload(&mut form).await? else {
        let page = VerifyPage {
            error: Some(s.t("bulletins-verify-no-file")),
            s,
            checked: false,
            found: None,
            sha256: String::new(),
        };
        return Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            render_page(&page)?,
        )
            .into_response());
    };
    let sha256 = service::sha256_hex(&bytes);
    let found = repo::by_sha256(&state.db.pool, scope, &sha256)
        .await?
        .into_iter()
        .next();
    render_page(&VerifyPage {
        s,
        checked: true,
        found,
        sha256,
        error: None,
    })
}
