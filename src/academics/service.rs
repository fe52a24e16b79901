//! Student records: who may see which student, and the reading of encrypted fields (each
//! decryption audited before the value leaves the server).

use serde_json::json;

use super::repo::{self, GuardianLine, OwnStudents, Relation, StudentRecord};
use crate::{
    AppState,
    accounts::model::Role,
    audit::{self, AuditAction, AuditCtx, AuditEvent, ResourceType},
    auth::{
        context::{CurrentUser, RequestCtx},
        policy::{self, Action, Scope, Subject},
    },
    crypto::{Purpose, normalise_national_id},
    error::AppError,
    schools::SchoolScope,
};

impl Relation {
    /// The target's scope for each subject: "own" only through that role's own relation
    /// (a teacher's class, a parent's child, a student themself).
    pub fn scope_for(self, subject: Subject) -> Scope {
        let own = match subject {
            Subject::Role(Role::Teacher) => self.teacher > 0,
            Subject::Role(Role::Parent) => self.guardian > 0,
            Subject::Role(Role::Student) => self.is_self > 0,
            _ => false,
        };
        if own { Scope::Own } else { Scope::SameSchool }
    }
}

/// Which of their own students a user with only "own" access to students sees in a list.
pub fn own_students(user: &CurrentUser) -> OwnStudents {
    let own = |role: Role| {
        user.has_role(role)
            && policy::grant(Subject::Role(role), Action::ViewStudent) >= policy::Grant::Own
    };
    OwnStudents {
        user_id: user.id,
        as_self: own(Role::Student),
        as_guardian: own(Role::Parent),
        as_teacher: own(Role::Teacher),
    }
}

/// A sensitive field as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sensitive {
    /// The user may not read it: not shown at all.
    Hidden,
    /// Nothing stored.
    Empty,
    Value(String),
    /// Stored but not decryptable (tampered, unknown key): never shown as garbage.
    Unreadable,
}

impl Sensitive {
    pub fn is_hidden(&self) -> bool {
        *self == Sensitive::Hidden
    }

    /// The plaintext, when there is one to show.
    pub fn value(&self) -> Option<&str> {
        match self {
            Sensitive::Value(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_unreadable(&self) -> bool {
        *self == Sensitive::Unreadable
    }
}

/// What `/students/{id}` shows.
#[derive(Debug, Clone)]
pub struct StudentView {
    pub record: StudentRecord,
    pub guardians: Vec<GuardianLine>,
    /// The enrolment history, oldest first.
    pub enrolments: Vec<crate::people::repo::EnrolmentRow>,
    pub has_photo: bool,
    pub national_id: Sensitive,
    pub medical: Sensitive,
}

/// Checks that the user may see the student's record (the same rule for the record, its
/// photo and the API): 404 when the school has no such student, 403 (audited) when the user
/// may not see them. Returns the school and how the user relates to the student.
pub async fn student_access(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    student_id: i64,
) -> Result<(SchoolScope, Relation), AppError> {
    let scope = user.scope().ok_or(AppError::NotFound)?;
    let relation = repo::relation(&state.db.pool, scope, student_id, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::require_by(state, ctx, user, Action::ViewStudent, |s| {
        relation.scope_for(s)
    })
    .await?;
    Ok((scope, relation))
}

/// Loads a student for the user: 404 when the school has no such student (another school's
/// students do not exist here), 403 when the user may not see them. The sensitive fields the
/// user may read are decrypted, and each decryption is recorded in the audit trail and
/// committed before this returns: no audit row, no value.
#[tracing::instrument(skip(state, ctx, user), fields(user_id = user.id))]
pub async fn view_student(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    student_id: i64,
) -> Result<StudentView, AppError> {
    let (scope, relation) = student_access(state, ctx, user, student_id).await?;
    let scope_of = |s| relation.scope_for(s);
    let record = repo::student_record(&state.db.pool, scope, student_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let guardians = repo::guardians_of(&state.db.pool, scope, student_id).await?;
    let enrolments = crate::people::repo::enrolments_of(&state.db.pool, scope, student_id).await?;
    let has_photo = crate::people::repo::has_photo(&state.db.pool, scope, student_id).await?;

    let fields = [
        (
            Purpose::NationalId,
            Action::ReadStudentNationalId,
            AuditAction::StudentReadNationalId,
            record.national_id_enc.as_deref(),
        ),
        (
            Purpose::Medical,
            Action::ReadStudentMedical,
            AuditAction::StudentReadMedical,
            record.medical_enc.as_deref(),
        ),
    ];
    let actor = ctx.audit();
    let mut tx = state.db.begin().await?;
    let mut shown = Vec::with_capacity(2);
    for (purpose, action, audit_action, stored) in fields {
        let value = match stored {
            _ if !policy::allows_by(user, action, scope_of) => Sensitive::Hidden,
            None => Sensitive::Empty,
            Some(stored) => {
                let value = match state.keyring.decrypt(purpose, scope.school_id(), stored) {
                    Ok(plain) => Sensitive::Value(plain.expose().to_owned()),
                    Err(error) => {
                        tracing::error!(
                            student_id,
                            ?purpose,
                            %error,
                            "a stored encrypted field could not be decrypted"
                        );
                        Sensitive::Unreadable
                    }
                };
                audit::record(
                    &mut tx,
                    state.clock.as_ref(),
                    &AuditEvent {
                        scope: Some(scope),
                        actor: &actor,
                        action: audit_action,
                        resource_type: ResourceType::Student,
                        resource_id: Some(student_id.to_string()),
                        details: json!({ "readable": value != Sensitive::Unreadable }),
                    },
                )
                .await?;
                value
            }
        };
        shown.push(value);
    }
    tx.commit().await?;
    let medical = shown.pop().unwrap_or(Sensitive::Hidden);
    let national_id = shown.pop().unwrap_or(Sensitive::Hidden);
    Ok(StudentView {
        record,
        guardians,
        enrolments,
        has_photo,
        national_id,
        medical,
    })
}

/// The outcome of a national-ID lookup.
#[derive(Debug)]
pub enum Lookup {
    /// Nothing to look up (blank, or no letter or digit).
    Blank,
    Found(Vec<repo::StudentLine>),
}

/// Finds the school's students with this national ID through the blind index (spaces, dots,
/// dashes and case do not matter); nothing is decrypted. The lookup is audited with the blind
/// index, never the ID itself, and committed before the answer.
#[tracing::instrument(skip_all)]
pub async fn lookup_national_id(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    raw: &str,
) -> Result<Lookup, AppError> {
    let normalised = normalise_national_id(raw);
    if normalised.is_empty() {
        return Ok(Lookup::Blank);
    }
    let index = state
        .keyring
        .blind_index(Purpose::NationalId, scope.school_id(), &normalised);
    let mut tx = state.db.begin().await?;
    let found = repo::find_by_national_id_index(&mut *tx, scope, &index).await?;
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: Some(scope),
            actor,
            action: AuditAction::StudentLookupNationalId,
            resource_type: ResourceType::Student,
            resource_id: match found.as_slice() {
                [one] => Some(one.id.to_string()),
                _ => None,
            },
            details: json!({ "blind_index": index, "matches": found.len() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Lookup::Found(found))
}
