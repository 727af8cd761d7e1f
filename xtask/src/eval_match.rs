//! `xtask eval`, matching: nDCG@10 and precision@5 per profile on `match/` (graded judgements,
//! gain 2^rel − 1, unjudged pairs 0), and, for remote-only profiles, postings judged 0 because
//! the person cannot take them (not remote, or closed to their country) found in the top 10.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;

use crate::eval::{Row, f3, vaga_output};

/// `profile → job → relevance`.
fn qrels(dir: &Path) -> anyhow::Result<BTreeMap<String, BTreeMap<String, u32>>> {
    let text = std::fs::read_to_string(dir.join("qrels.tsv")).context("match/qrels.tsv")?;
    let mut out: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        let [profile, job, rel] = cells[..] else {
            anyhow::bail!("qrels.tsv: {line:?} is not profile<TAB>job<TAB>relevance");
        };
        out.entry(profile.to_string())
            .or_default()
            .insert(job.to_string(), rel.trim().parse()?);
    }
    Ok(out)
}

fn dcg(gains: impl Iterator<Item = f64>) -> f64 {
    gains
        .enumerate()
        .map(|(k, g)| g / ((k + 2) as f64).log2())
        .sum()
}

pub(crate) fn eval_match(data: &Path, vaga: &Path) -> anyhow::Result<Vec<Row>> {
    let dir = data.join("match");
    let judged = qrels(&dir)?;
    let jobs = dir.join("jobs.jsonl");
    let jobs_text = std::fs::read_to_string(&jobs).context("match/jobs.jsonl")?;
    let n_jobs = jobs_text.lines().filter(|l| !l.trim().is_empty()).count();
    let top = n_jobs.to_string();
    let mut rows = Vec::new();
    let (mut sum_ndcg, mut sum_p5) = (0.0, 0.0);
    let mut cannot_take = 0usize;
    let mut remote_only_profiles = 0usize;
    for (profile, rels) in &judged {
        let path = dir.join(format!("{profile}.json"));
        let profile_json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        let remote_only = profile_json["remote_only"].as_bool().unwrap_or(false);
        let out = vaga_output(
            vaga,
            &[
                "--format",
                "json",
                "match",
                "--profile",
                path.to_str().unwrap_or_default(),
                "--jobs",
                jobs.to_str().unwrap_or_default(),
                "--top",
                &top,
            ],
            b"",
        )?;
        let ranked: Vec<serde_json::Value> = serde_json::from_str(&out)?;
        let ids: Vec<String> = ranked
            .iter()
            .map(|m| match &m["id"] {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        let rel = |id: &String| rels.get(id).copied().unwrap_or(0);
        let gain = |r: u32| f64::from((1u32 << r) - 1);
        let got = dcg(ids.iter().take(10).map(|id| gain(rel(id))));
        let mut ideal: Vec<u32> = rels.values().copied().collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        let best = dcg(ideal.iter().take(10).map(|&r| gain(r)));
        let ndcg = if best > 0.0 { got / best } else { 1.0 };
        let p5 = ids.iter().take(5).filter(|id| rel(id) >= 2).count() as f64 / 5.0;
        sum_ndcg += ndcg;
        sum_p5 += p5;
        if remote_only {
            remote_only_profiles += 1;
            // Judged 0 and not remote or closed to the person's country, per the output.
            cannot_take += ranked
                .iter()
                .zip(&ids)
                .take(10)
                .filter(|(m, id)| {
                    rel(id) == 0
                        && (m["eligible"] == false
                            || m["eligibility"]["workplace"].as_str() != Some("remote"))
                })
                .count();
        }
        rows.push(Row::new(
            &format!("{profile} nDCG@10 / P@5"),
            format!("{} / {}", f3(ndcg), f3(p5)),
            "",
        ));
    }
    let n = judged.len().max(1) as f64;
    rows.push(Row::new("mean nDCG@10", f3(sum_ndcg / n), "≥ 0.80"));
    rows.push(Row::new("mean P@5 (relevance ≥ 2)", f3(sum_p5 / n), ""));
    rows.push(Row::new(
        &format!("cannot-take postings in a remote-only top 10 ({remote_only_profiles} profiles)"),
        cannot_take.to_string(),
        "0",
    ));
    Ok(rows)
}
