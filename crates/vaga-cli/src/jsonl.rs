//! JSON Lines in, JSON Lines out: one output line per input line, in input order, with reading
//! on its own thread and records handled in parallel batches.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::Path;

use anyhow::Context;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::io::{self, Line};
use crate::timings::Timings;

/// Handles one record at a time; one instance per thread.
pub trait Processor: Send {
    /// Appends exactly one line (with its `\n`) to `out` for the record `line`.
    fn record(&mut self, line_no: usize, line: &str, out: &mut String);
}

/// Settings of one run.
pub struct Run<'a> {
    /// Longest record accepted, in bytes.
    pub limit: usize,
    /// The name of the processing phase in `--timings`.
    pub phase: &'static str,
    /// The configuration key that sets `limit`, for the error message.
    pub limit_key: &'a str,
}

impl Run<'static> {
    /// The settings of a job-records command: the record limit from `[skills] max_record_bytes`.
    pub fn for_records(loaded: &crate::config::Loaded, phase: &'static str) -> Run<'static> {
        Run {
            limit: usize::try_from(loaded.config.skills.max_record_bytes).unwrap_or(usize::MAX),
            phase,
            limit_key: "skills.max_record_bytes",
        }
    }
}

/// The number of worker threads: the flag, or every core.
pub fn threads(flag: Option<usize>) -> usize {
    flag.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, 64)
}

/// Runs `processors` (one per thread) over the JSON Lines of `path` (`-` for stdin), writing
/// to stdout.
pub fn run<P: Processor>(
    path: &Path,
    settings: &Run,
    processors: Vec<P>,
    timings: &mut Timings,
) -> anyhow::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let mut workers: Vec<(P, String)> =
        processors.into_iter().map(|p| (p, String::new())).collect();
    drive(
        path,
        settings,
        &mut workers,
        timings,
        |(processor, buf), data, part| process(processor, buf, data, part, settings),
        |workers| {
            for (_, buf) in workers.iter_mut() {
                out.write_all(buf.as_bytes())?;
                buf.clear();
            }
            Ok(())
        },
    )?;
    timings.time("write", || out.flush())?;
    Ok(())
}

/// Maps every line of `path` to a value on `threads` threads and returns the values in input
/// order: `f` gets the line number and the line, or the message of why it could not be read.
pub fn collect<T, F>(
    path: &Path,
    settings: &Run,
    threads: usize,
    f: F,
    timings: &mut Timings,
) -> anyhow::Result<Vec<T>>
where
    T: Send,
    F: Fn(usize, Result<&str, String>) -> T + Sync,
{
    let mut workers: Vec<Vec<T>> = (0..threads.max(1)).map(|_| Vec::new()).collect();
    let mut all = Vec::new();
    drive(
        path,
        settings,
        &mut workers,
        timings,
        |values, data, part| {
            for (line_no, entry) in part {
                let value = match entry {
                    Ok(range) => {
                        let text = utf8(&data[range.clone()]);
                        if text.trim().is_empty() {
                            f(*line_no, Err(format!("line {line_no} is empty")))
                        } else {
                            f(*line_no, Ok(&text))
                        }
                    }
                    Err(len) => f(*line_no, Err(too_long(*line_no, *len, settings))),
                };
                values.push(value);
            }
        },
        |workers| {
            for values in workers.iter_mut() {
                all.append(values);
            }
            Ok(())
        },
    )?;
    Ok(all)
}

/// Reads `path` in batches on a reader thread; each batch is split in order over `workers`
/// (one thread each) for `work`, then handed to `after`.
fn drive<W, Work, After>(
    path: &Path,
    settings: &Run,
    workers: &mut [W],
    timings: &mut Timings,
    work: Work,
    mut after: After,
) -> anyhow::Result<()>
where
    W: Send,
    Work: Fn(&mut W, &[u8], &[(usize, Result<Range<usize>, u64>)]) + Sync,
    After: FnMut(&mut [W]) -> std::io::Result<()>,
{
    let reader = io::open(path)?;
    let limit = settings.limit;
    std::thread::scope(|scope| -> anyhow::Result<()> {
        // Two batches in flight: one being processed, one being read.
        let (sender, batches) = std::sync::mpsc::sync_channel(1);
        let (recycle, recycled) = std::sync::mpsc::channel();
        let reading = scope.spawn(move || read_batches(reader, limit, sender, recycled));
        for batch in batches {
            let batch = batch.context("cannot read the input")?;
            timings.time(settings.phase, || {
                let per_worker = batch.lines.len().div_ceil(workers.len()).max(1);
                std::thread::scope(|inner| {
                    for (worker, part) in workers.iter_mut().zip(batch.lines.chunks(per_worker)) {
                        let data = &batch.data;
                        let work = &work;
                        inner.spawn(move || work(worker, data, part));
                    }
                });
            });
            timings.time("write", || after(workers))?;
            let _ = recycle.send(batch);
        }
        if let Ok(seconds) = reading.join() {
            timings.add("read", seconds);
        }
        Ok(())
    })
}

/// A line as text: borrowed when it is valid UTF-8 (checked with the fast validator), decoded
/// lossily otherwise.
fn utf8(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

fn too_long(line_no: usize, len: u64, settings: &Run) -> String {
    format!(
        "line {line_no} is {len} bytes, over the {}-byte record limit ({})",
        settings.limit, settings.limit_key
    )
}

fn process<P: Processor>(
    processor: &mut P,
    out: &mut String,
    data: &[u8],
    part: &[(usize, Result<Range<usize>, u64>)],
    settings: &Run,
) {
    for (line_no, entry) in part {
        match entry {
            Ok(range) => {
                let text = utf8(&data[range.clone()]);
                if text.trim().is_empty() {
                    error_line(out, None, &format!("line {line_no} is empty"));
                } else {
                    processor.record(*line_no, &text, out);
                }
            }
            Err(len) => error_line(out, None, &too_long(*line_no, *len, settings)),
        }
    }
}

/// Lines read and processed together; big enough to keep every core busy.
pub(crate) const BATCH_LINES: usize = 4096;
pub(crate) const BATCH_BYTES: usize = 8 << 20;

/// A batch of JSON Lines: the bytes of its records and, per line, its number and either the
/// range of its bytes or, for an over-long line, its length.
#[derive(Default)]
pub(crate) struct Batch {
    pub(crate) data: Vec<u8>,
    pub(crate) lines: Vec<(usize, Result<std::ops::Range<usize>, u64>)>,
}

/// Appends the next line of `reader` to `data`, without its newline (nor the `\r` before it),
/// reading at most `limit + 1` bytes of it: `None` at the end of the input, else the line's
/// range in `data`, or the length of a line over the limit (whose bytes are not kept). The
/// newline is found by `read_until`'s `memchr`, and the line lands in the batch with one copy.
fn next_record(
    reader: &mut dyn std::io::BufRead,
    data: &mut Vec<u8>,
    limit: usize,
    skipped: &mut Vec<u8>,
) -> std::io::Result<Option<Result<std::ops::Range<usize>, u64>>> {
    use std::io::{BufRead as _, Read as _};
    let start = data.len();
    let read = (&mut *reader)
        .take((limit as u64).saturating_add(1))
        .read_until(b'\n', data)?;
    if read == 0 {
        return Ok(None);
    }
    if data.last() == Some(&b'\n') {
        data.pop();
        if data.len() > start && data.last() == Some(&b'\r') {
            data.pop();
        }
    } else if read > limit {
        // Over the limit and no newline yet: drop what was kept and measure the rest.
        data.truncate(start);
        let rest = match io::next_line(reader, skipped, 0)? {
            Some(Line::TooLong(len)) => len,
            _ => 0,
        };
        return Ok(Some(Err(read as u64 + rest)));
    }
    Ok(Some(Ok(start..data.len())))
}

/// Reads batches on its own thread so that reading overlaps extraction; returns the seconds it
/// spent reading (not waiting for the extraction to take a batch).
pub(crate) fn read_batches(
    mut reader: Box<dyn std::io::BufRead + Send>,
    limit: usize,
    batches: std::sync::mpsc::SyncSender<std::io::Result<Batch>>,
    recycled: std::sync::mpsc::Receiver<Batch>,
) -> f64 {
    let mut reading = 0.0;
    let mut skipped = Vec::new();
    let mut line_no = 0usize;
    loop {
        let started = std::time::Instant::now();
        // Batches come back once written: reusing their buffers spares the kernel mapping and
        // zeroing 8 MB of fresh pages for every batch.
        let mut batch = match recycled.try_recv() {
            Ok(mut batch) => {
                batch.data.clear();
                batch.lines.clear();
                batch
            }
            Err(_) => Batch {
                data: Vec::with_capacity(BATCH_BYTES + (64 << 10)),
                lines: Vec::with_capacity(BATCH_LINES),
            },
        };
        let mut done = false;
        while batch.lines.len() < BATCH_LINES && batch.data.len() < BATCH_BYTES {
            match next_record(&mut *reader, &mut batch.data, limit, &mut skipped) {
                Err(e) => {
                    let _ = batches.send(Err(e));
                    return reading + started.elapsed().as_secs_f64();
                }
                Ok(None) => {
                    done = true;
                    break;
                }
                Ok(Some(entry)) => {
                    line_no += 1;
                    batch.lines.push((line_no, entry));
                }
            }
        }
        reading += started.elapsed().as_secs_f64();
        if !batch.lines.is_empty() && batches.send(Ok(batch)).is_err() {
            break;
        }
        if done {
            break;
        }
    }
    reading
}

/// Writes `{"id": ..., "error": "..."}` and a newline.
pub fn error_line(out: &mut String, id: Option<&RawValue>, message: &str) {
    out.push_str("{\"id\":");
    out.push_str(id.map_or("null", RawValue::get));
    out.push_str(",\"error\":");
    push_json_str(out, message);
    out.push_str("}\n");
}

/// Appends `s` as a JSON string: `"` and `\\` escaped, control characters as `\\n`, `\\t` or
/// `\\u00XX`; everything else (all of Unicode) as it is, copied in runs.
pub fn push_json_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut run = 0;
    // Usually the only bytes to escape are quotes, backslashes and newlines: jump between them.
    let other_controls = bytes.chunks(64).any(|chunk| {
        chunk
            .iter()
            .fold(false, |seen, &b| seen | ((b < 0x20) & (b != b'\n')))
    });
    if !other_controls {
        for i in memchr::memchr3_iter(b'"', b'\\', b'\n', bytes) {
            out.push_str(&s[run..i]);
            out.push_str(match bytes[i] {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                _ => "\\n",
            });
            run = i + 1;
        }
        out.push_str(&s[run..]);
        out.push('"');
        return;
    }
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        // Every byte that needs escaping is ASCII, so `run..i` is on character boundaries.
        out.push_str(&s[run..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

/// A JSON object whose fields are kept in order and unparsed, so that a record can be
/// enriched and written back without decoding what is not needed.
pub struct RawRecord<'a> {
    /// The fields in input order.
    pub fields: Vec<(Cow<'a, str>, &'a RawValue)>,
}

impl<'a> RawRecord<'a> {
    /// Parses one JSON object.
    pub fn parse(line: &'a str) -> Result<RawRecord<'a>, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(line);
        let record = RawSeed.deserialize(&mut de)?;
        de.end()?;
        Ok(record)
    }

    /// A field's raw value.
    pub fn raw(&self, key: &str) -> Option<&'a RawValue> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    /// The `id`, raw.
    pub fn id(&self) -> Option<&'a RawValue> {
        self.raw("id")
    }

    /// A field as text: strings decoded, numbers and booleans as written, anything else `None`.
    pub fn text(&self, key: &str) -> Option<Cow<'a, str>> {
        raw_text(self.raw(key)?)
    }

    /// A field that is a boolean.
    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.raw(key)?.get() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// A field that is a list of strings (other elements are skipped); strings without escapes
    /// are borrowed.
    pub fn strings(&self, key: &str) -> Vec<Cow<'a, str>> {
        let Some(raw) = self.raw(key) else {
            return Vec::new();
        };
        serde_json::from_str::<Vec<&'a RawValue>>(raw.get())
            .unwrap_or_default()
            .into_iter()
            .filter(|v| v.get().starts_with('"'))
            .filter_map(raw_text)
            .collect()
    }
}

/// A raw value as text, when it is a string, a number or a boolean. Strings without escapes
/// are borrowed.
pub fn raw_text(raw: &RawValue) -> Option<Cow<'_, str>> {
    let s = raw.get();
    if s.starts_with('"') {
        if s.len() >= 2 && memchr::memchr(b'\\', s.as_bytes()).is_none() {
            return Some(Cow::Borrowed(&s[1..s.len() - 1]));
        }
        return serde_json::from_str::<String>(s).ok().map(Cow::Owned);
    }
    if s == "null" || s.starts_with('[') || s.starts_with('{') {
        return None;
    }
    Some(Cow::Borrowed(s))
}

struct RawSeed;

impl<'de> DeserializeSeed<'de> for RawSeed {
    type Value = RawRecord<'de>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RawSeed {
    type Value = RawRecord<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Vec::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if fields.iter().any(|(k, _): &(Cow<'de, str>, _)| *k == key) {
                // Later duplicates are ignored, as most JSON readers keep one.
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            fields.push((key, map.next_value::<&'de RawValue>()?));
        }
        Ok(RawRecord { fields })
    }
}

/// An object key, borrowed from the input when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_escape_like_serde_json() {
        for s in [
            "",
            "plain",
            "quote \" back \\ slash",
            "ctl \u{1}\u{1f}\n\r\t",
            "ção ’ 😀",
            "\u{7f}",
        ] {
            let mut out = String::new();
            push_json_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).expect("serialises"), "{s:?}");
        }
    }

    #[test]
    fn fields_stay_raw_and_in_order() {
        let record = RawRecord::parse(
            r#"{"id": 7, "title": "Dev\u00e9", "remote": true, "n": null, "skills": ["a", 1]}"#,
        )
        .expect("valid");
        let keys: Vec<&str> = record.fields.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["id", "title", "remote", "n", "skills"]);
        assert_eq!(record.id().map(RawValue::get), Some("7"));
        assert_eq!(record.text("title").as_deref(), Some("Devé"));
        assert_eq!(record.bool("remote"), Some(true));
        assert_eq!(record.text("n"), None);
        assert_eq!(record.strings("skills"), ["a"]);
        assert!(RawRecord::parse("[1]").is_err());
        let escaped = RawRecord::parse(r#"{"a\u0062": "x\"y"}"#).expect("valid");
        assert_eq!(escaped.fields[0].0, "ab");
        assert_eq!(escaped.text("ab").as_deref(), Some("x\"y"));
        assert!(RawRecord::parse("{\"a\":1} x").is_err());
    }
}
