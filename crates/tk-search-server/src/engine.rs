//! The one place the server calls tk-search-core, and where library errors become HTTP errors.
//!
//! Reads (searches, documents, stats) run on the async runtime's worker threads themselves, at most
//! [`Limits::readers`] at a time (the runtime has as many workers: one per core by default): a read is
//! bounded CPU work of about a millisecond, and handing it to a thread of the blocking pool and its answer
//! back cost two thread wake-ups per request, a tenth or more of the CPU the read itself takes. Up to
//! [`Limits::queued`] more reads wait their turn in arrival order, and a read beyond that is answered 503
//! `overloaded` at once. Writes (indexing and committing, seconds of work) run on the blocking pool.

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

/// How many reads run at once, and how many may wait.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Reads running at once (each on a worker thread of its own).
    pub(crate) readers: usize,
    /// Reads waiting for a turn; one more is refused.
    pub(crate) queued: usize,
}

/// The index, shared by every request.
pub(crate) struct Engine {
    index: SearchIndex,
    /// One permit per read that is running or waiting: at most `readers + queued`.
    admitted: Arc<tokio::sync::Semaphore>,
    /// One permit per running read: at most `readers`.
    running: Arc<tokio::sync::Semaphore>,
    path: PathBuf,
    writer_memory: usize,
    /// Held by a write for as long as its indexing and commit run (even when the request that started it
    /// has gone), so writes of this server queue instead of failing on the index lock, and shutdown can
    /// wait for the one in flight.
    writes: Arc<tokio::sync::Mutex<()>>,
}

impl Engine {
    /// Opens the index at `path` (creating an empty one when there is none) with a reader that follows
    /// every commit and keeps `doc_cache_blocks` decompressed stored-document blocks per segment.
    pub(crate) fn open(
        path: &Path,
        writer_memory: usize,
        limits: Limits,
        doc_cache_blocks: usize,
    ) -> Result<Engine, tk_search_core::Error> {
        if !path.join("meta.json").exists() {
            SearchIndex::open_or_create(path)?;
        }
        let readers = limits.readers.max(1);
        Ok(Engine {
            index: SearchIndex::open_watching_cached(path, doc_cache_blocks)?,
            admitted: Arc::new(tokio::sync::Semaphore::new(
                readers.saturating_add(limits.queued),
            )),
            running: Arc::new(tokio::sync::Semaphore::new(readers)),
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

    /// Runs a read on this worker thread once one of the [`Limits::readers`] turns is free; 503 when
    /// [`Limits::queued`] reads already wait.
    async fn read<T: Send>(
        &self,
        work: impl FnOnce(&SearchIndex) -> Result<T, tk_search_core::Error> + Send,
    ) -> Result<T, ApiError> {
        let Ok(_admitted) = self.admitted.clone().try_acquire_owned() else {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "overloaded",
                "the server has more requests waiting than it takes; retry in a moment",
            ));
        };
        // The read runs to its end once started (a request that times out is cut off only while it
        // waits), so no more than `readers` reads ever work at once.
        let running = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the server is shutting down"))?;
        let result = work(&self.index).map_err(library_error);
        drop(running);
        result
    }

    /// Runs a search.
    pub(crate) async fn search(&self, request: SearchRequest) -> Result<SearchResults, ApiError> {
        self.read(move |index| index.search(&request)).await
    }

    /// The stored article with this id.
    pub(crate) async fn document(&self, id: String) -> Result<Option<Article>, ApiError> {
        self.read(move |index| index.document(&id)).await
    }

    /// Counts, size, last commit, format.
    pub(crate) async fn stats(&self) -> Result<IndexStats, ApiError> {
        self.read(|index| index.stats()).await
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

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    /// An engine over a new empty index in a temporary folder (kept alive by the returned guard) that
    /// runs one read at a time and queues at most `queued`.
    fn one_reader(
        queued: usize,
    ) -> Result<(tempfile::TempDir, Engine), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let limits = Limits { readers: 1, queued };
        let engine = Engine::open(
            &dir.path().join("index"),
            50_000_000,
            limits,
            tk_search_core::DOC_CACHE_BLOCKS,
        )?;
        Ok((dir, engine))
    }

    /// With every turn taken and the queue full, a read is refused with 503 `overloaded` at once; when a
    /// turn is free again it runs.
    #[tokio::test]
    async fn reads_beyond_the_queue_are_refused() -> TestResult {
        let (_dir, engine) = one_reader(1)?;
        let taken = engine.admitted.clone().acquire_many_owned(2).await?;
        let refused = engine.stats().await.err().map(|e| (e.status, e.code));
        assert_eq!(
            refused,
            Some((StatusCode::SERVICE_UNAVAILABLE, "overloaded"))
        );
        drop(taken);
        assert_eq!(engine.stats().await.map_err(|e| e.message)?.documents, 0);
        Ok(())
    }

    /// A read waits while every turn is taken (it is queued, not refused) and runs when one is free.
    #[tokio::test]
    async fn reads_wait_for_a_turn() -> TestResult {
        let (_dir, engine) = one_reader(4)?;
        let engine = Arc::new(engine);
        let turn = engine.running.clone().acquire_owned().await?;
        let waiting = tokio::spawn({
            let engine = engine.clone();
            async move {
                engine
                    .stats()
                    .await
                    .map(|s| s.documents)
                    .map_err(|e| e.code)
            }
        });
        // The read is admitted and waits for the turn held above.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while engine.admitted.available_permits() == 5 {
            assert!(
                std::time::Instant::now() < deadline,
                "the read never arrived"
            );
            tokio::task::yield_now().await;
        }
        assert!(!waiting.is_finished());
        drop(turn);
        assert_eq!(waiting.await?, Ok(0));
        Ok(())
    }
}
