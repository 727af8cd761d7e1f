//! Extraction: token boundaries, ambiguous forms, negation and optional tagging, HTML.

use std::sync::OnceLock;

use vaga_domain::skills::{Requirement, SkillEngine};

use super::{engine_from, names};

const TAXONOMY: &str = r#"
category = "programming_language"

[[skills]]
id = "python"
name = "Python"
aliases = ["Python 3", "PySpark-free Python"]

[[skills]]
id = "r"
name = "R"
aliases = ["linguagem R", "R language", "RStudio"]
ambiguous = ["R"]
cues = ["tidyverse", "ggplot2"]

[[skills]]
id = "go"
name = "Go"
aliases = ["Golang"]
ambiguous = ["Go"]

[[skills]]
id = "c"
name = "C"
ambiguous = ["C"]

[[skills]]
id = "cpp"
name = "C++"

[[skills]]
id = "csharp"
name = "C#"

[[skills]]
id = "java"
name = "Java"

[[skills]]
id = "sql"
name = "SQL"

[[skills]]
id = "dotnet"
name = ".NET"
category = "framework"
aliases = ["dotnet", "ASP.NET"]

[[skills]]
id = "nodejs"
name = "Node.js"
category = "framework"
aliases = ["NodeJS", "Node"]
ambiguous = ["Node"]

[[skills]]
id = "apache-spark"
name = "Apache Spark"
category = "framework"
aliases = ["Spark", "PySpark"]
ambiguous = ["Spark"]
cues = ["Databricks", "Hadoop"]

[[skills]]
id = "react"
name = "React"
category = "framework"
aliases = ["ReactJS"]
exact_case = ["React"]

[[skills]]
id = "hadoop"
name = "Hadoop"
category = "framework"

[[skills]]
id = "sql-server"
name = "SQL Server"
category = "database"
aliases = ["T-SQL"]

[[skills]]
id = "postgresql"
name = "PostgreSQL"
category = "database"
aliases = ["Postgres"]

[[skills]]
id = "aws"
name = "AWS"
category = "cloud_platform"
aliases = ["Amazon Web Services"]

[[skills]]
id = "aws-glue"
name = "AWS Glue"
category = "cloud_platform"
aliases = ["Glue"]
ambiguous = ["Glue"]
implies = ["aws"]

[[skills]]
id = "excel"
name = "Excel"
category = "tool"
aliases = ["Microsoft Excel", "Excel avançado"]
ambiguous = ["Excel"]

[[skills]]
id = "ci-cd"
name = "CI/CD"
category = "method"
aliases = ["integração contínua"]

[[skills]]
id = "machine-learning"
name = "Machine Learning"
category = "method"
aliases = ["ML", "aprendizado de máquina", "aprendizaje automático"]

[[skills]]
id = "mlops"
name = "MLOps"
category = "method"

[[skills]]
id = "statistics"
name = "Statistics"
category = "method"
aliases = ["estatística"]

[[skills]]
id = "data-science"
name = "Data Science"
category = "method"
aliases = ["ciência de dados", "ciencia de datos"]
"#;

fn engine() -> &'static SkillEngine {
    static ENGINE: OnceLock<SkillEngine> = OnceLock::new();
    ENGINE.get_or_init(|| engine_from(TAXONOMY))
}

fn check(text: &str, expected: &[&str]) {
    assert_eq!(names(engine(), text), expected, "in {text:?}");
}

#[test]
fn symbols_inside_names_are_part_of_the_token() {
    check("C++, C# and .NET developers", &["C++", "C#", ".NET"]);
    check("Node.js and ASP.NET Core", &["Node.js", ".NET"]);
    check("We use CI/CD, ci / cd and integração contínua", &["CI/CD"]);
    check("SQL Server (T-SQL) and SQL", &["SQL Server", "SQL"]);
}

#[test]
fn names_inside_longer_words_are_not_mentions() {
    check(
        "Pythonic code, javascript, postgres-compatible",
        &["PostgreSQL"],
    );
    check("MySQL and NoSQL stores", &[]);
}

#[test]
fn case_and_accents_do_not_matter_for_plain_forms() {
    check("CIÊNCIA DE DADOS e Ciencia de Datos", &["Data Science"]);
    check(
        "APRENDIZADO DE MAQUINA, aprendizaje automático",
        &["Machine Learning"],
    );
    check("pyTHON", &["Python"]);
}

#[test]
fn ambiguous_forms_need_a_context_cue() {
    check("Salário de R$ 5.000 e P&D em R&D", &[]);
    check("Let's go! We excel at data.", &[]);
    check("Stack: Python, R e Go", &["Python", "R", "Go"]);
    check("Python or R", &["Python", "R"]);
    check("You will use R daily with tidyverse", &["R"]);
    check("Build services in Go. We love Golang.", &["Go"]);
    check("C-level executives and Series C funding", &[]);
    check("C/C++ firmware", &["C", "C++"]);
    check("Our Spark jobs run on Databricks", &["Apache Spark"]);
    check("Ideas that spark conversations", &[]);
    check("Advanced Excel and SQL", &["Excel", "SQL"]);
    check("Excel avançado", &["Excel"]);
}

#[test]
fn exact_case_forms_need_their_case_but_no_cue() {
    check("Conocimientos de React.", &["React"]);
    check("REACT and reactjs", &["React"]);
    check("You react quickly to incidents", &[]);
}

#[test]
fn lists_confirm_ambiguous_forms_through_each_other() {
    check("Languages: Java, Go, R", &["Java", "Go", "R"]);
}

#[test]
fn a_product_name_counts_its_provider() {
    check("Pipelines in AWS Glue", &["AWS Glue", "AWS"]);
}

fn requirement_of(text: &str, name: &str) -> Option<Requirement> {
    let engine = engine();
    let extraction = engine.extract(text);
    extraction
        .mentions
        .iter()
        .find(|m| engine.skill(m.skill).name == name)
        .map(|m| m.requirement)
}

#[test]
fn negated_mentions_are_not_skills() {
    check("Python required. No Java needed.", &["Python"]);
    check("Hadoop experience is NOT required; SQL is.", &["SQL"]);
    check(
        "Não é necessário conhecimento de MLOps. Python sim.",
        &["Python"],
    );
    check("No se requiere Java, pero sí Python.", &["Python"]);
    check(
        "Our engineers don't write Java, and you won't need any ML background.",
        &[],
    );
    check("Strong Python, but no Java or SQL needed", &["Python"]);
    assert_eq!(
        requirement_of("No Java needed", "Java"),
        Some(Requirement::Negated)
    );
}

#[test]
fn fields_of_study_are_not_skills() {
    check(
        "Degree in Statistics or a related field; strong SQL",
        &["SQL"],
    );
    check(
        "Formação em Estatística, Ciência de Dados ou áreas correlatas.",
        &[],
    );
    check("Statistics and SQL for A/B tests", &["Statistics", "SQL"]);
    assert_eq!(
        requirement_of("Bachelor's degree in Statistics", "Statistics"),
        Some(Requirement::Degree)
    );
}

#[test]
fn nice_to_haves_are_optional() {
    assert_eq!(
        requirement_of("Airflow or Python is a plus", "Python"),
        Some(Requirement::Optional)
    );
    assert_eq!(
        requirement_of("Diferenciais: Python; Java.", "Java"),
        Some(Requirement::Optional)
    );
    assert_eq!(
        requirement_of("Deseable: conocimientos de SQL", "SQL"),
        Some(Requirement::Optional)
    );
    let posting =
        "Requirements:\n- Python\n- SQL\n\nNice to have\n- Java\n- Go, C++\n\nBenefits:\n- Remote";
    assert_eq!(
        requirement_of(posting, "Python"),
        Some(Requirement::Required)
    );
    assert_eq!(requirement_of(posting, "Java"), Some(Requirement::Optional));
    assert_eq!(requirement_of(posting, "C++"), Some(Requirement::Optional));
    assert_eq!(
        requirement_of("Experience with Java is a plus\n- Python", "Python"),
        Some(Requirement::Required)
    );
}

#[test]
fn a_skill_asked_for_once_and_negated_elsewhere_is_still_a_skill() {
    check("Java 17 services. No Java 8 experience needed.", &["Java"]);
}

#[test]
fn html_tags_and_entities_are_not_text() {
    check(
        "<p class=\"python\">Experience with <b>SQL</b></p><ul><li>Go</li><li>Python</li></ul>",
        &["SQL", "Go", "Python"],
    );
    check("&lt;p&gt;Java &amp;amp; R&amp;D&lt;/p&gt;", &["Java"]);
}

#[test]
fn spans_point_at_the_original_text_and_counts_add_up() {
    let text = "Pythón? Sí: PYTHON, Python 3 e Node.js.";
    let engine = engine();
    let extraction = engine.extract(text);
    let python = extraction
        .skills()
        .find(|h| engine.skill(h.skill).id == "python")
        .unwrap();
    assert_eq!(python.count, 3);
    let spans: Vec<&str> = extraction
        .mentions
        .iter()
        .map(|m| &text[m.start..m.end])
        .collect();
    assert_eq!(spans, vec!["Pythón", "PYTHON", "Python 3", "Node.js"]);
}
