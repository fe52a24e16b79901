//! Reading a file: bytes → text → header and rows → records, collecting every problem.

use std::collections::HashMap;

use super::{
    GuardianRecord, StudentRecord,
    columns::{Column, GUARDIANS, GuardianColumn, Header},
    report::{ImportReport, Issue, msg},
    values::{
        BirthDate, ClassName, Email, Matricule, NationalId, Notes, PersonName, Phone, Place,
        Relationship, Sex, Status, parse_yes_no,
    },
};
use crate::import::{Row, read_table};

/// Parses a student file. All or nothing: the records of every row, or a report naming every
/// problem. A file with a header and no rows gives no records.
pub fn parse(bytes: &[u8]) -> Result<Vec<StudentRecord>, ImportReport> {
    parse_file(bytes).map(|file| file.rows.into_iter().map(|row| row.record).collect())
}

/// A checked file: its header (which columns it has, as written) and each row's record with
/// its line. The database step needs both: a column absent from the file leaves the stored
/// value alone, and the problems only the database can see name a line and a column.
#[derive(Debug)]
pub struct ParsedFile {
    pub header: Header,
    pub rows: Vec<ParsedRow>,
}

#[derive(Debug)]
pub struct ParsedRow {
    /// The row's first line in the file.
    pub line: u64,
    pub record: StudentRecord,
}

impl ParsedFile {
    /// Whether the file has this column.
    pub fn has(&self, column: Column) -> bool {
        self.header.position(column).is_some()
    }

    /// The column's name as written in the header (its canonical name if absent).
    pub fn column_name(&self, column: Column) -> String {
        self.header
            .position(column)
            .map_or_else(|| column.canonical(), |(_, name)| name.to_owned())
    }
}

/// [`parse`], keeping the header and the line of each row.
pub fn parse_file(bytes: &[u8]) -> Result<ParsedFile, ImportReport> {
    let mut matricules: HashMap<Matricule, u64> = HashMap::new();
    let table = read_table(bytes, |row| record(row, &mut matricules))?;
    Ok(ParsedFile {
        header: table.header,
        rows: table
            .rows
            .into_iter()
            .map(|(line, record)| ParsedRow { line, record })
            .collect(),
    })
}

/// One data row of a student file.
type StudentRow<'a> = Row<'a, Column>;

/// The row's record, or `None` with its problems reported. `matricules` holds the line of
/// each matricule seen so far, to name both lines of a duplicate.
fn record(
    row: &mut StudentRow<'_>,
    matricules: &mut HashMap<Matricule, u64>,
) -> Option<StudentRecord> {
    let matricule = row.required(Column::Matricule, Matricule::parse);
    if let Some(m) = &matricule {
        match matricules.get(m) {
            Some(&first_line) => {
                let args = vec![("first_line", first_line.to_string())];
                let issue = row.issue(
                    Column::Matricule,
                    msg::DUPLICATE_MATRICULE,
                    m.as_str(),
                    args,
                );
                row.issues.push(issue);
            }
            None => {
                matricules.insert(m.clone(), row.line);
            }
        }
    }
    let last_name = row.required(Column::LastName, PersonName::parse);
    let first_name = row.required(Column::FirstName, PersonName::parse);
    let birth_date = row.optional(Column::BirthDate, BirthDate::parse);
    let birth_place = row.optional(Column::BirthPlace, Place::parse);
    let sex = row.optional(Column::Sex, Sex::parse);
    let class = row.optional(Column::Class, ClassName::parse);
    let status = row.optional(Column::Status, Status::parse);
    let national_id = row.optional(Column::NationalId, NationalId::parse);
    let medical = row.optional(Column::Medical, Notes::parse);
    let (g1, g2) = (guardian(row, 0), guardian(row, 1));
    Some(StudentRecord {
        matricule: matricule?,
        last_name: last_name?,
        first_name: first_name?,
        birth_date: birth_date?,
        birth_place: birth_place?,
        sex: sex?,
        class: class?,
        status: status?.unwrap_or(Status::Enrolled),
        national_id: national_id?,
        medical: medical?,
        guardians: [g1?, g2?],
    })
}

/// `None` if invalid (reported), `Some(None)` if absent.
fn guardian(row: &mut StudentRow<'_>, g: usize) -> Option<Option<GuardianRecord>> {
    debug_assert!(g < GUARDIANS);
    let col = |c| Column::Guardian(g, c);
    let named = [GuardianColumn::LastName, GuardianColumn::FirstName]
        .iter()
        .any(|&c| row.cell(col(c)).is_some());
    if !named {
        let filled = GuardianColumn::ALL
            .iter()
            .find_map(|&c| row.cell(col(c)).map(|_| col(c)));
        if let Some(filled) = filled {
            let name_column = row
                .header
                .position(col(GuardianColumn::LastName))
                .or_else(|| row.header.position(filled))
                .map(|(_, name)| name.to_owned());
            row.issues.push(Issue {
                line: row.line,
                column: name_column,
                message: msg::GUARDIAN_WITHOUT_NAME,
                args: vec![("guardian", (g + 1).to_string())],
            });
            return None;
        }
        return Some(None);
    }
    let last_name = row.required(col(GuardianColumn::LastName), PersonName::parse);
    let first_name = row.required(col(GuardianColumn::FirstName), PersonName::parse);
    let relationship = row.optional(col(GuardianColumn::Relationship), Relationship::parse);
    let phone = row.optional(col(GuardianColumn::Phone), Phone::parse);
    let email = row.optional(col(GuardianColumn::Email), Email::parse);
    let legal = row.optional(col(GuardianColumn::Legal), parse_yes_no);
    let notices = row.optional(col(GuardianColumn::ReceivesNotices), parse_yes_no);
    Some(Some(GuardianRecord {
        last_name: last_name?,
        first_name: first_name?,
        relationship: relationship?.unwrap_or(Relationship::Other),
        phone: phone?,
        email: email?,
        legal: legal?.unwrap_or(true),
        receives_notices: notices?.unwrap_or(true),
    }))
}
