//! Russian: `ё` is written as `е` in most texts, so both meet as `е`; Snowball Russian; function words.

use super::{Language, Script};

/// Russian.
pub(crate) static LANGUAGE: Language = Language {
    code: "ru",
    names: &["rus", "russian"],
    push_char: |c, _, out| out.push(map_char(c)),
    neutral_char: map_char,
    stem: crate::stem::snowball_russian,
    function_words: FUNCTION_WORDS,
    whatlang: whatlang::Lang::Rus,
    script: Script::Cyrillic,
    own_latin_letters: |_| false,
    own_cyrillic_letters: |_| false,
    cue_words: &[],
};

/// Maps a lowercase character: `ё`→`е`.
pub(crate) fn map_char(c: char) -> char {
    if c == 'ё' {
        'е'
    } else {
        c
    }
}

/// Prepositions, conjunctions and particles (ё written as е).
const FUNCTION_WORDS: &[&str] = &[
    "и",
    "в",
    "во",
    "на",
    "с",
    "со",
    "о",
    "об",
    "обо",
    "по",
    "к",
    "ко",
    "из",
    "для",
    "от",
    "до",
    "за",
    "у",
    "а",
    "но",
    "не",
    "ни",
    "же",
    "ли",
    "бы",
    "при",
    "под",
    "над",
    "про",
    "через",
    "между",
    "как",
    "что",
    "это",
    "или",
];
