//! The teacher's gradebook pages: the entry point, an assessment created through its form
//! (field errors, nothing written), marks entered through the plain form (one bad cell: nothing
//! saved, the message next to its row), the subject gradebook with the core's averages, the
//! confirmation before a deletion, the marks API (a bad cell: 422 on `marks.<id>`), who is
//! refused, and a closed period that is read-only.

use eschool::accounts::model::Role;
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, extract_csrf, location};

async fn add_student(app: &TestApp, school: i64, class: i64, matricule: &str, last: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO students (school_id, matricule, first_name, last_name, class_id, created_at) \
         VALUES ($1, $2, 'Awa', $3, $4, 0) RETURNING id",
    )
    .bind(school)
    .bind(matricule)
    .bind(last)
    .bind(class)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap()
}

/// A school with the 2026-2027 year (today, 25 November 2026, is in its first trimester), a
/// class 6e A of three students (Ba, Cissé, Diop), subjects MATH and FRA, a teacher `prof`
/// assigned to MATH in 6e A, a teacher `autre` assigned to FRA in 6e B, and a parent.
struct Fixture {
    app: TestApp,
    periods: Vec<i64>,
    class: i64,
    math: i64,
    french: i64,
    /// Ba, Cissé, Diop.
    students: Vec<i64>,
}

async fn fixture() -> Fixture {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    let prof = app.create_user(school, "prof", &[Role::Teacher]).await;
    let autre = app.create_user(school, "autre", &[Role::Teacher]).await;
    app.create_user(school, "parent", &[Role::Parent]).await;
    let admin = app.bearer("admin").await;
    let g = app.gradebook_school(&admin).await;
    let (periods, class, math, french) = (g.periods, g.class, g.math, g.french);
    let other_class = app
        .api_id(
            &admin,
            "/api/v2/classes",
            json!({ "year_id": g.year, "level_id": g.level, "name": "6e B" }),
        )
        .await;
    app.assign(&admin, prof, class, math).await;
    app.assign(&admin, autre, other_class, french).await;
    let mut students = Vec::new();
    for (m, last) in [("A1", "Ba"), ("A2", "Cissé"), ("A3", "Diop")] {
        students.push(add_student(&app, school, class, m, last).await);
    }
    Fixture {
        app,
        periods,
        class,
        math,
        french,
        students,
    }
}

impl Fixture {
    fn new_url(&self) -> String {
        format!(
            "/assessments/new?class_id={}&subject_id={}&period_id={}",
            self.class, self.math, self.periods[0]
        )
    }

    fn gradebook_url(&self) -> String {
        format!(
            "/classes/{}/gradebook/{}?period_id={}",
            self.class, self.math, self.periods[0]
        )
    }

    /// Creates "Contrôle 1" (out of 20, coefficient 2) through the form; returns its id.
    async fn create_assessment(&self, client: &Client) -> i64 {
        let (class, math, period) = (
            self.class.to_string(),
            self.math.to_string(),
            self.periods[0].to_string(),
        );
        let r = self
            .app
            .submit(
                client,
                &self.new_url(),
                "/assessments/new",
                &[
                    ("class_id", &class),
                    ("subject_id", &math),
                    ("period_id", &period),
                    ("title", "Contrôle 1"),
                    ("date", "2026-11-20"),
                    ("kind", "devoir"),
                    ("max", "20"),
                    ("coefficient", "2"),
                    ("rule", "normal"),
                    ("published_on", ""),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let to = location(&r);
        to.strip_prefix("/assessments/")
            .and_then(|rest| rest.strip_suffix("/marks"))
            .and_then(|id| id.parse().ok())
            .unwrap_or_else(|| panic!("redirected to {to}"))
    }

    async fn marks(&self) -> i64 {
        self.app.count("marks").await
    }
}

/// The text of the element with this id (up to its closing tag), for asserting what sits
/// next to a cell.
fn element<'a>(html: &'a str, id: &str) -> &'a str {
    let marker = format!("id=\"{id}\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no #{id} in the page"));
    let rest = &html[start..];
    let end = rest.find("</").unwrap_or(rest.len());
    &rest[..end]
}

#[tokio::test]
async fn a_teacher_creates_an_assessment_enters_marks_and_sees_the_subject_gradebook() {
    let f = fixture().await;
    let app = &f.app;
    let prof = app.login("prof").await;
    let [ba, cisse, diop] = f.students[..] else {
        panic!()
    };

    // The entry point lists the teacher's class and subject, for the current period.
    let home = app.page(&prof, "/").await;
    assert!(home.contains("href=\"/gradebook\""), "nav entry");
    let html = app.page(&prof, "/gradebook").await;
    assert!(html.contains("6e A"), "{html}");
    assert!(
        html.contains(&f.gradebook_url().replace('&', "&amp;"))
            || html.contains(&f.gradebook_url())
    );
    assert!(
        !html.contains("6e B"),
        "another teacher's class is not listed"
    );

    // A bad maximum and coefficient: the form comes back with both messages, nothing written.
    let (class, math, period) = (
        f.class.to_string(),
        f.math.to_string(),
        f.periods[0].to_string(),
    );
    let r = app
        .submit(
            &prof,
            &f.new_url(),
            "/assessments/new",
            &[
                ("class_id", &class),
                ("subject_id", &math),
                ("period_id", &period),
                ("title", "Contrôle 1"),
                ("date", "2026-11-20"),
                ("kind", "devoir"),
                ("max", "0"),
                ("coefficient", "120"),
                ("rule", "normal"),
                ("published_on", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(element(&html, "max-error").contains("Le barème doit être un nombre positif"));
    assert!(element(&html, "coefficient-error").contains("compris entre 0 et 99"));
    assert!(html.contains("value=\"Contrôle 1\""), "typed values kept");
    assert_eq!(app.count("assessments").await, 0);

    let id = f.create_assessment(&prof).await;
    let marks_url = format!("/assessments/{id}/marks");
    let html = app.page(&prof, &marks_url).await;
    assert!(
        html.contains("Contrôle 1") && html.contains("Ba Awa"),
        "{html}"
    );
    assert!(html.contains(&format!("name=\"mark-{ba}\"")));
    assert!(html.contains("<code>ABS</code>"), "codes legend");
    assert!(html.contains("aria-live=\"polite\""));

    // One bad cell: nothing is saved, the message sits next to its row, typed values stay.
    let (mba, mcisse, mdiop) = (
        format!("mark-{ba}"),
        format!("mark-{cisse}"),
        format!("mark-{diop}"),
    );
    let (wba, wcisse, wdiop) = (
        format!("was-{ba}"),
        format!("was-{cisse}"),
        format!("was-{diop}"),
    );
    let r = app
        .submit(
            &prof,
            &marks_url,
            &marks_url,
            &[
                (&mba, "12,5"),
                (&wba, ""),
                (&mcisse, "25"),
                (&wcisse, ""),
                (&mdiop, "abs"),
                (&wdiop, ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        element(&html, &format!("mark-{cisse}-error"))
            .contains("La note doit être comprise entre 0 et le barème"),
        "{html}"
    );
    assert!(!element(&html, &format!("mark-{ba}-error")).contains("La note"));
    assert!(html.contains("value=\"12,5\"") && html.contains("value=\"25\""));
    assert!(html.contains("Aucune note n’a été enregistrée"));
    assert_eq!(f.marks().await, 0);

    // Corrected: the whole column is saved.
    let r = app
        .submit(
            &prof,
            &marks_url,
            &marks_url,
            &[
                (&mba, "12,5"),
                (&wba, ""),
                (&mcisse, "15"),
                (&wcisse, ""),
                (&mdiop, "abs"),
                (&wdiop, ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/assessments/{id}/marks?saved=3"));
    assert_eq!(f.marks().await, 3);
    // The creation and the column each wrote their audit row, by the teacher.
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE resource_type = 'assessment' AND resource_id = $1 \
         AND user_id = (SELECT id FROM users WHERE username = 'prof')",
    )
    .bind(id.to_string())
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 2);
    let html = app.page(&prof, &location(&r)).await;
    assert!(html.contains("3 notes enregistrées"), "{html}");
    assert!(
        html.contains("value=\"ABS\""),
        "codes are stored upper-case"
    );
    assert!(
        html.contains("Non comptée : Absent (excusé) (ABS)"),
        "{html}"
    );

    // A second assessment, and the gradebook of the subject computed by the core:
    // Ba (12.5×2 + 8×1)/3 = 11; Cissé (15×2)/2 = 15; Diop has no counted mark.
    let second = f.create_assessment(&prof).await;
    let url = format!("/assessments/{second}/marks");
    let (m2ba, w2ba) = (format!("mark-{ba}"), format!("was-{ba}"));
    let r = app
        .submit(&prof, &url, &url, &[(&m2ba, "8"), (&w2ba, "")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Coefficient 1 for the second one.
    let r = app
        .submit(
            &prof,
            &format!("/assessments/{second}/edit"),
            &format!("/assessments/{second}/edit"),
            &[
                ("title", "Interrogation"),
                ("date", "2026-11-24"),
                ("kind", "interrogation"),
                ("max", "20"),
                ("coefficient", "1"),
                ("rule", "normal"),
                ("published_on", "2026-11-24"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), f.gradebook_url());
    let html = app.page(&prof, &f.gradebook_url()).await;
    assert!(
        html.contains("<a href=\"/gradebook\" aria-current=\"page\">"),
        "the navigation shows where the teacher is"
    );
    assert!(html.contains("Contrôle 1") && html.contains("Interrogation"));
    assert!(html.contains("Non publiée") && html.contains("Publiée le 24/11/2026"));
    let ba_row = &html[html.find("Ba Awa").unwrap()..];
    let ba_row = &ba_row[..ba_row.find("</tr>").unwrap()];
    assert!(
        ba_row.contains("12,5") && ba_row.contains(">8<") && ba_row.contains("11,00"),
        "{ba_row}"
    );
    let cisse_row = &html[html.find("Cissé Awa").unwrap()..];
    let cisse_row = &cisse_row[..cisse_row.find("</tr>").unwrap()];
    assert!(cisse_row.contains("15,00"), "{cisse_row}");
    // Class average of the subject averages: (11 + 15) / 2 = 13.
    let footer = &html[html.find("<tfoot>").unwrap()..];
    assert!(
        footer.contains("Moyenne de la classe") && footer.contains("13,00"),
        "{footer}"
    );
    // Contrôle 1's column on 20: 12.5 and 15 → 13.75, min 12.5, max 15.
    assert!(
        footer.contains("13,75") && footer.contains("12,50"),
        "{footer}"
    );

    // Deleting says how many marks go with the assessment.
    let html = app.page(&prof, &format!("/assessments/{id}/delete")).await;
    assert!(
        html.contains("Les 3 notes déjà saisies seront supprimées"),
        "{html}"
    );
    let r = app
        .submit(
            &prof,
            &format!("/assessments/{id}/delete"),
            &format!("/assessments/{id}/delete"),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("assessments").await, 1);
    assert_eq!(f.marks().await, 1);
}

#[tokio::test]
async fn teachers_of_other_classes_and_parents_are_refused() {
    let f = fixture().await;
    let app = &f.app;
    let prof = app.login("prof").await;
    let id = f.create_assessment(&prof).await;
    let pages = [
        f.gradebook_url(),
        f.new_url(),
        format!("/assessments/{id}/edit"),
        format!("/assessments/{id}/delete"),
        format!("/assessments/{id}/marks"),
    ];

    // A teacher of another class (and subject).
    let autre = app.login("autre").await;
    let html = app.page(&autre, "/gradebook").await;
    assert!(html.contains("6e B") && !html.contains("6e A"), "{html}");
    for path in &pages {
        let r = autre.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
    }
    // Nor French in 6e A, which nobody teaches there.
    let french = format!(
        "/classes/{}/gradebook/{}?period_id={}",
        f.class, f.french, f.periods[0]
    );
    let r = prof.get(app.url(&french)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let token = extract_csrf(&app.page(&autre, "/gradebook").await).unwrap();
    let field = format!("mark-{}", f.students[0]);
    let r = autre
        .post(app.url(&format!("/assessments/{id}/marks")))
        .form(&[("csrf_token", token.as_str()), (field.as_str(), "10")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // The school's administration opens every class, and may enter its marks.
    let admin = app.login("admin").await;
    let html = app.page(&admin, "/gradebook").await;
    assert!(html.contains("6e A") && html.contains("6e B"), "{html}");
    for path in &pages {
        let r = admin.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
    }

    // A parent: no entry in the navigation, every page refused, the API too.
    let parent = app.login("parent").await;
    assert!(!app.page(&parent, "/").await.contains("href=\"/gradebook\""));
    for path in pages.iter().chain([&"/gradebook".to_owned()]) {
        let r = parent.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let token = app.bearer("parent").await;
    let r = Client::new()
        .put(app.url(&format!("/api/v2/assessments/{id}/marks")))
        .header("authorization", token)
        .json(&json!({ "marks": [{ "student_id": f.students[0], "value": "10" }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(f.marks().await, 0);
}

#[tokio::test]
async fn the_marks_api_saves_a_column_or_nothing() {
    let f = fixture().await;
    let app = &f.app;
    let prof = app.login("prof").await;
    let id = f.create_assessment(&prof).await;
    let [ba, cisse, diop] = f.students[..] else {
        panic!()
    };
    let api = app.url(&format!("/api/v2/assessments/{id}/marks"));
    // The grid's way: the session cookie and the page's CSRF token in a header.
    let token = app.csrf(&prof, &format!("/assessments/{id}/marks")).await;

    let r = prof
        .put(&api)
        .header("x-csrf-token", &token)
        .json(&json!({ "marks": [
            { "student_id": ba, "value": "12,5" },
            { "student_id": cisse, "value": "douze" },
        ] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "validation_failed");
    let errors = body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{body}");
    assert_eq!(errors[0]["field"], format!("marks.{cisse}"));
    assert_eq!(errors[0]["code"], "gradebook-error-code");
    assert_eq!(f.marks().await, 0);

    let r = prof
        .put(&api)
        .header("x-csrf-token", &token)
        .json(&json!({ "marks": [
            { "student_id": ba, "value": "12,5" },
            { "student_id": cisse, "value": "z" },
        ] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["changed"], 2);
    // (12.5 + 0) / 2 on 20: Z counts as 0.
    assert_eq!(body["average"], "6,25");
    assert_eq!(body["count"], 2);
    let marks = body["marks"].as_array().unwrap();
    assert_eq!(marks.len(), 3);
    let of = |s: i64| marks.iter().find(|m| m["student_id"] == s).unwrap();
    assert_eq!(of(ba)["value"], "12.5");
    assert_eq!(of(ba)["display"], "12,5");
    assert_eq!(of(ba)["on_20"], "12,50");
    assert_eq!(of(cisse)["value"], "Z");
    assert_eq!(of(diop)["value"], "");
    assert_eq!(f.marks().await, 2);

    // Without the CSRF header, the session may not write.
    let r = prof
        .put(&api)
        .json(&json!({ "marks": [{ "student_id": diop, "value": "10" }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Clearing a cell, and reading the column with a token.
    let r = prof
        .put(&api)
        .header("x-csrf-token", &token)
        .json(&json!({ "marks": [{ "student_id": cisse, "value": "" }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bearer = app.bearer("prof").await;
    let body = app
        .api_ok(
            &bearer,
            Method::GET,
            &format!("/api/v2/assessments/{id}/marks"),
            None,
        )
        .await;
    assert_eq!(body["max"], "20");
    assert_eq!(body["closed"], false);
    assert_eq!(body["count"], 1);
    assert_eq!(f.marks().await, 1);
}

#[tokio::test]
async fn a_closed_period_is_read_only() {
    let f = fixture().await;
    let app = &f.app;
    let prof = app.login("prof").await;
    let id = f.create_assessment(&prof).await;
    let admin = app.bearer("admin").await;
    app.api_ok(
        &admin,
        Method::POST,
        &format!("/api/v2/periods/{}/close", f.periods[0]),
        None,
    )
    .await;

    let html = app.page(&prof, &f.gradebook_url()).await;
    assert!(html.contains("Cette période est close"), "{html}");
    assert!(!html.contains("/assessments/new?"), "no new assessment");
    assert!(
        !html.contains(&format!("/assessments/{id}/edit")),
        "no edit"
    );
    let html = app.page(&prof, &f.new_url()).await;
    assert!(html.contains("Cette période est close") && !html.contains("name=\"title\""));
    let marks_url = format!("/assessments/{id}/marks");
    let html = app.page(&prof, &marks_url).await;
    assert!(html.contains("Cette période est close") && html.contains(" readonly"));

    // Posting anyway is refused, and nothing is written.
    let field = format!("mark-{}", f.students[0]);
    let token = extract_csrf(&html).unwrap();
    let r = prof
        .post(app.url(&marks_url))
        .form(&[("csrf_token", token.as_str()), (field.as_str(), "10")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Cette période est close"));
    let r = prof
        .put(app.url(&format!("/api/v2/assessments/{id}/marks")))
        .header("x-csrf-token", &token)
        .json(&json!({ "marks": [{ "student_id": f.students[0], "value": "10" }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "period_id");
    assert_eq!(body["errors"][0]["code"], "gradebook-error-period-closed");
    assert_eq!(f.marks().await, 0);
}
