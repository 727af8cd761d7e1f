//! The generated postings: deterministic, and what the normaliser reads from them is what the
//! generator meant (language, level, pay, place), in sensible proportions.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::Value;
use vaga_demo::{DAYS, DUPLICATES, POSTINGS, SOURCES, Tools, generate};
use vaga_domain::posting::dedup::{DedupIndex, DedupOptions, DedupRecord, Fingerprint};

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 15, 30, 0).unwrap()
}

#[test]
fn deterministic_for_a_seed_and_day() {
    let a = generate(7, now());
    let b = generate(7, now() + Duration::hours(3));
    assert_eq!(a, b, "same seed and day, same postings");
    let c = generate(8, now());
    assert_ne!(a, c, "another seed, other postings");
    assert_eq!(a.len(), POSTINGS);
}

#[test]
fn fields_are_filled_and_plausible() {
    let postings = generate(vaga_demo::DEMO_SEED, now());
    let mut ids: Vec<&str> = postings.iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), postings.len(), "ids are unique");
    let start = now() - Duration::days(DAYS + 1);
    for p in &postings {
        assert!(!p.title.trim().is_empty(), "{}", p.id);
        assert!(
            p.company.as_deref().is_some_and(|c| !c.trim().is_empty()),
            "{}",
            p.id
        );
        assert!(SOURCES.contains(&p.source.as_str()), "{}", p.source);
        assert!(
            p.url
                .as_deref()
                .unwrap()
                .starts_with("https://demo.vaga.example/")
        );
        assert!(p.description.as_deref().is_some_and(|d| d.len() > 200));
        let at = DateTime::parse_from_rfc3339(p.posted_at.as_deref().unwrap()).unwrap();
        assert!(at > start && at <= now(), "{at}");
        assert_eq!(p.raw["demo"], true);
    }
    for s in SOURCES {
        assert!(
            postings.iter().any(|p| p.source == *s),
            "no posting from {s}"
        );
    }
}

/// Share of `n` in `total`, as a fraction.
fn share(n: usize, total: usize) -> f64 {
    n as f64 / total as f64
}

fn count_by(records: &[Value], f: impl Fn(&Value) -> String) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for r in records {
        *out.entry(f(r)).or_insert(0) += 1;
    }
    out
}

fn print(name: &str, counts: &BTreeMap<String, usize>, total: usize) {
    let parts: Vec<String> = counts
        .iter()
        .map(|(k, v)| format!("{k} {:.1}%", 100.0 * share(*v, total)))
        .collect();
    eprintln!("{name}: {}", parts.join(", "));
}

fn has_skill(r: &Value, names: &[&str]) -> bool {
    r["skills"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| names.contains(&s.as_str().unwrap()))
}

#[test]
fn normalised_distributions_are_sensible() {
    let postings = generate(vaga_demo::DEMO_SEED, now());
    let tools = Tools::builtin().unwrap();
    let records = tools.records(&postings);
    let n = records.len();
    assert_eq!(n, POSTINGS);

    // Language: what the detector reads is what was written.
    let languages = count_by(&records, |r| {
        r["language"].as_str().unwrap_or("none").to_string()
    });
    print("language", &languages, n);
    let agree = postings
        .iter()
        .zip(&records)
        .filter(|(p, r)| p.raw["lang"] == r["language"])
        .count();
    eprintln!("language as generated: {:.1}%", 100.0 * share(agree, n));
    assert!(share(agree, n) > 0.97, "language agreement {agree}/{n}");
    let pt = share(languages.get("pt").copied().unwrap_or(0), n);
    let en = share(languages.get("en").copied().unwrap_or(0), n);
    let es = share(languages.get("es").copied().unwrap_or(0), n);
    assert!((0.40..0.70).contains(&pt), "pt {pt}");
    assert!((0.15..0.45).contains(&en), "en {en}");
    assert!((0.10..0.35).contains(&es), "es {es}");

    // Places.
    let workplace = count_by(&records, |r| {
        r["location_parsed"]["workplace"]
            .as_str()
            .unwrap_or("none")
            .to_string()
    });
    print("workplace", &workplace, n);
    let remote = share(workplace.get("remote").copied().unwrap_or(0), n);
    assert!((0.35..0.70).contains(&remote), "remote {remote}");
    assert!(share(workplace.get("none").copied().unwrap_or(0), n) < 0.05);
    let countries = count_by(&records, |r| {
        let c = r["location_parsed"]["countries"].as_array().unwrap();
        match c.as_slice() {
            [] => "none".to_string(),
            [one] => one.as_str().unwrap().to_string(),
            _ => "several".to_string(),
        }
    });
    print("countries", &countries, n);
    let br = share(countries.get("BR").copied().unwrap_or(0), n);
    assert!((0.45..0.80).contains(&br), "BR {br}");
    for cc in ["AR", "MX", "CO", "US", "PT"] {
        assert!(countries.get(cc).copied().unwrap_or(0) > 10, "{cc} missing");
    }
    let place_agree = postings
        .iter()
        .zip(&records)
        .filter(|(p, _)| !p.raw["country"].as_str().unwrap().is_empty())
        .filter(|(p, r)| {
            r["location_parsed"]["countries"]
                .as_array()
                .unwrap()
                .contains(&p.raw["country"])
        })
        .count();
    let with_country = postings
        .iter()
        .filter(|p| !p.raw["country"].as_str().unwrap().is_empty())
        .count();
    eprintln!(
        "country as generated: {:.1}%",
        100.0 * share(place_agree, with_country)
    );
    assert!(share(place_agree, with_country) > 0.95);

    // Pay: every pay written is read, and converted when the rate table knows the currency.
    let stated: Vec<(&vaga_sources::SourcePosting, &Value)> = postings
        .iter()
        .zip(&records)
        .filter(|(p, _)| p.raw["salary"].is_string())
        .collect();
    let with_pay = share(stated.len(), n);
    eprintln!("postings with pay: {:.1}%", 100.0 * with_pay);
    assert!((0.30..0.60).contains(&with_pay), "pay {with_pay}");
    let mut unread = Vec::new();
    let mut unconverted = Vec::new();
    for (p, r) in &stated {
        let parsed = &r["salary_parsed"];
        if parsed["min"].is_null() && parsed["max"].is_null() {
            unread.push(p.raw["salary"].as_str().unwrap().to_string());
            continue;
        }
        if parsed["currency"] != p.raw["salary_currency"] {
            unread.push(format!(
                "{} read as {}",
                p.raw["salary"], parsed["currency"]
            ));
        }
        let convertible = !matches!(
            p.raw["salary_currency"].as_str(),
            Some("ARS" | "COP" | "CLP")
        );
        if convertible && parsed["normalized"].is_null() {
            unconverted.push(p.raw["salary"].as_str().unwrap().to_string());
        }
    }
    // And no pay is read where none was written.
    let invented: Vec<&str> = postings
        .iter()
        .zip(&records)
        .filter(|(p, r)| {
            p.raw["salary"].is_null()
                && !(r["salary_parsed"]["min"].is_null() && r["salary_parsed"]["max"].is_null())
        })
        .map(|(p, _)| p.id.as_str())
        .collect();
    assert!(
        invented.is_empty(),
        "pay read where none was written: {invented:?}"
    );
    unread.sort();
    unread.dedup();
    assert!(unread.is_empty(), "pay not read as written: {unread:#?}");
    assert!(
        unconverted.is_empty(),
        "pay not converted: {unconverted:#?}"
    );
    let currencies = count_by(
        &stated.iter().map(|(_, r)| (*r).clone()).collect::<Vec<_>>(),
        |r| {
            r["salary_parsed"]["currency"]
                .as_str()
                .unwrap_or("?")
                .to_string()
        },
    );
    print(
        "pay currency (of postings with pay)",
        &currencies,
        stated.len(),
    );

    // Level.
    let levels = count_by(&records, |r| {
        r["seniority"].as_str().unwrap_or("none").to_string()
    });
    print("seniority", &levels, n);
    let level_agree = postings
        .iter()
        .zip(&records)
        .filter(|(p, r)| p.raw["level"] == r["seniority"])
        .count();
    eprintln!(
        "seniority as generated: {:.1}%",
        100.0 * share(level_agree, n)
    );
    assert!(
        share(level_agree, n) > 0.9,
        "level agreement {level_agree}/{n}"
    );
    for l in ["junior", "mid", "senior", "lead"] {
        assert!(share(levels.get(l).copied().unwrap_or(0), n) > 0.05, "{l}");
    }

    // Skills: data postings ask for several, and some are nice-to-haves.
    let data: Vec<&Value> = postings
        .iter()
        .zip(&records)
        .filter(|(p, _)| p.raw["data_role"] == true)
        .map(|(_, r)| r)
        .collect();
    let data_share = share(data.len(), n);
    eprintln!("data/ML roles: {:.1}%", 100.0 * data_share);
    assert!((0.70..0.92).contains(&data_share));
    let few = data
        .iter()
        .filter(|r| r["skills"].as_array().unwrap().len() < 4)
        .count();
    assert!(
        share(few, data.len()) < 0.02,
        "{few} data postings with under 4 skills"
    );
    let optional = records
        .iter()
        .filter(|r| r["skills_optional"].is_array())
        .count();
    assert!(share(optional, n) > 0.7, "nice-to-haves read in {optional}");
    let contracts = count_by(&records, |r| {
        r["contract"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("+")
    });
    print("contract", &contracts, n);
    let sources = count_by(&records, |r| r["source"].as_str().unwrap().to_string());
    print("source", &sources, n);
}

#[test]
fn the_market_moves() {
    let postings = generate(vaga_demo::DEMO_SEED, now());
    let tools = Tools::builtin().unwrap();
    let records = tools.records(&postings);
    let llm = [
        "Large Language Models",
        "Retrieval-Augmented Generation",
        "RAG",
        "Vector Databases",
        "LangChain",
        "pgvector",
        "Prompt Engineering",
    ];
    let hadoop = [
        "Apache Hadoop",
        "Hadoop",
        "Apache Hive",
        "Hive",
        "MapReduce",
        "Apache Pig",
    ];
    let mut first = (0, 0, 0);
    let mut last = (0, 0, 0);
    let split = |days: i64| now() - Duration::days(days);
    for r in &records {
        let at = DateTime::parse_from_rfc3339(r["posted_at"].as_str().unwrap()).unwrap();
        let bucket = if at < split(DAYS - 45) {
            &mut first
        } else if at >= split(45) {
            &mut last
        } else {
            continue;
        };
        bucket.0 += 1;
        bucket.1 += usize::from(has_skill(r, &llm));
        bucket.2 += usize::from(has_skill(r, &hadoop));
    }
    let (llm_first, llm_last) = (share(first.1, first.0), share(last.1, last.0));
    let (h_first, h_last) = (share(first.2, first.0), share(last.2, last.0));
    eprintln!(
        "first 45 days: {} postings, LLM-family {:.1}%, Hadoop-family {:.1}%; last 45 days: {} postings, LLM-family {:.1}%, Hadoop-family {:.1}%",
        first.0,
        100.0 * llm_first,
        100.0 * h_first,
        last.0,
        100.0 * llm_last,
        100.0 * h_last
    );
    assert!(last.0 > first.0, "the market grows");
    assert!(llm_last > 2.0 * llm_first, "LLM skills rise");
    assert!(h_first > 2.0 * h_last && h_first > 0.03, "Hadoop falls");
}

#[test]
fn cross_posted_jobs_are_found_by_dedup() {
    let postings = generate(vaga_demo::DEMO_SEED, now());
    let mut index = DedupIndex::new(DedupOptions::default());
    let mut position = BTreeMap::new();
    for (i, p) in postings.iter().enumerate() {
        position.insert(p.id.clone(), i);
        index.insert(Fingerprint::new(&DedupRecord {
            title: &p.title,
            company: p.company.as_deref(),
            location: p.location.as_deref(),
            description: p.description.as_deref(),
            url: p.url.as_deref(),
            source: Some(&p.source),
            external_id: Some(&p.external_id),
            posted_at: p.posted_at.as_deref(),
        }));
    }
    let mut planted = 0;
    let mut found = 0;
    for (i, p) in postings.iter().enumerate() {
        if let Some(original) = p.raw["duplicate_of"].as_str() {
            planted += 1;
            let j = position[original];
            if index.group_of(i) == index.group_of(j) {
                found += 1;
            }
        }
    }
    let groups: std::collections::BTreeSet<usize> = (0..postings.len())
        .filter_map(|i| index.group_of(i))
        .collect();
    let merged = postings.len() - groups.len();
    eprintln!("duplicates: {planted} planted, {found} found, {merged} postings merged in all");
    assert_eq!(planted, DUPLICATES);
    assert!(found as f64 >= 0.9 * planted as f64, "{found}/{planted}");
    assert!(
        merged <= planted + planted / 5,
        "{merged} merged for {planted} planted"
    );
}
