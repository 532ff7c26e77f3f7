//! # tantivy-turkmen
//!
//! Text analysis for Turkmen, Russian and English search with [tantivy](https://docs.rs/tantivy):
//! normalisation of legacy and keyboard spellings (and of Cyrillic Turkmen), hyphen/ordinal/abbreviation-aware
//! segmentation, an inflection-only Turkmen suffix stemmer, Snowball for Russian and English, ASCII folding,
//! and per-document language detection. Each analysis chain is a tantivy [`Tokenizer`](tantivy_tokenizer_api::Tokenizer)
//! whose tokens carry byte offsets into the original text.
//!
//! The crate depends on `tantivy-tokenizer-api`, not on tantivy itself.
//!
//! The pipeline, one module per stage: [`detect`] → [`normalize`] → [`segment`] → [`stem`] (+ [`fold`]) →
//! [`tokenizer`]; [`lang`] describes the languages and [`analyze`] shows every stage of a text.

pub mod analyze;
pub mod detect;
pub mod fold;
pub mod lang;
pub mod normalize;
pub mod segment;
pub mod stem;
pub mod tokenizer;

pub use lang::{DocLang, Lang, UnknownLang};
