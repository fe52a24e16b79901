//! The audit trail: every change writes exactly its row, in its school's chain, with the
//! actor, address, user agent and request id; admins read and export their school's rows
//! only; `eschool audit verify` finds an edited row.

use std::process::Command;

use eschool::{accounts::model::Role, audit, audit::model::AuditRow, clock::Clock};
use reqwest::{Client, Response, StatusCode};

use crate::helpers::{PASSWORD, TestApp, start_time};

const UA: &str = "audit-test/1.0";

/// A browser-like client with a known user agent.
fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(UA)
        .build()
        .unwrap()
}

/// Submits a form like [`TestApp::submit`], with a chosen request id.
async fn post(
    app: &TestApp,
    client: &Client,
    from: &str,
    action: &str,
    fields: &[(&str, &str)],
    request_id: &str,
) -> Response {
    let token = app.csrf(client, from).await;
    let mut body: Vec<(&str, &str)> = fields.to_vec();
    body.push(("csrf_token", &token));
    client
        .post(app.url(action))
        .header("x-request-id", request_id)
        .form(&body)
        .send()
        .await
        .unwrap()
}

async fn sign_in(app: &TestApp, username: &str, request_id: &str) -> Client {
    let client = browser();
    let r = post(
        app,
        &client,
        "/login",
        "/login",
        &[("username", username), ("password", PASSWORD)],
        request_id,
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "login as {username}");
    client
}

/// Every audit row, oldest first.
async fn rows(app: &TestApp) -> Vec<AuditRow> {
    sqlx::query_as(
        "SELECT id, school_id, seq, at, user_id, action, resource_type, resource_id, details, \
         ip, user_agent, request_id, prev_hash, hash FROM audit_log ORDER BY id",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap()
}

async fn user_id(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

fn details(row: &AuditRow) -> serde_json::Value {
    serde_json::from_str(&row.details).unwrap()
}

async fn text(client: &Client, url: String) -> (StatusCode, String) {
    let r = client.get(url).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn sign_ins_failures_and_sign_outs_are_recorded_with_their_origin() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    let admin_id = user_id(&app, "admin").await;
    assert!(rows(&app).await.is_empty(), "fixtures write no audit rows");

    let admin = sign_in(&app, "admin", "req-login").await;
    let client = browser();
    let r = post(
        &app,
        &client,
        "/login",
        "/login",
        &[("username", "admin"), ("password", "wrong-password")],
        "req-wrong",
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = post(
        &app,
        &client,
        "/login",
        "/login",
        &[("username", "ghost"), ("password", "whatever-123")],
        "req-ghost",
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = post(&app, &admin, "/", "/logout", &[], "req-logout").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let all = rows(&app).await;
    let summary: Vec<_> = all
        .iter()
        .map(|r| (r.action.as_str(), r.school_id, r.user_id))
        .collect();
    assert_eq!(
        summary,
        [
            ("login", school, Some(admin_id)),
            ("login_failed", school, Some(admin_id)),
            ("login_failed", 0, None),
            ("logout", school, Some(admin_id)),
        ],
        "exactly one row per event; an unknown user's failure is a platform event"
    );
    for (row, request_id) in all
        .iter()
        .zip(["req-login", "req-wrong", "req-ghost", "req-logout"])
    {
        assert_eq!(row.request_id.as_deref(), Some(request_id));
        assert_eq!(row.ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(row.user_agent.as_deref(), Some(UA));
        assert_eq!(row.at, start_time().as_millisecond());
    }
    assert_eq!(details(&all[1])["username"], "admin");
    assert_eq!(details(&all[1])["reason"], "wrong_password");
    assert_eq!(details(&all[2])["username"], "ghost");
    assert_eq!(all[1].resource_id, Some(admin_id.to_string()));
    assert!(
        all.iter().all(|r| !r.details.contains("wrong-password")),
        "attempted passwords are never recorded"
    );
    // Two chains: the school's (seq 1, 2, 3) and the platform's (seq 1).
    let seqs: Vec<_> = all.iter().map(|r| (r.school_id, r.seq)).collect();
    assert_eq!(seqs, [(school, 1), (school, 2), (0, 1), (school, 3)]);
    assert_eq!(
        all[1].prev_hash, all[0].hash,
        "each row links to the previous"
    );
}

#[tokio::test]
async fn account_and_school_changes_write_exactly_their_row() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    let admin_id = user_id(&app, "admin").await;
    let admin = sign_in(&app, "admin", "req-0").await;

    // A refused form changes nothing and records nothing.
    let r = post(
        &app,
        &admin,
        "/admin/users/new",
        "/admin/users",
        &[
            ("display_name", ""),
            ("username", "x"),
            ("password", "court"),
        ],
        "req-refused",
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rows(&app).await.len(), 1, "only the login");

    let r = post(
        &app,
        &admin,
        "/admin/users/new",
        "/admin/users",
        &[
            ("display_name", "Mariama Ba"),
            ("username", "m.ba"),
            ("email", "m.ba@lycee.example"),
            ("password", "Senegal-2026!"),
            ("roles", "teacher"),
        ],
        "req-create",
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let teacher_id = user_id(&app, "m.ba").await;
    for (path, request_id) in [("disable", "req-disable"), ("enable", "req-enable")] {
        let action = format!("/admin/users/{teacher_id}/{path}");
        let r = post(&app, &admin, "/admin/users", &action, &[], request_id).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let r = post(
        &app,
        &admin,
        "/account",
        "/account/password",
        &[
            ("current", PASSWORD),
            ("new", "Nouveau-mot-2026"),
            ("confirm", "Nouveau-mot-2026"),
        ],
        "req-password",
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let settings = [
        ("name", "Lycée Test Renommé"),
        ("locale", "fr"),
        ("timezone", "Africa/Dakar"),
        ("currency", "XOF"),
        ("color", "#0f766e"),
        ("period_kind", "trimester"),
        ("average_mode", "normalized"),
        ("grade_decimals", "2"),
        ("show_ranks", "on"),
    ];
    let r = post(
        &app,
        &admin,
        "/admin/school",
        "/admin/school",
        &settings,
        "req-settings",
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(
        &app,
        &admin,
        "/admin/school",
        "/admin/school",
        &settings,
        "req-unchanged",
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let all = rows(&app).await;
    let actions: Vec<_> = all.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "login",
            "user.create",
            "user.disable",
            "user.enable",
            "password.change",
            "school.settings_update",
        ],
        "saving unchanged settings records nothing"
    );
    for row in &all {
        assert_eq!((row.school_id, row.user_id), (school, Some(admin_id)));
        assert_eq!(row.ip.as_deref(), Some("127.0.0.1"));
    }
    let requests: Vec<_> = all
        .iter()
        .map(|r| r.request_id.as_deref().unwrap())
        .collect();
    assert_eq!(
        requests,
        [
            "req-0",
            "req-create",
            "req-disable",
            "req-enable",
            "req-password",
            "req-settings"
        ]
    );
    let created = details(&all[1]);
    assert_eq!(created["username"], "m.ba");
    assert_eq!(created["display_name"], "Mariama Ba");
    assert_eq!(created["email"], "m.ba@lycee.example");
    assert_eq!(created["roles"], serde_json::json!(["teacher"]));
    assert_eq!(all[1].resource_id, Some(teacher_id.to_string()));
    assert_eq!(details(&all[2])["username"], "m.ba");
    for row in &all {
        for secret in ["Senegal-2026!", "Nouveau-mot-2026", PASSWORD, "argon2"] {
            assert!(!row.details.contains(secret), "{secret} in {}", row.details);
        }
    }
    assert_eq!(
        details(&all[5])["changes"],
        serde_json::json!({"name": {"before": "Lycée Test", "after": "Lycée Test Renommé"}})
    );
}

#[tokio::test]
async fn first_run_setup_is_the_first_row_of_the_new_school() {
    let app = TestApp::spawn().await;
    let client = browser();
    let fields = [
        ("code", "lss-dakar"),
        ("name", "Lycée Senghor"),
        ("locale", "fr"),
        ("timezone", "Africa/Dakar"),
        ("currency", "XOF"),
        ("color", "#0f766e"),
        ("period_kind", "semester"),
        ("average_mode", "normalized"),
        ("grade_decimals", "2"),
        ("admin_username", "proviseur"),
        ("admin_display_name", "Awa Diop"),
        ("admin_password", "Teranga-2026!"),
        ("admin_confirm", "Teranga-2026!"),
    ];
    let r = post(&app, &client, "/setup", "/setup", &fields, "req-setup").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let all = rows(&app).await;
    assert_eq!(all.len(), 1);
    let row = &all[0];
    assert_eq!(row.action, "school.setup");
    assert_eq!(row.school_id, app.school_id("LSS-DAKAR").await);
    assert_eq!(row.user_id, Some(user_id(&app, "proviseur").await));
    assert_eq!(row.request_id.as_deref(), Some("req-setup"));
    assert_eq!(details(row)["code"], "LSS-DAKAR");
    assert_eq!(details(row)["admin_username"], "proviseur");
    assert!(!row.details.contains("Teranga"));
}

#[tokio::test]
async fn only_school_admins_see_the_trail_and_refusals_are_recorded() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    let teacher_id = app.create_user(school, "prof", &[Role::Teacher]).await;
    let teacher = sign_in(&app, "prof", "req-t").await;
    for path in ["/admin/audit", "/admin/audit.csv", "/admin/users"] {
        let r = teacher
            .get(app.url(path))
            .header("x-request-id", format!("req-{path}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let (_, home) = text(&teacher, app.url("/")).await;
    assert!(
        !home.contains("href=\"/admin/audit\""),
        "no link for teachers"
    );

    let denied: Vec<_> = rows(&app)
        .await
        .into_iter()
        .filter(|r| r.action == "permission_denied")
        .collect();
    assert_eq!(denied.len(), 3, "each refusal is recorded once");
    for (row, path) in denied
        .iter()
        .zip(["/admin/audit", "/admin/audit.csv", "/admin/users"])
    {
        assert_eq!((row.school_id, row.user_id), (school, Some(teacher_id)));
        assert_eq!(row.resource_type, "page");
        assert_eq!(row.resource_id.as_deref(), Some(path));
        assert_eq!(row.request_id, Some(format!("req-{path}")));
    }
    assert_eq!(details(&denied[0])["action"], "view_audit");

    let admin = app.login("admin").await;
    let (status, page) = text(&admin, app.url("/admin/audit")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("href=\"/admin/audit\""),
        "the admin has the link"
    );
    assert!(page.contains("Accès refusé"), "the refusals are listed");
    assert!(page.contains("<code>prof</code>"));
}

#[tokio::test]
async fn a_school_never_sees_another_schools_rows() {
    let app = TestApp::with_school().await;
    let other = app.create_school("AUTRE", "Collège Autre").await;
    app.create_user(other, "admin.b", &[Role::SchoolAdmin])
        .await;
    let admin_a = sign_in(&app, "admin", "req-a").await;
    let r = post(
        &app,
        &admin_a,
        "/admin/users/new",
        "/admin/users",
        &[
            ("display_name", "Marqueur Alpha"),
            ("username", "marqueur.a"),
            ("password", "Long-enough-2026"),
            ("roles", "teacher"),
        ],
        "req-a2",
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let admin_b = sign_in(&app, "admin.b", "req-b").await;
    let (_, page_b) = text(&admin_b, app.url("/admin/audit")).await;
    assert!(
        page_b.contains("1 événement"),
        "only B's own login: {page_b}"
    );
    assert!(!page_b.contains("marqueur"));
    assert!(!page_b.contains("<code>admin</code>"));
    let (_, csv_b) = text(&admin_b, app.url("/admin/audit.csv")).await;
    assert!(
        !csv_b.contains("marqueur") && !csv_b.contains(",admin,"),
        "{csv_b}"
    );
    let (_, page_a) = text(&admin_a, app.url("/admin/audit")).await;
    assert!(page_a.contains("marqueur.a"));
    assert!(!page_a.contains("admin.b"));
}

/// `n` refused requests by a signed-in non-admin: `n` permission_denied rows, cheaply.
async fn denied(app: &TestApp, client: &Client, n: usize) {
    for _ in 0..n {
        let r = client.get(app.url("/admin/users")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
}

/// Disables then re-enables `target`, `pairs` times: `2 × pairs` rows by the admin.
async fn toggle(app: &TestApp, admin: &Client, target: i64, pairs: usize) {
    let token = app.csrf(admin, "/admin/users").await;
    for i in 0..pairs * 2 {
        let verb = if i % 2 == 0 { "disable" } else { "enable" };
        let r = admin
            .post(app.url(&format!("/admin/users/{target}/{verb}")))
            .form(&[("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
}

/// The table body of the audit page.
fn tbody(html: &str) -> &str {
    &html[html.find("<tbody>").unwrap()..]
}

#[tokio::test]
async fn filters_by_user_action_resource_and_dates_and_pages_by_fifty() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    app.create_user(school, "prof", &[Role::Teacher]).await;
    let target = app.create_user(school, "cible", &[Role::Parent]).await;
    let prof = app.login("prof").await; // 25 November: 1 login
    denied(&app, &prof, 30).await; // 30 refusals
    app.clock
        .advance(std::time::Duration::from_secs(2 * 86_400)); // 27 November
    let admin = app.login("admin").await; // 1 login
    toggle(&app, &admin, target, 20).await; // 20 disables, 20 enables

    let count = |html: &str, n: usize| {
        let found = html.contains(&format!(">{n} événement"));
        assert!(
            found,
            "expected {n} events in {}",
            &html[html.find("role=\"status\"").unwrap()..][..80]
        );
    };
    let rows_on = |html: &str| tbody(html).matches("<tr>").count();
    let (_, all) = text(&admin, app.url("/admin/audit")).await;
    count(&all, 72);
    assert!(all.contains("Page 1 sur 2"));
    assert_eq!(rows_on(&all), 50);
    let body = tbody(&all);
    assert!(
        body.find("Réactivation de compte").unwrap() < body.find("Accès refusé").unwrap(),
        "newest first"
    );
    let (_, page2) = text(&admin, app.url("/admin/audit?page=2")).await;
    assert_eq!(rows_on(&page2), 22);
    let (_, past) = text(&admin, app.url("/admin/audit?page=9")).await;
    assert_eq!(rows_on(&past), 22, "past the end shows the last page");

    let (_, by_user) = text(&admin, app.url("/admin/audit?user=prof")).await;
    count(&by_user, 31);
    let (_, by_action) = text(&admin, app.url("/admin/audit?action=user.disable")).await;
    count(&by_action, 20);
    let (_, both) = text(
        &admin,
        app.url("/admin/audit?user=prof&action=user.disable"),
    )
    .await;
    count(&both, 0);
    let (_, by_resource) = text(&admin, app.url("/admin/audit?resource=page")).await;
    count(&by_resource, 30);
    let (_, first_day) = text(
        &admin,
        app.url("/admin/audit?from=2026-11-25&to=2026-11-25"),
    )
    .await;
    count(&first_day, 31);
    let (_, later) = text(&admin, app.url("/admin/audit?from=2026-11-26")).await;
    count(&later, 41);
    let (_, paged) = text(&admin, app.url("/admin/audit?user=prof&page=1")).await;
    assert!(
        !paged.contains("Page 1 sur"),
        "31 rows fit on one page: no pager"
    );
    let (_, filtered_pages) = text(&admin, app.url("/admin/audit?from=2026-11-25")).await;
    assert!(
        filtered_pages.contains("href=\"/admin/audit?from=2026-11-25&#38;page=2\""),
        "the pager keeps the filters: {}",
        &filtered_pages[filtered_pages.find("class=\"pager\"").unwrap()..][..400]
    );
    let r = admin
        .get(app.url("/admin/audit?from=25/11/2026"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("AAAA-MM-JJ"));
}

#[tokio::test]
async fn csv_export_streams_the_filtered_rows_and_is_recorded() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    app.create_user(school, "prof", &[Role::Teacher]).await;
    let prof = app.login("prof").await;
    denied(&app, &prof, 3).await;
    let admin = sign_in(&app, "admin", "req-login").await;
    let r = admin
        .get(app.url("/admin/audit.csv?action=permission_denied&user=prof"))
        .header("x-request-id", "req-export")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("audit-TEST-2026-11-25.csv")
    );
    let body = r.text().await.unwrap();
    let lines: Vec<_> = body.lines().collect();
    assert_eq!(lines.len(), 4, "header + 3 rows: {body}");
    assert!(lines[0].starts_with("time,seq,user_id,username,action,"));
    for line in &lines[1..] {
        assert!(
            line.contains(",prof,permission_denied,page,/admin/users,"),
            "{line}"
        );
        assert!(line.starts_with("2026-11-25T08:00:00+00:00,"), "{line}");
    }
    assert!(
        lines[1].contains(
            ",\"{\"\"action\"\":\"\"manage_users\"\",\"\"scope\"\":\"\"SameSchool\"\"}\","
        ),
        "JSON details quoted: {}",
        lines[1]
    );

    let export = rows(&app).await.pop().unwrap();
    assert_eq!(export.action, "audit.export");
    assert_eq!(export.resource_type, "audit_log");
    assert_eq!(export.request_id.as_deref(), Some("req-export"));
    assert_eq!(export.user_id, Some(user_id(&app, "admin").await));
    let d = details(&export);
    assert_eq!(d["action"], "permission_denied");
    assert_eq!(d["username"], "prof");
}

#[tokio::test]
async fn concurrent_writers_keep_one_linear_chain() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    app.create_user(school, "prof", &[Role::Teacher]).await;
    let prof = app.login("prof").await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (client, url) = (prof.clone(), app.url("/admin/users"));
        tasks.push(tokio::spawn(async move {
            for _ in 0..5 {
                let r = client.get(&url).send().await.unwrap();
                assert_eq!(r.status(), StatusCode::FORBIDDEN);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let mut seqs: Vec<_> = rows(&app).await.iter().map(|r| r.seq).collect();
    seqs.sort_unstable();
    assert_eq!(
        seqs,
        (1..=41).collect::<Vec<_>>(),
        "the login, then 40 refusals"
    );
    assert_eq!(
        audit::service::verify(&app.state.db).await.unwrap(),
        audit::service::Verification::Intact {
            rows: 41,
            chains: 1
        }
    );
}

#[tokio::test]
async fn events_in_a_future_month_find_their_partition() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    app.create_user(school, "prof", &[Role::Teacher]).await;
    app.clock.set("2029-03-15T12:00:00Z".parse().unwrap());
    audit::ensure_partitions(&app.state.db, &app.clock)
        .await
        .unwrap();
    let prof = app.login("prof").await;
    denied(&app, &prof, 1).await;
    let all = rows(&app).await;
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|r| r.at == app.clock.now_ms()));
    if crate::helpers::backend() == eschool::db::Backend::Postgres {
        let parts: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid \
             WHERE c.relname IN ('audit_log_2029_03', 'audit_log_2030_03')",
        )
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!(parts, 2, "this month and twelve ahead");
    }
}

fn eschool_cli(app: &TestApp) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eschool"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("ESCHOOL_DATA_DIR", &app.state.config.data_dir)
        .env("DATABASE_URL", app.state.config.database_url())
        .env("ESCHOOL_LOG_LEVEL", "warn");
    cmd
}

fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn audit_verify_passes_on_an_intact_chain_and_names_an_edited_row() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    app.create_user(school, "prof", &[Role::Teacher]).await;
    let prof = app.login("prof").await; // school chain: seq 1
    denied(&app, &prof, 3).await; // seq 2 to 4
    let stranger = browser();
    let r = post(
        &app,
        &stranger,
        "/login",
        "/login",
        &[("username", "nobody"), ("password", "whatever-123")],
        "req-x",
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED); // platform chain: seq 1
    let (ok, out) = run(eschool_cli(&app).args(["audit", "verify"]));
    assert!(ok, "{out}");
    assert!(
        out.contains("audit chain intact: 5 rows in 2 chains"),
        "{out}"
    );

    let target: (i64, String) =
        sqlx::query_as("SELECT id, details FROM audit_log WHERE school_id = $1 AND seq = 3")
            .bind(school)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    sqlx::query("UPDATE audit_log SET details = '{\"n\":99}' WHERE id = $1")
        .bind(target.0)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let (ok, out) = run(eschool_cli(&app).args(["audit", "verify"]));
    assert!(!ok, "an edited row fails verification: {out}");
    assert!(
        out.contains(&format!("school {school}, seq 3, id {}", target.0)),
        "{out}"
    );
    assert!(out.contains("was edited"), "{out}");

    // Deleting the last row instead is caught by the head.
    sqlx::query("UPDATE audit_log SET details = $2 WHERE id = $1")
        .bind(target.0)
        .bind(&target.1)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM audit_log WHERE school_id = $1 AND seq = 4")
        .bind(school)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let (ok, out) = run(eschool_cli(&app).args(["audit", "verify"]));
    assert!(!ok, "{out}");
    assert!(out.contains("seq 4"), "{out}");
}
