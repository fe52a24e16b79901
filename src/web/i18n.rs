//! Translations: Fluent message files under `locales/<lang>/`, French first, English second.
//! Code refers to messages by id only; a test checks both languages define the same ids.

use std::{borrow::Cow, collections::HashMap};

use fluent_templates::{
    LanguageIdentifier, Loader, fluent_bundle::FluentValue, langid, static_loader,
};
use serde::{Deserialize, Serialize};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static FR: LanguageIdentifier = langid!("fr");
static EN: LanguageIdentifier = langid!("en");

/// A language the interface is available in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Parses a stored or submitted code; anything else is `None`.
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().get(..2) {
            Some("fr") => Some(Lang::Fr),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header, by quality order.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut tags: Vec<(f32, &str)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                (q > 0.0).then_some((q, tag))
            })
            .collect();
        tags.sort_by(|a, b| b.0.total_cmp(&a.0));
        tags.into_iter().find_map(|(_, tag)| Lang::parse(tag))
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    /// The message `key`; the key itself if no file defines it (a test prevents that).
    pub fn t(self, key: &str) -> String {
        LOCALES
            .try_lookup(self.id(), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The message `key` with named arguments.
    pub fn t_with(self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| {
                // Numbers go in as numbers so plural rules apply ("1 élève", "2 élèves"); text
                // that only looks like one ("007", "+33") stays as written.
                let value = match value.parse::<i64>() {
                    Ok(n) if n.to_string() == *value => FluentValue::from(n),
                    _ => FluentValue::from(value.clone()),
                };
                (Cow::Borrowed(*name), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), key, &args)
            .unwrap_or_else(|| key.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message_ids(lang: &str) -> std::collections::BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        let mut ids = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                if let Some((id, _)) = line.split_once(" =")
                    && !id.starts_with([' ', '#', '.'])
                    && !id.is_empty()
                {
                    ids.insert(id.trim().to_owned());
                }
            }
        }
        ids
    }

    #[test]
    fn french_and_english_define_the_same_messages() {
        let fr = message_ids("fr");
        let en = message_ids("en");
        let missing_en: Vec<_> = fr.difference(&en).collect();
        let missing_fr: Vec<_> = en.difference(&fr).collect();
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
        assert!(missing_fr.is_empty(), "missing in fr: {missing_fr:?}");
        assert!(fr.len() > 20);
    }

    #[test]
    fn every_message_used_in_code_and_templates_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let ids = message_ids("fr");
        let mut missing = Vec::new();
        for dir in ["src", "templates"] {
            visit(&root.join(dir), &mut |text| {
                for quoted in text
                    .split(".t(\"")
                    .skip(1)
                    .chain(text.split(".t_with(\"").skip(1))
                {
                    if let Some((key, _)) = quoted.split_once('"')
                        && key
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
                        && !ids.contains(key)
                    {
                        missing.push(key.to_owned());
                    }
                }
            });
        }
        missing.sort();
        missing.dedup();
        missing.retain(|k| k != "key");
        assert!(
            missing.is_empty(),
            "message ids used but not defined: {missing:?}"
        );
    }

    fn visit(dir: &std::path::Path, f: &mut dyn FnMut(&str)) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, f);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                f(&text);
            }
        }
    }

    #[test]
    fn english_and_french_differ_and_arguments_apply() {
        assert_eq!(Lang::Fr.t("nav-home"), "Accueil");
        assert_eq!(Lang::En.t("nav-home"), "Home");
        let msg = Lang::En.t_with("login-throttled", &[("seconds", "30".into())]);
        assert!(msg.contains("30"), "{msg}");
        let msg = Lang::En.t_with("login-throttled", &[("seconds", "007".into())]);
        assert!(msg.contains("007"), "{msg}");
    }

    #[test]
    fn plurals_follow_each_language() {
        assert_eq!(
            Lang::Fr.t_with("users-count", &[("count", "0".into())]),
            "0 utilisateur"
        );
        assert_eq!(
            Lang::Fr.t_with("users-count", &[("count", "2".into())]),
            "2 utilisateurs"
        );
        assert_eq!(
            Lang::En.t_with("users-count", &[("count", "0".into())]),
            "0 users"
        );
        assert_eq!(
            Lang::En.t_with("users-count", &[("count", "1".into())]),
            "1 user"
        );
    }

    #[test]
    fn accept_language_picks_the_best_supported() {
        assert_eq!(
            Lang::from_accept_language("de-DE,en;q=0.8,fr;q=0.9"),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Some(Lang::En));
        assert_eq!(
            Lang::from_accept_language("en;q=0,fr;q=0.5"),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::from_accept_language("de"), None);
    }

    /// Messages that name a role use the role's label as the pages show it, and the
    /// students list's hint names every class a teacher follows (led or taught).
    #[test]
    fn messages_name_roles_as_the_pages_do() {
        for lang in [Lang::Fr, Lang::En] {
            let role = lang.t("role-teacher");
            let message = lang.t("error-not-a-teacher");
            assert!(message.contains(&role), "{message} names {role}");
        }
        assert!(Lang::Fr.t("students-own-only").contains("enseignez"));
        assert!(Lang::En.t("students-own-only").contains("teach"));
    }
}
