//! Gradebook storage: assessments and columns of marks written through the service, checked
//! against teaching assignments, closed periods, the class, the maximum and the school's
//! codes; the stored gradebook computes the same averages as the core; audit rows.

use eschool::{
    accounts::model::Role,
    accounts::service::Refused,
    audit::AuditCtx,
    error::AppError,
    gradebook::{
        AverageMode, LeftOutReason, MarkStatus, Ratio,
        results::{self, Audience, Span},
        service::{self, AssessmentForm, AssessmentTarget, Author, MarkCell, MarksRefused},
        subject_average,
    },
};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::TestApp;

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
    let admin = app.bearer("admin").await;
    let g = app.gradebook_school(&admin).await;
    let (periods, class, math, french) = (g.periods, g.class, g.math, g.french);
    app.assign(&admin, prof, class, math).await;
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
    assert!(
        matches!(err, Err(Refused::Fields(ref e)) if e == &[("max", "gradebook-error-max-below-marks")])
    );
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
    let admin = f.app.bearer("admin").await;
    let closed = f.periods[2];
    let closed_id =
        service::create_assessment(state, &f.prof, f.math(2), &in_third(form("Avant", "", "")))
            .await
            .unwrap();
    f.app
        .api_ok(
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

/// Level coefficients MATH 3 and FRA 2 for the fixture's class; MATH published on the
/// 20th of January, FRA not published; the school's today is the 1st of February.
async fn results_fixture() -> Fixture {
    let f = fixture().await;
    let state = &f.app.state;
    let admin = f.app.bearer("admin").await;
    let level: i64 = sqlx::query_scalar("SELECT level_id FROM classes WHERE id = $1")
        .bind(f.class)
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
    for (subject, coefficient) in [(f.math, "3"), (f.french, "2")] {
        f.app
            .api_ok(
                &admin,
                Method::PUT,
                &format!("/api/v2/subjects/{subject}/coefficients/{level}"),
                Some(json!({ "coefficient": coefficient })),
            )
            .await;
    }
    f.app
        .clock
        .set("2027-02-01T10:00:00Z".parse().expect("a timestamp"));
    let mut published = form("Devoir 1", "", "1");
    published.published_on = "2027-01-20".to_owned();
    let math = service::create_assessment(state, &f.admin, f.math(1), &published)
        .await
        .unwrap();
    let french_target = AssessmentTarget {
        subject_id: f.french,
        ..f.math(1)
    };
    let french =
        service::create_assessment(state, &f.admin, french_target, &form("Dictée", "", "1"))
            .await
            .unwrap();
    let [a, b, c] = f.students[..] else { panic!() };
    service::save_marks(
        state,
        &f.admin,
        math,
        &cells(&[(a, "18"), (b, "12"), (c, "ABS")]),
    )
    .await
    .unwrap();
    service::save_marks(
        state,
        &f.admin,
        french,
        &cells(&[(a, "10"), (b, "14"), (c, "8")]),
    )
    .await
    .unwrap();
    f
}

fn r(n: i128, d: i128) -> Ratio {
    Ratio::new(n, d).unwrap()
}

#[tokio::test]
async fn class_results_weigh_subjects_rank_students_and_hide_unpublished_marks_from_families() {
    let f = results_fixture().await;
    let state = &f.app.state;
    let scope = f.admin.scope();
    let [a, b, c] = f.students[..] else { panic!() };
    let span = Span::Period(f.periods[1]);
    let staff = results::class_results(state, scope, f.class, span, Audience::Staff)
        .await
        .unwrap()
        .expect("the class's results");
    let general = |res: &results::ClassResults, s: i64| res.line(s).unwrap().general;
    let rank = |res: &results::ClassResults, s: i64| res.line(s).unwrap().rank;
    // (18×3 + 10×2) / 5, (12×3 + 14×2) / 5; the third has no MATH average: FRA alone.
    assert_eq!(general(&staff, a), Some(r(74, 5)));
    assert_eq!(general(&staff, b), Some(r(64, 5)));
    assert_eq!(general(&staff, c), Some(r(8, 1)));
    assert_eq!(
        [rank(&staff, a), rank(&staff, b), rank(&staff, c)],
        [Some(1), Some(2), Some(3)]
    );
    let math = staff.subject_index(f.math).unwrap();
    let stats = staff.subject_stats[math].unwrap();
    assert_eq!(
        (stats.average, stats.min, stats.max),
        (r(15, 1), r(12, 1), r(18, 1))
    );
    assert_eq!(
        stats.count, 2,
        "ABS leaves the third student without a MATH average"
    );
    let explained = staff.line(c).unwrap().subjects[math]
        .explanation
        .clone()
        .unwrap();
    assert!(matches!(
        explained.marks[0].status,
        MarkStatus::LeftOut(LeftOutReason::Code(ref code)) if code == "ABS"
    ));

    // Families see the published MATH only: averages, ranks and statistics on that alone.
    let family = results::student_results(state, scope, b, span, Audience::Family)
        .await
        .unwrap()
        .expect("the student's results");
    assert_eq!(general(&family, b), Some(r(12, 1)));
    assert_eq!(rank(&family, b), Some(2));
    assert!(family.assessments.iter().all(|x| x.subject_id == f.math));
    let french = family.subject_index(f.french).unwrap();
    assert_eq!(family.line(b).unwrap().subjects[french].average, None);

    // A school that hides ranks hides them from families, not from staff.
    sqlx::query("UPDATE schools SET show_ranks = 0 WHERE id = $1")
        .bind(f.school)
        .execute(&state.db.pool)
        .await
        .unwrap();
    let family = results::student_results(state, scope, b, span, Audience::Family)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(rank(&family, b), None);
    assert!(!family.ranks_shown);
    let staff = results::class_results(state, scope, f.class, span, Audience::Staff)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(rank(&staff, b), Some(2));

    // The year: one period with marks, so the annual averages are the period's.
    let year = results::class_results(state, scope, f.class, Span::Year, Audience::Staff)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(general(&year, a), Some(r(74, 5)));
    assert_eq!(
        year.line(a).unwrap().subjects[math].period_averages.len(),
        3
    );

    // A period of another school's year, or an unknown class: nothing.
    let none = results::class_results(state, scope, f.class, Span::Period(9_999), Audience::Staff)
        .await
        .unwrap();
    assert!(none.is_none());
}

#[tokio::test]
async fn ranks_follow_the_displayed_average_so_equal_shown_averages_share_a_rank() {
    let f = results_fixture().await;
    let state = &f.app.state;
    let [a, b, c] = f.students[..] else { panic!() };
    // In the third trimester: 13.33/20 for the first, 10/15 = 13.333… for the second; both
    // show 13,33.
    let target = f.math(2);
    let x = service::create_assessment(state, &f.admin, target, &in_third(form("X", "20", "1")))
        .await
        .unwrap();
    let y = service::create_assessment(state, &f.admin, target, &in_third(form("Y", "15", "1")))
        .await
        .unwrap();
    service::save_marks(
        state,
        &f.admin,
        x,
        &cells(&[(a, "13,33"), (b, "NN"), (c, "ABS")]),
    )
    .await
    .unwrap();
    service::save_marks(
        state,
        &f.admin,
        y,
        &cells(&[(a, "NN"), (b, "10"), (c, "ABS")]),
    )
    .await
    .unwrap();
    let scope = f.admin.scope();
    let span = Span::Period(f.periods[2]);
    let res = results::class_results(state, scope, f.class, span, Audience::Staff)
        .await
        .unwrap()
        .unwrap();
    let math = res.subject_index(f.math).unwrap();
    let line = |s: i64| res.line(s).unwrap();
    let avg = |s: i64| line(s).subjects[math].average.unwrap();
    assert!(avg(b) > avg(a), "the exact averages differ");
    assert_eq!(res.grading.format(avg(a), "fr"), "13,33");
    assert_eq!(res.grading.format(avg(b), "fr"), "13,33");
    assert_eq!(line(a).subjects[math].rank, Some(1));
    assert_eq!(line(b).subjects[math].rank, Some(1));
    assert_eq!(
        (line(a).rank, line(b).rank, line(c).rank),
        (Some(1), Some(1), None)
    );
}

/// The results fixture with a parent (`parent`, guardian of the second student), the first
/// student's own account (`eleve`) and a student of another school.
async fn results_people(f: &Fixture) -> (i64, i64) {
    let pool = &f.app.state.db.pool;
    let parent = f.app.create_user(f.school, "parent", &[Role::Parent]).await;
    let eleve = f.app.create_user(f.school, "eleve", &[Role::Student]).await;
    let guardian: i64 = sqlx::query_scalar(
        "INSERT INTO guardians (school_id, first_name, last_name, user_id, created_at) \
         VALUES ($1, 'Fatou', 'Diop', $2, 0) RETURNING id",
    )
    .bind(f.school)
    .bind(parent)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO student_guardians (school_id, student_id, guardian_id, relationship) \
         VALUES ($1, $2, $3, 'mother')",
    )
    .bind(f.school)
    .bind(f.students[1])
    .bind(guardian)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("UPDATE students SET user_id = $1 WHERE id = $2")
        .bind(eleve)
        .bind(f.students[0])
        .execute(pool)
        .await
        .unwrap();
    let other_school = f.app.create_school("AUTRE", "Autre école").await;
    let stranger = add_student(&f.app, other_school, None, "X1").await;
    (parent, stranger)
}

async fn status_of(app: &TestApp, client: &reqwest::Client, path: &str) -> StatusCode {
    client.get(app.url(path)).send().await.unwrap().status()
}

#[tokio::test]
async fn results_pages_explain_every_mark_to_those_allowed_and_only_published_ones_to_families() {
    let f = results_fixture().await;
    let (_, stranger) = results_people(&f).await;
    let app = &f.app;
    let [a, b, c] = f.students[..] else { panic!() };

    // Staff: every assessment, the explanation of each mark, the school's today's period.
    let admin = app.login("admin").await;
    let page = app.page(&admin, &format!("/students/{a}/results")).await;
    assert!(page.contains("Mathématiques") && page.contains("Français"));
    assert!(page.contains("18 / 20"), "the mark as entered");
    assert!(page.contains("Dictée"), "staff see unpublished assessments");
    assert!(page.contains("14,80"), "(18×3 + 10×2) / 5, French decimals");
    assert!(page.contains("1 sur 3"), "the rank among the class");
    assert!(page.contains("Comptée, coefficient 1 : 100 % de la moyenne"));
    let page = app.page(&admin, &format!("/students/{c}/results")).await;
    assert!(
        page.contains("Non comptée : Absent (excusé) (ABS)"),
        "a code left out says why"
    );
    sqlx::query("UPDATE users SET locale = 'en' WHERE username = 'admin'")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let english = app.page(&admin, &format!("/students/{a}/results")).await;
    assert!(
        english.contains("14.80") && english.contains("1 of 3"),
        "English decimals"
    );
    assert!(english.contains("Counted, coefficient 1"));

    // The class's teacher reads every subject of the class, and the class gradebook.
    let prof = app.login("prof").await;
    let page = app.page(&prof, &format!("/students/{c}/results")).await;
    assert!(page.contains("Dictée"));
    let grid = app
        .page(&prof, &format!("/classes/{}/gradebook", f.class))
        .await;
    assert!(grid.contains("14,80") && grid.contains("12,80") && grid.contains("8,00"));
    assert!(grid.contains("Moyenne de la classe"));
    let year = app
        .page(
            &prof,
            &format!("/classes/{}/gradebook?period_id=year", f.class),
        )
        .await;
    assert!(
        year.contains("14,80"),
        "one period with marks: the year is that period"
    );

    // A parent: their child only, published marks only, rank among those with an average.
    let parent = app.login("parent").await;
    let page = app.page(&parent, &format!("/students/{b}/results")).await;
    assert!(page.contains("Devoir 1") && !page.contains("Dictée"));
    assert!(page.contains("12,00"), "MATH alone: FRA is not published");
    assert!(page.contains("Seules les évaluations publiées"));
    assert!(page.contains("2 sur 2"));
    let home = app.page(&parent, "/").await;
    assert!(
        home.contains(&format!("/students/{b}/results")),
        "the home card links to them"
    );
    assert!(home.contains("Devoir 1") && home.contains("12 / 20"));
    assert!(!home.contains("Dictée"));
    // Without ranks, families see none.
    sqlx::query("UPDATE schools SET show_ranks = 0 WHERE id = $1")
        .bind(f.school)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let page = app.page(&parent, &format!("/students/{b}/results")).await;
    assert!(!page.contains("2 sur 2") && !page.contains("Rang"));

    // The student sees their own results.
    let eleve = app.login("eleve").await;
    let page = app.page(&eleve, &format!("/students/{a}/results")).await;
    assert!(page.contains("18 / 20") && !page.contains("Dictée"));

    // Refusals: another child, a class, an unassigned teacher; unknown periods and other
    // schools' students do not exist.
    let autre = app.login("autre").await;
    for (client, path, status) in [
        (
            &parent,
            format!("/students/{a}/results"),
            StatusCode::FORBIDDEN,
        ),
        (
            &eleve,
            format!("/students/{b}/results"),
            StatusCode::FORBIDDEN,
        ),
        (
            &parent,
            format!("/classes/{}/gradebook", f.class),
            StatusCode::FORBIDDEN,
        ),
        (
            &eleve,
            format!("/classes/{}/gradebook", f.class),
            StatusCode::FORBIDDEN,
        ),
        (
            &autre,
            format!("/classes/{}/gradebook", f.class),
            StatusCode::FORBIDDEN,
        ),
        (
            &autre,
            format!("/students/{a}/results"),
            StatusCode::FORBIDDEN,
        ),
        (
            &admin,
            format!("/students/{stranger}/results"),
            StatusCode::NOT_FOUND,
        ),
        (
            &admin,
            format!("/students/{a}/results?period_id=99999"),
            StatusCode::NOT_FOUND,
        ),
    ] {
        assert_eq!(status_of(app, client, &path).await, status, "{path}");
    }
    // The student record and the class page link to the results for those who may read them.
    let record = app.page(&parent, &format!("/students/{b}")).await;
    assert!(record.contains(&format!("href=\"/students/{b}/results\"")));
    let class = app.page(&prof, &format!("/classes/{}", f.class)).await;
    assert!(class.contains(&format!("href=\"/classes/{}/gradebook\"", f.class)));
}
