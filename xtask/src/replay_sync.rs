//! `cargo xtask replay-sync`: every stored board response of `../shared/data/jobs` served on
//! loopback at the real services' paths (one server per service), synced by the release `vaga`
//! with each source's own politeness policy, twice. Reports per source how many of the stored
//! postings that have a title and a company were ingested with their title, company and URL,
//! the smallest gap between two requests to each service against the least interval its sources
//! ask for, and whether the second run changed anything.

#[path = "../../crates/vaga-cli/tests/it/replay.rs"]
#[allow(dead_code)]
mod replay;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use serde_json::Value;

use replay::{Replay, sources_toml};

/// The share of stored postings with a title and company a sync must ingest.
const TARGET: f64 = 0.95;

/// Runs the replay; fails when a source ingests less than [`TARGET`] or a gap is short.
pub fn run(data: Option<PathBuf>, vaga: Option<PathBuf>) -> anyhow::Result<()> {
    let root = crate::eval::workspace_root();
    let jobs = data.unwrap_or_else(|| root.join("../shared/data/jobs"));
    if !jobs.is_dir() {
        bail!("no job dumps at {} (use --data DIR)", jobs.display());
    }
    let vaga = match vaga {
        Some(v) => v,
        None => crate::eval::build_release(&root)?,
    };
    let work = std::env::temp_dir().join(format!("vaga-replay-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let manifest_file = work.join("replay.json");
    let status = Command::new("python3")
        .arg(root.join("scripts/gen-replay.py"))
        .arg("--jobs")
        .arg(&jobs)
        .arg("--out")
        .arg(&manifest_file)
        .status()
        .context("cannot run python3 scripts/gen-replay.py")?;
    if !status.success() {
        bail!("gen-replay.py failed");
    }
    let manifest: Value = serde_json::from_slice(&std::fs::read(&manifest_file)?)?;
    let replay = Replay::start(&manifest, &[]);
    let config = format!(
        "[sync]\nbuiltins = false\n\n{}",
        sources_toml(
            &manifest,
            &replay,
            &[("allow_private", toml::Value::Boolean(true))]
        )
    );
    let config_file = work.join("config.toml");
    std::fs::write(&config_file, config)?;
    let out = work.join("postings.jsonl");

    let started = std::time::Instant::now();
    let first = sync(&vaga, &config_file, &out)?;
    let first_secs = started.elapsed().as_secs_f64();
    let lines: Vec<Value> = std::fs::read_to_string(&out)?
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let policies = policies(&vaga, &config_file)?;
    let second = sync(&vaga, &config_file, &out)?;

    let reports: HashMap<String, &Value> = first["sources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| Some((s["name"].as_str()?.to_string(), s)))
        .collect();
    println!("\nReplay sync of {} ({first_secs:.1} s)\n", jobs.display());
    println!(
        "| source | stored postings with title and company | ingested with their fields | share | spot-check (first 20) | duplicates | skipped | errors |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut failures = Vec::new();
    let (mut all_expected, mut all_ingested) = (0usize, 0usize);
    for source in manifest["sources"].as_array().into_iter().flatten() {
        let name = source["name"]
            .as_str()
            .or(source["kind"].as_str())
            .unwrap_or("?");
        let expected = source["expect"].as_array().cloned().unwrap_or_default();
        let mine: Vec<&Value> = lines.iter().filter(|l| l["source"] == name).collect();
        let present = |e: &Value| {
            mine.iter().any(|l| {
                l["title"] == e["title"]
                    && l["company"] == e["company"]
                    && (e["url"].is_null() || l["url"] == e["url"])
            })
        };
        let stored = expected.iter().filter(|e| present(e)).count();
        let report = reports.get(name);
        let duplicates = report.and_then(|r| r["duplicates"].as_u64()).unwrap_or(0) as usize;
        let skipped = report.and_then(|r| r["skipped"].as_u64()).unwrap_or(0);
        let errors: Vec<String> = report
            .and_then(|r| r["errors"].as_array())
            .into_iter()
            .flatten()
            .filter_map(|e| e.as_str())
            .filter(|e| !e.starts_with("skipped"))
            .map(str::to_string)
            .collect();
        // Duplicates are postings the file already holds from another source (or a repost).
        let ingested = (stored + duplicates).min(expected.len());
        let spot = expected.iter().take(20).filter(|e| present(e)).count();
        let spot_total = expected.len().min(20);
        let share = ingested as f64 / expected.len().max(1) as f64;
        all_expected += expected.len();
        all_ingested += ingested;
        println!(
            "| {name} | {} | {ingested} | {:.1}% | {spot}/{spot_total} | {duplicates} | {skipped} | {} |",
            expected.len(),
            share * 100.0,
            if errors.is_empty() {
                "none".to_string()
            } else {
                errors.join("; ")
            }
        );
        if share < TARGET {
            failures.push(format!("{name}: {:.1}% ingested", share * 100.0));
        }
    }
    println!(
        "\nall sources: {all_ingested} of {all_expected} ({:.1}%; target ≥ {:.0}% per source)",
        all_ingested as f64 * 100.0 / all_expected.max(1) as f64,
        TARGET * 100.0
    );

    // Request spacing per service, against the least interval any of its sources asks for.
    println!("\n| service | requests | smallest gap | least interval asked |");
    println!("|---|---|---|---|");
    let mut services: BTreeMap<String, f64> = BTreeMap::new();
    for source in manifest["sources"].as_array().into_iter().flatten() {
        let name = source["name"]
            .as_str()
            .or(source["kind"].as_str())
            .unwrap_or("?");
        let service = source["service"].as_str().unwrap_or("?").to_string();
        let asked = policies.get(name).copied().unwrap_or(0.0);
        let entry = services.entry(service).or_insert(f64::INFINITY);
        *entry = entry.min(asked);
    }
    let arrivals = replay.arrivals();
    for (service, asked) in &services {
        let requests = arrivals.iter().filter(|a| &a.service == service).count();
        let gap = replay.min_gap(service);
        let shown = gap.map_or("–".to_string(), |g| format!("{:.3} s", g.as_secs_f64()));
        println!("| {service} | {requests} | {shown} | {asked:.1} s |");
        if let Some(g) = gap
            && g.as_secs_f64() < asked - 0.01
        {
            failures.push(format!(
                "{service}: gap {:.3} s < {asked} s",
                g.as_secs_f64()
            ));
        }
    }
    let total = &second["total"];
    println!(
        "\nsecond run: new {}, updated {}, duplicates {} (a re-run must add and change nothing)",
        total["new"], total["updated"], total["duplicates"]
    );
    if total["new"] != 0 || total["updated"] != 0 {
        failures.push("the second run changed the file".into());
    }
    replay.stop();
    let _ = std::fs::remove_dir_all(&work);
    if !failures.is_empty() {
        bail!("replay sync: {}", failures.join("; "));
    }
    Ok(())
}

fn sync(vaga: &Path, config: &Path, out: &Path) -> anyhow::Result<Value> {
    let output = Command::new(vaga)
        .arg("--config")
        .arg(config)
        .args(["--format", "json", "sources", "sync", "--out"])
        .arg(out)
        .output()
        .context("cannot run vaga")?;
    if !output.status.success() {
        bail!(
            "vaga sources sync failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    serde_json::from_slice(&output.stdout).context("report is not JSON")
}

/// Each source's least interval between requests, from `vaga sources list`.
fn policies(vaga: &Path, config: &Path) -> anyhow::Result<HashMap<String, f64>> {
    let output = Command::new(vaga)
        .arg("--config")
        .arg(config)
        .args(["--format", "json", "sources", "list"])
        .output()
        .context("cannot run vaga")?;
    let listed: Value = serde_json::from_slice(&output.stdout).context("list is not JSON")?;
    Ok(listed
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| {
            Some((
                s["name"].as_str()?.to_string(),
                s["policy"]["min_interval_seconds"].as_f64()?,
            ))
        })
        .collect())
}
