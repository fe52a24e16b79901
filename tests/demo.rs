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

/// One number from a query.
async fn scalar(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[tokio::test]
async fn the_demo_school_has_a_believable_gradebook() {
    let app = seeded(120).await;
    let marks = app.count("marks").await;
    let assessments = app.count("assessments").await;
    // 120 students, about 10 subjects, two and a half months of a trimester.
    assert!(marks > 5_000, "marks: {marks}");
    assert!(assessments > 100, "assessments: {assessments}");

    // Every assessment is of a class and subject someone teaches, in a period of the
    // class's year, dated inside it, for a subject of the class's level.
    let misplaced = scalar(
        &app,
        "SELECT COUNT(*) FROM assessments a \
         JOIN classes c ON c.id = a.class_id JOIN periods p ON p.id = a.period_id \
         WHERE p.year_id <> c.year_id OR a.date < p.starts_on OR a.date > p.ends_on \
         OR NOT EXISTS (SELECT 1 FROM teaching_assignments t WHERE t.class_id = a.class_id \
                        AND t.subject_id = a.subject_id AND t.teacher_id = a.teacher_id) \
         OR NOT EXISTS (SELECT 1 FROM level_subjects ls WHERE ls.level_id = c.level_id \
                        AND ls.subject_id = a.subject_id)",
    )
    .await;
    assert_eq!(misplaced, 0, "assessments that do not fit their class");
    // Marks: of students of the class, within [0, max], codes the school has.
    let out_of_range = scalar(
        &app,
        "SELECT COUNT(*) FROM marks m JOIN assessments a ON a.id = m.assessment_id \
         WHERE m.points_hundredths < 0 OR m.points_hundredths > a.max_hundredths",
    )
    .await;
    assert_eq!(out_of_range, 0, "marks above their maximum");
    let strangers = scalar(
        &app,
        "SELECT COUNT(*) FROM marks m JOIN assessments a ON a.id = m.assessment_id \
         JOIN students s ON s.id = m.student_id WHERE s.class_id <> a.class_id",
    )
    .await;
    assert_eq!(strangers, 0, "marks of students outside the class");
    assert!(
        app.count("mark_codes").await >= 5,
        "the school's codes exist"
    );
    let unknown = scalar(
        &app,
        "SELECT COUNT(*) FROM marks m WHERE m.code IS NOT NULL AND NOT EXISTS \
         (SELECT 1 FROM mark_codes k WHERE k.school_id = m.school_id AND k.code = m.code)",
    )
    .await;
    assert_eq!(unknown, 0, "codes are the school's");
    let coded = scalar(&app, "SELECT COUNT(*) FROM marks WHERE code IS NOT NULL").await;
    assert!(
        coded * 100 > marks && coded * 100 < marks * 8,
        "about 3% codes: {coded} of {marks}"
    );
    // A believable spread: the mean on 20 of the points is between 10 and 14.
    let mean_on_20 = scalar(
        &app,
        "SELECT CAST(AVG(m.points_hundredths * 2000 / a.max_hundredths) AS BIGINT) \
         FROM marks m JOIN assessments a ON a.id = m.assessment_id \
         WHERE m.points_hundredths IS NOT NULL",
    )
    .await;
    assert!((1000..=1400).contains(&mean_on_20), "mean {mean_on_20}");

    // Nothing after the school's today (2026-11-25): no future mark, and only the next
    // assessment of each class × subject is announced, unpublished.
    let future_marks = scalar(
        &app,
        "SELECT COUNT(*) FROM marks m JOIN assessments a ON a.id = m.assessment_id \
         WHERE a.date > '2026-11-25'",
    )
    .await;
    assert_eq!(future_marks, 0);
    let announced = scalar(
        &app,
        "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM assessments WHERE date > '2026-11-25' \
         GROUP BY class_id, subject_id) AS x",
    )
    .await;
    assert_eq!(
        announced, 1,
        "one upcoming assessment per class and subject"
    );
    let published_future = scalar(
        &app,
        "SELECT COUNT(*) FROM assessments WHERE date > '2026-11-25' AND published_on IS NOT NULL",
    )
    .await;
    assert_eq!(published_future, 0);
    let published = scalar(
        &app,
        "SELECT COUNT(*) FROM assessments WHERE published_on <= '2026-11-25'",
    )
    .await;
    assert!(
        published * 10 > assessments * 6,
        "most past tests are published"
    );

    // The demo parent sees a general average for their child.
    let child = scalar(
        &app,
        "SELECT MIN(sg.student_id) FROM student_guardians sg \
         JOIN guardians g ON g.id = sg.guardian_id JOIN users u ON u.id = g.user_id \
         WHERE u.username = 'parent'",
    )
    .await;
    let parent = app.login_with("parent", "demo-password").await;
    let r = parent
        .get(app.url(&format!("/students/{child}/results")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let after = html
        .split("<dt>Moyenne générale</dt><dd>")
        .nth(1)
        .unwrap_or_else(|| panic!("no general average: {html}"));
    let average = after.split('<').next().unwrap_or_default();
    let (whole, decimals) = average
        .split_once(',')
        .unwrap_or_else(|| panic!("a decimal average with a comma: {average:?}"));
    let whole: u32 = whole.parse().expect("an average");
    assert!(
        (3..=19).contains(&whole) && decimals.len() == 2,
        "{average}"
    );
}

#[tokio::test]
async fn demo_marks_are_the_same_for_the_same_seed() {
    let first = seeded(60).await;
    let second = seeded(60).await;
    let sql = "SELECT CAST(COALESCE(SUM(COALESCE(points_hundredths, 7) * (student_id % 13 + 1)), 0) \
               AS BIGINT) FROM marks";
    assert_eq!(scalar(&first, sql).await, scalar(&second, sql).await);
    assert_eq!(first.count("marks").await, second.count("marks").await);
}

#[tokio::test]
async fn ended_periods_have_appreciations_and_council_decisions() {
    // As of late January: the first trimester has ended, the second has not.
    let app = TestApp::spawn().await;
    let options = demo::DemoOptions {
        students: 60,
        seed: 11,
        password: "demo-password".into(),
    };
    let as_of: jiff::Timestamp = "2027-01-20T08:00:00Z".parse().unwrap();
    let report = demo::seed(
        &app.state.db,
        &ManualClock::new(as_of),
        &app.state.keyring,
        &options,
    )
    .await
    .unwrap();
    assert!(
        report.appreciations > 0 && report.decisions > 0,
        "{report:?}"
    );
    let first_ended = scalar(
        &app,
        "SELECT COUNT(*) FROM periods WHERE position = 1 AND ends_on < '2027-01-20'",
    )
    .await;
    assert_eq!(first_ended, 1, "trimester 1 ended before the as-of date");
    let ended = scalar(
        &app,
        "SELECT COUNT(*) FROM appreciations a JOIN periods p ON p.id = a.period_id \
         WHERE p.ends_on < '2027-01-20'",
    )
    .await;
    assert!(ended > 60 * 8, "appréciations of trimester 1: {ended}");
    let not_ended = scalar(
        &app,
        "SELECT (SELECT COUNT(*) FROM appreciations a JOIN periods p ON p.id = a.period_id \
                 WHERE p.ends_on >= '2027-01-20') \
              + (SELECT COUNT(*) FROM council_decisions d JOIN periods p ON p.id = d.period_id \
                 WHERE p.ends_on >= '2027-01-20')",
    )
    .await;
    assert_eq!(not_ended, 0, "nothing for periods not ended");
    let authorless = scalar(
        &app,
        "SELECT COUNT(*) FROM appreciations a JOIN students s ON s.id = a.student_id \
         WHERE NOT EXISTS (SELECT 1 FROM teaching_assignments t WHERE t.class_id = s.class_id \
                           AND t.subject_id = a.subject_id AND t.teacher_id = a.author_id)",
    )
    .await;
    assert_eq!(authorless, 0, "authors teach the class and subject");
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM appreciations UNION ALL SELECT general_appreciation FROM council_decisions",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert!(
        bodies
            .iter()
            .all(|b| !b.is_empty() && b.chars().count() <= 300)
    );
    assert!(
        bodies
            .iter()
            .any(|b| b.contains("Trimestre") || b.contains("trimestre")),
        "French phrases"
    );
    let banks: Vec<i64> = sqlx::query_scalar("SELECT COUNT(*) FROM comment_bank GROUP BY owner_id")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert!(
        !banks.is_empty() && banks.iter().all(|n| (6..=8).contains(n)),
        "{banks:?}"
    );

    // The distinctions follow the real general averages, as the council page computes them.
    let school = scalar(&app, "SELECT id FROM schools WHERE code = 'DEMO'").await;
    let period = scalar(&app, "SELECT id FROM periods WHERE position = 1").await;
    let classes: Vec<i64> = sqlx::query_scalar("SELECT id FROM classes ORDER BY id")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    let admin = scalar(&app, "SELECT id FROM users WHERE username = 'admin'").await;
    let scope = eschool::gradebook::service::Author::member(
        &app.state,
        school,
        admin,
        eschool::audit::AuditCtx::default(),
    )
    .await
    .unwrap()
    .expect("the demo admin is a member")
    .scope();
    let (mut checked, mut top) = (0, 0);
    for class in classes {
        let council = eschool::council::load(&app.state, scope, class, period)
            .await
            .unwrap()
            .expect("the council");
        for line in &council.results.students {
            let Some(general) = line.general else {
                continue;
            };
            checked += 1;
            let distinction = council.distinction(line.student.id);
            assert!(
                council.decision(line.student.id).is_some(),
                "a general appréciation"
            );
            if general.round_half_up(2).unwrap() >= 1600 {
                top += 1;
                assert_eq!(
                    distinction,
                    Some(eschool::council::Distinction::Felicitations)
                );
            } else {
                assert_ne!(
                    distinction,
                    Some(eschool::council::Distinction::Felicitations)
                );
            }
            for (i, column) in council.results.subjects.iter().enumerate() {
                let has_average = line.subjects[i].average.is_some();
                let text = council.appreciation(line.student.id, column.subject.id);
                assert_eq!(has_average, !text.is_empty(), "an appréciation per average");
            }
        }
    }
    assert!(checked > 50, "students with a general average: {checked}");
    eprintln!("{top} students with félicitations");
}
