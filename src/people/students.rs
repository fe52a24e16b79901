//! Student management: create and edit (sensitive fields encrypted with the keyring and the
//! national ID's blind index, as lookup and key rotation expect), enrolment with history,
//! and photos. Every change writes its audit row in its own transaction.

use jiff::civil::Date;
use serde_json::{Value, json};

use super::{
    input::StudentInput,
    repo::{self, ClassYear, StudentCurrent},
};
use crate::{
    AppState,
    academics::import::Status,
    accounts::service::Refused,
    audit::{self, AuditAction, AuditCtx, AuditEvent, ResourceType},
    crypto::{Purpose, normalise_national_id},
    db::Tx,
    error::AppError,
    schools::{SchoolScope, model::FieldErrors},
};

/// The largest photo accepted, in bytes.
pub const PHOTO_MAX_BYTES: usize = 1024 * 1024;

/// Today's date in the school's time zone (UTC when the zone is unknown).
pub fn school_today(state: &AppState, timezone: &str) -> Date {
    let tz = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_millisecond(state.clock.now_ms())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned(tz)
        .date()
}

fn fields(list: FieldErrors) -> Refused {
    Refused::Fields(list)
}

/// The encrypted national ID and its blind index, or `None` for no value.
fn seal_national_id(
    state: &AppState,
    scope: SchoolScope,
    value: Option<&str>,
) -> (Option<String>, Option<String>) {
    match value {
        None => (None, None),
        Some(v) => (
            Some(
                state
                    .keyring
                    .encrypt(Purpose::NationalId, scope.school_id(), v),
            ),
            Some(state.keyring.blind_index(
                Purpose::NationalId,
                scope.school_id(),
                &normalise_national_id(v),
            )),
        ),
    }
}

async fn write_sensitive(
    tx: &mut Tx,
    state: &AppState,
    scope: SchoolScope,
    id: i64,
    input: &StudentInput,
) -> Result<(), sqlx::Error> {
    if let Some(national_id) = &input.national_id {
        let (enc, bidx) = seal_national_id(state, scope, national_id.as_ref().map(|v| v.as_str()));
        repo::set_national_id(&mut **tx, scope, id, enc.as_deref(), bidx.as_deref()).await?;
    }
    if let Some(medical) = &input.medical {
        let enc = medical.as_ref().map(|m| {
            state
                .keyring
                .encrypt(Purpose::Medical, scope.school_id(), m.as_str())
        });
        repo::set_medical(&mut **tx, scope, id, enc.as_deref()).await?;
    }
    Ok(())
}

fn plain_row(input: &StudentInput) -> repo::StudentRow<'_> {
    repo::StudentRow {
        matricule: input.matricule.as_str(),
        first_name: input.first_name.as_str(),
        last_name: input.last_name.as_str(),
        birth_date: input.birth_date.map(|d| d.to_iso()),
        birth_place: input.birth_place.as_ref().map(|p| p.as_str()),
        sex: input.sex.map(|s| s.as_str()),
        status: input.status.as_str(),
    }
}

fn matricule_taken(e: &sqlx::Error) -> bool {
    crate::db::unique_violation(e).is_some()
}

/// A class a student may be enrolled in from the forms and the API: one of the school's,
/// in the current year.
async fn enrollable_class(
    state: &AppState,
    scope: SchoolScope,
    class_id: i64,
) -> Result<ClassYear, Refused> {
    let class = repo::class_year(&state.db.pool, scope, class_id)
        .await?
        .ok_or_else(|| fields(vec![("class_id", "error-choice")]))?;
    if class.is_current == 0 {
        return Err(fields(vec![("class_id", "people-error-class-not-current")]));
    }
    Ok(class)
}

/// The default first day of an enrolment: today, or the year's first day if it has not begun.
fn default_start(class: &ClassYear, today: Date) -> String {
    let today = today.to_string();
    if today < class.year_starts_on {
        class.year_starts_on.clone()
    } else {
        today
    }
}

/// Records a change in the audit trail, as the last write of its transaction.
pub(super) async fn record(
    tx: &mut Tx,
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    action: AuditAction,
    (resource_type, id): (ResourceType, i64),
    details: Value,
) -> Result<(), sqlx::Error> {
    audit::record(
        tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: Some(scope),
            actor,
            action,
            resource_type,
            resource_id: Some(id.to_string()),
            details,
        },
    )
    .await
}

/// Creates a student, enrolled in `input.class_id` (a class of the current year) when given.
#[tracing::instrument(skip_all)]
pub async fn create_student(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    today: Date,
    input: &StudentInput,
) -> Result<i64, Refused> {
    let class = match input.class_id {
        Some(class_id) => {
            if input.status != Status::Enrolled {
                return Err(fields(vec![("class_id", "people-error-not-enrolled")]));
            }
            Some(enrollable_class(state, scope, class_id).await?)
        }
        None => None,
    };
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    let id = match repo::insert_student(&mut *tx, scope, &plain_row(input), now).await {
        Ok(id) => id,
        Err(e) if matricule_taken(&e) => {
            return Err(fields(vec![("matricule", "people-error-matricule-taken")]));
        }
        Err(e) => return Err(e.into()),
    };
    write_sensitive(&mut tx, state, scope, id, input).await?;
    let enrolment = match &class {
        Some(class) => {
            let starts_on = default_start(class, today);
            let enrolment_id =
                repo::insert_enrolment(&mut *tx, scope, id, class, &starts_on, now).await?;
            repo::set_student_class(&mut *tx, scope, id, Some(class.id)).await?;
            Some((enrolment_id, starts_on))
        }
        None => None,
    };
    let details = json!({
        "matricule": input.matricule.as_str(),
        "first_name": input.first_name.as_str(),
        "last_name": input.last_name.as_str(),
        "status": input.status.as_str(),
        "class_id": input.class_id,
        "national_id_set": matches!(input.national_id, Some(Some(_))),
        "medical_set": matches!(input.medical, Some(Some(_))),
    });
    record(
        &mut tx,
        state,
        scope,
        actor,
        AuditAction::RecordCreate,
        (ResourceType::Student, id),
        details,
    )
    .await?;
    if let (Some(class), Some((enrolment_id, starts_on))) = (&class, enrolment) {
        let details = json!({
            "student_id": id, "class_id": class.id, "year_id": class.year_id, "starts_on": starts_on,
        });
        record(
            &mut tx,
            state,
            scope,
            actor,
            AuditAction::RecordCreate,
            (ResourceType::Enrolment, enrolment_id),
            details,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The plain fields that changed, each with its value before and after.
fn changed_fields(
    current: &StudentCurrent,
    input: &StudentInput,
) -> serde_json::Map<String, Value> {
    let mut changed = serde_json::Map::new();
    let new = plain_row(input);
    let pairs: [(&str, Option<&str>, Option<&str>); 7] = [
        (
            "matricule",
            Some(current.matricule.as_str()),
            Some(new.matricule),
        ),
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
        (
            "birth_date",
            current.birth_date.as_deref(),
            new.birth_date.as_deref(),
        ),
        (
            "birth_place",
            current.birth_place.as_deref(),
            new.birth_place,
        ),
        ("sex", current.sex.as_deref(), new.sex),
        ("status", Some(current.status.as_str()), Some(new.status)),
    ];
    for (name, before, after) in pairs {
        if before != after {
            changed.insert(name.to_owned(), json!({ "before": before, "after": after }));
        }
    }
    changed
}

/// Whether a submitted sensitive value differs from the stored one (decrypted here, on the
/// server, only to compare: nothing is shown).
fn sensitive_changed(
    state: &AppState,
    scope: SchoolScope,
    purpose: Purpose,
    stored: Option<&str>,
    submitted: Option<Option<&str>>,
) -> bool {
    let Some(submitted) = submitted else {
        return false;
    };
    let current = stored.and_then(|s| {
        state
            .keyring
            .decrypt(purpose, scope.school_id(), s)
            .ok()
            .map(|p| p.expose().to_owned())
    });
    match (stored, submitted) {
        (None, None) => false,
        (Some(_), Some(new)) => current.as_deref() != Some(new),
        _ => true,
    }
}

/// Saves the edit form. A status other than "enrolled" closes the open enrolments (the
/// student leaves their class today). An unchanged save writes and records nothing.
#[tracing::instrument(skip_all, fields(student_id = id))]
pub async fn update_student(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    today: Date,
    id: i64,
    input: &StudentInput,
) -> Result<(), Refused> {
    let current = repo::student_current(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut changed = changed_fields(&current, input);
    let national_id_changed = sensitive_changed(
        state,
        scope,
        Purpose::NationalId,
        current.national_id_enc.as_deref(),
        input
            .national_id
            .as_ref()
            .map(|v| v.as_ref().map(|v| v.as_str())),
    );
    let medical_changed = sensitive_changed(
        state,
        scope,
        Purpose::Medical,
        current.medical_enc.as_deref(),
        input
            .medical
            .as_ref()
            .map(|v| v.as_ref().map(|v| v.as_str())),
    );
    if changed.is_empty() && !national_id_changed && !medical_changed {
        return Ok(());
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    match repo::update_student(&mut *tx, scope, id, &plain_row(input), now).await {
        Ok(true) => {}
        Ok(false) => return Err(AppError::NotFound.into()),
        Err(e) if matricule_taken(&e) => {
            return Err(fields(vec![("matricule", "people-error-matricule-taken")]));
        }
        Err(e) => return Err(e.into()),
    }
    let sensitive = StudentInput {
        national_id: input.national_id.clone().filter(|_| national_id_changed),
        medical: input.medical.clone().filter(|_| medical_changed),
        ..input.clone()
    };
    write_sensitive(&mut tx, state, scope, id, &sensitive).await?;
    let mut closed = Vec::new();
    if input.status != Status::Enrolled {
        for open in repo::open_enrolments(&mut *tx, scope, id).await? {
            let ends_on = std::cmp::max(today.to_string(), open.starts_on.clone());
            repo::close_enrolment(&mut *tx, scope, open.id, &ends_on).await?;
            closed.push(json!({ "enrolment_id": open.id, "ends_on": ends_on }));
        }
        repo::set_student_class(&mut *tx, scope, id, None).await?;
    }
    if national_id_changed {
        changed.insert("national_id".into(), json!("changed"));
    }
    if medical_changed {
        changed.insert("medical".into(), json!("changed"));
    }
    let mut details = json!({ "changed": changed });
    if !closed.is_empty() {
        details["closed_enrolments"] = json!(closed);
    }
    record(
        &mut tx,
        state,
        scope,
        actor,
        AuditAction::RecordUpdate,
        (ResourceType::Student, id),
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Enrols a student in a class of the current year, or moves them there: the open enrolment
/// of the year (if any) ends on `starts_on` and a new one starts that day. `students.class_id`
/// follows in the same transaction. Returns the new enrolment's id.
#[tracing::instrument(skip_all, fields(student_id, class_id))]
pub async fn enrol(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    today: Date,
    student_id: i64,
    class_id: i64,
    starts_on: Option<Date>,
) -> Result<i64, Refused> {
    let student = repo::student_current(&state.db.pool, scope, student_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if student.status != Status::Enrolled.as_str() {
        return Err(fields(vec![("class_id", "people-error-not-enrolled")]));
    }
    let class = enrollable_class(state, scope, class_id).await?;
    let starts_on = starts_on.map_or_else(|| default_start(&class, today), |d| d.to_string());
    if starts_on < class.year_starts_on || starts_on > class.year_ends_on {
        return Err(fields(vec![(
            "starts_on",
            "people-error-date-outside-year",
        )]));
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    if !repo::lock_student(&mut *tx, scope, student_id).await? {
        return Err(AppError::NotFound.into());
    }
    let open = repo::open_enrolments(&mut *tx, scope, student_id)
        .await?
        .into_iter()
        .find(|e| e.year_id == class.year_id);
    if let Some(open) = &open {
        if open.class_id == class.id {
            return Err(fields(vec![("class_id", "people-error-already-in-class")]));
        }
        if starts_on < open.starts_on {
            return Err(fields(vec![(
                "starts_on",
                "people-error-date-before-current",
            )]));
        }
        repo::close_enrolment(&mut *tx, scope, open.id, &starts_on).await?;
    }
    let id = repo::insert_enrolment(&mut *tx, scope, student_id, &class, &starts_on, now).await?;
    repo::set_student_class(&mut *tx, scope, student_id, Some(class.id)).await?;
    let details = json!({
        "student_id": student_id,
        "class_id": class.id,
        "year_id": class.year_id,
        "starts_on": starts_on,
        "moved_from": open.as_ref().map(|o| json!({ "enrolment_id": o.id, "class_id": o.class_id })),
    });
    record(
        &mut tx,
        state,
        scope,
        actor,
        AuditAction::RecordCreate,
        (ResourceType::Enrolment, id),
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The image types a photo may be, recognised from the first bytes (never from the name or
/// the declared type).
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some("image/png"),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some("image/webp"),
        _ => None,
    }
}

/// Stores (or replaces) a student's photo after checking its size and type.
#[tracing::instrument(skip_all, fields(student_id, bytes = bytes.len()))]
pub async fn set_photo(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    student_id: i64,
    bytes: Vec<u8>,
) -> Result<(), Refused> {
    if !repo::student_exists(&state.db.pool, scope, student_id).await? {
        return Err(AppError::NotFound.into());
    }
    if bytes.is_empty() {
        return Err(fields(vec![("photo", "people-error-photo-missing")]));
    }
    if bytes.len() > PHOTO_MAX_BYTES {
        return Err(fields(vec![("photo", "people-error-photo-too-large")]));
    }
    let Some(content_type) = sniff_image(&bytes) else {
        return Err(fields(vec![("photo", "people-error-photo-type")]));
    };
    let size = bytes.len();
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    repo::upsert_photo(&mut *tx, scope, student_id, content_type, bytes, now).await?;
    let details = json!({ "photo": { "content_type": content_type, "bytes": size } });
    record(
        &mut tx,
        state,
        scope,
        actor,
        AuditAction::RecordUpdate,
        (ResourceType::Student, student_id),
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_recognised_by_their_bytes() {
        assert_eq!(
            sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0, 0]),
            Some("image/jpeg")
        );
        assert_eq!(
            sniff_image(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("image/png")
        );
        assert_eq!(sniff_image(b"RIFF\x24\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_image(b"GIF89a"), None);
        assert_eq!(sniff_image(b"<svg xmlns="), None);
        assert_eq!(sniff_image(b"RIFF\x24\0\0\0WAVEfmt "), None);
        assert_eq!(sniff_image(b""), None);
    }
}
