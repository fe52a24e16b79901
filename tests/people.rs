//! People management: students (create, edit, photo, enrolment history), guardians (links,
//! invitations), a parent's own contact details, the staff list, and their API; with the
//! refusals a user would meet (other roles, other schools) and the audit rows written.

use eschool::{
    accounts::model::Role,
    crypto::{Purpose, normalise_national_id},
};
use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, location};

/// A school year (current), two classes of it, a class of last year, a subject, and a
/// teacher who teaches maths in 6e A.
struct Structure {
    school: i64,
    class_a: i64,
    class_b: i64,
    old_class: i64,
}

async fn exec(app: &TestApp, sql: &str, binds: &[i64]) -> i64 {
    let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_owned()));
    for b in binds {
        q = q.bind(*b);
    }
    q.fetch_one(&app.state.db.pool).await.unwrap()
}

async fn structure(app: &TestApp) -> Structure {
    let school = app.school_id("TEST").await;
    let year = exec(app, "INSERT INTO academic_years (school_id, name, starts_on, ends_on, is_current) VALUES ($1, '2026-2027', '2026-09-01', '2027-07-04', 1) RETURNING id", &[school]).await;
    let old = exec(app, "INSERT INTO academic_years (school_id, name, starts_on, ends_on, is_current) VALUES ($1, '2025-2026', '2025-09-01', '2026-07-04', 0) RETURNING id", &[school]).await;
    let level = exec(
        app,
        "INSERT INTO levels (school_id, name, position) VALUES ($1, '6e', 1) RETURNING id",
        &[school],
    )
    .await;
    let class = |name: &'static str, year: i64| {
        let sql = format!(
            "INSERT INTO classes (school_id, year_id, level_id, name) VALUES ($1, $2, $3, '{name}') RETURNING id"
        );
        async move { exec(app, &sql, &[school, year, level]).await }
    };
    let class_a = class("6e A", year).await;
    let class_b = class("6e B", year).await;
    let old_class = class("CM2 A", old).await;
    let teacher = app.create_user(school, "prof", &[Role::Teacher]).await;
    let subject = exec(app, "INSERT INTO subjects (school_id, code, name, color) VALUES ($1, 'MATH', 'Mathématiques', '#0000ff') RETURNING id", &[school]).await;
    exec(app, "INSERT INTO teaching_assignments (school_id, teacher_id, class_id, subject_id, created_at) VALUES ($1, $2, $3, $4, 0) RETURNING id", &[school, teacher, class_a, subject]).await;
    app.create_user(school, "vie", &[Role::VieScolaire]).await;
    app.create_user(school, "compta", &[Role::Bursar]).await;
    Structure {
        school,
        class_a,
        class_b,
        old_class,
    }
}

fn student_fields<'a>(matricule: &'a str, class: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("last_name", "Diop"),
        ("first_name", "Awa"),
        ("matricule", matricule),
        ("birth_date", "2014-03-14"),
        ("birth_place", "Thiès"),
        ("sex", "F"),
        ("status", "enrolled"),
        ("class_id", class),
        ("national_id", "SN-123 456"),
        ("medical", "Asthme : ventoline en cas de crise."),
    ]
}

async fn create_student(app: &TestApp, admin: &Client, matricule: &str, class: i64) -> i64 {
    let class = class.to_string();
    let r = app
        .submit(
            admin,
            "/students/new",
            "/students/new",
            &student_fields(matricule, &class),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "create {matricule}");
    location(&r)
        .trim_start_matches("/students/")
        .parse()
        .unwrap()
}

async fn audit_count(app: &TestApp, action: &str, resource_type: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND resource_type = $2")
        .bind(action)
        .bind(resource_type)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

async fn scalar_text(app: &TestApp, sql: &str, id: i64) -> Option<String> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

async fn scalar_int(app: &TestApp, sql: &str, id: i64) -> Option<i64> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_student_is_created_with_field_errors_then_edited() {
    let app = TestApp::with_school().await;
    let s = structure(&app).await;
    let admin = app.login("admin").await;

    // Every bad field is named, and nothing is written.
    let bad = [
        ("last_name", ""),
        ("first_name", "Awa"),
        ("matricule", "M-1"),
        ("birth_date", "31/02/2014"),
        ("sex", "X"),
    ];
    let r = app
        .submit(&admin, "/students/new", "/students/new", &bad)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Ce champ est obligatoire."), "{html}");
    assert!(html.contains("Cette date n’existe pas."));
    assert!(html.contains("Choose a value from the list.") || html.contains("Choisissez"));
    assert!(
        html.contains(r#"value="M-1""#),
        "the form keeps what was typed"
    );
    assert_eq!(app.count("students").await, 0);

    let id = create_student(&app, &admin, "M-1", s.class_a).await;
    // Sensitive fields are encrypted at rest, with the blind index the lookup uses.
    let stored = scalar_text(
        &app,
        "SELECT national_id_enc FROM students WHERE id = $1",
        id,
    )
    .await
    .unwrap();
    assert!(!stored.contains("123"));
    let bidx = scalar_text(
        &app,
        "SELECT national_id_bidx FROM students WHERE id = $1",
        id,
    )
    .await
    .unwrap();
    let expected = app.state.keyring.blind_index(
        Purpose::NationalId,
        s.school,
        &normalise_national_id("sn123456"),
    );
    assert_eq!(bidx, expected);
    // The national-ID lookup finds the student, however the ID is typed.
    let r = app
        .submit(
            &admin,
            "/students/lookup",
            "/students/lookup",
            &[("national_id", "sn.123-456")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/students/{id}"));
    let page = app.page(&admin, &format!("/students/{id}")).await;
    assert!(page.contains("Thiès") && page.contains("SN-123 456") && page.contains("Asthme"));
    assert!(page.contains("6e A"));

    // A duplicate matricule is a clear field error.
    let class = s.class_a.to_string();
    let r = app
        .submit(
            &admin,
            "/students/new",
            "/students/new",
            &student_fields("M-1", &class),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Ce matricule est déjà attribué")
    );
    assert_eq!(app.count("students").await, 1);

    // Edit: the form shows the decrypted values (an audited read), saves the changes.
    let reads_before = audit_count(&app, "student.read_national_id", "student").await;
    let edit = app.page(&admin, &format!("/students/{id}/edit")).await;
    assert!(edit.contains(r#"value="SN-123 456""#));
    assert!(audit_count(&app, "student.read_national_id", "student").await > reads_before);
    let mut fields = student_fields("M-1", "");
    fields.retain(|(k, _)| *k != "class_id");
    for f in &mut fields {
        match f.0 {
            "birth_place" => f.1 = "Dakar",
            "national_id" => f.1 = "",
            _ => {}
        }
    }
    let path = format!("/students/{id}/edit");
    let r = app.submit(&admin, &path, &path, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        scalar_text(&app, "SELECT birth_place FROM students WHERE id = $1", id)
            .await
            .as_deref(),
        Some("Dakar")
    );
    assert_eq!(
        scalar_text(
            &app,
            "SELECT national_id_bidx FROM students WHERE id = $1",
            id
        )
        .await,
        None,
        "an emptied national ID is cleared with its index"
    );
    assert_eq!(audit_count(&app, "record.create", "student").await, 1);
    assert_eq!(audit_count(&app, "record.update", "student").await, 1);
    let details: String = sqlx::query_scalar(
        "SELECT details FROM audit_log WHERE action = 'record.update' AND resource_type = 'student'",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert!(details.contains("Dakar") && details.contains("national_id"));
    assert!(
        !details.contains("SN-123"),
        "no sensitive value in the audit trail"
    );

    // Saving again unchanged records nothing.
    let r = app.submit(&admin, &path, &path, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(audit_count(&app, "record.update", "student").await, 1);
}

#[tokio::test]
async fn enrolment_moves_and_status_changes_keep_the_history() {
    let app = TestApp::with_school().await;
    let s = structure(&app).await;
    let admin = app.login("admin").await;
    let id = create_student(&app, &admin, "M-2", s.class_a).await;
    let class_of = "SELECT class_id FROM students WHERE id = $1";
    assert_eq!(scalar_int(&app, class_of, id).await, Some(s.class_a));
    assert_eq!(app.count("enrolments").await, 1);

    let path = format!("/students/{id}/enrolment");
    // A class of another year, a date outside the year, the same class: refused.
    for (class, date, message) in [
        (
            s.old_class,
            "2026-12-01",
            "n’appartient pas à l’année scolaire en cours",
        ),
        (
            s.class_b,
            "2027-09-01",
            "n’est pas comprise dans l’année scolaire",
        ),
        (s.class_a, "2026-12-01", "déjà inscrit dans cette classe"),
    ] {
        let class = class.to_string();
        let r = app
            .submit(
                &admin,
                &path,
                &path,
                &[("class_id", &class), ("starts_on", date)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(r.text().await.unwrap().contains(message), "{message}");
    }
    assert_eq!(app.count("enrolments").await, 1);

    // Moving mid-year closes the open enrolment and opens another, in one go.
    let class_b = s.class_b.to_string();
    let r = app
        .submit(
            &admin,
            &path,
            &path,
            &[("class_id", &class_b), ("starts_on", "2027-01-05")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(scalar_int(&app, class_of, id).await, Some(s.class_b));
    let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT class_id, starts_on, ends_on FROM enrolments WHERE student_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(
        rows,
        vec![
            (
                s.class_a,
                "2026-11-25".to_owned(),
                Some("2027-01-05".to_owned())
            ),
            (s.class_b, "2027-01-05".to_owned(), None),
        ]
    );
    let page = app.page(&admin, &format!("/students/{id}")).await;
    assert!(page.contains("Historique des inscriptions"));
    assert!(page.contains("05/01/2027") && page.contains("en cours"));

    // Leaving closes the open enrolment and empties the class.
    let mut fields = student_fields("M-2", "");
    fields.retain(|(k, _)| *k != "class_id");
    for f in &mut fields {
        if f.0 == "status" {
            f.1 = "left";
        }
    }
    let edit = format!("/students/{id}/edit");
    let r = app.submit(&admin, &edit, &edit, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(scalar_int(&app, class_of, id).await, None);
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM enrolments WHERE ends_on IS NULL")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(open, 0);
    // A student who left cannot be placed in a class.
    let r = app
        .submit(
            &admin,
            &path,
            &path,
            &[("class_id", &class_b), ("starts_on", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(audit_count(&app, "record.create", "enrolment").await, 2);
    // The list filters on status.
    assert!(
        app.page(&admin, "/students?status=left")
            .await
            .contains("M-2")
    );
    assert!(
        !app.page(&admin, "/students?status=enrolled")
            .await
            .contains("M-2")
    );
}

async fn create_guardian(app: &TestApp, admin: &Client, email: &str) -> i64 {
    let r = app
        .submit(
            admin,
            "/guardians/new",
            "/guardians/new",
            &[
                ("last_name", "Diop"),
                ("first_name", "Fatou"),
                ("phone", "+221 77 123 45 67"),
                ("phone_alt", ""),
                ("email", email),
                ("address", "12, rue Carnot, Dakar"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "create guardian {email}");
    location(&r)
        .trim_start_matches("/guardians/")
        .parse()
        .unwrap()
}

#[tokio::test]
async fn guardians_are_created_linked_and_unlinked() {
    let app = TestApp::with_school().await;
    let s = structure(&app).await;
    let admin = app.login("admin").await;
    let student = create_student(&app, &admin, "M-3", s.class_a).await;
    let sister = create_student(&app, &admin, "M-4", s.class_b).await;
    let g = create_guardian(&app, &admin, "Fatou.Diop@Example.SN").await;
    assert_eq!(
        scalar_text(&app, "SELECT email FROM guardians WHERE id = $1", g)
            .await
            .as_deref(),
        Some("fatou.diop@example.sn"),
        "e-mails are stored lower-case"
    );
    // The same e-mail (any case) is taken; a bad phone is named.
    let r = app
        .submit(
            &admin,
            "/guardians/new",
            "/guardians/new",
            &[
                ("last_name", "Sow"),
                ("first_name", "Ali"),
                ("phone", "abc"),
                ("email", "FATOU.DIOP@example.sn"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Numéro de téléphone invalide")
    );
    let r = app
        .submit(
            &admin,
            "/guardians/new",
            "/guardians/new",
            &[
                ("last_name", "Sow"),
                ("first_name", "Ali"),
                ("email", "FATOU.DIOP@example.sn"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("déjà celle d’un autre responsable")
    );
    assert_eq!(app.count("guardians").await, 1);

    // Link to two children; an unknown matricule is refused.
    let links = format!("/guardians/{g}/links");
    let from = format!("/guardians/{g}");
    let r = app
        .submit(
            &admin,
            &from,
            &links,
            &[("matricule", "NOPE"), ("relationship", "mother")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Aucun élève de l’établissement n’a ce matricule")
    );
    for m in ["M-3", "M-4"] {
        let r = app
            .submit(
                &admin,
                &from,
                &links,
                &[
                    ("matricule", m),
                    ("relationship", "mère"),
                    ("legal_guardian", "on"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let notices: i64 =
        sqlx::query_scalar("SELECT receives_notices FROM student_guardians WHERE student_id = $1")
            .bind(student)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(notices, 0, "an unticked box is false");
    let page = app.page(&admin, &from).await;
    assert!(page.contains("M-3") && page.contains("M-4") && page.contains("Mère"));
    let record = app.page(&admin, &format!("/students/{student}")).await;
    assert!(record.contains(&format!("/guardians/{g}")) && record.contains("Fatou"));
    // The list finds them by phone.
    let list = app.page(&admin, "/guardians?q=45%2067").await;
    assert!(list.contains("Diop Fatou"));

    let unlink = format!("/guardians/{g}/links/{sister}/delete");
    let r = app.submit(&admin, &from, &unlink, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("student_guardians").await, 1);
    assert_eq!(audit_count(&app, "record.update", "guardian").await, 3);
}

/// The invitation link shown once on the guardian's page.
async fn invitation_path(app: &TestApp, admin: &Client, g: i64) -> String {
    let from = format!("/guardians/{g}");
    let r = app
        .submit(admin, &from, &format!("/guardians/{g}/invitation"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let start = html.find("/invitations/").expect("invitation link shown");
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_owned()
}

#[tokio::test]
async fn an_invitation_creates_a_parent_account_once_and_expires() {
    let app = TestApp::with_school().await;
    let s = structure(&app).await;
    let admin = app.login("admin").await;
    let student = create_student(&app, &admin, "M-5", s.class_a).await;
    let g = create_guardian(&app, &admin, "parent@example.sn").await;
    app.submit(
        &admin,
        &format!("/guardians/{g}"),
        &format!("/guardians/{g}/links"),
        &[
            ("matricule", "M-5"),
            ("relationship", "mother"),
            ("legal_guardian", "on"),
            ("receives_notices", "on"),
        ],
    )
    .await;
    let path = invitation_path(&app, &admin, g).await;
    let token = path.trim_start_matches("/invitations/");
    let stored: String = sqlx::query_scalar("SELECT token_hash FROM guardian_invitations")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_ne!(stored, token, "only the hash is stored");
    assert_eq!(audit_count(&app, "guardian.invite", "guardian").await, 1);

    let visitor = app.client();
    let page = app.page(&visitor, &path).await;
    assert!(page.contains("Fatou Diop"), "{page}");
    let r = app
        .submit(
            &visitor,
            &path,
            &path,
            &[
                ("username", "fatou"),
                ("password", "court"),
                ("confirm", "court"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Le mot de passe est trop court.")
    );
    let r = app
        .submit(
            &visitor,
            &path,
            &path,
            &[
                ("username", "fatou"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("fatou"));
    let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'fatou'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(
        scalar_int(&app, "SELECT user_id FROM guardians WHERE id = $1", g).await,
        Some(user)
    );
    let role: String = sqlx::query_scalar("SELECT role FROM memberships WHERE user_id = $1")
        .bind(user)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(role, "parent");
    assert_eq!(
        audit_count(&app, "guardian.invitation_accept", "guardian").await,
        1
    );

    // The parent signs in and sees their child.
    let parent = app.login("fatou").await;
    let home = app.page(&parent, "/").await;
    assert!(home.contains("Awa"), "{home}");
    let r = parent
        .get(app.url(&format!("/students/{student}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // The link works once.
    let r = app.client().get(app.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::GONE);
    assert!(r.text().await.unwrap().contains("déjà servi"));
    let r = app
        .submit(
            &app.client(),
            "/login",
            &path,
            &[
                ("username", "autre"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::GONE);
    assert_eq!(app.count("users").await, 5);
    // An account holder cannot be invited again.
    let r = app
        .submit(
            &admin,
            &format!("/guardians/{g}"),
            &format!("/guardians/{g}/invitation"),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    // Another guardian's link expires after 7 days; unknown tokens are 404.
    let other = create_guardian(&app, &admin, "autre@example.sn").await;
    let path = invitation_path(&app, &admin, other).await;
    app.clock
        .advance(std::time::Duration::from_secs(7 * 24 * 3600 + 1));
    let r = app.client().get(app.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::GONE);
    assert!(r.text().await.unwrap().contains("a expiré"));
    let r = app
        .client()
        .get(app.url("/invitations/not-a-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.text().await.unwrap().contains("n’est pas valable"));
}

#[tokio::test]
async fn a_parent_corrects_their_own_contact_details() {
    let app = TestApp::with_school().await;
    let s = structure(&app).await;
    let parent_id = app.create_user(s.school, "parent", &[Role::Parent]).await;
    let admin = app.login("admin").await;
    let g = create_guardian(&app, &admin, "p@example.sn").await;
    sqlx::query("UPDATE guardians SET user_id = $1 WHERE id = $2")
        .bind(parent_id)
        .bind(g)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let other = create_guardian(&app, &admin, "taken@example.sn").await;
    assert!(other > g);

    let parent = app.login("parent").await;
    let page = app.page(&parent, "/account/contact").await;
    assert!(page.contains("+221 77 123 45 67"));
    let fields = [
        ("phone", "77 000 00 00"),
        ("phone_alt", "nope"),
        ("email", "taken@example.sn"),
    ];
    let r = app
        .submit(&parent, "/account/contact", "/account/contact", &fields)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Numéro de téléphone invalide")
    );
    let fields = [
        ("phone", "77 000 00 00"),
        ("phone_alt", ""),
        ("email", "taken@example.sn"),
    ];
    let r = app
        .submit(&parent, "/account/contact", "/account/contact", &fields)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("déjà celle d’un autre responsable")
    );
    let fields = [
        ("phone", "77 000 00 00"),
        ("phone_alt", "33 800 00 00"),
        ("email", "New@Example.sn"),
    ];
    let r = app
        .submit(&parent, "/account/contact", "/account/contact", &fields)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let row: (Option<String>, Option<String>, Option<String>) =
        sqlx::query_as("SELECT phone, phone_alt, email FROM guardians WHERE id = $1")
            .bind(g)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(
        row,
        (
            Some("77 000 00 00".into()),
            Some("33 800 00 00".into()),
            Some("new@example.sn".into())
        )
    );
    assert_eq!(audit_count(&app, "contact.update", "guardian").await, 1);
    // Staff have no contact page of their own.
    let teacher = app.login("prof").await;
    let r = teacher
        .get(app.url("/account/contact"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn roles_and_schools_are_enforced() {
    let app = TestApp::with_school().await;
    let s = structure(&app).await;
    let admin = app.login("admin").await;
    let taught = create_student(&app, &admin, "M-6", s.class_a).await;
    let not_taught = create_student(&app, &admin, "M-7", s.class_b).await;

    // Another school's student and guardian do not exist here.
    let other_school = app.create_school("AUTRE", "Autre lycée").await;
    app.create_user(other_school, "admin2", &[Role::SchoolAdmin])
        .await;
    let admin2 = app.login("admin2").await;
    for path in [
        format!("/students/{taught}"),
        format!("/students/{taught}/edit"),
        format!("/students/{taught}/photo"),
        format!("/students/{taught}/enrolment"),
    ] {
        let r = admin2.get(app.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }

    // A teacher sees the students of the class they teach, without medical notes, and
    // manages nothing.
    let teacher = app.login("prof").await;
    let page = app.page(&teacher, &format!("/students/{taught}")).await;
    assert!(page.contains("Awa") && !page.contains("Asthme"), "{page}");
    let r = teacher
        .get(app.url(&format!("/students/{not_taught}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    for path in ["/students/new", "/guardians/new"] {
        let r = teacher.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let r = app
        .submit(
            &teacher,
            "/",
            &format!("/students/{taught}/edit"),
            &[("last_name", "X")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The staff page shows what the teacher teaches.
    let staff = app.page(&teacher, "/staff").await;
    assert!(staff.contains("6e A · Mathématiques"), "{staff}");
    assert!(staff.contains("Compta Testeur") && staff.contains("Vie Testeur"));
    // A bursar sees students but does not manage them; a parent sees no staff.
    let bursar = app.login("compta").await;
    let r = bursar.get(app.url("/students/new")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    app.create_user(s.school, "parent", &[Role::Parent]).await;
    let parent = app.login("parent").await;
    let r = parent.get(app.url("/staff")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Vie scolaire manages students.
    let vie = app.login("vie").await;
    let r = vie.get(app.url("/students/new")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let denied: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'permission_denied'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert!(denied >= 6, "{denied}");
}

fn png(len: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.resize(len, 0);
    bytes
}

async fn upload(
    app: &TestApp,
    client: &Client,
    id: i64,
    bytes: Vec<u8>,
    name: &str,
) -> reqwest::Response {
    let path = format!("/students/{id}/photo/upload");
    let csrf = app.csrf(client, &path).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf)
        .part(
            "photo",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    client
        .post(app.url(&path))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn photos_are_checked_and_served_with_the_record_rule() {
    let app = TestApp::with_school().await;
    let s = structure(&app).await;
    let admin = app.login("admin").await;
    let id = create_student(&app, &admin, "M-8", s.class_a).await;
    let r = admin
        .get(app.url(&format!("/students/{id}/photo")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "no photo yet");

    let r = upload(&app, &admin, id, b"GIF89a-not-allowed".to_vec(), "a.gif").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("n’est pas une image JPEG, PNG ou WebP")
    );
    let r = upload(&app, &admin, id, png(1024 * 1024 + 1), "big.png").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("trop volumineux"));
    // A file named .jpg whose bytes are PNG is stored as what it is.
    let r = upload(&app, &admin, id, png(2000), "photo.jpg").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("student_photos").await, 1);
    // Without the CSRF token, an upload is refused.
    let r = admin
        .post(app.url(&format!("/students/{id}/photo/upload")))
        .multipart(
            reqwest::multipart::Form::new()
                .part("photo", reqwest::multipart::Part::bytes(png(100))),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let r = admin
        .get(app.url(&format!("/students/{id}/photo")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.bytes().await.unwrap().len(), 2000);
    // The teacher of the class sees it; a parent of another child does not.
    let teacher = app.login("prof").await;
    let r = teacher
        .get(app.url(&format!("/students/{id}/photo")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    app.create_user(s.school, "parent", &[Role::Parent]).await;
    let parent = app.login("parent").await;
    let r = parent
        .get(app.url(&format!("/students/{id}/photo")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_api_manages_students_guardians_and_enrolments() {
    use reqwest::Method;
    let app = TestApp::with_school().await;
    let s = structure(&app).await;
    let admin = app.bearer("admin").await;

    let (status, p) = app.api(&admin, Method::POST, "/api/v2/students",
        Some(json!({ "matricule": "", "last_name": "Ba", "first_name": "Ali", "sex": "Z", "school_id": 2 }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    let (status, p) = app
        .api(
            &admin,
            Method::POST,
            "/api/v2/students",
            Some(json!({ "matricule": "", "last_name": "Ba", "first_name": "Ali", "sex": "Z" })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["matricule", "sex"]);

    let (status, created) = app.api(&admin, Method::POST, "/api/v2/students",
        Some(json!({ "matricule": "API-1", "last_name": "Ba", "first_name": "Ali", "birth_date": "14/03/2014",
                     "class_id": s.class_a, "national_id": "SN 999", "medical": "Allergie" }))).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["birth_date"], "2014-03-14");
    assert_eq!(created["class_name"], "6e A");
    assert!(
        created.get("national_id").is_none(),
        "not read back on creation"
    );
    let id = created["id"].as_i64().unwrap();

    let (status, got) = app
        .api(&admin, Method::GET, &format!("/api/v2/students/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got["national_id"], "SN 999");
    assert_eq!(got["medical"], "Allergie");
    let teacher = app.bearer("prof").await;
    let (status, got) = app
        .api(
            &teacher,
            Method::GET,
            &format!("/api/v2/students/{id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(got.get("medical").is_none() && got.get("national_id").is_none());
    let (status, _) = app
        .api(
            &teacher,
            Method::PATCH,
            &format!("/api/v2/students/{id}"),
            Some(json!({ "first_name": "X" })),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, patched) = app
        .api(
            &admin,
            Method::PATCH,
            &format!("/api/v2/students/{id}"),
            Some(json!({ "birth_place": "Kaolack" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(patched["birth_place"], "Kaolack");
    assert_eq!(patched["first_name"], "Ali");

    let (status, list) = app
        .api(
            &admin,
            Method::GET,
            &format!(
                "/api/v2/students?class_id={}&status=enrolled&q=ali",
                s.class_a
            ),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["total"], 1);
    let (status, _) = app
        .api(&admin, Method::GET, "/api/v2/students?status=gone", None)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // Enrolments: move, then list the history.
    let (status, e) = app
        .api(
            &admin,
            Method::POST,
            "/api/v2/enrolments",
            Some(json!({ "student_id": id, "class_id": s.class_b, "starts_on": "2027-02-01" })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{e}");
    assert_eq!(e["class_name"], "6e B");
    let (status, e) = app
        .api(
            &admin,
            Method::POST,
            "/api/v2/enrolments",
            Some(json!({ "student_id": id, "class_id": s.class_b })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (_, history) = app
        .api(
            &admin,
            Method::GET,
            &format!("/api/v2/enrolments?student_id={id}"),
            None,
        )
        .await;
    assert_eq!(history["total"], 2);
    assert_eq!(history["items"][1]["ends_on"], "2027-02-01");

    // Guardians: create, link, list with children, unlink.
    let (status, g) = app.api(&admin, Method::POST, "/api/v2/guardians",
        Some(json!({ "last_name": "Ba", "first_name": "Mariama", "email": "M.Ba@Example.sn", "phone_alt": "77 111 22 33" }))).await;
    assert_eq!(status, StatusCode::CREATED, "{g}");
    assert_eq!(g["email"], "m.ba@example.sn");
    let gid = g["id"].as_i64().unwrap();
    let (status, linked) = app
        .api(
            &admin,
            Method::PUT,
            &format!("/api/v2/guardians/{gid}/students/{id}"),
            Some(json!({ "relationship": "mother", "receives_notices": false })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(linked["children"][0]["receives_notices"], false);
    assert_eq!(linked["children"][0]["legal_guardian"], true);
    let (_, list) = app
        .api(
            &admin,
            Method::GET,
            &format!("/api/v2/guardians?student_id={id}"),
            None,
        )
        .await;
    assert_eq!(list["items"][0]["children"][0]["matricule"], "API-1");
    let (status, _) = app
        .api(
            &admin,
            Method::PATCH,
            &format!("/api/v2/guardians/{gid}"),
            Some(json!({ "phone": "abc" })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, inv) = app
        .api(
            &admin,
            Method::POST,
            &format!("/api/v2/guardians/{gid}/invitations"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(inv["path"].as_str().unwrap().starts_with("/invitations/"));
    let (status, _) = app
        .api(
            &admin,
            Method::DELETE,
            &format!("/api/v2/guardians/{gid}/students/{id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .api(
            &admin,
            Method::DELETE,
            &format!("/api/v2/guardians/{gid}/students/{id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Staff.
    let (status, staff) = app
        .api(&teacher, Method::GET, "/api/v2/staff?role=teacher", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(staff["total"], 1);
    assert_eq!(staff["items"][0]["teaching"][0]["subject_code"], "MATH");
    let prof = staff["items"][0]["id"].as_i64().unwrap();
    let (status, _) = app
        .api(
            &teacher,
            Method::GET,
            &format!("/api/v2/staff/{prof}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // Another school sees none of it.
    let other = app.create_school("AUTRE", "Autre").await;
    app.create_user(other, "admin2", &[Role::SchoolAdmin]).await;
    let admin2 = app.bearer("admin2").await;
    for path in [
        format!("/api/v2/students/{id}"),
        format!("/api/v2/guardians/{gid}"),
        format!("/api/v2/staff/{prof}"),
    ] {
        let (status, _) = app.api(&admin2, Method::GET, &path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _) = app
        .api(
            &admin2,
            Method::PATCH,
            &format!("/api/v2/students/{id}"),
            Some(json!({ "first_name": "Z" })),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = app
        .api(&admin2, Method::GET, "/api/v2/students", None)
        .await;
    assert_eq!(list["total"], 0);
}

#[tokio::test]
async fn the_demo_school_has_people_details_and_enrolment_history() {
    let app = TestApp::spawn().await;
    let options = eschool::demo::DemoOptions {
        students: 300,
        seed: 11,
        password: PASSWORD.into(),
    };
    eschool::demo::seed(
        &app.state.db,
        &eschool::clock::ManualClock::new(crate::helpers::start_time()),
        &app.state.keyring,
        &options,
    )
    .await
    .unwrap();
    let pool = app.state.db.pool.clone();
    let one = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let placed = one("SELECT COUNT(*) FROM students WHERE class_id IS NOT NULL").await;
    assert_eq!(
        one("SELECT COUNT(*) FROM enrolments WHERE ends_on IS NULL").await,
        placed
    );
    let mirrored = one(
        "SELECT COUNT(*) FROM students s JOIN enrolments e ON e.student_id = s.id \
         AND e.class_id = s.class_id AND e.ends_on IS NULL",
    )
    .await;
    assert_eq!(
        mirrored, placed,
        "students.class_id mirrors the open enrolment"
    );
    assert_eq!(
        one("SELECT COUNT(*) FROM students WHERE birth_place IS NULL").await,
        0
    );
    assert_eq!(
        one("SELECT COUNT(*) FROM guardians WHERE address IS NULL").await,
        0
    );
    let guardians = one("SELECT COUNT(*) FROM guardians").await;
    let second_phones = one("SELECT COUNT(*) FROM guardians WHERE phone_alt IS NOT NULL").await;
    assert!(second_phones > 0 && second_phones < guardians);
    let quiet = one("SELECT COUNT(*) FROM student_guardians WHERE receives_notices = 0").await;
    assert!(quiet > 0);
    // Every generated value passes the forms' own checks.
    let phones: Vec<String> =
        sqlx::query_scalar("SELECT phone_alt FROM guardians WHERE phone_alt IS NOT NULL")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    for p in phones {
        assert!(eschool::academics::import::Phone::parse(&p).is_ok(), "{p}");
    }
}

#[tokio::test]
async fn concurrent_enrolments_and_links_all_get_an_answer() {
    use reqwest::Method;
    let app = TestApp::with_school().await;
    let s = structure(&app).await;
    let admin = app.bearer("admin").await;
    let (_, created) = app.api(&admin, Method::POST, "/api/v2/students",
        Some(json!({ "matricule": "C-1", "last_name": "Sy", "first_name": "Omar", "class_id": s.class_a }))).await;
    let id = created["id"].as_i64().unwrap();
    let (_, g) = app
        .api(
            &admin,
            Method::POST,
            "/api/v2/guardians",
            Some(json!({ "last_name": "Sy", "first_name": "Aïda" })),
        )
        .await;
    let gid = g["id"].as_i64().unwrap();
    let mut tasks = Vec::new();
    for i in 0..8 {
        let (app_url, auth) = (app.url(""), admin.clone());
        let class = if i % 2 == 0 { s.class_b } else { s.class_a };
        tasks.push(tokio::spawn(async move {
            let c = Client::new();
            let enrol = c
                .post(format!("{app_url}/api/v2/enrolments"))
                .header("authorization", &auth)
                .json(&json!({ "student_id": id, "class_id": class, "starts_on": "2027-03-01" }))
                .send()
                .await
                .unwrap()
                .status();
            let link = c
                .put(format!("{app_url}/api/v2/guardians/{gid}/students/{id}"))
                .header("authorization", &auth)
                .json(&json!({ "relationship": if i % 2 == 0 { "mother" } else { "guardian" } }))
                .send()
                .await
                .unwrap()
                .status();
            (enrol, link)
        }));
    }
    for t in tasks {
        let (enrol, link) = t.await.unwrap();
        assert!(
            [StatusCode::CREATED, StatusCode::UNPROCESSABLE_ENTITY].contains(&enrol),
            "{enrol}"
        );
        assert_eq!(link, StatusCode::OK);
    }
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM enrolments WHERE student_id = $1 AND ends_on IS NULL",
    )
    .bind(id)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(open, 1, "one open enrolment whatever the interleaving");
    let class: i64 = sqlx::query_scalar(
        "SELECT s.class_id FROM students s JOIN enrolments e ON e.student_id = s.id \
         AND e.class_id = s.class_id AND e.ends_on IS NULL WHERE s.id = $1",
    )
    .bind(id)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert!(class == s.class_a || class == s.class_b);
    assert_eq!(app.count("student_guardians").await, 1);
}

// ---- polish: adding guardians from the student's page ----------------------------------

#[tokio::test]
async fn guardians_are_added_to_a_student_from_their_page() {
    let app = TestApp::with_school().await;
    let s = structure(&app).await;
    let admin = app.login("admin").await;
    let student = create_student(&app, &admin, "M-31", s.class_a).await;
    let brother = create_student(&app, &admin, "M-32", s.class_b).await;
    let page = format!("/students/{student}");
    let add = format!("/students/{student}/guardians");
    let html = app.page(&admin, &page).await;
    assert!(html.contains(&format!("href=\"{add}\"")), "{html}");
    // A new guardian with a bad e-mail and no relationship: both named, input kept, nothing
    // created.
    let bad = [
        ("last_name", "Ndiaye"),
        ("first_name", "Mariama"),
        ("phone", "77 123 45 67"),
        ("email", "pas-une-adresse"),
        ("relationship", ""),
        ("legal_guardian", "on"),
    ];
    let r = app.submit(&admin, &add, &add, &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("value=\"Ndiaye\""), "{body}");
    assert!(body.contains("value=\"77 123 45 67\""));
    assert!(body.contains("id=\"email-error\""));
    assert!(body.contains("id=\"relationship-error\""));
    assert_eq!(app.count("guardians").await, 0);
    // Valid: created and linked in one step, with the flags as ticked.
    let good = [
        ("last_name", "Ndiaye"),
        ("first_name", "Mariama"),
        ("phone", "77 123 45 67"),
        ("email", "mariama@example.sn"),
        ("relationship", "mother"),
        ("legal_guardian", "on"),
    ];
    let r = app.submit(&admin, &add, &add, &good).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with(&page));
    assert_eq!(app.count("guardians").await, 1);
    let flags: (i64, i64) = sqlx::query_as(
        "SELECT legal_guardian, receives_notices FROM student_guardians WHERE student_id = $1",
    )
    .bind(student)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(flags, (1, 0));
    let html = app.page(&admin, &page).await;
    assert!(html.contains("Mariama Ndiaye"), "{html}");
    assert_eq!(audit_count(&app, "record.create", "guardian").await, 1);
    // The brother's page finds her by e-mail and links her; a missing choice is named.
    let add_b = format!("/students/{brother}/guardians");
    let search = app.page(&admin, &format!("{add_b}?q=mariama@")).await;
    assert!(
        search.contains("Mariama Ndiaye — mariama@example.sn"),
        "{search}"
    );
    assert!(
        !search.contains("déjà rattaché"),
        "not yet the brother's guardian"
    );
    let own = app.page(&admin, &format!("{add}?q=mariama@")).await;
    assert!(own.contains("déjà rattaché à cet élève"), "{own}");
    let g: i64 = sqlx::query_scalar("SELECT id FROM guardians")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let link = format!("{add_b}/link");
    let r = app
        .submit(
            &admin,
            &add_b,
            &link,
            &[("q", "mariama@"), ("relationship", "mother")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("Choisissez un responsable dans la liste."),
        "{body}"
    );
    assert!(
        body.contains("Mariama Ndiaye — mariama@example.sn"),
        "the search is kept"
    );
    let gid = g.to_string();
    let r = app
        .submit(
            &admin,
            &add_b,
            &link,
            &[
                ("guardian_id", &gid),
                ("relationship", "mother"),
                ("receives_notices", "on"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("student_guardians").await, 2);
    assert_eq!(app.count("guardians").await, 1);
    // Removing her from the brother keeps her record and the other link.
    let unlink = format!("/students/{brother}/guardians/{g}/delete");
    assert!(
        app.page(&admin, &format!("/students/{brother}"))
            .await
            .contains(&unlink)
    );
    let r = app.submit(&admin, &page, &unlink, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("student_guardians").await, 1);
    assert_eq!(app.count("guardians").await, 1);
    // A teacher sees no such control and is refused; another school's admin gets 404.
    let prof = app.login("prof").await;
    assert!(!app.page(&prof, &page).await.contains(&add));
    let r = prof.get(app.url(&add)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let other = app.create_school("AUTRE", "Autre école").await;
    app.create_user(other, "autre", &[Role::SchoolAdmin]).await;
    let autre = app.login("autre").await;
    let r = autre.get(app.url(&add)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app.submit(&autre, "/", &add, &good).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("guardians").await, 1);
}

#[tokio::test]
async fn record_pages_link_back_to_their_list() {
    let app = TestApp::with_school().await;
    let s = structure(&app).await;
    let admin = app.login("admin").await;
    let student = create_student(&app, &admin, "M-41", s.class_a).await;
    let g = create_guardian(&app, &admin, "awa.back@example.sn").await;
    for (path, back) in [
        (format!("/students/{student}"), "/students"),
        (format!("/guardians/{g}"), "/guardians"),
        (format!("/classes/{}", s.class_a), "/classes"),
        (
            format!("/students/{student}/guardians"),
            &*format!("/students/{student}"),
        ),
    ] {
        let html = app.page(&admin, &path).await;
        assert!(
            html.contains(&format!("<p class=\"back\"><a href=\"{back}\">")),
            "{path}: {html}"
        );
    }
    // The student's class links to its page for those who may see it.
    let class_link = format!("<a href=\"/classes/{}\">6e A</a>", s.class_a);
    let html = app.page(&admin, &format!("/students/{student}")).await;
    assert!(html.contains(&class_link), "{html}");
}

#[tokio::test]
async fn a_teacher_searches_within_their_own_students() {
    let app = TestApp::with_school().await;
    let s = structure(&app).await;
    let admin = app.login("admin").await;
    // prof teaches 6e A, not 6e B.
    let taught = create_student(&app, &admin, "M-51", s.class_a).await;
    let other_taught = create_student(&app, &admin, "M-52", s.class_a).await;
    let not_taught = create_student(&app, &admin, "M-53", s.class_b).await;
    let prof = app.login("prof").await;
    let list = app.page(&prof, "/students").await;
    assert!(list.contains("name=\"q\""), "the search shows: {list}");
    assert!(
        !list.contains("name=\"class\""),
        "no school-wide class filter"
    );
    let found = app.page(&prof, "/students?q=m-51").await;
    assert!(
        found.contains(&format!("href=\"/students/{taught}\"")),
        "{found}"
    );
    assert!(!found.contains(&format!("href=\"/students/{other_taught}\"")));
    assert!(found.contains("value=\"m-51\""), "the search is kept");
    // The search never widens what the teacher sees.
    let outside = app.page(&prof, "/students?q=m-53").await;
    assert!(!outside.contains(&format!("href=\"/students/{not_taught}\"")));
}

#[tokio::test]
async fn dates_are_shown_the_way_french_writes_them() {
    let app = TestApp::with_school().await;
    let s = structure(&app).await;
    let admin = app.login("admin").await;
    let student = create_student(&app, &admin, "M-61", s.class_a).await;
    let record = app.page(&admin, &format!("/students/{student}")).await;
    assert!(record.contains("14/03/2014"), "birth date: {record}");
    assert!(!record.contains("2014-03-14"));
    let list = app.page(&admin, "/students").await;
    assert!(list.contains("14/03/2014"), "{list}");
    // Forms keep the ISO value their date fields need.
    let edit = app.page(&admin, &format!("/students/{student}/edit")).await;
    assert!(edit.contains("value=\"2014-03-14\""), "{edit}");
}
