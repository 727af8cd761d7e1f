//! `vaga skills extract | normalize | list` from the outside, bad input included.

use super::{Vaga, assert_bad_input, json_lines, stderr, stdout};

/// The `name`s of the `skills` of a `vaga skills extract --format json` answer.
fn skill_names(value: &serde_json::Value) -> Vec<&str> {
    value["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect()
}

#[test]
fn extract_reads_a_file_or_stdin_and_prints_json() {
    let vaga = Vaga::new();
    let file = vaga.home().join("posting.txt");
    std::fs::write(
        &file,
        "Buscamos pessoa com Python, k8s e PostgreSQL. Não é necessário Java.",
    )
    .unwrap();
    let out = vaga.run(
        &[
            "skills",
            "extract",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let names = skill_names(&value);
    assert_eq!(names, ["Python", "Kubernetes", "PostgreSQL"]);
    assert_eq!(value["skills"][1]["id"], "kubernetes");
    assert_eq!(value["skills"][1]["count"], 1);
    assert_eq!(value["negated"], serde_json::json!(["Java"]));

    let out = vaga.run(&["skills", "extract", "-"], b"Python and SQL");
    assert!(stdout(&out).contains("Python"));
}

#[test]
fn extract_jsonl_writes_one_line_per_record_in_order_even_for_bad_ones() {
    let mut input = Vec::new();
    input.extend_from_slice(
        b"{\"id\": 1, \"title\": \"Data Engineer\", \"description\": \"Airflow and dbt\"}\n",
    );
    input.extend_from_slice(b"not json\n");
    input.extend_from_slice(b"{\"id\": \"x\", \"title\": \"Analista\", \"description\": \"SQL e Excel avan\xff\xfeado\"}\n");
    input.extend_from_slice(b"\n");
    input.extend_from_slice(b"[1, 2]\n");
    input
        .extend_from_slice(b"{\"id\": {\"nested\": true}, \"description\": 42, \"title\": null}\n");
    input.extend_from_slice(
        b"{\"id\": 7, \"summary\": \"Kubernetes\", \"description\": \"Rust\"}\n",
    );
    let vaga = Vaga::new();
    let out = vaga.run(
        &["skills", "extract", "--jsonl", "-", "--threads", "3"],
        &input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[0]["id"], 1);
    assert_eq!(
        lines[0]["skills"],
        serde_json::json!(["Apache Airflow", "dbt"])
    );
    assert!(lines[1]["error"].as_str().unwrap().contains("line 2"));
    assert_eq!(lines[2]["id"], "x");
    assert!(
        lines[2]["skills"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("SQL"))
    );
    assert!(lines[3]["error"].as_str().unwrap().contains("empty"));
    assert!(lines[4]["error"].is_string());
    assert_eq!(lines[5]["id"], serde_json::json!({"nested": true}));
    assert_eq!(lines[5]["skills"], serde_json::json!([]));

    let out = vaga.run(
        &["skills", "extract", "--jsonl", "-", "--field", "summary"],
        &input[input.len() - 60..],
    );
    let lines = json_lines(&stdout(&out));
    assert_eq!(
        lines.last().unwrap()["skills"],
        serde_json::json!(["Kubernetes"])
    );
}

#[test]
fn a_huge_line_gets_an_error_line_and_the_batch_goes_on() {
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\": \"big\", \"description\": \"");
    input.extend(std::iter::repeat_n(b'a', 10 * 1024 * 1024));
    input.extend_from_slice(b"\"}\n{\"id\": \"small\", \"description\": \"Python\"}\n");
    let out = Vaga::new().run(&["skills", "extract", "--jsonl", "-"], &input);
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0]["error"].as_str().unwrap().contains("record limit"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1]["skills"], serde_json::json!(["Python"]));
}

#[test]
fn empty_and_binary_inputs_are_fine() {
    let vaga = Vaga::new();
    let out = vaga.run(&["skills", "extract", "--jsonl", "-"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
    let noise: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    let out = vaga.run(&["skills", "extract", "--format", "json"], &noise);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = vaga.run(&["skills", "extract", "--jsonl", "-"], &noise);
    assert_eq!(out.status.code(), Some(0));
    for line in json_lines(&stdout(&out)) {
        assert!(line["error"].is_string() || line["skills"].is_array());
    }
}

#[test]
fn unreadable_or_oversized_input_is_a_one_line_error() {
    let vaga = Vaga::new();
    let err = assert_bad_input(&vaga.run(&["skills", "extract", "/nonexistent/file.txt"], b""));
    assert!(err.contains("/nonexistent/file.txt"));
    let err =
        assert_bad_input(&vaga.run(&["skills", "extract", "--jsonl", "/nonexistent.jsonl"], b""));
    assert!(err.contains("nonexistent"));
    let err =
        assert_bad_input(&vaga.run(&["skills", "extract", vaga.home().to_str().unwrap()], b""));
    assert!(err.contains("directory"));
    let mut command = vaga.command();
    command.env("VAGA__SKILLS__MAX_INPUT_BYTES", "10");
    let err =
        assert_bad_input(&vaga.run_with(command, &["skills", "extract"], b"Python, SQL and more"));
    assert!(err.contains("larger than 10 bytes"));
}

#[test]
fn normalize_prints_one_json_line_per_name() {
    let out = Vaga::new().run(
        &[
            "skills",
            "normalize",
            "k8s",
            "Pyhton",
            "nonsense-skill",
            "-",
        ],
        b"Postgres\n\nscikit learn\n",
    );
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&stdout(&out));
    let pairs: Vec<(String, serde_json::Value)> = lines
        .iter()
        .map(|l| (l["input"].as_str().unwrap().to_string(), l["skill"].clone()))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("k8s".into(), "Kubernetes".into()),
            ("Pyhton".into(), "Python".into()),
            ("nonsense-skill".into(), serde_json::Value::Null),
            ("Postgres".into(), "PostgreSQL".into()),
            ("scikit learn".into(), "scikit-learn".into()),
        ]
    );
}

#[test]
fn list_prints_the_taxonomy_and_filters_by_category() {
    let vaga = Vaga::new();
    let out = vaga.run(&["skills", "list", "--format", "json"], b"");
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let skills = value["skills"].as_array().unwrap();
    assert_eq!(value["count"].as_u64().unwrap() as usize, skills.len());
    let kubernetes = skills
        .iter()
        .find(|s| s["id"] == "kubernetes")
        .expect("kubernetes is listed");
    for key in ["name", "category", "aliases", "related"] {
        assert!(!kubernetes[key].is_null(), "{key}");
    }
    let out = vaga.run(
        &[
            "skills",
            "list",
            "--category",
            "spoken_language",
            "--format",
            "json",
        ],
        b"",
    );
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        value["skills"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["category"] == "spoken_language")
    );
    let out = vaga.run(&["skills", "list"], b"");
    assert!(stdout(&out).lines().any(|l| l.starts_with("kubernetes ")));
}

#[test]
fn a_user_taxonomy_file_extends_the_builtin_one() {
    let vaga = Vaga::new();
    let dir = vaga.home().join(".config/vaga");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("skills.toml"),
        "[[skills]]\nid = \"acme-ql\"\nname = \"AcmeQL\"\ncategory = \"programming_language\"\naliases = [\"Acme Query Language\"]\n",
    )
    .unwrap();
    let out = vaga.run(
        &["skills", "extract", "--format", "json"],
        b"We write Acme Query Language and Python",
    );
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let names = skill_names(&value);
    assert_eq!(names, ["AcmeQL", "Python"]);

    std::fs::write(dir.join("skills.toml"), "[[skills]\n").unwrap();
    let err = assert_bad_input(&vaga.run(&["skills", "extract"], b"Python"));
    assert!(err.contains("skills.toml"), "{err}");
}
