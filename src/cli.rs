//! The command line: `serve`, `migrate`, `create-admin`, `demo`, `audit verify`, `rotate-key`,
//! `import students`, `export students`.

use std::{io::BufRead, net::SocketAddr, process::ExitCode, sync::Arc, time::Instant};

use clap::{Parser, Subcommand};

use crate::{
    AppState,
    accounts::{
        self,
        model::{NewPassword, Role, Username, parse_display_name},
    },
    app::{shutdown_signal, write_private},
    audit::{self, AuditAction, AuditCtx, AuditEvent, ResourceType, service::Verification},
    auth::password,
    clock::{Clock, SystemClock},
    config::Config,
    db::Db,
    demo::{self, DEMO_LOGINS, DemoOptions},
    schools::{self, SchoolScope},
    structure::import::{self as structure_import, Kind},
    telemetry,
    web::i18n::Lang,
};

#[derive(Debug, Parser)]
#[command(
    name = "eschool",
    version,
    about = "eSchool: school management platform"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (migrates the database first).
    Serve {
        /// Seed the demo school if it does not exist yet, and print its logins.
        #[arg(long)]
        demo: bool,
        /// Address to listen on (default from configuration: 127.0.0.1:8080).
        #[arg(long)]
        bind: Option<SocketAddr>,
        /// Number of demo students when seeding.
        #[arg(long, default_value_t = 400)]
        students: usize,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create a school administrator (or a platform administrator with --platform). The password
    /// is read from ESCHOOL_ADMIN_PASSWORD, else from the first line of standard input.
    CreateAdmin {
        /// Code of the school the admin belongs to.
        #[arg(long)]
        school: Option<String>,
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: Option<String>,
        /// Also make the account a platform administrator.
        #[arg(long)]
        platform: bool,
    },
    /// Seed the demo school into the configured database.
    Demo {
        /// Number of students.
        #[arg(long, default_value_t = 400)]
        students: usize,
        /// Random seed; the same seed gives the same school.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Seed the school as it would be on this date (YYYY-MM-DD, noon in the school's time
        /// zone): marks are entered up to it. Default: now. `--as-of 2027-07-03` gives a
        /// whole year of marks, for benchmarks.
        #[arg(long)]
        as_of: Option<jiff::civil::Date>,
    },
    /// Audit trail tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Re-encrypt the students' encrypted fields (national IDs, medical notes) with the active
    /// key, in batches, while servers keep running. Resumable: a re-run does what is left.
    RotateKey {
        /// First add a fresh key to the key file and make it the active one.
        #[arg(long)]
        new_key: bool,
        /// Students per batch (each batch is one transaction).
        #[arg(long, default_value_t = 500)]
        batch_size: i64,
        /// Stop after this many batches, to limit the work of one run (0: only add the key).
        #[arg(long)]
        max_batches: Option<u64>,
    },
    /// Import data from a file (docs/IMPORT.md).
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Export data to a file that imports back unchanged.
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import students and their guardians from a CSV file, all or nothing: prints what
    /// changed, or every problem of the file (exit status 1, nothing imported).
    Students {
        /// The CSV file (UTF-8, `;` `,` or tab separated; see docs/IMPORT.md).
        file: std::path::PathBuf,
        /// Code of the school to import into.
        #[arg(long)]
        school: String,
        /// Show what would change without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Language of the problem report (default: the school's).
        #[arg(long, value_parser = ["fr", "en"])]
        lang: Option<String>,
    },
    /// Import teachers and other staff (user accounts and their roles in the school), matched
    /// on username. New accounts have no usable password unless --initial-passwords is given.
    Teachers {
        #[command(flatten)]
        args: StructureImportArgs,
        /// Give each account this import creates a random initial password, printed on
        /// standard output only (never stored in clear, logged or audited): hand them over
        /// and ask each person to change theirs.
        #[arg(long)]
        initial_passwords: bool,
    },
    /// Import the classes of the current academic year (level, main teacher, room), matched
    /// on name.
    Classes {
        #[command(flatten)]
        args: StructureImportArgs,
    },
    /// Import teaching assignments (class, subject code, teacher, optional period).
    Assignments {
        #[command(flatten)]
        args: StructureImportArgs,
    },
}

/// The arguments every staff and structure import takes.
#[derive(Debug, clap::Args)]
pub struct StructureImportArgs {
    /// The CSV file (UTF-8, `;` `,` or tab separated; see docs/IMPORT.md).
    file: std::path::PathBuf,
    /// Code of the school to import into.
    #[arg(long)]
    school: String,
    /// Show what would change without writing anything.
    #[arg(long)]
    dry_run: bool,
    /// Language of the problem report (default: the school's).
    #[arg(long, value_parser = ["fr", "en"])]
    lang: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Export the school's students and guardians as CSV, with the import's columns (national
    /// IDs and medical notes included, decrypted: keep the file safe). Audited.
    Students {
        /// Code of the school.
        #[arg(long)]
        school: String,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
    /// Export the school's staff (members with a staff role) as the teacher import reads it.
    Teachers {
        #[command(flatten)]
        args: StructureExportArgs,
    },
    /// Export the current academic year's classes.
    Classes {
        #[command(flatten)]
        args: StructureExportArgs,
    },
    /// Export the current academic year's teaching assignments.
    Assignments {
        #[command(flatten)]
        args: StructureExportArgs,
    },
}

/// The arguments of the staff and structure exports.
#[derive(Debug, clap::Args)]
pub struct StructureExportArgs {
    /// Code of the school.
    #[arg(long)]
    school: String,
    /// Write to this file instead of standard output.
    #[arg(long)]
    output: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk every school's audit chain, recompute each row's hash and link, and report the
    /// first broken link (exit status 1) or that every chain is intact.
    Verify,
}

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init_tracing(&config);
    match execute(cli.command, config, Arc::new(SystemClock)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one command with the given configuration and clock (the binary passes the real ones).
pub async fn execute(
    command: Command,
    mut config: Config,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<()> {
    match command {
        Command::Serve {
            demo,
            bind,
            students,
        } => {
            if let Some(bind) = bind {
                config.bind = bind;
            }
            let state = AppState::new(config, clock.clone()).await?;
            if demo {
                seed_demo(&state.db, &state.config, clock.as_ref(), students, 2026).await?;
            }
            let listener = tokio::net::TcpListener::bind(state.config.bind).await?;
            let addr = listener.local_addr()?;
            println!(
                "eSchool is listening on http://{addr} ({})",
                state.db.backend.name()
            );
            crate::serve(listener, state, shutdown_signal()).await?;
        }
        Command::Migrate => {
            let db = Db::connect(&config.database_url(), 1).await?;
            db.migrate().await?;
            println!("database is up to date ({})", db.backend.name());
        }
        Command::CreateAdmin {
            school,
            username,
            display_name,
            platform,
        } => {
            let db = Db::connect(&config.database_url(), 2).await?;
            db.migrate().await?;
            let password = admin_password()?;
            create_admin(
                &db,
                clock.as_ref(),
                school.as_deref(),
                &username,
                display_name.as_deref(),
                platform,
                &password,
            )
            .await?;
        }
        Command::Demo {
            students,
            seed,
            as_of,
        } => {
            let db = Db::connect(&config.database_url(), 2).await?;
            db.migrate().await?;
            let clock: Arc<dyn Clock> = match as_of {
                Some(date) => {
                    let tz = jiff::tz::TimeZone::get("Europe/Paris")?;
                    let noon = date.at(12, 0, 0, 0).to_zoned(tz)?.timestamp();
                    Arc::new(crate::clock::ManualClock::new(noon))
                }
                None => clock,
            };
            seed_demo(&db, &config, clock.as_ref(), students, seed).await?;
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let db = Db::connect(&config.database_url(), 2).await?;
            db.migrate().await?;
            match audit::service::verify(&db).await? {
                Verification::Intact { rows, chains } => {
                    println!("audit chain intact: {rows} rows in {chains} chains");
                }
                Verification::Broken(at) => anyhow::bail!("audit chain broken: {at}"),
            }
        }
        Command::RotateKey {
            new_key,
            batch_size,
            max_batches,
        } => rotate_key(&config, clock.as_ref(), new_key, batch_size, max_batches).await?,
        Command::Import {
            command:
                ImportCommand::Students {
                    file,
                    school,
                    dry_run,
                    lang,
                },
        } => import_students(&config, clock.as_ref(), &file, &school, dry_run, lang).await?,
        Command::Export {
            command: ExportCommand::Students { school, output },
        } => export_students(&config, clock.as_ref(), &school, output.as_deref()).await?,
        Command::Import {
            command:
                ImportCommand::Teachers {
                    args,
                    initial_passwords,
                },
        } => {
            import_structure(
                &config,
                clock.as_ref(),
                Kind::Staff,
                args,
                initial_passwords,
            )
            .await?
        }
        Command::Import {
            command: ImportCommand::Classes { args },
        } => import_structure(&config, clock.as_ref(), Kind::Classes, args, false).await?,
        Command::Import {
            command: ImportCommand::Assignments { args },
        } => import_structure(&config, clock.as_ref(), Kind::Assignments, args, false).await?,
        Command::Export {
            command: ExportCommand::Teachers { args },
        } => export_structure(&config, clock.as_ref(), Kind::Staff, args).await?,
        Command::Export {
            command: ExportCommand::Classes { args },
        } => export_structure(&config, clock.as_ref(), Kind::Classes, args).await?,
        Command::Export {
            command: ExportCommand::Assignments { args },
        } => export_structure(&config, clock.as_ref(), Kind::Assignments, args).await?,
    }
    Ok(())
}

async fn operator_school(db: &Db, code: &str) -> anyhow::Result<schools::model::School> {
    schools::repo::find_by_code(&db.pool, &code.trim().to_ascii_uppercase())
        .await?
        .ok_or_else(|| anyhow::anyhow!("no school with code {code}"))
}

async fn import_students(
    config: &Config,
    clock: &dyn Clock,
    file: &std::path::Path,
    school: &str,
    dry_run: bool,
    lang: Option<String>,
) -> anyhow::Result<()> {
    use crate::academics::import::store::{self, Mode};
    let bytes =
        std::fs::read(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let keyring = crate::crypto::load_keyring(config, clock.now())?;
    let db = Db::connect(&config.database_url(), 2).await?;
    db.migrate().await?;
    let school = operator_school(&db, school).await?;
    let lang = match lang.as_deref() {
        Some("en") => Lang::En,
        Some(_) => Lang::Fr,
        None => school.locale,
    };
    let mode = if dry_run { Mode::DryRun } else { Mode::Apply };
    let started = Instant::now();
    let actor = AuditCtx::operator();
    let import = store::Import {
        scope: SchoolScope::for_operator(school.id),
        actor: &actor,
        job_id: None,
        mode,
    };
    let outcome = store::import_students(&db, &keyring, clock, import, &bytes, &|_, _| {}).await?;
    let plan = match outcome {
        Ok(plan) => plan,
        Err(report) => {
            for line in report.render(lang) {
                println!("{line}");
            }
            anyhow::bail!(
                "{}: {} problem(s); nothing was imported",
                file.display(),
                report.issues.len()
            );
        }
    };
    let counts = |c: store::Counts| {
        format!(
            "{} created, {} updated, {} unchanged",
            c.created, c.updated, c.unchanged
        )
    };
    println!("students: {}", counts(plan.students));
    println!("guardians: {}", counts(plan.guardians));
    println!("student-guardian links: {}", counts(plan.links));
    println!(
        "enrolments: {} opened, {} closed",
        plan.enrolments_opened, plan.enrolments_closed
    );
    for line in &plan.lines {
        let change = match line.student {
            store::Change::Created => "created".to_owned(),
            _ => format!("changed: {}", line.columns.join(", ")),
        };
        println!(
            "line {}: {} {} — {change}",
            line.line, line.matricule, line.name
        );
    }
    let elapsed = started.elapsed().as_secs_f64();
    if dry_run {
        println!(
            "dry run: nothing was written ({} rows checked in {elapsed:.2} s)",
            plan.rows
        );
    } else {
        println!("imported {} rows in {elapsed:.2} s", plan.rows);
    }
    Ok(())
}

/// `eschool import teachers|classes|assignments`: prints the counts and each row that changes,
/// or every problem of the file (exit status 1, nothing imported).
async fn import_structure(
    config: &Config,
    clock: &dyn Clock,
    kind: Kind,
    args: StructureImportArgs,
    initial_passwords: bool,
) -> anyhow::Result<()> {
    use crate::academics::import::store::{Change, Import, Mode};
    let StructureImportArgs {
        file,
        school,
        dry_run,
        lang,
    } = args;
    let bytes =
        std::fs::read(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let db = Db::connect(&config.database_url(), 2).await?;
    db.migrate().await?;
    let school = operator_school(&db, &school).await?;
    let lang = match lang.as_deref() {
        Some("en") => Lang::En,
        Some(_) => Lang::Fr,
        None => school.locale,
    };
    let started = Instant::now();
    let actor = AuditCtx::operator();
    let import = Import {
        scope: SchoolScope::for_operator(school.id),
        actor: &actor,
        job_id: None,
        mode: if dry_run { Mode::DryRun } else { Mode::Apply },
    };
    let outcome = match structure_import::store::import(&db, clock, import, kind, &bytes).await? {
        Ok(outcome) => outcome,
        Err(report) => {
            for line in report.render(lang) {
                println!("{line}");
            }
            anyhow::bail!(
                "{}: {} problem(s); nothing was imported",
                file.display(),
                report.issues.len()
            );
        }
    };
    let c = outcome.counts;
    println!(
        "{}: {} created, {} updated, {} unchanged",
        kind.as_str(),
        c.created,
        c.updated,
        c.unchanged
    );
    for line in &outcome.lines {
        let change = match line.change {
            Change::Created => "created".to_owned(),
            _ => format!("changed: {}", line.columns.join(", ")),
        };
        println!("line {}: {} — {change}", line.line, line.key);
    }
    let elapsed = started.elapsed().as_secs_f64();
    if dry_run {
        println!(
            "dry run: nothing was written ({} rows checked in {elapsed:.2} s)",
            outcome.rows
        );
        return Ok(());
    }
    println!("imported {} rows in {elapsed:.2} s", outcome.rows);
    if initial_passwords {
        let created: Vec<&str> = outcome
            .lines
            .iter()
            .filter(|l| l.change == Change::Created)
            .map(|l| l.key.as_str())
            .collect();
        set_initial_passwords(&db, clock, school.id, &created).await?;
    }
    Ok(())
}

/// Gives each new account a random password and prints them: the operator hands them over.
/// Only the hashes are stored; the audit row says which accounts got one, never the password.
async fn set_initial_passwords(
    db: &Db,
    clock: &dyn Clock,
    school_id: i64,
    usernames: &[&str],
) -> anyhow::Result<()> {
    if usernames.is_empty() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    println!("initial passwords (shown once; ask each person to change theirs):");
    for username in usernames {
        let Some(login) = accounts::repo::find_login(&mut *tx, username).await? else {
            continue;
        };
        let password: String = crate::auth::token::random_token()
            .chars()
            .take(16)
            .collect();
        let hash = password::hash(&password).await?;
        accounts::repo::set_password_hash(&mut *tx, login.id, &hash).await?;
        audit::record(
            &mut tx,
            clock,
            &AuditEvent {
                scope: Some(SchoolScope::for_operator(school_id)),
                actor: &AuditCtx::operator(),
                action: AuditAction::PasswordChange,
                resource_type: ResourceType::User,
                resource_id: Some(login.id.to_string()),
                details: serde_json::json!({ "initial": true }),
            },
        )
        .await?;
        println!("{username}: {password}");
    }
    tx.commit().await?;
    Ok(())
}

/// `eschool export teachers|classes|assignments`. Audited (`structure.export`): the staff file
/// holds e-mail addresses.
async fn export_structure(
    config: &Config,
    clock: &dyn Clock,
    kind: Kind,
    args: StructureExportArgs,
) -> anyhow::Result<()> {
    use structure_import::store;
    let db = Db::connect(&config.database_url(), 2).await?;
    db.migrate().await?;
    let school = operator_school(&db, &args.school).await?;
    let scope = SchoolScope::for_operator(school.id);
    let (csv, rows) = match kind {
        Kind::Staff => {
            let records = store::export_staff(&db, scope).await?;
            (structure_import::export_staff(&records), records.len())
        }
        Kind::Classes => {
            let records = store::export_classes(&db, scope).await?;
            (structure_import::export_classes(&records), records.len())
        }
        Kind::Assignments => {
            let records = store::export_assignments(&db, scope).await?;
            (
                structure_import::export_assignments(&records),
                records.len(),
            )
        }
    };
    let mut tx = db.begin().await?;
    audit::record(
        &mut tx,
        clock,
        &AuditEvent {
            scope: Some(scope),
            actor: &AuditCtx::operator(),
            action: AuditAction::StructureExport,
            resource_type: ResourceType::ImportJob,
            resource_id: None,
            details: serde_json::json!({ "kind": kind.as_str(), "rows": rows }),
        },
    )
    .await?;
    tx.commit().await?;
    match args.output {
        Some(path) => {
            write_private(&path, &csv)?;
            eprintln!("{rows} rows written to {}", path.display());
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(csv.as_bytes())?;
        }
    }
    Ok(())
}

async fn export_students(
    config: &Config,
    clock: &dyn Clock,
    school: &str,
    output: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    use crate::academics::import::{Column, export, store};
    let keyring = crate::crypto::load_keyring(config, clock.now())?;
    let db = Db::connect(&config.database_url(), 2).await?;
    db.migrate().await?;
    let school = operator_school(&db, school).await?;
    let scope = SchoolScope::for_operator(school.id);
    let records = store::export_records(&db, &keyring, scope, &Column::ALL).await?;
    let mut tx = db.begin().await?;
    audit::record(
        &mut tx,
        clock,
        &AuditEvent {
            scope: Some(scope),
            actor: &AuditCtx::operator(),
            action: AuditAction::StudentExport,
            resource_type: ResourceType::Student,
            resource_id: None,
            details: serde_json::json!({
                "students": records.len(),
                "national_id": true,
                "medical": true,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    let csv = export(&records);
    match output {
        Some(path) => {
            write_private(path, &csv)?;
            eprintln!("{} students written to {}", records.len(), path.display());
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(csv.as_bytes())?;
        }
    }
    Ok(())
}

async fn rotate_key(
    config: &Config,
    clock: &dyn Clock,
    new_key: bool,
    batch_size: i64,
    max_batches: Option<u64>,
) -> anyhow::Result<()> {
    anyhow::ensure!(batch_size > 0, "--batch-size must be at least 1");
    if new_key {
        anyhow::ensure!(
            config.encryption_keys.is_none(),
            "the keys come from ESCHOOL_ENCRYPTION_KEYS, which this command cannot change: add \
             the new key (id:base64 of 32 random bytes) to ESCHOOL_ENCRYPTION_KEYS on every \
             server, restart them, then set ESCHOOL_ENCRYPTION_ACTIVE_KEY to its id everywhere \
             and run `eschool rotate-key` without --new-key"
        );
        // Creates the file with a first key when there is none yet.
        crate::crypto::load_keyring(config, clock.now())?;
        let path = config.encryption_keys_file();
        let mut file = crate::crypto::KeyFile::read(&path)?
            .ok_or_else(|| anyhow::anyhow!("no key file at {}", path.display()))?;
        let id = file.unused_key_id(&crate::crypto::keys::new_key_id(clock.now()));
        file.add_active_key(&id)?;
        file.write(&path)?;
        println!(
            "added key {id} to {} and made it the active key; servers must load it (restart \
             them) to read the values re-encrypted with it",
            path.display()
        );
    }
    let keyring = crate::crypto::load_keyring(config, clock.now())?;
    let db = Db::connect(&config.database_url(), 2).await?;
    db.migrate().await?;
    let active = keyring.active_key_id().to_owned();
    let report = crate::academics::rotation::rotate(
        &db,
        &keyring,
        crate::academics::rotation::RotationOptions {
            batch_size,
            max_batches,
        },
        |b| {
            println!(
                "batch {}: {} students re-encrypted, {} changed meanwhile (left for the next run), {} unreadable",
                b.batch, b.rotated, b.changed, b.unreadable
            );
        },
    )
    .await?;
    if report.left == 0 {
        if report.rotated == 0 {
            println!("nothing left to re-encrypt: every value is under key {active}");
        } else {
            println!(
                "done: {} students re-encrypted under key {active}; nothing left",
                report.rotated
            );
        }
        return Ok(());
    }
    println!(
        "{} students re-encrypted under key {active}; {} students still have values under another key",
        report.rotated, report.left
    );
    anyhow::ensure!(
        report.unreadable == 0,
        "{} students have values that do not decrypt (see the log); they were left as they are",
        report.unreadable
    );
    println!("run `eschool rotate-key` again to continue");
    Ok(())
}

/// The demo password: configured, else the one generated at first seeding (kept in the data
/// directory so a restart can print it again), else a new random one.
fn demo_password(config: &Config) -> anyhow::Result<(String, bool)> {
    if let Some(pw) = &config.demo_password {
        return Ok((pw.expose().to_owned(), true));
    }
    let path = config.data_dir.join("demo-password.txt");
    if let Ok(saved) = std::fs::read_to_string(&path) {
        return Ok((saved.trim().to_owned(), false));
    }
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let pw: String = (0..16)
        .map(|i| {
            let c = char::from(ALPHABET[rand::random_range(0..ALPHABET.len())]);
            if i > 0 && i % 4 == 0 {
                format!("-{c}")
            } else {
                c.to_string()
            }
        })
        .collect();
    std::fs::create_dir_all(&config.data_dir)?;
    write_private(&path, &pw)?;
    Ok((pw, false))
}

async fn seed_demo(
    db: &Db,
    config: &Config,
    clock: &dyn Clock,
    students: usize,
    seed: u64,
) -> anyhow::Result<()> {
    let keyring = crate::crypto::load_keyring(config, clock.now())?;
    let (password, from_env) = demo_password(config)?;
    let started = Instant::now();
    let report = demo::seed(
        db,
        clock,
        &keyring,
        &DemoOptions {
            students,
            seed,
            password: password.clone(),
        },
    )
    .await?;
    if report.created {
        println!(
            "Demo school seeded in {:.1} s: {} students, {} guardians, {} teachers, {} classes, {} accounts, {} assessments, {} marks.",
            started.elapsed().as_secs_f64(),
            report.students,
            report.guardians,
            report.teachers,
            report.classes,
            report.accounts,
            report.assessments,
            report.marks
        );
    } else {
        if from_env {
            demo::reset_stable_passwords(db, clock, &password).await?;
        }
        println!("Demo school already present; its data is kept.");
    }
    println!("Demo logins (password: {password}):");
    for (username, role_key) in DEMO_LOGINS {
        println!("  {username:<8} {}", Lang::En.t(role_key));
    }
    println!("  … and generated accounts: prof.<name>.<n>, eleve.<n>, parent.<n>");
    Ok(())
}

/// The new administrator's password: `ESCHOOL_ADMIN_PASSWORD`, else the first line of stdin.
fn admin_password() -> anyhow::Result<String> {
    if let Ok(pw) = std::env::var("ESCHOOL_ADMIN_PASSWORD") {
        return Ok(pw);
    }
    eprintln!(
        "Password (at least {} characters), then Enter:",
        NewPassword::MIN_CHARS
    );
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

/// `eschool create-admin`: a school administrator (or platform administrator), audited.
pub async fn create_admin(
    db: &Db,
    clock: &dyn Clock,
    school_code: Option<&str>,
    username: &str,
    display_name: Option<&str>,
    platform: bool,
    raw: &str,
) -> anyhow::Result<()> {
    let username = Username::parse(username).map_err(|k| anyhow::anyhow!(Lang::En.t(k)))?;
    let display = parse_display_name(display_name.unwrap_or(username.as_str()))
        .map_err(|k| anyhow::anyhow!(Lang::En.t(k)))?;
    anyhow::ensure!(
        platform || school_code.is_some(),
        "give --school CODE, or --platform"
    );
    let school = match school_code {
        Some(code) => Some(
            schools::repo::find_by_code(&db.pool, &code.trim().to_ascii_uppercase())
                .await?
                .ok_or_else(|| anyhow::anyhow!("no school with code {code}"))?,
        ),
        None => None,
    };
    let new_password = NewPassword::parse(raw).map_err(|k| anyhow::anyhow!(Lang::En.t(k)))?;
    let hash = password::hash(new_password.expose())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let now = clock.now_ms();
    let mut tx = db.begin().await?;
    let new = accounts::repo::NewUser {
        username: username.as_str(),
        display_name: &display,
        email: None,
        password_hash: &hash,
        is_platform_admin: platform,
    };
    let user_id = accounts::repo::insert_user(&mut *tx, &new, now)
        .await
        .map_err(|e| {
            if crate::db::unique_violation(&e).is_some() {
                anyhow::anyhow!("username {} is taken", username.as_str())
            } else {
                e.into()
            }
        })?;
    let scope = school.as_ref().map(|s| SchoolScope::for_operator(s.id));
    if let Some(scope) = scope {
        accounts::repo::add_role(&mut *tx, scope, user_id, Role::SchoolAdmin, now).await?;
    }
    let roles: &[&str] = if scope.is_some() {
        &["school_admin"]
    } else {
        &[]
    };
    audit::record(
        &mut tx,
        clock,
        &AuditEvent {
            scope,
            actor: &AuditCtx::operator(),
            action: AuditAction::UserCreate,
            resource_type: ResourceType::User,
            resource_id: Some(user_id.to_string()),
            details: serde_json::json!({
                "username": username.as_str(),
                "display_name": display,
                "roles": roles,
                "platform_admin": platform,
                "source": "cli",
            }),
        },
    )
    .await?;
    tx.commit().await?;
    match school {
        Some(s) => println!(
            "created administrator {} for {} ({})",
            username.as_str(),
            s.name,
            s.code
        ),
        None => println!("created platform administrator {}", username.as_str()),
    }
    Ok(())
}
