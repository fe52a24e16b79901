//! The demo school: a believable French collège (6e–3e) with classes, subjects and
//! coefficients, teachers, students and their guardians, and stable logins for each role.
//!
//! Seeding is batched (multi-row inserts in one transaction), so 5,000 students take seconds.
//! Every generated account shares one password hash: hashing thousands of passwords would
//! take minutes, and these are demo accounts with a demo password.

mod councils;
mod marks;
mod names;
mod people;
mod structure;

use std::collections::HashMap;

use rand::{Rng, SeedableRng, rngs::StdRng, seq::IndexedRandom};
use sqlx::{Any, AssertSqlSafe, Row};

use crate::{
    accounts::model::Role,
    auth::password,
    clock::Clock,
    crypto::{Keyring, Purpose, normalise_national_id},
    db::{Db, Tx, batch_rows, values_placeholders},
    schools::{self, SchoolScope, model::SchoolSettings},
};

pub const DEMO_SCHOOL_CODE: &str = "DEMO";

/// The stable demo logins, one per role, listed in the README.
pub const DEMO_LOGINS: [(&str, &str); 6] = [
    ("admin", "role-school_admin"),
    ("teacher", "role-teacher"),
    ("cpe", "role-vie_scolaire"),
    ("bursar", "role-bursar"),
    ("parent", "role-parent"),
    ("student", "role-student"),
];

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub students: usize,
    pub seed: u64,
    pub password: String,
}

#[derive(Debug, Clone, Default)]
pub struct DemoReport {
    pub created: bool,
    pub students: usize,
    pub guardians: usize,
    pub teachers: usize,
    pub classes: usize,
    pub accounts: usize,
    pub assessments: usize,
    pub marks: usize,
    /// Appréciations (student × subject) and council decisions of the ended periods.
    pub appreciations: usize,
    pub decisions: usize,
}

/// A value for a batched insert.
#[derive(Debug, Clone)]
enum V {
    I(i64),
    OI(Option<i64>),
    S(String),
    OS(Option<String>),
}

/// Inserts rows in batches; returns the `RETURNING` column pairs when `returning` is given.
async fn insert_batch(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: &[Vec<V>],
    returning: Option<(&str, &str)>,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let mut out = Vec::new();
    for chunk in rows.chunks(batch_rows(columns.len())) {
        let mut sql = format!(
            "INSERT INTO {table} ({}) VALUES {}",
            columns.join(", "),
            values_placeholders(chunk.len(), columns.len())
        );
        if let Some((id, key)) = returning {
            sql.push_str(&format!(" RETURNING {id}, {key}"));
        }
        let mut query = sqlx::query::<Any>(AssertSqlSafe(sql));
        for row in chunk {
            for v in row {
                query = match v {
                    V::I(i) => query.bind(*i),
                    V::OI(i) => query.bind(*i),
                    V::S(s) => query.bind(s.clone()),
                    V::OS(s) => query.bind(s.clone()),
                };
            }
        }
        if returning.is_some() {
            for row in query.fetch_all(&mut **tx).await? {
                out.push((row.try_get(0)?, row.try_get(1)?));
            }
        } else {
            query.execute(&mut **tx).await?;
        }
    }
    Ok(out)
}

/// Lowercase ASCII for usernames: "Aïcha Ndiaye" → "aicha.ndiaye".
fn ascii_slug(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'à' | 'â' | 'ä' | 'À' => Some('a'),
            'é' | 'è' | 'ê' | 'ë' | 'É' => Some('e'),
            'î' | 'ï' => Some('i'),
            'ô' | 'ö' => Some('o'),
            'ù' | 'û' | 'ü' => Some('u'),
            'ç' => Some('c'),
            ' ' | '-' | '\'' => Some('-'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

struct Subject {
    code: &'static str,
    name: &'static str,
    color: &'static str,
    /// Coefficient per level 6e, 5e, 4e, 3e, in hundredths; 0 = not taught at that level.
    coefficients: [i64; 4],
}

const SUBJECTS: [Subject; 11] = [
    Subject {
        code: "FRA",
        name: "Français",
        color: "#1d4ed8",
        coefficients: [400, 400, 400, 400],
    },
    Subject {
        code: "MATH",
        name: "Mathématiques",
        color: "#b91c1c",
        coefficients: [400, 400, 400, 400],
    },
    Subject {
        code: "HG",
        name: "Histoire-Géographie-EMC",
        color: "#a16207",
        coefficients: [300, 300, 300, 300],
    },
    Subject {
        code: "ANG",
        name: "Anglais (LV1)",
        color: "#047857",
        coefficients: [300, 300, 300, 300],
    },
    Subject {
        code: "ESP",
        name: "Espagnol (LV2)",
        color: "#c2410c",
        coefficients: [0, 200, 200, 200],
    },
    Subject {
        code: "SVT",
        name: "Sciences de la vie et de la Terre",
        color: "#15803d",
        coefficients: [200, 150, 150, 200],
    },
    Subject {
        code: "PC",
        name: "Physique-Chimie",
        color: "#7c3aed",
        coefficients: [0, 150, 150, 200],
    },
    Subject {
        code: "TECH",
        name: "Technologie",
        color: "#0e7490",
        coefficients: [150, 150, 150, 150],
    },
    Subject {
        code: "EPS",
        name: "Éducation physique et sportive",
        color: "#be185d",
        coefficients: [200, 200, 200, 200],
    },
    Subject {
        code: "ARTS",
        name: "Arts plastiques",
        color: "#9333ea",
        coefficients: [100, 100, 100, 100],
    },
    Subject {
        code: "MUS",
        name: "Éducation musicale",
        color: "#4d7c0f",
        coefficients: [100, 100, 100, 100],
    },
];

const MEDICAL_NOTES: [&str; 6] = [
    "Asthme : Ventoline dans le sac, prévenir la famille en cas de crise.",
    "Allergie aux arachides (PAI) : trousse d’urgence à l’infirmerie.",
    "Diabète de type 1 (PAI) : collation autorisée en classe.",
    "Épilepsie : protocole d’urgence transmis à la vie scolaire.",
    "Port de lunettes obligatoire au tableau.",
    "Dispense partielle d’EPS (genou) jusqu’en janvier.",
];

const LEVELS: [&str; 4] = ["6e", "5e", "4e", "3e"];
const CLASS_SIZE: usize = 28;

/// A class name: "6e A", "6e B"… while a level has at most 26 classes, "6e 1", "6e 2"… beyond.
fn class_label(level: &str, index: usize, classes_in_level: usize) -> String {
    match u8::try_from(index) {
        Ok(i) if classes_in_level <= 26 => format!("{level} {}", char::from(b'A' + i)),
        _ => format!("{level} {}", index + 1),
    }
}

/// Seeds the demo school unless it exists. Returns what was created (nothing on a re-run).
#[tracing::instrument(skip_all, fields(students = options.students))]
pub async fn seed(
    db: &Db,
    clock: &dyn Clock,
    keyring: &Keyring,
    options: &DemoOptions,
) -> anyhow::Result<DemoReport> {
    if schools::repo::find_by_code(&db.pool, DEMO_SCHOOL_CODE)
        .await?
        .is_some()
    {
        return Ok(DemoReport::default());
    }
    let hash = {
        let pw = options.password.clone();
        tokio::task::spawn_blocking(move || password::hash_blocking(&pw)).await??
    };
    let now = clock.now_ms();
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut tx = db.begin().await?;

    let settings = SchoolSettings {
        name: "Collège Jean Moulin (démo)".into(),
        locale: crate::web::i18n::Lang::Fr,
        timezone: "Europe/Paris".into(),
        currency: "EUR".into(),
        color: "#1d4ed8".into(),
        period_kind: schools::model::PeriodKind::Trimester,
        average_mode: schools::model::AverageMode::Normalized,
        grade_decimals: 2,
        show_ranks: true,
        annual_mode: crate::gradebook::AnnualMode::MeanOfPeriods,
        appreciation_max_chars: 300,
    };
    let school_id = schools::repo::insert(&mut *tx, DEMO_SCHOOL_CODE, &settings, now).await?;
    let scope = SchoolScope::for_operator(school_id);
    let sid = scope.school_id();

    // Structure: the year, levels, subjects and coefficients.
    let year_id: i64 = sqlx::query_scalar(
        "INSERT INTO academic_years (school_id, name, starts_on, ends_on, is_current) \
         VALUES ($1, '2026-2027', '2026-09-01', '2027-07-04', 1) RETURNING id",
    )
    .bind(sid)
    .fetch_one(&mut *tx)
    .await?;
    let level_rows: Vec<Vec<V>> = LEVELS
        .iter()
        .enumerate()
        .map(|(i, l)| vec![V::I(sid), V::S((*l).into()), V::I(i as i64 + 1)])
        .collect();
    let level_ids: HashMap<String, i64> = insert_batch(
        &mut tx,
        "levels",
        &["school_id", "name", "position"],
        &level_rows,
        Some(("id", "name")),
    )
    .await?
    .into_iter()
    .map(|(id, name)| (name, id))
    .collect();
    let subject_rows: Vec<Vec<V>> = SUBJECTS
        .iter()
        .map(|s| {
            vec![
                V::I(sid),
                V::S(s.code.into()),
                V::S(s.name.into()),
                V::S(s.color.into()),
            ]
        })
        .collect();
    let subject_ids: HashMap<String, i64> = insert_batch(
        &mut tx,
        "subjects",
        &["school_id", "code", "name", "color"],
        &subject_rows,
        Some(("id", "code")),
    )
    .await?
    .into_iter()
    .map(|(id, code)| (code, id))
    .collect();
    let mut coefficient_rows = Vec::new();
    for (i, level) in LEVELS.iter().enumerate() {
        for s in &SUBJECTS {
            if s.coefficients[i] > 0 {
                coefficient_rows.push(vec![
                    V::I(sid),
                    V::I(level_ids[*level]),
                    V::I(subject_ids[s.code]),
                    V::I(s.coefficients[i]),
                ]);
            }
        }
    }
    insert_batch(
        &mut tx,
        "level_subjects",
        &["school_id", "level_id", "subject_id", "coefficient_cents"],
        &coefficient_rows,
        None,
    )
    .await?;

    // People. Accounts first (users + roles), then the records that point at them.
    let mut users: Vec<(String, String, Option<String>, Role)> = vec![
        (
            "admin".into(),
            "Claire Fontaine".into(),
            Some("direction@demo.eschool.example".into()),
            Role::SchoolAdmin,
        ),
        (
            "cpe".into(),
            "Karim Benali".into(),
            Some("vie-scolaire@demo.eschool.example".into()),
            Role::VieScolaire,
        ),
        (
            "bursar".into(),
            "Odile Marchand".into(),
            Some("intendance@demo.eschool.example".into()),
            Role::Bursar,
        ),
    ];
    let per_level = options.students.div_ceil(LEVELS.len());
    let classes_per_level = per_level.div_ceil(CLASS_SIZE).max(1);
    let class_count = classes_per_level * LEVELS.len();
    let teacher_count = (options.students / 18).max(12).max(class_count);
    let mut teacher_names = Vec::new();
    for i in 0..teacher_count {
        let first = if rng.random_bool(0.55) {
            names::ADULT_WOMEN
        } else {
            names::ADULT_MEN
        }
        .choose(&mut rng)
        .copied()
        .unwrap_or("Marie");
        let last = names::SURNAMES
            .choose(&mut rng)
            .copied()
            .unwrap_or("Martin");
        let username = if i == 0 {
            "teacher".to_owned()
        } else {
            format!("prof.{}.{}", ascii_slug(last), i)
        };
        teacher_names.push(username.clone());
        users.push((username, format!("{first} {last}"), None, Role::Teacher));
    }

    // Students, grouped into families of one to three children.
    struct Kid {
        first: String,
        last: String,
        sex: &'static str,
        level: usize,
        family: usize,
    }
    let mut kids = Vec::with_capacity(options.students);
    let mut families: Vec<(String, usize)> = Vec::new(); // (surname, number of children)
    while kids.len() < options.students {
        let family = families.len();
        let surname = names::SURNAMES
            .choose(&mut rng)
            .copied()
            .unwrap_or("Martin")
            .to_owned();
        // The first family has two children: the stable `parent` account is their guardian.
        let size = if family == 0 {
            2
        } else {
            *[1, 1, 1, 2, 2, 3].choose(&mut rng).unwrap_or(&1)
        };
        let size = size.min(options.students - kids.len());
        for _ in 0..size {
            let girl = rng.random_bool(0.5);
            let first = if girl { names::GIRLS } else { names::BOYS }
                .choose(&mut rng)
                .copied()
                .unwrap_or("Alex");
            let level = kids.len() % LEVELS.len();
            kids.push(Kid {
                first: first.into(),
                last: surname.clone(),
                sex: if girl { "F" } else { "M" },
                level,
                family,
            });
        }
        families.push((surname, size));
    }
    for (i, kid) in kids.iter().enumerate() {
        let username = if i == 0 {
            "student".to_owned()
        } else {
            format!("eleve.{}", i + 1)
        };
        users.push((
            username,
            format!("{} {}", kid.first, kid.last),
            None,
            Role::Student,
        ));
    }
    // One or two guardians per family.
    struct Adult {
        first: String,
        last: String,
        relationship: &'static str,
        family: usize,
        username: String,
    }
    let mut adults = Vec::new();
    for (family, (surname, _)) in families.iter().enumerate() {
        let both = family == 0 || rng.random_bool(0.7);
        let mother_first = names::ADULT_WOMEN
            .choose(&mut rng)
            .copied()
            .unwrap_or("Marie");
        let father_first = names::ADULT_MEN.choose(&mut rng).copied().unwrap_or("Jean");
        let username = if family == 0 {
            "parent".to_owned()
        } else {
            format!("parent.{}", adults.len() + 1)
        };
        adults.push(Adult {
            first: mother_first.into(),
            last: surname.clone(),
            relationship: "mother",
            family,
            username,
        });
        if both {
            let username = format!("parent.{}", adults.len() + 1);
            adults.push(Adult {
                first: father_first.into(),
                last: surname.clone(),
                relationship: "father",
                family,
                username,
            });
        }
    }
    for a in &adults {
        let email = format!(
            "{}.{}@famille.example",
            ascii_slug(&a.first),
            a.username.replace('.', "-")
        );
        users.push((
            a.username.clone(),
            format!("{} {}", a.first, a.last),
            Some(email),
            Role::Parent,
        ));
    }

    let user_rows: Vec<Vec<V>> = users
        .iter()
        .map(|(u, name, email, _)| {
            vec![
                V::S(u.clone()),
                V::S(name.clone()),
                V::OS(email.clone()),
                V::S(hash.clone()),
                V::I(now),
            ]
        })
        .collect();
    let user_ids: HashMap<String, i64> = insert_batch(
        &mut tx,
        "users",
        &[
            "username",
            "display_name",
            "email",
            "password_hash",
            "created_at",
        ],
        &user_rows,
        Some(("id", "username")),
    )
    .await?
    .into_iter()
    .map(|(id, u)| (u, id))
    .collect();
    let id_of = |u: &str| {
        user_ids
            .get(u)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("user {u} not inserted"))
    };
    let mut membership_rows = Vec::with_capacity(users.len());
    for (u, _, _, role) in &users {
        membership_rows.push(vec![
            V::I(sid),
            V::I(id_of(u)?),
            V::S(role.as_str().into()),
            V::I(now),
        ]);
    }
    insert_batch(
        &mut tx,
        "memberships",
        &["school_id", "user_id", "role", "created_at"],
        &membership_rows,
        None,
    )
    .await?;

    // Classes, each with a main teacher.
    let mut class_rows = Vec::new();
    for (li, level) in LEVELS.iter().enumerate() {
        for c in 0..classes_per_level {
            let teacher = &teacher_names[(li * classes_per_level + c) % teacher_names.len()];
            class_rows.push(vec![
                V::I(sid),
                V::I(year_id),
                V::I(level_ids[*level]),
                V::S(class_label(level, c, classes_per_level)),
                V::OI(Some(id_of(teacher)?)),
                V::OS(Some(format!("Salle {}{:02}", li + 1, c + 1))),
            ]);
        }
    }
    let class_ids: HashMap<String, i64> = insert_batch(
        &mut tx,
        "classes",
        &[
            "school_id",
            "year_id",
            "level_id",
            "name",
            "main_teacher_id",
            "room",
        ],
        &class_rows,
        Some(("id", "name")),
    )
    .await?
    .into_iter()
    .map(|(id, name)| (name, id))
    .collect();

    // Periods, subject groups, overrides, teaching assignments (src/demo/structure.rs).
    let mut demo_classes = Vec::with_capacity(class_count);
    for (li, level) in LEVELS.iter().enumerate() {
        for c in 0..classes_per_level {
            let name = class_label(level, c, classes_per_level);
            let id = class_ids
                .get(&name)
                .copied()
                .ok_or_else(|| anyhow::anyhow!("class {name} not inserted"))?;
            demo_classes.push((id, li));
        }
    }
    let built = structure::Built {
        school_id: sid,
        year_id,
        year_dates: ("2026-09-01", "2027-07-04"),
        settings: &settings,
        level_ids: &level_ids,
        subject_ids: &subject_ids,
        classes: demo_classes,
        teachers: teacher_names
            .iter()
            .map(|u| id_of(u))
            .collect::<anyhow::Result<_>>()?,
        now,
    };
    structure::fill(&mut tx, &built).await?;

    // Students, spread evenly over their level's classes.
    let mut per_level_seen = [0usize; 4];
    let mut student_rows = Vec::with_capacity(kids.len());
    for (i, kid) in kids.iter().enumerate() {
        let n = per_level_seen[kid.level];
        per_level_seen[kid.level] += 1;
        let class_name = class_label(LEVELS[kid.level], n % classes_per_level, classes_per_level);
        let birth_year = 2015 - kid.level as i64;
        let birth = format!(
            "{birth_year}-{:02}-{:02}",
            rng.random_range(1..=12),
            rng.random_range(1..=28)
        );
        let username = if i == 0 {
            "student".to_owned()
        } else {
            format!("eleve.{}", i + 1)
        };
        student_rows.push(vec![
            V::I(sid),
            V::S(format!("2026-{:05}", i + 1)),
            V::S(kid.first.clone()),
            V::S(kid.last.clone()),
            V::OS(Some(birth)),
            V::OS(Some(kid.sex.into())),
            V::OI(class_ids.get(&class_name).copied()),
            V::OI(Some(id_of(&username)?)),
            V::I(now),
        ]);
        // Every student has a national ID (INE: 10 digits and a letter), encrypted, with its
        // blind index; about one in seven has a medical note (allergy, PAI...).
        let ine = format!(
            "{:010}{}",
            rng.random_range(0..10_000_000_000_u64),
            char::from(b'A' + rng.random_range(0..26u8))
        );
        let medical = rng
            .random_bool(0.15)
            .then(|| MEDICAL_NOTES.choose(&mut rng).copied().unwrap_or("PAI"));
        if let Some(row) = student_rows.last_mut() {
            row.push(V::OS(Some(keyring.encrypt(Purpose::NationalId, sid, &ine))));
            row.push(V::OS(Some(keyring.blind_index(
                Purpose::NationalId,
                sid,
                &normalise_national_id(&ine),
            ))));
            row.push(V::OS(
                medical.map(|m| keyring.encrypt(Purpose::Medical, sid, m)),
            ));
        }
    }
    let student_ids: HashMap<String, i64> = insert_batch(
        &mut tx,
        "students",
        &[
            "school_id",
            "matricule",
            "first_name",
            "last_name",
            "birth_date",
            "sex",
            "class_id",
            "user_id",
            "created_at",
            "national_id_enc",
            "national_id_bidx",
            "medical_enc",
        ],
        &student_rows,
        Some(("id", "matricule")),
    )
    .await?
    .into_iter()
    .map(|(id, m)| (m, id))
    .collect();

    let guardian_rows: Vec<Vec<V>> = adults
        .iter()
        .map(|a| {
            let phone = format!(
                "06 {:02} {:02} {:02} {:02}",
                rng.random_range(0..100),
                rng.random_range(0..100),
                rng.random_range(0..100),
                rng.random_range(0..100)
            );
            let email = format!(
                "{}.{}@famille.example",
                ascii_slug(&a.first),
                a.username.replace('.', "-")
            );
            Ok(vec![
                V::I(sid),
                V::S(a.first.clone()),
                V::S(a.last.clone()),
                V::OS(Some(phone)),
                V::OS(Some(email)),
                V::OI(Some(id_of(&a.username)?)),
                V::I(now),
            ])
        })
        .collect::<anyhow::Result<_>>()?;
    let guardian_ids: HashMap<String, i64> = insert_batch(
        &mut tx,
        "guardians",
        &[
            "school_id",
            "first_name",
            "last_name",
            "phone",
            "email",
            "user_id",
            "created_at",
        ],
        &guardian_rows,
        Some(("id", "email")),
    )
    .await?
    .into_iter()
    .map(|(id, email)| (email, id))
    .collect();

    let mut link_rows = Vec::new();
    for a in &adults {
        let email = format!(
            "{}.{}@famille.example",
            ascii_slug(&a.first),
            a.username.replace('.', "-")
        );
        let guardian_id = guardian_ids[&email];
        for (i, kid) in kids.iter().enumerate() {
            if kid.family == a.family {
                let student_id = student_ids[&format!("2026-{:05}", i + 1)];
                link_rows.push(vec![
                    V::I(sid),
                    V::I(student_id),
                    V::I(guardian_id),
                    V::S(a.relationship.into()),
                    V::I(1),
                ]);
            }
        }
    }
    insert_batch(
        &mut tx,
        "student_guardians",
        &[
            "school_id",
            "student_id",
            "guardian_id",
            "relationship",
            "legal_guardian",
        ],
        &link_rows,
        None,
    )
    .await?;
    people::add_people_details(&mut tx, sid).await?;
    // The school's today, in its time zone: no mark is dated after it.
    let tz = jiff::tz::TimeZone::get(&settings.timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    let today = clock.now().to_zoned(tz).date();
    let (graded, ended) = marks::seed(&mut tx, scope, year_id, today, now, options.seed).await?;
    let mode = match settings.average_mode {
        schools::model::AverageMode::Normalized => crate::gradebook::AverageMode::Normalized,
        schools::model::AverageMode::WeightedByMax => crate::gradebook::AverageMode::WeightedByMax,
    };
    let councils = councils::seed(
        &mut tx,
        scope,
        year_id,
        (settings.locale, mode),
        &ended,
        now,
        options.seed,
    )
    .await?;
    drop(ended);
    crate::audit::record(
        &mut tx,
        clock,
        &crate::audit::AuditEvent {
            scope: Some(scope),
            actor: &crate::audit::AuditCtx::operator(),
            action: crate::audit::AuditAction::SchoolSetup,
            resource_type: crate::audit::ResourceType::School,
            resource_id: Some(sid.to_string()),
            details: serde_json::json!({
                "code": DEMO_SCHOOL_CODE,
                "name": settings.name,
                "source": "demo",
                "students": kids.len(),
                "accounts": users.len(),
                "assessments": graded.assessments,
                "marks": graded.marks,
                "appreciations": councils.appreciations,
                "decisions": councils.decisions,
            }),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(DemoReport {
        created: true,
        students: kids.len(),
        guardians: adults.len(),
        teachers: teacher_count,
        classes: class_count,
        accounts: users.len(),
        assessments: graded.assessments,
        marks: graded.marks,
        appreciations: councils.appreciations,
        decisions: councils.decisions,
    })
}

/// Sets the password of the stable demo logins (for `ESCHOOL_DEMO_PASSWORD` on a re-run).
pub async fn reset_stable_passwords(
    db: &Db,
    clock: &dyn Clock,
    password: &str,
) -> anyhow::Result<()> {
    let pw = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || password::hash_blocking(&pw)).await??;
    let school = schools::repo::find_by_code(&db.pool, DEMO_SCHOOL_CODE).await?;
    let mut tx = db.begin().await?;
    for (username, _) in DEMO_LOGINS {
        sqlx::query("UPDATE users SET password_hash = $1, failed_logins = 0, last_failed_login_at = NULL WHERE username = $2")
            .bind(&hash)
            .bind(username)
            .execute(&mut *tx)
            .await?;
    }
    crate::audit::record(
        &mut tx,
        clock,
        &crate::audit::AuditEvent {
            scope: school.map(|s| SchoolScope::for_operator(s.id)),
            actor: &crate::audit::AuditCtx::operator(),
            action: crate::audit::AuditAction::PasswordChange,
            resource_type: crate::audit::ResourceType::User,
            resource_id: None,
            details: serde_json::json!({
                "source": "demo",
                "usernames": DEMO_LOGINS.iter().map(|(u, _)| *u).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_labels_stay_unique_in_big_schools() {
        assert_eq!(class_label("6e", 0, 4), "6e A");
        assert_eq!(class_label("6e", 25, 26), "6e Z");
        assert_eq!(class_label("6e", 0, 45), "6e 1");
        let labels: std::collections::HashSet<_> =
            (0..45).map(|i| class_label("3e", i, 45)).collect();
        assert_eq!(labels.len(), 45);
    }

    #[test]
    fn usernames_are_ascii() {
        assert_eq!(ascii_slug("Aïcha Ndiaye"), "aicha-ndiaye");
        assert_eq!(ascii_slug("Keïta"), "keita");
    }
}
