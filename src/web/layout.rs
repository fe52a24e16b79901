//! The page shell every HTML page renders inside: language, theme, navigation by role, the
//! school's name and colour, the CSRF token for forms.

use std::sync::Arc;

use askama::Template;
use axum::response::{Html, IntoResponse, Response};

use crate::{
    accounts::model::{Role, Theme},
    auth::{
        context::{CurrentUser, RequestCtx},
        policy::{self, Action, Scope},
    },
    error::AppError,
    web::i18n::Lang,
};

/// A link in the main navigation.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub label_key: &'static str,
    pub current: bool,
}

/// Data the base layout needs; every page template has one as `s`.
#[derive(Debug, Clone)]
pub struct Shell {
    pub lang: Lang,
    pub theme: Theme,
    pub csrf: String,
    pub request_id: String,
    pub user: Option<Arc<CurrentUser>>,
    pub nav: Vec<NavItem>,
}

impl Shell {
    pub fn new(ctx: &RequestCtx) -> Self {
        let nav = match &ctx.user {
            Some(user) => nav_for(user, &ctx.path),
            None => Vec::new(),
        };
        Self {
            lang: ctx.lang,
            theme: ctx.theme,
            csrf: ctx.csrf_token.clone(),
            request_id: ctx.request_id.clone(),
            user: ctx.user.clone(),
            nav,
        }
    }

    /// A shell for pages rendered outside any request context (should not happen in practice).
    pub fn fallback() -> Self {
        Self {
            lang: Lang::default(),
            theme: Theme::default(),
            csrf: String::new(),
            request_id: "-".into(),
            user: None,
            nav: Vec::new(),
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    pub fn t_with(&self, key: &str, args: &[(&'static str, String)]) -> String {
        self.lang.t_with(key, args)
    }

    /// An ISO date (`2014-03-14`) as the language writes it: `14/03/2014` in French, kept
    /// ISO in English (unambiguous). Anything else is shown as stored.
    pub fn date(&self, iso: &str) -> String {
        display_date(self.lang, iso)
    }

    pub fn school_name(&self) -> &str {
        self.user
            .as_ref()
            .and_then(|u| u.school.as_ref())
            .map_or("eSchool", |s| s.name.as_str())
    }

    pub fn school_color(&self) -> &str {
        self.user
            .as_ref()
            .and_then(|u| u.school.as_ref())
            .map_or("#1d4ed8", |s| s.color.as_str())
    }

    /// Black or white, whichever reads better on the school's colour (WCAG contrast).
    pub fn school_text_color(&self) -> &'static str {
        text_color_on(self.school_color())
    }

    pub fn is_theme(&self, theme: &str) -> bool {
        self.theme.as_str() == theme
    }

    pub fn is_lang(&self, code: &str) -> bool {
        self.lang.code() == code
    }
}

fn nav_for(user: &CurrentUser, path: &str) -> Vec<NavItem> {
    let mut items = vec![("/", "nav-home")];
    if user.has_role(Role::Teacher) && policy::allows(user, Action::ViewClass, Scope::Own) {
        items.push(("/classes", "nav-my-classes"));
    }
    if policy::allows(user, Action::EnterMarks, Scope::Own) {
        items.push(("/gradebook", "nav-gradebook"));
    }
    if policy::allows(user, Action::ViewStudent, Scope::SameSchool) {
        items.push(("/students", "nav-students"));
    }
    if policy::allows(user, Action::ViewGuardian, Scope::SameSchool) {
        items.push(("/guardians", "nav-guardians"));
    }
    if policy::allows(user, Action::ViewStaff, Scope::SameSchool) {
        items.push(("/staff", "nav-staff"));
    }
    if policy::allows(user, Action::ViewStructure, Scope::SameSchool) {
        items.push(("/admin/structure", "nav-structure"));
    }
    if user.has_role(Role::Parent) && policy::allows(user, Action::UpdateOwnContact, Scope::Own) {
        items.push(("/account/contact", "nav-contact"));
    }
    if policy::allows(user, Action::IssueBulletins, Scope::SameSchool) {
        items.push(("/bulletins", "nav-bulletins"));
    }
    if user.has_role(Role::SchoolAdmin) {
        items.push(("/admin/users", "nav-users"));
        items.push(("/admin/school", "nav-school"));
        items.push(("/admin/audit", "nav-audit"));
    }
    items.push(("/account", "nav-account"));
    // The current item is the longest matching prefix (`/account/contact` is not `/account`).
    let matches = |href: &str| match href {
        "/" => path == "/",
        // A subject's gradebook (under /classes) and the assessments belong to the gradebook.
        "/gradebook" => {
            path.starts_with(href)
                || path.starts_with("/assessments/")
                || (path.starts_with("/classes/") && path.contains("/gradebook/"))
        }
        _ => path.starts_with(href),
    };
    let current = items
        .iter()
        .map(|(href, _)| *href)
        .filter(|href| matches(href))
        .max_by_key(|href| href.len());
    items
        .into_iter()
        .map(|(href, label_key)| NavItem {
            href,
            label_key,
            current: Some(href) == current,
        })
        .collect()
}

/// Relative luminance per WCAG 2.1, from `#rrggbb`.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let v = hex
            .get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
        let c = f64::from(v) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

pub fn text_color_on(background: &str) -> &'static str {
    let l = luminance(background);
    let contrast_white = 1.05 / (l + 0.05);
    let contrast_black = (l + 0.05) / 0.05;
    if contrast_white >= contrast_black {
        "#ffffff"
    } else {
        "#000000"
    }
}

/// Renders a template into an HTML response; a template error is an internal error.
pub fn render<T: Template>(template: &T) -> Result<Response, AppError> {
    template
        .render()
        .map(|html| Html(html).into_response())
        .map_err(|e| AppError::internal(anyhow::anyhow!("template: {e}")))
}

/// See [`Shell::date`].
pub fn display_date(lang: Lang, iso: &str) -> String {
    match (lang, iso.parse::<jiff::civil::Date>()) {
        (Lang::Fr, Ok(d)) => d.strftime("%d/%m/%Y").to_string(),
        _ => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_shown_as_each_language_writes_them() {
        assert_eq!(display_date(Lang::Fr, "2014-03-14"), "14/03/2014");
        assert_eq!(display_date(Lang::En, "2014-03-14"), "2014-03-14");
        assert_eq!(display_date(Lang::Fr, "pas une date"), "pas une date");
    }

    #[test]
    fn header_text_stays_readable() {
        assert_eq!(text_color_on("#1d4ed8"), "#ffffff");
        assert_eq!(text_color_on("#fde047"), "#000000");
        assert_eq!(text_color_on("#000000"), "#ffffff");
        assert_eq!(text_color_on("#ffffff"), "#000000");
    }
}
