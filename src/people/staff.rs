//! The school's staff: accounts holding a staff role, and what each teacher teaches.

use std::collections::BTreeMap;

use super::repo::{self, StaffFilter, StaffRow, TeachingRow};
use crate::{AppState, accounts::model::Role, error::AppError, schools::SchoolScope};

/// A staff member with their staff roles and, for teachers, their classes and subjects of
/// the current year.
#[derive(Debug, Clone)]
pub struct StaffMember {
    pub row: StaffRow,
    pub roles: Vec<Role>,
    pub teaching: Vec<TeachingRow>,
}

impl StaffMember {
    pub fn is_disabled(&self) -> bool {
        self.row.disabled != 0
    }
}

/// The staff roles, in the order they are shown.
pub const STAFF_ROLES: [Role; 4] = [
    Role::SchoolAdmin,
    Role::Teacher,
    Role::VieScolaire,
    Role::Bursar,
];

/// One page of staff (two queries whatever the page size: the members, then every
/// assignment of the page's teachers).
pub async fn list(
    state: &AppState,
    scope: SchoolScope,
    filter: &StaffFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<StaffMember>, i64), AppError> {
    let (rows, total) = repo::list_staff(&state.db, scope, filter, limit, offset).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut teaching: BTreeMap<i64, Vec<TeachingRow>> = BTreeMap::new();
    for t in repo::teaching_of(&state.db.pool, scope, &ids).await? {
        teaching.entry(t.teacher_id).or_default().push(t);
    }
    let members = rows
        .into_iter()
        .map(|row| {
            let mut roles: Vec<Role> = row.roles.split(',').filter_map(Role::parse).collect();
            roles.sort();
            roles.dedup();
            StaffMember {
                teaching: teaching.remove(&row.id).unwrap_or_default(),
                roles,
                row,
            }
        })
        .collect();
    Ok((members, total))
}

/// One staff member; `None` when the user is not staff of this school.
pub async fn get(
    state: &AppState,
    scope: SchoolScope,
    user_id: i64,
) -> Result<Option<StaffMember>, AppError> {
    let filter = StaffFilter {
        user_id: Some(user_id),
        ..StaffFilter::default()
    };
    Ok(list(state, scope, &filter, 1, 0).await?.0.pop())
}
