//! English: the shared steps only; Snowball English; function words.

use super::{Language, Script};

/// English.
pub(crate) static LANGUAGE: Language = Language {
    code: "en",
    names: &["eng", "english"],
    push_char: |c, _, out| out.push(c),
    neutral_char: |c| c,
    stem: crate::stem::snowball_english,
    function_words: FUNCTION_WORDS,
    whatlang: whatlang::Lang::Eng,
    script: Script::Latin,
    own_latin_letters: |_| false,
    own_cyrillic_letters: |_| false,
    cue_words: CUE_WORDS,
};

/// Words no Turkmen text has, typed in ASCII or not: not `we` (Turkmen "and"), `on` ("ten"), `at`
/// ("horse"), `it` ("dog"), `has` ("more"), `in`/`is`/`as` (`iň`, `iş`, `aş` without their letters), `a`,
/// `an`, `be`.
const CUE_WORDS: &[&str] = &[
    "the", "of", "and", "to", "for", "with", "from", "that", "this", "was", "were", "are", "have",
    "been", "which", "their", "by",
];

/// Articles, prepositions and conjunctions.
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from",
    "between", "about", "into", "is", "are", "was", "were", "be", "its", "it", "as", "that",
    "this", "how", "what",
];
