//! Seniority: level words in titles (three languages, abbreviations, Roman numerals, roles that
//! look like levels), clear phrases in the text, years of experience, inference, and the
//! property that no input panics.

use proptest::prelude::*;
use vaga_domain::posting::seniority::{
    MAX_DESCRIPTION_BYTES, Seniority, SeniorityInfo, parse_seniority, title_seniority,
};

use Seniority::*;

fn level(title: &str) -> Option<Seniority> {
    title_seniority(title).map(|(level, _)| level)
}

/// The years a text asks for: (minimum, maximum).
type Years = (Option<f32>, Option<f32>);

fn years(description: &str) -> Years {
    let info = parse_seniority("Backend Developer", Some(description));
    (info.years_min, info.years_max)
}

#[test]
fn title_words_name_levels_in_three_languages() {
    let cases = [
        ("Jr. Backend Developer", Some(Junior)),
        ("Desenvolvedora Júnior de Integrações", Some(Junior)),
        ("Programa Trainee de Engenharia", Some(Junior)),
        ("Entry Level Support Analyst", Some(Junior)),
        ("Analista de Sistemas Pleno", Some(Mid)),
        ("Analista de Sistemas Pl.", Some(Mid)),
        ("Ingeniera de Software Semi Senior", Some(Mid)),
        ("Desarrollador SSr Node", Some(Mid)),
        ("Mid-level iOS Engineer", Some(Mid)),
        ("SÊNIOR QA ANALYST", Some(Senior)),
        ("Sr Site Reliability Engineer", Some(Senior)),
        ("Especialista em Redes", Some(Senior)),
        ("Cientista de Dados Especialista", Some(Lead)),
        ("Engenheiro(a) de Plataforma de ML Especialista", Some(Lead)),
        ("Staff Platform Engineer", Some(Lead)),
        ("Principal Architect, Payments", Some(Lead)),
        ("Tech Lead Frontend", Some(Lead)),
        ("Líder Técnico de Dados", Some(Lead)),
        ("Analista de Suporte Master", Some(Lead)),
        ("Engineering Manager, Growth", Some(Manager)),
        ("Head of Engineering", Some(Manager)),
        ("Gerente de TI", Some(Manager)),
        ("Coordenadora de Atendimento", Some(Manager)),
        ("Coordinador de Logística", Some(Manager)),
        ("Estagiário de Dados", Some(Intern)),
        ("Estágio em Marketing Digital", Some(Intern)),
        ("Pasante de Sistemas", Some(Intern)),
        ("Becaria de Comunicación", Some(Intern)),
        ("Summer Intern, Robotics", Some(Intern)),
        ("Backend Developer", None),
    ];
    for (title, expected) in cases {
        assert_eq!(level(title), expected, "{title}");
    }
}

#[test]
fn roman_numerals_after_the_role_are_levels() {
    assert_eq!(level("Software Engineer I"), Some(Junior));
    assert_eq!(level("Software Engineer II"), Some(Mid));
    assert_eq!(level("Analista de Suporte III - Noturno"), Some(Senior));
    assert_eq!(level("Systems Engineer IV (Remote)"), Some(Lead));
    // Not after a role, or followed by more words: not numerals.
    assert_eq!(level("I Love Data Engineer"), None);
    assert_eq!(level("Engineer I Want"), None);
}

#[test]
fn roles_that_look_like_levels_are_not_levels() {
    assert_eq!(level("Product Manager"), None);
    assert_eq!(level("Senior Product Manager"), Some(Senior));
    assert_eq!(level("Project Manager - Obras"), None);
    assert_eq!(level("Gerente de Produto"), None);
    assert_eq!(level("Scrum Master"), None);
    assert_eq!(level("Master Data Analyst"), None);
    assert_eq!(level("PL/SQL Developer"), None);
    assert_eq!(level("Lead Generation Specialist"), None);
}

#[test]
fn the_highest_level_of_a_title_wins() {
    assert_eq!(level("Senior Engineering Manager"), Some(Manager));
    assert_eq!(level("Analista Júnior/Pleno"), Some(Mid));
    assert_eq!(level("Lead / Senior Data Engineer"), Some(Lead));
}

#[test]
fn evidence_is_the_words_as_written() {
    let info = parse_seniority("Sr. Data Engineer", None);
    assert_eq!(info.evidence.as_deref(), Some("Sr."));
    let info = parse_seniority("Ingeniero de Datos Semi Senior", None);
    assert_eq!(info.evidence.as_deref(), Some("Semi Senior"));
}

#[test]
fn the_title_wins_over_the_text() {
    let info = parse_seniority(
        "Junior Developer",
        Some("We are hiring a Senior developer to mentor the team."),
    );
    assert_eq!(info.level, Some(Junior));
    assert!(!info.inferred);
}

#[test]
fn clear_phrases_in_the_text_name_the_level() {
    let cases = [
        (
            "We are hiring a Senior Backend Engineer to own our billing APIs.",
            Some(Senior),
        ),
        ("Nível: Sênior\nModelo: remoto", Some(Senior)),
        ("Vaga júnior para quem quer começar em dados.", Some(Junior)),
        (
            "Vacante: Desarrollador Semi Senior | Equipo de Pagos",
            Some(Mid),
        ),
        ("Seniority level: Mid-Senior level", Some(Mid)),
        ("This is an entry-level position.", Some(Junior)),
        // Level words elsewhere say nothing about this job.
        (
            "You will mentor junior engineers and work with senior stakeholders.",
            None,
        ),
        ("Sobre a vaga\nTrabalhe com um time sênior.", None),
        ("Este puesto reporta al CTO de la empresa.", None),
        ("Vaga: Analista de Dados, reportando ao Head de Dados", None),
        (
            "We are looking for a developer to work with our senior team.",
            None,
        ),
    ];
    for (text, expected) in cases {
        let info = parse_seniority("Software Engineer", Some(text));
        let named = if info.inferred { None } else { info.level };
        assert_eq!(named, expected, "{text}");
    }
}

#[test]
fn years_of_experience_in_three_languages() {
    let cases: [(&str, Years); 14] = [
        ("3+ years of experience with Rust", (Some(3.0), None)),
        ("At least 5 years building web services", (Some(5.0), None)),
        ("5 anos de experiência com Java", (Some(5.0), None)),
        ("Mínimo de 3 anos atuando com suporte", (Some(3.0), None)),
        ("Al menos 2 años en posiciones similares", (Some(2.0), None)),
        (
            "2-4 years of professional experience",
            (Some(2.0), Some(4.0)),
        ),
        ("Entre 2 e 4 anos de experiência", (Some(2.0), Some(4.0))),
        ("Três anos de experiência em dados", (Some(3.0), None)),
        ("Dos años de experiencia con React", (Some(2.0), None)),
        (
            "Up to two years of experience, new graduates welcome",
            (None, Some(2.0)),
        ),
        ("Até um ano de experiência", (None, Some(1.0))),
        ("1.5 years of hands-on experience", (Some(1.5), None)),
        (
            "<li>At least <b>4</b> years of experience</li>",
            (Some(4.0), None),
        ),
        ("Seven or more years as a developer", (Some(7.0), None)),
    ];
    for (text, expected) in cases {
        assert_eq!(years(text), expected, "{text}");
    }
}

#[test]
fn years_that_are_not_experience_are_ignored() {
    for text in [
        "Founded 20 years ago, we build tools for farmers.",
        "More than 10 years in the market serving clinics.",
        "Salário de R$ 120 mil por ano.",
        "Contrato de 2 anos com possibilidade de renovação.",
        "Our 5-year plan is ambitious.",
        "Plano de saúde e plano odontológico.",
    ] {
        assert_eq!(years(text), (None, None), "{text}");
    }
}

#[test]
fn the_binding_requirement_is_the_highest_minimum() {
    let text = "2+ years with Kubernetes. 5+ years of backend experience overall.";
    assert_eq!(years(text), (Some(5.0), None));
}

#[test]
fn years_imply_a_level_only_when_flagged_inferred() {
    let info = parse_seniority("Data Engineer", Some("5+ years of experience with Spark."));
    assert_eq!(info.level, Some(Mid));
    assert!(info.inferred);
    assert_eq!(info.evidence.as_deref(), Some("5+ years"));
    let info = parse_seniority("Data Engineer", Some("Minimum 8 years of experience."));
    assert_eq!((info.level, info.inferred), (Some(Senior), true));
    let info = parse_seniority("Data Engineer", Some("1 year of experience is enough."));
    assert_eq!((info.level, info.inferred), (Some(Junior), true));
    let info = parse_seniority("Data Engineer", Some("We move fast."));
    assert_eq!(info, SeniorityInfo::default());
}

#[test]
fn levels_serialise_to_lowercase_names() {
    let names: Vec<String> = Seniority::ALL
        .iter()
        .map(|level| serde_json::to_string(level).unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "\"intern\"",
            "\"junior\"",
            "\"mid\"",
            "\"senior\"",
            "\"lead\"",
            "\"manager\""
        ]
    );
    for level in Seniority::ALL {
        assert_eq!(
            format!("\"{}\"", level.as_str()),
            serde_json::to_string(&level).unwrap()
        );
    }
    let json = serde_json::to_value(parse_seniority(
        "Pleno Analyst",
        Some("3 anos de experiência"),
    ))
    .unwrap();
    assert_eq!(
        json,
        serde_json::json!({"level": "mid", "years_min": 3.0, "years_max": null,
                           "evidence": "Pleno", "inferred": false})
    );
}

fn check(title: &str, description: &str) {
    let info = parse_seniority(title, Some(description));
    if let (Some(min), Some(max)) = (info.years_min, info.years_max) {
        assert!(min <= max, "{info:?}");
    }
    for years in [info.years_min, info.years_max].into_iter().flatten() {
        assert!((0.0..=30.0).contains(&years), "{info:?}");
    }
    if info.level.is_some() {
        assert!(info.evidence.is_some(), "{info:?}");
    }
    if info.inferred {
        assert!(info.years_min.or(info.years_max).is_some(), "{info:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_parses_without_panicking(title in any::<String>(), description in any::<String>()) {
        check(&title, &description);
    }

    #[test]
    fn years_like_text_keeps_its_invariants(
        parts in proptest::collection::vec(prop_oneof![
            Just("years".to_string()), Just("anos".to_string()), Just("años".to_string()),
            Just("Year".to_string()), Just(" ".to_string()), Just("+".to_string()),
            Just("-".to_string()), Just("at least ".to_string()), Just("up to ".to_string()),
            Just("até ".to_string()), Just("entre ".to_string()), Just(" e ".to_string()),
            Just("of experience".to_string()), Just("Sênior".to_string()), Just("vaga ".to_string()),
            Just("Nível: ".to_string()), Just("hiring a ".to_string()), Just("Pl.".to_string()),
            Just("a&ntilde;os".to_string()), Just("<b>".to_string()), Just("III".to_string()),
            "[0-9]{1,3}", "[0-9]\\.[0-9]", "[a-zA-Z ]{0,6}", any::<char>().prop_map(String::from),
        ], 0..30)
    ) {
        let text = parts.concat();
        check(&text, &text);
    }
}

#[test]
fn huge_and_binary_inputs_do_not_panic() {
    let noise: Vec<u8> = (0..300_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let noise = String::from_utf8_lossy(&noise);
    check(&noise, &noise);
    let big = "We need 3+ years of experience. Vaga sênior. ".repeat(20_000);
    assert!(big.len() > MAX_DESCRIPTION_BYTES);
    let info = parse_seniority("Engineer", Some(&big));
    assert_eq!(info.level, Some(Senior));
    for text in [
        "", "+", "-", "years", "3 years", "año", "ñ", "vaga", "Pl", "I",
    ] {
        check(text, text);
    }
}
