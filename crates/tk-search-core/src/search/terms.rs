//! Questions to a field's term dictionaries, shared by the query builder and the spelling lookup.

use tantivy::schema::Field;
use tantivy::{Searcher, Term};
use tantivy_fst::Automaton;

/// Whether `term` occurs in `field` (in a live or deleted document: the term dictionary's answer).
pub(super) fn has_term(searcher: &Searcher, field: Field, term: &str) -> bool {
    searcher
        .doc_freq(&Term::from_field_text(field, term))
        .is_ok_and(|n| n > 0)
}

/// The terms of `field` that `automaton` accepts, at most `most` from each segment's dictionary, each
/// once, in byte order.
pub(super) fn walk<A: Automaton<State: Clone>>(
    searcher: &Searcher,
    field: Field,
    automaton: &A,
    most: usize,
) -> Vec<String> {
    walk_between(searcher, field, automaton, None, most)
}

/// [`walk`] over the terms between two bounds (both included), when every term `automaton` accepts lies
/// between them: the walk then starts at the lower bound instead of at the dictionary's first byte, and
/// stops past the upper one.
pub(super) fn walk_between<A: Automaton<State: Clone>>(
    searcher: &Searcher,
    field: Field,
    automaton: &A,
    bounds: Option<(&[u8], &[u8])>,
    most: usize,
) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let mut builder = inverted.terms().search(automaton);
        if let Some((low, high)) = bounds {
            builder = builder.ge(low).le(high);
        }
        let Ok(mut stream) = builder.into_stream() else {
            continue;
        };
        let mut taken = 0;
        while taken < most && stream.advance() {
            if let Ok(t) = std::str::from_utf8(stream.key()) {
                terms.push(t.to_string());
                taken += 1;
            }
        }
    }
    terms.sort_unstable();
    terms.dedup();
    terms
}
