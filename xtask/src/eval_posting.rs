//! Evaluators for posting normalisation: salaries, locations, duplicates.

use std::path::Path;

use anyhow::Context;

use crate::eval::{Row, f3, vaga_output};

/// Numbers equal within 0.5%, as the labelling notes suggest.
fn same_number(label: &str, got: &serde_json::Value) -> bool {
    match (label.trim(), got.as_f64()) {
        ("", None) => true,
        ("", Some(_)) | (_, None) => false,
        (l, Some(g)) => l
            .parse::<f64>()
            .is_ok_and(|l| (l - g).abs() <= 0.005 * l.abs().max(1e-9)),
    }
}

fn same_text(label: &str, got: &serde_json::Value) -> bool {
    match (label.trim(), got.as_str()) {
        ("", None) => true,
        (l, Some(g)) => l == g,
        _ => false,
    }
}

fn rate(hits: usize, total: usize) -> String {
    format!("{} ({hits}/{total})", f3(hits as f64 / total.max(1) as f64))
}

/// Runs `vaga` over the first column of a TSV file of labelled strings, each sent as the
/// `field` of a record: returns the rows (cells split) and one parsed output line per row.
fn run_tsv(
    data: &Path,
    name: &str,
    field: &str,
    vaga: &Path,
    args: &[&str],
) -> anyhow::Result<(Vec<Vec<String>>, Vec<serde_json::Value>)> {
    let file = data.join(name);
    let text = std::fs::read_to_string(&file).with_context(|| file.display().to_string())?;
    let rows: Vec<Vec<String>> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    let mut input = String::new();
    for (i, r) in rows.iter().enumerate() {
        let mut record = serde_json::Map::new();
        record.insert("id".into(), i.into());
        record.insert(field.into(), r.first().cloned().unwrap_or_default().into());
        input.push_str(&serde_json::Value::Object(record).to_string());
        input.push('\n');
    }
    let out = vaga_output(vaga, args, input.as_bytes())?;
    let got: Vec<serde_json::Value> = out
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    anyhow::ensure!(got.len() == rows.len(), "one output line per input line");
    Ok((rows, got))
}

/// `salaries.tsv`: `text, min, max, currency, period`, through `vaga parse salary --jsonl`.
pub fn eval_salaries(data: &Path, vaga: &Path) -> anyhow::Result<Vec<Row>> {
    let (rows, got) = run_tsv(
        data,
        "salaries.tsv",
        "salary",
        vaga,
        &["parse", "salary", "--jsonl", "-"],
    )?;
    let (mut amounts, mut currency, mut period, mut labelled_period, mut whole) = (0, 0, 0, 0, 0);
    let verbose = std::env::var_os("EVAL_VERBOSE").is_some();
    for (row, g) in rows.iter().zip(&got) {
        let cell = |i: usize| row.get(i).map_or("", String::as_str);
        let amounts_ok = same_number(cell(1), &g["min"]) && same_number(cell(2), &g["max"]);
        let currency_ok = same_text(cell(3), &g["currency"]);
        let period_ok = cell(4).trim().is_empty() || same_text(cell(4), &g["period"]);
        amounts += usize::from(amounts_ok && currency_ok);
        currency += usize::from(currency_ok);
        if !cell(4).trim().is_empty() {
            labelled_period += 1;
            period += usize::from(period_ok);
        }
        whole += usize::from(amounts_ok && currency_ok && period_ok);
        if verbose && !(amounts_ok && currency_ok && period_ok) {
            eprintln!(
                "  {:?}: want {}|{}|{}|{} got {}|{}|{}|{}",
                cell(0),
                cell(1),
                cell(2),
                cell(3),
                cell(4),
                g["min"],
                g["max"],
                g["currency"],
                g["period"]
            );
        }
    }
    Ok(vec![
        Row::new("strings", rows.len().to_string(), ""),
        Row::new(
            "min, max and currency exact",
            rate(amounts, rows.len()),
            "≥ 0.950",
        ),
        Row::new("currency exact", rate(currency, rows.len()), ""),
        Row::new(
            "period exact where labelled",
            rate(period, labelled_period),
            "≥ 0.950",
        ),
        Row::new("whole row exact", rate(whole, rows.len()), ""),
    ])
}

/// Splits a comma-separated cell into a sorted set.
fn cell_set(cell: &str) -> std::collections::BTreeSet<String> {
    cell.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn json_set(value: &serde_json::Value) -> std::collections::BTreeSet<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// `locations.tsv`: `text, workplace, eligible_from_BR, countries, regions`, through
/// `vaga parse location --jsonl - --from BR`.
pub fn eval_locations(data: &Path, vaga: &Path) -> anyhow::Result<Vec<Row>> {
    let (rows, got) = run_tsv(
        data,
        "locations.tsv",
        "location",
        vaga,
        &["parse", "location", "--from", "BR", "--jsonl", "-"],
    )?;
    let verbose = std::env::var_os("EVAL_VERBOSE").is_some();
    let (mut workplace, mut eligible, mut countries, mut regions) = (0, 0, 0, 0);
    for (row, g) in rows.iter().zip(&got) {
        let cell = |i: usize| row.get(i).map_or("", |c| c.trim());
        let w_ok = same_text(cell(1), &g["workplace"]);
        let e_ok = matches!(
            (cell(2), g["eligible"].as_bool()),
            ("", None) | ("true", Some(true)) | ("false", Some(false))
        );
        let c_ok = cell_set(cell(3)) == json_set(&g["countries"]);
        let r_ok = cell_set(cell(4)) == json_set(&g["regions"]);
        workplace += usize::from(w_ok);
        eligible += usize::from(e_ok);
        countries += usize::from(c_ok);
        regions += usize::from(r_ok);
        if verbose && !(w_ok && e_ok && c_ok && r_ok) {
            eprintln!(
                "  {:?}: want {}|{}|{}|{} got {}|{}|{}|{}",
                cell(0),
                cell(1),
                cell(2),
                cell(3),
                cell(4),
                g["workplace"],
                g["eligible"],
                g["countries"],
                g["regions"]
            );
        }
    }
    let n = rows.len();
    Ok(vec![
        Row::new("strings", n.to_string(), ""),
        Row::new("workplace exact", rate(workplace, n), "≥ 0.950"),
        Row::new("eligible from BR exact", rate(eligible, n), "≥ 0.930"),
        Row::new("countries exact", rate(countries, n), ""),
        Row::new("regions exact", rate(regions, n), ""),
    ])
}

/// `dedup.jsonl`: records with a `group`, through `vaga jobs dedup --jsonl -`; pairwise
/// precision, recall and F1 over "same group" pairs, and accuracy of `duplicate_of`.
pub fn eval_dedup(data: &Path, vaga: &Path) -> anyhow::Result<Vec<Row>> {
    let file = data.join("dedup.jsonl");
    let text = std::fs::read_to_string(&file).with_context(|| file.display().to_string())?;
    let mut gold: Vec<(String, String)> = Vec::new();
    let mut input = String::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let mut v: serde_json::Value = serde_json::from_str(line)?;
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let group = v["group"].as_str().unwrap_or_default().to_string();
        // The engine must not see the answer.
        if let Some(object) = v.as_object_mut() {
            object.remove("group");
        }
        input.push_str(&v.to_string());
        input.push('\n');
        gold.push((id, group));
    }
    let out = vaga_output(vaga, &["jobs", "dedup", "--jsonl", "-"], input.as_bytes())?;
    let got: Vec<serde_json::Value> = out
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    anyhow::ensure!(got.len() == gold.len(), "one output line per input line");
    // Expected duplicate_of: the first record of the group in file order.
    let mut first: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    let mut expected: Vec<Option<&str>> = Vec::new();
    for (id, group) in &gold {
        expected.push(first.get(group.as_str()).copied());
        first.entry(group.as_str()).or_insert(id.as_str());
    }
    let predicted_group: Vec<String> = got
        .iter()
        .zip(&gold)
        .map(|(g, (id, _))| g["duplicate_of"].as_str().unwrap_or(id).to_string())
        .collect();
    let correct = got
        .iter()
        .zip(&expected)
        .filter(|(g, e)| g["duplicate_of"].as_str() == **e)
        .count();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for i in 0..gold.len() {
        for j in i + 1..gold.len() {
            let truth = gold[i].1 == gold[j].1;
            let said = predicted_group[i] == predicted_group[j];
            tp += usize::from(truth && said);
            fp += usize::from(!truth && said);
            fn_ += usize::from(truth && !said);
            if std::env::var_os("EVAL_VERBOSE").is_some() && truth != said {
                eprintln!(
                    "  {} {} vs {}",
                    if said { "false pair" } else { "missed pair" },
                    gold[i].0,
                    gold[j].0
                );
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
    Ok(vec![
        Row::new("records", gold.len().to_string(), ""),
        Row::new("pairwise precision", f3(precision), ""),
        Row::new("pairwise recall", f3(recall), ""),
        Row::new("pairwise F1", f3(f1), "≥ 0.920"),
        Row::new("duplicate_of accuracy", rate(correct, gold.len()), ""),
    ])
}
