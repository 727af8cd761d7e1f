//! The token trie the extractor walks: every pattern is a sequence of folded tokens, so the
//! longest pattern starting at a token is found by following the hashes the fold already
//! computed, one table probe per token, instead of walking a byte automaton.
//!
//! A match is exact: the walk only proposes a pattern, and the folded bytes it covers are compared
//! with the pattern's before it is reported, so a hash collision can cost a comparison but never
//! produce or lose a match (see [`TokenTrie::longest`]).

use crate::hash::{FxMap, FxSet};
use std::collections::hash_map::Entry;

use super::fold::{Token, token_hash};

/// The root of the trie; never anyone's child, so a slot whose child is 0 is empty.
const ROOT: u32 = 0;
/// `nodes[n]` when no pattern ends at `n`.
const NO_PATTERN: u32 = u32::MAX >> 1;
/// Bit of `nodes[n]` set when `n` has children.
const HAS_CHILDREN: u32 = 1 << 31;

/// Size of each half (single tokens, token pairs) of the start filter, in 64-bit words.
const FILTER_WORDS: usize = 1 << 10;

/// One edge of the trie in the open-addressing table: the low half of its key (unique over all
/// edges) and the child it leads to.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u32,
    child: u32,
}

/// Edges of the trie, `(parent, token hash) → child`, open addressing with linear probing; at
/// most half full, so every probe sequence ends at an empty slot.
#[derive(Debug, Clone)]
struct EdgeTable {
    slots: Box<[Slot]>,
    /// `64 - log2(slots.len())`: the slot of a key is its top bits.
    shift: u32,
    /// Mixed into edge keys; chosen at build time so that no two edges share the low half.
    seed: u64,
}

impl EdgeTable {
    fn new(edges: &[((u32, u64), u32)]) -> Result<EdgeTable, String> {
        let size = (2 * edges.len()).next_power_of_two().max(16);
        let shift = 64 - size.trailing_zeros();
        let mut keys = FxSet::with_capacity_and_hasher(edges.len(), Default::default());
        let seed = (0..64u64)
            .map(|i| i.wrapping_mul(0xA076_1D64_78BD_642F))
            .find(|&seed| {
                keys.clear();
                edges
                    .iter()
                    .all(|&((parent, hash), _)| keys.insert(edge_key(seed, parent, hash) as u32))
            })
            .ok_or("no seed gives the trie's edges distinct keys")?;
        let mut slots = vec![Slot::default(); size].into_boxed_slice();
        for &((parent, hash), child) in edges {
            let key = edge_key(seed, parent, hash);
            let mut i = (key >> shift) as usize;
            while slots[i].child != 0 {
                i = (i + 1) & (size - 1);
            }
            slots[i] = Slot {
                key: key as u32,
                child,
            };
        }
        Ok(EdgeTable { slots, shift, seed })
    }

    /// The child of `parent` over a token with hash `hash`. May return a wrong child for a
    /// token that has none (two different keys share their low half), never a wrong child for
    /// a token that has one: the low halves of the edges' keys are distinct.
    #[inline]
    fn get(&self, parent: u32, hash: u64) -> Option<u32> {
        let key = edge_key(self.seed, parent, hash);
        let mask = self.slots.len() - 1;
        let mut i = (key >> self.shift) as usize;
        loop {
            let slot = self.slots[i & mask];
            if slot.child == 0 {
                return None;
            }
            if slot.key == key as u32 {
                return Some(slot.child);
            }
            i += 1;
        }
    }
}

/// The patterns as a trie over token hashes, with a bit filter of the tokens patterns start with.
#[derive(Debug, Clone)]
pub(crate) struct TokenTrie {
    /// The edges from the root.
    roots: EdgeTable,
    /// The other edges.
    inner: EdgeTable,
    /// Per node: the pattern that ends there (or [`NO_PATTERN`]) and [`HAS_CHILDREN`].
    nodes: Vec<u32>,
    /// Single-token patterns by their token, longer ones by their first two tokens: a token
    /// missing from both starts no pattern, and costs no table probe.
    filter: Box<[u64]>,
    /// The folded patterns, ` token token `, end to end: pattern `p` is
    /// `pattern_bytes[offsets[p]..offsets[p + 1]]`.
    pattern_bytes: Vec<u8>,
    offsets: Vec<u32>,
}

/// The key of the edge from `parent` over a token with hash `hash`.
#[inline]
fn edge_key(seed: u64, parent: u32, hash: u64) -> u64 {
    let key = (hash ^ seed ^ u64::from(parent).wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_mul(0xD6E8_FEB8_6659_FD93);
    key ^ (key >> 29)
}

#[inline]
fn pair_hash(first: u64, second: u64) -> u64 {
    (first.rotate_left(23) ^ second).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Where a hash goes in one half of the filter: a word, and two bits in it. A Bloom filter with
/// two probes in one word: about a tenth of the bits are set, so a token that starts no pattern
/// gets through about one time in fifty, not one in ten as with one probe, for the same single
/// load.
#[inline]
fn filter_slot(hash: u64) -> (usize, u64) {
    let word = (hash >> 40) as usize & (FILTER_WORDS - 1);
    let bits = 1 << (hash & 63) | 1 << ((hash >> 6) & 63);
    (word, bits)
}

/// Whether two short byte strings are equal, eight bytes at a time (a call to `memcmp` costs
/// more than comparing the ten-odd bytes of a pattern).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let word = |s: &[u8], at: usize| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&s[at..at + 8]);
        u64::from_le_bytes(word)
    };
    let len = a.len();
    if len != b.len() {
        return false;
    }
    if len < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let mut at = 0;
    while at + 8 < len {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    // The last eight bytes, overlapping the previous word when the length is not a multiple.
    word(a, len - 8) == word(b, len - 8)
}

impl TokenTrie {
    /// Builds the trie of folded patterns (` apache spark `), pattern `p` being `patterns[p]`.
    /// Fails only if two different tokens of the patterns share a 64-bit hash.
    pub(crate) fn new(patterns: &[Vec<u8>]) -> Result<TokenTrie, String> {
        let mut filter = vec![0u64; 2 * FILTER_WORDS].into_boxed_slice();
        let mut nodes = vec![NO_PATTERN];
        let mut edges: FxMap<(u32, u64), (u32, &[u8])> = FxMap::default();
        let mut pattern_bytes = Vec::new();
        let mut offsets = Vec::with_capacity(patterns.len() + 1);
        for (p, pattern) in patterns.iter().enumerate() {
            offsets.push(pattern_bytes.len() as u32);
            pattern_bytes.extend_from_slice(pattern);
            let tokens: Vec<&[u8]> = pattern
                .split(|&b| b == b' ')
                .filter(|t| !t.is_empty())
                .collect();
            let hashes: Vec<u64> = tokens.iter().map(|t| token_hash(t)).collect();
            let (word, bits) = match hashes.as_slice() {
                [] => continue,
                [only] => filter_slot(*only),
                [first, second, ..] => {
                    let (word, bits) = filter_slot(pair_hash(*first, *second));
                    (FILTER_WORDS + word, bits)
                }
            };
            filter[word] |= bits;
            let mut node = ROOT;
            for (token, &hash) in tokens.iter().zip(&hashes) {
                nodes[node as usize] |= HAS_CHILDREN;
                node = match edges.entry((node, hash)) {
                    Entry::Occupied(edge) => {
                        let (child, seen) = *edge.get();
                        if seen != *token {
                            return Err(format!(
                                "tokens `{}` and `{}` of the patterns share a hash",
                                String::from_utf8_lossy(seen),
                                String::from_utf8_lossy(token)
                            ));
                        }
                        child
                    }
                    Entry::Vacant(edge) => {
                        let child = nodes.len() as u32;
                        nodes.push(NO_PATTERN);
                        edge.insert((child, token));
                        child
                    }
                };
            }
            let info = &mut nodes[node as usize];
            // Patterns are distinct, so at most one ends at a node.
            *info = (*info & HAS_CHILDREN) | p as u32;
        }
        offsets.push(pattern_bytes.len() as u32);
        if patterns.len() >= NO_PATTERN as usize {
            return Err("too many patterns".into());
        }

        // Every walk starts with a probe of the first tokens, most of them for tokens that start
        // no pattern: those live in a table of their own, a third of the size of all edges.
        let (roots, inner): (Vec<_>, Vec<_>) = edges
            .iter()
            .map(|(&key, &(child, _))| (key, child))
            .partition(|&((parent, _), _)| parent == ROOT);
        Ok(TokenTrie {
            roots: EdgeTable::new(&roots)?,
            inner: EdgeTable::new(&inner)?,
            nodes,
            filter,
            pattern_bytes,
            offsets,
        })
    }

    /// Whether a pattern may start at a token with hash `first`, followed by one with `second`.
    #[inline]
    pub(super) fn may_start(&self, first: u64, second: Option<u64>) -> bool {
        let (word, bits) = filter_slot(first);
        if self.filter[word] & bits == bits {
            return true;
        }
        let Some(second) = second else { return false };
        let (word, bits) = filter_slot(pair_hash(first, second));
        self.filter[FILTER_WORDS + word] & bits == bits
    }

    /// The child of `parent` over a token with hash `hash` (see [`EdgeTable::get`]).
    #[inline]
    fn child(&self, parent: u32, hash: u64) -> Option<u32> {
        if parent == ROOT {
            self.roots.get(parent, hash)
        } else {
            self.inner.get(parent, hash)
        }
    }

    /// The folded bytes of pattern `p`.
    #[inline]
    fn pattern(&self, p: usize) -> &[u8] {
        let (from, to) = (self.offsets[p] as usize, self.offsets[p + 1] as usize);
        &self.pattern_bytes[from..to]
    }

    /// The longest pattern that matches the folded text `buf` at token `from`: its index and its
    /// last token. Each pattern the walk reaches is compared with the bytes it would cover, so
    /// the answer is exactly the longest pattern that is a prefix of `buf` from that token's
    /// leading space (patterns are whole tokens, so no other can be).
    #[inline]
    pub(crate) fn longest(
        &self,
        buf: &[u8],
        tokens: &[Token],
        from: usize,
    ) -> Option<(usize, usize)> {
        let start = tokens.get(from)?.start as usize;
        let mut node = ROOT;
        let mut best = None;
        for (last, token) in tokens.iter().enumerate().skip(from) {
            let Some(child) = self.child(node, token.hash) else {
                break;
            };
            node = child;
            let info = self.nodes[node as usize];
            let p = (info & !HAS_CHILDREN) as usize;
            if p != NO_PATTERN as usize
                && buf
                    .get(start..token.end as usize + 1)
                    .is_some_and(|bytes| same_bytes(bytes, self.pattern(p)))
            {
                best = Some((p, last));
            }
            if info & HAS_CHILDREN == 0 {
                break;
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::TokenTrie;
    use crate::skills::fold::{Folded, fold_for_scan};

    fn folded(text: &str) -> Folded {
        let mut out = Folded::default();
        fold_for_scan(text, &mut out);
        out
    }

    const FORMS: &[&str] = &[
        "go",
        "google",
        "google cloud",
        "google cloud platform",
        "cloud",
        "c++",
        "node.js",
        "machine learning",
        "machine",
        "learning",
        "não é necessário",
        "é",
        "no",
        "no need for",
        "a",
        "a plus",
        "is a plus",
        "data",
        "data science",
        "science",
        "r",
        "r&d",
        ", sql",
    ];

    /// The longest pattern that is a prefix of the folded text at a token's leading space,
    /// by trying every pattern.
    fn brute_force(patterns: &[Vec<u8>], buf: &[u8], start: usize) -> Option<usize> {
        (0..patterns.len())
            .filter(|&p| buf[start..].starts_with(&patterns[p]))
            .max_by_key(|&p| patterns[p].len())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn the_walk_finds_the_longest_pattern_at_every_token(
            parts in proptest::collection::vec(prop_oneof![
                proptest::sample::select(FORMS).prop_map(str::to_string),
                Just(" ".to_string()), Just(", ".to_string()), Just("\n".to_string()),
                Just("  ".to_string()), Just("\u{200B}".to_string()), Just("Cloud".to_string()),
                "[a-zA-Z+.&, ]{0,6}",
            ], 0..24)
        ) {
            let patterns: Vec<Vec<u8>> = FORMS.iter().map(|f| folded(f).bytes).collect();
            let trie = TokenTrie::new(&patterns).unwrap();
            let text = parts.concat();
            let out = folded(&text);
            for (at, token) in out.tokens.iter().enumerate() {
                let expected = brute_force(&patterns, &out.bytes, token.start as usize);
                let found = trie.longest(&out.bytes, &out.tokens, at);
                prop_assert_eq!(found.map(|(p, _)| p), expected, "at token {} of {:?}", at, text);
                if let Some((p, last)) = found {
                    prop_assert_eq!(
                        out.tokens[last].end as usize + 1 - token.start as usize,
                        patterns[p].len()
                    );
                    let second = out.tokens.get(at + 1).map(|t| t.hash);
                    prop_assert!(trie.may_start(token.hash, second));
                }
            }
        }
    }
}
