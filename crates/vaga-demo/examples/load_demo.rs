//! Loads the demo into a database twice and prints how long each run took:
//! `cargo run --release -p vaga-demo --example load_demo -- sqlite:PATH` (a fresh file for the
//! first-start time; PostgreSQL URLs work too).

use std::time::Instant;

use anyhow::Context;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let url = std::env::args()
        .nth(1)
        .context("usage: load_demo DATABASE_URL")?;
    let now = chrono::Utc::now();
    let t = Instant::now();
    let store = vaga_storage::Store::open(&url).await?;
    println!("open + migrations: {:.3} s", t.elapsed().as_secs_f64());
    for run in ["first", "second"] {
        let t = Instant::now();
        let summary = vaga_demo::load(&store, now).await?;
        println!("{run} load: {:.3} s: {summary}", t.elapsed().as_secs_f64());
    }
    let t = Instant::now();
    let postings = vaga_demo::generate(vaga_demo::DEMO_SEED, now);
    let generated = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let tools = vaga_demo::Tools::builtin()?;
    let built = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let records = tools.records(&postings);
    println!(
        "of which: generate {generated:.3} s, skill engine {built:.3} s, normalise {} postings {:.3} s",
        records.len(),
        t.elapsed().as_secs_f64()
    );
    store.close().await;
    Ok(())
}
