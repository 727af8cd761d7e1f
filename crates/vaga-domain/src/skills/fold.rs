//! Folding text into the scan buffer the skill automaton runs over, and keys for lookups.
//!
//! The buffer is the text lowercased, Latin accents removed, HTML tags and entities dropped, and
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
///
/// The map is a list of anchors: from an anchor on, folded bytes and original bytes advance
/// together, until the next anchor. Most text folds one byte to one byte (lowercasing and single
/// spaces keep lengths), so anchors are only needed where lengths change: collapsed separator
/// runs, markers, tags, entities and the odd character whose lowercase is longer.
#[derive(Debug, Default, Clone)]
pub struct Folded {
    /// The folded bytes; always starts and ends with a space.
    pub bytes: Vec<u8>,
    /// `(folded offset, original offset)` pairs, sorted, the first at `(0, 0)`.
    anchors: Vec<(u32, u32)>,
    /// With a filter: the leading spaces of tokens where a pattern may start, in order.
    pub candidates: Vec<u32>,
    /// Offsets of the marker bytes (`,` `:` `;` `\n`), in order.
    pub markers: Vec<u32>,
}

impl Folded {
    /// The original offset of folded byte `at`, floored to a character boundary of `text`.
    pub fn origin(&self, text: &str, at: usize) -> usize {
        let k = self
            .anchors
            .partition_point(|&(folded, _)| folded as usize <= at);
        let (folded, original) = self.anchors[k.saturating_sub(1)];
        let mut offset = (original as usize + (at - folded as usize)).min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The original span of folded bytes `start..end` (a match with its leading and trailing
    /// spaces): from the first character of the match to the end of its last character.
    pub fn original_span(&self, text: &str, start: usize, end: usize) -> (usize, usize) {
        let first = self.origin(text, start + 1);
        let last = self.origin(text, end.saturating_sub(2).max(start + 1));
        let after = text[last..]
            .chars()
            .next()
            .map_or(last, |c| last + c.len_utf8());
        (first.min(after), after)
    }
}

/// What a byte is, for the fast path.
const WORD: u8 = 0;
const UPPER: u8 = 1;
const SPACE: u8 = 2;
const OTHER: u8 = 3;

const fn classes() -> [u8; 256] {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'0'..=b'9' => WORD,
            b'A'..=b'Z' => UPPER,
            b' ' | b'\t' => SPACE,
            _ => OTHER,
        };
        b += 1;
    }
    table
}

static CLASS: [u8; 256] = classes();

/// Constants of the token hash (FNV-1a's, applied to eight-byte words).
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// Size of each half (single tokens, token pairs) of a [`TokenFilter`], in bits.
pub const FILTER_BITS: usize = 1 << 16;

/// The hash of one folded token, eight bytes at a time.
#[inline]
pub fn token_hash(token: &[u8]) -> u64 {
    let mut hash = FNV_OFFSET ^ token.len() as u64;
    let mut word = 0u64;
    let mut shift = 0;
    for &byte in token {
        word |= u64::from(byte) << shift;
        shift += 8;
        if shift == 64 {
            hash = (hash ^ word).wrapping_mul(FNV_PRIME);
            word = 0;
            shift = 0;
        }
    }
    if shift > 0 {
        hash = (hash ^ word).wrapping_mul(FNV_PRIME);
    }
    hash ^ (hash >> 29)
}

/// The hash of two consecutive tokens.
#[inline]
pub fn pair_hash(first: u64, second: u64) -> u64 {
    (first.rotate_left(23) ^ second).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[inline]
fn filter_bit(hash: u64) -> usize {
    (hash >> 40) as usize & (FILTER_BITS - 1)
}

/// A bitset of the tokens patterns start with: single-token patterns by their token, longer ones
/// by their first two tokens. Folding with a filter records where a pattern may start, so the
/// automaton is asked only there.
#[derive(Debug, Clone)]
pub struct TokenFilter {
    bits: Box<[u64]>,
}

impl Default for TokenFilter {
    fn default() -> TokenFilter {
        TokenFilter {
            bits: vec![0; 2 * FILTER_BITS / 64].into_boxed_slice(),
        }
    }
}

impl TokenFilter {
    /// Adds a folded pattern (`b" apache spark "`).
    pub fn add(&mut self, pattern: &[u8]) {
        let mut tokens = pattern.split(|&b| b == b' ').filter(|t| !t.is_empty());
        let Some(first) = tokens.next() else { return };
        let first = token_hash(first);
        let bit = match tokens.next() {
            None => filter_bit(first),
            Some(second) => FILTER_BITS + filter_bit(pair_hash(first, token_hash(second))),
        };
        self.bits[bit / 64] |= 1 << (bit % 64);
    }

    #[inline]
    fn single(&self, hash: u64) -> bool {
        let bit = filter_bit(hash);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }

    #[inline]
    fn pair(&self, first: u64, second: u64) -> bool {
        let bit = FILTER_BITS + filter_bit(pair_hash(first, second));
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
    anchors: &'a mut Vec<(u32, u32)>,
    candidates: &'a mut Vec<u32>,
    markers: &'a mut Vec<u32>,
    filter: Option<&'a TokenFilter>,
    pending: Sep,
    /// The current token's leading space.
    start: u32,
    /// The previous token, for pairs.
    prev_start: u32,
    prev_hash: u64,
    prev_valid: bool,
    prev_pushed: bool,
}

impl Writer<'_> {
    #[inline]
    fn sep(&mut self, sep: Sep) {
        if sep > self.pending {
            self.pending = sep;
        }
    }

    /// Ends the current token: records it (or the pair it closes) as a candidate start.
    #[inline]
    fn finish(&mut self) {
        let Some(filter) = self.filter else { return };
        let token = self.out.get(self.start as usize + 1..).unwrap_or_default();
        if token.is_empty() {
            return;
        }
        let hash = token_hash(token);
        if self.prev_valid && !self.prev_pushed && filter.pair(self.prev_hash, hash) {
            self.candidates.push(self.prev_start);
        }
        let pushed = filter.single(hash);
        if pushed {
            self.candidates.push(self.start);
        }
        self.prev_start = self.start;
        self.prev_hash = hash;
        self.prev_valid = true;
        self.prev_pushed = pushed;
    }

    /// Starts a token whose leading space is the last byte written.
    #[inline]
    fn begin(&mut self) {
        self.start = self.out.len() as u32 - 1;
    }

    /// Writes a byte of the current token.
    #[inline]
    fn put(&mut self, byte: u8) {
        self.out.push(byte);
    }

    /// Writes the pending separator run before the token that starts at original offset `at`.
    #[inline]
    fn flush(&mut self, at: usize) {
        if self.pending == Sep::None {
            return;
        }
        self.finish();
        self.out.push(b' ');
        if let Some(marker) = self.pending.marker() {
            // A marker is a token of its own (" , "), so patterns may span it.
            self.begin();
            self.markers.push(self.out.len() as u32);
            self.put(marker);
            self.finish();
            self.out.push(b' ');
        }
        self.begin();
        self.anchor(at);
        self.pending = Sep::None;
    }

    /// A single space between two tokens, written in place (it keeps lengths).
    #[inline]
    fn space(&mut self) {
        self.finish();
        self.out.push(b' ');
        self.begin();
    }

    #[inline]
    fn anchor(&mut self, original: usize) {
        self.anchors.push((self.out.len() as u32, original as u32));
    }

    #[inline]
    fn byte(&mut self, byte: u8, at: usize) {
        self.flush(at);
        self.put(byte);
    }

    /// Bytes that stand for the original range ending at `after`; lengths may differ.
    fn replace(&mut self, bytes: &[u8], at: usize, after: usize) {
        self.flush(at);
        // Every folded byte of the replacement maps to the start of the original character.
        for &byte in bytes {
            self.anchor(at);
            self.put(byte);
        }
        self.anchor(after);
    }

    #[inline]
    fn last(&self) -> u8 {
        if self.pending != Sep::None {
            b' '
        } else {
            self.out.last().copied().unwrap_or(b' ')
        }
    }
}

/// Texts longer than this are folded up to here only (offsets are `u32`).
pub const MAX_FOLD: usize = u32::MAX as usize / 4;

/// Folds `text` into `out` (cleared first). See the module docs for the shape of the result.
pub fn fold_for_scan(text: &str, out: &mut Folded) {
    fold_filtered(text, out, None);
}

/// Folds `text` and, with a filter, records in `out.candidates` where a pattern may start.
pub fn fold_filtered(text: &str, out: &mut Folded, filter: Option<&TokenFilter>) {
    out.bytes.clear();
    out.anchors.clear();
    out.candidates.clear();
    out.markers.clear();
    out.bytes.reserve(2 * text.len() + 16);
    let text = if text.len() > MAX_FOLD {
        &text[..floor_char_boundary(text, MAX_FOLD)]
    } else {
        text
    };
    let bytes = text.as_bytes();
    out.anchors.push((0, 0));
    let mut w = Writer {
        out: &mut out.bytes,
        anchors: &mut out.anchors,
        candidates: &mut out.candidates,
        markers: &mut out.markers,
        filter,
        pending: Sep::Space,
        start: 0,
        prev_start: 0,
        prev_hash: 0,
        prev_valid: false,
        prev_pushed: false,
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match CLASS[b as usize] {
            WORD | UPPER => {
                w.flush(i);
                // The common case: runs of ASCII letters and digits with single spaces between
                // them fold byte for byte (`| 0x20` lowercases letters and keeps digits).
                loop {
                    let start = i;
                    while i < bytes.len() && CLASS[bytes[i] as usize] <= UPPER {
                        i += 1;
                    }
                    w.out.extend(bytes[start..i].iter().map(|&b| b | 0x20));
                    if i + 1 < bytes.len()
                        && bytes[i] == b' '
                        && CLASS[bytes[i + 1] as usize] <= UPPER
                    {
                        w.space();
                        i += 1;
                    } else {
                        break;
                    }
                }
                continue;
            }
            SPACE => w.sep(Sep::Space),
            _ if b < 0x80 => match b {
                b'+' => {
                    if w.last().is_ascii_alphanumeric() || w.last() == b'+' {
                        w.byte(b, i)
                    } else {
                        w.sep(Sep::Space)
                    }
                }
                b'#' => {
                    if w.last().is_ascii_alphanumeric() {
                        w.byte(b, i)
                    } else {
                        w.sep(Sep::Space)
                    }
                }
                b'.' => {
                    if bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
                        w.byte(b, i)
                    } else {
                        w.sep(Sep::Sentence)
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
                        w.sep(Sep::Space)
                    }
                }
                b'<' => {
                    if let Some((end, sep)) = tag_end(bytes, i + 1, b">") {
                        w.sep(sep);
                        i = end;
                        continue;
                    }
                    w.sep(Sep::Space)
                }
                b'\n' => w.sep(Sep::Line),
                b';' | b'!' | b'?' => w.sep(Sep::Sentence),
                b':' => w.sep(Sep::Colon),
                b',' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'|' => w.sep(Sep::Comma),
                _ => w.sep(Sep::Space),
            },
            _ => {
                i = non_ascii(text, i, &mut w);
                continue;
            }
        }
        i += 1;
    }
    w.sep(Sep::Space);
    w.flush(bytes.len());
}

/// Folds the multi-byte character at `i`; returns the offset after it.
fn non_ascii(text: &str, i: usize, w: &mut Writer<'_>) -> usize {
    // `text` is valid UTF-8 and `i` is on a character boundary, so a character is there.
    let Some(c) = text[i..].chars().next() else {
        return text.len();
    };
    let len = c.len_utf8();
    let mut buf = [0u8; 4];
    let plain = strip_accent(c);
    if plain != c && plain.is_ascii() {
        // Accents are folded away: "análise", "ANÁLISE" and "analise" scan alike, and the
        // automaton's alphabet stays ASCII, which keeps its tables small.
        w.replace(&[plain.to_ascii_lowercase() as u8], i, i + len);
        return i + len;
    }
    match c {
        '\u{00AD}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'
        | '\u{FEFF}'
        | '\u{0300}'..='\u{036F}' => {
            w.flush(i);
            w.anchor(i + len);
        }
        'ﬀ' => w.replace(b"ff", i, i + len),
        'ﬁ' => w.replace(b"fi", i, i + len),
        'ﬂ' => w.replace(b"fl", i, i + len),
        'ﬃ' => w.replace(b"ffi", i, i + len),
        'ﬄ' => w.replace(b"ffl", i, i + len),
        '•' | '●' | '▪' | '◦' | '‣' | '■' | '□' | '➢' | '➤' | '►' | '✓' | '✔' | '\u{2028}'
        | '\u{2029}' | '\u{F0B7}' | '\u{F0A7}' | '\u{F076}' | '\u{F0D8}' => w.sep(Sep::Line),
        '…' | '。' => w.sep(Sep::Sentence),
        '–' | '—' | '·' | '｜' => w.sep(Sep::Comma),
        _ if c.is_alphanumeric() => {
            if c.is_uppercase() {
                let mut lowered = Vec::with_capacity(8);
                for lower in c.to_lowercase() {
                    lowered.extend_from_slice(lower.encode_utf8(&mut buf).as_bytes());
                }
                if lowered.len() == len {
                    for &byte in &lowered {
                        w.byte(byte, i);
                    }
                } else {
                    w.replace(&lowered, i, i + len);
                }
            } else {
                for &byte in c.encode_utf8(&mut buf).as_bytes() {
                    w.byte(byte, i);
                }
            }
        }
        _ => w.sep(Sep::Space),
    }
    i + len
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
                w.sep(Sep::Space);
            }
        }
        b"lt" => {
            // An escaped tag (`&lt;p&gt;`), as some boards send their HTML.
            if let Some((end, sep)) = tag_end(bytes, at + len, b"&gt;") {
                w.sep(sep);
                return end;
            }
            w.sep(Sep::Space);
        }
        b"bull" | b"#8226" | b"#x2022" => w.sep(Sep::Line),
        b"ndash" | b"mdash" | b"middot" => w.sep(Sep::Comma),
        _ => w.sep(Sep::Space),
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

/// The lookup key of a name: folded like the scan buffer, accents removed, markers and outer
/// spaces dropped. `"Scikit-Learn"`, `"scikit learn"` and `"SCIKIT_LEARN"` share one key.
pub fn fold_key(text: &str) -> String {
    let mut folded = Folded::default();
    fold_for_scan(text, &mut folded);
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
        assert_eq!(fold("CIÊNCIA DE DADOS, ação"), " ciencia de dados , acao ");
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
        assert_eq!(&text[out.origin(text, go)..], "Go");
        let text = "ﬁnance — CIÊNCIA   de İzmir";
        fold_for_scan(text, &mut out);
        let at = out.bytes.windows(4).position(|w| w == b"zmir").unwrap();
        assert_eq!(&text[out.origin(text, at)..], "zmir");
        assert_eq!(&text[out.origin(text, at - 1)..], "İzmir");
        let at = out.bytes.windows(2).position(|w| w == b"de").unwrap();
        assert_eq!(&text[out.origin(text, at)..], "de İzmir");
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
