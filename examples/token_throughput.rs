//! Access-token issue and verify throughput, in process (docs/BENCHMARKS.md).
//!
//! ```sh
//! cargo run --release --example token_throughput -- 200000
//! ```

use std::time::Instant;

use eschool::{
    Config,
    auth::jwt::{AUDIENCE, Claims, JwtKeys},
};

fn main() -> anyhow::Result<()> {
    let n: u32 = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(100_000);
    let keys = JwtKeys::from_config(&[42; 32], &Config::default());
    let now = 1_800_000_000;
    let claims = |i: u32| Claims {
        iss: keys.issuer().to_owned(),
        aud: AUDIENCE.to_owned(),
        sub: i.to_string(),
        exp: now + 3600,
        nbf: now,
        iat: now,
        jti: format!("j{i}"),
        school: Some(1),
        roles: vec!["teacher".into()],
    };
    let started = Instant::now();
    let tokens: Vec<String> = (0..n)
        .map(|i| keys.sign(&claims(i)))
        .collect::<Result<_, _>>()?;
    let issue = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for token in &tokens {
        keys.verify(token, now)?;
    }
    let verify = started.elapsed().as_secs_f64();
    println!(
        "{n} tokens on one core: issue {:.0}/s ({:.1} µs each), verify {:.0}/s ({:.1} µs each)",
        f64::from(n) / issue,
        issue * 1e6 / f64::from(n),
        f64::from(n) / verify,
        verify * 1e6 / f64::from(n)
    );
    Ok(())
}
