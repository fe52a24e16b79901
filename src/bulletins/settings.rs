//! A school's bulletin settings: its own typst template (overriding the default one) and its
//! logo (docs/BULLETINS.md).

use serde_json::json;

use super::render::{self, Logo};
use crate::{
    audit::{self, AuditAction, AuditCtx, AuditEvent, ResourceType},
    error::AppError,
};

/// `template`, `logo`, `logo_type` as stored.
type SettingsRow = (Option<String>, Option<Vec<u8>>, Option<String>);

/// A school's own template and logo (docs/BULLETINS.md): the default template when it has none.
pub async fn school_template(
    pool: &sqlx::AnyPool,
    scope: crate::schools::SchoolScope,
) -> Result<(String, Option<Logo>), AppError> {
    let row: Option<SettingsRow> = sqlx::query_as(
        "SELECT template, logo, logo_type FROM bulletin_settings WHERE school_id = $1",
    )
    .bind(scope.school_id())
    .fetch_optional(pool)
    .await?;
    let (template, logo, logo_type) = row.unwrap_or_default();
    let logo = match (logo, logo_type) {
        (Some(bytes), Some(content_type)) => Some(Logo {
            bytes,
            content_type,
        }),
        _ => None,
    };
    Ok((
        template.unwrap_or_else(|| render::DEFAULT_BULLETIN_TEMPLATE.to_owned()),
        logo,
    ))
}

/// The largest template a school may save (bytes): a bulletin template is a few kilobytes; the
/// cap bounds what typst parses and lays out for every bulletin (docs/BULLETINS.md).
pub const MAX_TEMPLATE_BYTES: usize = 100 * 1024;

/// The largest logo a school may upload (bytes).
pub const MAX_LOGO_BYTES: usize = 512 * 1024;

/// Why a template was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateProblem {
    Empty,
    TooLarge,
    /// Typst's messages when rendering the sample bulletin, with template line numbers.
    Render(Vec<eschool_pdf::RenderMessage>),
}

/// Why a logo was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoProblem {
    TooLarge,
    /// Not a PNG, JPEG or SVG file (by its first bytes).
    Format,
}

/// The content type of a logo from its first bytes: PNG, JPEG or SVG, whatever the upload
/// claimed.
pub fn sniff_logo(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("image/jpeg");
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let head: String = start.chars().take(1024).collect();
    ((start.starts_with("<?xml") || start.starts_with("<svg") || start.starts_with("<!--"))
        && head.contains("<svg"))
    .then_some("image/svg+xml")
}

/// Checks a logo's size and format; its content type when it is acceptable.
pub fn check_logo(bytes: &[u8]) -> Result<&'static str, LogoProblem> {
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(LogoProblem::TooLarge);
    }
    sniff_logo(bytes).ok_or(LogoProblem::Format)
}

/// The sample bulletin of a school: from a real class of the school when one has results
/// (its first student with an average, in the last assessed class and period), otherwise the
/// built-in sample in the school's language.
pub async fn sample_data(
    state: &crate::AppState,
    scope: crate::schools::SchoolScope,
    logo: Option<&Logo>,
) -> Result<super::document::BulletinData, AppError> {
    let pool = &state.db.pool;
    let school = crate::schools::repo::get(pool, scope).await?;
    let logo_name = logo.map(Logo::file_name);
    let last: Option<(i64, i64)> = sqlx::query_as(
        "SELECT class_id, period_id FROM assessments WHERE school_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(scope.school_id())
    .fetch_optional(pool)
    .await?;
    if let Some((class_id, period_id)) = last
        && let Some(council) = crate::council::load(state, scope, class_id, period_id).await?
        && let Some(line) = council
            .results
            .students
            .iter()
            .find(|l| l.general.is_some())
    {
        let year = crate::structure::repo::year(pool, scope, council.results.class.year_id)
            .await?
            .map(|y| y.name)
            .unwrap_or_default();
        let identities = super::identity::of_class(pool, scope, class_id).await?;
        let today =
            crate::structure::service::school_today(&school, state.clock.as_ref()).to_string();
        let issue = super::document::Issue {
            version: 1,
            date: today,
            reference: format!("{}-0-v1", school.code),
            reason: None,
        };
        let student = line.student.id;
        if let Some(data) = super::document::build(
            &council,
            &school,
            &year,
            identities.get(&student),
            logo_name,
            student,
            &issue,
        ) {
            return Ok(data);
        }
    }
    Ok(super::sample::bulletin(
        school.locale,
        &school.name,
        &school.code,
        &school.color,
        logo_name,
    ))
}

/// Renders `source` with the built-in sample bulletin (and the school's logo): the PDF, or
/// what is wrong with the template.
pub async fn try_template(
    state: &crate::AppState,
    scope: crate::schools::SchoolScope,
    source: String,
    logo: Option<Logo>,
) -> Result<Result<eschool_pdf::Pdf, TemplateProblem>, AppError> {
    if source.trim().is_empty() {
        return Ok(Err(TemplateProblem::Empty));
    }
    if source.len() > MAX_TEMPLATE_BYTES {
        return Ok(Err(TemplateProblem::TooLarge));
    }
    let data = sample_data(state, scope, logo.as_ref()).await?;
    let rendered = render::bulletin(source, data, logo).await?;
    Ok(rendered.map_err(|e| TemplateProblem::Render(e.errors)))
}

/// Saves a school's own template after rendering the sample bulletin with it; nothing is saved
/// when it does not render. Audited in the same transaction.
pub async fn save_template(
    state: &crate::AppState,
    scope: crate::schools::SchoolScope,
    actor: &AuditCtx,
    source: String,
) -> Result<Result<(), TemplateProblem>, AppError> {
    let (_, logo) = school_template(&state.db.pool, scope).await?;
    if let Err(problem) = try_template(state, scope, source.clone(), logo).await? {
        return Ok(Err(problem));
    }
    let bytes = source.len();
    write(
        state,
        scope,
        actor,
        Write::Template(Some(source)),
        json!({ "bulletin_template": "custom", "bytes": bytes }),
    )
    .await?;
    Ok(Ok(()))
}

/// Back to the default template. Audited.
pub async fn reset_template(
    state: &crate::AppState,
    scope: crate::schools::SchoolScope,
    actor: &AuditCtx,
) -> Result<(), AppError> {
    write(
        state,
        scope,
        actor,
        Write::Template(None),
        json!({ "bulletin_template": "default" }),
    )
    .await
}

/// Sets the school's logo after checking it. Audited.
pub async fn set_logo(
    state: &crate::AppState,
    scope: crate::schools::SchoolScope,
    actor: &AuditCtx,
    bytes: Vec<u8>,
) -> Result<Result<(), LogoProblem>, AppError> {
    let content_type = match check_logo(&bytes) {
        Ok(t) => t,
        Err(p) => return Ok(Err(p)),
    };
    let details = json!({ "bulletin_logo": content_type, "bytes": bytes.len() });
    write(
        state,
        scope,
        actor,
        Write::Logo(Some((bytes, content_type))),
        details,
    )
    .await?;
    Ok(Ok(()))
}

/// Removes the school's logo. Audited.
pub async fn remove_logo(
    state: &crate::AppState,
    scope: crate::schools::SchoolScope,
    actor: &AuditCtx,
) -> Result<(), AppError> {
    write(
        state,
        scope,
        actor,
        Write::Logo(None),
        json!({ "bulletin_logo": null }),
    )
    .await
}

enum Write {
    Template(Option<String>),
    Logo(Option<(Vec<u8>, &'static str)>),
}

async fn write(
    state: &crate::AppState,
    scope: crate::schools::SchoolScope,
    actor: &AuditCtx,
    change: Write,
    details: serde_json::Value,
) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let school = scope.school_id();
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO bulletin_settings (school_id, updated_by, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (school_id) DO UPDATE SET updated_by = $2, updated_at = $3",
    )
    .bind(school)
    .bind(actor.user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    match change {
        Write::Template(source) => {
            sqlx::query("UPDATE bulletin_settings SET template = $2 WHERE school_id = $1")
                .bind(school)
                .bind(source)
                .execute(&mut *tx)
                .await?;
        }
        Write::Logo(logo) => {
            let (bytes, content_type) = logo.map_or((None, None), |(b, t)| (Some(b), Some(t)));
            sqlx::query(
                "UPDATE bulletin_settings SET logo = $2, logo_type = $3 WHERE school_id = $1",
            )
            .bind(school)
            .bind(bytes)
            .bind(content_type)
            .execute(&mut *tx)
            .await?;
        }
    }
    let event = AuditEvent {
        scope: Some(scope),
        actor,
        action: AuditAction::SchoolSettingsUpdate,
        resource_type: ResourceType::School,
        resource_id: Some(school.to_string()),
        details,
    };
    audit::record(&mut tx, state.clock.as_ref(), &event).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logos_are_recognised_by_their_first_bytes() {
        assert_eq!(sniff_logo(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff_logo(&[0xFF, 0xD8, 0xFF, 0xE0, 0]), Some("image/jpeg"));
        assert_eq!(
            sniff_logo(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some("image/svg+xml")
        );
        assert_eq!(
            sniff_logo(b"  <svg viewBox=\"0 0 1 1\"></svg>"),
            Some("image/svg+xml")
        );
        assert_eq!(sniff_logo(b"<html><svg/></html>"), None);
        assert_eq!(sniff_logo(b"GIF89a"), None);
        assert_eq!(sniff_logo(b""), None);
        let big = [b"\x89PNG\r\n\x1a\n".as_slice(), &vec![0; MAX_LOGO_BYTES]].concat();
        assert_eq!(check_logo(&big), Err(LogoProblem::TooLarge));
        assert_eq!(check_logo(b"hello"), Err(LogoProblem::Format));
    }
}
