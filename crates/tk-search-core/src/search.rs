//! Search: the parsed query analysed under every language and run over every field.
//!
//! A word matches when any language's analysis of it matches in that language's fields, or its folded
//! form matches in the folded fields. Field weights make an exact-form match outrank a folded one and a
//! title match outrank a body match; a phrase bonus lifts documents where the words stand together.

use std::collections::BTreeMap;
use std::ops::Bound;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, EnableScoring, FuzzyTermQuery, Occur,
    PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{
    DateTime, DocAddress, DocId, DocSet, Order, Score, Searcher, SeekDangerResult, TantivyDocument,
    Term, TERMINATED,
};
use tantivy_turkmen::normalize::{normalize, Norm};
use tantivy_turkmen::stopwords::is_stopword;
use tantivy_turkmen::{tokenizer, DocLang, Lang};
use time::Date;

use crate::error::Result;
use crate::index::SearchIndex;
use crate::query::{parse, Atom, ParsedQuery};
use crate::schema::stored_str;
use crate::snippet::{Snippet, Snippeter};

/// Weight of a match in a language's title field.
pub const TITLE_WEIGHT: Score = 2.5;
/// Weight of a match in a language's body field.
pub const BODY_WEIGHT: Score = 1.0;
/// Weight of a match in the folded fields, relative to the exact fields.
pub const FOLDED_WEIGHT: Score = 0.4;
/// Weight of a typo-tolerant (fuzzy) match (only for words the index does not contain).
pub const FUZZY_WEIGHT: Score = 0.15;
/// Weight of a query word found exactly as typed (per field weight), on top of its stem match.
pub const SURFACE_WEIGHT: Score = 1.0;
/// The phrase bonus is scored on this many times the page's hits (and at least [`MIN_PHRASE_POOL`]).
const PHRASE_POOL_FACTOR: usize = 5;
const MIN_PHRASE_POOL: usize = 50;
/// Candidates beyond the page that the exact-form bonus may lift onto it.
const RERANK_MARGIN: usize = 5;
/// How much of a body the exact-form check reads.
const SURFACE_WINDOW_BYTES: usize = 1024;
/// Most index terms one prefix expands to, per field.
pub const MAX_PREFIX_TERMS: usize = 64;
/// Most index terms one misspelt word expands to, per field.
pub const MAX_FUZZY_TERMS: usize = 64;
/// Weight of the bonus for all words standing together as a phrase.
pub const PHRASE_BONUS: Score = 1.5;

/// How results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest first (documents without a date last).
    Date,
}

/// A search to run.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The user's query text (see [`crate::query`] for the syntax).
    pub query: String,
    /// At most this many hits.
    pub limit: usize,
    /// Skip this many hits first (for paging: the second page of ten is offset 10, limit 10).
    pub offset: usize,
    /// Only documents in this language.
    pub lang: Option<Lang>,
    /// Only documents dated on or after this day.
    pub from: Option<Date>,
    /// Only documents dated on or before this day.
    pub to: Option<Date>,
    /// Result order.
    pub sort: Sort,
    /// Fall back to partial matches when no document has every word.
    pub relax: bool,
    /// Explain each hit's score (which fields and terms matched).
    pub explain: bool,
    /// Make a snippet for each hit (most of a result page's cost; off, [`Hit::snippet`] is empty).
    pub snippets: bool,
}

impl SearchRequest {
    /// A relevance-ordered search for `query` with the default limit of 10.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            limit: 10,
            offset: 0,
            lang: None,
            from: None,
            to: None,
            sort: Sort::Relevance,
            relax: true,
            explain: false,
            snippets: true,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Document id.
    pub id: String,
    /// Title.
    pub title: String,
    /// `tk`, `ru`, `en` or `unknown`.
    pub lang: String,
    /// `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// URL, when known.
    pub url: Option<String>,
    /// Source, when known.
    pub source: Option<String>,
    /// Relevance score (higher is better).
    pub score: Score,
    /// The best passage of the body with the matched words highlighted.
    pub snippet: Snippet,
    /// With [`SearchRequest::explain`]: what the score is made of, largest first.
    pub explanation: Vec<Contribution>,
}

/// One part of a hit's score: a term (or phrase) matched in a field, with its boosted BM25 score.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The field (`title_tk`, `body`, …).
    pub field: String,
    /// The matched term, or the phrase's terms joined by spaces.
    pub term: String,
    /// `term`, `phrase`, `fuzzy`, or `exact form` (the bonus for words found as typed).
    pub kind: String,
    /// Its share of the score.
    pub score: Score,
}

/// The outcome of a search.
#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    /// Hits in rank order.
    pub hits: Vec<Hit>,
    /// How many documents matched in all.
    pub total: usize,
    /// No document had every word; these are the best partial matches.
    pub relaxed: bool,
    /// Parts of the query that could not be understood, and how they were treated.
    pub warnings: Vec<String>,
}

impl SearchIndex {
    /// Runs a search.
    ///
    /// ```
    /// use tk_search_core::{index::NewDoc, SearchIndex, SearchRequest};
    /// let index = SearchIndex::in_memory()?;
    /// let mut writer = index.writer(50_000_000)?;
    /// writer.add(&NewDoc {
    ///     id: "tk-1", title: "Onlaýn-maslahat", path: "news.jsonl",
    ///     body: "Kitaphanada onlaýn-maslahaty geçirildi. Okyjylar kitaplaryň sergisine gatnaşdylar.",
    ///     lang: None, date: None, url: None, source: None, root: "/news",
    /// })?;
    /// writer.commit()?;
    /// let results = index.search(&SearchRequest::new("onlayn maslahat"))?;
    /// assert_eq!(results.hits[0].id, "tk-1");
    /// println!("{} {}", results.hits[0].title, results.hits[0].snippet.text);
    /// # Ok::<(), tk_search_core::Error>(())
    /// ```
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let parsed = parse(&request.query);
        let mut builder = QueryBuilder::new(self);
        let mut results = SearchResults {
            warnings: parsed.warnings.clone(),
            ..SearchResults::default()
        };
        if !parsed.has_positive() {
            results
                .warnings
                .push("nothing to search for: the query has no words to match".into());
            return Ok(results);
        }
        let searcher = builder.searcher.clone();
        // Never ask tantivy for more slots than there are documents (it allocates them up front).
        let num_docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        // A page beyond the first is ranked as the first `offset + limit` hits, of which the first `offset`
        // are then dropped (before their snippets are made).
        let limit = match request.limit {
            0 => 0,
            n => n.saturating_add(request.offset).min(num_docs),
        };
        // More candidates than shown: the phrase bonus may lift one from the pool, the exact-form bonus from
        // the first few beyond the page.
        let candidates = (limit + RERANK_MARGIN).min(num_docs);
        let pool = (limit * PHRASE_POOL_FACTOR)
            .max(candidates)
            .max(MIN_PHRASE_POOL)
            .min(num_docs);
        // One pass collects the top hits and counts all matches. Without a phrase bonus to re-rank by,
        // the pool is just the candidates (a smaller top-k lets tantivy skip more of the scoring).
        let run = |query: &dyn Query, pool: usize| -> Result<(Vec<(Score, DocAddress)>, usize)> {
            if limit == 0 {
                return Ok((Vec::new(), searcher.search(query, &Count)?));
            }
            Ok(match request.sort {
                Sort::Relevance => {
                    searcher.search(query, &(TopDocs::with_limit(pool).order_by_score(), Count))?
                }
                Sort::Date => {
                    let (top, n) = searcher.search(
                        query,
                        &(
                            TopDocs::with_limit(limit)
                                .order_by_fast_field::<DateTime>("date", Order::Desc),
                            Count,
                        ),
                    )?;
                    (top.into_iter().map(|(_, a)| (0.0, a)).collect(), n)
                }
            })
        };
        let pool_for = |builder: &QueryBuilder<'_>| {
            if builder.has_phrase_bonus(&parsed) {
                pool
            } else {
                candidates
            }
        };
        let mut query = builder.build(&parsed, request, Occur::Must);
        let (mut addresses, mut total) = run(&*query, pool_for(&builder))?;
        let positives = parsed.clauses.iter().filter(|c| !c.negated).count();
        if total == 0 && request.relax && positives > 1 {
            query = builder.build(&parsed, request, Occur::Should);
            (addresses, total) = run(&*query, pool_for(&builder))?;
            results.relaxed = total > 0;
        }
        results.total = total;
        if addresses.is_empty() {
            return Ok(results);
        }
        let mut pooled: Vec<(Score, Score, DocAddress)> =
            addresses.into_iter().map(|(s, a)| (s, 0.0, a)).collect();
        if request.sort == Sort::Relevance {
            let bonus = builder.phrase_bonus(&parsed);
            for (phrase, weight) in &bonus {
                add_scores(&searcher, &**phrase, *weight, &mut pooled)?;
            }
            if !bonus.is_empty() {
                pooled.sort_by(|a, b| b.0.total_cmp(&a.0));
            }
        }
        pooled.truncate(candidates);
        let mut docs: Vec<(Score, Score, Score, DocAddress, TantivyDocument)> = pooled
            .into_iter()
            .map(|(score, phrase, address)| {
                Ok((score, phrase, 0.0, address, searcher.doc(address)?))
            })
            .collect::<Result<_>>()?;
        let surfaces = surface_words(&parsed);
        if request.sort == Sort::Relevance && !surfaces.is_empty() {
            // Exact form > same stem: the words as typed, found as whole words, add to the score.
            for (score, _, bonus, _, doc) in &mut docs {
                *bonus = self.surface_bonus(doc, &surfaces);
                *score += *bonus;
            }
            docs.sort_by(|a, b| b.0.total_cmp(&a.0));
        }
        docs.truncate(limit);
        docs.drain(..request.offset.min(docs.len()));
        // What snippets need, only when they are wanted.
        let mut snippets = request
            .snippets
            .then(|| (builder.highlight_terms(&*query), Snippeter::new()));
        for (score, phrase, bonus, address, doc) in docs {
            let mut hit = self.hit(
                &doc,
                score,
                snippets
                    .as_mut()
                    .map(|(terms, snippeter)| (&*terms, snippeter)),
            );
            if request.explain {
                let explanation = query.explain(&searcher, address)?;
                hit.explanation = crate::explain::contributions(self, &explanation);
                // The re-ranking bonuses are not part of tantivy's explanation.
                for (kind, score) in [("phrase", phrase), ("exact form", bonus)] {
                    if score > 0.0 {
                        hit.explanation.push(Contribution {
                            field: "title/body".into(),
                            term: surfaces.join(" "),
                            kind: kind.into(),
                            score,
                        });
                    }
                }
                hit.explanation.sort_by(|a, b| b.score.total_cmp(&a.score));
            }
            results.hits.push(hit);
        }
        Ok(results)
    }

    /// [`TITLE_WEIGHT`] for each query word found as typed in the title, [`BODY_WEIGHT`] in the opening of
    /// the body (both compared after neutral normalisation, as whole words).
    fn surface_bonus(&self, doc: &TantivyDocument, surfaces: &[String]) -> Score {
        let mut title = SurfaceText::new(stored_str(doc, self.fields.title).unwrap_or(""));
        let body = stored_str(doc, self.fields.body).unwrap_or("");
        let mut end = body.len().min(SURFACE_WINDOW_BYTES);
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        let mut opening = SurfaceText::new(&body[..end]);
        surfaces
            .iter()
            .map(|w| {
                let mut bonus = 0.0;
                if title.contains_word(w) {
                    bonus += TITLE_WEIGHT;
                }
                if opening.contains_word(w) {
                    bonus += BODY_WEIGHT;
                }
                bonus * SURFACE_WEIGHT
            })
            .sum()
    }

    fn hit(
        &self,
        doc: &TantivyDocument,
        score: Score,
        snippets: Option<(&HighlightTerms, &mut Snippeter)>,
    ) -> Hit {
        let f = &self.fields;
        let text = |field: Field| stored_str(doc, field).map(str::to_string);
        let lang = text(f.lang).unwrap_or_else(|| "unknown".into());
        let body = stored_str(doc, f.body).unwrap_or("");
        let doc_lang = DocLang::from_code(&lang).unwrap_or(DocLang::Unknown);
        Hit {
            id: text(f.id).unwrap_or_default(),
            title: text(f.title).unwrap_or_default(),
            date: text(f.date_text),
            url: text(f.url),
            source: text(f.source),
            score,
            snippet: snippets
                .map(|(terms, snippeter)| snippeter.snippet(body, doc_lang, terms))
                .unwrap_or_default(),
            lang,
            explanation: Vec::new(),
        }
    }
}

/// The terms to highlight, per analyzer: what the query's terms look like in each field family.
#[derive(Debug, Default)]
pub(crate) struct HighlightTerms {
    pub(crate) per_lang: BTreeMap<Lang, BTreeMap<String, Score>>,
    pub(crate) folded: BTreeMap<String, Score>,
}

/// Builds tantivy queries from a parsed query, analysing each word under every analyzer.
struct QueryBuilder<'a> {
    index: &'a SearchIndex,
    /// The one snapshot of the index that the query is built for and run on.
    searcher: Searcher,
    analyzers: Vec<(Lang, TextAnalyzer)>,
    folded: TextAnalyzer,
    /// The parts of each compound query word as a phrase, per language field, with the field's weight:
    /// scored on the candidates only, like the phrase bonus (a compound matches by its parts or its joined
    /// form; reading positions for every document with both parts made compound queries the slowest).
    compound_phrases: Vec<(Box<dyn Query>, Score)>,
}

/// The terms of one analysed word: compound parts in order, and the joined form if it is a compound.
struct Analysed {
    parts: Vec<String>,
    joined: Option<String>,
}

impl<'a> QueryBuilder<'a> {
    fn new(index: &'a SearchIndex) -> Self {
        QueryBuilder {
            index,
            searcher: index.reader.searcher(),
            analyzers: Lang::ALL
                .iter()
                .map(|&l| (l, TextAnalyzer::from(tokenizer::for_lang(l))))
                .collect(),
            folded: TextAnalyzer::from(tokenizer::folded()),
            compound_phrases: Vec::new(),
        }
    }

    fn build(
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
            let to_dt = |d: Date, end: bool| {
                let t = if end {
                    d.with_hms(23, 59, 59).unwrap_or(d.midnight())
                } else {
                    d.midnight()
                };
                Term::from_field_date(
                    self.index.fields.date,
                    DateTime::from_timestamp_secs(t.assume_utc().unix_timestamp()),
                )
            };
            let lower = request
                .from
                .map_or(Bound::Unbounded, |d| Bound::Included(to_dt(d, false)));
            let upper = request
                .to
                .map_or(Bound::Unbounded, |d| Bound::Included(to_dt(d, true)));
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
    fn phrase_bonus(&mut self, parsed: &ParsedQuery) -> Vec<(Box<dyn Query>, Score)> {
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
    fn has_phrase_bonus(&self, parsed: &ParsedQuery) -> bool {
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
        if !known {
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
            let norm = match lang {
                Lang::Tk => Norm::Tk,
                Lang::Ru => Norm::Ru,
                Lang::En => Norm::En,
            };
            let mut prefixes = vec![normalize(norm, text)];
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
    fn highlight_terms(&self, query: &dyn Query) -> HighlightTerms {
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

/// The plain (not negated, not stop) words of the query, normalised, for the exact-form bonus.
fn surface_words(parsed: &ParsedQuery) -> Vec<String> {
    parsed
        .clauses
        .iter()
        .filter(|c| !c.negated)
        .flat_map(|c| &c.any_of)
        .filter_map(|a| match a {
            Atom::Word { text, .. } => Some(normalize(Norm::Neutral, text)),
            _ => None,
        })
        .filter(|w| !w.is_empty() && !is_stopword(w))
        .collect()
}

/// A stored text (a title, or the opening of a body) to look for query words in as they would be after
/// neutral normalisation ([`normalize`]), mostly without normalising it.
struct SurfaceText<'a> {
    raw: &'a str,
    /// `raw` through [`simple_lowercase`] (same offsets).
    lowered: Vec<u8>,
    /// `raw` holds a character that rules out the short way ([`has_unsafe_for_runs`]).
    unsafe_chars: bool,
    /// `raw` holds no `ё`/`Ё`, the only characters other than `е`/`Е` that normalise to `е`; then `е` may
    /// be part of a run too. Looked for when a word with `е` is.
    yo_free: Option<bool>,
    /// `raw` normalised whole, once it is needed.
    normalised: Option<String>,
}

impl<'a> SurfaceText<'a> {
    fn new(raw: &'a str) -> Self {
        SurfaceText {
            raw,
            lowered: simple_lowercase(raw),
            unsafe_chars: has_unsafe_for_runs(raw),
            yo_free: None,
            normalised: None,
        }
    }

    /// Whether the normalised text contains `word` as a whole word: the occurrences of `word`'s longest run
    /// of [`run_letter`]s are found in the lowered bytes, and only the whitespace-separated chunks around
    /// them are normalised and checked. Exact because neutral normalisation makes a run letter only out of
    /// itself or its capital — except `İ`, `ı` and the Kelvin sign, and except where it drops an invisible
    /// character or keeps a combining mark inside a run (all "unsafe"), and `е` out of `ё` — and never
    /// creates, moves or removes whitespace; text with an unsafe character, or a word without a run of
    /// three, is normalised whole.
    fn contains_word(&mut self, word: &str) -> bool {
        let raw = self.raw;
        let yo_free = word.contains('е')
            && *self.yo_free.get_or_insert_with(|| {
                let bytes = raw.as_bytes();
                memchr::memmem::find(bytes, "ё".as_bytes()).is_none()
                    && memchr::memmem::find(bytes, "Ё".as_bytes()).is_none()
            });
        let run = longest_run(word, yo_free);
        if run.chars().count() < 3 || self.unsafe_chars {
            let whole = self
                .normalised
                .get_or_insert_with(|| normalize(Norm::Neutral, raw));
            return contains_word(whole, word);
        }
        memchr::memmem::find_iter(&self.lowered, run.as_bytes()).any(|i| {
            let start = raw[..i]
                .rfind(char::is_whitespace)
                .map_or(0, |s| s + raw[s..].chars().next().map_or(1, char::len_utf8));
            let end = raw[i..]
                .find(char::is_whitespace)
                .map_or(raw.len(), |e| i + e);
            contains_word(&normalize(Norm::Neutral, &raw[start..end]), word)
        })
    }
}

/// The longest stretch of [`run_letter`]s in `word`.
fn longest_run(word: &str, e_too: bool) -> &str {
    word.split(|c: char| !run_letter(c, e_too))
        .max_by_key(|r| r.chars().count())
        .unwrap_or("")
}

/// Letters a run may hold: ASCII letters and digits, and the basic lowercase Cyrillic letters that no
/// other character normalises to (not the letters NFC composes from a base and a mark: `й ѐ ё ѓ ї ќ ѝ ў`;
/// `е`, which `ё` becomes, only when `e_too` — in a text without `ё`).
fn run_letter(c: char, e_too: bool) -> bool {
    c.is_ascii_alphanumeric()
        || (c == 'е' && e_too)
        || (('\u{430}'..='\u{45F}').contains(&c)
            && !matches!(c, 'е' | 'й' | 'ѐ' | 'ё' | 'ѓ' | 'ї' | 'ќ' | 'ѝ' | 'ў'))
}

/// The UTF-8 bytes of `text` with ASCII and basic Cyrillic capitals (U+0400–U+042F) lowercased, worked on
/// bytes (decoding characters was a tenth of a Russian query); every lowered letter keeps its byte length, so
/// offsets carry over. `0xD0` only ever leads a character, so the byte after it is its letter's second byte:
/// Ѐ–Џ (`D0 80–8F`) become `D1 90–9F`, А–П (`D0 90–9F`) `D0 B0–BF`, Р–Я (`D0 A0–AF`) `D1 80–8F`. Two
/// element-wise passes without branches (the compiler vectorises them; a branch per `0xD0` was slower).
fn simple_lowercase(text: &str) -> Vec<u8> {
    /// 0xFF when `condition` holds, else 0.
    fn mask(condition: bool) -> u8 {
        0u8.wrapping_sub(u8::from(condition))
    }
    let src = text.as_bytes();
    let mut out = src.to_vec();
    out.make_ascii_lowercase();
    let (Some(heads), Some(tails)) = (src.get(..src.len().saturating_sub(1)), src.get(1..)) else {
        return out;
    };
    // Second bytes: shifted when the byte before is 0xD0.
    for ((o, &b), &before) in out[1..].iter_mut().zip(tails).zip(heads) {
        let row = b & 0xF0;
        let shift =
            (0x10 & mask(row == 0x80)) | (0x20 & mask(row == 0x90)) | (0xE0 & mask(row == 0xA0));
        *o = o.wrapping_add(shift & mask(before == 0xD0));
    }
    // Lead bytes: 0xD0 becomes 0xD1 when its second byte is in 0x80–0x8F or 0xA0–0xAF.
    for ((o, &b), &after) in out.iter_mut().zip(heads).zip(tails) {
        let row = after & 0xF0;
        *o ^= 1 & mask(row == 0x80 || row == 0xA0) & mask(b == 0xD0);
    }
    out
}

/// Whether `text` holds a character normalisation turns into a run letter other than its own lowercase (`İ`,
/// `ı`, the Kelvin sign), drops (soft hyphen, zero-width characters) or keeps between letters (combining
/// marks U+0300–U+036F, U+0483–U+0489) — text holding one is normalised whole. Found from the UTF-8 bytes:
/// the check runs on every candidate's opening, and decoding characters made it a tenth of a query.
fn has_unsafe_for_runs(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Every byte tested below leads a character (they are all 0xC2 or above), so memchr finds the
    // characters to look at; most text has none, or few.
    let unsafe_at = |i: usize| {
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        match bytes[i] {
            0xC2 => next(1) == 0xAD,
            0xC4 => matches!(next(1), 0xB0 | 0xB1),
            0xCC => true,
            0xCD => next(1) <= 0xAF,
            0xD2 => (0x83..=0x89).contains(&next(1)),
            0xE2 => matches!(
                (next(1), next(2)),
                (0x80, 0x8B..=0x8D) | (0x81, 0xA0) | (0x84, 0xAA)
            ),
            0xEF => next(1) == 0xBB && next(2) == 0xBF,
            _ => false,
        }
    };
    memchr::memchr3_iter(0xC2, 0xC4, 0xCC, bytes).any(unsafe_at)
        || memchr::memchr3_iter(0xCD, 0xD2, 0xE2, bytes).any(unsafe_at)
        || memchr::memchr_iter(0xEF, bytes).any(unsafe_at)
}

/// The character rule [`has_unsafe_for_runs`] implements on bytes, kept as the tests' reference.
#[cfg(test)]
fn unsafe_for_runs(c: char) -> bool {
    matches!(
        c,
        '\u{130}'
            | '\u{131}'
            | '\u{212A}'
            | '\u{AD}'
            | '\u{200B}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
    ) || ('\u{300}'..='\u{36F}').contains(&c)
        || ('\u{483}'..='\u{489}').contains(&c)
}

/// Whether `word` occurs in `text` with no letter or digit on either side.
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Adds `weight` × `query`'s score to each candidate that it matches (checking each segment's scorer at the
/// candidates, in document order); the added part is also kept in the second element. `query` should be a
/// single term or phrase query: a union would scan ahead of the candidates.
fn add_scores(
    searcher: &Searcher,
    query: &dyn Query,
    weight: Score,
    hits: &mut [(Score, Score, DocAddress)],
) -> Result<()> {
    let query_weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut order: Vec<usize> = (0..hits.len()).collect();
    order.sort_by_key(|&i| (hits[i].2.segment_ord, hits[i].2.doc_id));
    // Per segment: the scorer and the lowest document it may still match. Before any `seek_danger` that is
    // its current document; after one, only `seek_danger` (with a target at or above the bound) and, when it
    // found its target, `score` may be called.
    let mut current: Option<(u32, Box<dyn tantivy::query::Scorer>, DocId)> = None;
    for i in order {
        let address = hits[i].2;
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
            hits[i].0 += score;
            hits[i].1 += score;
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character that normalises to (or into) a run letter other than its own simple lowercase, or
    /// that normalisation drops, is one [`SurfaceText::contains_word`] refuses to take the short way with.
    #[test]
    fn unsafe_characters_cover_every_character_that_makes_run_letters() {
        for c in ('\u{80}'..='\u{10FFFF}').filter(|c| !c.is_control()) {
            let n = normalize(Norm::Neutral, &c.to_string());
            let lowered = simple_lowercase(&c.to_string());
            // `ё`/`Ё` (normalised to `е`) are kept out of runs by the check for them (`yo_free`).
            let makes_run_letter = n.chars().any(|c| run_letter(c, true))
                && n.as_bytes() != lowered.as_slice()
                && !matches!(c, 'ё' | 'Ё');
            if makes_run_letter || n.is_empty() {
                assert!(unsafe_for_runs(c), "U+{:04X} → {n:?}", c as u32);
            }
        }
    }

    /// For every scalar between two letters: the byte-level lowering is ASCII lowercasing plus
    /// U+0400–U+042F → U+0450/U+0430…, and the byte check finds exactly the unsafe characters.
    #[test]
    fn byte_helpers_agree_with_their_character_rules_for_every_scalar() {
        for c in '\u{0}'..='\u{10FFFF}' {
            let text = format!("a{c}Z");
            assert_eq!(
                simple_lowercase(&text),
                simple_lowercase_by_chars(&text),
                "U+{:04X}",
                c as u32
            );
            assert_eq!(
                has_unsafe_for_runs(&text),
                unsafe_for_runs(c),
                "U+{:04X}",
                c as u32
            );
        }
    }

    /// An in-memory index of (id, title, body) documents, languages detected.
    fn index_of(docs: &[(&str, &str, &str)]) -> Result<SearchIndex> {
        let index = SearchIndex::in_memory()?;
        let mut writer = index.writer(50_000_000)?;
        for &(id, title, body) in docs {
            writer.add(&crate::index::NewDoc {
                id,
                title,
                body,
                lang: None,
                date: None,
                url: None,
                source: None,
                path: "news.jsonl",
                root: "/news",
            })?;
        }
        writer.commit()?;
        Ok(index)
    }

    #[test]
    fn snippets_can_be_left_out() -> Result<()> {
        let index = index_of(&[(
            "tk-1",
            "Sergi",
            "Kitaphanada täze kitaplaryň sergisi açyldy.",
        )])?;
        let mut request = SearchRequest::new("kitap");
        let with = index.search(&request)?;
        assert_eq!(with.hits[0].snippet.highlights.len(), 1);
        request.snippets = false;
        let without = index.search(&request)?;
        assert_eq!(without.hits[0].id, "tk-1");
        assert_eq!(without.hits[0].snippet, Snippet::default());
        assert_eq!(without.total, with.total);
        Ok(())
    }

    /// Fields that lack a query term get no query; a phrase none of whose fields holds all its terms
    /// matches nothing (it does not fall back to its words), and a word the index lacks still gets its
    /// typo-tolerant alternatives.
    #[test]
    fn fields_without_the_terms_are_left_out() -> Result<()> {
        let index = index_of(&[
            (
                "tk-1",
                "Habar",
                "Kitaphanada täze kitaplaryň sergisi açyldy.",
            ),
            ("tk-2", "Habar", "Okyjylar üçin onlaýn maslahat geçirildi."),
        ])?;
        let ids = |query: &str| -> Result<Vec<String>> {
            let mut ids: Vec<String> = index
                .search(&SearchRequest::new(query))?
                .hits
                .into_iter()
                .map(|h| h.id)
                .collect();
            ids.sort();
            Ok(ids)
        };
        let cases: &[(&str, &[&str])] = &[
            ("\"onlaýn maslahaty\"", &["tk-2"]),
            ("\"sergisi maslahat\"", &[]),
            ("\"täze zzzyyyxxx\"", &[]),
            ("onlaýn-maslahatyna", &["tk-2"]),
            ("sergisi", &["tk-1"]),
            ("kitaplarynyñ", &["tk-1"]),
            ("serggisi", &["tk-1"]),
        ];
        for (query, expected) in cases {
            assert_eq!(ids(query)?, *expected, "{query}");
        }
        Ok(())
    }

    /// (raw text, word as typed, expected: found as a whole word after normalisation)
    #[test]
    fn opening_check_agrees_with_normalising_everything() {
        let cases: &[(&str, &str, bool)] = &[
            ("Onlaýn-maslahatyna gatnaşdylar", "onlaýn-maslahatyna", true),
            ("ONLAÝN MASLAHAT", "maslahat", true),
            ("kitap\u{AD}hana açyldy", "kitaphana", true),
            ("İstanbulda sergi", "istanbulda", true),
            ("Kıtaphana", "kytaphana", true),
            ("Milli kitaphana", "maslahat", false),
            ("Milli kitaphanasy", "kitaphana", false),
            ("«Kitaphana»", "kitaphana", true),
            ("Meñ kitabym", "meň", true),
            ("Библиотека открылась", "библиотека", true),
            ("y\u{301}ylyň kitaby", "ýylyň", true),
            ("Учёный совет библиотеки", "ученый", true),
            ("Ученые и учёный", "учёные", true),
            ("Ученый совет", "ученый", true),
            ("Ёлка в библиотеке", "елка", true),
            ("Ёлка в библиотеке", "библиотеке", true),
            ("Новые библиотеки", "библиотеке", false),
        ];
        for (raw, typed, expected) in cases {
            let w = normalize(Norm::Neutral, typed);
            let slow = contains_word(&normalize(Norm::Neutral, raw), &w);
            assert_eq!(slow, *expected, "{raw:?} {typed:?}");
            let fast = SurfaceText::new(raw).contains_word(&w);
            assert_eq!(fast, slow, "{raw:?} {typed:?}");
        }
    }

    /// The same agreement over every word (and a longer non-word) of every bundled article's opening.
    #[test]
    fn opening_check_agrees_on_the_bundled_corpus() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        if !corpus.is_dir() {
            println!("skipped: no bundled corpus at {}", corpus.display());
            return;
        }
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(&corpus).into_iter().flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let mut start = 0;
            while start < text.len() {
                let mut end = (start + SURFACE_WINDOW_BYTES).min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                let raw = &text[start..end];
                start = end;
                let mut surface = SurfaceText::new(raw);
                let whole = normalize(Norm::Neutral, raw);
                for token in raw.split_whitespace() {
                    let word = normalize(
                        Norm::Neutral,
                        token.trim_matches(|c: char| !c.is_alphanumeric()),
                    );
                    for w in [word.clone(), format!("{word}lar")] {
                        if w.is_empty() {
                            continue;
                        }
                        let fast = surface.contains_word(&w);
                        assert_eq!(fast, contains_word(&whole, &w), "{w:?} in {raw:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10_000, "only {checked} words checked");
    }

    /// The character-level rule [`simple_lowercase`] implements on bytes.
    fn simple_lowercase_by_chars(text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| match c {
                'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
                'Ѐ'..='Џ' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
                _ => c.to_ascii_lowercase(),
            })
            .collect::<String>()
            .into_bytes()
    }

    proptest::proptest! {
        /// Whole texts, not single characters: the byte helpers look at neighbouring bytes.
        #[test]
        fn byte_helpers_agree_with_their_character_rules(
            text in "[a-zA-Z0-9 .,«»—\u{AD}\u{130}\u{131}\u{300}-\u{36F}\u{400}-\u{4FF}\u{200B}-\u{200D}\u{FEFF}ýňöüçşžÝŇÖÜÇŞŽ]{0,64}|\\PC{0,64}"
        ) {
            proptest::prop_assert_eq!(simple_lowercase(&text), simple_lowercase_by_chars(&text));
            proptest::prop_assert_eq!(
                has_unsafe_for_runs(&text),
                text.chars().any(unsafe_for_runs)
            );
        }
    }
}
