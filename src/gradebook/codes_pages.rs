//! `/admin/mark-codes`: the school's mark codes as one form (school administrators). Each code
//! has its label, "counts as zero" and order, the number of marks that use it and a "remove"
//! box; a last blank row adds a code. Saving replaces the table through
//! [`super::codes::replace_mark_codes`]; a refusal shows the form again as typed, with every
//! problem next to its field.

use std::collections::BTreeMap;

use askama::Template;
use axum::{
    Form, Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use axum_extra::extract::Query;
use serde::Deserialize;

use super::codes::{self, CodeInput, CodesRefused, IN_USE};
use crate::{
    AppState,
    auth::{
        context::{Auth, RequestCtx},
        policy::{self, Action, Routes},
    },
    error::AppError,
    schools::SchoolScope,
    web::{
        i18n::Lang,
        layout::{Shell, render},
    },
};

pub fn routes() -> Router<AppState> {
    Router::new().route_for(
        "/admin/mark-codes",
        get(mark_codes_page).post(save_mark_codes),
    )
}

/// One row of the form.
#[derive(Debug, Clone, Default)]
pub struct RowView {
    pub index: usize,
    pub code: String,
    pub label: String,
    pub counts_as_zero: bool,
    pub position: String,
    /// Marks that use the code (0 for the new row).
    pub marks: i64,
    /// A stored code (its code is fixed); `false`: the row that adds one.
    pub existing: bool,
    pub remove: bool,
}

/// Field errors by form field name (`codes.3.label`), translated; the same methods as
/// [`crate::web::form::Errors`] so `error_summary.html` renders them.
#[derive(Debug, Clone, Default)]
pub struct RowErrors {
    list: Vec<(String, String)>,
}

impl RowErrors {
    pub fn all(&self) -> Vec<(String, String)> {
        self.list.clone()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.list.iter().any(|(f, _)| f == field)
    }

    pub fn get(&self, field: &str) -> Option<String> {
        self.list
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
    }
}

#[derive(Template)]
#[template(path = "gradebook/mark_codes.html")]
struct MarkCodesPage {
    s: Shell,
    rows: Vec<RowView>,
    errors: RowErrors,
    saved: bool,
}

impl MarkCodesPage {
    /// `aria-describedby` of a field: its error when it has one.
    fn described(&self, index: &usize, field: &str) -> String {
        let name = format!("codes.{index}.{field}");
        if self.errors.has(&name) {
            format!("{name}-error")
        } else {
            String::new()
        }
    }

    fn invalid(&self, index: &usize, field: &str) -> bool {
        self.errors.has(&format!("codes.{index}.{field}"))
    }

    fn used(&self, marks: &i64) -> String {
        self.s
            .t_with("mark-codes-used", &[("count", marks.to_string())])
    }

    fn error(&self, index: &usize, field: &str) -> Option<String> {
        self.errors.get(&format!("codes.{index}.{field}"))
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

async fn scope_for(
    state: &AppState,
    ctx: &RequestCtx,
    user: &crate::auth::context::CurrentUser,
) -> Result<SchoolScope, AppError> {
    policy::require(state, ctx, user, Action::ManageMarkCodes).await?;
    user.scope().ok_or(AppError::Forbidden)
}

/// The stored rows, then a blank one to add a code.
async fn stored_rows(state: &AppState, scope: SchoolScope) -> Result<Vec<RowView>, AppError> {
    let mut rows: Vec<RowView> = codes::codes_in_use(state, scope)
        .await?
        .into_iter()
        .enumerate()
        .map(|(index, c)| RowView {
            index,
            code: c.row.code,
            label: c.row.label,
            counts_as_zero: c.row.counts_as_zero == 1,
            position: c.row.position.to_string(),
            marks: c.marks,
            existing: true,
            remove: false,
        })
        .collect();
    rows.push(RowView {
        index: rows.len(),
        ..RowView::default()
    });
    Ok(rows)
}

pub async fn mark_codes_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let scope = scope_for(&state, &ctx, &user).await?;
    render(&MarkCodesPage {
        s: Shell::new(&ctx),
        rows: stored_rows(&state, scope).await?,
        errors: RowErrors::default(),
        saved: q.saved.is_some(),
    })
}

/// The rows as submitted (`codes.<n>.<field>`), by index; other fields are ignored.
fn submitted_rows(fields: &[(String, String)], stored: &[RowView]) -> Vec<RowView> {
    let mut rows: BTreeMap<usize, RowView> = BTreeMap::new();
    for (name, value) in fields {
        let Some((index, field)) = name
            .strip_prefix("codes.")
            .and_then(|rest| rest.split_once('.'))
            .and_then(|(i, f)| Some((i.parse::<usize>().ok()?, f)))
        else {
            continue;
        };
        if index > stored.len() + 100 {
            continue;
        }
        let row = rows.entry(index).or_insert_with(|| RowView {
            index,
            ..RowView::default()
        });
        match field {
            "code" => row.code = value.clone(),
            "label" => row.label = value.clone(),
            "position" => row.position = value.clone(),
            "counts_as_zero" => row.counts_as_zero = true,
            "remove" => row.remove = true,
            _ => {}
        }
    }
    // Stored codes keep their code and show their use whatever the form says.
    for row in rows.values_mut() {
        if let Some(s) = stored.iter().find(|s| s.existing && s.code == row.code) {
            row.existing = true;
            row.marks = s.marks;
        }
    }
    rows.into_values().collect()
}

/// A blank row adds nothing.
fn is_blank(row: &RowView) -> bool {
    !row.existing && row.code.trim().is_empty() && row.label.trim().is_empty()
}

fn translate(
    problems: &[codes::CodeProblem],
    sent: &[usize],
    rows: &[RowView],
    lang: Lang,
) -> RowErrors {
    let list = problems
        .iter()
        .map(|p| {
            let field = match p.at {
                Some(n) => format!("codes.{}.{}", sent.get(n).copied().unwrap_or(n), p.field),
                None if p.key == IN_USE => rows.iter().find(|r| r.code == p.code).map_or_else(
                    || "codes".to_owned(),
                    |r| format!("codes.{}.remove", r.index),
                ),
                None => "codes".to_owned(),
            };
            (field, p.message(lang))
        })
        .collect();
    RowErrors { list }
}

pub async fn save_mark_codes(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = scope_for(&state, &ctx, &user).await?;
    let stored = stored_rows(&state, scope).await?;
    let mut rows = submitted_rows(&fields, &stored);
    let mut sent = Vec::new();
    let inputs: Vec<CodeInput> = rows
        .iter()
        .filter(|r| !r.remove && !is_blank(r))
        .map(|r| {
            sent.push(r.index);
            CodeInput {
                code: r.code.clone(),
                label: r.label.clone(),
                counts_as_zero: r.counts_as_zero,
                position: r.position.clone(),
            }
        })
        .collect();
    match codes::replace_mark_codes(&state, scope, &ctx.audit(), &inputs).await {
        Ok(_) => Ok(Redirect::to("/admin/mark-codes?saved=1").into_response()),
        Err(CodesRefused::Problems(problems)) => {
            let errors = translate(&problems, &sent, &rows, ctx.lang);
            if !rows.iter().any(|r| !r.existing) {
                rows.push(RowView {
                    index: rows.iter().map(|r| r.index + 1).max().unwrap_or(0),
                    ..RowView::default()
                });
            }
            let page = render(&MarkCodesPage {
                s: Shell::new(&ctx),
                rows,
                errors,
                saved: false,
            })?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(CodesRefused::Error(e)) => Err(e),
    }
}
