//! The shared machinery of CSV imports and exports (docs/IMPORT.md): reading a file (UTF-8
//! with or without BOM, `;` `,` or tab detected on the header line, quoted fields, CRLF, blank
//! lines), resolving its header against a set of columns ([`ColumnSpec`], English and French
//! names), reading each row's cells into checked values with every problem reported with its
//! line and column ([`Row`], [`ImportReport`]), and writing the canonical file back
//! ([`write_line`]). The student import (`academics::import`) and the staff and structure
//! imports (`structure::import`) are each a column set, a row reader and a database step on top.

pub mod report;

use std::borrow::Cow;

pub use report::{ImportReport, Issue, msg};

/// Why a cell was refused: a message id and its arguments (besides line, column and value,
/// which the reader adds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub message: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Rejected {
    pub fn new(message: &'static str) -> Self {
        Rejected {
            message,
            args: Vec::new(),
        }
    }
}

/// Lower case, accents and everything but letters and digits removed: how header names and
/// enumerated values ("Féminin", "diplômé", "Date de naissance") are compared.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
            'ç' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ý' | 'ÿ' => "y",
            'œ' => "oe",
            'æ' => "ae",
            c if c.is_alphanumeric() => {
                out.push(c);
                continue;
            }
            // Everything else, combining accents (decomposed "é") included, is dropped.
            _ => continue,
        };
        out.push_str(folded);
    }
    out
}

/// One line of text: trimmed, inner whitespace (line breaks and no-break spaces included)
/// collapsed to one space, no control characters, at most `max` characters.
pub fn single_line(s: &str, max: usize) -> Result<String, Rejected> {
    let text = s.split_whitespace().collect::<Vec<_>>().join(" ");
    check_text(&text, max)?;
    Ok(text)
}

pub fn check_text(text: &str, max: usize) -> Result<(), Rejected> {
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(Rejected::new(msg::CONTROL_CHARACTER));
    }
    if text.chars().count() > max {
        return Err(Rejected {
            message: msg::TOO_LONG,
            args: vec![("max", max.to_string())],
        });
    }
    Ok(())
}

/// A set of columns one kind of file may have.
pub trait ColumnSpec: Copy + Eq + std::fmt::Debug + 'static {
    /// Every column, in the export's order.
    fn all() -> &'static [Self];
    /// The canonical (English) header name, as the export writes it.
    fn canonical(self) -> String;
    /// The French header name shown in docs and in "missing column" messages.
    fn french(self) -> String;
    /// Every accepted header name (compared folded), canonical first.
    fn accepted(self) -> Vec<String>;
    /// The columns a file must have, given the ones it has.
    fn required(has: &dyn Fn(Self) -> bool) -> Vec<Self>;
}

/// The header line, resolved: for each file column, the column it holds (or `None` for an
/// empty header cell, tolerated because Excel leaves them after the last used column).
#[derive(Debug)]
pub struct Header<C> {
    /// The header cells as written (trimmed).
    pub names: Vec<String>,
    pub columns: Vec<Option<C>>,
}

impl<C: ColumnSpec> Header<C> {
    /// Maps the header cells; unknown, duplicate and missing columns are reported, and the
    /// rows are still read with the columns that are known.
    pub fn resolve(cells: &[String], line: u64, issues: &mut Vec<Issue>) -> Header<C> {
        let table: Vec<(String, C)> = C::all()
            .iter()
            .flat_map(|&c| c.accepted().into_iter().map(move |name| (fold(&name), c)))
            .collect();
        let mut columns: Vec<Option<C>> = Vec::with_capacity(cells.len());
        for name in cells {
            if name.is_empty() {
                columns.push(None);
                continue;
            }
            let folded = fold(name);
            let Some(&(_, column)) = table.iter().find(|(n, _)| *n == folded) else {
                issues.push(header_issue(line, name, msg::UNKNOWN_COLUMN, vec![]));
                columns.push(None);
                continue;
            };
            if let Some(first) = columns.iter().position(|c| *c == Some(column)) {
                let other = cells.get(first).cloned().unwrap_or_default();
                issues.push(header_issue(
                    line,
                    name,
                    msg::DUPLICATE_COLUMN,
                    vec![("other", other)],
                ));
                columns.push(None);
                continue;
            }
            columns.push(Some(column));
        }
        let has = |c: C| columns.contains(&Some(c));
        for column in C::required(&has) {
            if !has(column) {
                issues.push(Issue {
                    line,
                    column: Some(column.canonical()),
                    message: msg::MISSING_COLUMN,
                    args: vec![("alias", column.french())],
                });
            }
        }
        Header {
            names: cells.to_vec(),
            columns,
        }
    }

    /// Where `column` is in the file, and its name as written.
    pub fn position(&self, column: C) -> Option<(usize, &str)> {
        let index = self.columns.iter().position(|c| *c == Some(column))?;
        Some((index, self.names.get(index).map_or("", String::as_str)))
    }

    /// Whether the file has this column.
    pub fn has(&self, column: C) -> bool {
        self.position(column).is_some()
    }

    /// The column's name as written in the header (its canonical name if absent).
    pub fn column_name(&self, column: C) -> String {
        self.position(column)
            .map_or_else(|| column.canonical(), |(_, name)| name.to_owned())
    }
}

fn header_issue(
    line: u64,
    name: &str,
    message: &'static str,
    args: Vec<(&'static str, String)>,
) -> Issue {
    Issue {
        line,
        column: Some(name.to_owned()),
        message,
        args,
    }
}

/// A checked file: its header and each row's value with the row's first line.
#[derive(Debug)]
pub struct Table<C, R> {
    pub header: Header<C>,
    pub rows: Vec<(u64, R)>,
}

/// Reads a file: each data row is given to `record`, which reads its cells through the
/// [`Row`] (reporting problems there) and returns its value. All or nothing: the values of
/// every row, or a report naming every problem of the file.
pub fn read_table<C: ColumnSpec, R>(
    bytes: &[u8],
    mut record: impl FnMut(&mut Row<'_, C>) -> Option<R>,
) -> Result<Table<C, R>, ImportReport> {
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
    let mut header: Option<Header<C>> = None;
    let mut rows = Vec::new();
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
        row.values_without_header();
        let value = record(&mut row);
        if let Some(value) = value
            && issues.len() == before
        {
            rows.push((line, value));
        }
    }
    match header {
        Some(header) if issues.is_empty() => Ok(Table { header, rows }),
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
/// spreadsheet would run as a formula (see [`write_line`]).
fn clean(cell: &str) -> String {
    let cell = cell.trim();
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\'']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

/// One data row being read; problems go to `issues`.
pub struct Row<'a, C> {
    pub line: u64,
    pub header: &'a Header<C>,
    pub cells: &'a [String],
    pub issues: &'a mut Vec<Issue>,
}

impl<C: ColumnSpec> Row<'_, C> {
    /// The non-empty cell of `column`, if the file has that column.
    pub fn cell(&self, column: C) -> Option<&str> {
        let (index, _) = self.header.position(column)?;
        self.cells
            .get(index)
            .map(String::as_str)
            .filter(|c| !c.is_empty())
    }

    /// `None` if invalid (reported), `Some(None)` if empty or the column is absent.
    pub fn optional<T>(
        &mut self,
        column: C,
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
    pub fn required<T>(&mut self, column: C, parse: fn(&str) -> Result<T, Rejected>) -> Option<T> {
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

    /// A problem in `column` of this row, the cell's value first in the arguments.
    pub fn issue(
        &self,
        column: C,
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

    /// Reports a value already seen on an earlier line (`first_line`) in a column that must
    /// be unique in the file.
    pub fn duplicate(&mut self, column: C, message: &'static str, value: &str, first_line: u64) {
        let issue = self.issue(
            column,
            message,
            value,
            vec![("first_line", first_line.to_string())],
        );
        self.issues.push(issue);
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

/// The start of an exported file: a UTF-8 BOM, so Excel in French locales opens the file in
/// columns with its accents right, and the canonical header.
pub fn write_header<C: ColumnSpec>(out: &mut String, columns: &[C]) {
    out.push('\u{FEFF}');
    let header: Vec<Cow<'_, str>> = columns.iter().map(|c| Cow::Owned(c.canonical())).collect();
    write_line(out, &header);
}

/// One line of an exported file: `;` separated, CRLF ended (Excel's own).
pub fn write_line(out: &mut String, cells: &[Cow<'_, str>]) {
    for (i, value) in cells.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        field(out, value);
    }
    out.push_str("\r\n");
}

/// RFC 4180 quoting. A value a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) gets a
/// leading `'`, as does one that already starts with `'`, so the import (`clean`) can take
/// exactly one off again: `+33 6…` → `'+33 6…` → `+33 6…`.
fn field(out: &mut String, value: &str) {
    let defused = value.starts_with(['=', '+', '-', '@', '\'']);
    let quoted = value.contains([';', ',', '\t', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if defused {
        out.push('\'');
    }
    if quoted {
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}
