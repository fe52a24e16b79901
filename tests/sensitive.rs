//! Encrypted student fields: nothing readable at rest, exact lookup through the blind index,
//! who may read what on a student's record (each read audited), damaged values shown as
//! errors, and key rotation through the real binary.

use std::{collections::BTreeMap, process::Command};

use eschool::{
    clock::{Clock, ManualClock},
    crypto::{self, Purpose},
    db::Backend,
    demo,
};
use reqwest::{Client, StatusCode};

use crate::helpers::{TestApp, backend, location, start_time};

const PASSWORD: &str = "demo-password";

async fn seeded(students: usize) -> TestApp {
    let app = TestApp::spawn().await;
    let options = demo::DemoOptions {
        students,
        seed: 7,
        password: PASSWORD.into(),
    };
    demo::seed(
        &app.state.db,
        &ManualClock::new(start_time()),
        &app.state.keyring,
        &options,
    )
    .await
    .unwrap();
    app
}

async fn login(app: &TestApp, username: &str) -> Client {
    app.login_with(username, PASSWORD).await
}

async fn user_id(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

async fn ids(app: &TestApp, sql: &str, bind: i64) -> Vec<i64> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(bind)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
}

/// A student's school and stored encrypted values.
async fn stored(app: &TestApp, id: i64) -> (i64, Option<String>, Option<String>) {
    sqlx::query_as("SELECT school_id, national_id_enc, medical_enc FROM students WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

/// The plaintexts of a student's encrypted fields, decrypted with the app's keyring.
async fn plain(app: &TestApp, id: i64) -> (Option<String>, Option<String>) {
    let (school, nid, med) = stored(app, id).await;
    let ring = &app.state.keyring;
    (
        nid.map(|v| {
            ring.decrypt(Purpose::NationalId, school, &v)
                .unwrap()
                .expose()
                .to_owned()
        }),
        med.map(|v| {
            ring.decrypt(Purpose::Medical, school, &v)
                .unwrap()
                .expose()
                .to_owned()
        }),
    )
}

/// A demo student with a medical note, one of the demo parent's children when possible.
async fn parents_child(app: &TestApp) -> i64 {
    let parent = user_id(app, "parent").await;
    ids(
        app,
        "SELECT sg.student_id FROM student_guardians sg JOIN guardians g ON g.id = sg.guardian_id \
         WHERE g.user_id = $1 ORDER BY sg.student_id",
        parent,
    )
    .await[0]
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

async fn reads(app: &TestApp) -> (i64, i64) {
    (
        audit_count(app, "student.read_national_id").await,
        audit_count(app, "student.read_medical").await,
    )
}

async fn get(app: &TestApp, client: &Client, path: &str) -> (StatusCode, String) {
    let r = client.get(app.url(path)).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

/// Gives a student a medical note, encrypted as the app does.
async fn set_medical(app: &TestApp, id: i64, note: &str) {
    let (school, _, _) = stored(app, id).await;
    let enc = app.state.keyring.encrypt(Purpose::Medical, school, note);
    sqlx::query("UPDATE students SET medical_enc = $1 WHERE id = $2")
        .bind(enc)
        .bind(id)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn no_national_id_or_medical_note_is_readable_in_the_database() {
    let app = seeded(40).await;
    let child = parents_child(&app).await;
    set_medical(&app, child, "Allergie rare au kiwi, trousse PAI-7731").await;
    // Reading the record writes audit rows: their details must not carry the values either.
    let admin = login(&app, "admin").await;
    assert_eq!(
        get(&app, &admin, &format!("/students/{child}")).await.0,
        StatusCode::OK
    );
    let mut secrets = Vec::new();
    for id in ids(&app, "SELECT id FROM students WHERE school_id = $1", 1).await {
        let (nid, med) = plain(&app, id).await;
        secrets.extend(nid);
        secrets.extend(med);
    }
    assert!(secrets.len() > 40, "every national ID and some notes");
    assert!(secrets.iter().any(|s| s.contains("kiwi")));
    match backend() {
        Backend::Sqlite => {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&app.state.db.pool)
                .await
                .unwrap();
            let db = app.state.config.data_dir.join("eschool.db");
            let mut bytes = std::fs::read(&db).unwrap();
            bytes.extend(std::fs::read(db.with_extension("db-wal")).unwrap_or_default());
            assert!(bytes.len() > 10_000, "read the real file");
            let text = String::from_utf8_lossy(&bytes);
            assert!(text.contains("2026-00001"), "the file holds the matricules");
            for secret in &secrets {
                assert!(!text.contains(secret.as_str()), "{secret} is in the file");
            }
        }
        Backend::Postgres => {
            for secret in &secrets {
                let n: i64 =
                    sqlx::query_scalar("SELECT count(*) FROM students s WHERE s::text LIKE $1")
                        .bind(format!("%{secret}%"))
                        .fetch_one(&app.state.db.pool)
                        .await
                        .unwrap();
                assert_eq!(n, 0, "{secret} is readable in students");
                let n: i64 =
                    sqlx::query_scalar("SELECT count(*) FROM audit_log a WHERE a::text LIKE $1")
                        .bind(format!("%{secret}%"))
                        .fetch_one(&app.state.db.pool)
                        .await
                        .unwrap();
                assert_eq!(n, 0, "{secret} is readable in audit_log");
            }
            let n: i64 =
                sqlx::query_scalar("SELECT count(*) FROM students s WHERE s::text LIKE $1")
                    .bind("%2026-00001%")
                    .fetch_one(&app.state.db.pool)
                    .await
                    .unwrap();
            assert_eq!(n, 1, "the query does see plain columns");
        }
    }
}

#[tokio::test]
async fn lookup_by_national_id_uses_the_blind_index_and_is_audited() {
    let app = seeded(30).await;
    let child = parents_child(&app).await;
    let nid = plain(&app, child).await.0.unwrap();
    assert_eq!(nid.len(), 11);
    let admin = login(&app, "admin").await;
    let digits = &nid[..10];
    let letter = &nid[10..];
    let variants = [
        nid.clone(),
        nid.to_lowercase(),
        format!(
            " {} {} {}-{} ",
            &digits[..4],
            &digits[4..7],
            &digits[7..],
            letter.to_lowercase()
        ),
        format!("{}-{}-{}", &digits[..3], &digits[3..], letter),
    ];
    for variant in &variants {
        let r = app
            .submit(
                &admin,
                "/students",
                "/students/lookup",
                &[("national_id", variant)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{variant:?}");
        assert_eq!(location(&r), format!("/students/{child}"), "{variant:?}");
    }
    let r = app
        .submit(
            &admin,
            "/students/lookup",
            "/students/lookup",
            &[("national_id", "9999999999Z")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Aucun élève"));
    assert_eq!(
        audit_count(&app, "student.lookup_national_id").await,
        variants.len() as i64 + 1
    );
    let details: Vec<String> = sqlx::query_scalar(
        "SELECT details FROM audit_log WHERE action = 'student.lookup_national_id'",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    for d in &details {
        assert!(!d.contains(&nid) && !d.contains("9999999999"), "{d}");
        assert!(d.contains("blind_index"), "{d}");
    }
    // Only those allowed may search; the lookup form is not offered to others.
    let teacher = login(&app, "teacher").await;
    let r = app
        .submit(
            &teacher,
            "/students",
            "/students/lookup",
            &[("national_id", &nid)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (_, html) = get(&app, &teacher, "/students").await;
    assert!(!html.contains("/students/lookup"));
    let cpe = login(&app, "cpe").await;
    let r = app
        .submit(
            &cpe,
            "/students/lookup",
            "/students/lookup",
            &[("national_id", &nid)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn each_role_sees_what_the_table_grants_on_a_student_record() {
    let app = seeded(60).await;
    let child = parents_child(&app).await;
    let note = "Asthme sévère, inhalateur dans le cartable (test)";
    set_medical(&app, child, note).await;
    let (nid, _) = plain(&app, child).await;
    let nid = nid.unwrap();
    let path = format!("/students/{child}");

    for who in ["admin", "cpe"] {
        let before = reads(&app).await;
        let client = login(&app, who).await;
        let (status, html) = get(&app, &client, &path).await;
        assert_eq!(status, StatusCode::OK, "{who}");
        assert!(html.contains(&nid), "{who} sees the national ID");
        assert!(html.contains(note), "{who} sees the medical note");
        assert!(html.contains("Responsables"), "{who} sees the guardians");
        let after = reads(&app).await;
        assert_eq!(
            (after.0 - before.0, after.1 - before.1),
            (1, 1),
            "{who}: each read is audited"
        );
    }
    let row: (Option<i64>, String, Option<String>) = sqlx::query_as(
        "SELECT user_id, resource_type, resource_id FROM audit_log \
         WHERE action = 'student.read_medical' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(row.0, Some(user_id(&app, "cpe").await));
    assert_eq!(
        (row.1.as_str(), row.2),
        ("student", Some(child.to_string()))
    );

    // The bursar sees the record, neither sensitive field, and nothing is decrypted.
    let before = reads(&app).await;
    let bursar = login(&app, "bursar").await;
    let (status, html) = get(&app, &bursar, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(&nid) && !html.contains(note));
    assert!(!html.contains("Informations médicales") && !html.contains("INE"));
    assert_eq!(reads(&app).await, before);

    // The parent sees their child's national ID, not the medical note.
    let parent = login(&app, "parent").await;
    let (status, html) = get(&app, &parent, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&nid) && !html.contains(note));
    let after = reads(&app).await;
    assert_eq!((after.0 - before.0, after.1 - before.1), (1, 0));
    // ... and not another child.
    let parent_id = user_id(&app, "parent").await;
    let other_child = ids(
        &app,
        "SELECT id FROM students WHERE id NOT IN (SELECT sg.student_id FROM student_guardians sg \
         JOIN guardians g ON g.id = sg.guardian_id WHERE g.user_id = $1) ORDER BY id",
        parent_id,
    )
    .await[0];
    let denied = audit_count(&app, "permission_denied").await;
    let (status, html) = get(&app, &parent, &format!("/students/{other_child}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!html.contains("Responsables"));
    assert_eq!(audit_count(&app, "permission_denied").await, denied + 1);

    // A teacher: their own class's students yes (no sensitive field), a class they neither
    // lead nor teach no.
    let teacher_id = user_id(&app, "teacher").await;
    let own = ids(
        &app,
        "SELECT s.id FROM students s JOIN classes c ON c.id = s.class_id \
         WHERE c.main_teacher_id = $1 ORDER BY s.id",
        teacher_id,
    )
    .await;
    let others = ids(
        &app,
        "SELECT s.id FROM students s JOIN classes c ON c.id = s.class_id \
         WHERE (c.main_teacher_id IS NULL OR c.main_teacher_id <> $1) AND NOT EXISTS \
         (SELECT 1 FROM teaching_assignments ta WHERE ta.class_id = c.id AND ta.teacher_id = $1) \
         ORDER BY s.id",
        teacher_id,
    )
    .await;
    let teacher = login(&app, "teacher").await;
    let (status, html) = get(&app, &teacher, &format!("/students/{}", own[0])).await;
    assert_eq!(status, StatusCode::OK);
    let (own_nid, _) = plain(&app, own[0]).await;
    assert!(!html.contains(&own_nid.unwrap()));
    assert!(!html.contains("Informations médicales"));
    let (status, _) = get(&app, &teacher, &format!("/students/{}", others[0])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Their list shows their class only.
    let (_, html) = get(&app, &teacher, "/students").await;
    assert!(html.contains(&format!("/students/{}\"", own[0])));
    assert!(!html.contains(&format!("/students/{}\"", others[0])));

    // The student: themself only.
    let student_id = user_id(&app, "student").await;
    let me = ids(
        &app,
        "SELECT id FROM students WHERE user_id = $1",
        student_id,
    )
    .await[0];
    let student = login(&app, "student").await;
    assert_eq!(
        get(&app, &student, &format!("/students/{me}")).await.0,
        StatusCode::OK
    );
    let someone_else = if me == child { other_child } else { child };
    assert_eq!(
        get(&app, &student, &format!("/students/{someone_else}"))
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    // Another school's student does not exist here, even for its admin's peers; nor do
    // unknown or malformed ids.
    let other_school = app.create_school("AUTRE", "Autre école").await;
    let stranger: i64 = sqlx::query_scalar(
        "INSERT INTO students (school_id, matricule, first_name, last_name, created_at) \
         VALUES ($1, 'X-1', 'Awa', 'Diallo', 0) RETURNING id",
    )
    .bind(other_school)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    let admin = login(&app, "admin").await;
    for path in [
        format!("/students/{stranger}"),
        "/students/999999".to_owned(),
        "/students/abc".to_owned(),
    ] {
        let (status, html) = get(&app, &admin, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!html.contains("Diallo"));
    }
}

#[tokio::test]
async fn a_damaged_ciphertext_shows_an_error_never_garbage() {
    let app = seeded(30).await;
    let child = parents_child(&app).await;
    set_medical(&app, child, "Note médicale d’origine").await;
    let (nid, _) = plain(&app, child).await;
    // Flip a character of the ciphertext with SQL; move the national ID to the wrong column.
    sqlx::query(
        "UPDATE students SET \
           medical_enc = substr(national_id_enc, 1, length(national_id_enc) - 2) || \
             CASE WHEN substr(national_id_enc, length(national_id_enc) - 1, 1) = 'A' THEN 'B' ELSE 'A' END || \
             substr(national_id_enc, length(national_id_enc), 1) \
         WHERE id = $1",
    )
    .bind(child)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE students SET national_id_enc = 'v1.k-unknown.AAAAAAAAAAAAAAAA.AAAA' WHERE id = $1",
    )
    .bind(child)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    let admin = login(&app, "admin").await;
    let (status, html) = get(&app, &admin, &format!("/students/{child}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("illisible").count(), 2, "{html}");
    assert!(!html.contains(&nid.unwrap()));
    assert!(!html.contains("Note médicale"));
    let details: Vec<String> = sqlx::query_scalar(
        "SELECT details FROM audit_log WHERE action IN ('student.read_national_id', 'student.read_medical')",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(details.len(), 2);
    assert!(details.iter().all(|d| d.contains("\"readable\":false")));
}

#[tokio::test]
async fn students_list_searches_filters_and_pages() {
    let app = seeded(120).await;
    let admin = login(&app, "admin").await;
    let (status, html) = get(&app, &admin, "/students").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("120 élèves"));
    assert!(html.contains("href=\"/students\""), "in the navigation");
    assert!(html.contains("Page 1 sur 3"));
    let (_, html) = get(&app, &admin, "/students?page=99").await;
    assert!(
        html.contains("Page 3 sur 3"),
        "a page past the end shows the last"
    );
    let (name, class_id): (String, i64) =
        sqlx::query_as("SELECT last_name, class_id FROM students ORDER BY id LIMIT 1")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    let (_, html) = get(
        &app,
        &admin,
        &format!("/students?q={}", name.to_lowercase()),
    )
    .await;
    assert!(html.contains(&name));
    assert!(!html.contains("120 élèves"));
    let in_class = ids(
        &app,
        "SELECT COUNT(*) FROM students WHERE class_id = $1",
        class_id,
    )
    .await[0];
    let (_, html) = get(&app, &admin, &format!("/students?class={class_id}")).await;
    assert!(html.contains(&format!("{in_class} élèves")), "{in_class}");
    // The bursar has the list, without the lookup; the teacher has no menu entry.
    let bursar = login(&app, "bursar").await;
    let (status, html) = get(&app, &bursar, "/students").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("/students/lookup"));
    let teacher = login(&app, "teacher").await;
    let (status, html) = get(&app, &teacher, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("href=\"/students\""));
    // The parent's home links their children's records.
    let parent = login(&app, "parent").await;
    let (_, html) = get(&app, &parent, "/").await;
    let child = parents_child(&app).await;
    assert!(html.contains(&format!("href=\"/students/{child}\"")));
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

#[tokio::test]
async fn rotate_key_reencrypts_everything_in_resumable_batches() {
    let app = seeded(30).await;
    let old = app.state.keyring.active_key_id().to_owned();
    let mut before = BTreeMap::new();
    let all = ids(&app, "SELECT id FROM students WHERE school_id >= $1", 0).await;
    for id in &all {
        before.insert(*id, plain(&app, *id).await);
    }

    // A limited run: two batches of 7, then it stops and says what is left.
    let (ok, out) = run(eschool(&app).args([
        "rotate-key",
        "--new-key",
        "--batch-size",
        "7",
        "--max-batches",
        "2",
    ]));
    assert!(ok, "{out}");
    assert!(out.contains("added key"), "{out}");
    assert!(
        out.contains("batch 2:") && !out.contains("batch 3:"),
        "{out}"
    );
    assert!(out.contains("16 students still have values"), "{out}");
    let ring = crypto::load_keyring(&app.state.config, app.clock.now()).unwrap();
    let new = ring.active_key_id().to_owned();
    assert_ne!(new, old);
    let under_new = |prefix: String| {
        let app = &app;
        async move {
            let values: Vec<(Option<String>, Option<String>)> =
                sqlx::query_as("SELECT national_id_enc, medical_enc FROM students")
                    .fetch_all(&app.state.db.pool)
                    .await
                    .unwrap();
            values
                .into_iter()
                .filter(|(n, m)| [n, m].into_iter().flatten().all(|v| v.starts_with(&prefix)))
                .count()
        }
    };
    assert_eq!(under_new(format!("v1.{new}.")).await, 14);

    // A row changed since it was read is not overwritten (compare-and-swap).
    let rows = eschool::academics::repo::encrypted_not_under(
        &app.state.db.pool,
        &format!("v1.{new}."),
        0,
        1,
    )
    .await
    .unwrap();
    let mut stale = rows[0].clone();
    stale.national_id_enc = Some("v1.x.stale".into());
    let swapped =
        eschool::academics::repo::swap_encrypted(&app.state.db.pool, &stale, Some("new"), None)
            .await
            .unwrap();
    assert!(!swapped);
    assert_eq!(stored(&app, rows[0].id).await.1, rows[0].national_id_enc);

    // The rest, then nothing left.
    let (ok, out) = run(eschool(&app).args(["rotate-key", "--batch-size", "7"]));
    assert!(ok, "{out}");
    assert!(out.contains("nothing left"), "{out}");
    assert_eq!(under_new(format!("v1.{new}.")).await, 30);
    let (ok, out) = run(eschool(&app).arg("rotate-key"));
    assert!(ok, "{out}");
    assert!(
        out.contains(&format!(
            "nothing left to re-encrypt: every value is under key {new}"
        )),
        "{out}"
    );

    // Every value still decrypts to what it was, with the key file as now written.
    for (id, (nid, med)) in &before {
        let (school, enc_nid, enc_med) = stored(&app, *id).await;
        let got = |purpose, v: Option<String>| {
            v.map(|v| {
                ring.decrypt(purpose, school, &v)
                    .unwrap()
                    .expose()
                    .to_owned()
            })
        };
        assert_eq!(&got(Purpose::NationalId, enc_nid), nid);
        assert_eq!(&got(Purpose::Medical, enc_med), med);
    }
    // Lookups keep working: the blind index does not depend on the encryption key.
    let admin = login(&app, "admin").await;
    let (id, (nid, _)) = before.iter().next().unwrap();
    let r = app
        .submit(
            &admin,
            "/students",
            "/students/lookup",
            &[("national_id", nid.as_deref().unwrap())],
        )
        .await;
    assert_eq!(location(&r), format!("/students/{id}"));
}

#[tokio::test]
async fn rotate_key_refuses_to_add_a_key_to_the_environment() {
    let app = TestApp::spawn().await;
    let key = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";
    let (ok, out) = run(eschool(&app)
        .args(["rotate-key", "--new-key"])
        .env("ESCHOOL_ENCRYPTION_KEYS", format!("env1:{key}"))
        .env("ESCHOOL_BLIND_INDEX_KEY", key));
    assert!(!ok, "{out}");
    assert!(
        out.contains("ESCHOOL_ENCRYPTION_KEYS") && out.contains("ESCHOOL_ENCRYPTION_ACTIVE_KEY"),
        "{out}"
    );
}
