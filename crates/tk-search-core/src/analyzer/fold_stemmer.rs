//! Token filter of the folded field: keeps Latin-script words only, folds them to ASCII ([`crate::fold`]) and
//! strips Turkmen inflection from the folded word ([`crate::stem::tk::stem_folded`]).
//!
//! Folding and the folded stemmer only concern the Latin alphabet; Cyrillic words and bare numbers are
//! matched in the language fields already, so the folded field does not repeat them.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

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

/// The stream of [`FoldStemmer`].
pub struct FoldStemmerStream<S> {
    tail: S,
    buffer: String,
}

impl<S: TokenStream> TokenStream for FoldStemmerStream<S> {
    fn advance(&mut self) -> bool {
        loop {
            if !self.tail.advance() {
                return false;
            }
            if super::segment_tokenizer::has_latin_letter(&self.tail.token().text) {
                break;
            }
        }
        let token = self.tail.token_mut();
        if needs_folding(&token.text) {
            fold_into(&token.text, &mut self.buffer);
            std::mem::swap(&mut token.text, &mut self.buffer);
        }
        if super::is_word(&token.text) {
            stem_memo(&mut token.text, Stemmer::Folded);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
