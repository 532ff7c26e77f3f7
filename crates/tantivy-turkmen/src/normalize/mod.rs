//! Normalisation: the character-level steps that make different spellings of one word meet.
//!
//! Every language chain runs the common steps (`common.rs`): NFC composition, removal of soft hyphens and
//! zero-width characters, one apostrophe and one double quote, and lowercasing with `İ`→`i`. Then the
//! language's own steps, from its description in [`crate::lang`]: Turkmen letters and Cyrillic→Latin
//! (`lang/tk.rs`), `ё`→`е` (`lang/ru.rs`).
//!
//! Normalisation works one token at a time into a reused buffer, so token offsets keep pointing at the
//! original text.

pub(crate) mod common;

use crate::lang::Lang;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Which normalisation chain to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Norm {
    /// A language's: the common steps, then the language's letters (Turkmen: legacy/foreign letters
    /// `ñ`→`ň`, `ÿ`→`ý`, `ș`→`ş`, `ı`→`y`, and Cyrillic Turkmen transliterated to the Latin alphabet;
    /// Russian: `ё`→`е`; English: nothing more).
    Lang(Lang),
    /// Language-neutral (the folded field): the common steps and every language's letter fixes (the Turkmen
    /// letters, `ё`→`е`), no transliteration.
    Neutral,
}

impl From<Lang> for Norm {
    fn from(lang: Lang) -> Norm {
        Norm::Lang(lang)
    }
}

/// Normalises one word (or any text) into `out`, clearing it first.
///
/// ```
/// use tantivy_turkmen::normalize::{normalize_into, Norm};
/// use tantivy_turkmen::Lang;
/// let mut out = String::new();
/// normalize_into(Norm::Lang(Lang::Tk), "Meñ İÇINDE", &mut out);
/// assert_eq!(out, "meň içinde");
/// normalize_into(Norm::Lang(Lang::Ru), "Ёжик", &mut out);
/// assert_eq!(out, "ежик");
/// ```
pub fn normalize_into(norm: Norm, text: &str, out: &mut String) {
    out.clear();
    if text.bytes().all(|b| b.is_ascii_alphanumeric()) {
        // ASCII letters and digits only lowercase (most English words, many Turkmen ones).
        out.push_str(text);
        out.make_ascii_lowercase();
        return;
    }
    // One pass in the common case: below U+0300 and in the Cyrillic block nothing composes or
    // decomposes, so NFC is only checked (and applied) when another character turns up.
    if push_normalized(norm, text.chars(), out, true) {
        return;
    }
    out.clear();
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        push_normalized(norm, text.chars(), out, false);
    } else {
        push_normalized(norm, text.nfc(), out, false);
    }
    // A mapped letter can compose with a following mark (ı + U+0300 → y + U+0300 → ỳ), and dropping an
    // invisible character can bring a letter and a mark together: compose and map again until stable, so
    // that normalising is idempotent. Rare input; bounded.
    for _ in 0..3 {
        if is_nfc_quick(out.chars()) == IsNormalized::Yes {
            break;
        }
        let composed: String = out.nfc().collect();
        out.clear();
        push_normalized(norm, composed.chars(), out, false);
    }
}

/// Normalises a whole text and returns it (what `tk-search analyze` shows as the normalised stage).
pub fn normalize(norm: Norm, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(norm, text, &mut out);
    out
}

/// Pushes the normalised characters; with `stop_unless_trivially_nfc`, stops and returns `false` at the
/// first character that could take part in composition.
fn push_normalized(
    norm: Norm,
    chars: impl Iterator<Item = char>,
    out: &mut String,
    stop_unless_trivially_nfc: bool,
) -> bool {
    let mut prev = None;
    for c in chars {
        if stop_unless_trivially_nfc
            && c >= '\u{300}'
            && !is_plain_cyrillic(c)
            && !is_plain_punctuation(c)
        {
            return false;
        }
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            // Nothing maps ASCII lowercase letters or digits.
            out.push(c);
            prev = Some(c);
            continue;
        }
        let Some(c) = common::pre_map(c) else {
            continue;
        };
        for lower in common::lowercase(c) {
            match norm {
                Norm::Lang(lang) => {
                    (lang.language().push_char)(lower, prev, out);
                    prev = Some(lower);
                }
                Norm::Neutral => out.push(neutral_char(lower)),
            }
        }
    }
    true
}

/// Every language's letter fixes that the neutral normalisation keeps (they concern different letters, so
/// their order does not matter).
fn neutral_char(c: char) -> char {
    Lang::ALL
        .iter()
        .fold(c, |c, lang| (lang.language().neutral_char)(c))
}

/// General punctuation (U+2002–U+206F: dashes, quotes, ellipsis, invisible characters), which is NFC as it
/// stands and never composes (U+2000 and U+2001 are left out: NFC maps them to U+2002 and U+2003).
fn is_plain_punctuation(c: char) -> bool {
    ('\u{2002}'..='\u{206F}').contains(&c)
}

/// Cyrillic letters (U+0400–U+04FF without the combining marks U+0483–U+0489), which never compose.
fn is_plain_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{482}').contains(&c) || ('\u{48A}'..='\u{4FF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(norm: Norm, cases: &[(&str, &str)]) {
        for (input, expected) in cases {
            assert_eq!(normalize(norm, input), *expected, "{norm:?} {input:?}");
        }
    }

    #[test]
    fn turkmen() {
        check(
            Norm::Lang(Lang::Tk),
            &[
                // decomposed y + combining acute, n + combining caron
                ("y\u{301}ylyn\u{30C}", "ýylyň"),
                ("İstanbul", "istanbul"),
                ("ıl", "yl"),
                ("Meñ seniñ", "meň seniň"),
                ("ÿyl", "ýyl"),
                ("Țara ișleri", "țara işleri"),
                ("kitap\u{AD}hana", "kitaphana"),
                ("kitap\u{200B}hana", "kitaphana"),
                ("ONLAÝN", "onlaýn"),
                ("“Kitap”", "\"kitap\""),
                ("«Kitap»", "\"kitap\""),
                ("l’", "l'"),
                // Cyrillic Turkmen to the official Latin alphabet
                ("китапхана", "kitaphana"),
                ("Түркменистан", "türkmenistan"),
                ("ёл", "ýol"),
                ("ел", "ýel"),
                ("гелен", "gelen"),
                ("әдебият", "ädebiýat"),
                ("җай", "jaý"),
                ("меңзеш", "meňzeş"),
                ("өй", "öý"),
                ("ювмак", "ýuwmak"),
                ("яшулы", "ýaşuly"),
                ("объект", "obýekt"),
            ],
        );
    }

    #[test]
    fn russian() {
        check(
            Norm::Lang(Lang::Ru),
            &[
                ("Ёлка", "елка"),
                ("учёный", "ученый"),
                ("Е\u{308}ж", "еж"),
                ("ИФЛА", "ифла"),
            ],
        );
    }

    #[test]
    fn neutral_and_english() {
        check(Norm::Neutral, &[("Meñ ÝOL ёж", "meň ýol еж"), ("İ", "i")]);
        check(
            Norm::Lang(Lang::En),
            &[("Library’s", "library's"), ("İ", "i")],
        );
    }

    /// The characters the one-pass path lets through are NFC on their own and never the second half of a
    /// composition, so skipping the NFC step for them changes nothing.
    #[test]
    fn one_pass_characters_never_take_part_in_composition() {
        use unicode_normalization::char::compose;
        let one_pass =
            ('\u{300}'..='\u{2FFF}').filter(|c| is_plain_cyrillic(*c) || is_plain_punctuation(*c));
        for c in one_pass {
            assert_eq!(
                c.to_string().nfc().collect::<String>(),
                c.to_string(),
                "U+{:04X}",
                c as u32
            );
            for base in '\u{0}'..='\u{FFFF}' {
                assert!(
                    compose(base, c).is_none(),
                    "U+{:04X} U+{:04X}",
                    base as u32,
                    c as u32
                );
            }
        }
    }

    #[test]
    fn idempotent() {
        for norm in [
            Norm::Lang(Lang::Tk),
            Norm::Lang(Lang::Ru),
            Norm::Lang(Lang::En),
            Norm::Neutral,
        ] {
            for text in ["Meñ İÇINDE китапхана ёж “x”", "ёл ел әдебият"]
            {
                let once = normalize(norm, text);
                assert_eq!(normalize(norm, &once), once, "{norm:?} {text:?}");
            }
        }
    }
}
