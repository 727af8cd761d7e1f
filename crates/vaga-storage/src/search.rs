//! Posting search: what is derived from a normalised record at upsert time (filter columns and
//! the stemmed `search_text`), how user text becomes a safe full-text query on each backend, and
//! the opaque page cursor. See `docs/search.md` for the design and the measurements behind it.
//!
//! Full text works the same on SQLite and PostgreSQL because the stemming happens here, in Rust:
//! every word of title, company, skills and description is lower-cased, stemmed with the
//! Snowball stemmer of the posting's language (pt, es, en; other languages are not stemmed) and
//! folded to ASCII (accents removed). The database only splits `search_text` on spaces: FTS5
//! with `unicode61 remove_diacritics 2` on SQLite, a `tsvector` with the `simple` configuration
//! on PostgreSQL. A query word's language is unknown, so it is stemmed by all three and the forms
//! are OR-ed; query words are AND-ed.

use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use rust_stemmers::{Algorithm, Stemmer};
use serde::Deserialize;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;
use vaga_domain::posting::currency::Currency;
use vaga_domain::posting::location::{CountryCode, EligibilityRule, Gazetteer, Workplace};
use vaga_domain::posting::rates::RateTable;
use vaga_domain::posting::seniority::Seniority;

use crate::error::{StoreError, StoreResult};

/// Bumped whenever the derivation changes: rows with an older `search_version` are derived again
/// by the next upsert of the posting or by [`crate::Repo::reindex_postings`].
pub const SEARCH_VERSION: i64 = 1;

/// The currency of the salary columns (`salary_min_usd`, `salary_max_usd`) and of
/// [`crate::PostingQuery::min_salary`]: US dollars per month, converted with vaga-domain's
/// bundled ECB rate table.
pub const SALARY_CURRENCY: &str = "USD";

/// The home countries eligibility is evaluated for at upsert time (ISO 3166-1 alpha-2): Latin
/// America, North America and the European countries Vaga's users most often live in. A query
/// for another country finds only postings open worldwide (`eligible_anywhere`).
pub const ELIGIBILITY_COUNTRIES: &[&str] = &[
    // Latin America
    "AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "GT", "HN", "HT", "MX", "NI", "PA", "PE",
    "PR", "PY", "SV", "UY", "VE", // North America
    "US", "CA", // Europe
    "PT", "ES", "GB", "DE", "FR", "IE", "IT", "NL", "PL",
];

/// Longest description text read for `search_text`, in bytes (the rest is not searchable).
const MAX_TEXT: usize = 64 * 1024;
/// Longest query read, in bytes.
const MAX_QUERY: usize = 512;
/// Most words of a query used.
const MAX_QUERY_WORDS: usize = 12;
/// Longest word indexed or searched, in characters.
const MAX_WORD: usize = 40;

/// The values derived from a normalised record for the filter columns and full-text search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Derived {
    /// `remote`, `hybrid` or `onsite`.
    pub workplace: Option<&'static str>,
    /// Whether the workplace is remote.
    pub remote: bool,
    /// The level (`intern` … `manager`).
    pub seniority: Option<&'static str>,
    /// Monthly pay, lower bound, in [`SALARY_CURRENCY`].
    pub salary_min_usd: Option<f64>,
    /// Monthly pay, upper bound, in [`SALARY_CURRENCY`].
    pub salary_max_usd: Option<f64>,
    /// `pt`, `es`, `en` or `other`.
    pub language: Option<&'static str>,
    /// Remote with no restriction of place, time zone or relocation.
    pub eligible_anywhere: bool,
    /// The countries of [`ELIGIBILITY_COUNTRIES`] whose residents are eligible, as `,BR,MX,`
    /// (searched with `LIKE '%,BR,%'`); empty when none.
    pub eligible_countries: String,
    /// Stemmed, folded words separated by spaces.
    pub search_text: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Record {
    title: Option<String>,
    company: Option<String>,
    description: Option<String>,
    skills: Vec<String>,
    language: Option<String>,
    lang: Option<String>,
    seniority_detail: Option<SeniorityDetail>,
    salary_parsed: Option<SalaryParsed>,
    location_parsed: Option<LocationParsed>,
}

#[derive(Deserialize)]
struct SeniorityDetail {
    #[serde(default)]
    level: Option<Seniority>,
}

#[derive(Deserialize)]
struct SalaryParsed {
    #[serde(default)]
    normalized: Option<NormalisedPay>,
}

#[derive(Deserialize)]
struct NormalisedPay {
    currency: String,
    #[serde(default)]
    monthly_min: Option<f64>,
    #[serde(default)]
    monthly_max: Option<f64>,
}

#[derive(Deserialize)]
struct LocationParsed {
    #[serde(default)]
    workplace: Option<Workplace>,
    #[serde(default)]
    eligibility_rule: EligibilityRule,
}

/// The language a text is stemmed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Pt,
    Es,
    En,
}

impl Lang {
    fn stemmer(self) -> &'static Stemmer {
        static PT: OnceLock<Stemmer> = OnceLock::new();
        static ES: OnceLock<Stemmer> = OnceLock::new();
        static EN: OnceLock<Stemmer> = OnceLock::new();
        match self {
            Lang::Pt => PT.get_or_init(|| Stemmer::create(Algorithm::Portuguese)),
            Lang::Es => ES.get_or_init(|| Stemmer::create(Algorithm::Spanish)),
            Lang::En => EN.get_or_init(|| Stemmer::create(Algorithm::English)),
        }
    }
}

fn rates() -> &'static RateTable {
    static RATES: OnceLock<RateTable> = OnceLock::new();
    RATES.get_or_init(RateTable::builtin)
}

fn to_usd(amount: f64, from: &str) -> Option<f64> {
    if !amount.is_finite() || amount < 0.0 {
        return None;
    }
    if from == SALARY_CURRENCY {
        return Some(amount);
    }
    let rates = rates();
    let a = rates.rate(Currency::from_code(from)?)?;
    let b = rates.rate(Currency::from_code(SALARY_CURRENCY)?)?;
    (a > 0.0).then(|| amount / a * b)
}

/// Derives the filter columns and `search_text` from a normalised record (the JSON that
/// `vaga jobs normalize` writes). Never fails: a field that cannot be read is left empty.
/// `title` and `company` are the posting's columns, used when the record lacks them.
pub fn derive(record: &Value, title: &str, company: &str) -> Derived {
    let rec = Record::deserialize(record).unwrap_or_default();
    let language = rec.language.as_deref().or(rec.lang.as_deref()).map(|l| {
        match l.to_ascii_lowercase().as_str() {
            "pt" => "pt",
            "es" => "es",
            "en" => "en",
            _ => "other",
        }
    });
    let lang = match language {
        Some("pt") => Some(Lang::Pt),
        Some("es") => Some(Lang::Es),
        Some("en") => Some(Lang::En),
        _ => None,
    };

    let (workplace, rule) = match rec.location_parsed {
        Some(l) => (l.workplace, l.eligibility_rule),
        None => (None, EligibilityRule::default()),
    };
    let eligible_anywhere = rule.remote
        && rule.allowed.is_empty()
        && rule.allowed_by_description.is_empty()
        && rule.excluded.is_empty()
        && rule.timezone.is_none()
        && rule.relocation.is_none();
    let gaz = Gazetteer::builtin();
    let mut eligible_countries = String::new();
    for code in ELIGIBILITY_COUNTRIES {
        if let Some(home) = CountryCode::parse(code)
            && rule.eligibility(gaz, home).eligible == Some(true)
        {
            if eligible_countries.is_empty() {
                eligible_countries.push(',');
            }
            eligible_countries.push_str(code);
            eligible_countries.push(',');
        }
    }

    let (salary_min_usd, salary_max_usd) =
        rec.salary_parsed
            .and_then(|s| s.normalized)
            .map_or((None, None), |p| {
                (
                    p.monthly_min.and_then(|v| to_usd(v, &p.currency)),
                    p.monthly_max.and_then(|v| to_usd(v, &p.currency)),
                )
            });

    let mut text = String::new();
    let title = rec.title.as_deref().unwrap_or(title);
    let company = rec.company.as_deref().unwrap_or(company);
    for part in [title, company] {
        text.push_str(part);
        text.push('\n');
    }
    for skill in &rec.skills {
        text.push_str(skill);
        text.push('\n');
    }
    if let Some(d) = &rec.description {
        text.push_str(truncate(d, MAX_TEXT));
    }

    Derived {
        workplace: workplace.map(|w| match w {
            Workplace::Remote => "remote",
            Workplace::Hybrid => "hybrid",
            Workplace::Onsite => "onsite",
        }),
        remote: workplace == Some(Workplace::Remote),
        seniority: rec
            .seniority_detail
            .and_then(|s| s.level)
            .map(seniority_name),
        salary_min_usd,
        salary_max_usd,
        language,
        eligible_anywhere,
        eligible_countries,
        search_text: index_text(&text, lang),
    }
}

/// The stored name of a level (as in JSON: `intern`, `junior`, `mid`, `senior`, `lead`,
/// `manager`).
pub fn seniority_name(s: Seniority) -> &'static str {
    match s {
        Seniority::Intern => "intern",
        Seniority::Junior => "junior",
        Seniority::Mid => "mid",
        Seniority::Senior => "senior",
        Seniority::Lead => "lead",
        Seniority::Manager => "manager",
    }
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Lower case, accents removed (NFD, combining marks dropped), only word characters kept.
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|&c| is_word_char(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Letters and digits of the scripts FTS5's `unicode61` tokenizer (Unicode 6.1) surely treats as
/// one word: ASCII, Latin, Greek, Cyrillic, CJK, kana, Hangul. Anything else separates words, so
/// every indexed or searched form is exactly one FTS5 token (the index keeps no positions, and
/// a form split in two would be a phrase query, which it refuses).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    let u = u32::from(c);
    c.is_alphanumeric()
        && !unicode_normalization::char::is_combining_mark(c)
        && matches!(u, 0xC0..=0x24F | 0x370..=0x3FF | 0x400..=0x4FF | 0x1E00..=0x1EFF
            | 0x3040..=0x30FF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3)
}

/// The words of a text: runs of word characters and combining marks, lower-cased.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(is_word_char(c) || is_mark(c)))
        .filter(|w| !w.is_empty() && w.chars().count() <= MAX_WORD)
        .map(str::to_lowercase)
}

fn is_mark(c: char) -> bool {
    // Combining diacritical marks (decomposed accents).
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// The indexed forms of one word in a language: the stem of the word as written and the stem
/// of the word without accents, each folded (one form when they agree). Stemming the accented
/// word finds the suffixes Snowball knows (`-ção`); stemming the folded one makes an unaccented
/// query (`analise`) meet an accented text (`análise`).
fn forms(word: &str, lang: Option<Lang>, out: &mut Vec<String>) {
    let Some(lang) = lang else {
        push_unique(out, fold(word));
        return;
    };
    let stemmer = lang.stemmer();
    push_unique(out, fold(&stemmer.stem(word)));
    let folded = fold(word);
    push_unique(out, fold(&stemmer.stem(&folded)));
}

fn push_unique(out: &mut Vec<String>, form: String) {
    if !form.is_empty() && !out.contains(&form) {
        out.push(form);
    }
}

/// The `search_text` of a text in a language (None: not stemmed, only folded).
fn index_text(text: &str, lang: Option<Lang>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut buf = Vec::with_capacity(2);
    for word in words(text) {
        buf.clear();
        forms(&word, lang, &mut buf);
        for f in &buf {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(f);
        }
    }
    out
}

/// Words dropped from queries: they are in nearly every posting of their language and would
/// only make a query miss postings of the other languages.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "as", "com", "con", "da", "das", "de", "del", "do", "dos", "e", "el", "em",
    "en", "for", "in", "la", "las", "los", "na", "no", "o", "of", "or", "os", "para", "por", "the",
    "to", "um", "uma", "un", "una", "y",
];

/// A parsed query: for each word (AND-ed), the forms that may match it (OR-ed). Every form is
/// made only of lower-case letters and digits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchQuery {
    /// One entry per query word.
    pub terms: Vec<Vec<String>>,
}

impl SearchQuery {
    /// Parses user text. Never fails: operators, quotes and punctuation are only separators,
    /// stop words are dropped, input beyond 512 bytes and words beyond the 12th are ignored.
    /// An empty result means "no text filter".
    pub fn parse(text: &str) -> SearchQuery {
        let text = truncate(text, MAX_QUERY);
        let mut terms: Vec<Vec<String>> = Vec::new();
        for word in words(text) {
            if terms.len() == MAX_QUERY_WORDS {
                break;
            }
            if STOP_WORDS.contains(&fold(&word).as_str()) {
                continue;
            }
            let mut alts = Vec::new();
            push_unique(&mut alts, fold(&word));
            for lang in [Lang::Pt, Lang::Es, Lang::En] {
                forms(&word, Some(lang), &mut alts);
            }
            if !alts.is_empty() && !terms.contains(&alts) {
                terms.push(alts);
            }
        }
        SearchQuery { terms }
    }

    /// No word left: no text filter.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The FTS5 MATCH expression: `("a" OR "b") AND ("c")`, every form quoted.
    pub fn to_fts5(&self) -> String {
        self.join(" AND ", " OR ", |f| {
            format!("\"{}\"", f.replace('"', "\"\""))
        })
    }

    /// The `to_tsquery('simple', …)` text: `('a' | 'b') & ('c')`, every form quoted.
    pub fn to_tsquery(&self) -> String {
        self.join(" & ", " | ", |f| {
            format!("'{}'", f.replace('\\', "\\\\").replace('\'', "''"))
        })
    }

    fn join(&self, and: &str, or: &str, quote: impl Fn(&str) -> String) -> String {
        self.terms
            .iter()
            .map(|alts| {
                let inner: Vec<String> = alts.iter().map(|f| quote(f)).collect();
                format!("({})", inner.join(or))
            })
            .collect::<Vec<_>>()
            .join(and)
    }
}

/// Where a page ends: the last row's `posted_at` and id, in the list's order (`posted_at`
/// descending, postings without a date last, then id descending). Opaque to API clients:
/// [`PostingCursor::encode`] gives base64url text, [`PostingCursor::decode`] reads it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostingCursor {
    /// The last row's `posted_at`.
    pub posted_at: Option<DateTime<Utc>>,
    /// The last row's id.
    pub id: Uuid,
}

const CURSOR_VERSION: u8 = 1;
const CURSOR_LEN: usize = 1 + 1 + 8 + 4 + 16;

impl PostingCursor {
    /// Base64url (no padding) of: version, has-date flag, seconds (i64 BE), nanoseconds (u32
    /// BE), id (16 bytes).
    pub fn encode(&self) -> String {
        let mut bytes = Vec::with_capacity(CURSOR_LEN);
        bytes.push(CURSOR_VERSION);
        let (flag, secs, nanos) = match self.posted_at {
            Some(t) => (1u8, t.timestamp(), t.timestamp_subsec_nanos()),
            None => (0u8, 0, 0),
        };
        bytes.push(flag);
        bytes.extend_from_slice(&secs.to_be_bytes());
        bytes.extend_from_slice(&nanos.to_be_bytes());
        bytes.extend_from_slice(self.id.as_bytes());
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Reads [`PostingCursor::encode`]'s text; anything else is [`StoreError::Invalid`].
    pub fn decode(text: &str) -> StoreResult<PostingCursor> {
        let bad = || StoreError::Invalid("invalid cursor".into());
        if text.len() > 64 {
            return Err(bad());
        }
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| bad())?;
        if bytes.len() != CURSOR_LEN || bytes[0] != CURSOR_VERSION {
            return Err(bad());
        }
        let secs = i64::from_be_bytes(bytes[2..10].try_into().map_err(|_| bad())?);
        let nanos = u32::from_be_bytes(bytes[10..14].try_into().map_err(|_| bad())?);
        let id = Uuid::from_slice(&bytes[14..30]).map_err(|_| bad())?;
        let posted_at = match bytes[1] {
            0 if secs == 0 && nanos == 0 => None,
            1 if nanos < 1_000_000_000 => {
                Some(DateTime::<Utc>::from_timestamp(secs, nanos).ok_or_else(bad)?)
            }
            _ => return Err(bad()),
        };
        Ok(PostingCursor { posted_at, id })
    }
}

/// Checks an ISO 3166-1 alpha-2 code for [`crate::PostingQuery::eligible_for`]; upper-cases it.
pub(crate) fn country_filter(code: &str) -> StoreResult<String> {
    let code = code.trim().to_ascii_uppercase();
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(StoreError::Invalid(format!(
            "eligible_for must be an ISO 3166-1 alpha-2 code, not {code:?}"
        )))
    }
}

/// Whether a country is in [`ELIGIBILITY_COUNTRIES`].
pub(crate) fn is_listed(code: &str) -> bool {
    ELIGIBILITY_COUNTRIES.contains(&code)
}

/// The SQL dialect of a backend, for the few statements that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// Which dialect a sqlx database speaks.
pub(crate) trait SqlDialect {
    const DIALECT: Dialect;
}

impl SqlDialect for sqlx::Sqlite {
    const DIALECT: Dialect = Dialect::Sqlite;
}

impl SqlDialect for sqlx::Postgres {
    const DIALECT: Dialect = Dialect::Postgres;
}

/// A value bound to a generated statement.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Text(String),
    Bool(bool),
    F64(f64),
    Time(DateTime<Utc>),
    Id(Uuid),
    I64(i64),
}

/// How a list is paged.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Paging {
    /// `LIMIT n OFFSET m` (list_postings).
    Offset,
    /// After the query's cursor, one row more than the limit (to know if a page follows).
    Cursor,
}

pub(crate) const POSTING_COLUMNS: &str = "p.id, p.source, p.external_id, p.record, p.raw, p.title, p.company, p.url, \
     p.posted_at, p.first_seen, p.last_seen, p.active, p.dedup_group";

/// The statement listing the postings of a query, and its arguments. The SQL is made only of
/// constant fragments and `$n` placeholders: every user value is bound.
pub(crate) fn list_sql(
    q: &crate::PostingQuery,
    dialect: Dialect,
    paging: Paging,
) -> StoreResult<(String, Vec<Arg>)> {
    // The page's ids first (an index walk over narrow columns), then only those rows: sorting
    // or filtering whole rows would read every candidate's record.
    // On SQLite the walk is forced onto the covering list index: given the FTS5 matches, its
    // planner would otherwise look each one up by search_key and sort whole rows.
    let mut sql = String::from(match dialect {
        Dialect::Sqlite => "SELECT p.id FROM postings p INDEXED BY postings_list_idx WHERE TRUE",
        Dialect::Postgres => "SELECT p.id FROM postings p WHERE TRUE",
    });
    let mut args: Vec<Arg> = Vec::new();
    let mut push = |sql: &mut String, fragment: &str, arg: Arg| {
        args.push(arg);
        sql.push_str(&fragment.replace("$?", &format!("${}", args.len())));
    };
    if q.active_only {
        sql.push_str(" AND p.active");
    }
    if let Some(source) = &q.source {
        push(&mut sql, " AND p.source = $?", Arg::Text(source.clone()));
    }
    if let Some(remote) = q.remote {
        push(&mut sql, " AND p.remote = $?", Arg::Bool(remote));
    }
    if let Some(country) = &q.eligible_for {
        let country = country_filter(country)?;
        if is_listed(&country) {
            push(
                &mut sql,
                " AND (p.eligible_anywhere OR p.eligible_countries LIKE $?)",
                Arg::Text(format!("%,{country},%")),
            );
        } else {
            sql.push_str(" AND p.eligible_anywhere");
        }
    }
    if let Some(min) = q.min_salary {
        if !min.is_finite() {
            return Err(StoreError::Invalid("min_salary must be a number".into()));
        }
        push(
            &mut sql,
            " AND COALESCE(p.salary_max_usd, p.salary_min_usd) >= $?",
            Arg::F64(min),
        );
    }
    if !q.seniority.is_empty() {
        sql.push_str(" AND p.seniority IN (");
        for (i, level) in q.seniority.iter().enumerate() {
            let sep = if i == 0 { "$?" } else { ", $?" };
            push(&mut sql, sep, Arg::Text(seniority_name(*level).to_owned()));
        }
        sql.push(')');
    }
    if let Some(after) = q.posted_after {
        push(&mut sql, " AND p.posted_at >= $?", Arg::Time(after));
    }
    if let Some(text) = &q.q {
        let parsed = SearchQuery::parse(text);
        if !parsed.is_empty() {
            match dialect {
                Dialect::Sqlite => push(
                    &mut sql,
                    " AND p.search_key IN (SELECT rowid FROM postings_fts \
                     WHERE postings_fts MATCH $?)",
                    Arg::Text(parsed.to_fts5()),
                ),
                Dialect::Postgres => push(
                    &mut sql,
                    " AND p.search_tsv @@ to_tsquery('simple', $?)",
                    Arg::Text(parsed.to_tsquery()),
                ),
            }
        }
    }
    let limit = crate::repo::clamp_limit(q.limit);
    match paging {
        Paging::Cursor => {
            if let Some(c) = q.cursor {
                match c.posted_at {
                    Some(t) => {
                        push(&mut sql, " AND (p.posted_at < $?", Arg::Time(t));
                        push(&mut sql, " OR (p.posted_at = $?", Arg::Time(t));
                        push(
                            &mut sql,
                            " AND p.id < $?) OR p.posted_at IS NULL)",
                            Arg::Id(c.id),
                        );
                    }
                    None => push(
                        &mut sql,
                        " AND p.posted_at IS NULL AND p.id < $?",
                        Arg::Id(c.id),
                    ),
                }
            }
            push(
                &mut sql,
                " ORDER BY p.posted_at DESC NULLS LAST, p.id DESC LIMIT $?",
                Arg::I64(limit + 1),
            );
        }
        Paging::Offset => {
            push(
                &mut sql,
                " ORDER BY p.posted_at DESC NULLS LAST, p.id DESC LIMIT $?",
                Arg::I64(limit),
            );
            push(&mut sql, " OFFSET $?", Arg::I64(q.offset.max(0)));
        }
    }
    let sql = format!(
        "SELECT {POSTING_COLUMNS} FROM postings p WHERE p.id IN ({sql}) \
         ORDER BY p.posted_at DESC NULLS LAST, p.id DESC"
    );
    Ok((sql, args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_fold_and_stems_meet() {
        let doc = index_text("Análise de dados", Some(Lang::Pt));
        for q in ["analise", "análise", "dado", "dados"] {
            let parsed = SearchQuery::parse(q);
            assert!(
                parsed.terms[0]
                    .iter()
                    .any(|f| doc.split(' ').any(|w| w == f)),
                "{q} vs {doc}"
            );
        }
    }

    #[test]
    fn queries_are_quoted() {
        let q = SearchQuery::parse("\"python\" OR NEAR(x) -rust*");
        assert!(!q.to_fts5().contains("NEAR("));
        assert!(q.to_fts5().starts_with("(\"python\""));
        assert!(SearchQuery::parse("  ()\"* de ").is_empty());
    }

    #[test]
    fn cursor_round_trips() {
        let c = PostingCursor {
            posted_at: DateTime::<Utc>::from_timestamp(1_700_000_000, 123_456_000),
            id: Uuid::now_v7(),
        };
        assert_eq!(PostingCursor::decode(&c.encode()).unwrap(), c);
        let c = PostingCursor {
            posted_at: None,
            id: Uuid::now_v7(),
        };
        assert_eq!(PostingCursor::decode(&c.encode()).unwrap(), c);
        assert!(PostingCursor::decode("garbage!").is_err());
        assert!(PostingCursor::decode("").is_err());
    }
}
