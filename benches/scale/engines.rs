//! The two engines under test: indexing (run in a child process, so each job's peak RSS is its own)
//! and the query mix.

use std::fs::File;
use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, FuzzyTermQuery, Occur, Query, QueryParser, RegexQuery};
use tantivy::schema::{Field, Schema, STORED, STRING, TEXT};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};
use tk_search_core::ingest::{self, IngestOptions};
use tk_search_core::{SearchIndex, SearchRequest};

use super::generate::files_under;

/// Which engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    TkSearch,
    Stock,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::TkSearch => "tk-search",
            Engine::Stock => "stock",
        }
    }

    fn child_arg(self) -> &'static str {
        match self {
            Engine::TkSearch => "index-tk",
            Engine::Stock => "index-stock",
        }
    }
}

/// One indexing job's outcome, as the child reports it.
#[derive(Debug, Clone, Copy, Default)]
pub struct IndexRun {
    /// Wall time of open + ingest + commit + waiting for merges, inside the child.
    pub secs: f64,
    /// CPU time (user + system, every thread) of the same work.
    pub cpu_secs: f64,
    pub docs: usize,
    pub errors: usize,
    /// The child's peak resident set (`VmHWM`), in KiB.
    pub peak_rss_kib: u64,
    /// The largest anonymous (heap) and file-backed (mmap) parts of the RSS seen by a 5 ms sampler.
    pub peak_anon_kib: u64,
    pub peak_file_kib: u64,
    /// tk-search only: a second run on the same unchanged folder (incremental: nothing re-analysed).
    pub reindex_secs: Option<f64>,
    pub reindex_unchanged: usize,
}

/// Runs one indexing job in a child process (this binary re-executed with `--child`).
pub fn index_in_child(engine: Engine, input: &Path, index: &Path, budget: usize) -> IndexRun {
    let exe = std::env::current_exe().unwrap();
    let output = Command::new(exe)
        .arg("--child")
        .arg(engine.child_arg())
        .arg(input)
        .arg(index)
        .arg(budget.to_string())
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{} indexing child failed ({}): {stdout}",
        engine.name(),
        output.status
    );
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no report from the {} child: {stdout}", engine.name()));
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    IndexRun {
        secs: v["secs"].as_f64().unwrap(),
        cpu_secs: v["cpu_secs"].as_f64().unwrap_or(f64::NAN),
        docs: v["docs"].as_u64().unwrap() as usize,
        errors: v["errors"].as_u64().unwrap() as usize,
        peak_rss_kib: v["vmhwm_kib"].as_u64().unwrap(),
        peak_anon_kib: v["sampled_anon_kib"].as_u64().unwrap_or(0),
        peak_file_kib: v["sampled_file_kib"].as_u64().unwrap_or(0),
        reindex_secs: v["reindex_secs"].as_f64(),
        reindex_unchanged: v["reindex_unchanged"].as_u64().unwrap_or(0) as usize,
    }
}

/// The child side: `--child index-tk|index-stock <input> <index> <budget>`; prints one JSON line.
pub fn child_main(args: &[String]) {
    let [kind, input, index, budget] = args else {
        panic!("usage: --child index-tk|index-stock <input dir> <index dir> <budget bytes>");
    };
    let budget: usize = budget.parse().unwrap();
    let (input, index) = (Path::new(input), Path::new(index));
    let sampler = RssSampler::start();
    let cpu_started = cpu_secs();
    let started = Instant::now();
    let (docs, errors) = match kind.as_str() {
        "index-tk" => index_tk(input, index, budget),
        "index-stock" => index_stock(input, index, budget),
        other => panic!("unknown child job {other:?}"),
    };
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu_secs() - cpu_started;
    let (anon, file) = sampler.stop();
    let vmhwm = proc_status_kib("VmHWM");
    // Re-indexing the same, unchanged folder (after the peak-memory reading, which it must not affect).
    let (reindex_secs, reindex_unchanged) = if kind == "index-tk" {
        let t = Instant::now();
        let unchanged = reindex_tk(input, index, budget);
        (Some(t.elapsed().as_secs_f64()), unchanged)
    } else {
        (None, 0)
    };
    let report = serde_json::json!({
        "secs": secs,
        "cpu_secs": cpu,
        "docs": docs,
        "errors": errors,
        "vmhwm_kib": vmhwm,
        "sampled_anon_kib": anon,
        "sampled_file_kib": file,
        "reindex_secs": reindex_secs,
        "reindex_unchanged": reindex_unchanged,
    });
    println!("{report}");
}

/// tk-search's ingest options with the bench's writer budget.
#[allow(clippy::field_reassign_with_default)]
fn tk_options(budget: usize) -> IngestOptions {
    let mut options = IngestOptions::default();
    options.memory_budget = budget;
    options
}

fn index_tk(input: &Path, index: &Path, budget: usize) -> (usize, usize) {
    let index = SearchIndex::open_or_create(index).unwrap();
    let summary = ingest::index_path(&index, input, &tk_options(budget), &mut |_| {}).unwrap();
    (summary.documents(), summary.errors())
}

/// A second tk-search run over the same folder; returns how many documents it found unchanged.
fn reindex_tk(input: &Path, index: &Path, budget: usize) -> usize {
    let index = SearchIndex::open(index).unwrap();
    let summary = ingest::index_path(&index, input, &tk_options(budget), &mut |_| {}).unwrap();
    assert_eq!(
        summary.documents(),
        0,
        "an unchanged folder re-analysed documents"
    );
    summary.unchanged
}

/// The stock baseline's schema: id as a raw term, title and body with tantivy's `default` tokenizer
/// (simple tokenizer + long-token filter + lowercaser), and tk-search's other stored article fields
/// stored (not indexed) so both document stores hold the same text.
pub struct StockFields {
    pub schema: Schema,
    pub id: Field,
    pub title: Field,
    pub body: Field,
    pub lang: Field,
    pub date: Field,
    pub url: Field,
    pub source: Field,
}

impl StockFields {
    pub fn new() -> Self {
        let mut b = Schema::builder();
        let id = b.add_text_field("id", STRING | STORED);
        let title = b.add_text_field("title", TEXT | STORED);
        let body = b.add_text_field("body", TEXT | STORED);
        let lang = b.add_text_field("lang", STORED);
        let date = b.add_text_field("date", STORED);
        let url = b.add_text_field("url", STORED);
        let source = b.add_text_field("source", STORED);
        StockFields {
            schema: b.build(),
            id,
            title,
            body,
            lang,
            date,
            url,
            source,
        }
    }

    pub fn from_index(index: &Index) -> Self {
        let f = StockFields::new();
        assert_eq!(f.schema, index.schema(), "not a stock bench index");
        f
    }
}

fn index_stock(input: &Path, index_dir: &Path, budget: usize) -> (usize, usize) {
    let f = StockFields::new();
    std::fs::create_dir_all(index_dir).unwrap();
    let index = Index::create_in_dir(index_dir, f.schema.clone()).unwrap();
    // Same call as tk-search's writer: tantivy picks the thread count and splits the budget.
    let mut writer: IndexWriter = index.writer(budget).unwrap();
    let (mut docs, mut errors) = (0, 0);
    for path in files_under(input) {
        if path.extension().is_none_or(|e| e != "jsonl") {
            continue;
        }
        let reader = BufReader::with_capacity(1 << 16, File::open(&path).unwrap());
        for line in reader.lines() {
            let line = line.unwrap();
            if line.trim().is_empty() {
                continue;
            }
            let Ok(row) = serde_json::from_str::<tk_search_core::Article>(&line) else {
                errors += 1;
                continue;
            };
            let mut d = TantivyDocument::default();
            let optional = [
                (f.id, &row.id),
                (f.title, &row.title),
                (f.lang, &row.lang),
                (f.date, &row.date),
                (f.url, &row.url),
                (f.source, &row.source),
            ];
            for (field, value) in optional {
                if let Some(v) = value {
                    d.add_text(field, v);
                }
            }
            d.add_text(f.body, &row.body);
            writer.add_document(d).unwrap();
            docs += 1;
        }
    }
    writer.commit().unwrap();
    writer.wait_merging_threads().unwrap();
    (docs, errors)
}

/// Samples `RssAnon` and `RssFile` every 5 ms on a thread and keeps their maxima: `VmHWM` alone does
/// not say whether the peak is heap (bounded by the writer budget) or mapped index files.
struct RssSampler {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<(u64, u64)>,
}

impl RssSampler {
    fn start() -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let (mut anon, mut file) = (0, 0);
            loop {
                anon = anon.max(proc_status_kib("RssAnon"));
                file = file.max(proc_status_kib("RssFile"));
                if flag.load(Ordering::Relaxed) {
                    return (anon, file);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        RssSampler { stop, thread }
    }

    fn stop(self) -> (u64, u64) {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap()
    }
}

/// A field of `/proc/self/status` in KiB (0 where there is no procfs).
pub fn proc_status_kib(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// User + system CPU time of this process (all its threads, finished ones included), from
/// `/proc/self/stat` (in clock ticks of 1/100 s, Linux's fixed `USER_HZ`); NaN without procfs.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which is in parentheses and may hold spaces): state is field 3,
    // utime and stime are fields 14 and 15.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return f64::NAN;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok());
    match (tick(11), tick(12)) {
        (Some(user), Some(system)) => (user + system) / 100.0,
        _ => f64::NAN,
    }
}

/// Total size of the files under `dir`.
pub fn dir_size(dir: &Path) -> u64 {
    files_under(dir)
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

/// How the stock baseline expresses a query.
#[derive(Debug, Clone, Copy)]
pub enum StockQuery {
    /// tantivy's `QueryParser` over title + body, conjunction by default.
    Parse(&'static str),
    /// `RegexQuery` (`prefix.*`) on title and body.
    Prefix(&'static str),
    /// `FuzzyTermQuery` (distance, transpositions cost 1) on title and body.
    Fuzzy(&'static str, u8),
}

/// One query of the mix.
#[derive(Debug, Clone, Copy)]
pub struct QuerySpec {
    pub kind: &'static str,
    /// Counted as a plain 1–3 word query for the latency target.
    pub words: bool,
    pub tk: &'static str,
    pub stock: StockQuery,
}

/// The fixed query mix.
pub const QUERIES: &[QuerySpec] = &[
    QuerySpec {
        kind: "single term",
        words: true,
        tk: "kitaphana",
        stock: StockQuery::Parse("kitaphana"),
    },
    QuerySpec {
        kind: "two-term AND",
        words: true,
        tk: "milli kitaphana",
        stock: StockQuery::Parse("milli kitaphana"),
    },
    QuerySpec {
        kind: "phrase",
        words: true,
        tk: "\"onlaýn maslahat\"",
        stock: StockQuery::Parse("\"onlaýn maslahat\""),
    },
    QuerySpec {
        kind: "prefix",
        words: false,
        tk: "maslah*",
        stock: StockQuery::Prefix("maslah"),
    },
    QuerySpec {
        kind: "fuzzy",
        words: true,
        tk: "kitaphanlar",
        stock: StockQuery::Fuzzy("kitaphanlar", 2),
    },
    QuerySpec {
        kind: "inflected tk",
        words: true,
        tk: "kitaphanalarynda",
        stock: StockQuery::Parse("kitaphanalarynda"),
    },
    QuerySpec {
        kind: "inflected tk compound",
        words: true,
        tk: "onlaýn-maslahatyna",
        stock: StockQuery::Parse("onlaýn-maslahatyna"),
    },
    QuerySpec {
        kind: "inflected ru",
        words: true,
        tk: "библиотеками",
        stock: StockQuery::Parse("библиотеками"),
    },
];

/// The query mix on the realistic-vocabulary corpus: words of its real sentences (UD Turkmen-TUD), one typed
/// on an ASCII keyboard, and a misspelling.
pub const REALISTIC_QUERIES: &[QuerySpec] = &[
    QuerySpec {
        kind: "single term",
        words: true,
        tk: "kitap",
        stock: StockQuery::Parse("kitap"),
    },
    QuerySpec {
        kind: "two-term AND",
        words: true,
        tk: "täze kitap",
        stock: StockQuery::Parse("täze kitap"),
    },
    QuerySpec {
        kind: "phrase",
        words: true,
        tk: "\"ilkinji gezek\"",
        stock: StockQuery::Parse("\"ilkinji gezek\""),
    },
    QuerySpec {
        kind: "prefix",
        words: false,
        tk: "mesel*",
        stock: StockQuery::Prefix("mesel"),
    },
    QuerySpec {
        kind: "fuzzy",
        words: true,
        tk: "mekdplerde",
        stock: StockQuery::Fuzzy("mekdplerde", 2),
    },
    QuerySpec {
        kind: "inflected tk",
        words: true,
        tk: "meselelerini",
        stock: StockQuery::Parse("meselelerini"),
    },
    QuerySpec {
        kind: "ASCII-typed tk",
        words: true,
        tk: "meselani",
        stock: StockQuery::Parse("meselani"),
    },
];

/// What a timed query run returns: the top 10 with their stored documents, the same with a snippet per
/// hit, or the number of matches only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Top10,
    Top10Snippets,
    Count,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Top10, Mode::Top10Snippets, Mode::Count];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Top10 => "top-10",
            Mode::Top10Snippets => "top-10 + snippets",
            Mode::Count => "count",
        }
    }
}

/// An opened index of either engine, ready to query.
pub enum Opened {
    Tk(SearchIndex),
    Stock {
        searcher: Searcher,
        parser: QueryParser,
        fields: StockFields,
    },
}

impl Opened {
    pub fn open(engine: Engine, path: &Path) -> Opened {
        match engine {
            Engine::TkSearch => Opened::Tk(SearchIndex::open(path).unwrap()),
            Engine::Stock => {
                let index = Index::open_in_dir(path).unwrap();
                let fields = StockFields::from_index(&index);
                let reader = index
                    .reader_builder()
                    .reload_policy(ReloadPolicy::Manual)
                    .try_into()
                    .unwrap();
                let mut parser = QueryParser::for_index(&index, vec![fields.title, fields.body]);
                parser.set_conjunction_by_default();
                let searcher = tantivy::IndexReader::searcher(&reader);
                Opened::Stock {
                    searcher,
                    parser,
                    fields,
                }
            }
        }
    }

    /// Runs one query once; returns the matching-document count (top-10: the hits returned).
    pub fn run(&self, spec: &QuerySpec, mode: Mode) -> usize {
        match self {
            Opened::Tk(index) => {
                let mut request = SearchRequest::new(spec.tk);
                request.limit = if mode == Mode::Count { 0 } else { 10 };
                request.snippets = mode == Mode::Top10Snippets;
                let results = index.search(&request).unwrap();
                match mode {
                    Mode::Count => results.total,
                    _ => black_box(&results.hits).len(),
                }
            }
            Opened::Stock {
                searcher,
                parser,
                fields,
            } => {
                let query = stock_query(parser, fields, spec.stock);
                if mode == Mode::Count {
                    return searcher.search(&*query, &Count).unwrap();
                }
                let top = searcher
                    .search(&*query, &TopDocs::with_limit(10).order_by_score())
                    .unwrap();
                // tantivy's own snippets, on the body, as a result page built on stock tantivy would make.
                let snippets = (mode == Mode::Top10Snippets)
                    .then(|| SnippetGenerator::create(searcher, &*query, fields.body).unwrap());
                for (_, address) in &top {
                    let doc: TantivyDocument = searcher.doc(*address).unwrap();
                    if let Some(generator) = &snippets {
                        black_box(generator.snippet_from_doc(&doc));
                    }
                    black_box(doc);
                }
                top.len()
            }
        }
    }
}

fn stock_query(parser: &QueryParser, f: &StockFields, q: StockQuery) -> Box<dyn Query> {
    let both = |make: &dyn Fn(Field) -> Box<dyn Query>| -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, make(f.title)),
            (Occur::Should, make(f.body)),
        ]))
    };
    match q {
        StockQuery::Parse(text) => parser.parse_query(text).unwrap(),
        StockQuery::Prefix(prefix) => both(&|field| {
            Box::new(RegexQuery::from_pattern(&format!("{prefix}.*"), field).unwrap())
        }),
        StockQuery::Fuzzy(word, distance) => both(&|field| {
            Box::new(FuzzyTermQuery::new(
                Term::from_field_text(field, word),
                distance,
                true,
            ))
        }),
    }
}
