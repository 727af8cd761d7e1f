//! Duplicate postings: the same job seen twice, from one source or several.
//!
//! Each posting is reduced once to a [`Fingerprint`]: hashes of its canonical URL and of its
//! source and external id, its company normalised ([`normalize_company`]), the words of its
//! title that name the role (seniority words dropped, Portuguese and Spanish role words mapped
//! to English), its seniority ([`parse_seniority`]; a level inferred from years does not count),
//! the words of the most specific part of its location, and a MinHash signature of its
//! description: 128 one-permutation bins over 64-bit hashes of three-word shingles of the folded
//! text (lowercase, accents, HTML tags and entities dropped), densified so that every bin is
//! filled. The fingerprint is plain data (serde), meant to be stored beside the posting.
//!
//! Two fingerprints are the same posting when ([`compare`]):
//!
//! 1. **exactly**: the same canonical URL, or the same source and external id; or
//! 2. they pass every **guard**: the same company, or one name extending the other at a word
//!    boundary (`Faro Crédito` / `Faro Crédito Digital S.A.`); the same seniority, where a title
//!    without a level counts as mid and staff, principal and lead (or head, director and
//!    manager) are told apart; years of experience that do not contradict each other; role words
//!    that overlap enough; **and**
//!    - their descriptions are similar: the estimated containment of the smaller shingle set in
//!      the larger ([`DedupOptions::min_containment`]), which keeps truncated copies and copies
//!      with boilerplate added; with a company unknown, the descriptions must be near-identical
//!      ([`DedupOptions::near_identical`]); or
//!    - they have the same company, role words and level, and locations naming the same place,
//!      and descriptions that overlap enough ([`DedupOptions::same_title_min_containment`]) or
//!      are missing.
//!
//! [`DedupIndex`] finds candidates without comparing every pair: a map of exact keys; LSH buckets
//! over the signatures (21 bands of 6 bins: near-identical descriptions); a bucket per company,
//! role and level (the same title, whatever the text); and a bucket per description opening (the
//! first twelve words, which a truncated copy keeps). A new posting joins the group of its best
//! verified candidate, and only when it also passes the guards against that group's first
//! posting, so one posting that resembles two unrelated ones cannot chain them together. Groups
//! only ever grow by postings that come later, so the first posting of a group is always its
//! earliest, and [`find_duplicates`] is the same index fed in input order.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

use super::seniority::{
    Seniority, SeniorityInfo, Words, evidence_rank, parse_seniority, truncate, word_level,
};
use crate::skills::fold::strip_accent;

/// Number of one-permutation MinHash bins in a signature.
pub const SIGNATURE_BINS: usize = 128;

/// Rows (bins) per LSH band.
const BAND_ROWS: usize = 6;

/// LSH bands per signature.
const BANDS: usize = SIGNATURE_BINS / BAND_ROWS;

/// Bucket slots per indexed posting: the LSH bands, the company-role-level bucket and the
/// opening bucket.
const SLOTS: usize = BANDS + 2;

/// Descriptions longer than this are fingerprinted up to here only.
pub const MAX_TEXT_BYTES: usize = 256 * 1024;

/// Smaller shingle sets than this are compared by Jaccard similarity, not containment: a few
/// words are contained in too many texts.
const MIN_CONTAINMENT_SHINGLES: u32 = 16;

/// Version of the fingerprint algorithm; stored fingerprints of another version must be
/// recomputed before they are compared.
pub const FINGERPRINT_VERSION: u32 = 1;

/// The fields of a posting that dedup reads. Every field but the title is optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DedupRecord<'a> {
    /// The title as posted.
    pub title: &'a str,
    /// The company name as posted (legal suffixes and case do not matter).
    pub company: Option<&'a str>,
    /// The location as posted.
    pub location: Option<&'a str>,
    /// The description, plain text or HTML.
    pub description: Option<&'a str>,
    /// The posting's URL (tracking parameters do not matter).
    pub url: Option<&'a str>,
    /// The source the posting came from (`"gupy"`, `"linkedin"`, …).
    pub source: Option<&'a str>,
    /// The posting's id at its source.
    pub external_id: Option<&'a str>,
    /// The publication date, `YYYY-MM-DD` (anything after the date is ignored).
    pub posted_at: Option<&'a str>,
}

/// The knobs of duplicate detection. The defaults were chosen on the project's labelled set;
/// see `docs/dedup.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DedupOptions {
    /// Estimated containment of one description's shingles in the other's from which two
    /// postings that pass the guards are duplicates. Default 0.7.
    pub min_containment: f32,
    /// Estimated Jaccard similarity of the descriptions from which postings are duplicates
    /// when one company is unknown. Default 0.9.
    pub near_identical: f32,
    /// Containment that suffices when the company, the role words, the level and the location
    /// agree. Default 0.5.
    pub same_title_min_containment: f32,
    /// Jaccard similarity of the role words below which titles name different roles. Default
    /// 0.5.
    pub min_role_similarity: f32,
    /// Difference in minimum years of experience from which two postings ask for different
    /// seniorities. Default 2.
    pub max_years_gap: f32,
    /// Postings published further apart than this many days are never duplicates (except by
    /// URL or id). Default: no limit.
    pub max_days_apart: Option<u32>,
    /// Most postings read from one bucket when looking for candidates (the most recent first).
    /// Default 32.
    pub max_bucket_walk: usize,
}

impl Default for DedupOptions {
    fn default() -> DedupOptions {
        DedupOptions {
            min_containment: 0.7,
            near_identical: 0.9,
            same_title_min_containment: 0.5,
            min_role_similarity: 0.5,
            max_years_gap: 2.0,
            max_days_apart: None,
            max_bucket_walk: 32,
        }
    }
}

/// Why two postings are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The same canonical URL.
    SameUrl,
    /// The same source and external id.
    SameSourceId,
    /// Similar descriptions, and the guards pass.
    SimilarText,
    /// The same company, role, level and location, with descriptions that do not contradict it.
    SameTitle,
}

/// What [`compare`] decided about two postings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Verdict {
    /// Why they are the same.
    pub reason: Reason,
    /// How alike they are, in [0, 1]; ranks candidates.
    pub score: f32,
}

/// A posting found to be a duplicate by a [`DedupIndex`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Duplicate {
    /// Index (insertion order) of the first posting of the group.
    pub of: usize,
    /// Index of the posting it was matched with (often `of` itself).
    pub matched: usize,
    /// Why.
    pub reason: Reason,
    /// How alike the two matched postings are, in [0, 1].
    pub score: f32,
}

/// What dedup keeps of a posting; compute it once with [`Fingerprint::new`] and store it.
///
/// The fields are private so that the algorithm can change; [`Fingerprint::version`] says
/// which algorithm made a stored one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fingerprint {
    version: u32,
    url: Option<u64>,
    source_id: Option<u64>,
    company: String,
    role: Vec<u32>,
    level: Option<Seniority>,
    /// A finer rank of the level (staff and principal are both lead).
    rank: Option<u8>,
    years_min: Option<f32>,
    years_max: Option<f32>,
    location: Vec<u32>,
    posted_day: Option<i32>,
    shingles: u32,
    /// A hash of the description's first words: truncated copies keep them.
    opening: Option<u64>,
    signature: Vec<u32>,
}

impl Fingerprint {
    /// Fingerprints a posting, reading its seniority from the title and description.
    pub fn new(record: &DedupRecord<'_>) -> Fingerprint {
        let seniority = parse_seniority(record.title, record.description);
        Fingerprint::with_seniority(record, &seniority)
    }

    /// Fingerprints a posting whose seniority is already known (a level inferred from years
    /// is ignored).
    pub fn with_seniority(record: &DedupRecord<'_>, seniority: &SeniorityInfo) -> Fingerprint {
        let mut words = Words::default();
        let text = record.description.map(text_signature).unwrap_or_default();
        let url = record
            .url
            .map(canonical_url)
            .filter(|u| !u.is_empty())
            .map(|u| hash_bytes(u.as_bytes()));
        let source_id = match (record.source, record.external_id) {
            (Some(source), Some(id)) if !id.trim().is_empty() => {
                let mut key = source.trim().to_lowercase();
                key.push('\u{0}');
                key.push_str(id.trim());
                Some(hash_bytes(key.as_bytes()))
            }
            _ => None,
        };
        Fingerprint {
            version: FINGERPRINT_VERSION,
            url,
            source_id,
            company: record.company.map(normalize_company).unwrap_or_default(),
            role: role_words(record.title, &mut words),
            level: if seniority.inferred {
                None
            } else {
                seniority.level
            },
            rank: if seniority.inferred {
                None
            } else {
                seniority.evidence.as_deref().and_then(evidence_rank)
            },
            years_min: seniority.years_min,
            years_max: seniority.years_max,
            location: record
                .location
                .map(|l| location_words(l, &mut words))
                .unwrap_or_default(),
            posted_day: record.posted_at.and_then(day_number),
            shingles: text.shingles,
            opening: text.opening,
            signature: text.signature,
        }
    }

    /// The version of the algorithm that made this fingerprint ([`FINGERPRINT_VERSION`] for new
    /// ones).
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The normalised company name (empty when unknown).
    pub fn company(&self) -> &str {
        &self.company
    }

    /// The named seniority level (not one inferred from years).
    pub fn level(&self) -> Option<Seniority> {
        self.level
    }

    /// The rank the seniority guard compares: a title without a level counts as mid.
    fn effective_rank(&self) -> u8 {
        self.rank
            .unwrap_or(self.level.unwrap_or(Seniority::Mid) as u8 * 10)
    }

    /// Whether the posting had a description with at least one word.
    pub fn has_text(&self) -> bool {
        self.signature.len() == SIGNATURE_BINS && self.shingles > 0
    }

    /// Estimated Jaccard similarity of two descriptions' shingle sets, and the estimated
    /// containment of the smaller set in the larger; `None` when either has no text.
    pub fn text_similarity(&self, other: &Fingerprint) -> Option<(f32, f32)> {
        if !self.has_text() || !other.has_text() {
            return None;
        }
        let equal = self
            .signature
            .iter()
            .zip(&other.signature)
            .filter(|(a, b)| a == b)
            .count();
        let jaccard = equal as f32 / SIGNATURE_BINS as f32;
        let (a, b) = (self.shingles as f32, other.shingles as f32);
        let smaller = self.shingles.min(other.shingles);
        let containment = if smaller < MIN_CONTAINMENT_SHINGLES {
            jaccard
        } else {
            (jaccard / (1.0 + jaccard) * (a + b) / a.min(b)).min(1.0)
        };
        Some((jaccard, containment))
    }
}

/// Whether two fingerprints are the same posting, and why; see the module documentation.
pub fn compare(a: &Fingerprint, b: &Fingerprint, options: &DedupOptions) -> Option<Verdict> {
    if a.url.is_some() && a.url == b.url {
        return Some(Verdict {
            reason: Reason::SameUrl,
            score: 1.0,
        });
    }
    if a.source_id.is_some() && a.source_id == b.source_id {
        return Some(Verdict {
            reason: Reason::SameSourceId,
            score: 1.0,
        });
    }
    if let (Some(limit), Some(x), Some(y)) = (options.max_days_apart, a.posted_day, b.posted_day)
        && x.abs_diff(y) > limit
    {
        return None;
    }
    // The cheap guards first: most candidates fail one.
    if !guards_pass(a, b, options) {
        return None;
    }
    let company = company_relation(&a.company, &b.company);
    if company == Relation::Different {
        return None;
    }
    let same_title = company == Relation::Same
        && !a.role.is_empty()
        && a.role == b.role
        && locations_compatible(&a.location, &b.location);
    match a.text_similarity(b) {
        Some((jaccard, containment)) => {
            let score = (jaccard + containment) / 2.0;
            if company == Relation::Unknown {
                return (jaccard >= options.near_identical).then_some(Verdict {
                    reason: Reason::SimilarText,
                    score,
                });
            }
            if containment >= options.min_containment {
                return Some(Verdict {
                    reason: Reason::SimilarText,
                    score,
                });
            }
            (same_title && containment >= options.same_title_min_containment).then_some(Verdict {
                reason: Reason::SameTitle,
                score,
            })
        }
        None => same_title.then_some(Verdict {
            reason: Reason::SameTitle,
            score: 0.5,
        }),
    }
}

/// The guards every match but an exact one must pass: seniority, years and role. (The company
/// is checked by the caller, which needs to know how it matched.)
fn guards_pass(a: &Fingerprint, b: &Fingerprint, options: &DedupOptions) -> bool {
    if a.effective_rank() != b.effective_rank() {
        return false;
    }
    if years_differ(
        (a.years_min, a.years_max),
        (b.years_min, b.years_max),
        options.max_years_gap,
    ) {
        return false;
    }
    match role_similarity(&a.role, &b.role) {
        Some(similarity) => similarity >= options.min_role_similarity,
        None => true,
    }
}

/// Whether two (minimum, maximum) years of experience ask for different seniorities: minimums
/// `max_gap` or more apart, or one's maximum below the other's minimum.
fn years_differ(
    a: (Option<f32>, Option<f32>),
    b: (Option<f32>, Option<f32>),
    max_gap: f32,
) -> bool {
    if let (Some(x), Some(y)) = (a.0, b.0)
        && (x - y).abs() >= max_gap
    {
        return true;
    }
    let below = |max: Option<f32>, min: Option<f32>| matches!((max, min), (Some(max), Some(min)) if max < min);
    below(a.1, b.0) || below(b.1, a.0)
}

/// The guard inputs of an indexed posting, kept apart from the fingerprints so that rejecting
/// a candidate reads a few bytes rather than a whole fingerprint.
#[derive(Debug, Clone, Copy)]
struct Summary {
    rank: u8,
    /// A hash of the first three letters of the company without spaces (0 when unknown or
    /// shorter): names that [`company_relation`] finds the same share it.
    company_head: u32,
    years: (Option<f32>, Option<f32>),
}

impl Summary {
    fn of(fingerprint: &Fingerprint) -> Summary {
        let head: Vec<u8> = fingerprint
            .company
            .bytes()
            .filter(|&b| b != b' ')
            .take(3)
            .collect();
        Summary {
            rank: fingerprint.effective_rank(),
            company_head: if head.len() == 3 {
                hash_bytes(&head) as u32 | 1
            } else {
                0
            },
            years: (fingerprint.years_min, fingerprint.years_max),
        }
    }

    /// Whether the cheap guards let two postings through to the full [`compare`].
    fn may_match(&self, other: &Summary, options: &DedupOptions) -> bool {
        self.rank == other.rank
            && (self.company_head == 0
                || other.company_head == 0
                || self.company_head == other.company_head)
            && !years_differ(self.years, other.years, options.max_years_gap)
    }
}

/// Jaccard similarity of two sorted sets of role words; `None` when either is empty.
fn role_similarity(a: &[u32], b: &[u32]) -> Option<f32> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    Some(common as f32 / (a.len() + b.len() - common) as f32)
}

/// Whether two locations name the same place: they share a place word, or neither names one
/// (`Remote`, `Remoto`).
fn locations_compatible(a: &[u32], b: &[u32]) -> bool {
    (a.is_empty() && b.is_empty()) || a.iter().any(|w| b.binary_search(w).is_ok())
}

// ---------------------------------------------------------------------------------------------
// The index

/// An `u64` that is already a good hash is its own hash.
#[derive(Default)]
struct PrehashedKey(u64);

impl Hasher for PrehashedKey {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap = HashMap<u64, u32, BuildHasherDefault<PrehashedKey>>;

const NONE: u32 = u32::MAX;

/// An incremental duplicate index: insert fingerprints one at a time (a server keeps one over
/// its stored postings), and learn for each whether it repeats one already inserted.
///
/// Postings are numbered by insertion order, from 0 (up to 2³² − 2 of them).
#[derive(Debug, Clone, Default)]
pub struct DedupIndex {
    options: DedupOptions,
    fingerprints: Vec<Fingerprint>,
    /// The guard inputs of each posting.
    summaries: Vec<Summary>,
    /// The first posting of each posting's group.
    roots: Vec<u32>,
    /// Exact keys (URL, source and id) → the first posting that had them.
    exact: KeyMap,
    /// Bucket key → the latest posting in the bucket.
    heads: KeyMap,
    /// For posting `i` and slot `s`, `next[i * SLOTS + s]` is the previous posting in the same
    /// bucket, or `NONE`.
    next: Vec<u32>,
}

impl DedupIndex {
    /// An empty index.
    pub fn new(options: DedupOptions) -> DedupIndex {
        DedupIndex {
            options,
            ..DedupIndex::default()
        }
    }

    /// An empty index with room for `postings` without growing (rehashing a large index
    /// costs more than filling it).
    /// (Room is reserved for at most 2²⁴ postings; beyond, the index grows as usual.)
    pub fn with_capacity(options: DedupOptions, postings: usize) -> DedupIndex {
        let postings = postings.min(1 << 24);
        let mut index = DedupIndex::new(options);
        index.fingerprints.reserve(postings);
        index.summaries.reserve(postings);
        index.roots.reserve(postings);
        index.next.reserve(postings * SLOTS);
        index.heads.reserve(postings * SLOTS);
        index
    }

    /// The options it was built with.
    pub fn options(&self) -> &DedupOptions {
        &self.options
    }

    /// Number of postings inserted.
    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }

    /// Whether nothing was inserted.
    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }

    /// The fingerprint inserted at `index`.
    pub fn get(&self, index: usize) -> Option<&Fingerprint> {
        self.fingerprints.get(index)
    }

    /// The first posting of the group of the posting at `index` (itself when it is the first).
    pub fn group_of(&self, index: usize) -> Option<usize> {
        self.roots.get(index).map(|&r| r as usize)
    }

    /// Which inserted posting (if any) `fingerprint` repeats, without inserting it.
    pub fn find(&self, fingerprint: &Fingerprint) -> Option<Duplicate> {
        if let Some(found) = self.find_exact(fingerprint) {
            return Some(found);
        }
        let heads = bucket_keys(fingerprint).map(|key| {
            key.and_then(|key| self.heads.get(&key).copied())
                .unwrap_or(NONE)
        });
        self.best_match(fingerprint, &heads)
    }

    /// Inserts a posting; returns what it repeats, if anything.
    pub fn insert(&mut self, fingerprint: Fingerprint) -> Option<Duplicate> {
        let index = self.fingerprints.len() as u32;
        let exact = self.find_exact(&fingerprint);
        for (key, _) in exact_keys(&fingerprint) {
            self.exact.entry(key).or_insert(index);
        }
        // One map operation per bucket: inserting returns the bucket's previous head, which is
        // where the walk for candidates starts.
        let heads = bucket_keys(&fingerprint).map(|key| {
            key.and_then(|key| self.heads.insert(key, index))
                .unwrap_or(NONE)
        });
        let found = exact.or_else(|| self.best_match(&fingerprint, &heads));
        self.next.extend_from_slice(&heads);
        self.roots.push(found.map_or(index, |d| d.of as u32));
        self.summaries.push(Summary::of(&fingerprint));
        self.fingerprints.push(fingerprint);
        found
    }

    fn find_exact(&self, fingerprint: &Fingerprint) -> Option<Duplicate> {
        exact_keys(fingerprint).find_map(|(key, reason)| {
            self.exact.get(&key).map(|&found| Duplicate {
                of: self.roots[found as usize] as usize,
                matched: found as usize,
                reason,
                score: 1.0,
            })
        })
    }

    /// The best verified candidate reachable from the buckets' `heads`, in a group that the
    /// posting may join.
    fn best_match(&self, fingerprint: &Fingerprint, heads: &[u32; SLOTS]) -> Option<Duplicate> {
        let mut candidates = Vec::new();
        for (slot, &head) in heads.iter().enumerate() {
            let mut at = head;
            let mut walked = 0;
            while at != NONE && walked < self.options.max_bucket_walk {
                candidates.push(at);
                at = self.next[at as usize * SLOTS + slot];
                walked += 1;
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let summary = Summary::of(fingerprint);
        let mut verified: Vec<(Verdict, u32)> = candidates
            .into_iter()
            .filter(|&c| summary.may_match(&self.summaries[c as usize], &self.options))
            .filter_map(|c| {
                compare(fingerprint, &self.fingerprints[c as usize], &self.options).map(|v| (v, c))
            })
            .collect();
        // Best first; among equals, the earliest.
        verified.sort_by(|(a, x), (b, y)| b.score.total_cmp(&a.score).then(x.cmp(y)));
        verified.into_iter().find_map(|(verdict, matched)| {
            let root = self.roots[matched as usize];
            (root == matched || self.joins_group(fingerprint, root)).then_some(Duplicate {
                of: root as usize,
                matched: matched as usize,
                reason: verdict.reason,
                score: verdict.score,
            })
        })
    }

    /// Whether a posting may join the group whose first posting is `root`: the guards hold
    /// against it too, which keeps one posting from chaining unrelated ones.
    fn joins_group(&self, fingerprint: &Fingerprint, root: u32) -> bool {
        let first = &self.fingerprints[root as usize];
        guards_pass(fingerprint, first, &self.options)
            && company_relation(&fingerprint.company, &first.company) != Relation::Different
    }
}

/// For each posting, the index of the first posting of its group, or `None` for the first.
pub fn find_duplicates(records: &[DedupRecord<'_>], options: &DedupOptions) -> Vec<Option<usize>> {
    find_duplicates_of(records.iter().map(Fingerprint::new), options)
}

/// [`find_duplicates`] over fingerprints already computed (for instance on several threads).
pub fn find_duplicates_of(
    fingerprints: impl IntoIterator<Item = Fingerprint>,
    options: &DedupOptions,
) -> Vec<Option<usize>> {
    let fingerprints = fingerprints.into_iter();
    let mut index = DedupIndex::with_capacity(options.clone(), fingerprints.size_hint().0);
    fingerprints
        .map(|fingerprint| index.insert(fingerprint).map(|d| d.of))
        .collect()
}

fn exact_keys(fingerprint: &Fingerprint) -> impl Iterator<Item = (u64, Reason)> {
    // Distinct salts keep a URL and an id from ever sharing a key.
    let url = fingerprint.url.map(|h| (mix(h ^ 0x5555), Reason::SameUrl));
    let id = fingerprint
        .source_id
        .map(|h| (mix(h ^ 0xaaaa), Reason::SameSourceId));
    url.into_iter().chain(id)
}

/// The bucket keys of a posting: one per LSH band (near-identical descriptions), then the
/// company-role-level bucket (the same title at the same company, whatever the text), then the
/// opening bucket (the same first words: a truncated copy, even under a translated title).
/// Companies are blocked by their first word, which names that [`company_relation`] finds the
/// same share unless one of them glues words together.
fn bucket_keys(fingerprint: &Fingerprint) -> [Option<u64>; SLOTS] {
    let mut keys = [None; SLOTS];
    if fingerprint.has_text() {
        for (band, rows) in fingerprint.signature.chunks_exact(BAND_ROWS).enumerate() {
            let mut key = (band as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            for &row in rows {
                key = mix(key ^ u64::from(row));
            }
            keys[band] = Some(key);
        }
    }
    if !fingerprint.company.is_empty() && !fingerprint.role.is_empty() {
        let block = fingerprint.company.split(' ').next().unwrap_or_default();
        let level = u64::from(fingerprint.effective_rank()) + 1;
        let mut key = mix(hash_bytes(block.as_bytes()) ^ level);
        for &word in &fingerprint.role {
            key = mix(key ^ u64::from(word));
        }
        keys[BANDS] = Some(key);
    }
    keys[BANDS + 1] = fingerprint
        .opening
        .map(|opening| mix(opening ^ 0x00c0_ffee));
    keys
}

// ---------------------------------------------------------------------------------------------
// Companies

/// Legal-form words dropped from the end of a company name.
const LEGAL_SUFFIXES: &[&str] = &[
    "ltda",
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "llc",
    "llp",
    "lp",
    "plc",
    "gmbh",
    "ag",
    "kg",
    "sas",
    "sa",
    "spa",
    "srl",
    "sl",
    "sarl",
    "bv",
    "nv",
    "corp",
    "corporation",
    "co",
    "company",
    "me",
    "mei",
    "eireli",
    "epp",
    "lda",
    "sac",
    "saa",
    "sapi",
    "cv",
    "pty",
    "oy",
    "ab",
];

/// A company name folded for comparison: lowercase, accents and punctuation removed, legal
/// forms (`Ltda`, `S.A.`, `S/A`, `Inc.`, `LLC`, `GmbH`, `SAS`, `SpA`, `Ltd.`, `Corp.`, `ME`,
/// `EIRELI`, `S.L.`, `S.R.L.`, `S.A. de C.V.`, …) and a leading "The" removed.
///
/// `"Parcel & Pine Co."` → `"parcel pine"`; `"Faro Crédito Digital LTDA."` →
/// `"faro credito digital"`.
pub fn normalize_company(name: &str) -> String {
    let mut words = Words::default();
    words.split(truncate(name, 512), false);
    let mut kept: Vec<&str> = words.iter().collect();
    if kept.len() > 1 && kept[0] == "the" {
        kept.remove(0);
    }
    loop {
        let before = kept.len();
        // A run of single letters (`S.A.`, `S/A`, `S.R.L.`, `C.V.`), possibly joined by "de".
        let mut letters = 0;
        let mut end = kept.len();
        while end > 0 {
            let word = kept[end - 1];
            if word.len() == 1 && word.bytes().all(|b| b.is_ascii_alphabetic()) {
                letters += 1;
            } else if word != "de" || letters == 0 {
                break;
            }
            end -= 1;
        }
        if letters >= 2 && end > 0 {
            kept.truncate(end);
        }
        while kept.len() > 1 && kept.last().is_some_and(|w| LEGAL_SUFFIXES.contains(w)) {
            kept.pop();
        }
        while kept.len() > 1 && kept.last() == Some(&"de") {
            kept.pop();
        }
        if kept.len() == before {
            break;
        }
    }
    kept.join(" ")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    Same,
    Different,
    Unknown,
}

/// How two normalised company names relate: the same when equal without spaces, or when one
/// extends the other at a word boundary (`greyfin` / `greyfin capital`, `rota66` /
/// `rota 66 mobilidade`).
fn company_relation(a: &str, b: &str) -> Relation {
    if a.is_empty() || b.is_empty() {
        return Relation::Unknown;
    }
    if a == b {
        return Relation::Same;
    }
    let letters = |name: &str| name.bytes().filter(|&b| b != b' ').count();
    let (short, long) = if letters(a) <= letters(b) {
        (a, b)
    } else {
        (b, a)
    };
    if letters(short) < 2 {
        return Relation::Different;
    }
    // Walk both names without their spaces; the shorter must end where a word of the longer
    // does.
    let mut long_bytes = long.bytes().enumerate().filter(|&(_, b)| b != b' ');
    let mut last = 0;
    for byte in short.bytes().filter(|&b| b != b' ') {
        match long_bytes.next() {
            Some((at, other)) if other == byte => last = at,
            _ => return Relation::Different,
        }
    }
    match long.as_bytes().get(last + 1) {
        None | Some(b' ') => Relation::Same,
        Some(_) => Relation::Different,
    }
}

// ---------------------------------------------------------------------------------------------
// Titles and locations

/// Words that say how a job is done, not what or where: noise in titles and locations alike.
const WORKPLACE_WORDS: &[&str] = &[
    "remote",
    "remoto",
    "remota",
    "hybrid",
    "hibrido",
    "hibrida",
    "presencial",
    "onsite",
    "homeoffice",
];

/// Title words that say nothing about the role (besides [`WORKPLACE_WORDS`]).
/// (Single letters other than `c` and `r` are dropped too: gender tags like `(m/w/d)`, `(a)`.)
const ROLE_NOISE: &[&str] = &[
    "de",
    "da",
    "do",
    "das",
    "dos",
    "del",
    "la",
    "el",
    "los",
    "las",
    "of",
    "the",
    "and",
    "for",
    "para",
    "por",
    "en",
    "em",
    "in",
    "no",
    "na",
    "at",
    "to",
    "with",
    "com",
    "con",
    "urgent",
    "urgente",
    "hiring",
    "vaga",
    "vacante",
    "anywhere",
    "worldwide",
    "new",
    "nova",
    "nueva",
];

/// Portuguese and Spanish role words, and abbreviations, mapped to English.
const ROLE_SYNONYMS: &[(&str, &str)] = &[
    ("engenheiro", "engineer"),
    ("engenheira", "engineer"),
    ("ingeniero", "engineer"),
    ("ingeniera", "engineer"),
    ("eng", "engineer"),
    ("desenvolvedor", "developer"),
    ("desenvolvedora", "developer"),
    ("desarrollador", "developer"),
    ("desarrolladora", "developer"),
    ("programador", "developer"),
    ("programadora", "developer"),
    ("dev", "developer"),
    ("analista", "analyst"),
    ("cientista", "scientist"),
    ("cientifico", "scientist"),
    ("cientifica", "scientist"),
    ("arquiteto", "architect"),
    ("arquiteta", "architect"),
    ("arquitecto", "architect"),
    ("arquitecta", "architect"),
    ("dados", "data"),
    ("datos", "data"),
    ("produto", "product"),
    ("producto", "product"),
    ("projeto", "project"),
    ("projetos", "project"),
    ("proyecto", "project"),
    ("proyectos", "project"),
    ("visao", "vision"),
    ("computacional", "computer"),
    ("computadora", "computer"),
    ("computador", "computer"),
    ("aprendizado", "learning"),
    ("aprendizaje", "learning"),
    ("maquina", "machine"),
    ("ia", "ai"),
    ("generativa", "generative"),
    ("generativo", "generative"),
    ("plataforma", "platform"),
    ("inteligencia", "intelligence"),
    ("negocios", "business"),
    ("negocio", "business"),
    ("sistemas", "system"),
    ("seguranca", "security"),
    ("seguridad", "security"),
    ("qualidade", "quality"),
    ("calidad", "quality"),
    ("suporte", "support"),
    ("soporte", "support"),
    ("infraestrutura", "infrastructure"),
    ("infraestructura", "infrastructure"),
    ("nuvem", "cloud"),
    ("nube", "cloud"),
    ("movel", "mobile"),
    ("movil", "mobile"),
    ("disenador", "designer"),
    ("disenadora", "designer"),
    ("consultor", "consultant"),
    ("consultora", "consultant"),
    ("administrador", "administrator"),
    ("administradora", "administrator"),
    ("tecnico", "technician"),
    ("tecnica", "technician"),
    ("gerente", "manager"),
    ("engenharia", "engineering"),
    ("ingenieria", "engineering"),
    ("desenvolvimento", "development"),
    ("desarrollo", "development"),
    ("dba", "database administrator"),
    ("ml", "machine learning"),
    ("swe", "software engineer"),
    ("sre", "site reliability engineer"),
];

/// `back end` → `backend`, `front end` → `frontend`, `full stack` → `fullstack`.
const COMPOUNDS: &[(&str, &str, &str)] = &[
    ("back", "end", "backend"),
    ("front", "end", "frontend"),
    ("full", "stack", "fullstack"),
];

/// English plural `s` dropped from longer words, so that `analytics` and `analytic` agree.
fn singular(word: &str) -> &str {
    if word.len() > 4 && word.ends_with('s') && !word.ends_with("ss") {
        &word[..word.len() - 1]
    } else {
        word
    }
}

/// The role words of a title, hashed and sorted: level words, noise and numbers dropped,
/// synonyms mapped, compounds joined.
fn role_words(title: &str, words: &mut Words) -> Vec<u32> {
    let title = truncate(title, 1024);
    words.split(title, false);
    let mut out: Vec<u32> = Vec::new();
    let push = |word: &str, out: &mut Vec<u32>| {
        out.push(hash_bytes(singular(word).as_bytes()) as u32);
    };
    let mut i = 0;
    while i < words.len() {
        if let Some((_, taken)) = word_level(words, title, i) {
            i += taken;
            continue;
        }
        let word = words.get(i);
        if let Some(&(_, _, joined)) = COMPOUNDS
            .iter()
            .find(|(first, second, _)| *first == word && *second == words.get(i + 1))
        {
            push(joined, &mut out);
            i += 2;
            continue;
        }
        i += 1;
        let stray_letter = word.len() == 1 && !matches!(word, "c" | "r");
        if stray_letter
            || ROLE_NOISE.contains(&word)
            || WORKPLACE_WORDS.contains(&word)
            || word.bytes().all(|b| b.is_ascii_digit())
        {
            continue;
        }
        match ROLE_SYNONYMS.iter().find(|(from, _)| *from == word) {
            Some((_, to)) => {
                for part in to.split(' ') {
                    push(part, &mut out);
                }
            }
            None => push(word, &mut out),
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Location words that name no place (besides [`WORKPLACE_WORDS`]).
const LOCATION_NOISE: &[&str] = &[
    "on", "site", "only", "home", "office", "or", "ou", "and", "e", "y", "o", "de", "da", "do",
    "del", "the", "in", "em", "en", "from", "desde",
];

/// The place words of a location's most specific part, hashed and sorted: the first
/// comma-separated part that names a place (`Seattle` of `Seattle, WA, USA`; `Brasil` of
/// `Remoto, Brasil`). Comparing countries alone would make Atlanta and Chicago one place.
fn location_words(location: &str, words: &mut Words) -> Vec<u32> {
    let location = truncate(location, 512);
    for part in location.split([',', ';', '|']) {
        words.split(part, false);
        let mut out: Vec<u32> = words
            .iter()
            .filter(|w| {
                w.len() > 1
                    && !LOCATION_NOISE.contains(w)
                    && !WORKPLACE_WORDS.contains(w)
                    && !w.bytes().all(|b| b.is_ascii_digit())
            })
            .map(|w| hash_bytes(singular(w).as_bytes()) as u32)
            .collect();
        if !out.is_empty() {
            out.sort_unstable();
            out.dedup();
            return out;
        }
    }
    Vec::new()
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date at the start of `text` (a timestamp after it
/// is ignored); `None` for anything else.
pub fn day_number(text: &str) -> Option<i32> {
    let bytes = text.trim().as_bytes();
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<i32> {
        let mut n = 0i32;
        for &b in &bytes[range] {
            if !b.is_ascii_digit() {
                return None;
            }
            n = n * 10 + i32::from(b - b'0');
        }
        Some(n)
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

// ---------------------------------------------------------------------------------------------
// URLs

/// Query parameters that only track where a visitor came from.
const TRACKING_PARAMS: &[&str] = &[
    "gclid",
    "gbraid",
    "wbraid",
    "dclid",
    "fbclid",
    "msclkid",
    "yclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_hsenc",
    "_hsmi",
    "_ga",
    "_gl",
    "ref",
    "ref_src",
    "referrer",
    "refid",
    "source",
    "src",
    "trk",
    "trkid",
    "trackingid",
    "tracking_id",
    "gh_src",
    "lever-source",
    "lever-origin",
    "lipi",
    "si",
    "origin",
    "campaign",
];

/// A URL reduced to what identifies the page: scheme `http` folded into `https`, host
/// lowercased without `www.` and default port, fragment dropped, tracking parameters (`utm_*`,
/// `gclid`, `fbclid`, `ref`, `source`, `trk`, `gh_src`, …) removed, the others sorted, and no
/// trailing slash. Text that is not an `http(s)` URL is returned trimmed.
///
/// `"HTTPS://WWW.Example.com/jobs/42/?utm_source=x&b=2&a=1#apply"` →
/// `"https://example.com/jobs/42?a=1&b=2"`.
pub fn canonical_url(url: &str) -> String {
    let url = url.trim();
    let url = truncate(url, 4096);
    let lower_start = url
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let rest = if lower_start.starts_with("https://") {
        &url[8..]
    } else if lower_start.starts_with("http://") {
        &url[7..]
    } else {
        return url.to_string();
    };
    let rest = rest.split('#').next().unwrap_or_default();
    let (authority_and_path, query) = match rest.split_once('?') {
        Some((before, query)) => (before, query),
        None => (rest, ""),
    };
    let (authority, path) = match authority_and_path.find('/') {
        Some(at) => authority_and_path.split_at(at),
        None => (authority_and_path, ""),
    };
    let mut host = authority
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if let Some(stripped) = host
        .strip_suffix(":443")
        .or_else(|| host.strip_suffix(":80"))
    {
        host = stripped.to_string();
    }
    if let Some(stripped) = host.strip_prefix("www.") {
        host = stripped.to_string();
    }
    let path = path.trim_end_matches('/');
    let mut params: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let name = p.split('=').next().unwrap_or_default().to_ascii_lowercase();
            !(name.starts_with("utm_") || TRACKING_PARAMS.contains(&name.as_str()))
        })
        .collect();
    params.sort_unstable();
    let mut out = String::with_capacity(8 + host.len() + path.len() + query.len());
    out.push_str("https://");
    out.push_str(&host);
    out.push_str(path);
    if !params.is_empty() {
        out.push('?');
        out.push_str(&params.join("&"));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Hashing and the text signature

#[inline]
fn mix(mut x: u64) -> u64 {
    // The finaliser of MurmurHash3.
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = WordHasher::default();
    for &byte in bytes {
        hasher.push(byte);
    }
    hasher.finish()
}

/// Hashes a word eight bytes at a time.
#[derive(Default, Clone, Copy)]
struct WordHasher {
    hash: u64,
    word: u64,
    shift: u32,
    len: u32,
}

impl WordHasher {
    #[inline]
    fn push(&mut self, byte: u8) {
        self.push_bytes(u64::from(byte), 1);
    }

    /// Appends `len` (1 to 8) bytes packed little-endian in `value`.
    #[inline]
    fn push_bytes(&mut self, value: u64, len: u32) {
        let bits = 8 * len;
        self.len += len;
        self.word |= value << self.shift;
        if self.shift + bits < 64 {
            self.shift += bits;
            return;
        }
        let spilled = self.shift + bits - 64;
        let carried = if spilled == 0 {
            0
        } else {
            value >> (bits - spilled)
        };
        self.hash = (self.hash ^ self.word)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
        self.word = carried;
        self.shift = spilled;
    }

    #[inline]
    fn finish(&self) -> u64 {
        let x = (self.hash ^ self.word ^ (u64::from(self.len) << 56))
            .wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^ (x >> 32)
    }

    #[inline]
    fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Builds the one-permutation MinHash signature of three-word shingles.
struct Shingler {
    mins: [u32; SIGNATURE_BINS],
    previous: [u64; 2],
    words: u32,
    shingles: u32,
    opening: u64,
}

/// Words of a description's opening (see [`Fingerprint`]'s opening bucket).
const OPENING_WORDS: u32 = 12;

/// What [`text_signature`] computes.
#[derive(Debug, Default, Clone, PartialEq)]
struct TextSignature {
    shingles: u32,
    opening: Option<u64>,
    signature: Vec<u32>,
}

/// A bin nothing fell into (a shingle whose value is exactly this counts as nothing, which
/// changes no estimate that matters).
const EMPTY: u32 = u32::MAX;

impl Shingler {
    fn new() -> Shingler {
        Shingler {
            mins: [EMPTY; SIGNATURE_BINS],
            previous: [0; 2],
            words: 0,
            shingles: 0,
            opening: 0,
        }
    }

    #[inline]
    fn add(&mut self, shingle: u64) {
        let bin = (shingle >> 57) as usize;
        let value = (shingle >> 25) as u32;
        self.mins[bin] = self.mins[bin].min(value);
        self.shingles += 1;
    }

    #[inline]
    fn word(&mut self, hash: u64) {
        self.words += 1;
        if self.words <= OPENING_WORDS {
            self.opening = mix(self.opening ^ hash);
        }
        if self.words >= 3 {
            let [first, second] = self.previous;
            self.add(shingle_hash(first, second, hash));
        }
        self.previous = [self.previous[1], hash];
    }

    fn finish(mut self) -> TextSignature {
        if self.words == 0 {
            return TextSignature::default();
        }
        if self.words < 3 {
            let [first, second] = self.previous;
            self.add(shingle_hash(0, first, second));
        }
        // Densification by rotation (Shrivastava and Li, 2014): an empty bin takes the value
        // of the next filled bin to its right, offset by the distance so that a borrowed value
        // never equals the same value unborrowed. Every signature borrows the same way, so
        // equal bins still estimate the Jaccard similarity; and it costs one pass.
        let original = self.mins;
        for bin in 0..SIGNATURE_BINS {
            if original[bin] != EMPTY {
                continue;
            }
            let mut distance = 1;
            while distance < SIGNATURE_BINS && original[(bin + distance) % SIGNATURE_BINS] == EMPTY
            {
                distance += 1;
            }
            let value = original[(bin + distance) % SIGNATURE_BINS];
            self.mins[bin] = value.wrapping_add((distance as u32).wrapping_mul(0x9E37_79B9));
        }
        TextSignature {
            shingles: self.shingles,
            opening: Some(self.opening),
            signature: self.mins.to_vec(),
        }
    }
}

/// One multiply: its high bits, which pick the bin and the value, depend on every input bit.
#[inline]
fn shingle_hash(first: u64, second: u64, third: u64) -> u64 {
    (first.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ second.rotate_left(21) ^ third.rotate_left(42))
        .wrapping_mul(0xc4ce_b9fe_1a85_ec53)
}

/// What a byte is, for the signature's tokenizer.
const SEPARATOR: u8 = 0;
const ALNUM: u8 = 1;
const MARKUP: u8 = 2;
const NON_ASCII: u8 = 3;

const fn byte_classes() -> [u8; 256] {
    let mut table = [SEPARATOR; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => ALNUM,
            b'<' | b'&' => MARKUP,
            0x80..=0xff => NON_ASCII,
            _ => SEPARATOR,
        };
        b += 1;
    }
    table
}

static BYTE_CLASS: [u8; 256] = byte_classes();

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `x` is `byte` (exact: the classic zero-byte test).
#[inline]
fn has_byte(x: u64, byte: u8) -> bool {
    let y = x ^ (ONES * u64::from(byte));
    y.wrapping_sub(ONES) & !y & HIGHS != 0
}

/// The high bit of each byte of `x` (all ASCII) that is a letter or a digit. Every addition
/// stays below 0x100 per byte, so no carry crosses bytes.
#[inline]
fn alnum_bits(x: u64) -> u64 {
    let lower = x | (ONES * 0x20);
    let letter = lower.wrapping_add(ONES * (0x80 - u64::from(b'a')))
        & !lower.wrapping_add(ONES * (0x80 - u64::from(b'z') - 1));
    let digit = x.wrapping_add(ONES * (0x80 - u64::from(b'0')))
        & !x.wrapping_add(ONES * (0x80 - u64::from(b'9') - 1));
    (letter | digit) & HIGHS
}

/// The shingle count and MinHash signature of a description (empty without words).
///
/// Eight bytes of plain ASCII are read at a time (SWAR); a block with markup (`<`, `&`) or a
/// non-ASCII byte goes through the byte-at-a-time path, which strips tags, decodes entities
/// and folds accents.
fn text_signature(text: &str) -> TextSignature {
    let text = truncate(text, MAX_TEXT_BYTES);
    let bytes = text.as_bytes();
    let mut shingler = Shingler::new();
    let mut word = WordHasher::default();
    let mut i = 0;
    while let Some(block) = bytes.get(i..i + 8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(block);
        let x = u64::from_le_bytes(eight);
        if x & HIGHS != 0 || has_byte(x, b'<') || has_byte(x, b'&') {
            let end = i + 8;
            while i < end {
                i = scalar_step(text, i, &mut word, &mut shingler);
            }
            continue;
        }
        let alnum = alnum_bits(x);
        // `0x80 >> 2` is `0x20`: letters are lowercased, digits already have that bit.
        let lower = x | (alnum >> 2);
        // A separator first ends the word the previous block left open.
        if alnum & 0x80 == 0 {
            end_word(&mut word, &mut shingler);
        }
        // Where runs of letters start and end inside the block; the last byte never ends a
        // word here (that depends on the next block). One turn per word that ends.
        let starts = alnum & !(alnum << 8);
        let mut ends = alnum & !(alnum >> 8) & (HIGHS >> 8);
        while ends != 0 {
            let end_bit = ends.trailing_zeros();
            let start_bit = 63 - (starts & (u64::MAX >> (63 - end_bit))).leading_zeros();
            let (first, len) = (start_bit / 8, end_bit / 8 - start_bit / 8 + 1);
            word.push_bytes((lower >> (8 * first)) & (u64::MAX >> (64 - 8 * len)), len);
            end_word(&mut word, &mut shingler);
            ends &= ends - 1;
        }
        if alnum >> 63 != 0 {
            let first = (63 - starts.leading_zeros()) / 8;
            let len = 8 - first;
            word.push_bytes((lower >> (8 * first)) & (u64::MAX >> (64 - 8 * len)), len);
        }
        i += 8;
    }
    while i < bytes.len() {
        i = scalar_step(text, i, &mut word, &mut shingler);
    }
    end_word(&mut word, &mut shingler);
    shingler.finish()
}

/// Reads the token at byte `i` one byte (or character, tag, entity) at a time; returns where
/// to go on.
fn scalar_step(text: &str, i: usize, word: &mut WordHasher, shingler: &mut Shingler) -> usize {
    let bytes = text.as_bytes();
    let byte = bytes[i];
    match BYTE_CLASS[byte as usize] {
        ALNUM => {
            word.push(byte | 0x20);
            i + 1
        }
        MARKUP if byte == b'<' => {
            end_word(word, shingler);
            skip_tag(bytes, i).unwrap_or(i + 1)
        }
        MARKUP => match entity(bytes, i) {
            Some((after, Some(c))) => {
                fold_char(c, word, shingler);
                after
            }
            Some((after, None)) => {
                end_word(word, shingler);
                after
            }
            None => {
                end_word(word, shingler);
                i + 1
            }
        },
        NON_ASCII => {
            // `i` is on a character boundary: the byte paths never stop inside a character.
            let c = text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or(' ');
            fold_char(c, word, shingler);
            i + c.len_utf8()
        }
        _ => {
            end_word(word, shingler);
            i + 1
        }
    }
}

#[inline]
fn end_word(word: &mut WordHasher, shingler: &mut Shingler) {
    if !word.is_empty() {
        shingler.word(word.finish());
        *word = WordHasher::default();
    }
}

/// Folds one character into the current word (lowercase, accents removed), or ends the word.
fn fold_char(c: char, word: &mut WordHasher, shingler: &mut Shingler) {
    if matches!(c, '\u{300}'..='\u{36f}' | '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
    {
        // Combining accents and invisible characters stay inside the word.
        return;
    }
    // Latin letters with diacritics (most non-ASCII text here) skip the Unicode tables.
    let latin_letter = matches!(c, 'À'..='ɏ') && c != '×' && c != '÷';
    if !latin_letter && !c.is_alphanumeric() {
        end_word(word, shingler);
        return;
    }
    if latin_letter {
        let plain = strip_accent(c);
        if plain.is_ascii() {
            word.push(plain.to_ascii_lowercase() as u8);
            return;
        }
    }
    let mut buf = [0u8; 4];
    for lower in c.to_lowercase() {
        let plain = strip_accent(lower);
        for &byte in plain.encode_utf8(&mut buf).as_bytes() {
            word.push(byte);
        }
    }
}

/// After a tag that starts at `at` (`<p>`, `</li>`, `<!-- -->`), or `None` when `<` starts no tag.
fn skip_tag(bytes: &[u8], at: usize) -> Option<usize> {
    let first = *bytes.get(at + 1)?;
    if !(first.is_ascii_alphabetic() || first == b'/' || first == b'!') {
        return None;
    }
    let limit = bytes.len().min(at + 2048);
    memchr::memchr(b'>', &bytes[at + 1..limit]).map(|pos| at + 1 + pos + 1)
}

/// An HTML entity at `at`: where it ends, and the character it stands for when that is a
/// letter or digit (`&eacute;` → `é`, `&#233;` → `é`); other entities separate words.
fn entity(bytes: &[u8], at: usize) -> Option<(usize, Option<char>)> {
    let body = bytes.get(at + 1..)?;
    let limit = body.len().min(12);
    let semi = body[..limit].iter().position(|&b| b == b';')?;
    let name = &body[..semi];
    let after = at + semi + 2;
    let c = match name {
        [b'#', b'x' | b'X', hex @ ..] if !hex.is_empty() => {
            let hex = std::str::from_utf8(hex).ok()?;
            char::from_u32(u32::from_str_radix(hex, 16).ok()?)
        }
        [b'#', dec @ ..] if !dec.is_empty() => {
            let dec = std::str::from_utf8(dec).ok()?;
            char::from_u32(dec.parse::<u32>().ok()?)
        }
        [letter, rest @ ..]
            if letter.is_ascii_alphabetic()
                && matches!(
                    rest,
                    b"acute" | b"grave" | b"circ" | b"tilde" | b"uml" | b"cedil" | b"ring"
                ) =>
        {
            Some(char::from(*letter))
        }
        _ if name.len() >= 2 && name.iter().all(u8::is_ascii_alphanumeric) => None,
        _ => return None,
    };
    Some((after, c.filter(|c| c.is_alphanumeric())))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The signature computed one byte at a time, without the eight-byte path.
    fn scalar_signature(text: &str) -> TextSignature {
        let mut shingler = Shingler::new();
        let mut word = WordHasher::default();
        let mut i = 0;
        while i < text.len() {
            i = scalar_step(text, i, &mut word, &mut shingler);
        }
        end_word(&mut word, &mut shingler);
        shingler.finish()
    }

    #[test]
    fn company_names_extend_at_word_boundaries() {
        assert_eq!(
            company_relation("greyfin", "greyfin capital"),
            Relation::Same
        );
        assert_eq!(
            company_relation("rota66", "rota 66 mobilidade"),
            Relation::Same
        );
        assert_eq!(
            company_relation("rota 66 mobilidade", "rota66"),
            Relation::Same
        );
        assert_eq!(company_relation("meta", "metabase"), Relation::Different);
        assert_eq!(company_relation("acme", "globex"), Relation::Different);
        assert_eq!(
            company_relation("acme labs", "acme foods"),
            Relation::Different
        );
        assert_eq!(company_relation("", "globex"), Relation::Unknown);
    }

    #[test]
    fn html_and_plain_text_sign_alike() {
        let plain = "Análise de dados com Python e SQL para o time de produto.";
        let html =
            "<p>An&aacute;lise de <b>dados</b> com Python e SQL</p><p>para o time de produto.</p>";
        assert_eq!(text_signature(plain), text_signature(html));
        assert_eq!(
            text_signature("R&amp;D with C++ &#8211; rock &amp; roll"),
            text_signature("R&D with C++ - rock & roll")
        );
    }

    #[test]
    fn the_eight_byte_path_signs_like_the_byte_path() {
        for text in [
            "",
            "a",
            "one two",
            "Senior Data Engineer — São Paulo, 3+ years; <b>Python</b> &amp; SQL.",
            "abcdefghijklmnopqrstuvwxyz0123456789 ABCDEFGH ijklmnop qrstuvwxyzabcdefghij",
            "x y z w v u t s r q p o n m l k j i h g f e d c b a",
        ] {
            assert_eq!(text_signature(text), scalar_signature(text), "{text:?}");
        }
    }

    #[test]
    fn dates_count_days() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(
            day_number("2026-03-01")
                .zip(day_number("2026-02-28"))
                .map(|(a, b)| a - b),
            Some(1)
        );
        assert_eq!(day_number("yesterday"), None);
    }

    proptest! {
        #[test]
        fn any_text_signs_alike_on_both_paths(text in "[a-zA-Z0-9 ,.<>&;#/éÇ\n-]{0,200}") {
            prop_assert_eq!(text_signature(&text), scalar_signature(&text));
        }
    }
}
