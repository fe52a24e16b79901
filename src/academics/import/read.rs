//! Reading a file: bytes → text → header and rows → records, collecting every problem.

use std::collections::HashMap;

use super::{
    GuardianRecord, StudentRecord,
    columns::{Column, GUARDIANS, GuardianColumn, Header},
    report::{ImportReport, Issue, msg},
    values::{
        BirthDate, ClassName, Email, Matricule, NationalId, Notes, PersonName, Phone, Place,
        Rejected, Relationship, Sex, Status, parse_yes_no,
    },
};

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
    let text = decode(bytes).map_err(|issue| ImportReport {
        issues: vec![issue],
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(detect_delimiter(text))
        .from_reader(text.as_bytes());
    let mut lines = LineCounter {
        text: text.as_bytes(),
        at: 0,
        line: 1,
    };
    let mut issues = Vec::new();
    let mut header: Option<Header> = None;
    let mut records = Vec::new();
    let mut matricules: HashMap<Matricule, u64> = HashMap::new();
    for result in reader.records() {
        let (line, cells) = match result {
            Ok(record) => {
                let line = record.position().map_or(1, |p| lines.line_at(p.byte()));
                (line, record.iter().map(clean).collect::<Vec<_>>())
            }
            // The text is valid UTF-8 and read from memory: not expected, but reported.
            Err(error) => {
                let line = error.position().map_or(1, |p| lines.line_at(p.byte()));
                issues.push(Issue {
                    line,
                    column: None,
                    message: msg::NOT_UTF8,
                    args: vec![],
                });
                continue;
            }
        };
        // Blank lines, and Excel's rows of empty cells (";;;;").
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let Some(header) = &header else {
            header = Some(Header::resolve(&cells, line, &mut issues));
            continue;
        };
        let before = issues.len();
        let mut row = Row {
            line,
            header,
            cells: &cells,
            issues: &mut issues,
        };
        let record = row.record(&mut matricules);
        if let Some(record) = record
            && issues.len() == before
        {
            records.push(ParsedRow { line, record });
        }
    }
    match header {
        Some(header) if issues.is_empty() => Ok(ParsedFile {
            header,
            rows: records,
        }),
        Some(_) => Err(ImportReport { issues }),
        None => {
            issues.push(Issue {
                line: 1,
                column: None,
                message: msg::EMPTY_FILE,
                args: vec![],
            });
            Err(ImportReport { issues })
        }
    }
}

/// The line of a byte offset, counted from the previous one (records come in order, so a
/// file is scanned once). The csv reader's own line numbers are one short after a CRLF line
/// end (Excel's): a record starts at the `\n` of the previous line's `\r\n`, so the line ends
/// before a record's start are skipped.
struct LineCounter<'t> {
    text: &'t [u8],
    at: usize,
    line: u64,
}

impl LineCounter<'_> {
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while self
            .text
            .get(start)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            start += 1;
        }
        if start > self.at {
            let between = self.text.get(self.at..start).unwrap_or_default();
            self.line += between.iter().filter(|&&b| b == b'\n').count() as u64;
            self.at = start;
        }
        self.line
    }
}

/// UTF-8, with the BOM Excel writes removed. Anything else is refused, naming the line of the
/// first byte that is not UTF-8 (typically a Latin-1 "é" from "CSV (séparateur: point-virgule)"
/// instead of "CSV UTF-8").
fn decode(bytes: &[u8]) -> Result<&str, Issue> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        let before = bytes.get(..error.valid_up_to()).unwrap_or_default();
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u64;
        Issue {
            line,
            column: None,
            message: msg::NOT_UTF8,
            args: vec![],
        }
    })
}

/// The delimiter used most on the first non-blank line (outside quotes): `;` (Excel in French
/// locales), `,` or tab; `;` wins ties.
fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut quoted = false;
    let mut seen_text = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted && seen_text => break,
            _ if quoted => {}
            _ => {
                if let Some(slot) = counts.iter_mut().find(|(d, _)| *d == b) {
                    slot.1 += 1;
                }
            }
        }
        seen_text |= !b.is_ascii_whitespace();
    }
    counts
        .iter()
        .fold(
            (b';', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

/// A cell as compared: trimmed, and without the `'` the export puts before a value a
/// spreadsheet would run as a formula (see `write::defuse`).
fn clean(cell: &str) -> String {
    let cell = cell.trim();
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\'']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

/// One data row being read; problems go to `issues`.
struct Row<'a> {
    line: u64,
    header: &'a Header,
    cells: &'a [String],
    issues: &'a mut Vec<Issue>,
}

impl Row<'_> {
    /// The row's record, or `None` with its problems reported. `matricules` holds the line of
    /// each matricule seen so far, to name both lines of a duplicate.
    fn record(&mut self, matricules: &mut HashMap<Matricule, u64>) -> Option<StudentRecord> {
        self.values_without_header();
        let matricule = self.required(Column::Matricule, Matricule::parse);
        if let Some(m) = &matricule {
            match matricules.get(m) {
                Some(&first_line) => {
                    let args = vec![("first_line", first_line.to_string())];
                    let issue = self.issue(
                        Column::Matricule,
                        msg::DUPLICATE_MATRICULE,
                        m.as_str(),
                        args,
                    );
                    self.issues.push(issue);
                }
                None => {
                    matricules.insert(m.clone(), self.line);
                }
            }
        }
        let last_name = self.required(Column::LastName, PersonName::parse);
        let first_name = self.required(Column::FirstName, PersonName::parse);
        let birth_date = self.optional(Column::BirthDate, BirthDate::parse);
        let birth_place = self.optional(Column::BirthPlace, Place::parse);
        let sex = self.optional(Column::Sex, Sex::parse);
        let class = self.optional(Column::Class, ClassName::parse);
        let status = self.optional(Column::Status, Status::parse);
        let national_id = self.optional(Column::NationalId, NationalId::parse);
        let medical = self.optional(Column::Medical, Notes::parse);
        let (g1, g2) = (self.guardian(0), self.guardian(1));
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
    fn guardian(&mut self, g: usize) -> Option<Option<GuardianRecord>> {
        debug_assert!(g < GUARDIANS);
        let col = |c| Column::Guardian(g, c);
        let named = [GuardianColumn::LastName, GuardianColumn::FirstName]
            .iter()
            .any(|&c| self.cell(col(c)).is_some());
        if !named {
            let filled = GuardianColumn::ALL
                .iter()
                .find_map(|&c| self.cell(col(c)).map(|_| col(c)));
            if let Some(filled) = filled {
                let name_column = self
                    .header
                    .position(col(GuardianColumn::LastName))
                    .or_else(|| self.header.position(filled))
                    .map(|(_, name)| name.to_owned());
                self.issues.push(Issue {
                    line: self.line,
                    column: name_column,
                    message: msg::GUARDIAN_WITHOUT_NAME,
                    args: vec![("guardian", (g + 1).to_string())],
                });
                return None;
            }
            return Some(None);
        }
        let last_name = self.required(col(GuardianColumn::LastName), PersonName::parse);
        let first_name = self.required(col(GuardianColumn::FirstName), PersonName::parse);
        let relationship = self.optional(col(GuardianColumn::Relationship), Relationship::parse);
        let phone = self.optional(col(GuardianColumn::Phone), Phone::parse);
        let email = self.optional(col(GuardianColumn::Email), Email::parse);
        let legal = self.optional(col(GuardianColumn::Legal), parse_yes_no);
        let notices = self.optional(col(GuardianColumn::ReceivesNotices), parse_yes_no);
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

    /// The non-empty cell of `column`, if the file has that column.
    fn cell(&self, column: Column) -> Option<&str> {
        let (index, _) = self.header.position(column)?;
        self.cells
            .get(index)
            .map(String::as_str)
            .filter(|c| !c.is_empty())
    }

    /// `None` if invalid (reported), `Some(None)` if empty or the column is absent.
    fn optional<T>(
        &mut self,
        column: Column,
        parse: fn(&str) -> Result<T, Rejected>,
    ) -> Option<Option<T>> {
        let Some(value) = self.cell(column) else {
            return Some(None);
        };
        match parse(value) {
            Ok(v) => Some(Some(v)),
            Err(rejected) => {
                let issue = self.issue(column, rejected.message, value, rejected.args);
                self.issues.push(issue);
                None
            }
        }
    }

    /// `None` if empty or invalid (reported). An absent column was reported with the header.
    fn required<T>(&mut self, column: Column, parse: fn(&str) -> Result<T, Rejected>) -> Option<T> {
        let present = self.header.position(column).is_some();
        match self.optional(column, parse)? {
            Some(v) => Some(v),
            None => {
                if present {
                    let issue = self.issue(column, msg::REQUIRED, "", vec![]);
                    self.issues.push(issue);
                }
                None
            }
        }
    }

    fn issue(
        &self,
        column: Column,
        message: &'static str,
        value: &str,
        mut args: Vec<(&'static str, String)>,
    ) -> Issue {
        if !value.is_empty() {
            args.insert(0, ("value", value.to_owned()));
        }
        Issue {
            line: self.line,
            column: self.header.position(column).map(|(_, n)| n.to_owned()),
            message,
            args,
        }
    }

    /// Values under an empty header cell or past the last header cell.
    fn values_without_header(&mut self) {
        for (index, value) in self.cells.iter().enumerate() {
            let headed = self.header.names.get(index).is_some_and(|n| !n.is_empty());
            if !headed && !value.is_empty() {
                self.issues.push(Issue {
                    line: self.line,
                    column: None,
                    message: msg::VALUE_WITHOUT_HEADER,
                    args: vec![
                        ("value", value.clone()),
                        ("position", (index + 1).to_string()),
                    ],
                });
            }
        }
    }
}
