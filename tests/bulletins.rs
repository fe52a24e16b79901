//! Issuing bulletins: the closed-period rule, the background job, versions and corrections,
//! who downloads what, tamper detection, a class's bulletins as one PDF or a ZIP.

use std::time::Duration;

use eschool::accounts::model::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{
    TestApp,
    bulletins::{CouncilClass, pdf_text},
};

/// Closes the first trimester through the API.
async fn close_first(app: &TestApp, c: &CouncilClass) {
    app.api_ok(
        &c.admin,
        Method::POST,
        &format!("/api/v2/periods/{}/close", c.periods[0]),
        None,
    )
    .await;
}

/// Starts a job and waits (polling the job API) until it ends; its last state.
async fn issue(app: &TestApp, c: &CouncilClass, body: Value) -> Value {
    let (status, job) = app
        .api(&c.admin, Method::POST, "/api/v2/bulletins", Some(body))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{job}");
    wait(app, &c.admin, job["id"].as_i64().expect("a job id")).await
}

async fn wait(app: &TestApp, auth: &str, id: i64) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let job = app
            .api_ok(
                auth,
                Method::GET,
                &format!("/api/v2/bulletin-jobs/{id}"),
                None,
            )
            .await;
        if job["status"] == "succeeded" || job["status"] == "failed" {
            return job;
        }
        assert!(std::time::Instant::now() < deadline, "job {id} still {job}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn class_job(app: &TestApp, c: &CouncilClass) -> Value {
    issue(
        app,
        c,
        json!({ "period_id": c.periods[0], "scope": "class", "class_id": c.class }),
    )
    .await
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

/// Makes `username` (a parent) the guardian of `student`.
async fn guardian_of(app: &TestApp, c: &CouncilClass, username: &str, student: i64) {
    let user = app.create_user(c.school, username, &[Role::Parent]).await;
    let pool = &app.state.db.pool;
    let guardian: i64 = sqlx::query_scalar(
        "INSERT INTO guardians (school_id, first_name, last_name, user_id, created_at) \
         VALUES ($1, 'Parent', 'Test', $2, 0) RETURNING id",
    )
    .bind(c.school)
    .bind(user)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO student_guardians (school_id, student_id, guardian_id, relationship) \
         VALUES ($1, $2, $3, 'mother')",
    )
    .bind(c.school)
    .bind(student)
    .bind(guardian)
    .execute(pool)
    .await
    .unwrap();
}

async fn list(app: &TestApp, auth: &str, query: &str) -> Vec<Value> {
    app.api_ok(
        auth,
        Method::GET,
        &format!("/api/v2/bulletins?{query}"),
        None,
    )
    .await["items"]
        .as_array()
        .expect("items")
        .clone()
}

async fn bytes(app: &TestApp, auth: &str, path: &str) -> (StatusCode, Vec<u8>, String) {
    let r = reqwest::Client::new()
        .get(app.url(path))
        .header("authorization", auth)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let disposition = r
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (status, r.bytes().await.unwrap().to_vec(), disposition)
}

/// The page count of a PDF, from poppler's `pdfinfo`.
fn pdf_pages(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

#[tokio::test]
async fn issuing_is_refused_while_the_period_is_open() {
    let app = TestApp::with_school().await;
    let c = app.council_class().await;
    let (status, body) = app
        .api(
            &c.admin,
            Method::POST,
            "/api/v2/bulletins",
            Some(json!({ "period_id": c.periods[0], "scope": "class", "class_id": c.class })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["field"], "period_id");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("clôturez")
    );
    // The page says so too, with a link to close the period.
    let admin = app.login("admin").await;
    let html = app
        .page(&admin, &format!("/bulletins?period_id={}", c.periods[0]))
        .await;
    assert!(html.contains("n’est pas clôturée"), "{html}");
    let r = app
        .submit(
            &admin,
            "/bulletins",
            "/bulletins",
            &[
                ("period_id", &c.periods[0].to_string()),
                ("scope", "school"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("bulletins").await, 0);
    assert_eq!(app.count("bulletin_jobs").await, 0);
    // Bad requests are 4xx.
    for body in [
        json!({ "period_id": c.periods[0], "scope": "class" }),
        json!({ "period_id": c.periods[0], "scope": "everyone" }),
        json!({ "period_id": 999_999, "scope": "school" }),
    ] {
        let (status, _) = app
            .api(&c.admin, Method::POST, "/api/v2/bulletins", Some(body))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn a_class_job_issues_every_bulletin_and_corrections_only_what_changed() {
    let app = TestApp::with_school().await;
    let c = app.council_class().await;
    close_first(&app, &c).await;
    let job = class_job(&app, &c).await;
    assert_eq!(job["status"], "succeeded", "{job}");
    assert_eq!(
        (job["total"].as_i64(), job["done"].as_i64()),
        (Some(3), Some(3))
    );
    assert_eq!(job["issued"], 3);
    assert!(job["error"].is_null());
    assert_eq!(app.count("bulletins").await, 3);
    assert_eq!(audit_count(&app, "bulletin.issue").await, 3);

    // Awa's bulletin, as her parent downloads it.
    guardian_of(&app, &c, "maman", c.students[0]).await;
    let maman = app.bearer("maman").await;
    let mine = list(&app, &maman, "").await;
    assert_eq!(mine.len(), 1, "a parent sees only their child's");
    let awa = mine[0]["id"].as_i64().unwrap();
    let (status, pdf, disposition) =
        bytes(&app, &maman, &format!("/api/v2/bulletins/{awa}/pdf")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        disposition.contains("Bulletin-DIOP-Awa-Trimestre-1-v1.pdf"),
        "{disposition}"
    );
    let text = pdf_text(&pdf);
    for expected in [
        "DIOP Awa",
        "Mathématiques",
        "Français",
        "15,00",
        "14,60",
        "Très bon trimestre, raisonnements rigoureux.",
        "Lectrice attentive, expression écrite soignée.",
        "Un trimestre remarquable : félicitations.",
    ] {
        assert!(text.contains(expected), "{expected:?} not in: {text}");
    }
    let meta = app
        .api_ok(
            &c.admin,
            Method::GET,
            &format!("/api/v2/bulletins/{awa}"),
            None,
        )
        .await;
    assert_eq!(meta["verified"], true);
    assert_eq!(meta["version"], 1);
    assert_eq!(meta["sha256"].as_str().unwrap().len(), 64);

    // Again without corrections: nothing new.
    let again = class_job(&app, &c).await;
    assert_eq!(
        (again["total"].as_i64(), again["issued"].as_i64()),
        (Some(0), Some(0))
    );
    assert_eq!(app.count("bulletins").await, 3);

    // A correction needs a reason.
    let (status, body) = app
        .api(
            &c.admin,
            Method::POST,
            "/api/v2/bulletins",
            Some(
                json!({ "period_id": c.periods[0], "scope": "class", "class_id": c.class,
                         "corrections": true }),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "reason");

    // Awa's maths appréciation changes: only her bulletin gets a version 2.
    sqlx::query(
        "UPDATE appreciations SET body = 'Excellent trimestre.' WHERE student_id = $1 \
         AND subject_id = $2",
    )
    .bind(c.students[0])
    .bind(c.math)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    let fixed = issue(
        &app,
        &c,
        json!({ "period_id": c.periods[0], "scope": "class", "class_id": c.class,
                "corrections": true, "reason": "Appréciation de mathématiques corrigée" }),
    )
    .await;
    assert_eq!(fixed["status"], "succeeded", "{fixed}");
    assert_eq!(
        (fixed["issued"].as_i64(), fixed["skipped"].as_i64()),
        (Some(1), Some(2))
    );
    assert_eq!(app.count("bulletins").await, 4);
    assert_eq!(audit_count(&app, "bulletin.issue").await, 4);
    let details: String = sqlx::query_scalar(
        "SELECT details FROM audit_log WHERE action = 'bulletin.issue' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    let details: Value = serde_json::from_str(&details).unwrap();
    assert_eq!(details["version"], 2);
    assert_eq!(details["reason"], "Appréciation de mathématiques corrigée");

    // Staff see both versions; the family only the latest.
    let versions = app
        .api_ok(
            &c.admin,
            Method::GET,
            &format!("/api/v2/bulletins/{awa}/versions"),
            None,
        )
        .await;
    let versions = versions.as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version"], 2);
    assert_eq!(
        versions[0]["reason"],
        "Appréciation de mathématiques corrigée"
    );
    assert_eq!(versions[1]["superseded"], true);
    let v2 = versions[0]["id"].as_i64().unwrap();
    let all = list(
        &app,
        &c.admin,
        &format!("student_id={}&all_versions=true", c.students[0]),
    )
    .await;
    assert_eq!(all.len(), 2);
    let family = list(&app, &maman, "all_versions=true").await;
    assert_eq!(family.len(), 1);
    assert_eq!(family[0]["id"], v2);
    let (status, _, _) = bytes(&app, &maman, &format!("/api/v2/bulletins/{awa}/pdf")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an older version is not the family's"
    );
    let (status, pdf, _) = bytes(&app, &maman, &format!("/api/v2/bulletins/{v2}/pdf")).await;
    assert_eq!(status, StatusCode::OK);
    let text = pdf_text(&pdf);
    assert!(text.contains("Excellent trimestre."), "{text}");

    // The pages: the student's bulletins for staff (both versions) and the parent (v2).
    let admin = app.login("admin").await;
    let html = app
        .page(&admin, &format!("/students/{}/bulletins", c.students[0]))
        .await;
    assert!(html.contains("v2") && html.contains("v1"), "{html}");
    assert!(html.contains("Appréciation de mathématiques corrigée"));
    let parent = app.login("maman").await;
    let html = app
        .page(&parent, &format!("/students/{}/bulletins", c.students[0]))
        .await;
    assert!(html.contains(&format!("/bulletins/{v2}/pdf")), "{html}");
    assert!(!html.contains(&format!("/bulletins/{awa}/pdf")));
    let home = app.page(&parent, "/").await;
    assert!(home.contains(&format!("/bulletins/{v2}/pdf")), "{home}");
}

#[tokio::test]
async fn downloads_are_for_the_family_and_the_school_only() {
    let app = TestApp::with_school().await;
    let c = app.council_class().await;
    close_first(&app, &c).await;
    class_job(&app, &c).await;
    guardian_of(&app, &c, "papa", c.students[1]).await;
    let papa = app.bearer("papa").await;
    let awa = list(&app, &c.admin, &format!("student_id={}", c.students[0])).await[0]["id"]
        .as_i64()
        .unwrap();
    let before = audit_count(&app, "permission_denied").await;
    let (status, _, _) = bytes(&app, &papa, &format!("/api/v2/bulletins/{awa}/pdf")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(audit_count(&app, "permission_denied").await, before + 1);
    let papa_page = app.login("papa").await;
    let r = papa_page
        .get(app.url(&format!("/bulletins/{awa}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The teacher of the class may download.
    let prof = app.bearer("prof").await;
    let (status, _, _) = bytes(&app, &prof, &format!("/api/v2/bulletins/{awa}/pdf")).await;
    assert_eq!(status, StatusCode::OK);
    // Another school's administrator: no such bulletin.
    let other = app.create_school("AUTRE", "Collège Autre").await;
    app.create_user(other, "admin2", &[Role::SchoolAdmin]).await;
    let admin2 = app.bearer("admin2").await;
    let (status, _, _) = bytes(&app, &admin2, &format!("/api/v2/bulletins/{awa}/pdf")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .api(
            &admin2,
            Method::GET,
            &format!("/api/v2/bulletins/{awa}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Families may not issue.
    let (status, _) = app
        .api(
            &papa,
            Method::POST,
            "/api/v2/bulletins",
            Some(json!({ "period_id": c.periods[0], "scope": "school" })),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_tampered_bulletin_is_refused_and_audited() {
    let app = TestApp::with_school().await;
    let c = app.council_class().await;
    close_first(&app, &c).await;
    class_job(&app, &c).await;
    let pool = &app.state.db.pool;
    let id: i64 = sqlx::query_scalar("SELECT MIN(id) FROM bulletins")
        .fetch_one(pool)
        .await
        .unwrap();
    // The trigger refuses any change.
    let refused = sqlx::query("UPDATE bulletins SET reason = 'x' WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await;
    assert!(refused.is_err(), "an issued bulletin is immutable");
    // Someone with database access drops it and changes the PDF.
    let drop = match crate::helpers::backend() {
        eschool::db::Backend::Sqlite => "DROP TRIGGER bulletins_immutable",
        eschool::db::Backend::Postgres => "DROP TRIGGER bulletins_immutable ON bulletins",
    };
    sqlx::query(drop).execute(pool).await.unwrap();
    sqlx::query("UPDATE bulletins SET pdf = $1 WHERE id = $2")
        .bind(b"%PDF-1.7 forged".to_vec())
        .bind(id)
        .execute(pool)
        .await
        .unwrap();
    let (status, body) = app
        .api(
            &c.admin,
            Method::GET,
            &format!("/api/v2/bulletins/{id}/pdf"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], "bulletin-tampered");
    assert_eq!(audit_count(&app, "bulletin.tamper_detected").await, 1);
    let meta = app
        .api_ok(
            &c.admin,
            Method::GET,
            &format!("/api/v2/bulletins/{id}"),
            None,
        )
        .await;
    assert_eq!(meta["verified"], false);
    let admin = app.login("admin").await;
    let r = admin
        .get(app.url(&format!("/bulletins/{id}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("empreinte"));
    assert_eq!(audit_count(&app, "bulletin.tamper_detected").await, 2);
    // The class download refuses too.
    let r = admin
        .get(app.url(&format!(
            "/classes/{}/bulletins.pdf?period_id={}",
            c.class, c.periods[0]
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_class_downloads_as_one_pdf_or_a_zip_and_a_pdf_can_be_verified() {
    let app = TestApp::with_school().await;
    let c = app.council_class().await;
    close_first(&app, &c).await;
    class_job(&app, &c).await;
    let admin = app.login("admin").await;
    let query = format!("period_id={}", c.periods[0]);
    let r = admin
        .get(app.url(&format!("/classes/{}/bulletins.pdf?{query}", c.class)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let pdf = r.bytes().await.unwrap();
    assert_eq!(pdf_pages(&pdf), 3);
    let text = pdf_text(&pdf);
    for name in ["DIOP Awa", "FALL Binta", "SARR Coumba"] {
        assert!(text.contains(name), "{name} not in {text}");
    }
    let r = admin
        .get(app.url(&format!("/classes/{}/bulletins.zip?{query}", c.class)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let zipped = r.bytes().await.unwrap().to_vec();
    let archive = zip::ZipArchive::new(std::io::Cursor::new(zipped)).unwrap();
    assert_eq!(archive.len(), 3);
    assert!(
        archive
            .file_names()
            .any(|n| n.is_ok_and(|n| n == "Bulletin-DIOP-Awa-Trimestre-1-v1.pdf"))
    );

    // The /bulletins page lists the class with its 3 bulletins and the last job.
    let html = app.page(&admin, &format!("/bulletins?{query}")).await;
    assert!(
        html.contains("6e A") && html.contains("bulletins.zip"),
        "{html}"
    );
    assert!(html.contains("3 bulletin(s) émis"), "{html}");

    // Verification: an issued PDF is found, anything else is not.
    let (_, one, _) = bytes(
        &app,
        &c.admin,
        &format!(
            "/api/v2/bulletins/{}/pdf",
            list(&app, &c.admin, &format!("student_id={}", c.students[1])).await[0]["id"]
        ),
    )
    .await;
    let token = app.csrf(&admin, "/bulletins/verify").await;
    for (bytes, expected) in [
        (one, "FALL Binta"),
        (b"%PDF-1.7 not ours".to_vec(), "n’est pas un bulletin émis"),
    ] {
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", token.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name("b.pdf"),
            );
        let html = admin
            .post(app.url("/bulletins/verify"))
            .multipart(form)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(expected), "{expected} not in {html}");
    }
}

#[tokio::test]
async fn one_job_at_a_time_and_interrupted_jobs_fail_at_startup() {
    let app = TestApp::with_school().await;
    let c = app.council_class().await;
    close_first(&app, &c).await;
    let pool = &app.state.db.pool;
    sqlx::query(
        "INSERT INTO bulletin_jobs (school_id, period_id, scope, status, total, done, created_at) \
         VALUES ($1, $2, 'school', 'running', 10, 4, 0)",
    )
    .bind(c.school)
    .bind(c.periods[0])
    .execute(pool)
    .await
    .unwrap();
    let (status, body) = app
        .api(
            &c.admin,
            Method::POST,
            "/api/v2/bulletins",
            Some(json!({ "period_id": c.periods[0], "scope": "school" })),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    // The page shows the progress of the running job, with a way to refresh without JS.
    let admin = app.login("admin").await;
    let html = app.page(&admin, "/bulletins").await;
    assert!(html.contains("<progress"), "{html}");
    assert!(
        html.contains("4 / 10") || html.contains("4\u{2069} / \u{2068}10"),
        "{html}"
    );
    eschool::bulletins::jobs::recover(&app.state).await;
    let status: String = sqlx::query_scalar("SELECT status FROM bulletin_jobs")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(status, "failed");
    let job = issue(
        &app,
        &c,
        json!({ "period_id": c.periods[0], "scope": "school" }),
    )
    .await;
    assert_eq!(job["issued"], 3);
}
