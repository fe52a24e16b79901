//! The class summary PDF and a school's own bulletin template and logo, through HTTP as a user
//! meets them: the PDFs are read back as text (pdftotext).

use eschool::{
    accounts::model::Role,
    audit::AuditCtx,
    bulletins::{document, render, settings},
    gradebook::service::Author,
    schools::SchoolScope,
};
use reqwest::{Method, StatusCode, multipart};
use serde_json::json;

use crate::helpers::{TestApp, bulletins::pdf_text};

/// An 8×8 red PNG.
const PNG_BASE64: &str = "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4oKCAFTEMLQkAKj9AAXjm1WMAAAAASUVORK5CYII=";

const BROKEN: &str = "#let data = json(\"data.json\")\nBonjour\n#data.student.nope(\n";
const CUSTOM: &str = "#let data = json(\"data.json\")\n= MODELE MAISON\n#data.student.last_name — #data.period.name\n";

async fn get_pdf(client: &reqwest::Client, url: String) -> (StatusCode, String, Vec<u8>) {
    let r = client.get(url).send().await.unwrap();
    let status = r.status();
    let disposition = r
        .headers()
        .get("content-disposition")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, disposition, r.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn the_class_summary_lists_every_student_subject_and_average() {
    let app = TestApp::with_school().await;
    let c = app.council_class().await;
    let admin = app.login("admin").await;
    let (status, disposition, pdf) = get_pdf(
        &admin,
        app.url(&format!(
            "/classes/{}/council/summary.pdf?period_id={}",
            c.class, c.periods[0]
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        disposition.contains("attachment; filename=\"synthese-6e-A-trimestre-1.pdf\""),
        "{disposition}"
    );
    assert!(disposition.contains("filename*=UTF-8''synthese-6e-A-trimestre-1.pdf"));
    if std::env::var_os("ESCHOOL_PDF_OUT").is_some() {
        std::fs::write("/tmp/class-summary.pdf", &pdf).unwrap();
    }
    let text = pdf_text(&pdf);
    for expected in [
        "Tableau de synthèse",
        "6e A",
        "Trimestre 1",
        "DIOP Awa",
        "FALL Binta",
        "SARR Coumba",
        "MATH",
        "FRA",
        "Mathématiques",
        "Français",
        // MATH 15/11/8, FRA 14/12/9,5; Awa's general (15×3 + 14×2) / 5.
        "15,00",
        "11,00",
        "8,00",
        "9,50",
        "14,60",
        "11,33",
        "Moyenne de la classe",
        "Minimum",
        "Maximum",
    ] {
        assert!(text.contains(expected), "{expected:?} not in: {text}");
    }

    // The same document from the API.
    let r = reqwest::Client::new()
        .get(app.url(&format!(
            "/api/v2/class-councils/{}/{}/summary.pdf",
            c.class, c.periods[0]
        )))
        .header("authorization", &c.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(pdf_text(&r.bytes().await.unwrap()).contains("SARR Coumba"));
}

#[tokio::test]
async fn the_class_summary_is_for_the_class_s_teachers_and_this_school_only() {
    let app = TestApp::with_school().await;
    let c = app.council_class().await;
    let url = format!(
        "/api/v2/class-councils/{}/{}/summary.pdf",
        c.class, c.periods[0]
    );
    // The French teacher of the class (not its main teacher) may.
    let lettres = app.bearer("lettres").await;
    assert_eq!(
        app.api(&lettres, Method::GET, &url, None).await.0,
        StatusCode::OK
    );
    // A teacher of no class of it may not.
    app.create_user(c.school, "ailleurs", &[Role::Teacher])
        .await;
    let ailleurs = app.bearer("ailleurs").await;
    assert_eq!(
        app.api(&ailleurs, Method::GET, &url, None).await.0,
        StatusCode::FORBIDDEN
    );
    let page = app.login("ailleurs").await;
    let (status, _, _) = get_pdf(
        &page,
        app.url(&format!(
            "/classes/{}/council/summary.pdf?period_id={}",
            c.class, c.periods[0]
        )),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Another school's administrator does not see the class at all.
    let other = app.create_school("AUTRE", "Collège Autre").await;
    app.create_user(other, "admin2", &[Role::SchoolAdmin]).await;
    let admin2 = app.bearer("admin2").await;
    assert_eq!(
        app.api(&admin2, Method::GET, &url, None).await.0,
        StatusCode::NOT_FOUND
    );
    // A period that is not of the class's year.
    let wrong = format!("/api/v2/class-councils/{}/999999/summary.pdf", c.class);
    assert_eq!(
        app.api(&c.admin, Method::GET, &wrong, None).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_broken_template_is_refused_with_its_line_and_nothing_is_saved() {
    let app = TestApp::with_school().await;
    let admin = app.bearer("admin").await;
    let audits = app.count("audit_log").await;
    let (status, body) = app
        .api(
            &admin,
            Method::PUT,
            "/api/v2/bulletin-template",
            Some(json!({ "source": BROKEN })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let errors = body["errors"].as_array().unwrap();
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|e| e["field"] == "source"));
    assert!(
        errors
            .iter()
            .any(|e| e["message"].as_str().unwrap().starts_with("Ligne 3")),
        "{body}"
    );
    assert_eq!(app.count("bulletin_settings").await, 0);
    assert_eq!(app.count("audit_log").await, audits);

    // The page says the same, in a form the school can correct.
    let web = app.login("admin").await;
    let r = app
        .submit(
            &web,
            "/admin/bulletin-template",
            "/admin/bulletin-template",
            &[("source", BROKEN)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Ligne 3"), "{html}");
    assert!(html.contains("Rien n’a été enregistré"));
    assert!(html.contains("#data.student.nope("), "the source is kept");
    assert_eq!(app.count("bulletin_settings").await, 0);

    // Too large, or empty.
    let huge = format!("// {}\n", "x".repeat(settings::MAX_TEMPLATE_BYTES));
    let (status, _) = app
        .api(
            &admin,
            Method::PUT,
            "/api/v2/bulletin-template",
            Some(json!({ "source": huge })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app
        .api(
            &admin,
            Method::PUT,
            "/api/v2/bulletin-template",
            Some(json!({ "source": "  " })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_school_s_own_template_is_previewed_and_used_for_its_bulletins() {
    let app = TestApp::with_school().await;
    let c = app.council_class().await;
    let body = app
        .api_ok(
            &c.admin,
            Method::PUT,
            "/api/v2/bulletin-template",
            Some(json!({ "source": CUSTOM })),
        )
        .await;
    assert_eq!(body["is_default"], false);
    assert_eq!(body["source"], CUSTOM);
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'school.settings_update'",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);

    // The preview uses the school's data (the council class has results).
    let web = app.login("admin").await;
    let page = app.page(&web, "/admin/bulletin-template").await;
    assert!(page.contains("son propre modèle"), "{page}");
    let (status, _, pdf) = get_pdf(&web, app.url("/admin/bulletin-template/preview.pdf")).await;
    assert_eq!(status, StatusCode::OK);
    let text = pdf_text(&pdf);
    assert!(text.contains("MODELE MAISON"), "{text}");
    assert!(text.contains("Diop — Trimestre 1"), "{text}");
    let data: serde_json::Value = web
        .get(app.url("/admin/bulletin-template/data.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(data["class"]["name"], "6e A");
    assert_eq!(data["student"]["matricule"], "M0");

    // Issuing reads it through school_template.
    let scope = scope_of(&app, c.school).await;
    let (template, logo) = settings::school_template(&app.state.db.pool, scope)
        .await
        .unwrap();
    assert_eq!(template, CUSTOM);
    assert!(logo.is_none());
    let sample = eschool::bulletins::sample::bulletin(
        eschool::web::i18n::Lang::Fr,
        "Lycée Test",
        "TEST",
        "#1f4e79",
        None,
    );
    let pdf = render::bulletin(template, sample, None)
        .await
        .unwrap()
        .unwrap();
    assert!(pdf_text(&pdf.bytes).contains("MODELE MAISON"));

    // Back to the default one.
    let (status, _) = app
        .api(&c.admin, Method::DELETE, "/api/v2/bulletin-template", None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let body = app
        .api_ok(&c.admin, Method::GET, "/api/v2/bulletin-template", None)
        .await;
    assert_eq!(body["is_default"], true);
    assert_eq!(body["source"], render::DEFAULT_BULLETIN_TEMPLATE);
}

#[tokio::test]
async fn a_logo_is_checked_by_its_bytes_and_printed_on_the_bulletin() {
    let app = TestApp::with_school().await;
    let admin = app.bearer("admin").await;
    let (status, body) = app
        .api(
            &admin,
            Method::PUT,
            "/api/v2/bulletin-template/logo",
            Some(json!({ "content_base64": "PGh0bWw+PC9odG1sPg==" })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["field"], "content_base64");
    let (status, _) = app
        .api(
            &admin,
            Method::PUT,
            "/api/v2/bulletin-template/logo",
            Some(json!({ "content_base64": PNG_BASE64 })),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let body = app
        .api_ok(&admin, Method::GET, "/api/v2/bulletin-template", None)
        .await;
    assert_eq!(body["has_logo"], true);
    let logo = app
        .api_ok(&admin, Method::GET, "/api/v2/bulletin-template/logo", None)
        .await;
    assert_eq!(logo["content_type"], "image/png");
    assert_eq!(logo["content_base64"], PNG_BASE64);

    let web = app.login("admin").await;
    let (status, _, pdf) = get_pdf(&web, app.url("/admin/bulletin-template/preview.pdf")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(images(&pdf), 1, "the logo is embedded");

    // Through the page: a text file is refused, then the logo is removed.
    let token = app.csrf(&web, "/admin/bulletin-template").await;
    let form = multipart::Form::new().text("csrf_token", token).part(
        "logo",
        multipart::Part::bytes(b"not an image".to_vec()).file_name("logo.png"),
    );
    let r = web
        .post(app.url("/admin/bulletin-template/logo"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("PNG, JPEG ou SVG"));
    let r = app
        .submit(
            &web,
            "/admin/bulletin-template",
            "/admin/bulletin-template/logo/delete",
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, _, pdf) = get_pdf(&web, app.url("/admin/bulletin-template/preview.pdf")).await;
    assert_eq!(images(&pdf), 0);
}

/// The school's scope, as its administrator's requests have it.
async fn scope_of(app: &TestApp, school: i64) -> SchoolScope {
    let admin: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'admin'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    Author::member(&app.state, school, admin, AuditCtx::default())
        .await
        .unwrap()
        .expect("admin is a member")
        .scope()
}

/// How many images a PDF embeds (poppler's `pdfimages -list`).
fn images(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .expect("pdfimages (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).lines().skip(2).count()
}

#[tokio::test]
async fn an_english_school_gets_english_bulletins_and_summaries() {
    let app = TestApp::with_school().await;
    let c = app.council_class().await;
    sqlx::query("UPDATE schools SET locale = 'en' WHERE id = $1")
        .bind(c.school)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let web = app.login("admin").await;
    let (_, _, pdf) = get_pdf(&web, app.url("/admin/bulletin-template/preview.pdf")).await;
    let text = pdf_text(&pdf);
    for expected in [
        "SCHOOL REPORT",
        "Overall average",
        "Comment",
        "DIOP Awa",
        "15.00",
    ] {
        assert!(text.contains(expected), "{expected:?} not in: {text}");
    }
    let (status, disposition, pdf) = get_pdf(
        &web,
        app.url(&format!(
            "/classes/{}/council/summary.pdf?period_id={}",
            c.class, c.periods[0]
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        disposition.contains("summary-6e-A-trimestre-1.pdf"),
        "{disposition}"
    );
    let text = pdf_text(&pdf);
    assert!(text.contains("Class summary"), "{text}");
    assert!(text.contains("14.60"), "{text}");
}

#[tokio::test]
async fn the_bulletin_prints_the_student_s_identity_and_hides_ranks_when_the_school_does() {
    let app = TestApp::with_school().await;
    let c = app.council_class().await;
    sqlx::query("UPDATE schools SET show_ranks = 0 WHERE id = $1")
        .bind(c.school)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let scope = scope_of(&app, c.school).await;
    let ids = eschool::bulletins::identity::of_class(&app.state.db.pool, scope, c.class)
        .await
        .unwrap();
    assert_eq!(ids.len(), 3);
    let web = app.login("admin").await;
    let (_, _, pdf) = get_pdf(&web, app.url("/admin/bulletin-template/preview.pdf")).await;
    let text = pdf_text(&pdf);
    for expected in ["DIOP Awa", "M0", "12/03/2014", "Moyenne générale"] {
        assert!(text.contains(expected), "{expected:?} not in: {text}");
    }
    assert!(!text.contains("Rang"), "ranks hidden: {text}");
    let _ = document::format_date("2026-12-18", eschool::web::i18n::Lang::Fr);
}
