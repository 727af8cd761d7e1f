//! Time to read one resume, in process and isolated (child spawn included).
//!
//! `VAGA_BENCH_RESUMES` names the files to read: paths of files or directories (their `*.pdf` and
//! `*.docx`), separated by `:`. Without it the committed fixtures are read. The isolated reads re-run
//! this bench binary as the child (`VAGA_DOCUMENTS_BENCH_CHILD=1`).
//!
//! ```text
//! VAGA_BENCH_RESUMES=/path/to/resumes cargo bench -p vaga-documents --bench read
//! ```

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use criterion::Criterion;
use vaga_documents::{Limits, read_in_process, read_isolated, serve_child};

const CHILD_ENV: &str = "VAGA_DOCUMENTS_BENCH_CHILD";

fn files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    match std::env::var_os("VAGA_BENCH_RESUMES") {
        Some(list) => {
            for path in std::env::split_paths(&list) {
                if path.is_dir() {
                    let mut found: Vec<PathBuf> = std::fs::read_dir(&path)
                        .map(|entries| {
                            entries
                                .filter_map(Result::ok)
                                .map(|e| e.path())
                                .filter(|p| {
                                    p.extension().is_some_and(|e| e == "pdf" || e == "docx")
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    found.sort();
                    files.extend(found);
                } else {
                    files.push(path);
                }
            }
        }
        None => {
            let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
            for name in [
                "one_column.pdf",
                "two_column.pdf",
                "ligatures.pdf",
                "resume.docx",
            ] {
                files.push(fixtures.join(name));
            }
        }
    }
    files
}

fn child() -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap_or_default());
    command.env(CHILD_ENV, "1");
    command
}

fn main() -> ExitCode {
    if std::env::var_os(CHILD_ENV).is_some() {
        return serve_child(&Limits::default());
    }
    let limits = Limits::default();
    let mut criterion = Criterion::default().configure_from_args();
    for path in files() {
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("skipping {}: cannot read it", path.display());
            continue;
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let pages = match read_in_process(&bytes, &limits) {
            Ok(doc) => doc.pages,
            Err(e) => {
                eprintln!("skipping {name}: {e}");
                continue;
            }
        };
        let mut group = criterion.benchmark_group(format!("read/{name} ({pages} pages)"));
        group.sample_size(20);
        group.bench_function("in_process", |b| {
            b.iter(|| read_in_process(&bytes, &limits))
        });
        group.bench_function("isolated", |b| {
            b.iter(|| read_isolated(&bytes, &limits, child()))
        });
        group.finish();
    }
    criterion.final_summary();
    ExitCode::SUCCESS
}
