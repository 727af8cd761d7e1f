//! Salary text → tokens: numbers with their separators resolved, currency marks, words and
//! punctuation, each with its byte span.

use crate::posting::currency::{Currency, code_is_word_like, codes};

/// How a number was written, which hints at the convention of its author.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct NumStyle {
    /// `1,200` or `16.50`: comma thousands or a dot decimal.
    pub us: bool,
    /// `1.200` or `7,5`: dot thousands or a comma decimal.
    pub european: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    /// A number, its value before any multiplier word.
    Num {
        value: f64,
        style: NumStyle,
        /// A multiplier written against the digits (`88k`, `8M`, `9mil`).
        mult: f64,
        /// A suffix that makes it a count, not money (`160h`, `13º`, `10%`).
        unit: bool,
        /// `LPA` (lakhs per annum): also says INR and year.
        lpa: bool,
    },
    /// A currency sign, code or name.
    Cur(Mark),
    /// A word, lower-cased.
    Word(String),
    /// Any other character that matters.
    Punct(char),
}

/// What a currency mark says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Mark {
    /// The currency, unless the mark is a bare `$` (or `pesos`), which context resolves.
    pub currency: Option<Currency>,
    /// A code that is also a common word (`ALL`, `PEN`): counts only next to an amount.
    pub word_like: bool,
    /// A hint rather than a mark (`CLT` says BRL).
    pub weak: bool,
    /// A sign several currencies share (`$`, `¥`, `pesos`): `currency` is only its default,
    /// and a code named nearby wins.
    pub ambiguous: bool,
    /// A lower-case code that is also a word (`cad`, `pen`): a mark only after an amount.
    pub after_only: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Whitespace separates this token from the previous one.
    pub spaced: bool,
}

impl Tok {
    pub fn word(&self) -> Option<&str> {
        match &self.kind {
            Kind::Word(w) => Some(w),
            _ => None,
        }
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
}

/// At most this many tokens are read from one text: salary fields are short, description
/// windows are cut before lexing.
const MAX_TOKENS: usize = 400;

pub(super) fn lex(text: &str) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut spaced = false;
    while i < bytes.len() && toks.len() < MAX_TOKENS {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        if c.is_whitespace() {
            spaced = true;
            i += len;
            continue;
        }
        let start = i;
        let kind = if c.is_ascii_digit() {
            let (kind, end) = lex_number(text, i);
            i = end;
            kind
        } else if c.is_alphabetic() {
            let mut end = i;
            for (off, ch) in text[i..].char_indices() {
                if ch.is_alphanumeric() {
                    end = i + off + ch.len_utf8();
                } else {
                    break;
                }
            }
            let word = &text[i..end];
            // Letters glued to a `$`: R$, US$, C$, CA$, MX$ ...
            if bytes.get(end) == Some(&b'$')
                && let Some(mark) = prefixed_dollar(word)
            {
                i = end + 1;
                push(&mut toks, Kind::Cur(mark), start, i, &mut spaced);
                continue;
            }
            // S/ and S/. are Peruvian soles when an amount follows.
            if (word == "S" || word == "s") && bytes.get(end) == Some(&b'/') {
                let mut j = end + 1;
                if bytes.get(j) == Some(&b'.') {
                    j += 1;
                }
                let k = j + bytes[j..].iter().take_while(|b| **b == b' ').count();
                if bytes.get(k).is_some_and(u8::is_ascii_digit) {
                    i = j;
                    push(
                        &mut toks,
                        Kind::Cur(mark(codes::PEN)),
                        start,
                        i,
                        &mut spaced,
                    );
                    continue;
                }
            }
            i = end;
            if word.eq_ignore_ascii_case("pesos") || word.eq_ignore_ascii_case("peso") {
                // "pesos mexicanos", "pesos chilenos".
                let rest = &text[end..];
                let trimmed = rest.trim_start();
                let next: String = trimmed.chars().take_while(|c| c.is_alphabetic()).collect();
                if let Some(currency) = super::words::peso_nationality(&next.to_lowercase()) {
                    i = end + (rest.len() - trimmed.len()) + next.len();
                    push(&mut toks, Kind::Cur(mark(currency)), start, i, &mut spaced);
                    continue;
                }
            }
            word_kind(word)
        } else {
            i += len;
            match c {
                '$' => Kind::Cur(Mark {
                    ambiguous: true,
                    ..Mark::NONE
                }),
                '€' => Kind::Cur(mark(codes::EUR)),
                '£' => Kind::Cur(mark(codes::GBP)),
                '¥' | '￥' => Kind::Cur(Mark {
                    ambiguous: true,
                    ..mark(codes::JPY)
                }),
                '₹' => Kind::Cur(mark(codes::INR)),
                '₩' => Kind::Cur(mark(codes::KRW)),
                '₱' => Kind::Cur(mark(codes::PHP)),
                '–' | '—' | '‒' | '−' => Kind::Punct('-'),
                '’' | '\'' => Kind::Punct('\''),
                _ => Kind::Punct(c),
            }
        };
        push(&mut toks, kind, start, i, &mut spaced);
    }
    toks
}

fn push(toks: &mut Vec<Tok>, kind: Kind, start: usize, end: usize, spaced: &mut bool) {
    toks.push(Tok {
        kind,
        start,
        end,
        spaced: *spaced,
    });
    *spaced = false;
}

impl Mark {
    const NONE: Mark = Mark {
        currency: None,
        word_like: false,
        weak: false,
        ambiguous: false,
        after_only: false,
    };
}

fn mark(currency: Currency) -> Mark {
    Mark {
        currency: Some(currency),
        ..Mark::NONE
    }
}

fn prefixed_dollar(prefix: &str) -> Option<Mark> {
    let currency = match prefix.to_ascii_uppercase().as_str() {
        "R" => codes::BRL,
        "US" | "U" | "USD" => codes::USD,
        "C" | "CA" | "CAN" | "CAD" => codes::CAD,
        "A" | "AU" | "AUD" => codes::AUD,
        "NZ" => codes::NZD,
        "HK" => codes::HKD,
        "S" | "SG" => codes::SGD,
        "MX" | "MXN" => codes::MXN,
        "COL" | "COP" => codes::COP,
        "CLP" => codes::CLP,
        "AR" | "ARS" => codes::ARS,
        "UY" | "UYU" => codes::UYU,
        "RD" => codes::DOP,
        _ => return None,
    };
    Some(mark(currency))
}

fn word_kind(word: &str) -> Kind {
    if word.len() == 3
        && word.is_ascii()
        && let Some(code) = Currency::from_code(word)
    {
        let upper = word.bytes().all(|b| b.is_ascii_uppercase());
        let word_like = code_is_word_like(code);
        // Lower-case codes count only for the common ones ("usd 5k").
        if upper || is_common(code) || word_like {
            return Kind::Cur(Mark {
                word_like,
                after_only: !upper && word_like,
                ..mark(code)
            });
        }
    }
    let lower = word.to_lowercase();
    let currency = match lower.as_str() {
        "dólares" | "dolares" | "dólar" | "dolar" | "dollars" | "dollar" | "usdollars" => {
            Some(codes::USD)
        }
        "reais" => Some(codes::BRL),
        "euros" | "euro" => Some(codes::EUR),
        "libras" => Some(codes::GBP),
        "soles" => Some(codes::PEN),
        "rupees" | "rupias" => Some(codes::INR),
        "yuan" | "rmb" => Some(codes::CNY),
        "zł" | "zloty" | "złoty" => Some(codes::PLN),
        "pesos" | "peso" => {
            return Kind::Cur(Mark {
                ambiguous: true,
                ..Mark::NONE
            });
        }
        "clt" => {
            return Kind::Cur(Mark {
                weak: true,
                ..mark(codes::BRL)
            });
        }
        _ => return Kind::Word(lower),
    };
    Kind::Cur(Mark {
        currency,
        ..Mark::NONE
    })
}

fn is_common(code: Currency) -> bool {
    matches!(
        code.as_str(),
        "USD"
            | "BRL"
            | "EUR"
            | "GBP"
            | "MXN"
            | "COP"
            | "ARS"
            | "CLP"
            | "UYU"
            | "JPY"
            | "INR"
            | "CHF"
            | "SEK"
            | "NOK"
            | "DKK"
            | "PLN"
            | "AUD"
            | "NZD"
            | "SGD"
            | "HKD"
    )
}

/// Lexes the number starting at `i`: digits with `.`, `,`, `'` or space separators, and a
/// glued suffix. Returns the token kind and where it ends.
fn lex_number(text: &str, i: usize) -> (Kind, usize) {
    let b = text.as_bytes();
    // Groups of digits and the separators between them.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut seps: Vec<u8> = Vec::new();
    let mut j = i;
    loop {
        let g0 = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        groups.push((g0, j));
        if groups.len() > 12 {
            break;
        }
        // A separator followed by a digit continues the number.
        let (sep, width) = match b.get(j) {
            Some(b'.') => (b'.', 1),
            Some(b',') => (b',', 1),
            Some(b'\'') => (b'\'', 1),
            Some(b' ') => (b' ', 1),
            Some(0xC2) if b.get(j + 1) == Some(&0xA0) => (b' ', 2),
            Some(0xE2) if b.get(j + 1) == Some(&0x80) && b.get(j + 2) == Some(&0x99) => (b'\'', 3),
            Some(0xE2) if b.get(j + 1) == Some(&0x80) && b.get(j + 2) == Some(&0xAF) => (b' ', 3),
            _ => break,
        };
        if !b.get(j + width).is_some_and(u8::is_ascii_digit) {
            break;
        }
        if sep == b' ' {
            // "55 000": a space groups thousands only before exactly three digits, after at most
            // three.
            let next_len = b[j + width..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let (s, e) = groups[groups.len() - 1];
            if next_len != 3 || e - s > 3 {
                break;
            }
        }
        seps.push(sep);
        j += width;
    }
    let (value, style) = resolve(text, &groups, &seps);
    let mut end = j;
    let mut mult = 1.0;
    let mut unit = false;
    let mut lpa = false;
    // A glued suffix: k, M, mil, h, º, %.
    let rest = &text[end..];
    let suffix_len: usize = rest
        .char_indices()
        .take_while(|(_, c)| c.is_alphabetic())
        .map(|(_, c)| c.len_utf8())
        .sum();
    if suffix_len > 0 {
        let suffix = rest[..suffix_len].to_lowercase();
        let followed_by_alnum = rest[suffix_len..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        match suffix.as_str() {
            _ if followed_by_alnum => {
                return (
                    Kind::Word(text[i..end + suffix_len].to_lowercase()),
                    end + suffix_len,
                );
            }
            "k" => mult = 1e3,
            "mil" => mult = 1e3,
            "m" | "mm" | "mn" | "mio" | "mi" => mult = 1e6,
            "lpa" => {
                mult = 1e5;
                lpa = true;
            }
            "l" | "lakh" | "lakhs" => mult = 1e5,
            "h" | "hr" | "hrs" | "hs" | "hours" | "horas" | "d" | "th" | "st" | "nd" | "rd"
            | "º" | "ª" | "o" | "a" | "x" | "ano" | "anos" | "y" | "yr" | "yrs" | "yo" | "w"
            | "px" | "gb" | "mb" | "tb" | "kb" | "ms" | "s" | "min" | "km" => unit = true,
            _ => {
                return (
                    Kind::Word(text[i..end + suffix_len].to_lowercase()),
                    end + suffix_len,
                );
            }
        }
        end += suffix_len;
    } else if let Some(c) = rest.chars().next()
        && matches!(c, '%' | '°' | 'º' | 'ª')
    {
        unit = true;
        end += c.len_utf8();
    }
    (
        Kind::Num {
            value,
            style,
            mult,
            unit,
            lpa,
        },
        end,
    )
}

/// The value of digit groups joined by separators, deciding which separator is the decimal
/// point: the last separator is decimal when it is the only one of its kind and is not followed
/// by exactly three digits (`16.50`, `7,5`), when the other kind came before it (`1.200,50`),
/// or when it is followed by two digits after thousands groups of one kind (`3.000.00`, a
/// mistyped `3.000,00`).
fn resolve(text: &str, groups: &[(usize, usize)], seps: &[u8]) -> (f64, NumStyle) {
    let digits = |(s, e): (usize, usize)| &text[s..e];
    let mut style = NumStyle::default();
    let mut decimal_at = None;
    if let (Some(&last), Some(&(ls, le))) = (seps.last(), groups.last()) {
        let last_len = le - ls;
        let others_differ = seps[..seps.len() - 1].iter().any(|s| *s != last);
        let count_same = seps.iter().filter(|s| **s == last).count();
        let cents_after_thousands = count_same >= 2
            && last_len == 2
            && groups[1..groups.len() - 1].iter().all(|(s, e)| e - s == 3);
        if (last == b'.' || last == b',')
            && (others_differ || (count_same == 1 && last_len != 3) || cents_after_thousands)
        {
            decimal_at = Some(seps.len() - 1);
        }
        let decimal = decimal_at.map(|_| last);
        let thousands = seps
            .iter()
            .take(seps.len() - usize::from(decimal.is_some()))
            .copied()
            .next();
        style.us = decimal == Some(b'.') || thousands == Some(b',');
        style.european = decimal == Some(b',') || thousands == Some(b'.');
    }
    let mut int = String::new();
    for (k, g) in groups.iter().enumerate() {
        if Some(k) == decimal_at.map(|d| d + 1) {
            int.push('.');
        }
        int.push_str(digits(*g));
    }
    (int.parse().unwrap_or(0.0), style)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> (f64, f64) {
        match lex(text).into_iter().next().map(|t| t.kind) {
            Some(Kind::Num { value, mult, .. }) => (value, mult),
            other => panic!("{text:?} lexed as {other:?}"),
        }
    }

    #[test]
    fn both_decimal_conventions() {
        assert_eq!(num("12.000,00"), (12000.0, 1.0));
        assert_eq!(num("1,200.50"), (1200.5, 1.0));
        assert_eq!(num("16.50"), (16.5, 1.0));
        assert_eq!(num("7,5k"), (7.5, 1e3));
        assert_eq!(num("4.5k"), (4.5, 1e3));
        assert_eq!(num("3.500.000"), (3_500_000.0, 1.0));
        assert_eq!(num("3.000.00"), (3000.0, 1.0));
        assert_eq!(num("1,250,000.00"), (1_250_000.0, 1.0));
        assert_eq!(num("15,00,000"), (1_500_000.0, 1.0));
        assert_eq!(num("110'000"), (110_000.0, 1.0));
        assert_eq!(num("55 000"), (55_000.0, 1.0));
        assert_eq!(num("7,500"), (7500.0, 1.0));
        assert_eq!(num("8M"), (8.0, 1e6));
    }

    #[test]
    fn counts_are_not_money() {
        for text in ["160h", "13º", "10%", "6h"] {
            assert!(
                matches!(lex(text)[0].kind, Kind::Num { unit: true, .. }),
                "{text}"
            );
        }
        assert_eq!(lex("B2B")[0].kind, Kind::Word("b2b".into()));
    }

    #[test]
    fn currency_marks() {
        let marks: Vec<Option<Currency>> = lex("R$ US$ C$ € £ S/ 5 USD")
            .into_iter()
            .filter_map(|t| match t.kind {
                Kind::Cur(m) => Some(m.currency),
                _ => None,
            })
            .collect();
        assert_eq!(
            marks,
            vec![
                Some(codes::BRL),
                Some(codes::USD),
                Some(codes::CAD),
                Some(codes::EUR),
                Some(codes::GBP),
                Some(codes::PEN),
                Some(codes::USD)
            ]
        );
        assert!(matches!(lex("S/A")[0].kind, Kind::Word(_)));
    }
}
