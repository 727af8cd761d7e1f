//! Salary parsing: shapes, conventions, look-alikes, descriptions, conversion, and properties.
//! The examples are written for these tests (not taken from the labelled dev set).

use proptest::prelude::*;
use vaga_domain::posting::currency::{Currency, codes};
use vaga_domain::posting::rates::RateTable;
use vaga_domain::posting::salary::{Period, Salary, SalaryContext, SalaryParser};

fn parser() -> &'static SalaryParser {
    static PARSER: std::sync::OnceLock<SalaryParser> = std::sync::OnceLock::new();
    PARSER.get_or_init(SalaryParser::builtin)
}

fn parse(text: &str) -> Salary {
    parser().parse(text, &SalaryContext::default())
}

fn parse_in(text: &str, country: &str) -> Salary {
    parser().parse(
        text,
        &SalaryContext {
            country: Some(country),
            language: None,
        },
    )
}

/// (min, max, currency, period) in one tuple, for compact assertions.
fn shape(s: &Salary) -> (Option<f64>, Option<f64>, Option<String>, Option<Period>) {
    (s.min, s.max, s.currency.map(|c| c.to_string()), s.period)
}

fn want(
    min: Option<f64>,
    max: Option<f64>,
    currency: Option<&str>,
    period: Option<Period>,
) -> (Option<f64>, Option<f64>, Option<String>, Option<Period>) {
    (min, max, currency.map(str::to_string), period)
}

#[test]
fn ranges_in_every_common_shape() {
    use Period::*;
    let cases = [
        (
            "$95k – $140k",
            want(Some(95e3), Some(140e3), Some("USD"), Some(Year)),
        ),
        (
            "USD 6,500 - 8,000 / month",
            want(Some(6500.0), Some(8000.0), Some("USD"), Some(Month)),
        ),
        (
            "R$ 10.500,00 a R$ 13.000,00",
            want(Some(10500.0), Some(13000.0), Some("BRL"), Some(Month)),
        ),
        (
            "CLT: R$ 7 mil",
            want(Some(7000.0), Some(7000.0), Some("BRL"), Some(Month)),
        ),
        (
            "PJ R$ 95/hora",
            want(Some(95.0), Some(95.0), Some("BRL"), Some(Hour)),
        ),
        (
            "até R$ 16k",
            want(None, Some(16000.0), Some("BRL"), Some(Month)),
        ),
        (
            "€48.000 - €61.000 brutto/Jahr",
            want(Some(48e3), Some(61e3), Some("EUR"), Some(Year)),
        ),
        (
            "$4.200.000 COP mensuales",
            want(Some(4.2e6), Some(4.2e6), Some("COP"), Some(Month)),
        ),
        (
            "MXN 52,000 - 70,000 mensual",
            want(Some(52e3), Some(70e3), Some("MXN"), Some(Month)),
        ),
        (
            "A partir de R$ 6.500",
            want(Some(6500.0), None, Some("BRL"), Some(Month)),
        ),
        (
            "from $70 per hour",
            want(Some(70.0), None, Some("USD"), Some(Hour)),
        ),
        (
            "hasta 3 millones CLP al mes",
            want(None, Some(3e6), Some("CLP"), Some(Month)),
        ),
        (
            "Entre 7 e 9,5 mil reais",
            want(Some(7000.0), Some(9500.0), Some("BRL"), Some(Month)),
        ),
        (
            "£52k-£64k",
            want(Some(52e3), Some(64e3), Some("GBP"), Some(Year)),
        ),
        (
            "CHF 98'000 – 115'000",
            want(Some(98e3), Some(115e3), Some("CHF"), Some(Year)),
        ),
        (
            "NOK 650 000 - 720 000",
            want(Some(650e3), Some(720e3), Some("NOK"), Some(Year)),
        ),
        (
            "S/ 6,800 al mes",
            want(Some(6800.0), Some(6800.0), Some("PEN"), Some(Month)),
        ),
        (
            "C$ 45/hr",
            want(Some(45.0), Some(45.0), Some("CAD"), Some(Hour)),
        ),
        (
            "INR 18,00,000 per annum",
            want(Some(1.8e6), Some(1.8e6), Some("INR"), Some(Year)),
        ),
        (
            "12 LPA",
            want(Some(1.2e6), Some(1.2e6), Some("INR"), Some(Year)),
        ),
        (
            "$450/day",
            want(Some(450.0), Some(450.0), Some("USD"), Some(Day)),
        ),
        (
            "Weekly: $1,900 - $2,100",
            want(Some(1900.0), Some(2100.0), Some("USD"), Some(Week)),
        ),
        ("150K+", want(Some(150e3), None, None, None)),
        (
            "3.800 USD netos al mes",
            want(Some(3800.0), Some(3800.0), Some("USD"), Some(Month)),
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(shape(&parse(text)), expected, "{text}");
    }
}

#[test]
fn no_amount_is_all_null() {
    for text in [
        "A combinar",
        "Competitive",
        "Competitivo",
        "Salario según experiencia",
        "DOE",
        "",
        "   ",
        "N/A",
    ] {
        let s = parse(text);
        assert!(!s.has_amount(), "{text}: {s:?}");
        assert_eq!(s.currency, None, "{text}");
    }
    assert_eq!(
        shape(&parse("Competitive, paid in EUR")).2.as_deref(),
        Some("EUR")
    );
}

#[test]
fn counts_benefits_and_years_are_not_the_pay() {
    let s = parse("R$ 5.200 + VR de R$ 900 + 13º salário");
    assert_eq!((s.min, s.max), (Some(5200.0), Some(5200.0)));
    let s = parse("VR R$ 40/dia; salário R$ 4.000");
    assert_eq!(s.min, Some(4000.0));
    let s = parse("$28/h, 6 hrs/day");
    assert_eq!(
        shape(&s),
        want(Some(28.0), Some(28.0), Some("USD"), Some(Period::Hour))
    );
    let s = parse("€70k, 30 days holiday, 401(k)");
    assert_eq!(
        shape(&s),
        want(Some(70e3), Some(70e3), Some("EUR"), Some(Period::Year))
    );
    let s = parse("R$ 2.100 (estágio de 30h semanais, início em 2026)");
    assert_eq!(
        shape(&s),
        want(Some(2100.0), Some(2100.0), Some("BRL"), Some(Period::Month))
    );
    let s = parse("90k USD, 4-day week");
    assert_eq!(s.period, Some(Period::Year));
}

#[test]
fn a_bare_dollar_resolves_from_context() {
    // Alone and written the US way: US dollars.
    assert_eq!(parse("$5,500/mo").currency, Some(codes::USD));
    // Written the Latin American way with Spanish words: not decidable without the country.
    assert_eq!(parse("$ 1.900.000 mensuales").currency, None);
    assert_eq!(
        parse_in("$ 1.900.000 mensuales", "CO").currency,
        Some(codes::COP)
    );
    assert_eq!(
        parse_in("$45.000 mensuales", "MX").currency,
        Some(codes::MXN)
    );
    // A remote contract in dollars, posted from Argentina: too small to be pesos.
    assert_eq!(parse_in("$3,000 - $4,000", "AR").currency, Some(codes::USD));
    // A code or a word anywhere wins.
    assert_eq!(parse("$ 700.000 ARS").currency, Some(codes::ARS));
    assert_eq!(parse("$3.000 dólares al mes").currency, Some(codes::USD));
    assert_eq!(
        parse("¥400,000 - ¥600,000 CNY").currency,
        Currency::from_code("CNY")
    );
}

#[test]
fn periods_come_from_the_text_before_convention() {
    assert_eq!(
        parse("USD 40k-50k/year (paid monthly)").period,
        Some(Period::Year)
    );
    assert_eq!(
        parse("Salario anual: 60 a 70 mil dólares").period,
        Some(Period::Year)
    );
    assert_eq!(parse("Pago por hora: 30 USD").period, Some(Period::Hour));
    let s = parse("Salário mensal a combinar");
    assert_eq!((s.has_amount(), s.period), (false, Some(Period::Month)));
    let s = parse("R$ 8.000");
    assert!(s.period_inferred);
    let s = parse("R$ 8.000 por mês");
    assert!(!s.period_inferred);
}

#[test]
fn salaries_inside_descriptions_need_a_pay_cue() {
    let ctx = SalaryContext::default();
    let text = "Benefícios: VR R$ 37/dia, VA R$ 600.\n\nSalário: R$ 9.000 a R$ 11.000 (CLT).";
    let s = parser().find_in_text(text, &ctx).expect("the salary line");
    assert_eq!((s.min, s.max), (Some(9000.0), Some(11000.0)));
    let (start, end) = s.span.expect("span");
    assert!(text[start..end].contains("9.000"));
    let funding = "We raised $25M in our Series B and we pay attention to detail.";
    assert_eq!(parser().find_in_text(funding, &ctx), None);
    let benefits = "Oferecemos VR de R$ 40,00 por dia e auxílio home office de R$ 150.";
    assert_eq!(parser().find_in_text(benefits, &ctx), None);
    let english = "<p>Compensation: <b>$140,000 - $165,000</b> + equity.</p>";
    let s = parser().find_in_text(english, &ctx).expect("found in HTML");
    assert_eq!(
        shape(&s),
        want(Some(140e3), Some(165e3), Some("USD"), Some(Period::Year))
    );
}

#[test]
fn conversion_to_monthly_and_yearly() {
    let rates = RateTable::from_toml(
        "date = \"2026-06-01\"\nbase = \"EUR\"\n[rates]\nUSD = 1.2\nBRL = 6.0\n",
    )
    .expect("rates");
    let parser = SalaryParser::new(rates);
    let s = parser.parse("R$ 10.000 a R$ 12.000", &SalaryContext::default());
    let n = parser.normalize(&s, codes::USD).expect("convertible");
    assert_eq!(n.monthly_min, Some(2000.0));
    assert_eq!(n.monthly_max, Some(2400.0));
    assert_eq!(n.yearly_max, Some(28800.0));
    assert_eq!(n.rate_date, "2026-06-01");
    let hourly = parser.parse("$50/hour", &SalaryContext::default());
    let n = parser.normalize(&hourly, codes::USD).expect("convertible");
    assert_eq!(n.yearly_min, Some(104_000.0));
    // No rate, no conversion.
    let ars = parser.parse("ARS 2.000.000 mensuales", &SalaryContext::default());
    assert_eq!(parser.normalize(&ars, codes::USD), None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_parses_without_panicking(text in any::<String>()) {
        let s = parse(&text);
        if let (Some(min), Some(max)) = (s.min, s.max) {
            prop_assert!(min <= max);
        }
        let _ = parser().find_in_text(&text, &SalaryContext::default());
    }

    #[test]
    fn salary_like_text_keeps_min_below_max(
        parts in proptest::collection::vec(prop_oneof![
            Just("R$".to_string()), Just("$".to_string()), Just("€".to_string()),
            Just(" ".to_string()), Just("-".to_string()), Just("–".to_string()),
            Just("a".to_string()), Just("k".to_string()), Just("mil".to_string()),
            Just("/mês".to_string()), Just("up to".to_string()), Just("USD".to_string()),
            Just(",".to_string()), Just(".".to_string()), Just("'".to_string()),
            Just("salário".to_string()), Just("+".to_string()), Just("ção".to_string()),
            (0u32..2_000_000).prop_map(|n| n.to_string()),
        ], 0..24)
    ) {
        let text: String = parts.concat();
        let s = parse(&text);
        if let (Some(min), Some(max)) = (s.min, s.max) {
            prop_assert!(min <= max, "{text:?} gave {s:?}");
            prop_assert!(min.is_finite() && max.is_finite());
        }
        if let Some((start, end)) = s.span {
            prop_assert!(start <= end && end <= text.len());
            prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        }
    }

    #[test]
    fn conversion_round_trips_within_rounding(amount in 1.0f64..10_000_000.0) {
        let rates = RateTable::builtin();
        for currency in [codes::BRL, codes::GBP, codes::MXN, codes::JPY] {
            let there = rates.convert(amount, codes::USD, currency).unwrap();
            let back = rates.convert(there, currency, codes::USD).unwrap();
            prop_assert!((back - amount).abs() <= amount * 1e-9);
        }
    }
}
