//! Renders one template with one data file many times and prints the documents per second:
//! the typesetting cost of a bulletin, without the database (docs/BENCHMARKS.md).
//!
//! cargo run --release -p eschool-pdf --example render_many -- TEMPLATE.typ DATA.json [COUNT]

use std::time::Instant;

use eschool_pdf::{Files, Typesetter};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: render_many TEMPLATE.typ DATA.json [COUNT]";
    let template = std::fs::read_to_string(args.next().ok_or(usage)?)?;
    let data = std::fs::read(args.next().ok_or(usage)?)?;
    let count: usize = args.next().map_or(Ok(200), |n| n.parse())?;

    let started = Instant::now();
    let typesetter = Typesetter::new();
    println!(
        "fonts loaded in {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );

    let mut bytes = 0;
    let started = Instant::now();
    for i in 0..count {
        // A different student each time, as in a real batch: typst's memoization cannot
        // simply return the previous document.
        let data = String::from_utf8(data.clone())?.replacen(
            "\"last_name\":\"",
            &format!("\"last_name\":\"{i} "),
            1,
        );
        let pdf =
            typesetter.render(&template, Files::new().with("data.json", data.into_bytes()))?;
        bytes += pdf.bytes.len();
        if i % 50 == 49 {
            Typesetter::evict_cache(10);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{count} documents in {secs:.2} s: {:.1} per second, {:.1} ms each, {} KB each on average",
        count as f64 / secs,
        secs * 1e3 / count as f64,
        bytes / count / 1024
    );
    Ok(())
}
