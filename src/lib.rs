//! eSchool: a school management platform in one binary.
//!
//! Layers go one way: `web` pages and (later) `api` handlers call domain services, services own
//! rules, authorization and transactions, repositories (`repo.rs` in each domain) hold all SQL.
//! See docs/ARCHITECTURE.md for the map.

pub mod academics;
pub mod accounts;
pub mod api;
pub mod app;
pub mod audit;
pub mod auth;
pub mod bulletins;
pub mod cli;
pub mod clock;
pub mod config;
pub mod council;
pub mod crypto;
pub mod db;
pub mod demo;
pub mod error;
pub mod gradebook;
pub mod import;
pub mod people;
pub mod schools;
pub mod structure;
pub mod telemetry;
pub mod web;

pub use app::{AppState, serve};
pub use config::Config;
pub use error::AppError;
