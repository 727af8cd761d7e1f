//! `vaga match` (and `gaps`, `trends`) from the command line: the contract's shapes, raw and
//! normalised input alike, and clear errors.

use std::path::PathBuf;

use crate::{Vaga, assert_bad_input, stderr, stdout};

/// Hand-written postings: two strong fits, a junior role, an on-site one, one closed to Brazil,
/// an unrelated one, and a line that is not JSON.
const JOBS: &str = r#"{"id": "a", "title": "Senior MLOps Engineer", "company": "Acme", "location": "Remote - LATAM", "salary": "USD 9,000 - 12,000 per month", "description": "We use Python, Kubernetes, MLflow and Terraform. 6+ years of experience.", "posted_at": "2026-09-01"}
{"id": "b", "title": "Engenheira de Machine Learning Sênior", "company": "Bemol", "location": "Remoto - Brasil", "description": "Python, Docker, Kubeflow e AWS. Diferencial: Airflow.", "posted_at": "2026-10-03"}
{"id": "c", "title": "Junior MLOps Engineer", "company": "Caju", "location": "Remote - LATAM", "description": "Python, Kubernetes and Docker. Up to two years of experience.", "posted_at": "2026-10-10"}
{"id": "d", "title": "Senior ML Engineer", "company": "Dendê", "location": "São Paulo, SP (presencial)", "description": "Python, Kubernetes, MLflow.", "posted_at": "2026-10-12"}
{"id": "e", "title": "Senior MLOps Engineer", "company": "Elm", "location": "Remote - US only", "description": "Python, Kubernetes, MLflow, Terraform.", "posted_at": "2026-11-01"}
{"id": "f", "title": "Senior Frontend Developer", "company": "Fig", "location": "Remote - Brazil", "description": "React, TypeScript and CSS.", "posted_at": "2026-11-02"}
not json
"#;

const PROFILE: &str = r#"{"skills": ["Python", "Kubernetes", "Docker", "Terraform", "MLflow", "AWS"],
  "years_experience": 8, "seniority": "senior", "country": "BR", "location": "Curitiba",
  "salary_min": 8000, "salary_max": 11000, "currency": "USD", "salary_period": "month",
  "remote_only": true, "language": "pt"}"#;

fn files(vaga: &Vaga) -> (PathBuf, PathBuf) {
    let jobs = vaga.home().join("jobs.jsonl");
    let profile = vaga.home().join("profile.json");
    std::fs::write(&jobs, JOBS).unwrap();
    std::fs::write(&profile, PROFILE).unwrap();
    (jobs, profile)
}

fn run_match(vaga: &Vaga, extra: &[&str]) -> Vec<serde_json::Value> {
    let (jobs, profile) = files(vaga);
    let mut args = vec![
        "--format",
        "json",
        "match",
        "--profile",
        profile.to_str().unwrap(),
        "--jobs",
        jobs.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = vaga.run(&args, b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn match_ranks_with_the_contract_shape() {
    let vaga = Vaga::new();
    let matches = run_match(&vaga, &[]);
    let ids: Vec<&str> = matches.iter().map(|m| m["id"].as_str().unwrap()).collect();
    // Remote only: the on-site and the US-only postings are hidden.
    assert_eq!(ids, ["a", "b", "c", "f"]);
    let a = &matches[0];
    for key in ["skills", "experience", "location", "salary"] {
        let v = a["components"][key].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&v), "{key}: {v}");
    }
    assert!(a["score"].as_f64().unwrap() > 90.0, "{a}");
    assert_eq!(a["eligible"], true);
    let mut matched: Vec<&str> = a["matched_skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    matched.sort_unstable();
    assert_eq!(
        matched,
        ["Kubernetes", "MLOps", "MLflow", "Python", "Terraform"]
    );
    assert_eq!(a["missing_skills"], serde_json::json!([]));
    assert_eq!(a["title"], "Senior MLOps Engineer");
    let explanation = a["explanation"].as_str().unwrap();
    assert!(explanation.starts_with("Combina muito"), "{explanation}");
    // The junior posting is below 8 years of experience.
    let c = matches.iter().find(|m| m["id"] == "c").unwrap();
    assert!(
        c["components"]["experience"].as_f64().unwrap() < 20.0,
        "{c}"
    );
    // Airflow is only a nice-to-have at "b"; Kubeflow is covered in part.
    let b = &matches[1];
    let partial: Vec<&str> = b["partial_skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["skill"].as_str().unwrap())
        .collect();
    assert!(partial.contains(&"Kubeflow"), "{b}");
    assert!(partial.contains(&"Apache Airflow"), "{b}");
}

#[test]
fn match_shows_ruled_out_postings_on_request_and_takes_weights() {
    let vaga = Vaga::new();
    let all = run_match(&vaga, &["--all", "--top", "10", "--lang", "en"]);
    assert_eq!(all.len(), 6);
    let e = all.iter().find(|m| m["id"] == "e").unwrap();
    assert_eq!(e["eligible"], false);
    assert_eq!(e["components"]["location"], 0.0);
    assert!(
        e["explanation"]
            .as_str()
            .unwrap()
            .contains("cannot take it"),
        "{e}"
    );
    let top1 = run_match(
        &vaga,
        &[
            "--top",
            "1",
            "--weights",
            "skills=1,experience=0,location=0,salary=0",
        ],
    );
    assert_eq!(top1.len(), 1);
    assert_eq!(top1[0]["score"], top1[0]["components"]["skills"]);
}

#[test]
fn match_reads_normalised_records_as_they_are() {
    let vaga = Vaga::new();
    let (jobs, profile) = files(&vaga);
    let out = vaga.run(
        &["jobs", "normalize", "--jsonl", jobs.to_str().unwrap()],
        b"",
    );
    let normalised = vaga.home().join("normalised.jsonl");
    std::fs::write(&normalised, &out.stdout).unwrap();
    let args = |file: &PathBuf| {
        vec![
            "--format".to_string(),
            "json".into(),
            "match".into(),
            "--profile".into(),
            profile.to_str().unwrap().into(),
            "--jobs".into(),
            file.to_str().unwrap().into(),
        ]
    };
    let run = |file: &PathBuf| {
        let a = args(file);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let out = vaga.run(&a, b"");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    assert_eq!(run(&jobs), run(&normalised));
}

#[test]
fn match_text_output_and_bad_input() {
    let vaga = Vaga::new();
    let (jobs, profile) = files(&vaga);
    let out = vaga.run(
        &[
            "match",
            "--profile",
            profile.to_str().unwrap(),
            "--jobs",
            jobs.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("Senior MLOps Engineer — Acme"), "{text}");
    assert!(text.contains("--all"), "{text}");
    // The unreadable line is reported, not fatal.
    assert!(stderr(&out).contains("line 7"), "{}", stderr(&out));

    let bad = vaga.home().join("bad.json");
    std::fs::write(&bad, r#"{"skills": ["Python"], "seniority": "wizard"}"#).unwrap();
    let err = assert_bad_input(&vaga.run(
        &[
            "match",
            "--profile",
            bad.to_str().unwrap(),
            "--jobs",
            jobs.to_str().unwrap(),
        ],
        b"",
    ));
    assert!(err.contains("seniority"), "{err}");
    let err = assert_bad_input(&vaga.run(
        &[
            "match",
            "--profile",
            profile.to_str().unwrap(),
            "--jobs",
            jobs.to_str().unwrap(),
            "--weights",
            "skills=-2",
        ],
        b"",
    ));
    assert!(err.contains("weights"), "{err}");
    let err = assert_bad_input(&vaga.run(
        &[
            "match",
            "--profile",
            "/nonexistent/p.json",
            "--jobs",
            jobs.to_str().unwrap(),
        ],
        b"",
    ));
    assert!(err.contains("p.json"), "{err}");
    // A file with lines but no readable record is an error; an empty one is no postings.
    let junk = vaga.home().join("junk.jsonl");
    std::fs::write(&junk, "not json\n[1]\n").unwrap();
    let out = vaga.run(
        &[
            "match",
            "--profile",
            profile.to_str().unwrap(),
            "--jobs",
            junk.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no readable job record"),
        "{}",
        stderr(&out)
    );
    let empty = vaga.home().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let out = vaga.run(
        &[
            "--format",
            "json",
            "match",
            "--profile",
            profile.to_str().unwrap(),
            "--jobs",
            empty.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "[]");
}

#[test]
fn gaps_rank_missing_skills_and_build_a_path_with_prerequisites_first() {
    let vaga = Vaga::new();
    let (jobs, profile) = files(&vaga);
    let out = vaga.run(
        &[
            "--format",
            "json",
            "gaps",
            "--profile",
            profile.to_str().unwrap(),
            "--jobs",
            jobs.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let g: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let missing = g["missing_skills"].as_array().unwrap();
    assert!(!missing.is_empty(), "{g}");
    let importance: Vec<f64> = missing
        .iter()
        .map(|m| m["importance"].as_f64().unwrap())
        .collect();
    assert_eq!(importance[0], 100.0);
    assert!(
        importance.windows(2).all(|w| w[0] >= w[1]),
        "{importance:?}"
    );
    for m in missing {
        assert!(m["frequency"].as_u64().unwrap() >= 1, "{m}");
        assert!(m["name"].as_str().is_some());
    }
    // Portuguese is not a gap for someone living in Brazil.
    assert!(!missing.iter().any(|m| m["name"] == "Portuguese"), "{g}");
    let path = g["learning_path"].as_array().unwrap();
    assert!(!path.is_empty() && path.len() <= 10, "{g}");
    let names: Vec<&str> = path.iter().map(|s| s["skill"].as_str().unwrap()).collect();
    for (i, step) in path.iter().enumerate() {
        assert_eq!(step["priority"], i + 1);
        assert!(step["estimated_hours"].as_u64().unwrap() > 0);
        assert!(step["difficulty"].is_string());
        assert!(step["courses"].is_array());
        for pre in step["prerequisites"].as_array().unwrap() {
            if let Some(at) = names.iter().position(|n| n == &pre.as_str().unwrap()) {
                assert!(at < i, "{pre} comes after {}", names[i]);
            }
        }
    }
    let total: u64 = path
        .iter()
        .map(|s| s["estimated_hours"].as_u64().unwrap())
        .sum();
    assert_eq!(g["estimated_learning_hours"], total);
    let p = &g["improvement_potential"];
    let (now, after) = (
        p["current_avg"].as_f64().unwrap(),
        p["potential_avg"].as_f64().unwrap(),
    );
    assert!(after >= now, "{p}");
    assert!(
        (p["increase"].as_f64().unwrap() - (after - now)).abs() < 0.11,
        "{p}"
    );

    // Chosen targets.
    let out = vaga.run(
        &[
            "--format",
            "json",
            "gaps",
            "--profile",
            profile.to_str().unwrap(),
            "--jobs",
            jobs.to_str().unwrap(),
            "--target",
            "f",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let g: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(g["targets"], serde_json::json!(["f"]));
    let names: Vec<&str> = g["missing_skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"React") && names.contains(&"TypeScript"),
        "{names:?}"
    );
    let out = vaga.run(
        &[
            "gaps",
            "--profile",
            profile.to_str().unwrap(),
            "--jobs",
            jobs.to_str().unwrap(),
            "--target",
            "nope",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("nope"), "{err}");
}

#[test]
fn trends_count_skills_by_month_with_a_bounded_trend() {
    let vaga = Vaga::new();
    let (jobs, _) = files(&vaga);
    let out = vaga.run(
        &[
            "--format",
            "json",
            "trends",
            "--jobs",
            jobs.to_str().unwrap(),
            "--min-frequency",
            "1",
            "--min-count",
            "1",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let t: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(t["total"], 6);
    let months: Vec<&str> = t["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2026-09", "2026-10", "2026-11"]);
    let python = t["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Python")
        .unwrap();
    assert_eq!(python["count"], 5);
    assert!((python["share"].as_f64().unwrap() - 5.0 / 6.0).abs() < 1e-9);
    for s in t["skills"].as_array().unwrap() {
        let trend = s["trend"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&trend), "{s}");
    }
    // React appears only in the last month: rising.
    assert!(
        t["rising"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "React"),
        "{t}"
    );
    assert_eq!(t["countries"][0]["country"], "BR");
    assert_eq!(t["companies"].as_array().unwrap().len(), 6);
    assert_eq!(t["currency"], "USD");
}
