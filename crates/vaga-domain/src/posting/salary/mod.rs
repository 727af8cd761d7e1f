//! Salaries: amounts, ranges, currencies and periods from free text, in English, Portuguese and
//! Spanish (and the common German, French and Dutch period words), and their conversion to
//! monthly and yearly amounts in one reference currency.
//!
//! ```
//! use vaga_domain::posting::salary::{SalaryContext, SalaryParser, Period};
//!
//! let parser = SalaryParser::builtin();
//! let s = parser.parse("R$ 12.000,00 a R$ 15.000,00", &SalaryContext::default());
//! assert_eq!((s.min, s.max), (Some(12000.0), Some(15000.0)));
//! assert_eq!(s.currency.map(|c| c.to_string()).as_deref(), Some("BRL"));
//! assert_eq!(s.period, Some(Period::Month));
//! ```

mod lex;
mod words;

use serde::{Serialize, Serializer};

use crate::skills::fold::{Folded, FoldedPart, fold_for_scan};
use crate::skills::phrases::PhraseSet;

use super::currency::{Currency, codes, dollar_sign_currency};
use super::rates::RateTable;
use lex::{Kind, Mark, NumStyle, Tok, lex};

/// The period a salary is paid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Per hour.
    Hour,
    /// Per day.
    Day,
    /// Per week.
    Week,
    /// Per month.
    Month,
    /// Per year.
    Year,
}

impl Period {
    /// How many of this period make a year (40-hour weeks, 260 working days).
    pub fn per_year(self) -> f64 {
        match self {
            Period::Hour => 2080.0,
            Period::Day => 260.0,
            Period::Week => 52.0,
            Period::Month => 12.0,
            Period::Year => 1.0,
        }
    }

    /// The period's name as the CLI writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Hour => "hour",
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }
}

/// A salary read from text. Every part is `None` when the text does not say it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Salary {
    /// The lower bound ("from", or a single amount).
    #[serde(serialize_with = "amount")]
    pub min: Option<f64>,
    /// The upper bound ("up to", or a single amount).
    #[serde(serialize_with = "amount")]
    pub max: Option<f64>,
    /// ISO 4217 currency.
    pub currency: Option<Currency>,
    /// The period the amounts are paid for.
    pub period: Option<Period>,
    /// The period was not written but follows from the convention of the amount (monthly
    /// Brazilian salaries, annual US and European ones).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub period_inferred: bool,
    /// The byte range of the amounts in the text that was parsed.
    #[serde(skip)]
    pub span: Option<(usize, usize)>,
}

impl Salary {
    /// Nothing was found.
    pub fn is_empty(&self) -> bool {
        self.min.is_none() && self.max.is_none() && self.currency.is_none() && self.period.is_none()
    }

    /// An amount was found.
    pub fn has_amount(&self) -> bool {
        self.min.is_some() || self.max.is_some()
    }
}

fn amount<S: Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) if v.fract() == 0.0 && v.abs() < 9e15 => s.serialize_i64(*v as i64),
        Some(v) => s.serialize_f64((v * 100.0).round() / 100.0),
        None => s.serialize_none(),
    }
}

/// What is known about the posting a salary comes from, to resolve a bare `$`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SalaryContext<'a> {
    /// The posting's country (ISO 3166-1 alpha-2), when known.
    pub country: Option<&'a str>,
    /// The posting's language (`en`, `pt`, `es`), when known.
    pub language: Option<&'a str>,
}

/// A salary converted to one currency, per month and per year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NormalizedSalary {
    /// The reference currency.
    pub currency: Currency,
    /// Monthly lower bound.
    #[serde(serialize_with = "amount")]
    pub monthly_min: Option<f64>,
    /// Monthly upper bound.
    #[serde(serialize_with = "amount")]
    pub monthly_max: Option<f64>,
    /// Yearly lower bound.
    #[serde(serialize_with = "amount")]
    pub yearly_min: Option<f64>,
    /// Yearly upper bound.
    #[serde(serialize_with = "amount")]
    pub yearly_max: Option<f64>,
    /// The date of the exchange rates used.
    pub rate_date: String,
}

/// The salary parser: the rate table (used to judge magnitudes and to convert) and the
/// automaton that finds pay cues in descriptions. Build once, share freely.
#[derive(Debug, Clone)]
pub struct SalaryParser {
    rates: RateTable,
    cues: PhraseSet<()>,
}

/// Descriptions are searched only this far after a pay cue.
const WINDOW: usize = 160;

impl SalaryParser {
    /// A parser over the bundled rate table.
    pub fn builtin() -> SalaryParser {
        SalaryParser::new(RateTable::builtin())
    }

    /// A parser over a rate table.
    pub fn new(rates: RateTable) -> SalaryParser {
        let cues = PhraseSet::new(words::PAY_CUES.iter().map(|c| (*c, ())))
            .expect("the pay cues are a small constant list");
        SalaryParser { rates, cues }
    }

    /// The rate table.
    pub fn rates(&self) -> &RateTable {
        &self.rates
    }

    /// Parses a salary field ("R$ 9 mil", "$120k–$150k", "A combinar").
    pub fn parse(&self, text: &str, ctx: &SalaryContext) -> Salary {
        let text = cap(text, 2000);
        let toks = lex(text);
        self.read(text, &toks, ctx, Mode::Field)
    }

    /// Finds a salary inside a description: only amounts right after a pay cue ("salary",
    /// "salário", "remuneración", "compensation", "faixa salarial" …) count, so that benefits
    /// (`VR R$ 37/dia`) and funding rounds are not taken for pay.
    pub fn find_in_text(&self, text: &str, ctx: &SalaryContext) -> Option<Salary> {
        let mut folded = Folded::default();
        fold_for_scan(text, &mut folded);
        self.find_in_folded(
            FoldedPart {
                whole: text,
                folded: &folded,
                from: 0,
            },
            ctx,
        )
    }

    /// [`SalaryParser::find_in_text`] over a part of a text folded once for every lookup (a
    /// description after its title). Spans are in the part.
    pub fn find_in_folded(&self, part: FoldedPart, ctx: &SalaryContext) -> Option<Salary> {
        let text = part.text();
        for cue in self.cues.find_iter(part.folded) {
            let (start, end) = cue.folded_span(part.folded);
            let Some((start, end)) = part.span(start, end) else {
                continue;
            };
            let cue = start..end;
            let mut end = (cue.end + WINDOW).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            // Stay in the paragraph of the cue.
            let window = &text[cue.start..end];
            let window = match window.find("\n\n") {
                Some(p) => &window[..p],
                None => window,
            };
            let toks = lex(window);
            let mut found = self.read(window, &toks, ctx, Mode::Description);
            if found.has_amount() {
                // "The monthly salary will be …": a period adjective just before the cue.
                if found.period.is_none() || found.period_inferred {
                    let line_start = text[..cue.start].rfind('\n').map_or(0, |p| p + 1);
                    let mut from = cue.start.saturating_sub(40).max(line_start);
                    while !text.is_char_boundary(from) {
                        from += 1;
                    }
                    let before = lex(&text[from..cue.start]);
                    if let Some(p) = before
                        .iter()
                        .filter_map(Tok::word)
                        .find_map(words::period_adjective)
                    {
                        found.period = Some(p);
                        found.period_inferred = false;
                    }
                }
                let span = found.span.map(|(s, e)| (s + cue.start, e + cue.start));
                return Some(Salary { span, ..found });
            }
        }
        None
    }

    /// Converts a salary to monthly and yearly amounts in `target`, when its currency has a
    /// rate and its period is known.
    pub fn normalize(&self, salary: &Salary, target: Currency) -> Option<NormalizedSalary> {
        let currency = salary.currency?;
        let period = salary.period?;
        if !salary.has_amount() {
            return None;
        }
        let yearly = |v: Option<f64>| -> Option<Option<f64>> {
            match v {
                None => Some(None),
                Some(v) => Some(Some(self.rates.convert(
                    v * period.per_year(),
                    currency,
                    target,
                )?)),
            }
        };
        let yearly_min = yearly(salary.min)?;
        let yearly_max = yearly(salary.max)?;
        let round = |v: Option<f64>| v.map(|v| (v * 100.0).round() / 100.0);
        Some(NormalizedSalary {
            currency: target,
            monthly_min: round(yearly_min.map(|v| v / 12.0)),
            monthly_max: round(yearly_max.map(|v| v / 12.0)),
            yearly_min: round(yearly_min),
            yearly_max: round(yearly_max),
            rate_date: self.rates.date.clone(),
        })
    }

    fn read(&self, text: &str, toks: &[Tok], ctx: &SalaryContext, mode: Mode) -> Salary {
        let consumed = mark_counts(toks);
        let exprs = expressions(toks, &consumed);
        let chosen = choose(toks, &exprs, mode);
        let mut salary = Salary::default();
        // Placeholders ("S$1,000,000,000.00") are not salaries; in a description, neither are
        // single digits ("1 7: 0 0 hs").
        let chosen = chosen.filter(|e| {
            let top = e.max.or(e.min).unwrap_or(0.0);
            top < 1e9 && (mode == Mode::Field || top >= 5.0 || e.style.us || e.style.european)
        });
        if let Some(e) = chosen {
            salary.min = e.min;
            salary.max = e.max;
            salary.span = Some((toks[e.first].start, toks[e.last].end));
            salary.currency = self.currency(text, toks, e, ctx, mode);
            salary.period = attached_period(toks, e.last + 1, &consumed);
            if e.lpa {
                salary.currency = salary.currency.or(Some(codes::INR));
                salary.period = Some(Period::Year);
            }
        } else if mode == Mode::Description {
            return salary;
        }
        if salary.period.is_none() {
            salary.period = free_period(toks, &consumed);
        }
        if chosen.is_none() {
            // No amount: still report a currency the text names ("paid in USD").
            salary.currency = toks.iter().find_map(|t| match t.kind {
                Kind::Cur(m) if is_definite(&m) && !m.word_like => m.currency,
                _ => None,
            });
        }
        if salary.period.is_none() && salary.has_amount() {
            salary.period = self.conventional_period(&salary);
            salary.period_inferred = salary.period.is_some();
        }
        salary
    }

    fn currency(
        &self,
        text: &str,
        toks: &[Tok],
        e: &Expr,
        ctx: &SalaryContext,
        mode: Mode,
    ) -> Option<Currency> {
        // The expression's own marks: a definite one wins over a bare `$` or `¥`.
        let own: Vec<Mark> = e.marks.iter().map(|&i| mark_of(&toks[i])).collect();
        if let Some(c) = own
            .iter()
            .find_map(|m| m.currency.filter(|_| !m.weak && !m.ambiguous))
        {
            return Some(c);
        }
        let ambiguous = own.iter().find(|m| m.ambiguous);
        // A currency named elsewhere in the text ("... dólares", "paid in USD").
        let scope = if mode == Mode::Field {
            toks
        } else {
            &toks[e.first..]
        };
        let named = scope.iter().find_map(|t| match t.kind {
            Kind::Cur(m) if is_definite(&m) && !m.word_like => m.currency,
            _ => None,
        });
        if let Some(c) = named
            && (ambiguous.is_some() || own.is_empty())
        {
            return Some(c);
        }
        if let Some(m) = ambiguous {
            return m.currency.or_else(|| self.resolve_dollar(text, e, ctx));
        }
        // CLT is a Brazilian employment contract.
        toks.iter().find_map(|t| match t.kind {
            Kind::Cur(Mark {
                currency: Some(c),
                weak: true,
                ..
            }) => Some(c),
            _ => None,
        })
    }

    /// A bare `$`: the posting's country when it writes its money with `$` and the amount fits
    /// that currency; otherwise US dollars when the amount is written the US way.
    fn resolve_dollar(&self, text: &str, e: &Expr, ctx: &SalaryContext) -> Option<Currency> {
        let value = e.max.or(e.min).unwrap_or(0.0);
        if let Some(local) = ctx.country.and_then(dollar_sign_currency) {
            if local == codes::USD || local == codes::BRL {
                return Some(codes::USD);
            }
            // Local pesos come in large numbers; small amounts in a Latin American posting
            // are US dollars (remote contracts).
            let plausible_local = match local.as_str() {
                "ARS" => value >= 100_000.0,
                "COP" => value >= 500_000.0,
                "CLP" => value >= 200_000.0,
                "MXN" => value >= 8_000.0,
                "UYU" => value >= 15_000.0,
                "DOP" => value >= 15_000.0,
                _ => true,
            };
            if plausible_local {
                return Some(local);
            }
            return e.style.us.then_some(codes::USD);
        }
        let spanish =
            ctx.language == Some("es") || words::any_word(text, words::SPANISH_MONEY_WORDS);
        if spanish {
            return None;
        }
        let us_written = e.style.us || e.kmult || !e.style.european;
        us_written.then_some(codes::USD)
    }

    /// Brazilian salaries in the usual monthly range are monthly; US and European amounts
    /// worth 20,000 dollars or more are annual.
    fn conventional_period(&self, salary: &Salary) -> Option<Period> {
        let currency = salary.currency?;
        let value = salary.min.or(salary.max)?;
        if currency == codes::BRL {
            return if (800.0..=60_000.0).contains(&value) {
                Some(Period::Month)
            } else if value >= 100_000.0 {
                Some(Period::Year)
            } else {
                None
            };
        }
        let usd = self.rates.convert(value, currency, codes::USD)?;
        (usd >= 20_000.0).then_some(Period::Year)
    }
}

fn cap(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn mark_of(tok: &Tok) -> Mark {
    match tok.kind {
        Kind::Cur(m) => m,
        _ => Mark {
            currency: None,
            word_like: false,
            weak: true,
            ambiguous: false,
            after_only: false,
        },
    }
}

/// A mark that names one currency for sure.
fn is_definite(m: &Mark) -> bool {
    m.currency.is_some() && !m.weak && !m.ambiguous
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A salary field: the first amount is the salary.
    Field,
    /// A window after a pay cue in a description: the amount must be written as money.
    Description,
}

/// An amount or a range of amounts, and the tokens it spans.
#[derive(Debug, Clone)]
struct Expr {
    first: usize,
    last: usize,
    min: Option<f64>,
    max: Option<f64>,
    /// Currency tokens attached to it.
    marks: Vec<usize>,
    /// Written with a multiplier (k, mil, M).
    kmult: bool,
    style: NumStyle,
    lpa: bool,
}

/// Tokens that belong to a count (`160h/mês`, `4-day week`, `25 days`, `401(k)`, `2026`) and so
/// are neither amounts nor periods of the salary.
fn mark_counts(toks: &[Tok]) -> Vec<bool> {
    let mut consumed = vec![false; toks.len()];
    for i in 0..toks.len() {
        let Kind::Num {
            value, unit, mult, ..
        } = toks[i].kind
        else {
            continue;
        };
        let next = toks.get(i + 1);
        let currency_before = i > 0 && matches!(toks[i - 1].kind, Kind::Cur(_));
        let mut count_end = None;
        if unit {
            count_end = Some(i);
        } else if let Some(w) = next.and_then(Tok::word) {
            if !currency_before && words::UNIT_WORDS.contains(&w) {
                count_end = Some(i + 1);
            }
        } else if next.is_some_and(|t| t.is_punct('-') && !t.spaced) {
            // "4-day week"
            if let Some(w) = toks.get(i + 2).and_then(Tok::word)
                && (words::UNIT_WORDS.contains(&w)
                    || words::PERIOD_NOUNS.iter().any(|(n, _)| *n == w))
            {
                count_end = Some(i + 2);
            }
        } else if next.is_some_and(|t| t.is_punct('(') && !t.spaced)
            && toks.get(i + 2).and_then(Tok::word) == Some("k")
        {
            count_end = Some((i + 3).min(toks.len() - 1));
        }
        if count_end.is_none()
            && mult == 1.0
            && value.fract() == 0.0
            && (1900.0..=2100.0).contains(&value)
            && toks[i].end - toks[i].start == 4
            && !currency_before
            && !next.is_some_and(|t| matches!(t.kind, Kind::Cur(_)))
        {
            count_end = Some(i);
        }
        if let Some(end) = count_end {
            for c in &mut consumed[i..=end] {
                *c = true;
            }
            // The period of a count ("6h/dia", "40h per week") is not the salary's.
            if let Some((_, after)) = period_at(toks, end + 1) {
                for c in &mut consumed[end + 1..after.min(toks.len())] {
                    *c = true;
                }
            }
        }
    }
    consumed
}

/// Reads the amounts and ranges of a token list, left to right.
fn expressions(toks: &[Tok], consumed: &[bool]) -> Vec<Expr> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if consumed[i] || !matches!(toks[i].kind, Kind::Num { .. }) {
            i += 1;
            continue;
        }
        let Some((first_amount, mut j)) = amount_at(toks, i, consumed) else {
            i += 1;
            continue;
        };
        let mut marks = marks_before(toks, i);
        let start = marks.first().copied().unwrap_or(i);
        marks.extend(first_amount.marks_after.iter().copied());
        let between = qualifier_before(toks, start) == Some(Qualifier::Between);
        let mut second = None;
        // "$130,000/year - $150,000/year": a period may sit before the separator.
        let before_period = j;
        if let Some((_, after)) = period_at(toks, j)
            && toks.get(after).is_some_and(|t| t.is_punct('-'))
        {
            j = after;
        }
        // A range: separator, optional currency marks, another amount.
        if let Some(sep) = toks.get(j) {
            let is_sep = match &sep.kind {
                Kind::Punct('-' | '~') => true,
                Kind::Word(w) => {
                    matches!(w.as_str(), "to" | "a" | "à" | "bis" | "até" | "hasta")
                        || (between && matches!(w.as_str(), "e" | "y" | "and" | "und"))
                }
                _ => false,
            };
            if is_sep {
                let mut k = j + 1;
                let mut more_marks = Vec::new();
                while k < toks.len() && matches!(toks[k].kind, Kind::Cur(_)) {
                    more_marks.push(k);
                    k += 1;
                }
                if let Some((amount, end)) = amount_at(toks, k, consumed) {
                    marks.extend(more_marks);
                    marks.extend(amount.marks_after.iter().copied());
                    second = Some(amount);
                    j = end;
                }
            }
        }
        if second.is_none() {
            j = before_period;
        }
        let mut a = first_amount;
        let kmult = a.mult != 1.0 || second.as_ref().is_some_and(|b| b.mult != 1.0);
        let style = NumStyle {
            us: a.style.us || second.as_ref().is_some_and(|b| b.style.us),
            european: a.style.european || second.as_ref().is_some_and(|b| b.style.european),
        };
        let lpa = a.lpa || second.as_ref().is_some_and(|b| b.lpa);
        let (min, max) = match second {
            Some(mut b) => {
                // "160-190k", "8-10 mil", "20 a 25 mil": the multiplier of the second applies to
                // a first written without one.
                if a.mult == 1.0 && b.mult != 1.0 && a.value * b.mult <= b.value * b.mult * 1.0001 {
                    a.mult = b.mult;
                }
                if b.mult == 1.0 && a.mult != 1.0 && b.value < a.value {
                    b.mult = a.mult;
                }
                // "$15 - $20,000": shorthand for 15,000.
                if a.mult == 1.0
                    && b.mult == 1.0
                    && a.value < 1000.0
                    && b.value >= 1000.0
                    && a.value * 1000.0 <= b.value
                    && b.value % 1000.0 == 0.0
                {
                    a.mult = 1000.0;
                }
                let (x, y) = (a.value * a.mult, b.value * b.mult);
                if y < x / 10.0 {
                    // "$60,675 - $101, 125": not a range, a broken number.
                    (Some(x), Some(x))
                } else {
                    (Some(x.min(y)), Some(x.max(y)))
                }
            }
            None => {
                let v = a.value * a.mult;
                (Some(v), Some(v))
            }
        };
        let last = j.saturating_sub(1).max(i);
        let mut expr = Expr {
            first: start,
            last,
            min,
            max,
            marks,
            kmult,
            style,
            lpa,
        };
        // "200K+": at least.
        let plus = toks.get(j).is_some_and(|t| t.is_punct('+') && !t.spaced)
            && toks.get(j + 1).is_none_or(|t| t.spaced);
        match (qualifier_before(toks, start), plus) {
            (Some(Qualifier::UpTo), _) if expr.min == expr.max => expr.min = None,
            (Some(Qualifier::From), _) | (None, true) if expr.min == expr.max => expr.max = None,
            _ => {}
        }
        out.push(expr);
        i = j.max(i + 1);
    }
    out
}

struct Amount {
    value: f64,
    mult: f64,
    style: NumStyle,
    lpa: bool,
    marks_after: Vec<usize>,
}

/// The amount at token `i`: the number, a multiplier word, and currency marks after it.
/// Returns it and the index after it.
fn amount_at(toks: &[Tok], i: usize, consumed: &[bool]) -> Option<(Amount, usize)> {
    let Kind::Num {
        value,
        style,
        mut mult,
        unit: false,
        mut lpa,
    } = toks.get(i)?.kind
    else {
        return None;
    };
    if consumed[i] {
        return None;
    }
    // "p50,000": the tail of a word, not an amount.
    if i >= 2
        && !toks[i].spaced
        && !toks[i - 1].spaced
        && matches!(toks[i - 1].kind, Kind::Punct(',' | '.'))
        && matches!(toks[i - 2].kind, Kind::Word(_))
    {
        return None;
    }
    let mut j = i + 1;
    if mult == 1.0
        && let Some(word) = toks.get(j).and_then(Tok::word)
    {
        if let Some(m) = words::multiplier(word) {
            mult = m;
            j += 1;
        } else if word == "lpa" {
            mult = 1e5;
            lpa = true;
            j += 1;
        }
    }
    let mut marks_after = Vec::new();
    while j < toks.len() && matches!(toks[j].kind, Kind::Cur(_)) {
        marks_after.push(j);
        j += 1;
    }
    Some((
        Amount {
            value,
            mult,
            style,
            lpa,
            marks_after,
        },
        j,
    ))
}

/// Currency marks right before token `i` ("MXN $45,000", "R$ 9 mil").
fn marks_before(toks: &[Tok], i: usize) -> Vec<usize> {
    let mut marks = Vec::new();
    let mut k = i;
    while k > 0 && matches!(toks[k - 1].kind, Kind::Cur(m) if !m.after_only) && marks.len() < 3 {
        k -= 1;
        marks.push(k);
    }
    marks.reverse();
    marks
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Qualifier {
    UpTo,
    From,
    Between,
}

/// "up to", "a partir de", "entre" … right before token `start`, skipping `:`, `.` and `de`.
fn qualifier_before(toks: &[Tok], start: usize) -> Option<Qualifier> {
    let mut k = start;
    while k > 0
        && (matches!(toks[k - 1].kind, Kind::Punct(':' | '.')) || toks[k - 1].word() == Some("de"))
    {
        k -= 1;
        if start - k > 2 {
            break;
        }
    }
    let words_before: Vec<&str> = toks[k.saturating_sub(3)..k]
        .iter()
        .map(|t| t.word().unwrap_or(""))
        .collect();
    for (phrase, q) in words::QUALIFIERS {
        let n = phrase.len();
        if words_before.len() >= n && words_before[words_before.len() - n..] == **phrase {
            return Some(*q);
        }
    }
    // "de hasta", "of up to": one more word back.
    None
}

/// The expression that is the salary: in a field, the first one not right after a benefit cue
/// (written as money if any is); in a description, the first one written as money.
fn choose<'e>(toks: &[Tok], exprs: &'e [Expr], mode: Mode) -> Option<&'e Expr> {
    let money = |e: &Expr| !e.marks.is_empty() || e.kmult || e.lpa;
    let usable = |e: &&Expr| !after_benefit(toks, e.first);
    match mode {
        Mode::Field => exprs
            .iter()
            .filter(usable)
            .find(|e| money(e))
            .or_else(|| exprs.iter().find(usable)),
        Mode::Description => exprs
            .iter()
            .filter(|e| e.first < 24)
            .filter(usable)
            .find(|e| money(e) && !e.marks.iter().all(|&m| mark_of(&toks[m]).word_like)),
    }
}

/// A benefit, bonus or funding cue among the few tokens before `start` ("VR de R$ 800",
/// "auxílio home office R$ 150", "raised $20M").
fn after_benefit(toks: &[Tok], start: usize) -> bool {
    let from = start.saturating_sub(4);
    for w in toks[from..start]
        .iter()
        .rev()
        .take_while(|t| !t.is_punct('+') && !t.is_punct(',') && !t.is_punct(';'))
        .filter_map(Tok::word)
    {
        // "Bolsa auxílio de R$ 900": the pay word is nearer than the benefit word.
        if words::PAY_WORDS.contains(&w) {
            return false;
        }
        if words::BENEFIT_CUES.contains(&w) {
            return true;
        }
    }
    false
}

/// A period written right at token `i`: `/mês`, `per hour`, `an hour`, `al mes`, `monthly`,
/// `brutos anuales`. Returns it and the index after it.
fn period_at(toks: &[Tok], i: usize) -> Option<(Period, usize)> {
    let mut k = i;
    // "brutos", "netos", "gross", "base" may sit between the amount and its period.
    while toks
        .get(k)
        .and_then(Tok::word)
        .is_some_and(|w| words::FILLERS.contains(&w))
        && k < i + 2
    {
        k += 1;
    }
    let t = toks.get(k)?;
    if t.is_punct('/') {
        let noun = toks.get(k + 1)?.word()?;
        return words::period_noun(noun).map(|p| (p, k + 2));
    }
    let w = t.word()?;
    if let Some(p) = words::period_adjective(w) {
        return Some((p, k + 1));
    }
    if words::PERIOD_PREPOSITIONS.contains(&w) {
        let mut n = k + 1;
        // "por mês", "per annum", "al año", "by the hour", "pro Monat"
        if toks.get(n).and_then(Tok::word) == Some("the") {
            n += 1;
        }
        let noun = toks.get(n)?.word()?;
        return words::period_noun(noun).map(|p| (p, n + 1));
    }
    None
}

/// The period written right after the amount.
fn attached_period(toks: &[Tok], i: usize, consumed: &[bool]) -> Option<Period> {
    if consumed.get(i).copied().unwrap_or(true) {
        return None;
    }
    period_at(toks, i).map(|(p, _)| p)
}

/// A period stated anywhere ("Weekly pay:", "Sueldo bruto mensual", "Pago por hora:"), except
/// one that belongs to a count or says how often pay is sent ("paid monthly").
fn free_period(toks: &[Tok], consumed: &[bool]) -> Option<Period> {
    for i in 0..toks.len() {
        if consumed[i] {
            continue;
        }
        let Some((p, _)) = period_at(toks, i) else {
            continue;
        };
        let prev = i.checked_sub(1).map(|k| &toks[k]);
        let prev_word = prev.and_then(Tok::word);
        let next_word = toks.get(i + 1).and_then(Tok::word);
        let adjective = toks[i].word().and_then(words::period_adjective).is_some();
        // "paid monthly" says how often pay is sent; "bono anual", "annual bonus" are bonuses.
        if adjective
            && (prev_word.is_some_and(|w| words::PAYMENT_VERBS.contains(&w))
                || prev_word.is_some_and(|w| words::BENEFIT_CUES.contains(&w))
                || next_word.is_some_and(|w| words::BENEFIT_CUES.contains(&w)))
        {
            continue;
        }
        // "/hora" right after another amount is that amount's period.
        if !adjective && prev.is_some_and(|t| matches!(t.kind, Kind::Num { .. } | Kind::Cur(_))) {
            continue;
        }
        if toks[i].is_punct('/') && i == 0 {
            continue;
        }
        return Some(p);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Salary {
        SalaryParser::builtin().parse(text, &SalaryContext::default())
    }

    #[test]
    fn a_brazilian_range() {
        let s = parse("R$ 12.000,00 a R$ 15.000,00");
        assert_eq!((s.min, s.max), (Some(12000.0), Some(15000.0)));
        assert_eq!(s.currency, Some(codes::BRL));
        assert_eq!(s.period, Some(Period::Month));
        assert!(s.period_inferred);
    }

    #[test]
    fn nothing_to_read() {
        assert!(parse("A combinar").is_empty());
        assert!(parse("Competitive").is_empty());
        assert!(parse("").is_empty());
    }
}
