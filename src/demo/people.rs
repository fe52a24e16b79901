//! The people part of the demo school, in its own function so that other parts of the
//! generator stay independent: places of birth, second phones and addresses for guardians,
//! who receives notices, and the enrolment history row of every student with a class. A few
//! set-based statements, whatever the school's size (5,000 students take the same four).

use sqlx::Any;

use crate::db::Tx;

/// Places of birth, picked by student id (deterministic for a given database).
const PLACES: &[&str] = &[
    "Dakar",
    "Thiès",
    "Saint-Louis",
    "Ziguinchor",
    "Kaolack",
    "Lyon",
    "Paris",
    "Bamako",
    "Abidjan",
    "Marseille",
    "Touba",
    "Rufisque",
];

/// Streets and towns for guardians' addresses.
const STREETS: &[&str] = &[
    "rue Carnot",
    "avenue Blaise-Diagne",
    "rue des Écoles",
    "boulevard de la République",
    "allée des Flamboyants",
    "rue Jules-Ferry",
    "avenue Cheikh-Anta-Diop",
    "rue du Marché",
];
const TOWNS: &[&str] = &["Dakar", "Thiès", "Rufisque", "Pikine", "Lyon"];

/// `CASE <expr> WHEN 0 THEN 'a' WHEN 1 THEN 'b' … END` over constant strings (no input).
fn pick(expr: &str, values: &[&str]) -> String {
    let mut sql = format!("CASE {expr}");
    for (i, v) in values.iter().enumerate() {
        sql.push_str(&format!(" WHEN {i} THEN '{}'", v.replace('\'', "''")));
    }
    sql.push_str(" END");
    sql
}

/// Fills the people details of the demo school `school_id` (already inserted in `tx`).
pub(super) async fn add_people_details(tx: &mut Tx, school_id: i64) -> Result<(), sqlx::Error> {
    let place = pick(&format!("(id % {})", PLACES.len()), PLACES);
    let sql = format!("UPDATE students SET birth_place = {place} WHERE school_id = $1");
    sqlx::query::<Any>(sqlx::AssertSqlSafe(sql))
        .bind(school_id)
        .execute(&mut **tx)
        .await?;

    // Every guardian has an address; about one in three a second phone.
    let two = |k: i64| format!("CAST(10 + (id * {k}) % 90 AS TEXT)");
    let street = pick(&format!("(id % {})", STREETS.len()), STREETS);
    let town = pick(&format!("((id / 7) % {})", TOWNS.len()), TOWNS);
    let sql = format!(
        "UPDATE guardians SET \
           address = CAST(1 + id % 120 AS TEXT) || ', ' || {street} || ', ' || {town}, \
           phone_alt = CASE WHEN id % 3 = 0 THEN '07 ' || {} || ' ' || {} || ' ' || {} || ' ' || {} END \
         WHERE school_id = $1",
        two(37),
        two(53),
        two(71),
        two(97)
    );
    sqlx::query::<Any>(sqlx::AssertSqlSafe(sql))
        .bind(school_id)
        .execute(&mut **tx)
        .await?;

    // Some second guardians do not receive the school's notices.
    sqlx::query::<Any>(
        "UPDATE student_guardians SET receives_notices = 0 \
         WHERE school_id = $1 AND relationship = 'father' AND guardian_id % 4 = 0",
    )
    .bind(school_id)
    .execute(&mut **tx)
    .await?;

    // The enrolment history: one open row per student with a class, from the year's start.
    sqlx::query::<Any>(
        "INSERT INTO enrolments (school_id, student_id, year_id, class_id, starts_on, created_at) \
         SELECT s.school_id, s.id, c.year_id, c.id, y.starts_on, s.created_at \
         FROM students s \
         JOIN classes c ON c.id = s.class_id AND c.school_id = s.school_id \
         JOIN academic_years y ON y.id = c.year_id AND y.school_id = s.school_id \
         WHERE s.school_id = $1",
    )
    .bind(school_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
