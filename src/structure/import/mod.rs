//! Staff, class and teaching-assignment import and export, the pure part: CSV bytes in,
//! checked records or a report of every problem out; records in, CSV out. Built on the shared
//! machinery of `crate::import` (reading, header names in English or French, line/column
//! reports in the reader's language, canonical writing), as the student import is.
//!
//! Three kinds of file (docs/IMPORT.md is the staff-facing version), imported in this order
//! because each names things the previous one creates:
//! - staff: one user account per row, matched on username;
//! - classes of the current academic year, matched on name (case aside), naming an existing
//!   level and optionally a main teacher by username;
//! - teaching assignments: class × subject code × teacher × optional period, matched on all four.
//!
//! `parse_*(export_*(r)) == r` for every kind (property tests), and `store` applies a file all or
//! nothing, so an exported file re-imports without changing anything.

pub mod store;

mod repo;
#[cfg(test)]
mod tests;

use std::{borrow::Cow, collections::HashMap};

use crate::{
    academics::import::{Email, PersonName},
    accounts::model::{Role, Username},
    import::{
        ColumnSpec, ImportReport, Rejected, Row, Table, fold, msg, read_table, single_line,
        write_header, write_line,
    },
    structure::model::parse_subject_code,
};

/// The three kinds of file, as the CLI and the audit name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Staff,
    Classes,
    Assignments,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Staff, Kind::Classes, Kind::Assignments];

    /// From its name in a URL or on the command line.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The downloadable template (under `/static/templates/`).
    pub fn template(self) -> &'static str {
        match self {
            Kind::Staff => "personnel-modele.csv",
            Kind::Classes => "classes-modele.csv",
            Kind::Assignments => "services-modele.csv",
        }
    }

    /// The number of rows of a well-formed file (0 otherwise): a job's total.
    pub fn rows(self, bytes: &[u8]) -> u64 {
        let rows = match self {
            Kind::Staff => parse_staff(bytes).map(|t| t.rows.len()),
            Kind::Classes => parse_classes(bytes).map(|t| t.rows.len()),
            Kind::Assignments => parse_assignments(bytes).map(|t| t.rows.len()),
        };
        rows.map_or(0, |n| n as u64)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Staff => "teachers",
            Kind::Classes => "classes",
            Kind::Assignments => "assignments",
        }
    }
}

/// Declares the columns of one kind of file: the English (canonical) name, the accepted French
/// names (the first is the one documented) and whether a file must have the column.
macro_rules! column_set {
    ($(#[$doc:meta])* $name:ident { $($variant:ident: $english:literal, [$($french:literal),+], $required:expr;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            /// Every column, in the export's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            fn names(self) -> (&'static str, &'static [&'static str], bool) {
                match self {
                    $($name::$variant => ($english, &[$($french),+], $required)),+
                }
            }
        }

        impl ColumnSpec for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }

            fn canonical(self) -> String {
                self.names().0.to_owned()
            }

            fn french(self) -> String {
                self.names().1[0].to_owned()
            }

            fn accepted(self) -> Vec<String> {
                let (english, french, _) = self.names();
                std::iter::once(english)
                    .chain(french.iter().copied())
                    .map(str::to_owned)
                    .collect()
            }

            fn required(_has: &dyn Fn(Self) -> bool) -> Vec<Self> {
                Self::ALL.iter().copied().filter(|c| c.names().2).collect()
            }
        }
    };
}

column_set!(
    /// A column of the staff file.
    StaffColumn {
        Username: "username", ["identifiant", "nom_utilisateur", "login"], true;
        LastName: "last_name", ["nom", "nom_de_famille"], true;
        FirstName: "first_name", ["prenom"], false;
        Email: "email", ["courriel", "mail", "e_mail"], false;
        Roles: "roles", ["fonctions", "fonction", "role"], true;
    }
);

column_set!(
    /// A column of the class file.
    ClassColumn {
        Name: "class", ["classe", "nom_classe"], true;
        Level: "level", ["niveau"], true;
        MainTeacher: "main_teacher", ["professeur_principal", "prof_principal"], false;
        Room: "room", ["salle"], false;
    }
);

column_set!(
    /// A column of the teaching-assignment file.
    AssignmentColumn {
        Class: "class", ["classe"], true;
        Subject: "subject", ["matiere", "code_matiere"], true;
        Teacher: "teacher", ["professeur", "enseignant"], true;
        Period: "period", ["periode"], false;
    }
);

/// A one-line text of at most `MAX` characters (whitespace collapsed).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text<const MAX: usize>(String);

impl<const MAX: usize> Text<MAX> {
    pub fn parse(s: &str) -> Result<Self, Rejected> {
        single_line(s, MAX).map(Text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A value read back from the database for the export, as stored.
    pub fn from_stored(s: String) -> Self {
        Text(s)
    }

    /// The key the database step matches on: case aside.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A class name (40 characters, as on the class form).
pub type ClassName = Text<40>;
/// A level name, matched with an existing level.
pub type LevelName = Text<100>;
/// A room (40 characters, as on the class form).
pub type Room = Text<40>;
/// A period name, matched with a period of the current year.
pub type PeriodName = Text<100>;

fn parse_username(s: &str) -> Result<Username, Rejected> {
    Username::parse(s).map_err(|_| Rejected::new(msg::INVALID_USERNAME))
}

/// A subject code as stored (upper case); an impossible code cannot name a subject.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SubjectCode(String);

impl SubjectCode {
    pub fn parse(s: &str) -> Result<Self, Rejected> {
        parse_subject_code(s)
            .map(SubjectCode)
            .map_err(|_| Rejected::new(msg::UNKNOWN_SUBJECT))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The staff roles a file may grant, without repetition, in [`Role`] order. Administrator,
/// parent and student are refused: an administrator's rights are granted deliberately on the
/// user's page, and parents and students are not staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRoles(Vec<Role>);

impl StaffRoles {
    pub const GRANTABLE: [Role; 3] = [Role::Teacher, Role::VieScolaire, Role::Bursar];

    /// One or more role names separated by `,` `+` `|` or `/`, in English or French:
    /// `teacher` / `enseignant` / `professeur`, `vie_scolaire` / `vie scolaire` / `cpe`,
    /// `bursar` / `intendance` / `gestionnaire`.
    pub fn parse(s: &str) -> Result<Self, Rejected> {
        let mut roles = Vec::new();
        for part in s.split([',', '+', '|', '/']) {
            let folded = fold(part);
            if folded.is_empty() {
                continue;
            }
            let role = match folded.as_str() {
                "teacher" | "enseignant" | "enseignante" | "professeur" | "professeure"
                | "prof" => Role::Teacher,
                "viescolaire" | "cpe" => Role::VieScolaire,
                "bursar" | "intendance" | "intendant" | "intendante" | "gestionnaire" => {
                    Role::Bursar
                }
                "schooladmin" | "admin" | "administrateur" | "administratrice" | "direction"
                | "parent" | "student" | "eleve" => {
                    return Err(Rejected::new(msg::ROLE_NOT_STAFF));
                }
                _ => return Err(Rejected::new(msg::INVALID_ROLE)),
            };
            roles.push(role);
        }
        if roles.is_empty() {
            return Err(Rejected::new(msg::INVALID_ROLE));
        }
        roles.sort_unstable();
        roles.dedup();
        Ok(StaffRoles(roles))
    }

    /// From the roles held (the non-staff ones left out); `None` if none is a staff role.
    pub fn from_held(held: &[Role]) -> Option<Self> {
        let mut roles: Vec<Role> = held
            .iter()
            .copied()
            .filter(|r| Self::GRANTABLE.contains(r))
            .collect();
        roles.sort_unstable();
        roles.dedup();
        (!roles.is_empty()).then_some(StaffRoles(roles))
    }

    pub fn roles(&self) -> &[Role] {
        &self.0
    }

    /// The canonical text: English codes joined by `,`.
    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// One row of the staff file: a user account and its staff roles in the school.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRecord {
    pub username: Username,
    pub last_name: PersonName,
    pub first_name: Option<PersonName>,
    pub email: Option<Email>,
    pub roles: StaffRoles,
}

impl StaffRecord {
    /// The account's display name: "First Last", or "Last" without a first name.
    pub fn display_name(&self) -> String {
        match &self.first_name {
            Some(first) => format!("{} {}", first.as_str(), self.last_name.as_str()),
            None => self.last_name.as_str().to_owned(),
        }
    }
}

/// Splits a stored display name back into (first, last) for the export, at its first space:
/// "Jean Dupont" → ("Jean", "Dupont"), "Admin" → (none, "Admin"). Joining them again gives the
/// same display name, which is what the import compares, so an export re-imports unchanged.
pub fn split_display_name(display: &str) -> (Option<PersonName>, PersonName) {
    let display = display.split_whitespace().collect::<Vec<_>>().join(" ");
    match display.split_once(' ') {
        Some((first, last)) => (
            Some(PersonName::from_stored(first.to_owned())),
            PersonName::from_stored(last.to_owned()),
        ),
        None => (None, PersonName::from_stored(display)),
    }
}

/// One row of the class file: a class of the current academic year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassRecord {
    pub name: ClassName,
    pub level: LevelName,
    pub main_teacher: Option<Username>,
    pub room: Option<Room>,
}

/// One row of the assignment file: who teaches a subject to a class, for the whole year or
/// one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentRecord {
    pub class: ClassName,
    pub subject: SubjectCode,
    pub teacher: Username,
    pub period: Option<PeriodName>,
}

impl AssignmentRecord {
    /// What makes two rows the same assignment (case aside in names).
    fn key(&self) -> (String, String, String, String) {
        (
            self.class.key(),
            self.subject.as_str().to_owned(),
            self.teacher.as_str().to_owned(),
            self.period.as_ref().map(Text::key).unwrap_or_default(),
        )
    }
}

/// Reports a key already seen on an earlier row; remembers it otherwise.
fn unique<C: ColumnSpec, K: std::hash::Hash + Eq>(
    row: &mut Row<'_, C>,
    seen: &mut HashMap<K, u64>,
    key: K,
    column: C,
    message: &'static str,
    value: &str,
) {
    match seen.get(&key) {
        Some(&first_line) => row.duplicate(column, message, value, first_line),
        None => {
            seen.insert(key, row.line);
        }
    }
}

/// Parses a staff file. All or nothing: every row's record, or every problem.
pub fn parse_staff(bytes: &[u8]) -> Result<Table<StaffColumn, StaffRecord>, ImportReport> {
    let mut seen = HashMap::new();
    read_table(bytes, |row| {
        let username = row.required(StaffColumn::Username, parse_username);
        if let Some(u) = &username {
            let value = u.as_str().to_owned();
            unique(
                row,
                &mut seen,
                value.clone(),
                StaffColumn::Username,
                msg::DUPLICATE_USERNAME,
                &value,
            );
        }
        let last_name = row.required(StaffColumn::LastName, PersonName::parse);
        let first_name = row.optional(StaffColumn::FirstName, PersonName::parse);
        let email = row.optional(StaffColumn::Email, Email::parse);
        let roles = row.required(StaffColumn::Roles, StaffRoles::parse);
        Some(StaffRecord {
            username: username?,
            last_name: last_name?,
            first_name: first_name?,
            email: email?,
            roles: roles?,
        })
    })
}

/// Parses a class file.
pub fn parse_classes(bytes: &[u8]) -> Result<Table<ClassColumn, ClassRecord>, ImportReport> {
    let mut seen = HashMap::new();
    read_table(bytes, |row| {
        let name = row.required(ClassColumn::Name, ClassName::parse);
        if let Some(n) = &name {
            unique(
                row,
                &mut seen,
                n.key(),
                ClassColumn::Name,
                msg::DUPLICATE_CLASS,
                n.as_str(),
            );
        }
        let level = row.required(ClassColumn::Level, LevelName::parse);
        let main_teacher = row.optional(ClassColumn::MainTeacher, parse_username);
        let room = row.optional(ClassColumn::Room, Room::parse);
        Some(ClassRecord {
            name: name?,
            level: level?,
            main_teacher: main_teacher?,
            room: room?,
        })
    })
}

/// Parses a teaching-assignment file.
pub fn parse_assignments(
    bytes: &[u8],
) -> Result<Table<AssignmentColumn, AssignmentRecord>, ImportReport> {
    let mut seen: HashMap<(String, String, String, String), u64> = HashMap::new();
    read_table(bytes, |row| {
        let class = row.required(AssignmentColumn::Class, ClassName::parse);
        let subject = row.required(AssignmentColumn::Subject, SubjectCode::parse);
        let teacher = row.required(AssignmentColumn::Teacher, parse_username);
        let period = row.optional(AssignmentColumn::Period, PeriodName::parse);
        let record = AssignmentRecord {
            class: class?,
            subject: subject?,
            teacher: teacher?,
            period: period?,
        };
        match seen.get(&record.key()) {
            Some(&first_line) => {
                row.issues.push(crate::import::Issue {
                    line: row.line,
                    column: None,
                    message: msg::DUPLICATE_ASSIGNMENT,
                    args: vec![("first_line", first_line.to_string())],
                });
            }
            None => {
                seen.insert(record.key(), row.line);
            }
        }
        Some(record)
    })
}

fn export<C: ColumnSpec, R>(records: &[R], cells: impl Fn(&R) -> Vec<Cow<'_, str>>) -> String {
    let mut out = String::with_capacity(64 + records.len() * 60);
    write_header(&mut out, C::all());
    for record in records {
        write_line(&mut out, &cells(record));
    }
    out
}

fn opt(value: Option<&str>) -> Cow<'_, str> {
    Cow::Borrowed(value.unwrap_or(""))
}

/// The staff file of `records`, canonical header first.
pub fn export_staff(records: &[StaffRecord]) -> String {
    export::<StaffColumn, _>(records, |r| {
        vec![
            Cow::Borrowed(r.username.as_str()),
            Cow::Borrowed(r.last_name.as_str()),
            opt(r.first_name.as_ref().map(PersonName::as_str)),
            opt(r.email.as_ref().map(Email::as_str)),
            Cow::Owned(r.roles.to_text()),
        ]
    })
}

/// The class file of `records`.
pub fn export_classes(records: &[ClassRecord]) -> String {
    export::<ClassColumn, _>(records, |r| {
        vec![
            Cow::Borrowed(r.name.as_str()),
            Cow::Borrowed(r.level.as_str()),
            opt(r.main_teacher.as_ref().map(Username::as_str)),
            opt(r.room.as_ref().map(Text::as_str)),
        ]
    })
}

/// The teaching-assignment file of `records`.
pub fn export_assignments(records: &[AssignmentRecord]) -> String {
    export::<AssignmentColumn, _>(records, |r| {
        vec![
            Cow::Borrowed(r.class.as_str()),
            Cow::Borrowed(r.subject.as_str()),
            Cow::Borrowed(r.teacher.as_str()),
            opt(r.period.as_ref().map(Text::as_str)),
        ]
    })
}
