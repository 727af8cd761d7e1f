//! The built-in board adapters against fixtures served at each board's real path.

use serde_json::{Value, json};
use vaga_sources::SourceError;

use crate::boards_support::*;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

const JSON: &str = "application/json";

/// Serves `body` at `route`, runs `kind` and returns the run.
async fn replay(kind: &str, route: &str, options: &str, body: String, ct: &str) -> Run {
    let s = server().await;
    serve(&s, route, body, ct).await;
    run(adapter(&config(kind, &s, options)).as_ref())
        .await
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Remote OK

#[tokio::test]
async fn remoteok_maps_fields() {
    let r = replay("remoteok", "/api", "", fixture("remoteok/api.json"), JSON).await;
    assert_eq!(r.errors, vec![]);
    assert_eq!(r.requested.len(), 1);
    assert_eq!(r.postings.len(), 4, "the legal notice is skipped");
    let p = &r.postings[1];
    assert_eq!(p.id, "remoteok:1130787");
    assert_eq!(p.title, "Senior Sales Engineer Data & AI Security");
    assert_eq!(p.company.as_deref(), Some("Veeam Software"));
    assert_eq!(p.location.as_deref(), Some("Saint Louis, MO, USA"));
    assert_eq!(p.remote, Some(true));
    assert_eq!(p.posted_at.as_deref(), Some("2026-03-15T16:00:07+00:00"));
    assert!(
        p.url
            .as_deref()
            .unwrap()
            .starts_with("https://remoteOK.com/remote-jobs/")
    );
    assert!(p.tags.contains(&"digital nomad".to_string()));
    assert_eq!(p.salary, None, "0 means no salary");
    assert!(
        p.attribution
            .as_deref()
            .unwrap()
            .contains("Remote OK (https://remoteOK.com/")
    );
    assert_eq!(p.raw["id"], "1130787");
    assert_eq!(r.postings[0].location, None, "empty location");
    let paid = &r.postings[2];
    assert_eq!(paid.salary_min, Some(180000.0));
    assert_eq!(paid.salary_max, Some(210000.0));
    assert_eq!(paid.salary_currency.as_deref(), Some("USD"));
    assert_eq!(paid.salary.as_deref(), Some("USD 180000 - USD 210000"));
}

#[tokio::test]
async fn remoteok_bad_record_empty_and_errors() {
    let mut v = fixture_json("remoteok/api.json");
    v[2].as_object_mut().unwrap().remove("position");
    let r = replay("remoteok", "/api", "", v.to_string(), JSON).await;
    assert_eq!(r.postings.len(), 3);
    assert_eq!(r.errors.len(), 1);
    assert!(r.errors[0].2.contains("position"), "{:?}", r.errors);

    let only_legal = json!([{"legal": "terms"}]).to_string();
    let r = replay("remoteok", "/api", "", only_legal, JSON).await;
    assert!(r.postings.is_empty() && r.errors.is_empty());

    assert_malformed("remoteok", "/api", "", "[{\"id\": 1,", JSON).await;
    assert_malformed("remoteok", "/api", "", "{\"jobs\": []}", JSON).await;
    assert_challenge("remoteok", "/api", "").await;
}

// ---------------------------------------------------------------------------------------------
// Remotive

const REMOTIVE: &str = "/api/remote-jobs";

#[tokio::test]
async fn remotive_maps_fields_and_attribution() {
    let r = replay(
        "remotive",
        REMOTIVE,
        "",
        fixture("remotive/remote-jobs.json"),
        JSON,
    )
    .await;
    assert_eq!(r.errors, vec![]);
    assert_eq!(r.postings.len(), 4);
    assert_eq!(r.total, Some(4));
    let p = &r.postings[1];
    assert_eq!(p.id, "remotive:1919265");
    assert_eq!(p.title, "Senior Independent Software Developer");
    assert_eq!(p.company.as_deref(), Some("A.Team"));
    assert_eq!(
        p.candidate_required_location.as_deref(),
        Some("Americas, Europe, Israel")
    );
    assert_eq!(p.salary.as_deref(), Some("$90 - $150 /hour"));
    assert_eq!(p.salary_min, None, "free text only");
    assert_eq!(p.job_type.as_deref(), Some("contract"));
    assert_eq!(p.category.as_deref(), Some("Software Development"));
    assert_eq!(p.posted_at.as_deref(), Some("2026-07-16T10:10:51"));
    assert_eq!(p.remote, Some(true));
    assert!(p.tags.contains(&"wordpress".to_string()));
    assert_eq!(p.raw["id"], 1919265);
    for p in &r.postings {
        let url = p.url.as_deref().unwrap();
        assert_eq!(
            p.attribution.as_deref(),
            Some(format!("Source: Remotive ({url})").as_str())
        );
    }
}

#[tokio::test]
async fn remotive_sends_filters_and_respects_terms() {
    let s = server().await;
    serve_page(
        &s,
        REMOTIVE,
        "category",
        "data",
        fixture("remotive/remote-jobs.json"),
    )
    .await;
    let cfg = config("remotive", &s, "category = \"data\"\nsearch = \"rust\"");
    let a = adapter(&cfg);
    let r = run(a.as_ref()).await.unwrap();
    assert_eq!(r.postings.len(), 4);
    assert!(r.requested[0].contains("search=rust"), "{:?}", r.requested);
    let policy = a.policy();
    assert_eq!(
        policy.min_sync_interval,
        Some(std::time::Duration::from_secs(6 * 3600))
    );
    assert!(policy.min_interval >= std::time::Duration::from_secs(1));
    assert!(policy.allow_private, "a base_url replay may be loopback");
    let real = vaga_sources::build(&vaga_sources::SourceConfig::of_kind("remotive")).unwrap();
    assert!(!real.policy().allow_private);
    assert_eq!(
        real.first().unwrap().url.as_str(),
        "https://remotive.com/api/remote-jobs"
    );
}

#[tokio::test]
async fn remotive_errors() {
    let mut v = fixture_json("remotive/remote-jobs.json");
    v["jobs"][0]["title"] = Value::Null;
    let r = replay("remotive", REMOTIVE, "", v.to_string(), JSON).await;
    assert_eq!((r.postings.len(), r.errors.len()), (3, 1));
    assert_eq!(r.errors[0].1, 0);
    let empty = json!({"0-legal-notice": "x", "job-count": 0, "jobs": []}).to_string();
    let r = replay("remotive", REMOTIVE, "", empty, JSON).await;
    assert!(r.postings.is_empty() && r.errors.is_empty());
    assert_malformed("remotive", REMOTIVE, "", "{\"jobs\": [", JSON).await;
    assert_malformed("remotive", REMOTIVE, "", "[]", JSON).await;
    assert_challenge("remotive", REMOTIVE, "").await;
    let s = server().await;
    serve(&s, REMOTIVE, "{\"error\": \"rate limited\"}", JSON).await;
    let err = run(adapter(&config("remotive", &s, "")).as_ref())
        .await
        .unwrap_err();
    assert_eq!(err, SourceError::Reported("rate limited".into()));
    let bad = vaga_sources::build(&{
        let mut c = vaga_sources::SourceConfig::of_kind("remotive");
        c.options
            .insert("serch".into(), toml::Value::String("x".into()));
        c
    });
    assert!(bad.is_err(), "a typo in a key is an error");
}

// ---------------------------------------------------------------------------------------------
// Arbeitnow

const ARBEITNOW: &str = "/api/job-board-api";

#[tokio::test]
async fn arbeitnow_follows_next_links_until_the_end() {
    let s = server().await;
    serve_page(&s, ARBEITNOW, "page", "1", fixture("arbeitnow/page1.json")).await;
    serve_page(&s, ARBEITNOW, "page", "2", fixture("arbeitnow/page2.json")).await;
    let r = run(adapter(&config("arbeitnow", &s, "")).as_ref())
        .await
        .unwrap();
    assert_eq!(r.requested.len(), 2, "{:?}", r.requested);
    assert!(
        r.requested[1].starts_with(&s.uri()),
        "next is rebased: {:?}",
        r.requested
    );
    assert_eq!(r.postings.len(), 5);
    assert_eq!(r.errors, vec![]);
    let p = &r.postings[0];
    assert_eq!(
        p.id,
        "arbeitnow:remote-technical-account-manager-dach-munich-256258"
    );
    assert_eq!(p.title, "Technical Account Manager - DACH");
    assert_eq!(p.company.as_deref(), Some("SolarEdge"));
    assert_eq!(p.location.as_deref(), Some("Munich"));
    assert_eq!(p.remote, Some(true));
    assert_eq!(p.job_type.as_deref(), Some("Full-time"));
    assert_eq!(p.tags, vec!["Remote".to_string()]);
    assert_eq!(p.posted_at.as_deref(), Some("2026-02-11"));
    assert!(
        p.attribution
            .as_deref()
            .unwrap()
            .starts_with("Source: Arbeitnow")
    );
    assert_eq!(p.raw["created_at"], 1770835328);
}

#[tokio::test]
async fn arbeitnow_stops_when_next_loops() {
    let s = server().await;
    let mut v = fixture_json("arbeitnow/page1.json");
    v["links"]["next"] = json!("https://www.arbeitnow.com/api/job-board-api?page=1");
    serve_page(&s, ARBEITNOW, "page", "1", v.to_string()).await;
    let r = run(adapter(&config("arbeitnow", &s, "")).as_ref())
        .await
        .unwrap();
    assert_eq!(r.requested.len(), 1);
    // A next link that goes back a page loops too.
    let s = server().await;
    let mut v2 = fixture_json("arbeitnow/page2.json");
    v2["links"]["next"] = json!("https://www.arbeitnow.com/api/job-board-api?page=1");
    serve_page(&s, ARBEITNOW, "page", "1", fixture("arbeitnow/page1.json")).await;
    serve_page(&s, ARBEITNOW, "page", "2", v2.to_string()).await;
    let r = run(adapter(&config("arbeitnow", &s, "")).as_ref())
        .await
        .unwrap();
    assert_eq!(r.requested.len(), 2);
}

#[tokio::test]
async fn arbeitnow_errors() {
    let mut v = fixture_json("arbeitnow/page2.json");
    v["data"][1].as_object_mut().unwrap().remove("slug");
    let r = replay("arbeitnow", ARBEITNOW, "", v.to_string(), JSON).await;
    assert_eq!((r.postings.len(), r.errors.len()), (1, 1));
    let empty = json!({"data": [], "links": {"next": "https://www.arbeitnow.com/api/job-board-api?page=2"}}).to_string();
    let r = replay("arbeitnow", ARBEITNOW, "", empty, JSON).await;
    assert_eq!(
        (r.postings.len(), r.requested.len()),
        (0, 1),
        "an empty page ends"
    );
    assert_malformed("arbeitnow", ARBEITNOW, "", "{\"data\": [{", JSON).await;
    assert_malformed("arbeitnow", ARBEITNOW, "", "{\"items\": []}", JSON).await;
    assert_challenge("arbeitnow", ARBEITNOW, "").await;
}

// ---------------------------------------------------------------------------------------------
// We Work Remotely

const XML: &str = "application/rss+xml; charset=utf-8";

#[tokio::test]
async fn weworkremotely_reads_items_and_custom_tags() {
    let body = fixture("weworkremotely/remote-jobs.rss");
    let r = replay("weworkremotely", "/remote-jobs.rss", "", body, XML).await;
    assert_eq!(r.errors, vec![]);
    assert_eq!(r.postings.len(), 4);
    let p = &r.postings[0];
    assert_eq!(
        p.id,
        "weworkremotely:g2i-inc-fullstack-developer-react-react-native-node-js-remote"
    );
    assert_eq!(p.company.as_deref(), Some("G2i Inc."));
    assert_eq!(
        p.title,
        "Fullstack Developer (React, React Native, Node.js) - Remote"
    );
    assert_eq!(
        p.candidate_required_location.as_deref(),
        Some("Americas Only")
    );
    assert_eq!(p.job_type.as_deref(), Some("Contract"));
    assert_eq!(p.category.as_deref(), Some("Full-Stack Programming"));
    assert_eq!(p.posted_at.as_deref(), Some("2022-11-08"));
    assert_eq!(p.expires_at.as_deref(), Some("2022-12-08"));
    let d = p.description.as_deref().unwrap();
    assert!(
        d.contains("<strong>Headquarters:</strong>"),
        "unescaped once: {d}"
    );
    assert!(
        p.url
            .as_deref()
            .unwrap()
            .starts_with("https://weworkremotely.com/remote-jobs/")
    );
    assert_eq!(p.raw["region"], "Americas Only");
    let amp = r.postings[2].description.as_deref().unwrap();
    assert!(
        amp.contains("Attitude &amp; Fit"),
        "HTML entities stay HTML: {amp}"
    );
    let modern = &r.postings[3];
    assert_eq!(
        modern.location_restrictions,
        vec!["Brazil".to_string(), "Argentina".into(), "Mexico".into()]
    );
    assert_eq!(
        modern.tags,
        vec!["Python".to_string(), "SQL".into(), "Airflow".into()]
    );
    assert_eq!(modern.company.as_deref(), Some("Lumen Fieldworks"));
}

#[tokio::test]
async fn weworkremotely_category_feed() {
    let body = fixture("weworkremotely/remote-back-end-programming-jobs.rss");
    let route = "/categories/remote-back-end-programming-jobs.rss";
    let opts = "category = \"remote-back-end-programming-jobs\"";
    let r = replay("weworkremotely", route, opts, body, XML).await;
    assert_eq!(r.postings.len(), 2);
    assert_eq!(r.postings[1].company.as_deref(), Some("Clevertech"));
    let mut c = vaga_sources::SourceConfig::of_kind("weworkremotely");
    c.options
        .insert("category".into(), toml::Value::String("../x".into()));
    assert!(vaga_sources::build(&c).is_err());
}

#[tokio::test]
async fn weworkremotely_errors() {
    let feed = fixture("weworkremotely/remote-jobs.rss");
    // A record without a link is skipped; the others pass.
    let broken = feed.replacen(
        "<link>https://weworkremotely.com/remote-jobs/knack-software-engineeer-lead-qa-us-remote</link>",
        "",
        1,
    )
    .replacen(
        "<guid>https://weworkremotely.com/remote-jobs/knack-software-engineeer-lead-qa-us-remote</guid>",
        "",
        1,
    );
    let r = replay("weworkremotely", "/remote-jobs.rss", "", broken, XML).await;
    assert_eq!((r.postings.len(), r.errors.len()), (3, 1));
    // A feed cut short keeps the items before the cut.
    let cut = &feed[..feed.find("<title>Lumen").unwrap() + 20];
    let r = replay(
        "weworkremotely",
        "/remote-jobs.rss",
        "",
        cut.to_string(),
        XML,
    )
    .await;
    assert_eq!(r.postings.len(), 3);
    let empty =
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title></channel></rss>";
    let r = replay(
        "weworkremotely",
        "/remote-jobs.rss",
        "",
        empty.to_string(),
        XML,
    )
    .await;
    assert!(r.postings.is_empty() && r.errors.is_empty());
    assert_malformed(
        "weworkremotely",
        "/remote-jobs.rss",
        "",
        "<rss><channel><item><title>",
        XML,
    )
    .await;
    assert_malformed(
        "weworkremotely",
        "/remote-jobs.rss",
        "",
        "{\"jobs\": []}",
        XML,
    )
    .await;
    assert_challenge("weworkremotely", "/remote-jobs.rss", "").await;
    // A feed served as text/html is read as the feed it is.
    let html_typed = replay("weworkremotely", "/remote-jobs.rss", "", feed, "text/html").await;
    assert_eq!(html_typed.postings.len(), 4);
}

// ---------------------------------------------------------------------------------------------
// Gupy

const GUPY: &str = "/api/v1/jobs";

#[tokio::test]
async fn gupy_pages_by_offset_until_a_short_page() {
    let s = server().await;
    serve_page(&s, GUPY, "offset", "0", fixture("gupy/page1.json")).await;
    serve_page(&s, GUPY, "offset", "3", fixture("gupy/page2.json")).await;
    let r = run(adapter(&config("gupy", &s, "query = \"dados\"\nlimit = 3")).as_ref())
        .await
        .unwrap();
    assert_eq!(r.requested.len(), 2, "{:?}", r.requested);
    assert!(r.requested[0].contains("jobName=dados&limit=3&offset=0"));
    assert_eq!(r.postings.len(), 4);
    assert_eq!(r.total, Some(4));
    let p = &r.postings[0];
    assert_eq!(p.company.as_deref(), Some("A3Data"));
    assert_eq!(p.workplace_type.as_deref(), Some("remote"));
    assert_eq!(p.remote, Some(true));
    assert_eq!(p.country.as_deref(), Some("BR"));
    assert_eq!(p.location.as_deref(), Some("Brasil"));
    assert_eq!(p.job_type.as_deref(), Some("vacancy_type_effective"));
    assert!(p.url.as_deref().unwrap().contains(".gupy.io/job/"));
    assert!(p.posted_at.as_deref().unwrap().starts_with("2025-"));
    assert!(p.expires_at.is_some());
    assert!(p.tags.contains(&"PcD".to_string()));
    let hybrid = &r.postings[1];
    assert_eq!(hybrid.city.as_deref(), Some("São Paulo"));
    assert_eq!(
        hybrid.location.as_deref(),
        Some("São Paulo, São Paulo, Brasil")
    );
    let pj = &r.postings[3];
    assert_eq!(pj.job_type.as_deref(), Some("vacancy_legal_entity"));
}

#[tokio::test]
async fn gupy_stops_at_total_and_on_empty_pages() {
    // A full page whose total says it is the last.
    let s = server().await;
    let mut v = fixture_json("gupy/page1.json");
    v["pagination"]["total"] = json!(3);
    serve_page(&s, GUPY, "offset", "0", v.to_string()).await;
    let r = run(adapter(&config("gupy", &s, "limit = 3")).as_ref())
        .await
        .unwrap();
    assert_eq!(r.requested.len(), 1);
    let r = replay("gupy", GUPY, "", json!({"data": []}).to_string(), JSON).await;
    assert_eq!((r.postings.len(), r.requested.len()), (0, 1));
}

#[tokio::test]
async fn gupy_errors() {
    let mut v = fixture_json("gupy/page2.json");
    v["data"][0]["careerPageName"] = json!("");
    let r = replay("gupy", GUPY, "", v.to_string(), JSON).await;
    assert_eq!((r.postings.len(), r.errors.len()), (0, 1));
    assert_malformed("gupy", GUPY, "", "{\"data\": [", JSON).await;
    assert_malformed("gupy", GUPY, "", "[1, 2]", JSON).await;
    assert_challenge("gupy", GUPY, "").await;
    let mut c = vaga_sources::SourceConfig::of_kind("gupy");
    c.options.insert("limit".into(), toml::Value::Integer(0));
    assert!(vaga_sources::build(&c).is_err());
}

// ---------------------------------------------------------------------------------------------
// Himalayas

const HIMALAYAS: &str = "/jobs/api";

#[tokio::test]
async fn himalayas_maps_eligibility_and_pages_to_total() {
    let s = server().await;
    serve_page(
        &s,
        HIMALAYAS,
        "offset",
        "0",
        fixture("himalayas/page1.json"),
    )
    .await;
    serve_page(
        &s,
        HIMALAYAS,
        "offset",
        "20",
        fixture("himalayas/page2.json"),
    )
    .await;
    let r = run(adapter(&config("himalayas", &s, "")).as_ref())
        .await
        .unwrap();
    assert_eq!(r.requested.len(), 2, "{:?}", r.requested);
    assert!(r.requested[0].ends_with("/jobs/api?limit=20&offset=0"));
    assert_eq!(r.postings.len(), 22);
    assert_eq!(r.total, Some(22));
    let p = &r.postings[0];
    assert_eq!(p.id, "himalayas:quartzline-labs/senior-backend-engineer");
    assert_eq!(p.company.as_deref(), Some("Quartzline Labs"));
    assert_eq!(
        p.location_restrictions,
        vec!["Brazil".to_string(), "Argentina".into(), "Portugal".into()]
    );
    assert_eq!(
        p.timezone_restrictions,
        vec!["UTC-3".to_string(), "UTC+0".into(), "UTC+5:30".into()]
    );
    assert_eq!(p.salary_min, Some(90000.0));
    assert_eq!(p.salary_max, Some(130000.0));
    assert_eq!(p.salary_currency.as_deref(), Some("EUR"));
    assert_eq!(p.salary_period.as_deref(), Some("year"));
    assert_eq!(p.salary.as_deref(), Some("EUR 90000 - EUR 130000 per year"));
    assert_eq!(p.posted_at.as_deref(), Some("2025-03-04"));
    assert_eq!(p.expires_at.as_deref(), Some("2025-04-03"));
    assert_eq!(
        p.url.as_deref(),
        Some("https://himalayas.app/companies/quartzline-labs/jobs/senior-backend-engineer")
    );
    assert_eq!(
        p.apply_url.as_deref(),
        Some("https://careers.quartzline.example/apply/42")
    );
    assert_eq!(p.job_type.as_deref(), Some("Full Time"));
    assert!(p.tags.contains(&"Senior".to_string()));
    assert_eq!(r.postings[1].salary, None);
    assert_eq!(r.postings[1].salary_period, None);
    assert_eq!(
        r.postings[21].timezone_restrictions,
        vec!["America/Sao_Paulo".to_string()]
    );
}

#[tokio::test]
async fn himalayas_stops_on_unstable_paging() {
    // The same full page forever, with a total that never comes: the offset still grows, and
    // the page cap ends it.
    let s = server().await;
    let mut v = fixture_json("himalayas/page1.json");
    v.as_object_mut().unwrap().remove("totalCount");
    serve(&s, HIMALAYAS, v.to_string(), JSON).await;
    let r = run(adapter(&config("himalayas", &s, "max_pages = 3")).as_ref())
        .await
        .unwrap();
    assert_eq!(r.requested.len(), 3);
    let r = replay(
        "himalayas",
        HIMALAYAS,
        "",
        json!({"jobs": [], "totalCount": 500}).to_string(),
        JSON,
    )
    .await;
    assert_eq!(
        (r.postings.len(), r.requested.len()),
        (0, 1),
        "an empty page ends"
    );
}

#[tokio::test]
async fn himalayas_errors() {
    let mut v = fixture_json("himalayas/page2.json");
    v["jobs"][0]["companyName"] = json!(null);
    let r = replay("himalayas", HIMALAYAS, "", v.to_string(), JSON).await;
    assert_eq!((r.postings.len(), r.errors.len()), (1, 1));
    assert_malformed("himalayas", HIMALAYAS, "", "{\"jobs\": [{\"title\"", JSON).await;
    assert_malformed("himalayas", HIMALAYAS, "", "{\"data\": []}", JSON).await;
    assert_challenge("himalayas", HIMALAYAS, "").await;
}

// ---------------------------------------------------------------------------------------------
// Jobicy

const JOBICY: &str = "/api/v2/remote-jobs";

#[tokio::test]
async fn jobicy_maps_fields() {
    let s = server().await;
    serve_page(
        &s,
        JOBICY,
        "geo",
        "latam",
        fixture("jobicy/remote-jobs.json"),
    )
    .await;
    let r = run(adapter(&config("jobicy", &s, "geo = \"latam\"\ntag = \"data\"")).as_ref())
        .await
        .unwrap();
    assert!(r.requested[0].contains("count=50"), "{:?}", r.requested);
    assert!(r.requested[0].contains("tag=data"), "{:?}", r.requested);
    assert_eq!(r.postings.len(), 3);
    let p = &r.postings[0];
    assert_eq!(p.id, "jobicy:118201");
    assert_eq!(p.title, "Senior Analytics Engineer");
    assert_eq!(p.company.as_deref(), Some("Tidewater Metrics"));
    assert_eq!(p.candidate_required_location.as_deref(), Some("LATAM"));
    assert_eq!(p.category.as_deref(), Some("Data Science & Analytics"));
    assert_eq!(p.job_type.as_deref(), Some("full-time"));
    assert_eq!(p.salary_min, Some(70000.0));
    assert_eq!(p.salary_max, Some(95000.0));
    assert_eq!(p.salary_currency.as_deref(), Some("USD"));
    assert_eq!(p.salary_period.as_deref(), Some("year"));
    assert_eq!(p.posted_at.as_deref(), Some("2025-03-04"));
    assert!(p.tags.contains(&"Senior".to_string()));
    assert!(
        p.attribution
            .as_deref()
            .unwrap()
            .contains("https://jobicy.com/jobs/118201")
    );
    assert_eq!(r.postings[1].salary, None);
    assert_eq!(r.postings[2].salary.as_deref(), Some("EUR 60000 per year"));
    assert_eq!(
        r.postings[2].job_type.as_deref(),
        Some("full-time, part-time")
    );
}

#[tokio::test]
async fn jobicy_errors() {
    let mut v = fixture_json("jobicy/remote-jobs.json");
    v["jobs"][1].as_object_mut().unwrap().remove("jobTitle");
    let r = replay("jobicy", JOBICY, "", v.to_string(), JSON).await;
    assert_eq!((r.postings.len(), r.errors.len()), (2, 1));
    let r = replay(
        "jobicy",
        JOBICY,
        "",
        json!({"jobCount": 0, "jobs": []}).to_string(),
        JSON,
    )
    .await;
    assert!(r.postings.is_empty());
    assert_malformed("jobicy", JOBICY, "", "{\"jobs\": [", JSON).await;
    assert_malformed("jobicy", JOBICY, "", "{\"apiVersion\": \"2\"}", JSON).await;
    assert_challenge("jobicy", JOBICY, "").await;
}

// ---------------------------------------------------------------------------------------------
// Get on Board

const GETONBOARD: &str = "/api/v0/search/jobs";

#[tokio::test]
async fn getonboard_reads_json_api_and_pages_to_total_pages() {
    let s = server().await;
    serve_page(
        &s,
        GETONBOARD,
        "page",
        "1",
        fixture("getonboard/page1.json"),
    )
    .await;
    serve_page(
        &s,
        GETONBOARD,
        "page",
        "2",
        fixture("getonboard/page2.json"),
    )
    .await;
    let r = run(adapter(&config("getonboard", &s, "")).as_ref())
        .await
        .unwrap();
    assert_eq!(r.requested.len(), 2, "{:?}", r.requested);
    assert!(r.requested[0].contains("query=data&per_page=50&page=1"));
    assert_eq!(r.errors, vec![]);
    assert_eq!(r.postings.len(), 4);
    let p = &r.postings[0];
    assert_eq!(p.id, "getonboard:senior-data-engineer-quillwork-remote");
    assert_eq!(p.title, "Senior Data Engineer");
    assert_eq!(
        p.company.as_deref(),
        Some("Quillwork"),
        "expanded relationship"
    );
    assert_eq!(p.remote, Some(true));
    assert_eq!(p.workplace_type.as_deref(), Some("fully_remote"));
    assert_eq!(
        p.location_restrictions,
        vec!["Brazil".to_string(), "Chile".into(), "Colombia".into()]
    );
    assert_eq!(p.salary_min, Some(3500.0));
    assert_eq!(p.salary_currency.as_deref(), Some("USD"));
    assert_eq!(p.salary_period.as_deref(), Some("month"));
    assert_eq!(p.posted_at.as_deref(), Some("2025-03-04"));
    assert_eq!(
        p.url.as_deref(),
        Some(
            "https://www.getonbrd.com/jobs/data-science-analytics/senior-data-engineer-quillwork-remote"
        )
    );
    let included = &r.postings[1];
    assert_eq!(
        included.company.as_deref(),
        Some("Andes Ledger"),
        "named in included"
    );
    assert_eq!(included.city.as_deref(), Some("santiago"));
    assert_eq!(included.tags[..2], ["sql".to_string(), "python".into()]);
    assert_eq!(included.salary, None);
    assert_eq!(
        r.postings[2].company.as_deref(),
        Some("Copperfox"),
        "plain string"
    );
    assert_eq!(r.postings[2].city.as_deref(), Some("Ciudad de México"));
    assert_eq!(
        r.postings[3].company.as_deref(),
        Some("pampa-ai"),
        "bare id"
    );
}

#[tokio::test]
async fn getonboard_errors_and_loops() {
    // total_pages that never ends: the page number grows and the cap ends it.
    let s = server().await;
    let mut v = fixture_json("getonboard/page1.json");
    v["meta"]["total_pages"] = json!(1_000_000);
    serve(&s, GETONBOARD, v.to_string(), JSON).await;
    let r = run(adapter(&config("getonboard", &s, "max_pages = 2")).as_ref())
        .await
        .unwrap();
    assert_eq!(r.requested.len(), 2);
    let mut v = fixture_json("getonboard/page2.json");
    v["meta"]["total_pages"] = json!(1);
    v["data"][0]["attributes"]
        .as_object_mut()
        .unwrap()
        .remove("title");
    let r = replay("getonboard", GETONBOARD, "", v.to_string(), JSON).await;
    assert_eq!((r.postings.len(), r.errors.len()), (0, 1));
    let empty = json!({"data": [], "meta": {"page": 1, "total_pages": 0}}).to_string();
    let r = replay("getonboard", GETONBOARD, "", empty, JSON).await;
    assert!(r.postings.is_empty());
    let s = server().await;
    serve(
        &s,
        GETONBOARD,
        json!({"errors": [{"title": "Invalid page"}]}).to_string(),
        JSON,
    )
    .await;
    let err = run(adapter(&config("getonboard", &s, "")).as_ref())
        .await
        .unwrap_err();
    assert_eq!(err, SourceError::Reported("Invalid page".into()));
    assert_malformed("getonboard", GETONBOARD, "", "{\"data\": [{\"id\"", JSON).await;
    assert_challenge("getonboard", GETONBOARD, "").await;
}

// ---------------------------------------------------------------------------------------------
// GitHub issues

const ISSUES: &str = "/repos/backend-br/vagas/issues";

#[tokio::test]
async fn github_issues_follow_the_link_header_and_skip_pull_requests() {
    let s = server().await;
    let next = "<https://api.github.com/repositories/1/issues?state=open&per_page=100&page=2>; rel=\"next\", <https://api.github.com/repositories/1/issues?state=open&per_page=100&page=2>; rel=\"last\"".to_string();
    serve_page_with(
        &s,
        ISSUES,
        ("page", "1"),
        fixture("github_issues/page1.json"),
        &[("link", next)],
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/repositories/1/issues"))
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(fixture("github_issues/page2.json"), JSON)
                .insert_header(
                    "link",
                    "<https://api.github.com/repositories/1/issues?state=open&per_page=100&page=1>; rel=\"prev\"",
                ),
        )
        .mount(&s)
        .await;
    let r = run(adapter(&config("github_issues", &s, "")).as_ref())
        .await
        .unwrap();
    assert_eq!(r.requested.len(), 2, "{:?}", r.requested);
    assert!(r.requested[1].starts_with(&s.uri()));
    assert_eq!(r.postings.len(), 3, "the pull request is skipped");
    let p = &r.postings[0];
    assert_eq!(p.id, "github_issues:12001");
    assert_eq!(p.company.as_deref(), Some("Tinta Azul"));
    assert_eq!(p.title, "Desenvolvedor(a) Back-end Python Pleno");
    assert_eq!(p.remote, Some(true));
    assert_eq!(p.workplace_type.as_deref(), Some("remote"));
    assert_eq!(p.job_type.as_deref(), Some("CLT"));
    assert_eq!(p.tags, vec!["Remoto", "CLT", "Pleno", "Python"]);
    assert_eq!(
        p.url.as_deref(),
        Some("https://github.com/backend-br/vagas/issues/12001")
    );
    assert_eq!(p.posted_at.as_deref(), Some("2025-03-04T12:00:00Z"));
    assert!(p.description.as_deref().unwrap().contains("R$ 9.000"));
    let bracket = &r.postings[1];
    assert_eq!(bracket.company, None, "[Remoto] is not a company");
    assert_eq!(bracket.workplace_type.as_deref(), Some("remote"));
    assert_eq!(bracket.job_type.as_deref(), Some("PJ"));
    let place = &r.postings[2];
    assert_eq!(place.company, None, "[São Paulo/SP] is a place");
    assert_eq!(place.workplace_type.as_deref(), Some("on-site"));
    assert_eq!(place.remote, Some(false));
}

#[tokio::test]
async fn github_issues_headers_token_and_loops() {
    let cfg = vaga_sources::SourceConfig::of_kind("github_issues");
    let a = vaga_sources::adapters::github_issues::GithubIssues::with_token(
        &cfg,
        Some("secret-token".into()),
    )
    .unwrap();
    use vaga_sources::Adapter;
    let first = a.first().unwrap();
    assert_eq!(
        first.url.as_str(),
        "https://api.github.com/repos/backend-br/vagas/issues?state=open&per_page=100&page=1"
    );
    assert!(
        first
            .headers
            .contains(&("Authorization".into(), "Bearer secret-token".into()))
    );
    assert!(
        !format!("{a:?}").contains("secret-token"),
        "the token is not in Debug"
    );
    let plain = vaga_sources::build(&cfg).unwrap().first().unwrap();
    assert!(plain.headers.iter().all(|(k, _)| k != "Authorization"));
    // A link header pointing back to the same page ends the paging.
    let s = server().await;
    let same = "<https://api.github.com/repos/backend-br/vagas/issues?state=open&per_page=100&page=1>; rel=\"next\"".to_string();
    serve_page_with(
        &s,
        ISSUES,
        ("page", "1"),
        fixture("github_issues/page1.json"),
        &[("link", same)],
    )
    .await;
    let r = run(adapter(&config("github_issues", &s, "")).as_ref())
        .await
        .unwrap();
    assert_eq!(r.requested.len(), 1);
    let mut bad = vaga_sources::SourceConfig::of_kind("github_issues");
    bad.options
        .insert("repo".into(), toml::Value::String("../../x".into()));
    assert!(vaga_sources::build(&bad).is_err());
}

#[tokio::test]
async fn github_issues_errors() {
    let mut v = fixture_json("github_issues/page1.json");
    v[0]["title"] = json!("  ");
    let r = replay("github_issues", ISSUES, "", v.to_string(), JSON).await;
    assert_eq!((r.postings.len(), r.errors.len()), (1, 1));
    let r = replay("github_issues", ISSUES, "", "[]".into(), JSON).await;
    assert!(r.postings.is_empty());
    let s = server().await;
    let msg = json!({"message": "API rate limit exceeded", "documentation_url": "https://docs.github.com"});
    serve(&s, ISSUES, msg.to_string(), JSON).await;
    let err = run(adapter(&config("github_issues", &s, "")).as_ref())
        .await
        .unwrap_err();
    assert_eq!(err, SourceError::Reported("API rate limit exceeded".into()));
    assert_malformed("github_issues", ISSUES, "", "[{\"number\": 1", JSON).await;
    assert_malformed("github_issues", ISSUES, "", "{\"items\": []}", JSON).await;
    assert_challenge("github_issues", ISSUES, "").await;
}

// ---------------------------------------------------------------------------------------------
// Registry

#[test]
fn every_board_is_registered_enabled_and_polite() {
    let kinds = [
        "remoteok",
        "remotive",
        "arbeitnow",
        "weworkremotely",
        "gupy",
        "himalayas",
        "jobicy",
        "getonboard",
        "github_issues",
    ];
    for kind in kinds {
        let b = vaga_sources::registry::builtin(kind).unwrap_or_else(|| panic!("{kind}"));
        assert!(b.enabled_by_default, "{kind}");
        let a = vaga_sources::build(&vaga_sources::SourceConfig::of_kind(kind)).unwrap();
        assert_eq!(a.kind(), kind);
        assert_eq!(a.name(), kind);
        let p = a.policy();
        assert!(
            p.min_interval >= std::time::Duration::from_secs(1),
            "{kind}"
        );
        assert!((1..=50).contains(&p.max_pages), "{kind}");
        assert!(!p.allow_private, "{kind}");
        let first = a.first().unwrap();
        assert_eq!(first.url.scheme(), "https", "{kind}");
    }
}
