//! Writes a student file for the import benchmark (docs/BENCHMARKS.md): `n` students, each
//! with two guardians of their own (distinct e-mails), a national ID, and a class taken in turn
//! from the names given, in the canonical form of the export.
//!
//! ```sh
//! cargo run --release --example students_csv -- 5000 "6e A" "6e B" > /tmp/students-5000.csv
//! ```

use eschool::academics::import::{
    ClassName, Email, GuardianRecord, Matricule, NationalId, PersonName, Phone, Relationship,
    Status, StudentRecord, export,
};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(5000);
    let classes: Vec<String> = args.collect();
    let text = |s: &str| PersonName::parse(s).map_err(|e| anyhow::anyhow!("{e:?}"));
    let guardian =
        |i: usize, first: &str, tag: &str, relationship| -> anyhow::Result<GuardianRecord> {
            Ok(GuardianRecord {
                last_name: text(&format!("Famille{i}"))?,
                first_name: text(first)?,
                relationship,
                phone: Some(Phone::from_stored(format!(
                    "06 {:02} {:02} {:02} {:02}",
                    i % 100,
                    (i / 100) % 100,
                    i % 7,
                    i % 13
                ))),
                email: Some(Email::from_stored(format!(
                    "{tag}.famille{i}@bench.example"
                ))),
                legal: true,
                receives_notices: true,
            })
        };
    let mut records = Vec::with_capacity(n);
    for i in 0..n {
        records.push(StudentRecord {
            matricule: Matricule::from_stored(format!("B-{i:05}")),
            last_name: text(&format!("Famille{i}"))?,
            first_name: text(["Léa", "Hugo", "Awa", "Moussa", "Chloé"][i % 5])?,
            birth_date: None,
            birth_place: None,
            sex: None,
            class: classes
                .get(i % classes.len().max(1))
                .map(|c| ClassName::from_stored(c.clone())),
            status: Status::Enrolled,
            national_id: Some(NationalId::from_stored(format!("{i:09}BE"))),
            medical: None,
            guardians: [
                Some(guardian(i, "Mère", "mere", Relationship::Mother)?),
                Some(guardian(i, "Père", "pere", Relationship::Father)?),
            ],
        });
    }
    print!("{}", export(&records));
    Ok(())
}
