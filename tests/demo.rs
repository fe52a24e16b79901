//! The demo school: stable logins per role, believable data, re-runs keep the data.

use eschool::{clock::ManualClock, demo};
use reqwest::StatusCode;

use crate::helpers::{TestApp, start_time};

async fn seeded(students: usize) -> TestApp {
    let app = TestApp::spawn().await;
    let options = demo::DemoOptions {
        students,
        seed: 7,
        password: "demo-password".into(),
    };
    let report = demo::seed(
        &app.state.db,
        &ManualClock::new(start_time()),
        &app.state.keyring,
        &options,
    )
    .await
    .unwrap();
    assert!(report.created);
    assert_eq!(report.students, students);
    app
}

#[tokio::test]
async fn every_stable_demo_login_works_and_sees_its_home() {
    let app = seeded(120).await;
    for (username, _) in demo::DEMO_LOGINS {
        let client = app.login_with(username, "demo-password").await;
        let r = client.get(app.url("/")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{username}");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("Collège Jean Moulin"),
            "{username} sees the school"
        );
        match username {
            "admin" => {
                assert!(html.contains("L’établissement en chiffres"));
                assert!(html.contains("<dd>120</dd>"), "enrolled students");
            }
            "parent" => {
                let children = html.matches("<li class=\"card\">").count();
                assert!(
                    children >= 2,
                    "the demo parent has at least two children: {html}"
                );
            }
            "student" => assert!(html.contains("Ma classe")),
            "teacher" => {
                assert!(html.contains("Mes classes") && html.contains("6e A"));
                assert!(html.contains("Français"), "the subject they teach: {html}");
            }
            _ => {}
        }
    }
}

#[tokio::test]
async fn demo_data_is_consistent() {
    let app = seeded(300).await;
    assert_eq!(app.count("students").await, 300);
    let unplaced: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM students WHERE class_id IS NULL")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(unplaced, 0, "every student is in a class");
    let orphans: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM students s WHERE NOT EXISTS (SELECT 1 FROM student_guardians g WHERE g.student_id = s.id)",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(orphans, 0, "every student has a guardian");
    let biggest: i64 = sqlx::query_scalar(
        "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM students GROUP BY class_id) AS sizes",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert!(
        biggest <= 30,
        "classes stay at a believable size: {biggest}"
    );
    let levels: Vec<String> = sqlx::query_scalar("SELECT name FROM levels ORDER BY position")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(levels, ["6e", "5e", "4e", "3e"]);
    let coefficient: i64 = sqlx::query_scalar(
        "SELECT ls.coefficient_cents FROM level_subjects ls JOIN subjects s ON s.id = ls.subject_id \
         JOIN levels l ON l.id = ls.level_id WHERE s.code = 'MATH' AND l.name = '3e'",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(coefficient, 400);
}

#[tokio::test]
async fn seeding_twice_keeps_the_data() {
    let app = seeded(40).await;
    let options = demo::DemoOptions {
        students: 40,
        seed: 7,
        password: "another-password".into(),
    };
    let report = demo::seed(
        &app.state.db,
        &ManualClock::new(start_time()),
        &app.state.keyring,
        &options,
    )
    .await
    .unwrap();
    assert!(!report.created);
    assert_eq!(app.count("students").await, 40);
    app.login_with("admin", "demo-password").await;
}
