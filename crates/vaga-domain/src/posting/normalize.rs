//! One posting, normalised: every parser of this module applied to a job record's fields.

use serde::Serialize;

use super::contract::{Contract, ContractDetector};
use super::currency::Currency;
use super::language::{Language, detect_language_folded};
use super::location::{
    CountryCode, EligibilityRule, Gazetteer, Location, LocationHints, LocationInput, Region,
    TimezoneRequirement, Workplace, parse_location,
};
use super::salary::{NormalizedSalary, Salary, SalaryContext, SalaryParser};
use super::seniority::{SeniorityInfo, parse_seniority};
use super::text::{CleanText, clean_text, sanitize_html};
use crate::skills::fold::FoldedPart;
use crate::skills::{Requirement, Scratch, SkillEngine, SkillIdx};

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
    pub listed_skills: &'a [&'a str],
    /// The source's job-type fields (`full_time`, Gupy's `type`).
    pub job_types: &'a [&'a str],
    /// The posting's country (ISO 3166-1 alpha-2, or a name) when the source says it.
    pub country: Option<&'a str>,
    /// The source's workplace type (`remote`, `hybrid`, `on-site`; Gupy, Lever).
    pub workplace_type: Option<&'a str>,
    /// Remotive's `candidate_required_location`.
    pub candidate_required_location: Option<&'a str>,
    /// Himalayas' `locationRestrictions`.
    pub location_restrictions: &'a [&'a str],
}

/// Where a posting can be taken from, in the CLI contract's shape (`parse location`).
#[derive(Debug, Clone, Serialize)]
pub struct LocationSummary {
    /// Remote, hybrid or on-site.
    pub workplace: Option<Workplace>,
    /// Countries named or implied (ISO 3166-1 alpha-2).
    pub countries: Vec<CountryCode>,
    /// Regions named.
    pub regions: Vec<Region>,
    /// Can a person living in the home country take it without relocating? Present only when a
    /// home country is given; `null` when the posting does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligible: Option<Option<bool>>,
    /// What decides eligibility for any home country (see [`EligibilityRule`]), so that a
    /// stored posting can be matched for a profile in any country without reading it again.
    pub eligibility_rule: EligibilityRule,
    /// The phrase that decided `eligible`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility_reason: Option<String>,
    /// Hours of working-day overlap between the home country and the required time zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlap_hours: Option<f32>,
    /// Countries the posting excludes ("Worldwide except US").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded_countries: Vec<CountryCode>,
    /// A time-zone requirement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<TimezoneRequirement>,
    /// Whether the posting asks to relocate (or offers relocation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relocation_required: Option<bool>,
}

impl LocationSummary {
    /// The summary of a parsed location, with eligibility for `home` when given.
    pub fn new(gaz: &Gazetteer, location: &Location, home: Option<CountryCode>) -> Self {
        let eligibility = home.map(|h| location.eligibility(gaz, h));
        LocationSummary {
            workplace: location.workplace,
            countries: location.countries.clone(),
            regions: location.regions.clone(),
            eligible: eligibility.as_ref().map(|e| e.eligible),
            eligibility_rule: EligibilityRule::of(gaz, location),
            eligibility_reason: eligibility.as_ref().and_then(|e| e.reason.clone()),
            overlap_hours: eligibility.as_ref().and_then(|e| e.overlap_hours),
            excluded_countries: location.excluded_countries.clone(),
            timezone: location.timezone.clone(),
            relocation_required: location.relocation.as_ref().map(|r| r.required),
        }
    }
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
#[derive(Debug, Clone)]
pub struct NormalizedPosting<'a> {
    /// The description as clean text.
    pub description: CleanText,
    /// The description as sanitised HTML, when it was HTML.
    pub description_html: Option<String>,
    /// The salary, from the salary field or else the description.
    pub salary: ParsedSalary,
    /// Canonical skill names: extracted from title and description, then the listed ones.
    pub skills: Vec<&'a str>,
    /// The skills of `skills` that the text only names as a nice-to-have.
    pub optional_skills: Vec<&'a str>,
    /// Contract types.
    pub contract: Vec<Contract>,
    /// The language of title and description.
    pub language: Option<Language>,
    /// Workplace, countries, regions and eligibility.
    pub location: LocationSummary,
    /// Level and years of experience asked for.
    pub seniority: SeniorityInfo,
}

/// Normalises postings. Build once; `normalize` takes a per-thread [`Scratch`].
#[derive(Debug)]
pub struct Normalizer<'a> {
    skills: &'a SkillEngine,
    salary: &'a SalaryParser,
    contracts: ContractDetector,
    reference: Currency,
    gazetteer: &'static Gazetteer,
    home: Option<CountryCode>,
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
            gazetteer: Gazetteer::builtin(),
            home: None,
        }
    }

    /// Decides eligibility for people living in `home`.
    pub fn with_home(mut self, home: Option<CountryCode>) -> Self {
        self.home = home;
        self
    }

    /// Normalises one posting. Never fails.
    pub fn normalize(&self, input: &PostingInput, scratch: &mut Scratch) -> NormalizedPosting<'a> {
        let description = clean_text(input.description);
        let description_html = description
            .was_html
            .then(|| sanitize_html(input.description));
        let title = clean_text(input.title).text;

        let mut text = String::with_capacity(title.len() + description.text.len() + 2);
        text.push_str(&title);
        text.push_str("\n\n");
        text.push_str(&description.text);
        let engine = self.skills;
        let mut found: Vec<SkillIdx> = Vec::new();
        let mut optional: Vec<SkillIdx> = Vec::new();
        for hit in engine.extract_with(&text, scratch).skills() {
            found.push(hit.skill);
            if hit.requirement == Requirement::Optional {
                optional.push(hit.skill);
            }
        }
        for name in input.listed_skills {
            if let Some(idx) = engine.normalize(name)
                && !found.contains(&idx)
            {
                found.push(idx);
            }
        }
        let skills: Vec<&'a str> = found
            .iter()
            .map(|&idx| engine.skill(idx).name.as_str())
            .collect();
        let optional_skills: Vec<&'a str> = optional
            .iter()
            .map(|&idx| engine.skill(idx).name.as_str())
            .collect();
        // The extractor folded the text: the other cue lookups read the same tokens.
        let folded = scratch.folded();
        let language = detect_language_folded(folded);
        let description_part = FoldedPart {
            whole: &text,
            folded,
            from: title.len() + 2,
        };

        let location = parse_location(
            self.gazetteer,
            &LocationInput {
                location: input.location.unwrap_or_default(),
                description: Some(&description.text),
                folded: Some(description_part),
                hints: LocationHints {
                    remote: input.remote,
                    workplace_type: input.workplace_type,
                    country: input.country,
                    candidate_required_location: input.candidate_required_location,
                    location_restrictions: input.location_restrictions,
                },
            },
        );
        // The posting's country, for a bare `$`: the source's, or the one country it names.
        let country_code = input
            .country
            .and_then(|c| self.gazetteer.country_by_name(c))
            .map(|c| c.code)
            .or(match location.countries.as_slice() {
                [only] => Some(*only),
                _ => None,
            });
        let country_text = country_code.map(|c| c.to_string());
        let ctx = SalaryContext {
            country: country_text.as_deref(),
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
            field => match self.salary.find_in_folded(description_part, &ctx) {
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

        let contract = self.contracts.detect_folded(&text, folded, input.job_types);
        NormalizedPosting {
            seniority: parse_seniority(&title, Some(&description.text)),
            location: LocationSummary::new(self.gazetteer, &location, self.home),
            description,
            description_html,
            salary,
            skills,
            optional_skills,
            contract,
            language,
        }
    }
}
