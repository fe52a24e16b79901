//! Bulletins: the document a family receives at the end of each period, typeset from the
//! class council's data ([`document`]) with the school's typst template ([`render`]).

pub mod access;
pub mod document;
pub mod jobs;
pub mod pages;
pub mod pages_files;
pub mod render;
pub mod repo;
pub mod service;
pub mod settings;
