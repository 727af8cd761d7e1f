//! Folding text into the scan buffer the skill matcher runs over, and keys for lookups.
//!
//! The buffer is the text lowercased, Latin accents removed, HTML tags and entities dropped, and
//! every run of separators collapsed to one space, or to ` X ` where `X` is a marker byte that
//! keeps the strongest break of the run: `,` (comma, brackets, bars), `:` (colon), `;` (end of a
//! sentence) or `\n` (line break, bullet, block tag). Every token is therefore surrounded by
//! spaces, and a surface form folded the same way (`" node.js "`) only ever matches whole tokens:
//! the matcher needs no boundary checks and never reports a match it has to take back. Every
//! token is recorded with a hash of its bytes ([`Token`]), which is what the matcher looks up.
//! `origin[i]` is the byte offset in the original text of the character that produced byte `i`,
//! so spans map back exactly.
//!
//! Running text is mostly ASCII words with single spaces between them, which fold to themselves
//! lowercased: that case is copied eight bytes at a time, with masks instead of a branch per byte.

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
    /// Every token (markers included), in order, with its hash.
    pub tokens: Vec<Token>,
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

/// A text folded once and read by several parsers: `whole` is the folded text, and the part of
/// it a parser is given starts at byte `from` (a description after its title).
#[derive(Debug, Clone, Copy)]
pub struct FoldedPart<'a> {
    /// The text that was folded.
    pub whole: &'a str,
    /// Its fold.
    pub folded: &'a Folded,
    /// Where the part starts in `whole`.
    pub from: usize,
}

impl FoldedPart<'_> {
    /// The part of the text.
    pub fn text(&self) -> &str {
        self.whole.get(self.from..).unwrap_or_default()
    }

    /// The span in the part of folded bytes `start..end` (a match with its leading and trailing
    /// spaces), or `None` when it starts before the part.
    pub fn span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let (s, e) = self.folded.original_span(self.whole, start, end);
        (s >= self.from).then(|| (s - self.from, e - self.from))
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

/// A token of the folded buffer: the bytes `start + 1..end`, between its leading space at
/// `start` and its trailing space at `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Offset of the leading space.
    pub start: u32,
    /// Offset of the trailing space.
    pub end: u32,
    /// [`token_hash`] of the token's bytes.
    pub hash: u64,
}

/// Multiplier of the token hash (the 64-bit golden ratio, odd).
const HASH_MUL: u64 = 0x9E37_79B9_7F4A_7C15;

/// The hash of one folded token (any bytes), eight bytes at a time.
#[inline]
pub fn token_hash(token: &[u8]) -> u64 {
    span_hash(token, 0, token.len())
}

/// [`token_hash`] of `buf[start..end]`: whole words from the start, then the last one to
/// eight bytes as one word, read as the eight bytes ending at `end` and shifted (no copy), which
/// needs `end >= 8`; the bytes before the token never reach the hash.
#[inline(always)]
fn span_hash(buf: &[u8], start: usize, end: usize) -> u64 {
    let last_len = (end - start).saturating_sub(1) % 8 + 1;
    let last = if end >= 8 && end > start {
        word_at(buf, end - 8) >> (8 * (8 - last_len))
    } else {
        last_word(&buf[start..end], last_len)
    };
    let mut hash = (end - start) as u64 ^ 0x243F_6A88_85A3_08D3;
    let mut at = start;
    while end - at > 8 {
        hash = (hash ^ word_at(buf, at)).wrapping_mul(HASH_MUL);
        at += 8;
    }
    hash = (hash ^ last).wrapping_mul(HASH_MUL);
    // The high half of the product depends on every input bit; fold it onto the low half.
    // Both steps are invertible, so tokens of up to eight bytes (which have no zero byte) never
    // share a hash.
    hash ^ (hash >> 32)
}

/// The last `len` bytes of a short `token` as a little-endian word.
#[cold]
#[inline(never)]
fn last_word(token: &[u8], len: usize) -> u64 {
    token
        .iter()
        .rev()
        .take(len)
        .fold(0u64, |word, &byte| word << 8 | u64::from(byte))
}

/// The eight bytes at `at`, little-endian.
#[inline]
fn word_at(buf: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&buf[at..at + 8]);
    u64::from_le_bytes(word)
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
    anchors: &'a mut Vec<(u32, u32)>,
    tokens: &'a mut Vec<Token>,
    markers: &'a mut Vec<u32>,
    pending: Sep,
    /// The current token's leading space.
    start: u32,
}

impl Writer<'_> {
    #[inline]
    fn sep(&mut self, sep: Sep) {
        if sep > self.pending {
            self.pending = sep;
        }
    }

    /// Ends the current token, if it has any bytes, and records it (its hash comes later, when
    /// its bytes are no longer in the store buffer).
    #[inline]
    fn finish(&mut self) {
        let end = self.out.len() as u32;
        if end > self.start + 1 {
            self.tokens.push(Token {
                start: self.start,
                end,
                hash: 0,
            });
        }
    }

    /// Starts a token whose leading space is the last byte written.
    #[inline]
    fn begin(&mut self) {
        self.start = self.out.len() as u32 - 1;
    }

    /// Writes a byte.
    #[inline]
    fn put(&mut self, byte: u8) {
        self.out.push(byte);
    }

    /// Copies the run at `i` of ASCII words (letters and digits) with single spaces between
    /// them, lowercased, ending a token at each space; returns where the run ends. The common
    /// case of running text, eight bytes at a time: a load, masks of the word bytes and the
    /// spaces that precede a word byte, one store, and a loop over the spaces.
    #[inline]
    fn words(&mut self, bytes: &[u8], mut i: usize) -> usize {
        const HIGH: u64 = splat(0x80);
        while i + 8 <= bytes.len() {
            let x = word_at(bytes, i);
            let word = alnum_bytes(x);
            let space = zero_bytes(x ^ splat(b' '));
            // A space belongs to the run when a word byte follows it in this word; one in the
            // last byte is looked at again as the first byte of the next word.
            let inside = word | (space & word >> 8);
            let stop = !inside & HIGH;
            // 8 when `stop` is 0.
            let run = stop.trailing_zeros() as usize / 8;
            let at = self.out.len();
            // `| 0x20` lowercases letters and keeps digits and spaces; bytes past the run are
            // cut off again.
            self.out.extend_from_slice(&(x | splat(0x20)).to_le_bytes());
            self.out.truncate(at + run);
            // The bits below the first stop (all of them when there is none).
            let first_run = (stop & stop.wrapping_neg()).wrapping_sub(1);
            let mut spaces = space & inside & first_run;
            while spaces != 0 {
                let k = spaces.trailing_zeros() as usize / 8;
                self.start_token_at(at + k);
                spaces &= spaces - 1;
            }
            let last_is_space = run == 7 && space >> 56 != 0;
            if run < 8 && !last_is_space {
                return i + run;
            }
            i += run;
        }
        // Fewer than eight bytes left: one at a time.
        loop {
            while i < bytes.len() && CLASS[bytes[i] as usize] <= UPPER {
                self.put(bytes[i] | 0x20);
                i += 1;
            }
            if i + 1 < bytes.len() && bytes[i] == b' ' && CLASS[bytes[i + 1] as usize] <= UPPER {
                self.space();
                i += 1;
            } else {
                return i;
            }
        }
    }

    /// Ends the current token at the space written at `at`, which starts the next one.
    #[inline]
    fn start_token_at(&mut self, at: usize) {
        debug_assert!(at > self.start as usize + 1 && self.out[at] == b' ');
        self.tokens.push(Token {
            start: self.start,
            end: at as u32,
            hash: 0,
        });
        self.start = at as u32;
    }

    /// Writes the pending separator run before the token that starts at original offset `at`.
    #[inline]
    fn flush(&mut self, at: usize) {
        if self.pending == Sep::None {
            return;
        }
        self.finish();
        self.put(b' ');
        if let Some(marker) = self.pending.marker() {
            // A marker is a token of its own (" , "), so patterns may span it.
            self.begin();
            self.markers.push(self.out.len() as u32);
            self.put(marker);
            self.finish();
            self.put(b' ');
        }
        self.begin();
        self.anchor(at);
        self.pending = Sep::None;
    }

    /// A single space between two tokens, written in place (it keeps lengths).
    #[inline]
    fn space(&mut self) {
        self.finish();
        self.put(b' ');
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

/// Eight copies of a byte.
const fn splat(byte: u8) -> u64 {
    u64::from_le_bytes([byte; 8])
}

/// The high bit of each byte of `x` that is zero.
#[inline]
fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = splat(0x7F);
    // The high bit of `(x & 0x7F) + 0x7F` is set iff the low seven bits are not all zero, and
    // no byte carries into the next.
    !(((x & LOW7) + LOW7) | x) & splat(0x80)
}

/// The high bit of each byte of `x` that is an ASCII letter or digit, eight bytes at once.
#[inline]
fn alnum_bytes(x: u64) -> u64 {
    const HIGH: u64 = splat(0x80);
    const LOW7: u64 = splat(0x7F);
    // For 7-bit bytes `t`, `t + (0x80 - lo)` has its high bit set iff `t >= lo`, and no byte
    // carries into the next.
    let in_range = |t: u64, lo: u8, hi: u8| {
        let at_least_lo = t + splat(0x80 - lo);
        let above_hi = t + splat(0x7F - hi);
        at_least_lo & !above_hi
    };
    let t = x & LOW7;
    // `| 0x20` maps exactly `A-Z` and `a-z` onto `a-z`.
    let letters = in_range(t | splat(0x20), b'a', b'z');
    let digits = in_range(t, b'0', b'9');
    (letters | digits) & !x & HIGH
}

/// Texts longer than this are folded up to here only (offsets are `u32`).
pub const MAX_FOLD: usize = u32::MAX as usize / 4;

/// Folds `text` into `out` (cleared first), recording its tokens. See the module docs for the
/// shape of the result.
pub fn fold_for_scan(text: &str, out: &mut Folded) {
    out.bytes.clear();
    out.anchors.clear();
    out.tokens.clear();
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
        tokens: &mut out.tokens,
        markers: &mut out.markers,
        pending: Sep::Space,
        start: 0,
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match CLASS[b as usize] {
            WORD | UPPER => {
                w.flush(i);
                // The common case: runs of ASCII letters and digits with single spaces between
                // them fold byte for byte (`| 0x20` lowercases letters and keeps digits).
                i = w.words(bytes, i);
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
    let folded = &out.bytes;
    for token in &mut out.tokens {
        token.hash = span_hash(folded, token.start as usize + 1, token.end as usize);
    }
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
        // Accents are folded away: "análise", "ANÁLISE" and "analise" scan alike.
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

/// `at`, at most the text's length, moved back to a character boundary.
pub(crate) fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
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
    // Most names are ASCII words with single spaces between them: their key is themselves
    // lowercased. Building the engine folds some 40,000 names, so this is worth a check.
    if is_plain(text.as_bytes()) {
        return text.to_ascii_lowercase();
    }
    fold_key_slow(text)
}

/// Whether a name is ASCII letters and digits with single spaces between words, the names
/// whose key is themselves lowercased.
fn is_plain(bytes: &[u8]) -> bool {
    bytes.first().is_some_and(|&b| b != b' ')
        && bytes.last().is_some_and(|&b| b != b' ')
        && bytes
            .iter()
            .all(|&b| CLASS[b as usize] <= UPPER || b == b' ')
        && !bytes.windows(2).any(|w| w == b"  ")
}

/// [`fold_key`] of a plain name (see [`is_plain`]) written into `buf`, without allocating;
/// `None` for other names and names longer than `buf`.
pub fn plain_key<'b>(text: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    let bytes = text.as_bytes();
    if bytes.len() > buf.len() || !is_plain(bytes) {
        return None;
    }
    let out = &mut buf[..bytes.len()];
    out.copy_from_slice(bytes);
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

/// [`fold_key`] through the scan fold.
fn fold_key_slow(text: &str) -> String {
    thread_local! {
        // Names are folded one after another (a posting's listed skills): one buffer serves.
        static FOLDED: std::cell::RefCell<Folded> = std::cell::RefCell::new(Folded::default());
    }
    FOLDED.with(|cell| {
        let mut fresh = Folded::default();
        let mut borrowed = cell.try_borrow_mut();
        let folded = match borrowed.as_deref_mut() {
            Ok(folded) => folded,
            Err(_) => &mut fresh,
        };
        fold_for_scan(text, folded);
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
    })
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
    fn the_eight_byte_class_test_agrees_with_the_table() {
        for byte in 0..=255u8 {
            for lane in 0..8 {
                let mut word = [b'a'; 8];
                word[lane] = byte;
                let mask = alnum_bytes(u64::from_le_bytes(word));
                let is_word = mask >> (8 * lane + 7) & 1 == 1;
                assert_eq!(
                    is_word,
                    CLASS[byte as usize] <= UPPER,
                    "{byte:#x} in lane {lane}"
                );
                assert_eq!(mask.count_ones(), 7 + u32::from(is_word));
            }
        }
    }

    #[test]
    fn every_token_is_recorded_with_the_hash_of_its_bytes() {
        let text = "Experiência com Node.js, C++ e &amp; <b>supercalifragilistic</b> R&D\n\
                    - a  b\u{200B} c; ﬁnance: İzmir 12345678 123456789";
        let mut out = Folded::default();
        fold_for_scan(text, &mut out);
        let expected: Vec<&[u8]> = out
            .bytes
            .split(|&b| b == b' ')
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(out.tokens.len(), expected.len());
        for (token, bytes) in out.tokens.iter().zip(expected) {
            let (start, end) = (token.start as usize, token.end as usize);
            assert_eq!(out.bytes[start], b' ');
            assert_eq!(out.bytes[end], b' ');
            assert_eq!(&out.bytes[start + 1..end], bytes);
            assert_eq!(token.hash, token_hash(bytes));
        }
        assert_ne!(token_hash(b"ab"), token_hash(b"ab\0"));
        assert_ne!(token_hash(b"12345678"), token_hash(b"123456789"));
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
    fn plain_names_take_the_short_way_to_the_same_key() {
        let names = [
            "Python",
            "Machine Learning",
            "GPT 4",
            "a",
            "A B C",
            "x  y",
            " lead",
            "trail ",
            "",
            "C++",
            "Node.js",
            "ação",
            "UPPER lower 123",
        ];
        for name in names {
            assert_eq!(fold_key(name), fold_key_slow(name), "{name:?}");
        }
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
