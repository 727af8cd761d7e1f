//! Scanning a description for the few sentences that speak about location.
//!
//! Descriptions are long and almost never about location, so they are not folded whole: one
//! ASCII case-insensitive aho-corasick automaton over the raw bytes looks for trigger stems
//! (`remot`, `hybrid`, `authoriz`, `resid`, `overlap`, `time zone`, `UTC`...), and only the
//! sentence around each hit (at most a few hundred bytes) goes through the location rules, in
//! description mode.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::Field;
use super::gazetteer::Gazetteer;
use super::parse::{Facts, Mode, read};

/// Descriptions longer than this are scanned up to here only.
pub(crate) const MAX_DESCRIPTION: usize = 64 * 1024;

/// The longest window read at once (the tokenizer reads up to 4 KiB).
const MAX_WINDOW: usize = 2048;

/// How far a sentence window reaches either side of a trigger.
const REACH: usize = 120;

/// Stems that may start a phrase about where the candidate works from, without their first
/// letter so that `remote`, `Remote` and `REMOTE` are one pattern (`emot`, checked for an `r`
/// before it), which keeps the list short enough for the automaton's SIMD prefilter. Raw text,
/// so accented words are given by a stem after the accent (`brid` for híbrido). The second
/// element lists the letters allowed before the stem; empty means none is required (`UTC`), and
/// `*` means the stem may sit inside a word (`brid`).
const TRIGGERS: &[(&str, &str)] = &[
    ("emot", "rR"),
    ("brid", "*"),
    ("resencial", "pP"),
    ("n-site", "oO"),
    ("nsite", "oO"),
    ("ome office", "hH"),
    ("ork from", "wW"),
    ("eletrab", "tT"),
    ("nywhere", "aA"),
    ("ualquer lugar", "qQ"),
    ("ualquier lugar", "cC"),
    ("ualquier parte", "cC"),
    ("uthori", "aA"),
    ("ligible to work", "eE"),
    ("ight to work", "rR"),
    ("esid", "rR"),
    ("ocated in", "lL"),
    ("ased in", "bB"),
    ("-based", ""),
    ("ire outside", "hH"),
    ("iring in", "hH"),
    ("ime zone", "tT"),
    ("imezone", "tT"),
    ("ime-zone", "tT"),
    ("uso hor", "fF"),
    ("ona hor", "zZ"),
    ("verlap", "oO"),
    ("obreposi", "sS"),
    ("uperposici", "sS"),
    ("UTC", ""),
    ("GMT", ""),
    ("elocat", "rR"),
    ("omente", "sS"),
    ("ithin the", "wW"),
];

fn automaton() -> Option<&'static AhoCorasick> {
    static AC: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .build(TRIGGERS.iter().map(|(stem, _)| stem))
            .ok()
    })
    .as_ref()
}

fn is_break(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' | b'<' | b'>' | b'!' | b'?' | b';' => true,
        b'.' => {
            // A sentence end: followed by a space or the end, not after a capital (U.S.).
            let after = bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
            let before = i > 0 && bytes[i - 1].is_ascii_uppercase();
            after && !before
        }
        _ => false,
    }
}

fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The facts of every location sentence of a description, spans in the description.
pub(crate) fn scan(gaz: &Gazetteer, description: &str) -> Facts {
    let text = &description[..floor(description, MAX_DESCRIPTION)];
    let bytes = text.as_bytes();
    let mut windows: Vec<(usize, usize)> = Vec::new();
    if let Some(ac) = automaton() {
        for m in ac.find_iter(text) {
            if windows.last().is_some_and(|&(_, end)| m.start() < end) {
                continue;
            }
            let (_, before) = TRIGGERS[m.pattern().as_usize()];
            let word_start = if before == "*" {
                None
            } else if before.is_empty() {
                Some(m.start())
            } else {
                match m.start().checked_sub(1) {
                    Some(at) if before.as_bytes().contains(&bytes[at]) => Some(at),
                    _ => continue,
                }
            };
            // "remote-first" describes the company, not the role (and is not read in
            // descriptions): no need to parse its sentence.
            if TRIGGERS[m.pattern().as_usize()].0 == "emot"
                && bytes.get(m.end()..m.end() + 7).is_some_and(|rest| {
                    rest.eq_ignore_ascii_case(b"e-first") || rest.eq_ignore_ascii_case(b"e first")
                })
            {
                continue;
            }
            // The stem starts a word: "visa", not "advisable"; "resid", not "president".
            if let Some(at) = word_start
                && at > 0
                && bytes[at - 1].is_ascii_alphanumeric()
            {
                continue;
            }
            let mut start = m.start();
            let floor_at = m.start().saturating_sub(REACH);
            while start > floor_at && !is_break(bytes, start - 1) {
                start -= 1;
            }
            let mut end = m.end();
            let ceil_at = (m.end() + REACH).min(bytes.len());
            while end < ceil_at && !is_break(bytes, end) {
                end += 1;
            }
            let start = ceil(text, start);
            let end = floor(text, end);
            if start >= end {
                continue;
            }
            // Overlapping windows merge, up to a size the tokenizer reads whole.
            match windows.last_mut() {
                Some(last) if start <= last.1 && end - last.0 <= MAX_WINDOW => {
                    last.1 = last.1.max(end);
                }
                Some(last) if start < last.1 => {
                    let from = last.1;
                    if from < end {
                        windows.push((from, end));
                    }
                }
                _ => windows.push((start, end)),
            }
        }
    }
    let mut facts = Facts::default();
    for (start, end) in windows {
        let Some(sentence) = text.get(start..end) else {
            continue;
        };
        let found = read(gaz, sentence, Mode::Description, Field::Description, start);
        facts.workplace.extend(found.workplace);
        facts.days |= found.days;
        facts.places.extend(found.places);
        if facts.timezone.is_none() {
            facts.timezone = found.timezone;
        }
        if let Some(r) = found.relocation
            && facts.relocation.is_none_or(|(req, _, _)| !req && r.0)
        {
            facts.relocation = Some(r);
        }
    }
    facts
}
