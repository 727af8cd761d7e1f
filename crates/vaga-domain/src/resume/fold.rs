//! Folding for comparisons: lowercase, Latin accents removed (`Experiência` → `experiencia`).

/// Lowercases `text` and strips the accents of Latin letters; other characters are kept.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        for l in c.to_lowercase() {
            out.push(match l {
                'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
                'ú' | 'ù' | 'û' | 'ü' => 'u',
                'ç' => 'c',
                'ñ' => 'n',
                '\u{300}'..='\u{36f}' => continue,
                other => other,
            });
        }
    }
    out
}

/// The folded words of `text` (runs of letters and digits).
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("EXPERIÊNCIA Profissional"), "experiencia profissional");
        assert_eq!(fold("Educación"), "educacion");
        assert_eq!(words("Ph.D. em Ciência"), vec!["ph", "d", "em", "ciencia"]);
    }
}
