//! Normalisation of free-form names through the embedded taxonomy.

use super::builtin;

fn normalized(name: &str) -> Option<String> {
    let engine = builtin();
    engine
        .normalize(name)
        .map(|idx| engine.skill(idx).name.clone())
}

#[test]
fn aliases_spellings_and_versions_map_to_canonical_names() {
    for (input, expected) in [
        ("k8s", "Kubernetes"),
        ("Postgres", "PostgreSQL"),
        ("scikit learn", "scikit-learn"),
        ("sklearn", "scikit-learn"),
        ("aprendizado de máquina", "Machine Learning"),
        ("aprendizaje automático", "Machine Learning"),
        ("ciência de dados", "Data Science"),
        ("Python 3.11", "Python"),
        ("PYSPARK", "Apache Spark"),
        ("node js", "Node.js"),
        ("C#", "C#"),
        (".net", ".NET"),
    ] {
        assert_eq!(normalized(input).as_deref(), Some(expected), "{input}");
    }
}

#[test]
fn small_typos_in_long_names_are_forgiven() {
    assert_eq!(normalized("Pyhton").as_deref(), Some("Python"));
    assert_eq!(normalized("Kubernets").as_deref(), Some("Kubernetes"));
    assert_eq!(normalized("Tensorflwo").as_deref(), Some("TensorFlow"));
}

#[test]
fn unknown_or_too_uncertain_names_are_none() {
    for input in [
        "",
        "   ",
        "asdfgh",
        "Jva",
        "a very long sentence that is not a skill at all",
        "Scale",
    ] {
        assert_eq!(normalized(input), None, "{input}");
    }
}
