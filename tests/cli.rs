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

/// The same commands in process (no subprocess), against the test's database and clock.
mod in_process {
    use std::sync::Arc;

    use clap::Parser;
    use eschool::{
        audit::bench,
        cli::{self, Cli},
        clock::Clock,
        crypto::{self, Purpose},
    };

    use crate::helpers::TestApp;

    async fn run(app: &TestApp, args: &[&str]) -> anyhow::Result<()> {
        let mut argv = vec!["eschool"];
        argv.extend_from_slice(args);
        let cli = Cli::try_parse_from(argv)?;
        let mut config = (*app.state.config).clone();
        config.demo_password = Some(eschool::config::Secret::new("in-process-demo"));
        cli::execute(cli.command, config, Arc::new(app.clock.clone())).await
    }

    #[tokio::test]
    async fn demo_verify_rotate_and_create_admin() {
        let app = TestApp::spawn().await;
        run(&app, &["migrate"]).await.unwrap();
        run(&app, &["demo", "--students", "25"]).await.unwrap();
        assert_eq!(app.count("students").await, 25);
        run(&app, &["audit", "verify"]).await.unwrap();

        // Rotation: everything ends up under the new key and still decrypts.
        run(&app, &["rotate-key", "--new-key", "--batch-size", "7"])
            .await
            .unwrap();
        let ring = crypto::load_keyring(&app.state.config, app.clock.now()).unwrap();
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT school_id, national_id_enc FROM students")
                .fetch_all(&app.state.db.pool)
                .await
                .unwrap();
        assert_eq!(rows.len(), 25);
        for (school, value) in rows {
            assert!(!ring.needs_rotation(&value), "{value}");
            assert_eq!(
                ring.decrypt(Purpose::NationalId, school, &value)
                    .unwrap()
                    .expose()
                    .len(),
                11
            );
        }
        assert!(
            run(&app, &["rotate-key", "--batch-size", "0"])
                .await
                .is_err(),
            "a batch of 0 is refused"
        );

        cli::create_admin(
            &app.state.db,
            &app.clock,
            Some("demo"),
            "directeur",
            None,
            false,
            "Directeur-2026",
        )
        .await
        .unwrap();
        app.login_with("directeur", "Directeur-2026").await;
        let taken = cli::create_admin(
            &app.state.db,
            &app.clock,
            Some("DEMO"),
            "directeur",
            None,
            false,
            "Directeur-2026",
        )
        .await;
        assert!(taken.unwrap_err().to_string().contains("taken"));
        let short = cli::create_admin(
            &app.state.db,
            &app.clock,
            Some("DEMO"),
            "autre",
            None,
            false,
            "court",
        )
        .await;
        assert!(short.unwrap_err().to_string().contains("too short"));
        let nowhere = cli::create_admin(
            &app.state.db,
            &app.clock,
            Some("NOPE"),
            "autre",
            None,
            false,
            "Directeur-2026",
        )
        .await;
        assert!(nowhere.unwrap_err().to_string().contains("no school"));
        let neither = cli::create_admin(
            &app.state.db,
            &app.clock,
            None,
            "autre",
            None,
            false,
            "Directeur-2026",
        )
        .await;
        assert!(neither.is_err(), "a school or --platform is required");
        cli::create_admin(
            &app.state.db,
            &app.clock,
            None,
            "operateur",
            Some("Opérateur"),
            true,
            "Operateur-2026",
        )
        .await
        .unwrap();

        // An edited audit row breaks the chain, and verify says so.
        sqlx::query("UPDATE audit_log SET details = '{}' WHERE seq = 1")
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let broken = run(&app, &["audit", "verify"])
            .await
            .unwrap_err()
            .to_string();
        assert!(broken.contains("audit chain broken"), "{broken}");
    }

    #[tokio::test]
    async fn the_audit_overhead_benchmark_measures_both_ways() {
        let app = TestApp::spawn().await;
        let result = bench::measure(&app.state.db, &app.clock, 5).await.unwrap();
        assert!(
            result.plain_per_sec > 0.0 && result.audited_per_sec > 0.0,
            "{result:?}"
        );
        let audited: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'user.enable'")
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap();
        assert_eq!(audited, 5, "the audited half wrote one row per change");
    }
}
