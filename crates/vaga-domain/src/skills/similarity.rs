//! Similarity between skills from the taxonomy graph: same skill 1, parent and child 0.7,
//! related 0.6, siblings and grandparents 0.4, anything else 0.

use super::taxonomy::{SkillIdx, Taxonomy};

/// Same skill.
pub const SAME: f64 = 1.0;
/// One is a parent of the other.
pub const PARENT: f64 = 0.7;
/// Listed as related (either direction).
pub const RELATED: f64 = 0.6;
/// Share a parent, or one is the other's grandparent.
pub const SIBLING: f64 = 0.4;

/// Similarity of two skills in [0, 1].
pub fn skill_similarity(taxonomy: &Taxonomy, a: SkillIdx, b: SkillIdx) -> f64 {
    if a == b {
        return SAME;
    }
    let (sa, sb) = (taxonomy.skill(a), taxonomy.skill(b));
    if sa.parents.contains(&b) || sb.parents.contains(&a) {
        return PARENT;
    }
    if sa.related.contains(&b) || sb.related.contains(&a) {
        return RELATED;
    }
    let shares_parent = sa.parents.iter().any(|p| sb.parents.contains(p));
    let grandparent = |x: &[SkillIdx], target: SkillIdx| {
        x.iter()
            .any(|&p| taxonomy.skill(p).parents.contains(&target))
    };
    if shares_parent || grandparent(&sa.parents, b) || grandparent(&sb.parents, a) {
        return SIBLING;
    }
    0.0
}

/// Mean over `from` of the best similarity to any skill of `to`.
fn directed(taxonomy: &Taxonomy, from: &[SkillIdx], to: &[SkillIdx]) -> f64 {
    let total: f64 = from
        .iter()
        .map(|&a| {
            to.iter()
                .map(|&b| skill_similarity(taxonomy, a, b))
                .fold(0.0, f64::max)
        })
        .sum();
    total / from.len() as f64
}

/// Similarity of two sets in [0, 1]: the average of both directed means. Empty sets give 0.
pub fn set_similarity(taxonomy: &Taxonomy, a: &[SkillIdx], b: &[SkillIdx]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let value = (directed(taxonomy, a, b) + directed(taxonomy, b, a)) / 2.0;
    value.clamp(0.0, 1.0)
}
