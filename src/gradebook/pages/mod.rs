//! The teacher's gradebook pages: the entry point (`/gradebook`: my classes × subjects over a
//! period), a class's gradebook in one subject (assessments as columns, students as rows, the
//! subject averages and the class statistics), the assessment forms, and the marks grid of one
//! assessment (a plain form without JavaScript, a keyboard-first autosaving grid with
//! `static/gradebook.js`).
//!
//! Who may open them: the school's administration (every class and subject) and a teacher
//! assigned to the class × subject for the period ([`Action::EnterMarks`]). The numbers come
//! from the computation core through [`service::gradebook`] and [`crate::gradebook::subject_average`];
//! every write goes through [`service`], which checks again, refuses a closed period and
//! writes the audit row.

mod assessments;
pub mod marks;
mod overview;
mod subject;

use axum::{Router, routing::get};

use super::{
    CodeTable, GradebookError,
    repo::{self, MarkCodeRow, ResultsClass},
    results::{Grading, default_period},
    results_pages::code_label,
    service::{AssessmentTarget, KINDS},
};
use crate::{
    AppState,
    accounts::model::Role,
    auth::{
        context::{CurrentUser, RequestCtx},
        policy::{self, Action, Routes, Scope, Subject},
    },
    error::AppError,
    schools::{SchoolScope, repo as schools_repo},
    structure::{
        model::is_closed,
        repo::{self as structure_repo, PeriodRow, SubjectRow},
        service::school_today,
    },
    web::i18n::Lang,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route_for("/gradebook", get(overview::page))
        .route_for("/classes/{id}/gradebook/{subject_id}", get(subject::page))
        .route_for(
            "/assessments/new",
            get(assessments::new_page).post(assessments::create),
        )
        .route_for(
            "/assessments/{id}/edit",
            get(assessments::edit_page).post(assessments::update),
        )
        .route_for(
            "/assessments/{id}/delete",
            get(assessments::delete_page).post(assessments::delete),
        )
        .route_for(
            "/assessments/{id}/marks",
            get(marks::page).post(marks::save),
        )
}

/// Checks the user may enter the marks of a class × subject × period: an administrator of the
/// school, or a teacher assigned to it. A refusal is audited by the policy.
pub async fn require_enter(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    target: AssessmentTarget,
) -> Result<SchoolScope, AppError> {
    let scope = user.scope().ok_or(AppError::NotFound)?;
    let teaches = repo::teaches(
        &state.db.pool,
        scope,
        user.id,
        target.class_id,
        target.subject_id,
        target.period_id,
    )
    .await?;
    let scope_of = |s: Subject| match s {
        Subject::Role(Role::Teacher) if teaches => Scope::Own,
        _ => Scope::SameSchool,
    };
    policy::require_by(state, ctx, user, Action::EnterMarks, scope_of).await?;
    Ok(scope)
}

/// A class × subject × period with what every page shows of it.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub scope: SchoolScope,
    pub class: ResultsClass,
    pub subject: SubjectRow,
    pub period: PeriodRow,
    /// The periods of the class's year, in order.
    pub periods: Vec<PeriodRow>,
    /// Whether the period is closed (the sheet is then read-only).
    pub closed: bool,
    /// The school's today, ISO.
    pub today: String,
    pub grading: Grading,
    /// The school's codes with their labels (empty while the school uses the defaults).
    pub code_rows: Vec<MarkCodeRow>,
}

impl Sheet {
    pub fn target(&self) -> AssessmentTarget {
        AssessmentTarget {
            class_id: self.class.id,
            subject_id: self.subject.id,
            period_id: self.period.id,
        }
    }

    /// The subject gradebook of the sheet.
    pub fn gradebook_url(&self) -> String {
        format!(
            "/classes/{}/gradebook/{}?period_id={}",
            self.class.id, self.subject.id, self.period.id
        )
    }

    /// The school's codes for the legend: (code, label, counts as 0).
    pub fn legend(&self, lang: Lang) -> Vec<(String, String, bool)> {
        if self.code_rows.is_empty() {
            CodeTable::french_default()
                .codes()
                .iter()
                .map(|c| {
                    (
                        c.code.clone(),
                        code_label(&[], &c.code, lang),
                        c.effect == super::CodeEffect::CountsAsZero,
                    )
                })
                .collect()
        } else {
            self.code_rows
                .iter()
                .map(|r| (r.code.clone(), r.label.clone(), r.counts_as_zero == 1))
                .collect()
        }
    }
}

/// Loads a class × subject × period (the period: the one asked for, else the one containing
/// the school's today) after checking the user may enter its marks. 404 when the class, the
/// subject or the period (of the class's year) does not exist; then 403.
pub async fn open_sheet(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    class_id: i64,
    subject_id: i64,
    period_id: Option<i64>,
) -> Result<Sheet, AppError> {
    let scope = user.scope().ok_or(AppError::NotFound)?;
    let pool = &state.db.pool;
    let class = repo::results_class(pool, scope, class_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let subject = structure_repo::subject(pool, scope, subject_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let periods = structure_repo::list_periods(pool, scope, Some(class.year_id), 100, 0).await?;
    let school = schools_repo::get(pool, scope).await?;
    let today = school_today(&school, state.clock.as_ref());
    let today_iso = today.to_string();
    let period_id = period_id
        .or_else(|| default_period(&periods, &today_iso))
        .ok_or(AppError::NotFound)?;
    let period = periods
        .iter()
        .find(|p| p.id == period_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let target = AssessmentTarget {
        class_id,
        subject_id,
        period_id,
    };
    require_enter(state, ctx, user, target).await?;
    Ok(Sheet {
        scope,
        closed: is_closed(&period.closes_on, period.closed_at, today),
        class,
        subject,
        period,
        periods,
        today: today_iso,
        grading: Grading::of_school(&school),
        code_rows: repo::mark_codes(pool, scope).await?,
    })
}

/// Loads an assessment with its sheet, after the same checks.
pub async fn open_assessment(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    id: i64,
) -> Result<(Sheet, repo::AssessmentRow), AppError> {
    let scope = user.scope().ok_or(AppError::NotFound)?;
    let a = repo::assessment(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sheet = open_sheet(
        state,
        ctx,
        user,
        a.class_id,
        a.subject_id,
        Some(a.period_id),
    )
    .await?;
    Ok((sheet, a))
}

/// The label of an assessment kind.
pub fn kind_label(kind: &str, lang: Lang) -> String {
    let kind = KINDS.into_iter().find(|k| *k == kind).unwrap_or("other");
    lang.t(&format!("gradebook-kind-{kind}"))
}

/// The label of an assessment rule (`None` for an ordinary mark).
pub fn rule_label(rule: &str, lang: Lang) -> Option<String> {
    match rule {
        "bonus" => Some(lang.t("gradebook-rule-bonus")),
        "raise_only" => Some(lang.t("gradebook-rule-raise-only")),
        _ => None,
    }
}

/// Whether an assessment is visible to families, as a sentence.
pub fn publication(published_on: Option<&str>, today: &str, lang: Lang) -> (bool, String) {
    use crate::web::layout::display_date;
    match published_on {
        Some(d) if d <= today => (
            true,
            lang.t_with("gradebook-published-on", &[("date", display_date(lang, d))]),
        ),
        Some(d) => (
            false,
            lang.t_with("gradebook-publishes-on", &[("date", display_date(lang, d))]),
        ),
        None => (false, lang.t("gradebook-not-published")),
    }
}

fn internal(e: GradebookError) -> AppError {
    AppError::Internal(anyhow::anyhow!(e))
}
