//! ASCII folding for the folded field: `ä→a ç→c ň→n ö→o ş→s ü→u ý→y ž→z`, and any other Latin letter
//! with diacritics to its base letter. Cyrillic and other scripts pass through unchanged.
//!
//! Folding loses real contrasts (`ýaş` "young" vs `yaş` "tear"), which is why tk-search keeps the exact
//! forms in the language fields and the folded forms in a field of their own.

use unicode_normalization::char::decompose_canonical;

/// Folds `word` into `out` (cleared first).
///
/// ```
/// let mut out = String::new();
/// tantivy_turkmen::fold::fold_into("Türkmenistanyň kitaphanaçylary", &mut out);
/// assert_eq!(out, "Turkmenistanyn kitaphanacylary");
/// ```
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        match c {
            'ä' => out.push('a'),
            'ç' => out.push('c'),
            'ň' => out.push('n'),
            'ö' => out.push('o'),
            'ş' => out.push('s'),
            'ü' => out.push('u'),
            'ý' => out.push('y'),
            'ž' => out.push('z'),
            'Ä' => out.push('A'),
            'Ç' => out.push('C'),
            'Ň' => out.push('N'),
            'Ö' => out.push('O'),
            'Ş' => out.push('S'),
            'Ü' => out.push('U'),
            'Ý' => out.push('Y'),
            'Ž' => out.push('Z'),
            'ß' => out.push_str("ss"),
            c if is_latin_extended(c) => {
                let mut base = None;
                decompose_canonical(c, |d| {
                    if base.is_none() && d.is_ascii() {
                        base = Some(d);
                    }
                });
                out.push(base.unwrap_or(c));
            }
            c => out.push(c),
        }
    }
}

/// Folds `word` into a new string.
pub fn fold_string(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// Whether `word` changes under folding (it has a letter outside ASCII in the Latin blocks).
pub fn needs_folding(word: &str) -> bool {
    word.chars().any(is_latin_extended)
}

fn is_latin_extended(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}') && c != '\u{D7}' && c != '\u{F7}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_turkmen_and_other_latin_letters() {
        let cases: &[(&str, &str)] = &[
            ("äçňöşüýž", "acnosuyz"),
            ("ÄÇŇÖŞÜÝŽ", "ACNOSUYZ"),
            ("onlaýn-maslahat", "onlayn-maslahat"),
            ("café", "cafe"),
            ("ğı", "gı"),
            ("китапхана", "китапхана"),
            ("ёж", "ёж"),
            ("plain", "plain"),
        ];
        let mut out = String::new();
        for (input, expected) in cases {
            fold_into(input, &mut out);
            assert_eq!(&out, expected, "{input:?}");
            assert_eq!(needs_folding(input), input != expected, "{input:?}");
        }
    }
}
