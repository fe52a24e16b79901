//! The school's mark codes: the `/admin/mark-codes` page and `GET/PUT /api/v2/mark-codes`.
//! All or nothing with an error next to each bad field, one audit row per change, and a code
//! that marks use cannot be removed (the refusal says how many marks use it).

use eschool::{accounts::model::Role, clock::ManualClock, demo};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, start_time};

/// The codes as stored: (code, label, counts_as_zero, position).
async fn stored(app: &TestApp) -> Vec<(String, String, i64, i64)> {
    sqlx::query_as(
        "SELECT code, label, counts_as_zero, position FROM mark_codes ORDER BY position, code",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap()
}

async fn settings_audits(app: &TestApp) -> Vec<Value> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT details FROM audit_log WHERE action = 'school.settings_update' ORDER BY id",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    rows.iter()
        .map(|d| serde_json::from_str(d).unwrap())
        .collect()
}

/// The six French defaults as the form posts them, row `n` = (code, label, zero, position).
fn default_form() -> Vec<(String, String)> {
    let rows = [
        ("ABS", "Absent (excusé)", false),
        ("DISP", "Dispensé", false),
        ("NN", "Non noté", false),
        ("NR", "Non rendu (excusé)", false),
        ("Z", "Absence injustifiée", true),
        ("W", "Non rendu", true),
    ];
    let mut fields = Vec::new();
    for (n, (code, label, zero)) in rows.iter().enumerate() {
        fields.push((format!("codes.{n}.code"), (*code).to_owned()));
        fields.push((format!("codes.{n}.label"), (*label).to_owned()));
        fields.push((format!("codes.{n}.position"), n.to_string()));
        if *zero {
            fields.push((format!("codes.{n}.counts_as_zero"), "on".to_owned()));
        }
    }
    fields
}

fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    fields.retain(|(k, _)| k != name);
    fields.push((name.to_owned(), value.to_owned()));
}

async fn post(app: &TestApp, client: &Client, fields: &[(String, String)]) -> reqwest::Response {
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.submit(client, "/admin/mark-codes", "/admin/mark-codes", &refs)
        .await
}

#[tokio::test]
async fn the_admin_edits_the_codes_in_one_form() {
    let app = TestApp::with_school().await;
    let admin = app.login("admin").await;
    let settings = app.page(&admin, "/admin/school").await;
    assert!(
        settings.contains("href=\"/admin/mark-codes\""),
        "linked from the settings"
    );

    // A school without stored codes sees the French defaults, none in use.
    let html = app.page(&admin, "/admin/mark-codes").await;
    assert!(html.contains("<h1>Codes de notation</h1>"));
    for code in ["ABS", "DISP", "NN", "NR", "Z", "W"] {
        assert!(html.contains(&format!("<code>{code}</code>")), "{code}");
    }
    assert!(html.contains("value=\"Absence injustifiée\""));
    assert!(
        html.contains("name=\"codes.4.counts_as_zero\" type=\"checkbox\" value=\"on\" checked"),
        "Z counts as zero"
    );
    assert!(html.contains("<label for=\"codes.6.code\">Nouveau code</label>"));

    // Rename ABS, make NN count as zero, remove W, add EXC.
    let mut fields = default_form();
    set(&mut fields, "codes.0.label", "Absence justifiée");
    set(&mut fields, "codes.2.counts_as_zero", "on");
    set(&mut fields, "codes.5.remove", "on");
    set(&mut fields, "codes.6.code", "exc");
    set(&mut fields, "codes.6.label", "Exclusion de cours");
    set(&mut fields, "codes.6.counts_as_zero", "on");
    set(&mut fields, "codes.6.position", "");
    let r = post(&app, &admin, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(crate::helpers::location(&r), "/admin/mark-codes?saved=1");
    let codes = stored(&app).await;
    let names: Vec<&str> = codes.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(names, ["ABS", "DISP", "NN", "NR", "Z", "EXC"]);
    assert_eq!(codes[0].1, "Absence justifiée");
    assert_eq!(codes[2].2, 1, "NN counts as zero now");
    assert_eq!((codes[5].1.as_str(), codes[5].2), ("Exclusion de cours", 1));
    let html = app.page(&admin, "/admin/mark-codes?saved=1").await;
    assert!(html.contains("Les codes sont enregistrés."));
    assert!(html.contains("<code>EXC</code>") && !html.contains("<code>W</code>"));

    // One audit row saying what changed.
    let audits = settings_audits(&app).await;
    assert_eq!(audits.len(), 1);
    let details = &audits[0]["mark_codes"];
    assert_eq!(details["removed"], json!(["W"]));
    assert_eq!(details["added"][0]["code"], "EXC");
    let changed: Vec<&str> = details["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["ABS", "NN"]);

    // Saving the same table again changes nothing and records nothing.
    let html = app.page(&admin, "/admin/mark-codes").await;
    assert!(html.contains("value=\"Absence justifiée\""));
    let same: Vec<(String, String)> = stored(&app)
        .await
        .iter()
        .enumerate()
        .flat_map(|(n, (code, label, zero, position))| {
            let mut f = vec![
                (format!("codes.{n}.code"), code.clone()),
                (format!("codes.{n}.label"), label.clone()),
                (format!("codes.{n}.position"), position.to_string()),
            ];
            if *zero == 1 {
                f.push((format!("codes.{n}.counts_as_zero"), "on".into()));
            }
            f
        })
        .collect();
    assert_eq!(
        post(&app, &admin, &same).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(settings_audits(&app).await.len(), 1);
}

#[tokio::test]
async fn a_bad_table_changes_nothing_and_says_what_is_wrong_where() {
    let app = TestApp::with_school().await;
    let admin = app.login("admin").await;
    let mut fields = default_form();
    set(&mut fields, "codes.1.label", "  ");
    set(&mut fields, "codes.3.position", "dix");
    set(&mut fields, "codes.6.code", "1A");
    set(&mut fields, "codes.6.label", "Commence par un chiffre");
    let r = post(&app, &admin, &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"error-summary\""));
    assert!(html.contains("href=\"#codes.1.label\">Saisissez le libellé du code DISP.</a>"));
    assert!(
        html.contains("href=\"#codes.3.position\">L’ordre est un nombre entier de 0 à 9999.</a>")
    );
    assert!(html.contains("« 1A » n’est pas un code"));
    assert!(html.contains("id=\"codes.1.label-error\""));
    assert!(
        html.contains("value=\"1A\""),
        "the form comes back as typed"
    );
    assert!(html.contains("value=\"dix\""));
    assert_eq!(app.count("mark_codes").await, 0, "nothing stored");
    assert!(settings_audits(&app).await.is_empty());

    // A duplicate, and an empty table.
    let mut fields = default_form();
    set(&mut fields, "codes.6.code", "z");
    set(&mut fields, "codes.6.label", "Encore Z");
    let r = post(&app, &admin, &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Le code Z figure deux fois.")
    );
    let all_removed: Vec<(String, String)> = (0..6)
        .flat_map(|n| {
            [
                (
                    format!("codes.{n}.code"),
                    ["ABS", "DISP", "NN", "NR", "Z", "W"][n].to_owned(),
                ),
                (format!("codes.{n}.label"), "x".to_owned()),
                (format!("codes.{n}.remove"), "on".to_owned()),
            ]
        })
        .collect();
    let r = post(&app, &admin, &all_removed).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Il faut au moins un code.")
    );
    assert_eq!(app.count("mark_codes").await, 0);
}

#[tokio::test]
async fn only_school_admins_manage_the_codes() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    app.create_user(school, "prof", &[Role::Teacher]).await;
    let teacher = app.login("prof").await;
    let r = teacher
        .get(app.url("/admin/mark-codes"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let token = app.csrf(&teacher, "/").await;
    let r = teacher
        .post(app.url("/admin/mark-codes"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("codes.0.code", "X"),
            ("codes.0.label", "X"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("mark_codes").await, 0);
    let bearer = app.bearer("prof").await;
    let r = Client::new()
        .get(app.url("/api/v2/mark-codes"))
        .header("authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

async fn token_for(app: &TestApp, username: &str, password: &str) -> String {
    let r = Client::new()
        .post(app.url("/api/v2/auth/token"))
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "token for {username}");
    let body: Value = r.json().await.unwrap();
    format!("Bearer {}", body["access_token"].as_str().unwrap())
}

async fn put(app: &TestApp, bearer: &str, body: Value) -> (StatusCode, Value, String) {
    let r = Client::new()
        .put(app.url("/api/v2/mark-codes"))
        .header("authorization", bearer)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let content_type = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, r.json().await.unwrap(), content_type)
}

#[tokio::test]
async fn the_api_reads_and_replaces_the_table() {
    let app = TestApp::with_school().await;
    let bearer = app.bearer("admin").await;
    let r = Client::new()
        .get(app.url("/api/v2/mark-codes"))
        .header("authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["codes"].as_array().unwrap().len(), 6);
    assert_eq!(
        body["codes"][4],
        json!({ "code": "Z", "label": "Absence injustifiée", "counts_as_zero": true, "position": 4, "marks": 0 })
    );

    let (status, body, _) = put(
        &app,
        &bearer,
        json!({ "codes": [
            { "code": "abs", "label": "Absent", "position": 1 },
            { "code": "Z", "label": "Zéro", "counts_as_zero": true },
        ]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({ "codes": [
            { "code": "ABS", "label": "Absent", "counts_as_zero": false, "position": 1, "marks": 0 },
            { "code": "Z", "label": "Zéro", "counts_as_zero": true, "position": 1, "marks": 0 },
        ]}),
        "equal positions: by code"
    );
    assert_eq!(stored(&app).await.len(), 2);
    assert_eq!(settings_audits(&app).await.len(), 1);

    // One problem per bad field, indexed like the body; nothing changes.
    let (status, body, content_type) = put(
        &app,
        &bearer,
        json!({ "codes": [
            { "code": "ABS", "label": "" },
            { "code": "9", "label": "Neuf" },
            { "code": "abs", "label": "Encore", "position": 10000 },
        ]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(body["code"], "validation_failed");
    let fields: Vec<(&str, &str)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("codes.0.label", "mark-codes-error-label"),
            ("codes.1.code", "mark-codes-error-code"),
            ("codes.2.code", "mark-codes-error-duplicate"),
            ("codes.2.position", "mark-codes-error-position"),
        ]
    );
    assert_eq!(stored(&app).await.len(), 2);
    assert_eq!(settings_audits(&app).await.len(), 1);
    let (status, body, _) = put(&app, &bearer, json!({ "codes": [] })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "codes");

    // The document describes both methods.
    let doc: Value = Client::new()
        .get(app.url("/api/v2/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let path = &doc["paths"]["/api/v2/mark-codes"];
    assert!(path["get"].is_object() && path["put"].is_object());
    assert!(path["put"]["responses"]["422"].is_object());
}

#[tokio::test]
async fn a_code_that_marks_use_cannot_be_removed() {
    let app = TestApp::spawn().await;
    demo::seed(
        &app.state.db,
        &ManualClock::new(start_time()),
        &app.state.keyring,
        &demo::DemoOptions {
            students: 40,
            seed: 3,
            password: "demo-password".into(),
        },
    )
    .await
    .unwrap();
    let used: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM marks WHERE code = 'ABS'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(used > 1, "the demo has excused absences");

    // The page shows the use, and offers no removal for a code in use.
    let admin = app.login_with("admin", "demo-password").await;
    let html = app.page(&admin, "/admin/mark-codes").await;
    assert!(html.contains(&format!("<td>{used} notes</td>")), "{html}");
    assert!(!html.contains("name=\"codes.0.remove\""));
    assert!(html.contains("<span class=\"muted\" id=\"codes.0.remove\">Utilisé</span>"));

    // A form that removes it anyway is refused, next to the row, with the count.
    let mut fields = default_form();
    set(&mut fields, "codes.0.remove", "on");
    let r = post(&app, &admin, &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    let message = format!("Le code ABS ne peut pas être supprimé : {used} notes l’utilisent.");
    assert!(
        html.contains(&format!("href=\"#codes.0.remove\">{message}</a>")),
        "{html}"
    );
    assert!(html.contains("id=\"codes.0.remove-error\""));

    // So is a table without it through the API; the codes stay as they were.
    let before = stored(&app).await;
    let bearer = token_for(&app, "admin", "demo-password").await;
    let (status, body, _) = put(
        &app,
        &bearer,
        json!({ "codes": [{ "code": "Z", "label": "Zéro", "counts_as_zero": true }] }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = body["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["field"] == "codes" && e["message"] == message.as_str()),
        "{body}"
    );
    assert_eq!(stored(&app).await, before);
}
