//! The demo school's structure beyond levels, subjects and classes: the year's periods (as
//! the school's period kind says), subject groups, a few coefficient overrides, and teaching
//! assignments covering every class × subject of its level, each teacher teaching one subject
//! (a second when the staff is short) to a handful of classes of one cycle, and leading one
//! class they teach. Batched, like the rest of the generator.

use std::collections::HashMap;

use sqlx::AssertSqlSafe;

use super::{LEVELS, SUBJECTS, V, insert_batch};
use crate::{
    db::Tx,
    schools::model::SchoolSettings,
    structure::model::{default_period_name, default_periods, parse_date},
};

/// Classes one teacher takes in one subject, at most: a full service in a collège.
const CLASSES_PER_TEACHER: usize = 8;

/// Subject groups for the bulletin, with the codes they hold, in order.
const GROUPS: [(&str, &[&str]); 3] = [
    ("Lettres et langues", &["FRA", "HG", "ANG", "ESP"]),
    ("Sciences", &["MATH", "SVT", "PC", "TECH"]),
    ("Arts et sport", &["EPS", "ARTS", "MUS"]),
];

/// What the generator already created and this part builds on.
pub(super) struct Built<'a> {
    pub school_id: i64,
    pub year_id: i64,
    pub year_dates: (&'a str, &'a str),
    pub settings: &'a SchoolSettings,
    pub level_ids: &'a HashMap<String, i64>,
    pub subject_ids: &'a HashMap<String, i64>,
    /// Classes in creation order: (id, level index in [`LEVELS`]).
    pub classes: Vec<(i64, usize)>,
    /// Teacher user ids; the first is the stable `teacher` login.
    pub teachers: Vec<i64>,
    pub now: i64,
}

/// Seeds periods, groups, overrides and teaching assignments; sets each class's main teacher
/// to one of its teachers. Returns the number of assignments.
pub(super) async fn fill(tx: &mut Tx, b: &Built<'_>) -> anyhow::Result<usize> {
    let periods = insert_periods(tx, b).await?;
    insert_groups(tx, b).await?;
    insert_overrides(tx, b, &periods).await?;
    let assignments = plan_assignments(b);
    let rows: Vec<Vec<V>> = assignments
        .iter()
        .map(|&(teacher, class, subject)| {
            vec![
                V::I(b.school_id),
                V::I(teacher),
                V::I(class),
                V::I(subject),
                V::I(b.now),
            ]
        })
        .collect();
    insert_batch(
        tx,
        "teaching_assignments",
        &[
            "school_id",
            "teacher_id",
            "class_id",
            "subject_id",
            "created_at",
        ],
        &rows,
        None,
    )
    .await?;
    set_main_teachers(tx, b, &assignments).await?;
    Ok(assignments.len())
}

async fn insert_periods(tx: &mut Tx, b: &Built<'_>) -> anyhow::Result<Vec<i64>> {
    let (start, end) = (parse_date(b.year_dates.0), parse_date(b.year_dates.1));
    let (Ok(start), Ok(end)) = (start, end) else {
        anyhow::bail!("demo year dates are not ISO dates");
    };
    let kind = b.settings.period_kind;
    let rows: Vec<Vec<V>> = default_periods(kind, start, end)
        .iter()
        .enumerate()
        .map(|(i, (s, e, c))| {
            vec![
                V::I(b.school_id),
                V::I(b.year_id),
                V::I(i as i64 + 1),
                V::S(default_period_name(kind, b.settings.locale, i + 1)),
                V::S(s.to_string()),
                V::S(e.to_string()),
                V::S(c.to_string()),
            ]
        })
        .collect();
    let ids = insert_batch(
        tx,
        "periods",
        &[
            "school_id",
            "year_id",
            "position",
            "name",
            "starts_on",
            "ends_on",
            "closes_on",
        ],
        &rows,
        Some(("id", "name")),
    )
    .await?;
    Ok(ids.into_iter().map(|(id, _)| id).collect())
}

async fn insert_groups(tx: &mut Tx, b: &Built<'_>) -> anyhow::Result<()> {
    let rows: Vec<Vec<V>> = GROUPS
        .iter()
        .enumerate()
        .map(|(i, (name, _))| vec![V::I(b.school_id), V::S((*name).into()), V::I(i as i64 + 1)])
        .collect();
    let ids: HashMap<String, i64> = insert_batch(
        tx,
        "subject_groups",
        &["school_id", "name", "position"],
        &rows,
        Some(("id", "name")),
    )
    .await?
    .into_iter()
    .map(|(id, name)| (name, id))
    .collect();
    for (position, subject) in SUBJECTS.iter().enumerate() {
        let group = GROUPS
            .iter()
            .find(|(_, codes)| codes.contains(&subject.code))
            .and_then(|(name, _)| ids.get(*name).copied());
        sqlx::query(
            "UPDATE subjects SET group_id = $1, position = $2 WHERE school_id = $3 AND code = $4",
        )
        .bind(group)
        .bind(position as i64 + 1)
        .bind(b.school_id)
        .bind(subject.code)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Two believable overrides: mathematics weighs more in 3e in the last period (mock brevet),
/// and the first 4e class, a science option class, has physics-chemistry at 2.5.
async fn insert_overrides(tx: &mut Tx, b: &Built<'_>, periods: &[i64]) -> anyhow::Result<()> {
    let mut rows = Vec::new();
    if let (Some(level), Some(subject), Some(period)) = (
        b.level_ids.get("3e"),
        b.subject_ids.get("MATH"),
        periods.last(),
    ) {
        rows.push(vec![
            V::I(b.school_id),
            V::I(*subject),
            V::OI(Some(*level)),
            V::OI(None),
            V::OI(Some(*period)),
            V::I(500),
        ]);
    }
    let fourth = LEVELS.iter().position(|l| *l == "4e");
    if let (Some(class), Some(subject)) = (
        b.classes.iter().find(|(_, level)| Some(*level) == fourth),
        b.subject_ids.get("PC"),
    ) {
        rows.push(vec![
            V::I(b.school_id),
            V::I(*subject),
            V::OI(None),
            V::OI(Some(class.0)),
            V::OI(None),
            V::I(250),
        ]);
    }
    insert_batch(
        tx,
        "coefficient_overrides",
        &[
            "school_id",
            "subject_id",
            "level_id",
            "class_id",
            "period_id",
            "coefficient_cents",
        ],
        &rows,
        None,
    )
    .await?;
    Ok(())
}

/// (teacher, class, subject) for every class and every subject taught at its level. A
/// subject's classes are split by cycle (6e–5e, 4e–3e: a teacher keeps neighbouring levels)
/// into even blocks of at most [`CLASSES_PER_TEACHER`], one teacher each; teachers are taken
/// in turn, and when every teacher has a subject the next blocks go to teachers as a second
/// one.
fn plan_assignments(b: &Built<'_>) -> Vec<(i64, i64, i64)> {
    let mut out = Vec::new();
    if b.teachers.is_empty() {
        return out;
    }
    let mut next_teacher = 0usize;
    for subject in &SUBJECTS {
        let Some(subject_id) = b.subject_ids.get(subject.code) else {
            continue;
        };
        for cycle in [0..2, 2..LEVELS.len()] {
            let classes: Vec<i64> = b
                .classes
                .iter()
                .filter(|(_, level)| cycle.contains(level))
                .filter(|(_, level)| subject.coefficients.get(*level).is_some_and(|c| *c > 0))
                .map(|(id, _)| *id)
                .collect();
            if classes.is_empty() {
                continue;
            }
            let needed = classes.len().div_ceil(CLASSES_PER_TEACHER);
            // Even blocks: 18 classes for 3 teachers is 6 each, not 8, 8 and 2.
            let per_teacher = classes.len().div_ceil(needed);
            for block in classes.chunks(per_teacher) {
                let teacher = b.teachers[next_teacher % b.teachers.len()];
                next_teacher += 1;
                out.extend(block.iter().map(|class| (teacher, *class, *subject_id)));
            }
        }
    }
    out
}

/// Each class's main teacher becomes one of its teachers, spread over the subjects so no
/// teacher leads many classes; the first class keeps the stable `teacher` login when they
/// teach it.
async fn set_main_teachers(
    tx: &mut Tx,
    b: &Built<'_>,
    assignments: &[(i64, i64, i64)],
) -> anyhow::Result<()> {
    let mut leads: HashMap<i64, usize> = HashMap::new();
    let mut cases = String::new();
    let mut binds: Vec<i64> = Vec::new();
    for (k, (class, _)) in b.classes.iter().enumerate() {
        let mut teachers: Vec<i64> = assignments
            .iter()
            .filter(|(_, c, _)| c == class)
            .map(|(t, _, _)| *t)
            .collect();
        if teachers.is_empty() {
            continue;
        }
        let count = teachers.len();
        teachers.rotate_left(k % count);
        let chosen = teachers
            .iter()
            .copied()
            .min_by_key(|t| leads.get(t).copied().unwrap_or(0))
            .unwrap_or(teachers[0]);
        let chosen = if k == 0 && teachers.contains(&b.teachers[0]) {
            b.teachers[0]
        } else {
            chosen
        };
        *leads.entry(chosen).or_default() += 1;
        let n = binds.len();
        cases.push_str(&format!(" WHEN ${} THEN ${}", n + 2, n + 3));
        binds.push(*class);
        binds.push(chosen);
    }
    if binds.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "UPDATE classes SET main_teacher_id = CASE id{cases} ELSE main_teacher_id END WHERE school_id = $1"
    );
    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(b.school_id);
    for v in binds {
        q = q.bind(v);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}
