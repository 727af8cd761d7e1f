//! Similarity from the taxonomy graph.

use vaga_domain::skills::SkillIdx;

use super::builtin;

fn ids(names: &[&str]) -> Vec<SkillIdx> {
    names
        .iter()
        .map(|n| {
            builtin()
                .normalize(n)
                .unwrap_or_else(|| panic!("{n} is known"))
        })
        .collect()
}

#[test]
fn a_skill_is_identical_to_itself_and_close_to_its_parent() {
    let engine = builtin();
    let [pytorch, dl] = ids(&["PyTorch", "Deep Learning"])[..] else {
        unreachable!()
    };
    assert_eq!(engine.similarity(pytorch, pytorch), 1.0);
    let s = engine.similarity(pytorch, dl);
    assert!(s > 0.5 && s < 1.0, "{s}");
}

#[test]
fn related_sets_are_similar_and_unrelated_ones_are_not() {
    let engine = builtin();
    let close = engine.set_similarity(
        &ids(&["Python", "Machine Learning"]),
        &ids(&["PyTorch", "Deep Learning", "Neural Networks"]),
    );
    assert!(close > 0.3, "{close}");
    let far = engine.set_similarity(&ids(&["Excel"]), &ids(&["Kubernetes"]));
    assert!(far < 0.05, "{far}");
}

#[test]
fn similarity_is_symmetric_and_bounded() {
    let engine = builtin();
    let all = ids(&[
        "Python",
        "pandas",
        "SQL",
        "PostgreSQL",
        "AWS",
        "Docker",
        "Kubernetes",
        "Machine Learning",
    ]);
    for &a in &all {
        for &b in &all {
            let (x, y) = (engine.similarity(a, b), engine.similarity(b, a));
            assert_eq!(x, y);
            assert!((0.0..=1.0).contains(&x));
        }
    }
    assert_eq!(engine.set_similarity(&[], &all), 0.0);
}
