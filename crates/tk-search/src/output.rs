//! Shared output helpers: JSON Lines records, and the one escaping function every human-readable line goes
//! through.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;

use serde::Serialize;

/// Writes one JSON Lines record (serde_json escapes every control character, so JSON output needs no
/// other escaping).
pub fn json_line(out: &mut impl Write, value: &impl Serialize) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// `text` made safe to print on a terminal: every character that a terminal acts on instead of showing —
/// C0 controls (newline and carriage return included, so a value never spans more than its own line),
/// DEL, C1 controls (U+0080–U+009F, among them the one-character CSI U+009B), the Unicode line and
/// paragraph separators, and the bidirectional overrides and isolates that reorder what is shown — is
/// written as a visible `\u{…}` escape, as Rust's `{:?}` writes it. Tabs stay. Document text (titles,
/// snippets, ids, paths), query text and every message built from them pass through here before they reach
/// a terminal; a line's own layout (newline, colours) is added around the escaped pieces.
///
/// Returns the text itself when there is nothing to escape (the common case).
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if needs_escape(c) {
            // Writing into a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::terminal_safe;

    #[test]
    fn controls_are_escaped_and_other_text_is_kept() {
        let cases = [
            ("Kitap sergisi", "Kitap sergisi"),
            ("a\tb", "a\tb"),
            ("\u{1b}[2J", "\\u{1b}[2J"),
            ("\u{1b}]0;owned\u{7}", "\\u{1b}]0;owned\\u{7}"),
            ("x\u{8}\u{8}y", "x\\u{8}\\u{8}y"),
            ("t\n 2. FAKE", "t\\u{a} 2. FAKE"),
            ("\r", "\\u{d}"),
            ("\u{7f}\u{80}\u{9b}31m", "\\u{7f}\\u{80}\\u{9b}31m"),
            ("a\u{2028}b\u{202e}c", "a\\u{2028}b\\u{202e}c"),
            ("Täze ýyl — Новый год", "Täze ýyl — Новый год"),
        ];
        for (input, expected) in cases {
            assert_eq!(terminal_safe(input), expected, "{input:?}");
        }
    }

    #[test]
    fn no_escaped_output_holds_a_control_character() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let safe = terminal_safe(&all);
        assert!(!safe.chars().any(|c| c.is_control() && c != '\t'));
    }
}
