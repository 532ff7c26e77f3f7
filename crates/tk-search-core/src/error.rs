//! The library's error type.

use std::path::PathBuf;

/// Everything that can go wrong in tk-search's library calls.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An I/O error on a named path.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// tantivy failed (opening, writing or searching the index).
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// Another process holds the index writer lock.
    #[error("index is locked by another writer ({path}); wait for it to finish or remove a stale lock only if no tk-search process is running")]
    Locked {
        /// The index folder.
        path: PathBuf,
    },
    /// No index exists at the path.
    #[error("no index at {path}: run `tk-search index DIR` first")]
    NoIndex {
        /// The index folder that was expected.
        path: PathBuf,
    },
    /// The index was written by an incompatible version of tk-search.
    #[error("the index at {path} has format {found}, this tk-search needs format {expected}: re-index it (delete the folder and run `tk-search index` again)")]
    IncompatibleIndex {
        /// The index folder.
        path: PathBuf,
        /// The version recorded in the index.
        found: String,
        /// The version this build writes.
        expected: String,
    },
    /// A language code that is not `tk`, `ru` or `en`.
    #[error(transparent)]
    UnknownLang(#[from] tantivy_turkmen::UnknownLang),
    /// A date that is neither `YYYY-MM-DD` nor RFC 3339.
    #[error("unparseable date {0:?}: expected YYYY-MM-DD or RFC 3339")]
    BadDate(String),
    /// The index files cannot be read as an index: a file is damaged, truncated or missing, or tantivy failed
    /// on them. Rebuilding the index from its source folders ([`crate::SearchIndex::sources`]) recovers.
    #[error("the index at {path} is damaged or unreadable: {detail}")]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// What failed.
        detail: String,
    },
    /// Writing the index failed (a full disk, a write error); nothing of the run was committed and the
    /// previous commit is intact.
    #[error("could not write the index at {path}: {detail}; nothing of this run was committed, the previous commit is intact")]
    WriteFailed {
        /// The index folder.
        path: PathBuf,
        /// What failed.
        detail: String,
    },
    /// The input walked for indexing does not exist.
    #[error("{0}: no such file or directory")]
    NotFound(PathBuf),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
