//! The demo profile against the demo postings: strong matches it can take from Brazil, and
//! gaps that point at what the market asks for.

use serde_json::Value;
use vaga_demo::{DEMO_SEED, Tools, generate, resume};
use vaga_domain::matching::{
    GapOptions, MatchIndex, MatchOptions, MatchPosting, Pay, Profile, ProfileInput, Target, gaps,
};
use vaga_domain::posting::location::{EligibilityRule, Workplace};
use vaga_domain::posting::seniority::Seniority;

use super::generate::now;

/// What matching reads of a stored record (as the CLI's `postings.rs` does).
fn match_posting(tools: &Tools, r: &Value) -> MatchPosting {
    let engine = tools.engine();
    let names = |v: &Value| -> Vec<_> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| engine.normalize(s.as_str()?))
            .collect()
    };
    let mut skills = names(&r["skills"]);
    let optional = names(&r["skills_optional"]);
    for s in &optional {
        if !skills.contains(s) {
            skills.push(*s);
        }
    }
    let norm = &r["salary_parsed"]["normalized"];
    let pay = (!norm.is_null()).then(|| Pay {
        min: norm["monthly_min"].as_f64(),
        max: norm["monthly_max"].as_f64(),
    });
    let detail = &r["seniority_detail"];
    MatchPosting {
        id: r["id"].as_str().unwrap().to_string(),
        title: r["title"].as_str().unwrap().to_string(),
        company: r["company"].as_str().map(str::to_string),
        skills,
        optional,
        level: serde_json::from_value::<Option<Seniority>>(detail["level"].clone()).unwrap(),
        years_min: detail["years_min"].as_f64().map(|v| v as f32),
        years_max: detail["years_max"].as_f64().map(|v| v as f32),
        workplace: serde_json::from_value::<Option<Workplace>>(
            r["location_parsed"]["workplace"].clone(),
        )
        .unwrap(),
        rule: serde_json::from_value::<EligibilityRule>(
            r["location_parsed"]["eligibility_rule"].clone(),
        )
        .unwrap(),
        pay,
    }
}

#[test]
fn the_demo_profile_has_strong_matches_it_can_take() {
    let postings = generate(DEMO_SEED, now());
    let tools = Tools::builtin().unwrap();
    let records = tools.records(&postings);
    let index = MatchIndex::new(
        tools.engine(),
        records.iter().map(|r| match_posting(&tools, r)).collect(),
    );
    let input = ProfileInput::from_json(&resume()).unwrap();
    let (profile, warnings) =
        Profile::resolve(&input, tools.engine(), tools.salary(), tools.reference()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(profile.remote_only);
    assert!(profile.pay.is_some());
    let ranking = index.rank(
        &profile,
        &MatchOptions {
            top: 10,
            ..MatchOptions::default()
        },
    );
    assert_eq!(ranking.matches.len(), 10);
    eprintln!(
        "considered {}, hidden {} (not remote or closed to BR)",
        ranking.considered, ranking.hidden
    );
    for m in &ranking.matches {
        let p = &postings[m.index];
        eprintln!(
            "{:5.1} {:?} {} | {} | {} | missing {:?}",
            m.score,
            m.eligible,
            p.title,
            p.company.as_deref().unwrap_or_default(),
            p.location
                .as_deref()
                .or(p.candidate_required_location.as_deref())
                .unwrap_or_default(),
            m.missing_skills
        );
        assert!(m.score >= 70.0, "score {} for {}", m.score, p.title);
        assert_eq!(m.eligible, Some(true), "{} ({:?})", p.title, p.location);
        assert_eq!(p.raw["takeable_from_br"], true, "{}", p.id);
    }
    // Gaps over the 50 best matches: what the market asks that the profile lacks.
    let best = index.rank(
        &profile,
        &MatchOptions {
            top: 50,
            ..MatchOptions::default()
        },
    );
    let targets: Vec<Target> = best
        .matches
        .iter()
        .map(|m| Target {
            index: m.index,
            age_days: None,
        })
        .collect();
    let report = gaps(
        &index,
        &profile,
        &MatchOptions::default(),
        &targets,
        &GapOptions::default(),
    );
    let missing: Vec<&str> = report
        .missing_skills
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    eprintln!(
        "gaps: {missing:?}; learning {:?} raises the average score {} -> {}",
        report.improvement_potential.learned,
        report.improvement_potential.current_avg,
        report.improvement_potential.potential_avg
    );
    assert!(missing.len() >= 3, "{missing:?}");
    assert!(report.improvement_potential.increase > 0.0);
}
