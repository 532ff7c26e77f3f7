//! Steps shared by every language: invisible characters, quotes and apostrophes, lowercasing.

/// Maps one (NFC) character before lowercasing: `None` drops it (soft hyphen, zero-width characters),
/// typographic apostrophes become `'`, typographic double quotes become `"`, `İ` becomes `i`.
pub(crate) fn pre_map(c: char) -> Option<char> {
    match c {
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' | '\u{B4}' => {
            Some('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{AB}' | '\u{BB}' | '\u{2033}' => {
            Some('"')
        }
        // Rust lowercases İ to "i\u{307}"; Turkmen casing is plain I/i.
        '\u{130}' => Some('i'),
        _ => Some(c),
    }
}

/// Lowercases one character. ASCII takes a fast path.
pub(crate) fn lowercase(c: char) -> Lowercase {
    if c.is_ascii() {
        Lowercase::One(Some(c.to_ascii_lowercase()))
    } else {
        Lowercase::Many(c.to_lowercase())
    }
}

/// Iterator over the lowercase form of one character.
pub(crate) enum Lowercase {
    One(Option<char>),
    Many(std::char::ToLowercase),
}

impl Iterator for Lowercase {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        match self {
            Lowercase::One(c) => c.take(),
            Lowercase::Many(it) => it.next(),
        }
    }
}
