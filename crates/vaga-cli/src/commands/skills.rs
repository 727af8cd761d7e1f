//! `vaga skills extract | normalize | list`.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Subcommand};
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use vaga_domain::skills::{
    Category, Requirement, Scratch, SkillEngine, SkillIdx, Taxonomy, TaxonomySource,
};

use crate::config::{Format, Loaded};
use crate::io;
use crate::jsonl::read_batches;
use crate::timings::Timings;

/// `vaga skills …`
#[derive(Debug, Subcommand)]
pub enum SkillsCommand {
    /// Find the skills a text (plain or HTML) asks for, or those of every job record of a file.
    Extract(ExtractArgs),
    /// Map free-form skill names to canonical skills, one JSON line per name.
    Normalize {
        /// Names to look up; `-` reads one name per line from stdin.
        #[arg(required = true, value_name = "NAME")]
        names: Vec<String>,
    },
    /// Print the skill taxonomy.
    List {
        /// Only this category (programming_language, framework, library, database,
        /// cloud_platform, tool, method, certification, spoken_language, soft_skill).
        #[arg(long, value_parser = parse_category)]
        category: Option<Category>,
    },
}

/// `vaga skills extract`
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Text file to read; `-` or nothing reads stdin.
    #[arg(value_name = "FILE", conflicts_with = "jsonl")]
    file: Option<PathBuf>,
    /// Read job records (JSON Lines, `-` for stdin) and write one line per record.
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// Record field holding the text; the `title` field is always read too.
    #[arg(long, default_value = "description", requires = "jsonl")]
    field: String,
    /// Worker threads for --jsonl (default: one per core).
    #[arg(long, value_name = "N", requires = "jsonl")]
    threads: Option<usize>,
}

fn parse_category(text: &str) -> Result<Category, String> {
    Category::ALL
        .into_iter()
        .find(|c| c.as_str() == text)
        .ok_or_else(|| format!("unknown category `{text}`"))
}

/// Runs a skills command.
pub fn run(command: SkillsCommand, loaded: &Loaded, timings: &mut Timings) -> anyhow::Result<()> {
    if let SkillsCommand::Extract(args) = &command
        && let Some(path) = &args.jsonl
    {
        // Builds the engine itself, while the first batches are read.
        return extract_jsonl(path, args, loaded, timings);
    }
    let engine = timings.time("load", || load_engine(loaded))?;
    let format = loaded.config.output.format;
    match command {
        SkillsCommand::Extract(args) => match &args.jsonl {
            Some(path) => extract_jsonl(path, &args, loaded, timings),
            None => {
                let path = args.file.unwrap_or_else(|| PathBuf::from("-"));
                extract_text(&engine, &path, format, loaded, timings)
            }
        },
        SkillsCommand::Normalize { names } => normalize(&engine, &names),
        SkillsCommand::List { category } => list(&engine, category, format),
    }
}

/// The built-in taxonomy with the user's file, when there is one, on top.
pub fn load_engine(loaded: &Loaded) -> anyhow::Result<SkillEngine> {
    let configured = &loaded.config.skills.taxonomy_file;
    let user_file = if configured.as_os_str().is_empty() {
        Some(loaded.config_dir.join("skills.toml")).filter(|p| p.is_file())
    } else {
        Some(configured.clone())
    };
    let user_text = match &user_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read taxonomy file {}", path.display()))?,
        ),
        None => None,
    };
    let name = user_file
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let user = user_text
        .as_deref()
        .map(|text| TaxonomySource { name: &name, text });
    let (taxonomy, problems) = Taxonomy::builtin_with_override(user)?;
    // The built-in files are held clean by the schema test; what is left is the user's doing.
    for problem in &problems {
        if problem.source == name || problem.source == "taxonomy" {
            tracing::warn!(%problem, "taxonomy problem; the offending piece is ignored");
        } else {
            tracing::debug!(%problem, "taxonomy problem in the built-in data");
        }
    }
    Ok(SkillEngine::new(taxonomy)?)
}

fn requirement_name(r: Requirement) -> &'static str {
    match r {
        Requirement::Required => "required",
        Requirement::Optional => "optional",
        Requirement::Negated => "negated",
        Requirement::Degree => "degree",
    }
}

fn extract_text(
    engine: &SkillEngine,
    path: &Path,
    format: Format,
    loaded: &Loaded,
    timings: &mut Timings,
) -> anyhow::Result<()> {
    let (text, lossy) = timings.time("read", || {
        io::read_text(path, loaded.config.skills.max_input_bytes)
    })?;
    if lossy {
        tracing::warn!("input is not valid UTF-8; invalid bytes were replaced");
    }
    let extraction = timings.time("extract", || engine.extract(&text));
    let mut out = BufWriter::new(std::io::stdout().lock());
    timings.time("write", || -> anyhow::Result<()> {
        match format {
            Format::Json => {
                let skills: Vec<serde_json::Value> = extraction
                    .skills()
                    .map(|hit| {
                        let skill = engine.skill(hit.skill);
                        let spans: Vec<[usize; 2]> = extraction
                            .mentions
                            .iter()
                            .filter(|m| {
                                m.skill == hit.skill
                                    && matches!(
                                        m.requirement,
                                        Requirement::Required | Requirement::Optional
                                    )
                            })
                            .map(|m| [m.start, m.end])
                            .collect();
                        serde_json::json!({
                            "name": skill.name,
                            "id": skill.id,
                            "count": hit.count,
                            "category": skill.category.as_str(),
                            "requirement": requirement_name(hit.requirement),
                            "spans": spans,
                        })
                    })
                    .collect();
                let mut negated: Vec<&str> = extraction
                    .mentions
                    .iter()
                    .filter(|m| m.requirement == Requirement::Negated)
                    .filter(|m| extraction.skills().all(|h| h.skill != m.skill))
                    .map(|m| engine.skill(m.skill).name.as_str())
                    .collect();
                negated.dedup();
                serde_json::to_writer(
                    &mut out,
                    &serde_json::json!({"skills": skills, "negated": negated}),
                )?;
                writeln!(out)?;
            }
            Format::Text => {
                if extraction.is_empty() {
                    writeln!(out, "no skills found")?;
                }
                for hit in extraction.skills() {
                    let skill = engine.skill(hit.skill);
                    writeln!(
                        out,
                        "{:<32} {:<20} {:>3}  {}",
                        skill.name,
                        skill.category.as_str(),
                        hit.count,
                        requirement_name(hit.requirement)
                    )?;
                }
            }
        }
        out.flush()?;
        Ok(())
    })
}

fn extract_jsonl(
    path: &Path,
    args: &ExtractArgs,
    loaded: &Loaded,
    timings: &mut Timings,
) -> anyhow::Result<()> {
    let limit = usize::try_from(loaded.config.skills.max_record_bytes).unwrap_or(usize::MAX);
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, 64);
    let reader = io::open(path);
    let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let mut workers: Vec<Worker> = (0..threads).map(|_| Worker::default()).collect();
    let field = args.field.as_str();
    std::thread::scope(|scope| -> anyhow::Result<()> {
        // Two batches in flight: one being extracted, one being read.
        let (sender, batches) = std::sync::mpsc::sync_channel(1);
        let (recycle, recycled) = std::sync::mpsc::channel();
        let (reading, not_opened) = match reader {
            Ok(reader) => (
                Some(scope.spawn(move || read_batches(reader, limit, sender, recycled))),
                None,
            ),
            Err(e) => (None, Some(e)),
        };
        // Reading starts while the engine is built; an error building it comes first, and
        // dropping `batches` on the way out stops the reader.
        let engine = &timings.time("load", || load_engine(loaded))?;
        if let Some(e) = not_opened {
            return Err(e);
        }
        // Every skill's name as a JSON string, escaped once rather than once per mention.
        let mut names = vec![String::new(); engine.taxonomy().len()];
        for (idx, skill) in engine.taxonomy().iter() {
            push_json_str(&mut names[idx.get()], &skill.name);
        }
        let names = names.as_slice();
        for batch in batches {
            let batch = batch.context("cannot read the input")?;
            timings.time("extract", || {
                let per_worker = batch.lines.len().div_ceil(workers.len());
                std::thread::scope(|inner| {
                    for (worker, part) in workers.iter_mut().zip(batch.lines.chunks(per_worker)) {
                        let data = &batch.data;
                        inner.spawn(move || worker.run(engine, names, data, part, field, limit));
                    }
                });
            });
            timings.time("write", || -> std::io::Result<()> {
                for worker in &mut workers {
                    out.write_all(worker.out.as_bytes())?;
                    worker.out.clear();
                }
                Ok(())
            })?;
            // The reader may have finished; then the batch is simply dropped.
            let _ = recycle.send(batch);
        }
        if let Some(Ok(seconds)) = reading.map(|r| r.join()) {
            timings.add("read", seconds);
        }
        Ok(())
    })?;
    timings.time("write", || out.flush())?;
    Ok(())
}

/// One thread's buffers.
#[derive(Default)]
struct Worker {
    scratch: Scratch,
    text: String,
    out: String,
}

impl Worker {
    fn run(
        &mut self,
        engine: &SkillEngine,
        names: &[String],
        data: &[u8],
        part: &[(usize, Result<std::ops::Range<usize>, u64>)],
        field: &str,
        limit: usize,
    ) {
        for (line_no, entry) in part {
            match entry {
                Ok(range) => self.record(engine, names, *line_no, &data[range.clone()], field),
                Err(len) => error_line(
                    &mut self.out,
                    None,
                    &format!(
                        "line {line_no} is {len} bytes, over the {limit}-byte record limit (skills.max_record_bytes)"
                    ),
                ),
            }
        }
    }

    fn record(
        &mut self,
        engine: &SkillEngine,
        names: &[String],
        line_no: usize,
        line: &[u8],
        field: &str,
    ) {
        // Checking valid UTF-8 is a fast scan; the lossy decoder is only for lines that fail it.
        let text = match std::str::from_utf8(line) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(line),
        };
        if text.trim().is_empty() {
            error_line(&mut self.out, None, &format!("line {line_no} is empty"));
            return;
        }
        let mut de = serde_json::Deserializer::from_str(&text);
        let seed = RecordSeed {
            field,
            text: &mut self.text,
        };
        let record = match seed.deserialize(&mut de).and_then(|r| {
            de.end()?;
            Ok(r)
        }) {
            Ok(record) => record,
            Err(e) => {
                error_line(
                    &mut self.out,
                    None,
                    &format!("line {line_no}: invalid job record: {e}"),
                );
                return;
            }
        };
        // The text is the title, a line break and the body.
        let body = match record.text {
            // Written after the title that is still the last one: the buffer is the text.
            Some(Body::Written { title_version, .. }) if title_version == record.title_version => {
                None
            }
            Some(Body::Written { prefix, .. }) => Some(Cow::Owned(self.text.split_off(prefix))),
            Some(Body::Borrowed(body)) => Some(Cow::Borrowed(body)),
            None => Some(Cow::Borrowed("")),
        };
        if let Some(body) = body {
            self.text.clear();
            if let Some(title) = &record.title {
                self.text.push_str(title);
                self.text.push_str("\n\n");
            }
            self.text.push_str(&body);
        }
        let extraction = engine.extract_with(&self.text, &mut self.scratch);
        self.out.push_str("{\"id\":");
        self.out.push_str(record.id.map_or("null", RawValue::get));
        self.out.push_str(",\"skills\":[");
        for (i, hit) in extraction.skills().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push_str(&names[hit.skill.get()]);
        }
        self.out.push_str("]}\n");
    }
}

fn error_line(out: &mut String, id: Option<&RawValue>, message: &str) {
    out.push_str("{\"id\":");
    out.push_str(id.map_or("null", RawValue::get));
    out.push_str(",\"error\":");
    push_json_str(out, message);
    out.push_str("}\n");
}

fn push_json_str(out: &mut String, s: &str) {
    // serde_json escapes exactly as JSON requires; writing into a String cannot fail.
    let _ = write!(out, "{}", serde_json::Value::from(s));
}

/// The fields of a job record that extraction reads; everything else is skipped unparsed.
struct Record<'a> {
    id: Option<&'a RawValue>,
    title: Option<Cow<'a, str>>,
    /// How many times a title was read (the last one counts).
    title_version: u32,
    text: Option<Body<'a>>,
}

/// The text field of a record.
enum Body<'a> {
    /// Borrowed from the line (it had no escapes).
    Borrowed(&'a str),
    /// Unescaped straight into the worker's text buffer, after the title that was read by then
    /// (`title_version`) and its line break, which take the first `prefix` bytes. The title
    /// comes before the description in job records, so the buffer usually holds the whole text
    /// to extract from, copied once.
    Written { title_version: u32, prefix: usize },
}

struct RecordSeed<'f, 'b> {
    field: &'f str,
    /// The worker's text buffer.
    text: &'b mut String,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_, '_> {
    type Value = Record<'de>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_, '_> {
    type Value = Record<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut record = Record {
            id: None,
            title: None,
            title_version: 0,
            text: None,
        };
        while let Some(key) = map.next_key::<Text<'de>>()? {
            let key = key.0.unwrap_or_default();
            if key == "id" {
                record.id = Some(map.next_value()?);
            } else if key == "title" && self.field != "title" {
                record.title = map.next_value::<Text<'de>>()?.0;
                record.title_version += 1;
            } else if key == self.field {
                record.text = map.next_value_seed(BodySeed {
                    text: &mut *self.text,
                    title: record.title.as_deref(),
                    title_version: record.title_version,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(record)
    }
}

/// Reads the text field: borrowed when it can be, else unescaped into the text buffer after
/// the title read so far.
struct BodySeed<'b, 't> {
    text: &'b mut String,
    title: Option<&'t str>,
    title_version: u32,
}

impl BodySeed<'_, '_> {
    fn write<'de>(self, body: &str) -> Option<Body<'de>> {
        self.text.clear();
        if let Some(title) = self.title {
            self.text.push_str(title);
            self.text.push_str("\n\n");
        }
        let prefix = self.text.len();
        self.text.push_str(body);
        Some(Body::Written {
            title_version: self.title_version,
            prefix,
        })
    }
}

impl<'de> DeserializeSeed<'de> for BodySeed<'_, '_> {
    type Value = Option<Body<'de>>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for BodySeed<'_, '_> {
    type Value = Option<Body<'de>>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Body::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.write(v))
    }
    // Anything but a string is no text, as for `Text`.
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// A string borrowed from the input when it has no escapes; any other JSON value reads as
/// `None` (a number where text was expected is not text).
struct Text<'a>(Option<Cow<'a, str>>);

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_string<E>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Some(Cow::Owned(v))))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Text<'de>, E> {
                Ok(Text(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Text<'de>, E> {
                Ok(Text(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Text<'de>, E> {
                Ok(Text(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Text<'de>, E> {
                Ok(Text(None))
            }
            fn visit_unit<E>(self) -> Result<Text<'de>, E> {
                Ok(Text(None))
            }
            fn visit_none<E>(self) -> Result<Text<'de>, E> {
                Ok(Text(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text<'de>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Text(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text<'de>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Text(None))
            }
        }
        d.deserialize_any(V)
    }
}

fn normalize(engine: &SkillEngine, names: &[String]) -> anyhow::Result<()> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut write = |name: &str| -> anyhow::Result<()> {
        let skill = engine.normalize(name).map(|idx| engine.skill(idx));
        let line = serde_json::json!({
            "input": name,
            "skill": skill.map(|s| s.name.as_str()),
            "id": skill.map(|s| s.id.as_str()),
        });
        serde_json::to_writer(&mut out, &line)?;
        writeln!(out)?;
        Ok(())
    };
    for name in names {
        if name == "-" {
            let text = io::read_text(Path::new("-"), 64 << 20)?.0;
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                write(line)?;
            }
        } else {
            write(name)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn list(engine: &SkillEngine, category: Option<Category>, format: Format) -> anyhow::Result<()> {
    let taxonomy = engine.taxonomy();
    let ids = |list: &[SkillIdx]| -> Vec<&str> {
        list.iter()
            .map(|&i| taxonomy.skill(i).id.as_str())
            .collect()
    };
    let selected = taxonomy
        .iter()
        .filter(|(_, s)| category.is_none_or(|c| s.category == c));
    let mut out = BufWriter::new(std::io::stdout().lock());
    match format {
        Format::Json => {
            let skills: Vec<serde_json::Value> = selected
                .map(|(_, s)| {
                    serde_json::json!({
                        "name": s.name,
                        "id": s.id,
                        "category": s.category.as_str(),
                        "aliases": s.aliases,
                        "ambiguous": s.ambiguous,
                        "parents": ids(&s.parents),
                        "related": ids(&s.related),
                        "learning": s.learning.as_ref().map(|l| serde_json::json!({
                            "hours": l.hours,
                            "difficulty": l.difficulty,
                            "prerequisites": ids(&l.prerequisites),
                            "resources": l.resources,
                        })),
                    })
                })
                .collect();
            let count = skills.len();
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({"count": count, "skills": skills}),
            )?;
            writeln!(out)?;
        }
        Format::Text => {
            for (_, s) in selected {
                writeln!(
                    out,
                    "{:<36} {:<36} {:<20} {}",
                    s.id,
                    s.name,
                    s.category.as_str(),
                    s.aliases.join(" | ")
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
