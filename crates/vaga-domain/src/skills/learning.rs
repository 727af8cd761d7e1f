//! Learning paths: which missing skills to learn, in which order, how long each takes and where
//! to learn it, from the taxonomy's learning data (`[skills.learning]`: hours, difficulty,
//! prerequisites, resources).
//!
//! [`learning_path`] takes the skills a person is missing with an importance (from the matcher)
//! and the skills they have, and returns at most [`PathOptions::max_items`] steps:
//!
//! - **Satisfied prerequisites.** A prerequisite is met when the person knows it, or knows a skill
//!   that reaches it through `parents`, `implies` or `prerequisites`, transitively: knowing
//!   PyTorch meets Deep Learning (its parent) and Python (its prerequisite); knowing AWS Glue
//!   meets AWS (implied). Wanted skills are taken as the caller gives them; only the ones listed
//!   in `known` themselves are dropped.
//! - **Pulled prerequisites.** Unmet prerequisites of a wanted skill are added to the path,
//!   transitively, marked [`Reason::Prerequisite`], even when nobody asked for them.
//! - **Room.** Wanted skills are taken most important first (ties by index); one whose missing
//!   chain (itself plus every unmet prerequisite not yet in the path) does not fit in the room
//!   left is skipped whole and reported in [`LearningPath::skipped`]; a later, smaller one may
//!   still fit.
//! - **Order.** A topological order over the prerequisites inside the path; among the steps
//!   whose prerequisites are all placed, the most important first (a pulled prerequisite carries
//!   the importance of the most important skill that needs it), ties by index. The taxonomy's
//!   loader already breaks prerequisite cycles; should one remain, the most important step of
//!   the cycle is placed first rather than looping.
//! - **Hours.** The taxonomy's `hours`; without learning data, a default by category (the
//!   median of the builtin data for that category, see [`default_estimate`]), flagged
//!   [`Step::default_estimate`].
//! - **Resources.** The person's language first ([`PathOptions::lang`], compared on the primary
//!   subtag: `pt-BR` is `pt`), then free ones, then in data order.
//!
//! ```
//! use vaga_domain::skills::Taxonomy;
//! use vaga_domain::skills::learning::{PathOptions, learning_path};
//!
//! let (taxonomy, _) = Taxonomy::builtin().unwrap();
//! let saa = taxonomy.by_id("aws-certified-solutions-architect").unwrap();
//! let linux = taxonomy.by_id("linux").unwrap();
//! let path = learning_path(&taxonomy, &[(saa, 1.0)], &[linux], &PathOptions::default());
//! let ids: Vec<&str> = path.steps.iter().map(|s| s.id.as_str()).collect();
//! let at = |id| ids.iter().position(|x| *x == id).unwrap();
//! assert!(at("aws") < at("aws-certified-cloud-practitioner"));
//! assert!(at("aws-certified-cloud-practitioner") < at("aws-certified-solutions-architect"));
//! assert!(!ids.contains(&"linux"));
//! ```

use serde::Serialize;

use super::taxonomy::{Category, Difficulty, Resource, SkillIdx, Taxonomy};

/// Knobs of [`learning_path`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathOptions {
    /// Most steps in the path. Default 10.
    pub max_items: usize,
    /// The person's language (`pt`, `en`, `es`; a tag like `pt-BR` counts by its first part):
    /// resources in it come first. Default `en`.
    pub lang: String,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions {
            max_items: 10,
            lang: "en".to_string(),
        }
    }
}

/// A skill named in a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkillRef {
    /// Its index in the taxonomy.
    pub skill: SkillIdx,
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

impl SkillRef {
    fn new(taxonomy: &Taxonomy, skill: SkillIdx) -> SkillRef {
        let s = taxonomy.skill(skill);
        SkillRef {
            skill,
            id: s.id.clone(),
            name: s.name.clone(),
        }
    }
}

/// Why a step is in the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The caller asked for it.
    Wanted,
    /// Needed first by other steps of the path.
    Prerequisite {
        /// The steps that list it as a direct prerequisite.
        of: Vec<SkillRef>,
    },
}

/// One skill to learn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Position in the path, from 1.
    pub priority: u32,
    /// The skill's index.
    pub skill: SkillIdx,
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its category.
    pub category: Category,
    /// Why it is here.
    pub reason: Reason,
    /// The importance the order used: a wanted skill's own, or that of the most important skill
    /// needing it, whichever is higher.
    pub importance: f64,
    /// Its direct prerequisites in the taxonomy (met or not).
    pub prerequisites: Vec<SkillRef>,
    /// Hours to working proficiency.
    pub estimated_hours: u32,
    /// Whether `estimated_hours` and `difficulty` are the category defaults (the skill has no
    /// learning data).
    pub default_estimate: bool,
    /// How hard it is.
    pub difficulty: Difficulty,
    /// Where to learn it: the person's language first, then free ones.
    pub resources: Vec<Resource>,
}

/// A wanted skill left out for lack of room.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    /// The skill.
    pub skill: SkillRef,
    /// Its importance.
    pub importance: f64,
    /// Steps it would have needed (itself and its unmet prerequisites not in the path).
    pub needed: usize,
}

/// What [`learning_path`] returns.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct LearningPath {
    /// The steps, in learning order.
    pub steps: Vec<Step>,
    /// Sum of the steps' hours (saturating).
    pub total_hours: u32,
    /// Wanted skills that did not fit, most important first.
    pub skipped: Vec<Skipped>,
}

/// The hours and difficulty assumed for a skill without learning data: per category, the
/// median hours and the most common difficulty of the builtin skills of that category that have
/// learning data (soft skills have none: 20 hours, beginner).
pub fn default_estimate(category: Category) -> (u32, Difficulty) {
    match category {
        Category::ProgrammingLanguage => (60, Difficulty::Beginner),
        Category::Framework => (30, Difficulty::Intermediate),
        Category::Library => (15, Difficulty::Intermediate),
        Category::Database => (15, Difficulty::Intermediate),
        Category::CloudPlatform => (25, Difficulty::Intermediate),
        Category::Tool => (20, Difficulty::Beginner),
        Category::Method => (30, Difficulty::Intermediate),
        Category::Certification => (70, Difficulty::Intermediate),
        Category::SpokenLanguage => (600, Difficulty::Intermediate),
        Category::SoftSkill => (20, Difficulty::Beginner),
    }
}

/// Importance with NaN as 0 and infinities clamped, so that it orders and serialises.
fn sane(importance: f64) -> f64 {
    if importance.is_nan() {
        0.0
    } else {
        importance.clamp(f64::MIN, f64::MAX)
    }
}

fn primary_subtag(lang: &str) -> String {
    lang.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn prerequisites(taxonomy: &Taxonomy, skill: SkillIdx) -> &[SkillIdx] {
    taxonomy
        .skill(skill)
        .learning
        .as_ref()
        .map_or(&[], |l| l.prerequisites.as_slice())
}

/// Every skill the known ones meet: themselves and what they reach through parents, implies and
/// prerequisites.
fn satisfied(taxonomy: &Taxonomy, known: &[SkillIdx]) -> Vec<bool> {
    let mut met = vec![false; taxonomy.len()];
    let mut stack: Vec<SkillIdx> = Vec::new();
    for &k in known {
        if k.get() < met.len() && !met[k.get()] {
            met[k.get()] = true;
            stack.push(k);
        }
    }
    while let Some(skill) = stack.pop() {
        let s = taxonomy.skill(skill);
        for &next in s
            .parents
            .iter()
            .chain(&s.implies)
            .chain(prerequisites(taxonomy, skill))
        {
            if next.get() < met.len() && !met[next.get()] {
                met[next.get()] = true;
                stack.push(next);
            }
        }
    }
    met
}

/// One node of the path under construction.
struct Node {
    skill: SkillIdx,
    wanted: bool,
    importance: f64,
}

/// Builds a learning path for the `wanted` skills (with their importance, higher first) of a
/// person who knows `known`. Indexes out of the taxonomy's range are ignored; a skill wanted
/// twice counts once, with its highest importance. Never panics.
pub fn learning_path(
    taxonomy: &Taxonomy,
    wanted: &[(SkillIdx, f64)],
    known: &[SkillIdx],
    options: &PathOptions,
) -> LearningPath {
    let n = taxonomy.len();
    let met = satisfied(taxonomy, known);
    let mut is_known = vec![false; n];
    for &k in known {
        if k.get() < n {
            is_known[k.get()] = true;
        }
    }

    // Wanted skills: valid, not known, deduplicated with their highest importance, most
    // important first.
    let mut asked: Vec<(SkillIdx, f64)> = wanted
        .iter()
        .filter(|(s, _)| s.get() < n && !is_known[s.get()])
        .map(|&(s, i)| (s, sane(i)))
        .collect();
    asked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut seen = vec![false; n];
    asked.retain(|(s, _)| !std::mem::replace(&mut seen[s.get()], true));

    let mut nodes: Vec<Node> = Vec::new();
    let mut in_path = vec![false; n];
    let mut skipped = Vec::new();
    // The round in which each skill was last visited, to walk each chain without a set.
    let mut visited = vec![usize::MAX; n];
    for (round, (skill, importance)) in asked.into_iter().enumerate() {
        if in_path[skill.get()] {
            if let Some(node) = nodes.iter_mut().find(|x| x.skill == skill) {
                node.wanted = true;
                node.importance = node.importance.max(importance);
            }
            continue;
        }
        // The missing chain: the skill and its unmet prerequisites not yet in the path.
        let mut needed = vec![skill];
        let mut stack = vec![skill];
        visited[skill.get()] = round;
        while let Some(s) = stack.pop() {
            for &p in prerequisites(taxonomy, s) {
                if p.get() >= n || met[p.get()] || in_path[p.get()] || visited[p.get()] == round {
                    continue;
                }
                visited[p.get()] = round;
                needed.push(p);
                stack.push(p);
            }
        }
        if nodes.len().saturating_add(needed.len()) > options.max_items {
            skipped.push(Skipped {
                skill: SkillRef::new(taxonomy, skill),
                importance,
                needed: needed.len(),
            });
            continue;
        }
        for s in needed {
            in_path[s.get()] = true;
            nodes.push(Node {
                skill: s,
                wanted: s == skill,
                importance,
            });
        }
    }

    let order = topological(taxonomy, &nodes, &in_path);
    let lang = primary_subtag(&options.lang);
    let mut steps = Vec::with_capacity(order.len());
    let mut total_hours = 0u32;
    for (position, &i) in order.iter().enumerate() {
        let node = &nodes[i];
        let skill = taxonomy.skill(node.skill);
        let (hours, difficulty, default_estimate, mut resources) = match &skill.learning {
            Some(l) => (l.hours, l.difficulty, false, l.resources.clone()),
            None => {
                let (h, d) = default_estimate(skill.category);
                (h, d, true, Vec::new())
            }
        };
        resources.sort_by_key(|r| (primary_subtag(&r.lang) != lang, !r.free));
        let reason = if node.wanted {
            Reason::Wanted
        } else {
            let of = order
                .iter()
                .map(|&j| nodes[j].skill)
                .filter(|&d| prerequisites(taxonomy, d).contains(&node.skill))
                .map(|d| SkillRef::new(taxonomy, d))
                .collect();
            Reason::Prerequisite { of }
        };
        total_hours = total_hours.saturating_add(hours);
        steps.push(Step {
            priority: u32::try_from(position + 1).unwrap_or(u32::MAX),
            skill: node.skill,
            id: skill.id.clone(),
            name: skill.name.clone(),
            category: skill.category,
            reason,
            importance: node.importance,
            prerequisites: prerequisites(taxonomy, node.skill)
                .iter()
                .filter(|p| p.get() < n)
                .map(|&p| SkillRef::new(taxonomy, p))
                .collect(),
            estimated_hours: hours,
            default_estimate,
            difficulty,
            resources,
        });
    }
    LearningPath {
        steps,
        total_hours,
        skipped,
    }
}

/// Kahn's algorithm over the prerequisite edges inside the path: among the ready nodes, the
/// most important first, ties by index; a leftover cycle is broken at its most important node.
fn topological(taxonomy: &Taxonomy, nodes: &[Node], in_path: &[bool]) -> Vec<usize> {
    let mut slot = vec![usize::MAX; in_path.len()];
    for (i, node) in nodes.iter().enumerate() {
        slot[node.skill.get()] = i;
    }
    // How many prerequisites inside the path each node waits for, and who waits for it.
    let mut waiting = vec![0usize; nodes.len()];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (i, node) in nodes.iter().enumerate() {
        for p in prerequisites(taxonomy, node.skill) {
            if let Some(&j) = slot.get(p.get()).filter(|&&j| j != usize::MAX) {
                waiting[i] += 1;
                dependents[j].push(i);
            }
        }
    }
    let better = |a: usize, b: usize| {
        nodes[a]
            .importance
            .total_cmp(&nodes[b].importance)
            .then(nodes[b].skill.cmp(&nodes[a].skill))
    };
    let mut placed = vec![false; nodes.len()];
    let mut order = Vec::with_capacity(nodes.len());
    while order.len() < nodes.len() {
        let pending = (0..nodes.len()).filter(|&i| !placed[i]);
        let ready = pending
            .clone()
            .filter(|&i| waiting[i] == 0)
            .max_by(|&a, &b| better(a, b));
        // With no node ready, a cycle remains: break it at its most important node.
        let Some(next) = ready.or_else(|| pending.max_by(|&a, &b| better(a, b))) else {
            break;
        };
        placed[next] = true;
        order.push(next);
        for &d in &dependents[next] {
            waiting[d] = waiting[d].saturating_sub(1);
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use proptest::prelude::*;

    use super::*;
    use crate::skills::TaxonomySource;

    fn builtin() -> &'static Taxonomy {
        static TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
        TAXONOMY.get_or_init(|| {
            let (taxonomy, problems) = Taxonomy::builtin().unwrap();
            assert!(problems.is_empty(), "{problems:?}");
            taxonomy
        })
    }

    fn id(taxonomy: &Taxonomy, id: &str) -> SkillIdx {
        taxonomy
            .by_id(id)
            .unwrap_or_else(|| panic!("no skill `{id}`"))
    }

    fn ids(path: &LearningPath) -> Vec<&str> {
        path.steps.iter().map(|s| s.id.as_str()).collect()
    }

    /// A small taxonomy whose prerequisite graph is written for the tests:
    /// `d` needs `b` and `c`, `b` and `c` need `a`; `e` needs nothing; `f` has no learning data;
    /// `g` needs `e`; `child` has parent `a`.
    fn small() -> Taxonomy {
        let toml = r#"
category = "tool"
[[skills]]
id = "a"
name = "A"
[skills.learning]
hours = 10
difficulty = "beginner"
resources = [
  { title = "A paid en", url = "https://a/1", lang = "en", free = false },
  { title = "A free en", url = "https://a/2", lang = "en", free = true },
  { title = "A paid pt", url = "https://a/3", lang = "pt", free = false },
  { title = "A free pt", url = "https://a/4", lang = "pt", free = true },
]
[[skills]]
id = "b"
name = "B"
[skills.learning]
hours = 20
difficulty = "intermediate"
prerequisites = ["a"]
[[skills]]
id = "c"
name = "C"
[skills.learning]
hours = 30
difficulty = "intermediate"
prerequisites = ["a"]
[[skills]]
id = "d"
name = "D"
[skills.learning]
hours = 40
difficulty = "advanced"
prerequisites = ["c", "b"]
[[skills]]
id = "e"
name = "E"
[skills.learning]
hours = 5
difficulty = "beginner"
[[skills]]
id = "f"
name = "F"
category = "soft_skill"
[[skills]]
id = "g"
name = "G"
[skills.learning]
hours = 7
difficulty = "beginner"
prerequisites = ["e"]
[[skills]]
id = "child"
name = "Child"
parents = ["a"]
"#;
        let (taxonomy, problems) = Taxonomy::load(&[TaxonomySource {
            name: "small.toml",
            text: toml,
        }])
        .unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        taxonomy
    }

    fn options(max_items: usize) -> PathOptions {
        PathOptions {
            max_items,
            ..PathOptions::default()
        }
    }

    #[test]
    fn wanting_an_aws_certification_pulls_aws_first() {
        let t = builtin();
        let saa = id(t, "aws-certified-solutions-architect");
        let path = learning_path(t, &[(saa, 1.0)], &[id(t, "linux")], &PathOptions::default());
        assert_eq!(
            ids(&path),
            [
                "cloud-computing",
                "aws",
                "aws-certified-cloud-practitioner",
                "aws-certified-solutions-architect"
            ]
        );
        assert_eq!(path.total_hours, 25 + 80 + 30 + 80);
        let aws = &path.steps[1];
        assert_eq!(aws.priority, 2);
        assert!(!aws.default_estimate);
        let of: Vec<&str> = match &aws.reason {
            Reason::Prerequisite { of } => of.iter().map(|s| s.id.as_str()).collect(),
            Reason::Wanted => panic!("aws was not asked for"),
        };
        assert_eq!(
            of,
            [
                "aws-certified-cloud-practitioner",
                "aws-certified-solutions-architect"
            ]
        );
        assert_eq!(path.steps[3].reason, Reason::Wanted);
        let prereqs: Vec<&str> = aws.prerequisites.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            prereqs,
            ["cloud-computing", "linux"],
            "met ones are listed too"
        );

        // In Portuguese, the Portuguese resource comes first.
        let pt = learning_path(
            t,
            &[(saa, 1.0)],
            &[],
            &PathOptions {
                lang: "pt-BR".into(),
                ..PathOptions::default()
            },
        );
        let aws = pt.steps.iter().find(|s| s.id == "aws").unwrap();
        assert_eq!(aws.resources[0].lang, "pt");
        assert!(ids(&pt).contains(&"linux"), "linux is not known this time");
    }

    #[test]
    fn a_known_child_or_implied_skill_meets_a_prerequisite() {
        let t = builtin();
        // PyTorch needs Python, NumPy and Deep Learning; knowing Keras (a deep learning library)
        // meets Deep Learning through its parent.
        let pytorch = id(t, "pytorch");
        let bare = learning_path(t, &[(pytorch, 1.0)], &[], &options(50));
        assert!(ids(&bare).contains(&"deep-learning"), "{:?}", ids(&bare));
        let known = [id(t, "keras"), id(t, "python"), id(t, "numpy")];
        let path = learning_path(t, &[(pytorch, 1.0)], &known, &options(50));
        assert_eq!(ids(&path), ["pytorch"]);

        // AWS Glue implies AWS: wanting the AWS data engineer certification does not pull AWS.
        let dea = id(t, "aws-certified-data-engineer");
        let path = learning_path(
            t,
            &[(dea, 1.0)],
            &[id(t, "aws-glue"), id(t, "data-engineering")],
            &options(50),
        );
        assert_eq!(ids(&path), ["aws-certified-data-engineer"]);
    }

    /// (wanted with importance, known, max_items, expected order, expected skipped)
    type Case = (
        Vec<(&'static str, f64)>,
        Vec<&'static str>,
        usize,
        Vec<&'static str>,
        Vec<&'static str>,
    );

    #[test]
    fn table_of_small_paths() {
        let t = small();
        let s = |x: &str| id(&t, x);
        let cases: Vec<Case> = vec![
            (
                vec![("d", 1.0)],
                vec![],
                10,
                vec!["a", "b", "c", "d"],
                vec![],
            ),
            // Known `a` through its child.
            (
                vec![("d", 1.0)],
                vec!["child"],
                10,
                vec!["b", "c", "d"],
                vec![],
            ),
            // Too little room for d's chain: skipped whole, the smaller `e` still fits.
            (
                vec![("d", 0.9), ("e", 0.1)],
                vec![],
                3,
                vec!["e"],
                vec!["d"],
            ),
            (
                vec![("d", 0.9), ("e", 0.1)],
                vec![],
                4,
                vec!["a", "b", "c", "d"],
                vec!["e"],
            ),
            // Most important first among what is ready; a prerequisite carries its dependant's
            // importance.
            (
                vec![("e", 0.5), ("g", 0.9)],
                vec![],
                10,
                vec!["e", "g"],
                vec![],
            ),
            (
                vec![("e", 0.5), ("b", 0.9), ("f", 0.7)],
                vec![],
                10,
                vec!["a", "b", "f", "e"],
                vec![],
            ),
            // Wanted twice: the higher importance counts; known skills are dropped.
            (
                vec![("e", 0.1), ("f", 0.5), ("e", 0.9), ("a", 1.0)],
                vec!["a"],
                10,
                vec!["e", "f"],
                vec![],
            ),
            // Ties by index; NaN counts as 0.
            (
                vec![("f", 0.0), ("e", f64::NAN)],
                vec![],
                10,
                vec!["e", "f"],
                vec![],
            ),
            (vec![("d", 1.0)], vec![], 0, vec![], vec!["d"]),
            (vec![], vec![], 10, vec![], vec![]),
        ];
        for (wanted, known, max, expected, skipped) in cases {
            let w: Vec<(SkillIdx, f64)> = wanted.iter().map(|&(x, i)| (s(x), i)).collect();
            let k: Vec<SkillIdx> = known.iter().map(|&x| s(x)).collect();
            let path = learning_path(&t, &w, &k, &options(max));
            assert_eq!(ids(&path), expected, "{wanted:?} {known:?} {max}");
            let left: Vec<&str> = path.skipped.iter().map(|x| x.skill.id.as_str()).collect();
            assert_eq!(left, skipped, "{wanted:?} {known:?} {max}");
        }
    }

    #[test]
    fn steps_carry_hours_difficulty_reason_and_ordered_resources() {
        let t = small();
        let s = |x: &str| id(&t, x);
        let path = learning_path(
            &t,
            &[(s("b"), 1.0), (s("f"), 0.5), (s("a"), 0.2)],
            &[],
            &PathOptions {
                max_items: 10,
                lang: "PT".into(),
            },
        );
        assert_eq!(ids(&path), ["a", "b", "f"]);
        let a = &path.steps[0];
        assert_eq!(
            a.reason,
            Reason::Wanted,
            "wanted and a prerequisite: wanted"
        );
        assert_eq!(a.importance, 1.0);
        let titles: Vec<&str> = a.resources.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(titles, ["A free pt", "A paid pt", "A free en", "A paid en"]);
        let f = &path.steps[2];
        assert!(f.default_estimate);
        assert_eq!(
            (f.estimated_hours, f.difficulty),
            default_estimate(Category::SoftSkill)
        );
        assert_eq!(path.total_hours, 10 + 20 + 20);
        assert_eq!(
            path.steps.iter().map(|s| s.priority).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        // Out-of-range indexes are ignored.
        let path = learning_path(
            &t,
            &[(SkillIdx(u32::MAX), 1.0)],
            &[SkillIdx(999)],
            &options(5),
        );
        assert_eq!(path, LearningPath::default());
        let json =
            serde_json::to_value(learning_path(&t, &[(s("d"), 1.0)], &[], &options(10))).unwrap();
        assert_eq!(json["steps"][0]["reason"]["kind"], "prerequisite");
        assert_eq!(json["steps"][0]["reason"]["of"][0]["id"], "b");
        assert_eq!(json["steps"][3]["reason"]["kind"], "wanted");
        assert_eq!(json["steps"][3]["difficulty"], "advanced");
    }

    #[test]
    fn the_builtin_prerequisite_graph_is_acyclic() {
        let t = builtin();
        // Kahn's algorithm over every skill: all of them get placed only without a cycle.
        let mut waiting: Vec<usize> = (0..t.len())
            .map(|i| prerequisites(t, SkillIdx(i as u32)).len())
            .collect();
        let mut dependents = vec![Vec::new(); t.len()];
        for (i, _) in t.iter() {
            for p in prerequisites(t, i) {
                dependents[p.get()].push(i.get());
            }
        }
        let mut ready: Vec<usize> = (0..t.len()).filter(|&i| waiting[i] == 0).collect();
        let mut placed = 0;
        while let Some(i) = ready.pop() {
            placed += 1;
            for &d in &dependents[i] {
                waiting[d] -= 1;
                if waiting[d] == 0 {
                    ready.push(d);
                }
            }
        }
        let stuck: Vec<&str> = (0..t.len())
            .filter(|&i| waiting[i] > 0)
            .map(|i| t.skills()[i].id.as_str())
            .collect();
        assert_eq!(placed, t.len(), "cycle through {stuck:?}");
    }

    #[test]
    fn every_builtin_wanted_skill_alone_fits_or_is_skipped_whole() {
        let t = builtin();
        for (skill, _) in t.iter() {
            let path = learning_path(t, &[(skill, 1.0)], &[], &options(10));
            match path.steps.last() {
                Some(last) => assert_eq!(last.skill, skill),
                None => assert_eq!(path.skipped.len(), 1, "{}", t.skill(skill).id),
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn random_paths_keep_their_promises(
            wanted in proptest::collection::vec((0u32..3000, any::<f64>()), 0..25),
            known in proptest::collection::vec(0u32..3000, 0..25),
            max_items in 0usize..16,
            lang in proptest::sample::select(vec!["pt", "en", "es", "", "pt-BR", "xx"]),
        ) {
            let t = builtin();
            let wanted: Vec<(SkillIdx, f64)> = wanted.into_iter().map(|(i, w)| (SkillIdx(i), w)).collect();
            let known: Vec<SkillIdx> = known.into_iter().map(SkillIdx).collect();
            let path = learning_path(t, &wanted, &known, &PathOptions { max_items, lang: lang.into() });
            prop_assert!(path.steps.len() <= max_items);
            let position = |s: SkillIdx| path.steps.iter().position(|x| x.skill == s);
            for (i, step) in path.steps.iter().enumerate() {
                prop_assert_eq!(step.priority as usize, i + 1);
                prop_assert_eq!(position(step.skill), Some(i), "no repeats");
                prop_assert!(!known.contains(&step.skill));
                for p in prerequisites(t, step.skill) {
                    if let Some(at) = position(*p) {
                        prop_assert!(at < i, "{} before {}", t.skill(*p).id, step.id);
                    }
                }
                match &step.reason {
                    Reason::Wanted => prop_assert!(wanted.iter().any(|w| w.0 == step.skill)),
                    Reason::Prerequisite { of } => {
                        prop_assert!(!of.is_empty());
                        for d in of {
                            prop_assert!(position(d.skill).is_some_and(|at| at > i));
                        }
                    }
                }
                prop_assert!(step.importance.is_finite());
            }
            let hours: u32 = path.steps.iter().map(|s| s.estimated_hours).sum();
            prop_assert_eq!(path.total_hours, hours);
            for s in &path.skipped {
                prop_assert!(position(s.skill.skill).is_none());
                prop_assert!(s.needed >= 1);
            }
        }
    }
}
