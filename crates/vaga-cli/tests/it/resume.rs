//! `vaga resume parse` from the outside: text, JSON Resume, PDF and DOCX resumes, and files that
//! cannot be read.

use std::path::{Path, PathBuf};

use super::{Vaga, assert_bad_input, stderr, stdout};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/resumes")
        .join(name)
}

fn documents_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../vaga-documents/tests/fixtures")
        .join(name)
}

fn parse(vaga: &Vaga, file: &Path) -> serde_json::Value {
    let out = vaga.run(
        &[
            "--format",
            "json",
            "resume",
            "parse",
            "--as-of",
            "2026-11",
            file.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn digits(v: &serde_json::Value) -> String {
    v.as_str()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

#[test]
fn a_portuguese_text_resume_becomes_a_json_resume_with_derived_facts() {
    let vaga = Vaga::new();
    let v = parse(&vaga, &fixture("beatriz_moura.txt"));
    let basics = &v["basics"];
    assert_eq!(basics["name"], "Beatriz Moura da Silva");
    assert_eq!(basics["email"], "beatriz.moura@example.com");
    assert_eq!(digits(&basics["phone"]), "5581998765432");
    assert_eq!(basics["location"]["city"], "Recife");
    assert_eq!(basics["location"]["countryCode"], "BR");
    let networks: Vec<&str> = basics["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["network"].as_str())
        .collect();
    assert!(
        networks.contains(&"LinkedIn") && networks.contains(&"GitHub"),
        "{networks:?}"
    );

    let work = v["work"].as_array().unwrap();
    assert_eq!(work.len(), 3, "{work:?}");
    assert_eq!(work[0]["name"], "Frevo Pagamentos");
    assert_eq!(work[0]["position"], "Cientista de Dados Pleno");
    assert_eq!(work[0]["startDate"], "2022-03");
    assert!(
        work[0].get("endDate").is_none(),
        "a current job has no endDate"
    );
    assert_eq!(work[1]["name"], "Maracatu Varejo");
    assert_eq!(
        (&work[1]["startDate"], &work[1]["endDate"]),
        (&"2019-01".into(), &"2022-02".into())
    );
    assert_eq!(
        (&work[2]["startDate"], &work[2]["endDate"]),
        (&"2018-07".into(), &"2018-12".into())
    );
    assert!(!work[0]["highlights"].as_array().unwrap().is_empty());

    let education = &v["education"][0];
    assert!(
        education["institution"]
            .as_str()
            .unwrap()
            .contains("Universidade Federal de Pernambuco")
    );
    assert_eq!(education["studyType"], "Bachelor");

    let meta = &v["meta"]["vaga"];
    // 2018-07..2018-12, 2019-01..2022-02 and 2022-03..2026-11: 101 months.
    assert_eq!(meta["years_experience"], 8.5);
    assert_eq!(meta["seniority"], "mid", "the title says pleno");
    assert_eq!(meta["language"], "pt");
    let skills: Vec<&str> = meta["skills"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    for skill in [
        "Python",
        "SQL",
        "XGBoost",
        "Apache Airflow",
        "PostgreSQL",
        "Power BI",
    ] {
        assert!(skills.contains(&skill), "{skill} missing from {skills:?}");
    }
    let languages = v["languages"].as_array().unwrap();
    assert_eq!(languages.len(), 3, "{languages:?}");
}

#[test]
fn a_json_resume_is_imported_as_it_is_and_gets_derived_facts() {
    let vaga = Vaga::new();
    let v = parse(&vaga, &fixture("beatriz_moura.resume.json"));
    assert_eq!(v["basics"]["name"], "Beatriz Moura da Silva");
    assert_eq!(v["work"][0]["name"], "Frevo Pagamentos");
    assert_eq!(v["languages"][0]["fluency"], "Nativo");
    // 2019-01..2026-11, the current job included: 95 months.
    assert_eq!(v["meta"]["vaga"]["years_experience"], 8.0);
    assert_eq!(v["meta"]["vaga"]["language"], "pt");
}

#[test]
fn files_that_are_not_resumes_are_one_clear_line() {
    let vaga = Vaga::new();
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("cv.pdf");
    std::fs::write(&garbage, [0u8, 159, 146, 150, 7, 8, 0, 255].repeat(64)).unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let missing = dir.path().join("missing.pdf");
    for file in [&garbage, &empty, &missing] {
        let out = vaga.run(&["resume", "parse", file.to_str().unwrap()], b"");
        assert_bad_input(&out);
    }
    // Over the size limit.
    let out = vaga.run_with(
        {
            let mut c = vaga.command();
            c.env("VAGA__DOCUMENTS__MAX_BYTES", "100");
            c
        },
        &[
            "resume",
            "parse",
            fixture("beatriz_moura.txt").to_str().unwrap(),
        ],
        b"",
    );
    let err = assert_bad_input(&out);
    assert!(err.contains("100"), "{err}");
}

#[test]
fn pdf_and_docx_resumes_are_read_in_a_child_process() {
    let vaga = Vaga::new();
    let v = parse(&vaga, &documents_fixture("two_column.pdf"));
    assert_eq!(v["basics"]["name"], "Rafael Lemos Duarte");
    assert_eq!(v["work"][0]["name"], "Pampa Pagamentos");
    let v = parse(&vaga, &documents_fixture("resume.docx"));
    assert_eq!(v["basics"]["name"], "Marina Toledo Arantes");
    assert_eq!(v["work"][0]["name"], "Cooperativa Horizonte");
}

#[test]
fn unreadable_pdfs_say_why_in_one_line() {
    let vaga = Vaga::new();
    for (file, says) in [
        ("encrypted.pdf", "encrypted"),
        ("image_only.pdf", "OCR is not available"),
        ("blank.pdf", "no text"),
    ] {
        let out = vaga.run(
            &["resume", "parse", documents_fixture(file).to_str().unwrap()],
            b"",
        );
        let err = assert_bad_input(&out);
        assert!(err.contains(says), "{file}: {err}");
    }
}

#[test]
fn the_reading_process_is_held_to_its_memory_and_time_limits() {
    let vaga = Vaga::new();
    let pdf = documents_fixture("two_column.pdf");
    let limited = |key: &str, value: &str| {
        let mut c = vaga.command();
        c.env(key, value);
        vaga.run_with(c, &["resume", "parse", pdf.to_str().unwrap()], b"")
    };
    let err = assert_bad_input(&limited("VAGA__DOCUMENTS__MAX_MEMORY_MB", "8"));
    assert!(err.contains("memory"), "{err}");
    let err = assert_bad_input(&limited("VAGA__DOCUMENTS__TIMEOUT_SECONDS", "0.001"));
    assert!(err.contains("longer than"), "{err}");

    // Arrays nested 10,000 deep: the reader's stack gives out in the child, not here.
    let dir = tempfile::tempdir().unwrap();
    let hostile = dir.path().join("deep.pdf");
    let mut body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Deep ".to_vec();
    body.extend(b"[".repeat(10_000));
    body.extend(b"]".repeat(10_000));
    body.extend(b" >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    std::fs::write(&hostile, body).unwrap();
    let out = vaga.run(&["resume", "parse", hostile.to_str().unwrap()], b"");
    assert_bad_input(&out);
    // Not a timing assertion: a hang would be stopped by the 10 s limit and fail differently.
    assert!(!stderr(&out).contains("longer than"), "{}", stderr(&out));
}
