//! What the student and guardian forms (and the API bodies, which become the same forms)
//! submit, parsed into the import's checked value types: one set of rules for forms, API and
//! import. A refused value becomes a field error with a form message (the import's messages
//! name a line and a column, which a form has not).

use serde::Deserialize;

use crate::{
    academics::import::{
        BirthDate, Email, Matricule, NationalId, Notes, PersonName, Phone, Place, Relationship,
        Sex, Status, msg,
    },
    schools::model::FieldErrors,
};

/// A checked type's parser, reduced to the import message id of a refusal.
macro_rules! checked {
    ($t:ty) => {
        |s: &str| <$t>::parse(s).map_err(|r| r.message)
    };
}

/// The form message for an import message id (a value the import's rules refused).
pub fn form_message(message: &str) -> &'static str {
    match message {
        msg::TOO_LONG => "people-error-too-long",
        msg::CONTROL_CHARACTER => "people-error-control",
        msg::INVALID_DATE => "people-error-date",
        msg::NONEXISTENT_DATE => "people-error-date-nonexistent",
        msg::INVALID_EMAIL => "error-email",
        msg::INVALID_PHONE => "people-error-phone",
        _ => "error-choice",
    }
}

/// Parses a required value; an empty one is "required".
fn required<T>(
    errors: &mut FieldErrors,
    field: &'static str,
    raw: &str,
    parse: impl Fn(&str) -> Result<T, &'static str>,
) -> Option<T> {
    let raw = raw.trim();
    if raw.is_empty() {
        errors.push((field, "people-error-required"));
        return None;
    }
    parse(raw)
        .map_err(|r| errors.push((field, form_message(r))))
        .ok()
}

/// Parses an optional value: `Ok(None)` when blank, `Err(())` when refused (error recorded).
#[expect(clippy::result_unit_err, reason = "the error is recorded in `errors`")]
pub fn optional<T>(
    errors: &mut FieldErrors,
    field: &'static str,
    raw: &str,
    parse: impl Fn(&str) -> Result<T, &'static str>,
) -> Result<Option<T>, ()> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    parse(raw).map(Some).map_err(|r| {
        errors.push((field, form_message(r)));
    })
}

/// A student as the create and edit forms submit it. Sensitive fields are `None` when the
/// form did not show them (the user may not read them): the stored values are then kept.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct StudentForm {
    #[serde(default)]
    pub matricule: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub birth_place: String,
    #[serde(default)]
    pub sex: String,
    #[serde(default)]
    pub status: String,
    /// On creation only: the class of the current year to enrol the student in.
    #[serde(default)]
    pub class_id: String,
    #[serde(default)]
    pub national_id: Option<String>,
    #[serde(default)]
    pub medical: Option<String>,
}

/// A student, checked.
#[derive(Debug, Clone)]
pub struct StudentInput {
    pub matricule: Matricule,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub birth_date: Option<BirthDate>,
    pub birth_place: Option<Place>,
    pub sex: Option<Sex>,
    pub status: Status,
    pub class_id: Option<i64>,
    /// `None`: keep the stored value; `Some(None)`: clear it.
    pub national_id: Option<Option<NationalId>>,
    pub medical: Option<Option<Notes>>,
}

impl StudentForm {
    /// Checks every field, in the order the form shows them (the error summary reads
    /// top-down). `today` bounds the birth date.
    pub fn parse(&self, today: jiff::civil::Date) -> Result<StudentInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let last_name = required(
            &mut errors,
            "last_name",
            &self.last_name,
            checked!(PersonName),
        );
        let first_name = required(
            &mut errors,
            "first_name",
            &self.first_name,
            checked!(PersonName),
        );
        let matricule = required(
            &mut errors,
            "matricule",
            &self.matricule,
            checked!(Matricule),
        );
        let birth_date = optional(
            &mut errors,
            "birth_date",
            &self.birth_date,
            checked!(BirthDate),
        );
        if let Ok(Some(date)) = birth_date
            && date.0 > today
        {
            errors.push(("birth_date", "people-error-date-future"));
        }
        let birth_place = optional(
            &mut errors,
            "birth_place",
            &self.birth_place,
            checked!(Place),
        );
        let sex = optional(&mut errors, "sex", &self.sex, checked!(Sex));
        let status = if self.status.trim().is_empty() {
            Ok(Status::Enrolled)
        } else {
            Status::parse(&self.status)
                .map_err(|r| errors.push(("status", form_message(r.message))))
        };
        let class_id = match self.class_id.trim() {
            "" => Ok(None),
            raw => raw
                .parse::<i64>()
                .map(Some)
                .map_err(|_| errors.push(("class_id", "error-choice"))),
        };
        let national_id = match &self.national_id {
            None => Ok(None),
            Some(raw) => optional(&mut errors, "national_id", raw, checked!(NationalId)).map(Some),
        };
        let medical = match &self.medical {
            None => Ok(None),
            Some(raw) => optional(&mut errors, "medical", raw, checked!(Notes)).map(Some),
        };
        match (
            matricule,
            first_name,
            last_name,
            birth_date,
            birth_place,
            sex,
            status,
            class_id,
            national_id,
            medical,
        ) {
            (
                Some(matricule),
                Some(first_name),
                Some(last_name),
                Ok(birth_date),
                Ok(birth_place),
                Ok(sex),
                Ok(status),
                Ok(class_id),
                Ok(national_id),
                Ok(medical),
            ) if errors.is_empty() => Ok(StudentInput {
                matricule,
                first_name,
                last_name,
                birth_date,
                birth_place,
                sex,
                status,
                class_id,
                national_id,
                medical,
            }),
            _ => Err(errors),
        }
    }
}

/// A guardian as the create and edit forms submit it.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct GuardianForm {
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub phone_alt: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub address: String,
}

/// A guardian, checked.
#[derive(Debug, Clone)]
pub struct GuardianInput {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub contact: ContactInput,
    pub address: Option<Address>,
}

/// Phone numbers and e-mail: what a parent may correct themself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactInput {
    pub phone: Option<Phone>,
    pub phone_alt: Option<Phone>,
    pub email: Option<Email>,
}

/// A postal address: one line (inner line breaks collapsed), no control characters, 200
/// characters at most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address(String);

impl Address {
    /// Refusals are import message ids, as for the other checked types.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.chars().any(char::is_control) {
            return Err(msg::CONTROL_CHARACTER);
        }
        if line.chars().count() > ADDRESS_MAX_CHARS {
            return Err(msg::TOO_LONG);
        }
        Ok(Address(line))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

const ADDRESS_MAX_CHARS: usize = 200;

/// Parses the contact fields shared by the guardian form and the parent's own contact form.
pub fn parse_contact(
    errors: &mut FieldErrors,
    phone: &str,
    phone_alt: &str,
    email: &str,
) -> Option<ContactInput> {
    let phone = optional(errors, "phone", phone, checked!(Phone));
    let phone_alt = optional(errors, "phone_alt", phone_alt, checked!(Phone));
    let email = optional(errors, "email", email, checked!(Email));
    match (phone, phone_alt, email) {
        (Ok(phone), Ok(phone_alt), Ok(email)) => Some(ContactInput {
            phone,
            phone_alt,
            email,
        }),
        _ => None,
    }
}

impl GuardianForm {
    pub fn parse(&self) -> Result<GuardianInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let last_name = required(
            &mut errors,
            "last_name",
            &self.last_name,
            checked!(PersonName),
        );
        let first_name = required(
            &mut errors,
            "first_name",
            &self.first_name,
            checked!(PersonName),
        );
        let contact = parse_contact(&mut errors, &self.phone, &self.phone_alt, &self.email);
        let address = optional(&mut errors, "address", &self.address, Address::parse);
        match (first_name, last_name, contact, address) {
            (Some(first_name), Some(last_name), Some(contact), Ok(address))
                if errors.is_empty() =>
            {
                Ok(GuardianInput {
                    first_name,
                    last_name,
                    contact,
                    address,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A link between a guardian and a student, as submitted.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct LinkForm {
    /// The student, by matricule (the guardian page's form) ...
    #[serde(default)]
    pub matricule: String,
    #[serde(default)]
    pub relationship: String,
    /// Checkboxes: present when ticked.
    #[serde(default)]
    pub legal_guardian: Option<String>,
    #[serde(default)]
    pub receives_notices: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LinkInput {
    pub relationship: Relationship,
    pub legal_guardian: bool,
    pub receives_notices: bool,
}

pub fn parse_relationship(errors: &mut FieldErrors, raw: &str) -> Option<Relationship> {
    required(errors, "relationship", raw, checked!(Relationship))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> jiff::civil::Date {
        jiff::civil::date(2026, 11, 25)
    }

    #[test]
    fn a_student_form_names_every_bad_field() {
        let form = StudentForm {
            matricule: " ".into(),
            last_name: "Diop".into(),
            first_name: "x".repeat(101),
            birth_date: "31/02/2012".into(),
            sex: "X".into(),
            ..StudentForm::default()
        };
        let errors = form.parse(today()).unwrap_err();
        assert_eq!(
            errors,
            vec![
                ("first_name", "people-error-too-long"),
                ("matricule", "people-error-required"),
                ("birth_date", "people-error-date-nonexistent"),
                ("sex", "error-choice"),
            ]
        );
    }

    #[test]
    fn a_good_student_form_is_checked_and_normalised() {
        let form = StudentForm {
            matricule: " M-001 ".into(),
            last_name: "Diop".into(),
            first_name: "Awa  Marie".into(),
            birth_date: "2012-03-14".into(),
            sex: "F".into(),
            status: "graduated".into(),
            national_id: Some(String::new()),
            ..StudentForm::default()
        };
        let s = form.parse(today()).unwrap();
        assert_eq!(s.matricule.as_str(), "M-001");
        assert_eq!(s.first_name.as_str(), "Awa Marie");
        assert_eq!(s.status, Status::Graduated);
        assert_eq!(s.national_id, Some(None));
        assert_eq!(s.medical.map(|m| m.is_none()), None);
        let future = StudentForm {
            birth_date: "2030-01-01".into(),
            ..form
        };
        assert_eq!(
            future.parse(today()).unwrap_err(),
            vec![("birth_date", "people-error-date-future")]
        );
    }

    #[test]
    fn guardian_contact_is_checked() {
        let form = GuardianForm {
            last_name: "Diop".into(),
            first_name: "Fatou".into(),
            phone: "marie@example.fr".into(),
            email: "Fatou@Example.SN".into(),
            address: "x".repeat(201),
            ..GuardianForm::default()
        };
        assert_eq!(
            form.parse().unwrap_err(),
            vec![
                ("phone", "people-error-phone"),
                ("address", "people-error-too-long")
            ]
        );
        let ok = GuardianForm {
            phone: "+221 77 123 45 67".into(),
            address: "12, rue Carnot\nDakar".into(),
            ..form
        };
        let g = ok.parse().unwrap();
        assert_eq!(g.contact.email.unwrap().as_str(), "fatou@example.sn");
        assert_eq!(g.address.unwrap().as_str(), "12, rue Carnot Dakar");
    }
}
