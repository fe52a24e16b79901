//! Rebuilds the binary when a migration is added: `sqlx::migrate!` embeds the migration
//! folders at compile time, but cargo only tracks the files it already knew of.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
