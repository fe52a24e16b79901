//! The class summary (tableau de synthèse) the class council works from: one row per student
//! with every subject average, the general average, rank, distinction and absences, and the
//! class statistics. [`SummaryData`] is built from a [`Council`] with numbers formatted as on
//! bulletins, and typeset with templates/bulletins/class-summary.typ (landscape A4, A3 when the
//! class has many subjects).

use serde::Serialize;

use super::{document::format_date, render};
use crate::{
    council::Council, error::AppError, gradebook::Ratio, schools::model::School,
    structure::model::format_coefficient, web::i18n::Lang,
};

/// The summary's template (not customisable: it is a working document).
pub const CLASS_SUMMARY_TEMPLATE: &str =
    include_str!("../../templates/bulletins/class-summary.typ");

/// Past this many subjects the summary is typeset on A3.
const A3_FROM_SUBJECTS: usize = 13;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryData {
    pub lang: String,
    pub labels: SummaryLabels,
    /// "a4" or "a3".
    pub paper: String,
    pub school: SummarySchool,
    pub year: String,
    pub period: String,
    pub class: String,
    pub main_teacher: Option<String>,
    /// The day it was printed, formatted.
    pub date: String,
    pub show_ranks: bool,
    pub subjects: Vec<SummarySubject>,
    pub students: Vec<SummaryStudent>,
    /// One row each: class average, min, max; aligned with `subjects`, then the general one.
    pub stats: Vec<SummaryStats>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummarySchool {
    pub name: String,
    pub color: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummarySubject {
    pub code: String,
    pub name: String,
    pub coefficient: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryStudent {
    pub name: String,
    /// Aligned with `subjects`.
    pub averages: Vec<Option<String>>,
    pub general: Option<String>,
    pub rank: Option<String>,
    pub distinction: Option<String>,
    pub absences: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryStats {
    pub label: String,
    /// Aligned with `subjects`.
    pub values: Vec<Option<String>>,
    pub general: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryLabels {
    pub title: String,
    pub class: String,
    pub period: String,
    pub year: String,
    pub main_teacher: String,
    pub printed_on: String,
    pub student: String,
    pub general_average: String,
    pub rank: String,
    pub distinction: String,
    pub absences: String,
    pub coefficient: String,
    pub legend: String,
}

impl SummaryLabels {
    fn for_lang(lang: Lang) -> Self {
        let t = |id: &str| lang.t(id);
        Self {
            title: t("summary-pdf-title"),
            class: t("bulletin-pdf-class"),
            period: t("summary-pdf-period"),
            year: t("bulletin-pdf-year"),
            main_teacher: t("bulletin-pdf-main-teacher"),
            printed_on: t("summary-pdf-printed-on"),
            student: t("bulletin-pdf-student"),
            general_average: t("summary-pdf-general-average"),
            rank: t("bulletin-pdf-rank"),
            distinction: t("bulletin-pdf-distinction"),
            absences: t("summary-pdf-absences"),
            coefficient: t("bulletin-pdf-coefficient"),
            legend: t("summary-pdf-legend"),
        }
    }
}

/// The summary of `council`, printed on `today` (ISO).
pub fn build(council: &Council, school: &School, year: &str, today: &str) -> SummaryData {
    let results = &council.results;
    let lang = school.locale;
    let grading = results.grading;
    let fmt = |r: Option<Ratio>| r.map(|r| grading.format(r, lang.code()));
    let subjects: Vec<SummarySubject> = results
        .subjects
        .iter()
        .map(|c| SummarySubject {
            code: c.subject.code.clone(),
            name: c.subject.name.clone(),
            coefficient: format_coefficient(c.coefficient, lang),
        })
        .collect();
    let students = results
        .students
        .iter()
        .map(|line| {
            let id = line.student.id;
            SummaryStudent {
                name: format!(
                    "{} {}",
                    line.student.last_name.to_uppercase(),
                    line.student.first_name
                ),
                averages: line.subjects.iter().map(|c| fmt(c.average)).collect(),
                general: fmt(line.general),
                rank: line.rank.map(|r| r.to_string()),
                distinction: council.distinction(id).map(|d| lang.t(d.label_id())),
                absences: council.absences(id).half_days,
            }
        })
        .collect();
    let general = results.general_stats;
    let stats = [
        ("summary-pdf-class-average", 0),
        ("summary-pdf-min", 1),
        ("summary-pdf-max", 2),
    ]
    .into_iter()
    .map(|(label, which)| {
        let pick = |s: Option<crate::gradebook::ClassStats>| {
            fmt(s.map(|s| match which {
                0 => s.average,
                1 => s.min,
                _ => s.max,
            }))
        };
        SummaryStats {
            label: lang.t(label),
            values: results.subject_stats.iter().map(|s| pick(*s)).collect(),
            general: pick(general),
        }
    })
    .collect();
    SummaryData {
        lang: lang.code().to_owned(),
        labels: SummaryLabels::for_lang(lang),
        paper: if subjects.len() >= A3_FROM_SUBJECTS {
            "a3"
        } else {
            "a4"
        }
        .to_owned(),
        school: SummarySchool {
            name: school.name.clone(),
            color: school.color.clone(),
        },
        year: year.to_owned(),
        period: results
            .period
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        class: results.class.name.clone(),
        main_teacher: council.main_teacher.clone(),
        date: format_date(today, lang),
        // The council is staff: ranks are shown to it whatever families see.
        show_ranks: true,
        subjects,
        students,
        stats,
    }
}

/// Typesets a summary on the blocking pool, within the render slots.
pub async fn render(data: SummaryData) -> Result<Vec<u8>, AppError> {
    let pdf = render::run(move || {
        let json = serde_json::to_vec(&data).map_err(|e| anyhow::anyhow!(e))?;
        render::typesetter()
            .render(
                CLASS_SUMMARY_TEMPLATE,
                eschool_pdf::Files::new().with("data.json", json),
            )
            .map_err(|e| anyhow::anyhow!("class summary template: {e:?}"))
    })
    .await?
    .map_err(AppError::Internal)?;
    Ok(pdf.bytes)
}

/// `synthese-6e-A-trimestre-1.pdf`: the file name, ASCII letters, digits and dashes only.
pub fn file_name(lang: Lang, class: &str, period: &str) -> String {
    let prefix = match lang {
        Lang::Fr => "synthese",
        Lang::En => "summary",
    };
    format!(
        "{prefix}-{}-{}.pdf",
        ascii_slug(class),
        ascii_slug(period).to_lowercase()
    )
}

/// Letters folded to ASCII (é → e), other characters to dashes, runs of dashes folded.
pub fn ascii_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let folded = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'À' | 'Â' | 'Ä' | 'Á' => 'A',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'î' | 'ï' | 'í' => 'i',
            'Î' | 'Ï' | 'Í' => 'I',
            'ô' | 'ö' | 'ó' => 'o',
            'Ô' | 'Ö' | 'Ó' => 'O',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'Ù' | 'Û' | 'Ü' | 'Ú' => 'U',
            'ç' => 'c',
            'Ç' => 'C',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if folded != '-' || !out.ends_with('-') {
            out.push(folded);
        }
    }
    out.trim_matches('-').to_owned()
}

/// `attachment; filename="…"; filename*=UTF-8''…` for a PDF download.
pub fn content_disposition(ascii_name: &str) -> String {
    let encoded: String = ascii_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_ascii() {
        assert_eq!(
            file_name(Lang::Fr, "6e A", "Trimestre 1"),
            "synthese-6e-A-trimestre-1.pdf"
        );
        assert_eq!(ascii_slug("Terminale S2 — Élèves"), "Terminale-S2-Eleves");
        assert_eq!(
            content_disposition("synthese-6e-A-trimestre-1.pdf"),
            "attachment; filename=\"synthese-6e-A-trimestre-1.pdf\"; \
             filename*=UTF-8''synthese-6e-A-trimestre-1.pdf"
        );
    }
}
