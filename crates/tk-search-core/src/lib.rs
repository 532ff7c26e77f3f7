//! # tk-search-core
//!
//! Full-text search for library news in Turkmen, Russian and English, on top of
//! [tantivy](https://docs.rs/tantivy). Each article's language is detected (or given); each language has its
//! own analysis, and Turkmen gets what no other engine ships: normalisation of legacy and keyboard
//! spellings, hyphen/ordinal/abbreviation-aware segmentation, an inflection-only suffix stemmer, and an
//! ASCII-folded field beside the exact one. A query is analysed under every language and searched in
//! every field.
//!
//! The analysis (detection, normalisation, segmentation, stemming, folding, the tokenizers) is the
//! [`tantivy_turkmen`] crate; this crate is the index over it. What an embedder uses:
//!
//! - [`SearchIndex`]: [`SearchIndex::open_or_create`], [`SearchIndex::open`], [`SearchIndex::in_memory`];
//! - writing: [`SearchIndex::writer`] → [`Writer::add`] an [`Article`] → [`Writer::commit`]; or a whole
//!   folder with [`ingest::index_path`];
//! - searching: [`SearchIndex::search`] with a [`SearchRequest`] → [`SearchResults`] of [`Hit`]s with a
//!   [`Snippet`] and, on request, [`Contribution`]s;
//! - [`Error`] for everything that can fail.
//!
//! Articles built in code:
//!
//! ```
//! use tk_search_core::{Article, DocLang, Lang, SearchIndex, SearchRequest};
//!
//! let index = SearchIndex::in_memory()?;
//! let mut writer = index.writer(50_000_000)?;
//! for (id, title, body) in [
//!     ("tk-1", "Onlaýn-maslahat", "Kitaphanada onlaýn-maslahaty geçirildi."),
//!     ("ru-1", "Выставка", "В библиотеке открылась выставка новых книг."),
//!     ("en-1", "Exhibition", "The library opened an exhibition of new books."),
//! ] {
//!     writer.add(&Article { id: Some(id.into()), title: Some(title.into()), body: body.into(), ..Article::default() })?;
//! }
//! writer.commit()?;
//! let mut request = SearchRequest::new("kitaplar OR books OR книги");
//! request.lang = Some(Lang::En);
//! let results = index.search(&request)?;
//! assert_eq!(results.hits.len(), 1);
//! assert_eq!((results.hits[0].id.as_str(), results.hits[0].lang), ("en-1", DocLang::Known(Lang::En)));
//! # Ok::<(), tk_search_core::Error>(())
//! ```
//!
//! A folder of JSON Lines, JSON, text or Markdown files:
//!
//! ```
//! use tk_search_core::{ingest, SearchIndex, SearchRequest};
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(
//!     dir.path().join("news.jsonl"),
//!     concat!(
//!         r#"{"id":"tk-1","title":"Onlaýn-maslahat","body":"Kitaphanada onlaýn-maslahaty geçirildi."}"#, "\n",
//!         r#"{"id":"ru-1","title":"Выставка","body":"В библиотеке открылась выставка новых книг."}"#, "\n",
//!     ),
//! )?;
//! let index = SearchIndex::open_or_create(&dir.path().join("index"))?;
//! let summary = ingest::index_path(&index, &dir.path().join("news.jsonl"), &Default::default(), &mut |_| {})?;
//! assert_eq!(summary.documents(), 2);
//!
//! // ASCII-typed, uninflected, spaced: still finds "onlaýn-maslahaty".
//! let results = index.search(&SearchRequest::new("onlayn maslahat"))?;
//! for hit in &results.hits {
//!     println!("{} [{}] {}", hit.title, hit.lang, hit.snippet.marked("[", "]"));
//! }
//! assert_eq!(results.hits[0].id, "tk-1");
//! assert_eq!(index.search(&SearchRequest::new("книги"))?.hits[0].id, "ru-1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod article;
mod error;
mod explain;
mod index;
pub mod ingest;
pub mod json;
mod lookup;
mod query;
mod schema;
mod search;
mod snippet;
mod stored;

pub use article::{parse_date, Article, ParsedDate};
pub use error::{Error, IndexError, Result};
pub use explain::{Contribution, ContributionKind};
pub use index::{
    clear, recorded_sources, Added, SearchIndex, Writer, DEFAULT_MEMORY_BUDGET, DOC_CACHE_BLOCKS,
    MIN_MEMORY_BUDGET_PER_THREAD,
};
pub use lookup::IndexStats;
pub use schema::FORMAT_VERSION;
pub use search::{Hit, SearchRequest, SearchResults, Sort, TITLE_WEIGHT};
pub use snippet::Snippet;
/// The analysis crate the index is built on (languages, detection, normalisation, the tokenizers).
pub use tantivy_turkmen;
pub use tantivy_turkmen::{DocLang, Lang};
