//! `/gradebook`: where a teacher starts. Their classes × subjects of the current year over a
//! period (the current one unless they switch), each a link to the subject gradebook; the
//! school's administration sees every class, with the class gradebook of each.

use askama::Template;
use axum::{extract::State, response::Response};
use axum_extra::extract::Query;
use serde::Deserialize;

use crate::{
    AppState,
    auth::{
        context::{Auth, CurrentUser, RequestCtx},
        policy::{self, Action, Scope},
    },
    error::AppError,
    gradebook::{repo, results::default_period},
    schools::repo as schools_repo,
    structure::{
        repo::{self as structure_repo, ClassFilter},
        service::school_today,
    },
    web::layout::{Shell, render},
};

#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    #[serde(default)]
    pub period_id: Option<String>,
}

/// What the page is for: opening a subject's gradebook, or choosing where a new assessment
/// goes (`/assessments/new` without its class and subject).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Gradebook,
    NewAssessment,
}

/// A subject of a class, with its number of assessments in the period.
#[derive(Debug, Clone)]
pub struct SubjectLink {
    pub id: i64,
    pub name: String,
    pub color: String,
    pub assessments: i64,
}

/// A class and the subjects shown for it.
#[derive(Debug, Clone)]
pub struct ClassBlock {
    pub id: i64,
    pub name: String,
    pub level_name: String,
    pub students: i64,
    pub subjects: Vec<SubjectLink>,
}

#[derive(Template)]
#[template(path = "gradebook/overview.html")]
struct OverviewPage {
    s: Shell,
    periods: Vec<(i64, String)>,
    period_id: Option<i64>,
    classes: Vec<ClassBlock>,
    school_wide: bool,
    has_year: bool,
    purpose: Purpose,
}

impl OverviewPage {
    fn selected(&self, id: &i64) -> bool {
        self.period_id == Some(*id)
    }

    fn period(&self) -> i64 {
        self.period_id.unwrap_or_default()
    }

    fn choosing(&self) -> bool {
        self.purpose == Purpose::NewAssessment
    }

    /// Where a subject of a class leads.
    fn subject_url(&self, class_id: &i64, subject_id: &i64) -> String {
        match self.purpose {
            Purpose::Gradebook => format!(
                "/classes/{class_id}/gradebook/{subject_id}?period_id={}",
                self.period()
            ),
            Purpose::NewAssessment => format!(
                "/assessments/new?class_id={class_id}&subject_id={subject_id}&period_id={}",
                self.period()
            ),
        }
    }
}

fn push_line(blocks: &mut Vec<ClassBlock>, line: repo::TaughtSubject) {
    let subject = SubjectLink {
        id: line.subject_id,
        name: line.subject_name,
        color: line.subject_color,
        assessments: line.assessments,
    };
    match blocks.iter_mut().find(|b| b.id == line.class_id) {
        Some(block) => block.subjects.push(subject),
        None => blocks.push(ClassBlock {
            id: line.class_id,
            name: line.class_name,
            level_name: line.level_name,
            students: line.students,
            subjects: vec![subject],
        }),
    }
}

pub async fn page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    overview(&state, &ctx, &user, &q, Purpose::Gradebook).await
}

/// The user's classes × subjects over a period, each a link for the purpose.
pub async fn overview(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    q: &PeriodQuery,
    purpose: Purpose,
) -> Result<Response, AppError> {
    policy::require_on(state, ctx, user, Action::EnterMarks, Scope::Own).await?;
    let scope = user.scope().ok_or(AppError::NotFound)?;
    let school_wide = policy::allows(user, Action::EnterMarks, Scope::SameSchool);
    let pool = &state.db.pool;
    let Some(year) = structure_repo::current_year(pool, scope).await? else {
        return render(&OverviewPage {
            s: Shell::new(ctx),
            periods: Vec::new(),
            period_id: None,
            classes: Vec::new(),
            school_wide,
            has_year: false,
            purpose,
        });
    };
    let periods = structure_repo::list_periods(pool, scope, Some(year.id), 100, 0).await?;
    let school = schools_repo::get(pool, scope).await?;
    let today = school_today(&school, state.clock.as_ref()).to_string();
    let period_id = q
        .period_id
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|id| periods.iter().any(|p| p.id == *id))
        .or_else(|| default_period(&periods, &today));
    let mut classes: Vec<ClassBlock> = Vec::new();
    if school_wide {
        // Every class of the year, even those without an assignment yet.
        let filter = ClassFilter {
            year_id: Some(year.id),
            ..ClassFilter::default()
        };
        for c in structure_repo::list_classes(pool, scope, filter, 10_000, 0).await? {
            classes.push(ClassBlock {
                id: c.id,
                name: c.name,
                level_name: c.level_name,
                students: c.students,
                subjects: Vec::new(),
            });
        }
    }
    if let Some(period_id) = period_id {
        let teacher = (!school_wide).then_some(user.id);
        for line in repo::taught_subjects(pool, scope, year.id, period_id, teacher).await? {
            push_line(&mut classes, line);
        }
    }
    render(&OverviewPage {
        s: Shell::new(ctx),
        periods: periods.iter().map(|p| (p.id, p.name.clone())).collect(),
        period_id,
        classes,
        school_wide,
        has_year: true,
        purpose,
    })
}
