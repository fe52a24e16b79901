//! The assessment forms: create (`/assessments/new?class_id=&subject_id=&period_id=`), edit
//! (`/assessments/{id}/edit`) and delete after a confirmation that says how many marks go with
//! it (`/assessments/{id}/delete`). The service checks the fields, the teacher and the period;
//! refused fields come back next to their inputs and nothing is written.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::{Form, Query};
use serde::Deserialize;

use super::{Sheet, open_assessment, open_sheet, overview::Purpose};
use crate::{
    AppState,
    accounts::service::Refused,
    auth::context::{Auth, CurrentUser, RequestCtx},
    error::AppError,
    gradebook::{
        repo,
        results_pages::points,
        service::{self, AssessmentForm, Author, KINDS},
    },
    structure::model::format_coefficient,
    web::{
        form::Errors,
        layout::{Shell, render},
    },
};

/// Where a new assessment goes, as given in the query or the form.
#[derive(Debug, Default, Deserialize)]
pub struct TargetQuery {
    #[serde(default)]
    class_id: String,
    #[serde(default)]
    subject_id: String,
    #[serde(default)]
    period_id: String,
}

impl TargetQuery {
    fn ids(&self) -> Result<(i64, i64, Option<i64>), AppError> {
        let id = |s: &str| s.trim().parse::<i64>().map_err(|_| AppError::NotFound);
        let period = match self.period_id.trim() {
            "" => None,
            p => Some(id(p)?),
        };
        Ok((id(&self.class_id)?, id(&self.subject_id)?, period))
    }
}

/// The form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct AssessmentInput {
    #[serde(default)]
    title: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    max: String,
    #[serde(default)]
    coefficient: String,
    #[serde(default)]
    rule: String,
    #[serde(default)]
    published_on: String,
    #[serde(default)]
    class_id: String,
    #[serde(default)]
    subject_id: String,
    #[serde(default)]
    period_id: String,
}

impl AssessmentInput {
    fn form(&self) -> AssessmentForm {
        AssessmentForm {
            title: self.title.clone(),
            date: self.date.clone(),
            kind: self.kind.clone(),
            max: self.max.clone(),
            coefficient: self.coefficient.clone(),
            rule: self.rule.clone(),
            published_on: self.published_on.clone(),
        }
    }

    fn target(&self) -> TargetQuery {
        TargetQuery {
            class_id: self.class_id.clone(),
            subject_id: self.subject_id.clone(),
            period_id: self.period_id.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "gradebook/assessment_form.html")]
struct FormPage {
    s: Shell,
    /// The assessment edited; `None` for a new one.
    id: Option<i64>,
    class_id: i64,
    subject_id: i64,
    period_id: i64,
    class_name: String,
    subject_name: String,
    period_name: String,
    period_starts: String,
    period_ends: String,
    back: String,
    closed: bool,
    form: AssessmentForm,
    kinds: Vec<(&'static str, String)>,
    errors: Errors,
}

impl FormPage {
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/assessments/{id}/edit"),
            None => "/assessments/new".to_owned(),
        }
    }

    fn is_kind(&self, kind: &str) -> bool {
        self.form.kind == kind
    }

    fn is_rule(&self, rule: &str) -> bool {
        self.form.rule == rule || (rule == "normal" && self.form.rule.is_empty())
    }
}

fn form_page(
    ctx: &RequestCtx,
    sheet: &Sheet,
    id: Option<i64>,
    form: AssessmentForm,
    errors: Errors,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    render(&FormPage {
        s: Shell::new(ctx),
        id,
        class_id: sheet.class.id,
        subject_id: sheet.subject.id,
        period_id: sheet.period.id,
        class_name: sheet.class.name.clone(),
        subject_name: sheet.subject.name.clone(),
        period_name: sheet.period.name.clone(),
        period_starts: sheet.period.starts_on.clone(),
        period_ends: sheet.period.ends_on.clone(),
        back: sheet.gradebook_url(),
        closed: sheet.closed,
        form,
        kinds: KINDS
            .iter()
            .map(|k| (*k, super::kind_label(k, lang)))
            .collect(),
        errors,
    })
}

fn author(ctx: &RequestCtx, user: &CurrentUser) -> Result<Author, AppError> {
    Author::from_user(user, ctx.audit()).ok_or(AppError::NotFound)
}

/// A refused form: 422 with the fields, or the error.
fn refused(
    ctx: &RequestCtx,
    sheet: &Sheet,
    id: Option<i64>,
    form: AssessmentForm,
    r: Refused,
) -> Result<Response, AppError> {
    match r {
        Refused::Fields(list) => {
            let page = form_page(ctx, sheet, id, form, Errors::new(ctx.lang, list))?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Refused::Error(e) => Err(e),
    }
}

pub async fn new_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Query(q): Query<TargetQuery>,
) -> Result<Response, AppError> {
    if q.class_id.trim().is_empty() || q.subject_id.trim().is_empty() {
        // Not said where yet: choose the class and subject first.
        let period = super::overview::PeriodQuery {
            period_id: Some(q.period_id.clone()).filter(|p| !p.trim().is_empty()),
        };
        return super::overview::overview(&state, &ctx, &user, &period, Purpose::NewAssessment)
            .await;
    }
    let (class_id, subject_id, period_id) = q.ids()?;
    let sheet = open_sheet(&state, &ctx, &user, class_id, subject_id, period_id).await?;
    let in_period = sheet.period.starts_on <= sheet.today && sheet.today <= sheet.period.ends_on;
    let form = AssessmentForm {
        date: if in_period {
            sheet.today.clone()
        } else {
            String::new()
        },
        kind: "devoir".to_owned(),
        max: "20".to_owned(),
        coefficient: "1".to_owned(),
        rule: "normal".to_owned(),
        ..AssessmentForm::default()
    };
    form_page(&ctx, &sheet, None, form, Errors::none(ctx.lang))
}

pub async fn create(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(input): Form<AssessmentInput>,
) -> Result<Response, AppError> {
    let (class_id, subject_id, period_id) = input.target().ids()?;
    let sheet = open_sheet(&state, &ctx, &user, class_id, subject_id, period_id).await?;
    let form = input.form();
    let author = author(&ctx, &user)?;
    match service::create_assessment(&state, &author, sheet.target(), &form).await {
        Ok(id) => Ok(Redirect::to(&format!("/assessments/{id}/marks")).into_response()),
        Err(r) => refused(&ctx, &sheet, None, form, r),
    }
}

pub async fn edit_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (sheet, a) = open_assessment(&state, &ctx, &user, id).await?;
    let lang = ctx.lang;
    let form = AssessmentForm {
        title: a.title,
        date: a.date,
        kind: a.kind,
        max: points(a.max_hundredths, lang),
        coefficient: format_coefficient(a.coefficient_hundredths, lang),
        rule: a.rule,
        published_on: a.published_on.unwrap_or_default(),
    };
    form_page(&ctx, &sheet, Some(id), form, Errors::none(lang))
}

pub async fn update(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
    Form(input): Form<AssessmentInput>,
) -> Result<Response, AppError> {
    let (sheet, _) = open_assessment(&state, &ctx, &user, id).await?;
    let form = input.form();
    let author = author(&ctx, &user)?;
    match service::update_assessment(&state, &author, id, &form).await {
        Ok(()) => Ok(Redirect::to(&sheet.gradebook_url()).into_response()),
        Err(r) => refused(&ctx, &sheet, Some(id), form, r),
    }
}

#[derive(Template)]
#[template(path = "gradebook/confirm_delete.html")]
struct DeletePage {
    s: Shell,
    id: i64,
    title: String,
    marks: usize,
    back: String,
    closed: bool,
}

pub async fn delete_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (sheet, a) = open_assessment(&state, &ctx, &user, id).await?;
    let marks = repo::marks_of(&state.db.pool, sheet.scope, id).await?.len();
    render(&DeletePage {
        s: Shell::new(&ctx),
        id,
        title: a.title,
        marks,
        back: sheet.gradebook_url(),
        closed: sheet.closed,
    })
}

pub async fn delete(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (sheet, _) = open_assessment(&state, &ctx, &user, id).await?;
    let author = author(&ctx, &user)?;
    match service::delete_assessment(&state, &author, id).await {
        Ok(()) => Ok(Redirect::to(&sheet.gradebook_url()).into_response()),
        Err(Refused::Fields(list)) => Err(AppError::Validation(list)),
        Err(Refused::Error(e)) => Err(e),
    }
}
