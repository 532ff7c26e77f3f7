//! The one place the server calls tk-search-core: searching, reading and writing run on the blocking
//! thread pool (they are CPU- and disk-bound), and library errors become HTTP errors here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::http::StatusCode;
use tk_search_core::ingest::{self, IngestOptions};
use tk_search_core::SearchIndex;

pub(crate) use tk_search_core::ingest::{Summary, TextFormat};
pub(crate) use tk_search_core::json::{HitJson, ProblemJson, SummaryJson};
pub(crate) use tk_search_core::{
    Article, Hit, IndexStats, Lang, SearchRequest, SearchResults, Sort,
};

use crate::error::ApiError;

/// The index, shared by every request.
pub(crate) struct Engine {
    index: SearchIndex,
    path: PathBuf,
    writer_memory: usize,
    /// Held by a write for as long as its indexing and commit run (even when the request that started it
    /// has gone), so writes of this server queue instead of failing on the index lock, and shutdown can
    /// wait for the one in flight.
    writes: Arc<tokio::sync::Mutex<()>>,
}

impl Engine {
    /// Opens the index at `path` (creating an empty one when there is none) with a reader that follows
    /// every commit.
    pub(crate) fn open(path: &Path, writer_memory: usize) -> Result<Engine, tk_search_core::Error> {
        if !path.join("meta.json").exists() {
            SearchIndex::open_or_create(path)?;
        }
        Ok(Engine {
            index: SearchIndex::open_watching(path)?,
            path: path.to_path_buf(),
            writer_memory,
            writes: Arc::new(tokio::sync::Mutex::new(())),
        })
    }

    /// Runs `work` on the blocking pool with a handle on the index.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&SearchIndex) -> Result<T, tk_search_core::Error> + Send + 'static,
    ) -> Result<T, ApiError> {
        let index = self.index.clone();
        tokio::task::spawn_blocking(move || work(&index))
            .await
            .map_err(|_| ApiError::internal("the index failed while answering this request"))?
            .map_err(library_error)
    }

    /// Runs a search.
    pub(crate) async fn search(&self, request: SearchRequest) -> Result<SearchResults, ApiError> {
        self.blocking(move |index| index.search(&request)).await
    }

    /// The stored article with this id.
    pub(crate) async fn document(&self, id: String) -> Result<Option<Article>, ApiError> {
        self.blocking(move |index| index.document(&id)).await
    }

    /// Counts, size, last commit, format.
    pub(crate) async fn stats(&self) -> Result<IndexStats, ApiError> {
        self.blocking(|index| index.stats()).await
    }

    /// Indexes the articles of a request body and commits them as one transaction.
    pub(crate) async fn add(&self, text: String, format: TextFormat) -> Result<Summary, ApiError> {
        let guard = self.writes.clone().lock_owned().await;
        let options = IngestOptions {
            memory_budget: self.writer_memory,
            prune: false,
            // One indexing thread: the other core keeps answering searches.
            threads: Some(1),
            ..IngestOptions::default()
        };
        self.blocking(move |index| {
            let summary = ingest::index_text(index, "request", &text, format, &options);
            drop(guard);
            summary
        })
        .await
    }

    /// Whether a write of this server is in flight (its indexing or commit is running).
    pub(crate) fn is_writing(&self) -> bool {
        self.writes.try_lock().is_err()
    }

    /// Waits until no write is in flight.
    pub(crate) async fn wait_for_writes(&self) {
        let _ = self.writes.lock().await;
    }

    /// The index folder.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

/// A library error as an HTTP error.
fn library_error(e: tk_search_core::Error) -> ApiError {
    match e {
        tk_search_core::Error::Locked { .. } => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "index_locked",
            "the index is locked by another writer (a `tk-search index` run?); retry when it has finished",
        ),
        other => ApiError::internal(other.to_string()),
    }
}

/// `YYYY-MM-DD` as a day.
pub(crate) fn parse_day(text: &str) -> Option<time::Date> {
    tk_search_core::parse_date(text).ok().map(|d| d.date)
}
