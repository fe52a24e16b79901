//! Checked structure types: dates, coefficients, colours, subject codes, and the typed inputs
//! of each action (parsed from forms or API bodies, all fields at once so a form shows every
//! problem together). Pure: no I/O.

use jiff::civil::Date;
use serde::Deserialize;

use crate::{
    schools::model::{FieldErrors, PeriodKind},
    web::i18n::Lang,
};

/// An ISO date (`YYYY-MM-DD`).
pub fn parse_date(raw: &str) -> Result<Date, &'static str> {
    raw.trim().parse::<Date>().map_err(|_| "error-date")
}

/// A required name: 1–`max` characters, trimmed.
fn parse_name(raw: &str, max: usize, error: &'static str) -> Result<String, &'static str> {
    let value = raw.trim();
    if value.is_empty() || value.chars().count() > max {
        return Err(error);
    }
    Ok(value.to_owned())
}

/// An optional short text: blank is `None`.
fn parse_optional(
    raw: &str,
    max: usize,
    error: &'static str,
) -> Result<Option<String>, &'static str> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > max {
        return Err(error);
    }
    Ok(Some(value.to_owned()))
}

/// An optional id from a `<select>` (blank = none).
fn parse_optional_id(raw: &str) -> Result<Option<i64>, &'static str> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value.parse::<i64>().map(Some).map_err(|_| "error-choice")
}

fn parse_id(raw: &str) -> Result<i64, &'static str> {
    parse_optional_id(raw)?.ok_or("error-choice")
}

/// A display position: a whole number from 0 to 9999 (blank = 0).
pub fn parse_position(raw: &str) -> Result<i64, &'static str> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(0);
    }
    value
        .parse::<i64>()
        .ok()
        .filter(|p| (0..=9999).contains(p))
        .ok_or("error-position")
}

/// A coefficient in hundredths, from "2", "2,5", "2.5" or "0.75": 0 to 100, at most two
/// decimals. Exact: no float on the way.
pub fn parse_coefficient(raw: &str) -> Result<i64, &'static str> {
    let value = raw.trim().replace(',', ".");
    let (whole, fraction) = match value.split_once('.') {
        Some((_, "")) => return Err("error-coefficient"),
        Some(parts) => parts,
        None => (value.as_str(), ""),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.len() > 2 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err("error-coefficient");
    }
    let whole: i64 = whole.parse().map_err(|_| "error-coefficient")?;
    let fraction: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().map_err(|_| "error-coefficient")? * 10,
        _ => fraction.parse().map_err(|_| "error-coefficient")?,
    };
    let cents = whole * 100 + fraction;
    if cents > 10_000 {
        return Err("error-coefficient");
    }
    Ok(cents)
}

/// A coefficient for people: "2", "2,5" (French) or "2.5" (English), "0,75".
pub fn format_coefficient(cents: i64, lang: Lang) -> String {
    let text = format_coefficient_plain(cents);
    match lang {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    }
}

/// A coefficient for machines (the API): "2", "2.5", "0.75".
pub fn format_coefficient_plain(cents: i64) -> String {
    let (whole, fraction) = (cents / 100, cents % 100);
    match fraction {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// A colour `#rrggbb`, lower-cased.
pub fn parse_color(raw: &str) -> Result<String, &'static str> {
    let value = raw.trim().to_ascii_lowercase();
    let ok = value.len() == 7
        && value.starts_with('#')
        && value.bytes().skip(1).all(|b| b.is_ascii_hexdigit());
    if ok { Ok(value) } else { Err("error-color") }
}

/// A subject code: 1–12 letters, digits, `-` or `_`, stored upper-case ("MATH", "LV2-ESP").
pub fn parse_subject_code(raw: &str) -> Result<String, &'static str> {
    let value = raw.trim().to_ascii_uppercase();
    let ok = !value.is_empty()
        && value.len() <= 12
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(value)
    } else {
        Err("error-subject-code")
    }
}

/// A period's name in the school's language ("Trimestre 2", "Semester 1").
pub fn default_period_name(kind: PeriodKind, lang: Lang, number: usize) -> String {
    let key = match kind {
        PeriodKind::Trimester => "period-default-trimester",
        PeriodKind::Semester => "period-default-semester",
    };
    lang.t_with(key, &[("number", number.to_string())])
}

/// The default periods of a year: three trimesters or two semesters of (nearly) equal length,
/// back to back, each closing a week after it ends (time for the class councils). The
/// administrator edits the dates afterwards.
pub fn default_periods(
    kind: PeriodKind,
    starts_on: Date,
    ends_on: Date,
) -> Vec<(Date, Date, Date)> {
    let count: i64 = match kind {
        PeriodKind::Trimester => 3,
        PeriodKind::Semester => 2,
    };
    let total_days = starts_on
        .until((jiff::Unit::Day, ends_on))
        .map_or(0, |span| i64::from(span.get_days()));
    let mut out = Vec::new();
    let mut start = starts_on;
    for i in 1..=count {
        let end = if i == count {
            ends_on
        } else {
            starts_on
                .checked_add(jiff::Span::new().days(total_days * i / count - 1))
                .unwrap_or(ends_on)
                .max(start)
        };
        let closes = end.checked_add(jiff::Span::new().days(7)).unwrap_or(end);
        out.push((start, end, closes));
        start = end.tomorrow().unwrap_or(end);
    }
    out
}

/// The school year that contains `today` (from 1 September to 4 July), for a new year's form.
pub fn suggested_year(today: Date, after: Option<Date>) -> (String, Date, Date) {
    let first = match after {
        Some(end) => end.year(),
        None if today.month() >= 8 => today.year(),
        None => today.year() - 1,
    };
    let starts = Date::new(first, 9, 1).unwrap_or(today);
    let ends = Date::new(first + 1, 7, 4).unwrap_or(today);
    (format!("{}-{}", first, first + 1), starts, ends)
}

/// Whether a period's marks and attendance are frozen on `today`: closed early by an
/// administrator (`closed_at`), or `today` is on or after its closing date.
pub fn is_closed(closes_on: &str, closed_at: Option<i64>, today: Date) -> bool {
    closed_at.is_some() || parse_date(closes_on).is_ok_and(|closes| today >= closes)
}

/// Where an effective coefficient comes from, most specific first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CoefficientSource {
    ClassPeriod,
    Class,
    LevelPeriod,
    Level,
}

/// The lookup order of the 0006 migration: class + period, class, level + period, level.
/// `candidates` are every row that could apply to one (class, subject, period); the most
/// specific wins. `None`: the subject has no coefficient there (not taught at that level).
pub fn effective_coefficient(
    candidates: &[(CoefficientSource, i64)],
) -> Option<(CoefficientSource, i64)> {
    candidates.iter().copied().min_by_key(|(source, _)| *source)
}

// ---- typed inputs -------------------------------------------------------------------------

/// The academic-year form, as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct YearForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    /// A checkbox: present = current.
    #[serde(default)]
    pub is_current: Option<String>,
}

/// The shortest school year accepted, in days.
pub const MIN_YEAR_DAYS: i32 = 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearInput {
    pub name: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub is_current: bool,
}

impl YearForm {
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<YearInput> {
        let name = parse_name(&self.name, 40, "error-year-name")
            .map_err(|e| errors.push(("name", e)))
            .ok();
        let starts_on = parse_date(&self.starts_on)
            .map_err(|e| errors.push(("starts_on", e)))
            .ok();
        let ends_on = parse_date(&self.ends_on)
            .map_err(|e| errors.push(("ends_on", e)))
            .ok();
        if let (Some(s), Some(e)) = (starts_on, ends_on) {
            if s >= e {
                errors.push(("ends_on", "error-dates-order"));
            } else if s.until((jiff::Unit::Day, e)).map_or(0, |d| d.get_days()) < MIN_YEAR_DAYS {
                // Shorter, the default periods would be days long: surely a typing error.
                errors.push(("ends_on", "error-year-too-short"));
            }
        }
        Some(YearInput {
            name: name?,
            starts_on: starts_on?,
            ends_on: ends_on?,
            is_current: self.is_current.is_some(),
        })
        .filter(|_| errors.is_empty())
    }
}

/// The period form, as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PeriodForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub closes_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodInput {
    pub name: String,
    pub position: i64,
    pub starts_on: Date,
    pub ends_on: Date,
    pub closes_on: Date,
}

impl PeriodForm {
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<PeriodInput> {
        let name = parse_name(&self.name, 40, "error-period-name")
            .map_err(|e| errors.push(("name", e)))
            .ok();
        let position = parse_position(&self.position)
            .map_err(|e| errors.push(("position", e)))
            .ok();
        let starts_on = parse_date(&self.starts_on)
            .map_err(|e| errors.push(("starts_on", e)))
            .ok();
        let ends_on = parse_date(&self.ends_on)
            .map_err(|e| errors.push(("ends_on", e)))
            .ok();
        let closes_on = parse_date(&self.closes_on)
            .map_err(|e| errors.push(("closes_on", e)))
            .ok();
        if let (Some(s), Some(e)) = (starts_on, ends_on)
            && s > e
        {
            errors.push(("ends_on", "error-dates-order"));
        }
        if let (Some(e), Some(c)) = (ends_on, closes_on)
            && c < e
        {
            errors.push(("closes_on", "error-closes-before-end"));
        }
        Some(PeriodInput {
            name: name?,
            position: position?,
            starts_on: starts_on?,
            ends_on: ends_on?,
            closes_on: closes_on?,
        })
        .filter(|_| errors.is_empty())
    }
}

/// The level form, as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LevelForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelInput {
    pub name: String,
    pub position: i64,
}

impl LevelForm {
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<LevelInput> {
        let name = parse_name(&self.name, 40, "error-level-name")
            .map_err(|e| errors.push(("name", e)))
            .ok();
        let position = parse_position(&self.position)
            .map_err(|e| errors.push(("position", e)))
            .ok();
        Some(LevelInput {
            name: name?,
            position: position?,
        })
        .filter(|_| errors.is_empty())
    }
}

/// The class form, as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ClassForm {
    #[serde(default)]
    pub year_id: String,
    #[serde(default)]
    pub level_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub main_teacher_id: String,
    #[serde(default)]
    pub room: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassInput {
    pub year_id: i64,
    pub level_id: i64,
    pub name: String,
    pub main_teacher_id: Option<i64>,
    pub room: Option<String>,
}

impl ClassForm {
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<ClassInput> {
        let year_id = parse_id(&self.year_id)
            .map_err(|e| errors.push(("year_id", e)))
            .ok();
        let level_id = parse_id(&self.level_id)
            .map_err(|e| errors.push(("level_id", e)))
            .ok();
        let name = parse_name(&self.name, 40, "error-class-name")
            .map_err(|e| errors.push(("name", e)))
            .ok();
        let main_teacher_id = parse_optional_id(&self.main_teacher_id)
            .map_err(|e| errors.push(("main_teacher_id", e)))
            .ok();
        let room = parse_optional(&self.room, 40, "error-room")
            .map_err(|e| errors.push(("room", e)))
            .ok();
        Some(ClassInput {
            year_id: year_id?,
            level_id: level_id?,
            name: name?,
            main_teacher_id: main_teacher_id?,
            room: room?,
        })
        .filter(|_| errors.is_empty())
    }
}

/// The subject form, as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SubjectForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub color: String,
    #[serde(default)]
    pub group_id: String,
    #[serde(default)]
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectInput {
    pub code: String,
    pub name: String,
    pub color: String,
    pub group_id: Option<i64>,
    pub position: i64,
}

impl SubjectForm {
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<SubjectInput> {
        let code = parse_subject_code(&self.code)
            .map_err(|e| errors.push(("code", e)))
            .ok();
        let name = parse_name(&self.name, 80, "error-subject-name")
            .map_err(|e| errors.push(("name", e)))
            .ok();
        let color = parse_color(&self.color)
            .map_err(|e| errors.push(("color", e)))
            .ok();
        let group_id = parse_optional_id(&self.group_id)
            .map_err(|e| errors.push(("group_id", e)))
            .ok();
        let position = parse_position(&self.position)
            .map_err(|e| errors.push(("position", e)))
            .ok();
        Some(SubjectInput {
            code: code?,
            name: name?,
            color: color?,
            group_id: group_id?,
            position: position?,
        })
        .filter(|_| errors.is_empty())
    }
}

/// The subject-group form, as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GroupForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupInput {
    pub name: String,
    pub position: i64,
}

impl GroupForm {
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<GroupInput> {
        let name = parse_name(&self.name, 60, "error-group-name")
            .map_err(|e| errors.push(("name", e)))
            .ok();
        let position = parse_position(&self.position)
            .map_err(|e| errors.push(("position", e)))
            .ok();
        Some(GroupInput {
            name: name?,
            position: position?,
        })
        .filter(|_| errors.is_empty())
    }
}

/// A coefficient override, as submitted: a subject for one class or level, optionally for one
/// period (at least one of class and period).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OverrideForm {
    #[serde(default)]
    pub subject_id: String,
    #[serde(default)]
    pub level_id: String,
    #[serde(default)]
    pub class_id: String,
    #[serde(default)]
    pub period_id: String,
    #[serde(default)]
    pub coefficient: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverrideTarget {
    Level(i64),
    Class(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverrideInput {
    pub subject_id: i64,
    pub target: OverrideTarget,
    pub period_id: Option<i64>,
    pub coefficient_cents: i64,
}

impl OverrideForm {
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<OverrideInput> {
        let subject_id = parse_id(&self.subject_id)
            .map_err(|e| errors.push(("subject_id", e)))
            .ok();
        let level_id = parse_optional_id(&self.level_id)
            .map_err(|e| errors.push(("level_id", e)))
            .ok()
            .flatten();
        let class_id = parse_optional_id(&self.class_id)
            .map_err(|e| errors.push(("class_id", e)))
            .ok()
            .flatten();
        let period_id = parse_optional_id(&self.period_id)
            .map_err(|e| errors.push(("period_id", e)))
            .ok();
        let coefficient = parse_coefficient(&self.coefficient)
            .map_err(|e| errors.push(("coefficient", e)))
            .ok();
        let target = match (level_id, class_id) {
            (_, Some(c)) => Some(OverrideTarget::Class(c)),
            (Some(l), None) => Some(OverrideTarget::Level(l)),
            (None, None) => {
                errors.push(("class_id", "error-override-target"));
                None
            }
        };
        if level_id.is_some() && class_id.is_some() {
            errors.push(("level_id", "error-override-one-target"));
        }
        if let (Some(OverrideTarget::Level(_)), Some(None)) = (target, period_id) {
            errors.push(("period_id", "error-override-level-needs-period"));
        }
        Some(OverrideInput {
            subject_id: subject_id?,
            target: target?,
            period_id: period_id?,
            coefficient_cents: coefficient?,
        })
        .filter(|_| errors.is_empty())
    }
}

/// A teaching assignment, as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AssignmentForm {
    #[serde(default)]
    pub teacher_id: String,
    #[serde(default)]
    pub class_id: String,
    #[serde(default)]
    pub subject_id: String,
    #[serde(default)]
    pub period_id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssignmentInput {
    pub teacher_id: i64,
    pub class_id: i64,
    pub subject_id: i64,
    pub period_id: Option<i64>,
}

impl AssignmentForm {
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<AssignmentInput> {
        let teacher_id = parse_id(&self.teacher_id)
            .map_err(|e| errors.push(("teacher_id", e)))
            .ok();
        let class_id = parse_id(&self.class_id)
            .map_err(|e| errors.push(("class_id", e)))
            .ok();
        let subject_id = parse_id(&self.subject_id)
            .map_err(|e| errors.push(("subject_id", e)))
            .ok();
        let period_id = parse_optional_id(&self.period_id)
            .map_err(|e| errors.push(("period_id", e)))
            .ok();
        Some(AssignmentInput {
            teacher_id: teacher_id?,
            class_id: class_id?,
            subject_id: subject_id?,
            period_id: period_id?,
        })
        .filter(|_| errors.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CoefficientSource::*;

    #[test]
    fn coefficients_accept_commas_and_points() {
        assert_eq!(parse_coefficient("2"), Ok(200));
        assert_eq!(parse_coefficient("2,5"), Ok(250));
        assert_eq!(parse_coefficient(" 2.5 "), Ok(250));
        assert_eq!(parse_coefficient("0,75"), Ok(75));
        assert_eq!(parse_coefficient("0"), Ok(0));
        assert_eq!(parse_coefficient("100"), Ok(10_000));
        for bad in ["", "-1", "2,555", "abc", "1e2", "101", ".5", "2,", "1 000"] {
            assert!(parse_coefficient(bad).is_err(), "{bad:?}");
        }
        assert_eq!(format_coefficient(250, Lang::Fr), "2,5");
        assert_eq!(format_coefficient(250, Lang::En), "2.5");
        assert_eq!(format_coefficient(400, Lang::Fr), "4");
        assert_eq!(format_coefficient(75, Lang::Fr), "0,75");
        assert_eq!(format_coefficient_plain(105), "1.05");
        for cents in [0, 5, 50, 75, 100, 125, 250, 10_000] {
            assert_eq!(
                parse_coefficient(&format_coefficient_plain(cents)),
                Ok(cents)
            );
            assert_eq!(
                parse_coefficient(&format_coefficient(cents, Lang::Fr)),
                Ok(cents)
            );
        }
    }

    #[test]
    fn the_most_specific_coefficient_wins() {
        let all = [
            (Level, 200),
            (LevelPeriod, 300),
            (Class, 400),
            (ClassPeriod, 500),
        ];
        assert_eq!(effective_coefficient(&all), Some((ClassPeriod, 500)));
        assert_eq!(
            effective_coefficient(&[(Level, 200), (LevelPeriod, 300), (Class, 400)]),
            Some((Class, 400))
        );
        assert_eq!(
            effective_coefficient(&[(LevelPeriod, 300), (Level, 200)]),
            Some((LevelPeriod, 300))
        );
        assert_eq!(effective_coefficient(&[(Level, 200)]), Some((Level, 200)));
        // An override may set a coefficient where the level has none (a class option).
        assert_eq!(effective_coefficient(&[(Class, 100)]), Some((Class, 100)));
        assert_eq!(effective_coefficient(&[]), None);
        // A zero override is a real value (the subject does not count there), not "absent".
        assert_eq!(
            effective_coefficient(&[(Level, 200), (ClassPeriod, 0)]),
            Some((ClassPeriod, 0))
        );
    }

    #[test]
    fn default_periods_cover_the_year() {
        let start = Date::new(2026, 9, 1).unwrap();
        let end = Date::new(2027, 7, 4).unwrap();
        let t = default_periods(PeriodKind::Trimester, start, end);
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].0, start);
        assert_eq!(t[2].1, end);
        for w in t.windows(2) {
            assert_eq!(w[0].1.tomorrow().unwrap(), w[1].0, "back to back");
        }
        for (s, e, c) in &t {
            assert!(s <= e && e < c);
        }
        let s = default_periods(PeriodKind::Semester, start, end);
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].1, end);
        assert_eq!(
            t[0].1,
            Date::new(2026, 12, 11).unwrap(),
            "a third of the year"
        );
        assert_eq!(s[0].1, Date::new(2027, 1, 31).unwrap(), "half of the year");
        assert_eq!(
            default_period_name(PeriodKind::Trimester, Lang::Fr, 2),
            "Trimestre 2"
        );
    }

    #[test]
    fn closed_from_the_closing_date_or_early() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert!(!is_closed("2026-12-12", None, d("2026-12-11")));
        assert!(is_closed("2026-12-12", None, d("2026-12-12")));
        assert!(is_closed("2026-12-12", Some(1), d("2026-11-01")));
    }

    #[test]
    fn forms_report_every_field() {
        let mut errors = FieldErrors::new();
        let form = SubjectForm {
            code: "ma th".into(),
            name: String::new(),
            color: "red".into(),
            group_id: "x".into(),
            position: "-1".into(),
        };
        assert!(form.parse(&mut errors).is_none());
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["code", "name", "color", "group_id", "position"]);

        let mut errors = FieldErrors::new();
        let year = YearForm {
            name: "2026-2027".into(),
            starts_on: "2027-07-04".into(),
            ends_on: "2026-09-01".into(),
            is_current: None,
        };
        assert!(year.parse(&mut errors).is_none());
        assert_eq!(errors, [("ends_on", "error-dates-order")]);
        let mut errors = FieldErrors::new();
        let short = YearForm {
            name: "x".into(),
            starts_on: "2026-09-01".into(),
            ends_on: "2026-09-03".into(),
            is_current: None,
        };
        assert!(short.parse(&mut errors).is_none());
        assert_eq!(errors, [("ends_on", "error-year-too-short")]);

        let mut errors = FieldErrors::new();
        let level_only = OverrideForm {
            subject_id: "1".into(),
            level_id: "2".into(),
            coefficient: "3".into(),
            ..OverrideForm::default()
        };
        assert!(level_only.parse(&mut errors).is_none());
        assert_eq!(errors, [("period_id", "error-override-level-needs-period")]);
        assert_eq!(parse_subject_code(" lv2-esp "), Ok("LV2-ESP".into()));
    }

    #[test]
    fn a_new_year_is_suggested_after_the_last_one() {
        let today = Date::new(2026, 11, 25).unwrap();
        assert_eq!(suggested_year(today, None).0, "2026-2027");
        let march = Date::new(2027, 3, 1).unwrap();
        assert_eq!(suggested_year(march, None).0, "2026-2027");
        let after = Date::new(2027, 7, 4).unwrap();
        assert_eq!(suggested_year(today, Some(after)).0, "2027-2028");
    }
}
