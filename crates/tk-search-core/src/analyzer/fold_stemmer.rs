//! Token filter of the folded field: ASCII folding ([`crate::fold`]) and then the Turkmen stemmer for
//! folded text ([`crate::stem::tk::stem_folded`]).

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::fold::{fold_into, needs_folding};
use crate::stem::{tk, StemCache};

/// Folds each token to ASCII letters and strips Turkmen inflection from the folded word.
#[derive(Clone, Copy, Debug, Default)]
pub struct FoldStemmer;

impl TokenFilter for FoldStemmer {
    type Tokenizer<T: Tokenizer> = FoldStemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FoldStemmerTokenizer<T> {
        FoldStemmerTokenizer(tokenizer, StemCache::default())
    }
}

/// [`FoldStemmer`] wrapped around a tokenizer.
#[derive(Clone)]
pub struct FoldStemmerTokenizer<T>(T, StemCache);

impl<T: Tokenizer> Tokenizer for FoldStemmerTokenizer<T> {
    type TokenStream<'a> = FoldStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldStemmerStream {
            tail: self.0.token_stream(text),
            buffer: String::new(),
            cache: &mut self.1,
        }
    }
}

/// The stream of [`FoldStemmer`].
pub struct FoldStemmerStream<'a, S> {
    tail: S,
    buffer: String,
    cache: &'a mut StemCache,
}

impl<S: TokenStream> TokenStream for FoldStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if needs_folding(&token.text) {
            fold_into(&token.text, &mut self.buffer);
            std::mem::swap(&mut token.text, &mut self.buffer);
        }
        if super::is_word(&token.text) {
            self.cache.stem(&mut token.text, tk::stem_folded);
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
