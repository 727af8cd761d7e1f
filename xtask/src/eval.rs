//! `xtask eval`: accuracy per capability on the labelled dev sets.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};

/// One metric row of a capability's table.
pub(crate) struct Row {
    metric: String,
    value: String,
    target: String,
}

impl Row {
    pub(crate) fn new(metric: &str, value: String, target: &str) -> Row {
        Row {
            metric: metric.into(),
            value,
            target: target.into(),
        }
    }
}

/// Scores one capability: (labelled data dir, vaga binary) → rows.
type Evaluator = fn(&Path, &Path) -> anyhow::Result<Vec<Row>>;

pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Builds the release `vaga` and returns its path (in the target directory cargo uses).
pub(crate) fn build_release(root: &Path) -> anyhow::Result<PathBuf> {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "-q", "-p", "vaga-cli"])
        .current_dir(root)
        .status()
        .context("cannot run cargo build")?;
    if !status.success() {
        bail!("cargo build --release -p vaga-cli failed");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    Ok(target.join("release/vaga"))
}

pub fn run(data: Option<PathBuf>, vaga: Option<PathBuf>) -> anyhow::Result<()> {
    let root = workspace_root();
    let data = match data {
        Some(dir) => dir,
        None => {
            let default = root.join("../shared/data/dev");
            if !default.is_dir() {
                bail!("no labelled data: pass --data DIR (default ../shared/data/dev is missing)");
            }
            default
        }
    };
    let vaga = match vaga {
        Some(path) => path,
        None => build_release(&root)?,
    };
    let capabilities: &[(&str, Evaluator)] = &[
        ("skills (skills.jsonl)", eval_skills),
        (
            "salaries (salaries.tsv)",
            crate::eval_posting::eval_salaries,
        ),
        (
            "locations (locations.tsv, from BR)",
            crate::eval_posting::eval_locations,
        ),
        ("duplicates (dedup.jsonl)", crate::eval_posting::eval_dedup),
        ("resumes (resumes/)", crate::eval_resume::eval_resumes),
        ("matching (match/)", crate::eval_match::eval_match),
        (
            "real postings (../shared/data/jobs)",
            crate::real::eval_real,
        ),
    ];
    for (name, eval) in capabilities {
        println!("\n## {name}\n");
        match eval(&data, &vaga) {
            // An evaluator that printed a table of its own shape returns no rows.
            Ok(rows) if rows.is_empty() => {}
            Ok(rows) => print_table(&rows),
            Err(e) => println!("not evaluated: {e:#}"),
        }
    }
    Ok(())
}

fn print_table(rows: &[Row]) {
    let width = rows
        .iter()
        .map(|r| r.metric.len())
        .max()
        .unwrap_or(6)
        .max(6);
    println!(
        "| {:<width$} | {:>8} | {:>8} |",
        "metric", "value", "target"
    );
    println!(
        "|{}|{}|{}|",
        "-".repeat(width + 2),
        "-".repeat(10),
        "-".repeat(10)
    );
    for row in rows {
        println!(
            "| {:<width$} | {:>8} | {:>8} |",
            row.metric, row.value, row.target
        );
    }
}

/// Runs `vaga` with arguments and stdin, returning stdout. Input is written from its own
/// thread, so outputs of any size never deadlock against a full pipe.
pub(crate) fn vaga_output(vaga: &Path, args: &[&str], stdin: &[u8]) -> anyhow::Result<String> {
    let mut child = Command::new(vaga)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("cannot run {}", vaga.display()))?;
    let mut input = child.stdin.take().context("no stdin")?;
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || input.write_all(&data));
    let mut out = String::new();
    child
        .stdout
        .take()
        .context("no stdout")?
        .read_to_string(&mut out)?;
    let written = writer.join();
    let status = child.wait()?;
    if !status.success() {
        bail!("vaga {} exited with {status}", args.join(" "));
    }
    match written {
        Ok(r) => r.context("writing vaga's input")?,
        Err(_) => bail!("the input writer panicked"),
    }
    Ok(out)
}

/// Normalises names through `vaga skills normalize`, returning name → canonical id.
pub(crate) fn normalize_all(
    vaga: &Path,
    names: &BTreeSet<String>,
) -> anyhow::Result<BTreeMap<String, Option<String>>> {
    let input: String = names.iter().map(|n| format!("{n}\n")).collect();
    let out = vaga_output(vaga, &["skills", "normalize", "-"], input.as_bytes())?;
    let mut map = BTreeMap::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let input = v["input"].as_str().unwrap_or_default().to_string();
        map.insert(input, v["id"].as_str().map(str::to_string));
    }
    Ok(map)
}

/// The `id` (as text) and the `skills` names of one JSON line.
fn id_and_skills(line: &str) -> anyhow::Result<(String, BTreeSet<String>)> {
    let v: serde_json::Value = serde_json::from_str(line)?;
    let id = v["id"].as_str().unwrap_or_default().to_string();
    let skills = v["skills"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect();
    Ok((id, skills))
}

pub(crate) fn f3(x: f64) -> String {
    format!("{x:.3}")
}

fn eval_skills(data: &Path, vaga: &Path) -> anyhow::Result<Vec<Row>> {
    let postings = data.join("skills.jsonl");
    let canonical_file = data.join("skills_canonical.txt");
    let text =
        std::fs::read_to_string(&postings).with_context(|| postings.display().to_string())?;
    let canonical_text = std::fs::read_to_string(&canonical_file)?;
    let canonical: BTreeSet<String> = canonical_text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next().map(str::to_string))
        .collect();

    let mut gold: Vec<(String, BTreeSet<String>)> = Vec::new();
    let mut names: BTreeSet<String> = canonical.clone();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (id, skills) = id_and_skills(line)?;
        names.extend(skills.iter().cloned());
        gold.push((id, skills));
    }
    let out = vaga_output(
        vaga,
        &["skills", "extract", "--jsonl", "-"],
        text.as_bytes(),
    )?;
    let mut predicted: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in out.lines() {
        let (id, skills) = id_and_skills(line)?;
        names.extend(skills.iter().cloned());
        predicted.insert(id, skills);
    }
    // Everything is compared as Vaga's canonical ids; predictions outside the labelled list
    // are ignored, as the labelling rules say.
    let ids = normalize_all(vaga, &names)?;
    let labelled: BTreeSet<String> = canonical
        .iter()
        .filter_map(|n| ids.get(n).cloned().flatten())
        .collect();
    let unmapped: Vec<&String> = canonical
        .iter()
        .filter(|n| ids.get(*n).cloned().flatten().is_none())
        .collect();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut errors: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (id, gold_names) in &gold {
        let gold_ids: BTreeSet<String> = gold_names
            .iter()
            .filter_map(|n| ids.get(n).cloned().flatten())
            .collect();
        let pred_ids: BTreeSet<String> = predicted
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|n| ids.get(n).cloned().flatten())
            .filter(|i| labelled.contains(i))
            .collect();
        tp += gold_ids.intersection(&pred_ids).count();
        for extra in pred_ids.difference(&gold_ids) {
            fp += 1;
            errors.entry(extra.clone()).or_default().0 += 1;
        }
        for missing in gold_ids.difference(&pred_ids) {
            fn_ += 1;
            errors.entry(missing.clone()).or_default().1 += 1;
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    if std::env::var_os("EVAL_VERBOSE").is_some() {
        let mut worst: Vec<_> = errors.into_iter().collect();
        worst.sort_by_key(|(_, (fp, fn_))| std::cmp::Reverse(fp + fn_));
        for (skill, (fp, fn_)) in worst.iter().take(25) {
            eprintln!("  {skill}: {fp} false positives, {fn_} missed");
        }
        if !unmapped.is_empty() {
            eprintln!("  labelled names vaga cannot normalise: {unmapped:?}");
        }
    }
    Ok(vec![
        Row {
            metric: "postings".into(),
            value: gold.len().to_string(),
            target: String::new(),
        },
        Row {
            metric: "micro precision".into(),
            value: f3(precision),
            target: String::new(),
        },
        Row {
            metric: "micro recall".into(),
            value: f3(recall),
            target: String::new(),
        },
        Row {
            metric: "micro F1".into(),
            value: f3(f1),
            target: "≥ 0.950".into(),
        },
        Row {
            metric: "labelled names not normalised".into(),
            value: unmapped.len().to_string(),
            target: "0".into(),
        },
    ])
}
