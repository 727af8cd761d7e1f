//! Vaga's pure core: everything that decides, and nothing that does IO.
//!
//! This crate turns text into facts about skills (and, as the project grows, salaries, locations,
//! seniority, duplicates and match scores). It never reads files, opens sockets, looks at the clock
//! or draws random numbers: data files are embedded at build time, and anything that depends on
//! time or randomness takes it as an argument. Parsers never fail on messy input; they return a
//! value plus warnings, and `Err` is kept for input that is not what it claims to be.
//!
//! The main entry point today is [`skills::SkillEngine`]:
//!
//! ```
//! use vaga_domain::skills::SkillEngine;
//!
//! let engine = SkillEngine::builtin().expect("the embedded taxonomy is valid");
//! let found = engine.extract("Stack: Python, k8s and PostgreSQL. No Java needed.");
//! let names: Vec<&str> = found.skills().map(|s| engine.taxonomy().skill(s.skill).name.as_str()).collect();
//! assert!(names.contains(&"Kubernetes"));
//! assert!(!names.contains(&"Java"));
//! ```

mod hash;
pub mod matching;
pub mod posting;
pub mod resume;
pub mod skills;
pub mod trends;
