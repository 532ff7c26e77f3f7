//! Token filter: the Turkmen inflection stemmer ([`crate::stem::tk::stem`]) on every word token.

use tantivy_tokenizer_api::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::stem::{stem_memo, Stemmer};

/// Strips Turkmen inflection from each word token in place (numbers and URLs pass through).
#[derive(Clone, Copy, Debug, Default)]
pub struct TurkmenStemmer;

impl TokenFilter for TurkmenStemmer {
    type Tokenizer<T: Tokenizer> = TurkmenStemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> TurkmenStemmerTokenizer<T> {
        TurkmenStemmerTokenizer(tokenizer)
    }
}

/// [`TurkmenStemmer`] wrapped around a tokenizer.
#[derive(Clone)]
pub struct TurkmenStemmerTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for TurkmenStemmerTokenizer<T> {
    type TokenStream<'a> = TurkmenStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        TurkmenStemmerStream(self.0.token_stream(text))
    }
}

/// The stream of [`TurkmenStemmer`].
pub struct TurkmenStemmerStream<S>(S);

impl<S: TokenStream> TokenStream for TurkmenStemmerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        if super::is_word(&token.text) {
            stem_memo(&mut token.text, Stemmer::Exact);
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
