//! `xtask fuzz-documents`: a mutation fuzzer for the document readers' entry points.
//!
//! cargo-fuzz needs a nightly compiler, which this project does not use; this is the same idea
//! on stable: start from the committed fixtures, mutate them (byte flips, truncation, splices,
//! digit changes that break PDF lengths and offsets, and for DOCX the XML inside the zip,
//! re-zipped so the reader gets past the archive), and feed every mutant to
//! `vaga_documents::read_in_process`, the function the reading child runs. It counts outcomes,
//! and fails on what the child would not survive cleanly:
//! - a panic in Vaga's own readers (DOCX, text, detection): a bug. Panics inside the PDF library
//!   are caught there and answered as "the reader crashed"; they are counted and shown, since
//!   the child turns them into a one-line error;
//! - an execution slower than `--slow-ms` (the child would be stopped by its time limit);
//! - memory: the run has an address-space limit (`--max-memory-mb`), so a runaway allocation
//!   aborts the run, and the peak resident size is reported.
//!
//! Deterministic for a seed.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use vaga_documents::{DocumentError, Kind, Limits};

/// xorshift64*: small, fast and deterministic; quality is not the point here.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One mutation of `data`, using `other` for splices.
fn mutate(rng: &mut Rng, data: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        match rng.below(7) {
            0 => {
                // Flip a few bits.
                for _ in 0..1 + rng.below(8) {
                    if !out.is_empty() {
                        let at = rng.below(out.len());
                        out[at] ^= 1 << rng.below(8);
                    }
                }
            }
            1 => {
                let keep = rng.below(out.len() + 1);
                out.truncate(keep);
            }
            2 if !other.is_empty() => {
                // Splice a chunk of another seed in.
                let from = rng.below(other.len());
                let len = rng.below((other.len() - from).min(4096) + 1);
                let at = rng.below(out.len() + 1);
                out.splice(at..at, other[from..from + len].iter().copied());
            }
            3 => {
                // Change digits: lengths, offsets, object numbers, counts.
                let digits: Vec<usize> = out
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| b.is_ascii_digit())
                    .map(|(i, _)| i)
                    .collect();
                for _ in 0..1 + rng.below(4) {
                    if !digits.is_empty() {
                        let at = digits[rng.below(digits.len())];
                        out[at] = b"0123456789"[rng.below(10)];
                        if rng.below(4) == 0 {
                            out.splice(at..at, b"99999".iter().copied());
                        }
                    }
                }
            }
            4 => {
                // Duplicate a chunk (deep nesting, repeated objects).
                if !out.is_empty() {
                    let from = rng.below(out.len());
                    let len = rng.below((out.len() - from).min(512) + 1);
                    let chunk = out[from..from + len].to_vec();
                    for _ in 0..1 + rng.below(8) {
                        let at = rng.below(out.len() + 1);
                        out.splice(at..at, chunk.iter().copied());
                    }
                }
            }
            5 => {
                // Random bytes.
                let at = rng.below(out.len() + 1);
                let bytes: Vec<u8> = (0..1 + rng.below(64)).map(|_| rng.next() as u8).collect();
                out.splice(at..at, bytes);
            }
            _ => {
                // Delete a chunk.
                if !out.is_empty() {
                    let from = rng.below(out.len());
                    let len = rng.below((out.len() - from).min(1024) + 1);
                    out.drain(from..from + len);
                }
            }
        }
    }
    out
}

/// The parts of a DOCX, unzipped once.
fn unzip(docx: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).ok()?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let mut parts = Vec::new();
    for name in names {
        let mut data = Vec::new();
        archive.by_name(&name).ok()?.read_to_end(&mut data).ok()?;
        parts.push((name, data));
    }
    Some(parts)
}

/// A DOCX with one of its XML parts mutated and the archive rebuilt (stored, so rebuilding is
/// cheap), so the mutation reaches the XML reader instead of failing the zip checksum.
fn mutate_docx(rng: &mut Rng, parts: &[(String, Vec<u8>)], other: &[u8]) -> Option<Vec<u8>> {
    let xml: Vec<usize> = (0..parts.len())
        .filter(|&i| parts[i].0.ends_with(".xml"))
        .collect();
    let target = *xml.get(rng.below(xml.len()))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (i, (name, data)) in parts.iter().enumerate() {
        out.start_file(name.as_str(), options).ok()?;
        if i == target {
            out.write_all(&mutate(rng, data, other)).ok()?;
        } else {
            out.write_all(data).ok()?;
        }
    }
    Some(out.finish().ok()?.into_inner())
}

fn seeds(dir: &Path) -> anyhow::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut seeds = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| dir.display().to_string())? {
        let path = entry?.path();
        if path.is_file() {
            seeds.push((path.clone(), std::fs::read(&path)?));
        }
    }
    seeds.sort();
    anyhow::ensure!(!seeds.is_empty(), "no seed files in {}", dir.display());
    Ok(seeds)
}

/// Peak resident memory of this process, from `/proc/self/status`.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Outcome counts of one target.
#[derive(Default)]
struct Stats {
    runs: u64,
    ok: u64,
    errors: std::collections::BTreeMap<String, u64>,
    caught_panics: Vec<String>,
    slowest: Duration,
    total: Duration,
}

pub fn run(
    kind: &str,
    runs: u64,
    seed: u64,
    slow_ms: u64,
    max_memory_mb: u64,
) -> anyhow::Result<()> {
    let root = crate::eval::workspace_root();
    let all = seeds(&root.join("crates/vaga-documents/tests/fixtures"))?;
    let wanted: &[Kind] = match kind {
        "pdf" => &[Kind::Pdf],
        "docx" => &[Kind::Docx],
        "all" => &[Kind::Pdf, Kind::Docx],
        _ => bail!("--kind is pdf, docx or all"),
    };
    type Seed<'a> = (
        Kind,
        &'a PathBuf,
        &'a Vec<u8>,
        Option<Vec<(String, Vec<u8>)>>,
    );
    let pool: Vec<Seed> = all
        .iter()
        .filter_map(|(p, b)| {
            let k = vaga_documents::detect(b).ok()?;
            let parts = if k == Kind::Docx { unzip(b) } else { None };
            wanted.contains(&k).then_some((k, p, b, parts))
        })
        .collect();
    anyhow::ensure!(!pool.is_empty(), "no {kind} seeds among the fixtures");
    // A runaway allocation must end the run, not the machine.
    let bytes = max_memory_mb.saturating_mul(1024 * 1024);
    rlimit::setrlimit(rlimit::Resource::AS, bytes, bytes).context("cannot set the memory limit")?;
    // Panics are counted, not printed.
    std::panic::set_hook(Box::new(|_| {}));

    let limits = Limits {
        timeout: Duration::from_millis(slow_ms.max(1) * 4),
        ..Limits::default()
    };
    let mut rng = Rng(seed | 1);
    let mut stats: std::collections::BTreeMap<&'static str, Stats> = Default::default();
    let mut slow: Vec<(String, Duration)> = Vec::new();
    let started = Instant::now();
    for i in 0..runs {
        let (k, path, data, parts) = &pool[rng.below(pool.len())];
        let (k, data) = (*k, data.as_slice());
        let other = pool[rng.below(pool.len())].2.as_slice();
        let input = match parts {
            Some(parts) if rng.below(4) != 0 => {
                mutate_docx(&mut rng, parts, other).unwrap_or_else(|| mutate(&mut rng, data, other))
            }
            _ => mutate(&mut rng, data, other),
        };
        let t = Instant::now();
        let result = vaga_documents::read_in_process(&input, &limits);
        let took = t.elapsed();
        let name = if k == Kind::Pdf { "pdf" } else { "docx" };
        let s = stats.entry(name).or_default();
        s.runs += 1;
        s.total += took;
        s.slowest = s.slowest.max(took);
        if took > Duration::from_millis(slow_ms) {
            slow.push((format!("run {i} from {}", path.display()), took));
            let file = std::env::temp_dir().join(format!("vaga-fuzz-slow-{seed}-{i}.bin"));
            let _ = std::fs::write(&file, &input);
        }
        match result {
            Ok(_) => s.ok += 1,
            Err(DocumentError::Crashed(message)) => {
                if s.caught_panics.len() < 20 && !s.caught_panics.contains(&message) {
                    s.caught_panics.push(message.clone());
                }
                *s.errors.entry("crashed (panic caught)".into()).or_default() += 1;
                if k != Kind::Pdf {
                    let file =
                        std::env::temp_dir().join(format!("vaga-fuzz-panic-{seed}-{i}.docx"));
                    let _ = std::fs::write(&file, &input);
                    bail!(
                        "Vaga's DOCX reader panicked on run {i} ({message}); input saved to {}",
                        file.display()
                    );
                }
            }
            Err(e) => {
                let label = format!("{e}");
                let label = label.split(':').next().unwrap_or_default().to_string();
                *s.errors.entry(label).or_default() += 1;
            }
        }
        if (i + 1) % 100_000 == 0 {
            eprintln!("{} runs, {:.0} s", i + 1, started.elapsed().as_secs_f64());
        }
    }
    let elapsed = started.elapsed();
    println!(
        "{runs} runs in {:.1} s ({:.0}/s), seed {seed}, peak RSS {} MB, memory limit {max_memory_mb} MB",
        elapsed.as_secs_f64(),
        runs as f64 / elapsed.as_secs_f64(),
        peak_rss_kb().map_or("?".into(), |kb| (kb / 1024).to_string()),
    );
    for (name, s) in &stats {
        println!(
            "\n{name}: {} runs, {} read, mean {:.2} ms, slowest {:.1} ms",
            s.runs,
            s.ok,
            s.total.as_secs_f64() * 1000.0 / s.runs.max(1) as f64,
            s.slowest.as_secs_f64() * 1000.0
        );
        for (label, n) in &s.errors {
            println!("  {n:>8}  {label}");
        }
        for message in &s.caught_panics {
            println!("  caught panic: {message}");
        }
    }
    if !slow.is_empty() {
        for (what, took) in slow.iter().take(10) {
            println!("slow: {what}: {:.1} ms", took.as_secs_f64() * 1000.0);
        }
        bail!(
            "{} executions over {slow_ms} ms (inputs saved in the temp directory)",
            slow.len()
        );
    }
    Ok(())
}
