//! A built-in bulletin for a school that has no results yet: the sample data.json a school
//! downloads to write its own template, and what a template is validated and previewed with.
//! It is deliberately full (fourteen subjects in groups, long appréciations, a subject without
//! an average, ranks, a distinction), so that a template that renders it renders any bulletin.

use super::document::{
    AbsencesPart, BulletinData, ClassPart, CouncilPart, GeneralPart, GroupLine, IssuePart, Labels,
    PeriodPart, SchoolPart, StudentPart, SubjectLine,
};
use crate::web::i18n::Lang;

/// (group, name, code, teacher, coefficient, average, class average, min, max, rank)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const FR: [Row; 14] = [
    (
        "Lettres",
        "Français",
        "FRA",
        "Mme Diallo",
        "4",
        Some("14,50"),
        "11,20",
        "6,00",
        "16,50",
        "3",
    ),
    (
        "Lettres",
        "Anglais",
        "ANG",
        "M. Sarr",
        "2",
        Some("15,00"),
        "12,10",
        "7,50",
        "17,00",
        "2",
    ),
    (
        "Lettres",
        "Espagnol",
        "ESP",
        "Mme Ndiaye",
        "2",
        Some("12,75"),
        "11,80",
        "5,50",
        "16,00",
        "9",
    ),
    (
        "Lettres",
        "Histoire-géographie",
        "HG",
        "M. Faye",
        "3",
        Some("13,25"),
        "10,90",
        "4,00",
        "17,50",
        "6",
    ),
    (
        "Lettres",
        "Éducation civique",
        "EC",
        "M. Faye",
        "1",
        None,
        "—",
        "—",
        "—",
        "—",
    ),
    (
        "Sciences",
        "Mathématiques",
        "MATH",
        "M. Ba",
        "4",
        Some("16,00"),
        "10,45",
        "3,50",
        "18,00",
        "2",
    ),
    (
        "Sciences",
        "Physique-chimie",
        "PC",
        "Mme Sy",
        "2",
        Some("13,80"),
        "10,20",
        "5,00",
        "17,25",
        "5",
    ),
    (
        "Sciences",
        "Sciences de la vie et de la Terre",
        "SVT",
        "Mme Gueye",
        "2",
        Some("14,20"),
        "11,60",
        "6,75",
        "16,80",
        "4",
    ),
    (
        "Sciences",
        "Technologie",
        "TECH",
        "M. Kane",
        "1",
        Some("15,50"),
        "12,90",
        "8,00",
        "18,50",
        "3",
    ),
    (
        "Sciences",
        "Informatique",
        "INFO",
        "M. Kane",
        "1",
        Some("17,00"),
        "13,40",
        "9,00",
        "19,00",
        "1",
    ),
    (
        "Arts et sport",
        "Éducation physique et sportive",
        "EPS",
        "M. Diouf",
        "1",
        Some("16,50"),
        "14,20",
        "10,00",
        "18,00",
        "4",
    ),
    (
        "Arts et sport",
        "Arts plastiques",
        "ART",
        "Mme Fall",
        "1",
        Some("14,00"),
        "13,10",
        "9,50",
        "17,00",
        "8",
    ),
    (
        "Arts et sport",
        "Éducation musicale",
        "MUS",
        "M. Cissé",
        "1",
        Some("13,00"),
        "12,70",
        "8,50",
        "16,50",
        "12",
    ),
    (
        "Arts et sport",
        "Latin",
        "LAT",
        "Mme Diallo",
        "1",
        Some("15,25"),
        "13,00",
        "10,00",
        "17,75",
        "2",
    ),
];

const EN: [Row; 14] = [
    (
        "Languages",
        "English",
        "ENG",
        "Mrs Diallo",
        "4",
        Some("14.50"),
        "11.20",
        "6.00",
        "16.50",
        "3",
    ),
    (
        "Languages",
        "French",
        "FRE",
        "Mr Sarr",
        "2",
        Some("15.00"),
        "12.10",
        "7.50",
        "17.00",
        "2",
    ),
    (
        "Languages",
        "Spanish",
        "SPA",
        "Mrs Ndiaye",
        "2",
        Some("12.75"),
        "11.80",
        "5.50",
        "16.00",
        "9",
    ),
    (
        "Languages",
        "History and geography",
        "HG",
        "Mr Faye",
        "3",
        Some("13.25"),
        "10.90",
        "4.00",
        "17.50",
        "6",
    ),
    (
        "Languages",
        "Citizenship",
        "CIT",
        "Mr Faye",
        "1",
        None,
        "—",
        "—",
        "—",
        "—",
    ),
    (
        "Sciences",
        "Mathematics",
        "MATH",
        "Mr Ba",
        "4",
        Some("16.00"),
        "10.45",
        "3.50",
        "18.00",
        "2",
    ),
    (
        "Sciences",
        "Physics and chemistry",
        "PHY",
        "Mrs Sy",
        "2",
        Some("13.80"),
        "10.20",
        "5.00",
        "17.25",
        "5",
    ),
    (
        "Sciences",
        "Biology",
        "BIO",
        "Mrs Gueye",
        "2",
        Some("14.20"),
        "11.60",
        "6.75",
        "16.80",
        "4",
    ),
    (
        "Sciences",
        "Design and technology",
        "DT",
        "Mr Kane",
        "1",
        Some("15.50"),
        "12.90",
        "8.00",
        "18.50",
        "3",
    ),
    (
        "Sciences",
        "Computing",
        "COMP",
        "Mr Kane",
        "1",
        Some("17.00"),
        "13.40",
        "9.00",
        "19.00",
        "1",
    ),
    (
        "Arts and sport",
        "Physical education",
        "PE",
        "Mr Diouf",
        "1",
        Some("16.50"),
        "14.20",
        "10.00",
        "18.00",
        "4",
    ),
    (
        "Arts and sport",
        "Art",
        "ART",
        "Mrs Fall",
        "1",
        Some("14.00"),
        "13.10",
        "9.50",
        "17.00",
        "8",
    ),
    (
        "Arts and sport",
        "Music",
        "MUS",
        "Mr Cissé",
        "1",
        Some("13.00"),
        "12.70",
        "8.50",
        "16.50",
        "12",
    ),
    (
        "Arts and sport",
        "Latin",
        "LAT",
        "Mrs Diallo",
        "1",
        Some("15.25"),
        "13.00",
        "10.00",
        "17.75",
        "2",
    ),
];

const FR_TEXT: &str = "Trimestre sérieux et régulier : les connaissances sont solides et la \
participation à l’oral est de qualité. Il faut maintenant soigner davantage la présentation des \
copies et approfondir les exercices les plus exigeants pour progresser encore. Continuez ainsi, \
avec la même curiosité et le même sens de l’effort tout au long de l’année.";

const EN_TEXT: &str = "A serious and steady term: knowledge is secure and contributions in class \
are of good quality. The next step is to take more care over the presentation of written work \
and to persevere with the most demanding exercises in order to keep progressing. Keep it up, \
with the same curiosity and the same commitment throughout the rest of the school year.";

/// The sample bulletin in `lang`, for school `name` (`code`, colour `color`), with the logo
/// file name when the school has one.
pub fn bulletin(
    lang: Lang,
    name: &str,
    code: &str,
    color: &str,
    logo: Option<&str>,
) -> BulletinData {
    let (rows, text, fr) = match lang {
        Lang::Fr => (&FR, FR_TEXT, true),
        Lang::En => (&EN, EN_TEXT, false),
    };
    let pick = |f: &str, e: &str| if fr { f.to_owned() } else { e.to_owned() };
    let opt = |s: &str| (s != "—").then(|| s.to_owned());
    let subjects = rows
        .iter()
        .map(|r| SubjectLine {
            name: r.1.to_owned(),
            code: r.2.to_owned(),
            group: Some(r.0.to_owned()),
            teacher: r.3.to_owned(),
            coefficient: r.4.to_owned(),
            average: r.5.map(str::to_owned),
            class_average: opt(r.6),
            min: opt(r.7),
            max: opt(r.8),
            rank: opt(r.9),
            appreciation: if r.5.is_some() {
                text.to_owned()
            } else {
                String::new()
            },
        })
        .collect();
    let groups = match lang {
        Lang::Fr => [
            ("Lettres", "14,02"),
            ("Sciences", "15,12"),
            ("Arts et sport", "14,69"),
        ],
        Lang::En => [
            ("Languages", "14.02"),
            ("Sciences", "15.12"),
            ("Arts and sport", "14.69"),
        ],
    }
    .into_iter()
    .map(|(name, avg)| GroupLine {
        name: name.to_owned(),
        average: Some(avg.to_owned()),
    })
    .collect();
    BulletinData {
        lang: lang.code().to_owned(),
        labels: Labels::for_lang(lang),
        school: SchoolPart {
            name: name.to_owned(),
            code: code.to_owned(),
            color: color.to_owned(),
            logo: logo.map(str::to_owned),
        },
        year: "2026-2027".to_owned(),
        period: PeriodPart {
            id: 1,
            name: pick("Trimestre 1", "Term 1"),
            starts_on: pick("01/09/2026", "1 September 2026"),
            ends_on: pick("30/11/2026", "30 November 2026"),
        },
        class: ClassPart {
            id: 1,
            name: pick("6e A", "Year 7 A"),
            level: pick("6e", "Year 7"),
            main_teacher: Some(pick("M. Ba", "Mr Ba")),
            ranked: 32,
            size: 33,
        },
        student: StudentPart {
            id: 1,
            first_name: "Awa".to_owned(),
            last_name: "Diop".to_owned(),
            matricule: "2026-0042".to_owned(),
            birth_date: Some(pick("12/03/2014", "12 March 2014")),
        },
        subjects,
        groups,
        general: GeneralPart {
            average: Some(pick("14,78", "14.78")),
            class_average: Some(pick("11,92", "11.92")),
            min: Some(pick("6,85", "6.85")),
            max: Some(pick("16,40", "16.40")),
            rank: Some("3".to_owned()),
        },
        absences: AbsencesPart {
            half_days: 4,
            unjustified_half_days: 1,
            late: 2,
        },
        council: CouncilPart {
            general_appreciation: text.to_owned(),
            distinction: Some(pick(
                "Félicitations du conseil de classe",
                "Commendation from the class council",
            )),
        },
        issue: IssuePart {
            version: 1,
            date: pick("18/12/2026", "18 December 2026"),
            reference: format!("{code}-0-v1"),
            reason: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulletins::render;

    fn render_to_tmp(data: &BulletinData, name: &str) -> eschool_pdf::Pdf {
        let pdf = render::bulletin_blocking(render::DEFAULT_BULLETIN_TEMPLATE, data, None)
            .unwrap_or_else(|e| panic!("renders: {e:?}"));
        if std::env::var_os("ESCHOOL_PDF_OUT").is_some() {
            let _ = std::fs::write(format!("/tmp/{name}.pdf"), &pdf.bytes);
        }
        pdf
    }

    #[test]
    fn the_full_sample_fits_on_one_page_in_both_languages() {
        for lang in Lang::ALL {
            let data = bulletin(lang, "Collège Sainte-Anne de Dakar", "CSA", "#1f4e79", None);
            let pdf = render_to_tmp(&data, &format!("sample-{}", lang.code()));
            assert_eq!(pdf.pages, 1, "{lang:?}");
        }
    }

    #[test]
    fn without_ranks_and_with_a_tiny_bulletin_the_template_still_renders() {
        let mut data = bulletin(Lang::Fr, "École", "E", "#8a1c1c", None);
        data.general.rank = None;
        for s in &mut data.subjects {
            s.rank = None;
        }
        render_to_tmp(&data, "sample-noranks");
        data.subjects.truncate(1);
        data.groups.clear();
        data.subjects[0].group = None;
        data.general = GeneralPart {
            average: None,
            class_average: None,
            min: None,
            max: None,
            rank: None,
        };
        data.council = CouncilPart {
            general_appreciation: String::new(),
            distinction: None,
        };
        data.student.birth_date = None;
        data.class.main_teacher = None;
        data.issue.reason = Some("Correction d’une note".to_owned());
        render_to_tmp(&data, "sample-tiny");
    }
}
