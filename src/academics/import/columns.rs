//! The documented column set (docs/IMPORT.md) and how a header line maps onto it.

use crate::import::ColumnSpec;

/// One column of the student file. The order of [`Column::ALL`] is the export's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Matricule,
    LastName,
    FirstName,
    BirthDate,
    BirthPlace,
    Sex,
    Class,
    Status,
    NationalId,
    Medical,
    Guardian(usize, GuardianColumn),
}

/// The columns repeated for each guardian (`guardian1_…`, `guardian2_…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GuardianColumn {
    LastName,
    FirstName,
    Relationship,
    Phone,
    Email,
    Legal,
    ReceivesNotices,
}

/// How many guardians one row can hold.
pub const GUARDIANS: usize = 2;

impl GuardianColumn {
    pub const ALL: [GuardianColumn; 7] = [
        GuardianColumn::LastName,
        GuardianColumn::FirstName,
        GuardianColumn::Relationship,
        GuardianColumn::Phone,
        GuardianColumn::Email,
        GuardianColumn::Legal,
        GuardianColumn::ReceivesNotices,
    ];

    /// The English suffix and the French ones.
    fn names(self) -> (&'static str, &'static [&'static str]) {
        match self {
            GuardianColumn::LastName => ("last_name", &["nom"]),
            GuardianColumn::FirstName => ("first_name", &["prenom"]),
            GuardianColumn::Relationship => ("relationship", &["lien"]),
            GuardianColumn::Phone => ("phone", &["telephone", "tel"]),
            GuardianColumn::Email => ("email", &["email", "courriel", "mail"]),
            GuardianColumn::Legal => ("legal", &["legal", "responsable_legal"]),
            GuardianColumn::ReceivesNotices => ("receives_notices", &["notifications"]),
        }
    }
}

impl Column {
    pub const ALL: [Column; 24] = {
        let mut all = [Column::Matricule; 24];
        let student = [
            Column::Matricule,
            Column::LastName,
            Column::FirstName,
            Column::BirthDate,
            Column::BirthPlace,
            Column::Sex,
            Column::Class,
            Column::Status,
            Column::NationalId,
            Column::Medical,
        ];
        let mut i = 0;
        while i < student.len() {
            all[i] = student[i];
            i += 1;
        }
        let mut g = 0;
        while g < GUARDIANS {
            let mut c = 0;
            while c < GuardianColumn::ALL.len() {
                all[i] = Column::Guardian(g, GuardianColumn::ALL[c]);
                i += 1;
                c += 1;
            }
            g += 1;
        }
        all
    };

    /// Columns a file must have.
    pub const REQUIRED: [Column; 3] = [Column::Matricule, Column::LastName, Column::FirstName];

    /// The canonical (English) header name, as the export writes it.
    pub fn canonical(self) -> String {
        match self {
            Column::Guardian(g, c) => format!("guardian{}_{}", g + 1, c.names().0),
            other => other.student_names().0.to_owned(),
        }
    }

    /// The French header name shown in docs and in "missing column" messages.
    pub fn french(self) -> String {
        match self {
            Column::Guardian(g, c) => format!("responsable{}_{}", g + 1, c.names().1[0]),
            other => other.student_names().1[0].to_owned(),
        }
    }

    /// Every accepted header name, canonical first.
    fn accepted(self) -> Vec<String> {
        match self {
            Column::Guardian(g, c) => {
                let (english, french) = c.names();
                let n = g + 1;
                std::iter::once(format!("guardian{n}_{english}"))
                    .chain(french.iter().map(|f| format!("responsable{n}_{f}")))
                    .collect()
            }
            other => {
                let (english, others) = other.student_names();
                std::iter::once(english)
                    .chain(others.iter().copied())
                    .map(str::to_owned)
                    .collect()
            }
        }
    }

    fn student_names(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Column::Matricule => ("matricule", &["matricule", "registration_number"]),
            Column::LastName => ("last_name", &["nom", "nom_de_famille"]),
            Column::FirstName => ("first_name", &["prenom"]),
            Column::BirthDate => ("birth_date", &["date_naissance", "date_de_naissance"]),
            Column::BirthPlace => ("birth_place", &["lieu_naissance", "lieu_de_naissance"]),
            Column::Sex => ("sex", &["sexe"]),
            Column::Class => ("class", &["classe"]),
            Column::Status => ("status", &["statut"]),
            Column::NationalId => ("national_id", &["ine", "identifiant_national"]),
            Column::Medical => ("medical", &["informations_medicales"]),
            Column::Guardian(..) => ("", &[]),
        }
    }
}

/// The header line of a student file, resolved.
pub type Header = crate::import::Header<Column>;

impl ColumnSpec for Column {
    fn all() -> &'static [Self] {
        &Column::ALL
    }

    fn canonical(self) -> String {
        Column::canonical(self)
    }

    fn french(self) -> String {
        Column::french(self)
    }

    fn accepted(self) -> Vec<String> {
        Column::accepted(self)
    }

    /// The three of [`Column::REQUIRED`]; a guardian's names go together: with one of them,
    /// the other is required.
    fn required(has: &dyn Fn(Self) -> bool) -> Vec<Self> {
        let mut required: Vec<Column> = Column::REQUIRED.to_vec();
        for g in 0..GUARDIANS {
            let [last, first] = [GuardianColumn::LastName, GuardianColumn::FirstName]
                .map(|c| Column::Guardian(g, c));
            if has(last) || has(first) {
                required.extend([last, first]);
            }
        }
        required
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::fold;

    #[test]
    fn every_accepted_name_is_unambiguous() {
        let mut seen = std::collections::HashMap::new();
        for c in Column::ALL {
            for name in c.accepted() {
                if let Some(other) = seen.insert(fold(&name), c) {
                    assert_eq!(other, c, "{name} names two columns");
                }
            }
        }
        assert_eq!(
            Column::ALL[10],
            Column::Guardian(0, GuardianColumn::LastName)
        );
        assert_eq!(Column::ALL[23].canonical(), "guardian2_receives_notices");
        assert_eq!(Column::ALL[23].french(), "responsable2_notifications");
    }
}
