//! Gradebook storage: assessments and columns of marks written through the service, checked
//! against teaching assignments, closed periods, the class, the maximum and the school's
//! codes; the stored gradebook computes the same averages as the core; audit rows.

use eschool::{
    accounts::model::Role,
    accounts::service::Refused,
    audit::AuditCtx,
    error::AppError,
    gradebook::{
        AverageMode, Ratio,
        service::{self, AssessmentForm, AssessmentTarget, Author, MarkCell, MarksRefused},
        subject_average,
    },
};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp};

async fn bearer(app: &TestApp, username: &str) -> String {
    let r = Client::new()
        .post(app.url("/api/v2/auth/token"))
        .json(&json!({ "username": username, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "token for {username}");
    let body: Value = r.json().await.unwrap();
    format!("Bearer {}", body["access_token"].as_str().unwrap())
}

async fn call(app: &TestApp, auth: &str, method: Method, path: &str, body: Option<Value>) -> Value {
    let mut req = Client::new()
        .request(method, app.url(path))
        .header("authorization", auth);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let r = req.send().await.unwrap();
    assert!(r.status().is_success(), "{path}: {}", r.status());
    r.json().await.unwrap_or(Value::Null)
}

async fn post_id(app: &TestApp, auth: &str, path: &str, body: Value) -> i64 {
    call(app, auth, Method::POST, path, Some(body)).await["id"]
        .as_i64()
        .unwrap()
}

async fn audit_rows(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND resource_type = 'assessment'",
    )
    .bind(action)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap()
}

async fn add_student(app: &TestApp, school: i64, class: Option<i64>, matricule: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO students (school_id, matricule, first_name, last_name, class_id, created_at) \
         VALUES ($1, $2, 'Awa', 'Diop', $3, 0) RETURNING id",
    )
    .bind(school)
    .bind(matricule)
    .bind(class)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap()
}

/// A school with a year and its periods, a class 6e A of three students, subjects MATH and
/// FRA, a teacher `prof` assigned to MATH in 6e A and a teacher `autre` assigned to nothing.
struct Fixture {
    app: TestApp,
    school: i64,
    periods: Vec<i64>,
    class: i64,
    math: i64,
    french: i64,
    students: Vec<i64>,
    prof: Author,
    other_teacher: Author,
    admin: Author,
}

async fn author(app: &TestApp, school: i64, user: i64) -> Author {
    Author::member(&app.state, school, user, AuditCtx::default())
        .await
        .unwrap()
        .expect("a member")
}

async fn fixture() -> Fixture {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    let prof = app.create_user(school, "prof", &[Role::Teacher]).await;
    let autre = app.create_user(school, "autre", &[Role::Teacher]).await;
    let admin = bearer(&app, "admin").await;
    let year = post_id(
        &app,
        &admin,
        "/api/v2/academic-years",
        json!({ "name": "2026-2027", "starts_on": "2026-09-01", "ends_on": "2027-07-04" }),
    )
    .await;
    let periods = call(
        &app,
        &admin,
        Method::GET,
        &format!("/api/v2/periods?year_id={year}"),
        None,
    )
    .await;
    let periods: Vec<i64> = periods["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    let level = post_id(&app, &admin, "/api/v2/levels", json!({ "name": "6e" })).await;
    let math = post_id(
        &app,
        &admin,
        "/api/v2/subjects",
        json!({ "code": "MATH", "name": "Mathématiques", "color": "#B91C1C" }),
    )
    .await;
    let french = post_id(
        &app,
        &admin,
        "/api/v2/subjects",
        json!({ "code": "FRA", "name": "Français", "color": "#1d4ed8" }),
    )
    .await;
    let class = post_id(
        &app,
        &admin,
        "/api/v2/classes",
        json!({ "year_id": year, "level_id": level, "name": "6e A" }),
    )
    .await;
    post_id(
        &app,
        &admin,
        "/api/v2/teaching-assignments",
        json!({ "teacher_id": prof, "class_id": class, "subject_id": math }),
    )
    .await;
    let mut students = Vec::new();
    for m in ["A1", "A2", "A3"] {
        students.push(add_student(&app, school, Some(class), m).await);
    }
    let admin_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'admin'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    Fixture {
        prof: author(&app, school, prof).await,
        other_teacher: author(&app, school, autre).await,
        admin: author(&app, school, admin_id).await,
        app,
        school,
        periods,
        class,
        math,
        french,
        students,
    }
}

fn form(title: &str, max: &str, coefficient: &str) -> AssessmentForm {
    AssessmentForm {
        title: title.to_owned(),
        date: "2027-01-15".to_owned(),
        kind: "devoir".to_owned(),
        max: max.to_owned(),
        coefficient: coefficient.to_owned(),
        rule: String::new(),
        published_on: String::new(),
    }
}

/// The form dated in the third trimester.
fn in_third(mut form: AssessmentForm) -> AssessmentForm {
    form.date = "2027-05-15".to_owned();
    form
}

fn cells(values: &[(i64, &str)]) -> Vec<MarkCell> {
    values
        .iter()
        .map(|(student_id, value)| MarkCell {
            student_id: *student_id,
            value: (*value).to_owned(),
        })
        .collect()
}

impl Fixture {
    fn math(&self, period: usize) -> AssessmentTarget {
        AssessmentTarget {
            class_id: self.class,
            subject_id: self.math,
            period_id: self.periods[period],
        }
    }

    async fn marks(&self) -> i64 {
        self.app.count("marks").await
    }
}

#[tokio::test]
async fn a_teacher_enters_a_column_and_the_stored_average_matches_the_core() {
    let f = fixture().await;
    let state = &f.app.state;
    let target = f.math(1);
    let ds = service::create_assessment(state, &f.prof, target, &form("Devoir 1", "", "1"))
        .await
        .unwrap();
    let quiz = service::create_assessment(state, &f.prof, target, &form("Interro", "10", "0,5"))
        .await
        .unwrap();
    let [a, b, c] = f.students[..] else { panic!() };
    let saved = service::save_marks(
        state,
        &f.prof,
        ds,
        &cells(&[(a, "18"), (b, "12,5"), (c, "abs")]),
    )
    .await
    .unwrap();
    assert_eq!(saved, 3);
    service::save_marks(
        state,
        &f.prof,
        quiz,
        &cells(&[(a, "2"), (b, "Z"), (c, "7.25")]),
    )
    .await
    .unwrap();
    assert_eq!(f.marks().await, 6);
    assert_eq!(f.app.count("mark_codes").await, 6, "French defaults seeded");
    assert_eq!(audit_rows(&f.app, "record.create").await, 2);
    assert_eq!(audit_rows(&f.app, "record.update").await, 2);

    // Saving the same column again changes nothing and writes no audit row.
    let again = service::save_marks(
        state,
        &f.prof,
        quiz,
        &cells(&[(a, "2"), (b, "z"), (c, "7,25")]),
    )
    .await
    .unwrap();
    assert_eq!(again, 0);
    assert_eq!(audit_rows(&f.app, "record.update").await, 2);

    let book = service::gradebook(state, f.admin.scope(), target)
        .await
        .unwrap();
    assert_eq!(book.assessments.len(), 2);
    // a: 18/20 coef 1 and 2/10 coef 0.5 → (18 + 0.5 × 4) / 1.5 = 13.33…
    let avg = |s| {
        subject_average(book.student_marks(s), &book.codes, AverageMode::Normalized)
            .unwrap()
            .average
    };
    assert_eq!(avg(a), Ratio::new(40, 3));
    // b: 12.5 and Z (counts as 0) → 12.5 / 1.5 = 8.33…
    assert_eq!(avg(b), Ratio::new(25, 3));
    // c: ABS left out, 7.25/10 → 14.5
    assert_eq!(avg(c), Ratio::new(29, 2));

    // Clearing a cell removes the mark.
    service::save_marks(state, &f.prof, quiz, &cells(&[(c, " ")]))
        .await
        .unwrap();
    assert_eq!(f.marks().await, 5);

    // A change after the publication date is audited as such.
    let mut published = form("Interro", "10", "0,5");
    published.published_on = "2026-11-24".to_owned();
    service::update_assessment(state, &f.prof, quiz, &published)
        .await
        .unwrap();
    service::save_marks(state, &f.prof, quiz, &cells(&[(b, "3")]))
        .await
        .unwrap();
    assert_eq!(
        audit_rows(&f.app, "marks.change_after_publication").await,
        1
    );

    // A maximum below an entered mark is refused; deleting removes the marks too.
    let err = service::update_assessment(state, &f.prof, ds, &form("Devoir 1", "15", "1")).await;
    assert!(matches!(err, Err(Refused::Fields(ref e)) if e == &[("max", "gradebook-error-max")]));
    service::delete_assessment(state, &f.admin, ds)
        .await
        .unwrap();
    assert_eq!(f.marks().await, 2);
    assert_eq!(audit_rows(&f.app, "record.delete").await, 1);
}

#[tokio::test]
async fn bad_cells_refuse_the_whole_column_and_change_nothing() {
    let f = fixture().await;
    let state = &f.app.state;
    let id = service::create_assessment(state, &f.prof, f.math(1), &form("Devoir", "20", "2"))
        .await
        .unwrap();
    let [a, b, c] = f.students[..] else { panic!() };
    service::save_marks(state, &f.prof, id, &cells(&[(a, "10")]))
        .await
        .unwrap();
    let outsider = add_student(&f.app, f.school, None, "X1").await;
    let refused = service::save_marks(
        state,
        &f.prof,
        id,
        &cells(&[(a, "20,5"), (b, "XYZ"), (c, "12,345"), (outsider, "10")]),
    )
    .await;
    let Err(MarksRefused::Cells(errors)) = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(
        errors,
        vec![
            (a, "gradebook-error-points"),
            (b, "gradebook-error-code"),
            (c, "gradebook-error-points"),
            (outsider, "gradebook-error-student"),
        ]
    );
    assert_eq!(f.marks().await, 1, "nothing changed");
    let book = service::gradebook(state, f.admin.scope(), f.math(1))
        .await
        .unwrap();
    assert_eq!(book.student_marks(a).len(), 1);
    assert_eq!(audit_rows(&f.app, "record.update").await, 1);

    // Bad assessment fields come back all at once.
    let mut bad = form("", "0", "100");
    bad.kind = "exam".to_owned();
    bad.date = "20/11/2026".to_owned();
    let Err(Refused::Fields(errors)) =
        service::create_assessment(state, &f.prof, f.math(1), &bad).await
    else {
        panic!()
    };
    let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["title", "date", "kind", "max", "coefficient"]);
    // A date outside the period, a period of another year.
    let r =
        service::create_assessment(state, &f.prof, f.math(1), &in_third(form("X", "", ""))).await;
    assert!(
        matches!(r, Err(Refused::Fields(ref e)) if e == &[("date", "gradebook-error-date-period")]),
        "{r:?}"
    );
    assert_eq!(f.app.count("assessments").await, 1);
}

#[tokio::test]
async fn unassigned_teachers_closed_periods_and_other_schools_are_refused() {
    let f = fixture().await;
    let state = &f.app.state;
    let id = service::create_assessment(state, &f.prof, f.math(1), &form("Devoir", "", ""))
        .await
        .unwrap();
    let [a, ..] = f.students[..] else { panic!() };

    // A teacher not assigned to the class × subject.
    let r =
        service::create_assessment(state, &f.other_teacher, f.math(1), &form("X", "", "")).await;
    assert!(
        matches!(r, Err(Refused::Error(AppError::Forbidden))),
        "{r:?}"
    );
    let r = service::save_marks(state, &f.other_teacher, id, &cells(&[(a, "10")])).await;
    assert!(
        matches!(r, Err(MarksRefused::Error(AppError::Forbidden))),
        "{r:?}"
    );
    // Nor is prof assigned to French.
    let french = AssessmentTarget {
        subject_id: f.french,
        ..f.math(1)
    };
    let r = service::create_assessment(state, &f.prof, french, &form("X", "", "")).await;
    assert!(
        matches!(r, Err(Refused::Error(AppError::Forbidden))),
        "{r:?}"
    );

    // A closed period.
    let admin = bearer(&f.app, "admin").await;
    let closed = f.periods[2];
    let closed_id =
        service::create_assessment(state, &f.prof, f.math(2), &in_third(form("Avant", "", "")))
            .await
            .unwrap();
    call(
        &f.app,
        &admin,
        Method::POST,
        &format!("/api/v2/periods/{closed}/close"),
        None,
    )
    .await;
    let r = service::create_assessment(state, &f.prof, f.math(2), &in_third(form("Après", "", "")))
        .await;
    assert!(
        matches!(r, Err(Refused::Fields(ref e)) if e == &[("period_id", "gradebook-error-period-closed")]),
        "{r:?}"
    );
    let r = service::save_marks(state, &f.admin, closed_id, &cells(&[(a, "10")])).await;
    assert!(matches!(r, Err(MarksRefused::Fields(_))), "{r:?}");
    let r = service::delete_assessment(state, &f.admin, closed_id).await;
    assert!(matches!(r, Err(Refused::Fields(_))), "{r:?}");

    // Another school's administrator sees nothing of this school's assessments.
    let other = f.app.create_school("AUTRE", "Collège Autre").await;
    let their_admin = f
        .app
        .create_user(other, "directrice", &[Role::SchoolAdmin])
        .await;
    let them = author(&f.app, other, their_admin).await;
    let r = service::save_marks(state, &them, id, &cells(&[(a, "10")])).await;
    assert!(
        matches!(r, Err(MarksRefused::Error(AppError::NotFound))),
        "{r:?}"
    );
    let r = service::delete_assessment(state, &them, id).await;
    assert!(
        matches!(r, Err(Refused::Error(AppError::NotFound))),
        "{r:?}"
    );
    let r = service::create_assessment(state, &them, f.math(1), &form("X", "", "")).await;
    assert!(
        matches!(r, Err(Refused::Error(AppError::NotFound))),
        "{r:?}"
    );
    let book = service::gradebook(state, them.scope(), f.math(1))
        .await
        .unwrap();
    assert!(book.assessments.is_empty());
    assert!(
        Author::member(state, other, f.prof_id().await, AuditCtx::default())
            .await
            .unwrap()
            .is_none()
    );

    assert_eq!(f.marks().await, 0);
    assert_eq!(f.app.count("assessments").await, 2);
    assert_eq!(audit_rows(&f.app, "record.create").await, 2);
}

impl Fixture {
    async fn prof_id(&self) -> i64 {
        sqlx::query_scalar("SELECT id FROM users WHERE username = 'prof'")
            .fetch_one(&self.app.state.db.pool)
            .await
            .unwrap()
    }
}
