//! Resumes: text (Portuguese, English, Spanish) or a JSON Resume file → a JSON Resume document
//! plus Vaga's derived facts (`meta.vaga`: years of experience, seniority, canonical skills,
//! language).
//!
//! Pure: no IO, and "today" is a parameter. [`ResumeParser::parse_text`] never fails: it
//! returns what it could read and warnings ("no dates found for entry 3"). Text comes one
//! visual line per line, blank lines between blocks, bullets as `•` (a bullet alone on its
//! line marks the next lines, as `pdftotext` prints them); a two-column layout arrives as
//! its sidebar block then its main block, or the reverse.
//!
//! - `sections.rs`: lines, bullets, underlines, headings in three languages;
//! - `contact.rs`: e-mail, phone, profile links, the name;
//! - `dates.rs`: date ranges in every common shape;
//! - `reflow.rs`: table layouts whose label column (headings, dates) a PDF reader gave apart;
//! - `parse.rs`: work entries, education, skills, languages, certificates;
//! - `model.rs`: the JSON Resume types.
//!
//! See `docs/resume.md` for the conventions and the known gaps.

mod contact;
mod dates;
mod fold;
mod model;
mod parse;
mod reflow;
mod sections;

pub use contact::{find_email, find_phone};
pub use dates::{DateRange, PartialDate, RangeEnd, YearMonth, find_range};
pub use model::{
    Basics, Certificate, Education, JsonResume, LanguageItem, Meta, Profile, ResumeLocation,
    SkillGroup, VagaMeta, Work,
};
pub use parse::study_type;

use serde_json::Value;

use crate::posting::language::{Language, detect_language};
use crate::posting::seniority::{Seniority, title_seniority};
use crate::skills::SkillEngine;

use fold::fold;

/// Inputs longer than this (bytes) are read up to it, with a warning.
pub const MAX_INPUT_BYTES: usize = 200 * 1024;

/// What a parse returns: the document and warnings.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The JSON Resume document with `meta.vaga` filled in.
    pub resume: JsonResume,
    /// What could not be read ("no dates found for entry 3").
    pub warnings: Vec<String>,
}

/// Why a JSON Resume import failed.
#[derive(Debug, thiserror::Error)]
pub enum ResumeError {
    /// Not JSON, or not a JSON Resume object.
    #[error("not a JSON Resume document: {0}")]
    Json(String),
    /// Over [`MAX_INPUT_BYTES`].
    #[error("JSON Resume document too large: {0} bytes (limit {MAX_INPUT_BYTES})")]
    TooLarge(usize),
}

/// Reads resumes. Build it once per skill engine and share it.
#[derive(Debug, Clone, Copy)]
pub struct ResumeParser<'a> {
    engine: &'a SkillEngine,
}

impl<'a> ResumeParser<'a> {
    /// A parser that canonicalises skills through `engine`.
    pub fn new(engine: &'a SkillEngine) -> ResumeParser<'a> {
        ResumeParser { engine }
    }

    /// Reads a resume's text. Never fails and never panics; input over [`MAX_INPUT_BYTES`] is
    /// cut (at a character boundary) with a warning.
    pub fn parse_text(&self, text: &str, today: YearMonth) -> Parsed {
        let mut warnings = Vec::new();
        let text = if text.len() > MAX_INPUT_BYTES {
            warnings.push(format!("input cut at {MAX_INPUT_BYTES} bytes"));
            let mut end = MAX_INPUT_BYTES;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            &text[..end]
        } else {
            text
        };
        let read = parse::read_text(text, self.engine);
        warnings.extend(read.warnings);
        let mut resume = read.resume;
        let intervals: Vec<(PartialDate, RangeEnd)> = read
            .work
            .iter()
            .filter_map(|w| w.start.map(|s| (s, w.end)))
            .collect();
        let mut skills = self.skills_in(&read.skill_text);
        for group in &resume.skills {
            for keyword in &group.keywords {
                if let Some(idx) = self.engine.normalize(keyword) {
                    let name = self.engine.skill(idx).name.clone();
                    if !skills.contains(&name) {
                        skills.push(name);
                    }
                }
            }
        }
        let language = detect(text);
        resume.meta.vaga = self.derive(&resume, &intervals, today, skills, language);
        Parsed { resume, warnings }
    }

    /// Imports a JSON Resume document as it is (unknown fields kept) and derives `meta.vaga`
    /// from it. Errors only when the text is not a JSON object of the JSON Resume shape.
    pub fn import_json_resume(&self, json: &str, today: YearMonth) -> Result<Parsed, ResumeError> {
        if json.len() > MAX_INPUT_BYTES {
            return Err(ResumeError::TooLarge(json.len()));
        }
        let mut value: Value =
            serde_json::from_str(json).map_err(|e| ResumeError::Json(e.to_string()))?;
        let Some(object) = value.as_object_mut() else {
            return Err(ResumeError::Json(
                "the top level is not an object".to_string(),
            ));
        };
        // Vaga's own facts are derived again.
        if let Some(meta) = object.get_mut("meta").and_then(Value::as_object_mut) {
            meta.remove("vaga");
        }
        let mut resume: JsonResume =
            serde_json::from_value(value).map_err(|e| ResumeError::Json(e.to_string()))?;
        let mut warnings = Vec::new();
        let mut intervals = Vec::new();
        let mut text = String::new();
        for (i, work) in resume.work.iter().enumerate() {
            let start = work.start_date.as_deref().and_then(PartialDate::from_json);
            let end = match work.end_date.as_deref().map(str::trim) {
                None | Some("") => RangeEnd::Present,
                Some(e) => match PartialDate::from_json(e) {
                    Some(d) => RangeEnd::Date(d),
                    None => {
                        warnings.push(format!("unreadable endDate for entry {}", i + 1));
                        RangeEnd::Present
                    }
                },
            };
            match start {
                Some(s) => intervals.push((s, end)),
                None => warnings.push(format!("no dates found for entry {}", i + 1)),
            }
            for piece in work
                .position
                .iter()
                .chain(&work.summary)
                .chain(&work.highlights)
            {
                text.push_str(piece);
                text.push('\n');
            }
        }
        if let Some(summary) = &resume.basics.summary {
            text.push_str(summary);
            text.push('\n');
        }
        let mut skills = Vec::new();
        for group in &resume.skills {
            for name in group.name.iter().chain(&group.keywords) {
                if let Some(idx) = self.engine.normalize(name) {
                    let name = self.engine.skill(idx).name.clone();
                    if !skills.contains(&name) {
                        skills.push(name);
                    }
                }
            }
        }
        for name in self.skills_in(&text) {
            if !skills.contains(&name) {
                skills.push(name);
            }
        }
        parse::dedup_profiles(&mut resume.basics.profiles);
        let language = detect(&text);
        resume.meta.vaga = self.derive(&resume, &intervals, today, skills, language);
        Ok(Parsed { resume, warnings })
    }

    fn skills_in(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for hit in self.engine.extract(text).skills() {
            let name = self.engine.skill(hit.skill).name.clone();
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }

    fn derive(
        &self,
        resume: &JsonResume,
        intervals: &[(PartialDate, RangeEnd)],
        today: YearMonth,
        skills: Vec<String>,
        language: &'static str,
    ) -> VagaMeta {
        let years = years_of_experience(intervals, today);
        VagaMeta {
            years_experience: years,
            seniority: seniority(resume, intervals, years).to_string(),
            skills,
            language: language.to_string(),
        }
    }
}

/// The union of the months covered by the intervals (start and end months included, a
/// current job up to `today`, overlaps counted once), in years rounded to the nearest half.
/// A year without a month counts from January (start) or to December (end).
pub fn years_of_experience(intervals: &[(PartialDate, RangeEnd)], today: YearMonth) -> f64 {
    let now = today.index();
    let mut spans: Vec<(u32, u32)> = intervals
        .iter()
        .filter_map(|(start, end)| {
            let s = start.first_month().index();
            let e = match end {
                RangeEnd::Date(d) => d.last_month().index(),
                RangeEnd::Present => now,
                RangeEnd::Single => start.last_month().index(),
            }
            .min(now);
            (s <= e).then_some((s, e))
        })
        .collect();
    spans.sort_unstable();
    let mut months = 0u32;
    let mut current: Option<(u32, u32)> = None;
    for (s, e) in spans {
        match current {
            Some((cs, ce)) if s <= ce + 1 => current = Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                months += ce - cs + 1;
                current = Some((s, e));
            }
            None => current = Some((s, e)),
        }
    }
    if let Some((cs, ce)) = current {
        months += ce - cs + 1;
    }
    (f64::from(months) / 12.0 * 2.0).round() / 2.0
}

const LEAD_PHRASES: &[&str] = &[
    "lead a team",
    "led a team",
    "leading a team",
    "lead the team",
    "led the team",
    "manage a team",
    "managed a team",
    "managing a team",
    "lidero un equipo",
    "lidere un equipo",
    "liderando un equipo",
    "lidero equipo",
    "lidero equipe",
    "liderei equipe",
    "lidero uma equipe",
    "liderei uma equipe",
    "liderando uma equipe",
    "lideranca de equipe",
    "gestao de equipe",
    "gestion de equipo",
    "a cargo de un equipo",
    "gerencio",
];

/// A leading verb with people within four words after it: "Led a team of 5", "lidero o time
/// de dados", "managed three analysts", "dirijo un equipo".
fn leads_people(folded: &str) -> bool {
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        matches!(
            *w,
            "lead"
                | "leads"
                | "led"
                | "leading"
                | "manage"
                | "manages"
                | "managed"
                | "managing"
                | "lidero"
                | "liderei"
                | "liderando"
                | "lidera"
                | "liderou"
                | "coordeno"
                | "coordenei"
                | "coordenando"
                | "gerencio"
                | "gerenciei"
                | "dirijo"
                | "dirigi"
                | "coordino"
                | "coordine"
                | "gestiono"
                | "gestione"
                | "lidere"
        ) && {
            // "time" is a team in Portuguese and a lead time in English.
            let portuguese =
                w.starts_with("lider") || w.starts_with("coorden") || w.starts_with("gerenci");
            let end = words.len().min(i + 5);
            (i + 1..end).any(|j| {
                let n = words[j];
                // "a cross-team initiative" is not a team.
                let joined = j > 0 && matches!(words[j - 1], "cross" | "multi" | "inter");
                !joined
                    && (matches!(
                        n,
                        "team"
                            | "teams"
                            | "equipe"
                            | "equipes"
                            | "equipo"
                            | "equipos"
                            | "squad"
                            | "squads"
                            | "people"
                            | "pessoas"
                            | "personas"
                            | "engineers"
                            | "analysts"
                            | "scientists"
                            | "developers"
                            | "analistas"
                            | "engenheiros"
                            | "cientistas"
                            | "ingenieros"
                            | "desenvolvedores"
                            | "desarrolladores"
                    ) || (portuguese && n == "time"))
            })
        }
    })
}

fn level_of(title: &str) -> Option<&'static str> {
    let ws = fold::words(title);
    if ws.iter().any(|w| {
        matches!(
            w.as_str(),
            "jefe"
                | "jefa"
                | "chefe"
                | "head"
                | "ceo"
                | "cto"
                | "cfo"
                | "coo"
                | "cdo"
                | "cio"
                | "president"
                | "presidente"
                | "founder"
                | "cofounder"
                | "fundador"
                | "fundadora"
        )
    }) {
        return Some("lead");
    }
    title_seniority(title).map(|(level, _)| match level {
        Seniority::Intern | Seniority::Junior => "junior",
        Seniority::Mid => "mid",
        Seniority::Senior => "senior",
        Seniority::Lead | Seniority::Manager => "lead",
    })
}

/// Seniority from the most recent title (the latest start), the headline, then the years:
/// junior titles → junior, pleno/semi senior → mid, senior → senior, lead/head/manager/gerente
/// → lead; a senior or unprefixed title whose bullets say the person leads a team → lead; an
/// unprefixed title → junior up to two and a half years, mid otherwise.
fn seniority(
    resume: &JsonResume,
    intervals: &[(PartialDate, RangeEnd)],
    years: f64,
) -> &'static str {
    let _ = intervals;
    let latest = resume
        .work
        .iter()
        .enumerate()
        .max_by_key(|(i, w)| {
            let start = w
                .start_date
                .as_deref()
                .and_then(PartialDate::from_json)
                .map_or(0, |d| d.first_month().index());
            let current = w.end_date.is_none() && w.start_date.is_some();
            (current, start, std::cmp::Reverse(*i))
        })
        .map(|(_, w)| w);
    let from_title = latest
        .and_then(|w| w.position.as_deref())
        .and_then(level_of)
        .or_else(|| resume.basics.label.as_deref().and_then(level_of));
    let leads = latest.is_some_and(|w| {
        w.highlights.iter().chain(&w.summary).any(|h| {
            let f = fold(h);
            LEAD_PHRASES.iter().any(|p| f.contains(p)) || leads_people(&f)
        })
    });
    match from_title {
        Some("junior") => "junior",
        Some("lead") => "lead",
        Some(level) if leads && years >= 3.0 => {
            let _ = level;
            "lead"
        }
        Some(level) => level,
        None if leads && years >= 3.0 => "lead",
        None if years <= 2.5 => "junior",
        None => "mid",
    }
}

/// The document's language: the function-word vote, else `en`.
fn detect(text: &str) -> &'static str {
    match detect_language(text) {
        Some(Language::Pt) => "pt",
        Some(Language::Es) => "es",
        _ => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: u16, month: u8) -> PartialDate {
        PartialDate {
            year,
            month: Some(month),
        }
    }

    #[test]
    fn leading_people_is_read_from_bullets() {
        for yes in [
            "led a team of 5 engineers",
            "managed three analysts",
            "lidero o time de dados",
            "dirijo un equipo de 8 personas",
        ] {
            assert!(leads_people(&fold(yes)), "{yes}");
        }
        for no in [
            "led the migration of 40 services",
            "led a cross-team initiative",
            "reduced lead time by 30%",
            "mentor two analytics engineers",
        ] {
            assert!(!leads_people(&fold(no)), "{no}");
        }
    }

    #[test]
    fn overlaps_count_once_and_current_jobs_run_to_today() {
        let today = YearMonth {
            year: 2026,
            month: 11,
        };
        let intervals = [
            (d(2022, 9), RangeEnd::Present),
            (d(2021, 3), RangeEnd::Date(d(2023, 8))),
            (d(2019, 4), RangeEnd::Date(d(2022, 8))),
        ];
        assert_eq!(years_of_experience(&intervals, today), 7.5);
        assert_eq!(years_of_experience(&[], today), 0.0);
    }
}
