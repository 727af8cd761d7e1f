//! The schema test: every referenced id exists, no form belongs to two skills unless marked
//! ambiguous, no cycle in parents or prerequisites, ambiguous entries are real forms.

use std::collections::HashSet;

use vaga_domain::skills::{BUILTIN_FILES, Category, Taxonomy, TaxonomySource};

#[test]
fn the_embedded_taxonomy_has_no_schema_problem() {
    let (_, problems) = Taxonomy::builtin().expect("every file parses");
    let listed: Vec<String> = problems.iter().take(40).map(ToString::to_string).collect();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        listed.join("\n")
    );
}

#[test]
fn the_embedded_taxonomy_is_large_and_covers_every_category() {
    let (taxonomy, _) = Taxonomy::builtin().unwrap();
    assert!(taxonomy.len() >= 2000, "only {} skills", taxonomy.len());
    for category in Category::ALL {
        let count = taxonomy
            .skills()
            .iter()
            .filter(|s| s.category == category)
            .count();
        assert!(count >= 10, "{} has only {count} skills", category.as_str());
    }
    let with_learning = taxonomy
        .skills()
        .iter()
        .filter(|s| s.learning.is_some())
        .count();
    assert!(
        with_learning >= 300,
        "only {with_learning} skills have learning data"
    );
}

#[test]
fn every_data_file_declares_the_category_of_its_name() {
    for (file, text) in BUILTIN_FILES {
        let table: toml::Table = text.parse().unwrap();
        let declared = table["category"].as_str().unwrap();
        assert_eq!(format!("{declared}.toml"), *file);
    }
}

#[test]
fn learning_data_is_usable() {
    let (taxonomy, _) = Taxonomy::builtin().unwrap();
    for skill in taxonomy.skills() {
        let Some(learning) = &skill.learning else {
            continue;
        };
        assert!(
            learning.hours > 0 && learning.hours <= 2000,
            "{}: {} hours",
            skill.id,
            learning.hours
        );
        assert!(
            !learning.resources.is_empty(),
            "{} has no resources",
            skill.id
        );
        for resource in &learning.resources {
            assert!(
                resource.url.starts_with("https://") || resource.url.starts_with("http://"),
                "{}: {}",
                skill.id,
                resource.url
            );
            assert!(
                ["en", "pt", "es"].contains(&resource.lang.as_str()),
                "{}: lang {}",
                skill.id,
                resource.lang
            );
        }
    }
}

#[test]
fn ids_are_unique_slugs_across_files() {
    let mut seen = HashSet::new();
    for (file, text) in BUILTIN_FILES {
        let table: toml::Table = text.parse().unwrap();
        for skill in table
            .get("skills")
            .and_then(|s| s.as_array())
            .into_iter()
            .flatten()
        {
            let id = skill["id"].as_str().unwrap();
            assert!(seen.insert(id.to_string()), "{file}: duplicate id {id}");
        }
    }
}

const BASE: &str = r#"
category = "programming_language"
[[skills]]
id = "python"
name = "Python"
aliases = ["Python 3"]
[[skills]]
id = "go"
name = "Go"
aliases = ["Golang"]
ambiguous = ["Go"]
"#;

fn load(files: &[&str]) -> (Taxonomy, Vec<String>) {
    let sources: Vec<TaxonomySource<'_>> = files
        .iter()
        .enumerate()
        .map(|(i, text)| TaxonomySource {
            name: ["base.toml", "user.toml", "third.toml"][i],
            text,
        })
        .collect();
    let (taxonomy, problems) = Taxonomy::load(&sources).unwrap();
    (taxonomy, problems.iter().map(ToString::to_string).collect())
}

#[test]
fn unknown_references_are_reported_and_dropped() {
    let (taxonomy, problems) = load(&[r#"
category = "tool"
[[skills]]
id = "a"
name = "A tool"
parents = ["missing"]
"#]);
    assert_eq!(
        problems,
        vec!["base.toml: `a` has unknown id `missing` in parents"]
    );
    assert!(
        taxonomy
            .skill(taxonomy.by_id("a").unwrap())
            .parents
            .is_empty()
    );
}

#[test]
fn a_form_shared_by_two_skills_is_reported_unless_ambiguous_in_both() {
    let (_, problems) = load(&[r#"
category = "tool"
[[skills]]
id = "a"
name = "Alpha"
aliases = ["Shared Name"]
[[skills]]
id = "b"
name = "Beta"
aliases = ["shared-name"]
"#]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("shared name"));

    let (_, problems) = load(&[r#"
category = "tool"
[[skills]]
id = "a"
name = "Alpha"
aliases = ["Shared"]
ambiguous = ["Shared"]
[[skills]]
id = "b"
name = "Beta"
aliases = ["Shared"]
ambiguous = ["Shared"]
"#]);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn cycles_in_prerequisites_and_parents_are_reported_and_broken() {
    let (taxonomy, problems) = load(&[r#"
category = "method"
[[skills]]
id = "a"
name = "A"
parents = ["b"]
learning = { hours = 1, difficulty = "beginner", prerequisites = ["b"] }
[[skills]]
id = "b"
name = "B"
parents = ["a"]
learning = { hours = 1, difficulty = "beginner", prerequisites = ["a"] }
"#]);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("cycle in parents")));
    assert!(
        problems
            .iter()
            .any(|p| p.contains("cycle in prerequisites"))
    );
    let a = taxonomy.skill(taxonomy.by_id("a").unwrap());
    let b = taxonomy.skill(taxonomy.by_id("b").unwrap());
    assert_eq!(a.parents.len() + b.parents.len(), 1);
}

#[test]
fn ambiguous_entries_must_be_forms_of_the_skill() {
    let (_, problems) = load(&[r#"
category = "tool"
[[skills]]
id = "a"
name = "Alpha"
ambiguous = ["Beta"]
"#]);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("not its name or an alias"));
}

#[test]
fn a_user_file_extends_overrides_and_removes() {
    let (taxonomy, problems) = load(&[
        BASE,
        r#"
remove = ["go"]
[[skills]]
id = "python"
aliases = ["Pitão"]
[[skills]]
id = "mojo"
name = "Mojo"
category = "programming_language"
related = ["python"]
"#,
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    let python = taxonomy.skill(taxonomy.by_id("python").unwrap());
    assert_eq!(python.aliases, vec!["Python 3", "Pitão"]);
    assert!(taxonomy.by_id("go").is_none());
    assert!(taxonomy.by_id("mojo").is_some());
}

#[test]
fn a_new_skill_without_name_or_category_is_reported() {
    let (_, problems) = load(&[BASE, "[[skills]]\nid = \"x\"\n"]);
    assert_eq!(problems, vec!["user.toml: new skill `x` has no name"]);
}

#[test]
fn a_file_that_is_not_toml_is_an_error_naming_it() {
    let err = Taxonomy::load(&[TaxonomySource {
        name: "bad.toml",
        text: "[[skills]\n",
    }])
    .unwrap_err();
    assert!(err.to_string().starts_with("bad.toml:"), "{err}");
}

#[test]
fn a_cue_that_would_hide_a_form_is_reported_and_dropped() {
    let (taxonomy, problems) = load(&[r#"
category = "programming_language"
[[skills]]
id = "r"
name = "R"
aliases = ["RStudio"]
ambiguous = ["R"]
cues = ["R Markdown", "RStudio", "tidyverse"]
"#]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("R Markdown"));
    let r = taxonomy.skill(taxonomy.by_id("r").unwrap());
    assert_eq!(r.cues, vec!["RStudio", "tidyverse"]);
}
