//! The database step of the staff, class and assignment imports: a checked file applied to one
//! school in one transaction, all or nothing, or only planned (`--dry-run`) and rolled back;
//! and the records of the export.
//!
//! Matching (docs/IMPORT.md, "Staff, classes and teaching assignments"):
//! - staff by username. A new username creates an account **without a usable password** (an
//!   administrator sets one, or the person is given one by the operator's CLI) and grants its
//!   roles; a member's display name and e-mail are updated when they differ, and missing roles
//!   are granted — never removed. A username of an account outside the school is refused.
//! - classes of the current year by name, case aside: created, or their level, main teacher
//!   and room updated (a column absent from the file leaves the stored value alone). Levels
//!   must exist: they carry the coefficients and the order of the school, set on the structure
//!   page.
//! - assignments by (class, subject, teacher, period): created, never removed.
//!
//! Each import writes one audit row (`staff.import`, `class.import`,
//! `teaching_assignment.import`) in its transaction, with its counts and keys.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{
    AssignmentColumn, AssignmentRecord, ClassColumn, ClassName, ClassRecord, Kind, LevelName,
    PeriodName, Room, StaffColumn, StaffRecord, StaffRoles, SubjectCode, parse_assignments,
    parse_classes, parse_staff, repo, split_display_name,
};
use crate::{
    academics::import::{
        Email,
        repo::{V, current_year},
        store::{Change, Counts, Import, Mode},
    },
    accounts::model::{Role, Username},
    audit::{self, AuditAction, AuditEvent, ResourceType},
    clock::Clock,
    db::{Db, Tx},
    import::{ColumnSpec, Header, ImportReport, Issue, Table, msg},
    schools::SchoolScope,
};

/// The password hash of an account created by an import: not a hash any password verifies
/// against, so the account cannot sign in until a password is set.
pub const NO_PASSWORD: &str = "!import:no-password";

/// A row that changes something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineChange {
    pub line: u64,
    /// The row's key as written: username, class name, or "class / subject / teacher / period".
    pub key: String,
    pub change: Change,
    /// The canonical names of the columns whose values change (none for a creation).
    pub columns: Vec<String>,
}

/// What an import does (or did).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub rows: u64,
    pub counts: Counts,
    pub lines: Vec<LineChange>,
}

impl Outcome {
    fn record(&mut self, line: u64, key: String, change: Change, columns: Vec<String>) {
        match change {
            Change::Created => self.counts.created += 1,
            Change::Updated => self.counts.updated += 1,
            Change::Unchanged => {
                self.counts.unchanged += 1;
                return;
            }
        }
        self.lines.push(LineChange {
            line,
            key,
            change,
            columns,
        });
    }

    fn keys(&self, change: Change) -> Vec<&str> {
        self.lines
            .iter()
            .filter(|l| l.change == change)
            .map(|l| l.key.as_str())
            .collect()
    }
}

/// The result of an import: `Ok(Err(report))` when the file or its matching has problems
/// (nothing written).
pub type Result<T> = std::result::Result<std::result::Result<T, ImportReport>, sqlx::Error>;

/// Imports a file of `kind`.
pub async fn import(
    db: &Db,
    clock: &dyn Clock,
    import: Import<'_>,
    kind: Kind,
    bytes: &[u8],
) -> Result<Outcome> {
    match kind {
        Kind::Staff => import_staff(db, clock, import, bytes).await,
        Kind::Classes => import_classes(db, clock, import, bytes).await,
        Kind::Assignments => import_assignments(db, clock, import, bytes).await,
    }
}

/// Collects the problems only the database reveals, with the row's line and column.
struct Problems<'h, C> {
    header: &'h Header<C>,
    issues: Vec<Issue>,
}

impl<'h, C: ColumnSpec> Problems<'h, C> {
    fn new(header: &'h Header<C>) -> Self {
        Problems {
            header,
            issues: Vec::new(),
        }
    }

    fn push(&mut self, line: u64, column: C, message: &'static str, value: &str) {
        self.issues.push(Issue {
            line,
            column: Some(self.header.column_name(column)),
            message,
            args: vec![("value", value.to_owned())],
        });
    }

    fn report(self) -> Option<ImportReport> {
        (!self.issues.is_empty()).then_some(ImportReport {
            issues: self.issues,
        })
    }
}

/// Ends the transaction: rolled back for a dry run, else the audit row is written and it
/// commits.
async fn finish(
    mut tx: Tx,
    clock: &dyn Clock,
    import: Import<'_>,
    action: AuditAction,
    resource_type: ResourceType,
    outcome: &Outcome,
) -> std::result::Result<(), sqlx::Error> {
    if import.mode == Mode::DryRun {
        return tx.rollback().await;
    }
    audit::record(
        &mut tx,
        clock,
        &AuditEvent {
            scope: Some(import.scope),
            actor: import.actor,
            action,
            resource_type,
            resource_id: import.job_id.map(|id| id.to_string()),
            details: json!({
                "rows": outcome.rows,
                "counts": outcome.counts,
                "created": outcome.keys(Change::Created),
                "updated": outcome.keys(Change::Updated),
            }),
        },
    )
    .await?;
    tx.commit().await
}

/// What changes between a stored value and the file's (`None` in `file` when the column is
/// absent: nothing changes).
fn differs<T: PartialEq>(stored: &T, file: Option<&T>) -> bool {
    file.is_some_and(|f| f != stored)
}

#[tracing::instrument(skip_all, fields(school_id = import.scope.school_id(), mode = ?import.mode))]
pub async fn import_staff(
    db: &Db,
    clock: &dyn Clock,
    import: Import<'_>,
    bytes: &[u8],
) -> Result<Outcome> {
    let Table { header, rows } = match parse_staff(bytes) {
        Ok(table) => table,
        Err(report) => return Ok(Err(report)),
    };
    let scope = import.scope;
    let now = clock.now_ms();
    let mut tx = db.begin().await?;
    let members: HashMap<String, repo::Member> = repo::members(&mut *tx, scope)
        .await?
        .into_iter()
        .map(|m| (m.username.clone(), m))
        .collect();
    let mut held: HashMap<i64, HashSet<String>> = HashMap::new();
    for (user_id, role) in repo::roles(&mut *tx, scope).await? {
        held.entry(user_id).or_default().insert(role);
    }
    let outsiders: Vec<String> = rows
        .iter()
        .map(|(_, r)| r.username.as_str().to_owned())
        .filter(|u| !members.contains_key(u))
        .collect();
    let taken: HashSet<String> = repo::taken_usernames(&mut tx, &outsiders)
        .await?
        .into_iter()
        .collect();

    let has_first = header.has(StaffColumn::FirstName);
    let has_email = header.has(StaffColumn::Email);
    let mut problems = Problems::new(&header);
    let mut outcome = Outcome {
        rows: rows.len() as u64,
        ..Outcome::default()
    };
    let (mut new_users, mut new_roles, mut updates) = (Vec::new(), Vec::new(), Vec::new());
    for (line, record) in &rows {
        let username = record.username.as_str();
        if taken.contains(username) {
            problems.push(*line, StaffColumn::Username, msg::USERNAME_TAKEN, username);
            continue;
        }
        let Some(member) = members.get(username) else {
            new_users.push((record, *line));
            outcome.record(*line, username.to_owned(), Change::Created, vec![]);
            continue;
        };
        let mut columns = Vec::new();
        let (stored_first, stored_last) = split_display_name(&member.display_name);
        // Without a first-name column, the display name keeps its stored first name.
        let first = if has_first {
            record.first_name.clone()
        } else {
            stored_first.clone()
        };
        if stored_last != record.last_name {
            columns.push(StaffColumn::LastName.canonical());
        }
        if stored_first != first {
            columns.push(StaffColumn::FirstName.canonical());
        }
        let stored_email = member.email.as_deref().map(str::to_lowercase);
        let file_email = record.email.as_ref().map(|e| e.as_str().to_owned());
        if differs(&stored_email, has_email.then_some(&file_email)) {
            columns.push(StaffColumn::Email.canonical());
        }
        if !columns.is_empty() {
            let display = StaffRecord {
                first_name: first,
                ..record.clone()
            }
            .display_name();
            let email = if has_email {
                file_email
            } else {
                member.email.clone()
            };
            updates.push(vec![V::I(member.id), V::S(display), V::OS(email)]);
        }
        let roles = held.get(&member.id);
        let missing: Vec<Role> = record
            .roles
            .roles()
            .iter()
            .copied()
            .filter(|r| !roles.is_some_and(|h| h.contains(r.as_str())))
            .collect();
        if !missing.is_empty() {
            columns.push(StaffColumn::Roles.canonical());
            for role in missing {
                new_roles.push(vec![
                    V::I(scope.school_id()),
                    V::I(member.id),
                    V::S(role.as_str().to_owned()),
                    V::I(now),
                ]);
            }
        }
        let change = if columns.is_empty() {
            Change::Unchanged
        } else {
            Change::Updated
        };
        outcome.record(*line, username.to_owned(), change, columns);
    }
    if let Some(report) = problems.report() {
        tx.rollback().await?;
        return Ok(Err(report));
    }
    if import.mode == Mode::Apply {
        let rows: Vec<Vec<V>> = new_users
            .iter()
            .map(|(r, _)| {
                vec![
                    V::S(r.username.as_str().to_owned()),
                    V::S(r.display_name()),
                    V::OS(r.email.as_ref().map(|e| e.as_str().to_owned())),
                    V::S(NO_PASSWORD.to_owned()),
                    V::I(now),
                ]
            })
            .collect();
        let ids = repo::insert_users(&mut tx, &rows).await?;
        for ((record, _), id) in new_users.iter().zip(ids) {
            for role in record.roles.roles() {
                new_roles.push(vec![
                    V::I(scope.school_id()),
                    V::I(id),
                    V::S(role.as_str().to_owned()),
                    V::I(now),
                ]);
            }
        }
        repo::update_users(&mut tx, &updates).await?;
        repo::insert_memberships(&mut tx, &new_roles).await?;
    }
    finish(
        tx,
        clock,
        import,
        AuditAction::StaffImport,
        ResourceType::User,
        &outcome,
    )
    .await?;
    Ok(Ok(outcome))
}

/// The current year's id, or the report of a file that needs one.
async fn year_or_report(
    tx: &mut Tx,
    scope: SchoolScope,
) -> std::result::Result<std::result::Result<i64, ImportReport>, sqlx::Error> {
    Ok(match current_year(&mut **tx, scope).await? {
        Some(year) => Ok(year.id),
        None => Err(ImportReport {
            issues: vec![Issue {
                line: 1,
                column: None,
                message: msg::NO_CURRENT_YEAR_FOR_FILE,
                args: vec![],
            }],
        }),
    })
}

/// The school's teachers: username → user id.
async fn teachers(
    tx: &mut Tx,
    scope: SchoolScope,
) -> std::result::Result<HashMap<String, i64>, sqlx::Error> {
    let members = repo::members(&mut **tx, scope).await?;
    let teaching: HashSet<i64> = repo::roles(&mut **tx, scope)
        .await?
        .into_iter()
        .filter(|(_, role)| role == Role::Teacher.as_str())
        .map(|(id, _)| id)
        .collect();
    Ok(members
        .into_iter()
        .filter(|m| teaching.contains(&m.id))
        .map(|m| (m.username, m.id))
        .collect())
}

#[tracing::instrument(skip_all, fields(school_id = import.scope.school_id(), mode = ?import.mode))]
pub async fn import_classes(
    db: &Db,
    clock: &dyn Clock,
    import: Import<'_>,
    bytes: &[u8],
) -> Result<Outcome> {
    let Table { header, rows } = match parse_classes(bytes) {
        Ok(table) => table,
        Err(report) => return Ok(Err(report)),
    };
    let scope = import.scope;
    let mut tx = db.begin().await?;
    let year_id = match year_or_report(&mut tx, scope).await? {
        Ok(id) => id,
        Err(report) => {
            tx.rollback().await?;
            return Ok(Err(report));
        }
    };
    let levels: HashMap<String, i64> = repo::levels(&mut *tx, scope)
        .await?
        .into_iter()
        .map(|l| (l.name.to_lowercase(), l.id))
        .collect();
    let classes: HashMap<String, repo::ClassRow> = repo::classes(&mut *tx, scope, year_id)
        .await?
        .into_iter()
        .map(|c| (c.name.to_lowercase(), c))
        .collect();
    let teachers = teachers(&mut tx, scope).await?;
    let has_teacher = header.has(ClassColumn::MainTeacher);
    let has_room = header.has(ClassColumn::Room);
    let mut problems = Problems::new(&header);
    let mut outcome = Outcome {
        rows: rows.len() as u64,
        ..Outcome::default()
    };
    let (mut inserts, mut updates) = (Vec::new(), Vec::new());
    for (line, record) in &rows {
        let level_id = levels.get(&record.level.key()).copied();
        if level_id.is_none() {
            let value = record.level.as_str();
            problems.push(*line, ClassColumn::Level, msg::UNKNOWN_LEVEL, value);
        }
        let teacher_id = match &record.main_teacher {
            Some(username) => match teachers.get(username.as_str()) {
                Some(&id) => Some(id),
                None => {
                    let value = username.as_str();
                    problems.push(*line, ClassColumn::MainTeacher, msg::UNKNOWN_TEACHER, value);
                    continue;
                }
            },
            None => None,
        };
        let Some(level_id) = level_id else { continue };
        let room = record.room.as_ref().map(|r| r.as_str().to_owned());
        let name = record.name.as_str().to_owned();
        let Some(stored) = classes.get(&record.name.key()) else {
            inserts.push(vec![
                V::I(scope.school_id()),
                V::I(year_id),
                V::I(level_id),
                V::S(name.clone()),
                V::OI(teacher_id),
                V::OS(room),
            ]);
            outcome.record(*line, name, Change::Created, vec![]);
            continue;
        };
        let mut columns = Vec::new();
        if stored.level_id != level_id {
            columns.push(ClassColumn::Level.canonical());
        }
        if differs(&stored.main_teacher_id, has_teacher.then_some(&teacher_id)) {
            columns.push(ClassColumn::MainTeacher.canonical());
        }
        if differs(&stored.room, has_room.then_some(&room)) {
            columns.push(ClassColumn::Room.canonical());
        }
        if columns.is_empty() {
            outcome.record(*line, name, Change::Unchanged, columns);
            continue;
        }
        updates.push(vec![
            V::I(scope.school_id()),
            V::I(stored.id),
            V::I(level_id),
            V::OI(if has_teacher {
                teacher_id
            } else {
                stored.main_teacher_id
            }),
            V::OS(if has_room { room } else { stored.room.clone() }),
        ]);
        outcome.record(*line, name, Change::Updated, columns);
    }
    if let Some(report) = problems.report() {
        tx.rollback().await?;
        return Ok(Err(report));
    }
    if import.mode == Mode::Apply {
        repo::insert_classes(&mut tx, &inserts).await?;
        repo::update_classes(&mut tx, &updates).await?;
    }
    finish(
        tx,
        clock,
        import,
        AuditAction::ClassImport,
        ResourceType::Class,
        &outcome,
    )
    .await?;
    Ok(Ok(outcome))
}

#[tracing::instrument(skip_all, fields(school_id = import.scope.school_id(), mode = ?import.mode))]
pub async fn import_assignments(
    db: &Db,
    clock: &dyn Clock,
    import: Import<'_>,
    bytes: &[u8],
) -> Result<Outcome> {
    let Table { header, rows } = match parse_assignments(bytes) {
        Ok(table) => table,
        Err(report) => return Ok(Err(report)),
    };
    let scope = import.scope;
    let now = clock.now_ms();
    let mut tx = db.begin().await?;
    let year_id = match year_or_report(&mut tx, scope).await? {
        Ok(id) => id,
        Err(report) => {
            tx.rollback().await?;
            return Ok(Err(report));
        }
    };
    let classes: HashMap<String, i64> = repo::classes(&mut *tx, scope, year_id)
        .await?
        .into_iter()
        .map(|c| (c.name.to_lowercase(), c.id))
        .collect();
    let subjects: HashMap<String, i64> = repo::subjects(&mut *tx, scope)
        .await?
        .into_iter()
        .map(|s| (s.code, s.id))
        .collect();
    let periods: HashMap<String, i64> = repo::periods(&mut *tx, scope, year_id)
        .await?
        .into_iter()
        .map(|p| (p.name.to_lowercase(), p.id))
        .collect();
    let existing: HashSet<(i64, i64, i64, Option<i64>)> =
        repo::assignments(&mut *tx, scope, year_id)
            .await?
            .into_iter()
            .map(|a| (a.class_id, a.subject_id, a.teacher_id, a.period_id))
            .collect();
    let teachers = teachers(&mut tx, scope).await?;
    let mut problems = Problems::new(&header);
    let mut outcome = Outcome {
        rows: rows.len() as u64,
        ..Outcome::default()
    };
    let mut inserts = Vec::new();
    for (line, record) in &rows {
        let class = classes.get(&record.class.key()).copied();
        if class.is_none() {
            let value = record.class.as_str();
            problems.push(*line, AssignmentColumn::Class, msg::UNKNOWN_CLASS, value);
        }
        let subject = subjects.get(record.subject.as_str()).copied();
        if subject.is_none() {
            let value = record.subject.as_str();
            problems.push(
                *line,
                AssignmentColumn::Subject,
                msg::UNKNOWN_SUBJECT,
                value,
            );
        }
        let teacher = teachers.get(record.teacher.as_str()).copied();
        if teacher.is_none() {
            let value = record.teacher.as_str();
            problems.push(
                *line,
                AssignmentColumn::Teacher,
                msg::UNKNOWN_TEACHER,
                value,
            );
        }
        let period = match &record.period {
            Some(name) => match periods.get(&name.key()) {
                Some(&id) => Some(Some(id)),
                None => {
                    let value = name.as_str();
                    problems.push(*line, AssignmentColumn::Period, msg::UNKNOWN_PERIOD, value);
                    None
                }
            },
            None => Some(None),
        };
        let (Some(class), Some(subject), Some(teacher), Some(period)) =
            (class, subject, teacher, period)
        else {
            continue;
        };
        let key = assignment_key(record);
        if existing.contains(&(class, subject, teacher, period)) {
            outcome.record(*line, key, Change::Unchanged, vec![]);
            continue;
        }
        inserts.push(vec![
            V::I(scope.school_id()),
            V::I(class),
            V::I(subject),
            V::I(teacher),
            V::OI(period),
            V::I(now),
        ]);
        outcome.record(*line, key, Change::Created, vec![]);
    }
    if let Some(report) = problems.report() {
        tx.rollback().await?;
        return Ok(Err(report));
    }
    if import.mode == Mode::Apply {
        repo::insert_assignments(&mut tx, &inserts).await?;
    }
    finish(
        tx,
        clock,
        import,
        AuditAction::AssignmentImport,
        ResourceType::TeachingAssignment,
        &outcome,
    )
    .await?;
    Ok(Ok(outcome))
}

fn assignment_key(r: &AssignmentRecord) -> String {
    let mut key = format!(
        "{} / {} / {}",
        r.class.as_str(),
        r.subject.as_str(),
        r.teacher.as_str()
    );
    if let Some(period) = &r.period {
        key.push_str(" / ");
        key.push_str(period.as_str());
    }
    key
}

/// The school's staff as the staff file writes them: members holding a staff role, by
/// username, with their staff roles only.
pub async fn export_staff(
    db: &Db,
    scope: SchoolScope,
) -> std::result::Result<Vec<StaffRecord>, sqlx::Error> {
    let members = repo::members(&db.pool, scope).await?;
    let mut held: HashMap<i64, Vec<Role>> = HashMap::new();
    for (user_id, role) in repo::roles(&db.pool, scope).await? {
        if let Some(role) = Role::parse(&role) {
            held.entry(user_id).or_default().push(role);
        }
    }
    Ok(members
        .into_iter()
        .filter_map(|m| {
            let roles = StaffRoles::from_held(held.get(&m.id).map_or(&[][..], Vec::as_slice))?;
            let username = Username::parse(&m.username).ok()?;
            let (first_name, last_name) = split_display_name(&m.display_name);
            Some(StaffRecord {
                username,
                last_name,
                first_name,
                email: m.email.map(Email::from_stored),
                roles,
            })
        })
        .collect())
}

/// The current year's classes (none without a current year), by level then name.
pub async fn export_classes(
    db: &Db,
    scope: SchoolScope,
) -> std::result::Result<Vec<ClassRecord>, sqlx::Error> {
    let Some(year) = current_year(&db.pool, scope).await? else {
        return Ok(Vec::new());
    };
    Ok(repo::classes(&db.pool, scope, year.id)
        .await?
        .into_iter()
        .map(|c| ClassRecord {
            name: ClassName::from_stored(c.name),
            level: LevelName::from_stored(c.level_name),
            main_teacher: c.main_teacher.and_then(|u| Username::parse(&u).ok()),
            room: c.room.map(Room::from_stored),
        })
        .collect())
}

/// The teaching assignments of the current year's classes.
pub async fn export_assignments(
    db: &Db,
    scope: SchoolScope,
) -> std::result::Result<Vec<AssignmentRecord>, sqlx::Error> {
    let Some(year) = current_year(&db.pool, scope).await? else {
        return Ok(Vec::new());
    };
    Ok(repo::assignments(&db.pool, scope, year.id)
        .await?
        .into_iter()
        .filter_map(|a| {
            Some(AssignmentRecord {
                class: ClassName::from_stored(a.class_name),
                subject: SubjectCode(a.subject_code),
                teacher: Username::parse(&a.teacher).ok()?,
                period: a.period_name.map(PeriodName::from_stored),
            })
        })
        .collect())
}
