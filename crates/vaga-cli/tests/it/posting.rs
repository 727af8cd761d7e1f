//! `vaga parse salary` and `vaga jobs normalize` from the outside.

use super::{Vaga, assert_bad_input, json_lines, stderr, stdout};

#[test]
fn parse_salary_answers_json_text_and_json_lines() {
    let vaga = Vaga::new();
    let out = vaga.run(
        &["--format", "json", "parse", "salary", "R$ 9 mil (CLT)"],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["min"], 9000);
    assert_eq!(v["max"], 9000);
    assert_eq!(v["currency"], "BRL");
    assert_eq!(v["period"], "month");
    assert_eq!(v["normalized"]["currency"], "USD");
    assert!(v["normalized"]["monthly_min"].as_f64().unwrap() > 1000.0);

    let out = vaga.run(&["parse", "salary", "Competitive"], b"");
    assert_eq!(stdout(&out).trim(), "no salary stated");

    let input = concat!(
        "{\"id\": 1, \"salary\": \"Up to $120k\"}\n",
        "{\"id\": 2, \"salary\": \"A combinar\"}\n",
        "oops\n",
        "{\"id\": 4, \"salary\": \"$ 1.500.000 mensuales\", \"country\": \"CL\"}\n",
        "{\"id\": 5}\n",
    );
    let out = vaga.run(&["parse", "salary", "--jsonl", "-"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["id"], 1);
    assert_eq!(lines[0]["min"], serde_json::Value::Null);
    assert_eq!(lines[0]["max"], 120000);
    assert_eq!(lines[0]["period"], "year");
    assert_eq!(lines[1]["currency"], serde_json::Value::Null);
    assert!(lines[2]["error"].as_str().unwrap().contains("line 3"));
    assert_eq!(lines[3]["currency"], "CLP");
    assert_eq!(lines[4]["id"], 5);
    assert_eq!(lines[4]["min"], serde_json::Value::Null);
}

#[test]
fn a_user_rate_file_adds_currencies_and_a_bad_one_is_a_clear_error() {
    let vaga = Vaga::new();
    let salary = [
        "--format",
        "json",
        "parse",
        "salary",
        "ARS 2.000.000 mensuales",
    ];
    let out = vaga.run(&salary, b"");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["currency"], "ARS");
    assert!(
        v.get("normalized").is_none(),
        "the ECB has no ARS rate: {v}"
    );

    let dir = vaga.home().join(".config/vaga");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("rates.toml"),
        "date = \"2026-11-20\"\nbase = \"USD\"\n[rates]\nARS = 1000\n",
    )
    .unwrap();
    let out = vaga.run(&salary, b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["normalized"]["monthly_min"], 2000);
    assert_eq!(v["normalized"]["rate_date"], "2026-11-20");

    std::fs::write(
        dir.join("rates.toml"),
        "date = \"yesterday\"\nbase = \"USD\"\n[rates]\n",
    )
    .unwrap();
    let err = assert_bad_input(&vaga.run(&salary, b""));
    assert!(
        err.contains("rates.toml") && err.contains("YYYY-MM-DD"),
        "{err}"
    );

    std::fs::remove_file(dir.join("rates.toml")).unwrap();
    let err = assert_bad_input(&vaga.run(&["parse", "salary", "$5", "--country", "Brazil"], b""));
    assert!(err.contains("--country"), "{err}");
}

#[test]
fn jobs_normalize_enriches_records_in_place_and_trusts_normalised_ones() {
    let vaga = Vaga::new();
    let records = [
        serde_json::json!({
            "id": "a1", "title": "Engenheira de Dados Sênior (CLT)", "company": "Acme",
            "location": "Híbrido - São Paulo, SP",
            "salary": "R$ 14.000 a R$ 18.000",
            "description": "<p>Buscamos pessoa com <b>Python</b>, Airflow e dbt.</p><ul><li>Não é necessário Java</li></ul>",
            "skills": ["k8s", "not a skill"], "extra": {"kept": true}
        }),
        serde_json::json!({
            "id": "b2", "title": "Data Analyst",
            "description": "We use SQL and Looker. Compensation: $90,000 - $110,000 per year. Full-time.",
        }),
        serde_json::json!({"id": "c3", "title": "x", "vaga_normalized": 2, "skills": ["kept"]}),
        // An older format version is normalised again.
        serde_json::json!({"id": "d4", "title": "Dev", "vaga_normalized": 1, "skills": ["k8s"],
            "description": "Python; Go is a plus."}),
    ];
    let mut input = String::new();
    for r in &records {
        input.push_str(&r.to_string());
        input.push('\n');
    }
    input.push_str("[1, 2]\n");
    let out = vaga.run(
        &["jobs", "normalize", "--from", "BR", "--jsonl", "-"],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 5);

    let a = &lines[0];
    assert_eq!(a["id"], "a1");
    assert_eq!(a["extra"], serde_json::json!({"kept": true}));
    assert_eq!(
        a["description"],
        "Buscamos pessoa com Python, Airflow e dbt.\n\n• Não é necessário Java"
    );
    assert!(
        a["description_html"]
            .as_str()
            .unwrap()
            .contains("<b>Python</b>")
    );
    let skills: Vec<&str> = a["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(skills, ["Python", "Apache Airflow", "dbt", "Kubernetes"]);
    assert_eq!(a["salary_parsed"]["min"], 14000);
    assert_eq!(a["salary_parsed"]["currency"], "BRL");
    assert_eq!(a["salary_parsed"]["source"], "field");
    assert_eq!(a["contract"], serde_json::json!(["clt"]));
    assert_eq!(a["language"], "pt");
    assert_eq!(a["location_parsed"]["workplace"], "hybrid");
    assert_eq!(a["location_parsed"]["countries"], serde_json::json!(["BR"]));
    assert_eq!(a["location_parsed"]["eligible"], true);
    assert_eq!(
        a["location_parsed"]["eligibility_rule"]["allowed"][0]["country"],
        "BR"
    );
    assert_eq!(a["vaga_normalized"], 2);

    let b = &lines[1];
    assert_eq!(b["salary_parsed"]["max"], 110000);
    assert_eq!(b["salary_parsed"]["period"], "year");
    assert_eq!(b["salary_parsed"]["source"], "description");
    assert_eq!(b["contract"], serde_json::json!(["full_time"]));
    assert_eq!(b["language"], "en");

    assert_eq!(lines[2], records[2]);
    assert_eq!(lines[3]["vaga_normalized"], 2);
    assert_eq!(
        lines[3]["skills"],
        serde_json::json!(["Python", "Go", "Kubernetes"])
    );
    assert_eq!(lines[3]["skills_optional"], serde_json::json!(["Go"]));
    assert!(lines[4]["error"].as_str().unwrap().contains("line 5"));
}

#[test]
fn jobs_normalize_without_a_file_is_a_clear_error() {
    let vaga = Vaga::new();
    let err = assert_bad_input(&vaga.run(
        &["jobs", "normalize", "--jsonl", "/nonexistent/x.jsonl"],
        b"",
    ));
    assert!(err.contains("x.jsonl"), "{err}");
}

#[test]
fn parse_location_answers_with_eligibility_from_a_home_country() {
    let vaga = Vaga::new();
    let out = vaga.run(
        &[
            "--format",
            "json",
            "parse",
            "location",
            "Remoto - Brasil",
            "--from",
            "BR",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["workplace"], "remote");
    assert_eq!(v["countries"], serde_json::json!(["BR"]));
    assert_eq!(v["eligible"], true);

    // Without a home country there is no `eligible` at all.
    let out = vaga.run(
        &["--format", "json", "parse", "location", "Berlin, Germany"],
        b"",
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["workplace"], "onsite");
    assert!(v.get("eligible").is_none(), "{v}");

    let input = concat!(
        "{\"id\": 1, \"location\": \"Remote\", \"description\": \"You must be authorized to work in the US.\"}\n",
        "{\"id\": 2, \"location\": \"Anywhere\", \"workplace_type\": \"remote\"}\n",
        "{\"id\": 3}\n",
    );
    let out = vaga.run(
        &["parse", "location", "--from", "BR", "--jsonl", "-"],
        input.as_bytes(),
    );
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["eligible"], false);
    assert_eq!(lines[1]["eligible"], true);
    assert_eq!(lines[2]["eligible"], serde_json::Value::Null);

    let err = assert_bad_input(&vaga.run(&["parse", "location", "x", "--from", "ZZ"], b""));
    assert!(err.contains("--from"), "{err}");
}

#[test]
fn jobs_dedup_points_each_repost_at_the_first_of_its_group() {
    let vaga = Vaga::new();
    let body = "Acme Pagamentos procura uma pessoa engenheira de dados para manter pipelines em Airflow, \
                modelar dados com dbt e cuidar do data lake em S3. Trabalho remoto, equipe pequena, \
                muita autonomia e contato direto com o time de produto e com clientes.";
    let records = [
        serde_json::json!({"id": "a", "title": "Engenheira de Dados Sênior", "company": "Acme Pagamentos Ltda.",
            "location": "Remoto (Brasil)", "description": body,
            "url": "https://jobs.example.com/acme/123?utm_source=x"}),
        serde_json::json!({"id": "b", "title": "Analista de Marketing", "company": "Outra S.A.",
            "description": "Vaga de marketing de conteúdo com foco em SEO e redes sociais."}),
        serde_json::json!({"id": "c", "title": "Engenheira de Dados Sr.", "company": "ACME PAGAMENTOS",
            "location": "Brasil (remoto)", "description": format!("<p>{body}</p><p>Candidate-se já!</p>"),
            "source": "other-board"}),
        serde_json::json!({"id": "d", "title": "Engenheira de Dados Júnior", "company": "Acme Pagamentos",
            "location": "Remoto (Brasil)", "description": body}),
    ];
    let mut input = String::new();
    for r in &records {
        input.push_str(&r.to_string());
        input.push('\n');
    }
    input.push_str("{broken\n");
    let out = vaga.run(&["jobs", "dedup", "--jsonl", "-"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 5);
    let of: Vec<&serde_json::Value> = lines.iter().map(|l| &l["duplicate_of"]).collect();
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(*of[0], serde_json::Value::Null);
    assert_eq!(*of[1], serde_json::Value::Null);
    assert_eq!(*of[2], "a", "a repost on another board");
    assert_eq!(
        *of[3],
        serde_json::Value::Null,
        "another seniority is another job"
    );
    assert!(lines[4]["error"].as_str().unwrap().contains("line 5"));
}
