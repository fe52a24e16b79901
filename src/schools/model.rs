//! Schools are the tenants. [`SchoolScope`] is the proof that a caller acts inside one school:
//! every repository function touching a tenant-owned table takes one and binds its id, so a
//! query that forgets the school is hard to write.

use serde::{Deserialize, Serialize};

pub use crate::gradebook::AnnualMode;
use crate::web::i18n::Lang;

/// The school a request (or a CLI command) acts in. It can only be built by code that has
/// checked the right to act there: the session loader (from a membership), school setup, and
/// the CLI/demo seeders, which run with the operator's authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchoolScope {
    school_id: i64,
}

impl SchoolScope {
    /// For the session loader, which read the membership from the database.
    pub(crate) fn from_membership(school_id: i64) -> Self {
        Self { school_id }
    }

    /// For operator commands (CLI, demo seeding, setup) that act with full authority.
    pub(crate) fn for_operator(school_id: i64) -> Self {
        Self { school_id }
    }

    /// For accepting a guardian invitation: the unguessable, single-use token was issued by
    /// the school (`people::guardians::accept`), and grants exactly one account creation there.
    pub(crate) fn from_invitation(school_id: i64) -> Self {
        Self { school_id }
    }

    pub fn school_id(self) -> i64 {
        self.school_id
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Trimester,
    Semester,
}

impl PeriodKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Trimester => "trimester",
            PeriodKind::Semester => "semester",
        }
    }
    pub fn parse(v: &str) -> Option<Self> {
        match v {
            "trimester" => Some(Self::Trimester),
            "semester" => Some(Self::Semester),
            _ => None,
        }
    }
}

/// How a subject average is computed (see DESIGN.md, "Domain rules").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AverageMode {
    /// Bring each mark to /20, then weight by the assessment's coefficient.
    Normalized,
    /// Weight by the assessment's maximum (Σ points / Σ maxima × 20).
    WeightedByMax,
}

impl AverageMode {
    pub fn as_str(self) -> &'static str {
        match self {
            AverageMode::Normalized => "normalized",
            AverageMode::WeightedByMax => "weighted_by_max",
        }
    }
    pub fn parse(v: &str) -> Option<Self> {
        match v {
            "normalized" => Some(Self::Normalized),
            "weighted_by_max" => Some(Self::WeightedByMax),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct School {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub locale: Lang,
    pub timezone: String,
    pub currency: String,
    pub color: String,
    pub period_kind: PeriodKind,
    pub average_mode: AverageMode,
    pub grade_decimals: i64,
    /// Whether students and parents see class ranks (staff always do).
    pub show_ranks: bool,
    /// How the annual average is obtained from the periods.
    pub annual_mode: AnnualMode,
    /// The longest appréciation a teacher may write, in characters (100 to 2000).
    pub appreciation_max_chars: i64,
    /// Disabled by a platform administrator: its members cannot use it.
    pub disabled: bool,
}

/// Validated school settings, as created at setup or edited by a school admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolSettings {
    pub name: String,
    pub locale: Lang,
    pub timezone: String,
    pub currency: String,
    pub color: String,
    pub period_kind: PeriodKind,
    pub average_mode: AverageMode,
    pub grade_decimals: i64,
    pub show_ranks: bool,
    pub annual_mode: AnnualMode,
    pub appreciation_max_chars: i64,
}

/// The raw settings form, shared by setup and the settings page.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub locale: String,
    #[serde(default)]
    pub timezone: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub color: String,
    #[serde(default)]
    pub period_kind: String,
    #[serde(default)]
    pub average_mode: String,
    #[serde(default)]
    pub grade_decimals: String,
    /// A checkbox: `on` (or `true`) shows ranks to students and parents; absent hides them.
    #[serde(default)]
    pub show_ranks: String,
    #[serde(default)]
    pub annual_mode: String,
    /// Blank: the default (300).
    #[serde(default)]
    pub appreciation_max_chars: String,
}

/// Field errors as (field name, message id).
pub type FieldErrors = Vec<(&'static str, &'static str)>;

/// Currencies offered; the minor-unit count matters for money later (XOF/XAF have none).
pub const CURRENCIES: [&str; 6] = ["EUR", "XOF", "XAF", "MAD", "CHF", "USD"];

impl SettingsForm {
    pub fn from_school(s: &School) -> Self {
        Self {
            name: s.name.clone(),
            locale: s.locale.code().into(),
            timezone: s.timezone.clone(),
            currency: s.currency.clone(),
            color: s.color.clone(),
            period_kind: s.period_kind.as_str().into(),
            average_mode: s.average_mode.as_str().into(),
            grade_decimals: s.grade_decimals.to_string(),
            show_ranks: checkbox(s.show_ranks),
            annual_mode: s.annual_mode.as_setting().into(),
            appreciation_max_chars: s.appreciation_max_chars.to_string(),
        }
    }

    pub fn parse(&self, errors: &mut FieldErrors) -> Option<SchoolSettings> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 160 {
            errors.push(("name", "error-school-name"));
        }
        let locale = Lang::parse(&self.locale);
        if locale.is_none() {
            errors.push(("locale", "error-choice"));
        }
        let timezone = self.timezone.trim();
        if jiff::tz::TimeZone::get(timezone).is_err() {
            errors.push(("timezone", "error-timezone"));
        }
        let currency = self.currency.trim().to_ascii_uppercase();
        if !CURRENCIES.contains(&currency.as_str()) {
            errors.push(("currency", "error-choice"));
        }
        let color = self.color.trim().to_ascii_lowercase();
        let color_ok = color.len() == 7
            && color.starts_with('#')
            && color.chars().skip(1).all(|c| c.is_ascii_hexdigit());
        if !color_ok {
            errors.push(("color", "error-color"));
        }
        let period_kind = PeriodKind::parse(&self.period_kind);
        if period_kind.is_none() {
            errors.push(("period_kind", "error-choice"));
        }
        let average_mode = AverageMode::parse(&self.average_mode);
        if average_mode.is_none() {
            errors.push(("average_mode", "error-choice"));
        }
        let grade_decimals = self
            .grade_decimals
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|d| (0..=4).contains(d));
        if grade_decimals.is_none() {
            errors.push(("grade_decimals", "error-decimals"));
        }
        // Blank: the default, for forms that predate the setting.
        let annual_mode = match self.annual_mode.trim() {
            "" => Some(AnnualMode::MeanOfPeriods),
            raw => AnnualMode::from_setting(raw),
        };
        if annual_mode.is_none() {
            errors.push(("annual_mode", "error-choice"));
        }
        let appreciation_max_chars = match self.appreciation_max_chars.trim() {
            "" => Some(DEFAULT_APPRECIATION_MAX_CHARS),
            raw => raw
                .parse::<i64>()
                .ok()
                .filter(|n| APPRECIATION_MAX_CHARS_RANGE.contains(n)),
        };
        if appreciation_max_chars.is_none() {
            errors.push(("appreciation_max_chars", "error-appreciation-max-chars"));
        }
        Some(SchoolSettings {
            name: name.to_owned(),
            locale: locale?,
            timezone: timezone.to_owned(),
            currency,
            color,
            period_kind: period_kind?,
            average_mode: average_mode?,
            grade_decimals: grade_decimals?,
            show_ranks: matches!(self.show_ranks.trim(), "on" | "true" | "1"),
            annual_mode: annual_mode?,
            appreciation_max_chars: appreciation_max_chars?,
        })
        .filter(|_| errors.is_empty())
    }
}

/// The appréciation limit of a new school, in characters.
pub const DEFAULT_APPRECIATION_MAX_CHARS: i64 = 300;

/// The limits a school may choose for appréciations, in characters.
pub const APPRECIATION_MAX_CHARS_RANGE: std::ops::RangeInclusive<i64> = 100..=2000;

/// A checkbox's form value.
pub fn checkbox(on: bool) -> String {
    if on { "on".into() } else { String::new() }
}

/// A school code: 2–20 uppercase letters, digits or `-`, unique on the platform.
pub fn parse_school_code(raw: &str) -> Result<String, &'static str> {
    let code = raw.trim().to_ascii_uppercase();
    if code.len() < 2
        || code.len() > 20
        || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err("error-school-code");
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> SettingsForm {
        SettingsForm {
            name: "Collège Victor Hugo".into(),
            locale: "fr".into(),
            timezone: "Africa/Dakar".into(),
            currency: "xof".into(),
            color: "#1D4ED8".into(),
            period_kind: "trimester".into(),
            average_mode: "normalized".into(),
            grade_decimals: "2".into(),
            show_ranks: "on".into(),
            annual_mode: "mean_of_periods".into(),
            appreciation_max_chars: "300".into(),
        }
    }

    #[test]
    fn valid_settings_parse_and_normalise() {
        let mut errors = Vec::new();
        let s = good().parse(&mut errors).unwrap();
        assert!(errors.is_empty());
        assert_eq!(s.currency, "XOF");
        assert_eq!(s.color, "#1d4ed8");
    }

    #[test]
    fn every_bad_field_is_reported() {
        let form = SettingsForm {
            name: " ".into(),
            timezone: "Mars/Olympus".into(),
            currency: "BTC".into(),
            color: "blue".into(),
            grade_decimals: "9".into(),
            ..good()
        };
        let mut errors = Vec::new();
        assert!(form.parse(&mut errors).is_none());
        let fields: Vec<_> = errors.iter().map(|e| e.0).collect();
        assert_eq!(
            fields,
            ["name", "timezone", "currency", "color", "grade_decimals"]
        );
    }

    #[test]
    fn school_codes() {
        assert_eq!(parse_school_code(" lyc-hugo "), Ok("LYC-HUGO".into()));
        assert!(parse_school_code("a").is_err());
        assert!(parse_school_code("with space").is_err());
    }
}
