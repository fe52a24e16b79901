//! The command line, run as a user runs it: the real binary against the test database.

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
};

use reqwest::StatusCode;

use crate::helpers::TestApp;

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
async fn migrate_demo_and_create_admin_from_the_command_line() {
    let app = TestApp::spawn().await;
    let (ok, out) = run(eschool(&app).arg("migrate"));
    assert!(ok, "{out}");
    assert!(out.contains("database is up to date"));

    let (ok, out) = run(eschool(&app).args(["demo", "--students", "30"]));
    assert!(ok, "{out}");
    assert!(out.contains("30 students"), "{out}");
    assert!(out.contains("password: cli-demo-password"));
    for login in ["admin", "teacher", "cpe", "bursar", "parent", "student"] {
        assert!(
            out.contains(&format!("  {login} ")),
            "{login} is listed: {out}"
        );
    }
    let (ok, out) = run(eschool(&app).args(["demo", "--students", "30"]));
    assert!(ok, "{out}");
    assert!(out.contains("already present"), "{out}");
    assert_eq!(app.count("students").await, 30, "a re-run keeps the data");

    let (ok, out) = run(eschool(&app)
        .args([
            "create-admin",
            "--school",
            "demo",
            "--username",
            "directrice",
            "--display-name",
            "Mme Ndiaye",
        ])
        .env("ESCHOOL_ADMIN_PASSWORD", "Directrice-2026"));
    assert!(ok, "{out}");
    app.login_with("directrice", "Directrice-2026").await;

    let (ok, out) = run(eschool(&app)
        .args([
            "create-admin",
            "--school",
            "DEMO",
            "--username",
            "directrice",
        ])
        .env("ESCHOOL_ADMIN_PASSWORD", "Directrice-2026"));
    assert!(!ok, "a taken username fails");
    assert!(out.contains("is taken"), "{out}");
    let (ok, out) = run(eschool(&app)
        .args(["create-admin", "--school", "DEMO", "--username", "court"])
        .env("ESCHOOL_ADMIN_PASSWORD", "short"));
    assert!(!ok);
    assert!(out.contains("too short"), "the error is explained: {out}");
}

#[tokio::test]
async fn serve_with_demo_answers_then_shuts_down_gracefully() {
    let app = TestApp::spawn().await;
    let mut child = eschool(&app)
        .args([
            "serve",
            "--demo",
            "--students",
            "20",
            "--bind",
            "127.0.0.1:0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut printed = String::new();
    let address = loop {
        let line = lines.next().expect("server printed its address").unwrap();
        printed.push_str(&line);
        printed.push('\n');
        if let Some(rest) = line.strip_prefix("eSchool is listening on ") {
            break rest.split(' ').next().unwrap().to_owned();
        }
    };
    assert!(
        printed.contains("Demo logins (password: cli-demo-password)"),
        "{printed}"
    );
    let r = reqwest::get(format!("{address}/healthz")).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = reqwest::get(format!("{address}/login")).await.unwrap();
    assert!(
        r.text().await.unwrap().contains("<h1>Connexion</h1>"),
        "the demo school is set up: no setup page"
    );

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "SIGTERM is a clean shutdown: {exit:?}");
}
