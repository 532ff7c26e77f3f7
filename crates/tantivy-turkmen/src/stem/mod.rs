//! Stemming: inflection-only for Turkmen ([`tk`]), Snowball for Russian and English (the `frostem` crate
//! tantivy uses), every stemmer behind a per-thread memo ([`stem_memo`]).

mod cache;
pub mod tk;

pub(crate) use cache::{
    normalize_in_place, normalize_memo, snowball_english, snowball_russian, term_memo,
    term_memo_covered, warm_terms, with_scratch, Chain,
};
pub use cache::{stem_memo, Stemmer};
