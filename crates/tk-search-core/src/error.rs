//! The library's error type.

use std::fmt;
use std::path::{Path, PathBuf};

/// Everything that can go wrong in tk-search's library calls. Messages say what happened, not which command
/// to run about it: a program embedding the library words its own advice.
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
    /// The search engine failed while opening, writing or searching the index.
    #[error("index error: {0}")]
    Index(#[from] IndexError),
    /// Another writer (in this or another process) holds the index's writer lock.
    #[error("the index{} is locked by another writer", at(.path.as_deref()))]
    Locked {
        /// The index folder (`None` for an index in memory).
        path: Option<PathBuf>,
    },
    /// No index exists at the path.
    #[error("no index at {}", .path.display())]
    NoIndex {
        /// The index folder that was expected.
        path: PathBuf,
    },
    /// The index was written by an incompatible version of tk-search.
    #[error("the index at {} has format {found}, this version reads format {expected}: it must be indexed again", .path.display())]
    IncompatibleIndex {
        /// The index folder.
        path: PathBuf,
        /// The version recorded in the index.
        found: String,
        /// The version this build writes.
        expected: String,
    },
    /// A writer memory budget too small for the indexing threads it would be shared by.
    #[error("a writer memory budget of {budget} bytes is too small for {threads} indexing thread(s): at least {minimum} bytes are needed")]
    WriterBudget {
        /// The budget asked for, in bytes.
        budget: usize,
        /// The indexing threads it would be split between.
        threads: usize,
        /// The smallest budget that works for that many threads.
        minimum: usize,
    },
    /// A language code that is not `tk`, `ru` or `en`.
    #[error(transparent)]
    UnknownLang(#[from] tantivy_turkmen::UnknownLang),
    /// A date that is neither `YYYY-MM-DD` nor RFC 3339.
    #[error("unparseable date {0:?}: expected YYYY-MM-DD or RFC 3339")]
    BadDate(String),
    /// An article whose body is empty (nothing to index).
    #[error("article {id:?} has an empty body")]
    EmptyBody {
        /// The article's id (empty when it has none).
        id: String,
    },
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

/// " at PATH", or nothing for an index in memory.
fn at(path: Option<&Path>) -> String {
    path.map(|p| format!(" at {}", p.display()))
        .unwrap_or_default()
}

/// A failure inside the search engine (tantivy), kept opaque so that the engine's types stay out of the
/// library's API; its message is the engine's.
#[derive(Debug)]
pub struct IndexError(pub(crate) tantivy::TantivyError);

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for IndexError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error::Index(IndexError(e))
    }
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
