//! Token filter of the folded field: keeps Latin-script words only, folds them to ASCII ([`crate::fold`]) and
//! strips Turkmen inflection from the folded word ([`crate::stem::tk::stem_folded`]).
//!
//! Folding and the folded stemmer only concern the Latin alphabet; Cyrillic words and bare numbers are
//! matched in the language fields already, so the folded field does not repeat them.

use tantivy_tokenizer_api::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::fold::{fold_into, needs_folding};
use crate::stem::{stem_memo, Stemmer};

/// Folds each token to ASCII letters and strips Turkmen inflection from the folded word.
#[derive(Clone, Copy, Debug, Default)]
pub struct FoldStemmer;

impl TokenFilter for FoldStemmer {
    type Tokenizer<T: Tokenizer> = FoldStemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FoldStemmerTokenizer<T> {
        FoldStemmerTokenizer(tokenizer)
    }
}

/// [`FoldStemmer`] wrapped around a tokenizer.
#[derive(Clone)]
pub struct FoldStemmerTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for FoldStemmerTokenizer<T> {
    type TokenStream<'a> = FoldStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldStemmerStream {
            tail: self.0.token_stream(text),
            buffer: String::new(),
        }
    }
}

/// The folded field's step after normalisation: folds `word` to ASCII (through `buffer`) and strips its
/// Turkmen inflection with `stem`; `false`, leaving it as it is, for a word with no Latin letter, which the
/// folded field does not index. Shared by this filter and the fused folded chain.
pub(crate) fn fold_word(
    word: &mut String,
    buffer: &mut String,
    stem: impl FnOnce(&mut String),
) -> bool {
    if !super::segment_tokenizer::has_latin_letter(word) {
        return false;
    }
    if needs_folding(word) {
        fold_into(word, buffer);
        std::mem::swap(word, buffer);
    }
    if super::is_word(word) {
        stem(word);
    }
    true
}

/// The stream of [`FoldStemmer`].
pub struct FoldStemmerStream<S> {
    tail: S,
    buffer: String,
}

impl<S: TokenStream> TokenStream for FoldStemmerStream<S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let word = &mut self.tail.token_mut().text;
            if fold_word(word, &mut self.buffer, |w| stem_memo(w, Stemmer::Folded)) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
