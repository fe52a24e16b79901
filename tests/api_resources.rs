//! API v2 resources: users, memberships and schools, with the conventions every later domain
//! follows (pagination, filters, sort, problem+json field errors, tenancy, no mass assignment).

use eschool::accounts::model::Role;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp};

/// A client whose requests carry a bearer token for `username`.
async fn bearer(app: &TestApp, username: &str) -> (Client, String) {
    let r = Client::new()
        .post(app.url("/api/v2/auth/token"))
        .json(&json!({ "username": username, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "token for {username}");
    let body: Value = r.json().await.unwrap();
    (
        Client::new(),
        format!("Bearer {}", body["access_token"].as_str().unwrap()),
    )
}

async fn call(
    client: &Client,
    auth: &str,
    method: reqwest::Method,
    url: String,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = client.request(method, url).header("authorization", auth);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn school_admins_manage_accounts_through_the_api() {
    let app = TestApp::with_school().await;
    let (c, auth) = bearer(&app, "admin").await;
    let (status, created) = call(
        &c,
        &auth,
        reqwest::Method::POST,
        app.url("/api/v2/users"),
        Some(json!({ "username": "k.traore", "display_name": "Kadiatou Traoré", "email": "kt@lycee.example",
                      "password": "Bamako-2026!", "roles": ["teacher"] })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["roles"], json!(["teacher"]));
    let id = created["id"].as_i64().unwrap();

    let (status, got) = call(
        &c,
        &auth,
        reqwest::Method::GET,
        app.url(&format!("/api/v2/users/{id}")),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got["display_name"], "Kadiatou Traoré");

    let (status, updated) = call(
        &c,
        &auth,
        reqwest::Method::PATCH,
        app.url(&format!("/api/v2/users/{id}")),
        Some(json!({ "email": "" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["email"], Value::Null, "an empty e-mail removes it");
    assert_eq!(
        updated["display_name"], "Kadiatou Traoré",
        "absent fields are kept"
    );

    let (status, disabled) = call(
        &c,
        &auth,
        reqwest::Method::POST,
        app.url(&format!("/api/v2/users/{id}/disable")),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(disabled["disabled"], true);
    let (_, enabled) = call(
        &c,
        &auth,
        reqwest::Method::POST,
        app.url(&format!("/api/v2/users/{id}/enable")),
        None,
    )
    .await;
    assert_eq!(enabled["disabled"], false);

    let audited: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE resource_id = $1 ORDER BY seq")
            .bind(id.to_string())
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(
        audited,
        ["user.create", "user.update", "user.disable", "user.enable"]
    );
}

#[tokio::test]
async fn invalid_input_is_a_422_naming_each_field_and_changes_nothing() {
    let app = TestApp::with_school().await;
    let (c, auth) = bearer(&app, "admin").await;
    let before = app.count("users").await;
    let (status, p) = call(
        &c,
        &auth,
        reqwest::Method::POST,
        app.url("/api/v2/users"),
        Some(json!({ "username": "A B", "display_name": "", "password": "short", "roles": ["wizard"] })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["code"], "validation_failed");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["display_name", "username", "roles", "password"]);
    assert_eq!(p["errors"][3]["message"], "Le mot de passe est trop court.");
    let (status, p) = call(
        &c,
        &auth,
        reqwest::Method::POST,
        app.url("/api/v2/users"),
        Some(json!({ "username": "admin", "display_name": "X", "password": "long-enough-1", "roles": ["teacher"] })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["code"], "error-username-taken");
    assert_eq!(app.count("users").await, before);
}

#[tokio::test]
async fn mass_assignment_is_refused() {
    let app = TestApp::with_school().await;
    let other = app.create_school("AUTRE", "Collège Autre").await;
    let (c, auth) = bearer(&app, "admin").await;
    let before = app.count("users").await;
    let (status, p) = call(
        &c,
        &auth,
        reqwest::Method::POST,
        app.url("/api/v2/users"),
        Some(
            json!({ "username": "intrus", "display_name": "Intrus", "password": "long-enough-1",
                      "roles": ["teacher"], "school_id": other, "is_platform_admin": true }),
        ),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown fields are refused, not ignored"
    );
    assert_eq!(p["errors"][0]["field"], "body");
    assert_eq!(app.count("users").await, before);

    // A web form with an extra school_id is read field by field: the account lands in the
    // admin's school and nowhere else.
    let web = app.login("admin").await;
    app.submit(
        &web,
        "/admin/users/new",
        "/admin/users",
        &[
            ("display_name", "Form"),
            ("username", "form.user"),
            ("password", "long-enough-1"),
            ("roles", "teacher"),
            ("school_id", &other.to_string()),
        ],
    )
    .await;
    let schools: Vec<i64> = sqlx::query_scalar(
        "SELECT m.school_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.username = 'form.user'",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(schools, [app.school_id("TEST").await]);
}

#[tokio::test]
async fn lists_paginate_filter_and_sort() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    for name in ["zoe", "yann", "xavier"] {
        app.create_user(school, name, &[Role::Teacher]).await;
    }
    let (c, auth) = bearer(&app, "admin").await;
    let (status, page) = call(
        &c,
        &auth,
        reqwest::Method::GET,
        app.url("/api/v2/users?role=teacher&sort=username&per_page=2"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 3);
    assert_eq!(page["per_page"], 2);
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["xavier", "yann"]);
    let (_, page2) = call(
        &c,
        &auth,
        reqwest::Method::GET,
        app.url("/api/v2/users?role=teacher&sort=-username&per_page=2&page=2"),
        None,
    )
    .await;
    assert_eq!(page2["items"][0]["username"], "xavier");
    for bad in [
        "per_page=201",
        "per_page=0",
        "page=0",
        "sort=password",
        "role=wizard",
        "page=abc",
    ] {
        let (status, p) = call(
            &c,
            &auth,
            reqwest::Method::GET,
            app.url(&format!("/api/v2/users?{bad}")),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(p["code"], "validation_failed", "{bad}");
    }
    let (status, _) = call(
        &c,
        &auth,
        reqwest::Method::GET,
        app.url("/api/v2/users?per_page=200"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "200 is the maximum, allowed");
}

#[tokio::test]
async fn other_schools_are_404_and_roles_are_enforced() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    let other = app.create_school("AUTRE", "Collège Autre").await;
    let stranger = app.create_user(other, "etranger", &[Role::Teacher]).await;
    app.create_user(school, "prof", &[Role::Teacher]).await;
    let (c, auth) = bearer(&app, "admin").await;
    for (method, path) in [
        (reqwest::Method::GET, format!("/api/v2/users/{stranger}")),
        (
            reqwest::Method::POST,
            format!("/api/v2/users/{stranger}/disable"),
        ),
        (reqwest::Method::GET, format!("/api/v2/schools/{other}")),
        (
            reqwest::Method::GET,
            "/api/v2/users/not-a-number".to_owned(),
        ),
    ] {
        let (status, p) = call(&c, &auth, method.clone(), app.url(&path), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(p["code"], "not_found");
    }
    let (status, _) = call(
        &c,
        &auth,
        reqwest::Method::POST,
        app.url("/api/v2/memberships"),
        Some(json!({ "user_id": stranger, "role": "parent" })),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another school's account cannot be claimed by id"
    );
    let (_, list) = call(
        &c,
        &auth,
        reqwest::Method::GET,
        app.url("/api/v2/schools"),
        None,
    )
    .await;
    assert_eq!(list["total"], 1, "a school admin sees their school only");
    assert_eq!(list["items"][0]["code"], "TEST");

    let (pc, pauth) = bearer(&app, "prof").await;
    let (status, p) = call(
        &pc,
        &pauth,
        reqwest::Method::GET,
        app.url("/api/v2/users"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(p["code"], "forbidden");
    let (status, _) = call(
        &pc,
        &pauth,
        reqwest::Method::PATCH,
        app.url(&format!("/api/v2/schools/{school}")),
        Some(json!({ "name": "Pirate" })),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, own) = call(
        &pc,
        &pauth,
        reqwest::Method::GET,
        app.url(&format!("/api/v2/schools/{school}")),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "members read their own school");
    assert_eq!(own["name"], "Lycée Test");
}

#[tokio::test]
async fn memberships_grant_and_revoke_roles_with_guards() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    let prof = app.create_user(school, "prof", &[Role::Teacher]).await;
    let admin_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'admin'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let (c, auth) = bearer(&app, "admin").await;
    let body = json!({ "user_id": prof, "role": "vie_scolaire" });
    let (status, m) = call(
        &c,
        &auth,
        reqwest::Method::POST,
        app.url("/api/v2/memberships"),
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(m["role"], "vie_scolaire");
    assert!(
        m["created_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-25T08:00:00")
    );
    let (status, _) = call(
        &c,
        &auth,
        reqwest::Method::POST,
        app.url("/api/v2/memberships"),
        Some(body),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "granting a held role changes nothing"
    );
    let (_, list) = call(
        &c,
        &auth,
        reqwest::Method::GET,
        app.url(&format!("/api/v2/memberships?user_id={prof}")),
        None,
    )
    .await;
    assert_eq!(list["total"], 2);

    let (status, _) = call(
        &c,
        &auth,
        reqwest::Method::DELETE,
        app.url(&format!("/api/v2/memberships/{prof}/teacher")),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, p) = call(
        &c,
        &auth,
        reqwest::Method::DELETE,
        app.url(&format!("/api/v2/memberships/{prof}/vie_scolaire")),
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "the last role cannot be removed"
    );
    assert_eq!(
        p["detail"],
        "C’est le dernier rôle de ce compte : désactivez plutôt le compte."
    );
    let (status, _) = call(
        &c,
        &auth,
        reqwest::Method::DELETE,
        app.url(&format!("/api/v2/memberships/{admin_id}/school_admin")),
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an admin cannot remove their own admin role"
    );
}

#[tokio::test]
async fn platform_admins_manage_schools() {
    let app = TestApp::spawn().await;
    app.set_up_first_school("PLAT", "plateforme").await;
    let (c, auth) = bearer(&app, "plateforme").await;
    let (status, created) = call(
        &c,
        &auth,
        reqwest::Method::POST,
        app.url("/api/v2/schools"),
        Some(json!({ "code": "lyc-2", "name": "Lycée Deux", "timezone": "Africa/Abidjan", "currency": "XOF" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["code"], "LYC-2");
    let id = created["id"].as_i64().unwrap();
    let (_, list) = call(
        &c,
        &auth,
        reqwest::Method::GET,
        app.url("/api/v2/schools"),
        None,
    )
    .await;
    assert_eq!(list["total"], 2);
    let (status, changed) = call(
        &c,
        &auth,
        reqwest::Method::PATCH,
        app.url(&format!("/api/v2/schools/{id}")),
        Some(json!({ "grade_decimals": 1, "color": "#7c3aed" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(changed["grade_decimals"], 1);
    assert_eq!(changed["timezone"], "Africa/Abidjan");
    let (status, p) = call(
        &c,
        &auth,
        reqwest::Method::POST,
        app.url("/api/v2/schools"),
        Some(json!({ "code": "LYC-2", "name": "Doublon" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["code"], "error-school-code-taken");
    let (status, _) = call(
        &c,
        &auth,
        reqwest::Method::PATCH,
        app.url(&format!("/api/v2/schools/{id}")),
        Some(json!({ "timezone": "Mars/Olympus" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_disabled_school_locks_its_members_out_until_re_enabled() {
    let app = TestApp::spawn().await;
    app.set_up_first_school("PLAT", "plateforme").await;
    let other = app.create_school("AUTRE", "Collège Autre").await;
    app.create_user(other, "directrice", &[Role::SchoolAdmin])
        .await;
    let (mc, member) = bearer(&app, "directrice").await;
    let web = app.login("directrice").await;
    let (pc, platform) = bearer(&app, "plateforme").await;

    let (status, _) = call(
        &mc,
        &member,
        reqwest::Method::POST,
        app.url(&format!("/api/v2/schools/{other}/disable")),
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a school admin cannot disable schools"
    );
    let (status, school) = call(
        &pc,
        &platform,
        reqwest::Method::POST,
        app.url(&format!("/api/v2/schools/{other}/disable")),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(school["disabled"], true);

    let (status, _) = call(
        &mc,
        &member,
        reqwest::Method::GET,
        app.url("/api/v2/me"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "tokens stop working");
    let r = web.get(app.url("/")).send().await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "web sessions stop working"
    );
    let client = app.client();
    let r = app
        .submit(
            &client,
            "/login",
            "/login",
            &[("username", "directrice"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Cet établissement est désactivé")
    );
    let r = Client::new()
        .post(app.url("/api/v2/auth/token"))
        .json(&json!({ "username": "directrice", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "school_disabled");

    let (status, _) = call(
        &pc,
        &platform,
        reqwest::Method::POST,
        app.url(&format!("/api/v2/schools/{other}/enable")),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    app.login("directrice").await;
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE school_id = $1 AND action LIKE 'school.%' ORDER BY seq",
    )
    .bind(other)
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(actions, ["school.disable", "school.enable"]);
}

#[tokio::test]
async fn concurrent_changes_all_get_an_answer_not_a_server_error() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    let prof = app.create_user(school, "prof", &[Role::Teacher]).await;
    let (c, auth) = bearer(&app, "admin").await;
    // Transactions that read before they write (grant a role) race ones that write at once
    // (rename, disable): every request must get its real answer, none a 500.
    let grant = json!({ "user_id": prof, "role": "vie_scolaire" });
    let mut requests = Vec::new();
    for i in 0..24 {
        let (method, path, body) = match i % 3 {
            0 => (
                reqwest::Method::POST,
                "/api/v2/memberships".to_owned(),
                Some(grant.clone()),
            ),
            1 => (
                reqwest::Method::PATCH,
                format!("/api/v2/users/{prof}"),
                Some(json!({ "display_name": format!("Prof {i}") })),
            ),
            _ => (
                reqwest::Method::POST,
                format!("/api/v2/users/{prof}/enable"),
                None,
            ),
        };
        requests.push(call(&c, &auth, method, app.url(&path), body));
    }
    let answers = futures_util::future::join_all(requests).await;
    let statuses: Vec<StatusCode> = answers.iter().map(|a| a.0).collect();
    assert!(statuses.iter().all(|s| s.is_success()), "{statuses:?}");
    let created = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1, "the role is granted once: {statuses:?}");
}
