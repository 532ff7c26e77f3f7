//! Reading the index other than by searching: one document by id, and what the index holds.

use std::collections::BTreeMap;
use std::time::SystemTime;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Term};

use crate::article::Article;
use crate::error::{Error, Result};
use crate::index::SearchIndex;
use crate::schema::FORMAT_VERSION;
use crate::stored::{raw_doc, StoredText};
use crate::{DocLang, Lang};

/// What an index holds, as of the last commit its reader has seen.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexStats {
    /// Documents visible to searches.
    pub documents: u64,
    /// Documents per language code (`tk`, `ru`, `en`, `unknown`), every code present.
    pub per_lang: BTreeMap<&'static str, u64>,
    /// Bytes of the index folder's files (`None` in memory).
    pub size_bytes: Option<u64>,
    /// When the last commit was written (the modification time of tantivy's `meta.json`; `None` in memory).
    pub last_commit: Option<SystemTime>,
    /// The index format version ([`FORMAT_VERSION`]).
    pub format: u32,
}

impl SearchIndex {
    /// The stored article with this id, as it was indexed (`lang` as detected, `date` as `YYYY-MM-DD`).
    ///
    /// ```
    /// use tk_search_core::{Article, SearchIndex};
    /// let index = SearchIndex::in_memory()?;
    /// let mut writer = index.writer(50_000_000)?;
    /// writer.add(&Article {
    ///     id: Some("tk-1".into()),
    ///     title: Some("Sergi".into()),
    ///     body: "Kitaphanada sergi açyldy.".into(),
    ///     ..Article::default()
    /// })?;
    /// writer.commit()?;
    /// assert_eq!(index.document("tk-1")?.map(|a| a.body), Some("Kitaphanada sergi açyldy.".into()));
    /// assert_eq!(index.document("nope")?, None);
    /// # Ok::<(), tk_search_core::Error>(())
    /// ```
    pub fn document(&self, id: &str) -> Result<Option<Article>> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let query = TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic);
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else {
            return Ok(None);
        };
        // Through the same store readers (and block cache) as the hits of a search.
        let bytes = raw_doc(&self.stored.of(&searcher)?, *address)?;
        let doc = StoredText::parse(&bytes)?;
        let text = |field| doc.get(field).map(str::to_string);
        Ok(Some(Article {
            id: text(f.id),
            title: text(f.title),
            body: text(f.body).unwrap_or_default(),
            lang: text(f.lang),
            date: text(f.date_text),
            url: text(f.url),
            source: text(f.source),
        }))
    }

    /// Document counts, size, last commit and format of the index.
    pub fn stats(&self) -> Result<IndexStats> {
        let searcher = self.reader.searcher();
        let mut per_lang = BTreeMap::new();
        let codes = Lang::ALL
            .map(|l| DocLang::Known(l).code())
            .into_iter()
            .chain([DocLang::Unknown.code()]);
        for code in codes {
            let query = TermQuery::new(
                Term::from_field_text(self.fields.lang, code),
                IndexRecordOption::Basic,
            );
            let n = searcher.search(&query, &Count)?;
            per_lang.insert(code, u64::try_from(n).unwrap_or(u64::MAX));
        }
        let (size_bytes, last_commit) = match self.path() {
            Some(path) => {
                let mut size = 0;
                for entry in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
                    let meta = entry.and_then(|e| e.metadata());
                    // A segment file merged away between listing and reading it is simply not counted.
                    if let Ok(meta) = meta {
                        if meta.is_file() {
                            size += meta.len();
                        }
                    }
                }
                let meta = path.join("meta.json");
                let modified = std::fs::metadata(&meta)
                    .and_then(|m| m.modified())
                    .map_err(|e| Error::io(meta, e))?;
                (Some(size), Some(modified))
            }
            None => (None, None),
        };
        Ok(IndexStats {
            documents: searcher.num_docs(),
            per_lang,
            size_bytes,
            last_commit,
            format: FORMAT_VERSION,
        })
    }
}
