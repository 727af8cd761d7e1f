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
    '\u{F0AE}', // Wingdings arrow
    '\u{F0E0}', // Wingdings arrow
    '\u{F02D}', // Symbol dash
    '\u{E000}', // OpenSymbol bullet
];

/// Appends the replacement of `c` to `out`: ligatures spelt out, private-use bullets as `•`,
/// no-break spaces as spaces, invisible characters dropped.
fn push_clean(out: &mut String, c: char, at_line_start: bool) {
    match c {
        '\u{FB00}' => out.push_str("ff"),
        '\u{FB01}' => out.push_str("fi"),
        '\u{FB02}' => out.push_str("fl"),
        '\u{FB03}' => out.push_str("ffi"),
        '\u{FB04}' => out.push_str("ffl"),
        '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => out.push(' '),
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
        c if PUA_BULLETS.contains(&c) => out.push(BULLET),
        // Any other private-use glyph that starts a line is an icon or a bullet from a symbol font.
        '\u{E000}'..='\u{F8FF}' if at_line_start => out.push(BULLET),
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
    fn accents_are_composed() {
        assert_eq!(clean("Conceic\u{0327}a\u{0303}o"), "Conceição");
    }
}
