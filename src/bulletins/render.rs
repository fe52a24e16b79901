//! Typesetting bulletins and class documents with `eschool-pdf`.
//!
//! The fonts and typst's standard library are loaded once per process. Rendering is CPU work:
//! it runs on the blocking pool, and at most [`slots`] documents render at the same time (one
//! on a two-core server), so that issuing a whole school's bulletins leaves the other cores to
//! the pages everyone else is loading. A long batch takes a slot per document, so a parent's
//! single download waits for one document at most, not for the batch.

use std::sync::LazyLock;

use eschool_pdf::{Files, Pdf, RenderError, Typesetter};
use tokio::sync::Semaphore;

use super::document::BulletinData;
use crate::error::AppError;

/// The template every school starts with (docs/BULLETINS.md).
pub const DEFAULT_BULLETIN_TEMPLATE: &str = include_str!("../../templates/bulletins/bulletin.typ");

static TYPESETTER: LazyLock<Typesetter> = LazyLock::new(Typesetter::new);

/// The process's typesetter (fonts and typst's library loaded once).
pub fn typesetter() -> &'static Typesetter {
    &TYPESETTER
}

/// At most this many documents render at once: all cores but one (at least one).
pub fn slots() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get().saturating_sub(1))
        .unwrap_or(1)
        .max(1)
}

static SLOTS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(slots()));

/// A school's logo as stored with its bulletin settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub bytes: Vec<u8>,
    /// `image/png`, `image/jpeg` or `image/svg+xml`.
    pub content_type: String,
}

impl Logo {
    /// The name the template reads it by (`data.school.logo`).
    pub fn file_name(&self) -> &'static str {
        match self.content_type.as_str() {
            "image/jpeg" => "logo.jpg",
            "image/svg+xml" => "logo.svg",
            _ => "logo.png",
        }
    }
}

/// Typesets one bulletin (blocking; see [`bulletin`]).
pub fn bulletin_blocking(
    template: &str,
    data: &BulletinData,
    logo: Option<&Logo>,
) -> Result<Pdf, RenderError> {
    let json = serde_json::to_vec(data).map_err(|e| RenderError {
        errors: vec![eschool_pdf::RenderMessage {
            line: None,
            message: e.to_string(),
        }],
    })?;
    let mut files = Files::new().with("data.json", json);
    if let Some(logo) = logo {
        files.insert(logo.file_name(), logo.bytes.clone());
    }
    TYPESETTER.render(template, files)
}

/// Typesets one bulletin on the blocking pool, within the render slots.
pub async fn bulletin(
    template: String,
    data: BulletinData,
    logo: Option<Logo>,
) -> Result<Result<Pdf, RenderError>, AppError> {
    run(move || bulletin_blocking(&template, &data, logo.as_ref())).await
}

/// One PDF made of the pages of earlier ones, in order, each page as it was (a class's issued
/// bulletins in one file). Blocking; see [`run`].
pub fn concatenate_blocking(documents: &[(Vec<u8>, usize)]) -> Result<Pdf, RenderError> {
    let mut files = Files::new();
    let mut main = String::from("#set page(margin: 0pt)\n");
    for (i, (bytes, pages)) in documents.iter().enumerate() {
        let name = format!("d{i}.pdf");
        for page in 1..=*pages {
            main.push_str(&format!(
                "#page(width: auto, height: auto, image(\"{name}\", page: {page}))\n"
            ));
        }
        files.insert(&name, bytes.clone());
    }
    TYPESETTER.render(&main, files)
}

/// Runs typesetting work on the blocking pool once a render slot is free.
pub async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = SLOTS
        .acquire()
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))
}

/// Forgets typst's memoized layout results after a batch (a class), so memory stays flat:
/// what the last two classes used (fonts, the template's shared parts) is kept, the
/// students' own layouts are not.
pub fn after_batch() {
    Typesetter::evict_cache(2);
}
