//! Posting text: HTML (also HTML-escaped HTML, as feeds send it) to clean plain text, with
//! entities decoded (also double-encoded ones), common mojibake repaired (`â€™` → `’`,
//! `Ã§Ã£o` → `ção`) and whitespace normalised; and a sanitised HTML version for display.

use std::borrow::Cow;

/// Texts longer than this are cut (at a character boundary) before cleaning.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// The result of [`clean_text`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CleanText {
    /// Plain text: paragraphs separated by a blank line, list items on their own line
    /// starting with `• `, no runs of spaces.
    pub text: String,
    /// The input was HTML (or escaped HTML).
    pub was_html: bool,
    /// Mojibake was found and repaired.
    pub repaired: bool,
    /// The input was longer than [`MAX_TEXT_BYTES`] and was cut.
    pub truncated: bool,
}

/// Cleans a posting description or title. Never fails.
pub fn clean_text(input: &str) -> CleanText {
    let (input, truncated) = cut(input, MAX_TEXT_BYTES);
    let mut text: Cow<'_, str> = Cow::Borrowed(input);
    // Feeds often send HTML escaped once more: `&lt;p&gt;Hello&lt;/p&gt;`.
    if !looks_like_html(&text) && looks_like_escaped_html(&text) {
        text = Cow::Owned(htmlize::unescape(&*text).into_owned());
    }
    let was_html = looks_like_html(&text);
    if was_html {
        text = Cow::Owned(strip_tags(&text));
    }
    // Entities, and entities encoded twice (`&amp;eacute;`).
    for _ in 0..3 {
        if !text.contains('&') {
            break;
        }
        let decoded = htmlize::unescape(&*text);
        if decoded == text {
            break;
        }
        text = Cow::Owned(decoded.into_owned());
    }
    let (repaired_text, repaired) = repair_mojibake(&text);
    CleanText {
        text: normalize_whitespace(&repaired_text),
        was_html,
        repaired,
        truncated,
    }
}

/// HTML made safe to display: only harmless tags and attributes are kept, links get
/// `rel="noopener noreferrer"`, scripts and styles are dropped.
pub fn sanitize_html(input: &str) -> String {
    let (input, _) = cut(input, MAX_TEXT_BYTES);
    let unescaped;
    let html = if !looks_like_html(input) && looks_like_escaped_html(input) {
        unescaped = htmlize::unescape(input);
        &*unescaped
    } else {
        input
    };
    ammonia::clean(html)
}

fn cut(text: &str, max: usize) -> (&str, bool) {
    if text.len() <= max {
        return (text, false);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// Tags Vaga recognises as HTML; `a < b` in plain text is not HTML.
const TAGS: &[&str] = &[
    "p",
    "br",
    "div",
    "span",
    "li",
    "ul",
    "ol",
    "strong",
    "b",
    "i",
    "em",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "u",
    "blockquote",
    "pre",
    "code",
    "hr",
    "img",
    "section",
    "article",
    "header",
    "footer",
    "font",
    "small",
    "sup",
    "sub",
    "dl",
    "dt",
    "dd",
    "body",
    "html",
    "head",
    "meta",
    "style",
    "script",
    "title",
    "center",
];

/// Tags after which text starts a new line.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "blockquote",
    "pre",
    "hr",
    "section",
    "article",
    "header",
    "footer",
    "dl",
    "dt",
    "dd",
    "center",
    "title",
    "body",
    "html",
];

fn tag_name(after_lt: &str) -> Option<&str> {
    let s = after_lt.strip_prefix('/').unwrap_or(after_lt);
    let end = s
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(s.len());
    let name = &s[..end];
    let next = s[end..].chars().next();
    let known = TAGS.iter().any(|t| t.eq_ignore_ascii_case(name));
    (known && matches!(next, Some('>' | ' ' | '/' | '\n' | '\t' | '\r'))).then_some(name)
}

fn looks_like_html(text: &str) -> bool {
    memchr::memchr_iter(b'<', text.as_bytes())
        .take(64)
        .any(|i| tag_name(&text[i + 1..]).is_some())
}

fn looks_like_escaped_html(text: &str) -> bool {
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&text.as_bytes()[from..], b"&lt;") {
        let at = from + p + 4;
        if tag_name(&text[at..]).is_some() || text[at..].starts_with('/') {
            return true;
        }
        from = at;
    }
    false
}

/// Drops tags, comments, scripts and styles, turning block tags into line breaks and list
/// items into `• ` lines.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        if let Some(comment) = after.strip_prefix("!--") {
            rest = match comment.find("-->") {
                Some(end) => &comment[end + 3..],
                None => "",
            };
            continue;
        }
        let Some(name) = tag_name(after) else {
            // A `<` that opens no tag is text.
            out.push('<');
            rest = after;
            continue;
        };
        let closing = after.starts_with('/');
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        rest = &after[gt + 1..];
        if !closing
            && (name.eq_ignore_ascii_case("script")
                || name.eq_ignore_ascii_case("style")
                || name.eq_ignore_ascii_case("head"))
        {
            // Skip to the closing tag, case-insensitively.
            let close = format!("</{}", name.to_ascii_lowercase());
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&close) {
                Some(p) => {
                    let tail = &rest[p..];
                    tail.find('>').map_or("", |g| &tail[g + 1..])
                }
                None => "",
            };
            continue;
        }
        if name.eq_ignore_ascii_case("li") {
            if !closing {
                out.push_str("\n• ");
            }
        } else if name.eq_ignore_ascii_case("p") || name.len() == 2 && name.starts_with(['h', 'H'])
        {
            out.push_str("\n\n");
        } else if BLOCK_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
            out.push('\n');
        } else if name.eq_ignore_ascii_case("td") || name.eq_ignore_ascii_case("th") {
            out.push(' ');
        }
    }
    out.push_str(rest);
    out
}

/// Repairs UTF-8 text that was decoded as Windows-1252 somewhere on its way (`â€™`, `Ã©`):
/// each run of non-ASCII characters that encodes to Windows-1252 bytes forming valid UTF-8 is
/// replaced by that decoding. Correct text is left alone: real accented text is not valid
/// UTF-8 once encoded that way.
fn repair_mojibake(text: &str) -> (Cow<'_, str>, bool) {
    // Mojibake of Latin text always contains one of Ã â Â Å Ä (C3 83, C3 A2, C3 82, C3 85,
    // C3 84 in UTF-8).
    let b = text.as_bytes();
    let suspicious =
        memchr::memchr_iter(0xc3, b).any(|i| matches!(b.get(i + 1), Some(0x82..=0x85 | 0xa2)));
    if !suspicious {
        return (Cow::Borrowed(text), false);
    }
    let mut out = String::with_capacity(text.len());
    let mut repaired = false;
    let mut rest = text;
    while !rest.is_empty() {
        let run_start = rest
            .char_indices()
            .find(|(_, c)| !c.is_ascii())
            .map_or(rest.len(), |(i, _)| i);
        out.push_str(&rest[..run_start]);
        rest = &rest[run_start..];
        let run_end = rest
            .char_indices()
            .find(|(_, c)| c.is_ascii())
            .map_or(rest.len(), |(i, _)| i);
        let run = &rest[..run_end];
        match redecode(run) {
            Some(fixed) => {
                out.push_str(&fixed);
                repaired = true;
            }
            None => out.push_str(run),
        }
        rest = &rest[run_end..];
    }
    if repaired {
        (Cow::Owned(out), true)
    } else {
        (Cow::Borrowed(text), false)
    }
}

fn redecode(run: &str) -> Option<String> {
    if run.is_empty() {
        return None;
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(run);
    if unmappable {
        return None;
    }
    let fixed = std::str::from_utf8(&bytes).ok()?;
    // Only if it got shorter in characters: a true repair merges 2–3 characters into one.
    (fixed.chars().count() < run.chars().count()).then(|| fixed.to_string())
}

/// Spaces and tabs collapsed, lines trimmed, at most one blank line in a row, invisible
/// characters removed.
fn normalize_whitespace(text: &str) -> String {
    if is_normal(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut blank_lines = 0;
    for line in text.split('\n') {
        let mut cleaned = String::with_capacity(line.len());
        let mut space = false;
        for c in line.chars() {
            match c {
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}' | '\r' => {}
                c if c.is_whitespace() => space = true,
                c if c.is_control() => {}
                c => {
                    if space && !cleaned.is_empty() {
                        cleaned.push(' ');
                    }
                    space = false;
                    cleaned.push(c);
                }
            }
        }
        if cleaned.is_empty() || cleaned == "•" {
            blank_lines += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_lines > 0 { "\n\n" } else { "\n" });
        }
        blank_lines = 0;
        out.push_str(&cleaned);
    }
    out
}

/// Whether [`normalize_whitespace`] would leave `text` as it is (the common case for plain
/// text), checked on bytes.
fn is_normal(text: &str) -> bool {
    use memchr::memmem;

    let b = text.as_bytes();
    if b.first().is_some_and(|c| c.is_ascii_whitespace())
        || b.last().is_some_and(|c| c.is_ascii_whitespace())
    {
        return false;
    }
    // Controls other than `\n` (tabs, carriage returns, …), in chunks the compiler vectorises.
    let controls = b.chunks(64).any(|chunk| {
        chunk.iter().fold(false, |seen, &c| {
            seen | ((c < 0x20) & (c != b'\n')) | (c == 0x7f)
        })
    });
    if controls {
        return false;
    }
    static FINDERS: std::sync::OnceLock<[memmem::Finder<'static>; 4]> = std::sync::OnceLock::new();
    let finders =
        FINDERS.get_or_init(|| [&b"  "[..], b" \n", b"\n ", b"\n\n\n"].map(memmem::Finder::new));
    if finders.iter().any(|f| f.find(b).is_some()) {
        return false;
    }
    // NBSP, soft hyphen and C1 controls (C2 80–C2 A0, C2 AD); U+2000–U+200F spaces and
    // zero-widths, U+2028/2029, U+202F, U+205F–U+2060 (E2 80 / E2 81 …); U+3000 (E3 80 80);
    // U+FEFF (EF BB BF).
    for i in memchr::memchr3_iter(0xc2, 0xe2, 0xe3, b) {
        let (n1, n2) = (b.get(i + 1).copied(), b.get(i + 2).copied());
        let special = match b[i] {
            0xc2 => n1.is_some_and(|n| n < 0xa1 || n == 0xad),
            0xe2 => matches!(
                (n1, n2),
                (Some(0x80), Some(0x80..=0x8f | 0xa8 | 0xa9 | 0xaf))
                    | (Some(0x81), Some(0x9f | 0xa0))
            ),
            _ => n1 == Some(0x80) && n2 == Some(0x80),
        };
        if special {
            return false;
        }
    }
    memmem::find(b, "\u{feff}".as_bytes()).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_paragraphs_and_bullets() {
        let c = clean_text(
            "<p>Hello&nbsp;<b>world</b></p><ul><li>Python</li><li>SQL &amp; dbt</li></ul>",
        );
        assert_eq!(c.text, "Hello world\n\n• Python\n• SQL & dbt");
        assert!(c.was_html);
    }

    #[test]
    fn escaped_and_double_encoded_html() {
        let c = clean_text("&lt;p&gt;Caf&amp;eacute; &amp;amp; co&lt;/p&gt;");
        assert_eq!(c.text, "Café & co");
        assert!(c.was_html);
    }

    #[test]
    fn mojibake_is_repaired_and_good_text_kept() {
        let c = clean_text("We’re hiring â€” SÃ£o Paulo, programaÃ§Ã£o");
        assert_eq!(c.text, "We’re hiring — São Paulo, programação");
        assert!(c.repaired);
        let good = "Ação, Ângulo, Ãrvore não, â";
        assert_eq!(clean_text(good).text, good);
    }

    #[test]
    fn scripts_and_comments_vanish_and_plain_text_stays() {
        let c = clean_text("<div>a<script>alert(1)</script><!-- x -->b</div>");
        assert_eq!(c.text, "ab");
        let plain = "if a < b and c > d\n\n\n\nthen   x";
        assert_eq!(clean_text(plain).text, "if a < b and c > d\n\nthen x");
    }

    #[test]
    fn sanitised_html_keeps_structure_and_drops_scripts() {
        let s = sanitize_html(
            "<p onclick=\"x()\">Hi <script>bad()</script><a href=\"https://e.com\">job</a></p>",
        );
        assert!(s.contains("<p>Hi "));
        assert!(!s.contains("script") && !s.contains("onclick"));
        assert!(s.contains("noopener"));
    }
}
