//! Student import and export, as a school administrator (upload page) or an operator (CLI)
//! meets them: the database step (matching, enrolments, encrypted fields, audit), re-imports
//! that change nothing, reports in both languages, dry runs, the background job, the export
//! that imports back identically, and refusals.

use std::process::Command;

use eschool::{accounts::model::Role, clock::Clock, crypto::Purpose};
use reqwest::{Client, StatusCode, multipart};

use crate::helpers::{TestApp, location};

const FILE: &str = "matricule;nom;prénom;date_naissance;sexe;classe;ine;informations_medicales;\
responsable1_nom;responsable1_prenom;responsable1_lien;responsable1_telephone;responsable1_email;\
responsable2_nom;responsable2_prenom;responsable2_lien;responsable2_email\r\n\
2026-0001;Martin;Léa;14/03/2013;F;6e A;123456789AB;Allergie aux arachides;Martin;Sophie;mère;06 12 34 56 78;Sophie.Martin@example.fr;Martin;Paul;père;paul.martin@example.fr\r\n\
2026-0002;Martin;Hugo;02/11/2014;M;6e B;;;Martin;Sophie;mère;06 12 34 56 78;sophie.martin@example.fr;;;;\r\n\
2026-0003;Diallo;Awa;2013-07-05;F;6e A;;;Diallo;Aminata;tutrice;;;;;;\r\n";

/// A current year with classes 6e A and 6e B, and a past year with a class 5e C (not
/// importable: not in the current year).
async fn structure(app: &TestApp, school_id: i64) {
    let pool = &app.state.db.pool;
    let past: i64 = sqlx::query_scalar(
        "INSERT INTO academic_years (school_id, name, starts_on, ends_on, is_current) \
         VALUES ($1, '2025-2026', '2025-09-01', '2026-07-04', 0) RETURNING id",
    )
    .bind(school_id)
    .fetch_one(pool)
    .await
    .unwrap();
    let current: i64 = sqlx::query_scalar(
        "INSERT INTO academic_years (school_id, name, starts_on, ends_on, is_current) \
         VALUES ($1, '2026-2027', '2026-09-01', '2027-07-04', 1) RETURNING id",
    )
    .bind(school_id)
    .fetch_one(pool)
    .await
    .unwrap();
    let level: i64 = sqlx::query_scalar(
        "INSERT INTO levels (school_id, name, position) VALUES ($1, '6e', 1) RETURNING id",
    )
    .bind(school_id)
    .fetch_one(pool)
    .await
    .unwrap();
    for (year, name) in [(current, "6e A"), (current, "6e B"), (past, "5e C")] {
        sqlx::query(
            "INSERT INTO classes (school_id, year_id, level_id, name) VALUES ($1, $2, $3, $4)",
        )
        .bind(school_id)
        .bind(year)
        .bind(level)
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
        .env("ESCHOOL_DEMO_PASSWORD", "cli-demo-password")
        .env("ESCHOOL_LOG_LEVEL", "warn");
    cmd
}

/// Runs `eschool import students` on `csv`; returns success and the output.
fn cli_import(app: &TestApp, csv: &str, extra: &[&str]) -> (bool, String) {
    let path = app.state.config.data_dir.join("eleves.csv");
    std::fs::write(&path, csv).unwrap();
    let mut cmd = eschool(app);
    cmd.args(["import", "students"])
        .arg(&path)
        .args(["--school", "test"])
        .args(extra);
    run(&mut cmd)
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

/// Everything an import may write, as text rows, to compare before and after.
async fn snapshot(app: &TestApp) -> Vec<String> {
    let pool = &app.state.db.pool;
    let mut out = Vec::new();
    let queries = [
        "SELECT CAST(id AS TEXT) || '|' || matricule || '|' || first_name || '|' || last_name || '|' || \
         COALESCE(birth_date, '') || '|' || COALESCE(sex, '') || '|' || COALESCE(CAST(class_id AS TEXT), '') || '|' || \
         status || '|' || COALESCE(national_id_enc, '') || '|' || COALESCE(national_id_bidx, '') || '|' || \
         COALESCE(medical_enc, '') || '|' || COALESCE(CAST(updated_at AS TEXT), '') FROM students ORDER BY id",
        "SELECT CAST(id AS TEXT) || '|' || first_name || '|' || last_name || '|' || COALESCE(phone, '') || '|' || \
         COALESCE(email, '') || '|' || COALESCE(CAST(updated_at AS TEXT), '') FROM guardians ORDER BY id",
        "SELECT CAST(student_id AS TEXT) || '|' || CAST(guardian_id AS TEXT) || '|' || relationship || '|' || \
         CAST(legal_guardian AS TEXT) || '|' || CAST(receives_notices AS TEXT) FROM student_guardians \
         ORDER BY student_id, guardian_id",
        "SELECT CAST(id AS TEXT) || '|' || CAST(student_id AS TEXT) || '|' || CAST(class_id AS TEXT) || '|' || \
         starts_on || '|' || COALESCE(ends_on, '') FROM enrolments ORDER BY id",
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

async fn class_of(app: &TestApp, matricule: &str) -> Option<String> {
    sqlx::query_scalar(
        "SELECT c.name FROM students s LEFT JOIN classes c ON c.id = s.class_id WHERE s.matricule = $1",
    )
    .bind(matricule)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn import_creates_students_guardians_and_enrolments_with_encrypted_fields() {
    let (app, school) = school_app().await;
    let (ok, out) = cli_import(&app, FILE, &[]);
    assert!(ok, "{out}");
    assert!(
        out.contains("students: 3 created, 0 updated, 0 unchanged"),
        "{out}"
    );
    assert!(out.contains("guardians: 3 created"), "{out}");
    assert_eq!(app.count("students").await, 3);
    assert_eq!(app.count("guardians").await, 3, "Sophie is one guardian");
    assert_eq!(app.count("student_guardians").await, 4);
    assert_eq!(app.count("enrolments").await, 3);
    assert_eq!(class_of(&app, "2026-0002").await.as_deref(), Some("6e B"));

    let pool = &app.state.db.pool;
    let (enc, bidx, medical): (String, String, String) = sqlx::query_as(
        "SELECT national_id_enc, national_id_bidx, medical_enc FROM students WHERE matricule = '2026-0001'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert!(enc.starts_with("v1.") && !enc.contains("123456789AB"));
    let keyring = &app.state.keyring;
    assert_eq!(
        keyring
            .decrypt(Purpose::NationalId, school, &enc)
            .unwrap()
            .expose(),
        "123456789AB"
    );
    assert_eq!(
        bidx,
        keyring.blind_index(Purpose::NationalId, school, "123456789AB")
    );
    assert_eq!(
        keyring
            .decrypt(Purpose::Medical, school, &medical)
            .unwrap()
            .expose(),
        "Allergie aux arachides"
    );
    let email: String =
        sqlx::query_scalar("SELECT email FROM guardians WHERE first_name = 'Sophie'")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(email, "sophie.martin@example.fr", "stored in lower case");
    let (relationship, legal): (String, i64) = sqlx::query_as(
        "SELECT sg.relationship, sg.legal_guardian FROM student_guardians sg \
         JOIN guardians g ON g.id = sg.guardian_id WHERE g.first_name = 'Aminata'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!((relationship.as_str(), legal), ("guardian", 1));

    let details: String =
        sqlx::query_scalar("SELECT details FROM audit_log WHERE action = 'student.import'")
            .fetch_one(pool)
            .await
            .unwrap();
    assert!(
        details.contains("2026-0001") && details.contains("\"created\""),
        "{details}"
    );
    assert!(
        !details.contains("123456789AB") && !details.contains("arachides"),
        "no sensitive value in the audit trail"
    );
    let (ok, out) = run(eschool(&app).args(["audit", "verify"]));
    assert!(ok, "{out}");
}

#[tokio::test]
async fn reimporting_the_same_file_changes_nothing() {
    let (app, _) = school_app().await;
    assert!(cli_import(&app, FILE, &[]).0);
    let before = snapshot(&app).await;
    app.clock.advance(std::time::Duration::from_secs(3600));
    let (ok, out) = cli_import(&app, FILE, &[]);
    assert!(ok, "{out}");
    assert!(
        out.contains("students: 0 created, 0 updated, 3 unchanged"),
        "{out}"
    );
    assert!(
        out.contains("guardians: 0 created, 0 updated, 3 unchanged"),
        "{out}"
    );
    assert!(!out.contains("line "), "no line changes: {out}");
    assert_eq!(snapshot(&app).await, before, "nothing was rewritten");
    assert_eq!(
        audit_count(&app, "student.import").await,
        2,
        "only the import's own row"
    );
}

#[tokio::test]
async fn a_changed_file_updates_only_what_changed() {
    let (app, _) = school_app().await;
    assert!(cli_import(&app, FILE, &[]).0);
    let before = snapshot(&app).await;
    let changed = FILE
        .replace("Martin;Hugo;02/11/2014;M;6e B", "Martin;Hugo;02/11/2014;M;6e A")
        .replace(
            "2026-0003;Diallo;Awa;2013-07-05;F;6e A;;;Diallo;Aminata;tutrice;;;",
            "2026-0003;Diallo;Awa;2013-07-05;F;6e A;;Asthme;Diallo;Aminata;tutrice;07 00 00 00 01;;",
        );
    let (ok, out) = cli_import(&app, &changed, &[]);
    assert!(ok, "{out}");
    assert!(
        out.contains("students: 0 created, 2 updated, 1 unchanged"),
        "{out}"
    );
    assert!(
        out.contains("line 3: 2026-0002 Martin Hugo — changed: class"),
        "{out}"
    );
    assert!(
        out.contains("line 4: 2026-0003 Diallo Awa — changed: medical, guardian1_phone"),
        "{out}"
    );
    assert!(out.contains("enrolments: 1 opened, 1 closed"), "{out}");
    assert_eq!(class_of(&app, "2026-0002").await.as_deref(), Some("6e A"));
    let after = snapshot(&app).await;
    assert_eq!(before[0], after[0], "Léa's row is untouched");
    let history: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT c.name, e.ends_on FROM enrolments e JOIN students s ON s.id = e.student_id \
         JOIN classes c ON c.id = e.class_id WHERE s.matricule = '2026-0002' ORDER BY e.id",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].0, "6e B");
    assert!(history[0].1.is_some(), "the old enrolment is closed");
    assert_eq!(history[1], ("6e A".to_owned(), None));

    // A file without a column leaves its values alone.
    let minimal = "matricule;nom;prénom\r\n2026-0001;Martin;Léa\r\n";
    let before = snapshot(&app).await;
    let (ok, out) = cli_import(&app, minimal, &[]);
    assert!(ok, "{out}");
    assert!(
        out.contains("students: 0 created, 0 updated, 1 unchanged"),
        "{out}"
    );
    assert_eq!(snapshot(&app).await, before);
}

#[tokio::test]
async fn unknown_classes_and_bad_files_import_nothing_and_are_reported_in_both_languages() {
    let (app, _) = school_app().await;
    let bad = FILE
        .replace(
            "Martin;Hugo;02/11/2014;M;6e B",
            "Martin;Hugo;02/11/2014;M;6e Z",
        )
        .replace(
            "Diallo;Awa;2013-07-05;F;6e A",
            "Diallo;Awa;2013-07-05;F;5e C",
        );
    let (ok, out) = cli_import(&app, &bad, &[]);
    assert!(!ok, "an invalid file fails: {out}");
    assert!(
        out.contains("Ligne 3, colonne « classe » : la classe « 6e Z » n’existe pas dans l’année scolaire en cours."),
        "{out}"
    );
    assert!(
        out.contains("Ligne 4, colonne « classe » : la classe « 5e C »"),
        "a past year's class is not the current year's: {out}"
    );
    let (ok, out) = cli_import(&app, &bad, &["--lang", "en"]);
    assert!(!ok);
    assert!(
        out.contains(
            "Line 3, column \"classe\": class \"6e Z\" does not exist in the current school year."
        ),
        "{out}"
    );
    let conflict = FILE.replace(
        "2026-0002;Martin;Hugo;02/11/2014;M;6e B;;;Martin;Sophie",
        "2026-0002;Martin;Hugo;02/11/2014;M;6e B;;;Durand;Sophie",
    );
    let (ok, out) = cli_import(&app, &conflict, &["--lang", "en"]);
    assert!(!ok);
    assert!(
        out.contains("Line 3, column \"responsable1_email\": the address \"sophie.martin@example.fr\" is already used on line 2"),
        "{out}"
    );
    let malformed = FILE.replace("14/03/2013", "31/02/2013");
    let (ok, out) = cli_import(&app, &malformed, &[]);
    assert!(!ok);
    assert!(
        out.contains("Ligne 2, colonne « date_naissance » : la date « 31/02/2013 » n’existe pas."),
        "{out}"
    );
    for table in ["students", "guardians", "student_guardians", "enrolments"] {
        assert_eq!(app.count(table).await, 0, "{table}: nothing imported");
    }
    assert_eq!(audit_count(&app, "student.import").await, 0);
}

#[tokio::test]
async fn a_dry_run_shows_the_plan_and_writes_nothing() {
    let (app, _) = school_app().await;
    let (ok, out) = cli_import(&app, FILE, &["--dry-run"]);
    assert!(ok, "{out}");
    assert!(out.contains("students: 3 created"), "{out}");
    assert!(
        out.contains("line 2: 2026-0001 Martin Léa — created"),
        "{out}"
    );
    assert!(out.contains("dry run: nothing was written"), "{out}");
    for table in ["students", "guardians", "student_guardians", "enrolments"] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
    assert_eq!(audit_count(&app, "student.import").await, 0);
}

async fn upload(app: &TestApp, client: &Client, csv: &str) -> reqwest::Response {
    let token = app.csrf(client, "/students/import").await;
    let form = multipart::Form::new().text("csrf_token", token).part(
        "file",
        multipart::Part::bytes(csv.as_bytes().to_vec())
            .file_name("eleves.csv")
            .mime_str("text/csv")
            .unwrap(),
    );
    client
        .post(app.url("/students/import"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The confirmation form's action on a preview page.
fn confirm_action(html: &str) -> String {
    let start = html.find("/students/import/").and_then(|i| {
        html[i..]
            .find("/confirm")
            .map(|end| &html[i..i + end + "/confirm".len()])
    });
    start.expect("a confirm form").to_owned()
}

/// Confirms a preview and waits for the job; returns the job page's path and final HTML.
async fn confirm_and_wait(app: &TestApp, client: &Client, preview: &str) -> (String, String) {
    let action = confirm_action(preview);
    let r = app.submit(client, "/students/import", &action, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let job = location(&r);
    assert!(job.starts_with("/students/import/jobs/"), "{job}");
    for _ in 0..200 {
        let r = client.get(app.url(&job)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let refresh = r.headers().contains_key("refresh");
        let html = r.text().await.unwrap();
        if !html.contains("import-bar") {
            assert!(!refresh, "a finished job does not refresh");
            return (job, html);
        }
        assert!(refresh, "a running job refreshes itself without JavaScript");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import did not finish");
}

#[tokio::test]
async fn upload_preview_confirm_and_follow_the_import_through_the_pages() {
    let (app, _) = school_app().await;
    let admin = app.login("admin").await;
    let students = app.page(&admin, "/students").await;
    assert!(
        students.contains("href=\"/students/import\""),
        "link on the list"
    );
    let page = app.page(&admin, "/students/import").await;
    assert!(page.contains("/static/templates/eleves-modele.csv"));
    assert!(page.contains("enctype=\"multipart/form-data\""));

    let r = upload(&app, &admin, FILE).await;
    assert_eq!(r.status(), StatusCode::OK);
    let preview = r.text().await.unwrap();
    assert!(
        preview.contains("Aperçu de l’import de « eleves.csv »"),
        "{preview}"
    );
    assert!(preview.contains("2026-0001") && preview.contains("Créé"));
    assert_eq!(app.count("students").await, 0, "a preview writes nothing");
    assert_eq!(
        app.count("import_uploads").await,
        1,
        "the file waits for confirmation"
    );

    let (job, html) = confirm_and_wait(&app, &admin, &preview).await;
    assert!(html.contains("Import terminé"), "{html}");
    assert!(
        html.contains("Élèves : 3 créé(s), 0 modifié(s), 0 inchangé(s)."),
        "{html}"
    );
    assert!(html.contains("aria-live=\"polite\""));
    assert!(html.contains("href=\"/students\""));
    assert_eq!(app.count("students").await, 3);
    assert_eq!(app.count("import_uploads").await, 0, "the file is not kept");
    let status: String = sqlx::query_scalar("SELECT status FROM import_jobs")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "succeeded");

    // htmx polls the fragment; a finished job answers 286 so polling stops.
    let r = admin
        .get(app.url(&job))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 286);
    assert!(!r.text().await.unwrap().contains("<html"));

    // A confirmation runs once.
    let r = app
        .submit(&admin, "/students/import", &confirm_action(&preview), &[])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // The same file again: nothing to change.
    let r = upload(&app, &admin, FILE).await;
    let preview = r.text().await.unwrap();
    assert!(preview.contains("Ce fichier ne change rien"), "{preview}");
}

#[tokio::test]
async fn an_invalid_upload_shows_every_problem_and_keeps_nothing() {
    let (app, _) = school_app().await;
    let admin = app.login("admin").await;
    let bad = FILE
        .replace(";6e B;", ";6e Z;")
        .replace("14/03/2013", "14/03/13");
    let r = upload(&app, &admin, &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("role=\"alert\""));
    assert!(html.contains("<th scope=\"col\">Ligne</th>"));
    assert!(html.contains("date_naissance"), "{html}");
    assert!(!html.contains("/confirm"), "nothing to confirm");
    assert_eq!(app.count("import_uploads").await, 0);
    assert_eq!(app.count("students").await, 0);

    // The unknown class is only found by the database step, and reported the same way.
    let r = upload(&app, &admin, &FILE.replace(";6e B;", ";6e Z;")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("la classe « 6e Z » n’existe pas"), "{html}");

    // No file at all.
    let token = app.csrf(&admin, "/students/import").await;
    let form = multipart::Form::new().text("csrf_token", token);
    let r = admin
        .post(app.url("/students/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Choisissez un fichier CSV")
    );

    // A multipart form without its CSRF token is refused.
    let form = multipart::Form::new().part(
        "file",
        multipart::Part::bytes(FILE.as_bytes().to_vec()).file_name("eleves.csv"),
    );
    let r = admin
        .post(app.url("/students/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_export_imports_back_identically() {
    let (app, _) = school_app().await;
    assert!(cli_import(&app, FILE, &[]).0);
    let admin = app.login("admin").await;
    let r = admin
        .get(app.url("/students/export.csv"))
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
    let exported = r.text().await.unwrap();
    assert!(exported.starts_with("\u{FEFF}matricule;last_name;first_name;"));
    assert!(
        exported.contains("123456789AB"),
        "an admin may read national IDs"
    );
    assert!(exported.contains("sophie.martin@example.fr"));
    assert_eq!(audit_count(&app, "student.export").await, 1);

    let before = snapshot(&app).await;
    let (ok, out) = cli_import(&app, &exported, &[]);
    assert!(ok, "{out}");
    assert!(
        out.contains("students: 0 created, 0 updated, 3 unchanged"),
        "{out}"
    );
    assert_eq!(snapshot(&app).await, before);

    // The CLI export is the same file.
    let path = app.state.config.data_dir.join("export.csv");
    let (ok, out) = run(eschool(&app)
        .args(["export", "students", "--school", "TEST", "--output"])
        .arg(&path));
    assert!(ok, "{out}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), exported);
}

#[tokio::test]
async fn the_demo_school_exports_and_reimports_identically() {
    let app = TestApp::spawn().await;
    let (ok, out) = run(eschool(&app).args(["demo", "--students", "120"]));
    assert!(ok, "{out}");
    let path = app.state.config.data_dir.join("demo.csv");
    let export = |path: &std::path::Path| {
        run(eschool(&app)
            .args(["export", "students", "--school", "DEMO", "--output"])
            .arg(path))
    };
    let (ok, out) = export(&path);
    assert!(ok, "{out}");
    let first = std::fs::read_to_string(&path).unwrap();
    assert_eq!(first.lines().count(), 121);
    let before = snapshot(&app).await;
    let (ok, out) = run(eschool(&app)
        .args(["import", "students"])
        .arg(&path)
        .args(["--school", "DEMO"]));
    assert!(ok, "{out}");
    assert!(
        out.contains("students: 0 created, 0 updated, 120 unchanged"),
        "{out}"
    );
    assert!(out.contains("0 created, 0 updated"), "{out}");
    assert_eq!(
        snapshot(&app).await,
        before,
        "export → import changes nothing"
    );
    let again = app.state.config.data_dir.join("again.csv");
    assert!(export(&again).0);
    assert_eq!(
        std::fs::read_to_string(&again).unwrap(),
        first,
        "import → export is stable"
    );
}

#[tokio::test]
async fn only_the_schools_administrators_import_and_export() {
    let (app, school) = school_app().await;
    app.create_user(school, "prof", &[Role::Teacher]).await;
    app.create_user(school, "cpe", &[Role::VieScolaire]).await;
    for login in ["prof", "cpe"] {
        let client = app.login(login).await;
        for path in [
            "/students/import",
            "/students/export.csv",
            "/students/import/jobs/1",
        ] {
            let r = client.get(app.url(path)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{login} {path}");
        }
        let list = app.page(&client, "/students").await;
        assert!(
            !list.contains("/students/import"),
            "{login} sees no import link"
        );
    }

    // Another school's administrator cannot confirm this school's upload nor see its job.
    let admin = app.login("admin").await;
    let preview = upload(&app, &admin, FILE).await.text().await.unwrap();
    let other = app.create_school("AUTRE", "Autre école").await;
    app.create_user(other, "admin2", &[Role::SchoolAdmin]).await;
    let intruder = app.login("admin2").await;
    let r = app
        .submit(
            &intruder,
            "/students/import",
            &confirm_action(&preview),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("students").await, 0);
    let (job, _) = confirm_and_wait(&app, &admin, &preview).await;
    let r = intruder.get(app.url(&job)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let exported = intruder
        .get(app.url("/students/export.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !exported.contains("2026-0001"),
        "an export holds only the school's students"
    );
}

#[tokio::test]
async fn a_job_interrupted_by_a_stopped_server_shows_as_failed() {
    let (app, school) = school_app().await;
    let now = app.clock.now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO import_jobs (school_id, kind, status, total, created_at) \
         VALUES ($1, 'students', 'running', 5000, $2) RETURNING id",
    )
    .bind(school)
    .bind(now - 2 * 3600 * 1000)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    let admin = app.login("admin").await;
    let r = admin
        .get(app.url(&format!("/students/import/jobs/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(!r.headers().contains_key("refresh"));
    let html = r.text().await.unwrap();
    assert!(
        html.contains("L’import a échoué et rien n’a été importé."),
        "{html}"
    );
    assert!(!html.contains("import-bar"));
}
