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
//! [`tantivy_turkmen`] crate; this crate is the index over it: [`schema`]/[`index`] ← [`ingest`]; then
//! [`query`] → [`search`] → [`snippet`].
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

pub mod error;
pub mod eval;
mod explain;
pub use error::{Error, Result};
pub use tantivy_turkmen::{DocLang, Lang};
pub mod article;
pub mod index;
pub mod ingest;
pub mod json;
mod lookup;
pub use lookup::IndexStats;
pub mod schema;
pub use article::Article;
pub use index::SearchIndex;
pub mod query;
pub mod search;
pub mod snippet;
pub use explain::Contribution;
pub use search::{Hit, SearchRequest, SearchResults, Sort};
pub use snippet::Snippet;
