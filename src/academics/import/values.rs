//! The checked values of one import row. Each type has one `parse` from the trimmed cell text
//! and one canonical text form (`as_str`), and `parse(as_str(v)) == v`: the export writes the
//! canonical form, so an export re-imports identically.

use jiff::civil::Date;

use super::report::msg;

pub use crate::import::{Rejected, fold};
use crate::import::{check_text, single_line};

macro_rules! line_type {
    ($(#[$doc:meta])* $name:ident, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            /// Trimmed, inner whitespace collapsed; empty is the caller's business (required
            /// or absent), so an empty cell never reaches this.
            pub fn parse(s: &str) -> Result<Self, Rejected> {
                single_line(s, Self::MAX_CHARS).map($name)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// A value read back from the database for the export, as stored.
            pub fn from_stored(s: String) -> Self {
                $name(s)
            }
        }
    };
}

line_type!(
    /// The school's registration number: unique within a file (and, at the database step,
    /// within the school).
    Matricule,
    50
);
line_type!(
    /// A last or first name.
    PersonName,
    100
);
line_type!(
    /// A class name as the school writes it ("6e A"); resolved to a class at the database step.
    ClassName,
    50
);
line_type!(
    /// A place of birth.
    Place,
    100
);
line_type!(
    /// A national student ID (INE), as written; encrypted at the database step.
    NationalId,
    50
);

/// Free text over several lines (medical information): trimmed, line ends made `\n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notes(String);

impl Notes {
    pub const MAX_CHARS: usize = 4000;

    pub fn parse(s: &str) -> Result<Self, Rejected> {
        let text = s
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .trim()
            .to_owned();
        check_text(&text, Self::MAX_CHARS)?;
        Ok(Notes(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A value read back from the database for the export, as stored (the database checked
    /// it when it was written; the export must not drop what the import would not take).
    pub fn from_stored(s: String) -> Self {
        Self(s)
    }
}

/// A date of birth, written `dd/mm/yyyy` (French spreadsheets) or `yyyy-mm-dd` (ISO, what the
/// export writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BirthDate(pub Date);

impl BirthDate {
    pub fn parse(s: &str) -> Result<Self, Rejected> {
        let numbers = |parts: [&str; 3], widths: [(usize, usize); 3]| -> Option<[i16; 3]> {
            let mut out = [0; 3];
            for ((part, (min, max)), slot) in parts.iter().zip(widths).zip(&mut out) {
                if part.len() < min || part.len() > max || !part.bytes().all(|b| b.is_ascii_digit())
                {
                    return None;
                }
                *slot = part.parse().ok()?;
            }
            Some(out)
        };
        let slashed = s.contains('/');
        let parts: Vec<&str> = s.trim().split(if slashed { '/' } else { '-' }).collect();
        let ymd = match (parts.as_slice(), slashed) {
            ([d, m, y], true) | ([y, m, d], false) => numbers([y, m, d], [(4, 4), (1, 2), (1, 2)]),
            _ => None,
        };
        let [year, month, day] = ymd.ok_or_else(|| Rejected::new(msg::INVALID_DATE))?;
        let month = i8::try_from(month).map_err(|_| Rejected::new(msg::NONEXISTENT_DATE))?;
        let day = i8::try_from(day).map_err(|_| Rejected::new(msg::NONEXISTENT_DATE))?;
        Date::new(year, month, day)
            .map(BirthDate)
            .map_err(|_| Rejected::new(msg::NONEXISTENT_DATE))
    }

    /// ISO `yyyy-mm-dd`.
    pub fn to_iso(self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

/// Enumerations: the stored (English, database) code, and every spelling accepted on import,
/// compared after [`fold`].
macro_rules! choice_type {
    ($(#[$doc:meta])* $name:ident, $message:expr, { $($variant:ident => $code:literal [$($alias:literal),*]),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant),*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The code stored in the database and written by the export.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code),*
                }
            }

            pub fn parse(s: &str) -> Result<Self, Rejected> {
                let folded = fold(s);
                $(
                    if folded == $code || [$($alias),*].contains(&folded.as_str()) {
                        return Ok($name::$variant);
                    }
                )*
                Err(Rejected::new($message))
            }
        }
    };
}

choice_type!(
    /// `F` or `M`; also `féminin`/`masculin`, `female`/`male`, `fille`/`garçon`.
    Sex, msg::INVALID_SEX, {
        F => "F" ["f", "feminin", "female", "fille"],
        M => "M" ["m", "masculin", "male", "garcon"],
    }
);

choice_type!(
    /// Enrolment status; French labels (`inscrit`, `parti`, `diplômé`, either gender) accepted.
    Status, msg::INVALID_STATUS, {
        Enrolled => "enrolled" ["inscrit", "inscrite"],
        Left => "left" ["parti", "partie"],
        Graduated => "graduated" ["diplome", "diplomee"],
    }
);

choice_type!(
    /// How a guardian relates to the student; French labels accepted.
    Relationship, msg::INVALID_RELATIONSHIP, {
        Mother => "mother" ["mere", "maman"],
        Father => "father" ["pere", "papa"],
        Guardian => "guardian" ["tuteur", "tutrice", "tuteurlegal", "tutricelegale", "legalguardian"],
        Other => "other" ["autre"],
    }
);

/// A yes/no cell: `oui`/`non`, `yes`/`no`, `1`/`0`, `o`/`n`, `y`, `vrai`/`faux`, `true`/`false`.
pub fn parse_yes_no(s: &str) -> Result<bool, Rejected> {
    match fold(s).as_str() {
        "oui" | "o" | "yes" | "y" | "1" | "vrai" | "true" | "x" => Ok(true),
        "non" | "n" | "no" | "0" | "faux" | "false" => Ok(false),
        _ => Err(Rejected::new(msg::INVALID_YES_NO)),
    }
}

/// The export's spelling of a flag.
pub fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// An e-mail address, lower-cased (guardians are matched on it, case-insensitively). Checked
/// for shape only: one `@`, something before it, a dotted domain after it, no spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(s: &str) -> Result<Self, Rejected> {
        let email = s.trim().to_lowercase();
        let shaped = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && domain.split('.').all(|label| !label.is_empty())
                    && !email.chars().any(|c| c.is_whitespace() || c.is_control())
                    && !email.contains([',', ';', '<', '>', '"'])
            }
            None => false,
        };
        if !shaped {
            return Err(Rejected::new(msg::INVALID_EMAIL));
        }
        check_text(&email, Self::MAX_CHARS)?;
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A value read back from the database for the export, as stored (the database checked
    /// it when it was written; the export must not drop what the import would not take).
    pub fn from_stored(s: String) -> Self {
        Self(s)
    }
}

/// A telephone number as written (spaces collapsed): digits with the usual separators
/// (`+ . - / ( )` and spaces), 6 to 20 digits. Catches swapped columns (an e-mail or a name
/// in the phone column) without imposing a national format.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    pub fn parse(s: &str) -> Result<Self, Rejected> {
        let phone = s.split_whitespace().collect::<Vec<_>>().join(" ");
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let allowed = phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +.-/()".contains(c));
        if !allowed || !(6..=20).contains(&digits) {
            return Err(Rejected::new(msg::INVALID_PHONE));
        }
        Ok(Phone(phone))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A value read back from the database for the export, as stored (the database checked
    /// it when it was written; the export must not drop what the import would not take).
    pub fn from_stored(s: String) -> Self {
        Self(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_accents_and_separators() {
        assert_eq!(fold("Date de naissance"), "datedenaissance");
        assert_eq!(fold(" Prénom "), "prenom");
        assert_eq!(fold("Pre\u{301}nom"), "prenom");
        assert_eq!(fold("RESPONSABLE1_TÉLÉPHONE"), "responsable1telephone");
    }

    #[test]
    fn dates_in_both_formats() {
        let d = |y, m, d| Ok(BirthDate(Date::new(y, m, d).unwrap()));
        assert_eq!(BirthDate::parse("14/03/2012"), d(2012, 3, 14));
        assert_eq!(BirthDate::parse("4/3/2012"), d(2012, 3, 4));
        assert_eq!(BirthDate::parse("2012-03-14"), d(2012, 3, 14));
        let err = |s| BirthDate::parse(s).unwrap_err().message;
        assert_eq!(err("31/02/2026"), msg::NONEXISTENT_DATE);
        assert_eq!(err("2026-13-01"), msg::NONEXISTENT_DATE);
        assert_eq!(err("14/03/12"), msg::INVALID_DATE);
        assert_eq!(err("2012/03/14"), msg::INVALID_DATE);
        assert_eq!(err("14-03-2012"), msg::INVALID_DATE);
        assert_eq!(err("mars 2012"), msg::INVALID_DATE);
        assert_eq!(err("14/03-2012"), msg::INVALID_DATE);
        assert_eq!(err("+4/03/2012"), msg::INVALID_DATE);
    }

    #[test]
    fn choices_accept_french_and_english() {
        assert_eq!(Sex::parse("Féminin"), Ok(Sex::F));
        assert_eq!(Sex::parse("male"), Ok(Sex::M));
        assert_eq!(Status::parse("Diplômée"), Ok(Status::Graduated));
        assert_eq!(Relationship::parse("Mère"), Ok(Relationship::Mother));
        assert_eq!(
            Relationship::parse("tuteur légal"),
            Ok(Relationship::Guardian)
        );
        assert!(Sex::parse("X").is_err());
        for s in Sex::ALL {
            assert_eq!(Sex::parse(s.as_str()), Ok(*s));
        }
    }

    #[test]
    fn emails_and_phones() {
        assert_eq!(
            Email::parse(" Marie.Dupont@Example.FR ").unwrap().as_str(),
            "marie.dupont@example.fr"
        );
        for bad in [
            "marie", "marie@", "@x.fr", "a@b", "a@b..fr", "a b@c.fr", "a@b@c.fr",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Phone::parse("+33  6 12 34 56 78").unwrap().as_str(),
            "+33 6 12 34 56 78"
        );
        assert!(Phone::parse("marie@example.fr").is_err());
        assert!(Phone::parse("12 34").is_err());
    }
}
