//! The database step of the import: a checked file ([`super::parse_file`]) applied to one
//! school in one transaction, all or nothing, or only planned (`--dry-run`, the upload page's
//! preview) and rolled back.
//!
//! Matching (docs/IMPORT.md, "How rows are matched"):
//! - a student by matricule: created, or updated in the columns that differ; a column absent
//!   from the file leaves the stored value alone;
//! - a guardian by e-mail (lower case, unique in the school); without one, a guardian already
//!   linked to that student with the same names (case aside); else a new guardian. A guardian
//!   with an e-mail new to the school who is linked to the student without an e-mail gets it;
//! - links are added or updated, never removed (a file holds two guardians, a student may have
//!   more); an e-mail is never removed by an import;
//! - a class by name among the current academic year's classes; changing it closes the open
//!   enrolment and opens another, and `students.class_id` follows.
//!
//! Sensitive values are compared decrypted and written encrypted (national ID with its blind
//! index), as in the rest of `academics`. An import that changes nothing writes nothing but its
//! own `student.import` audit row (the record that the file was applied, with zero counts).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{
    GuardianRecord, ImportReport, Issue, StudentRecord,
    columns::{Column, GuardianColumn},
    msg,
    read::{ParsedFile, ParsedRow, parse_file},
    repo::{self, OpenEnrolment, StoredGuardian, StoredLink, StoredStudent, V},
};
use crate::{
    audit::{self, AuditAction, AuditCtx, AuditEvent, ResourceType},
    clock::Clock,
    crypto::{Keyring, Purpose, normalise_national_id},
    db::{Db, Tx},
    schools::SchoolScope,
};

/// Whether to write the plan or only compute it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Apply,
    DryRun,
}

/// Created, updated and unchanged things of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// What happens to one student row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Created,
    Updated,
    Unchanged,
}

/// A row of the file that changes something: the student, or one of its guardians or links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineChange {
    pub line: u64,
    pub matricule: String,
    /// "Last First".
    pub name: String,
    pub student: Change,
    /// The canonical names of the columns whose values change (for a created student, none).
    pub columns: Vec<String>,
}

/// What an import does (or did): the counts and the rows that change something, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub rows: u64,
    pub students: Counts,
    pub guardians: Counts,
    pub links: Counts,
    pub enrolments_opened: u64,
    pub enrolments_closed: u64,
    pub lines: Vec<LineChange>,
}

impl Plan {
    /// Whether applying it writes anything.
    pub fn changes_anything(&self) -> bool {
        !self.lines.is_empty()
    }

    fn matricules(&self, change: Change) -> Vec<&str> {
        self.lines
            .iter()
            .filter(|l| l.student == change)
            .map(|l| l.matricule.as_str())
            .collect()
    }
}

/// Who imports what where: the request around the file.
#[derive(Debug, Clone, Copy)]
pub struct Import<'a> {
    pub scope: SchoolScope,
    pub actor: &'a AuditCtx,
    /// The upload page's job, named in the audit row.
    pub job_id: Option<i64>,
    pub mode: Mode,
}

/// Reads, plans and (in [`Mode::Apply`]) writes a student file for the school. `Ok(Err(report))`
/// when the file or its matching has problems: nothing is written. `progress(done, total)` is
/// called as rows are written.
#[tracing::instrument(skip_all, fields(school_id = import.scope.school_id(), mode = ?import.mode, bytes = bytes.len()))]
pub async fn import_students(
    db: &Db,
    keyring: &Keyring,
    clock: &dyn Clock,
    import: Import<'_>,
    bytes: &[u8],
    progress: &(dyn Fn(u64, u64) + Send + Sync),
) -> Result<Result<Plan, ImportReport>, sqlx::Error> {
    let Import {
        scope,
        actor,
        job_id,
        mode,
    } = import;
    let file = match parse_file(bytes) {
        Ok(file) => file,
        Err(report) => return Ok(Err(report)),
    };
    let total = file.rows.len() as u64;
    progress(0, total);
    let mut tx = db.begin().await?;
    let stored = Stored::load(&mut tx, scope).await?;
    let today = today(clock, stored.year.as_ref());
    let context = Context {
        keyring,
        school_id: scope.school_id(),
        today: &today,
        now: clock.now_ms(),
    };
    let (plan, writes) = match Planner::new(&file, &stored, &context).run() {
        Ok(planned) => planned,
        Err(report) => return Ok(Err(report)),
    };
    if mode == Mode::DryRun {
        tx.rollback().await?;
        progress(total, total);
        return Ok(Ok(plan));
    }
    writes
        .apply(&mut tx, scope, stored.year.as_ref(), context.now, &|done| {
            progress(done.min(total), total)
        })
        .await?;
    audit::record(
        &mut tx,
        clock,
        &AuditEvent {
            scope: Some(scope),
            actor,
            action: AuditAction::StudentImport,
            resource_type: ResourceType::ImportJob,
            resource_id: job_id.map(|id| id.to_string()),
            details: json!({
                "rows": plan.rows,
                "students": plan.students,
                "guardians": plan.guardians,
                "links": plan.links,
                "enrolments_opened": plan.enrolments_opened,
                "enrolments_closed": plan.enrolments_closed,
                "created": plan.matricules(Change::Created),
                "updated": plan.matricules(Change::Updated),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    progress(total, total);
    Ok(Ok(plan))
}

/// Today in UTC as an ISO date, kept within the current year (an import before the first day
/// enrols from the first day).
fn today(clock: &dyn Clock, year: Option<&repo::YearRow>) -> String {
    let date = clock.now().to_zoned(jiff::tz::TimeZone::UTC).date();
    let mut today = format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
    if let Some(year) = year {
        if today < year.starts_on {
            today.clone_from(&year.starts_on);
        }
        if today > year.ends_on {
            today.clone_from(&year.ends_on);
        }
    }
    today
}

/// What the school holds, read once in the import's transaction.
struct Stored {
    year: Option<repo::YearRow>,
    classes: Vec<repo::ClassRow>,
    students: Vec<StoredStudent>,
    guardians: Vec<StoredGuardian>,
    links: Vec<StoredLink>,
    open: Vec<OpenEnrolment>,
}

impl Stored {
    async fn load(tx: &mut Tx, scope: SchoolScope) -> Result<Self, sqlx::Error> {
        let year = repo::current_year(&mut **tx, scope).await?;
        let (classes, open) = match &year {
            Some(y) => (
                repo::classes_of_year(&mut **tx, scope, y.id).await?,
                repo::open_enrolments(&mut **tx, scope, y.id).await?,
            ),
            None => (Vec::new(), Vec::new()),
        };
        Ok(Stored {
            year,
            classes,
            students: repo::students(&mut **tx, scope).await?,
            guardians: repo::guardians(&mut **tx, scope).await?,
            links: repo::links(&mut **tx, scope).await?,
            open,
        })
    }
}

struct Context<'a> {
    keyring: &'a Keyring,
    school_id: i64,
    today: &'a str,
    now: i64,
}

/// A student or guardian: already stored (its id), or the n-th created by this import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Ref {
    Stored(i64),
    New(usize),
}

/// A guardian as the file wants it.
#[derive(Debug, Clone)]
struct WantedGuardian {
    first_name: String,
    last_name: String,
    /// `None`: leave the stored phone (the file has no phone column).
    phone: Option<Option<String>>,
    email: Option<String>,
    /// Where it first appears: the line's index in the plan and the guardian slot.
    first_row: usize,
    slot: usize,
}

/// The rows to write, in the repository's shapes.
#[derive(Default)]
struct Writes {
    new_students: Vec<Vec<V>>,
    student_updates: Vec<Vec<V>>,
    new_guardians: Vec<Vec<V>>,
    guardian_updates: Vec<Vec<V>>,
    /// Student, guardian, then `relationship, legal_guardian, receives_notices`.
    new_links: Vec<(Ref, Ref, [V; 3])>,
    link_updates: Vec<Vec<V>>,
    closed_enrolments: Vec<Vec<V>>,
    /// Student, class id, start date.
    new_enrolments: Vec<(Ref, i64, String)>,
}

/// Students written per statement batch between progress reports.
const PROGRESS_BATCH: usize = 500;

impl Writes {
    async fn apply(
        self,
        tx: &mut Tx,
        scope: SchoolScope,
        year: Option<&repo::YearRow>,
        now: i64,
        progress: &(dyn Fn(u64) + Send + Sync),
    ) -> Result<(), sqlx::Error> {
        let sid = scope.school_id();
        let mut done = 0u64;
        let mut student_ids = Vec::with_capacity(self.new_students.len());
        for chunk in self.new_students.chunks(PROGRESS_BATCH) {
            student_ids.extend(repo::insert_students(tx, chunk).await?);
            done += chunk.len() as u64;
            progress(done);
        }
        for chunk in self.student_updates.chunks(PROGRESS_BATCH) {
            repo::update_students(tx, chunk).await?;
            done += chunk.len() as u64;
            progress(done);
        }
        let guardian_ids = repo::insert_guardians(tx, &self.new_guardians).await?;
        repo::update_guardians(tx, &self.guardian_updates).await?;
        let student = |r: Ref| match r {
            Ref::Stored(id) => id,
            Ref::New(i) => student_ids[i],
        };
        let guardian = |r: Ref| match r {
            Ref::Stored(id) => id,
            Ref::New(i) => guardian_ids[i],
        };
        let links: Vec<Vec<V>> = self
            .new_links
            .into_iter()
            .map(|(s, g, [a, b, c])| vec![V::I(sid), V::I(student(s)), V::I(guardian(g)), a, b, c])
            .collect();
        repo::insert_links(tx, &links).await?;
        repo::update_links(tx, &self.link_updates).await?;
        repo::close_enrolments(tx, &self.closed_enrolments).await?;
        if let Some(year) = year {
            let enrolments: Vec<Vec<V>> = self
                .new_enrolments
                .into_iter()
                .map(|(s, class_id, starts_on)| {
                    vec![
                        V::I(sid),
                        V::I(student(s)),
                        V::I(year.id),
                        V::I(class_id),
                        V::S(starts_on),
                        V::I(now),
                    ]
                })
                .collect();
            repo::insert_enrolments(tx, &enrolments).await?;
        }
        Ok(())
    }
}

/// Lower case, for comparing names and class names.
fn key(s: &str) -> String {
    s.to_lowercase()
}

/// The plan of one file against what the school holds; pure (no I/O).
struct Planner<'a> {
    file: &'a ParsedFile,
    cx: &'a Context<'a>,
    year: Option<&'a repo::YearRow>,
    students: HashMap<&'a str, &'a StoredStudent>,
    guardians: HashMap<i64, &'a StoredGuardian>,
    guardians_by_email: HashMap<String, i64>,
    links_of: HashMap<i64, Vec<&'a StoredLink>>,
    classes: HashMap<String, i64>,
    current_classes: HashSet<i64>,
    open: HashMap<i64, &'a OpenEnrolment>,
    issues: Vec<Issue>,
    plan: Plan,
    writes: Writes,
    /// Guardians named by the file, in order of first appearance.
    wanted: Vec<(Ref, WantedGuardian)>,
    wanted_index: HashMap<Ref, usize>,
    /// E-mail → the line that first used it, and the guardian it names.
    emails_in_file: HashMap<String, (u64, Ref)>,
    /// Guardians to create so far.
    new_guardians: usize,
}

impl<'a> Planner<'a> {
    fn new(file: &'a ParsedFile, stored: &'a Stored, cx: &'a Context<'a>) -> Self {
        let mut links_of: HashMap<i64, Vec<&StoredLink>> = HashMap::new();
        for link in &stored.links {
            links_of.entry(link.student_id).or_default().push(link);
        }
        Planner {
            file,
            cx,
            year: stored.year.as_ref(),
            students: stored
                .students
                .iter()
                .map(|s| (s.matricule.as_str(), s))
                .collect(),
            guardians: stored.guardians.iter().map(|g| (g.id, g)).collect(),
            guardians_by_email: stored
                .guardians
                .iter()
                .filter_map(|g| Some((key(g.email.as_deref()?), g.id)))
                .collect(),
            links_of,
            classes: stored
                .classes
                .iter()
                .map(|c| (key(&c.name), c.id))
                .collect(),
            current_classes: stored.classes.iter().map(|c| c.id).collect(),
            open: stored.open.iter().map(|e| (e.student_id, e)).collect(),
            issues: Vec::new(),
            plan: Plan {
                rows: file.rows.len() as u64,
                ..Plan::default()
            },
            writes: Writes::default(),
            wanted: Vec::new(),
            wanted_index: HashMap::new(),
            emails_in_file: HashMap::new(),
            new_guardians: 0,
        }
    }

    fn run(mut self) -> Result<(Plan, Writes), ImportReport> {
        let mut lines = Vec::with_capacity(self.file.rows.len());
        for row in &self.file.rows {
            let line = self.student(row);
            lines.push(line);
        }
        self.guardian_changes(&mut lines);
        if !self.issues.is_empty() {
            self.issues.sort_by_key(|i| i.line);
            return Err(ImportReport {
                issues: self.issues,
            });
        }
        self.plan.lines = lines
            .into_iter()
            .filter(|l| l.student != Change::Unchanged || !l.columns.is_empty())
            .collect();
        Ok((self.plan, self.writes))
    }

    fn has(&self, column: Column) -> bool {
        self.file.has(column)
    }

    fn issue(
        &mut self,
        line: u64,
        column: Column,
        message: &'static str,
        args: Vec<(&'static str, String)>,
    ) {
        self.issues.push(Issue {
            line,
            column: Some(self.file.column_name(column)),
            message,
            args,
        });
    }

    /// The class the row asks for: `None` to leave it, `Some(None)` for no class.
    fn wanted_class(&mut self, row: &ParsedRow) -> Option<Option<i64>> {
        if !self.has(Column::Class) {
            return None;
        }
        let name = row.record.class.as_ref()?;
        let value = vec![("value", name.as_str().to_owned())];
        if self.year.is_none() {
            self.issue(row.line, Column::Class, msg::NO_CURRENT_YEAR, value);
            return Some(None);
        }
        match self.classes.get(&key(name.as_str())) {
            Some(&id) => Some(Some(id)),
            None => {
                self.issue(row.line, Column::Class, msg::UNKNOWN_CLASS, value);
                Some(None)
            }
        }
    }

    fn student(&mut self, row: &ParsedRow) -> LineChange {
        let r = &row.record;
        // An unknown class is reported (and nothing written); the row is still checked for
        // other problems.
        let class = self.wanted_class(row);
        let mut line = LineChange {
            line: row.line,
            matricule: r.matricule.as_str().to_owned(),
            name: format!("{} {}", r.last_name.as_str(), r.first_name.as_str()),
            student: Change::Unchanged,
            columns: Vec::new(),
        };
        let student_ref = match self.students.get(r.matricule.as_str()).copied() {
            Some(stored) => {
                self.update_student(stored, r, class, &mut line);
                Ref::Stored(stored.id)
            }
            None => {
                let index = self.create_student(r, class.flatten());
                line.student = Change::Created;
                Ref::New(index)
            }
        };
        let mut chosen = Vec::with_capacity(2);
        for (slot, guardian) in r.guardians.iter().enumerate() {
            if let Some(guardian) = guardian
                && let Some(g) = self.guardian(row, slot, guardian, student_ref, &chosen, &mut line)
            {
                chosen.push(g);
            }
        }
        line
    }

    fn encrypt_national_id(&self, value: &str) -> (String, Option<String>) {
        let sid = self.cx.school_id;
        let normalised = normalise_national_id(value);
        let index = (!normalised.is_empty()).then(|| {
            self.cx
                .keyring
                .blind_index(Purpose::NationalId, sid, &normalised)
        });
        (
            self.cx.keyring.encrypt(Purpose::NationalId, sid, value),
            index,
        )
    }

    fn create_student(&mut self, r: &StudentRecord, class: Option<i64>) -> usize {
        let (national_id, bidx) = match &r.national_id {
            Some(v) => {
                let (enc, bidx) = self.encrypt_national_id(v.as_str());
                (Some(enc), bidx)
            }
            None => (None, None),
        };
        let medical = r.medical.as_ref().map(|m| {
            self.cx
                .keyring
                .encrypt(Purpose::Medical, self.cx.school_id, m.as_str())
        });
        let now = self.cx.now;
        self.writes.new_students.push(vec![
            V::I(self.cx.school_id),
            V::S(r.matricule.as_str().to_owned()),
            V::I(now),
            V::S(r.first_name.as_str().to_owned()),
            V::S(r.last_name.as_str().to_owned()),
            V::OS(r.birth_date.map(|d| d.to_iso())),
            V::OS(r.birth_place.as_ref().map(|p| p.as_str().to_owned())),
            V::OS(r.sex.map(|s| s.as_str().to_owned())),
            V::OI(class),
            V::S(r.status.as_str().to_owned()),
            V::OS(national_id),
            V::OS(bidx),
            V::OS(medical),
            V::I(now),
        ]);
        let index = self.writes.new_students.len() - 1;
        if let Some(class_id) = class {
            self.writes
                .new_enrolments
                .push((Ref::New(index), class_id, self.cx.today.to_owned()));
            self.plan.enrolments_opened += 1;
        }
        self.plan.students.created += 1;
        index
    }

    /// The stored plaintext of a sensitive field; `Err` when it does not decrypt (then the
    /// file's value replaces it).
    fn decrypt(&self, purpose: Purpose, stored: Option<&str>) -> Result<Option<String>, ()> {
        match stored {
            None => Ok(None),
            Some(value) => match self.cx.keyring.decrypt(purpose, self.cx.school_id, value) {
                Ok(plain) => Ok(Some(plain.expose().to_owned())),
                Err(error) => {
                    tracing::warn!(?purpose, %error, "stored value does not decrypt; the import replaces it");
                    Err(())
                }
            },
        }
    }

    fn update_student(
        &mut self,
        s: &StoredStudent,
        r: &StudentRecord,
        class: Option<Option<i64>>,
        line: &mut LineChange,
    ) {
        let mut changed: Vec<Column> = Vec::new();
        let file = self.file;
        // The file's value replaces the stored one when the file has the column.
        let mut set = |column: Column, stored: Option<&str>, wanted: Option<&str>| {
            if file.has(column) && stored != wanted {
                changed.push(column);
                wanted.map(str::to_owned)
            } else {
                stored.map(str::to_owned)
            }
        };
        let first_name = set(
            Column::FirstName,
            Some(&s.first_name),
            Some(r.first_name.as_str()),
        )
        .unwrap_or_default();
        let last_name = set(
            Column::LastName,
            Some(&s.last_name),
            Some(r.last_name.as_str()),
        )
        .unwrap_or_default();
        let iso = r.birth_date.map(|d| d.to_iso());
        let birth_date = set(Column::BirthDate, s.birth_date.as_deref(), iso.as_deref());
        let birth_place = set(
            Column::BirthPlace,
            s.birth_place.as_deref(),
            r.birth_place.as_ref().map(|p| p.as_str()),
        );
        let sex = set(Column::Sex, s.sex.as_deref(), r.sex.map(|x| x.as_str()));
        let status =
            set(Column::Status, Some(&s.status), Some(r.status.as_str())).unwrap_or_default();

        let mut national_id = (s.national_id_enc.clone(), s.national_id_bidx.clone());
        if self.has(Column::NationalId) {
            let wanted = r.national_id.as_ref().map(|v| v.as_str());
            let current = self.decrypt(Purpose::NationalId, s.national_id_enc.as_deref());
            if current.as_ref().map(Option::as_deref) != Ok(wanted) {
                national_id = match wanted {
                    Some(v) => {
                        let (enc, bidx) = self.encrypt_national_id(v);
                        (Some(enc), bidx)
                    }
                    None => (None, None),
                };
                changed.push(Column::NationalId);
            }
        }
        let mut medical = s.medical_enc.clone();
        if self.has(Column::Medical) {
            let wanted = r.medical.as_ref().map(|v| v.as_str());
            let current = self.decrypt(Purpose::Medical, s.medical_enc.as_deref());
            if current.as_ref().map(Option::as_deref) != Ok(wanted) {
                medical = wanted.map(|v| {
                    self.cx
                        .keyring
                        .encrypt(Purpose::Medical, self.cx.school_id, v)
                });
                changed.push(Column::Medical);
            }
        }
        let current_class = s.class_id.filter(|id| self.current_classes.contains(id));
        let mut class_id = s.class_id;
        if let Some(wanted) = class
            && wanted != current_class
        {
            class_id = wanted;
            changed.push(Column::Class);
            if let Some(open) = self.open.get(&s.id) {
                let ends_on = open.starts_on.as_str().max(self.cx.today).to_owned();
                self.writes.closed_enrolments.push(vec![
                    V::I(self.cx.school_id),
                    V::I(open.id),
                    V::S(ends_on.clone()),
                ]);
                self.plan.enrolments_closed += 1;
                if let Some(new_class) = wanted {
                    self.writes
                        .new_enrolments
                        .push((Ref::Stored(s.id), new_class, ends_on));
                    self.plan.enrolments_opened += 1;
                }
            } else if let Some(new_class) = wanted {
                self.writes.new_enrolments.push((
                    Ref::Stored(s.id),
                    new_class,
                    self.cx.today.to_owned(),
                ));
                self.plan.enrolments_opened += 1;
            }
        }
        if changed.is_empty() {
            self.plan.students.unchanged += 1;
            return;
        }
        self.plan.students.updated += 1;
        line.student = Change::Updated;
        line.columns.extend(
            Column::ALL
                .iter()
                .filter(|c| changed.contains(c))
                .map(|c| c.canonical()),
        );
        self.writes.student_updates.push(vec![
            V::I(self.cx.school_id),
            V::I(s.id),
            V::S(first_name),
            V::S(last_name),
            V::OS(birth_date),
            V::OS(birth_place),
            V::OS(sex),
            V::OI(class_id),
            V::S(status),
            V::OS(national_id.0),
            V::OS(national_id.1),
            V::OS(medical),
            V::I(self.cx.now),
        ]);
    }

    /// Which guardian a row's slot names (see the module's matching rules).
    fn match_guardian(
        &mut self,
        row: &ParsedRow,
        slot: usize,
        g: &GuardianRecord,
        student: Ref,
        chosen: &[Ref],
    ) -> Option<Ref> {
        let names = (key(g.last_name.as_str()), key(g.first_name.as_str()));
        // A guardian linked to this student with the same names, not already the row's other
        // guardian (and, when the row gives an e-mail, without one of their own).
        let linked_same_names = |this: &Self, without_email: bool| -> Option<i64> {
            let Ref::Stored(student_id) = student else {
                return None;
            };
            this.links_of.get(&student_id)?.iter().find_map(|link| {
                let stored = this.guardians.get(&link.guardian_id)?;
                let same = (key(&stored.last_name), key(&stored.first_name)) == names;
                let taken = chosen.contains(&Ref::Stored(stored.id));
                (same && !taken && (!without_email || stored.email.is_none())).then_some(stored.id)
            })
        };
        let Some(email) = &g.email else {
            return Some(
                linked_same_names(self, false).map_or_else(|| self.new_guardian(), Ref::Stored),
            );
        };
        let email = email.as_str().to_owned();
        if let Some(&(first_line, existing)) = self.emails_in_file.get(&email) {
            let wanted = &self.wanted[self.wanted_index[&existing]].1;
            let same_names = (key(&wanted.last_name), key(&wanted.first_name)) == names;
            let phone = g.phone.as_ref().map(|p| p.as_str().to_owned());
            let same_phone = match (&wanted.phone, phone) {
                (Some(Some(a)), Some(b)) => *a == b,
                _ => true,
            };
            if !same_names || !same_phone {
                self.issue(
                    row.line,
                    Column::Guardian(slot, GuardianColumn::Email),
                    msg::GUARDIAN_EMAIL_CONFLICT,
                    vec![("value", email), ("first_line", first_line.to_string())],
                );
                return None;
            }
            return Some(existing);
        }
        let found = match self.guardians_by_email.get(&email) {
            Some(&id) => Ref::Stored(id),
            None => linked_same_names(self, true).map_or_else(|| self.new_guardian(), Ref::Stored),
        };
        self.emails_in_file.insert(email, (row.line, found));
        Some(found)
    }

    /// The next guardian to create (pushed to `wanted` by the caller, in this order).
    fn new_guardian(&mut self) -> Ref {
        self.new_guardians += 1;
        Ref::New(self.new_guardians - 1)
    }

    fn guardian(
        &mut self,
        row: &ParsedRow,
        slot: usize,
        g: &GuardianRecord,
        student: Ref,
        chosen: &[Ref],
        line: &mut LineChange,
    ) -> Option<Ref> {
        let guardian = self.match_guardian(row, slot, g, student, chosen)?;
        if chosen.contains(&guardian) {
            self.issue(
                row.line,
                Column::Guardian(slot, GuardianColumn::Email),
                msg::GUARDIAN_TWICE,
                vec![],
            );
            return None;
        }
        let col = |c| Column::Guardian(slot, c);
        let phone = self
            .has(col(GuardianColumn::Phone))
            .then(|| g.phone.as_ref().map(|p| p.as_str().to_owned()));
        match self.wanted_index.get(&guardian) {
            Some(&i) => {
                // Seen on an earlier row: a phone given here fills one left empty there.
                let wanted = &mut self.wanted[i].1;
                if let Some(Some(p)) = phone
                    && !matches!(wanted.phone, Some(Some(_)))
                {
                    wanted.phone = Some(Some(p));
                }
            }
            None => {
                let first_row = self.row_position(row.line);
                self.wanted_index.insert(guardian, self.wanted.len());
                self.wanted.push((
                    guardian,
                    WantedGuardian {
                        first_name: g.first_name.as_str().to_owned(),
                        last_name: g.last_name.as_str().to_owned(),
                        phone,
                        email: g.email.as_ref().map(|e| e.as_str().to_owned()),
                        first_row,
                        slot,
                    },
                ));
            }
        }
        self.link(student, guardian, slot, g, line);
        Some(guardian)
    }

    /// The index of a row in the file (rows are unique by line).
    fn row_position(&self, line: u64) -> usize {
        self.file
            .rows
            .binary_search_by_key(&line, |r| r.line)
            .unwrap_or_default()
    }

    fn link(
        &mut self,
        student: Ref,
        guardian: Ref,
        slot: usize,
        g: &GuardianRecord,
        line: &mut LineChange,
    ) {
        let col = |c| Column::Guardian(slot, c);
        let stored = match (student, guardian) {
            (Ref::Stored(s), Ref::Stored(gid)) => self
                .links_of
                .get(&s)
                .and_then(|links| links.iter().find(|l| l.guardian_id == gid))
                .copied(),
            _ => None,
        };
        let Some(stored) = stored else {
            self.writes.new_links.push((
                student,
                guardian,
                [
                    V::S(g.relationship.as_str().to_owned()),
                    V::I(i64::from(g.legal)),
                    V::I(i64::from(g.receives_notices)),
                ],
            ));
            self.plan.links.created += 1;
            if line.student != Change::Created {
                line.columns.push(col(GuardianColumn::LastName).canonical());
                line.columns
                    .push(col(GuardianColumn::FirstName).canonical());
            }
            return;
        };
        let mut relationship = stored.relationship.clone();
        let mut legal = stored.legal_guardian;
        let mut notices = stored.receives_notices;
        let mut changed = Vec::new();
        if self.has(col(GuardianColumn::Relationship)) && relationship != g.relationship.as_str() {
            relationship = g.relationship.as_str().to_owned();
            changed.push(col(GuardianColumn::Relationship));
        }
        if self.has(col(GuardianColumn::Legal)) && legal != i64::from(g.legal) {
            legal = i64::from(g.legal);
            changed.push(col(GuardianColumn::Legal));
        }
        if self.has(col(GuardianColumn::ReceivesNotices))
            && notices != i64::from(g.receives_notices)
        {
            notices = i64::from(g.receives_notices);
            changed.push(col(GuardianColumn::ReceivesNotices));
        }
        if changed.is_empty() {
            self.plan.links.unchanged += 1;
            return;
        }
        self.plan.links.updated += 1;
        line.columns.extend(changed.iter().map(|c| c.canonical()));
        self.writes.link_updates.push(vec![
            V::I(self.cx.school_id),
            V::I(stored.student_id),
            V::I(stored.guardian_id),
            V::S(relationship),
            V::I(legal),
            V::I(notices),
        ]);
    }

    /// Guardians created or updated, once every row is read (a guardian on several rows takes
    /// the first row's names and the first phone given).
    fn guardian_changes(&mut self, lines: &mut [LineChange]) {
        let sid = self.cx.school_id;
        let now = self.cx.now;
        for (guardian, wanted) in &self.wanted {
            match guardian {
                Ref::New(_) => {
                    self.writes.new_guardians.push(vec![
                        V::I(sid),
                        V::S(wanted.first_name.clone()),
                        V::S(wanted.last_name.clone()),
                        V::OS(wanted.phone.clone().flatten()),
                        V::OS(wanted.email.clone()),
                        V::I(now),
                    ]);
                    self.plan.guardians.created += 1;
                }
                Ref::Stored(id) => {
                    let Some(stored) = self.guardians.get(id) else {
                        continue;
                    };
                    let col = |c| Column::Guardian(wanted.slot, c);
                    let mut changed = Vec::new();
                    if stored.last_name != wanted.last_name {
                        changed.push(col(GuardianColumn::LastName));
                    }
                    if stored.first_name != wanted.first_name {
                        changed.push(col(GuardianColumn::FirstName));
                    }
                    let phone = wanted.phone.clone().unwrap_or_else(|| stored.phone.clone());
                    if phone != stored.phone {
                        changed.push(col(GuardianColumn::Phone));
                    }
                    // An import never removes an e-mail.
                    let email = wanted.email.clone().or_else(|| stored.email.clone());
                    if email != stored.email {
                        changed.push(col(GuardianColumn::Email));
                    }
                    if changed.is_empty() {
                        self.plan.guardians.unchanged += 1;
                        continue;
                    }
                    self.plan.guardians.updated += 1;
                    if let Some(line) = lines.get_mut(wanted.first_row) {
                        line.columns.extend(changed.iter().map(|c| c.canonical()));
                    }
                    self.writes.guardian_updates.push(vec![
                        V::I(sid),
                        V::I(*id),
                        V::S(wanted.first_name.clone()),
                        V::S(wanted.last_name.clone()),
                        V::OS(phone),
                        V::OS(email),
                        V::I(now),
                    ]);
                }
            }
        }
    }
}

/// The students of a school as import records, in the export's order, for the columns
/// `columns` (sensitive columns left out are not decrypted). Values that do not decrypt are
/// exported empty and logged.
pub async fn export_records(
    db: &Db,
    keyring: &Keyring,
    scope: SchoolScope,
    columns: &[Column],
) -> Result<Vec<StudentRecord>, sqlx::Error> {
    use super::values::{
        BirthDate, ClassName, Email, Matricule, NationalId, Notes, PersonName, Phone, Place,
        Relationship, Sex, Status,
    };
    let pool = &db.pool;
    let year = repo::current_year(pool, scope).await?;
    let classes: HashMap<i64, String> = match &year {
        Some(y) => repo::classes_of_year(pool, scope, y.id)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
        None => HashMap::new(),
    };
    let students = repo::students_for_export(pool, scope).await?;
    let guardians: HashMap<i64, StoredGuardian> = repo::guardians(pool, scope)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let mut links_of: HashMap<i64, Vec<StoredLink>> = HashMap::new();
    for link in repo::links(pool, scope).await? {
        links_of.entry(link.student_id).or_default().push(link);
    }
    let sid = scope.school_id();
    let decrypt = |purpose, stored: &Option<String>| -> Option<String> {
        let stored = stored.as_deref()?;
        keyring
            .decrypt(purpose, sid, stored)
            .map(|p| p.expose().to_owned())
            .inspect_err(
                |error| tracing::error!(?purpose, %error, "exported empty: does not decrypt"),
            )
            .ok()
    };
    let with_national_id = columns.contains(&Column::NationalId);
    let with_medical = columns.contains(&Column::Medical);
    let records = students
        .into_iter()
        .map(|s| {
            let guardian = |link: Option<&StoredLink>| -> Option<GuardianRecord> {
                let link = link?;
                let g = guardians.get(&link.guardian_id)?;
                Some(GuardianRecord {
                    last_name: PersonName::from_stored(g.last_name.clone()),
                    first_name: PersonName::from_stored(g.first_name.clone()),
                    relationship: Relationship::parse(&link.relationship)
                        .unwrap_or(Relationship::Other),
                    phone: g.phone.clone().map(Phone::from_stored),
                    email: g.email.clone().map(Email::from_stored),
                    legal: link.legal_guardian != 0,
                    receives_notices: link.receives_notices != 0,
                })
            };
            let links = links_of.get(&s.id).map(Vec::as_slice).unwrap_or_default();
            StudentRecord {
                matricule: Matricule::from_stored(s.matricule),
                last_name: PersonName::from_stored(s.last_name),
                first_name: PersonName::from_stored(s.first_name),
                birth_date: s
                    .birth_date
                    .as_deref()
                    .and_then(|d| BirthDate::parse(d).ok()),
                birth_place: s.birth_place.map(Place::from_stored),
                sex: s.sex.as_deref().and_then(|x| Sex::parse(x).ok()),
                class: s
                    .class_id
                    .and_then(|id| classes.get(&id))
                    .map(|n| ClassName::from_stored(n.clone())),
                status: Status::parse(&s.status).unwrap_or(Status::Enrolled),
                national_id: with_national_id
                    .then(|| decrypt(Purpose::NationalId, &s.national_id_enc))
                    .flatten()
                    .map(NationalId::from_stored),
                medical: with_medical
                    .then(|| decrypt(Purpose::Medical, &s.medical_enc))
                    .flatten()
                    .map(Notes::from_stored),
                guardians: [guardian(links.first()), guardian(links.get(1))],
            }
        })
        .collect();
    Ok(records)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn keyring() -> Keyring {
        let mut keys = BTreeMap::new();
        keys.insert("k1".to_owned(), [1u8; 32]);
        Keyring::new("k1", &keys, [9u8; 32]).unwrap()
    }

    const HEADER: &str = "matricule;nom;prenom;classe;responsable1_nom;responsable1_prenom;\
responsable1_email;responsable2_nom;responsable2_prenom;responsable2_email";

    fn school() -> Stored {
        Stored {
            year: Some(repo::YearRow {
                id: 1,
                starts_on: "2026-09-01".into(),
                ends_on: "2027-07-04".into(),
            }),
            classes: vec![repo::ClassRow {
                id: 10,
                name: "6e A".into(),
            }],
            students: vec![StoredStudent {
                id: 100,
                matricule: "S1".into(),
                first_name: "Léa".into(),
                last_name: "Roux".into(),
                birth_date: None,
                birth_place: None,
                sex: None,
                class_id: Some(10),
                status: "enrolled".into(),
                national_id_enc: None,
                national_id_bidx: None,
                medical_enc: None,
            }],
            guardians: vec![StoredGuardian {
                id: 500,
                first_name: "Anne".into(),
                last_name: "Roux".into(),
                phone: None,
                email: None,
            }],
            links: vec![StoredLink {
                student_id: 100,
                guardian_id: 500,
                relationship: "other".into(),
                legal_guardian: 1,
                receives_notices: 1,
            }],
            open: vec![],
        }
    }

    fn plan_rows(rows: &[&str]) -> Result<(Plan, Writes), ImportReport> {
        let text = format!("{HEADER}\n{}\n", rows.join("\n"));
        let file = parse_file(text.as_bytes()).unwrap();
        let stored = school();
        let keyring = keyring();
        let cx = Context {
            keyring: &keyring,
            school_id: 1,
            today: "2026-11-25",
            now: 0,
        };
        Planner::new(&file, &stored, &cx).run()
    }

    #[test]
    fn a_guardian_without_email_is_matched_by_names_among_the_students_guardians() {
        let (plan, writes) = plan_rows(&["S1;Roux;Léa;6e A;Roux;Anne;;;;"]).unwrap();
        assert_eq!(plan.students.unchanged, 1);
        assert_eq!(plan.guardians.unchanged, 1, "{plan:?}");
        assert_eq!(plan.links.unchanged, 1);
        assert!(plan.lines.is_empty());
        assert!(writes.new_guardians.is_empty() && writes.new_links.is_empty());

        // Case aside: the same guardian, whose names take the file's spelling.
        let (plan, writes) = plan_rows(&["S1;Roux;Léa;6e A;ROUX;anne;;;;"]).unwrap();
        assert_eq!(plan.guardians.updated, 1, "{plan:?}");
        assert_eq!(
            plan.lines[0].columns,
            ["guardian1_last_name", "guardian1_first_name"]
        );
        assert!(writes.new_guardians.is_empty() && writes.new_links.is_empty());
    }

    #[test]
    fn a_new_email_goes_to_the_linked_guardian_without_one() {
        let (plan, writes) = plan_rows(&["S1;Roux;Léa;6e A;Roux;Anne;anne@x.fr;;;"]).unwrap();
        assert_eq!(plan.guardians.updated, 1);
        assert_eq!(plan.lines[0].columns, ["guardian1_email"]);
        assert_eq!(writes.guardian_updates.len(), 1);
    }

    #[test]
    fn siblings_share_a_guardian_and_conflicts_are_reported() {
        let (plan, writes) = plan_rows(&[
            "S2;Roux;Paul;6e A;Roux;Marc;marc@x.fr;;;",
            "S3;Roux;Zoé;;Roux;Marc;MARC@x.fr;;;",
        ])
        .unwrap();
        assert_eq!(plan.guardians.created, 1);
        assert_eq!(plan.links.created, 2);
        assert_eq!(plan.enrolments_opened, 1);
        assert_eq!(writes.new_guardians.len(), 1);

        let report = plan_err(&[
            "S2;Roux;Paul;;Roux;Marc;marc@x.fr;;;",
            "S3;Roux;Zoé;;Durand;Marc;marc@x.fr;;;",
            "S4;Roux;Max;;Roux;Marc;marc@x.fr;Roux;Marc;marc@x.fr",
        ]);
        assert_eq!(
            report.summary(),
            [
                (3, Some("responsable1_email"), msg::GUARDIAN_EMAIL_CONFLICT),
                (4, Some("responsable2_email"), msg::GUARDIAN_TWICE),
            ]
        );
        let report = plan_err(&["S1;Roux;Léa;6e B;;;;;;"]);
        assert_eq!(report.summary(), [(2, Some("classe"), msg::UNKNOWN_CLASS)]);
    }

    fn plan_err(rows: &[&str]) -> ImportReport {
        match plan_rows(rows) {
            Err(report) => report,
            Ok((plan, _)) => panic!("expected problems, got {plan:?}"),
        }
    }
}
