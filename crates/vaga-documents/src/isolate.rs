//! Reading in a child process, with a time limit and a memory limit.
//!
//! The protocol, on the child's standard streams:
//! - stdin: one line of JSON with the parent's [`Limits`], then the file's bytes;
//! - stdout: anything, then a line [`REPLY_MARKER`], then one line of JSON: the
//!   `Result<Document, DocumentError>`. Text before the marker (a library printing to stdout, a test
//!   harness announcing itself) is ignored;
//! - stderr: diagnostics; the parent keeps the last few KiB to explain a crash.
//!
//! The child applies the stricter of its own limits and the parent's, caps its address space
//! (`RLIMIT_AS`) and CPU time (`RLIMIT_CPU`) and disables core dumps before it reads the file, and
//! turns a panic into an error reply. The parent kills it at the time limit, and maps a signal, a
//! non-zero exit or a missing or malformed reply to a [`DocumentError`].
//!
//! Text and JSON files are read in the parent: their readers are this crate's own bounded code on
//! `encoding_rs` and `serde_json`, property-tested not to panic, and a process spawn would be most of
//! their cost. DOCX files go through the child like PDFs: decompression is where memory goes, and the
//! address-space limit backs up the reader's own caps.

use std::io::{BufRead, Read, Write};
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Instant;

use wait_timeout::ChildExt;

use crate::{
    Document, DocumentError, Kind, Limits, check_and_detect, error::one_line, read_in_process,
};

/// The line that precedes the child's JSON reply on its stdout.
pub(crate) const REPLY_MARKER: &str = "=== vaga-documents reply ===";

/// The most bytes of stdout the parent reads from the child.
const MAX_REPLY: u64 = 64 * 1024 * 1024;
/// The most bytes of stderr the parent keeps.
const MAX_STDERR: usize = 16 * 1024;
/// The stack of the child's reader thread (a main thread's usual 8 MiB).
const READER_STACK: usize = 8 * 1024 * 1024;
/// The most bytes of the limits line.
const MAX_HEADER: u64 = 4096;

/// Reads `bytes` in the child process `child` (a command that runs [`serve_child`]), with
/// `limits`; text and JSON files are read here without a child.
///
/// `child` gets piped standard streams; set its program, arguments and environment. The child is
/// killed when `limits.timeout` runs out ([`DocumentError::TimedOut`]); a child that dies of its memory
/// limit is [`DocumentError::OutOfMemory`], any other death [`DocumentError::Crashed`]. Never panics.
pub fn read_isolated(
    bytes: &[u8],
    limits: &Limits,
    mut child: Command,
) -> Result<Document, DocumentError> {
    let started = Instant::now();
    let kind = check_and_detect(bytes, limits)?;
    if matches!(kind, Kind::Text | Kind::JsonResume) {
        return read_in_process(bytes, limits);
    }
    let header = serde_json::to_string(limits).map_err(|e| DocumentError::Io(e.to_string()))?;
    let mut process = child
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| DocumentError::Io(format!("cannot start the reader process: {e}")))?;

    let (Some(mut stdin), Some(stdout), Some(stderr)) = (
        process.stdin.take(),
        process.stdout.take(),
        process.stderr.take(),
    ) else {
        let _ = process.kill();
        let _ = process.wait();
        return Err(DocumentError::Io("the reader process has no pipes".into()));
    };
    let input = bytes.to_vec();
    // The writer and the readers are not joined: a grandchild that inherited the pipes could keep
    // them open after the child is killed. The readers report through channels instead, and a thread
    // left behind ends when the last holder of its pipe goes away.
    thread::spawn(move || {
        // A child that dies early closes the pipe: the write fails and the exit status tells why.
        let _ = stdin
            .write_all(header.as_bytes())
            .and_then(|()| stdin.write_all(b"\n"))
            .and_then(|()| stdin.write_all(&input));
    });
    let out_reader = spawn_reader(stdout, MAX_REPLY);
    let (err_sender, err_reader) = mpsc::channel();
    thread::spawn(move || {
        let _ = err_sender.send((read_tail(stderr, MAX_STDERR), false));
    });

    let deadline = started + limits.timeout;
    let timed_out = || DocumentError::TimedOut {
        limit: limits.timeout,
    };
    let status = match process.wait_timeout(deadline.saturating_duration_since(Instant::now())) {
        Ok(Some(status)) => status,
        Ok(None) => {
            let _ = process.kill();
            let _ = process.wait();
            return Err(timed_out());
        }
        Err(e) => {
            let _ = process.kill();
            let _ = process.wait();
            return Err(DocumentError::Io(format!(
                "cannot wait for the reader: {e}"
            )));
        }
    };
    let wait = |reader: &mpsc::Receiver<(Vec<u8>, bool)>| {
        reader.recv_timeout(deadline.saturating_duration_since(Instant::now()))
    };
    let (stdout, stdout_overflow) = wait(&out_reader).map_err(|_| timed_out())?;
    let (stderr, _) = wait(&err_reader).unwrap_or_default();
    if stdout_overflow {
        return Err(DocumentError::Crashed(format!(
            "the reader's reply is larger than {} MiB",
            MAX_REPLY / (1024 * 1024)
        )));
    }
    if let Some(reply) = parse_reply(&stdout) {
        return reply;
    }
    let stderr = String::from_utf8_lossy(&stderr);
    if stderr.contains("memory allocation of") || stderr.contains("out of memory") {
        return Err(DocumentError::OutOfMemory {
            limit: limits.max_memory,
        });
    }
    if stderr.contains("has overflowed its stack") {
        return Err(DocumentError::Corrupt(
            "its structure is nested too deeply to read".into(),
        ));
    }
    let last_line = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| format!(": {}", one_line(l)))
        .unwrap_or_default();
    Err(DocumentError::Crashed(format!(
        "{}{last_line}",
        describe_exit(&status)
    )))
}

/// A thread that reads a pipe with [`read_capped`] and sends the result.
fn spawn_reader(pipe: impl Read + Send + 'static, cap: u64) -> mpsc::Receiver<(Vec<u8>, bool)> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let _ = sender.send(read_capped(pipe, cap));
    });
    receiver
}

/// Reads at most `cap` bytes, then drains the rest so the writer never blocks; `true` if there was
/// more.
fn read_capped(mut pipe: impl Read, cap: u64) -> (Vec<u8>, bool) {
    let mut data = Vec::new();
    let _ = (&mut pipe).take(cap).read_to_end(&mut data);
    let extra = std::io::copy(&mut pipe, &mut std::io::sink()).unwrap_or(0);
    (data, extra > 0)
}

/// The last `cap` bytes or so of a pipe (the end of stderr is where a crash explains itself).
fn read_tail(mut pipe: impl Read, cap: usize) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match pipe.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                kept.extend_from_slice(&chunk[..n]);
                if kept.len() > 2 * cap {
                    kept.drain(..kept.len() - cap);
                }
            }
        }
    }
    kept
}

/// The reply after the last marker line, if there is a well-formed one.
fn parse_reply(stdout: &[u8]) -> Option<Result<Document, DocumentError>> {
    let marker = REPLY_MARKER.as_bytes();
    let start = stdout.windows(marker.len()).rposition(|w| w == marker)? + marker.len();
    serde_json::from_slice(&stdout[start..]).ok()
}

#[cfg(unix)]
fn describe_exit(status: &std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (_, Some(signal)) => format!(
            "the reader was killed by signal {signal}{}",
            signal_name(signal)
        ),
        (Some(code), None) => format!("the reader exited with status {code} and no reply"),
        (None, None) => "the reader ended without a reply".into(),
    }
}

#[cfg(not(unix))]
fn describe_exit(status: &std::process::ExitStatus) -> String {
    format!("the reader ended without a reply ({status})")
}

#[cfg(unix)]
fn signal_name(signal: i32) -> &'static str {
    match signal {
        6 => " (abort)",
        9 => " (kill)",
        11 => " (segmentation fault)",
        24 => " (CPU time limit)",
        _ => "",
    }
}

/// The child side of [`read_isolated`]: reads the limits line and the file from stdin, caps its own
/// memory and CPU time, reads the file with [`read_in_process`] and writes the reply to stdout.
///
/// `limits` are this process's own ceilings: the stricter of them and the parent's apply. Returns
/// success when a reply (a document or an error) was written, failure when even that was impossible.
pub fn serve_child(limits: &Limits) -> ExitCode {
    let reply = serve(limits);
    let mut stdout = std::io::stdout().lock();
    let written = serde_json::to_string(&reply)
        .map_err(std::io::Error::other)
        .and_then(|json| writeln!(stdout, "\n{REPLY_MARKER}\n{json}"))
        .and_then(|()| stdout.flush());
    if written.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn serve(own: &Limits) -> Result<Document, DocumentError> {
    let mut stdin = std::io::stdin().lock();
    let mut header = Vec::new();
    (&mut stdin)
        .take(MAX_HEADER)
        .read_until(b'\n', &mut header)
        .map_err(|e| DocumentError::Io(format!("cannot read the request: {e}")))?;
    let theirs: Limits = serde_json::from_slice(&header)
        .map_err(|e| DocumentError::Io(format!("malformed request: {e}")))?;
    let limits = own.min(&theirs);
    confine(&limits);
    let mut bytes = Vec::new();
    (&mut stdin)
        .take(limits.max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| DocumentError::Io(format!("cannot read the file: {e}")))?;
    // A thread of a known stack size, so that how deep a hostile file can push the parsers' recursion
    // before the child dies of a stack overflow does not depend on who calls `serve_child`.
    let max_memory = limits.max_memory;
    let reader = thread::Builder::new()
        .name("vaga-documents-reader".into())
        .stack_size(READER_STACK)
        .spawn(move || read_in_process(&bytes, &limits))
        // Under the address-space limit, failing to map a stack means memory ran out.
        .map_err(|_| DocumentError::OutOfMemory { limit: max_memory })?;
    reader
        .join()
        .unwrap_or_else(|_| Err(DocumentError::Crashed("the reader thread panicked".into())))
}

/// Caps this process's address space and CPU time and turns off core dumps. Best effort: a limit
/// that cannot be set leaves the parent's time limit as the guard.
#[cfg(unix)]
fn confine(limits: &Limits) {
    use rlimit::Resource;
    let lower = |resource: Resource, value: u64| {
        if let Ok((_, hard)) = resource.get() {
            let value = value.min(hard);
            let _ = resource.set(value, value);
        }
    };
    lower(Resource::AS, limits.max_memory);
    lower(Resource::CORE, 0);
    // The parent kills the child at the wall-clock limit; this is for a parent that died first.
    lower(Resource::CPU, limits.timeout.as_secs().saturating_add(2));
}

#[cfg(not(unix))]
fn confine(_limits: &Limits) {}
