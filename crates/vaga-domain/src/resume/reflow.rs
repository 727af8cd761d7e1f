//! Resumes laid out as a table with a label column: section headings and dates on the left,
//! the entries on the right (a common word-processor template). A PDF reader that keeps
//! columns apart gives the whole label column first (headings, dates, small labels such as
//! "Tools"), then the entries as blocks: this puts each block back under its heading and each
//! date next to its entry, so the rest of the parser sees the usual shape.
//!
//! It only acts when the shape is unmistakable: a run of headings that carry nothing but dates
//! and short labels, followed by exactly as many headless blocks as the run has sections.

use super::contact::{find_email, find_phone};
use super::dates::find_range;
use super::sections::heading_section;

/// Words a wrapped line ends with when it goes on in the next line.
const CONNECTORS: &[&str] = &[
    "de", "da", "do", "das", "dos", "del", "of", "and", "e", "y", "em", "en", "in", "para", "for",
    "the", "la", "el", "a",
];

fn ends_with_connector(line: &str) -> bool {
    let line = line.trim_end();
    line.ends_with(',')
        || line.ends_with('—')
        || line.ends_with('–')
        || line
            .rsplit(' ')
            .next()
            .is_some_and(|w| CONNECTORS.contains(&w))
}

/// A line that is mostly one date range (`fevereiro de 2026 – presente`, `2014 – 2016`).
fn is_date_line(line: &str) -> bool {
    find_range(line).is_some_and(|r| {
        let covered = r.span.end.saturating_sub(r.span.start);
        covered * 10 >= line.trim().len() * 6
    })
}

/// A small label of the label column ("Tools", "Methods"): a few words, no digits.
fn is_label(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=3).contains(&words)
        && line.chars().count() <= 25
        && line.chars().next().is_some_and(char::is_uppercase)
        && !line
            .chars()
            .any(|c| c.is_ascii_digit() || c == '@' || c == ',' || c == '.')
}

fn is_bullet(line: &str) -> bool {
    line.starts_with('•') || line.starts_with("- ") || line.starts_with("* ")
}

fn is_contact(block: &[&str]) -> bool {
    block
        .iter()
        .any(|l| find_email(l).is_some() || find_phone(l).is_some() || l.contains("linkedin.com"))
}

/// One section of the label column.
#[derive(Debug, Default)]
struct Slot<'a> {
    /// Its heading, and headings or labels under it that carry no dates.
    headings: Vec<&'a str>,
    dates: Vec<String>,
}

/// Lines joined where a line wraps (it ends with a connector or the next one starts lower case
/// and is not a bullet).
fn unwrap_lines(block: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in block {
        let continues = out.last().is_some_and(|prev| {
            !is_bullet(line)
                && (ends_with_connector(prev)
                    || line.chars().next().is_some_and(char::is_lowercase))
        });
        match out.last_mut() {
            Some(prev) if continues => {
                prev.push(' ');
                prev.push_str(line);
            }
            _ => out.push((*line).to_string()),
        }
    }
    out
}

/// The text reflowed, or `None` when it does not have the label-column shape.
pub(crate) fn label_column<'a>(text: &'a str) -> Option<String> {
    let lines: Vec<&'a str> = text.lines().map(str::trim).collect();
    let first = lines.iter().position(|l| heading_section(l).is_some())?;

    // The run: headings, dates and labels only.
    let mut slots: Vec<Slot> = Vec::new();
    let mut j = first;
    let mut end = first;
    while j < lines.len() {
        let line = lines[j];
        if line.is_empty() {
            j += 1;
            continue;
        }
        if heading_section(line).is_some() {
            // A heading with its own content right under it (no blank line between) is not
            // part of the run.
            let owns_content = lines.get(j + 1).is_some_and(|n| {
                !n.is_empty() && heading_section(n).is_none() && !is_date_line(n) && !is_label(n)
            });
            if owns_content {
                break;
            }
            // Headings with no dates after a dateless one group with it ("Skills / Languages").
            match slots.last_mut() {
                Some(slot)
                    if slot.dates.is_empty()
                        && !slot.headings.is_empty()
                        && j > 0
                        && !lines[j - 1].is_empty() =>
                {
                    slot.headings.push(line)
                }
                _ => slots.push(Slot {
                    headings: vec![line],
                    dates: Vec::new(),
                }),
            }
            j += 1;
            end = j;
            continue;
        }
        let Some(slot) = slots.last_mut() else {
            break;
        };
        // A date range, possibly wrapped over two lines.
        if is_date_line(line) && !ends_with_connector(line) {
            slot.dates.push(line.to_string());
            j += 1;
            end = j;
            continue;
        }
        if let Some(next) = lines.get(j + 1)
            && ends_with_connector(line)
        {
            let joined = format!("{line} {next}");
            if is_date_line(&joined) {
                slot.dates.push(joined);
                j += 2;
                end = j;
                continue;
            }
        }
        if is_label(line) && slot.dates.is_empty() {
            slot.headings.push(line);
            j += 1;
            end = j;
            continue;
        }
        break;
    }
    if slots.len() < 2 || slots.iter().all(|s| s.dates.is_empty()) {
        return None;
    }

    // After the run: headed sections stay, contact blocks go to the top, the rest are the
    // slots' contents, in order.
    let mut kept: Vec<Vec<&str>> = Vec::new();
    let mut contacts: Vec<Vec<&str>> = Vec::new();
    let mut orphans: Vec<Vec<&str>> = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    let mut flush = |block: &mut Vec<&'a str>| {
        if block.is_empty() {
            return;
        }
        let b = std::mem::take(block);
        if heading_section(b[0]).is_some() {
            kept.push(b);
        } else if is_contact(&b) {
            contacts.push(b);
        } else {
            orphans.push(b);
        }
    };
    for line in &lines[end..] {
        if line.is_empty() {
            flush(&mut block);
        } else {
            block.push(line);
        }
    }
    flush(&mut block);
    if orphans.len() != slots.len() {
        return None;
    }

    let mut out = String::new();
    let mut push = |line: &str| {
        out.push_str(line);
        out.push('\n');
    };
    for line in &lines[..first] {
        push(line);
    }
    for b in &contacts {
        for line in b {
            push(line);
        }
        push("");
    }
    for (slot, block) in slots.iter().zip(&orphans) {
        let block = unwrap_lines(block);
        push(slot.headings[0]);
        if slot.dates.is_empty() {
            let labels = &slot.headings[1..];
            if labels.len() == block.len() {
                for (label, line) in labels.iter().zip(&block) {
                    if heading_section(label).is_some() {
                        push("");
                        push(label);
                        push(line);
                    } else {
                        push(&format!("{label}: {line}"));
                    }
                }
            } else {
                for line in &block {
                    push(line);
                }
            }
        } else {
            let entries: Vec<usize> = (0..block.len())
                .filter(|&i| !is_bullet(&block[i]))
                .collect();
            if entries.len() == slot.dates.len() {
                for (i, line) in block.iter().enumerate() {
                    push(line);
                    if let Some(k) = entries.iter().position(|&e| e == i) {
                        push(&slot.dates[k]);
                    }
                }
            } else {
                for date in &slot.dates {
                    push(date);
                }
                for line in &block {
                    push(line);
                }
            }
        }
        push("");
    }
    for b in &kept {
        for line in b {
            push(line);
        }
        push("");
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "Ana Souza Lima\nAnalista de Dados\n\nExperiência Profissional\n\
        março de 2023 – presente\n\njunho de 2021 – fevereiro de\n2023\n\nFormação Acadêmica\n\
        2016 – 2020\n\nCompetências\nFerramentas\nIdiomas\n\nana.lima@example.com\n\
        (21) 99999-0000\n\nAnalista de Dados, Loja Azul — Niterói\n• Painéis em Power BI.\n\
        Assistente de Dados, Banco Verde — Rio de Janeiro\n• Relatórios em Excel e\nSQL.\n\n\
        Bacharelado em Economia — Universidade Federal do\nRio de Janeiro (UFRJ)\n\n\
        Python, SQL, Power BI\nPortuguês (nativo), Inglês (avançado)\n";

    #[test]
    fn a_label_column_goes_back_beside_its_entries() {
        let out = label_column(TABLE).unwrap();
        let expected = "Ana Souza Lima\nAnalista de Dados\n\nana.lima@example.com\n(21) 99999-0000\n\n\
            Experiência Profissional\nAnalista de Dados, Loja Azul — Niterói\nmarço de 2023 – presente\n\
            • Painéis em Power BI.\nAssistente de Dados, Banco Verde — Rio de Janeiro\n\
            junho de 2021 – fevereiro de 2023\n• Relatórios em Excel e SQL.\n\n\
            Formação Acadêmica\nBacharelado em Economia — Universidade Federal do Rio de Janeiro (UFRJ)\n\
            2016 – 2020\n\nCompetências\n\nFerramentas\nPython, SQL, Power BI\n\nIdiomas\n\
            Português (nativo), Inglês (avançado)\n\n";
        assert_eq!(out, expected);
    }

    #[test]
    fn ordinary_resumes_are_left_alone() {
        let plain = "Ana Souza Lima\n\nExperiência\nAnalista de Dados, Loja Azul\n\
            março de 2023 – presente\n• Painéis.\n\nFormação\nBacharelado — UFRJ (2016 – 2020)\n";
        assert_eq!(label_column(plain), None);
        assert_eq!(label_column(""), None);
    }
}
