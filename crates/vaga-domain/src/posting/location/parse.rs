//! The location rules: names found in the token stream, resolved against each other, then read
//! left to right with the cues around them.
//!
//! 1. Matching: at every word, the longest run of words (up to the longest name) that the
//!    gazetteer knows, filtered by how it is written (two-letter forms only in capitals, `^`
//!    names only in capitals, cues scoped to location fields skipped in descriptions).
//! 2. Resolution: a name with several meanings (Córdoba AR/ES, `CA` California/Canada, `NL`
//!    Nuevo León/Netherlands, Georgia) takes the one its neighbours support: the state code after
//!    a city, the country named elsewhere in the text, else the most likely by kind and
//!    population. Bare ISO codes count only after a city or when they are not also a word or a
//!    state code.
//! 3. Roles: cues set the role of the places that follow (`except` → excluded, `within`,
//!    `must reside in` → allowed, `travel to` / `HQ` → other) until a hard break (`)`, `;`, a
//!    sentence end, ` - `); `only`, `-based` and `preferred` after a list of places change the
//!    list before them. In descriptions places count only under an explicit restriction cue.
//! 4. Time zones: `UTC-3 to UTC+1`, `CET ± 2h`, `within 3 hours of GMT-3`, `4h overlap with EST`,
//!    `Americas time zones`, or a bare zone in a location field.

use super::gazetteer::{AMBIGUOUS, CAPS, Cue, Entry, Gazetteer, Indexed, WEAK};
use super::text::{Kind, Tokens, tokenize};
use super::{
    CountryCode, Evidence, Field, Location, LocationInput, Place, PlaceKind, PlaceRole, Relocation,
    TimezoneRequirement, TzRange, Workplace, scan,
};
use crate::skills::fold::floor_char_boundary as floor;

/// Whether the text is a location field (every place counts) or a description (only places
/// under an explicit restriction count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Location,
    Description,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cand {
    Country(u16, u8),
    Code(u16),
    Sub(u16, u8),
    City(u32, u8),
    Group(u16),
}

/// The meanings of one name, kept inline: a name has a handful at most (namesake cities beyond
/// the eighth are dropped, the biggest come first in the data).
#[derive(Debug, Clone, Copy)]
struct Cands {
    items: [Cand; 8],
    len: u8,
}

impl Cands {
    const EMPTY: Cands = Cands {
        items: [Cand::Group(0); 8],
        len: 0,
    };

    fn push(&mut self, cand: Cand) {
        if let Some(slot) = self.items.get_mut(self.len as usize) {
            *slot = cand;
            self.len += 1;
        }
    }

    fn as_slice(&self) -> &[Cand] {
        &self.items[..self.len as usize]
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn len(&self) -> usize {
        self.len as usize
    }

    fn iter(&self) -> std::slice::Iter<'_, Cand> {
        self.as_slice().iter()
    }

    fn retain(&mut self, keep: impl Fn(&Cand) -> bool) {
        let mut kept = Cands::EMPTY;
        for c in self.as_slice() {
            if keep(c) {
                kept.push(*c);
            }
        }
        *self = kept;
    }
}

impl std::ops::Index<usize> for Cands {
    type Output = Cand;
    fn index(&self, i: usize) -> &Cand {
        &self.as_slice()[i]
    }
}

impl<'a> IntoIterator for &'a Cands {
    type Item = &'a Cand;
    type IntoIter = std::slice::Iter<'a, Cand>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// One matched phrase, separator, number or unknown word.
#[derive(Debug, Clone)]
struct Unit {
    first: usize,
    last: usize,
    cands: Cands,
    place: Option<Cand>,
    cue: Option<Cue>,
    zone: Option<u16>,
    sep: Option<u8>,
    num: Option<f32>,
}

impl Unit {
    fn new(first: usize, last: usize) -> Unit {
        Unit {
            first,
            last,
            cands: Cands::EMPTY,
            place: None,
            cue: None,
            zone: None,
            sep: None,
            num: None,
        }
    }

    fn is_word(&self) -> bool {
        self.place.is_none()
            && self.cue.is_none()
            && self.zone.is_none()
            && self.sep.is_none()
            && self.num.is_none()
    }
}

/// What one text says, before merging with other fields.
#[derive(Debug, Default)]
pub(crate) struct Facts {
    pub workplace: Vec<(Workplace, usize, usize)>,
    pub days: bool,
    pub places: Vec<Place>,
    pub timezone: Option<(TimezoneRequirement, usize, usize)>,
    pub relocation: Option<(bool, usize, usize)>,
    /// A capitalized unknown word before ", Country": a town the gazetteer does not know
    /// ("Heredia, Costa Rica"), so the job has a place.
    pub unknown_town: bool,
}

fn country_of(gaz: &Gazetteer, cand: Cand) -> Option<CountryCode> {
    match cand {
        Cand::Country(i, _) | Cand::Code(i) => Some(gaz.country_at(i).code),
        Cand::Sub(i, _) => Some(gaz.subdivision_at(i).country),
        Cand::City(i, _) => Some(gaz.city_at(i).country),
        Cand::Group(_) => None,
    }
}

/// Two-letter codes that are also words or state codes: never a country on their own.
const CODE_WORDS: &[&str] = &[
    "IN", "IT", "IS", "NO", "TO", "BE", "AS", "AT", "AM", "ME", "DO", "GO", "SO", "ID", "HI", "PE",
    "LA", "MA", "PA", "CO", "DE", "AL", "AR", "CA", "GA", "SC", "SE", "ES", "PR", "MT", "MS", "MG",
    "RS", "RN", "SP", "RJ", "BA", "CE", "AC", "AP", "PI", "NT", "SA", "WA", "PT", "ET", "CT", "TV",
    "AI", "BI", "PM", "AD", "CV", "IO", "UM", "MO", "NE", "GE", "VA", "SH", "TN", "KY", "NC", "ND",
    "SD", "MD", "MN", "NL", "PS", "TM", "SM", "CR", "LI", "LU", "GT",
];

/// State codes that stand on their own (no city before them): the others are words, shared by
/// several countries, or too rare alone ("IN", "OR", "CA", "GO", "PR").
const STANDALONE_STATES: &[&str] = &[
    "SP", "RJ", "MG", "RS", "DF", "TX", "NY", "NJ", "FL", "IL", "AZ", "NC", "MN", "WI", "CDMX",
];

/// Whether an index entry may be read for words `i..=j` as written: `^` names and short forms
/// only in capitals, three-letter forms capitalized, location-only cues and weak names not in
/// descriptions.
#[allow(clippy::too_many_arguments)]
fn keep(
    e: &Indexed,
    toks: &Tokens,
    i: usize,
    j: usize,
    key_len: usize,
    words: usize,
    mode: Mode,
    word_cue: bool,
) -> bool {
    let caps = || (i..=j).all(|k| toks.toks[k].caps);
    if e.flags & CAPS != 0 && !caps() {
        return false;
    }
    match e.entry {
        Entry::Cue(_, any) => mode == Mode::Location || any,
        _ => {
            let short = if words == 1 { key_len } else { usize::MAX };
            let title = toks.toks[i].title || caps();
            // A name that is also a connector or filler word ("para" / Pará) must be written
            // capitalized to be a place.
            !(short <= 2 && !caps()
                || short == 3 && !title
                || word_cue && !title
                || mode == Mode::Description && e.flags & WEAK != 0)
        }
    }
}

/// Whether some entry is a connector or filler word.
fn has_word_cue(entries: &[Indexed]) -> bool {
    entries
        .iter()
        .any(|e| matches!(e.entry, Entry::Cue(Cue::Conj | Cue::Filler, _)))
}

fn matches(gaz: &Gazetteer, toks: &Tokens, mode: Mode) -> Vec<Unit> {
    let n = toks.toks.len();
    let mut units = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let tok = toks.toks[i];
        if let Kind::Sep(c) = tok.kind {
            let mut u = Unit::new(i, i);
            u.sep = Some(c);
            units.push(u);
            i += 1;
            continue;
        }
        let mut found: Option<(usize, &[Indexed])> = None;
        let longest = gaz.words_from(toks.text(i)).min(n - i);
        for len in (1..=longest).rev() {
            let j = i + len - 1;
            let Some(key) = toks.phrase(i, j) else {
                continue;
            };
            let Some(entries) = gaz.lookup(key) else {
                continue;
            };
            if entries
                .iter()
                .any(|e| keep(e, toks, i, j, key.len(), len, mode, has_word_cue(entries)))
            {
                found = Some((j, entries));
                break;
            }
        }
        match found {
            Some((j, entries)) => {
                let mut u = Unit::new(i, j);
                let key_len = toks.toks[j].key_end - toks.toks[i].key_start;
                let word_cue = has_word_cue(entries);
                for e in entries
                    .iter()
                    .filter(|e| keep(e, toks, i, j, key_len as usize, j - i + 1, mode, word_cue))
                {
                    match e.entry {
                        Entry::Country(c) => u.cands.push(Cand::Country(c, e.flags)),
                        Entry::CountryCode(c) => u.cands.push(Cand::Code(c)),
                        Entry::Subdivision(s) => u.cands.push(Cand::Sub(s, e.flags)),
                        Entry::City(c) => u.cands.push(Cand::City(c, e.flags)),
                        Entry::Group(g) => u.cands.push(Cand::Group(g)),
                        Entry::Zone(z) => u.zone = Some(z),
                        Entry::Cue(cue, _) => {
                            u.cue.get_or_insert(cue);
                        }
                    }
                }
                if u.cands.is_empty() && u.cue.is_some() && j > i {
                    // "work from anywhere": the phrase is a cue, its last word also a region.
                    if let Some(last) = gaz.lookup(toks.text(j)) {
                        for e in last {
                            if let Entry::Group(g) = e.entry {
                                u.cands.push(Cand::Group(g));
                            }
                        }
                    }
                }
                if u.zone.is_some() && !u.cands.is_empty() {
                    // `PT`, `ET`: a zone unless a city before makes it a code.
                    u.cands
                        .retain(|c| matches!(c, Cand::Code(_) | Cand::Sub(..)));
                }
                units.push(u);
                i = j + 1;
            }
            None => {
                let mut u = Unit::new(i, i);
                u.num = tok.value;
                units.push(u);
                i += 1;
            }
        }
    }
    units
}

/// The index of the nearest unit before `at` that is a place, with only list punctuation
/// between.
fn place_before(units: &[Unit], at: usize) -> Option<usize> {
    let mut k = at;
    let mut steps = 0;
    while k > 0 && steps < 3 {
        k -= 1;
        steps += 1;
        let u = &units[k];
        if u.place.is_some() {
            return Some(k);
        }
        match u.sep {
            Some(b',' | b'-' | b'/' | b'(') => continue,
            _ => return None,
        }
    }
    None
}

fn place_after(units: &[Unit], at: usize) -> Option<usize> {
    let mut k = at + 1;
    let mut steps = 0;
    while k < units.len() && steps < 3 {
        let u = &units[k];
        if !u.cands.is_empty() {
            return Some(k);
        }
        match u.sep {
            Some(b',' | b'-' | b'/' | b'(') => {}
            _ => return None,
        }
        k += 1;
        steps += 1;
    }
    None
}

fn resolve(gaz: &Gazetteer, toks: &Tokens, units: &mut [Unit], mode: Mode) {
    // Countries named without doubt anchor the others.
    let mut anchors: Vec<CountryCode> = Vec::new();
    for u in units.iter() {
        if let [Cand::Country(c, flags)] = u.cands.as_slice()
            && flags & AMBIGUOUS == 0
        {
            anchors.push(gaz.country_at(*c).code);
        }
        if u.cands.len() == 1
            && let Cand::Sub(s, flags) = u.cands[0]
            && flags & (AMBIGUOUS | CAPS) == 0
        {
            anchors.push(gaz.subdivision_at(s).country);
        }
    }
    for at in 0..units.len() {
        if units[at].cands.is_empty() {
            continue;
        }
        let prev = place_before(units, at).and_then(|k| units[k].place);
        let prev_country = prev.and_then(|p| country_of(gaz, p));
        let prev_is_local = matches!(prev, Some(Cand::City(..) | Cand::Sub(..)));
        // "US/CA", "USA, MX": a code right after a country in a list is a country too.
        let after_country = matches!(prev, Some(Cand::Country(..) | Cand::Code(_)))
            && at > 0
            && matches!(units[at - 1].sep, Some(b'/' | b','));
        // "PT/BR": a code right before a country code in a list is a country too.
        let before_country = units
            .get(at + 1)
            .is_some_and(|u| matches!(u.sep, Some(b'/' | b',')))
            && units.get(at + 2).is_some_and(|u| {
                u.cands
                    .iter()
                    .any(|c| matches!(c, Cand::Country(..) | Cand::Code(_)))
                    && toks.toks[u.first].caps
            });
        let next_at = place_after(units, at);
        let next: Option<&[Cand]> = next_at.map(|k| units[k].cands.as_slice());
        let text = toks.text(units[at].first);
        // "City, State" shape: a country or state is not followed by a city or state of another
        // country, and a city not by a state of another country ("Nova Odessa, São Paulo").
        let foreign_next = |country: Option<CountryCode>, kind_is_city: bool| -> bool {
            let Some(next) = next else { return false };
            let same = next.iter().any(|n| country_of(gaz, *n) == country);
            let all_local = next
                .iter()
                .all(|n| matches!(n, Cand::Sub(..) | Cand::City(..)));
            let has_sub = next.iter().any(|n| matches!(n, Cand::Sub(..)));
            !same && all_local && (has_sub || !kind_is_city)
        };
        let mut best: Option<(f32, Cand)> = None;
        for &cand in &units[at].cands {
            let country = country_of(gaz, cand);
            let anchored = country.is_some_and(|c| anchors.contains(&c));
            let score = match cand {
                Cand::Country(_, flags) => {
                    let mut s = if flags & AMBIGUOUS != 0 { 25.0 } else { 50.0 };
                    if prev_is_local && prev_country == country {
                        s += 50.0;
                    }
                    s
                }
                Cand::Group(_) => 45.0,
                Cand::Code(c) => {
                    let code = gaz.country_at(c).code;
                    let mut s = if CODE_WORDS.contains(&code.as_str()) || mode == Mode::Description
                    {
                        -100.0
                    } else {
                        5.0
                    };
                    if after_country || before_country {
                        s += 150.0;
                    }
                    if prev_is_local && prev_country == Some(code) {
                        s += 200.0;
                    } else if prev_is_local
                        && prev_country.is_some_and(|pc| !gaz.has_subdivision(pc, code.as_str()))
                    {
                        s += 150.0;
                    }
                    if anchored {
                        s += 100.0;
                    }
                    s
                }
                Cand::Sub(s_idx, flags) => {
                    let sub = gaz.subdivision_at(s_idx);
                    let code_form = flags & CAPS != 0 || text.len() <= 3;
                    let mut s = if code_form { 10.0 } else { 40.0 };
                    if flags & AMBIGUOUS != 0 {
                        s -= 25.0;
                    }
                    let mut context = false;
                    if prev_is_local && prev_country == Some(sub.country) {
                        s += 200.0;
                        context = true;
                        if let Some(Cand::City(ci, _)) = prev
                            && gaz.city_at(ci).subdivision.as_deref() == Some(sub.code.as_str())
                        {
                            s += 30.0;
                        }
                    }
                    if anchored {
                        s += 100.0;
                        context = true;
                    }
                    if code_form
                        && !context
                        && (mode == Mode::Description
                            || !STANDALONE_STATES.contains(&sub.code.as_str()))
                    {
                        s -= 200.0;
                    }
                    s
                }
                Cand::City(ci, flags) => {
                    let city = gaz.city_at(ci);
                    let mut s = 20.0 + 2.0 * (city.population.max(1) as f32).log10();
                    if flags & WEAK != 0 {
                        s -= 5.0;
                    }
                    if anchored {
                        s += 100.0;
                    }
                    if let Some(next) = next {
                        let mut bonus: f32 = 0.0;
                        for n in next {
                            if country_of(gaz, *n) == Some(city.country) {
                                bonus = bonus.max(60.0);
                                if let Cand::Sub(si, _) = n {
                                    bonus = bonus.max(70.0);
                                    if city.subdivision.as_deref()
                                        == Some(gaz.subdivision_at(*si).code.as_str())
                                    {
                                        bonus = bonus.max(80.0);
                                    }
                                }
                            }
                        }
                        s += bonus;
                    }
                    if !prev_is_local && prev_country == Some(city.country) {
                        s += 50.0;
                    }
                    s
                }
            };
            let score = match cand {
                Cand::Country(..) | Cand::Sub(..) if foreign_next(country, false) => score - 60.0,
                Cand::City(..) if foreign_next(country, true) => score - 60.0,
                _ => score,
            };
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, cand));
            }
        }
        let chosen = best.filter(|(s, _)| *s > 0.0).map(|(_, c)| c);
        units[at].place = chosen;
    }
}

/// Byte span of tokens `first..=last` in the original text.
fn span(toks: &Tokens, first: usize, last: usize) -> (usize, usize) {
    (
        toks.toks[first].start as usize,
        toks.toks[last].end as usize,
    )
}

fn span_text(text: &str, toks: &Tokens, first: usize, last: usize) -> (usize, usize, String) {
    let start = toks.toks[first].start as usize;
    let end = toks.toks[last].end as usize;
    let s = text.get(start..end).unwrap_or("").to_string();
    (start, end, s)
}

fn make_place(
    gaz: &Gazetteer,
    cand: Cand,
    role: PlaceRole,
    field: Field,
    span: (usize, usize, String),
) -> Place {
    let (kind, name, country, region, members, group) = match cand {
        Cand::Country(i, _) | Cand::Code(i) => {
            let c = gaz.country_at(i);
            (
                PlaceKind::Country,
                c.name.clone(),
                Some(c.code),
                None,
                Vec::new(),
                None,
            )
        }
        Cand::Sub(i, _) => {
            let s = gaz.subdivision_at(i);
            (
                PlaceKind::Subdivision,
                s.code.clone(),
                Some(s.country),
                None,
                Vec::new(),
                None,
            )
        }
        Cand::City(i, _) => {
            let c = gaz.city_at(i);
            (
                PlaceKind::City,
                c.name.clone(),
                Some(c.country),
                None,
                Vec::new(),
                None,
            )
        }
        Cand::Group(i) => {
            let g = gaz.group_at(i);
            let members = if g.listed {
                g.members.clone()
            } else {
                Vec::new()
            };
            (
                PlaceKind::Region,
                g.id.clone(),
                None,
                g.region,
                members,
                Some(i),
            )
        }
    };
    Place {
        kind,
        name,
        country,
        region,
        members,
        role,
        field,
        text: span.2,
        start: span.0,
        end: span.1,
        group,
    }
}

/// Reads one text. `offset` is added to every span (description windows).
pub(crate) fn read(gaz: &Gazetteer, text: &str, mode: Mode, field: Field, offset: usize) -> Facts {
    thread_local! {
        // Token buffers reused across calls: most texts are short, and allocating them anew
        // for every sentence of every description was a large share of the time.
        static SCRATCH: std::cell::RefCell<Tokens> = std::cell::RefCell::new(Tokens::default());
    }
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut toks) => read_with(gaz, text, mode, field, offset, &mut toks),
        Err(_) => read_with(gaz, text, mode, field, offset, &mut Tokens::default()),
    })
}

fn read_with(
    gaz: &Gazetteer,
    text: &str,
    mode: Mode,
    field: Field,
    offset: usize,
    toks: &mut Tokens,
) -> Facts {
    tokenize(text, toks);
    let toks: &Tokens = toks;
    let mut units = matches(gaz, toks, mode);
    resolve(gaz, toks, &mut units, mode);
    let mut facts = Facts::default();
    let default_role = match mode {
        Mode::Location => Some(PlaceRole::Allowed),
        Mode::Description => None,
    };
    let mut role = default_role;
    // Roles of places seen, `None` = not (yet) counted; parallel to `places`.
    let mut places: Vec<(Place, Option<PlaceRole>)> = Vec::new();
    let mut list_start: Option<usize> = None;
    let mut list_open = false;
    let mut listed_since_cue = false;
    for (k, u) in units.iter().enumerate() {
        if let Some(c) = u.sep {
            let sign = c == b'-'
                && toks
                    .toks
                    .get(u.last + 1)
                    .is_some_and(|t| t.value.is_some() && t.glued);
            match c {
                b')' | b';' | b'.' | b'|' | b'\n' | b'(' => {
                    role = default_role;
                    list_open = false;
                    listed_since_cue = false;
                }
                b'-' if !sign => {
                    role = default_role;
                    list_open = false;
                    listed_since_cue = false;
                }
                _ => {}
            }
            continue;
        }
        if let Some(cand) = u.place {
            if !list_open {
                list_start = Some(places.len());
                list_open = true;
            }
            let found = span_text(text, toks, u.first, u.last);
            let found = (found.0 + offset, found.1 + offset, found.2);
            places.push((
                make_place(gaz, cand, PlaceRole::Allowed, field, found),
                role,
            ));
            listed_since_cue = true;
            if let Some(Cue::Remote) = u.cue {
                let (s, e) = span(toks, u.first, u.last);
                facts
                    .workplace
                    .push((Workplace::Remote, s + offset, e + offset));
            }
            continue;
        }
        let Some(cue) = u.cue else {
            if u.is_word()
                && let Some(cand) = elided_america(gaz, toks, &units, k)
            {
                // "South or Central America", "North/South America": the first is a region too.
                if !list_open {
                    list_start = Some(places.len());
                    list_open = true;
                }
                let found = span_text(text, toks, u.first, u.last);
                let found = (found.0 + offset, found.1 + offset, found.2);
                places.push((
                    make_place(gaz, cand, PlaceRole::Allowed, field, found),
                    role,
                ));
                listed_since_cue = true;
                continue;
            }
            if u.is_word() || u.num.is_some() || u.zone.is_some() {
                let t = toks.text(u.first);
                if matches!(
                    t,
                    "day"
                        | "days"
                        | "dia"
                        | "dias"
                        | "week"
                        | "weekly"
                        | "semana"
                        | "semanal"
                        | "x"
                        | "vezes"
                        | "veces"
                        | "times"
                        | "dias/semana"
                ) {
                    facts.days = true;
                }
                if list_open && listed_since_cue && role != default_role {
                    role = default_role;
                }
                list_open = false;
            }
            continue;
        };
        let (s, e) = span(toks, u.first, u.last);
        match cue {
            Cue::Conj | Cue::Filler => {}
            Cue::Remote | Cue::Hybrid | Cue::Onsite => {
                let w = match cue {
                    Cue::Remote => Workplace::Remote,
                    Cue::Hybrid => Workplace::Hybrid,
                    _ => Workplace::Onsite,
                };
                facts.workplace.push((w, s + offset, e + offset));
                list_open = false;
            }
            Cue::Within => {
                role = Some(PlaceRole::Allowed);
                list_open = false;
                listed_since_cue = false;
                implied_remote(gaz, toks, u, &mut facts, s + offset, e + offset);
            }
            Cue::Only => {
                implied_remote(gaz, toks, u, &mut facts, s + offset, e + offset);
                if let Some(start) = list_start
                    && preceded_by_place(&units, k)
                {
                    for p in &mut places[start..] {
                        if p.1 != Some(PlaceRole::Excluded) {
                            p.1 = Some(PlaceRole::Allowed);
                        }
                    }
                }
                list_open = false;
            }
            Cue::Except => {
                role = Some(PlaceRole::Excluded);
                list_open = false;
                listed_since_cue = false;
            }
            Cue::Preferred => {
                if let Some(start) = list_start
                    && preceded_by_place(&units, k)
                {
                    for p in &mut places[start..] {
                        if p.1 == Some(PlaceRole::Allowed)
                            || p.1.is_none() && mode == Mode::Location
                        {
                            p.1 = Some(PlaceRole::Preferred);
                        }
                    }
                } else {
                    role = Some(PlaceRole::Preferred);
                    listed_since_cue = false;
                }
                list_open = false;
            }
            Cue::Travel | Cue::Hq => {
                role = Some(PlaceRole::Other);
                list_open = false;
                listed_since_cue = false;
            }
            Cue::RelocationOffered | Cue::RelocationRequired => {
                let required = cue == Cue::RelocationRequired;
                if facts.relocation.is_none_or(|(r, _, _)| !r && required) {
                    facts.relocation = Some((required, s + offset, e + offset));
                }
                if mode == Mode::Location {
                    role = default_role;
                }
                list_open = false;
            }
            Cue::Overlap | Cue::Hours | Cue::TzWord | Cue::Pay => {}
        }
    }
    if mode == Mode::Description && units.iter().any(|u| u.cue == Some(Cue::Pay)) {
        // "For candidates located in California, New York... the base pay ranges from": pay
        // transparency, not a restriction.
        places.clear();
    }
    facts.places = places
        .into_iter()
        .filter_map(|(mut p, role)| {
            p.role = role?;
            Some(p)
        })
        .collect();
    if mode == Mode::Location {
        facts.unknown_town = units.windows(3).any(|w| {
            w[0].is_word()
                && w[0].num.is_none()
                && toks.toks[w[0].first].title
                && w[1].sep == Some(b',')
                && matches!(w[2].place, Some(Cand::Country(..)))
        });
    }
    let zones_named = units
        .iter()
        .any(|u| u.zone.is_some() || u.cue == Some(Cue::TzWord));
    if zones_named
        && let Some((tz, s, e, reference)) = timezone(gaz, text, toks, &units, mode, field, offset)
    {
        if let Some(at) = reference {
            for p in facts.places.iter_mut().filter(|p| p.start == at) {
                p.role = PlaceRole::Other;
            }
        }
        facts.timezone = Some((tz, s, e));
    }
    facts
}

/// A direction before a list connector and an "X America" region ("South or Central America",
/// "North/South America"): the region the direction names.
fn elided_america(gaz: &Gazetteer, toks: &Tokens, units: &[Unit], k: usize) -> Option<Cand> {
    let word = toks.text(units[k].first);
    if !matches!(word, "north" | "south" | "central" | "latin" | "northern") {
        return None;
    }
    let joiner = units.get(k + 1)?;
    let joined = joiner.sep == Some(b'/') || joiner.cue == Some(Cue::Conj);
    let next = units.get(k + 2)?;
    if !joined || !matches!(next.place, Some(Cand::Group(_))) || toks.text(next.last) != "america" {
        return None;
    }
    let key = format!("{word} america");
    gaz.lookup(&key)?.iter().find_map(|e| match e.entry {
        Entry::Group(g) => Some(Cand::Group(g)),
        _ => None,
    })
}

/// "remote in", "anywhere in", "trabajo remoto desde", "based remote": a word of the phrase is
/// itself a remote cue.
fn implied_remote(gaz: &Gazetteer, toks: &Tokens, u: &Unit, facts: &mut Facts, s: usize, e: usize) {
    let remote = (u.first..=u.last).any(|k| {
        gaz.lookup(toks.text(k)).is_some_and(|entries| {
            entries
                .iter()
                .any(|x| matches!(x.entry, Entry::Cue(Cue::Remote, _)))
        })
    });
    if remote {
        facts.workplace.push((Workplace::Remote, s, e));
    }
}

/// Whether the unit before `k` (skipping list punctuation and connectors) is a place.
fn preceded_by_place(units: &[Unit], k: usize) -> bool {
    let mut j = k;
    while j > 0 {
        j -= 1;
        let u = &units[j];
        if u.place.is_some() {
            return true;
        }
        if matches!(u.sep, Some(b',' | b'/' | b'-' | b'('))
            || matches!(u.cue, Some(Cue::Conj | Cue::Filler))
        {
            continue;
        }
        return false;
    }
    false
}

/// A zone value found in the units: its range and the units it covers.
#[derive(Debug, Clone, Copy)]
struct ZoneAt {
    range: TzRange,
    first: usize,
    last: usize,
}

fn zone_values(gaz: &Gazetteer, toks: &Tokens, units: &[Unit]) -> Vec<ZoneAt> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < units.len() {
        let u = &units[k];
        if let Some(z) = u.zone.filter(|_| u.place.is_none()) {
            let zone = gaz.zone_at(z);
            let mut range = TzRange {
                min: zone.min,
                max: zone.max,
            };
            let mut last = k;
            // UTC-3, GMT+5:30, UTC −03:00: an offset after UTC/GMT.
            if zone.min == 0.0
                && zone.max == 0.0
                && units.get(k + 1).is_some_and(|u| u.num == Some(0.0))
            {
                // "UTC 0", "UTC0".
                last = k + 1;
            } else if zone.min == 0.0
                && zone.max == 0.0
                && let (Some(sign), Some(num)) = (units.get(k + 1), units.get(k + 2))
                && let (Some(s @ (b'+' | b'-')), Some(v)) = (sign.sep, num.num)
                && v <= 14.0
                && toks.toks[num.first].glued
            {
                let v = if s == b'-' { -v } else { v };
                range = TzRange { min: v, max: v };
                last = k + 2;
            }
            out.push(ZoneAt {
                range,
                first: k,
                last,
            });
            k = last + 1;
            continue;
        }
        k += 1;
    }
    out
}

fn is_joiner(toks: &Tokens, u: &Unit) -> bool {
    if u.sep == Some(b'-') {
        return true;
    }
    matches!(
        toks.text(u.first),
        "to" | "a" | "ate" | "hasta" | "through" | "until" | "and" | "e" | "y" | "thru"
    ) && u.first == u.last
}

fn hours_before(units: &[Unit], at: usize, lo: usize) -> Option<(f32, usize)> {
    // A number followed by an hours unit ("4 hours", "4h", "4+ hours"), scanning back from `at`.
    let mut k = at;
    while k > lo {
        k -= 1;
        if units[k].cue == Some(Cue::Hours) {
            let mut j = k;
            while j > lo {
                j -= 1;
                if let Some(v) = units[j].num {
                    return Some((v, j));
                }
                if units[j].sep == Some(b'+') {
                    continue;
                }
                break;
            }
        }
    }
    None
}

fn hours_after(units: &[Unit], at: usize, hi: usize) -> Option<(f32, usize)> {
    let mut k = at + 1;
    while k < hi {
        if let Some(v) = units[k].num {
            let mut j = k + 1;
            while j < hi && units[j].sep == Some(b'+') {
                j += 1;
            }
            if j < hi && units[j].cue == Some(Cue::Hours) {
                return Some((v, j));
            }
        }
        k += 1;
    }
    None
}

/// Whether units `a..b` are all filler, connectors or these separators.
fn clause_bounds(units: &[Unit], at: usize) -> (usize, usize) {
    let hard = |u: &Unit| matches!(u.sep, Some(b';' | b'.' | b'|' | b'\n' | b'(' | b')'));
    let mut lo = at;
    while lo > 0 && !hard(&units[lo - 1]) && at - lo < 12 {
        lo -= 1;
    }
    let mut hi = at + 1;
    while hi < units.len() && !hard(&units[hi]) && hi - at < 12 {
        hi += 1;
    }
    (lo, hi)
}

fn timezone(
    gaz: &Gazetteer,
    text: &str,
    toks: &Tokens,
    units: &[Unit],
    mode: Mode,
    field: Field,
    offset: usize,
) -> Option<(TimezoneRequirement, usize, usize, Option<usize>)> {
    let zones = zone_values(gaz, toks, units);
    let mut found: Option<(TzRange, TzRange, Option<f32>, usize, usize)> = None;
    let mut i = 0;
    while i < zones.len() && found.is_none() {
        let z = zones[i];
        let (lo, hi) = clause_bounds(units, z.first);
        let mut zone = z.range;
        let mut first = z.first;
        let mut last = z.last;
        // Ranges: Z1 to Z2, between Z1 and Z2.
        if let Some(z2) = zones.get(i + 1)
            && z2.first == z.last + 2
            && is_joiner(toks, &units[z.last + 1])
        {
            zone = TzRange {
                min: z.range.min.min(z2.range.min),
                max: z.range.max.max(z2.range.max),
            };
            last = z2.last;
            i += 1;
        }
        let mut accepted = zone;
        let mut overlap = None;
        // Tolerances and overlaps are requirements wherever they are written.
        let mut explicit = false;
        // Tolerance: Z ± N hours, Z (+/- N hours).
        let paren = usize::from(units.get(last + 1).is_some_and(|u| u.sep == Some(b'(')));
        if let (Some(pm), Some(n)) = (units.get(last + 1 + paren), units.get(last + 2 + paren))
            && pm.sep == Some(b'~')
            && let Some(v) = n.num
        {
            accepted = TzRange {
                min: zone.min - v,
                max: zone.max + v,
            };
            last += 2 + paren;
            if units
                .get(last + 1)
                .is_some_and(|u| u.cue == Some(Cue::Hours))
            {
                last += 1;
            }
            explicit = true;
        } else if let Some(w) = (lo..first).find(|&k| {
            units[k].cue == Some(Cue::Within) && toks.text(units[k].first) == "within"
                || units[k].sep == Some(b'~')
        }) && let Some((v, _)) = hours_after(units, w, first)
        {
            // within N hours of Z
            accepted = TzRange {
                min: zone.min - v,
                max: zone.max + v,
            };
            first = w;
            explicit = true;
        } else if let Some(ov) = (lo..hi).find(|&k| units[k].cue == Some(Cue::Overlap)) {
            let n = hours_before(units, first, lo.min(ov))
                .or_else(|| hours_after(units, ov, first))
                .or_else(|| hours_after(units, last, hi))
                .map_or(4.0, |(v, _)| v)
                .clamp(1.0, 8.0);
            overlap = Some(n);
            accepted = TzRange {
                min: zone.min - (8.0 - n),
                max: zone.max + (8.0 - n),
            };
            first = first.min(ov);
            let mut from = ov;
            while from > lo
                && (units[from - 1].num.is_some()
                    || units[from - 1].cue == Some(Cue::Hours)
                    || units[from - 1].sep == Some(b'+'))
            {
                from -= 1;
            }
            first = first.min(from);
            explicit = true;
        }
        if !explicit && mode == Mode::Description {
            // A bare zone or range in a description counts only under a restriction ("based
            // within UTC-1 to UTC+2"); "a team across time zones (BST and PST)" is not one.
            let context = (lo..hi).any(|k| matches!(units[k].cue, Some(Cue::Within | Cue::Only)));
            if !context {
                i += 1;
                continue;
            }
        }
        found = Some((zone, accepted, overlap, first, last));
        i += 1;
    }
    let other_places = units
        .iter()
        .enumerate()
        .filter(|(k, u)| {
            u.place.is_some() && units.get(k + 1).is_none_or(|n| n.cue != Some(Cue::TzWord))
        })
        .count();
    let mut reference = None;
    if found.is_none() {
        // "Americas time zones", "USA timezones", "European hours": a requirement when it is the
        // only place (in a list of places it is one more place), or when an overlap is asked
        // ("overlap with US business hours": then the place is only the zone's reference).
        for k in 1..units.len() {
            if units[k].cue != Some(Cue::TzWord) {
                continue;
            }
            let Some(place) = units[k - 1].place else {
                continue;
            };
            let (lo, hi) = clause_bounds(units, k);
            let ov = (lo..hi).find(|&j| units[j].cue == Some(Cue::Overlap));
            if ov.is_none() && other_places > 0 {
                continue;
            }
            let range = match place {
                Cand::Country(i, _) | Cand::Code(i) => {
                    let c = gaz.country_at(i);
                    Some((c.utc_min, c.utc_max))
                }
                Cand::Group(g) => gaz.group_offsets(gaz.group_at(g)),
                _ => None,
            };
            if let Some((min, max)) = range {
                let r = TzRange { min, max };
                match ov {
                    Some(ov) => {
                        let n = hours_before(units, k - 1, lo)
                            .or_else(|| hours_after(units, ov, hi))
                            .map_or(4.0, |(v, _)| v)
                            .clamp(1.0, 8.0);
                        let accepted = TzRange {
                            min: min - (8.0 - n),
                            max: max + (8.0 - n),
                        };
                        found = Some((r, accepted, Some(n), ov.min(k - 1), k.max(ov)));
                        reference = Some(toks.toks[units[k - 1].first].start as usize + offset);
                    }
                    None => found = Some((r, r, None, k - 1, k)),
                }
                break;
            }
        }
    }
    let (zone, accepted, overlap_hours, first, last) = found?;
    let (s, e, phrase) = span_text(text, toks, units[first].first, units[last].last);
    Some((
        TimezoneRequirement {
            zone,
            accepted,
            overlap_hours,
            text: phrase,
            field,
        },
        s + offset,
        e + offset,
        reference,
    ))
}

/// The most flexible arrangement among the cues; remote with hybrid and a count of days is
/// hybrid ("hybrid, remote 2 days a week").
fn decide_workplace(facts: &Facts) -> Option<Workplace> {
    let has = |w| facts.workplace.iter().any(|(x, _, _)| *x == w);
    if has(Workplace::Remote) && has(Workplace::Hybrid) && facts.days {
        return Some(Workplace::Hybrid);
    }
    facts.workplace.iter().map(|(w, _, _)| *w).max()
}

/// Evidence for a phrase at `s..e` of `text`.
fn evidence(field: Field, fact: &'static str, s: usize, e: usize, text: &str) -> Evidence {
    Evidence {
        fact,
        text: text.get(s..e).unwrap_or("").to_string(),
        field,
        start: s,
        end: e,
    }
}

pub(crate) fn parse(gaz: &Gazetteer, input: &LocationInput<'_>) -> Location {
    let mut loc = Location::default();
    loc.places.reserve(8);
    loc.evidence.reserve(4);
    loc.countries.reserve(4);
    let mut workplace: Option<Workplace> = None;
    let mut implied: Option<Workplace> = None;

    // The location field and the list-like structured fields.
    let mut sources: Vec<(Field, &str)> = vec![(Field::Location, input.location)];
    if let Some(crl) = input.hints.candidate_required_location {
        sources.push((Field::CandidateRequiredLocation, crl));
    }
    for item in input.hints.location_restrictions {
        sources.push((Field::LocationRestrictions, item));
    }
    for (field, text) in sources {
        if text.trim().is_empty() {
            continue;
        }
        let facts = read(gaz, text, Mode::Location, field, 0);
        let bounded = &text[..floor(text, super::text::MAX_TEXT)];
        for (_, s, e) in &facts.workplace {
            loc.evidence
                .push(evidence(field, "workplace", *s, *e, bounded));
        }
        let w = decide_workplace(&facts);
        if let Some(w) = w {
            workplace = workplace.max(Some(w));
        }
        if field != Field::Location {
            // Remotive and Himalayas list where a remote job is open.
            implied = implied.max(Some(Workplace::Remote));
        } else if w.is_none() {
            let local = facts.places.iter().any(|p| {
                p.role == PlaceRole::Allowed
                    && matches!(p.kind, PlaceKind::City | PlaceKind::Subdivision)
            });
            let anywhere = facts
                .places
                .iter()
                .any(|p| p.role == PlaceRole::Allowed && p.name == "worldwide");
            if anywhere {
                implied = implied.max(Some(Workplace::Remote));
            } else if local || facts.unknown_town {
                implied = implied.max(Some(Workplace::Onsite));
            }
        }
        merge(&mut loc, facts, text);
    }

    // The source's country.
    if let Some(country) = input.hints.country {
        let found = CountryCode::parse(country)
            .filter(|_| country.trim().len() == 2)
            .and_then(|c| gaz.country(c))
            .or_else(|| gaz.country_by_name(country));
        if let Some(c) = found {
            let place = Place {
                kind: PlaceKind::Country,
                name: c.name.clone(),
                country: Some(c.code),
                region: None,
                members: Vec::new(),
                role: PlaceRole::Allowed,
                field: Field::Country,
                text: country.to_string(),
                start: 0,
                end: country.len(),
                group: None,
            };
            loc.places.push(place);
        }
    }

    // The description: only explicit phrases.
    if let Some(description) = input.description {
        let facts = scan::scan(gaz, description, input.folded);
        let bounded = &description[..floor(description, scan::MAX_DESCRIPTION)];
        for (_, s, e) in &facts.workplace {
            loc.evidence
                .push(evidence(Field::Description, "workplace", *s, *e, bounded));
        }
        if workplace.is_none() {
            workplace = decide_workplace(&facts);
        }
        merge(&mut loc, facts, description);
    }

    loc.workplace = workplace.or(implied);
    if let Some(w) = input.hints.workplace_type.and_then(Workplace::parse) {
        loc.workplace = Some(w);
        loc.evidence.push(Evidence {
            fact: "workplace",
            text: input.hints.workplace_type.unwrap_or("").to_string(),
            field: Field::WorkplaceType,
            start: 0,
            end: input.hints.workplace_type.map_or(0, str::len),
        });
    } else if input.hints.remote == Some(true) {
        loc.workplace = Some(Workplace::Remote);
        loc.evidence.push(Evidence {
            fact: "workplace",
            text: "true".into(),
            field: Field::Remote,
            start: 0,
            end: 0,
        });
    }

    // Countries and regions in order of first mention.
    for p in &loc.places {
        match p.role {
            PlaceRole::Allowed | PlaceRole::Preferred => {
                if let Some(c) = p.country
                    && !loc.countries.contains(&c)
                {
                    loc.countries.push(c);
                }
                for c in &p.members {
                    if !loc.countries.contains(c) {
                        loc.countries.push(*c);
                    }
                }
                if let Some(r) = p.region
                    && !loc.regions.contains(&r)
                {
                    loc.regions.push(r);
                }
            }
            PlaceRole::Excluded => {
                if let Some(c) = p.country
                    && !loc.excluded_countries.contains(&c)
                {
                    loc.excluded_countries.push(c);
                }
            }
            PlaceRole::Other => {}
        }
    }
    loc
}

fn merge(loc: &mut Location, facts: Facts, text: &str) {
    // Places carry their own phrase and span; evidence lists the other facts.
    loc.places.extend(facts.places);
    if loc.timezone.is_none()
        && let Some((tz, s, e)) = facts.timezone
    {
        loc.evidence.push(Evidence {
            fact: "timezone",
            text: tz.text.clone(),
            field: tz.field,
            start: s,
            end: e,
        });
        loc.timezone = Some(tz);
    }
    if let Some((required, s, e)) = facts.relocation
        && loc
            .relocation
            .as_ref()
            .is_none_or(|r| !r.required && required)
    {
        let field = loc.places.last().map_or(Field::Location, |p| p.field);
        let phrase = text.get(s..e).unwrap_or("").to_string();
        loc.evidence.push(Evidence {
            fact: "relocation",
            text: phrase.clone(),
            field,
            start: s,
            end: e,
        });
        loc.relocation = Some(Relocation {
            required,
            text: phrase,
            field,
        });
    }
}
