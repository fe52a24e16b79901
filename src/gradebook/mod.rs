//! The gradebook's computation core: pure functions, no database, no HTTP.
//!
//! Every surface that shows a mark, an average or a rank (student and parent pages, the class
//! gradebook, the API, the PDF bulletin) calls these functions, so there is exactly one
//! implementation of the French rules. Callers load the rows, build the input types below and
//! render the results; nothing here rounds except [`Ratio::format`], at display time.
//!
//! # Units
//! - Marks and maxima are **integer hundredths** of a point: 13.5 is `1350`, a maximum of 20 is
//!   `2000`. A maximum is any positive value.
//! - Coefficients are **integer hundredths** from 0 to 9900: coefficient 2.5 is `250`.
//! - Averages are exact rationals ([`Ratio`], `i128` numerator and denominator, always reduced),
//!   on 20. No float is ever involved; rounding is half-up and happens only in
//!   [`Ratio::format`] / [`Ratio::round_half_up`].
//!
//! # The rules, in one place
//! - [`subject_average`]: a subject's average over a period (or any set of marks), in the
//!   school's [`AverageMode`], with the per-mark [`MarkExplanation`] the student page renders.
//! - [`general_average`] (and [`group_average`], the same rule inside a subject group):
//!   Σ(subject average × subject coefficient) / Σ(coefficients of the subjects that have an
//!   average).
//! - [`annual_subject_average`]: from the periods, in the school's [`AnnualMode`].
//! - [`ranks`] (students strictly above + 1, ties share) and [`class_stats`].
//!
//! See the "Gradebook computation" section of docs/ARCHITECTURE.md.

pub mod access;
mod class;
pub mod codes;
pub mod codes_pages;
mod compute;
pub mod pages;
mod ratio;
pub mod repo;
pub mod results;
pub mod results_pages;
pub mod service;

pub use class::{ClassStats, class_stats, ranks};
pub use compute::{
    AnnualMode, Assessment, AssessmentRule, AverageMode, CodeEffect, CodeTable, GradebookError,
    LeftOutReason, MAX_COEFFICIENT, MarkCode, MarkEntry, MarkExplanation, MarkStatus, MarkValue,
    SubjectResult, WeightedAverage, annual_subject_average, general_average, group_average,
    subject_average,
};
pub use ratio::{DecimalSeparator, Ratio};

#[cfg(test)]
mod tests;
