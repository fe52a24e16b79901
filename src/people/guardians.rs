//! Guardian management: records, links to students, single-use invitations to a parent
//! account, and a parent's correction of their own contact details.

use serde_json::{Value, json};

use super::{
    input::{ContactInput, GuardianInput, LinkInput},
    repo::{self, Guardian, GuardianFields, Invitation, LinkFields},
    students::record,
};
use crate::{
    AppState,
    accounts::{
        self,
        model::{NewPassword, Role, Username},
        service::Refused,
    },
    audit::{AuditAction, AuditCtx, ResourceType},
    auth::{
        context::{CurrentUser, RequestCtx},
        password,
        policy::{self, Action, Scope, Subject},
        token,
    },
    db::Tx,
    error::AppError,
    schools::{SchoolScope, model::FieldErrors},
};

/// How long an invitation link stays valid.
pub const INVITATION_TTL_MS: i64 = 7 * 24 * 3600 * 1000;

fn email_taken(e: &sqlx::Error) -> bool {
    crate::db::unique_violation(e).is_some()
}

fn taken() -> Refused {
    Refused::Fields(vec![("email", "people-error-email-taken")])
}

fn fields_of(g: &GuardianInput) -> GuardianFields<'_> {
    GuardianFields {
        first_name: g.first_name.as_str(),
        last_name: g.last_name.as_str(),
        phone: g.contact.phone.as_ref().map(|p| p.as_str()),
        phone_alt: g.contact.phone_alt.as_ref().map(|p| p.as_str()),
        email: g.contact.email.as_ref().map(|e| e.as_str()),
        address: g.address.as_ref().map(|a| a.as_str()),
    }
}

#[tracing::instrument(skip_all)]
pub async fn create_guardian(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    input: &GuardianInput,
) -> Result<i64, Refused> {
    let mut tx = state.db.begin().await?;
    let id = insert_guardian(&mut tx, state, scope, actor, input).await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates a guardian and links them to a student in one transaction (the student page's
/// "add a guardian"): nothing is created when the student is not in the school.
#[tracing::instrument(skip_all, fields(student_id))]
pub async fn create_linked_guardian(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    student_id: i64,
    input: &GuardianInput,
    link: &LinkInput,
) -> Result<i64, Refused> {
    if !repo::student_exists(&state.db.pool, scope, student_id).await? {
        return Err(AppError::NotFound.into());
    }
    let mut tx = state.db.begin().await?;
    let id = insert_guardian(&mut tx, state, scope, actor, input).await?;
    link_in(&mut tx, state, scope, actor, id, student_id, link).await?;
    tx.commit().await?;
    Ok(id)
}

async fn insert_guardian(
    tx: &mut Tx,
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    input: &GuardianInput,
) -> Result<i64, Refused> {
    let row = fields_of(input);
    let id = match repo::insert_guardian(&mut **tx, scope, &row, state.clock.now_ms()).await {
        Ok(id) => id,
        Err(e) if email_taken(&e) => return Err(taken()),
        Err(e) => return Err(e.into()),
    };
    let details = json!({
        "first_name": row.first_name, "last_name": row.last_name, "email": row.email,
    });
    record(
        tx,
        state,
        scope,
        actor,
        AuditAction::RecordCreate,
        (ResourceType::Guardian, id),
        details,
    )
    .await?;
    Ok(id)
}

/// Each changed field with its value before and after.
fn changes(pairs: &[(&str, Option<&str>, Option<&str>)]) -> serde_json::Map<String, Value> {
    pairs
        .iter()
        .filter(|(_, before, after)| before != after)
        .map(|(name, before, after)| {
            (
                (*name).to_owned(),
                json!({ "before": before, "after": after }),
            )
        })
        .collect()
}

fn contact_changes(
    current: &Guardian,
    new: &GuardianFields<'_>,
) -> Vec<(&'static str, Option<String>, Option<String>)> {
    vec![
        ("phone", current.phone.clone(), new.phone.map(str::to_owned)),
        (
            "phone_alt",
            current.phone_alt.clone(),
            new.phone_alt.map(str::to_owned),
        ),
        ("email", current.email.clone(), new.email.map(str::to_owned)),
    ]
}

/// Saves the guardian edit form; an unchanged save writes and records nothing.
#[tracing::instrument(skip_all, fields(guardian_id = id))]
pub async fn update_guardian(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
    input: &GuardianInput,
) -> Result<(), Refused> {
    let current = repo::guardian(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let new = fields_of(input);
    let contact = contact_changes(&current, &new);
    let mut pairs = vec![
        (
            "first_name",
            Some(current.first_name.as_str()),
            Some(new.first_name),
        ),
        (
            "last_name",
            Some(current.last_name.as_str()),
            Some(new.last_name),
        ),
        ("address", current.address.as_deref(), new.address),
    ];
    pairs.extend(
        contact
            .iter()
            .map(|(n, b, a)| (*n, b.as_deref(), a.as_deref())),
    );
    let changed = changes(&pairs);
    if changed.is_empty() {
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    match repo::update_guardian(&mut *tx, scope, id, &new, state.clock.now_ms()).await {
        Ok(_) => {}
        Err(e) if email_taken(&e) => return Err(taken()),
        Err(e) => return Err(e.into()),
    }
    record(
        &mut tx,
        state,
        scope,
        actor,
        AuditAction::RecordUpdate,
        (ResourceType::Guardian, id),
        json!({ "changed": changed }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Links a guardian to a student (or changes the link's relationship and flags).
#[tracing::instrument(skip_all, fields(guardian_id, student_id))]
pub async fn link(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    guardian_id: i64,
    student_id: i64,
    link: &LinkInput,
) -> Result<(), Refused> {
    if repo::guardian(&state.db.pool, scope, guardian_id)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound.into());
    }
    if !repo::student_exists(&state.db.pool, scope, student_id).await? {
        return Err(Refused::Fields(vec![(
            "matricule",
            "people-error-no-such-student",
        )]));
    }
    let mut tx = state.db.begin().await?;
    link_in(&mut tx, state, scope, actor, guardian_id, student_id, link).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes a link and its audit row in `tx`.
async fn link_in(
    tx: &mut Tx,
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    guardian_id: i64,
    student_id: i64,
    link: &LinkInput,
) -> Result<(), sqlx::Error> {
    let fields = LinkFields {
        relationship: link.relationship.as_str(),
        legal_guardian: link.legal_guardian,
        receives_notices: link.receives_notices,
    };
    let added = repo::upsert_link(tx, scope, student_id, guardian_id, &fields).await?;
    let details = json!({
        "link": if added { "added" } else { "changed" },
        "student_id": student_id,
        "relationship": fields.relationship,
        "legal_guardian": fields.legal_guardian,
        "receives_notices": fields.receives_notices,
    });
    record(
        tx,
        state,
        scope,
        actor,
        AuditAction::RecordUpdate,
        (ResourceType::Guardian, guardian_id),
        details,
    )
    .await
}

/// Removes a guardian's link to a student; 404 when there is none.
#[tracing::instrument(skip_all, fields(guardian_id, student_id))]
pub async fn unlink(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    guardian_id: i64,
    student_id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    if !repo::delete_link(&mut *tx, scope, student_id, guardian_id).await? {
        return Err(AppError::NotFound);
    }
    let details = json!({ "link": "removed", "student_id": student_id });
    record(
        &mut tx,
        state,
        scope,
        actor,
        AuditAction::RecordUpdate,
        (ResourceType::Guardian, guardian_id),
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Loads a guardian the user may see: 404 when the school has none such, 403 (audited) when
/// the user may not see them (a parent sees themself, a teacher the guardians of their
/// students).
pub async fn visible_guardian(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    id: i64,
) -> Result<(SchoolScope, Guardian), AppError> {
    let scope = user.scope().ok_or(AppError::NotFound)?;
    let relation = repo::guardian_relation(&state.db.pool, scope, id, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::require_by(state, ctx, user, Action::ViewGuardian, |s| {
        let own = match s {
            Subject::Role(Role::Parent) => relation.is_self > 0,
            Subject::Role(Role::Teacher) => relation.teacher > 0,
            _ => false,
        };
        if own { Scope::Own } else { Scope::SameSchool }
    })
    .await?;
    let g = repo::guardian(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((scope, g))
}

/// Which guardians a user with only "own" access to guardians sees in a list.
pub fn own_guardians(user: &CurrentUser) -> repo::OwnGuardians {
    let own = |role: Role| {
        user.has_role(role)
            && policy::grant(Subject::Role(role), Action::ViewGuardian) >= policy::Grant::Own
    };
    repo::OwnGuardians {
        user_id: user.id,
        as_parent: own(Role::Parent),
        as_teacher: own(Role::Teacher),
    }
}

/// A new invitation: the token to send (shown once, never stored) and when it expires.
#[derive(Debug)]
pub struct NewInvitation {
    pub token: String,
    pub expires_at: i64,
}

/// Creates a single-use invitation for a guardian to create their parent account; any
/// earlier unused invitation of theirs stops working. Refused (409) when the guardian
/// already has an account.
#[tracing::instrument(skip_all, fields(guardian_id))]
pub async fn invite(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    created_by: i64,
    guardian_id: i64,
) -> Result<NewInvitation, AppError> {
    let guardian = repo::guardian(&state.db.pool, scope, guardian_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if guardian.user_id.is_some() {
        return Err(AppError::Conflict("people-guardian-has-account"));
    }
    let token = token::random_token();
    let now = state.clock.now_ms();
    let expires_at = now + INVITATION_TTL_MS;
    let mut tx = state.db.begin().await?;
    repo::insert_invitation(
        &mut tx,
        scope,
        guardian_id,
        &token::hash_token(&token),
        created_by,
        now,
        expires_at,
    )
    .await?;
    record(
        &mut tx,
        state,
        scope,
        actor,
        AuditAction::GuardianInvite,
        (ResourceType::Guardian, guardian_id),
        json!({ "expires_at": expires_at }),
    )
    .await?;
    tx.commit().await?;
    Ok(NewInvitation { token, expires_at })
}

/// What an invitation link leads to.
#[derive(Debug)]
pub enum InvitationState {
    Valid(Box<Invitation>),
    Expired,
    Used,
    Unknown,
}

fn state_of(found: Option<Invitation>, now_ms: i64) -> InvitationState {
    match found {
        None => InvitationState::Unknown,
        Some(i) if i.used_at.is_some() || i.guardian_user_id.is_some() => InvitationState::Used,
        Some(i) if i.expires_at <= now_ms => InvitationState::Expired,
        Some(i) => InvitationState::Valid(Box::new(i)),
    }
}

pub async fn invitation(state: &AppState, token: &str) -> Result<InvitationState, AppError> {
    let found = repo::invitation_by_hash(&state.db.pool, &token::hash_token(token)).await?;
    Ok(state_of(found, state.clock.now_ms()))
}

/// Why an acceptance failed.
#[derive(Debug)]
pub enum AcceptRefused {
    /// The link no longer works (used meanwhile, expired, unknown).
    Gone(InvitationState),
    Fields(FieldErrors),
    Error(AppError),
}

impl From<sqlx::Error> for AcceptRefused {
    fn from(e: sqlx::Error) -> Self {
        AcceptRefused::Error(e.into())
    }
}

impl From<AppError> for AcceptRefused {
    fn from(e: AppError) -> Self {
        AcceptRefused::Error(e)
    }
}

/// Accepts an invitation: creates the account with the Parent role in the guardian's
/// school, links it to the guardian and marks the invitation used, in one transaction.
#[tracing::instrument(skip_all)]
pub async fn accept(
    state: &AppState,
    actor: &AuditCtx,
    token: &str,
    username: &str,
    new_password: &str,
    confirm: &str,
) -> Result<i64, AcceptRefused> {
    let invitation = match invitation(state, token).await? {
        InvitationState::Valid(found) => found,
        gone => return Err(AcceptRefused::Gone(gone)),
    };
    let mut errors = FieldErrors::new();
    let username = Username::parse(username)
        .map_err(|e| errors.push(("username", e)))
        .ok();
    let parsed = NewPassword::parse(new_password)
        .map_err(|e| errors.push(("password", e)))
        .ok();
    if new_password != confirm {
        errors.push(("confirm", "error-password-confirm"));
    }
    let (Some(username), Some(parsed), true) = (username, parsed, errors.is_empty()) else {
        return Err(AcceptRefused::Fields(errors));
    };
    let hash = password::hash(parsed.expose()).await?;
    // The invitation names its school: the token is the school's grant to act there once.
    let scope = SchoolScope::from_invitation(invitation.school_id);
    let token_hash = token::hash_token(token);
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    if !repo::use_invitation(&mut *tx, scope, &token_hash, now).await? {
        return Err(AcceptRefused::Gone(InvitationState::Used));
    }
    let display_name = format!("{} {}", invitation.first_name, invitation.last_name);
    let new = accounts::repo::NewUser {
        username: username.as_str(),
        display_name: &display_name,
        email: invitation.email.as_deref(),
        password_hash: &hash,
        is_platform_admin: false,
    };
    let user_id = match accounts::repo::insert_user(&mut *tx, &new, now).await {
        Ok(id) => id,
        Err(e) if crate::db::unique_violation(&e).is_some() => {
            return Err(AcceptRefused::Fields(vec![(
                "username",
                "error-username-taken",
            )]));
        }
        Err(e) => return Err(e.into()),
    };
    accounts::repo::add_role(&mut *tx, scope, user_id, Role::Parent, now).await?;
    if !repo::set_guardian_user(&mut *tx, scope, invitation.guardian_id, user_id).await? {
        return Err(AcceptRefused::Gone(InvitationState::Used));
    }
    let details = json!({ "user_id": user_id, "username": username.as_str() });
    record(
        &mut tx,
        state,
        scope,
        actor,
        AuditAction::GuardianInvitationAccept,
        (ResourceType::Guardian, invitation.guardian_id),
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}

/// A parent's correction of their own phone numbers and e-mail; 404 when their account is
/// linked to no guardian record. An unchanged save records nothing.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn update_own_contact(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    user_id: i64,
    contact: &ContactInput,
) -> Result<(), Refused> {
    let current = repo::guardian_of_user(&state.db.pool, scope, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let new = GuardianFields {
        first_name: &current.first_name,
        last_name: &current.last_name,
        phone: contact.phone.as_ref().map(|p| p.as_str()),
        phone_alt: contact.phone_alt.as_ref().map(|p| p.as_str()),
        email: contact.email.as_ref().map(|e| e.as_str()),
        address: current.address.as_deref(),
    };
    let contact_pairs = contact_changes(&current, &new);
    let pairs: Vec<_> = contact_pairs
        .iter()
        .map(|(n, b, a)| (*n, b.as_deref(), a.as_deref()))
        .collect();
    let changed = changes(&pairs);
    if changed.is_empty() {
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    match repo::set_guardian_contact(
        &mut *tx,
        scope,
        current.id,
        new.phone,
        new.phone_alt,
        new.email,
        state.clock.now_ms(),
    )
    .await
    {
        Ok(()) => {}
        Err(e) if email_taken(&e) => return Err(taken()),
        Err(e) => return Err(e.into()),
    }
    record(
        &mut tx,
        state,
        scope,
        actor,
        AuditAction::ContactUpdate,
        (ResourceType::Guardian, current.id),
        json!({ "changed": changed }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invitation(expires_at: i64, used_at: Option<i64>, user: Option<i64>) -> Invitation {
        Invitation {
            school_id: 1,
            guardian_id: 2,
            expires_at,
            used_at,
            first_name: "Fatou".into(),
            last_name: "Diop".into(),
            email: None,
            guardian_user_id: user,
            school_name: "École".into(),
        }
    }

    #[test]
    fn an_invitation_works_once_and_until_it_expires() {
        assert!(matches!(state_of(None, 0), InvitationState::Unknown));
        assert!(matches!(
            state_of(Some(invitation(100, None, None)), 99),
            InvitationState::Valid(_)
        ));
        assert!(matches!(
            state_of(Some(invitation(100, None, None)), 100),
            InvitationState::Expired
        ));
        assert!(matches!(
            state_of(Some(invitation(100, Some(50), None)), 60),
            InvitationState::Used
        ));
        assert!(matches!(
            state_of(Some(invitation(100, None, Some(9))), 60),
            InvitationState::Used
        ));
    }
}
