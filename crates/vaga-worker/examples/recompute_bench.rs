//! Measures `recompute_matches` over many postings: fills a fresh database with N synthetic
//! postings (normalised as a sync stores them), one profile, then times the first recompute
//! (reads the postings and builds the match index) and a second one (cached index).
//!
//! `cargo run --release -p vaga-worker --example recompute_bench -- sqlite:/tmp/bench.db 100000`

use std::time::Instant;

use chrono::Utc;
use serde_json::json;
use vaga_domain::posting::currency::Currency;
use vaga_domain::posting::normalize::Normalizer;
use vaga_domain::posting::salary::SalaryParser;
use vaga_domain::skills::{Scratch, SkillEngine};
use vaga_sources::SourcePosting;
use vaga_storage::{NewPosting, NewUser, Role, Store};
use vaga_worker::{Worker, WorkerConfig, records, tasks};

const SKILLS: &[&str] = &[
    "Rust",
    "Python",
    "Java",
    "Go",
    "PostgreSQL",
    "Docker",
    "Kubernetes",
    "AWS",
    "React",
    "TypeScript",
    "Kafka",
    "Terraform",
    "Spark",
    "Django",
    "Spring Boot",
    "Redis",
    "GraphQL",
    "Node.js",
    "C++",
    "Scala",
    "Airflow",
    "dbt",
    "Snowflake",
    "Linux",
    "GCP",
    "Azure",
];
const PLACES: &[&str] = &[
    "Remote, worldwide.",
    "Remote (LATAM only).",
    "On-site in São Paulo, Brazil.",
    "Hybrid, Berlin, Germany.",
    "Remote, US only.",
];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .unwrap_or_else(|| "sqlite:/tmp/vaga-bench.db".into());
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let store = Store::open(&url).await?;
    let repo = store.repo();
    let now = Utc::now();

    let started = Instant::now();
    let engine = SkillEngine::builtin()?;
    let parser = SalaryParser::builtin();
    let usd = Currency::from_code("USD").ok_or_else(|| anyhow::anyhow!("no USD"))?;
    let normalizer = Normalizer::new(&engine, &parser, usd);
    let mut scratch = Scratch::default();
    let mut rng = fastrand::Rng::with_seed(7);
    for i in 0..n {
        let k = 2 + rng.usize(..5);
        let picked: Vec<&str> = (0..k).map(|_| SKILLS[rng.usize(..SKILLS.len())]).collect();
        let level = ["Junior", "", "Senior", "Staff"][rng.usize(..4)];
        let title = format!("{level} {} Engineer", picked[0]);
        let mut p = SourcePosting::new("bench", i.to_string(), title.trim());
        p.company = Some(format!("Company {}", rng.usize(..5000)));
        p.description = Some(format!(
            "We are looking for an engineer with {} and {} years of experience. {} Salary USD {} - {} per year.",
            picked.join(", "),
            1 + rng.usize(..8),
            PLACES[rng.usize(..PLACES.len())],
            60_000 + rng.usize(..60) * 1000,
            130_000 + rng.usize(..60) * 1000,
        ));
        p.posted_at = Some(format!(
            "2026-{:02}-{:02}",
            1 + rng.usize(..10),
            1 + rng.usize(..28)
        ));
        let record = records::normalise(&normalizer, &mut scratch, &p);
        repo.upsert_posting(&NewPosting {
            source: "bench".into(),
            external_id: i.to_string(),
            record,
            raw: json!({}),
            title: p.title.clone(),
            company: p.company.clone().unwrap_or_default(),
            url: None,
            posted_at: None,
            seen_at: now,
        })
        .await?;
        if (i + 1) % 20_000 == 0 {
            eprintln!("{} postings stored ({:.1?})", i + 1, started.elapsed());
        }
    }
    eprintln!("{n} postings stored in {:.1?}", started.elapsed());

    let user = repo
        .create_user(
            &NewUser {
                email: format!("bench-{}@example.com", uuid::Uuid::now_v7()),
                password_hash: "x".into(),
                name: "Bench".into(),
                role: Role::User,
            },
            now,
        )
        .await?
        .id;
    let resume = json!({
        "basics": { "location": { "countryCode": "BR", "city": "São Paulo" } },
        "skills": [{ "name": "Backend", "keywords": ["Rust", "PostgreSQL", "Docker", "Kafka", "AWS"] }],
        "meta": { "vaga": { "years_experience": 6 } }
    });
    repo.put_profile(
        user,
        &resume,
        &json!({ "salary_min": 8000, "currency": "USD" }),
        now,
    )
    .await?;

    let worker = Worker::new(&store, WorkerConfig::default())?;
    for label in [
        "first (reads postings, builds the index)",
        "second (cached index)",
    ] {
        store
            .queue()
            .enqueue(&tasks::recompute_matches(Some(user)), Utc::now())
            .await?;
        let t = Instant::now();
        let ran = worker.run_once(Utc::now()).await?;
        let status = ran.map(|r| (r.status, r.error));
        eprintln!("recompute_matches {label}: {:.2?} {status:?}", t.elapsed());
    }
    let top = repo.top_matches(user, 1000).await?;
    eprintln!(
        "{} matches stored; best {:?}",
        top.len(),
        top.first().map(|m| m.score)
    );
    store.close().await;
    Ok(())
}
