//! Search: the parsed query analysed under every language and run over every field.
//!
//! A word matches when any language's analysis of it matches in that language's fields, or its folded
//! form matches in the folded fields. Field weights make an exact-form match outrank a folded one and a
//! title match outrank a body match; a phrase bonus lifts documents where the words stand together.

mod build;
mod exact_form;
mod family;
mod fuzzy;
mod prefix_typos;
mod request;
mod rerank;
mod spelling;
mod terms;

pub use request::{Hit, SearchRequest, SearchResults, Sort};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{Occur, Query};
use tantivy::{DocAddress, Order, Score};
use tantivy_turkmen::DocLang;

use crate::error::Result;
use crate::explain::{Contribution, ContributionKind};
use crate::index::SearchIndex;
use crate::query::parse;
use crate::snippet::{HighlightTerms, Snippeter};
use crate::stored::{raw_doc, StoredText};
use build::QueryBuilder;
use exact_form::{exact_form_bonus, surface_words};
use rerank::{add_scores, Candidate};

/// Weight of a match in a language's title field.
pub const TITLE_WEIGHT: Score = 2.5;
/// Weight of a match in a language's body field.
pub const BODY_WEIGHT: Score = 1.0;
/// Weight of a match in the folded fields, relative to the exact fields.
pub const FOLDED_WEIGHT: Score = 0.4;
/// Weight of a typo-tolerant (fuzzy) match (only for words the index does not contain).
pub const FUZZY_WEIGHT: Score = 0.15;
/// Score of the second-best typo correction of a word, relative to the best; the n-th best scores this
/// divided by n-1, so a document holding the best correction ranks above one holding another, in its
/// title or not (the title weighs [`TITLE_WEIGHT`], less than 1 / this).
pub const FUZZY_RUNNER_UP: Score = 0.2;
/// Weight of a query word found exactly as typed (per field weight), on top of its stem match.
pub const SURFACE_WEIGHT: Score = 1.0;
/// The phrase bonus is scored on this many times the page's hits (and at least [`MIN_PHRASE_POOL`]).
const PHRASE_POOL_FACTOR: usize = 5;
const MIN_PHRASE_POOL: usize = 50;
/// Candidates beyond the page that the exact-form bonus may lift onto it.
const RERANK_MARGIN: usize = 5;
/// Most index terms one prefix expands to, per field.
pub const MAX_PREFIX_TERMS: usize = 64;
/// Most index terms one misspelt word expands to, per field.
pub const MAX_FUZZY_TERMS: usize = 64;
/// Most misspelt words per query that get typo-tolerant alternatives (each expands over the term
/// dictionaries); the others are matched exactly.
pub const MAX_FUZZY_WORDS: usize = 8;
/// Weight of the bonus for all words standing together as a phrase. It exceeds [`TITLE_WEIGHT`] so that the
/// words standing together in a body outweigh one of them scattered into a title: a reader who types
/// `ýaş okyjylar` means young readers, not an article about readers that says `ýaşlar` somewhere. Judged
/// queries of all three languages score alike from 2 to 4 (and lower at 1.5 or 6); 3 sits in the middle.
pub const PHRASE_BONUS: Score = 3.0;

impl SearchIndex {
    /// Runs a search: every word of the query must match (function words are optional), in any language's
    /// analysis or folded to ASCII; when nothing has every word and [`SearchRequest::relax`] is on, the
    /// best partial matches come back with [`SearchResults::relaxed`] set.
    ///
    /// ```
    /// use tk_search_core::{Article, SearchIndex, SearchRequest};
    /// let index = SearchIndex::in_memory()?;
    /// let mut writer = index.writer(50_000_000)?;
    /// writer.add(&Article {
    ///     id: Some("tk-1".into()),
    ///     title: Some("Onlaýn-maslahat".into()),
    ///     body: "Kitaphanada onlaýn-maslahaty geçirildi. Okyjylar kitaplaryň sergisine gatnaşdylar.".into(),
    ///     ..Article::default()
    /// })?;
    /// writer.commit()?;
    /// let results = index.search(&SearchRequest::new("onlayn maslahat"))?;
    /// assert_eq!(results.hits[0].id, "tk-1");
    /// println!("{} {}", results.hits[0].title, results.hits[0].snippet.marked("[", "]"));
    /// # Ok::<(), tk_search_core::Error>(())
    /// ```
    ///
    /// A tantivy failure on an on-disk index is reported as [`crate::Error::Damaged`].
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.run_search(request).map_err(|e| self.damaged(e))
    }

    fn run_search(&self, request: &SearchRequest) -> Result<SearchResults> {
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
                                .order_by_fast_field::<i64>("date", Order::Desc),
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
        if total == 0 {
            // Nothing matched: say what was searched for, and what the index may have meant.
            results.analysed = builder.describe(&parsed);
            results.suggestion = builder.suggest(&parsed);
        }
        if builder.fuzzy_capped {
            results.warnings.push(format!(
                "typo tolerance is given to at most {MAX_FUZZY_WORDS} unknown words per query; the others are matched exactly"
            ));
        }
        if addresses.is_empty() {
            return Ok(results);
        }
        let mut pooled: Vec<Candidate> = addresses
            .into_iter()
            .map(|(score, address)| Candidate::new(score, address))
            .collect();
        if request.sort == Sort::Date {
            // Ordered by date, but each hit still shows how well it matches.
            add_scores(&searcher, &*query, 1.0, &mut pooled)?;
        }
        if request.sort == Sort::Relevance {
            let bonus = builder.phrase_bonus(&parsed);
            for (phrase, weight) in &bonus {
                add_scores(&searcher, &**phrase, *weight, &mut pooled)?;
            }
            if !bonus.is_empty() {
                pooled.sort_by(|a, b| b.score.total_cmp(&a.score));
            }
        }
        pooled.truncate(candidates);
        // Each candidate's stored bytes, its text fields borrowed from them.
        let store = self.stored.of(&searcher)?;
        let raw = pooled
            .iter()
            .map(|c| raw_doc(&store, c.address))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut docs: Vec<(Candidate, StoredText<'_>)> = pooled
            .into_iter()
            .zip(&raw)
            .map(|(c, bytes)| Ok((c, StoredText::parse(bytes)?)))
            .collect::<Result<_>>()?;
        let surfaces = surface_words(&parsed);
        if request.sort == Sort::Relevance && !surfaces.is_empty() {
            // Exact form > same stem: the words as typed, found as whole words, add to the score.
            for (candidate, doc) in &mut docs {
                candidate.exact_form = exact_form_bonus(
                    doc.get(self.fields.title).unwrap_or(""),
                    doc.get(self.fields.body).unwrap_or(""),
                    &surfaces,
                );
                candidate.score += candidate.exact_form;
            }
            docs.sort_by(|a, b| b.0.score.total_cmp(&a.0.score));
        }
        docs.truncate(limit);
        docs.drain(..request.offset.min(docs.len()));
        // What snippets need, only when they are wanted.
        let mut snippets = request
            .snippets
            .then(|| (builder.highlight_terms(&*query), Snippeter::new()));
        for (candidate, doc) in docs {
            let mut hit = self.hit(
                doc,
                candidate.score,
                snippets
                    .as_mut()
                    .map(|(terms, snippeter)| (&*terms, snippeter)),
            );
            if request.explain {
                let explanation = query.explain(&searcher, candidate.address)?;
                hit.explanation = crate::explain::contributions(self, &explanation);
                // The re-ranking bonuses are not part of tantivy's explanation.
                let bonuses = [
                    (ContributionKind::Phrase, candidate.phrase),
                    (ContributionKind::ExactForm, candidate.exact_form),
                ];
                for (kind, score) in bonuses {
                    if score > 0.0 {
                        hit.explanation.push(Contribution {
                            field: "title/body".into(),
                            term: surfaces
                                .iter()
                                .map(|s| s.word())
                                .collect::<Vec<_>>()
                                .join(" "),
                            kind,
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

    fn hit(
        &self,
        doc: StoredText<'_>,
        score: Score,
        snippets: Option<(&HighlightTerms, &mut Snippeter)>,
    ) -> Hit {
        let f = &self.fields;
        let lang = doc
            .get(f.lang)
            .and_then(DocLang::from_code)
            .unwrap_or(DocLang::Unknown);
        let snippet = snippets
            .map(|(terms, snippeter)| snippeter.snippet(doc.get(f.body).unwrap_or(""), lang, terms))
            .unwrap_or_default();
        let text = |field| doc.get(field).map(str::to_owned);
        Hit {
            id: text(f.id).unwrap_or_default(),
            title: text(f.title).unwrap_or_default(),
            date: text(f.date_text),
            url: text(f.url),
            source: text(f.source),
            score,
            snippet,
            lang,
            explanation: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snippet::Snippet;

    /// An in-memory index of (id, title, body) documents, languages detected.
    fn index_of(docs: &[(&str, &str, &str)]) -> Result<SearchIndex> {
        let index = SearchIndex::in_memory()?;
        let mut writer = index.writer(50_000_000)?;
        for &(id, title, body) in docs {
            writer.add(&crate::Article {
                id: Some(id.into()),
                title: Some(title.into()),
                body: body.into(),
                ..crate::Article::default()
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

    /// A compound whose parts the folded word's spellings hold in a Turkmen field is queried there by its
    /// joined form alone: its parts' postings are read once, by the folded query, which matches every
    /// document they do. All spellings and inflections still match.
    #[test]
    fn compound_parts_are_read_once() -> Result<()> {
        let index = index_of(&[
            ("tk-1", "Habar", "Okyjylar üçin onlaýn-maslahat geçirildi."),
            (
                "tk-2",
                "Habar",
                "Kitaphanaçylar Onlaýn-maslahatyna gatnaşdylar.",
            ),
            ("tk-3", "Habar", "Onlaýn sergi we maslahat."),
            ("tk-4", "Habar", "Onlayn maslahat gecirildi."),
            ("tk-5", "Habar", "Täze kitaplar."),
        ])?;
        let text = "onlaýn-maslahatyna";
        let mut builder = QueryBuilder::new(&index);
        let query = builder.build(&parse(text), &SearchRequest::new(text), Occur::Must);
        let mut reads = std::collections::HashMap::new();
        query.query_terms(&mut |term, _| *reads.entry(term.clone()).or_insert(0) += 1);
        let body_tk = index.fields.body_of(tantivy_turkmen::Lang::Tk);
        for part in ["onlaýn", "maslahat"] {
            let term = tantivy::Term::from_field_text(body_tk, part);
            assert_eq!(reads.get(&term), Some(&1), "{part}: {query:?}");
        }
        let mut ids: Vec<String> = index
            .search(&SearchRequest::new(text))?
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect();
        ids.sort();
        assert_eq!(ids, ["tk-1", "tk-2", "tk-3", "tk-4"]);
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
}
