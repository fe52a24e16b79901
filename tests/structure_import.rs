//! Staff, class and teaching-assignment import and export, as an operator meets them through
//! `eschool import|export teachers|classes|assignments` (both databases): the happy path in
//! order, re-imports that change nothing, reports in both languages that import nothing, dry
//! runs, another school's accounts and classes, and exports that import back identically.

use std::process::Command;

use eschool::accounts::model::Role;
use reqwest::{Client, StatusCode, multipart};

use crate::helpers::{TestApp, location};

const TEACHERS: &str = "identifiant;nom;prénom;courriel;fonctions\r\n\
m.durand;Durand;Marie;Marie.Durand@example.fr;enseignante\r\n\
p.blanc;Blanc;Pierre;;\"enseignant, vie scolaire\"\r\n\
c.roux;Roux;Claire;c.roux@example.fr;intendance\r\n";

const CLASSES: &str = "classe;niveau;professeur_principal;salle\r\n\
6e A;6e;m.durand;B12\r\n\
6e B;6e;;\r\n\
5e A;5e;p.blanc;C3\r\n";

const ASSIGNMENTS: &str = "classe;matière;professeur;période\r\n\
6e A;MATH;m.durand;\r\n\
6e A;fr;p.blanc;\r\n\
6e b;math;m.durand;Trimestre 1\r\n";

/// A current year with two periods, levels 6e and 5e, subjects MATH and FR; a past year.
async fn structure(app: &TestApp, school_id: i64) {
    let pool = &app.state.db.pool;
    sqlx::query(
        "INSERT INTO academic_years (school_id, name, starts_on, ends_on, is_current) \
         VALUES ($1, '2025-2026', '2025-09-01', '2026-07-04', 0)",
    )
    .bind(school_id)
    .execute(pool)
    .await
    .unwrap();
    let year: i64 = sqlx::query_scalar(
        "INSERT INTO academic_years (school_id, name, starts_on, ends_on, is_current) \
         VALUES ($1, '2026-2027', '2026-09-01', '2027-07-04', 1) RETURNING id",
    )
    .bind(school_id)
    .fetch_one(pool)
    .await
    .unwrap();
    for (position, name, starts, ends) in [
        (1, "Trimestre 1", "2026-09-01", "2026-11-30"),
        (2, "Trimestre 2", "2026-12-01", "2027-03-15"),
    ] {
        sqlx::query(
            "INSERT INTO periods (school_id, year_id, position, name, starts_on, ends_on, closes_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(school_id)
        .bind(year)
        .bind(position)
        .bind(name)
        .bind(starts)
        .bind(ends)
        .execute(pool)
        .await
        .unwrap();
    }
    for (position, name) in [(1_i64, "6e"), (2, "5e")] {
        sqlx::query("INSERT INTO levels (school_id, name, position) VALUES ($1, $2, $3)")
            .bind(school_id)
            .bind(name)
            .bind(position)
            .execute(pool)
            .await
            .unwrap();
    }
    for (code, name) in [("MATH", "Mathématiques"), ("FR", "Français")] {
        sqlx::query(
            "INSERT INTO subjects (school_id, code, name, color) VALUES ($1, $2, $3, '#336699')",
        )
        .bind(school_id)
        .bind(code)
        .bind(name)
        .execute(pool)
        .await
        .unwrap();
    }
}

async fn school_app() -> (TestApp, i64) {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    structure(&app, school).await;
    (app, school)
}

fn eschool(app: &TestApp) -> Command {
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

/// `eschool import KIND` on `csv` for school `code`; success and output.
fn import(app: &TestApp, kind: &str, csv: &str, code: &str, extra: &[&str]) -> (bool, String) {
    let path = app.state.config.data_dir.join(format!("{kind}.csv"));
    std::fs::write(&path, csv).unwrap();
    let mut cmd = eschool(app);
    cmd.args(["import", kind])
        .arg(&path)
        .args(["--school", code])
        .args(extra);
    run(&mut cmd)
}

/// `eschool export KIND` to standard output.
fn export(app: &TestApp, kind: &str, code: &str) -> String {
    let (ok, out) = run(eschool(app).args(["export", kind, "--school", code]));
    assert!(ok, "{out}");
    out
}

/// Everything these imports may write, as text rows.
async fn snapshot(app: &TestApp) -> Vec<String> {
    let pool = &app.state.db.pool;
    let mut out = Vec::new();
    let queries = [
        "SELECT CAST(id AS TEXT) || '|' || username || '|' || display_name || '|' || COALESCE(email, '') || '|' || \
         password_hash FROM users ORDER BY id",
        "SELECT CAST(school_id AS TEXT) || '|' || CAST(user_id AS TEXT) || '|' || role FROM memberships \
         ORDER BY school_id, user_id, role",
        "SELECT CAST(id AS TEXT) || '|' || CAST(school_id AS TEXT) || '|' || CAST(year_id AS TEXT) || '|' || \
         CAST(level_id AS TEXT) || '|' || name || '|' || COALESCE(CAST(main_teacher_id AS TEXT), '') || '|' || \
         COALESCE(room, '') FROM classes ORDER BY id",
        "SELECT CAST(id AS TEXT) || '|' || CAST(class_id AS TEXT) || '|' || CAST(subject_id AS TEXT) || '|' || \
         CAST(teacher_id AS TEXT) || '|' || COALESCE(CAST(period_id AS TEXT), '') FROM teaching_assignments ORDER BY id",
    ];
    for sql in queries {
        let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_all(pool)
            .await
            .unwrap();
        out.extend(rows);
    }
    out
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

async fn import_all(app: &TestApp) {
    for (kind, csv) in [
        ("teachers", TEACHERS),
        ("classes", CLASSES),
        ("assignments", ASSIGNMENTS),
    ] {
        let (ok, out) = import(app, kind, csv, "test", &[]);
        assert!(ok, "{kind}: {out}");
        assert!(
            out.contains("3 created, 0 updated, 0 unchanged"),
            "{kind}: {out}"
        );
    }
}

#[tokio::test]
async fn teachers_classes_and_assignments_import_in_order_and_a_reimport_changes_nothing() {
    let (app, school) = school_app().await;
    import_all(&app).await;

    let pool = &app.state.db.pool;
    let (display, email, hash): (String, Option<String>, String) = sqlx::query_as(
        "SELECT display_name, email, password_hash FROM users WHERE username = 'm.durand'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(display, "Marie Durand");
    assert_eq!(email.as_deref(), Some("marie.durand@example.fr"));
    assert!(!hash.starts_with("$argon2"), "no usable password");
    let client = app.client();
    for password in ["", "!import:no-password", "password-guess-1"] {
        let r = app
            .submit(
                &client,
                "/login",
                "/login",
                &[("username", "m.durand"), ("password", password)],
            )
            .await;
        assert_ne!(
            r.status(),
            StatusCode::SEE_OTHER,
            "no sign-in without a password"
        );
    }
    let roles: Vec<String> = sqlx::query_scalar(
        "SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE u.username = 'p.blanc' AND m.school_id = $1 ORDER BY m.role",
    )
    .bind(school)
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(roles, ["teacher", "vie_scolaire"]);
    let (main, room): (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT u.username, c.room FROM classes c LEFT JOIN users u ON u.id = c.main_teacher_id \
         WHERE c.name = '5e A'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        (main.as_deref(), room.as_deref()),
        (Some("p.blanc"), Some("C3"))
    );
    let period: Option<String> = sqlx::query_scalar(
        "SELECT p.name FROM teaching_assignments a JOIN classes c ON c.id = a.class_id \
         LEFT JOIN periods p ON p.id = a.period_id WHERE c.name = '6e B'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(period.as_deref(), Some("Trimestre 1"));
    for action in ["staff.import", "class.import", "teaching_assignment.import"] {
        assert_eq!(audit_count(&app, action).await, 1, "{action}");
    }

    // The same files again: nothing changes, one more audit row each.
    let before = snapshot(&app).await;
    for (kind, csv) in [
        ("teachers", TEACHERS),
        ("classes", CLASSES),
        ("assignments", ASSIGNMENTS),
    ] {
        let (ok, out) = import(&app, kind, csv, "test", &[]);
        assert!(ok, "{out}");
        assert!(
            out.contains("0 created, 0 updated, 3 unchanged"),
            "{kind}: {out}"
        );
    }
    assert_eq!(snapshot(&app).await, before);
    assert_eq!(audit_count(&app, "staff.import").await, 2);

    // A changed file updates only what changed, and never removes a role.
    let changed = "username;last_name;first_name;roles\r\np.blanc;Blanc-Martin;Pierre;bursar\r\n";
    let (ok, out) = import(&app, "teachers", changed, "test", &[]);
    assert!(ok, "{out}");
    assert!(
        out.contains("line 2: p.blanc — changed: last_name, roles"),
        "{out}"
    );
    let (display, email): (String, Option<String>) =
        sqlx::query_as("SELECT display_name, email FROM users WHERE username = 'p.blanc'")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!((display.as_str(), email), ("Pierre Blanc-Martin", None));
    let roles: Vec<String> = sqlx::query_scalar(
        "SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE u.username = 'p.blanc' ORDER BY m.role",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(roles, ["bursar", "teacher", "vie_scolaire"]);
}

#[tokio::test]
async fn bad_files_import_nothing_and_name_each_line_in_french_and_english() {
    let (app, _) = school_app().await;
    let (ok, _) = import(&app, "teachers", TEACHERS, "test", &[]);
    assert!(ok);
    let before = snapshot(&app).await;

    let classes = "classe;niveau;professeur_principal\r\n\
                   6e A;6e;m.durand\r\n\
                   4e A;4e;\r\n\
                   6e B;6e;c.roux\r\n";
    let (ok, out) = import(&app, "classes", classes, "test", &[]);
    assert!(!ok, "exit status 1");
    assert!(
        out.contains("Ligne 3, colonne « niveau » : le niveau « 4e » n’existe pas"),
        "{out}"
    );
    assert!(
        out.contains(
            "Ligne 4, colonne « professeur_principal » : « c.roux » n’est pas un professeur"
        ),
        "{out}"
    );
    assert!(out.contains("nothing was imported"), "{out}");
    assert_eq!(snapshot(&app).await, before);
    // Problems in the file itself are reported before it meets the database.
    let (ok, out) = import(
        &app,
        "classes",
        "classe;niveau\r\n6e A;6e\r\n6e a;6e\r\n",
        "test",
        &[],
    );
    assert!(!ok);
    assert!(
        out.contains("Ligne 3, colonne « classe » : la classe « 6e a » figure déjà ligne 2."),
        "{out}"
    );
    assert_eq!(snapshot(&app).await, before);

    let assignments = "class;subject;teacher;period\r\n\
                       6e A;MATH;m.durand;\r\n\
                       6e A;PHYS;m.durand;\r\n\
                       6e A;MATH;m.durand;Trimestre 9\r\n";
    let (ok, _) = import(&app, "classes", CLASSES, "test", &[]);
    assert!(ok);
    let before_assignments = snapshot(&app).await;
    let (ok, out) = import(&app, "assignments", assignments, "test", &["--lang", "en"]);
    assert!(!ok);
    assert!(
        out.contains("Line 3, column \"subject\": no subject has the code \"PHYS\"."),
        "{out}"
    );
    assert!(out.contains("Line 4, column \"period\": period \"Trimestre 9\" does not exist in the current school year."), "{out}");
    assert_eq!(snapshot(&app).await, before_assignments);

    let staff = "username;last_name;roles\r\nnew.one;One;teacher\r\nadmin;Admin;direction\r\nX;Bad;teacher\r\n";
    let (ok, out) = import(&app, "teachers", staff, "test", &["--lang", "en"]);
    assert!(!ok);
    assert!(
        out.contains("Line 3, column \"roles\": role \"direction\" cannot be granted"),
        "{out}"
    );
    assert!(
        out.contains("Line 4, column \"username\": invalid username \"X\""),
        "{out}"
    );
    let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE username = 'new.one'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(exists, 0, "a file with any bad line imports nothing");
    assert_eq!(audit_count(&app, "staff.import").await, 1);
}

#[tokio::test]
async fn a_dry_run_shows_the_changes_and_writes_nothing() {
    let (app, _) = school_app().await;
    let before = snapshot(&app).await;
    let (ok, out) = import(&app, "teachers", TEACHERS, "test", &["--dry-run"]);
    assert!(ok, "{out}");
    assert!(
        out.contains("teachers: 3 created, 0 updated, 0 unchanged"),
        "{out}"
    );
    assert!(out.contains("line 2: m.durand — created"), "{out}");
    assert!(out.contains("dry run: nothing was written"), "{out}");
    assert_eq!(snapshot(&app).await, before);
    assert_eq!(audit_count(&app, "staff.import").await, 0);
}

#[tokio::test]
async fn another_schools_accounts_and_classes_are_out_of_reach() {
    let (app, _) = school_app().await;
    let other = app.create_school("AUTRE", "Autre école").await;
    structure(&app, other).await;
    app.create_user(other, "prof.autre", &[Role::Teacher]).await;
    let (ok, _) = import(&app, "teachers", TEACHERS, "autre", &[]);
    assert!(ok);

    // A username of an account outside the school is refused, not joined to this school.
    let staff = "username;last_name;roles\r\nprof.autre;Autre;teacher\r\n";
    let (ok, out) = import(&app, "teachers", staff, "test", &["--lang", "en"]);
    assert!(!ok);
    assert!(
        out.contains("username \"prof.autre\" belongs to an account that is not a member"),
        "{out}"
    );
    // The other school's teachers (imported there) are not teachers here.
    let (ok, out) = import(&app, "classes", CLASSES, "test", &["--lang", "en"]);
    assert!(!ok);
    assert!(
        out.contains(
            "Line 2, column \"professeur_principal\": \"m.durand\" is not a teacher of this school."
        ),
        "{out}"
    );
    // Each school's export holds its own.
    let (ok, _) = import(&app, "classes", CLASSES, "autre", &[]);
    assert!(ok);
    assert!(!export(&app, "classes", "test").contains("6e A"));
    assert!(export(&app, "classes", "autre").contains("6e A"));
    assert!(!export(&app, "teachers", "test").contains("m.durand"));
}

#[tokio::test]
async fn exports_import_back_identically() {
    let (app, school) = school_app().await;
    import_all(&app).await;
    // A member created on the users page, with a one-word name and an upper-case e-mail.
    app.create_user(school, "direction", &[Role::SchoolAdmin, Role::Teacher])
        .await;
    sqlx::query("UPDATE users SET display_name = 'Proviseur', email = 'Dir@Example.fr' WHERE username = 'direction'")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let before = snapshot(&app).await;
    for kind in ["teachers", "classes", "assignments"] {
        let csv = export(&app, kind, "test");
        let (ok, out) = import(&app, kind, &csv, "test", &[]);
        assert!(ok, "{kind}: {out}");
        assert!(
            out.contains(" 0 created, 0 updated,"),
            "{kind}: {out}\n{csv}"
        );
        assert_eq!(export(&app, kind, "test"), csv, "{kind}");
    }
    assert_eq!(snapshot(&app).await, before);
    let teachers = export(&app, "teachers", "test");
    assert!(
        teachers.starts_with("\u{FEFF}username;last_name;first_name;email;roles\r\n"),
        "{teachers}"
    );
    assert!(
        teachers.contains("p.blanc;Blanc;Pierre;;\"teacher,vie_scolaire\"\r\n"),
        "{teachers}"
    );
    assert!(
        teachers.contains("direction;Proviseur;;Dir@Example.fr;teacher\r\n"),
        "{teachers}"
    );
    assert_eq!(audit_count(&app, "structure.export").await, 7);
}

#[tokio::test]
async fn initial_passwords_are_printed_once_and_let_the_new_teachers_sign_in() {
    let (app, _) = school_app().await;
    let (ok, out) = import(&app, "teachers", TEACHERS, "test", &["--initial-passwords"]);
    assert!(ok, "{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("m.durand: "))
        .unwrap_or_else(|| panic!("{out}"));
    let password = line.trim_start_matches("m.durand: ");
    assert_eq!(password.chars().count(), 16);
    let client = app.login_with("m.durand", password).await;
    let home = client.get(app.url("/")).send().await.unwrap();
    assert!(home.status().is_success(), "signed in");
    let audit: String =
        sqlx::query_scalar("SELECT details FROM audit_log WHERE action = 'password.change'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert!(!audit.contains(password), "never in the audit");
    // A second import creates nobody, so prints no password.
    let (ok, out) = import(&app, "teachers", TEACHERS, "test", &["--initial-passwords"]);
    assert!(ok);
    assert!(!out.contains("initial passwords"), "{out}");
}

#[tokio::test]
async fn a_school_without_a_current_year_or_an_unknown_school_is_refused() {
    let app = TestApp::with_school().await;
    let (ok, out) = import(&app, "classes", CLASSES, "test", &["--lang", "en"]);
    assert!(!ok);
    assert!(
        out.contains("Line 1: no school year is marked as current"),
        "{out}"
    );
    let (ok, out) = import(&app, "teachers", TEACHERS, "nope", &[]);
    assert!(!ok);
    assert!(out.contains("no school with code nope"), "{out}");
    assert_eq!(app.count("classes").await, 0);
}

async fn upload(app: &TestApp, client: &Client, kind: &str, csv: &str) -> reqwest::Response {
    let page = format!("/admin/structure/import/{kind}");
    let token = app.csrf(client, &page).await;
    let form = multipart::Form::new().text("csrf_token", token).part(
        "file",
        multipart::Part::bytes(csv.as_bytes().to_vec())
            .file_name(format!("{kind}.csv"))
            .mime_str("text/csv")
            .unwrap(),
    );
    client
        .post(app.url(&page))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The confirmation form's action on a preview page.
fn confirm_action(html: &str) -> String {
    html.match_indices("action=\"")
        .map(|(i, m)| &html[i + m.len()..])
        .filter_map(|rest| rest.split('"').next())
        .find(|action| action.ends_with("/confirm"))
        .expect("a confirm form")
        .to_owned()
}

/// Confirms a preview and waits for the job; returns the job page's path and final HTML.
async fn confirm_and_wait(
    app: &TestApp,
    client: &Client,
    kind: &str,
    preview: &str,
) -> (String, String) {
    let action = confirm_action(preview);
    let r = app
        .submit(
            client,
            &format!("/admin/structure/import/{kind}"),
            &action,
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let job = location(&r);
    assert!(job.starts_with("/admin/structure/import/jobs/"), "{job}");
    for _ in 0..200 {
        let html = app.page(client, &job).await;
        if !html.contains("import-bar") {
            return (job, html);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import did not finish");
}

#[tokio::test]
async fn an_administrator_previews_confirms_and_follows_each_import_on_the_pages() {
    let (app, _) = school_app().await;
    let admin = app.login("admin").await;
    for (kind, csv) in [
        ("teachers", TEACHERS),
        ("classes", CLASSES),
        ("assignments", ASSIGNMENTS),
    ] {
        let page = app
            .page(&admin, &format!("/admin/structure/import/{kind}"))
            .await;
        assert!(
            page.contains("/static/templates/"),
            "{kind}: a template link"
        );
        let before = snapshot(&app).await;
        let r = upload(&app, &admin, kind, csv).await;
        assert_eq!(r.status(), StatusCode::OK, "{kind}");
        let preview = r.text().await.unwrap();
        assert!(
            preview.contains("3 ligne(s) : 3 créée(s), 0 modifiée(s), 0 inchangée(s)."),
            "{kind}: {preview}"
        );
        assert_eq!(snapshot(&app).await, before, "a preview writes nothing");
        let (_, done) = confirm_and_wait(&app, &admin, kind, &preview).await;
        assert!(done.contains("Import terminé"), "{kind}: {done}");
    }
    assert_eq!(app.count("teaching_assignments").await, 3);
    assert_eq!(audit_count(&app, "teaching_assignment.import").await, 1);

    // A bad file shows every problem and keeps nothing.
    let r = upload(&app, &admin, "classes", "classe;niveau\r\n4e A;4e\r\n").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("le niveau « 4e » n’existe pas"), "{html}");
    assert!(!html.contains("/confirm"), "nothing to confirm");

    // The export downloads the file that imports back.
    let r = admin
        .get(app.url("/admin/structure/export/classes.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let csv = r.text().await.unwrap();
    assert!(csv.contains("5e A;5e;p.blanc;C3"), "{csv}");
}

#[tokio::test]
async fn only_the_schools_administrators_reach_the_import_pages() {
    let (app, school) = school_app().await;
    app.create_user(school, "prof", &[Role::Teacher]).await;
    app.create_user(school, "cpe", &[Role::VieScolaire]).await;
    for login in ["prof", "cpe"] {
        let client = app.login(login).await;
        for path in [
            "/admin/structure/import/teachers",
            "/admin/structure/import/classes",
            "/admin/structure/export/teachers.csv",
            "/admin/structure/import/jobs/1",
        ] {
            let r = client.get(app.url(path)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{login} {path}");
        }
    }
    let admin = app.login("admin").await;
    let r = admin
        .get(app.url("/admin/structure/import/pupils"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // Another school's administrator can neither confirm this school's upload nor see its job.
    let preview = upload(&app, &admin, "teachers", TEACHERS)
        .await
        .text()
        .await
        .unwrap();
    let other = app.create_school("AUTRE", "Autre école").await;
    app.create_user(other, "admin2", &[Role::SchoolAdmin]).await;
    let intruder = app.login("admin2").await;
    let r = app
        .submit(
            &intruder,
            "/admin/structure/import/teachers",
            &confirm_action(&preview),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (job, _) = confirm_and_wait(&app, &admin, "teachers", &preview).await;
    let r = intruder.get(app.url(&job)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let exported = intruder
        .get(app.url("/admin/structure/export/teachers.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !exported.contains("m.durand"),
        "an export holds only the school's staff"
    );
    // A student import's job page does not show a structure job.
    let r = admin
        .get(app.url(&job.replace("/admin/structure/import", "/students/import")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
