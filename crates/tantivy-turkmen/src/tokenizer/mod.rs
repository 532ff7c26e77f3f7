//! The tantivy analyzers, one per index field family, composed with `TextAnalyzer::builder`:
//!
//! | name   | chain                                                                        |
//! |--------|------------------------------------------------------------------------------|
//! | `tk`   | [`SegmentTokenizer`] (Turkmen normalisation) → [`TurkmenStemmer`]            |
//! | `ru`   | [`SegmentTokenizer`] (Russian normalisation, ё→е) → [`SnowballStemmer`] Russian |
//! | `en`   | [`SegmentTokenizer`] (English normalisation) → [`SnowballStemmer`] English     |
//! | `fold` | [`SegmentTokenizer`] (neutral normalisation) → [`FoldStemmer`] (ASCII fold + folded Turkmen stem) |
//!
//! Every chain ends with tantivy's `RemoveLongFilter`. Token offsets always point into the original text.
//!
//! The analyzers registered for the index fuse each chain's normalisation and stemming into the tokenizer
//! ([`SegmentTokenizer`] with a chain), so that one per-thread memo lookup per token gives the final term;
//! [`composed`] builds the same chains from the filters above, and tests (`tests/never_panic.rs`) hold the
//! two to the same tokens on the bundled corpus and on generated text.

mod fold_stemmer;
mod segment_tokenizer;
mod snowball_stemmer;
mod turkmen_stemmer;

pub use fold_stemmer::FoldStemmer;
pub use segment_tokenizer::SegmentTokenizer;
pub use snowball_stemmer::SnowballStemmer;
pub use turkmen_stemmer::TurkmenStemmer;

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, TokenizerManager};

use crate::lang::Lang;
use crate::normalize::Norm;
use crate::stem::Chain;

/// Terms longer than this many bytes are dropped (a 10 000-letter "word" is noise, not vocabulary).
pub const MAX_TERM_BYTES: usize = 120;

/// The analyzer of a language's exact fields.
///
/// ```
/// use tantivy::tokenizer::TokenStream;
/// let mut analyzer = tk_search_core::analyzer::for_lang(tk_search_core::Lang::Tk);
/// let mut stream = analyzer.token_stream("Onlaýn-maslahatyna");
/// let mut terms = Vec::new();
/// while let Some(token) = stream.next() {
///     terms.push(token.text.clone());
/// }
/// assert_eq!(terms, ["onlaýnmaslahat", "onlaýn", "maslahat"]);
/// ```
pub fn for_lang(lang: Lang) -> TextAnalyzer {
    let chain = match lang {
        Lang::Tk => Chain::Tk,
        Lang::Ru => Chain::Ru,
        Lang::En => Chain::En,
    };
    TextAnalyzer::builder(SegmentTokenizer::with_terms(chain))
        .filter(RemoveLongFilter::limit(MAX_TERM_BYTES))
        .build()
}

/// The analyzer of the language-neutral folded field.
pub fn folded() -> TextAnalyzer {
    TextAnalyzer::builder(SegmentTokenizer::with_terms(Chain::Folded))
        .filter(RemoveLongFilter::limit(MAX_TERM_BYTES))
        .build()
}

/// The same chains composed from their filters — [`SegmentTokenizer`] then [`TurkmenStemmer`],
/// [`SnowballStemmer`] or [`FoldStemmer`] — which [`for_lang`] and [`folded`] fuse into one memoised step;
/// `None` is the folded chain. For embedding a stage elsewhere, and as the reference the fused chains are
/// tested against.
pub fn composed(lang: Option<Lang>) -> TextAnalyzer {
    let long = RemoveLongFilter::limit(MAX_TERM_BYTES);
    match lang {
        Some(Lang::Tk) => TextAnalyzer::builder(SegmentTokenizer::new(Norm::Tk))
            .filter(TurkmenStemmer)
            .filter(long)
            .build(),
        Some(Lang::Ru) => TextAnalyzer::builder(SegmentTokenizer::new(Norm::Ru))
            .filter(SnowballStemmer::RUSSIAN)
            .filter(long)
            .build(),
        Some(Lang::En) => TextAnalyzer::builder(SegmentTokenizer::new(Norm::En))
            .filter(SnowballStemmer::ENGLISH)
            .filter(long)
            .build(),
        None => TextAnalyzer::builder(SegmentTokenizer::new(Norm::Neutral).latin_only())
            .filter(FoldStemmer)
            .filter(long)
            .build(),
    }
}

/// The tokenizer name a language's fields are registered under (`tk`, `ru`, `en`).
pub fn name(lang: Lang) -> &'static str {
    lang.code()
}

/// The tokenizer name of the folded field.
pub const FOLDED: &str = "fold";

/// Registers every tk-search analyzer on a tantivy tokenizer manager (done on every open of an index).
pub fn register(manager: &TokenizerManager) {
    for lang in Lang::ALL {
        manager.register(name(lang), for_lang(lang));
    }
    manager.register(FOLDED, folded());
}

/// Whether a token is a word that inflects (letters only): numbers, URLs and e-mail addresses are not
/// stemmed.
pub(crate) fn is_word(text: &str) -> bool {
    // Segments are words, numbers or URLs; non-ASCII bytes belong to letters.
    text.bytes()
        .all(|b| b >= 0x80 || b.is_ascii_alphabetic() || b == b'\'')
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenStream;

    /// (term, from, to, position)
    type Expected<'a> = (&'a str, usize, usize, usize);

    /// (text, expected tokens)
    fn assert_tokens(analyzer: &mut TextAnalyzer, cases: &[(&str, &[Expected<'_>])]) {
        for (text, expected) in cases {
            let mut stream = analyzer.token_stream(text);
            let mut got = Vec::new();
            while let Some(t) = stream.next() {
                got.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
            }
            let expected: Vec<_> = expected
                .iter()
                .map(|(t, f, to, p)| (t.to_string(), *f, *to, *p))
                .collect();
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn turkmen_chain_keeps_offsets_into_the_original() {
        assert_tokens(
            &mut for_lang(Lang::Tk),
            &[
                ("Kitaby", &[("kitap", 0, 6, 0)]),
                (
                    "«Onlaýn-maslahatyna»",
                    &[
                        ("onlaýnmaslahat", 2, 21, 0),
                        ("onlaýn", 2, 9, 0),
                        ("maslahat", 10, 21, 1),
                    ],
                ),
                ("2021-nji ýylda", &[("2021", 0, 4, 0), ("ýyl", 9, 15, 1)]),
                ("ABŞ-da", &[("abş", 0, 4, 0)]),
                ("китапханасында", &[("kitaphana", 0, 28, 0)]),
            ],
        );
    }

    #[test]
    fn russian_and_english_chains() {
        assert_tokens(
            &mut for_lang(Lang::Ru),
            &[(
                "Учёных библиотеки",
                &[("учен", 0, 12, 0), ("библиотек", 13, 33, 1)],
            )],
        );
        assert_tokens(
            &mut for_lang(Lang::En),
            &[(
                "Libraries celebrated",
                &[("librari", 0, 9, 0), ("celebr", 10, 20, 1)],
            )],
        );
    }

    #[test]
    fn folded_chain() {
        assert_tokens(
            &mut folded(),
            &[
                ("Kitaplaryň", &[("kitap", 0, 11, 0)]),
                ("kitaplaryn", &[("kitap", 0, 10, 0)]),
                ("onlaýn", &[("onlayn", 0, 7, 0)]),
            ],
        );
    }
}
