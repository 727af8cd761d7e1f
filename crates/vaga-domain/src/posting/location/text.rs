//! Tokens of a location text: words folded to lookup keys, separators kept as tokens.
//!
//! Words are lowercased with accents removed and written into one key buffer, one space apart,
//! so that a run of words is a slice of the buffer that can be looked up without allocating.
//! Separators (`,` `/` `(` `)` ` - ` `;` `|` `·` sentence ends, signs) are tokens of their own and
//! are written into the buffer too, so a slice that spans one never equals a name. Inside a word
//! group, a glued hyphen (`Remote-first`, `US-based`), an abbreviation dot (`St. Louis`) and an
//! apostrophe (`O'Higgins`) join instead of separating, and dotted abbreviations (`U.S.A.`,
//! `D.C.`) fold to one word (`usa`, `dc`), as the gazetteer's names are folded the same way.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    /// Letters and digits; `value` is set when it is a number.
    Word,
    /// A separator or sign: `,` `/` `(` `)` `-` `;` `|` `.` `+` `±` `:` `\n`, `~`.
    Sep(u8),
}

/// One token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub kind: Kind,
    /// Byte span in the original text.
    pub start: u32,
    pub end: u32,
    /// Byte span of the folded form in [`Tokens::key`].
    pub key_start: u32,
    pub key_end: u32,
    /// Every letter of the original is a capital (and there is one).
    pub caps: bool,
    /// The first letter of the original is a capital.
    pub title: bool,
    /// No space between this token and the previous one.
    pub glued: bool,
    /// The numeric value, for numbers (`5`, `5.5`, `5:30` → 5.5).
    pub value: Option<f32>,
}

/// The tokens of a text and the key buffer they point into.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tokens {
    pub toks: Vec<Tok>,
    pub key: String,
}

impl Tokens {
    /// The folded text of a token.
    pub fn text(&self, i: usize) -> &str {
        let t = &self.toks[i];
        self.key
            .get(t.key_start as usize..t.key_end as usize)
            .unwrap_or("")
    }

    /// The folded key of words `i..=j` when they form one word group (no separator between).
    pub fn phrase(&self, i: usize, j: usize) -> Option<&str> {
        if (i..=j).any(|k| self.toks[k].kind != Kind::Word) {
            return None;
        }
        self.key
            .get(self.toks[i].key_start as usize..self.toks[j].key_end as usize)
    }

}

/// Texts longer than this are read up to here only.
pub(crate) const MAX_TEXT: usize = 4096;

/// Folds one character: lowercase, Latin accents removed. Appends to `out`.
fn push_folded(c: char, out: &mut String) {
    let plain = strip(c);
    if plain != c {
        out.push(plain);
        return;
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        let plain = strip(lower);
        out.push(plain);
    }
}

/// Latin letters with diacritics → base letter (lowercase), beyond the skill folder's table.
fn strip(c: char) -> char {
    let base = crate::skills::fold::strip_accent(c);
    if base != c {
        return base.to_ascii_lowercase();
    }
    match c {
        'ă' | 'ą' | 'Ă' | 'Ą' => 'a',
        'ę' | 'ė' | 'Ę' | 'Ė' => 'e',
        'ğ' | 'Ğ' => 'g',
        'ı' | 'į' | 'İ' | 'Į' => 'i',
        'ş' | 'ș' | 'Ş' | 'Ș' => 's',
        'ţ' | 'ț' | 'ť' | 'Ţ' | 'Ț' | 'Ť' => 't',
        'ő' | 'Ő' => 'o',
        'ű' | 'ų' | 'Ű' | 'Ų' => 'u',
        'ř' | 'ŕ' | 'Ř' | 'Ŕ' => 'r',
        'ď' | 'đ' | 'Ď' | 'Đ' => 'd',
        'ľ' | 'ĺ' | 'Ľ' | 'Ĺ' => 'l',
        'ß' => 's',
        'æ' | 'Æ' => 'a',
        'œ' | 'Œ' => 'o',
        'þ' | 'Þ' => 't',
        'ð' | 'Ð' => 'd',
        _ => c,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && c != '²' && c != '³' && c != '¹'
}

/// Tokenizes `text` (truncated to [`MAX_TEXT`]) into `out` (cleared first).
pub(crate) fn tokenize(text: &str, out: &mut Tokens) {
    out.toks.clear();
    out.key.clear();
    let mut limit = text.len().min(MAX_TEXT);
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let text = &text[..limit];
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    // Whether the last thing written was a word that a joiner may continue.
    let mut join_next = false;
    let mut spaced = true;
    while k < chars.len() {
        let (at, c) = chars[k];
        if is_word_char(c) {
            // Dotted abbreviation: single letters each followed by a dot (U.S.A., D.C.).
            if c.is_ascii_alphabetic()
                && (k == 0 || !is_word_char(chars[k - 1].1))
                && let Some((len, end_k)) = dotted(&chars, k)
                && len >= 2
            {
                let letters: String = chars[k..end_k]
                    .iter()
                    .filter(|(_, ch)| ch.is_ascii_alphabetic())
                    .map(|(_, ch)| ch.to_ascii_lowercase())
                    .collect();
                let caps = chars[k..end_k]
                    .iter()
                    .filter(|(_, ch)| ch.is_ascii_alphabetic())
                    .all(|(_, ch)| ch.is_ascii_uppercase());
                let end = chars.get(end_k).map_or(text.len(), |&(b, _)| b);
                push_word(out, &letters, at, end, caps, caps, !spaced, join_next, None);
                join_next = false;
                spaced = false;
                k = end_k;
                continue;
            }
            let start_k = k;
            let mut word = String::new();
            let mut has_letter = false;
            let mut all_caps = true;
            let title = c.is_uppercase();
            let numeric = c.is_ascii_digit();
            while k < chars.len() {
                let ch = chars[k].1;
                if numeric {
                    if !ch.is_ascii_digit() {
                        break;
                    }
                } else if !is_word_char(ch) || ch.is_ascii_digit() {
                    // Apostrophes inside a word vanish: O'Higgins, d'Ivoire.
                    if (ch == '\'' || ch == '’')
                        && k + 1 < chars.len()
                        && is_word_char(chars[k + 1].1)
                        && !chars[k + 1].1.is_ascii_digit()
                        && k > start_k
                    {
                        k += 1;
                        continue;
                    }
                    break;
                }
                if ch.is_alphabetic() {
                    has_letter = true;
                    if !ch.is_uppercase() {
                        all_caps = false;
                    }
                }
                push_folded(ch, &mut word);
                k += 1;
            }
            let mut end = chars.get(k).map_or(text.len(), |&(b, _)| b);
            let mut value = None;
            if numeric {
                let mut v: f32 = word.parse().unwrap_or(0.0);
                // 5:30 → 5.5 and 5.5 / 5,5 → 5.5, only for short numbers (offsets, hours).
                if word.len() <= 2
                    && k + 2 < chars.len() + 1
                    && let Some(&(_, sep)) = chars.get(k)
                    && (sep == ':' || sep == '.' || sep == ',')
                    && chars.get(k + 1).is_some_and(|&(_, d)| d.is_ascii_digit())
                {
                    let mut frac = String::new();
                    let mut m = k + 1;
                    while m < chars.len() && chars[m].1.is_ascii_digit() && frac.len() < 2 {
                        frac.push(chars[m].1);
                        m += 1;
                    }
                    if !(m < chars.len() && chars[m].1.is_ascii_digit()) {
                        let f: f32 = frac.parse().unwrap_or(0.0);
                        v += if sep == ':' {
                            f / 60.0
                        } else {
                            f / 10f32.powi(frac.len() as i32)
                        };
                        word.push_str(if sep == ':' { ":" } else { "." });
                        word.push_str(&frac);
                        k = m;
                        end = chars.get(k).map_or(text.len(), |&(b, _)| b);
                    }
                }
                value = Some(v);
            }
            let caps = has_letter && all_caps;
            push_word(
                out, &word, at, end, caps, title, !spaced, join_next, value,
            );
            join_next = false;
            spaced = false;
            continue;
        }
        // Not a word character.
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let prev_word = out.toks.last().is_some_and(|t| t.kind == Kind::Word) && !spaced;
        let next_word = next.is_some_and(is_word_char);
        let end = at + c.len_utf8();
        match c {
            ' ' | '\t' | '\r' | '\u{a0}' => {
                spaced = true;
                join_next = false;
            }
            '-' | '‐' | '‑' => {
                let next_digit = next.is_some_and(|n| n.is_ascii_digit());
                if prev_word && next_word && !next_digit {
                    // Remote-first, US-based, Baden-Württemberg.
                    join_next = true;
                } else {
                    push_sep(out, b'-', at, end, !spaced);
                    spaced = false;
                    join_next = false;
                }
            }
            '−' => {
                push_sep(out, b'-', at, end, !spaced);
                spaced = false;
            }
            '–' | '—' => {
                push_sep(out, b'-', at, end, false);
                spaced = false;
            }
            '.' => {
                let next_space = next.is_none_or(char::is_whitespace);
                let short_title = out.toks.last().is_some_and(|t| {
                    t.kind == Kind::Word && t.title && (t.key_end - t.key_start) <= 3 && t.value.is_none()
                });
                if prev_word && next_word {
                    join_next = true;
                } else if prev_word && next_space && short_title {
                    // St. Louis, Jal., Mt. View: an abbreviation, not a sentence end.
                    join_next = true;
                } else {
                    push_sep(out, b'.', at, end, !spaced);
                    spaced = false;
                    join_next = false;
                }
            }
            '\'' | '’' | '`' | '"' | '“' | '”' | '«' | '»' | '*' | '_' | '#' | '%' | '°' | 'º'
            | 'ª' => {}
            '&' => {
                push_word(out, "and", at, end, false, false, !spaced, false, None);
                spaced = false;
                join_next = false;
            }
            '+' => {
                // "+/-" and "+-" are one sign: ±.
                if next == Some('/') && chars.get(k + 2).is_some_and(|&(_, n)| n == '-') {
                    let end = chars.get(k + 3).map_or(text.len(), |&(b, _)| b);
                    push_sep(out, b'~', at, end, !spaced);
                    k += 3;
                    spaced = false;
                    continue;
                }
                if next == Some('-') {
                    let end = chars.get(k + 2).map_or(text.len(), |&(b, _)| b);
                    push_sep(out, b'~', at, end, !spaced);
                    k += 2;
                    spaced = false;
                    continue;
                }
                push_sep(out, b'+', at, end, !spaced);
                spaced = false;
            }
            '±' => {
                push_sep(out, b'~', at, end, !spaced);
                spaced = false;
            }
            ',' | '/' | '(' | ')' | ';' | '|' | ':' | '\n' => {
                let sep = match c {
                    '(' | '[' | '{' => b'(',
                    ')' | ']' | '}' => b')',
                    other => other as u8,
                };
                push_sep(out, sep, at, end, !spaced);
                spaced = false;
                join_next = false;
            }
            '[' | '{' => {
                push_sep(out, b'(', at, end, !spaced);
                spaced = false;
            }
            ']' | '}' => {
                push_sep(out, b')', at, end, !spaced);
                spaced = false;
            }
            '·' | '•' | '｜' | '!' | '?' | '>' | '<' => {
                push_sep(out, b'|', at, end, !spaced);
                spaced = false;
            }
            _ => {
                // Emoji, symbols: a plain break.
                spaced = true;
                join_next = false;
            }
        }
        k += 1;
    }
}

/// The length in letters of a dotted abbreviation starting at `k`, and the index after it.
fn dotted(chars: &[(usize, char)], k: usize) -> Option<(usize, usize)> {
    let mut m = k;
    let mut letters = 0;
    while m + 1 < chars.len() && chars[m].1.is_ascii_alphabetic() && chars[m + 1].1 == '.' {
        letters += 1;
        m += 2;
        // The next must be a letter not followed by another letter, or the end.
        if m >= chars.len() || !chars[m].1.is_ascii_alphabetic() {
            break;
        }
        if chars.get(m + 1).is_some_and(|&(_, c)| is_word_char(c)) {
            return None;
        }
    }
    // A final letter without a dot: "U.S" → us.
    if m < chars.len()
        && chars[m].1.is_ascii_alphabetic()
        && chars.get(m + 1).is_none_or(|&(_, c)| !is_word_char(c) && c != '.')
        && letters >= 1
    {
        letters += 1;
        m += 1;
    }
    (letters >= 2).then_some((letters, m))
}

#[allow(clippy::too_many_arguments)]
fn push_word(
    out: &mut Tokens,
    word: &str,
    start: usize,
    end: usize,
    caps: bool,
    title: bool,
    glued: bool,
    joined: bool,
    value: Option<f32>,
) {
    if word.is_empty() {
        return;
    }
    if !out.key.is_empty() {
        out.key.push(' ');
    }
    let key_start = out.key.len();
    out.key.push_str(word);
    // A joined word continues the previous one's group: nothing to do, since words are already
    // one space apart; a separator token would have been pushed otherwise.
    let _ = joined;
    out.toks.push(Tok {
        kind: Kind::Word,
        start: start as u32,
        end: end as u32,
        key_start: key_start as u32,
        key_end: out.key.len() as u32,
        caps,
        title,
        glued,
        value,
    });
}

fn push_sep(out: &mut Tokens, sep: u8, start: usize, end: usize, glued: bool) {
    if !out.key.is_empty() {
        out.key.push(' ');
    }
    let key_start = out.key.len();
    out.key.push(sep as char);
    out.toks.push(Tok {
        kind: Kind::Sep(sep),
        start: start as u32,
        end: end as u32,
        key_start: key_start as u32,
        key_end: out.key.len() as u32,
        caps: false,
        title: false,
        glued,
        value: None,
    });
}

/// The lookup key of a name: its words folded and joined by single spaces.
pub(crate) fn fold_name(name: &str) -> String {
    let mut toks = Tokens::default();
    tokenize(name, &mut toks);
    let mut key = String::new();
    for i in 0..toks.toks.len() {
        if toks.toks[i].kind == Kind::Word {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(toks.text(i));
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> String {
        let mut t = Tokens::default();
        tokenize(text, &mut t);
        t.key
    }

    #[test]
    fn words_fold_and_separators_stay() {
        assert_eq!(keys("São Paulo, SP"), "sao paulo , sp");
        assert_eq!(keys("Remote-first (U.S.A.)"), "remote first ( usa )");
        assert_eq!(keys("Goiânia - GO"), "goiania - go");
        assert_eq!(keys("UTC-3 to UTC+1"), "utc - 3 to utc + 1");
        assert_eq!(keys("GMT+5:30"), "gmt + 5:30");
        assert_eq!(keys("CET +/- 3h"), "cet ~ 3 h");
        assert_eq!(keys("St. Louis, MO"), "st louis , mo");
        assert_eq!(keys("Latin America & Caribbean"), "latin america and caribbean");
        assert_eq!(keys("Côte d’Ivoire"), "cote divoire");
        assert_eq!(keys("Washington, D.C."), "washington , dc");
        assert_eq!(keys("in Brazil. Remote"), "in brazil . remote");
        assert_eq!(fold_name("EE.UU."), "ee uu");
    }

    #[test]
    fn numbers_carry_values() {
        let mut t = Tokens::default();
        tokenize("UTC−03:00 and 4.5h", &mut t);
        let values: Vec<f32> = t.toks.iter().filter_map(|t| t.value).collect();
        assert_eq!(values, vec![3.0, 4.5]);
    }
}
