//! The JSON Lines file `vaga sources sync --out FILE` merges into.
//!
//! The file holds normalised job records (as `vaga jobs normalize` writes them), one per posting,
//! keyed by `id` (`source:external id`). A sync reads it whole, then for each posting fetched:
//! the same id with the same content is unchanged; the same id with other content replaces the
//! record in place (its `first_seen_at` kept); a new id that the dedup engine finds to be the
//! same posting as a stored one (another source, a repost) is counted as a duplicate and not
//! stored; anything else is appended. The file is rewritten through a temporary file and a
//! rename, so an interrupted sync leaves the previous file whole. Lines the sync cannot read are
//! kept as they are.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use vaga_domain::posting::dedup::{DedupIndex, DedupOptions};
use vaga_sources::SourcePosting;
use vaga_sources::sync::{Outcome, PostingSink};

use crate::commands::jobs::{NormalizeWorker, fingerprint};
use crate::jsonl::{Processor, RawRecord, push_json_str};

/// One line of the file, as stored (no newline).
struct Line {
    text: String,
}

/// A JSON Lines file of normalised postings, merged into.
pub struct FileSink<'a> {
    path: PathBuf,
    worker: NormalizeWorker<'a>,
    lines: Vec<Line>,
    by_id: HashMap<String, usize>,
    /// Fingerprints of stored postings.
    index: DedupIndex,
    today: String,
    max_record_bytes: usize,
    /// Lines of the existing file that could not be read (kept as they are).
    pub unreadable: usize,
}

impl<'a> FileSink<'a> {
    /// Opens `path` (a missing file is an empty one).
    pub fn open(
        path: &Path,
        worker: NormalizeWorker<'a>,
        today: String,
        max_record_bytes: usize,
    ) -> anyhow::Result<Self> {
        let mut sink = FileSink {
            path: path.to_path_buf(),
            worker,
            lines: Vec::new(),
            by_id: HashMap::new(),
            index: DedupIndex::new(DedupOptions::default()),
            today,
            max_record_bytes,
            unreadable: 0,
        };
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(sink),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = line.with_context(|| format!("cannot read {}", path.display()))?;
            let text = line.trim();
            if text.is_empty() {
                continue;
            }
            let (id, fp) = fingerprint(n + 1, Ok(text));
            let id = id.and_then(|raw| serde_json::from_str::<String>(&raw).ok());
            let position = sink.lines.len();
            match (&id, fp) {
                (Some(id), Ok(fp)) if !sink.by_id.contains_key(id) => {
                    sink.by_id.insert(id.clone(), position);
                    sink.index.insert(fp);
                }
                _ => sink.unreadable += 1,
            }
            sink.lines.push(Line {
                text: text.to_string(),
            });
        }
        Ok(sink)
    }

    /// Writes the file: to a temporary file beside it, then renamed over it.
    pub fn finish(self) -> anyhow::Result<()> {
        let dir = self
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "postings.jsonl".into());
        let temp = dir.join(format!(".{name}.partial"));
        let write = || -> std::io::Result<()> {
            let mut out = BufWriter::new(std::fs::File::create(&temp)?);
            for line in &self.lines {
                out.write_all(line.text.as_bytes())?;
                out.write_all(b"\n")?;
            }
            out.into_inner().map_err(|e| e.into_error())?.sync_all()
        };
        write().with_context(|| format!("cannot write {}", temp.display()))?;
        std::fs::rename(&temp, &self.path)
            .with_context(|| format!("cannot replace {}", self.path.display()))
    }

    /// The normalised line of a posting, with `first_seen_at`.
    fn normalized(&mut self, posting: &SourcePosting, first_seen: &str) -> Result<String, String> {
        let raw = serde_json::to_string(posting).map_err(|e| e.to_string())?;
        if raw.len() > self.max_record_bytes {
            return Err(format!(
                "record of {} bytes is over the limit of {} bytes",
                raw.len(),
                self.max_record_bytes
            ));
        }
        let mut out = String::with_capacity(raw.len() * 2);
        self.worker.record(0, &raw, &mut out);
        let mut line = out.trim_end().to_string();
        if line.starts_with("{\"id\":null,\"error\"") || !line.ends_with('}') {
            return Err(format!("normalisation failed: {line}"));
        }
        line.pop();
        line.push_str(",\"first_seen_at\":");
        push_json_str(&mut line, first_seen);
        line.push('}');
        Ok(line)
    }
}

impl PostingSink for FileSink<'_> {
    fn accept(&mut self, posting: SourcePosting) -> Result<Outcome, String> {
        if let Some(&at) = self.by_id.get(&posting.id) {
            let first_seen = RawRecord::parse(&self.lines[at].text)
                .ok()
                .and_then(|r| r.text("first_seen_at").map(|t| t.into_owned()))
                .unwrap_or_else(|| self.today.clone());
            let line = self.normalized(&posting, &first_seen)?;
            if line == self.lines[at].text {
                return Ok(Outcome::Unchanged);
            }
            self.lines[at].text = line;
            return Ok(Outcome::Updated);
        }
        let today = self.today.clone();
        let line = self.normalized(&posting, &today)?;
        let (_, fp) = fingerprint(0, Ok(&line));
        let fp = fp?;
        if self.index.find(&fp).is_some() {
            return Ok(Outcome::Duplicate);
        }
        let position = self.lines.len();
        self.index.insert(fp);
        self.by_id.insert(posting.id, position);
        self.lines.push(Line { text: line });
        Ok(Outcome::New)
    }
}
