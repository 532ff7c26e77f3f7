//! Opening and creating the index, and writing documents into it.

use std::collections::HashMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr, INDEX_WRITER_LOCK,
};
use tantivy::schema::Term;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

use crate::article::{Article, ParsedDate};
use crate::error::{Error, IndexError, Result};
use crate::schema::{Fields, FORMAT_VERSION};
use crate::stored::StoreReaders;
use tantivy_turkmen::detect::{detect_article, Detection};
use tantivy_turkmen::hash::{mix, mix_chunks};
use tantivy_turkmen::{tokenizer, DocLang, Lang};

/// The file beside tantivy's own that records which tk-search format wrote the index.
const FORMAT_FILE: &str = "tk-search-format";
/// The file beside tantivy's own that lists the indexed folders (see [`SearchIndex::sources`]).
const SOURCES_FILE: &str = "tk-search-sources";

/// Writer memory budget when none is given (tantivy splits it between its indexing threads).
pub const DEFAULT_MEMORY_BUDGET: usize = 128 * 1024 * 1024;

/// The smallest writer memory budget per indexing thread (the search engine's own floor).
pub const MIN_MEMORY_BUDGET_PER_THREAD: usize = 15_000_000;

/// An on-disk (or in-memory) tk-search index: open or create it, write [`Article`]s into it with a
/// [`Writer`] (or a whole folder with [`crate::ingest::index_path`]), and [`SearchIndex::search`] it.
#[derive(Clone)]
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    path: Option<PathBuf>,
    /// Store readers of the hits' raw stored bytes (see [`crate::stored`]).
    pub(crate) stored: StoreReaders,
}

/// Decompressed document-store blocks kept per segment by default (tantivy's own default).
pub const DOC_CACHE_BLOCKS: usize = 100;

/// How a [`SearchIndex`]'s reader follows the index.
#[derive(Debug, Clone, Copy)]
struct Reading {
    /// Reload on every commit (else only when told).
    watch: bool,
    /// Decompressed document-store blocks kept per segment.
    doc_cache_blocks: usize,
}

impl Reading {
    /// A reader for one process's own use (reloaded by its own commits).
    const ONCE: Reading = Reading {
        watch: false,
        doc_cache_blocks: DOC_CACHE_BLOCKS,
    };

    fn watching(doc_cache_blocks: usize) -> Reading {
        Reading {
            watch: true,
            doc_cache_blocks,
        }
    }
}

impl SearchIndex {
    /// Opens the index at `path`, creating it (and the folder) if there is none.
    ///
    /// ```
    /// use tk_search_core::SearchIndex;
    /// let dir = tempfile::tempdir()?;
    /// let index = SearchIndex::open_or_create(&dir.path().join("index"))?;
    /// assert_eq!(index.num_docs(), 0);
    /// // Opening it again finds the same (empty) index.
    /// drop(index);
    /// assert_eq!(SearchIndex::open(&dir.path().join("index"))?.num_docs(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open_or_create(path: &Path) -> Result<SearchIndex> {
        if path.join("meta.json").exists() {
            return SearchIndex::open(path);
        }
        fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        // The format file first: a crash before tantivy's meta.json leaves a folder that is simply
        // created again next time.
        fs::write(path.join(FORMAT_FILE), format!("{FORMAT_VERSION}\n"))
            .map_err(|e| Error::io(path.join(FORMAT_FILE), e))?;
        let dir = MmapDirectory::open(path).map_err(tantivy::TantivyError::from)?;
        let fields = Fields::new();
        let index = Index::create(dir, fields.schema.clone(), Default::default())?;
        SearchIndex::from_index(index, fields, Some(path.to_path_buf()), Reading::ONCE)
    }

    /// Opens an existing index; fails with [`Error::NoIndex`] or [`Error::IncompatibleIndex`].
    pub fn open(path: &Path) -> Result<SearchIndex> {
        SearchIndex::open_with(path, Reading::ONCE)
    }

    /// Like [`SearchIndex::open`], for a long-running reader: searches see every new commit, this process's
    /// and another's (tantivy watches `meta.json` and reloads within about a second of a commit).
    pub fn open_watching(path: &Path) -> Result<SearchIndex> {
        SearchIndex::open_with(path, Reading::watching(DOC_CACHE_BLOCKS))
    }

    /// Like [`SearchIndex::open_watching`], keeping up to `doc_cache_blocks` decompressed blocks of each
    /// segment's document store in memory (least recently used first out; a block holds 16 KiB of stored
    /// documents, a few of them; [`SearchIndex::open_watching`] keeps [`DOC_CACHE_BLOCKS`]). A server
    /// whose hits come back often saves decompressing their blocks again; the memory this takes is at most
    /// `doc_cache_blocks` × 16 KiB per segment.
    pub fn open_watching_cached(path: &Path, doc_cache_blocks: usize) -> Result<SearchIndex> {
        SearchIndex::open_with(path, Reading::watching(doc_cache_blocks))
    }

    fn open_with(path: &Path, reading: Reading) -> Result<SearchIndex> {
        if !path.join("meta.json").exists() {
            return Err(Error::NoIndex {
                path: path.to_path_buf(),
            });
        }
        let found = fs::read_to_string(path.join(FORMAT_FILE))
            .map(|s| s.trim().to_string())
            .unwrap_or_else(|_| "none".to_string());
        if found != FORMAT_VERSION.to_string() {
            return Err(Error::IncompatibleIndex {
                path: path.to_path_buf(),
                found,
                expected: FORMAT_VERSION.to_string(),
            });
        }
        let index = Index::open_in_dir(path).map_err(|e| damaged(path, e))?;
        let Ok(fields) = Fields::from_schema(&index.schema()) else {
            return Err(Error::IncompatibleIndex {
                path: path.to_path_buf(),
                found: format!("{found} (different schema)"),
                expected: FORMAT_VERSION.to_string(),
            });
        };
        match SearchIndex::from_index(index, fields.clone(), Some(path.to_path_buf()), reading) {
            // tantivy's reader creates a lock file while it opens the segments, which fails in a folder this
            // process may not write to (a read-only mount, another user's index). No writer of ours can
            // change such an index, so it is opened without that lock.
            Err(Error::Index(IndexError(tantivy::TantivyError::LockFailure(
                LockError::IoError(_),
                _,
            )))) => {
                let dir = MmapDirectory::open(path).map_err(|e| damaged(path, e.into()))?;
                let index = Index::open(ReadOnlyDirectory(dir)).map_err(|e| damaged(path, e))?;
                SearchIndex::from_index(index, fields, Some(path.to_path_buf()), reading)
                    .map_err(|e| damaged_by(path, e))
            }
            result => result.map_err(|e| damaged_by(path, e)),
        }
    }

    /// The folders indexed into this index (canonical paths, in the order first indexed): what a damaged
    /// index is rebuilt from. Read from a small file beside tantivy's, so it survives damage to the segments.
    pub fn sources(&self) -> Vec<PathBuf> {
        self.path
            .as_deref()
            .map(recorded_sources)
            .unwrap_or_default()
    }

    /// Adds `root` to [`SearchIndex::sources`] (written atomically; a no-op in memory or when recorded).
    pub(crate) fn record_source(&self, root: &str) -> Result<()> {
        let Some(path) = self.path.as_deref() else {
            return Ok(());
        };
        let mut sources = recorded_sources(path);
        if sources.iter().any(|s| s.as_os_str() == root) {
            return Ok(());
        }
        sources.push(PathBuf::from(root));
        let text: String = sources
            .iter()
            .map(|s| format!("{}\n", s.display()))
            .collect();
        let tmp = path.join(format!("{SOURCES_FILE}.tmp"));
        fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
        fs::rename(&tmp, path.join(SOURCES_FILE)).map_err(|e| Error::io(path.join(SOURCES_FILE), e))
    }

    /// Deletes the temporary files an interrupted atomic write left behind (tantivy writes `meta.json` and
    /// `.managed.json` through a `.tmpXXXXXX` file renamed into place). Only for a caller holding the writer
    /// lock: no other process is writing then. Best effort.
    pub(crate) fn remove_stale_temp_files(&self) {
        let Some(path) = self.path.as_deref() else {
            return;
        };
        let Ok(entries) = fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let stale = name.len() == 10
                && name
                    .strip_prefix(".tmp")
                    .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_alphanumeric()));
            if stale {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Checks every file of every segment against its checksum and each segment's document count against
    /// its columns: returns what is wrong (empty when the index is sound). Reads the whole index.
    pub fn verify(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        match self.index.validate_checksum() {
            Ok(damaged) => {
                let mut damaged: Vec<_> = damaged.into_iter().collect();
                damaged.sort();
                problems.extend(
                    damaged
                        .iter()
                        .map(|p| format!("{}: checksum mismatch", p.display())),
                );
            }
            Err(e) => problems.push(describe(&e)),
        }
        for segment in self.reader.searcher().segment_readers() {
            let id = segment.segment_id().uuid_string();
            let max_doc = segment.max_doc();
            match segment.fast_fields().u64("hash") {
                Ok(column) if column.num_docs() == max_doc => {}
                Ok(column) => problems.push(format!(
                    "segment {id}: meta.json says {max_doc} documents, its columns hold {}",
                    column.num_docs()
                )),
                Err(e) => problems.push(format!("segment {id}: {e}")),
            }
        }
        Ok(problems)
    }

    /// Turns a tantivy failure on this (on-disk) index into [`Error::Damaged`].
    pub(crate) fn damaged(&self, e: Error) -> Error {
        match &self.path {
            Some(path) => damaged_by(path, e),
            None => e,
        }
    }

    /// An index in memory (for tests, examples and short-lived programs): nothing is written to disk.
    pub fn in_memory() -> Result<SearchIndex> {
        let fields = Fields::new();
        let index = Index::create_in_ram(fields.schema.clone());
        SearchIndex::from_index(index, fields, None, Reading::ONCE)
    }

    fn from_index(
        index: Index,
        fields: Fields,
        path: Option<PathBuf>,
        reading: Reading,
    ) -> Result<SearchIndex> {
        // The analyzers are registered as any tantivy user registers them (see `tantivy_turkmen`).
        for (name, tokenizer) in tokenizer::all() {
            index.tokenizers().register(name, tokenizer);
        }
        let reader = index
            .reader_builder()
            .reload_policy(if reading.watch {
                ReloadPolicy::OnCommitWithDelay
            } else {
                ReloadPolicy::Manual
            })
            // Stored documents are read through `stored`'s readers, which keep the block cache; the
            // searcher's own store readers are never read, so they keep none (else the memory bound of
            // `open_watching_cached` would hold twice over).
            .doc_store_cache_num_blocks(0)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            path,
            stored: StoreReaders::new(reading.doc_cache_blocks),
        })
    }

    /// Where the index lives (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Number of segments visible to searches.
    pub fn segment_count(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Number of documents visible to searches.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Opens the single writer with a memory budget in bytes (shared by the indexing threads, one per core
    /// up to 8, fewer when the budget is small). Fails fast with [`Error::Locked`] if another writer holds
    /// the lock, and with [`Error::WriterBudget`] below [`MIN_MEMORY_BUDGET_PER_THREAD`].
    ///
    /// ```
    /// use tk_search_core::{Error, SearchIndex};
    /// let index = SearchIndex::in_memory()?;
    /// assert!(matches!(index.writer(1_000_000), Err(Error::WriterBudget { .. })));
    /// let writer = index.writer(50_000_000)?;
    /// // One writer at a time.
    /// assert!(matches!(index.writer(50_000_000), Err(Error::Locked { path: None })));
    /// # drop(writer);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn writer(&self, memory_budget: usize) -> Result<Writer> {
        check_budget(memory_budget, 1)?;
        self.make_writer(self.index.writer(memory_budget))
    }

    /// Like [`SearchIndex::writer`] with a given number of indexing threads (at least one); the budget
    /// must allow [`MIN_MEMORY_BUDGET_PER_THREAD`] to each.
    pub fn writer_with_threads(&self, threads: usize, memory_budget: usize) -> Result<Writer> {
        let threads = threads.max(1);
        check_budget(memory_budget, threads)?;
        self.make_writer(self.index.writer_with_num_threads(threads, memory_budget))
    }

    fn make_writer(&self, writer: tantivy::Result<IndexWriter>) -> Result<Writer> {
        let writer = match writer {
            Ok(w) => w,
            Err(tantivy::TantivyError::LockFailure(..)) => {
                return Err(Error::Locked {
                    path: self.path.clone(),
                })
            }
            Err(e) => return Err(e.into()),
        };
        Ok(Writer {
            writer,
            fields: self.fields.clone(),
            reader: self.reader.clone(),
        })
    }

    /// Every live document: id → what the index knows of it (for incremental runs).
    ///
    /// Reads the `id`, `path`, `root` and `hash` columns: each string dictionary is streamed once (in
    /// order, one decompression per block) rather than looked up per document.
    pub(crate) fn known_docs(&self) -> Result<HashMap<String, Known>> {
        let searcher = self.reader.searcher();
        let mut out = HashMap::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let (Some(ids), Some(paths), Some(roots)) =
                (fast.str("id")?, fast.str("path")?, fast.str("root")?)
            else {
                continue;
            };
            let hashes = fast.u64("hash")?;
            let (id_terms, path_terms, root_terms) =
                (all_terms(&ids)?, all_terms(&paths)?, all_terms(&roots)?);
            let first = |col: &tantivy::columnar::StrColumn, terms: &[String], doc| {
                col.term_ords(doc)
                    .next()
                    .and_then(|o| terms.get(usize::try_from(o).ok()?))
                    .cloned()
            };
            let alive = segment.alive_bitset();
            for doc in 0..segment.max_doc() {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    continue;
                }
                let Some(id) = first(&ids, &id_terms, doc) else {
                    continue;
                };
                let known = Known {
                    hash: hashes.first(doc).unwrap_or(0),
                    path: first(&paths, &path_terms, doc).unwrap_or_default(),
                    root: first(&roots, &root_terms, doc).unwrap_or_default(),
                };
                out.insert(id, known);
            }
        }
        Ok(out)
    }

    pub(crate) fn reload(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }
}

/// Empties the index folder at `path` (holding the writer lock, so no other tk-search process is writing)
/// so that it can be created again, keeping the list of source folders. For an index that cannot be read;
/// the caller re-indexes [`SearchIndex::sources`] into it.
pub fn clear(path: &Path) -> Result<()> {
    let dir = MmapDirectory::open(path).map_err(tantivy::TantivyError::from)?;
    let _lock = dir
        .acquire_lock(&INDEX_WRITER_LOCK)
        .map_err(|_| Error::Locked {
            path: Some(path.to_path_buf()),
        })?;
    let keep = [
        SOURCES_FILE,
        INDEX_WRITER_LOCK.filepath.to_str().unwrap_or_default(),
    ];
    // The format file goes first and meta.json last: an interrupted clear leaves either an index that still
    // asks to be rebuilt or a folder that is created afresh.
    let mut entries: Vec<PathBuf> = fs::read_dir(path)
        .map_err(|e| Error::io(path, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && !keep.iter().any(|k| p.file_name().is_some_and(|n| n == *k)))
        .collect();
    entries.sort_by_key(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        (name != FORMAT_FILE, name == "meta.json")
    });
    for entry in entries {
        fs::remove_file(&entry).map_err(|e| Error::io(&entry, e))?;
    }
    Ok(())
}

/// The folders recorded as indexed into the index at `index` (see [`SearchIndex::sources`]); readable when the
/// index itself is not.
pub fn recorded_sources(index: &Path) -> Vec<PathBuf> {
    fs::read_to_string(index.join(SOURCES_FILE))
        .map(|text| {
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(PathBuf::from)
                .collect()
        })
        .unwrap_or_default()
}

/// [`Error::Damaged`] for a tantivy failure on the index at `path`.
fn damaged(path: &Path, e: tantivy::TantivyError) -> Error {
    Error::Damaged {
        path: path.to_path_buf(),
        detail: describe(&e),
    }
}

/// A tantivy failure in words that name the file involved (tantivy's own message for a cut file suggests
/// an old tantivy version, which is never the cause for an index this program wrote).
fn describe(e: &tantivy::TantivyError) -> String {
    use tantivy::TantivyError as T;
    match e {
        T::OpenReadError(OpenReadError::FileDoesNotExist(file)) => {
            format!("the file {} is missing", file.display())
        }
        T::OpenReadError(OpenReadError::IoError { io_error, filepath })
            if io_error.kind() == std::io::ErrorKind::InvalidData =>
        {
            format!(
                "the file {} is truncated or overwritten (its footer is not valid)",
                filepath.display()
            )
        }
        T::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            format!("reading {}: {io_error}", filepath.display())
        }
        T::DataCorruption(corruption) => format!("{corruption:?}"),
        e => e.to_string(),
    }
}

/// [`Error::Damaged`] for an [`Error::Index`]; other errors unchanged.
fn damaged_by(path: &Path, e: Error) -> Error {
    match e {
        Error::Index(IndexError(e)) => damaged(path, e),
        e => e,
    }
}

/// An index folder opened for reading only: writes fail and locks are not taken (see
/// [`SearchIndex::open`]).
#[derive(Debug, Clone)]
struct ReadOnlyDirectory(MmapDirectory);

fn read_only(path: &Path) -> Arc<std::io::Error> {
    Arc::new(std::io::Error::new(
        std::io::ErrorKind::PermissionDenied,
        format!("{}: the index is opened read-only", path.display()),
    ))
}

impl Directory for ReadOnlyDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: read_only(path),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: read_only(path),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> std::io::Result<()> {
        Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!("{}: the index is opened read-only", path.display()),
        ))
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(callback)
    }
}

/// What the index holds for one document id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Known {
    /// Its content hash.
    pub(crate) hash: u64,
    /// The file it came from, relative to `root`.
    pub(crate) path: String,
    /// The folder it was indexed from (canonical path).
    pub(crate) root: String,
}

/// A document ready to be written: an article with its id given, its language decided and its date parsed.
#[derive(Debug, Clone)]
pub(crate) struct NewDoc<'a> {
    /// Document id.
    pub(crate) id: &'a str,
    /// Title (may be empty).
    pub(crate) title: &'a str,
    /// Body.
    pub(crate) body: &'a str,
    /// The declared language, or `None` to detect it.
    pub(crate) lang: Option<Lang>,
    /// Publication date.
    pub(crate) date: Option<ParsedDate>,
    /// URL.
    pub(crate) url: Option<&'a str>,
    /// Source.
    pub(crate) source: Option<&'a str>,
    /// The input file, relative to the indexed folder (empty for an article not read from a folder).
    pub(crate) path: &'a str,
    /// The indexed folder (canonical path; empty for an article not read from a folder).
    pub(crate) root: &'a str,
}

impl<'a> NewDoc<'a> {
    /// The article's fields as written (title, URL and source trimmed; blank ones left out), with `id`,
    /// `lang` and `date` decided by the caller.
    pub(crate) fn from_article(
        article: &'a Article,
        id: &'a str,
        lang: Option<Lang>,
        date: Option<ParsedDate>,
    ) -> NewDoc<'a> {
        NewDoc {
            id,
            title: article.title.as_deref().unwrap_or("").trim(),
            body: &article.body,
            lang,
            date,
            url: article.url.as_deref().filter(|s| !s.trim().is_empty()),
            source: article.source.as_deref().filter(|s| !s.trim().is_empty()),
            path: "",
            root: "",
        }
    }

    /// A stable 64-bit hash of everything that is indexed (the same on every platform and run), except the
    /// indexed folder (`root`): the documents of a moved or copied folder hash as they did, so re-indexing
    /// them from the new place is known to lose nothing.
    pub(crate) fn content_hash(&self) -> u64 {
        let mut h = StableHasher::default();
        (
            self.id,
            self.title,
            self.body,
            self.lang.map(Lang::code),
            self.date.map(|d| d.instant.unix_timestamp()),
            self.url,
            self.source,
            self.path,
            FORMAT_VERSION,
        )
            .hash(&mut h);
        h.finish()
    }
}

/// A stable 64-bit hash (the same on every platform and run, unlike `DefaultHasher`): [`tantivy_turkmen::hash`]'s
/// mixing, the tail byte by byte, with a final avalanche. Stored hashes depend on it: changing it makes the
/// next incremental run rewrite every document. Also the hasher of maps whose keys no user picks (a few
/// times faster than std's SipHash on keys of a hundred bytes).
pub(crate) struct StableHasher(u64);

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for StableHasher {
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }

    fn write(&mut self, bytes: &[u8]) {
        let (mut h, rest) = mix_chunks(self.0, bytes);
        for &b in rest {
            h = mix(h, u64::from(b));
        }
        self.0 = h;
    }
}

/// Checks a writer budget against the search engine's floor per indexing thread.
fn check_budget(budget: usize, threads: usize) -> Result<()> {
    let minimum = MIN_MEMORY_BUDGET_PER_THREAD.saturating_mul(threads);
    if budget < minimum {
        return Err(Error::WriterBudget {
            budget,
            threads,
            minimum,
        });
    }
    Ok(())
}

/// What [`Writer::add`] did with an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// The document's id: the article's own, or for an article without one an id made from its content
    /// (the same article added again gets the same id, and so replaces itself).
    pub id: String,
    /// The language it was indexed under (its declared one, or the detected one).
    pub lang: DocLang,
}

/// Writes documents; nothing is visible to searches (or survives a crash) until [`Writer::commit`].
pub struct Writer {
    writer: IndexWriter,
    fields: Fields,
    reader: IndexReader,
}

impl Writer {
    /// Adds an article, replacing any document with the same id. Its language is the declared one or, when
    /// it has none, detected; an unknown language code, an unparseable date or an empty body is an error
    /// (and nothing is written).
    ///
    /// ```
    /// use tk_search_core::{Article, DocLang, Lang, SearchIndex};
    /// let index = SearchIndex::in_memory()?;
    /// let mut writer = index.writer(50_000_000)?;
    /// let added = writer.add(&Article {
    ///     id: Some("tk-1".into()),
    ///     title: Some("Onlaýn-maslahat".into()),
    ///     body: "Kitaphanada onlaýn-maslahaty geçirildi.".into(),
    ///     ..Article::default()
    /// })?;
    /// assert_eq!(added.lang, DocLang::Known(Lang::Tk));
    /// // Without an id, one is made from the content.
    /// let added = writer.add(&Article { body: "The library opened an exhibition.".into(), ..Article::default() })?;
    /// assert!(!added.id.is_empty());
    /// writer.commit()?;
    /// assert_eq!(index.num_docs(), 2);
    /// # Ok::<(), tk_search_core::Error>(())
    /// ```
    pub fn add(&mut self, article: &Article) -> Result<Added> {
        let given = article
            .id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty());
        if article.body.trim().is_empty() {
            return Err(Error::EmptyBody {
                id: given.unwrap_or_default().to_string(),
            });
        }
        let (lang, date) = (article.lang()?, article.date()?);
        let made;
        let id = match given {
            Some(id) => id,
            None => {
                made = format!(
                    "{:016x}",
                    NewDoc::from_article(article, "", lang, date).content_hash()
                );
                &made
            }
        };
        let doc = NewDoc::from_article(article, id, lang, date);
        let detection = self.write(&doc, doc.content_hash(), true)?;
        Ok(Added {
            id: id.to_string(),
            lang: detection.lang,
        })
    }

    /// Writes `doc` with its [`NewDoc::content_hash`], which ingest has already computed to compare with the
    /// stored one; `replace` deletes an earlier document with the same id first. Ingest leaves the delete out
    /// for an id that is neither in the index nor added since the last commit: tantivy keeps every queued
    /// delete in memory until the commit, which made a first run's memory grow with the input.
    pub(crate) fn write(
        &mut self,
        doc: &NewDoc<'_>,
        hash: u64,
        replace: bool,
    ) -> Result<Detection> {
        let detection = match doc.lang {
            Some(lang) => Detection {
                lang: DocLang::Known(lang),
                confidence: 1.0,
            },
            None => detect_article(doc.title, doc.body),
        };
        let f = &self.fields;
        let langs: &[Lang] = match &detection.lang {
            DocLang::Known(l) => std::slice::from_ref(l),
            DocLang::Unknown => &Lang::ALL,
        };
        // The text goes in once per language field and once in the (stored, folded) title and body.
        // Sized up front: a document grown by doubling holds up to twice its bytes while it waits in
        // tantivy's queue.
        let text = doc.title.len() + doc.body.len();
        let other = doc.id.len() + doc.path.len() + doc.root.len() + 256;
        let mut d = TantivyDocument::with_capacity(text * (langs.len() + 1) + other * 2);
        d.add_text(f.id, doc.id);
        d.add_text(f.title, doc.title);
        d.add_text(f.body, doc.body);
        d.add_text(f.lang, detection.lang.code());
        if let Some(date) = doc.date {
            // The calendar day as written: `--from`/`--to` and the displayed date agree.
            d.add_i64(f.date, date.day());
            d.add_text(f.date_text, date.to_ymd());
        }
        if let Some(url) = doc.url {
            d.add_text(f.url, url);
        }
        if let Some(source) = doc.source {
            d.add_text(f.source, source);
        }
        d.add_text(f.path, doc.path);
        d.add_text(f.root, doc.root);
        d.add_u64(f.hash, hash);
        for &lang in langs {
            d.add_text(f.title_of(lang), doc.title);
            d.add_text(f.body_of(lang), doc.body);
        }
        if replace {
            self.writer.delete_term(Term::from_field_text(f.id, doc.id));
        }
        self.writer.add_document(d)?;
        Ok(detection)
    }

    /// Deletes the document with this id (if any).
    pub fn delete(&mut self, id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.id, id));
    }

    /// Makes everything written so far durable and visible to new searches.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Deletes the files of segments that no commit refers to (left by a killed or failed run) and are not in
    /// use by a reader.
    pub fn collect_garbage(&self) -> Result<()> {
        self.writer.garbage_collect_files().wait()?;
        Ok(())
    }

    /// Gives up everything written since the last commit (after a write failure) and deletes the files it
    /// left; the lock is released when the writer is dropped. Best effort: errors here are not reported
    /// over the failure that led to it.
    pub fn abandon(mut self) {
        let _ = self.writer.rollback();
        let _ = self.writer.garbage_collect_files().wait();
    }

    /// Waits for background merges to finish and releases the lock.
    pub fn finish(self) -> Result<()> {
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

/// Every term of a string column's dictionary, by ordinal.
fn all_terms(col: &tantivy::columnar::StrColumn) -> Result<Vec<String>> {
    let mut out = Vec::with_capacity(col.num_terms());
    let mut stream = col
        .dictionary()
        .stream()
        .map_err(tantivy::TantivyError::from)?;
    while stream.advance() {
        out.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(out)
}
