//! The exact-form bonus: a query word found as typed (after neutral normalisation, as a whole word) in a
//! candidate's stored title or the opening of its body lifts it above documents that only hold another
//! form of the same stem.

use tantivy::Score;
use tantivy_turkmen::lang::is_stopword;
use tantivy_turkmen::normalize::{normalize, Norm};
use tantivy_turkmen::segment::prefix;

use super::{BODY_WEIGHT, SURFACE_WEIGHT, TITLE_WEIGHT};
use crate::query::{Atom, ParsedQuery};

/// How much of a body the exact-form check reads.
const SURFACE_WINDOW_BYTES: usize = 1024;

/// [`TITLE_WEIGHT`] for each query word found as typed in the title, [`BODY_WEIGHT`] in the opening of the
/// body (both compared after neutral normalisation, as whole words), times [`SURFACE_WEIGHT`].
pub(super) fn exact_form_bonus(title: &str, body: &str, surfaces: &[Surface]) -> Score {
    let mut title = SurfaceText::new(title);
    let mut opening = SurfaceText::new(prefix(body, SURFACE_WINDOW_BYTES));
    surfaces
        .iter()
        .map(|w| {
            let mut bonus = 0.0;
            if title.contains_word(w) {
                bonus += TITLE_WEIGHT;
            }
            if opening.contains_word(w) {
                bonus += BODY_WEIGHT;
            }
            bonus * SURFACE_WEIGHT
        })
        .sum()
}

/// The plain (not negated, not stop) words of the query, normalised, for the exact-form bonus.
pub(super) fn surface_words(parsed: &ParsedQuery) -> Vec<Surface> {
    parsed
        .clauses
        .iter()
        .filter(|c| !c.negated)
        .flat_map(|c| &c.any_of)
        .filter_map(|a| match a {
            Atom::Word { text, .. } => Some(normalize(Norm::Neutral, text)),
            _ => None,
        })
        .filter(|w| !w.is_empty() && !is_stopword(w))
        .map(Surface::new)
        .collect()
}

/// A query word for the exact-form bonus, with what looking for it in every candidate needs made once per
/// query: its longest run of [`run_letter`]s, and a searcher for that run, with `е` counted as a run letter
/// and without (see [`SurfaceText::contains_word`]).
pub(super) struct Surface {
    word: String,
    /// Indexed by whether `е` may be part of a run; `None`: the run is shorter than three characters.
    runs: [Option<memchr::memmem::Finder<'static>>; 2],
}

impl Surface {
    fn new(word: String) -> Surface {
        let finder = |e_too: bool| {
            let run = longest_run(&word, e_too);
            (run.chars().count() >= 3)
                .then(|| memchr::memmem::Finder::new(run.as_bytes()).into_owned())
        };
        let runs = [finder(false), finder(true)];
        Surface { word, runs }
    }

    /// The normalised word.
    pub(super) fn word(&self) -> &str {
        &self.word
    }
}

/// A stored text (a title, or the opening of a body) to look for query words in as they would be after
/// neutral normalisation ([`normalize`]), mostly without normalising it.
struct SurfaceText<'a> {
    raw: &'a str,
    /// `raw` through [`simple_lowercase`] (same offsets).
    lowered: Vec<u8>,
    /// `raw` holds a character that rules out the short way ([`has_unsafe_for_runs`]).
    unsafe_chars: bool,
    /// `raw` holds no `ё`/`Ё`, the only characters other than `е`/`Е` that normalise to `е`; then `е` may
    /// be part of a run too. Looked for when a word with `е` is.
    yo_free: Option<bool>,
    /// `raw` normalised whole, once it is needed.
    normalised: Option<String>,
}

impl<'a> SurfaceText<'a> {
    fn new(raw: &'a str) -> Self {
        SurfaceText {
            raw,
            lowered: simple_lowercase(raw),
            unsafe_chars: has_unsafe_for_runs(raw),
            yo_free: None,
            normalised: None,
        }
    }

    /// Whether the normalised text contains `surface`'s word as a whole word: the occurrences of the
    /// word's longest run of [`run_letter`]s are found in the lowered bytes, and only the
    /// whitespace-separated chunks around them are normalised and checked. Exact because neutral
    /// normalisation makes a run letter only out of itself or its capital — except `İ`, `ı` and the Kelvin
    /// sign, and except where it drops an invisible character or keeps a combining mark inside a run (all
    /// "unsafe"), and `е` out of `ё` — and never creates, moves or removes whitespace; text with an unsafe
    /// character, or a word without a run of three, is normalised whole.
    fn contains_word(&mut self, surface: &Surface) -> bool {
        let raw = self.raw;
        let word = surface.word.as_str();
        let yo_free = word.contains('е')
            && *self.yo_free.get_or_insert_with(|| {
                let bytes = raw.as_bytes();
                memchr::memmem::find(bytes, "ё".as_bytes()).is_none()
                    && memchr::memmem::find(bytes, "Ё".as_bytes()).is_none()
            });
        let run = match &surface.runs[usize::from(yo_free)] {
            Some(run) if !self.unsafe_chars => run,
            _ => {
                let whole = self
                    .normalised
                    .get_or_insert_with(|| normalize(Norm::Neutral, raw));
                return contains_word(whole, word);
            }
        };
        run.find_iter(&self.lowered).any(|i| {
            let start = raw[..i]
                .rfind(char::is_whitespace)
                .map_or(0, |s| s + raw[s..].chars().next().map_or(1, char::len_utf8));
            let end = raw[i..]
                .find(char::is_whitespace)
                .map_or(raw.len(), |e| i + e);
            contains_word(&normalize(Norm::Neutral, &raw[start..end]), word)
        })
    }
}

/// The longest stretch of [`run_letter`]s in `word`.
fn longest_run(word: &str, e_too: bool) -> &str {
    word.split(|c: char| !run_letter(c, e_too))
        .max_by_key(|r| r.chars().count())
        .unwrap_or("")
}

/// Letters a run may hold: ASCII letters and digits, the lowercase Turkmen letters `ä ç ö ü ž` (made by
/// normalisation only out of themselves, their capital, or a base letter and a combining mark, which is
/// unsafe; not `ň ş ý`, which the Turkmen letter fixes also make out of `ñ ș ÿ`), and the basic lowercase
/// Cyrillic letters that no other character normalises to (not the letters NFC composes from a base and a
/// mark: `й ѐ ё ѓ ї ќ ѝ ў`; `е`, which `ё` becomes, only when `e_too` — in a text without `ё`).
fn run_letter(c: char, e_too: bool) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, 'ä' | 'ç' | 'ö' | 'ü' | 'ž')
        || (c == 'е' && e_too)
        || (('\u{430}'..='\u{45F}').contains(&c)
            && !matches!(c, 'е' | 'й' | 'ѐ' | 'ё' | 'ѓ' | 'ї' | 'ќ' | 'ѝ' | 'ў'))
}

/// The UTF-8 bytes of `text` with ASCII, Turkmen (`Ä Ç Ň Ö Ş Ü Ý Ž`) and basic Cyrillic capitals
/// (U+0400–U+042F) lowercased, worked on bytes without decoding characters (it runs on every candidate's
/// title and opening); every lowered letter keeps its byte length, so offsets carry over. `0xC3`, `0xC5` and
/// `0xD0` only ever lead a character, so the byte after one is its letter's second byte: Ä Ç Ö Ü Ý
/// (`C3 84 87 96 9C 9D`) gain 0x20, Ň Ş Ž (`C5 87 9E BD`) 1; Ѐ–Џ (`D0 80–8F`) become `D1 90–9F`, А–П
/// (`D0 90–9F`) `D0 B0–BF`, Р–Я (`D0 A0–AF`) `D1 80–8F`. Two element-wise passes without branches, which
/// the compiler vectorises.
fn simple_lowercase(text: &str) -> Vec<u8> {
    /// 0xFF when `condition` holds, else 0.
    fn mask(condition: bool) -> u8 {
        0u8.wrapping_sub(u8::from(condition))
    }
    let src = text.as_bytes();
    let mut out = src.to_vec();
    out.make_ascii_lowercase();
    let (Some(heads), Some(tails)) = (src.get(..src.len().saturating_sub(1)), src.get(1..)) else {
        return out;
    };
    // Second bytes: shifted when the byte before is 0xC3, 0xC5 or 0xD0.
    for ((o, &b), &before) in out[1..].iter_mut().zip(tails).zip(heads) {
        let row = b & 0xF0;
        let cyrillic =
            (0x10 & mask(row == 0x80)) | (0x20 & mask(row == 0x90)) | (0xE0 & mask(row == 0xA0));
        let latin1 = 0x20 & mask(matches!(b, 0x84 | 0x87 | 0x96 | 0x9C | 0x9D));
        let extended = 1 & mask(matches!(b, 0x87 | 0x9E | 0xBD));
        *o = o.wrapping_add(
            (cyrillic & mask(before == 0xD0))
                | (latin1 & mask(before == 0xC3))
                | (extended & mask(before == 0xC5)),
        );
    }
    // Lead bytes: 0xD0 becomes 0xD1 when its second byte is in 0x80–0x8F or 0xA0–0xAF.
    for ((o, &b), &after) in out.iter_mut().zip(heads).zip(tails) {
        let row = after & 0xF0;
        *o ^= 1 & mask(row == 0x80 || row == 0xA0) & mask(b == 0xD0);
    }
    out
}

/// Whether `text` holds a character normalisation turns into a run letter other than its own lowercase (`İ`,
/// `ı`, the Kelvin sign), drops (soft hyphen, zero-width characters) or keeps between letters (combining
/// marks U+0300–U+036F, U+0483–U+0489) — text holding one is normalised whole. Found from the UTF-8 bytes
/// without decoding characters, as it runs on every candidate's opening.
fn has_unsafe_for_runs(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Every byte tested below leads a character (they are all 0xC2 or above), so memchr finds the
    // characters to look at; most text has none, or few.
    let unsafe_at = |i: usize| {
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        match bytes[i] {
            0xC2 => next(1) == 0xAD,
            0xC4 => matches!(next(1), 0xB0 | 0xB1),
            0xCC => true,
            0xCD => next(1) <= 0xAF,
            0xD2 => (0x83..=0x89).contains(&next(1)),
            0xE2 => matches!(
                (next(1), next(2)),
                (0x80, 0x8B..=0x8D) | (0x81, 0xA0) | (0x84, 0xAA)
            ),
            0xEF => next(1) == 0xBB && next(2) == 0xBF,
            _ => false,
        }
    };
    memchr::memchr3_iter(0xC2, 0xC4, 0xCC, bytes).any(unsafe_at)
        || memchr::memchr3_iter(0xCD, 0xD2, 0xE2, bytes).any(unsafe_at)
        || memchr::memchr_iter(0xEF, bytes).any(unsafe_at)
}

/// The character rule [`has_unsafe_for_runs`] implements on bytes, kept as the tests' reference.
#[cfg(test)]
fn unsafe_for_runs(c: char) -> bool {
    matches!(
        c,
        '\u{130}'
            | '\u{131}'
            | '\u{212A}'
            | '\u{AD}'
            | '\u{200B}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
    ) || ('\u{300}'..='\u{36F}').contains(&c)
        || ('\u{483}'..='\u{489}').contains(&c)
}

/// Whether `word` occurs in `text` with no letter or digit on either side.
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character that normalises to (or into) a run letter other than its own simple lowercase, or
    /// that normalisation drops, is one [`SurfaceText::contains_word`] refuses to take the short way with.
    #[test]
    fn unsafe_characters_cover_every_character_that_makes_run_letters() {
        for c in ('\u{80}'..='\u{10FFFF}').filter(|c| !c.is_control()) {
            let n = normalize(Norm::Neutral, &c.to_string());
            let lowered = simple_lowercase(&c.to_string());
            // `ё`/`Ё` (normalised to `е`) are kept out of runs by the check for them (`yo_free`).
            let makes_run_letter = n.chars().any(|c| run_letter(c, true))
                && n.as_bytes() != lowered.as_slice()
                && !matches!(c, 'ё' | 'Ё');
            if makes_run_letter || n.is_empty() {
                assert!(unsafe_for_runs(c), "U+{:04X} → {n:?}", c as u32);
            }
        }
    }

    /// For every scalar between two letters: the byte-level lowering is ASCII lowercasing plus the Turkmen
    /// capitals and U+0400–U+042F → U+0450/U+0430…, and the byte check finds exactly the unsafe characters.
    #[test]
    fn byte_helpers_agree_with_their_character_rules_for_every_scalar() {
        for c in '\u{0}'..='\u{10FFFF}' {
            let text = format!("a{c}Z");
            assert_eq!(
                simple_lowercase(&text),
                simple_lowercase_by_chars(&text),
                "U+{:04X}",
                c as u32
            );
            assert_eq!(
                has_unsafe_for_runs(&text),
                unsafe_for_runs(c),
                "U+{:04X}",
                c as u32
            );
        }
    }

    /// (raw text, word as typed, expected: found as a whole word after normalisation)
    #[test]
    fn opening_check_agrees_with_normalising_everything() {
        let cases: &[(&str, &str, bool)] = &[
            ("Onlaýn-maslahatyna gatnaşdylar", "onlaýn-maslahatyna", true),
            ("ONLAÝN MASLAHAT", "maslahat", true),
            ("kitap\u{AD}hana açyldy", "kitaphana", true),
            ("İstanbulda sergi", "istanbulda", true),
            ("Kıtaphana", "kytaphana", true),
            ("Milli kitaphana", "maslahat", false),
            ("Milli kitaphanasy", "kitaphana", false),
            ("«Kitaphana»", "kitaphana", true),
            ("Meñ kitabym", "meň", true),
            ("Библиотека открылась", "библиотека", true),
            ("y\u{301}ylyň kitaby", "ýylyň", true),
            ("Учёный совет библиотеки", "ученый", true),
            ("Ученые и учёный", "учёные", true),
            ("Ученый совет", "ученый", true),
            ("Ёлка в библиотеке", "елка", true),
            ("Ёлка в библиотеке", "библиотеке", true),
            ("Новые библиотеки", "библиотеке", false),
            ("TÄZE KITAPLAR", "täze", true),
            ("Täzeçe kitap", "täze", false),
            ("ŞÄHERIŇ ÝAŞLARY we Žurnal", "ýaşlary", true),
            ("ŞÄHERIŇ ÝAŞLARY we Žurnal", "žurnal", true),
            ("Z\u{30C}urnal", "žurnal", true),
            ("täzelik", "täze", false),
        ];
        for (raw, typed, expected) in cases {
            let w = normalize(Norm::Neutral, typed);
            let slow = contains_word(&normalize(Norm::Neutral, raw), &w);
            assert_eq!(slow, *expected, "{raw:?} {typed:?}");
            let fast = SurfaceText::new(raw).contains_word(&Surface::new(w.clone()));
            assert_eq!(fast, slow, "{raw:?} {typed:?}");
        }
    }

    /// The same agreement over every word (and a longer non-word) of every bundled article's opening.
    #[test]
    fn opening_check_agrees_on_the_bundled_corpus() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        if !corpus.is_dir() {
            println!("skipped: no bundled corpus at {}", corpus.display());
            return;
        }
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(&corpus).into_iter().flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let mut start = 0;
            while start < text.len() {
                let raw = prefix(&text[start..], SURFACE_WINDOW_BYTES);
                start += raw.len();
                let mut surface = SurfaceText::new(raw);
                let whole = normalize(Norm::Neutral, raw);
                for token in raw.split_whitespace() {
                    let word = normalize(
                        Norm::Neutral,
                        token.trim_matches(|c: char| !c.is_alphanumeric()),
                    );
                    for w in [word.clone(), format!("{word}lar")] {
                        if w.is_empty() {
                            continue;
                        }
                        let fast = surface.contains_word(&Surface::new(w.clone()));
                        assert_eq!(fast, contains_word(&whole, &w), "{w:?} in {raw:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10_000, "only {checked} words checked");
    }

    /// The character-level rule [`simple_lowercase`] implements on bytes.
    fn simple_lowercase_by_chars(text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| match c {
                'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
                'Ѐ'..='Џ' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
                'Ä' | 'Ç' | 'Ň' | 'Ö' | 'Ş' | 'Ü' | 'Ý' | 'Ž' => {
                    c.to_lowercase().next().unwrap_or(c)
                }
                _ => c.to_ascii_lowercase(),
            })
            .collect::<String>()
            .into_bytes()
    }

    proptest::proptest! {
        /// Whole texts, not single characters: the byte helpers look at neighbouring bytes.
        #[test]
        fn byte_helpers_agree_with_their_character_rules(
            text in "[a-zA-Z0-9 .,«»—\u{AD}\u{130}\u{131}\u{300}-\u{36F}\u{400}-\u{4FF}\u{200B}-\u{200D}\u{FEFF}ýňöüçşžÝŇÖÜÇŞŽ]{0,64}|\\PC{0,64}"
        ) {
            proptest::prop_assert_eq!(simple_lowercase(&text), simple_lowercase_by_chars(&text));
            proptest::prop_assert_eq!(
                has_unsafe_for_runs(&text),
                text.chars().any(unsafe_for_runs)
            );
        }
    }
}
