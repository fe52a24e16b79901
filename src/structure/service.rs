//! Structure rules: academic years and their periods (closing, the "is this period closed"
//! rule other domains call), levels, subject groups, subjects and coefficients. Every change
//! runs in one transaction with its audit row; anything still in use is refused with a
//! translated message, never an SQL error. Classes and teaching assignments: [`super::classes`].

use jiff::civil::Date;
use serde_json::{Value, json};

use super::{
    model::{
        self, CoefficientSource, GroupForm, LevelForm, OverrideForm, OverrideInput, OverrideTarget,
        PeriodForm, PeriodInput, SubjectForm, YearForm, YearInput,
    },
    repo::{self, GroupRow, LevelRow, PeriodRow, Positioned, SubjectRow, YearRow},
};
use crate::{
    AppState,
    accounts::service::Refused,
    audit::{self, AuditAction, AuditCtx, AuditEvent, ResourceType},
    clock::Clock,
    db::Tx,
    error::AppError,
    schools::{
        SchoolScope,
        model::{FieldErrors, School},
    },
};

/// Writes the audit row (the last write of the transaction) and commits.
pub(super) async fn commit_audited(
    mut tx: Tx,
    state: &AppState,
    event: &AuditEvent<'_>,
) -> Result<(), AppError> {
    audit::record(&mut tx, state.clock.as_ref(), event).await?;
    tx.commit().await?;
    Ok(())
}

/// The audit event of a change to one structure record.
pub(super) fn event<'a>(
    scope: SchoolScope,
    actor: &'a AuditCtx,
    action: AuditAction,
    resource_type: ResourceType,
    resource_id: i64,
    details: Value,
) -> AuditEvent<'a> {
    AuditEvent {
        scope: Some(scope),
        actor,
        action,
        resource_type,
        resource_id: Some(resource_id.to_string()),
        details,
    }
}

/// A uniqueness violation becomes a field error; anything else stays an error.
pub(super) fn taken(e: sqlx::Error, field: &'static str, key: &'static str) -> Refused {
    if crate::db::unique_violation(&e).is_some() {
        Refused::Fields(vec![(field, key)])
    } else {
        e.into()
    }
}

/// Field errors if any, else the parsed value.
pub(super) fn checked<T>(value: Option<T>, errors: FieldErrors) -> Result<T, Refused> {
    match value {
        Some(v) if errors.is_empty() => Ok(v),
        _ => Err(Refused::Fields(errors)),
    }
}

/// Today's date in the school's time zone.
pub fn school_today(school: &School, clock: &dyn Clock) -> Date {
    let tz = jiff::tz::TimeZone::get(&school.timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    clock.now().to_zoned(tz).date()
}

// ---- academic years -----------------------------------------------------------------------

impl From<&YearRow> for YearForm {
    fn from(y: &YearRow) -> Self {
        Self {
            name: y.name.clone(),
            starts_on: y.starts_on.clone(),
            ends_on: y.ends_on.clone(),
            is_current: (y.is_current == 1).then(|| "on".to_owned()),
        }
    }
}

fn year_details(y: &YearInput) -> Value {
    json!({
        "name": y.name,
        "starts_on": y.starts_on.to_string(),
        "ends_on": y.ends_on.to_string(),
        "is_current": y.is_current,
    })
}

/// Creates a year with its default periods (three trimesters or two semesters, as the school
/// chose, named in its language). The school's first year, or one marked current, becomes
/// the current year.
#[tracing::instrument(skip_all)]
pub async fn create_year(
    state: &AppState,
    school: &School,
    scope: SchoolScope,
    actor: &AuditCtx,
    form: &YearForm,
) -> Result<i64, Refused> {
    let mut errors = Vec::new();
    let parsed = form.parse(&mut errors);
    let mut input = checked(parsed, errors)?;
    let mut tx = state.db.begin().await?;
    if repo::current_year(&mut *tx, scope).await?.is_none() {
        input.is_current = true;
    }
    let id = repo::insert_year(&mut *tx, scope, &input)
        .await
        .map_err(|e| taken(e, "name", "error-year-name-taken"))?;
    if input.is_current {
        repo::clear_current_except(&mut *tx, scope, id).await?;
    }
    let periods = model::default_periods(school.period_kind, input.starts_on, input.ends_on);
    for (i, (starts_on, ends_on, closes_on)) in periods.iter().enumerate() {
        let period = PeriodInput {
            name: model::default_period_name(school.period_kind, school.locale, i + 1),
            position: i as i64 + 1,
            starts_on: *starts_on,
            ends_on: *ends_on,
            closes_on: *closes_on,
        };
        repo::insert_period(&mut *tx, scope, id, &period).await?;
    }
    let mut details = year_details(&input);
    details["periods"] = json!(periods.len());
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordCreate,
            ResourceType::AcademicYear,
            id,
            details,
        ),
    )
    .await?;
    Ok(id)
}

#[tracing::instrument(skip_all, fields(year_id = id))]
pub async fn update_year(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
    form: &YearForm,
) -> Result<(), Refused> {
    let before = repo::year(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = Vec::new();
    let parsed = form.parse(&mut errors);
    let input = checked(parsed, errors)?;
    let mut tx = state.db.begin().await?;
    let periods = repo::list_periods(&mut *tx, scope, Some(id), 1000, 0).await?;
    let (start, end) = (input.starts_on.to_string(), input.ends_on.to_string());
    if let Some(first) = periods.iter().map(|p| &p.starts_on).min()
        && *first < start
    {
        return Err(Refused::Fields(vec![(
            "starts_on",
            "error-year-periods-outside",
        )]));
    }
    if let Some(last) = periods.iter().map(|p| &p.ends_on).max()
        && *last > end
    {
        return Err(Refused::Fields(vec![(
            "ends_on",
            "error-year-periods-outside",
        )]));
    }
    repo::update_year(&mut *tx, scope, id, &input)
        .await
        .map_err(|e| taken(e, "name", "error-year-name-taken"))?;
    if input.is_current {
        repo::clear_current_except(&mut *tx, scope, id).await?;
    }
    let details = json!({
        "before": { "name": before.name, "starts_on": before.starts_on, "ends_on": before.ends_on,
                    "is_current": before.is_current == 1 },
        "after": year_details(&input),
    });
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordUpdate,
            ResourceType::AcademicYear,
            id,
            details,
        ),
    )
    .await?;
    Ok(())
}

/// Deletes a year and its periods; refused while it has classes or enrolments.
#[tracing::instrument(skip_all, fields(year_id = id))]
pub async fn delete_year(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let year = repo::year(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if year.classes > 0 || repo::year_enrolments(&mut *tx, scope, id).await? > 0 {
        return Err(AppError::Conflict("error-year-in-use"));
    }
    repo::delete_year(&mut *tx, scope, id).await?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordDelete,
            ResourceType::AcademicYear,
            id,
            json!({ "name": year.name }),
        ),
    )
    .await
}

// ---- periods ------------------------------------------------------------------------------

impl From<&PeriodRow> for PeriodForm {
    fn from(p: &PeriodRow) -> Self {
        Self {
            name: p.name.clone(),
            position: p.position.to_string(),
            starts_on: p.starts_on.clone(),
            ends_on: p.ends_on.clone(),
            closes_on: p.closes_on.clone(),
        }
    }
}

fn period_details(p: &PeriodInput) -> Value {
    json!({
        "name": p.name,
        "position": p.position,
        "starts_on": p.starts_on.to_string(),
        "ends_on": p.ends_on.to_string(),
        "closes_on": p.closes_on.to_string(),
    })
}

/// A period lies inside its year and overlaps none of the year's other periods.
async fn check_period_dates(
    tx: &mut Tx,
    scope: SchoolScope,
    year: &YearRow,
    input: &PeriodInput,
    except: Option<i64>,
) -> Result<(), Refused> {
    let (start, end) = (input.starts_on.to_string(), input.ends_on.to_string());
    if start < year.starts_on || end > year.ends_on {
        return Err(Refused::Fields(vec![(
            "starts_on",
            "error-period-outside-year",
        )]));
    }
    let siblings = repo::list_periods(&mut **tx, scope, Some(year.id), 1000, 0).await?;
    let overlaps = siblings
        .iter()
        .filter(|p| Some(p.id) != except)
        .any(|p| p.starts_on <= end && start <= p.ends_on);
    if overlaps {
        return Err(Refused::Fields(vec![("starts_on", "error-period-overlap")]));
    }
    Ok(())
}

/// Adds a period to a year (the defaults come with the year; this is for a school that
/// splits its year differently).
#[tracing::instrument(skip_all, fields(year_id))]
pub async fn create_period(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    year_id: i64,
    form: &PeriodForm,
) -> Result<i64, Refused> {
    let mut errors = Vec::new();
    let parsed = form.parse(&mut errors);
    let input = checked(parsed, errors)?;
    let mut tx = state.db.begin().await?;
    let Some(year) = repo::year(&mut *tx, scope, year_id).await? else {
        return Err(Refused::Fields(vec![("year_id", "error-choice")]));
    };
    check_period_dates(&mut tx, scope, &year, &input, None).await?;
    let id = repo::insert_period(&mut *tx, scope, year_id, &input)
        .await
        .map_err(|e| taken(e, "name", "error-period-name-taken"))?;
    let mut details = period_details(&input);
    details["year_id"] = json!(year_id);
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordCreate,
            ResourceType::Period,
            id,
            details,
        ),
    )
    .await?;
    Ok(id)
}

#[tracing::instrument(skip_all, fields(period_id = id))]
pub async fn update_period(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
    form: &PeriodForm,
) -> Result<(), Refused> {
    let mut errors = Vec::new();
    let parsed = form.parse(&mut errors);
    let input = checked(parsed, errors)?;
    let mut tx = state.db.begin().await?;
    let before = repo::period(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let year = repo::year(&mut *tx, scope, before.year_id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_period_dates(&mut tx, scope, &year, &input, Some(id)).await?;
    repo::update_period(&mut *tx, scope, id, &input)
        .await
        .map_err(|e| taken(e, "name", "error-period-name-taken"))?;
    let details = json!({
        "before": { "name": before.name, "position": before.position, "starts_on": before.starts_on,
                    "ends_on": before.ends_on, "closes_on": before.closes_on },
        "after": period_details(&input),
    });
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordUpdate,
            ResourceType::Period,
            id,
            details,
        ),
    )
    .await?;
    Ok(())
}

/// Closes a period now, before its closing date: its marks and attendance become read-only.
#[tracing::instrument(skip_all, fields(period_id = id))]
pub async fn close_period(
    state: &AppState,
    school: &School,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let period = repo::period(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = school_today(school, state.clock.as_ref());
    if model::is_closed(&period.closes_on, period.closed_at, today) {
        return Err(AppError::Conflict("error-period-already-closed"));
    }
    repo::set_period_closed_at(&mut *tx, scope, id, Some(state.clock.now_ms())).await?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::PeriodClose,
            ResourceType::Period,
            id,
            json!({ "name": period.name, "closes_on": period.closes_on }),
        ),
    )
    .await
}

/// Reopens a period closed early. A period past its closing date stays closed: change the
/// closing date instead (the refusal says so).
#[tracing::instrument(skip_all, fields(period_id = id))]
pub async fn reopen_period(
    state: &AppState,
    school: &School,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let period = repo::period(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = school_today(school, state.clock.as_ref());
    if period.closed_at.is_none() {
        return Err(if model::is_closed(&period.closes_on, None, today) {
            AppError::Conflict("error-period-past-closing")
        } else {
            AppError::Conflict("error-period-not-closed")
        });
    }
    if model::is_closed(&period.closes_on, None, today) {
        return Err(AppError::Conflict("error-period-past-closing"));
    }
    repo::set_period_closed_at(&mut *tx, scope, id, None).await?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::PeriodReopen,
            ResourceType::Period,
            id,
            json!({ "name": period.name, "closed_at": period.closed_at }),
        ),
    )
    .await
}

/// Deletes a period; refused while teaching assignments or coefficient overrides use it.
#[tracing::instrument(skip_all, fields(period_id = id))]
pub async fn delete_period(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let period = repo::period(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if repo::period_usage(&mut *tx, scope, id).await? > 0 {
        return Err(AppError::Conflict("error-period-in-use"));
    }
    repo::delete_period(&mut *tx, scope, id).await?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordDelete,
            ResourceType::Period,
            id,
            json!({ "name": period.name, "year_id": period.year_id }),
        ),
    )
    .await
}

/// **The closed-period rule.** A closed period is read-only for marks and attendance: the
/// gradebook and attendance services call this before any write dated in a period, with
/// `today` from [`school_today`]. A period is closed from its closing date (`closes_on`), or
/// from the moment an administrator closed it early (`closed_at`). `None`: no such period in
/// the school.
pub async fn is_period_closed(
    state: &AppState,
    scope: SchoolScope,
    period_id: i64,
    today: Date,
) -> Result<Option<bool>, AppError> {
    Ok(repo::period(&state.db.pool, scope, period_id)
        .await?
        .map(|p| model::is_closed(&p.closes_on, p.closed_at, today)))
}

/// The period a date falls in (a mark's or an absence's date), if any: with
/// [`is_period_closed`], whether a write dated `date` is still allowed.
pub async fn period_of_date(
    state: &AppState,
    scope: SchoolScope,
    date: Date,
) -> Result<Option<PeriodRow>, AppError> {
    Ok(repo::period_of_date(&state.db.pool, scope, &date.to_string()).await?)
}

// ---- levels -------------------------------------------------------------------------------

impl From<&LevelRow> for LevelForm {
    fn from(l: &LevelRow) -> Self {
        Self {
            name: l.name.clone(),
            position: l.position.to_string(),
        }
    }
}

/// Creates a level; a blank position puts it last.
#[tracing::instrument(skip_all)]
pub async fn create_level(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    form: &LevelForm,
) -> Result<i64, Refused> {
    let mut errors = Vec::new();
    let parsed = form.parse(&mut errors);
    let mut input = checked(parsed, errors)?;
    let mut tx = state.db.begin().await?;
    if form.position.trim().is_empty() {
        input.position = repo::next_position(&mut *tx, scope, Positioned::Levels).await?;
    }
    let id = repo::insert_level(&mut *tx, scope, &input)
        .await
        .map_err(|e| taken(e, "name", "error-level-name-taken"))?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordCreate,
            ResourceType::Level,
            id,
            json!({ "name": input.name, "position": input.position }),
        ),
    )
    .await?;
    Ok(id)
}

#[tracing::instrument(skip_all, fields(level_id = id))]
pub async fn update_level(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
    form: &LevelForm,
) -> Result<(), Refused> {
    let mut errors = Vec::new();
    let parsed = form.parse(&mut errors);
    let input = checked(parsed, errors)?;
    let mut tx = state.db.begin().await?;
    let before = repo::level(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    repo::update_level(&mut *tx, scope, id, &input)
        .await
        .map_err(|e| taken(e, "name", "error-level-name-taken"))?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordUpdate,
            ResourceType::Level,
            id,
            json!({
                "before": { "name": before.name, "position": before.position },
                "after": { "name": input.name, "position": input.position },
            }),
        ),
    )
    .await?;
    Ok(())
}

/// Deletes a level and its coefficients; refused while classes are at that level.
#[tracing::instrument(skip_all, fields(level_id = id))]
pub async fn delete_level(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let level = repo::level(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if level.classes > 0 {
        return Err(AppError::Conflict("error-level-in-use"));
    }
    repo::delete_level(&mut *tx, scope, id).await?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordDelete,
            ResourceType::Level,
            id,
            json!({ "name": level.name }),
        ),
    )
    .await
}

// ---- subject groups -----------------------------------------------------------------------

impl From<&GroupRow> for GroupForm {
    fn from(g: &GroupRow) -> Self {
        Self {
            name: g.name.clone(),
            position: g.position.to_string(),
        }
    }
}

#[tracing::instrument(skip_all)]
pub async fn create_group(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    form: &GroupForm,
) -> Result<i64, Refused> {
    let mut errors = Vec::new();
    let parsed = form.parse(&mut errors);
    let mut input = checked(parsed, errors)?;
    let mut tx = state.db.begin().await?;
    if form.position.trim().is_empty() {
        input.position = repo::next_position(&mut *tx, scope, Positioned::SubjectGroups).await?;
    }
    let id = repo::insert_group(&mut *tx, scope, &input)
        .await
        .map_err(|e| taken(e, "name", "error-group-name-taken"))?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordCreate,
            ResourceType::SubjectGroup,
            id,
            json!({ "name": input.name, "position": input.position }),
        ),
    )
    .await?;
    Ok(id)
}

#[tracing::instrument(skip_all, fields(group_id = id))]
pub async fn update_group(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
    form: &GroupForm,
) -> Result<(), Refused> {
    let mut errors = Vec::new();
    let parsed = form.parse(&mut errors);
    let input = checked(parsed, errors)?;
    let mut tx = state.db.begin().await?;
    let before = repo::group(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    repo::update_group(&mut *tx, scope, id, &input)
        .await
        .map_err(|e| taken(e, "name", "error-group-name-taken"))?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordUpdate,
            ResourceType::SubjectGroup,
            id,
            json!({
                "before": { "name": before.name, "position": before.position },
                "after": { "name": input.name, "position": input.position },
            }),
        ),
    )
    .await?;
    Ok(())
}

/// Deletes a subject group; refused while subjects belong to it.
#[tracing::instrument(skip_all, fields(group_id = id))]
pub async fn delete_group(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let group = repo::group(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if group.subjects > 0 {
        return Err(AppError::Conflict("error-group-in-use"));
    }
    repo::delete_group(&mut *tx, scope, id).await?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordDelete,
            ResourceType::SubjectGroup,
            id,
            json!({ "name": group.name }),
        ),
    )
    .await
}

// ---- subjects -----------------------------------------------------------------------------

impl From<&SubjectRow> for SubjectForm {
    fn from(s: &SubjectRow) -> Self {
        Self {
            code: s.code.clone(),
            name: s.name.clone(),
            color: s.color.clone(),
            group_id: s.group_id.map(|g| g.to_string()).unwrap_or_default(),
            position: s.position.to_string(),
        }
    }
}

async fn check_group(
    tx: &mut Tx,
    scope: SchoolScope,
    group_id: Option<i64>,
) -> Result<(), Refused> {
    if let Some(g) = group_id
        && repo::group(&mut **tx, scope, g).await?.is_none()
    {
        return Err(Refused::Fields(vec![("group_id", "error-choice")]));
    }
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn create_subject(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    form: &SubjectForm,
) -> Result<i64, Refused> {
    let mut errors = Vec::new();
    let parsed = form.parse(&mut errors);
    let mut input = checked(parsed, errors)?;
    let mut tx = state.db.begin().await?;
    check_group(&mut tx, scope, input.group_id).await?;
    if form.position.trim().is_empty() {
        input.position = repo::next_position(&mut *tx, scope, Positioned::Subjects).await?;
    }
    let id = repo::insert_subject(&mut *tx, scope, &input)
        .await
        .map_err(|e| taken(e, "code", "error-subject-code-taken"))?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordCreate,
            ResourceType::Subject,
            id,
            json!({ "code": input.code, "name": input.name, "color": input.color,
                "group_id": input.group_id, "position": input.position }),
        ),
    )
    .await?;
    Ok(id)
}

#[tracing::instrument(skip_all, fields(subject_id = id))]
pub async fn update_subject(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
    form: &SubjectForm,
) -> Result<(), Refused> {
    let mut errors = Vec::new();
    let parsed = form.parse(&mut errors);
    let input = checked(parsed, errors)?;
    let mut tx = state.db.begin().await?;
    let before = repo::subject(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_group(&mut tx, scope, input.group_id).await?;
    repo::update_subject(&mut *tx, scope, id, &input)
        .await
        .map_err(|e| taken(e, "code", "error-subject-code-taken"))?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordUpdate,
            ResourceType::Subject,
            id,
            json!({
                "before": { "code": before.code, "name": before.name, "color": before.color,
                            "group_id": before.group_id, "position": before.position },
                "after": { "code": input.code, "name": input.name, "color": input.color,
                           "group_id": input.group_id, "position": input.position },
            }),
        ),
    )
    .await?;
    Ok(())
}

/// Deletes a subject and its coefficients; refused while it has teaching assignments.
#[tracing::instrument(skip_all, fields(subject_id = id))]
pub async fn delete_subject(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let subject = repo::subject(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if subject.assignments > 0 {
        return Err(AppError::Conflict("error-subject-in-use"));
    }
    repo::delete_subject(&mut *tx, scope, id).await?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordDelete,
            ResourceType::Subject,
            id,
            json!({ "code": subject.code, "name": subject.name }),
        ),
    )
    .await
}

// ---- coefficients -------------------------------------------------------------------------

/// One cell of the level × subject grid as submitted: blank = not taught at that level.
#[derive(Debug, Clone)]
pub struct GridCell {
    pub level_id: i64,
    pub subject_id: i64,
    pub raw: String,
}

/// Sets one subject's coefficient for one level (`None` removes it). Returns whether
/// anything changed; an unchanged value writes nothing.
#[tracing::instrument(skip_all, fields(level_id, subject_id))]
pub async fn set_level_coefficient(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    level_id: i64,
    subject_id: i64,
    cents: Option<i64>,
) -> Result<bool, AppError> {
    let mut tx = state.db.begin().await?;
    if repo::level(&mut *tx, scope, level_id).await?.is_none()
        || repo::subject(&mut *tx, scope, subject_id).await?.is_none()
    {
        return Err(AppError::NotFound);
    }
    let before = repo::set_level_coefficient(&mut tx, scope, level_id, subject_id, cents).await?;
    if before == cents {
        return Ok(false);
    }
    commit_audited(tx, state, &event(scope,
        actor,
        if before.is_none() {
            AuditAction::RecordCreate
        } else if cents.is_none() {
            AuditAction::RecordDelete
        } else {
            AuditAction::RecordUpdate
        },
        ResourceType::Coefficient,
        subject_id,
        json!({ "subject_id": subject_id, "level_id": level_id, "before": before, "after": cents }),
    ))
    .await?;
    Ok(true)
}

/// Saves the whole level × subject grid in one transaction and one audit row listing the
/// changed cells. Any invalid cell refuses the whole grid (field `coefficients`).
#[tracing::instrument(skip_all)]
pub async fn save_coefficient_grid(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    cells: &[GridCell],
) -> Result<usize, Refused> {
    let mut parsed = Vec::with_capacity(cells.len());
    for cell in cells {
        let raw = cell.raw.trim();
        let cents = if raw.is_empty() {
            None
        } else {
            match model::parse_coefficient(raw) {
                Ok(c) => Some(c),
                Err(_) => {
                    return Err(Refused::Fields(vec![(
                        "coefficients",
                        "error-coefficient-grid",
                    )]));
                }
            }
        };
        parsed.push((cell.level_id, cell.subject_id, cents));
    }
    let mut tx = state.db.begin().await?;
    let levels: Vec<i64> = repo::list_levels(&mut *tx, scope, 10_000, 0)
        .await?
        .iter()
        .map(|l| l.id)
        .collect();
    let subjects: Vec<i64> = repo::list_subjects(&mut *tx, scope, None, 10_000, 0)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let current = repo::level_coefficients(&mut *tx, scope, None).await?;
    let mut changes = Vec::new();
    for (level_id, subject_id, cents) in parsed {
        if !levels.contains(&level_id) || !subjects.contains(&subject_id) {
            return Err(Refused::Error(AppError::NotFound));
        }
        let before = current
            .iter()
            .find(|c| c.level_id == level_id && c.subject_id == subject_id)
            .map(|c| c.coefficient_cents);
        if before != cents {
            repo::set_level_coefficient(&mut tx, scope, level_id, subject_id, cents).await?;
            changes.push(json!({ "level_id": level_id, "subject_id": subject_id,
                                 "before": before, "after": cents }));
        }
    }
    if changes.is_empty() {
        return Ok(0);
    }
    let count = changes.len();
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: Some(scope),
            actor,
            action: AuditAction::RecordUpdate,
            resource_type: ResourceType::Coefficient,
            resource_id: None,
            details: json!({ "changes": changes }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(count)
}

/// Creates (or changes) a coefficient override. Its class, level and period must be the
/// school's, and a class override's period must be of the class's year. Returns the id and
/// whether it was new.
#[tracing::instrument(skip_all)]
pub async fn set_override(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    form: &OverrideForm,
) -> Result<(i64, bool), Refused> {
    let mut errors = Vec::new();
    let parsed = form.parse(&mut errors);
    let input: OverrideInput = checked(parsed, errors)?;
    let mut tx = state.db.begin().await?;
    if repo::subject(&mut *tx, scope, input.subject_id)
        .await?
        .is_none()
    {
        return Err(Refused::Fields(vec![("subject_id", "error-choice")]));
    }
    let class_year = match input.target {
        OverrideTarget::Class(c) => match repo::class(&mut *tx, scope, c).await? {
            Some(class) => Some(class.year_id),
            None => return Err(Refused::Fields(vec![("class_id", "error-choice")])),
        },
        OverrideTarget::Level(l) => {
            if repo::level(&mut *tx, scope, l).await?.is_none() {
                return Err(Refused::Fields(vec![("level_id", "error-choice")]));
            }
            None
        }
    };
    if let Some(p) = input.period_id {
        match repo::period(&mut *tx, scope, p).await? {
            Some(period) if class_year.is_none_or(|y| y == period.year_id) => {}
            _ => return Err(Refused::Fields(vec![("period_id", "error-choice")])),
        }
    }
    let (id, before) = repo::upsert_override(&mut tx, scope, &input).await?;
    let (level_id, class_id) = match input.target {
        OverrideTarget::Level(l) => (Some(l), None),
        OverrideTarget::Class(c) => (None, Some(c)),
    };
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            if before.is_some() {
                AuditAction::RecordUpdate
            } else {
                AuditAction::RecordCreate
            },
            ResourceType::Coefficient,
            id,
            json!({ "override": true, "subject_id": input.subject_id, "level_id": level_id,
                "class_id": class_id, "period_id": input.period_id,
                "before": before, "after": input.coefficient_cents }),
        ),
    )
    .await?;
    Ok((id, before.is_none()))
}

/// Deletes a coefficient override of a subject.
#[tracing::instrument(skip_all, fields(override_id = id))]
pub async fn delete_override(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    subject_id: Option<i64>,
    id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let row = repo::override_row(&mut *tx, scope, id)
        .await?
        .filter(|o| subject_id.is_none_or(|s| s == o.subject_id))
        .ok_or(AppError::NotFound)?;
    repo::delete_override(&mut *tx, scope, id).await?;
    commit_audited(
        tx,
        state,
        &event(
            scope,
            actor,
            AuditAction::RecordDelete,
            ResourceType::Coefficient,
            id,
            json!({ "override": true, "subject_id": row.subject_id, "level_id": row.level_id,
                "class_id": row.class_id, "period_id": row.period_id,
                "before": row.coefficient_cents }),
        ),
    )
    .await
}

/// The effective coefficient of every subject for one class in one period (`None`: the
/// whole year, i.e. without period overrides), by the lookup order of
/// [`model::effective_coefficient`]: class + period, class, level + period, level.
/// Subjects with no coefficient at all are absent. One query.
pub async fn effective_coefficients(
    state: &AppState,
    scope: SchoolScope,
    class_id: i64,
    period_id: Option<i64>,
) -> Result<Vec<(i64, CoefficientSource, i64)>, AppError> {
    let candidates =
        repo::coefficient_candidates(&state.db.pool, scope, class_id, period_id).await?;
    let mut by_subject: std::collections::BTreeMap<i64, Vec<(CoefficientSource, i64)>> =
        std::collections::BTreeMap::new();
    for (subject, source, cents) in candidates {
        by_subject.entry(subject).or_default().push((source, cents));
    }
    Ok(by_subject
        .into_iter()
        .filter_map(|(subject, list)| {
            model::effective_coefficient(&list).map(|(source, cents)| (subject, source, cents))
        })
        .collect())
}

/// The effective coefficient of one subject for a class in a period: what the gradebook
/// weights a subject average by in the general average. `None`: not taught there.
pub async fn effective_coefficient(
    state: &AppState,
    scope: SchoolScope,
    class_id: i64,
    subject_id: i64,
    period_id: Option<i64>,
) -> Result<Option<(CoefficientSource, i64)>, AppError> {
    Ok(effective_coefficients(state, scope, class_id, period_id)
        .await?
        .into_iter()
        .find(|(s, _, _)| *s == subject_id)
        .map(|(_, source, cents)| (source, cents)))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::{
        clock::ManualClock,
        config::Config,
        schools::model::{AverageMode, PeriodKind, SchoolSettings},
        structure::{classes, model::ClassForm},
        web::i18n::Lang,
    };

    /// A school working in semesters, on a fresh SQLite database, on 25 November 2026.
    async fn school(dir: &tempfile::TempDir) -> (AppState, School, SchoolScope) {
        let config = Config {
            data_dir: dir.path().to_owned(),
            ..Config::default()
        };
        let clock = ManualClock::new("2026-11-25T08:00:00Z".parse().unwrap());
        let state = AppState::new(config, Arc::new(clock)).await.unwrap();
        let settings = SchoolSettings {
            name: "Lycée".into(),
            locale: Lang::En,
            timezone: "Africa/Abidjan".into(),
            currency: "XOF".into(),
            color: "#0f766e".into(),
            period_kind: PeriodKind::Semester,
            average_mode: AverageMode::Normalized,
            grade_decimals: 2,
            show_ranks: true,
            annual_mode: crate::gradebook::AnnualMode::MeanOfPeriods,
            appreciation_max_chars: 300,
        };
        crate::schools::repo::insert(&state.db.pool, "L", &settings, 0)
            .await
            .unwrap();
        let school = crate::schools::repo::find_by_code(&state.db.pool, "L")
            .await
            .unwrap()
            .unwrap();
        let scope = SchoolScope::for_operator(school.id);
        (state, school, scope)
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[tokio::test]
    async fn the_period_rule_other_domains_call() {
        let dir = tempfile::tempdir().unwrap();
        let (state, school, scope) = school(&dir).await;
        let actor = AuditCtx::operator();
        let year = YearForm {
            name: "2026-2027".into(),
            starts_on: "2026-09-01".into(),
            ends_on: "2027-07-04".into(),
            is_current: None,
        };
        create_year(&state, &school, scope, &actor, &year)
            .await
            .map_err(|_| "refused")
            .unwrap();
        let first = period_of_date(&state, scope, date("2026-11-25"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(first.name, "Semester 1", "named in the school's language");
        let second = period_of_date(&state, scope, date("2027-03-01"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(second.name, "Semester 2");
        assert!(
            period_of_date(&state, scope, date("2027-08-01"))
                .await
                .unwrap()
                .is_none()
        );

        let today = school_today(&school, state.clock.as_ref());
        assert_eq!(today, date("2026-11-25"));
        assert_eq!(
            is_period_closed(&state, scope, first.id, today)
                .await
                .unwrap(),
            Some(false)
        );
        let closes_on = date(&first.closes_on);
        assert_eq!(
            is_period_closed(&state, scope, first.id, closes_on)
                .await
                .unwrap(),
            Some(true),
            "closed from its closing date"
        );
        close_period(&state, &school, scope, &actor, first.id)
            .await
            .unwrap();
        assert_eq!(
            is_period_closed(&state, scope, first.id, today)
                .await
                .unwrap(),
            Some(true),
            "closed early"
        );
        assert_eq!(
            is_period_closed(&state, scope, first.id + 100, today)
                .await
                .unwrap(),
            None
        );
        let other = SchoolScope::for_operator(school.id + 1);
        assert_eq!(
            is_period_closed(&state, other, first.id, today)
                .await
                .unwrap(),
            None,
            "another school's period does not exist"
        );
    }

    #[tokio::test]
    async fn effective_coefficient_reads_the_database_in_lookup_order() {
        let dir = tempfile::tempdir().unwrap();
        let (state, school, scope) = school(&dir).await;
        let actor = AuditCtx::operator();
        let refused = |_| "refused";
        let year_form = YearForm {
            name: "2026-2027".into(),
            starts_on: "2026-09-01".into(),
            ends_on: "2027-07-04".into(),
            is_current: None,
        };
        let year = create_year(&state, &school, scope, &actor, &year_form)
            .await
            .map_err(refused)
            .unwrap();
        let level_form = LevelForm {
            name: "Seconde".into(),
            position: String::new(),
        };
        let level = create_level(&state, scope, &actor, &level_form)
            .await
            .map_err(refused)
            .unwrap();
        let subject_form = SubjectForm {
            code: "PHY".into(),
            name: "Physique".into(),
            color: "#7c3aed".into(),
            ..SubjectForm::default()
        };
        let subject = create_subject(&state, scope, &actor, &subject_form)
            .await
            .map_err(refused)
            .unwrap();
        let class_form = ClassForm {
            year_id: year.to_string(),
            level_id: level.to_string(),
            name: "2nde 1".into(),
            ..ClassForm::default()
        };
        let class = classes::create_class(&state, scope, &actor, &class_form)
            .await
            .map_err(refused)
            .unwrap();
        let periods = repo::list_periods(&state.db.pool, scope, Some(year), 10, 0)
            .await
            .unwrap();
        let (p1, p2) = (periods[0].id, periods[1].id);
        let effective = |period| effective_coefficient(&state, scope, class, subject, period);
        assert_eq!(effective(Some(p1)).await.unwrap(), None, "not taught yet");

        set_level_coefficient(&state, scope, &actor, level, subject, Some(200))
            .await
            .unwrap();
        let set = |level_id: &str, class_id: &str, period_id: Option<i64>, coefficient: &str| {
            OverrideForm {
                subject_id: subject.to_string(),
                level_id: level_id.into(),
                class_id: class_id.into(),
                period_id: period_id.map(|p| p.to_string()).unwrap_or_default(),
                coefficient: coefficient.into(),
            }
        };
        let (level_id, class_id) = (level.to_string(), class.to_string());
        set_override(&state, scope, &actor, &set(&level_id, "", Some(p2), "3"))
            .await
            .map_err(refused)
            .unwrap();
        assert_eq!(
            effective(Some(p1)).await.unwrap(),
            Some((CoefficientSource::Level, 200))
        );
        assert_eq!(
            effective(Some(p2)).await.unwrap(),
            Some((CoefficientSource::LevelPeriod, 300))
        );
        set_override(&state, scope, &actor, &set("", &class_id, None, "1,5"))
            .await
            .map_err(refused)
            .unwrap();
        assert_eq!(
            effective(Some(p2)).await.unwrap(),
            Some((CoefficientSource::Class, 150))
        );
        assert_eq!(
            effective(None).await.unwrap(),
            Some((CoefficientSource::Class, 150))
        );
        set_override(&state, scope, &actor, &set("", &class_id, Some(p1), "0"))
            .await
            .map_err(refused)
            .unwrap();
        assert_eq!(
            effective(Some(p1)).await.unwrap(),
            Some((CoefficientSource::ClassPeriod, 0)),
            "a zero override counts: the subject does not weigh in that period"
        );
        assert_eq!(
            effective(Some(p2)).await.unwrap(),
            Some((CoefficientSource::Class, 150))
        );
    }
}
