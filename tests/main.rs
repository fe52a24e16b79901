//! One integration-test binary: the real server on port 0 against a fresh database per test.
//! SQLite by default; PostgreSQL when `ESCHOOL_TEST_POSTGRES_URL` is set (see docs/TESTING.md).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failed test"
)]

mod helpers;

mod accounts;
mod api;
mod api_gradebook;
mod api_resources;
mod audit;
mod auth;
mod bulletin_docs;
mod bulletin_pdf;
mod bulletins;
mod cli;
mod council;
mod demo;
mod gradebook;
mod gradebook_codes;
mod gradebook_pages;
mod import;
mod observability;
mod people;
mod policy;
mod sensitive;
mod setup;
mod shell;
mod structure;
mod structure_import;
