//! The school's structure: academic years and their periods (with the closed-period rule),
//! levels, classes, subject groups, subjects, coefficients per level with overrides per class
//! and/or period, and teaching assignments. Admin pages under `/admin/structure`, the class
//! page `/classes/{id}` and a teacher's classes `/classes`; the API is in
//! `src/api/structure*.rs`.

pub mod classes;
pub mod model;
pub mod pages;
pub mod repo;
pub mod service;

pub use classes::{MyClass, my_classes};
pub use service::{effective_coefficient, is_period_closed, period_of_date, school_today};
