//! Stemming: inflection-only for Turkmen ([`tk`]), Snowball for Russian and English (through tantivy).

mod cache;
pub mod tk;

pub use cache::{stem_memo, Stemmer};

use tantivy::tokenizer::Language;

use crate::lang::Lang;

/// The tantivy/Snowball algorithm tk-search uses for a language, or `None` for Turkmen (which has its own).
pub fn snowball_language(lang: Lang) -> Option<Language> {
    match lang {
        Lang::Tk => None,
        Lang::Ru => Some(Language::Russian),
        Lang::En => Some(Language::English),
    }
}
