//! The malformed-file cases of the three kinds and the export → import identity.

use proptest::prelude::*;

use super::*;
use crate::web::i18n::Lang;

fn problems<C: ColumnSpec, R: std::fmt::Debug>(
    result: Result<Table<C, R>, ImportReport>,
) -> Vec<(u64, Option<String>, &'static str)> {
    match result {
        Ok(table) => panic!("parsed {:?}", table.rows),
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

#[test]
fn french_headers_bom_and_roles_in_both_languages() {
    let file = "\u{FEFF}Identifiant;Nom;Prénom;Courriel;Fonctions\r\n\
                m.durand;Durand;Marie;Marie.Durand@Example.fr;\"enseignant, vie scolaire\"\r\n\
                p.blanc;Blanc;;;Intendance\r\n";
    let table = parse_staff(file.as_bytes()).unwrap();
    let records: Vec<_> = table.rows.into_iter().map(|(_, r)| r).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].display_name(), "Marie Durand");
    assert_eq!(
        records[0].email.as_ref().unwrap().as_str(),
        "marie.durand@example.fr"
    );
    assert_eq!(records[0].roles.roles(), [Role::Teacher, Role::VieScolaire]);
    assert_eq!(records[1].display_name(), "Blanc");
    assert_eq!(records[1].roles.to_text(), "bursar");
}

#[test]
fn bad_staff_rows_are_each_reported() {
    let file = "username,last_name,roles\n\
                ok.user,Ok,teacher\n\
                X,Bad,teacher\n\
                ok.user,Twice,teacher\n\
                admin2,Admin,school_admin\n\
                someone,Someone,astronaut\n\
                nobody,,teacher\n";
    assert_eq!(
        problems(parse_staff(file.as_bytes())),
        [
            at(3, "username", msg::INVALID_USERNAME),
            at(4, "username", msg::DUPLICATE_USERNAME),
            at(5, "roles", msg::ROLE_NOT_STAFF),
            at(6, "roles", msg::INVALID_ROLE),
            at(7, "last_name", msg::REQUIRED),
        ]
    );
    let report = parse_staff(file.as_bytes()).unwrap_err();
    let fr = report.render(Lang::Fr);
    assert!(fr[1].contains("figure déjà ligne 2"), "{fr:?}");
    let en = report.render(Lang::En);
    assert!(en[1].contains("already appears on line 2"), "{en:?}");
}

#[test]
fn missing_and_unknown_columns() {
    assert_eq!(
        problems(parse_classes(b"classe;salle;couleur\n6e A;B12;rouge\n")),
        [
            at(1, "couleur", msg::UNKNOWN_COLUMN),
            at(1, "level", msg::MISSING_COLUMN),
        ]
    );
}

#[test]
fn duplicate_classes_and_assignments() {
    assert_eq!(
        problems(parse_classes(
            "classe;niveau\n6e A;6e\n6E a;6e\n".as_bytes()
        )),
        [at(3, "classe", msg::DUPLICATE_CLASS)]
    );
    assert_eq!(
        problems(parse_assignments(
            "classe;matière;professeur;période\n6e A;math;m.durand;\n6e a;MATH;M.Durand;\n6e A;MATH;m.durand;T1\n"
                .as_bytes()
        )),
        [(3, None, msg::DUPLICATE_ASSIGNMENT)]
    );
}

#[test]
fn display_names_split_and_join_back() {
    for display in ["Jean Dupont", "Admin", "Marie Claire Le Gall"] {
        let (first_name, last_name) = split_display_name(display);
        let record = StaffRecord {
            username: Username::parse("abc").unwrap(),
            last_name,
            first_name,
            email: None,
            roles: StaffRoles(vec![Role::Teacher]),
        };
        assert_eq!(record.display_name(), display);
    }
}

fn name() -> impl Strategy<Value = String> {
    "[A-Za-zéèç' -]{0,12}[A-Za-zé]"
        .prop_map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .prop_filter("non-empty", |s| !s.is_empty())
}

fn username() -> impl Strategy<Value = Username> {
    "[a-z][a-z0-9._-]{2,20}".prop_map(|s| Username::parse(&s).unwrap())
}

fn staff() -> impl Strategy<Value = StaffRecord> {
    (
        username(),
        name(),
        proptest::option::of(name()),
        proptest::option::of("[a-z]{1,8}@[a-z]{1,8}\\.fr"),
        proptest::sample::subsequence(StaffRoles::GRANTABLE.to_vec(), 1..=3),
    )
        .prop_map(|(username, last, first, email, roles)| StaffRecord {
            username,
            last_name: PersonName::parse(&last).unwrap(),
            first_name: first.map(|f| PersonName::parse(&f).unwrap()),
            email: email.map(|e| Email::parse(&e).unwrap()),
            roles: StaffRoles(roles),
        })
}

fn class() -> impl Strategy<Value = ClassRecord> {
    (
        name(),
        name(),
        proptest::option::of(username()),
        proptest::option::of("[=+@-]?[A-Z0-9 ;\"]{1,10}[A-Z]"),
    )
        .prop_map(|(n, level, main_teacher, room)| ClassRecord {
            name: ClassName::parse(&n).unwrap(),
            level: LevelName::parse(&level).unwrap(),
            main_teacher,
            room: room.map(|r| Room::parse(&r).unwrap()),
        })
}

fn assignment() -> impl Strategy<Value = AssignmentRecord> {
    (
        name(),
        "[A-Z0-9_-]{1,12}",
        username(),
        proptest::option::of(name()),
    )
        .prop_map(|(class, subject, teacher, period)| AssignmentRecord {
            class: ClassName::parse(&class).unwrap(),
            subject: SubjectCode::parse(&subject).unwrap(),
            teacher,
            period: period.map(|p| PeriodName::parse(&p).unwrap()),
        })
}

fn unique_by<T, K: std::hash::Hash + Eq>(items: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    items.into_iter().filter(|i| seen.insert(key(i))).collect()
}

proptest! {
    #[test]
    fn staff_export_imports_back_identically(records in proptest::collection::vec(staff(), 0..20)) {
        let records = unique_by(records, |r| r.username.as_str().to_owned());
        let parsed = parse_staff(export_staff(&records).as_bytes()).unwrap();
        let back: Vec<_> = parsed.rows.into_iter().map(|(_, r)| r).collect();
        prop_assert_eq!(back, records);
    }

    #[test]
    fn class_export_imports_back_identically(records in proptest::collection::vec(class(), 0..20)) {
        let records = unique_by(records, |r| r.name.key());
        let parsed = parse_classes(export_classes(&records).as_bytes()).unwrap();
        let back: Vec<_> = parsed.rows.into_iter().map(|(_, r)| r).collect();
        prop_assert_eq!(back, records);
    }

    #[test]
    fn assignment_export_imports_back_identically(records in proptest::collection::vec(assignment(), 0..20)) {
        let records = unique_by(records, AssignmentRecord::key);
        let parsed = parse_assignments(export_assignments(&records).as_bytes()).unwrap();
        let back: Vec<_> = parsed.rows.into_iter().map(|(_, r)| r).collect();
        prop_assert_eq!(back, records);
    }
}

#[test]
fn the_templates_parse() {
    let read = |name: &str| {
        let bytes = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("static/templates")
                .join(name),
        )
        .unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{name} has a BOM");
        bytes
    };
    assert_eq!(
        parse_staff(&read("personnel-modele.csv"))
            .unwrap()
            .rows
            .len(),
        2
    );
    assert_eq!(
        parse_classes(&read("classes-modele.csv"))
            .unwrap()
            .rows
            .len(),
        2
    );
    assert_eq!(
        parse_assignments(&read("services-modele.csv"))
            .unwrap()
            .rows
            .len(),
        2
    );
}
