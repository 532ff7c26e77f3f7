//! Re-ranking the candidates: bonuses scored on the top candidates only (a phrase's positions are read
//! for them, not for every match).

use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, TERMINATED};

use crate::error::Result;

/// A hit while it is re-ranked: its score so far, the bonuses added to it (shown by `--explain`, which
/// tantivy's explanation of the query does not cover) and where it is.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    /// The query's score plus every bonus so far.
    pub(super) score: Score,
    /// The phrase bonuses added ([`add_scores`]).
    pub(super) phrase: Score,
    /// The exact-form bonus added.
    pub(super) exact_form: Score,
    /// The document.
    pub(super) address: DocAddress,
}

impl Candidate {
    /// A candidate with the query's score and no bonus yet.
    pub(super) fn new(score: Score, address: DocAddress) -> Candidate {
        Candidate {
            score,
            phrase: 0.0,
            exact_form: 0.0,
            address,
        }
    }
}

/// Adds `weight` × `query`'s score to each candidate that it matches (checking each segment's scorer at the
/// candidates, in document order), to its score and its phrase bonus. Cheapest for a single term or phrase
/// query; a boolean query works too, but its scorers may scan ahead of the candidates (used so for the few
/// hits of a date-ordered page only).
pub(super) fn add_scores(
    searcher: &Searcher,
    query: &dyn Query,
    weight: Score,
    hits: &mut [Candidate],
) -> Result<()> {
    let query_weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut order: Vec<usize> = (0..hits.len()).collect();
    order.sort_by_key(|&i| (hits[i].address.segment_ord, hits[i].address.doc_id));
    // Per segment: the scorer and the lowest document it may still match. Before any `seek_danger` that is
    // its current document; after one, only `seek_danger` (with a target at or above the bound) and, when it
    // found its target, `score` may be called.
    let mut current: Option<(u32, Box<dyn tantivy::query::Scorer>, DocId)> = None;
    for i in order {
        let address = hits[i].address;
        if current.as_ref().map(|c| c.0) != Some(address.segment_ord) {
            let reader = searcher.segment_reader(address.segment_ord);
            let scorer = query_weight.scorer(reader, 1.0)?;
            let first = scorer.doc();
            current = Some((address.segment_ord, scorer, first));
        }
        let Some((_, scorer, bound)) = current.as_mut() else {
            continue;
        };
        // `seek_danger` checks the candidate alone, instead of scanning on to the next match as `seek`
        // does: that scan would read the positions of every document in between.
        let target = address.doc_id;
        let found = if target < *bound || *bound == TERMINATED {
            false
        } else if target == *bound && scorer.doc() == target {
            true
        } else {
            match scorer.seek_danger(target) {
                SeekDangerResult::Found => {
                    *bound = target;
                    true
                }
                SeekDangerResult::SeekLowerBound(lower) => {
                    *bound = lower;
                    false
                }
            }
        };
        if found {
            let score = weight * scorer.score();
            hits[i].score += score;
            hits[i].phrase += score;
        }
    }
    Ok(())
}
