//! Real job postings: every source in `../shared/data/jobs` reshaped into the CLI contract's
//! job records (`xtask real-postings`), and what `vaga jobs normalize` makes of them (the eval's
//! "real postings" table).
//!
//! Reshaping only moves fields: descriptions stay as the source has them (HTML, escaped HTML or
//! text), because cleaning them is the normaliser's job. A malformed item is skipped and counted,
//! never fatal; a missing or unreadable file is reported as a problem of its source.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Serialize;
use serde_json::Value;
use vaga_sources::map::{
    self, id_of, json_lenient as parse_json_lenient, non_empty, raw_text, strings, text, unix_date,
    url_slug,
};

use crate::eval::{Row, workspace_root};

/// One job record in the CLI contract's input format.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Record {
    /// Source-prefixed, unique.
    id: String,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    company: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    salary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    /// ISO date (`YYYY-MM-DD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    posted_at: Option<String>,
    source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    remote: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    skills: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    job_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    candidate_required_location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    workplace_type: Option<String>,
    /// ISO 3166-1 alpha-2, when the source states the country.
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<String>,
}

/// What reshaping one source gave.
#[derive(Debug, Default)]
pub(crate) struct SourceStats {
    name: &'static str,
    files: usize,
    records: usize,
    /// Items that could not be reshaped (no title, not an object, a broken CSV row…).
    malformed: usize,
    /// Items with no text at all (no title, company or description).
    empty: usize,
    /// Items whose id an earlier item already had.
    duplicates: usize,
    /// Files missing or unreadable, with the reason.
    problems: Vec<String>,
}

/// All records, in source order, and per-source counts.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    records: Vec<Record>,
    sources: Vec<SourceStats>,
}

/// The skip reason of an item with no text at all.
const EMPTY: &str = "empty";

/// Reads one source's files and reshapes them; pushes records through `Sink`.
type Loader = fn(&Path, &mut Sink);

/// The sources, in table order: name, loader.
const SOURCES: &[(&str, Loader)] = &[
    ("remoteok", load_remoteok),
    ("remotive", load_remotive),
    ("arbeitnow", load_arbeitnow),
    ("gupy", load_gupy),
    ("greenhouse", load_greenhouse),
    ("weworkremotely", load_wwr),
    ("romek2_jobicy", load_romek2_jobicy),
    ("romek2_remotive", load_romek2_remotive),
    ("romek2_wwr", load_romek2_wwr),
    ("bumeran", load_bumeran),
    ("bumeran_csv", load_bumeran_csv),
    ("glassdoor", load_glassdoor),
];

/// Collects one source's records, dropping repeated ids.
struct Sink<'a> {
    stats: SourceStats,
    seen: &'a mut HashSet<String>,
    records: &'a mut Vec<Record>,
}

impl Sink<'_> {
    fn push(&mut self, record: Result<Record, String>) {
        match record {
            Ok(mut r) => {
                r.source = self.stats.name;
                if self.seen.insert(r.id.clone()) {
                    self.stats.records += 1;
                    self.records.push(r);
                } else {
                    self.stats.duplicates += 1;
                }
            }
            Err(reason) if reason == EMPTY => self.stats.empty += 1,
            Err(_) => self.stats.malformed += 1,
        }
    }

    fn problem(&mut self, file: &Path, what: impl std::fmt::Display) {
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        self.stats.problems.push(format!("{name}: {what}"));
    }

    /// The file's text (lossily decoded), or `None` with a problem noted.
    fn read(&mut self, file: &Path) -> Option<String> {
        match std::fs::read(file) {
            Ok(bytes) => {
                self.stats.files += 1;
                Some(String::from_utf8_lossy(&bytes).into_owned())
            }
            Err(e) => {
                self.problem(file, e);
                None
            }
        }
    }

    /// The file parsed as JSON, or `None` with a problem noted.
    fn read_json(&mut self, file: &Path) -> Option<Value> {
        let text = self.read(file)?;
        match parse_json_lenient(&text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(file, format!("not JSON: {e}"));
                None
            }
        }
    }

    /// Files of `dir` whose name starts with `prefix` and ends with `suffix`, sorted.
    fn files(&mut self, dir: &Path, prefix: &str, suffix: &str) -> Vec<PathBuf> {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.problem(dir, e);
                return Vec::new();
            }
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                name.starts_with(prefix) && name.ends_with(suffix)
            })
            .collect();
        files.sort();
        if files.is_empty() {
            self.problem(dir, format!("no {prefix}*{suffix} file"));
        }
        files
    }
}

/// Reads every source under `dir`. Never fails: problems are counted per source.
pub(crate) fn load(dir: &Path) -> Loaded {
    let mut loaded = Loaded::default();
    let mut seen = HashSet::new();
    for (name, loader) in SOURCES {
        let mut sink = Sink {
            stats: SourceStats {
                name,
                ..SourceStats::default()
            },
            seen: &mut seen,
            records: &mut loaded.records,
        };
        loader(dir, &mut sink);
        loaded.sources.push(sink.stats);
    }
    loaded
}

/// The jobs directory: `DIR` if given, else `../shared/data/jobs` from the workspace root.
fn jobs_dir(data: Option<PathBuf>) -> PathBuf {
    data.unwrap_or_else(|| workspace_root().join("../shared/data/jobs"))
}

/// `xtask real-postings`: writes the records as JSON Lines to `out` (stdout when `None`), and
/// per-source counts to stderr.
pub fn run(data: Option<PathBuf>, out: Option<PathBuf>) -> anyhow::Result<()> {
    let dir = jobs_dir(data);
    if !dir.is_dir() {
        bail!(
            "no job data: {} is not a directory (pass --data DIR)",
            dir.display()
        );
    }
    let loaded = load(&dir);
    let text = to_jsonl(&loaded.records)?;
    match &out {
        Some(file) => {
            std::fs::write(file, &text).with_context(|| file.display().to_string())?;
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(text.as_bytes()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
                other => other?,
            }
        }
    }
    for s in &loaded.sources {
        eprintln!(
            "{:<16} {:>5} records from {:>2} files; skipped: {} malformed, {} empty, {} duplicates",
            s.name, s.records, s.files, s.malformed, s.empty, s.duplicates
        );
        for p in &s.problems {
            eprintln!("  problem: {p}");
        }
    }
    eprintln!("{} records in all", loaded.records.len());
    Ok(())
}

fn to_jsonl(records: &[Record]) -> anyhow::Result<String> {
    let mut text = String::new();
    for r in records {
        text.push_str(&serde_json::to_string(r)?);
        text.push('\n');
    }
    Ok(text)
}

// ---------------------------------------------------------------------------------------------
// Field helpers

fn require_title(title: Option<String>) -> Result<String, String> {
    title.ok_or_else(|| "no title".to_string())
}

/// An ISO date (`YYYY-MM-DD`) from any date shape a source uses.
fn iso_date(s: &str) -> Option<String> {
    map::iso_date(s).map(|d| d.chars().take(10).collect())
}

// ---------------------------------------------------------------------------------------------
// JSON sources

/// Runs `item` over the elements of the array found by `items` in each file.
fn each_json_item(
    sink: &mut Sink,
    files: Vec<PathBuf>,
    items: fn(&Value) -> Option<&Vec<Value>>,
    item: &dyn Fn(&Value, &Path) -> Result<Record, String>,
) {
    for file in files {
        let Some(json) = sink.read_json(&file) else {
            continue;
        };
        let Some(list) = items(&json) else {
            sink.problem(&file, "no job list where expected");
            continue;
        };
        for v in list {
            if !v.is_object() {
                sink.push(Err("not an object".into()));
                continue;
            }
            sink.push(item(v, &file));
        }
    }
}

fn load_remoteok(dir: &Path, sink: &mut Sink) {
    let files = sink.files(&dir.join("remoteok"), "remoteok", ".json");
    for file in files {
        let Some(json) = sink.read_json(&file) else {
            continue;
        };
        let Some(list) = json.as_array() else {
            sink.problem(&file, "not an array");
            continue;
        };
        // Element 0 is the API's legal notice, not a job.
        for v in list.iter().filter(|v| v.get("legal").is_none()) {
            sink.push(remoteok(v));
        }
    }
}

fn remoteok(v: &Value) -> Result<Record, String> {
    let id = id_of(v, "id").or_else(|| text(v, "slug")).ok_or("no id")?;
    let amount = |k: &str| v.get(k).and_then(Value::as_f64).filter(|x| *x > 0.0);
    // RemoteOK publishes salary_min/salary_max in US dollars (its salary filter and every
    // displayed range are USD); the period is not stated.
    let salary = match (amount("salary_min"), amount("salary_max")) {
        (Some(a), Some(b)) if a != b => Some(format!("USD {a} - {b}")),
        (Some(a), _) | (None, Some(a)) => Some(format!("USD {a}")),
        (None, None) => None,
    };
    Ok(Record {
        id: format!("remoteok-{id}"),
        title: require_title(text(v, "position"))?,
        company: text(v, "company"),
        location: text(v, "location"),
        salary,
        description: raw_text(v, "description"),
        url: text(v, "url").or_else(|| text(v, "apply_url")),
        posted_at: text(v, "date")
            .and_then(|d| iso_date(&d))
            .or_else(|| v.get("epoch").and_then(Value::as_i64).and_then(unix_date)),
        remote: Some(true),
        tags: strings(v, "tags"),
        ..Record::default()
    })
}

fn load_remotive(dir: &Path, sink: &mut Sink) {
    let files = sink.files(&dir.join("remotive"), "remotive", ".json");
    each_json_item(sink, files, |j| j.get("jobs")?.as_array(), &|v, _| {
        remotive(v)
    });
}

fn remotive(v: &Value) -> Result<Record, String> {
    let id = id_of(v, "id").ok_or("no id")?;
    let required = text(v, "candidate_required_location");
    Ok(Record {
        id: format!("remotive-{id}"),
        title: require_title(text(v, "title"))?,
        company: text(v, "company_name"),
        // Remotive's only location is where candidates may live.
        location: required.clone(),
        candidate_required_location: required,
        salary: text(v, "salary"),
        description: raw_text(v, "description"),
        url: text(v, "url"),
        posted_at: text(v, "publication_date").and_then(|d| iso_date(&d)),
        remote: Some(true),
        tags: strings(v, "tags"),
        job_type: text(v, "job_type"),
        category: text(v, "category"),
        ..Record::default()
    })
}

fn load_arbeitnow(dir: &Path, sink: &mut Sink) {
    let files = sink.files(&dir.join("arbeitnow"), "arbeitnow", ".json");
    each_json_item(sink, files, |j| j.get("data")?.as_array(), &|v, _| {
        arbeitnow(v)
    });
}

fn arbeitnow(v: &Value) -> Result<Record, String> {
    let slug = text(v, "slug").ok_or("no slug")?;
    let job_types = strings(v, "job_types");
    Ok(Record {
        id: format!("arbeitnow-{slug}"),
        title: require_title(text(v, "title"))?,
        company: text(v, "company_name"),
        location: text(v, "location"),
        description: raw_text(v, "description"),
        url: text(v, "url"),
        posted_at: v
            .get("created_at")
            .and_then(Value::as_i64)
            .and_then(unix_date),
        remote: v.get("remote").and_then(Value::as_bool),
        tags: strings(v, "tags"),
        job_type: (!job_types.is_empty()).then(|| job_types.join(", ")),
        ..Record::default()
    })
}

fn load_gupy(dir: &Path, sink: &mut Sink) {
    let files = sink.files(&dir.join("gupy"), "gupy", ".json");
    each_json_item(sink, files, Value::as_array, &|v, _| gupy(v));
}

/// An ISO code for the country names the sources use.
fn country_code(name: &str) -> Option<String> {
    let code = match name.trim().to_lowercase().as_str() {
        "brasil" | "brazil" => "BR",
        "argentina" => "AR",
        "united states" | "usa" => "US",
        _ => return None,
    };
    Some(code.into())
}

fn gupy(v: &Value) -> Result<Record, String> {
    let id = id_of(v, "id").ok_or("no id")?;
    let place: Vec<String> = ["city", "state", "country"]
        .iter()
        .filter_map(|k| text(v, k))
        .collect();
    Ok(Record {
        id: format!("gupy-{id}"),
        title: require_title(text(v, "name"))?,
        company: text(v, "careerPageName"),
        location: (!place.is_empty()).then(|| place.join(", ")),
        description: raw_text(v, "description"),
        url: text(v, "jobUrl"),
        posted_at: text(v, "publishedDate").and_then(|d| iso_date(&d)),
        remote: v.get("isRemoteWork").and_then(Value::as_bool),
        job_type: text(v, "type"),
        workplace_type: text(v, "workplaceType"),
        country: text(v, "country").and_then(|c| country_code(&c)),
        ..Record::default()
    })
}

fn load_greenhouse(dir: &Path, sink: &mut Sink) {
    let files = sink.files(&dir.join("greenhouse"), "greenhouse_board_", ".json");
    each_json_item(sink, files, |j| j.get("jobs")?.as_array(), &|v, file| {
        let board = file
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .trim_start_matches("greenhouse_board_")
            .to_string();
        greenhouse(v, &board)
    });
}

/// A Greenhouse metadata value by field name.
fn gh_meta<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    v.get("metadata")?
        .as_array()?
        .iter()
        .find(|m| m.get("name").and_then(Value::as_str) == Some(name))
        .and_then(|m| m.get("value"))
        .filter(|x| !x.is_null())
}

/// The board's pay metadata as salary text: a free-text field, or a currency range.
fn gh_salary(v: &Value) -> Option<String> {
    for name in [
        "Salary",
        "Location Range 1",
        "Location Range - International",
    ] {
        if let Some(s) = gh_meta(v, name).and_then(Value::as_str).and_then(non_empty) {
            return Some(s);
        }
    }
    let range = v
        .get("metadata")?
        .as_array()?
        .iter()
        .filter(|m| m.get("value_type").and_then(Value::as_str) == Some("currency_range"))
        .find_map(|m| m.get("value").filter(|x| x.is_object()))?;
    let unit = text(range, "unit")?;
    let num = |k: &str| {
        range
            .get(k)
            .and_then(|x| {
                x.as_str()
                    .and_then(|s| s.parse::<f64>().ok())
                    .or(x.as_f64())
            })
            .filter(|x| *x > 0.0)
    };
    match (num("min_value"), num("max_value")) {
        (Some(a), Some(b)) if a != b => Some(format!("{unit} {a} - {b}")),
        (Some(a), _) | (None, Some(a)) => Some(format!("{unit} {a}")),
        (None, None) => None,
    }
}

fn greenhouse(v: &Value, board: &str) -> Result<Record, String> {
    let id = id_of(v, "id").ok_or("no id")?;
    let job_type = ["Employment Type", "Time Type"]
        .iter()
        .find_map(|k| gh_meta(v, k).and_then(Value::as_str).and_then(non_empty));
    Ok(Record {
        id: format!("greenhouse-{board}-{id}"),
        title: require_title(text(v, "title"))?,
        company: text(v, "company_name"),
        location: v.get("location").and_then(|l| text(l, "name")),
        salary: gh_salary(v),
        // The board API was called without `content=true`: no descriptions.
        description: None,
        url: text(v, "absolute_url"),
        posted_at: text(v, "first_published")
            .or_else(|| text(v, "updated_at"))
            .and_then(|d| iso_date(&d)),
        job_type,
        ..Record::default()
    })
}

fn load_romek2(
    dir: &Path,
    sink: &mut Sink,
    file: &str,
    item: fn(&Value) -> Result<Record, String>,
) {
    let files = sink.files(&dir.join("romek2_normalized"), file, ".json");
    each_json_item(sink, files, Value::as_array, &|v, _| item(v));
}

fn load_romek2_jobicy(dir: &Path, sink: &mut Sink) {
    load_romek2(dir, sink, "jobicy_jobs", |v| {
        let mut r = romek2(v, "jobicy")?;
        // Jobicy's original HTML; `description` is that app's plain-text rendering of it.
        if let Some(html) = raw_text(v, "html_description") {
            r.description = Some(html);
        }
        Ok(r)
    });
}

fn load_romek2_remotive(dir: &Path, sink: &mut Sink) {
    load_romek2(dir, sink, "remotive_jobs", |v| {
        let mut r = romek2(v, "remotive")?;
        r.candidate_required_location = r.location.clone();
        Ok(r)
    });
}

fn load_romek2_wwr(dir: &Path, sink: &mut Sink) {
    load_romek2(dir, sink, "weworkremotely_jobs", |v| {
        let mut r = romek2(v, "wwr")?;
        if r.company.is_none()
            && let Some((company, role)) = split_wwr_title(&r.title)
        {
            r.company = Some(company);
            r.title = role;
        }
        r.skills = strings(v, "tech_stack");
        // That app wrote "Remote" as the job type of every WWR job.
        r.job_type = r.job_type.filter(|t| !t.eq_ignore_ascii_case("remote"));
        Ok(r)
    });
}

/// A record of romek2/myjobwebapp's normalised format.
fn romek2(v: &Value, board: &str) -> Result<Record, String> {
    let url = text(v, "url");
    let key = url.as_deref().and_then(url_slug).ok_or("no url")?;
    Ok(Record {
        id: format!("romek2-{board}-{key}"),
        title: require_title(text(v, "title"))?,
        company: text(v, "company"),
        location: text(v, "location"),
        salary: text(v, "salary"),
        description: raw_text(v, "description"),
        posted_at: text(v, "posted_at").and_then(|d| iso_date(&d)),
        url,
        // Jobicy, Remotive and We Work Remotely list remote jobs only.
        remote: Some(true),
        job_type: text(v, "job_type"),
        category: text(v, "category"),
        ..Record::default()
    })
}

fn load_bumeran(dir: &Path, sink: &mut Sink) {
    let files = sink.files(&dir.join("bumeran_ar"), "bumeran_api", ".json");
    each_json_item(sink, files, Value::as_array, &|v, _| bumeran(v));
}

fn bumeran(v: &Value) -> Result<Record, String> {
    let id = id_of(v, "id").ok_or("no id")?;
    // `idPais` 1 is Argentina, the country of bumeran.com.ar.
    let argentina = v.get("idPais").and_then(Value::as_i64) == Some(1);
    Ok(Record {
        id: format!("bumeran-{id}"),
        title: require_title(text(v, "titulo"))?,
        company: text(v, "empresa"),
        location: text(v, "localizacion"),
        description: raw_text(v, "detalle"),
        posted_at: text(v, "fechaPublicacion").and_then(|d| iso_date(&d)),
        job_type: text(v, "tipoTrabajo"),
        workplace_type: text(v, "modalidadTrabajo"),
        country: argentina.then(|| "AR".into()),
        ..Record::default()
    })
}

// ---------------------------------------------------------------------------------------------
// CSV sources

/// A CSV row's cell by header name, when not blank.
type Cell<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Reshapes a CSV row (1-based data row number, cells).
type RowFn<'a> = &'a dyn Fn(usize, Cell) -> Result<Record, String>;

/// Runs `row` over each data row of a CSV file.
fn each_csv_row(sink: &mut Sink, file: &Path, row: RowFn) {
    let Some(text) = sink.read(file) else {
        return;
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|c| String::from_utf8_lossy(c).trim().to_string())
            .collect(),
        Err(e) => {
            sink.problem(file, format!("no CSV header: {e}"));
            return;
        }
    };
    for (i, result) in reader.byte_records().enumerate() {
        let Ok(record) = result else {
            sink.push(Err("broken CSV row".into()));
            continue;
        };
        if record.iter().all(|c| c.trim_ascii().is_empty()) {
            sink.push(Err(EMPTY.into()));
            continue;
        }
        let cell = |name: &str| -> Option<String> {
            let at = headers.iter().position(|h| h == name)?;
            let raw = String::from_utf8_lossy(record.get(at)?).into_owned();
            (!raw.trim().is_empty()).then_some(raw)
        };
        sink.push(row(i + 1, &cell));
    }
}

fn load_bumeran_csv(dir: &Path, sink: &mut Sink) {
    let files = sink.files(&dir.join("bumeran_ar"), "ar_postings", ".csv");
    for file in files {
        each_csv_row(sink, &file, &|n, cell| {
            // The indeed rows of this file hold only the machine-made labels: no title,
            // company, location or description.
            if ["titulo", "empresa", "descripcion"]
                .iter()
                .all(|k| cell(k).is_none())
            {
                return Err(EMPTY.into());
            }
            let board = cell("fuente").map_or_else(|| "unknown".into(), |s| s.trim().to_string());
            Ok(Record {
                id: format!("bumeran_csv-{board}-{n}"),
                title: require_title(cell("titulo").and_then(|s| non_empty(&s)))?,
                company: cell("empresa").and_then(|s| non_empty(&s)),
                location: cell("localizacion").and_then(|s| non_empty(&s)),
                description: cell("descripcion"),
                posted_at: cell("fecha_publicacion").and_then(|d| iso_date(&d)),
                // An Argentine dataset (bumeran.com.ar, zonajobs, ar.indeed.com). Its
                // `skills_tecnicas` are machine-made labels, not the source's: left out.
                country: Some("AR".into()),
                ..Record::default()
            })
        });
    }
}

fn load_glassdoor(dir: &Path, sink: &mut Sink) {
    let files = sink.files(&dir.join("glassdoor_ds_2020"), "glassdoor", ".csv");
    for file in files {
        each_csv_row(sink, &file, &|n, cell| {
            // `-1` is that dataset's mark for a missing value.
            let known = |k: &str| cell(k).filter(|s| s.trim() != "-1");
            let index = known("").map_or_else(|| n.to_string(), |s| s.trim().to_string());
            Ok(Record {
                id: format!("glassdoor-{index}"),
                title: require_title(known("Job Title").and_then(|s| non_empty(&s)))?,
                // The scrape appended the rating to the name: "Tecolote Research\n3.8".
                company: known("Company Name").and_then(|s| s.lines().next().and_then(non_empty)),
                location: known("Location").and_then(|s| non_empty(&s)),
                salary: known("Salary Estimate").and_then(|s| non_empty(&s)),
                description: known("Job Description"),
                // US postings only (glassdoor.com, 2020).
                country: Some("US".into()),
                ..Record::default()
            })
        });
    }
}

// ---------------------------------------------------------------------------------------------
// We Work Remotely RSS

/// One `<item>`: child element name → text.
type RssItem = BTreeMap<String, String>;

/// The `<item>`s of an RSS 2.0 feed; an XML error ends the feed, keeping the items before it.
fn parse_rss(xml: &str) -> (Vec<RssItem>, Option<String>) {
    use quick_xml::events::Event;

    let mut reader = quick_xml::Reader::from_str(xml);
    let mut items = Vec::new();
    let mut item: Option<RssItem> = None;
    let mut field: Option<String> = None;
    let mut buf = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if name == "item" {
                    item = Some(RssItem::new());
                } else if item.is_some() && field.is_none() {
                    field = Some(name);
                    buf.clear();
                }
            }
            Ok(Event::End(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if name == "item" {
                    items.extend(item.take());
                    field = None;
                } else if field.as_deref() == Some(name.as_str())
                    && let (Some(item), Some(key)) = (item.as_mut(), field.take())
                {
                    item.insert(key, std::mem::take(&mut buf));
                }
            }
            Ok(Event::Text(t)) if field.is_some() => match t.decode() {
                Ok(s) => buf.push_str(&s),
                Err(_) => buf.push_str(&String::from_utf8_lossy(&t)),
            },
            Ok(Event::CData(t)) if field.is_some() => {
                buf.push_str(&String::from_utf8_lossy(&t.into_inner()));
            }
            Ok(Event::GeneralRef(r)) if field.is_some() => {
                let name = String::from_utf8_lossy(&r).into_owned();
                match r.resolve_char_ref() {
                    Ok(Some(c)) => buf.push(c),
                    _ => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => buf.push_str(s),
                        None => {
                            buf.push('&');
                            buf.push_str(&name);
                            buf.push(';');
                        }
                    },
                }
            }
            Ok(Event::Eof) => return (items, None),
            Ok(_) => {}
            Err(e) => {
                let at = reader.buffer_position();
                return (items, Some(format!("XML error at byte {at}: {e}")));
            }
        }
    }
}

/// `Company: Role` → (company, role).
fn split_wwr_title(title: &str) -> Option<(String, String)> {
    let (company, role) = title.split_once(": ")?;
    Some((non_empty(company)?, non_empty(role)?))
}

fn load_wwr(dir: &Path, sink: &mut Sink) {
    let files = sink.files(&dir.join("weworkremotely_rss_2022-11"), "", ".rss");
    for file in files {
        let Some(xml) = sink.read(&file) else {
            continue;
        };
        let (items, error) = parse_rss(&xml);
        if let Some(e) = error {
            sink.problem(&file, e);
        }
        for item in &items {
            sink.push(wwr(item));
        }
    }
}

fn wwr(item: &RssItem) -> Result<Record, String> {
    let get = |k: &str| item.get(k).and_then(|s| non_empty(s));
    let url = get("link").or_else(|| get("guid"));
    let key = url.as_deref().and_then(url_slug).ok_or("no link")?;
    let full = require_title(get("title"))?;
    let (company, title) = match split_wwr_title(&full) {
        Some((c, t)) => (Some(c), t),
        None => (None, full),
    };
    Ok(Record {
        id: format!("wwr-{key}"),
        title,
        company,
        location: get("region"),
        // The feed's description is HTML (escaped inside the XML, unescaped once here).
        description: item
            .get("description")
            .filter(|s| !s.trim().is_empty())
            .cloned(),
        url,
        posted_at: get("pubDate").and_then(|d| iso_date(&d)),
        remote: Some(true),
        job_type: get("type"),
        category: get("category"),
        ..Record::default()
    })
}

// ---------------------------------------------------------------------------------------------
// Eval

/// Per-source figures of the normaliser's output.
#[derive(Debug, Default)]
struct Figures {
    records: usize,
    errors: usize,
    salary: usize,
    /// `None` while no output line has `location_parsed`.
    eligible: Option<usize>,
    skills: usize,
    languages: BTreeMap<String, usize>,
}

/// Whether the line decided eligibility; `None` when it has no `location_parsed` at all.
fn eligibility_decided(line: &Value) -> Option<bool> {
    let loc = line.get("location_parsed")?;
    if loc.get("eligible").is_some_and(Value::is_boolean) {
        return Some(true);
    }
    // A per-home-country form: `eligibility: {"BR": true}` or `{"BR": {"eligible": true}}`,
    // or `eligibility: {"eligible": true, ...}`.
    let decided = match loc.get("eligibility") {
        Some(Value::Bool(_)) => true,
        Some(Value::Object(map)) => {
            map.get("eligible").is_some_and(Value::is_boolean)
                || map
                    .values()
                    .any(|x| x.is_boolean() || x.get("eligible").is_some_and(Value::is_boolean))
        }
        _ => false,
    };
    Some(decided)
}

fn has_salary_amount(line: &Value) -> bool {
    let s = &line["salary_parsed"];
    !s["min"].is_null() || !s["max"].is_null()
}

/// The eval's "real postings" table: reshapes every source, normalises, and prints one row
/// per source. Returns no rows: the table is printed here, in its own shape.
pub fn eval_real(data: &Path, vaga: &Path) -> anyhow::Result<Vec<Row>> {
    // The jobs sit next to the labelled sets (`../shared/data/{dev,jobs}`).
    let sibling = data.join("../jobs");
    let dir = if sibling.is_dir() {
        sibling
    } else {
        jobs_dir(None)
    };
    if !dir.is_dir() {
        bail!("no job data at {}", dir.display());
    }
    let loaded = load(&dir);
    let input = to_jsonl(&loaded.records)?;
    let out = crate::eval::vaga_output(
        vaga,
        &["jobs", "normalize", "--from", "BR", "--jsonl", "-"],
        input.as_bytes(),
    )?;
    let lines: Vec<&str> = out.lines().collect();
    anyhow::ensure!(
        lines.len() == loaded.records.len(),
        "{} output lines for {} records",
        lines.len(),
        loaded.records.len()
    );
    let verbose = std::env::var_os("EVAL_VERBOSE").is_some();

    let mut per_source: BTreeMap<&str, Figures> = BTreeMap::new();
    let mut errors: Vec<String> = Vec::new();
    let mut parsed: Vec<Value> = Vec::with_capacity(lines.len());
    for (record, line) in loaded.records.iter().zip(&lines) {
        let v: Value = serde_json::from_str(line)
            .with_context(|| format!("vaga wrote a line that is not JSON for {}", record.id))?;
        let f = per_source.entry(record.source).or_default();
        f.records += 1;
        if let Some(e) = v.get("error") {
            f.errors += 1;
            errors.push(format!("{}: {}", record.id, e.as_str().unwrap_or_default()));
        } else {
            f.salary += usize::from(has_salary_amount(&v));
            if let Some(decided) = eligibility_decided(&v) {
                *f.eligible.get_or_insert(0) += usize::from(decided);
            }
            f.skills += usize::from(v["skills"].as_array().is_some_and(|s| !s.is_empty()));
            let lang = v["language"].as_str().unwrap_or("?").to_string();
            *f.languages.entry(lang).or_default() += 1;
        }
        parsed.push(v);
    }

    let mut total = Figures::default();
    let mut rows: Vec<[String; 8]> = Vec::new();
    let location_seen = per_source.values().any(|f| f.eligible.is_some());
    for s in &loaded.sources {
        let f = per_source.remove(s.name).unwrap_or_default();
        rows.push(table_row(
            s.name,
            skipped(s.malformed, s.empty),
            &f,
            location_seen,
        ));
        total.records += f.records;
        total.errors += f.errors;
        total.salary += f.salary;
        total.skills += f.skills;
        if let Some(e) = f.eligible {
            *total.eligible.get_or_insert(0) += e;
        }
        for (l, n) in f.languages {
            *total.languages.entry(l).or_default() += n;
        }
    }
    let malformed = loaded.sources.iter().map(|s| s.malformed).sum();
    let empty = loaded.sources.iter().map(|s| s.empty).sum();
    rows.push(table_row(
        "**total**",
        skipped(malformed, empty),
        &total,
        location_seen,
    ));
    print_custom_table(
        &[
            "source",
            "records",
            "skipped",
            "error lines",
            "salary amount",
            "eligibility decided",
            "≥1 skill",
            "languages",
        ],
        &rows,
    );
    println!("\nerror lines: {} (target 0)", total.errors);
    for s in &loaded.sources {
        for p in &s.problems {
            println!("problem in {}: {p}", s.name);
        }
    }
    if verbose {
        for s in &loaded.sources {
            if s.duplicates > 0 {
                eprintln!("  {}: {} duplicate items dropped", s.name, s.duplicates);
            }
        }
        for e in errors.iter().take(10) {
            eprintln!("  error line {e}");
        }
        print_salary_samples(&loaded.records, &parsed, 15, 42);
    }
    Ok(Vec::new())
}

fn share(n: usize, total: usize) -> String {
    if total == 0 {
        return "–".into();
    }
    format!("{:.1}% ({n})", 100.0 * n as f64 / total as f64)
}

/// Skipped items: malformed ones, then the empty ones.
fn skipped(malformed: usize, empty: usize) -> String {
    if empty == 0 {
        malformed.to_string()
    } else {
        format!("{malformed} +{empty} empty")
    }
}

fn table_row(name: &str, skipped: String, f: &Figures, location_seen: bool) -> [String; 8] {
    let ok = f.records - f.errors;
    let eligible = match (f.eligible, location_seen) {
        (Some(n), _) => share(n, ok),
        (None, true) => "–".into(),
        (None, false) => "not yet available".into(),
    };
    let mut langs: Vec<(&String, &usize)> = f.languages.iter().collect();
    langs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let languages = langs
        .iter()
        .take(3)
        .map(|(l, n)| format!("{l} {:.0}%", 100.0 * **n as f64 / ok.max(1) as f64))
        .collect::<Vec<_>>()
        .join(", ");
    [
        name.to_string(),
        f.records.to_string(),
        skipped,
        f.errors.to_string(),
        share(f.salary, ok),
        eligible,
        share(f.skills, ok),
        languages,
    ]
}

fn print_custom_table(header: &[&str; 8], rows: &[[String; 8]]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let pad = w.saturating_sub(c.chars().count());
                // Text columns left, figures right.
                if i == 0 || i == 7 {
                    format!("{c}{}", " ".repeat(pad))
                } else {
                    format!("{}{c}", " ".repeat(pad))
                }
            })
            .collect();
        println!("| {} |", padded.join(" | "));
    };
    line(header.to_vec());
    println!(
        "|{}|",
        widths
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 || i == 7 {
                format!(":{}", "-".repeat(w + 1))
            } else {
                format!("{}:", "-".repeat(w + 1))
            })
            .collect::<Vec<_>>()
            .join("|")
    );
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}

/// SplitMix64: a small seeded generator, so the samples are the same on every run.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Prints `n` seeded random salaries (a salary field or a salary found in the description) with
/// what was parsed.
fn print_salary_samples(records: &[Record], out: &[Value], n: usize, seed: u64) {
    let mut candidates: Vec<usize> = (0..records.len().min(out.len()))
        .filter(|&i| records[i].salary.is_some() || has_salary_amount(&out[i]))
        .collect();
    eprintln!(
        "\n  {n} random salaries (seed {seed}) of {} records with a salary field or a parsed amount:",
        candidates.len()
    );
    let mut rng = SplitMix(seed);
    for _ in 0..n.min(candidates.len()) {
        let len = candidates.len() as u64;
        let pick = candidates.swap_remove((rng.next() % len) as usize);
        let (r, v) = (&records[pick], &out[pick]);
        let s = &v["salary_parsed"];
        let parsed = if has_salary_amount(v) {
            format!(
                "{}–{} {} /{}{} [{}]",
                s["min"],
                s["max"],
                s["currency"].as_str().unwrap_or("?"),
                s["period"].as_str().unwrap_or("?"),
                if s["period_inferred"] == Value::Bool(true) {
                    " (inferred)"
                } else {
                    ""
                },
                s["source"].as_str().unwrap_or("?"),
            )
        } else {
            "nothing".into()
        };
        let input = match (&r.salary, s["source"].as_str()) {
            (Some(field), Some("field") | None) => format!("{field:?}"),
            (field, _) => {
                let around = v["description"]
                    .as_str()
                    .map(|d| amount_context(d, s))
                    .unwrap_or_default();
                match field {
                    Some(f) => format!("{f:?} (field unparsed); description: …{around}…"),
                    None => format!("description: …{around}…"),
                }
            }
        };
        eprintln!("  {}: {input}\n      → {parsed}", r.id);
    }
}

/// The ways a posting may write `amount`: `90000`, `90,000`, `90.000`, `90k`, `2,236.24`,
/// `2.236,24`.
fn amount_forms(amount: f64) -> Vec<String> {
    let whole = amount.trunc() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let cents = ((amount.fract() * 100.0).round() as u64).min(99);
    let mut forms = Vec::new();
    if cents > 0 {
        forms.push(format!("{grouped}.{cents:02}"));
        forms.push(format!("{digits}.{cents:02}"));
        let dotted = grouped.replace(',', ".");
        forms.push(format!("{dotted},{cents:02}"));
        forms.push(format!("{digits},{cents:02}"));
    }
    forms.push(grouped.clone());
    forms.push(grouped.replace(',', "."));
    if whole >= 1000 && whole.is_multiple_of(1000) {
        forms.push(format!("{}k", whole / 1000));
        forms.push(format!("{}K", whole / 1000));
    }
    forms.push(digits);
    forms
}

/// About 110 characters of `text` around where the parsed amount is written (or else around
/// the first currency mark next to a digit).
fn amount_context(text: &str, salary: &Value) -> String {
    let amount = salary["min"].as_f64().or(salary["max"].as_f64());
    let by_amount = amount.into_iter().flat_map(amount_forms).find_map(|form| {
        text.match_indices(&form)
            .map(|(i, _)| i)
            .find(|&i| !text[..i].ends_with(|c: char| c.is_ascii_digit()))
    });
    const MARKS: [&str; 9] = ["R$", "US$", "$", "€", "£", "USD", "EUR", "BRL", "ARS"];
    let by_mark = || {
        text.char_indices().map(|(i, _)| i).find(|&i| {
            MARKS.iter().any(|m| {
                text[i..].starts_with(m)
                    && (text[i + m.len()..]
                        .trim_start()
                        .starts_with(|c: char| c.is_ascii_digit())
                        || text[..i].trim_end().ends_with(|c: char| c.is_ascii_digit()))
            })
        })
    };
    let Some(at) = by_amount.or_else(by_mark) else {
        return String::new();
    };
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(50)
        .map_or(0, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .nth(60)
        .map_or(text.len(), |(i, _)| at + i);
    text[start..end].replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            iso_date("2026-03-16T00:00:03+00:00").as_deref(),
            Some("2026-03-16")
        );
        assert_eq!(iso_date("10-11-2025").as_deref(), Some("2025-11-10"));
        assert_eq!(
            iso_date("Wed, 28 Sep 2022 16:27:39 +0000").as_deref(),
            Some("2022-09-28")
        );
        assert_eq!(
            iso_date("2025-04-02 18:21:39").as_deref(),
            Some("2025-04-02")
        );
        assert_eq!(iso_date("soon"), None);
        assert_eq!(unix_date(1_771_162_285).as_deref(), Some("2026-02-15"));
        assert_eq!(unix_date(0).as_deref(), Some("1970-01-01"));
    }

    #[test]
    fn nan_outside_strings_only() {
        let v = parse_json_lenient(r#"[{"a": NaN, "b": "NaN", "c": -Infinity}]"#).unwrap();
        assert!(v[0]["a"].is_null());
        assert_eq!(v[0]["b"], "NaN");
        assert!(v[0]["c"].is_null());
    }

    #[test]
    fn rss_items_with_escaped_html() {
        let xml = "<rss><channel><title>x</title><item><title>Acme: Rust Dev</title>\
            <region>USA Only</region><link>https://x.test/remote-jobs/acme-rust</link>\
            <description>&lt;p&gt;Hi &amp;amp; bye&lt;/p&gt;</description></item></channel></rss>";
        let (items, err) = parse_rss(xml);
        assert!(err.is_none());
        let r = wwr(&items[0]).unwrap();
        assert_eq!(r.id, "wwr-acme-rust");
        assert_eq!(r.company.as_deref(), Some("Acme"));
        assert_eq!(r.title, "Rust Dev");
        assert_eq!(r.description.as_deref(), Some("<p>Hi &amp; bye</p>"));
    }

    #[test]
    fn broken_rss_keeps_earlier_items() {
        let xml = "<rss><item><title>A: B</title><link>https://x.test/a</link></item>\
            <item><title>C</oops></item></rss>";
        let (items, err) = parse_rss(xml);
        assert_eq!(items.len(), 1);
        assert!(err.is_some());
    }

    #[test]
    fn amounts_are_found_as_written() {
        let salary = serde_json::json!({"min": 90000, "max": 130000});
        let text = "Team of 90 people. Vergütung von 90.000 € bis 130.000 € / Jahr";
        assert!(amount_context(text, &salary).contains("90.000 €"));
        let cents = serde_json::json!({"min": 2236.24});
        assert!(amount_context("Bolsa de R$2.236,24 e", &cents).contains("2.236,24"));
    }

    #[test]
    fn eligibility_shapes() {
        let decided = |s: &str| eligibility_decided(&serde_json::from_str(s).unwrap());
        assert_eq!(decided(r#"{"id": 1}"#), None);
        assert_eq!(
            decided(r#"{"location_parsed": {"eligible": null}}"#),
            Some(false)
        );
        assert_eq!(
            decided(r#"{"location_parsed": {"eligible": true}}"#),
            Some(true)
        );
        assert_eq!(
            decided(r#"{"location_parsed": {"eligibility": {"BR": {"eligible": false}}}}"#),
            Some(true)
        );
    }
}
