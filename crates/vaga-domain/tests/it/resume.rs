//! Resume parsing on invented resumes (`tests/fixtures/resumes/`): one per language, a
//! two-column layout as a PDF extractor prints it, every date shape of the issue, name
//! particles, phones of BR/AR/MX/US, links of every network, degree types, language levels,
//! overlapping jobs, a current job with "today" fixed; JSON Resume imports; and the property
//! that parsing never panics and keeps `startDate <= endDate`.

use proptest::prelude::*;
use vaga_domain::resume::{JsonResume, Parsed, ResumeParser, Work, YearMonth};

use crate::builtin;

const TODAY: YearMonth = YearMonth {
    year: 2026,
    month: 11,
};

const PT: &str = include_str!("../fixtures/resumes/pt_single_column.txt");
const ES: &str = include_str!("../fixtures/resumes/es_two_column.txt");
const EN: &str = include_str!("../fixtures/resumes/en_single_column.txt");

fn parse(text: &str) -> Parsed {
    ResumeParser::new(builtin()).parse_text(text, TODAY)
}

fn work_summary(resume: &JsonResume) -> Vec<(String, String, String, Option<String>)> {
    resume
        .work
        .iter()
        .map(|w: &Work| {
            (
                w.name.clone().unwrap_or_default(),
                w.position.clone().unwrap_or_default(),
                w.start_date.clone().unwrap_or_default(),
                w.end_date.clone(),
            )
        })
        .collect()
}

fn owned(
    rows: &[(&str, &str, &str, Option<&str>)],
) -> Vec<(String, String, String, Option<String>)> {
    rows.iter()
        .map(|(a, b, c, d)| {
            (
                a.to_string(),
                b.to_string(),
                c.to_string(),
                d.map(str::to_string),
            )
        })
        .collect()
}

fn study(resume: &JsonResume) -> Vec<(String, String)> {
    resume
        .education
        .iter()
        .map(|e| {
            (
                e.institution.clone().unwrap_or_default(),
                e.study_type.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn languages(resume: &JsonResume) -> Vec<(String, String)> {
    resume
        .languages
        .iter()
        .map(|l| {
            (
                l.language.clone().unwrap_or_default(),
                l.fluency.clone().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn portuguese_single_column() {
    let parsed = parse(PT);
    let r = &parsed.resume;
    let b = &r.basics;
    // Capitals become a name with its particle in lowercase.
    assert_eq!(b.name.as_deref(), Some("Maria da Silva Santos"));
    assert_eq!(b.label.as_deref(), Some("Cientista de Dados Sênior"));
    assert_eq!(b.email.as_deref(), Some("maria.dss@example.com.br"));
    assert_eq!(b.phone.as_deref(), Some("+55 (11) 91234-5678"));
    let loc = b.location.as_ref().unwrap();
    assert_eq!(loc.city.as_deref(), Some("Campinas"));
    assert_eq!(loc.region.as_deref(), Some("SP"));
    assert_eq!(loc.country_code.as_deref(), Some("BR"));
    let networks: Vec<_> = b
        .profiles
        .iter()
        .map(|p| p.network.clone().unwrap())
        .collect();
    assert_eq!(networks, ["LinkedIn", "GitHub", "Lattes"]);
    assert_eq!(b.profiles[2].username.as_deref(), Some("1234567890123456"));
    assert_eq!(
        work_summary(r),
        owned(&[
            (
                "Banco Horizonte",
                "Cientista de Dados Sênior",
                "2022-03",
                None
            ),
            (
                "Varejo Azul S.A.",
                "Cientista de Dados",
                "2019-01",
                Some("2021-12")
            ),
            (
                "Laboratório de Estatística Aplicada",
                "Pesquisadora (bolsista)",
                "2018-03",
                Some("2019-06")
            ),
            (
                "Agência Ponto",
                "Estagiária de Dados",
                "2017-07",
                Some("2018-02")
            ),
        ])
    );
    assert_eq!(r.work[0].location.as_deref(), Some("São Paulo - SP"));
    assert_eq!(r.work[0].highlights.len(), 2);
    assert_eq!(
        study(r),
        [
            ("Universidade Estadual de Campinas (UNICAMP)", "Master"),
            ("Universidade de São Paulo (USP)", "Bachelor"),
            ("Faculdade de Tecnologia de Campinas", "Bachelor"),
            ("Fundação Instituto de Administração", "MBA"),
            (
                "Pontifícia Universidade Católica do Paraná",
                "Specialization"
            ),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(r.education[0].area.as_deref(), Some("Estatística"));
    assert_eq!(
        languages(r),
        [
            ("Português", "nativo"),
            ("Inglês", "fluente"),
            ("Espanhol", "avançado")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(r.certificates.len(), 1);
    let v = &r.meta.vaga;
    // 2017-07 .. 2026-11 without gaps (the research post overlaps two jobs).
    assert_eq!(v.years_experience, 9.5);
    assert_eq!(v.seniority, "senior");
    assert_eq!(v.language, "pt");
    for skill in [
        "Python",
        "SQL",
        "R",
        "Apache Airflow",
        "Docker",
        "Power BI",
        "XGBoost",
    ] {
        assert!(
            v.skills.iter().any(|s| s == skill),
            "{skill} in {:?}",
            v.skills
        );
    }
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn spanish_two_columns_sidebar_first() {
    let parsed = parse(ES);
    let r = &parsed.resume;
    let b = &r.basics;
    assert_eq!(b.name.as_deref(), Some("José de la Cruz"));
    assert_eq!(b.phone.as_deref(), Some("+52 55 1234 5678"));
    assert_eq!(b.email.as_deref(), Some("jose.delacruz@example.org"));
    let loc = b.location.as_ref().unwrap();
    assert_eq!(loc.city.as_deref(), Some("Ciudad de México"));
    assert_eq!(loc.country_code.as_deref(), Some("MX"));
    let networks: Vec<_> = b
        .profiles
        .iter()
        .map(|p| p.network.clone().unwrap())
        .collect();
    assert_eq!(networks, ["Kaggle", "Hugging Face"]);
    // "desde 2020" is a current job: no endDate.
    assert_eq!(
        work_summary(r),
        owned(&[
            (
                "Grupo Ladera",
                "Ingeniero de Machine Learning",
                "2020",
                None
            ),
            (
                "Comercial del Norte",
                "Analista de Datos",
                "2016",
                Some("2019")
            ),
        ])
    );
    assert_eq!(
        study(r),
        [
            ("Instituto Politécnico Nacional (IPN)", "Bachelor"),
            ("Universidad Nacional Autónoma de México (UNAM)", "Bachelor"),
            ("Universidad de Guadalajara", "PhD"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(r.education[1].area.as_deref(), Some("Matemáticas"));
    assert_eq!(
        languages(r),
        [
            ("Español", "nativo"),
            ("Inglés", "B2"),
            ("Francés", "intermedio")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let v = &r.meta.vaga;
    // 2016-01 .. 2019-12 and 2020-01 .. 2026-11.
    assert_eq!(v.years_experience, 11.0);
    // No level in the title: mid.
    assert_eq!(v.seniority, "mid");
    assert_eq!(v.language, "es");
    for skill in [
        "Python",
        "SQL",
        "Scala",
        "Apache Spark",
        "Databricks",
        "Azure",
    ] {
        assert!(
            v.skills.iter().any(|s| s == skill),
            "{skill} in {:?}",
            v.skills
        );
    }
}

#[test]
fn english_single_column_with_overlapping_jobs() {
    let parsed = parse(EN);
    let r = &parsed.resume;
    let b = &r.basics;
    assert_eq!(b.name.as_deref(), Some("Jordan A. Blake"));
    assert_eq!(b.phone.as_deref(), Some("(415) 555-0134"));
    assert_eq!(b.url.as_deref(), Some("https://jblake.example.dev"));
    let loc = b.location.as_ref().unwrap();
    assert_eq!(loc.city.as_deref(), Some("Austin"));
    assert_eq!(loc.country_code.as_deref(), Some("US"));
    assert_eq!(
        work_summary(r),
        owned(&[
            ("Northwind Labs", "Senior Backend Engineer", "2019-01", None),
            (
                "Self-employed",
                "Freelance Developer",
                "2017-06",
                Some("2019-03")
            ),
            (
                "Contoso Ltd.",
                "Software Engineer Intern",
                "2016-09",
                Some("2016-12")
            ),
        ])
    );
    assert_eq!(
        study(r),
        [
            ("University of Texas at Austin", "Bachelor"),
            ("Rice University", "PhD"),
            ("Stanford Graduate School of Business", "MBA"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // Studying now: no end date.
    assert_eq!(r.education[2].end_date, None);
    let v = &r.meta.vaga;
    // 2016-09..2016-12 (4 months) + 2017-06..2026-11 (114 months, the overlap once) = 9.83.
    assert_eq!(v.years_experience, 10.0);
    assert_eq!(v.seniority, "senior");
    assert_eq!(v.language, "en");
    assert_eq!(r.certificates[0].date.as_deref(), Some("2022"));
}

#[test]
fn the_json_has_the_contract_shape() {
    let parsed = parse(ES);
    let json = serde_json::to_value(&parsed.resume).unwrap();
    // A current job has no endDate at all.
    assert!(json["work"][0].get("endDate").is_none());
    assert_eq!(json["work"][1]["endDate"], "2019");
    assert!(json["basics"]["location"]["countryCode"].is_string());
    let vaga = &json["meta"]["vaga"];
    for key in ["years_experience", "seniority", "skills", "language"] {
        assert!(vaga.get(key).is_some(), "meta.vaga.{key}");
    }
}

#[test]
fn every_date_shape_of_the_issue() {
    let cases = [
        ("Jan 2019 – Present", "2019-01", None),
        ("03/2018 - atual", "2018-03", None),
        ("jan. de 2019 a dez. de 2021", "2019-01", Some("2021-12")),
        ("2019 - hoy", "2019", None),
        ("desde 2020", "2020", None),
        ("fev/2024 – o momento", "2024-02", None),
        (
            "agosto de 2025 – janeiro de\n2026",
            "2025-08",
            Some("2026-01"),
        ),
    ];
    for (dates, start, end) in cases {
        let text = format!("Experience\nData Engineer | Acme Dados\n{dates}\n• Built pipelines.\n");
        let parsed = parse(&text);
        let w = &parsed.resume.work;
        assert_eq!(w.len(), 1, "{dates}: {w:?}");
        assert_eq!(w[0].start_date.as_deref(), Some(start), "{dates}");
        assert_eq!(w[0].end_date.as_deref(), end, "{dates}");
        assert_eq!(w[0].name.as_deref(), Some("Acme Dados"), "{dates}");
    }
}

#[test]
fn phones_of_brazil_argentina_mexico_and_the_us() {
    for phone in [
        "+55 (11) 91234-5678",
        "+54 9 11 5550-3847",
        "+52 55 1234 5678",
        "+1 (415) 555-0134",
        "(21) 3456-7890",
    ] {
        let text = format!("Ana Souza\nana@example.com | {phone} | Recife, PE\n\nExperience\n");
        let parsed = parse(&text);
        assert_eq!(parsed.resume.basics.phone.as_deref(), Some(phone));
    }
}

#[test]
fn a_current_job_runs_to_today() {
    let text = "Experience\nAnalista de Dados Júnior — Loja Boa\nfevereiro de 2026 – presente\n";
    let parser = ResumeParser::new(builtin());
    let early = parser.parse_text(
        text,
        YearMonth {
            year: 2026,
            month: 4,
        },
    );
    let late = parser.parse_text(
        text,
        YearMonth {
            year: 2028,
            month: 1,
        },
    );
    // Three months (Feb..Apr) round to 0.5 year; 24 months to 2.
    assert_eq!(early.resume.meta.vaga.years_experience, 0.5);
    assert_eq!(late.resume.meta.vaga.years_experience, 2.0);
    assert_eq!(early.resume.meta.vaga.seniority, "junior");
}

#[test]
fn leading_a_team_or_a_manager_title_is_lead() {
    let text = "Experience\nData Scientist — Acme\nJan 2018 – Present\n• Lead a team of 6 data scientists.\n";
    assert_eq!(parse(text).resume.meta.vaga.seniority, "lead");
    let text = "Experiencia Laboral\nGerente de Analítica | Tienda Sol\n01/2020 – presente\n";
    assert_eq!(parse(text).resume.meta.vaga.seniority, "lead");
    let text = "Experiência\nAnalista de Dados Pleno — Farma Boa\nfev/2024 – atual\n";
    assert_eq!(parse(text).resume.meta.vaga.seniority, "mid");
}

#[test]
fn dates_before_the_header_lines() {
    // The date first, then "title, company — city" (a compact table layout).
    let text = "Experience\n09/2021 – present\n\nLead Data Scientist, MeuRango Delivery — São Paulo\n• Led pricing.\n\n01/2018 – 08/2021\n\nSenior Data Scientist, PagoRápido — São Paulo\n• Fraud models.\n";
    let r = parse(text).resume;
    assert_eq!(
        work_summary(&r),
        owned(&[
            ("MeuRango Delivery", "Lead Data Scientist", "2021-09", None),
            (
                "PagoRápido",
                "Senior Data Scientist",
                "2018-01",
                Some("2021-08")
            ),
        ])
    );
    assert_eq!(r.work[0].location.as_deref(), Some("São Paulo"));
}

#[test]
fn entries_without_dates_are_kept_with_a_warning() {
    let text =
        "Experience\nData Engineer | Acme\n• Built pipelines.\n\nAnalyst | Beta Corp\n• Reports.\n";
    let parsed = parse(text);
    assert_eq!(parsed.resume.work.len(), 2);
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w == "no dates found for entry 1"),
        "{:?}",
        parsed.warnings
    );
}

#[test]
fn messy_text_gives_warnings_not_errors() {
    let parsed = parse("");
    assert!(parsed.warnings.iter().any(|w| w == "no name found"));
    assert!(parsed.warnings.iter().any(|w| w == "no work entries found"));
    assert_eq!(parsed.resume.meta.vaga.years_experience, 0.0);
}

#[test]
fn json_resume_imports_as_is_and_derives() {
    let json = r#"{
        "basics": {"name": "Ana Souza", "email": "ana@example.com", "x-custom": 1,
                   "profiles": [{"network": "GitHub", "url": "https://github.com/ana"}]},
        "work": [
            {"name": "Acme", "position": "Senior Data Engineer", "startDate": "2019-03-01",
             "highlights": ["Pipelines in Python and Airflow"]},
            {"name": "Beta", "position": "Data Engineer", "startDate": "2016-01", "endDate": "2019-06"}
        ],
        "skills": [{"name": "Data", "keywords": ["SQL", "dbt"]}],
        "meta": {"version": "v1", "vaga": {"bogus": true}},
        "awards": [{"title": "Prize"}]
    }"#;
    let parsed = ResumeParser::new(builtin())
        .import_json_resume(json, TODAY)
        .unwrap();
    let r = &parsed.resume;
    let v = &r.meta.vaga;
    // 2016-01 .. 2026-11.
    assert_eq!(v.years_experience, 11.0);
    assert_eq!(v.seniority, "senior");
    for skill in ["SQL", "dbt", "Python", "Apache Airflow"] {
        assert!(
            v.skills.iter().any(|s| s == skill),
            "{skill} in {:?}",
            v.skills
        );
    }
    let out = serde_json::to_value(r).unwrap();
    assert_eq!(out["awards"][0]["title"], "Prize");
    assert_eq!(out["basics"]["x-custom"], 1);
    assert_eq!(out["meta"]["version"], "v1");
    assert!(out["work"][0].get("endDate").is_none());
}

#[test]
fn bad_json_is_a_clear_error() {
    let parser = ResumeParser::new(builtin());
    let err = parser.import_json_resume("{not json", TODAY).unwrap_err();
    assert!(
        err.to_string().starts_with("not a JSON Resume document"),
        "{err}"
    );
    assert!(parser.import_json_resume("[1, 2]", TODAY).is_err());
    assert!(parser.import_json_resume(r#"{"work": 3}"#, TODAY).is_err());
}

fn month_key(date: &str) -> (u32, u32, u32) {
    let mut parts = date.split('-');
    let year = parts.next().and_then(|y| y.parse().ok()).unwrap_or(0);
    match parts.next().and_then(|m| m.parse().ok()) {
        // A bare year covers January..December.
        Some(m) => (year, m, m),
        None => (year, 1, 12),
    }
}

fn check_invariants(text: &str) {
    let parsed = parse(text);
    for w in &parsed.resume.work {
        if let (Some(s), Some(e)) = (&w.start_date, &w.end_date) {
            let (sy, sm, _) = month_key(s);
            let (ey, _, em) = month_key(e);
            assert!((sy, sm) <= (ey, em), "start {s} after end {e}");
        }
    }
    let years = parsed.resume.meta.vaga.years_experience;
    assert!(years >= 0.0 && years.is_finite());
}

/// Mangles a fixture: cuts it at `cut` bytes (at a character boundary), drops every `drop`-th
/// line and swaps lines around `swap`.
fn mangle(text: &str, cut: usize, drop: usize, swap: usize) -> String {
    let mut end = cut.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut lines: Vec<&str> = text[..end]
        .lines()
        .enumerate()
        .filter(|(i, _)| drop == 0 || i % drop != drop - 1)
        .map(|(_, l)| l)
        .collect();
    if lines.len() > 2 {
        let at = swap % (lines.len() - 1);
        lines.swap(at, at + 1);
    }
    lines.join("\n")
}

// Inputs are limited to 200 KiB (the parser's own limit, `MAX_INPUT_BYTES`); generated
// strings stay far below it, so the cut itself is tested separately.
proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_parses_without_panicking(text in any::<String>()) {
        check_invariants(&text);
    }

    #[test]
    fn resume_like_noise_parses_without_panicking(
        parts in proptest::collection::vec(prop_oneof![
            Just("Experience\n".to_string()), Just("Educação\n".to_string()),
            Just("Jan 2019 – Present".to_string()), Just("03/2018 - atual".to_string()),
            Just("2021 – 2019".to_string()), Just("desde 2020".to_string()),
            Just(" | ".to_string()), Just(" — ".to_string()), Just("\n".to_string()),
            Just("•".to_string()), Just("Universidade".to_string()), Just("Bacharelado".to_string()),
            Just("+55 (11) 9".to_string()), Just("@".to_string()), Just("linkedin.com/in/".to_string()),
            Just("ção".to_string()), Just("\t".to_string()), Just("(".to_string()),
            Just("de".to_string()), Just("Engenheiro".to_string()), Just("-----\n".to_string()),
            "[a-zA-Z0-9 ,.:/()-]{0,12}",
        ], 0..80)
    ) {
        check_invariants(&parts.concat());
    }

    #[test]
    fn mangled_fixtures_parse_without_panicking(
        which in 0usize..3,
        cut in 0usize..4000,
        drop in 0usize..7,
        swap in 0usize..100,
    ) {
        let text = [PT, ES, EN][which];
        check_invariants(&mangle(text, cut, drop, swap));
    }
}

#[test]
fn oversized_input_is_cut_with_a_warning() {
    let mut text = String::from("Maria da Silva\n");
    while text.len() < 210 * 1024 {
        text.push_str("Experiência com dados, ção é acentuada. ");
    }
    let parsed = parse(&text);
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w.starts_with("input cut at"))
    );
    assert_eq!(parsed.resume.basics.name.as_deref(), Some("Maria da Silva"));
}

#[test]
fn two_roles_under_one_company_and_a_family_suffix() {
    let r = parse(include_str!(
        "../fixtures/resumes/pt_one_company_two_roles.txt"
    ))
    .resume;
    assert_eq!(r.basics.name.as_deref(), Some("João Pereira Júnior"));
    assert_eq!(r.basics.phone.as_deref(), Some("11 98765-4321"));
    let loc = r.basics.location.as_ref().unwrap();
    assert_eq!(
        (loc.city.as_deref(), loc.region.as_deref()),
        (Some("São Paulo"), Some("SP"))
    );
    assert_eq!(
        work_summary(&r),
        owned(&[
            (
                "Banco Estrela",
                "Analista de Sistemas Sênior",
                "2021-03",
                None
            ),
            (
                "Banco Estrela",
                "Analista de Sistemas",
                "2018",
                Some("2021")
            ),
        ])
    );
    assert_eq!(
        study(&r),
        [(
            "Universidade Presbiteriana Mackenzie".to_string(),
            "Bachelor".to_string()
        )]
    );
    assert_eq!(r.meta.vaga.seniority, "senior");
}

#[test]
fn dates_then_title_then_company_lines() {
    let r = parse(include_str!("../fixtures/resumes/es_dates_first.txt")).resume;
    assert_eq!(r.basics.name.as_deref(), Some("Ana Lucía Fernández"));
    assert_eq!(r.basics.phone.as_deref(), Some("+54 11 4555-1234"));
    assert_eq!(
        r.basics
            .location
            .as_ref()
            .and_then(|l| l.country_code.as_deref()),
        Some("AR")
    );
    assert_eq!(
        work_summary(&r),
        owned(&[
            ("Mercado Sur S.R.L.", "Desarrolladora Backend", "2021", None),
            (
                "Estudio Digital",
                "Pasante de Desarrollo",
                "2019",
                Some("2020")
            ),
        ])
    );
    assert_eq!(
        study(&r),
        [(
            "Universidad Nacional de Córdoba".to_string(),
            "Bachelor".to_string()
        )]
    );
    assert_eq!(
        languages(&r),
        [("Español", "nativo"), ("Inglés", "C1")].map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // 2019-01 .. 2026-11; the last title has no level: mid.
    assert_eq!(r.meta.vaga.years_experience, 8.0);
    assert_eq!(r.meta.vaga.seniority, "mid");
}

#[test]
fn company_and_dates_then_the_title() {
    let r = parse(include_str!(
        "../fixtures/resumes/en_company_then_title.txt"
    ))
    .resume;
    assert_eq!(r.basics.name.as_deref(), Some("Camila Rojas"));
    assert_eq!(r.basics.phone.as_deref(), Some("+52 1 55 9876 5432"));
    let loc = r.basics.location.as_ref().unwrap();
    assert_eq!(
        (loc.city.as_deref(), loc.country_code.as_deref()),
        (Some("Mexico City"), Some("MX"))
    );
    assert_eq!(
        work_summary(&r),
        owned(&[
            ("Tienda Luna", "Data Analyst", "2021-01", None),
            (
                "Nimbus Labs",
                "Business Intelligence Intern",
                "2018",
                Some("2020")
            ),
        ])
    );
    assert_eq!(
        study(&r),
        [(
            "Tecnológico de Monterrey".to_string(),
            "Bachelor".to_string()
        )]
    );
}

#[test]
fn pathological_long_lines_stay_fast() {
    // One 200 KB line of separators and dates, and thousands of links: read in linear time
    // (headers are split over their first 600 bytes, at most 20 profiles are kept).
    let line = "Analista at Acme - 2019 – 2020, São Paulo | ".repeat(4600);
    let parsed = parse(&format!("Experience\n{line}"));
    assert!(!parsed.resume.work.is_empty());
    let links: String = (0..10_000).map(|i| format!("github.com/u{i} ")).collect();
    let parsed = parse(&format!("Maria Silva\n{links}"));
    assert_eq!(parsed.resume.basics.profiles.len(), 20);
}

#[test]
fn a_date_margin_whose_date_wraps() {
    // `pdftotext -layout` of a compact table: dates in a left margin, one of them wrapped.
    let text = "\
Experiência Profissional
fevereiro de 2026 – presente  Analista de Dados Júnior, Mundo Pet — Campinas
                              • Relatórios de vendas em Power BI.
agosto de 2025 – janeiro de   Estagiária de Dados, Mundo Pet — Campinas
2026                          • Apoio na consolidação de planilhas em Excel.
";
    let r = parse(text).resume;
    assert_eq!(
        work_summary(&r),
        owned(&[
            ("Mundo Pet", "Analista de Dados Júnior", "2026-02", None),
            (
                "Mundo Pet",
                "Estagiária de Dados",
                "2025-08",
                Some("2026-01")
            ),
        ])
    );
    assert_eq!(r.work[1].highlights.len(), 1);
}

#[test]
fn credentials_after_the_name_and_degree_with_school_in_one_piece() {
    let text = "Ana Souza, PhD\nana@example.com\n\nExperience\nData Scientist | Acme\n2019 - Present\n\n\
Education\nBacharelado em Estatística pela Universidade de Brasília (2010 - 2014)\n\
Ph.D. in Statistics, Universidade de São Paulo, 2015-2019\nMBA USP (2020)\n";
    let r = parse(text).resume;
    assert_eq!(r.basics.name.as_deref(), Some("Ana Souza"));
    assert_eq!(
        study(&r),
        [
            ("Universidade de Brasília", "Bachelor"),
            ("Universidade de São Paulo", "PhD"),
            ("USP", "MBA"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(r.education[0].area.as_deref(), Some("Estatística"));
    assert_eq!(r.education[2].end_date.as_deref(), Some("2020"));
}

#[test]
fn the_name_is_the_name_like_line_over_the_contact_details() {
    // A template that prints link labels and skill names before the header, as some PDF
    // readers give it.
    let text = "PROFILES\n\nLinkedIn Twitter\n\nSKILLS\n\nFinancial Markets\nExpert\n\n\
        Database Fundamentals\nAug 2019\n\nJoana Prado Neves\nData Engineer\n\n\
        • Recife, Brazil  +55 81 99999-0000  joana@example.com\n\nEXPERIENCE\n\n\
        Data Engineer, Frevo Pay\nJan 2021 – Present\n• Pipelines in Python.\n";
    let parsed = parse(text);
    assert_eq!(
        parsed.resume.basics.name.as_deref(),
        Some("Joana Prado Neves")
    );
}
