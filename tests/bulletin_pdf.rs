//! The bulletin document: the council's data typeset with the default template, read back as
//! text the way a parent reads it.

use eschool::{
    audit::AuditCtx,
    bulletins::{document, render},
    council,
    gradebook::service::Author,
    schools::repo as schools_repo,
};

use crate::helpers::{TestApp, bulletins::pdf_text};

#[tokio::test]
async fn a_bulletin_shows_the_student_every_subject_the_averages_and_the_appreciations() {
    let app = TestApp::with_school().await;
    let c = app.council_class().await;
    let admin: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'admin'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let scope = Author::member(&app.state, c.school, admin, AuditCtx::default())
        .await
        .unwrap()
        .expect("admin is a member")
        .scope();
    let council = council::load(&app.state, scope, c.class, c.periods[0])
        .await
        .unwrap()
        .expect("the council");
    let school = schools_repo::get(&app.state.db.pool, scope).await.unwrap();
    let issue = document::Issue {
        version: 1,
        date: "2026-12-18".into(),
        reference: "TEST-1-v1".into(),
        reason: None,
    };
    let data = document::build(
        &council,
        &school,
        "2026-2027",
        None,
        None,
        c.students[0],
        &issue,
    )
    .expect("Awa is in the class");
    let pdf = render::bulletin(render::DEFAULT_BULLETIN_TEMPLATE.to_owned(), data, None)
        .await
        .unwrap()
        .expect("the default template renders");
    assert_eq!(pdf.pages, 1);
    let text = pdf_text(&pdf.bytes);
    for expected in [
        "DIOP Awa",
        "6e A",
        "Trimestre 1",
        "Mathématiques",
        "Français",
        // Awa: MATH 15 (class 11,33, min 8, max 15), FRA 14; general (15×3 + 14×2) / 5.
        "15,00",
        "11,33",
        "14,00",
        "14,60",
        "Très bon trimestre, raisonnements rigoureux.",
        "Lectrice attentive, expression écrite soignée.",
        "Un trimestre remarquable : félicitations.",
        "Moyenne générale",
        "TEST-1-v1",
    ] {
        assert!(text.contains(expected), "{expected:?} not in: {text}");
    }
}
