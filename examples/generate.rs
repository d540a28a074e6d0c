//! Writes one of the benchmarks' generated schedules as hallway RON to stdout, for the
//! whole-process comparisons in benches/fzf-compare.sh: `cargo run --release --example
//! generate -- 10000 > big.ron`.

#[path = "../benches/support/generate.rs"]
mod generate;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .ok_or("usage: generate SESSIONS")?
        .parse()?;
    print!("{}", hallway::formats::ron::write(&generate::synthetic(n))?);
    Ok(())
}
