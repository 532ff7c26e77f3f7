//! Building tantivy queries from a parsed query: each word analysed under every analyzer and searched in
//! that analyzer's fields, with field weights, prefixes, typo-tolerant alternatives and filters.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;
use std::sync::Arc;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DfaWrapper, DisjunctionMaxQuery, EmptyQuery,
    FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{Score, Searcher, Term};
use tantivy_turkmen::fold::{fold_string, fold_turkmen_letters};
use tantivy_turkmen::lang::is_stopword;
use tantivy_turkmen::normalize::{normalize, Norm};
use tantivy_turkmen::{tokenizer, Lang};
use time::Date;

use super::{
    family::{Family, FoldedStats},
    fuzzy,
    prefix_typos::PrefixTypos,
    spelling,
    terms::{has_term, walk, Either},
    SearchRequest, BODY_WEIGHT, FOLDED_WEIGHT, FUZZY_RUNNER_UP, FUZZY_WEIGHT, MAX_FUZZY_TERMS,
    MAX_FUZZY_WORDS, MAX_PREFIX_TERMS, PHRASE_BONUS, TITLE_WEIGHT,
};
use crate::article::day_number;
use crate::explain::Labelled;
use crate::index::SearchIndex;
use crate::query::{Atom, ParsedQuery};
use crate::snippet::HighlightTerms;

/// Most spellings of one word, and most spelling combinations of one phrase, searched per field.
const MAX_SPELLINGS: usize = 8;
/// Shortest part a glued compound query word is split into.
const MIN_GLUED_PART: usize = 4;
/// Longest query word tried as a glued compound (one dictionary lookup per split point).
const MAX_GLUED_WORD: usize = 40;
/// Longest ending a typo correction may leave after the corrected start of a word (Turkmen suffix chains
/// such as `-larynyňkydan` are about this long); bounds the lookups per misspelt word.
const MAX_ENDING: usize = 12;

/// Builds tantivy queries from a parsed query, analysing each word under every analyzer.
pub(super) struct QueryBuilder<'a> {
    index: &'a SearchIndex,
    /// The one snapshot of the index that the query is built for and run on.
    pub(super) searcher: Searcher,
    analyzers: Vec<(Lang, TextAnalyzer)>,
    folded: TextAnalyzer,
    /// The parts of each compound query word as a phrase, per language field, with the field's weight:
    /// scored on the candidates only, like the phrase bonus (a compound matches by its parts or its joined
    /// form, so the positions of every document holding both parts are not read).
    compound_phrases: Vec<(Box<dyn Query>, Score)>,
    /// Words given typo-tolerant alternatives so far in this build (at most [`MAX_FUZZY_WORDS`]).
    fuzzy_words: usize,
    /// A misspelt word went without typo tolerance because of [`MAX_FUZZY_WORDS`].
    pub(super) fuzzy_capped: bool,
    /// The last typo automata, kept for the next field (which usually asks for the same word).
    typo_automata: TypoAutomata,
}

/// The last automata of a misspelt word's corrections, with what they were built for: the Levenshtein
/// automaton of its stem and the [`PrefixTypos`] of its starts (whose states, built in one field's
/// walk, serve the next).
#[derive(Default)]
struct TypoAutomata {
    stem: Option<(String, u8, DfaWrapper)>,
    starts: Option<(String, Cuts, PrefixTypos)>,
}

/// The starts of a word to correct: (characters, edit limit) each.
type Cuts = Vec<(usize, u8)>;

/// How a field's terms are compared with a word for typo corrections.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Walk {
    /// A language's field: with the word as that language's analyzer leaves it.
    Lang(Lang),
    /// A folded field: with the word folded.
    Folded,
    /// A Turkmen field as a place of folded words: each term folded, with the word folded.
    FoldedTk,
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
            typo_automata: TypoAutomata::default(),
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
        // The plain required word of a clause, if that is what it is.
        let plain = |c: &crate::query::Clause| match c.any_of.as_slice() {
            [Atom::Word { text, title_only }] if !c.negated && !optional(c) => {
                Some((text.clone(), *title_only))
            }
            _ => None,
        };
        let mut i = 0;
        while let Some(clause) = parsed.clauses.get(i) {
            i += 1;
            let kept = self.compound_phrases.len();
            let alternatives: Vec<Box<dyn Query>> =
                clause.any_of.iter().map(|a| self.atom(a)).collect();
            let mut q = one_of(alternatives);
            // Two required words in a row also match as one glued word (`onlayn maslahat` finds
            // `onlaýnmaslahat`): both words, or their glued form.
            let next = parsed.clauses.get(i);
            if let (Some((a, title_only)), Some((b, _))) = (plain(clause), next.and_then(plain)) {
                let glued = self.glued_word(&format!("{a}{b}"), title_only);
                if !glued.is_empty() && join == Occur::Must {
                    let both = boolean(vec![
                        (Occur::Must, q),
                        (
                            Occur::Must,
                            one_of(next.map_or_else(Vec::new, |c| {
                                c.any_of.iter().map(|a| self.atom(a)).collect()
                            })),
                        ),
                    ]);
                    let mut either: Vec<Box<dyn Query>> = vec![both];
                    either.extend(
                        glued.into_iter().map(|(q, weight)| {
                            Box::new(BoostQuery::new(q, weight)) as Box<dyn Query>
                        }),
                    );
                    q = one_of(either);
                    i += 1;
                }
            }
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
        boolean(clauses)
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
            self.phrase_parts(&words.join(" "), false, false)
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

    /// The body field whose corrections a title field's typo corrections are taken from (the body of
    /// the same language, or the folded body for the folded title); `None` for a body field, and for
    /// every field of a title-only word, whose title fields are walked themselves.
    fn body_beside(&self, field: Field, title_only: bool) -> Option<Field> {
        let f = &self.index.fields;
        if title_only {
            return None;
        }
        if field == f.title {
            return Some(f.body);
        }
        Lang::ALL
            .into_iter()
            .find(|&l| f.title_of(l) == field)
            .map(|l| f.body_of(l))
    }

    fn folded_fields(&self, title_only: bool) -> Vec<(Field, Score)> {
        let f = &self.index.fields;
        let mut out = vec![(f.title, TITLE_WEIGHT * FOLDED_WEIGHT)];
        if !title_only {
            out.push((f.body, BODY_WEIGHT * FOLDED_WEIGHT));
        }
        out
    }

    /// The Turkmen fields as places of a folded word (their terms that fold to it, see
    /// [`spelling`]), with the weight of a match in the folded fields.
    fn folded_tk_fields(&self, title_only: bool) -> Vec<(Field, Score)> {
        let f = &self.index.fields;
        let mut out = vec![(f.title_of(Lang::Tk), TITLE_WEIGHT * FOLDED_WEIGHT)];
        if !title_only {
            out.push((f.body_of(Lang::Tk), BODY_WEIGHT * FOLDED_WEIGHT));
        }
        out
    }

    /// The folded word's spellings in each Turkmen field (with the weight of a folded match there), and
    /// the statistics to score it with in the folded and the Turkmen fields: for each term, the document
    /// count of the folded term in the folded field plus those of its spellings in the Turkmen field.
    fn respelt(
        &self,
        folded: &Analysed,
        title_only: bool,
    ) -> (Vec<(Field, Score, Respelt)>, Arc<Family>) {
        let f = &self.index.fields;
        let doc_freq = |field: Field, t: &str| {
            self.searcher
                .doc_freq(&Term::from_field_text(field, t))
                .unwrap_or(0)
        };
        let mut family = Family::default();
        let mut out = Vec::new();
        for ((tk, weight), fold) in self
            .folded_tk_fields(title_only)
            .into_iter()
            .zip([f.title, f.body])
        {
            let spelt = Respelt::new(&self.searcher, tk, folded);
            for (term, spellings) in spelt.parts.iter().chain(&spelt.joined) {
                let n =
                    doc_freq(fold, term) + spellings.iter().map(|s| doc_freq(tk, s)).sum::<u64>();
                family.doc_freq.insert(Term::from_field_text(fold, term), n);
                for s in spellings {
                    family.doc_freq.insert(Term::from_field_text(tk, s), n);
                }
            }
            family.pairs.push((fold, tk));
            out.push((tk, weight, spelt));
        }
        (out, Arc::new(family))
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
        let mut fuzzy_candidates: Vec<(Walk, Field, String, Score)> = Vec::new();
        let fields = self.fields(title_only);
        let folded = analyse(&mut self.folded, text);
        // A Turkmen document's folded fields keep only the exceptions: its other words are found in its
        // Turkmen fields, as the terms that fold to the folded word. Both are scored with the folded
        // word's statistics over the two fields together (`family`).
        let (mut respelt, family) = self.respelt(&folded, title_only);
        let total = self.searcher.num_docs();
        for (lang, analyzer) in &mut self.analyzers {
            let analysed = analyse(analyzer, text);
            for (_, field, weight) in fields.iter().filter(|(l, _, _)| l == lang) {
                if let ([term], None) = (analysed.parts.as_slice(), &analysed.joined) {
                    fuzzy_candidates.push((Walk::Lang(*lang), *field, term.clone(), *weight));
                }
                // A field holding none of the word's terms cannot match: no query for it.
                if !index_knows(&self.searcher, *field, &analysed) {
                    continue;
                }
                known = true;
                // The word's own term, when it is also a spelling of the folded word in this field,
                // is one term query weighing both (one read of its postings): the folded match's part
                // scaled by the ratio of the family's idf to the term's own. For a compound that is its
                // joined form, when the folded word's parts hold each of this word's parts among their
                // spellings here: the folded query then matches every document this word's parts do,
                // and those score nothing here (their phrase is scored on the candidates), so this
                // field's query is the joined form alone and the parts' postings are read once.
                let mut boost = *weight;
                let mut parts_covered = false;
                let spelt = respelt.iter_mut().find(|(f, _, _)| f == field);
                if let Some((_, folded_weight, spelt)) = spelt {
                    let own_term = match (analysed.parts.as_slice(), &analysed.joined) {
                        ([term], None) => spelt.take(term).then_some(term),
                        (parts, Some(joined)) if parts.len() > 1 && spelt.covers(parts) => {
                            parts_covered = true;
                            spelt.take_joined(joined).then_some(joined)
                        }
                        _ => None,
                    };
                    if let Some(term) = own_term {
                        let own = self
                            .searcher
                            .doc_freq(&Term::from_field_text(*field, term))
                            .unwrap_or(0);
                        let n = family
                            .doc_freq
                            .get(&Term::from_field_text(*field, term))
                            .copied()
                            .unwrap_or(own);
                        let own = idf(total, own);
                        if own > 0.0 {
                            boost += *folded_weight * (idf(total, n) / own) as Score;
                        }
                    }
                }
                let q = if parts_covered {
                    analysed.joined.as_ref().map(|j| term_query(*field, j))
                } else {
                    word_query(*field, &analysed, true)
                };
                if let Some(q) = q {
                    alternatives.push(Box::new(BoostQuery::new(q, boost)));
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
        let mut folded_candidates = Vec::new();
        // Each folded field with its Turkmen field: the folded word in either (a compound's parts each in
        // either, since a Turkmen document's folded field keeps only some of its words).
        for ((fold, weight), (tk, _, spelt)) in
            self.folded_fields(title_only).into_iter().zip(respelt)
        {
            if let ([term], None) = (folded.parts.as_slice(), &folded.joined) {
                folded_candidates.push((Walk::Folded, fold, term.clone(), weight));
                folded_candidates.push((Walk::FoldedTk, tk, term.clone(), weight));
            }
            if let Some(q) = spelt.query(&self.searcher, fold, tk) {
                known = true;
                let q = FoldedStats::new(q, family.clone());
                alternatives.push(Box::new(BoostQuery::new(Box::new(q), weight)));
            }
        }
        // Typed glued, the word may be a compound the documents write spaced or hyphenated.
        let glued = self.glued_parts(text, title_only);
        known = known || !glued.is_empty();
        alternatives.extend(
            glued
                .into_iter()
                .map(|(q, weight)| Box::new(BoostQuery::new(q, weight)) as Box<dyn Query>),
        );
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
            let mut per_field: Vec<(Field, Score, Vec<fuzzy::Candidate>)> = Vec::new();
            let mut titles = Vec::new();
            for (walk, field, term, weight) in candidates {
                if !term.chars().all(char::is_alphabetic) {
                    continue;
                }
                match self.body_beside(field, title_only) {
                    // A title field takes its body field's corrections (below).
                    Some(body) => titles.push((field, weight, body)),
                    None => {
                        let corrections = self.corrections(walk, field, &term, text, false);
                        per_field.push((field, weight, corrections));
                    }
                }
            }
            // A title's corrections are those of the body beside it that the title holds: titles are
            // written in the bodies' words, and a dictionary walk costs about as much in a title field
            // as in a body field (most of a walk is the dictionary's first letters), so this halves the
            // walks a misspelt word costs. A word that only titles hold is then no correction, but for
            // a `title:` word, which walks the title fields themselves.
            for (field, weight, body) in titles {
                let Some((_, _, found)) = per_field.iter().find(|(f, _, _)| *f == body) else {
                    continue;
                };
                // (In the body's order: a field's corrections are scored by the ranking over every field.)
                let corrections: Vec<fuzzy::Candidate> = found
                    .iter()
                    .filter_map(|c| {
                        let doc_freq = self
                            .searcher
                            .doc_freq(&Term::from_field_text(field, &c.term))
                            .unwrap_or(0);
                        (doc_freq > 0).then(|| fuzzy::Candidate {
                            doc_freq,
                            ..c.clone()
                        })
                    })
                    .collect();
                per_field.push((field, weight, corrections));
            }
            // One ranking over every field (by the folded terms), so that the best correction scores
            // best in every field, whichever terms a field happens to hold.
            let order = fuzzy::overall_order(
                &fold_string(&normalize(Norm::Neutral, text)),
                per_field.iter().flat_map(|(_, _, c)| c),
            );
            for (field, weight, corrections) in per_field {
                if let Some(fuzzy) = fuzzy_query(&self.index.fields, field, &corrections, &order) {
                    alternatives.push(Box::new(BoostQuery::new(fuzzy, weight * FUZZY_WEIGHT)));
                }
            }
        }
        one_of(alternatives)
    }

    /// Words in order, in every language's fields (a word query when no analysis leaves a word).
    fn phrase(&mut self, text: &str, title_only: bool) -> Box<dyn Query> {
        let Some(mut parts) = self.phrase_parts(text, title_only, true) else {
            return self.word(text, title_only);
        };
        if text.split_whitespace().count() == 1 {
            parts.extend(self.glued_parts(text, title_only));
        }
        one_of(
            parts
                .into_iter()
                .map(|(q, weight)| Box::new(BoostQuery::new(q, weight)) as Box<dyn Query>)
                .collect(),
        )
    }

    /// The phrase (or single term) of `text` in each language field that holds all its terms, with the
    /// field's weight; `None` when no analyzer leaves a word of `text`. In the Turkmen fields the phrase is
    /// also looked for in every other spelling the field holds of its words (with or without Turkmen
    /// letters: [`spelling::spellings`]) and, for several words, glued into one (`onlaýnmaslahat`); those
    /// weigh [`FOLDED_WEIGHT`] as much, like a match in the folded fields. Only when `respell`: the phrase
    /// bonus of plain words looks for the words as analysed only.
    fn phrase_parts(
        &mut self,
        text: &str,
        title_only: bool,
        respell: bool,
    ) -> Option<Vec<(Box<dyn Query>, Score)>> {
        let mut out: Vec<(Box<dyn Query>, Score)> = Vec::new();
        let mut any_terms = false;
        let fields = self.fields(title_only);
        let folded = analyse_positions(&mut self.folded, text);
        for (lang, analyzer) in &mut self.analyzers {
            let terms = analyse_positions(analyzer, text);
            any_terms = any_terms || !terms.is_empty();
            if terms.is_empty() {
                continue;
            }
            let respelt = respell && *lang == Lang::Tk;
            // The folded analysis stems an ASCII-typed word as the Turkmen word it may stand for; it is
            // used when its words line up with this analysis.
            let aligned =
                folded.len() == terms.len() && folded.iter().zip(&terms).all(|(f, t)| f.0 == t.0);
            for (_, field, weight) in fields.iter().filter(|(l, _, _)| l == lang) {
                let searcher = &self.searcher;
                let name = crate::explain::field_name(&self.index.fields, *field);
                // Each word's terms in this field: as analysed first, then its other spellings.
                let per_word: Vec<Vec<String>> = terms
                    .iter()
                    .enumerate()
                    .map(|(i, (_, t))| {
                        let mut found = Vec::new();
                        if has_term(searcher, *field, t) {
                            found.push(t.clone());
                        }
                        if respelt {
                            let mut folded_forms = vec![fold_string(t)];
                            if aligned && folded[i].1 != folded_forms[0] {
                                folded_forms.push(folded[i].1.clone());
                            }
                            for f in folded_forms {
                                for v in spelling::spellings(searcher, *field, &f, MAX_SPELLINGS) {
                                    if !found.contains(&v) {
                                        found.push(v);
                                    }
                                }
                            }
                        }
                        found
                    })
                    .collect();
                // A phrase with a word the field lacks in every spelling cannot match there.
                if per_word.iter().all(|spelt| !spelt.is_empty()) {
                    for combo in combinations(&per_word, MAX_SPELLINGS) {
                        let as_analysed = combo.iter().zip(&terms).all(|(c, (_, t))| *c == t);
                        let weight = if as_analysed {
                            *weight
                        } else {
                            *weight
                                * FOLDED_WEIGHT
                                * family_scale(searcher, *field, &per_word, &combo)
                        };
                        let q: Box<dyn Query> = match combo.as_slice() {
                            [single] => term_query(*field, single),
                            many => Box::new(Labelled::new(
                                Box::new(PhraseQuery::new_with_offset(
                                    many.iter()
                                        .zip(&terms)
                                        .map(|(c, (p, _))| (*p, Term::from_field_text(*field, c)))
                                        .collect(),
                                )),
                                "phrase",
                                name,
                                &combo.join(" "),
                            )),
                        };
                        out.push((q, weight));
                    }
                }
            }
        }
        if respell && text.split_whitespace().count() > 1 {
            out.extend(self.glued_word(&text.split_whitespace().collect::<String>(), title_only));
        }
        any_terms.then_some(out)
    }

    /// The glued form of two words typed apart (`onlayn` `maslahat` → `onlaýnmaslahat`), in every
    /// spelling the Turkmen fields hold, weighing [`FOLDED_WEIGHT`] as much; empty when no field has it.
    fn glued_word(&mut self, glued: &str, title_only: bool) -> Vec<(Box<dyn Query>, Score)> {
        let fields = self.fields(title_only);
        let Some((_, analyzer)) = self.analyzers.iter_mut().find(|(l, _)| *l == Lang::Tk) else {
            return Vec::new();
        };
        let Analysed {
            parts,
            joined: None,
        } = analyse(analyzer, glued)
        else {
            return Vec::new();
        };
        let [term] = parts.as_slice() else {
            return Vec::new();
        };
        let folded = fold_string(term);
        let mut out: Vec<(Box<dyn Query>, Score)> = Vec::new();
        for (_, field, weight) in fields.iter().filter(|(l, _, _)| *l == Lang::Tk) {
            let name = crate::explain::field_name(&self.index.fields, *field);
            for v in spelling::spellings(&self.searcher, *field, &folded, MAX_SPELLINGS) {
                let q = Labelled::new(term_query(*field, &v), "phrase", name, &v);
                out.push((Box::new(q), *weight * FOLDED_WEIGHT));
            }
        }
        out
    }

    /// A word typed glued (`onlaynmaslahat`) as the phrase of its two parts in the Turkmen fields, each
    /// part in every spelling the field holds (weighing [`FOLDED_WEIGHT`] as much). The split is the first
    /// (from the left) whose left part, at least [`MIN_GLUED_PART`] letters, is a term of the folded body
    /// field — one lookup per split point — and whose parts the field then holds.
    fn glued_parts(&mut self, text: &str, title_only: bool) -> Vec<(Box<dyn Query>, Score)> {
        let word = normalize(Norm::Lang(Lang::Tk), text.trim());
        let letters: Vec<(usize, char)> = word.char_indices().collect();
        if !(2 * MIN_GLUED_PART..=MAX_GLUED_WORD).contains(&letters.len())
            || !letters.iter().all(|(_, c)| c.is_alphabetic())
        {
            return Vec::new();
        }
        let folded_body = self.index.fields.body;
        let tk_body = self.index.fields.body_of(Lang::Tk);
        let fields: Vec<(Field, Score)> = self
            .fields(title_only)
            .into_iter()
            .filter(|(l, _, _)| *l == Lang::Tk)
            .map(|(_, f, w)| (f, w))
            .collect();
        let Some((_, analyzer)) = self.analyzers.iter_mut().find(|(l, _)| *l == Lang::Tk) else {
            return Vec::new();
        };
        let cuts = &letters[MIN_GLUED_PART..=letters.len() - MIN_GLUED_PART];
        // The left parts the Turkmen body holds in a spelling that folds to them (a Turkmen document's
        // words), all found in one walk; by letters, since folding keeps each Turkmen letter one letter.
        let folded_word = fold_string(&word);
        let held = if folded_word.chars().count() == letters.len() {
            spelling::starts_held(
                &self.searcher,
                tk_body,
                &folded_word,
                MIN_GLUED_PART,
                letters.len() - MIN_GLUED_PART,
            )
        } else {
            Vec::new()
        };
        for (k, &(cut, _)) in cuts.iter().enumerate() {
            let (left, right) = word.split_at(cut);
            let folded_left = fold_string(left);
            if !held.contains(&(MIN_GLUED_PART + k))
                && !has_term(&self.searcher, folded_body, &folded_left)
            {
                continue;
            }
            let parts = analyse_positions(analyzer, &format!("{left} {right}"));
            let [(p0, t0), (p1, t1)] = parts.as_slice() else {
                continue;
            };
            let mut out: Vec<(Box<dyn Query>, Score)> = Vec::new();
            for (field, weight) in &fields {
                let spelt: Vec<Vec<String>> = [t0, t1]
                    .iter()
                    .map(|t| {
                        spelling::spellings(&self.searcher, *field, &fold_string(t), MAX_SPELLINGS)
                    })
                    .collect();
                if spelt.iter().any(Vec::is_empty) {
                    continue;
                }
                let name = crate::explain::field_name(&self.index.fields, *field);
                for combo in combinations(&spelt, MAX_SPELLINGS) {
                    let phrase = PhraseQuery::new_with_offset(
                        [*p0, *p1]
                            .into_iter()
                            .zip(&combo)
                            .map(|(p, t)| (p, Term::from_field_text(*field, t)))
                            .collect(),
                    );
                    let q = Labelled::new(Box::new(phrase), "phrase", name, &combo.join(" "));
                    out.push((Box::new(q), *weight * FOLDED_WEIGHT));
                }
            }
            if !out.is_empty() {
                return out;
            }
        }
        Vec::new()
    }

    /// Words starting with a prefix: the prefix as typed and as stemmed, in every field family.
    fn prefix(&mut self, text: &str, title_only: bool) -> Box<dyn Query> {
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        let fields = self.fields(title_only);
        let mut folded_prefixes = vec![tantivy_turkmen::fold::fold_string(&normalize(
            Norm::Neutral,
            text,
        ))];
        folded_prefixes.extend(analyse(&mut self.folded, text).parts);
        folded_prefixes.sort();
        folded_prefixes.dedup();
        folded_prefixes.retain(|p| p.chars().count() >= 2);
        for (lang, analyzer) in &mut self.analyzers {
            let mut prefixes = vec![normalize(Norm::Lang(*lang), text)];
            prefixes.extend(analyse(analyzer, text).parts);
            prefixes.sort();
            prefixes.dedup();
            for (_, field, weight) in fields.iter().filter(|(l, _, _)| l == lang) {
                // Each term once, weighing as many times as prefixes reach it.
                let mut terms: BTreeMap<String, Score> = BTreeMap::new();
                for p in &prefixes {
                    for t in Self::prefix_terms(&self.searcher, *field, p) {
                        *terms.entry(t).or_default() += *weight;
                    }
                }
                if *lang == Lang::Tk {
                    // The Turkmen terms whose start folds to a folded prefix (what a Turkmen document's
                    // folded fields no longer hold), weighing as a folded match.
                    for p in &folded_prefixes {
                        for t in
                            spelling::starting_with(&self.searcher, *field, p, MAX_PREFIX_TERMS)
                        {
                            *terms.entry(t).or_default() += *weight * FOLDED_WEIGHT;
                        }
                    }
                }
                if !terms.is_empty() {
                    alternatives.push(one_of(
                        terms
                            .into_iter()
                            .map(|(t, boost)| {
                                Box::new(BoostQuery::new(term_query(*field, &t), boost))
                                    as Box<dyn Query>
                            })
                            .collect(),
                    ));
                }
            }
        }
        for (field, weight) in self.folded_fields(title_only) {
            for p in &folded_prefixes {
                let terms = Self::prefix_terms(&self.searcher, field, p);
                if !terms.is_empty() {
                    let q = one_of(terms.iter().map(|t| term_query(field, t)).collect());
                    alternatives.push(Box::new(BoostQuery::new(q, weight)));
                }
            }
        }
        one_of(alternatives)
    }

    /// The terms of a field that start with `prefix` (read from the term dictionaries, at most
    /// [`MAX_PREFIX_TERMS`] of them); none for a prefix under two letters.
    fn prefix_terms(searcher: &Searcher, field: Field, prefix: &str) -> BTreeSet<String> {
        let mut terms = BTreeSet::new();
        if prefix.chars().count() < 2 {
            return terms;
        }
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
        terms
    }

    /// The index terms of `field` that the word `text` (whose analysis in the field is `stem`) may have
    /// been meant as, best first ([`fuzzy_candidates`]); `widen` allows one edit more (for a suggestion
    /// when nothing matched). `walk` says how the field's terms compare with the word.
    fn corrections(
        &mut self,
        walk: Walk,
        field: Field,
        stem: &str,
        text: &str,
        widen: bool,
    ) -> Vec<fuzzy::Candidate> {
        let (surface, analyzer) = match walk {
            Walk::Lang(l) => {
                let norm = Norm::Lang(l);
                let Some((_, analyzer)) = self.analyzers.iter_mut().find(|(a, _)| *a == l) else {
                    return Vec::new();
                };
                (normalize(norm, text), analyzer)
            }
            Walk::Folded | Walk::FoldedTk => (
                fold_string(&normalize(Norm::Lang(Lang::Tk), text)),
                &mut self.folded,
            ),
        };
        let mut candidates = fuzzy_candidates(
            &self.searcher,
            field,
            stem,
            surface.trim(),
            analyzer,
            (widen, walk == Walk::FoldedTk),
            &mut self.typo_automata,
        );
        fuzzy::rank(surface.trim(), &mut candidates);
        candidates
    }

    /// The query as analysed, for a reader told that nothing matched (see [`SearchResults::analysed`]).
    pub(super) fn describe(&mut self, parsed: &ParsedQuery) -> String {
        let mut clauses = Vec::new();
        for clause in &parsed.clauses {
            let atoms: Vec<String> = clause
                .any_of
                .iter()
                .map(|atom| {
                    let (text, quoted) = match atom {
                        Atom::Word { text, .. } => (text, false),
                        Atom::Phrase { text, .. } => (text, true),
                        Atom::Prefix { text, .. } => (text, false),
                    };
                    // Each distinct analysis with the analyzers that gave it, in order.
                    let mut analyses: Vec<(String, Vec<&str>)> = Vec::new();
                    let mut add = |terms: String, by: &'static str| match analyses
                        .iter_mut()
                        .find(|(t, _)| *t == terms)
                    {
                        Some((_, names)) => names.push(by),
                        None => analyses.push((terms, vec![by])),
                    };
                    for (lang, analyzer) in &mut self.analyzers {
                        add(analyse_terms(analyzer, text).join(" "), lang.code());
                    }
                    add(analyse_terms(&mut self.folded, text).join(" "), "fold");
                    let shown: Vec<String> = analyses
                        .into_iter()
                        .filter(|(terms, _)| !terms.is_empty())
                        .map(|(terms, by)| format!("{}:{terms}", by.join("/")))
                        .collect();
                    let typed = match atom {
                        Atom::Phrase { .. } if quoted => format!("\"{text}\""),
                        Atom::Prefix { .. } => format!("{text}*"),
                        _ => text.clone(),
                    };
                    if shown.is_empty() {
                        format!("{typed} → (no word left)")
                    } else {
                        format!("{typed} → {}", shown.join(" "))
                    }
                })
                .collect();
            let sign = if clause.negated { "-" } else { "" };
            clauses.push(format!("{sign}{}", atoms.join(" OR ")));
        }
        clauses.join("; ")
    }

    /// The query with each plain word (of the first [`MAX_FUZZY_WORDS`]) that no field knows replaced by its
    /// best correction from the term dictionaries (within two edits, or [`fuzzy::max_edits`] when that allows more; ranked by
    /// [`fuzzy::rank`] across the fields); `None` when no word has one.
    pub(super) fn suggest(&mut self, parsed: &ParsedQuery) -> Option<String> {
        let mut words: Vec<String> = Vec::new();
        let mut changed = false;
        // Each word looked at walks the term dictionaries: as many as get typo tolerance.
        let mut looked_at = 0;
        for clause in &parsed.clauses {
            for atom in &clause.any_of {
                let Atom::Word { text, .. } = atom else {
                    continue;
                };
                let best = if looked_at < MAX_FUZZY_WORDS {
                    looked_at += 1;
                    self.correction(text)
                } else {
                    None
                };
                changed |= best.is_some();
                let word = best.unwrap_or_else(|| text.clone());
                words.push(if clause.negated {
                    format!("-{word}")
                } else {
                    word
                });
            }
        }
        changed.then(|| words.join(" "))
    }

    /// The best correction of a word none of whose analyses the index holds, or `None`.
    fn correction(&mut self, text: &str) -> Option<String> {
        let mut queries: Vec<(Walk, Field, String)> = Vec::new();
        for (lang, analyzer) in &mut self.analyzers {
            let analysed = analyse(analyzer, text);
            for field in [
                self.index.fields.title_of(*lang),
                self.index.fields.body_of(*lang),
            ] {
                if index_knows(&self.searcher, field, &analysed) {
                    return None;
                }
                if let ([term], None) = (analysed.parts.as_slice(), &analysed.joined) {
                    queries.push((Walk::Lang(*lang), field, term.clone()));
                }
            }
        }
        let folded = analyse(&mut self.folded, text);
        let (respelt, _) = self.respelt(&folded, false);
        for (fold, (tk, _, spelt)) in [self.index.fields.title, self.index.fields.body]
            .into_iter()
            .zip(respelt)
        {
            if spelt.query(&self.searcher, fold, tk).is_some() {
                return None;
            }
            if let ([term], None) = (folded.parts.as_slice(), &folded.joined) {
                queries.push((Walk::Folded, fold, term.clone()));
                queries.push((Walk::FoldedTk, tk, term.clone()));
            }
        }
        let typed = normalize(Norm::Neutral, text);
        let mut best: Option<fuzzy::Candidate> = None;
        for (walk, field, term) in queries {
            if !term.chars().all(char::is_alphabetic) {
                continue;
            }
            let Some(top) = self
                .corrections(walk, field, &term, text, true)
                .into_iter()
                .next()
            else {
                continue;
            };
            if best
                .as_ref()
                .is_none_or(|b| fuzzy::key(&typed, &top) < fuzzy::key(&typed, b))
            {
                best = Some(top);
            }
        }
        best.map(|c| c.term)
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

/// A folded word's spellings in a Turkmen field ([`spelling::spellings`]): each compound part's and the
/// joined form's, with the folded term they fold to.
struct Respelt {
    parts: Vec<(String, Vec<String>)>,
    joined: Option<(String, Vec<String>)>,
}

impl Respelt {
    fn new(searcher: &Searcher, field: Field, folded: &Analysed) -> Respelt {
        let spelt = |t: &String| {
            (
                t.clone(),
                spelling::spellings(searcher, field, t, MAX_SPELLINGS),
            )
        };
        Respelt {
            parts: folded.parts.iter().map(spelt).collect(),
            joined: folded.joined.as_ref().map(spelt),
        }
    }

    /// Takes `term` out of a single word's spellings (for a caller that queries it already); whether it
    /// was one.
    fn take(&mut self, term: &str) -> bool {
        let ([(_, spellings)], None) = (self.parts.as_mut_slice(), &self.joined) else {
            return false;
        };
        take_from(spellings, term)
    }

    /// Whether each of `parts` (a compound's, analysed for the Turkmen field) is among the spellings of
    /// the folded word's part at its place.
    fn covers(&self, parts: &[String]) -> bool {
        self.parts.len() == parts.len()
            && self
                .parts
                .iter()
                .zip(parts)
                .all(|((_, spellings), part)| spellings.contains(part))
    }

    /// Takes `term` out of a compound's joined form's spellings (for a caller that queries it already);
    /// whether it was one.
    fn take_joined(&mut self, term: &str) -> bool {
        self.joined
            .as_mut()
            .is_some_and(|(_, spellings)| take_from(spellings, term))
    }

    /// The folded word's query in a folded field `fold` and its Turkmen field `tk`: each term in `fold`
    /// (when it holds it) or in any of its spellings in `tk`; a compound by all its parts or its joined
    /// form, scored as in a field without positions; `None` when neither field holds the word.
    fn query(&self, searcher: &Searcher, fold: Field, tk: Field) -> Option<Box<dyn Query>> {
        let either = |(term, spellings): &(String, Vec<String>)| -> Option<Box<dyn Query>> {
            let mut terms: Vec<Box<dyn Query>> = Vec::new();
            if has_term(searcher, fold, term) {
                terms.push(term_query(fold, term));
            }
            terms.extend(spellings.iter().map(|t| term_query(tk, t)));
            (!terms.is_empty()).then(|| one_of(terms))
        };
        let parts: Option<Box<dyn Query>> = match self.parts.as_slice() {
            [] => None,
            [single] => either(single),
            many => many
                .iter()
                .map(|p| either(p).map(|q| (Occur::Must, q)))
                .collect::<Option<Vec<_>>>()
                .map(boolean),
        };
        let joined = self.joined.as_ref().and_then(either);
        match (parts, joined) {
            (None, None) => None,
            (Some(q), None) | (None, Some(q)) => Some(q),
            (Some(p), Some(j)) => Some(one_of(vec![p, j])),
        }
    }
}

/// Takes `term` out of `spellings`; whether it was there.
fn take_from(spellings: &mut Vec<String>, term: &str) -> bool {
    let Some(i) = spellings.iter().position(|t| t == term) else {
        return false;
    };
    spellings.remove(i);
    true
}

/// BM25's inverse document frequency of a term in `n` of `total` documents.
fn idf(total: u64, n: u64) -> f64 {
    let (total, n) = (total as f64, (n as f64).min(total as f64));
    (1.0 + (total - n + 0.5) / (n + 0.5)).ln()
}

/// The terms of `field` a misspelt word may stand for, unranked: the terms within [`fuzzy::max_edits`] of
/// its analysed form `stem`, and the terms within that many edits of a start of the word as typed
/// (`surface`, normalised for the field) that, given the rest of the word, analyse to themselves — so
/// `kitaphanlar` finds `kitaphana` (`kitaphan` + `lar`, and `kitaphana` + `lar` analyses to `kitaphana`)
/// though the stemmer cut the typo to `kitaph`; the rest is at most [`MAX_ENDING`] characters. Each term
/// keeps its smallest distance. `widen` allows one edit more, at most two. The stem's terms come from
/// tantivy's Levenshtein automaton, the starts' from a [`PrefixTypos`] automaton (transpositions count as
/// one edit in both), the two in one walk of the dictionary ([`Either`]) that takes at most
/// [`MAX_FUZZY_TERMS`] terms per segment for the stem and as many for each start. With `folding` (`stem` and `surface` are folded, the
/// field is a Turkmen one) the automata read each term folded ([`spelling::Folded`]) and the distances
/// and endings are those of the folded term.
fn fuzzy_candidates(
    searcher: &Searcher,
    field: Field,
    stem: &str,
    surface: &str,
    analyzer: &mut TextAnalyzer,
    (widen, folding): (bool, bool),
    memo: &mut TypoAutomata,
) -> Vec<fuzzy::Candidate> {
    let as_compared = |term: &str| -> String {
        if folding {
            let mut out = String::with_capacity(term.len());
            fold_turkmen_letters(term, &mut out);
            out
        } else {
            term.to_string()
        }
    };
    let edits = |chars: usize| {
        let d = fuzzy::max_edits(chars);
        if widen && chars >= 4 {
            (d + 1).min(2)
        } else {
            d
        }
    };
    let mut best: BTreeMap<String, usize> = BTreeMap::new();
    let mut note = |term: String, distance: usize| {
        let d = best.entry(term).or_insert(distance);
        *d = (*d).min(distance);
    };
    let stem_edits = edits(stem.chars().count());
    if stem_edits > 0 {
        if !matches!(&memo.stem, Some((s, d, _)) if s == stem && *d == stem_edits) {
            let query = FuzzyTermQuery::new(Term::from_field_text(field, stem), stem_edits, true);
            memo.stem = query
                .automaton()
                .ok()
                .map(|a| (stem.to_string(), stem_edits, a));
        }
    } else {
        memo.stem = None;
    }
    // The starts of the word to correct: (characters, byte offset, edit limit).
    let total = surface.chars().count();
    let starts: Vec<(usize, usize, u8)> = surface
        .char_indices()
        .map(|(i, _)| i)
        .skip(1)
        .chain([surface.len()])
        .enumerate()
        .map(|(k, cut)| (k + 1, cut))
        .filter(|&(chars, cut)| total - chars <= MAX_ENDING && surface[..cut] != *stem)
        .map(|(chars, cut)| (chars, cut, edits(chars)))
        .filter(|&(_, _, d)| d > 0)
        .collect();
    let cuts: Cuts = starts.iter().map(|&(chars, _, d)| (chars, d)).collect();
    if !matches!(&memo.starts, Some((word, c, _)) if word == surface && *c == cuts) {
        memo.starts = PrefixTypos::new(surface, &cuts).map(|a| (surface.to_string(), cuts, a));
    }
    // Both automata in one walk of the dictionary (the stem's may change the first letter, the starts'
    // keep it, so each term is checked against both below).
    let stem_automaton = memo.stem.as_ref().map(|(_, _, a)| a);
    let starts_automaton = memo.starts.as_ref().map(|(_, _, a)| a);
    let most = MAX_FUZZY_TERMS * (usize::from(stem_automaton.is_some()) + starts.len());
    let terms = match (stem_automaton, starts_automaton) {
        (None, None) => Vec::new(),
        (Some(a), None) => walk_folding(searcher, field, a, folding, most),
        (None, Some(b)) => walk_folding(searcher, field, b, folding, most),
        (Some(a), Some(b)) => walk_folding(searcher, field, &Either(a, b), folding, most),
    };
    let first = surface.chars().next();
    for term in terms {
        let compared = as_compared(&term);
        if stem_automaton.is_some() {
            let d = fuzzy::edit_distance(stem, &compared);
            if d <= usize::from(stem_edits) {
                note(term.clone(), d);
            }
        }
        if starts_automaton.is_none() || compared.chars().next() != first {
            continue;
        }
        for &(_, cut, limit) in &starts {
            let (prefix, rest) = surface.split_at(cut);
            let d = fuzzy::edit_distance(prefix, &compared);
            // The term is what the word meant only if the term with the word's ending analyses to it.
            if d <= usize::from(limit)
                && (rest.is_empty()
                    || analyse_terms(analyzer, &format!("{compared}{rest}")) == [compared.as_str()])
            {
                note(term.clone(), d);
            }
        }
    }
    best.into_iter()
        .map(|(term, distance)| fuzzy::Candidate {
            doc_freq: searcher
                .doc_freq(&Term::from_field_text(field, &term))
                .unwrap_or(0),
            term,
            distance,
        })
        .collect()
}

/// [`walk`] with `automaton`, reading each term folded ([`spelling::Folded`]) when `folding`.
fn walk_folding<A: tantivy_fst::Automaton<State: Clone>>(
    searcher: &Searcher,
    field: Field,
    automaton: &A,
    folding: bool,
    most: usize,
) -> Vec<String> {
    if folding {
        walk(searcher, field, &spelling::Folded(automaton), most)
    } else {
        walk(searcher, field, automaton, most)
    }
}

/// A field's corrections as one query, scored by their place in `order` (see [`fuzzy::overall_order`]): the
/// best scores 1, the n-th [`FUZZY_RUNNER_UP`] / (n-1), and a document counts its best candidate only; `None` when there is none. Each term is its own query
/// (rather than tantivy's `FuzzyTermQuery`) so that snippets can highlight the words that matched and
/// `--explain` can name them.
fn fuzzy_query(
    fields: &crate::schema::Fields,
    field: Field,
    candidates: &[fuzzy::Candidate],
    order: &HashMap<String, usize>,
) -> Option<Box<dyn Query>> {
    if candidates.is_empty() {
        return None;
    }
    let name = crate::explain::field_name(fields, field);
    let queries = candidates
        .iter()
        .map(|c| {
            let i = order
                .get(&fold_string(&c.term))
                .copied()
                .unwrap_or(usize::MAX);
            let score = if i == 0 {
                1.0
            } else {
                FUZZY_RUNNER_UP / i as Score
            };
            let q = ConstScoreQuery::new(term_query(field, &c.term), score);
            Box::new(Labelled::new(Box::new(q), "fuzzy", name, &c.term)) as Box<dyn Query>
        })
        .collect();
    // (tantivy's disjunction-max is a boolean weight: guarded as [`boolean`] is.)
    Some(Box::new(Labelled::guard(Box::new(
        DisjunctionMaxQuery::new(queries),
    ))))
}

/// A word's query in one field: its single term, or for a compound all its parts or the joined form (in a
/// field with positions the parts score nothing here: their phrase is scored on the candidates).
fn word_query(field: Field, analysed: &Analysed, positions: bool) -> Option<Box<dyn Query>> {
    let parts: Box<dyn Query> = match analysed.parts.as_slice() {
        [] => return analysed.joined.as_ref().map(|j| term_query(field, j)),
        [single] => term_query(field, single),
        many => {
            let all: Box<dyn Query> = boolean(
                many.iter()
                    .map(|t| (Occur::Must, term_query(field, t)))
                    .collect(),
            );
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
        _ => boolean(queries.into_iter().map(|q| (Occur::Should, q)).collect()),
    }
}

/// A boolean query of `clauses` whose explanation of a document before its first match says "no match"
/// ([`Labelled::guard`]): tantivy's own seeks a fresh scorer to the document, which must not lie behind
/// it.
fn boolean(clauses: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
    Box::new(Labelled::guard(Box::new(BooleanQuery::new(clauses))))
}

/// The factor that scores a phrase of other spellings (`combo`, one of each word's `spellings`) with the
/// rarity of its words' whole spelling families rather than of the spellings it uses: Σ idf(family) /
/// Σ idf(spelling), a family's document count taken as the sum of its spellings'. BM25 alone would lift a
/// rare spelling (an ASCII-typed word in a corpus written with Turkmen letters) above the usual one.
fn family_scale(
    searcher: &Searcher,
    field: Field,
    spellings: &[Vec<String>],
    combo: &[&str],
) -> Score {
    let total = searcher.num_docs();
    let idf = |n: u64| idf(total, n);
    let doc_freq = |t: &str| {
        searcher
            .doc_freq(&Term::from_field_text(field, t))
            .unwrap_or(0)
    };
    let spelt: f64 = combo.iter().map(|t| idf(doc_freq(t))).sum();
    let family: f64 = spellings
        .iter()
        .map(|family| idf(family.iter().map(|t| doc_freq(t)).sum()))
        .sum();
    if spelt > 0.0 {
        (family / spelt) as Score
    } else {
        1.0
    }
}

/// The combinations that take one term from each set, in order (the first term of every set first), at
/// most `max`.
fn combinations(sets: &[Vec<String>], max: usize) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new()];
    for set in sets {
        let mut next = Vec::new();
        'outer: for prefix in &out {
            for term in set {
                if next.len() >= max {
                    break 'outer;
                }
                let mut combo = prefix.clone();
                combo.push(term.as_str());
                next.push(combo);
            }
        }
        out = next;
    }
    out
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
