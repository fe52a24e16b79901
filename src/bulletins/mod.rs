//! Bulletins: the document a family receives at the end of each period, typeset from the
//! class council's data ([`document`]) with the school's typst template ([`render`]).

pub mod document;
pub mod render;
pub mod settings;
