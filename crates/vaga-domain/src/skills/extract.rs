//! Skill extraction: one pass over the tokens of the folded text, walking a trie of every
//! pattern from the tokens a pattern may start at, then context rules that confirm ambiguous
//! forms and tag each mention required, optional or negated.

use crate::hash::FxMap;

use serde::Serialize;

use super::context::{self, Trigger};
use super::fold::{Folded, fold_for_scan};
use super::taxonomy::{Category, SkillIdx, Taxonomy};
use super::trie::TokenTrie;

/// How a mention counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// Asked for (the default).
    Required,
    /// A nice-to-have ("diferencial", "deseable", "is a plus").
    Optional,
    /// Explicitly not needed ("No Java needed", "não é necessário"); not reported as a skill.
    Negated,
    /// A field of study ("degree in Statistics"), not a skill asked for; not reported.
    Degree,
}

/// One occurrence of a skill in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// The skill.
    pub skill: SkillIdx,
    /// Byte offset of the first character in the original text.
    pub start: usize,
    /// Byte offset just past the last character in the original text.
    pub end: usize,
    /// How it counts.
    pub requirement: Requirement,
}

/// A skill found in a text, with its mentions summed up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkillHit {
    /// The skill.
    pub skill: SkillIdx,
    /// Number of mentions that are not negated.
    pub count: u32,
    /// `Required` when any counted mention is required, else `Optional`.
    pub requirement: Requirement,
    /// Span of the first counted mention.
    pub first: (usize, usize),
}

/// What [`SkillEngine::extract`](super::SkillEngine::extract) found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    /// Every confirmed mention (negated ones included), in text order.
    pub mentions: Vec<Mention>,
    hits: Vec<SkillHit>,
}

impl Extraction {
    /// The skills the text asks for (negated-only skills excluded), in order of first mention.
    pub fn skills(&self) -> impl Iterator<Item = &SkillHit> {
        self.hits.iter()
    }

    /// Number of skills found.
    pub fn len(&self) -> usize {
        self.hits.len()
    }

    /// Whether no skill was found.
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }
}

#[derive(Debug, Clone)]
enum Entry {
    Skill {
        skill: SkillIdx,
        /// The form as written, when the match must have its case.
        case: Option<Box<str>>,
        /// Whether the match also needs a context cue.
        ambiguous: bool,
        implies: Box<[SkillIdx]>,
    },
    Cue(SkillIdx),
    Trigger(Trigger),
}

/// The compiled patterns and what each one means.
///
/// Every pattern is whole folded tokens (`" apache spark "`), and the fold hashes every token of
/// the text, so the longest pattern at a token is found in a [`TokenTrie`] keyed by those hashes,
/// and only at the tokens whose hash (or the hash of the pair they start) is in the trie's filter
/// of first tokens. Most tokens of a posting ("the", "team", "você") start no pattern and cost
/// one test of a filter word. This replaced a contiguous aho-corasick NFA walked byte by byte from each
/// candidate token (see docs/benchmarks.md).
#[derive(Debug, Clone)]
pub struct Matcher {
    trie: TokenTrie,
    /// For pattern `p`, `entries[starts[p]..starts[p + 1]]`.
    starts: Vec<u32>,
    entries: Vec<Entry>,
    has_cues: Vec<bool>,
}

/// Reusable buffers for extraction in a loop.
#[derive(Debug, Default)]
pub struct Scratch {
    folded: Folded,
    raw: Vec<Raw>,
    triggers: Triggers,
    cues: Vec<SkillIdx>,
}

impl Scratch {
    /// The folded text of the last extraction, for other lookups over the same tokens
    /// ([`PhraseSet`](super::phrases::PhraseSet)).
    pub fn folded(&self) -> &Folded {
        &self.folded
    }
}

#[derive(Debug, Clone)]
struct Raw {
    skill: SkillIdx,
    /// Folded-buffer span: `start` is the leading space, `end` is just past the trailing space.
    start: u32,
    end: u32,
    ambiguous: bool,
    confirmed: bool,
    entry: u32,
}

/// Folds a surface form into its pattern (` form `), or `None` if it folds to nothing.
fn pattern_of(form: &str) -> Option<Vec<u8>> {
    let mut folded = Folded::default();
    fold_for_scan(form, &mut folded);
    (folded.bytes.len() > 2).then_some(folded.bytes)
}

/// Whether `needle` occurs in `haystack` as whole tokens (both folded patterns).
fn contains_tokens(haystack: &[u8], needle: &[u8]) -> bool {
    needle.len() <= haystack.len() && haystack.windows(needle.len()).any(|w| w == needle)
}

impl Matcher {
    /// Compiles the matcher for a taxonomy.
    pub fn new(taxonomy: &Taxonomy) -> Result<Matcher, String> {
        let mut by_pattern: FxMap<Vec<u8>, Vec<Entry>> = FxMap::default();
        let mut order: Vec<Vec<u8>> = Vec::new();
        let mut add = |pattern: Vec<u8>, entry: Entry| {
            let list = by_pattern.entry(pattern.clone()).or_insert_with(|| {
                order.push(pattern);
                Vec::new()
            });
            list.push(entry);
        };
        let forms_of = |idx: SkillIdx| -> Vec<Vec<u8>> {
            let skill = taxonomy.skill(idx);
            skill
                .surface_forms()
                .filter(|f| !skill.is_ambiguous(f))
                .filter_map(pattern_of)
                .collect()
        };
        let mut has_cues = vec![false; taxonomy.len()];
        for (idx, skill) in taxonomy.iter() {
            let implied: Vec<(SkillIdx, Vec<Vec<u8>>)> =
                skill.implies.iter().map(|&i| (i, forms_of(i))).collect();
            for form in skill.surface_forms() {
                let case = skill.is_case_sensitive(form).then(|| Box::from(form));
                let ambiguous = skill.is_ambiguous(form);
                if let Some(pattern) = pattern_of(form) {
                    let implies: Box<[SkillIdx]> = implied
                        .iter()
                        .filter(|(_, forms)| forms.iter().any(|f| contains_tokens(&pattern, f)))
                        .map(|(i, _)| *i)
                        .collect();
                    add(
                        pattern,
                        Entry::Skill {
                            skill: idx,
                            case: case.clone(),
                            ambiguous,
                            implies,
                        },
                    );
                }
            }
            if !skill.ambiguous.is_empty() {
                for cue in &skill.cues {
                    if let Some(pattern) = pattern_of(cue) {
                        has_cues[idx.get()] = true;
                        add(pattern, Entry::Cue(idx));
                    }
                }
            }
        }
        for (phrase, trigger) in context::phrases()? {
            if let Some(pattern) = pattern_of(&phrase) {
                add(pattern, Entry::Trigger(trigger));
            }
        }
        let mut starts = Vec::with_capacity(order.len() + 1);
        let mut entries = Vec::new();
        for pattern in &order {
            starts.push(entries.len() as u32);
            entries.extend(by_pattern.remove(pattern).unwrap_or_default());
        }
        starts.push(entries.len() as u32);
        let trie = TokenTrie::new(&order)?;
        Ok(Matcher {
            trie,
            starts,
            entries,
            has_cues,
        })
    }

    /// Extracts skills from `text` (plain text or HTML).
    pub fn extract(&self, taxonomy: &Taxonomy, text: &str, scratch: &mut Scratch) -> Extraction {
        scratch.raw.clear();
        scratch.triggers.clear();
        scratch.cues.clear();
        fold_for_scan(text, &mut scratch.folded);
        let folded = &scratch.folded;
        let buf = &folded.bytes;
        let tokens = &folded.tokens;

        let mut next = 0;
        while next < tokens.len() {
            let at = next;
            next += 1;
            let second = tokens.get(next).map(|t| t.hash);
            if !self.trie.may_start(tokens[at].hash, second) {
                continue;
            }
            let Some((p, last)) = self.trie.longest(buf, tokens, at) else {
                continue;
            };
            // A match spans its tokens with their leading and trailing spaces.
            let (start, end) = (tokens[at].start, tokens[last].end + 1);

            for e in self.starts[p]..self.starts[p + 1] {
                match &self.entries[e as usize] {
                    Entry::Skill {
                        skill,
                        case,
                        ambiguous,
                        ..
                    } => {
                        let is_ambiguous = *ambiguous;
                        if let Some(form) = case {
                            let (s, t) = folded.original_span(text, start as usize, end as usize);
                            if !same_case(&text[s..t], form) {
                                continue;
                            }
                        }
                        scratch.raw.push(Raw {
                            skill: *skill,
                            start,
                            end,
                            ambiguous: is_ambiguous,
                            confirmed: !is_ambiguous,
                            entry: e,
                        });
                    }
                    Entry::Cue(skill) => scratch.cues.push(*skill),
                    Entry::Trigger(trigger) => scratch.triggers.push(*trigger, start, end),
                }
            }
            // Matches do not overlap: go on after its last token.
            next = last + 1;
        }
        // Two skills can share one ambiguous form; both candidates stand until a cue decides.
        confirm_ambiguous(buf, &mut scratch.raw, &scratch.cues, &self.has_cues);
        scratch.raw.retain(|r| r.confirmed);

        let bounds = Bounds {
            buf,
            markers: &folded.markers,
        };
        let tags = tag_mentions(taxonomy, &bounds, &scratch.raw, &scratch.triggers);
        let mut mentions = Vec::with_capacity(scratch.raw.len());
        for (raw, requirement) in scratch.raw.iter().zip(tags) {
            let (start, end) = folded.original_span(text, raw.start as usize, raw.end as usize);
            mentions.push(Mention {
                skill: raw.skill,
                start,
                end,
                requirement,
            });
            if let Entry::Skill { implies, .. } = &self.entries[raw.entry as usize] {
                for &skill in implies.iter() {
                    mentions.push(Mention {
                        skill,
                        start,
                        end,
                        requirement,
                    });
                }
            }
        }
        let hits = summarise(taxonomy, &mentions);
        Extraction { mentions, hits }
    }
}

/// Whether the original text of an ambiguous form has the form's case, or is all capitals.
fn same_case(original: &str, form: &str) -> bool {
    fn letters(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().filter(|c| c.is_alphanumeric())
    }
    letters(original).eq(letters(form))
        || (letters(original).eq(letters(form).flat_map(char::to_uppercase))
            && letters(original).nth(1).is_some())
}

/// Words that may stand between two items of a list of skills.
const LIST_GLUE: &[&[u8]] = &[
    b",", b":", b";", b"\n", b"and", b"or", b"e", b"ou", b"y", b"o", b"u", b"und", b"&", b"+",
    b"nor", b"ni", b"plus", b"as", b"well", b"also", b"com", b"con", b"with",
];

/// Whether the folded text between two mentions is only list punctuation and conjunctions.
fn adjacent(buf: &[u8], left: &Raw, right: &Raw) -> bool {
    let (from, to) = (left.end as usize - 1, right.start as usize + 1);
    if from > to || to - from > 24 {
        return false;
    }
    buf[from..to]
        .split(|&b| b == b' ')
        .filter(|t| !t.is_empty())
        .all(|t| LIST_GLUE.contains(&t))
}

fn confirm_ambiguous(buf: &[u8], raw: &mut [Raw], cues: &[SkillIdx], has_cues: &[bool]) {
    if raw.iter().all(|r| r.confirmed) {
        return;
    }
    for i in 0..raw.len() {
        if raw[i].confirmed {
            continue;
        }
        let skill = raw[i].skill;
        let plain_elsewhere = raw.iter().any(|r| r.skill == skill && !r.ambiguous);
        let cued = has_cues[skill.get()] && cues.contains(&skill);
        raw[i].confirmed = plain_elsewhere || cued;
    }
    // Lists: an ambiguous form next to a confirmed skill in a list is a skill too; repeat until
    // nothing changes so that "Python, R e Go" confirms both.
    loop {
        let mut changed = false;
        for i in 0..raw.len() {
            if raw[i].confirmed {
                continue;
            }
            let neighbour = |j: usize| raw[j].confirmed && raw[j].skill != raw[i].skill;
            let before = (0..i).rev().find(|&j| raw[j].start != raw[i].start);
            let after = (i + 1..raw.len()).find(|&j| raw[j].start != raw[i].start);
            let left = before.is_some_and(|j| neighbour(j) && adjacent(buf, &raw[j], &raw[i]));
            let right = after.is_some_and(|j| neighbour(j) && adjacent(buf, &raw[i], &raw[j]));
            if left || right {
                raw[i].confirmed = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// The marker positions of a folded text, for finding clause and line bounds.
struct Bounds<'a> {
    buf: &'a [u8],
    markers: &'a [u32],
}

impl Bounds<'_> {
    /// Position of the nearest marker in `set` before `at`, or 0.
    fn before(&self, at: usize, set: &[u8]) -> usize {
        let k = self.markers.partition_point(|&m| (m as usize) < at);
        self.markers[..k]
            .iter()
            .rev()
            .map(|&m| m as usize)
            .find(|&m| set.contains(&self.buf[m]))
            .unwrap_or(0)
    }

    /// Position of the nearest marker in `set` at or after `at`, or the end.
    fn after(&self, at: usize, set: &[u8]) -> usize {
        let k = self.markers.partition_point(|&m| (m as usize) < at);
        self.markers[k..]
            .iter()
            .map(|&m| m as usize)
            .find(|&m| set.contains(&self.buf[m]))
            .unwrap_or(self.buf.len())
    }
}

/// The context phrases found in a text, by kind: the folded spans `(start, end)` of each kind
/// in text order. Matches never overlap, so both ends increase along each list, and the
/// questions the tagging asks ("is there one of this kind before the mention and after the
/// clause start?") are binary searches.
#[derive(Debug, Default)]
struct Triggers {
    by_kind: [Vec<(u32, u32)>; Trigger::COUNT],
}

impl Triggers {
    fn clear(&mut self) {
        self.by_kind.iter_mut().for_each(Vec::clear);
    }

    fn push(&mut self, trigger: Trigger, start: u32, end: u32) {
        self.by_kind[trigger as usize].push((start, end));
    }

    fn is_empty(&self) -> bool {
        self.by_kind.iter().all(Vec::is_empty)
    }

    fn of(&self, trigger: Trigger) -> &[(u32, u32)] {
        &self.by_kind[trigger as usize]
    }

    /// The start of the last phrase of a kind that ends at or before `end`.
    fn last_ending_by(&self, trigger: Trigger, end: usize) -> Option<usize> {
        let list = self.of(trigger);
        let k = list.partition_point(|&(_, te)| te as usize <= end);
        k.checked_sub(1).map(|k| list[k].0 as usize)
    }

    /// The start of the first phrase of a kind that starts at or after `start`.
    fn first_starting_from(&self, trigger: Trigger, start: usize) -> Option<usize> {
        let list = self.of(trigger);
        let k = list.partition_point(|&(ts, _)| (ts as usize) < start);
        list.get(k).map(|&(ts, _)| ts as usize)
    }
}

/// Tags each confirmed mention required, optional, negated or a field of study.
fn tag_mentions(
    taxonomy: &Taxonomy,
    bounds: &Bounds<'_>,
    raw: &[Raw],
    triggers: &Triggers,
) -> Vec<Requirement> {
    let mut tags = vec![Requirement::Required; raw.len()];
    if triggers.is_empty() || raw.is_empty() {
        return tags;
    }
    let sections = optional_sections(bounds, triggers);
    for (i, r) in raw.iter().enumerate() {
        let (s, e) = (r.start as usize, r.end as usize);
        let mut clause_start = bounds.before(s, b";\n");
        let mut clause_end = bounds.after(e.saturating_sub(1), b";\n");
        // Break words before the mention move the clause start up to the last of them, those
        // after it move the clause end down to the first of them.
        if let Some(ts) = triggers.last_ending_by(Trigger::Break, s + 1) {
            clause_start = clause_start.max(ts);
        }
        if let Some(ts) = triggers.first_starting_from(Trigger::Break, e.saturating_sub(1)) {
            clause_end = clause_end.min(ts);
        }
        let line_start = bounds.before(s, b"\n");
        let soft_end = bounds.after(e.saturating_sub(1), b",:;\n");
        // A phrase of this kind that ends before the mention starts, and starts at `from` or
        // later.
        let before = |t: Trigger, from: usize| {
            triggers
                .last_ending_by(t, s + 1)
                .is_some_and(|ts| ts >= from)
        };
        // A phrase of this kind that starts after the mention ends, and before `to`.
        let after = |t: Trigger, to: usize| {
            triggers
                .first_starting_from(t, e.saturating_sub(1))
                .is_some_and(|ts| ts < to)
        };
        let negated = before(Trigger::NegateBefore, clause_start)
            || (before(Trigger::WeakNegate, clause_start) && after(Trigger::Need, clause_end))
            || after(Trigger::NegateAfter, soft_end.min(clause_end));
        let field_of_study = before(Trigger::Degree, clause_start)
            && taxonomy.skill(r.skill).category == Category::Method;
        tags[i] = if negated {
            Requirement::Negated
        } else if field_of_study {
            Requirement::Degree
        } else if before(Trigger::Optional, line_start)
            || after(Trigger::Optional, clause_end)
            || sections.iter().any(|&(from, to)| s >= from && s < to)
        {
            Requirement::Optional
        } else {
            Requirement::Required
        };
    }
    tags
}

/// Spans of the folded buffer under an optional heading ("Nice to have:", "Diferenciais").
fn optional_sections(bounds: &Bounds<'_>, triggers: &Triggers) -> Vec<(usize, usize)> {
    let mut sections = Vec::new();
    if triggers.of(Trigger::Optional).is_empty() {
        return sections;
    }
    let buf = bounds.buf;
    let line_breaks = bounds
        .markers
        .iter()
        .map(|&m| m as usize)
        .filter(|&m| buf[m] == b'\n');
    let mut open: Option<usize> = None;
    let mut line_start = 0;
    for line_end in line_breaks.chain(std::iter::once(buf.len())) {
        if line_end <= line_start && line_start != 0 {
            continue;
        }
        let line = &buf[line_start..line_end];
        let content_start = line_start + usize::from(buf.get(line_start) == Some(&b'\n'));
        let trimmed = line.trim_ascii();
        let short = trimmed.len() <= 64;
        let ends_colon = trimmed.last() == Some(&b':');
        let first_on_line = |t: Trigger| triggers.first_starting_from(t, line_start);
        let starts_with = |t: Trigger| first_on_line(t).is_some_and(|ts| ts <= content_start + 1);
        let has = |t: Trigger| first_on_line(t).is_some_and(|ts| ts < line_end);
        if short && (starts_with(Trigger::Optional) || (ends_colon && has(Trigger::Optional))) {
            open.get_or_insert(line_end);
        } else if short
            && (ends_colon || starts_with(Trigger::Heading))
            && let Some(from) = open.take()
        {
            sections.push((from, line_start));
        }
        line_start = line_end;
    }
    if let Some(from) = open {
        sections.push((from, buf.len()));
    }
    sections
}

fn summarise(taxonomy: &Taxonomy, mentions: &[Mention]) -> Vec<SkillHit> {
    let mut hits: Vec<SkillHit> = Vec::new();
    for m in mentions {
        if matches!(m.requirement, Requirement::Negated | Requirement::Degree) {
            continue;
        }
        // A posting names a few dozen skills at most: a linear search beats hashing.
        match hits.iter_mut().find(|h| h.skill == m.skill) {
            Some(hit) => {
                hit.count += 1;
                hit.requirement = hit.requirement.min(m.requirement);
            }
            None => hits.push(SkillHit {
                skill: m.skill,
                count: 1,
                requirement: m.requirement,
                first: (m.start, m.end),
            }),
        }
    }
    debug_assert!(hits.iter().all(|h| h.skill.get() < taxonomy.len()));
    hits
}
