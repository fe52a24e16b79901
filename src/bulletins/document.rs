//! What a bulletin says, as data: [`BulletinData`] is built from a class council
//! ([`crate::council::Council`]) for one student and serialised to the JSON the typst template
//! reads (`json("data.json")`). Numbers arrive already formatted for the school's language
//! ("13,50"), and every label the template prints is translated here, so a school's own
//! template needs no logic for languages or rounding.
//!
//! The JSON is also stored with every issued bulletin: it is the record of what the document
//! said, and its fields are the template contract documented in docs/BULLETINS.md. Add fields;
//! never rename or remove one (schools' templates read them).

use serde::{Deserialize, Serialize};

use crate::{
    council::Council, gradebook::Ratio, schools::model::School,
    structure::model::format_coefficient, web::i18n::Lang,
};

/// The data of one bulletin (the template contract).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulletinData {
    /// "fr" or "en": the school's language.
    pub lang: String,
    pub labels: Labels,
    pub school: SchoolPart,
    pub year: String,
    pub period: PeriodPart,
    pub class: ClassPart,
    pub student: StudentPart,
    /// In the school's display order, grouped: a subject's `group` names its group.
    pub subjects: Vec<SubjectLine>,
    pub groups: Vec<GroupLine>,
    pub general: GeneralPart,
    pub absences: AbsencesPart,
    pub council: CouncilPart,
    pub issue: IssuePart,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolPart {
    pub name: String,
    pub code: String,
    /// The school's colour, `#rrggbb`.
    pub color: String,
    /// The logo's file name for `image(..)`, when the school has one.
    pub logo: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodPart {
    pub id: i64,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassPart {
    pub id: i64,
    pub name: String,
    pub level: String,
    pub main_teacher: Option<String>,
    /// Students with a general average (the "of N" of the rank).
    pub ranked: usize,
    pub size: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentPart {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub matricule: String,
    /// Formatted for the language ("12/03/2014"), when known.
    pub birth_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectLine {
    pub name: String,
    pub code: String,
    pub group: Option<String>,
    /// The subject's teachers, joined ("Mme Diallo, M. Sarr").
    pub teacher: String,
    pub coefficient: String,
    /// The student's average; `None` when no mark counted (the subject is then left out of
    /// the general average).
    pub average: Option<String>,
    pub class_average: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub rank: Option<String>,
    pub appreciation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupLine {
    pub name: String,
    pub average: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneralPart {
    pub average: Option<String>,
    pub class_average: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    /// "3" (ties share a rank), when the school shows ranks on bulletins.
    pub rank: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsencesPart {
    pub half_days: u32,
    pub unjustified_half_days: u32,
    pub late: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilPart {
    pub general_appreciation: String,
    /// The distinction's label in the school's language.
    pub distinction: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuePart {
    pub version: i64,
    /// The day of issue, formatted for the language.
    pub date: String,
    /// A reference printed on the document and shown by the verification page:
    /// `<school>-<bulletin id>-v<version>`.
    pub reference: String,
    /// Why this version replaces the previous one (corrections), if it does.
    pub reason: Option<String>,
}

/// Every label the default template prints, in the school's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    pub title: String,
    pub year: String,
    pub class: String,
    pub main_teacher: String,
    pub student: String,
    pub born_on: String,
    pub matricule: String,
    pub subject: String,
    pub teacher: String,
    pub coefficient: String,
    pub average: String,
    pub class_average: String,
    pub min: String,
    pub max: String,
    pub rank: String,
    pub appreciation: String,
    pub general_average: String,
    pub absences: String,
    pub half_days: String,
    pub unjustified: String,
    pub late: String,
    pub general_appreciation: String,
    pub distinction: String,
    pub no_mark: String,
    pub signature_main_teacher: String,
    pub signature_head: String,
    pub signature_family: String,
    pub issued_on: String,
    pub version: String,
    pub reference: String,
    pub keep_notice: String,
    /// "students" after the class size (added after the first bulletins: absent from
    /// their stored data).
    #[serde(default)]
    pub students: String,
}

impl Labels {
    pub fn for_lang(lang: Lang) -> Self {
        let t = |id: &str| lang.t(id);
        Self {
            title: t("bulletin-pdf-title"),
            year: t("bulletin-pdf-year"),
            class: t("bulletin-pdf-class"),
            main_teacher: t("bulletin-pdf-main-teacher"),
            student: t("bulletin-pdf-student"),
            born_on: t("bulletin-pdf-born-on"),
            matricule: t("bulletin-pdf-matricule"),
            subject: t("bulletin-pdf-subject"),
            teacher: t("bulletin-pdf-teacher"),
            coefficient: t("bulletin-pdf-coefficient"),
            average: t("bulletin-pdf-average"),
            class_average: t("bulletin-pdf-class-average"),
            min: t("bulletin-pdf-min"),
            max: t("bulletin-pdf-max"),
            rank: t("bulletin-pdf-rank"),
            appreciation: t("bulletin-pdf-appreciation"),
            general_average: t("bulletin-pdf-general-average"),
            absences: t("bulletin-pdf-absences"),
            half_days: t("bulletin-pdf-half-days"),
            unjustified: t("bulletin-pdf-unjustified"),
            late: t("bulletin-pdf-late"),
            general_appreciation: t("bulletin-pdf-general-appreciation"),
            distinction: t("bulletin-pdf-distinction"),
            no_mark: t("bulletin-pdf-no-mark"),
            signature_main_teacher: t("bulletin-pdf-signature-main-teacher"),
            signature_head: t("bulletin-pdf-signature-head"),
            signature_family: t("bulletin-pdf-signature-family"),
            issued_on: t("bulletin-pdf-issued-on"),
            version: t("bulletin-pdf-version"),
            reference: t("bulletin-pdf-reference"),
            keep_notice: t("bulletin-pdf-keep-notice"),
            students: t("bulletin-pdf-students"),
        }
    }
}

/// A student's identity as the bulletin prints it (read in one query for a class).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Identity {
    pub id: i64,
    pub matricule: String,
    pub birth_date: Option<String>,
}

/// How a bulletin is issued: its version and day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub version: i64,
    /// ISO date.
    pub date: String,
    pub reference: String,
    pub reason: Option<String>,
}

/// "2026-12-18" as the language writes it ("18/12/2026", "18 Dec 2026" → we keep digits).
pub fn format_date(iso: &str, lang: Lang) -> String {
    match (lang, jiff::civil::Date::strptime("%Y-%m-%d", iso)) {
        (Lang::Fr, Ok(d)) => d.strftime("%d/%m/%Y").to_string(),
        (Lang::En, Ok(d)) => d.strftime("%-d %B %Y").to_string(),
        (_, Err(_)) => iso.to_owned(),
    }
}

/// The bulletin of `student_id` in `council`, or `None` if the student is not in it.
pub fn build(
    council: &Council,
    school: &School,
    year: &str,
    identity: Option<&Identity>,
    logo: Option<&str>,
    student_id: i64,
    issue: &Issue,
) -> Option<BulletinData> {
    let results = &council.results;
    let line = results.line(student_id)?;
    let period = results.period.as_ref()?;
    let lang = school.locale;
    let grading = results.grading;
    let fmt = |r: Option<Ratio>| r.map(|r| grading.format(r, lang.code()));
    let rank = |r: Option<u32>| r.filter(|_| school.show_ranks).map(|r| r.to_string());

    let subjects = results
        .subjects
        .iter()
        .enumerate()
        .filter_map(|(i, column)| {
            let cell = line.subjects.get(i)?;
            let stats = results.subject_stats.get(i).copied().flatten();
            let appreciation = council.appreciation(student_id, column.subject.id);
            // A subject the student had no mark in and nothing written about stays off.
            if cell.average.is_none() && appreciation.is_empty() {
                return None;
            }
            let teacher = council
                .teachers
                .get(i)
                .map(|ts| {
                    ts.iter()
                        .map(|t| t.display_name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            Some(SubjectLine {
                name: column.subject.name.clone(),
                code: column.subject.code.clone(),
                group: column.subject.group_name.clone(),
                teacher,
                coefficient: format_coefficient(column.coefficient, lang),
                average: fmt(cell.average),
                class_average: fmt(stats.map(|s| s.average)),
                min: fmt(stats.map(|s| s.min)),
                max: fmt(stats.map(|s| s.max)),
                rank: rank(cell.rank),
                appreciation: appreciation.to_owned(),
            })
        })
        .collect();
    let groups = results
        .groups
        .iter()
        .zip(&line.groups)
        .map(|(g, avg)| GroupLine {
            name: g.name.clone(),
            average: fmt(*avg),
        })
        .collect();
    let general_stats = results.general_stats;
    let decision = council.decision(student_id);
    let absences = council.absences(student_id);
    Some(BulletinData {
        lang: lang.code().to_owned(),
        labels: Labels::for_lang(lang),
        school: SchoolPart {
            name: school.name.clone(),
            code: school.code.clone(),
            color: school.color.clone(),
            logo: logo.map(str::to_owned),
        },
        year: year.to_owned(),
        period: PeriodPart {
            id: period.id,
            name: period.name.clone(),
            starts_on: format_date(&period.starts_on, lang),
            ends_on: format_date(&period.ends_on, lang),
        },
        class: ClassPart {
            id: results.class.id,
            name: results.class.name.clone(),
            level: results.class.level_name.clone(),
            main_teacher: council.main_teacher.clone(),
            ranked: general_stats.map_or(0, |s| s.count),
            size: results.students.len(),
        },
        student: StudentPart {
            id: student_id,
            first_name: line.student.first_name.clone(),
            last_name: line.student.last_name.clone(),
            matricule: identity.map(|i| i.matricule.clone()).unwrap_or_default(),
            birth_date: identity
                .and_then(|i| i.birth_date.as_deref())
                .map(|d| format_date(d, lang)),
        },
        subjects,
        groups,
        general: GeneralPart {
            average: fmt(line.general),
            class_average: fmt(general_stats.map(|s| s.average)),
            min: fmt(general_stats.map(|s| s.min)),
            max: fmt(general_stats.map(|s| s.max)),
            rank: rank(line.rank),
        },
        absences: AbsencesPart {
            half_days: absences.half_days,
            unjustified_half_days: absences.unjustified_half_days,
            late: absences.late,
        },
        council: CouncilPart {
            general_appreciation: decision
                .map(|d| d.general_appreciation.clone())
                .unwrap_or_default(),
            distinction: council
                .distinction(student_id)
                .map(|d| lang.t(d.label_id())),
        },
        issue: IssuePart {
            version: issue.version,
            date: format_date(&issue.date, lang),
            reference: issue.reference.clone(),
            reason: issue.reason.clone(),
        },
    })
}
