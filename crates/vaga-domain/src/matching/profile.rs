//! Profiles: the contract's compact JSON, or a JSON Resume with preferences under
//! `meta.vaga.preferences`, resolved against the taxonomy, the gazetteer and the rate table.

use serde::Deserialize;
use serde_json::Value;

use super::explain::Lang;
use crate::posting::currency::Currency;
use crate::posting::location::{CountryCode, Gazetteer};
use crate::posting::salary::{Period, Salary, SalaryParser};
use crate::posting::seniority::Seniority;
use crate::skills::fold::fold_key;
use crate::skills::{SkillEngine, SkillIdx};

/// Most skills a profile may list.
const MAX_SKILLS: usize = 500;

/// A profile as written: the contract's compact shape.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ProfileInput {
    /// Skill names (canonical names, aliases or anything the taxonomy can normalise).
    pub skills: Vec<String>,
    /// Years of professional experience.
    pub years_experience: Option<f64>,
    /// `intern`, `junior`, `mid`, `senior`, `lead` or `manager`.
    pub seniority: Option<String>,
    /// Home country, ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// Home city.
    pub location: Option<String>,
    /// Lowest acceptable pay.
    pub salary_min: Option<f64>,
    /// Hoped-for pay.
    pub salary_max: Option<f64>,
    /// ISO 4217 currency of the pay.
    pub currency: Option<String>,
    /// `hour`, `day`, `week`, `month` or `year` (default `month`).
    pub salary_period: Option<String>,
    /// Only remote jobs.
    pub remote_only: bool,
    /// `pt`, `en` or `es`: the language of explanations.
    pub language: Option<String>,
}

/// Why a profile cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError(pub String);

impl std::fmt::Display for ProfileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProfileError {}

impl ProfileInput {
    /// Reads a compact profile or a JSON Resume document (recognised by `basics`, `work` or
    /// `meta`): skills from `meta.vaga.skills`, the `skills` groups and `languages`, years, level and
    /// language from `meta.vaga`, country and city from `basics.location`, and anything of the
    /// compact shape under `meta.vaga.preferences`, which wins.
    pub fn from_json(value: &Value) -> Result<ProfileInput, ProfileError> {
        let Some(object) = value.as_object() else {
            return Err(ProfileError("a profile must be a JSON object".into()));
        };
        let is_resume = ["basics", "work", "meta"]
            .iter()
            .any(|k| object.contains_key(*k))
            || object
                .get("skills")
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(Value::is_object));
        if !is_resume {
            return serde_json::from_value(value.clone())
                .map_err(|e| ProfileError(format!("invalid profile: {e}")));
        }
        let mut p = ProfileInput::default();
        let vaga = value.pointer("/meta/vaga");
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
        let push_skill = |name: &str, skills: &mut Vec<String>| {
            if !name.trim().is_empty() && !skills.iter().any(|s| s == name) {
                skills.push(name.to_string());
            }
        };
        let mut skills = Vec::new();
        if let Some(list) = vaga.and_then(|v| v.get("skills")).and_then(Value::as_array) {
            for s in list.iter().filter_map(Value::as_str) {
                push_skill(s, &mut skills);
            }
        }
        if let Some(groups) = object.get("skills").and_then(Value::as_array) {
            for g in groups {
                let keywords: Vec<&str> = g
                    .get("keywords")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                // A group's name is a heading ("Languages", "Competências") unless the group
                // has no keywords, where it is the skill itself.
                if keywords.is_empty()
                    && let Some(name) = g.get("name").and_then(Value::as_str)
                {
                    push_skill(name, &mut skills);
                }
                for k in keywords {
                    push_skill(k, &mut skills);
                }
            }
        }
        // Spoken languages ("languages": [{"language": "English", "fluency": "Fluent"}]).
        if let Some(langs) = object.get("languages").and_then(Value::as_array) {
            for l in langs {
                if let Some(name) = l.get("language").and_then(Value::as_str) {
                    push_skill(name, &mut skills);
                }
            }
        }
        p.skills = skills;
        p.years_experience = vaga
            .and_then(|v| v.get("years_experience"))
            .and_then(Value::as_f64);
        p.seniority = text(vaga.and_then(|v| v.get("seniority")));
        p.language = text(vaga.and_then(|v| v.get("language")));
        p.country = text(value.pointer("/basics/location/countryCode"));
        p.location = text(value.pointer("/basics/location/city"));
        if let Some(prefs) = vaga.and_then(|v| v.get("preferences")) {
            let prefs: ProfileInput = serde_json::from_value(prefs.clone())
                .map_err(|e| ProfileError(format!("invalid meta.vaga.preferences: {e}")))?;
            p.merge(prefs);
        }
        Ok(p)
    }

    /// Takes every field `other` sets.
    fn merge(&mut self, other: ProfileInput) {
        if !other.skills.is_empty() {
            for s in other.skills {
                if !self.skills.contains(&s) {
                    self.skills.push(s);
                }
            }
        }
        macro_rules! take {
            ($($f:ident),*) => { $( if other.$f.is_some() { self.$f = other.$f; } )* };
        }
        take!(
            years_experience,
            seniority,
            country,
            location,
            salary_min,
            salary_max,
            currency,
            salary_period,
            language
        );
        self.remote_only |= other.remote_only;
    }
}

/// A person's expected pay per month in the reference currency.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExpectedPay {
    /// Lowest acceptable.
    pub min: f64,
    /// Hoped for (at least `min`).
    pub max: f64,
}

/// A profile resolved for matching.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Known skills, sorted, without repeats.
    pub skills: Vec<SkillIdx>,
    /// Names the taxonomy did not know (kept for the report).
    pub unknown_skills: Vec<String>,
    /// Years of experience.
    pub years: Option<f32>,
    /// Level: as given, else from the years.
    pub level: Option<Seniority>,
    /// Home country.
    pub home: Option<CountryCode>,
    /// Home city as written.
    pub city: Option<String>,
    /// Home city folded for comparison.
    pub(crate) city_key: Option<String>,
    /// Expected pay, monthly, in `currency`.
    pub pay: Option<ExpectedPay>,
    /// The reference currency of `pay`.
    pub currency: Currency,
    /// Only remote jobs.
    pub remote_only: bool,
    /// Language of explanations.
    pub lang: Lang,
}

impl Profile {
    /// Resolves a profile: skills through the taxonomy, the country through the gazetteer, the
    /// pay into `reference` per month through the rate table. Returns the profile and warnings
    /// (unknown skills, an unknown country or currency); errors only for values that cannot be
    /// meant (a negative or inverted pay range, an unknown level or period).
    pub fn resolve(
        input: &ProfileInput,
        engine: &SkillEngine,
        salary: &SalaryParser,
        reference: Currency,
    ) -> Result<(Profile, Vec<String>), ProfileError> {
        let mut warnings = Vec::new();
        let mut skills = Vec::new();
        let mut unknown = Vec::new();
        for name in input.skills.iter().take(MAX_SKILLS) {
            match engine.normalize(name) {
                Some(idx) => skills.push(idx),
                None => {
                    // A phrase ("noções de Python", "AWS (EC2, S3)"): the skills named in it.
                    let found: Vec<SkillIdx> = engine
                        .extract(&name.chars().take(300).collect::<String>())
                        .skills()
                        .map(|h| h.skill)
                        .collect();
                    if found.is_empty() {
                        unknown.push(name.clone());
                    }
                    skills.extend(found);
                }
            }
        }
        if input.skills.len() > MAX_SKILLS {
            warnings.push(format!(
                "only the first {MAX_SKILLS} of {} skills are used",
                input.skills.len()
            ));
        }
        if !unknown.is_empty() {
            warnings.push(format!(
                "skills the taxonomy does not know (ignored): {}",
                unknown.join(", ")
            ));
        }
        let years = match input.years_experience {
            Some(y) if y.is_finite() && (0.0..=80.0).contains(&y) => Some(y as f32),
            Some(y) => {
                return Err(ProfileError(format!(
                    "years_experience must be between 0 and 80, not {y}"
                )));
            }
            None => None,
        };
        let level = match input.seniority.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => Some(parse_level(s).ok_or_else(|| {
                ProfileError(format!(
                    "unknown seniority {s:?} (intern, junior, mid, senior, lead or manager)"
                ))
            })?),
            _ => years.map(Seniority::from_years),
        };
        let gaz = Gazetteer::builtin();
        let home = match input.country.as_deref().map(str::trim) {
            Some(c) if !c.is_empty() => {
                let code = CountryCode::parse(c)
                    .filter(|code| gaz.country(*code).is_some())
                    .or_else(|| gaz.country_by_name(c).map(|x| x.code));
                if code.is_none() {
                    warnings.push(format!("unknown country {c:?}: eligibility is not checked"));
                }
                code
            }
            _ => None,
        };
        // The language of the country one lives in is known, listed or not.
        if let Some(lang) = home.and_then(home_language)
            && let Some(idx) = engine.taxonomy().by_id(lang)
        {
            skills.push(idx);
        }
        skills.sort_unstable();
        skills.dedup();
        let city = input
            .location
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string);
        let city_key = city.as_deref().map(city_key);
        let pay = resolve_pay(input, salary, reference, &mut warnings)?;
        let lang = input
            .language
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or(Lang::En);
        Ok((
            Profile {
                skills,
                unknown_skills: unknown,
                years,
                level,
                home,
                city,
                city_key,
                pay,
                currency: reference,
                remote_only: input.remote_only,
                lang,
            },
            warnings,
        ))
    }
}

/// The comparison key of a city name: folded, and only the part before a comma or dash
/// (`"São Paulo, SP"` → `sao paulo`).
pub(crate) fn city_key(name: &str) -> String {
    let head = name.split([',', '-', '(', '/']).next().unwrap_or(name);
    fold_key(head)
}

/// The taxonomy id of the main language of a country, for the countries whose language is one
/// of the three Vaga speaks.
fn home_language(country: CountryCode) -> Option<&'static str> {
    const PORTUGUESE: &[&str] = &["BR", "PT", "AO", "MZ", "CV", "GW", "ST", "TL"];
    const SPANISH: &[&str] = &[
        "AR", "BO", "CL", "CO", "CR", "CU", "DO", "EC", "ES", "GT", "GQ", "HN", "MX", "NI", "PA",
        "PE", "PR", "PY", "SV", "UY", "VE",
    ];
    const ENGLISH: &[&str] = &["US", "GB", "CA", "AU", "NZ", "IE"];
    let code = country.as_str();
    if PORTUGUESE.contains(&code) {
        Some("portuguese")
    } else if SPANISH.contains(&code) {
        Some("spanish")
    } else if ENGLISH.contains(&code) {
        Some("english")
    } else {
        None
    }
}

fn parse_level(s: &str) -> Option<Seniority> {
    let s = s.to_ascii_lowercase();
    Seniority::ALL.into_iter().find(|l| l.as_str() == s)
}

fn resolve_pay(
    input: &ProfileInput,
    salary: &SalaryParser,
    reference: Currency,
    warnings: &mut Vec<String>,
) -> Result<Option<ExpectedPay>, ProfileError> {
    let (min, max) = match (input.salary_min, input.salary_max) {
        (None, None) => return Ok(None),
        (Some(a), None) | (None, Some(a)) => (a, a),
        (Some(a), Some(b)) => (a, b),
    };
    if !(min.is_finite() && max.is_finite()) || min < 0.0 || max < min {
        return Err(ProfileError(format!(
            "salary_min and salary_max must be non-negative with min ≤ max (got {min} and {max})"
        )));
    }
    if max == 0.0 {
        return Ok(None);
    }
    let period = match input.salary_period.as_deref().map(str::trim) {
        None | Some("") => Period::Month,
        Some(p) => parse_period(p).ok_or_else(|| {
            ProfileError(format!(
                "unknown salary_period {p:?} (hour, day, week, month or year)"
            ))
        })?,
    };
    let Some(code) = input.currency.as_deref().map(str::trim) else {
        warnings.push("a salary without a currency is not compared".into());
        return Ok(None);
    };
    let Some(currency) = Currency::from_code(code) else {
        warnings.push(format!(
            "unknown currency {code:?}: the salary is not compared"
        ));
        return Ok(None);
    };
    let s = Salary {
        min: Some(min),
        max: Some(max),
        currency: Some(currency),
        period: Some(period),
        ..Salary::default()
    };
    let Some(n) = salary.normalize(&s, reference) else {
        warnings.push(format!(
            "no exchange rate from {code} to {}: the salary is not compared",
            reference.as_str()
        ));
        return Ok(None);
    };
    match (n.monthly_min, n.monthly_max) {
        (Some(a), Some(b)) => Ok(Some(ExpectedPay { min: a, max: b })),
        _ => Ok(None),
    }
}

fn parse_period(p: &str) -> Option<Period> {
    let p = p.to_ascii_lowercase();
    [
        Period::Hour,
        Period::Day,
        Period::Week,
        Period::Month,
        Period::Year,
    ]
    .into_iter()
    .find(|x| x.as_str() == p)
}
