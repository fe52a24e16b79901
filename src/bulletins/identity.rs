//! Students' identities as bulletins print them (matricule, birth date), for a whole class in
//! one query.

use std::collections::HashMap;

use super::document::Identity;
use crate::{error::AppError, schools::SchoolScope};

/// The identities of every student ever enrolled in the class (the students of its council,
/// including those who left during the year), by student id.
pub async fn of_class(
    pool: &sqlx::AnyPool,
    scope: SchoolScope,
    class_id: i64,
) -> Result<HashMap<i64, Identity>, AppError> {
    let rows: Vec<Identity> = sqlx::query_as(
        "SELECT s.id, s.matricule, s.birth_date FROM students s \
         WHERE s.school_id = $1 AND (s.class_id = $2 OR s.id IN ( \
           SELECT en.student_id FROM enrolments en WHERE en.school_id = $1 AND en.class_id = $2))",
    )
    .bind(scope.school_id())
    .bind(class_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r)).collect())
}
