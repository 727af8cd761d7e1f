//! Integration tests of vaga-domain, one module per capability:
//! - `taxonomy`: the schema test of the embedded taxonomy data and of user overrides;
//! - `extract`: extraction behaviour on a small inline taxonomy (boundaries, ambiguity,
//!   negation, optional) and on the embedded one (look-alikes from real postings);
//! - `normalize`: free-form names to canonical skills;
//! - `similarity`: skill and set similarity;
//! - `salary`: salary parsing, descriptions, conversion and its properties;
//! - `text`: text cleaning, language and contract detection never panic; cleaning is idempotent;
//! - `seniority`: levels and years of experience from titles and texts;
//! - `dedup`: duplicate postings (canonical URLs, companies, the fixture, the index);
//! - `props`: property tests (never panics, spans on char boundaries);
//! - `resume`: resume text and JSON Resume imports to JSON Resume with derived facts;
//! - `matching`: match scores, explanations and their properties;
//! - `location`: the gazetteer's schema test, location and eligibility rules, and their property
//!   tests;
//! - `trends`: market trends over postings, hand-computed tables and their property tests.

// A panic in a test is a failing test, which is what an unwrap here means.
#![allow(clippy::unwrap_used)]

mod dedup;
mod extract;
mod location;
mod matching;
mod normalize;
mod props;
mod resume;
mod salary;
mod seniority;
mod similarity;
mod taxonomy;
mod text;
mod trends;

use std::sync::OnceLock;

use vaga_domain::skills::{SkillEngine, Taxonomy, TaxonomySource};

/// The engine over the embedded taxonomy, built once per test binary.
pub(crate) fn builtin() -> &'static SkillEngine {
    static ENGINE: OnceLock<SkillEngine> = OnceLock::new();
    ENGINE.get_or_init(|| SkillEngine::builtin().expect("embedded taxonomy loads"))
}

/// An engine over an inline taxonomy, for behaviour that must not depend on the data files.
pub(crate) fn engine_from(toml: &str) -> SkillEngine {
    let (taxonomy, problems) = Taxonomy::load(&[TaxonomySource {
        name: "test.toml",
        text: toml,
    }])
    .expect("parses");
    assert!(problems.is_empty(), "{problems:?}");
    SkillEngine::new(taxonomy).expect("compiles")
}

/// Canonical names found in a text, in order of first mention.
pub(crate) fn names(engine: &SkillEngine, text: &str) -> Vec<String> {
    engine
        .extract(text)
        .skills()
        .map(|hit| engine.skill(hit.skill).name.clone())
        .collect()
}
