//! Login, logout, sessions, throttling and CSRF.

use std::time::Duration;

use eschool::accounts::model::Role;
use reqwest::StatusCode;

use crate::helpers::{PASSWORD, TestApp, location, set_cookie};

#[tokio::test]
async fn login_sets_a_hardened_session_cookie_and_lands_on_next() {
    let app = TestApp::with_school().await;
    let client = app.client();
    let response = app
        .submit(
            &client,
            "/login",
            "/login",
            &[
                ("username", "Admin"),
                ("password", PASSWORD),
                ("next", "/account"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/account");
    let cookie = set_cookie(&response, "eschool_session").expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http on localhost: {cookie}"
    );
    let anon = set_cookie(&response, "eschool_anon").expect("anonymous id is dropped");
    assert!(
        anon.contains("Max-Age=0") || anon.contains("Expires"),
        "{anon}"
    );
    let page = app.page(&client, "/account").await;
    assert!(page.contains("Admin Testeur"));
}

#[tokio::test]
async fn cookies_are_secure_when_served_over_tls() {
    let app = TestApp::spawn_with(|c| c.public_url = Some("https://ecole.example".into())).await;
    let school = app.create_school("TLS", "École TLS").await;
    app.create_user(school, "admin", &[Role::SchoolAdmin]).await;
    let client = app.client();
    let response = app
        .submit(
            &client,
            "/login",
            "/login",
            &[("username", "admin"), ("password", PASSWORD)],
        )
        .await;
    let cookie = set_cookie(&response, "eschool_session").expect("session cookie");
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn each_login_gets_a_new_session_id() {
    let app = TestApp::with_school().await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let client = app.client();
        let r = app
            .submit(
                &client,
                "/login",
                "/login",
                &[("username", "admin"), ("password", PASSWORD)],
            )
            .await;
        ids.push(set_cookie(&r, "eschool_session").unwrap());
    }
    assert_ne!(ids[0], ids[1]);
    // Only a hash of the token is stored.
    let token = ids[0]
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("eschool_session=")
        .to_owned();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE token_hash = $1")
        .bind(&token)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0, "raw session tokens are never stored");
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let app = TestApp::with_school().await;
    let client = app.client();
    for (user, pw) in [("admin", "not-the-password"), ("nobody", PASSWORD)] {
        let r = app
            .submit(
                &client,
                "/login",
                "/login",
                &[("username", user), ("password", pw)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let html = r.text().await.unwrap();
        assert!(html.contains("Identifiant ou mot de passe incorrect."));
        assert!(
            html.contains(&format!("value=\"{user}\"")),
            "username is kept"
        );
    }
}

#[tokio::test]
async fn repeated_failures_slow_down_the_account() {
    let app = TestApp::with_school().await;
    let client = app.client();
    for _ in 0..5 {
        let r = app
            .submit(
                &client,
                "/login",
                "/login",
                &[("username", "admin"), ("password", "bad-guess-123")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // The sixth attempt comes too soon, even with the right password.
    let r = app
        .submit(
            &client,
            "/login",
            "/login",
            &[("username", "admin"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Trop de tentatives. Réessayez dans 2 secondes.")
    );
    let failures: i64 =
        sqlx::query_scalar("SELECT failed_logins FROM users WHERE username = 'admin'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(failures, 5);

    app.clock.advance(Duration::from_secs(3));
    let r = app
        .submit(
            &client,
            "/login",
            "/login",
            &[("username", "admin"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "after waiting, the right password works"
    );
    let failures: i64 =
        sqlx::query_scalar("SELECT failed_logins FROM users WHERE username = 'admin'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(failures, 0, "success resets the counter");
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = TestApp::with_school().await;
    let client = app.client();
    let r = app
        .submit(
            &client,
            "/login",
            "/login",
            &[("username", "admin"), ("password", PASSWORD)],
        )
        .await;
    let cookie = set_cookie(&r, "eschool_session").unwrap();
    let raw = cookie.split(';').next().unwrap().to_owned();

    let r = app.submit(&client, "/", "/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login");

    // Replaying the old cookie from elsewhere no longer works.
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = replay
        .get(app.url("/"))
        .header("cookie", raw)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/login"));
}

#[tokio::test]
async fn sessions_expire() {
    let app = TestApp::with_school().await;
    let client = app.login("admin").await;
    assert_eq!(
        client.get(app.url("/")).send().await.unwrap().status(),
        StatusCode::OK
    );
    app.clock.advance(Duration::from_secs(13 * 3600));
    let r = client.get(app.url("/admin/users")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?next=%2Fadmin%2Fusers");
}

#[tokio::test]
async fn forms_without_a_valid_csrf_token_are_refused() {
    let app = TestApp::with_school().await;
    let client = app.login("admin").await;
    let body = [("theme", "dark")];
    let r = client
        .post(app.url("/preferences/theme"))
        .form(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("Votre session a expiré"));
    let r = client
        .post(app.url("/preferences/theme"))
        .form(&[("theme", "dark"), ("csrf_token", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = client
        .post(app.url("/logout"))
        .header("x-csrf-token", "forged")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A token from another visitor's page does not work either.
    let other = app.client();
    let foreign = app.csrf(&other, "/login").await;
    let r = client
        .post(app.url("/preferences/theme"))
        .form(&[("theme", "dark"), ("csrf_token", foreign.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The page's own token, in the header as htmx sends it, works.
    let token = app.csrf(&client, "/").await;
    let r = client
        .post(app.url("/preferences/theme"))
        .header("x-csrf-token", token)
        .form(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn login_redirects_only_within_the_site() {
    let app = TestApp::with_school().await;
    let client = app.client();
    let r = app
        .submit(
            &client,
            "/login",
            "/login",
            &[
                ("username", "admin"),
                ("password", PASSWORD),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/");
}
