//! Student import and export, the pure part: CSV bytes in, checked [`StudentRecord`]s or a
//! report of every problem out; records in, CSV out. No database, no HTTP: the CLI
//! (`eschool import students`) and the upload page call [`parse`], then the database step
//! matches records on matricule and guardian e-mail.
//!
//! Rules (docs/IMPORT.md is the staff-facing version):
//! - one row = one student with up to two guardians; columns from [`Column`], header names
//!   matched ignoring case, accents and separators, French names accepted;
//! - UTF-8 with or without BOM, `;` `,` or tab (detected on the header line), quoted fields,
//!   CRLF, blank lines and Excel's trailing empty columns tolerated;
//! - all or nothing: [`parse`] returns every problem with its line and column, or records;
//! - [`export`] writes the canonical form, so `parse(export(r)) == r` (a property test).
//!
//! Measured: a 5,000-student file with two guardians each (0.8 MB) parses in about 14 ms in a
//! release build on a 2-core machine (`tests::five_thousand_rows_parse`, run with
//! `cargo test --release --lib five_thousand -- --nocapture`); the database step will dominate.

mod columns;
pub mod jobs;
pub mod pages;
mod read;
pub(crate) mod repo;
pub mod store;
mod values;
mod write;

#[cfg(test)]
mod tests;

use crate::import::report;
pub use crate::import::{ImportReport, Issue, msg};
pub use columns::{Column, GuardianColumn};
pub use read::{ParsedFile, ParsedRow, parse, parse_file};
pub use values::{
    BirthDate, ClassName, Email, Matricule, NationalId, Notes, PersonName, Phone, Place,
    Relationship, Sex, Status,
};
pub use write::{export, export_columns};

/// One row of the file: a student and up to two guardians.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudentRecord {
    pub matricule: Matricule,
    pub last_name: PersonName,
    pub first_name: PersonName,
    pub birth_date: Option<BirthDate>,
    pub birth_place: Option<Place>,
    pub sex: Option<Sex>,
    /// The class by name; `None` leaves the student without a class.
    pub class: Option<ClassName>,
    /// `enrolled` when the cell is empty.
    pub status: Status,
    pub national_id: Option<NationalId>,
    pub medical: Option<Notes>,
    /// The guardian columns in place: `guardians[0]` is `guardian1_…`. A guardian is present
    /// when a name is filled in.
    pub guardians: [Option<GuardianRecord>; 2],
}

/// A guardian of the student in the same row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianRecord {
    pub last_name: PersonName,
    pub first_name: PersonName,
    /// `other` when the cell is empty.
    pub relationship: Relationship,
    pub phone: Option<Phone>,
    /// Lower-cased; what the database step matches an existing guardian on.
    pub email: Option<Email>,
    /// Legal guardian (`yes` when empty).
    pub legal: bool,
    /// Receives the school's notices (`yes` when empty).
    pub receives_notices: bool,
}
