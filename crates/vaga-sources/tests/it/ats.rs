//! The ATS-board adapters against a real HTTP server on loopback replaying their real response
//! shapes: field mapping, paging, empty boards, malformed and challenge responses, the sources'
//! own error objects and bad records.

use serde_json::{Value, json};
use vaga_sources::SourceError;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer};

use crate::ats_support::{
    CHALLENGE, adapter, config, fixture, fixture_json, html_body, json_body, run,
};

/// Serves `body` (with `template`) at `at` and runs the source; the error of the run.
async fn run_error(
    kind: &str,
    options: &str,
    at: &str,
    template: wiremock::ResponseTemplate,
) -> SourceError {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(template)
        .mount(&server)
        .await;
    let a = adapter(&config(kind, options, &server));
    run(a.as_ref()).await.expect_err("the run should fail")
}

/// Malformed JSON, an HTML challenge page and a wrong top-level shape, at the real path.
async fn common_errors(kind: &str, options: &str, at: &str, wrong_shape: &str) {
    let e = run_error(kind, options, at, json_body(r#"{"jobs": [ {"id": 1, "#)).await;
    assert!(matches!(e, SourceError::Malformed(_)), "{kind}: {e:?}");
    let e = run_error(kind, options, at, html_body(CHALLENGE)).await;
    assert!(
        matches!(e, SourceError::Challenge(ref t) if t.contains("Just a moment")),
        "{kind}: {e:?}"
    );
    let e = run_error(kind, options, at, json_body(wrong_shape)).await;
    assert!(matches!(e, SourceError::Malformed(_)), "{kind}: {e:?}");
}

// ---------------------------------------------------------------- Greenhouse

async fn greenhouse(board: &str, body: Vec<u8>) -> crate::ats_support::Run {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/boards/{board}/jobs")))
        .and(query_param("content", "true"))
        .respond_with(json_body(body))
        .expect(1)
        .mount(&server)
        .await;
    let a = adapter(&config(
        "greenhouse",
        &format!("board = {board:?}"),
        &server,
    ));
    run(a.as_ref()).await.unwrap()
}

#[tokio::test]
async fn greenhouse_maps_a_portuguese_board() {
    let r = greenhouse("stone", fixture("greenhouse", "stone.json")).await;
    assert_eq!(r.pages, 1);
    assert_eq!(r.total, Some(3));
    assert_eq!(r.postings().len(), 3);
    let p = r.get("7777648003");
    assert_eq!(p.id, "greenhouse:7777648003");
    assert_eq!(p.title, "Account Executive - Farming Operação (Híbrido/SP)");
    assert_eq!(p.company.as_deref(), Some("Stone - Linkedin"));
    assert_eq!(
        p.url.as_deref(),
        Some("https://job-boards.greenhouse.io/stone/jobs/7777648003")
    );
    assert_eq!(p.location.as_deref(), Some("Híbrido, São Paulo"));
    assert_eq!(p.category.as_deref(), Some("Comercial"));
    assert_eq!(p.posted_at.as_deref(), Some("2026-06-18T12:15:04-04:00"));
    let d = p.description.as_deref().unwrap();
    assert!(d.starts_with("<h2>Sobre</h2><p>Vaga de exemplo"), "{d}");
    // Decoded once: the text's own `&` stays an entity of the HTML.
    assert!(d.contains("comunicação &amp; organização"), "{d}");
    assert_eq!(p.raw["requisition_id"], "SR0152121");
    assert!(p.salary.is_none());
}

#[tokio::test]
async fn greenhouse_reads_currency_range_metadata() {
    let r = greenhouse("datadog", fixture("greenhouse", "datadog.json")).await;
    let p = r.get("6572669");
    assert_eq!(p.salary_min, Some(320_000.0));
    assert_eq!(p.salary_max, Some(400_000.0));
    assert_eq!(p.salary_currency.as_deref(), Some("USD"));
    // "Pay Transparency Range" names no period: none is invented.
    assert_eq!(p.salary_period, None);
    assert_eq!(p.salary.as_deref(), Some("USD 320000 - USD 400000"));
    assert_eq!(p.job_type.as_deref(), Some("Full time"));
    // The job whose range is empty has no salary.
    let p = r.get("7194969");
    assert!(p.salary_min.is_none() && p.salary.is_none());
}

#[tokio::test]
async fn greenhouse_period_from_the_field_name() {
    let mut v = fixture_json("greenhouse", "datadog.json");
    for m in v["jobs"][0]["metadata"].as_array_mut().unwrap() {
        if m["value_type"] == "currency_range" {
            m["name"] = json!("Hourly Pay Range");
        }
    }
    let r = greenhouse("datadog", serde_json::to_vec(&v).unwrap()).await;
    assert_eq!(r.get("6572669").salary_period.as_deref(), Some("hour"));
}

#[tokio::test]
async fn greenhouse_reads_a_pay_text_field() {
    let mut v = fixture_json("greenhouse", "stone.json");
    v["jobs"][0]["metadata"] = json!([
        {"id": 1, "name": "Salary Range", "value": "R$ 8.000 - R$ 10.000 por mês", "value_type": "short_text"},
        {"id": 2, "name": "Minimum pay", "value": "not stated", "value_type": "short_text"}
    ]);
    let r = greenhouse("stone", serde_json::to_vec(&v).unwrap()).await;
    let p = r.get("7777648003");
    assert_eq!(p.salary.as_deref(), Some("R$ 8.000 - R$ 10.000 por mês"));
    assert!(p.salary_min.is_none());
}

#[tokio::test]
async fn greenhouse_keeps_homoglyph_and_spanish_titles() {
    let r = greenhouse("janestreet", fixture("greenhouse", "janestreet.json")).await;
    let p = r.get("8596771002");
    assert_eq!(p.title, "ꓟachine ꓡearning ꓣesearcher");
    assert_eq!(p.id, "greenhouse:8596771002");
    assert_eq!(p.job_type.as_deref(), Some("Summer Internship"));
    // Pay as "Min salary"/"Max salary" text fields: numbers, no currency invented.
    let p = r.get("8631912002");
    assert_eq!(
        (p.salary_min, p.salary_max),
        (Some(100_000.0), Some(120_000.0))
    );
    assert_eq!(
        (p.salary_currency.as_deref(), p.salary.as_deref()),
        (None, Some("100000 - 120000"))
    );
    let r = greenhouse("cabify", fixture("greenhouse", "cabify.json")).await;
    let p = r.get("8687241002");
    assert_eq!(p.title, "Accounting & -Tax Associate");
    assert_eq!(p.location.as_deref(), Some("Lima"));
    assert_eq!(p.company.as_deref(), Some("Cabify"));
    assert_eq!(r.get("8642423002").location.as_deref(), Some("Madrid"));
}

#[tokio::test]
async fn greenhouse_empty_board_and_bad_record() {
    let r = greenhouse("stone", br#"{"jobs": [], "meta": {"total": 0}}"#.to_vec()).await;
    assert!(r.records.is_empty());
    assert_eq!(r.total, Some(0));

    let mut v = fixture_json("greenhouse", "stone.json");
    v["jobs"][1].as_object_mut().unwrap().remove("title");
    let r = greenhouse("stone", serde_json::to_vec(&v).unwrap()).await;
    assert_eq!(r.postings().len(), 2);
    let errors = r.errors();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].index, 1);
    assert!(errors[0].reason.contains("title"), "{}", errors[0].reason);
}

#[tokio::test]
async fn greenhouse_errors() {
    common_errors(
        "greenhouse",
        "board = \"stone\"",
        "/v1/boards/stone/jobs",
        r#"{"jobs": {}}"#,
    )
    .await;
    let e = run_error(
        "greenhouse",
        "board = \"nope\"",
        "/v1/boards/nope/jobs",
        json_body(r#"{"status": 404, "error": "Job board not found"}"#),
    )
    .await;
    assert_eq!(e, SourceError::Reported("Job board not found".into()));
}

#[test]
fn greenhouse_config_is_checked() {
    let mut cfg = vaga_sources::SourceConfig::of_kind("greenhouse");
    assert!(vaga_sources::build(&cfg).is_err(), "board is required");
    cfg.options.insert("board".into(), "../admin".into());
    assert!(vaga_sources::build(&cfg).is_err());
    let mut cfg = vaga_sources::SourceConfig::of_kind("greenhouse");
    cfg.options.insert("board".into(), "stone".into());
    let a = vaga_sources::build(&cfg).unwrap();
    assert_eq!(
        a.first().unwrap().url.as_str(),
        "https://boards-api.greenhouse.io/v1/boards/stone/jobs?content=true"
    );
    assert!(!a.policy().allow_private);
    assert!(a.policy().min_interval >= std::time::Duration::from_secs(1));
}

// ---------------------------------------------------------------- Lever

/// `n` postings made from the fixture's first one, ids `gen-{from + i}`.
fn lever_postings(from: usize, n: usize) -> Value {
    let template = fixture_json("lever", "postings.json")[0].clone();
    Value::Array(
        (from..from + n)
            .map(|i| {
                let mut p = template.clone();
                p["id"] = json!(format!("gen-{i}"));
                p
            })
            .collect(),
    )
}

#[tokio::test]
async fn lever_maps_postings() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v0/postings/exemplo"))
        .and(query_param("mode", "json"))
        .and(query_param("skip", "0"))
        .and(query_param("limit", "100"))
        .respond_with(json_body(fixture("lever", "postings.json")))
        .expect(1)
        .mount(&server)
        .await;
    let a = adapter(&config(
        "lever",
        "company = \"exemplo\"\ncompany_name = \"Exemplo Ltda.\"",
        &server,
    ));
    let r = run(a.as_ref()).await.unwrap();
    assert_eq!((r.pages, r.postings().len()), (1, 3));

    let p = r.get("5f1c2a9e-0b1d-4c36-9d7e-1a2b3c4d5e01");
    assert_eq!(p.id, "lever:5f1c2a9e-0b1d-4c36-9d7e-1a2b3c4d5e01");
    assert_eq!(p.title, "Senior Data Engineer");
    assert_eq!(p.company.as_deref(), Some("Exemplo Ltda."));
    assert_eq!(
        p.url.as_deref(),
        Some("https://jobs.lever.co/exemplo/5f1c2a9e-0b1d-4c36-9d7e-1a2b3c4d5e01")
    );
    assert_eq!(
        p.apply_url.as_deref(),
        Some("https://jobs.lever.co/exemplo/5f1c2a9e-0b1d-4c36-9d7e-1a2b3c4d5e01/apply")
    );
    assert_eq!(p.location.as_deref(), Some("Remote - LATAM"));
    assert_eq!(p.workplace_type.as_deref(), Some("remote"));
    assert_eq!(p.remote, Some(true));
    assert_eq!(p.country.as_deref(), Some("BR"));
    assert_eq!(p.job_type.as_deref(), Some("Full-time"));
    assert_eq!(p.category.as_deref(), Some("Engineering"));
    assert_eq!(p.tags, ["Engineering", "Data Platform"]);
    assert_eq!(
        (p.salary_min, p.salary_max),
        (Some(60_000.0), Some(85_000.0))
    );
    assert_eq!(p.salary_currency.as_deref(), Some("USD"));
    assert_eq!(p.salary_period.as_deref(), Some("year"));
    assert_eq!(p.salary.as_deref(), Some("USD 60000 - USD 85000 per year"));
    assert_eq!(p.posted_at.as_deref(), Some("2025-11-19"));
    let d = p.description.as_deref().unwrap();
    assert!(d.starts_with("<div><b>About the role</b>"), "{d}");
    assert!(
        d.contains("<h3>Requirements</h3><ul><li>Python &amp; SQL</li>"),
        "{d}"
    );
    assert!(
        d.ends_with("<div>We hire across Latin America.</div>"),
        "{d}"
    );
    assert_eq!(p.raw["categories"]["team"], "Data Platform");

    let p = r.get("5f1c2a9e-0b1d-4c36-9d7e-1a2b3c4d5e02");
    assert_eq!(p.workplace_type.as_deref(), Some("hybrid"));
    assert_eq!(p.remote, None);
    assert!(p.salary.is_none());

    let p = r.get("5f1c2a9e-0b1d-4c36-9d7e-1a2b3c4d5e03");
    assert_eq!(p.location.as_deref(), Some("Lisbon; Porto"));
    assert_eq!(p.remote, Some(false));
    assert_eq!(p.salary.as_deref(), Some("EUR 14 per hour"));
    assert_eq!(p.salary_period.as_deref(), Some("hour"));
    let d = p.description.as_deref().unwrap();
    assert!(
        d.starts_with("Short invented description") && d.contains("You have\n"),
        "{d}"
    );
}

#[tokio::test]
async fn lever_pages_until_a_short_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v0/postings/exemplo"))
        .and(query_param("skip", "0"))
        .respond_with(json_body(
            serde_json::to_vec(&lever_postings(0, 100)).unwrap(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v0/postings/exemplo"))
        .and(query_param("skip", "100"))
        .respond_with(json_body(
            serde_json::to_vec(&lever_postings(100, 7)).unwrap(),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let a = adapter(&config("lever", "company = \"exemplo\"", &server));
    let r = run(a.as_ref()).await.unwrap();
    assert_eq!(r.pages, 2);
    assert_eq!(r.postings().len(), 107);
    assert_eq!(r.get("gen-106").company.as_deref(), Some("exemplo"));
}

#[tokio::test]
async fn lever_loop_stops_at_the_page_cap() {
    // A server that ignores `skip` answers the same full page forever.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v0/postings/exemplo"))
        .respond_with(json_body(
            serde_json::to_vec(&lever_postings(0, 100)).unwrap(),
        ))
        .mount(&server)
        .await;
    let mut cfg = config("lever", "company = \"exemplo\"", &server);
    cfg.max_pages = Some(4);
    let a = adapter(&cfg);
    let r = run(a.as_ref()).await.unwrap();
    assert_eq!(r.pages, 4);
    assert!(r.urls[3].contains("skip=300"), "{:?}", r.urls);
    // The built-in cap is finite too.
    let a = adapter(&config("lever", "company = \"exemplo\"", &server));
    assert_eq!(a.policy().max_pages, 50);
}

#[tokio::test]
async fn lever_errors() {
    let e = run_error(
        "lever",
        "company = \"nope\"",
        "/v0/postings/nope",
        json_body(fixture("lever", "error.json")),
    )
    .await;
    assert_eq!(e, SourceError::Reported("Document not found".into()));
    common_errors(
        "lever",
        "company = \"exemplo\"",
        "/v0/postings/exemplo",
        r#"{"postings": []}"#,
    )
    .await;

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v0/postings/exemplo"))
        .respond_with(json_body("[]"))
        .mount(&server)
        .await;
    let r = run(adapter(&config("lever", "company = \"exemplo\"", &server)).as_ref())
        .await
        .unwrap();
    assert!(r.records.is_empty());

    let mut v = fixture_json("lever", "postings.json");
    v[0].as_object_mut().unwrap().remove("text");
    v[2] = json!("not a posting");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v0/postings/exemplo"))
        .respond_with(json_body(serde_json::to_vec(&v).unwrap()))
        .mount(&server)
        .await;
    let r = run(adapter(&config("lever", "company = \"exemplo\"", &server)).as_ref())
        .await
        .unwrap();
    assert_eq!(r.postings().len(), 1);
    let idx: Vec<usize> = r.errors().iter().map(|e| e.index).collect();
    assert_eq!(idx, [0, 2]);
}

// ---------------------------------------------------------------- Ashby

async fn ashby(body: Vec<u8>) -> crate::ats_support::Run {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/posting-api/job-board/exemplo"))
        .and(query_param("includeCompensation", "true"))
        .respond_with(json_body(body))
        .expect(1)
        .mount(&server)
        .await;
    let a = adapter(&config(
        "ashby",
        "company = \"exemplo\"\ncompany_name = \"Exemplo\"",
        &server,
    ));
    run(a.as_ref()).await.unwrap()
}

#[tokio::test]
async fn ashby_maps_a_board() {
    let r = ashby(fixture("ashby", "board.json")).await;
    // The unlisted job is skipped, not an error.
    assert_eq!((r.pages, r.postings().len(), r.errors().len()), (1, 3, 0));
    assert!(
        r.postings()
            .iter()
            .all(|p| !p.external_id.ends_with("0003"))
    );

    let p = r.get("0c9d8e7f-1111-4a2b-8c3d-000000000001");
    assert_eq!(p.id, "ashby:0c9d8e7f-1111-4a2b-8c3d-000000000001");
    assert_eq!(p.title, "Engenheira(o) de Software Sênior");
    assert_eq!(p.company.as_deref(), Some("Exemplo"));
    assert_eq!(
        p.url.as_deref(),
        Some("https://jobs.ashbyhq.com/exemplo/0c9d8e7f-1111-4a2b-8c3d-000000000001")
    );
    assert_eq!(
        p.apply_url.as_deref(),
        Some("https://jobs.ashbyhq.com/exemplo/0c9d8e7f-1111-4a2b-8c3d-000000000001/application")
    );
    assert_eq!(p.location.as_deref(), Some("Brazil; Remote - LATAM"));
    assert_eq!(p.city.as_deref(), Some("São Paulo"));
    assert_eq!(p.country.as_deref(), Some("Brazil"));
    assert_eq!(p.remote, Some(true));
    assert_eq!(p.workplace_type.as_deref(), Some("Remote"));
    assert_eq!(p.job_type.as_deref(), Some("FullTime"));
    assert_eq!(p.category.as_deref(), Some("Engineering"));
    assert_eq!(p.salary.as_deref(), Some("R$18K – R$24K • Offers Equity"));
    assert_eq!(
        (p.salary_min, p.salary_max),
        (Some(18_000.0), Some(24_000.0))
    );
    assert_eq!(p.salary_currency.as_deref(), Some("BRL"));
    assert_eq!(p.salary_period.as_deref(), Some("month"));
    assert_eq!(
        p.posted_at.as_deref(),
        Some("2025-10-01T12:00:00.000+00:00")
    );
    assert_eq!(
        p.description.as_deref(),
        Some("<p>Descrição curta inventada para o teste.</p>")
    );
    assert_eq!(p.raw["team"], "Payments");

    let p = r.get("0c9d8e7f-1111-4a2b-8c3d-000000000002");
    assert_eq!(p.location.as_deref(), Some("Lisbon; Porto"));
    assert_eq!(p.workplace_type.as_deref(), Some("Hybrid"));
    assert_eq!(p.salary_period.as_deref(), Some("year"));
    assert_eq!(p.salary_currency.as_deref(), Some("EUR"));

    let p = r.get("0c9d8e7f-1111-4a2b-8c3d-000000000004");
    assert_eq!((p.salary_min, p.salary_max), (Some(19.5), Some(23.0)));
    assert_eq!(p.salary.as_deref(), Some("USD 20 - USD 23 per hour"));
    assert_eq!(
        p.description.as_deref(),
        Some("Short invented description for the test.")
    );
    assert_eq!(p.remote, Some(false));
}

#[tokio::test]
async fn ashby_empty_bad_record_and_errors() {
    let r = ashby(br#"{"apiVersion": "1", "jobs": []}"#.to_vec()).await;
    assert!(r.records.is_empty());
    let mut v = fixture_json("ashby", "board.json");
    v["jobs"][3].as_object_mut().unwrap().remove("id");
    let r = ashby(serde_json::to_vec(&v).unwrap()).await;
    assert_eq!(r.postings().len(), 2);
    assert_eq!(r.errors()[0].index, 3);
    common_errors(
        "ashby",
        "company = \"exemplo\"",
        "/posting-api/job-board/exemplo",
        r#"[]"#,
    )
    .await;
}

// ---------------------------------------------------------------- SmartRecruiters

const SR_LIST: &str = "/v1/companies/ExemploSA/postings";

/// Serves empty details for every posting but the first fixture one.
async fn sr_details(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(format!("{SR_LIST}/744000090000001")))
        .respond_with(json_body(fixture("smartrecruiters", "detail.json")))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::path_regex(format!("^{SR_LIST}/[^/]+$")))
        .respond_with(json_body(r#"{"id": "x", "jobAd": {"sections": {}}}"#))
        .mount(server)
        .await;
}

#[tokio::test]
async fn smartrecruiters_maps_postings_and_details() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SR_LIST))
        .and(query_param("offset", "0"))
        .and(query_param("limit", "100"))
        .respond_with(json_body(fixture("smartrecruiters", "postings.json")))
        .expect(1)
        .mount(&server)
        .await;
    sr_details(&server).await;
    let a = adapter(&config(
        "smartrecruiters",
        "company = \"ExemploSA\"",
        &server,
    ));
    let r = run(a.as_ref()).await.unwrap();
    assert_eq!((r.pages, r.postings().len(), r.total), (1, 3, Some(3)));
    // One list request, then one detail per posting.
    assert_eq!(r.urls.len(), 4, "{:?}", r.urls);

    let p = r.get("744000090000001");
    assert_eq!(p.id, "smartrecruiters:744000090000001");
    assert_eq!(p.title, "Analista de Dados Sênior");
    assert_eq!(p.company.as_deref(), Some("Exemplo S.A."));
    assert_eq!(
        p.url.as_deref(),
        Some("https://jobs.smartrecruiters.com/ExemploSA/744000090000001-analista-de-dados-senior")
    );
    assert_eq!(
        p.apply_url.as_deref(),
        Some(
            "https://jobs.smartrecruiters.com/ExemploSA/744000090000001-analista-de-dados-senior?oga=true"
        )
    );
    assert_eq!(p.location.as_deref(), Some("Lisboa, Lisboa, Portugal"));
    assert_eq!(
        (p.city.as_deref(), p.country.as_deref()),
        (Some("Lisboa"), Some("PT"))
    );
    assert_eq!(p.remote, Some(false));
    assert_eq!(p.job_type.as_deref(), Some("Full-time"));
    assert_eq!(p.category.as_deref(), Some("Data & Analytics"));
    assert_eq!(p.tags, ["Mid-Senior Level", "Information Technology"]);
    assert_eq!(p.posted_at.as_deref(), Some("2025-10-02T13:45:10.000Z"));
    let d = p.description.as_deref().unwrap();
    assert!(
        d.starts_with("<h3>Company Description</h3>\n<p>Exemplo S.A."),
        "{d}"
    );
    assert!(
        d.contains("<h3>Qualifications</h3>\n<ul><li>SQL</li>"),
        "{d}"
    );
    assert!(d.ends_with("<p>Hybrid, two days a week.</p>"), "{d}");
    assert_eq!(p.raw["refNumber"], "REF0001");

    let p = r.get("744000090000002");
    assert_eq!(p.remote, Some(true));
    assert_eq!(p.location.as_deref(), Some("Madrid, ES"));
    // No detail text: the list's public URL stays.
    assert_eq!(
        p.url.as_deref(),
        Some("https://jobs.smartrecruiters.com/ExemploSA/744000090000002")
    );
    assert!(p.description.is_none());
}

fn sr_page(offset: u64, n: u64, total: u64) -> Vec<u8> {
    let template = fixture_json("smartrecruiters", "postings.json")["content"][1].clone();
    let content: Vec<Value> = (offset..offset + n)
        .map(|i| {
            let mut p = template.clone();
            p["id"] = json!(format!("{}", 900_000 + i));
            p
        })
        .collect();
    serde_json::to_vec(
        &json!({"offset": offset, "limit": 100, "totalFound": total, "content": content}),
    )
    .unwrap()
}

#[tokio::test]
async fn smartrecruiters_pages_until_total_found() {
    let server = MockServer::start().await;
    for (offset, n) in [(0, 100), (100, 100), (200, 50)] {
        Mock::given(method("GET"))
            .and(path(SR_LIST))
            .and(query_param("offset", offset.to_string()))
            .respond_with(json_body(sr_page(offset, n, 250)))
            .expect(1)
            .mount(&server)
            .await;
    }
    sr_details(&server).await;
    let a = adapter(&config(
        "smartrecruiters",
        "company = \"ExemploSA\"",
        &server,
    ));
    let r = run(a.as_ref()).await.unwrap();
    assert_eq!((r.pages, r.postings().len(), r.total), (3, 250, Some(250)));
}

#[tokio::test]
async fn smartrecruiters_stops_when_the_server_ignores_offset() {
    let server = MockServer::start().await;
    // Always the first page, whatever offset is asked.
    Mock::given(method("GET"))
        .and(path(SR_LIST))
        .respond_with(json_body(sr_page(0, 100, 5000)))
        .mount(&server)
        .await;
    sr_details(&server).await;
    let a = adapter(&config(
        "smartrecruiters",
        "company = \"ExemploSA\"",
        &server,
    ));
    let r = run(a.as_ref()).await.unwrap();
    assert_eq!(r.pages, 2, "{:?}", &r.urls[..3]);
}

#[tokio::test]
async fn smartrecruiters_errors() {
    common_errors(
        "smartrecruiters",
        "company = \"ExemploSA\"",
        SR_LIST,
        r#"{"content": null}"#,
    )
    .await;
    let e = run_error(
        "smartrecruiters",
        "company = \"ExemploSA\"",
        SR_LIST,
        json_body(r#"{"errors": [{"code": "NOT_FOUND", "message": "Company not found"}]}"#),
    )
    .await;
    assert_eq!(e, SourceError::Reported("Company not found".into()));

    // An empty company, and one record without a name.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SR_LIST))
        .respond_with(json_body(
            r#"{"offset": 0, "limit": 100, "totalFound": 0, "content": []}"#,
        ))
        .mount(&server)
        .await;
    let r = run(adapter(&config(
        "smartrecruiters",
        "company = \"ExemploSA\"",
        &server,
    ))
    .as_ref())
    .await
    .unwrap();
    assert!(r.records.is_empty() && r.pages == 1);

    let mut v = fixture_json("smartrecruiters", "postings.json");
    v["content"][2].as_object_mut().unwrap().remove("name");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SR_LIST))
        .respond_with(json_body(serde_json::to_vec(&v).unwrap()))
        .mount(&server)
        .await;
    sr_details(&server).await;
    let r = run(adapter(&config(
        "smartrecruiters",
        "company = \"ExemploSA\"",
        &server,
    ))
    .as_ref())
    .await
    .unwrap();
    assert_eq!((r.postings().len(), r.errors()[0].index), (2, 2));

    // A detail that is a challenge page fails the detail, not silently.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SR_LIST))
        .respond_with(json_body(fixture("smartrecruiters", "postings.json")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::path_regex(format!("^{SR_LIST}/[^/]+$")))
        .respond_with(html_body(CHALLENGE))
        .mount(&server)
        .await;
    let e = run(adapter(&config(
        "smartrecruiters",
        "company = \"ExemploSA\"",
        &server,
    ))
    .as_ref())
    .await
    .unwrap_err();
    assert!(matches!(e, SourceError::Challenge(_)), "{e:?}");
}

// ---------------------------------------------------------------- Workable

async fn workable(body: Vec<u8>) -> crate::ats_support::Run {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/widget/accounts/exemplo"))
        .and(query_param("details", "true"))
        .respond_with(json_body(body))
        .expect(1)
        .mount(&server)
        .await;
    run(adapter(&config("workable", "company = \"exemplo\"", &server)).as_ref())
        .await
        .unwrap()
}

#[tokio::test]
async fn workable_maps_an_account() {
    let r = workable(fixture("workable", "account.json")).await;
    assert_eq!((r.pages, r.postings().len()), (1, 3));
    let p = r.get("A1B2C3D4E5");
    assert_eq!(p.id, "workable:A1B2C3D4E5");
    assert_eq!(p.title, "Desenvolvedor(a) Back-end Pleno");
    assert_eq!(p.company.as_deref(), Some("Exemplo Tecnologia"));
    assert_eq!(
        p.url.as_deref(),
        Some("https://apply.workable.com/j/A1B2C3D4E5")
    );
    assert_eq!(
        p.apply_url.as_deref(),
        Some("https://apply.workable.com/j/A1B2C3D4E5/apply")
    );
    assert_eq!(
        p.location.as_deref(),
        Some("Florianópolis, Santa Catarina, Brazil")
    );
    assert_eq!(
        (p.city.as_deref(), p.country.as_deref()),
        (Some("Florianópolis"), Some("BR"))
    );
    assert_eq!(
        (p.remote, p.workplace_type.as_deref()),
        (Some(true), Some("remote"))
    );
    assert_eq!(p.job_type.as_deref(), Some("Full-time"));
    assert_eq!(p.category.as_deref(), Some("Engineering"));
    assert_eq!(
        p.tags,
        ["Engineering", "Computer Software", "Mid-Senior level"]
    );
    assert_eq!(p.posted_at.as_deref(), Some("2025-10-03"));
    assert!(p.description.as_deref().unwrap().contains("<li>Go</li>"));
    assert_eq!(p.raw["industry"], "Computer Software");

    let p = r.get("F6G7H8I9J0");
    assert_eq!(
        p.location.as_deref(),
        Some("Ciudad de México, Ciudad de México, Mexico; Bogotá, Bogotá D.C., Colombia")
    );
    assert_eq!(p.remote, Some(false));
    let p = r.get("K1L2M3N4O5");
    assert_eq!(p.location.as_deref(), Some("Lisboa, Portugal"));
    assert_eq!(p.category, None);
}

#[tokio::test]
async fn workable_empty_bad_record_and_errors() {
    let r = workable(br#"{"name": "Exemplo", "jobs": []}"#.to_vec()).await;
    assert!(r.records.is_empty());
    let mut v = fixture_json("workable", "account.json");
    v["jobs"][0]["title"] = json!("   ");
    let r = workable(serde_json::to_vec(&v).unwrap()).await;
    assert_eq!((r.postings().len(), r.errors()[0].index), (2, 0));
    common_errors(
        "workable",
        "company = \"exemplo\"",
        "/api/v1/widget/accounts/exemplo",
        r#"{"name": "x"}"#,
    )
    .await;
}

// ---------------------------------------------------------------- Recruitee

async fn recruitee(body: Vec<u8>) -> crate::ats_support::Run {
    let server = MockServer::start().await;
    // With base_url the company, which is in the real host name, comes as a parameter.
    Mock::given(method("GET"))
        .and(path("/api/offers/"))
        .and(query_param("company", "exemplo"))
        .respond_with(json_body(body))
        .expect(1)
        .mount(&server)
        .await;
    run(adapter(&config("recruitee", "company = \"exemplo\"", &server)).as_ref())
        .await
        .unwrap()
}

#[tokio::test]
async fn recruitee_maps_offers() {
    let r = recruitee(fixture("recruitee", "offers.json")).await;
    assert_eq!((r.pages, r.postings().len()), (1, 3));
    let p = r.get("2100001");
    assert_eq!(p.id, "recruitee:2100001");
    assert_eq!(p.title, "Backend Developer (Elixir)");
    assert_eq!(p.company.as_deref(), Some("Exemplo B.V."));
    assert_eq!(
        p.url.as_deref(),
        Some("https://exemplo.recruitee.com/o/backend-developer")
    );
    assert_eq!(
        p.apply_url.as_deref(),
        Some("https://exemplo.recruitee.com/o/backend-developer/c/new")
    );
    assert_eq!(
        p.location.as_deref(),
        Some("Amsterdam, North Holland, Netherlands")
    );
    assert_eq!(
        (p.city.as_deref(), p.country.as_deref()),
        (Some("Amsterdam"), Some("NL"))
    );
    assert_eq!(
        (p.remote, p.workplace_type.as_deref()),
        (Some(false), Some("hybrid"))
    );
    assert_eq!((p.salary_min, p.salary_max), (Some(4000.0), Some(5500.0)));
    assert_eq!(
        (p.salary_currency.as_deref(), p.salary_period.as_deref()),
        (Some("EUR"), Some("month"))
    );
    assert_eq!(p.salary.as_deref(), Some("EUR 4000 - EUR 5500 per month"));
    assert_eq!(p.posted_at.as_deref(), Some("2025-10-02"));
    assert_eq!(p.expires_at.as_deref(), Some("2025-12-31"));
    assert_eq!(p.job_type.as_deref(), Some("fulltime"));
    assert_eq!(p.category.as_deref(), Some("Engineering"));
    assert_eq!(p.tags, ["elixir", "backend", "it", "mid_level"]);
    let d = p.description.as_deref().unwrap();
    assert!(
        d.starts_with("<p>Short invented") && d.ends_with("<li>PostgreSQL</li></ul>"),
        "{d}"
    );
    assert_eq!(p.raw["slug"], "backend-developer");

    let p = r.get("2100002");
    assert_eq!(
        (p.remote, p.workplace_type.as_deref()),
        (Some(true), Some("remote"))
    );
    assert_eq!(p.location.as_deref(), Some("Brazil"));
    assert_eq!(p.salary.as_deref(), Some("BRL 9000 - BRL 12000 per month"));
    assert_eq!(p.posted_at.as_deref(), Some("2025-09-20"));
    assert_eq!(
        p.apply_url.as_deref(),
        Some("https://exemplo.recruitee.com/o/desenvolvedor-mobile/c/new")
    );

    let p = r.get("2100003");
    assert_eq!(p.workplace_type.as_deref(), Some("on-site"));
    assert_eq!(p.location.as_deref(), Some("Rotterdam, Netherlands"));
    assert!(p.salary.is_none() && p.salary_min.is_none());
}

#[tokio::test]
async fn recruitee_real_host_empty_bad_record_and_errors() {
    let mut cfg = vaga_sources::SourceConfig::of_kind("recruitee");
    cfg.options.insert("company".into(), "Exemplo".into());
    let a = vaga_sources::build(&cfg).unwrap();
    assert_eq!(
        a.first().unwrap().url.as_str(),
        "https://exemplo.recruitee.com/api/offers/"
    );
    cfg.options
        .insert("company".into(), "evil.example/x".into());
    assert!(vaga_sources::build(&cfg).is_err());

    let r = recruitee(br#"{"offers": []}"#.to_vec()).await;
    assert!(r.records.is_empty());
    let mut v = fixture_json("recruitee", "offers.json");
    v["offers"][1]["id"] = Value::Null;
    let r = recruitee(serde_json::to_vec(&v).unwrap()).await;
    assert_eq!((r.postings().len(), r.errors()[0].index), (2, 1));
    common_errors(
        "recruitee",
        "company = \"exemplo\"",
        "/api/offers/",
        r#"{"offers": "none"}"#,
    )
    .await;
    let e = run_error(
        "recruitee",
        "company = \"exemplo\"",
        "/api/offers/",
        json_body(r#"{"error": "Not found"}"#),
    )
    .await;
    assert_eq!(e, SourceError::Reported("Not found".into()));
}

// ---------------------------------------------------------------- Gupy career sites

async fn gupy(
    template: wiremock::ResponseTemplate,
) -> Result<crate::ats_support::Run, SourceError> {
    let server = MockServer::start().await;
    // With base_url the tenant, which is in the real host name, comes as a parameter.
    Mock::given(method("GET"))
        .and(path("/"))
        .and(query_param("company", "exemplo"))
        .respond_with(template)
        .expect(1)
        .mount(&server)
        .await;
    run(adapter(&config("gupy_board", "company = \"exemplo\"", &server)).as_ref()).await
}

#[tokio::test]
async fn gupy_board_reads_next_data() {
    let r = gupy(html_body(fixture("gupy_board", "exemplo.html")))
        .await
        .unwrap();
    assert_eq!((r.pages, r.postings().len()), (1, 4));
    let p = r.get("9000001");
    assert_eq!(p.id, "gupy_board:9000001");
    assert_eq!(p.title, "Analista de Dados Pleno");
    assert_eq!(p.company.as_deref(), Some("Exemplo S.A."));
    assert_eq!(
        p.url.as_deref(),
        Some("https://exemplo.gupy.io/jobs/9000001")
    );
    assert_eq!(p.location.as_deref(), Some("São Paulo, SP, Brasil"));
    assert_eq!(
        (p.city.as_deref(), p.country.as_deref()),
        (Some("São Paulo"), Some("Brasil"))
    );
    assert_eq!(
        (p.workplace_type.as_deref(), p.remote),
        (Some("hybrid"), None)
    );
    assert_eq!(p.job_type.as_deref(), Some("vacancy_type_effective"));
    assert_eq!(p.category.as_deref(), Some("Tecnologia"));
    assert_eq!(p.posted_at.as_deref(), Some("2025-10-01T14:32:10.123Z"));
    assert_eq!(p.expires_at.as_deref(), Some("2025-11-30"));
    assert_eq!(p.raw["quickApply"], false);
    assert!(p.salary.is_none());

    let p = r.get("9000002");
    assert_eq!(
        (p.remote, p.location.as_deref()),
        (Some(true), Some("Brasil"))
    );
    assert_eq!(p.job_type.as_deref(), Some("vacancy_legal_entity"));
    let p = r.get("9000003");
    assert_eq!(p.title, "Operador(a) de Loja – Curitiba");
    assert_eq!(p.remote, Some(false));
    let p = r.get("9000004");
    assert_eq!(
        (p.location.as_deref(), p.workplace_type.as_deref()),
        (None, None)
    );
}

#[tokio::test]
async fn gupy_board_errors() {
    let e = gupy(html_body(CHALLENGE)).await.unwrap_err();
    assert!(
        matches!(e, SourceError::Challenge(ref t) if t.contains("Just a moment")),
        "{e:?}"
    );
    let e = gupy(html_body(
        "<!DOCTYPE html><html><head><title>Exemplo</title></head><body>Nada</body></html>",
    ))
    .await
    .unwrap_err();
    assert!(matches!(e, SourceError::Malformed(_)), "{e:?}");
    let broken = String::from_utf8(fixture("gupy_board", "exemplo.html"))
        .unwrap()
        .replace("\"jobs\":[", "\"jobs\":[{,");
    let e = gupy(html_body(broken)).await.unwrap_err();
    assert!(
        matches!(e, SourceError::Malformed(ref m) if m.contains("__NEXT_DATA__")),
        "{e:?}"
    );

    let page = |jobs: &str| {
        format!(
            "<html><body><script id=\"__NEXT_DATA__\" type=\"application/json\">\
             {{\"props\":{{\"pageProps\":{{\"careerPage\":{{\"name\":\"Exemplo\"}},\"jobs\":{jobs}}}}}}}</script></body></html>"
        )
    };
    let r = gupy(html_body(page("[]"))).await.unwrap();
    assert!(r.records.is_empty());
    let r = gupy(html_body(page(
        r#"[{"id": 1, "title": "Ok"}, {"id": 2}, 7]"#,
    )))
    .await
    .unwrap();
    assert_eq!(r.postings().len(), 1);
    let idx: Vec<usize> = r.errors().iter().map(|e| e.index).collect();
    assert_eq!(idx, [1, 2]);
    assert_eq!(r.get("1").company.as_deref(), Some("Exemplo"));
    let e = gupy(html_body(page("{}"))).await.unwrap_err();
    assert!(matches!(e, SourceError::Malformed(_)), "{e:?}");
}

#[test]
fn gupy_board_real_host() {
    let mut cfg = vaga_sources::SourceConfig::of_kind("gupy_board");
    cfg.options.insert("company".into(), "exemplo".into());
    let a = vaga_sources::build(&cfg).unwrap();
    assert_eq!(a.first().unwrap().url.as_str(), "https://exemplo.gupy.io/");
    assert_eq!(a.first().unwrap().expect, vaga_sources::Expect::Html);
}

// ---------------------------------------------------------------- LinkedIn (opt-in)

const LI_SEARCH: &str = "/jobs-guest/jobs/api/seeMoreJobPostings/search";
const LI_OPTIONS: &str = "query = \"data engineer\"\nlocation = \"Brazil\"\nremote = true";

async fn linkedin_server(pages: &[(&str, wiremock::ResponseTemplate)]) -> MockServer {
    let server = MockServer::start().await;
    for (start, template) in pages {
        Mock::given(method("GET"))
            .and(path(LI_SEARCH))
            .and(query_param("keywords", "data engineer"))
            .and(query_param("location", "Brazil"))
            .and(query_param("f_WT", "2"))
            .and(query_param("start", *start))
            .respond_with(template.clone())
            .mount(&server)
            .await;
    }
    server
}

#[tokio::test]
async fn linkedin_reads_cards_until_an_empty_page() {
    let server = linkedin_server(&[
        ("0", html_body(fixture("linkedin", "search-0.html"))),
        ("25", html_body(fixture("linkedin", "search-25.html"))),
        ("50", html_body("")),
    ])
    .await;
    let a = adapter(&config("linkedin", LI_OPTIONS, &server));
    let policy = a.policy();
    assert!(policy.min_interval >= std::time::Duration::from_secs(3));
    assert_eq!(
        policy.delay_range,
        Some((
            std::time::Duration::from_secs(1),
            std::time::Duration::from_secs(4)
        ))
    );
    let r = run(a.as_ref()).await.unwrap();
    assert_eq!((r.pages, r.postings().len(), r.errors().len()), (3, 5, 0));

    let p = r.get("4100000001");
    assert_eq!(p.id, "linkedin:4100000001");
    assert_eq!(p.title, "Engenheiro de Dados Sênior");
    assert_eq!(p.company.as_deref(), Some("Exemplo Tecnologia"));
    assert_eq!(
        p.url.as_deref(),
        Some(
            "https://br.linkedin.com/jobs/view/engenheiro-de-dados-senior-at-exemplo-tecnologia-4100000001"
        )
    );
    assert_eq!(p.location.as_deref(), Some("São Paulo, São Paulo, Brasil"));
    assert_eq!(
        (p.remote, p.workplace_type.as_deref()),
        (Some(true), Some("remote"))
    );
    assert_eq!(
        p.salary.as_deref(),
        Some("R$ 15.000,00/mo - R$ 19.000,00/mo")
    );
    assert_eq!(p.posted_at.as_deref(), Some("2025-10-01"));
    assert_eq!(p.raw["entity_urn"], "urn:li:jobPosting:4100000001");
    assert_eq!(
        r.get("4100000003").company.as_deref(),
        Some("Invented Co & Partners")
    );
    assert_eq!(
        r.get("4100000005").location.as_deref(),
        Some("Curitiba, Paraná, Brasil")
    );
}

#[tokio::test]
async fn linkedin_stops_at_start_1000() {
    // A search that never runs dry.
    let server = linkedin_server(&[]).await;
    Mock::given(method("GET"))
        .and(path(LI_SEARCH))
        .respond_with(html_body(fixture("linkedin", "search-0.html")))
        .mount(&server)
        .await;
    let r = run(adapter(&config("linkedin", LI_OPTIONS, &server)).as_ref())
        .await
        .unwrap();
    assert_eq!(r.pages, 40);
    assert!(
        r.urls.last().unwrap().ends_with("start=975"),
        "{:?}",
        r.urls.last()
    );
}

#[tokio::test]
async fn linkedin_authwall_and_challenges() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(LI_SEARCH))
        .respond_with(wiremock::ResponseTemplate::new(302).insert_header(
            "location",
            "/authwall?trk=qf&original_referer=&sessionRedirect=x",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/authwall"))
        .respond_with(html_body(fixture("linkedin", "authwall.html")))
        .mount(&server)
        .await;
    let e = run(adapter(&config("linkedin", LI_OPTIONS, &server)).as_ref())
        .await
        .unwrap_err();
    assert!(
        matches!(e, SourceError::Challenge(ref m) if m.contains("/authwall")),
        "{e:?}"
    );

    // The same page served in place (no redirect) is told apart too.
    let server = linkedin_server(&[("0", html_body(fixture("linkedin", "authwall.html")))]).await;
    let e = run(adapter(&config("linkedin", LI_OPTIONS, &server)).as_ref())
        .await
        .unwrap_err();
    assert!(
        matches!(e, SourceError::Challenge(ref m) if m.contains("Sign Up")),
        "{e:?}"
    );
    let server = linkedin_server(&[("0", html_body(CHALLENGE))]).await;
    let e = run(adapter(&config("linkedin", LI_OPTIONS, &server)).as_ref())
        .await
        .unwrap_err();
    assert!(matches!(e, SourceError::Challenge(_)), "{e:?}");
    let server = linkedin_server(&[("0", json_body(r#"{"jobs": []}"#))]).await;
    let e = run(adapter(&config("linkedin", LI_OPTIONS, &server)).as_ref())
        .await
        .unwrap_err();
    assert!(matches!(e, SourceError::Malformed(_)), "{e:?}");
}

#[tokio::test]
async fn linkedin_empty_search_and_bad_card() {
    let server = linkedin_server(&[("0", html_body(""))]).await;
    let r = run(adapter(&config("linkedin", LI_OPTIONS, &server)).as_ref())
        .await
        .unwrap();
    assert_eq!((r.pages, r.records.len()), (1, 0));

    let page = String::from_utf8(fixture("linkedin", "search-25.html")).unwrap();
    // The first card loses its company; the second its entity URN (the id comes from the link).
    let broken = page
        .replacen("base-search-card__subtitle", "something-else", 1)
        .replace("data-entity-urn=\"urn:li:jobPosting:4100000005\"", "");
    let server = linkedin_server(&[("0", html_body(broken)), ("25", html_body(""))]).await;
    let r = run(adapter(&config("linkedin", LI_OPTIONS, &server)).as_ref())
        .await
        .unwrap();
    assert_eq!(r.postings().len(), 1);
    assert_eq!(r.get("4100000005").title, "BI Developer");
    assert_eq!(r.errors()[0].index, 0);
    assert!(r.errors()[0].reason.contains("company"));
}

#[test]
fn linkedin_is_opt_in_and_encodes_its_query() {
    let b = vaga_sources::registry::builtin("linkedin").unwrap();
    assert!(!b.enabled_by_default);
    let mut cfg = vaga_sources::SourceConfig::of_kind("linkedin");
    cfg.options = toml::from_str("query = \"C++ & Rust\"").unwrap();
    let a = vaga_sources::build(&cfg).unwrap();
    assert_eq!(
        a.first().unwrap().url.as_str(),
        "https://www.linkedin.com/jobs-guest/jobs/api/seeMoreJobPostings/search?keywords=C%2B%2B+%26+Rust&start=0"
    );
    assert!(!a.policy().allow_private);
    cfg.options = toml::from_str("query = \"  \"").unwrap();
    assert!(vaga_sources::build(&cfg).is_err());
}

#[test]
fn every_ats_kind_is_registered_off_by_default_with_its_key() {
    for (kind, key) in [
        ("greenhouse", "board"),
        ("lever", "company"),
        ("ashby", "company"),
        ("smartrecruiters", "company"),
        ("workable", "company"),
        ("recruitee", "company"),
        ("gupy_board", "company"),
        ("linkedin", "query"),
    ] {
        let b = vaga_sources::registry::builtin(kind).unwrap_or_else(|| panic!("{kind}"));
        assert_eq!(b.key, Some(key), "{kind}");
        assert!(!b.enabled_by_default, "{kind}");
        // A built-in with base_url may reach loopback; without, it may not.
        let mut cfg = vaga_sources::SourceConfig::of_kind(kind);
        cfg.options.insert(key.into(), "exemplo".into());
        let a = vaga_sources::build(&cfg).unwrap();
        assert!(!a.policy().allow_private, "{kind}");
        assert!(
            a.policy().min_interval >= std::time::Duration::from_secs(1),
            "{kind}"
        );
        assert!((1..=50).contains(&a.policy().max_pages), "{kind}");
        cfg.base_url = Some("http://127.0.0.1:9".parse().unwrap());
        let a = vaga_sources::build(&cfg).unwrap();
        assert!(a.policy().allow_private, "{kind}");
        assert_eq!(
            a.first().unwrap().url.host_str(),
            Some("127.0.0.1"),
            "{kind}"
        );
        // Unknown keys are errors.
        cfg.options.insert("compnay".into(), "x".into());
        assert!(vaga_sources::build(&cfg).is_err(), "{kind}");
    }
}

#[test]
fn the_documented_ats_examples_build() {
    #[derive(serde::Deserialize)]
    struct File {
        sources: Vec<vaga_sources::SourceConfig>,
    }
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/sources.md"
    ))
    .unwrap();
    let section = doc.split("\n## ATS boards").nth(1).unwrap();
    let section = section.split("\n## ").next().unwrap();
    let mut built = Vec::new();
    for block in section.split("```toml\n").skip(1) {
        let toml_text = block.split("```").next().unwrap();
        let file: File = toml::from_str(toml_text).unwrap_or_else(|e| panic!("{e}\n{toml_text}"));
        for cfg in &file.sources {
            let a = vaga_sources::build(cfg).unwrap_or_else(|e| panic!("{e}"));
            built.push(a.kind());
        }
    }
    assert_eq!(
        built,
        [
            "greenhouse",
            "lever",
            "ashby",
            "smartrecruiters",
            "workable",
            "recruitee",
            "gupy_board",
            "linkedin"
        ]
    );
}
