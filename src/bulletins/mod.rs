//! Bulletins: the document a family receives at the end of each period, typeset from the
//! class council's data ([`document`]) with the school's typst template ([`render`]).

pub mod document;
pub mod identity;
pub mod render;
pub mod sample;
pub mod settings;
pub mod summary;
pub mod summary_pages;
pub mod template_pages;
