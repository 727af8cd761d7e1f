//! Text clean-up after extraction: ligatures, bullets, invisible characters and blank lines.

use unicode_normalization::UnicodeNormalization;

/// The bullet every private-use bullet glyph becomes.
pub(crate) const BULLET: char = '•';

/// Private-use code points that Symbol, Wingdings and OpenSymbol bullets come out as.
const PUA_BULLETS: &[char] = &[
    '\u{F0B7}', // Symbol bullet (Word, LibreOffice)
    '\u{F0A7}', // Wingdings square
    '\u{F076}', // Wingdings diamond
    '\u{F0D8}', // Wingdings arrowhead
    '\u{F0FC}', // Wingdings check mark
    '\u{F0A8}', // Symbol/Wingdings hollow square
    '\u{F06E}', // Wingdings filled square
    '\u{F06C}', // Wingdings filled circle
    '\u{E000}', // OpenSymbol bullet
];

/// Appends the replacement of `c` to `out`: ligatures spelt out, private-use bullets as `•`, other
/// private-use icons dropped, no-break spaces as spaces, invisible characters dropped.
fn push_clean(out: &mut String, c: char, at_line_start: bool) {
    match c {
        '\u{FB00}' => out.push_str("ff"),
        '\u{FB01}' => out.push_str("fi"),
        '\u{FB02}' => out.push_str("fl"),
        '\u{FB03}' => out.push_str("ffi"),
        '\u{FB04}' => out.push_str("ffl"),
        '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
        '\u{F02D}' => out.push('-'), // the Symbol font's minus, a dash bullet
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => out.push(' '),
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
        c if PUA_BULLETS.contains(&c) => out.push(BULLET),
        // Any other private-use glyph is an icon font's picture (a phone, an envelope): a bullet
        // when it starts a line, nothing inside one.
        '\u{E000}'..='\u{F8FF}' if at_line_start => out.push(BULLET),
        '\u{E000}'..='\u{F8FF}' => {}
        c => out.push(c),
    }
}

/// Cleans extracted text: ligatures, private-use bullets, NFC composition of accents, trailing
/// spaces removed, tabs and spaces kept inside lines, at most one blank line in a row, no blank lines
/// at either end.
pub(crate) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_pending = false;
    let mut line_buf = String::new();
    for line in text.split('\n') {
        line_buf.clear();
        let mut at_start = true;
        for c in line.chars() {
            push_clean(&mut line_buf, c, at_start);
            if !c.is_whitespace() {
                at_start = false;
            }
        }
        let composed: String = line_buf.nfc().collect();
        let trimmed = composed.trim_end();
        if trimmed.trim_start().is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if blank_pending {
            out.push('\n');
            blank_pending = false;
        }
        out.push_str(trimmed);
        out.push('\n');
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn ligatures_bullets_and_blank_lines() {
        let text =
            "\n\n\u{F0B7} e\u{FB03}cient of\u{FB01}ce  \n\n\n\u{F0A7}\tﬂuent\u{00A0}English\r\n";
        assert_eq!(clean(text), "• efficient office\n\n•\tfluent English");
    }

    #[test]
    fn icons_inside_a_line_are_dropped() {
        assert_eq!(
            clean("\u{F3C5} Lisboa \u{F095} 555 \u{F0E0} a@example.com"),
            "• Lisboa  555  a@example.com"
        );
        assert_eq!(clean("Lisboa \u{F095} 555"), "Lisboa  555");
    }

    #[test]
    fn accents_are_composed() {
        assert_eq!(clean("Conceic\u{0327}a\u{0303}o"), "Conceição");
    }
}
