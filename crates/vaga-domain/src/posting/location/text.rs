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

fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|rest| rest.chars().next())
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
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut spaced = true;
    while i < bytes.len() {
        let b = bytes[i];
        let c = if b < 0x80 {
            b as char
        } else {
            match char_at(text, i) {
                Some(c) => c,
                None => break,
            }
        };
        let len = c.len_utf8();
        if is_word_char(c) {
            let prev_word_char = out
                .toks
                .last()
                .is_some_and(|t| t.kind == Kind::Word && t.end as usize == i);
            // Dotted abbreviation: single letters each followed by a dot (U.S.A., D.C.).
            if c.is_ascii_alphabetic()
                && !prev_word_char
                && let Some(end) = dotted(bytes, i)
            {
                let mut caps = true;
                if !out.key.is_empty() {
                    out.key.push(' ');
                }
                let key_start = out.key.len();
                for &ch in &bytes[i..end] {
                    if ch.is_ascii_alphabetic() {
                        caps &= ch.is_ascii_uppercase();
                        out.key.push(ch.to_ascii_lowercase() as char);
                    }
                }
                push_tok(
                    out,
                    Kind::Word,
                    i,
                    end,
                    key_start,
                    caps,
                    caps,
                    !spaced,
                    None,
                );
                spaced = false;
                i = end;
                continue;
            }
            if !out.key.is_empty() {
                out.key.push(' ');
            }
            let key_start = out.key.len();
            let title = c.is_uppercase();
            let numeric = c.is_ascii_digit();
            let mut has_letter = false;
            let mut all_caps = true;
            let mut j = i;
            while j < bytes.len() {
                let bj = bytes[j];
                if bj < 0x80 {
                    let ok = if numeric {
                        bj.is_ascii_digit()
                    } else {
                        bj.is_ascii_alphabetic()
                    };
                    if ok {
                        if bj.is_ascii_alphabetic() {
                            has_letter = true;
                            all_caps &= bj.is_ascii_uppercase();
                        }
                        out.key.push(bj.to_ascii_lowercase() as char);
                        j += 1;
                        continue;
                    }
                    // Apostrophes inside a word vanish: O'Higgins.
                    if !numeric
                        && bj == b'\''
                        && j > i
                        && bytes.get(j + 1).is_some_and(u8::is_ascii_alphabetic)
                    {
                        j += 1;
                        continue;
                    }
                    break;
                }
                let Some(ch) = char_at(text, j) else { break };
                if ch == '’'
                    && !numeric
                    && j > i
                    && char_at(text, j + ch.len_utf8()).is_some_and(char::is_alphabetic)
                {
                    j += ch.len_utf8();
                    continue;
                }
                if numeric || !is_word_char(ch) {
                    break;
                }
                has_letter |= ch.is_alphabetic();
                if ch.is_alphabetic() && !ch.is_uppercase() {
                    all_caps = false;
                }
                push_folded(ch, &mut out.key);
                j += ch.len_utf8();
            }
            let mut end = j;
            let mut value = None;
            if numeric {
                let digits = &text[i..j];
                let mut v: f32 = digits.parse().unwrap_or(0.0);
                // 5:30 → 5.5 and 4.5 / 4,5 → 4.5, for short numbers (offsets, hours).
                if digits.len() <= 2
                    && let Some(&sep) = bytes.get(j)
                    && matches!(sep, b':' | b'.' | b',')
                    && bytes.get(j + 1).is_some_and(u8::is_ascii_digit)
                {
                    let mut m = j + 1;
                    while m < bytes.len() && bytes[m].is_ascii_digit() && m - j <= 2 {
                        m += 1;
                    }
                    if !bytes.get(m).is_some_and(u8::is_ascii_digit) {
                        let frac = &text[j + 1..m];
                        let f: f32 = frac.parse().unwrap_or(0.0);
                        v += if sep == b':' {
                            f / 60.0
                        } else {
                            f / 10f32.powi(frac.len() as i32)
                        };
                        out.key.push(if sep == b':' { ':' } else { '.' });
                        out.key.push_str(frac);
                        end = m;
                    }
                }
                value = Some(v);
            }
            if !numeric {
                value = number_word(&out.key[key_start..]);
            }
            let caps = has_letter && all_caps;
            push_tok(
                out,
                Kind::Word,
                i,
                end,
                key_start,
                caps,
                title,
                !spaced,
                value,
            );
            spaced = false;
            i = end;
            continue;
        }
        // Not a word character.
        let next = char_at(text, i + len);
        let prev_word = out.toks.last().is_some_and(|t| t.kind == Kind::Word) && !spaced;
        let next_word = next.is_some_and(is_word_char);
        let end = i + len;
        match c {
            ' ' | '\t' | '\r' | '\u{a0}' => spaced = true,
            '-' | '‐' | '‑' => {
                let next_digit = next.is_some_and(|n| n.is_ascii_digit());
                if !(prev_word && next_word && !next_digit) {
                    push_sep(out, b'-', i, end, !spaced);
                    spaced = false;
                }
                // Otherwise a glued hyphen joins: Remote-first, US-based.
            }
            '−' => {
                push_sep(out, b'-', i, end, !spaced);
                spaced = false;
            }
            '–' | '—' => {
                push_sep(out, b'-', i, end, false);
                spaced = false;
            }
            '.' => {
                let next_space = next.is_none_or(char::is_whitespace);
                let short_title = out.toks.last().is_some_and(|t| {
                    t.kind == Kind::Word
                        && t.title
                        && (t.key_end - t.key_start) <= 3
                        && t.value.is_none()
                });
                // St. Louis, Jal., Node.js: an abbreviation or a joined word, not a sentence end.
                if !(prev_word && (next_word || next_space && short_title)) {
                    push_sep(out, b'.', i, end, !spaced);
                    spaced = false;
                }
            }
            '\'' | '’' | '`' | '"' | '“' | '”' | '«' | '»' | '*' | '_' | '#' | '%' | '°' | 'º'
            | 'ª' => {}
            '&' => {
                if !out.key.is_empty() {
                    out.key.push(' ');
                }
                let key_start = out.key.len();
                out.key.push_str("and");
                push_tok(
                    out,
                    Kind::Word,
                    i,
                    end,
                    key_start,
                    false,
                    false,
                    !spaced,
                    None,
                );
                spaced = false;
            }
            '+' => {
                // "+/-" and "+-" are one sign: ±.
                if next == Some('/') && bytes.get(i + 2) == Some(&b'-') {
                    push_sep(out, b'~', i, i + 3, !spaced);
                    i += 3;
                    spaced = false;
                    continue;
                }
                if next == Some('-') {
                    push_sep(out, b'~', i, i + 2, !spaced);
                    i += 2;
                    spaced = false;
                    continue;
                }
                push_sep(out, b'+', i, end, !spaced);
                spaced = false;
            }
            '±' => {
                push_sep(out, b'~', i, end, !spaced);
                spaced = false;
            }
            ',' | '/' | ';' | '|' | ':' | '\n' => {
                push_sep(out, c as u8, i, end, !spaced);
                spaced = false;
            }
            '(' | '[' | '{' => {
                push_sep(out, b'(', i, end, !spaced);
                spaced = false;
            }
            ')' | ']' | '}' => {
                push_sep(out, b')', i, end, !spaced);
                spaced = false;
            }
            '·' | '•' | '｜' | '!' | '?' | '>' | '<' => {
                push_sep(out, b'|', i, end, !spaced);
                spaced = false;
            }
            // Emoji, symbols: a plain break.
            _ => spaced = true,
        }
        i = end;
    }
}

/// Small numbers written as words ("six hours of overlap", "quatro horas", "tres horas").
fn number_word(word: &str) -> Option<f32> {
    Some(match word {
        "one" | "um" | "uma" | "uno" | "una" => 1.0,
        "two" | "dois" | "duas" => 2.0,
        "three" | "tres" => 3.0,
        "four" | "quatro" | "cuatro" => 4.0,
        "five" | "cinco" => 5.0,
        "six" | "seis" => 6.0,
        "seven" | "sete" | "siete" => 7.0,
        "eight" | "oito" | "ocho" => 8.0,
        _ => return None,
    })
}

/// The end of a dotted abbreviation starting at `i` (two or more single letters each followed
/// by a dot, the last dot optional: `U.S.A.`, `U.S`), or `None`.
fn dotted(bytes: &[u8], i: usize) -> Option<usize> {
    let mut m = i;
    let mut letters = 0;
    loop {
        let letter = bytes.get(m).is_some_and(u8::is_ascii_alphabetic);
        let alone = !bytes.get(m + 1).is_some_and(u8::is_ascii_alphanumeric);
        if !(letter && alone) {
            break;
        }
        if bytes.get(m + 1) == Some(&b'.') {
            letters += 1;
            m += 2;
        } else {
            if letters >= 1 {
                letters += 1;
                m += 1;
            }
            break;
        }
    }
    // The byte after must not continue a word (U.S.based is fine: a letter after a dot).
    (letters >= 2).then_some(m)
}

#[allow(clippy::too_many_arguments)]
fn push_tok(
    out: &mut Tokens,
    kind: Kind,
    start: usize,
    end: usize,
    key_start: usize,
    caps: bool,
    title: bool,
    glued: bool,
    value: Option<f32>,
) {
    out.toks.push(Tok {
        kind,
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
        assert_eq!(
            keys("Latin America & Caribbean"),
            "latin america and caribbean"
        );
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
