//! Contact fields: e-mail, phone, profile links, the name.

use super::fold::{fold, words};
use super::model::Profile;

/// The first e-mail address in a line.
pub fn find_email(line: &str) -> Option<String> {
    for token in line.split(|c: char| {
        c.is_whitespace() || matches!(c, '|' | ',' | ';' | '<' | '>' | '(' | ')' | '·' | '•')
    }) {
        let token = token.strip_prefix("mailto:").unwrap_or(token);
        let token = token.trim_matches(|c: char| !c.is_alphanumeric());
        let Some((local, domain)) = token.split_once('@') else {
            continue;
        };
        if !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "._%+-'".contains(c))
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || ".-".contains(c))
        {
            return Some(token.to_string());
        }
    }
    None
}

/// The first phone number in a line, as printed: 10 to 15 digits with `+`, spaces, dots,
/// hyphens and parentheses (`+55 (11) 91234-5678`, `+54 9 11 5550-3847`, `(415) 555-0134`,
/// `+52 55 1234 5678`). Date ranges (`2014-2019`) and long ids are not phones.
pub fn find_phone(line: &str) -> Option<String> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let begins = c == '+' || c == '(' || c.is_ascii_digit();
        // Not inside a word, an id or a URL ("orcid.org/0000-0000-0000-0000").
        let after_word = i > 0 && {
            let before = chars[i - 1].1;
            before.is_alphanumeric() || matches!(before, '/' | '-' | '.' | '_' | '@' | '=' | '#')
        };
        if !begins || after_word {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut last_digit_end = None;
        let mut digits = 0;
        while j < chars.len() {
            let (at, d) = chars[j];
            if d.is_ascii_digit() {
                digits += 1;
                last_digit_end = Some(at + 1);
            } else if d == ' ' {
                // Two spaces end the number (columns in layout text).
                if j + 1 < chars.len() && chars[j + 1].1 == ' ' {
                    break;
                }
            } else if !matches!(d, '+' | '(' | ')' | '-' | '.' | '\u{a0}') || (d == '+' && j != i) {
                break;
            }
            j += 1;
        }
        if let Some(end) = last_digit_end {
            let candidate = &line[start..end];
            let followed_by_word = line[end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic());
            if (10..=15).contains(&digits) && !followed_by_word && !looks_like_years(candidate) {
                let mut text = candidate.to_string();
                // "(11) 9…": keep the closing parenthesis balanced.
                if text.starts_with('(') && !text.contains(')') {
                    text.remove(0);
                }
                return Some(text.trim().to_string());
            }
        }
        i = j.max(i + 1);
    }
    None
}

fn looks_like_years(text: &str) -> bool {
    let groups: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    groups.len() >= 2
        && groups
            .iter()
            .all(|g| g.len() == 4 && (g.starts_with("19") || g.starts_with("20")))
}

const NETWORKS: [(&str, &str); 14] = [
    ("linkedin.com", "LinkedIn"),
    ("github.com", "GitHub"),
    ("gitlab.com", "GitLab"),
    ("kaggle.com", "Kaggle"),
    ("huggingface.co", "Hugging Face"),
    ("hf.co", "Hugging Face"),
    ("lattes.cnpq.br", "Lattes"),
    ("twitter.com", "Twitter"),
    ("x.com", "X"),
    ("medium.com", "Medium"),
    ("behance.net", "Behance"),
    ("stackoverflow.com", "Stack Overflow"),
    ("orcid.org", "ORCID"),
    ("scholar.google.com", "Google Scholar"),
];

const PORTFOLIO_TLDS: [&str; 22] = [
    "com", "br", "dev", "me", "net", "org", "site", "app", "tech", "ai", "co", "page", "xyz",
    "info", "es", "ar", "mx", "cl", "pt", "uk", "us", "io",
];

/// A link found in a line.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// A known network's profile.
    Profile(Profile),
    /// Some other site (a portfolio).
    Site(String),
}

/// The links of a line: profiles of known networks, and other sites when written with a scheme,
/// `www.`, or a common top-level domain.
pub fn find_links(line: &str) -> Vec<Link> {
    let mut out = Vec::new();
    for token in line.split(|c: char| {
        c.is_whitespace() || matches!(c, '|' | ',' | ';' | '·' | '•' | '<' | '>' | '"')
    }) {
        let token = token
            .trim_start_matches(['(', '[', ':'])
            .trim_end_matches([')', ']', '.', ':', '!']);
        if token.contains('@') || !token.contains('.') {
            continue;
        }
        let lower = token.to_ascii_lowercase();
        let (scheme, rest) = if let Some(r) = lower.strip_prefix("https://") {
            (true, r)
        } else if let Some(r) = lower.strip_prefix("http://") {
            (true, r)
        } else {
            (false, lower.as_str())
        };
        let host_full = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host_full.strip_prefix("www.").unwrap_or(host_full);
        if host.is_empty() || !host.contains('.') {
            continue;
        }
        let url = if scheme {
            token.to_string()
        } else {
            format!("https://{token}")
        };
        if let Some(&(_, network)) = NETWORKS
            .iter()
            .find(|(domain, _)| host == *domain || host.ends_with(&format!(".{domain}")))
        {
            let body = match token.find("://") {
                Some(at) => &token[at + 3..],
                None => token,
            };
            let path: Vec<&str> = body
                .split(['/', '?', '#'])
                .skip(1)
                .filter(|s| !s.is_empty())
                .collect();
            let username = path
                .iter()
                .rev()
                .find(|s| !matches!(**s, "in" | "u" | "profile" | "pub" | "citations" | "users"))
                .map(|s| s.to_string());
            // Lattes ids are in the path's last part (`lattes.cnpq.br/1234567890123456`).
            out.push(Link::Profile(Profile {
                network: Some(network.to_string()),
                url: Some(url),
                username,
                ..Profile::default()
            }));
            continue;
        }
        let tld = host.rsplit('.').next().unwrap_or("");
        let labels_ok = host
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        let plausible = scheme || host_full.starts_with("www.") || PORTFOLIO_TLDS.contains(&tld);
        // Written in lowercase, like a host, not like "B.Sc." or "Node.js".
        let written_lower = token
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|h| !h.chars().any(|c| c.is_uppercase()));
        if labels_ok && plausible && (scheme || written_lower) {
            out.push(Link::Site(url));
        }
    }
    out
}

/// Words that join the parts of a name (`Maria da Silva`, `José de la Cruz`, `Ludwig van Beethoven`).
pub fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "da" | "de"
            | "do"
            | "das"
            | "dos"
            | "del"
            | "la"
            | "las"
            | "los"
            | "y"
            | "e"
            | "van"
            | "von"
            | "der"
            | "den"
            | "di"
            | "du"
            | "le"
            | "st"
            | "bin"
            | "ibn"
    )
}

/// Words of link labels and contact lines, never part of a name ("LinkedIn Twitter" is a row
/// of profile labels in some templates).
const NOT_NAMES: &[&str] = &[
    "linkedin",
    "twitter",
    "github",
    "gitlab",
    "stackoverflow",
    "instagram",
    "facebook",
    "behance",
    "dribbble",
    "kaggle",
    "medium",
    "youtube",
    "lattes",
    "website",
    "portfolio",
    "email",
    "phone",
    "telefone",
    "telefono",
    "contact",
    "contato",
    "contacto",
];

/// Whether a line reads like a person's name: two to six words, each capitalised (or a
/// particle), letters only. The words of `stop` (job words, headings) disqualify it.
pub fn looks_like_name(line: &str, stop: impl Fn(&str) -> bool) -> bool {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > 60 {
        return false;
    }
    if line
        .chars()
        .any(|c| !(c.is_alphabetic() || c == ' ' || c == '-' || c == '\'' || c == '’' || c == '.'))
    {
        return false;
    }
    let parts: Vec<&str> = line.split_whitespace().collect();
    if !(2..=6).contains(&parts.len()) {
        return false;
    }
    let mut capitalised = 0;
    for part in &parts {
        let folded = fold(part);
        let first = part.chars().next().unwrap_or(' ');
        if !first.is_uppercase() {
            if is_particle(&folded) {
                continue;
            }
            return false;
        }
        // "ML", "AI": acronyms are not names unless the whole line is in capitals.
        let letters: Vec<char> = part.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() < 2 {
            // A middle initial ("Jordan A. Blake").
            if letters.len() == 1 && part.ends_with('.') && capitalised > 0 {
                continue;
            }
            return false;
        }
        capitalised += 1;
    }
    let all_caps = !line.chars().any(|c| c.is_lowercase());
    if !all_caps
        && parts.iter().any(|p| {
            p.chars().filter(|c| c.is_alphabetic()).count() > 1
                && !p.chars().skip(1).any(|c| c.is_lowercase())
        })
    {
        return false;
    }
    capitalised >= 2
        && !words(line)
            .iter()
            .any(|w| stop(w) || NOT_NAMES.contains(&w.as_str()))
}

/// `LEONARDO BATISTA CRUZ` → `Leonardo Batista Cruz` (particles in lowercase); other names
/// are returned as written.
pub fn tidy_name(line: &str) -> String {
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().any(|c| c.is_lowercase()) {
        return line;
    }
    line.split(' ')
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && is_particle(&fold(&lower)) {
                lower
            } else {
                let mut chars = lower.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => String::new(),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_of_br_ar_mx_us() {
        assert_eq!(
            find_phone("Tel: +55 (11) 91234-5678").as_deref(),
            Some("+55 (11) 91234-5678")
        );
        assert_eq!(
            find_phone("(19) 99123-8870").as_deref(),
            Some("(19) 99123-8870")
        );
        assert_eq!(
            find_phone("a@b.com | +54 9 11 5550-3847 | Buenos Aires").as_deref(),
            Some("+54 9 11 5550-3847")
        );
        assert_eq!(
            find_phone("+52 55 1234 5678").as_deref(),
            Some("+52 55 1234 5678")
        );
        assert_eq!(
            find_phone("+1 (415) 555-0134").as_deref(),
            Some("+1 (415) 555-0134")
        );
        assert_eq!(find_phone("415.555.0134").as_deref(), Some("415.555.0134"));
        assert_eq!(
            find_phone("+56 9 5550 2231").as_deref(),
            Some("+56 9 5550 2231")
        );
    }

    #[test]
    fn dates_and_counts_are_not_phones() {
        assert_eq!(find_phone("(2014-2019)"), None);
        assert_eq!(find_phone("2014 - 2019 - 2020"), None);
        assert_eq!(find_phone("Led 12 people"), None);
        assert_eq!(find_phone("Universidade (2014-2019) 2020-2022"), None);
        assert_eq!(find_phone("https://orcid.org/0000-0002-1825-0097"), None);
    }

    #[test]
    fn emails() {
        assert_eq!(
            find_email("mail: maria.silva@example.com.br |").as_deref(),
            Some("maria.silva@example.com.br")
        );
        assert_eq!(find_email("no address here"), None);
    }

    #[test]
    fn links_of_every_network() {
        let links = find_links(
            "linkedin.com/in/maria-silva | https://github.com/msilva | kaggle.com/msilva huggingface.co/msilva http://lattes.cnpq.br/1234567890123456 www.msilva.dev",
        );
        let names: Vec<String> = links
            .iter()
            .map(|l| match l {
                Link::Profile(p) => format!(
                    "{}:{}",
                    p.network.clone().unwrap_or_default(),
                    p.username.clone().unwrap_or_default()
                ),
                Link::Site(u) => u.clone(),
            })
            .collect();
        assert_eq!(
            names,
            vec![
                "LinkedIn:maria-silva",
                "GitHub:msilva",
                "Kaggle:msilva",
                "Hugging Face:msilva",
                "Lattes:1234567890123456",
                "https://www.msilva.dev"
            ]
        );
        assert!(find_links("B.Sc. in Node.js and ASP.NET").is_empty());
    }

    #[test]
    fn names() {
        let no = |_: &str| false;
        assert!(looks_like_name("Maria da Silva", no));
        assert!(looks_like_name("José de la Cruz", no));
        assert!(looks_like_name("LEONARDO BATISTA CRUZ", no));
        assert!(!looks_like_name("Junior ML Engineer", no));
        assert!(!looks_like_name("Recife, PE, Brazil", no));
        assert_eq!(tidy_name("MARIA DA SILVA"), "Maria da Silva");
    }
}
