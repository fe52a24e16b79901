//! API v2 foundation: tokens, rotation and reuse detection, problem+json, `/me`.

use std::time::Duration;

use eschool::accounts::model::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp};

async fn token(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/api/v2/auth/token"))
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap()
}

async fn pair(app: &TestApp, username: &str) -> Value {
    let r = token(app, username, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn refresh(app: &TestApp, refresh_token: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/api/v2/auth/refresh"))
        .json(&json!({ "refresh_token": refresh_token }))
        .send()
        .await
        .unwrap()
}

async fn me(app: &TestApp, access: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .get(app.url("/api/v2/me"))
        .bearer_auth(access.as_str().unwrap())
        .send()
        .await
        .unwrap()
}

async fn problem(r: reqwest::Response) -> Value {
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    r.json().await.unwrap()
}

#[tokio::test]
async fn credentials_give_a_token_pair_that_reads_me() {
    let app = TestApp::with_school().await;
    let p = pair(&app, "admin").await;
    assert_eq!(p["token_type"], "Bearer");
    assert_eq!(p["expires_in"], 3600);
    assert!(p["refresh_token"].as_str().unwrap().len() >= 40);
    let r = me(&app, &p["access_token"]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["user"]["username"], "admin");
    assert_eq!(body["school"]["code"], "TEST");
    assert_eq!(body["school"]["currency"], "XOF");
    assert_eq!(body["roles"], json!(["school_admin"]));
    assert_eq!(body["locale"], "fr");
}

#[tokio::test]
async fn wrong_credentials_are_a_401_problem_without_internals() {
    let app = TestApp::with_school().await;
    for (user, pw) in [("admin", "wrong-password"), ("nobody", PASSWORD)] {
        let r = token(&app, user, pw).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let p = problem(r).await;
        assert_eq!(p["code"], "invalid_credentials");
        assert_eq!(p["status"], 401);
        assert_eq!(p["type"], "urn:eschool:problem:invalid_credentials");
        assert_eq!(p["detail"], "Identifiant ou mot de passe incorrect.");
        assert!(p["request_id"].is_string());
    }
    let r = reqwest::Client::new()
        .post(app.url("/api/v2/auth/token"))
        .header("content-type", "application/json")
        .body("{\"username\": 12")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    assert_eq!(p["code"], "validation_failed");
    assert_eq!(p["errors"][0]["field"], "body");
    let text = p.to_string();
    assert!(
        !text.contains("SELECT") && !text.contains("panicked"),
        "{text}"
    );
}

#[tokio::test]
async fn api_logins_are_throttled_like_web_logins() {
    let app = TestApp::with_school().await;
    for _ in 0..5 {
        assert_eq!(
            token(&app, "admin", "bad-guess-123").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let r = token(&app, "admin", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "2");
    assert_eq!(problem(r).await["code"], "too_many_requests");
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let app = TestApp::with_school().await;
    let first = pair(&app, "admin").await;
    let r = refresh(&app, &first["refresh_token"]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let second: Value = r.json().await.unwrap();
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_eq!(
        me(&app, &second["access_token"]).await.status(),
        StatusCode::OK
    );

    // The first token was used: presenting it again is theft or replay.
    let r = refresh(&app, &first["refresh_token"]).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(problem(r).await["code"], "refresh_token_reused");
    // ... and the whole family is gone, including the legitimate descendant.
    let r = refresh(&app, &second["refresh_token"]).await;
    assert_eq!(problem(r).await["code"], "invalid_refresh_token");
    let reuse: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'token.reuse_detected'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(reuse, 1, "the reuse is audited");
    // Another login's family is untouched.
    let other = pair(&app, "admin").await;
    assert_eq!(
        refresh(&app, &other["refresh_token"]).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn access_tokens_expire_and_refresh_tokens_too() {
    let app = TestApp::with_school().await;
    let p = pair(&app, "admin").await;
    app.clock.advance(Duration::from_secs(61 * 60));
    let r = me(&app, &p["access_token"]).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    let r = refresh(&app, &p["refresh_token"]).await;
    assert_eq!(r.status(), StatusCode::OK, "a refresh within 7 days works");
    let fresh: Value = r.json().await.unwrap();
    assert_eq!(
        me(&app, &fresh["access_token"]).await.status(),
        StatusCode::OK
    );

    app.clock.advance(Duration::from_secs(8 * 86_400));
    assert_eq!(
        refresh(&app, &fresh["refresh_token"]).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_family_has_an_absolute_lifetime() {
    let app = TestApp::with_school().await;
    let mut current = pair(&app, "admin").await;
    for day in [6, 12, 18, 24] {
        app.clock.advance(Duration::from_secs(6 * 86_400));
        let r = refresh(&app, &current["refresh_token"]).await;
        assert_eq!(r.status(), StatusCode::OK, "day {day}");
        current = r.json().await.unwrap();
    }
    app.clock.advance(Duration::from_secs(6 * 86_400));
    let r = refresh(&app, &current["refresh_token"]).await;
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "30 days after the login, sign in again"
    );
}

#[tokio::test]
async fn logout_disable_and_password_change_revoke_refresh_tokens() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    let teacher = app.create_user(school, "prof", &[Role::Teacher]).await;

    let p = pair(&app, "prof").await;
    let r = reqwest::Client::new()
        .post(app.url("/api/v2/auth/logout"))
        .json(&json!({ "refresh_token": p["refresh_token"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        refresh(&app, &p["refresh_token"]).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let p = pair(&app, "prof").await;
    let admin = app.login("admin").await;
    app.submit(
        &admin,
        "/admin/users",
        &format!("/admin/users/{teacher}/disable"),
        &[],
    )
    .await;
    assert_eq!(
        refresh(&app, &p["refresh_token"]).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        me(&app, &p["access_token"]).await.status(),
        StatusCode::UNAUTHORIZED,
        "disabled now"
    );
    let r = token(&app, "prof", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(r).await["code"], "account_disabled");

    let p = pair(&app, "admin").await;
    app.submit(
        &admin,
        "/account",
        "/account/password",
        &[
            ("current", PASSWORD),
            ("new", "Nouveau-mot-2026"),
            ("confirm", "Nouveau-mot-2026"),
        ],
    )
    .await;
    assert_eq!(
        refresh(&app, &p["refresh_token"]).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn forged_tokens_are_refused() {
    let app = TestApp::with_school().await;
    let p = pair(&app, "admin").await;
    let access = p["access_token"].as_str().unwrap();
    let payload = access.split('.').nth(1).unwrap();
    use base64::Engine;
    let none = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(r#"{"alg":"none","typ":"JWT","kid":"k1"}"#);
    for forged in [
        format!("{none}.{payload}."),
        format!("{access}x"),
        "not-a-token".to_owned(),
    ] {
        let r = me(&app, &Value::String(forged.clone())).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{forged}");
        assert_eq!(problem(r).await["code"], "unauthorized");
    }
}

#[tokio::test]
async fn the_web_session_also_authenticates_the_api_with_csrf() {
    let app = TestApp::with_school().await;
    let client = app.login("admin").await;
    let r = client.get(app.url("/api/v2/me")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<Value>().await.unwrap()["user"]["username"],
        "admin"
    );
    // A state-changing API call riding on the cookie needs the CSRF token.
    let r = client
        .post(app.url("/api/v2/auth/logout"))
        .json(&json!({ "refresh_token": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(r).await["code"], "csrf_token_invalid");
    let token = app.csrf(&client, "/").await;
    let r = client
        .post(app.url("/api/v2/auth/logout"))
        .header("x-csrf-token", token)
        .json(&json!({ "refresh_token": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // Without any credentials, the API answers 401 problem+json, not a login redirect.
    let r = reqwest::Client::new()
        .get(app.url("/api/v2/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(problem(r).await["code"], "unauthorized");
}

/// Every `$ref` in the document points at a schema that exists.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    out.push(v.as_str().unwrap_or_default().to_owned());
                } else {
                    refs(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_openapi_document_is_complete_and_consistent() {
    let app = TestApp::spawn().await;
    let doc: Value = reqwest::get(app.url("/api/v2/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "OpenAPI 3.1"
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let paths = doc["paths"].as_object().unwrap();
    let served: Vec<&str> = eschool::auth::policy::ROUTES
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| p.starts_with("/api/v2/") && *p != "/api/v2/openapi.json")
        .collect();
    for route in &served {
        assert!(
            paths.contains_key(*route),
            "{route} is served but not documented"
        );
    }
    for documented in paths.keys() {
        assert!(
            served.contains(&documented.as_str()),
            "{documented} is documented but not served"
        );
    }
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path} has responses"
            );
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected ref {r}"));
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "dangling $ref {r}"
        );
    }
}

#[tokio::test]
async fn interactive_docs_are_served_without_any_cdn() {
    let app = TestApp::spawn().await;
    let html = reqwest::get(app.url("/api/docs"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("/static/swagger-ui/swagger-ui-bundle.js"));
    assert!(
        !html.contains("https://"),
        "everything comes from this server"
    );
    let js = reqwest::get(app.url("/static/swagger-ui/swagger-ui-bundle.js"))
        .await
        .unwrap();
    assert_eq!(js.status(), StatusCode::OK);
    let init = reqwest::get(app.url("/static/swagger-ui/init.js"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(init.contains("/api/v2/openapi.json"));
}

#[tokio::test]
async fn token_answers_are_not_cached_and_odd_requests_get_problems() {
    let app = TestApp::with_school().await;
    let r = token(&app, "admin", PASSWORD).await;
    assert_eq!(r.headers()["cache-control"], "no-store");
    let p: Value = r.json().await.unwrap();
    let r = refresh(&app, &p["refresh_token"]).await;
    assert_eq!(r.headers()["cache-control"], "no-store");

    let client = reqwest::Client::new();
    let r = client.delete(app.url("/api/v2/me")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(problem(r).await["code"], "method_not_allowed");
    let r = client
        .post(app.url("/api/v2/auth/token"))
        .json(&json!({ "username": "admin", "password": PASSWORD, "school_id": 2 }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown fields are refused"
    );
    let big = "x".repeat(3 * 1024 * 1024);
    let r = client
        .post(app.url("/api/v2/auth/token"))
        .json(&json!({ "username": big, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(problem(r).await["code"], "payload_too_large");
}

#[tokio::test]
async fn api_errors_speak_the_clients_language() {
    let app = TestApp::with_school().await;
    let client = reqwest::Client::new();
    let r = client
        .post(app.url("/api/v2/auth/token"))
        .header("accept-language", "en-GB,en;q=0.9,fr;q=0.5")
        .json(&json!({ "username": "admin", "password": "wrong-password" }))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r).await["detail"], "Wrong username or password.");
    let r = client
        .post(app.url("/api/v2/auth/token"))
        .json(&json!({ "username": "admin", "password": "wrong-password" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(r).await["detail"],
        "Identifiant ou mot de passe incorrect.",
        "French by default"
    );
    // The web UI stays French-first whatever the browser sends.
    let page = client
        .get(app.url("/login"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<h1>Connexion</h1>"));
}
