//! How well postings fit a person, and why.
//!
//! A [`Profile`] (skills, years, level, home country, city, pay expectation, remote-only) is
//! scored against every posting of a [`MatchIndex`] on four components, each in [0, 1]:
//!
//! - **skills**: the share of the posting's skills the person covers, each skill weighted by how
//!   distinctive it is across the indexed postings (`1 + ln((1 + N) / (1 + df))`, so "SQL" counts
//!   less than "Kubeflow"), a nice-to-have at half weight, and partial credit from the taxonomy
//!   (a known child or implied skill covers its parent fully; a parent, a related skill or a
//!   sibling covers part of it);
//! - **experience**: the distance between the posting's level and the person's (same 1, one level
//!   0.5, two 0; a junior posting for someone with 4+ years 0), and the years asked for against
//!   the years held;
//! - **location**: 0 when the person cannot take the job from their country
//!   ([`EligibilityRule`](crate::posting::location::EligibilityRule)), else how well the
//!   arrangement suits them (remote and open to their country, on-site in their city, …) and the
//!   working-day overlap a time-zone requirement leaves;
//! - **salary**: how far the posting's top of range reaches into the person's range, after both
//!   are converted to one currency per month.
//!
//! The score is `100 × Σ wᵢ·cᵢ / Σ wᵢ` with configurable [`Weights`] (default 40/25/20/15). A
//! component the posting does not inform (no pay stated, no level or years) is neutral: it takes
//! the weighted mean of the known ones, so it neither raises nor lowers the score. A posting the
//! person cannot take from their country has location 0 and `eligible: false`, and its score is
//! halved so that it never outranks one they can take with a similar fit; a remote-only profile
//! does not see it (nor on-site and hybrid postings) unless it asks. Scores are
//! rounded to one decimal and ties go to the smaller id, so the same input gives the same order.
//!
//! The index keeps postings in compact columns (skills as sorted ids with their weights, level,
//! years, a location key, the monthly pay) and an inverted index from skills to postings; a query
//! accumulates skill credit over the postings lists of the person's skills and their
//! neighbours, then scans the columns, skipping postings whose best possible score cannot enter
//! the top N. Explanations are written only for the postings returned.

mod components;
mod explain;
mod gaps;
mod index;
mod profile;
pub mod record;

use serde::{Deserialize, Serialize};

pub use components::{Components, experience_component, salary_component};
pub use explain::Lang;
pub use gaps::{GapOptions, GapReport, Improvement, MissingSkill, Target, gaps};
pub use index::{
    EligibilityView, Match, MatchIndex, MatchOptions, MatchPosting, PartialSkill, Pay, Ranking,
    SalaryView,
};
pub use profile::{Profile, ProfileError, ProfileInput};

/// The weight of each component in the score. Any non-negative numbers with a positive sum;
/// only their ratios matter.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// Skills.
    pub skills: f64,
    /// Experience.
    pub experience: f64,
    /// Location.
    pub location: f64,
    /// Salary.
    pub salary: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            skills: 40.0,
            experience: 25.0,
            location: 20.0,
            salary: 15.0,
        }
    }
}

impl Weights {
    /// Checks that every weight is a finite non-negative number and that they do not all vanish.
    pub fn validate(&self) -> Result<(), String> {
        let all = [
            ("skills", self.skills),
            ("experience", self.experience),
            ("location", self.location),
            ("salary", self.salary),
        ];
        for (name, w) in all {
            if !w.is_finite() || w < 0.0 {
                return Err(format!(
                    "the {name} weight must be a non-negative number, not {w}"
                ));
            }
        }
        if all.iter().map(|(_, w)| w).sum::<f64>() <= 0.0 {
            return Err("at least one weight must be positive".into());
        }
        Ok(())
    }
}
