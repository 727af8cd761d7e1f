//! Reading a resume's text: contacts, work entries, education, skills, languages.

use crate::posting::location::{Gazetteer, LocationInput, PlaceKind, parse_location};
use crate::skills::SkillEngine;

use super::contact::{Link, find_email, find_links, find_phone, looks_like_name, tidy_name};
use super::dates::{DateRange, PartialDate, RangeEnd, find_date, find_range};
use super::fold::{fold, words};
use super::model::{
    Basics, Certificate, Education, JsonResume, LanguageItem, Profile, ResumeLocation, SkillGroup,
    Work,
};
use super::sections::{Block, Line, Section, split_lines, split_sections};

/// A work entry with its dates as read.
#[derive(Debug, Clone)]
pub struct WorkRead {
    /// The JSON Resume entry.
    pub work: Work,
    /// The start, when found.
    pub start: Option<PartialDate>,
    /// How it ends.
    pub end: RangeEnd,
}

/// What the text parser found, before the derived facts.
#[derive(Debug, Default)]
pub struct TextRead {
    /// The document (without `meta.vaga`).
    pub resume: JsonResume,
    /// Work entries with dates.
    pub work: Vec<WorkRead>,
    /// The text the skills are read from (summary, experience, skills, projects, certificates).
    pub skill_text: String,
    /// Warnings.
    pub warnings: Vec<String>,
}

/// Folded words that make a phrase a job title.
pub fn is_title_word(w: &str) -> bool {
    matches!(
        w,
        "engineer"
            | "engenheiro"
            | "engenheira"
            | "ingeniero"
            | "ingeniera"
            | "analyst"
            | "analista"
            | "scientist"
            | "cientista"
            | "cientifico"
            | "cientifica"
            | "developer"
            | "desenvolvedor"
            | "desenvolvedora"
            | "desarrollador"
            | "desarrolladora"
            | "programmer"
            | "programador"
            | "programadora"
            | "manager"
            | "gerente"
            | "gestor"
            | "gestora"
            | "head"
            | "lead"
            | "leader"
            | "lider"
            | "director"
            | "diretor"
            | "diretora"
            | "directora"
            | "jefe"
            | "jefa"
            | "chefe"
            | "coordinator"
            | "coordenador"
            | "coordenadora"
            | "coordinador"
            | "coordinadora"
            | "consultant"
            | "consultor"
            | "consultora"
            | "intern"
            | "internship"
            | "estagiario"
            | "estagiaria"
            | "estagio"
            | "pasante"
            | "becario"
            | "becaria"
            | "practicante"
            | "trainee"
            | "researcher"
            | "pesquisador"
            | "pesquisadora"
            | "investigador"
            | "investigadora"
            | "assistant"
            | "assistente"
            | "asistente"
            | "architect"
            | "arquiteto"
            | "arquiteta"
            | "arquitecto"
            | "arquitecta"
            | "specialist"
            | "especialista"
            | "statistician"
            | "estatistico"
            | "administrator"
            | "administrador"
            | "administradora"
            | "technician"
            | "tecnico"
            | "professor"
            | "professora"
            | "profesor"
            | "profesora"
            | "teacher"
            | "docente"
            | "auxiliar"
            | "freelancer"
            | "founder"
            | "cofounder"
            | "fundador"
            | "fundadora"
            | "cto"
            | "ceo"
            | "cdo"
            | "vp"
            | "president"
            | "officer"
            | "associate"
            | "designer"
            | "sre"
            | "devops"
            | "tutor"
            | "monitor"
            | "instructor"
            | "instrutor"
            | "instrutora"
            | "supervisor"
            | "supervisora"
            | "executive"
            | "owner"
            | "senior"
            | "junior"
            | "pleno"
            | "sr"
            | "jr"
            | "staff"
            | "principal"
            | "aprendiz"
            | "ayudante"
            | "tester"
            | "accountant"
            | "contador"
            | "contadora"
            | "economist"
            | "economista"
            | "editor"
            | "bolsista"
            | "volunteer"
            | "voluntario"
            | "voluntaria"
            | "fellow"
            | "postdoc"
            | "postdoctoral"
            | "lecturer"
            | "operador"
            | "operator"
            | "mentor"
            | "scrum"
            | "quant"
            | "strategist"
            | "estrategista"
            | "actuary"
            | "atuario"
            | "atuaria"
            | "actuario"
            | "actuaria"
            | "chemist"
            | "quimico"
            | "quimica"
            | "physicist"
            | "biologo"
            | "biologa"
    )
}

fn is_language_name(w: &str) -> bool {
    matches!(
        w,
        "portuguese"
            | "portugues"
            | "english"
            | "ingles"
            | "spanish"
            | "espanhol"
            | "espanol"
            | "castellano"
            | "french"
            | "frances"
            | "german"
            | "alemao"
            | "aleman"
            | "italian"
            | "italiano"
            | "japanese"
            | "japones"
            | "chinese"
            | "chines"
            | "chino"
            | "mandarin"
            | "mandarim"
            | "korean"
            | "coreano"
            | "russian"
            | "russo"
            | "ruso"
            | "arabic"
            | "arabe"
            | "hebrew"
            | "hebraico"
            | "hebreo"
            | "dutch"
            | "holandes"
            | "catalan"
            | "catala"
            | "guarani"
            | "libras"
            | "hindi"
            | "polish"
            | "polones"
            | "polaco"
            | "turkish"
            | "turco"
            | "swedish"
            | "sueco"
            | "greek"
            | "grego"
            | "griego"
    )
}

fn is_level_word(w: &str) -> bool {
    matches!(
        w,
        "native"
            | "nativo"
            | "nativa"
            | "materna"
            | "mother"
            | "fluent"
            | "fluente"
            | "fluido"
            | "fluida"
            | "advanced"
            | "avancado"
            | "avancada"
            | "avanzado"
            | "avanzada"
            | "intermediate"
            | "intermediario"
            | "intermediaria"
            | "intermedio"
            | "intermedia"
            | "basic"
            | "basico"
            | "basica"
            | "elementary"
            | "beginner"
            | "iniciante"
            | "conversational"
            | "conversacional"
            | "proficient"
            | "professional"
            | "bilingual"
            | "bilingue"
            | "a1"
            | "a2"
            | "b1"
            | "b2"
            | "c1"
            | "c2"
            | "nocoes"
            | "tecnico"
            | "tecnica"
            | "working"
            | "limited"
            | "full"
    )
}

/// Words that end a header region's name candidates: headings, job words, languages, places.
fn name_stop(w: &str) -> bool {
    is_title_word(w)
        || is_language_name(w)
        || is_level_word(w)
        || matches!(
            w,
            "data"
                | "dados"
                | "datos"
                | "curriculum"
                | "vitae"
                | "resume"
                | "cv"
                | "contact"
                | "contato"
                | "contacto"
                | "skills"
                | "habilidades"
                | "remote"
                | "remoto"
                | "brasil"
                | "brazil"
                | "university"
                | "universidade"
                | "universidad"
                | "ltda"
                | "inc"
                | "sa"
                | "machine"
                | "learning"
                | "software"
                | "power"
                | "analytics"
                | "details"
                | "detalhes"
                | "skill"
                | "education"
                | "experience"
                | "summary"
                | "profile"
                | "objective"
                | "career"
                | "personal"
                | "information"
                | "diploma"
                | "aggregate"
                | "board"
                | "school"
                | "college"
                | "institute"
                | "page"
                | "references"
                | "curriculo"
                | "hoja"
                | "vida"
                | "projects"
                | "company"
                | "technologies"
                | "tools"
                | "languages"
        )
}

/// A name without trailing credentials (`, PhD`, ` MBA`, ` MSc`, ` CFA`, ` PMP`).
fn strip_credentials(text: &str) -> &str {
    let mut t = text.trim();
    loop {
        let cut = t.rfind([' ', ',']).unwrap_or(0);
        let last = t[cut..].trim_matches(|c: char| c == ',' || c == ' ');
        let is_credential = matches!(
            fold(last).replace('.', "").as_str(),
            "phd" | "msc" | "mba" | "cfa" | "pmp" | "cpa" | "dsc" | "mphil" | "meng" | "bsc"
        );
        if cut == 0 || !is_credential {
            return t;
        }
        t = t[..cut].trim_end_matches([',', ' ']);
    }
}

/// "João Pereira Júnior", "Carlos Souza Jr.": a last word that is a family suffix, not a level.
fn name_suffix(line: &str, word: &str) -> bool {
    let ws = words(line);
    matches!(word, "junior" | "jr")
        && ws.len() >= 3
        && ws.last().is_some_and(|w| w == word)
        && ws[..ws.len() - 1].iter().all(|w| !is_title_word(w))
}

fn is_institution(part: &str) -> bool {
    words(part).iter().any(|w| {
        w.starts_with("univ")
            || w.starts_with("facul")
            || matches!(
                w.as_str(),
                "instituto"
                    | "institute"
                    | "institut"
                    | "college"
                    | "school"
                    | "escola"
                    | "escuela"
                    | "fundacao"
                    | "fundacion"
                    | "politecnico"
                    | "politecnica"
                    | "polytechnic"
                    | "academy"
                    | "academia"
                    | "colegio"
                    | "cefet"
                    | "fatec"
                    | "etec"
                    | "senai"
                    | "senac"
                    | "insper"
                    | "fiap"
                    | "unicamp"
                    | "usp"
                    | "unifesp"
                    | "unesp"
                    | "itba"
                    | "itam"
                    | "unam"
                    | "ufrj"
                    | "ufmg"
                    | "puc"
                    | "fgv"
                    | "ibmec"
                    | "mackenzie"
                    | "ita"
                    | "ime"
                    | "uba"
                    | "utn"
                    | "ipn"
                    | "tecnologico"
                    | "centro"
                    | "conservatorio"
                    | "seminario"
            )
    })
}

/// The normalised degree type a text names, if any.
pub fn study_type(text: &str) -> Option<&'static str> {
    let ws = words(text);
    let has = |w: &str| ws.iter().any(|x| x == w);
    let seq = |a: &str, b: &str| ws.windows(2).any(|p| p[0] == a && p[1] == b);
    let first = ws.first().map_or("", String::as_str);
    if matches!(first, "ba" | "bs") && ws.len() > 1 {
        return Some("Bachelor");
    }
    if matches!(first, "ms" | "ma") && ws.len() > 1 {
        return Some("Master");
    }
    if has("mba") || (has("business") && has("administration") && has("master")) {
        return Some("MBA");
    }
    if has("phd")
        || seq("ph", "d")
        || has("doutorado")
        || has("doutor")
        || has("doctorado")
        || has("doctorate")
        || has("dsc")
        || seq("d", "sc")
        || (has("doctor") && !has("medicine"))
    {
        return Some("PhD");
    }
    if has("mestrado")
        || has("mestre")
        || has("maestria")
        || has("magister")
        || has("master")
        || has("masters")
        || has("msc")
        || seq("m", "sc")
        || seq("m", "s")
        || seq("m", "eng")
        || has("meng")
        || has("mphil")
    {
        return Some("Master");
    }
    if seq("pos", "graduacao")
        || seq("pos", "graduacion")
        || has("especializacao")
        || has("especializacion")
        || has("posgrado")
        || has("postgrado")
        || has("postgraduate")
        || has("lato")
        || has("diplomado")
    {
        return Some("Specialization");
    }
    if has("bacharelado")
        || has("bacharel")
        || has("licenciatura")
        || has("licenciado")
        || has("licenciada")
        || has("ingenieria")
        || has("engenharia") && ws.first().is_some_and(|w| w == "engenharia")
        || has("bachelor")
        || has("bachelors")
        || has("bsc")
        || seq("b", "sc")
        || seq("b", "s")
        || seq("b", "a")
        || seq("b", "eng")
        || has("beng")
        || has("graduacao")
        || has("tecnologo")
        || has("tecnologa")
        || seq("superior", "de")
        || has("undergraduate")
    {
        return Some("Bachelor");
    }
    if has("tecnico") || has("technician") || has("tecnica") && seq("tecnica", "em") {
        return Some("Technical");
    }
    if seq("ensino", "medio") || seq("high", "school") || has("bachillerato") {
        return Some("High School");
    }
    None
}

/// The field of study after the degree word (`Bacharelado em Ciências Econômicas` →
/// `Ciências Econômicas`, `B.Sc. Computer Science` → `Computer Science`).
fn study_area(part: &str) -> Option<String> {
    let lower = fold(part);
    for marker in [" em ", " en ", " in ", " of ", " de "] {
        if let Some(at) = lower.find(marker) {
            // Folding keeps byte offsets only for ASCII prefixes; map by char count instead.
            let chars_before = lower[..at].chars().count();
            let marker_chars = marker.chars().count();
            let rest: String = part.chars().skip(chars_before + marker_chars).collect();
            let rest = rest.trim().trim_end_matches([',', '.', ';']).trim();
            if !rest.is_empty() {
                return Some(rest.to_string());
            }
        }
    }
    // "B.Sc. Computer Science": what follows an abbreviation.
    let trimmed = part.trim();
    if let Some(at) = trimmed.rfind(". ") {
        let rest = trimmed[at + 2..].trim();
        if !rest.is_empty() && study_type(rest).is_none() {
            return Some(rest.to_string());
        }
    }
    let ws: Vec<&str> = trimmed.split_whitespace().collect();
    if ws.len() >= 2 && fold(ws[0]).starts_with("ingenier") || fold(ws[0]).starts_with("engenhar") {
        return Some(trimmed.to_string());
    }
    None
}

/// At most this many profile links are kept.
const MAX_PROFILES: usize = 20;

/// How much of a line is read as a header (title, company, place) or an education line.
const MAX_HEADER_BYTES: usize = 600;

/// One piece of a header line between separators.
#[derive(Debug, Clone)]
struct Part {
    text: String,
    /// The separator before it (`,`, `-`, `|`).
    sep_before: &'static str,
    line: usize,
}

/// Splits a header line at ` | `, ` — `, ` – `, ` - `, ` · `, ` @ `, ` at `, `, `.
fn split_parts(text: &str, line: usize) -> Vec<Part> {
    split_parts_with(text, line, true)
}

/// [`split_parts`]; `at_word` also splits at ` at ` (not for school names:
/// "University of Texas at Austin").
fn split_parts_with(text: &str, line: usize, at_word: bool) -> Vec<Part> {
    // A header is short: only its first 600 bytes are split (keeps long lines linear).
    let mut end = text.len().min(MAX_HEADER_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    const SEPS: &[(&str, &str)] = &[
        (" | ", "|"),
        ("|", "|"),
        (" — ", "-"),
        (" – ", "-"),
        (" - ", "-"),
        (" · ", "|"),
        ("·", "|"),
        (" • ", "|"),
        (" @ ", "|"),
        (" at ", "|"),
        (", ", ","),
        ("; ", "|"),
    ];
    let mut parts = Vec::new();
    let mut rest = text;
    let mut sep_before: &'static str = "";
    loop {
        let next = SEPS
            .iter()
            .filter(|(s, _)| at_word || *s != " at ")
            .filter_map(|(s, kind)| rest.find(s).map(|at| (at, s.len(), *kind)))
            .min_by_key(|(at, len, _)| (*at, usize::MAX - len));
        match next {
            Some((at, len, kind)) => {
                push_part(&mut parts, &rest[..at], sep_before, line);
                sep_before = kind;
                rest = &rest[at + len..];
            }
            None => {
                push_part(&mut parts, rest, sep_before, line);
                break;
            }
        }
    }
    parts
}

fn push_part(parts: &mut Vec<Part>, text: &str, sep_before: &'static str, line: usize) {
    let mut text = text
        .trim()
        .trim_matches(|c: char| matches!(c, '|' | '·' | '—' | '–' | ',' | ';' | ':' | '•'))
        .trim();
    // "Date: …", "Location: São Paulo", "Empresa: …": labels are not values.
    if let Some((label, rest)) = text.split_once(':')
        && matches!(
            fold(label.trim()).as_str(),
            "date"
                | "dates"
                | "period"
                | "periodo"
                | "location"
                | "local"
                | "localizacao"
                | "ubicacion"
                | "lugar"
                | "company"
                | "empresa"
                | "role"
                | "cargo"
                | "position"
                | "puesto"
                | "title"
        )
    {
        text = rest.trim();
    }
    if matches!(
        fold(text).as_str(),
        "date" | "dates" | "period" | "periodo" | "location"
    ) {
        return;
    }
    if text.chars().any(char::is_alphanumeric) {
        parts.push(Part {
            text: text.to_string(),
            sep_before,
            line,
        });
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum PartKind {
    Title,
    Place,
    Other,
}

fn is_remote_word(text: &str) -> bool {
    let f = fold(text);
    let f = f.trim_matches(|c: char| !c.is_alphanumeric());
    matches!(
        f,
        "remote"
            | "remoto"
            | "remota"
            | "home office"
            | "hibrido"
            | "hybrid"
            | "presencial"
            | "on-site"
            | "onsite"
            | "anywhere"
            | "teletrabajo"
            | "100% remoto"
            | "remote first"
    )
}

/// Whether a short text is (mostly) a place: the places found cover most of its letters.
fn is_place(gaz: &Gazetteer, text: &str) -> bool {
    if is_remote_word(text) {
        return true;
    }
    if text.chars().count() > 60 {
        return false;
    }
    let loc = parse_location(gaz, &LocationInput::text(text));
    let letters = text.chars().filter(|c| c.is_alphabetic()).count().max(1);
    let covered: usize = loc
        .places
        .iter()
        .map(|p| p.text.chars().filter(|c| c.is_alphabetic()).count())
        .sum();
    !loc.places.is_empty() && covered * 10 >= letters * 7
}

fn classify(gaz: &Gazetteer, text: &str) -> PartKind {
    let ws = words(text);
    if ws.iter().any(|w| is_title_word(w)) {
        PartKind::Title
    } else if is_place(gaz, text) {
        PartKind::Place
    } else {
        PartKind::Other
    }
}

/// The text of a line without the date range's span, tidied.
fn residue(text: &str, range: &DateRange) -> String {
    let start = range.span.start.min(text.len());
    let end = range.span.end.clamp(start, text.len());
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
        return text.to_string();
    };
    let joined = format!("{} | {}", before.trim(), after.trim());
    let cleaned = joined.replace("()", "").replace("( )", "");
    let parts = split_parts_with(&cleaned, 0, false);
    parts
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The text without remote/hybrid words and the separators around them.
fn strip_remote(text: &str) -> &str {
    let mut t = text.trim();
    for _ in 0..2 {
        let before = t;
        for sep in [" — ", " – ", " - ", ", ", " / ", " | "] {
            if let Some((a, b)) = t.split_once(sep) {
                if is_remote_word(a) {
                    t = b.trim();
                } else if is_remote_word(b.trim_matches(|c: char| matches!(c, '(' | ')'))) {
                    t = a.trim();
                }
            }
        }
        if let Some(open) = t.rfind(" (")
            && is_remote_word(t[open + 2..].trim_end_matches(')'))
        {
            t = t[..open].trim();
        }
        if t == before {
            break;
        }
    }
    t
}

fn trim_punct(text: &str) -> String {
    let mut t = text
        .trim()
        .trim_matches(|c: char| matches!(c, '|' | '·' | '—' | '–' | '-' | ',' | ';' | ':' | '•'))
        .trim();
    // Parentheses only when unbalanced ("(UFMG)" stays, "(2014" loses its "(").
    loop {
        let open = t.matches('(').count();
        let close = t.matches(')').count();
        if t.ends_with(')') && close > open {
            t = t[..t.len() - 1].trim_end();
        } else if t.starts_with('(') && open > close {
            t = t[1..].trim_start();
        } else if t.ends_with('(') {
            t = t[..t.len() - 1].trim_end();
        } else {
            break;
        }
    }
    t.to_string()
}

/// The text parser; see [`super::ResumeParser`].
pub fn read_text(text: &str, engine: &SkillEngine) -> TextRead {
    let reflowed = super::reflow::label_column(text);
    let text = reflowed.as_deref().unwrap_or(text);
    let gaz = Gazetteer::builtin();
    let mut out = TextRead::default();
    let blocks = split_sections(split_lines(text));
    let mut basics = Basics::default();
    let mut languages: Vec<LanguageItem> = Vec::new();

    // Contacts: the header and contact blocks first, then everything else.
    let order: Vec<&Block> = blocks
        .iter()
        .filter(|b| matches!(b.section, Section::Header | Section::Contact))
        .chain(
            blocks
                .iter()
                .filter(|b| !matches!(b.section, Section::Header | Section::Contact)),
        )
        .collect();
    let mut contact_lines: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for block in &order {
        let near_top = matches!(
            block.section,
            Section::Header | Section::Contact | Section::Other
        );
        for line in &block.lines {
            let mut is_contact = false;
            if let Some(email) = find_email(&line.text) {
                is_contact = true;
                if basics.email.is_none() {
                    basics.email = Some(email);
                }
            }
            if basics.phone.is_none()
                && matches!(block.section, Section::Header | Section::Contact)
                && let Some(phone) = find_phone(&line.text)
            {
                basics.phone = Some(phone);
                is_contact = true;
            }
            if !matches!(
                block.section,
                Section::Projects | Section::Experience | Section::Education
            ) {
                for link in find_links(&line.text) {
                    is_contact = true;
                    match link {
                        Link::Profile(p) => {
                            let key = p.url.as_deref().map(canonical_url);
                            if basics.profiles.len() < MAX_PROFILES
                                && !basics
                                    .profiles
                                    .iter()
                                    .any(|q| q.url.as_deref().map(canonical_url) == key)
                            {
                                basics.profiles.push(p);
                            }
                        }
                        Link::Site(url) if near_top && basics.url.is_none() => {
                            basics.url = Some(url)
                        }
                        Link::Site(_) => {}
                    }
                }
            }
            if is_contact {
                contact_lines.insert(&line.text);
            }
        }
    }
    if basics.phone.is_none() {
        basics.phone = blocks
            .iter()
            .filter(|b| {
                !matches!(
                    b.section,
                    Section::Experience | Section::Education | Section::Projects
                )
            })
            .flat_map(|b| b.lines.iter())
            .find_map(|l| find_phone(&l.text));
    }

    // The name: the first name-like line before the experience, the header first.
    let before_work: Vec<&Block> = blocks
        .iter()
        .take_while(|b| !matches!(b.section, Section::Experience | Section::Education))
        .collect();
    let candidates = before_work
        .iter()
        .filter(|b| b.section == Section::Header)
        .chain(before_work.iter().filter(|b| b.section != Section::Header));
    // Every line that reads like a name, in order; the first one with contact details just
    // under it wins (templates put skill or link labels that look like names above it), else
    // the first.
    let mut names: Vec<(usize, usize, String)> = Vec::new();
    for block in candidates {
        let bi = blocks
            .iter()
            .position(|b| std::ptr::eq(b, *block))
            .unwrap_or(0);
        for (li, line) in block.lines.iter().enumerate() {
            if line.bullet {
                continue;
            }
            let mut text = line.text.split(" | ").next().unwrap_or("").trim();
            if let Some((label, rest)) = text.split_once(':')
                && matches!(
                    fold(label.trim()).as_str(),
                    "name" | "nome" | "nombre" | "nome completo"
                )
            {
                text = rest.trim();
            }
            // "Ana Souza, PhD", "Carlos Lima MBA": credentials after a name.
            let text = strip_credentials(text);
            if looks_like_name(text, |w| name_stop(w) && !name_suffix(text, w))
                && engine.normalize(text).is_none()
                && !is_place(gaz, text)
            {
                names.push((bi, li, tidy_name(text)));
            }
        }
    }
    let near_contact = |candidate: &&(usize, usize, String)| {
        let (bi, li) = (candidate.0, candidate.1);
        blocks[bi]
            .lines
            .iter()
            .skip(li + 1)
            .filter(|l| !l.is_blank())
            .take(2)
            .any(|l| find_email(&l.text).is_some() || find_phone(&l.text).is_some())
    };
    let chosen = names.iter().find(near_contact).or(names.first());
    let name_at: Option<(usize, usize)> = chosen.map(|(bi, li, _)| (*bi, *li));
    basics.name = chosen.map(|(_, _, name)| name.clone());
    if basics.name.is_none() {
        out.warnings.push("no name found".to_string());
    }
    // The headline: the line after the name, when it reads like a title.
    if let Some((bi, li)) = name_at
        && let Some(line) = blocks[bi].lines.iter().skip(li + 1).find(|l| !l.is_blank())
    {
        let text = &line.text;
        if text.chars().count() <= 90
            && !contact_lines.contains(text.as_str())
            && words(text).iter().any(|w| is_title_word(w))
        {
            basics.label = Some(text.replace(" | ", " · "));
        }
    }

    // Location: the first short header or contact line that is a place.
    basics.location = find_location(gaz, &blocks, &basics);

    let mut skill_text = String::new();
    if let Some(label) = &basics.label {
        skill_text.push_str(label);
        skill_text.push('\n');
    }
    let mut summary = Vec::new();
    let mut education = Vec::new();
    let mut skills: Vec<SkillGroup> = Vec::new();
    let mut certificates = Vec::new();
    for (bi, block) in blocks.iter().enumerate() {
        match block.section {
            Section::Header => {
                for (li, line) in block.lines.iter().enumerate() {
                    if Some((bi, li)) == name_at
                        || contact_lines.contains(line.text.as_str())
                        || line.text.chars().count() < 60
                    {
                        continue;
                    }
                    // A long paragraph under the name is a summary without a heading.
                    summary.push(line.text.clone());
                    push_line(&mut skill_text, &line.text);
                }
            }
            Section::Summary => {
                for line in &block.lines {
                    if !line.is_blank() {
                        summary.push(line.text.clone());
                    }
                    push_line(&mut skill_text, &line.text);
                }
            }
            Section::Experience => {
                let (entries, stray) =
                    read_work(gaz, &block.lines, &mut out.warnings, out.work.len());
                for line in &block.lines {
                    if !stray.contains(&line.text) {
                        push_line(&mut skill_text, &line.text);
                    }
                }
                out.work.extend(entries);
                for line in stray {
                    languages.extend(read_languages(&line));
                }
            }
            Section::Education => education.extend(read_education(&block.lines)),
            Section::Skills => {
                for line in &block.lines {
                    push_line(&mut skill_text, &line.text);
                }
                skills.extend(read_skills(block));
            }
            Section::Languages => {
                for line in &block.lines {
                    languages.extend(read_languages(&line.text));
                }
            }
            Section::Projects | Section::Courses => {
                for line in &block.lines {
                    push_line(&mut skill_text, &line.text);
                }
            }
            Section::Certifications => {
                for line in &block.lines {
                    push_line(&mut skill_text, &line.text);
                    if line.is_blank() {
                        continue;
                    }
                    let (name, date) = match find_date(&line.text) {
                        Some((d, span)) => {
                            let mut name = line.text.clone();
                            if span.end <= name.len()
                                && name.is_char_boundary(span.start)
                                && name.is_char_boundary(span.end)
                            {
                                name.replace_range(span, "");
                            }
                            (trim_punct(&name.replace("()", "")), Some(d.to_json()))
                        }
                        None => (trim_punct(&line.text), None),
                    };
                    if !name.is_empty() {
                        certificates.push(Certificate {
                            name: Some(name),
                            date,
                            ..Certificate::default()
                        });
                    }
                }
            }
            Section::Contact | Section::Other => {}
        }
        skill_text.push('\n');
    }
    // No dated entry under an experience heading (a layout that lost its heading): dated
    // entries with a job title elsewhere, outside education and projects.
    if out.work.iter().all(|w| w.start.is_none()) {
        let mut found = Vec::new();
        let mut ignored = Vec::new();
        for block in &blocks {
            if matches!(
                block.section,
                Section::Header | Section::Summary | Section::Other | Section::Contact
            ) {
                let (entries, _) = read_work(gaz, &block.lines, &mut ignored, 0);
                found.extend(entries.into_iter().filter(|e| {
                    e.start.is_some()
                        && e.work
                            .position
                            .as_deref()
                            .is_some_and(|p| words(p).iter().any(|w| is_title_word(w)))
                }));
            }
        }
        if !found.is_empty() {
            out.warnings
                .push("work entries read outside an experience section".to_string());
            for e in &found {
                for h in &e.work.highlights {
                    push_line(&mut skill_text, h);
                }
            }
            out.work = found;
        }
    }
    if out.work.is_empty() {
        out.warnings.push("no work entries found".to_string());
    }
    if !summary.is_empty() {
        basics.summary = Some(summary.join(" "));
    }
    out.resume = JsonResume {
        basics,
        work: out.work.iter().map(|w| w.work.clone()).collect(),
        education,
        skills,
        languages,
        certificates,
        ..JsonResume::default()
    };
    out.skill_text = skill_text;
    out
}

fn push_line(buf: &mut String, line: &str) {
    buf.push_str(line);
    buf.push('\n');
}

fn canonical_url(url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    let lower = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower)
        .to_string();
    let lower = lower.strip_prefix("www.").unwrap_or(&lower);
    lower.trim_end_matches('/').to_string()
}

fn find_location(gaz: &Gazetteer, blocks: &[Block], basics: &Basics) -> Option<ResumeLocation> {
    let lines: Vec<String> = blocks
        .iter()
        .filter(|b| matches!(b.section, Section::Header | Section::Contact))
        .flat_map(|b| {
            // "Santiago, Región Metropolitana," + "Chile": a line ending with a comma goes on.
            let mut joined: Vec<String> = Vec::new();
            let mut carry = String::new();
            for l in &b.lines {
                if l.is_blank() {
                    continue;
                }
                let text = format!("{carry}{}", l.text);
                if text.trim_end().ends_with(',') && text.len() < 80 {
                    carry = format!("{} ", text.trim_end());
                } else {
                    carry.clear();
                    joined.push(text);
                }
            }
            if !carry.is_empty() {
                joined.push(carry);
            }
            joined
        })
        .collect();
    let name = basics.name.as_deref().unwrap_or("");
    for line in &lines {
        if line == name
            || (!name.is_empty() && tidy_name(line) == name)
            || Some(line.as_str()) == basics.label.as_deref()
        {
            continue;
        }
        for piece in line.split(['|', '·', '•']) {
            let piece = piece.trim();
            let piece = piece.strip_prefix("📍").unwrap_or(piece).trim();
            let piece = match piece.split_once(':') {
                Some((label, rest))
                    if matches!(
                        fold(label.trim()).as_str(),
                        "location"
                            | "localizacao"
                            | "localidade"
                            | "endereco"
                            | "address"
                            | "ubicacion"
                            | "direccion"
                            | "cidade"
                            | "ciudad"
                            | "city"
                            | "residencia"
                    ) =>
                {
                    rest.trim()
                }
                _ => piece,
            };
            if piece.is_empty()
                || piece.chars().count() > 60
                || piece.contains('@')
                || (piece.contains('/') && piece.contains('.'))
                || find_phone(piece).is_some()
                || piece == name
                || words(piece).iter().any(|w| is_title_word(w))
            {
                continue;
            }
            // "Remote — Mexico City", "São Paulo (remoto)": the arrangement is not the place.
            let piece = strip_remote(piece);
            if piece.is_empty() {
                continue;
            }
            let loc = parse_location(gaz, &LocationInput::text(piece));
            if loc.places.is_empty() {
                continue;
            }
            let letters = piece.chars().filter(|c| c.is_alphabetic()).count().max(1);
            let covered: usize = loc
                .places
                .iter()
                .map(|p| p.text.chars().filter(|c| c.is_alphabetic()).count())
                .sum();
            // "Santiago, Región Metropolitana, Chile": a third of the letters is enough.
            if covered * 3 < letters {
                continue;
            }
            let city = loc
                .places
                .iter()
                .find(|p| p.kind == PlaceKind::City)
                .map(|p| p.text.trim().to_string());
            let region = loc
                .places
                .iter()
                .find(|p| p.kind == PlaceKind::Subdivision)
                .map(|p| p.text.trim().to_string());
            let country = loc.countries.first().map(|c| c.as_str().to_string());
            // A city the gazetteer does not know: the first piece before a known state.
            let city = city.or_else(|| {
                let first = piece.split([',', '-', '–', '—', '/']).next()?.trim();
                // "Mexico City" is a city and a state: the state's name is the city's.
                if region.as_deref() == Some(first) {
                    return Some(first.to_string());
                }
                let is_known = loc.places.iter().any(|p| p.text.trim() == first);
                (!is_known && !first.is_empty() && (region.is_some() || country.is_some()))
                    .then(|| first.to_string())
            });
            if city.is_none() && country.is_none() {
                continue;
            }
            return Some(ResumeLocation {
                city,
                region,
                country_code: country,
                ..ResumeLocation::default()
            });
        }
    }
    None
}

/// Reads the work entries of an experience section. Returns the entries and the lines that
/// were spoken languages stranded there by a two-column layout.
fn read_work(
    gaz: &Gazetteer,
    lines: &[Line],
    warnings: &mut Vec<String>,
    numbered_from: usize,
) -> (Vec<WorkRead>, Vec<String>) {
    let lines = merge_split_dates(lines);
    let ranges: Vec<Option<DateRange>> = lines
        .iter()
        .map(|l| {
            if l.bullet || l.is_blank() {
                return None;
            }
            let r = find_range(&l.text)?;
            match r.end {
                RangeEnd::Single => {
                    // A line that is only a date.
                    let rest = residue(&l.text, &r);
                    rest.is_empty().then_some(r)
                }
                _ => Some(r),
            }
        })
        .collect();
    let anchors: Vec<usize> = (0..lines.len()).filter(|&i| ranges[i].is_some()).collect();
    let mut stray = Vec::new();
    let mut out = Vec::new();
    if anchors.is_empty() {
        // No dates at all: one entry per paragraph.
        let mut start = 0;
        for i in 0..=lines.len() {
            if i == lines.len() || lines[i].is_blank() {
                if i > start {
                    // A date the reader cannot read ("Date: Month 20XX – Ongoing") still
                    // marks an entry; it is not a header line.
                    let undated = lines[start..i]
                        .iter()
                        .any(|l| !l.bullet && super::dates::undated_range(&l.text));
                    let header: Vec<(String, usize)> = lines[start..i]
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| !l.bullet && !super::dates::undated_range(&l.text))
                        .take(2)
                        .map(|(k, l)| (l.text.clone(), start + k))
                        .collect();
                    let titled = header
                        .iter()
                        .any(|(t, _)| words(t).iter().any(|w| is_title_word(w)));
                    if (titled || undated) && !header.is_empty() {
                        let n = numbered_from + out.len() + 1;
                        warnings.push(format!("no dates found for entry {n}"));
                        let body: Vec<&Line> =
                            lines[start..i].iter().filter(|l| l.bullet).collect();
                        out.push(build_entry(gaz, &header, None, &body, false, &mut stray));
                    }
                }
                start = i + 1;
            }
        }
        return (out, stray);
    }
    let first = anchors[0];
    let before_mode = lines[..first].iter().any(|l| !l.is_blank() && !l.bullet);
    // Header lines of each anchor, and where each entry starts.
    let mut headers: Vec<Vec<(String, usize)>> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    for (k, &a) in anchors.iter().enumerate() {
        let range = ranges[a].as_ref();
        let own = range
            .map(|r| residue(&lines[a].text, r))
            .unwrap_or_default();
        let mut header: Vec<(String, usize)> = Vec::new();
        let mut start = a;
        if before_mode {
            let floor = if k == 0 { 0 } else { anchors[k - 1] + 1 };
            let mut i = a;
            let mut skipped_blank = false;
            while i > floor && header.len() < 2 {
                let l = &lines[i - 1];
                if l.is_blank() {
                    if header.is_empty() && !skipped_blank && own.is_empty() {
                        skipped_blank = true;
                        i -= 1;
                        continue;
                    }
                    break;
                }
                // The wrapped end of an unfinished bullet ("(Power BI, SQL" / "Server).").
                let continues_bullet = i >= 2 && {
                    let prev = &lines[i - 2];
                    prev.bullet && !prev.text.trim_end().ends_with(['.', ';', '!', ':', ')'])
                };
                if l.bullet
                    || continues_bullet
                    || sentence_like(&l.text)
                    || l.text.chars().count() > 100
                {
                    break;
                }
                header.insert(0, (l.text.clone(), i - 1));
                start = i - 1;
                i -= 1;
            }
            if !own.is_empty() {
                header.push((own, a));
            }
        } else {
            if !own.is_empty() {
                header.push((own, a));
            }
            // The lines after the dates, while they do not yet give both a title and
            // something else (a company): "Data Engineer" then "Acme Corp".
            let mut i = a + 1;
            let limit = anchors.get(k + 1).copied().unwrap_or(lines.len());
            while i < limit && header.len() < 2 && !has_title_and_other(gaz, &header) {
                let l = &lines[i];
                if l.is_blank() {
                    if header.is_empty() {
                        i += 1;
                        continue;
                    }
                    break;
                }
                if l.bullet
                    || (!header.is_empty()
                        && (l.text.chars().count() > 60 || sentence_like(&l.text)))
                {
                    break;
                }
                header.push((l.text.clone(), i));
                i += 1;
            }
        }
        headers.push(header);
        starts.push(start);
    }
    for (k, &a) in anchors.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        let header_lines: Vec<usize> = headers[k].iter().map(|(_, i)| *i).collect();
        let body: Vec<&Line> = (a + 1..end.max(a + 1))
            .filter(|i| !header_lines.contains(i))
            .filter_map(|i| lines.get(i))
            .collect();
        let mut entry = build_entry(
            gaz,
            &headers[k],
            ranges[a].as_ref(),
            &body,
            before_mode,
            &mut stray,
        );
        // Several positions under one company: "Banco X" / "Senior Analyst | 2020 – now" /
        // "Analyst | 2018 – 2020".
        if entry.work.name.is_none()
            && entry.work.position.is_some()
            && headers[k].iter().all(|(_, l)| *l == a)
            && let Some(prev) = out.last()
        {
            entry.work.name = prev.work.name.clone();
        }
        if entry.work.name.is_none() && entry.work.position.is_none() {
            let n = numbered_from + out.len() + 1;
            warnings.push(format!("no company or title found for entry {n}"));
        }
        if let (Some(s), RangeEnd::Date(e)) = (entry.start, entry.end)
            && e.last_month() < s.first_month()
        {
            let n = numbered_from + out.len() + 1;
            warnings.push(format!("entry {n} ends before it starts; end date dropped"));
            entry.end = RangeEnd::Single;
            entry.work.end_date = entry.work.start_date.clone();
        }
        out.push(entry);
    }
    (out, stray)
}

/// A line that ends a sentence (a highlight), not a header: `;`, or `.` after a lowercase word
/// or in a long line ("Varejo Azul S.A." and "Contoso Ltd." are headers).
fn sentence_like(text: &str) -> bool {
    let text = text.trim_end();
    if text.ends_with(';') {
        return true;
    }
    let Some(body) = text.strip_suffix('.') else {
        return false;
    };
    let last = body.split_whitespace().last().unwrap_or("");
    let lower_word = last.chars().count() >= 3 && last.chars().all(char::is_lowercase);
    lower_word || text.split_whitespace().count() >= 7
}

/// Whether header lines already name a job title and a company.
fn has_title_and_other(gaz: &Gazetteer, header: &[(String, usize)]) -> bool {
    if header.is_empty() {
        return false;
    }
    let kinds: Vec<PartKind> = header
        .iter()
        .flat_map(|(t, l)| split_parts(t, *l))
        .map(|p| classify(gaz, &p.text))
        .collect();
    kinds.contains(&PartKind::Title) && kinds.contains(&PartKind::Other)
}

/// `agosto de 2025 – janeiro de` + `2026`: a range cut by a line break is put back together.
fn merge_split_dates(lines: &[Line]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if !line.bullet && !line.is_blank() {
            let own = find_range(&line.text);
            // Only a line that already holds a date, or ends with a month, goes on.
            let ends_with_month = line.text.split_whitespace().last().is_some_and(|w| {
                super::dates::month_number(&fold(w.trim_end_matches(['.', ',']))).is_some()
            });
            let incomplete = match &own {
                Some(r) => r.end == RangeEnd::Single,
                None => ends_with_month,
            };
            let mut j = i + 1;
            while j < lines.len() && lines[j].is_blank() {
                j += 1;
            }
            if incomplete
                && let Some(next) = lines.get(j)
                && !next.bullet
                && next.text.chars().count() <= 30
            {
                let joined = format!("{} {}", line.text, next.text);
                if let Some(r) = find_range(&joined)
                    && r.end != RangeEnd::Single
                    && r.span.end > line.text.len()
                    && own.as_ref().is_none_or(|o| o.span.start >= r.span.start)
                {
                    out.push(Line {
                        text: joined,
                        bullet: false,
                    });
                    i = j + 1;
                    continue;
                }
            }
            // A date margin whose date wraps: "agosto de 2025 – janeiro de | Estagiária…" then
            // "2026 | • Apoio…": the margins join, the rest of the second line stays.
            if let (Some((margin, rest)), Some(next)) =
                (line.text.split_once(" | "), lines.get(i + 1))
                && let Some((next_margin, next_rest)) = next.text.split_once(" | ")
                && find_range(margin).is_none_or(|r| r.end == RangeEnd::Single)
                && next_margin.chars().count() <= 12
            {
                let joined_margin = format!("{margin} {next_margin}");
                if find_range(&joined_margin).is_some_and(|r| r.end != RangeEnd::Single) {
                    out.push(Line {
                        text: format!("{joined_margin} | {rest}"),
                        bullet: false,
                    });
                    let (bullet, text) = match next_rest.trim_start().strip_prefix('•') {
                        Some(t) => (true, t.trim().to_string()),
                        None => (false, next_rest.trim().to_string()),
                    };
                    out.push(Line { text, bullet });
                    i += 2;
                    continue;
                }
            }
        }
        out.push(line.clone());
        i += 1;
    }
    out
}

fn language_line(text: &str) -> bool {
    let ws = words(text);
    ws.len() >= 2
        && ws.len() <= 4
        && is_language_name(&ws[0])
        && ws[1..]
            .iter()
            .all(|w| is_level_word(w) || w == "de" || w == "level")
}

fn build_entry(
    gaz: &Gazetteer,
    header: &[(String, usize)],
    range: Option<&DateRange>,
    body: &[&Line],
    before_mode: bool,
    stray: &mut Vec<String>,
) -> WorkRead {
    let mut parts: Vec<(Part, PartKind)> = Vec::new();
    for (text, line) in header {
        for part in split_parts(text, *line) {
            let kind = classify(gaz, &part.text);
            // Weakly separated pieces of the same kind belong together
            // ("CIn – UFPE NLP Lab", "Buenos Aires, Argentina").
            if let Some((last, last_kind)) = parts.last_mut()
                && last.line == part.line
                && *last_kind == kind
                && kind != PartKind::Title
                && matches!(part.sep_before, "-" | ",")
            {
                let sep = if part.sep_before == "," {
                    ", "
                } else {
                    " – "
                };
                let original = header
                    .iter()
                    .find(|(_, l)| *l == part.line)
                    .map(|(t, _)| t.as_str())
                    .unwrap_or("");
                // Keep the dash as printed when we can find it.
                let candidate_sep = [" — ", " – ", " - "]
                    .into_iter()
                    .find(|s| original.contains(&format!("{}{s}{}", last.text, part.text)))
                    .unwrap_or(sep);
                last.text = format!("{}{candidate_sep}{}", last.text, part.text);
                continue;
            }
            parts.push((part, kind));
        }
    }
    let titles: Vec<&Part> = parts
        .iter()
        .filter(|(_, k)| *k == PartKind::Title)
        .map(|(p, _)| p)
        .collect();
    let others: Vec<&Part> = parts
        .iter()
        .filter(|(_, k)| *k == PartKind::Other)
        .map(|(p, _)| p)
        .collect();
    let places: Vec<&Part> = parts
        .iter()
        .filter(|(_, k)| *k == PartKind::Place)
        .map(|(p, _)| p)
        .collect();
    let mut position = titles.first().map(|p| p.text.clone());
    let mut company = others.first().map(|p| p.text.clone());
    let mut location = None;
    let mut places_left: Vec<&Part> = places.clone();
    if company.is_none() {
        // A company named like a place ("Lago Pay" may be read as one): take the first place
        // that is not a remote word, unless it is the only place after a title on one line.
        if let Some(i) = places_left.iter().position(|p| !is_remote_word(&p.text)) {
            let has_second = places_left.len() > 1;
            let p = places_left[i];
            let first_line_piece = parts.first().is_some_and(|(q, _)| std::ptr::eq(q, p));
            if has_second
                || first_line_piece
                || titles.is_empty()
                || (titles.len() == 1 && parts.len() == 2)
            {
                company = Some(p.text.clone());
                places_left.remove(i);
            }
        }
    }
    if let Some(p) = places_left.first() {
        location = Some(p.text.clone());
    }
    if position.is_none() {
        if others.len() >= 2 {
            let two_lines = header.len() >= 2 && others[0].line != others[1].line;
            if two_lines && before_mode {
                company = Some(others[0].text.clone());
                position = Some(others[1].text.clone());
            } else {
                position = Some(others[0].text.clone());
                company = Some(others[1].text.clone());
            }
        }
    } else if company.is_none() && titles.len() >= 2 {
        company = Some(titles[1].text.clone());
    }
    let mut highlights: Vec<String> = Vec::new();
    let mut prev_blank = true;
    for line in body {
        if line.is_blank() {
            prev_blank = true;
            continue;
        }
        if !line.bullet && language_line(&line.text) {
            stray.push(line.text.clone());
            prev_blank = true;
            continue;
        }
        let text = line.text.replace(" | ", " ");
        let continues = !line.bullet
            && !prev_blank
            && highlights.last().is_some_and(|h: &String| {
                !(h.ends_with('.') || h.ends_with(';') || h.ends_with('!'))
                    || text.chars().next().is_some_and(char::is_lowercase)
            });
        match highlights.last_mut() {
            Some(last) if continues => {
                last.push(' ');
                last.push_str(&text);
            }
            _ => highlights.push(text),
        }
        prev_blank = false;
    }
    let (start, end) = match range {
        Some(r) => (Some(r.start), r.end),
        None => (None, RangeEnd::Single),
    };
    let end_date = match end {
        RangeEnd::Date(d) => Some(d.to_json()),
        RangeEnd::Present => None,
        RangeEnd::Single => start.map(|s| s.to_json()),
    };
    WorkRead {
        work: Work {
            name: company,
            position,
            location,
            start_date: start.map(|s| s.to_json()),
            end_date,
            highlights,
            ..Work::default()
        },
        start,
        end,
    }
}

/// Reads education entries: institution, degree type and area, dates.
fn read_education(lines: &[Line]) -> Vec<Education> {
    // A line ending with a particle ("Pontifícia Universidade Católica de") goes on.
    let mut joined: Vec<String> = Vec::new();
    for line in lines.iter().filter(|l| !l.is_blank()) {
        let text = line.text.clone();
        if let Some(last) = joined.last_mut() {
            let last_word = words(last).last().cloned().unwrap_or_default();
            let starts_lower = text.chars().next().is_some_and(char::is_lowercase);
            let starts_paren =
                text.starts_with('(') && !text.chars().take(6).any(|c| c.is_ascii_digit());
            if matches!(
                last_word.as_str(),
                "de" | "da"
                    | "do"
                    | "dos"
                    | "das"
                    | "del"
                    | "of"
                    | "and"
                    | "e"
                    | "y"
                    | "la"
                    | "em"
                    | "en"
                    | "in"
            ) || starts_lower
                || starts_paren
            {
                last.push(' ');
                last.push_str(&text);
                continue;
            }
        }
        joined.push(text);
    }
    let mut out: Vec<Education> = Vec::new();
    let mut cur = Education::default();
    let mut cur_dates = false;
    let mut cur_degree = false;
    let push = |cur: &mut Education, out: &mut Vec<Education>| {
        if cur.institution.is_some() || cur.study_type.is_some() {
            out.push(std::mem::take(cur));
        } else {
            *cur = Education::default();
        }
    };
    for text in joined {
        let range = find_range(&text);
        let rest = match &range {
            Some(r) => residue(&text, r),
            None => text.clone(),
        };
        let parts = split_parts_with(&rest, 0, false);
        let mut inst = None;
        let mut degree = None;
        let mut leftovers = Vec::new();
        // Institutions keep their commas ("Universidad de Chile, Santiago" is rare; degree
        // lines have them more often), so join pieces back when no keyword splits them.
        for p in &parts {
            let t = trim_punct(&p.text);
            if t.is_empty() {
                continue;
            }
            if inst.is_none() && is_institution(&t) && study_type(&t).is_none() {
                inst = Some(t);
            } else if inst.is_none()
                && degree.is_none()
                && let Some((d, i)) = split_degree_school(&t)
            {
                degree = Some(d);
                inst = Some(i);
            } else if degree.is_none() && study_type(&t).is_some() {
                degree = Some(t);
            } else if inst.is_none() && degree.is_none() && is_institution(&t) {
                inst = Some(t);
            } else {
                leftovers.push(t);
            }
        }
        let has_dates = range.is_some();
        if (inst.is_some() && cur.institution.is_some())
            || (degree.is_some() && cur_degree)
            || (has_dates && cur_dates && (cur.institution.is_some() || cur_degree))
        {
            push(&mut cur, &mut out);
            cur_dates = false;
            cur_degree = false;
        }
        if let Some(i) = inst {
            cur.institution = Some(i);
        }
        if let Some(d) = degree {
            cur.study_type = study_type(&d).map(str::to_string);
            cur.area = study_area(&d);
            cur_degree = true;
        }
        if let Some(r) = range {
            cur_dates = true;
            cur.start_date = Some(r.start.to_json());
            cur.end_date = match r.end {
                RangeEnd::Date(d) => Some(d.to_json()),
                RangeEnd::Present => None,
                RangeEnd::Single => Some(r.start.to_json()),
            };
            if r.end == RangeEnd::Single {
                cur.start_date = None;
            }
        }
        // A degree without a recognisable school: the other piece of its line.
        if cur.institution.is_none() && cur_degree && !leftovers.is_empty() {
            cur.institution = Some(leftovers.join(", "));
        }
    }
    push(&mut cur, &mut out);
    out
}

/// "Bacharelado em Estatística pela Universidade de Brasília", "MBA, USP": a degree and its
/// school in one piece, split at the school's first keyword.
fn split_degree_school(text: &str) -> Option<(String, String)> {
    study_type(text)?;
    let ws: Vec<&str> = text.split_whitespace().collect();
    let at = ws.iter().position(|w| is_institution(w))?;
    if at == 0 {
        return None;
    }
    let mut end = at;
    while end > 0
        && matches!(
            fold(ws[end - 1]).as_str(),
            "pela"
                | "pelo"
                | "na"
                | "no"
                | "at"
                | "from"
                | "en"
                | "la"
                | "el"
                | "por"
                | "in"
                | "the"
                | "da"
                | "do"
                | "de"
                | "del"
        )
    {
        end -= 1;
    }
    let degree = trim_punct(&ws[..end].join(" "));
    let school = trim_punct(&ws[at..].join(" "));
    (study_type(&degree).is_some() && !school.is_empty()).then_some((degree, school))
}

/// Reads skill groups (`Cloud: GCP, Terraform`; a sub-heading line then a list).
fn read_skills(block: &Block) -> Vec<SkillGroup> {
    let mut out: Vec<SkillGroup> = Vec::new();
    let mut label: Option<String> = None;
    let lines: Vec<&Line> = block.lines.iter().filter(|l| !l.is_blank()).collect();
    for (i, line) in lines.iter().enumerate() {
        let text = line.text.trim();
        let (group, items) = match text.split_once(':') {
            Some((l, rest)) if l.split_whitespace().count() <= 4 && !rest.trim().is_empty() => {
                (Some(l.trim().to_string()), rest)
            }
            _ => (None, text),
        };
        let list: Vec<String> = items
            .split([',', ';', '·', '•', '|'])
            .map(|s| s.trim().trim_end_matches('.').trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        // A short line without commas followed by a list is a sub-heading ("Técnicas").
        let next_is_list = lines
            .get(i + 1)
            .is_some_and(|n| n.text.contains(',') || n.text.contains(':'));
        if group.is_none()
            && list.len() == 1
            && text.split_whitespace().count() <= 3
            && next_is_list
            && !text.contains(',')
        {
            label = Some(text.to_string());
            continue;
        }
        let name = group
            .or_else(|| label.clone())
            .or_else(|| block.heading.clone())
            .unwrap_or_else(|| "Skills".to_string());
        match out.last_mut() {
            Some(g) if g.name.as_deref() == Some(name.as_str()) => g.keywords.extend(list),
            _ => out.push(SkillGroup {
                name: Some(name),
                keywords: list,
                ..SkillGroup::default()
            }),
        }
    }
    out
}

/// Reads spoken languages from a line: `Português (nativo), Inglês (avançado)`,
/// `English - B2`, `Español: nativo`.
fn read_languages(line: &str) -> Vec<LanguageItem> {
    let mut out = Vec::new();
    for item in line.split([',', '·', '|', ';', '•', '/']) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let mut tokens = item.split_whitespace();
        let Some(first) = tokens.next() else { continue };
        let first_clean = first.trim_matches(|c: char| !c.is_alphabetic());
        if !is_language_name(&fold(first_clean)) {
            continue;
        }
        let rest = item[first.len()..].trim();
        let fluency = rest
            .trim_matches(|c: char| matches!(c, '(' | ')' | '-' | '–' | '—' | ':' | ' '))
            .trim();
        out.push(LanguageItem {
            language: Some(first_clean.to_string()),
            fluency: (!fluency.is_empty()).then(|| fluency.to_string()),
            ..LanguageItem::default()
        });
    }
    out
}

/// The JSON Resume profile list has no duplicates; used by imports too.
pub fn dedup_profiles(profiles: &mut Vec<Profile>) {
    let mut seen: Vec<String> = Vec::new();
    profiles.retain(|p| {
        let key = p.url.as_deref().map(canonical_url).unwrap_or_default();
        if key.is_empty() || !seen.contains(&key) {
            seen.push(key);
            true
        } else {
            false
        }
    });
}
