//! Checked account types: roles, usernames, passwords, preferences. Input becomes one of these
//! at the edge; services never see raw strings.

use serde::{Deserialize, Serialize};

use crate::config::Secret;

/// A role a user holds in one school. Platform administration is a flag on the user instead,
/// because it is not tied to a school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    SchoolAdmin,
    Teacher,
    VieScolaire,
    Bursar,
    Parent,
    Student,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::SchoolAdmin,
        Role::Teacher,
        Role::VieScolaire,
        Role::Bursar,
        Role::Parent,
        Role::Student,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::SchoolAdmin => "school_admin",
            Role::Teacher => "teacher",
            Role::VieScolaire => "vie_scolaire",
            Role::Bursar => "bursar",
            Role::Parent => "parent",
            Role::Student => "student",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Role::ALL.into_iter().find(|r| r.as_str() == value)
    }

    /// The message id of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::SchoolAdmin => "role-school_admin",
            Role::Teacher => "role-teacher",
            Role::VieScolaire => "role-vie_scolaire",
            Role::Bursar => "role-bursar",
            Role::Parent => "role-parent",
            Role::Student => "role-student",
        }
    }
}

/// Interface theme; `System` follows the device's light/dark setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "system" => Some(Theme::System),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// A login name: 3–64 characters among lowercase letters, digits, `.`, `-`, `_`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    /// Parses a submitted username; the error is a message id.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let value = raw.trim().to_lowercase();
        if value.len() < 3 || value.len() > 64 {
            return Err("error-username-length");
        }
        if !value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        {
            return Err("error-username-chars");
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password that meets the policy: at least 10 characters, at most 256.
#[derive(Debug, Clone)]
pub struct NewPassword(Secret);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;

    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            return Err("error-password-short");
        }
        if chars > 256 {
            return Err("error-password-long");
        }
        Ok(Self(Secret::new(raw)))
    }

    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

/// A display name: 1–120 characters, trimmed.
pub fn parse_display_name(raw: &str) -> Result<String, &'static str> {
    let value = raw.trim();
    if value.is_empty() || value.chars().count() > 120 {
        return Err("error-display-name");
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_checked() {
        assert_eq!(
            Username::parse("  Marie.Dupont ").unwrap().as_str(),
            "marie.dupont"
        );
        assert_eq!(Username::parse("ab"), Err("error-username-length"));
        assert_eq!(Username::parse("marie dupont"), Err("error-username-chars"));
        assert_eq!(Username::parse("rené"), Err("error-username-chars"));
    }

    #[test]
    fn passwords_need_ten_characters() {
        assert!(NewPassword::parse("short").is_err());
        assert!(NewPassword::parse("éléphant-10").is_ok());
        assert!(NewPassword::parse(&"x".repeat(257)).is_err());
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("platform_admin"), None);
    }
}
