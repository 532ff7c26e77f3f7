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
    // Per segment: the scorer and the lowest document it may still match. It is only ever moved by
    // `seek_danger` (from its first candidate on, each target above the last), which checks a candidate
    // alone instead of scanning on to the next match as `seek` does (that scan would read the positions
    // of every document in between); `score` is called only where it found its target.
    let mut current: Option<(u32, Box<dyn tantivy::query::Scorer>, DocId)> = None;
    for i in order {
        let address = hits[i].address;
        let target = address.doc_id;
        let seek = match current.as_mut() {
            Some((segment, scorer, bound)) if *segment == address.segment_ord => {
                if target < *bound || *bound == TERMINATED {
                    None
                } else {
                    Some(scorer.seek_danger(target))
                }
            }
            _ => {
                // The segment's scorer starts at its first candidate (`scorer` would first seek its
                // first match).
                let reader = searcher.segment_reader(address.segment_ord);
                let (seek, scorer) = query_weight.scorer_danger(reader, target, 1.0)?;
                current = Some((address.segment_ord, scorer, target));
                Some(seek)
            }
        };
        let Some((_, scorer, bound)) = current.as_mut() else {
            continue;
        };
        let found = match seek {
            None => false,
            Some(SeekDangerResult::Found) => true,
            Some(SeekDangerResult::SeekLowerBound(lower)) => {
                *bound = lower;
                false
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

#[cfg(test)]
mod tests {
    use tantivy::query::PhraseQuery;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index, Term};

    use super::*;

    /// A candidate gets the bonus only where the phrase stands, also when the scorer's check of the
    /// candidate before it left the scorer on it (an intersection stands on its rarest term's next
    /// document, here the candidate `b a`, which holds both words but not the phrase).
    #[test]
    fn only_the_candidates_holding_the_phrase_get_its_score() -> Result<()> {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
        for body in ["a b", "a", "a", "b a", "a b"] {
            writer.add_document(doc!(text => body))?;
        }
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let phrase = PhraseQuery::new(vec![
            Term::from_field_text(text, "a"),
            Term::from_field_text(text, "b"),
        ]);
        for first in [0, 1] {
            let mut hits: Vec<Candidate> = [0, 1, 3, 4]
                .into_iter()
                .filter(|&d| d >= first)
                .map(|d| Candidate::new(0.0, DocAddress::new(0, d)))
                .collect();
            add_scores(&searcher, &phrase, 1.0, &mut hits)?;
            let with_bonus: Vec<DocId> = hits
                .iter()
                .filter(|c| c.phrase > 0.0)
                .map(|c| c.address.doc_id)
                .collect();
            let expected: &[DocId] = if first == 0 { &[0, 4] } else { &[4] };
            assert_eq!(with_bonus, expected, "candidates from {first}");
        }
        Ok(())
    }
}
