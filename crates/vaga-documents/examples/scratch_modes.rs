#![allow(missing_docs, clippy::unwrap_used)]
fn main() {
    let mode = std::env::var("MODE").unwrap_or_default();
    for path in std::env::args().skip(1) {
        let doc = pdf_oxide::PdfDocument::from_bytes(std::fs::read(&path).unwrap()).unwrap();
        let n = doc.page_count().unwrap();
        println!("===== {path}");
        for p in 0..n {
            let t = if mode == "notables" {
                let o = pdf_oxide::converters::ConversionOptions {
                    extract_tables: false,
                    ..Default::default()
                };
                doc.extract_text_with_options(p, &o).unwrap()
            } else {
                doc.extract_text(p).unwrap()
            };
            println!("{t}");
        }
    }
}
