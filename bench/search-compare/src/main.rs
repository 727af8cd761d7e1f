//! Posting search, measured: vaga-storage's stemmed `search_text` (FTS5 on SQLite, a `simple`
//! tsvector on PostgreSQL) against a tantivy index with per-language analysers, on the same
//! normalised postings. Prints recall/precision on a labelled query set, build times, sizes and
//! p50/p99 latencies. See `docs/search.md` for how to run it and what it found.
//!
//! Usage: `search-compare --input FILE.jsonl [--n 100000] [--work DIR] [--pg URL] [--reps 30]
//! [--skip-tantivy] [--skip-sqlite]`

use std::collections::HashSet;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{Index, IndexWriter, Order, TantivyDocument, Term};
use vaga_storage::search::{SearchQuery, derive};
use vaga_storage::{NewPosting, PostingCursor, PostingQuery, Repo, Seniority, Store};

/// A query of the latency set.
struct Bench {
    name: &'static str,
    q: Option<&'static str>,
    remote: Option<bool>,
    eligible_for: Option<&'static str>,
    min_salary: Option<f64>,
    seniority: Option<Seniority>,
    /// Pages to walk with the cursor before timing (deep paging).
    skip_pages: usize,
}

const fn b(name: &'static str, q: Option<&'static str>) -> Bench {
    Bench {
        name,
        q,
        remote: None,
        eligible_for: None,
        min_salary: None,
        seniority: None,
        skip_pages: 0,
    }
}

fn bench_set() -> Vec<Bench> {
    vec![
        b("list (no filter)", None),
        b("python", Some("python")),
        b("dados", Some("dados")),
        b("analise", Some("analise")),
        b("engenheiro", Some("engenheiro")),
        b("desarrollador", Some("desarrollador")),
        b("kubernetes", Some("kubernetes")),
        b("react", Some("react")),
        b("rare: haskell", Some("haskell")),
        b("engineer (very common)", Some("engineer")),
        b("data engineer", Some("data engineer")),
        b("engenheiro de dados", Some("engenheiro de dados")),
        b("machine learning", Some("machine learning")),
        b("java spring", Some("java spring")),
        Bench {
            remote: Some(true),
            ..b("python + remote", Some("python"))
        },
        Bench {
            eligible_for: Some("BR"),
            ..b("dados + eligible BR", Some("dados"))
        },
        Bench {
            remote: Some(true),
            eligible_for: Some("BR"),
            min_salary: Some(3000.0),
            ..b("remote + BR + salary>=3000 (no text)", None)
        },
        Bench {
            seniority: Some(Seniority::Senior),
            ..b("backend + senior", Some("backend"))
        },
        Bench {
            seniority: Some(Seniority::Senior),
            remote: Some(true),
            eligible_for: Some("MX"),
            ..b("senior + remote + MX (no text)", None)
        },
        Bench {
            skip_pages: 20,
            ..b("python, page 21", Some("python"))
        },
    ]
}

/// Labelled queries: a posting is relevant when its folded title or description contains one
/// of the words listed (the inflections a person searching for the query wants).
fn labelled() -> Vec<(&'static str, &'static [&'static str])> {
    vec![
        ("analise", &["analise", "analises"]),
        ("análise", &["analise", "analises"]),
        ("dado", &["dado", "dados"]),
        ("dados", &["dado", "dados"]),
        ("dato", &["dato", "datos"]),
        ("datos", &["dato", "datos"]),
        ("analisis", &["analisis"]),
        (
            "engenheiro",
            &["engenheiro", "engenheira", "engenheiros", "engenheiras"],
        ),
        (
            "engenheira",
            &["engenheiro", "engenheira", "engenheiros", "engenheiras"],
        ),
        (
            "desenvolvedor",
            &[
                "desenvolvedor",
                "desenvolvedora",
                "desenvolvedores",
                "desenvolvedoras",
            ],
        ),
        (
            "desarrollador",
            &[
                "desarrollador",
                "desarrolladora",
                "desarrolladores",
                "desarrolladoras",
            ],
        ),
        (
            "ingeniero",
            &["ingeniero", "ingeniera", "ingenieros", "ingenieras"],
        ),
        ("engineer", &["engineer", "engineers"]),
        ("developers", &["developer", "developers"]),
        ("experiencia", &["experiencia", "experiencias"]),
        ("requisitos", &["requisito", "requisitos"]),
    ]
}

fn fold(s: &str) -> String {
    vaga_storage::search::fold(s)
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && !('\u{300}'..='\u{36f}').contains(&c))
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect()
}

struct Doc {
    id: u64,
    record: Value,
    title: String,
    company: String,
    posted_at: Option<DateTime<Utc>>,
}

fn load(path: &Path, n: usize) -> Result<Vec<Doc>> {
    let file = std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?;
    let mut out = Vec::with_capacity(n);
    for line in std::io::BufReader::new(file).lines() {
        if out.len() == n {
            break;
        }
        let record: Value = serde_json::from_str(&line?)?;
        let id = record["id"].as_u64().unwrap_or(out.len() as u64);
        let s = |k: &str| record[k].as_str().unwrap_or("").to_owned();
        let posted_at = record["posted_at"]
            .as_str()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .map(|t| t.and_utc());
        out.push(Doc {
            id,
            title: s("title"),
            company: s("company"),
            posted_at,
            record,
        });
    }
    Ok(out)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn dir_size(p: &Path) -> u64 {
    let Ok(rd) = std::fs::read_dir(p) else {
        return std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    };
    rd.flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                dir_size(&p)
            } else {
                e.metadata().map(|m| m.len()).unwrap_or(0)
            }
        })
        .sum()
}

fn query_of(b: &Bench) -> PostingQuery {
    PostingQuery {
        q: b.q.map(str::to_owned),
        remote: b.remote,
        eligible_for: b.eligible_for.map(str::to_owned),
        min_salary: b.min_salary,
        seniority: b.seniority.into_iter().collect(),
        limit: 50,
        ..Default::default()
    }
}

async fn fill_store(store: &Store, docs: &[Doc], label: &str) -> Result<f64> {
    let repo = store.repo();
    let seen = Utc::now();
    let start = Instant::now();
    // Four writers: PostgreSQL takes them in parallel, SQLite serialises them.
    let chunks: Vec<&[Doc]> = docs.chunks(docs.len().div_ceil(4).max(1)).collect();
    let mut tasks = Vec::new();
    for chunk in chunks {
        let repo = repo.clone();
        let chunk: Vec<NewPosting> = chunk
            .iter()
            .map(|d| NewPosting {
                source: "bench".into(),
                external_id: d.id.to_string(),
                record: d.record.clone(),
                raw: Value::Object(Default::default()),
                title: d.title.clone(),
                company: d.company.clone(),
                url: None,
                posted_at: d.posted_at,
                seen_at: seen,
            })
            .collect();
        tasks.push(tokio::spawn(async move {
            for p in &chunk {
                repo.upsert_posting(p).await?;
            }
            Ok::<_, vaga_storage::StoreError>(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{label}: loaded {} postings in {secs:.1} s", docs.len());
    Ok(secs)
}

async fn time_store(repo: &dyn Repo, set: &[Bench], reps: usize, label: &str) -> Result<Vec<f64>> {
    let mut all = Vec::new();
    println!("\n{label}: latency per query (ms), {reps} runs after 2 warm-ups, limit 50");
    println!("{:<40} {:>6} {:>8} {:>8}", "query", "rows", "p50", "p99");
    for b in set {
        let mut q = query_of(b);
        for _ in 0..b.skip_pages {
            let page = repo.search_postings(&q).await?;
            q.cursor = page
                .next_cursor
                .as_deref()
                .map(PostingCursor::decode)
                .transpose()?;
        }
        let mut times = Vec::with_capacity(reps);
        let mut rows = 0;
        for i in 0..reps + 2 {
            let t = Instant::now();
            let page = repo.search_postings(&q).await?;
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            rows = page.items.len();
            if i >= 2 {
                times.push(ms);
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{:<40} {:>6} {:>8.2} {:>8.2}",
            b.name,
            rows,
            percentile(&times, 0.5),
            percentile(&times, 0.99)
        );
        all.extend(times);
    }
    all.sort_by(f64::total_cmp);
    println!(
        "{label}: all queries: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        all.last().copied().unwrap_or(f64::NAN)
    );
    Ok(all)
}

struct Tv {
    index: Index,
    fields: Vec<Field>,
    posted: Field,
    remote: Field,
    seniority: Field,
    elig: Field,
}

fn analyzer(lang: Option<Language>) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser);
    match lang {
        Some(l) => base
            .filter(Stemmer::new(l))
            .filter(AsciiFoldingFilter)
            .build(),
        None => base.filter(AsciiFoldingFilter).build(),
    }
}

fn build_tantivy(dir: &Path, docs: &[Doc]) -> Result<(Tv, f64)> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    let mut sb = Schema::builder();
    let text = |tok: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tok)
                .set_index_option(IndexRecordOption::Basic),
        )
    };
    let fields = vec![
        sb.add_text_field("text_pt", text("vaga_pt")),
        sb.add_text_field("text_es", text("vaga_es")),
        sb.add_text_field("text_en", text("vaga_en")),
        sb.add_text_field("text_other", text("vaga_other")),
    ];
    let id = sb.add_u64_field("id", FAST);
    let posted = sb.add_i64_field("posted", FAST);
    let remote = sb.add_u64_field("remote", INDEXED);
    let seniority = sb.add_text_field("seniority", STRING);
    let elig = sb.add_text_field("elig", STRING);
    let index = Index::create_in_dir(dir, sb.build())?;
    let t = index.tokenizers();
    t.register("vaga_pt", analyzer(Some(Language::Portuguese)));
    t.register("vaga_es", analyzer(Some(Language::Spanish)));
    t.register("vaga_en", analyzer(Some(Language::English)));
    t.register("vaga_other", analyzer(None));
    let start = Instant::now();
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 200_000_000)?;
    for d in docs {
        // The same filter values the database derives.
        let der = derive(&d.record, &d.title, &d.company);
        let r = &d.record;
        let mut body = format!("{}\n{}\n", d.title, d.company);
        if let Some(skills) = r["skills"].as_array() {
            for s in skills.iter().filter_map(Value::as_str) {
                body.push_str(s);
                body.push('\n');
            }
        }
        body.push_str(r["description"].as_str().unwrap_or(""));
        let field = match der.language {
            Some("pt") => fields[0],
            Some("es") => fields[1],
            Some("en") => fields[2],
            _ => fields[3],
        };
        let mut doc = TantivyDocument::default();
        doc.add_text(field, &body);
        doc.add_u64(id, d.id);
        doc.add_i64(posted, d.posted_at.map_or(i64::MIN, |t| t.timestamp()));
        doc.add_u64(remote, u64::from(der.remote));
        if let Some(s) = der.seniority {
            doc.add_text(seniority, s);
        }
        if der.eligible_anywhere {
            doc.add_text(elig, "*");
        }
        for c in der.eligible_countries.split(',').filter(|c| !c.is_empty()) {
            doc.add_text(elig, c);
        }
        writer.add_document(doc)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let secs = start.elapsed().as_secs_f64();
    Ok((
        Tv {
            index,
            fields,
            posted,
            remote,
            seniority,
            elig,
        },
        secs,
    ))
}

const STOP: &[&str] = &[
    "a", "an", "and", "as", "com", "con", "da", "das", "de", "del", "do", "dos", "e", "el", "em",
    "en", "for", "in", "la", "las", "los", "na", "no", "o", "of", "or", "os", "para", "por", "the",
    "to", "um", "uma", "un", "una", "y",
];

fn tantivy_query(tv: &Tv, b: &Bench) -> Result<Box<dyn Query>> {
    let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let Some(q) = b.q {
        for word in q
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if STOP.contains(&fold(word).as_str()) {
                continue;
            }
            let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for &f in &tv.fields {
                let mut an = tv.index.tokenizer_for_field(f)?;
                let mut ts = an.token_stream(word);
                while let Some(tok) = ts.next() {
                    should.push((
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_field_text(f, &tok.text),
                            IndexRecordOption::Basic,
                        )),
                    ));
                }
            }
            must.push((Occur::Must, Box::new(BooleanQuery::new(should))));
        }
    }
    if let Some(r) = b.remote {
        must.push((
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_u64(tv.remote, u64::from(r)),
                IndexRecordOption::Basic,
            )),
        ));
    }
    if let Some(s) = b.seniority {
        must.push((
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(tv.seniority, vaga_storage::search::seniority_name(s)),
                IndexRecordOption::Basic,
            )),
        ));
    }
    if let Some(c) = b.eligible_for {
        let either: Vec<(Occur, Box<dyn Query>)> = [c, "*"]
            .iter()
            .map(|v| {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(tv.elig, v),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>,
                )
            })
            .collect();
        must.push((Occur::Must, Box::new(BooleanQuery::new(either))));
    }
    if must.is_empty() {
        return Ok(Box::new(tantivy::query::AllQuery));
    }
    Ok(Box::new(BooleanQuery::new(must)))
}

fn tantivy_ids(tv: &Tv, q: &'static str) -> Result<HashSet<u64>> {
    let searcher = tv.index.reader()?.searcher();
    let query = tantivy_query(tv, &b("", Some(q)))?;
    let found = searcher.search(&query, &DocSetCollector)?;
    let mut out = HashSet::new();
    for addr in found {
        let ff = searcher
            .segment_reader(addr.segment_ord)
            .fast_fields()
            .u64("id")?;
        if let Some(v) = ff.first(addr.doc_id) {
            out.insert(v);
        }
    }
    Ok(out)
}

fn time_tantivy(tv: &Tv, set: &[Bench], reps: usize) -> Result<Vec<f64>> {
    let reader = tv.index.reader()?;
    let searcher = reader.searcher();
    let mut all = Vec::new();
    println!(
        "\ntantivy: latency per query (ms), {reps} runs after 2 warm-ups, top 50 by date (ids only)"
    );
    println!("{:<40} {:>6} {:>8} {:>8}", "query", "rows", "p50", "p99");
    for b in set {
        if b.min_salary.is_some() || b.skip_pages > 0 {
            continue; // not modelled in the tantivy index
        }
        let mut times = Vec::new();
        let mut rows = 0;
        for i in 0..reps + 2 {
            let t = Instant::now();
            let query = tantivy_query(tv, b)?;
            let top = searcher.search(
                &query,
                &TopDocs::with_limit(50).order_by_fast_field::<i64>("posted", Order::Desc),
            )?;
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            rows = top.len();
            if i >= 2 {
                times.push(ms);
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{:<40} {:>6} {:>8.2} {:>8.2}",
            b.name,
            rows,
            percentile(&times, 0.5),
            percentile(&times, 0.99)
        );
        all.extend(times);
    }
    all.sort_by(f64::total_cmp);
    println!(
        "tantivy: all queries: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        all.last().copied().unwrap_or(f64::NAN)
    );
    let _ = tv.posted;
    Ok(all)
}

fn recall(docs: &[Doc], tv: &Tv) -> Result<()> {
    // Stemmed search_text as the database stores it: FTS5 and the simple tsvector split it on
    // spaces, so a posting matches when every query word has a form among its words.
    let start = Instant::now();
    let token_sets: Vec<HashSet<String>> = docs
        .iter()
        .map(|d| {
            derive(&d.record, &d.title, &d.company)
                .search_text
                .split(' ')
                .map(str::to_owned)
                .collect()
        })
        .collect();
    println!(
        "\nderive (stemming + filters) of {} postings: {:.1} s",
        docs.len(),
        start.elapsed().as_secs_f64()
    );
    let surface: Vec<HashSet<String>> = docs
        .iter()
        .map(|d| {
            let text = format!(
                "{} {}",
                d.title,
                d.record["description"].as_str().unwrap_or("")
            );
            words(&text).into_iter().collect()
        })
        .collect();
    println!(
        "\nrecall / precision on labelled queries (relevant = folded title+description has one of the listed words)"
    );
    println!(
        "{:<16} {:>8} {:>10} {:>10} {:>10} {:>10}",
        "query", "relevant", "db recall", "db prec", "tv recall", "tv prec"
    );
    let (mut sums, mut n) = ([0.0f64; 4], 0.0);
    for (q, forms) in labelled() {
        let relevant: HashSet<u64> = docs
            .iter()
            .zip(&surface)
            .filter(|(_, s)| forms.iter().any(|f| s.contains(*f)))
            .map(|(d, _)| d.id)
            .collect();
        let parsed = SearchQuery::parse(q);
        let db: HashSet<u64> = docs
            .iter()
            .zip(&token_sets)
            .filter(|(_, t)| {
                parsed
                    .terms
                    .iter()
                    .all(|alts| alts.iter().any(|a| t.contains(a)))
            })
            .map(|(d, _)| d.id)
            .collect();
        let tvs = tantivy_ids(tv, q)?;
        let rp = |found: &HashSet<u64>| {
            let hit = found.intersection(&relevant).count() as f64;
            let r = if relevant.is_empty() {
                f64::NAN
            } else {
                hit / relevant.len() as f64
            };
            let p = if found.is_empty() {
                f64::NAN
            } else {
                hit / found.len() as f64
            };
            (r, p)
        };
        let (dr, dp) = rp(&db);
        let (tr, tp) = rp(&tvs);
        println!(
            "{:<16} {:>8} {:>10.3} {:>10.3} {:>10.3} {:>10.3}   (db {} found, tantivy {})",
            q,
            relevant.len(),
            dr,
            dp,
            tr,
            tp,
            db.len(),
            tvs.len()
        );
        if !relevant.is_empty() {
            for (s, v) in sums.iter_mut().zip([dr, dp, tr, tp]) {
                if v.is_finite() {
                    *s += v;
                }
            }
            n += 1.0;
        }
    }
    println!(
        "{:<16} {:>8} {:>10.3} {:>10.3} {:>10.3} {:>10.3}",
        "mean",
        "",
        sums[0] / n,
        sums[1] / n,
        sums[2] / n,
        sums[3] / n
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let mut input = None;
    let mut n = 100_000usize;
    let mut work = std::env::temp_dir().join("vaga-search-compare");
    let mut pg = None;
    let mut reps = 30usize;
    let mut skip_tantivy = false;
    let mut skip_sqlite = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--input" => input = args.next().map(PathBuf::from),
            "--n" => n = args.next().context("--n")?.parse()?,
            "--work" => work = args.next().context("--work")?.into(),
            "--pg" => pg = args.next(),
            "--reps" => reps = args.next().context("--reps")?.parse()?,
            "--skip-tantivy" => skip_tantivy = true,
            "--skip-sqlite" => skip_sqlite = true,
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let input = input.context("--input FILE.jsonl (normalised postings) is required")?;
    std::fs::create_dir_all(&work)?;
    let docs = load(&input, n)?;
    println!("{} postings from {}", docs.len(), input.display());
    let set = bench_set();

    // tantivy
    if !skip_tantivy {
        let (tv, tv_secs) = build_tantivy(&work.join("tantivy"), &docs)?;
        println!(
            "tantivy: index built in {tv_secs:.1} s (1 writer thread), {:.1} MB",
            dir_size(&work.join("tantivy")) as f64 / 1e6
        );
        recall(&docs, &tv)?;
        time_tantivy(&tv, &set, reps)?;
    }

    // SQLite
    if !skip_sqlite {
        let db = work.join("sqlite");
        let _ = std::fs::remove_dir_all(&db);
        let url = format!("sqlite:{}", db.join("vaga.db").display());
        let store = Store::open(&url).await?;
        fill_store(&store, &docs, "sqlite").await?;
        store.close().await;
        let store = Store::open(&url).await?;
        println!(
            "sqlite: database {:.1} MB (with WAL)",
            dir_size(&db) as f64 / 1e6
        );
        time_store(store.repo().as_ref(), &set, reps, "sqlite").await?;
        store.close().await;
    }

    // PostgreSQL
    if let Some(pg) = pg {
        let store = Store::open(&pg).await?;
        fill_store(&store, &docs, "postgres").await?;
        // What autovacuum would do after a large load: statistics for the planner.
        use sqlx::Connection;
        let mut c = sqlx::PgConnection::connect(&pg).await?;
        let t = Instant::now();
        sqlx::query("ANALYZE postings").execute(&mut c).await?;
        println!("postgres: ANALYZE in {:.1} s", t.elapsed().as_secs_f64());
        let sizes: (i64, i64, i64) = sqlx::query_as(
            "SELECT pg_total_relation_size('postings'), pg_indexes_size('postings'), \
             pg_relation_size('postings_search_idx')",
        )
        .fetch_one(&mut c)
        .await?;
        println!(
            "postgres: postings {:.1} MB in all, indexes {:.1} MB, of which GIN {:.1} MB",
            sizes.0 as f64 / 1e6,
            sizes.1 as f64 / 1e6,
            sizes.2 as f64 / 1e6
        );
        c.close().await?;
        time_store(store.repo().as_ref(), &set, reps, "postgres").await?;
        store.close().await;
    }
    Ok(())
}
