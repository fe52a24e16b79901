//! A school's bulletin settings: its own typst template (overriding the default one) and its
//! logo (docs/BULLETINS.md).

use super::render::{self, Logo};
use crate::error::AppError;

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
