//! The skill taxonomy: canonical skills, their surface forms and the graph between them.
//!
//! The data lives in `data/skills/*.toml` (one file per category, format in `docs/taxonomy.md`)
//! and is embedded at build time. [`Taxonomy::load`] parses any set of such files plus optional
//! user overrides and reports every schema problem instead of stopping at the first one.

use crate::hash::{FxMap, FxSet};

use serde::{Deserialize, Serialize};

use super::fold::fold_key;

/// The category of a skill; one data file per category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Programming, query, shell and markup languages.
    ProgrammingLanguage,
    /// Frameworks and engines.
    Framework,
    /// Libraries and packages.
    Library,
    /// Databases, table formats and query engines.
    Database,
    /// Cloud providers, their services and hosted data platforms.
    CloudPlatform,
    /// Tools and products.
    Tool,
    /// Methods and concepts.
    Method,
    /// Certifications.
    Certification,
    /// Spoken languages.
    SpokenLanguage,
    /// Soft skills.
    SoftSkill,
}

impl Category {
    /// Every category, in the order the data files are read.
    pub const ALL: [Category; 10] = [
        Category::ProgrammingLanguage,
        Category::Framework,
        Category::Library,
        Category::Database,
        Category::CloudPlatform,
        Category::Tool,
        Category::Method,
        Category::Certification,
        Category::SpokenLanguage,
        Category::SoftSkill,
    ];

    /// The snake-case name used in data files and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::ProgrammingLanguage => "programming_language",
            Category::Framework => "framework",
            Category::Library => "library",
            Category::Database => "database",
            Category::CloudPlatform => "cloud_platform",
            Category::Tool => "tool",
            Category::Method => "method",
            Category::Certification => "certification",
            Category::SpokenLanguage => "spoken_language",
            Category::SoftSkill => "soft_skill",
        }
    }
}

/// How hard a skill is to learn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    /// No prior specialised knowledge needed.
    Beginner,
    /// Builds on other skills.
    Intermediate,
    /// Needs solid foundations and practice.
    Advanced,
}

/// A learning resource for a skill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// Title as the publisher gives it.
    pub title: String,
    /// Where to find it.
    pub url: String,
    /// Language of the resource (`en`, `pt`, `es`).
    pub lang: String,
    /// Whether it can be used without paying.
    #[serde(default)]
    pub free: bool,
}

/// How to learn a skill, for learning paths.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Learning {
    /// Estimated hours to working proficiency.
    pub hours: u32,
    /// Difficulty.
    pub difficulty: Difficulty,
    /// Skills to learn first.
    pub prerequisites: Vec<SkillIdx>,
    /// Two or three well-known resources.
    pub resources: Vec<Resource>,
}

/// Index of a skill inside one [`Taxonomy`]; cheap to copy and compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct SkillIdx(pub u32);

impl SkillIdx {
    /// The index as a `usize`.
    pub fn get(self) -> usize {
        self.0 as usize
    }
}

/// One canonical skill.
#[derive(Debug, Clone, PartialEq)]
pub struct Skill {
    /// Stable slug.
    pub id: String,
    /// Display and canonical name.
    pub name: String,
    /// Category (the data file it came from).
    pub category: Category,
    /// Other surface forms.
    pub aliases: Vec<String>,
    /// Surface forms (name or aliases) that only count with a context cue, matched with their case.
    pub ambiguous: Vec<String>,
    /// Surface forms matched only with their case as written (or in capitals), without a cue:
    /// "React" is the library, "react quickly" is not.
    pub exact_case: Vec<String>,
    /// Words that confirm the ambiguous forms.
    pub cues: Vec<String>,
    /// Broader skills.
    pub parents: Vec<SkillIdx>,
    /// Skills often used together or interchangeable.
    pub related: Vec<SkillIdx>,
    /// Skills also counted when a matched form of this one contains one of their forms.
    pub implies: Vec<SkillIdx>,
    /// Learning data, for the most demanded skills.
    pub learning: Option<Learning>,
}

impl Skill {
    /// The name followed by the aliases.
    pub fn surface_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// Whether `form` (as written in the data) is one of the ambiguous forms.
    pub fn is_ambiguous(&self, form: &str) -> bool {
        self.ambiguous.iter().any(|a| a == form)
    }

    /// Whether `form` must match with its case as written.
    pub fn is_case_sensitive(&self, form: &str) -> bool {
        self.is_ambiguous(form) || self.exact_case.iter().any(|a| a == form)
    }
}

/// A data file to load: a name for messages and its TOML text.
#[derive(Debug, Clone, Copy)]
pub struct TaxonomySource<'a> {
    /// Shown in problems (`framework.toml`, a user's path).
    pub name: &'a str,
    /// The TOML text.
    pub text: &'a str,
}

/// A schema problem found while loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file it was found in, or `taxonomy` for cross-file problems.
    pub source: String,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

/// A file that is not valid TOML or does not have the taxonomy's shape.
#[derive(Debug, thiserror::Error)]
#[error("{source_name}: {message}")]
pub struct TaxonomyError {
    /// The file.
    pub source_name: String,
    /// The parser's message.
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    category: Option<Category>,
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    skills: Vec<RawSkill>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSkill {
    id: String,
    name: Option<String>,
    category: Option<Category>,
    aliases: Option<Vec<String>>,
    #[serde(default)]
    replace_aliases: bool,
    ambiguous: Option<Vec<String>>,
    exact_case: Option<Vec<String>>,
    cues: Option<Vec<String>>,
    parents: Option<Vec<String>>,
    related: Option<Vec<String>>,
    implies: Option<Vec<String>>,
    learning: Option<RawLearning>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLearning {
    hours: u32,
    difficulty: Difficulty,
    #[serde(default)]
    prerequisites: Vec<String>,
    #[serde(default)]
    resources: Vec<Resource>,
}

/// A skill before its references are resolved to indexes.
#[derive(Debug, Default)]
struct Draft {
    id: String,
    name: String,
    category: Option<Category>,
    aliases: Vec<String>,
    ambiguous: Vec<String>,
    exact_case: Vec<String>,
    cues: Vec<String>,
    parents: Vec<String>,
    related: Vec<String>,
    implies: Vec<String>,
    learning: Option<RawLearning>,
    source: String,
}

/// The whole taxonomy, with lookups by id.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    skills: Vec<Skill>,
    by_id: FxMap<String, SkillIdx>,
    children: Vec<Vec<SkillIdx>>,
}

macro_rules! builtin_files {
    ($($file:literal),* $(,)?) => {
        /// The embedded data files, by file name.
        pub const BUILTIN_FILES: &[(&str, &str)] = &[
            $(($file, include_str!(concat!("../../data/skills/", $file)))),*
        ];
    };
}

builtin_files!(
    "programming_language.toml",
    "framework.toml",
    "library.toml",
    "database.toml",
    "cloud_platform.toml",
    "tool.toml",
    "method.toml",
    "certification.toml",
    "spoken_language.toml",
    "soft_skill.toml",
);

impl Taxonomy {
    /// The embedded taxonomy, and the problems its schema check found (empty when the data is
    /// right, which a test holds).
    pub fn builtin() -> Result<(Taxonomy, Vec<Problem>), TaxonomyError> {
        Self::builtin_with_override(None)
    }

    /// The embedded taxonomy with a user file applied on top.
    pub fn builtin_with_override(
        user: Option<TaxonomySource<'_>>,
    ) -> Result<(Taxonomy, Vec<Problem>), TaxonomyError> {
        let mut sources: Vec<TaxonomySource<'_>> = BUILTIN_FILES
            .iter()
            .map(|(name, text)| TaxonomySource { name, text })
            .collect();
        sources.extend(user);
        Self::load(&sources)
    }

    /// Loads files in order: a later file overrides skills of an earlier one with the same id.
    /// Problems that can be repaired (an unknown reference, a clashing alias) are reported and
    /// repaired by dropping the offending piece; only unparseable files are errors.
    pub fn load(sources: &[TaxonomySource<'_>]) -> Result<(Taxonomy, Vec<Problem>), TaxonomyError> {
        let mut problems = Vec::new();
        let mut drafts: Vec<Draft> = Vec::new();
        let mut position: FxMap<String, usize> = FxMap::default();
        for source in sources {
            let raw: RawFile = toml::from_str(source.text).map_err(|e| TaxonomyError {
                source_name: source.name.to_string(),
                message: e.to_string().replace('\n', " "),
            })?;
            let mut seen_here = FxSet::default();
            for id in &raw.remove {
                if let Some(at) = position.remove(id) {
                    drafts[at].id.clear();
                }
            }
            for skill in raw.skills {
                if !seen_here.insert(skill.id.clone()) {
                    problems.push(problem(
                        source.name,
                        format!("id `{}` appears twice", skill.id),
                    ));
                    continue;
                }
                if !is_slug(&skill.id) {
                    problems.push(problem(
                        source.name,
                        format!("id `{}` is not a lowercase slug", skill.id),
                    ));
                }
                let category = skill.category.or(raw.category);
                match position.get(&skill.id) {
                    Some(&at) => merge(&mut drafts[at], skill, category, source.name),
                    None => {
                        let Some(name) = skill.name.clone() else {
                            problems.push(problem(
                                source.name,
                                format!("new skill `{}` has no name", skill.id),
                            ));
                            continue;
                        };
                        if category.is_none() {
                            problems.push(problem(
                                source.name,
                                format!("skill `{}` has no category", skill.id),
                            ));
                            continue;
                        }
                        position.insert(skill.id.clone(), drafts.len());
                        let mut draft = Draft {
                            id: skill.id.clone(),
                            name,
                            source: source.name.to_string(),
                            ..Draft::default()
                        };
                        merge(&mut draft, skill, category, source.name);
                        drafts.push(draft);
                    }
                }
            }
        }
        drafts.retain(|d| !d.id.is_empty());
        let taxonomy = resolve(drafts, &mut problems);
        Ok((taxonomy, problems))
    }

    /// All skills, in load order.
    pub fn skills(&self) -> &[Skill] {
        &self.skills
    }

    /// The skill at an index.
    ///
    /// # Panics
    /// If the index comes from another taxonomy and is out of range.
    pub fn skill(&self, idx: SkillIdx) -> &Skill {
        &self.skills[idx.get()]
    }

    /// Looks a skill up by its id.
    pub fn by_id(&self, id: &str) -> Option<SkillIdx> {
        self.by_id.get(id).copied()
    }

    /// The skills whose parent is `idx`.
    pub fn children(&self, idx: SkillIdx) -> &[SkillIdx] {
        &self.children[idx.get()]
    }

    /// Number of skills.
    pub fn len(&self) -> usize {
        self.skills.len()
    }

    /// Whether there are no skills.
    pub fn is_empty(&self) -> bool {
        self.skills.is_empty()
    }

    /// Iterates over `(index, skill)`.
    pub fn iter(&self) -> impl Iterator<Item = (SkillIdx, &Skill)> {
        self.skills
            .iter()
            .enumerate()
            .map(|(i, s)| (SkillIdx(i as u32), s))
    }
}

fn problem(source: &str, message: String) -> Problem {
    Problem {
        source: source.to_string(),
        message,
    }
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn merge(draft: &mut Draft, skill: RawSkill, category: Option<Category>, source: &str) {
    if let Some(name) = skill.name {
        draft.name = name;
    }
    if let Some(category) = category {
        draft.category = Some(category);
    }
    if let Some(aliases) = skill.aliases {
        if skill.replace_aliases {
            draft.aliases = aliases;
        } else {
            for alias in aliases {
                if !draft.aliases.contains(&alias) {
                    draft.aliases.push(alias);
                }
            }
        }
    }
    macro_rules! replace {
        ($($field:ident),*) => { $(if let Some(v) = skill.$field { draft.$field = v; })* };
    }
    replace!(ambiguous, exact_case, cues, parents, related, implies);
    if skill.learning.is_some() {
        draft.learning = skill.learning;
    }
    draft.source = source.to_string();
}

fn resolve(drafts: Vec<Draft>, problems: &mut Vec<Problem>) -> Taxonomy {
    let by_id: FxMap<String, SkillIdx> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), SkillIdx(i as u32)))
        .collect();
    let refs = |list: &[String], what: &str, draft: &Draft, problems: &mut Vec<Problem>| {
        let mut out = Vec::new();
        for id in list {
            match by_id.get(id) {
                Some(_) if id == &draft.id => {
                    problems.push(problem(
                        &draft.source,
                        format!("`{}` lists itself in {what}", draft.id),
                    ));
                }
                Some(&idx) => {
                    if !out.contains(&idx) {
                        out.push(idx);
                    }
                }
                None => problems.push(problem(
                    &draft.source,
                    format!("`{}` has unknown id `{id}` in {what}", draft.id),
                )),
            }
        }
        out
    };

    let mut skills = Vec::with_capacity(drafts.len());
    for draft in &drafts {
        let mut aliases = Vec::new();
        let name_key = fold_key(&draft.name);
        let mut keys = FxSet::from_iter([name_key]);
        for alias in &draft.aliases {
            let key = fold_key(alias);
            if key.is_empty() {
                problems.push(problem(
                    &draft.source,
                    format!("`{}` has an empty alias", draft.id),
                ));
            } else if keys.insert(key) {
                aliases.push(alias.clone());
            }
        }
        let mut forms_of = |list: &[String], what: &str| -> Vec<String> {
            let mut kept = Vec::new();
            for form in list {
                if form == &draft.name || aliases.contains(form) {
                    kept.push(form.clone());
                } else {
                    problems.push(problem(
                        &draft.source,
                        format!(
                            "`{}` marks `{form}` {what} but it is not its name or an alias",
                            draft.id
                        ),
                    ));
                }
            }
            kept
        };
        let ambiguous = forms_of(&draft.ambiguous, "ambiguous");
        let exact_case = forms_of(&draft.exact_case, "exact_case");
        let learning = draft.learning.as_ref().map(|l| Learning {
            hours: l.hours,
            difficulty: l.difficulty,
            prerequisites: refs(&l.prerequisites, "prerequisites", draft, problems),
            resources: l.resources.clone(),
        });
        skills.push(Skill {
            id: draft.id.clone(),
            name: draft.name.clone(),
            category: draft.category.unwrap_or(Category::Tool),
            aliases,
            ambiguous,
            exact_case,
            cues: draft.cues.clone(),
            parents: refs(&draft.parents, "parents", draft, problems),
            related: refs(&draft.related, "related", draft, problems),
            implies: refs(&draft.implies, "implies", draft, problems),
            learning,
        });
    }

    check_forms(&mut skills, problems);
    check_cues(&mut skills, problems);
    let ids: Vec<String> = skills.iter().map(|s| s.id.clone()).collect();
    let mut parents: Vec<Vec<SkillIdx>> = skills
        .iter_mut()
        .map(|s| std::mem::take(&mut s.parents))
        .collect();
    break_cycles(&mut parents, &ids, problems, "parents");
    let mut prerequisites: Vec<Vec<SkillIdx>> = skills
        .iter_mut()
        .map(|s| {
            s.learning
                .as_mut()
                .map(|l| std::mem::take(&mut l.prerequisites))
                .unwrap_or_default()
        })
        .collect();
    break_cycles(&mut prerequisites, &ids, problems, "prerequisites");
    for ((skill, parents), prerequisites) in skills.iter_mut().zip(parents).zip(prerequisites) {
        skill.parents = parents;
        if let Some(learning) = &mut skill.learning {
            learning.prerequisites = prerequisites;
        }
    }

    let mut children = vec![Vec::new(); skills.len()];
    for (i, skill) in skills.iter().enumerate() {
        for parent in &skill.parents {
            children[parent.get()].push(SkillIdx(i as u32));
        }
    }
    Taxonomy {
        skills,
        by_id,
        children,
    }
}

/// Reports and drops cues that contain a surface form as whole tokens without being one: cues
/// and forms share one longest-match automaton, so such a cue would swallow the skill.
fn check_cues(skills: &mut [Skill], problems: &mut Vec<Problem>) {
    let forms: FxSet<String> = skills
        .iter()
        .flat_map(|s| s.surface_forms().map(fold_key).collect::<Vec<_>>())
        .collect();
    for skill in skills.iter_mut() {
        let id = skill.id.clone();
        skill.cues.retain(|cue| {
            let key = fold_key(cue);
            if forms.contains(&key) {
                // The cue is itself a form: they share one pattern and both count.
                return true;
            }
            let tokens: Vec<&str> = key.split(' ').collect();
            let hidden = (0..tokens.len()).find_map(|from| {
                (from + 1..=tokens.len())
                    .map(|to| tokens[from..to].join(" "))
                    .find(|part| forms.contains(part))
            });
            match hidden {
                Some(form) => {
                    problems.push(Problem {
                        source: "taxonomy".into(),
                        message: format!(
                            "cue `{cue}` of `{id}` contains the form `{form}` and would hide it"
                        ),
                    });
                    false
                }
                None => true,
            }
        });
    }
}

/// Reports surface forms shared by two skills unless every owner marks them ambiguous, and drops
/// the form from all but its first owner.
fn check_forms(skills: &mut [Skill], problems: &mut Vec<Problem>) {
    let mut owners: FxMap<String, Vec<(usize, String)>> = FxMap::default();
    for (i, skill) in skills.iter().enumerate() {
        for form in skill.surface_forms() {
            owners
                .entry(fold_key(form))
                .or_default()
                .push((i, form.to_string()));
        }
    }
    let mut clashes: Vec<_> = owners
        .into_iter()
        .filter(|(_, owners)| owners.len() > 1)
        .collect();
    clashes.sort();
    for (key, owners) in clashes {
        let all_ambiguous = owners.iter().all(|(i, form)| skills[*i].is_ambiguous(form));
        if all_ambiguous {
            continue;
        }
        let names: Vec<String> = owners
            .iter()
            .map(|(i, form)| format!("`{form}` of `{}`", skills[*i].id))
            .collect();
        problems.push(Problem {
            source: "taxonomy".into(),
            message: format!(
                "form `{key}` belongs to several skills: {}",
                names.join(", ")
            ),
        });
        for (i, form) in owners.iter().skip(1) {
            skills[*i].aliases.retain(|a| a != form);
        }
    }
}

/// Finds cycles in one edge kind with a depth-first search and removes the edge that closes each.
fn break_cycles(
    edges: &mut [Vec<SkillIdx>],
    ids: &[String],
    problems: &mut Vec<Problem>,
    what: &str,
) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut marks = vec![Mark::New; edges.len()];
    for start in 0..edges.len() {
        if marks[start] != Mark::New {
            continue;
        }
        // Iterative DFS over (node, next edge to look at).
        let mut stack = vec![(start, 0usize)];
        marks[start] = Mark::Active;
        while let Some((node, next)) = stack.last().copied() {
            let Some(target) = edges[node].get(next).map(|t| t.get()) else {
                marks[node] = Mark::Done;
                stack.pop();
                continue;
            };
            match marks[target] {
                Mark::New => {
                    if let Some(top) = stack.last_mut() {
                        top.1 += 1;
                    }
                    marks[target] = Mark::Active;
                    stack.push((target, 0));
                }
                Mark::Active => {
                    problems.push(Problem {
                        source: "taxonomy".into(),
                        message: format!(
                            "cycle in {what}: `{}` → `{}` closes it",
                            ids[node], ids[target]
                        ),
                    });
                    // Dropping the edge leaves the cursor on the next one.
                    edges[node].remove(next);
                }
                Mark::Done => {
                    if let Some(top) = stack.last_mut() {
                        top.1 += 1;
                    }
                }
            }
        }
    }
}
