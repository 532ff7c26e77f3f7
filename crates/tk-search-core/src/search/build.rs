//! Building tantivy queries from a parsed query: each word analysed under every analyzer and searched in
//! that analyzer's fields, with field weights, prefixes, typo-tolerant alternatives and filters.

use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery,
    Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{Score, Searcher, Term};
use tantivy_turkmen::lang::is_stopword;
use tantivy_turkmen::normalize::{normalize, Norm};
use tantivy_turkmen::{tokenizer, Lang};
use time::Date;

use super::{
    SearchRequest, BODY_WEIGHT, FOLDED_WEIGHT, FUZZY_WEIGHT, MAX_FUZZY_TERMS, MAX_FUZZY_WORDS,
    MAX_PREFIX_TERMS, PHRASE_BONUS, TITLE_WEIGHT,
};
use crate::article::day_number;
use crate::index::SearchIndex;
use crate::query::{Atom, ParsedQuery};
use crate::snippet::HighlightTerms;

/// Builds tantivy queries from a parsed query, analysing each word under every analyzer.
pub(super) struct QueryBuilder<'a> {
    index: &'a SearchIndex,
    /// The one snapshot of the index that the query is built for and run on.
    pub(super) searcher: Searcher,
    analyzers: Vec<(Lang, TextAnalyzer)>,
    folded: TextAnalyzer,
    /// The parts of each compound query word as a phrase, per language field, with the field's weight:
    /// scored on the candidates only, like the phrase bonus (a compound matches by its parts or its joined
    /// form; reading positions for every document with both parts made compound queries the slowest).
    compound_phrases: Vec<(Box<dyn Query>, Score)>,
    /// Words given typo-tolerant alternatives so far in this build (at most [`MAX_FUZZY_WORDS`]).
    fuzzy_words: usize,
    /// A misspelt word went without typo tolerance because of [`MAX_FUZZY_WORDS`].
    pub(super) fuzzy_capped: bool,
}

/// The terms of one analysed word: compound parts in order, and the joined form if it is a compound.
struct Analysed {
    parts: Vec<String>,
    joined: Option<String>,
}

impl<'a> QueryBuilder<'a> {
    pub(super) fn new(index: &'a SearchIndex) -> Self {
        QueryBuilder {
            index,
            searcher: index.reader.searcher(),
            analyzers: Lang::ALL
                .iter()
                .map(|&l| (l, TextAnalyzer::from(tokenizer::for_lang(l))))
                .collect(),
            folded: TextAnalyzer::from(tokenizer::folded()),
            compound_phrases: Vec::new(),
            fuzzy_words: 0,
            fuzzy_capped: false,
        }
    }

    pub(super) fn build(
        &mut self,
        parsed: &ParsedQuery,
        request: &SearchRequest,
        join: Occur,
    ) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Function words are not required unless the query has nothing else.
        let optional = |c: &crate::query::Clause| match c.any_of.as_slice() {
            [Atom::Word { text, .. }] => is_stopword(&normalize(Norm::Neutral, text)),
            _ => false,
        };
        let all_optional = parsed.clauses.iter().filter(|c| !c.negated).all(&optional);
        self.compound_phrases.clear();
        self.fuzzy_words = 0;
        for clause in &parsed.clauses {
            let kept = self.compound_phrases.len();
            let alternatives: Vec<Box<dyn Query>> =
                clause.any_of.iter().map(|a| self.atom(a)).collect();
            let q = one_of(alternatives);
            if clause.negated {
                self.compound_phrases.truncate(kept);
                clauses.push((Occur::MustNot, q));
            } else {
                let occur = if optional(clause) && !all_optional {
                    Occur::Should
                } else {
                    join
                };
                clauses.push((occur, q));
            }
        }
        // The phrase bonus is not part of this query: it is scored on the candidates only (see
        // `add_scores`), so the positions of every matching document are not read.
        let mut langs: Vec<Lang> = parsed.langs.clone();
        langs.extend(request.lang);
        if !langs.is_empty() {
            let f = self.index.fields.lang;
            let any: Vec<Box<dyn Query>> = langs.iter().map(|l| term_query(f, l.code())).collect();
            clauses.push((Occur::Must, one_of(any)));
        }
        for source in &parsed.sources {
            let field = self.index.fields.source;
            let terms = analyse_terms(&mut self.folded, source);
            for term in terms {
                clauses.push((Occur::Must, term_query(field, &term)));
            }
        }
        if request.from.is_some() || request.to.is_some() {
            let day = |d: Date| Term::from_field_i64(self.index.fields.date, day_number(d));
            let lower = request
                .from
                .map_or(Bound::Unbounded, |d| Bound::Included(day(d)));
            let upper = request
                .to
                .map_or(Bound::Unbounded, |d| Bound::Included(day(d)));
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        // A lone required clause is the query itself: unwrapped, a word's union of term queries runs as
        // tantivy's specialised term union (a boolean around it made the union a generic boxed scorer).
        if let [(Occur::Must | Occur::Should, _)] = clauses.as_slice() {
            if let Some((_, only)) = clauses.pop() {
                return only;
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The bonus for the query's plain words standing together as a phrase, when there are several: one
    /// phrase per language field, with its weight (already multiplied by [`PHRASE_BONUS`]).
    pub(super) fn phrase_bonus(&mut self, parsed: &ParsedQuery) -> Vec<(Box<dyn Query>, Score)> {
        let mut out = std::mem::take(&mut self.compound_phrases);
        let words = bonus_words(parsed);
        if words.len() < 2 {
            return out;
        }
        out.extend(
            self.phrase_parts(&words.join(" "), false)
                .into_iter()
                .flatten()
                .map(|(q, weight)| (q, weight * PHRASE_BONUS)),
        );
        out
    }

    /// Whether [`QueryBuilder::phrase_bonus`] will have anything to score (after [`QueryBuilder::build`]).
    pub(super) fn has_phrase_bonus(&self, parsed: &ParsedQuery) -> bool {
        !self.compound_phrases.is_empty() || bonus_words(parsed).len() >= 2
    }

    fn fields(&self, title_only: bool) -> Vec<(Lang, Field, Score)> {
        let f = &self.index.fields;
        let mut out = Vec::new();
        for lang in Lang::ALL {
            out.push((lang, f.title_of(lang), TITLE_WEIGHT));
            if !title_only {
                out.push((lang, f.body_of(lang), BODY_WEIGHT));
            }
        }
        out
    }

    fn folded_fields(&self, title_only: bool) -> Vec<(Field, Score)> {
        let f = &self.index.fields;
        let mut out = vec![(f.title, TITLE_WEIGHT * FOLDED_WEIGHT)];
        if !title_only {
            out.push((f.body, BODY_WEIGHT * FOLDED_WEIGHT));
        }
        out
    }

    fn atom(&mut self, atom: &Atom) -> Box<dyn Query> {
        match atom {
            Atom::Word { text, title_only } => self.word(text, *title_only),
            Atom::Phrase { text, title_only } => self.phrase(text, *title_only),
            Atom::Prefix { text, title_only } => self.prefix(text, *title_only),
        }
    }

    /// One word (or compound) under every analyzer, over every field.
    fn word(&mut self, text: &str, title_only: bool) -> Box<dyn Query> {
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        // Typo tolerance is for words the index does not know: a misspelt query finds the right documents,
        // and a correctly spelt one is not diluted (nor slowed) by near-misses.
        let mut known = false;
        let mut fuzzy_candidates: Vec<(Field, String, Score)> = Vec::new();
        let fields = self.fields(title_only);
        for (lang, analyzer) in &mut self.analyzers {
            let analysed = analyse(analyzer, text);
            for (_, field, weight) in fields.iter().filter(|(l, _, _)| l == lang) {
                if let ([term], None) = (analysed.parts.as_slice(), &analysed.joined) {
                    fuzzy_candidates.push((*field, term.clone(), *weight));
                }
                // A field holding none of the word's terms cannot match: no query for it.
                if !index_knows(&self.searcher, *field, &analysed) {
                    continue;
                }
                known = true;
                if let Some(q) = word_query(*field, &analysed, true) {
                    alternatives.push(Box::new(BoostQuery::new(q, *weight)));
                }
                if analysed.parts.len() > 1 {
                    let terms = analysed
                        .parts
                        .iter()
                        .map(|t| Term::from_field_text(*field, t));
                    self.compound_phrases
                        .push((Box::new(PhraseQuery::new(terms.collect())), *weight));
                }
            }
        }
        let folded = analyse(&mut self.folded, text);
        let mut folded_candidates = Vec::new();
        for (field, weight) in self.folded_fields(title_only) {
            if let ([term], None) = (folded.parts.as_slice(), &folded.joined) {
                folded_candidates.push((field, term.clone(), weight));
            }
            if !index_knows(&self.searcher, field, &folded) {
                continue;
            }
            known = true;
            if let Some(q) = word_query(field, &folded, false) {
                alternatives.push(Box::new(BoostQuery::new(q, weight)));
            }
        }
        if !known && self.fuzzy_words >= MAX_FUZZY_WORDS {
            self.fuzzy_capped = true;
        } else if !known {
            self.fuzzy_words += 1;
            // Latin words are matched fuzzily in the folded fields; other scripts in the language fields.
            let candidates = if folded_candidates.is_empty() {
                fuzzy_candidates
            } else {
                folded_candidates
            };
            for (field, term, weight) in candidates {
                let distance = match term.chars().count() {
                    0..=4 => 0,
                    5..=8 => 1,
                    _ => 2,
                };
                if distance > 0 && term.chars().all(char::is_alphabetic) {
                    if let Some(fuzzy) = Self::fuzzy_query(&self.searcher, field, &term, distance) {
                        alternatives.push(Box::new(BoostQuery::new(fuzzy, weight * FUZZY_WEIGHT)));
                    }
                }
            }
        }
        one_of(alternatives)
    }

    /// Words in order, in every language's fields (a word query when no analysis leaves a word).
    fn phrase(&mut self, text: &str, title_only: bool) -> Box<dyn Query> {
        let Some(parts) = self.phrase_parts(text, title_only) else {
            return self.word(text, title_only);
        };
        one_of(
            parts
                .into_iter()
                .map(|(q, weight)| Box::new(BoostQuery::new(q, weight)) as Box<dyn Query>)
                .collect(),
        )
    }

    /// The phrase (or single term) of `text` in each language field that holds all its terms, with the
    /// field's weight; `None` when no analyzer leaves a word of `text`.
    fn phrase_parts(
        &mut self,
        text: &str,
        title_only: bool,
    ) -> Option<Vec<(Box<dyn Query>, Score)>> {
        let mut out: Vec<(Box<dyn Query>, Score)> = Vec::new();
        let mut any_terms = false;
        let fields = self.fields(title_only);
        for (lang, analyzer) in &mut self.analyzers {
            let terms = analyse_positions(analyzer, text);
            any_terms = any_terms || !terms.is_empty();
            for (_, field, weight) in fields.iter().filter(|(l, _, _)| l == lang) {
                // A phrase with a term the field lacks cannot match there.
                if !terms
                    .iter()
                    .all(|(_, t)| has_term(&self.searcher, *field, t))
                {
                    continue;
                }
                let q: Box<dyn Query> = match terms.as_slice() {
                    [] => continue,
                    [(_, single)] => term_query(*field, single),
                    many => Box::new(PhraseQuery::new_with_offset(
                        many.iter()
                            .map(|(p, t)| (*p, Term::from_field_text(*field, t)))
                            .collect(),
                    )),
                };
                out.push((q, *weight));
            }
        }
        any_terms.then_some(out)
    }

    /// Words starting with a prefix: the prefix as typed and as stemmed, in every field family.
    fn prefix(&mut self, text: &str, title_only: bool) -> Box<dyn Query> {
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        let fields = self.fields(title_only);
        for (lang, analyzer) in &mut self.analyzers {
            let mut prefixes = vec![normalize(Norm::Lang(*lang), text)];
            prefixes.extend(analyse(analyzer, text).parts);
            prefixes.sort();
            prefixes.dedup();
            for (_, field, weight) in fields.iter().filter(|(l, _, _)| l == lang) {
                for p in &prefixes {
                    if let Some(q) = Self::prefix_query(&self.searcher, *field, p) {
                        alternatives.push(Box::new(BoostQuery::new(q, *weight)));
                    }
                }
            }
        }
        let mut prefixes = vec![tantivy_turkmen::fold::fold_string(&normalize(
            Norm::Neutral,
            text,
        ))];
        prefixes.extend(analyse(&mut self.folded, text).parts);
        prefixes.sort();
        prefixes.dedup();
        for (field, weight) in self.folded_fields(title_only) {
            for p in &prefixes {
                if let Some(q) = Self::prefix_query(&self.searcher, field, p) {
                    alternatives.push(Box::new(BoostQuery::new(q, weight)));
                }
            }
        }
        one_of(alternatives)
    }

    /// The terms of a field that start with `prefix` (read from the term dictionaries, at most
    /// [`MAX_PREFIX_TERMS`] of them), each scored as a term; `None` for a prefix under two letters or with
    /// no term.
    fn prefix_query(searcher: &Searcher, field: Field, prefix: &str) -> Option<Box<dyn Query>> {
        if prefix.chars().count() < 2 {
            return None;
        }
        let mut terms = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream()
            else {
                continue;
            };
            while stream.advance() && terms.len() < MAX_PREFIX_TERMS {
                let key = stream.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                if let Ok(term) = std::str::from_utf8(key) {
                    terms.insert(term.to_string());
                }
            }
        }
        if terms.is_empty() {
            return None;
        }
        Some(one_of(terms.iter().map(|t| term_query(field, t)).collect()))
    }

    /// The terms of a field within `distance` edits of `term` (read from the term dictionaries with
    /// tantivy's Levenshtein automaton, at most [`MAX_FUZZY_TERMS`]), all scoring alike as tantivy's
    /// `FuzzyTermQuery` does; `None` when there is none. Expanded here rather than left to
    /// `FuzzyTermQuery` so that snippets can highlight the words that matched.
    fn fuzzy_query(
        searcher: &Searcher,
        field: Field,
        term: &str,
        distance: u8,
    ) -> Option<Box<dyn Query>> {
        let query = FuzzyTermQuery::new(Term::from_field_text(field, term), distance, true);
        let mut terms = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            let (Ok(inverted), Ok(automaton)) = (segment.inverted_index(field), query.automaton())
            else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().search(automaton).into_stream() else {
                continue;
            };
            while stream.advance() && terms.len() < MAX_FUZZY_TERMS {
                if let Ok(t) = std::str::from_utf8(stream.key()) {
                    terms.insert(t.to_string());
                }
            }
        }
        if terms.is_empty() {
            return None;
        }
        let union = one_of(terms.iter().map(|t| term_query(field, t)).collect());
        Some(Box::new(ConstScoreQuery::new(union, 1.0)))
    }

    /// What to highlight in snippets: the query's terms as each analyzer produced them.
    pub(super) fn highlight_terms(&self, query: &dyn Query) -> HighlightTerms {
        let f = &self.index.fields;
        let mut out = HighlightTerms::default();
        query.query_terms(&mut |term, _| {
            let value = term.value();
            let Some(text) = value.as_str() else {
                return;
            };
            let field = term.field();
            for lang in Lang::ALL {
                if field == f.title_of(lang) || field == f.body_of(lang) {
                    out.per_lang
                        .entry(lang)
                        .or_default()
                        .insert(text.to_string(), 1.0);
                }
            }
            if field == f.title || field == f.body {
                out.folded.insert(text.to_string(), 1.0);
            }
        });
        out
    }
}

/// The query's plain single-word clauses (not negated), whose adjacency earns the phrase bonus.
fn bonus_words(parsed: &ParsedQuery) -> Vec<&str> {
    parsed
        .clauses
        .iter()
        .filter(|c| !c.negated)
        .filter_map(|c| match c.any_of.as_slice() {
            [Atom::Word { text, .. }] => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// Whether any term of the analysed word occurs in the field.
fn index_knows(searcher: &Searcher, field: Field, analysed: &Analysed) -> bool {
    analysed
        .parts
        .iter()
        .chain(analysed.joined.iter())
        .any(|t| has_term(searcher, field, t))
}

/// Whether `term` occurs in `field` (in a live or deleted document: the term dictionary's answer).
fn has_term(searcher: &Searcher, field: Field, term: &str) -> bool {
    searcher
        .doc_freq(&Term::from_field_text(field, term))
        .is_ok_and(|n| n > 0)
}

/// A word's query in one field: its single term, or for a compound all its parts or the joined form (in a
/// field with positions the parts score nothing here: their phrase is scored on the candidates).
fn word_query(field: Field, analysed: &Analysed, positions: bool) -> Option<Box<dyn Query>> {
    let parts: Box<dyn Query> = match analysed.parts.as_slice() {
        [] => return analysed.joined.as_ref().map(|j| term_query(field, j)),
        [single] => term_query(field, single),
        many => {
            let all: Box<dyn Query> = Box::new(BooleanQuery::new(
                many.iter()
                    .map(|t| (Occur::Must, term_query(field, t)))
                    .collect(),
            ));
            if positions {
                // Matched by its parts, scored as a phrase on the candidates only (the builder's
                // `compound_phrases`): the parts' own scores would favour documents that merely repeat one.
                Box::new(ConstScoreQuery::new(all, 0.0))
            } else {
                all
            }
        }
    };
    Some(match &analysed.joined {
        Some(joined) => one_of(vec![parts, term_query(field, joined)]),
        None => parts,
    })
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn one_of(mut queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    match queries.len() {
        0 => Box::new(EmptyQuery),
        1 => queries.remove(0),
        _ => Box::new(BooleanQuery::new(
            queries.into_iter().map(|q| (Occur::Should, q)).collect(),
        )),
    }
}

/// Analyses one query word: compound parts (position length 1) in order, and the joined form.
fn analyse(analyzer: &mut TextAnalyzer, text: &str) -> Analysed {
    let mut out = Analysed {
        parts: Vec::new(),
        joined: None,
    };
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        if token.position_length > 1 {
            if out.joined.is_none() {
                out.joined = Some(token.text.clone());
            }
        } else if !out.parts.contains(&token.text) || out.parts.len() > 1 {
            out.parts.push(token.text.clone());
        }
    }
    out
}

/// The (position, term) pairs of a phrase, without joined compound forms.
fn analyse_positions(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        if token.position_length == 1 {
            out.push((token.position, token.text.clone()));
        }
    }
    out
}

fn analyse_terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}
