//! Writing records back: the canonical form of each value under the canonical English header,
//! so an export re-imports identically.
//!
//! `;` and a UTF-8 BOM, so Excel in French locales opens the file in columns with its accents
//! right; CRLF line ends (Excel's own). Dates are ISO (`2012-03-14`): unambiguous in every
//! locale (an English-locale Excel would read `03/04/2012` as 4 March), and French Excel shows
//! them as dd/mm/yyyy and saves them back that way, which the import also reads.

use std::borrow::Cow;

use crate::import::{write_header, write_line};

use super::{
    GuardianRecord, StudentRecord,
    columns::{Column, GuardianColumn},
    values::yes_no,
};

/// The records as a CSV file, header first.
pub fn export(records: &[StudentRecord]) -> String {
    export_columns(records, &Column::ALL)
}

/// [`export`] with only some columns (in the given order), e.g. without the sensitive ones
/// for a user who may not read them: an absent column leaves stored values alone on import,
/// where an empty one would clear them.
pub fn export_columns(records: &[StudentRecord], columns: &[Column]) -> String {
    let mut out = String::with_capacity(64 + records.len() * 200);
    write_header(&mut out, columns);
    let mut cells = Vec::with_capacity(columns.len());
    for record in records {
        cells.clear();
        cells.extend(columns.iter().map(|&c| cell(record, c)));
        write_line(&mut out, &cells);
    }
    out
}

fn cell(r: &StudentRecord, column: Column) -> Cow<'_, str> {
    match column {
        Column::Matricule => text(Some(r.matricule.as_str())),
        Column::LastName => text(Some(r.last_name.as_str())),
        Column::FirstName => text(Some(r.first_name.as_str())),
        Column::BirthDate => r
            .birth_date
            .map_or(Cow::Borrowed(""), |d| d.to_iso().into()),
        Column::BirthPlace => text(r.birth_place.as_ref().map(|v| v.as_str())),
        Column::Sex => text(r.sex.map(|v| v.as_str())),
        Column::Class => text(r.class.as_ref().map(|v| v.as_str())),
        Column::Status => text(Some(r.status.as_str())),
        Column::NationalId => text(r.national_id.as_ref().map(|v| v.as_str())),
        Column::Medical => text(r.medical.as_ref().map(|v| v.as_str())),
        Column::Guardian(g, c) => match r.guardians.get(g).and_then(Option::as_ref) {
            Some(guardian) => Cow::Borrowed(guardian_cell(guardian, c)),
            None => Cow::Borrowed(""),
        },
    }
}

fn text(value: Option<&str>) -> Cow<'_, str> {
    Cow::Borrowed(value.unwrap_or(""))
}

fn guardian_cell(g: &GuardianRecord, column: GuardianColumn) -> &str {
    match column {
        GuardianColumn::LastName => g.last_name.as_str(),
        GuardianColumn::FirstName => g.first_name.as_str(),
        GuardianColumn::Relationship => g.relationship.as_str(),
        GuardianColumn::Phone => g.phone.as_ref().map_or("", |v| v.as_str()),
        GuardianColumn::Email => g.email.as_ref().map_or("", |v| v.as_str()),
        GuardianColumn::Legal => yes_no(g.legal),
        GuardianColumn::ReceivesNotices => yes_no(g.receives_notices),
    }
}
