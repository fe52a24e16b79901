//! Council writes: a teacher's appréciations of a class in a subject for a period (saved as a
//! batch, all or nothing), the council's decisions (general appréciation and distinction per
//! student), and a teacher's comment bank. Every write checks who acts, runs in one
//! transaction and writes its audit row in it.
//!
//! Appréciations and decisions stay writable after the period is closed: closing a period
//! freezes its **marks**, and the class council meets after the period ends, when the
//! teachers write their appréciations. What freezes them is issuing the bulletin (the issued
//! PDF keeps the text it was typeset with).

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};

use super::{
    Distinction,
    repo::{self, AppreciationRow, DecisionRow},
};
use crate::{
    AppState,
    audit::{self, AuditAction, AuditEvent, ResourceType},
    error::AppError,
    gradebook::{repo as gradebook_repo, service::Author},
    schools::{SchoolScope, model::FieldErrors, repo as schools_repo},
    structure::repo::{self as structure_repo, PeriodRow},
};

/// The longest comment of a comment bank, in characters.
pub const COMMENT_MAX_CHARS: usize = 300;
/// How many comments a teacher may keep.
pub const COMMENTS_PER_TEACHER: i64 = 200;

/// Why one student's line was refused: the message id and, for a text too long, the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemError {
    pub student_id: i64,
    pub key: &'static str,
    /// The school's limit in characters (for `council-error-too-long`).
    pub max: Option<i64>,
}

impl ItemError {
    /// The message in a language.
    pub fn message(&self, lang: crate::web::i18n::Lang) -> String {
        match self.max {
            Some(max) => lang.t_with(self.key, &[("max", max.to_string())]),
            None => lang.t(self.key),
        }
    }
}

/// A batch refused: field errors (unknown period), per-student errors, or an error (not
/// found, forbidden).
#[derive(Debug)]
pub enum CouncilRefused {
    Fields(FieldErrors),
    Items(Vec<ItemError>),
    Error(AppError),
}

impl From<AppError> for CouncilRefused {
    fn from(e: AppError) -> Self {
        CouncilRefused::Error(e)
    }
}

impl From<sqlx::Error> for CouncilRefused {
    fn from(e: sqlx::Error) -> Self {
        CouncilRefused::Error(e.into())
    }
}

/// One student's appréciation as typed ("" deletes it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppreciationInput {
    pub student_id: i64,
    pub text: String,
}

/// One student's decision as typed ("" and no distinction deletes it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionInput {
    pub student_id: i64,
    pub general_appreciation: String,
    /// As stored (`felicitations`…), or `None`.
    pub distinction: Option<String>,
}

/// A class and period checked: the class exists in the school (else 404), the period is one
/// of its year (else a field error), and the students of the class during the period.
pub struct ClassPeriod {
    pub class: gradebook_repo::ResultsClass,
    pub period: PeriodRow,
    pub students: HashSet<i64>,
}

/// Loads a class and one period of its year with the students enrolled during it.
pub async fn class_period(
    state: &AppState,
    scope: SchoolScope,
    class_id: i64,
    period_id: i64,
) -> Result<ClassPeriod, CouncilRefused> {
    let pool = &state.db.pool;
    let class = gradebook_repo::results_class(pool, scope, class_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let period = structure_repo::period(pool, scope, period_id)
        .await?
        .filter(|p| p.year_id == class.year_id)
        .ok_or(CouncilRefused::Fields(vec![("period_id", "error-choice")]))?;
    let students =
        gradebook_repo::results_students(pool, scope, class_id, &period.starts_on, &period.ends_on)
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect();
    Ok(ClassPeriod {
        class,
        period,
        students,
    })
}

/// A text checked against a limit in characters: trimmed, line endings normalised.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n").trim().to_owned()
}

async fn limit(state: &AppState, scope: SchoolScope) -> Result<i64, AppError> {
    Ok(schools_repo::get(&state.db.pool, scope)
        .await?
        .appreciation_max_chars)
}

fn too_long(text: &str, max: i64) -> bool {
    i64::try_from(text.chars().count()).unwrap_or(i64::MAX) > max
}

async fn commit_audited(
    mut tx: crate::db::Tx,
    state: &AppState,
    author: &Author,
    action: AuditAction,
    resource: (ResourceType, String),
    details: Value,
) -> Result<(), AppError> {
    let event = AuditEvent {
        scope: Some(author.scope()),
        actor: author.audit(),
        action,
        resource_type: resource.0,
        resource_id: Some(resource.1),
        details,
    };
    audit::record(&mut tx, state.clock.as_ref(), &event).await?;
    tx.commit().await?;
    Ok(())
}

/// Saves appréciations of a class in a subject for a period at once: only a school
/// administrator or a teacher assigned to the class and subject (for that period or the whole
/// year). A text longer than the school's limit, or a student not in the class during the
/// period, refuses the whole batch. Returns how many appréciations changed (0: nothing to do,
/// no audit row).
#[tracing::instrument(skip_all, fields(class_id, subject_id, period_id, items = items.len()))]
pub async fn save_appreciations(
    state: &AppState,
    author: &Author,
    class_id: i64,
    subject_id: i64,
    period_id: i64,
    items: &[AppreciationInput],
) -> Result<usize, CouncilRefused> {
    let scope = author.scope();
    let pool = &state.db.pool;
    let target = class_period(state, scope, class_id, period_id).await?;
    structure_repo::subject(pool, scope, subject_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !author.is_admin()
        && !gradebook_repo::teaches(
            pool,
            scope,
            author.user_id(),
            class_id,
            subject_id,
            period_id,
        )
        .await?
    {
        return Err(AppError::Forbidden.into());
    }
    let max = limit(state, scope).await?;
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut wanted = Vec::new();
    for item in items {
        if !target.students.contains(&item.student_id) || !seen.insert(item.student_id) {
            errors.push(ItemError {
                student_id: item.student_id,
                key: "council-error-student",
                max: None,
            });
            continue;
        }
        let text = clean(&item.text);
        if too_long(&text, max) {
            errors.push(ItemError {
                student_id: item.student_id,
                key: "council-error-too-long",
                max: Some(max),
            });
            continue;
        }
        wanted.push((item.student_id, text));
    }
    if !errors.is_empty() {
        return Err(CouncilRefused::Items(errors));
    }
    let mut tx = state.db.begin().await?;
    let before: HashMap<i64, String> =
        repo::class_appreciations(&mut *tx, scope, class_id, period_id)
            .await?
            .into_iter()
            .filter(|a| a.subject_id == subject_id)
            .map(|a| (a.student_id, a.body))
            .collect();
    let now = state.clock.now_ms();
    let mut upserts = Vec::new();
    let mut clears = Vec::new();
    let mut changes = Vec::new();
    for (student_id, text) in wanted {
        let old = before.get(&student_id);
        if old.map_or("", String::as_str) == text {
            continue;
        }
        changes.push(json!({ "student_id": student_id, "before": old, "after": text }));
        if text.is_empty() {
            clears.push(student_id);
        } else {
            upserts.push(AppreciationRow {
                student_id,
                subject_id,
                period_id,
                body: text,
                author_id: Some(author.user_id()),
                updated_at: now,
            });
        }
    }
    if changes.is_empty() {
        return Ok(0);
    }
    repo::upsert_appreciations(&mut tx, scope, &upserts).await?;
    repo::delete_appreciations(&mut tx, scope, subject_id, period_id, &clears).await?;
    let count = changes.len();
    let details = json!({ "class_id": class_id, "subject_id": subject_id,
        "period_id": period_id, "appreciations": changes });
    let resource = (
        ResourceType::Appreciation,
        format!("{class_id}:{subject_id}:{period_id}"),
    );
    commit_audited(
        tx,
        state,
        author,
        AuditAction::RecordUpdate,
        resource,
        details,
    )
    .await?;
    Ok(count)
}

/// Whether the user may decide for the class: a school administrator or its main teacher.
pub fn may_decide(author: &Author, class: &gradebook_repo::ResultsClass) -> bool {
    author.is_admin() || class.main_teacher_id == Some(author.user_id())
}

/// Saves the council's decisions for students of a class in a period at once: only a school
/// administrator or the class's main teacher. The general appréciation has the school's
/// character limit; the distinction is one of [`Distinction`] or none. A bad line refuses the
/// whole batch. Returns how many decisions changed.
#[tracing::instrument(skip_all, fields(class_id, period_id, items = items.len()))]
pub async fn save_decisions(
    state: &AppState,
    author: &Author,
    class_id: i64,
    period_id: i64,
    items: &[DecisionInput],
) -> Result<usize, CouncilRefused> {
    let scope = author.scope();
    let target = class_period(state, scope, class_id, period_id).await?;
    if !may_decide(author, &target.class) {
        return Err(AppError::Forbidden.into());
    }
    let max = limit(state, scope).await?;
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut wanted = Vec::new();
    for item in items {
        let error = |key, max| ItemError {
            student_id: item.student_id,
            key,
            max,
        };
        if !target.students.contains(&item.student_id) || !seen.insert(item.student_id) {
            errors.push(error("council-error-student", None));
            continue;
        }
        let text = clean(&item.general_appreciation);
        if too_long(&text, max) {
            errors.push(error("council-error-too-long", Some(max)));
            continue;
        }
        let distinction = match item.distinction.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => match Distinction::parse(raw) {
                Some(d) => Some(d.as_str().to_owned()),
                None => {
                    errors.push(error("council-error-distinction", None));
                    continue;
                }
            },
        };
        wanted.push((item.student_id, text, distinction));
    }
    if !errors.is_empty() {
        return Err(CouncilRefused::Items(errors));
    }
    let mut tx = state.db.begin().await?;
    let before: HashMap<i64, DecisionRow> =
        repo::class_decisions(&mut *tx, scope, class_id, period_id)
            .await?
            .into_iter()
            .map(|d| (d.student_id, d))
            .collect();
    let now = state.clock.now_ms();
    let mut upserts = Vec::new();
    let mut clears = Vec::new();
    let mut changes = Vec::new();
    for (student_id, text, distinction) in wanted {
        let old = before.get(&student_id);
        let old_pair = old.map_or((String::new(), None), |d| {
            (d.general_appreciation.clone(), d.distinction.clone())
        });
        if old_pair == (text.clone(), distinction.clone()) {
            continue;
        }
        changes.push(json!({ "student_id": student_id,
            "before": { "general_appreciation": old_pair.0, "distinction": old_pair.1 },
            "after": { "general_appreciation": text, "distinction": distinction } }));
        if text.is_empty() && distinction.is_none() {
            clears.push(student_id);
        } else {
            upserts.push(DecisionRow {
                student_id,
                period_id,
                general_appreciation: text,
                distinction,
                updated_by: Some(author.user_id()),
                updated_at: now,
            });
        }
    }
    if changes.is_empty() {
        return Ok(0);
    }
    repo::upsert_decisions(&mut tx, scope, &upserts).await?;
    repo::delete_decisions(&mut tx, scope, period_id, &clears).await?;
    let count = changes.len();
    let details = json!({ "class_id": class_id, "period_id": period_id, "decisions": changes });
    let resource = (
        ResourceType::CouncilDecision,
        format!("{class_id}:{period_id}"),
    );
    commit_audited(
        tx,
        state,
        author,
        AuditAction::RecordUpdate,
        resource,
        details,
    )
    .await?;
    Ok(count)
}

/// Adds a comment to the author's bank: 1 to [`COMMENT_MAX_CHARS`] characters, at most
/// [`COMMENTS_PER_TEACHER`] comments. Returns its id.
pub async fn add_comment(
    state: &AppState,
    author: &Author,
    body: &str,
) -> Result<i64, crate::accounts::service::Refused> {
    use crate::accounts::service::Refused;
    let body = clean(body);
    if body.is_empty() || body.chars().count() > COMMENT_MAX_CHARS {
        return Err(Refused::Fields(vec![("body", "council-error-comment")]));
    }
    let scope = author.scope();
    let mut tx = state.db.begin().await?;
    if repo::count_comments(&mut *tx, scope, author.user_id()).await? >= COMMENTS_PER_TEACHER {
        return Err(Refused::Fields(vec![(
            "body",
            "council-error-comment-full",
        )]));
    }
    let id = repo::insert_comment(
        &mut *tx,
        scope,
        author.user_id(),
        &body,
        state.clock.now_ms(),
    )
    .await?;
    let resource = (ResourceType::CommentBank, id.to_string());
    commit_audited(
        tx,
        state,
        author,
        AuditAction::RecordCreate,
        resource,
        json!({ "body": body }),
    )
    .await?;
    Ok(id)
}

/// Deletes one of the author's comments (404 when they have no such comment).
pub async fn delete_comment(state: &AppState, author: &Author, id: i64) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let body = repo::delete_comment(&mut tx, author.scope(), author.user_id(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let resource = (ResourceType::CommentBank, id.to_string());
    commit_audited(
        tx,
        state,
        author,
        AuditAction::RecordDelete,
        resource,
        json!({ "body": body }),
    )
    .await
}
