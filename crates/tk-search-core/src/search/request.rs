//! What a search takes and gives: the request, its hits and the results.

use tantivy::Score;
use tantivy_turkmen::{DocLang, Lang};
use time::Date;

use crate::explain::Contribution;
use crate::snippet::Snippet;

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
    /// The user's query text: words (all required), `OR`, `-word`, `"a phrase"`, `title:`, `lang:`,
    /// `source:` and `prefix*` (the README's "Query syntax").
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
    /// A relevance-ordered search for `query` with the default limit of 10, snippets on, no filters; set
    /// the fields to change that.
    ///
    /// ```
    /// use tk_search_core::{Lang, SearchRequest, Sort};
    /// let mut request = SearchRequest::new("kitap sergisi");
    /// request.lang = Some(Lang::Tk);
    /// request.from = Some(tk_search_core::parse_date("2021-01-01")?.date);
    /// request.sort = Sort::Date;
    /// request.limit = 20;
    /// assert_eq!(request.query, "kitap sergisi");
    /// # Ok::<(), tk_search_core::Error>(())
    /// ```
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
    /// The language the document was indexed under.
    pub lang: DocLang,
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
    /// When nothing matched: the query as analysed, each word or phrase with the terms it was searched as
    /// (`kitaphnasy → tk/ru/fold:kitaphnasy en:kitaphnasi`), clauses separated by `; `.
    pub analysed: String,
    /// When nothing matched and the index holds a close word for a word it does not know: the query with
    /// that word replaced by the closest term of the index (by edit distance, then how common it is).
    pub suggestion: Option<String>,
}
