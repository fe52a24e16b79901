//! Adding guardians from the student's page (`/students/{id}/guardians`): link an existing
//! guardian found by name, e-mail or phone, or create a new one already linked; and remove a
//! link. For users who manage guardians.

use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::Query;
use serde::Deserialize;

use super::{
    guardian_pages::relationship_key,
    guardians,
    input::{GuardianForm, LinkInput, parse_relationship},
    repo::{self, GuardianFilter, GuardianListRow, StudentCurrent},
};
use crate::{
    AppState,
    academics::import::Relationship,
    accounts::service::Refused,
    auth::{
        context::{Auth, CurrentUser, RequestCtx},
        policy::{self, Action},
    },
    error::AppError,
    schools::{SchoolScope, model::FieldErrors},
    web::{
        form::Errors,
        layout::{Shell, render},
    },
};

/// How many matches the search shows; more ask for a narrower search.
const MATCHES: i64 = 20;

/// The "add a guardian" forms as submitted: the chosen existing guardian (link form) or the
/// new guardian's fields (create form), with the link's relationship and flags.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct AddGuardianForm {
    #[serde(default)]
    q: String,
    #[serde(default)]
    guardian_id: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    phone_alt: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    relationship: String,
    #[serde(default)]
    legal_guardian: Option<String>,
    #[serde(default)]
    receives_notices: Option<String>,
}

impl AddGuardianForm {
    fn blank(q: String) -> Self {
        Self {
            q,
            legal_guardian: Some("on".into()),
            receives_notices: Some("on".into()),
            ..Self::default()
        }
    }

    fn guardian(&self) -> GuardianForm {
        GuardianForm {
            last_name: self.last_name.clone(),
            first_name: self.first_name.clone(),
            phone: self.phone.clone(),
            phone_alt: self.phone_alt.clone(),
            email: self.email.clone(),
            address: self.address.clone(),
        }
    }

    fn link(&self, errors: &mut FieldErrors) -> Option<LinkInput> {
        parse_relationship(errors, &self.relationship).map(|relationship| LinkInput {
            relationship,
            legal_guardian: self.legal_guardian.is_some(),
            receives_notices: self.receives_notices.is_some(),
        })
    }
}

/// Which of the page's two forms was submitted (its errors show there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Submitted {
    None,
    Link,
    Create,
}

#[derive(Template)]
#[template(path = "people/student_guardians.html")]
struct AddGuardianPage {
    s: Shell,
    student: StudentCurrent,
    form: AddGuardianForm,
    /// `None` before a search.
    matches: Option<Vec<GuardianListRow>>,
    /// More matches than shown.
    more: bool,
    /// The guardians already linked to the student (marked in the matches).
    linked: Vec<i64>,
    link_errors: Errors,
    errors: Errors,
    relationships: &'static [Relationship],
}

impl AddGuardianPage {
    fn relationship_label(&self, code: &str) -> String {
        self.s.t(relationship_key(code))
    }

    fn is_relationship(&self, r: &Relationship) -> bool {
        Relationship::parse(&self.form.relationship).ok() == Some(*r)
    }

    fn is_linked(&self, id: &i64) -> bool {
        self.linked.contains(id)
    }

    fn is_chosen(&self, id: &i64) -> bool {
        self.form.guardian_id == id.to_string()
    }

    fn student_name(&self) -> String {
        format!("{} {}", self.student.first_name, self.student.last_name)
    }
}

async fn manager_scope(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
) -> Result<SchoolScope, AppError> {
    policy::require(state, ctx, user, Action::ManageGuardians).await?;
    user.scope().ok_or(AppError::Forbidden)
}

fn parse_id(raw: &str) -> Result<i64, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

async fn student(
    state: &AppState,
    scope: SchoolScope,
    id: i64,
) -> Result<StudentCurrent, AppError> {
    repo::student_current(&state.db.pool, scope, id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn page(
    state: &AppState,
    ctx: &RequestCtx,
    scope: SchoolScope,
    student: StudentCurrent,
    form: AddGuardianForm,
    (submitted, errors): (Submitted, FieldErrors),
) -> Result<Response, AppError> {
    let search = form.q.trim();
    let (matches, more) = if search.is_empty() {
        (None, false)
    } else {
        let filter = GuardianFilter {
            search: Some(search.to_owned()),
            ..GuardianFilter::default()
        };
        let (rows, total) =
            repo::list_guardians(&state.db.pool, scope, &filter, MATCHES, 0).await?;
        (Some(rows), total > MATCHES)
    };
    let linked = crate::academics::repo::guardians_of(&state.db.pool, scope, student.id)
        .await?
        .iter()
        .map(|g| g.id)
        .collect();
    let (link_errors, errors) = match submitted {
        Submitted::Link => (errors, Vec::new()),
        Submitted::Create => (Vec::new(), errors),
        Submitted::None => (Vec::new(), Vec::new()),
    };
    let failed = submitted != Submitted::None;
    let page = render(&AddGuardianPage {
        s: Shell::new(ctx),
        student,
        form,
        matches,
        more,
        linked,
        link_errors: Errors::new(ctx.lang, link_errors),
        errors: Errors::new(ctx.lang, errors),
        relationships: Relationship::ALL,
    })?;
    Ok(if failed {
        (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
    } else {
        page
    })
}

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: Option<String>,
}

/// The page: search for an existing guardian, or create a new one.
pub async fn add_guardian_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let scope = manager_scope(&state, &ctx, &user).await?;
    let student = student(&state, scope, id).await?;
    let form = AddGuardianForm::blank(query.q.unwrap_or_default().trim().to_owned());
    page(
        &state,
        &ctx,
        scope,
        student,
        form,
        (Submitted::None, Vec::new()),
    )
    .await
}

/// Links the chosen existing guardian to the student.
pub async fn link_existing(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
    Form(form): Form<AddGuardianForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let scope = manager_scope(&state, &ctx, &user).await?;
    let student = student(&state, scope, id).await?;
    let mut errors = FieldErrors::new();
    let guardian = match form.guardian_id.trim().parse::<i64>() {
        Ok(g) if repo::guardian(&state.db.pool, scope, g).await?.is_some() => Some(g),
        _ => {
            errors.push(("guardian_id", "people-error-choose-guardian"));
            None
        }
    };
    let mut link_errors = FieldErrors::new();
    let link = form.link(&mut link_errors);
    errors.extend(link_errors.into_iter().map(|(f, m)| {
        (
            if f == "relationship" {
                "link_relationship"
            } else {
                f
            },
            m,
        )
    }));
    let outcome = match (guardian, link) {
        (Some(g), Some(link)) if errors.is_empty() => {
            guardians::link(&state, scope, &ctx.audit(), g, id, &link).await
        }
        _ => Err(Refused::Fields(errors)),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/students/{id}#h-guardians")).into_response()),
        Err(Refused::Fields(errors)) => {
            page(
                &state,
                &ctx,
                scope,
                student,
                form,
                (Submitted::Link, errors),
            )
            .await
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

/// Creates a new guardian linked to the student, in one transaction.
pub async fn create_linked(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
    Form(form): Form<AddGuardianForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let scope = manager_scope(&state, &ctx, &user).await?;
    let student = student(&state, scope, id).await?;
    let (input, mut errors) = match form.guardian().parse() {
        Ok(input) => (Some(input), FieldErrors::new()),
        Err(errors) => (None, errors),
    };
    let link = form.link(&mut errors);
    let outcome = match (input, link) {
        (Some(input), Some(link)) if errors.is_empty() => {
            guardians::create_linked_guardian(&state, scope, &ctx.audit(), id, &input, &link).await
        }
        _ => Err(Refused::Fields(errors)),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/students/{id}#h-guardians")).into_response()),
        Err(Refused::Fields(errors)) => {
            page(
                &state,
                &ctx,
                scope,
                student,
                form,
                (Submitted::Create, errors),
            )
            .await
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

/// Removes a guardian from the student (the guardian's record stays).
pub async fn unlink(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path((id, guardian_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let guardian_id = parse_id(&guardian_id)?;
    let scope = manager_scope(&state, &ctx, &user).await?;
    guardians::unlink(&state, scope, &ctx.audit(), guardian_id, id).await?;
    Ok(Redirect::to(&format!("/students/{id}#h-guardians")).into_response())
}
