//! Seniority of a posting: the level its title names (or, failing that, a clear phrase in its
//! text), and the years of experience it asks for.
//!
//! The title is read word by word, folded (lowercase, accents removed): `Jr.`, `Júnior`,
//! `Pleno`, `Semi Senior`, `Sênior`, `Especialista`, `Staff`, `Head of`, `Gerente`,
//! `Coordenadora`, `Estagiário`, `Pasante`, Roman numerals after the role (`Engineer III`), and
//! so on. When a title names several levels (`Pleno/Sênior`, `Senior Engineering Manager`), the
//! highest wins. The title always wins over the text.
//!
//! The description is scanned by two small aho-corasick automata, one for words for years
//! (`years`, `anos`, `años`, …) and one for cues that introduce the role (`we are hiring a`,
//! `nível`, `vaga`, `Open role:`, `vacante`, …); both are small enough for aho-corasick's SIMD
//! prefilter, which one larger automaton would lose. Around a years anchor a small parser reads the
//! number (`3+`, `2-4`, `dois`, `al menos 2`, `up to two`) and checks the clause is about
//! experience, not about the company's age. After a cue, the next few words of the clause are read
//! like a title. Nothing else in the text counts: "mentor junior engineers" says nothing about the
//! level of the job.
//!
//! With no level word anywhere, the years may imply one (fewer than 3 → junior, 3 to 5 → mid,
//! 6 and more → senior); [`SeniorityInfo::inferred`] says so.

use crate::skills::fold::floor_char_boundary as floor_boundary;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

use crate::skills::fold::strip_accent;

/// Titles longer than this are read up to here only.
pub const MAX_TITLE_BYTES: usize = 1024;

/// Descriptions longer than this are scanned up to here only.
pub const MAX_DESCRIPTION_BYTES: usize = 256 * 1024;

/// How senior a job is, from the least to the most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Seniority {
    /// Internships: intern, estágio, estagiário/a, pasante, becario/a, practicante, aprendiz.
    Intern,
    /// Junior, Jr., trainee, entry level, Roman numeral I.
    Junior,
    /// Mid level: mid, pleno, Pl., semi senior, SSr, intermediate, Roman numeral II.
    Mid,
    /// Senior, Sr., sênior, a leading especialista ("Especialista em Redes"), Roman numeral III.
    Senior,
    /// Technical leadership: lead, líder, staff, principal, master (`Analista Master`), Roman
    /// numerals IV and V.
    Lead,
    /// People management: manager, gerente, head of, coordenador/a, coordinador/a, director.
    Manager,
}

impl Seniority {
    /// Every level, from the least senior.
    pub const ALL: [Seniority; 6] = [
        Seniority::Intern,
        Seniority::Junior,
        Seniority::Mid,
        Seniority::Senior,
        Seniority::Lead,
        Seniority::Manager,
    ];

    /// The lowercase name used in JSON (`"intern"`, `"junior"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Seniority::Intern => "intern",
            Seniority::Junior => "junior",
            Seniority::Mid => "mid",
            Seniority::Senior => "senior",
            Seniority::Lead => "lead",
            Seniority::Manager => "manager",
        }
    }

    /// The level a number of years of experience suggests: fewer than 3 → junior, fewer than 6
    /// → mid, otherwise senior.
    pub fn from_years(years: f32) -> Seniority {
        if years < 3.0 {
            Seniority::Junior
        } else if years < 6.0 {
            Seniority::Mid
        } else {
            Seniority::Senior
        }
    }
}

/// What [`parse_seniority`] found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SeniorityInfo {
    /// The level, or `None` when neither the title nor a clear phrase names one (and no years
    /// were found to infer it from).
    pub level: Option<Seniority>,
    /// The fewest years of experience asked for (`3+ years` → 3, `2-4 anos` → 2).
    pub years_min: Option<f32>,
    /// The most years of experience asked for (`2-4 anos` → 4, `up to two years` → 2).
    /// Never below `years_min`.
    pub years_max: Option<f32>,
    /// The words the level (or, without one, the years) was read from, as written.
    pub evidence: Option<String>,
    /// Whether `level` was inferred from the years rather than named.
    pub inferred: bool,
}

/// Reads the seniority of a posting from its title and, optionally, its description (plain text
/// or HTML). Never fails; see the module documentation for the rules.
pub fn parse_seniority(title: &str, description: Option<&str>) -> SeniorityInfo {
    let title = truncate(title, MAX_TITLE_BYTES);
    let mut words = Words::default();
    words.split(title, false);
    let mut info = SeniorityInfo::default();
    if let Some((level, span, _)) = level_in(&words, title, 0..words.len()) {
        info.level = Some(level);
        info.evidence = Some(title[span].to_string());
    }
    let mut years_evidence = None;
    if let Some(text) = description {
        let text = truncate(text, MAX_DESCRIPTION_BYTES);
        let found = scan_description(text, info.level.is_none(), &mut words);
        if info.level.is_none()
            && let Some((level, span)) = found.level
        {
            info.level = Some(level);
            info.evidence = Some(text[span].to_string());
        }
        info.years_min = found.years_min;
        info.years_max = found.years_max;
        years_evidence = found.years_span.map(|span| text[span].to_string());
    }
    if info.level.is_none()
        && let Some(years) = info.years_min.or(info.years_max)
    {
        info.level = Some(Seniority::from_years(years));
        info.inferred = true;
    }
    if info.evidence.is_none() {
        info.evidence = years_evidence;
    }
    info
}

/// The level a title names and the span of the words that name it; the description is not read.
pub fn title_seniority(title: &str) -> Option<(Seniority, Range<usize>)> {
    let title = truncate(title, MAX_TITLE_BYTES);
    let mut words = Words::default();
    words.split(title, false);
    level_in(&words, title, 0..words.len()).map(|(level, span, _)| (level, span))
}

/// `text` cut to at most `limit` bytes, on a character boundary.
pub(crate) fn truncate(text: &str, limit: usize) -> &str {
    &text[..floor_boundary(text, limit)]
}

// ---------------------------------------------------------------------------------------------
// Words

/// The words of a short text, folded (lowercase, Latin accents removed), with their spans.
///
/// Letters and digits make words; everything else separates them, HTML tags included. Decimal
/// numbers keep their point (`1,5` → `1.5`). With `symbols`, `+` and dashes become one-character words of their own
/// (`-` for every dash), which the years parser needs.
#[derive(Debug, Default, Clone)]
pub(crate) struct Words {
    buf: String,
    /// (start in `buf`, end in `buf`, start in the text, end in the text)
    words: Vec<(u32, u32, u32, u32)>,
}

impl Words {
    /// Splits `text` (cleared first). Offsets are relative to `text`.
    pub(crate) fn split(&mut self, text: &str, symbols: bool) {
        self.buf.clear();
        self.words.clear();
        let text = truncate(text, u32::MAX as usize / 2);
        let mut open: Option<(u32, u32)> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let after = (at + c.len_utf8()) as u32;
            if c.is_ascii_alphanumeric() {
                let (fs, os) = open.unwrap_or((self.buf.len() as u32, at as u32));
                self.buf.push(c.to_ascii_lowercase());
                open = Some((fs, os));
                self.extend_last(open, after);
                continue;
            }
            if c.is_alphanumeric() {
                let (fs, os) = open.unwrap_or((self.buf.len() as u32, at as u32));
                for lower in c.to_lowercase() {
                    self.buf.push(strip_accent(lower));
                }
                open = Some((fs, os));
                self.extend_last(open, after);
                continue;
            }
            if matches!(c, '\u{300}'..='\u{36f}') && open.is_some() {
                // A combining accent (decomposed text) stays inside its word and is dropped.
                self.extend_last(open, after);
                continue;
            }
            if matches!(c, '.' | ',')
                && self.buf.as_bytes().last().is_some_and(u8::is_ascii_digit)
                && open.is_some()
                && chars.peek().is_some_and(|&(_, next)| next.is_ascii_digit())
            {
                self.buf.push('.');
                self.extend_last(open, after);
                continue;
            }
            open = None;
            if c == '<'
                && chars
                    .peek()
                    .is_some_and(|&(_, next)| next.is_ascii_alphabetic() || next == '/')
            {
                // A tag (`<b>`, `</li>`) separates words and says nothing.
                for (_, inside) in chars.by_ref() {
                    if inside == '>' {
                        break;
                    }
                }
                continue;
            }
            if symbols {
                let symbol = match c {
                    '+' => Some('+'),
                    '-' | '–' | '—' | '‑' => Some('-'),
                    _ => None,
                };
                if let Some(symbol) = symbol {
                    let start = self.buf.len() as u32;
                    self.buf.push(symbol);
                    self.words
                        .push((start, start + 1, at as u32, at as u32 + c.len_utf8() as u32));
                }
            }
        }
    }

    /// Records or grows the open word so that it ends at `after`.
    fn extend_last(&mut self, open: Option<(u32, u32)>, after: u32) {
        let Some((fs, os)) = open else { return };
        let end = self.buf.len() as u32;
        match self.words.last_mut() {
            Some(last) if last.0 == fs => {
                last.1 = end;
                last.3 = after;
            }
            _ => self.words.push((fs, end, os, after)),
        }
    }

    /// Number of words.
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    /// The folded word `i`, or `""` past the end.
    pub(crate) fn get(&self, i: usize) -> &str {
        self.words
            .get(i)
            .map_or("", |w| &self.buf[w.0 as usize..w.1 as usize])
    }

    /// The span of word `i` in the text it was split from.
    pub(crate) fn span(&self, i: usize) -> Range<usize> {
        self.words
            .get(i)
            .map_or(0..0, |w| w.2 as usize..w.3 as usize)
    }

    /// The folded words, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }
}

// ---------------------------------------------------------------------------------------------
// Level words

/// Words before "manager" that make it a role, not a level (a product manager manages a product).
const MANAGER_ROLES: &[&str] = &[
    "product",
    "project",
    "program",
    "programme",
    "account",
    "accounts",
    "community",
    "content",
    "office",
    "case",
    "partner",
    "channel",
    "territory",
    "category",
    "success",
    "relationship",
    "release",
];

/// Words after "gerente (de)" that make it a role, not a level.
const GERENTE_ROLES: &[&str] = &[
    "produto",
    "produtos",
    "producto",
    "productos",
    "projeto",
    "projetos",
    "proyecto",
    "proyectos",
    "contas",
    "conta",
    "cuentas",
    "cuenta",
    "relacionamento",
];

/// The level word `i` names (with the number of words it takes), if any.
pub(crate) fn word_level(words: &Words, text: &str, i: usize) -> Option<(Seniority, usize)> {
    let word = words.get(i);
    let next = words.get(i + 1);
    let level = match word {
        "intern" | "interns" | "internship" | "estagio" | "estagiario" | "estagiaria"
        | "estagiarios" | "pasante" | "pasantia" | "becario" | "becaria" | "practicante"
        | "aprendiz" => (Seniority::Intern, 1),
        "trainee" | "junior" | "jr" | "jnr" => (Seniority::Junior, 1),
        "entry" if next == "level" => (Seniority::Junior, 2),
        "semi" if matches!(next, "senior" | "sr") => (Seniority::Mid, 2),
        "semisenior" | "ssr" | "semisr" => (Seniority::Mid, 1),
        "mid" if matches!(next, "senior" | "level") => (Seniority::Mid, 2),
        "mid" | "pleno" | "plena" | "intermediate" | "intermediario" | "intermediaria"
        | "intermedio" => (Seniority::Mid, 1),
        "pl" if pl_is_level(words, text, i) => (Seniority::Mid, 1),
        // After a role ("Cientista de Dados Especialista") it is the step above sênior, as
        // Brazilian career ladders use it; leading a title ("Especialista em Redes") it names
        // the role and reads as senior.
        "especialista" if i > 0 && !matches!(next, "em" | "de" | "en" | "in") => {
            (Seniority::Lead, 1)
        }
        "senior" | "sr" | "snr" | "especialista" => (Seniority::Senior, 1),
        "lead" if next != "generation" => (Seniority::Lead, 1),
        "leader" | "lider" | "staff" | "principal" | "distinguished" => (Seniority::Lead, 1),
        // Brazil's "Analista Master" ranks above sênior; a scrum master and master data are
        // roles.
        "master" if i > 0 && words.get(i - 1) != "scrum" && next != "data" => (Seniority::Lead, 1),
        "manager" if i == 0 || !MANAGER_ROLES.contains(&words.get(i - 1)) => {
            (Seniority::Manager, 1)
        }
        "gerente" => {
            let role = if next == "de" { words.get(i + 2) } else { next };
            if GERENTE_ROLES.contains(&role) {
                return None;
            }
            (Seniority::Manager, 1)
        }
        "head" | "coordenador" | "coordenadora" | "coordinador" | "coordinadora" | "director"
        | "diretor" | "diretora" | "directora" | "supervisor" | "supervisora" | "vp" | "cto"
        | "cio" | "cdo" | "chief" => (Seniority::Manager, 1),
        _ => return roman_level(words, text, i).map(|level| (level, 1)),
    };
    Some(level)
}

/// `Pl.` is pleno only as an abbreviation (followed by a dot, or last), never `PL/SQL`.
fn pl_is_level(words: &Words, text: &str, i: usize) -> bool {
    let after = text[words.span(i).end..].chars().next();
    match after {
        Some('.') => true,
        Some('/') => false,
        _ => i + 1 == words.len(),
    }
}

/// A Roman numeral after a role word, closing the title or its part: `Engineer II`,
/// `Analista III - Remoto`. Lowercase `i` and `v` are never numerals.
fn roman_level(words: &Words, text: &str, i: usize) -> Option<Seniority> {
    if i == 0 {
        return None;
    }
    let span = words.span(i);
    let level = match &text[span.clone()] {
        "I" => Seniority::Junior,
        "II" | "ii" => Seniority::Mid,
        "III" | "iii" => Seniority::Senior,
        "IV" | "iv" | "V" => Seniority::Lead,
        _ => return None,
    };
    let previous = words.get(i - 1);
    if previous.len() < 2 || !previous.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    if i + 1 < words.len() {
        // Only when something other than a space separates it from what follows.
        let gap = &text[span.end..words.span(i + 1).start];
        if gap.trim().is_empty() {
            return None;
        }
    }
    Some(level)
}

/// A finer rank than [`Seniority`], for telling postings apart: staff, principal and lead are
/// all [`Seniority::Lead`], but a staff and a principal opening at one company are two jobs.
/// Words of one rank in different languages (`pleno`, `semi senior`, `mid`) share it.
fn rank(level: Seniority, word: &str) -> u8 {
    let base = level as u8 * 10;
    base + match word {
        "trainee" => 1,
        "staff" | "iv" => 1,
        "principal" | "v" => 2,
        "distinguished" | "master" => 3,
        "coordenador" | "coordenadora" | "coordinador" | "coordinadora" => 1,
        "head" => 2,
        "director" | "diretor" | "diretora" | "directora" => 3,
        "vp" | "cto" | "cio" | "cdo" | "chief" => 4,
        _ => 0,
    }
}

/// The highest level named by words `range`, with the span of the words that name it and its
/// [`rank`].
fn level_in(
    words: &Words,
    text: &str,
    range: Range<usize>,
) -> Option<(Seniority, Range<usize>, u8)> {
    let mut best: Option<(Seniority, Range<usize>, u8)> = None;
    let mut i = range.start;
    while i < range.end {
        if let Some((level, taken)) = word_level(words, text, i) {
            let last = i + taken - 1;
            let mut span = words.span(i).start..words.span(last).end;
            // An abbreviation keeps its dot: `Sr.`, `Jr.`, `Pl.`.
            if words.get(last).len() <= 3 && text[span.end..].starts_with('.') {
                span.end += 1;
            }
            let rank = rank(level, words.get(i));
            if best.as_ref().is_none_or(|(_, _, known)| rank > *known) {
                best = Some((level, span, rank));
            }
            i += taken;
        } else {
            i += 1;
        }
    }
    best
}

/// The fine rank of the level named in an [`SeniorityInfo::evidence`], for dedup.
pub(crate) fn evidence_rank(evidence: &str) -> Option<u8> {
    let mut words = Words::default();
    words.split(evidence, false);
    level_in(&words, evidence, 0..words.len()).map(|(_, _, rank)| rank)
}

// ---------------------------------------------------------------------------------------------
// The description scan

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    /// A phrase that introduces the role; the words after it are read like a title.
    Cue,
    /// A phrase that is a level by itself.
    Level(Seniority),
}

/// Words for years, as the automaton looks for them (case-sensitive; a plural `s` after them is
/// read by hand).
const YEARS: &[&str] = &[
    "year",
    "Year",
    "yrs",
    "ano",
    "Ano",
    "año",
    "Año",
    "a&ntilde;o",
];

/// Phrases that introduce the role or name a level, lowercase. The automaton looks for each
/// without its first letter, which is then checked by hand in either case: half the patterns,
/// and few enough for aho-corasick's SIMD prefilter to stay fast (it degrades past about twenty
/// patterns). Short phrases (`vaga`) are looked for whole, lowercase and capitalised.
const CUES: &[(&str, Anchor)] = &[
    // English
    ("hiring a", Anchor::Cue),
    ("looking for a", Anchor::Cue),
    ("seeking a", Anchor::Cue),
    ("join us as", Anchor::Cue),
    ("open role", Anchor::Cue),
    ("role:", Anchor::Cue),
    ("position:", Anchor::Cue),
    ("seniority", Anchor::Cue),
    ("entry-level", Anchor::Level(Seniority::Junior)),
    ("entry level", Anchor::Level(Seniority::Junior)),
    // Portuguese
    ("vaga", Anchor::Cue),
    ("cargo:", Anchor::Cue),
    ("nível", Anchor::Cue),
    ("nivel", Anchor::Cue),
    ("senioridade", Anchor::Cue),
    ("buscamos", Anchor::Cue),
    ("procuramos", Anchor::Cue),
    // Spanish
    ("vacante", Anchor::Cue),
    ("puesto:", Anchor::Cue),
];

/// One cue pattern: what it stands for and the letter the automaton left out, if any.
#[derive(Debug, Clone, Copy)]
struct CuePattern {
    anchor: Anchor,
    head: Option<u8>,
}

struct Scanner {
    years: AhoCorasick,
    cues: AhoCorasick,
    cue_patterns: Vec<CuePattern>,
}

fn automaton(patterns: &[String]) -> AhoCorasick {
    // Case-sensitive on purpose: a case-insensitive automaton cannot use the SIMD prefilter.
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns)
        .expect("BUG: the seniority patterns compile")
}

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| {
        let years: Vec<String> = YEARS.iter().map(|p| p.to_string()).collect();
        let mut patterns = Vec::new();
        let mut cue_patterns = Vec::new();
        for &(phrase, anchor) in CUES {
            let first = phrase.as_bytes()[0];
            if phrase.len() > 4 && first.is_ascii_lowercase() {
                patterns.push(phrase[1..].to_string());
                cue_patterns.push(CuePattern {
                    anchor,
                    head: Some(first),
                });
            } else {
                let capitalised = format!("{}{}", first.to_ascii_uppercase() as char, &phrase[1..]);
                for pattern in [phrase.to_string(), capitalised] {
                    patterns.push(pattern);
                    cue_patterns.push(CuePattern { anchor, head: None });
                }
            }
        }
        Scanner {
            years: automaton(&years),
            cues: automaton(&patterns),
            cue_patterns,
        }
    })
}

#[derive(Debug, Default)]
struct Found {
    level: Option<(Seniority, Range<usize>)>,
    years_min: Option<f32>,
    years_max: Option<f32>,
    years_span: Option<Range<usize>>,
}

/// Whether the character before `at` (if any) is a letter or digit.
fn alnum_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// Whether the character at `at` (if any) is a letter or digit.
fn alnum_at(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(char::is_alphanumeric)
}

fn scan_description(text: &str, want_level: bool, words: &mut Words) -> Found {
    let scanner = scanner();
    let mut found = Found::default();
    // The mention with the highest minimum wins (the binding requirement); without any minimum,
    // the lowest maximum.
    let mut best: Option<Years> = None;
    for m in scanner.years.find_iter(text) {
        let (start, mut end) = (m.start(), m.end());
        if matches!(text.as_bytes().get(end), Some(b's' | b'S')) {
            end += 1;
        }
        if alnum_before(text, start) || alnum_at(text, end) {
            continue;
        }
        let Some(years) = parse_years(text, start, end, words) else {
            continue;
        };
        let better = match &best {
            None => true,
            Some(known) => match (years.min, known.min) {
                (Some(new), Some(old)) => new > old,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => years.max < known.max,
            },
        };
        if better {
            best = Some(years);
        }
    }
    if want_level {
        for m in scanner.cues.find_iter(text) {
            let pattern = scanner.cue_patterns[m.pattern().as_usize()];
            let (mut start, end) = (m.start(), m.end());
            if let Some(head) = pattern.head {
                match start.checked_sub(1).map(|at| text.as_bytes()[at]) {
                    Some(byte) if byte.to_ascii_lowercase() == head => start -= 1,
                    _ => continue,
                }
            }
            let ends_in_word = text[..end]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            if alnum_before(text, start) || (ends_in_word && alnum_at(text, end)) {
                continue;
            }
            found.level = match pattern.anchor {
                Anchor::Cue => level_after_cue(text, start, end, words),
                Anchor::Level(level) => Some((level, start..end)),
            };
            if found.level.is_some() {
                break;
            }
        }
    }
    if let Some(years) = best {
        found.years_min = years.min;
        found.years_max = years.max;
        if let (Some(min), Some(max)) = (found.years_min, found.years_max)
            && max < min
        {
            found.years_max = None;
        }
        found.years_span = Some(years.span);
    }
    found
}

/// Reads the first few words of the clause after a cue like a title.
fn level_after_cue(
    text: &str,
    start: usize,
    end: usize,
    words: &mut Words,
) -> Option<(Seniority, Range<usize>)> {
    let limit = floor_boundary(text, end + 96);
    let window = &text[end..limit];
    let mut clause_end = window.len();
    for (at, c) in window.char_indices() {
        let stop = match c {
            '\n' | '|' | ';' | '!' | '?' | ',' | '—' | '–' | '•' | '<' => true,
            '.' => window[at + 1..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace),
            _ => false,
        };
        if stop {
            clause_end = at;
            break;
        }
    }
    // Keep a dot that closes the clause: it tells `Pl.` from `PL/SQL`.
    let clause_end = if window[clause_end..].starts_with('.') {
        clause_end + 1
    } else {
        clause_end
    };
    let clause = &window[..clause_end];
    words.split(clause, false);
    // The clause names the job until it turns to someone else: "this role reports to the CTO",
    // "hiring a developer to work with our senior team".
    let until = (0..words.len().min(6))
        .find(|&i| ABOUT_SOMEONE_ELSE.contains(&words.get(i)))
        .unwrap_or(words.len().min(6));
    let (level, span, _) = level_in(words, clause, 0..until)?;
    Some((level, start..end + span.end))
}

/// Words after which a cue's clause no longer describes the job itself.
const ABOUT_SOMEONE_ELSE: &[&str] = &[
    "to",
    "with",
    "alongside",
    "under",
    "reports",
    "report",
    "reporting",
    "reporta",
    "reportando",
    "reportara",
    "responde",
    "subordinado",
    "subordinada",
    "junto",
    "com",
    "con",
    "sob",
    "bajo",
];

/// One mention of years of experience.
#[derive(Debug, Clone)]
struct Years {
    min: Option<f32>,
    max: Option<f32>,
    span: Range<usize>,
}

fn number(word: &str) -> Option<f32> {
    if word.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return word.parse::<f32>().ok().filter(|n| n.is_finite());
    }
    let n = match word {
        "one" | "um" | "uma" | "un" | "uno" | "una" => 1.0,
        "two" | "dois" | "duas" | "dos" => 2.0,
        "three" | "tres" => 3.0,
        "four" | "quatro" | "cuatro" => 4.0,
        "five" | "cinco" => 5.0,
        "six" | "seis" => 6.0,
        "seven" | "sete" | "siete" => 7.0,
        "eight" | "oito" | "ocho" => 8.0,
        "nine" | "nove" | "nueve" => 9.0,
        "ten" | "dez" | "diez" => 10.0,
        _ => return None,
    };
    Some(n)
}

/// Words that say a clause is about experience.
const EXPERIENCE: &[&str] = &[
    "experience",
    "experienced",
    "experiencia",
    "experiencias",
    "exp",
    "working",
    "work",
    "atuando",
    "atuacao",
    "trabalhando",
    "trabajando",
    "area",
    "role",
    "position",
    "cargo",
    "puesto",
    "posicion",
    "funcao",
    "similar",
    "comparable",
    "relevant",
    "relevante",
    "professional",
    "profissional",
    "profesional",
    "industry",
    "hands",
    "previous",
    "prior",
    "previa",
    "previo",
    "developing",
    "desenvolvendo",
    "desarrollando",
    "building",
    "as",
    "como",
];

/// Words that say the years are about something else (the company's age, a contract, a person).
const NOT_EXPERIENCE: &[&str] = &[
    "ago",
    "old",
    "idade",
    "edad",
    "mercado",
    "market",
    "business",
    "history",
    "historia",
    "founded",
    "fundada",
    "fundado",
    "anniversary",
    "aniversario",
    "warranty",
    "garantia",
    "contract",
    "contrato",
    "existence",
    "existencia",
    "tradition",
    "tradicao",
    "tradicion",
];

/// Parses the years mention whose unit word is at `start..end`.
fn parse_years(text: &str, start: usize, end: usize, words: &mut Words) -> Option<Years> {
    let from = floor_boundary(text, start.saturating_sub(64));
    let before = &text[from..start];
    words.split(before, true);
    let n = words.len();
    let mut k = n;
    let mut min_flag = false;
    let mut max_flag = false;
    if k > 0 && words.get(k - 1) == "+" {
        min_flag = true;
        k -= 1;
    }
    // "7 or more years", "5 ou mais anos", "3 o más años".
    if k >= 2
        && matches!(
            (words.get(k - 2), words.get(k - 1)),
            ("or", "more") | ("ou", "mais") | ("o", "mas")
        )
    {
        min_flag = true;
        k -= 2;
    }
    let high = number(words.get(k.checked_sub(1)?))?;
    k -= 1;
    let mut first_number = k;
    let mut low = None;
    if k >= 2
        && matches!(
            words.get(k - 1),
            "-" | "to" | "a" | "e" | "y" | "and" | "ate" | "hasta" | "or" | "ou" | "o"
        )
        && let Some(n1) = number(words.get(k - 2))
    {
        low = Some(n1);
        k -= 2;
        first_number = k;
    }
    // The qualifier before the (first) number.
    let w1 = if k >= 1 { words.get(k - 1) } else { "" };
    let w2 = if k >= 2 { words.get(k - 2) } else { "" };
    match (w2, w1) {
        (_, "least" | "minimum" | "minimo" | "min" | "over" | "above") => min_flag = true,
        ("more", "than") | ("mais" | "mas" | "acima" | "minimo" | "partir", "de") => {
            min_flag = true
        }
        ("minimum", "of") | ("pelo" | "al" | "ao" | "por" | "lo", "menos") => min_flag = true,
        ("less", "than") | ("menos" | "maximo", "de") | ("up", "to") => max_flag = true,
        (_, "ate" | "hasta" | "maximum" | "maximo" | "max" | "under") => max_flag = true,
        _ => {}
    }
    let lead_in = k.saturating_sub(6)..k;
    let lead_not = lead_in
        .clone()
        .any(|i| NOT_EXPERIENCE.contains(&words.get(i)));
    let lead_experience = lead_in.clone().any(|i| EXPERIENCE.contains(&words.get(i)));
    let span_start = from + words.span(first_number).start;

    let to = floor_boundary(text, end + 64);
    let after_text = &text[end..to];
    let clause = after_text
        .find(['\n', '.', ';', '|', '•'])
        .map_or(after_text, |at| &after_text[..at]);
    words.split(clause, true);
    let follow: Vec<&str> = words.iter().take(8).collect();
    match follow.as_slice() {
        ["+", ..] | ["or", "more", ..] | ["ou", "mais", ..] | ["o", "mas", ..] => min_flag = true,
        _ => {}
    }
    if lead_not || follow.iter().take(6).any(|w| NOT_EXPERIENCE.contains(w)) {
        return None;
    }
    let about_experience = lead_experience || follow.iter().any(|w| EXPERIENCE.contains(w));
    if !(about_experience || min_flag || max_flag || low.is_some()) {
        return None;
    }
    if !(0.0..=30.0).contains(&high) || low.is_some_and(|l| !(0.0..=high).contains(&l)) {
        return None;
    }
    let (min, max) = match low {
        Some(low) => (Some(low), Some(high)),
        None if max_flag && !min_flag => (None, Some(high)),
        None => (Some(high), None),
    };
    Some(Years {
        min,
        max,
        span: span_start..end,
    })
}
