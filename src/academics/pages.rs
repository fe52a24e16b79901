//! Student pages: the list (`/students`), a student's record (`/students/{id}`), and the
//! exact lookup by national ID (`/students/lookup`).

use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::Query;
use serde::Deserialize;

use super::{
    import::Status,
    repo::{self, ClassOption, StudentFilter, StudentLine, StudentRow},
    service::{self, Lookup, StudentView},
};
use crate::{
    AppState,
    auth::{
        context::Auth,
        policy::{self, Action, Scope},
    },
    error::AppError,
    web::layout::{Shell, render},
};

const PER_PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct StudentsQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    class: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "academics/students.html")]
struct StudentsPage {
    s: Shell,
    students: Vec<StudentRow>,
    total: i64,
    page: i64,
    pages: i64,
    /// The whole school with filters (else only the user's own students).
    school_wide: bool,
    can_lookup: bool,
    can_manage: bool,
    /// Links to the import and export pages.
    can_import: bool,
    classes: Vec<ClassOption>,
    class: Option<i64>,
    /// The status filter (a status code), if any.
    status: Option<&'static str>,
    statuses: &'static [Status],
    q: String,
}

impl StudentsPage {
    fn page_url(&self, page: &i64) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            q.append_pair("q", &self.q);
        }
        if let Some(class) = self.class {
            q.append_pair("class", &class.to_string());
        }
        if let Some(status) = self.status {
            q.append_pair("status", status);
        }
        q.append_pair("page", &page.to_string());
        format!("/students?{}", q.finish())
    }

    fn is_class(&self, id: &i64) -> bool {
        self.class == Some(*id)
    }

    fn is_status(&self, status: &Status) -> bool {
        self.status == Some(status.as_str())
    }

    fn status_label(&self, status: &Status) -> String {
        self.s.t(crate::people::pages::status_key(status))
    }
}

/// The school's students for those who see the whole school; for a teacher, parent or student
/// (who see their own students only), the students they are related to, with the search but
/// not the class and status filters.
pub async fn students_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Query(query): Query<StudentsQuery>,
) -> Result<Response, AppError> {
    let school_wide = policy::allows(&user, Action::ViewStudent, Scope::SameSchool);
    if !school_wide {
        policy::require_on(&state, &ctx, &user, Action::ViewStudent, Scope::Own).await?;
    }
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let class = query
        .class
        .as_deref()
        .and_then(|c| c.trim().parse::<i64>().ok());
    let status = query
        .status
        .as_deref()
        .and_then(|s| Status::ALL.iter().find(|x| x.as_str() == s))
        .map(|s| s.as_str());
    let filter = if school_wide {
        StudentFilter {
            search: query.q.clone(),
            class_id: class,
            status,
            own: None,
        }
    } else {
        // A teacher may follow hundreds of students: the search works within their own.
        StudentFilter {
            search: query.q.clone(),
            own: Some(service::own_students(&user)),
            ..StudentFilter::default()
        }
    };
    let pool = &state.db.pool;
    let requested = query.page.unwrap_or(1).max(1);
    let (mut students, total) =
        repo::list_students(pool, scope, &filter, PER_PAGE, (requested - 1) * PER_PAGE).await?;
    // A page past the end (a stale link, a narrower filter) shows the last page instead.
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let page = requested.min(pages);
    if page != requested {
        students = repo::list_students(pool, scope, &filter, PER_PAGE, (page - 1) * PER_PAGE)
            .await?
            .0;
    }
    let classes = if school_wide {
        repo::class_options(pool, scope).await?
    } else {
        Vec::new()
    };
    render(&StudentsPage {
        s: Shell::new(&ctx),
        students,
        total,
        page,
        pages,
        school_wide,
        can_lookup: policy::allows(&user, Action::FindStudentByNationalId, Scope::SameSchool),
        can_manage: policy::allows(&user, Action::ManageStudents, Scope::SameSchool),
        can_import: policy::allows(&user, Action::ImportStudents, Scope::SameSchool),
        classes,
        class: if school_wide { class } else { None },
        status: if school_wide { status } else { None },
        statuses: Status::ALL,
        q: query.q.unwrap_or_default().trim().to_owned(),
    })
}

#[derive(Template)]
#[template(path = "academics/student.html")]
struct StudentPage {
    s: Shell,
    v: StudentView,
    can_manage: bool,
    /// Guardians' names link to their page (staff who see every guardian).
    can_see_guardians: bool,
    /// May add guardians to the student and remove them.
    can_manage_guardians: bool,
    /// The class name links to the class page (staff, and the class's teachers).
    can_see_class: bool,
    /// Links to the student's results (staff who read grades, the student, their guardians).
    can_see_results: bool,
    can_see_bulletins: bool,
}

impl StudentPage {
    fn sex_label(&self) -> String {
        match self.v.record.sex.as_deref() {
            Some("F") => self.s.t("student-sex-f"),
            Some("M") => self.s.t("student-sex-m"),
            _ => self.s.t("student-not-recorded"),
        }
    }

    fn relationship_label(&self, relationship: &str) -> String {
        self.s.t(match relationship {
            "mother" => "student-relationship-mother",
            "father" => "student-relationship-father",
            "guardian" => "student-relationship-guardian",
            _ => "student-relationship-other",
        })
    }

    /// The class whose page the student's class name links to, if the user may see it.
    fn class_link(&self) -> Option<i64> {
        self.v.record.class_id.filter(|_| self.can_see_class)
    }

    fn status_label(&self) -> String {
        self.s.t(match self.v.record.status.as_str() {
            "left" => "student-status-left",
            "graduated" => "student-status-graduated",
            _ => "student-status-enrolled",
        })
    }
}

pub async fn student_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let v = service::view_student(&state, &ctx, &user, id).await?;
    render(&StudentPage {
        s: Shell::new(&ctx),
        v,
        can_manage: policy::allows(&user, Action::ManageStudents, Scope::SameSchool),
        can_see_guardians: policy::allows(&user, Action::ViewGuardian, Scope::SameSchool),
        can_manage_guardians: policy::allows(&user, Action::ManageGuardians, Scope::SameSchool),
        can_see_class: policy::allows(&user, Action::ViewClass, Scope::Own),
        can_see_results: policy::allows(&user, Action::ViewGrades, Scope::Own),
        can_see_bulletins: policy::allows(&user, Action::ViewBulletins, Scope::Own),
    })
}

#[derive(Template)]
#[template(path = "academics/lookup.html")]
struct LookupPage {
    s: Shell,
    /// `None` before a search; the matches after one.
    found: Option<Vec<StudentLine>>,
    blank: bool,
}

pub async fn lookup_page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::FindStudentByNationalId).await?;
    render(&LookupPage {
        s: Shell::new(&ctx),
        found: None,
        blank: false,
    })
}

#[derive(Deserialize)]
pub struct LookupForm {
    #[serde(default)]
    national_id: String,
}

/// One match goes straight to the student's record; none or several render the lookup page.
/// A POST, so the ID stays out of URLs, logs and browser history.
pub async fn lookup(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(form): Form<LookupForm>,
) -> Result<Response, AppError> {
    policy::require(&state, &ctx, &user, Action::FindStudentByNationalId).await?;
    let scope = user.scope().ok_or(AppError::Forbidden)?;
    let (found, blank) =
        match service::lookup_national_id(&state, scope, &ctx.audit(), &form.national_id).await? {
            Lookup::Blank => (None, true),
            Lookup::Found(found) => {
                if let [one] = found.as_slice() {
                    return Ok(Redirect::to(&format!("/students/{}", one.id)).into_response());
                }
                (Some(found), false)
            }
        };
    render(&LookupPage {
        s: Shell::new(&ctx),
        found,
        blank,
    })
}
