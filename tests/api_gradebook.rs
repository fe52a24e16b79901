//! The gradebook API: assessments written through the service (with their audit rows, field
//! errors and refusals), a student's results as a parent, a student and staff read them (the
//! Pronote example end to end, the explanation of every mark, published marks only for
//! families), and the class gradebook (staff only).

use eschool::{
    accounts::model::Role,
    audit::AuditCtx,
    gradebook::service::{self, Author, MarkCell},
    web::i18n::Lang,
};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// An answer: status, `Location` header, JSON body (`Null` when empty).
struct Answer {
    status: StatusCode,
    location: String,
    body: Value,
}

async fn send(
    app: &TestApp,
    auth: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Answer {
    send_lang(app, auth, method, path, body, None).await
}

async fn send_lang(
    app: &TestApp,
    auth: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
    lang: Option<&str>,
) -> Answer {
    let mut req = Client::new()
        .request(method, app.url(path))
        .header("authorization", auth);
    if let Some(lang) = lang {
        req = req.header("accept-language", lang);
    }
    if let Some(body) = body {
        req = req.json(&body);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = r.text().await.unwrap();
    Answer {
        status,
        location,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
    }
}

async fn get(app: &TestApp, auth: &str, path: &str) -> Answer {
    send(app, auth, Method::GET, path, None).await
}

async fn post_id(app: &TestApp, auth: &str, path: &str, body: Value) -> i64 {
    let a = send(app, auth, Method::POST, path, Some(body)).await;
    assert_eq!(a.status, StatusCode::CREATED, "{path}: {}", a.body);
    a.body["id"].as_i64().unwrap()
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

async fn exec(app: &TestApp, sql: &str, binds: &[i64]) {
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()));
    for b in binds {
        q = q.bind(*b);
    }
    q.execute(&app.state.db.pool).await.unwrap();
}

async fn user_id(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

/// A school with the year 2026-2027 (today, 25 November 2026, is in its first trimester),
/// class 6e A of three students (Awa Diop, Binta Fall, Coumba Sarr), subjects MATH
/// (coefficient 3) and FRA (2); `prof` teaches MATH in 6e A, `autre` teaches FRA in 6e B;
/// `parent` is Awa's guardian, `parent2` Binta's, `eleve` is Awa herself.
struct Fixture {
    app: TestApp,
    admin: String,
    school: i64,
    periods: Vec<i64>,
    class: i64,
    other_class: i64,
    math: i64,
    french: i64,
    students: [i64; 3],
}

async fn fixture() -> Fixture {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    let prof = app.create_user(school, "prof", &[Role::Teacher]).await;
    let autre = app.create_user(school, "autre", &[Role::Teacher]).await;
    let parent = app.create_user(school, "parent", &[Role::Parent]).await;
    let parent2 = app.create_user(school, "parent2", &[Role::Parent]).await;
    let eleve = app.create_user(school, "eleve", &[Role::Student]).await;
    app.create_user(school, "cpe", &[Role::VieScolaire]).await;
    let admin = app.bearer("admin").await;
    let g = app.gradebook_school(&admin).await;
    let (periods, level, math, french) = (g.periods, g.level, g.math, g.french);
    for (subject, coefficient) in [(math, "3"), (french, "2")] {
        let a = send(
            &app,
            &admin,
            Method::PUT,
            &format!("/api/v2/subjects/{subject}/coefficients/{level}"),
            Some(json!({ "coefficient": coefficient })),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
    }
    let class = g.class;
    let other_class = post_id(
        &app,
        &admin,
        "/api/v2/classes",
        json!({ "year_id": g.year, "level_id": level, "name": "6e B" }),
    )
    .await;
    app.assign(&admin, prof, class, math).await;
    app.assign(&admin, autre, other_class, french).await;
    let mut students = [0; 3];
    for (i, (first, last)) in [("Awa", "Diop"), ("Binta", "Fall"), ("Coumba", "Sarr")]
        .into_iter()
        .enumerate()
    {
        students[i] = sqlx::query_scalar(
            "INSERT INTO students (school_id, matricule, first_name, last_name, class_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, 0) RETURNING id",
        )
        .bind(school)
        .bind(format!("M{i}"))
        .bind(first)
        .bind(last)
        .bind(class)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    }
    exec(
        &app,
        "UPDATE students SET user_id = $1 WHERE id = $2",
        &[eleve, students[0]],
    )
    .await;
    for (user, student) in [(parent, students[0]), (parent2, students[1])] {
        let guardian: i64 = sqlx::query_scalar(
            "INSERT INTO guardians (school_id, first_name, last_name, user_id, created_at) \
             VALUES ($1, 'Parent', 'Test', $2, 0) RETURNING id",
        )
        .bind(school)
        .bind(user)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        exec(
            &app,
            "INSERT INTO student_guardians (school_id, student_id, guardian_id, relationship) \
             VALUES ($1, $2, $3, 'mother')",
            &[school, student, guardian],
        )
        .await;
    }
    Fixture {
        app,
        admin,
        school,
        periods,
        class,
        other_class,
        math,
        french,
        students,
    }
}

impl Fixture {
    fn new_assessment(&self, subject: i64, title: &str) -> Value {
        json!({
            "class_id": self.class, "subject_id": subject, "period_id": self.periods[0],
            "title": title, "date": "2026-10-15", "kind": "devoir",
        })
    }

    /// Saves a column of marks through the service, as the marks grid does.
    async fn marks(&self, assessment: i64, values: &[(usize, &str)]) {
        let admin = user_id(&self.app, "admin").await;
        let author = Author::member(&self.app.state, self.school, admin, AuditCtx::default())
            .await
            .unwrap()
            .unwrap();
        let cells: Vec<MarkCell> = values
            .iter()
            .map(|(i, v)| MarkCell {
                student_id: self.students[*i],
                value: (*v).to_owned(),
            })
            .collect();
        service::save_marks(&self.app.state, &author, assessment, &cells)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_teacher_creates_lists_changes_and_deletes_assessments_with_audit_rows() {
    let f = fixture().await;
    let app = &f.app;
    let prof = app.bearer("prof").await;

    // Decimals as JSON numbers or strings, with a comma or a point.
    let mut body = f.new_assessment(f.math, "Devoir 1");
    body["max"] = json!(20);
    body["coefficient"] = json!("0,5");
    body["published_on"] = json!("2026-10-20");
    let created = send(app, &prof, Method::POST, "/api/v2/assessments", Some(body)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.body["id"].as_i64().unwrap();
    assert_eq!(created.location, format!("/api/v2/assessments/{id}"));
    let a = &created.body;
    assert_eq!(
        (&a["title"], &a["max"], &a["coefficient"], &a["rule"]),
        (
            &json!("Devoir 1"),
            &json!("20"),
            &json!("0.5"),
            &json!("normal")
        )
    );
    assert_eq!(a["class_name"], "6e A");
    assert_eq!(a["subject_code"], "MATH");
    assert_eq!(a["teacher_name"], "Prof Testeur");
    assert_eq!(a["published"], true);
    assert_eq!(a["marks"], 0);
    let mut quiz = f.new_assessment(f.math, "Interrogation");
    quiz["kind"] = json!("interrogation");
    quiz["max"] = json!(12.5);
    quiz["date"] = json!("2026-11-02");
    let quiz = post_id(app, &prof, "/api/v2/assessments", quiz).await;
    assert_eq!(audit_rows(app, "record.create").await, 2);

    // The teacher lists theirs; the admin and vie scolaire the school's; another teacher none.
    let list = get(app, &prof, "/api/v2/assessments?per_page=1").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body["total"], 2);
    assert_eq!(
        list.body["items"][0]["id"], quiz,
        "newest first, one per page"
    );
    assert_eq!(list.body["items"][0]["max"], "12.5");
    let cpe = app.bearer("cpe").await;
    let path = format!(
        "/api/v2/assessments?class_id={}&subject_id={}",
        f.class, f.math
    );
    assert_eq!(get(app, &cpe, &path).await.body["total"], 2);
    let other = format!("/api/v2/assessments?class_id={}", f.other_class);
    assert_eq!(get(app, &f.admin, &other).await.body["total"], 0);
    let autre = app.bearer("autre").await;
    let theirs = get(app, &autre, "/api/v2/assessments").await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert_eq!(theirs.body["total"], 0);
    let bad_page = get(app, &prof, "/api/v2/assessments?per_page=0").await;
    assert_eq!(bad_page.status, StatusCode::UNPROCESSABLE_ENTITY);

    // PATCH changes what it names, keeps the rest; null unpublishes.
    let path = format!("/api/v2/assessments/{id}");
    let patched = send(
        app,
        &prof,
        Method::PATCH,
        &path,
        Some(json!({ "title": "Devoir surveillé 1", "max": "10", "published_on": null })),
    )
    .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    assert_eq!(patched.body["title"], "Devoir surveillé 1");
    assert_eq!(patched.body["max"], "10");
    assert_eq!(patched.body["coefficient"], "0.5");
    assert_eq!(patched.body["date"], "2026-10-15");
    assert_eq!(patched.body["published_on"], Value::Null);
    assert_eq!(patched.body["published"], false);
    assert_eq!(audit_rows(app, "record.update").await, 1);
    let details: String = sqlx::query_scalar(
        "SELECT details FROM audit_log WHERE action = 'record.update' AND resource_type = 'assessment'",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    let details: Value = serde_json::from_str(&details).unwrap();
    assert_eq!(details["before"]["title"], "Devoir 1");
    assert_eq!(details["after"]["max"], 1000);
    let got = get(app, &prof, &path).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.body["title"], "Devoir surveillé 1");

    // DELETE removes the marks too, through the service, with its audit row.
    f.marks(id, &[(0, "8"), (1, "ABS")]).await;
    assert_eq!(get(app, &prof, &path).await.body["marks"], 2);
    let deleted = send(app, &prof, Method::DELETE, &path, None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(app.count("marks").await, 0);
    assert_eq!(audit_rows(app, "record.delete").await, 1);
    assert_eq!(get(app, &prof, &path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        send(app, &prof, Method::DELETE, &path, None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn invalid_fields_are_422_named_like_the_json_with_the_ui_messages_and_nothing_written() {
    let f = fixture().await;
    let app = &f.app;
    let prof = app.bearer("prof").await;
    let body = json!({
        "class_id": f.class, "subject_id": f.math, "period_id": f.periods[0],
        "title": " ", "date": "15/10/2026", "kind": "examen", "max": 0,
        "coefficient": 12.345, "rule": "double", "published_on": "demain",
    });
    let a = send(app, &prof, Method::POST, "/api/v2/assessments", Some(body)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["code"], "validation_failed");
    let errors = a.body["errors"].as_array().unwrap();
    let fields: Vec<&str> = errors
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "title",
            "date",
            "kind",
            "max",
            "coefficient",
            "rule",
            "published_on"
        ]
    );
    for e in errors {
        let key = e["code"].as_str().unwrap();
        assert_eq!(e["message"], Lang::Fr.t(key), "the UI's message for {key}");
    }
    assert_eq!(errors[0]["code"], "gradebook-error-title");
    assert_eq!(errors[3]["code"], "gradebook-error-max");

    // A date outside the period, a closed period: the service's field errors.
    let mut outside = f.new_assessment(f.math, "Hors période");
    outside["date"] = json!("2027-03-01");
    let a = send(
        app,
        &prof,
        Method::POST,
        "/api/v2/assessments",
        Some(outside),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["errors"][0]["field"], "date");
    assert_eq!(a.body["errors"][0]["code"], "gradebook-error-date-period");

    // Malformed JSON or a field that cannot change (the class) names the body.
    let id = post_id(
        app,
        &prof,
        "/api/v2/assessments",
        f.new_assessment(f.math, "Devoir"),
    )
    .await;
    let path = format!("/api/v2/assessments/{id}");
    let a = send(
        app,
        &prof,
        Method::PATCH,
        &path,
        Some(json!({ "class_id": f.other_class })),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["errors"][0]["field"], "body");
    let a = send(
        app,
        &prof,
        Method::PATCH,
        &path,
        Some(json!({ "max": -5, "kind": "" })),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = a.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["kind", "max"]);
    // A maximum below an entered mark.
    f.marks(id, &[(0, "15")]).await;
    let a = send(app, &prof, Method::PATCH, &path, Some(json!({ "max": 10 }))).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["errors"][0]["field"], "max");
    assert_eq!(
        a.body["errors"][0]["code"],
        "gradebook-error-max-below-marks"
    );
    let message = a.body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("dépassent ce barème"), "{message}");

    assert_eq!(app.count("assessments").await, 1, "only the valid one");
    assert_eq!(get(app, &prof, &path).await.body["max"], "20");
    assert_eq!(audit_rows(app, "record.create").await, 1);
    assert_eq!(audit_rows(app, "record.update").await, 1, "the marks only");
}

#[tokio::test]
async fn other_teachers_families_closed_periods_and_other_schools_are_refused() {
    let f = fixture().await;
    let app = &f.app;
    let prof = app.bearer("prof").await;
    let id = post_id(
        app,
        &prof,
        "/api/v2/assessments",
        f.new_assessment(f.math, "Devoir"),
    )
    .await;
    let path = format!("/api/v2/assessments/{id}");

    // A teacher of another class and subject: the service's 403, and no reading either.
    let autre = app.bearer("autre").await;
    let a = send(
        app,
        &autre,
        Method::POST,
        "/api/v2/assessments",
        Some(f.new_assessment(f.math, "Intrus")),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(a.body["code"], "forbidden");
    assert_eq!(get(app, &autre, &path).await.status, StatusCode::FORBIDDEN);
    let a = send(
        app,
        &autre,
        Method::PATCH,
        &path,
        Some(json!({ "title": "X" })),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(app, &autre, Method::DELETE, &path, None).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    // prof does not teach French in 6e A either.
    let a = send(
        app,
        &prof,
        Method::POST,
        "/api/v2/assessments",
        Some(f.new_assessment(f.french, "Dictée")),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);

    // Families and vie scolaire write nothing; families do not list assessments.
    for who in ["parent", "eleve", "cpe"] {
        let t = app.bearer(who).await;
        let a = send(
            app,
            &t,
            Method::POST,
            "/api/v2/assessments",
            Some(f.new_assessment(f.math, "X")),
        )
        .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{who} creates");
        let a = send(app, &t, Method::DELETE, &path, None).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{who} deletes");
    }
    // Students and guardians list none (they read results) and may not read one.
    for who in ["parent", "eleve"] {
        let t = app.bearer(who).await;
        let list = get(app, &t, "/api/v2/assessments").await;
        assert_eq!(list.status, StatusCode::OK);
        assert_eq!(list.body["total"], 0);
        assert_eq!(list.body["items"], json!([]));
        assert_eq!(get(app, &t, &path).await.status, StatusCode::FORBIDDEN);
    }
    let bursar = app
        .create_user(f.school, "intendant", &[Role::Bursar])
        .await;
    assert!(bursar > 0);
    let t = app.bearer("intendant").await;
    assert_eq!(
        get(app, &t, "/api/v2/assessments").await.status,
        StatusCode::FORBIDDEN
    );
    let denied: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'permission_denied'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert!(denied >= 8, "refusals are audited ({denied})");

    // A closed period: the service's field error on period_id.
    let period = f.periods[0];
    let a = send(
        app,
        &f.admin,
        Method::POST,
        &format!("/api/v2/periods/{period}/close"),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let a = send(
        app,
        &prof,
        Method::POST,
        "/api/v2/assessments",
        Some(f.new_assessment(f.math, "Après")),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["errors"][0]["field"], "period_id");
    assert_eq!(a.body["errors"][0]["code"], "gradebook-error-period-closed");
    let a = send(
        app,
        &prof,
        Method::PATCH,
        &path,
        Some(json!({ "title": "X" })),
    )
    .await;
    assert_eq!(a.body["errors"][0]["code"], "gradebook-error-period-closed");
    let a = send(app, &f.admin, Method::DELETE, &path, None).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Another school's administrator: nothing of this school exists.
    let other = app.create_school("AUTRE", "Collège Autre").await;
    app.create_user(other, "directrice", &[Role::SchoolAdmin])
        .await;
    let them = app.bearer("directrice").await;
    assert_eq!(get(app, &them, &path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        get(app, &them, "/api/v2/assessments").await.body["total"],
        0
    );
    let a = send(
        app,
        &them,
        Method::PATCH,
        &path,
        Some(json!({ "title": "X" })),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = send(app, &them, Method::DELETE, &path, None).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = send(
        app,
        &them,
        Method::POST,
        "/api/v2/assessments",
        Some(f.new_assessment(f.math, "X")),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let student = f.students[0];
    let a = get(app, &them, &format!("/api/v2/students/{student}/results")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = get(
        app,
        &them,
        &format!("/api/v2/classes/{}/gradebook", f.class),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);

    assert_eq!(app.count("assessments").await, 1);
    assert_eq!(audit_rows(app, "record.create").await, 1);
    assert_eq!(audit_rows(app, "record.update").await, 0);
    assert_eq!(audit_rows(app, "record.delete").await, 0);
}

/// Marks of the first trimester. MATH, published: Pronote's example for Awa (18/20, 2/10,
/// 1/5, coefficient 1 each), 10/20, 5/10, 2.5/5 for Binta. FRA: a published dictation (Awa
/// 12, Binta 14), a published bonus (Awa 15/20), a published oral (Awa absent), and an
/// unpublished essay (Awa 4).
async fn results_fixture() -> (Fixture, Vec<i64>) {
    let f = fixture().await;
    let app = &f.app;
    let mut ids = Vec::new();
    let specs = [
        (f.math, "Devoir 1", "2026-10-05", "20", "normal", true),
        (
            f.math,
            "Interrogation 1",
            "2026-10-12",
            "10",
            "normal",
            true,
        ),
        (f.math, "Interrogation 2", "2026-10-19", "5", "normal", true),
        (f.french, "Dictée", "2026-10-06", "20", "normal", true),
        (f.french, "Bonus lecture", "2026-10-13", "20", "bonus", true),
        (f.french, "Oral", "2026-10-20", "20", "normal", true),
        (f.french, "Rédaction", "2026-11-10", "20", "normal", false),
    ];
    for (subject, title, date, max, rule, published) in specs {
        let mut body = f.new_assessment(subject, title);
        body["date"] = json!(date);
        body["max"] = json!(max);
        body["rule"] = json!(rule);
        if published {
            body["published_on"] = json!("2026-11-20");
        }
        ids.push(post_id(app, &f.admin, "/api/v2/assessments", body).await);
    }
    let columns: [&[(usize, &str)]; 7] = [
        &[(0, "18"), (1, "10")],
        &[(0, "2"), (1, "5")],
        &[(0, "1"), (1, "2,5")],
        &[(0, "12"), (1, "14")],
        &[(0, "15")],
        &[(0, "ABS")],
        &[(0, "4")],
    ];
    for (id, column) in ids.iter().zip(columns) {
        f.marks(*id, column).await;
    }
    (f, ids)
}

fn subject<'a>(results: &'a Value, code: &str) -> &'a Value {
    results["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["subject"]["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {results}"))
}

fn statuses(subject: &Value) -> Vec<(String, String)> {
    subject["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["title"].as_str().unwrap().to_owned(),
                m["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_parent_reads_their_childs_published_results_with_the_explanation_of_every_mark() {
    let (f, ids) = results_fixture().await;
    let app = &f.app;
    let [awa, binta, coumba] = f.students;
    let parent = app.bearer("parent").await;
    let path = format!("/api/v2/students/{awa}/results");
    let a = get(app, &parent, &path).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let r = &a.body;
    assert_eq!(r["student"]["first_name"], "Awa");
    assert_eq!(r["class"]["name"], "6e A");
    assert_eq!(r["audience"], "family");
    assert_eq!(
        r["span"]["period_id"], f.periods[0],
        "the current period by default"
    );
    assert_eq!(r["span"]["kind"], "period");
    assert_eq!(r["grading"]["average_mode"], "normalized");
    assert_eq!(r["grading"]["decimals"], 2);

    // Pronote's example: (18 + 4 + 4) / 3 = 8.67 in the caller's language.
    let math = subject(r, "MATH");
    assert_eq!(math["subject"]["coefficient"], "3");
    assert_eq!(math["average"], json!(8.67));
    assert_eq!(math["average_display"], "8,67");
    assert_eq!(math["rank"], 2, "Binta has 10");
    assert_eq!(math["class_stats"]["average"], json!(9.33));
    assert_eq!(math["class_stats"]["min"], json!(8.67));
    assert_eq!(math["class_stats"]["max"], json!(10.0));
    assert_eq!(math["class_stats"]["count"], 2);
    let marks = math["explanation"].as_array().unwrap();
    assert_eq!(marks.len(), 3);
    let quiz = &marks[1];
    assert_eq!(quiz["assessment_id"], ids[1]);
    assert_eq!(quiz["value"], "2");
    assert_eq!(quiz["value_kind"], "points");
    assert_eq!(quiz["max"], "10");
    assert_eq!(quiz["coefficient"], "1");
    assert_eq!(quiz["on_20"], json!(4.0));
    assert_eq!(quiz["on_20_display"], "4,00");
    assert_eq!(quiz["status"], "counted");
    assert_eq!(quiz["weight"], json!(1.0));
    assert_eq!(quiz["share"], json!(0.3333));
    assert!(
        quiz["detail"].as_str().unwrap().starts_with("Comptée"),
        "{}",
        quiz["detail"]
    );

    // French: the dictation counts, the bonus adds, the absence is left out; the unpublished
    // essay does not exist for a family (12 + 5 of bonus = 17).
    let french = subject(r, "FRA");
    let s = |t: &str, st: &str| (t.to_owned(), st.to_owned());
    assert_eq!(
        statuses(french),
        [
            s("Dictée", "counted"),
            s("Bonus lecture", "bonus"),
            s("Oral", "left_out")
        ]
    );
    let oral = &french["explanation"][2];
    assert_eq!(
        (&oral["value"], &oral["value_kind"], &oral["reason"]),
        (&json!("ABS"), &json!("code"), &json!("code"))
    );
    assert_eq!(oral["code_label"], "Absent (excusé)");
    assert_eq!(oral["on_20"], Value::Null);
    assert_eq!(french["explanation"][1]["added"], json!(5.0));
    assert_eq!(french["average"], json!(17.0));
    // General: (26/3 × 3 + 17 × 2) / 5 = 12.
    assert_eq!(r["general"]["average"], json!(12.0));
    assert_eq!(r["general"]["average_display"], "12,00");
    assert_eq!(r["general"]["rank"], 1);
    assert_eq!(r["general"]["class_stats"]["count"], 2);
    assert!(!r.to_string().contains("Rédaction"));

    // In English, the same numbers with a decimal point.
    let a = send_lang(app, &parent, Method::GET, &path, None, Some("en")).await;
    assert_eq!(subject(&a.body, "MATH")["average_display"], "8.67");

    // Staff see the unpublished essay: FRA (12 + 4) / 2 + 5 / 2 = 10.5.
    let staff = get(app, &f.admin, &path).await.body;
    assert_eq!(staff["audience"], "staff");
    assert_eq!(subject(&staff, "FRA")["average"], json!(10.5));
    assert_eq!(
        subject(&staff, "FRA")["explanation"][3]["title"],
        "Rédaction"
    );
    // The teacher of the class reads every subject of it (the class council).
    let prof = app.bearer("prof").await;
    let teacher = get(app, &prof, &path).await;
    assert_eq!(teacher.status, StatusCode::OK);
    assert_eq!(subject(&teacher.body, "FRA")["average"], json!(10.5));

    // The student herself reads what her parent reads.
    let eleve = app.bearer("eleve").await;
    let own = get(app, &eleve, &path).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.body["general"], r["general"]);

    // Another child: refused to this parent and to the student; Coumba has no marks.
    for who in [&parent, &eleve] {
        let a = get(app, who, &format!("/api/v2/students/{binta}/results")).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
    }
    let parent2 = app.bearer("parent2").await;
    let a = get(app, &parent2, &path).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let coumba = get(app, &f.admin, &format!("/api/v2/students/{coumba}/results")).await;
    assert_eq!(subject(&coumba.body, "MATH")["average"], Value::Null);
    assert_eq!(coumba.body["general"]["average"], Value::Null);
    assert!(coumba.body["general"].get("rank").is_none());

    // A school that hides ranks: families get none, staff still do.
    exec(
        app,
        "UPDATE schools SET show_ranks = 0 WHERE id = $1",
        &[f.school],
    )
    .await;
    let hidden = get(app, &parent, &path).await.body;
    assert_eq!(hidden["ranks_shown"], false);
    assert!(hidden["general"].get("rank").is_none());
    assert!(subject(&hidden, "MATH").get("rank").is_none());
    // Staff count the unpublished essay too: 9.4 against Binta's 11.6.
    assert_eq!(get(app, &f.admin, &path).await.body["general"]["rank"], 2);

    // The year, an unknown period, a malformed one, an unknown student.
    let year = get(app, &parent, &format!("{path}?period_id=year")).await;
    assert_eq!(year.status, StatusCode::OK);
    assert_eq!(year.body["span"]["kind"], "year");
    let periods = subject(&year.body, "MATH")["period_averages"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(periods.len(), 3);
    assert_eq!(periods[0]["average"], json!(8.67));
    assert_eq!(periods[1]["average"], Value::Null);
    assert_eq!(subject(&year.body, "MATH")["average"], json!(8.67));
    let other = f.periods[1];
    let second = get(app, &parent, &format!("{path}?period_id={other}")).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(second.body["general"]["average"], Value::Null);
    let a = get(app, &parent, &format!("{path}?period_id=99999")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = get(app, &parent, &format!("{path}?period_id=trimestre")).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["errors"][0]["field"], "period_id");
    let a = get(app, &f.admin, "/api/v2/students/99999/results").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_pronote_example_gives_12_when_the_school_weighs_by_the_maximum() {
    let (f, _) = results_fixture().await;
    let app = &f.app;
    let awa = f.students[0];
    exec(
        app,
        "UPDATE schools SET average_mode = 'weighted_by_max' WHERE id = $1",
        &[f.school],
    )
    .await;
    let eleve = app.bearer("eleve").await;
    let r = get(app, &eleve, &format!("/api/v2/students/{awa}/results"))
        .await
        .body;
    assert_eq!(r["grading"]["average_mode"], "weighted_by_max");
    let math = subject(&r, "MATH");
    // (18 + 2 + 1) / (20 + 10 + 5) × 20 = 12
    assert_eq!(math["average"], json!(12.0));
    assert_eq!(math["average_display"], "12,00");
    // Weights are coefficient × max / 20: 1, 0.5, 0.25 of 1.75.
    let weights: Vec<&Value> = math["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["weight"])
        .collect();
    assert_eq!(weights, [&json!(1.0), &json!(0.5), &json!(0.25)]);
    assert_eq!(math["explanation"][0]["share"], json!(0.5714));
}

#[tokio::test]
async fn the_class_gradebook_is_for_staff_only() {
    let (f, _) = results_fixture().await;
    let app = &f.app;
    let [awa, binta, coumba] = f.students;
    let path = format!("/api/v2/classes/{}/gradebook", f.class);
    for who in ["admin", "cpe", "prof"] {
        let t = app.bearer(who).await;
        let a = get(app, &t, &path).await;
        assert_eq!(a.status, StatusCode::OK, "{who}: {}", a.body);
    }
    let book = get(app, &f.admin, &path).await.body;
    assert_eq!(book["class"]["name"], "6e A");
    assert_eq!(book["span"]["period_id"], f.periods[0]);
    let codes: Vec<&str> = book["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["subject"]["code"].as_str().unwrap())
        .collect();
    let math = codes.iter().position(|c| *c == "MATH").unwrap();
    let french = codes.iter().position(|c| *c == "FRA").unwrap();
    assert_eq!(
        book["subjects"][math]["class_stats"]["average"],
        json!(9.33)
    );
    let students = book["students"].as_array().unwrap();
    let ids: Vec<i64> = students
        .iter()
        .map(|s| s["student"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [awa, binta, coumba], "by name");
    let line = &students[0];
    assert_eq!(line["subjects"][math]["subject_id"], f.math);
    assert_eq!(line["subjects"][math]["average"], json!(8.67));
    assert_eq!(line["subjects"][math]["average_display"], "8,67");
    assert_eq!(line["subjects"][math]["rank"], 2);
    // Staff see the unpublished essay: FRA 10.5 for Awa, 14 for Binta.
    assert_eq!(line["subjects"][french]["average"], json!(10.5));
    // (26 + 21) / 5 = 9.4 and (30 + 28) / 5 = 11.6
    assert_eq!(line["average"], json!(9.4));
    assert_eq!(line["rank"], 2);
    assert_eq!(students[1]["average"], json!(11.6));
    assert_eq!(students[1]["rank"], 1);
    assert_eq!(students[2]["average"], Value::Null);
    assert_eq!(book["general_stats"]["max"], json!(11.6));

    // The year span; families and teachers of other classes are refused.
    let a = get(app, &f.admin, &format!("{path}?period_id=year")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body["span"]["kind"], "year");
    for who in ["parent", "eleve", "autre"] {
        let t = app.bearer(who).await;
        let a = get(app, &t, &path).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{who}");
    }
    let a = get(app, &f.admin, "/api/v2/classes/99999/gradebook").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}
