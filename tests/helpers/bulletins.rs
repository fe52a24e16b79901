//! A class at the end of its first trimester, for the council and bulletin tests.

use eschool::accounts::model::Role;
use reqwest::Method;
use serde_json::json;

use super::TestApp;

/// What [`TestApp::council_class`] creates.
#[derive(Debug, Clone)]
pub struct CouncilClass {
    /// A bearer for `admin`.
    pub admin: String,
    pub school: i64,
    pub year: i64,
    pub periods: Vec<i64>,
    pub class: i64,
    pub math: i64,
    pub french: i64,
    /// `prof` (teaches MATH, main teacher of 6e A) and `lettres` (teaches FRA).
    pub prof: i64,
    pub lettres: i64,
    /// Awa Diop, Binta Fall, Coumba Sarr.
    pub students: [i64; 3],
}

impl TestApp {
    /// School TEST with 6e A (MATH coefficient 3, FRA 2) of three students, marks in both
    /// subjects in the first trimester (MATH: Awa 15, Binta 11, Coumba 8; FRA: 14, 12, 9,5),
    /// and for Awa an appréciation in each subject, a general appréciation and félicitations.
    /// `prof` teaches MATH and is the main teacher; `lettres` teaches FRA.
    pub async fn council_class(&self) -> CouncilClass {
        let school = self.school_id("TEST").await;
        let prof = self.create_user(school, "prof", &[Role::Teacher]).await;
        let lettres = self.create_user(school, "lettres", &[Role::Teacher]).await;
        let admin = self.bearer("admin").await;
        let g = self.gradebook_school(&admin).await;
        for (subject, coefficient) in [(g.math, "3"), (g.french, "2")] {
            self.api_ok(
                &admin,
                Method::PUT,
                &format!("/api/v2/subjects/{subject}/coefficients/{}", g.level),
                Some(json!({ "coefficient": coefficient })),
            )
            .await;
        }
        self.api_ok(
            &admin,
            Method::PATCH,
            &format!("/api/v2/classes/{}", g.class),
            Some(json!({ "main_teacher_id": prof })),
        )
        .await;
        self.assign(&admin, prof, g.class, g.math).await;
        self.assign(&admin, lettres, g.class, g.french).await;
        let mut students = [0; 3];
        for (i, (first, last)) in [("Awa", "Diop"), ("Binta", "Fall"), ("Coumba", "Sarr")]
            .into_iter()
            .enumerate()
        {
            students[i] = self
                .api_id(
                    &admin,
                    "/api/v2/students",
                    json!({ "matricule": format!("M{i}"), "first_name": first, "last_name": last,
                            "class_id": g.class, "birth_date": "2014-03-12" }),
                )
                .await;
        }
        for (subject, marks) in [(g.math, ["15", "11", "8"]), (g.french, ["14", "12", "9,5"])] {
            let assessment = self
                .api_id(
                    &admin,
                    "/api/v2/assessments",
                    json!({ "class_id": g.class, "subject_id": subject, "period_id": g.periods[0],
                            "title": "Devoir 1", "date": "2026-10-15", "kind": "devoir" }),
                )
                .await;
            let marks: Vec<_> = students
                .iter()
                .zip(marks)
                .map(|(s, v)| json!({ "student_id": s, "value": v }))
                .collect();
            self.api_ok(
                &admin,
                Method::PUT,
                &format!("/api/v2/assessments/{assessment}/marks"),
                Some(json!({ "marks": marks })),
            )
            .await;
        }
        let pool = &self.state.db.pool;
        for (subject, body) in [
            (g.math, "Très bon trimestre, raisonnements rigoureux."),
            (g.french, "Lectrice attentive, expression écrite soignée."),
        ] {
            sqlx::query(
                "INSERT INTO appreciations (school_id, student_id, subject_id, period_id, body, \
                 author_id, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0)",
            )
            .bind(school)
            .bind(students[0])
            .bind(subject)
            .bind(g.periods[0])
            .bind(body)
            .bind(prof)
            .execute(pool)
            .await
            .expect("an appréciation");
        }
        sqlx::query(
            "INSERT INTO council_decisions (school_id, student_id, period_id, general_appreciation, \
             distinction, updated_by, updated_at) VALUES ($1, $2, $3, $4, 'felicitations', $5, 0)",
        )
        .bind(school)
        .bind(students[0])
        .bind(g.periods[0])
        .bind("Un trimestre remarquable : félicitations.")
        .bind(prof)
        .execute(pool)
        .await
        .expect("a decision");
        CouncilClass {
            admin,
            school,
            year: g.year,
            periods: g.periods,
            class: g.class,
            math: g.math,
            french: g.french,
            prof,
            lettres,
            students,
        }
    }
}

/// The text of a PDF, from poppler's `pdftotext` (installed by .ci/run), with runs of spaces
/// folded so that assertions do not depend on column layout.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, pdf).expect("the PDF written");
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext failed: {out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
