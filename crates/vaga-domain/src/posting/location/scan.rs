//! Scanning a description for the few sentences that speak about location.
//!
//! Descriptions are long and almost never about location, so they are not read whole: the
//! description's folded tokens (the skill extractor has folded the text already; a description
//! given alone is folded here) are checked for trigger stems (`remot`, `hybrid`, `authori`,
//! `resid`, `overlap`, `time zone`, `utc`...) at the start of a token, one filter probe per
//! token, and only the sentence around each hit (at most a few hundred bytes) goes through the
//! location rules, in description mode.

use crate::skills::fold::floor_char_boundary as floor;
use crate::skills::fold::{Folded, FoldedPart, fold_for_scan};

use super::Field;
use super::gazetteer::Gazetteer;
use super::parse::{Facts, Mode, read};

/// Descriptions longer than this are scanned up to here only.
pub(crate) const MAX_DESCRIPTION: usize = 64 * 1024;

/// The longest window read at once (the tokenizer reads up to 4 KiB).
const MAX_WINDOW: usize = 2048;

/// How far a sentence window reaches either side of a trigger.
const REACH: usize = 120;

/// What else a trigger needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Nothing.
    None,
    /// A hyphen right before it in the text (`US-based`).
    Hyphen,
    /// Not `remote first` / `remote-first`, which describes the company, not the role (and is
    /// not read in descriptions: no need to parse its sentence).
    NotRemoteFirst,
}

/// Stems that may start a phrase about where the candidate works from, folded (lowercase,
/// accents removed, separators as single spaces), matched at the start of a token: `remot`
/// finds Remote, REMOTO and remotely; `hibrid` finds híbrido; `on site` finds on-site. Longer
/// stems first where one extends another.
const TRIGGERS: &[(&str, Check)] = &[
    ("remote first", Check::NotRemoteFirst),
    ("remot", Check::None),
    ("hybrid", Check::None),
    ("hibrid", Check::None),
    ("presencial", Check::None),
    ("on site", Check::None),
    ("onsite", Check::None),
    ("home office", Check::None),
    ("work from", Check::None),
    ("teletrab", Check::None),
    ("anywhere", Check::None),
    ("qualquer lugar", Check::None),
    ("cualquier lugar", Check::None),
    ("cualquier parte", Check::None),
    ("authori", Check::None),
    ("eligible to work", Check::None),
    ("right to work", Check::None),
    ("resid", Check::None),
    ("located in", Check::None),
    ("based in", Check::None),
    ("based", Check::Hyphen),
    ("hire outside", Check::None),
    ("hiring in", Check::None),
    ("time zone", Check::None),
    ("timezone", Check::None),
    ("fuso hor", Check::None),
    ("zona hor", Check::None),
    ("overlap", Check::None),
    ("sobreposi", Check::None),
    ("superposici", Check::None),
    ("utc", Check::None),
    ("gmt", Check::None),
    ("relocat", Check::None),
    ("somente", Check::None),
    ("within the", Check::None),
];

/// The first three bytes at `at` (a token's first byte), the trigger filter's key.
#[inline]
fn key3(bytes: &[u8], at: usize) -> u32 {
    match bytes.get(at..at + 3) {
        Some(k) => u32::from(k[0]) | u32::from(k[1]) << 8 | u32::from(k[2]) << 16,
        None => 0,
    }
}

/// The triggers by the key of their first three bytes: an open table without collisions
/// (the multiplier is chosen at build time), so a token costs one probe.
struct Table {
    /// `slots[slot]`: the key there and the range of `order` with that key (empty when none).
    slots: Vec<(u32, u8, u8)>,
    mul: u32,
    /// Indexes into [`TRIGGERS`], grouped by key, in list order within a key.
    order: Vec<usize>,
}

const SLOTS: usize = 256;

impl Table {
    #[inline]
    fn slot(mul: u32, key: u32) -> usize {
        (key.wrapping_mul(mul) >> 24) as usize
    }

    fn build() -> Table {
        let mut keys: Vec<u32> = TRIGGERS
            .iter()
            .map(|(s, _)| key3(s.as_bytes(), 0))
            .collect();
        let mut order: Vec<usize> = (0..TRIGGERS.len()).collect();
        order.sort_by_key(|&i| (keys[i], i));
        keys.sort_unstable();
        keys.dedup();
        let mul = (0..10_000u32)
            .map(|i| 0x9E37_79B1u32.wrapping_add(i.wrapping_mul(0x0101_0102)) | 1)
            .find(|&mul| {
                let mut seen = [false; SLOTS];
                keys.iter()
                    .all(|&k| !std::mem::replace(&mut seen[Table::slot(mul, k)], true))
            })
            .unwrap_or(0x9E37_79B1);
        let mut slots = vec![(u32::MAX, 0u8, 0u8); SLOTS];
        let mut at = 0;
        while at < order.len() {
            let key = key3(TRIGGERS[order[at]].0.as_bytes(), 0);
            let mut end = at;
            while end < order.len() && key3(TRIGGERS[order[end]].0.as_bytes(), 0) == key {
                end += 1;
            }
            let slot = &mut slots[Table::slot(mul, key)];
            // A collision (never with the list above) leaves the later key unfound.
            if slot.0 == u32::MAX {
                *slot = (key, at as u8, end as u8);
            }
            at = end;
        }
        Table { slots, mul, order }
    }

    /// The trigger that starts at `rest`, a token's first byte onwards.
    #[inline]
    fn find(&self, rest: &[u8]) -> Option<(&'static str, Check)> {
        let key = key3(rest, 0);
        let (k, from, to) = self.slots[Table::slot(self.mul, key)];
        if k != key {
            return None;
        }
        self.order[from as usize..to as usize]
            .iter()
            .map(|&i| TRIGGERS[i])
            .find(|(stem, _)| starts_with(rest, stem.as_bytes()))
    }
}

/// `rest.starts_with(stem)` for a short stem, without a call to `memcmp`.
#[inline]
fn starts_with(rest: &[u8], stem: &[u8]) -> bool {
    rest.len() >= stem.len() && rest.iter().zip(stem).all(|(a, b)| a == b)
}

fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(Table::build)
}

/// The spans, in the description, of the trigger stems of a folded description.
fn triggers(part: FoldedPart<'_>, limit: usize) -> Vec<(usize, usize)> {
    let table = table();
    let bytes = &part.folded.bytes;
    let whole = part.whole.as_bytes();
    let mut found = Vec::new();
    for token in &part.folded.tokens {
        let at = token.start as usize + 1;
        let Some((stem, check)) = table.find(&bytes[at..]) else {
            continue;
        };
        let Some((start, end)) = part.span(token.start as usize, at + stem.len() + 1) else {
            continue;
        };
        if start >= limit {
            break;
        }
        match check {
            Check::None => {}
            Check::NotRemoteFirst => continue,
            Check::Hyphen => {
                if part.from + start == 0 || whole[part.from + start - 1] != b'-' {
                    continue;
                }
            }
        }
        found.push((start, end));
    }
    found
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

fn ceil(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The facts of every location sentence of a description, spans in the description; `folded`
/// is the description's fold when the caller has it.
pub(crate) fn scan(gaz: &Gazetteer, description: &str, folded: Option<FoldedPart<'_>>) -> Facts {
    let text = &description[..floor(description, MAX_DESCRIPTION)];
    let bytes = text.as_bytes();
    let own;
    let part = match folded {
        Some(part) => part,
        None => {
            let mut f = Folded::default();
            fold_for_scan(text, &mut f);
            own = f;
            FoldedPart {
                whole: text,
                folded: &own,
                from: 0,
            }
        }
    };
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for (m_start, m_end) in triggers(part, text.len()) {
        if windows.last().is_some_and(|&(_, end)| m_start < end) {
            continue;
        }
        let mut start = m_start;
        let floor_at = m_start.saturating_sub(REACH);
        while start > floor_at && !is_break(bytes, start - 1) {
            start -= 1;
        }
        let mut end = m_end.min(bytes.len());
        let ceil_at = (m_end + REACH).min(bytes.len());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_is_found_by_its_stem() {
        let table = table();
        for (stem, check) in TRIGGERS {
            let text = format!("{stem}s ");
            let found = table.find(text.as_bytes());
            // A longer stem listed first may take the text ("remote first" before "remot").
            assert!(
                found.is_some_and(|(s, _)| text.starts_with(s)),
                "{stem:?} ({check:?}) not found"
            );
        }
    }

    #[test]
    fn triggers_open_windows_on_location_sentences_only() {
        let gaz = Gazetteer::builtin();
        let facts = scan(
            gaz,
            "We build data tools. This is a remote-first company. The role is 100% Remote \
             (US-based candidates only). Great benefits.",
            None,
        );
        assert!(!facts.workplace.is_empty());
        assert!(!facts.places.is_empty());
        let none = scan(
            gaz,
            "We build data tools with Python. Great benefits.",
            None,
        );
        assert!(none.workplace.is_empty() && none.places.is_empty());
    }
}
