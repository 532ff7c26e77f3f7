//! Token filter: a language's stemmer on every token, through the per-thread stem memo: the Turkmen
//! inflection stemmer ([`crate::stem::tk::stem`], words only), Snowball Russian or English (the algorithms
//! tantivy's `Stemmer` filter runs: both use the `frostem` crate).

use tantivy_tokenizer_api::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::lang::Lang;
use crate::stem::{stem_memo, Stemmer};

/// Stems each token in place with its language's stemmer, memoised.
#[derive(Clone, Copy, Debug)]
pub struct LangStemmer(pub Lang);

impl TokenFilter for LangStemmer {
    type Tokenizer<T: Tokenizer> = LangStemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> LangStemmerTokenizer<T> {
        LangStemmerTokenizer(tokenizer, self.0)
    }
}

/// [`LangStemmer`] wrapped around a tokenizer.
#[derive(Clone)]
pub struct LangStemmerTokenizer<T>(T, Lang);

impl<T: Tokenizer> Tokenizer for LangStemmerTokenizer<T> {
    type TokenStream<'a> = LangStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        LangStemmerStream(self.0.token_stream(text), self.1)
    }
}

/// The stream of [`LangStemmer`].
pub struct LangStemmerStream<S>(S, Lang);

impl<S: TokenStream> TokenStream for LangStemmerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        stem_memo(&mut self.0.token_mut().text, Stemmer::Lang(self.1));
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
        let cases: &[(LangStemmer, Language, &str)] = &[
            (
                LangStemmer(Lang::Ru),
                Language::Russian,
                "библиотеками читателей выставка книгами учеными библиотеки",
            ),
            (
                LangStemmer(Lang::En),
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
