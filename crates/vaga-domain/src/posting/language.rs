//! The language a posting is written in: Portuguese, English, Spanish, or other, from the
//! function words of the text (words every sentence has and the three languages do not share).

use std::sync::OnceLock;

use serde::Serialize;

use crate::skills::fold::{Folded, fold_for_scan};
use crate::skills::phrases::PhraseSet;

/// A posting's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Portuguese.
    Pt,
    /// English.
    En,
    /// Spanish.
    Es,
    /// Anything else (German, French, …).
    Other,
}

impl Language {
    /// The ISO 639-1 code, or `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Pt => "pt",
            Language::En => "en",
            Language::Es => "es",
            Language::Other => "other",
        }
    }
}

/// How many words are read: enough to decide, cheap on long descriptions.
const MAX_WORDS: usize = 64;

const PT: u8 = 1;
const EN: u8 = 2;
const ES: u8 = 4;
const OTHER: u8 = 8;

/// Function words and the languages they vote for, sorted by word for binary search (a unit
/// test keeps it sorted). Words that are frequent in one language and rare in the others.
const VOTES: &[(&str, u8)] = &[
    ("a", PT | ES),
    ("about", EN),
    ("and", EN),
    ("ao", PT),
    ("are", EN),
    ("as", EN),
    ("at", EN),
    ("auch", OTHER),
    ("auf", OTHER),
    ("avec", OTHER),
    ("be", EN),
    ("bei", OTHER),
    ("buscamos", PT | ES),
    ("by", EN),
    ("can", EN),
    ("che", OTHER),
    ("como", PT | ES),
    ("con", ES),
    ("conhecimento", PT),
    ("conhecimentos", PT),
    ("conocimientos", ES),
    ("da", PT),
    ("dans", OTHER),
    ("das", PT | OTHER),
    ("de", PT | ES),
    ("del", ES),
    ("den", OTHER),
    ("der", OTHER),
    ("des", OTHER),
    ("desarrollo", ES),
    ("desejável", PT),
    ("di", OTHER),
    ("dich", OTHER),
    ("die", OTHER),
    ("do", PT),
    ("dos", PT),
    ("du", OTHER),
    ("e", PT),
    ("ein", OTHER),
    ("eine", OTHER),
    ("el", ES),
    ("em", PT),
    ("empresa", PT | ES),
    ("en", ES | OTHER),
    ("equipe", PT),
    ("equipo", ES),
    ("es", ES),
    ("est", OTHER),
    ("está", PT | ES),
    ("et", OTHER),
    ("experience", EN),
    ("experiencia", ES),
    ("experiência", PT),
    ("for", EN),
    ("from", EN),
    ("für", OTHER),
    ("have", EN),
    ("het", OTHER),
    ("ich", OTHER),
    ("ihre", OTHER),
    ("il", OTHER),
    ("im", OTHER),
    ("in", EN),
    ("is", EN),
    ("isso", PT),
    ("ist", OTHER),
    ("it", EN),
    ("job", EN),
    ("já", PT),
    ("la", ES | OTHER),
    ("las", ES),
    ("le", OTHER),
    ("les", OTHER),
    ("lo", ES),
    ("looking", EN),
    ("los", ES),
    ("mais", PT),
    ("mas", PT | ES),
    ("mit", OTHER),
    ("muito", PT),
    ("muy", ES),
    ("más", ES),
    ("na", PT),
    ("nas", PT),
    ("nicht", OTHER),
    ("no", PT | ES),
    ("nos", PT),
    ("nosotros", ES),
    ("nossa", PT),
    ("nosso", PT),
    ("nous", OTHER),
    ("nuestra", ES),
    ("nuestro", ES),
    ("não", PT),
    ("nós", PT),
    ("o", PT | ES),
    ("oder", OTHER),
    ("of", EN),
    ("ofrecemos", ES),
    ("on", EN),
    ("or", EN),
    ("os", PT),
    ("ou", PT),
    ("our", EN),
    ("para", PT | ES),
    ("pela", PT),
    ("pelo", PT),
    ("pessoa", PT),
    ("por", ES),
    ("pour", OTHER),
    ("puesto", ES),
    ("que", PT | ES),
    ("requisitos", PT | ES),
    ("se", PT | ES),
    ("seu", PT),
    ("sie", OTHER),
    ("sind", OTHER),
    ("skills", EN),
    ("sobre", PT | ES),
    ("somos", ES),
    ("sua", PT),
    ("sus", ES),
    ("también", ES),
    ("também", PT),
    ("team", EN),
    ("ter", PT),
    ("that", EN),
    ("the", EN),
    ("this", EN),
    ("tiempo", ES),
    ("to", EN),
    ("trabajo", ES),
    ("trabalho", PT),
    ("tu", ES),
    ("um", PT),
    ("un", ES),
    ("una", ES),
    ("und", OTHER),
    ("une", OTHER),
    ("uns", OTHER),
    ("vaga", PT),
    ("van", OTHER),
    ("você", PT),
    ("von", OTHER),
    ("voor", OTHER),
    ("vous", OTHER),
    ("we", EN),
    ("werden", OTHER),
    ("what", EN),
    ("who", EN),
    ("wij", OTHER),
    ("will", EN),
    ("wir", OTHER),
    ("with", EN),
    ("work", EN),
    ("y", ES),
    ("you", EN),
    ("your", EN),
    ("zu", OTHER),
    ("à", PT),
    ("às", PT),
];

/// [`VOTES`] as a phrase set over folded text (accents removed, so words that differ only by
/// an accent vote together), built once.
fn table() -> &'static PhraseSet<u8> {
    static TABLE: OnceLock<PhraseSet<u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        PhraseSet::new(VOTES.iter().copied()).expect("the function words are a small constant list")
    })
}

/// Detects the language of a text (a title and description together read best). Returns
/// `None` for text with too few words to tell.
pub fn detect_language(text: &str) -> Option<Language> {
    let mut folded = Folded::default();
    fold_for_scan(text, &mut folded);
    detect_language_folded(&folded)
}

/// [`detect_language`] over a text already folded (as the skill extractor folds it).
pub fn detect_language_folded(folded: &Folded) -> Option<Language> {
    let table = table();
    let mut scores = [0u32; 4];
    let mut words = 0;
    for (at, token) in folded.tokens.iter().enumerate() {
        if words == MAX_WORDS {
            break;
        }
        // Words start with a letter (markers and numbers are not words).
        let first = folded.bytes[token.start as usize + 1];
        if !(first.is_ascii_alphabetic() || first >= 0x80) {
            continue;
        }
        words += 1;
        let Some(m) = table.at(folded, at) else {
            continue;
        };
        if m.last != at {
            continue;
        }
        let v = m.values.iter().fold(0, |acc, v| acc | v);
        for (k, score) in scores.iter_mut().enumerate() {
            *score += u32::from(v >> k & 1);
        }
    }
    let total: u32 = scores.iter().sum();
    if words < 3 || total == 0 {
        return None;
    }
    let best = (0..4).max_by_key(|&i| (scores[i], 3 - i)).unwrap_or(0);
    Some(match best {
        0 => Language::Pt,
        1 => Language::En,
        2 => Language::Es,
        _ => Language::Other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vote_table_is_sorted() {
        assert!(VOTES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn three_languages_and_others() {
        let pt = "Buscamos uma pessoa engenheira de dados para atuar com pipelines em nuvem.";
        let en = "We are looking for a data engineer to build our pipelines in the cloud.";
        let es =
            "Buscamos una persona ingeniera de datos para trabajar con los pipelines del equipo.";
        let de = "Wir suchen eine Data Engineerin für unser Team in Berlin und München.";
        assert_eq!(detect_language(pt), Some(Language::Pt));
        assert_eq!(detect_language(en), Some(Language::En));
        assert_eq!(detect_language(es), Some(Language::Es));
        assert_eq!(detect_language(de), Some(Language::Other));
        assert_eq!(detect_language("Python"), None);
        assert_eq!(detect_language(""), None);
    }
}
