//! One- or two-sentence explanations of a match, in Portuguese, English or Spanish.

use serde::Serialize;

use crate::posting::seniority::Seniority;

/// The language of explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Portuguese.
    Pt,
    /// English.
    En,
    /// Spanish.
    Es,
}

impl Lang {
    /// `pt`, `en` or `es` (also `pt-BR`, `es_AR`, any case).
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        match code.get(..2)? {
            "pt" => Some(Lang::Pt),
            "en" => Some(Lang::En),
            "es" => Some(Lang::Es),
            _ => None,
        }
    }
}

/// How the posting's level compares with the person's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LevelVerdict {
    Fits(Seniority),
    Above(Seniority),
    Below(Seniority),
    /// A junior role for someone with years enough to be past it.
    TooJunior(Seniority),
    YearsShort(f32),
    Unknown,
}

/// Where the job can be taken from, for this person.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PlaceVerdict {
    /// Remote and open to the person's country.
    RemoteOpen,
    /// Remote; who may take it is not said.
    RemoteUnstated,
    /// On-site or hybrid in the person's city.
    InCity(String),
    /// On-site or hybrid elsewhere in the person's country.
    InCountry(String),
    /// On-site or hybrid and the person wants remote only.
    NotRemote,
    /// Closed to the person's country; the phrase that says so.
    Closed(String),
    /// Nothing said.
    Unknown,
}

/// How the pay compares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum PayVerdict {
    /// Reaches the person's hoped-for pay.
    Above,
    /// Within the person's range.
    Within,
    /// Below the person's minimum, as a share of it.
    Below(f32),
    /// Not stated.
    Unstated,
    /// The person gave no expectation.
    NoExpectation,
}

/// What an explanation says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Facts<'a> {
    pub score: f64,
    pub covered: usize,
    pub asked: usize,
    pub missing: &'a [&'a str],
    pub partial: &'a [&'a str],
    pub level: LevelVerdict,
    pub place: PlaceVerdict,
    pub pay: PayVerdict,
}

fn level_name(level: Seniority, lang: Lang) -> &'static str {
    use Seniority::*;
    match (lang, level) {
        (Lang::En, l) => l.as_str(),
        (Lang::Pt, Intern) => "estágio",
        (Lang::Pt, Junior) => "júnior",
        (Lang::Pt, Mid) => "pleno",
        (Lang::Pt, Senior) => "sênior",
        (Lang::Pt, Lead) => "liderança técnica",
        (Lang::Pt, Manager) => "gestão",
        (Lang::Es, Intern) => "pasantía",
        (Lang::Es, Junior) => "junior",
        (Lang::Es, Mid) => "semi senior",
        (Lang::Es, Senior) => "senior",
        (Lang::Es, Lead) => "liderazgo técnico",
        (Lang::Es, Manager) => "gerencia",
    }
}

fn list(items: &[&str], lang: Lang) -> String {
    let and = match lang {
        Lang::En => " and ",
        Lang::Pt => " e ",
        Lang::Es => " y ",
    };
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [head @ .., last] => format!("{}{and}{last}", head.join(", ")),
    }
}

fn strength(score: f64, lang: Lang) -> &'static str {
    let band = if score >= 75.0 {
        0
    } else if score >= 55.0 {
        1
    } else if score >= 35.0 {
        2
    } else {
        3
    };
    match lang {
        Lang::En => ["Strong match", "Good match", "Partial match", "Weak match"][band],
        Lang::Pt => [
            "Combina muito",
            "Boa combinação",
            "Combinação parcial",
            "Combinação fraca",
        ][band],
        Lang::Es => [
            "Muy buena coincidencia",
            "Buena coincidencia",
            "Coincidencia parcial",
            "Coincidencia débil",
        ][band],
    }
}

/// The explanation: a sentence on skills, then one on level, place and pay.
pub(crate) fn explain(f: &Facts<'_>, lang: Lang) -> String {
    let head = strength(f.score, lang);
    let skills = if f.asked == 0 {
        match lang {
            Lang::En => "the posting names no skills we know".to_string(),
            Lang::Pt => "a vaga não cita habilidades que conhecemos".to_string(),
            Lang::Es => "el aviso no menciona habilidades que conozcamos".to_string(),
        }
    } else {
        let base = match lang {
            Lang::En => format!(
                "you have {} of the {} skills it asks for",
                f.covered, f.asked
            ),
            Lang::Pt => format!("você tem {} das {} habilidades pedidas", f.covered, f.asked),
            Lang::Es => format!(
                "tienes {} de las {} habilidades que pide",
                f.covered, f.asked
            ),
        };
        let mut text = base;
        if !f.missing.is_empty() {
            let missing = list(f.missing, lang);
            let one = f.missing.len() == 1;
            text.push_str(&match (lang, one) {
                (Lang::En, _) => format!("; missing {missing}"),
                (Lang::Pt, true) => format!("; falta {missing}"),
                (Lang::Pt, false) => format!("; faltam {missing}"),
                (Lang::Es, true) => format!("; te falta {missing}"),
                (Lang::Es, false) => format!("; te faltan {missing}"),
            });
        }
        if !f.partial.is_empty() {
            let partial = list(f.partial, lang);
            text.push_str(&match lang {
                Lang::En => format!(" (partly: {partial})"),
                Lang::Pt => format!(" (em parte: {partial})"),
                Lang::Es => format!(" (en parte: {partial})"),
            });
        }
        text
    };
    let mut parts: Vec<String> = Vec::new();
    match f.level {
        LevelVerdict::Fits(l) => parts.push(match lang {
            Lang::En => format!("the {} level fits you", level_name(l, lang)),
            Lang::Pt => format!("o nível {} combina com você", level_name(l, lang)),
            Lang::Es => format!("el nivel {} te corresponde", level_name(l, lang)),
        }),
        LevelVerdict::Above(l) => parts.push(match lang {
            Lang::En => format!("it is a {} role, above your level", level_name(l, lang)),
            Lang::Pt => format!("é uma vaga {}, acima do seu nível", level_name(l, lang)),
            Lang::Es => format!(
                "es un puesto {}, por encima de tu nivel",
                level_name(l, lang)
            ),
        }),
        LevelVerdict::Below(l) | LevelVerdict::TooJunior(l) => parts.push(match lang {
            Lang::En => format!(
                "it is a {} role, below your experience",
                level_name(l, lang)
            ),
            Lang::Pt => format!(
                "é uma vaga {}, abaixo da sua experiência",
                level_name(l, lang)
            ),
            Lang::Es => format!(
                "es un puesto {}, por debajo de tu experiencia",
                level_name(l, lang)
            ),
        }),
        LevelVerdict::YearsShort(y) => parts.push(match lang {
            Lang::En => format!("it asks for {y} years of experience, more than you have"),
            Lang::Pt => format!("pede {y} anos de experiência, mais do que você tem"),
            Lang::Es => format!("pide {y} años de experiencia, más de los que tienes"),
        }),
        LevelVerdict::Unknown => {}
    }
    let place = match &f.place {
        PlaceVerdict::RemoteOpen => Some(match lang {
            Lang::En => "remote and open to your country".to_string(),
            Lang::Pt => "remota e aberta ao seu país".to_string(),
            Lang::Es => "remoto y abierto a tu país".to_string(),
        }),
        PlaceVerdict::RemoteUnstated => Some(match lang {
            Lang::En => "remote, without saying from where".to_string(),
            Lang::Pt => "remota, sem dizer de onde".to_string(),
            Lang::Es => "remoto, sin decir desde dónde".to_string(),
        }),
        PlaceVerdict::InCity(c) => Some(match lang {
            Lang::En => format!("in your city ({c})"),
            Lang::Pt => format!("na sua cidade ({c})"),
            Lang::Es => format!("en tu ciudad ({c})"),
        }),
        PlaceVerdict::InCountry(c) => Some(match lang {
            Lang::En => format!("on site in {c}, outside your city"),
            Lang::Pt => format!("presencial ou híbrida em {c}, fora da sua cidade"),
            Lang::Es => format!("presencial o híbrido en {c}, fuera de tu ciudad"),
        }),
        PlaceVerdict::NotRemote => Some(match lang {
            Lang::En => "not remote".to_string(),
            Lang::Pt => "não é remota".to_string(),
            Lang::Es => "no es remoto".to_string(),
        }),
        PlaceVerdict::Closed(reason) => Some(match lang {
            Lang::En => format!("you cannot take it from your country (\"{reason}\")"),
            Lang::Pt => format!("não aceita quem mora no seu país (\"{reason}\")"),
            Lang::Es => format!("no acepta a quien vive en tu país (\"{reason}\")"),
        }),
        PlaceVerdict::Unknown => None,
    };
    parts.extend(place);
    let pay = match f.pay {
        PayVerdict::Above => Some(match lang {
            Lang::En => "pays what you hope for".to_string(),
            Lang::Pt => "paga o que você espera".to_string(),
            Lang::Es => "paga lo que esperas".to_string(),
        }),
        PayVerdict::Within => Some(match lang {
            Lang::En => "pays within your range".to_string(),
            Lang::Pt => "paga dentro da sua faixa".to_string(),
            Lang::Es => "paga dentro de tu rango".to_string(),
        }),
        PayVerdict::Below(share) => {
            let pct = ((1.0 - share) * 100.0).round().max(1.0);
            Some(match lang {
                Lang::En => format!("pays {pct}% below your minimum"),
                Lang::Pt => format!("paga {pct}% abaixo do seu mínimo"),
                Lang::Es => format!("paga {pct}% menos que tu mínimo"),
            })
        }
        PayVerdict::Unstated => Some(match lang {
            Lang::En => "pay not stated".to_string(),
            Lang::Pt => "salário não informado".to_string(),
            Lang::Es => "salario no informado".to_string(),
        }),
        PayVerdict::NoExpectation => None,
    };
    parts.extend(pay);
    let mut out = format!("{head} ({:.0}): {skills}.", f.score);
    if !parts.is_empty() {
        let mut second = parts.join("; ");
        if let Some(first) = second.get(..1) {
            let upper = first.to_uppercase();
            second.replace_range(..1, &upper);
        }
        out.push(' ');
        out.push_str(&second);
        out.push('.');
    }
    out
}
