//! The child process: this test binary re-runs itself as the child (see `child_entry`).

use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use vaga_documents::{DocumentError, Kind, Limits, read_in_process, read_isolated, serve_child};

use crate::fixture;

/// The environment variable that turns `child_entry` into the child side.
const CHILD_ENV: &str = "VAGA_DOCUMENTS_TEST_CHILD";

/// Not a test when run normally; the child side of `read_isolated` when `CHILD_ENV` is set.
#[test]
fn child_entry() {
    if std::env::var_os(CHILD_ENV).is_some() {
        let code = serve_child(&Limits::default());
        std::process::exit(if code == ExitCode::SUCCESS { 0 } else { 1 });
    }
}

/// A command that runs this test binary as the reader's child.
pub fn child() -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "isolation::child_entry",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ])
        .env(CHILD_ENV, "1");
    command
}

#[test]
fn the_child_reads_like_the_process_does() {
    let limits = Limits::default();
    for name in ["one_column.pdf", "two_column.pdf", "resume.docx"] {
        let bytes = fixture(name);
        assert_eq!(
            read_isolated(&bytes, &limits, child()),
            read_in_process(&bytes, &limits),
            "{name}"
        );
    }
    assert_eq!(
        read_isolated(&fixture("encrypted.pdf"), &limits, child()),
        Err(DocumentError::Encrypted)
    );
    assert_eq!(
        read_isolated(&fixture("image_only.pdf"), &limits, child()),
        Err(DocumentError::ImageOnly)
    );
}

#[test]
fn text_is_read_without_a_child() {
    let missing = Command::new("/nonexistent/vaga-documents-child");
    let doc = read_isolated(&fixture("resume.md"), &Limits::default(), missing).unwrap();
    assert_eq!(doc.kind, Kind::Text);
}

#[test]
fn a_child_that_cannot_start_is_an_io_error() {
    let missing = Command::new("/nonexistent/vaga-documents-child");
    let result = read_isolated(&fixture("one_column.pdf"), &Limits::default(), missing);
    assert!(matches!(result, Err(DocumentError::Io(_))), "{result:?}");
}

#[cfg(unix)]
fn sh(script: &str) -> Command {
    let mut command = Command::new("sh");
    command.args(["-c", script]);
    command
}

#[cfg(unix)]
#[test]
fn deaths_and_bad_replies_are_crashes() {
    let bytes = fixture("one_column.pdf");
    let limits = Limits::default();
    let result = read_isolated(&bytes, &limits, sh("cat >/dev/null; kill -SEGV $$"));
    assert!(
        matches!(&result, Err(DocumentError::Crashed(m)) if m.contains("signal 11")),
        "{result:?}"
    );
    let result = read_isolated(&bytes, &limits, sh("cat >/dev/null; echo oops >&2; exit 3"));
    assert!(
        matches!(&result, Err(DocumentError::Crashed(m)) if m.contains("status 3") && m.contains("oops")),
        "{result:?}"
    );
    // A parser's last words may quote the file's bytes: only printable text reaches the user.
    let result = read_isolated(
        &bytes,
        &limits,
        sh(
            "cat >/dev/null; printf 'bad \\001\\002\\357\\277\\275\\356\\200\\200 bytes' >&2; exit 3",
        ),
    );
    assert!(
        matches!(&result, Err(DocumentError::Crashed(m)) if m.ends_with(": bad bytes")),
        "{result:?}"
    );
    let result = read_isolated(
        &bytes,
        &limits,
        sh("cat >/dev/null; echo '=== vaga-documents reply ==='; echo '{'"),
    );
    assert!(
        matches!(result, Err(DocumentError::Crashed(_))),
        "{result:?}"
    );
    // A child that never reads its input must not block the parent.
    let result = read_isolated(&bytes, &limits, sh("exit 0"));
    assert!(
        matches!(result, Err(DocumentError::Crashed(_))),
        "{result:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_hung_child_is_killed_at_the_time_limit() {
    let limits = Limits {
        timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let started = Instant::now();
    let result = read_isolated(&fixture("one_column.pdf"), &limits, sh("sleep 30"));
    assert_eq!(
        result,
        Err(DocumentError::TimedOut {
            limit: limits.timeout
        })
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // A grandchild that keeps the pipes open after the child is gone does not hold the parent.
    let started = Instant::now();
    let result = read_isolated(&fixture("one_column.pdf"), &limits, sh("sleep 30 & exit 0"));
    assert_eq!(
        result,
        Err(DocumentError::TimedOut {
            limit: limits.timeout
        })
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn the_memory_limit_stops_the_child() {
    let limits = Limits {
        max_memory: 48 << 20,
        ..Limits::default()
    };
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    writer
        .start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    use std::io::Write;
    writer
        .write_all(b"<w:document><w:body><w:p><w:r><w:t>")
        .unwrap();
    for _ in 0..30 {
        writer.write_all(&[b'a'; 1 << 20]).unwrap();
    }
    writer
        .write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .unwrap();
    let docx = writer.finish().unwrap().into_inner();
    let result = read_isolated(&docx, &limits, child());
    assert_eq!(
        result,
        Err(DocumentError::OutOfMemory {
            limit: limits.max_memory
        })
    );
}

/// A PDF whose page tree is a chain of `depth` `/Pages` nodes above its one page.
fn deep_page_tree(depth: usize) -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    let mut object = |pdf: &mut Vec<u8>, body: String| {
        offsets.push(pdf.len());
        let id = offsets.len();
        pdf.extend(format!("{id} 0 obj\n{body}\nendobj\n").into_bytes());
    };
    object(&mut pdf, "<< /Type /Catalog /Pages 2 0 R >>".into());
    for level in 0..depth {
        let id = level + 2;
        let parent = if level == 0 {
            String::new()
        } else {
            format!("/Parent {} 0 R ", id - 1)
        };
        object(
            &mut pdf,
            format!("<< /Type /Pages {parent}/Kids [{} 0 R] /Count 1 >>", id + 1),
        );
    }
    let page = depth + 2;
    object(
        &mut pdf,
        format!(
            "<< /Type /Page /Parent {} 0 R /MediaBox [0 0 612 792] /Contents {} 0 R \
             /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
            page - 1,
            page + 1
        ),
    );
    let content = "BT /F1 12 Tf 72 720 Td (Deep page) Tj ET";
    object(
        &mut pdf,
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
    );
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).into_bytes());
    for offset in &offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .into_bytes(),
    );
    pdf
}

/// A PDF whose page dictionary holds arrays nested `depth` deep.
fn deep_arrays(depth: usize) -> Vec<u8> {
    let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let body = format!(
        "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
         2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
         3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Deep {nested} >> endobj\n\
         trailer << /Root 1 0 R >>\n%%EOF\n"
    );
    body.into_bytes()
}

#[test]
fn a_10000_level_object_chain_is_handled_quickly() {
    let limits = Limits::default();
    // pdf_oxide walks a 10,000-level page tree within the child's 8 MiB stack: the one page is read.
    let started = Instant::now();
    let result = read_isolated(&deep_page_tree(10_000), &limits, child());
    assert_eq!(result.map(|d| d.text), Ok("Deep page".to_owned()));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // Arrays nested 10,000 deep overflow its parser's stack: the child dies, the caller gets an error.
    let started = Instant::now();
    let result = read_isolated(&deep_arrays(10_000), &limits, child());
    assert_eq!(
        result,
        Err(DocumentError::Corrupt(
            "its structure is nested too deeply to read".into()
        ))
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    /// Mutated PDFs may crash the PDF library; through the child that is an error, never a panic or
    /// a hang.
    #[test]
    fn mutated_pdfs_are_read_or_rejected_in_the_child(
        which in 0usize..3,
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..40),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let name = ["one_column.pdf", "two_column.pdf", "ligatures.pdf"][which];
        let mut bytes = fixture(name);
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()).max(8));
        }
        let limits = Limits { timeout: Duration::from_secs(10), ..Limits::default() };
        let result = read_isolated(&bytes, &limits, child());
        prop_assert!(!matches!(result, Err(DocumentError::Io(_))), "{result:?}");
    }
}
