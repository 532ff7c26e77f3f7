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

/// An automaton accepting what either of two automata accepts, walked once: a dictionary walk costs
/// mostly the nodes it visits, and two automata for the same word visit many of the same nodes.
/// (`tantivy_fst::automaton::Union` is the same but for its state, which is not `Clone`, as a term
/// stream needs.)
pub(super) struct Either<A, B>(pub(super) A, pub(super) B);

/// [`Either`]'s state: both automata's.
#[derive(Clone)]
pub(super) struct EitherState<S, T>(S, T);

impl<A: Automaton, B: Automaton> Automaton for Either<A, B> {
    type State = EitherState<A::State, B::State>;

    fn start(&self) -> Self::State {
        EitherState(self.0.start(), self.1.start())
    }

    fn is_match(&self, s: &Self::State) -> bool {
        self.0.is_match(&s.0) || self.1.is_match(&s.1)
    }

    fn can_match(&self, s: &Self::State) -> bool {
        self.0.can_match(&s.0) || self.1.can_match(&s.1)
    }

    fn accept(&self, s: &Self::State, byte: u8) -> Self::State {
        EitherState(self.0.accept(&s.0, byte), self.1.accept(&s.1, byte))
    }
}
