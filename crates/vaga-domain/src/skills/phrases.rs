//! Phrase lookup over a folded buffer: the cue words other parsers look for (contract types,
//! pay cues, function words), matched on the tokens the skill fold already produced, so that a
//! posting's text is walked once for all of them instead of once per automaton.
//!
//! Phrases are folded like the text (lowercase, accents removed, separators collapsed), so
//! `"salário"`, `"SALARIO"` and `"Salário"` are one phrase, `"full-time"` matches `full time`,
//! and matches are whole tokens. Matching reuses the extractor's token trie: one filter probe
//! per token, and a byte comparison before anything is reported.

use super::fold::{Folded, fold_for_scan};
use super::trie::TokenTrie;

/// A set of phrases with values, matched against folded text. Build once, share freely.
#[derive(Debug, Clone)]
pub struct PhraseSet<T> {
    trie: TokenTrie,
    /// A two-bit Bloom filter of the phrases' first tokens: a set has few phrases, so one
    /// probe turns almost every token away before the trie is looked at.
    first: [u64; FIRST_WORDS],
    /// The values of each distinct folded phrase, in the order they were given.
    values: Vec<Vec<T>>,
}

/// Size of the first-token filter, in 64-bit words.
const FIRST_WORDS: usize = 64;

#[inline]
fn first_slot(hash: u64) -> (usize, u64) {
    let word = (hash >> 40) as usize % FIRST_WORDS;
    (word, 1 << (hash & 63) | 1 << ((hash >> 6) & 63))
}

/// A phrase found in folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseMatch<'a, T> {
    /// Index of the first token of the match in [`Folded::tokens`].
    pub first: usize,
    /// Index of its last token.
    pub last: usize,
    /// The values of every phrase that folds to the matched one.
    pub values: &'a [T],
}

impl<T> PhraseMatch<'_, T> {
    /// The span of the match in `text`, the text that was folded.
    pub fn span(&self, folded: &Folded, text: &str) -> (usize, usize) {
        let (start, end) = self.folded_span(folded);
        folded.original_span(text, start, end)
    }

    /// The span of the match in the folded bytes, with its leading and trailing spaces.
    pub fn folded_span(&self, folded: &Folded) -> (usize, usize) {
        let start = folded.tokens[self.first].start as usize;
        let end = folded.tokens[self.last].end as usize + 1;
        (start, end)
    }
}

impl<T> PhraseSet<T> {
    /// Folds and compiles `phrases`. Phrases that fold to the same tokens share a match and
    /// keep all their values; phrases that fold to nothing are dropped.
    ///
    /// # Errors
    /// Two different tokens of the phrases share a 64-bit hash (never seen; checked anyway).
    pub fn new<'p>(phrases: impl IntoIterator<Item = (&'p str, T)>) -> Result<Self, String> {
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut values: Vec<Vec<T>> = Vec::new();
        let mut folded = Folded::default();
        let mut first = [0u64; FIRST_WORDS];
        for (phrase, value) in phrases {
            fold_for_scan(phrase, &mut folded);
            let Some(token) = folded.tokens.first() else {
                continue;
            };
            let (word, bits) = first_slot(token.hash);
            first[word] |= bits;
            match patterns.iter().position(|p| *p == folded.bytes) {
                Some(at) => values[at].push(value),
                None => {
                    patterns.push(folded.bytes.clone());
                    values.push(vec![value]);
                }
            }
        }
        Ok(PhraseSet {
            trie: TokenTrie::new(&patterns)?,
            first,
            values,
        })
    }

    /// The longest phrase that starts at token `at`.
    #[inline]
    pub fn at<'a>(&'a self, folded: &Folded, at: usize) -> Option<PhraseMatch<'a, T>> {
        let tokens = &folded.tokens;
        let (word, bits) = first_slot(tokens.get(at)?.hash);
        if self.first[word] & bits != bits {
            return None;
        }
        let (p, last) = self.trie.longest(&folded.bytes, tokens, at)?;
        Some(PhraseMatch {
            first: at,
            last,
            values: &self.values[p],
        })
    }

    /// Every match in `folded`, leftmost-longest and without overlaps, in text order.
    pub fn find_iter<'a>(&'a self, folded: &'a Folded) -> impl Iterator<Item = PhraseMatch<'a, T>> {
        let mut next = 0;
        std::iter::from_fn(move || {
            while next < folded.tokens.len() {
                let at = next;
                next += 1;
                if let Some(m) = self.at(folded, at) {
                    next = m.last + 1;
                    return Some(m);
                }
            }
            None
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn folded(text: &str) -> Folded {
        let mut f = Folded::default();
        fold_for_scan(text, &mut f);
        f
    }

    fn found<'t>(set: &PhraseSet<u8>, text: &'t str) -> Vec<(&'t str, Vec<u8>)> {
        let f = folded(text);
        set.find_iter(&f)
            .map(|m| {
                let (s, e) = m.span(&f, text);
                (&text[s..e], m.values.to_vec())
            })
            .collect()
    }

    #[test]
    fn phrases_match_whole_tokens_whatever_the_case_accents_and_separators() {
        let set = PhraseSet::new([
            ("full-time", 1),
            ("salário", 2),
            ("SALARIO", 3),
            ("pj", 4),
            ("tempo integral", 5),
        ])
        .unwrap();
        assert_eq!(
            found(
                &set,
                "Vaga Full Time (PJ) — Salário: a combinar; tempo  integral"
            ),
            vec![
                ("Full Time", vec![1]),
                ("PJ", vec![4]),
                ("Salário", vec![2, 3]),
                ("tempo  integral", vec![5]),
            ]
        );
        assert!(found(&set, "pjs fulltime salarios").is_empty());
    }

    #[test]
    fn the_longest_phrase_wins_and_matches_do_not_overlap() {
        let set = PhraseSet::new([("salary", 1), ("salary range", 2), ("range", 3)]).unwrap();
        assert_eq!(
            found(&set, "salary range and range"),
            vec![("salary range", vec![2]), ("range", vec![3])]
        );
    }

    proptest! {
        #[test]
        fn every_match_is_a_phrase_and_no_phrase_is_missed(
            words in proptest::collection::vec(
                prop_oneof!["a", "b", "ab", "c", "A", "á", "-", ",", " "], 0..30)
        ) {
            let phrases = ["a", "a b", "ab", "b c a", "c"];
            let set = PhraseSet::new(phrases.iter().map(|p| (*p, 0u8))).unwrap();
            let text = words.join(" ");
            let f = folded(&text);
            let mut covered = 0;
            for m in set.find_iter(&f) {
                prop_assert!(m.first >= covered && m.last >= m.first);
                let (s, e) = (f.tokens[m.first].start as usize, f.tokens[m.last].end as usize + 1);
                let bytes = &f.bytes[s..e];
                prop_assert!(phrases.iter().any(|p| folded(p).bytes == bytes));
                covered = m.last + 1;
            }
            // A token no match covers starts no phrase.
            let mut covering = vec![false; f.tokens.len()];
            for m in set.find_iter(&f) {
                for c in &mut covering[m.first..=m.last] { *c = true; }
            }
            for (at, (token, covered)) in f.tokens.iter().zip(&covering).enumerate() {
                if *covered { continue; }
                let rest = &f.bytes[token.start as usize..];
                for p in phrases {
                    let pb = folded(p).bytes;
                    prop_assert!(!rest.starts_with(&pb), "{p:?} missed at {at} in {text:?}");
                }
            }
        }
    }
}
