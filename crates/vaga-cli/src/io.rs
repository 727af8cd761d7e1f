//! Reading inputs with size limits, JSON Lines framing, and quiet exits on closed pipes.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use anyhow::{Context, bail};

/// Opens a file, or stdin for `-`.
pub fn open(path: &Path) -> anyhow::Result<Box<dyn BufRead + Send>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufReader::with_capacity(1 << 20, io::stdin())));
    }
    if path.is_dir() {
        bail!("{} is a directory, not a file", path.display());
    }
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(Box::new(BufReader::with_capacity(1 << 20, file)))
}

/// Reads a whole input of at most `limit` bytes and decodes it as UTF-8, replacing invalid
/// sequences. Returns the text and whether anything had to be replaced.
pub fn read_text(path: &Path, limit: u64) -> anyhow::Result<(String, bool)> {
    let name = if path.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        path.display().to_string()
    };
    let mut bytes = Vec::new();
    open(path)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    if bytes.len() as u64 > limit {
        bail!("{name} is larger than {limit} bytes (raise skills.max_input_bytes to read it)");
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    })
}

/// One line of a JSON Lines input.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The line's bytes (without the newline) are in the buffer.
    Record,
    /// The line was longer than the limit; it was skipped. Holds its length.
    TooLong(u64),
}

/// Reads the next line into `buf` (cleared first), keeping at most `limit` bytes of it.
/// Returns `None` at the end of the input.
pub fn next_line(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Option<Line>> {
    buf.clear();
    let mut total: u64 = 0;
    let mut saw_any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(if !saw_any {
                None
            } else if total as usize > limit {
                Some(Line::TooLong(total))
            } else {
                Some(Line::Record)
            });
        }
        saw_any = true;
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(at) => (&available[..at], Some(at + 1)),
            None => (available, None),
        };
        total += chunk.len() as u64;
        if buf.len() + chunk.len() <= limit {
            buf.extend_from_slice(chunk);
        } else {
            buf.clear();
        }
        let consumed = done.unwrap_or(chunk.len());
        reader.consume(consumed);
        if done.is_some() {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Some(if total as usize > limit {
                Line::TooLong(total)
            } else {
                Line::Record
            }));
        }
    }
}

/// Whether an error is stdout being closed under us (`vaga … | head`), which is not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], limit: usize) -> Vec<(Option<Line>, Vec<u8>)> {
        let mut reader: Box<dyn BufRead> = Box::new(BufReader::with_capacity(4, input));
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            let line = next_line(&mut *reader, &mut buf, limit).unwrap();
            let done = line.is_none();
            out.push((line, buf.clone()));
            if done {
                return out;
            }
        }
    }

    #[test]
    fn lines_are_split_and_long_ones_skipped() {
        let out = lines(b"ab\r\ncdefghij\n\nxy", 5);
        assert_eq!(out[0], (Some(Line::Record), b"ab".to_vec()));
        assert_eq!(out[1].0, Some(Line::TooLong(8)));
        assert_eq!(out[2], (Some(Line::Record), b"".to_vec()));
        assert_eq!(out[3], (Some(Line::Record), b"xy".to_vec()));
        assert_eq!(out[4].0, None);
    }

    #[test]
    fn an_empty_input_has_no_lines() {
        assert_eq!(lines(b"", 5)[0].0, None);
    }
}
