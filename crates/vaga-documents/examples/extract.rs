//! Prints the text of each file named on the command line, read in a child process (this example
//! re-run with `VAGA_DOCUMENTS_EXAMPLE_CHILD=1`).
//!
//! ```text
//! cargo run -p vaga-documents --example extract -- resume.pdf other.docx
//! ```

use std::process::{Command, ExitCode};
use std::time::Instant;

use vaga_documents::{Limits, read_isolated, serve_child};

const CHILD_ENV: &str = "VAGA_DOCUMENTS_EXAMPLE_CHILD";

fn main() -> ExitCode {
    if std::env::var_os(CHILD_ENV).is_some() {
        return serve_child(&Limits::default());
    }
    let limits = Limits::default();
    let mut failed = false;
    for path in std::env::args_os().skip(1) {
        let shown = path.to_string_lossy().into_owned();
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("{shown}: {e}");
                failed = true;
                continue;
            }
        };
        let mut child = Command::new(std::env::current_exe().unwrap_or_default());
        child.env(CHILD_ENV, "1");
        let started = Instant::now();
        match read_isolated(&bytes, &limits, child) {
            Ok(doc) => {
                println!(
                    "===== {shown}: {} pages, {} ms, {:?}",
                    doc.pages,
                    started.elapsed().as_millis(),
                    doc.kind
                );
                for warning in &doc.warnings {
                    println!("warning: {warning}");
                }
                println!("{}", doc.text);
            }
            Err(e) => {
                println!("===== {shown}: error: {e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
