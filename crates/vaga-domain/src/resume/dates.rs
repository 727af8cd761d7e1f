//! Dates in resumes: `Jan 2019 – Present`, `03/2018 - atual`, `jan. de 2019 a dez. de 2021`,
//! `2019 - hoy`, `desde 2020`, `fev/2024`, `2019-03`, `May '21`.
//!
//! [`find_range`] reads the first date range of a line; [`find_date`] one date. Both return the
//! byte span they read, so callers can take the rest of the line (a title, a company).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::fold::fold;

/// A month of a year: "today", and the months a work interval covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct YearMonth {
    /// The year (`2026`).
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
}

impl YearMonth {
    /// A month; `None` when `month` is not 1 to 12.
    pub fn new(year: u16, month: u8) -> Option<YearMonth> {
        (1..=12)
            .contains(&month)
            .then_some(YearMonth { year, month })
    }

    /// Months since year 0 (for interval arithmetic).
    pub fn index(self) -> u32 {
        u32::from(self.year) * 12 + u32::from(self.month.clamp(1, 12)) - 1
    }
}

/// A date as printed: a year and, when given, a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year.
    pub year: u16,
    /// The month (1 to 12), when printed.
    pub month: Option<u8>,
}

impl PartialDate {
    /// The JSON Resume form: `YYYY-MM`, or `YYYY` when only the year is known.
    pub fn to_json(self) -> String {
        match self.month {
            Some(m) => format!("{:04}-{:02}", self.year, m),
            None => format!("{:04}", self.year),
        }
    }

    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (JSON Resume dates).
    pub fn from_json(text: &str) -> Option<PartialDate> {
        let text = text.trim();
        let mut parts = text.split('-');
        let year = parts.next()?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: u16 = year.parse().ok()?;
        let month = match parts.next() {
            Some(m) => {
                let m: u8 = m.parse().ok()?;
                if !(1..=12).contains(&m) {
                    return None;
                }
                Some(m)
            }
            None => None,
        };
        Some(PartialDate { year, month })
    }

    /// The first month it may mean (January when only the year is known).
    pub fn first_month(self) -> YearMonth {
        YearMonth {
            year: self.year,
            month: self.month.unwrap_or(1),
        }
    }

    /// The last month it may mean (December when only the year is known).
    pub fn last_month(self) -> YearMonth {
        YearMonth {
            year: self.year,
            month: self.month.unwrap_or(12),
        }
    }
}

/// How a range ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeEnd {
    /// On a date.
    Date(PartialDate),
    /// Still going (`Present`, `atual`, `hoy`, `desde 2020`).
    Present,
    /// Only one date was printed.
    Single,
}

/// A date range found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRange {
    /// The start.
    pub start: PartialDate,
    /// The end.
    pub end: RangeEnd,
    /// Byte span of the range in the line.
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
enum Kind {
    Word(String),
    Num(u32, usize),
    Punct(char),
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

fn tokenize(line: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut iter = line.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() {
            let mut end = start + 1;
            while let Some(&(i, d)) = iter.peek() {
                if d.is_ascii_digit() {
                    end = i + 1;
                    iter.next();
                } else {
                    break;
                }
            }
            let digits = &line[start..end];
            let value = if digits.len() > 6 {
                u32::MAX
            } else {
                digits.parse().unwrap_or(u32::MAX)
            };
            out.push(Token {
                kind: Kind::Num(value, digits.len()),
                start,
                end,
            });
        } else if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = iter.peek() {
                if d.is_alphabetic() {
                    end = i + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            out.push(Token {
                kind: Kind::Word(fold(&line[start..end])),
                start,
                end,
            });
        } else {
            out.push(Token {
                kind: Kind::Punct(c),
                start,
                end: start + c.len_utf8(),
            });
        }
    }
    out
}

/// The month a (folded) word names, in English, Portuguese or Spanish, full or abbreviated.
pub fn month_number(word: &str) -> Option<u8> {
    Some(match word {
        "jan" | "january" | "janeiro" | "ene" | "enero" => 1,
        "feb" | "february" | "fev" | "fevereiro" | "febrero" => 2,
        "mar" | "march" | "marco" | "marzo" => 3,
        "apr" | "april" | "abr" | "abril" => 4,
        "may" | "mai" | "maio" | "mayo" => 5,
        "jun" | "june" | "junho" | "junio" => 6,
        "jul" | "july" | "julho" | "julio" => 7,
        "aug" | "august" | "ago" | "agosto" => 8,
        "sep" | "sept" | "september" | "set" | "setembro" | "septiembre" | "setiembre" => 9,
        "oct" | "october" | "out" | "outubro" | "octubre" => 10,
        "nov" | "november" | "novembro" | "noviembre" => 11,
        "dec" | "december" | "dez" | "dezembro" | "dic" | "diciembre" => 12,
        // Seasons (northern hemisphere, as US resumes write them).
        "spring" => 3,
        "summer" => 6,
        "fall" | "autumn" => 9,
        "winter" => 12,
        _ => return None,
    })
}

fn is_present_word(word: &str) -> bool {
    matches!(
        word,
        "present"
            | "presente"
            | "current"
            | "currently"
            | "now"
            | "today"
            | "ongoing"
            | "date"
            | "atual"
            | "atualmente"
            | "momento"
            | "hoje"
            | "actualidad"
            | "actual"
            | "actualmente"
            | "hoy"
            | "fecha"
            | "andamento"
            | "curso"
            | "presently"
    )
}

fn is_filler_word(word: &str) -> bool {
    matches!(
        word,
        "o" | "a"
            | "el"
            | "la"
            | "the"
            | "os"
            | "em"
            | "en"
            | "este"
            | "ao"
            | "al"
            | "hasta"
            | "ate"
            | "to"
            | "until"
    )
}

fn is_connector(token: &Token) -> bool {
    match &token.kind {
        Kind::Punct(c) => matches!(c, '-' | '–' | '—' | '~' | '→' | '‒' | '―' | '−'),
        Kind::Word(w) => matches!(
            w.as_str(),
            "to" | "a" | "ate" | "hasta" | "al" | "until" | "till" | "through" | "thru" | "ao"
        ),
        Kind::Num(..) => false,
    }
}

fn year_of(value: u32, len: usize) -> Option<u16> {
    (len == 4 && (1950..=2100).contains(&value)).then_some(value as u16)
}

fn adjacent(tokens: &[Token], i: usize) -> bool {
    i > 0 && i < tokens.len() && tokens[i - 1].end == tokens[i].start
}

/// Reads a date at token `i`; returns it and the index of the next token.
fn date_at(tokens: &[Token], i: usize) -> Option<(PartialDate, usize)> {
    match &tokens.get(i)?.kind {
        Kind::Word(w) => {
            let month = month_number(w)?;
            let mut j = i + 1;
            if matches!(tokens.get(j).map(|t| &t.kind), Some(Kind::Punct('.'))) {
                j += 1;
            }
            if matches!(
                tokens.get(j).map(|t| &t.kind),
                Some(Kind::Punct(',' | '/' | '-'))
            ) {
                j += 1;
            }
            if let Some(Kind::Word(w)) = tokens.get(j).map(|t| &t.kind)
                && matches!(w.as_str(), "de" | "of" | "del")
            {
                j += 1;
            }
            match tokens.get(j).map(|t| &t.kind) {
                Some(Kind::Num(v, len)) => {
                    // "jan/19", "mar-21": a two-digit year written onto the month.
                    let short = *len == 2
                        && j == i + 2
                        && matches!(
                            tokens.get(i + 1).map(|t| &t.kind),
                            Some(Kind::Punct('/' | '-'))
                        )
                        && adjacent(tokens, i + 1)
                        && adjacent(tokens, j);
                    let year = if short {
                        if *v > 50 {
                            1900 + *v as u16
                        } else {
                            2000 + *v as u16
                        }
                    } else {
                        year_of(*v, *len)?
                    };
                    Some((
                        PartialDate {
                            year,
                            month: Some(month),
                        },
                        j + 1,
                    ))
                }
                Some(Kind::Punct('\'' | '’')) => match tokens.get(j + 1).map(|t| &t.kind) {
                    Some(Kind::Num(v, 2)) => Some((
                        PartialDate {
                            year: if *v > 50 {
                                1900 + *v as u16
                            } else {
                                2000 + *v as u16
                            },
                            month: Some(month),
                        },
                        j + 2,
                    )),
                    _ => None,
                },
                _ => None,
            }
        }
        Kind::Num(v, len) => {
            let (v, len) = (*v, *len);
            if let Some(year) = year_of(v, len) {
                // 2019-03 or 2019/03 (written together).
                if let (Some(Kind::Punct('-' | '/' | '.')), Some(Kind::Num(m, mlen))) = (
                    tokens.get(i + 1).map(|t| &t.kind),
                    tokens.get(i + 2).map(|t| &t.kind),
                ) && adjacent(tokens, i + 1)
                    && adjacent(tokens, i + 2)
                    && *mlen <= 2
                    && (1..=12).contains(m)
                {
                    return Some((
                        PartialDate {
                            year,
                            month: Some(*m as u8),
                        },
                        i + 3,
                    ));
                }
                return Some((PartialDate { year, month: None }, i + 1));
            }
            // 03/2018, 3-2018, 03.2018 (written together).
            if len <= 2
                && (1..=12).contains(&v)
                && let (Some(Kind::Punct('/' | '-' | '.')), Some(Kind::Num(y, ylen))) = (
                    tokens.get(i + 1).map(|t| &t.kind),
                    tokens.get(i + 2).map(|t| &t.kind),
                )
                && adjacent(tokens, i + 1)
                && adjacent(tokens, i + 2)
                && let Some(year) = year_of(*y, *ylen)
            {
                return Some((
                    PartialDate {
                        year,
                        month: Some(v as u8),
                    },
                    i + 3,
                ));
            }
            None
        }
        Kind::Punct(_) => None,
    }
}

/// Reads "present" words after a connector (`o momento`, `la fecha`, `em andamento`).
fn present_at(tokens: &[Token], mut i: usize) -> Option<usize> {
    for _ in 0..2 {
        match tokens.get(i).map(|t| &t.kind) {
            Some(Kind::Word(w)) if is_filler_word(w) => i += 1,
            _ => break,
        }
    }
    match tokens.get(i).map(|t| &t.kind) {
        Some(Kind::Word(w)) if is_present_word(w) => Some(i + 1),
        _ => None,
    }
}

fn span(tokens: &[Token], from: usize, to: usize) -> Range<usize> {
    let start = tokens.get(from).map_or(0, |t| t.start);
    let end = tokens
        .get(to.saturating_sub(1))
        .map_or(start, |t| t.end)
        .max(start);
    start..end
}

/// The first date range in a line: two dates, a date and a "present" word, or a "since" phrase
/// (`desde 2020`). Without any range, the first single date (end [`RangeEnd::Single`]).
pub fn find_range(line: &str) -> Option<DateRange> {
    let tokens = tokenize(line);
    let mut single: Option<DateRange> = None;
    let mut i = 0;
    while i < tokens.len() {
        // "desde 2020", "since 2019", "a partir de 2021".
        if let Kind::Word(w) = &tokens[i].kind {
            let after = match w.as_str() {
                "desde" | "since" => Some(i + 1),
                "from" => Some(i + 1),
                "a" if matches!(tokens.get(i + 1).map(|t| &t.kind), Some(Kind::Word(p)) if p == "partir")
                    && matches!(tokens.get(i + 2).map(|t| &t.kind), Some(Kind::Word(p)) if p == "de") =>
                {
                    Some(i + 3)
                }
                _ => None,
            };
            if let Some(at) = after
                && let Some((start, next)) = date_at(&tokens, at)
            {
                if let Some(range) = range_after(&tokens, i, start, next) {
                    return Some(range);
                }
                if w != "from" {
                    return Some(DateRange {
                        start,
                        end: RangeEnd::Present,
                        span: span(&tokens, i, next),
                    });
                }
            }
            // "Jan – Mar 2020": a month with its year printed only after the end.
            if let Some(month) = month_number(w) {
                let mut j = i + 1;
                if matches!(tokens.get(j).map(|t| &t.kind), Some(Kind::Punct('.'))) {
                    j += 1;
                }
                if tokens.get(j).is_some_and(is_connector)
                    && let Some((end, next)) = date_at(&tokens, j + 1)
                    && end.month.is_some_and(|m| m >= month)
                {
                    return Some(DateRange {
                        start: PartialDate {
                            year: end.year,
                            month: Some(month),
                        },
                        end: RangeEnd::Date(end),
                        span: span(&tokens, i, next),
                    });
                }
            }
        }
        if let Some((start, next)) = date_at(&tokens, i) {
            if let Some(range) = range_after(&tokens, i, start, next) {
                return Some(range);
            }
            if single.is_none() {
                single = Some(DateRange {
                    start,
                    end: RangeEnd::Single,
                    span: span(&tokens, i, next),
                });
            }
            i = next;
            continue;
        }
        i += 1;
    }
    single
}

fn range_after(
    tokens: &[Token],
    from: usize,
    start: PartialDate,
    next: usize,
) -> Option<DateRange> {
    let mut j = next;
    if !tokens.get(j).is_some_and(is_connector) {
        return None;
    }
    j += 1;
    // "2019 -- 2020", "até o momento".
    while tokens
        .get(j)
        .is_some_and(|t| matches!(t.kind, Kind::Punct('-' | '–' | '—')))
    {
        j += 1;
    }
    if let Some(end_at) = present_at(tokens, j) {
        return Some(DateRange {
            start,
            end: RangeEnd::Present,
            span: span(tokens, from, end_at),
        });
    }
    let (end, after) = date_at(tokens, j)?;
    Some(DateRange {
        start,
        end: RangeEnd::Date(end),
        span: span(tokens, from, after),
    })
}

/// Whether a line reads like a date range the reader cannot date: a dash or `to` then a
/// "present" word (`Month 20XX – Ongoing`, `?? - Present`), or a `Date:` label.
pub fn undated_range(line: &str) -> bool {
    if line.chars().count() > 80 {
        return false;
    }
    let tokens = tokenize(line);
    let labelled = matches!(tokens.first().map(|t| &t.kind), Some(Kind::Word(w)) if matches!(w.as_str(), "date" | "dates" | "period" | "periodo" | "fecha" | "data"))
        && matches!(tokens.get(1).map(|t| &t.kind), Some(Kind::Punct(':')));
    labelled
        || tokens
            .iter()
            .enumerate()
            .any(|(i, t)| is_connector(t) && present_at(&tokens, i + 1).is_some())
}

/// The first single date of a line (a certificate's year).
pub fn find_date(line: &str) -> Option<(PartialDate, Range<usize>)> {
    let tokens = tokenize(line);
    (0..tokens.len()).find_map(|i| date_at(&tokens, i).map(|(d, next)| (d, span(&tokens, i, next))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: u16, month: Option<u8>) -> PartialDate {
        PartialDate { year, month }
    }

    fn range(line: &str) -> (PartialDate, RangeEnd) {
        let r = find_range(line).unwrap_or_else(|| panic!("no range in {line:?}"));
        (r.start, r.end)
    }

    #[test]
    fn reads_every_common_shape() {
        assert_eq!(
            range("Jan 2019 – Present"),
            (d(2019, Some(1)), RangeEnd::Present)
        );
        assert_eq!(
            range("03/2018 - atual"),
            (d(2018, Some(3)), RangeEnd::Present)
        );
        assert_eq!(
            range("jan. de 2019 a dez. de 2021"),
            (d(2019, Some(1)), RangeEnd::Date(d(2021, Some(12))))
        );
        assert_eq!(range("2019 - hoy"), (d(2019, None), RangeEnd::Present));
        assert_eq!(range("desde 2020"), (d(2020, None), RangeEnd::Present));
        assert_eq!(
            range("Desde março de 2020"),
            (d(2020, Some(3)), RangeEnd::Present)
        );
        assert_eq!(
            range("fev/2024 – atual · Goiânia"),
            (d(2024, Some(2)), RangeEnd::Present)
        );
        assert_eq!(
            range("may. 2024 – actualidad · Buenos Aires"),
            (d(2024, Some(5)), RangeEnd::Present)
        );
        assert_eq!(
            range("09/2022 – o momento"),
            (d(2022, Some(9)), RangeEnd::Present)
        );
        assert_eq!(
            range("August 2020 – December 2022 · São Paulo"),
            (d(2020, Some(8)), RangeEnd::Date(d(2022, Some(12))))
        );
        assert_eq!(
            range("agosto de 2025 – janeiro de 2026"),
            (d(2025, Some(8)), RangeEnd::Date(d(2026, Some(1))))
        );
        assert_eq!(
            range("2019-03 to 2020-11"),
            (d(2019, Some(3)), RangeEnd::Date(d(2020, Some(11))))
        );
        assert_eq!(
            range("(2014-2019)"),
            (d(2014, None), RangeEnd::Date(d(2019, None)))
        );
        assert_eq!(
            range("Sept. 2019 - Current"),
            (d(2019, Some(9)), RangeEnd::Present)
        );
        assert_eq!(
            range("mar 2021 até o momento"),
            (d(2021, Some(3)), RangeEnd::Present)
        );
        assert_eq!(
            range("05/2014 – 02/2016"),
            (d(2014, Some(5)), RangeEnd::Date(d(2016, Some(2))))
        );
        assert_eq!(
            range("Jan – Mar 2020"),
            (d(2020, Some(1)), RangeEnd::Date(d(2020, Some(3))))
        );
        assert_eq!(
            range("abr. 2020 - hasta la fecha"),
            (d(2020, Some(4)), RangeEnd::Present)
        );
        assert_eq!(
            range("since May '21"),
            (d(2021, Some(5)), RangeEnd::Present)
        );
        assert_eq!(range("Certified (2024)"), (d(2024, None), RangeEnd::Single));
    }

    #[test]
    fn two_digit_years_written_onto_the_month() {
        assert_eq!(
            range("jan/19 - mar/21"),
            (d(2019, Some(1)), RangeEnd::Date(d(2021, Some(3))))
        );
        // A bare two-digit number is not a year.
        assert!(find_range("jan 19 people").is_none());
    }

    #[test]
    fn placeholders_are_undated_ranges() {
        assert!(undated_range("Date: Month 20XX – Ongoing"));
        assert!(undated_range("?? - Present"));
        assert!(!undated_range("Built dashboards for the present team"));
    }

    #[test]
    fn ignores_numbers_that_are_not_dates() {
        assert!(find_range("Lead a team of 7 data scientists").is_none());
        assert!(find_range("+55 (11) 91234-5678").is_none());
        assert!(find_range("reduced costs by 30%").is_none());
    }

    #[test]
    fn the_span_covers_the_range_only() {
        let line = "Gerente de Analítica | 01/2020 – presente";
        let r = find_range(line).unwrap();
        assert_eq!(&line[r.span], "01/2020 – presente");
    }

    #[test]
    fn json_dates() {
        assert_eq!(PartialDate::from_json("2019-03-01"), Some(d(2019, Some(3))));
        assert_eq!(PartialDate::from_json("2019"), Some(d(2019, None)));
        assert_eq!(PartialDate::from_json("soon"), None);
        assert_eq!(d(2019, Some(3)).to_json(), "2019-03");
    }
}
