//! Account management by a school admin, password changes, disabling, and school isolation.

use eschool::accounts::model::Role;
use reqwest::StatusCode;

use crate::helpers::{PASSWORD, TestApp, location};

#[tokio::test]
async fn admin_creates_an_account_that_can_sign_in() {
    let app = TestApp::with_school().await;
    let admin = app.login("admin").await;
    let r = app
        .submit(
            &admin,
            "/admin/users/new",
            "/admin/users",
            &[
                ("display_name", "Mariama Ba"),
                ("username", "m.ba"),
                ("email", "m.ba@lycee.example"),
                ("password", "Senegal-2026!"),
                ("roles", "teacher"),
                ("roles", "vie_scolaire"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let list = app.page(&admin, "/admin/users?q=mariama").await;
    assert!(list.contains("Mariama Ba"));
    assert!(
        list.contains("Enseignant, Vie scolaire") || list.contains("Vie scolaire, Enseignant"),
        "{list}"
    );
    let teacher = app.login_with("m.ba", "Senegal-2026!").await;
    let home = app.page(&teacher, "/").await;
    assert!(home.contains("Bonjour Mariama Ba"));
}

#[tokio::test]
async fn invalid_or_duplicate_accounts_are_refused_with_messages() {
    let app = TestApp::with_school().await;
    let admin = app.login("admin").await;
    let before = app.count("users").await;
    let r = app
        .submit(
            &admin,
            "/admin/users/new",
            "/admin/users",
            &[
                ("display_name", "Doublon"),
                ("username", "admin"),
                ("password", "long-enough-1"),
                ("roles", "teacher"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Cet identifiant est déjà utilisé.")
    );
    let r = app
        .submit(
            &admin,
            "/admin/users/new",
            "/admin/users",
            &[
                ("display_name", ""),
                ("username", "Jean Dupont"),
                ("password", "court"),
                ("roles", "superuser"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    for message in [
        "Indiquez un nom",
        "L’identifiant ne peut contenir",
        "Le mot de passe est trop court.",
        "Choisissez au moins un rôle.",
    ] {
        assert!(html.contains(message), "missing {message}");
    }
    let summary = &html[html.find("error-summary").unwrap()..];
    let name_error = summary.find("Indiquez un nom").unwrap();
    let username_error = summary.find("L’identifiant ne peut contenir").unwrap();
    let password_error = summary.find("Le mot de passe est trop court.").unwrap();
    assert!(
        name_error < username_error && username_error < password_error,
        "errors in form order"
    );
    assert_eq!(app.count("users").await, before, "nothing was written");
}

#[tokio::test]
async fn only_school_admins_manage_users() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    for (username, role) in [
        ("prof", Role::Teacher),
        ("maman", Role::Parent),
        ("eleve", Role::Student),
    ] {
        app.create_user(school, username, &[role]).await;
        let client = app.login(username).await;
        for path in ["/admin/users", "/admin/users/new", "/admin/school"] {
            let r = client.get(app.url(path)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{username} on {path}");
        }
        let home = app.page(&client, "/").await;
        assert!(
            !home.contains("href=\"/admin/users\""),
            "no admin link in {username}'s navigation"
        );
    }
}

#[tokio::test]
async fn disabling_an_account_ends_its_sessions_and_blocks_login() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    let teacher_id = app.create_user(school, "prof", &[Role::Teacher]).await;
    let teacher = app.login("prof").await;
    let admin = app.login("admin").await;

    let r = app
        .submit(
            &admin,
            "/admin/users",
            &format!("/admin/users/{teacher_id}/disable"),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = teacher.get(app.url("/")).send().await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "the open session is gone"
    );
    assert!(location(&r).starts_with("/login"));

    let client = app.client();
    let r = app
        .submit(
            &client,
            "/login",
            "/login",
            &[("username", "prof"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("Ce compte est désactivé."));
    let list = app.page(&admin, "/admin/users").await;
    assert!(list.contains("Désactivé"));

    let r = app
        .submit(
            &admin,
            "/admin/users",
            &format!("/admin/users/{teacher_id}/enable"),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.login("prof").await;
}

#[tokio::test]
async fn an_admin_cannot_disable_themself() {
    let app = TestApp::with_school().await;
    let admin_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'admin'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let admin = app.login("admin").await;
    let r = app
        .submit(
            &admin,
            "/admin/users",
            &format!("/admin/users/{admin_id}/disable"),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Vous ne pouvez pas désactiver votre propre compte.")
    );
}

#[tokio::test]
async fn schools_cannot_see_or_touch_each_others_accounts() {
    let app = TestApp::with_school().await;
    let other = app.create_school("AUTRE", "Collège Autre").await;
    let stranger = app.create_user(other, "etranger", &[Role::Teacher]).await;
    let admin = app.login("admin").await;
    let list = app.page(&admin, "/admin/users").await;
    assert!(
        !list.contains("etranger"),
        "another school's account is invisible"
    );
    let r = app
        .submit(
            &admin,
            "/admin/users",
            &format!("/admin/users/{stranger}/disable"),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "and cannot be disabled");
    app.login("etranger").await;
}

#[tokio::test]
async fn user_list_filters_and_pages() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    let hash = eschool::auth::password::hash(PASSWORD).await.unwrap();
    for i in 0..55 {
        let id = eschool::accounts::repo::insert_user(
            &app.state.db.pool,
            &eschool::accounts::repo::NewUser {
                username: &format!("parent{i:02}"),
                display_name: &format!("Parent {i:02}"),
                email: None,
                password_hash: &hash,
                is_platform_admin: false,
            },
            0,
        )
        .await
        .unwrap();
        sqlx::query("INSERT INTO memberships (school_id, user_id, role, created_at) VALUES ($1, $2, 'parent', 0)")
            .bind(school)
            .bind(id)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
    }
    let admin = app.login("admin").await;
    let page1 = app.page(&admin, "/admin/users?role=parent").await;
    assert!(
        page1.contains("role=\"status\">55 utilisateurs<"),
        "count of the filtered list"
    );
    assert!(page1.contains("Page 1 sur 2"));
    assert!(
        !page1.contains("<td>Admin Testeur</td>"),
        "the role filter applies"
    );
    let page2 = app.page(&admin, "/admin/users?role=parent&page=2").await;
    assert!(page2.contains("Parent 54"));
    assert!(!page2.contains("Parent 00"));
    let past_end = app.page(&admin, "/admin/users?role=parent&page=9").await;
    assert!(
        past_end.contains("Page 2 sur 2"),
        "a page past the end shows the last one"
    );
    assert!(past_end.contains("Parent 54"));
    let search = app.page(&admin, "/admin/users?q=parent 1").await;
    assert!(
        search.contains("role=\"status\">10 utilisateurs<"),
        "Parent 10–19"
    );
    let literal = app.page(&admin, "/admin/users?q=%25").await;
    assert!(
        literal.contains("role=\"status\">0 utilisateur<"),
        "% is searched literally, not as a wildcard: {}",
        &literal[literal.find("role=\"status\"").unwrap()..][..60]
    );
}

#[tokio::test]
async fn password_change_checks_the_current_one_and_ends_other_sessions() {
    let app = TestApp::with_school().await;
    let laptop = app.login("admin").await;
    let phone = app.login("admin").await;

    let r = app
        .submit(
            &laptop,
            "/account",
            "/account/password",
            &[
                ("current", "wrong-password"),
                ("new", "tiny"),
                ("confirm", "other"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Le mot de passe actuel est incorrect."));
    assert!(html.contains("Le mot de passe est trop court."));
    assert!(html.contains("Les deux mots de passe ne correspondent pas."));

    let r = app
        .submit(
            &laptop,
            "/account",
            "/account/password",
            &[
                ("current", PASSWORD),
                ("new", "Nouveau-mot-2026"),
                ("confirm", "Nouveau-mot-2026"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = laptop
        .get(app.url("/account?saved=password"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK, "this session goes on");
    assert!(page.text().await.unwrap().contains("Mot de passe modifié."));
    let r = phone.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the other session ended");

    let client = app.client();
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
        StatusCode::UNAUTHORIZED,
        "old password no longer works"
    );
    app.login_with("admin", "Nouveau-mot-2026").await;
}

#[tokio::test]
async fn admin_edits_school_settings() {
    let app = TestApp::with_school().await;
    let admin = app.login("admin").await;
    let fields = [
        ("name", "Lycée Test rénové"),
        ("locale", "en"),
        ("timezone", "Africa/Abidjan"),
        ("currency", "XOF"),
        ("color", "#7c3aed"),
        ("period_kind", "semester"),
        ("average_mode", "weighted_by_max"),
        ("grade_decimals", "1"),
        ("annual_mode", "all_marks"),
    ];
    let r = app
        .submit(&admin, "/admin/school", "/admin/school", &fields)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app.page(&admin, "/admin/school?saved=1").await;
    assert!(
        page.contains("Settings saved."),
        "the school language now applies: {page}"
    );
    assert!(page.contains("Lycée Test rénové"));
    assert!(page.contains("--school-bg: #7c3aed"));

    let mut bad = fields.to_vec();
    bad[4] = ("color", "violet");
    let r = app
        .submit(&admin, "/admin/school", "/admin/school", &bad)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let school = eschool::schools::repo::find_by_code(&app.state.db.pool, "TEST")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(school.color, "#7c3aed", "a rejected form changes nothing");
    assert_eq!(school.annual_mode, eschool::gradebook::AnnualMode::AllMarks);
    assert!(
        !school.show_ranks,
        "the unticked rank box hides ranks from families"
    );
    let mut ranks = fields.to_vec();
    ranks.push(("show_ranks", "on"));
    let r = app
        .submit(&admin, "/admin/school", "/admin/school", &ranks)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app.page(&admin, "/admin/school").await;
    assert!(
        page.contains(r#"name="show_ranks" value="on" checked"#),
        "{page}"
    );
}
