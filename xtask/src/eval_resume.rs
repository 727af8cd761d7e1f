//! Resume parsing: `vaga resume parse` on every labelled resume of the dev set (each person as
//! PDF, DOCX and, when the source is text, TXT), scored against `NAME.truth.json` with the
//! conventions of the dev set's README; and every real template PDF, which must give a name and
//! a work entry.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;
use serde_json::Value;

use crate::eval::{f3, normalize_all};

/// The formats scored, in table order.
const FORMATS: &[&str] = &["pdf", "docx", "txt"];

/// `vaga resume parse FILE --as-of 2026-11` (the dev set counts current jobs up to 2026-11).
fn parse(vaga: &Path, file: &Path) -> Result<Value, String> {
    let out = Command::new(vaga)
        .args(["--format", "json", "resume", "parse", "--as-of", "2026-11"])
        .arg(file)
        .output()
        .map_err(|e| format!("cannot run vaga: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("not JSON: {e}"))
}

/// Lowercase, accents removed, runs of non-alphanumerics as one space.
fn fold(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        };
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// `YYYY-MM` as a month count; `YYYY` alone as its January.
fn months(date: &str) -> Option<i32> {
    let mut parts = date.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: i32 = parts.next().map_or(Some(1), |m| m.parse().ok())?;
    Some(year * 12 + month - 1)
}

/// Dates within one month of each other; both absent counts as equal.
fn close(truth: &Value, got: &Value) -> bool {
    match (truth.as_str(), got.as_str()) {
        (None, None) => true,
        (Some(t), Some(g)) => {
            matches!((months(t), months(g)), (Some(t), Some(g)) if (t - g).abs() <= 1)
        }
        _ => false,
    }
}

/// Hits and totals per metric and format.
#[derive(Default)]
struct Tally {
    cells: BTreeMap<(&'static str, &'static str), (f64, f64)>,
}

impl Tally {
    fn add(&mut self, metric: &'static str, format: &'static str, hit: f64, total: f64) {
        for f in [format, "all"] {
            let cell = self.cells.entry((metric, f)).or_default();
            cell.0 += hit;
            cell.1 += total;
        }
    }

    fn hit(&mut self, metric: &'static str, format: &'static str, ok: bool) {
        self.add(metric, format, f64::from(u8::from(ok)), 1.0);
    }

    fn cell(&self, metric: &'static str, format: &str) -> String {
        match self
            .cells
            .iter()
            .find(|((m, f), _)| *m == metric && *f == format)
        {
            Some((_, (hit, total))) if *total > 0.0 => {
                format!("{} ({hit}/{total})", f3(hit / total))
            }
            _ => "–".into(),
        }
    }
}

/// Scores one parsed resume against its truth.
fn score(
    tally: &mut Tally,
    format: &'static str,
    truth: &Value,
    got: &Value,
    skill_ids: &BTreeMap<String, Option<String>>,
    labelled: &BTreeSet<String>,
    misses: &mut Vec<String>,
) {
    let basics = &got["basics"];
    let meta = &got["meta"]["vaga"];
    let check = |tally: &mut Tally,
                 misses: &mut Vec<String>,
                 metric: &'static str,
                 ok: bool,
                 detail: String| {
        tally.hit(metric, format, ok);
        if !ok {
            misses.push(format!("{metric}: {detail}"));
        }
    };
    let name = |v: &Value| {
        v.as_str()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    check(
        tally,
        misses,
        "name",
        name(&truth["name"]) == name(&basics["name"]),
        format!("{} ≠ {}", truth["name"], basics["name"]),
    );
    check(
        tally,
        misses,
        "email",
        truth["email"].as_str().map(str::to_lowercase)
            == basics["email"].as_str().map(str::to_lowercase),
        format!("{} ≠ {}", truth["email"], basics["email"]),
    );
    check(
        tally,
        misses,
        "phone (digits)",
        truth["phone"].as_str().map(digits) == basics["phone"].as_str().map(digits),
        format!("{} ≠ {}", truth["phone"], basics["phone"]),
    );
    let location = &basics["location"];
    check(
        tally,
        misses,
        "city and country",
        truth["city"].as_str().map(fold) == location["city"].as_str().map(fold)
            && truth["countryCode"] == location["countryCode"],
        format!(
            "{} {} ≠ {} {}",
            truth["city"], truth["countryCode"], location["city"], location["countryCode"]
        ),
    );

    // Work: each true entry matched by company, then start and end within a month.
    let got_work: Vec<&Value> = got["work"].as_array().into_iter().flatten().collect();
    let mut used = vec![false; got_work.len()];
    let truth_work: Vec<&Value> = truth["work"].as_array().into_iter().flatten().collect();
    let mut matched = 0.0;
    for t in &truth_work {
        let company = t["name"].as_str().map(fold);
        let found = got_work.iter().enumerate().find(|(i, g)| {
            !used[*i]
                && g["name"].as_str().map(fold) == company
                && close(&t["startDate"], &g["startDate"])
                && close(&t["endDate"], &g["endDate"])
        });
        match found {
            Some((i, _)) => {
                used[i] = true;
                matched += 1.0;
            }
            None => misses.push(format!(
                "work: {} {}..{} not found",
                t["name"], t["startDate"], t["endDate"]
            )),
        }
    }
    tally.add(
        "work entries (company, dates ±1 month)",
        format,
        matched,
        truth_work.len() as f64,
    );

    let got_schools: Vec<String> = got["education"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["institution"].as_str().map(fold))
        .collect();
    let truth_edu: Vec<&Value> = truth["education"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    let mut found_edu = 0.0;
    for t in &truth_edu {
        let school = t["institution"].as_str().map(fold).unwrap_or_default();
        if got_schools.contains(&school) {
            found_edu += 1.0;
        } else {
            misses.push(format!("education: {school:?} not in {got_schools:?}"));
        }
    }
    tally.add(
        "education institutions",
        format,
        found_edu,
        truth_edu.len() as f64,
    );

    // Skills as Vaga's canonical ids; predictions outside the labelled list are not scored.
    let ids = |v: &Value| -> BTreeSet<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str())
            .filter_map(|s| skill_ids.get(s).cloned().flatten())
            .collect()
    };
    let gold = ids(&truth["skills"]);
    let pred: BTreeSet<String> = ids(&meta["skills"])
        .into_iter()
        .filter(|s| labelled.contains(s))
        .collect();
    let tp = gold.intersection(&pred).count() as f64;
    tally.add("skills: true positives", format, tp, pred.len() as f64);
    tally.add("skills: recall", format, tp, gold.len() as f64);
    for s in gold.difference(&pred) {
        misses.push(format!("skill missed: {s}"));
    }
    for s in pred.difference(&gold) {
        misses.push(format!("skill extra: {s}"));
    }

    let years = |v: &Value| v.as_f64();
    check(
        tally,
        misses,
        "years of experience ±1",
        matches!((years(&truth["years_experience"]), years(&meta["years_experience"])), (Some(t), Some(g)) if (t - g).abs() <= 1.0),
        format!(
            "{} ≠ {}",
            truth["years_experience"], meta["years_experience"]
        ),
    );
    check(
        tally,
        misses,
        "seniority",
        truth["seniority"] == meta["seniority"],
        format!("{} ≠ {}", truth["seniority"], meta["seniority"]),
    );
    check(
        tally,
        misses,
        "language",
        truth["language"] == meta["language"],
        format!("{} ≠ {}", truth["language"], meta["language"]),
    );
}

/// One labelled person: name, truth, and the files by format.
type Person = (String, Value, Vec<(&'static str, PathBuf)>);

/// The labelled resumes.
fn labelled(dir: &Path) -> anyhow::Result<Vec<Person>> {
    let mut people = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| dir.display().to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(person) = file.strip_suffix(".truth.json") else {
            continue;
        };
        let truth: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)
            .with_context(|| path.display().to_string())?;
        let files = FORMATS
            .iter()
            .map(|f| (*f, dir.join(format!("{person}.{f}"))))
            .filter(|(_, p)| p.is_file())
            .collect();
        people.push((person.to_string(), truth, files));
    }
    Ok(people)
}

pub fn eval_resumes(data: &Path, vaga: &Path) -> anyhow::Result<Vec<crate::eval::Row>> {
    let people = labelled(&data.join("resumes"))?;
    anyhow::ensure!(
        !people.is_empty(),
        "no *.truth.json in {}",
        data.join("resumes").display()
    );

    // Skill names → ids, for the truth, the labelled list and every prediction.
    let canonical_text = std::fs::read_to_string(data.join("skills_canonical.txt"))?;
    let canonical: BTreeSet<String> = canonical_text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next().map(str::to_string))
        .collect();
    let mut parsed = Vec::new();
    let mut names = canonical.clone();
    for (person, truth, files) in &people {
        for s in truth["skills"].as_array().into_iter().flatten() {
            names.extend(s.as_str().map(str::to_string));
        }
        for (format, file) in files {
            let got = parse(vaga, file);
            if let Ok(v) = &got {
                for s in v["meta"]["vaga"]["skills"].as_array().into_iter().flatten() {
                    names.extend(s.as_str().map(str::to_string));
                }
            }
            parsed.push((person.clone(), *format, truth, got));
        }
    }
    let skill_ids = normalize_all(vaga, &names)?;
    let labelled_ids: BTreeSet<String> = canonical
        .iter()
        .filter_map(|n| skill_ids.get(n).cloned().flatten())
        .collect();

    let mut tally = Tally::default();
    let verbose = std::env::var_os("EVAL_VERBOSE").is_some();
    for (person, format, truth, got) in &parsed {
        tally.hit("files parsed", format, got.is_ok());
        match got {
            Ok(v) => {
                let mut misses = Vec::new();
                score(
                    &mut tally,
                    format,
                    truth,
                    v,
                    &skill_ids,
                    &labelled_ids,
                    &mut misses,
                );
                if verbose {
                    for m in misses {
                        eprintln!("  {person}.{format}: {m}");
                    }
                }
            }
            Err(e) => eprintln!("  {person}.{format}: {e}"),
        }
    }

    let metrics: &[(&str, &str)] = &[
        ("files parsed", ""),
        ("name", "≥ 0.95"),
        ("email", "≥ 0.95"),
        ("phone (digits)", "≥ 0.95"),
        ("city and country", "≥ 0.95"),
        ("work entries (company, dates ±1 month)", "≥ 0.85"),
        ("education institutions", "≥ 0.85"),
        ("skills: true positives", ""),
        ("skills: recall", ""),
        ("years of experience ±1", "≥ 0.90"),
        ("seniority", "≥ 0.85"),
        ("language", ""),
    ];
    println!("| metric | pdf | docx | txt | all | target |");
    println!("|---|---|---|---|---|---|");
    for (metric, target) in metrics {
        let cells: Vec<String> = ["pdf", "docx", "txt", "all"]
            .iter()
            .map(|f| tally.cell(metric, f))
            .collect();
        println!("| {metric} | {} | {target} |", cells.join(" | "));
    }
    // Skills F1 from the two skill rows (precision = true positives over predictions).
    let f1 = |format: &str| -> String {
        let get = |m: &str| {
            tally
                .cells
                .iter()
                .find(|((mm, f), _)| *mm == m && *f == format)
                .map(|(_, c)| *c)
        };
        match (get("skills: true positives"), get("skills: recall")) {
            (Some((tp, predicted)), Some((_, gold))) if predicted > 0.0 && gold > 0.0 => {
                let (p, r) = (tp / predicted, tp / gold);
                if p + r > 0.0 {
                    f3(2.0 * p * r / (p + r))
                } else {
                    f3(0.0)
                }
            }
            _ => "–".into(),
        }
    };
    println!(
        "| skills F1 | {} | {} | {} | {} | ≥ 0.85 |",
        f1("pdf"),
        f1("docx"),
        f1("txt"),
        f1("all")
    );

    real_templates(data, vaga)?;
    Ok(Vec::new())
}

/// Every PDF under `../shared/data/resumes` (real templates) must parse with a name and at
/// least one work entry.
fn real_templates(data: &Path, vaga: &Path) -> anyhow::Result<()> {
    let dir = data.join("../resumes");
    let mut pdfs = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in read.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf") {
                pdfs.push(p);
            }
        }
    }
    pdfs.sort();
    if pdfs.is_empty() {
        return Ok(());
    }
    println!("\nReal template PDFs (../shared/data/resumes):\n");
    println!("| file | name | work entries | education | skills |");
    println!("|---|---|---|---|---|");
    let mut ok = 0;
    for pdf in &pdfs {
        let file = pdf.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        match parse(vaga, pdf) {
            Ok(v) => {
                let name = v["basics"]["name"].as_str().unwrap_or("").to_string();
                let work = v["work"].as_array().map_or(0, Vec::len);
                let edu = v["education"].as_array().map_or(0, Vec::len);
                let skills = v["meta"]["vaga"]["skills"].as_array().map_or(0, Vec::len);
                if !name.is_empty() && work > 0 {
                    ok += 1;
                }
                println!("| {file} | {name} | {work} | {edu} | {skills} |");
            }
            Err(e) => println!("| {file} | error: {e} | | | |"),
        }
    }
    println!(
        "\nwith a name and ≥ 1 work entry: {ok}/{} (target: all)",
        pdfs.len()
    );
    interleave(&dir);
    Ok(())
}

/// A sentence that runs over several lines of one column, with the other column beside it.
enum Sentence {
    /// The sentence itself (placeholder and sample templates).
    Text(&'static str),
    /// A real person's CV: the sentence's length in bytes and the FNV-1a hash of its UTF-8, so that
    /// no text of theirs is in the repository.
    Hashed(usize, u64),
}

/// The two-column real PDFs and sentences each must give contiguously (whitespace made single
/// spaces). The hashed ones were taken from the files' text and hashed with [`fnv1a`].
const TWO_COLUMN: &[(&str, &[Sentence])] = &[
    (
        "templates_multi_source/resume-matcher_two-column.pdf",
        &[
            Sentence::Text(
                "Proficient in Go, Python, and Node.js with deep experience architecting microservices, optimizing database performance, and implementing robust APIs.",
            ),
            Sentence::Text(
                "Designed and implemented real-time fraud detection pipeline processing 50K+ transactions per second using Kafka and Go, reducing fraudulent charges by 18% through optimized distributed system architecture",
            ),
            Sentence::Text("UC Berkeley | 2019 Bachelor of Science, Computer Science"),
        ],
    ),
    (
        "templates_multi_source/resume-matcher_modern-two-column.pdf",
        &[
            Sentence::Text(
                "Proficient in Go, Python, and Node.js with deep experience architecting microservices, optimizing database performance, and implementing robust APIs.",
            ),
            Sentence::Text(
                "Led migration of legacy payment reconciliation service to event-driven microservices architecture, improving system reliability from 99.5% to 99.99% uptime and establishing scalable patterns across platform",
            ),
            Sentence::Text("UC Berkeley | 2019 Bachelor of Science, Computer Science"),
        ],
    ),
    (
        "pdf_multicolumn/altacv_sample.pdf",
        &[
            Sentence::Text(
                "L. T. Wong and E. Someone, “A non-existant paper,” Journal of Carrying On, vol. 12, 2011.",
            ),
            Sentence::Text(
                "E. Someone and T. Lim, A Fictional Research. Somewhere, Some Place, 2010.",
            ),
        ],
    ),
    ("pdf_multicolumn/deedy_resume-openfont.pdf", DEEDY),
    ("pdf_multicolumn/altacv_mmayer.pdf", MMAYER),
];

/// Deedy's CV (a real person's): two bullets of the right-hand column.
const DEEDY: &[Sentence] = &[
    Sentence::Hashed(177, 0xe532_b12e_282d_fa28),
    Sentence::Hashed(115, 0x7f05_1fb6_ba46_92aa),
];
/// AltaCV's mmayer example (about a real person): three bullets of the left-hand column.
const MMAYER: &[Sentence] = &[
    Sentence::Hashed(133, 0xff22_f0f1_dc99_dd49),
    Sentence::Hashed(146, 0x652e_073f_d71e_98c8),
    Sentence::Hashed(99, 0x7224_d490_f1e5_159b),
];

/// 64-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whether `text` (whitespace-normalised) holds `sentence` in one piece.
fn contiguous(text: &str, sentence: &Sentence) -> bool {
    match sentence {
        Sentence::Text(s) => text.contains(&normalize_space(s)),
        Sentence::Hashed(len, hash) => text
            .char_indices()
            .filter_map(|(at, _)| text.get(at..at + len))
            .any(|window| fnv1a(window.as_bytes()) == *hash),
    }
}

fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The columns of each two-column real PDF must not interleave: every chosen sentence comes out
/// whole. Read in this process with `vaga-documents` (these are known files).
fn interleave(dir: &Path) {
    println!("\nTwo-column PDFs, columns not interleaved (sentences found whole):\n");
    println!("| file | sentences whole | interleave check |");
    println!("|---|---|---|");
    let mut passed = 0;
    for (file, sentences) in TWO_COLUMN {
        let path = dir.join(file);
        let Ok(bytes) = std::fs::read(&path) else {
            println!("| {file} | missing | – |");
            continue;
        };
        let limits = vaga_documents::Limits::default();
        match vaga_documents::read_in_process(&bytes, &limits) {
            Ok(doc) => {
                let text = normalize_space(&doc.text);
                let whole = sentences.iter().filter(|s| contiguous(&text, s)).count();
                let ok = !sentences.is_empty() && whole == sentences.len();
                passed += usize::from(ok);
                let verdict = if ok { "ok" } else { "failed" };
                println!("| {file} | {whole}/{} | {verdict} |", sentences.len());
            }
            Err(e) => println!("| {file} | error: {e} | failed |"),
        }
    }
    println!(
        "\ninterleave check ok: {passed}/{} (target: all)",
        TWO_COLUMN.len()
    );
}
