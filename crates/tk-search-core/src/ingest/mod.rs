//! Ingest: walk a folder, read every supported file, and write its articles into the index.
//!
//! Formats: `*.jsonl` (one article per line, streamed), `*.json` (an article or an array of them),
//! `*.txt`/`*.md` (first non-empty line = title, the rest = body). Other files, and README files (which
//! document a folder rather than being an article), are skipped and counted.
//! A bad file or line is reported as a [`Problem`] naming the file (and line) and never stops the run;
//! documents already indexed stay until the next commit replaces them.

mod json;
mod jsonl;
mod text;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::article::Article;
use crate::error::{Error, Result};
use crate::index::{Known, NewDoc, SearchIndex, Writer, DEFAULT_MEMORY_BUDGET};
use tantivy_turkmen::DocLang;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The document was indexed, with something dropped or assumed (an unknown `lang`, a bad `date`).
    Warning,
    /// The document, line or file was not indexed.
    Error,
}

/// Something wrong with one file or line of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file (as found while walking).
    pub path: PathBuf,
    /// The 1-based line (JSON Lines) or array item (JSON) when known.
    pub line: Option<usize>,
    /// Warning or error.
    pub severity: Severity,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match self.line {
            Some(line) => write!(
                f,
                "{}:{line}: {kind}: {}",
                self.path.display(),
                self.message
            ),
            None => write!(f, "{}: {kind}: {}", self.path.display(), self.message),
        }
    }
}

/// Progress events, for a progress bar or a log.
#[derive(Debug)]
pub enum Event<'a> {
    /// The walk is done: this many supported files, this many bytes to read.
    Planned {
        /// Supported files found.
        files: usize,
        /// Their total size.
        bytes: u64,
    },
    /// A file has been read completely.
    FileDone {
        /// The file.
        path: &'a Path,
        /// Its size.
        bytes: u64,
    },
    /// A problem was found (also kept in the [`Summary`]).
    Problem(&'a Problem),
    /// A document was written (added, or replacing one with its id).
    Indexed {
        /// Its id.
        id: &'a str,
        /// Its title as indexed (trimmed; empty when it has none).
        title: &'a str,
        /// Its body.
        body: &'a str,
        /// The language it was indexed under.
        lang: DocLang,
    },
}

/// Options of an indexing run.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Writer memory budget in bytes.
    pub memory_budget: usize,
    /// Remove documents previously indexed from this folder that are no longer in it (their file is gone,
    /// or their file was read without errors and no longer has their id).
    pub prune: bool,
    /// Indexing threads (`None`: tantivy's default, one per core up to 8). One thread makes document
    /// order, and so score ties, reproducible.
    pub threads: Option<usize>,
    /// Most bytes of one document's text (title and body) that are indexed; the rest is left out with a
    /// warning. Reading is bounded by it too: a text file is read up to it, a JSON Lines line up to
    /// [`LINE_FACTOR`] times it, and a JSON file larger than that factor times it is refused.
    pub max_doc_bytes: usize,
}

/// Default of [`IngestOptions::max_doc_bytes`]: 1 MiB, far above a news article.
pub const DEFAULT_MAX_DOC_BYTES: usize = 1 << 20;

/// A JSON Lines line or a JSON file may be this many times [`IngestOptions::max_doc_bytes`] (JSON escapes
/// and the other fields take room) before it is skipped unread.
pub const LINE_FACTOR: usize = 4;

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            memory_budget: DEFAULT_MEMORY_BUDGET,
            prune: true,
            threads: None,
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
        }
    }
}

impl IngestOptions {
    /// The most bytes read for one JSON Lines line or one JSON file.
    pub(crate) fn max_input_bytes(&self) -> usize {
        self.max_doc_bytes
            .saturating_mul(LINE_FACTOR)
            .saturating_add(1 << 12)
    }
}

/// What an indexing run did.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Documents indexed per language (every one of [`DocLang::all`], zeros included); a document given
    /// twice in the run (the same id) counts once, under the language of the one that is kept.
    pub per_lang: BTreeMap<DocLang, usize>,
    /// Supported files read.
    pub files: usize,
    /// Files skipped because their type is not supported.
    pub skipped: usize,
    /// Documents left as they were because their content hash had not changed.
    pub unchanged: usize,
    /// Documents removed because they are no longer in the folder.
    pub removed: usize,
    /// Every problem, in the order found.
    pub problems: Vec<Problem>,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl Default for Summary {
    fn default() -> Self {
        Summary {
            per_lang: DocLang::all().map(|l| (l, 0)).collect(),
            files: 0,
            skipped: 0,
            unchanged: 0,
            removed: 0,
            problems: Vec::new(),
            elapsed: Duration::ZERO,
        }
    }
}

impl Summary {
    /// Documents indexed in all.
    pub fn documents(&self) -> usize {
        self.per_lang.values().sum()
    }

    /// Problems that kept something out of the index.
    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }

    /// Problems where the document was indexed anyway.
    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }
}

/// The file types tk-search reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    JsonLines,
    Json,
    Text,
}

/// `README`, `README.md`, `README.txt` (any case) document a folder; they are not articles.
fn is_readme(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("readme"))
}

fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" => Some(Format::JsonLines),
        "json" => Some(Format::Json),
        "txt" | "md" => Some(Format::Text),
        _ => None,
    }
}

/// Indexes every supported file under `dir` (or the single file `dir`) and commits.
///
/// ```
/// use tk_search_core::{ingest, DocLang, Lang, SearchIndex};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("news.jsonl"),
///     "{\"id\":\"a\",\"title\":\"Sergi\",\"body\":\"Kitaphanada täze kitaplaryň sergisi açyldy.\"}\n")?;
/// let index = SearchIndex::in_memory()?;
/// let summary = ingest::index_path(&index, dir.path(), &Default::default(), &mut |_| {})?;
/// assert_eq!(summary.documents(), 1);
/// assert_eq!(summary.per_lang.get(&DocLang::Known(Lang::Tk)), Some(&1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn index_path(
    index: &SearchIndex,
    dir: &Path,
    options: &IngestOptions,
    observer: &mut dyn FnMut(Event<'_>),
) -> Result<Summary> {
    let started = Instant::now();
    if !dir.exists() {
        return Err(Error::NotFound(dir.to_path_buf()));
    }
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    // Take the writer lock first: a second writer fails before doing any work.
    let mut writer = match options.threads {
        Some(n) => index.writer_with_threads(n, options.memory_budget)?,
        None => index.writer(options.memory_budget)?,
    };
    // Files of runs that were killed or failed before their commit.
    writer.collect_garbage()?;
    index.remove_stale_temp_files();
    let known = index.known_docs()?;
    let place = Place::new(&canonical, &known);
    let root = place.root.to_string_lossy().into_owned();
    let mut summary = Summary::default();
    let files = walk(dir, index.path(), &mut summary, observer);
    // Paths the walk could not read: what the index holds under them is kept.
    let walk_failures: Vec<String> = summary
        .problems
        .iter()
        .map(|p| {
            if p.path == dir {
                place.scope.clone()
            } else {
                place.id_path(&relative(dir, &p.path))
            }
        })
        .collect();
    let bytes = files.iter().map(|(_, _, len)| len).sum();
    observer(Event::Planned {
        files: files.len(),
        bytes,
    });
    let mut run = Run {
        writer: &mut writer,
        summary: &mut summary,
        seen: HashMap::new(),
        paths: Vec::new(),
        known: &known,
        root: &root,
        require_id: false,
        options,
        failure: None,
        observer,
    };
    let mut unreadable: HashSet<String> = HashSet::new();
    let mut walked: HashSet<String> = HashSet::new();
    for (path, format, len) in &files {
        if run.failure.is_some() {
            break;
        }
        let rel = place.id_path(&relative(dir, path));
        let problems_before = run.summary.problems.len();
        let documents_before = run.summary.documents() + run.summary.unchanged;
        run.file(path, &rel, *format);
        let had_errors = run.summary.problems[problems_before..]
            .iter()
            .any(|p| p.severity == Severity::Error);
        let yielded_nothing = run.summary.documents() + run.summary.unchanged == documents_before;
        if had_errors || yielded_nothing {
            // A bad or emptied file keeps what was indexed from it.
            unreadable.insert(rel.clone());
        }
        walked.insert(rel);
        run.summary.files += 1;
        (run.observer)(Event::FileDone { path, bytes: *len });
    }
    if let Some(e) = run.failure.take() {
        writer.abandon();
        return Err(write_failed(index, e));
    }
    let seen = std::mem::take(&mut run.seen);
    let mut root_is_file: HashMap<&str, bool> = HashMap::new();
    for (id, Known { path, root: r, .. }) in &known {
        if seen.contains_key(id) {
            continue;
        }
        // Where the document's file is, as a path under this run's root; documents from outside the
        // part of the folder this run walked are left alone.
        let from_this_root = *r == root;
        let path = if from_this_root {
            path.clone()
        } else {
            // Indexed from another root (a file or folder inside this one, indexed on its own): its file,
            // if this run walked it, now gives documents with ids relative to this run's root.
            let is_file = *root_is_file
                .entry(r.as_str())
                .or_insert_with(|| Path::new(r).is_file());
            let file = if is_file {
                PathBuf::from(r)
            } else {
                Path::new(r).join(path)
            };
            match file.strip_prefix(&place.root) {
                Ok(under) => slash_path(under),
                Err(_) => continue,
            }
        };
        if !place.in_scope(&path) {
            continue;
        }
        // Never remove what a bad file or an unreadable part of the folder may still hold.
        let under_failure = walk_failures
            .iter()
            .any(|f| path == *f || path.starts_with(&format!("{f}/")) || f.is_empty());
        let file_gone = !walked.contains(&path) && !under_failure;
        let dropped_from_good_file = walked.contains(&path) && !unreadable.contains(&path);
        // A copy from another root whose file this run read is replaced even without pruning: the file's
        // documents are in the index once, under this run's ids.
        let replaced = !from_this_root && dropped_from_good_file;
        if replaced || (options.prune && (file_gone || dropped_from_good_file)) {
            run.writer.delete(id);
            run.summary.removed += 1;
        }
    }
    // Nothing added or removed: leave the last commit as it is (no new commit to write and sync).
    if summary.documents() > 0 || summary.removed > 0 {
        if let Err(e) = writer.commit() {
            writer.abandon();
            return Err(write_failed(index, e));
        }
        writer.finish()?;
        index.reload()?;
    }
    // What was indexed (a file stays a file), not the root its ids are relative to.
    index.record_source(&canonical.to_string_lossy())?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// How the articles of a text given to [`index_text`] are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    /// One article object per line.
    JsonLines,
    /// One article object, or an array of them.
    Json,
}

impl TextFormat {
    /// [`TextFormat::Json`] when the text opens with `[` (after white space and a byte order mark),
    /// else [`TextFormat::JsonLines`] (a lone object on one line is both).
    pub fn sniff(text: &str) -> TextFormat {
        match text
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
            .as_bytes()
            .first()
        {
            Some(b'[') => TextFormat::Json,
            _ => TextFormat::JsonLines,
        }
    }
}

/// Indexes the articles of a text that is not a file (an HTTP request body, say) and commits once, so
/// either all of its good articles become visible or, if the commit fails, none.
///
/// `name` stands for the file: problems name it, and the documents record it as where they came from.
/// Every article needs an `id`. Problems and the summary are those of [`index_path`]; nothing is pruned.
///
/// ```
/// use tk_search_core::{ingest::{self, TextFormat}, SearchIndex, SearchRequest};
/// let index = SearchIndex::in_memory()?;
/// let text = r#"[{"id":"a","body":"Kitaphanada sergi açyldy."},{"body":"no id"}]"#;
/// let summary = ingest::index_text(&index, "request", text, TextFormat::sniff(text), &Default::default())?;
/// assert_eq!((summary.documents(), summary.errors()), (1, 1));
/// assert_eq!(index.search(&SearchRequest::new("sergi"))?.hits[0].id, "a");
/// # Ok::<(), tk_search_core::Error>(())
/// ```
pub fn index_text(
    index: &SearchIndex,
    name: &str,
    text: &str,
    format: TextFormat,
    options: &IngestOptions,
) -> Result<Summary> {
    let started = Instant::now();
    let mut writer = match options.threads {
        Some(n) => index.writer_with_threads(n, options.memory_budget)?,
        None => index.writer(options.memory_budget)?,
    };
    // Files of runs that were killed or failed before their commit.
    writer.collect_garbage()?;
    let known = index.known_docs()?;
    let mut summary = Summary::default();
    let path = Path::new(name);
    let mut run = Run {
        writer: &mut writer,
        summary: &mut summary,
        seen: HashMap::new(),
        paths: vec![path.to_path_buf()],
        known: &known,
        root: name,
        require_id: true,
        options,
        failure: None,
        observer: &mut |_| {},
    };
    let result = match format {
        TextFormat::JsonLines => jsonl::read_lines(text.as_bytes(), path, name, &mut run),
        TextFormat::Json => json::read_text(text, path, name, &mut run),
    };
    if let Err(message) = result {
        run.problem(path, None, Severity::Error, message);
    }
    if let Some(e) = run.failure.take() {
        writer.abandon();
        return Err(write_failed(index, e));
    }
    summary.files = 1;
    if summary.documents() > 0 {
        if let Err(e) = writer.commit() {
            writer.abandon();
            return Err(write_failed(index, e));
        }
        writer.finish()?;
        index.reload()?;
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// A failure of the writer (a full disk, a dead indexing thread) as [`Error::WriteFailed`].
fn write_failed(index: &SearchIndex, e: Error) -> Error {
    match (index.path(), e) {
        (Some(path), Error::Index(e)) => Error::WriteFailed {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        (Some(path), Error::Io { source, .. }) => Error::WriteFailed {
            path: path.to_path_buf(),
            detail: source.to_string(),
        },
        (_, e) => e,
    }
}

/// Where a known document came from, for messages: its folder and relative path (just the root when the
/// root is the file itself, as when a single file was indexed).
fn location(root: &str, path: &str) -> String {
    if Path::new(root).ends_with(path) {
        root.to_string()
    } else {
        format!("{root}/{path}")
    }
}

/// Where a run's documents belong: the root their ids and paths are relative to, and the part of it the
/// run walks.
///
/// The root is the outermost folder already recorded in the index (as a document's root) that holds the
/// indexed path, else the indexed folder itself (or, for a single file, its folder). So indexing a file on
/// its own after its folder (or a subfolder after the folder) gives the ids the folder gave, and a document
/// is in the index once whichever is indexed first.
struct Place {
    /// The root (canonical path).
    root: PathBuf,
    /// The indexed folder or file relative to the root, `/`-separated (empty for the root itself).
    scope: String,
    /// The folder the walk's relative paths start from, relative to the root (empty for the root).
    prefix: String,
}

impl Place {
    fn new(canonical: &Path, known: &HashMap<String, Known>) -> Place {
        let folder = if canonical.is_file() {
            canonical.parent().unwrap_or(canonical)
        } else {
            canonical
        };
        let roots: HashSet<&str> = known.values().map(|k| k.root.as_str()).collect();
        let root = roots
            .into_iter()
            .map(Path::new)
            .filter(|r| folder.starts_with(r) && r.is_dir())
            .min_by_key(|r| r.components().count())
            .unwrap_or(folder)
            .to_path_buf();
        let under = |p: &Path| p.strip_prefix(&root).map(slash_path).unwrap_or_default();
        Place {
            scope: under(canonical),
            prefix: under(folder),
            root,
        }
    }

    /// A walked file's path relative to the root, from its path relative to the indexed folder or file.
    fn id_path(&self, walked: &str) -> String {
        if self.prefix.is_empty() {
            walked.to_string()
        } else if walked.is_empty() {
            self.prefix.clone()
        } else {
            format!("{}/{walked}", self.prefix)
        }
    }

    /// Whether a path relative to the root lies in the part of it this run walks.
    fn in_scope(&self, path: &str) -> bool {
        self.scope.is_empty() || path == self.scope || path.starts_with(&format!("{}/", self.scope))
    }
}

fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let rel = if rel.as_os_str().is_empty() {
        path.file_name().map(Path::new).unwrap_or(path)
    } else {
        rel
    };
    slash_path(rel)
}

/// A relative path with `/` between its components.
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Walks `dir` in name order, skipping hidden entries and the index folder itself.
fn walk(
    dir: &Path,
    index_path: Option<&Path>,
    summary: &mut Summary,
    observer: &mut dyn FnMut(Event<'_>),
) -> Vec<(PathBuf, Format, u64)> {
    let index_path = index_path.and_then(|p| p.canonicalize().ok());
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            let is_index = index_path
                .as_deref()
                .is_some_and(|p| e.path().canonicalize().ok().as_deref() == Some(p));
            !hidden && !is_index
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() && is_readme(entry.path()) => {
                summary.skipped += 1
            }
            Ok(entry) if entry.file_type().is_file() => match format_of(entry.path()) {
                Some(format) => {
                    let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
                    files.push((entry.into_path(), format, len));
                }
                None => summary.skipped += 1,
            },
            Ok(_) => {}
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                let message = if e.loop_ancestor().is_some() {
                    "symbolic link loop, not followed".to_string()
                } else {
                    e.io_error()
                        .map(|io| io.to_string())
                        .unwrap_or_else(|| e.to_string())
                };
                let problem = Problem {
                    path,
                    line: None,
                    severity: Severity::Error,
                    message,
                };
                observer(Event::Problem(&problem));
                summary.problems.push(problem);
            }
        }
    }
    files
}

/// State of one run: the writer, the summary, where each id was last seen, and what the index already
/// holds from this folder.
struct Run<'a, 'o> {
    writer: &'a mut Writer,
    summary: &'a mut Summary,
    /// Where each id was last seen: (index into `paths`, line or 0, index into [`DocLang::all`] of the
    /// language it was counted under, or [`UNCHANGED`]). Compact, since it holds every id.
    seen: HashMap<String, (u32, u32, u8)>,
    /// The files read so far, in order.
    paths: Vec<PathBuf>,
    known: &'a HashMap<String, Known>,
    root: &'a str,
    /// Articles without an `id` are refused instead of getting one from their place in a file (a text
    /// that is not a file has no stable place to name them by).
    require_id: bool,
    options: &'a IngestOptions,
    /// The writer failed: the run stops and commits nothing.
    failure: Option<Error>,
    observer: &'a mut (dyn FnMut(Event<'_>) + 'o),
}

/// In [`Run::seen`]: the document was counted as unchanged, not under a language.
const UNCHANGED: u8 = u8::MAX;

impl Run<'_, '_> {
    fn problem(&mut self, path: &Path, line: Option<usize>, severity: Severity, message: String) {
        let problem = Problem {
            path: path.to_path_buf(),
            line,
            severity,
            message,
        };
        (self.observer)(Event::Problem(&problem));
        self.summary.problems.push(problem);
    }

    /// The warning for a file that holds no article (every reader says it the same way).
    fn empty_file(&mut self, path: &Path) {
        self.problem(
            path,
            None,
            Severity::Warning,
            "empty file, nothing to index".into(),
        );
    }

    fn file(&mut self, path: &Path, rel: &str, format: Format) {
        self.paths.push(path.to_path_buf());
        let result = match format {
            Format::JsonLines => jsonl::read(path, rel, self),
            Format::Json => json::read(path, rel, self),
            Format::Text => text::read(path, rel, self),
        };
        if let Err(message) = result {
            self.problem(path, None, Severity::Error, message);
        }
    }

    /// Validates one article and writes it. `line` is the line (JSON Lines) or item (JSON) number.
    fn article(&mut self, path: &Path, rel: &str, line: Option<usize>, mut article: Article) {
        if self.failure.is_some() {
            return;
        }
        let default_id;
        let id = match article.id.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() => id,
            _ if self.require_id => {
                self.problem(
                    path,
                    line,
                    Severity::Error,
                    "document without an \"id\"; not indexed".into(),
                );
                return;
            }
            _ => {
                default_id = match line {
                    Some(n) => format!("{rel}:{n}"),
                    None => rel.to_string(),
                };
                &default_id
            }
        };
        if article.body.trim().is_empty() {
            self.problem(
                path,
                line,
                Severity::Error,
                format!("document {id:?} has an empty body; not indexed"),
            );
            return;
        }
        let lang = match article.lang() {
            Ok(lang) => lang,
            Err(e) => {
                self.problem(
                    path,
                    line,
                    Severity::Warning,
                    format!("{e}; the language will be detected"),
                );
                None
            }
        };
        let date = match article.date() {
            Ok(date) => date,
            Err(e) => {
                self.problem(
                    path,
                    line,
                    Severity::Warning,
                    format!("{e}; indexed without a date"),
                );
                None
            }
        };
        let cap = self.options.max_doc_bytes;
        let title_len = article.title.as_deref().map_or(0, str::len);
        if title_len + article.body.len() > cap {
            let total = title_len + article.body.len();
            if let Some(title) = article.title.as_mut() {
                truncate_at_char(title, cap);
            }
            let room = cap - article.title.as_deref().map_or(0, str::len);
            truncate_at_char(&mut article.body, room);
            let message = format!(
                "document {id:?} has {total} bytes of text, more than the {cap}-byte cap (--max-doc-kb): \
                 only its first {cap} bytes are indexed"
            );
            self.problem(path, line, Severity::Warning, message);
        }
        let previous = self.seen.get(id).copied();
        let duplicate = previous.is_some();
        if let Some((file, first_line, counted)) = previous {
            // The earlier document is replaced: it no longer counts.
            match DocLang::all().nth(usize::from(counted)) {
                Some(lang) => {
                    if let Some(n) = self.summary.per_lang.get_mut(&lang) {
                        *n = n.saturating_sub(1);
                    }
                }
                None => self.summary.unchanged = self.summary.unchanged.saturating_sub(1),
            }
            let first_path = self
                .paths
                .get(file as usize)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let at = match first_line {
                0 => first_path,
                n => format!("{first_path}:{n}"),
            };
            let message =
                format!("duplicate id {id:?} (also at {at}); this later document replaces it");
            self.problem(path, line, Severity::Warning, message);
        }
        let file = u32::try_from(self.paths.len().saturating_sub(1)).unwrap_or(u32::MAX);
        let at_line = line.and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
        self.seen.insert(id.to_string(), (file, at_line, UNCHANGED));
        let doc = NewDoc {
            path: rel,
            root: self.root,
            ..NewDoc::from_article(&article, id, lang, date)
        };
        let hash = doc.content_hash();
        let known = self.known.get(id);
        match known {
            // A later duplicate always replaces the earlier one, even when it equals what is stored.
            Some(k) if !duplicate && k.root == self.root && k.hash == hash => {
                self.summary.unchanged += 1;
                return;
            }
            // The same document from another folder (a moved or copied folder) is replaced quietly: nothing
            // is lost. A different one with the same id is worth a warning.
            Some(k) if k.root != self.root && !duplicate && k.hash != hash => {
                let message = format!(
                    "id {id:?} was indexed from another folder ({}); this document replaces it \
                     (give documents explicit ids to keep both)",
                    location(&k.root, &k.path)
                );
                self.problem(path, line, Severity::Warning, message);
            }
            _ => {}
        }
        // Only an id already stored or seen earlier in this run needs the delete that replaces it.
        let written = self.writer.write(&doc, hash, known.is_some() || duplicate);
        match written {
            Ok(detection) => {
                *self.summary.per_lang.entry(detection.lang).or_insert(0) += 1;
                let counted = DocLang::all()
                    .position(|l| l == detection.lang)
                    .and_then(|i| u8::try_from(i).ok())
                    .unwrap_or(UNCHANGED);
                if let Some(entry) = self.seen.get_mut(id) {
                    entry.2 = counted;
                }
                (self.observer)(Event::Indexed {
                    id,
                    title: doc.title,
                    body: doc.body,
                    lang: detection.lang,
                });
            }
            // The writer is gone (a full disk, a failed indexing thread): every later document would fail
            // the same way, so the run stops here with one error.
            Err(e) => self.failure = Some(e),
        }
    }
}

/// Shortens `s` to at most `max` bytes, on a character boundary.
fn truncate_at_char(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

/// The 1-based line of byte `at` of `bytes`.
fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Refuses text in UTF-16 (recognised by its byte order mark), which would otherwise be reported as
/// binary or invalid UTF-8 byte by byte.
fn refuse_utf16(start: &[u8]) -> std::result::Result<(), String> {
    if start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) {
        return Err(
            "UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8; file not indexed"
                .to_string(),
        );
    }
    Ok(())
}

/// A file read up to a limit: its text, and whether there was more.
struct Prefix {
    text: String,
    /// The file is longer than the limit; `text` holds its first `limit` bytes (cut on a character
    /// boundary).
    truncated: bool,
}

/// Reads at most `limit` bytes of a file, refusing UTF-16, NUL bytes and invalid UTF-8 (naming the line);
/// used by the JSON and text readers.
fn read_text_file(path: &Path, limit: usize) -> std::result::Result<Prefix, String> {
    let mut bytes = Vec::new();
    let limit64 = u64::try_from(limit).unwrap_or(u64::MAX);
    File::open(path)
        .and_then(|f| f.take(limit64.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    refuse_utf16(&bytes)?;
    let truncated = bytes.len() > limit;
    bytes.truncate(limit);
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(format!(
            "binary file (a NUL byte at line {}, byte {}); file not indexed",
            line_of(&bytes, at),
            at + 1
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Prefix { text, truncated }),
        // The limit cut a character in two: keep the whole characters before it.
        Err(e) if truncated && e.utf8_error().error_len().is_none() => {
            let at = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(at);
            Ok(Prefix {
                text: String::from_utf8(bytes).map_err(|e| e.to_string())?,
                truncated,
            })
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Err(format!(
                "invalid UTF-8 at line {} (byte {}); file not indexed",
                line_of(e.as_bytes(), at),
                at + 1
            ))
        }
    }
}
