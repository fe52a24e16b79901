//! PDF documents typeset with [typst] used as a library.
//!
//! A document is a typst template (`main.typ`) plus named files it reads: the data as JSON
//! (`json("data.json")`), a logo, earlier PDFs to include as pages. Everything lives in memory;
//! the only fonts are the ones bundled with the binary (`typst-assets`), so a document renders
//! the same on every server and never touches the network or the file system.
//!
//! This crate is separate from the application so that the heavy typst build is compiled once
//! and cached, not again on every change of the application.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

/// The fonts and standard library, loaded once and shared by every render.
///
/// Building it parses the bundled fonts (a few milliseconds); keep one per process.
pub struct Typesetter {
    shared: Arc<Shared>,
}

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl Default for Typesetter {
    fn default() -> Self {
        Self::new()
    }
}

impl Typesetter {
    /// A typesetter with the fonts bundled in the binary (Libertinus Serif, New Computer
    /// Modern, DejaVu Sans Mono).
    pub fn new() -> Self {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        let book = FontBook::from_fonts(&fonts);
        Self {
            shared: Arc::new(Shared {
                library: LazyHash::new(Library::default()),
                book: LazyHash::new(book),
                fonts,
            }),
        }
    }

    /// The names of the font families a template may use.
    pub fn font_families(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .shared
            .book
            .families()
            .map(|(name, _)| name.to_string())
            .collect();
        names.dedup();
        names
    }

    /// Typesets `main` (typst markup) with the given files and returns the PDF.
    ///
    /// `files` are named as the template reads them (`"data.json"`, `"logo.png"`); a template
    /// that reads any other file gets a "file not found" error.
    pub fn render(&self, main: &str, files: Files) -> Result<Pdf, RenderError> {
        let world =
            MemoryWorld::new(self.shared.clone(), main, files).ok_or_else(|| RenderError {
                errors: vec![RenderMessage {
                    line: None,
                    message: "the template's path is invalid".into(),
                }],
            })?;
        let warned = typst::compile::<PagedDocument>(&world);
        let document = warned
            .output
            .map_err(|errors| RenderError::from_diagnostics(&world, &errors))?;
        let options = typst_pdf::PdfOptions {
            // A stable identifier: the same document renders to the same bytes.
            ident: typst::foundations::Smart::Custom("eschool".into()),
            ..Default::default()
        };
        let bytes = typst_pdf::pdf(&document, &options)
            .map_err(|errors| RenderError::from_diagnostics(&world, &errors))?;
        Ok(Pdf {
            pages: document.pages().len(),
            bytes,
        })
    }

    /// Forgets typst's memoized results older than `max_age` renders.
    ///
    /// Typst caches layout work between compilations; a long batch of documents should call
    /// this now and then so that memory stays flat.
    pub fn evict_cache(max_age: usize) {
        typst::comemo::evict(max_age);
    }
}

/// The named files a template may read, besides itself.
#[derive(Default, Clone)]
pub struct Files(HashMap<String, Bytes>);

impl Files {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file under `name` (a path relative to the template: `"data.json"`).
    pub fn with(mut self, name: &str, data: Vec<u8>) -> Self {
        self.insert(name, data);
        self
    }

    pub fn insert(&mut self, name: &str, data: Vec<u8>) {
        self.0
            .insert(name.trim_start_matches('/').to_string(), Bytes::new(data));
    }
}

/// A rendered document.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Why a template could not be typeset: typst's messages, each with its line in the template
/// when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    pub errors: Vec<RenderMessage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderMessage {
    /// 1-based line in the template, when the error points into it.
    pub line: Option<usize>,
    pub message: String,
}

impl RenderError {
    fn from_diagnostics(world: &MemoryWorld, diagnostics: &[SourceDiagnostic]) -> Self {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| {
                let line = world.range(d.span).and_then(|range| {
                    let in_main = d.span.id() == Some(world.main);
                    in_main
                        .then(|| world.main_source.lines().byte_to_line(range.start))
                        .flatten()
                        .map(|l| l + 1)
                });
                let mut message = d.message.to_string();
                for hint in &d.hints {
                    message.push_str(" (");
                    message.push_str(&hint.v);
                    message.push(')');
                }
                RenderMessage { line, message }
            })
            .collect();
        Self { errors }
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            match e.line {
                Some(line) => write!(f, "line {line}: {}", e.message)?,
                None => f.write_str(&e.message)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for RenderError {}

/// One compilation's view of the world: the template, its files, the shared fonts.
struct MemoryWorld {
    shared: Arc<Shared>,
    main: FileId,
    main_source: Source,
    files: HashMap<FileId, Bytes>,
}

fn file_id(name: &str) -> Option<FileId> {
    let path = VirtualPath::new(format!("/{}", name.trim_start_matches('/'))).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, path).intern())
}

impl MemoryWorld {
    fn new(shared: Arc<Shared>, main: &str, files: Files) -> Option<Self> {
        let main_id = file_id("main.typ")?;
        let files = files
            .0
            .into_iter()
            .filter_map(|(name, data)| Some((file_id(&name)?, data)))
            .collect();
        Some(Self {
            shared,
            main: main_id,
            main_source: Source::new(main_id, main.to_string()),
            files,
        })
    }
}

impl World for MemoryWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            return Ok(self.main_source.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    /// No clock: a document shows the dates its data gives, so the same data gives the same
    /// document whenever it is rendered.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

#[cfg(test)]
mod tests;
