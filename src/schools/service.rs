//! School rules: first-run setup and settings changes.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    School, SchoolScope,
    model::{FieldErrors, SchoolSettings, SettingsForm, parse_school_code},
    repo,
};
use crate::{
    AppState,
    accounts::{
        self,
        model::{NewPassword, Role, Username, parse_display_name},
        service::Refused,
    },
    audit::{self, AuditAction, AuditCtx, AuditEvent, ResourceType},
    auth::password,
};

/// The first-run form: the school and its first administrator.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub locale: String,
    #[serde(default)]
    pub timezone: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub color: String,
    #[serde(default)]
    pub period_kind: String,
    #[serde(default)]
    pub average_mode: String,
    #[serde(default)]
    pub grade_decimals: String,
    #[serde(default)]
    pub show_ranks: String,
    #[serde(default)]
    pub annual_mode: String,
    #[serde(default)]
    pub appreciation_max_chars: String,
    #[serde(default)]
    pub admin_username: String,
    #[serde(default)]
    pub admin_display_name: String,
    #[serde(default)]
    pub admin_password: String,
    #[serde(default)]
    pub admin_confirm: String,
}

impl SetupForm {
    pub fn with_defaults() -> Self {
        Self {
            locale: "fr".into(),
            timezone: "Europe/Paris".into(),
            currency: "EUR".into(),
            color: "#1d4ed8".into(),
            period_kind: "trimester".into(),
            average_mode: "normalized".into(),
            grade_decimals: "2".into(),
            show_ranks: "on".into(),
            annual_mode: "mean_of_periods".into(),
            appreciation_max_chars: "300".into(),
            ..Self::default()
        }
    }

    fn settings(&self) -> SettingsForm {
        SettingsForm {
            name: self.name.clone(),
            locale: self.locale.clone(),
            timezone: self.timezone.clone(),
            currency: self.currency.clone(),
            color: self.color.clone(),
            period_kind: self.period_kind.clone(),
            average_mode: self.average_mode.clone(),
            grade_decimals: self.grade_decimals.clone(),
            show_ranks: self.show_ranks.clone(),
            annual_mode: self.annual_mode.clone(),
            appreciation_max_chars: self.appreciation_max_chars.clone(),
        }
    }
}

/// Creates the first school and its administrator, in one transaction. Refused once any
/// school exists. Returns the admin's user id.
#[tracing::instrument(skip_all)]
pub async fn setup(state: &AppState, actor: &AuditCtx, form: &SetupForm) -> Result<i64, Refused> {
    let mut errors = FieldErrors::new();
    let code = parse_school_code(&form.code)
        .map_err(|e| errors.push(("code", e)))
        .ok();
    let settings = form.settings().parse(&mut errors);
    // In the order the form shows the fields, so the error summary reads top-down.
    let display = parse_display_name(&form.admin_display_name)
        .map_err(|e| errors.push(("admin_display_name", e)))
        .ok();
    let username = Username::parse(&form.admin_username)
        .map_err(|e| errors.push(("admin_username", e)))
        .ok();
    let new_password = NewPassword::parse(&form.admin_password)
        .map_err(|e| errors.push(("admin_password", e)))
        .ok();
    if form.admin_password != form.admin_confirm {
        errors.push(("admin_confirm", "error-password-confirm"));
    }
    let (Some(code), Some(settings), Some(username), Some(display), Some(new_password), true) = (
        code,
        settings,
        username,
        display,
        new_password,
        errors.is_empty(),
    ) else {
        return Err(Refused::Fields(errors));
    };
    let hash = password::hash(new_password.expose()).await?;
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    if repo::count(&mut *tx).await? > 0 {
        return Err(Refused::Error(crate::AppError::NotFound));
    }
    let school_id = repo::insert(&mut *tx, &code, &settings, now).await?;
    let scope = SchoolScope::for_operator(school_id);
    let new = accounts::repo::NewUser {
        username: username.as_str(),
        display_name: &display,
        email: None,
        password_hash: &hash,
        is_platform_admin: true,
    };
    let user_id = match accounts::repo::insert_user(&mut *tx, &new, now).await {
        Ok(id) => id,
        Err(e) if crate::db::unique_violation(&e).is_some() => {
            return Err(Refused::Fields(vec![(
                "admin_username",
                "error-username-taken",
            )]));
        }
        Err(e) => return Err(e.into()),
    };
    accounts::repo::add_role(&mut *tx, scope, user_id, Role::SchoolAdmin, now).await?;
    // The person at the setup page becomes the admin: the event is theirs.
    let actor = actor.as_user(Some(user_id));
    let mut details = settings_json(&settings);
    details["code"] = json!(code);
    details["admin_username"] = json!(username.as_str());
    details["admin_display_name"] = json!(display);
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: Some(scope),
            actor: &actor,
            action: AuditAction::SchoolSetup,
            resource_type: ResourceType::School,
            resource_id: Some(school_id.to_string()),
            details,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(school_id, user_id, "first school set up");
    Ok(user_id)
}

#[tracing::instrument(skip_all)]
pub async fn update_settings(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    form: &SettingsForm,
) -> Result<(), Refused> {
    let mut errors = FieldErrors::new();
    let Some(settings) = form.parse(&mut errors) else {
        return Err(Refused::Fields(errors));
    };
    let mut tx = state.db.begin().await?;
    let before = repo::get(&mut *tx, scope).await?;
    let changes = settings_changes(&before, &settings);
    if changes.is_empty() {
        // Saved unchanged: nothing to write, nothing to record.
        return Ok(());
    }
    repo::update(&mut *tx, scope, &settings).await?;
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: Some(scope),
            actor,
            action: AuditAction::SchoolSettingsUpdate,
            resource_type: ResourceType::School,
            resource_id: Some(scope.school_id().to_string()),
            details: json!({ "changes": changes }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The settings as a JSON object, field by field (the audit details of setup and updates).
fn settings_json(s: &SchoolSettings) -> Value {
    json!({
        "name": s.name,
        "locale": s.locale.code(),
        "timezone": s.timezone,
        "currency": s.currency,
        "color": s.color,
        "period_kind": s.period_kind.as_str(),
        "average_mode": s.average_mode.as_str(),
        "grade_decimals": s.grade_decimals,
        "show_ranks": s.show_ranks,
        "annual_mode": s.annual_mode.as_setting(),
        "appreciation_max_chars": s.appreciation_max_chars,
    })
}

/// `{field: {before, after}}` for every setting that differs.
fn settings_changes(before: &School, after: &SchoolSettings) -> Map<String, Value> {
    let old = settings_json(&SchoolSettings {
        name: before.name.clone(),
        locale: before.locale,
        timezone: before.timezone.clone(),
        currency: before.currency.clone(),
        color: before.color.clone(),
        period_kind: before.period_kind,
        average_mode: before.average_mode,
        grade_decimals: before.grade_decimals,
        show_ranks: before.show_ranks,
        annual_mode: before.annual_mode,
        appreciation_max_chars: before.appreciation_max_chars,
    });
    let new = settings_json(after);
    let (Value::Object(old), Value::Object(new)) = (old, new) else {
        return Map::new();
    };
    new.into_iter()
        .filter_map(|(field, value)| {
            let was = old.get(&field).cloned().unwrap_or(Value::Null);
            (was != value).then(|| (field, json!({ "before": was, "after": value })))
        })
        .collect()
}

/// Creates a school (platform administrators), audited in the new school's chain. Its first
/// administrator is then created with `eschool create-admin` or invited by the platform.
#[tracing::instrument(skip_all)]
pub async fn create_school(
    state: &AppState,
    actor: &AuditCtx,
    code: &str,
    form: &SettingsForm,
) -> Result<i64, Refused> {
    let mut errors = FieldErrors::new();
    let code = parse_school_code(code)
        .map_err(|e| errors.push(("code", e)))
        .ok();
    let settings = form.parse(&mut errors);
    let (Some(code), Some(settings)) = (code, settings) else {
        return Err(Refused::Fields(errors));
    };
    let mut tx = state.db.begin().await?;
    let id = match repo::insert(&mut *tx, &code, &settings, state.clock.now_ms()).await {
        Ok(id) => id,
        Err(e) if crate::db::unique_violation(&e).is_some() => {
            return Err(Refused::Fields(vec![("code", "error-school-code-taken")]));
        }
        Err(e) => return Err(e.into()),
    };
    let scope = SchoolScope::for_operator(id);
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: Some(scope),
            actor,
            action: AuditAction::SchoolCreate,
            resource_type: ResourceType::School,
            resource_id: Some(id.to_string()),
            details: json!({ "code": code, "settings": settings_json(&settings) }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Disables or re-enables a school (platform administrators), audited in its own chain.
pub async fn set_school_disabled(
    state: &AppState,
    actor: &AuditCtx,
    id: i64,
    disabled: bool,
) -> Result<(), crate::AppError> {
    let mut tx = state.db.begin().await?;
    let Some(school) = repo::find(&mut *tx, id).await? else {
        return Err(crate::AppError::NotFound);
    };
    if school.disabled == disabled {
        return Ok(());
    }
    repo::set_disabled(&mut *tx, id, disabled).await?;
    audit::record(
        &mut tx,
        state.clock.as_ref(),
        &AuditEvent {
            scope: Some(SchoolScope::for_operator(id)),
            actor,
            action: if disabled {
                AuditAction::SchoolDisable
            } else {
                AuditAction::SchoolEnable
            },
            resource_type: ResourceType::School,
            resource_id: Some(id.to_string()),
            details: json!({ "code": school.code }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
