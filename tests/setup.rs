//! First run: with no school, a setup page creates the school and its admin, then disappears.

use reqwest::StatusCode;

use crate::helpers::{TestApp, location};

fn setup_fields<'a>(
    code: &'a str,
    password: &'a str,
    confirm: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("code", code),
        ("name", "Lycée Léopold Sédar Senghor"),
        ("locale", "fr"),
        ("timezone", "Africa/Dakar"),
        ("currency", "XOF"),
        ("color", "#0f766e"),
        ("period_kind", "semester"),
        ("average_mode", "normalized"),
        ("grade_decimals", "2"),
        ("admin_username", "proviseur"),
        ("admin_display_name", "Awa Diop"),
        ("admin_password", password),
        ("admin_confirm", confirm),
    ]
}

#[tokio::test]
async fn empty_database_sends_every_page_to_setup() {
    let app = TestApp::spawn().await;
    let client = app.client();
    for path in ["/", "/login", "/admin/users"] {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&response), "/setup");
    }
    let page = app.page(&client, "/setup").await;
    assert!(
        page.contains("Installation d’eSchool"),
        "setup page is in French by default"
    );
}

#[tokio::test]
async fn language_and_theme_can_be_chosen_before_setup() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let r = app
        .submit(
            &client,
            "/setup",
            "/preferences/language",
            &[("lang", "en")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app
        .submit(
            &client,
            "/setup",
            "/preferences/theme",
            &[("theme", "dark")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app.page(&client, "/setup").await;
    assert!(
        page.contains("Setting up eSchool"),
        "the choice applies on the setup page"
    );
    assert!(page.contains("data-theme=\"dark\""));
}

#[tokio::test]
async fn invalid_setup_reports_each_field_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let mut fields = setup_fields("x", "short", "different");
    fields.retain(|(k, _)| *k != "timezone");
    fields.push(("timezone", "Mars/Olympus"));
    let response = app.submit(&client, "/setup", "/setup", &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Le code doit compter 2 à 20 lettres"),
        "{html}"
    );
    assert!(html.contains("Fuseau horaire inconnu."));
    assert!(html.contains("Le mot de passe est trop court."));
    assert!(html.contains("Les deux mots de passe ne correspondent pas."));
    assert!(
        html.contains("Lycée Léopold Sédar Senghor"),
        "valid input is kept"
    );
    assert_eq!(app.count("schools").await, 0);
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn setup_creates_school_and_admin_then_disappears() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let fields = setup_fields("lss-dakar", "Teranga-2026!", "Teranga-2026!");
    let response = app.submit(&client, "/setup", "/setup", &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/");

    let home = app.page(&client, "/").await;
    assert!(
        home.contains("Bonjour Awa Diop"),
        "admin is signed in: {home}"
    );
    assert!(
        home.contains("Lycée Léopold Sédar Senghor"),
        "school name in the header"
    );
    assert!(
        home.contains("--school-bg: #0f766e"),
        "school colour in the header"
    );

    let school = eschool::schools::repo::find_by_code(&app.state.db.pool, "LSS-DAKAR")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(school.currency, "XOF");
    assert_eq!(school.timezone, "Africa/Dakar");

    assert_eq!(
        client.get(app.url("/setup")).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let again = app.client();
    let token = app.csrf(&again, "/login").await;
    let mut body = setup_fields("OTHER", "Teranga-2026!", "Teranga-2026!");
    body.push(("csrf_token", &token));
    let response = again
        .post(app.url("/setup"))
        .form(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "a second setup is refused"
    );
    assert_eq!(app.count("schools").await, 1);

    // The admin can sign in again later with the chosen password.
    app.login_with("proviseur", "Teranga-2026!").await;
}
