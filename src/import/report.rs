//! What is wrong with a file: every problem, each with its line, column and a message id, so
//! the CLI and the upload page render it in the reader's language.

use crate::web::i18n::Lang;

/// The message ids (Fluent keys in `locales/*/main.ftl`). Every message receives `line`,
/// `column` (when the problem is in one column) and `value` (the cell, when there is one).
pub mod msg {
    pub const NOT_UTF8: &str = "import-not-utf8";
    pub const EMPTY_FILE: &str = "import-empty-file";
    pub const UNKNOWN_COLUMN: &str = "import-unknown-column";
    /// Args: `alias` (the French header name).
    pub const MISSING_COLUMN: &str = "import-missing-column";
    /// Args: `other` (the first column with the same meaning).
    pub const DUPLICATE_COLUMN: &str = "import-duplicate-column";
    /// No column: args `position` (1-based).
    pub const VALUE_WITHOUT_HEADER: &str = "import-value-without-header";
    pub const REQUIRED: &str = "import-required";
    /// Args: `max`.
    pub const TOO_LONG: &str = "import-too-long";
    pub const CONTROL_CHARACTER: &str = "import-control-character";
    pub const INVALID_DATE: &str = "import-invalid-date";
    pub const NONEXISTENT_DATE: &str = "import-nonexistent-date";
    pub const INVALID_SEX: &str = "import-invalid-sex";
    pub const INVALID_STATUS: &str = "import-invalid-status";
    pub const INVALID_RELATIONSHIP: &str = "import-invalid-relationship";
    pub const INVALID_YES_NO: &str = "import-invalid-yes-no";
    pub const INVALID_EMAIL: &str = "import-invalid-email";
    pub const INVALID_PHONE: &str = "import-invalid-phone";
    /// Args: `first_line`.
    pub const DUPLICATE_MATRICULE: &str = "import-duplicate-matricule";
    /// Args: `guardian` (1 or 2).
    pub const GUARDIAN_WITHOUT_NAME: &str = "import-guardian-without-name";

    // Found by the database step (`store`), not by the reading of the file.
    /// The class is not one of the current academic year's.
    pub const UNKNOWN_CLASS: &str = "import-unknown-class";
    /// A class is named but the school has no current academic year.
    pub const NO_CURRENT_YEAR: &str = "import-no-current-year";
    /// The same e-mail names guardians with other names or phone. Args: `first_line`.
    pub const GUARDIAN_EMAIL_CONFLICT: &str = "import-guardian-email-conflict";
    /// Both guardian columns of a row are the same person.
    pub const GUARDIAN_TWICE: &str = "import-guardian-twice";

    // Staff and structure files (`structure::import`).
    /// A username that is not 3–64 lowercase letters, digits, `.`, `-`, `_`.
    pub const INVALID_USERNAME: &str = "import-invalid-username";
    /// A role that is not one of the staff roles' names.
    pub const INVALID_ROLE: &str = "import-invalid-role";
    /// A school role that a staff file may not grant (administrator, parent, student).
    pub const ROLE_NOT_STAFF: &str = "import-role-not-staff";
    /// Args: `first_line`.
    pub const DUPLICATE_USERNAME: &str = "import-duplicate-username";
    /// Args: `first_line`.
    pub const DUPLICATE_CLASS: &str = "import-duplicate-class";
    /// Args: `first_line`.
    pub const DUPLICATE_ASSIGNMENT: &str = "import-duplicate-assignment";
    /// The username belongs to an account that is not a member of this school.
    pub const USERNAME_TAKEN: &str = "import-username-taken";
    /// Not a teacher of this school.
    pub const UNKNOWN_TEACHER: &str = "import-unknown-teacher";
    pub const UNKNOWN_LEVEL: &str = "import-unknown-level";
    pub const UNKNOWN_SUBJECT: &str = "import-unknown-subject";
    /// Not a period of the current academic year.
    pub const UNKNOWN_PERIOD: &str = "import-unknown-period";
    /// A class or assignment file while the school has no current academic year (no column).
    pub const NO_CURRENT_YEAR_FOR_FILE: &str = "import-no-current-year-for-file";

    pub const ALL: &[&str] = &[
        NOT_UTF8,
        EMPTY_FILE,
        UNKNOWN_COLUMN,
        MISSING_COLUMN,
        DUPLICATE_COLUMN,
        VALUE_WITHOUT_HEADER,
        REQUIRED,
        TOO_LONG,
        CONTROL_CHARACTER,
        INVALID_DATE,
        NONEXISTENT_DATE,
        INVALID_SEX,
        INVALID_STATUS,
        INVALID_RELATIONSHIP,
        INVALID_YES_NO,
        INVALID_EMAIL,
        INVALID_PHONE,
        DUPLICATE_MATRICULE,
        GUARDIAN_WITHOUT_NAME,
        UNKNOWN_CLASS,
        NO_CURRENT_YEAR,
        GUARDIAN_EMAIL_CONFLICT,
        GUARDIAN_TWICE,
        INVALID_USERNAME,
        INVALID_ROLE,
        ROLE_NOT_STAFF,
        DUPLICATE_USERNAME,
        DUPLICATE_CLASS,
        DUPLICATE_ASSIGNMENT,
        USERNAME_TAKEN,
        UNKNOWN_TEACHER,
        UNKNOWN_LEVEL,
        UNKNOWN_SUBJECT,
        UNKNOWN_PERIOD,
        NO_CURRENT_YEAR_FOR_FILE,
    ];
}

/// One problem in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// 1-based line in the file (the header is line 1; a quoted line break counts).
    pub line: u64,
    /// The column's name as written in the header; for a missing column, its canonical name;
    /// `None` for problems with the whole file or a line.
    pub column: Option<String>,
    /// A Fluent message id, one of [`msg`].
    pub message: &'static str,
    /// The message's arguments, besides `line` and `column`.
    pub args: Vec<(&'static str, String)>,
}

impl Issue {
    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut args = Vec::with_capacity(self.args.len() + 2);
        args.push(("line", self.line.to_string()));
        if let Some(column) = &self.column {
            args.push(("column", column.clone()));
        }
        args.extend(self.args.iter().cloned());
        lang.t_with(self.message, &args)
    }
}

/// Every problem found in a file, in file order (header problems first). A file with any
/// problem imports nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    pub issues: Vec<Issue>,
}

impl ImportReport {
    /// One sentence per problem, in `lang`.
    pub fn render(&self, lang: Lang) -> Vec<String> {
        self.issues.iter().map(|issue| issue.render(lang)).collect()
    }

    /// `(line, column, message id)` of each problem: what tests compare.
    pub fn summary(&self) -> Vec<(u64, Option<&str>, &'static str)> {
        self.issues
            .iter()
            .map(|i| (i.line, i.column.as_deref(), i.message))
            .collect()
    }
}
