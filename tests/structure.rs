//! School structure: years and periods (closing), levels, classes, subjects and groups,
//! coefficients and their overrides, teaching assignments — through the pages and the API,
//! with refusals per role and across schools, and the audit rows each change writes.

use eschool::accounts::model::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, location};

async fn post(app: &TestApp, auth: &str, path: &str, body: Value) -> Value {
    let (status, value) = app.api(auth, Method::POST, path, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "POST {path}: {value}");
    value
}

async fn audit_rows(app: &TestApp, action: &str, resource_type: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND resource_type = $2")
        .bind(action)
        .bind(resource_type)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

/// A school with a year (and its trimesters), levels 6e and 5e, subjects MATH and FRA with
/// coefficients, a teacher `prof` and a class 6e A led by `prof`.
struct Fixture {
    app: TestApp,
    admin: String,
    school: i64,
    year: i64,
    periods: Vec<i64>,
    level: i64,
    math: i64,
    french: i64,
    class: i64,
    prof: i64,
}

async fn fixture() -> Fixture {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    let prof = app.create_user(school, "prof", &[Role::Teacher]).await;
    let admin = app.bearer("admin").await;
    let year = post(
        &app,
        &admin,
        "/api/v2/academic-years",
        json!({ "name": "2026-2027", "starts_on": "2026-09-01", "ends_on": "2027-07-04" }),
    )
    .await;
    assert_eq!(year["is_current"], true, "the first year is current");
    let year = year["id"].as_i64().unwrap();
    let (_, periods) = app
        .api(
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
    let level = post(&app, &admin, "/api/v2/levels", json!({ "name": "6e" })).await["id"]
        .as_i64()
        .unwrap();
    post(&app, &admin, "/api/v2/levels", json!({ "name": "5e" })).await;
    let math = post(
        &app,
        &admin,
        "/api/v2/subjects",
        json!({ "code": "math", "name": "Mathématiques", "color": "#B91C1C" }),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let french = post(
        &app,
        &admin,
        "/api/v2/subjects",
        json!({ "code": "FRA", "name": "Français", "color": "#1d4ed8" }),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    for (subject, coefficient) in [(math, "4"), (french, "3,5")] {
        let (status, body) = app
            .api(
                &admin,
                Method::PUT,
                &format!("/api/v2/subjects/{subject}/coefficients/{level}"),
                Some(json!({ "coefficient": coefficient })),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let class = post(
        &app,
        &admin,
        "/api/v2/classes",
        json!({ "year_id": year, "level_id": level, "name": "6e A", "main_teacher_id": prof, "room": "B12" }),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    Fixture {
        app,
        admin,
        school,
        year,
        periods,
        level,
        math,
        french,
        class,
        prof,
    }
}

/// Whether the API says the period is closed today.
async fn period_closed(app: &TestApp, auth: &str, id: i64) -> bool {
    let (status, body) = app
        .api(auth, Method::GET, &format!("/api/v2/periods/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    body["closed"].as_bool().unwrap()
}

async fn add_student(app: &TestApp, school: i64, class: i64, matricule: &str) -> i64 {
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

#[tokio::test]
async fn an_admin_builds_the_structure_through_the_pages() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    app.create_user(school, "prof", &[Role::Teacher]).await;
    let admin = app.login("admin").await;

    // A new year's form suggests the school year of today, current since it is the first.
    let form = app.page(&admin, "/admin/structure/years/new").await;
    assert!(form.contains("value=\"2026-2027\""), "{form}");
    assert!(form.contains("value=\"2026-09-01\""));
    let r = app
        .submit(
            &admin,
            "/admin/structure/years/new",
            "/admin/structure/years/new",
            &[
                ("name", "2026-2027"),
                ("starts_on", "2026-09-01"),
                ("ends_on", "2027-07-04"),
                ("is_current", "on"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The school works in trimesters: three periods, named in its language.
    assert_eq!(app.count("periods").await, 3);
    let years = app.page(&admin, "/admin/structure/years").await;
    assert!(
        years.contains("Trimestre 1") && years.contains("Trimestre 3"),
        "{years}"
    );

    let r = app
        .submit(
            &admin,
            "/admin/structure/levels",
            "/admin/structure/levels",
            &[("name", "6e"), ("position", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app
        .submit(
            &admin,
            "/admin/structure/subject-groups",
            "/admin/structure/subject-groups",
            &[("name", "Sciences")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let group: i64 = sqlx::query_scalar("SELECT id FROM subject_groups")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let r = app
        .submit(
            &admin,
            "/admin/structure/subjects/new",
            "/admin/structure/subjects/new",
            &[
                ("code", "svt"),
                ("name", "Sciences de la vie et de la Terre"),
                ("color", "#15803d"),
                ("group_id", &group.to_string()),
                ("position", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let subjects = app.page(&admin, "/admin/structure/subjects").await;
    assert!(
        subjects.contains("<code>SVT</code>"),
        "codes are upper-cased"
    );
    assert!(subjects.contains("Sciences"));

    // The coefficient grid takes a decimal comma.
    let (level, subject): (i64, i64) = (
        sqlx::query_scalar("SELECT id FROM levels")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap(),
        sqlx::query_scalar("SELECT id FROM subjects")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap(),
    );
    let cell = format!("c{level}_{subject}");
    let r = app
        .submit(
            &admin,
            "/admin/structure/coefficients",
            "/admin/structure/coefficients",
            &[(cell.as_str(), "2,5")],
        )
        .await;
    assert_eq!(location(&r), "/admin/structure/coefficients?saved=1");
    let cents: i64 = sqlx::query_scalar("SELECT coefficient_cents FROM level_subjects")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(cents, 250);
    let grid = app.page(&admin, "/admin/structure/coefficients").await;
    assert!(grid.contains("value=\"2,5\""), "shown with a decimal comma");

    // A class with its main teacher and room, then who teaches what.
    let year: i64 = sqlx::query_scalar("SELECT id FROM academic_years")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let prof: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'prof'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let form = app.page(&admin, "/admin/structure/classes/new").await;
    assert!(
        form.contains("Prof Testeur"),
        "teachers are offered as main teacher"
    );
    let r = app
        .submit(
            &admin,
            "/admin/structure/classes/new",
            "/admin/structure/classes/new",
            &[
                ("year_id", &year.to_string()),
                ("level_id", &level.to_string()),
                ("name", "6e A"),
                ("main_teacher_id", &prof.to_string()),
                ("room", "B12"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let class: i64 = sqlx::query_scalar("SELECT id FROM classes")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let path = format!("/admin/structure/classes/{class}/assignments");
    let field = format!("t{subject}");
    let r = app
        .submit(&admin, &path, &path, &[(field.as_str(), &prof.to_string())])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("teaching_assignments").await, 1);
    let list = app.page(&admin, "/admin/structure/classes").await;
    assert!(list.contains("6e A") && list.contains("B12") && list.contains("Prof Testeur"));
    let page = app.page(&admin, &format!("/classes/{class}")).await;
    assert!(page.contains("Sciences de la vie et de la Terre") && page.contains("Prof Testeur"));
    assert!(
        page.contains("<td>2,5</td>"),
        "with its coefficient: {page}"
    );

    // Every change left its audit row.
    assert_eq!(audit_rows(&app, "record.create", "academic_year").await, 1);
    assert_eq!(audit_rows(&app, "record.create", "level").await, 1);
    assert_eq!(audit_rows(&app, "record.create", "subject_group").await, 1);
    assert_eq!(audit_rows(&app, "record.create", "subject").await, 1);
    assert_eq!(audit_rows(&app, "record.update", "coefficient").await, 1);
    assert_eq!(audit_rows(&app, "record.create", "class").await, 1);
    assert_eq!(
        audit_rows(&app, "record.create", "teaching_assignment").await,
        1
    );
}

#[tokio::test]
async fn bad_input_shows_field_errors_and_changes_nothing() {
    let f = fixture().await;
    let app = &f.app;
    let admin = app.login("admin").await;
    let subjects = app.count("subjects").await;
    let r = app
        .submit(
            &admin,
            "/admin/structure/subjects/new",
            "/admin/structure/subjects/new",
            &[
                ("code", "ma th"),
                ("name", ""),
                ("color", "rouge"),
                ("position", "-3"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"error-summary\""));
    assert!(html.contains("Le code compte 1 à 12 lettres"), "{html}");
    assert!(html.contains("Couleur attendue au format #rrvvbb."));
    assert!(html.contains("aria-invalid=\"true\""));
    assert_eq!(app.count("subjects").await, subjects);

    // A taken code is a field error, not an SQL error.
    let r = app
        .submit(
            &admin,
            "/admin/structure/subjects/new",
            "/admin/structure/subjects/new",
            &[
                ("code", "MATH"),
                ("name", "Maths bis"),
                ("color", "#000000"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Une matière a déjà ce code.")
    );

    // A period outside its year, a closing date before its end.
    let path = format!("/admin/structure/periods/{}", f.periods[0]);
    let r = app
        .submit(
            &admin,
            &path,
            &path,
            &[
                ("name", "Trimestre 1"),
                ("position", "1"),
                ("starts_on", "2026-09-01"),
                ("ends_on", "2026-12-11"),
                ("closes_on", "2026-12-01"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("La clôture ne peut pas précéder")
    );

    // One bad cell refuses the whole grid; the typed value is shown back.
    let cells = [
        (format!("c{}_{}", f.level, f.math), "5".to_owned()),
        (format!("c{}_{}", f.level, f.french), "deux".to_owned()),
    ];
    let fields: Vec<(&str, &str)> = cells
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = app
        .submit(
            &admin,
            "/admin/structure/coefficients",
            "/admin/structure/coefficients",
            &fields,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"deux\"") && html.contains("rien n’a été enregistré"));
    let math: i64 =
        sqlx::query_scalar("SELECT coefficient_cents FROM level_subjects WHERE subject_id = $1")
            .bind(f.math)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(math, 400, "nothing of the refused grid was saved");

    // The API names each bad field and refuses unknown ones.
    let (status, body) = app
        .api(
            &f.admin,
            Method::POST,
            "/api/v2/classes",
            Some(
                json!({ "year_id": f.year, "level_id": 999_999, "name": "", "main_teacher_id": 1 }),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name"], "parse errors first: {body}");
    let (status, body) = app.api(&f.admin,
        Method::POST,
        "/api/v2/classes",
        Some(
            json!({ "year_id": f.year, "level_id": 999_999, "name": "6e B", "main_teacher_id": 1 }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "level_id", "{body}");
    assert_eq!(
        body["errors"][1]["field"], "main_teacher_id",
        "the admin is no teacher"
    );
    let (status, _) = app
        .api(
            &f.admin,
            Method::POST,
            "/api/v2/levels",
            Some(json!({ "name": "4e", "school_id": 2 })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("levels").await, 2);
    assert_eq!(app.count("classes").await, 1);
}

#[tokio::test]
async fn other_roles_and_other_schools_are_refused() {
    let f = fixture().await;
    let app = &f.app;
    let parent = app.create_user(f.school, "maman", &[Role::Parent]).await;
    assert!(parent > 0);
    // A teacher reads the structure but changes nothing.
    let prof = app.login("prof").await;
    assert_eq!(
        prof.get(app.url("/admin/structure"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let levels = app.page(&prof, "/admin/structure/levels").await;
    assert!(
        !levels.contains("/delete"),
        "no editing controls for readers"
    );
    let r = app
        .submit(
            &prof,
            "/admin/structure/levels",
            "/admin/structure/levels",
            &[("name", "4e")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let prof_token = app.bearer("prof").await;
    let (status, _) = app
        .api(
            &prof_token,
            Method::DELETE,
            &format!("/api/v2/levels/{}", f.level),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .api(&prof_token, Method::GET, "/api/v2/subjects", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    // A parent does not see the structure at all.
    let maman = app.login("maman").await;
    assert_eq!(
        maman
            .get(app.url("/admin/structure"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        maman
            .get(app.url(&format!("/classes/{}", f.class)))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );

    // Another school's admin: every id of this school is unknown there.
    let other = app.create_school("AUTRE", "Autre école").await;
    app.create_user(other, "directrice", &[Role::SchoolAdmin])
        .await;
    let token = app.bearer("directrice").await;
    for path in [
        format!("/api/v2/academic-years/{}", f.year),
        format!("/api/v2/periods/{}", f.periods[0]),
        format!("/api/v2/levels/{}", f.level),
        format!("/api/v2/subjects/{}", f.math),
        format!("/api/v2/classes/{}", f.class),
        format!("/api/v2/classes/{}/coefficients", f.class),
    ] {
        let (status, _) = app.api(&token, Method::GET, &path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _) = app
        .api(
            &token,
            Method::DELETE,
            &format!("/api/v2/classes/{}", f.class),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .api(
            &token,
            Method::POST,
            &format!("/api/v2/periods/{}/close", f.periods[0]),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Nor can it point its own records at this school's.
    let (status, body) = app
        .api(
            &token,
            Method::POST,
            "/api/v2/teaching-assignments",
            Some(json!({ "teacher_id": f.prof, "class_id": f.class, "subject_id": f.math })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let directrice = app.login("directrice").await;
    let r = directrice
        .get(app.url(&format!("/admin/structure/classes/{}", f.class)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = directrice
        .get(app.url(&format!("/classes/{}", f.class)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("teaching_assignments").await, 0);
    assert!(audit_rows(app, "permission_denied", "page").await >= 3);
}

#[tokio::test]
async fn deleting_what_is_in_use_is_refused_with_a_message() {
    let f = fixture().await;
    let app = &f.app;
    add_student(app, f.school, f.class, "2026-001").await;
    let admin = app.login("admin").await;
    let r = app
        .submit(
            &admin,
            "/admin/structure/classes",
            &format!("/admin/structure/classes/{}/delete", f.class),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Cette classe a des élèves : elle ne peut pas être supprimée.")
    );
    let (status, body) = app
        .api(
            &f.admin,
            Method::DELETE,
            &format!("/api/v2/levels/{}", f.level),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], "conflict");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("Des classes sont à ce niveau")
    );
    let (status, _) = app
        .api(
            &f.admin,
            Method::DELETE,
            &format!("/api/v2/academic-years/{}", f.year),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    post(
        app,
        &f.admin,
        "/api/v2/teaching-assignments",
        json!({ "teacher_id": f.prof, "class_id": f.class, "subject_id": f.math }),
    )
    .await;
    let (status, _) = app
        .api(
            &f.admin,
            Method::DELETE,
            &format!("/api/v2/subjects/{}", f.math),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(app.count("classes").await, 1);
    assert_eq!(app.count("subjects").await, 2);

    // What is no longer used goes, with its audit row.
    let (status, _) = app
        .api(
            &f.admin,
            Method::DELETE,
            &format!("/api/v2/subjects/{}", f.french),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(audit_rows(app, "record.delete", "subject").await, 1);
}

#[tokio::test]
async fn periods_close_early_reopen_and_freeze_after_their_closing_date() {
    let f = fixture().await;
    let app = &f.app;
    let scope_period = f.periods[0];
    assert!(
        !period_closed(app, &f.admin, scope_period).await,
        "25 November is in the open first trimester"
    );
    let admin = app.login("admin").await;
    let r = app
        .submit(
            &admin,
            "/admin/structure/years",
            &format!("/admin/structure/periods/{scope_period}/close"),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(period_closed(app, &f.admin, scope_period).await);
    let years = app.page(&admin, "/admin/structure/years").await;
    assert!(years.contains("Clôturée") && years.contains("Rouvrir"));
    assert_eq!(audit_rows(app, "period.close", "period").await, 1);
    let (status, _) = app
        .api(
            &f.admin,
            Method::POST,
            &format!("/api/v2/periods/{scope_period}/close"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "already closed");
    let (status, body) = app
        .api(
            &f.admin,
            Method::POST,
            &format!("/api/v2/periods/{scope_period}/reopen"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["closed"], false);
    assert_eq!(body["closed_at"], Value::Null);
    assert_eq!(audit_rows(app, "period.reopen", "period").await, 1);

    // From its closing date a period is closed, and reopening asks for a later date.
    app.clock
        .advance(std::time::Duration::from_secs(40 * 24 * 3600));
    let admin_token = app.bearer("admin").await;
    let (status, body) = app
        .api(
            &admin_token,
            Method::GET,
            &format!("/api/v2/periods/{scope_period}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["closed"], true, "{body}");
    let (status, body) = app
        .api(
            &admin_token,
            Method::POST,
            &format!("/api/v2/periods/{scope_period}/reopen"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body["detail"].as_str().unwrap().contains("reportez-la"),
        "{body}"
    );
}

#[tokio::test]
async fn the_effective_coefficient_follows_the_lookup_order() {
    let f = fixture().await;
    let app = &f.app;
    let period = f.periods[1];
    let effective = |p: Option<i64>| {
        let auth = f.admin.clone();
        let path = match p {
            Some(p) => format!("/api/v2/classes/{}/coefficients?period_id={p}", f.class),
            None => format!("/api/v2/classes/{}/coefficients", f.class),
        };
        let math = f.math;
        async move {
            let (status, list) = app.api(&auth, Method::GET, &path, None).await;
            assert_eq!(status, StatusCode::OK, "{list}");
            let row = list
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["subject_id"] == math)
                .cloned()
                .unwrap();
            (
                row["source"].as_str().unwrap().to_owned(),
                row["coefficient"].as_str().unwrap().to_owned(),
            )
        }
    };
    let is = |source: &str, coefficient: &str| (source.to_owned(), coefficient.to_owned());
    assert_eq!(effective(Some(period)).await, is("level", "4"));

    let override_path = format!("/api/v2/subjects/{}/coefficient-overrides", f.math);
    post(
        app,
        &f.admin,
        &override_path,
        json!({ "level_id": f.level, "period_id": period, "coefficient": "3" }),
    )
    .await;
    assert_eq!(effective(Some(period)).await, is("level_period", "3"));
    assert_eq!(
        effective(None).await,
        is("level", "4"),
        "a period override does not apply to the whole year"
    );
    post(
        app,
        &f.admin,
        &override_path,
        json!({ "class_id": f.class, "coefficient": "2.5" }),
    )
    .await;
    assert_eq!(effective(Some(period)).await, is("class", "2.5"));
    let created = post(
        app,
        &f.admin,
        &override_path,
        json!({ "class_id": f.class, "period_id": period, "coefficient": "5" }),
    )
    .await;
    assert_eq!(effective(Some(period)).await, is("class_period", "5"));
    assert_eq!(effective(Some(f.periods[0])).await, is("class", "2.5"));

    // Setting the same override again replaces it (200), it does not duplicate.
    let (status, replaced) = app
        .api(
            &f.admin,
            Method::POST,
            &override_path,
            Some(json!({ "class_id": f.class, "period_id": period, "coefficient": "6" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(replaced["id"], created["id"]);
    assert_eq!(replaced["coefficient"], "6");

    // The API reads the same rule for every subject of the class.
    let (status, list) = app
        .api(
            &f.admin,
            Method::GET,
            &format!(
                "/api/v2/classes/{}/coefficients?period_id={period}",
                f.class
            ),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        list,
        json!([
            { "subject_id": f.math, "coefficient": "6", "source": "class_period" },
            { "subject_id": f.french, "coefficient": "3.5", "source": "level" },
        ])
    );
    let (_, subject) = app
        .api(
            &f.admin,
            Method::GET,
            &format!("/api/v2/subjects/{}", f.math),
            None,
        )
        .await;
    assert_eq!(
        subject["coefficients"],
        json!([{ "level_id": f.level, "coefficient": "4" }])
    );
    assert_eq!(subject["overrides"].as_array().unwrap().len(), 3);

    // A level override needs a period; a period of another year does not fit a class.
    let (status, body) = app
        .api(
            &f.admin,
            Method::POST,
            &override_path,
            Some(json!({ "level_id": f.level, "coefficient": "1" })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "period_id");
    assert!(audit_rows(app, "record.create", "coefficient").await >= 5);
}

#[tokio::test]
async fn a_teacher_sees_only_the_classes_they_teach() {
    let f = fixture().await;
    let app = &f.app;
    let other_teacher = app.create_user(f.school, "autre", &[Role::Teacher]).await;
    let b = post(
        app,
        &f.admin,
        "/api/v2/classes",
        json!({ "year_id": f.year, "level_id": f.level, "name": "6e B" }),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let c = post(
        app,
        &f.admin,
        "/api/v2/classes",
        json!({ "year_id": f.year, "level_id": f.level, "name": "6e C" }),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    post(
        app,
        &f.admin,
        "/api/v2/teaching-assignments",
        json!({ "teacher_id": f.prof, "class_id": b, "subject_id": f.math }),
    )
    .await;
    post(
        app,
        &f.admin,
        "/api/v2/teaching-assignments",
        json!({ "teacher_id": other_teacher, "class_id": c, "subject_id": f.french }),
    )
    .await;
    let student = add_student(app, f.school, b, "2026-002").await;

    let prof = app.login("prof").await;
    let home = app.page(&prof, "/").await;
    assert!(home.contains("Mes classes") && home.contains("6e A") && home.contains("6e B"));
    assert!(!home.contains("6e C"), "{home}");
    assert!(
        home.contains("Mathématiques"),
        "the subjects they teach there"
    );
    let mine = app.page(&prof, "/classes").await;
    assert!(mine.contains(&format!("/classes/{b}")) && !mine.contains(&format!("/classes/{c}")));
    // Leads 6e A, teaches 6e B: both pages open; 6e C does not.
    let page = app.page(&prof, &format!("/classes/{b}")).await;
    assert!(
        page.contains(&format!("/students/{student}")),
        "links to its students"
    );
    for (class, expected) in [
        (f.class, StatusCode::OK),
        (b, StatusCode::OK),
        (c, StatusCode::FORBIDDEN),
    ] {
        let status = prof
            .get(app.url(&format!("/classes/{class}")))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, expected, "class {class}");
    }
    // Staff see every class of the year.
    let admin = app.login("admin").await;
    let all = app.page(&admin, "/classes").await;
    assert!(all.contains("6e A") && all.contains("6e B") && all.contains("6e C"));
}

#[tokio::test]
async fn the_api_lists_filters_changes_and_deletes() {
    let f = fixture().await;
    let app = &f.app;
    let auth = &f.admin;
    let a = post(
        app,
        auth,
        "/api/v2/teaching-assignments",
        json!({ "teacher_id": f.prof, "class_id": f.class, "subject_id": f.math }),
    )
    .await;
    assert_eq!(a["teacher_name"], "Prof Testeur");
    assert_eq!(a["period_id"], Value::Null);
    let id = a["id"].as_i64().unwrap();
    let (status, body) = app
        .api(
            auth,
            Method::POST,
            "/api/v2/teaching-assignments",
            Some(json!({ "teacher_id": f.prof, "class_id": f.class, "subject_id": f.math })),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "duplicate: {body}"
    );
    let (status, patched) = app
        .api(
            auth,
            Method::PATCH,
            &format!("/api/v2/teaching-assignments/{id}"),
            Some(json!({ "period_id": f.periods[2] })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    assert_eq!(patched["period_name"], "Trimestre 3");
    for (query, total) in [
        (format!("class_id={}", f.class), 1),
        (format!("teacher_id={}", f.prof), 1),
        (format!("year_id={}", f.year), 1),
        ("teacher_id=999999".to_owned(), 0),
    ] {
        let (status, page) = app
            .api(
                auth,
                Method::GET,
                &format!("/api/v2/teaching-assignments?{query}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(page["total"], total, "{query}");
    }
    let (_, page) = app
        .api(auth, Method::GET, "/api/v2/levels?per_page=1&page=2", None)
        .await;
    assert_eq!(page["total"], 2);
    assert_eq!(page["items"][0]["name"], "5e");
    let (status, _) = app
        .api(auth, Method::GET, "/api/v2/levels?per_page=500", None)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // PATCH keeps what it is not given; null clears what may be empty.
    let (status, class) = app
        .api(
            auth,
            Method::PATCH,
            &format!("/api/v2/classes/{}", f.class),
            Some(json!({ "room": null, "name": "6e Alpha" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(class["room"], Value::Null);
    assert_eq!(class["main_teacher_id"], f.prof);
    let (status, year) = app
        .api(
            auth,
            Method::PATCH,
            &format!("/api/v2/academic-years/{}", f.year),
            Some(json!({ "ends_on": "2027-03-01" })),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "periods would fall outside: {year}"
    );
    let next = post(
        app,
        auth,
        "/api/v2/academic-years",
        json!({ "name": "2027-2028", "starts_on": "2027-09-01", "ends_on": "2028-07-04", "is_current": true }),
    )
    .await;
    assert_eq!(next["is_current"], true);
    let (_, first) = app
        .api(
            auth,
            Method::GET,
            &format!("/api/v2/academic-years/{}", f.year),
            None,
        )
        .await;
    assert_eq!(first["is_current"], false, "one current year per school");
    let group = post(
        app,
        auth,
        "/api/v2/subject-groups",
        json!({ "name": "Lettres" }),
    )
    .await;
    let (status, subject) = app
        .api(
            auth,
            Method::PATCH,
            &format!("/api/v2/subjects/{}", f.french),
            Some(json!({ "group_id": group["id"] })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(subject["group"]["name"], "Lettres");
    let (status, _) = app
        .api(
            auth,
            Method::DELETE,
            &format!("/api/v2/subject-groups/{}", group["id"]),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "the group still has a subject"
    );

    let (status, _) = app
        .api(
            auth,
            Method::DELETE,
            &format!("/api/v2/teaching-assignments/{id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .api(
            auth,
            Method::GET,
            &format!("/api/v2/teaching-assignments/{id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        audit_rows(app, "record.delete", "teaching_assignment").await,
        1
    );
    assert_eq!(
        audit_rows(app, "record.update", "teaching_assignment").await,
        1
    );
}

#[tokio::test]
async fn the_demo_school_has_a_full_structure() {
    let app = TestApp::spawn().await;
    let options = eschool::demo::DemoOptions {
        students: 600,
        seed: 7,
        password: "demo-password".into(),
    };
    let started = std::time::Instant::now();
    eschool::demo::seed(
        &app.state.db,
        &eschool::clock::ManualClock::new(crate::helpers::start_time()),
        &app.state.keyring,
        &options,
    )
    .await
    .unwrap();
    let elapsed = started.elapsed();
    let pool = &app.state.db.pool;
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM periods ORDER BY position")
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(names, ["Trimestre 1", "Trimestre 2", "Trimestre 3"]);
    assert_eq!(app.count("subject_groups").await, 3);
    let ungrouped: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM subjects WHERE group_id IS NULL")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(ungrouped, 0);
    assert_eq!(app.count("coefficient_overrides").await, 2);
    // Every class has a teacher for every subject of its level, and no more.
    let uncovered: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM classes c JOIN level_subjects ls ON ls.school_id = c.school_id AND ls.level_id = c.level_id \
         WHERE NOT EXISTS (SELECT 1 FROM teaching_assignments ta WHERE ta.class_id = c.id AND ta.subject_id = ls.subject_id)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(uncovered, 0);
    let expected: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM classes c JOIN level_subjects ls ON ls.school_id = c.school_id AND ls.level_id = c.level_id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(app.count("teaching_assignments").await, expected);
    // Teachers teach one or two subjects to a few classes, and lead a class they teach.
    let most_subjects: i64 = sqlx::query_scalar(
        "SELECT MAX(n) FROM (SELECT COUNT(DISTINCT subject_id) AS n FROM teaching_assignments GROUP BY teacher_id) AS t",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert!(most_subjects <= 2, "{most_subjects}");
    let most_classes: i64 = sqlx::query_scalar(
        "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM teaching_assignments GROUP BY teacher_id, subject_id) AS t",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert!(most_classes <= 8, "{most_classes}");
    let leads_untaught: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM classes c WHERE NOT EXISTS \
         (SELECT 1 FROM teaching_assignments ta WHERE ta.class_id = c.id AND ta.teacher_id = c.main_teacher_id)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(leads_untaught, 0);
    assert!(elapsed.as_secs() < 60, "seeding took {elapsed:?}");
}

#[tokio::test]
async fn a_period_is_deleted_and_added_back_through_the_pages() {
    let f = fixture().await;
    let app = &f.app;
    let admin = app.login("admin").await;
    let last = f.periods[2];
    let r = app
        .submit(
            &admin,
            "/admin/structure/years",
            &format!("/admin/structure/periods/{last}/delete"),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("periods").await, 2);
    // The form proposes the rest of the year after the last period.
    let path = format!("/admin/structure/years/{}/periods/new", f.year);
    let form = app.page(&admin, &path).await;
    assert!(form.contains("value=\"2027-03-24\""), "{form}");
    assert!(form.contains("value=\"2027-07-04\""));
    let overlapping = [
        ("name", "Trimestre 3"),
        ("position", "3"),
        ("starts_on", "2027-03-01"),
        ("ends_on", "2027-07-04"),
        ("closes_on", "2027-07-04"),
    ];
    let r = app.submit(&admin, &path, &path, &overlapping).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("La période chevauche une autre période de l’année.")
    );
    let fits = [
        ("name", "Trimestre 3"),
        ("position", "3"),
        ("starts_on", "2027-03-24"),
        ("ends_on", "2027-07-04"),
        ("closes_on", "2027-07-04"),
    ];
    let r = app.submit(&admin, &path, &path, &fits).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("periods").await, 3);
    assert_eq!(audit_rows(app, "record.delete", "period").await, 1);
    assert_eq!(audit_rows(app, "record.create", "period").await, 1);
}

// ---- polish: confirmation before deleting, period-limited assignments in the grid, index ----

#[tokio::test]
async fn deleting_asks_for_confirmation_on_a_page_of_its_own() {
    let f = fixture().await;
    let app = &f.app;
    let admin = app.login("admin").await;
    let other = app.create_school("AUTRE", "Autre école").await;
    app.create_user(other, "autre", &[Role::SchoolAdmin]).await;
    // The lists link to the confirmation page instead of deleting on the first click.
    let classes = app
        .page(
            &admin,
            &format!("/admin/structure/classes?year_id={}", f.year),
        )
        .await;
    let delete = format!("/admin/structure/classes/{}/delete", f.class);
    assert!(classes.contains(&format!("href=\"{delete}\"")), "{classes}");
    assert!(!classes.contains(&format!("action=\"{delete}\"")));
    let confirm = app.page(&admin, &delete).await;
    assert!(
        confirm.contains("Supprimer la classe « 6e A » ?"),
        "{confirm}"
    );
    assert!(confirm.contains(&format!("action=\"{delete}\"")));
    assert!(confirm.contains(&format!(
        "href=\"/admin/structure/classes?year_id={}\"",
        f.year
    )));
    // Every kind of thing has its confirmation page.
    for (path, question) in [
        (
            format!("/admin/structure/years/{}/delete", f.year),
            "Supprimer l’année scolaire « 2026-2027 » ?",
        ),
        (
            format!("/admin/structure/periods/{}/delete", f.periods[0]),
            "Supprimer la période « Trimestre 1 » ?",
        ),
        (
            format!("/admin/structure/levels/{}/delete", f.level),
            "Supprimer le niveau « 6e » ?",
        ),
        (
            format!("/admin/structure/subjects/{}/delete", f.math),
            "Supprimer la matière « Mathématiques » ?",
        ),
    ] {
        let page = app.page(&admin, &path).await;
        assert!(page.contains(question), "{path}: {page}");
    }
    // Viewing the confirmation changes nothing; a teacher and another school are refused.
    assert_eq!(app.count("classes").await, 1);
    let prof = app.login("prof").await;
    let r = prof.get(app.url(&delete)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let autre = app.login("autre").await;
    let r = autre.get(app.url(&delete)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Confirming deletes.
    let r = app.submit(&admin, &delete, &delete, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("classes").await, 0);
}

#[tokio::test]
async fn period_limited_assignments_are_added_and_removed_in_the_class_grid() {
    let f = fixture().await;
    let app = &f.app;
    let admin = app.login("admin").await;
    let grid = format!("/admin/structure/classes/{}/assignments", f.class);
    let add = format!("{grid}/periods");
    let page = app.page(&admin, &grid).await;
    assert!(page.contains(&format!("action=\"{add}\"")), "{page}");
    // A missing period is refused with the choices kept; nothing is created.
    let math = f.math.to_string();
    let prof = f.prof.to_string();
    let r = app
        .submit(
            &admin,
            &grid,
            &add,
            &[
                ("subject_id", &math),
                ("teacher_id", &prof),
                ("period_id", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("Choisissez une valeur dans la liste."),
        "{body}"
    );
    assert!(body.contains(&format!("<option value=\"{math}\" selected>")));
    assert_eq!(app.count("teaching_assignments").await, 0);
    // A period of the class's year is accepted and listed.
    let t2 = f.periods[1].to_string();
    let r = app
        .submit(
            &admin,
            &grid,
            &add,
            &[
                ("subject_id", &math),
                ("teacher_id", &prof),
                ("period_id", &t2),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id: i64 = sqlx::query_scalar("SELECT id FROM teaching_assignments WHERE period_id = $1")
        .bind(f.periods[1])
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let page = app.page(&admin, &grid).await;
    assert!(page.contains("Trimestre 2"), "{page}");
    assert_eq!(
        audit_rows(app, "record.create", "teaching_assignment").await,
        1
    );
    // Removing asks first, then removes; another class's path does not reach it.
    let delete = format!("{grid}/{id}/delete");
    assert!(page.contains(&format!("href=\"{delete}\"")));
    let confirm = app.page(&admin, &delete).await;
    assert!(confirm.contains("Retirer le service"), "{confirm}");
    let wrong = format!(
        "/admin/structure/classes/{}/assignments/{id}/delete",
        f.class + 1000
    );
    let r = app.submit(&admin, &grid, &wrong, &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app.submit(&admin, &delete, &delete, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("teaching_assignments").await, 0);
    // Teachers may not add one.
    let teacher = app.login("prof").await;
    let r = app
        .submit(
            &teacher,
            "/",
            &add,
            &[
                ("subject_id", &math),
                ("teacher_id", &prof),
                ("period_id", &t2),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("teaching_assignments").await, 0);
}

#[tokio::test]
async fn enrolments_are_indexed_by_school_year() {
    let app = TestApp::spawn().await;
    let sql = match crate::helpers::backend() {
        eschool::db::Backend::Sqlite => {
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'enrolments_year'"
        }
        eschool::db::Backend::Postgres => {
            "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'enrolments_year'"
        }
    };
    let n: i64 = sqlx::query_scalar(sql)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
}
