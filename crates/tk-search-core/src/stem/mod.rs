//! Stemming: inflection-only for Turkmen ([`tk`]), Snowball for Russian and English (the `frostem` crate
//! tantivy uses), every stemmer behind a per-thread memo ([`stem_memo`]).

mod cache;
pub mod tk;

pub(crate) use cache::normalize_memo;
pub use cache::{stem_memo, Stemmer};
