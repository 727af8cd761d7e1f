//! Free-form skill names to canonical skills: exact lookup on folded keys, a few rewrites
//! (versions, parentheses), then a conservative typo-tolerant fallback.

use super::fold::{fold_key, plain_key};
use super::taxonomy::{SkillIdx, Taxonomy};
use crate::hash::FxMap;

/// Folded names and aliases to skills, bucketed by length for the fuzzy fallback.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    exact: FxMap<String, SkillIdx>,
    /// `(key, skill)` by key length in chars, for keys long enough to be fuzzy-matched.
    by_len: FxMap<usize, Vec<(String, SkillIdx)>>,
}

/// Shortest key (in chars) a typo is tolerated in; shorter names must match exactly.
const FUZZY_MIN: usize = 6;

impl NameIndex {
    /// Indexes every surface form. A form owned by several skills (ambiguous in all of them)
    /// goes to the skill whose name it is, else to the first owner.
    pub fn new(taxonomy: &Taxonomy) -> NameIndex {
        let mut exact: FxMap<String, SkillIdx> = FxMap::default();
        for (idx, skill) in taxonomy.iter() {
            exact.insert(fold_key(&skill.name), idx);
        }
        for (idx, skill) in taxonomy.iter() {
            for alias in &skill.aliases {
                exact.entry(fold_key(alias)).or_insert(idx);
            }
        }
        let mut by_len: FxMap<usize, Vec<(String, SkillIdx)>> = FxMap::default();
        for (key, &idx) in &exact {
            let len = key.chars().count();
            if len >= FUZZY_MIN {
                by_len.entry(len).or_default().push((key.clone(), idx));
            }
        }
        for list in by_len.values_mut() {
            list.sort();
        }
        NameIndex { exact, by_len }
    }

    /// Looks a name up; `None` when no skill is a safe answer.
    pub fn lookup(&self, name: &str) -> Option<SkillIdx> {
        // Most names are plain and exact: look them up without building a key.
        let mut buf = [0u8; 48];
        if let Some(key) = plain_key(name, &mut buf)
            && let Some(&idx) = self.exact.get(key)
        {
            return Some(idx);
        }
        let key = fold_key(name);
        if key.is_empty() || key.len() > 200 {
            return None;
        }
        if let Some(&idx) = self.exact.get(&key) {
            return Some(idx);
        }
        for candidate in rewrites(&key) {
            if let Some(&idx) = self.exact.get(&candidate) {
                return Some(idx);
            }
        }
        self.fuzzy(&key)
    }

    /// The single closest key within a small edit distance, if it is clearly the closest.
    fn fuzzy(&self, key: &str) -> Option<SkillIdx> {
        let len = key.chars().count();
        if len < FUZZY_MIN {
            return None;
        }
        let budget = if len >= 9 { 2 } else { 1 };
        let first = key.chars().next()?;
        let mut best: Option<(usize, SkillIdx)> = None;
        let mut tie = false;
        for other_len in len.saturating_sub(budget)..=len + budget {
            for (candidate, idx) in self.by_len.get(&other_len).into_iter().flatten() {
                // Typos rarely hit the first letter; requiring it keeps "Scala" from "Scale".
                if !candidate.starts_with(first) {
                    continue;
                }
                let distance = strsim::osa_distance(key, candidate);
                if distance > budget {
                    continue;
                }
                match best {
                    Some((d, other)) if distance == d && other != *idx => tie = true,
                    Some((d, _)) if distance >= d => {}
                    _ => {
                        best = Some((distance, *idx));
                        tie = false;
                    }
                }
            }
        }
        match best {
            Some((_, idx)) if !tie => Some(idx),
            _ => None,
        }
    }
}

/// Other spellings worth an exact try: without a version suffix, without a parenthesis, the
/// parenthesis alone ("Amazon Web Services (AWS)").
fn rewrites(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let tokens: Vec<&str> = key.split(' ').collect();
    let is_version = |t: &str| {
        t.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == 'v')
            && t.chars()
                .skip(1)
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'x' | '+'))
            && t != "v"
    };
    let mut end = tokens.len();
    while end > 1 && is_version(tokens[end - 1]) {
        end -= 1;
    }
    if end < tokens.len() {
        out.push(tokens[..end].join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_dropped() {
        assert_eq!(rewrites("python 3.11"), vec!["python".to_string()]);
        assert_eq!(rewrites("java 17"), vec!["java".to_string()]);
        assert!(rewrites("web3").is_empty());
    }
}
