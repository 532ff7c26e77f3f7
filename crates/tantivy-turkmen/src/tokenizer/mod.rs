//! The tantivy tokenizers, one per index field family; each runs a whole analysis chain:
//!
//! | name   | chain                                                                        |
//! |--------|------------------------------------------------------------------------------|
//! | `tk`   | [`segment`](crate::segment) → Turkmen normalisation → Turkmen inflection stemmer |
//! | `ru`   | [`segment`](crate::segment) → Russian normalisation (ё→е) → Snowball Russian     |
//! | `en`   | [`segment`](crate::segment) → English normalisation → Snowball English           |
//! | `fold` | [`segment`](crate::segment) (Latin-script pieces) → neutral normalisation → ASCII fold → folded Turkmen stem |
//!
//! Terms of [`MAX_TERM_BYTES`] bytes or more are dropped. Token offsets always point into the original text.
//!
//! [`for_lang`] and [`folded`] fuse each chain's normalisation and stemming into the [`SegmentTokenizer`], so
//! that one per-thread memo lookup per token gives the final term. The same chains can be composed from the
//! filters — [`SegmentTokenizer::new`] then [`LangStemmer`] or [`FoldStemmer`] — for embedding a stage
//! elsewhere; tests hold the fused and composed chains to the same tokens.

mod fold_stemmer;
mod lang_stemmer;
mod segment_tokenizer;

pub use fold_stemmer::FoldStemmer;
pub use lang_stemmer::LangStemmer;
pub use segment_tokenizer::SegmentTokenizer;

use crate::lang::Lang;
use crate::stem::Chain;

/// Terms this long (in bytes) or longer are dropped (a 10 000-letter "word" is noise, not vocabulary); the
/// same limit as tantivy's `RemoveLongFilter::limit(MAX_TERM_BYTES)`.
pub const MAX_TERM_BYTES: usize = 120;

/// The tokenizer of a language's exact fields.
///
/// ```
/// use tantivy_tokenizer_api::{TokenStream, Tokenizer};
/// let mut tokenizer = tantivy_turkmen::tokenizer::for_lang(tantivy_turkmen::Lang::Tk);
/// let mut stream = tokenizer.token_stream("Onlaýn-maslahatyna");
/// let mut terms = Vec::new();
/// while let Some(token) = stream.next() {
///     terms.push(token.text.clone());
/// }
/// assert_eq!(terms, ["onlaýnmaslahat", "onlaýn", "maslahat"]);
/// ```
pub fn for_lang(lang: Lang) -> SegmentTokenizer {
    SegmentTokenizer::with_terms(Chain::Lang(lang))
}

/// The tokenizer of the language-neutral folded field.
pub fn folded() -> SegmentTokenizer {
    SegmentTokenizer::with_terms(Chain::Folded)
}

/// The tokenizer name a language's fields are registered under (`tk`, `ru`, `en`).
pub fn name(lang: Lang) -> &'static str {
    lang.code()
}

/// The tokenizer name of the folded field.
pub const FOLDED: &str = "fold";

/// Every tokenizer with the name to register it under: one per language ([`name`]) and the folded one
/// ([`FOLDED`]).
pub fn all() -> impl Iterator<Item = (&'static str, SegmentTokenizer)> {
    Lang::ALL
        .into_iter()
        .map(|lang| (name(lang), for_lang(lang)))
        .chain(std::iter::once((FOLDED, folded())))
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
    use tantivy_tokenizer_api::{TokenStream, Tokenizer};

    /// (term, from, to, position)
    type Expected<'a> = (&'a str, usize, usize, usize);

    /// (text, expected tokens)
    fn assert_tokens(analyzer: &mut SegmentTokenizer, cases: &[(&str, &[Expected<'_>])]) {
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
