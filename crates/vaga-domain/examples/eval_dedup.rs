//! Scores duplicate detection on a labelled JSON Lines file (records with a `group` field):
//! pairwise precision, recall and F1 over "same group" pairs, and the accuracy of `duplicate_of`.
//!
//! ```sh
//! cargo run --release -p vaga-domain --example eval_dedup -- path/to/dedup.jsonl [--misses]
//! ```
//!
//! With `--misses`, every wrong pair is printed with the verdict's inputs.

use std::collections::{HashMap, HashSet};

use serde_json::Value;
use vaga_domain::posting::dedup::{
    DedupOptions, DedupRecord, Fingerprint, compare, find_duplicates,
};

fn field<'a>(record: &'a Value, name: &str) -> Option<&'a str> {
    record
        .get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: eval_dedup FILE.jsonl [--misses]")?;
    let show_misses = args.any(|a| a == "--misses");
    let text = std::fs::read_to_string(&path)?;
    let records: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let ids: Vec<String> = records
        .iter()
        .map(|r| match &r["id"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    let groups: Vec<String> = records
        .iter()
        .map(|r| field(r, "group").unwrap_or_default().to_string())
        .collect();
    let inputs: Vec<DedupRecord<'_>> = records
        .iter()
        .map(|r| DedupRecord {
            title: field(r, "title").unwrap_or_default(),
            company: field(r, "company"),
            location: field(r, "location"),
            description: field(r, "description"),
            url: field(r, "url"),
            source: field(r, "source"),
            external_id: field(r, "external_id"),
            posted_at: field(r, "posted_at"),
        })
        .collect();
    let options = DedupOptions::default();
    let started = std::time::Instant::now();
    let found = find_duplicates(&inputs, &options);
    let elapsed = started.elapsed();

    // Expected: the first record of each group in file order.
    let mut first_of_group: HashMap<&str, usize> = HashMap::new();
    for (i, group) in groups.iter().enumerate() {
        first_of_group.entry(group.as_str()).or_insert(i);
    }
    let expected: Vec<Option<usize>> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| Some(first_of_group[g.as_str()]).filter(|&f| f != i))
        .collect();
    let predicted_group: Vec<usize> = found
        .iter()
        .enumerate()
        .map(|(i, d)| d.unwrap_or(i))
        .collect();

    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut wrong: Vec<(usize, usize, bool)> = Vec::new();
    for i in 0..records.len() {
        for j in i + 1..records.len() {
            let truth = groups[i] == groups[j];
            let said = predicted_group[i] == predicted_group[j];
            match (truth, said) {
                (true, true) => tp += 1,
                (false, true) => {
                    fp += 1;
                    wrong.push((i, j, false));
                }
                (true, false) => {
                    fn_ += 1;
                    wrong.push((i, j, true));
                }
                (false, false) => {}
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let correct = found.iter().zip(&expected).filter(|(a, b)| a == b).count();
    let group_count = groups.iter().collect::<HashSet<_>>().len();
    println!(
        "records {}  groups {}  predicted groups {}",
        records.len(),
        group_count,
        found.iter().filter(|d| d.is_none()).count()
    );
    println!("pairs: tp {tp}  fp {fp}  fn {fn_}");
    println!("pairwise precision {precision:.4}  recall {recall:.4}  F1 {f1:.4}");
    println!(
        "duplicate_of accuracy {:.4} ({correct}/{})",
        correct as f64 / records.len().max(1) as f64,
        records.len()
    );
    println!("find_duplicates took {:.2} ms", elapsed.as_secs_f64() * 1e3);

    if show_misses {
        let fingerprints: Vec<Fingerprint> = inputs.iter().map(Fingerprint::new).collect();
        for (i, j, missed) in wrong {
            let (a, b) = (&fingerprints[i], &fingerprints[j]);
            let similarity = a.text_similarity(b);
            println!(
                "{} {} {} | {:?} / {:?} | {:?} / {:?} | levels {:?}/{:?} | text {:?} | verdict {:?}",
                if missed { "MISSED" } else { "WRONG " },
                ids[i],
                ids[j],
                inputs[i].title,
                inputs[j].title,
                inputs[i].company,
                inputs[j].company,
                a.level(),
                b.level(),
                similarity,
                compare(a, b, &options)
            );
        }
    }
    Ok(())
}
