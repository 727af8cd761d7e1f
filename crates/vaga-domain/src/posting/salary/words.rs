//! The words salaries are written with, in English, Portuguese and Spanish (plus the common
//! German, French and Dutch period words).

use super::{Period, Qualifier};
use crate::posting::currency::{Currency, codes};

/// Cues after which a description states pay. Matched ASCII-case-insensitively as whole words.
pub(super) const PAY_CUES: &[&str] = &[
    "salary",
    "salaries",
    "salary range",
    "base salary",
    "pay range",
    "pay",
    "base pay",
    "compensation",
    "total compensation",
    "comp",
    "ote",
    "hourly rate",
    "day rate",
    "rate",
    "we pay",
    "paying",
    "wage",
    "wages",
    "salário",
    "SALÁRIO",
    "salario",
    "SALARIO",
    "faixa salarial",
    "remuneração",
    "REMUNERAÇÃO",
    "remuneracao",
    "remuneração mensal",
    "bolsa",
    "bolsa auxílio",
    "bolsa-auxílio",
    "pagamos",
    "sueldo",
    "remuneración",
    "REMUNERACIÓN",
    "remuneracion",
    "renta",
    "compensación",
    "COMPENSACIÓN",
    "compensacion",
    "pagamos",
    "pago",
    "salario bruto",
    "rango salarial",
    "gehalt",
    "jahresgehalt",
    "vergütung",
    "tagessatz",
    "rémunération",
    "salaire",
];

/// Words that say an amount is written by someone using a Spanish-style peso `$`.
pub(super) const SPANISH_MONEY_WORDS: &[&str] = &[
    "mensuales",
    "mensual",
    "sueldo",
    "salario",
    "pesos",
    "brutos",
    "netos",
    "líquidos",
    "anuales",
    "remuneración",
    "renta",
    "salário",
    "mensais",
    "mensal",
    "bruto",
    "líquido",
];

/// Whether `text` contains one of `words` as a whole, lower-case-insensitive word.
pub(super) fn any_word(text: &str, words: &[&str]) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(|w| {
        !w.is_empty()
            && words
                .iter()
                .any(|x| x.eq_ignore_ascii_case(w) || w.to_lowercase() == *x)
    })
}

/// Words after a number that make it a count of something other than money.
pub(super) const UNIT_WORDS: &[&str] = &[
    "h",
    "hr",
    "hrs",
    "hs",
    "hours",
    "horas",
    "hour",
    "hora",
    "days",
    "day",
    "dias",
    "dia",
    "días",
    "día",
    "weeks",
    "semanas",
    "years",
    "year",
    "yrs",
    "anos",
    "ano",
    "años",
    "año",
    "months",
    "meses",
    "people",
    "pessoas",
    "personas",
    "employees",
    "funcionários",
    "colaboradores",
    "vagas",
    "vacantes",
    "positions",
    "engineers",
    "countries",
    "países",
    "paises",
    "clients",
    "clientes",
    "customers",
    "users",
    "usuários",
    "usuarios",
    "stores",
    "lojas",
    "cities",
    "cidades",
    "percent",
];

/// Period nouns, written after `/`, `per`, `por`, `a`, `al`, `ao`, `pro` …
pub(super) const PERIOD_NOUNS: &[(&str, Period)] = &[
    ("h", Period::Hour),
    ("hr", Period::Hour),
    ("hrs", Period::Hour),
    ("hour", Period::Hour),
    ("hours", Period::Hour),
    ("hora", Period::Hour),
    ("horas", Period::Hour),
    ("std", Period::Hour),
    ("stunde", Period::Hour),
    ("heure", Period::Hour),
    ("uur", Period::Hour),
    ("d", Period::Day),
    ("day", Period::Day),
    ("dia", Period::Day),
    ("día", Period::Day),
    ("diaria", Period::Day),
    ("tag", Period::Day),
    ("jour", Period::Day),
    ("dag", Period::Day),
    ("week", Period::Week),
    ("wk", Period::Week),
    ("semana", Period::Week),
    ("woche", Period::Week),
    ("semaine", Period::Week),
    ("month", Period::Month),
    ("mo", Period::Month),
    ("mth", Period::Month),
    ("mês", Period::Month),
    ("mes", Period::Month),
    ("monat", Period::Month),
    ("mois", Period::Month),
    ("maand", Period::Month),
    ("year", Period::Year),
    ("yr", Period::Year),
    ("y", Period::Year),
    ("annum", Period::Year),
    ("ano", Period::Year),
    ("año", Period::Year),
    ("jahr", Period::Year),
    ("an", Period::Year),
    ("jaar", Period::Year),
    ("aa", Period::Year),
];

pub(super) fn period_noun(word: &str) -> Option<Period> {
    PERIOD_NOUNS
        .iter()
        .find(|(n, _)| *n == word)
        .map(|(_, p)| *p)
}

/// Period adjectives and compounds, which state a period wherever they stand.
pub(super) fn period_adjective(word: &str) -> Option<Period> {
    Some(match word {
        "hourly" | "horário" | "stündlich" | "stundensatz" | "stundenlohn" => Period::Hour,
        "daily" | "diária" | "diario" | "diaria" | "diário" | "tagessatz" | "täglich" => {
            Period::Day
        }
        "weekly" | "semanal" | "semanais" | "semanales" | "wöchentlich" => Period::Week,
        "monthly" | "mensal" | "mensais" | "mensalmente" | "mensual" | "mensuales"
        | "mensualmente" | "monatlich" | "monatliche" | "monatlicher" | "monatsgehalt"
        | "mensuel" | "mensuelle" | "maandelijks" => Period::Month,
        "yearly" | "annually" | "annual" | "anual" | "anuais" | "anualmente" | "anuales"
        | "jährlich" | "jährliche" | "jährlicher" | "jahresgehalt" | "annuel" | "annuelle"
        | "jaarlijks" | "pa" | "lpa" => Period::Year,
        _ => return None,
    })
}

/// Words that introduce a period noun.
pub(super) const PERIOD_PREPOSITIONS: &[&str] = &[
    "per", "por", "a", "an", "al", "ao", "pro", "each", "every", "by", "par",
];

/// Words that may sit between an amount and its period ("brutos anuales", "netos/mes").
pub(super) const FILLERS: &[&str] = &[
    "brutos",
    "bruto",
    "brutas",
    "bruta",
    "brutto",
    "netos",
    "neto",
    "netto",
    "net",
    "gross",
    "líquidos",
    "líquido",
    "liquidos",
    "nominales",
    "nominal",
    "base",
    "usd",
    "clt",
    "pj",
    "before",
    "tax",
];

/// Verbs that tell how often pay is sent, not what the amount is per ("paid monthly").
pub(super) const PAYMENT_VERBS: &[&str] =
    &["paid", "pago", "paga", "pagos", "payable", "pagamento"];

/// "k", "mil", "millones" … written after a number.
pub(super) fn multiplier(word: &str) -> Option<f64> {
    Some(match word {
        "k" | "mil" | "thousand" | "tausend" => 1e3,
        "m" | "mm" | "mn" | "mio" | "million" | "millions" | "millones" | "millón" | "millon"
        | "milhões" | "milhoes" | "milhão" | "milhao" | "mi" => 1e6,
        "lakh" | "lakhs" | "l" => 1e5,
        "crore" | "crores" | "cr" => 1e7,
        _ => return None,
    })
}

/// The currency of "pesos mexicanos", "pesos chilenos" …
pub(super) fn peso_nationality(word: &str) -> Option<Currency> {
    Some(match word {
        "mexicanos" | "mexicano" | "mx" => codes::MXN,
        "chilenos" | "chileno" => codes::CLP,
        "colombianos" | "colombiano" => codes::COP,
        "argentinos" | "argentino" => codes::ARS,
        "uruguayos" | "uruguayo" => codes::UYU,
        "dominicanos" | "dominicano" => codes::DOP,
        "filipinos" | "filipino" => codes::PHP,
        _ => return None,
    })
}

/// Phrases before an amount that make it a bound.
pub(super) const QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["up", "to"], Qualifier::UpTo),
    (&["até"], Qualifier::UpTo),
    (&["ate"], Qualifier::UpTo),
    (&["hasta"], Qualifier::UpTo),
    (&["max"], Qualifier::UpTo),
    (&["máx"], Qualifier::UpTo),
    (&["maximum"], Qualifier::UpTo),
    (&["máximo"], Qualifier::UpTo),
    (&["maximo"], Qualifier::UpTo),
    (&["bis"], Qualifier::UpTo),
    (&["under"], Qualifier::UpTo),
    (&["no", "more", "than"], Qualifier::UpTo),
    (&["from"], Qualifier::From),
    (&["a", "partir", "de"], Qualifier::From),
    (&["a", "partir"], Qualifier::From),
    (&["desde"], Qualifier::From),
    (&["min"], Qualifier::From),
    (&["mín"], Qualifier::From),
    (&["minimum"], Qualifier::From),
    (&["mínimo"], Qualifier::From),
    (&["minimo"], Qualifier::From),
    (&["acima"], Qualifier::From),
    (&["starting", "at"], Qualifier::From),
    (&["starts", "at"], Qualifier::From),
    (&["starting", "from"], Qualifier::From),
    (&["ab"], Qualifier::From),
    (&["above"], Qualifier::From),
    (&["over"], Qualifier::From),
    (&["more", "than"], Qualifier::From),
    (&["mais", "de"], Qualifier::From),
    (&["más", "de"], Qualifier::From),
    (&["at", "least"], Qualifier::From),
    (&["pelo", "menos"], Qualifier::From),
    (&["al", "menos"], Qualifier::From),
    (&["between"], Qualifier::Between),
    (&["entre"], Qualifier::Between),
    (&["zwischen"], Qualifier::Between),
];

/// Words that name pay itself; nearer to an amount than a benefit word, they win.
pub(super) const PAY_WORDS: &[&str] = &[
    "salary",
    "salário",
    "salario",
    "sueldo",
    "bolsa",
    "remuneração",
    "remuneración",
    "pay",
    "compensation",
    "compensación",
    "wage",
    "rate",
    "base",
    "gehalt",
    "renta",
];

/// Words right before an amount that make it a benefit, a bonus or a funding round.
pub(super) const BENEFIT_CUES: &[&str] = &[
    "vr",
    "va",
    "vt",
    "vale",
    "vales",
    "auxílio",
    "auxilio",
    "ajuda",
    "reembolso",
    "allowance",
    "stipend",
    "bônus",
    "bonus",
    "bono",
    "plr",
    "ppr",
    "ticket",
    "alimentação",
    "refeição",
    "transporte",
    "budget",
    "raised",
    "captou",
    "rodada",
    "funding",
    "investimento",
    "valuation",
    "revenue",
    "faturamento",
    "receita",
    "arr",
    "levantou",
    "series",
    "série",
    "serie",
    "gympass",
    "wellhub",
    "seguro",
    "plano",
    "subsidio",
    "subsídio",
    "cesta",
    "reimbursement",
    "voucher",
    "cupom",
    "descuento",
    "desconto",
    "learning",
    "educação",
    "educación",
    "equipment",
    "equipamento",
    "coworking",
    "internet",
    "creche",
    "daycare",
    "gift",
    "premio",
    "prêmio",
];
