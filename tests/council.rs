//! Appréciations, class-council decisions and comment banks through the API: the school's
//! character limit, all or nothing with `items.<student_id>` errors, who may write (the
//! subject's teacher, the main teacher, administrators), another school's class (404), the
//! audit rows, and the council as the API and the page show it.

use eschool::accounts::model::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::TestApp;

struct Council {
    app: TestApp,
    admin: String,
    class: i64,
    math: i64,
    period: i64,
    students: Vec<i64>,
    main: i64,
}

async fn council() -> Council {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    let prof = app.create_user(school, "prof", &[Role::Teacher]).await;
    let main = app.create_user(school, "main", &[Role::Teacher]).await;
    app.create_user(school, "autre", &[Role::Teacher]).await;
    app.create_user(school, "cpe", &[Role::VieScolaire]).await;
    let admin = app.bearer("admin").await;
    let g = app.gradebook_school(&admin).await;
    for subject in [g.math, g.french] {
        app.api_ok(
            &admin,
            Method::PUT,
            &format!("/api/v2/subjects/{subject}/coefficients/{}", g.level),
            Some(json!({ "coefficient": "2" })),
        )
        .await;
    }
    app.assign(&admin, prof, g.class, g.math).await;
    app.assign(&admin, main, g.class, g.french).await;
    sqlx::query("UPDATE classes SET main_teacher_id = $1 WHERE id = $2")
        .bind(main)
        .bind(g.class)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let mut students = Vec::new();
    for (i, (first, last)) in [("Awa", "Diop"), ("Binta", "Fall")].into_iter().enumerate() {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO students (school_id, matricule, first_name, last_name, class_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, 0) RETURNING id",
        )
        .bind(school)
        .bind(format!("M{i}"))
        .bind(first)
        .bind(last)
        .bind(g.class)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        students.push(id);
    }
    Council {
        app,
        admin,
        class: g.class,
        math: g.math,
        period: g.periods[0],
        students,
        main,
    }
}

fn batch(c: &Council, items: Value) -> Value {
    json!({ "class_id": c.class, "subject_id": c.math, "period_id": c.period, "items": items })
}

#[tokio::test]
async fn a_teacher_saves_appreciations_within_the_schools_limit() {
    let c = council().await;
    let prof = c.app.bearer("prof").await;
    let (a, b) = (c.students[0], c.students[1]);
    let audits = c.app.count("audit_log").await;
    let body = c
        .app
        .api_ok(
            &prof,
            Method::PUT,
            "/api/v2/appreciations",
            Some(batch(
                &c,
                json!([{ "student_id": a, "text": "Excellent trimestre, continuez ainsi." },
                       { "student_id": b, "text": "Des efforts sont attendus." }]),
            )),
        )
        .await;
    assert_eq!(body["changed"], 2);
    assert_eq!(body["items"].as_array().unwrap().len(), 2);
    assert_eq!(c.app.count("audit_log").await, audits + 1, "one audit row");
    let resource: String =
        sqlx::query_scalar("SELECT resource_type FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_one(&c.app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(resource, "appreciation");

    // Too long for the limit (300 by default), and a stranger: nothing saved, both reported.
    let long = "x".repeat(301);
    let (status, problem) = c
        .app
        .api(
            &prof,
            Method::PUT,
            "/api/v2/appreciations",
            Some(batch(
                &c,
                json!([{ "student_id": a, "text": "" }, { "student_id": b, "text": long },
                       { "student_id": 999_999, "text": "Bien" }]),
            )),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&format!("items.{b}").as_str()), "{problem}");
    assert!(fields.contains(&"items.999999"), "{problem}");
    assert!(
        problem.to_string().contains("300"),
        "the limit is said: {problem}"
    );
    assert_eq!(c.app.count("appreciations").await, 2, "all or nothing");

    // The school raises its limit: the same text is now accepted; "" deletes.
    let school = c.app.school_id("TEST").await;
    c.app
        .api_ok(
            &c.admin,
            Method::PATCH,
            &format!("/api/v2/schools/{school}"),
            Some(json!({ "appreciation_max_chars": 500 })),
        )
        .await;
    let body = c
        .app
        .api_ok(
            &prof,
            Method::PUT,
            "/api/v2/appreciations",
            Some(batch(
                &c,
                json!([{ "student_id": a, "text": "" }, { "student_id": b, "text": "x".repeat(301) }]),
            )),
        )
        .await;
    assert_eq!(body["changed"], 2);
    assert_eq!(c.app.count("appreciations").await, 1);
    let (status, _) = c
        .app
        .api(
            &c.admin,
            Method::PATCH,
            &format!("/api/v2/schools/{school}"),
            Some(json!({ "appreciation_max_chars": 5000 })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The list, by class and by student.
    let list = c
        .app
        .api_ok(
            &prof,
            Method::GET,
            &format!(
                "/api/v2/appreciations?class_id={}&period_id={}",
                c.class, c.period
            ),
            None,
        )
        .await;
    assert_eq!(list["max_chars"], 500);
    assert_eq!(list["items"][0]["student_id"], b);
    let list = c
        .app
        .api_ok(
            &c.admin,
            Method::GET,
            &format!(
                "/api/v2/appreciations?student_id={b}&period_id={}",
                c.period
            ),
            None,
        )
        .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let (status, _) = c
        .app
        .api(&prof, Method::GET, "/api/v2/appreciations?class_id=1", None)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn only_the_subjects_teacher_writes_and_other_schools_do_not_exist() {
    let c = council().await;
    let a = c.students[0];
    let items = json!([{ "student_id": a, "text": "Bien" }]);
    for who in ["autre", "main", "cpe"] {
        let token = c.app.bearer(who).await;
        let (status, _) = c
            .app
            .api(
                &token,
                Method::PUT,
                "/api/v2/appreciations",
                Some(batch(&c, items.clone())),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
    }
    assert_eq!(c.app.count("appreciations").await, 0);
    c.app
        .api_ok(
            &c.admin,
            Method::PUT,
            "/api/v2/appreciations",
            Some(batch(&c, items)),
        )
        .await;

    let other = c.app.create_school("AUTRE", "Autre école").await;
    c.app
        .create_user(other, "admin2", &[Role::SchoolAdmin])
        .await;
    let admin2 = c.app.bearer("admin2").await;
    let (status, _) = c
        .app
        .api(
            &admin2,
            Method::GET,
            &format!("/api/v2/class-councils/{}/{}", c.class, c.period),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = c
        .app
        .api(
            &admin2,
            Method::PUT,
            "/api/v2/appreciations",
            Some(batch(&c, json!([]))),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_main_teacher_decides_and_the_council_shows_everything() {
    let c = council().await;
    let (a, b) = (c.students[0], c.students[1]);
    let prof = c.app.bearer("prof").await;
    c.app
        .api_ok(
            &prof,
            Method::PUT,
            "/api/v2/appreciations",
            Some(batch(
                &c,
                json!([{ "student_id": a, "text": "Très bon travail en géométrie." }]),
            )),
        )
        .await;
    let path = format!("/api/v2/class-councils/{}/{}/decisions", c.class, c.period);
    let items = json!({ "items": [
        { "student_id": a, "general_appreciation": "Trimestre remarquable.", "distinction": "felicitations" },
        { "student_id": b, "general_appreciation": "", "distinction": null }] });
    let (status, _) = c
        .app
        .api(&prof, Method::PUT, &path, Some(items.clone()))
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a teacher who is not the main teacher"
    );
    let main = c.app.bearer("main").await;
    let bad = json!({ "items": [{ "student_id": a, "general_appreciation": "", "distinction": "bravo" }] });
    let (status, problem) = c.app.api(&main, Method::PUT, &path, Some(bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], format!("items.{a}"));
    let saved = c.app.api_ok(&main, Method::PUT, &path, Some(items)).await;
    assert_eq!(saved["changed"], 1, "the empty line was already empty");
    assert_eq!(c.app.count("council_decisions").await, 1);

    let council = c
        .app
        .api_ok(
            &prof,
            Method::GET,
            &format!("/api/v2/class-councils/{}/{}", c.class, c.period),
            None,
        )
        .await;
    assert_eq!(council["may_decide"], false);
    assert!(council["main_teacher"].is_string(), "{council}");
    let awa = council["students"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["student"]["id"] == a)
        .unwrap();
    assert_eq!(awa["distinction"], "felicitations");
    assert_eq!(awa["distinction_label"], "Félicitations");
    assert_eq!(awa["general_appreciation"], "Trimestre remarquable.");
    assert_eq!(awa["absences"]["half_days"], 0);
    let math = council["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["subject"]["id"] == c.math)
        .unwrap();
    assert_eq!(
        awa["subjects"][math]["appreciation"],
        "Très bon travail en géométrie."
    );
    assert_eq!(council["subjects"][math]["teachers"][0], "Prof Testeur");
    let _ = c.main;

    let cpe = c.app.bearer("cpe").await;
    c.app
        .api_ok(
            &cpe,
            Method::GET,
            &format!("/api/v2/class-councils/{}/{}", c.class, c.period),
            None,
        )
        .await;
    let (status, _) = c
        .app
        .api(&cpe, Method::PUT, &path, Some(json!({ "items": [] })))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let autre = c.app.bearer("autre").await;
    let (status, _) = c
        .app
        .api(
            &autre,
            Method::GET,
            &format!("/api/v2/class-councils/{}/{}", c.class, c.period),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a teacher of another class");
}

#[tokio::test]
async fn a_teacher_keeps_their_own_comment_bank() {
    let c = council().await;
    let prof = c.app.bearer("prof").await;
    let id = c
        .app
        .api_id(
            &prof,
            "/api/v2/comment-bank",
            json!({ "text": "Bon trimestre." }),
        )
        .await;
    let (status, problem) = c
        .app
        .api(
            &prof,
            Method::POST,
            "/api/v2/comment-bank",
            Some(json!({ "text": "x".repeat(301) })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "text");
    let list = c
        .app
        .api_ok(&prof, Method::GET, "/api/v2/comment-bank", None)
        .await;
    assert_eq!(list[0]["text"], "Bon trimestre.");
    let autre = c.app.bearer("autre").await;
    let list = c
        .app
        .api_ok(&autre, Method::GET, "/api/v2/comment-bank", None)
        .await;
    assert_eq!(
        list.as_array().unwrap().len(),
        0,
        "each teacher sees their own"
    );
    let (status, _) = c
        .app
        .api(
            &autre,
            Method::DELETE,
            &format!("/api/v2/comment-bank/{id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = c
        .app
        .api(
            &prof,
            Method::DELETE,
            &format!("/api/v2/comment-bank/{id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(c.app.count("comment_bank").await, 0);
}

#[tokio::test]
async fn the_pages_show_the_council_and_save_without_javascript() {
    let c = council().await;
    let a = c.students[0];
    let prof = c.app.login("prof").await;
    let path = format!(
        "/classes/{}/appreciations/{}?period_id={}",
        c.class, c.math, c.period
    );
    let html = c.app.page(&prof, &path).await;
    assert!(html.contains("Diop Awa"), "{html}");
    let csrf = helpers_csrf(&html);
    let r = prof
        .post(
            c.app
                .url(&format!("/classes/{}/appreciations/{}", c.class, c.math)),
        )
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("period_id", &c.period.to_string()),
            (&format!("text-{a}"), "Très bon trimestre en géométrie."),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );
    assert_eq!(c.app.count("appreciations").await, 1);

    let main = c.app.login("main").await;
    let html = c
        .app
        .page(
            &main,
            &format!("/classes/{}/council?period_id={}", c.class, c.period),
        )
        .await;
    assert!(html.contains("Diop Awa") && html.contains("Très bon trimestre en géométrie."));
    assert!(
        html.contains("name=\"distinction\""),
        "the main teacher decides"
    );
    let html = c
        .app
        .page(
            &prof,
            &format!(
                "/classes/{}/council?period_id={}&present=1",
                c.class, c.period
            ),
        )
        .await;
    assert!(html.contains("council-present") && !html.contains("name=\"distinction\""));
}

fn helpers_csrf(html: &str) -> String {
    crate::helpers::extract_csrf(html).expect("a CSRF token")
}
