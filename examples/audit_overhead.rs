//! Measures what an audit row costs a write (docs/BENCHMARKS.md).
//!
//! ```sh
//! cargo run --release --example audit_overhead -- sqlite:///tmp/bench.db?mode=rwc 2000
//! cargo run --release --example audit_overhead -- postgres://postgres@127.0.0.1/eschool_bench 2000
//! ```
//! It creates a throw-away school in the database it is given: use a scratch database.

use eschool::{audit::bench, clock::SystemClock, db::Db};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .unwrap_or_else(|| "sqlite:///tmp/eschool-audit-bench.db?mode=rwc".into());
    let n: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(2000);
    let db = Db::connect(&url, 4).await?;
    db.migrate().await?;
    let result = bench::measure(&db, &SystemClock, n).await?;
    println!(
        "{} writes each way on {}: {:.0} writes/s without the audit row, {:.0} with it ({:.0} % of the plain rate)",
        n,
        db.backend.name(),
        result.plain_per_sec,
        result.audited_per_sec,
        100.0 * result.audited_per_sec / result.plain_per_sec
    );
    Ok(())
}
