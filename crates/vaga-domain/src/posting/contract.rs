//! Contract types: how a posting employs (CLT, PJ, contractor, EOR) and for how long
//! (full-time, part-time, internship, temporary, freelance), from text in EN/PT/ES and from
//! sources' structured job-type fields.

use crate::skills::fold::floor_char_boundary as floor_boundary;
use serde::Serialize;

use crate::skills::fold::{Folded, fold_for_scan};
use crate::skills::phrases::PhraseSet;

/// One contract type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Contract {
    /// Brazilian employment under the labour code (Consolidação das Leis do Trabalho).
    Clt,
    /// Brazilian contracting through one's own company (pessoa jurídica).
    Pj,
    /// Independent contractor (B2B, 1099, invoice).
    Contractor,
    /// Employed through an employer of record.
    Eor,
    /// Full-time.
    FullTime,
    /// Part-time.
    PartTime,
    /// Internship, traineeship as a student.
    Internship,
    /// Temporary or fixed-term.
    Temporary,
    /// Freelance work.
    Freelance,
}

const PATTERNS: &[(&str, Contract)] = &[
    ("clt", Contract::Clt),
    ("regime clt", Contract::Clt),
    ("carteira assinada", Contract::Clt),
    ("pj", Contract::Pj),
    ("pessoa jurídica", Contract::Pj),
    ("pessoa juridica", Contract::Pj),
    ("contractor", Contract::Contractor),
    ("independent contractor", Contract::Contractor),
    ("contract role", Contract::Contractor),
    ("contract position", Contract::Contractor),
    ("b2b", Contract::Contractor),
    ("1099", Contract::Contractor),
    ("contratista", Contract::Contractor),
    ("prestador de serviços", Contract::Contractor),
    ("prestación de servicios", Contract::Contractor),
    ("eor", Contract::Eor),
    ("employer of record", Contract::Eor),
    ("full-time", Contract::FullTime),
    ("full time", Contract::FullTime),
    ("fulltime", Contract::FullTime),
    ("tempo integral", Contract::FullTime),
    ("período integral", Contract::FullTime),
    ("tiempo completo", Contract::FullTime),
    ("jornada completa", Contract::FullTime),
    ("vollzeit", Contract::FullTime),
    ("part-time", Contract::PartTime),
    ("part time", Contract::PartTime),
    ("meio período", Contract::PartTime),
    ("meio periodo", Contract::PartTime),
    ("meio-período", Contract::PartTime),
    ("medio tiempo", Contract::PartTime),
    ("tiempo parcial", Contract::PartTime),
    ("media jornada", Contract::PartTime),
    ("teilzeit", Contract::PartTime),
    ("internship", Contract::Internship),
    ("intern", Contract::Internship),
    ("estágio", Contract::Internship),
    ("estagio", Contract::Internship),
    ("estagiário", Contract::Internship),
    ("estagiária", Contract::Internship),
    ("estagiário(a)", Contract::Internship),
    ("pasantía", Contract::Internship),
    ("pasantia", Contract::Internship),
    ("pasante", Contract::Internship),
    ("prácticas", Contract::Internship),
    ("becario", Contract::Internship),
    ("becaria", Contract::Internship),
    ("praktikum", Contract::Internship),
    ("temporary", Contract::Temporary),
    ("fixed-term", Contract::Temporary),
    ("fixed term", Contract::Temporary),
    ("temporário", Contract::Temporary),
    ("temporária", Contract::Temporary),
    ("contrato por tiempo determinado", Contract::Temporary),
    ("befristet", Contract::Temporary),
    ("freelance", Contract::Freelance),
    ("freelancer", Contract::Freelance),
    ("freela", Contract::Freelance),
    ("autônomo", Contract::Freelance),
];

/// Finds contract types. Build once, share freely.
#[derive(Debug, Clone)]
pub struct ContractDetector {
    phrases: PhraseSet<Contract>,
}

impl Default for ContractDetector {
    fn default() -> ContractDetector {
        ContractDetector::new()
    }
}

/// Texts are read up to here.
const MAX_TEXT: usize = 200_000;

impl ContractDetector {
    /// Compiles the patterns.
    pub fn new() -> ContractDetector {
        let phrases = PhraseSet::new(PATTERNS.iter().copied())
            .expect("the contract patterns are a small constant list");
        ContractDetector { phrases }
    }

    /// Contract types named in a title, a description and a source's job-type fields
    /// (`full_time`, `Contract`, Gupy's `vacancy_type_effective`), sorted and deduplicated.
    pub fn detect(&self, title: &str, description: &str, job_types: &[&str]) -> Vec<Contract> {
        let description = &description[..floor_boundary(description, MAX_TEXT)];
        let mut text = String::with_capacity(title.len() + description.len() + 2);
        text.push_str(title);
        text.push_str("\n\n");
        text.push_str(description);
        let mut folded = Folded::default();
        fold_for_scan(&text, &mut folded);
        self.detect_folded(&text, &folded, job_types)
    }

    /// [`ContractDetector::detect`] over a text already folded (title and description, with
    /// a line break between them, as the skill extractor folds them).
    pub fn detect_folded(&self, text: &str, folded: &Folded, job_types: &[&str]) -> Vec<Contract> {
        let mut found = Vec::new();
        for field in job_types {
            if let Some(c) = structured(field) {
                found.push(c);
            }
        }
        for m in self.phrases.find_iter(folded) {
            for &contract in m.values {
                // Upper case only for the short code, which is a word in other languages.
                if contract == Contract::Eor {
                    let (start, end) = m.span(folded, text);
                    let matched = &text[start..end];
                    if matched.len() <= 3 && !matched.bytes().all(|b| b.is_ascii_uppercase()) {
                        continue;
                    }
                }
                found.push(contract);
            }
        }
        found.sort();
        found.dedup();
        found
    }
}

/// A source's structured job type.
fn structured(value: &str) -> Option<Contract> {
    let v: String = value
        .chars()
        .map(|c| {
            if c == '-' || c == ' ' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    Some(match v.as_str() {
        "full_time" | "fulltime" | "permanent" => Contract::FullTime,
        "vacancy_type_effective" => Contract::Clt,
        "part_time" | "parttime" => Contract::PartTime,
        "contract" | "contractor" | "contract_to_hire" => Contract::Contractor,
        "internship" | "intern" | "vacancy_type_internship" | "vacancy_type_apprentice" => {
            Contract::Internship
        }
        "temporary" | "temp" | "vacancy_type_temporary" => Contract::Temporary,
        "freelance" | "freelancer" | "vacancy_type_freelancer" | "vacancy_type_autonomous" => {
            Contract::Freelance
        }
        "vacancy_legal_entity" => Contract::Pj,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Contract::*;

    #[test]
    fn text_and_fields() {
        let d = ContractDetector::new();
        assert_eq!(
            d.detect("Analista de Dados (CLT ou PJ)", "", &[]),
            vec![Clt, Pj]
        );
        assert_eq!(
            d.detect(
                "Data Engineer",
                "This is a full-time contractor role paid via EOR.",
                &[]
            ),
            vec![Contractor, Eor, FullTime]
        );
        assert_eq!(
            d.detect("Estágio em Dados", "", &["vacancy_type_internship"]),
            vec![Internship]
        );
        assert_eq!(
            d.detect("Internal tools engineer", "international team", &[]),
            vec![]
        );
        assert_eq!(d.detect("", "", &["Full-Time"]), vec![FullTime]);
    }
}
