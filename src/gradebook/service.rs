//! Gradebook writes and reads: assessments (create, update, delete), a column of marks saved at
//! once, and the class × subject × period gradebook in the computation core's types. Every
//! write checks who acts (a school administrator, or a teacher assigned to the class and
//! subject), that the period is still open, then runs in one transaction with its audit row.
//! Bad input changes nothing and comes back as field errors (per student for marks).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Value, json};

use super::{
    Assessment, AssessmentRule, CodeEffect, CodeTable, MAX_COEFFICIENT, MarkCode, MarkEntry,
    MarkValue,
    repo::{self, AssessmentFields, AssessmentRow, MarkCodeRow, MarkRow},
};
use crate::{
    AppState,
    accounts::{model::Role, repo as accounts_repo, service::Refused},
    audit::{self, AuditAction, AuditCtx, AuditEvent, ResourceType},
    auth::context::CurrentUser,
    error::AppError,
    schools::{SchoolScope, model::FieldErrors, repo as schools_repo},
    structure::{
        model::parse_date,
        service::{is_period_closed, school_today},
    },
};

/// Who writes in the gradebook: the school, the user, whether they administer the school, and
/// the audit context of the request.
#[derive(Debug, Clone)]
pub struct Author {
    scope: SchoolScope,
    user_id: i64,
    is_admin: bool,
    audit: AuditCtx,
}

impl Author {
    /// The signed-in user acting in their school; `None` without a school.
    pub fn from_user(user: &CurrentUser, audit: AuditCtx) -> Option<Self> {
        Some(Self {
            scope: user.scope()?,
            user_id: user.id,
            is_admin: user.has_role(Role::SchoolAdmin),
            audit,
        })
    }

    /// A member of the school, with the roles read from the database (operator commands, demo
    /// seeding, tests); `None` when the user is not a member.
    pub async fn member(
        state: &AppState,
        school_id: i64,
        user_id: i64,
        audit: AuditCtx,
    ) -> Result<Option<Self>, AppError> {
        let scope = SchoolScope::from_membership(school_id);
        let roles = accounts_repo::roles_in(&state.db.pool, scope, user_id).await?;
        Ok((!roles.is_empty()).then(|| Self {
            scope,
            user_id,
            is_admin: roles.contains(&Role::SchoolAdmin),
            audit,
        }))
    }

    pub fn scope(&self) -> SchoolScope {
        self.scope
    }

    pub fn user_id(&self) -> i64 {
        self.user_id
    }

    pub fn is_admin(&self) -> bool {
        self.is_admin
    }

    pub fn audit(&self) -> &AuditCtx {
        &self.audit
    }
}

/// The kinds of assessment, as stored.
pub const KINDS: [&str; 5] = ["devoir", "interrogation", "composition", "oral", "other"];

/// The rules, as stored, with the core's meaning.
const RULES: [(&str, AssessmentRule); 3] = [
    ("normal", AssessmentRule::Normal),
    ("bonus", AssessmentRule::Bonus),
    ("raise_only", AssessmentRule::RaiseOnly),
];

/// Where an assessment belongs; set at creation, never changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessmentTarget {
    pub class_id: i64,
    pub subject_id: i64,
    pub period_id: i64,
}

/// An assessment's editable fields as typed: decimals with a comma or a point; a blank maximum
/// is 20, a blank coefficient 1, a blank rule `normal`, a blank publication date "not
/// published".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssessmentForm {
    pub title: String,
    pub date: String,
    pub kind: String,
    pub max: String,
    pub coefficient: String,
    pub rule: String,
    pub published_on: String,
}

/// A decimal with at most two decimals and `whole_digits` digits before them, in hundredths.
/// Exact: no float on the way.
pub fn parse_hundredths(raw: &str, whole_digits: usize) -> Option<i64> {
    let value = raw.trim().replace(',', ".");
    let (whole, fraction) = value.split_once('.').unwrap_or((value.as_str(), ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let ok = !whole.is_empty()
        && whole.len() <= whole_digits
        && digits(whole)
        && fraction.len() <= 2
        && digits(fraction)
        && !(value.ends_with('.'));
    if !ok {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().ok()? * 10,
        _ => fraction.parse().ok()?,
    };
    Some(whole * 100 + fraction)
}

impl AssessmentForm {
    /// The checked fields, or every problem at once.
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<AssessmentFields> {
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            errors.push(("title", "gradebook-error-title"));
        }
        let date = parse_date(&self.date)
            .map_err(|e| errors.push(("date", e)))
            .ok();
        let kind = KINDS.into_iter().find(|k| *k == self.kind.trim());
        if kind.is_none() {
            errors.push(("kind", "gradebook-error-kind"));
        }
        let max = match self.max.trim() {
            "" => Some(2_000),
            raw => parse_hundredths(raw, 4).filter(|m| *m > 0),
        };
        if max.is_none() {
            errors.push(("max", "gradebook-error-max"));
        }
        let coefficient = match self.coefficient.trim() {
            "" => Some(100),
            raw => parse_hundredths(raw, 2).filter(|c| *c <= MAX_COEFFICIENT),
        };
        if coefficient.is_none() {
            errors.push(("coefficient", "gradebook-error-coefficient"));
        }
        let rule = match self.rule.trim() {
            "" => Some("normal"),
            raw => RULES.iter().map(|(r, _)| *r).find(|r| *r == raw),
        };
        if rule.is_none() {
            errors.push(("rule", "gradebook-error-rule"));
        }
        let published_on = match self.published_on.trim() {
            "" => Some(None),
            raw => parse_date(raw)
                .map_err(|e| errors.push(("published_on", e)))
                .ok()
                .map(|d| Some(d.to_string())),
        };
        if !errors.is_empty() {
            return None;
        }
        Some(AssessmentFields {
            title: title.to_owned(),
            date: date?.to_string(),
            kind: kind?,
            max_hundredths: max?,
            coefficient_hundredths: coefficient?,
            rule: rule?,
            published_on: published_on?,
        })
    }
}

fn fields_details(f: &AssessmentFields) -> Value {
    json!({ "title": f.title, "date": f.date, "kind": f.kind, "max": f.max_hundredths,
        "coefficient": f.coefficient_hundredths, "rule": f.rule, "published_on": f.published_on })
}

fn row_fields(a: &AssessmentRow) -> AssessmentFields {
    AssessmentFields {
        title: a.title.clone(),
        date: a.date.clone(),
        kind: KINDS.into_iter().find(|k| *k == a.kind).unwrap_or("other"),
        max_hundredths: a.max_hundredths,
        coefficient_hundredths: a.coefficient_hundredths,
        rule: RULES
            .iter()
            .map(|(r, _)| *r)
            .find(|r| *r == a.rule)
            .unwrap_or("normal"),
        published_on: a.published_on.clone(),
    }
}

async fn commit_audited(
    mut tx: crate::db::Tx,
    state: &AppState,
    author: &Author,
    action: AuditAction,
    assessment_id: i64,
    details: Value,
) -> Result<(), AppError> {
    let event = AuditEvent {
        scope: Some(author.scope),
        actor: &author.audit,
        action,
        resource_type: ResourceType::Assessment,
        resource_id: Some(assessment_id.to_string()),
        details,
    };
    audit::record(&mut tx, state.clock.as_ref(), &event).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the author may write marks of the class × subject × period: a school
/// administrator, or a teacher assigned to it. Refusals: `Forbidden`.
async fn authorize(
    e: impl sqlx::Executor<'_, Database = sqlx::Any>,
    author: &Author,
    target: AssessmentTarget,
) -> Result<(), AppError> {
    if author.is_admin
        || repo::teaches(
            e,
            author.scope,
            author.user_id,
            target.class_id,
            target.subject_id,
            target.period_id,
        )
        .await?
    {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Refuses a write in a closed period (field error on `period_id`) or an unknown period.
async fn require_open_period(
    state: &AppState,
    scope: SchoolScope,
    period_id: i64,
) -> Result<(), Refused> {
    let school = schools_repo::get(&state.db.pool, scope).await?;
    let today = school_today(&school, state.clock.as_ref());
    match is_period_closed(state, scope, period_id, today).await? {
        None => Err(Refused::Fields(vec![("period_id", "error-choice")])),
        Some(true) => Err(Refused::Fields(vec![(
            "period_id",
            "gradebook-error-period-closed",
        )])),
        Some(false) => Ok(()),
    }
}

/// Refuses a period outside the class's year, and a date outside the period.
async fn check_dates(
    state: &AppState,
    scope: SchoolScope,
    target: AssessmentTarget,
    date: &str,
) -> Result<(), Refused> {
    match repo::period_bounds_for_class(&state.db.pool, scope, target.period_id, target.class_id)
        .await?
    {
        None => Err(Refused::Fields(vec![("period_id", "error-choice")])),
        Some((starts, ends)) if date < starts.as_str() || date > ends.as_str() => Err(
            Refused::Fields(vec![("date", "gradebook-error-date-period")]),
        ),
        Some(_) => Ok(()),
    }
}

fn target_of(a: &AssessmentRow) -> AssessmentTarget {
    AssessmentTarget {
        class_id: a.class_id,
        subject_id: a.subject_id,
        period_id: a.period_id,
    }
}

/// Creates an assessment; the author is recorded as its teacher.
#[tracing::instrument(skip_all)]
pub async fn create_assessment(
    state: &AppState,
    author: &Author,
    target: AssessmentTarget,
    form: &AssessmentForm,
) -> Result<i64, Refused> {
    let mut errors = Vec::new();
    let fields = form.parse(&mut errors);
    let Some(fields) = fields else {
        return Err(Refused::Fields(errors));
    };
    let scope = author.scope;
    if !repo::class_and_subject_exist(&state.db.pool, scope, target.class_id, target.subject_id)
        .await?
    {
        return Err(AppError::NotFound.into());
    }
    authorize(&state.db.pool, author, target).await?;
    require_open_period(state, scope, target.period_id).await?;
    check_dates(state, scope, target, &fields.date).await?;
    let mut tx = state.db.begin().await?;
    let id = repo::insert_assessment(
        &mut *tx,
        scope,
        target.class_id,
        target.subject_id,
        target.period_id,
        author.user_id,
        &fields,
        state.clock.now_ms(),
    )
    .await?;
    let mut details = fields_details(&fields);
    details["class_id"] = json!(target.class_id);
    details["subject_id"] = json!(target.subject_id);
    details["period_id"] = json!(target.period_id);
    commit_audited(tx, state, author, AuditAction::RecordCreate, id, details).await?;
    Ok(id)
}

/// Loads an assessment the author may write, in an open period.
async fn writable(state: &AppState, author: &Author, id: i64) -> Result<AssessmentRow, Refused> {
    let row = repo::assessment(&state.db.pool, author.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    authorize(&state.db.pool, author, target_of(&row)).await?;
    require_open_period(state, author.scope, row.period_id).await?;
    Ok(row)
}

/// Changes an assessment's fields. A maximum below a mark already entered is refused.
#[tracing::instrument(skip_all, fields(assessment_id = id))]
pub async fn update_assessment(
    state: &AppState,
    author: &Author,
    id: i64,
    form: &AssessmentForm,
) -> Result<(), Refused> {
    let mut errors = Vec::new();
    let fields = form.parse(&mut errors);
    let Some(fields) = fields else {
        return Err(Refused::Fields(errors));
    };
    let before = writable(state, author, id).await?;
    check_dates(state, author.scope, target_of(&before), &fields.date).await?;
    let mut tx = state.db.begin().await?;
    let marks = repo::marks_of(&mut *tx, author.scope, id).await?;
    if marks.iter().any(|m| {
        m.points_hundredths
            .is_some_and(|p| p > fields.max_hundredths)
    }) {
        return Err(Refused::Fields(vec![(
            "max",
            "gradebook-error-max-below-marks",
        )]));
    }
    repo::update_assessment(&mut *tx, author.scope, id, &fields, state.clock.now_ms()).await?;
    let details = json!({ "before": fields_details(&row_fields(&before)),
        "after": fields_details(&fields) });
    commit_audited(tx, state, author, AuditAction::RecordUpdate, id, details).await?;
    Ok(())
}

/// Deletes an assessment and its marks.
#[tracing::instrument(skip_all, fields(assessment_id = id))]
pub async fn delete_assessment(state: &AppState, author: &Author, id: i64) -> Result<(), Refused> {
    let row = writable(state, author, id).await?;
    let mut tx = state.db.begin().await?;
    let marks = repo::delete_marks_of(&mut *tx, author.scope, id).await?;
    repo::delete_assessment(&mut *tx, author.scope, id).await?;
    let mut details = fields_details(&row_fields(&row));
    details["marks"] = json!(marks);
    commit_audited(tx, state, author, AuditAction::RecordDelete, id, details).await?;
    Ok(())
}

/// The school's mark codes as stored, seeded with [`CodeTable::french_default`] the first time.
pub(crate) async fn ensure_codes(
    tx: &mut crate::db::Tx,
    scope: SchoolScope,
) -> Result<Vec<MarkCodeRow>, sqlx::Error> {
    let codes = repo::mark_codes(&mut **tx, scope).await?;
    if !codes.is_empty() {
        return Ok(codes);
    }
    let defaults = default_code_rows();
    repo::insert_mark_codes(&mut **tx, scope, &defaults).await?;
    Ok(defaults)
}

/// The French default codes as a school starts with them.
pub fn default_code_rows() -> Vec<MarkCodeRow> {
    CodeTable::french_default()
        .codes()
        .iter()
        .zip(0..)
        .map(|(c, position)| MarkCodeRow {
            code: c.code.clone(),
            label: default_label(&c.code).to_owned(),
            counts_as_zero: i64::from(c.effect == CodeEffect::CountsAsZero),
            position,
        })
        .collect()
}

/// The label a default code is stored with (the school may rename it).
fn default_label(code: &str) -> &'static str {
    match code {
        "ABS" => "Absent (excusé)",
        "DISP" => "Dispensé",
        "NN" => "Non noté",
        "NR" => "Non rendu (excusé)",
        "Z" => "Absence injustifiée",
        "W" => "Non rendu",
        _ => "",
    }
}

fn code_table(rows: &[MarkCodeRow]) -> CodeTable {
    CodeTable::new(
        rows.iter()
            .map(|r| MarkCode {
                code: r.code.clone(),
                effect: if r.counts_as_zero == 1 {
                    CodeEffect::CountsAsZero
                } else {
                    CodeEffect::LeftOut
                },
            })
            .collect(),
    )
}

/// The school's codes as the core reads them; the French defaults while the school has none
/// stored yet.
pub fn code_table_or_default(rows: &[MarkCodeRow]) -> CodeTable {
    if rows.is_empty() {
        CodeTable::french_default()
    } else {
        code_table(rows)
    }
}

/// One cell of a column of marks as typed: points ("12,5"), a code ("ABS", any case), or blank
/// to clear the mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkCell {
    pub student_id: i64,
    pub value: String,
}

/// A column refused: field errors on the assessment (closed period), per-student errors (the
/// translation key of each bad cell), or an error (not found, forbidden).
#[derive(Debug)]
pub enum MarksRefused {
    Fields(FieldErrors),
    Cells(Vec<(i64, &'static str)>),
    Error(AppError),
}

impl From<Refused> for MarksRefused {
    fn from(r: Refused) -> Self {
        match r {
            Refused::Fields(f) => MarksRefused::Fields(f),
            Refused::Error(e) => MarksRefused::Error(e),
        }
    }
}

impl From<AppError> for MarksRefused {
    fn from(e: AppError) -> Self {
        MarksRefused::Error(e)
    }
}

impl From<sqlx::Error> for MarksRefused {
    fn from(e: sqlx::Error) -> Self {
        MarksRefused::Error(e.into())
    }
}

/// A cell checked against the assessment's maximum and the school's codes: the mark to store
/// (`None`: clear).
fn parse_cell(raw: &str, max: i64, codes: &CodeTable) -> Result<Option<MarkValue>, &'static str> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.starts_with(|c: char| c.is_ascii_digit()) {
        return parse_hundredths(value, 4)
            .filter(|p| *p <= max)
            .map(|p| Some(MarkValue::Points(p)))
            .ok_or("gradebook-error-points");
    }
    let code = value.to_uppercase();
    codes
        .effect(&code)
        .map(|_| Some(MarkValue::Code(code)))
        .ok_or("gradebook-error-code")
}

fn stored(value: &MarkValue) -> (Option<i64>, Option<String>) {
    match value {
        MarkValue::Points(p) => (Some(*p), None),
        MarkValue::Code(c) => (None, Some(c.clone())),
    }
}

fn describe(points: Option<i64>, code: Option<&str>) -> Value {
    match (points, code) {
        (Some(p), _) => json!(p),
        (None, Some(c)) => json!(c),
        (None, None) => Value::Null,
    }
}

/// Saves a column of marks of one assessment at once (one transaction, batched SQL, one audit
/// row). Any bad cell refuses the whole column and changes nothing. Returns the number of
/// marks changed (0: nothing to do, no audit row).
#[tracing::instrument(skip_all, fields(assessment_id, cells = cells.len()))]
pub async fn save_marks(
    state: &AppState,
    author: &Author,
    assessment_id: i64,
    cells: &[MarkCell],
) -> Result<usize, MarksRefused> {
    let assessment = writable(state, author, assessment_id).await?;
    let scope = author.scope;
    let mut tx = state.db.begin().await?;
    let codes = code_table(&ensure_codes(&mut tx, scope).await?);
    let in_class: HashSet<i64> = repo::class_student_ids(&mut *tx, scope, assessment.class_id)
        .await?
        .into_iter()
        .collect();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut wanted = Vec::new();
    for cell in cells {
        if !in_class.contains(&cell.student_id) || !seen.insert(cell.student_id) {
            errors.push((cell.student_id, "gradebook-error-student"));
            continue;
        }
        match parse_cell(&cell.value, assessment.max_hundredths, &codes) {
            Ok(value) => wanted.push((cell.student_id, value)),
            Err(key) => errors.push((cell.student_id, key)),
        }
    }
    if !errors.is_empty() {
        return Err(MarksRefused::Cells(errors));
    }
    let before: HashMap<i64, MarkRow> = repo::marks_of(&mut *tx, scope, assessment_id)
        .await?
        .into_iter()
        .map(|m| (m.student_id, m))
        .collect();
    let mut upserts = Vec::new();
    let mut clears = Vec::new();
    let mut changes = Vec::new();
    for (student_id, value) in wanted {
        let old = before.get(&student_id);
        let old_pair = old.map(|m| (m.points_hundredths, m.code.clone()));
        let new_pair = value.as_ref().map(stored);
        if old_pair == new_pair {
            continue;
        }
        let (points, code) = new_pair.clone().unwrap_or((None, None));
        changes.push(json!({
            "student_id": student_id,
            "before": old.map_or(Value::Null, |m| describe(m.points_hundredths, m.code.as_deref())),
            "after": describe(points, code.as_deref()),
        }));
        match new_pair {
            Some((points_hundredths, code)) => upserts.push(MarkRow {
                assessment_id,
                student_id,
                points_hundredths,
                code,
            }),
            None => clears.push(student_id),
        }
    }
    if changes.is_empty() {
        return Ok(0);
    }
    let now = state.clock.now_ms();
    repo::upsert_marks(&mut tx, scope, assessment_id, &upserts, now, author.user_id).await?;
    repo::delete_marks(&mut tx, scope, assessment_id, &clears).await?;
    let school = schools_repo::get(&mut *tx, scope).await?;
    let today = school_today(&school, state.clock.as_ref()).to_string();
    let published = assessment
        .published_on
        .as_deref()
        .is_some_and(|d| d <= today.as_str());
    let action = if published {
        AuditAction::MarksChangeAfterPublication
    } else {
        AuditAction::RecordUpdate
    };
    let count = changes.len();
    let details = json!({ "marks": changes });
    commit_audited(tx, state, author, action, assessment_id, details).await?;
    Ok(count)
}

/// The gradebook of a class in a subject and period, ready for the computation core: the
/// assessments (by date), each student's marks as [`MarkEntry`] and the school's codes.
#[derive(Debug, Clone)]
pub struct Gradebook {
    pub assessments: Vec<AssessmentRow>,
    pub marks: BTreeMap<i64, Vec<MarkEntry>>,
    pub codes: CodeTable,
}

impl Gradebook {
    /// A student's marks (empty when none), for [`super::subject_average`].
    pub fn student_marks(&self, student_id: i64) -> &[MarkEntry] {
        self.marks.get(&student_id).map_or(&[], Vec::as_slice)
    }
}

/// The core's view of a stored assessment.
pub fn core_assessment(a: &AssessmentRow) -> Assessment {
    Assessment {
        id: a.id,
        max: a.max_hundredths,
        coefficient: a.coefficient_hundredths,
        rule: RULES
            .iter()
            .find(|(r, _)| *r == a.rule)
            .map_or(AssessmentRule::Normal, |(_, rule)| *rule),
    }
}

/// Reads the gradebook of a class × subject × period in three queries (assessments, marks,
/// codes), whatever the class size. Callers check the reader may see it.
pub async fn gradebook(
    state: &AppState,
    scope: SchoolScope,
    target: AssessmentTarget,
) -> Result<Gradebook, AppError> {
    let pool = &state.db.pool;
    let (class, subject, period) = (target.class_id, target.subject_id, target.period_id);
    let assessments = repo::gradebook_assessments(pool, scope, class, subject, period).await?;
    let rows = repo::gradebook_marks(pool, scope, class, subject, period).await?;
    let codes = code_table_or_default(&repo::mark_codes(pool, scope).await?);
    let by_id: HashMap<i64, Assessment> = assessments
        .iter()
        .map(|a| (a.id, core_assessment(a)))
        .collect();
    let mut marks: BTreeMap<i64, Vec<MarkEntry>> = BTreeMap::new();
    for row in rows {
        let Some(assessment) = by_id.get(&row.assessment_id) else {
            continue;
        };
        let value = match (row.points_hundredths, row.code) {
            (Some(p), _) => MarkValue::Points(p),
            (None, Some(c)) => MarkValue::Code(c),
            (None, None) => continue,
        };
        marks.entry(row.student_id).or_default().push(MarkEntry {
            assessment: *assessment,
            value,
        });
    }
    Ok(Gradebook {
        assessments,
        marks,
        codes,
    })
}
