//! The languages tk-search analyses.

use std::fmt;
use std::str::FromStr;

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

impl Lang {
    /// All analysed languages, in field order.
    pub const ALL: [Lang; 3] = [Lang::Tk, Lang::Ru, Lang::En];

    /// The language's place in [`Lang::ALL`] (for arrays kept per language).
    pub fn index(self) -> usize {
        match self {
            Lang::Tk => 0,
            Lang::Ru => 1,
            Lang::En => 2,
        }
    }

    /// The ISO 639-1 code: `tk`, `ru` or `en`.
    ///
    /// ```
    /// assert_eq!(tantivy_turkmen::Lang::Tk.code(), "tk");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Lang::Tk => "tk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;

    /// Parses `tk`, `ru`, `en` (any case, surrounding spaces ignored; `tuk`, `rus`, `eng` too).
    fn from_str(s: &str) -> Result<Self, UnknownLang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "tk" | "tuk" | "turkmen" => Ok(Lang::Tk),
            "ru" | "rus" | "russian" => Ok(Lang::Ru),
            "en" | "eng" | "english" => Ok(Lang::En),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

/// A language code that is not `tk`, `ru` or `en`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: expected tk, ru or en")]
pub struct UnknownLang(pub String);

/// A document's language as stored in the index: one of [`Lang`], or unknown when detection was unsure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocLang {
    /// A known language.
    Known(Lang),
    /// Detection was unreliable; the document is indexed under every language.
    Unknown,
}

impl DocLang {
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
