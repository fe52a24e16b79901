//! The demo school's marks: for every class × subject with a teaching assignment, a believable
//! year of assessments (interrogations, devoirs, orals, a composition at the end of each
//! period; maxima 20 mostly, some 10 or 40; coefficients 0.5, 1, 2; now and then a bonus or a
//! make-up test that counts only if it raises the average), dated on school days inside their
//! period and published a few days later.
//!
//! Nothing is dated after the school's today: the assessments of the rest of the year are not
//! created, except the next one of each class × subject, unpublished and without marks (what a
//! teacher has announced). Every student has a stable level, and an ease per subject, so
//! averages look real (about 12 on 20, most between 8 and 16); about 3% of marks are codes
//! (mostly excused absences, some unexcused, exempt in sport, not handed in).
//!
//! Deterministic for a given seed and database, and batched: the marks go in multi-row
//! inserts of [`MARK_ROWS`] rows, in the seeding transaction (so a demo school exists whole or
//! not at all). 5,000 students seeded as of the end of the year give over a million marks.

use std::collections::HashMap;

use jiff::civil::{Date, Weekday};
use rand::{Rng, SeedableRng, rngs::StdRng};
use sqlx::{Any, AssertSqlSafe};

use super::{V, insert_batch};
use crate::{
    db::{Tx, values_placeholders},
    gradebook::{
        Assessment, AssessmentRule, MarkEntry, MarkValue, repo::MarkCodeRow, service::ensure_codes,
    },
    schools::SchoolScope,
};

/// Marks per multi-row insert (5 binds each, well under both backends' limits).
const MARK_ROWS: usize = 2_000;

/// What was created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarksReport {
    pub assessments: usize,
    pub marks: usize,
}

/// The marks of the periods that ended before the school's today, kept for the councils
/// (src/demo/councils.rs): by (student, subject, period), in assessment order.
#[derive(Debug, Default)]
pub(super) struct EndedMarks {
    /// The ended periods, in order.
    pub periods: Vec<i64>,
    pub entries: HashMap<(i64, i64, i64), Vec<MarkEntry>>,
    /// The school's mark codes as stored.
    pub codes: Vec<MarkCodeRow>,
}

/// School holidays (zone C-like), as (month, day) ranges: no test is set in them.
const HOLIDAYS: [((i8, i8), (i8, i8)); 4] = [
    ((10, 17), (11, 1)),
    ((12, 19), (1, 3)),
    ((2, 13), (3, 1)),
    ((4, 10), (4, 26)),
];

/// Topics per subject code, for titles ("Interrogation n°2 : fractions").
fn topics(subject: &str) -> &'static [&'static str] {
    match subject {
        "FRA" => &[
            "dictée",
            "rédaction",
            "lecture suivie",
            "grammaire",
            "conjugaison",
            "poésie",
        ],
        "MATH" => &[
            "fractions",
            "géométrie",
            "calcul littéral",
            "proportionnalité",
            "statistiques",
            "équations",
        ],
        "HG" => &[
            "l’Antiquité",
            "cartographie",
            "le Moyen Âge",
            "la ville",
            "EMC",
        ],
        "ANG" => &["vocabulary", "listening", "grammar", "writing"],
        "ESP" => &["vocabulario", "comprensión oral", "gramática"],
        "SVT" => &["la cellule", "la digestion", "les roches", "l’écosystème"],
        "PC" => &["les mélanges", "l’électricité", "la lumière", "la matière"],
        "TECH" => &["les objets techniques", "programmation", "énergie"],
        "EPS" => &["demi-fond", "acrosport", "handball", "natation"],
        "ARTS" => &["perspective", "couleur", "collage"],
        "MUS" => &["chant", "écoute", "rythme"],
        _ => &["notions du chapitre"],
    }
}

/// How many assessments a class has in a subject per period: more in French and
/// mathematics, fewer in the arts.
fn per_period(subject: &str, rng: &mut StdRng) -> usize {
    match subject {
        "FRA" | "MATH" => rng.random_range(7..=9),
        "EPS" | "ARTS" | "MUS" => rng.random_range(4..=6),
        _ => rng.random_range(6..=8),
    }
}

/// One planned assessment (not yet stored).
#[derive(Debug, Clone)]
struct Planned {
    class_id: i64,
    subject_id: i64,
    period_id: i64,
    teacher_id: i64,
    title: String,
    date: Date,
    kind: &'static str,
    max: i64,
    coefficient: i64,
    rule: &'static str,
    published_on: Option<Date>,
    /// Marks are entered (dated today or before).
    marked: bool,
}

fn in_holidays(d: Date) -> Option<Date> {
    let md = (d.month(), d.day());
    for (from, to) in HOLIDAYS {
        let inside = if from <= to {
            md >= from && md <= to
        } else {
            md >= from || md <= to
        };
        if inside {
            let year = if to.0 < d.month() {
                d.year() + 1
            } else {
                d.year()
            };
            return Date::new(year, to.0, to.1).ok()?.tomorrow().ok();
        }
    }
    None
}

/// A school day on or after `d` (out of holidays, Monday to Friday), if one comes by `last`.
fn school_day(mut d: Date, last: Date) -> Option<Date> {
    for _ in 0..30 {
        if let Some(after) = in_holidays(d) {
            d = after;
            continue;
        }
        match d.weekday() {
            Weekday::Saturday | Weekday::Sunday => d = d.tomorrow().ok()?,
            _ => return (d <= last).then_some(d),
        }
    }
    None
}

fn add_days(d: Date, days: i64) -> Date {
    d.checked_add(jiff::Span::new().days(days)).unwrap_or(d)
}

fn ordinal(n: usize) -> String {
    if n == 1 {
        "1er".to_owned()
    } else {
        format!("{n}e")
    }
}

/// The assessments of one class × subject in one period, by date.
#[expect(
    clippy::too_many_arguments,
    reason = "one plain call site in this file"
)]
fn plan_period(
    rng: &mut StdRng,
    subject_code: &str,
    (class_id, subject_id, teacher_id): (i64, i64, i64),
    (period_id, period_no): (i64, usize),
    (starts, ends): (Date, Date),
    today: Date,
    upcoming: &mut bool,
    out: &mut Vec<Planned>,
) {
    let n = per_period(subject_code, rng);
    // Tests start in the second week and end a few days before the period does.
    let first = add_days(starts, 7);
    let last = add_days(ends, -3);
    let span = first
        .until((jiff::Unit::Day, last))
        .map_or(0, |s| i64::from(s.get_days()));
    if span <= 0 {
        return;
    }
    let topics = topics(subject_code);
    let mut counters: HashMap<&str, usize> = HashMap::new();
    let mut bonus_done = false;
    for k in 0..n {
        let slot_start = span * k as i64 / n as i64;
        let slot_end = (span * (k as i64 + 1) / n as i64).max(slot_start + 1);
        let offset = rng.random_range(slot_start..slot_end);
        let Some(date) = school_day(add_days(first, offset), last) else {
            continue;
        };
        let last_of_period = k + 1 == n;
        let roll = rng.random_range(0..100);
        let (kind, max, coefficient, rule, title) = if last_of_period && subject_code != "EPS" {
            (
                "composition",
                if roll < 15 { 4000 } else { 2000 },
                200,
                "normal",
                format!("Composition du {} trimestre", ordinal(period_no)),
            )
        } else if !bonus_done && roll < 4 && k > 0 {
            bonus_done = true;
            (
                "oral",
                2000,
                50,
                "bonus",
                "Exposé facultatif (bonus)".to_owned(),
            )
        } else if roll < 7 && k > 1 {
            (
                "devoir",
                2000,
                100,
                "raise_only",
                format!("Devoir de rattrapage n°{}", k + 1),
            )
        } else {
            let topic = topics[rng.random_range(0..topics.len())];
            let (kind, label, max, coefficient) = match rng.random_range(0..100) {
                0..35 => ("interrogation", "Interrogation", 2000, 50),
                35..50 => ("interrogation", "Interrogation", 1000, 50),
                50..80 => ("devoir", "Devoir", 2000, 100),
                80..86 => ("devoir", "Devoir surveillé", 4000, 200),
                86..94 => ("oral", "Oral", 2000, 100),
                _ => ("oral", "Oral", 1000, 50),
            };
            let count = counters.entry(label).or_default();
            *count += 1;
            (
                kind,
                max,
                coefficient,
                "normal",
                format!("{label} n°{count} : {topic}"),
            )
        };
        let marked = date <= today;
        if !marked {
            // The rest of the year is not written yet: only the next assessment is announced.
            if *upcoming {
                return;
            }
            *upcoming = true;
        }
        let published_on = marked.then(|| add_days(date, rng.random_range(3..=8)));
        out.push(Planned {
            class_id,
            subject_id,
            period_id,
            teacher_id,
            title,
            date,
            kind,
            max,
            coefficient,
            rule,
            published_on,
            marked,
        });
    }
}

/// A student's stable profile: their level on 20 and how often they miss a test, in
/// hundredths.
#[derive(Debug, Clone, Copy)]
struct Profile {
    level: i64,
    /// Chance of an excused absence, per 10,000.
    absent: u32,
}

/// Sum of `n` uniform draws in `-half..=half`: a cheap bell curve, in integers.
fn bell(rng: &mut StdRng, n: usize, half: i64) -> i64 {
    (0..n).map(|_| rng.random_range(-half..=half)).sum()
}

/// A student's mark on an assessment: points (hundredths, on the assessment's maximum, in
/// half points) or a code.
fn mark(
    rng: &mut StdRng,
    a: &Planned,
    subject_code: &str,
    student: Profile,
    ease: i64,
    difficulty: i64,
    codes: &Codes,
) -> (Option<i64>, Option<&'static str>) {
    let roll = rng.random_range(0..10_000u32);
    let exempt = if subject_code == "EPS" { 150 } else { 15 };
    let mut threshold = student.absent;
    if roll < threshold {
        return (None, codes.pick("ABS"));
    }
    for (code, chance) in [
        ("Z", 40),
        ("DISP", exempt),
        ("NN", 25),
        ("W", if a.kind == "devoir" { 45 } else { 0 }),
        ("NR", if a.kind == "devoir" { 25 } else { 0 }),
    ] {
        threshold += chance;
        if roll < threshold
            && let Some(code) = codes.pick(code)
        {
            return (None, Some(code));
        }
    }
    let on_20 = (student.level + ease + difficulty + bell(rng, 2, 220)).clamp(0, 2000);
    // Brought to the assessment's maximum, to the nearest half point.
    let points = (on_20 * a.max / 2000 + 25) / 50 * 50;
    (Some(points.clamp(0, a.max)), None)
}

/// The codes the school has, as static strings for the batch.
struct Codes(Vec<&'static str>);

impl Codes {
    fn pick(&self, code: &str) -> Option<&'static str> {
        self.0.iter().copied().find(|c| *c == code)
    }
}

/// Seeds the assessments and marks of the school's year `year_id` as of `today`.
pub(super) async fn seed(
    tx: &mut Tx,
    scope: SchoolScope,
    year_id: i64,
    today: Date,
    now: i64,
    seed: u64,
) -> anyhow::Result<(MarksReport, EndedMarks)> {
    let sid = scope.school_id();
    let code_rows = ensure_codes(tx, scope).await?;
    let codes = Codes(
        ["ABS", "DISP", "NN", "NR", "Z", "W"]
            .into_iter()
            .filter(|c| code_rows.iter().any(|s| s.code == *c))
            .collect(),
    );
    let periods: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, starts_on, ends_on FROM periods WHERE school_id = $1 AND year_id = $2 \
         ORDER BY position",
    )
    .bind(sid)
    .bind(year_id)
    .fetch_all(&mut **tx)
    .await?;
    let periods: Vec<(i64, Date, Date)> = periods
        .into_iter()
        .filter_map(|(id, s, e)| Some((id, s.parse().ok()?, e.parse().ok()?)))
        .collect();
    let assignments: Vec<(i64, i64, String, i64)> = sqlx::query_as(
        "SELECT t.class_id, t.subject_id, s.code, MIN(t.teacher_id) FROM teaching_assignments t \
         JOIN subjects s ON s.school_id = t.school_id AND s.id = t.subject_id \
         JOIN classes c ON c.school_id = t.school_id AND c.id = t.class_id \
         WHERE t.school_id = $1 AND c.year_id = $2 \
         GROUP BY t.class_id, t.subject_id, s.code ORDER BY t.class_id, t.subject_id",
    )
    .bind(sid)
    .bind(year_id)
    .fetch_all(&mut **tx)
    .await?;
    let students: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, class_id FROM students WHERE school_id = $1 AND class_id IS NOT NULL \
         ORDER BY id",
    )
    .bind(sid)
    .fetch_all(&mut **tx)
    .await?;

    let mut rng = StdRng::seed_from_u64(seed ^ 0x006d_6172_6b73);
    let mut profiles: HashMap<i64, Profile> = HashMap::with_capacity(students.len());
    let mut by_class: HashMap<i64, Vec<i64>> = HashMap::new();
    for (id, class_id) in &students {
        let level = (1200 + bell(&mut rng, 3, 300)).clamp(300, 1900);
        let absent = if rng.random_bool(0.1) { 450 } else { 130 };
        profiles.insert(*id, Profile { level, absent });
        by_class.entry(*class_id).or_default().push(*id);
    }

    let mut planned = Vec::new();
    for (class_id, subject_id, code, teacher_id) in &assignments {
        let mut upcoming = false;
        for (no, (period_id, starts, ends)) in periods.iter().enumerate() {
            plan_period(
                &mut rng,
                code,
                (*class_id, *subject_id, *teacher_id),
                (*period_id, no + 1),
                (*starts, *ends),
                today,
                &mut upcoming,
                &mut planned,
            );
        }
    }
    let rows: Vec<Vec<V>> = planned
        .iter()
        .map(|a| {
            vec![
                V::I(sid),
                V::I(a.class_id),
                V::I(a.subject_id),
                V::I(a.period_id),
                V::I(a.teacher_id),
                V::S(a.title.clone()),
                V::S(a.date.to_string()),
                V::S(a.kind.into()),
                V::I(a.max),
                V::I(a.coefficient),
                V::S(a.rule.into()),
                V::OS(a.published_on.map(|d| d.to_string())),
                V::I(now),
                V::I(now),
            ]
        })
        .collect();
    insert_batch(
        tx,
        "assessments",
        &[
            "school_id",
            "class_id",
            "subject_id",
            "period_id",
            "teacher_id",
            "title",
            "date",
            "kind",
            "max_hundredths",
            "coefficient_hundredths",
            "rule",
            "published_on",
            "created_at",
            "updated_at",
        ],
        &rows,
        None,
    )
    .await?;
    // The ids back, by what makes a planned assessment unique (titles are numbered).
    let stored: Vec<(i64, i64, i64, i64, String)> = sqlx::query_as(
        "SELECT id, class_id, subject_id, period_id, title FROM assessments WHERE school_id = $1",
    )
    .bind(sid)
    .fetch_all(&mut **tx)
    .await?;
    let ids: HashMap<(i64, i64, i64, String), i64> = stored
        .into_iter()
        .map(|(id, c, s, p, t)| ((c, s, p, t), id))
        .collect();

    let codes_of: HashMap<i64, &str> = assignments
        .iter()
        .map(|(_, s, code, _)| (*s, code.as_str()))
        .collect();
    let mut ease: HashMap<(i64, i64), i64> = HashMap::new();
    let mut batch: Vec<MarkInsert> = Vec::with_capacity(MARK_ROWS);
    let mut marks = 0usize;
    let mut ended = EndedMarks {
        periods: periods
            .iter()
            .filter(|(_, _, ends)| *ends < today)
            .map(|(id, _, _)| *id)
            .collect(),
        entries: HashMap::new(),
        codes: code_rows.clone(),
    };
    for a in planned.iter().filter(|a| a.marked) {
        let key = (a.class_id, a.subject_id, a.period_id, a.title.clone());
        let Some(&assessment_id) = ids.get(&key) else {
            anyhow::bail!("demo assessment {key:?} not stored");
        };
        let subject_code = codes_of.get(&a.subject_id).copied().unwrap_or("");
        let difficulty = bell(&mut rng, 2, 120);
        for student_id in by_class.get(&a.class_id).map_or(&[][..], Vec::as_slice) {
            let Some(profile) = profiles.get(student_id).copied() else {
                continue;
            };
            let ease = *ease
                .entry((*student_id, a.subject_id))
                .or_insert_with(|| bell(&mut rng, 2, 100));
            // A bonus talk is for volunteers; a make-up test for those who need it.
            let takes = match a.rule {
                "bonus" => rng.random_bool(0.3),
                "raise_only" => profile.level + ease < 1100 || rng.random_bool(0.1),
                _ => true,
            };
            if !takes {
                continue;
            }
            let (points, code) = mark(&mut rng, a, subject_code, profile, ease, difficulty, &codes);
            if ended.periods.contains(&a.period_id) {
                let value = match (points, code) {
                    (Some(p), _) => Some(MarkValue::Points(p)),
                    (None, Some(c)) => Some(MarkValue::Code(c.to_owned())),
                    (None, None) => None,
                };
                if let Some(value) = value {
                    ended
                        .entries
                        .entry((*student_id, a.subject_id, a.period_id))
                        .or_default()
                        .push(MarkEntry {
                            assessment: Assessment {
                                id: assessment_id,
                                max: a.max,
                                coefficient: a.coefficient,
                                rule: match a.rule {
                                    "bonus" => AssessmentRule::Bonus,
                                    "raise_only" => AssessmentRule::RaiseOnly,
                                    _ => AssessmentRule::Normal,
                                },
                            },
                            value,
                        });
                }
            }
            batch.push((assessment_id, *student_id, points, code, a.teacher_id));
            if batch.len() == MARK_ROWS {
                marks += insert_marks(tx, sid, now, &batch).await?;
                batch.clear();
            }
        }
    }
    marks += insert_marks(tx, sid, now, &batch).await?;
    Ok((
        MarksReport {
            assessments: planned.len(),
            marks,
        },
        ended,
    ))
}

/// A mark to insert: assessment, student, points or code, who entered it.
type MarkInsert = (i64, i64, Option<i64>, Option<&'static str>, i64);

/// One multi-row insert of marks: `$1` school, `$2` time, then 5 binds a row.
async fn insert_marks(
    tx: &mut Tx,
    school_id: i64,
    now: i64,
    rows: &[MarkInsert],
) -> Result<usize, sqlx::Error> {
    if rows.is_empty() {
        return Ok(0);
    }
    // `($3, $4, …)` rows, then the constants spliced into each row.
    let values = values_placeholders(rows.len(), 5);
    let values = shift_placeholders(&values, 2).replace('(', "($1, $2, ");
    let sql = format!(
        "INSERT INTO marks (school_id, updated_at, assessment_id, student_id, points_hundredths, \
         code, updated_by) VALUES {values}"
    );
    let mut query = sqlx::query::<Any>(AssertSqlSafe(sql))
        .bind(school_id)
        .bind(now);
    for (assessment_id, student_id, points, code, by) in rows {
        query = query
            .bind(*assessment_id)
            .bind(*student_id)
            .bind(*points)
            .bind(code.map(str::to_owned))
            .bind(*by);
    }
    query.execute(&mut **tx).await?;
    Ok(rows.len())
}

/// Renumbers `$n` placeholders to `$(n + by)`.
fn shift_placeholders(sql: &str, by: usize) -> String {
    let mut out = String::with_capacity(sql.len() + sql.len() / 8);
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        let mut n = String::new();
        while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
            n.push(d);
            chars.next();
        }
        let n: usize = n.parse().unwrap_or(0);
        out.push('$');
        out.push_str(&(n + by).to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_shift_after_the_constants() {
        let values = values_placeholders(2, 2);
        assert_eq!(shift_placeholders(&values, 2), "($3, $4), ($5, $6)");
    }

    #[test]
    fn tests_fall_on_school_days() {
        let last: Date = "2027-07-04".parse().unwrap();
        // A Saturday moves to Monday; Christmas holidays to the first school day after.
        assert_eq!(
            school_day("2026-10-03".parse().unwrap(), last),
            Some("2026-10-05".parse().unwrap())
        );
        assert_eq!(
            school_day("2026-12-24".parse().unwrap(), last),
            Some("2027-01-04".parse().unwrap())
        );
        assert_eq!(school_day("2027-07-03".parse().unwrap(), last), None);
    }

    #[test]
    fn marks_stay_within_the_maximum() {
        let mut rng = StdRng::seed_from_u64(1);
        let codes = Codes(vec!["ABS", "Z"]);
        let a = Planned {
            class_id: 1,
            subject_id: 1,
            period_id: 1,
            teacher_id: 1,
            title: "t".into(),
            date: "2026-10-05".parse().unwrap(),
            kind: "interrogation",
            max: 1000,
            coefficient: 50,
            rule: "normal",
            published_on: None,
            marked: true,
        };
        for level in [0, 1200, 2000] {
            let p = Profile { level, absent: 0 };
            for _ in 0..200 {
                if let (Some(points), None) = mark(&mut rng, &a, "MATH", p, 300, 300, &codes) {
                    assert!((0..=1000).contains(&points) && points % 50 == 0);
                }
            }
        }
    }
}
