//! Token filter: Snowball (Russian or English) on every token, through the per-thread stem memo.
//!
//! The same algorithms as tantivy's `Stemmer` filter (both run the `frostem` crate), with the memo of
//! [`crate::stem::stem_memo`] in front: most tokens of a news text have been stemmed before on this thread.

use tantivy_tokenizer_api::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::stem::{stem_memo, Stemmer};

/// Snowball stemming of each token, memoised.
#[derive(Clone, Copy, Debug)]
pub struct SnowballStemmer(Stemmer);

impl SnowballStemmer {
    /// Snowball Russian.
    pub const RUSSIAN: SnowballStemmer = SnowballStemmer(Stemmer::Russian);
    /// Snowball English.
    pub const ENGLISH: SnowballStemmer = SnowballStemmer(Stemmer::English);
}

impl TokenFilter for SnowballStemmer {
    type Tokenizer<T: Tokenizer> = SnowballStemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SnowballStemmerTokenizer<T> {
        SnowballStemmerTokenizer(tokenizer, self.0)
    }
}

/// [`SnowballStemmer`] wrapped around a tokenizer.
#[derive(Clone)]
pub struct SnowballStemmerTokenizer<T>(T, Stemmer);

impl<T: Tokenizer> Tokenizer for SnowballStemmerTokenizer<T> {
    type TokenStream<'a> = SnowballStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SnowballStemmerStream(self.0.token_stream(text), self.1)
    }
}

/// The stream of [`SnowballStemmer`].
pub struct SnowballStemmerStream<S>(S, Stemmer);

impl<S: TokenStream> TokenStream for SnowballStemmerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        stem_memo(&mut self.0.token_mut().text, self.1);
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, SimpleTokenizer, Stemmer as TantivyStemmer, TextAnalyzer};

    fn terms(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    /// Same stems as tantivy's own filter, twice over (the second pass is served by the memo).
    #[test]
    fn same_stems_as_tantivys_stemmer() {
        let cases: &[(SnowballStemmer, Language, &str)] = &[
            (
                SnowballStemmer::RUSSIAN,
                Language::Russian,
                "библиотеками читателей выставка книгами учеными библиотеки",
            ),
            (
                SnowballStemmer::ENGLISH,
                Language::English,
                "libraries celebrated generously readers reading exhibition",
            ),
        ];
        for (ours, language, text) in cases {
            for _ in 0..2 {
                let got = terms(
                    TextAnalyzer::builder(SimpleTokenizer::default())
                        .filter(*ours)
                        .build(),
                    text,
                );
                let want = terms(
                    TextAnalyzer::builder(SimpleTokenizer::default())
                        .filter(TantivyStemmer::new(*language))
                        .build(),
                    text,
                );
                assert_eq!(got, want, "{text}");
            }
        }
    }
}
