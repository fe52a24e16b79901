//! Field errors shown next to form inputs, translated.

use super::i18n::Lang;

/// (field, message id) pairs and the language to show them in.
#[derive(Debug, Clone, Default)]
pub struct Errors {
    lang: Lang,
    list: Vec<(&'static str, &'static str)>,
}

impl Errors {
    pub fn new(lang: Lang, list: Vec<(&'static str, &'static str)>) -> Self {
        Self { lang, list }
    }

    pub fn none(lang: Lang) -> Self {
        Self {
            lang,
            list: Vec::new(),
        }
    }

    /// The message for a field, if it has one.
    pub fn get(&self, field: &str) -> Option<String> {
        self.list
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, key)| self.lang.t(key))
    }

    pub fn has(&self, field: &str) -> bool {
        self.list.iter().any(|(f, _)| *f == field)
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Every message, for the summary at the top of a form.
    pub fn all(&self) -> Vec<(&'static str, String)> {
        self.list
            .iter()
            .map(|(f, key)| (*f, self.lang.t(key)))
            .collect()
    }
}
