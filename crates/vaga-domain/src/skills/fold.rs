//! Folding text into the scan buffer the skill automaton runs over, and keys for lookups.
//!
//! The buffer is the text lowercased (ASCII and Latin-1), with HTML tags and entities removed and
//! every run of separators collapsed to one space, or to ` X ` where `X` is a marker byte that
//! keeps the strongest break of the run: `,` (comma, brackets, bars), `:` (colon), `;` (end of a
//! sentence) or `\n` (line break, bullet, block tag). Every token is therefore surrounded by
//! spaces, and a surface form folded the same way (`" node.js "`) only ever matches whole tokens:
//! the automaton needs no boundary checks and never reports a match it has to take back.
//! `origin[i]` is the byte offset in the original text of the character that produced byte `i`,
//! so spans map back exactly.

/// Separator strength; a run of separators keeps the strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Sep {
    None = 0,
    Space = 1,
    Comma = 2,
    Colon = 3,
    Sentence = 4,
    Line = 5,
}

impl Sep {
    fn marker(self) -> Option<u8> {
        match self {
            Sep::None | Sep::Space => None,
            Sep::Comma => Some(b','),
            Sep::Colon => Some(b':'),
            Sep::Sentence => Some(b';'),
            Sep::Line => Some(b'\n'),
        }
    }
}

/// The folded buffer and the map back to the original text.
#[derive(Debug, Default, Clone)]
pub struct Folded {
    /// The folded bytes; always starts and ends with a space.
    pub bytes: Vec<u8>,
    /// For each byte of `bytes`, the offset of the original character it came from.
    pub origin: Vec<u32>,
}

struct Writer<'a> {
    out: &'a mut Folded,
    pending: Sep,
    pending_at: u32,
}

impl Writer<'_> {
    #[inline]
    fn sep(&mut self, sep: Sep, at: usize) {
        if self.pending == Sep::None {
            self.pending_at = at as u32;
        }
        if sep > self.pending {
            self.pending = sep;
        }
    }

    #[inline]
    fn flush(&mut self) {
        if self.pending == Sep::None {
            return;
        }
        let at = self.pending_at;
        self.out.bytes.push(b' ');
        self.out.origin.push(at);
        if let Some(marker) = self.pending.marker() {
            self.out.bytes.extend_from_slice(&[marker, b' ']);
            self.out.origin.extend_from_slice(&[at, at]);
        }
        self.pending = Sep::None;
    }

    #[inline]
    fn byte(&mut self, byte: u8, at: usize) {
        self.flush();
        self.out.bytes.push(byte);
        self.out.origin.push(at as u32);
    }

    #[inline]
    fn last(&self) -> u8 {
        if self.pending != Sep::None {
            b' '
        } else {
            self.out.bytes.last().copied().unwrap_or(b' ')
        }
    }
}

/// Texts longer than this are folded up to here only (origins are `u32`).
pub const MAX_FOLD: usize = u32::MAX as usize - 16;

/// Folds `text` into `out` (cleared first). See the module docs for the shape of the result.
pub fn fold_for_scan(text: &str, out: &mut Folded) {
    out.bytes.clear();
    out.origin.clear();
    out.bytes.reserve(text.len() + 8);
    out.origin.reserve(text.len() + 8);
    let text = if text.len() > MAX_FOLD {
        &text[..floor_char_boundary(text, MAX_FOLD)]
    } else {
        text
    };
    let bytes = text.as_bytes();
    let mut w = Writer {
        out,
        pending: Sep::Space,
        pending_at: 0,
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            match b {
                b'a'..=b'z' | b'0'..=b'9' => w.byte(b, i),
                b'A'..=b'Z' => w.byte(b + 32, i),
                b'+' => {
                    if w.last().is_ascii_alphanumeric() || w.last() == b'+' {
                        w.byte(b, i)
                    } else {
                        w.sep(Sep::Space, i)
                    }
                }
                b'#' => {
                    if w.last().is_ascii_alphanumeric() {
                        w.byte(b, i)
                    } else {
                        w.sep(Sep::Space, i)
                    }
                }
                b'.' => {
                    if bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
                        w.byte(b, i)
                    } else {
                        w.sep(Sep::Sentence, i)
                    }
                }
                b'$' | b'@' => w.byte(b, i),
                b'&' => {
                    if let Some(len) = entity_len(&bytes[i..]) {
                        i = entity(bytes, i, len, &mut w);
                        continue;
                    }
                    if w.last().is_ascii_alphanumeric()
                        && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
                    {
                        w.byte(b, i)
                    } else {
                        w.sep(Sep::Space, i)
                    }
                }
                b'<' => {
                    if let Some((end, sep)) = tag_end(bytes, i + 1, b">") {
                        w.sep(sep, i);
                        i = end;
                        continue;
                    }
                    w.sep(Sep::Space, i)
                }
                b'\n' => w.sep(Sep::Line, i),
                b';' | b'!' | b'?' => w.sep(Sep::Sentence, i),
                b':' => w.sep(Sep::Colon, i),
                b',' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'|' => w.sep(Sep::Comma, i),
                _ => w.sep(Sep::Space, i),
            }
            i += 1;
            continue;
        }
        // A multi-byte character: `text` is valid UTF-8, so decoding cannot fail.
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        match c {
            'À'..='Þ' if c != '×' => {
                let lower = char::from_u32(c as u32 + 32).unwrap_or(c);
                let mut buf = [0u8; 4];
                for &byte in lower.encode_utf8(&mut buf).as_bytes() {
                    w.byte(byte, i);
                }
            }
            '\u{00AD}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{0300}'..='\u{036F}' => {}
            'ﬀ' | 'ﬁ' | 'ﬂ' | 'ﬃ' | 'ﬄ' => {
                let expanded = match c {
                    'ﬀ' => "ff",
                    'ﬁ' => "fi",
                    'ﬂ' => "fl",
                    'ﬃ' => "ffi",
                    _ => "ffl",
                };
                for &byte in expanded.as_bytes() {
                    w.byte(byte, i);
                }
            }
            '•' | '●' | '▪' | '◦' | '‣' | '■' | '□' | '➢' | '➤' | '►' | '✓' | '✔' | '\u{2028}'
            | '\u{2029}' | '\u{F0B7}' | '\u{F0A7}' | '\u{F076}' | '\u{F0D8}' => w.sep(Sep::Line, i),
            '…' | '。' => w.sep(Sep::Sentence, i),
            '–' | '—' | '·' | '|' | '｜' => w.sep(Sep::Comma, i),
            _ if c.is_alphanumeric() => {
                let mut buf = [0u8; 4];
                if c.is_uppercase() {
                    for lower in c.to_lowercase() {
                        for &byte in lower.encode_utf8(&mut buf).as_bytes() {
                            w.byte(byte, i);
                        }
                    }
                } else {
                    for &byte in c.encode_utf8(&mut buf).as_bytes() {
                        w.byte(byte, i);
                    }
                }
            }
            _ => w.sep(Sep::Space, i),
        }
        i += len;
    }
    w.sep(Sep::Space, bytes.len());
    w.flush();
}

/// Length of an HTML entity (`&amp;`, `&#39;`, `&#x2019;`) at the start of `bytes`.
fn entity_len(bytes: &[u8]) -> Option<usize> {
    let body = bytes.get(1..)?;
    let limit = body.len().min(10);
    let semi = body[..limit].iter().position(|&b| b == b';')?;
    let name = &body[..semi];
    let ok = match name {
        [b'#', b'x' | b'X', hex @ ..] => !hex.is_empty() && hex.iter().all(u8::is_ascii_hexdigit),
        [b'#', dec @ ..] => !dec.is_empty() && dec.iter().all(u8::is_ascii_digit),
        _ => name.len() >= 2 && name.iter().all(u8::is_ascii_alphanumeric),
    };
    ok.then_some(semi + 2)
}

/// Handles the entity of `len` bytes at `at`; returns where to go on.
fn entity(bytes: &[u8], at: usize, len: usize, w: &mut Writer<'_>) -> usize {
    let name = &bytes[at + 1..at + len - 1];
    match name {
        b"amp" => {
            // `R&amp;D` is `R&D`: keep it glued like the raw character would be.
            let next = at + len;
            if w.last().is_ascii_alphanumeric()
                && bytes.get(next).is_some_and(u8::is_ascii_alphanumeric)
            {
                w.byte(b'&', at);
            } else {
                w.sep(Sep::Space, at);
            }
        }
        b"lt" => {
            // An escaped tag (`&lt;p&gt;`), as some boards send their HTML.
            if let Some((end, sep)) = tag_end(bytes, at + len, b"&gt;") {
                w.sep(sep, at);
                return end;
            }
            w.sep(Sep::Space, at);
        }
        b"bull" | b"#8226" | b"#x2022" => w.sep(Sep::Line, at),
        b"ndash" | b"mdash" | b"middot" => w.sep(Sep::Comma, at),
        _ => w.sep(Sep::Space, at),
    }
    at + len
}

/// If a tag starts at `start` (just after `<`), returns the offset after its `close` and the
/// separator it stands for: block tags break lines, inline tags only separate words.
fn tag_end(bytes: &[u8], start: usize, close: &[u8]) -> Option<(usize, Sep)> {
    let first = *bytes.get(start)?;
    if !(first.is_ascii_alphabetic() || first == b'/' || first == b'!') {
        return None;
    }
    let limit = bytes.len().min(start + 2048);
    let window = &bytes[start..limit];
    let pos = window.windows(close.len()).position(|w| w == close)?;
    let name_start = usize::from(first == b'/');
    let name: Vec<u8> = window[name_start..pos]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .map(u8::to_ascii_lowercase)
        .collect();
    let block = matches!(
        name.as_slice(),
        b"p" | b"br"
            | b"li"
            | b"ul"
            | b"ol"
            | b"div"
            | b"tr"
            | b"td"
            | b"th"
            | b"table"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"section"
            | b"article"
            | b"header"
            | b"footer"
            | b"blockquote"
            | b"pre"
            | b"hr"
            | b"dt"
            | b"dd"
    );
    Some((
        start + pos + close.len(),
        if block { Sep::Line } else { Sep::Space },
    ))
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Maps a Latin letter with a diacritic to its base letter.
pub fn strip_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => 'A',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ě' => 'E',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => 'I',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' => 'O',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' => 'U',
        'ç' | 'č' | 'ć' => 'c',
        'Ç' | 'Č' | 'Ć' => 'C',
        'ñ' | 'ń' | 'ň' => 'n',
        'Ñ' | 'Ń' | 'Ň' => 'N',
        'ý' | 'ÿ' => 'y',
        'Ý' => 'Y',
        'š' | 'ś' => 's',
        'Š' | 'Ś' => 'S',
        'ž' | 'ź' | 'ż' => 'z',
        'Ž' | 'Ź' | 'Ż' => 'Z',
        'ł' => 'l',
        'Ł' => 'L',
        _ => c,
    }
}

/// Removes Latin diacritics from a string.
pub fn strip_accents(text: &str) -> String {
    text.chars().map(strip_accent).collect()
}

/// The lookup key of a name: folded like the scan buffer, accents removed, markers and outer
/// spaces dropped. `"Scikit-Learn"`, `"scikit learn"` and `"SCIKIT_LEARN"` share one key.
pub fn fold_key(text: &str) -> String {
    let mut folded = Folded::default();
    fold_for_scan(&strip_accents(text), &mut folded);
    let mut key = String::with_capacity(folded.bytes.len());
    for token in String::from_utf8_lossy(&folded.bytes).split(' ') {
        if token.is_empty() || matches!(token, "," | ":" | ";" | "\n") {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(token);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(text: &str) -> String {
        let mut out = Folded::default();
        fold_for_scan(text, &mut out);
        String::from_utf8(out.bytes).unwrap()
    }

    #[test]
    fn tokens_are_lowercased_and_surrounded_by_spaces() {
        assert_eq!(fold("Python, SQL e Node.js"), " python , sql e node.js ");
        assert_eq!(fold("C++/C# and .NET"), " c++ c# and .net ");
        assert_eq!(fold("R$ 5.000"), " r$ 5.000 ");
        assert_eq!(fold("R&D; R & D"), " r&d ; r d ");
        assert_eq!(fold("CIÊNCIA DE DADOS"), " ciência de dados ");
        assert_eq!(fold("scikit-learn\n\n- pandas"), " scikit learn \n pandas ");
        assert_eq!(fold("Requisitos: Python."), " requisitos : python ; ");
    }

    #[test]
    fn html_tags_and_entities_become_separators() {
        assert_eq!(
            fold("<p>Python</p><li>SQL&nbsp;Server</li>"),
            " \n python \n sql server \n "
        );
        assert_eq!(fold("&lt;b&gt;Go&lt;/b&gt; R&amp;D"), " go r&d ");
        assert_eq!(fold("a < b"), " a b ");
    }

    #[test]
    fn origins_point_at_the_source_characters() {
        let text = "Ação: Go";
        let mut out = Folded::default();
        fold_for_scan(text, &mut out);
        let go = out.bytes.windows(2).position(|w| w == b"go").unwrap();
        assert_eq!(&text[out.origin[go] as usize..], "Go");
    }

    #[test]
    fn keys_ignore_case_accents_and_separators() {
        assert_eq!(fold_key("Scikit-Learn"), "scikit learn");
        assert_eq!(
            fold_key("  Aprendizado de Máquina "),
            "aprendizado de maquina"
        );
        assert_eq!(fold_key("CI/CD"), "ci cd");
        assert_eq!(fold_key("C++"), "c++");
        assert_eq!(fold_key(".NET"), ".net");
    }
}
