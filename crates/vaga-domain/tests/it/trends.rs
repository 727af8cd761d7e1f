//! Market trends: hand-computed tables and properties (never panics, trend in [-1, 1], shares in
//! [0, 1], counts add up, every number finite).

use proptest::prelude::*;
use vaga_domain::posting::location::{CountryCode, Region};
use vaga_domain::skills::SkillIdx;
use vaga_domain::trends::{TrendOptions, TrendPosting, Trends, month_of, trends};

const A: SkillIdx = SkillIdx(7);
const B: SkillIdx = SkillIdx(3);

fn cc(code: &str) -> CountryCode {
    CountryCode::parse(code).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

/// Owned data behind the borrowed postings of the table test.
#[derive(Debug, Clone)]
struct Row {
    month: Option<(i32, u8)>,
    skills: Vec<SkillIdx>,
    salary: Option<f64>,
    countries: Vec<CountryCode>,
    regions: Vec<Region>,
    company: Option<&'static str>,
}

fn row(month: Option<(i32, u8)>, skills: &[SkillIdx], salary: Option<f64>) -> Row {
    Row {
        month,
        skills: skills.to_vec(),
        salary,
        countries: Vec::new(),
        regions: Vec::new(),
        company: None,
    }
}

fn postings(rows: &[Row]) -> Vec<TrendPosting<'_>> {
    rows.iter()
        .map(|r| TrendPosting {
            month: r.month,
            skills: &r.skills,
            salary_monthly: r.salary,
            countries: &r.countries,
            regions: &r.regions,
            company: r.company,
        })
        .collect()
}

/// Twelve postings over January, February and April 2025 (March has none) plus two undated.
/// A's monthly share goes .25, .5, .75; B's .75, .5, .25.
fn table() -> Vec<Row> {
    let jan = Some((2025, 1));
    let feb = Some((2025, 2));
    let apr = Some((2025, 4));
    let mut rows = vec![
        row(jan, &[A, B], Some(1000.0)),
        row(jan, &[B], Some(2000.0)),
        row(jan, &[B], None),
        row(jan, &[], None),
        row(feb, &[A, A], Some(3000.0)),
        row(feb, &[B], None),
        row(apr, &[A], Some(5000.0)),
        row(apr, &[A, B], None),
        row(apr, &[A], Some(f64::NAN)),
        row(apr, &[], Some(-5.0)),
        row(None, &[B], Some(4000.0)),
        row(Some((2025, 13)), &[A], None),
    ];
    let companies = [
        "Acme Corp",
        "  acme  corp",
        "Globex",
        "",
        "ACME CORP",
        "globex",
        "Initech",
        "",
        "   ",
    ];
    for (r, c) in rows.iter_mut().zip(companies) {
        r.company = Some(c);
    }
    rows[0].countries = vec![cc("BR"), cc("br"), cc("US")];
    rows[1].countries = vec![cc("US")];
    rows[2].countries = vec![cc("PT")];
    rows[0].regions = vec![Region::Latam, Region::Latam];
    rows[1].regions = vec![Region::Europe];
    rows[2].regions = vec![Region::Europe];
    rows[3].regions = vec![Region::Worldwide];
    rows
}

fn options() -> TrendOptions {
    TrendOptions {
        min_count: 5,
        min_frequency: 6,
        top_companies: 2,
        ..TrendOptions::default()
    }
}

// Weighted least squares by hand: x = 0, 1, 3 (months since January), w = 4, 2, 4 postings,
// x̄ = 14/10 = 1.4, ȳ = 5/10 = 0.5; for A, Σw·dx·dy = 4(-1.4)(-.25) + 0 + 4(1.6)(.25) = 3,
// Σw·dx² = 4(1.96) + 2(.16) + 4(2.56) = 18.4; slope × span / ȳ = 3/18.4 × 3 / 0.5.
const A_TREND: f64 = 0.752_312_063_133_164_7; // tanh(0.978260869565217)

#[test]
fn counts_months_and_undated() {
    let rows = table();
    let t = trends(&postings(&rows), &options());
    assert_eq!((t.total, t.dated, t.undated), (12, 10, 2));
    let months: Vec<(&str, usize)> = t
        .months
        .iter()
        .map(|m| (m.month.as_str(), m.count))
        .collect();
    assert_eq!(months, [("2025-01", 4), ("2025-02", 2), ("2025-04", 4)]);
}

#[test]
fn skills_frequency_share_salary_and_series() {
    let rows = table();
    let t = trends(&postings(&rows), &options());
    // Both have six postings: ties go by index, B (3) before A (7).
    let order: Vec<SkillIdx> = t.skills.iter().map(|s| s.skill).collect();
    assert_eq!(order, [B, A]);
    let a = &t.skills[1];
    assert_eq!(a.count, 6);
    assert!(close(a.share, 0.5));
    // 1000, 3000 and 5000; NaN and the undated posting without salary are not counted.
    assert_eq!((a.avg_salary, a.salary_count), (Some(3000.0), 3));
    let series: Vec<(&str, usize, f64, Option<f64>)> = a
        .series
        .iter()
        .map(|m| (m.month.as_str(), m.count, m.share, m.avg_salary))
        .collect();
    assert_eq!(
        series,
        [
            ("2025-01", 1, 0.25, Some(1000.0)),
            ("2025-02", 1, 0.5, Some(3000.0)),
            ("2025-04", 3, 0.75, Some(5000.0)),
        ]
    );
    let b = &t.skills[0];
    assert_eq!(b.count, 6);
    assert_eq!(b.salary_count, 3);
    assert!(close(b.avg_salary.unwrap(), 7000.0 / 3.0));
    assert!(close(a.trend, A_TREND), "{}", a.trend);
    assert!(close(b.trend, -A_TREND), "{}", b.trend);
}

#[test]
fn rising_and_falling_respect_frequency_and_min_count() {
    let rows = table();
    let p = postings(&rows);
    let t = trends(&p, &options());
    assert_eq!(t.rising.len(), 1);
    assert_eq!(t.rising[0].skill, A);
    assert!(close(t.rising[0].trend, A_TREND));
    assert_eq!(t.falling.len(), 1);
    assert_eq!(t.falling[0].skill, B);

    let rare = trends(
        &p,
        &TrendOptions {
            min_frequency: 7,
            ..options()
        },
    );
    assert!(rare.rising.is_empty() && rare.falling.is_empty());
    assert!(
        close(rare.skills[1].trend, A_TREND),
        "the trend is still computed"
    );

    // Five dated postings each: below a minimum of six, no trend at all.
    let strict = trends(
        &p,
        &TrendOptions {
            min_count: 6,
            ..options()
        },
    );
    assert!(strict.skills.iter().all(|s| s.trend == 0.0));
    assert!(strict.rising.is_empty() && strict.falling.is_empty());

    let none = trends(
        &p,
        &TrendOptions {
            top_skills: 0,
            ..options()
        },
    );
    assert!(none.rising.is_empty() && none.falling.is_empty());
}

#[test]
fn countries_regions_and_companies() {
    let rows = table();
    let t = trends(&postings(&rows), &options());
    let countries: Vec<(&str, usize)> = t
        .countries
        .iter()
        .map(|c| (c.country.as_str(), c.count))
        .collect();
    assert_eq!(countries, [("US", 2), ("BR", 1), ("PT", 1)]);
    let regions: Vec<(Region, usize)> = t.regions.iter().map(|r| (r.region, r.count)).collect();
    assert_eq!(
        regions,
        [
            (Region::Europe, 2),
            (Region::Latam, 1),
            (Region::Worldwide, 1)
        ]
    );
    let companies: Vec<(&str, usize)> = t
        .companies
        .iter()
        .map(|c| (c.company.as_str(), c.count))
        .collect();
    assert_eq!(companies, [("Acme Corp", 3), ("Globex", 2)]);
}

#[test]
fn empty_single_month_and_no_series() {
    let t = trends(&[], &TrendOptions::default());
    assert_eq!(t, Trends::default());

    let skills = [A];
    let one = TrendPosting {
        month: Some((2024, 6)),
        skills: &skills,
        ..TrendPosting::default()
    };
    let t = trends(
        &[one; 20],
        &TrendOptions {
            min_count: 1,
            min_frequency: 1,
            ..TrendOptions::default()
        },
    );
    assert_eq!(t.skills[0].trend, 0.0, "one month has no slope");
    assert!(t.rising.is_empty() && t.falling.is_empty());
    assert_eq!(t.skills[0].series.len(), 1);

    let t = trends(
        &[one],
        &TrendOptions {
            series: false,
            ..TrendOptions::default()
        },
    );
    assert!(t.skills[0].series.is_empty());
}

#[test]
fn a_flat_share_has_no_trend_and_doubling_reads_the_same_at_any_scale() {
    // Share 0.5 in both months.
    let rows: Vec<Row> = [1u8, 1, 2, 2]
        .iter()
        .enumerate()
        .map(|(i, &m)| row(Some((2025, m)), if i % 2 == 0 { &[A] } else { &[] }, None))
        .collect();
    let t = trends(
        &postings(&rows),
        &TrendOptions {
            min_count: 1,
            ..TrendOptions::default()
        },
    );
    assert_eq!(t.skills[0].trend, 0.0);

    // A niche skill from 1% to 2% and a common one from 20% to 40% over 100 postings a month.
    let mut rows = Vec::new();
    for (month, niche, common) in [(1u8, 1, 20), (2, 2, 40)] {
        for i in 0..100 {
            let mut skills = Vec::new();
            if i < niche {
                skills.push(A);
            }
            if i < common {
                skills.push(B);
            }
            rows.push(row(Some((2025, month)), &skills, None));
        }
    }
    let t = trends(
        &postings(&rows),
        &TrendOptions {
            min_count: 1,
            ..TrendOptions::default()
        },
    );
    let trend = |s: SkillIdx| t.skills.iter().find(|x| x.skill == s).unwrap().trend;
    // slope 0.01 over mean 0.015, and 0.2 over 0.3: both 2/3.
    assert!(close(trend(A), (2.0f64 / 3.0).tanh()), "{}", trend(A));
    assert!(close(trend(B), (2.0f64 / 3.0).tanh()), "{}", trend(B));
}

#[test]
fn serialises_with_snake_case_names_and_fills_names() {
    let rows = table();
    let (taxonomy, _) = vaga_domain::skills::Taxonomy::builtin().unwrap();
    let t = trends(&postings(&rows), &options()).with_names(&taxonomy);
    assert_eq!(
        t.skills[0].name.as_deref(),
        Some(taxonomy.skill(B).name.as_str())
    );
    assert_eq!(
        t.rising[0].id.as_deref(),
        Some(taxonomy.skill(A).id.as_str())
    );
    let json = serde_json::to_value(&t).unwrap();
    for key in [
        "total",
        "dated",
        "undated",
        "months",
        "skills",
        "rising",
        "falling",
        "countries",
        "regions",
        "companies",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    let skill = &json["skills"][1];
    for key in [
        "skill",
        "id",
        "name",
        "count",
        "share",
        "avg_salary",
        "salary_count",
        "trend",
        "series",
    ] {
        assert!(skill.get(key).is_some(), "{key}");
    }
    assert_eq!(json["regions"][1]["region"], "LATAM");
    assert_eq!(json["countries"][0]["country"], "US");

    let unnamed = serde_json::to_value(trends(&postings(&rows), &options())).unwrap();
    assert!(unnamed["skills"][0].get("name").is_none());
    // An index the taxonomy does not have keeps no name.
    let far = [SkillIdx(u32::MAX)];
    let p = TrendPosting {
        skills: &far,
        ..TrendPosting::default()
    };
    let t = trends(&[p], &TrendOptions::default()).with_names(&taxonomy);
    assert_eq!(t.skills[0].name, None);
}

fn arb_row() -> impl Strategy<Value = Row> {
    let month = prop_oneof![
        1 => Just(None),
        6 => (2020i32..2023, 1u8..=12).prop_map(Some),
        1 => (any::<i32>(), any::<u8>()).prop_map(Some),
    ];
    let salary = prop_oneof![
        Just(None),
        (0.0f64..50_000.0).prop_map(Some),
        any::<f64>().prop_map(Some),
        Just(Some(f64::MAX)),
    ];
    let countries = proptest::collection::vec(
        proptest::sample::select(vec!["BR", "US", "PT", "MX", "AR"]).prop_map(cc),
        0..4,
    );
    let regions = proptest::collection::vec(
        proptest::sample::select(vec![
            Region::Latam,
            Region::Europe,
            Region::Emea,
            Region::Worldwide,
        ]),
        0..3,
    );
    let company = proptest::option::of(proptest::sample::select(vec![
        "Acme",
        "acme",
        " ACME ",
        "Globex",
        "Initech",
        "",
        "Umbrella Corp",
    ]));
    (
        month,
        proptest::collection::vec((0u32..12).prop_map(SkillIdx), 0..6),
        salary,
        countries,
        regions,
        company,
    )
        .prop_map(|(month, skills, salary, countries, regions, company)| Row {
            month,
            skills,
            salary,
            countries,
            regions,
            company,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn trends_are_bounded_finite_and_add_up(
        rows in proptest::collection::vec(arb_row(), 0..80),
        min_count in 0usize..6,
        min_frequency in 0usize..6,
        top in 0usize..5,
    ) {
        let options = TrendOptions {
            min_count,
            min_frequency,
            top_skills: top,
            top_companies: top,
            series: true,
        };
        let t = trends(&postings(&rows), &options);
        prop_assert_eq!(t.total, rows.len());
        prop_assert_eq!(t.dated + t.undated, t.total);
        prop_assert_eq!(t.months.iter().map(|m| m.count).sum::<usize>(), t.dated);
        prop_assert!(t.months.windows(2).all(|w| w[0].month < w[1].month));
        for s in &t.skills {
            prop_assert!((-1.0..=1.0).contains(&s.trend) && s.trend.is_finite());
            prop_assert!((0.0..=1.0).contains(&s.share));
            prop_assert!(s.count >= 1 && s.count <= t.total);
            prop_assert!(s.salary_count <= s.count);
            prop_assert!(s.avg_salary.is_none_or(f64::is_finite));
            prop_assert_eq!(s.series.len(), t.months.len());
            let dated: usize = s.series.iter().map(|m| m.count).sum();
            prop_assert!(dated <= s.count);
            for (m, month) in s.series.iter().zip(&t.months) {
                prop_assert_eq!(&m.month, &month.month);
                prop_assert!(m.count <= month.count);
                prop_assert!((0.0..=1.0).contains(&m.share));
                prop_assert!(m.avg_salary.is_none_or(f64::is_finite));
            }
        }
        prop_assert!(t.skills.windows(2).all(|w| (w[1].count, w[0].skill) <= (w[0].count, w[1].skill)));
        prop_assert!(t.rising.len() <= top && t.falling.len() <= top && t.companies.len() <= top);
        prop_assert!(t.rising.iter().all(|i| i.trend > 0.0 && i.count >= min_frequency));
        prop_assert!(t.falling.iter().all(|i| i.trend < 0.0 && i.count >= min_frequency));
        prop_assert!(t.rising.windows(2).all(|w| w[0].trend >= w[1].trend));
        prop_assert!(t.falling.windows(2).all(|w| w[0].trend <= w[1].trend));
        prop_assert!(t.countries.iter().all(|c| c.count >= 1 && c.count <= t.total));
        prop_assert!(t.regions.iter().all(|r| r.count >= 1 && r.count <= t.total));
        prop_assert!(t.companies.windows(2).all(|w| w[0].count >= w[1].count));
        prop_assert!(serde_json::to_string(&t).is_ok());
    }

    #[test]
    fn month_of_never_panics_and_gives_real_months(
        text in prop_oneof![any::<String>(), "[0-9]{4}-[0-9]{2}(-[0-9]{2}(T[0-9:]{8}Z)?)?"],
    ) {
        if let Some((year, month)) = month_of(&text) {
            prop_assert!((0..=9999).contains(&year) && (1..=12).contains(&month));
        }
    }
}
