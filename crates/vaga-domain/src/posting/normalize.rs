//! One posting, normalised: every parser of this module applied to a job record's fields.

use serde::Serialize;

use super::contract::{Contract, ContractDetector};
use super::currency::Currency;
use super::language::{Language, detect_language};
use super::salary::{NormalizedSalary, Salary, SalaryContext, SalaryParser};
use super::text::{CleanText, clean_text, sanitize_html};
use crate::skills::{Scratch, SkillEngine};

/// The fields of a job record the normaliser reads (the CLI contract's job-record format).
#[derive(Debug, Clone, Copy, Default)]
pub struct PostingInput<'a> {
    /// Title.
    pub title: &'a str,
    /// Description, plain text or HTML.
    pub description: &'a str,
    /// Free-text salary field.
    pub salary: Option<&'a str>,
    /// Free-text location field.
    pub location: Option<&'a str>,
    /// The source's remote flag.
    pub remote: Option<bool>,
    /// Skills the source lists.
    pub listed_skills: &'a [String],
    /// The source's job-type fields (`full_time`, Gupy's `type`).
    pub job_types: &'a [&'a str],
    /// The posting's country (ISO 3166-1 alpha-2) when the source says it.
    pub country: Option<&'a str>,
}

/// Where a salary was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SalarySource {
    /// The salary field.
    Field,
    /// The description, after a pay cue.
    Description,
}

/// A salary with its conversion and origin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedSalary {
    /// What the text says.
    #[serde(flatten)]
    pub salary: Salary,
    /// Monthly and yearly amounts in the reference currency, when convertible.
    pub normalized: Option<NormalizedSalary>,
    /// Where it was read.
    pub source: SalarySource,
}

/// What normalisation found.
#[derive(Debug, Clone, PartialEq)]
pub struct NormalizedPosting {
    /// The description as clean text.
    pub description: CleanText,
    /// The description as sanitised HTML, when it was HTML.
    pub description_html: Option<String>,
    /// The salary, from the salary field or else the description.
    pub salary: ParsedSalary,
    /// Canonical skill names: extracted from title and description, then the listed ones.
    pub skills: Vec<String>,
    /// Contract types.
    pub contract: Vec<Contract>,
    /// The language of title and description.
    pub language: Option<Language>,
}

/// Normalises postings. Build once; `normalize` takes a per-thread [`Scratch`].
#[derive(Debug)]
pub struct Normalizer<'a> {
    skills: &'a SkillEngine,
    salary: &'a SalaryParser,
    contracts: ContractDetector,
    reference: Currency,
}

impl<'a> Normalizer<'a> {
    /// A normaliser over a skill engine and a salary parser, converting salaries to
    /// `reference`.
    pub fn new(skills: &'a SkillEngine, salary: &'a SalaryParser, reference: Currency) -> Self {
        Normalizer {
            skills,
            salary,
            contracts: ContractDetector::new(),
            reference,
        }
    }

    /// Normalises one posting. Never fails.
    pub fn normalize(&self, input: &PostingInput, scratch: &mut Scratch) -> NormalizedPosting {
        let description = clean_text(input.description);
        let description_html = description
            .was_html
            .then(|| sanitize_html(input.description));
        let title = clean_text(input.title).text;

        let mut text = String::with_capacity(title.len() + description.text.len() + 2);
        text.push_str(&title);
        text.push_str("\n\n");
        text.push_str(&description.text);
        let language = detect_language(&text);

        let mut skills: Vec<String> = Vec::new();
        for hit in self.skills.extract_with(&text, scratch).skills() {
            skills.push(self.skills.skill(hit.skill).name.clone());
        }
        for name in input.listed_skills {
            if let Some(idx) = self.skills.normalize(name) {
                let canonical = &self.skills.skill(idx).name;
                if !skills.contains(canonical) {
                    skills.push(canonical.clone());
                }
            }
        }

        let ctx = SalaryContext {
            country: input.country,
            language: language.map(Language::as_str),
        };
        let from_field = input
            .salary
            .map(|s| self.salary.parse(s, &ctx))
            .filter(|s| !s.is_empty());
        let salary = match from_field {
            Some(s) if s.has_amount() => ParsedSalary {
                normalized: self.salary.normalize(&s, self.reference),
                salary: s,
                source: SalarySource::Field,
            },
            field => match self.salary.find_in_text(&description.text, &ctx) {
                Some(s) => ParsedSalary {
                    normalized: self.salary.normalize(&s, self.reference),
                    salary: s,
                    source: SalarySource::Description,
                },
                None => ParsedSalary {
                    salary: field.unwrap_or_default(),
                    normalized: None,
                    source: SalarySource::Field,
                },
            },
        };

        let contract = self
            .contracts
            .detect(&title, &description.text, input.job_types);
        NormalizedPosting {
            description,
            description_html,
            salary,
            skills,
            contract,
            language,
        }
    }
}
