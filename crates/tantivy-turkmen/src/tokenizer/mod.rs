//! The tantivy tokenizers, one per index field family; each runs a whole analysis chain:
//!
//! | name   | chain                                                                        |
//! |--------|------------------------------------------------------------------------------|
//! | `tk`   | [`segment`](crate::segment) → Turkmen normalisation → Turkmen inflection stemmer |
//! | `ru`   | [`segment`](crate::segment) → Russian normalisation (ё→е) → Snowball Russian     |
//! | `en`   | [`segment`](crate::segment) → English normalisation → Snowball English           |
//! | `fold` | [`segment`](crate::segment) (Latin-script pieces) → neutral normalisation → ASCII fold → folded Turkmen stem |
//! | `fold_exc` | `fold`, less the tokens the Turkmen chain's terms fold to ([`folded_exceptions`]) |
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

/// The folded chain that, on a text the Turkmen chain has just analysed on the same thread, keeps only
/// the exceptions: the tokens whose term differs from the Turkmen chain's term for the same piece with
/// its Turkmen letters folded ([`crate::fold::fold_turkmen_letters`]). For a folded field beside a
/// Turkmen field that holds the same text, whose searches look for a folded word also among the Turkmen
/// field's terms that fold to it; the two fields then hold each word once between them.
///
/// It relies on tantivy indexing a document's fields in field-id order on one thread: the Turkmen field
/// must come before this one in the schema, and the Turkmen chain's note of a text (per thread, the last
/// two texts, compared by content) is cleared when another language's chain analyses the same text — a
/// document of another or several languages keeps every token. Whenever there is no note for the text
/// (analysed elsewhere, a text over 1 MiB, the fields in another order) it keeps every token, as
/// [`folded`] does, so what it gives is always a superset of the exceptions.
///
/// ```
/// use tantivy_tokenizer_api::{TokenStream, Tokenizer};
/// use tantivy_turkmen::tokenizer::{folded_exceptions, for_lang};
/// use tantivy_turkmen::Lang;
/// let text = "Ýylyň kitaby";
/// let terms = |stream: &mut dyn TokenStream| {
///     let mut terms = Vec::new();
///     while stream.advance() {
///         terms.push(stream.token().text.clone());
///     }
///     terms
/// };
/// // Alone, it is the folded chain.
/// assert_eq!(terms(&mut folded_exceptions().token_stream(text)), ["yyln", "kitap"]);
/// // After the Turkmen chain (`ýyl`, `kitap`), only the exception is left.
/// assert_eq!(terms(&mut for_lang(Lang::Tk).token_stream(text)), ["ýyl", "kitap"]);
/// assert_eq!(terms(&mut folded_exceptions().token_stream(text)), ["yyln"]);
/// // Another language's chain on the same text clears the note.
/// let _ = terms(&mut for_lang(Lang::En).token_stream(text));
/// assert_eq!(terms(&mut folded_exceptions().token_stream(text)), ["yyln", "kitap"]);
/// ```
pub fn folded_exceptions() -> SegmentTokenizer {
    SegmentTokenizer::folded_exceptions()
}

/// The tokenizer name a language's fields are registered under (`tk`, `ru`, `en`).
pub fn name(lang: Lang) -> &'static str {
    lang.code()
}

/// The tokenizer name of the folded field.
pub const FOLDED: &str = "fold";

/// The tokenizer name of [`folded_exceptions`].
pub const FOLDED_EXCEPTIONS: &str = "fold_exc";

/// Every tokenizer with the name to register it under: one per language ([`name`]) and the folded ones
/// ([`FOLDED`], [`FOLDED_EXCEPTIONS`]).
pub fn all() -> impl Iterator<Item = (&'static str, SegmentTokenizer)> {
    Lang::ALL
        .into_iter()
        .map(|lang| (name(lang), for_lang(lang)))
        .chain([(FOLDED, folded()), (FOLDED_EXCEPTIONS, folded_exceptions())])
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

    /// Every token of a stream: (term, from, to).
    fn tokens(tokenizer: &mut SegmentTokenizer, text: &str) -> Vec<(String, usize, usize)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn folded_exceptions_keep_exactly_what_the_turkmen_terms_do_not_fold_to() {
        let texts = [
            "Geçen ýylyň iň gowy kitaplary saýlandy, Onlaýn-maslahatyna 2021-nji ýylda gatnaşdylar.",
            "ABŞ-da we Türkmenistanda kafé açyldy: https://example.org/täze we китапханасында ÝAŞ ýaş yaş.",
            "Kitaphana, kitaphanaçy, KITAPHANA; ýeňiş Ýeňiş ÄLEM älem ŽURNAL žurnal — Straße naïve.",
            "",
            "a",
        ];
        // The folded tokens that no Turkmen token of the same piece folds to.
        let exceptions_of = |all: &[(String, usize, usize)], tk: &[(String, usize, usize)]| {
            let is_noted = |(term, from, to): &(String, usize, usize)| {
                tk.iter().any(|(t, f, e)| {
                    let mut folded = String::new();
                    crate::fold::fold_turkmen_letters(t, &mut folded);
                    (f, e) == (from, to) && folded == *term
                })
            };
            all.iter()
                .filter(|t| !is_noted(t))
                .cloned()
                .collect::<Vec<_>>()
        };
        // Three rounds: the first with the Turkmen chain before the folded one (the term memo knows no
        // folded term of a new word yet: the exceptions tokenizer makes and compares it), the others after
        // it (the memo tells which pieces are covered, and their folded terms are not made again).
        for (round, text) in (0..3).flat_map(|r| texts.map(|t| (r, t))) {
            let (all, tk, kept) = if round == 0 {
                let tk = tokens(&mut for_lang(Lang::Tk), text);
                let kept = tokens(&mut folded_exceptions(), text);
                (tokens(&mut folded(), text), tk, kept)
            } else {
                let all = tokens(&mut folded(), text);
                let tk = tokens(&mut for_lang(Lang::Tk), text);
                (all, tk, tokens(&mut folded_exceptions(), text))
            };
            assert_eq!(kept, exceptions_of(&all, &tk), "round {round}: {text:?}");
            // Another language's chain on the same text (a document of unknown language) clears the note.
            let _ = tokens(&mut for_lang(Lang::Ru), text);
            assert_eq!(tokens(&mut folded_exceptions(), text), all, "{text:?}");
        }
        // Something was dropped and something kept: the test sees both sides.
        let text = texts[0];
        let _ = tokens(&mut for_lang(Lang::Tk), text);
        let kept = tokens(&mut folded_exceptions(), text);
        assert!(kept.iter().any(|(t, _, _)| t == "yyln"), "{kept:?}");
        assert!(!kept.iter().any(|(t, _, _)| t == "kitap"), "{kept:?}");
    }

    #[test]
    fn folded_exceptions_without_a_note_keep_every_token() {
        let text = "Geçen ýylyň kitaplary";
        // The Turkmen chain noted another text: nothing is dropped.
        let _ = tokens(&mut for_lang(Lang::Tk), "Başga bir tekst");
        assert_eq!(
            tokens(&mut folded_exceptions(), text),
            tokens(&mut folded(), text)
        );
        // The folded field's own chain never drops.
        let _ = tokens(&mut for_lang(Lang::Tk), text);
        assert_eq!(tokens(&mut folded(), text).len(), 3);
        // Over the memo's size the text is not remembered: nothing is dropped.
        let long = "ýylyň kitaplary ".repeat(70_000);
        let _ = tokens(&mut for_lang(Lang::Tk), &long);
        assert_eq!(
            tokens(&mut folded_exceptions(), &long).len(),
            tokens(&mut folded(), &long).len()
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
