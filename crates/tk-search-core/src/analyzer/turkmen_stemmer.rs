//! Token filter: the Turkmen inflection stemmer ([`crate::stem::tk::stem`]) on every word token.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::stem::{tk, StemCache};

/// Strips Turkmen inflection from each word token in place (numbers and URLs pass through).
#[derive(Clone, Copy, Debug, Default)]
pub struct TurkmenStemmer;

impl TokenFilter for TurkmenStemmer {
    type Tokenizer<T: Tokenizer> = TurkmenStemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> TurkmenStemmerTokenizer<T> {
        TurkmenStemmerTokenizer(tokenizer, StemCache::default())
    }
}

/// [`TurkmenStemmer`] wrapped around a tokenizer, with its memo of recent stems.
#[derive(Clone)]
pub struct TurkmenStemmerTokenizer<T>(T, StemCache);

impl<T: Tokenizer> Tokenizer for TurkmenStemmerTokenizer<T> {
    type TokenStream<'a> = TurkmenStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        TurkmenStemmerStream(self.0.token_stream(text), &mut self.1)
    }
}

/// The stream of [`TurkmenStemmer`].
pub struct TurkmenStemmerStream<'a, S>(S, &'a mut StemCache);

impl<S: TokenStream> TokenStream for TurkmenStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        if super::is_word(&token.text) {
            self.1.stem(&mut token.text, tk::stem);
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}
