//! Lines and sections: bullets, underlines, headings in English, Portuguese and Spanish.

use super::fold::fold;

/// A resume section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Before the first heading (name, contacts, often a summary).
    Header,
    /// Summary, profile, objective.
    Summary,
    /// Work experience.
    Experience,
    /// Education.
    Education,
    /// Skills.
    Skills,
    /// Spoken languages.
    Languages,
    /// Projects.
    Projects,
    /// Certifications.
    Certifications,
    /// Courses and training.
    Courses,
    /// Contact details.
    Contact,
    /// Publications, awards, interests, references, volunteering…
    Other,
}

/// One line of the document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Line {
    /// The text, trimmed, without its bullet; empty for a blank line.
    pub text: String,
    /// Whether the line started with a bullet.
    pub bullet: bool,
}

impl Line {
    /// Whether the line is blank.
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// A section: its kind, heading as printed, and lines.
#[derive(Debug, Clone)]
pub struct Block {
    /// What the section is.
    pub section: Section,
    /// The heading as printed.
    pub heading: Option<String>,
    /// The lines under the heading.
    pub lines: Vec<Line>,
}

const HEADINGS: &[(&str, Section)] = &[
    ("summary", Section::Summary),
    ("professional summary", Section::Summary),
    ("career summary", Section::Summary),
    ("profile", Section::Summary),
    ("professional profile", Section::Summary),
    ("about", Section::Summary),
    ("about me", Section::Summary),
    ("objective", Section::Summary),
    ("career objective", Section::Summary),
    ("resumo", Section::Summary),
    ("resumo profissional", Section::Summary),
    ("perfil", Section::Summary),
    ("perfil profissional", Section::Summary),
    ("perfil profesional", Section::Summary),
    ("sobre", Section::Summary),
    ("sobre mim", Section::Summary),
    ("sobre mi", Section::Summary),
    ("acerca de mi", Section::Summary),
    ("objetivo", Section::Summary),
    ("objetivo profissional", Section::Summary),
    ("objetivo profesional", Section::Summary),
    ("resumen", Section::Summary),
    ("resumen profesional", Section::Summary),
    ("apresentacao", Section::Summary),
    ("presentacion", Section::Summary),
    ("experience", Section::Experience),
    ("work experience", Section::Experience),
    ("professional experience", Section::Experience),
    ("relevant experience", Section::Experience),
    ("research experience", Section::Experience),
    ("employment", Section::Experience),
    ("employment history", Section::Experience),
    ("work history", Section::Experience),
    ("career history", Section::Experience),
    ("experiencia", Section::Experience),
    ("experiencias", Section::Experience),
    ("experiencia profissional", Section::Experience),
    ("experiencias profissionais", Section::Experience),
    ("experiencia laboral", Section::Experience),
    ("experiencia profesional", Section::Experience),
    ("experiencias profesionales", Section::Experience),
    ("historico profissional", Section::Experience),
    ("atuacao profissional", Section::Experience),
    ("trayectoria profesional", Section::Experience),
    ("trayectoria laboral", Section::Experience),
    ("historial laboral", Section::Experience),
    ("education", Section::Education),
    ("academic background", Section::Education),
    ("educacao", Section::Education),
    ("formacao", Section::Education),
    ("formacao academica", Section::Education),
    ("escolaridade", Section::Education),
    ("educacion", Section::Education),
    ("formacion", Section::Education),
    ("formacion academica", Section::Education),
    ("estudios", Section::Education),
    ("skills", Section::Skills),
    ("technical skills", Section::Skills),
    ("core skills", Section::Skills),
    ("hard skills", Section::Skills),
    ("soft skills", Section::Skills),
    ("key skills", Section::Skills),
    ("competencies", Section::Skills),
    ("core competencies", Section::Skills),
    ("technologies", Section::Skills),
    ("tech stack", Section::Skills),
    ("tools", Section::Skills),
    ("habilidades", Section::Skills),
    ("habilidades tecnicas", Section::Skills),
    ("competencias", Section::Skills),
    ("competencias tecnicas", Section::Skills),
    ("conhecimentos", Section::Skills),
    ("conhecimentos tecnicos", Section::Skills),
    ("conocimientos", Section::Skills),
    ("conocimientos tecnicos", Section::Skills),
    ("tecnologias", Section::Skills),
    ("ferramentas", Section::Skills),
    ("herramientas", Section::Skills),
    ("aptitudes", Section::Skills),
    ("languages", Section::Languages),
    ("language skills", Section::Languages),
    ("idiomas", Section::Languages),
    ("linguas", Section::Languages),
    ("lenguas", Section::Languages),
    ("projects", Section::Projects),
    ("personal projects", Section::Projects),
    ("side projects", Section::Projects),
    ("projetos", Section::Projects),
    ("projetos pessoais", Section::Projects),
    ("proyectos", Section::Projects),
    ("proyectos personales", Section::Projects),
    ("certifications", Section::Certifications),
    ("certificates", Section::Certifications),
    ("licenses certifications", Section::Certifications),
    ("certificacoes", Section::Certifications),
    ("certificados", Section::Certifications),
    ("certificaciones", Section::Certifications),
    ("courses", Section::Courses),
    ("cursos", Section::Courses),
    ("training", Section::Courses),
    ("treinamentos", Section::Courses),
    ("cursos complementares", Section::Courses),
    ("formacao complementar", Section::Courses),
    ("formacion complementaria", Section::Courses),
    ("contact", Section::Contact),
    ("contact information", Section::Contact),
    ("contato", Section::Contact),
    ("contatos", Section::Contact),
    ("contacto", Section::Contact),
    ("dados pessoais", Section::Contact),
    ("datos personales", Section::Contact),
    ("informacoes de contato", Section::Contact),
    ("personal information", Section::Contact),
    ("publications", Section::Other),
    ("publicacoes", Section::Other),
    ("publicaciones", Section::Other),
    ("awards", Section::Other),
    ("honors", Section::Other),
    ("premios", Section::Other),
    ("volunteer", Section::Other),
    ("volunteering", Section::Other),
    ("voluntariado", Section::Other),
    ("interests", Section::Other),
    ("interesses", Section::Other),
    ("intereses", Section::Other),
    ("references", Section::Other),
    ("referencias", Section::Other),
    ("activities", Section::Other),
    ("atividades", Section::Other),
    ("actividades", Section::Other),
    ("achievements", Section::Other),
    ("conquistas", Section::Other),
    ("logros", Section::Other),
    ("hobbies", Section::Other),
];

/// The section a heading names, or `None` when the line is not a heading.
pub fn heading_section(line: &str) -> Option<Section> {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > 45 {
        return None;
    }
    let folded = fold(line);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    if words.is_empty() || words.len() > 5 {
        return None;
    }
    let joined = words.join(" ");
    if let Some(&(_, s)) = HEADINGS.iter().find(|(h, _)| *h == joined) {
        return Some(s);
    }
    // "Volunteer Experience", "Experiência em Pesquisa", "Internships", "Estágios".
    if words.len() <= 4
        && words.iter().any(|w| {
            matches!(
                *w,
                "experience"
                    | "experiences"
                    | "experiencia"
                    | "experiencias"
                    | "internships"
                    | "estagios"
                    | "pasantias"
            )
        })
    {
        return Some(Section::Experience);
    }
    // "Education & Certifications", "Cursos e Certificações", "Skills and Tools": every
    // piece a heading; the first one names the section.
    let mut pieces: Vec<Vec<&str>> = vec![Vec::new()];
    for raw in folded.split_whitespace() {
        let joint = raw.chars().all(|c| "&/+,".contains(c));
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if joint || matches!(word, "and" | "e" | "y") {
            pieces.push(Vec::new());
            continue;
        }
        let ends_piece = raw.ends_with([',', '/', '&', '+']);
        if let Some(last) = pieces.last_mut()
            && !word.is_empty()
        {
            last.push(word);
        }
        if ends_piece {
            pieces.push(Vec::new());
        }
    }
    pieces.retain(|p| !p.is_empty());
    if pieces.len() >= 2 {
        let sections: Vec<Option<Section>> = pieces
            .iter()
            .map(|p| {
                let joined = p.join(" ");
                HEADINGS.iter().find(|(h, _)| *h == joined).map(|&(_, s)| s)
            })
            .collect();
        if sections.iter().all(Option::is_some) {
            return sections[0];
        }
    }
    None
}

const BULLETS: &[char] = &[
    '•', '●', '▪', '◦', '■', '○', '►', '▶', '✓', '✔', '➢', '➤', '*', '-', '–', '·', '◆', '♦', '»',
    // Symbol and Wingdings bullets as PDF and DOCX extractors print them.
    '\u{f0b7}', '\u{f0a7}', '\u{f076}', '\u{f0d8}', '\u{f0fc}', '\u{2023}', '\u{2043}',
];

/// Splits text into lines: bullets read (also a bullet alone on its line, as `pdftotext` prints
/// them, marks the next text lines), underlines (`-----`) dropped, tabs and wide gaps turned
/// into ` | `. Returns the lines and, per line, whether an underline followed it.
pub fn split_lines(text: &str) -> Vec<(Line, bool)> {
    match split_columns(text) {
        Some(columns) => split_lines_inner(&columns),
        None => split_lines_inner(text),
    }
}

/// Two columns printed side by side (`pdftotext -layout`): when most lines leave a gutter of
/// spaces at the same column and the left side is not just dates, returns the left column's
/// lines, a blank line, then the right column's. `None` for one column.
fn split_columns(text: &str) -> Option<String> {
    const MAX_LINES: usize = 3000;
    let lines: Vec<Vec<char>> = text
        .lines()
        .take(MAX_LINES + 1)
        .map(|l| {
            l.trim_end()
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect()
        })
        .collect();
    if lines.len() > MAX_LINES {
        return None;
    }
    let content: Vec<&Vec<char>> = lines.iter().filter(|l| !l.is_empty()).collect();
    if content.len() < 8 {
        return None;
    }
    // Where text resumes after a run of three or more spaces, per column.
    let mut starts: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for line in &content {
        let mut spaces = 0;
        for (i, c) in line.iter().enumerate() {
            if *c == ' ' {
                spaces += 1;
            } else {
                if spaces >= 3 && i >= 15 {
                    *starts.entry(i).or_default() += 1;
                }
                spaces = 0;
            }
        }
    }
    let (&column, &count) = starts.iter().max_by_key(|(c, n)| (**n, usize::MAX - **c))?;
    if count < 5 || count * 4 < content.len() {
        return None;
    }
    // The gutter: the two characters before the column are spaces (or the line is shorter).
    let clear = |l: &Vec<char>| {
        l.len() < column.saturating_sub(1) || l[column - 2..column].iter().all(|c| *c == ' ')
    };
    let clear_lines = content.iter().filter(|l| clear(l)).count();
    if clear_lines * 100 < content.len() * 90 {
        return None;
    }
    let mut left = Vec::new();
    let mut right = Vec::new();
    let mut dated_left = 0;
    let mut both = 0;
    for line in &lines {
        if line.len() <= column || !clear(line) {
            left.push(line.iter().collect::<String>());
            right.push(String::new());
            continue;
        }
        let l: String = line[..column].iter().collect();
        let r: String = line[column..].iter().collect();
        if !l.trim().is_empty() && !r.trim().is_empty() {
            both += 1;
            if super::dates::find_range(&l).is_some() {
                dated_left += 1;
            }
        }
        left.push(l.trim_end().to_string());
        right.push(r.trim().to_string());
    }
    // A column of dates beside the entries is one column with a date margin.
    if both == 0 || dated_left * 2 >= both {
        return None;
    }
    let mut out = left.join("\n");
    out.push_str("\n\n");
    out.push_str(&right.join("\n"));
    Some(out)
}

fn split_lines_inner(text: &str) -> Vec<(Line, bool)> {
    let mut out: Vec<(Line, bool)> = Vec::new();
    let mut pending_bullets = 0usize;
    let mut consumed = 0usize;
    // Some PDF writers put a tab between every word: then tabs are plain spaces.
    let (mut gaps, mut tabbed) = (0usize, 0usize);
    for line in text.lines().take(2000) {
        for gap in line
            .trim()
            .split(|c: char| !c.is_whitespace())
            .filter(|g| !g.is_empty())
        {
            gaps += 1;
            if gap.contains('\t') {
                tabbed += 1;
            }
        }
    }
    let tabs_are_spaces = gaps > 10 && tabbed * 2 > gaps;
    for raw in text.lines() {
        let raw = raw
            .replace(['\u{a0}', '\u{2007}', '\u{202f}'], " ")
            .replace(['\u{2010}', '\u{2011}'], "-")
            .replace('\u{ad}', "")
            .replace('\u{fb01}', "fi")
            .replace('\u{fb02}', "fl")
            .replace('\u{fb00}', "ff")
            .replace('\u{fb03}', "ffi")
            .replace('\u{fb04}', "ffl");
        let mut trimmed = raw.trim();
        // "-----Engenheiro de dados…": an underline glued to the next line by the extractor.
        let rule = trimmed
            .chars()
            .take_while(|c| matches!(c, '-' | '=' | '_' | '─' | '━'))
            .count();
        if rule >= 3 && rule < trimmed.chars().count() {
            if let Some((_, underlined)) = out.iter_mut().rev().find(|(l, _)| !l.is_blank()) {
                *underlined = true;
            }
            let cut: usize = trimmed.chars().take(rule).map(char::len_utf8).sum();
            trimmed = trimmed[cut..].trim_start();
        }
        if trimmed.is_empty() {
            if consumed > 0 {
                pending_bullets = 0;
                consumed = 0;
            }
            if out.last().is_some_and(|(l, _)| !l.is_blank()) {
                out.push((Line::default(), false));
            }
            continue;
        }
        if trimmed.chars().count() >= 3 && trimmed.chars().all(|c| "-=_~*#─━".contains(c)) {
            if let Some((l, underlined)) = out.iter_mut().rev().find(|(l, _)| !l.is_blank()) {
                let _ = l;
                *underlined = true;
            }
            continue;
        }
        if trimmed
            .chars()
            .all(|c| BULLETS.contains(&c) || c.is_whitespace())
        {
            pending_bullets += trimmed.chars().filter(|c| !c.is_whitespace()).count();
            continue;
        }
        let mut bullet = false;
        let mut body = trimmed;
        if let Some(first) = trimmed.chars().next()
            && BULLETS.contains(&first)
        {
            let rest = &trimmed[first.len_utf8()..];
            let spaced = rest.starts_with(' ') || rest.starts_with('\t');
            // "-" and "*" need a space after them ("-5%" is not a bullet); the others do not.
            if spaced || !matches!(first, '-' | '*' | '–') {
                bullet = true;
                body = rest.trim_start();
            }
        }
        if !bullet && pending_bullets > 0 {
            bullet = true;
            pending_bullets -= 1;
            consumed += 1;
        }
        let text = widen(body, tabs_are_spaces);
        if text.is_empty() {
            continue;
        }
        out.push((Line { text, bullet }, false));
    }
    while out.last().is_some_and(|(l, _)| l.is_blank()) {
        out.pop();
    }
    out
}

/// Tabs and runs of three or more spaces become ` | `; other whitespace runs one space.
fn widen(text: &str, tabs_are_spaces: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut spaces = 0usize;
    let mut tab = false;
    for c in text.chars() {
        if c == '\t' {
            tab = true;
            spaces += 1;
        } else if c.is_whitespace() {
            spaces += 1;
        } else {
            if spaces > 0 && !out.is_empty() {
                if tabs_are_spaces {
                    out.push(' ');
                } else if tab || spaces >= 3 {
                    out.push_str(" | ");
                } else {
                    out.push(' ');
                }
            }
            spaces = 0;
            tab = false;
            out.push(c);
        }
    }
    out
}

/// Splits lines into sections at headings (known words, or an underlined short line).
pub fn split_sections(lines: Vec<(Line, bool)>) -> Vec<Block> {
    let mut blocks = vec![Block {
        section: Section::Header,
        heading: None,
        lines: Vec::new(),
    }];
    for (line, underlined) in lines {
        if !line.bullet {
            let known = heading_section(&line.text);
            let section = match known {
                Some(s) => Some(s),
                None if underlined && line.text.chars().count() <= 40 => Some(Section::Other),
                None => None,
            };
            if let Some(section) = section {
                // A heading repeated inside its own section is a sub-heading
                // ("Competências" then "Habilidades").
                let same = blocks
                    .last()
                    .is_some_and(|b| b.section == section && b.lines.iter().all(Line::is_blank));
                if !same {
                    blocks.push(Block {
                        section,
                        heading: Some(line.text.clone()),
                        lines: Vec::new(),
                    });
                }
                continue;
            }
        }
        if let Some(block) = blocks.last_mut() {
            if line.is_blank() && block.lines.last().is_none_or(Line::is_blank) {
                continue;
            }
            block.lines.push(line);
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_in_three_languages() {
        assert_eq!(
            heading_section("EXPERIÊNCIA PROFISSIONAL"),
            Some(Section::Experience)
        );
        assert_eq!(
            heading_section("Experiencia Laboral:"),
            Some(Section::Experience)
        );
        assert_eq!(
            heading_section("Formação Acadêmica"),
            Some(Section::Education)
        );
        assert_eq!(heading_section("Conocimientos"), Some(Section::Skills));
        assert_eq!(
            heading_section("Education & Certifications"),
            Some(Section::Education)
        );
        assert_eq!(heading_section("Idiomas"), Some(Section::Languages));
        assert_eq!(
            heading_section("Experience building pipelines in Python"),
            None
        );
    }

    #[test]
    fn side_by_side_columns_are_split_but_a_date_margin_is_not() {
        let two = "\
Contact                            Ana Souza
ana@example.com                    Data Engineer
+55 11 91234-5678
Recife, PE                         Summary
                                   Engineer building pipelines.
Skills                             Experience
Python, SQL                        Acme Dados
                                   Data Engineer | Jan 2020 - Present
Languages                              •   Built pipelines.
Portuguese (native)
                                   Education
English (fluent)                   Universidade Federal de Pernambuco
";
        let text: Vec<String> = split_lines(two).into_iter().map(|(l, _)| l.text).collect();
        let skills = text.iter().position(|t| t == "Skills");
        let experience = text.iter().position(|t| t == "Experience");
        assert!(skills < experience, "{text:?}");
        assert!(
            text.contains(&"Data Engineer | Jan 2020 - Present".to_string()),
            "{text:?}"
        );
        let margin = "\
2021 – 2025                   Bacharelado em Economia
2019 – 2021                   Técnico em Informática
2018 – 2019                   Curso de Inglês
fevereiro de 2026 – presente  Analista de Dados
agosto de 2025 – janeiro      Estagiária de Dados
2024 – 2025                   Monitor de Estatística
2023 – 2024                   Voluntária
2022 – 2023                   Bolsista
";
        let text: Vec<String> = split_lines(margin)
            .into_iter()
            .map(|(l, _)| l.text)
            .collect();
        assert_eq!(text[0], "2021 – 2025 | Bacharelado em Economia");
    }

    #[test]
    fn ligatures_and_symbol_font_bullets() {
        let lines = split_lines("Certiﬁcations\n\u{f0b7} AWS Certiﬁed (2023)");
        assert_eq!(
            heading_section(&lines[0].0.text),
            Some(Section::Certifications)
        );
        assert!(lines[1].0.bullet);
        assert_eq!(lines[1].0.text, "AWS Certified (2023)");
    }

    #[test]
    fn lone_bullets_mark_the_next_lines() {
        let lines = split_lines("Title\n•\n•\n\nFirst.\nSecond.\n\nNext");
        let bullets: Vec<bool> = lines
            .iter()
            .filter(|(l, _)| !l.is_blank())
            .map(|(l, _)| l.bullet)
            .collect();
        assert_eq!(bullets, vec![false, true, true, false]);
    }
}
