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
        return Lowercase::One(Some(c.to_ascii_lowercase()));
    }
    // Fast paths for the Latin-1, Turkmen and Cyrillic letters news text is made of; everything else
    // goes through the full Unicode table.
    let fast = match c {
        '\u{DF}'..='\u{FF}' | '\u{430}'..='\u{45F}' => Some(c),
        '\u{C0}'..='\u{DE}' if c != '\u{D7}' => char::from_u32(c as u32 + 0x20),
        '\u{410}'..='\u{42F}' => char::from_u32(c as u32 + 0x20),
        '\u{400}'..='\u{40F}' => char::from_u32(c as u32 + 0x50),
        'ň' | 'ş' | 'ž' => Some(c),
        'Ň' => Some('ň'),
        'Ş' => Some('ş'),
        'Ž' => Some('ž'),
        _ => None,
    };
    match fast {
        Some(lower) => Lowercase::One(Some(lower)),
        None => Lowercase::Many(c.to_lowercase()),
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

#[cfg(test)]
mod tests {
    #[test]
    fn fast_lowercase_agrees_with_unicode() {
        let ranges = ['\u{0}'..='\u{24F}', '\u{400}'..='\u{4FF}'];
        for c in ranges.into_iter().flatten() {
            let fast: String = super::lowercase(c).collect();
            let full: String = c.to_lowercase().collect();
            assert_eq!(fast, full, "{c:?} U+{:04X}", c as u32);
        }
    }
}
