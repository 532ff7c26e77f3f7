//! The languages analysed: each file of this folder describes one ([`Language`]): its code and names, its
//! letter normalisation, its stemmer, its function words and how detection recognises it. Everything else
//! (normalisation, stemming, the tokenizers, detection, the index fields) iterates over [`Lang::ALL`].
//!
//! Adding a language: a file here with its `LANGUAGE`, a variant of [`Lang`] and its entry in `LANGUAGES`.

use std::fmt;
use std::str::FromStr;

pub(crate) mod en;
pub(crate) mod ru;
pub(crate) mod tk;

/// A language with its own analysis chain and index fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// Turkmen (Latin alphabet; Cyrillic Turkmen is transliterated).
    Tk,
    /// Russian.
    Ru,
    /// English.
    En,
}

/// The description of every language, in [`Lang`] order.
static LANGUAGES: [&Language; 3] = [&tk::LANGUAGE, &ru::LANGUAGE, &en::LANGUAGE];

/// Everything the analysis knows about one language.
#[derive(Debug)]
pub(crate) struct Language {
    /// The ISO 639-1 code: the tokenizer name and the index field suffix.
    pub(crate) code: &'static str,
    /// Other names accepted for it (lowercase).
    pub(crate) names: &'static [&'static str],
    /// Pushes the language's form of one lowercased character (the character before it in the input is
    /// `prev`), after the steps every language shares.
    pub(crate) push_char: fn(char, Option<char>, &mut String),
    /// The language's letter fixes that the language-neutral (folded) normalisation keeps too: spelling
    /// variants of one letter, never a transliteration.
    pub(crate) neutral_char: fn(char) -> char,
    /// Stems one normalised token in place.
    pub(crate) stem: fn(&mut String),
    /// Function words (normalised): a query does not require them.
    pub(crate) function_words: &'static [&'static str],
    /// Its label in whatlang, for a text in its script that the letter cues do not decide.
    pub(crate) whatlang: whatlang::Lang,
    /// The script detection counts its text in.
    pub(crate) script: Script,
    /// Latin letters of this language that the other analysed languages (and their near neighbours) lack: a
    /// Latin-script text where they make up at least 1 % of the letters is this language.
    pub(crate) own_latin_letters: fn(char) -> bool,
    /// Cyrillic letters only this language has: a Cyrillic-script text with one is this language.
    pub(crate) own_cyrillic_letters: fn(char) -> bool,
    /// Common words (lowercase ASCII) that neither of the other languages writes, not
    /// even Turkmen typed in ASCII: Latin-script text where they make up a good share of the words is
    /// this language (detection asks whatlang only when neither these nor the letters decide).
    pub(crate) cue_words: &'static [&'static str],
}

/// A writing system, as detection counts letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    /// ASCII letters and U+00C0–U+024F.
    Latin,
    /// U+0400–U+04FF.
    Cyrillic,
}

impl Lang {
    /// All analysed languages, in field order.
    pub const ALL: [Lang; 3] = [Lang::Tk, Lang::Ru, Lang::En];

    /// The language's place in [`Lang::ALL`] (for arrays kept per language).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The language's description.
    pub(crate) fn language(self) -> &'static Language {
        LANGUAGES[self.index()]
    }

    /// The ISO 639-1 code: `tk`, `ru` or `en`.
    ///
    /// ```
    /// assert_eq!(tantivy_turkmen::Lang::Tk.code(), "tk");
    /// ```
    pub fn code(self) -> &'static str {
        self.language().code
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;

    /// Parses `tk`, `ru`, `en` (any case, surrounding spaces ignored; `tuk`, `turkmen`, `rus`, `eng` … too).
    fn from_str(s: &str) -> Result<Self, UnknownLang> {
        let wanted = s.trim().to_ascii_lowercase();
        Lang::ALL
            .into_iter()
            .find(|l| l.code() == wanted || l.language().names.contains(&wanted.as_str()))
            .ok_or_else(|| UnknownLang(s.to_string()))
    }
}

/// Whether `word` (normalised: lowercase, ё→е) is a function word in any of the languages: a word with no
/// topic of its own (a conjunction, preposition, postposition, particle or article), which a query does not
/// require: with every word required, "сотрудничество с библиотеками" must not fail because a document says
/// "сотрудничество библиотек". Lists are short on purpose.
///
/// ```
/// use tantivy_turkmen::lang::is_stopword;
/// assert!(is_stopword("bilen") && is_stopword("с") && is_stopword("the"));
/// assert!(!is_stopword("kitap") && !is_stopword("библиотека"));
/// ```
pub fn is_stopword(word: &str) -> bool {
    LANGUAGES.iter().any(|l| l.function_words.contains(&word))
}

/// A language code that is not `tk`, `ru` or `en`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: expected tk, ru or en")]
pub struct UnknownLang(pub String);

/// A document's language as stored in the index: one of [`Lang`], or unknown when detection was unsure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocLang {
    /// A known language.
    Known(Lang),
    /// Detection was unreliable; the document is indexed under every language.
    Unknown,
}

impl DocLang {
    /// Every value: each language of [`Lang::ALL`], then unknown.
    pub fn all() -> impl Iterator<Item = DocLang> {
        Lang::ALL
            .into_iter()
            .map(DocLang::Known)
            .chain([DocLang::Unknown])
    }

    /// `tk`, `ru`, `en` or `unknown`.
    pub fn code(self) -> &'static str {
        match self {
            DocLang::Known(l) => l.code(),
            DocLang::Unknown => "unknown",
        }
    }

    /// Parses a stored code back (`unknown` or a [`Lang`] code).
    pub fn from_code(s: &str) -> Option<DocLang> {
        if s == "unknown" {
            return Some(DocLang::Unknown);
        }
        s.parse().ok().map(DocLang::Known)
    }
}

impl fmt::Display for DocLang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_the_place_in_all() {
        for (i, lang) in Lang::ALL.into_iter().enumerate() {
            assert_eq!(lang.index(), i);
        }
    }

    #[test]
    fn every_language_is_described_in_its_place() {
        assert_eq!(LANGUAGES.len(), Lang::ALL.len());
        let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        assert_eq!(codes, ["tk", "ru", "en"]);
        assert_eq!("Turkmen".parse::<Lang>().ok(), Some(Lang::Tk));
        assert_eq!("rus".parse::<Lang>().ok(), Some(Lang::Ru));
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>().ok(), Some(lang));
            assert_eq!(DocLang::from_code(lang.code()), Some(DocLang::Known(lang)));
        }
        assert_eq!(DocLang::from_code("unknown"), Some(DocLang::Unknown));
        assert!("de".parse::<Lang>().is_err());
        assert_eq!(" EN ".parse::<Lang>().ok(), Some(Lang::En));
    }
}
