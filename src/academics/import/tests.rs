//! The malformed-file suite, the export → import identity, and the 5,000-row file.

use jiff::civil::Date;
use proptest::prelude::*;

use super::*;
use crate::web::i18n::Lang;

const HEADER: &str = "matricule;nom;prénom;date_naissance;sexe;classe;statut;\
responsable1_nom;responsable1_prenom;responsable1_lien;responsable1_telephone;responsable1_email";

/// `(line, column, message id)` of each problem, or a panic if the file parsed.
fn problems(bytes: &[u8]) -> Vec<(u64, Option<String>, &'static str)> {
    match parse(bytes) {
        Ok(records) => panic!("parsed {} records", records.len()),
        Err(report) => report
            .summary()
            .into_iter()
            .map(|(l, c, m)| (l, c.map(str::to_owned), m))
            .collect(),
    }
}

fn at(line: u64, column: &str, message: &'static str) -> (u64, Option<String>, &'static str) {
    (line, Some(column.to_owned()), message)
}

fn file(rows: &[&str]) -> Vec<u8> {
    let mut text = String::from(HEADER);
    for row in rows {
        text.push('\n');
        text.push_str(row);
    }
    text.into_bytes()
}

fn name(s: &str) -> PersonName {
    PersonName::parse(s).unwrap()
}

#[test]
fn excel_french_file_with_bom_crlf_and_trailing_empty_columns() {
    let text = "\u{FEFF}Matricule;Nom;Prénom;Date de naissance;Sexe;Classe;Statut;\
Responsable1_Nom;Responsable1_Prénom;Responsable1_Lien;Responsable1_Téléphone;Responsable1_Email;;\r\n\
2024-001;  Dupont ;Marie  Claire;14/03/2012;Féminin;6e A;inscrite;Dupont;Jean;Père;06 12 34 56 78;Jean.Dupont@Example.fr;;\r\n\
;;;;;;;;;;;;;\r\n\
\r\n\
2024-002;N'Diaye;Awa;2011-09-01;F;;;;;;;;;\r\n";
    let records = parse(text.as_bytes()).unwrap();
    assert_eq!(records.len(), 2);
    let marie = &records[0];
    assert_eq!(marie.matricule.as_str(), "2024-001");
    assert_eq!(marie.last_name, name("Dupont"));
    assert_eq!(marie.first_name.as_str(), "Marie Claire");
    assert_eq!(
        marie.birth_date,
        Some(BirthDate(Date::new(2012, 3, 14).unwrap()))
    );
    assert_eq!(marie.sex, Some(Sex::F));
    assert_eq!(marie.class.as_ref().map(ClassName::as_str), Some("6e A"));
    assert_eq!(marie.status, Status::Enrolled);
    let father = marie.guardians[0].as_ref().unwrap();
    assert_eq!(father.relationship, Relationship::Father);
    assert_eq!(
        father.email.as_ref().map(Email::as_str),
        Some("jean.dupont@example.fr")
    );
    assert!(father.legal && father.receives_notices);
    assert_eq!(marie.guardians[1], None);
    assert_eq!(records[1].last_name.as_str(), "N'Diaye");
    assert_eq!(records[1].guardians, [None, None]);
}

#[test]
fn comma_and_tab_delimiters_with_english_headers() {
    let comma = "matricule,last_name,first_name,birth_date\nA1,Martin,Léo,2012-01-31\n";
    let tab = "Matricule\tLast Name\tFirst Name\tBirth Date\nA1\tMartin\tLéo\t31/01/2012\n";
    let a = parse(comma.as_bytes()).unwrap();
    let b = parse(tab.as_bytes()).unwrap();
    assert_eq!(a, b);
    assert_eq!(a[0].first_name.as_str(), "Léo");
}

#[test]
fn quoted_fields_with_delimiters_newlines_and_quotes() {
    let text = "matricule;nom;prénom;lieu_naissance;informations_medicales\n\
\"A;1\";\"Le Gall; dit \"\"Yann\"\"\";Yann;\"Saint-Brieuc,\nCôtes-d'Armor\";\"Asthme.\r\nVentoline \
en cas de crise.\"\n\
A2;Martin;Léo;;\n";
    let records = parse(text.as_bytes()).unwrap();
    assert_eq!(records[0].matricule.as_str(), "A;1");
    assert_eq!(records[0].last_name.as_str(), "Le Gall; dit \"Yann\"");
    // A line break in a one-line field becomes a space; in the medical notes it stays.
    assert_eq!(
        records[0].birth_place.as_ref().unwrap().as_str(),
        "Saint-Brieuc, Côtes-d'Armor"
    );
    assert_eq!(
        records[0].medical.as_ref().unwrap().as_str(),
        "Asthme.\nVentoline en cas de crise."
    );
    // Lines count the quoted line breaks: the second row starts on line 5.
    let bad = text.replace("A2;Martin;Léo", "A2;Martin;");
    assert_eq!(problems(bad.as_bytes()), [at(5, "prénom", msg::REQUIRED)]);
}

#[test]
fn missing_unknown_and_duplicate_columns() {
    assert_eq!(
        problems(b"matricule;prenom;naissance;Prenom;\nA1;Lea;x;y\n"),
        [
            at(1, "naissance", msg::UNKNOWN_COLUMN),
            at(1, "Prenom", msg::DUPLICATE_COLUMN),
            at(1, "last_name", msg::MISSING_COLUMN),
        ]
    );
    // A guardian's first name column without the last name column.
    assert_eq!(
        problems(b"matricule;nom;prenom;responsable2_prenom\nA1;Roux;Lea;Paul\n"),
        [at(1, "guardian2_last_name", msg::MISSING_COLUMN)]
    );
}

#[test]
fn empty_required_fields() {
    assert_eq!(
        problems(&file(&[";Roux;Léa", "A2;;", "A3;Roux;Léa;;;;;;Paul"])),
        [
            at(2, "matricule", msg::REQUIRED),
            at(3, "nom", msg::REQUIRED),
            at(3, "prénom", msg::REQUIRED),
            at(4, "responsable1_nom", msg::REQUIRED),
        ]
    );
}

#[test]
fn bad_dates() {
    assert_eq!(
        problems(&file(&[
            "A1;Roux;Léa;31/02/2026",
            "A2;Roux;Léo;2026-02-30",
            "A3;Roux;Lou;14/03/12",
            "A4;Roux;Luc;12 mars 2012",
            "A5;Roux;Lia;2012-03-14",
        ])),
        [
            at(2, "date_naissance", msg::NONEXISTENT_DATE),
            at(3, "date_naissance", msg::NONEXISTENT_DATE),
            at(4, "date_naissance", msg::INVALID_DATE),
            at(5, "date_naissance", msg::INVALID_DATE),
        ]
    );
}

#[test]
fn bad_sex_status_relationship_and_flags() {
    assert_eq!(
        problems(&file(&[
            "A1;Roux;Léa;;X;;;",
            "A2;Roux;Léo;;M;;absent",
            "A3;Roux;Lou;;;;;Roux;Paul;oncle",
        ])),
        [
            at(2, "sexe", msg::INVALID_SEX),
            at(3, "statut", msg::INVALID_STATUS),
            at(4, "responsable1_lien", msg::INVALID_RELATIONSHIP),
        ]
    );
    assert_eq!(
        problems(b"matricule;nom;prenom;guardian1_last_name;guardian1_first_name;guardian1_legal\nA1;Roux;Lea;Roux;Paul;peut-etre\n"),
        [at(2, "guardian1_legal", msg::INVALID_YES_NO)]
    );
}

#[test]
fn bad_email_and_phone() {
    assert_eq!(
        problems(&file(&[
            "A1;Roux;Léa;;;;;Roux;Paul;père;;paul.roux@",
            "A2;Roux;Léo;;;;;Roux;Paul;père;paul.roux@example.fr;",
        ])),
        [
            at(2, "responsable1_email", msg::INVALID_EMAIL),
            at(3, "responsable1_telephone", msg::INVALID_PHONE),
        ]
    );
}

#[test]
fn duplicate_matricule_names_both_lines() {
    let report = parse(&file(&["A1;Roux;Léa", "A2;Roux;Léo", " A1 ;Roux;Lou"])).unwrap_err();
    assert_eq!(
        report.summary(),
        [(4, Some("matricule"), msg::DUPLICATE_MATRICULE)]
    );
    assert_eq!(
        report.render(Lang::Fr),
        ["Ligne 4, colonne « matricule » : le matricule « A1 » figure déjà ligne 2."]
    );
    assert_eq!(
        report.render(Lang::En),
        ["Line 4, column \"matricule\": matricule \"A1\" already appears on line 2."]
    );
}

#[test]
fn guardian_with_only_a_phone() {
    assert_eq!(
        problems(&file(&["A1;Roux;Léa;;;;;;;;06 12 34 56 78"])),
        [at(2, "responsable1_nom", msg::GUARDIAN_WITHOUT_NAME)]
    );
}

#[test]
fn latin1_bytes_are_refused_with_their_line() {
    let mut bytes = b"matricule;nom;prenom\nA1;Roux;L".to_vec();
    bytes.extend([0xE9, b'a', b'\n']);
    let report = parse(&bytes).unwrap_err();
    assert_eq!(report.summary(), [(2, None, msg::NOT_UTF8)]);
    assert!(report.render(Lang::Fr)[0].contains("CSV UTF-8"));
}

#[test]
fn empty_files_and_header_only() {
    for empty in [&b""[..], b"\xEF\xBB\xBF", b"\r\n\r\n", b";;;\n"] {
        assert_eq!(problems(empty), [(1, None, msg::EMPTY_FILE)], "{empty:?}");
    }
    // Nothing to import is not an error: the preview says 0 students.
    assert_eq!(parse(HEADER.as_bytes()).unwrap(), []);
    assert_eq!(parse(export(&[]).as_bytes()).unwrap(), []);
}

#[test]
fn values_without_a_header_cell() {
    assert_eq!(
        problems(b"matricule;nom;prenom;\nA1;Roux;Lea;;x\n"),
        [(2, None, msg::VALUE_WITHOUT_HEADER)]
    );
}

#[test]
fn every_problem_of_every_line_is_reported() {
    let report = parse(&file(&[
        "A1;Roux;;31/02/2026;Z",
        "A2;Roux;Léo",
        "A1;;Lou;;;;;;;;;x@",
    ]))
    .unwrap_err();
    assert_eq!(
        report.summary(),
        [
            (2, Some("prénom"), msg::REQUIRED),
            (2, Some("date_naissance"), msg::NONEXISTENT_DATE),
            (2, Some("sexe"), msg::INVALID_SEX),
            (4, Some("matricule"), msg::DUPLICATE_MATRICULE),
            (4, Some("nom"), msg::REQUIRED),
            (4, Some("responsable1_nom"), msg::GUARDIAN_WITHOUT_NAME),
        ]
    );
    assert_eq!(
        report.render(Lang::Fr)[1],
        "Ligne 2, colonne « date_naissance » : la date « 31/02/2026 » n’existe pas."
    );
}

#[test]
fn too_long_and_control_characters() {
    let long = "x".repeat(PersonName::MAX_CHARS + 1);
    let row = format!("A1;{long};L\u{7}a");
    assert_eq!(
        problems(&file(&[&row])),
        [
            at(2, "nom", msg::TOO_LONG),
            at(2, "prénom", msg::CONTROL_CHARACTER)
        ]
    );
}

#[test]
fn every_message_exists_in_both_languages() {
    for id in msg::ALL {
        for lang in Lang::ALL {
            let issue = Issue {
                line: 7,
                column: Some("nom".into()),
                message: id,
                args: vec![
                    ("value", "v".into()),
                    ("alias", "a".into()),
                    ("other", "o".into()),
                    ("position", "3".into()),
                    ("max", "100".into()),
                    ("first_line", "2".into()),
                    ("guardian", "1".into()),
                ],
            };
            let text = issue.render(lang);
            assert_ne!(text, *id, "{id} missing in {lang:?}");
            assert!(!text.contains('{'), "{id} in {lang:?}: {text}");
        }
    }
    let report = ImportReport {
        issues: vec![Issue {
            line: 3,
            column: Some("date_naissance".into()),
            message: msg::INVALID_DATE,
            args: vec![("value", "2012".into())],
        }],
    };
    assert_eq!(
        report.render(Lang::Fr),
        [
            "Ligne 3, colonne « date_naissance » : date invalide « 2012 » (attendu jj/mm/aaaa ou aaaa-mm-jj)."
        ]
    );
}

#[test]
fn formula_like_values_are_defused_and_come_back() {
    let text = "matricule;nom;prenom;responsable1_nom;responsable1_prenom;responsable1_telephone\n\
=1+1;@Roux;'Léa;-Roux;'=Paul;+33 6 12 34 56 78\n";
    let records = parse(text.as_bytes()).unwrap();
    let exported = export(&records);
    assert!(
        exported.contains(
            "\r\n'=1+1;'@Roux;''Léa;;;;;enrolled;;;'-Roux;'=Paul;other;'+33 6 12 34 56 78;;yes;yes;;;;;;;\r\n"
        ),
        "{exported}"
    );
    assert_eq!(parse(exported.as_bytes()).unwrap(), records);
    assert_eq!(
        records[0].guardians[0]
            .as_ref()
            .unwrap()
            .first_name
            .as_str(),
        "=Paul"
    );
}

#[test]
fn the_template_parses() {
    let template = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static/templates/eleves-modele.csv"),
    )
    .unwrap();
    assert!(template.starts_with(b"\xEF\xBB\xBF"));
    assert_eq!(parse(&template).unwrap().len(), 2);
}

#[test]
fn the_example_in_the_documentation_parses() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/IMPORT.md"),
    )
    .unwrap();
    let example = doc
        .split("```csv\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let records = parse(example.as_bytes()).unwrap();
    assert_eq!(records.len(), 3);
    assert_eq!(
        records[1].guardians[0].as_ref().unwrap().relationship,
        Relationship::Guardian
    );
}

/// Generates a 5,000-student file with two guardians each and parses it. Measured once with
/// `cargo test --release --lib import -- --nocapture`; the figure is in the module doc.
#[test]
fn five_thousand_rows_parse() {
    let mut text = String::from(HEADER);
    text.push_str(";responsable2_nom;responsable2_prenom;responsable2_lien;responsable2_email\r\n");
    for i in 0..5000 {
        text.push_str(&format!(
            "2025-{i:05};Nguyen-Lefèvre;Anaïs {i};{:02}/{:02}/2012;F;6e {};inscrit;\
Nguyen;Thi;mère;+33 6 12 34 {:02} {:02};thi.nguyen{i}@example.fr;Lefèvre;Marc;père;marc{i}@example.fr\r\n",
            i % 28 + 1,
            i % 12 + 1,
            ["A", "B", "C"][i % 3],
            i % 100,
            i / 100 % 100,
        ));
    }
    let started = std::time::Instant::now();
    let records = parse(text.as_bytes()).unwrap();
    let elapsed = started.elapsed();
    println!(
        "import: parsed 5,000 rows ({} bytes) in {elapsed:?}",
        text.len()
    );
    assert_eq!(records.len(), 5000);
    assert!(
        records
            .iter()
            .all(|r| r.guardians.iter().all(Option::is_some))
    );
}

fn word() -> impl Strategy<Value = String> {
    // Accents, apostrophes, commas, semicolons, quotes and formula characters.
    "[A-Za-zéèçàôïÉÀŒœ'\",;=+@-]{1,8}"
}

fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..=max).prop_map(|w| w.join(" "))
}

fn person_name() -> impl Strategy<Value = PersonName> {
    words(3).prop_map(|s| name(&s))
}

fn guardian() -> impl Strategy<Value = GuardianRecord> {
    (
        person_name(),
        person_name(),
        prop::sample::select(Relationship::ALL),
        prop::option::of("\\+?[0-9]{2}( [0-9]{2}){3,4}"),
        prop::option::of("[a-z0-9._%+-]{1,10}@[a-z0-9-]{1,10}\\.[a-z]{2,4}"),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(last_name, first_name, relationship, phone, email, legal, receives_notices)| {
                GuardianRecord {
                    last_name,
                    first_name,
                    relationship,
                    phone: phone.map(|p| Phone::parse(&p).unwrap()),
                    email: email.map(|e| Email::parse(&e).unwrap()),
                    legal,
                    receives_notices,
                }
            },
        )
}

fn record() -> impl Strategy<Value = StudentRecord> {
    (
        (
            words(2).prop_map(|s| Matricule::parse(&s).unwrap()),
            person_name(),
            person_name(),
            prop::option::of(
                (1900i16..2100, 1i8..=12, 1i8..=28)
                    .prop_map(|(y, m, d)| BirthDate(Date::new(y, m, d).unwrap())),
            ),
            prop::option::of(words(3).prop_map(|s| Place::parse(&s).unwrap())),
            prop::option::of(prop::sample::select(Sex::ALL)),
        ),
        (
            prop::option::of(words(2).prop_map(|s| ClassName::parse(&s).unwrap())),
            prop::sample::select(Status::ALL),
            prop::option::of("[0-9A-Z]{11}".prop_map(|s| NationalId::parse(&s).unwrap())),
            prop::option::of(
                prop::collection::vec(words(4), 1..4)
                    .prop_map(|lines| Notes::parse(&lines.join("\n")).unwrap()),
            ),
            prop::option::of(guardian()),
            prop::option::of(guardian()),
        ),
    )
        .prop_map(
            |(
                (matricule, last_name, first_name, birth_date, birth_place, sex),
                (class, status, national_id, medical, g1, g2),
            )| StudentRecord {
                matricule,
                last_name,
                first_name,
                birth_date,
                birth_place,
                sex,
                class,
                status,
                national_id,
                medical,
                guardians: [g1, g2],
            },
        )
}

fn records() -> impl Strategy<Value = Vec<StudentRecord>> {
    prop::collection::vec(record(), 0..12).prop_map(|mut records| {
        // Matricules are unique in a file.
        let mut seen = std::collections::HashSet::new();
        records.retain(|r| seen.insert(r.matricule.clone()));
        records
    })
}

proptest! {
    #[test]
    fn export_then_import_is_the_identity(records in records()) {
        let exported = export(&records);
        prop_assert_eq!(parse(exported.as_bytes()), Ok(records));
    }
}

#[test]
fn line_numbers_count_crlf_line_ends_and_quoted_line_breaks() {
    let text = "matricule;nom;prénom;informations_medicales\r\n\
A1;Roux;Léa;\"Asthme\r\nVentoline\"\r\n\
\r\n\
A2;Roux;;\r\n\
A3;;Lou;\r\n";
    let report = parse(text.as_bytes()).unwrap_err();
    assert_eq!(
        report.summary(),
        [
            (5, Some("prénom"), msg::REQUIRED),
            (6, Some("nom"), msg::REQUIRED)
        ]
    );
    let file =
        super::parse_file(b"matricule;nom;prenom\r\nA1;Roux;Lea\r\nA2;Roux;Leo\r\n").unwrap();
    assert_eq!(file.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
}

#[test]
fn an_export_without_the_sensitive_columns_leaves_them_out_of_the_header() {
    let records = parse(
        "matricule;nom;prénom;ine;informations_medicales\nA1;Roux;Léa;123;Asthme\n".as_bytes(),
    )
    .unwrap();
    let columns: Vec<Column> = Column::ALL
        .into_iter()
        .filter(|c| !matches!(c, Column::NationalId | Column::Medical))
        .collect();
    let text = export_columns(&records, &columns);
    let file = parse_file(text.as_bytes()).unwrap();
    assert!(!file.has(Column::NationalId) && !file.has(Column::Medical));
    assert!(file.has(Column::Guardian(1, GuardianColumn::ReceivesNotices)));
    assert!(!text.contains("123") && !text.contains("Asthme"));
    assert_eq!(file.rows[0].record.matricule.as_str(), "A1");
}
