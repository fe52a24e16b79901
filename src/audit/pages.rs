//! The school admin's audit page and its CSV export. Dates in the filters and times shown are
//! in the school's time zone.

use askama::Template;
use axum::{
    body::Body,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use axum_extra::extract::Query;
use serde::Deserialize;

use super::{
    model::{AuditAction, AuditFilter, AuditListRow, ResourceType},
    repo, service,
};
use crate::{
    AppState,
    auth::{
        context::{Auth, CurrentUser},
        policy::{self, Action},
    },
    error::AppError,
    schools::model::FieldErrors,
    web::{
        form::Errors,
        layout::{Shell, render},
    },
};

const PER_PAGE: i64 = 50;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    resource: Option<String>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    page: Option<i64>,
}

fn non_empty(v: Option<&String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl AuditQuery {
    /// The checked filter; a date that does not parse is reported and ignored.
    fn filter(&self, tz: &jiff::tz::TimeZone, errors: &mut FieldErrors) -> AuditFilter {
        let mut date = |field: &'static str, raw: Option<&String>, next_day: bool| {
            let raw = non_empty(raw)?;
            // The first instant of the day (of the next day for `to`, an exclusive bound).
            let parsed = raw
                .parse::<jiff::civil::Date>()
                .ok()
                .and_then(|d| if next_day { d.tomorrow().ok() } else { Some(d) })
                .and_then(|d| d.to_zoned(tz.clone()).ok())
                .map(|z| z.timestamp().as_millisecond());
            if parsed.is_none() {
                errors.push((field, "error-date"));
            }
            parsed
        };
        let from_ms = date("from", self.from.as_ref(), false);
        let to_ms = date("to", self.to.as_ref(), true);
        AuditFilter {
            username: non_empty(self.user.as_ref()).map(|u| u.to_lowercase()),
            action: non_empty(self.action.as_ref()).and_then(|a| AuditAction::parse(&a)),
            resource_type: non_empty(self.resource.as_ref()).and_then(|r| ResourceType::parse(&r)),
            from_ms,
            to_ms,
        }
    }

    /// The filters as a query string (without the page).
    fn query_string(&self) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("user", &self.user),
            ("action", &self.action),
            ("resource", &self.resource),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if let Some(v) = non_empty(value.as_ref()) {
                q.append_pair(key, &v);
            }
        }
        q.finish()
    }
}

fn school_tz(user: &CurrentUser) -> jiff::tz::TimeZone {
    user.school
        .as_ref()
        .and_then(|s| jiff::tz::TimeZone::get(&s.timezone).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC)
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    s: Shell,
    rows: Vec<AuditListRow>,
    total: i64,
    page: i64,
    pages: i64,
    query: AuditQuery,
    filters: String,
    errors: Errors,
    timezone: String,
    tz: jiff::tz::TimeZone,
    actions: &'static [AuditAction],
    resources: [ResourceType; ResourceType::ALL.len()],
}

impl AuditPage {
    fn field<'a>(&self, value: &'a Option<String>) -> &'a str {
        value.as_deref().unwrap_or("")
    }

    fn time(&self, row: &AuditListRow) -> String {
        service::format_time(row.at, &self.tz, false)
    }

    fn action_label(&self, row: &AuditListRow) -> String {
        AuditAction::parse(&row.action)
            .map_or_else(|| row.action.clone(), |a| self.s.t(a.label_key()))
    }

    fn resource_label(&self, row: &AuditListRow) -> String {
        let kind = ResourceType::parse(&row.resource_type)
            .map_or_else(|| row.resource_type.clone(), |r| self.s.t(r.label_key()));
        match &row.resource_id {
            Some(id) => format!("{kind} {id}"),
            None => kind,
        }
    }

    /// The details as `key: value` pairs, for reading; the CSV keeps the JSON.
    fn details(&self, row: &AuditListRow) -> String {
        match serde_json::from_str::<serde_json::Value>(&row.details) {
            Ok(serde_json::Value::Object(map)) => map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| match v {
                    serde_json::Value::String(s) => format!("{k}: {s}"),
                    other => format!("{k}: {other}"),
                })
                .collect::<Vec<_>>()
                .join("; "),
            _ => row.details.clone(),
        }
    }

    fn page_url(&self, page: &i64) -> String {
        let sep = if self.filters.is_empty() { "" } else { "&" };
        format!("/admin/audit?{}{sep}page={page}", self.filters)
    }

    fn csv_url(&self) -> String {
        if self.filters.is_empty() {
            "/admin/audit.csv".into()
        } else {
            format!("/admin/audit.csv?{}", self.filters)
        }
    }
}

pub async fn audit_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ViewAudit).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let tz = school_tz(&user);
    let mut errors = FieldErrors::new();
    let filter = query.filter(&tz, &mut errors);
    let requested = query.page.unwrap_or(1).max(1);
    let (mut rows, total) = repo::list(
        &state.db,
        scope,
        &filter,
        PER_PAGE,
        (requested - 1) * PER_PAGE,
    )
    .await?;
    // A page past the end (a stale link, a narrower filter) shows the last page instead.
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let page = requested.min(pages);
    if page != requested {
        rows = repo::list(&state.db, scope, &filter, PER_PAGE, (page - 1) * PER_PAGE)
            .await?
            .0;
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = AuditPage {
        s: Shell::new(&ctx),
        rows,
        total,
        page,
        pages,
        filters: query.query_string(),
        query,
        errors: Errors::new(ctx.lang, errors),
        timezone: tz.iana_name().unwrap_or("UTC").to_owned(),
        tz,
        actions: &AuditAction::ALL,
        resources: ResourceType::ALL,
    };
    Ok((status, render(&page)?).into_response())
}

/// The filtered rows as CSV, streamed; the export itself is recorded first.
pub async fn audit_csv(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::ViewAudit).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let tz = school_tz(&user);
    let mut errors = FieldErrors::new();
    let filter = query.filter(&tz, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let code = user.school.as_ref().map_or("school", |s| s.code.as_str());
    let today = jiff::Timestamp::from_millisecond(state.clock.now_ms())
        .map(|t| t.to_zoned(tz.clone()).date().to_string())
        .unwrap_or_default();
    let filename = format!("audit-{code}-{today}.csv");
    let stream = service::export_csv(&state, scope, &ctx.audit(), filter, tz).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
