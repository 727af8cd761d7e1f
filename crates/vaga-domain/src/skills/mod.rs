//! The skill engine: a trilingual taxonomy, extraction from text, normalisation of names and
//! similarity between skills and sets of skills.
//!
//! [`SkillEngine`] bundles the [`Taxonomy`] with the compiled extraction matcher and the name
//! index; build it once and share it (`&SkillEngine` is `Sync`).

mod context;
mod extract;
pub mod fold;
pub mod learning;
mod normalize;
pub mod phrases;
mod similarity;
mod taxonomy;
mod trie;

pub use context::Trigger;
pub use extract::{Extraction, Mention, Requirement, Scratch, SkillHit};
pub use taxonomy::{
    BUILTIN_FILES, Category, Difficulty, Learning, Problem, Resource, Skill, SkillIdx, Taxonomy,
    TaxonomyError, TaxonomySource,
};

use extract::Matcher;
use normalize::NameIndex;

/// The taxonomy with everything compiled from it.
#[derive(Debug, Clone)]
pub struct SkillEngine {
    taxonomy: Taxonomy,
    matcher: Matcher,
    names: NameIndex,
}

impl SkillEngine {
    /// The engine over the embedded taxonomy.
    pub fn builtin() -> Result<SkillEngine, TaxonomyError> {
        let (taxonomy, _problems) = Taxonomy::builtin()?;
        SkillEngine::new(taxonomy)
    }

    /// Compiles an engine for a taxonomy.
    pub fn new(taxonomy: Taxonomy) -> Result<SkillEngine, TaxonomyError> {
        let matcher = Matcher::new(&taxonomy).map_err(|message| TaxonomyError {
            source_name: "automaton".into(),
            message,
        })?;
        let names = NameIndex::new(&taxonomy);
        Ok(SkillEngine {
            taxonomy,
            matcher,
            names,
        })
    }

    /// The taxonomy.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// The skill at an index.
    pub fn skill(&self, idx: SkillIdx) -> &Skill {
        self.taxonomy.skill(idx)
    }

    /// Extracts the skills a text (plain or HTML) mentions. Never fails; see [`Extraction`].
    pub fn extract(&self, text: &str) -> Extraction {
        self.extract_with(text, &mut Scratch::default())
    }

    /// [`SkillEngine::extract`] reusing buffers across calls.
    pub fn extract_with(&self, text: &str, scratch: &mut Scratch) -> Extraction {
        self.matcher.extract(&self.taxonomy, text, scratch)
    }

    /// The canonical skill a free-form name stands for (`"k8s"` → Kubernetes, `"Pyhton"` →
    /// Python), or `None` when unsure.
    pub fn normalize(&self, name: &str) -> Option<SkillIdx> {
        self.names.lookup(name)
    }

    /// Similarity of two skills in [0, 1] from the taxonomy graph.
    pub fn similarity(&self, a: SkillIdx, b: SkillIdx) -> f64 {
        similarity::skill_similarity(&self.taxonomy, a, b)
    }

    /// Similarity of two sets of skills in [0, 1]: the mean best match in both directions.
    pub fn set_similarity(&self, a: &[SkillIdx], b: &[SkillIdx]) -> f64 {
        similarity::set_similarity(&self.taxonomy, a, b)
    }
}
