//! Matching: scores, components, hidden postings, explanations, and the properties the issue
//! names (range, monotonicity in skills and pay, determinism, pruning equal to a full sort).

use std::sync::OnceLock;

use proptest::prelude::*;
use vaga_domain::matching::{
    Lang, MatchIndex, MatchOptions, MatchPosting, Pay, Profile, ProfileInput, Weights,
};
use vaga_domain::posting::currency::Currency;
use vaga_domain::posting::location::{
    CountryCode, EligibilityRule, Gazetteer, LocationInput, Workplace, parse_location,
};
use vaga_domain::posting::salary::SalaryParser;
use vaga_domain::posting::seniority::Seniority;
use vaga_domain::skills::{SkillEngine, SkillIdx};

fn engine() -> &'static SkillEngine {
    static E: OnceLock<SkillEngine> = OnceLock::new();
    E.get_or_init(|| SkillEngine::builtin().unwrap())
}

fn parser() -> &'static SalaryParser {
    static P: OnceLock<SalaryParser> = OnceLock::new();
    P.get_or_init(SalaryParser::builtin)
}

fn usd() -> Currency {
    Currency::from_code("USD").unwrap()
}

fn skill(name: &str) -> SkillIdx {
    engine()
        .normalize(name)
        .unwrap_or_else(|| panic!("{name} is in the taxonomy"))
}

fn rule(location: &str) -> (Option<Workplace>, EligibilityRule) {
    let gaz = Gazetteer::builtin();
    let loc = parse_location(gaz, &LocationInput::text(location));
    (loc.workplace, EligibilityRule::of(gaz, &loc))
}

fn posting(id: &str, skills: &[&str], level: Option<Seniority>, location: &str) -> MatchPosting {
    let (workplace, rule) = rule(location);
    MatchPosting {
        id: format!("\"{id}\""),
        title: format!("Posting {id}"),
        skills: skills.iter().map(|s| skill(s)).collect(),
        level,
        workplace,
        rule,
        ..MatchPosting::default()
    }
}

fn profile(json: serde_json::Value) -> Profile {
    let input = ProfileInput::from_json(&json).unwrap();
    Profile::resolve(&input, engine(), parser(), usd())
        .unwrap()
        .0
}

fn mlops(lang: &str) -> Profile {
    profile(serde_json::json!({
        "skills": ["Python", "Kubernetes", "Docker", "Terraform", "MLflow", "PyTorch"],
        "years_experience": 8, "seniority": "senior", "country": "BR", "location": "Curitiba",
        "salary_min": 8000, "salary_max": 11000, "currency": "USD", "salary_period": "month",
        "remote_only": true, "language": lang
    }))
}

fn ids(index: &MatchIndex<'_>, p: &Profile, options: &MatchOptions) -> Vec<String> {
    index
        .rank(p, options)
        .matches
        .iter()
        .map(|m| index.postings()[m.index].id.clone())
        .collect()
}

#[test]
fn the_best_fit_comes_first_and_says_why() {
    let mut good = posting(
        "good",
        &["Python", "Kubernetes", "MLflow", "Tableau"],
        Some(Seniority::Senior),
        "Remote - LATAM",
    );
    good.pay = Some(Pay {
        min: Some(9000.0),
        max: Some(12000.0),
    });
    let postings = vec![
        posting(
            "junior",
            &["Python", "Kubernetes", "MLflow"],
            Some(Seniority::Junior),
            "Remote - LATAM",
        ),
        good,
        posting(
            "other",
            &["React", "TypeScript"],
            Some(Seniority::Senior),
            "Remote - Brazil",
        ),
    ];
    let index = MatchIndex::new(engine(), postings);
    let p = mlops("en");
    let ranking = index.rank(&p, &MatchOptions::default());
    let first = &ranking.matches[0];
    assert_eq!(index.postings()[first.index].id, "\"good\"");
    assert_eq!(first.eligible, Some(true));
    assert_eq!(first.matched_skills, ["Python", "Kubernetes", "MLflow"]);
    assert_eq!(first.missing_skills, ["Tableau"]);
    assert_eq!(first.components.location, 100.0);
    assert_eq!(first.components.experience, 100.0);
    assert_eq!(first.components.salary, 100.0);
    assert_eq!(first.salary.verdict, "above");
    assert!(
        first.explanation.contains("missing Tableau"),
        "{}",
        first.explanation
    );
    // The junior posting: right skills, wrong level for 8 years.
    let junior = ranking
        .matches
        .iter()
        .find(|m| index.postings()[m.index].id == "\"junior\"")
        .unwrap();
    assert_eq!(junior.components.experience, 0.0);
    assert!(junior.score < first.score);
}

#[test]
fn rare_skills_count_more_than_common_ones() {
    // Everyone asks for Python; only one posting asks for Kubeflow.
    let mut postings: Vec<MatchPosting> = (0..20)
        .map(|i| {
            posting(
                &format!("p{i:02}"),
                &["Python", "SQL"],
                None,
                "Remote - Brazil",
            )
        })
        .collect();
    postings.push(posting(
        "a",
        &["Python", "Kubeflow"],
        None,
        "Remote - Brazil",
    ));
    postings.push(posting("b", &["SQL", "Kubeflow"], None, "Remote - Brazil"));
    let index = MatchIndex::new(engine(), postings);
    let knows_python = profile(serde_json::json!({"skills": ["Python"], "country": "BR"}));
    let knows_kubeflow = profile(serde_json::json!({"skills": ["Kubeflow"], "country": "BR"}));
    let all = [20usize, 21];
    let opts = MatchOptions::default();
    let py = index.score(&knows_python, &opts, &all);
    let kf = index.score(&knows_kubeflow, &opts, &all);
    assert!(kf[0].components.skills > py[0].components.skills);
    assert!(kf[0].components.skills > 50.0);
}

#[test]
fn taxonomy_neighbours_give_partial_credit() {
    let index = MatchIndex::new(
        engine(),
        vec![posting("tf", &["TensorFlow"], None, "Remote - Brazil")],
    );
    let p = profile(serde_json::json!({"skills": ["PyTorch"], "country": "BR"}));
    let m = &index.score(&p, &MatchOptions::default(), &[0])[0];
    assert_eq!(m.partial_skills.len(), 1);
    assert_eq!(m.partial_skills[0].skill, "TensorFlow");
    assert_eq!(m.partial_skills[0].via, "PyTorch");
    assert!((0.3..=0.6).contains(&m.partial_skills[0].credit));
    assert!(m.matched_skills.is_empty() && m.missing_skills.is_empty());
}

#[test]
fn remote_only_profiles_do_not_see_what_they_cannot_take() {
    let postings = vec![
        posting("onsite", &["Python"], None, "São Paulo, SP (presencial)"),
        posting("us-only", &["Python"], None, "Remote - US only"),
        posting("latam", &["Python"], None, "Remote - LATAM"),
    ];
    let index = MatchIndex::new(engine(), postings);
    let p = mlops("en");
    let ranking = index.rank(&p, &MatchOptions::default());
    assert_eq!(ranking.hidden, 2);
    assert_eq!(ids(&index, &p, &MatchOptions::default()), ["\"latam\""]);
    let all = MatchOptions {
        include_hidden: true,
        ..MatchOptions::default()
    };
    let shown = index.rank(&p, &all);
    assert_eq!(shown.matches.len(), 3);
    let us = shown
        .matches
        .iter()
        .find(|m| index.postings()[m.index].id == "\"us-only\"")
        .unwrap();
    assert_eq!(us.eligible, Some(false));
    assert_eq!(us.components.location, 0.0);
    assert!(us.eligibility.reason.is_some());
    // Halved: below the open posting with the same skills.
    assert!(us.score < shown.matches[0].score / 1.5);
}

#[test]
fn explanations_speak_the_profiles_language() {
    let mut p = posting(
        "x",
        &["Python", "Kubernetes", "Tableau", "TensorFlow"],
        Some(Seniority::Senior),
        "Remote - LATAM",
    );
    p.pay = Some(Pay {
        min: Some(6000.0),
        max: Some(7000.0),
    });
    let index = MatchIndex::new(engine(), vec![p]);
    let cases = [
        (
            "en",
            "Strong match (76): you have 2 of the 4 skills it asks for; missing Tableau (partly: TensorFlow). The senior level fits you; remote and open to your country; pays 13% below your minimum.",
        ),
        (
            "pt",
            "Combina muito (76): você tem 2 das 4 habilidades pedidas; falta Tableau (em parte: TensorFlow). O nível sênior combina com você; remota e aberta ao seu país; paga 13% abaixo do seu mínimo.",
        ),
        (
            "es",
            "Muy buena coincidencia (76): tienes 2 de las 4 habilidades que pide; te falta Tableau (en parte: TensorFlow). El nivel senior te corresponde; remoto y abierto a tu país; paga 13% menos que tu mínimo.",
        ),
    ];
    for (lang, want) in cases {
        let m = &index.score(&mlops(lang), &MatchOptions::default(), &[0])[0];
        assert_eq!(m.explanation, want, "{lang}");
    }
    assert_eq!(Lang::parse("pt-BR"), Some(Lang::Pt));
    assert_eq!(Lang::parse("de"), None);
}

#[test]
fn unknown_pay_and_level_are_neutral() {
    let a = posting("a", &["Python", "SQL"], None, "Remote - Brazil");
    let index = MatchIndex::new(engine(), vec![a]);
    let p = profile(serde_json::json!({
        "skills": ["Python", "SQL"], "country": "BR", "years_experience": 3,
        "salary_min": 5000, "salary_max": 8000, "currency": "BRL"
    }));
    let m = &index.score(&p, &MatchOptions::default(), &[0])[0];
    // Skills 100 and location 100; salary and experience take their mean.
    assert_eq!(m.score, 100.0);
    assert_eq!(m.components.salary, 100.0);
    assert_eq!(m.salary.verdict, "unstated");
}

#[test]
fn json_resume_profiles_with_preferences() {
    let p = profile(serde_json::json!({
        "basics": {"name": "Ana", "location": {"city": "Recife", "countryCode": "BR"}},
        "skills": [{"name": "Data", "keywords": ["pandas", "dbt"]}],
        "languages": [{"language": "Inglês", "fluency": "Fluente"}],
        "meta": {"vaga": {"years_experience": 5.5, "seniority": "mid", "skills": ["Python"],
            "language": "pt",
            "preferences": {"remote_only": true, "salary_min": 12000, "currency": "BRL"}}}
    }));
    assert_eq!(p.home, CountryCode::parse("BR"));
    assert_eq!(p.city.as_deref(), Some("Recife"));
    assert_eq!(p.level, Some(Seniority::Mid));
    assert!(p.remote_only);
    assert_eq!(p.lang, Lang::Pt);
    // Python, pandas, dbt, English (as "Inglês"), and Portuguese for living in Brazil.
    assert_eq!(p.skills.len(), 5);
    assert!(
        p.pay
            .is_some_and(|pay| pay.min > 1000.0 && pay.min < 4000.0)
    );
}

#[test]
fn bad_profiles_are_clear_errors() {
    for (json, needle) in [
        (serde_json::json!([1, 2]), "object"),
        (serde_json::json!({"skills": "Python"}), "invalid profile"),
        (serde_json::json!({"seniority": "wizard"}), "seniority"),
        (
            serde_json::json!({"salary_min": 10, "salary_max": 5, "currency": "USD"}),
            "salary",
        ),
        (
            serde_json::json!({"years_experience": -1}),
            "years_experience",
        ),
    ] {
        let err = ProfileInput::from_json(&json)
            .and_then(|i| Profile::resolve(&i, engine(), parser(), usd()).map(|_| ()))
            .unwrap_err();
        assert!(err.0.contains(needle), "{json}: {err}");
    }
    assert!(
        Weights {
            skills: -1.0,
            ..Weights::default()
        }
        .validate()
        .is_err()
    );
    assert!(
        Weights {
            skills: 0.0,
            experience: 0.0,
            location: 0.0,
            salary: 0.0
        }
        .validate()
        .is_err()
    );
}

// ---- properties

const NAMES: &[&str] = &[
    "Python",
    "SQL",
    "Kubernetes",
    "Docker",
    "PyTorch",
    "TensorFlow",
    "pandas",
    "Spark",
    "AWS",
    "Terraform",
    "MLflow",
    "Kubeflow",
    "Airflow",
    "dbt",
    "Tableau",
    "Go",
];
const PLACES: &[&str] = &[
    "Remote - LATAM",
    "Remote - US only",
    "São Paulo, SP (híbrido)",
    "Remote",
    "Berlin, Germany",
    "Curitiba - PR",
    "Remote (UTC-3 to UTC+1)",
    "",
];

fn arb_posting() -> impl Strategy<Value = MatchPosting> {
    (
        prop::collection::vec(0..NAMES.len(), 0..8),
        prop::collection::vec(0..NAMES.len(), 0..3),
        prop::option::of(0..6usize),
        prop::option::of(0.0f32..15.0),
        0..PLACES.len(),
        prop::option::of((0.0f64..30000.0, 0.0f64..20000.0)),
        "[a-f]{1,3}",
    )
        .prop_map(|(skills, optional, level, years, place, pay, id)| {
            let mut p = posting(
                &id,
                &skills.iter().map(|&i| NAMES[i]).collect::<Vec<_>>(),
                level.map(|l| Seniority::ALL[l]),
                PLACES[place],
            );
            p.optional = optional.iter().map(|&i| skill(NAMES[i])).collect();
            p.years_min = years;
            p.pay = pay.map(|(lo, extra)| Pay {
                min: Some(lo),
                max: Some(lo + extra),
            });
            p
        })
}

fn arb_profile() -> impl Strategy<Value = Profile> {
    (
        prop::collection::vec(0..NAMES.len(), 0..8),
        prop::option::of(0.0f64..25.0),
        prop::option::of((100.0f64..20000.0, 0.0f64..10000.0)),
        any::<bool>(),
        prop::sample::select(vec!["BR", "US", "DE", "MX"]),
    )
        .prop_map(|(skills, years, pay, remote_only, country)| {
            let names: Vec<&str> = skills.iter().map(|&i| NAMES[i]).collect();
            let mut json = serde_json::json!({
                "skills": names, "country": country, "remote_only": remote_only,
                "location": "São Paulo",
            });
            if let Some(y) = years {
                json["years_experience"] = serde_json::json!(y);
            }
            if let Some((lo, extra)) = pay {
                json["salary_min"] = serde_json::json!(lo);
                json["salary_max"] = serde_json::json!(lo + extra);
                json["currency"] = serde_json::json!("USD");
            }
            profile(json)
        })
}

fn arb_weights() -> impl Strategy<Value = Weights> {
    (0.0f64..50.0, 0.0f64..50.0, 0.0f64..50.0, 0.0f64..50.0).prop_map(|(s, e, l, p)| Weights {
        skills: s + 0.01,
        experience: e,
        location: l,
        salary: p,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn scores_and_components_stay_in_range(
        postings in prop::collection::vec(arb_posting(), 1..30),
        p in arb_profile(),
        weights in arb_weights(),
    ) {
        let index = MatchIndex::new(engine(), postings);
        let options = MatchOptions { weights, top: 50, include_hidden: true };
        for m in index.rank(&p, &options).matches {
            prop_assert!((0.0..=100.0).contains(&m.score), "{}", m.score);
            for c in [m.components.skills, m.components.experience, m.components.location, m.components.salary] {
                prop_assert!((0.0..=100.0).contains(&c), "{c}");
            }
            prop_assert!(!m.explanation.is_empty());
        }
    }

    #[test]
    fn learning_a_skill_the_posting_asks_for_never_lowers_its_score(
        postings in prop::collection::vec(arb_posting(), 1..20),
        p in arb_profile(),
        pick in any::<prop::sample::Index>(),
    ) {
        let index = MatchIndex::new(engine(), postings);
        let options = MatchOptions { top: 100, include_hidden: true, ..MatchOptions::default() };
        let i = pick.index(index.len());
        let Some(&asked) = index.postings()[i].skills.first() else { return Ok(()) };
        let before = index.score(&p, &options, &[i])[0].score;
        let mut learned = p.clone();
        learned.skills.push(asked);
        learned.skills.sort_unstable();
        learned.skills.dedup();
        let after = index.score(&learned, &options, &[i])[0].score;
        prop_assert!(after >= before, "{before} → {after}");
    }

    #[test]
    fn a_higher_offer_never_lowers_the_score(
        mut posting in arb_posting(),
        others in prop::collection::vec(arb_posting(), 0..10),
        p in arb_profile(),
        raise in 0.0f64..20000.0,
    ) {
        let options = MatchOptions { top: 100, include_hidden: true, ..MatchOptions::default() };
        let mut all = vec![posting.clone()];
        all.extend(others.iter().cloned());
        let before = MatchIndex::new(engine(), all).score(&p, &options, &[0])[0].score;
        if let Some(pay) = &mut posting.pay {
            pay.max = pay.max.map(|m| m + raise);
        }
        let mut all = vec![posting];
        all.extend(others);
        let after = MatchIndex::new(engine(), all).score(&p, &options, &[0])[0].score;
        prop_assert!(after >= before, "{before} → {after}");
    }

    #[test]
    fn the_order_depends_only_on_the_input_and_pruning_loses_nothing(
        postings in prop::collection::vec(arb_posting(), 1..40),
        p in arb_profile(),
        top in 1usize..10,
    ) {
        let options = MatchOptions { top, include_hidden: false, ..MatchOptions::default() };
        let index = MatchIndex::new(engine(), postings.clone());
        let first = ids(&index, &p, &options);
        prop_assert_eq!(&first, &ids(&index, &p, &options));
        let mut reversed = postings.clone();
        reversed.reverse();
        let other = MatchIndex::new(engine(), reversed);
        prop_assert_eq!(&first, &ids(&other, &p, &options));
        // The pruned top N is the top N of a full sort by (score desc, id asc).
        let everything: Vec<usize> = (0..index.len()).collect();
        let all = index.score(&p, &options, &everything);
        let ranking = index.rank(&p, &MatchOptions { top: index.len(), ..options.clone() });
        let visible: std::collections::HashSet<usize> = ranking.matches.iter().map(|m| m.index).collect();
        let mut full: Vec<(f64, String)> = all
            .iter()
            .filter(|m| visible.contains(&m.index))
            .map(|m| (m.score, index.postings()[m.index].id.clone()))
            .collect();
        full.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let want: Vec<String> = full.into_iter().take(top).map(|(_, id)| id).collect();
        prop_assert_eq!(first, want);
    }
}
