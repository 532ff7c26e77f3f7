//! Opening and creating the index, and writing documents into it.

use std::collections::HashMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use tantivy::directory::MmapDirectory;
use tantivy::schema::Term;
use tantivy::{DateTime, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

use crate::article::ParsedDate;
use crate::error::{Error, Result};
use crate::schema::{Fields, FORMAT_VERSION};
use tantivy_turkmen::detect::{detect_article, Detection};
use tantivy_turkmen::{tokenizer, DocLang, Lang};

/// The file beside tantivy's own that records which tk-search format wrote the index.
const FORMAT_FILE: &str = "tk-search-format";

/// Writer memory budget when none is given (tantivy splits it between its indexing threads).
pub const DEFAULT_MEMORY_BUDGET: usize = 128 * 1024 * 1024;

/// An on-disk (or in-memory) tk-search index.
#[derive(Clone)]
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    path: Option<PathBuf>,
}

impl SearchIndex {
    /// Opens the index at `path`, creating it (and the folder) if there is none.
    pub fn open_or_create(path: &Path) -> Result<SearchIndex> {
        if path.join("meta.json").exists() {
            return SearchIndex::open(path);
        }
        fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        // The format file first: a crash before tantivy's meta.json leaves a folder that is simply
        // created again next time.
        fs::write(path.join(FORMAT_FILE), format!("{FORMAT_VERSION}\n"))
            .map_err(|e| Error::io(path.join(FORMAT_FILE), e))?;
        let dir = MmapDirectory::open(path).map_err(|e| Error::Index(e.into()))?;
        let fields = Fields::new();
        let index = Index::create(dir, fields.schema.clone(), Default::default())?;
        SearchIndex::from_index(index, fields, Some(path.to_path_buf()), false)
    }

    /// Opens an existing index; fails with [`Error::NoIndex`] or [`Error::IncompatibleIndex`].
    pub fn open(path: &Path) -> Result<SearchIndex> {
        SearchIndex::open_with(path, false)
    }

    /// Like [`SearchIndex::open`], for a long-running reader: searches see every new commit, this process's
    /// and another's (tantivy watches `meta.json` and reloads within about a second of a commit).
    pub fn open_watching(path: &Path) -> Result<SearchIndex> {
        SearchIndex::open_with(path, true)
    }

    fn open_with(path: &Path, watch: bool) -> Result<SearchIndex> {
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
        let index = Index::open_in_dir(path)?;
        let Ok(fields) = Fields::from_schema(&index.schema()) else {
            return Err(Error::IncompatibleIndex {
                path: path.to_path_buf(),
                found: format!("{found} (different schema)"),
                expected: FORMAT_VERSION.to_string(),
            });
        };
        SearchIndex::from_index(index, fields, Some(path.to_path_buf()), watch)
    }

    /// An index in memory (for tests and examples).
    pub fn in_memory() -> Result<SearchIndex> {
        let fields = Fields::new();
        let index = Index::create_in_ram(fields.schema.clone());
        SearchIndex::from_index(index, fields, None, false)
    }

    fn from_index(
        index: Index,
        fields: Fields,
        path: Option<PathBuf>,
        watch: bool,
    ) -> Result<SearchIndex> {
        for (name, tokenizer) in tokenizer::all() {
            index.tokenizers().register(name, tokenizer);
        }
        let reader = index
            .reader_builder()
            .reload_policy(if watch {
                ReloadPolicy::OnCommitWithDelay
            } else {
                ReloadPolicy::Manual
            })
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            path,
        })
    }

    /// Where the index lives (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema's fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The underlying tantivy index, for callers who need more than tk-search exposes.
    pub fn tantivy_index(&self) -> &Index {
        &self.index
    }

    /// Number of documents visible to searches.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Opens the single writer. Fails fast with [`Error::Locked`] if another writer holds the lock.
    pub fn writer(&self, memory_budget: usize) -> Result<Writer> {
        self.make_writer(self.index.writer(memory_budget))
    }

    /// Like [`SearchIndex::writer`] with a given number of indexing threads.
    pub fn writer_with_threads(&self, threads: usize, memory_budget: usize) -> Result<Writer> {
        self.make_writer(
            self.index
                .writer_with_num_threads(threads.max(1), memory_budget),
        )
    }

    fn make_writer(&self, writer: tantivy::Result<IndexWriter>) -> Result<Writer> {
        let writer = match writer {
            Ok(w) => w,
            Err(tantivy::TantivyError::LockFailure(..)) => {
                return Err(Error::Locked {
                    path: self.path.clone().unwrap_or_default(),
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
    pub fn known_docs(&self) -> Result<HashMap<String, Known>> {
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

/// What the index holds for one document id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// Its content hash.
    pub hash: u64,
    /// The file it came from, relative to `root`.
    pub path: String,
    /// The folder it was indexed from (canonical path).
    pub root: String,
}

/// A document ready to be written: an article with its language decided and its date parsed.
#[derive(Debug, Clone)]
pub struct NewDoc<'a> {
    /// Document id.
    pub id: &'a str,
    /// Title (may be empty).
    pub title: &'a str,
    /// Body.
    pub body: &'a str,
    /// The declared language, or `None` to detect it.
    pub lang: Option<Lang>,
    /// Publication date.
    pub date: Option<ParsedDate>,
    /// URL.
    pub url: Option<&'a str>,
    /// Source.
    pub source: Option<&'a str>,
    /// The input file, relative to the indexed folder.
    pub path: &'a str,
    /// The indexed folder (canonical path).
    pub root: &'a str,
}

impl NewDoc<'_> {
    /// A stable 64-bit hash of everything that is indexed (the same on every platform and run), except the
    /// indexed folder (`root`): the documents of a moved or copied folder hash as they did, so re-indexing
    /// them from the new place is known to lose nothing.
    pub fn content_hash(&self) -> u64 {
        let mut h = StableHasher(0xcbf2_9ce4_8422_2325);
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

/// A stable 64-bit hash (the same on every platform and run, unlike `DefaultHasher`): eight bytes at a time,
/// multiply-rotate mixing in the manner of FxHash, with a final avalanche.
struct StableHasher(u64);

impl Hasher for StableHasher {
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
}

/// Writes documents; nothing is visible to searches (or survives a crash) until [`Writer::commit`].
pub struct Writer {
    writer: IndexWriter,
    fields: Fields,
    reader: IndexReader,
}

impl Writer {
    /// Adds a document, replacing any document with the same id. Returns the language it was indexed under.
    pub fn add(&mut self, doc: &NewDoc<'_>) -> Result<Detection> {
        self.write(doc, doc.content_hash(), true)
    }

    /// Adds a document whose id is neither in the index nor added since the last commit, which the caller
    /// has checked (ingest does, against [`SearchIndex::known_docs`] and the ids it has seen). It skips the
    /// delete-by-id of [`Writer::add`]: tantivy keeps every queued delete in memory until the commit, which
    /// made a first run's memory grow with the input. Given an id that does exist, both documents are kept.
    pub fn add_new(&mut self, doc: &NewDoc<'_>) -> Result<Detection> {
        self.write(doc, doc.content_hash(), false)
    }

    /// Writes `doc` with its [`NewDoc::content_hash`], which ingest has already computed to compare with the
    /// stored one; `replace` deletes an earlier document with the same id (see [`Writer::add_new`]).
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
            // The calendar day as written, at midnight UTC: `--from`/`--to` and the displayed date agree.
            let day = date.date.midnight().assume_utc().unix_timestamp();
            d.add_date(f.date, DateTime::from_timestamp_secs(day));
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
        .map_err(|e| Error::Index(e.into()))?;
    while stream.advance() {
        out.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(out)
}
