//! The web shell: languages, themes, the school's identity, static assets, error pages.

use eschool::accounts::model::Role;
use reqwest::StatusCode;

use crate::helpers::{TestApp, location};

#[tokio::test]
async fn french_by_default_english_per_user_and_remembered() {
    let app = TestApp::with_school().await;
    let client = app.login("admin").await;
    let home = app.page(&client, "/").await;
    assert!(home.contains("<html lang=\"fr\""));
    assert!(home.contains("Aller au contenu"));

    let r = app
        .submit(&client, "/", "/preferences/language", &[("lang", "en")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let home = app.page(&client, "/").await;
    assert!(home.contains("<html lang=\"en\""));
    assert!(home.contains("Skip to content"));
    assert!(home.contains("Hello Admin Testeur"));

    // Stored on the account: a new session on another device is in English too.
    let other = app.login("admin").await;
    let home = app.page(&other, "/").await;
    assert!(home.contains("Hello Admin Testeur"));
    // Another user of the same school still gets French.
    let school = app.school_id("TEST").await;
    app.create_user(school, "prof", &[Role::Teacher]).await;
    let prof = app.login("prof").await;
    assert!(app.page(&prof, "/").await.contains("Bonjour"));
}

#[tokio::test]
async fn visitors_can_switch_the_login_page_language() {
    let app = TestApp::with_school().await;
    let client = app.client();
    let r = app
        .submit(
            &client,
            "/login",
            "/preferences/language",
            &[("lang", "en")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app.page(&client, "/login").await;
    assert!(page.contains("<h1>Sign in</h1>"));
    let r = app
        .submit(
            &client,
            "/login",
            "/preferences/language",
            &[("lang", "de")],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "unsupported languages are refused"
    );
}

#[tokio::test]
async fn theme_follows_the_system_until_chosen_and_is_remembered_per_user() {
    let app = TestApp::with_school().await;
    let client = app.login("admin").await;
    let home = app.page(&client, "/").await;
    assert!(home.contains("data-theme=\"system\""));
    let r = app
        .submit(&client, "/", "/preferences/theme", &[("theme", "dark")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let other_device = app.login("admin").await;
    let home = app.page(&other_device, "/").await;
    assert!(home.contains("data-theme=\"dark\""));
    assert!(home.contains("<option value=\"dark\" selected>"));
}

#[tokio::test]
async fn navigation_depends_on_roles() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    app.create_user(school, "prof", &[Role::Teacher]).await;
    let admin = app
        .login("admin")
        .await
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let prof = app
        .login("prof")
        .await
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for link in ["href=\"/admin/users\"", "href=\"/admin/school\""] {
        assert!(admin.contains(link));
        assert!(!prof.contains(link));
    }
    for html in [&admin, &prof] {
        assert!(html.contains("href=\"/account\""));
        assert!(
            html.contains("aria-current=\"page\""),
            "the current page is marked"
        );
    }
}

#[tokio::test]
async fn htmx_and_styles_are_served_by_the_binary() {
    let app = TestApp::with_school().await;
    let r = reqwest::get(app.url("/static/htmx.min.js")).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert!(r.headers().contains_key("cache-control"));
    assert!(r.text().await.unwrap().contains("htmx"));
    let css = reqwest::get(app.url("/static/app.css"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(css.contains("prefers-color-scheme: dark"));
    assert_eq!(
        reqwest::get(app.url("/static/nope.js"))
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn unknown_pages_get_a_translated_404_with_the_request_id() {
    let app = TestApp::with_school().await;
    let client = app.login("admin").await;
    let r = client.get(app.url("/nope")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let id = r.headers()["x-request-id"].to_str().unwrap().to_owned();
    let html = r.text().await.unwrap();
    assert!(html.contains("Cette page n’existe pas."));
    assert!(
        html.contains(&id),
        "the page quotes the request id for support"
    );
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_login_with_their_destination() {
    let app = TestApp::with_school().await;
    let r = app
        .client()
        .get(app.url("/admin/users?page=2"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?next=%2Fadmin%2Fusers");
}

#[tokio::test]
async fn security_headers_are_set() {
    let app = TestApp::with_school().await;
    let r = reqwest::get(app.url("/login")).await.unwrap();
    let csp = r.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'"));
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
}
