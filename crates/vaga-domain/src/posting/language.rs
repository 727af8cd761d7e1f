//! The language a posting is written in: Portuguese, English, Spanish, or other, from the
//! function words of the text (words every sentence has and the three languages do not share).

use serde::Serialize;

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
const MAX_WORDS: usize = 150;

/// The votes of one lower-case word: Portuguese, English, Spanish, other (German, French,
/// Italian, Dutch). A word may vote for several languages.
fn vote(w: &str) -> [u8; 4] {
    let pt = matches!(
        w,
        "não"
            | "você"
            | "são"
            | "também"
            | "uma"
            | "para"
            | "mais"
            | "nossa"
            | "nosso"
            | "seu"
            | "sua"
            | "será"
            | "experiência"
            | "conhecimento"
            | "conhecimentos"
            | "vaga"
            | "atuar"
            | "pelo"
            | "pela"
            | "ao"
            | "às"
            | "dos"
            | "das"
            | "em"
            | "isso"
            | "nós"
            | "trabalho"
            | "muito"
            | "ou"
            | "na"
            | "no"
            | "os"
            | "pessoa"
            | "então"
            | "equipe"
            | "desejável"
            | "benefícios"
            | "requisitos"
            | "sobre"
            | "já"
            | "à"
            | "está"
            | "ter"
            | "de"
            | "que"
            | "se"
            | "e"
            | "o"
            | "a"
            | "um"
            | "como"
            | "mas"
            | "do"
            | "da"
            | "nas"
            | "nos"
            | "buscamos"
            | "empresa"
            | "oferecemos"
    );
    let en = matches!(
        w,
        "the"
            | "and"
            | "of"
            | "to"
            | "you"
            | "with"
            | "for"
            | "our"
            | "we"
            | "is"
            | "are"
            | "will"
            | "in"
            | "on"
            | "your"
            | "be"
            | "an"
            | "this"
            | "that"
            | "or"
            | "at"
            | "have"
            | "from"
            | "by"
            | "who"
            | "what"
            | "about"
            | "experience"
            | "team"
            | "work"
            | "it"
            | "can"
            | "job"
            | "skills"
            | "looking"
            | "as"
    );
    let es = matches!(
        w,
        "el" | "los"
            | "las"
            | "y"
            | "con"
            | "para"
            | "una"
            | "del"
            | "por"
            | "tu"
            | "nuestro"
            | "nuestra"
            | "experiencia"
            | "conocimientos"
            | "trabajo"
            | "equipo"
            | "buscamos"
            | "más"
            | "también"
            | "años"
            | "sus"
            | "muy"
            | "puesto"
            | "requisitos"
            | "sobre"
            | "desarrollo"
            | "tiempo"
            | "empresa"
            | "ofrecemos"
            | "nosotros"
            | "somos"
            | "de"
            | "que"
            | "se"
            | "a"
            | "como"
            | "la"
            | "lo"
            | "es"
            | "en"
            | "no"
            | "o"
            | "un"
    );
    let other = matches!(
        w,
        "und"
            | "der"
            | "die"
            | "das"
            | "mit"
            | "für"
            | "wir"
            | "sie"
            | "ist"
            | "ein"
            | "eine"
            | "zu"
            | "den"
            | "von"
            | "auf"
            | "nicht"
            | "oder"
            | "du"
            | "bei"
            | "les"
            | "des"
            | "et"
            | "est"
            | "vous"
            | "nous"
            | "une"
            | "pour"
            | "dans"
            | "avec"
            | "il"
            | "di"
            | "che"
            | "het"
            | "een"
            | "van"
            | "voor"
            | "wij"
            | "ich"
            | "im"
            | "werden"
            | "sind"
            | "auch"
            | "ihre"
            | "dich"
            | "uns"
            | "en"
            | "la"
            | "le"
    );
    [u8::from(pt), u8::from(en), u8::from(es), u8::from(other)]
}

/// Detects the language of a text (a title and description together read best). Returns
/// `None` for text with too few words to tell.
pub fn detect_language(text: &str) -> Option<Language> {
    let mut scores = [0u32; 4];
    let mut words = 0;
    let mut buf = String::new();
    let mut ascii = [0u8; 14];
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
    {
        words += 1;
        // Function words are short.
        if word.len() > ascii.len() {
            continue;
        }
        let lower: &str = if word.is_ascii() {
            let out = &mut ascii[..word.len()];
            out.copy_from_slice(word.as_bytes());
            out.make_ascii_lowercase();
            std::str::from_utf8(out).unwrap_or("")
        } else {
            buf.clear();
            buf.extend(word.chars().flat_map(char::to_lowercase));
            &buf
        };
        for (score, v) in scores.iter_mut().zip(vote(lower)) {
            *score += u32::from(v);
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
