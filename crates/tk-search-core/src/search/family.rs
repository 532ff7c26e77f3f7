//! Scoring a folded word with the statistics the one folded field would have given it.
//!
//! A Turkmen document's folded fields keep only the exceptions (see `schema`): a folded query word is
//! matched in the folded fields and, as the terms that fold to it, in the Turkmen fields. Scored with each
//! field's own statistics, a spelling would weigh by its own rarity (a rare ASCII spelling of a common word
//! far above the usual one) and by the Turkmen field's average length. [`FoldedStats`] scores its query
//! with the statistics of the word's family instead — the sum of the document counts of the folded term in
//! the folded field and of its spellings in the Turkmen field, and the two fields' token counts together —
//! which is what the folded field, holding every folded term, gave before.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Query, Weight};
use tantivy::schema::Field;
use tantivy::Term;

/// The statistics [`FoldedStats`] scores with.
#[derive(Debug, Default)]
pub(super) struct Family {
    /// Each folded field with its Turkmen field: the token counts of a pair are counted together.
    pub(super) pairs: Vec<(Field, Field)>,
    /// The document count to score each term with (its family's).
    pub(super) doc_freq: HashMap<Term, u64>,
}

/// A query scored with [`Family`] statistics.
#[derive(Debug, Clone)]
pub(super) struct FoldedStats {
    inner: Arc<dyn Query>,
    family: Arc<Family>,
}

impl FoldedStats {
    /// `inner` scored with `family`'s statistics.
    pub(super) fn new(inner: Box<dyn Query>, family: Arc<Family>) -> FoldedStats {
        FoldedStats {
            inner: Arc::from(inner),
            family,
        }
    }
}

struct Provider<'a> {
    base: &'a dyn Bm25StatisticsProvider,
    family: &'a Family,
}

impl Bm25StatisticsProvider for Provider<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let own = self.base.total_num_tokens(field)?;
        let partner = self.family.pairs.iter().find_map(|&(a, b)| {
            if a == field {
                Some(b)
            } else if b == field {
                Some(a)
            } else {
                None
            }
        });
        match partner {
            Some(other) => Ok(own + self.base.total_num_tokens(other)?),
            None => Ok(own),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.base.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        match self.family.doc_freq.get(term) {
            Some(&n) => Ok(n),
            None => self.base.doc_freq(term),
        }
    }
}

impl Query for FoldedStats {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        match enable_scoring {
            EnableScoring::Enabled {
                searcher,
                statistics_provider,
            } => {
                let provider = Provider {
                    base: statistics_provider,
                    family: &self.family,
                };
                self.inner
                    .weight(EnableScoring::enabled_from_statistics_provider(
                        &provider, searcher,
                    ))
            }
            disabled => self.inner.weight(disabled),
        }
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}
