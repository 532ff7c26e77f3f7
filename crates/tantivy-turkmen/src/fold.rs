//! ASCII folding for the folded field: `ä→a ç→c ň→n ö→o ş→s ü→u ý→y ž→z`, and any other Latin letter
//! with diacritics to its base letter. Cyrillic and other scripts pass through unchanged.
//!
//! Folding loses real contrasts (`ýaş` "young" vs `yaş` "tear"), which is why tk-search keeps the exact
//! forms in the language fields and the folded forms in a field of their own.

use unicode_normalization::char::decompose_canonical;

/// The Turkmen letters outside ASCII: each lowercase, its capital, and the ASCII letter both fold to. The
/// one table that [`FOLDS`] — and through it [`fold_into`], [`fold_turkmen`] and the tokenizers' byte-wise
/// fast path ([`fold_turkmen_lowercase`]) — and [`unfold_turkmen`] are derived from.
const TURKMEN_LETTERS: [(char, char, u8); 8] = [
    ('ä', 'Ä', b'a'),
    ('ç', 'Ç', b'c'),
    ('ň', 'Ň', b'n'),
    ('ö', 'Ö', b'o'),
    ('ş', 'Ş', b's'),
    ('ü', 'Ü', b'u'),
    ('ý', 'Ý', b'y'),
    ('ž', 'Ž', b'z'),
];

/// `FOLDS[c - 0xC0]`: for every char of U+00C0–U+017F (where all the Turkmen letters lie), the ASCII letter
/// a Turkmen letter folds to in its case, 0 for any other char: [`fold_turkmen`] without a search. The
/// block is exactly the two-byte UTF-8 led by 0xC3, 0xC4 and 0xC5, so [`fold_turkmen_lowercase`] indexes
/// it by bytes too.
const FOLDS: [u8; 0xC0] = {
    let mut table = [0; 0xC0];
    let mut i = 0;
    while i < TURKMEN_LETTERS.len() {
        let (lower, upper, ascii) = TURKMEN_LETTERS[i];
        table[lower as usize - 0xC0] = ascii;
        table[upper as usize - 0xC0] = ascii.to_ascii_uppercase();
        i += 1;
    }
    table
};

/// The ASCII letter a lowercase Turkmen letter folds to, given the two bytes of its UTF-8; `None` for
/// any other pair of bytes.
///
/// ```
/// use tantivy_turkmen::fold::fold_turkmen_lowercase;
/// assert_eq!(fold_turkmen_lowercase(0xC3, 0xBD), Some(b'y')); // ý
/// assert_eq!(fold_turkmen_lowercase(0xC3, 0x9D), None); // Ý, a capital
/// assert_eq!(fold_turkmen_lowercase(0xC3, 0xA9), None); // é
/// ```
#[inline]
pub fn fold_turkmen_lowercase(lead: u8, next: u8) -> Option<u8> {
    if !(0xC3..=0xC5).contains(&lead) || next & 0xC0 != 0x80 {
        return None;
    }
    let ascii = FOLDS[usize::from(lead - 0xC3) * 64 + usize::from(next & 0x3F)];
    ascii.is_ascii_lowercase().then_some(ascii)
}

/// The ASCII letter a Turkmen letter outside ASCII folds to, keeping its case (`ý` → `y`, `Ý` → `Y`);
/// `None` for any other character.
///
/// ```
/// use tantivy_turkmen::fold::fold_turkmen;
/// assert_eq!(fold_turkmen('ň'), Some('n'));
/// assert_eq!(fold_turkmen('Ž'), Some('Z'));
/// assert_eq!(fold_turkmen('é'), None);
/// ```
#[inline]
pub const fn fold_turkmen(c: char) -> Option<char> {
    let i = (c as u32).wrapping_sub(0xC0) as usize;
    if i < FOLDS.len() && FOLDS[i] != 0 {
        Some(FOLDS[i] as char)
    } else {
        None
    }
}

/// The lowercase Turkmen letter that folds to the lowercase ASCII letter `c` (`y` → `ý`); `None` when no
/// Turkmen letter folds to `c`.
///
/// ```
/// use tantivy_turkmen::fold::unfold_turkmen;
/// assert_eq!(unfold_turkmen('s'), Some('ş'));
/// assert_eq!(unfold_turkmen('b'), None);
/// ```
pub fn unfold_turkmen(c: char) -> Option<char> {
    TURKMEN_LETTERS
        .iter()
        .find_map(|&(lower, _, ascii)| (c == char::from(ascii)).then_some(lower))
}

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
        if let Some(ascii) = fold_turkmen(c) {
            out.push(ascii);
            continue;
        }
        match c {
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

/// Whether `folded` is `word` with each lowercase Turkmen letter folded to its ASCII letter, as
/// [`fold_turkmen_letters`] writes it, compared without writing it.
///
/// ```
/// use tantivy_turkmen::fold::folds_to;
/// assert!(folds_to("ýylyň", "yylyn"));
/// assert!(folds_to("kitap", "kitap"));
/// assert!(!folds_to("ýyl", "yyln"));
/// ```
pub fn folds_to(word: &str, folded: &str) -> bool {
    folds_to_bytes(word.as_bytes(), folded.as_bytes())
}

/// [`folds_to`] on the UTF-8 bytes of the two words.
pub(crate) fn folds_to_bytes(b: &[u8], f: &[u8]) -> bool {
    // Folding never lengthens a word.
    if f.len() > b.len() {
        return false;
    }
    let (mut i, mut j) = (0, 0);
    while i < b.len() {
        let x = b[i];
        let (byte, width) = match b
            .get(i + 1)
            .and_then(|&next| fold_turkmen_lowercase(x, next))
        {
            Some(ascii) => (ascii, 2),
            _ => (x, 1),
        };
        if f.get(j) != Some(&byte) {
            return false;
        }
        i += width;
        j += 1;
    }
    j == f.len()
}

/// Appends `word` to `out` with each lowercase Turkmen letter folded to its ASCII letter (ä→a ç→c ň→n
/// ö→o ş→s ü→u ý→y ž→z) and every other character as it is: the folding that a lowercase Turkmen term
/// and the same word typed on an ASCII keyboard differ by (narrower than [`fold_into`], which also
/// folds capitals and other diacritics).
///
/// ```
/// let mut out = String::from("> ");
/// tantivy_turkmen::fold::fold_turkmen_letters("ýylyň kafé Ý", &mut out);
/// assert_eq!(out, "> yylyn kafé Ý");
/// ```
pub fn fold_turkmen_letters(word: &str, out: &mut String) {
    let b = word.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] < 0x80 {
            i += 1;
            continue;
        }
        match b
            .get(i + 1)
            .and_then(|&next| fold_turkmen_lowercase(b[i], next))
        {
            Some(ascii) => {
                out.push_str(&word[from..i]);
                out.push(char::from(ascii));
                i += 2;
                from = i;
            }
            None => i += 1,
        }
    }
    out.push_str(&word[from..]);
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

    /// [`folds_to`] says yes exactly to what [`fold_turkmen_letters`] writes.
    #[test]
    fn folds_to_agrees_with_fold_turkmen_letters() {
        let words = [
            "",
            "ýylyň",
            "kitap",
            "ÝAŞ",
            "kafé",
            "žurnal",
            "äçňöşüýž",
            "китап",
            "a\u{301}",
            "ňň",
        ]
        .as_slice();
        let mut out = String::new();
        for word in words {
            out.clear();
            fold_turkmen_letters(word, &mut out);
            assert!(folds_to(word, &out), "{word}");
            for other in words {
                assert_eq!(folds_to(word, other), *other == out, "{word} {other}");
            }
            // One character more or one less.
            assert!(!folds_to(word, &format!("{out}a")), "{word}");
            if let Some((last, _)) = out.char_indices().last() {
                assert!(!folds_to(word, &out[..last]), "{word}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn folds_to_is_fold_turkmen_letters(word in "[a-zäçňöşüýžÄÇŇÖŞÜÝŽé ]{0,12}", other in "[a-zäçňöşüýž]{0,12}") {
            let mut out = String::new();
            fold_turkmen_letters(&word, &mut out);
            proptest::prop_assert!(folds_to(&word, &out));
            proptest::prop_assert_eq!(folds_to(&word, &other), other == out);
        }
    }

    /// The byte-wise fold of a lowercase Turkmen letter agrees with [`fold_into`] on every two-byte char,
    /// and knows no other pair of bytes.
    #[test]
    fn the_byte_wise_fold_agrees_with_fold_into() {
        let mut out = String::new();
        let mut folded = 0;
        for code in 0x80..0x800u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let mut utf8 = [0; 4];
            let b = c.encode_utf8(&mut utf8).as_bytes();
            let by_bytes = fold_turkmen_lowercase(b[0], b[1]);
            fold_into(&c.to_string(), &mut out);
            if "äçňöşüýž".contains(c) {
                assert_eq!(by_bytes.map(char::from), out.chars().next(), "{c}");
                folded += 1;
            } else {
                assert_eq!(by_bytes, None, "{c}");
            }
        }
        assert_eq!(folded, 8);
        for lead in 0..=255u8 {
            for next in (0..0x80u8).chain(0xC0..=0xFF) {
                assert_eq!(fold_turkmen_lowercase(lead, next), None);
            }
        }
    }

    /// [`fold_turkmen`] and [`unfold_turkmen`] say exactly what the table says, for every scalar.
    #[test]
    fn the_letter_helpers_agree_with_the_table() {
        for c in '\0'..='\u{10FFFF}' {
            let folded = TURKMEN_LETTERS.iter().find_map(|&(lower, upper, ascii)| {
                (c == lower)
                    .then_some(char::from(ascii))
                    .or((c == upper).then_some(char::from(ascii.to_ascii_uppercase())))
            });
            assert_eq!(fold_turkmen(c), folded, "U+{:04X}", c as u32);
            let unfolded = TURKMEN_LETTERS
                .iter()
                .find_map(|&(lower, _, ascii)| (c == char::from(ascii)).then_some(lower));
            assert_eq!(unfold_turkmen(c), unfolded, "U+{:04X}", c as u32);
        }
    }

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
